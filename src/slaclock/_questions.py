"""More questions over a compiled timeline: boundaries (closings and openings either side of an
instant, the open periods before one) and business days (local dates with open time).

Instants are integer microseconds since 1970-01-01 UTC, as in :mod:`slaclock._timeline`. A
timeline cuts its open periods at UTC New Year; every answer here joins the two pieces again,
so a closing or an opening is always a real one (an overnight shift across New Year closes
once, in the morning).

Closures (:class:`Closure`) say why a schedule is closed at an instant, from its weekly
hours, overrides and calendar.

Business days are kept per *local* year (the schedule's zone): the sorted ordinals of the
local dates on which some open instant falls, read from the chunks of the UTC years around
it and remembered in the timeline's ``memo``. Moving by business days and counting them then
costs one bisection plus one step per local year crossed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal, TypeAlias

from ._timeline import LOOKAHEAD_YEARS, MAX_YEAR, MIN_YEAR, Chunk, Timeline, year_start
from .errors import NoOpenTimeError, OutOfRangeError
from .hours import Interval
from .zones import EPOCH, MICROS_PER_DAY, MICROS_PER_SECOND

__all__ = [
    "Closure",
    "ClosureReason",
    "business_day_counts",
    "business_days",
    "closing_after",
    "closing_at_or_before",
    "closure_at",
    "count_business_days",
    "cut_out",
    "local_ordinal",
    "open_periods_before",
    "opening_at_or_before",
    "overlap",
    "shift_business_days",
    "wall_micros",
]

_ONE_MICROSECOND = timedelta(microseconds=1)


def _continues(timeline: Timeline, chunk: Chunk) -> bool:
    """Whether the chunk's last period runs on into the next UTC year (cut at New Year); at
    the end of the supported years, whether it reaches that end (the next step then raises
    :class:`OutOfRangeError`: what follows is not known)."""
    if not chunk.ends or chunk.ends[-1] != chunk.hi:
        return False
    if chunk.year >= MAX_YEAR:
        return True
    following = timeline.chunk(chunk.year + 1)
    return bool(following.starts) and following.starts[0] == chunk.hi


def _no_change(timeline: Timeline, first: int, last: int, what: str) -> NoOpenTimeError:
    """The error of a search through the UTC years *first* to *last*, named by the local
    datetimes (in the schedule's zone) at which they start and end."""
    low, high = sorted((first, last))
    return NoOpenTimeError(
        f"no {what} from {timeline.show(year_start(low))} to "
        f"{timeline.show(year_start(high + 1))} (the schedule is open throughout, or closed "
        f"throughout): the search stops after {LOOKAHEAD_YEARS} such years"
    )


def closing_after(timeline: Timeline, micros: int) -> int:
    """The first closing after *micros*: the end of the open period holding it, else of the
    next one. A closing instant is closed, so at a closing the answer is the next one."""
    chunk = timeline.chunk_at(micros)
    index = bisect_right(chunk.ends, micros)
    passed = 0
    while True:
        last = len(chunk.ends) - 1
        if index <= last and not (index == last and _continues(timeline, chunk)):
            return chunk.ends[index]
        passed += 1
        if passed >= LOOKAHEAD_YEARS:
            raise _no_change(timeline, chunk.year, chunk.year - passed + 1, "closing")
        chunk, index = timeline.chunk(chunk.year + 1), 0


def closing_at_or_before(timeline: Timeline, micros: int) -> int:
    """The last closing at or before *micros* (*micros* itself at a closing)."""
    chunk = timeline.chunk_at(micros)
    index = bisect_right(chunk.ends, micros) - 1
    passed = 0
    while True:
        if index >= 0 and index == len(chunk.ends) - 1 and _continues(timeline, chunk):
            index -= 1  # a piece cut at New Year is no closing: the one before it
        if index >= 0:
            return chunk.ends[index]
        passed += 1
        if passed >= LOOKAHEAD_YEARS:
            raise _no_change(timeline, chunk.year, chunk.year + passed - 1, "closing")
        chunk = timeline.chunk(chunk.year - 1)
        index = len(chunk.ends) - 1


def _joined_before(timeline: Timeline, chunk: Chunk) -> bool:
    """Whether the chunk's first period continues one of the UTC year before (at the start
    of the supported years, whether it starts there: what precedes is not known)."""
    if not chunk.starts or chunk.starts[0] != chunk.lo:
        return False
    if chunk.year <= MIN_YEAR:
        return True
    before = timeline.chunk(chunk.year - 1)
    return bool(before.ends) and before.ends[-1] == chunk.lo


def opening_at_or_before(timeline: Timeline, micros: int) -> int:
    """The last opening at or before *micros*: the start of the open period holding it (which
    is *micros* at an opening), else of the one before."""
    chunk = timeline.chunk_at(micros)
    index = bisect_right(chunk.starts, micros) - 1
    passed = 0
    while True:
        if index == 0 and _joined_before(timeline, chunk):
            index = -1  # a piece cut at New Year is no opening: the one before it
        if index >= 0:
            return chunk.starts[index]
        passed += 1
        if passed >= LOOKAHEAD_YEARS:
            raise _no_change(timeline, chunk.year, chunk.year + passed - 1, "opening")
        chunk = timeline.chunk(chunk.year - 1)
        index = len(chunk.starts) - 1


def open_periods_before(timeline: Timeline, end: int) -> Iterator[tuple[int, int]]:
    """The open periods before *end* (clipped to it), latest first, pieces across New Year
    joined. Ends at the start of the supported years; after ``LOOKAHEAD_YEARS`` UTC years in
    a row without an opening (without open time, or open throughout) it stops with
    :class:`NoOpenTimeError`, as ``subtract`` does."""
    chunk = timeline.chunk_at(end)
    index = bisect_left(chunk.starts, end) - 1
    pending: tuple[int, int] | None = None
    passed = 0
    while True:
        starts, ends = chunk.starts, chunk.ends
        found = False
        while index >= 0:
            piece = (starts[index], min(ends[index], end))
            if pending is not None and pending[0] == piece[1]:
                pending = (piece[0], pending[1])
            else:
                if pending is not None:
                    yield pending
                    found = True
                pending = piece
            index -= 1
        if pending is not None and pending[0] != chunk.lo:
            yield pending
            pending, found = None, True
        if chunk.year <= MIN_YEAR:
            break
        passed = 0 if found else passed + 1
        if passed >= LOOKAHEAD_YEARS:
            raise _no_change(timeline, chunk.year, chunk.year + passed - 1, "opening")
        chunk = timeline.chunk(chunk.year - 1)
        index = len(chunk.starts) - 1
    if pending is not None:
        yield pending


# -- business days --------------------------------------------------------------------------


def local_ordinal(micros: int, tz: tzinfo) -> int:
    """The proleptic ordinal of the local date (in *tz*) of an instant."""
    return (EPOCH + micros * _ONE_MICROSECOND).astimezone(tz).toordinal()


def business_days(timeline: Timeline, tz: tzinfo, year: int) -> list[int]:
    """The ordinals of the local dates of local *year* on which some open instant falls,
    sorted; built once per timeline and year from the UTC years around it. Local years
    ``MIN_YEAR - 1`` to ``MAX_YEAR + 1`` can be asked (each holds what the supported UTC years
    hold of it); others are :class:`OutOfRangeError`."""
    key = ("business days", year)
    found = timeline.memo.get(key)
    if found is not None:
        assert isinstance(found, list)
        return found
    if not MIN_YEAR - 1 <= year <= MAX_YEAR + 1:
        raise OutOfRangeError(
            f"local year {year} is outside the years slaclock supports: expected {MIN_YEAR} to "
            f"{MAX_YEAR}"
        )
    first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    days: set[int] = set()
    for utc in range(max(year - 1, MIN_YEAR), min(year + 1, MAX_YEAR) + 1):
        chunk = timeline.chunk(utc)
        for start, end in zip(chunk.starts, chunk.ends, strict=True):
            low = max(local_ordinal(start, tz), first)
            high = min(local_ordinal(end - 1, tz), last)
            days.update(range(low, high + 1))
    result = sorted(days)
    timeline.memo[key] = result
    return result


_COUNTED_YEARS = 64
"""How many local years a walk over business days counts at once, ahead of it."""


def business_day_counts(timeline: Timeline, tz: tzinfo, first: int, last: int) -> list[int]:
    """How many business days each local year from *first* to *last* holds (kept).

    A local year's business days are read from the chunks of the UTC years around it; when
    those three years have the shapes of those around a year already counted
    (:meth:`Timeline.shapes`: the same periods moved, on the same local dates), its count is
    that year's. Years repeat their shapes, so across centuries a few chunks are built per
    shape, not three per year; a timeline without shapes builds each year's list."""
    counts = timeline.memo.setdefault("business day counts", {})
    known = timeline.memo.setdefault("business day counts by shape", {})
    assert isinstance(counts, dict)
    assert isinstance(known, dict)
    missing = [year for year in range(first, last + 1) if year not in counts]
    if missing:
        low, high = max(missing[0], MIN_YEAR + 1), min(missing[-1], MAX_YEAR - 1)
        shapes = timeline.shapes(low - 1, high + 1) if low <= high else None
        for year in missing:
            listed = timeline.memo.get(("business days", year))
            if isinstance(listed, list) or shapes is None or not low <= year <= high:
                counts[year] = len(business_days(timeline, tz, year))
                continue
            around = year - low  # the index of the UTC year before, in shapes
            key = (shapes[around], shapes[around + 1], shapes[around + 2])
            if key not in known:
                known[key] = len(business_days(timeline, tz, year))
            counts[year] = known[key]
    return [counts[year] for year in range(first, last + 1)]


def _count_ahead(timeline: Timeline, tz: tzinfo, year: int, step: int) -> int:
    """The business days of local *year*, counted with the years after (step=1) or before
    (step=-1) it that a walk will cross next."""
    counts = timeline.memo.get("business day counts")
    if isinstance(counts, dict) and year in counts:
        found: int = counts[year]
        return found
    low, high = sorted((year, year + step * (_COUNTED_YEARS - 1)))
    low, high = max(low, MIN_YEAR - 1), min(high, MAX_YEAR + 1)
    if not low <= year <= high:
        business_days(timeline, tz, year)  # raises OutOfRangeError
    return business_day_counts(timeline, tz, low, high)[year - low]


def shift_business_days(timeline: Timeline, tz: tzinfo, day: int, count: int) -> int:
    """The business day *count* business days after the business day *day* (ordinals;
    before it when *count* is negative). One bisection, plus one step per local year
    crossed, by its count of business days (:func:`business_day_counts`); ``LOOKAHEAD_YEARS``
    local years in a row without a business day end the search with
    :class:`NoOpenTimeError`."""
    year = date.fromordinal(day).year
    days = business_days(timeline, tz, year)
    target = bisect_left(days, day) + count
    size = len(days)
    empty = 0
    while target >= size or target < 0:
        if target >= size:
            target -= size
            year += 1
            size = _count_ahead(timeline, tz, year, 1)
        else:
            year -= 1
            size = _count_ahead(timeline, tz, year, -1)
            target += size
        empty = empty + 1 if not size else 0
        if empty >= LOOKAHEAD_YEARS:
            low, high = sorted((year, year - (empty - 1) * (1 if count > 0 else -1)))
            raise NoOpenTimeError(
                f"no business day in local years {low} to {high}: the search stops after "
                f"{LOOKAHEAD_YEARS} such years"
            )
    return business_days(timeline, tz, year)[target]


def count_business_days(timeline: Timeline, tz: tzinfo, after: int, upto: int) -> int:
    """How many business days lie after local date *after* and at or before *upto*
    (ordinals, ``after <= upto``): one bisection per end, plus the counts of the local years
    between them (:func:`business_day_counts`)."""
    first, last = date.fromordinal(after).year, date.fromordinal(upto).year
    head = business_days(timeline, tz, first)
    if first == last:
        return bisect_right(head, upto) - bisect_right(head, after)
    total = len(head) - bisect_right(head, after)
    if first + 1 < last:
        total += sum(business_day_counts(timeline, tz, first + 1, last - 1))
    return total + bisect_right(business_days(timeline, tz, last), upto)


def wall_micros(moment: datetime) -> int:
    """The wall time of-day of an aware datetime, in microseconds after its local midnight."""
    return (
        (moment.hour * 60 + moment.minute) * 60 + moment.second
    ) * 1_000_000 + moment.microsecond


def overlap(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans both sorted, disjoint lists of periods cover: one pass over both."""
    found: list[tuple[int, int]] = []
    i = j = 0
    while i < len(first) and j < len(second):
        start = max(first[i][0], second[j][0])
        end = min(first[i][1], second[j][1])
        if start < end:
            found.append((start, end))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return found


def cut_out(
    periods: list[tuple[int, int]], spans: Sequence[tuple[int, int, object]]
) -> list[tuple[int, int]]:
    """*periods* less every span (spans sorted by start): what the timed closures leave."""
    found = []
    for opening, closing in periods:
        for start, end, _ in spans:
            if start >= closing:
                break
            if end <= opening:
                continue
            if start > opening:
                found.append((opening, start))
            opening = max(opening, end)
            if opening >= closing:
                break
        if opening < closing:
            found.append((opening, closing))
    return found


# -- closures ---------------------------------------------------------------------------------

ClosureReason: TypeAlias = Literal[
    "outside hours", "closed weekday", "holiday", "override", "event"
]
"""Why a schedule is closed (:class:`Closure`)."""
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


@dataclass(frozen=True, slots=True)
class Closure:
    """Why a schedule is closed at an instant (``Schedule.closure``), and until when.

    * *reason*: ``"outside hours"``, ``"closed weekday"``, ``"holiday"``, ``"override"`` or
      ``"event"`` (a timed event of the calendar closes those hours);
    * *day*: the local date whose hours (or lack of them) close the instant;
    * *until*: the next opening, in the schedule's zone;
    * *name*: the holiday's or the event's name (when the calendar gives one) or the closed
      weekday's;
    * *ends*: for an event, its end (in the schedule's zone), else ``None``.
    """

    reason: ClosureReason
    day: date
    until: datetime
    name: str | None = None
    ends: datetime | None = None


def closure_at(
    micros: int,
    until: datetime,
    day: date,
    weekly: Callable[[date], tuple[Interval, ...]],
    intervals_on: Callable[[date], tuple[Interval, ...]],
    overridden: Callable[[date], bool],
    name_of: Callable[[date], str | None],
    resolve: Callable[[int], int],
    closed: Callable[[date], bool] | None = None,
    event: Callable[[int, date], tuple[int, int, str | None] | None] | None = None,
) -> Closure:
    """Why a closed instant (on local date *day*) is closed: the latest date from two days
    before to the day after whose weekly intervals (*weekly*, read with *resolve*) hold it,
    closed by its override (*overridden*), the calendar (named by *name_of*) or, when the
    calendar closes neither that whole date (*closed*) nor is it overridden, the timed event
    that holds the instant (*event*, asked with the instant and that date: its start, end
    and name); else *day*'s own hours
    (*intervals_on*: before timed events). O(1): a handful of intervals."""
    covering = None
    for back in (2, 1, 0, -1):
        earlier = day - timedelta(days=back)
        midnight = (earlier.toordinal() - _EPOCH_ORDINAL) * MICROS_PER_DAY
        for interval in weekly(earlier):
            opening = resolve(midnight + interval.start * MICROS_PER_SECOND)
            closing = resolve(midnight + interval.end * MICROS_PER_SECOND)
            if opening <= micros < closing:
                covering = earlier
    if covering is None and intervals_on(day):
        return Closure("outside hours", day, until)
    which = day if covering is None else covering
    if covering is not None and closed is not None and event is not None:
        found = event(micros, which) if not overridden(which) and not closed(which) else None
        if found is not None:
            ends = (EPOCH + found[1] * _ONE_MICROSECOND).astimezone(until.tzinfo)
            return Closure("event", which, until, found[2], ends)
    if overridden(which):
        return Closure("override", which, until)
    if weekly(which):
        return Closure("holiday", which, until, name_of(which))
    return Closure("closed weekday", which, until, _WEEKDAYS[which.weekday()])
