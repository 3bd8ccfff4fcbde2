"""A ticket's status at an instant, as values: each metric's (:class:`MetricStatus`), the
ticket's (:class:`TicketStatus`), each escalation threshold's (:class:`Escalation`), and their
lines for people in a language (docs/languages.md).

The engine that works them out from a ticket's events is :mod:`slaclock.tracking`; these values
only hold its answers and say them.

>>> import slaclock
>>> status = slaclock.evaluate(slaclock.default_policy(), [
...     slaclock.Event("created", "2026-11-20 16:00", priority="high"),
... ], now="2026-11-23 12:00")
>>> print(status["response"])
response: breached, target 4h, 1h overdue
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..durations import format_duration
from ..languages import Translation, translation
from ..policy import METRICS, Target, Threshold
from .clocks import State

__all__ = [
    "Escalation",
    "EscalationState",
    "MetricStatus",
    "TicketStatus",
    "escalation_text",
    "status_text",
    "when_text",
]


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
        return escalation_text(self, translation())


def escalation_text(escalation: Escalation, t: Translation) -> str:
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
    values["when"] = when_text(escalation.at, t)
    if escalation.state == "fired":
        return t.gettext("{name} at {percent}: fired {when}").format(**values)
    return t.gettext("{name} at {percent}: fires {when}").format(**values)


def when_text(moment: datetime, t: Translation) -> str:
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


def status_text(status: MetricStatus, t: Translation) -> str:
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
        return status_text(self, translation())


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
        >>> from slaclock import Event
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
