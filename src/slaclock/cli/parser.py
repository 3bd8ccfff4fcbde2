"""The command line's parser: its commands, their arguments, the options they share."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .. import __version__
from ..languages import Translation, available_languages, translation
from ..policy import METRICS
from ..report import Columns

__all__ = ["DEFAULT_COUNTRY", "DEFAULT_DESK_TZ", "DEFAULT_HOURS", "UsageError", "build_parser"]

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
  slaclock explain high "2026-11-20 16:00" --now "2026-11-23 12:00"
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
"""
_ALL_EXAMPLES = "\n".join(
    text.replace("examples:\n", "")
    for text in (
        _DEADLINE_EXAMPLES,
        _EXPLAIN_EXAMPLES,
        _CALENDAR_EXAMPLES,
        _CHECK_EXAMPLES,
        _REPORT_EXAMPLES,
    )
)


DEFAULT_DESK_TZ = "America/New_York"
DEFAULT_COUNTRY = "US"
DEFAULT_HOURS = "mon-fri=09:00-18:00"


_T = TypeVar("_T")


class UsageError(Exception):
    """Options that do not fit together; reported like any other error, exit status 2."""


def _in_language(read: Callable[[str], _T], t: Translation) -> Callable[[str], _T]:
    """An argument's type *read*, whose refusals argparse shows in *t*'s language."""

    def translated(text: str) -> _T:
        try:
            return read(text)
        except argparse.ArgumentTypeError as err:
            raise argparse.ArgumentTypeError(t.error(str(err))) from None

    translated.__name__ = read.__name__  # argparse names the type in some messages
    return translated


def _year(text: str) -> int:
    """A year written with its four digits: ``2026`` (``0026`` for the year 26), never a
    two-digit year that would silently mean the first century."""
    digits = text.strip()
    if len(digits) != 4 or not digits.isascii() or not digits.isdigit():
        raise argparse.ArgumentTypeError(
            f"year {text!r}: expected four digits such as 2026 (0026 for the year 26)"
        )
    return int(digits)


def _delimiter(text: str) -> str:
    """A CSV delimiter: one character other than a quote or a line break, or 'tab'."""
    if text.lower() in ("tab", "\\t"):
        return "\t"
    if len(text) != 1 or text in '"\r\n':
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected one character other than a quote or a line break, "
            f"such as ',' ';' '|', or 'tab'"
        )
    return text


def _policy_options(t: Translation) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group(
        t.gettext("policy"),
        t.gettext(
            "a policy file, or the embedded default (High 4h, Medium 12h, Low 24h of business "
            "time; Monday to Friday 09:00-18:00 in America/New_York; US-FL holidays), adjusted by "
            "--desk-tz, --country, --subdiv and --hours (which a policy file replaces)"
        ),
    )
    group.add_argument("--policy", metavar="FILE", help=t.gettext("a policy file (TOML)"))
    group.add_argument(
        "--desk-tz",
        metavar="ZONE",
        help=t.gettext("the embedded default's time zone (default: {zone})").format(
            zone=DEFAULT_DESK_TZ
        ),
    )
    group.add_argument(
        "--country",
        metavar="CODE",
        help=t.gettext(
            "the country whose official holidays close the embedded default's desk, ISO 3166 "
            "code, or 'none' (default: {country})"
        ).format(country=DEFAULT_COUNTRY),
    )
    group.add_argument(
        "--subdiv",
        metavar="CODE",
        help=t.gettext(
            "its state or province for holidays (default: FL with --country US, none otherwise)"
        ),
    )
    group.add_argument(
        "--hours",
        metavar="SPEC",
        help=t.gettext(
            "the embedded default's opening hours as 'DAYS=INTERVALS; ...', intervals "
            "separated by commas (default: {hours})"
        ).format(hours=DEFAULT_HOURS),
    )
    return parent


def _language_option(parser: argparse.ArgumentParser, default: str | None, t: Translation) -> None:
    parser.add_argument(
        "--lang",
        metavar="LANG",
        default=None if default == "en" else default,
        help=t.gettext(
            "the language of the output: {languages} (default: SLACLOCK_LANG, the policy's "
            "language, then LANGUAGE, LC_ALL, LC_MESSAGES, LANG)"
        ).format(languages=", ".join(available_languages())),
    )


