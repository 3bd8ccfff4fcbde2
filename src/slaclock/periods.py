"""Periods: half-open spans ``[start, end)`` of aware instants.

A period contains its start and not its end, so a desk open 09:00-18:00 is open at 09:00:00
and closed at 18:00:00.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> ny = ZoneInfo("America/New_York")
>>> day = Period(datetime(2026, 11, 23, 9, tzinfo=ny), datetime(2026, 11, 23, 18, tzinfo=ny))
>>> print(day.length)
9:00:00
>>> day.contains(datetime(2026, 11, 23, 18, tzinfo=ny))
False
>>> opening, closing = day
>>> print(opening)
2026-11-23 09:00:00-05:00
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

__all__ = ["Period"]


def _utc(moment: datetime) -> datetime:
    """The same instant in UTC: comparisons and differences of datetimes that share a zone
    use wall-clock time and ignore ``fold``; in UTC they are real time."""
    return moment.astimezone(UTC)


class Period(NamedTuple):
    """A half-open span of time ``[start, end)``; unpacks as ``(start, end)``.

    Lengths and comparisons are real time, also across a daylight-saving change:

    >>> from zoneinfo import ZoneInfo
    >>> ny = ZoneInfo("America/New_York")
    >>> print(Period(datetime(2026, 3, 8, tzinfo=ny), datetime(2026, 3, 9, tzinfo=ny)).length)
    23:00:00
    """

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        """The real time between start and end."""
        return _utc(self.end) - _utc(self.start)

    def contains(self, at: datetime) -> bool:
        """Whether *at* lies in ``[start, end)``."""
        return _utc(self.start) <= _utc(at) < _utc(self.end)

    def intersect(self, other: Period) -> Period | None:
        """The span both periods cover, or ``None`` when they do not overlap.

        >>> from datetime import UTC
        >>> a = Period(datetime(2026, 1, 1, 9, tzinfo=UTC), datetime(2026, 1, 1, 12, tzinfo=UTC))
        >>> b = Period(datetime(2026, 1, 1, 11, tzinfo=UTC), datetime(2026, 1, 1, 15, tzinfo=UTC))
        >>> print(a.intersect(b).length)
        1:00:00
        """
        start = max(self.start, other.start, key=_utc)
        end = min(self.end, other.end, key=_utc)
        return Period(start, end) if _utc(start) < _utc(end) else None

    def subtract(self, other: Period) -> tuple[Period, ...]:
        """The parts of this period that *other* does not cover (zero, one or two periods)."""
        parts = []
        if _utc(other.start) > _utc(self.start):
            parts.append(Period(self.start, min(self.end, other.start, key=_utc)))
        if _utc(other.end) < _utc(self.end):
            parts.append(Period(max(self.start, other.end, key=_utc), self.end))
        return tuple(part for part in parts if _utc(part.start) < _utc(part.end))
