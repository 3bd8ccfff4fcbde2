"""Policy files: TOML read with the standard library, validated with key paths, all at once.

>>> policy = loads_policy('''
... [plans.standard]
... zone = "America/New_York"
... hours = { mon-fri = "09:00-18:00" }
... holidays = { country = "US", subdiv = "FL" }
...
... [targets.response]
... high = "4h"
... medium = "12h"
... low = "24h"
... ''')
>>> print(policy.deadline("high", "2026-11-20 16:00"))
2026-11-23 11:00:00-05:00

Every problem is reported with its key path, all of them at once:

>>> loads_policy('''
... [plans.standard]
... zone = "America/Miami"
... hours = { mon = ["09:00-13:00", "25:00-26:00"] }
... [targets.response]
... high = "4 hours-ish"
... ''')
Traceback (most recent call last):
...
slaclock.errors.PolicyFileError: 3 problems in the policy:
  plans.standard.zone: unknown time zone 'America/Miami': expected an IANA zone name such as 'America/New_York'
  plans.standard.hours.mon[1]: opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00
  targets.response.high: duration '4 hours-ish' is not understood: expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days such as '2bd'
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from dateutil.rrule import rrulestr

from .calendars import ClosedDates, Recurring, country_calendar, union
from .errors import InvalidCalendarError, PolicyFileError, SlaclockError, message_part, shown
from .events import kind_name
from .hours import Interval, parse_day_key, parse_intervals
from .ics import ics_calendar
from .languages import language_code
from .policy import METRICS, Plan, Policy, Target, Threshold
from .schedule import BaseSchedule, Schedule
from .suggestions import hint
from .zones import zone

__all__ = [
    "COLUMN_FIELDS",
    "ReportSettings",
    "load_policy",
    "load_report_settings",
    "loads_policy",
    "loads_report_settings",
    "policy_from_dict",
    "read_policy_text",
    "read_toml",
]

T = TypeVar("T")

_REPORTED = object()  # a value whose problem was already reported
_TOP_KEYS = ("policy", "priorities", "targets", "thresholds", "plans", "report")
_REPORT_KEYS = (
    "columns",
    "date_format",
    "dayfirst",
    "delimiter",
    "encoding",
    "events",
    "reply_resumes",
    "activity_reopens",
)
COLUMN_FIELDS = (
    "id",
    "created",
    "priority",
    "plan",
    "responded",
    "solved",
    "event",
    "at",
    "reason",
)
"""The fields of a report's input whose column names a policy's ``[report] columns`` (and
:class:`slaclock.report.Columns`) give."""
_POLICY_KEYS = ("name", "default_plan", "zone", "language")
_PRIORITY_KEYS = ("order", "aliases")
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
_THRESHOLD_KEYS = ("at", "level", "name")
_MAX_DEPTH = 100
"""Nesting deeper than this is reported at its line when the TOML reader runs out of stack."""


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (TOML); raise :class:`PolicyFileError` listing every problem."""
    file = Path(path)
    return loads_policy(read_policy_text(file), source=str(file), directory=file.parent)


def read_policy_text(file: Path) -> str:
    """A policy file's text; a file that cannot be read is a :class:`PolicyFileError`."""
    try:
        return file.read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyFileError([("", f"cannot read it: {err.strerror}")], str(file)) from err
    except UnicodeDecodeError as err:
        raise PolicyFileError(
            [("", f"it is not UTF-8 text (byte {err.start}): expected a TOML file")], str(file)
        ) from err


def loads_policy(
    text: str, source: str = "the policy", *, directory: str | Path | None = None
) -> Policy:
    """Read a policy from TOML text; relative paths in it (``plans.NAME.ics``) are read from
    *directory* (default: the current directory)."""
    return policy_from_dict(read_toml(text, source), source, directory=directory)


