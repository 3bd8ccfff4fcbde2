"""The columnar path of an event log's report: tickets evaluated many at a time.

Which stretches of time each clock of a ticket runs depends only on the kinds of its events,
in order, not on their instants: a pause halts every running clock and a resume runs them
again, the first reply stops the response clock and starts the update cadence, an update
starts a fresh update cycle, a solve stops every clock, a re-grade changes the target in
force (or, under ``regrade="restart"``, starts fresh cycles), a reopening runs the resolution
clock again. :func:`_sketch` works that out once per sequence of kinds, following the
engine's rules (``tracking._Machine``) with event numbers for instants. The instants of every
ticket with that sequence then fill the sketch in a column at a time, and each clock cycle's
answers follow from business time over its runs (``docs/design.md``, "Event logs, a batch at
a time"):

* time used: the sum of ``measure(from, until)`` over its runs, each under the target of the
  priority in force;
* breached at ``reach(from, amount - before)``, in the first run of nonzero length whose
  time reaches the amount (``before``: the time used by the earlier runs), if that run goes
  on past that instant; else at the start of the next run of nonzero length (the engine's
  check at every event, which events splitting a run leave unchanged); or at a re-grade,
  when the time used already passes the new target;
* due, when not breached: ``reach(end, amount - used)`` from where it stopped or from
  ``now`` while it runs; none while paused, nor when it stopped while paused.

Plan changes, reopenings under ``rearm_response``, a running clock re-graded to a priority
without a target for it, a row the columnar reading cannot vouch for, events out of time
order or after ``now``, a sequence of kinds the engine refuses, or a group the columnar
functions refuse go to the engine, which answers (or rejects) them as before. A result
*object* is the engine's own, made when asked for. Loaded only when numpy is installed.
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

_KINDS = (
    "created",
    "paused",
    "resumed",
    "responded",
    "updated",
    "solved",
    "closed",
    "priority_changed",
    "reopened",
)
"""The kinds of event the columnar path follows (their codes: places in this tuple)."""
_CREATED, _PAUSE, _RESUME, _RESPOND, _UPDATE, _SOLVE, _CLOSE, _REGRADE, _REOPEN = range(len(_KINDS))
_OTHER = -1
"""A kind the columnar path leaves to the engine (or one it does not know)."""
_NOW = -1
"""In a sketch: the report's ``now`` rather than an event."""
RESPONSE, UPDATE, RESOLUTION = (METRICS.index(m) for m in ("response", "update", "resolution"))

Flags = tuple[bool, bool, bool]
"""Which metrics (in METRICS order) a priority sets a target for."""
_NONES: list[tuple[None, ...]] = [(None,) * size for size in range(64)]


class _Piece(NamedTuple):
    """A stretch a clock runs, between two events (or ``now``), under the target of the
    priority an event set (``source``); or, as ``check``, a re-grade at ``start``, where the
    clock breaches if the time it used passes the new target."""

    start: int
    until: int
    source: int
    check: bool = False


class _Cycle(NamedTuple):
    """One cycle of one clock in a sketch: events are numbered from 0 (``created``)."""

    metric: int  # its place in METRICS
    start: int  # the event the cycle starts at (a business-days target counts from there)
    pieces: tuple[_Piece, ...]
    end: int  # the event that stopped it (or started the next cycle), or _NOW
    running: bool  # whether it ran until its end (else it was paused)
    source: int  # the event whose priority sets its target at its end
    stopped: bool  # stopped by a reply, an update or a solve (not running at ``now``)


class _Sketch(NamedTuple):
    """A ticket's clock cycles and final state, for one sequence of kinds."""

    cycles: tuple[_Cycle, ...]
    state: str
    priority: int  # the event that set the ticket's final priority


