"""Holiday calendars: the closed-dates protocol and ways to build and combine calendars.

A *calendar* is anything that answers ``day in calendar`` for a ``datetime.date``: a
``holidays`` object, a ``set`` of dates, or your own class. That is the whole protocol.

>>> from datetime import date
>>> class ClosedOnFirstOfMonth:
...     def __contains__(self, day: object) -> bool:
...         return isinstance(day, date) and day.day == 1
>>> date(2026, 12, 1) in ClosedOnFirstOfMonth()
True

A calendar may also name its dates with a ``get(day)`` method, as ``holidays`` objects do;
slaclock uses the names in explanations (:func:`closure_name`).

>>> ar = country_calendar("AR")
>>> closure_name(ar, date(2026, 5, 25))
'May Revolution Day'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from math import lcm
from types import MappingProxyType
from typing import NamedTuple, Protocol, runtime_checkable

import holidays
from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rruleset

from .errors import InvalidCalendarError, message_part, shown
from .suggestions import close_matches, hint
from .zones import EPOCH, ONE_MICROSECOND

__all__ = [
    "Calendar",
    "ClosedDates",
    "CountryHolidays",
    "Recurring",
    "TimedClosure",
    "UnionCalendar",
    "closed_between",
    "closed_weekdays",
    "closure_name",
    "country_calendar",
    "has_timed_closures",
    "rule_part_problem",
    "timed_closure_at",
    "timed_closures",
    "union",
]


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


def country_calendar(
    country: str,
    subdiv: str | None = None,
    categories: Iterable[str] | str | None = None,
    language: str | None = None,
) -> CountryHolidays:
    """The official holidays of a country (ISO 3166 code), from the ``holidays`` package.

    *subdiv* picks a state or province (``"FL"``), *categories* the kinds of holiday
    (``"public"`` by default; ``"bank"``, ``"government"``, ... where the country has them),
    *language* the package's translation of the names (``"es"``). Codes, categories and
    languages are case-insensitive; one the country does not have is an error naming those it
    has.

    >>> country_calendar("us", subdiv="fl")
    country_calendar('US', subdiv='FL')
    >>> country_calendar("XX")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidCalendarError: unknown country 'XX': expected an ISO 3166-1 alpha-2 code that the holidays package supports, such as 'US', 'AR', 'MX'
    """
    return CountryHolidays(country, subdiv, categories, language)


def _country_codes(supported: Mapping[str, object]) -> dict[str, str]:
    """Each supported country by its alpha-2 code, and where the ``holidays`` package's
    registry lists them, its alpha-3 code and names (``USA``, ``UK``, ``Argentina``): the
    words a mistyped country is compared with."""
    codes = {code: code for code in supported if len(code) == 2}
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # an older or newer holidays without it: the codes alone
        return codes
    for module, names in COUNTRIES.items():
        code = next((name for name in names if len(name) == 2 and name in supported), None)
        if code is not None:
            for name in (module, *names):
                codes.setdefault(name, code)
    return codes


class CountryHolidays:
    """A country's official holidays as a calendar value: equal, hashable and pickled by its
    definition (country, subdivision, categories, language), never by the years it has
    expanded. Build one with :func:`country_calendar`; ``.holidays`` is the ``holidays``
    object behind it."""

    __slots__ = ("categories", "country", "holidays", "language", "subdiv")

    def __init__(
        self,
        country: str,
        subdiv: str | None = None,
        categories: Iterable[str] | str | None = None,
        language: str | None = None,
    ) -> None:
        if not isinstance(country, str) or not country.strip():
            raise InvalidCalendarError(
                f"country {country!r}: expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'"
            )
        code = country.strip().upper()
        supported = holidays.list_supported_countries()
        if code not in supported:
            codes = _country_codes(supported)
            found = list(dict.fromkeys(codes[name] for name in close_matches(country, codes)))
            expected = (
                "an ISO 3166-1 alpha-2 code that the holidays package supports, such as "
                "'US', 'AR', 'MX'"
            )
            raise InvalidCalendarError(
                f"unknown country {country!r}: did you mean {' or '.join(map(repr, found))}? "
                f"(expected {expected})"
                if found
                else f"unknown country {country!r}: expected {expected}"
            )
        subdivisions = supported[code]
        if subdiv is not None and not isinstance(subdiv, str):
            raise InvalidCalendarError(
                f"subdivision {shown(subdiv)} of {code}: expected text such as 'FL', "
                f"got {type(subdiv).__name__}"
            )
        if subdiv is not None:
            matches = [known for known in subdivisions if known.upper() == str(subdiv).upper()]
            if not matches and not subdivisions:
                raise InvalidCalendarError(
                    f"unknown subdivision {subdiv!r} of {code}: the holidays package has no "
                    f"subdivisions of {code}, expected none (the country's holidays alone)"
                )
            if not matches:
                known = ", ".join(subdivisions)
                raise InvalidCalendarError(
                    f"unknown subdivision {subdiv!r} of {code}: {hint(subdiv, subdivisions, known)}"
                )
            subdiv = matches[0]
        chosen = _categories(categories)
        try:
            probe = holidays.country_holidays(code, subdiv=subdiv)
        except (NotImplementedError, ValueError, KeyError) as err:
            raise InvalidCalendarError(f"holidays of {code} with subdiv={subdiv!r}: {err}") from err
        if chosen is not None:
            chosen = _known_categories(code, chosen, _strings(probe, "supported_categories"))
        language = _known_language(code, language, _strings(probe, "supported_languages"))
        try:
            calendar = holidays.country_holidays(
                code, subdiv=subdiv, categories=chosen, language=language
            )
        except (NotImplementedError, ValueError, KeyError) as err:
            raise InvalidCalendarError(
                f"holidays of {code} with subdiv={subdiv!r}, categories={categories!r}, "
                f"language={language!r}: {err}"
            ) from err
        self.country = code
        self.subdiv = subdiv
        self.categories = chosen
        self.language = language
        self.holidays: holidays.HolidayBase = calendar

    def __contains__(self, day: object) -> bool:
        return day in self.holidays

    def get(self, day: date) -> str | None:
        """The holiday's name on *day*, or ``None``."""
        name = self.holidays.get(day)
        return name if isinstance(name, str) else None

    def _key(self) -> tuple[object, ...]:
        return (self.country, self.subdiv, self.categories, self.language)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountryHolidays) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[CountryHolidays], tuple[object, ...]]:
        return (CountryHolidays, self._key())

    def __repr__(self) -> str:
        parts = [repr(self.country)]
        for name in ("subdiv", "categories", "language"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        return f"country_calendar({', '.join(parts)})"


def _strings(calendar: object, attribute: str) -> tuple[str, ...]:
    """A ``holidays`` object's list of supported names (categories, languages); ``()`` when
    the package does not say."""
    found = getattr(calendar, attribute, None) or ()
    return tuple(str(name) for name in found)


def _known_categories(
    code: str, chosen: tuple[str, ...], supported: tuple[str, ...]
) -> tuple[str, ...]:
    """*chosen* categories in the package's own spelling (case-insensitive); an unknown one is
    an error naming those of the country."""
    if not chosen:
        raise InvalidCalendarError(
            f"holiday categories [] of {code}: expected at least one of "
            f"{', '.join(supported) or 'public'}"
        )
    if not supported:  # a holidays release that does not list them: let it decide
        return chosen
    by_folded = {name.lower(): name for name in supported}
    known = []
    for category in chosen:
        found = by_folded.get(category.strip().lower())
        if found is None:
            raise InvalidCalendarError(
                f"unknown holiday category {category!r} of {code}: {hint(category, supported)}"
            )
        known.append(found)
    return tuple(dict.fromkeys(known))


def _known_language(code: str, language: object, supported: tuple[str, ...]) -> str | None:
    """*language* in the package's own spelling (``"es"``, ``"en_US"``; case and ``-`` or
    ``_`` do not matter); one the package has no translation of for the country is an error
    naming those it has."""
    if language is None:
        return None
    if not isinstance(language, str):
        raise InvalidCalendarError(
            f"language {shown(language)} of holidays of {code}: expected a language code "
            f"such as 'es' or 'en_US', got {type(language).__name__}"
        )
    wanted = language.strip().replace("-", "_").lower()
    for name in supported:
        if name.lower() == wanted:
            return name
    if not supported:
        raise InvalidCalendarError(
            f"unknown language {language!r} for holidays of {code}: the holidays package has "
            f"no translations of {code}'s holiday names, expected none"
        )
    regional = [name for name in supported if name.lower().split("_")[0] == wanted]
    if regional:  # "en" for "en_US": the package names regional variants only
        either = " or ".join(map(repr, regional))
        advice = f"did you mean {either}? (known: {', '.join(supported)})"
    else:
        advice = hint(language, supported)
    raise InvalidCalendarError(f"unknown language {language!r} for holidays of {code}: {advice}")


def _categories(categories: object) -> tuple[str, ...] | None:
    """Categories of holidays as a tuple of names; anything but text or an iterable of text
    (a number, a mapping) is refused."""
    if categories is None:
        return None
    wanted = (categories,) if isinstance(categories, str) else categories
    if isinstance(wanted, Iterable) and not isinstance(wanted, Mapping | bytes):
        chosen = tuple(wanted)
        if all(isinstance(item, str) for item in chosen):
            return chosen
    raise InvalidCalendarError(
        f"holiday categories {shown(categories)}: expected a category name such as 'public', "
        f"or a list of them"
    )


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


_RULE_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
    "BYHOUR": (0, 23, False),
    "BYMINUTE": (0, 59, False),
    "BYSECOND": (0, 60, False),
    "INTERVAL": (1, None, False),
    "COUNT": (1, None, False),
}
"""RFC 5545 (section 3.3.10) ranges of a rule's numbers: (least, most, whether the negative
of each is allowed too)."""


