"""The compiled index behind a schedule: open periods per UTC year, answered by bisection.

Every instant is an integer count of microseconds since 1970-01-01 UTC. The time axis is cut
into UTC calendar years; each year's *chunk* holds the open periods inside it as two sorted
lists (``starts``, ``ends``) and the open time before each period (``cum``), so

* whether an instant is open, and the open time before it, cost one bisection;
* the instant at which a given amount of open time has passed costs one bisection of ``cum``.

Chunks partition the axis (a period that crosses New Year is split in two), are built on first
use from the schedule's *source* and never change afterwards. The plain sorted lists are what
a columnar (``numpy.searchsorted``) implementation would use too.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from datetime import UTC, date, tzinfo

from .durations import format_duration
from .errors import NoOpenTimeError, OutOfRangeError, message_part, shown
from .zones import MICROS_PER_DAY, ONE_MICROSECOND, instant_text

__all__ = [
    "LOOKAHEAD_YEARS",
    "MAX_YEAR",
    "MIN_YEAR",
    "WALK_YEARS",
    "Bound",
    "Chunk",
    "Shapes",
    "Timeline",
    "Totals",
    "utc_year",
    "year_start",
]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
MIN_YEAR = 2
"""The first UTC year slaclock answers for (a chunk needs the local dates around it)."""
MAX_YEAR = 9998
"""The last UTC year slaclock answers for."""
LOOKAHEAD_YEARS = 10
"""How many consecutive years without open time a search crosses before giving up."""

Source = Callable[[int], Iterable[tuple[int, int]]]
"""Open periods (start, end) touching a UTC year; may overlap, be unsorted or spill over."""

Totals = Callable[[int, int], "list[int] | None"]
"""The open time of each UTC year from ``first`` to ``last`` (both included), computed without
building their chunks; ``None`` when the schedule has no such shortcut (the chunks are built)."""

Shapes = Callable[[int, int], "list[Hashable] | None"]
"""For each UTC year from ``first`` to ``last``, a value such that two years of equal value
hold the same open periods, moved by the distance between their New Years, whose instants fall
on the same local dates (of the timeline's zone) counted from New Year; ``None`` when the
schedule cannot tell."""

Bound = Callable[[int, int], "int | None"]
"""At least the open time in UTC years ``first`` to ``last``, cheaply; ``None`` when unknown."""

WALK_YEARS = 16
"""How many years ``add`` and ``subtract`` cross one by one before checking, in one pass over
the years left, that the target can be reached at all."""


def year_start(year: int) -> int:
    """Microseconds since the epoch at 00:00 UTC on 1 January of *year*."""
    return (date(year, 1, 1).toordinal() - _EPOCH_ORDINAL) * MICROS_PER_DAY


def utc_year(micros: int) -> int:
    """The UTC year an instant falls in."""
    try:
        return date.fromordinal(micros // MICROS_PER_DAY + _EPOCH_ORDINAL).year
    except (ValueError, OverflowError):
        return 0 if micros < 0 else 10_000


_SUPPORTED = message_part(f"the years slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}")
_LOWEST = year_start(MIN_YEAR)
_HIGHEST = year_start(MAX_YEAR + 1)


class Chunk:
    """The open periods inside one UTC year, with cumulative open time."""

    __slots__ = ("cum", "ends", "hi", "lo", "starts", "total", "year")

    def __init__(self, year: int, periods: Iterable[tuple[int, int]]) -> None:
        self.year = year
        self.lo = year_start(year)
        self.hi = year_start(year + 1)
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(periods):
            start = max(start, self.lo)
            end = min(end, self.hi)
            if start >= end:
                continue
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        cum = [0]
        for start, end in zip(starts, ends, strict=True):
            cum.append(cum[-1] + end - start)
        self.starts = starts
        self.ends = ends
        self.cum = cum
        self.total = cum[-1]

    def open_before(self, micros: int) -> int:
        """Open time in this chunk before *micros* (which lies in ``[lo, hi)``)."""
        index = bisect_right(self.starts, micros) - 1
        if index < 0:
            return 0
        end = self.ends[index]
        return self.cum[index] + (micros if micros < end else end) - self.starts[index]

    def check(self) -> None:
        """Raise ``AssertionError`` unless the chunk's invariants hold."""
        assert self.lo < self.hi
        assert len(self.starts) == len(self.ends) == len(self.cum) - 1
        assert self.cum[0] == 0
        assert self.total == self.cum[-1]
        previous_end = self.lo - 1
        for index, (start, end) in enumerate(zip(self.starts, self.ends, strict=True)):
            assert previous_end < start < end <= self.hi
            assert self.cum[index + 1] == self.cum[index] + end - start
            previous_end = end


class Timeline:
    """Chunks built on demand from a source, and the arithmetic over them."""

    __slots__ = (
        "_bound",
        "_index",
        "_lock",
        "_shapes",
        "_source",
        "_sums",
        "_totals",
        "memo",
        "tz",
    )

    def __init__(
        self,
        source: Source,
        totals: Totals | None = None,
        bound: Bound | None = None,
        tz: tzinfo = UTC,
        shapes: Shapes | None = None,
    ) -> None:
        self._source = source
        self._shapes = shapes
        self.tz = tz
        """The zone errors show instants in (the schedule's)."""
        self._totals = totals
        self._bound = bound
        self._sums: dict[int, int] = {}
        """Open time per UTC year from *totals* (kept: they never change), by year."""
        self._index: tuple[tuple[int, ...], tuple[Chunk, ...]] = ((), ())
        self._lock = threading.Lock()
        self.memo: dict[object, object] = {}
        """What other modules derive from the chunks (which never change once built), by
        their own keys: the columnar arrays of a range of years."""

    # -- chunks --------------------------------------------------------------------------

    def chunk(self, year: int) -> Chunk:
        """The chunk of a UTC year, built on first use."""
        los, chunks = self._index
        position = bisect_right(los, year_start(year) if MIN_YEAR <= year <= MAX_YEAR else 0) - 1
        if position >= 0 and chunks[position].year == year:
            return chunks[position]
        return self._load(year)

    def chunk_at(self, micros: int) -> Chunk:
        """The chunk holding an instant."""
        los, chunks = self._index
        position = bisect_right(los, micros) - 1
        if position >= 0:
            found = chunks[position]
            if micros < found.hi:
                return found
        year = utc_year(micros)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(f"{self.show(micros)} is outside {_SUPPORTED}")
        return self._load(year)

    def show(self, micros: int) -> str:
        """An instant as errors name it: a local datetime in the zone."""
        return instant_text(micros, self.tz)

    def _outside(self, year: int) -> OutOfRangeError:
        """The error of a question about a year outside the supported ones."""
        return OutOfRangeError(f"the year {year} is outside {_SUPPORTED}")

    def _past(self, micros: int, duration: int, step: int) -> OutOfRangeError:
        """The error of an add (step 1) or subtract (step -1) whose answer would lie outside
        the supported years, naming the duration, the instant counted from and the edge of
        the supported years, in the zone."""
        try:
            amount = format_duration(duration * ONE_MICROSECOND)
        except OverflowError:  # more than a timedelta holds
            amount = f"{shown(duration)} µs"
        if step > 0:
            return OutOfRangeError(
                f"{amount} of open time after {self.show(micros)} ends after "
                f"{self.show(_HIGHEST)}, the end of {_SUPPORTED}"
            )
        return OutOfRangeError(
            f"{amount} of open time before {self.show(micros)} ends before "
            f"{self.show(_LOWEST)}, the start of {_SUPPORTED}"
        )

    def _load(self, year: int) -> Chunk:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise self._outside(year)
        with self._lock:
            los, chunks = self._index
            position = bisect_left(los, year_start(year))
            if position < len(chunks) and chunks[position].year == year:
                return chunks[position]
            built = Chunk(year, self._source(year))
            self._index = (
                (*los[:position], built.lo, *los[position:]),
                (*chunks[:position], built, *chunks[position:]),
            )
            return built

    def loaded(self) -> tuple[Chunk, ...]:
        """The chunks built so far, in time order."""
        return self._index[1]

    def check(self) -> None:
        """Raise ``AssertionError`` unless every built chunk keeps its invariants."""
        los, chunks = self._index
        assert list(los) == sorted(set(los)) == [chunk.lo for chunk in chunks]
        for chunk in chunks:
            chunk.check()

    def _next(self, chunk: Chunk, step: int, empty: int) -> tuple[Chunk, int]:
        """The chunk after (step=1) or before (step=-1), counting consecutive empty chunks."""
        empty = empty + 1 if chunk.total == 0 else 0
        if empty >= LOOKAHEAD_YEARS:
            first, last = sorted((chunk.year, chunk.year - step * (empty - 1)))
            direction = "after" if step > 0 else "before"
            raise NoOpenTimeError(
                f"no open time from {self.show(year_start(first))} to "
                f"{self.show(year_start(last + 1))}: the schedule's hours, calendar and "
                f"overrides leave no time open, and the search {direction} the given instant "
                f"stops after {LOOKAHEAD_YEARS} years without open time"
            )
        return self.chunk(chunk.year + step), empty

    def total(self, year: int) -> int:
        """The open time in a UTC year: the built chunk's total, else the schedule's cheap
        total (kept), else the chunk, built."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise self._outside(year)
        los, chunks = self._index
        position = bisect_right(los, year_start(year)) - 1
        if position >= 0 and chunks[position].year == year:
            return chunks[position].total
        found = self._sums.get(year)
        return found if found is not None else self.totals(year, year)[0]

    def totals(self, first: int, last: int) -> list[int]:
        """The open time of each UTC year from *first* to *last*: the years not yet known
        counted in one cheap pass over the schedule's definition when it has one (and kept),
        else their chunks' totals (built)."""
        sums = self._sums
        missing = [year for year in range(first, last + 1) if year not in sums]
        if missing:
            low, high = missing[0], missing[-1]
            cheap = self._totals(low, high) if self._totals is not None else None
            if cheap is None:
                cheap = [self._load(year).total for year in range(low, high + 1)]
            for year, total in zip(range(low, high + 1), cheap, strict=True):
                sums.setdefault(year, total)
        return [sums[year] for year in range(first, last + 1)]

    def shapes(self, first: int, last: int) -> list[Hashable] | None:
        """The shapes of the UTC years *first* to *last* (:data:`Shapes`), or ``None``."""
        return self._shapes(first, last) if self._shapes is not None else None

    def span_total(self, first: int, last: int) -> int:
        """The open time in UTC years *first* to *last* (0 when *last* < *first*)."""
        return sum(self.totals(first, last)) if first <= last else 0

    def _beyond(self, year: int, step: int, target: int) -> bool:
        """Whether *target* of open time cannot be found in the years after (step=1) or
        before (step=-1) *year*, up to the supported years' edge."""
        first, last = (year + 1, MAX_YEAR) if step > 0 else (MIN_YEAR, year - 1)
        if last < first:
            return True
        bound = self._bound(first, last) if self._bound is not None else None
        if bound is None and self._totals is not None:
            bound = self.span_total(first, last)
        return bound is not None and target > bound

    def _skip(
        self, chunk: Chunk, step: int, target: int, origin: tuple[int, int]
    ) -> tuple[Chunk, int]:
        """The chunk in which *target* of open time after (step=1) or before (step=-1)
        *chunk* is reached, and the open time left to find in it; when the supported years
        end first, the error of the add or subtract of *origin* (instant, duration).

        Years are crossed by their totals (cheap, no chunk built); after ``WALK_YEARS`` of
        them, a target more than all the years left can hold is refused at once. A search
        that crosses ``LOOKAHEAD_YEARS`` consecutive years without open time stops with
        :class:`NoOpenTimeError`, as before.
        """
        year = chunk.year
        empty = 1 if chunk.total == 0 else 0
        crossed = 0
        while True:
            if empty >= LOOKAHEAD_YEARS:
                self._next(self.chunk(year), step, empty - 1)  # raises NoOpenTimeError
            if year == (MAX_YEAR if step > 0 else MIN_YEAR) or (
                crossed == WALK_YEARS and self._beyond(year, step, target)
            ):
                raise self._past(*origin, step)
            year += step
            crossed += 1
            total = self.total(year)
            if target <= total:
                return self.chunk(year), target
            target -= total
            empty = empty + 1 if total == 0 else 0

    # -- questions -----------------------------------------------------------------------

    def is_open(self, micros: int) -> bool:
        """Whether an instant lies inside an open period."""
        chunk = self.chunk_at(micros)
        index = bisect_right(chunk.starts, micros) - 1
        return index >= 0 and micros < chunk.ends[index]

    def next_open(self, micros: int) -> int:
        """*micros* itself when open, else the start of the next open period."""
        chunk = self.chunk_at(micros)
        index = bisect_right(chunk.starts, micros)
        if index and micros < chunk.ends[index - 1]:
            return micros
        empty = 0
        while index >= len(chunk.starts):
            try:
                chunk, empty = self._next(chunk, 1, empty)
            except OutOfRangeError as err:
                raise OutOfRangeError(
                    f"no opening at or after {self.show(micros)} before {self.show(_HIGHEST)}, "
                    f"the end of {_SUPPORTED}"
                ) from err
            index = 0
        return chunk.starts[index]

    def elapsed(self, start: int, end: int) -> int:
        """Open time between two instants; negative when *end* is before *start*."""
        if end < start:
            return -self.elapsed(end, start)
        first = self.chunk_at(start)
        if end < first.hi:
            return first.open_before(end) - first.open_before(start)
        last = self.chunk_at(end)
        total = first.total - first.open_before(start) + last.open_before(end)
        return total + self.span_total(first.year + 1, last.year - 1)

    def add(self, start: int, duration: int) -> int:
        """The earliest instant at or after *start* with *duration* of open time between."""
        if duration == 0:
            return start
        if duration > year_start(MAX_YEAR + 1) - start:
            raise self._past(start, duration, 1)  # more open time than the years left hold
        chunk = self.chunk_at(start)
        target = chunk.open_before(start) + duration
        if target > chunk.total:
            chunk, target = self._skip(chunk, 1, target - chunk.total, (start, duration))
        index = bisect_left(chunk.cum, target, 1) - 1
        return chunk.starts[index] + target - chunk.cum[index]

    def subtract(self, end: int, duration: int) -> int:
        """The latest instant at or before *end* with *duration* of open time between."""
        if duration == 0:
            return end
        if duration > end - year_start(MIN_YEAR):
            raise self._past(end, duration, -1)  # more open time than the years before hold
        chunk = self.chunk_at(end)
        target = chunk.open_before(end) - duration
        if target < 0:
            chunk, rest = self._skip(chunk, -1, -target, (end, duration))
            target = chunk.total - rest
        index = bisect_right(chunk.cum, target) - 1
        return chunk.starts[index] + target - chunk.cum[index]

    def periods(self, start: int, end: int) -> Iterator[tuple[int, int]]:
        """Open periods clipped to ``[start, end)``, in order, pieces across years joined.

        Years without open time, and years open throughout that a period runs through, are
        skipped by their totals, unbuilt, so that the next period, however far its start or
        its end, costs about what one year's index does."""
        if end <= start:
            return
        chunk = self.chunk_at(start)
        pending: tuple[int, int] | None = None
        while True:
            index = max(bisect_right(chunk.starts, start) - 1, 0)
            starts, ends = chunk.starts, chunk.ends
            while index < len(starts) and starts[index] < end:
                piece_start, piece_end = max(starts[index], start), min(ends[index], end)
                if piece_start < piece_end:
                    if pending is not None and pending[1] == piece_start:
                        pending = (pending[0], piece_end)
                    else:
                        if pending is not None:
                            yield pending
                        pending = (piece_start, piece_end)
                index += 1
            if chunk.hi >= end:
                break
            year, last = chunk.year + 1, utc_year(end - 1)
            if self._totals is not None and last - year >= WALK_YEARS:
                self.totals(year, last)  # one cheap pass: years empty or open throughout
            while year < last:  # are skipped, unbuilt (a 24x7 schedule: one period)
                total = self._sums.get(year)
                lo, hi = year_start(year), year_start(year + 1)
                if total == hi - lo and pending is not None and pending[1] == lo:
                    pending = (pending[0], hi)
                elif total != 0:
                    break
                year += 1
            chunk = self.chunk(year)
        if pending is not None:
            yield pending
