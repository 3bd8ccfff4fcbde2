"""A ticket's life: SLA clocks over its events, with pauses, re-grades, updates and escalation.

One pure function of (policy, events, now) answers both questions helpdesk tools ask: the
live state ("how much time is left?") and the final verdict ("was the SLA met?").

>>> import slaclock
>>> from slaclock import Event
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
calendar clock. Paused time never counts. A breach, once it has happened, is final. The rules
live in :mod:`slaclock.tickets.rules` and the arithmetic in :mod:`slaclock.tickets.clocks`;
this module reads events and answers from them, as the values of
:mod:`slaclock.tickets.status`. The questions asked of those answers live after it: which
tickets are at risk in :mod:`slaclock.risk`, why a metric is due when it is in
:mod:`slaclock.explanations`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

from .errors import InvalidEventError, InvalidTicketError, SlaclockError, message_part
from .events import KINDS, Event, order_events
from .policy import METRICS, Policy, Target, Threshold
from .schedule import BaseSchedule
from .tickets.clocks import MetricClock, Targets, metric_clocks, used_percent
from .tickets.rules import NOW, UNCHANGED, Program, Refusal, program
from .tickets.status import Escalation, EscalationState, MetricStatus, TicketStatus
from .tickets.stored import OPTION_FIELDS, read, write
from .zones import ONE_MICROSECOND, from_micros

if TYPE_CHECKING:
    from .explanations import Explanation

__all__ = [
    "Escalation",
    "EscalationState",
    "MetricStatus",
    "Options",
    "StatusDetail",
    "Ticket",
    "TicketStatus",
    "Tracker",
    "evaluate",
]


@dataclass(frozen=True, slots=True)
class Options:
    """Choices where helpdesk engines disagree; the defaults are what a support manager expects.

    * ``regrade``: ``"carry"`` (default) — a new priority's target applies from the clock's
      start, carrying the time already used; ``"restart"`` — a fresh clock from the change.
    * ``reopen``: ``"resume"`` (default) — resolution resumes with the time already used;
      ``"restart"`` — a fresh resolution clock from the reopening.
    * ``rearm_response``: whether a reopened ticket needs a new first response (default no).
    * ``grace``: extra business time for tickets that arrive while the desk is closed.
    * ``reply_resumes``: a reply (``responded``) while paused resumes the clocks (default
      no: only ``resumed`` does).
    * ``activity_reopens``: a reply or a progress update while solved reopens the ticket,
      and a second ``solved`` closes it (default no: only ``reopened`` reopens, and a
      repeated solve is ignored). These two read status-style logs, which never say
      "resumed" or "reopened" (docs/ticket-life.md, "Status-style logs").
    """

    regrade: Literal["carry", "restart"] = "carry"
    reopen: Literal["resume", "restart"] = "resume"
    rearm_response: bool = False
    grace: timedelta = timedelta(0)
    reply_resumes: bool = False
    activity_reopens: bool = False

    def __post_init__(self) -> None:
        for name in ("rearm_response", "reply_resumes", "activity_reopens"):
            if not isinstance(getattr(self, name), bool):
                raise InvalidEventError(f"{name}={getattr(self, name)!r}: expected True or False")
        if self.regrade not in ("carry", "restart"):
            raise InvalidEventError(f"regrade={self.regrade!r}: expected 'carry' or 'restart'")
        if self.reopen not in ("resume", "restart"):
            raise InvalidEventError(f"reopen={self.reopen!r}: expected 'resume' or 'restart'")
        if not isinstance(self.grace, timedelta) or self.grace < timedelta(0):
            raise InvalidEventError(f"grace={self.grace!r}: expected a timedelta of 0 or more")


@dataclass(frozen=True, slots=True)
class StatusDetail:
    """A ticket's status at an instant with what it was worked out from
    (:meth:`Ticket.status_detail`): what :func:`slaclock.explain` reads to say why a metric
    is due when it is."""

    status: TicketStatus
    clocks: tuple[MetricClock, MetricClock, MetricClock]
    """Every metric's clock at the status's ``now``, as numbers (:class:`MetricClock`:
    instants in microseconds since the epoch)."""
    zone: tzinfo
    """The zone of the plan in force, the one the status and the instants below are in."""
    schedules: tuple[BaseSchedule, ...]
    """The schedule of each of the policy's plans, by the plan number a clock's ``runs``
    name."""
    pauses: tuple[tuple[datetime, datetime | None, str | None], ...]
    """(paused at, resumed at or ``None`` while still paused, the pausing event's reason) of
    each pause the rules applied, in order."""
    changes: tuple[tuple[datetime, str, str], ...]
    """(when, ``"priority"`` or ``"plan"``, the new priority or plan) of each change applied,
    in order; a change to the priority or plan already in force is none."""


# -- a ticket: its events, read once; its answers, from the rules' program ---------------------


class Tracker:
    """Evaluates many tickets under one policy and options, sharing what they have in common
    (the targets in force, business-day deadlines by starting day). Use one per report.

    >>> import slaclock
    >>> tracker = Tracker(slaclock.default_policy())
    >>> tracker.evaluate([Event("created", "2026-11-20 16:00", priority="high")])["response"].state
    'running'
    """

    __slots__ = ("_flags", "options", "policy", "targets")

    def __init__(self, policy: Policy, options: Options | None = None) -> None:
        self.policy = policy
        self.options = options or Options()
        self.targets = policy.derived("ticket targets", lambda: Targets(policy))
        options = self.options
        self._flags = (
            options.regrade == "restart",
            options.reopen == "restart",
            options.rearm_response,
            options.reply_resumes,
            options.activity_reopens,
        )

    def open(self, created: Event) -> Ticket:
        """A ticket from its ``created`` event."""
        if not isinstance(created, Event):
            raise InvalidEventError(f"event {created!r}: expected an Event")
        if created.kind != "created":
            raise InvalidEventError(
                f"first event is {created.kind!r} at {created.at}: expected 'created' first"
            )
        targets = self.targets
        plan = targets.numbers[self.policy.plan(created.plan).name]
        schedule = targets.schedules[plan]
        at = schedule.instant(created.at)
        return self._opened(created, at, plan)

    def _opened(self, created: Event, at: int, plan: int) -> Ticket:
        priority = self.policy.priority(created.priority or "")
        grace = 0
        if self.options.grace and not self.targets.schedules[plan].timeline.is_open(at):
            grace = self.options.grace // ONE_MICROSECOND
        return Ticket(self, (created,), (at,), (0,), (priority,), (plan,), grace)

    def replay(self, events: Iterable[Event]) -> Ticket:
        """A ticket after all of *events*, sorted by the tolerant rule first."""
        policy = self.policy
        listed = list(events)
        created = next((e for e in listed if isinstance(e, Event) and e.kind == "created"), None)
        origin = policy.plan(created.plan if created is not None else None)
        schedule = origin.schedule
        instants = {
            id(event): schedule.instant(event.at) for event in listed if isinstance(event, Event)
        }
        ordered = order_events(listed, key=lambda event: instants[id(event)])
        if not ordered:
            raise InvalidEventError("no events: expected at least a 'created' event")
        creations = [event for event in ordered if event.kind == "created"]
        if not creations:
            raise InvalidEventError(
                f"no 'created' event among {len(ordered)} events: expected one, first"
            )
        if ordered[0].kind != "created":
            first = ordered[0]
            raise InvalidEventError(
                f"{first.kind} event at {first.at} is before the ticket was created at "
                f"{creations[0].at}"
            )
        ticket = self._opened(
            ordered[0], instants[id(ordered[0])], self.targets.numbers[origin.name]
        )
        for event in ordered[1:]:
            ticket = ticket._then(event, instants[id(event)])
        return ticket

    def evaluate(self, events: Iterable[Event], now: datetime | str | None = None) -> TicketStatus:
        """:func:`evaluate` under this tracker's policy and options."""
        return self.replay(events).status(now)

    def program(self, kinds: tuple[int, ...]) -> Program | Refusal:
        """The rules' program for a sequence of kinds under this tracker's options."""
        return program(kinds, *self._flags)


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
    ``evaluate(policy, [event, e1, e2], now)``. Each status reads the rules' program for the
    ticket's sequence of kinds (:mod:`slaclock.tickets.rules`) and works its clocks out
    from the events' instants (:mod:`slaclock.tickets.clocks`).
    """

    __slots__ = ("_events", "_grace", "_instants", "_kinds", "_plans", "_priorities", "_tracker")

    def __init__(
        self,
        tracker: Tracker,
        events: tuple[Event, ...],
        instants: tuple[int, ...],
        kinds: tuple[int, ...],
        priorities: tuple[str | None, ...],
        plans: tuple[int, ...],
        grace: int,
    ) -> None:
        self._tracker = tracker
        self._events = events
        self._instants = instants
        self._kinds = kinds
        self._priorities = priorities  # the priority each event sets (None: none)
        self._plans = plans  # the plan in force after each event (by number)
        self._grace = grace

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
        schedule = self._tracker.targets.schedules[self._plans[0]]
        return self._then(event, schedule.instant(event.at))

    def _then(self, event: Event, at: int) -> Ticket:
        where = message_part(f"{event.kind} event at {event.at}")
        tz = self._zone()
        if event.kind == "created":
            raise InvalidEventError(
                f"{where}: the ticket was already created at {self._events[0].at}"
            )
        if at < self._instants[0]:
            raise InvalidEventError(
                f"{where} is before the ticket was created at {from_micros(self._instants[0], tz)}"
            )
        if at < self._instants[-1]:
            raise InvalidEventError(
                f"{where} is before the previous event at "
                f"{from_micros(self._instants[-1], tz)}: expected events in time order"
            )
        kind = KINDS.index(event.kind)
        found = self._tracker.program((*self._kinds, kind))
        if isinstance(found, Refusal):
            raise InvalidEventError(f"{where}: {found.reason}")
        tracker = self._tracker
        priority = None
        plan = self._plans[-1]
        if event.kind == "priority_changed":
            priority = tracker.policy.priority(event.priority or "")
            in_force = self._priorities[self._program().priority]
            if priority == in_force:
                kind = UNCHANGED
        elif event.kind == "plan_changed":
            plan = tracker.targets.numbers[tracker.policy.plan(event.plan).name]
            if plan == self._plans[-1]:
                kind = UNCHANGED
        kinds = (*self._kinds, kind)
        return Ticket(
            tracker,
            (*self._events, event),
            (*self._instants, at),
            kinds,
            (*self._priorities, priority),
            (*self._plans, plan),
            self._grace,
        )

    @property
    def events(self) -> tuple[Event, ...]:
        """The events applied so far, in order."""
        return self._events

    @property
    def policy(self) -> Policy:
        """The policy the ticket is evaluated under."""
        return self._tracker.policy

    def _program(self) -> Program:
        found = self._tracker.program(self._kinds)
        assert not isinstance(found, Refusal)  # refused sequences never make a ticket
        return found

    def _zone(self) -> tzinfo:
        return self._tracker.targets.schedules[self._plans[-1]].tz

    def clocks(self, now: int) -> tuple[MetricClock, MetricClock, MetricClock]:
        """Every metric's clock at *now* (µs), as numbers (:class:`MetricClock`)."""
        tracker = self._tracker
        targets = tracker.targets
        priorities = self._priorities

        def setting(metric: int, priority: int, plan: int) -> Target | None:
            return targets.target(priorities[priority] or "", metric, self._plans[plan])

        return metric_clocks(
            self._program(), self._instants, self._plans, now, setting, targets, self._grace
        )

    def status(self, now: datetime | str | None = None) -> TicketStatus:
        """Every metric at *now* (default: the instant of the last event)."""
        at = self._now(now)
        return self._status(at, self.clocks(at))

    def status_detail(self, now: datetime | str | None = None) -> StatusDetail:
        """:meth:`status` at *now* (default: the instant of the last event) with what it was
        worked out from: the clocks, the plans' schedules, the pauses and the changes applied
        (:class:`StatusDetail`).

        >>> import slaclock
        >>> ticket = Ticket.replay(slaclock.default_policy(), [
        ...     Event("created", "2026-11-20 16:00", priority="low"),
        ...     Event("priority_changed", "2026-11-20 16:30", priority="high"),
        ...     Event("paused", "2026-11-20 17:00", reason="waiting on customer"),
        ... ])
        >>> detail = ticket.status_detail("2026-11-23 12:00")
        >>> detail.status == ticket.status("2026-11-23 12:00")
        True
        >>> for paused, resumed, reason in detail.pauses:
        ...     print(paused, resumed, reason)
        2026-11-20 17:00:00-05:00 None waiting on customer
        >>> for at, what, value in detail.changes:
        ...     print(at, what, value)
        2026-11-20 16:30:00-05:00 priority high
        """
        at = self._now(now)
        clocks = self.clocks(at)
        tz = self._zone()
        events, instants = self._events, self._instants
        names = self._tracker.targets.names
        changes = []
        for event, moment, priority, plan, kind in zip(
            events, instants, self._priorities, self._plans, self._kinds, strict=True
        ):
            if kind == UNCHANGED:
                continue
            if event.kind == "priority_changed":
                changes.append((from_micros(moment, tz), "priority", priority or ""))
            elif event.kind == "plan_changed":
                changes.append((from_micros(moment, tz), "plan", names[plan]))
        return StatusDetail(
            status=self._status(at, clocks),
            clocks=clocks,
            zone=tz,
            schedules=self._tracker.targets.schedules,
            pauses=tuple(
                (
                    from_micros(instants[a], tz),
                    None if b == NOW else from_micros(instants[b], tz),
                    events[a].reason,
                )
                for a, b in self._program().pauses
            ),
            changes=tuple(changes),
        )

    def _now(self, now: datetime | str | None) -> int:
        """*now* in microseconds (default: the last event), checked to be at or after it."""
        last = self._instants[-1]
        # a naive now is read as the events are: in the zone of the plan created on
        at = last if now is None else self._tracker.targets.schedules[self._plans[0]].instant(now)
        if at < last:
            tz = self._zone()
            raise InvalidEventError(
                f"now {from_micros(at, tz)} is before the last event at "
                f"{from_micros(last, tz)}: expected now at or after every event"
            )
        return at

    def _status(
        self, at: int, clocks: tuple[MetricClock, MetricClock, MetricClock]
    ) -> TicketStatus:
        """The public status of the metrics' *clocks* at *at*."""
        tz = self._zone()
        targets = self._tracker.targets
        found = self._program()
        events = self._events
        shown: dict[int, datetime] = {}  # instants repeat: a due is a breach, a stop a met

        def show(micros: int | None) -> datetime | None:
            if micros is None:
                return None
            moment = shown.get(micros)
            if moment is None:
                moment = shown[micros] = from_micros(micros, tz)
            return moment

        metrics = {
            METRICS[clock.metric]: _metric_status(
                clock, targets.thresholds[clock.metric], at, show, events
            )
            for clock in clocks
        }
        return TicketStatus(
            now=from_micros(at, tz),
            priority=self._priorities[found.priority] or "",
            plan=targets.names[self._plans[-1]],
            state=found.state,
            metrics=metrics,
        )

    def to_dict(self) -> dict[str, Any]:
        """The ticket as a document to store (schema version 1, docs/ticket-life.md): its
        options and its events, each instant in ISO 8601 with its UTC offset in the zone of
        the plan the ticket was created on. :meth:`from_dict` reads it back."""
        tz = self._tracker.targets.schedules[self._plans[0]].tz
        options = self._tracker.options
        return write(
            [(e, from_micros(at, tz)) for e, at in zip(self._events, self._instants, strict=True)],
            {name: getattr(options, name) for name in OPTION_FIELDS},
        )

    def to_json(self, **dumps: Any) -> str:
        """:meth:`to_dict` as JSON text; *dumps* go to :func:`json.dumps` (``indent=2``)."""
        return json.dumps(self.to_dict(), **dumps)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], policy: Policy) -> Ticket:
        """A ticket from a stored document (:meth:`to_dict`) under *policy*: its events
        replayed under its options. :class:`~slaclock.errors.InvalidTicketError` names the
        first bad field, or the event the policy or the ticket's life refuses."""
        events, given = read(data)
        for name, value in given.items():  # each on its own, to name the bad one
            try:
                Options(**{name: value})
            except SlaclockError as err:
                raise InvalidTicketError(f"stored ticket: options.{name}: {err}") from err
        options = Options(**given)
        for index, event in enumerate(events):
            for name, check in (("priority", policy.priority), ("plan", policy.plan)):
                value = getattr(event, name)
                if value is not None:
                    try:
                        check(value)
                    except SlaclockError as err:
                        raise InvalidTicketError(
                            f"stored ticket: events[{index}].{name}: {err}"
                        ) from err
        try:
            return Tracker(policy, options).replay(events)
        except SlaclockError as err:
            raise InvalidTicketError(f"stored ticket: events: {err}") from err

    @classmethod
    def from_json(cls, text: str | bytes, policy: Policy) -> Ticket:
        """A ticket from JSON text written by :meth:`to_json` (see :meth:`from_dict`)."""
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as err:
            raise InvalidTicketError(f"stored ticket: not JSON text: {err}") from err
        return cls.from_dict(data, policy)

    def explain(
        self,
        metric: str = "response",
        now: datetime | str | None = None,
        *,
        lang: str | None = None,
    ) -> Explanation:
        """Why a metric is due when it is: see :func:`slaclock.explain`."""
        from .explanations import explain_ticket

        return explain_ticket(self, metric, now, lang)

    def __repr__(self) -> str:
        found = self._program()
        priority = self._priorities[found.priority]
        plan = self._tracker.targets.names[self._plans[-1]]
        return f"<Ticket {priority} on {plan}, {len(self._events)} events>"


