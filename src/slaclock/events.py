"""A ticket's events: what happened to it and when, as values.

>>> from datetime import datetime
>>> Event("created", datetime(2026, 11, 20, 16, 0), priority="high")
Event('created', datetime.datetime(2026, 11, 20, 16, 0), priority='high')
>>> Event.from_dict({"event": "pause", "at": "2026-11-20 17:00", "reason": "waiting on customer"})
Event('paused', datetime.datetime(2026, 11, 20, 17, 0), reason='waiting on customer')

Kinds: ``created`` (with a priority, optionally a plan), ``priority_changed`` (a priority),
``plan_changed`` (a plan), ``paused`` (optionally a reason), ``resumed``, ``responded`` (a
public reply to the customer), ``updated`` (a progress update to the customer), ``solved``,
``reopened``, ``closed``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import InvalidDatetimeError, InvalidEventError, message_part
from .suggestions import close_matches, either
from .zones import parse_datetime

__all__ = ["KINDS", "Event", "order_events"]

KINDS = (
    "created",
    "priority_changed",
    "plan_changed",
    "paused",
    "resumed",
    "responded",
    "updated",
    "solved",
    "reopened",
    "closed",
)
"""The kinds of event, in the order of a ticket's life."""

_SYNONYMS = {
    "create": "created",
    "new": "created",
    "opened": "created",
    "priority": "priority_changed",
    "priority_change": "priority_changed",
    "regraded": "priority_changed",
    "plan": "plan_changed",
    "plan_change": "plan_changed",
    "pause": "paused",
    "on_hold": "paused",
    "hold": "paused",
    "resume": "resumed",
    "respond": "responded",
    "reply": "responded",
    "replied": "responded",
    "first_response": "responded",
    "update": "updated",
    "customer_updated": "updated",
    "solve": "solved",
    "resolve": "solved",
    "resolved": "solved",
    "reopen": "reopened",
    "close": "closed",
}


def kind_name(value: object) -> str:
    """The kind of event *value* names (a synonym, any case, spaces or hyphens for
    underscores), as in :data:`KINDS`; :class:`InvalidEventError` for any other value."""
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        key = _SYNONYMS.get(key, key)
        if key in KINDS:
            return key
    kinds_listed = ", ".join(KINDS)
    expected = message_part(f"one of {kinds_listed}")
    # a kind or a synonym close to it (closer than for other names: 'escalated' is not
    # 'created'); each kind offered once, by its own name
    found = close_matches(value, [*KINDS, *_SYNONYMS], cutoff=0.8)
    kinds = list(dict.fromkeys(_SYNONYMS.get(name, name) for name in found))
    if kinds:
        guesses = either([repr(kind) for kind in kinds])
        raise InvalidEventError(
            f"unknown event kind {value!r}: did you mean {guesses}? (expected {expected})"
        )
    raise InvalidEventError(f"unknown event kind {value!r}: expected {expected}")


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened to a ticket. ``at`` may be naive (read in the plan's zone)."""

    kind: str
    at: datetime
    priority: str | None = None
    plan: str | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", kind_name(self.kind))
        if isinstance(self.at, str):
            try:
                object.__setattr__(self, "at", parse_datetime(self.at))
            except InvalidDatetimeError as err:
                raise InvalidDatetimeError(f"{self.kind} event: {err}") from err
        if not isinstance(self.at, datetime):
            raise InvalidEventError(
                f"{self.kind} event at {self.at!r}: expected a datetime or ISO 8601 text"
            )
        needs = {"created": "priority", "priority_changed": "priority", "plan_changed": "plan"}
        field = needs.get(self.kind)
        if field is not None and not getattr(self, field):
            raise InvalidEventError(f"{self.kind} event at {self.at}: expected a {field}")
        for name in ("priority", "plan", "reason"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, str):
                raise InvalidEventError(
                    f"{self.kind} event at {self.at}: {name} {value!r} is not text"
                )

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> Event:
        """An event from a mapping with keys ``event`` (or ``kind``), ``at`` (or ``time``,
        ``timestamp``) and, as the kind needs, ``priority``, ``plan``, ``reason``.

        Empty values count as missing, as they do in CSV files.
        """
        if not isinstance(row, Mapping):
            raise InvalidEventError(f"event {row!r}: expected a mapping")

        def get(*names: str) -> Any:
            for name in names:
                value = row.get(name)
                if isinstance(value, str):
                    value = value.strip()
                if value is not None and value != "":
                    return value
            return None

        kind = get("event", "kind", "type")
        if kind is None:
            raise InvalidEventError(f"event {dict(row)!r}: missing key 'event' (the kind)")
        at = get("at", "time", "timestamp")
        if at is None:
            raise InvalidEventError(f"event {dict(row)!r}: missing key 'at' (the time)")
        return cls(kind, at, priority=get("priority"), plan=get("plan"), reason=get("reason"))

    def __repr__(self) -> str:
        extras = "".join(
            f", {name}={getattr(self, name)!r}"
            for name in ("priority", "plan", "reason")
            if getattr(self, name) is not None
        )
        return f"Event({self.kind!r}, {self.at!r}{extras})"


def order_events(events: Iterable[Event], key: Any = None) -> list[Event]:
    """Events in time order, by *key* (the instant); equal instants keep their input order,
    except that ``created`` comes first (the tolerant rule for messy exports)."""
    listed = list(events)
    for index, event in enumerate(listed):
        if not isinstance(event, Event):
            raise InvalidEventError(
                f"event #{index + 1} {event!r}: expected an Event (use Event.from_dict for rows)"
            )
    instant = key if key is not None else (lambda event: event.at)
    return sorted(listed, key=lambda event: (instant(event), event.kind != "created"))
