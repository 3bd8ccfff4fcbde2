"""The closed-dates protocol (``day in calendar``), and the hours a calendar closes: timed
closures, read through a calendar's ``closed_hours(first, last)`` method."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import NamedTuple, Protocol, runtime_checkable

from ..zones import EPOCH, ONE_MICROSECOND

__all__ = ["Calendar", "TimedClosure", "has_timed_closures", "timed_closure_at", "timed_closures"]


@runtime_checkable
class Calendar(Protocol):
    """The closed-dates protocol: ``day in calendar`` is true when *day* is closed."""

    def __contains__(self, day: object, /) -> bool: ...


class TimedClosure(NamedTuple):
    """Hours a calendar closes (a timed event): the instants ``[start, end)`` in microseconds
    since 1970-01-01 UTC, and the event's name."""

    start: int
    end: int
    name: str | None


def has_timed_closures(calendar: object) -> bool:
    """Whether *calendar* closes hours as well as whole dates: it has a ``closed_hours(first,
    last)`` method (an iCalendar feed with timed events, or a union holding one) that says so.

    >>> from datetime import date
    >>> has_timed_closures({date(2026, 12, 24)})
    False
    """
    closed_hours = getattr(calendar, "closed_hours", None)
    if closed_hours is None:
        return False
    timed = getattr(calendar, "has_timed", True)
    return bool(timed)


def timed_closures(calendar: object, low: int, high: int, tz: tzinfo) -> list[TimedClosure]:
    """The hours *calendar* closes that overlap the instants ``[low, high)`` (microseconds
    since the epoch), sorted by start, end and name; a floating time (a naive ``datetime``)
    is read in *tz* as any wall time is (``replace(tzinfo=tz)``, fold=0).

    A calendar closes hours through a ``closed_hours(first, last)`` method: the ``(start,
    end, name)`` of the timed closures that touch the dates *first* to *last*, aware or
    naive datetimes (more may come: they are filtered here).

    >>> class Offsite:
    ...     def __contains__(self, day): return False
    ...     def closed_hours(self, first, last):
    ...         return [(datetime(2026, 3, 10, 14), datetime(2026, 3, 10, 18), "Offsite")]
    >>> from zoneinfo import ZoneInfo
    >>> day = 86_400_000_000    # 10 March 2026 is day 20,522 after 1 January 1970
    >>> timed_closures(Offsite(), 20_522 * day, 20_523 * day, ZoneInfo("UTC"))
    [TimedClosure(start=1773151200000000, end=1773165600000000, name='Offsite')]
    """
    if not has_timed_closures(calendar):
        return []
    first = (EPOCH + low * ONE_MICROSECOND).date() - timedelta(days=2)  # any zone's date
    last = (EPOCH + (high - 1) * ONE_MICROSECOND).date() + timedelta(days=2)
    found: set[TimedClosure] = set()
    for start, end, name in calendar.closed_hours(first, last):  # type: ignore[attr-defined]
        opening, closing = _instant(start, tz), _instant(end, tz)
        if opening < high and closing > low and opening < closing:
            found.add(TimedClosure(opening, closing, name))
    return sorted(found, key=lambda found: (found.start, found.end, found.name or ""))


def timed_closure_at(calendar: object, micros: int, tz: tzinfo) -> TimedClosure | None:
    """The first (by start) of *calendar*'s timed closures that holds the instant *micros*
    (:func:`timed_closures`), if any."""
    spans = timed_closures(calendar, micros, micros + 1, tz)
    return next((span for span in spans if span.start <= micros < span.end), None)


def _instant(moment: datetime, tz: tzinfo) -> int:
    """An aware datetime, or a naive one read in *tz*, in microseconds since the epoch."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=tz, fold=0)
    return (moment - EPOCH) // ONE_MICROSECOND
