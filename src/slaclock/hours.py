"""Weekly opening hours: intervals of wall-clock time per weekday, and per-date overrides.

An *interval* is a wall-clock span ``"HH:MM-HH:MM"`` (seconds allowed, ``"HH:MM:SS"``).
``"24:00"`` is the end of the day. An interval whose end is before its start is an
overnight shift that belongs to the day it starts on; one whose end equals its start is a
24-hour shift from that time.

>>> Interval.parse("22:00-06:00")
Interval('22:00-06:00')
>>> Interval.parse("22:00-06:00").overnight
True
>>> hours = WeeklyHours.parse({"mon-fri": "09:00-18:00", "sat": ["09:00-12:00", "13:00-15:00"]})
>>> hours
WeeklyHours({'mon-fri': '09:00-18:00', 'sat': ['09:00-12:00', '13:00-15:00']})
>>> hours.for_weekday(6)
()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import TypeAlias

from .errors import InvalidHoursError, message_part, shown
from .suggestions import did_you_mean

__all__ = [
    "DAY_NAMES",
    "HoursSpec",
    "Interval",
    "IntervalsSpec",
    "OverridesSpec",
    "WeeklyHours",
    "parse_overrides",
    "read_date",
    "with_breaks",
    "without_breaks",
]

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = 86_400
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", re.ASCII)
_EXPECTED_TIME = "expected HH:MM between 00:00 and 24:00"

IntervalsSpec: TypeAlias = "str | Interval | Sequence[str | Interval] | None"
"""One day's hours: an interval, a list of them, or ``[]`` / ``None`` for closed."""
OverridesSpec: TypeAlias = "Mapping[date, IntervalsSpec] | Mapping[str, IntervalsSpec] | Mapping[date | str, IntervalsSpec]"
"""Per-date hours: dates (or ``"YYYY-MM-DD"``) mapped to intervals, ``[]`` for closed."""
HoursSpec: TypeAlias = "Mapping[str, IntervalsSpec] | WeeklyHours"
"""Weekly hours: day keys (``"mon"``, ``"mon-fri"``, ``"sat,sun"``) mapped to intervals."""


