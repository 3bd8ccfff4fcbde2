"""Policy files: TOML read with the standard library, validated with key paths, all at once.

>>> policy = loads_policy('''
... [plans.standard]
... zone = "America/New_York"
... hours = { mon-fri = "09:00-18:00" }
... holidays = { country = "US", subdiv = "FL" }
...
... [targets.response]
... high = "4h"
... medium = "12h"
... low = "24h"
... ''')
>>> print(policy.deadline("high", "2026-11-20 16:00"))
2026-11-23 11:00:00-05:00

Every problem is reported with its key path, all of them at once:

>>> loads_policy('''
... [plans.standard]
... zone = "America/Miami"
... hours = { mon = ["09:00-13:00", "25:00-26:00"] }
... [targets.response]
... high = "4 hours-ish"
... ''')
Traceback (most recent call last):
...
slaclock.errors.PolicyFileError: 3 problems in the policy:
  plans.standard.zone: unknown time zone 'America/Miami': expected an IANA zone name such as 'America/New_York'
  plans.standard.hours.mon[1]: opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00
  targets.response.high: duration '4 hours-ish' is not understood: expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days such as '2bd'

This module gives the names; they live in modules of one concern each, in the order they
depend on one another: :mod:`~slaclock.config.documents` (the text read as TOML, and the
problems collected with their key paths), :mod:`~slaclock.config.report_settings` (the
``[report]`` table), :mod:`~slaclock.config.targets` (targets tables),
:mod:`~slaclock.config.plans` (a plan: zone, hours, overrides, calendar) and
:mod:`~slaclock.config.policy_files` (the whole policy).
"""

from __future__ import annotations

from .documents import read_policy_text, read_toml
from .policy_files import load_policy, loads_policy, policy_from_dict
from .report_settings import (
    COLUMN_FIELDS,
    ReportSettings,
    load_report_settings,
    loads_report_settings,
)

__all__ = [
    "COLUMN_FIELDS",
    "ReportSettings",
    "load_policy",
    "load_report_settings",
    "loads_policy",
    "loads_report_settings",
    "policy_from_dict",
    "read_policy_text",
    "read_toml",
]
