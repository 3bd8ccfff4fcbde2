"""The clock arithmetic of a ticket, in one place: time used, breach, due, thresholds.

A :class:`~slaclock.tickets.rules.Program` says which pieces each cycle of each clock runs;
this module turns them into answers, given the instants of the events and the targets in
force (:class:`Targets`). Instants and durations are integer microseconds (UTC instants).

For each cycle, walking its pieces in order with ``used`` the time used before each:

* a ``run`` from ``a`` to ``b`` adds ``measure(a, b)`` (business time of the piece's plan, or
  real time on the calendar clock); a threshold at mark ``m`` (:func:`mark`) fires in it when
  ``used <= m <= used + gained`` (a zero target's marks at its first instant), at
  ``reach(a, m - used)``; the cycle breaches in it when
  ``used + gained`` reaches the target and ``b`` is after ``due = reach(a, target - used)``
  (``reach(a, 0)`` is ``a``: a run that starts with the whole target used is late from its
  first instant, so a clock paused exactly at its due instant breaches when it resumes);
* a ``pause`` adds to the paused time, measured the same way;
* a ``check`` (a re-grade, under the target in force from then on) fires the marks the time
  used has reached and breaches there if the time used passes the target; ``marks`` (a
  reopening) only fires the marks: the next run breaches from its first instant.

A metric's state is its current cycle's: ``breached`` when a cycle of its arm breached (a
breach is final; each update cycle and each re-armed response is judged on its own),
``met`` when stopped, else ``running`` or ``paused``; ``inactive`` when it never started or
its target is unset. ``due`` is the cycle's breach instant when it breached; else, running,
``reach(now, target - used)``; stopped, where it stood when it stopped (none if paused then).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..durations import BusinessDays
from ..errors import OutOfRangeError, SlaclockError
from ..policy import METRICS, Policy, Target, business_days_end, mark
from ..zones import ONE_MICROSECOND, from_micros, to_micros
from .rules import NOW, Program

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .._timeline import Timeline
    from ..schedule import BaseSchedule

__all__ = [
    "MISSING",
    "MetricClock",
    "State",
    "Targets",
    "breaches_within",
    "due_many",
    "fired_single",
    "measure",
    "metric_clocks",
    "next_change",
    "next_threshold",
    "next_threshold_many",
    "reach",
    "used_percent",
    "walk_many",
    "walk_single",
]

State = Literal["inactive", "running", "paused", "met", "breached"]
MISSING = -(2**63)
"""In arrays of instants: none (the columnar paths' missing value)."""


def _pending(timeline: Timeline, calendar: bool, start: int, amount: int) -> int | None:
    """When a threshold still ahead fires if the clock runs on: ``None`` past the supported
    years (a share such as 10**20 % of the target never fires)."""
    try:
        return reach(timeline, calendar, start, amount)
    except OutOfRangeError:
        return None


def measure(timeline: Timeline, calendar: bool, start: int, end: int) -> int:
    """The clock time from *start* to *end*: real time on the calendar clock, else open time."""
    return end - start if calendar else timeline.elapsed(start, end)


def reach(timeline: Timeline, calendar: bool, start: int, amount: int) -> int:
    """The instant *amount* of clock time after *start* (*start* itself for 0 or less)."""
    if amount <= 0:
        return start
    return start + amount if calendar else timeline.add(start, amount)


class Targets:
    """The targets in force under a policy, by priority, metric and plan number, and their
    amounts in microseconds from a clock's start (memoised: one per report or tracker).

    A business-days target is the open time from the start to the close of business of the
    N-th business day (:func:`slaclock.policy.business_days_end`), which depends only on the
    day counting starts.
    """

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.names = tuple(policy.plans)
        self.schedules: tuple[BaseSchedule, ...] = tuple(p.schedule for p in policy.plans.values())
        self.numbers = {name: number for number, name in enumerate(self.names)}
        self.thresholds = tuple(policy.thresholds(metric) for metric in METRICS)
        self._targets: dict[tuple[str, int, int], Target | None] = {}
        self._closes: dict[tuple[int, int, int], int] = {}

    def target(self, priority: str, metric: int, plan: int) -> Target | None:
        """The target of *metric* (its place in METRICS) for *priority* on plan number *plan*,
        or ``None`` where the policy sets none."""
        key = (priority, metric, plan)
        found = self._targets.get(key, False)
        if found is False:
            try:
                found = self.policy.target(priority, METRICS[metric], self.names[plan])
            except SlaclockError:
                found = None
            self._targets[key] = found
        return found  # type: ignore[return-value]

    def close_of_business(self, plan: int, opening: int, days: int) -> int:
        """The close of business of the *days*-th business day after the one of *opening*
        (an open instant) on plan *plan* (memoised by that day)."""
        schedule = self.schedules[plan]
        tz = schedule.tz
        begin = from_micros(opening, tz)
        key = (plan, begin.toordinal(), days)
        found = self._closes.get(key)
        if found is None:
            found = self._closes[key] = to_micros(business_days_end(schedule, begin, days), tz)
        return found

    def amount(self, target: Target, plan: int, start: int) -> int:
        """*target* in microseconds of its clock for a cycle starting at *start*."""
        span = target.amount
        if isinstance(span, BusinessDays):
            timeline = self.schedules[plan].timeline
            opening = timeline.next_open(start)
            return timeline.elapsed(start, self.close_of_business(plan, opening, span.days))
        return span // ONE_MICROSECOND


class MetricClock(NamedTuple):
    """One metric of one ticket at an instant: the answers, in microseconds (UTC instants).

    ``fired``: (threshold number, instant) of the current cycle's thresholds that fired;
    ``pending``: every threshold's instant if the clock runs on (``None`` if not running;
    ``None`` for one past the supported years);
    ``runs``: (from, until or ``None`` for now, plan number, calendar?) of every run;
    ``next_change``: the first instant after *now* at which the answers change with no new
    event (:func:`next_change`), ``None`` if none will.
    """

    metric: int
    state: State
    target: Target | None
    amount: int | None
    plan: int
    started: int | None
    due: int | None
    used: int
    paused: int
    met_at: int | None
    breached_at: int | None
    stopped_at: int | None
    breaches: int
    fired: tuple[tuple[int, int], ...]
    pending: tuple[int | None, ...] | None
    runs: tuple[tuple[int, int | None, int, bool], ...]
    paused_by: tuple[int, ...]
    next_change: int | None = None


def breaches_within(running: Any, due: Any, remaining: Any, now: Any, within: Any) -> Any:
    """Whether a clock is *at risk*: it breaches within *within* of clock time if nothing
    happens — its metric shows ``running`` (or ``breached`` by an earlier cycle while the
    current one runs: *running*), its current cycle has not breached (*due* at or after
    *now*, *remaining* 0 or more) and at most *within* is left. The one rule behind
    :func:`slaclock.at_risk` and its columnar twin; the same expression answers scalars
    (``datetime``, ``timedelta``) and numpy arrays (element by element).

    >>> breaches_within(True, 15, 2, 10, 3), breaches_within(True, 15, 4, 10, 3)
    (True, False)
    >>> breaches_within(True, 9, 2, 10, 3), breaches_within(False, 15, 2, 10, 3)  # breached, paused
    (False, False)
    """
    nothing = within * 0  # no time, in the amounts' unit (timedelta(0), or 0 microseconds)
    return running & (due >= now) & (remaining >= nothing) & (remaining <= within)


def used_percent(used: Any, amount: Any) -> Any:
    """The clock time *used* as a percent of the target's *amount* (µs, more than 0), rounded
    half up to the hundredth (``MetricStatus.percent``, a report's ``used_pct``): the exact
    share, so that ints and int64 arrays (the columnar paths) give the same floats.

    >>> used_percent(5, 8), used_percent(1, 3), used_percent(2, 3), used_percent(1, 80_000)
    (62.5, 33.33, 66.67, 0.0)
    >>> used_percent(12_345, 100_000), used_percent(3, 2)
    (12.35, 150.0)
    >>> used_percent(1_620, 28_800), round(100 * 1_620 / 28_800, 2)  # 5.625: half up, not to even
    (5.63, 5.62)
    """
    whole, rest = divmod(used, amount)
    return (whole * 10_000 + (rest * 20_000 + amount) // (2 * amount)) / 100


def next_threshold(
    now: int, pending: tuple[int | None, ...] | None, fired: Sequence[int]
) -> tuple[int, int] | None:
    """The next threshold of a clock to fire after *now* with no new event, as (instant,
    threshold number): the earliest *pending* instant after *now* of a threshold not yet
    *fired* (the first in the policy's order on a tie); ``None`` unless the clock runs at
    *now* (*pending* set), or when every threshold has fired.

    >>> next_threshold(10, (30, 40, None), [0]), next_threshold(10, (5, 40), [])
    ((40, 1), (40, 1))
    >>> next_threshold(10, None, []) is None
    True
    """
    if pending is None:
        return None
    ahead = [
        (at, index)
        for index, at in enumerate(pending)
        if at is not None and at > now and index not in fired
    ]
    return min(ahead, default=None)


def next_change(
    now: int,
    due: int | None,
    breach: int | None,
    pending: tuple[int | None, ...] | None,
    fired: Sequence[int],
) -> int | None:
    """The first instant after *now* at which a clock's answers change with no new event: a
    threshold not yet *fired* reaching its *pending* instant (it has fired at that very
    instant), or, while the cycle has not breached, the microsecond after its *due* instant
    (the breach: real time passes after the whole target is used). ``None`` unless the clock
    runs at *now* (*pending* set): a paused or stopped clock changes only by an event.

    >>> next_change(10, 40, None, (30, 40, None), [])
    30
    >>> next_change(10, 40, None, (10, 40), [0])
    40
    >>> next_change(50, 40, 40, (30, 40, 60), [0, 1])
    60
    >>> next_change(50, 40, 40, (30, 40), [0, 1]) is None
    True
    """
    if pending is None:
        return None
    threshold = next_threshold(now, pending, fired)
    ahead = [] if threshold is None else [threshold[0]]
    if breach is None and due is not None:
        ahead.append(due + 1)
    return min(ahead, default=None)


Setting = Callable[[int, int, int], Target | None]
"""The target in force for (metric, the event that set the priority, the event that set the
plan)."""
_Force = tuple[Target | None, int, "Timeline", bool, tuple[int, ...]]
"""A target in force, its amount (µs), the plan's timeline, whether on the calendar clock,
and its thresholds' marks (:func:`mark`)."""


def _force(
    setting: Setting,
    targets: Targets,
    plans: Sequence[int],
    metric: int,
    priority: int,
    plan_event: int,
    start: int,
    arrival: bool,
    grace: int,
) -> _Force:
    """The target in force for a piece of a cycle that starts at *start*."""
    plan = plans[plan_event]
    target = setting(metric, priority, plan_event)
    timeline = targets.schedules[plan].timeline
    if target is None:
        return (None, 0, timeline, False, ())
    amount = targets.amount(target, plan, start)
    calendar = target.clock == "calendar"
    if arrival and not calendar:
        amount += grace  # only clocks that start when the ticket arrives
    marks = tuple(mark(amount, threshold.percent) for threshold in targets.thresholds[metric])
    return (target, amount, timeline, calendar, marks)


class _Walk(NamedTuple):
    """One cycle walked: the time it used, its breach, the thresholds fired, the time it was
    paused, its runs; and the target in force at its end."""

    used: int
    breach: int | None
    fired: dict[int, int]
    paused: int
    runs: list[tuple[int, int | None, int, bool]]
    end: _Force


def _walk(
    program: Program,
    number: int,
    spot: int,
    times: Sequence[int],
    plans: Sequence[int],
    setting: Setting,
    targets: Targets,
    grace: int,
) -> tuple[_Walk, int]:
    """Walk the pieces of cycle *number* (from place *spot* in the program's pieces; *times*:
    the events' instants, then now, so that ``times[NOW]`` is now); and the place after
    them."""
    cycle = program.cycles[number]
    metric, start = cycle.metric, times[cycle.start]
    amounts: dict[tuple[int, int], _Force] = {}
    used = paused = 0
    breach: int | None = None
    fired: dict[int, int] = {}
    runs: list[tuple[int, int | None, int, bool]] = []
    pieces = program.pieces
    count = len(pieces)
    while spot < count:
        piece = pieces[spot]
        if piece.cycle != number:
            break
        spot += 1
        key = (piece.priority, piece.plan)
        force = amounts.get(key)
        if force is None:
            force = amounts[key] = _force(
                setting, targets, plans, metric, *key, start, cycle.arrival, grace
            )
        target, need, timeline, calendar, marks = force
        kind = piece.kind
        since = times[piece.start]
        if kind == "run":
            until = times[piece.until]
            runs.append((since, None if piece.until == NOW else until, plans[piece.plan], calendar))
            if until <= since:
                continue
            gained = until - since if calendar else timeline.elapsed(since, until)
            if target is not None:
                reached = used + gained
                for index, level in enumerate(marks):
                    if used <= level <= reached and index not in fired:
                        instant = reach(timeline, calendar, since, level - used)
                        if instant <= until:
                            fired[index] = instant
                if breach is None and reached >= need:
                    due = reach(timeline, calendar, since, need - used)
                    if until > due:
                        breach = due
            used += gained
        elif kind == "pause":
            paused += measure(timeline, calendar, since, times[piece.until])
        elif target is not None:  # a check or marks: a new target from here
            for index, level in enumerate(marks):
                if level <= used and index not in fired:
                    fired[index] = since
            if kind == "check" and breach is None and used > need:
                breach = since  # (a reopening breaches once time runs: the next run)
    end = amounts.get((cycle.priority, cycle.plan))
    if end is None:
        end = _force(
            setting, targets, plans, metric, cycle.priority, cycle.plan, start, cycle.arrival,
            grace,
        )  # fmt: skip
    return _Walk(used, breach, fired, paused, runs, end), spot


def metric_clocks(
    program: Program,
    instants: Sequence[int],
    plans: Sequence[int],
    now: int,
    setting: Setting,
    targets: Targets,
    grace: int = 0,
) -> tuple[MetricClock, MetricClock, MetricClock]:
    """Every metric's clock at *now* for a ticket whose events have *instants*; *plans*: the
    plan number in force after each event; *setting*: the target in force; *grace*: extra
    business time (µs) of the clocks that start when the ticket arrives. The short scalar
    twin of the columnar paths (``slaclock.report.event_cycles``)."""

    times = (*instants, now)  # times[NOW] is now
    breaches = [0, 0, 0]
    first: list[int | None] = [None, None, None]
    paused = [0, 0, 0]
    runs: list[list[tuple[int, int | None, int, bool]]] = [[], [], []]
    arm_breached: set[tuple[int, int]] = set()
    current: list[MetricClock | None] = [None, None, None]
    lasts = program.finals
    spot = 0
    for number, cycle in enumerate(program.cycles):
        metric = cycle.metric
        walked, spot = _walk(program, number, spot, times, plans, setting, targets, grace)
        paused[metric] += walked.paused
        runs[metric] += walked.runs
        if walked.breach is not None:
            breaches[metric] += 1
            if first[metric] is None:
                first[metric] = walked.breach
            arm_breached.add((metric, cycle.arm))
        if lasts[metric] == number:  # (a metric's cycles all come before its last)
            current[metric] = _current(
                program, number, walked, times, plans, (metric, cycle.arm) in arm_breached,
                (breaches[metric], first[metric], paused[metric], tuple(runs[metric])),
            )  # fmt: skip
    return (
        current[0] or _NEVER[0],
        current[1] or _NEVER[1],
        current[2] or _NEVER[2],
    )


_NEVER = tuple(
    MetricClock(metric, "inactive", None, None, 0, None, None, 0, 0, None, None, None, 0, (),
                None, (), ())
    for metric in range(3)
)  # fmt: skip
"""The clock of a metric that never started."""


def _current(
    program: Program,
    number: int,
    walked: _Walk,
    times: Sequence[int],
    plans: Sequence[int],
    arm_breached: bool,
    history: tuple[int, int | None, int, tuple[tuple[int, int | None, int, bool], ...]],
) -> MetricClock:
    """A metric's clock from its current cycle; *history*: its breaches, first breach, time
    paused and runs over every cycle."""
    cycle = program.cycles[number]
    metric = cycle.metric
    target, need, timeline, calendar, marks = walked.end
    plan = plans[cycle.plan]
    end, used, breach = times[cycle.end], walked.used, walked.breach
    breaches, first, paused, runs = history
    paused_by = program.paused_by[metric]
    if target is None:  # no target in force: nothing to show, but a breach stays a breach
        if breach is None and not arm_breached:
            return MetricClock(
                metric, "inactive", None, None, plan, None, None, 0, 0, None, first, None,
                breaches, (), None, (), (),
            )  # fmt: skip
        return MetricClock(
            metric, "breached", None, None, plan, None, breach, used, paused, None, first,
            None, breaches, (), None, (), paused_by,
        )  # fmt: skip
    running_now = cycle.end == NOW and cycle.running
    state: State
    if breach is not None or arm_breached:
        state = "breached"
    elif cycle.stopped:
        state = "met"
    elif running_now:
        state = "running"
    else:
        state = "paused"
    due: int | None = None
    if breach is not None:
        due = breach
    elif cycle.running:  # where it stood when it stopped, or where it stands now
        due = reach(timeline, calendar, end, need - used)
    pending = None
    if running_now:
        pending = tuple(_pending(timeline, calendar, end, level - used) for level in marks)
    change = next_change(end, due, breach, pending, list(walked.fired))
    start = times[cycle.start]
    return MetricClock(
        metric=metric,
        state=state,
        target=target,
        amount=need,
        plan=plan,
        started=start if calendar else timeline.next_open(start),
        due=due,
        used=used,
        paused=paused,
        met_at=end if state == "met" else None,
        breached_at=first,
        stopped_at=end if cycle.stopped else None,
        breaches=breaches,
        fired=tuple(sorted(walked.fired.items())),
        pending=pending,
        runs=runs,
        paused_by=paused_by,
        next_change=change,
    )


# -- the same arithmetic over arrays (the columnar paths; numpy is imported where used) ------

MeasureMany = Callable[["NDArray[np.int64]", "NDArray[np.int64]"], "NDArray[np.int64]"]
"""Open time between each pair of instants (ends at or after starts)."""
ReachMany = Callable[
    ["NDArray[np.int64]", "NDArray[np.int64]", "NDArray[np.bool_]"], "NDArray[np.int64]"
]
"""The instant each amount (0 or more) of clock time after each start, on the calendar
clock where the flag is set (``reach`` for each)."""


def walk_many(
    piece_cycle: NDArray[np.intp] | None,
    since: NDArray[np.int64],
    until: NDArray[np.int64],
    need: NDArray[np.int64],
    calendar: NDArray[np.bool_],
    has: NDArray[np.bool_],
    check: NDArray[np.bool_],
    cycles: int,
    elapsed: MeasureMany,
    reach_many: ReachMany,
    marks: NDArray[np.int64] | None = None,
    settle: NDArray[np.bool_] | None = None,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Each cycle's time used, breach instant (:data:`MISSING` where none) and thresholds
    fired from its ``run``, ``check`` and ``marks`` pieces: the rule of
    :func:`metric_clocks` (the module's docstring) over arrays. The pieces are sorted by
    *piece_cycle* (a cycle's in time order; ``None``: one piece a cycle, in the cycles'
    order); *need*: each piece's target in force (µs), *has*: whether there is one;
    *check*: a re-grade's check; *settle*: a check or a reopening's marks (no time: a
    ``marks`` piece runs from an instant to itself); *marks*: each piece's thresholds'
    marks (:func:`~slaclock.policy.mark` of *need*, a column per threshold; ``None``: no
    threshold asked about); *elapsed* and *reach_many*: business time over the plan's
    timeline. The thresholds fired are a (cycles, thresholds) array; pauses are the scalar
    twin's alone (the columns show none).

    >>> import numpy as np
    >>> one = np.array([0]); a, b = np.array([0]), np.array([10])
    >>> used, breached_at, fired = walk_many(
    ...     one, a, b, np.array([4]), np.array([True]), np.array([True]), np.array([False]),
    ...     1, lambda s, u: u - s, lambda s, n, c: s + n, np.array([[3, 12]]))
    >>> used, breached_at, fired
    (array([10]), array([4]), array([[ True, False]]))
    """
    import numpy as np

    gained = until - since
    business = np.flatnonzero(~calendar & ~check)
    if len(business):
        gained[business] = elapsed(since[business], until[business])
    gained[check] = 0
    if piece_cycle is None:  # one piece a cycle: nothing used before it
        piece_cycle = np.arange(cycles, dtype=np.intp)
        used, before = gained, np.zeros(cycles, dtype=np.int64)
    else:
        sums = np.concatenate([[0], np.cumsum(gained)])
        high = np.cumsum(np.bincount(piece_cycle, minlength=cycles))  # (each cycle's pieces
        low = np.concatenate([[0], high[:-1]])  # from low on, before high: sorted by cycle)
        used = sums[high] - sums[low]
        before = sums[:-1] - sums[low[piece_cycle]]
    left = need - before
    reaches = has & ~check & (until > since) & (before + gained >= need)
    due_there = since.copy()
    reaching = np.flatnonzero(reaches & (left > 0))
    if len(reaching):
        due_there[reaching] = reach_many(since[reaching], left[reaching], calendar[reaching])
    hit = np.flatnonzero((reaches & (until > due_there)) | (has & check & (before > need)))
    breached_at = np.full(cycles, MISSING, dtype=np.int64)
    if len(hit):
        cycles_hit, first = np.unique(piece_cycle[hit], return_index=True)
        breached_at[cycles_hit] = due_there[hit[first]]
    settles = check if settle is None else settle
    fired = _fired(piece_cycle, cycles, since, until, before, gained, has, check, settles, marks)
    return used, breached_at, fired


def _fired(
    piece_cycle: NDArray[np.intp],
    cycles: int,
    since: NDArray[np.int64],
    until: NDArray[np.int64],
    before: NDArray[np.int64],
    gained: NDArray[np.int64],
    has: NDArray[np.bool_],
    check: NDArray[np.bool_],
    settle: NDArray[np.bool_],
    marks: NDArray[np.int64] | None,
) -> NDArray[np.bool_]:
    """The thresholds each cycle fired (a row per cycle, a column per threshold): a run
    that lasts fires the marks its time used passes through (*before* it, up to *before*
    plus the time it *gained*); a check or a reopening's marks (*settle*) fires those the
    time used has reached (the rule of :func:`metric_clocks`)."""
    import numpy as np

    width = 0 if marks is None else marks.shape[1]
    fired = np.zeros((cycles, width), dtype=bool)
    if marks is None or not width:
        return fired
    lasts = (~check & (until > since))[:, None]
    low, high = before[:, None], (before + gained)[:, None]
    fires = has[:, None] & (
        (lasts & (low <= marks) & (marks <= high)) | (settle[:, None] & (marks <= low))
    )
    pieces, thresholds = np.nonzero(fires)  # (a cycle fires what any of its pieces fires)
    fired[piece_cycle[pieces], thresholds] = True
    return fired


def fired_single(
    since: NDArray[np.int64],
    until: NDArray[np.int64],
    used: NDArray[np.int64],
    marks: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """The thresholds fired by cycles of one run each (:func:`walk_single`: from *since*
    to *until*, having *used* that much time; *marks*: a column per threshold), as
    :func:`walk_many` finds them."""
    import numpy as np

    size = len(used)
    return _fired(
        np.arange(size, dtype=np.intp), size, since, until, np.zeros(size, dtype=np.int64),
        used, np.ones(size, dtype=bool), np.zeros(size, dtype=bool),
        np.zeros(size, dtype=bool), marks,
    )  # fmt: skip


def next_threshold_many(
    now: NDArray[np.int64],
    used: NDArray[np.int64],
    marks: NDArray[np.int64],
    fired: NDArray[np.bool_],
    running: NDArray[np.bool_],
    calendar: NDArray[np.bool_],
    reach_many: ReachMany,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """:func:`next_threshold` of each clock over arrays: the instant (:data:`MISSING`:
    none) and number (-1: none) of the next threshold to fire after *now*, for clocks that
    run at *now* (*running*) having *used* that much time, with their target's *marks* (a
    column per threshold) and the thresholds already *fired* (:func:`walk_many`). A
    threshold not fired fires at ``reach(now, mark - used)``, after *now* when its mark is
    above the time used; as ``reach`` grows with the amount, the first is the smallest
    such mark (the first in the policy's order on a tie).

    >>> import numpy as np
    >>> marks = np.array([[3, 4, 6], [3, 4, 6]]); fired = np.array([[True, False, False]] * 2)
    >>> next_threshold_many(np.array([10, 10]), np.array([4, 2]), marks, fired,
    ...                     np.array([True, True]), np.array([True, True]), lambda s, n, c: s + n)
    (array([12, 12]), array([2, 1]))
    """
    import numpy as np

    size = len(used)
    at = np.full(size, MISSING, dtype=np.int64)
    index = np.full(size, -1, dtype=np.int64)
    if not marks.shape[1]:
        return at, index
    ahead = ~fired & (marks > used[:, None]) & running[:, None]
    chosen = np.where(ahead, marks, np.iinfo(np.int64).max).argmin(axis=1)
    rows = np.flatnonzero(ahead.any(axis=1))
    if len(rows):
        index[rows] = chosen[rows]
        left = marks[rows, chosen[rows]] - used[rows]
        at[rows] = reach_many(now[rows], left, calendar[rows])
    return at, index


def walk_single(
    since: NDArray[np.int64],
    until: NDArray[np.int64],
    need: NDArray[np.int64],
    calendar: NDArray[np.bool_],
    elapsed: MeasureMany,
    reach_many: ReachMany,
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.int64]]:
    """:func:`walk_many` and :func:`due_many` for cycles of one run each, running at their
    end (a ticket of one row: no pause, no re-grade), with a target (*need* > 0) each: time
    used, whether breached, and the due instant. One run from *since* reaches its target at
    ``due = reach(since, need)`` (open time adds up, so that is also ``reach(end, need -
    used)`` while not breached); it breaches there when it goes on past it."""
    import numpy as np

    used = until - since
    business = np.flatnonzero(~calendar)
    if len(business):
        used[business] = elapsed(since[business], until[business])
    due = reach_many(since, need, calendar)
    return used, until > due, due


def due_many(
    breached_at: NDArray[np.int64],
    used: NDArray[np.int64],
    need: NDArray[np.int64],
    end: NDArray[np.int64],
    running: NDArray[np.bool_],
    calendar: NDArray[np.bool_],
    reach_many: ReachMany,
) -> NDArray[np.int64]:
    """Each cycle's due instant: its breach; else, running at its *end* (where it stopped, or
    now), ``reach(end, need - used)``; else :data:`MISSING` (paused, or stopped while
    paused)."""
    import numpy as np

    breached = breached_at != MISSING
    due = np.full(len(used), MISSING, dtype=np.int64)
    ahead = np.flatnonzero(~breached & running)
    if len(ahead):
        rest = np.maximum(need[ahead] - used[ahead], 0)
        due[ahead] = reach_many(end[ahead], rest, calendar[ahead])
    due[breached] = breached_at[breached]
    return due