def rule_part_problem(part: str, values: object) -> str | None:
    """What is wrong with one part of a recurrence rule (``BYMONTH`` and its values), by
    RFC 5545's ranges, or ``None``; the expanders accept such parts and silently fall on
    no date (``BYMONTH=13``), so they are checked when a feed or a rule's text is read.

    >>> rule_part_problem("BYMONTH", [13])
    'BYMONTH=13: expected 1 to 12'
    >>> rule_part_problem("BYMONTHDAY", [-31, 15]) is None
    True
    """
    found = _RULE_RANGES.get(part)
    if found is None:
        return None
    least, most, negative = found
    for value in values if isinstance(values, list | tuple) else [values]:
        try:
            number = int(str(value))
        except ValueError:
            return message_part(f"{part}={value}: expected a whole number")
        size = abs(number) if negative else number
        if size < least or (most is not None and size > most) or (negative and number == 0):
            if most is None:
                return message_part(f"{part}={value}: expected {least} or more")
            if negative:
                return message_part(
                    f"{part}={value}: expected {least} to {most} (or -{most} to -{least})"
                )
            return message_part(f"{part}={value}: expected {least} to {most}")
    return None


class Recurring:
    """A calendar of the dates a ``dateutil.rrule`` recurrence falls on ("every 24 Dec").

    >>> from dateutil.rrule import YEARLY, rrule
    >>> christmas_eve = Recurring(
    ...     rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2000, 1, 1)), "Christmas Eve"
    ... )
    >>> date(2031, 12, 24) in christmas_eve, date(2031, 12, 25) in christmas_eve
    (True, False)

    Its :attr:`text` is the rule as RFC 5545 writes it, what the commands show: the text it
    was read from (a policy file's ``rule``, or *text*), else the ``RRULE`` dateutil writes for
    a single rule; ``None`` for a rule set given without its text (dateutil writes none).

    >>> christmas_eve.text
    'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24'

    Cost: the recurrence is expanded once per year asked about; each look-up is then a set
    membership test.
    """

    __slots__ = ("_by_year", "_cycle", "_period", "_start", "_weekdays", "name", "rule", "text")

    def __init__(
        self, rule: rrule | rruleset, name: str | None = None, text: str | None = None
    ) -> None:
        if not isinstance(rule, rrule | rruleset):
            raise InvalidCalendarError(
                f"recurrence {rule!r}: expected a dateutil.rrule.rrule or rruleset"
            )
        for member in [rule] if isinstance(rule, rrule) else getattr(rule, "_rrule", []):
            frequency = getattr(member, "_freq", YEARLY)
            times = getattr(member, "_timeset", None) or ()
            if frequency > DAILY or len(times) > 1:  # many times a day: work, no new date
                shown = str(member).replace("\n", " ")
                raise InvalidCalendarError(
                    f"recurrence {shown!r} repeats within a day: expected a rule that falls on "
                    f"dates (FREQ=YEARLY, MONTHLY, WEEKLY or DAILY), as closures close whole "
                    f"dates"
                )
        if text is not None:
            for line in text.strip().splitlines():
                line = line.strip().removeprefix("RRULE:").removeprefix("EXRULE:")
                if ":" in line:  # DTSTART, RDATE, EXDATE: not a rule's parts
                    continue
                for part in filter(None, line.split(";")):
                    key, _, values = part.partition("=")
                    problem = rule_part_problem(key.strip().upper(), values.split(","))
                    if problem is not None:
                        raise InvalidCalendarError(f"recurrence {text.strip()!r}: {problem}")
        self.rule = rule
        self.name = name
        self.text = text.strip() if text is not None else _rule_text(rule)
        self._by_year: dict[int, frozenset[date]] = {}
        self._cycle: dict[int, frozenset[date]] | None = None
        self._weekdays: dict[int, tuple[int, ...]] = {}
        self._start = _dtstart(rule)
        self._period = _cycle_years(rule)

    def _dates(self, year: int) -> frozenset[date]:
        """The dates of *year*: far from the rule's start, those of the year a whole number of
        its cycles earlier (:func:`_cycle_years`), shifted; else expanded: from the start to
        ``_NEAR_YEARS`` after it at once, and a rule without a cycle as far again ahead of
        *year* as *year* lies from its start (each expansion runs from the start, so a walk
        over the years costs as many expansions as doublings, not one a year)."""
        found = self._by_year.get(year)
        if found is None:
            start, cycle = self._start, self._period
            if start is not None and isinstance(self.rule, rrule) and year < start.year:
                found = frozenset()  # a rule falls on no date before its start
            elif start is not None and cycle is not None and year > start.year + _NEAR_YEARS:
                found = self._shifted(year, start.year, cycle)
            elif start is not None and start.year < year:  # every year since the start, at once
                ahead = year if cycle is not None else 2 * year - start.year
                last = min(max(ahead, start.year + _NEAR_YEARS), date.max.year)
                expanded = self._between(start.year, last)
                self._by_year.update(expanded)
                found = expanded[year]
            else:
                found = self._between(year, year)[year]
            self._by_year[year] = found
        return found

    def _between(self, first_year: int, last_year: int) -> dict[int, frozenset[date]]:
        """The rule expanded over whole years, by year (one pass from its start)."""
        first = datetime.combine(date(first_year, 1, 1), time.min)
        last = datetime.combine(date(last_year, 12, 31), time.max)
        start = _dtstart(self.rule)
        if start is not None and start.tzinfo is not None:
            first, last = first.replace(tzinfo=start.tzinfo), last.replace(tzinfo=start.tzinfo)
        found: dict[int, set[date]] = {year: set() for year in range(first_year, last_year + 1)}
        for moment in self.rule.between(first, last, inc=True):
            found[moment.year].add(moment.date())
        return {year: frozenset(dates) for year, dates in found.items()}

    def _moved(self, year: int) -> int | None:
        """The year of the rule's first whole cycle whose dates, moved by whole cycles (a
        multiple of 400 years: the same weekdays and leap years), are *year*'s, when *year*
        lies far from the start and before the rule's end; else ``None``."""
        start, cycle = self._start, self._period
        if start is None or year <= start.year + _NEAR_YEARS or not isinstance(self.rule, rrule):
            return None
        until = getattr(self.rule, "_until", None)
        if cycle is None or (isinstance(until, datetime) and until.year <= year):
            return None
        if self._cycle is None:
            self._cycle = self._between(start.year + 1, min(start.year + cycle, date.max.year))
        base = start.year + 1 + (year - start.year - 1) % cycle
        return base if base in self._cycle else None

    def _weekday_counts(self, year: int) -> tuple[int, ...]:
        """How many dates of *year* the rule falls on, on each weekday (Monday first): far from
        its start, those of its first cycle's year that *year* repeats (kept), so a year costs
        no date."""
        base = self._moved(year)
        if base is not None:
            found = self._weekdays.get(base)
            if found is None:
                found = self._weekdays[base] = _by_weekday(self._dates(base))
            return found
        return _by_weekday(self._dates(year))

    def _shifted(self, year: int, start: int, cycle: int) -> frozenset[date]:
        """The dates of *year* from those of the same year of the rule's first whole cycle
        (the years after its start's), moved by whole cycles: a multiple of 400 years, over
        which the calendar and the rule repeat exactly. Dates after the rule's end are left
        out."""
        if self._cycle is None:
            last = min(start + cycle, date.max.year)
            self._cycle = self._between(start + 1, last)
        base = start + 1 + (year - start - 1) % cycle
        if base not in self._cycle:  # the cycle runs past 9999: the year itself
            return self._between(year, year)[year]
        shift = year - base
        until = getattr(self.rule, "_until", None)
        last_day = until.date() if isinstance(until, datetime) else date.max
        return frozenset(
            moved
            for day in self._cycle[base]
            if (moved := day.replace(year=day.year + shift)) <= last_day
        )

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        day = day if not isinstance(day, datetime) else day.date()
        base = self._moved(day.year)
        if base is not None and self._cycle is not None:  # no year's dates moved: one look-up
            return day.replace(year=base) in self._cycle[base]
        return day in self._dates(day.year)

    def get(self, day: date) -> str | None:
        """The recurrence's name on the dates it falls on, else ``None``."""
        return self.name if day in self else None

    def __reduce__(
        self,
    ) -> tuple[type[Recurring], tuple[rrule | rruleset, str | None, str | None]]:
        return (Recurring, (self.rule, self.name, self.text))

    def __repr__(self) -> str:
        text = str(self.rule).replace("\n", "\\n")
        return f"Recurring(rrulestr('{text}'), {self.name!r})"


