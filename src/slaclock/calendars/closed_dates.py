"""A fixed set of closed dates, each with an optional name (:class:`ClosedDates`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from types import MappingProxyType

from ..errors import InvalidCalendarError

__all__ = ["ClosedDates"]


class ClosedDates:
    """A fixed set of closed dates, with an optional name for each (company closures).

    >>> closures = ClosedDates({date(2026, 12, 26): "Company day"})
    >>> date(2026, 12, 26) in closures, closures.get(date(2026, 12, 26))
    (True, 'Company day')
    """

    __slots__ = ("names",)

    def __init__(self, dates: Iterable[date] | Mapping[date, str | None] = ()) -> None:
        names = dict(dates) if isinstance(dates, Mapping) else dict.fromkeys(dates)
        for day in names:
            if not isinstance(day, date) or isinstance(day, datetime):
                raise InvalidCalendarError(f"closed date {day!r}: expected a datetime.date")
        self.names: Mapping[date, str | None] = MappingProxyType(dict(sorted(names.items())))

    def __contains__(self, day: object) -> bool:
        return day in self.names

    def get(self, day: date) -> str | None:
        """The name of a closed date, or ``None``."""
        return self.names.get(day)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ClosedDates) and self.names == other.names

    def __hash__(self) -> int:
        return hash(tuple(self.names.items()))

    def __reduce__(self) -> tuple[type[ClosedDates], tuple[dict[date, str | None]]]:
        return (ClosedDates, (dict(self.names),))

    def __repr__(self) -> str:
        return f"ClosedDates({dict(self.names)!r})"
