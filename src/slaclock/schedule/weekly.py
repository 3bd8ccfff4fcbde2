"""Schedules of weekly hours (:class:`Schedule`): weekly hours in a time zone, closed on a
calendar's dates, with overrides; the open periods of each local date, and the open time and
*shape* of whole UTC years worked out without building their index.

>>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> print(desk.add("2026-11-20 16:00", "4h"))
2026-11-23 11:00:00-05:00
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Iterator, Mapping
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import partial
from itertools import accumulate, compress, repeat
from operator import add, mul, ne
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._questions import Closure, closure_at, cut_out, local_ordinal
from .._timeline import year_start
from ..calendars import (
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
from ..errors import InvalidScheduleError, SlaclockError, shown
from ..hours import (
    HoursSpec,
    Interval,
    OverridesSpec,
    WeeklyHours,
    format_intervals,
    parse_overrides,
    without_breaks,
)
from ..periods import Period
from ..zones import ONE_MICROSECOND, NaivePolicy, from_micros, zone_name
from .base import BaseSchedule
from .day_offsets import DayOffsets

if TYPE_CHECKING:
    from ..schedule_versions import VersionedSchedule

__all__ = ["Schedule"]

_ONE_DAY = timedelta(days=1)
_ONE_SECOND = timedelta(seconds=1)
_MICROS = ONE_MICROSECOND
_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_DAY = 86_400 * _MICROS_PER_SECOND
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_NOON = time(12)


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
        self._setup(tz, naive, totals=self._year_totals, shapes=self.year_shapes)

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
        from ..schedule_versions import VersionedSchedule, version_date

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

    def year_shapes(self, first: int, last: int) -> list[Hashable] | None:
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
    from ..calendars import ClosedDates

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
