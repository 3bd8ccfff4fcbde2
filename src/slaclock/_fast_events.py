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

from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from ._fast_read import (
    _NONE,
    _UNREAD,
    _localized,
    _read_instants,
    _texts,
    picked,
    stripped,
    texts_only,
)
from ._fast_report import (
    _BREACHED,
    _INACTIVE_CODE,
    _LIMIT,
    _LOW,
    _MET,
    _PAUSED,
    _RUNNING,
    FastTickets,
    _MetricColumns,
    _Refuse,
    _Results,
    timeline_elapsed,
    timeline_reach,
)
from .columnar import _by_span, _is_open_span, _next_open_span
from .durations import BusinessDays
from .errors import SlaclockError
from .events import KINDS, _kind
from .files import FieldRows, Row
from .policy import METRICS, Target
from .tickets.clocks import due_many, walk_many
from .tickets.rules import NOW, UNCHANGED, Refusal, program
from .zones import ONE_MICROSECOND

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._timeline import Timeline
    from .report import Columns, TicketResult
    from .schedule import BaseSchedule

__all__ = ["FastEvents", "Runs"]

_CREATED, _REGRADE, _PLAN, _PAUSE, _RESUME, _RESPOND, _UPDATE, _SOLVE, _REOPEN, _CLOSE = range(
    len(KINDS)
)
"""The kinds of event as codes: their places in :data:`slaclock.events.KINDS` (a plan
change is the engine's)."""
_OTHER = -1
"""A kind the columnar path leaves to the engine (or one it does not know)."""

_SHORT = 14
"""The most events a ticket's sequence of kinds is told by as one number (4 bits each)."""


class _Sketch(NamedTuple):
    """A program as rows of numbers: the ticket's final state and the event that set its
    final priority; per cycle (start, end, the event setting the priority at its end,
    metric, stopped, running, final, the how-manyth of its metric, arm), per run or check
    piece (its cycle, start, until, the event setting the priority, check). Events are
    numbers (:data:`NOW`: the report's now); final: the metric's last cycle."""

    state: str
    priority: int
    table: tuple[tuple[int, ...], ...]
    piece_table: tuple[tuple[int, ...], ...]


@lru_cache(maxsize=8192)
def _sketch(kinds: tuple[int, ...], *options: bool) -> _Sketch | None:
    """The rules' program for *kinds* under *options* as rows (``None`` where the rules
    refuse the sequence: the engine rejects it with its message)."""
    found = program(kinds, *options)
    if isinstance(found, Refusal):
        return None
    seen = [0, 0, 0]
    last = {cycle.metric: number for number, cycle in enumerate(found.cycles)}
    rows = []
    for number, cycle in enumerate(found.cycles):
        rows.append((cycle.start, cycle.end, cycle.priority, cycle.metric, cycle.stopped,
                     cycle.running, last[cycle.metric] == number, seen[cycle.metric],
                     cycle.arm))  # fmt: skip
        seen[cycle.metric] += 1
    pieces = tuple(
        (p.cycle, p.start, p.until, p.priority, p.kind == "check")
        for p in found.pieces
        if p.kind in ("run", "check")  # (pauses and thresholds are not in the columns)
    )
    return _Sketch(found.state, found.priority, tuple(rows), pieces)


class Runs:
    """The tickets of a batch of event rows: the runs of rows with one ticket id, in the
    order they come (a row without an id neither ends a run nor belongs to one).

    >>> runs = Runs(["A", "A", None, "A", "B", "A"])
    >>> runs.ids, runs.firsts, runs.alone, runs.rows_of(0), runs.rows_of(2)
    (['A', 'B', 'A'], [0, 4, 5], [2], [0, 1, 3], [5])
    """

    def __init__(self, ids: Sequence[str | None]) -> None:
        column = np.empty(len(ids), dtype=object)
        column[:] = ids
        missing = column == None  # noqa: E711 (elementwise)
        self.places = np.flatnonzero(~missing)  # the rows of every ticket, ticket by ticket
        named = column[self.places]
        fresh = np.ones(len(named), dtype=bool)
        fresh[1:] = named[1:] != named[:-1]
        self.starts = np.flatnonzero(fresh)  # where each ticket's rows begin in places
        self.sizes = np.diff(self.starts, append=len(named))
        self.first_rows = self.places[self.starts]
        self.id_column = named[self.starts]
        self.ids: list[str] = self.id_column.tolist()
        self.firsts: list[int] = self.first_rows.tolist()
        self.alone: list[int] = np.flatnonzero(missing).tolist()

    def rows_of(self, k: int) -> list[int]:
        """The rows of the *k*-th ticket."""
        start = int(self.starts[k])
        rows: list[int] = self.places[start : start + int(self.sizes[k])].tolist()
        return rows


