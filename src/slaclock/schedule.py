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
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import partial
from itertools import accumulate, compress, repeat
from operator import add, mul, ne
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._questions import (
    Closure,
    ClosureReason,
    closing_after,
    closing_at_or_before,
    closure_at,
    count_business_days,
    cut_out,
    local_ordinal,
    open_periods_before,
    opening_at_or_before,
    overlap,
    shift_business_days,
    wall_micros,
)
from ._timeline import MAX_YEAR, MIN_YEAR, Bound, Shapes, Timeline, Totals, year_start
from .calendars import (
    TimedClosure,
    as_calendar,
    closed_between,
    closed_weekdays,
    closure_name,
    describe,
    has_timed_closures,
    timed_closure_at,
    timed_closures,
)
from .durations import to_timedelta
from .errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidScheduleError,
    NoOpenTimeError,
    OutOfRangeError,
    SlaclockError,
    shown,
)
from .hours import (
    HoursSpec,
    Interval,
    OverridesSpec,
    WeeklyHours,
    format_intervals,
    parse_overrides,
    without_breaks,
)
from .periods import Period
from .zones import (
    EPOCH,
    ONE_MICROSECOND,
    NaivePolicy,
    from_micros,
    parse_datetime,
    to_micros,
    zone,
    zone_name,
)

if TYPE_CHECKING:
    from .schedule_versions import VersionedSchedule

__all__ = [
    "BaseSchedule",
    "Closure",
    "ClosureReason",
    "IntersectionSchedule",
    "Schedule",
    "UnionSchedule",
]

_ONE_DAY = timedelta(days=1)
_ONE_SECOND = timedelta(seconds=1)
_MICROS = ONE_MICROSECOND
_ZERO = timedelta(0)
_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_DAY = 86_400 * _MICROS_PER_SECOND
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NAIVE_EPOCH = datetime(1970, 1, 1)
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SIX_HOURS = 6 * 3600 * _MICROS_PER_SECOND
_NOON = time(12)
_LOWEST = year_start(MIN_YEAR)
_HIGHEST = year_start(MAX_YEAR + 1)
_MOST_DAYS = date(MAX_YEAR + 1, 12, 31).toordinal() - date(MIN_YEAR - 1, 1, 1).toordinal() + 1
_OUTSIDE = f"is outside the years slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}"


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


def _amount(duration: timedelta | str) -> int:
    """A duration in whole microseconds; the common case (a timedelta >= 0) first."""
    if type(duration) is timedelta and duration >= _ZERO:
        return duration // _MICROS
    return to_timedelta(duration) // _MICROS


