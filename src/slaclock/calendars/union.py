"""Any value as a calendar (sets and rules wrapped), unions of calendars, and the names and
texts calendars give."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import holidays
from dateutil.rrule import rrule, rruleset

from ..errors import InvalidCalendarError, shown
from .closed_dates import ClosedDates
from .countries import CountryHolidays, named_in
from .protocol import has_timed_closures
from .recurring import Recurring

__all__ = ["UnionCalendar", "as_calendar", "closure_name", "describe", "union"]


class UnionCalendar:
    """Closed when any member calendar is closed; names come from the first that has one."""

    __slots__ = ("members",)

    def __init__(self, members: Iterable[object]) -> None:
        flattened: list[object] = []
        for member in members:
            if isinstance(member, UnionCalendar):
                flattened.extend(member.members)
            else:
                flattened.append(_calendar(member))
        self.members: tuple[object, ...] = tuple(flattened)

    def __contains__(self, day: object) -> bool:
        return any(day in member for member in self.members)  # type: ignore[operator]

    def get(self, day: date) -> str | None:
        """The first name any member gives *day*, else ``None``."""
        for member in self.members:
            if day in member:  # type: ignore[operator]
                name = closure_name(member, day)
                if name:
                    return name
        return None

    @property
    def has_timed(self) -> bool:
        """Whether a member closes hours (:func:`has_timed_closures`)."""
        return any(has_timed_closures(member) for member in self.members)

    def closed_hours(self, first: date, last: date) -> list[tuple[datetime, datetime, str | None]]:
        """The timed closures of every member that closes hours (:func:`timed_closures`)."""
        found: list[tuple[datetime, datetime, str | None]] = []
        for member in self.members:
            if has_timed_closures(member):
                found.extend(member.closed_hours(first, last))  # type: ignore[attr-defined]
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnionCalendar) and self.members == other.members

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[UnionCalendar], tuple[tuple[object, ...]]]:
        return (UnionCalendar, (self.members,))

    def __repr__(self) -> str:
        return f"union({', '.join(repr(member) for member in self.members)})"


def union(*calendars: object) -> UnionCalendar:
    """A calendar closed on every date any of *calendars* closes.

    Each argument is a calendar (``day in it`` works), a set of dates, or a ``dateutil``
    recurrence.

    >>> from dateutil.rrule import YEARLY, rrule
    >>> from slaclock.calendars import country_calendar
    >>> closed = union(
    ...     country_calendar("AR"),
    ...     {date(2026, 12, 28)},
    ...     rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2000, 1, 1)),
    ... )
    >>> [day in closed for day in (date(2026, 7, 9), date(2026, 12, 28), date(2027, 12, 24))]
    [True, True, True]
    >>> date(2026, 12, 29) in closed
    False
    """
    return UnionCalendar(calendars)


_EXPECTED_CALENDAR = (
    "expected an object that answers `day in calendar` (a holidays object, a set of dates, "
    "a dateutil rrule)"
)


def _calendar(value: object) -> object:
    if isinstance(value, rrule | rruleset):
        return Recurring(value)
    if isinstance(value, set | frozenset | list | tuple):
        return ClosedDates(value)
    if isinstance(value, str | bytes):
        hint = (
            f"; for a country's holidays, country_calendar({value!r})"
            if value and isinstance(value, str)
            else ""
        )
        raise InvalidCalendarError(
            f"calendar {shown(value)}: {_EXPECTED_CALENDAR}, got {type(value).__name__}{hint}"
        )
    if not hasattr(value, "__contains__"):
        raise InvalidCalendarError(
            f"calendar {shown(value)}: {_EXPECTED_CALENDAR}, got {type(value).__name__}"
        )
    return value


def as_calendar(value: object) -> object:
    """*value* as a calendar: ``None`` means no closed dates; sets and rrules are wrapped."""
    if value is None:
        return ClosedDates()
    return _calendar(value)


def closure_name(calendar: object, day: date, language: str | None = None) -> str | None:
    """The name *calendar* gives a closed *day* (via its ``get`` method), else ``None``.

    With *language* (``"es"``), a country's holidays whose calendar sets no ``language`` of
    its own are named in the ``holidays`` package's translation to it, where it has one
    (``es`` serves ``es``, ``es_AR``...); a calendar's own ``language`` wins.

    >>> from slaclock.calendars import country_calendar
    >>> argentina = country_calendar("AR")
    >>> closure_name(argentina, date(2026, 12, 25)), closure_name(argentina, date(2026, 12, 25), "es")
    ('Christmas Day', 'Navidad')
    """
    if language is not None:
        if isinstance(calendar, CountryHolidays) and calendar.language is None:
            calendar = named_in(calendar, language)
        elif isinstance(calendar, UnionCalendar):
            return next(
                (
                    name
                    for member in calendar.members
                    if day in member  # type: ignore[operator]
                    and (name := closure_name(member, day, language))
                ),
                None,
            )
    getter = getattr(calendar, "get", None)
    if getter is None:
        return None
    try:
        name = getter(day)
    except (TypeError, KeyError, ValueError):
        return None
    return name if isinstance(name, str) else None


def describe(calendar: object) -> str:
    """A short text for a calendar, also for a ``holidays`` object that has expanded years
    (whose own ``repr`` then lists every holiday)."""
    if isinstance(calendar, holidays.HolidayBase) and getattr(calendar, "country", None):
        parts = [repr(calendar.country)]
        subdiv = getattr(calendar, "subdiv", None)
        if subdiv:
            parts.append(f"subdiv={subdiv!r}")
        return f"holidays.country_holidays({', '.join(parts)})"
    return repr(calendar)
