"""``slaclock calendar``: a year of a schedule, date by date."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time

import holidays

from ..calendars import (
    ClosedDates,
    CountryHolidays,
    Recurring,
    UnionCalendar,
    closure_name,
    describe,
)
from ..durations import format_duration
from ..hours import Interval
from ..ics import IcsCalendar
from ..languages import Translation, translation
from ..policy import Plan
from ..schedule import BaseSchedule, Schedule
from ..zones import zone_name
from .parser import UsageError
from .policy_options import output_language, policy_from_options

__all__ = ["describe_calendar", "describe_hours", "run"]

_FIRST_YEAR, _LAST_YEAR = 3, 9997
"""The local years a calendar shows: a year inside the supported UTC years 2 to 9998 whatever
the zone's offset, whose every date (and the next, for an overnight shift) can be written."""


def _date_option(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{option} {text!r}: expected a date such as 2026-12-31") from None


def _date_range(args: argparse.Namespace) -> tuple[date, date]:
    if args.year is not None and (args.first or args.last):
        raise UsageError("give a year or --from/--to, not both")
    if args.first or args.last:
        if not (args.first and args.last):
            raise UsageError("--from and --to go together: give both dates")
        first, last = _date_option(args.first, "--from"), _date_option(args.last, "--to")
        for day, option in ((first, "--from"), (last, "--to")):
            if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
                raise UsageError(
                    f"{option} {day}: expected a date in the years {_FIRST_YEAR} to {_LAST_YEAR}"
                )
        if last < first:
            raise UsageError(f"--to {last} is before --from {first}: expected a later date")
        return first, last
    year = args.year if args.year is not None else date.today().year
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise UsageError(f"year {year}: expected a year from {_FIRST_YEAR} to {_LAST_YEAR}")
    return date(year, 1, 1), date(year, 12, 31)


_LISTED_DATES = 3
"""Closed dates a calendar's description lists one by one; more are counted, first to last."""


def describe_calendar(calendar: object, t: Translation | None = None) -> str:
    """A schedule's calendar as the commands show it, in *t*'s language (default English):
    ``holidays of US-FL``, ``closed date 2026-12-31 (Company day)``, ``recurring
    FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24 (Christmas Eve)``, ``iCalendar file closures.ics``,
    the members of a union joined by `` + ``; ``none`` when it closes no date; a calendar of
    your own class by its ``repr``.

    >>> from slaclock import ClosedDates, country_calendar, union
    >>> describe_calendar(union(country_calendar("US", subdiv="FL"), {date(2026, 12, 24)}))
    'holidays of US-FL + closed date 2026-12-24'
    >>> from slaclock.languages import translation
    >>> describe_calendar(country_calendar("CO"), translation("es"))
    'feriados de CO'
    """
    t = translation() if t is None else t
    if isinstance(calendar, UnionCalendar):
        return " + ".join(describe_calendar(member, t) for member in calendar.members)
    if isinstance(calendar, CountryHolidays | holidays.HolidayBase):
        country = getattr(calendar, "country", None)
        if isinstance(country, str):
            subdiv = getattr(calendar, "subdiv", None)
            categories = getattr(calendar, "categories", None)
            where = f"{country}-{subdiv}" if subdiv else country
            if isinstance(calendar, CountryHolidays) and categories:
                return t.gettext("holidays of {country} ({categories})").format(
                    country=where, categories=", ".join(categories)
                )
            return t.gettext("holidays of {country}").format(country=where)
    if isinstance(calendar, ClosedDates):
        return _describe_dates(calendar, t)
    if isinstance(calendar, Recurring):
        if calendar.text is None:  # a rule set given without its text
            if calendar.name:
                return t.gettext("recurring rule set ({name})").format(name=calendar.name)
            return t.gettext("recurring rule set")
        rule = " / ".join(line.strip() for line in calendar.text.splitlines() if line.strip())
        if calendar.name:
            return t.gettext("recurring {rule} ({name})").format(rule=rule, name=calendar.name)
        return t.gettext("recurring {rule}").format(rule=rule)
    if isinstance(calendar, IcsCalendar):
        if calendar.path is not None:
            return t.gettext("iCalendar file {path}").format(path=calendar.path)
        return t.gettext("an iCalendar feed")
    return describe(calendar)


def _describe_dates(calendar: ClosedDates, t: Translation) -> str:
    """A set of closed dates: each (with its name) when they are few, else how many, from the
    first to the last."""
    names = calendar.names
    if not names:
        return t.gettext("none")
    days = list(names)
    if len(days) > _LISTED_DATES:
        return t.gettext("{count} closed dates from {first} to {last}").format(
            count=t.number(len(days)), first=days[0], last=days[-1]
        )
    listed = ", ".join(f"{day} ({names[day]})" if names[day] else str(day) for day in days)
    return t.ngettext("closed date {dates}", "closed dates {dates}", len(days)).format(dates=listed)


def describe_hours(schedule: Schedule) -> str:
    """A schedule's weekly hours as the commands show them (empty when always closed)."""
    return "; ".join(
        f"{days} {value if isinstance(value, str) else ', '.join(value)}"
        for days, value in schedule.hours.to_spec().items()
    )


def _real_length(day: date, interval: Interval, tz: tzinfo) -> timedelta:
    """The real length of a day's interval: its wall-clock ends resolved as the engine
    resolves them (``replace(tzinfo=tz)``, fold=0), never negative."""
    midnight = datetime.combine(day, clock_time.min)
    opening = (midnight + timedelta(seconds=interval.start)).replace(tzinfo=tz)
    closing = (midnight + timedelta(seconds=interval.end)).replace(tzinfo=tz)
    return max(closing.astimezone(UTC) - opening.astimezone(UTC), timedelta(0))


def _calendar_days(
    schedule: Schedule, first: date, last: date, t: Translation
) -> Iterator[tuple[date, tuple[Interval, ...], timedelta, str]]:
    """(date, its intervals, their open time, why the date differs from the weekly hours)."""
    tz = schedule.tz
    day = first
    while day <= last:
        intervals = schedule.intervals_on(day)
        notes = []
        holiday = day in schedule.calendar
        name = closure_name(schedule.calendar, day, t.language) if holiday else None
        if day in schedule.overrides:
            notes.append(t.gettext("override"))
            if holiday:
                notes.append(
                    t.gettext("instead of holiday: {name}").format(
                        name=name or t.gettext("closed date")
                    )
                )
        elif holiday:
            notes.append(
                t.gettext("holiday: {name}").format(name=name) if name else t.gettext("closed date")
            )
        for (start, end), event in schedule.closed_hours_on(day):
            hours = f"{start.astimezone(tz):%H:%M}-{end.astimezone(tz):%H:%M}"
            notes.append(
                t.gettext("closed {hours}: {name}").format(hours=hours, name=event)
                if event
                else t.gettext("closed {hours}").format(hours=hours)
            )
        open_time = sum((_real_length(day, interval, tz) for interval in intervals), timedelta(0))
        if open_time != timedelta(seconds=sum(interval.seconds for interval in intervals)):
            notes.append(
                t.gettext("daylight-saving change: {duration} of real time").format(
                    duration=format_duration(open_time)
                )
            )
        yield day, intervals, open_time, "; ".join(notes)
        day += timedelta(days=1)


def run(args: argparse.Namespace) -> int:
    """Print the dates of a year (or of --from .. --to) for each plan."""
    policy = policy_from_options(args)
    t = output_language(args, policy)
    first, last = _date_range(args)
    plans = [policy.plan(args.plan)] if args.plan else list(policy.plans.values())
    for number, plan in enumerate(plans):
        if number:
            print()
        _calendar_of(plan, policy.default_plan, first, last, args.exceptions, t)
    return 0


def _calendar_of(
    plan: Plan, default: str, first: date, last: date, exceptions: bool, t: Translation
) -> None:
    schedule = plan.schedule
    title = (
        t.gettext("plan {name} (the default plan), {first} to {last}")
        if plan.name == default
        else t.gettext("plan {name}, {first} to {last}")
    )
    print(title.format(name=plan.name, first=first, last=last))
    if not isinstance(schedule, Schedule):
        _calendar_of_union(schedule, first, last, t)
        return
    rows = [
        (t.gettext("zone:"), zone_name(schedule.tz)),
        (t.gettext("hours:"), describe_hours(schedule) or t.gettext("closed every day")),
        (t.gettext("calendar:"), describe_calendar(schedule.calendar, t)),
    ]
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        print(f"  {label:<{width}}{value}")
    open_days = holidays = overrides = 0
    total = timedelta(0)
    for day, intervals, open_time, note in _calendar_days(schedule, first, last, t):
        if intervals:
            open_days += 1
            total += open_time
        holidays += day in schedule.calendar
        overrides += day in schedule.overrides
        if exceptions and not note:
            continue
        text = ", ".join(str(interval) for interval in intervals) or t.gettext("closed")
        length = format_duration(open_time) if intervals else ""
        print(f"  {day} {t.weekday(day)}  {text:<24} {length:>6}  {note}".rstrip())
    summary = t.ngettext(
        "{open_days} open day, {total} open; {holidays} closed by the calendar; "
        "{overrides} overrides",
        "{open_days} open days, {total} open; {holidays} closed by the calendar; "
        "{overrides} overrides",
        open_days,
    )
    print(
        "  "
        + summary.format(
            open_days=t.number(open_days),
            total=format_duration(total),
            holidays=t.number(holidays),
            overrides=t.number(overrides),
        )
    )


def _day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, clock_time.min).replace(tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), clock_time.min).replace(tzinfo=tz)


def _calendar_of_union(schedule: BaseSchedule, first: date, last: date, t: Translation) -> None:
    print(
        "  "
        + t.gettext("a union of schedules, shown in {zone}").format(zone=zone_name(schedule.tz))
    )
    day = first
    while day <= last:
        start, end = _day_bounds(day, schedule.tz)
        spans = [f"{a:%H:%M}-{b:%H:%M}" for a, b in schedule.periods(start, end)]
        print(f"  {day} {t.weekday(day)}  {', '.join(spans) or t.gettext('closed')}")
        day += timedelta(days=1)
