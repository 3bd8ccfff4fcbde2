"""A slow, literal model of the schedule semantics: the oracle the property tests compare with.

It shares no code with ``slaclock._timeline`` or ``Schedule._source``. Instead of a compiled
index it does exactly what the contract (docs / spec, section 1-4) says, in the plainest way:

1. For every local date in a range, take the date's override, else the weekday's intervals
   unless the calendar closes the date. Turn each interval's wall-clock endpoints into instants
   with ``naive_wall.replace(tzinfo=tz)`` (fold=0). Keep the intervals whose end is after their
   start.
2. Sort those periods and merge the ones that overlap or touch.
3. Clip to the window asked about.

Everything else is a linear walk over that list: elapsed time is the sum of clipped lengths,
``add`` walks forward spending the duration, ``subtract`` walks backward.

Instants are integer microseconds since 1970-01-01 UTC, so everything is exact.

Which local dates matter for a UTC window ``[lo, hi)``? A date D's intervals start at or after
D 00:00 local and end at most 48 wall hours later; every UTC offset is less than a day, so D's
periods lie inside ``[D - 1 day, D + 3 days)`` read as UTC. Taking the dates from
``date(lo) - 3`` to ``date(hi) + 2`` (UTC dates) therefore includes every period touching the
window, and nothing outside it can change the merged result clipped to the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

__all__ = [
    "EPOCH",
    "US",
    "IntersectionModel",
    "Model",
    "ModelNoOpenTime",
    "UnionModel",
    "VersionsModel",
    "from_us",
    "merge",
    "to_us",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US = timedelta(microseconds=1)
DAY_US = 86_400_000_000
# How far next_open / add / subtract look before giving up (the engine gives up after
# 10 empty UTC years; the property tests never get near either limit).
SEARCH_LIMIT_DAYS = 4 * 366
FIRST_WINDOW_DAYS = 8

Pair = tuple[int, int]


class ModelNoOpenTime(Exception):
    """The model found no open time within its search limit."""


def to_us(value: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (its utcoffset() decides)."""
    assert value.utcoffset() is not None, f"naive datetime {value}"
    return (value - EPOCH) // US


def from_us(micros: int, tz: tzinfo = UTC) -> datetime:
    """The aware datetime (in *tz*) of an instant in microseconds since the epoch."""
    return (EPOCH + timedelta(microseconds=micros)).astimezone(tz)


def merge(periods: Iterable[Pair]) -> list[Pair]:
    """Sort, drop empty ones, join the ones that overlap or touch."""
    merged: list[list[int]] = []
    for start, end in sorted(periods):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def clip(periods: Iterable[Pair], lo: int, hi: int) -> list[Pair]:
    """The parts of sorted, merged *periods* inside ``[lo, hi)``."""
    clipped = []
    for start, end in periods:
        start, end = max(start, lo), min(end, hi)
        if start < end:
            clipped.append((start, end))
    return clipped


def utc_date(micros: int) -> date:
    return from_us(micros).date()


