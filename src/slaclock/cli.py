"""The ``slaclock`` command line.

``slaclock deadline PRIORITY SUBMITTED`` prints when a ticket is due, in the desk's zone and in
the submitter's zone, on the embedded default policy (High 4h, Medium 12h, Low 24h, Monday to
Friday 09:00-18:00 in America/New_York, US-FL holidays) unless told otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime, tzinfo

from . import __version__
from .calendars import country_calendar
from .errors import InvalidHoursError, SlaclockError
from .policy import DEFAULT_ALIASES, Policy, Target, Threshold, due
from .schedule import Schedule
from .zones import from_micros, to_micros, zone, zone_name

__all__ = ["main"]

_EXAMPLES = """\
examples:
  slaclock deadline high "2026-11-20 17:30"
  slaclock deadline alta "2026-11-20 10:00" --tz America/Argentina/Buenos_Aires
  slaclock deadline medium "2026-05-22 16:00" --country AR --desk-tz America/Argentina/Buenos_Aires
  slaclock deadline low "2026-11-20 08:00" --hours "mon-fri=08:00-12:00,13:00-17:00; sat=09:00-13:00"
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaclock",
        description="When is this support ticket's response due, in business time?",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"slaclock {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    deadline = commands.add_parser(
        "deadline",
        help="when one ticket is due",
        description="Print when a ticket is due, in the desk's zone and in the submitter's zone.",
        epilog=_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    deadline.add_argument(
        "priority", help="high, medium, low, or an alias (alta, p1, critical, ...)"
    )
    deadline.add_argument(
        "submitted",
        help="submission time, ISO 8601 ('2026-11-20 17:30' or '2026-11-20T17:30-03:00'); "
        "without an offset it is read in --tz",
    )
    deadline.add_argument(
        "--tz",
        help="the submitter's time zone (IANA name): reads a submission time without an offset "
        "and shows the due instant there too (default: the desk's zone)",
    )
    deadline.add_argument(
        "--desk-tz",
        default="America/New_York",
        help="the desk's time zone (default: %(default)s)",
    )
    deadline.add_argument(
        "--country",
        default="US",
        help="the country whose official holidays close the desk, ISO 3166 code, or 'none' "
        "(default: %(default)s)",
    )
    deadline.add_argument(
        "--subdiv",
        help="the state or province for holidays (default: FL with --country US, none otherwise)",
    )
    deadline.add_argument(
        "--hours",
        default="mon-fri=09:00-18:00",
        help="opening hours as 'DAYS=INTERVALS; ...', intervals separated by commas "
        "(default: %(default)s)",
    )
    return parser


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
    country = None if args.country.strip().lower() == "none" else args.country
    subdiv = args.subdiv
    if subdiv is None and country is not None and country.strip().upper() == "US":
        subdiv = "FL"
    calendar = country_calendar(country, subdiv) if country else None
    schedule = Schedule(parse_hours_option(args.hours), tz=args.desk_tz, calendar=calendar)
    return Policy(
        schedule,
        targets={"high": "4h", "medium": "12h", "low": "24h"},
        aliases=DEFAULT_ALIASES,
        thresholds=[Threshold(75), Threshold(100, level=2), Threshold(150, level=3)],
    )


def _show(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.isoformat(sep=' ')} ({zone_name(tz)})"


def _deadline(args: argparse.Namespace) -> int:
    policy = _policy(args)
    plan = policy.plan()
    desk_tz = plan.schedule.tz
    submitter_tz = zone(args.tz) if args.tz else desk_tz
    submitted = from_micros(to_micros(args.submitted, submitter_tz), submitter_tz)
    priority = policy.priority(args.priority)
    target: Target = policy.target(priority)
    due_at = due(plan.schedule, submitted, target)
    starts = plan.schedule.next_open(submitted)
    rows = [
        ("priority", f"{priority} (response target {target} of business time)"),
        ("submitted", _show(submitted, submitter_tz)),
        ("counting from", _show(starts, desk_tz)),
        ("due (desk)", _show(due_at, desk_tz)),
        ("due (submitter)", _show(due_at, submitter_tz)),
    ]
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{width}} {value}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 success, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "deadline":
            return _deadline(args)
    except SlaclockError as err:
        print(f"slaclock: error: {err}", file=sys.stderr)
        return 2
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
