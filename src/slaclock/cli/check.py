"""``slaclock check``: policy files validated, or what each holds."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from ..config import ReportSettings, load_report_settings
from ..errors import PolicyFileError, SlaclockError
from ..languages import Translation
from ..policy import METRICS, Policy
from ..policy_versions import PolicyVersions, read_policy_file
from ..schedule import Schedule
from ..schedule_versions import VersionedSchedule
from ..zones import zone_name
from .calendar import describe_calendar, describe_hours
from .policy_options import output_language

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
            print(f"slaclock: {output_language(args).exception(err)}", file=sys.stderr)
            continue
        t = output_language(args, found)
        if isinstance(found, Policy):
            print(t.gettext("{file}: ok").format(file=name))
            _describe(found, "  ", t)
        else:
            count = len(found.versions)
            line = t.ngettext("{file}: ok, {count} version", "{file}: ok, {count} versions", count)
            print(line.format(file=name, count=count))
            for day, policy in found.versions.items():
                applies = _applies(found, day, t)
                print("  " + t.gettext("version {day}: {applies}").format(day=day, applies=applies))
                _describe(policy, "    ", t)
        report = _report_line(load_report_settings(name), t)
        if report:
            print("  " + t.gettext("report: {settings}").format(settings=report))
    return status


def _applies(found: PolicyVersions, day: date, t: Translation) -> str:
    """When the version from *day* applies, in words (``PolicyVersions.applies_from``)."""
    days = list(found.versions)
    index = days.index(day)
    following = days[index + 1] if index + 1 < len(days) else None
    if index == 0 and following is None:
        return t.gettext("tickets created at any time")
    if index == 0:
        text = t.gettext("tickets created before {following} (and any before {day})")
    elif following is None:
        text = t.gettext("tickets created from {day}")
    else:
        text = t.gettext("tickets created from {day} to before {following}")
    return text.format(day=day, following=following)


def _describe(policy: Policy, indent: str, t: Translation) -> None:
    """A policy's plans, priorities and targets, a line each."""
    for plan in policy.plans.values():
        schedule = plan.schedule
        details = zone_name(schedule.tz)
        if isinstance(schedule, Schedule):
            details += t.gettext(", {hours}, calendar {calendar}").format(
                hours=describe_hours(schedule) or t.gettext("closed"),
                calendar=describe_calendar(schedule.calendar, t),
            )
        elif isinstance(schedule, VersionedSchedule):
            for day, version in schedule.versions.items():
                details += t.gettext("; from {day}: {hours}").format(
                    day=day, hours=describe_hours(version) or t.gettext("closed")
                )
            details += t.gettext(", calendar {calendar}").format(
                calendar=describe_calendar(version.calendar, t)
            )
        text = (
            t.gettext("plan {name} (default): {details}")
            if plan.name == policy.default_plan
            else t.gettext("plan {name}: {details}")
        )
        print(indent + text.format(name=plan.name, details=details))
    aliases = ", ".join(f"{alias}={target}" for alias, target in policy.aliases.items())
    priorities = ", ".join(policy.priorities)
    print(
        indent
        + (
            t.gettext("priorities: {priorities} (aliases: {aliases})")
            if aliases
            else t.gettext("priorities: {priorities}")
        ).format(priorities=priorities, aliases=aliases)
    )
    for metric in METRICS:
        for plan in policy.plans.values():
            targets = []
            for priority in policy.priorities:
                try:
                    target = policy.target(priority, metric, plan.name)
                    targets.append(f"{priority} {target.text(t.language)}")
                except SlaclockError:
                    continue
            if targets:
                line = t.gettext("{metric} on {plan}: {targets}").format(
                    metric=t.pgettext("metric", metric), plan=plan.name, targets=", ".join(targets)
                )
                print(f"{indent}{line}")


def _report_line(settings: ReportSettings, t: Translation) -> str:
    """The ``[report]`` table of a policy as one line ("" without one)."""
    parts = [
        t.gettext("{field} column {column}").format(field=field, column=repr(column))
        for field, column in settings.columns
    ]
    if settings.date_format is not None:
        parts.append(t.gettext("dates {format}").format(format=repr(settings.date_format)))
    if settings.dayfirst:
        parts.append(t.gettext("dates day first"))
    if settings.delimiter is not None:
        delimiter = t.gettext("tab") if settings.delimiter == "\t" else repr(settings.delimiter)
        parts.append(t.gettext("delimiter {delimiter}").format(delimiter=delimiter))
    if settings.encoding is not None:
        parts.append(t.gettext("encoding {encoding}").format(encoding=settings.encoding))
    parts += [
        t.gettext("event {name} = {kind}").format(name=repr(name), kind=kind)
        for name, kind in settings.events
    ]
    if settings.reply_resumes:
        parts.append(t.gettext("a reply resumes"))
    if settings.activity_reopens:
        parts.append(t.gettext("activity reopens"))
    return ", ".join(parts)
