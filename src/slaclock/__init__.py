"""slaclock: when is this support ticket's response due, in business time?

>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> print(desk.add("2026-11-20 16:00", "4h"))
2026-11-23 11:00:00-05:00
"""

from importlib.metadata import PackageNotFoundError, version

from .calendars import (
    Calendar,
    ClosedDates,
    CountryHolidays,
    Recurring,
    closure_name,
    country_calendar,
    union,
)
from .config import load_policy, loads_policy
from .durations import BusinessDays, format_duration, format_remaining, parse_duration
from .errors import (
    InvalidCalendarError,
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidEventError,
    InvalidHoursError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidRowError,
    InvalidScheduleError,
    InvalidTicketError,
    NaiveDatetimeError,
    NonexistentTimeError,
    NoOpenTimeError,
    OutOfRangeError,
    PolicyFileError,
    SlaclockError,
    UnknownLanguageError,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    UnknownZoneError,
)
from .events import Event
from .explanations import explain
from .hours import Interval, WeeklyHours
from .ics import IcsCalendar, ics_calendar
from .periods import Period
from .policy import METRICS, Plan, Policy, Target, Threshold, default_policy
from .report import (
    GroupSummary,
    MetricSummary,
    Rejection,
    Report,
    Summary,
    TicketResult,
    run_report,
)
from .risk import AtRisk, at_risk
from .schedule import Closure, IntersectionSchedule, Schedule, UnionSchedule
from .schedule_versions import VersionedSchedule
from .tracking import MetricStatus, Options, Ticket, TicketStatus, Tracker, evaluate
from .zones import datetime_ambiguous, datetime_exists

try:
    __version__ = version("slaclock")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "METRICS",
    "AtRisk",
    "BusinessDays",
    "Calendar",
    "ClosedDates",
    "Closure",
    "CountryHolidays",
    "Event",
    "GroupSummary",
    "IcsCalendar",
    "IntersectionSchedule",
    "Interval",
    "InvalidCalendarError",
    "InvalidDatetimeError",
    "InvalidDurationError",
    "InvalidEventError",
    "InvalidHoursError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidRowError",
    "InvalidScheduleError",
    "InvalidTicketError",
    "MetricStatus",
    "MetricSummary",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "NonexistentTimeError",
    "Options",
    "OutOfRangeError",
    "Period",
    "Plan",
    "Policy",
    "PolicyFileError",
    "Recurring",
    "Rejection",
    "Report",
    "Schedule",
    "SlaclockError",
    "Summary",
    "Target",
    "Threshold",
    "Ticket",
    "TicketResult",
    "TicketStatus",
    "Tracker",
    "UnionSchedule",
    "UnknownLanguageError",
    "UnknownMetricError",
    "UnknownPlanError",
    "UnknownPriorityError",
    "UnknownZoneError",
    "VersionedSchedule",
    "WeeklyHours",
    "__version__",
    "at_risk",
    "closure_name",
    "country_calendar",
    "datetime_ambiguous",
    "datetime_exists",
    "default_policy",
    "evaluate",
    "explain",
    "format_duration",
    "format_remaining",
    "ics_calendar",
    "load_policy",
    "loads_policy",
    "parse_duration",
    "run_report",
    "union",
]
