"""``slaclock explain``: why one ticket is due when it is."""

from __future__ import annotations

import argparse

from ..events import Event
from ..tracking import explain
from .deadline import Deadline, print_aligned

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Print when a ticket is due and the open periods and closures behind it."""
    found = Deadline(args)
    created = Event("created", found.submitted, priority=found.priority, plan=found.plan.name)
    explanation = explain(found.policy, [created], found.metric, now=found.submitted)
    print_aligned(found.rows(counting=False))
    print()
    print(explanation)
    return 0
