"""The policy the shared options name: a policy file, or the embedded default adjusted."""

from __future__ import annotations

import argparse
from datetime import date

from ..calendars import country_calendar
from ..errors import InvalidHoursError
from ..languages import Translation, choose_language, translation
from ..policy import DEFAULT_ALIASES, Policy, Threshold
from ..policy_versions import PolicyVersions, read_policy_file
from ..schedule import Schedule
from .parser import DEFAULT_COUNTRY, DEFAULT_DESK_TZ, DEFAULT_HOURS, UsageError

__all__ = [
    "output_language",
    "parse_hours_option",
    "policies_from_options",
    "policy_and_version",
    "policy_from_options",
]


def output_language(
    args: argparse.Namespace, policy: Policy | PolicyVersions | None = None
) -> Translation:
    """The language of this run's output: ``--lang``, ``SLACLOCK_LANG``, the policy's
    ``language`` (the latest version's, for versions of a policy), the locale variables,
    English (:func:`slaclock.languages.choose_language`). It is kept on *args*
    (``args.language``), so that an error later in the run is shown in it too: the run's own
    choice, passed down, never a process-wide setting."""
    if isinstance(policy, PolicyVersions):
        policy = list(policy.versions.values())[-1]
    language = choose_language(getattr(args, "lang", None), policy.language if policy else None)
    args.language = language
    return translation(language)


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


def policy_from_options(args: argparse.Namespace) -> Policy:
    """:func:`policies_from_options`; of versions of a policy, the version in force at the
    submission (``deadline`` and ``explain``: *args.submitted*, on *args.plan*)."""
    return policy_and_version(args)[0]


def policy_and_version(args: argparse.Namespace) -> tuple[Policy, date | None]:
    """:func:`policy_from_options`, and the date from which the version chosen is in force
    (``None`` for one policy alone), which ``explain`` names."""
    found = policies_from_options(args)
    if isinstance(found, Policy):
        return found, None
    day, policy = found.version_for(args.submitted, args.plan)
    return policy, day


def policies_from_options(args: argparse.Namespace) -> Policy | PolicyVersions:
    """The policy file --policy names (one policy, or versions of one), or the embedded
    default that --desk-tz, --country, --subdiv and --hours adjust."""
    embedded = [
        f"--{name.replace('_', '-')}"
        for name in ("desk_tz", "country", "subdiv", "hours")
        if getattr(args, name) is not None
    ]
    if args.policy is not None:
        if embedded:
            verb = "adjusts" if len(embedded) == 1 else "adjust"
            raise UsageError(
                f"{', '.join(embedded)} {verb} the embedded default policy, and --policy "
                f"replaces it: set the zone, holidays and hours in the policy file instead"
            )
        return read_policy_file(args.policy)
    country = args.country if args.country is not None else DEFAULT_COUNTRY
    country = None if country.strip().lower() == "none" else country
    subdiv = args.subdiv
    if subdiv is None and country is not None and country.strip().upper() == "US":
        subdiv = "FL"
    calendar = country_calendar(country, subdiv) if country else None
    schedule = Schedule(
        parse_hours_option(args.hours if args.hours is not None else DEFAULT_HOURS),
        tz=args.desk_tz if args.desk_tz is not None else DEFAULT_DESK_TZ,
        calendar=calendar,
    )
    return Policy(
        schedule,
        targets={"high": "4h", "medium": "12h", "low": "24h"},
        aliases=DEFAULT_ALIASES,
        thresholds=[Threshold(75), Threshold(100, level=2), Threshold(150, level=3)],
    )