def _parse_time(text: str, opening: bool, where: str) -> int:
    """Seconds after midnight of an opening (*opening*) or closing time ``HH:MM[:SS]``."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise _bad_time(text.strip(), opening, where)
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise _bad_time(text.strip(), opening, where)
    return hours * 3600 + minutes * 60 + seconds


def _bad_time(text: str, opening: bool, where: str) -> InvalidHoursError:
    if opening:
        return InvalidHoursError(f"opening time {text!r} for {where}: {_EXPECTED_TIME}")
    return InvalidHoursError(f"closing time {text!r} for {where}: {_EXPECTED_TIME}")


def _format_time(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if secs else f"{hours:02d}:{minutes:02d}"


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """A wall-clock span of one day, as seconds after that day's midnight.

    ``start`` lies in ``[0, 86400)``; ``end`` lies after it and at most 24 hours later, so
    an overnight shift has ``end > 86400``; ``Interval(0, 86400)`` is the whole day and
    ``Interval(61200, 147600)`` a 24-hour shift from 17:00. Build one with :meth:`parse`.

    >>> Interval(3600, 90001)
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidHoursError: interval from 3600 s to 90001 s after midnight: expected 0 <= start < 86400 and start < end <= start + 86400 (at most 24 hours)
    """

    start: int
    end: int

    def __post_init__(self) -> None:
        for name, value in (("start", self.start), ("end", self.end)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidHoursError(
                    f"interval {name} {shown(value)}: expected whole seconds after midnight "
                    f"(int), got {type(value).__name__}; Interval.parse reads '09:00-18:00'"
                )
        if not (0 <= self.start < _DAY and self.start < self.end <= self.start + _DAY):
            raise InvalidHoursError(
                f"interval from {self.start} s to {self.end} s after midnight: expected "
                f"0 <= start < 86400 and start < end <= start + 86400 (at most 24 hours)"
            )

    @classmethod
    def parse(cls, text: str, where: str = "interval") -> Interval:
        """Read ``"HH:MM-HH:MM"``; *where* names the day in error messages. A closing time equal
        to the opening time is a 24-hour shift from it (``"00:00-00:00"`` is the whole day).

        >>> Interval.parse("17:00-17:00")
        Interval('17:00-17:00')
        >>> Interval.parse("17:00-17:00").seconds
        86400
        """
        if not isinstance(text, str):
            raise InvalidHoursError(
                f"interval {text!r} for {where}: expected text such as '09:00-18:00', "
                f"got {type(text).__name__}"
            )
        parts = text.split("-")
        if len(parts) != 2:
            raise InvalidHoursError(
                f"interval {text!r} for {where}: expected 'HH:MM-HH:MM' such as '09:00-18:00'"
            )
        start = _parse_time(parts[0], True, where)
        end = _parse_time(parts[1], False, where)
        if start == _DAY:
            raise InvalidHoursError(
                f"opening time '24:00' for {where}: expected HH:MM between 00:00 and 23:59"
            )
        if end <= start:
            end += _DAY
        return cls(start, end)

    @property
    def overnight(self) -> bool:
        """Whether the interval runs past midnight into the next day."""
        return self.end > _DAY

    @property
    def seconds(self) -> int:
        """The wall-clock length of the interval in seconds."""
        return self.end - self.start

    def __str__(self) -> str:
        end = self.end - _DAY if self.end > _DAY else self.end
        return f"{_format_time(self.start)}-{_format_time(end)}"

    def __repr__(self) -> str:
        return f"Interval({str(self)!r})"


def parse_intervals(spec: IntervalsSpec, where: str) -> tuple[Interval, ...]:
    """One day's intervals, sorted, checked not to overlap."""
    if spec is None:
        return ()
    items: Sequence[str | Interval] = [spec] if isinstance(spec, str | Interval) else spec
    if not isinstance(items, Sequence):
        raise InvalidHoursError(
            f"hours for {where}: expected an interval such as '09:00-18:00', a list of them "
            f"or [] for closed, got {type(spec).__name__}"
        )
    intervals = sorted(
        item if isinstance(item, Interval) else Interval.parse(item, where) for item in items
    )
    for before, after in pairwise(intervals):
        if after.start < before.end:
            raise InvalidHoursError(
                f"intervals '{before}' and '{after}' for {where} overlap: expected separate "
                f"intervals, or one interval covering both"
            )
    return tuple(intervals)


def _day_index(name: str, key: str) -> int:
    lowered = name.strip().lower()
    for names in (DAY_NAMES, _FULL_NAMES):
        if lowered in names:
            return names.index(lowered)
    expected = message_part(
        "mon, tue, wed, thu, fri, sat, sun, a range such as 'mon-fri' or a list such as 'sat,sun'"
    )
    guess = did_you_mean(lowered, DAY_NAMES) or did_you_mean(lowered, _FULL_NAMES)
    raise InvalidHoursError(
        f"unknown day {name.strip()!r} in key {key!r}: {guess} (expected {expected})"
        if guess
        else f"unknown day {name.strip()!r} in key {key!r}: expected {expected}"
    )


