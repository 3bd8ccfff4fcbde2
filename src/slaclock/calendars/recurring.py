"""Recurrences as calendars (:class:`Recurring`, a ``dateutil`` rule's dates): a rule's parts
checked by RFC 5545's ranges, its dates expanded per year, far years shifted from its first
cycle."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from math import lcm

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rruleset

from ..errors import InvalidCalendarError, message_part

__all__ = ["Recurring", "by_weekday", "rule_part_problem"]


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

    def dates_in(self, year: int) -> frozenset[date]:
        """The dates of *year* the recurrence falls on (what :func:`~slaclock.calendars.closed_between` lists).

        >>> from dateutil.rrule import YEARLY, rrule
        >>> first_monday = Recurring(
        ...     rrule(YEARLY, byweekday=0, bysetpos=1, dtstart=datetime(2000, 1, 1))
        ... )
        >>> sorted(first_monday.dates_in(2026))
        [datetime.date(2026, 1, 5)]

        Cost: far from the rule's start, the dates of the year a whole number of its cycles
        earlier (:func:`_cycle_years`), shifted; else expanded: from the start to
        ``_NEAR_YEARS`` after it at once, and a rule without a cycle as far again ahead of
        *year* as *year* lies from its start (each expansion runs from the start, so a walk
        over the years costs as many expansions as doublings, not one a year). Kept per year.
        """
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

    def weekday_counts(self, year: int) -> tuple[int, ...]:
        """How many dates of *year* the recurrence falls on, on each weekday (Monday first:
        what :func:`~slaclock.calendars.closed_weekdays` counts).

        >>> from dateutil.rrule import DAILY, rrule
        >>> every_day = Recurring(rrule(DAILY, dtstart=datetime(2000, 1, 1)))
        >>> every_day.weekday_counts(2026)
        (52, 52, 52, 53, 52, 52, 52)

        Cost: far from its start, the counts of its first cycle's year that *year* repeats
        (kept), so a year costs no date."""
        base = self._moved(year)
        if base is not None:
            found = self._weekdays.get(base)
            if found is None:
                found = self._weekdays[base] = by_weekday(self.dates_in(base))
            return found
        return by_weekday(self.dates_in(year))

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
        return day in self.dates_in(day.year)

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


def by_weekday(dates: Iterable[date]) -> tuple[int, ...]:
    """How many of *dates* fall on each weekday, Monday first."""
    counts = [0] * 7
    for day in dates:
        counts[day.weekday()] += 1
    return tuple(counts)


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
