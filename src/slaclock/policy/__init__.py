"""SLA policies: priorities, plans and metrics, with targets and escalation thresholds.

A policy turns a ticket's priority and submission time into deadlines.

>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> policy = Policy(desk, targets={"high": "4h", "medium": "12h", "low": "24h"})
>>> print(policy.deadline("high", "2026-11-20 16:00"))
2026-11-23 11:00:00-05:00
>>> print(policy.deadline("Low", "2026-11-20 16:00"))
2026-11-25 13:00:00-05:00

Priority names are case-insensitive. Priorities are ranked in the order the targets name
them, highest first.

This module gives the names; they live in modules of one concern each, in the order they
depend on one another: :mod:`~slaclock.policy.targets` (targets, thresholds and the metrics),
:mod:`~slaclock.policy.deadlines` (the instants a target and its thresholds reach on a
schedule) and :mod:`~slaclock.policy.policies` (:class:`Policy`, :class:`Plan`, the default
policy).
"""

from __future__ import annotations

from .deadlines import MAX_SPAN as MAX_SPAN
from .deadlines import business_days_end, mark
from .deadlines import due as due
from .deadlines import share_of as share_of
from .deadlines import share_of_target as share_of_target
from .policies import DEFAULT_ALIASES as DEFAULT_ALIASES
from .policies import Plan, Policy, default_policy
from .targets import METRICS, Target, Threshold, metric_name
from .targets import Clock as Clock
from .targets import TargetSpec as TargetSpec
from .targets import TargetsSpec as TargetsSpec
from .targets import percent_text as percent_text

__all__ = [
    "METRICS",
    "Plan",
    "Policy",
    "Target",
    "Threshold",
    "business_days_end",
    "default_policy",
    "mark",
    "metric_name",
]
