"""Schedules: business-time arithmetic over weekly hours, a time zone and a holiday calendar.

>>> from datetime import date, datetime, timedelta
>>> import holidays
>>> desk = Schedule(
...     {"mon-fri": "09:00-18:00"},
...     tz="America/New_York",
...     calendar=holidays.US(subdiv="FL"),
...     overrides={date(2026, 12, 24): "09:00-13:00"},
... )
>>> print(desk.add(datetime(2026, 11, 20, 16, 0), timedelta(hours=4)))
2026-11-23 11:00:00-05:00
>>> print(desk.elapsed(datetime(2026, 11, 20, 16, 0), datetime(2026, 11, 23, 11, 0)))
4:00:00

Every method that takes an instant accepts an aware ``datetime`` in any zone, a naive one
(read in the schedule's zone) or ISO 8601 text; durations are ``timedelta`` or text (``"4h"``).
Results are aware datetimes in the schedule's zone.

This module gives the schedules' names; they live in modules of one concern each, in the
order they depend on one another: :mod:`~slaclock.schedule.day_offsets` (a zone's offsets by
day), :mod:`~slaclock.schedule.base` (the questions every schedule answers),
:mod:`~slaclock.schedule.weekly` (:class:`Schedule`) and :mod:`~slaclock.schedule.combined`
(:class:`UnionSchedule`, :class:`IntersectionSchedule`).
"""

from __future__ import annotations

from .._questions import Closure, ClosureReason
from .base import BaseSchedule
from .combined import IntersectionSchedule, UnionSchedule
from .day_offsets import DayOffsets as DayOffsets
from .weekly import Schedule

__all__ = [
    "BaseSchedule",
    "Closure",
    "ClosureReason",
    "IntersectionSchedule",
    "Schedule",
    "UnionSchedule",
]
