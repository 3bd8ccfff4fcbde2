"""The columnar path of an event log's report: tickets whose events only pause, resume,
respond, update and solve (or close) them, evaluated many at a time.

Which stretches of time each clock of a ticket runs depends only on the kinds of its events,
in order, not on their instants: a pause halts every running clock and a resume runs them
again, the first reply stops the response clock and starts the update cadence, an update
starts a fresh update cycle, a solve stops every clock. :func:`_sketch` works that out once
per sequence of kinds, following the engine's rules (``tracking._Machine``) with event
numbers for instants. The instants of every ticket with that sequence then fill the sketch
in a column at a time, and each clock cycle's answers follow from business time over its
runs (``docs/design.md``, "Event logs, a batch at a time"):

* time used: the sum of ``measure(from, until)`` over its runs;
* breached at ``reach(from, amount - before)``, in the first run of nonzero length whose
  time reaches the amount (``before``: the time used by the earlier runs), if that run goes
  on past that instant; else at the start of the next run of nonzero length (the engine's
  check at every event, which events splitting a run leave unchanged);
* due, when not breached: ``reach(end, amount - used)`` from where it stopped or from
  ``now`` while it runs; none while paused, nor when it stopped while paused.

Tickets with other events (re-grades, plan changes, reopenings), a row the columnar reading
cannot vouch for, events out of time order or after ``now``, a sequence of kinds the engine
refuses, or a group the columnar functions refuse go to the engine, which answers (or
rejects) them as before. A result *object* is the engine's own, made when asked for.
Loaded only when numpy is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from ._fast_read import _NONE, _UNREAD, _localized, _read_instants, _texts
from ._fast_report import (
    _BREACHED,
    _LIMIT,
    _LOW,
    _MET,
    _PAUSED,
    _RUNNING,
    FastTickets,
    _elapsed,
    _MetricColumns,
    _Refuse,
    _Results,
)
from .columnar import _add_span, _by_span, _is_open_span, _next_open_span, _nonzero
from .durations import BusinessDays
from .errors import SlaclockError
from .events import _kind
from .files import Row
from .policy import METRICS, Target
from .zones import ONE_MICROSECOND

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._timeline import Timeline
    from .report import Columns, TicketResult
    from .schedule import BaseSchedule

__all__ = ["FastEvents"]

_KINDS = ("created", "paused", "resumed", "responded", "updated", "solved", "closed")
"""The kinds of event the columnar path follows (their codes: places in this tuple)."""
_CREATED, _PAUSE, _RESUME, _RESPOND, _UPDATE, _SOLVE, _CLOSE = range(len(_KINDS))
_OTHER = -1
"""A kind the columnar path leaves to the engine (or one it does not know)."""
_NOW = -1
"""In a sketch: the report's ``now`` rather than an event."""
RESPONSE, UPDATE, RESOLUTION = (METRICS.index(m) for m in ("response", "update", "resolution"))


class _Cycle(NamedTuple):
    """One cycle of one clock in a sketch: events are numbered from 0 (``created``)."""

    metric: int  # its place in METRICS
    start: int  # the event the cycle starts at (its target is worked out from there)
    runs: tuple[tuple[int, int], ...]  # (from, until) of each stretch it runs; _NOW
    end: int  # the event that stopped it, or _NOW
    running: bool  # whether it ran until its end (else it was paused)


class _Sketch(NamedTuple):
    """A ticket's clock cycles and final state, for one sequence of kinds."""

    cycles: tuple[_Cycle, ...]
    state: str


