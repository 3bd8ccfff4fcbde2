"""iCalendar (``.ics``) feeds as calendars: the closures Zammad, Google Calendar or Outlook
export, read with the ``ics`` extra (``icalendar`` and ``recurring-ical-events``), imported
inside the functions that need them so that ``import slaclock`` never loads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .calendars import rule_part_problem
from .errors import InvalidCalendarError, shown

__all__ = ["IcsCalendar", "ics_calendar", "rule_part_problem"]


def ics_calendar(source: str | Path | bytes) -> IcsCalendar:
    """The closures of an iCalendar (``.ics``) feed: a file's path, or the text itself.

    Each all-day event (``DTSTART;VALUE=DATE``) closes the dates it spans, ``DTEND`` not
    included (one date without ``DTEND`` or ``DURATION``); each timed event (a ``DTSTART``
    with a time: in its ``TZID``, in UTC with ``Z``, or floating, read in the schedule's zone)
    closes the instants from its start up to its end, not whole dates. Recurring events
    (``RRULE``, ``RDATE``, ``EXDATE``, moved occurrences) are expanded; cancelled events
    (``STATUS:CANCELLED``) close nothing. The event's ``SUMMARY`` names the closure. Needs the
    ``ics`` extra (``pip install slaclock[ics]``: ``icalendar`` and ``recurring-ical-events``).

    >>> feed = ics_calendar('''BEGIN:VCALENDAR
    ... BEGIN:VEVENT
    ... SUMMARY:Company day
    ... DTSTART;VALUE=DATE:20201228
    ... RRULE:FREQ=YEARLY
    ... END:VEVENT
    ... BEGIN:VEVENT
    ... SUMMARY:All-hands
    ... DTSTART:20260310T140000Z
    ... DURATION:PT2H
    ... END:VEVENT
    ... END:VCALENDAR''')
    >>> date(2031, 12, 28) in feed, feed.get(date(2031, 12, 28)), date(2031, 12, 29) in feed
    (True, 'Company day', False)
    >>> date(2026, 3, 10) in feed                 # a timed event closes no whole date
    False
    >>> for start, end, name in feed.closed_hours(date(2026, 3, 10), date(2026, 3, 10)):
    ...     print(start, end, name)
    2026-03-10 14:00:00+00:00 2026-03-10 16:00:00+00:00 All-hands

    Cost: the feed is read and checked once; its events are expanded once per year asked
    about, each look-up is then a dictionary look-up.
    """
    return IcsCalendar(source)


Closed = tuple[datetime, datetime, str | None]
"""A timed event's occurrence: its start, its end (aware, or naive when floating), its name."""


class IcsCalendar:
    """The closures of an iCalendar feed (build one with :func:`ics_calendar`): equal,
    hashable and pickled by the feed's text, never by the years it has expanded."""

    __slots__ = ("_by_year", "_calendar", "has_timed", "path", "text")

    def __init__(self, source: str | Path | bytes) -> None:
        path, text = _ics_text(source)
        by_year: dict[int, tuple[Mapping[date, str | None], tuple[Closed, ...]]] = {}
        calendar = _ics_checked(text, path)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "_calendar", calendar)
        object.__setattr__(self, "_by_year", by_year)
        object.__setattr__(
            self,
            "has_timed",
            any(isinstance(e.decoded("DTSTART"), datetime) for e in calendar.walk("VEVENT")),
        )

    path: str | None
    text: str
    has_timed: bool
    _calendar: Any
    _by_year: dict[int, tuple[Mapping[date, str | None], tuple[Closed, ...]]]

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an IcsCalendar is immutable: cannot set {name!r}")

    def _year(self, year: int) -> tuple[Mapping[date, str | None], tuple[Closed, ...]]:
        found = self._by_year.get(year)
        if found is None:
            found = _ics_year(self._calendar, year, _ics_where(self.path))
            self._by_year[year] = found
        return found

    def _dates(self, year: int) -> Mapping[date, str | None]:
        return self._year(year)[0]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        day = day.date() if isinstance(day, datetime) else day
        return day in self._dates(day.year)

    def get(self, day: date) -> str | None:
        """The ``SUMMARY`` of the all-day event that closes *day*, else ``None``."""
        if not isinstance(day, date):
            return None
        day = day.date() if isinstance(day, datetime) else day
        return self._dates(day.year).get(day)

    def closed_hours(self, first: date, last: date) -> list[Closed]:
        """The timed events' occurrences (start, end, ``SUMMARY``) that start in the years
        from the one before *first* to that of *last*, sorted: those that touch the dates
        *first* to *last* among them (the caller keeps the ones it needs, see
        :func:`~slaclock.calendars.timed_closures`). A floating time is naive."""
        if not self.has_timed:
            return []
        found: set[Closed] = set()
        for year in range(max(first.year - 1, 1), last.year + 1):
            found.update(self._year(year)[1])
        return sorted(found, key=lambda item: (_day(item[0]), str(item[0]), item[2] or ""))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IcsCalendar) and self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __reduce__(self) -> tuple[type[IcsCalendar], tuple[str]]:
        return (IcsCalendar, (self.text,))

    def __repr__(self) -> str:
        if self.path is not None:
            return f"ics_calendar({self.path!r})"
        return f"ics_calendar({self.text!r})"


