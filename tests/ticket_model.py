"""A slow, literal model of a ticket's life (docs/ticket-life.md): the oracle for the engine.

It shares no code with ``slaclock.tracking``. It reads the policy only through its public
API (``policy.priority``, ``policy.plan``, ``policy.target``, ``policy.thresholds``) and
measures business time with the literal schedule model of ``tests/model.py`` (integer
microseconds). It walks the events in order and keeps, per metric, a list of cycles; each
cycle's clock is moved forward from one event to the next, stretch by stretch, on the plan
and the clock (business or calendar) in force during that stretch.

The rules, from docs/ticket-life.md, docs/policies.md and the product owner's decisions:

* Events are sorted by instant; equal instants keep their input order, ``created`` first.
* Each metric has cycles. The response and resolution clocks start at ``created``. A clock
  counts the business time of the plan in force (real time for a calendar-clock target)
  only while the ticket is open: never while paused or solved. A clock without a target
  (the priority in force has none for the metric) is measured on the business clock.
* The first response is the first ``responded``, or a ``solved`` when no reply came before
  it. It stops the response clock. Later replies are progress updates.
* The update cadence starts at the first response (a fresh cycle under the priority in
  force), restarts (a fresh cycle) at every ``updated`` and every later ``responded`` while
  the ticket is open or paused, and stops at ``solved``. A reopening without
  ``rearm_response`` starts a fresh update cycle from the reopening (the first response has
  always happened once a ticket was solved: the solve itself answers).
* Re-grade under ``carry``: the new priority's target applies to every started, unstopped
  clock from its start, with the time used; business days are recomputed from the clock's
  start. Used time strictly past the new target breaches at the change instant (running or
  paused); exactly at it, the clock breaches once real time passes while it runs.
  Threshold marks already reached under the new target fire at the change instant.
* Re-grade under ``restart``: every started, unstopped clock starts a fresh cycle at the
  change (used 0, no mark fired); the breaches of earlier cycles are kept.
* A re-grade made while the ticket is solved is kept for the reopening: under ``carry`` a
  resumed resolution clock runs under the new target from its start with its time used
  (breaching at the reopening as soon as real time passes if that time reaches the new
  target; marks reached fire at the reopening); under ``restart`` the clocks that run again
  at the reopening start afresh there. A stopped clock's verdict is never changed.
* Reopening: ``resume`` continues the resolution cycle, ``restart`` starts a fresh one;
  ``rearm_response`` starts a fresh response cycle at the reopening and the update cadence
  waits for its first response.
* A breach is final for response and resolution: once a cycle breached, the metric stays
  ``breached``. Update cycles and re-armed response cycles are judged per cycle: the state
  is the current cycle's (for the response, breached if any cycle since the latest arming
  breached). ``breaches`` counts every cycle that breached, ``breached_at`` is the first
  breach ever. A waiting update cadence shows its last cycle's verdict.
* Breach instant: the earliest instant at which the clock runs (real time passes after it
  while it runs) with at least the whole target used. A clock paused or stopped at the very
  instant its target is used up is not breached.
* A threshold at p % fires at the first microsecond at which at least ceil(amount * p / 100)
  microseconds of the target are used (a clock paused or stopped at that very instant has
  reached it). Pending marks have an instant only while the clock runs.
* Grace: when the ticket arrives while its plan's desk is closed, the response and
  resolution cycles that start at the arrival get ``grace`` more business time (kept by
  those cycles through carried re-grades and resumed reopenings, never by fresh cycles).
* ``due``: running, the instant the target is used up; paused, None unless breached;
  stopped, the due instant it had when it stopped (None if it stopped while paused);
  breached, the breach instant of the current cycle.
* Status-style logs (docs/ticket-life.md, "Status-style logs"; both off by default): under
  ``reply_resumes`` a ``responded`` while paused resumes the ticket at its instant, then is
  a reply as usual (an ``updated`` while paused does not resume). Under
  ``activity_reopens`` a ``responded`` or ``updated`` while solved reopens the ticket at its
  instant, exactly as a ``reopened`` there would, then is a reply or an update as usual; a
  ``solved`` while solved closes the ticket; ``paused``, ``resumed``, re-grades and plan
  changes are no activity (a pause or a resume while solved is still refused).

Rules chosen here where the docs and the decisions are silent (see also the report):

1. ``plan_changed`` changes the clocks' measure from the change instant and their targets as
   a re-grade does, under the same option (product decision: ``regrade="restart"`` starts
   fresh cycles at any change of the terms); made while solved, it applies at the reopening
   like a re-grade.
2. A re-grade or plan change to the priority/plan already in force changes nothing.
3. ``responded`` and ``updated`` while solved are allowed and change nothing; ``updated``
   before the first response (of the current arming) changes nothing.
4. ``solved`` while paused is allowed: the pause ends with the solve, a reopening opens.
5. ``closed`` on a ticket not solved solves it at that instant, then closes it.
6. A threshold mark that has fired stays fired, with its instant, when a re-grade moves the
   target (a notification cannot be unsent).
7. Grace applies to business-clock targets only (it is business time); its amount is part of
   the target in force (``remaining`` and threshold shares include it).
8. A metric with no target in force is ``inactive`` with used 0, no due, no escalations, no
   stop instant, unless its current cycle (or, for response/resolution, any cycle of its
   finality group) breached: then it is ``breached``.
9. ``met_at`` is the current cycle's stop instant when the metric's state is ``met``;
   ``None`` otherwise.
10. A metric breached by an earlier cycle while its current cycle did not breach reports the
    current cycle's due, used, remaining and escalations.
11. When the time used already passes the target with no breach (a re-grade reached it at an
    instant with no real time after it), ``due`` is that instant.
12. A response or resolution metric's target is frozen when its clock stops; only a resumed
    resolution clock takes the target in force at the reopening.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from model import US, Model, from_us, to_us
from slaclock.errors import UnknownMetricError
from slaclock.events import Event
from slaclock.policy import Policy, Target, Threshold

__all__ = [
    "METRICS",
    "OracleError",
    "OracleEscalation",
    "OracleMetric",
    "OracleOptions",
    "OracleStatus",
    "close_of_business_day",
    "differences",
    "library_view",
    "named_event",
    "oracle",
    "oracle_options",
    "oracle_or_refusal",
    "refused",
    "two_plan_policy",
]

METRICS = ("response", "update", "resolution")


@dataclass(frozen=True)
class OracleOptions:
    """The same choices as ``slaclock.tracking.Options``."""

    regrade: str = "carry"
    reopen: str = "resume"
    rearm_response: bool = False
    grace: timedelta = timedelta(0)
    reply_resumes: bool = False
    activity_reopens: bool = False


def oracle_options(options: Any) -> OracleOptions:
    """The oracle's options with the values of the same names in *options* (the library's
    ``Options``, read by attribute only)."""
    return OracleOptions(
        **{name: getattr(options, name) for name in OracleOptions.__dataclass_fields__}
    )


class OracleError(Exception):
    """The oracle refuses the events: *event* is the offending one."""

    def __init__(self, event: Event | None, message: str) -> None:
        super().__init__(f"{event!r}: {message}")
        self.event = event
        self.message = message


@dataclass(frozen=True)
class OracleEscalation:
    threshold: Threshold
    at: datetime | None
    fired: bool


@dataclass(frozen=True)
class OracleMetric:
    metric: str
    state: str
    due: datetime | None
    used: timedelta
    remaining: timedelta | None
    breached_at: datetime | None
    breaches: int
    met_at: datetime | None
    stopped_at: datetime | None
    escalations: tuple[OracleEscalation, ...]


@dataclass(frozen=True)
class OracleStatus:
    now: datetime
    priority: str
    plan: str
    state: str
    metrics: dict[str, OracleMetric]

    def __getitem__(self, metric: str) -> OracleMetric:
        return self.metrics[metric]


# -- measuring ------------------------------------------------------------------------------


@functools.cache
def _model(schedule: Any) -> Model:
    return Model.of(schedule)


def _local_midnight(day: date, tz: Any) -> int:
    return to_us(datetime.combine(day, time(0, 0)).replace(tzinfo=tz))


def close_of_business_day(model: Model, start: int, days: int) -> int:
    """The close of business of the *days*-th business day after the day counting starts.

    Counting starts at ``next_open(start)``; a business day is a local date with open time;
    its close of business is the end of its last open time, cut at local midnight.
    """
    first = model.next_open(start)
    day = from_us(first, model.tz).date()
    counted = 0
    while True:
        periods = model.open_periods(
            _local_midnight(day, model.tz), _local_midnight(day + timedelta(days=1), model.tz)
        )
        if periods:
            if counted == days:
                return periods[-1][1]
            counted += 1
        day += timedelta(days=1)


@dataclass(frozen=True)
class Measure:
    """One clock on one plan: business time of the plan's schedule, or real time."""

    model: Model
    calendar: bool

    def elapsed(self, a: int, b: int) -> int:
        return b - a if self.calendar else self.model.elapsed(a, b)

    def add(self, start: int, duration: int) -> int:
        return start + duration if self.calendar else self.model.add(start, duration)


