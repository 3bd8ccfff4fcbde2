"""Tickets at risk: which metrics of open tickets breach within some clock time if nothing
happens (:func:`at_risk`, :func:`is_at_risk`), the closest first.

The rule that says which clock is at risk is :func:`slaclock.tickets.clocks.breaches_within`;
this module asks it of each ticket's status (:mod:`slaclock.tracking`). The same question on
whole columns, for a report's rows, is :mod:`slaclock.report.risks`.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from .durations import format_remaining, parse_duration
from .errors import InvalidDurationError, InvalidEventError, SlaclockError, shown
from .policy import METRICS, metric_name
from .tickets.clocks import breaches_within
from .tickets.status import MetricStatus, TicketStatus
from .tracking import Ticket

__all__ = ["AtRisk", "at_risk", "is_at_risk", "within_amount"]


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
    >>> from slaclock import Event
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
    >>> from slaclock import Event
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