class _Base:
    """The questions, answered from :meth:`open_periods` alone."""

    def raw_periods(self, first: date, last: date) -> list[Pair]:
        raise NotImplementedError

    def open_periods(self, lo: int, hi: int) -> list[Pair]:
        """The merged open periods clipped to ``[lo, hi)``, in order."""
        if hi <= lo:
            return []
        first = utc_date(lo) - timedelta(days=3)
        last = utc_date(hi) + timedelta(days=2)
        return clip(merge(self.raw_periods(first, last)), lo, hi)

    def is_open(self, at: int) -> bool:
        return bool(self.open_periods(at, at + 1))

    def elapsed(self, a: int, b: int) -> int:
        if b < a:
            return -self.elapsed(b, a)
        return sum(end - start for start, end in self.open_periods(a, b))

    def _forward(self, start: int) -> Iterable[list[Pair]]:
        """Windows ``[start, start + n days)`` of growing size, as clipped period lists."""
        days = FIRST_WINDOW_DAYS
        while days <= 2 * SEARCH_LIMIT_DAYS:
            yield self.open_periods(start, start + days * DAY_US)
            days *= 2
        raise ModelNoOpenTime(f"nothing found within {days // 2} days after {from_us(start)}")

    def _backward(self, end: int) -> Iterable[list[Pair]]:
        days = FIRST_WINDOW_DAYS
        while days <= 2 * SEARCH_LIMIT_DAYS:
            yield self.open_periods(end - days * DAY_US, end)
            days *= 2
        raise ModelNoOpenTime(f"nothing found within {days // 2} days before {from_us(end)}")

    def next_open(self, at: int) -> int:
        """*at* when open, else the start of the next open period."""
        for periods in self._forward(at):
            if periods:
                # A period clipped at `at` means `at` is open; otherwise its start is real.
                return periods[0][0]
        raise AssertionError("unreachable")

    def add(self, start: int, duration: int) -> int:
        """The earliest t >= start with elapsed(start, t) == duration."""
        assert duration >= 0
        if duration == 0:
            return start
        for periods in self._forward(start):
            remaining = duration
            for opening, closing in periods:
                if remaining <= closing - opening:
                    return opening + remaining
                remaining -= closing - opening
        raise AssertionError("unreachable")

    def subtract(self, end: int, duration: int) -> int:
        """The latest t <= end with elapsed(t, end) == duration."""
        assert duration >= 0
        if duration == 0:
            return end
        for periods in self._backward(end):
            remaining = duration
            for opening, closing in reversed(periods):
                if remaining <= closing - opening:
                    return closing - remaining
                remaining -= closing - opening
        raise AssertionError("unreachable")

    # -- boundaries (docs/schedules.md, "Boundaries") --------------------------------------------

    def _window_sizes(self) -> Iterable[int]:
        days = FIRST_WINDOW_DAYS
        while days <= 2 * SEARCH_LIMIT_DAYS:
            yield days * DAY_US
            days *= 2
        raise ModelNoOpenTime(f"nothing found within {days // 2} days")

    def next_close(self, at: int) -> int:
        """The least closing (end of a merged period) strictly after *at*."""
        for size in self._window_sizes():
            for _, closing in self.open_periods(at, at + size):
                if closing < at + size:  # not cut by the window: a real closing
                    return closing
        raise AssertionError("unreachable")

    def previous_close(self, at: int) -> int:
        """The greatest closing at or before *at*."""
        for size in self._window_sizes():
            closings = [end for _, end in self.open_periods(at - size, at + 1) if end <= at]
            if closings:
                return closings[-1]
        raise AssertionError("unreachable")

    def previous_open(self, at: int) -> int:
        """The greatest opening (start of a merged period) at or before *at*."""
        for size in self._window_sizes():
            periods = self.open_periods(at - size, at + 1)
            if periods and periods[-1][0] > at - size:  # not cut by the window
                return periods[-1][0]
        raise AssertionError("unreachable")

    def periods_before(self, end: int, count: int) -> list[Pair]:
        """The first *count* periods walking back from *end* (clipped to it), latest first."""
        for size in self._window_sizes():
            periods = self.open_periods(end - size, end)
            whole = [p for p in periods if p[0] > end - size]
            if len(whole) >= count:
                return list(reversed(whole))[:count]
        raise AssertionError("unreachable")

    # -- business days (docs/schedules.md, "Business days") --------------------------------------

    def zone(self) -> tzinfo:
        raise NotImplementedError

    def midnight(self, day: date) -> int:
        """The first instant of a local date: its 00:00 read in the zone (fold=0)."""
        return to_us(datetime.combine(day, time(0, 0)).replace(tzinfo=self.zone()))

    def is_business_day(self, day: date) -> bool:
        """A local date on which some instant is open."""
        return bool(self.open_periods(self.midnight(day), self.midnight(day + timedelta(days=1))))

    def landing_days(self, first: date, step: int) -> Iterable[date]:
        """The business days after (step 1) or before (step -1) *first*, one by one."""
        day = first
        for _ in range(2 * SEARCH_LIMIT_DAYS):
            day += timedelta(days=step)
            if self.is_business_day(day):
                yield day
        raise ModelNoOpenTime(f"no business day within {2 * SEARCH_LIMIT_DAYS} days")

    def add_days(self, start: int, days: int) -> int:
        """From t0 = next_open(start): t0's wall time on the |days|-th business day after (or
        before) t0's local date, read in the zone (fold=0), then next_open of that."""
        opening = self.next_open(start)
        if days == 0:
            return opening
        local = from_us(opening, self.zone())
        steps = self.landing_days(local.date(), 1 if days > 0 else -1)
        landing = [next(steps) for _ in range(abs(days))][-1]
        wall = datetime.combine(landing, local.time().replace(fold=0)).replace(tzinfo=self.zone())
        return self.next_open(to_us(wall))

    def days_between(self, start: int, end: int) -> int:
        """The largest n >= 0 with add_days(start, n) <= end; -days_between(end, start) when
        end is before start."""
        if end < start:
            return -self.days_between(end, start)
        if self.elapsed(start, end) == 0:
            return 0
        opening = self.next_open(start)
        local = from_us(opening, self.zone())
        found = 0
        for count, landing in enumerate(self.landing_days(local.date(), 1)):
            wall = datetime.combine(landing, local.time().replace(fold=0))
            if self.next_open(to_us(wall.replace(tzinfo=self.zone()))) > end:
                return found
            found = count + 1
        raise AssertionError("unreachable")

    # -- closures (docs/schedules.md, "Why is it closed now?"); single schedules only ----------

    def weekly_on(self, day: date) -> tuple[Pair, ...]:
        """The weekly intervals of a local date's weekday (no calendar, no override)."""
        raise NotImplementedError

    def intervals_on(self, day: date) -> tuple[Pair, ...]:
        raise NotImplementedError

    def overridden(self, day: date) -> bool:
        raise NotImplementedError

    def holiday_name(self, day: date) -> str | None:
        raise NotImplementedError

    def closed(self, day: date) -> bool:
        """Whether the calendar closes the whole date."""
        return False

    def event_at(self, at: int, day: date) -> tuple[int, int, str | None] | None:
        """The timed closure holding *at* (the earliest by start, end, name), if any, of the
        calendar in force on the local date *day* (the date whose hours would hold *at*)."""
        return None

    def closure(self, at: int) -> tuple[str, date, int, str | None] | None:
        """None when open; else (reason, day, until, name) as docs/schedules.md says: when the
        weekly hours alone (no calendar, no overrides) would be open at *at*, the latest local
        date whose weekly interval holds *at*, closed by its override or the calendar;
        otherwise *at*'s own local date: its override or holiday if it closes the whole date,
        "closed weekday" when its weekday has no hours, else "outside hours"."""
        if self.is_open(at):
            return None
        until = self.next_open(at)
        day = from_us(at, self.zone()).date()
        covering = None
        for back in (3, 2, 1, 0, -1):
            earlier = day - timedelta(days=back)
            midnight = datetime.combine(earlier, time(0, 0))
            for start, end in self.weekly_on(earlier):
                opening = to_us((midnight + timedelta(seconds=start)).replace(tzinfo=self.zone()))
                closing = to_us((midnight + timedelta(seconds=end)).replace(tzinfo=self.zone()))
                if opening <= at < closing:
                    covering = earlier
        if covering is None and self.intervals_on(day):
            return ("outside hours", day, until, None)
        which = day if covering is None else covering
        if covering is not None and not self.overridden(which) and not self.closed(which):
            event = self.event_at(at, which)
            if event is not None:  # docs/calendars-ics.md: a timed event closes these hours
                return ("event", which, until, event[2])
        if self.overridden(which):
            return ("override", which, until, None)
        if self.weekly_on(which):
            return ("holiday", which, until, self.holiday_name(which))
        weekdays = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        return ("closed weekday", which, until, weekdays[which.weekday()])

    # -- datetime conveniences ----------------------------------------------------------------

    def periods_dt(self, a: datetime, b: datetime) -> list[tuple[datetime, datetime]]:
        return [(from_us(s), from_us(e)) for s, e in self.open_periods(to_us(a), to_us(b))]


