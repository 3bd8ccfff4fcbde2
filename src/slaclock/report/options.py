"""What a report reads: the names of the input's columns (:class:`Columns`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InvalidInputError

__all__ = ["Columns"]


@dataclass(frozen=True, slots=True)
class Columns:
    """The names of the input's columns (CSV header names, or JSON keys).

    One row per ticket reads ``id`` (optional), ``created``, ``priority``, ``plan``
    (optional: the default plan), ``responded`` and ``solved`` (optional). An event log reads
    ``id``, ``event`` (the kind), ``at``, and ``priority``, ``plan``, ``reason`` as the kind
    needs them.
    """

    id: str = "id"
    created: str = "created"
    priority: str = "priority"
    plan: str = "plan"
    responded: str = "responded"
    solved: str = "solved"
    event: str = "event"
    at: str = "at"
    reason: str = "reason"

    def __post_init__(self) -> None:
        for name in (
            "id",
            "created",
            "priority",
            "plan",
            "responded",
            "solved",
            "event",
            "at",
            "reason",
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(
                    f"column name for {name} {value!r}: expected non-empty text"
                )

    def required(self, events: bool) -> tuple[str, ...]:
        """The columns a header must have."""
        if events:
            return (self.id, self.event, self.at)
        return (self.created, self.priority)

    def used(self, events: bool) -> tuple[str, ...]:
        """Every column read, required or not."""
        if events:
            return (self.id, self.event, self.at, self.priority, self.plan, self.reason)
        return (self.id, self.created, self.priority, self.plan, self.responded, self.solved)

    def check(self, header: Sequence[str], events: bool) -> None:
        """Raise :class:`InvalidInputError` when *header* lacks a required column or names
        a column that is read twice."""
        missing = [name for name in self.required(events) if name not in header]
        if missing:
            raise InvalidInputError(
                f"no column {', '.join(map(repr, missing))} in the header "
                f"({', '.join(map(repr, header)) or 'empty'})"
            )
        for name in self.used(events):
            if header.count(name) > 1:
                raise InvalidInputError(
                    f"column {name!r} appears {header.count(name)} times in the header: "
                    f"expected it once"
                )
