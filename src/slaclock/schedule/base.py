"""The questions every schedule answers (:class:`BaseSchedule`): instants read as the user
gives them (aware, naive or ISO text) and checked against the supported years, then answered by
the compiled index (:class:`~slaclock._timeline.Timeline`) each kind of schedule builds from its
own open periods (:class:`~slaclock.schedule.weekly.Schedule`, the unions and intersections of
:mod:`slaclock.schedule.combined`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from .._questions import (
    Closure,
    closing_after,
    closing_at_or_before,
    count_business_days,
    local_ordinal,
    open_periods_before,
    opening_at_or_before,
    shift_business_days,
    wall_micros,
)
from .._timeline import MAX_YEAR, MIN_YEAR, Bound, Shapes, Timeline, Totals, year_start
from ..durations import to_timedelta
from ..errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidScheduleError,
    NoOpenTimeError,
    OutOfRangeError,
    SlaclockError,
    shown,
)
from ..periods import Period
from ..zones import (
    ONE_MICROSECOND,
    NaivePolicy,
    from_micros,
    parse_datetime,
    zone,
    zone_name,
)
from .day_offsets import DayOffsets

if TYPE_CHECKING:
    from .combined import IntersectionSchedule, UnionSchedule

__all__ = ["BaseSchedule"]

_MICROS = ONE_MICROSECOND
_ZERO = timedelta(0)
_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_DAY = 86_400 * _MICROS_PER_SECOND
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_UTC_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LOWEST = year_start(MIN_YEAR)
_HIGHEST = year_start(MAX_YEAR + 1)
_MOST_DAYS = date(MAX_YEAR + 1, 12, 31).toordinal() - date(MIN_YEAR - 1, 1, 1).toordinal() + 1
_OUTSIDE = f"is outside the years slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}"


def _amount(duration: timedelta | str) -> int:
    """A duration in whole microseconds; the common case (a timedelta >= 0) first."""
    if type(duration) is timedelta and duration >= _ZERO:
        return duration // _MICROS
    return to_timedelta(duration) // _MICROS


def _whole_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise InvalidDurationError(
            f"business days {shown(days)}: expected a whole number (int), negative to go back"
        )
    return days


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

    def year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        """For each UTC year from *first* to *last*, its *shape*: a value such that two years
        of equal shape hold the same open periods, moved from one year's start to the other's,
        and so the same open time (what a union or an intersection counts its years by:
        docs/design.md, "What each call costs"); ``None`` when unknown (a calendar asked date
        by date, a versioned schedule). :meth:`Schedule.year_shapes` says what a shape holds.

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="UTC")
        >>> shapes = desk.year_shapes(2026, 2054)
        >>> shapes[2054 - 2026] == shapes[0], shapes[2027 - 2026] == shapes[0]  # 28 years on
        (True, False)
        """
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

        >>> from slaclock import Schedule
        >>> Schedule({"mon-fri": "09:00-18:00"}, tz="UTC").instant("1970-01-01 00:00:01")
        1000000
        """
        return self._checked(value)

    def _checked(self, value: datetime | str) -> int:
        """*value* in microseconds, read by the zone's :class:`DayOffsets`
        (:meth:`DayOffsets.instant`), refused with :class:`OutOfRangeError` naming *value* as
        given when it lies outside UTC years 2 to 9998."""
        micros = self._offsets.instant(value, self.naive)
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

    # -- the public questions -------------------------------------------------------------

    def add(self, start: datetime | str, duration: timedelta | str) -> datetime:
        """The earliest instant at or after *start* with *duration* of open time in between.

        A start outside open time counts from the next opening; a deadline may land exactly
        on a closing time. A zero duration returns *start* itself, open or not.

        >>> from slaclock import Schedule
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

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.subtract("2026-11-23 11:00", "2h"))
        2026-11-23 09:00:00-05:00
        """
        micros = self._checked(end)
        return from_micros(self._timeline.subtract(micros, _amount(duration)), self.tz)

    def elapsed(self, start: datetime | str, end: datetime | str) -> timedelta:
        """Open time between two instants; negative when *end* is before *start*.

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.elapsed("2026-11-20 17:00", "2026-11-23 10:00"))
        2:00:00
        """
        micros = self._timeline.elapsed(self._checked(start), self._checked(end))
        return _MICROS * micros

    def is_open(self, at: datetime | str) -> bool:
        """Whether *at* lies in an open period (open at the opening, closed at the closing).

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> desk.is_open("2026-11-23 09:00"), desk.is_open("2026-11-23 18:00")
        (True, False)
        """
        return self._timeline.is_open(self._checked(at))

    def next_open(self, at: datetime | str) -> datetime:
        """*at* itself when open, else the next opening (in the schedule's zone).

        >>> from slaclock import Schedule
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

        >>> from slaclock import Schedule
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
        from ..columnar import add

        return add(self, starts, durations)

    def subtract_many(self, ends: Any, durations: Any) -> Any:
        """:meth:`subtract` over an array of ends; see :mod:`slaclock.columnar`."""
        from ..columnar import subtract

        return subtract(self, ends, durations)

    def elapsed_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`elapsed` over arrays of starts and ends; see :mod:`slaclock.columnar`."""
        from ..columnar import elapsed

        return elapsed(self, starts, ends)

    def is_open_many(self, instants: Any) -> Any:
        """:meth:`is_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import is_open

        return is_open(self, instants)

    def next_open_many(self, instants: Any) -> Any:
        """:meth:`next_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import next_open

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

        >>> from slaclock import Schedule
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
            first = self._offsets.instant(opening, self.naive)
            return from_micros(self._add_days(first, days), self.tz)
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

        >>> from slaclock import Schedule
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

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> print(desk.next_close("2026-11-20 12:00"))
        2026-11-20 18:00:00-05:00
        >>> print(desk.next_close("2026-11-20 18:00"))       # closed: Monday's closing
        2026-11-23 18:00:00-05:00
        """
        return self._boundary(closing_after, at, "closing after")

    def previous_close(self, at: datetime | str) -> datetime:
        """The last closing at or before *at* (*at* itself at a closing). Cost: O(log n).

        >>> from slaclock import Schedule
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

        >>> from slaclock import Schedule
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
        >>> from slaclock import Schedule
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
        from ..columnar import add_days

        return add_days(self, starts, days)

    def days_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`days_between` over arrays of starts and ends; see :mod:`slaclock.columnar`."""
        from ..columnar import days_between

        return days_between(self, starts, ends)

    def next_close_many(self, instants: Any) -> Any:
        """:meth:`next_close` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import next_close

        return next_close(self, instants)

    def previous_close_many(self, instants: Any) -> Any:
        """:meth:`previous_close` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import previous_close

        return previous_close(self, instants)

    def previous_open_many(self, instants: Any) -> Any:
        """:meth:`previous_open` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import previous_open

        return previous_open(self, instants)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why closed and until when (each kind of schedule
        says how it reads its reasons)."""
        raise NotImplementedError

    def closure_many(self, instants: Any) -> Any:
        """:meth:`closure` over an array of instants; see :mod:`slaclock.columnar`."""
        from ..columnar import closure

        return closure(self, instants)

    # -- composition ----------------------------------------------------------------------

    def __or__(self, other: BaseSchedule) -> UnionSchedule:
        from .combined import UnionSchedule

        if not isinstance(other, BaseSchedule):
            return NotImplemented
        return UnionSchedule(self, other, tz=self.tz)

    def __and__(self, other: BaseSchedule) -> IntersectionSchedule:
        from .combined import IntersectionSchedule

        if not isinstance(other, BaseSchedule):
            return NotImplemented
        return IntersectionSchedule(self, other, tz=self.tz)

    def _check(self) -> None:
        """Raise ``AssertionError`` unless the compiled index keeps its invariants (tests)."""
        self._timeline.check()