def share(amount: int, percent: Any) -> int:
    """ceil(amount * percent / 100), exactly."""
    numerator = amount * percent.numerator
    denominator = 100 * percent.denominator
    return -((-numerator) // denominator)


# -- cycles ---------------------------------------------------------------------------------


@dataclass
class Cycle:
    metric: str
    start: int
    group: int  # the finality group: cycles of one group share a breach (response/resolution)
    arrival: bool  # started when the ticket arrived (grace may apply)
    target: Target | None = None
    amount: int | None = None  # microseconds of the target's clock, grace included
    used: int = 0
    stopped_at: int | None = None
    stopped_running: bool = False
    stop_plan: str | None = None
    breached_at: int | None = None
    fired: dict[int, int] = field(default_factory=dict)

    @property
    def calendar(self) -> bool:
        return self.target is not None and self.target.clock == "calendar"


class _Life:
    def __init__(self, policy: Policy, options: OracleOptions) -> None:
        self.policy = policy
        self.options = options
        self.state = "new"  # new, open, paused, solved, closed
        self.priority = ""
        self.plan = ""
        self.created_at = 0
        self.grace = 0
        self.last = 0
        self.cycles: dict[str, list[Cycle]] = {m: [] for m in METRICS}
        self.awaiting_response = False  # the current response cycle waits for its answer
        self.regraded_while_solved = False

    # -- the policy ------------------------------------------------------------------------

    def measure(self, cycle: Cycle, plan: str | None = None) -> Measure:
        schedule = self.policy.plan(plan or self.plan).schedule
        return Measure(_model(schedule), cycle.calendar)

    def target_of(self, metric: str) -> Target | None:
        try:
            return self.policy.target(self.priority, metric, self.plan)
        except UnknownMetricError:
            return None

    def set_target(self, cycle: Cycle) -> None:
        """The target in force (priority and plan now), worked out from the cycle's start."""
        target = self.target_of(cycle.metric)
        cycle.target = target
        if target is None:
            cycle.amount = None
            return
        model = _model(self.policy.plan(self.plan).schedule)
        if isinstance(target.amount, timedelta):
            amount = target.amount // US
        else:
            amount = model.elapsed(
                cycle.start, close_of_business_day(model, cycle.start, target.amount.days)
            )
        if cycle.arrival and target.clock == "business":
            amount += self.grace
        cycle.amount = amount

    def thresholds(self, metric: str) -> tuple[Threshold, ...]:
        return tuple(self.policy.thresholds(metric))

    # -- cycles ----------------------------------------------------------------------------

    def current(self, metric: str) -> Cycle | None:
        cycles = self.cycles[metric]
        return cycles[-1] if cycles else None

    def live(self, metric: str) -> Cycle | None:
        """The current cycle when started and not stopped."""
        cycle = self.current(metric)
        return cycle if cycle is not None and cycle.stopped_at is None else None

    def start_cycle(
        self, metric: str, at: int, *, arrival: bool = False, rearm: bool = False
    ) -> None:
        previous = self.current(metric)
        if previous is None:
            group = 0
        elif metric == "update" or (metric == "response" and rearm):
            group = previous.group + 1
        else:
            group = previous.group
        cycle = Cycle(metric, at, group, arrival)
        self.set_target(cycle)
        self.cycles[metric].append(cycle)

    def stop_cycle(self, metric: str, at: int) -> None:
        cycle = self.live(metric)
        if cycle is not None:
            cycle.stopped_at = at
            cycle.stopped_running = self.state == "open"
            cycle.stop_plan = self.plan

    def check_reached(self, cycle: Cycle, at: int, *, breach: bool) -> None:
        """After a change of target at *at*: marks already reached fire at *at*; with
        *breach*, used time strictly past the target breaches at *at*."""
        if cycle.amount is None:
            return
        if breach and cycle.breached_at is None and cycle.used > cycle.amount:
            cycle.breached_at = at
        for index, threshold in enumerate(self.thresholds(cycle.metric)):
            if index not in cycle.fired and cycle.used >= share(cycle.amount, threshold.percent):
                cycle.fired[index] = at

    # -- time passing ----------------------------------------------------------------------

    def advance(self, until: int) -> None:
        """Run every live clock from the last instant to *until* if the ticket is open."""
        if until < self.last:
            raise AssertionError("time goes backwards")
        if self.state == "open":
            for metric in METRICS:
                cycle = self.live(metric)
                if cycle is not None:
                    self.run(cycle, self.last, until)
        self.last = until

    def run(self, cycle: Cycle, a: int, b: int) -> None:
        measure = self.measure(cycle)
        before = cycle.used
        gained = measure.elapsed(a, b)
        if cycle.amount is not None:
            if cycle.breached_at is None:
                if before >= cycle.amount:
                    if b > a:
                        cycle.breached_at = a
                else:
                    reached = measure.add(a, cycle.amount - before)
                    if reached < b:
                        cycle.breached_at = reached
            for index, threshold in enumerate(self.thresholds(cycle.metric)):
                if index in cycle.fired:
                    continue
                mark = share(cycle.amount, threshold.percent)
                if before >= mark:
                    cycle.fired[index] = a
                elif before + gained >= mark:
                    cycle.fired[index] = measure.add(a, mark - before)
        cycle.used = before + gained

    # -- events ----------------------------------------------------------------------------

    def apply(self, event: Event, at: int) -> None:
        kind = event.kind
        if self.state == "new":
            if kind != "created":
                raise OracleError(event, "before the ticket was created")
            self.created(event, at)
            return
        if at < self.created_at:
            raise OracleError(event, "before the ticket was created")
        if self.state == "closed":
            raise OracleError(event, "the ticket is closed")
        if kind == "created":
            raise OracleError(event, "a second created")
        self.advance(at)
        getattr(self, kind)(event, at)

    def created(self, event: Event, at: int) -> None:
        assert event.priority is not None
        self.priority = self.policy.priority(event.priority)
        self.plan = self.policy.plan(event.plan).name
        self.created_at = self.last = at
        self.state = "open"
        model = _model(self.policy.plan(self.plan).schedule)
        if self.options.grace and not model.is_open(at):
            self.grace = self.options.grace // US
        self.start_cycle("response", at, arrival=True)
        self.start_cycle("resolution", at, arrival=True)
        self.awaiting_response = True

    def priority_changed(self, event: Event, at: int) -> None:
        assert event.priority is not None
        priority = self.policy.priority(event.priority)
        if priority == self.priority:
            return
        self.priority = priority
        if self.state == "solved":
            self.regraded_while_solved = True
            return
        for metric in METRICS:
            cycle = self.live(metric)
            if cycle is None:
                continue
            if self.options.regrade == "restart":
                self.start_cycle(metric, at)  # the old cycle stays listed: its breach counts
            else:
                self.set_target(cycle)
                self.check_reached(cycle, at, breach=True)

    def plan_changed(self, event: Event, at: int) -> None:
        plan = self.policy.plan(event.plan).name
        if plan == self.plan:
            return
        self.plan = plan
        if self.state == "solved":
            self.regraded_while_solved = True  # applied at the reopening, as a re-grade
            return
        for metric in METRICS:
            cycle = self.live(metric)
            if cycle is None:
                continue
            if self.options.regrade == "restart":  # new terms: a fresh cycle, as a re-grade
                self.start_cycle(metric, at)
            else:
                self.set_target(cycle)
                self.check_reached(cycle, at, breach=True)

    def paused(self, event: Event, at: int) -> None:
        if self.state == "solved":
            raise OracleError(event, "the ticket is solved")
        if self.state == "open":
            self.state = "paused"

    def resumed(self, event: Event, at: int) -> None:
        if self.state != "paused":
            raise OracleError(event, "the ticket is not paused")
        self.state = "open"

    def responded(self, event: Event, at: int) -> None:
        if self.state == "paused" and self.options.reply_resumes:
            self.state = "open"  # the clocks run from the reply on
        if self.state == "solved" and self.options.activity_reopens:
            self.reopened(event, at)
        if self.state == "solved":
            return
        if self.awaiting_response:
            self.stop_cycle("response", at)
            self.awaiting_response = False
        else:
            self.stop_cycle("update", at)
        self.start_cycle("update", at)

    def updated(self, event: Event, at: int) -> None:
        if self.state == "solved" and self.options.activity_reopens:
            self.reopened(event, at)
        if self.state == "solved" or self.awaiting_response:
            return
        self.stop_cycle("update", at)
        self.start_cycle("update", at)

    def solved(self, event: Event | None, at: int) -> None:
        if self.state == "solved":
            if self.options.activity_reopens:  # the second "resolve" of a status-style log
                self.state = "closed"
            return
        for metric in METRICS:
            self.stop_cycle(metric, at)
        self.awaiting_response = False
        self.state = "solved"
        self.regraded_while_solved = False

    def reopened(self, event: Event, at: int) -> None:
        if self.state != "solved":
            raise OracleError(event, "the ticket is not solved")
        self.state = "open"
        options = self.options
        resolution = self.current("resolution")
        assert resolution is not None
        restart = options.reopen == "restart" or (
            self.regraded_while_solved and options.regrade == "restart"
        )
        if restart:
            self.start_cycle("resolution", at)
        else:
            resolution.stopped_at = None
            resolution.stopped_running = False
            resolution.stop_plan = None
            self.set_target(resolution)
            self.check_reached(resolution, at, breach=False)
        if options.rearm_response:
            self.start_cycle("response", at, rearm=True)
            self.awaiting_response = True
        else:
            self.start_cycle("update", at)
        self.regraded_while_solved = False

    def closed(self, event: Event, at: int) -> None:
        if self.state != "solved":
            self.solved(None, at)
        self.state = "closed"

    # -- the answer ------------------------------------------------------------------------

    def status(self, now: int) -> OracleStatus:
        tz = self.policy.plan(self.plan).schedule.tz
        metrics = {metric: self.metric_status(metric, now, tz) for metric in METRICS}
        return OracleStatus(from_us(now, tz), self.priority, self.plan, self.state, metrics)

    def metric_status(self, metric: str, now: int, tz: Any) -> OracleMetric:
        cycles = self.cycles[metric]

        def instant(value: int | None) -> datetime | None:
            return None if value is None else from_us(value, tz)

        breaches = [c.breached_at for c in cycles if c.breached_at is not None]
        breached_at = instant(min(breaches)) if breaches else None
        cycle = cycles[-1] if cycles else None
        if cycle is None:
            return OracleMetric(
                metric, "inactive", None, timedelta(0), None, None, 0, None, None, ()
            )
        group_breached = any(c.breached_at is not None for c in cycles if c.group == cycle.group)
        if cycle.amount is None:
            state = "breached" if group_breached else "inactive"
            due = instant(cycle.breached_at)
            used = timedelta(0) if state == "inactive" else cycle.used * US
            return OracleMetric(
                metric, state, due, used, None, breached_at, len(breaches), None, None, ()
            )
        stopped = cycle.stopped_at is not None
        running = not stopped and self.state == "open"
        if group_breached:
            state = "breached"
        elif stopped:
            state = "met"
        else:
            state = "running" if running else "paused"
        remaining = cycle.amount - cycle.used
        if cycle.breached_at is not None:
            due: int | None = cycle.breached_at
        elif stopped:
            if cycle.stopped_running:
                assert cycle.stopped_at is not None
                due = self.measure(cycle, cycle.stop_plan).add(cycle.stopped_at, max(remaining, 0))
            else:
                due = None
        elif running:
            due = self.measure(cycle).add(now, max(remaining, 0))
        else:
            due = None
        escalations = []
        for index, threshold in enumerate(self.thresholds(metric)):
            if index in cycle.fired:
                escalations.append(OracleEscalation(threshold, instant(cycle.fired[index]), True))
            elif running:
                mark = share(cycle.amount, threshold.percent)
                at = self.measure(cycle).add(now, mark - cycle.used)
                escalations.append(OracleEscalation(threshold, instant(at), False))
            else:
                escalations.append(OracleEscalation(threshold, None, False))
        return OracleMetric(
            metric,
            state,
            instant(due),
            cycle.used * US,
            remaining * US,
            breached_at,
            len(breaches),
            instant(cycle.stopped_at) if state == "met" else None,
            instant(cycle.stopped_at),
            tuple(escalations),
        )


def _instant(value: datetime, tz: Any) -> int:
    return to_us(value if value.utcoffset() is not None else value.replace(tzinfo=tz))


def ordered(events: Iterable[Event], tz: Any) -> list[Event]:
    """Sorted by instant; equal instants keep their input order, ``created`` first."""
    listed = list(events)
    keyed = sorted(
        range(len(listed)),
        key=lambda i: (_instant(listed[i].at, tz), listed[i].kind != "created", i),
    )
    return [listed[i] for i in keyed]


def oracle(
    policy: Policy,
    events: Sequence[Event],
    now: datetime | None = None,
    options: OracleOptions | None = None,
) -> OracleStatus:
    """Every metric of a ticket at *now* (default: the last event); OracleError if refused."""
    options = options or OracleOptions()
    created = next((e for e in events if e.kind == "created"), None)
    tz = policy.plan(created.plan if created else None).schedule.tz
    life = _Life(policy, options)
    history = ordered(events, tz)
    if not history:
        raise OracleError(None, "no events")
    for event in history:
        life.apply(event, _instant(event.at, tz))
    last = _instant(history[-1].at, tz)
    at = last if now is None else _instant(now, tz)
    if at < last:
        raise OracleError(None, "now is before the last event")
    life.advance(at)
    return life.status(at)


# -- comparing with the library -------------------------------------------------------------


def library_view(status: Any) -> OracleStatus:
    """A ``slaclock.tracking.TicketStatus`` in the oracle's shape, for comparison."""
    metrics = {}
    for metric in METRICS:
        m = status[metric]
        metrics[metric] = OracleMetric(
            metric,
            m.state,
            m.due,
            m.used,
            m.remaining,
            m.breached_at,
            m.breaches,
            m.met_at,
            m.stopped_at,
            tuple(OracleEscalation(e.threshold, e.at, e.fired) for e in m.escalations),
        )
    return OracleStatus(status.now, status.priority, status.plan, status.state, metrics)


def differences(expected: OracleStatus, actual: OracleStatus) -> list[str]:
    """Every field that differs, as ``where: expected ... actual ...`` lines."""
    found = []
    for name in ("priority", "plan", "state"):
        if getattr(expected, name) != getattr(actual, name):
            found.append(
                f"ticket {name}: oracle {getattr(expected, name)!r}, library {getattr(actual, name)!r}"
            )
    for metric in METRICS:
        want, got = expected[metric], actual[metric]
        for name in OracleMetric.__dataclass_fields__:
            a, b = _show(getattr(want, name)), _show(getattr(got, name))
            if name == "escalations":
                a = tuple((e.threshold.name, _show(e.at), e.fired) for e in a)
                b = tuple((e.threshold.name, _show(e.at), e.fired) for e in b)
            if a != b:
                found.append(f"{metric}.{name}: oracle {a}, library {b}")
    return found


def verdicts(status: OracleStatus, metric: str | None = None) -> tuple[Any, ...]:
    """What changes only at an instant, never continuously: the ticket's state, and each
    metric's (or *metric*'s) state, due, breaches, met and stop instants and escalations (at,
    fired); not the time used or left."""
    shown: list[Any] = [status.priority, status.plan, status.state] if metric is None else []
    for name in METRICS if metric is None else (metric,):
        m = status[name]
        shown.append(
            (
                name,
                m.state,
                _show(m.due),
                _show(m.breached_at),
                m.breaches,
                _show(m.met_at),
                _show(m.stopped_at),
                tuple((e.threshold.name, _show(e.at), e.fired) for e in m.escalations),
            )
        )
    return tuple(shown)


def _show(value: Any) -> Any:
    """Instants as ISO text in UTC (two instants compare equal exactly when their texts do,
    even inside a daylight-saving gap or fold), durations as text."""
    if isinstance(value, datetime):
        return from_us(to_us(value)).isoformat(sep=" ")
    if isinstance(value, timedelta):
        return str(value)
    return value


def two_plan_policy(thresholds: Sequence[Threshold] | None = None) -> Policy:
    """The policy the oracle tests use: two plans in different zones with different hours,
    targets on the business clock, the calendar clock and in business days, and a priority
    ("planning") without a response or update target on the standard plan; *thresholds*
    (default: 75 %, 100 % and 1000/7 %)."""
    from fractions import Fraction

    import slaclock

    new_york = slaclock.Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=slaclock.country_calendar("US", subdiv="FL"),
    )
    madrid = slaclock.Schedule(
        {"mon-thu": ["08:00-14:00", "15:00-19:00"], "fri": "08:00-15:00"},
        tz="Europe/Madrid",
        calendar=slaclock.country_calendar("ES"),
    )
    return slaclock.Policy(
        new_york,
        targets={
            "response": {"high": "4h", "medium": "6h calendar", "low": "1bd"},
            "update": {"high": "2h", "medium": "3h", "low": "5h calendar"},
            "resolution": {"high": "2bd", "medium": "18h", "low": "3bd", "planning": "40h"},
        },
        plans={
            "eu": slaclock.Plan(
                "eu",
                madrid,
                {
                    "response": {"high": slaclock.Target.parse("1h calendar"), "planning": "8h"},
                    "resolution": {"medium": "1bd"},
                },
            )
        },
        thresholds=[
            slaclock.Threshold(75),
            slaclock.Threshold(100, level=2),
            slaclock.Threshold(Fraction(1000, 7), level=3),
        ]
        if thresholds is None
        else thresholds,
    )


def oracle_or_refusal(
    policy: Policy,
    events: Sequence[Event],
    now: datetime | None = None,
    options: OracleOptions | None = None,
) -> OracleStatus | OracleError:
    """The oracle's answer, or its refusal (naming the offending event) as a value."""
    try:
        return oracle(policy, events, now, options)
    except OracleError as refusal:
        return refusal


_NAMED = re.compile(r"^(\w+) event at ([^:]+:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d)?)")


def named_event(message: str, tz: Any) -> tuple[str, int]:
    """The kind and instant (microseconds) an engine error names: its message starts
    ``<kind> event at <instant>`` (an instant without offset is read in *tz*)."""
    match = _NAMED.match(message)
    assert match, f"the error does not name an event: {message}"
    at = datetime.fromisoformat(match.group(2))
    if at.utcoffset() is None:
        at = at.replace(tzinfo=tz)
    return match.group(1), to_us(at)


def refused(refusal: OracleError) -> tuple[str, int]:
    """The kind and instant (microseconds) of the event the oracle refuses."""
    assert refusal.event is not None, refusal.message
    at = refusal.event.at
    return refusal.event.kind, to_us(at)