def _command(
    commands: Any,
    name: str,
    summary: str,
    description: str,
    examples: str,
    parents: list[Any],
    t: Translation,
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=examples.replace("examples:", t.gettext("examples:"), 1),
        parents=parents,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def _ticket_arguments(
    parser: argparse.ArgumentParser, metrics: Sequence[str], t: Translation
) -> None:
    parser.add_argument(
        "priority", help=t.gettext("high, medium, low, or an alias (alta, p1, critical, ...)")
    )
    parser.add_argument(
        "submitted",
        help=t.gettext(
            "submission time, ISO 8601 ('2026-11-20 17:30' or '2026-11-20T17:30-03:00'); "
            "without an offset it is read in --tz"
        ),
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help=t.gettext(
            "the submitter's time zone (IANA name): reads a submission time without an offset "
            "and shows the due instant there too (default: the desk's zone)"
        ),
    )
    parser.add_argument(
        "--plan", metavar="NAME", help=t.gettext("the plan (default: the policy's default)")
    )
    parser.add_argument(
        "--metric",
        choices=metrics,
        default="response",
        help=t.gettext("the metric whose target counts (default: %(default)s)"),
    )


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser, its help in *lang* (default English): the library's own texts; argparse's
    own words (``usage:``, ``options:``) are argparse's."""
    t = translation(lang)
    parser = argparse.ArgumentParser(
        prog="slaclock",
        description=t.gettext(
            "When is this support ticket's response due, in business time? And how "
            "did a month of tickets do against the SLA?"
        ),
        epilog=t.gettext("examples:") + "\n" + _ALL_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"slaclock {__version__}")
    _language_option(parser, "en", t)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    language = argparse.ArgumentParser(add_help=False)
    _language_option(language, argparse.SUPPRESS, t)  # after the command too, never reset
    policy = [_policy_options(t), language]

    deadline = _command(
        commands,
        "deadline",
        t.gettext("when one ticket is due"),
        t.gettext("Print when a ticket is due, in the desk's zone and in the submitter's zone."),
        _DEADLINE_EXAMPLES,
        policy,
        t,
    )
    _ticket_arguments(deadline, METRICS, t)
    deadline.add_argument("--json", action="store_true", help=t.gettext("print one JSON object"))

    explaining = _command(
        commands,
        "explain",
        t.gettext("why one ticket is due when it is"),
        t.gettext(
            "Print when a ticket is due and why: the open periods its clock consumes and the "
            "closures it skips."
        ),
        _EXPLAIN_EXAMPLES,
        policy,
        t,
    )
    _ticket_arguments(explaining, ("response", "resolution"), t)
    explaining.add_argument(
        "--now",
        metavar="WHEN",
        help=t.gettext(
            "how the clock stands at WHEN, the ticket still unanswered: the time left or "
            "overdue, the escalations fired (ISO 8601; without an offset it is read in --tz; "
            "default: the submission time)"
        ),
    )

    calendar = _command(
        commands,
        "calendar",
        t.gettext("a year of a schedule: open hours, holidays, partial days"),
        t.gettext(
            "Print each date of a year (or of --from .. --to) for each plan: its opening "
            "intervals, its open time, and why it differs from the weekly hours (a holiday and "
            "its name, an override, a daylight-saving change). Use it to check a policy file "
            "before trusting it."
        ),
        _CALENDAR_EXAMPLES,
        policy,
        t,
    )
    calendar.add_argument(
        "year",
        nargs="?",
        type=_in_language(_year, t),
        help=t.gettext("the year (default: this year)"),
    )
    calendar.add_argument(
        "--from", dest="first", metavar="DATE", help=t.gettext("the first date (YYYY-MM-DD)")
    )
    calendar.add_argument(
        "--to", dest="last", metavar="DATE", help=t.gettext("the last date (YYYY-MM-DD)")
    )
    calendar.add_argument(
        "--plan", metavar="NAME", help=t.gettext("one plan (default: every plan)")
    )
    calendar.add_argument(
        "--exceptions",
        action="store_true",
        help=t.gettext("only the dates that differ from the weekly hours"),
    )

    check = _command(
        commands,
        "check",
        t.gettext("validate policy files"),
        t.gettext(
            "Read each policy file and list every problem with its key path (exit status 1), or "
            "what the policy holds."
        ),
        _CHECK_EXAMPLES,
        [language],
        t,
    )
    check.add_argument("files", nargs="+", metavar="FILE", help=t.gettext("policy files (TOML)"))

    report = _command(
        commands,
        "report",
        t.gettext("SLA compliance of many tickets, from CSV, JSON Lines or Parquet"),
        t.gettext(
            "Evaluate every ticket of a CSV, JSON Lines or Parquet file with the ticket-tracking "
            "engine, write one result per ticket (CSV, JSON Lines or Parquet) and print a summary "
            "per priority and plan. Every input row ends up in the results or among the rejected rows, with its "
            "line number and the reason. The input is read a block of rows at a time, so memory "
            "stays flat however long it is."
        ),
        _REPORT_EXAMPLES
        + "\n"
        + t.gettext(
            "exit status: 0 every row written; 1 rows rejected (into --errors, or listed on "
            "standard error);\n2 nothing written (bad options, policy, input or output file, "
            "--strict); 130 or 143 stopped\nby SIGINT or SIGTERM, nothing written. The output "
            "files are replaced together or not at all.\n"
        ),
        policy,
        t,
    )
    report.add_argument(
        "input",
        metavar="INPUT",
        help=t.gettext(
            "the tickets (.csv, .jsonl or .parquet; .csv and .jsonl also .gz); - for stdin"
        ),
    )
    files = report.add_argument_group(t.gettext("files"))
    files.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=t.gettext(
            "the results (.csv, .jsonl or .parquet), replaced only when the report completes; - for "
            "standard output (default: standard output, and the summary goes to standard error)"
        ),
    )
    files.add_argument(
        "--errors",
        metavar="FILE",
        help=t.gettext(
            "the rejected rows (.csv or .jsonl): line, id, reason, row (default: each listed "
            "on standard error); either way the exit status is 1"
        ),
    )
    files.add_argument(
        "--summary",
        metavar="FILE",
        help=t.gettext("the summary too as a file (.csv table or .json)"),
    )
    files.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet"),
        help=t.gettext("the input's format (default: from its name; csv for stdin)"),
    )
    files.add_argument(
        "--output-format",
        choices=("csv", "jsonl", "parquet"),
        help=t.gettext("the results' format (default: from --output's name; csv for stdout)"),
    )
    files.add_argument(
        "--encoding",
        metavar="NAME",
        help=t.gettext(
            "the input's text encoding (CSV and JSON Lines): utf-8, utf-8-sig, cp1252, "
            "latin-1, utf-16... (default: the policy's [report] encoding, else utf-8)"
        ),
    )
    files.add_argument(
        "--delimiter",
        type=_in_language(_delimiter, t),
        help=t.gettext(
            "the CSV delimiter, input and output; 'tab' for a tab (default: the policy's "
            "[report] delimiter, else ,)"
        ),
    )
    reading = report.add_argument_group(t.gettext("reading"))
    reading.add_argument(
        "--events",
        action="store_true",
        help=t.gettext(
            "the input is an event log: one row per event, the rows of one ticket contiguous "
            "(default: one row per ticket)"
        ),
    )
    reading.add_argument(
        "--now",
        metavar="WHEN",
        help=t.gettext(
            "when the verdicts are taken, ISO 8601; without an offset it is read in each "
            "plan's zone (default: now)"
        ),
    )
    reading.add_argument(
        "--strict",
        action="store_true",
        help=t.gettext("stop at the first bad row, writing nothing"),
    )
    reading.add_argument(
        "--at-risk",
        metavar="DURATION",
        help=t.gettext(
            "keep only the open tickets with a clock that breaches within DURATION of its "
            "clock time (business time for business targets), e.g. 4h (the summary still counts "
            "every ticket)"
        ),
    )
    reading.add_argument(
        "--date-format",
        metavar="PATTERN",
        help=t.gettext(
            "the input's timestamps as a strptime pattern, e.g. '%%m/%%d/%%Y %%I:%%M %%p' "
            "(with %%z they carry their offset; default: ISO 8601)"
        ),
    )
    reading.add_argument(
        "--dayfirst",
        action="store_true",
        help=t.gettext(
            "timestamps that are not ISO 8601 are dates written day first: 13/11/2026, "
            "13.11.2026 or 13-11-2026, then perhaps 17:30, 17:30:45 or 5:30 PM"
        ),
    )
    names = report.add_argument_group(
        t.gettext("columns"), t.gettext("the input's column names (CSV header or JSON keys)")
    )
    defaults = Columns()
    for name, meaning in (
        ("id", t.gettext("the ticket id (optional; required for --events)")),
        ("created", t.gettext("the creation time")),
        ("priority", t.gettext("the priority")),
        ("plan", t.gettext("the plan (empty: the default plan)")),
        ("responded", t.gettext("the first response time (optional)")),
        ("solved", t.gettext("the solving time (optional)")),
        (
            "event",
            t.gettext(
                "--events: the event kind (created, paused, resumed, responded, solved, ...)"
            ),
        ),
        ("at", t.gettext("--events: the event time")),
        ("reason", t.gettext("--events: a pause's reason (optional)")),
    ):
        names.add_argument(
            f"--{name}-col",
            metavar="NAME",
            help=t.gettext("{meaning} (default: {column})").format(
                meaning=meaning, column=getattr(defaults, name)
            ),
        )
    return parser