@lru_cache(maxsize=8192)
def _sketch(
    kinds: tuple[int, ...],
    flags: tuple[Flags | None, ...],
    restart_regrade: bool = False,
    restart_reopen: bool = False,
    rearm: bool = False,
) -> _Sketch | None:
    """The cycles of a ticket with events of *kinds* (``created`` first), as the engine
    runs them; *flags*: for each event that sets a priority, which metrics that priority
    has a target for. ``None`` where the engine rejects the sequence (a resume while not
    paused, a pause once solved, an event after closing, a second creation) or where the
    columnar path leaves it to the engine (a running clock re-graded to a priority
    without a target for it, a reopening without a resolution clock, or under
    ``rearm_response``). The other arguments are the :class:`~slaclock.tracking.Options`."""
    state = "open"
    current = 0  # the event that set the ticket's priority
    started = [False, False, False]
    stopped = [False, False, False]
    running: list[int | None] = [None, None, None]
    paused: list[int | None] = [None, None, None]
    begun = [0, 0, 0]
    source = [0, 0, 0]
    pieces: list[list[_Piece]] = [[], [], []]
    cycles: list[_Cycle] = []

    def halt(metric: int, at: int) -> None:
        since = running[metric]
        if since is not None:
            pieces[metric].append(_Piece(since, at, source[metric]))
            running[metric] = None

    def close(metric: int, at: int, ran: bool, done: bool) -> None:
        cycles.append(
            _Cycle(metric, begun[metric], tuple(pieces[metric]), at, ran, source[metric], done)
        )

    def stop(metric: int, at: int) -> None:
        ran = running[metric] is not None
        halt(metric, at)
        paused[metric] = None
        stopped[metric] = True
        close(metric, at, ran, True)

    def begin(metric: int, at: int) -> None:  # a fresh cycle (``_start_cycle``)
        has = flags[current]
        assert has is not None
        if not has[metric]:
            return
        started[metric], stopped[metric], begun[metric] = True, False, at
        source[metric], pieces[metric] = current, []
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

    def regrade(at: int) -> bool:
        has = flags[at]
        assert has is not None
        for metric in range(3):
            if not started[metric] or stopped[metric]:
                continue
            if not has[metric]:
                return False  # a clock without a target goes on: the engine's
            ran = running[metric] is not None
            halt(metric, at)
            if restart_regrade:  # a fresh cycle from the change, breaches kept
                close(metric, at, ran, False)
                begun[metric], pieces[metric] = at, []
            source[metric] = at
            if not restart_regrade:
                pieces[metric].append(_Piece(at, at, at, True))
            if ran:
                running[metric] = at
        return True

    if not kinds or kinds[0] != _CREATED or flags[0] is None:
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
                if running[metric] is not None:
                    halt(metric, at)
                    paused[metric] = at
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
        elif kind == _CLOSE:
            if state != "solved":
                solve(at)
            state = "closed"
        elif kind == _REGRADE:
            if flags[at] is None:
                return None
            current = at
            if not regrade(at):
                return None
        else:  # reopened
            if state != "solved" or not started[RESOLUTION] or rearm:
                return None
            state = "open"
            if restart_reopen:
                begin(RESOLUTION, at)
            else:  # the resolution cycle goes on, with the time it used
                last = max(k for k, c in enumerate(cycles) if c.metric == RESOLUTION)
                cycles.pop(last)
                stopped[RESOLUTION] = False
                running[RESOLUTION] = at
            if started[UPDATE]:
                begin(UPDATE, at)
    for metric in range(3):
        if started[metric] and not stopped[metric]:
            ran = running[metric] is not None
            halt(metric, _NOW)
            close(metric, _NOW, ran, False)
    return _Sketch(tuple(cycles), state, current)