_ICS_EXTRA = "the ics extra: pip install 'slaclock[ics]' (icalendar and recurring-ical-events)"


def _ics_text(source: object) -> tuple[str | None, str]:
    """(the path it was read from or ``None``, the feed's text) of a path or a text."""
    if isinstance(source, bytes):
        try:
            return None, source.decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidCalendarError(
                f"iCalendar feed: byte {err.start} is not UTF-8: expected UTF-8 text "
                f"beginning BEGIN:VCALENDAR"
            ) from err
    if isinstance(source, str) and "BEGIN:VCALENDAR" in source.upper():
        return None, source
    if not isinstance(source, str | Path):
        raise InvalidCalendarError(
            f"iCalendar feed {shown(source)}: expected the path of an .ics file or its text, "
            f"got {type(source).__name__}"
        )
    file = Path(source)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as err:
        raise InvalidCalendarError(
            f"iCalendar file {str(file)!r}: cannot read it: {err.strerror}"
        ) from err
    except UnicodeDecodeError as err:
        raise InvalidCalendarError(
            f"iCalendar file {str(file)!r}: byte {err.start} is not UTF-8: expected an .ics "
            f"file of UTF-8 text"
        ) from err
    return str(source), text


def _ics_where(path: str | None) -> str:
    return f"iCalendar file {path!r}" if path is not None else "iCalendar feed"


def _ics_checked(text: str, path: str | None) -> Any:
    """The parsed feed, each event checked: an all-day start, a rule that falls on dates."""
    try:
        import icalendar
        import recurring_ical_events  # noqa: F401  (needed when a year is expanded)
    except ImportError as err:
        raise InvalidCalendarError(
            f"{_ics_where(path)}: reading .ics feeds needs {_ICS_EXTRA}"
        ) from err
    where = _ics_where(path)
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError as err:
        raise InvalidCalendarError(
            f"{where} is not iCalendar text ({err}): expected BEGIN:VCALENDAR ... END:VCALENDAR"
        ) from err
    if not isinstance(calendar, icalendar.Calendar):
        raise InvalidCalendarError(
            f"{where} holds a {calendar.name}, not a calendar: expected BEGIN:VCALENDAR ... "
            f"END:VCALENDAR"
        )
    for index, event in enumerate(calendar.walk("VEVENT")):
        named = _ics_event(event, index)
        try:
            start = event.decoded("DTSTART")
        except KeyError:
            raise InvalidCalendarError(
                f"{where}: {named} has no DTSTART: expected DTSTART;VALUE=DATE:YYYYMMDD or a "
                f"date and time"
            ) from None
        except ValueError as err:
            raise InvalidCalendarError(
                f"{where}: {named} has a DTSTART that is not a date ({err}): expected "
                f"DTSTART;VALUE=DATE:YYYYMMDD"
            ) from err
        if not isinstance(start, date):
            raise InvalidCalendarError(
                f"{where}: {named} has a DTSTART that is not a date ({_ics_raw(event.get('DTSTART'))!r}): "
                f"expected DTSTART;VALUE=DATE:YYYYMMDD"
            )
        for rule in (
            event.get("RRULE", []) if isinstance(event.get("RRULE"), list) else [event.get("RRULE")]
        ):
            frequency = str((rule or {}).get("FREQ", ["YEARLY"])[0]).upper()
            if frequency in ("HOURLY", "MINUTELY", "SECONDLY"):
                raise InvalidCalendarError(
                    f"{where}: {named} repeats within a day (FREQ={frequency}): expected a "
                    f"rule that falls on dates (FREQ=YEARLY, MONTHLY, WEEKLY or DAILY)"
                )
            for part, values in (rule or {}).items():
                problem = rule_part_problem(str(part).upper(), values)
                if problem is not None:
                    raise InvalidCalendarError(f"{where}: {named} has an RRULE {problem}")
    starts = [_day(event.decoded("DTSTART")) for event in calendar.walk("VEVENT")]
    if starts:  # a broken rule is found now, on the first year the feed has
        _ics_year(calendar, min(starts).year, where)
    return calendar


