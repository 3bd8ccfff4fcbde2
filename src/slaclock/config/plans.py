"""A policy file's plans: each ``[plans.NAME]`` table read into a
:class:`~slaclock.policy.Plan` (:func:`read_plan`): its zone, its hours (or their versions,
each in force from a date), overrides, calendar (country holidays, closed dates, recurring
rules, iCalendar files) and its own targets."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil.rrule import rrulestr

from ..calendars import ClosedDates, Recurring, country_calendar, union
from ..errors import InvalidCalendarError
from ..hours import Interval, parse_day_key, parse_intervals, read_date
from ..ics import ics_calendar
from ..policy import Plan
from ..schedule import BaseSchedule, Schedule
from ..zones import zone
from .documents import REPORTED, Problems, key_path, kind_and_value
from .targets import read_targets

__all__ = ["read_plan"]

_PLAN_KEYS = (
    "zone",
    "hours",
    "holidays",
    "ics",
    "closed",
    "recurring",
    "overrides",
    "targets",
    "naive",
)
_HOLIDAY_KEYS = ("country", "subdiv", "categories", "language")
_RECURRING_KEYS = ("rule", "name", "start")


def read_plan(
    problems: Problems,
    name: str,
    value: object,
    default_zone: object,
    directory: str | Path | None = None,
) -> Plan | None:
    """The plan *name* from its table *value* (its zone *default_zone* when it names none:
    the policy's, or :data:`~slaclock.config.documents.REPORTED`); ``None`` with each problem
    added to *problems* at its key path. Relative ``ics`` paths are read from *directory*
    (default: the current directory).

    >>> problems = Problems()
    >>> plan = read_plan(problems, "Standard", {"hours": {"mon-fri": "09:00-18:00"}}, "UTC")
    >>> plan.name, problems.items
    ('standard', [])
    >>> read_plan(problems, "night", {"zone": "UTC", "hours": {"mon": "25:00-26:00"}}, None)
    >>> problems.items
    [('plans.night.hours.mon', "opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00")]
    """
    path = key_path("plans", name)
    table = problems.table(value, path, _PLAN_KEYS)
    before = len(problems.items)
    tz_name = table.get("zone", default_zone)
    tz = None
    if tz_name is REPORTED:
        pass
    elif tz_name is None:
        problems.add(
            key_path(path, "zone"), "missing: expected an IANA zone name (here or in [policy])"
        )
    else:
        tz = problems.attempt(key_path(path, "zone"), lambda: zone(tz_name))
    before_hours = len(problems.items)
    versions = _hours_versions(problems, table.get("hours"), key_path(path, "hours"))
    hours = versions.get(None) if versions is not None else None
    overrides = _overrides(problems, table.get("overrides", {}), key_path(path, "overrides"))
    if versions is not None and len(problems.items) == before_hours:
        for day, weekly in versions.items():
            if day is None:
                _check_opens(problems, weekly, overrides, path)
            else:
                _check_opens(
                    problems, weekly, overrides, key_path(key_path(path, "hours"), day), None
                )
    calendar = _read_calendar(problems, table, path, directory)
    targets = read_targets(problems, table.get("targets", {}), key_path(path, "targets"))
    naive = table.get("naive", "assume")
    if naive not in ("assume", "reject"):
        problems.add(key_path(path, "naive"), f"{naive!r}: expected 'assume' or 'reject'")
    if len(problems.items) > before or tz is None or versions is None:
        return None
    schedule: BaseSchedule | None
    if hours is not None:
        schedule = problems.attempt(
            path,
            lambda: Schedule(hours, tz=tz, calendar=calendar, overrides=overrides, naive=naive),
        )
    else:
        schedule = problems.attempt(
            path,
            lambda: Schedule.versions(
                versions, tz=tz, calendar=calendar, overrides=overrides, naive=naive
            ),
        )
    if schedule is None:
        return None
    return Plan(name.lower(), schedule, targets)


def _hours(problems: Problems, value: object, path: str) -> dict[str, tuple[Interval, ...]] | None:
    if value is None:
        problems.add(path, 'missing: expected a table such as { mon-fri = "09:00-18:00" }')
        return None
    result: dict[str, tuple[Interval, ...]] = {}
    for key, spec in problems.table(value, path).items():
        where = key_path(path, key)
        days = problems.attempt(where, parse_day_key, key)
        intervals = _intervals(problems, spec, where, repr(key))
        if days is not None and intervals is not None:
            result[str(key)] = intervals
    return result


def _hours_versions(
    problems: Problems, value: object, path: str
) -> dict[date | None, dict[str, tuple[Interval, ...]]] | None:
    """A plan's hours: ``{None: hours}`` for one set of weekly hours; for hours that change
    over time (every key a date, each the hours in force from it), each date's hours."""
    keys = list(value) if isinstance(value, Mapping) else []
    if not keys or not any(str(key)[:1].isdigit() for key in keys):
        hours = _hours(problems, value, path)
        return None if hours is None else {None: hours}
    found: dict[date | None, dict[str, tuple[Interval, ...]]] = {}
    assert isinstance(value, Mapping)
    for key, spec in value.items():
        where = key_path(path, key)
        day = _date(problems, key, where) if str(key)[:1].isdigit() else None
        if day is None:
            if not str(key)[:1].isdigit():
                problems.add(
                    where,
                    "a day key among dates: expected every key a day (weekly hours) or every "
                    'key a date (the hours in force from it: "2027-01-01" = { mon-fri = '
                    '"09:00-18:00" })',
                )
            continue
        hours = _hours(problems, spec, where)
        if hours is not None:
            found[day] = hours
    return found if len(found) == len(keys) else None


def _check_opens(
    problems: Problems,
    hours: Mapping[str, tuple[Interval, ...]],
    overrides: Mapping[date, tuple[Interval, ...]],
    path: str,
    key: str | None = "hours",
) -> None:
    """A plan whose hours open no day, and no override opens a date, is a problem: every
    ticket on it would be rejected (no open time to count). *key* is where the hours are,
    under *path* (``None``: at *path* itself)."""
    if not any(hours.values()) and not any(overrides.values()):
        problems.add(
            path if key is None else key_path(path, key),
            'opens no day: expected opening hours such as { mon-fri = "09:00-18:00" } '
            "(a plan that never opens can meet no target)",
        )


def _intervals(
    problems: Problems, spec: object, path: str, label: str
) -> tuple[Interval, ...] | None:
    items: list[Any] = spec if isinstance(spec, list) else [spec]
    ok = True
    for index, item in enumerate(items):
        where = f"{path}[{index}]" if isinstance(spec, list) else path
        if not isinstance(item, str):
            problems.add(
                where, f'expected an interval such as "09:00-18:00", got {kind_and_value(item)}'
            )
            ok = False
            continue
        if problems.attempt(where, Interval.parse, item, label) is None:
            ok = False
    if not ok:
        return None
    return problems.attempt(path, lambda: parse_intervals(items, label))


def _overrides(problems: Problems, value: object, path: str) -> dict[date, tuple[Interval, ...]]:
    result: dict[date, tuple[Interval, ...]] = {}
    for key, spec in problems.table(value, path).items():
        where = key_path(path, key)
        day = _date(problems, key, where)
        intervals = _intervals(problems, spec, where, f"override {key}")
        if day is not None and intervals is not None:
            result[day] = intervals
    return result


def _date(problems: Problems, value: object, path: str) -> date | None:
    day = read_date(value)
    if day is not None:
        return day
    problems.add(path, f"{value!r} is not a date: expected YYYY-MM-DD such as 2026-12-24")
    return None


def _read_calendar(
    problems: Problems,
    table: Mapping[str, Any],
    path: str,
    directory: str | Path | None = None,
) -> object:
    members: list[object] = []
    if "holidays" in table:
        members.extend(_holidays(problems, table["holidays"], key_path(path, "holidays")))
    if "ics" in table:
        members.extend(_ics(problems, table["ics"], key_path(path, "ics"), directory))
    closed = table.get("closed", [])
    if not isinstance(closed, list):
        problems.add(
            key_path(path, "closed"),
            "expected an array of dates or { date = ..., name = ... } tables",
        )
        closed = []
    names: dict[date, str | None] = {}
    for index, item in enumerate(closed):
        where = f"{key_path(path, 'closed')}[{index}]"
        if isinstance(item, Mapping):
            entry = problems.table(item, where, ("date", "name"))
            day = _date(problems, entry.get("date"), f"{where}.date")
            if day is not None:
                names[day] = str(entry["name"]) if "name" in entry else None
        else:
            day = _date(problems, item, where)
            if day is not None:
                names[day] = None
    if names:
        members.append(ClosedDates(names))
    recurring = table.get("recurring", [])
    if not isinstance(recurring, list):
        problems.add(
            key_path(path, "recurring"),
            'expected an array of { rule = "FREQ=...", name = ... } tables',
        )
        recurring = []
    for index, item in enumerate(recurring):
        where = f"{key_path(path, 'recurring')}[{index}]"
        entry = problems.table(item, where, _RECURRING_KEYS)
        if "rule" not in entry:
            problems.add(
                where,
                "missing key 'rule': expected an RFC 5545 RRULE such as \"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24\"",
            )
            continue
        rule = _recurring(problems, entry, where)
        if rule is not None:
            members.append(rule)
    if not members:
        return None
    return members[0] if len(members) == 1 else union(*members)


def _ics(
    problems: Problems, value: object, where: str, directory: str | Path | None
) -> list[object]:
    """A plan's ``ics``: the path of an iCalendar file, or an array of them, each relative to
    the policy file's folder."""
    paths = (
        [(item, f"{where}[{index}]") for index, item in enumerate(value)]
        if isinstance(value, list)
        else [(value, where)]
    )
    if isinstance(value, list) and not value:
        problems.add(where, 'an empty array: expected paths such as "holidays.ics", or no ics key')
    found: list[object] = []
    for item, at in paths:
        if not isinstance(item, str) or not item.strip():
            problems.add(
                at,
                f'expected the path of an .ics file such as "holidays.ics", got {kind_and_value(item)}',
            )
            continue
        file = Path(item) if directory is None else Path(directory) / item
        calendar = problems.attempt(at, lambda file=file: ics_calendar(file))
        if calendar is not None:
            found.append(calendar)
    return found


def _holidays(problems: Problems, value: object, where: str) -> list[object]:
    """A plan's ``holidays``: one table ``{ country = ... }`` or an array of them (several
    countries or subdivisions on one plan), each a country's calendar."""
    if isinstance(value, list):
        if not value:
            problems.add(
                where,
                'an empty array: expected tables such as { country = "CO" }, or no holidays key',
            )
        specs = [(item, f"{where}[{index}]") for index, item in enumerate(value)]
    else:
        specs = [(value, where)]
    tables = "" if isinstance(value, list) else ", or an array of them"
    found: list[object] = []
    for item, at in specs:
        if not isinstance(item, Mapping):
            problems.add(
                at,
                f'expected a table such as {{ country = "CO" }}{tables}, got {kind_and_value(item)}',
            )
            continue
        spec = problems.table(item, at, _HOLIDAY_KEYS)
        if "country" not in spec:
            problems.add(at, "missing key 'country': expected an ISO 3166 code such as \"US\"")
        elif _holiday_keys_typed(problems, spec, at):
            calendar = problems.attempt(
                at,
                lambda spec=spec: country_calendar(
                    spec["country"],
                    spec.get("subdiv"),
                    spec.get("categories"),
                    spec.get("language"),
                ),
            )
            if calendar is not None:
                found.append(calendar)
    return found


def _holiday_keys_typed(problems: Problems, spec: Mapping[str, Any], where: str) -> bool:
    """Whether country and subdiv are text and categories text or an array of text; each
    that is not is reported at its own key."""
    ok = True
    for key, expected in (
        ("country", 'an ISO 3166 code such as "US"'),
        ("subdiv", 'a subdivision code such as "FL"'),
        ("language", 'a language code such as "es" or "en_US"'),
    ):
        value = spec.get(key, "")
        if not isinstance(value, str):
            problems.add(key_path(where, key), f"expected {expected}, got {kind_and_value(value)}")
            ok = False
    categories = spec.get("categories", [])
    if not isinstance(categories, str) and not (
        isinstance(categories, list) and all(isinstance(item, str) for item in categories)
    ):
        problems.add(
            key_path(where, "categories"),
            f'expected a category such as "public", or an array of them, got {kind_and_value(categories)}',
        )
        ok = False
    return ok


def _recurring(problems: Problems, entry: Mapping[str, Any], where: str) -> Recurring | None:
    start = entry.get("start", date(2000, 1, 1))
    if isinstance(start, date) and not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day)
    if not isinstance(start, datetime):
        problems.add(f"{where}.start", f"{start!r} is not a date: expected YYYY-MM-DD")
        return None
    try:
        rule = rrulestr(str(entry["rule"]), dtstart=start)
    except (ValueError, TypeError) as err:
        problems.add(
            f"{where}.rule",
            f'{entry["rule"]!r} is not an RRULE ({err}): expected e.g. "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24"',
        )
        return None
    name = entry.get("name")
    try:
        return Recurring(rule, str(name) if name is not None else None, str(entry["rule"]))
    except InvalidCalendarError as err:
        problems.add(f"{where}.rule", str(err))
        return None
