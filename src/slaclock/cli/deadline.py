"""``slaclock deadline``: when one ticket is due."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, tzinfo

from ..durations import BusinessDays, format_duration
from ..policy import Plan, Target, due
from ..zones import from_micros, to_micros, zone, zone_name
from .policy_options import policy_from_options

__all__ = ["Deadline", "print_aligned", "run"]


def _show(moment: datetime, tz: tzinfo) -> str:
    local = moment.astimezone(tz)
    return f"{local:%a} {local.isoformat(sep=' ')} ({zone_name(tz)})"


def _target_text(metric: str, target: Target) -> str:
    amount = target.amount
    if isinstance(amount, BusinessDays):
        days = "business day" if amount.days == 1 else "business days"
        return f"{metric} target {amount.days} {days}, to the close of business"
    return f"{metric} target {format_duration(amount)} of {target.clock} time"


class Deadline:
    """What ``deadline`` and ``explain`` share: the policy, plan, target and instants."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.policy = policy_from_options(args)
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
        rows = [("priority", f"{self.priority} ({_target_text(self.metric, self.target)})")]
        if len(self.policy.plans) > 1:
            rows.append(("plan", self.plan.name))
        rows.append(("submitted", _show(self.submitted, self.submitter_tz)))
        if counting:
            rows.append(("counting from", _show(self.starts, self.desk_tz)))
        rows.append(("due (desk)", _show(self.due, self.desk_tz)))
        rows.append(("due (submitter)", _show(self.due, self.submitter_tz)))
        if now is not None:
            rows.append(("now", _show(now, self.submitter_tz)))
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
