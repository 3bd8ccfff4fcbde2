"""``slaclock check``: policy files validated, or what each holds."""

from __future__ import annotations

import argparse
import sys

from ..config import ReportSettings, load_report_settings
from ..errors import PolicyFileError, SlaclockError
from ..policy import METRICS, Policy
from ..policy_versions import read_policy_file
from ..schedule import Schedule
from ..schedule_versions import VersionedSchedule
from ..zones import zone_name
from .calendar import describe_calendar, describe_hours

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Read each policy file: its problems (exit status 1), or what it holds (each version,
    and when it applies)."""
    status = 0
    for name in args.files:
        try:
            found = read_policy_file(name)
        except PolicyFileError as err:
            status = 1
            print(f"slaclock: {err}", file=sys.stderr)
            continue
        if isinstance(found, Policy):
            print(f"{name}: ok")
            _describe(found, "  ")
        else:
            count = len(found.versions)
            print(f"{name}: ok, {count} version{'' if count == 1 else 's'}")
            for day, policy in found.versions.items():
                print(f"  version {day}: {found.applies_from(day)}")
                _describe(policy, "    ")
        report = _report_line(load_report_settings(name))
        if report:
            print(f"  report: {report}")
    return status


def _describe(policy: Policy, indent: str) -> None:
    """A policy's plans, priorities and targets, a line each."""
    for plan in policy.plans.values():
        schedule = plan.schedule
        default = " (default)" if plan.name == policy.default_plan else ""
        details = zone_name(schedule.tz)
        if isinstance(schedule, Schedule):
            hours = describe_hours(schedule) or "closed"
            details += f", {hours}, calendar {describe_calendar(schedule.calendar)}"
        elif isinstance(schedule, VersionedSchedule):
            for day, version in schedule.versions.items():
                details += f"; from {day}: {describe_hours(version) or 'closed'}"
            details += f", calendar {describe_calendar(version.calendar)}"
        print(f"{indent}plan {plan.name}{default}: {details}")
    aliases = ", ".join(f"{alias}={target}" for alias, target in policy.aliases.items())
    print(
        f"{indent}priorities: {', '.join(policy.priorities)}"
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
                print(f"{indent}{metric} on {plan.name}: {', '.join(targets)}")


def _report_line(settings: ReportSettings) -> str:
    """The ``[report]`` table of a policy as one line ("" without one)."""
    parts = [f"{field} column {column!r}" for field, column in settings.columns]
    if settings.date_format is not None:
        parts.append(f"dates {settings.date_format!r}")
    if settings.dayfirst:
        parts.append("dates day first")
    if settings.delimiter is not None:
        parts.append(
            "delimiter " + ("tab" if settings.delimiter == "\t" else repr(settings.delimiter))
        )
    if settings.encoding is not None:
        parts.append(f"encoding {settings.encoding}")
    parts += [f"event {name!r} = {kind}" for name, kind in settings.events]
    return ", ".join(parts)
