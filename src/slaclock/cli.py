"""The ``slaclock`` command line: ``deadline``, ``explain``, ``calendar``, ``check``, ``report``.

Every command runs on a policy file (``--policy FILE``) or, without one, on the embedded
default policy (High 4h, Medium 12h, Low 24h, Monday to Friday 09:00-18:00 in
America/New_York, US-FL holidays), which ``--desk-tz``, ``--country``, ``--subdiv`` and
``--hours`` adjust. Errors go to standard error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from pathlib import Path
from typing import IO, Any, TextIO

from . import __version__
from .calendars import ClosedDates, closure_name, country_calendar, describe
from .config import load_policy
from .durations import BusinessDays, format_duration
from .errors import (
    InvalidHoursError,
    InvalidInputError,
    InvalidRowError,
    PolicyFileError,
    SlaclockError,
)
from .events import Event
from .files import (
    AtomicFile,
    Format,
    ParquetReader,
    ParquetWriter,
    RecordWriter,
    RowReader,
    format_of,
    open_input,
)
from .hours import Interval
from .policy import DEFAULT_ALIASES, METRICS, Plan, Policy, Target, Threshold, due
from .report import (
    ERROR_COLUMNS,
    RESULT_COLUMNS,
    RESULT_TYPES,
    SUMMARY_COLUMNS,
    Columns,
    Rejection,
    run_report,
)
from .schedule import BaseSchedule, Schedule
from .tracking import explain
from .zones import from_micros, parse_datetime, to_micros, zone, zone_name

__all__ = ["main", "parse_hours_option"]

_DEADLINE_EXAMPLES = """\
examples:
  slaclock deadline high "2026-11-20 17:30"
  slaclock deadline alta "2026-11-20 10:00" --tz America/Argentina/Buenos_Aires
  slaclock deadline medium "2026-05-22 16:00" --country AR --desk-tz America/Argentina/Buenos_Aires
  slaclock deadline low "2026-11-20 08:00" --hours "mon-fri=08:00-12:00,13:00-17:00; sat=09:00-13:00"
  slaclock deadline high "2026-11-20 17:30" --policy desk.toml --plan 24x7 --metric resolution --json
"""
_EXPLAIN_EXAMPLES = """\
examples:
  slaclock explain high "2026-11-25 16:00"
  slaclock explain alta "2026-07-08 16:00" --policy latam-desk.toml --metric resolution
"""
_CALENDAR_EXAMPLES = """\
examples:
  slaclock calendar 2026
  slaclock calendar 2026 --policy desk.toml --plan standard --exceptions
  slaclock calendar --from 2026-12-01 --to 2026-12-31 --country AR --desk-tz America/Argentina/Buenos_Aires