class _Tickets:
    """The tickets of a batch as the columnar path sees them: each one's id and rows (places
    in *rows*), and as arrays its first row's line, its id and its number of rows."""

    def __init__(self, rows: _Batch, tickets: Sequence[tuple[str, Sequence[int]]]) -> None:
        self.rows = rows
        self.tickets = tickets
        self.sizes = np.array([len(places) for _, places in tickets], dtype=np.intp)
        self.firsts = np.array([places[0] for _, places in tickets], dtype=np.intp)
        self.lines = np.array(rows.lines, dtype=np.int64)[self.firsts]
        self.ids = np.empty(len(tickets), dtype=object)
        self.ids[:] = [ticket_id for ticket_id, _ in tickets]


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

    def _codes(self, values: list[Any]) -> NDArray[np.int64]:
        """The kind of each event as a code (:data:`_OTHER`: left to the engine), read from
        the values as given (``events._kind`` strips them)."""
        memo = self._kinds
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
            code = self._kinds[text] = _KINDS.index(kind) if kind in _KINDS else _OTHER
        return code

    def _flags(self, priority: str, plan: int) -> Flags:
        """Which metrics *priority* has a target for on *plan*."""
        targets = self._targets_of(priority, plan)
        return (targets[0] is not None, targets[1] is not None, targets[2] is not None)

    def _targets_of(self, priority: str, plan: int) -> tuple[Target | None, ...]:
        key = (priority, plan)
        found = self._targets.get(key)
        if found is None:
            name = self._machine.plans[plan].name
            lookup = self._machine._lookup
            found = self._targets[key] = tuple(lookup(priority, m, name) for m in METRICS)
        return found

    texts = staticmethod(_texts)

    @staticmethod
    def unread(values: list[Any]) -> bool:
        """Whether some of *values* (of :meth:`texts`) are left to be read one by one."""
        return _UNREAD in values

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
        kinds = self._codes(rows.column(columns.event))[flat]
        micros, aware, read = _read_instants(rows.column(columns.at))
        priorities = _texts(rows.column(columns.priority))
        plans = _texts(rows.column(columns.plan))
        reasons = _texts(rows.column(columns.reason))
        problems = rows.problems
        if _UNREAD in priorities or _UNREAD in plans or _UNREAD in reasons:
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
        batch = _Tickets(rows, tickets)
        sizes = batch.sizes
        firsts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        names: dict[int, str] = {}  # the priority each re-grade sets (by flat place)
        for place in np.flatnonzero(kinds == _REGRADE).tolist():
            text = priorities[flat[place]]
            name = self._tickets._priority(text) if text else None
            if name is None:
                ok[place] = False  # a re-grade without a priority the policy knows: the engine's
            else:
                names[place] = name
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
            numbers, created_as = chosen.setdefault(key[0], ([], []))
            numbers.append(number)
            created_as.append(key[1])
        found = []
        gathered = (firsts, sizes, micros[flat], aware[flat], kinds.tolist(), names)
        for plan, (numbers, created_as) in chosen.items():
            try:
                groups = self._plan(plan, numbers, created_as, gathered, batch, replay)
            except (SlaclockError, _Refuse, OverflowError):
                continue  # the engine answers them, one by one
            for group in groups:
                members = group.numbers
                found.append((group, np.arange(len(members), dtype=np.intp), batch.firsts[members]))
                for n in members.tolist():
                    answered[n] = True
        return found, answered

    def _plan(
        self,
        plan: int,
        numbers: list[int],
        names: list[str],
        gathered: tuple[Any, ...],
        batch: _Tickets,
        replay: Callable[[str, list[Row]], TicketResult],
    ) -> list[_EventGroup]:
        """The tickets *numbers* (of priorities *names*) of one plan: their instants read in
        its zone, checked, sketched and answered; grouped by final priority."""
        all_firsts, all_sizes, micros, aware, kinds, _ = gathered
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
        options = self._options
        extra = (options.regrade == "restart", options.reopen == "restart", options.rearm_response)
        regraded: dict[int, str] = gathered[5]
        ranks = sorted(set(names) | set(regraded.values()))
        rank_of = {name: k for k, name in enumerate(ranks)}
        has_of = {name: self._flags(name, plan) for name in ranks}
        event_ranks = np.full(len(spots), -1, dtype=np.int64)  # where an event sets a priority
        event_ranks[local_firsts] = [rank_of[name] for name in names]
        sketches: dict[tuple[tuple[int, ...], tuple[Flags | None, ...]], list[int]] = {}
        for place, (first, size, priority, wrong_one) in enumerate(
            zip(firsts.tolist(), sizes.tolist(), names, bad.tolist(), strict=True)
        ):
            if wrong_one:
                continue
            kind = tuple(kinds[first : first + size])
            if _REGRADE in kind:
                flags: tuple[Flags | None, ...] = tuple(
                    has_of[priority] if k == _CREATED
                    else has_of[regraded[first + e]] if k == _REGRADE
                    else None
                    for e, k in enumerate(kind)
                )  # fmt: skip
                local = int(local_firsts[place])
                for e, k in enumerate(kind):
                    if k == _REGRADE:
                        event_ranks[local + e] = rank_of[regraded[first + e]]
            else:
                nones = _NONES[size - 1] if size <= len(_NONES) else (None,) * (size - 1)
                flags = (has_of[priority], *nones)
            sketches.setdefault((kind, flags), []).append(place)
        cycles = _Cycles()
        states = np.full(len(numbers), "", dtype=object)
        finals = np.full(len(numbers), -1, dtype=np.int64)  # each ticket's final priority
        for (kind, flags), places in sketches.items():
            sketch = _sketch(kind, flags, *extra)
            if sketch is None:
                continue  # the engine answers (or rejects) them
            members = np.array(places, dtype=np.intp)
            spread = local_firsts[members][:, None] + np.arange(len(kind))
            cycles.add(sketch, members, instants[spread], event_ranks[spread], now)
            states[members] = sketch.state
            finals[members] = event_ranks[local_firsts[members] + sketch.priority]
        if not cycles.count:
            return []
        answers = cycles.answer(self, ranks, len(numbers), plan, schedule, timeline)
        kept = (states != "") & ~answers.refused
        groups = []
        numbered = np.array(numbers, dtype=np.intp)
        for rank, priority in enumerate(ranks):
            ours = np.flatnonzero(kept & (finals == rank))
            if not len(ours):
                continue
            group = _EventGroup(
                plan=self._machine.plans[plan].name,
                schedule=schedule,
                priority=priority,
                numbers=numbered[ours],
                batch=batch,
                created=created[ours],
                metrics={metric: answers.columns(metric, ours) for metric in METRICS},
                states=states[ours],
                replay=replay,
            )
            groups.append(group)
        return groups