def _rule_text(rule: rrule | rruleset) -> str | None:
    """The ``RRULE`` of a single rule as dateutil writes it (``str(rule)``: its ``DTSTART``
    line, then its ``RRULE`` line), without the ``RRULE:`` name; ``None`` for a rule set."""
    if not isinstance(rule, rrule):
        return None
    lines = [line for line in str(rule).splitlines() if line.startswith("RRULE:")]
    return lines[0].removeprefix("RRULE:") if lines else None


def _by_weekday(dates: Iterable[date]) -> tuple[int, ...]:
    """How many of *dates* fall on each weekday, Monday first."""
    counts = [0] * 7
    for day in dates:
        counts[day.weekday()] += 1
    return tuple(counts)


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
        return [calendar._weekday_counts(year) for year in range(first, last + 1)]
    dates = closed_between(calendar, date(first, 1, 1), date(last, 12, 31))
    if dates is None:
        return None
    by_year: dict[int, list[date]] = {}
    for day in dates:
        by_year.setdefault(day.year, []).append(day)
    return [_by_weekday(by_year.get(year, ())) for year in range(first, last + 1)]


_NEAR_YEARS = 50
"""Years after a recurrence's start expanded from it directly; farther years are shifted from
its first cycle (expanding from the start costs as many years as lie between)."""