"""
_CHECK_EXAMPLES = """\
examples:
  slaclock check desk.toml
  slaclock check policies/*.toml
"""
_REPORT_EXAMPLES = """\
examples:
  slaclock report tickets.csv --policy desk.toml --output results.csv --errors rejected.csv
  slaclock report tickets.csv --now "2026-12-01 00:00" --summary summary.json > results.csv
  slaclock report events.jsonl.gz --events --id-col ticket_id --event-col status --at-col changed_at \\
      --policy desk.toml --output results.jsonl --errors rejected.csv --strict

exit status: 0 every row written or rejected into --errors; 1 rows rejected without --errors
(listed on standard error); 2 nothing written (bad options, policy or input, --strict).
"""
_ALL_EXAMPLES = "\n".join(
    text.replace("examples:\n", "")
    for text in (
        _DEADLINE_EXAMPLES,
        _EXPLAIN_EXAMPLES,
        _CALENDAR_EXAMPLES,
        _CHECK_EXAMPLES,
        _REPORT_EXAMPLES.split("\n\n")[0] + "\n",
    )
)

_COLUMN_NAMES = tuple(field.name for field in fields(Columns))
_DEFAULT_DESK_TZ = "America/New_York"
_DEFAULT_COUNTRY = "US"
_DEFAULT_HOURS = "mon-fri=09:00-18:00"


class _UsageError(Exception):
    """Options that do not fit together; reported like any other error, exit status 2."""


# -- the parser ---------------------------------------------------------------------------------


def _policy_options() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(
        "policy",
        "a policy file, or the embedded default (High 4h, Medium 12h, Low 24h of business "
        "time; Monday to Friday 09:00-18:00 in America/New_York; US-FL holidays), adjusted by "
        "--desk-tz, --country, --subdiv and --hours (which a policy file replaces)",
    )
    group.add_argument("--policy", metavar="FILE", help="a policy file (TOML)")
    group.add_argument(
        "--desk-tz",
        metavar="ZONE",
        help=f"the embedded default's time zone (default: {_DEFAULT_DESK_TZ})",
    )
    group.add_argument(
        "--country",
        metavar="CODE",
        help="the country whose official holidays close the embedded default's desk, ISO 3166 "
        f"code, or 'none' (default: {_DEFAULT_COUNTRY})",
    )
    group.add_argument(
        "--subdiv",
        metavar="CODE",
        help="its state or province for holidays (default: FL with --country US, none otherwise)",
    )
    group.add_argument(
        "--hours",
        metavar="SPEC",
        help="the embedded default's opening hours as 'DAYS=INTERVALS; ...', intervals "
        f"separated by commas (default: {_DEFAULT_HOURS})",
    )
    return parent


def _command(
    commands: Any, name: str, summary: str, description: str, examples: str, parents: list[Any]
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=examples,
        parents=parents,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _ticket_arguments(parser: argparse.ArgumentParser, metrics: Sequence[str]) -> None:
    parser.add_argument("priority", help="high, medium, low, or an alias (alta, p1, critical, ...)")
    parser.add_argument(
        "submitted",
        help="submission time, ISO 8601 ('2026-11-20 17:30' or '2026-11-20T17:30-03:00'); "
        "without an offset it is read in --tz",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="the submitter's time zone (IANA name): reads a submission time without an offset "
        "and shows the due instant there too (default: the desk's zone)",
    )
    parser.add_argument("--plan", metavar="NAME", help="the plan (default: the policy's default)")
    parser.add_argument(
        "--metric",
        choices=metrics,
        default="response",
        help="the metric whose target counts (default: %(default)s)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaclock",
        description="When is this support ticket's response due, in business time? And how "
        "did a month of tickets do against the SLA?",
        epilog="examples:\n" + _ALL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"slaclock {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    policy = [_policy_options()]

    deadline = _command(
        commands,
        "deadline",
        "when one ticket is due",
        "Print when a ticket is due, in the desk's zone and in the submitter's zone.",
        _DEADLINE_EXAMPLES,
        policy,
    )
    _ticket_arguments(deadline, METRICS)
    deadline.add_argument("--json", action="store_true", help="print one JSON object")

    explaining = _command(
        commands,
        "explain",
        "why one ticket is due when it is",
        "Print when a ticket is due and why: the open periods its clock consumes and the "
        "closures it skips.",
        _EXPLAIN_EXAMPLES,
        policy,
    )
    _ticket_arguments(explaining, ("response", "resolution"))

    calendar = _command(
        commands,
        "calendar",
        "a year of a schedule: open hours, holidays, partial days",
        "Print each date of a year (or of --from .. --to) for each plan: its opening "
        "intervals, its open time, and why it differs from the weekly hours (a holiday and "
        "its name, an override, a daylight-saving change). Use it to check a policy file "
        "before trusting it.",
        _CALENDAR_EXAMPLES,
        policy,
    )
    calendar.add_argument("year", nargs="?", type=int, help="the year (default: this year)")
    calendar.add_argument(
        "--from", dest="first", metavar="DATE", help="the first date (YYYY-MM-DD)"
    )
    calendar.add_argument("--to", dest="last", metavar="DATE", help="the last date (YYYY-MM-DD)")
    calendar.add_argument("--plan", metavar="NAME", help="one plan (default: every plan)")
    calendar.add_argument(
        "--exceptions",
        action="store_true",
        help="only the dates that differ from the weekly hours",
    )

    check = _command(
        commands,
        "check",
        "validate policy files",
        "Read each policy file and list every problem with its key path (exit status 1), or "
        "what the policy holds.",
        _CHECK_EXAMPLES,
        [],
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="policy files (TOML)")

    report = _command(
        commands,
        "report",
        "SLA compliance of many tickets, from CSV or JSON Lines",
        "Evaluate every ticket of a CSV or JSON Lines file with the ticket-tracking engine, "
        "write one result per ticket (CSV or JSON Lines) and print a summary per priority and "
        "plan. Every input row ends up in the results or among the rejected rows, with its "
        "line number and the reason. The input is read one row at a time.",
        _REPORT_EXAMPLES,
        policy,
    )
    report.add_argument(
        "input", metavar="INPUT", help="the tickets (.csv, .jsonl, also .gz); - for stdin"
    )
    files = report.add_argument_group("files")
    files.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the results (.csv or .jsonl), replaced only when the report completes; - for "
        "standard output (default: standard output, and the summary goes to standard error)",
    )
    files.add_argument(
        "--errors",
        metavar="FILE",
        help="the rejected rows (.csv or .jsonl): line, id, reason, row (default: each listed "
        "on standard error, and exit status 1)",
    )
    files.add_argument(
        "--summary", metavar="FILE", help="the summary too as a file (.csv table or .json)"
    )
    files.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet"),
        help="the input's format (default: from its name; csv for stdin)",
    )
    files.add_argument(
        "--output-format",
        choices=("csv", "jsonl", "parquet"),
        help="the results' format (default: from --output's name; csv for stdout)",
    )
    files.add_argument(
        "--delimiter",
        default=",",
        help="the CSV delimiter, input and output; 'tab' for a tab (default: ,)",
    )
    reading = report.add_argument_group("reading")
    reading.add_argument(
        "--events",
        action="store_true",
        help="the input is an event log: one row per event, the rows of one ticket contiguous "
        "(default: one row per ticket)",
    )
    reading.add_argument(
        "--now",
        metavar="WHEN",
        help="when the verdicts are taken, ISO 8601; without an offset it is read in each "
        "plan's zone (default: now)",
    )
    reading.add_argument(
        "--strict", action="store_true", help="stop at the first bad row, writing nothing"
    )
    names = report.add_argument_group(
        "columns", "the input's column names (CSV header or JSON keys)"
    )
    defaults = Columns()
    for name, meaning in (
        ("id", "the ticket id (optional; required for --events)"),
        ("created", "the creation time"),
        ("priority", "the priority"),
        ("plan", "the plan (empty: the default plan)"),
        ("responded", "the first response time (optional)"),
        ("solved", "the solving time (optional)"),
        ("event", "--events: the event kind (created, paused, resumed, responded, solved, ...)"),
        ("at", "--events: the event time"),
        ("reason", "--events: a pause's reason (optional)"),
    ):
        names.add_argument(
            f"--{name}-col",
            metavar="NAME",
            help=f"{meaning} (default: {getattr(defaults, name)})",
        )
    return parser


# -- policies -----------------------------------------------------------------------------------


def parse_hours_option(text: str) -> dict[str, list[str]]:
    """Read ``--hours``: ``"mon-fri=09:00-13:00,14:00-18:00; sat=09:00-12:00"``.

    A bare interval (``"08:00-17:00"``) means Monday to Friday.

    >>> parse_hours_option("mon-fri=09:00-13:00,14:00-18:00; sat=09:00-12:00")
    {'mon-fri': ['09:00-13:00', '14:00-18:00'], 'sat': ['09:00-12:00']}
    >>> parse_hours_option("08:00-17:00")
    {'mon-fri': ['08:00-17:00']}
    """
    hours: dict[str, list[str]] = {}
    for entry in text.split(";"):
        if not entry.strip():
            continue
        days, sep, intervals = entry.partition("=")
        if not sep:
            days, intervals = "mon-fri", entry
        if not intervals.strip():
            raise InvalidHoursError(
                f"--hours entry {entry.strip()!r}: expected DAYS=INTERVALS such as "
                f"'mon-fri=09:00-18:00'"
            )
        hours[days.strip()] = [part.strip() for part in intervals.split(",") if part.strip()]
    if not hours:
        raise InvalidHoursError(
            f"--hours {text!r}: expected DAYS=INTERVALS such as 'mon-fri=09:00-18:00'"
        )
    return hours


def _policy(args: argparse.Namespace) -> Policy:
    embedded = [
        f"--{name.replace('_', '-')}"
        for name in ("desk_tz", "country", "subdiv", "hours")
        if getattr(args, name) is not None
    ]
    if args.policy is not None:
        if embedded:
            verb = "adjusts" if len(embedded) == 1 else "adjust"
            raise _UsageError(
                f"{', '.join(embedded)} {verb} the embedded default policy, and --policy "
                f"replaces it: set the zone, holidays and hours in the policy file instead"
            )
        return load_policy(args.policy)
    country = args.country if args.country is not None else _DEFAULT_COUNTRY
    country = None if country.strip().lower() == "none" else country
    subdiv = args.subdiv
    if subdiv is None and country is not None and country.strip().upper() == "US":
        subdiv = "FL"
    calendar = country_calendar(country, subdiv) if country else None
    schedule = Schedule(
        parse_hours_option(args.hours if args.hours is not None else _DEFAULT_HOURS),
        tz=args.desk_tz if args.desk_tz is not None else _DEFAULT_DESK_TZ,
        calendar=calendar,
    )
    return Policy(
        schedule,
        targets={"high": "4h", "medium": "12h", "low": "24h"},
        aliases=DEFAULT_ALIASES,
        thresholds=[Threshold(75), Threshold(100, level=2), Threshold(150, level=3)],
    )


# -- deadline and explain -----------------------------------------------------------------------


def _show(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.isoformat(sep=' ')} ({zone_name(tz)})"


def _target_text(metric: str, target: Target) -> str:
    amount = target.amount
    if isinstance(amount, BusinessDays):
        days = "business day" if amount.days == 1 else "business days"
        return f"{metric} target {amount.days} {days}, to the close of business"
    return f"{metric} target {format_duration(amount)} of {target.clock} time"


class _Deadline:
    """What ``deadline`` and ``explain`` share: the policy, plan, target and instants."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.policy = _policy(args)
        self.plan: Plan = self.policy.plan(args.plan)
        self.priority = self.policy.priority(args.priority)
        self.metric: str = args.metric
        self.target = self.policy.target(self.priority, self.metric, self.plan.name)
        schedule = self.plan.schedule
        self.desk_tz = schedule.tz
        self.submitter_tz = zone(args.tz) if args.tz else self.desk_tz
        naive = "assume" if args.tz else schedule.naive
        micros = to_micros(args.submitted, self.submitter_tz, naive)
        self.submitted = from_micros(micros, self.submitter_tz)
        self.due = due(schedule, self.submitted, self.target)
        if self.target.clock == "calendar":
            self.starts = self.submitted.astimezone(self.desk_tz)
        else:
            self.starts = schedule.next_open(self.submitted)

    def rows(self, counting: bool = True) -> list[tuple[str, str]]:
        rows = [("priority", f"{self.priority} ({_target_text(self.metric, self.target)})")]
        if len(self.policy.plans) > 1:
            rows.append(("plan", self.plan.name))
        rows.append(("submitted", _show(self.submitted, self.submitter_tz)))
        if counting:
            rows.append(("counting from", _show(self.starts, self.desk_tz)))
        rows.append(("due (desk)", _show(self.due, self.desk_tz)))
        rows.append(("due (submitter)", _show(self.due, self.submitter_tz)))
        return rows


def _print_rows(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{width}} {value}")


def _deadline(args: argparse.Namespace) -> int:
    found = _Deadline(args)
    if args.json:
        print(
            json.dumps(
                {
                    "priority": found.priority,
                    "plan": found.plan.name,
                    "metric": found.metric,
                    "target": str(found.target),
                    "submitted": found.submitted.isoformat(),
                    "counting_from": found.starts.isoformat(),
                    "due": found.due.isoformat(),
                    "due_submitter": found.due.astimezone(found.submitter_tz).isoformat(),
                    "desk_zone": zone_name(found.desk_tz),
                    "submitter_zone": zone_name(found.submitter_tz),
                }
            )
        )
        return 0
    _print_rows(found.rows())
    return 0


def _explain(args: argparse.Namespace) -> int:
    found = _Deadline(args)
    created = Event("created", found.submitted, priority=found.priority, plan=found.plan.name)
    explanation = explain(found.policy, [created], found.metric, now=found.submitted)
    _print_rows(found.rows(counting=False))
    print()
    print(explanation)
    return 0


# -- calendar ---------------------------------------------------------------------------------


def _date_option(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _UsageError(f"{option} {text!r}: expected a date such as 2026-12-31") from None


def _date_range(args: argparse.Namespace) -> tuple[date, date]:
    if args.year is not None and (args.first or args.last):
        raise _UsageError("give a year or --from/--to, not both")
    if args.first or args.last:
        if not (args.first and args.last):
            raise _UsageError("--from and --to go together: give both dates")
        first, last = _date_option(args.first, "--from"), _date_option(args.last, "--to")
        if last < first:
            raise _UsageError(f"--to {last} is before --from {first}: expected a later date")
        return first, last
    year = args.year if args.year is not None else date.today().year
    if not 3 <= year <= 9997:
        raise _UsageError(f"year {year}: expected a year from 3 to 9997")
    return date(year, 1, 1), date(year, 12, 31)


def _calendar_text(calendar: object) -> str:
    if isinstance(calendar, ClosedDates) and not calendar.names:
        return "none"
    return describe(calendar)


def _real_length(day: date, interval: Interval, tz: tzinfo) -> timedelta:
    """The real length of a day's interval: its wall-clock ends resolved as the engine
    resolves them (``replace(tzinfo=tz)``, fold=0), never negative."""
    midnight = datetime.combine(day, clock_time.min)
    opening = (midnight + timedelta(seconds=interval.start)).replace(tzinfo=tz)
    closing = (midnight + timedelta(seconds=interval.end)).replace(tzinfo=tz)
    return max(closing.astimezone(UTC) - opening.astimezone(UTC), timedelta(0))


def _calendar_days(
    schedule: Schedule, first: date, last: date
) -> Iterator[tuple[date, tuple[Interval, ...], timedelta, str]]:
    """(date, its intervals, their open time, why the date differs from the weekly hours)."""
    tz = schedule.tz
    day = first
    while day <= last:
        intervals = schedule.intervals_on(day)
        notes = []
        holiday = day in schedule.calendar
        name = closure_name(schedule.calendar, day) if holiday else None
        if day in schedule.overrides:
            notes.append("override")
            if holiday:
                notes.append(f"instead of holiday: {name or 'closed date'}")
        elif holiday:
            notes.append(f"holiday: {name}" if name else "closed date")
        open_time = sum((_real_length(day, interval, tz) for interval in intervals), timedelta(0))
        if open_time != timedelta(seconds=sum(interval.seconds for interval in intervals)):
            notes.append(f"daylight-saving change: {format_duration(open_time)} of real time")
        yield day, intervals, open_time, "; ".join(notes)
        day += timedelta(days=1)


def _calendar(args: argparse.Namespace) -> int:
    policy = _policy(args)
    first, last = _date_range(args)
    plans = [policy.plan(args.plan)] if args.plan else list(policy.plans.values())
    for number, plan in enumerate(plans):
        if number:
            print()
        _calendar_of(plan, policy.default_plan, first, last, args.exceptions)
    return 0


def _calendar_of(plan: Plan, default: str, first: date, last: date, exceptions: bool) -> None:
    schedule = plan.schedule
    title = f"plan {plan.name}" + (" (the default plan)" if plan.name == default else "")
    print(f"{title}, {first} to {last}")
    if not isinstance(schedule, Schedule):
        _calendar_of_union(schedule, first, last)
        return
    print(f"  zone:     {zone_name(schedule.tz)}")
    hours = "; ".join(
        f"{days} {value if isinstance(value, str) else ', '.join(value)}"
        for days, value in schedule.hours.to_spec().items()
    )
    print(f"  hours:    {hours or 'closed every day'}")
    print(f"  calendar: {_calendar_text(schedule.calendar)}")
    open_days = holidays = overrides = 0
    total = timedelta(0)
    for day, intervals, open_time, note in _calendar_days(schedule, first, last):
        if intervals:
            open_days += 1
            total += open_time
        holidays += day in schedule.calendar
        overrides += day in schedule.overrides
        if exceptions and not note:
            continue
        text = ", ".join(str(interval) for interval in intervals) or "closed"
        length = format_duration(open_time) if intervals else ""
        print(f"  {day} {day:%a}  {text:<24} {length:>6}  {note}".rstrip())
    print(
        f"  {open_days} open days, {format_duration(total)} open; "
        f"{holidays} closed by the calendar; {overrides} overrides"
    )


def _day_bounds(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, clock_time.min).replace(tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), clock_time.min).replace(tzinfo=tz)


def _calendar_of_union(schedule: BaseSchedule, first: date, last: date) -> None:
    print(f"  a union of schedules, shown in {zone_name(schedule.tz)}")
    day = first
    while day <= last:
        start, end = _day_bounds(day, schedule.tz)
        spans = [f"{a:%H:%M}-{b:%H:%M}" for a, b in schedule.periods(start, end)]
        print(f"  {day} {day:%a}  {', '.join(spans) or 'closed'}")
        day += timedelta(days=1)


# -- check --------------------------------------------------------------------------------------


def _check(args: argparse.Namespace) -> int:
    status = 0
    for name in args.files:
        try:
            policy = load_policy(name)
        except PolicyFileError as err:
            status = 1
            print(f"slaclock: {err}", file=sys.stderr)
            continue
        print(f"{name}: ok")
        for plan in policy.plans.values():
            schedule = plan.schedule
            default = " (default)" if plan.name == policy.default_plan else ""
            details = zone_name(schedule.tz)
            if isinstance(schedule, Schedule):
                hours = "; ".join(
                    f"{days} {value if isinstance(value, str) else ', '.join(value)}"
                    for days, value in schedule.hours.to_spec().items()
                )
                details += f", {hours or 'closed'}, calendar {_calendar_text(schedule.calendar)}"
            print(f"  plan {plan.name}{default}: {details}")
        aliases = ", ".join(f"{alias}={target}" for alias, target in policy.aliases.items())
        print(
            f"  priorities: {', '.join(policy.priorities)}"
            + (f" (aliases: {aliases})" if aliases else "")
        )
        for metric in METRICS:
            for plan in policy.plans.values():
                targets = []
                for priority in policy.priorities:
                    try:
                        targets.append(f"{priority} {policy.target(priority, metric, plan.name)}")
                    except SlaclockError:
                        continue
                if targets:
                    print(f"  {metric} on {plan.name}: {', '.join(targets)}")
    return status


# -- report -------------------------------------------------------------------------------------


class _Progress:
    """A one-line progress indicator on a terminal; silent on anything else."""

    def __init__(
        self, stream: TextIO, every: float = 0.5, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._stream = stream
        self.enabled = stream.isatty()
        self._every = every
        self._clock = clock
        self._started = self._last = clock()
        self._shown = 0

    def update(self, rows: int) -> None:
        if not self.enabled:
            return
        moment = self._clock()
        if moment - self._last < self._every:
            return
        self._last = moment
        rate = rows / max(moment - self._started, 1e-9)
        text = f"slaclock report: {rows:,} rows read, {rate:,.0f} rows/s"
        self._stream.write("\r" + text.ljust(self._shown))
        self._stream.flush()
        self._shown = len(text)

    def done(self) -> None:
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0


def _format(name: str, option: str | None) -> Format:
    try:
        return format_of(name)
    except InvalidInputError as err:
        if "compressed inside" in str(err):  # .parquet.gz
            raise _UsageError(str(err)) from None
        hint = f", or give {option} csv, jsonl or parquet" if option else ""
        kinds = ".csv or .jsonl (perhaps followed by .gz)" + (" or .parquet" if option else "")
        raise _UsageError(
            f"cannot tell the format of {name!r} from its name: expected a name ending in "
            f"{kinds}{hint}"
        ) from None


def _same_file(first: str, second: str) -> bool:
    return Path(first).resolve() == Path(second).resolve()


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """While a report runs: what is loaded so far (modules, the policy) is never scanned
    again, and the cyclic garbage collector runs once per 50,000 new objects rather than 700
    (a report makes and frees millions of short-lived objects, nearly none in cycles): some
    20 to 30 % faster here. The process's settings come back afterwards."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _report(args: argparse.Namespace) -> int:
    with _few_collections():
        return _run_report(args)


def _run_report(args: argparse.Namespace) -> int:
    policy = _policy(args)
    given = {
        name: getattr(args, f"{name}_col")
        for name in _COLUMN_NAMES
        if getattr(args, f"{name}_col") is not None
    }
    columns = dataclasses.replace(Columns(), **given)
    if args.output == "-":
        args.output = None
    if args.delimiter.lower() in ("tab", "\\t"):
        args.delimiter = "\t"
    stdin = args.input == "-"
    input_format = args.format or ("csv" if stdin else _format(args.input, "--format"))
    output_format = args.output_format or (
        _format(args.output, "--output-format") if args.output else "csv"
    )
    errors_format = _format(args.errors, None) if args.errors else "csv"
    if errors_format == "parquet":
        raise _UsageError(f"--errors {args.errors!r}: expected a name ending in .csv or .jsonl")
    if input_format == "parquet" and stdin:
        raise _UsageError("a Parquet input is read from a file: expected a file name, not -")
    if output_format == "parquet" and not args.output:
        raise _UsageError("Parquet results are written to a file: give --output FILE")
    if args.summary and not args.summary.lower().endswith((".csv", ".json")):
        raise _UsageError(f"--summary {args.summary!r}: expected a name ending in .csv or .json")
    outputs = [("--output", args.output), ("--errors", args.errors), ("--summary", args.summary)]
    named = [(option, path) for option, path in outputs if path]
    for index, (option, path) in enumerate(named):
        for other, other_path in named[index + 1 :]:
            if _same_file(path, other_path):
                raise _UsageError(f"{option} and {other} name the same file {path!r}")
        if not stdin and _same_file(path, args.input):
            raise _UsageError(f"{option} names the input file {path!r}: expected another file")
    if args.now is not None:
        parse_datetime(args.now)  # a bad --now is a usage error before anything is read

    if input_format == "parquet":
        source: IO[bytes] = open(args.input, "rb")  # noqa: SIM115 - closed below
    else:
        source = sys.stdin.buffer if stdin else open_input(args.input)
    files: list[AtomicFile] = []
    results: RecordWriter | ParquetWriter | None = None
    try:
        reader: RowReader | ParquetReader
        if input_format == "parquet":
            reader = ParquetReader(source)
        else:
            reader = RowReader(source, input_format, delimiter=args.delimiter)
        if reader.header is not None:
            _check_header(reader.header, columns, given, args.events, args.input)

        def atomic(path: str) -> TextIO:
            files.append(AtomicFile(path))
            return files[-1].stream

        if output_format == "parquet":
            # nothing goes through the text layer: the bytes go straight to its buffer
            results_file = atomic(args.output).buffer
            results = ParquetWriter(results_file, RESULT_COLUMNS, RESULT_TYPES)
        else:
            results_stream = atomic(args.output) if args.output else sys.stdout
            results = RecordWriter(results_stream, output_format, RESULT_COLUMNS, args.delimiter)
        errors = None
        if args.errors:
            errors = RecordWriter(atomic(args.errors), errors_format, ERROR_COLUMNS)
        summary_stream = atomic(args.summary) if args.summary else None
        rejected_to_stderr = 0

        def on_reject(rejection: Rejection) -> None:
            nonlocal rejected_to_stderr
            if errors is not None:
                errors.write(rejection.as_dict())
                return
            rejected_to_stderr += 1
            where = f"line {rejection.line}" + (f" ({rejection.id})" if rejection.id else "")
            print(f"slaclock: rejected {where}: {rejection.reason}", file=sys.stderr)

        run = run_report(
            policy,
            reader,
            events=args.events,
            columns=columns,
            now=args.now,
            strict=args.strict,
            on_reject=on_reject,
        )
        progress = _Progress(sys.stderr)
        progress.enabled = progress.enabled and (bool(args.output) or not sys.stdout.isatty())
        try:
            for batch in run.batches():
                if isinstance(results, RecordWriter) and results.writes_csv:
                    batch.write_csv(results)
                else:
                    results.write_columns(batch.columns())
                progress.update(run.rows_read)
        finally:
            progress.done()
        if isinstance(results, ParquetWriter):
            results.close()
        summary = run.summary
        if summary_stream is not None:
            _write_summary(summary_stream, args.summary, summary)
        for file in files:
            file.commit()
    except BaseException:
        if isinstance(results, ParquetWriter):
            with contextlib.suppress(Exception):  # its footer goes to a file about to go
                results.close()
        for file in files:
            file.discard()
        raise
    finally:
        if not stdin:
            source.close()
    shown = sys.stdout if args.output else sys.stderr
    print(summary, file=shown)
    return 1 if rejected_to_stderr else 0


def _check_header(
    header: Sequence[str], columns: Columns, given: dict[str, str], events: bool, name: str
) -> None:
    where = "standard input" if name == "-" else repr(name)
    found = ", ".join(header) or "none"
    for field in ("id", "event", "at") if events else ("created", "priority"):
        column = getattr(columns, field)
        if column not in header:
            raise InvalidInputError(
                f"no column {column!r} in the header of {where} (its columns: {found}): "
                f"name the {field} column with --{field}-col"
            )
    for field, column in given.items():
        if column not in header:
            raise InvalidInputError(
                f"--{field}-col {column!r} is not a column of {where} (its columns: {found})"
            )
    columns.check(header, events)


def _write_summary(stream: TextIO, name: str, summary: Any) -> None:
    if name.lower().endswith(".json"):
        json.dump(summary.as_dict(), stream, indent=2, ensure_ascii=False, default=str)
        stream.write("\n")
        return
    writer = RecordWriter(stream, "csv", SUMMARY_COLUMNS)
    for record in summary.records():
        writer.write(record)


# -- main ---------------------------------------------------------------------------------------

_COMMANDS = {
    "deadline": _deadline,
    "explain": _explain,
    "calendar": _calendar,
    "check": _check,
    "report": _report,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 1 rejected rows or policy
    problems found by ``check``, 2 bad input or options)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except InvalidRowError as err:
        print(f"slaclock: error: {err} (--strict: nothing was written)", file=sys.stderr)
        return 2
    except (SlaclockError, _UsageError) as err:
        print(f"slaclock: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        if isinstance(err, BrokenPipeError):
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        name = f" {err.filename!r}" if err.filename else ""
        print(f"slaclock: error: cannot use{name}: {err.strerror or err}", file=sys.stderr)
        return 2
    except EOFError as err:  # a truncated compressed input
        print(f"slaclock: error: the input ends early: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("slaclock: interrupted: nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
