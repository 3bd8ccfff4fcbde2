"""Schedules whose hours change over time: versions of a schedule, each in force from a local
date on.

>>> from datetime import date
>>> from slaclock import Schedule
>>> desk = Schedule.versions(
...     {date(2026, 1, 1): {"mon-fri": "09:00-18:00"},
...      date(2027, 1, 1): {"mon-fri": "08:00-20:00"}},
...     tz="America/New_York",
... )
>>> print(desk.add("2026-12-31 16:00", "4h"))   # 2 h under the old hours, 2 h under the new
2027-01-01 10:00:00-05:00

A local date takes its intervals from the version in force on it: the one with the latest
date on or before it, the first version for the dates before them all. An interval belongs to
the date it starts on (as a calendar's closed date closes the intervals that start on it), so
an overnight shift that starts the evening before a change runs its whole shift under the old
version, and the new version's hours start on the change date.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, final

from ._questions import closure_at, cut_out
from .calendars import timed_closure_at, timed_closures
from .errors import InvalidScheduleError, shown
from .hours import Interval, read_date
from .schedule import BaseSchedule, Closure, DayOffsets, Schedule
from .zones import MICROS_PER_DAY, MICROS_PER_SECOND, NaivePolicy, from_micros, zone_name

__all__ = ["VersionedSchedule", "version_date"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_BEFORE = 3
"""A UTC year's chunk is built from the local dates from three days before 1 January..."""
_AFTER = 1
"""...to one day after the next 1 January (``Schedule._source``)."""


def version_date(value: object, where: str = "version") -> date:
    """The date a version is in force from: a ``date`` (not a ``datetime``) or ISO text
    ``YYYY-MM-DD``.

    >>> version_date("2027-01-01")
    datetime.date(2027, 1, 1)
    >>> version_date("2027-13-01")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidScheduleError: version '2027-13-01': expected a date YYYY-MM-DD such as 2027-01-01, from which the version is in force
    """
    day = read_date(value)
    if day is not None:
        return day
    raise InvalidScheduleError(
        f"{where} {shown(value)}: expected a date YYYY-MM-DD such as 2027-01-01, from which "
        f"the version is in force"
    )


