"""The columnar path of a report: simple tickets of one row each, evaluated many at a time.

A *simple* ticket is one row with ``created``, ``priority``, ``plan`` and optionally
``responded`` and ``solved``, in that order in time, none after the report's ``now``. The
rules' program of those events (:mod:`slaclock.tickets.rules`) says which clocks run from which
event to which: each once, with no pause or re-grade, so the clocks' arithmetic walks each
cycle as one run (:func:`slaclock.tickets.clocks.walk_single`, business time over whole
columns from :mod:`slaclock.columnar`, to the microsecond). A ticket's result object, when
asked for, is the engine's answer for its events.

Whatever the columnar path cannot vouch for (an unknown name, an instant the zone rejects,
events out of order or after ``now``, a zero target, a clock arriving while closed under a
grace period, a question the columnar functions refuse) goes back to the engine, which
answers (or rejects) it exactly as before. Loaded only when numpy is installed.

A batch goes through it in four steps, each over whole columns (``docs/design.md``):
reading (:meth:`ColumnarTickets.read`, :meth:`ColumnarTickets.read_frame`, with
:mod:`~slaclock.report.columnar_reading`),
evaluating (:meth:`ColumnarTickets.evaluate`), counting (:meth:`TicketGroup.tally`) and writing
(`arrow_results.result_table`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from .._timeline import MAX_YEAR, MIN_YEAR, year_start
from ..columnar import (
    add_span,
    by_year_runs,
    elapsed_span,
    for_positive_amounts,
    is_open_span,
    next_open_span,
)
from ..durations import BusinessDays
from ..errors import SlaclockError
from ..events import Event
from ..files import FieldRows, Row
from ..policy import METRICS, Policy, Target, Threshold, mark
from ..schedule import BaseSchedule
from ..tickets.clocks import MISSING, fired_single, next_threshold_many, walk_single
from ..tickets.rules import CREATED, NOW, RESPONDED, SOLVED, Refusal, program
from ..tracking import Options, Tracker
from ..zones import ONE_MICROSECOND, from_micros
from .columnar_reading import (
    UNREAD,
    Reads,
    SeenIds,
    datetime_column,
    localized,
    read_ids,
    read_instants,
    read_names,
)
from .columnar_results import (
    CODE_BREACHED,
    CODE_MET,
    CODE_RUNNING,
    TICKET_STATES,
    MetricColumns,
    ResultColumns,
    constant_column,
)
from .instant_texts import local_days
from .options import Columns, TimeFormat
from .results import TicketResult, verdict_of

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .._timeline import Timeline

__all__ = [
    "AMOUNT_LIMIT",
    "LOWEST_INSTANT",
    "ClockAnswers",
    "ColumnarTickets",
    "Declined",
    "TicketGroup",
    "threshold_marks",
    "timeline_elapsed",
    "timeline_reach",
]

LOWEST_INSTANT = year_start(MIN_YEAR + 20)
_HIGHEST_INSTANT = year_start(MAX_YEAR - 20)
AMOUNT_LIMIT = 2**62
_SHOWN = 8192
_OPEN, _SOLVED = TICKET_STATES.index("open"), TICKET_STATES.index("solved")
"""Instants shown per group and batch before the memo starts afresh (memory stays flat)."""


class Declined(Exception):
    """The columnar path declines a group of tickets: the engine takes them."""


class _TicketClock:
    """One metric over the rows of a group that start it: instants as int64 arrays."""

    def __init__(
        self,
        metric: str,
        target: Target,
        rows: NDArray[np.intp],
        start: NDArray[np.int64],
        stop: NDArray[np.int64],
    ) -> None:
        self.metric = metric
        self.target = target
        self.rows = rows  # positions in the group
        self.start = start
        self.stop = stop  # MISSING while running


class ColumnarTickets:
    """Evaluates simple tickets in bulk; :meth:`evaluate` answers those it can."""

    def __init__(
        self,
        policy: Policy,
        options: Options,
        tracker: Tracker,
        now: datetime,
        time_format: TimeFormat | None = None,
    ) -> None:
        self._policy = policy
        self.time_format = time_format or TimeFormat()
        self.options = options
        self.targets = tracker.targets
        self._now = now
        self._plans: dict[str | None, int | None] = {}
        self._priorities: dict[str, str | None] = {}
        self._nows: dict[int, int | None] = {}
        self._keys: dict[tuple[str | None, str], tuple[int, str] | None] = {}
        self._close_tables: dict[tuple[int, int], tuple[int, NDArray[np.int64]]] = {}
        self._in_force: dict[tuple[str, int], tuple[Target | None, ...]] = {}
        self.tracker = tracker

    @staticmethod
    def seen_ids() -> SeenIds:
        """A new set of the ticket ids seen, checked a batch at a time."""
        return SeenIds()

    @staticmethod
    def usable(policy: Policy) -> bool:
        """Whether the policy's thresholds all lie above 0 % (kept from when the columnar path
        made result objects of its own; its columns show no threshold)."""
        return all(t.percent > 0 for metric in METRICS for t in policy.thresholds(metric))

    # -- names and instants, memoised ---------------------------------------------------

    def _plan(self, name: str | None) -> int | None:
        if name not in self._plans:
            try:
                chosen = self._policy.plan(name).name
                self._plans[name] = self.targets.numbers[chosen]
            except SlaclockError:
                self._plans[name] = None
        return self._plans[name]

    def priority_name(self, name: str) -> str | None:
        if name not in self._priorities:
            try:
                self._priorities[name] = self._policy.priority(name)
            except SlaclockError:
                self._priorities[name] = None
        return self._priorities[name]

    def now_in(self, number: int) -> int | None:
        if number not in self._nows:
            schedule = self.targets.schedules[number]
            try:
                found: int | None = schedule.instant(self._now)
            except SlaclockError:
                found = None
            if found is not None and not LOWEST_INSTANT <= found < _HIGHEST_INSTANT:
                found = None
            self._nows[number] = found
        return self._nows[number]

    def targets_of(self, priority: str, plan: int) -> tuple[Target | None, ...]:
        """The targets in force for *priority* on the plan numbered *plan*, one per metric
        (``None``: none), in the order of :data:`slaclock.policy.METRICS` (memoised)."""
        key = (priority, plan)
        found = self._in_force.get(key)
        if found is None:
            targets = self.targets
            found = self._in_force[key] = tuple(
                targets.target(priority, m, plan) for m in range(len(METRICS))
            )
        return found

    # -- the batch ------------------------------------------------------------------------

    def read(self, rows: Sequence[Row], columns: Columns) -> Reads:
        """The values of a batch of ticket rows, column by column. A row whose values are
        all text (or missing) and read as the engine reads them is marked ``ok``; any other
        row is left for :meth:`Reads.fill` (after the report has read it value by value)."""
        values = [row.values for row in rows]
        ok = np.array([row.problem is None for row in rows], dtype=bool)
        return self._reads(columns, ok, lambda name: [v.get(name) for v in values])

    def read_fields(self, fields: FieldRows, columns: Columns) -> Reads:
        """:meth:`read` over CSV records kept as their fields, a column at a time."""
        ok = np.array([problem is None for problem in fields.problems], dtype=bool)
        table, header = fields.table, fields.header
        if table is None:
            return self._reads(columns, ok, fields.column)
        texts = fields.arrow_column

        def datetimes(name: str) -> Any:  # text columns read by Arrow: parsed by Arrow
            if name not in header:
                return None
            return read_instants(table.column(header.index(name)), self.time_format)

        return self._reads(columns, ok, texts, datetimes)

    def read_frame(self, frame: Any, columns: Columns) -> Reads:
        """:meth:`read` over a pandas DataFrame, column by column: datetime columns (aware:
        UTC; naive: wall times) without a Python object per value; the others value by
        value, as the report reads each of its records (``files.records``)."""
        size = len(frame)
        names = {str(name): name for name in frame.columns}

        def values(name: str) -> list[Any]:
            column = names.get(name)
            return [None] * size if column is None else frame[column].tolist()

        def datetimes(name: str) -> Any:
            column = names.get(name)
            return None if column is None else datetime_column(frame[column])

        return self._reads(columns, np.ones(size, dtype=bool), values, datetimes)

    def _reads(
        self,
        columns: Columns,
        ok: NDArray[np.bool_],
        values: Callable[[str], list[Any]],
        datetimes: Callable[[str], Any] = lambda name: None,
    ) -> Reads:
        """The :class:`Reads` of a batch whose column *name* holds ``values(name)`` (or,
        for a column of datetimes, ``datetimes(name)`` read already); *ok*: the rows that
        can be read at all."""
        ids, unread = read_ids(values(columns.id))
        priorities = read_names(values(columns.priority))
        plans = read_names(values(columns.plan))
        instants = []
        aware = []
        for name in (columns.created, columns.responded, columns.solved):
            found = datetimes(name)
            if found is None:
                found = read_instants(values(name), self.time_format)
            micros, zoned, read = found
            instants.append(micros)
            aware.append(zoned)
            ok &= read
        ok &= instants[0] != MISSING  # created is required
        ok &= priorities.where(lambda p: p is not UNREAD and bool(p))
        ok &= plans.where(lambda n: n is not UNREAD)
        ok &= ~unread
        return Reads(ok, ids, priorities, plans, instants, aware)

    def evaluate(
        self, reads: Reads, lines: Sequence[int]
    ) -> tuple[list[tuple[TicketGroup, NDArray[np.intp], NDArray[np.intp]]], NDArray[np.bool_]]:
        """The rows of *reads* the columnar path answers: per group, the group, the places
        of its answered members and their rows in the batch; and, per row, whether it is
        answered (results are built from the groups' arrays when asked for). The other rows
        are left for the engine. *lines* are the rows' line numbers."""
        size = len(reads.ok)
        keys = self._keys
        priorities, plans = reads.priorities, reads.plans
        labels: dict[tuple[int, str], int] = {}

        def label(plan: Any, priority: Any) -> int:
            if plan is UNREAD or priority is UNREAD or not priority:
                return -1  # (not read: the engine's)
            named = (plan or None, priority)
            if named not in keys:
                keys[named] = self.group_key(*named)
            key = keys[named]
            return -1 if key is None else labels.setdefault(key, len(labels))

        codes = plans.paired(priorities, label)
        codes[~reads.ok] = -1
        answered = np.zeros(size, dtype=bool)
        found: list[tuple[TicketGroup, NDArray[np.intp], NDArray[np.intp]]] = []
        numbered = np.asarray(lines, dtype=np.int64)
        for (number, priority), code in labels.items():
            members = np.flatnonzero(codes == code)
            if not len(members):
                continue
            try:
                chosen = self._instants(number, reads, members)
                if chosen is None:
                    continue
                rows, created, responded, solved = chosen
                group = self._group(
                    number,
                    priority,
                    numbered[rows],
                    reads.ids[rows],
                    created,
                    responded,
                    solved,
                )
            except (SlaclockError, Declined, OverflowError):
                continue  # the engine answers them, one by one
            places = np.flatnonzero(group.keep)
            found.append((group, places, rows[places]))
            answered[rows[places]] = True
        return found, answered

    def group_key(self, plan: str | None, name: str) -> tuple[int, str] | None:
        """The plan's number and the priority's name, when both are known and the report's
        ``now`` is one the columnar path can use in the plan's zone."""
        number = self._plan(plan)
        priority = self.priority_name(name)
        if number is None or priority is None or self.now_in(number) is None:
            return None
        return number, priority

    def _instants(
        self, number: int, reads: Reads, members: NDArray[np.intp]
    ) -> tuple[NDArray[np.intp], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]] | None:
        """The rows (of *members*) whose instants, read in the plan's zone as the engine
        reads them, are in order and none after ``now``; and those instants."""
        schedule = self.targets.schedules[number]
        now = self._nows[number]
        assert now is not None
        found = []
        bad = np.zeros(len(members), dtype=bool)
        for values, zoned in zip(reads.instants, reads.aware, strict=True):
            micros, wrong = localized(values[members], zoned[members], schedule)
            found.append(micros)
            bad |= wrong
        created, responded, solved = found
        replied = responded != MISSING
        ended = solved != MISSING
        good = ~bad & (created >= LOWEST_INSTANT) & (created <= now)
        good &= ~replied | ((created <= responded) & (responded <= now))
        good &= ~ended | ((np.maximum(created, responded) <= solved) & (solved <= now))
        places = np.flatnonzero(good)
        if not len(places):
            return None
        return members[places], created[places], responded[places], solved[places]

    def _group(
        self,
        number: int,
        priority: str,
        lines: NDArray[np.int64],
        ids: NDArray[np.object_],
        created: NDArray[np.int64],
        responded: NDArray[np.int64],
        solved: NDArray[np.int64],
    ) -> TicketGroup:
        targets = self.targets
        schedule = targets.schedules[number]
        timeline = schedule.timeline
        now = self._nows[number]
        assert now is not None
        size = len(lines)
        keep = np.ones(size, dtype=bool)
        if self.options.grace:  # a clock arriving while closed gets more time: the engine's
            everyone = np.arange(size, dtype=np.intp)
            opened = by_year_runs(partial(is_open_span, timeline), created, everyone, dtype=bool)
            keep &= opened
        clocks = self._clocks(number, priority, created, responded, solved)
        answers = {
            clock.metric: self._clock(clock, schedule, timeline, now, keep) for clock in clocks
        }
        return TicketGroup(
            self,
            targets.names[number],
            schedule,
            priority,
            now,
            lines,
            ids,
            keep,
            answers,
            created,
            responded,
            solved,
        )

    def _clocks(
        self,
        number: int,
        priority: str,
        created: NDArray[np.int64],
        responded: NDArray[np.int64],
        solved: NDArray[np.int64],
    ) -> list[_TicketClock]:
        """The clocks of the rows, as the rules' program of each row's events runs them: a
        row is the events ``created``, then ``responded`` and ``solved`` where given."""
        size = len(created)
        sequence = (responded != MISSING).astype(np.int8) + 2 * (solved != MISSING)
        starts: dict[int, NDArray[np.int64]] = {}
        stops: dict[int, NDArray[np.int64]] = {}
        codes = np.unique(sequence).tolist()
        for code in codes:
            rows = np.flatnonzero(sequence == code) if len(codes) > 1 else None
            columns = [
                created,
                *((responded,) if code & 1 else ()),
                *((solved,) if code & 2 else ()),
            ]
            kinds = (CREATED, *((RESPONDED,) if code & 1 else ()), *((SOLVED,) if code & 2 else ()))
            ran = program(kinds)
            assert not isinstance(ran, Refusal)  # (every such sequence is one the rules take)
            for cycle in ran.cycles:
                if cycle.metric not in starts:
                    starts[cycle.metric] = np.full(size, MISSING, dtype=np.int64)
                    stops[cycle.metric] = np.full(size, MISSING, dtype=np.int64)
                if rows is None:
                    starts[cycle.metric] = columns[cycle.start]
                    if cycle.end != NOW:
                        stops[cycle.metric] = columns[cycle.end]
                    continue
                starts[cycle.metric][rows] = columns[cycle.start][rows]
                if cycle.end != NOW:
                    stops[cycle.metric][rows] = columns[cycle.end][rows]
        clocks = []
        for metric in sorted(starts):
            target = self.targets.target(priority, metric, number)
            if target is None:
                continue
            start, stop = starts[metric], stops[metric]
            rows = np.flatnonzero(start != MISSING)
            if len(rows) < size:
                start, stop = start[rows], stop[rows]
            clocks.append(_TicketClock(METRICS[metric], target, rows, start, stop))
        return clocks

    # -- one clock over many rows -----------------------------------------------------------

    def _clock(
        self,
        clock: _TicketClock,
        schedule: BaseSchedule,
        timeline: Timeline,
        now: int,
        keep: NDArray[np.bool_],
    ) -> ClockAnswers:
        target = clock.target
        start = clock.start
        positions = np.arange(len(start), dtype=np.intp)
        calendar = target.clock == "calendar"
        opening = by_year_runs(partial(next_open_span, timeline), start, positions)
        amount = target.amount
        if isinstance(amount, BusinessDays):
            amounts = timeline_elapsed(timeline, start, self.closes(schedule, opening, amount.days))
        else:
            amounts = np.full(len(start), amount // ONE_MICROSECOND, dtype=np.int64)
        if len(amounts) and int(amounts.max()) > AMOUNT_LIMIT // 10_000:
            raise Declined
        keep[clock.rows[amounts <= 0]] = False  # a zero target: the engine's
        amounts = np.maximum(amounts, 1)
        stopped = clock.stop != MISSING
        end = np.where(stopped, clock.stop, now)
        # one run from the start to the end (no pauses, no re-grades): the clocks' arithmetic
        flags = np.full(len(start), calendar, dtype=bool)
        reach_many = partial(timeline_reach, timeline)
        used, breached, due = walk_single(
            start, end, amounts, flags, partial(timeline_elapsed, timeline), reach_many
        )
        marks = threshold_marks(self.targets.thresholds[METRICS.index(clock.metric)], amounts)
        fired = fired_single(start, end, used, marks)
        next_at, next_index = next_threshold_many(
            end, used, marks, fired, ~stopped, flags, reach_many
        )
        return ClockAnswers(
            clock=clock, amounts=amounts, used=used, due=due, breached=breached, stopped=stopped,
            next_at=next_at, next_index=next_index,
        )  # fmt: skip

    def closes(
        self, schedule: BaseSchedule, opening: NDArray[np.int64], days: int
    ) -> NDArray[np.int64]:
        """The close of business *days* business days on from each opening, through the
        engine's own memo (by plan, day of the opening and days)."""
        targets = self.targets
        number = targets.schedules.index(schedule)
        if not len(opening):
            return np.zeros(0, dtype=np.int64)
        local = local_days(opening, schedule.day_offsets)
        low, high = int(local.min()), int(local.max())
        base, closes = self._close_tables.get((number, days), (low, np.zeros(0, dtype=np.int64)))
        if low < base or high >= base + len(closes):  # a table by local day, grown as needed
            start = min(low, base)
            grown = np.full(max(high + 1, base + len(closes)) - start, MISSING, dtype=np.int64)
            grown[base - start : base - start + len(closes)] = closes
            base, closes = start, grown
            self._close_tables[(number, days)] = base, closes
        spots = local - base
        missing = np.flatnonzero(closes[spots] == MISSING)
        if len(missing):
            table, first = np.unique(local[missing], return_index=True)
            for day, at in zip(table.tolist(), missing[first].tolist(), strict=True):
                closes[day - base] = targets.close_of_business(number, int(opening[at]), days)
        found: NDArray[np.int64] = closes[spots]
        return found


class TicketGroup(ResultColumns):
    """The simple tickets of one plan and priority in a batch: their clocks' answers; each
    ticket's result built when it is asked for, or the cells of many results at once."""

    def __init__(
        self,
        owner: ColumnarTickets,
        plan: str,
        schedule: BaseSchedule,
        priority: str,
        now: int,
        lines: NDArray[np.int64],
        ids: NDArray[np.object_],
        keep: NDArray[np.bool_],
        answers: dict[str, ClockAnswers],
        created: NDArray[np.int64],
        responded: NDArray[np.int64],
        solved: NDArray[np.int64],
    ) -> None:
        self.owner = owner
        self.plan = plan
        self.schedule = schedule
        self.tz = schedule.tz
        self.priority = priority
        self.now = now
        self.lines = lines
        self.ids = ids
        self.keep = keep
        self.answers = answers
        self.created = created
        self.responded = responded
        self.solved = solved
        self.shown: dict[int, datetime] = {}
        self.last: tuple[NDArray[np.intp], dict[str, MetricColumns]] | None = None
        self.moment = self.show(now)
        self.thresholds = owner.targets.thresholds

    def show(self, micros: int) -> datetime:
        """An instant as the engine shows it (memoised: openings, closes, now repeat)."""
        found = self.shown.get(micros)
        if found is None:
            if len(self.shown) > _SHOWN:
                self.shown.clear()
            found = self.shown[micros] = from_micros(micros, self.tz)
        return found

    def result(self, k: int) -> TicketResult:
        """The ticket's result object: the engine's answer for its events (the columns are
        the columnar path's; a result object is made only when asked for)."""
        show = self.show
        created = int(self.created[k])
        events = [Event("created", show(created), priority=self.priority, plan=self.plan)]
        responded, solved = int(self.responded[k]), int(self.solved[k])
        if responded != MISSING:
            events.append(Event("responded", show(responded)))
        if solved != MISSING:
            events.append(Event("solved", show(solved)))
        status = self.owner.tracker.replay(events).status(self.moment)
        metrics = status.metrics
        respond = metrics["response"]
        solve = metrics["resolution"]
        return TicketResult(
            int(self.lines[k]),
            self.ids[k],
            1,
            show(created),
            status,
            verdict_of(metrics),
            respond.used if respond.stopped_at is not None else None,
            solve.used if status.state == "solved" and solve.state in ("met", "breached") else None,
        )

    # -- the columns of many results ----------------------------------------------------------

    def lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        return np.asarray(self.lines)[ks], np.asarray(self.ids)[ks]

    def _metric(self, metric: str, ks: NDArray[np.intp]) -> MetricColumns:
        """One metric of the members *ks*: state codes, due instants, time used, stopped."""
        count = len(ks)
        code = np.zeros(count, dtype=np.int8)
        due = np.full(count, MISSING, dtype=np.int64)
        used = np.zeros(count, dtype=np.int64)
        stopped = np.zeros(count, dtype=bool)
        amount = np.zeros(count, dtype=np.int64)
        next_at = np.full(count, MISSING, dtype=np.int64)
        next_index = np.full(count, -1, dtype=np.int64)
        answers = self.answers.get(metric)
        if answers is not None:
            spot = np.full(len(self.lines), -1, dtype=np.intp)
            spot[ks] = np.arange(count)
            at = spot[answers.clock.rows]  # (each answered row's place among ks, -1: none)
            taken = at >= 0
            every = bool(taken.all())

            def kept(column: NDArray[Any]) -> NDArray[Any]:
                return column if every else column[taken]

            at = kept(at)
            breached, done = kept(answers.breached_mask), kept(answers.stopped_mask)
            code[at] = np.where(breached, CODE_BREACHED, np.where(done, CODE_MET, CODE_RUNNING))
            due[at] = kept(answers.due_us)
            used[at] = kept(answers.used_us)
            stopped[at] = done
            amount[at] = kept(answers.amounts_us)
            next_at[at] = kept(answers.next_at)
            next_index[at] = kept(answers.next_index)
        target = None if answers is None else answers.clock.target
        hit = code == CODE_BREACHED
        targets = constant_column(None if target is None else str(target), count)
        return MetricColumns(
            targets,
            code,
            due,
            used,
            stopped,
            hit.astype(np.int64),
            np.where(hit, due, MISSING),
            amount,
            next_at,
            next_index,
        )

    def metric_columns(self, ks: NDArray[np.intp]) -> dict[str, MetricColumns]:
        """Each metric's columns for the members *ks*: made once for the same *ks* (the
        batch's summary counts them, then its results are laid from them; read only)."""
        last = self.last
        if last is not None and last[0] is ks:
            return last[1]
        found = {metric: self._metric(metric, ks) for metric in METRICS}
        for columns in found.values():  # (shared by the summary and the results: read only)
            for column in columns:
                if isinstance(column, np.ndarray):
                    column.flags.writeable = False
        self.last = (ks, found)
        return found

    def remaining(self, metric: str, ks: NDArray[np.intp]) -> NDArray[np.int64]:
        """The time left on *metric*'s clock for the members *ks* (µs: its target less the
        time used, negative once overdue, as ``MetricStatus.remaining``); :data:`MISSING`
        where it has no target or has not started."""
        left = np.full(len(self.lines), MISSING, dtype=np.int64)
        answers = self.answers.get(metric)
        if answers is not None:
            left[answers.clock.rows] = answers.amounts_us - answers.used_us
        found: NDArray[np.int64] = left[ks]
        return found

    def solved_mask(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        solved: NDArray[np.bool_] = self.solved[ks] != MISSING
        return solved

    def state_names(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        states: NDArray[np.object_] = np.where(self.solved_mask(ks), "solved", "open").astype(
            object
        )
        return states

    def state_codes(self, ks: NDArray[np.intp]) -> NDArray[np.int8]:
        codes: NDArray[np.int8] = np.where(self.solved_mask(ks), _SOLVED, _OPEN).astype(np.int8)
        return codes


class ClockAnswers:
    """A clock's answers over its rows (positions within its own rows), as numpy arrays."""

    def __init__(self, clock: _TicketClock, **arrays: Any) -> None:
        self.clock = clock
        self.amounts_us: NDArray[np.int64] = arrays["amounts"]
        self.used_us: NDArray[np.int64] = arrays["used"]
        self.due_us: NDArray[np.int64] = arrays["due"]
        self.breached_mask: NDArray[np.bool_] = arrays["breached"]
        self.stopped_mask: NDArray[np.bool_] = arrays["stopped"]
        self.next_at: NDArray[np.int64] = arrays["next_at"]
        self.next_index: NDArray[np.int64] = arrays["next_index"]


def threshold_marks(
    thresholds: Sequence[Threshold], amounts: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The marks (:func:`~slaclock.policy.mark`) of each of *thresholds* for each target's
    amount (µs), a column per threshold; :class:`Declined` where the product could pass
    64 bits (the engine answers)."""
    found = np.zeros((len(amounts), len(thresholds)), dtype=np.int64)
    if not len(amounts) or not thresholds:
        return found
    top = int(amounts.max())
    for k, threshold in enumerate(thresholds):
        if top * threshold.percent.numerator >= AMOUNT_LIMIT:
            raise Declined
        found[:, k] = mark(amounts, threshold.percent)
    return found


def timeline_reach(
    timeline: Timeline,
    start: NDArray[np.int64],
    amount: NDArray[np.int64],
    calendar: NDArray[np.bool_],
) -> NDArray[np.int64]:
    """The instant each clock reaches *amount* (µs, 0 or more) from *start*: on the calendar
    where *calendar*, else in business time (``timeline.add``; 0: the start itself)."""
    found = start + amount
    business = np.flatnonzero(~calendar)
    if len(business):
        positions = np.arange(len(business), dtype=np.intp)
        found[business] = for_positive_amounts(
            add_span, timeline, start[business], amount[business], positions
        )
    return found


def timeline_elapsed(
    timeline: Timeline, start: NDArray[np.int64], end: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``timeline.elapsed`` for each pair (ends at or after starts): only the runs of nearby
    years the batch touches are indexed, the years between counted by their totals
    (:func:`~slaclock.columnar.elapsed_span`)."""
    return elapsed_span(timeline, start, end)
