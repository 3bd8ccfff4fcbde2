"""Holiday calendars: the closed-dates protocol and ways to build and combine calendars.

A *calendar* is anything that answers ``day in calendar`` for a ``datetime.date``: a
``holidays`` object, a ``set`` of dates, or your own class. That is the whole protocol.

>>> from datetime import date
>>> class ClosedOnFirstOfMonth:
...     def __contains__(self, day: object) -> bool:
...         return isinstance(day, date) and day.day == 1
>>> date(2026, 12, 1) in ClosedOnFirstOfMonth()
True

A calendar may also name its dates with a ``get(day)`` method, as ``holidays`` objects do;
slaclock uses the names in explanations (:func:`closure_name`).

>>> ar = country_calendar("AR")
>>> closure_name(ar, date(2026, 5, 25))
'May Revolution Day'

This module gives the names; they live in modules of one concern each, in the order they
depend on one another: :mod:`~slaclock.calendars.protocol` (the protocol, and the hours a
calendar closes), :mod:`~slaclock.calendars.countries` (a country's holidays),
:mod:`~slaclock.calendars.closed_dates` (a set of closed dates),
:mod:`~slaclock.calendars.recurring` (recurrences), :mod:`~slaclock.calendars.union` (any
value as a calendar, unions, the names of closed dates) and
:mod:`~slaclock.calendars.listing` (a calendar's closed dates listed over years).
"""

from __future__ import annotations

from .closed_dates import ClosedDates
from .countries import CountryHolidays, country_calendar
from .listing import closed_between, closed_weekdays
from .protocol import Calendar, TimedClosure, has_timed_closures, timed_closure_at, timed_closures
from .recurring import Recurring, rule_part_problem
from .union import UnionCalendar, closure_name, union
from .union import as_calendar as as_calendar
from .union import describe as describe

__all__ = [
    "Calendar",
    "ClosedDates",
    "CountryHolidays",
    "Recurring",
    "TimedClosure",
    "UnionCalendar",
    "closed_between",
    "closed_weekdays",
    "closure_name",
    "country_calendar",
    "has_timed_closures",
    "rule_part_problem",
    "timed_closure_at",
    "timed_closures",
    "union",
]