@final
class VersionedSchedule(BaseSchedule):
    """A schedule whose hours change over time: *versions* maps the local date each version
    is in force from (a ``date`` or ``"YYYY-MM-DD"``) to a :class:`~slaclock.Schedule`.

    All versions share one zone. A local date's intervals are those of the version in force
    on it (the latest date on or before it; the first version before them all), with that
    version's calendar and overrides. Every question a schedule answers works across a
    change, exactly: the index of a UTC year is built from the dates of each version, and
    years that lie whole inside one version are counted from that version's own cheap totals.
    ``Schedule.versions`` builds one from hours alone.

    >>> from slaclock import Schedule
    >>> desk = VersionedSchedule({
    ...     "2026-01-01": Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid"),
    ...     "2026-07-01": Schedule({"mon-fri": "08:00-15:00"}, tz="Europe/Madrid"),
    ... })
    >>> print(desk.next_close("2026-07-01 10:00"))     # summer hours from 1 July
    2026-07-01 15:00:00+02:00
    >>> desk.version_on(date(2026, 6, 30)).hours
    WeeklyHours({'mon-fri': '09:00-18:00'})
    """

    __slots__ = ("_ordinals", "_schedules", "versions")

    versions: Mapping[date, Schedule]
    _ordinals: tuple[int, ...]
    _schedules: tuple[Schedule, ...]

    def __init__(self, versions: Mapping[Any, Schedule], *, naive: NaivePolicy = "assume") -> None:
        if not isinstance(versions, Mapping) or not versions:
            raise InvalidScheduleError(
                f"versions {shown(versions)}: expected a mapping of at least one date (from "
                f"which each version is in force) to a Schedule"
            )
        found: dict[date, Schedule] = {}
        for key, schedule in versions.items():
            day = version_date(key)
            if not isinstance(schedule, Schedule):
                raise InvalidScheduleError(
                    f"version {day}: expected a Schedule (weekly hours, zone, calendar, "
                    f"overrides), got {type(schedule).__name__}"
                )
            if day in found:
                raise InvalidScheduleError(f"version {day}: given twice")
            found[day] = schedule
        ordered = dict(sorted(found.items()))
        first = next(iter(ordered.values()))
        for day, schedule in ordered.items():
            if zone_name(schedule.tz) != zone_name(first.tz):
                raise InvalidScheduleError(
                    f"version {day}: zone {zone_name(schedule.tz)!r}, expected "
                    f"{zone_name(first.tz)!r} as the first version's: the versions of a "
                    f"schedule share one zone"
                )
        object.__setattr__(self, "versions", MappingProxyType(ordered))
        object.__setattr__(self, "_ordinals", tuple(day.toordinal() for day in ordered))
        object.__setattr__(self, "_schedules", tuple(ordered.values()))
        self._setup(first.tz, naive, totals=self._year_totals)

    # -- which version ----------------------------------------------------------------------

    def _index(self, ordinal: int) -> int:
        return max(bisect_right(self._ordinals, ordinal) - 1, 0)

    def version_on(self, day: date) -> Schedule:
        """The version in force on a local date: the one with the latest date on or before
        it (the first version for dates before every version). O(log v).

        >>> from slaclock import Schedule
        >>> desk = Schedule.versions({"2026-01-01": {"mon": "09:00-10:00"},
        ...                           "2027-01-01": {"tue": "09:00-10:00"}}, tz="UTC")
        >>> [desk.version_on(date(year, 6, 1)).hours for year in (2020, 2026, 2030)]
        [WeeklyHours({'mon': '09:00-10:00'}), WeeklyHours({'mon': '09:00-10:00'}), WeeklyHours({'tue': '09:00-10:00'})]
        """
        return self._schedules[self._index(day.toordinal())]

    def version_date_on(self, day: date) -> date:
        """The date from which the version in force on a local date applies (the first
        version's date for dates before it).

        >>> from slaclock import Schedule
        >>> desk = Schedule.versions({"2026-01-01": {"mon": "09:00-10:00"},
        ...                           "2027-01-01": {"tue": "09:00-10:00"}}, tz="UTC")
        >>> print(desk.version_date_on(date(2027, 3, 1)))
        2027-01-01
        """
        return date.fromordinal(self._ordinals[self._index(day.toordinal())])

    def intervals_on(self, day: date) -> tuple[Interval, ...]:
        """The intervals that start on a local date, from the version in force on it."""
        return self.version_on(day).intervals_on(day)

    # -- the index ---------------------------------------------------------------------------

    def _runs(self, first: int, last: int) -> Iterator[tuple[Schedule, int, int]]:
        """The versions in force on the local dates *first* to *last* (ordinals), with the
        dates of each: (version, first ordinal, last ordinal), in order."""
        schedules = self._schedules
        index = self._index(first)
        day = first
        while day <= last:
            following = self._ordinals[index + 1] if index + 1 < len(schedules) else last + 1
            end = min(last, following - 1)
            yield schedules[index], day, end
            day, index = end + 1, index + 1

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        """The open periods of the local dates around a UTC year (as ``Schedule._source``
        takes them), each date's from the version in force on it."""
        offsets = DayOffsets(self.tz)
        first = date(year, 1, 1).toordinal() - _BEFORE
        last = date(year + 1, 1, 1).toordinal() + _AFTER
        for version, low, high in self._runs(first, last):
            spans = timed_closures(
                version.calendar,
                (low - 1 - _EPOCH_ORDINAL) * MICROS_PER_DAY,
                (high + 3 - _EPOCH_ORDINAL) * MICROS_PER_DAY,
                self.tz,
            )
            for ordinal in range(low, high + 1):
                day = date.fromordinal(ordinal)
                intervals = version.intervals_on(day, timed=False)
                midnight = (ordinal - _EPOCH_ORDINAL) * MICROS_PER_DAY
                periods = [
                    (
                        offsets.resolve(midnight + interval.start * MICROS_PER_SECOND),
                        offsets.resolve(midnight + interval.end * MICROS_PER_SECOND),
                    )
                    for interval in intervals
                ]
                yield from (
                    cut_out(periods, spans) if spans and day not in version.overrides else periods
                )

    def _year_totals(self, first: int, last: int) -> list[int]:
        """The open time of each UTC year from *first* to *last*: a run of years whose local
        dates (those their chunks are built from) lie in one version is that version's cheap
        total, exactly; a year with a change among its dates builds its own chunk."""
        totals: list[int] = []
        year = first
        while year <= last:
            index = self._sole_version(year)
            if index is None:
                totals.append(self.timeline.chunk(year).total)
                year += 1
                continue
            end = year
            while end < last and self._sole_version(end + 1) == index:
                end += 1
            totals.extend(self._schedules[index].timeline.totals(year, end))
            year = end + 1
        return totals

    def _sole_version(self, year: int) -> int | None:
        """The index of the one version in force on every local date a UTC year's chunk is
        built from, or None when a change falls among them."""
        first = date(year, 1, 1).toordinal() - _BEFORE
        last = date(year + 1, 1, 1).toordinal() + _AFTER
        index = self._index(first)
        return index if index == self._index(last) else None

    # -- closures ----------------------------------------------------------------------------

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why closed and until when, as
        :meth:`Schedule.closure <slaclock.Schedule.closure>` says, each local date read under
        the version in force on it (a night shift's hours after midnight, and the timed
        closures of its calendar, under the version of the date the shift began). Cost:
        O(log n).

        >>> from slaclock import Schedule
        >>> desk = Schedule.versions({"2026-01-01": {"mon-fri": "09:00-18:00"},
        ...                           "2027-01-01": {"mon-thu": "09:00-18:00"}}, tz="UTC")
        >>> found = desk.closure("2027-01-08 10:00")       # Fridays closed from 2027
        >>> found.reason, found.name, str(found.until)
        ('closed weekday', 'friday', '2027-01-11 09:00:00+00:00')
        """
        micros = self._checked(at)
        if self.timeline.is_open(micros):
            return None
        return closure_at(
            micros,
            self.next_open(at),
            from_micros(micros, self.tz).date(),
            lambda day: self.version_on(day).weekly_on(day),
            lambda day: self.version_on(day).intervals_on(day, timed=False),
            lambda day: day in self.version_on(day).overrides,
            lambda day: self.version_on(day).holiday_name(day),
            self.day_offsets.resolve,
            lambda day: day in self.version_on(day).calendar,
            lambda micros, day: timed_closure_at(self.version_on(day).calendar, micros, self.tz),
        )

    # -- values ------------------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VersionedSchedule):
            return NotImplemented
        return (tuple(self.versions.items()), self.naive) == (
            tuple(other.versions.items()),
            other.naive,
        )

    def __hash__(self) -> int:
        return hash((tuple(self.versions.items()), self.naive))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_versions, (dict(self.versions), self.naive))

    def __repr__(self) -> str:
        shown_versions = ", ".join(
            f"{day.isoformat()!r}: {schedule!r}" for day, schedule in self.versions.items()
        )
        naive = f", naive={self.naive!r}" if self.naive != "assume" else ""
        return f"VersionedSchedule({{{shown_versions}}}{naive})"


def _rebuild_versions(versions: dict[date, Schedule], naive: NaivePolicy) -> VersionedSchedule:
    return VersionedSchedule(versions, naive=naive)