class _Tickets:
    """The tickets of a batch the columnar path looks at (*chosen* of *runs*): as arrays,
    each one's first row's line, its id and its number of rows."""

    def __init__(self, rows: _Batch, runs: Runs, chosen: NDArray[np.intp]) -> None:
        self.rows = rows
        self.runs = runs
        self.chosen = chosen
        self.sizes = runs.sizes[chosen]
        self.firsts = runs.first_rows[chosen]
        self.lines = np.array(rows.lines, dtype=np.int64)[self.firsts]
        self.ids = runs.id_column[chosen]

    def ticket(self, n: int) -> tuple[str, list[int]]:
        """The *n*-th ticket's id and rows."""
        k = int(self.chosen[n])
        return self.runs.ids[k], self.runs.rows_of(k)


class _Batch(Protocol):
    """A batch of input rows (``files.FieldRows``, ``report._RowList``)."""

    lines: list[int]

    def __len__(self) -> int: ...

    def row(self, k: int) -> Row: ...

    def column(self, name: str) -> list[Any]: ...

    @property
    def problems(self) -> list[str | None]: ...


class FastEvents:
    """Evaluates the simple tickets of an event log in bulk: :meth:`evaluate`."""

    def __init__(self, tickets: FastTickets) -> None:
        self._tickets = tickets
        self._targets_in_force = tickets.targets
        self._options = tickets._options
        self._kinds: dict[str, int] = {}
        self._targets: dict[tuple[str, int], tuple[Target | None, ...]] = {}
        self._pairs: list[tuple[int, str]] = []  # (plan number, priority name) seen created
        self._pair_memo: dict[tuple[str, str], int] = {}  # their texts: a place in _pairs

    def _codes(self, values: list[Any]) -> NDArray[np.int64]:
        """The kind of each event as a code (:data:`_OTHER`: left to the engine), read from
        the values as given (``events._kind`` strips them)."""
        memo = self._kinds
        try:  # every value a kind met before: one pass
            return np.fromiter(map(memo.__getitem__, values), dtype=np.int64, count=len(values))
        except (KeyError, TypeError):
            pass
        try:
            found = list(map(memo.get, values))
        except TypeError:  # a value that cannot be a key: one at a time
            found = [self._kind(value) for value in values]
        if None in found:
            found = [
                self._kind(value) if code is None else code
                for code, value in zip(found, values, strict=True)
            ]
        return np.array(found, dtype=np.int64)

    def _kind(self, text: Any) -> int:
        if type(text) is not str:
            return _OTHER
        code = self._kinds.get(text)
        if code is None:
            try:
                kind = _kind(text)
            except SlaclockError:
                kind = ""
            code = self._kinds[text] = (
                KINDS.index(kind) if kind and kind != "plan_changed" else _OTHER
            )
        return code

    def _targets_of(self, priority: str, plan: int) -> tuple[Target | None, ...]:
        key = (priority, plan)
        found = self._targets.get(key)
        if found is None:
            targets = self._targets_in_force
            found = self._targets[key] = tuple(targets.target(priority, m, plan) for m in range(3))
        return found

    texts = staticmethod(_texts)
    runs = staticmethod(Runs)

    @staticmethod
    def unread(values: list[Any]) -> bool:
        """Whether some of *values* (of :meth:`texts`) are left to be read one by one."""
        return _UNREAD in values

    def evaluate(
        self,
        rows: _Batch,
        columns: Columns,
        runs: Runs,
        repeated: Sequence[bool],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> tuple[list[tuple[_EventGroup, NDArray[np.intp], NDArray[np.intp]]], list[int]]:
        """The tickets of a batch (*runs* of *rows*) the columnar path answers: per group of
        them (one plan and priority), the group, the places of its members and the place of
        each one's first row in *rows*; and the tickets it leaves to the engine (numbers in
        *runs*): the *repeated* ones among them. *replay* makes a ticket's result object from
        its rows (the engine)."""
        answered = np.zeros(len(runs.ids), dtype=bool)
        chosen = np.flatnonzero(~np.array(repeated, dtype=bool))
        found = []
        if len(chosen):
            batch = _Tickets(rows, runs, chosen)
            for group in self._groups(rows, columns, batch, replay):
                members = group.numbers
                found.append((group, np.arange(len(members), dtype=np.intp), batch.firsts[members]))
                answered[chosen[members]] = True
        left: list[int] = np.flatnonzero(~answered).tolist()
        return found, left

    def _groups(
        self,
        rows: _Batch,
        columns: Columns,
        batch: _Tickets,
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[_EventGroup]:
        """The groups of the tickets of *batch* the columnar path answers."""
        sizes = batch.sizes
        firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        total = int(sizes.sum())
        spread = np.arange(total, dtype=np.intp) + np.repeat(
            batch.runs.starts[batch.chosen] - firsts, sizes
        )
        flat = batch.runs.places[spread]  # the rows of the tickets, ticket by ticket
        kinds = self._codes(rows.column(columns.event))[flat]
        micros, aware, read = _read_instants(rows.column(columns.at))
        priorities = rows.column(columns.priority)  # (stripped where they are read)
        plans = rows.column(columns.plan)
        reasons = rows.column(columns.reason)
        problems = rows.problems
        if not isinstance(rows, FieldRows) and not (  # (a CSV file's fields: text or None)
            texts_only(priorities) and texts_only(plans) and texts_only(reasons)
        ):
            priorities, plans, reasons = _texts(priorities), _texts(plans), _texts(reasons)
            plain = np.array(
                [q is None and p is not _UNREAD and n is not _UNREAD and r is not _UNREAD
                 for q, p, n, r in zip(problems, priorities, plans, reasons, strict=True)],
                dtype=bool,
            )  # fmt: skip
        elif any(problems):
            plain = np.array([problem is None for problem in problems], dtype=bool)
        else:
            plain = np.ones(len(problems), dtype=bool)
        ok = (read & (micros != _NONE) & plain)[flat] & (kinds != _OTHER)
        names: dict[int, str] = {}  # the priority each re-grade sets (by flat place)
        for place in np.flatnonzero(kinds == _REGRADE).tolist():
            text = priorities[flat[place]]  # (the policy strips a name it reads)
            name = self._tickets._priority(text) if text else None
            if name is None:
                ok[place] = False  # a re-grade without a priority the policy knows: the engine's
            else:
                names[place] = name
        good = np.logical_and.reduceat(ok, firsts) & (kinds[firsts] == _CREATED)
        good &= np.add.reduceat((kinds == _CREATED).astype(np.int64), firsts) == 1
        numbers = np.flatnonzero(good)
        heads = flat[firsts[numbers]]
        places = heads.tolist()  # (stripped: a blank plan is the default one)
        codes = self._pair_codes(
            stripped(picked(plans, places)), stripped(picked(priorities, places))
        )
        known = codes >= 0
        numbers, codes = numbers[known], codes[known]
        plan_of = np.array([plan for plan, _ in self._pairs], dtype=np.intp)[codes]
        groups = []
        gathered = (firsts, sizes, micros[flat], aware[flat], kinds, names)
        for plan in np.unique(plan_of).tolist():
            ours = plan_of == plan
            try:
                groups += self._plan(plan, numbers[ours], codes[ours], gathered, batch, replay)
            except (SlaclockError, _Refuse, OverflowError):
                continue  # the engine answers them, one by one
        return groups

    def _pair_codes(self, plans: list[str], priorities: list[str]) -> NDArray[np.intp]:
        """For each ticket created on plan *plans* (texts) with priority *priorities*, the
        place of its (plan number, priority name) in ``_pairs``; -1 where the engine must
        answer (no priority, or a plan or priority the columnar path does not know)."""
        memo = self._pair_memo
        pairs = list(zip(plans, priorities, strict=True))
        found = list(map(memo.get, pairs))
        if None in found:
            found = [self._pair(pair) if code is None else code
                     for code, pair in zip(found, pairs, strict=True)]  # fmt: skip
        return np.array(found, dtype=np.intp)

    def _pair(self, pair: tuple[str, str]) -> int:
        plan, priority = pair
        key = self._tickets._key(plan or None, priority) if priority else None
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
        batch: _Tickets,
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[_EventGroup]:
        """The tickets *numbers* (created with the priorities of *codes*, places in
        ``_pairs``) of one plan: their instants read in its zone, checked, sketched and
        answered; grouped by final priority."""
        all_firsts, all_sizes, micros, aware, all_kinds, regraded = gathered
        schedule = self._targets_in_force.schedules[plan]
        timeline = schedule.timeline
        now = self._tickets._nows[plan]
        assert now is not None
        sizes = all_sizes[numbers]
        firsts = all_firsts[numbers]
        local_firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        spots = np.arange(int(sizes.sum()), dtype=np.intp) + np.repeat(firsts - local_firsts, sizes)
        instants, wrong = _localized(micros[spots], aware[spots], schedule)
        bad = np.logical_or.reduceat(wrong, local_firsts)
        steps = np.diff(instants, prepend=instants[:1])
        steps[local_firsts] = 0
        bad |= np.logical_or.reduceat(steps < 0, local_firsts)  # out of order: the engine's
        created = instants[local_firsts]
        last = instants[local_firsts + sizes - 1]
        bad |= (created < _LOW) | (last > now)
        if self._options.grace:  # a ticket arriving while closed gets more time: the engine's
            everyone = np.arange(len(created), dtype=np.intp)
            opened = _by_span(partial(_is_open_span, timeline), created, everyone, dtype=bool)
            bad |= ~opened
        options = self._options
        extra = (options.regrade == "restart", options.reopen == "restart", options.rearm_response)
        present = np.unique(codes).tolist()
        ranks = sorted({self._pairs[c][1] for c in present} | set(regraded.values()))
        rank_of = {name: k for k, name in enumerate(ranks)}
        rank_of_code = np.zeros(max(present) + 1, dtype=np.int64)
        rank_of_code[present] = [rank_of[self._pairs[c][1]] for c in present]
        created_ranks = rank_of_code[codes]
        event_ranks = np.full(len(spots), -1, dtype=np.int64)  # where an event sets a priority
        event_ranks[local_firsts] = created_ranks
        kinds = all_kinds[spots]
        # A ticket's sequence of kinds as one number (4 bits an event) where it has no
        # re-grade and at most _SHORT events; the others one by one.
        position = np.arange(len(spots), dtype=np.int64) - np.repeat(local_firsts, sizes)
        short = position < _SHORT
        parts = np.where(short, (kinds + 1) << (4 * np.where(short, position, 0)), 0)
        signature = np.add.reduceat(parts, local_firsts)
        regrades = np.logical_or.reduceat(kinds == _REGRADE, local_firsts)
        quick = ~bad & ~regrades & (sizes <= _SHORT)
        sketches: list[tuple[tuple[int, ...], NDArray[np.intp]]] = []
        chosen = np.flatnonzero(quick)
        if len(chosen):
            _, first, inverse = np.unique(signature[chosen], return_index=True, return_inverse=True)
            order = np.argsort(inverse, kind="stable")
            bounds = np.cumsum(np.bincount(inverse)).tolist()
            begin = 0
            for one, end in zip(chosen[first].tolist(), bounds, strict=True):
                start, size = int(local_firsts[one]), int(sizes[one])
                kind = tuple(kinds[start : start + size].tolist())
                sketches.append((kind, chosen[order[begin:end]]))
                begin = end
        slow: dict[tuple[int, ...], list[int]] = {}
        for place in np.flatnonzero(~bad & ~quick).tolist():
            start, size = int(local_firsts[place]), int(sizes[place])
            kind = tuple(kinds[start : start + size].tolist())
            first_flat = int(firsts[place])
            in_force = int(created_ranks[place])
            coded = list(kind)
            for e, k in enumerate(kind):
                if k == _REGRADE:
                    rank = rank_of[regraded[first_flat + e]]
                    if rank == in_force:
                        coded[e] = UNCHANGED  # the priority in force: changes nothing
                    else:
                        event_ranks[start + e] = in_force = rank
            slow.setdefault(tuple(coded), []).append(place)
        sketches += [(kind, np.array(places, dtype=np.intp)) for kind, places in slow.items()]
        cycles = _Cycles(instants, event_ranks, local_firsts, now)
        for kind, members in sketches:
            sketch = _sketch(kind, *extra)
            if sketch is not None:  # (else the engine answers, or rejects, them)
                cycles.add(sketch, members)
        if not cycles.count:
            return []
        states = np.full(len(numbers), "", dtype=object)
        finals = np.full(len(numbers), -1, dtype=np.int64)  # each ticket's final priority
        members, sketched, counts = cycles.tickets()
        states[members] = np.repeat(np.array([k.state for k in sketched], dtype=object), counts)
        named = np.array([k.state for k in sketched], dtype=bytes)
        state_bytes = np.zeros(len(numbers), dtype=named.dtype)
        state_bytes[members] = np.repeat(named, counts)
        priority_events = np.repeat([k.priority for k in sketched], counts)
        finals[members] = event_ranks[local_firsts[members] + priority_events]
        answers = cycles.answer(self, ranks, len(numbers), plan, schedule, timeline)
        kept = (states != "") & ~answers.refused
        groups = []
        for rank, priority in enumerate(ranks):
            ours = np.flatnonzero(kept & (finals == rank))
            if not len(ours):
                continue
            group = _EventGroup(
                plan=self._targets_in_force.names[plan],
                schedule=schedule,
                priority=priority,
                numbers=numbers[ours],
                batch=batch,
                created=created[ours],
                metrics={metric: answers.columns(metric, ours) for metric in METRICS},
                states=states[ours],
                state_bytes=state_bytes[ours],
                replay=replay,
            )
            groups.append(group)
        return groups


class _Cycles:
    """The clock cycles of a plan's tickets, gathered sketch by sketch, then answered: the
    tickets' events' *instants* and the priorities they set (*ranks*: -1 where none), each
    ticket's events from its place in *firsts* on."""

    def __init__(
        self,
        instants: NDArray[np.int64],
        ranks: NDArray[np.int64],
        firsts: NDArray[np.intp],
        now: int,
    ) -> None:
        self.sketches: list[_Sketch] = []
        self.members: list[NDArray[np.intp]] = []  # each sketch's tickets
        self.count = 0  # the sketches' cycles (each counted once, for all its tickets)
        self._instants, self._ranks, self._firsts, self._now = instants, ranks, firsts, now

    def add(self, sketch: _Sketch, tickets: NDArray[np.intp]) -> None:
        """The cycles of *sketch* for *tickets*."""
        self.sketches.append(sketch)
        self.members.append(tickets)
        self.count += len(sketch.table)

    def tickets(self) -> tuple[NDArray[np.intp], list[_Sketch], NDArray[np.intp]]:
        """Every ticket added, the sketches, and how many tickets each sketch has."""
        sizes = np.array([len(m) for m in self.members], dtype=np.intp)
        return np.concatenate(self.members), self.sketches, sizes

    def _rows(
        self,
    ) -> tuple[
        NDArray[np.intp],
        NDArray[np.int64],
        NDArray[np.int64],
        NDArray[np.int64],
        NDArray[np.int64],
        tuple[NDArray[Any], ...],
    ]:
        """Every cycle of every ticket (a sketch's k-th cycle for each of its tickets, then
        the next): its ticket, where it starts and ends, the priority at its end; its row
        of the sketch's table; and the same for the pieces (its cycle, since, until, the
        priority in force, check)."""
        members, sketches, sizes = self.tickets()
        table: list[tuple[int, ...]] = []
        piece_table: list[tuple[int, ...]] = []
        for sketch in sketches:
            table += sketch.table
            piece_table += sketch.piece_table
        cycles = np.array([len(k.table) for k in sketches], dtype=np.intp)
        pieces = np.array([len(k.piece_table) for k in sketches], dtype=np.intp)
        shared = np.array(table, dtype=np.int64).reshape(-1, 9)
        block_sketch = np.repeat(np.arange(len(sketches)), cycles)
        block_size = sizes[block_sketch]
        offsets = np.concatenate([[0], np.cumsum(block_size)]).astype(np.intp)
        total = int(offsets[-1])
        block = np.repeat(np.arange(len(block_size)), block_size)
        member_base = (np.cumsum(sizes) - sizes)[block_sketch]
        ticket = members[member_base[block] + np.arange(total) - offsets[block]]
        first = self._firsts[ticket]
        rows = shared[block]
        start, end = self._at(first, rows[:, 0]), self._at(first, rows[:, 1])
        end_rank = self._ranks[first + rows[:, 2]]
        if len(piece_table):
            details = np.array(piece_table, dtype=np.int64).reshape(-1, 5)
            cycle_base = np.cumsum(cycles) - cycles
            piece_block = cycle_base[np.repeat(np.arange(len(sketches)), pieces)] + details[:, 0]
            counts = block_size[piece_block]
            piece = np.repeat(np.arange(len(counts)), counts)
            within = np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[piece]
            piece_cycle = offsets[piece_block][piece] + within
            piece_first = first[piece_cycle]
            found = details[piece]
            since, until = self._at(piece_first, found[:, 1]), self._at(piece_first, found[:, 2])
            rank = self._ranks[piece_first + found[:, 3]]
            check = found[:, 4].astype(bool)
        else:
            empty = np.zeros(0, dtype=np.int64)
            piece_cycle, since, until, rank = empty.astype(np.intp), empty, empty, empty
            check = np.zeros(0, dtype=bool)
        return ticket, start, end, end_rank, rows, (piece_cycle, since, until, rank, check)

    def _at(self, first: NDArray[np.intp], events: NDArray[np.int64]) -> NDArray[np.int64]:
        """The instant of each ticket's event *events* (``NOW``: the report's now)."""
        found: NDArray[np.int64] = np.where(
            events == NOW, self._now, self._instants[first + np.maximum(events, 0)]
        )
        return found

    def answer(
        self,
        owner: FastEvents,
        priorities: list[str],
        tickets: int,
        plan: int,
        schedule: BaseSchedule,
        timeline: Timeline,
    ) -> _Answered:
        """Every cycle's time used, breach, state and due instant (the module's docstring);
        *priorities*: the names the ranks stand for; *tickets*: how many."""
        ticket, start, end, end_rank, rows, pieces = self._rows()
        metric, order, arm = rows[:, 3], rows[:, 7], rows[:, 8]
        stopped, running, final = (
            rows[:, 4].astype(bool),
            rows[:, 5].astype(bool),
            rows[:, 6].astype(bool),
        )
        total = len(ticket)
        piece_cycle, since, until, rank, check = pieces
        sort = np.argsort(piece_cycle, kind="stable")  # by cycle, each in its own order
        piece_cycle = piece_cycle[sort]
        since, until, rank, check = since[sort], until[sort], rank[sort], check[sort]
        targets = _Targets(owner, priorities, plan, schedule, timeline)
        final_key = end_rank * 3 + metric
        final_need, final_calendar, final_has = targets.amounts(final_key, start)
        texts = targets.texts(final_key)
        piece_key = rank * 3 + metric[piece_cycle]
        need = final_need[piece_cycle]
        calendar, has = final_calendar[piece_cycle], final_has[piece_cycle]
        other = np.flatnonzero(piece_key != final_key[piece_cycle])  # before a re-grade
        if len(other):
            need[other], calendar[other], has[other] = targets.amounts(
                piece_key[other], start[piece_cycle[other]]
            )
        if total and int(max(need.max(initial=0), final_need.max())) > _LIMIT // 10_000:
            raise _Refuse
        refused = np.zeros(tickets, dtype=bool)
        refused[ticket[final_has & (final_need <= 0)]] = True  # a zero target: the engine's
        refused[ticket[piece_cycle[has & (need <= 0)]]] = True
        measure = partial(timeline_elapsed, timeline)
        reach_many = partial(timeline_reach, timeline)
        used, breached_at = walk_many(
            piece_cycle, since, until, need, calendar, has, check, total, measure, reach_many
        )
        breached = breached_at != _NONE
        due = due_many(
            breached_at, used, final_need, end, running & final, final_calendar, reach_many
        )
        code = np.where(
            breached, _BREACHED, np.where(stopped, _MET, np.where(running, _RUNNING, _PAUSED))
        ).astype(np.int8)
        code[~final_has] = _INACTIVE_CODE  # no target in force: nothing shown
        due[~final_has] = _NONE
        return _Answered(
            tickets, ticket, metric, order, arm, code, due, used, stopped, breached_at, texts,
            refused,
        )  # fmt: skip


class _Targets:
    """The targets in force by priority rank and metric (``rank * 3 + metric``) for a plan:
    their amounts from a cycle's start, kinds of time and texts."""

    def __init__(
        self,
        owner: FastEvents,
        priorities: list[str],
        plan: int,
        schedule: BaseSchedule,
        timeline: Timeline,
    ) -> None:
        self._targets = [
            owner._targets_of(priority, plan)[metric]
            for priority in priorities
            for metric in range(3)
        ]
        self._owner = owner
        self._schedule = schedule
        self._timeline = timeline

    def amounts(
        self, keys: NDArray[np.int64], starts: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
        """Each target's amount (µs; 0 where there is none) for a clock from *starts*,
        whether it is on the calendar clock, and whether there is one."""
        amount = np.zeros(len(keys), dtype=np.int64)
        calendar = np.zeros(len(keys), dtype=bool)
        has = np.zeros(len(keys), dtype=bool)
        timeline = self._timeline
        for key in np.unique(keys).tolist():
            target = self._targets[key]
            if target is None:
                continue
            which = np.flatnonzero(keys == key)
            has[which] = True
            calendar[which] = target.clock == "calendar"
            span = target.amount
            if isinstance(span, BusinessDays):
                begins = starts[which]
                opening = _by_span(partial(_next_open_span, timeline), begins, which)
                closes = self._owner._tickets._closes(self._schedule, opening, span.days)
                amount[which] = timeline_elapsed(timeline, begins, closes)
            else:
                amount[which] = span // ONE_MICROSECOND
        return amount, calendar, has

    def texts(self, keys: NDArray[np.int64]) -> NDArray[np.object_]:
        """Each target as text (``None`` where there is none)."""
        table = np.array([None if t is None else str(t) for t in self._targets], dtype=object)
        found: NDArray[np.object_] = table[keys]
        return found


class _Answered:
    """Every cycle's answers, and a metric's columns for some tickets: the last cycle's
    state, due instant, time used, stop and target; every cycle's breaches, the first."""

    def __init__(
        self,
        tickets: int,
        ticket: NDArray[np.intp],
        metric: NDArray[np.int64],
        order: NDArray[np.int64],
        arm: NDArray[np.int64],
        code: NDArray[np.int8],
        due: NDArray[np.int64],
        used: NDArray[np.int64],
        stopped: NDArray[np.bool_],
        breached_at: NDArray[np.int64],
        texts: NDArray[np.object_],
        refused: NDArray[np.bool_],
    ) -> None:
        self.refused = refused
        self._by_metric = []
        for number in range(3):
            cycles = np.flatnonzero(metric == number)
            owners = ticket[cycles]
            last = np.full(tickets, -1, dtype=np.int64)  # each ticket's last cycle (-1: none)
            latest = np.full(tickets, -1, dtype=np.int64)
            np.maximum.at(latest, owners, order[cycles])
            final = cycles[order[cycles] == latest[owners]]
            last[ticket[final]] = final
            breaches = np.zeros(tickets, dtype=np.int64)
            hit = breached_at[cycles] != _NONE
            np.add.at(breaches, owners[hit], 1)
            first = np.full(tickets, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(first, owners[hit], breached_at[cycles][hit])
            first[breaches == 0] = _NONE
            final_arm = np.full(tickets, -1, dtype=np.int64)
            final_arm[ticket[final]] = arm[final]
            armed = np.zeros(tickets, dtype=bool)  # a breach in the last cycle's arm
            armed[owners[hit & (arm[cycles] == final_arm[owners])]] = True
            self._by_metric.append((last, breaches, first, armed))
        self._code, self._due, self._used, self._stopped = code, due, used, stopped
        self._texts = texts

    def columns(self, metric: str, places: NDArray[np.intp]) -> _MetricColumns:
        """The :class:`_MetricColumns` of *metric* for the tickets at *places*: a breach is
        final within an arm of cycles (every response cycle until a re-arming, every
        resolution cycle), while each update cycle is judged on its own."""
        last, breaches, first, armed = self._by_metric[METRICS.index(metric)]
        cycle = last[places]
        some = cycle >= 0
        chosen = cycle[some]
        size = len(places)
        code = np.zeros(size, dtype=np.int8)
        due = np.full(size, _NONE, dtype=np.int64)
        used = np.zeros(size, dtype=np.int64)
        stopped = np.zeros(size, dtype=bool)
        targets = np.full(size, None, dtype=object)
        code[some] = self._code[chosen]
        due[some] = self._due[chosen]
        used[some] = self._used[chosen]
        stopped[some] = self._stopped[chosen]
        targets[some] = self._texts[chosen]
        counted = breaches[places].copy()
        firsts = first[places].copy()
        inactive = code == _INACTIVE_CODE
        code[armed[places] & ~inactive] = _BREACHED
        used[inactive], stopped[inactive], counted[inactive] = 0, False, 0
        firsts[inactive] = _NONE
        return _MetricColumns(targets, code, due, used, stopped, counted, firsts)


class _EventGroup(_Results):
    """Tickets of an event log of one plan and priority, answered on the columnar path:
    their metric columns; a ticket's result object is the engine's (from its rows)."""

    def __init__(
        self,
        *,
        plan: str,
        schedule: BaseSchedule,
        priority: str,
        numbers: NDArray[np.intp],
        batch: _Tickets,
        created: NDArray[np.int64],
        metrics: dict[str, _MetricColumns],
        states: NDArray[np.object_],
        state_bytes: NDArray[np.bytes_],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> None:
        self.plan = plan
        self.schedule = schedule
        self.priority = priority
        self.numbers = numbers  # each member's place among the batch's tickets
        self.batch = batch
        self.created = created
        self.metrics = metrics
        self.states = states
        self.state_bytes = state_bytes  # (the same, as ASCII bytes)
        self.replay = replay

    def _columns_of(self, ks: NDArray[np.intp]) -> dict[str, _MetricColumns]:
        return {metric: column.taken(ks) for metric, column in self.metrics.items()}

    def _solved(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        states = self.states[ks]
        solved: NDArray[np.bool_] = (states == "solved") | (states == "closed")
        return solved

    def _states(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        states: NDArray[np.object_] = self.states[ks]
        return states

    def _state_bytes(self, ks: NDArray[np.intp]) -> NDArray[np.bytes_]:
        states: NDArray[np.bytes_] = self.state_bytes[ks]
        return states

    def result(self, k: int) -> TicketResult:
        ticket_id, places = self.batch.ticket(int(self.numbers[k]))
        rows = self.batch.rows
        return self.replay(ticket_id, [rows.row(i) for i in places])

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        return int(self.batch.sizes[self.numbers[ks]].sum())

    def _lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        numbers = self.numbers[ks]
        return self.batch.lines[numbers], self.batch.ids[numbers]
