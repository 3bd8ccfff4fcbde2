"""Durations written as text: ``"4h"``, ``"90m"``, ``"1h30m"``, ``"45s"``, ``"2bd"``.

Seconds may carry a fraction down to the microsecond (``"1.5s"``, ``"0.000001s"``), the way
:func:`format_duration` writes them; hours and minutes are whole.

A duration of business *time* is a ``timedelta``; business *days* are a different thing
(a count of days the desk opens, not a length of time) and parse to :class:`BusinessDays`.

>>> parse_duration("1h30m")
datetime.timedelta(seconds=5400)
>>> parse_duration("2bd")
BusinessDays(2)
>>> format_duration(parse_duration("90m"))
'1h30m'

Days are not a unit of business time: ``"1d"`` is refused rather than guessed.

>>> parse_duration("1d")
Traceback (most recent call last):
...
slaclock.errors.InvalidDurationError: duration '1d' is ambiguous: write '24h' for 24 hours of business time or '1bd' for 1 business day
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import timedelta

from .errors import InvalidDurationError, message_part, shown

__all__ = [
    "MAX_BUSINESS_DAYS",
    "BusinessDays",
    "format_duration",
    "format_remaining",
    "parse_duration",
    "to_timedelta",
]

_FLAGS = re.IGNORECASE | re.ASCII  # ASCII: only 0-9 are digits
_DURATION = re.compile(
    r"(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)(?:\.(?P<f>\d+))?\s*s)?",
    _FLAGS,
)
_BUSINESS_DAYS = re.compile(r"(?P<n>\d+)\s*bd", _FLAGS)
_DAYS = re.compile(r"(?P<n>\d+)\s*d(?:ays?)?", _FLAGS)
_EXPECTED = "expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days such as '2bd'"


MAX_BUSINESS_DAYS = 10_000
"""The most business days a duration may count (about 40 years of weekdays): a business-days
deadline steps from one open date to the next, so its cost grows with the count."""


@dataclass(frozen=True, slots=True)
class BusinessDays:
    """A number of business days (``"2bd"``): a count of open days, not a length of time."""

    days: int

    def __post_init__(self) -> None:
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 0:
            raise InvalidDurationError(
                f"business days {shown(self.days)}: expected a whole number of days, 0 or more"
            )
        if self.days > MAX_BUSINESS_DAYS:
            raise InvalidDurationError(
                f"business days {shown(self.days)}: expected at most {MAX_BUSINESS_DAYS} "
                f"(a deadline counts them one by one)"
            )

    def __repr__(self) -> str:
        return f"BusinessDays({self.days})"

    def __str__(self) -> str:
        return f"{self.days}bd"


def parse_duration(text: str) -> timedelta | BusinessDays:
    """Parse a duration written as text; raise :class:`InvalidDurationError` on anything else.

    >>> parse_duration("4 hours-ish")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidDurationError: duration '4 hours-ish' is not understood: expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days such as '2bd'
    """
    if not isinstance(text, str):
        raise InvalidDurationError(f"duration {text!r}: {_EXPECTED}, got {type(text).__name__}")
    stripped = text.strip()
    if stripped.startswith("-"):
        raise InvalidDurationError(f"duration {text!r} is negative: expected 0 or more")
    match = _BUSINESS_DAYS.fullmatch(stripped)
    if match:
        count = match["n"].lstrip("0")
        if len(count) > len(str(MAX_BUSINESS_DAYS)) or int(count or 0) > MAX_BUSINESS_DAYS:
            raise InvalidDurationError(
                f"duration {shown(text)} is too long: expected at most {MAX_BUSINESS_DAYS} "
                f"business days"
            )
        return BusinessDays(int(count or 0))
    match = _DAYS.fullmatch(stripped)
    if match:
        days = _whole(match["n"], text)
        if days > MAX_BUSINESS_DAYS:  # too many digits to write back in a message
            raise InvalidDurationError(
                f"duration {shown(text)} is ambiguous: write hours of business time such as "
                f"'48h', or business days (at most {MAX_BUSINESS_DAYS}) such as '2bd'"
            )
        counted = (
            message_part(f"{days} business day")
            if days == 1
            else message_part(f"{days} business days")
        )
        raise InvalidDurationError(
            f"duration {text!r} is ambiguous: write '{days * 24}h' for {days * 24} hours of "
            f"business time or '{days}bd' for {counted}"
        )
    match = _DURATION.fullmatch(stripped)
    if not stripped or match is None or not any(match.group("h", "m", "s")):
        raise InvalidDurationError(f"duration {shown(text)} is not understood: {_EXPECTED}")
    fraction = match["f"] or ""
    if len(fraction) > 6:
        raise InvalidDurationError(
            f"duration {shown(text)} is finer than a microsecond: expected at most 6 digits "
            f"after the decimal point"
        )
    try:
        hours, minutes, seconds = (int(part or 0) for part in match.group("h", "m", "s"))
        micros = int(fraction.ljust(6, "0"))
        return timedelta(hours=hours, minutes=minutes, seconds=seconds, microseconds=micros)
    except (OverflowError, ValueError) as err:  # ValueError: more digits than int() reads
        raise InvalidDurationError(
            f"duration {shown(text)} is too long: expected at most {timedelta.max.days * 24} hours"
        ) from err


def to_timedelta(value: timedelta | str, what: str = "duration") -> timedelta:
    """A non-negative length of business time from a ``timedelta`` or text such as ``"4h"``."""
    if isinstance(value, str):
        parsed = parse_duration(value)
        if isinstance(parsed, BusinessDays):
            raise InvalidDurationError(
                f"{what} {value!r} is a number of business days, not a length of time: "
                f"expected hours, minutes or seconds such as '4h'"
            )
        return parsed
    if not isinstance(value, timedelta):
        raise InvalidDurationError(
            f"{what} {value!r}: expected a timedelta or text such as '4h', got {type(value).__name__}"
        )
    if value < timedelta(0):
        raise InvalidDurationError(
            f"{what} {format_duration(value)} is negative: expected 0 or more"
        )
    return value


def format_duration(value: timedelta) -> str:
    """Write a ``timedelta`` the way :func:`parse_duration` reads it (``'1h30m'``); seconds
    carry their fraction, to the microsecond, so the text reads back to the same value.

    >>> format_duration(timedelta(hours=27, seconds=1.5))
    '27h0m1.5s'
    >>> parse_duration(format_duration(timedelta(hours=27, seconds=1.5)))
    datetime.timedelta(days=1, seconds=10801, microseconds=500000)
    >>> format_duration(timedelta(0))
    '0s'
    >>> format_duration(5)
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidDurationError: duration 5: expected a timedelta, got int
    """
    if not isinstance(value, timedelta):
        raise InvalidDurationError(
            f"duration {shown(value)}: expected a timedelta, got {type(value).__name__}"
        )
    if value < timedelta(0):
        return "-" + format_duration(-value)
    total = value // timedelta(microseconds=1)
    seconds, micros = divmod(total, 1_000_000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    second_text = f"{seconds}.{micros:06d}".rstrip("0") + "s" if micros else f"{seconds}s"
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes or (hours and (seconds or micros)):
        parts.append(f"{minutes}m")
    if seconds or micros or not parts:
        parts.append(second_text)
    return "".join(parts)


def format_remaining(value: timedelta) -> str:
    """The time left before a target, for people: ``'1h30m left'``, or once it is past,
    ``'4h overdue'`` — never ``str(timedelta)``'s ``'-1 day, 20:00:00'``.

    >>> print(timedelta(hours=-4))
    -1 day, 20:00:00
    >>> format_remaining(timedelta(hours=-4))
    '4h overdue'
    >>> format_remaining(timedelta(minutes=90)), format_remaining(timedelta(0))
    ('1h30m left', '0s left')
    """
    if not isinstance(value, timedelta):
        raise InvalidDurationError(
            f"duration {shown(value)}: expected a timedelta, got {type(value).__name__}"
        )
    if value < timedelta(0):
        return f"{format_duration(-value)} overdue"
    return f"{format_duration(value)} left"


def _whole(digits: str, text: str) -> int:
    """The number *digits* writes, or :class:`InvalidDurationError` when it has more digits
    than ``int()`` reads."""
    try:
        return int(digits)
    except ValueError as err:
        raise InvalidDurationError(
            f"duration {shown(text)} is too long: expected at most "
            f"{sys.get_int_max_str_digits()} digits"
        ) from err