def read_toml(text: str, source: str = "the policy") -> dict[str, Any]:
    """The TOML document of a policy; what the reader cannot read is a
    :class:`PolicyFileError`, never a crash."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PolicyFileError([("", f"{source} is not valid TOML: {err}")], source) from err
    except RecursionError as err:
        line = _deep_line(text)
        raise PolicyFileError(
            [
                (
                    f"line {line}" if line else "",
                    f"arrays or tables nested too deeply to read: expected at most "
                    f"{_MAX_DEPTH} levels",
                )
            ],
            source,
        ) from err
    except ValueError as err:  # a whole number longer than Python reads (sys.int_info)
        limit = sys.get_int_max_str_digits()
        found = re.search(rf"[0-9][0-9_]{{{limit},}}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        digits = sum(char.isdigit() for char in found[0]) if found else None
        raise PolicyFileError(
            [
                (
                    f"line {line}" if line else "",
                    f"a number of {digits or 'too many'} digits: expected at most {limit} digits",
                )
            ],
            source,
        ) from err


def _deep_line(text: str) -> int | None:
    """The line on which arrays and tables first nest deeper than :data:`_MAX_DEPTH` (text in
    quotes and comments skipped), to point at it when the TOML reader gives up."""
    depth, line, quote, index = 0, 1, "", 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        elif quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end - 1
        elif char in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
        index += 1
    return None


class _Problems:
    """Collects (key path, message) pairs while the whole document is read."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))

    def attempt(self, path: str, build: Callable[..., T], *args: Any) -> T | None:
        try:
            return build(*args)
        except SlaclockError as err:
            self.add(path, str(err))
            return None

    def table(
        self, value: object, path: str, keys: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            self.add(path, f"expected a table, got {_got(value)}")
            return {}
        if keys is not None:
            for key in value:
                if key not in keys:
                    self.add(_join(path, key), f"unknown key: {hint(key, keys)}")
        return dict(value)


def _join(path: str, key: object) -> str:
    text = str(key)
    bare = text.replace("-", "").replace("_", "").isalnum()
    part = text if bare else f'"{text}"'
    return f"{path}.{part}" if path else part


def _kind(value: object) -> str:
    """What *value* is, as a problem names it (``a number``), each kind a part of the message
    translated with it; a type of TOML's or Python's own by its name (``dict``)."""
    if isinstance(value, bool):
        return message_part("a boolean")
    if isinstance(value, int | float):
        return message_part("a number")
    if isinstance(value, str):
        return message_part("text")
    if isinstance(value, list):
        return message_part("an array")
    if isinstance(value, Mapping):
        return message_part("a table")
    if isinstance(value, datetime):
        return message_part("a date-time")
    if isinstance(value, date):
        return message_part("a date")
    if isinstance(value, time):
        return message_part("a time")
    return type(value).__name__


def _got(value: object) -> str:
    """*value* after its kind (``a number 5``), as a problem shows what it got."""
    text = shown(value)
    if isinstance(value, bool):
        return message_part(f"a boolean {text}")
    if isinstance(value, int | float):
        return message_part(f"a number {text}")
    if isinstance(value, str):
        return message_part(f"text {text}")
    if isinstance(value, list):
        return message_part(f"an array {text}")
    if isinstance(value, Mapping):
        return message_part(f"a table {text}")
    if isinstance(value, date | time):  # as the file writes it
        text = value.isoformat()
    if isinstance(value, datetime):
        return message_part(f"a date-time {text}")
    if isinstance(value, date):
        return message_part(f"a date {text}")
    if isinstance(value, time):
        return message_part(f"a time {text}")
    return f"{type(value).__name__} {text}"


def policy_from_dict(
    data: Mapping[str, Any], source: str = "the policy", *, directory: str | Path | None = None
) -> Policy:
    """Build a policy from the parsed TOML document (a ``dict``); relative paths in it are
    read from *directory* (default: the current directory)."""
    if isinstance(data, Mapping) and "versions" in data:
        raise PolicyFileError(
            [
                (
                    "versions",
                    "a policy with versions: expected it read with load_policy_versions (a "
                    "ticket takes the version in force when it was created)",
                )
            ],
            source,
        )
    problems = _Problems()
    document = problems.table(data, "", _TOP_KEYS)
    header = problems.table(document.get("policy", {}), "policy", _POLICY_KEYS)
    _report_settings(problems, document.get("report", {}))
    default_zone = header.get("zone")
    language = header.get("language")
    if (
        language is not None
        and problems.attempt("policy.language", language_code, language) is None
    ):
        language = None
    if default_zone is not None and problems.attempt("policy.zone", zone, default_zone) is None:
        default_zone = _REPORTED  # reported once, at policy.zone, not again for every plan

    plans: dict[str, Plan] = {}
    plan_tables = problems.table(document.get("plans", {}), "plans")
    if not plan_tables:
        problems.add("plans", "expected at least one plan, e.g. [plans.standard]")
    seen: dict[str, str] = {}
    for name, table in plan_tables.items():
        key = str(name).lower()
        if key in seen:
            problems.add(
                _join("plans", name),
                f"same plan as plans.{seen[key]} (plan names are case-insensitive): "
                f"expected each plan once",
            )
            continue
        seen[key] = str(name)
        plan = _plan(problems, str(name), table, default_zone, directory)
        if plan is not None:
            plans[key] = plan

    targets = _targets(problems, document.get("targets", {}), "targets")
    priorities = problems.table(document.get("priorities", {}), "priorities", _PRIORITY_KEYS)
    aliases = problems.table(priorities.get("aliases", {}), "priorities.aliases")
    for alias, value in aliases.items():
        if not isinstance(value, str):
            problems.add(
                _join("priorities.aliases", alias), f"expected a priority name, got {_kind(value)}"
            )
    order = priorities.get("order")
    if order is not None and (
        not isinstance(order, list) or not all(isinstance(p, str) for p in order)
    ):
        problems.add("priorities.order", "expected an array of priority names, highest first")
        order = None
    thresholds = _read_thresholds(problems, document.get("thresholds"))
    known = _priority_names(document)
    if not known and not document.get("targets"):
        problems.add("targets", 'missing: expected e.g. [targets.response] with high = "4h"')
    for index, name in enumerate(order or []):
        if known and name.lower() not in known:
            problems.add(
                f"priorities.order[{index}]",
                f"{name!r} has no target: {hint(name, sorted(known))}",
            )
    declared = [name.lower() for name in order] if order else _target_priorities(document)
    _check_target_priorities(problems, document, declared, aliases, top=bool(order))
    for alias, value in aliases.items():
        where = _join("priorities.aliases", alias)
        if isinstance(value, str) and declared and value.lower() not in declared:
            problems.add(where, f"{value!r} is not a priority: {hint(value, declared)}")
        if str(alias).lower() in (declared or known):
            problems.add(where, "is already a priority: an alias must be another name")

    names = [str(name).lower() for name in plan_tables]
    fallback = "standard" if "standard" in names else next(iter(names), "")
    default_plan = header.get("default_plan", fallback)
    if not isinstance(default_plan, str):
        problems.add("policy.default_plan", f"expected a plan name, got {_kind(default_plan)}")
    elif plan_tables and default_plan.lower() not in {str(n).lower() for n in plan_tables}:
        problems.add(
            "policy.default_plan",
            f"{default_plan!r} is not one of the plans: {hint(default_plan, map(str, plan_tables))}",
        )
    if problems.items:
        raise PolicyFileError(problems.items, source)

    policy = problems.attempt(
        "",
        lambda: Policy(
            targets=targets,
            plans=plans,
            default_plan=default_plan,
            aliases={str(k): str(v) for k, v in aliases.items()},
            thresholds=thresholds,
            priorities=order or None,
            language=language,
        ),
    )
    if policy is None or problems.items:
        raise PolicyFileError(problems.items, source)
    return policy


def _priority_names(document: Mapping[str, Any]) -> set[str]:
    """Every priority a target names, valid target or not, to check aliases against."""
    tables = [document.get("targets")]
    plans = document.get("plans")
    if isinstance(plans, Mapping):
        tables.extend(plan.get("targets") for plan in plans.values() if isinstance(plan, Mapping))
    return {
        str(priority).lower()
        for table in tables
        if isinstance(table, Mapping)
        for per in table.values()
        if isinstance(per, Mapping)
        for priority in per
    }


def _target_priorities(document: Mapping[str, Any]) -> list[str]:
    """The priorities the top-level ``[targets]`` tables name, in order: the priorities of a
    policy without ``priorities.order``."""
    names: list[str] = []
    tables = document.get("targets")
    for per in tables.values() if isinstance(tables, Mapping) else ():
        for priority in per if isinstance(per, Mapping) else ():
            if str(priority).lower() not in names:
                names.append(str(priority).lower())
    return names


def _check_target_priorities(
    problems: _Problems,
    document: Mapping[str, Any],
    declared: list[str],
    aliases: Mapping[str, Any],
    *,
    top: bool,
) -> None:
    """Report each target under a priority that is not one of *declared* (``priorities.order``,
    else the top-level ``[targets]``), at the target's own key path: a plan's ``hihg = "1h"``
    would otherwise add a priority and leave ``high`` on the general target. The top-level
    targets are checked too when ``priorities.order`` declares the priorities (*top*)."""
    if not declared:
        return
    lowered = {str(alias).lower(): value for alias, value in aliases.items()}
    tables: list[tuple[str, object]] = [("targets", document.get("targets"))] if top else []
    plans = document.get("plans")
    for name, plan in plans.items() if isinstance(plans, Mapping) else ():
        if isinstance(plan, Mapping):
            tables.append((_join(_join("plans", name), "targets"), plan.get("targets")))
    for path, table in tables:
        for metric, per in table.items() if isinstance(table, Mapping) else ():
            if not isinstance(per, Mapping) or str(metric).lower() not in METRICS:
                continue  # reported where it is read
            metric_path = _join(path, metric)
            for priority in per:
                key = str(priority).lower()
                if key in declared:
                    continue
                alias = lowered.get(key)
                expected = (
                    f"it is an alias of {alias!r}: expected the priority itself, {alias!r}"
                    if isinstance(alias, str) and alias.lower() in declared
                    else hint(priority, declared)
                )
                problems.add(
                    _join(metric_path, priority),
                    f"unknown priority {str(priority)!r} in {metric_path}: {expected}",
                )


def _targets(problems: _Problems, value: object, path: str) -> dict[str, dict[str, Target]]:
    result: dict[str, dict[str, Target]] = {}
    for metric, per in problems.table(value, path).items():
        metric_path = _join(path, metric)
        if str(metric).lower() not in METRICS:
            problems.add(metric_path, f"unknown metric: {hint(metric, METRICS)}")
            continue
        parsed: dict[str, Target] = {}
        for priority, target in problems.table(per, metric_path).items():
            where = _join(metric_path, priority)
            if not isinstance(target, str):
                problems.add(where, f"expected a duration such as '4h', got {_got(target)}")
                continue
            found = problems.attempt(where, _target, target)
            if found is not None:
                parsed[str(priority).lower()] = found
        if isinstance(per, Mapping) and not per:
            problems.add(metric_path, 'no targets: expected e.g. high = "4h"')
        result[str(metric).lower()] = parsed
    return result


def _target(text: str) -> Target:
    try:
        return Target.parse(text)
    except SlaclockError as err:
        raise type(err)(str(err).removeprefix("target: ")) from err


def _read_thresholds(problems: _Problems, value: object) -> dict[str, list[Threshold]] | None:
    if value is None:
        return None
    result: dict[str, list[Threshold]] = {}
    for metric, items in problems.table(value, "thresholds").items():
        path = _join("thresholds", metric)
        if str(metric).lower() not in METRICS:
            problems.add(path, f"unknown metric: {hint(metric, METRICS)}")
            continue
        if not isinstance(items, list):
            problems.add(path, 'expected an array of tables such as { at = "75%", name = "warn" }')
            continue
        parsed: list[Threshold] = []
        for index, item in enumerate(items):
            where = f"{path}[{index}]"
            table = problems.table(item, where, _THRESHOLD_KEYS)
            if "at" not in table:
                problems.add(where, "missing key 'at': expected a percentage such as \"75%\"")
                continue
            found = problems.attempt(
                where, Threshold, table["at"], table.get("level", 0), table.get("name", "")
            )
            if found is not None:
                twin = next((t for t in parsed if t.percent == found.percent), None)
                if twin is not None:
                    problems.add(
                        where,
                        f"a second threshold at {table['at']!r}: expected each percentage once",
                    )
                    continue
                parsed.append(found)
        result[str(metric).lower()] = parsed
    return result


def _plan(
    problems: _Problems,
    name: str,
    value: object,
    default_zone: object,
    directory: str | Path | None = None,
) -> Plan | None:
    path = _join("plans", name)
    table = problems.table(value, path, _PLAN_KEYS)
    before = len(problems.items)
    tz_name = table.get("zone", default_zone)
    tz = None
    if tz_name is _REPORTED:
        pass
    elif tz_name is None:
        problems.add(
            _join(path, "zone"), "missing: expected an IANA zone name (here or in [policy])"
        )
    else:
        tz = problems.attempt(_join(path, "zone"), lambda: zone(tz_name))
    before_hours = len(problems.items)
    versions = _hours_versions(problems, table.get("hours"), _join(path, "hours"))
    hours = versions.get(None) if versions is not None else None
    overrides = _overrides(problems, table.get("overrides", {}), _join(path, "overrides"))
    if versions is not None and len(problems.items) == before_hours:
        for day, weekly in versions.items():
            if day is None:
                _check_opens(problems, weekly, overrides, path)
            else:
                _check_opens(problems, weekly, overrides, _join(_join(path, "hours"), day), None)
    calendar = _read_calendar(problems, table, path, directory)
    targets = _targets(problems, table.get("targets", {}), _join(path, "targets"))
    naive = table.get("naive", "assume")
    if naive not in ("assume", "reject"):
        problems.add(_join(path, "naive"), f"{naive!r}: expected 'assume' or 'reject'")
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


def _hours(problems: _Problems, value: object, path: str) -> dict[str, tuple[Interval, ...]] | None:
    if value is None:
        problems.add(path, 'missing: expected a table such as { mon-fri = "09:00-18:00" }')
        return None
    result: dict[str, tuple[Interval, ...]] = {}
    for key, spec in problems.table(value, path).items():
        where = _join(path, key)
        days = problems.attempt(where, parse_day_key, key)
        intervals = _intervals(problems, spec, where, repr(key))
        if days is not None and intervals is not None:
            result[str(key)] = intervals
    return result


def _hours_versions(
    problems: _Problems, value: object, path: str
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
        where = _join(path, key)
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
    problems: _Problems,
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
            path if key is None else _join(path, key),
            'opens no day: expected opening hours such as { mon-fri = "09:00-18:00" } '
            "(a plan that never opens can meet no target)",
        )


def _intervals(
    problems: _Problems, spec: object, path: str, label: str
) -> tuple[Interval, ...] | None:
    items: list[Any] = spec if isinstance(spec, list) else [spec]
    ok = True
    for index, item in enumerate(items):
        where = f"{path}[{index}]" if isinstance(spec, list) else path
        if not isinstance(item, str):
            problems.add(where, f'expected an interval such as "09:00-18:00", got {_got(item)}')
            ok = False
            continue
        if problems.attempt(where, Interval.parse, item, label) is None:
            ok = False
    if not ok:
        return None
    return problems.attempt(path, lambda: parse_intervals(items, label))


def _overrides(problems: _Problems, value: object, path: str) -> dict[date, tuple[Interval, ...]]:
    result: dict[date, tuple[Interval, ...]] = {}
    for key, spec in problems.table(value, path).items():
        where = _join(path, key)
        day = _date(problems, key, where)
        intervals = _intervals(problems, spec, where, f"override {key}")
        if day is not None and intervals is not None:
            result[day] = intervals
    return result


def _date(problems: _Problems, value: object, path: str) -> date | None:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.add(path, f"{value!r} is not a date: expected YYYY-MM-DD such as 2026-12-24")
    return None


def _read_calendar(
    problems: _Problems,
    table: Mapping[str, Any],
    path: str,
    directory: str | Path | None = None,
) -> object:
    members: list[object] = []
    if "holidays" in table:
        members.extend(_holidays(problems, table["holidays"], _join(path, "holidays")))
    if "ics" in table:
        members.extend(_ics(problems, table["ics"], _join(path, "ics"), directory))
    closed = table.get("closed", [])
    if not isinstance(closed, list):
        problems.add(
            _join(path, "closed"), "expected an array of dates or { date = ..., name = ... } tables"
        )
        closed = []
    names: dict[date, str | None] = {}
    for index, item in enumerate(closed):
        where = f"{_join(path, 'closed')}[{index}]"
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
            _join(path, "recurring"),
            'expected an array of { rule = "FREQ=...", name = ... } tables',
        )
        recurring = []
    for index, item in enumerate(recurring):
        where = f"{_join(path, 'recurring')}[{index}]"
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
    problems: _Problems, value: object, where: str, directory: str | Path | None
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
                f'expected the path of an .ics file such as "holidays.ics", got {_got(item)}',
            )
            continue
        file = Path(item) if directory is None else Path(directory) / item
        calendar = problems.attempt(at, lambda file=file: ics_calendar(file))
        if calendar is not None:
            found.append(calendar)
    return found