def _ics_raw(value: object) -> str:
    """A property as the feed wrote it."""
    to_ical = getattr(value, "to_ical", None)
    if to_ical is not None:
        try:
            raw = to_ical()
        except (ValueError, TypeError, AttributeError):
            return str(value)
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return str(value)


def _ics_event(event: Any, index: int) -> str:
    """An event as a message names it: its SUMMARY, else its UID, else its place."""
    for key in ("SUMMARY", "UID"):
        value = event.get(key)
        if value:
            return f"event {str(value)!r}"
    return f"event {index + 1}"


def _ics_year(
    calendar: Any, year: int, where: str
) -> tuple[Mapping[date, str | None], tuple[Closed, ...]]:
    """:func:`_ics_dates`, a rule that cannot be expanded an error of ours."""
    try:
        return _ics_dates(calendar, year)
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        raise InvalidCalendarError(
            f"{where}: its events of {year} cannot be expanded: {err}"
        ) from err


def _ics_dates(calendar: Any, year: int) -> tuple[Mapping[date, str | None], tuple[Closed, ...]]:
    """The dates of *year* the feed's all-day events close, each with the first event's name
    (earliest start, then summary); and the occurrences of its timed events that overlap
    *year* (start, end, name: an event without ``DTEND`` or ``DURATION`` ends where it
    starts, RFC 5545, and closes nothing)."""
    import recurring_ical_events

    first, last = date(year, 1, 1), date(year + 1, 1, 1)
    occurrences = recurring_ical_events.of(calendar).between(first, last)
    found: dict[date, str | None] = {}
    timed: list[Closed] = []
    for event in sorted(
        occurrences,
        key=lambda event: (_day(event.decoded("DTSTART")), str(event.get("SUMMARY", ""))),
    ):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        summary = event.get("SUMMARY")
        name = str(summary) if summary else None
        moment = event.decoded("DTSTART")
        if isinstance(moment, datetime):
            finish = event.decoded("DTEND") if "DTEND" in event else None
            if finish is None and "DURATION" in event:
                finish = moment + event.decoded("DURATION")
            if isinstance(finish, datetime) and _comparable(moment, finish) < finish:
                timed.append((moment, finish, name))
            continue
        start = _day(moment)
        end = _day(event.decoded("DTEND")) if "DTEND" in event else None
        if end is None and "DURATION" in event:
            end = start + event.decoded("DURATION")
        if end is None or end <= start:
            end = start + timedelta(days=1)
        day = max(start, first)
        while day < min(end, last):
            found.setdefault(day, name)
            day += timedelta(days=1)
    return MappingProxyType(found), tuple(timed)


def _comparable(moment: datetime, other: datetime) -> datetime:
    """*moment* in *other*'s awareness, to compare them (a floating start, a zoned end)."""
    if (moment.tzinfo is None) == (other.tzinfo is None):
        return moment
    return (
        moment.replace(tzinfo=other.tzinfo)
        if moment.tzinfo is None
        else moment.replace(tzinfo=None)
    )


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else value  # type: ignore[return-value]
