"""The dates a calendar closes, listed over a span (:func:`closed_between`) or counted by
weekday per year (:func:`closed_weekdays`), without asking about each date."""

from __future__ import annotations

from datetime import date, datetime

import holidays

from .closed_dates import ClosedDates
from .countries import CountryHolidays
from .recurring import Recurring, by_weekday
from .union import UnionCalendar, as_calendar

__all__ = ["closed_between", "closed_weekdays"]


def closed_weekdays(calendar: object, first: int, last: int) -> list[tuple[int, ...]] | None:
    """For each year from *first* to *last*, how many of its dates *calendar* closes on each
    weekday (Monday first), or ``None`` for a calendar asked date by date (your own class).

    Cost: as :func:`closed_between`, but a recurrence far from its start costs no date: its
    years repeat those of its first cycle, whose counts are kept. A daily closure over eight
    millennia is counted in milliseconds, not listed.

    >>> from dateutil.rrule import rrulestr
    >>> daily = Recurring(rrulestr("FREQ=DAILY", dtstart=datetime(2000, 1, 1)))
    >>> closed_weekdays(daily, 9000, 9000)
    [(52, 52, 53, 52, 52, 52, 52)]
    """
    calendar = as_calendar(calendar)
    if isinstance(calendar, Recurring):
        return [calendar.weekday_counts(year) for year in range(first, last + 1)]
    dates = closed_between(calendar, date(first, 1, 1), date(last, 12, 31))
    if dates is None:
        return None
    by_year: dict[int, list[date]] = {}
    for day in dates:
        by_year.setdefault(day.year, []).append(day)
    return [by_weekday(by_year.get(year, ())) for year in range(first, last + 1)]


def closed_between(calendar: object, first: date, last: date) -> frozenset[date] | None:
    """The dates from *first* to *last* (both included) that *calendar* closes, listed
    without asking about each date, or ``None`` for a calendar that can only be asked date by
    date (your own class).

    Cost: a ``holidays`` object expands each year once (as ``day in calendar`` does); a
    recurrence is expanded per year; closure sets are read once.

    >>> closures = {date(2026, 12, 24), date(2027, 1, 1)}
    >>> sorted(closed_between(closures, date(2026, 1, 1), date(2026, 12, 31)))
    [datetime.date(2026, 12, 24)]
    >>> closed_between({date(2026, 5, 1): "closed"}, date(2026, 1, 1), date(2026, 12, 31)) is None
    True
    """
    calendar = as_calendar(calendar)
    if isinstance(calendar, ClosedDates):
        return frozenset(day for day in calendar.names if first <= day <= last)
    if isinstance(calendar, CountryHolidays):
        calendar = calendar.holidays
    if isinstance(calendar, holidays.HolidayBase):
        for year in range(first.year, last.year + 1):
            date(year, 1, 1) in calendar  # noqa: B015 (expands the year, as a look-up does)
        return frozenset(
            day.date() if isinstance(day, datetime) else day
            for day in dict.keys(calendar)
            if isinstance(day, date) and first <= day <= last
        )
    if isinstance(calendar, Recurring):
        found: set[date] = set()
        for year in range(first.year, last.year + 1):
            found.update(day for day in calendar.dates_in(year) if first <= day <= last)
        return frozenset(found)
    if isinstance(calendar, UnionCalendar):
        combined: set[date] = set()
        for member in calendar.members:
            dates = closed_between(member, first, last)
            if dates is None:
                return None
            combined |= dates
        return frozenset(combined)
    return None
