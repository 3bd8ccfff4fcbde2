"""The instants a target and its thresholds reach from a start on a schedule: business time,
calendar time, business days (the close of business of the N-th); the one rounding of
thresholds (:func:`mark`)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from typing import TypeVar

from .._timeline import MAX_YEAR, MIN_YEAR, year_start
from ..durations import BusinessDays, format_duration
from ..errors import OutOfRangeError
from ..schedule import BaseSchedule
from .targets import Target

__all__ = ["MAX_SPAN", "business_days_end", "due", "mark", "share_of", "share_of_target"]

_Amount = TypeVar("_Amount")


def due(schedule: BaseSchedule, start: datetime | str, target: Target) -> datetime:
    """When *target* is reached from *start* on *schedule*.

    * business time: :meth:`Schedule.add`;
    * calendar time: *start* plus the duration, in the schedule's zone;
    * business days: the close of business (the end of the day's last open time, at most
      local midnight) of the N-th business day after the day counting starts.
    """
    amount = target.amount
    if isinstance(amount, BusinessDays):
        return business_days_end(schedule, start, amount.days)
    if target.clock == "calendar":
        return _real_time_after(schedule, start, amount)
    return schedule.add(start, amount)


def _real_time_after(schedule: BaseSchedule, start: datetime | str, amount: timedelta) -> datetime:
    """*amount* of real time after *start* (added in UTC: across a DST change, wall-clock
    addition in the zone would be off by the change)."""
    begin = schedule.add(start, timedelta(0)).astimezone(UTC)
    return (begin + amount).astimezone(schedule.tz)


def share_of_target(
    schedule: BaseSchedule, start: datetime | str, target: Target, percent: Fraction
) -> datetime:
    """The first instant at which *percent* % of *target* has been used from *start*."""
    amount = target.amount
    if isinstance(amount, BusinessDays):
        span = schedule.elapsed(start, business_days_end(schedule, start, amount.days))
        return schedule.add(start, share_of(span, percent))
    share = share_of(amount, percent)
    if target.clock == "calendar":
        return _real_time_after(schedule, start, share)
    return schedule.add(start, share)


def mark(amount: _Amount, percent: Fraction) -> _Amount:
    """The clock time (µs) at which a threshold of *percent* % of *amount* (µs) fires: the
    first microsecond at which at least that share is used (rounded up). The one rounding of
    thresholds: *amount* may be an int or a numpy array of them (the columnar paths).

    >>> mark(3_600_000_000, Fraction(75)), mark(10, Fraction(1, 3))
    (2700000000, 1)
    """
    numerator, denominator = percent.numerator, 100 * percent.denominator
    return -((-amount * numerator) // denominator)  # type: ignore[operator, no-any-return]


MAX_SPAN = year_start(MAX_YEAR + 1) - year_start(MIN_YEAR)
"""The longest span (µs) inside the supported years: a share longer than it is out of range."""


def share_of(amount: timedelta, percent: Fraction) -> timedelta:
    """*percent* % of *amount*, rounded up to the microsecond (:func:`mark`); a share longer
    than the supported years could hold is :class:`OutOfRangeError`.

    >>> share_of(timedelta(hours=4), Fraction(10**20))
    Traceback (most recent call last):
    ...
    slaclock.errors.OutOfRangeError: threshold 1e+20 % of 4h is longer than the years slaclock supports (2 to 9998) hold
    """
    micros = mark(amount // timedelta(microseconds=1), percent)
    if micros > MAX_SPAN:
        raise OutOfRangeError(
            f"threshold {_percent_shown(percent)} % of {format_duration(amount)} is "
            f"longer than the years slaclock supports ({MIN_YEAR} to {MAX_YEAR}) hold"
        )
    return timedelta(microseconds=micros)


def _percent_shown(share: Fraction) -> str:
    """A percentage for a message, short however large: '150', '87.5', '1e+20'."""
    if share.denominator == 1 and share.numerator < 10**15:
        return str(share.numerator)
    try:
        return f"{float(share):.6g}"
    except OverflowError:
        return "above 1e+308"


def business_days_end(schedule: BaseSchedule, start: datetime | str, days: int) -> datetime:
    """The close of business of the *days*-th business day after the one counting starts on
    (the day of the first open instant at or after *start*): the due instant of a
    business-days target.

    >>> import slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> print(business_days_end(desk, "2026-11-20 16:00", 3))
    2026-11-25 18:00:00-05:00
    """
    tz = schedule.tz
    opening = schedule.next_open(start)
    day = opening.date()
    for _ in range(days):
        following = datetime.combine(day + timedelta(days=1), time.min)
        day = schedule.next_open(following.replace(tzinfo=tz)).date()
    midnight = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=tz)
    begin = datetime.combine(day, time.min).replace(tzinfo=tz)
    last_end = None
    for _, closing in schedule.periods(begin, midnight):
        last_end = closing
    assert last_end is not None  # the day was found open by next_open
    return last_end