@lru_cache(maxsize=4096)
def _sketch(kinds: tuple[int, ...], has: tuple[bool, bool, bool]) -> _Sketch | None:
    """The cycles of a ticket with events of *kinds* (``created`` first) whose metrics have a
    target where *has* says (in METRICS order), as the engine runs them; ``None`` where the
    engine rejects the sequence (a resume while not paused, a pause once solved, an event
    after closing, a second creation)."""
    state = "open"
    started = [False, False, False]
    stopped = [False, False, False]
    running: list[int | None] = [None, None, None]
    paused: list[int | None] = [None, None, None]
    begun = [0, 0, 0]
    runs: list[list[tuple[int, int]]] = [[], [], []]
    cycles: list[_Cycle] = []

    def stop(metric: int, at: int) -> None:
        since = running[metric]
        if since is not None:
            runs[metric].append((since, at))
            running[metric] = None
        paused[metric] = None
        stopped[metric] = True
        cycles.append(_Cycle(metric, begun[metric], tuple(runs[metric]), at, since is not None))

    def begin(metric: int, at: int) -> None:  # a fresh cycle (``_start_cycle``)
        if not has[metric]:
            return
        started[metric], stopped[metric], begun[metric], runs[metric] = True, False, at, []
        if state == "paused":
            paused[metric], running[metric] = at, None
        else:
            running[metric] = at

    def resume(at: int) -> None:
        for metric in range(3):
            if paused[metric] is not None:
                paused[metric], running[metric] = None, at

    def update(at: int) -> None:
        if not started[UPDATE] or state in ("solved", "closed"):
            return  # no cadence before the first response or after solving
        stop(UPDATE, at)
        begin(UPDATE, at)

    def solve(at: int) -> None:
        nonlocal state
        if state == "solved":
            return
        if state == "paused":
            resume(at)
        for metric in range(3):
            if started[metric] and not stopped[metric]:
                stop(metric, at)
        state = "solved"

    if not kinds or kinds[0] != _CREATED:
        return None
    for metric in (RESPONSE, RESOLUTION):
        begin(metric, 0)
    for at, kind in enumerate(kinds[1:], 1):
        if state == "closed" or kind in (_CREATED, _OTHER):
            return None
        if kind == _PAUSE:
            if state == "paused":
                continue  # a repeated pause is ignored
            if state == "solved":
                return None
            for metric in range(3):
                since = running[metric]
                if since is not None:
                    runs[metric].append((since, at))
                    running[metric], paused[metric] = None, at
                elif started[metric] and not stopped[metric]:
                    paused[metric] = at
            state = "paused"
        elif kind == _RESUME:
            if state != "paused":
                return None
            resume(at)
            state = "open"
        elif kind == _RESPOND:
            if started[RESPONSE] and not stopped[RESPONSE]:
                stop(RESPONSE, at)
                begin(UPDATE, at)
            else:
                update(at)  # later replies are updates
        elif kind == _UPDATE:
            update(at)
        elif kind == _SOLVE:
            solve(at)
        else:  # closed
            if state != "solved":
                solve(at)
            state = "closed"
    for metric in range(3):
        if started[metric] and not stopped[metric]:
            since = running[metric]
            if since is not None:
                runs[metric].append((since, _NOW))
            cycles.append(
                _Cycle(metric, begun[metric], tuple(runs[metric]), _NOW, since is not None)
            )
    return _Sketch(tuple(cycles), state)


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
        self._machine = tickets._machine
        self._options = tickets._options
        self._kinds: dict[str, int] = {}
        self._targets: dict[tuple[str, int], tuple[Target | None, ...]] = {}

    def _kind(self, text: Any) -> int:
        if type(text) is not str:
            return _OTHER
        code = self._kinds.get(text)
        if code is None:
            try:
                kind = _kind(text)
            except SlaclockError:
                kind = ""
            code = self._kinds[text] = _KINDS.index(kind) if kind in _KINDS else _OTHER
        return code

    def _targets_of(self, priority: str, plan: int) -> tuple[Target | None, ...]:
        key = (priority, plan)
        found = self._targets.get(key)
        if found is None:
            name = self._machine.plans[plan].name
            lookup = self._machine._lookup
            found = self._targets[key] = tuple(lookup(priority, m, name) for m in METRICS)
        return found

    texts = staticmethod(_texts)

    def evaluate(
        self,
        rows: _Batch,
        columns: Columns,
        tickets: Sequence[tuple[str, Sequence[int]]],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> tuple[list[tuple[_EventGroup, NDArray[np.intp], NDArray[np.intp]]], list[bool]]:
        """The tickets of a batch the columnar path answers: per group of them (one plan and
        priority), the group, the places of its members and the place of each one's first
        row in *rows*; and, per ticket of *tickets* (each its id and the places of its rows
        in *rows*, in input order), whether it is answered. *replay* makes a ticket's result
        object from its rows (the engine)."""
        answered = [False] * len(tickets)
        flat = np.array([k for _, places in tickets for k in places], dtype=np.intp)
        if not len(flat):
            return [], answered
        kinds = np.array(
            [self._kind(text) for text in _texts(rows.column(columns.event))], dtype=np.int64
        )[flat]
        micros, aware, read = _read_instants(rows.column(columns.at))
        priorities = _texts(rows.column(columns.priority))
        plans = _texts(rows.column(columns.plan))
        reasons = _texts(rows.column(columns.reason))
        plain = np.array(
            [q is None and p is not _UNREAD and n is not _UNREAD and r is not _UNREAD
             for q, p, n, r in zip(rows.problems, priorities, plans, reasons, strict=True)],
            dtype=bool,
        )  # fmt: skip
        ok = (read & (micros != _NONE) & plain)[flat] & (kinds != _OTHER)
        sizes = np.array([len(places) for _, places in tickets], dtype=np.intp)
        firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        good = np.logical_and.reduceat(ok, firsts) & (kinds[firsts] == _CREATED)
        good &= np.add.reduceat((kinds == _CREATED).astype(np.int64), firsts) == 1
        keys = self._tickets._keys
        chosen: dict[int, tuple[list[int], list[str]]] = {}
        heads = flat[firsts].tolist()
        for number in np.flatnonzero(good).tolist():
            head = heads[number]
            pair = (plans[head] or None, priorities[head] or "")
            if not pair[1]:
                continue  # a creation without a priority: the engine says so
            key = keys.get(pair, _UNREAD)
            if key is _UNREAD:
                key = keys[pair] = self._tickets._key(*pair)
            if key is None:
                continue
            numbers, names = chosen.setdefault(key[0], ([], []))
            numbers.append(number)
            names.append(key[1])
        found = []
        gathered = (firsts, sizes, micros[flat], aware[flat], kinds.tolist())
        for plan, (numbers, names) in chosen.items():
            try:
                groups = self._plan(plan, numbers, names, gathered, rows, tickets, replay)
            except (SlaclockError, _Refuse, OverflowError):
                continue  # the engine answers them, one by one
            for group, members in groups:
                places = np.arange(len(members), dtype=np.intp)
                at = np.array([tickets[n][1][0] for n in members], dtype=np.intp)
                found.append((group, places, at))
                for n in members:
                    answered[n] = True
        return found, answered

    def _plan(
        self,
        plan: int,
        numbers: list[int],
        names: list[str],
        gathered: tuple[Any, ...],
        rows: _Batch,
        tickets: Sequence[tuple[str, Sequence[int]]],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[tuple[_EventGroup, list[int]]]:
        """The tickets *numbers* (of priorities *names*) of one plan: their instants read in
        its zone, checked, sketched and answered; grouped by priority (with each group's
        ticket numbers)."""
        all_firsts, all_sizes, micros, aware, kinds = gathered
        schedule = self._machine.plans[plan].schedule
        timeline = schedule._timeline
        now = self._tickets._nows[plan]
        assert now is not None
        chosen = np.array(numbers, dtype=np.intp)
        sizes = all_sizes[chosen]
        firsts = all_firsts[chosen]
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
        sketches: dict[tuple[tuple[int, ...], tuple[bool, bool, bool]], list[int]] = {}
        has_of: dict[str, tuple[bool, bool, bool]] = {}
        for place, (first, size, priority, wrong_one) in enumerate(
            zip(firsts.tolist(), sizes.tolist(), names, bad.tolist(), strict=True)
        ):
            if wrong_one:
                continue
            has = has_of.get(priority)
            if has is None:
                targets = self._targets_of(priority, plan)
                has = has_of[priority] = (
                    targets[0] is not None, targets[1] is not None, targets[2] is not None
                )  # fmt: skip
            sketches.setdefault((tuple(kinds[first : first + size]), has), []).append(place)
        cycles = _Cycles()
        states = np.full(len(numbers), "", dtype=object)
        for (kind, has), places in sketches.items():
            sketch = _sketch(kind, has)
            if sketch is None:
                continue  # the engine rejects them
            members = np.array(places, dtype=np.intp)
            matrix = instants[local_firsts[members][:, None] + np.arange(len(kind))]
            cycles.add(sketch, members, matrix, now)
            states[members] = sketch.state
        if not cycles.count:
            return []
        ranks = sorted(set(names))
        rank_of = {name: k for k, name in enumerate(ranks)}
        answers = cycles.answer(
            self, ranks, np.array([rank_of[n] for n in names]), plan, schedule, timeline, now
        )
        kept = (states != "") & ~answers.refused
        groups = []
        name_array = np.array(names, dtype=object)
        for priority in ranks:
            ours = np.flatnonzero(kept & (name_array == priority))
            if not len(ours):
                continue
            members_of = [numbers[p] for p in ours.tolist()]
            group = _EventGroup(
                plan=self._machine.plans[plan].name,
                schedule=schedule,
                priority=priority,
                lines=[rows.lines[tickets[n][1][0]] for n in members_of],
                ids=[tickets[n][0] for n in members_of],
                created=created[ours],
                metrics={m: answers.columns(m, ours, self._targets_of(priority, plan)[i])
                         for i, m in enumerate(METRICS)},
                states=states[ours],
                rows=rows,
                places=[tickets[n][1] for n in members_of],
                replay=replay,
            )  # fmt: skip
            groups.append((group, members_of))
        return groups


class _Cycles:
    """The clock cycles of a plan's tickets, gathered sketch by sketch, then answered."""

    def __init__(self) -> None:
        self.ticket: list[NDArray[np.intp]] = []
        self.metric: list[NDArray[np.int64]] = []
        self.start: list[NDArray[np.int64]] = []
        self.end: list[NDArray[np.int64]] = []
        self.stopped: list[NDArray[np.bool_]] = []
        self.running: list[NDArray[np.bool_]] = []
        self.order: list[NDArray[np.int64]] = []  # a cycle's place among its metric's
        self.runs: list[tuple[int, NDArray[np.int64], NDArray[np.int64]]] = []  # (cycle, ...)
        self.count = 0

    def add(
        self, sketch: _Sketch, tickets: NDArray[np.intp], matrix: NDArray[np.int64], now: int
    ) -> None:
        """The cycles of *sketch* for *tickets*, whose events' instants are *matrix*'s rows."""
        size = len(tickets)

        def at(event: int) -> NDArray[np.int64]:
            if event == _NOW:
                return np.full(size, now, dtype=np.int64)
            column: NDArray[np.int64] = matrix[:, event]
            return column

        seen = [0, 0, 0]
        for cycle in sketch.cycles:
            number = self.count
            self.count += 1
            self.ticket.append(tickets)
            self.metric.append(np.full(size, cycle.metric, dtype=np.int64))
            self.start.append(at(cycle.start))
            self.end.append(at(cycle.end))
            self.stopped.append(np.full(size, cycle.end != _NOW, dtype=bool))
            self.running.append(np.full(size, cycle.running, dtype=bool))
            self.order.append(np.full(size, seen[cycle.metric], dtype=np.int64))
            seen[cycle.metric] += 1
            for start, until in cycle.runs:
                self.runs.append((number, at(start), at(until)))

    def answer(
        self,
        owner: FastEvents,
        priorities: list[str],
        ranks: NDArray[np.int64],
        plan: int,
        schedule: BaseSchedule,
        timeline: Timeline,
        now: int,
    ) -> _Answered:
        """Every cycle's time used, state and due instant (see the module's docstring);
        *ranks*: each ticket's priority, a place in *priorities*."""
        # The cycles (a sketch's k-th cycle for each of its tickets, then the next) are
        # numbered here one by one; each run knows its sketch cycle, so its cycle is that
        # cycle's block offset plus the ticket's place in the block.
        sizes = [len(t) for t in self.ticket]
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
        ticket = np.concatenate(self.ticket)
        metric = np.concatenate(self.metric)
        start = np.concatenate(self.start)
        end = np.concatenate(self.end)
        stopped = np.concatenate(self.stopped)
        running = np.concatenate(self.running)
        order = np.concatenate(self.order)
        total = len(ticket)
        tickets = len(ranks)
        # targets: by each ticket's priority and the cycle's metric
        key = ranks[ticket] * 3 + metric
        amount = np.zeros(total, dtype=np.int64)
        calendar = np.zeros(total, dtype=bool)
        for value in np.unique(key).tolist():
            target = owner._targets_of(priorities[value // 3], plan)[value % 3]
            assert target is not None
            which = np.flatnonzero(key == value)
            calendar[which] = target.clock == "calendar"
            span = target.amount
            if isinstance(span, BusinessDays):
                begins = start[which]
                opening = _by_span(partial(_next_open_span, timeline), begins, which)
                closes = owner._tickets._closes(schedule, opening, span.days)
                amount[which] = _elapsed(timeline, begins, closes)
            else:
                amount[which] = span // ONE_MICROSECOND
        if total and int(amount.max()) > _LIMIT // 10_000:
            raise _Refuse
        refused = np.zeros(tickets, dtype=bool)
        refused[ticket[amount <= 0]] = True  # a zero target: the engine's
        # the runs, in cycle order and, within a cycle, in time order
        run_cycle = np.concatenate(
            [offsets[c] + np.arange(len(s), dtype=np.int64) for c, s, _ in self.runs]
            or [np.zeros(0, dtype=np.int64)]
        )
        run_from = np.concatenate([s for _, s, _ in self.runs] or [np.zeros(0, dtype=np.int64)])
        run_until = np.concatenate([u for _, _, u in self.runs] or [np.zeros(0, dtype=np.int64)])
        sort = np.argsort(run_cycle, kind="stable")
        run_cycle, run_from, run_until = run_cycle[sort], run_from[sort], run_until[sort]
        on_calendar = calendar[run_cycle]
        gained = run_until - run_from
        business = np.flatnonzero(~on_calendar)
        if len(business):
            gained[business] = _elapsed(timeline, run_from[business], run_until[business])
        sums = np.concatenate([[0], np.cumsum(gained)])
        low = np.searchsorted(run_cycle, np.arange(total), side="left")
        high = np.searchsorted(run_cycle, np.arange(total), side="right")
        used = sums[high] - sums[low]
        before = sums[:-1] - sums[low[run_cycle]]
        need = amount[run_cycle]
        left = need - before
        checked = (run_until > run_from) & (before + gained >= need)
        due_there = run_from.copy()
        reaching = np.flatnonzero(checked & (left > 0))
        if len(reaching):
            due_there[reaching] = _reach(
                timeline, run_from[reaching], left[reaching], on_calendar[reaching]
            )
        hit = np.flatnonzero(checked & (run_until > due_there))
        breached_at = np.full(total, _NONE, dtype=np.int64)
        if len(hit):
            cycles_hit, first = np.unique(run_cycle[hit], return_index=True)
            breached_at[cycles_hit] = due_there[hit[first]]
        breached = breached_at != _NONE
        due = np.full(total, _NONE, dtype=np.int64)
        ahead = np.flatnonzero(~breached & running)
        if len(ahead):
            rest = amount[ahead] - used[ahead]
            due[ahead] = _reach(timeline, end[ahead], np.maximum(rest, 0), calendar[ahead])
        due[breached] = breached_at[breached]
        code = np.where(
            breached, _BREACHED, np.where(stopped, _MET, np.where(running, _RUNNING, _PAUSED))
        ).astype(np.int8)
        return _Answered(tickets, ticket, metric, order, code, due, used, stopped, refused)


def _reach(
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


class _Answered:
    """Every cycle's answers, and how to read a metric's columns for some tickets: the last
    cycle's state, due instant, time used and stop; the breaches of every cycle."""

    def __init__(
        self,
        tickets: int,
        ticket: NDArray[np.intp],
        metric: NDArray[np.int64],
        order: NDArray[np.int64],
        code: NDArray[np.int8],
        due: NDArray[np.int64],
        used: NDArray[np.int64],
        stopped: NDArray[np.bool_],
        refused: NDArray[np.bool_],
    ) -> None:
        self.refused = refused
        self._by_metric = []
        for number in range(3):
            cycles = np.flatnonzero(metric == number)
            last = np.full(tickets, -1, dtype=np.int64)  # each ticket's last cycle (-1: none)
            latest = np.full(tickets, -1, dtype=np.int64)
            np.maximum.at(latest, ticket[cycles], order[cycles])
            final = cycles[order[cycles] == latest[ticket[cycles]]]
            last[ticket[final]] = final
            breaches = np.zeros(tickets, dtype=np.int64)
            np.add.at(breaches, ticket[cycles], (code[cycles] == _BREACHED).astype(np.int64))
            self._by_metric.append((last, breaches))
        self._code, self._due, self._used, self._stopped = code, due, used, stopped

    def columns(self, metric: str, places: NDArray[np.intp], target: Target | None) -> Any:
        """The :class:`_MetricColumns` of *metric* for the tickets at *places*."""
        last, breaches = self._by_metric[METRICS.index(metric)]
        cycle = last[places]
        some = cycle >= 0
        chosen = cycle[some]
        code = np.zeros(len(places), dtype=np.int8)
        due = np.full(len(places), _NONE, dtype=np.int64)
        used = np.zeros(len(places), dtype=np.int64)
        stopped = np.zeros(len(places), dtype=bool)
        code[some] = self._code[chosen]
        due[some] = self._due[chosen]
        used[some] = self._used[chosen]
        stopped[some] = self._stopped[chosen]
        return _MetricColumns(target, code, due, used, stopped, breaches[places])


class _EventGroup(_Results):
    """Tickets of an event log of one plan and priority, answered on the columnar path:
    their metric columns; a ticket's result object is the engine's (from its rows)."""

    def __init__(
        self,
        *,
        plan: str,
        schedule: BaseSchedule,
        priority: str,
        lines: list[int],
        ids: list[str],
        created: NDArray[np.int64],
        metrics: dict[str, _MetricColumns],
        states: NDArray[np.object_],
        rows: _Batch,
        places: list[Sequence[int]],
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> None:
        self.plan = plan
        self.schedule = schedule
        self.priority = priority
        self.lines = lines
        self.ids = ids
        self.created = created
        self.metrics = metrics
        self.states = states
        self.rows = rows
        self.places = places  # each member's rows, as places in rows
        self.replay = replay

    def _columns_of(self, ks: NDArray[np.intp]) -> dict[str, _MetricColumns]:
        return {
            metric: _MetricColumns(
                c.target, c.code[ks], c.due[ks], c.used[ks], c.stopped[ks], c.breaches[ks]
            )
            for metric, c in self.metrics.items()
        }

    def _solved(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        states = self.states[ks]
        solved: NDArray[np.bool_] = (states == "solved") | (states == "closed")
        return solved

    def _states(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        states: NDArray[np.object_] = self.states[ks]
        return states

    def result(self, k: int) -> TicketResult:
        return self.replay(self.ids[k], [self.rows.row(i) for i in self.places[k]])

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        return sum(len(self.places[k]) for k in ks.tolist())
