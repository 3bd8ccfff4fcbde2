"""A ticket's life: SLA clocks over its events, with pauses, re-grades, updates and escalation.

One pure function of (policy, events, now) answers both questions helpdesk tools ask: the
live state ("how much time is left?") and the final verdict ("was the SLA met?").

>>> import slaclock
>>> from slaclock.events import Event
>>> policy = slaclock.default_policy()
>>> status = evaluate(policy, [
...     Event("created", "2026-11-20 16:00", priority="high"),
...     Event("responded", "2026-11-23 10:30"),
... ], now="2026-11-23 12:00")
>>> response = status["response"]
>>> response.state
'met'
>>> print(response.due)
2026-11-23 11:00:00-05:00
>>> print(response.met_at)
2026-11-23 10:30:00-05:00
>>> print(response.used)
3:30:00

Every metric's clock runs on the business time of the ticket's plan, except targets on the
calendar clock. Paused time never counts. A breach, once it has happened, is final.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Literal, NamedTuple

from ._timeline import Timeline
from .durations import BusinessDays, format_duration
from .errors import InvalidEventError, SlaclockError
from .events import Event, order_events
from .periods import Period
from .policy import METRICS, Policy, Target, Threshold, _business_days
from .schedule import BaseSchedule, Schedule
from .zones import ONE_MICROSECOND, from_micros, to_micros

__all__ = [
    "Escalation",
    "Explanation",
    "MetricStatus",
    "Options",
    "Ticket",
    "TicketStatus",
    "Tracker",
    "evaluate",
    "explain",
]

State = Literal["inactive", "running", "paused", "met", "breached"]


@dataclass(frozen=True, slots=True)
class Options:
    """Choices where helpdesk engines disagree; the defaults are what a support manager expects.

    * ``regrade``: ``"carry"`` (default) — a new priority's target applies from the clock's
      start, carrying the time already used; ``"restart"`` — a fresh clock from the change.
    * ``reopen``: ``"resume"`` (default) — resolution resumes with the time already used;
      ``"restart"`` — a fresh resolution clock from the reopening.
    * ``rearm_response``: whether a reopened ticket needs a new first response (default no).
    * ``grace``: extra business time for tickets that arrive while the desk is closed.
    """

    regrade: Literal["carry", "restart"] = "carry"
    reopen: Literal["resume", "restart"] = "resume"
    rearm_response: bool = False
    grace: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.regrade not in ("carry", "restart"):
            raise InvalidEventError(f"regrade={self.regrade!r}: expected 'carry' or 'restart'")
        if self.reopen not in ("resume", "restart"):
            raise InvalidEventError(f"reopen={self.reopen!r}: expected 'resume' or 'restart'")
        if not isinstance(self.grace, timedelta) or self.grace < timedelta(0):
            raise InvalidEventError(f"grace={self.grace!r}: expected a timedelta of 0 or more")


@dataclass(frozen=True, slots=True)
class Escalation:
    """A threshold of a metric and the instant it fires (``None`` while the clock is paused)."""

    threshold: Threshold
    at: datetime | None
    fired: bool


@dataclass(frozen=True, slots=True)
class MetricStatus:
    """One metric of one ticket at an instant ``now``.

    ``state`` is ``inactive`` (not started, or no target), ``running``, ``paused``, ``met``
    or ``breached``; ``stopped_at`` is when the clock stopped (a reply, a solve), met or
    not. ``used`` and ``paused`` are clock time (business time for business targets);
    ``remaining`` is ``target - used`` and goes negative once overdue.
    """

    metric: str
    state: State
    target: Target | None
    started_at: datetime | None
    due: datetime | None
    used: timedelta
    paused: timedelta
    remaining: timedelta | None
    percent: float | None
    met_at: datetime | None
    breached_at: datetime | None
    stopped_at: datetime | None
    breaches: int
    escalations: tuple[Escalation, ...]
    pause_reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TicketStatus:
    """Every metric of a ticket at ``now``; ``status["response"]`` picks one."""

    now: datetime
    priority: str
    plan: str
    state: Literal["open", "paused", "solved", "closed"]
    metrics: Mapping[str, MetricStatus]

    def __getitem__(self, metric: str) -> MetricStatus:
        return self.metrics[metric]


# -- the clocks ------------------------------------------------------------------------------


class _Clock(NamedTuple):
    """One metric's clock, in integer microseconds. Immutable: every change is a copy
    (``_replace``, which is several times cheaper than ``dataclasses.replace``)."""

    metric: str
    target: Target | None = None
    amount: int | None = None  # the target in clock microseconds
    started: int | None = None  # the current cycle's start
    running_since: int | None = None
    used: int = 0
    paused_for: int = 0
    paused_since: int | None = None
    stopped_at: int | None = None
    due_at_stop: int | None = None
    met_at: int | None = None
    breached_at: int | None = None
    breaches: int = 0
    cycle_breach: int | None = None  # when the current cycle breached
    judged_from: int = 0  # breaches before the cycles its state is judged on (a re-arming)
    fired: tuple[tuple[int, int], ...] = ()  # (threshold index, instant)
    runs: tuple[tuple[int, int | None, int, bool], ...] = ()  # (from, until, plan, calendar?)
    reasons: tuple[str, ...] = ()


class _Plan(NamedTuple):
    name: str
    schedule: BaseSchedule
    number: int


class _Life(NamedTuple):
    """The whole state of a ticket after some events (what :class:`Ticket` wraps)."""

    priority: str
    plan: _Plan
    plans: tuple[_Plan, ...]
    state: Literal["open", "paused", "solved", "closed"]
    last: int
    created: int
    clocks: Mapping[str, _Clock]
    pause_reason: str | None = None
    grace: int = 0
    changes: tuple[tuple[int, str, str], ...] = ()  # (instant, what, to)
    pauses: tuple[tuple[int, int | None, str | None], ...] = ()
    origin: int = 0  # the plan created on: its zone reads naive event times
    answered: bool = False  # the first response came (a reply, or a solve before any reply)
    regraded_solved: bool = False  # a priority or plan change while solved (not yet reopened)


def _timeline(life: _Life, number: int | None = None) -> Timeline:
    plan = life.plan if number is None else life.plans[number]
    return plan.schedule._timeline


def _measure(clock: _Clock, timeline: Timeline, start: int, end: int) -> int:
    if clock.target is not None and clock.target.clock == "calendar":
        return end - start
    return timeline.elapsed(start, end)


def _reach(clock: _Clock, timeline: Timeline, start: int, amount: int) -> int:
    if amount <= 0:
        return start
    if clock.target is not None and clock.target.clock == "calendar":
        return start + amount
    return timeline.add(start, amount)


def _marks(clock: _Clock, thresholds: tuple[Threshold, ...]) -> list[tuple[int, int]]:
    """(threshold index, clock time at which it fires) for a clock with a target: the first
    microsecond at which at least the threshold's share of the target is used."""
    amount = clock.amount
    assert amount is not None
    return [
        (index, -((-amount * t.percent.numerator) // (100 * t.percent.denominator)))
        for index, t in enumerate(thresholds)
    ]


def _advance(
    clock: _Clock, timeline: Timeline, until: int, thresholds: tuple[Threshold, ...]
) -> _Clock:
    """Run a clock from ``running_since`` to ``until``: record crossings, add the time used."""
    since = clock.running_since
    if since is None or until <= since:
        return clock
    gained = _measure(clock, timeline, since, until)
    changes: dict[str, object] = {"used": clock.used + gained, "running_since": until}
    if clock.amount is not None:
        fired = list(clock.fired)
        done = {index for index, _ in fired}
        for index, mark in _marks(clock, thresholds):
            if index not in done and clock.used < mark <= clock.used + gained:
                instant = _reach(clock, timeline, since, mark - clock.used)
                if instant <= until:
                    fired.append((index, instant))
        changes["fired"] = tuple(fired)
        if clock.cycle_breach is None and clock.used + gained >= clock.amount:
            due = _reach(clock, timeline, since, clock.amount - clock.used)
            if until > due:
                changes.update(_breach(clock, due))
    return clock._replace(**changes)  # type: ignore[arg-type]


def _breach(clock: _Clock, at: int) -> dict[str, object]:
    return {
        "cycle_breach": at,
        "breaches": clock.breaches + 1,
        "breached_at": clock.breached_at if clock.breached_at is not None else at,
    }


def _settle_pause(clock: _Clock, timeline: Timeline, at: int) -> _Clock:
    """Count a running pause up to *at* on the clock as it is now, and go on from *at* (before
    the plan or the kind of time changes)."""
    if clock.paused_since is None or at <= clock.paused_since:
        return clock
    skipped = _measure(clock, timeline, clock.paused_since, at)
    return clock._replace(paused_since=at, paused_for=clock.paused_for + skipped)


def _run(clock: _Clock, at: int, plan: int) -> _Clock:
    calendar = clock.target is not None and clock.target.clock == "calendar"
    return clock._replace(running_since=at, runs=(*clock.runs, (at, None, plan, calendar)))


def _halt(clock: _Clock, at: int) -> _Clock:
    runs = clock.runs
    if runs and runs[-1][1] is None:
        runs = (*runs[:-1], (runs[-1][0], at, runs[-1][2], runs[-1][3]))
    return clock._replace(running_since=None, runs=runs)


class _Machine:
    """Applies events to a :class:`_Life`: the one reducer behind batch and incremental use."""

    def __init__(self, policy: Policy, options: Options) -> None:
        self.policy = policy
        self.options = options
        self.thresholds = {metric: policy.thresholds(metric) for metric in METRICS}
        self.plans = tuple(
            _Plan(name, plan.schedule, number)
            for number, (name, plan) in enumerate(policy.plans.items())
        )
        self._plan_by_name = {plan.name: plan for plan in self.plans}
        self._targets: dict[tuple[str, str, str], Target | None] = {}
        self._closes: dict[tuple[int, int, int], int] = {}  # business-days due, by start day

    # targets

    def _lookup(self, priority: str, metric: str, plan: str) -> Target | None:
        """The target in force, or ``None`` where the policy sets none (memoised)."""
        key = (priority, metric, plan)
        if key not in self._targets:
            try:
                self._targets[key] = self.policy.target(priority, metric, plan)
            except SlaclockError:
                self._targets[key] = None
        return self._targets[key]

    def _close_of_business(self, life: _Life, start: int, days: int) -> int:
        """The business-days due instant, which depends only on the day counting starts
        (memoised by plan, that day and the number of days)."""
        schedule = life.plan.schedule
        tz = schedule.tz
        opening = schedule._timeline.next_open(start)
        day = from_micros(opening, tz).toordinal()
        key = (life.plan.number, day, days)
        if key not in self._closes:
            self._closes[key] = to_micros(
                _business_days(schedule, from_micros(opening, tz), days), tz
            )
        return self._closes[key]

    def _target(self, life: _Life, metric: str, start: int) -> tuple[Target | None, int | None]:
        target = self._lookup(life.priority, metric, life.plan.name)
        if target is None:
            return None, None
        amount = target.amount
        timeline = _timeline(life)
        if isinstance(amount, BusinessDays):
            end = self._close_of_business(life, start, amount.days)
            micros = timeline.elapsed(start, end)
        else:
            micros = amount // ONE_MICROSECOND
        if target.clock == "business" and start == life.created:
            micros += life.grace  # only clocks that start when the ticket arrives
        return target, micros

    def _retarget(self, life: _Life, at: int) -> dict[str, _Clock]:
        """After a priority or plan change: new targets, carrying or restarting the clocks."""
        clocks = dict(life.clocks)
        for metric, clock in clocks.items():
            if clock.started is None or clock.stopped_at is not None:
                continue
            start = clock.started
            if self.options.regrade == "restart":
                clock = clock._replace(used=0, started=at, cycle_breach=None, fired=())
                start = at
            kind = clock.target.clock if clock.target is not None else None
            clock = _settle_pause(clock, _timeline(life), at)  # measured on the old clock
            target, amount = self._target(life, metric, start)
            clock = clock._replace(target=target, amount=amount)
            if clock.running_since is not None and target is not None and target.clock != kind:
                clock = _run(_halt(clock, at), at, life.plan.number)  # a new kind of time
            if amount is None:
                clocks[metric] = clock
                continue
            done = {index for index, _ in clock.fired}
            crossed = [
                (index, at)
                for index, mark in _marks(clock, self.thresholds[metric])
                if index not in done and mark <= clock.used
            ]
            clock = clock._replace(fired=(*clock.fired, *crossed))
            if clock.used > amount and clock.cycle_breach is None:
                clock = clock._replace(**_breach(clock, at))  # type: ignore[arg-type]
            clocks[metric] = clock
        return clocks

    # the events

    def start(self, event: Event) -> _Life:
        if event.kind != "created":
            raise InvalidEventError(
                f"first event is {event.kind!r} at {event.at}: expected 'created' first"
            )
        policy = self.policy
        plans = self.plans
        plan = self._plan_by_name[policy.plan(event.plan).name]
        at = plan.schedule._micros(event.at)
        priority = policy.priority(event.priority or "")
        timeline = plan.schedule._timeline
        grace = 0
        if self.options.grace and not timeline.is_open(at):
            grace = self.options.grace // ONE_MICROSECOND
        life = _Life(
            priority=priority,
            plan=plan,
            plans=plans,
            state="open",
            last=at,
            created=at,
            clocks={metric: _Clock(metric) for metric in METRICS},
            grace=grace,
            origin=plan.number,
        )
        clocks = dict(life.clocks)
        for metric in ("response", "resolution"):
            target, amount = self._target(life, metric, at)
            if target is not None:
                clocks[metric] = _run(
                    clocks[metric]._replace(target=target, amount=amount, started=at),
                    at,
                    plan.number,
                )
        return life._replace(clocks=clocks)

    def instant(self, life: _Life, event: Event) -> int:
        schedule = life.plans[life.origin].schedule
        return schedule._micros(event.at)

    def apply(self, life: _Life, event: Event, at: int) -> _Life:
        where = f"{event.kind} event at {event.at}"
        if event.kind == "created":
            raise InvalidEventError(f"{where}: the ticket was already created")
        if at < life.created:
            raise InvalidEventError(
                f"{where} is before the ticket was created at "
                f"{from_micros(life.created, life.plan.schedule.tz)}"
            )
        if at < life.last:
            raise InvalidEventError(
                f"{where} is before the previous event at "
                f"{from_micros(life.last, life.plan.schedule.tz)}: expected events in time order"
            )
        if life.state == "closed":
            raise InvalidEventError(f"{where}: the ticket is closed; closed tickets stay closed")
        life = self.advance(life, at)
        handler = getattr(self, f"_on_{event.kind}")
        life = handler(life, event, at, where)
        return life._replace(last=at)

    def advance(self, life: _Life, until: int) -> _Life:
        timeline = _timeline(life)
        clocks = {
            metric: _advance(clock, timeline, until, self.thresholds[metric])
            for metric, clock in life.clocks.items()
        }
        return life._replace(clocks=clocks)

    def _on_priority_changed(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        priority = self.policy.priority(event.priority or "")
        life = life._replace(
            priority=priority,
            changes=(*life.changes, (at, "priority", priority)),
            regraded_solved=life.regraded_solved or life.state == "solved",
        )
        return life._replace(clocks=self._retarget(life, at))

    def _on_plan_changed(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        name = self.policy.plan(event.plan).name
        plan = self._plan_by_name[name]
        running = {
            metric for metric, clock in life.clocks.items() if clock.running_since is not None
        }
        timeline = _timeline(life)
        clocks = {
            metric: _halt(clock, at) if metric in running else _settle_pause(clock, timeline, at)
            for metric, clock in life.clocks.items()
        }
        life = life._replace(
            plan=plan,
            clocks=clocks,
            changes=(*life.changes, (at, "plan", name)),
            regraded_solved=life.regraded_solved or life.state == "solved",
        )
        clocks = self._retarget(life, at)
        for metric in running:
            clocks[metric] = _run(clocks[metric], at, plan.number)
        return life._replace(clocks=clocks)

    def _on_paused(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.state == "paused":
            return life  # a repeated pause while paused is ignored (messy exports)
        if life.state == "solved":
            raise InvalidEventError(f"{where}: the ticket is solved; reopen it before pausing")
        reason = event.reason or "paused"
        clocks = {}
        for metric, clock in life.clocks.items():
            if clock.running_since is not None:
                clock = _halt(clock, at)._replace(paused_since=at, reasons=(*clock.reasons, reason))
            elif clock.started is not None and clock.stopped_at is None:
                clock = clock._replace(paused_since=at, reasons=(*clock.reasons, reason))
            clocks[metric] = clock
        return life._replace(
            state="paused",
            clocks=clocks,
            pause_reason=reason,
            pauses=(*life.pauses, (at, None, reason)),
        )

    def _on_resumed(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.state != "paused":
            raise InvalidEventError(f"{where}: the ticket is not paused")
        timeline = _timeline(life)
        clocks = {}
        for metric, clock in life.clocks.items():
            if clock.paused_since is not None:
                skipped = _measure(clock, timeline, clock.paused_since, at)
                clock = _run(
                    clock._replace(paused_since=None, paused_for=clock.paused_for + skipped),
                    at,
                    life.plan.number,
                )
            clocks[metric] = clock
        start, _, reason = life.pauses[-1]
        return life._replace(
            state="open",
            clocks=clocks,
            pause_reason=None,
            pauses=(*life.pauses[:-1], (start, at, reason)),
        )

    def _stop(self, life: _Life, clock: _Clock, at: int) -> _Clock:
        timeline = _timeline(life)
        due = None
        if clock.amount is not None:
            if clock.running_since is not None:
                due = _reach(clock, timeline, clock.running_since, clock.amount - clock.used)
            elif clock.paused_since is not None:
                due = None
        met = clock.met_at if clock.cycle_breach is not None else at
        clock = _halt(clock, at)
        if clock.paused_since is not None:
            skipped = _measure(clock, timeline, clock.paused_since, at)
            clock = clock._replace(paused_since=None, paused_for=clock.paused_for + skipped)
        return clock._replace(stopped_at=at, due_at_stop=due, met_at=met)

    def _start_cycle(self, life: _Life, clock: _Clock, at: int, fresh: bool) -> _Clock:
        """A new cycle of a clock from *at*: *fresh* starts from zero with the target worked
        out from *at*; otherwise the clock resumes with the time it used, under the target in
        force now (worked out from the clock's start)."""
        if fresh or clock.started is None:
            target, amount = self._target(life, clock.metric, at)
        else:  # the target in force now, from the clock's start (a re-grade while solved)
            target, amount = self._target(life, clock.metric, clock.started)
        if target is None and (fresh or clock.started is None):
            return clock
        clock = clock._replace(
            target=target,
            amount=amount,
            started=at if fresh else clock.started,
            stopped_at=None,
            due_at_stop=None,
            met_at=None,
            cycle_breach=None if fresh else clock.cycle_breach,
            fired=() if fresh else clock.fired,
            used=0 if fresh else clock.used,
        )
        if not fresh and amount is not None:  # marks the carried time already reached
            done = {index for index, _ in clock.fired}
            crossed = [
                (index, at)
                for index, mark in _marks(clock, self.thresholds[clock.metric])
                if index not in done and mark <= clock.used
            ]
            clock = clock._replace(fired=(*clock.fired, *crossed))
        if life.state == "paused":
            return clock._replace(paused_since=at, running_since=None)
        return _run(clock, at, life.plan.number)

    def _on_responded(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.answered:
            return self._on_updated(life, event, at, where)  # later replies are updates
        clocks = dict(life.clocks)
        response = clocks["response"]
        if response.started is not None and response.stopped_at is None:
            clocks["response"] = self._stop(life, response, at)
        clocks["update"] = self._start_cycle(life, clocks["update"], at, fresh=True)
        return life._replace(clocks=clocks, answered=True)

    def _on_updated(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        clocks = dict(life.clocks)
        update = clocks["update"]
        if not life.answered or update.started is None or life.state in ("solved", "closed"):
            return life  # no cadence before the first response or after solving
        clocks["update"] = self._start_cycle(life, self._stop(life, update, at), at, fresh=True)
        return life._replace(clocks=clocks)

    def _on_solved(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.state == "solved":
            return life  # a repeated solve is ignored
        if life.state == "paused":
            life = self._on_resumed(life, event, at, where)
        clocks = {
            metric: self._stop(life, clock, at)
            if clock.started is not None and clock.stopped_at is None
            else clock
            for metric, clock in life.clocks.items()
        }
        return life._replace(state="solved", clocks=clocks, answered=True)

    def _on_reopened(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.state != "solved":
            raise InvalidEventError(f"{where}: the ticket is not solved")
        clocks = dict(life.clocks)
        options = self.options
        # A re-grade (or plan change) while solved applies when the clocks run again: under
        # regrade="restart" they start afresh from the reopening.
        restart = options.reopen == "restart" or (
            life.regraded_solved and options.regrade == "restart"
        )
        life = life._replace(state="open", regraded_solved=False)
        clocks["resolution"] = self._start_cycle(life, clocks["resolution"], at, fresh=restart)
        if options.rearm_response:  # a new first response is due; the cadence waits for it
            response = clocks["response"]._replace(judged_from=clocks["response"].breaches)
            clocks["response"] = self._start_cycle(life, response, at, fresh=True)
            life = life._replace(answered=False)
        else:
            clocks["update"] = self._start_cycle(life, clocks["update"], at, fresh=True)
        return life._replace(clocks=clocks)

    def _on_closed(self, life: _Life, event: Event, at: int, where: str) -> _Life:
        if life.state != "solved":
            life = self._on_solved(life, event, at, where)
        return life._replace(state="closed")

    # reading the state at an instant

    def status(self, life: _Life, now: int) -> TicketStatus:
        tz = life.plan.schedule.tz
        if now < life.last:
            raise InvalidEventError(
                f"now {from_micros(now, tz)} is before the last event at "
                f"{from_micros(life.last, tz)}: expected now at or after every event"
            )
        ahead = self.advance(life, now)
        metrics = {
            metric: self._metric(ahead, clock, now, tz) for metric, clock in ahead.clocks.items()
        }
        return TicketStatus(
            now=from_micros(now, tz),
            priority=life.priority,
            plan=life.plan.name,
            state=life.state,
            metrics=metrics,
        )

    def _metric(self, life: _Life, clock: _Clock, now: int, tz: tzinfo) -> MetricStatus:
        timeline = _timeline(life)

        def show(micros: int | None) -> datetime | None:
            return None if micros is None else from_micros(micros, tz)

        thresholds = self.thresholds[clock.metric]
        paused_for = clock.paused_for
        if clock.paused_since is not None:
            paused_for += _measure(clock, timeline, clock.paused_since, now)
        if clock.started is None or clock.amount is None:
            return MetricStatus(
                clock.metric, "inactive", clock.target, None, None, timedelta(0),
                ONE_MICROSECOND * paused_for, None, None, None, None, None, 0, (), clock.reasons,
            )  # fmt: skip
        due: int | None
        if clock.stopped_at is not None:
            due = clock.due_at_stop
        elif clock.running_since is not None:
            due = _reach(clock, timeline, clock.running_since, clock.amount - clock.used)
        else:
            due = None
        state: State
        if clock.cycle_breach is not None:
            due = clock.cycle_breach  # the instant the target was passed
        if clock.cycle_breach is not None or (
            clock.breaches > clock.judged_from and clock.metric != "update"
        ):
            state = "breached"  # final; update and re-armed response cycles start afresh
        elif clock.stopped_at is not None:
            state = "met"
        elif clock.running_since is not None:
            state = "running"
        else:
            state = "paused"
        fired = dict(clock.fired)
        escalations = []
        for index, mark in _marks(clock, thresholds):
            if index in fired:
                escalations.append(Escalation(thresholds[index], show(fired[index]), True))
            elif clock.running_since is not None and clock.stopped_at is None:
                at = _reach(clock, timeline, clock.running_since, mark - clock.used)
                escalations.append(Escalation(thresholds[index], show(at), at <= now))
            else:
                escalations.append(Escalation(thresholds[index], None, False))
        started = clock.started
        if clock.target is not None and clock.target.clock == "business":
            started = timeline.next_open(started)
        return MetricStatus(
            metric=clock.metric,
            state=state,
            target=clock.target,
            started_at=show(started),
            due=show(due),
            used=ONE_MICROSECOND * clock.used,
            paused=ONE_MICROSECOND * paused_for,
            remaining=ONE_MICROSECOND * (clock.amount - clock.used),
            percent=round(100 * clock.used / clock.amount, 2) if clock.amount else 100.0,
            met_at=show(clock.met_at if state == "met" else None),
            breached_at=show(clock.breached_at),
            stopped_at=show(clock.stopped_at),
            breaches=clock.breaches,
            escalations=tuple(escalations),
            pause_reasons=clock.reasons,
        )


# -- the public entry points --------------------------------------------------------------------


def evaluate(
    policy: Policy,
    events: Iterable[Event],
    now: datetime | str | None = None,
    *,
    options: Options | None = None,
) -> TicketStatus:
    """Every metric of a ticket at *now* (default: the last event), from its events.

    Events may come unsorted; equal instants keep their order, ``created`` first. A naive
    event time is read in the zone of the plan the ticket was created on.
    """
    ticket = Ticket.replay(policy, events, options=options)
    return ticket.status(now)


class Ticket:
    """A ticket's state after some events: immutable; :meth:`apply` returns a new one.

    ``Ticket.open(policy, event).apply(e1).apply(e2).status(now)`` equals
    ``evaluate(policy, [event, e1, e2], now)``.
    """

    __slots__ = ("_events", "_life", "_machine")

    def __init__(self, machine: _Machine, life: _Life, events: tuple[Event, ...]) -> None:
        self._machine = machine
        self._life = life
        self._events = events

    @classmethod
    def open(cls, policy: Policy, created: Event, *, options: Options | None = None) -> Ticket:
        """A ticket from its ``created`` event."""
        return Tracker(policy, options).open(created)

    @classmethod
    def replay(
        cls, policy: Policy, events: Iterable[Event], *, options: Options | None = None
    ) -> Ticket:
        """A ticket after all of *events*, sorted by the tolerant rule first."""
        return Tracker(policy, options).replay(events)

    def apply(self, event: Event) -> Ticket:
        """The ticket after one more event (which must not be earlier than the last)."""
        if not isinstance(event, Event):
            raise InvalidEventError(f"event {event!r}: expected an Event")
        return self._apply_at(event, self._machine.instant(self._life, event))

    def _apply_at(self, event: Event, at: int) -> Ticket:
        life = self._machine.apply(self._life, event, at)
        return Ticket(self._machine, life, (*self._events, event))

    @property
    def events(self) -> tuple[Event, ...]:
        """The events applied so far, in order."""
        return self._events

    def status(self, now: datetime | str | None = None) -> TicketStatus:
        """Every metric at *now* (default: the instant of the last event)."""
        schedule = self._life.plan.schedule
        at = self._life.last if now is None else schedule._micros(now)
        return self._machine.status(self._life, at)

    def explain(self, metric: str = "response", now: datetime | str | None = None) -> Explanation:
        """Why a metric is due when it is: see :func:`explain`."""
        return _explain(self, metric, now)

    def __repr__(self) -> str:
        return (
            f"<Ticket {self._life.priority} on {self._life.plan.name}, {len(self._events)} events>"
        )


class Tracker:
    """Evaluates many tickets under one policy and options, sharing what they have in common
    (the targets in force, business-day deadlines by starting day). Use one per report.

    >>> import slaclock
    >>> tracker = Tracker(slaclock.default_policy())
    >>> tracker.evaluate([Event("created", "2026-11-20 16:00", priority="high")])["response"].state
    'running'
    """

    __slots__ = ("_machine",)

    def __init__(self, policy: Policy, options: Options | None = None) -> None:
        self._machine = _Machine(policy, options or Options())

    def open(self, created: Event) -> Ticket:
        """A ticket from its ``created`` event."""
        if not isinstance(created, Event):
            raise InvalidEventError(f"event {created!r}: expected an Event")
        return Ticket(self._machine, self._machine.start(created), (created,))

    def replay(self, events: Iterable[Event]) -> Ticket:
        """A ticket after all of *events*, sorted by the tolerant rule first."""
        policy = self._machine.policy
        listed = list(events)
        created = next((e for e in listed if isinstance(e, Event) and e.kind == "created"), None)
        origin = policy.plan(created.plan if created is not None else None).schedule
        instants = {
            id(event): origin._micros(event.at) for event in listed if isinstance(event, Event)
        }
        ordered = order_events(listed, key=lambda event: instants[id(event)])
        if not ordered:
            raise InvalidEventError("no events: expected at least a 'created' event")
        creations = [event for event in ordered if event.kind == "created"]
        if not creations:
            raise InvalidEventError(
                f"no 'created' event among {len(ordered)} events: expected one, first"
            )
        if len(creations) > 1:
            raise InvalidEventError(
                f"created event at {creations[1].at}: the ticket was already created at "
                f"{creations[0].at}"
            )
        if ordered[0].kind != "created":
            first = ordered[0]
            raise InvalidEventError(
                f"{first.kind} event at {first.at} is before the ticket was created at "
                f"{creations[0].at}"
            )
        ticket = self.open(ordered[0])
        for event in ordered[1:]:
            ticket = ticket._apply_at(event, instants[id(event)])
        return ticket

    def evaluate(self, events: Iterable[Event], now: datetime | str | None = None) -> TicketStatus:
        """:func:`evaluate` under this tracker's policy and options."""
        return self.replay(events).status(now)


# -- explanations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a metric is due when it is: open time consumed, closures and pauses skipped,
    priority and plan changes applied. ``str()`` gives a text for a support agent."""

    metric: str
    status: MetricStatus
    consumed: tuple[tuple[datetime, datetime], ...]
    closures: tuple[tuple[str, str], ...]
    pauses: tuple[tuple[datetime, datetime | None, str | None], ...]
    changes: tuple[tuple[datetime, str, str], ...]
    zone: str = field(default="")

    def __str__(self) -> str:
        status = self.status
        lines = [f"{self.metric}: {status.state}, target {status.target or 'none'}"]
        if status.started_at is not None:
            lines.append(f"  counting from {status.started_at:%a %Y-%m-%d %H:%M}")
        for at, what, to in self.changes:
            lines.append(f"  {at:%a %Y-%m-%d %H:%M}  {what} changed to {to}")
        for opening, closing in self.consumed:
            used = format_duration(Period(opening, closing).length)
            lines.append(f"  open {opening:%a %Y-%m-%d %H:%M} - {closing:%H:%M}  ({used})")
        for paused_at, resumed_at, reason in self.pauses:
            until = f"{resumed_at:%a %Y-%m-%d %H:%M}" if resumed_at is not None else "now"
            lines.append(f"  paused {paused_at:%a %Y-%m-%d %H:%M} - {until}  ({reason})")
        for day, name in self.closures:
            lines.append(f"  closed {day}  ({name})")
        if status.due is not None:
            lines.append(f"  due {status.due:%a %Y-%m-%d %H:%M %Z}")
        if status.met_at is not None:
            lines.append(f"  met {status.met_at:%a %Y-%m-%d %H:%M}")
        if status.breached_at is not None:
            lines.append(f"  breached {status.breached_at:%a %Y-%m-%d %H:%M}")
        return "\n".join(lines)


def explain(
    policy: Policy,
    events: Iterable[Event],
    metric: str = "response",
    now: datetime | str | None = None,
    *,
    options: Options | None = None,
) -> Explanation:
    """The open periods a metric consumed, the closures and pauses it skipped, the changes
    applied — so a support agent can see *why* a ticket is due when it is."""
    return _explain(Ticket.replay(policy, events, options=options), metric, now)


def _explain(ticket: Ticket, metric: str, now: datetime | str | None) -> Explanation:
    from .policy import _metric

    key = _metric(metric)
    status = ticket.status(now)
    life = ticket._life
    tz = life.plan.schedule.tz
    clock = life.clocks[key]
    metric_status = status[key]
    end_micros = to_micros(metric_status.due or status.now, tz)
    if clock.stopped_at is not None:
        end_micros = clock.stopped_at
    consumed: list[tuple[datetime, datetime]] = []
    closures: dict[str, str] = {}
    for start, until, number, calendar in clock.runs:
        stop = min(until if until is not None else end_micros, end_micros)
        if stop <= start:
            continue
        schedule = life.plans[number].schedule
        if calendar:
            consumed.append((from_micros(start, tz), from_micros(stop, tz)))
        else:
            for a, b in schedule._timeline.periods(start, stop):
                consumed.append((from_micros(a, tz), from_micros(b, tz)))
        closures.update(_closures(schedule, start, stop))
    return Explanation(
        metric=key,
        status=metric_status,
        consumed=tuple(consumed),
        closures=tuple(sorted(closures.items())),
        pauses=tuple(
            (from_micros(a, tz), None if b is None else from_micros(b, tz), reason)
            for a, b, reason in life.pauses
        ),
        changes=tuple((from_micros(at, tz), what, to) for at, what, to in life.changes),
    )


def _closures(schedule: BaseSchedule, start: int, stop: int) -> Iterator[tuple[str, str]]:
    """Dates between two instants that the calendar closes although the hours would open."""
    if not isinstance(schedule, Schedule):
        return
    from .calendars import closure_name

    tz = schedule.tz
    day = from_micros(start, tz).date()
    last = from_micros(stop, tz).date()
    while day <= last:
        if (
            day not in schedule.overrides
            and schedule.hours.days[day.weekday()]
            and day in schedule.calendar
        ):
            yield day.isoformat(), closure_name(schedule.calendar, day) or "closed"
        day += timedelta(days=1)
