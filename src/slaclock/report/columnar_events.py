"""The columnar path of an event log's report: tickets evaluated many at a time.

Which stretches of time each clock of a ticket runs depends only on the kinds of its events,
in order: the rules' :func:`~slaclock.tickets.rules.program` works that out once per sequence
of kinds. The instants of every ticket with that sequence then fill the program in, a column
at a time, and each clock cycle's answers follow from business time over its pieces — the
arithmetic of :mod:`slaclock.tickets.clocks` over arrays (``docs/design.md``, "Event logs, a
batch at a time"):

* time used: the sum of ``measure(from, until)`` over its runs, each under the target of the
  priority in force;
* breached at ``reach(from, amount - before)``, in the first run of nonzero length whose
  time reaches the amount (``before``: the time used by the earlier runs), if that run goes
  on past that instant; else at the start of the next run of nonzero length; or at a check
  (a re-grade, a reopening), when the time used already passes the target from there;
* due, when not breached: ``reach(end, amount - used)`` from where it stopped or from
  ``now`` while it runs; none while paused, nor when it stopped while paused.

Plan changes, a row the columnar reading cannot vouch for, events out of time order or after
``now``, a sequence of kinds the rules refuse, or a group the columnar functions refuse go
to the engine, which answers (or rejects) them as before. A result *object* is the engine's
own, made when asked for. Loaded only when numpy is installed.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from ..columnar import by_year_runs, is_open_span
from ..errors import SlaclockError
from ..events import KINDS, kind_name
from ..files import FieldRows, Row
from ..policy import METRICS, Threshold
from ..tickets.clocks import MISSING
from ..tickets.rules import UNCHANGED
from .columnar_reading import (
    UNREAD,
    Ids,
    id_runs,
    joined_ids,
    last_id_run,
    localized,
    read_event_ids,
    read_instants,
    read_names,
)
from .columnar_results import MetricColumns, ResultColumns
from .columnar_tickets import LOWEST_INSTANT, ColumnarTickets, Declined
from .event_cycles import Cycles, sketch_of
from .options import Columns
from .results import TicketResult

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import BaseSchedule

__all__ = ["ColumnarEvents", "Runs"]

_CREATED, _REGRADE, _PLAN, _PAUSE, _RESUME, _RESPOND, _UPDATE, _SOLVE, _REOPEN, _CLOSE = range(
    len(KINDS)
)
"""The kinds of event as codes: their places in :data:`slaclock.events.KINDS` (a plan
change is the engine's)."""
_OTHER = -1
"""A kind the columnar path leaves to the engine (or one it does not know)."""

_STATES = ("open", "paused", "solved", "closed")
_STATE_NAMES = np.array(_STATES, dtype=object)
_SOLVED = _STATES.index("solved")
"""A ticket's states (the rules' ``Program.state``) as codes: places in :data:`_STATES`
(solved or closed from :data:`_SOLVED` on)."""

_SHORT = 14
"""The most events a ticket's sequence of kinds is told by as one number (4 bits each)."""


class Runs:
    """The tickets of a batch of event rows: the runs of rows with one ticket id, in the
    order they come (a row without an id neither ends a run nor belongs to one).

    >>> runs = Runs(["A", "A", None, "A", "B", "A"])
    >>> runs.ids, runs.firsts, runs.alone, runs.rows_of(0), runs.rows_of(2)
    (['A', 'B', 'A'], [0, 4, 5], [2], [0, 1, 3], [5])
    """

    def __init__(self, ids: Ids) -> None:
        missing, self.starts, self.id_column = id_runs(ids)
        self.places = np.flatnonzero(~missing)  # the rows of every ticket, ticket by ticket
        # (starts: where each ticket's rows begin in places)
        self.sizes = np.diff(self.starts, append=len(self.places))
        self.first_rows = self.places[self.starts]
        self.ids: list[str] = self.id_column.tolist()
        self.firsts: list[int] = self.first_rows.tolist()
        self.alone: list[int] = np.flatnonzero(missing).tolist()

    def rows_of(self, k: int) -> list[int]:
        """The rows of the *k*-th ticket."""
        start = int(self.starts[k])
        rows: list[int] = self.places[start : start + int(self.sizes[k])].tolist()
        return rows


class BatchTickets:
    """The tickets of a batch the columnar path looks at (*chosen* of *runs*): as arrays,
    each one's first row's line, its id and its number of rows."""

    def __init__(self, rows: EventRows, runs: Runs, chosen: NDArray[np.intp]) -> None:
        self.rows = rows
        self.runs = runs
        self.chosen = chosen
        self.sizes = runs.sizes[chosen]
        self.firsts = runs.first_rows[chosen]
        lines = rows.lines  # (only the first rows' taken from the list)
        self.lines = np.fromiter(map(lines.__getitem__, self.firsts.tolist()), np.int64)
        self.ids = runs.id_column[chosen]

    def ticket(self, n: int) -> tuple[str, list[int]]:
        """The *n*-th ticket's id and rows."""
        k = int(self.chosen[n])
        return self.runs.ids[k], self.runs.rows_of(k)


class EventRows(Protocol):
    """A batch of input rows (``files.FieldRows``, ``report._RowList``)."""

    lines: list[int]

    def __len__(self) -> int: ...

    def row(self, k: int) -> Row: ...

    def column(self, name: str) -> list[Any]: ...

    @property
    def problems(self) -> list[str | None]: ...


class ColumnarEvents:
    """Evaluates the simple tickets of an event log in bulk: :meth:`evaluate`."""

    def __init__(self, tickets: ColumnarTickets, names: Mapping[str, str] | None = None) -> None:
        self._tickets = tickets
        self._names = dict(names or {})  # an export's names of events: a kind, or "ignore"
        self._targets_in_force = tickets.targets
        self._options = tickets.options
        self._kinds: dict[str, int] = {}
        self._pairs: list[tuple[int, str]] = []  # (plan number, priority name) seen created
        self._pair_memo: dict[tuple[str, str], int] = {}  # their texts: a place in _pairs

    def _kind_codes(self, values: list[Any]) -> NDArray[np.int64]:
        """The kind of event each of *values* (:class:`Names` values) names, as a code
        (:data:`_OTHER`: left to the engine)."""
        return np.array([self._kind_code(value) for value in values] or [_OTHER], dtype=np.int64)

    def _kind_code(self, text: Any) -> int:
        if type(text) is not str:
            return _OTHER
        code = self._kinds.get(text)
        if code is None:
            named = self._names.get(text.strip().lower(), text)
            try:  # an ignored row stays with its ticket, no event: the engine takes it
                kind = kind_name(named) if named != "ignore" else ""
            except SlaclockError:
                kind = ""
            code = self._kinds[text] = (
                KINDS.index(kind) if kind and kind != "plan_changed" else _OTHER
            )
        return code

    runs = staticmethod(Runs)
    joined = staticmethod(joined_ids)
    last_run = staticmethod(last_id_run)

    @staticmethod
    def ids(values: list[Any] | Any) -> tuple[NDArray[np.object_] | Any, list[int]]:
        """Each row's ticket id read from *values* (:func:`read_event_ids`: a list, or a
        pyarrow text array, which stays one), ``None`` where it has none; and the rows left
        to be read one by one."""
        ids, unread = read_event_ids(values)
        return ids, np.flatnonzero(unread).tolist()

    def evaluate(
        self,
        rows: EventRows,
        columns: Columns,
        runs: Runs,
        repeated: Sequence[bool],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> tuple[list[tuple[EventGroup, NDArray[np.intp], NDArray[np.intp]]], list[int]]:
        """The tickets of a batch (*runs* of *rows*) the columnar path answers: per group of
        them (one plan and priority), the group, the places of its members and the place of
        each one's first row in *rows*; and the tickets it leaves to the engine (numbers in
        *runs*): the *repeated* ones among them. *replay* makes a ticket's result object from
        its rows (the engine)."""
        answered = np.zeros(len(runs.ids), dtype=bool)
        chosen = np.flatnonzero(~np.array(repeated, dtype=bool))
        found = []
        if len(chosen):
            batch = BatchTickets(rows, runs, chosen)
            for group in self._groups(rows, columns, batch, replay):
                members = group.numbers
                found.append((group, np.arange(len(members), dtype=np.intp), batch.firsts[members]))
                answered[chosen[members]] = True
        left: list[int] = np.flatnonzero(~answered).tolist()
        return found, left

    def _groups(
        self,
        rows: EventRows,
        columns: Columns,
        batch: BatchTickets,
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[EventGroup]:
        """The groups of the tickets of *batch* the columnar path answers."""
        sizes = batch.sizes
        firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        total = int(sizes.sum())
        spread = np.arange(total, dtype=np.intp) + np.repeat(
            batch.runs.starts[batch.chosen] - firsts, sizes
        )
        flat = batch.runs.places[spread]  # the rows of the tickets, ticket by ticket
        values = rows.arrow_column if isinstance(rows, FieldRows) else rows.column
        events = read_names(values(columns.event))
        kinds = self._kind_codes(events.values)[events.codes[flat]]
        micros, aware, read = read_instants(values(columns.at), self._tickets.time_format)
        priorities = read_names(values(columns.priority))
        plans = read_names(values(columns.plan))
        problems = rows.problems
        plain = (
            np.array([problem is None for problem in problems], dtype=bool)
            if any(problems)
            else np.ones(len(problems), dtype=bool)
        )
        if not (isinstance(rows, FieldRows) and rows.textual):  # (CSV: text, never unread)
            readable = partial(operator.is_not, UNREAD)
            for column in (priorities, plans, read_names(values(columns.reason))):
                plain &= column.where(readable)
        ok = (read & (micros != MISSING) & plain)[flat] & (kinds != _OTHER)
        # the priority each re-grade sets (a place in names; -1: not a re-grade), looked up
        # once per text written
        sets = np.full(len(kinds), -1, dtype=np.intp)
        names: list[str] = []
        regrades = np.flatnonzero(kinds == _REGRADE)
        if len(regrades):
            texts, inverse = np.unique(priorities.codes[flat[regrades]], return_inverse=True)
            table = []
            for text in texts.tolist():
                value = priorities.values[text]
                name = self._tickets.priority_name(value) if value else None
                if name is not None and name not in names:
                    names.append(name)
                table.append(-1 if name is None else names.index(name))
            sets[regrades] = np.array(table, dtype=np.intp)[inverse.reshape(-1)]
            ok[regrades[sets[regrades] < 0]] = False  # a priority the policy does not know:
            # the engine's
        good = np.logical_and.reduceat(ok, firsts) & (kinds[firsts] == _CREATED)
        good &= np.add.reduceat((kinds == _CREATED).astype(np.int64), firsts) == 1
        numbers = np.flatnonzero(good)
        heads = flat[firsts[numbers]]
        codes = plans.paired(priorities, self._pair, heads)  # (a blank plan: the default one)
        known = codes >= 0
        numbers, codes = numbers[known], codes[known]
        plan_of = np.array([plan for plan, _ in self._pairs], dtype=np.intp)[codes]
        groups = []
        gathered = (firsts, sizes, micros[flat], aware[flat], kinds, sets, names)
        for plan in np.unique(plan_of).tolist():
            ours = plan_of == plan
            try:
                groups += self._plan(plan, numbers[ours], codes[ours], gathered, batch, replay)
            except (SlaclockError, Declined, OverflowError):
                continue  # the engine answers them, one by one
        return groups

    def _pair(self, plan: Any, priority: Any) -> int:
        """The place of a ticket's (plan number, priority name) in ``_pairs``, from the texts
        it was created with; -1 where the engine must answer (no priority, or a plan or
        priority the columnar path does not know)."""
        pair = (plan, priority)
        known = self._pair_memo.get(pair)
        if known is not None:
            return known
        key = self._tickets.group_key(plan or None, priority) if priority else None
        if key is None:
            code = -1
        else:
            if key not in self._pairs:
                self._pairs.append(key)
            code = self._pairs.index(key)
        self._pair_memo[pair] = code
        return code

    def _plan(
        self,
        plan: int,
        numbers: NDArray[np.intp],
        codes: NDArray[np.intp],
        gathered: tuple[Any, ...],
        batch: BatchTickets,
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[EventGroup]:
        """The tickets *numbers* (created with the priorities of *codes*, places in
        ``_pairs``) of one plan: their instants read in its zone, checked, sketched and
        answered; grouped by final priority."""
        all_firsts, all_sizes, micros, aware, all_kinds, all_sets, names = gathered
        schedule = self._targets_in_force.schedules[plan]
        timeline = schedule.timeline
        now = self._tickets.now_in(plan)
        assert now is not None
        sizes = all_sizes[numbers]
        firsts = all_firsts[numbers]
        local_firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        spots = np.arange(int(sizes.sum()), dtype=np.intp) + np.repeat(firsts - local_firsts, sizes)
        instants, wrong = localized(micros[spots], aware[spots], schedule)
        bad = np.logical_or.reduceat(wrong, local_firsts)
        steps = np.diff(instants, prepend=instants[:1])
        steps[local_firsts] = 0
        bad |= np.logical_or.reduceat(steps < 0, local_firsts)  # out of order: the engine's
        created = instants[local_firsts]
        last = instants[local_firsts + sizes - 1]
        bad |= (created < LOWEST_INSTANT) | (last > now)
        if self._options.grace:  # a ticket arriving while closed gets more time: the engine's
            everyone = np.arange(len(created), dtype=np.intp)
            opened = by_year_runs(partial(is_open_span, timeline), created, everyone, dtype=bool)
            bad |= ~opened
        options = self._options
        extra = (
            options.regrade == "restart",
            options.reopen == "restart",
            options.rearm_response,
            options.reply_resumes,
            options.activity_reopens,
        )
        present = np.unique(codes).tolist()
        ranks = sorted({self._pairs[c][1] for c in present} | set(names))
        rank_of = {name: k for k, name in enumerate(ranks)}
        rank_of_code = np.zeros(max(present) + 1, dtype=np.int64)
        rank_of_code[present] = [rank_of[self._pairs[c][1]] for c in present]
        created_ranks = rank_of_code[codes]
        kinds = all_kinds[spots]
        # Where an event sets a priority, its rank (-1 elsewhere): the creation; a re-grade
        # that sets another priority than the one in force (the one the last event setting
        # a priority set), whereas one that sets the priority in force changes nothing: it
        # is coded UNCHANGED for the rules.
        event_ranks = np.full(len(spots), -1, dtype=np.int64)
        event_ranks[local_firsts] = created_ranks
        regrades = np.flatnonzero(kinds == _REGRADE)
        coded = kinds.copy()
        if len(regrades):
            to_rank = np.array([rank_of[name] for name in names], dtype=np.int64)
            regrade_ranks = to_rank[all_sets[spots[regrades]]]
            setting = np.zeros(len(spots), dtype=bool)
            setting[local_firsts] = setting[regrades] = True
            last_setting = np.maximum.accumulate(np.where(setting, np.arange(len(spots)), 0))
            event_ranks[regrades] = regrade_ranks
            # the rank in force before a re-grade: the one the event setting a priority
            # last before it sets (a re-grade to the rank in force leaves it so)
            before = event_ranks[last_setting[regrades - 1]]
            unchanged = regrade_ranks == before
            coded[regrades[unchanged]] = UNCHANGED
            event_ranks[regrades[unchanged]] = -1
        # A ticket's sequence of coded kinds as one number (4 bits an event) where it has at
        # most _SHORT events; the others one by one.
        position = np.arange(len(spots), dtype=np.int64) - np.repeat(local_firsts, sizes)
        short = position < _SHORT
        parts = np.where(short, (coded + 1) << (4 * np.where(short, position, 0)), 0)
        signature = np.add.reduceat(parts, local_firsts)
        quick = ~bad & (sizes <= _SHORT)
        sketches: list[tuple[tuple[int, ...], NDArray[np.intp]]] = []
        chosen = np.flatnonzero(quick)
        if len(chosen):  # (one stable sort: each sequence's tickets together, in order)
            order = np.argsort(signature[chosen], kind="stable")
            ordered = signature[chosen[order]]
            begins = np.flatnonzero(np.diff(ordered, prepend=ordered[0] - 1)).tolist()
            for begin, end in zip(begins, [*begins[1:], len(order)], strict=True):
                members = chosen[order[begin:end]]
                start, size = int(local_firsts[members[0]]), int(sizes[members[0]])
                kind = tuple(coded[start : start + size].tolist())
                sketches.append((kind, members))
        slow: dict[tuple[int, ...], list[int]] = {}
        for place in np.flatnonzero(~bad & ~quick).tolist():
            start, size = int(local_firsts[place]), int(sizes[place])
            slow.setdefault(tuple(coded[start : start + size].tolist()), []).append(place)
        sketches += [(kind, np.array(places, dtype=np.intp)) for kind, places in slow.items()]
        cycles = Cycles(instants, event_ranks, local_firsts, now)
        for kind, members in sketches:
            sketch = sketch_of(kind, *extra)
            if sketch is not None:  # (else the engine answers, or rejects, them)
                cycles.add(sketch, members)
        if not cycles.count:
            return []
        states = np.full(len(numbers), -1, dtype=np.int8)  # places in _STATES (-1: none)
        finals = np.full(len(numbers), -1, dtype=np.int64)  # each ticket's final priority
        members, sketched, counts = cycles.tickets()
        states[members] = np.repeat([_STATES.index(k.state) for k in sketched], counts)
        priority_events = np.repeat([k.priority for k in sketched], counts)
        finals[members] = event_ranks[local_firsts[members] + priority_events]
        answers = cycles.answer(self._tickets, ranks, len(numbers), plan, schedule, timeline)
        kept = (states >= 0) & ~answers.refused
        groups = []
        everyone = np.arange(len(numbers), dtype=np.intp)  # (each metric's columns made once)
        columns = {metric: answers.columns(metric, everyone) for metric in METRICS}
        for rank, priority in enumerate(ranks):
            ours = np.flatnonzero(kept & (finals == rank))
            if not len(ours):
                continue
            group = EventGroup(
                plan=self._targets_in_force.names[plan],
                schedule=schedule,
                priority=priority,
                numbers=numbers[ours],
                batch=batch,
                created=created[ours],
                metrics={metric: column.taken(ours) for metric, column in columns.items()},
                states=states[ours],
                replay=replay,
                thresholds=self._targets_in_force.thresholds,
            )
            groups.append(group)
        return groups


class EventGroup(ResultColumns):
    """Tickets of an event log of one plan and priority, answered on the columnar path:
    their metric columns; a ticket's result object is the engine's (from its rows)."""

    def __init__(
        self,
        *,
        plan: str,
        schedule: BaseSchedule,
        priority: str,
        numbers: NDArray[np.intp],
        batch: BatchTickets,
        created: NDArray[np.int64],
        metrics: dict[str, MetricColumns],
        states: NDArray[np.int8],
        replay: Callable[[str, list[Row]], TicketResult],
        thresholds: Sequence[Sequence[Threshold]],
    ) -> None:
        self.plan = plan
        self.schedule = schedule
        self.priority = priority
        self.numbers = numbers  # each member's place among the batch's tickets
        self.batch = batch
        self.created = created
        self.metrics = metrics
        for column in metrics.values():  # (shared by metric_columns: never changed)
            for array in column:
                array.flags.writeable = False
        self.states = states  # places in _STATES
        self.replay = replay
        self.thresholds = thresholds

    def metric_columns(self, ks: NDArray[np.intp]) -> dict[str, MetricColumns]:
        if len(ks) == len(self.numbers) and np.array_equal(ks, np.arange(len(ks))):
            return dict(self.metrics)  # every member in order (the usual): shared, read-only
        return {metric: column.taken(ks) for metric, column in self.metrics.items()}

    def solved_mask(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        solved: NDArray[np.bool_] = self.states[ks] >= _SOLVED
        return solved

    def state_names(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        names: NDArray[np.object_] = _STATE_NAMES[self.states[ks]]
        return names

    def result(self, k: int) -> TicketResult:
        ticket_id, places = self.batch.ticket(int(self.numbers[k]))
        rows = self.batch.rows
        return self.replay(ticket_id, [rows.row(i) for i in places])

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        return int(self.batch.sizes[self.numbers[ks]].sum())

    def lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        numbers = self.numbers[ks]
        return self.batch.lines[numbers], self.batch.ids[numbers]
