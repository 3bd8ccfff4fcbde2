"""The rules of a ticket's life, in one place: which clock runs, from which event to which.

Which stretches of time each clock of a ticket runs, and under the target set by which
event, depends only on the kinds of its events, in order, and on five options — never on
their instants. :func:`program` works that out once per sequence of kinds (cached) into a
:class:`Program`: each metric's *cycles*, each cycle a list of *pieces* (a run, a pause, the
check a re-grade makes, the marks a reopening fires), events named by their number (0 is ``created``) and
:data:`NOW` for the instant a status is asked at. The clock arithmetic over a program's
pieces lives in :mod:`slaclock.tickets.clocks`; everything that answers a ticket — one at a
time or a column of them — reads the same program.

The rules (``docs/ticket-life.md`` shows each with an example):

* ``created`` starts the first response and resolution clocks; they count business time of
  the plan in force (calendar time for a calendar target), only while the ticket is open.
  A clock runs whether or not the priority in force sets a target for it: a metric whose
  target is unset is *inactive*, and a re-grade that gives it one carries the time used.
* ``paused`` stops every running clock until ``resumed``; a pause while paused is ignored.
* The **first response** is the first ``responded``, or a ``solved`` when nobody replied
  before it: it stops the response clock and starts the update cadence. Later replies are
  updates: each ``updated`` (or reply) while open or paused starts a fresh update cycle.
* ``solved`` stops every clock (a pause ends there: a clock stopped while paused has no due
  instant); a repeated solve is ignored.
  ``closed`` solves the ticket if it is not solved; nothing may follow it.
* ``priority_changed`` and ``plan_changed`` (to a priority or plan not already in force:
  else they change nothing) re-target the clocks that are going: under
  ``regrade="carry"`` the new target applies from the clock's start, carrying the time used
  (a *check* piece: the clock breaches at the change if the time used passes the new
  target); under ``"restart"`` each starts a fresh cycle at the change. A change made while
  solved applies when the clocks run again: under ``"restart"`` they start afresh at the
  reopening.
* ``reopened`` resumes resolution with the time it used, under the target in force then (a
  target already passed breaches as soon as time runs; ``reopen="restart"``: a fresh cycle),
  and restarts the update cadence; with ``rearm_response`` it starts a fresh response cycle
  instead, and the cadence waits for the new first response.
* Cycles of a metric that share an *arm* are judged together ("a breach is final"): every
  response cycle until a re-arming, every resolution cycle; each update cycle alone.
* For status-style logs, which say neither "resumed" nor "reopened" (both options off by
  default): with ``reply_resumes`` a ``responded`` while paused resumes the ticket at its
  instant, then counts as itself (an ``updated`` does not: a reminder sent while waiting
  keeps the pause). With ``activity_reopens`` a ``responded`` or ``updated`` while solved
  reopens the ticket at its instant (as ``reopened`` would, under the same options), then
  counts as itself; a ``solved`` while solved closes it (in such logs the close is a second
  "resolve"); a pause, a resume, a re-grade or a plan change is no activity.

>>> from slaclock.events import KINDS
>>> kinds = tuple(KINDS.index(k) for k in ("created", "paused", "resumed", "responded"))
>>> found = program(kinds)
>>> [(METRICS[c.metric], c.start, c.end) for c in found.cycles]
[('response', 0, 3), ('resolution', 0, -1), ('update', 3, -1)]
>>> [(p.kind, p.start, p.until) for p in found.pieces if p.cycle == 0]
[('run', 0, 1), ('pause', 1, 2), ('run', 2, 3)]
>>> program((0, KINDS.index("resumed")))
Refusal(event=1, reason='the ticket is not paused')
>>> status_style = tuple(KINDS.index(k) for k in ("created", "paused", "responded"))
>>> program(status_style).state, program(status_style, reply_resumes=True).state
('paused', 'open')
>>> worked = tuple(KINDS.index(k) for k in ("created", "solved", "updated"))
>>> program(worked).state, program(worked, activity_reopens=True).state
('solved', 'open')
>>> twice = tuple(KINDS.index(k) for k in ("created", "solved", "solved"))
>>> program(twice).state, program(twice, activity_reopens=True).state
('solved', 'closed')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, NamedTuple

from ..events import KINDS
from ..policy import METRICS

__all__ = [
    "CREATED",
    "METRICS",
    "NOW",
    "RESOLUTION",
    "RESPONDED",
    "RESPONSE",
    "SOLVED",
    "UNCHANGED",
    "UPDATE",
    "Cycle",
    "Piece",
    "Program",
    "Refusal",
    "program",
]

RESPONSE, UPDATE, RESOLUTION = range(3)
NOW = -1
"""In a program: the instant the status is asked at, rather than an event."""

(
    CREATED,
    PRIORITY_CHANGED,
    PLAN_CHANGED,
    PAUSED,
    RESUMED,
    RESPONDED,
    UPDATED,
    SOLVED,
    REOPENED,
    CLOSED,
) = range(len(KINDS))
UNCHANGED = len(KINDS)
"""The code of a ``priority_changed`` or ``plan_changed`` event that sets the priority or
plan already in force: it changes nothing (but may not follow a closing)."""

PieceKind = Literal["run", "pause", "check", "marks"]


class Piece(NamedTuple):
    """A stretch of one cycle: the clock runs (``run``) or is paused (``pause``) from event
    ``start`` to event ``until`` (or :data:`NOW`); or, at ``start``, a re-grade's ``check``
    (thresholds reached fire, a target passed breaches) or a reopening's ``marks``
    (thresholds reached fire; a target passed breaches once time runs): under the priority
    set by event ``priority`` and the plan set by event ``plan``."""

    cycle: int
    kind: PieceKind
    start: int
    until: int
    priority: int
    plan: int


class Cycle(NamedTuple):
    """One cycle of one metric's clock, from event ``start`` to event ``end`` (or
    :data:`NOW`): ``stopped`` by an event (a reply, an update, a solve) or still going
    (``end`` is NOW, or a re-grade under ``"restart"`` replaced it); ``running`` at its end
    (else paused); under the priority and plan set by events ``priority`` and ``plan`` at
    its end. Cycles of a metric with the same ``arm`` are judged together; ``arrival``: it
    starts when the ticket arrives (the out-of-hours grace applies)."""

    metric: int
    start: int
    end: int
    stopped: bool
    running: bool
    priority: int
    plan: int
    arm: int
    arrival: bool


class Program(NamedTuple):
    """A sequence of kinds worked out: every cycle (in the order they start, a metric's in
    time order), their pieces (by cycle, in time order), the ticket's state, the events that
    set its final priority and plan, its pauses (the pausing event, the event that ended it
    or NOW), per metric the pausing events that paused it, and per metric the number of its
    current cycle (``None``: it never started)."""

    cycles: tuple[Cycle, ...]
    pieces: tuple[Piece, ...]
    state: Literal["open", "paused", "solved", "closed"]
    priority: int
    plan: int
    pauses: tuple[tuple[int, int], ...]
    paused_by: tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]
    finals: tuple[int | None, int | None, int | None]

    def last(self, metric: int) -> int | None:
        """The number of the metric's current cycle (``None`` if it never started)."""
        return self.finals[metric]