@dataclass(frozen=True)
class Model(_Base):
    """One schedule: weekly intervals (seconds after local midnight), zone, calendar, overrides.

    ``days[weekday]`` and ``overrides[date]`` are sequences of ``(start, end)`` seconds after the
    local midnight of the date the interval starts on; ``end`` may pass 86400 (overnight).
    ``calendar`` is anything answering ``day in calendar``.
    """

    days: tuple[tuple[Pair, ...], ...]
    tz: tzinfo
    calendar: Any = None
    overrides: Mapping[date, tuple[Pair, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, schedule: Any) -> Model:
        """The model of a ``slaclock.Schedule``, read from its public attributes."""
        return cls(
            days=tuple(_pairs(day) for day in schedule.hours.days),
            tz=schedule.tz,
            calendar=schedule.calendar,
            overrides={day: _pairs(intervals) for day, intervals in schedule.overrides.items()},
        )

    def zone(self) -> tzinfo:
        return self.tz

    def weekly_on(self, day: date) -> tuple[Pair, ...]:
        return tuple(self.days[day.weekday()])

    def overridden(self, day: date) -> bool:
        return day in self.overrides

    def holiday_name(self, day: date) -> str | None:
        getter = getattr(self.calendar, "get", None)
        name = getter(day) if getter is not None else None
        return name if isinstance(name, str) else None

    def intervals_on(self, day: date) -> tuple[Pair, ...]:
        """The intervals starting on a local date: override, else weekday unless closed
        (before timed closures)."""
        if day in self.overrides:
            return tuple(self.overrides[day])
        if self.calendar is not None and day in self.calendar:
            return ()
        return tuple(self.days[day.weekday()])

    def closed(self, day: date) -> bool:
        return self.calendar is not None and day in self.calendar

    def timed(self, first: date, last: date) -> list[tuple[int, int, str | None]]:
        """docs/calendars-ics.md: the calendar's timed closures (its ``closed_hours``) as
        instants, a floating (naive) time read in the zone with fold=0."""
        closed_hours = getattr(self.calendar, "closed_hours", None)
        if closed_hours is None:
            return []
        found = set()
        for start, end, name in closed_hours(first - timedelta(days=3), last + timedelta(days=3)):
            pair = [
                to_us(moment if moment.tzinfo is not None else moment.replace(tzinfo=self.tz))
                for moment in (start, end)
            ]
            if pair[0] < pair[1]:
                found.add((pair[0], pair[1], name))
        return sorted(found, key=lambda item: (item[0], item[1], item[2] or ""))

    def event_at(self, at: int, day: date) -> tuple[int, int, str | None] | None:
        near = utc_date(at)
        for event in self.timed(near, near):
            if event[0] <= at < event[1]:
                return event
        return None

    def raw_periods(self, first: date, last: date) -> list[Pair]:
        """Every interval starting on a local date in ``[first, last]``, as instants; a date
        not overridden loses the instants its calendar's timed closures hold."""
        found = []
        events = self.timed(first, last)
        day = first
        while day <= last:
            midnight = datetime.combine(day, time(0, 0))
            for start, end in self.intervals_on(day):
                opening = (midnight + timedelta(seconds=start)).replace(tzinfo=self.tz)
                closing = (midnight + timedelta(seconds=end)).replace(tzinfo=self.tz)
                pieces = [(to_us(opening), to_us(closing))]
                if day not in self.overrides:
                    for low, high, _ in events:  # each event takes its instants out
                        pieces = [
                            piece
                            for a, b in pieces
                            for piece in ((a, min(b, low)), (max(a, high), b))
                            if piece[0] < piece[1]
                        ]
                found.extend(pieces)
            day += timedelta(days=1)
        return found


@dataclass(frozen=True)
class UnionModel(_Base):
    """Open exactly when some member is open."""

    members: Sequence[_Base]

    def zone(self) -> tzinfo:
        return self.members[0].zone()

    def raw_periods(self, first: date, last: date) -> list[Pair]:
        found: list[Pair] = []
        for member in self.members:
            found.extend(member.raw_periods(first, last))
        return found

    def closure(self, at: int) -> tuple[str, date, int, str | None] | None:
        """docs/schedules.md: closed when every member is; the closure of the member that
        opens first (the first on a tie; one that never opens is passed over), until the
        union's next opening."""
        if self.is_open(at):
            return None
        until = self.next_open(at)
        first = None
        for member in self.members:
            try:
                found = member.closure(at)
            except ModelNoOpenTime:
                continue
            assert found is not None
            if first is None or found[2] < first[2]:
                first = found
        assert first is not None
        return (first[0], first[1], until, first[3])


@dataclass(frozen=True)
class IntersectionModel(_Base):
    """Open exactly when every member is open."""

    members: Sequence[_Base]

    def zone(self) -> tzinfo:
        return self.members[0].zone()

    def raw_periods(self, first: date, last: date) -> list[Pair]:
        found = merge(self.members[0].raw_periods(first, last))
        for member in self.members[1:]:
            other = merge(member.raw_periods(first, last))
            found = [
                (max(a, c), min(b, d)) for a, b in found for c, d in other if max(a, c) < min(b, d)
            ]
        return found

    def closure(self, at: int) -> tuple[str, date, int, str | None] | None:
        """docs/schedules.md: closed when any member is; the closure of the closed member that
        opens last (the first on a tie), until the intersection's next opening."""
        if self.is_open(at):
            return None
        until = self.next_open(at)
        last = None
        for member in self.members:
            found = member.closure(at)
            if found is not None and (last is None or found[2] > last[2]):
                last = found
        assert last is not None
        return (last[0], last[1], until, last[3])


@dataclass(frozen=True)
class VersionsModel(_Base):
    """Versions of a schedule (docs/schedules.md, "Hours that change"): each local date is
    read under the version in force on it, the latest whose date is on or before it (the
    first version before them all); every question follows from those dates' intervals."""

    versions: Sequence[tuple[date, Model]]

    def zone(self) -> tzinfo:
        return self.versions[0][1].tz

    def version_on(self, day: date) -> Model:
        found = self.versions[0][1]
        for start, model in self.versions:
            if start <= day:
                found = model
        return found

    def weekly_on(self, day: date) -> tuple[Pair, ...]:
        return self.version_on(day).weekly_on(day)

    def intervals_on(self, day: date) -> tuple[Pair, ...]:
        return self.version_on(day).intervals_on(day)

    def overridden(self, day: date) -> bool:
        return self.version_on(day).overridden(day)

    def holiday_name(self, day: date) -> str | None:
        return self.version_on(day).holiday_name(day)

    def closed(self, day: date) -> bool:
        return self.version_on(day).closed(day)

    def event_at(self, at: int, day: date) -> tuple[int, int, str | None] | None:
        return self.version_on(day).event_at(at, day)  # (the version the hours began under)

    def raw_periods(self, first: date, last: date) -> list[Pair]:
        found: list[Pair] = []
        day = first
        while day <= last:
            found.extend(self.version_on(day).raw_periods(day, day))
            day += timedelta(days=1)
        return found


def _pairs(intervals: Iterable[Any]) -> tuple[Pair, ...]:
    return tuple((interval.start, interval.end) for interval in intervals)