class BaseSchedule:
    """What every schedule answers; :class:`Schedule` and :class:`UnionSchedule` build on it.

    Cost: the first question about a UTC year builds that year's index (the open periods of
    about 370 local dates); after that ``add``, ``subtract``, ``elapsed``, ``is_open`` and
    ``next_open`` cost O(log n) in the number of periods of a year, plus one step per whole
    year crossed. Nothing loops over minutes or days.
    """

    __slots__ = ("_offsets", "_timeline", "naive", "tz")

    _offsets: DayOffsets
    tz: tzinfo
    naive: NaivePolicy
    _timeline: Timeline

    def _setup(
        self,
        tz: str | tzinfo,
        naive: str,
        totals: Totals | None = None,
        bound: Bound | None = None,
        shapes: Shapes | None = None,
    ) -> None:
        if naive not in ("assume", "reject"):
            raise InvalidScheduleError(
                f"naive={naive!r}: expected 'assume' (read naive datetimes in the schedule's "
                f"zone) or 'reject'"
            )
        object.__setattr__(self, "tz", zone(tz))
        object.__setattr__(self, "naive", naive)
        timeline = Timeline(self._source, totals, bound, self.tz, shapes)
        object.__setattr__(self, "_timeline", timeline)
        object.__setattr__(self, "_offsets", DayOffsets(self.tz))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable: cannot delete {name!r}")

    def _source(self, year: int) -> Iterable[tuple[int, int]]:
        raise NotImplementedError

    def _year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        """Per UTC year, a value such that years of equal value have equal open time
        (:meth:`Schedule._year_shapes`); ``None`` when unknown."""
        return None

    @property
    def day_offsets(self) -> DayOffsets:
        """The zone's offsets by day, cached as they are asked for (what the columnar paths
        read wall times and write instants with)."""
        return self._offsets

    @property
    def timeline(self) -> Timeline:
        """The compiled index behind the schedule: its questions over integer microseconds
        since the epoch (what the ticket clocks and the columnar functions ask)."""
        return self._timeline

    def instant(self, value: datetime | str) -> int:
        """*value* in microseconds since the epoch (UTC); a naive value is read in the zone.

        >>> Schedule({"mon-fri": "09:00-18:00"}, tz="UTC").instant("1970-01-01 00:00:01")
        1000000
        """
        return self._checked(value)

    def _checked(self, value: datetime | str) -> int:
        """:meth:`_micros`, refused with :class:`OutOfRangeError` naming *value* as given
        when it lies outside UTC years 2 to 9998."""
        micros = self._micros(value)
        if _LOWEST <= micros < _HIGHEST:
            return micros
        raise OutOfRangeError(f"{self._shown(value, micros)} {_OUTSIDE}")

    def _shown(self, value: datetime | str, micros: int) -> str:
        """An instant as the user gave it (a naive one with the zone it is read in), and the
        UTC instant it is when that differs, since the supported years are UTC years."""
        moment = parse_datetime(value) if isinstance(value, str) else value
        naive = moment.tzinfo is None or moment.utcoffset() is None
        text = f"{moment.replace(tzinfo=None)} in {zone_name(self.tz)}" if naive else str(moment)
        try:
            utc = (_UTC_EPOCH + _MICROS * micros).replace(tzinfo=None)
        except OverflowError:
            return text
        return text if utc == moment.replace(tzinfo=None) else f"{text} ({utc} UTC)"

    def _micros(self, value: datetime | str) -> int:
        """An instant in microseconds; naive wall times on days without a change of offset
        take a cached offset (the common case in reports), all others go through
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
            and self.naive == "assume"
            and MIN_YEAR <= value.year <= MAX_YEAR
        ):
            wall: int = (value - _NAIVE_EPOCH) // _MICROS
            offset = self._offsets.local_uniform(wall // _MICROS_PER_DAY + _EPOCH_ORDINAL)
            if offset is not None:
                return wall - offset
        return to_micros(value, self.tz, self.naive)

    # -- the public questions -------------------------------------------------------------

    def add(self, start: datetime | str, duration: timedelta | str) -> datetime:
        """The earliest instant at or after *start* with *duration* of open time in between.

        A start outside open time counts from the next opening; a deadline may land exactly
        on a closing time. A zero duration returns *start* itself, open or not.

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.add("2026-11-20 14:00", "4h"))
        2026-11-20 18:00:00-05:00
        >>> print(desk.add("2026-11-21 10:00", "4h"))
        2026-11-23 13:00:00-05:00
        """
        micros = self._checked(start)
        return from_micros(self._timeline.add(micros, _amount(duration)), self.tz)

    def subtract(self, end: datetime | str, duration: timedelta | str) -> datetime:
        """The latest instant at or before *end* with *duration* of open time in between.

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.subtract("2026-11-23 11:00", "2h"))
        2026-11-23 09:00:00-05:00
        """
        micros = self._checked(end)
        return from_micros(self._timeline.subtract(micros, _amount(duration)), self.tz)

    def elapsed(self, start: datetime | str, end: datetime | str) -> timedelta:
        """Open time between two instants; negative when *end* is before *start*.

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.elapsed("2026-11-20 17:00", "2026-11-23 10:00"))
        2:00:00
        """
        micros = self._timeline.elapsed(self._checked(start), self._checked(end))
        return _MICROS * micros

    def is_open(self, at: datetime | str) -> bool:
        """Whether *at* lies in an open period (open at the opening, closed at the closing).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> desk.is_open("2026-11-23 09:00"), desk.is_open("2026-11-23 18:00")
        (True, False)
        """
        return self._timeline.is_open(self._checked(at))

    def next_open(self, at: datetime | str) -> datetime:
        """*at* itself when open, else the next opening (in the schedule's zone).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.next_open("2026-11-21 12:00"))
        2026-11-23 09:00:00-05:00
        """
        micros = self._checked(at)
        result = self._timeline.next_open(micros)
        return from_micros(result, self.tz)

    def periods(self, start: datetime | str, end: datetime | str) -> Iterator[Period]:
        """The open periods between *start* and *end*, clipped to them, in order.

        Adjacent periods (an overnight shift running into the next day's hours) come as one.

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> for opening, closing in desk.periods("2026-11-20 12:00", "2026-11-23 10:00"):
        ...     print(opening, "->", closing)
        2026-11-20 12:00:00-05:00 -> 2026-11-20 18:00:00-05:00
        2026-11-23 09:00:00-05:00 -> 2026-11-23 10:00:00-05:00
        """
        low, high = self._checked(start), self._checked(end)
        if high < low:
            raise InvalidDatetimeError(
                f"periods from {start} to {end}: expected an end at or after the start"
            )
        return self._periods(low, high)

    def _periods(self, low: int, high: int) -> Iterator[Period]:
        tz = self.tz
        for opening, closing in self._timeline.periods(low, high):
            yield Period(from_micros(opening, tz), from_micros(closing, tz))

    # -- whole columns (optional extra ``numpy``; see slaclock.columnar) ------------------

    def add_many(self, starts: Any, durations: Any) -> Any:
        """:meth:`add` over an array of starts; see :mod:`slaclock.columnar`."""
        from .columnar import add

        return add(self, starts, durations)

    def subtract_many(self, ends: Any, durations: Any) -> Any:
        """:meth:`subtract` over an array of ends; see :mod:`slaclock.columnar`."""
        from .columnar import subtract

        return subtract(self, ends, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`elapsed` over arrays of starts and ends; see :mod:`slaclock.columnar`."""
        from .columnar import elapsed

        return elapsed(self, starts, ends)

    def is_open_many(self, instants: Any) -> Any:
        """:meth:`is_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import is_open

        return is_open(self, instants)

    def next_open_many(self, instants: Any) -> Any:
        """:meth:`next_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import next_open

        return next_open(self, instants)

    # -- business days and boundaries ------------------------------------------------------

    def add_days(self, start: datetime | str, days: int) -> datetime:
        """The same local time *days* business days later (earlier when *days* is negative),
        counted from ``next_open(start)``; when that time is closed on the landing day, the
        next open instant after it.

        A business day is a local date on which the schedule has open time, as for a
        ``"2bd"`` target (:class:`~slaclock.BusinessDays`). ``add_days(t, 0)`` is
        ``next_open(t)``. Cost: O(log n) and one step per local year crossed, after the
        first call for a year (which lists that year's business days).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.add_days("2026-11-20 16:00", 1))      # Friday -> Monday
        2026-11-23 16:00:00-05:00
        >>> print(desk.add_days("2026-11-21 12:00", 1))      # Saturday counts from Monday 09:00
        2026-11-24 09:00:00-05:00
        >>> print(desk.add_days("2026-11-23 10:30", -1))
        2026-11-20 10:30:00-05:00
        """
        micros = self._checked(start)
        opening = self.next_open(start)
        if _whole_days(days) == 0:
            return opening
        try:
            return from_micros(self._add_days(self._micros(opening), days), self.tz)
        except OutOfRangeError as err:
            counted = f"{days} business day{'' if abs(days) == 1 else 's'}"
            raise OutOfRangeError(
                f"{counted} from {from_micros(micros, self.tz)} end outside the years slaclock "
                f"supports: expected {MIN_YEAR} to {MAX_YEAR}"
            ) from err

    def _add_days(self, opening: int, days: int) -> int:
        """:meth:`add_days` from an open instant, in microseconds."""
        if abs(days) > _MOST_DAYS:  # more dates than the supported years hold: no walk
            raise OutOfRangeError(f"{days} business days {_OUTSIDE}")
        moment = from_micros(opening, self.tz)
        landing = shift_business_days(self._timeline, self.tz, moment.toordinal(), days)
        wall = (landing - _EPOCH_ORDINAL) * _MICROS_PER_DAY + wall_micros(moment)
        candidate = self._offsets.resolve(wall)
        if not _LOWEST <= candidate < _HIGHEST:
            raise OutOfRangeError(f"local date {date.fromordinal(landing)} {_OUTSIDE}")
        return self._timeline.next_open(candidate)

    def days_between(self, start: datetime | str, end: datetime | str) -> int:
        """Whole business days from *start* to *end*: the largest n with
        ``add_days(start, n) <= end``; negative (``-days_between(end, start)``) when *end* is
        before *start*. Cost: as :meth:`add_days`, plus one step per local year between the
        two.

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> desk.days_between("2026-11-20 16:00", "2026-11-23 16:00")
        1
        >>> desk.days_between("2026-11-20 16:00", "2026-11-23 15:59")
        0
        >>> desk.days_between("2026-11-23 16:00", "2026-11-20 16:00")
        -1
        """
        low, high = self._checked(start), self._checked(end)
        if high < low:
            return -self._days_from(high, low)
        return self._days_from(low, high)

    def _days_from(self, start: int, end: int) -> int:
        timeline = self._timeline
        if timeline.elapsed(start, end) == 0:
            return 0  # no opening before end: not even the first step
        opening = timeline.next_open(start)
        first = from_micros(opening, self.tz).toordinal()
        count = count_business_days(timeline, self.tz, first, local_ordinal(end, self.tz))
        for days in range(count, max(count - 3, 0), -1):
            try:
                if self._add_days(opening, days) <= end:
                    return days
            except SlaclockError:
                continue  # beyond the supported years or the look-ahead: after end
        return 0

    def next_close(self, at: datetime | str) -> datetime:
        """The first closing after *at*: the end of the open period holding *at*, else of the
        next one. A closing instant is closed, so at a closing this is the next one. Cost:
        O(log n).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.next_close("2026-11-20 12:00"))
        2026-11-20 18:00:00-05:00
        >>> print(desk.next_close("2026-11-20 18:00"))       # closed: Monday's closing
        2026-11-23 18:00:00-05:00
        """
        return self._boundary(closing_after, at, "closing after")

    def previous_close(self, at: datetime | str) -> datetime:
        """The last closing at or before *at* (*at* itself at a closing). Cost: O(log n).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.previous_close("2026-11-21 12:00"))    # Saturday
        2026-11-20 18:00:00-05:00
        >>> print(desk.previous_close("2026-11-23 12:00"))    # open: the closing before
        2026-11-20 18:00:00-05:00
        """
        return self._boundary(closing_at_or_before, at, "closing at or before")

    def previous_open(self, at: datetime | str) -> datetime:
        """The last opening at or before *at*: the start of the open period holding *at*
        (*at* itself at an opening), else of the one before. Cost: O(log n).

        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.previous_open("2026-11-23 12:00"))
        2026-11-23 09:00:00-05:00
        >>> print(desk.previous_open("2026-11-22 12:00"))    # Sunday
        2026-11-20 09:00:00-05:00
        """
        return self._boundary(opening_at_or_before, at, "opening at or before")

    def _boundary(self, find: Any, at: datetime | str, what: str) -> datetime:
        micros = self._checked(at)
        try:
            return from_micros(find(self._timeline, micros), self.tz)
        except NoOpenTimeError as err:
            raise NoOpenTimeError(f"{what} {from_micros(micros, self.tz)}: {err}") from err
        except OutOfRangeError as err:
            raise OutOfRangeError(
                f"no {what} {from_micros(micros, self.tz)} within the years slaclock "
                f"supports: expected {MIN_YEAR} to {MAX_YEAR}"
            ) from err

    def periods_before(self, end: datetime | str) -> Iterator[Period]:
        """The open periods before *end* (the one holding it cut at *end*), latest first:
        a walk backwards, one period at a time. Adjacent periods come as one. The walk ends at
        the start of the supported years, or with :class:`~slaclock.NoOpenTimeError` after
        ten UTC years in a row without an opening (closed throughout, or open throughout). Cost: O(log n) to the first period, then
        O(1) per period.

        >>> from itertools import islice
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> for opening, closing in islice(desk.periods_before("2026-11-23 10:00"), 2):
        ...     print(opening, "->", closing)
        2026-11-23 09:00:00-05:00 -> 2026-11-23 10:00:00-05:00
        2026-11-20 09:00:00-05:00 -> 2026-11-20 18:00:00-05:00
        """
        high = self._checked(end)
        tz = self.tz
        return (
            Period(from_micros(opening, tz), from_micros(closing, tz))
            for opening, closing in open_periods_before(self._timeline, high)
        )

    def add_days_many(self, starts: Any, days: Any) -> Any:
        """:meth:`add_days` over an array of starts; see :mod:`slaclock.columnar`."""
        from .columnar import add_days

        return add_days(self, starts, days)

    def days_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`days_between` over arrays of starts and ends; see :mod:`slaclock.columnar`."""
        from .columnar import days_between

        return days_between(self, starts, ends)

    def next_close_many(self, instants: Any) -> Any:
        """:meth:`next_close` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import next_close

        return next_close(self, instants)

    def previous_close_many(self, instants: Any) -> Any:
        """:meth:`previous_close` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import previous_close

        return previous_close(self, instants)

    def previous_open_many(self, instants: Any) -> Any:
        """:meth:`previous_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import previous_open

        return previous_open(self, instants)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why closed and until when (each kind of schedule
        says how it reads its reasons)."""
        raise NotImplementedError

    def closure_many(self, instants: Any) -> Any:
        """:meth:`closure` over an array of instants; see :mod:`slaclock.columnar`."""
        from .columnar import closure

        return closure(self, instants)

    # -- composition ----------------------------------------------------------------------

    def __or__(self, other: BaseSchedule) -> UnionSchedule:
        if not isinstance(other, BaseSchedule):
            return NotImplemented
        return UnionSchedule(self, other, tz=self.tz)

    def __and__(self, other: BaseSchedule) -> IntersectionSchedule:
        if not isinstance(other, BaseSchedule):
            return NotImplemented
        return IntersectionSchedule(self, other, tz=self.tz)

    def _check(self) -> None:
        """Raise ``AssertionError`` unless the compiled index keeps its invariants (tests)."""
        self._timeline.check()


class Schedule(BaseSchedule):
    """Weekly opening hours in a time zone, closed on a calendar's dates, with overrides.

    * *hours*: day keys (``"mon"``, ``"mon-fri"``, ``"sat,sun"``) mapped to one interval
      ``"HH:MM-HH:MM"``, a list of them, or ``[]`` for closed. Days not named are closed.
      ``"24:00"`` ends the day; ``"22:00-06:00"`` is an overnight shift of the day it starts.
    * *tz*: an IANA zone name or a ``tzinfo``. Naive datetimes are read in it.
    * *calendar*: anything that answers ``day in calendar`` (a ``holidays`` object, a set of
      dates, :func:`slaclock.union` of several). A closed date closes the intervals that
      start on it.
    * *overrides*: a date's own hours, which win over the calendar and the weekday's hours.
    * *breaks*: day keys mapped to breaks (``{"mon-fri": "13:00-14:00"}``), taken out of the
      weekly hours; each must lie inside one of that day's intervals. Overrides are a date's
      whole hours and keep no break.
    * *naive*: ``"assume"`` (default) reads naive datetimes in *tz*; ``"reject"`` refuses them.

    >>> Schedule({"mon-fri": "9-17"}, tz="America/New_York")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidHoursError: opening time '9' for 'mon-fri': expected HH:MM between 00:00 and 24:00
    """

    __slots__ = ("_given", "breaks", "calendar", "hours", "overrides")

    _given: WeeklyHours
    hours: WeeklyHours
    breaks: WeeklyHours
    calendar: Any
    overrides: Mapping[date, tuple[Interval, ...]]

    def __init__(
        self,
        hours: HoursSpec,
        *,
        tz: str | tzinfo,
        calendar: object = None,
        overrides: OverridesSpec | None = None,
        naive: NaivePolicy = "assume",
        breaks: HoursSpec | None = None,
    ) -> None:
        pauses = WeeklyHours.parse(breaks if breaks is not None else {})
        given = WeeklyHours.parse(hours)
        object.__setattr__(self, "_given", given)  # as written: what pickles and reprs show
        object.__setattr__(self, "hours", without_breaks(given, pauses))
        object.__setattr__(self, "breaks", pauses)
        object.__setattr__(self, "calendar", as_calendar(calendar))
        object.__setattr__(self, "overrides", MappingProxyType(parse_overrides(overrides)))
        self._setup(tz, naive, totals=self._year_totals, shapes=self._year_shapes)

    @classmethod
    def versions(
        cls,
        hours: Mapping[Any, HoursSpec | Schedule],
        *,
        tz: str | tzinfo,
        calendar: object = None,
        overrides: OverridesSpec | None = None,
        naive: NaivePolicy = "assume",
        breaks: HoursSpec | None = None,
    ) -> VersionedSchedule:
        """A schedule whose weekly hours change over time: *hours* maps the local date each
        version is in force from (a ``date`` or ``"YYYY-MM-DD"``) to that version's hours, or
        to a whole :class:`Schedule` (its own calendar, overrides and breaks, in *tz*); the
        other arguments are shared by the versions given as hours. See
        :class:`~slaclock.schedule_versions.VersionedSchedule`.

        >>> desk = Schedule.versions({"2026-01-01": {"mon-fri": "09:00-18:00"},
        ...                           "2027-01-01": {"mon-fri": "08:00-20:00"}},
        ...                          tz="America/New_York")
        >>> print(desk.add("2026-12-31 17:00", "2h"))
        2027-01-01 09:00:00-05:00
        """
        from .schedule_versions import VersionedSchedule, version_date

        if not isinstance(hours, Mapping):
            raise InvalidScheduleError(
                f"versions {shown(hours)}: expected a mapping of dates (from which each "
                f"version is in force) to weekly hours"
            )
        built: dict[date, Schedule] = {}
        for key, spec in hours.items():
            day = version_date(key)
            if day in built:
                raise InvalidScheduleError(f"version {day}: given twice")
            if isinstance(spec, Schedule):
                built[day] = spec
                continue
            try:
                built[day] = Schedule(
                    spec, tz=tz, calendar=calendar, overrides=overrides, naive=naive, breaks=breaks
                )
            except SlaclockError as err:
                raise type(err)(f"version {day}: {err}") from err
        return VersionedSchedule(built, naive=naive)

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        """The open periods of the local dates around a UTC year, as integer instants.

        A wall time is resolved as ``wall.replace(tzinfo=tz)`` resolves it (fold=0). Most
        days have one UTC offset from midnight to midnight; for those the instant is the
        wall time minus that offset, in integer arithmetic. Days with a change of offset
        are resolved through ``datetime`` one endpoint at a time.
        """
        offsets = DayOffsets(self.tz)
        days = self.hours.days
        overrides = self.overrides
        calendar = self.calendar
        day = date(year, 1, 1) - 3 * _ONE_DAY
        last = date(year + 1, 1, 1) + _ONE_DAY
        spans = self._timed_between(day.toordinal(), last.toordinal())
        while day <= last:
            intervals = overrides.get(day)
            cut = spans if intervals is None else ()
            if intervals is None:
                intervals = days[day.weekday()]
                if intervals and day in calendar:
                    intervals = ()
            if intervals:
                midnight = (day.toordinal() - _EPOCH_ORDINAL) * _MICROS_PER_DAY
                periods = [
                    (
                        offsets.resolve(midnight + interval.start * _MICROS_PER_SECOND),
                        offsets.resolve(midnight + interval.end * _MICROS_PER_SECOND),
                    )
                    for interval in intervals
                ]
                yield from cut_out(periods, cut) if cut else periods
            day += _ONE_DAY

    def _timed_between(self, first: int, last: int) -> list[TimedClosure]:
        """The calendar's timed closures that may cut the hours of the local dates *first*
        to *last* (ordinals): those overlapping the UTC days from the day before *first* to
        three days after *last* (a date's hours lie within two days of its midnight, an
        offset within one). Empty for a calendar of whole dates."""
        if not has_timed_closures(self.calendar):
            return []
        low = (first - 1 - _EPOCH_ORDINAL) * _MICROS_PER_DAY
        high = (last + 3 - _EPOCH_ORDINAL) * _MICROS_PER_DAY
        return timed_closures(self.calendar, low, high, self.tz)

    def _year_totals(self, first: int, last: int) -> list[int]:
        """The open time of each UTC year from *first* to *last*, exactly, without building
        their index: what the years' chunks would total, in one pass over the definition.

        Most local dates are *ordinary*: their weekday's hours, not closed, in one UTC offset
        through the next date, from 2 January to 29 December (an offset is less than a day and
        a shift ends within a day of its start, so their open time lies inside the UTC year).
        Their open time is their hours' length, counted per weekday by arithmetic, less the
        closed dates the calendar lists. The other dates (30 December to 1 January, each
        override and the dates beside it, each date near a change of offset and the date
        before it) are resolved to instants as the chunks resolve them, merged and cut at New
        Year. Weekly hours never overlap under one offset, so the two parts never overlap.
        """
        years = range(first, last + 1)
        bounds = [year_start(year) for year in range(first, last + 2)]
        window = date(first, 1, 1).toordinal() - 3, date(last + 1, 1, 1).toordinal() + 1
        unsteady = set(_unsteady(self.tz, window[0] - 2, window[1] + 2))
        special: set[int] = set()
        for year in range(first, last + 2):  # 30 December to 1 January
            new_year = date(year, 1, 1).toordinal()
            special.update((new_year - 2, new_year - 1, new_year))
        for day in self.overrides:
            special.update(range(day.toordinal() - 1, day.toordinal() + 2))
        for ordinal in unsteady:
            special.update((ordinal - 1, ordinal))  # the date before: its shift may end in it
        spans = self._timed_between(window[0], window[1])
        for event in spans:  # the dates whose hours (two days long at most) it may cut
            special.update(
                range(
                    local_ordinal(event.start, self.tz) - 2,
                    local_ordinal(event.end - 1, self.tz) + 1,
                )
            )
        special = {ordinal for ordinal in special if window[0] <= ordinal <= window[1]}
        weekly = [
            sum(interval.end - interval.start for interval in day) * _MICROS_PER_SECOND
            for day in self.hours.days
        ]
        totals = []
        for year in years:  # 2 January to 29 December: inside the UTC year, any offset
            counts = _weekday_counts(date(year, 1, 2).toordinal(), date(year, 12, 29).toordinal())
            totals.append(sum(count * length for count, length in zip(counts, weekly, strict=True)))
        inner = date(first, 1, 2).toordinal(), date(last, 12, 29).toordinal()
        for ordinal in special:
            if inner[0] <= ordinal <= inner[1] and weekly[(ordinal - 1) % 7]:
                day = date.fromordinal(ordinal)
                if (1, 2) <= (day.month, day.day) <= (12, 29):
                    totals[day.year - first] -= weekly[(ordinal - 1) % 7]
        calendar = self.calendar
        by_weekday = closed_weekdays(calendar, first, last)
        if by_weekday is not None:  # every closed date taken out, the special ones put back
            for index, closed in enumerate(by_weekday):
                totals[index] -= sum(map(mul, closed, weekly))
            span = date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal()
            for ordinal in special:
                if span[0] <= ordinal <= span[1] and weekly[(ordinal - 1) % 7]:
                    day = date.fromordinal(ordinal)
                    if day in calendar:
                        totals[day.year - first] += weekly[(ordinal - 1) % 7]
        else:  # a calendar asked date by date
            for ordinal in range(inner[0], inner[1] + 1):
                if (
                    weekly[(ordinal - 1) % 7]
                    and ordinal not in special
                    and (day := date.fromordinal(ordinal)) in calendar
                ):
                    totals[day.year - first] -= weekly[(ordinal - 1) % 7]
        for opening, closing in _joined_periods(self._special_periods(special, unsteady, spans)):
            opening, closing = max(opening, bounds[0]), min(closing, bounds[-1])
            index = bisect_right(bounds, opening) - 1
            while opening < closing:
                cut = min(closing, bounds[index + 1])
                totals[index] += cut - opening
                opening, index = cut, index + 1
        return totals

    def _year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        """For each UTC year from *first* to *last*, a value that fixes the open periods of
        the year's chunk relative to the year's start: two years of equal shape have chunks
        equal but for that move, and so equal totals. ``None`` when the calendar can only be
        asked date by date.

        A shape holds the year's length and New Year's weekday (which place every weekday's
        hours), the UTC offset at noon of the chunk's first local date, each date with a change
        of offset (its place, the offset after it, and the instants of its own and the previous
        date's hours, resolved as the chunk resolves them, with their local dates) and each date
        that is overridden or closed (its place and hours). Every other date is ordinary: its
        weekday's hours at the offset of the dates before it. The local dates of the year's
        first and last instants, and of those beside them, complete it: equal shapes also put
        the periods' instants on the same local dates (what business days count). Cost: one
        pass over the years' changes of offset, overrides and closed dates, as
        :meth:`_year_totals`.
        """
        low = date(first, 1, 1).toordinal() - 3
        high = date(last + 1, 1, 1).toordinal() + 1
        if has_timed_closures(self.calendar):
            return None  # hours closed by timed events: each year's chunk is built
        closed = closed_between(self.calendar, date.fromordinal(low), date.fromordinal(high))
        if closed is None:
            return None
        days = self.hours.days
        special: dict[int, tuple[Interval, ...]] = {
            ordinal: ()
            for day in closed
            if days[day.weekday()] and low <= (ordinal := day.toordinal()) <= high
        }
        for day, intervals in self.overrides.items():
            if low <= day.toordinal() <= high:
                special[day.toordinal()] = intervals
        special_days = sorted(special)
        unsteady = sorted(u for u in set(_unsteady(self.tz, low - 2, high + 2)) if low <= u <= high)
        offsets = DayOffsets(self.tz)
        tz = self.tz

        def noon(ordinal: int) -> int:
            offset = datetime.combine(date.fromordinal(ordinal), _NOON, tzinfo=tz).utcoffset()
            assert offset is not None
            return offset // _MICROS

        def changed(ordinal: int, lo: int) -> tuple[object, ...]:
            """A date with a change of offset: the offset after it, and its hours' instants
            and the previous date's (whose overnight shift may end in it)."""
            resolved = []
            for day in (ordinal - 1, ordinal):
                midnight = (day - _EPOCH_ORDINAL) * _MICROS_PER_DAY
                for interval in self.intervals_on(date.fromordinal(day)):
                    start = offsets.resolve(midnight + interval.start * _MICROS_PER_SECOND)
                    end = offsets.resolve(midnight + interval.end * _MICROS_PER_SECOND)
                    resolved.append(
                        (
                            start - lo,
                            end - lo,
                            local_ordinal(start, tz) - ordinal,
                            local_ordinal(end - 1, tz) - ordinal,
                        )
                    )
            return (noon(ordinal + 1), tuple(resolved))

        shapes: list[Hashable] = []
        for year in range(first, last + 1):
            new_year = date(year, 1, 1).toordinal()
            window = new_year - 3, date(year + 1, 1, 1).toordinal() + 1
            lo, hi = year_start(year), year_start(year + 1)
            edges = tuple(
                local_ordinal(instant, tz) - new_year for instant in (lo - 1, lo, hi - 1, hi)
            )
            places = slice(
                bisect_left(special_days, window[0]), bisect_right(special_days, window[1])
            )
            changes = slice(bisect_left(unsteady, window[0]), bisect_right(unsteady, window[1]))
            shapes.append(
                (
                    window[1] - new_year,
                    new_year % 7,
                    noon(window[0]),
                    tuple((u - new_year, changed(u, lo)) for u in unsteady[changes]),
                    tuple((d - new_year, special[d]) for d in special_days[places]),
                    edges,
                )
            )
        return shapes

    def _special_periods(
        self, ordinals: Iterable[int], unsteady: set[int], spans: list[TimedClosure]
    ) -> Iterator[tuple[int, int]]:
        """The open periods of the local dates *ordinals*, resolved as the chunks resolve
        them: by the date's one offset when neither it nor the next date is *unsteady*; the
        hours of a date not overridden cut by the timed closures *spans*."""
        offsets = DayOffsets(self.tz)
        tz = self.tz
        for ordinal in ordinals:
            day = date.fromordinal(ordinal)
            intervals = self.intervals_on(day, timed=False)
            if not intervals:
                continue
            midnight = (ordinal - _EPOCH_ORDINAL) * _MICROS_PER_DAY
            if ordinal in unsteady or ordinal + 1 in unsteady:
                periods = [
                    (
                        offsets.resolve(midnight + interval.start * _MICROS_PER_SECOND),
                        offsets.resolve(midnight + interval.end * _MICROS_PER_SECOND),
                    )
                    for interval in intervals
                ]
            else:
                offset = datetime.combine(day, _NOON, tzinfo=tz).utcoffset()
                assert offset is not None
                local = midnight - offset // _MICROS
                periods = [
                    (
                        local + interval.start * _MICROS_PER_SECOND,
                        local + interval.end * _MICROS_PER_SECOND,
                    )
                    for interval in intervals
                ]
            yield from cut_out(periods, spans) if spans and day not in self.overrides else periods

    def intervals_on(self, day: date, *, timed: bool = True) -> tuple[Interval, ...]:
        """The intervals that start on a local date, after overrides and the calendar: the
        date's override, else its weekday's hours unless the calendar closes the date, cut
        by the calendar's timed closures (``timed=False``: not cut). A cut is shown as the
        wall time of its instant (within the hour repeated when clocks go back, the index
        keeps the instant itself).

        >>> from datetime import date
        >>> thanksgiving = date(2026, 11, 26)
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", calendar={thanksgiving})
        >>> desk.intervals_on(date(2026, 11, 26)), desk.intervals_on(date(2026, 11, 27))
        ((), (Interval('09:00-18:00'),))
        """
        intervals = self.overrides.get(day)
        if intervals is not None:
            return intervals
        intervals = self.hours.days[day.weekday()]
        if intervals and day in self.calendar:
            return ()
        if not timed or not intervals or not has_timed_closures(self.calendar):
            return intervals
        ordinal = day.toordinal()
        spans = self._timed_between(ordinal, ordinal)
        if not spans:
            return intervals
        midnight = datetime.combine(day, time(0))
        resolve = self._offsets.resolve
        wall = (ordinal - _EPOCH_ORDINAL) * _MICROS_PER_DAY
        periods = [
            (
                resolve(wall + interval.start * _MICROS_PER_SECOND),
                resolve(wall + interval.end * _MICROS_PER_SECOND),
            )
            for interval in intervals
        ]
        found = []
        for opening, closing in cut_out(periods, spans):
            start = from_micros(opening, self.tz).replace(tzinfo=None) - midnight
            end = from_micros(closing, self.tz).replace(tzinfo=None) - midnight
            found.append(Interval(start // _ONE_SECOND, -(-end // _ONE_SECOND)))
        return tuple(found)

    def closed_hours_on(self, day: date) -> tuple[tuple[Period, str | None], ...]:
        """The calendar's timed closures that cut the hours of a local date (none when the
        date is overridden or closed whole), each with its name, in order: the parts of the
        date's open periods each closes.

        >>> from slaclock.calendars import TimedClosure
        >>> class Offsite:
        ...     def __contains__(self, day): return False
        ...     def closed_hours(self, first, last):
        ...         return [(datetime(2026, 3, 10, 14), datetime(2026, 3, 10, 20), "Offsite")]
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid", calendar=Offsite())
        >>> for (start, end), name in desk.closed_hours_on(date(2026, 3, 10)):
        ...     print(start, end, name)
        2026-03-10 14:00:00+01:00 2026-03-10 18:00:00+01:00 Offsite
        >>> desk.intervals_on(date(2026, 3, 10))
        (Interval('09:00-14:00'),)
        """
        intervals = self.intervals_on(day, timed=False)
        if not intervals or day in self.overrides or not has_timed_closures(self.calendar):
            return ()
        ordinal = day.toordinal()
        wall = (ordinal - _EPOCH_ORDINAL) * _MICROS_PER_DAY
        resolve = self._offsets.resolve
        found = []
        for span in self._timed_between(ordinal, ordinal):
            for interval in intervals:
                opening = max(resolve(wall + interval.start * _MICROS_PER_SECOND), span.start)
                closing = min(resolve(wall + interval.end * _MICROS_PER_SECOND), span.end)
                if opening < closing:
                    found.append(
                        (
                            Period(from_micros(opening, self.tz), from_micros(closing, self.tz)),
                            span.name,
                        )
                    )
        return tuple(found)

    def weekly_on(self, day: date) -> tuple[Interval, ...]:
        """The weekly hours' intervals of a local date's weekday (no calendar, no override).

        >>> Schedule({"mon-fri": "09:00-18:00"}, tz="UTC").weekly_on(date(2026, 11, 21))
        ()
        """
        return self.hours.days[day.weekday()]

    def holiday_name(self, day: date) -> str | None:
        """The calendar's name for a date (``closure_name``), ``None`` when it gives none."""
        return closure_name(self.calendar, day)

    def _definition(self) -> tuple[object, ...]:
        return (self.hours, zone_name(self.tz), self.overrides, self.naive, self.breaks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return self._definition() == other._definition() and _same_calendar(
            self.calendar, other.calendar
        )

    def __hash__(self) -> int:
        return hash(
            (self.hours, zone_name(self.tz), tuple(self.overrides.items()), self.naive, self.breaks)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild_schedule,
            (
                self._written(),
                self.tz,
                self.calendar,
                dict(self.overrides),
                self.naive,
                self.breaks,
            ),
        )

    def _written(self) -> WeeklyHours:
        """The weekly hours as written, breaks not yet taken out (kept as given: putting the
        breaks back would join intervals that touch)."""
        return self._given

    def __repr__(self) -> str:
        parts = [repr(self._written().to_spec()), f"tz={zone_name(self.tz)!r}"]
        if self.calendar is not None and not _is_empty_calendar(self.calendar):
            parts.append(f"calendar={describe(self.calendar)}")
        if self.overrides:
            shown = {day.isoformat(): format_intervals(ivs) for day, ivs in self.overrides.items()}
            parts.append(f"overrides={shown!r}")
        if self.naive != "assume":
            parts.append(f"naive={self.naive!r}")
        if not self.breaks.is_closed:
            parts.append(f"breaks={self.breaks.to_spec()!r}")
        return f"Schedule({', '.join(parts)})"

    # -- closures -------------------------------------------------------------------------

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why the schedule is closed and until when.

        The reason concerns the local date whose hours would hold *at*: ``"holiday"`` (the
        calendar closes that date; *name* is the calendar's name for it) or ``"override"``
        (that date's override) when the weekly hours alone would be open at *at*; else, on
        *at*'s own local date, ``"holiday"`` or ``"override"`` when they close the whole
        date, ``"closed weekday"`` when the weekly hours have none that day (*name* the
        weekday), and ``"outside hours"`` otherwise. *until* is ``next_open(at)``. Cost:
        O(log n).

        >>> from datetime import date
        >>> from slaclock import ClosedDates
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York",
        ...                 calendar=ClosedDates({date(2026, 11, 26): "Thanksgiving"}))
        >>> print(desk.closure("2026-11-23 10:00"))
        None
        >>> closed = desk.closure("2026-11-26 10:00")
        >>> closed.reason, closed.name, str(closed.until)
        ('holiday', 'Thanksgiving', '2026-11-27 09:00:00-05:00')
        >>> closed = desk.closure("2026-11-28 10:00")
        >>> closed.reason, closed.name, str(closed.until)
        ('closed weekday', 'saturday', '2026-11-30 09:00:00-05:00')
        """
        micros = self._checked(at)
        if self._timeline.is_open(micros):
            return None
        return closure_at(
            micros,
            self.next_open(at),
            from_micros(micros, self.tz).date(),
            self.weekly_on,
            partial(self.intervals_on, timed=False),
            self.overrides.__contains__,
            self.holiday_name,
            self._offsets.resolve,
            self.calendar.__contains__,
            lambda micros, _day: timed_closure_at(self.calendar, micros, self.tz),
        )


def _joined_periods(periods: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Periods sorted, those that overlap or touch joined, empty ones left out."""
    current: tuple[int, int] | None = None
    for opening, closing in sorted(periods):
        if opening >= closing:
            continue
        if current is not None and opening <= current[1]:
            current = (current[0], max(current[1], closing))
            continue
        if current is not None:
            yield current
        current = (opening, closing)
    if current is not None:
        yield current


def _weekday_counts(first: int, last: int) -> list[int]:
    """How many of the dates with ordinals *first* to *last* fall on each weekday."""
    weeks, rest = divmod(last - first + 1, 7)
    weekday = (first - 1) % 7  # date.fromordinal(1) is a Monday
    return [weeks + ((day - weekday) % 7 < rest) for day in range(7)]


_MAX_ORDINAL = date.max.toordinal()
_STEADY_DAYS = 5
"""Offsets are read every five days: two changes of a zone's offset lie at least six days
apart (checked over every zone's transitions, see :meth:`DayOffsets.utc_uniform`), so equal
readings five days apart mean no change between them."""


def _unsteady(tz: tzinfo, first: int, last: int) -> list[int]:
    """The ordinals of the local dates from *first* to *last* (perhaps with one beside them)
    whose UTC offset is not the same at midnight, at noon and at the next midnight, as
    :class:`DayOffsets` reads them: one date for each change of offset.

    The offset is read at noon every five days from the date before *first* (a change on
    *first* before its noon shows at its noon); where two readings differ, at each noon
    between, then at the midnight before the first noon with the new offset: the change lies
    after it (that date is unsteady) or not (the date before is)."""
    if isinstance(tz, timezone):
        return []
    first, last = max(first - 1, 1), min(last, _MAX_ORDINAL - 1)
    count = (last - first) // _STEADY_DAYS + 2
    if first + (count - 1) * _STEADY_DAYS > _MAX_ORDINAL - 1:
        count -= 1
    noon = datetime.combine(date.fromordinal(first), _NOON, tzinfo=tz)
    noons: Iterator[datetime] = accumulate(
        repeat(_STEADY_DAYS * _ONE_DAY, count - 1), add, initial=noon
    )
    readings = list(map(tz.utcoffset, noons))
    found: list[int] = []
    for index in compress(range(count - 1), map(ne, readings, readings[1:])):
        ordinal = first + index * _STEADY_DAYS
        before = readings[index]
        for day in range(ordinal + 1, ordinal + _STEADY_DAYS + 1):
            moment = date.fromordinal(day)
            if datetime.combine(moment, _NOON, tzinfo=tz).utcoffset() != before:
                midnight = datetime.combine(moment, time(0), tzinfo=tz).utcoffset()
                found.append(day if midnight == before else day - 1)
                break
    return found


def _same_calendar(first: object, second: object) -> bool:
    """Calendars are the same when identical or equal; ``holidays`` objects, which compare
    by the years they have happened to expand, are compared by their definition."""
    if first is second:
        return True
    if describe(first) != repr(first) or describe(second) != repr(second):
        return type(first) is type(second) and describe(first) == describe(second)
    return bool(first == second)


def _is_empty_calendar(calendar: object) -> bool:
    from .calendars import ClosedDates

    return isinstance(calendar, ClosedDates) and not calendar.names


def _rebuild_schedule(
    hours: WeeklyHours,
    tz: tzinfo,
    calendar: object,
    overrides: dict[date, tuple[Interval, ...]],
    naive: NaivePolicy,
    breaks: WeeklyHours | None = None,
) -> Schedule:
    return Schedule(
        hours, tz=tz, calendar=calendar, overrides=overrides, naive=naive, breaks=breaks
    )


def _by_shape(schedule: BaseSchedule, first: int, last: int) -> list[int] | None:
    """The open time of each UTC year from *first* to *last* of a union or an intersection:
    the years are grouped by the shapes of their members' years (:meth:`Schedule._year_shapes`)
    and one year's chunk is built per group, whose total every year of the group shares.
    Years repeat their shapes (the weekday of New Year, leap or not, the same rules of the
    zones and calendars), so across millennia a few hundred chunks are built, not thousands;
    ``None`` when a member's calendar can only be asked date by date (the chunks are built)."""
    shapes = schedule._year_shapes(first, last)
    if shapes is None:
        return None
    known: dict[Hashable, int] = {}
    totals = []
    for year, shape in zip(range(first, last + 1), shapes, strict=True):
        total = known.get(shape)
        if total is None:
            total = known[shape] = schedule.timeline.chunk(year).total
        totals.append(total)
    return totals


def _members_shapes(
    members: tuple[BaseSchedule, ...], first: int, last: int
) -> list[Hashable] | None:
    """The shapes of a union's or an intersection's years: those of its members' years."""
    found = []
    for member in members:
        shapes = member._year_shapes(first, last)
        if shapes is None:
            return None
        found.append(shapes)
    return list(zip(*found, strict=True))


class UnionSchedule(BaseSchedule):
    """Open whenever any member schedule is open: one clock over several desks' hours.

    Members may sit in different zones; naive datetimes are read in *tz* (by default the
    first member's zone) and results are given in it.

    >>> new_york = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> madrid = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
    >>> both = new_york | madrid
    >>> for opening, closing in both.periods("2026-11-23 00:00", "2026-11-23 23:59"):
    ...     print(opening, "->", closing)
    2026-11-23 03:00:00-05:00 -> 2026-11-23 18:00:00-05:00
    """

    __slots__ = ("members",)

    members: tuple[BaseSchedule, ...]

    def __init__(
        self, *members: BaseSchedule, tz: str | tzinfo | None = None, naive: NaivePolicy = "assume"
    ) -> None:
        flattened: list[BaseSchedule] = []
        for member in members:
            if not isinstance(member, BaseSchedule):
                raise InvalidScheduleError(
                    f"union member {member!r}: expected a Schedule, got {type(member).__name__}"
                )
            flattened.extend(member.members if isinstance(member, UnionSchedule) else (member,))
        if not flattened:
            raise InvalidScheduleError("union of no schedules: expected at least one Schedule")
        object.__setattr__(self, "members", tuple(flattened))
        self._setup(
            tz if tz is not None else flattened[0].tz,
            naive,
            totals=self._shared_totals,
            bound=self._span_bound,
        )

    def _span_bound(self, first: int, last: int) -> int:
        """The members' open time added up: at least the union's."""
        return sum(member.timeline.span_total(first, last) for member in self.members)

    def _year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        return _members_shapes(self.members, first, last)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why: a union is closed when every member is, and
        stays closed until the first member opens. The reason, date and name are those of the
        closure of the member that opens first (the first such member, on a tie; a member
        that never opens again is passed over); *until* is the union's ``next_open(at)``, in
        its zone. Cost: one closure per member.

        >>> new_york = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> madrid = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid",
        ...                   calendar={date(2026, 11, 23)})
        >>> found = (new_york | madrid).closure("2026-11-23 02:00")   # before New York opens
        >>> found.reason, str(found.until)
        ('outside hours', '2026-11-23 09:00:00-05:00')
        """
        micros = self._checked(at)
        if self._timeline.is_open(micros):
            return None
        until = self.next_open(at)
        moment = from_micros(micros, UTC)
        first: Closure | None = None
        for member in self.members:
            try:
                found = member.closure(moment)
            except NoOpenTimeError:
                continue  # never opens again: another member opens the union
            assert found is not None  # a union is closed only when every member is
            if first is None or found.until < first.until:
                first = found
        assert first is not None  # until was found: some member opens
        return replace(first, until=until)

    def _shared_totals(self, first: int, last: int) -> list[int] | None:
        return _by_shape(self, first, last)

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        for member in self.members:
            chunk = member._timeline.chunk(year)
            yield from zip(chunk.starts, chunk.ends, strict=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UnionSchedule):
            return NotImplemented
        return (self.members, zone_name(self.tz), self.naive) == (
            other.members,
            zone_name(other.tz),
            other.naive,
        )

    def __hash__(self) -> int:
        return hash((self.members, zone_name(self.tz), self.naive))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_union, (self.members, self.tz, self.naive))

    def __repr__(self) -> str:
        members = ", ".join(repr(member) for member in self.members)
        return f"UnionSchedule({members}, tz={zone_name(self.tz)!r})"


def _rebuild_union(
    members: tuple[BaseSchedule, ...], tz: tzinfo, naive: NaivePolicy
) -> UnionSchedule:
    return UnionSchedule(*members, tz=tz, naive=naive)


def _whole_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidDurationError(
            f"business days {shown(days)}: expected a whole number (int), negative to go back"
        )
    return days


class IntersectionSchedule(BaseSchedule):
    """Open only when every member schedule is open: a desk's hours within a customer's own
    office hours, say. Members may sit in different zones; naive datetimes are read in *tz*
    (by default the first member's zone) and results are given in it.

    >>> desk = Schedule({"mon-fri": "08:00-20:00"}, tz="America/New_York")
    >>> customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    >>> both = desk & customer
    >>> for opening, closing in both.periods("2026-11-23 00:00", "2026-11-24 00:00"):
    ...     print(opening, "->", closing)
    2026-11-23 08:00:00-05:00 -> 2026-11-23 11:00:00-05:00

    Cost: a UTC year's index is built from the members' indexes of that year, in one pass
    over their periods; the questions then cost what they cost on any schedule.
    """

    __slots__ = ("members",)

    members: tuple[BaseSchedule, ...]

    def __init__(
        self, *members: BaseSchedule, tz: str | tzinfo | None = None, naive: NaivePolicy = "assume"
    ) -> None:
        flattened: list[BaseSchedule] = []
        for member in members:
            if not isinstance(member, BaseSchedule):
                raise InvalidScheduleError(
                    f"intersection member {member!r}: expected a Schedule, got "
                    f"{type(member).__name__}"
                )
            inner = member.members if isinstance(member, IntersectionSchedule) else (member,)
            flattened.extend(inner)
        if not flattened:
            raise InvalidScheduleError(
                "intersection of no schedules: expected at least one Schedule"
            )
        object.__setattr__(self, "members", tuple(flattened))
        self._setup(
            tz if tz is not None else flattened[0].tz,
            naive,
            totals=self._shared_totals,
            bound=self._span_bound,
        )

    def _span_bound(self, first: int, last: int) -> int:
        """The least of the members' open time: at least the intersection's."""
        return min(member.timeline.span_total(first, last) for member in self.members)

    def _year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        return _members_shapes(self.members, first, last)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why: an intersection is closed when any member
        is. The reason, date and name are those of the closure of the closed member that opens
        last (the first such member, on a tie): the one that keeps it closed longest; *until*
        is the intersection's ``next_open(at)``, in its zone (when every member is open at
        once, perhaps later than any member's own reopening). Cost: one closure per member.

        >>> desk = Schedule({"mon-fri": "08:00-20:00"}, tz="America/New_York")
        >>> customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
        >>> found = (desk & customer).closure("2026-11-23 12:00")   # the customer has closed
        >>> found.reason, found.day, str(found.until)
        ('outside hours', datetime.date(2026, 11, 23), '2026-11-24 08:00:00-05:00')
        """
        micros = self._checked(at)
        if self._timeline.is_open(micros):
            return None
        until = self.next_open(at)
        moment = from_micros(micros, UTC)
        last: Closure | None = None
        for member in self.members:
            found = member.closure(moment)
            if found is not None and (last is None or found.until > last.until):
                last = found
        assert last is not None  # an intersection is closed only when some member is
        return replace(last, until=until)

    def _shared_totals(self, first: int, last: int) -> list[int] | None:
        return _by_shape(self, first, last)

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        chunk = self.members[0]._timeline.chunk(year)
        found = list(zip(chunk.starts, chunk.ends, strict=True))
        for member in self.members[1:]:
            other = member._timeline.chunk(year)
            found = overlap(found, list(zip(other.starts, other.ends, strict=True)))
        return iter(found)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IntersectionSchedule):
            return NotImplemented
        return (self.members, zone_name(self.tz), self.naive) == (
            other.members,
            zone_name(other.tz),
            other.naive,
        )

    def __hash__(self) -> int:
        return hash((self.members, zone_name(self.tz), self.naive, "&"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_intersection, (self.members, self.tz, self.naive))

    def __repr__(self) -> str:
        members = ", ".join(repr(member) for member in self.members)
        return f"IntersectionSchedule({members}, tz={zone_name(self.tz)!r})"


def _rebuild_intersection(
    members: tuple[BaseSchedule, ...], tz: tzinfo, naive: NaivePolicy
) -> IntersectionSchedule:
    return IntersectionSchedule(*members, tz=tz, naive=naive)
