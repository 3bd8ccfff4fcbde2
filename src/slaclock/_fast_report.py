"""The columnar path of a report: simple tickets of one row each, evaluated many at a time.

A *simple* ticket is one row with ``created``, ``priority``, ``plan`` and optionally
``responded`` and ``solved``, in that order in time, none after the report's ``now``. Its life
has no pauses, re-grades or reopenings, so every clock of it runs once, from its start to its
stop (or to ``now``), and the engine's answers reduce to a few business-time questions per
clock (:mod:`slaclock.columnar` answers them for whole columns, to the microsecond):

* time used ``U = measure(start, end)``; due ``D = reach(start, amount)``;
* breached when ``end > D`` (then at ``D``), met when stopped otherwise, else running;
* a threshold at mark ``m`` (a share of the amount, rounded up) fired when ``m <= U``, at
  ``reach(start, m)``; while running and not yet fired, it is due then.

Whatever the columnar path cannot vouch for (an unknown name, an instant the zone rejects,
events out of order or after ``now``, a zero target, a clock arriving while closed under a
grace period, a question the columnar functions refuse) goes back to the engine, which
answers (or rejects) it exactly as before. Loaded only when numpy is installed.

A batch goes through it in four steps, each over whole columns (``docs/design.md``):
reading (:meth:`FastTickets.read`, :meth:`FastTickets.read_frame`, with ``_fast_read``),
evaluating (:meth:`FastTickets.evaluate`), counting (:meth:`_Group.tally`) and writing
(:func:`frame_columns`, :func:`csv_columns`, :func:`iso_instants`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

import numpy as np

from ._fast_read import (
    _NONE,
    _UNREAD,
    Reads,
    SeenIds,
    _datetime_column,
    _localized,
    _read_instants,
    _texts,
)
from ._timeline import MAX_YEAR, MIN_YEAR, utc_year, year_start
from .columnar import (
    _DAY,
    _EPOCH_ORDINAL,
    _add_span,
    _by_span,
    _check_range,
    _index_of,
    _is_open_span,
    _next_open_span,
    _nonzero,
)
from .durations import BusinessDays
from .errors import SlaclockError
from .files import FieldRows, Row, csv_cells
from .policy import METRICS, Policy, Target, Threshold, mark
from .report import RESULT_COLUMNS, Columns, TicketResult, _verdict
from .summary import REPORTED_METRICS, _Tally
from .tickets.clocks import walk_single
from .tickets.rules import CREATED, NOW, RESPONDED, SOLVED, Refusal, program
from .tracking import Escalation, MetricStatus, Options, State, TicketStatus, Tracker
from .zones import ONE_MICROSECOND, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._timeline import Timeline
    from .schedule import BaseSchedule, _DayOffsets

__all__ = ["FastTickets", "csv_columns", "frame_columns", "iso_instants", "kth_smallest"]

_LOW = year_start(MIN_YEAR + 20)
_HIGH = year_start(MAX_YEAR - 20)
_LIMIT = 2**62
_ZERO = timedelta(0)
_SHOWN = 8192
"""Instants shown per group and batch before the memo starts afresh (memory stays flat)."""
_INACTIVE = (None, None, None, _ZERO, _ZERO, None, None, None, None, None, 0, (), ())
"""A clock never started (or without a target), after its metric and state."""


class _Refuse(Exception):
    """The columnar path declines a group of tickets: the engine takes them."""


class _Clock:
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
        self.stop = stop  # _NONE while running


class FastTickets:
    """Evaluates simple tickets in bulk; :meth:`evaluate` answers those it can."""

    def __init__(self, policy: Policy, options: Options, tracker: Tracker, now: datetime) -> None:
        self._policy = policy
        self._options = options
        self.targets = tracker.targets
        self._now = now
        self._plans: dict[str | None, int | None] = {}
        self._priorities: dict[str, str | None] = {}
        self._nows: dict[int, int | None] = {}
        self._keys: dict[tuple[str | None, str], tuple[int, str] | None] = {}
        self._close_tables: dict[tuple[int, int], tuple[int, NDArray[np.int64]]] = {}
        self.thresholds = {metric: policy.thresholds(metric) for metric in METRICS}
        self._unfired = {  # a threshold of a stopped clock that never fired: one value
            threshold: Escalation(threshold, None, False)
            for metric in METRICS
            for threshold in self.thresholds[metric]
        }

    @staticmethod
    def seen_ids() -> SeenIds:
        """A new set of the ticket ids seen, checked a batch at a time."""
        return SeenIds()

    @staticmethod
    def usable(policy: Policy) -> bool:
        """Whether the policy's thresholds all lie above 0 % (a mark of 0 fires oddly)."""
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

    def _priority(self, name: str) -> str | None:
        if name not in self._priorities:
            try:
                self._priorities[name] = self._policy.priority(name)
            except SlaclockError:
                self._priorities[name] = None
        return self._priorities[name]

    def _now_in(self, number: int) -> int | None:
        if number not in self._nows:
            schedule = self.targets.schedules[number]
            try:
                found: int | None = schedule.instant(self._now)
            except SlaclockError:
                found = None
            if found is not None and not _LOW <= found < _HIGH:
                found = None
            self._nows[number] = found
        return self._nows[number]

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
        return self._reads(columns, ok, fields.column)

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
            return None if column is None else _datetime_column(frame[column])

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
        ids = _texts(values(columns.id))
        priorities = _texts(values(columns.priority))
        plans = _texts(values(columns.plan))
        instants = []
        aware = []
        for name in (columns.created, columns.responded, columns.solved):
            found = datetimes(name)
            micros, zoned, read = _read_instants(values(name)) if found is None else found
            instants.append(micros)
            aware.append(zoned)
            ok &= read
        ok &= instants[0] != _NONE  # created is required
        ok &= np.array(
            [i is not _UNREAD and p is not _UNREAD and n is not _UNREAD and bool(p)
             for i, p, n in zip(ids, priorities, plans, strict=True)],
            dtype=bool,
        )  # fmt: skip
        return Reads(
            ok.tolist(),
            [i or "" if i is not _UNREAD else "" for i in ids],
            [p if p is not _UNREAD else "" for p in priorities],
            [n or None if n is not _UNREAD else None for n in plans],
            instants,
            aware,
        )

    def evaluate(
        self, reads: Reads, lines: Sequence[int]
    ) -> tuple[list[tuple[_Group, NDArray[np.intp], NDArray[np.intp]]], list[bool]]:
        """The rows of *reads* the columnar path answers: per group, the group, the places
        of its answered members and their rows in the batch; and, per row, whether it is
        answered (results are built from the groups' arrays when asked for). The other rows
        are left for the engine. *lines* are the rows' line numbers."""
        size = len(reads.ok)
        keys = self._keys
        pairs = list(zip(reads.plans, reads.priorities, strict=True))
        labels: dict[tuple[int, str], int] = {}
        codes_of: dict[tuple[str | None, str], int] = {}
        for pair in set(pairs):
            if pair not in keys:
                keys[pair] = self._key(*pair)
            key = keys[pair]
            if key is not None:
                codes_of[pair] = labels.setdefault(key, len(labels))
        codes = np.array([codes_of.get(pair, -1) for pair in pairs], dtype=np.int64)
        codes[~np.array(reads.ok, dtype=bool)] = -1
        answered = np.zeros(size, dtype=bool)
        found: list[tuple[_Group, NDArray[np.intp], NDArray[np.intp]]] = []
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
                    numbered[rows].tolist(),
                    [reads.ids[k] for k in rows.tolist()],
                    created,
                    responded,
                    solved,
                )
            except (SlaclockError, _Refuse, OverflowError):
                continue  # the engine answers them, one by one
            places = np.flatnonzero(group.keep)
            found.append((group, places, rows[places]))
            answered[rows[places]] = True
        return found, answered.tolist()

    def _key(self, plan: str | None, name: str) -> tuple[int, str] | None:
        """The plan's number and the priority's name, when both are known and the report's
        ``now`` is one the columnar path can use in the plan's zone."""
        number = self._plan(plan)
        priority = self._priority(name)
        if number is None or priority is None or self._now_in(number) is None:
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
            micros, wrong = _localized(values[members], zoned[members], schedule)
            found.append(micros)
            bad |= wrong
        created, responded, solved = found
        replied = responded != _NONE
        ended = solved != _NONE
        good = ~bad & (created >= _LOW) & (created <= now)
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
        lines: list[int],
        ids: list[str],
        created: NDArray[np.int64],
        responded: NDArray[np.int64],
        solved: NDArray[np.int64],
    ) -> _Group:
        targets = self.targets
        schedule = targets.schedules[number]
        timeline = schedule.timeline
        now = self._nows[number]
        assert now is not None
        size = len(lines)
        keep = np.ones(size, dtype=bool)
        if self._options.grace:  # a clock arriving while closed gets more time: the engine's
            everyone = np.arange(size, dtype=np.intp)
            opened = _by_span(partial(_is_open_span, timeline), created, everyone, dtype=bool)
            keep &= opened
        clocks = self._clocks(number, priority, created, responded, solved)
        answers = {
            clock.metric: self._clock(clock, schedule, timeline, now, keep) for clock in clocks
        }
        return _Group(
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
            solved,
        )

    def _clocks(
        self,
        number: int,
        priority: str,
        created: NDArray[np.int64],
        responded: NDArray[np.int64],
        solved: NDArray[np.int64],
    ) -> list[_Clock]:
        """The clocks of the rows, as the rules' program of each row's events runs them: a
        row is the events ``created``, then ``responded`` and ``solved`` where given."""
        size = len(created)
        sequence = (responded != _NONE).astype(np.int8) + 2 * (solved != _NONE)
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
                    starts[cycle.metric] = np.full(size, _NONE, dtype=np.int64)
                    stops[cycle.metric] = np.full(size, _NONE, dtype=np.int64)
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
            rows = np.flatnonzero(start != _NONE)
            if len(rows) < size:
                start, stop = start[rows], stop[rows]
            clocks.append(_Clock(METRICS[metric], target, rows, start, stop))
        return clocks

    # -- one clock over many rows -----------------------------------------------------------

    def _clock(
        self,
        clock: _Clock,
        schedule: BaseSchedule,
        timeline: Timeline,
        now: int,
        keep: NDArray[np.bool_],
    ) -> _Answers:
        target = clock.target
        start = clock.start
        positions = np.arange(len(start), dtype=np.intp)
        calendar = target.clock == "calendar"
        opening = _by_span(partial(_next_open_span, timeline), start, positions)
        amount = target.amount
        if isinstance(amount, BusinessDays):
            amounts = timeline_elapsed(
                timeline, start, self._closes(schedule, opening, amount.days)
            )
        else:
            amounts = np.full(len(start), amount // ONE_MICROSECOND, dtype=np.int64)
        if len(amounts) and int(amounts.max()) > _LIMIT // 10_000:
            raise _Refuse
        keep[clock.rows[amounts <= 0]] = False  # a zero target: the engine's
        amounts = np.maximum(amounts, 1)
        stopped = clock.stop != _NONE
        end = np.where(stopped, clock.stop, now)
        # one run from the start to the end (no pauses, no re-grades): the clocks' arithmetic
        flags = np.full(len(start), calendar, dtype=bool)
        used, breached, due = walk_single(
            start, end, amounts, flags, partial(timeline_elapsed, timeline),
            partial(timeline_reach, timeline),
        )  # fmt: skip
        marks: list[NDArray[np.int64]] = []
        for threshold in self.thresholds[clock.metric]:
            if threshold.percent.numerator > 10_000:
                raise _Refuse  # (the marks' arithmetic stays within 64 bits)
            marks.append(mark(amounts, threshold.percent))
        reached: list[NDArray[np.int64]] = []
        if marks:  # every threshold's instants in one pass over the index
            size = len(start)
            starts = np.tile(start, len(marks))
            every = np.concatenate(marks)
            if calendar:
                found = starts + every
            else:
                spots = np.arange(len(starts), dtype=np.intp)
                found = _nonzero(_add_span, timeline, starts, every, spots)
            reached = [found[i * size : (i + 1) * size] for i in range(len(marks))]
        return _Answers(
            clock=clock,
            started=start if calendar else opening,
            amounts=amounts,
            used=used,
            due=due,
            breached=breached,
            stopped=stopped,
            marks=marks,
            reached=reached,
        )

    def _closes(
        self, schedule: BaseSchedule, opening: NDArray[np.int64], days: int
    ) -> NDArray[np.int64]:
        """The close of business *days* business days on from each opening, through the
        engine's own memo (by plan, day of the opening and days)."""
        targets = self.targets
        number = targets.schedules.index(schedule)
        if not len(opening):
            return np.zeros(0, dtype=np.int64)
        local = _local_days(opening, schedule._offsets)
        low, high = int(local.min()), int(local.max())
        base, closes = self._close_tables.get((number, days), (low, np.zeros(0, dtype=np.int64)))
        if low < base or high >= base + len(closes):  # a table by local day, grown as needed
            start = min(low, base)
            grown = np.full(max(high + 1, base + len(closes)) - start, _NONE, dtype=np.int64)
            grown[base - start : base - start + len(closes)] = closes
            base, closes = start, grown
            self._close_tables[(number, days)] = base, closes
        spots = local - base
        missing = np.flatnonzero(closes[spots] == _NONE)
        if len(missing):
            table, first = np.unique(local[missing], return_index=True)
            for day, at in zip(table.tolist(), missing[first].tolist(), strict=True):
                closes[day - base] = targets.close_of_business(number, int(opening[at]), days)
        found: NDArray[np.int64] = closes[spots]
        return found

    def _status(self, answers: _Answers, at: int, show: Callable[[int], datetime]) -> MetricStatus:
        answers = answers.listed()
        clock = answers.clock
        target = clock.target
        amount = answers.amounts[at]
        used = answers.used[at]
        due = answers.due[at]
        breached = answers.breached[at]
        stopped = answers.stopped[at]
        stop = answers.stop[at]
        escalations = []
        thresholds: tuple[Threshold, ...] = self.thresholds[clock.metric]
        for threshold, marks, reached in zip(
            thresholds, answers.marks, answers.reached, strict=True
        ):
            if marks[at] <= used:
                escalations.append(Escalation(threshold, show(reached[at]), True))
            elif not stopped:
                escalations.append(Escalation(threshold, show(reached[at]), False))
            else:
                escalations.append(self._unfired[threshold])
        state: State = "breached" if breached else "met" if stopped else "running"
        return MetricStatus(
            clock.metric,
            state,
            target,
            show(answers.started[at]),
            show(due),
            ONE_MICROSECOND * used,
            _ZERO,
            ONE_MICROSECOND * (amount - used),
            round(100 * used / amount, 2),
            show(stop) if state == "met" else None,
            show(due) if breached else None,
            show(stop) if stopped else None,
            1 if breached else 0,
            tuple(escalations),
            (),
        )


_INACTIVE_CODE, _RUNNING, _MET, _BREACHED, _PAUSED = 0, 1, 2, 3, 4
_STATES = np.array(["inactive", "running", "met", "breached", "paused"], dtype=object)


class _Results:
    """The answers for some tickets of one plan and priority, as metric columns: counted
    into a summary (:meth:`tally`) or made into result columns (:meth:`values`) without a
    result object. Subclasses say where the columns come from."""

    plan: str
    schedule: BaseSchedule
    priority: str
    lines: list[int]
    ids: list[str]
    created: NDArray[np.int64]

    def _columns_of(self, ks: NDArray[np.intp]) -> dict[str, _MetricColumns]:
        """Each metric's columns for the members *ks*."""
        raise NotImplementedError

    def _solved(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Where the members *ks* are solved (or closed)."""
        raise NotImplementedError

    def _states(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        """The ticket state of the members *ks* (``open``, ``paused``, ``solved``, ``closed``)."""
        raise NotImplementedError

    def _state_bytes(self, ks: NDArray[np.intp]) -> NDArray[np.bytes_]:
        """:meth:`_states` as ASCII bytes."""
        found: NDArray[np.bytes_] = self._states(ks).astype(bytes)
        return found

    def result(self, k: int) -> TicketResult:
        """Member *k*'s result object."""
        raise NotImplementedError

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        """The input rows of the members *ks* (one each: one row per ticket)."""
        return len(ks)

    def _lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        """The line numbers (int64) and ticket ids (objects) of the members *ks*."""
        lines, ids = self.lines, self.ids
        listed = ks.tolist()
        return np.array([lines[k] for k in listed], dtype=np.int64), _objects(
            [ids[k] for k in listed]
        )

    # -- many results at once ---------------------------------------------------------------

    @staticmethod
    def _finished(
        metrics: Mapping[str, _MetricColumns], solved: NDArray[np.bool_]
    ) -> dict[str, NDArray[np.bool_]]:
        """Where each reported time is known: the response once its clock stopped, the
        resolution once the ticket is solved (the engine's ``response_time`` and
        ``resolution_time``)."""
        response = metrics["response"]
        resolution = metrics["resolution"]
        return {
            "response": response.stopped & (response.code != _INACTIVE_CODE),
            "resolution": solved & ((resolution.code == _MET) | (resolution.code == _BREACHED)),
        }

    def tally(self, tally: _Tally, ks: NDArray[np.intp]) -> None:
        """Count the members *ks* into *tally*, as :meth:`_Tally.add` counts each result."""
        metrics = self._columns_of(ks)
        breached, running = _verdicts(metrics)
        running &= ~breached
        tally.tickets += len(ks)
        tally.breached += int(breached.sum())
        tally.open += int(running.sum())
        tally.met += len(ks) - int(breached.sum()) - int(running.sum())
        finished = self._finished(metrics, self._solved(ks))
        for metric, done in finished.items():
            column = metrics[metric]
            counts = tally.counts[metric]
            counts[0] += int((column.code == _MET).sum())
            counts[1] += int((column.code == _BREACHED).sum())
            counts[2] += int(((column.code == _RUNNING) | (column.code == _PAUSED)).sum())
            tally.times[metric].frombytes(column.used[done].astype(np.int64).tobytes())

    def values(self, ks: NDArray[np.intp], missing: str | None = None) -> dict[str, NDArray[Any]]:
        """The result columns of the members *ks*, as :meth:`TicketResult.as_dict` gives
        them but with instants as ISO 8601 text: objects (text, *missing* when missing), and
        int64 ``line`` and ``update_breaches``, float64 times in seconds (NaN when missing).
        Also ``_response_us`` / ``_resolution_us`` (the times in µs) and ``_response_known``
        / ``_resolution_known`` (where they are known)."""
        size = len(ks)
        metrics = self._columns_of(ks)
        solved = self._solved(ks)
        offsets = self.schedule._offsets
        out: dict[str, NDArray[Any]] = {}
        out["line"], out["id"] = self._lines_and_ids(ks)
        out["priority"] = _constant(self.priority, size)
        out["plan"] = _constant(self.plan, size)
        actives = {metric: metrics[metric].code != _INACTIVE_CODE for metric in METRICS}
        dues = {metric: metrics[metric].due != _NONE for metric in METRICS}  # none while paused
        shown = [self.created[ks]] + [metrics[m].due[dues[m]] for m in METRICS]
        shown += [metrics[m].breached_at[metrics[m].breached_at != _NONE] for m in REPORTED_METRICS]
        texts = np.split(iso_instants(np.concatenate(shown), offsets), np.cumsum(_sizes(shown)))
        out["created"] = texts[0]
        out["state"] = self._states(ks)
        breached, running = _verdicts(metrics)
        out["verdict"] = np.where(breached, "breached", np.where(running, "open", "met")).astype(
            object
        )
        finished = self._finished(metrics, solved)
        for number, metric in enumerate(METRICS, 1):
            column = metrics[metric]
            active = actives[metric]
            due = _constant(missing, size)
            due[dues[metric]] = texts[number]
            out[f"{metric}_state"] = _STATES[column.code]
            out[f"{metric}_due"] = due
            if metric == "update":
                out["update_breaches"] = column.breaches
                continue
            targets = _constant(missing, size)
            targets[active] = column.targets[active]
            out[f"{metric}_target"] = targets
            breaches = _constant(missing, size)
            hit = column.breached_at != _NONE
            breaches[hit] = texts[len(METRICS) + 1 + REPORTED_METRICS.index(metric)]
            out[f"{metric}_breached_at"] = breaches
            known = finished[metric]
            out[f"{metric}_time_s"] = np.where(known, column.used / 1_000_000, np.nan)
            out[f"_{metric}_us"] = column.used
            out[f"_{metric}_known"] = known
        return out


class _Group(_Results):
    """The simple tickets of one plan and priority in a batch: their clocks' answers; each
    ticket's result built when it is asked for, or the cells of many results at once."""

    def __init__(
        self,
        owner: FastTickets,
        plan: str,
        schedule: BaseSchedule,
        priority: str,
        now: int,
        lines: list[int],
        ids: list[str],
        keep: NDArray[np.bool_],
        answers: dict[str, _Answers],
        created: NDArray[np.int64],
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
        self.solved = solved
        self._columns: dict[str, list[int | None]] | None = None
        self.shown: dict[int, datetime] = {}
        self.moment = self.show(now)
        self.inactive = {metric: MetricStatus(metric, "inactive", *_INACTIVE) for metric in METRICS}

    def show(self, micros: int) -> datetime:
        """An instant as the engine shows it (memoised: openings, closes, now repeat)."""
        found = self.shown.get(micros)
        if found is None:
            if len(self.shown) > _SHOWN:
                self.shown.clear()
            found = self.shown[micros] = from_micros(micros, self.tz)
        return found

    def result(self, k: int) -> TicketResult:
        if self._columns is None:
            size = len(self.lines)
            self._columns = {metric: _rows(self.answers[metric], size) for metric in self.answers}
        created = int(self.created[k])
        solved = int(self.solved[k])
        metrics: dict[str, MetricStatus] = {}
        for metric in METRICS:
            column = self._columns.get(metric)
            at = None if column is None else column[k]
            if at is None:
                metrics[metric] = self.inactive[metric]
            else:
                metrics[metric] = self.owner._status(self.answers[metric], at, self.show)
        state: Literal["open", "solved"] = "solved" if solved != _NONE else "open"
        status = TicketStatus(self.moment, self.priority, self.plan, state, metrics)
        respond = metrics["response"]
        solve = metrics["resolution"]
        return TicketResult(
            self.lines[k],
            self.ids[k],
            1,
            self.show(created),
            status,
            _verdict(metrics),
            respond.used if respond.stopped_at is not None else None,
            solve.used if state == "solved" and solve.state in ("met", "breached") else None,
        )

    # -- the columns of many results ----------------------------------------------------------

    def _metric(self, metric: str, ks: NDArray[np.intp]) -> _MetricColumns:
        """One metric of the members *ks*: state codes, due instants, time used, stopped."""
        size = len(self.lines)
        code = np.zeros(size, dtype=np.int8)
        due = np.full(size, _NONE, dtype=np.int64)
        used = np.zeros(size, dtype=np.int64)
        stopped = np.zeros(size, dtype=bool)
        answers = self.answers.get(metric)
        if answers is not None:
            rows = answers.clock.rows
            code[rows] = np.where(
                answers.breached_mask,
                _BREACHED,
                np.where(answers.stopped_mask, _MET, _RUNNING),
            )
            due[rows] = answers.due_us
            used[rows] = answers.used_us
            stopped[rows] = answers.stopped_mask
        target = None if answers is None else answers.clock.target
        code = code[ks]
        due = due[ks]
        hit = code == _BREACHED
        targets = _constant(None if target is None else str(target), len(ks))
        return _MetricColumns(
            targets,
            code,
            due,
            used[ks],
            stopped[ks],
            hit.astype(np.int64),
            np.where(hit, due, _NONE),
        )

    def _columns_of(self, ks: NDArray[np.intp]) -> dict[str, _MetricColumns]:
        return {metric: self._metric(metric, ks) for metric in METRICS}

    def _solved(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        solved: NDArray[np.bool_] = self.solved[ks] != _NONE
        return solved

    def _states(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        states: NDArray[np.object_] = np.where(self._solved(ks), "solved", "open").astype(object)
        return states

    def _state_bytes(self, ks: NDArray[np.intp]) -> NDArray[np.bytes_]:
        states: NDArray[np.bytes_] = np.where(self._solved(ks), b"solved", b"open")
        return states


def csv_columns(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[_Group, NDArray[np.intp], NDArray[np.intp]]],
) -> list[list[str]]:
    """The CSV cells of a batch's results column by column
    (:meth:`slaclock.report.ResultBatch.csv_columns`), in the order of their rows:
    :func:`frame_columns` made into the text :func:`slaclock.files.csv_cell` writes of
    :meth:`TicketResult.as_dict`'s values, a column at a time."""
    values = frame_columns(size, engine, groups, missing="")
    cells = []
    for name in RESULT_COLUMNS:
        column = values[name]
        if name in ("id", "priority", "plan"):
            cells.append(csv_cells(column.tolist()))
        elif name in _NUMBERS:
            cells.append(_int_texts(column))
        elif name.endswith("_time_s"):
            metric = name.removesuffix("_time_s")
            known = values[f"_{metric}_known"]
            cells.append(_seconds_text(values[f"_{metric}_us"], known).tolist())
        else:
            cells.append(column.tolist())  # (text: every missing value is "" already)
    return cells


_NUMBERS = {"line": np.int64, "update_breaches": np.int64}
_TIMES = ("response", "resolution")


def frame_columns(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[_Group, NDArray[np.intp], NDArray[np.intp]]],
    missing: str | None = None,
) -> dict[str, NDArray[Any]]:
    """A batch's results as typed columns, in the order of their rows: those of
    :meth:`_Group.values` (instants as ISO 8601 text, *missing* where a text is missing),
    the engine's results made the same."""
    names = [*RESULT_COLUMNS, *(f"_{m}_us" for m in _TIMES), *(f"_{m}_known" for m in _TIMES)]
    slot, count = slots(size, engine, groups)
    columns: dict[str, NDArray[Any]] = {}
    for name in names:
        if name in _NUMBERS or name.endswith("_us"):
            columns[name] = np.zeros(count, dtype=np.int64)
        elif name.endswith("_time_s"):
            columns[name] = np.full(count, np.nan)
        elif name.endswith("_known"):
            columns[name] = np.zeros(count, dtype=bool)
        else:
            columns[name] = np.full(count, missing, dtype=object)
    for group, places, rows in groups:
        values = group.values(places, missing)
        at = slot[rows]
        for name in names:
            columns[name][at] = values[name]
    for row, result in engine:
        record = result.as_dict()
        spot = int(slot[row])
        for name in RESULT_COLUMNS:
            value = record[name]
            if isinstance(value, datetime):
                value = value.isoformat()
            if value is not None:
                columns[name][spot] = value
        for metric, took in zip(
            _TIMES, (result.response_time, result.resolution_time), strict=True
        ):
            if took is not None:
                columns[f"_{metric}_us"][spot] = took // ONE_MICROSECOND
                columns[f"_{metric}_known"][spot] = True
    return columns


def slots(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[_Results, NDArray[np.intp], NDArray[np.intp]]],
) -> tuple[NDArray[np.intp], int]:
    """Each of a batch's *size* rows' place among its results (those of *engine* and
    *groups*, in the order of their rows), and how many results there are."""
    given = np.concatenate(
        [rows for _, _, rows in groups] + [np.array([row for row, _ in engine], dtype=np.intp)]
    )
    slot = np.zeros(size, dtype=np.intp)
    slot[np.sort(given)] = np.arange(len(given))
    return slot, len(given)


def _verdicts(
    metrics: Mapping[str, _MetricColumns],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Where any metric breached (now, or in an earlier update cycle), and where any still
    runs or is paused (``report._verdict``)."""
    codes = np.stack([metrics[metric].code for metric in METRICS])
    breaches = np.stack([metrics[metric].breaches for metric in METRICS])
    breached = (codes == _BREACHED).any(axis=0) | (breaches > 0).any(axis=0)
    return breached, ((codes == _RUNNING) | (codes == _PAUSED)).any(axis=0)


class _MetricColumns(NamedTuple):
    """One metric of some tickets: its target as text (``None``: none), state codes, due
    instants (:data:`_NONE`: none), time used (µs), where its clock stopped, breaches
    (every cycle's) and the first breach (:data:`_NONE`: none)."""

    targets: NDArray[np.object_]
    code: NDArray[np.int8]
    due: NDArray[np.int64]
    used: NDArray[np.int64]
    stopped: NDArray[np.bool_]
    breaches: NDArray[np.int64]
    breached_at: NDArray[np.int64]

    def taken(self, ks: NDArray[np.intp]) -> _MetricColumns:
        """The columns of the members *ks*."""
        return _MetricColumns(
            self.targets[ks],
            self.code[ks],
            self.due[ks],
            self.used[ks],
            self.stopped[ks],
            self.breaches[ks],
            self.breached_at[ks],
        )


def kth_smallest(parts: Sequence[Any], k: int) -> int:
    """The *k*-th smallest (1-based) of the 64-bit integers in *parts* (``array('q')``)."""
    values = np.concatenate([np.frombuffer(part, dtype=np.int64) for part in parts if part])
    return int(np.partition(values, k - 1)[k - 1])


def _sizes(arrays: list[NDArray[Any]]) -> list[int]:
    return [len(array) for array in arrays[:-1]]


def _objects(values: list[str]) -> NDArray[np.object_]:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def _constant(value: str | None, size: int) -> NDArray[np.object_]:
    found = np.empty(size, dtype=object)
    found.fill(value)
    return found


_SMALL = np.array([str(k) for k in range(1000)], dtype=object)
"""The text of each whole number under 1,000 (a table: counts are mostly small)."""


def _int_texts(values: NDArray[np.int64]) -> list[str]:
    """``str`` of each of *values*."""
    if len(values) and int(values.min()) >= 0 and int(values.max()) < len(_SMALL):
        texts: list[str] = _SMALL[values].tolist()
        return texts
    return list(map(str, values.tolist()))


def _seconds_text(used: NDArray[np.int64], known: NDArray[np.bool_]) -> NDArray[np.object_]:
    """``timedelta(microseconds=us).total_seconds()`` as CSV text where *known*, else ``''``:
    whole seconds without a decimal point, other values as ``repr`` of the float."""
    found = _constant("", len(used))
    rows = np.flatnonzero(known)
    if len(rows):
        values = used[rows]
        whole = values % 1_000_000 == 0
        found[rows[whole]] = _int_texts(values[whole] // 1_000_000)
        found[rows[~whole]] = [repr(v / 1_000_000) for v in values[~whole].tolist()]
    return found


_OFFSET_TEXT: dict[int, str] = {}
"""UTC offsets (µs) as ``isoformat`` ends an instant: ``-05:00``, ``+05:45``, ``-04:56:02``."""


def _offset_text(offset: int) -> str:
    found = _OFFSET_TEXT.get(offset)
    if found is None:
        zone = timezone(timedelta(microseconds=offset))
        found = datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:]
        _OFFSET_TEXT[offset] = found
    return found


@cache
def _clock_texts() -> NDArray[np.object_]:
    """``THH:MM:SS`` for each second of a day (a constant table, made once)."""
    two = [f"{k:02d}" for k in range(60)]
    hours = np.array([f"T{h}:" for h in two[:24]], dtype=object)
    minutes = np.array([f"{m}:" for m in two], dtype=object)
    seconds = np.array(two, dtype=object)
    table: NDArray[np.object_] = (hours[:, None, None] + minutes[None, :, None]) + seconds
    return table.reshape(-1)


def _span(base: int, length: int, low: int, high: int, size: int) -> tuple[int, int] | None:
    """The days (start, stop) a table of *length* days from *base* grows to so as to hold
    *low* to *high*, the days of *size* values; ``None`` when that would make it much
    longer than the values need (far-flung days: asked one by one instead)."""
    start, stop = (min(low, base), max(high + 1, base + length)) if length else (low, high + 1)
    if stop - start > length + 2 * size + 4_000:
        return None
    return start, stop


class _UtcDays:
    """A zone's UTC days from a first one on, as :meth:`_DayOffsets.utc_uniform` answers for
    each: the offset (µs) that holds all day (0 where it changes that day), where it
    changes, and the offset's text as ``isoformat`` ends an instant (``""`` where it
    changes), as text or as ASCII bytes. Kept on the zone's ``_DayOffsets`` and grown to
    the days asked for; the tables are replaced whole, never changed, so threads sharing a
    zone read them safely."""

    def __init__(self) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.tables = (0, empty, empty.astype(bool), empty.astype(object), empty.astype(bytes))

    def of(
        self, offsets: _DayOffsets, days: NDArray[np.int64], as_bytes: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]:
        """The offset, the change and the offset's text (bytes if *as_bytes*) of each of
        *days*."""
        base, shift, odd, texts, raw = self.tables  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(shift) and base <= low and high < base + len(shift)):
            span = _span(base, len(shift), low, high, len(days))
            if span is None:
                table, inverse = np.unique(days, return_inverse=True)
                shift, odd, texts, raw = self._rows(offsets, table.tolist())
                return shift[inverse], odd[inverse], (raw if as_bytes else texts)[inverse]
            base = span[0]
            shift, odd, texts, raw = self._rows(offsets, list(range(*span)))
            self.tables = (base, shift, odd, texts, raw)
        spots = days - base
        return shift[spots], odd[spots], (raw if as_bytes else texts)[spots]

    @staticmethod
    def _rows(
        offsets: _DayOffsets, days: list[int]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.object_], NDArray[np.bytes_]]:
        uniform = [offsets.utc_uniform(day) for day in days]  # (each day asked once: cached)
        shift = np.array([0 if off is None else off for off in uniform], dtype=np.int64)
        odd = np.array([off is None for off in uniform], dtype=bool)
        suffix = np.array(
            ["" if off is None else _OFFSET_TEXT.get(off) or _offset_text(off) for off in uniform],
            dtype=object,
        )
        return shift, odd, suffix, suffix.astype(bytes)


def _utc_shifts(
    micros: NDArray[np.int64], offsets: _DayOffsets, as_bytes: bool = False
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]:
    """Each instant's UTC offset (µs) as its UTC day has it throughout; where the offset
    changes that day, 0 and ``True`` in the second array (ask instant by instant). Also
    the offset's text (``""`` where it changes; ASCII bytes if *as_bytes*)."""
    table = offsets.tables
    if table is None:
        table = offsets.tables = _UtcDays()
    found: tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]
    found = table.of(offsets, micros // _DAY, as_bytes)
    return found


def _local_days(micros: NDArray[np.int64], offsets: _DayOffsets) -> NDArray[np.int64]:
    """The local date (proleptic ordinal) of each instant in the zone of *offsets*."""
    if not len(micros):
        return np.zeros(0, dtype=np.int64)
    shift, odd, _ = _utc_shifts(micros, offsets)
    days = (micros + shift) // _DAY + _EPOCH_ORDINAL
    tz = offsets.tz
    for k in np.flatnonzero(odd).tolist():
        days[k] = from_micros(int(micros[k]), tz).toordinal()
    return days


class _DateTexts:
    """``date.isoformat()`` of the days from a first one on (days since 1970-01-01), as text
    and as ASCII bytes, grown to the days asked for (the tables replaced whole, never
    changed: safe across threads)."""

    table: tuple[int, NDArray[np.object_], NDArray[np.bytes_]] = (
        0,
        np.zeros(0, dtype=object),
        np.zeros(0, dtype="S10"),
    )

    @classmethod
    def of(cls, days: NDArray[np.int64], as_bytes: bool = False) -> NDArray[Any]:
        """The date text (bytes if *as_bytes*) of each of *days*."""
        base, words, raw = cls.table  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(words) and base <= low and high < base + len(words)):
            span = _span(base, len(words), low, high, len(days))
            if span is None:
                table, inverse = np.unique(days, return_inverse=True)
                words, raw = cls._texts(table.tolist())
                found: NDArray[Any] = (raw if as_bytes else words)[inverse]
                return found
            base, (words, raw) = span[0], cls._texts(list(range(*span)))
            cls.table = (base, words, raw)
        return (raw if as_bytes else words)[days - base]

    @staticmethod
    def _texts(days: list[int]) -> tuple[NDArray[np.object_], NDArray[np.bytes_]]:
        ordinal = date.fromordinal
        words = [ordinal(day + _EPOCH_ORDINAL).isoformat() for day in days]
        return np.array(words, dtype=object), np.array(words, dtype="S10")


def iso_instants(micros: NDArray[np.int64], offsets: _DayOffsets) -> NDArray[np.object_]:
    """``from_micros(m, tz).isoformat()`` for each instant *m* (µs since the epoch, UTC), in
    the zone of *offsets*, as an object array of text.

    Each UTC day's offset is asked of the zone once (:meth:`_DayOffsets.utc_uniform`); the
    instants of a day whose offset changes are formatted one by one, as the engine does.
    """
    size = len(micros)
    if not size:
        return np.empty(0, dtype=object)
    shift, odd, suffixes = _utc_shifts(micros, offsets)
    local = micros + shift
    days = local // _DAY
    rest = local - days * _DAY
    text: NDArray[np.object_] = _DateTexts.of(days) + _clock_texts()[rest // 1_000_000]
    fraction = rest % 1_000_000
    parts = np.flatnonzero(fraction)
    if len(parts):
        text[parts] += np.array([f".{part:06d}" for part in fraction[parts].tolist()], dtype=object)
    text += suffixes
    tz = offsets.tz
    for k in np.flatnonzero(odd).tolist():
        text[k] = from_micros(int(micros[k]), tz).isoformat()
    return text


class _Answers:
    """A clock's answers over its rows (positions within its own rows): numpy arrays, and
    the same as Python lists once a ticket's result objects are asked for."""

    def __init__(self, clock: _Clock, **arrays: Any) -> None:
        self.clock = clock
        self.started_us: NDArray[np.int64] = arrays["started"]
        self.amounts_us: NDArray[np.int64] = arrays["amounts"]
        self.used_us: NDArray[np.int64] = arrays["used"]
        self.due_us: NDArray[np.int64] = arrays["due"]
        self.breached_mask: NDArray[np.bool_] = arrays["breached"]
        self.stopped_mask: NDArray[np.bool_] = arrays["stopped"]
        self._marks: list[NDArray[np.int64]] = arrays["marks"]
        self._reached: list[NDArray[np.int64]] = arrays["reached"]
        self._listed = False

    def listed(self) -> _Answers:
        """The answers as Python lists too (``stop``, ``used``, ...), made once."""
        if not self._listed:
            self.stop: list[int] = self.clock.stop.tolist()
            self.started: list[int] = self.started_us.tolist()
            self.amounts: list[int] = self.amounts_us.tolist()
            self.used: list[int] = self.used_us.tolist()
            self.due: list[int] = self.due_us.tolist()
            self.breached: list[bool] = self.breached_mask.tolist()
            self.stopped: list[bool] = self.stopped_mask.tolist()
            self.marks: list[list[int]] = [mark.tolist() for mark in self._marks]
            self.reached: list[list[int]] = [at.tolist() for at in self._reached]
            self._listed = True
        return self


def _rows(answers: _Answers, size: int) -> list[int | None]:
    """For each row of the group, its position among the clock's rows (None: not started)."""
    found: list[int | None] = [None] * size
    for position, row in enumerate(answers.clock.rows.tolist()):
        found[row] = position
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
        found[business] = _nonzero(
            _add_span, timeline, start[business], amount[business], positions
        )
    return found


def timeline_elapsed(
    timeline: Timeline, start: NDArray[np.int64], end: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``timeline.elapsed`` for each pair (ends at or after starts)."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    both = np.concatenate([start, end])
    _check_range(both, np.arange(len(both), dtype=np.intp))
    index = _index_of(timeline, utc_year(int(both.min())), utc_year(int(both.max())))
    result: NDArray[np.int64] = index.before(end) - index.before(start)
    return result