class _Cycles:
    """The clock cycles of a plan's tickets, gathered sketch by sketch, then answered."""

    def __init__(self) -> None:
        self.cycles: list[tuple[NDArray[Any], ...]] = []  # per sketch cycle: its arrays
        self.kinds: list[tuple[int, bool, bool, bool, int]] = []  # and what all its share
        self.pieces: list[tuple[NDArray[Any], ...]] = []  # per sketch piece: its arrays
        self.piece_kinds: list[tuple[int, bool]] = []  # (sketch cycle, check)
        self.count = 0

    def add(
        self,
        sketch: _Sketch,
        tickets: NDArray[np.intp],
        matrix: NDArray[np.int64],
        ranks: NDArray[np.int64],
        now: int,
    ) -> None:
        """The cycles of *sketch* for *tickets*, whose events' instants are *matrix*'s rows
        (and priorities *ranks*' rows, where an event sets one)."""
        nows = np.full(len(tickets), now, dtype=np.int64)

        def at(event: int) -> NDArray[np.int64]:
            column: NDArray[np.int64] = nows if event == _NOW else matrix[:, event]
            return column

        seen = [0, 0, 0]
        for cycle in sketch.cycles:
            number = self.count
            self.count += 1
            final = cycle.stopped or cycle.end == _NOW
            self.cycles.append((tickets, at(cycle.start), at(cycle.end), ranks[:, cycle.source]))
            self.kinds.append((cycle.metric, cycle.stopped, cycle.running, final,
                               seen[cycle.metric]))  # fmt: skip
            seen[cycle.metric] += 1
            for piece in cycle.pieces:
                self.pieces.append((at(piece.start), at(piece.until), ranks[:, piece.source]))
                self.piece_kinds.append((number, piece.check))

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
        *priorities*: the names the ranks of :meth:`add` stand for; *tickets*: how many."""
        # The cycles (a sketch's k-th cycle for each of its tickets, then the next) are
        # numbered one block at a time; a piece's cycle is its block's offset plus the
        # ticket's place in the block.
        ticket, start, end, end_rank = (
            np.concatenate(parts) for parts in zip(*self.cycles, strict=True)
        )
        sizes = np.array([len(c[0]) for c in self.cycles], dtype=np.int64)
        shared = np.array(self.kinds, dtype=np.int64).reshape(-1, 5)
        metric, stops, runs, finals, order = (np.repeat(shared[:, k], sizes) for k in range(5))
        stopped, running, final = stops.astype(bool), runs.astype(bool), finals.astype(bool)
        total = len(ticket)
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        empty = np.zeros(0, dtype=np.int64)
        if self.pieces:
            since, until, rank = (np.concatenate(parts) for parts in zip(*self.pieces, strict=True))
            kinds = np.array(self.piece_kinds, dtype=np.int64).reshape(-1, 2)
            counts = sizes[kinds[:, 0]]
            blocks = np.repeat(offsets[kinds[:, 0]], counts)
            within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            piece_cycle = blocks + within
            check = np.repeat(kinds[:, 1].astype(bool), counts)
        else:
            since = until = rank = piece_cycle = empty
            check = np.zeros(0, dtype=bool)
        sort = np.argsort(piece_cycle, kind="stable")  # by cycle, each in its own order
        piece_cycle = piece_cycle[sort]
        since, until, rank, check = since[sort], until[sort], rank[sort], check[sort]
        targets = _Targets(owner, priorities, plan, schedule, timeline)
        final_key = end_rank * 3 + metric
        final_need, final_calendar = targets.amounts(final_key, start)
        texts = targets.texts(final_key)
        piece_key = rank * 3 + metric[piece_cycle]
        need, calendar = final_need[piece_cycle], final_calendar[piece_cycle]
        other = np.flatnonzero(piece_key != final_key[piece_cycle])  # before a re-grade
        if len(other):
            need[other], calendar[other] = targets.amounts(
                piece_key[other], start[piece_cycle[other]]
            )
        if total and int(max(need.max(initial=0), final_need.max())) > _LIMIT // 10_000:
            raise _Refuse
        refused = np.zeros(tickets, dtype=bool)
        refused[ticket[final_need <= 0]] = True  # a zero target: the engine's
        refused[ticket[piece_cycle[need <= 0]]] = True
        gained = until - since
        business = np.flatnonzero(~calendar & ~check)
        if len(business):
            gained[business] = _elapsed(timeline, since[business], until[business])
        gained[check] = 0
        sums = np.concatenate([[0], np.cumsum(gained)])
        every = np.arange(total)
        low = np.searchsorted(piece_cycle, every, side="left")
        high = np.searchsorted(piece_cycle, every, side="right")
        used = sums[high] - sums[low]
        before = sums[:-1] - sums[low[piece_cycle]]
        left = need - before
        reaches = ~check & (until > since) & (before + gained >= need)
        due_there = since.copy()
        reaching = np.flatnonzero(reaches & (left > 0))
        if len(reaching):
            due_there[reaching] = _reach(
                timeline, since[reaching], left[reaching], calendar[reaching]
            )
        hit = np.flatnonzero((reaches & (until > due_there)) | (check & (before > need)))
        breached_at = np.full(total, _NONE, dtype=np.int64)
        if len(hit):
            cycles_hit, first = np.unique(piece_cycle[hit], return_index=True)
            breached_at[cycles_hit] = due_there[hit[first]]
        breached = breached_at != _NONE
        due = np.full(total, _NONE, dtype=np.int64)
        ahead = np.flatnonzero(~breached & running & final)
        if len(ahead):
            rest = np.maximum(final_need[ahead] - used[ahead], 0)
            due[ahead] = _reach(timeline, end[ahead], rest, final_calendar[ahead])
        due[breached] = breached_at[breached]
        code = np.where(
            breached, _BREACHED, np.where(stopped, _MET, np.where(running, _RUNNING, _PAUSED))
        ).astype(np.int8)
        return _Answered(
            tickets, ticket, metric, order, code, due, used, stopped, breached_at, texts, refused
        )


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
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """Each target's amount (µs; 0 where there is none) for a clock from *starts*, and
        whether it is on the calendar clock."""
        amount = np.zeros(len(keys), dtype=np.int64)
        calendar = np.zeros(len(keys), dtype=bool)
        timeline = self._timeline
        for key in np.unique(keys).tolist():
            target = self._targets[key]
            if target is None:
                continue
            which = np.flatnonzero(keys == key)
            calendar[which] = target.clock == "calendar"
            span = target.amount
            if isinstance(span, BusinessDays):
                begins = starts[which]
                opening = _by_span(partial(_next_open_span, timeline), begins, which)
                closes = self._owner._tickets._closes(self._schedule, opening, span.days)
                amount[which] = _elapsed(timeline, begins, closes)
            else:
                amount[which] = span // ONE_MICROSECOND
        return amount, calendar

    def texts(self, keys: NDArray[np.int64]) -> NDArray[np.object_]:
        """Each target as text (``None`` where there is none)."""
        table = np.array([None if t is None else str(t) for t in self._targets], dtype=object)
        found: NDArray[np.object_] = table[keys]
        return found


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
    """Every cycle's answers, and a metric's columns for some tickets: the last cycle's
    state, due instant, time used, stop and target; every cycle's breaches, the first."""

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
            self._by_metric.append((last, breaches, first))
        self._code, self._due, self._used, self._stopped = code, due, used, stopped
        self._texts = texts

    def columns(self, metric: str, places: NDArray[np.intp]) -> _MetricColumns:
        """The :class:`_MetricColumns` of *metric* for the tickets at *places*: a breach is
        final for the response and the resolution (their state stays breached), while the
        update state is its last cycle's."""
        last, breaches, first = self._by_metric[METRICS.index(metric)]
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
        counted = breaches[places]
        if metric != "update":
            code[counted > 0] = _BREACHED
        return _MetricColumns(targets, code, due, used, stopped, counted, first[places])


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

    def result(self, k: int) -> TicketResult:
        ticket_id, places = self.batch.tickets[int(self.numbers[k])]
        rows = self.batch.rows
        return self.replay(ticket_id, [rows.row(i) for i in places])

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        return int(self.batch.sizes[self.numbers[ks]].sum())

    def _lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        numbers = self.numbers[ks]
        return self.batch.lines[numbers], self.batch.ids[numbers]