class Refusal(NamedTuple):
    """A sequence the rules refuse: event number ``event`` cannot happen there."""

    event: int
    reason: str


class _Going:
    """A cycle being built."""

    __slots__ = (
        "arm",
        "arrival",
        "end",
        "metric",
        "paused",
        "pieces",
        "ran",
        "running",
        "settings",
        "start",
        "stopped",
    )  # fmt: skip

    def __init__(self, metric: int, start: int, arm: int, arrival: bool) -> None:
        self.metric, self.start, self.arm, self.arrival = metric, start, arm, arrival
        self.pieces: list[tuple[PieceKind, int, int, int, int]] = []
        self.running: int | None = None  # the event it runs since
        self.paused: int | None = None  # the event it is paused since
        self.end: int | None = None  # the event it ended at (None: going)
        self.stopped = False  # ended by a reply, an update or a solve
        self.ran = False  # running when it ended
        self.settings = (0, 0)  # the events that set the priority and plan at its end


@lru_cache(maxsize=16384)
def program(
    kinds: tuple[int, ...],
    regrade_restart: bool = False,
    reopen_restart: bool = False,
    rearm_response: bool = False,
    reply_resumes: bool = False,
    activity_reopens: bool = False,
) -> Program | Refusal:
    """The program of a ticket with events of *kinds* (numbers: places in
    :data:`slaclock.events.KINDS`, ``created`` first), under the options
    ``regrade="restart"``, ``reopen="restart"``, ``rearm_response``, ``reply_resumes`` and
    ``activity_reopens``; or the :class:`Refusal` of the first event that cannot happen.
    Cached: a report's tickets share a few hundred sequences."""
    if not kinds or kinds[0] != CREATED:
        return Refusal(0, "expected 'created' first")
    state: Literal["open", "paused", "solved", "closed"] = "open"
    priority = plan = 0
    answered = False  # the first response came
    changed_solved = False  # a re-grade or plan change while solved, not yet reopened
    arms = [0, 0, 0]
    going: list[_Going | None] = [None, None, None]
    built: list[_Going] = []  # every cycle, in the order they start
    pauses: list[list[int]] = []
    paused_by: list[list[int]] = [[], [], []]

    def settle(cycle: _Going, at: int) -> None:
        """End the cycle's run or pause at *at*."""
        if cycle.running is not None:
            cycle.pieces.append(("run", cycle.running, at, priority, plan))
            cycle.running = None
        if cycle.paused is not None:
            cycle.pieces.append(("pause", cycle.paused, at, priority, plan))
            cycle.paused = None

    def begin(metric: int, at: int) -> None:
        if metric == UPDATE:
            arms[UPDATE] += 1  # each update cycle is judged on its own
        cycle = _Going(metric, at, arms[metric], at == 0)
        if state == "paused":
            cycle.paused = at
        else:
            cycle.running = at
        going[metric] = cycle
        built.append(cycle)

    def end(cycle: _Going, at: int, stopped: bool) -> None:
        cycle.end, cycle.stopped, cycle.ran = at, stopped, cycle.running is not None
        cycle.settings = (priority, plan)
        settle(cycle, at)

    def active(metric: int) -> _Going | None:
        cycle = going[metric]
        return cycle if cycle is not None and cycle.end is None else None

    def stop(metric: int, at: int) -> None:
        cycle = active(metric)
        if cycle is not None:
            end(cycle, at, True)

    def update(at: int) -> None:
        if not answered or state == "solved" or active(UPDATE) is None:
            return  # no cadence before the first response, nor once solved
        stop(UPDATE, at)
        begin(UPDATE, at)

    def solve(at: int) -> None:
        nonlocal state, answered
        if state == "paused":  # the pause ends at the solve; the clocks stop paused
            pauses[-1].append(at)
        for metric in range(3):
            stop(metric, at)
        state, answered = "solved", True

    def resume(at: int) -> None:
        nonlocal state
        for metric in range(3):
            cycle = active(metric)
            if cycle is not None:
                settle(cycle, at)
                cycle.running = at
        pauses[-1].append(at)
        state = "open"

    def reopen(at: int) -> None:
        nonlocal state, answered, changed_solved
        state = "open"
        if reopen_restart or (regrade_restart and changed_solved):
            begin(RESOLUTION, at)
        else:  # the cycle goes on with the time it used, under the target in force now
            cycle = going[RESOLUTION]
            assert cycle is not None
            cycle.end, cycle.stopped = None, False
            cycle.pieces.append(("marks", at, at, priority, plan))
            cycle.running = at
        changed_solved = False
        if rearm_response:  # a new first response is due; the cadence waits for it
            arms[RESPONSE] += 1
            begin(RESPONSE, at)
            answered = False
        else:
            begin(UPDATE, at)

    begin(RESPONSE, 0)
    begin(RESOLUTION, 0)
    for at, kind in enumerate(kinds[1:], 1):
        if kind == CREATED:
            return Refusal(at, "the ticket was already created")
        if state == "closed":
            return Refusal(at, "the ticket is closed; closed tickets stay closed")
        if kind == PAUSED:
            if state == "paused":
                continue  # a repeated pause is ignored (messy exports)
            if state == "solved":
                return Refusal(at, "the ticket is solved; reopen it before pausing")
            for metric in range(3):
                cycle = active(metric)
                if cycle is not None:
                    settle(cycle, at)
                    cycle.paused = at
                    paused_by[metric].append(at)
            pauses.append([at])
            state = "paused"
        elif kind == RESUMED:
            if state != "paused":
                return Refusal(at, "the ticket is not paused")
            resume(at)
        elif kind == RESPONDED:
            if reply_resumes and state == "paused":
                resume(at)  # a reply ends the wait (status-style logs)
            elif activity_reopens and state == "solved":
                reopen(at)  # work on a solved ticket reopens it (status-style logs)
            if answered:
                update(at)  # later replies are updates
            else:
                stop(RESPONSE, at)
                begin(UPDATE, at)
                answered = True
        elif kind == UPDATED:
            if activity_reopens and state == "solved":
                reopen(at)
            update(at)
        elif kind == SOLVED:
            if state != "solved":
                solve(at)
            elif activity_reopens:  # a second solve is the close (status-style logs)
                state = "closed"
            # else a repeated solve is ignored
        elif kind == CLOSED:
            if state != "solved":
                solve(at)
            state = "closed"
        elif kind == UNCHANGED:
            continue
        elif kind in (PRIORITY_CHANGED, PLAN_CHANGED):
            changed_solved = changed_solved or state == "solved"
            for metric in range(3):
                cycle = active(metric)
                if cycle is None:
                    continue
                if regrade_restart:  # a fresh cycle from the change; earlier breaches kept
                    end(cycle, at, False)
                    continue
                ran = cycle.running is not None
                settle(cycle, at)  # measured under the old target up to the change
                cycle.running, cycle.paused = (at, None) if ran else (None, at)
            if kind == PRIORITY_CHANGED:
                priority = at
            else:
                plan = at
            for metric in range(3):
                cycle = going[metric]
                if cycle is None:
                    continue
                if cycle.end == at and not cycle.stopped:
                    begin(metric, at)  # (restart)
                elif cycle.end is None:
                    cycle.pieces.append(("check", at, at, priority, plan))
        else:  # reopened
            if state != "solved":
                return Refusal(at, "the ticket is not solved")
            reopen(at)
    cycles: list[Cycle] = []
    pieces: list[Piece] = []
    finals = {cycle.metric: number for number, cycle in enumerate(built)}
    for number, cycle in enumerate(built):
        if cycle.end is None:  # going at now
            end(cycle, NOW, False)
        priority_at_end, plan_at_end = cycle.settings
        cycles.append(
            Cycle(
                cycle.metric,
                cycle.start,
                cycle.end if cycle.end is not None else NOW,
                cycle.stopped,
                cycle.ran,
                priority_at_end,
                plan_at_end,
                cycle.arm,
                cycle.arrival,
            )
        )
        pieces += [Piece(number, *found) for found in cycle.pieces]
    return Program(
        cycles=tuple(cycles),
        pieces=tuple(pieces),
        state=state,
        priority=priority,
        plan=plan,
        pauses=tuple((p[0], p[1] if len(p) > 1 else NOW) for p in pauses),
        paused_by=(tuple(paused_by[0]), tuple(paused_by[1]), tuple(paused_by[2])),
        finals=(finals.get(0), finals.get(1), finals.get(2)),
    )
