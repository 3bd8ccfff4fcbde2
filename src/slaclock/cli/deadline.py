"""``slaclock deadline``: when one ticket is due."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, tzinfo

from ..durations import BusinessDays, format_duration
from ..languages import Translation
from ..policy import Plan, Target, due
from ..zones import from_micros, to_micros, zone, zone_name
from .policy_options import output_language, policy_and_version

__all__ = ["Deadline", "print_aligned", "run"]


def _show(moment: datetime, tz: tzinfo, t: Translation) -> str:
    local = moment.astimezone(tz)
    return f"{t.weekday(local)} {local.isoformat(sep=' ')} ({zone_name(tz)})"


def _target_line(metric: str, target: Target, t: Translation) -> str:
    amount = target.amount
    name = t.pgettext("metric", metric)
    if isinstance(amount, BusinessDays):
        return t.ngettext(
            "{metric} target {count} business day, to the close of business",
            "{metric} target {count} business days, to the close of business",
            amount.days,
        ).format(metric=name, count=amount.days)
    duration = format_duration(amount)
    if target.clock == "calendar":
        return t.gettext("{metric} target {duration} of calendar time").format(
            metric=name, duration=duration
        )
    return t.gettext("{metric} target {duration} of business time").format(
        metric=name, duration=duration
    )


class Deadline:
    """What ``deadline`` and ``explain`` share: the policy, plan, target and instants."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.policy, self.version = policy_and_version(args)
        self.t = output_language(args, self.policy)
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

    def rows(self, counting: bool = True, now: datetime | None = None) -> list[tuple[str, str]]:
        t = self.t
        target = _target_line(self.metric, self.target, t)
        rows = [(t.gettext("priority"), f"{self.priority} ({target})")]
        if len(self.policy.plans) > 1:
            rows.append((t.gettext("plan"), self.plan.name))
        rows.append((t.gettext("submitted"), _show(self.submitted, self.submitter_tz, t)))
        if counting:
            rows.append((t.gettext("counting from"), _show(self.starts, self.desk_tz, t)))
        rows.append((t.gettext("due (desk)"), _show(self.due, self.desk_tz, t)))
        rows.append((t.gettext("due (submitter)"), _show(self.due, self.submitter_tz, t)))
        if now is not None:
            rows.append((t.gettext("now"), _show(now, self.submitter_tz, t)))
        return rows


def print_aligned(rows: list[tuple[str, str]]) -> None:
    """Print (label, value) rows, the values lined up."""
    width = max(len(label) for label, _ in rows) + 1
    for label, value in rows:
        print(f"{label + ':':<{width}} {value}")


def run(args: argparse.Namespace) -> int:
    """Print when a ticket is due (as JSON with --json)."""
    found = Deadline(args)
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
    print_aligned(found.rows())
    return 0