def _holidays(problems: _Problems, value: object, where: str) -> list[object]:
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
                f'expected a table such as {{ country = "CO" }}{tables}, got {_got(item)}',
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


def _holiday_keys_typed(problems: _Problems, spec: Mapping[str, Any], where: str) -> bool:
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
            problems.add(_join(where, key), f"expected {expected}, got {_got(value)}")
            ok = False
    categories = spec.get("categories", [])
    if not isinstance(categories, str) and not (
        isinstance(categories, list) and all(isinstance(item, str) for item in categories)
    ):
        problems.add(
            _join(where, "categories"),
            f'expected a category such as "public", or an array of them, got {_got(categories)}',
        )
        ok = False
    return ok


def _recurring(problems: _Problems, entry: Mapping[str, Any], where: str) -> Recurring | None:
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


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """The ``[report]`` table of a policy file: how ``slaclock report`` reads this desk's
    exports, so that a script needs no flags (a flag given overrides its setting).

    * ``columns``: (field, column name) pairs: ``id``, ``created``, ``priority``, ``plan``,
      ``responded``, ``solved``, ``event``, ``at``, ``reason``.
    * ``date_format``, ``dayfirst``, ``delimiter``, ``encoding``: as the flags of the same
      names.
    * ``events``: (export name, kind) pairs for an event log: an export's own names of
      events (case and blanks about them ignored) read as the library's kinds (a kind or a
      synonym, as :class:`~slaclock.Event` takes them), or ``"ignore"``: such a row stays
      with its ticket but is no event.
    * ``reply_resumes``, ``activity_reopens``: how a status-style event log is read (both
      false by default): a reply while paused resumes the clocks; a reply or an update while
      solved reopens the ticket, and a second solve closes it (:class:`slaclock.Options`).

    >>> settings = loads_report_settings('''
    ... [report]
    ... delimiter = ";"
    ... columns = { id = "Ticket", created = "Opened" }
    ... events = { "Llamada" = "update", "Encuesta enviada" = "ignore" }
    ... reply_resumes = true
    ... ''')
    >>> settings.delimiter, dict(settings.columns)
    (';', {'id': 'Ticket', 'created': 'Opened'})
    >>> dict(settings.events)
    {'llamada': 'updated', 'encuesta enviada': 'ignore'}
    >>> settings.reply_resumes, settings.activity_reopens
    (True, False)
    """

    columns: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None
    dayfirst: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    events: tuple[tuple[str, str], ...] = ()
    reply_resumes: bool = False
    activity_reopens: bool = False


