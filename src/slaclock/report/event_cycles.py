"""An event log's clock cycles on the columnar path: the rules' program for a sequence of
kinds of events as rows of numbers (:func:`sketch_of`, cached per sequence), filled in with
the instants of every ticket that has it (:class:`Cycles`), then each cycle's time used,
breach and due instant (:meth:`Cycles.answer`, with the targets in force:
:class:`TargetsInForce`) and each metric's columns for some tickets (:class:`AnsweredCycles`).
Loaded only when numpy is installed."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, NamedTuple, TypeVar

import numpy as np

from ..columnar import by_year_runs, next_open_span
from ..durations import BusinessDays
from ..policy import METRICS, Threshold
from ..schedule import BaseSchedule
from ..tickets.clocks import MISSING, due_many, next_threshold_many, walk_many
from ..tickets.rules import NOW, Refusal, program
from ..zones import ONE_MICROSECOND
from .columnar_results import (
    CODE_BREACHED,
    CODE_INACTIVE,
    CODE_MET,
    CODE_PAUSED,
    CODE_RUNNING,
    MetricColumns,
)
from .columnar_tickets import (
    AMOUNT_LIMIT,
    ColumnarTickets,
    Declined,
    threshold_marks,
    timeline_elapsed,
    timeline_reach,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .._timeline import Timeline

__all__ = [
    "AnsweredCycles",
    "CycleColumns",
    "CycleSketch",
    "CycleTable",
    "Cycles",
    "PieceColumns",
    "PieceTable",
    "TargetsInForce",
    "sketch_of",
]


class CycleTable(NamedTuple):
    """The clock cycles of a program (or of many tickets' programs), a named column each:
    the events a cycle starts and ends at, the event setting the priority in force at its
    end, its metric (a place in :data:`slaclock.policy.METRICS`), the how-manyth cycle of
    its metric it is, its arm (the cycles a breach is final across), whether it stopped,
    whether it still runs, and whether it is its metric's last cycle."""

    start: NDArray[np.int64]
    end: NDArray[np.int64]
    priority_event: NDArray[np.int64]
    metric: NDArray[np.int64]
    order: NDArray[np.int64]
    arm: NDArray[np.int64]
    stopped: NDArray[np.bool_]
    running: NDArray[np.bool_]
    final: NDArray[np.bool_]


class PieceTable(NamedTuple):
    """The run and check pieces of a program's cycles, a named column each: its cycle (a
    row of the :class:`CycleTable`), the events it runs from and until, the event setting
    the priority in force, whether it is a check, and whether it is a reopening's marks (a
    piece of no time, from an instant to itself)."""

    cycle: NDArray[np.int64]
    since: NDArray[np.int64]
    until: NDArray[np.int64]
    priority_event: NDArray[np.int64]
    check: NDArray[np.bool_]
    marks: NDArray[np.bool_]


Table = TypeVar("Table", CycleTable, PieceTable)


def _table(kind: type[Table], rows: Sequence[tuple[int, ...]]) -> Table:
    """*rows* (tuples of the table's fields, in order) as a table of named columns: the
    integer fields as int64, the flags (the last fields of a :class:`CycleTable`, the last
    of a :class:`PieceTable`) as booleans."""
    flags = 3 if kind is CycleTable else 2
    width = len(kind._fields)
    columns = list(zip(*rows, strict=True)) if rows else [()] * width
    return kind(
        *(
            np.array(column, dtype=bool if k >= width - flags else np.int64)
            for k, column in enumerate(columns)
        )
    )


def _joined(tables: list[Table], at: NDArray[np.intp]) -> Table:
    """The tables' rows one after the other, then those at *at*, column by column."""
    return type(tables[0])(*(np.concatenate(column)[at] for column in zip(*tables, strict=True)))


class CycleSketch(NamedTuple):
    """A program as tables: the ticket's final state and the event that set its final
    priority; its cycles and its run and check pieces. Events are numbers (:data:`NOW`:
    the report's now)."""

    state: str
    priority: int
    cycles: CycleTable
    pieces: PieceTable


@lru_cache(maxsize=8192)
def sketch_of(kinds: tuple[int, ...], *options: bool) -> CycleSketch | None:
    """The rules' program for *kinds* under *options* as rows (``None`` where the rules
    refuse the sequence: the engine rejects it with its message)."""
    found = program(kinds, *options)
    if isinstance(found, Refusal):
        return None
    seen = [0, 0, 0]
    last = {cycle.metric: number for number, cycle in enumerate(found.cycles)}
    rows = []
    for number, cycle in enumerate(found.cycles):
        rows.append((cycle.start, cycle.end, cycle.priority, cycle.metric,
                     seen[cycle.metric], cycle.arm, cycle.stopped, cycle.running,
                     last[cycle.metric] == number))  # fmt: skip
        seen[cycle.metric] += 1
    pieces = (
        (p.cycle, p.start, p.until, p.priority, p.kind == "check", p.kind == "marks")
        for p in found.pieces
        if p.kind != "pause"  # (pauses are not in the columns)
    )
    return CycleSketch(
        found.state, found.priority, _table(CycleTable, rows), _table(PieceTable, list(pieces))
    )


class CycleColumns(NamedTuple):
    """Every cycle of some tickets: its ticket, the instants it starts and ends at, the rank
    of the priority in force at its end, and the fields of its :class:`CycleTable` it keeps."""

    ticket: NDArray[np.intp]
    start: NDArray[np.int64]
    end: NDArray[np.int64]
    end_rank: NDArray[np.int64]
    metric: NDArray[np.int64]
    order: NDArray[np.int64]
    arm: NDArray[np.int64]
    stopped: NDArray[np.bool_]
    running: NDArray[np.bool_]
    final: NDArray[np.bool_]


class PieceColumns(NamedTuple):
    """Every run, check or marks piece of those cycles: its cycle (a row of
    :class:`CycleColumns`), the instants it runs from and until, the rank of the priority
    in force, and whether it is a check, or a reopening's marks."""

    cycle: NDArray[np.intp]
    since: NDArray[np.int64]
    until: NDArray[np.int64]
    rank: NDArray[np.int64]
    check: NDArray[np.bool_]
    marks: NDArray[np.bool_]


class Cycles:
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
        self.sketches: list[CycleSketch] = []
        self.members: list[NDArray[np.intp]] = []  # each sketch's tickets
        self.count = 0  # the sketches' cycles (each counted once, for all its tickets)
        self._instants, self._ranks, self._firsts, self._now = instants, ranks, firsts, now

    def add(self, sketch: CycleSketch, tickets: NDArray[np.intp]) -> None:
        """The cycles of *sketch* for *tickets*."""
        self.sketches.append(sketch)
        self.members.append(tickets)
        self.count += len(sketch.cycles.start)

    def tickets(self) -> tuple[NDArray[np.intp], list[CycleSketch], NDArray[np.intp]]:
        """Every ticket added, the sketches, and how many tickets each sketch has."""
        sizes = np.array([len(m) for m in self.members], dtype=np.intp)
        return np.concatenate(self.members), self.sketches, sizes

    def _rows(self) -> tuple[CycleColumns, PieceColumns]:
        """Every cycle of every ticket (a sketch's k-th cycle for each of its tickets, then
        the next), and every run or check piece of them, as named columns."""
        members, sketches, sizes = self.tickets()
        cycles = np.array([len(k.cycles.start) for k in sketches], dtype=np.intp)
        pieces = np.array([len(k.pieces.cycle) for k in sketches], dtype=np.intp)
        block_sketch = np.repeat(np.arange(len(sketches)), cycles)
        block_size = sizes[block_sketch]
        offsets = np.concatenate([[0], np.cumsum(block_size)]).astype(np.intp)
        total = int(offsets[-1])
        block = np.repeat(np.arange(len(block_size)), block_size)
        member_base = (np.cumsum(sizes) - sizes)[block_sketch]
        ticket = members[member_base[block] + np.arange(total) - offsets[block]]
        first = self._firsts[ticket]
        rows = _joined([k.cycles for k in sketches], block)
        found_cycles = CycleColumns(
            ticket=ticket,
            start=self._at(first, rows.start),
            end=self._at(first, rows.end),
            end_rank=self._ranks[first + rows.priority_event],
            metric=rows.metric,
            order=rows.order,
            arm=rows.arm,
            stopped=rows.stopped,
            running=rows.running,
            final=rows.final,
        )
        if not int(pieces.sum()):
            empty = np.zeros(0, dtype=np.int64)
            flags = empty.astype(bool)
            none = PieceColumns(empty.astype(np.intp), empty, empty, empty, flags, flags)
            return found_cycles, none
        every = np.arange(int(pieces.sum()), dtype=np.intp)
        details = _joined([k.pieces for k in sketches], every)
        cycle_base = np.cumsum(cycles) - cycles
        piece_block = cycle_base[np.repeat(np.arange(len(sketches)), pieces)] + details.cycle
        counts = block_size[piece_block]
        piece = np.repeat(np.arange(len(counts)), counts)
        within = np.arange(int(counts.sum())) - (np.cumsum(counts) - counts)[piece]
        piece_cycle = offsets[piece_block][piece] + within
        piece_first = first[piece_cycle]
        return found_cycles, PieceColumns(
            cycle=piece_cycle,
            since=self._at(piece_first, details.since[piece]),
            until=self._at(piece_first, details.until[piece]),
            rank=self._ranks[piece_first + details.priority_event[piece]],
            check=details.check[piece],
            marks=details.marks[piece],
        )

    def _at(self, first: NDArray[np.intp], events: NDArray[np.int64]) -> NDArray[np.int64]:
        """The instant of each ticket's event *events* (``NOW``: the report's now)."""
        found: NDArray[np.int64] = np.where(
            events == NOW, self._now, self._instants[first + np.maximum(events, 0)]
        )
        return found

    def answer(
        self,
        columnar: ColumnarTickets,
        priorities: list[str],
        tickets: int,
        plan: int,
        schedule: BaseSchedule,
        timeline: Timeline,
    ) -> AnsweredCycles:
        """Every cycle's time used, breach, state and due instant (the module's docstring);
        *priorities*: the names the ranks stand for; *tickets*: how many."""
        cycles, pieces = self._rows()
        ticket, start, end, end_rank = cycles.ticket, cycles.start, cycles.end, cycles.end_rank
        metric, order, arm = cycles.metric, cycles.order, cycles.arm
        stopped, running, final = cycles.stopped, cycles.running, cycles.final
        total = len(ticket)
        piece_cycle, since, until, rank, check, reopened = pieces
        sort = np.argsort(piece_cycle, kind="stable")  # by cycle, each in its own order
        piece_cycle = piece_cycle[sort]
        since, until, rank, check = since[sort], until[sort], rank[sort], check[sort]
        reopened = reopened[sort]
        targets = TargetsInForce(columnar, priorities, plan, schedule, timeline)
        final_key = end_rank * 3 + metric
        texts = targets.texts(final_key)
        piece_key = rank * 3 + metric[piece_cycle]
        other = np.flatnonzero(piece_key != final_key[piece_cycle])  # before a re-grade
        # the targets in force at each cycle's end, and at those pieces (asked at once)
        both_need, both_calendar, both_has = targets.amounts(
            np.concatenate([final_key, piece_key[other]]),
            np.concatenate([start, start[piece_cycle[other]]]),
        )
        final_need, final_calendar, final_has = (
            both_need[:total],
            both_calendar[:total],
            both_has[:total],
        )
        need = final_need[piece_cycle]
        calendar, has = final_calendar[piece_cycle], final_has[piece_cycle]
        if len(other):
            need[other], calendar[other], has[other] = (
                both_need[total:],
                both_calendar[total:],
                both_has[total:],
            )
        if total and int(max(need.max(initial=0), final_need.max())) > AMOUNT_LIMIT // 10_000:
            raise Declined
        refused = np.zeros(tickets, dtype=bool)
        refused[ticket[final_has & (final_need <= 0)]] = True  # a zero target: the engine's
        refused[ticket[piece_cycle[has & (need <= 0)]]] = True
        measure = partial(timeline_elapsed, timeline)
        reach_many = partial(timeline_reach, timeline)
        thresholds = columnar.targets.thresholds
        marks = _marks(thresholds, metric[piece_cycle], need)
        used, breached_at, fired = walk_many(
            piece_cycle, since, until, need, calendar, has, check, total, measure, reach_many,
            marks, check | reopened,
        )  # fmt: skip
        for number, listed in enumerate(thresholds):  # (the columns past a metric's own)
            fired[metric == number, len(listed) :] = True
        runs_now = running & final & ~stopped & final_has
        next_at, next_index = next_threshold_many(
            end, used, _marks(thresholds, metric, final_need), fired, runs_now, final_calendar,
            reach_many,
        )  # fmt: skip
        breached = breached_at != MISSING
        due = due_many(
            breached_at, used, final_need, end, running & final, final_calendar, reach_many
        )
        code = np.where(
            breached,
            CODE_BREACHED,
            np.where(stopped, CODE_MET, np.where(running, CODE_RUNNING, CODE_PAUSED)),
        ).astype(np.int8)
        code[~final_has] = CODE_INACTIVE  # no target in force: nothing shown
        due[~final_has] = MISSING
        return AnsweredCycles(
            tickets, ticket, metric, order, arm, code, due, used, stopped, breached_at, texts,
            refused, (np.where(final_has, final_need, 0), next_at, next_index),
        )  # fmt: skip


def _marks(
    thresholds: Sequence[Sequence[Threshold]],
    metrics: NDArray[np.int64],
    amounts: NDArray[np.int64],
) -> NDArray[np.int64]:
    """The marks of each clock's thresholds (:func:`threshold_marks`: those of its *metrics*
    for its target's *amounts*), a column per threshold, as many as the metric with the
    most has; a metric's columns past its own thresholds hold a mark never reached."""
    width = max(map(len, thresholds))
    found = np.full((len(amounts), width), AMOUNT_LIMIT, dtype=np.int64)
    for number, listed in enumerate(thresholds):
        rows = np.flatnonzero(metrics == number)
        if len(rows) and listed:
            found[rows, : len(listed)] = threshold_marks(listed, amounts[rows])
    return found


class TargetsInForce:
    """The targets in force by priority rank and metric (``rank * 3 + metric``) for a plan:
    their amounts from a cycle's start, kinds of time and texts."""

    def __init__(
        self,
        tickets: ColumnarTickets,
        priorities: list[str],
        plan: int,
        schedule: BaseSchedule,
        timeline: Timeline,
    ) -> None:
        self._targets = [
            tickets.targets_of(priority, plan)[metric]
            for priority in priorities
            for metric in range(3)
        ]
        self._tickets = tickets
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
                opening = by_year_runs(partial(next_open_span, timeline), begins, which)
                closes = self._tickets.closes(self._schedule, opening, span.days)
                amount[which] = timeline_elapsed(timeline, begins, closes)
            else:
                amount[which] = span // ONE_MICROSECOND
        return amount, calendar, has

    def texts(self, keys: NDArray[np.int64]) -> NDArray[np.object_]:
        """Each target as text (``None`` where there is none)."""
        table = np.array([None if t is None else str(t) for t in self._targets], dtype=object)
        found: NDArray[np.object_] = table[keys]
        return found


class AnsweredCycles:
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
        ahead: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]],
    ) -> None:
        self.refused = refused
        self._amount, self._next_at, self._next_index = ahead
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
            hit = breached_at[cycles] != MISSING
            np.add.at(breaches, owners[hit], 1)
            first = np.full(tickets, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(first, owners[hit], breached_at[cycles][hit])
            first[breaches == 0] = MISSING
            final_arm = np.full(tickets, -1, dtype=np.int64)
            final_arm[ticket[final]] = arm[final]
            armed = np.zeros(tickets, dtype=bool)  # a breach in the last cycle's arm
            armed[owners[hit & (arm[cycles] == final_arm[owners])]] = True
            self._by_metric.append((last, breaches, first, armed))
        self._code, self._due, self._used, self._stopped = code, due, used, stopped
        self._texts = texts

    def columns(self, metric: str, places: NDArray[np.intp]) -> MetricColumns:
        """The :class:`MetricColumns` of *metric* for the tickets at *places*: a breach is
        final within an arm of cycles (every response cycle until a re-arming, every
        resolution cycle), while each update cycle is judged on its own."""
        last, breaches, first, armed = self._by_metric[METRICS.index(metric)]
        cycle = last[places]
        some = cycle >= 0
        chosen = cycle[some]
        size = len(places)
        code = np.zeros(size, dtype=np.int8)
        due = np.full(size, MISSING, dtype=np.int64)
        used = np.zeros(size, dtype=np.int64)
        stopped = np.zeros(size, dtype=bool)
        targets = np.full(size, None, dtype=object)
        amount = np.zeros(size, dtype=np.int64)
        next_at = np.full(size, MISSING, dtype=np.int64)
        next_index = np.full(size, -1, dtype=np.int64)
        amount[some] = self._amount[chosen]
        next_at[some] = self._next_at[chosen]
        next_index[some] = self._next_index[chosen]
        code[some] = self._code[chosen]
        due[some] = self._due[chosen]
        used[some] = self._used[chosen]
        stopped[some] = self._stopped[chosen]
        targets[some] = self._texts[chosen]
        counted = breaches[places].copy()
        firsts = first[places].copy()
        inactive = code == CODE_INACTIVE
        code[armed[places] & ~inactive] = CODE_BREACHED
        used[inactive], stopped[inactive], counted[inactive] = 0, False, 0
        firsts[inactive] = MISSING
        amount[inactive], next_at[inactive], next_index[inactive] = 0, MISSING, -1
        return MetricColumns(
            targets, code, due, used, stopped, counted, firsts, amount, next_at, next_index
        )