def parse_day_key(key: str) -> tuple[int, ...]:
    """The weekdays (0 = Monday) a key names: ``"mon"``, ``"mon-fri"``, ``"fri-mon"``, ``"sat,sun"``.

    >>> parse_day_key("fri-mon")
    (4, 5, 6, 0)
    """
    if not isinstance(key, str):
        raise InvalidHoursError(f"day key {key!r}: expected text such as 'mon' or 'mon-fri'")
    days: list[int] = []
    for part in key.split(","):
        if "-" in part:
            first, _, last = part.partition("-")
            start, stop = _day_index(first, key), _day_index(last, key)
            days.extend((start + step) % 7 for step in range((stop - start) % 7 + 1))
        else:
            days.append(_day_index(part, key))
    return tuple(days)


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """Opening intervals for each weekday, Monday first. Build one with :meth:`parse`."""

    days: tuple[tuple[Interval, ...], ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise InvalidHoursError(f"weekly hours with {len(self.days)} days: expected 7")
        for index, today in enumerate(self.days):
            tomorrow = self.days[(index + 1) % 7]
            if today and tomorrow and today[-1].end - _DAY > tomorrow[0].start:
                raise InvalidHoursError(
                    f"overnight interval '{today[-1]}' for {DAY_NAMES[index]!r} overlaps "
                    f"'{tomorrow[0]}' for {DAY_NAMES[(index + 1) % 7]!r}: expected the shift to "
                    f"end by the next day's first opening"
                )

    @classmethod
    def parse(cls, spec: HoursSpec) -> WeeklyHours:
        """Read a mapping of day keys to intervals; days not named are closed.

        >>> WeeklyHours.parse({"mon-fri": "9-17"})
        Traceback (most recent call last):
        ...
        slaclock.errors.InvalidHoursError: opening time '9' for 'mon-fri': expected HH:MM between 00:00 and 24:00
        """
        if isinstance(spec, WeeklyHours):
            return spec
        if not isinstance(spec, Mapping):
            raise InvalidHoursError(
                f"hours {spec!r}: expected a mapping of days to intervals such as "
                f"{{'mon-fri': '09:00-18:00'}}, got {type(spec).__name__}"
            )
        days: list[tuple[Interval, ...] | None] = [None] * 7
        named_in: dict[int, str] = {}
        for key, value in spec.items():
            intervals = parse_intervals(_value(value, key), repr(key))
            for day in parse_day_key(key):
                if day in named_in:
                    raise InvalidHoursError(
                        f"day {DAY_NAMES[day]!r} is given twice, in {named_in[day]!r} and "
                        f"{key!r}: expected each day once"
                    )
                named_in[day] = key
                days[day] = intervals
        return cls(tuple(day or () for day in days))

    def for_weekday(self, weekday: int) -> tuple[Interval, ...]:
        """The intervals of a weekday (0 = Monday, as ``date.weekday()``)."""
        return self.days[weekday]

    @property
    def is_closed(self) -> bool:
        """Whether no weekday has any interval."""
        return not any(self.days)

    def to_spec(self) -> dict[str, str | list[str]]:
        """The shortest mapping that :meth:`parse` reads back into these hours."""
        spec: dict[str, str | list[str]] = {}
        index = 0
        while index < 7:
            stop = index
            while stop + 1 < 7 and self.days[stop + 1] == self.days[index]:
                stop += 1
            if self.days[index]:
                key = DAY_NAMES[index] if stop == index else f"{DAY_NAMES[index]}-{DAY_NAMES[stop]}"
                spec[key] = format_intervals(self.days[index])
            index = stop + 1
        return spec

    def __repr__(self) -> str:
        return f"WeeklyHours({self.to_spec()!r})"


def format_intervals(intervals: Sequence[Interval]) -> str | list[str]:
    """One interval as text, several as a list of text, none as ``[]``."""
    texts = [str(interval) for interval in intervals]
    return texts[0] if len(texts) == 1 else texts


def _value(value: object, key: object) -> IntervalsSpec:
    if value is None or isinstance(value, str | Interval):
        return value
    if isinstance(value, Iterable) and not isinstance(value, Mapping | bytes):
        return list(value)
    raise InvalidHoursError(
        f"hours for {key!r}: expected an interval such as '09:00-18:00', a list of them or [] "
        f"for closed, got {type(value).__name__}"
    )


def parse_overrides(
    overrides: OverridesSpec | None,
) -> dict[date, tuple[Interval, ...]]:
    """Per-date hours keyed by ``date`` (or ``"YYYY-MM-DD"``); ``[]`` closes the date.

    >>> parse_overrides({"2026-12-24": "09:00-13:00"})
    {datetime.date(2026, 12, 24): (Interval('09:00-13:00'),)}
    """
    if overrides is None:
        return {}
    if not isinstance(overrides, Mapping):
        raise InvalidHoursError(
            f"overrides {overrides!r}: expected a mapping of dates to intervals, "
            f"got {type(overrides).__name__}"
        )
    result: dict[date, tuple[Interval, ...]] = {}
    for key, value in overrides.items():
        day = _override_date(key)
        if day in result:
            raise InvalidHoursError(
                f"override date {day.isoformat()} is given twice: expected once"
            )
        result[day] = parse_intervals(_value(value, key), message_part(f"override {day}"))
    return dict(sorted(result.items()))


def read_date(value: object) -> date | None:
    """The date *value* names: a ``date`` (not a ``datetime``) or ISO text ``YYYY-MM-DD``
    (spaces around it allowed); ``None`` for anything else, which the caller reports with
    what it expected there.

    >>> read_date(" 2026-12-24"), read_date(date(2026, 12, 24))
    (datetime.date(2026, 12, 24), datetime.date(2026, 12, 24))
    >>> read_date("2026-12-32"), read_date(datetime(2026, 12, 24, 9))
    (None, None)
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    return None


def _override_date(key: object) -> date:
    day = read_date(key)
    if day is not None:
        return day
    raise InvalidHoursError(
        f"override key {key!r}: expected a date or text 'YYYY-MM-DD' such as '2026-12-24'"
    )


def without_breaks(hours: WeeklyHours, breaks: WeeklyHours) -> WeeklyHours:
    """The weekly hours with each day's breaks taken out. A break must lie inside one of the
    intervals of the day it is written for; inside an overnight shift it must end before
    24:00 (for a break in the small hours, write the shift as two intervals instead).

    >>> hours = WeeklyHours.parse({"mon-fri": "09:00-18:00"})
    >>> without_breaks(hours, WeeklyHours.parse({"mon-fri": "13:00-14:00"}))
    WeeklyHours({'mon-fri': ['09:00-13:00', '14:00-18:00']})
    >>> without_breaks(hours, WeeklyHours.parse({"sat": "13:00-14:00"}))
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidHoursError: break '13:00-14:00' for 'sat': expected a break inside one of that day's intervals, and 'sat' has none
    """
    days = []
    for index, (intervals, pauses) in enumerate(zip(hours.days, breaks.days, strict=True)):
        pieces = [(interval.start, interval.end) for interval in intervals]
        for pause in pauses:
            holder = next(
                (
                    k
                    for k, (start, end) in enumerate(pieces)
                    if start <= pause.start < pause.end <= end
                ),
                None,
            )
            if holder is None:
                shown_hours = ", ".join(f"'{interval}'" for interval in intervals)
                has = (
                    f"its intervals are {shown_hours}"
                    if intervals
                    else f"{DAY_NAMES[index]!r} has none"
                )
                raise InvalidHoursError(
                    f"break '{pause}' for {DAY_NAMES[index]!r}: expected a break inside one of "
                    f"that day's intervals, and {has}"
                )
            start, end = pieces.pop(holder)
            if _DAY <= pause.end < end:
                raise InvalidHoursError(
                    f"break '{pause}' for {DAY_NAMES[index]!r} runs to midnight or past it "
                    f"inside the overnight shift '{Interval(start, end)}': expected a break that "
                    f"ends before 24:00; write the shift as two intervals instead"
                )
            parts = [(start, pause.start), (pause.end, end)]
            pieces[holder:holder] = [(low, high) for low, high in parts if low < high]
        days.append(tuple(Interval(start, end) for start, end in pieces))
    return WeeklyHours(tuple(days))


def with_breaks(net: WeeklyHours, breaks: WeeklyHours) -> WeeklyHours:
    """The weekly hours :func:`without_breaks` took *breaks* out of (what a ``repr`` shows)."""
    days = []
    for intervals, pauses in zip(net.days, breaks.days, strict=True):
        merged: list[list[int]] = []
        for start, end in sorted((i.start, i.end) for i in (*intervals, *pauses)):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        days.append(tuple(Interval(start, end) for start, end in merged))
    return WeeklyHours(tuple(days))