def _cycle_years(rule: rrule | rruleset) -> int | None:
    """After how many years (a multiple of 400) a recurrence's dates repeat, shifted by those
    years: the Gregorian calendar repeats every 400 years (146,097 days, 20,871 weeks), and
    a rule's steps (every *interval* years, months, weeks or days) come back in phase after
    the least common multiple of its step and that. ``None`` for a rule set, a rule counted
    (``COUNT``: not periodic) or tied to Easter (whose dates repeat only over millions of
    years)."""
    if not isinstance(rule, rrule):
        return None
    if getattr(rule, "_count", None) is not None or getattr(rule, "_byeaster", None):
        return None
    interval = getattr(rule, "_interval", 1)
    frequency = getattr(rule, "_freq", None)
    if frequency == YEARLY:
        return lcm(interval, 400)
    if frequency == MONTHLY:
        return lcm(interval, 4_800) // 12
    if frequency == WEEKLY:
        return lcm(interval, 20_871) // 20_871 * 400
    if frequency == DAILY:
        return lcm(interval, 146_097) // 146_097 * 400
    return None


def _dtstart(rule: rrule | rruleset) -> datetime | None:
    """The first recurrence's start, to match its awareness when asking for a year."""
    rules = [rule] if isinstance(rule, rrule) else getattr(rule, "_rrule", [])
    start = getattr(rules[0], "_dtstart", None) if rules else None
    return start if isinstance(start, datetime) else None


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

    >>> argentina = country_calendar("AR")
    >>> closure_name(argentina, date(2026, 12, 25)), closure_name(argentina, date(2026, 12, 25), "es")
    ('Christmas Day', 'Navidad')
    """
    if language is not None:
        if isinstance(calendar, CountryHolidays) and calendar.language is None:
            calendar = _named_in(calendar, language)
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


@functools.cache
def _named_in(calendar: CountryHolidays, language: str) -> CountryHolidays:
    """*calendar* with its names in the ``holidays`` package's translation to *language*
    (itself when the package has none): built once per calendar and language."""
    supported = _strings(calendar.holidays, "supported_languages")
    wanted = language.replace("-", "_").lower()
    by_folded = {name.lower(): name for name in supported}
    found = by_folded.get(wanted) or next(
        (name for name in supported if name.lower().partition("_")[0] == wanted.partition("_")[0]),
        None,
    )
    if found is None:
        return calendar
    return CountryHolidays(calendar.country, calendar.subdiv, calendar.categories, found)


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
            found.update(day for day in calendar._dates(year) if first <= day <= last)
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
