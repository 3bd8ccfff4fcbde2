"""``slaclock explain``: why one ticket is due when it is."""

from __future__ import annotations

import argparse
from dataclasses import replace

from ..events import Event
from ..explanations import explain
from ..zones import from_micros, to_micros
from .deadline import Deadline, print_aligned
from .parser import UsageError

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print when a ticket is due and the open periods and closures behind it."""
    found = Deadline(args)
    created = Event("created", found.submitted, priority=found.priority, plan=found.plan.name)
    now = found.submitted
    if args.now is not None:  # read as the submission time is: without an offset, in --tz
        naive = "assume" if args.tz else found.plan.schedule.naive
        now = from_micros(to_micros(args.now, found.submitter_tz, naive), found.submitter_tz)
        if now < found.submitted:
            raise UsageError(
                f"--now {args.now!r} is before the submission at {found.submitted}: expected "
                f"a time at or after it"
            )
    explanation = explain(found.policy, [created], found.metric, now=now, lang=args.language)
    if found.version is not None:  # versions of a policy: name the one in force
        explanation = replace(explanation, version=found.version)
    print_aligned(found.rows(counting=False, now=now if args.now is not None else None))
    print()
    print(explanation)
    return 0
