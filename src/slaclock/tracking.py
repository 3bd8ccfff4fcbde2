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
this module reads events and answers from them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, Literal

from .durations import format_duration, format_remaining, parse_duration
from .errors import (
    InvalidDurationError,
    InvalidEventError,
    InvalidTicketError,
    SlaclockError,
    message_part,
    shown,
)
from .events import KINDS, Event, order_events
from .languages import Translation, translation
from .periods import Period
from .policy import METRICS, Policy, Target, Threshold, metric_name
from .schedule import BaseSchedule, Schedule
from .tickets.clocks import (
    MetricClock,
    State,
    Targets,
    breaches_within,
    metric_clocks,
    used_percent,
)
from .tickets.rules import NOW, UNCHANGED, Program, Refusal, program
from .tickets.stored import OPTION_FIELDS, read, write
from .zones import ONE_MICROSECOND, from_micros, to_micros

__all__ = [
    "AtRisk",
    "Escalation",
    "EscalationState",
    "Explanation",
    "MetricStatus",
    "Options",
    "Ticket",
    "TicketStatus",
    "Tracker",
    "at_risk",
    "evaluate",
    "explain",
    "is_at_risk",
    "within_amount",
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


EscalationState = Literal["fired", "pending", "paused", "cancelled"]
"""Where a threshold stands: ``fired``; ``pending`` (the clock runs: it fires at ``at``);
``paused`` (it fires once the clock runs again); ``cancelled`` (the clock stopped, met, before
it fired: it never will, unless the clock runs again)."""


@dataclass(frozen=True, slots=True)
class Escalation:
    """A threshold of a metric and the instant it fires or fired (``None`` while the clock
    is paused, or once it stopped before the threshold fired); ``state`` says which
    (:data:`EscalationState`). ``str()`` gives a line for people."""

    threshold: Threshold
    at: datetime | None
    fired: bool
    state: EscalationState = "pending"

    def __str__(self) -> str:
        return _escalation_text(self, translation())


def _escalation_text(escalation: Escalation, t: Translation) -> str:
    """An escalation's line for people, in *t*'s language."""
    threshold = escalation.threshold
    share = threshold.percent
    percent = str(share.numerator) if share.denominator == 1 else f"{float(share):g}"
    if t.language != "en":
        percent = t.percent(float(share), len(percent.partition(".")[2]))
    else:
        percent += "%"
    name = threshold.name
    if name == (f"level {threshold.level}" if threshold.level else "warn"):  # the default
        level = threshold.level
        name = t.gettext("level {level}").format(level=level) if level else t.gettext("warn")
    values = {"name": name, "percent": percent}
    if escalation.state == "cancelled":
        return t.gettext(
            "{name} at {percent}: cancelled, the clock stopped before it fired"
        ).format(**values)
    if escalation.at is None:
        return t.gettext("{name} at {percent}: waits, fires once the clock runs again").format(
            **values
        )
    values["when"] = _when(escalation.at, t)
    if escalation.state == "fired":
        return t.gettext("{name} at {percent}: fired {when}").format(**values)
    return t.gettext("{name} at {percent}: fires {when}").format(**values)


def _when(moment: datetime, t: Translation) -> str:
    """An instant for people: ``Mon 2026-11-23 11:00`` (``lun 2026-11-23 11:00``)."""
    return f"{t.weekday(moment)} {moment:%Y-%m-%d %H:%M}"


def _remaining_text(value: timedelta, t: Translation) -> str:
    """The time left or overdue, in *t*'s language (:func:`format_remaining`)."""
    if value < timedelta(0):
        return t.gettext("{duration} overdue").format(duration=format_duration(-value))
    return t.gettext("{duration} left").format(duration=format_duration(value))


def _target_text(target: Target | None, t: Translation) -> str:
    """A target for people: ``4h``, ``2bd`` (``2 días hábiles``), ``4h calendar``, ``none``."""
    return t.gettext("none") if target is None else target.text(t.language)


def _status_text(status: MetricStatus, t: Translation) -> str:
    """A metric's line for people, in *t*'s language (:meth:`MetricStatus.__str__`)."""
    text = t.gettext("{metric}: {state}, target {target}").format(
        metric=t.pgettext("metric", status.metric),
        state=t.pgettext("state", status.state),
        target=_target_text(status.target, t),
    )
    if status.remaining is not None and status.state in ("running", "paused", "breached"):
        text += ", " + _remaining_text(status.remaining, t)
    return text


@dataclass(frozen=True, slots=True)
class MetricStatus:
    """One metric of one ticket at an instant ``now``.

    ``state`` is ``inactive`` (not started, or no target), ``running``, ``paused``, ``met``
    or ``breached``; ``stopped_at`` is when the clock stopped (a reply, a solve), met or
    not. ``used`` and ``paused`` are clock time (business time for business targets);
    ``remaining`` is ``target - used`` and goes negative once overdue; ``percent`` is
    ``used`` as a percent of the target, rounded half up to the hundredth
    (:func:`~slaclock.tickets.clocks.used_percent`; 100 for a zero target); both are
    ``None`` without a target, and :attr:`time_left` is ``remaining`` until the clock
    stops. ``next_change`` is
    the first instant after ``now`` at which this metric's state or verdict changes with no
    new event (a breach, a threshold firing), ``None`` if none will (docs/ticket-life.md,
    "Waking up for the next change").
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
    next_change: datetime | None = None

    @property
    def time_left(self) -> timedelta | None:
        """The clock time left before the target is used up, negative once overdue, while
        the clock has not stopped (running or paused, breached or not); ``None`` once it
        stopped (met, or answered late) or without a target (a report's ``remaining_s``)."""
        return self.remaining if self.stopped_at is None else None

    @property
    def next_escalation(self) -> Escalation | None:
        """The threshold of this metric that fires next after ``now`` with no new event:
        the earliest ``pending`` escalation (the first in the policy's order on a tie);
        ``None`` unless the clock runs, or when every threshold has fired."""
        ahead = [
            (e.at, order, e)
            for order, e in enumerate(self.escalations)
            if e.state == "pending" and e.at is not None
        ]
        return min(ahead, key=lambda entry: entry[:2])[2] if ahead else None

    def __str__(self) -> str:
        """One line for people: ``response: breached, target 4h, 1h overdue``; the time left
        is shown while the clock runs or is paused, and once it is breached."""
        return _status_text(self, translation())


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

    @property
    def next_change(self) -> datetime | None:
        """The first instant after ``now`` at which anything about the ticket changes with no
        new event — a breach, an escalation threshold firing, an update falling overdue —:
        the earliest of its metrics' ``next_change``; ``None`` when nothing will (every clock
        stopped or paused, or past every threshold and breach). A scheduler sleeps until then.
        """
        return min(
            (m.next_change for m in self.metrics.values() if m.next_change is not None),
            default=None,
        )

    @property
    def next_escalation(self) -> tuple[str, Escalation] | None:
        """The escalation threshold that fires next after ``now`` with no new event, of any
        metric, and that metric: the earliest of the metrics' :attr:`MetricStatus.next_escalation`
        (on a tie, the first metric in ``response``, ``update``, ``resolution`` order);
        ``None`` when none will (every clock stopped or paused, or past every threshold).

        >>> import slaclock
        >>> status = slaclock.evaluate(slaclock.default_policy(), [
        ...     Event("created", "2026-11-23 09:00", priority="high")], now="2026-11-23 12:30")
        >>> metric, escalation = status.next_escalation
        >>> print(metric, escalation)
        response level 2 at 100%: fires Mon 2026-11-23 13:00
        """
        found = [(m.next_escalation, METRICS.index(name), name) for name, m in self.metrics.items()]
        ahead = [(e.at, order, name, e) for e, order, name in found if e is not None]
        if not ahead:
            return None
        _, _, name, escalation = min(ahead, key=lambda entry: entry[:2])
        return name, escalation


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
        """Why a metric is due when it is: see :func:`explain`."""
        return _explain(self, metric, now, lang)

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


# -- tickets at risk -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AtRisk:
    """A metric of a ticket that breaches within the time asked (:func:`at_risk`): its
    ``key`` as given, the ``metric``, the clock time ``remaining`` at ``now`` and the ``due``
    instant it breaches after; ``status`` is the metric's whole status. ``str()`` gives a
    line for people."""

    key: Hashable
    metric: str
    remaining: timedelta
    due: datetime
    status: MetricStatus

    def __str__(self) -> str:
        return (
            f"{self.key}: {self.metric} due {self.due:%a %Y-%m-%d %H:%M}, "
            f"{format_remaining(self.remaining)}"
        )


def at_risk(
    tickets: Mapping[Hashable, Ticket] | Iterable[tuple[Hashable, Ticket]],
    within: timedelta | str,
    now: datetime | str,
    *,
    metrics: Iterable[str] | None = None,
) -> list[AtRisk]:
    """The metrics of *tickets* (by key: a mapping, or (key, ticket) pairs) that breach
    within *within* of clock time after *now* if nothing happens: running at *now*, not yet
    breached in their current cycle, with at most *within* left (business time for business
    targets, real time for calendar ones). Ordered by the time left, then by due instant,
    then as given; *metrics*: only those (default: every metric). A clock paused, stopped,
    already breached or without a target is not at risk: it changes only by an event.
    Cost: one evaluation a ticket.

    >>> import slaclock
    >>> policy = slaclock.default_policy()
    >>> open_tickets = {
    ...     "T-1": Ticket.open(policy, Event("created", "2026-11-23 09:00", priority="high")),
    ...     "T-2": Ticket.open(policy, Event("created", "2026-11-23 10:30", priority="high")),
    ...     "T-3": Ticket.open(policy, Event("created", "2026-11-23 09:00", priority="low")),
    ... }
    >>> for risk in at_risk(open_tickets, "4h", now="2026-11-23 11:00"):
    ...     print(risk)
    T-1: response due Mon 2026-11-23 13:00, 2h left
    T-2: response due Mon 2026-11-23 14:30, 3h30m left
    """
    limit = within_amount(within)
    chosen = METRICS if metrics is None else tuple(dict.fromkeys(map(metric_name, metrics)))
    pairs = tickets.items() if isinstance(tickets, Mapping) else tickets
    found: list[tuple[timedelta, datetime, int, AtRisk]] = []
    for place, pair in enumerate(pairs):
        key, ticket = pair
        if not isinstance(ticket, Ticket):
            raise InvalidEventError(f"ticket {shown(key)}: {shown(ticket)}: expected a Ticket")
        try:
            status = ticket.status(now)
        except SlaclockError as err:
            raise type(err)(f"ticket {shown(key)}: {err}") from err
        for metric, remaining, due in _risks(status, limit, chosen):
            risk = AtRisk(key, metric, remaining, due, status[metric])
            found.append((remaining, due, place, risk))
    found.sort(key=lambda row: row[:3])
    return [row[3] for row in found]


def _risks(
    status: TicketStatus, limit: timedelta, chosen: Iterable[str]
) -> Iterator[tuple[str, timedelta, datetime]]:
    """(metric, time left, due) of each metric of *status* (among *chosen*) at risk within
    *limit* (:func:`at_risk`)."""
    for metric in chosen:
        m = status[metric]
        remaining, due = m.remaining, m.due
        if remaining is None or due is None:
            continue  # no target, or paused
        running = m.state in ("running", "breached")
        if breaches_within(running, due, remaining, status.now, limit):
            yield metric, remaining, due


def is_at_risk(status: TicketStatus, within: timedelta | str) -> bool:
    """Whether some metric of *status* breaches within *within* of clock time if nothing
    happens, as :func:`at_risk` counts (what ``slaclock report --at-risk`` keeps).

    >>> import slaclock
    >>> ticket = Ticket.open(slaclock.default_policy(),
    ...                      Event("created", "2026-11-23 09:00", priority="high"))
    >>> is_at_risk(ticket.status("2026-11-23 11:00"), "2h"), is_at_risk(ticket.status("2026-11-23 11:00"), "1h")
    (True, False)
    """
    return next(_risks(status, within_amount(within), METRICS), None) is not None


def within_amount(value: timedelta | str) -> timedelta:
    """*value* as an amount of clock time: a ``timedelta`` or duration text, 0 or more
    (the time asked of :func:`at_risk`); :class:`InvalidDurationError` otherwise."""
    amount = parse_duration(value) if isinstance(value, str) else value
    if not isinstance(amount, timedelta) or amount < timedelta(0):
        raise InvalidDurationError(
            f"within {shown(value)}: expected a duration of 0 or more, such as '2h' or a "
            "timedelta (business days are not an amount of time)"
        )
    return amount


# -- explanations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a metric is due when it is: open time consumed, closures and pauses skipped,
    priority and plan changes applied. ``str()`` gives a text for a support agent, in
    ``language`` (docs/languages.md)."""

    metric: str
    status: MetricStatus
    consumed: tuple[tuple[datetime, datetime], ...]
    closures: tuple[tuple[str, str], ...]
    pauses: tuple[tuple[datetime, datetime | None, str | None], ...]
    changes: tuple[tuple[datetime, str, str], ...]
    zone: str = field(default="")
    language: str = field(default="en")
    version: date | None = None
    """The date from which the policy version the ticket is evaluated under is in force
    (versions of a policy: ``slaclock.policy_versions``); ``None`` for a policy alone."""

    def __str__(self) -> str:
        t = translation(self.language)
        status = self.status
        lines = [_status_text(status, t)]
        if self.version is not None:
            line = t.gettext("under the policy version in force from {day}")
            lines.append("  " + line.format(day=self.version))
        if status.started_at is not None:
            lines.append(
                "  " + t.gettext("counting from {when}").format(when=_when(status.started_at, t))
            )
        for at, what, to in self.changes:
            lines.append(
                f"  {_when(at, t)}  "
                + t.gettext("{what} changed to {value}").format(
                    what=t.pgettext("field", what), value=to
                )
            )
        for opening, closing in self.consumed:
            used = format_duration(Period(opening, closing).length)
            lines.append(
                "  "
                + t.gettext("open {start} - {end}  ({length})").format(
                    start=_when(opening, t), end=f"{closing:%H:%M}", length=used
                )
            )
        for paused_at, resumed_at, reason in self.pauses:
            until = _when(resumed_at, t) if resumed_at is not None else t.gettext("now")
            lines.append(
                "  "
                + t.gettext("paused {start} - {end}  ({reason})").format(
                    start=_when(paused_at, t), end=until, reason=reason
                )
            )
        for day, name in self.closures:
            lines.append("  " + t.gettext("closed {day}  ({name})").format(day=day, name=name))
        if status.due is not None:
            due = f"{_when(status.due, t)} {status.due:%Z}"
            lines.append("  " + t.gettext("due {when}").format(when=due))
        if status.met_at is not None:
            lines.append("  " + t.gettext("met {when}").format(when=_when(status.met_at, t)))
        if status.breached_at is not None:
            breached = _when(status.breached_at, t)
            lines.append("  " + t.gettext("breached {when}").format(when=breached))
        lines.extend(f"  {_escalation_text(escalation, t)}" for escalation in status.escalations)
        return "\n".join(lines)


def explain(
    policy: Policy,
    events: Iterable[Event],
    metric: str = "response",
    now: datetime | str | None = None,
    *,
    options: Options | None = None,
    lang: str | None = None,
) -> Explanation:
    """The open periods a metric consumed, the closures and pauses it skipped, the changes
    applied — so a support agent can see *why* a ticket is due when it is. Its text is in
    *lang* (default: the policy's ``language``, else English); holiday names follow it
    where the ``holidays`` package translates them (docs/languages.md)."""
    return _explain(Ticket.replay(policy, events, options=options), metric, now, lang)


def _explain(
    ticket: Ticket, metric: str, now: datetime | str | None, lang: str | None = None
) -> Explanation:
    chosen = lang or ticket._tracker.policy.language  # holiday names follow a chosen one
    language = translation(chosen).language
    key = metric_name(metric)
    at = ticket._now(now)
    clocks = ticket.clocks(at)
    status = ticket._status(at, clocks)
    tz = ticket._zone()
    schedules = ticket._tracker.targets.schedules
    clock = clocks[METRICS.index(key)]
    metric_status = status[key]
    end_micros = to_micros(metric_status.due or status.now, tz)
    if clock.stopped_at is not None:
        end_micros = clock.stopped_at
    runs: list[tuple[int, int | None, int, bool]] = []
    for run in clock.runs:  # runs split only by a re-grade are one run
        if runs and runs[-1][1] == run[0] and runs[-1][2:] == run[2:]:
            runs[-1] = (runs[-1][0], *run[1:])
        else:
            runs.append(run)
    consumed: list[tuple[datetime, datetime]] = []
    closures: dict[str, str] = {}
    for start, until, number, calendar in runs:
        stop = min(until if until is not None else end_micros, end_micros)
        if stop <= start:
            continue
        schedule = schedules[number]
        if calendar:
            consumed.append((from_micros(start, tz), from_micros(stop, tz)))
        else:
            for a, b in schedule.timeline.periods(start, stop):
                consumed.append((from_micros(a, tz), from_micros(b, tz)))
        closures.update(_closures(schedule, start, stop, chosen and language))
    found = ticket._program()
    events, instants = ticket.events, ticket._instants
    names = ticket._tracker.targets.names
    changes = []
    for event, at, priority, plan, kind in zip(
        events, instants, ticket._priorities, ticket._plans, ticket._kinds, strict=True
    ):
        if kind == UNCHANGED:
            continue
        if event.kind == "priority_changed":
            changes.append((from_micros(at, tz), "priority", priority or ""))
        elif event.kind == "plan_changed":
            changes.append((from_micros(at, tz), "plan", names[plan]))
    return Explanation(
        metric=key,
        status=metric_status,
        consumed=tuple(consumed),
        closures=tuple(sorted(closures.items())),
        pauses=tuple(
            (
                from_micros(instants[a], tz),
                None if b == NOW else from_micros(instants[b], tz),
                events[a].reason or translation(language).gettext("paused"),
            )
            for a, b in found.pauses
        ),
        changes=tuple(changes),
        language=language,
    )


def _closures(
    schedule: BaseSchedule, start: int, stop: int, language: str | None
) -> Iterator[tuple[str, str]]:
    """Dates between two instants that the calendar closes although the hours would open,
    each with its name in *language* where the calendar has it."""
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
            name = closure_name(schedule.calendar, day, language)
            yield day.isoformat(), name or translation(language).gettext("closed")
        day += timedelta(days=1)