def _metric_status(
    clock: MetricClock,
    thresholds: tuple[Threshold, ...],
    now: int,
    show: Callable[[int | None], datetime | None],
    events: tuple[Event, ...],
) -> MetricStatus:
    """A metric's clock as the public value: instants as datetimes (*show*)."""

    reasons = tuple(events[k].reason or "paused" for k in clock.paused_by)
    paused = ONE_MICROSECOND * clock.paused
    amount = clock.amount
    if amount is None:  # no target in force: inactive, or breached under an earlier one
        return MetricStatus(
            METRICS[clock.metric], clock.state, None, None, show(clock.due),
            ONE_MICROSECOND * clock.used, paused, None, None, None,
            show(clock.breached_at), None, clock.breaches, (), reasons,
        )  # fmt: skip
    fired = dict(clock.fired)
    escalations = []
    for index, threshold in enumerate(thresholds):
        if index in fired:
            escalations.append(Escalation(threshold, show(fired[index]), True, "fired"))
        elif clock.pending is not None:
            at = clock.pending[index]
            done = at is not None and at <= now
            escalations.append(
                Escalation(threshold, show(at), done, "fired" if done else "pending")
            )
        else:
            stopped = clock.stopped_at is not None
            state: EscalationState = "cancelled" if stopped else "paused"
            escalations.append(Escalation(threshold, None, False, state))
    return MetricStatus(
        metric=METRICS[clock.metric],
        state=clock.state,
        target=clock.target,
        started_at=show(clock.started),
        due=show(clock.due),
        used=ONE_MICROSECOND * clock.used,
        paused=paused,
        remaining=ONE_MICROSECOND * (amount - clock.used),
        percent=used_percent(clock.used, amount) if amount else 100.0,
        met_at=show(clock.met_at),
        breached_at=show(clock.breached_at),
        stopped_at=show(clock.stopped_at),
        breaches=clock.breaches,
        escalations=tuple(escalations),
        pause_reasons=reasons,
        next_change=show(clock.next_change),
    )
