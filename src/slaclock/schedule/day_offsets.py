"""A zone's UTC offsets by day (:class:`DayOffsets`), cached as they are asked for: how the
schedules resolve wall times to instants, and what the columnar paths and the report's instant
texts read a zone's offsets from.

>>> from datetime import date
>>> from zoneinfo import ZoneInfo
>>> offsets = DayOffsets(ZoneInfo("America/New_York"))
>>> offsets.local_uniform(date(2026, 11, 23).toordinal()) // 3_600_000_000   # EST all day
-5
>>> print(offsets.local_uniform(date(2026, 11, 1).toordinal()))   # clocks go back at 02:00
None
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from .._timeline import MAX_YEAR, MIN_YEAR
from ..zones import EPOCH, ONE_MICROSECOND, NaivePolicy, parse_datetime, to_micros

__all__ = ["DayOffsets"]

_MICROS = ONE_MICROSECOND
_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_DAY = 86_400 * _MICROS_PER_SECOND
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NAIVE_EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SIX_HOURS = 6 * 3600 * _MICROS_PER_SECOND


class DayOffsets:
    """Resolves naive wall times (microseconds since 1970-01-01 00:00 wall clock) in a zone,
    caching each local date's offset and whether the offset holds for the whole date; and,
    the other way, each UTC day's offset (:meth:`utc_uniform`)."""

    __slots__ = ("_days", "_midnights", "_tz", "_utc_days", "local_tables", "tables")

    def __init__(self, tz: tzinfo) -> None:
        self._tz = tz
        self._days: dict[int, int | None] = {}
        self._midnights: dict[int, int] = {}
        self._utc_days: dict[int, int | None] = {}
        self.tables: Any = None  # what the columnar path keeps for the zone (numpy arrays)
        self.local_tables: Any = None  # and for its local dates

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def instant(self, value: datetime | str, naive: NaivePolicy = "assume") -> int:
        """*value* (an aware or a naive ``datetime``, or ISO 8601 text) in microseconds since
        the epoch, a naive one read in the zone (or refused, *naive* ``"reject"``), as a
        schedule reads it (:meth:`~slaclock.schedule.BaseSchedule.instant`, which then
        refuses the years outside those supported; this does not).

        >>> from zoneinfo import ZoneInfo
        >>> offsets = DayOffsets(ZoneInfo("America/New_York"))
        >>> offsets.instant("1970-01-01 00:00") // 3_600_000_000   # midnight EST: 05:00 UTC
        5

        Cost: a naive wall time on a date without a change of offset (the common case in
        reports) takes the date's cached offset; every other goes through
        :func:`~slaclock.zones.to_micros`."""
        if type(value) is datetime and value.tzinfo is not None:
            try:
                return (value - EPOCH) // _MICROS  # the common case: an aware datetime
            except TypeError:
                pass  # a tzinfo whose utcoffset() is None: naive after all
        if type(value) is str:
            value = parse_datetime(value)
        if (
            type(value) is datetime
            and value.tzinfo is None
            and naive == "assume"
            and MIN_YEAR <= value.year <= MAX_YEAR
        ):
            wall: int = (value - _NAIVE_EPOCH) // _MICROS
            offset = self.local_uniform(wall // _MICROS_PER_DAY + _EPOCH_ORDINAL)
            if offset is not None:
                return wall - offset
        return to_micros(value, self._tz, naive)

    def utc_uniform(self, day: int) -> int | None:
        """The zone's UTC offset (µs) through UTC day *day* (days since 1970-01-01), or None
        when it is not the same at 00:00, 06:00, 12:00, 18:00 and the day's last
        microsecond (a change of offset that day: the caller asks instant by instant).

        Two changes of offset of a zone of the IANA database lie at least six days apart
        (checked over every zone's transitions), so five equal readings mean one offset for
        the whole day."""
        if day in self._utc_days:
            return self._utc_days[day]
        start = day * _MICROS_PER_DAY
        readings = {
            self._utc_offset(start + step)
            for step in (0, _SIX_HOURS, 2 * _SIX_HOURS, 3 * _SIX_HOURS, _MICROS_PER_DAY - 1)
        }
        found = readings.pop() if len(readings) == 1 else None
        self._utc_days[day] = found
        return found

    def _utc_offset(self, micros: int) -> int:
        offset = (_UTC_EPOCH + _MICROS * micros).astimezone(self._tz).utcoffset()
        assert offset is not None
        return offset // _MICROS

    def _offset(self, ordinal: int, hour: int = 0) -> int:
        wall = datetime.combine(date.fromordinal(ordinal), time(hour), tzinfo=self._tz)
        offset = wall.utcoffset()
        assert offset is not None
        return offset // _MICROS

    def local_uniform(self, ordinal: int) -> int | None:
        """The date's offset if midnight, noon and the next midnight share it, else None."""
        if ordinal not in self._days:
            first = self._midnight(ordinal)
            same = first == self._offset(ordinal, 12) == self._midnight(ordinal + 1)
            self._days[ordinal] = first if same else None
        return self._days[ordinal]

    def _midnight(self, ordinal: int) -> int:
        found = self._midnights.get(ordinal)
        if found is None:
            found = self._midnights[ordinal] = self._offset(ordinal)
        return found

    def resolve(self, wall: int) -> int:
        ordinal = wall // _MICROS_PER_DAY + _EPOCH_ORDINAL
        offset = self.local_uniform(ordinal)
        if offset is not None:
            return wall - offset
        moment = _NAIVE_EPOCH + _MICROS * wall
        return (moment.replace(tzinfo=self._tz) - EPOCH) // _MICROS
