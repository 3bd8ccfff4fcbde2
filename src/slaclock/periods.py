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

from datetime import datetime, timedelta
from typing import NamedTuple

__all__ = ["Period"]


class Period(NamedTuple):
    """A half-open span of time ``[start, end)``; unpacks as ``(start, end)``."""

    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        """The real time between start and end."""
        return self.end - self.start

    def contains(self, at: datetime) -> bool:
        """Whether *at* lies in ``[start, end)``."""
        return self.start <= at < self.end

    def intersect(self, other: Period) -> Period | None:
        """The span both periods cover, or ``None`` when they do not overlap.

        >>> from datetime import UTC
        >>> a = Period(datetime(2026, 1, 1, 9, tzinfo=UTC), datetime(2026, 1, 1, 12, tzinfo=UTC))
        >>> b = Period(datetime(2026, 1, 1, 11, tzinfo=UTC), datetime(2026, 1, 1, 15, tzinfo=UTC))
        >>> print(a.intersect(b).length)
        1:00:00
        """
        start = max(self.start, other.start)
        end = min(self.end, other.end)
        return Period(start, end) if start < end else None

    def subtract(self, other: Period) -> tuple[Period, ...]:
        """The parts of this period that *other* does not cover (zero, one or two periods)."""
        parts = []
        if other.start > self.start:
            parts.append(Period(self.start, min(self.end, other.start)))
        if other.end < self.end:
            parts.append(Period(max(self.start, other.end), self.end))
        return tuple(part for part in parts if part.start < part.end)