def load_report_settings(path: str | Path) -> ReportSettings:
    """The ``[report]`` table of the policy file at *path* (:class:`ReportSettings`; all
    defaults without one); :class:`PolicyFileError` listing its problems (the rest of the
    file is :func:`load_policy`'s to check)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        load_policy(path)  # raises, saying why
        raise
    return loads_report_settings(text, source=str(file))


def loads_report_settings(text: str, source: str = "the policy") -> ReportSettings:
    """The ``[report]`` table of a policy file's text (:func:`load_report_settings`)."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        loads_policy(text, source)  # raises, saying why
        raise
    problems = _Problems()
    settings = _report_settings(problems, data.get("report", {}))
    if problems.items:
        raise PolicyFileError(problems.items, source)
    return settings


def _report_settings(problems: _Problems, value: object) -> ReportSettings:
    table = problems.table(value, "report", _REPORT_KEYS)
    columns = problems.table(table.get("columns", {}), "report.columns", COLUMN_FIELDS)
    named: list[tuple[str, str]] = []
    for field, column in columns.items():
        if not isinstance(column, str) or not column.strip():
            problems.add(_join("report.columns", field), f"expected a column name, got {column!r}")
        else:
            named.append((str(field), column))
    texts: dict[str, str | None] = {}
    for key in ("date_format", "delimiter", "encoding"):
        found = table.get(key)
        if found is not None and not isinstance(found, str):
            problems.add(f"report.{key}", f"expected text, got {_got(found)}")
            found = None
        texts[key] = found
    delimiter = texts["delimiter"]
    if delimiter is not None:
        delimiter = "\t" if delimiter.lower() in ("tab", "\\t") else delimiter
        if len(delimiter) != 1 or delimiter in '"\r\n':
            problems.add(
                "report.delimiter",
                f"{delimiter!r}: expected one character other than a quote or a line break, "
                f"or 'tab'",
            )
            delimiter = None
    flags: dict[str, bool] = {}
    for key in ("dayfirst", "reply_resumes", "activity_reopens"):
        flag = table.get(key, False)
        if not isinstance(flag, bool):
            problems.add(f"report.{key}", f"expected true or false, got {flag!r}")
            flag = False
        flags[key] = flag
    dayfirst = flags["dayfirst"]
    if dayfirst and texts["date_format"] is not None:
        problems.add("report.dayfirst", "a date_format and dayfirst: give one")
    kinds = problems.table(table.get("events", {}), "report.events")
    mapped: list[tuple[str, str]] = []
    for name, kind in kinds.items():
        where = _join("report.events", name)
        if not isinstance(kind, str):
            problems.add(where, f"expected an event kind or 'ignore', got {_got(kind)}")
        elif kind.strip().lower() == "ignore":
            mapped.append((str(name).strip().lower(), "ignore"))
        else:
            found = problems.attempt(where, kind_name, kind)
            if found is not None:
                mapped.append((str(name).strip().lower(), found))
    return ReportSettings(
        columns=tuple(named),
        date_format=texts["date_format"],
        dayfirst=dayfirst,
        delimiter=delimiter,
        encoding=texts["encoding"],
        events=tuple(mapped),
        reply_resumes=flags["reply_resumes"],
        activity_reopens=flags["activity_reopens"],
    )
