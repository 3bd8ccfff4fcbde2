"""Columns of instants and durations for the columnar questions (optional extra ``numpy``):
instants read from numpy, pandas or any iterable (:class:`InstantColumn`), wall times read in a
zone (:func:`instants_from_walls`), durations, and the runs of a column's UTC years
(:func:`by_year_runs`) over which each question asks a year's index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .._timeline import (
    LOOKAHEAD_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    Timeline,
    utc_year,
    year_start,
)
from ..durations import format_duration, to_timedelta
from ..errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    OutOfRangeError,
    SlaclockError,
)
from ..schedule import BaseSchedule, DayOffsets
from ..zones import MICROS_PER_DAY, ONE_MICROSECOND, instant_text, to_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "EPOCH_ORDINAL",
    "NAIVE_EPOCH",
    "NAT_MICROS",
    "SUPPORTED_HIGH",
    "SUPPORTED_LOW",
    "InstantColumn",
    "LocalDays",
    "PeriodIndex",
    "SortedLookup",
    "at_position",
    "by_year_runs",
    "check_range",
    "distinct_values",
    "duration_column",
    "empty_runs",
    "fallback_answers",
    "instants_from_walls",
    "is_missing",
    "period_index",
]

NAT_MICROS = np.iinfo(np.int64).min
EPOCH_ORDINAL = 719_163
"""``date(1970, 1, 1).toordinal()``: a day count since the epoch plus this is a proleptic ordinal."""
_LAST_ORDINAL = date.max.toordinal()
NAIVE_EPOCH = datetime(1970, 1, 1)
SUPPORTED_LOW = year_start(MIN_YEAR)
SUPPORTED_HIGH = year_start(MAX_YEAR + 1)
_SPAN = SUPPORTED_HIGH - SUPPORTED_LOW
"""More open time than any schedule has: every duration above it behaves as it does."""
_GAP = 2
"""Instants whose UTC years lie more than this apart are indexed apart (no years between)."""


# -- the compiled index as arrays ----------------------------------------------------------------


class SortedLookup:
    """``numpy.searchsorted`` over a sorted int64 array, answered in O(1) per value rather
    than O(log n): the array's range is cut into cells of ``2**shift`` (two to eight cells
    per value: the widest with the fewest values in its fullest cell), a table holds how many
    values lie before each cell, and a value's answer is its cell's entry plus one comparison
    per value of the fullest cell (one or two for open periods, which are spread over the
    days). Values outside the range are first clipped to just outside it, where the answer
    is the same. When a cell would hold more than ``MOST_STEPS`` values (values bunched
    together) or there are few values, it answers with ``numpy.searchsorted`` itself. Built
    in O(n); the arrays are never changed.

    >>> import numpy as np
    >>> lookup = SortedLookup(np.array([10, 20, 20, 35, 40, 41, 60, 90], dtype=np.int64))
    >>> lookup.steps, len(lookup.table)   # 11 cells of 8: at most 2 values in a cell
    (2, 11)
    >>> asked = np.array([-5, 10, 19, 20, 21, 41, 89, 90, 99], dtype=np.int64)
    >>> lookup.right(asked)
    array([0, 1, 1, 3, 3, 6, 7, 8, 8])
    >>> lookup.left(asked)
    array([0, 0, 1, 1, 3, 5, 7, 7, 8])
    """

    MOST_STEPS = 4
    """At most this many comparisons per value (values in the fullest cell)."""
    FEWEST = 8
    """Fewer values than this: ``numpy.searchsorted`` (a few comparisons anyway)."""
    FINER = 2
    """Cells up to ``2**FINER`` times finer (4 or 8 a value) where that saves comparisons."""

    __slots__ = ("high", "low", "origin", "padded", "shift", "steps", "table", "values")
    values: NDArray[np.int64]
    table: NDArray[np.int64]
    padded: NDArray[np.int64]

    def __init__(self, values: NDArray[np.int64]) -> None:
        self.values = values
        self.steps = -1  # -1: numpy.searchsorted
        count = len(values)
        if count < self.FEWEST:
            return
        first, last = int(values[0]), int(values[-1])
        self.origin = first - 1  # cell 0 starts just before the first value
        span = last + 2 - self.origin  # the values and one instant each side of them
        if first <= np.iinfo(np.int64).min or last >= np.iinfo(np.int64).max or span >= 2**62:
            return
        widest = ((span - 1) // (2 * count)).bit_length()  # 2**widest: at least span / 2n
        best: tuple[int, int, NDArray[np.intp]] | None = None
        for shift in range(widest, max(widest - self.FINER, 0) - 1, -1):  # 2, 4, 8 a value
            cells = ((span - 1) >> shift) + 1
            edges = self.origin + (np.arange(cells, dtype=np.int64) << shift)
            table = np.searchsorted(values, edges, side="left")
            fullest = int(np.diff(table, append=count).max())
            if best is None or fullest < best[0]:
                best = (fullest, shift, table)
            if fullest <= 1:
                break
        assert best is not None
        fullest, self.shift, table = best
        if fullest > self.MOST_STEPS:
            return
        self.low, self.high = first - 1, last + 1
        self.table = table.astype(np.int64)
        self.padded = np.append(values, np.iinfo(np.int64).max)  # a step past the end stops
        self.steps = fullest

    def right(self, asked: NDArray[np.int64]) -> NDArray[np.int64]:
        """How many values are at or before each of *asked*: ``np.searchsorted(values,
        asked, side="right")``."""
        return self._search(asked, "right")

    def left(self, asked: NDArray[np.int64]) -> NDArray[np.int64]:
        """How many values are before each of *asked*: ``np.searchsorted(values, asked,
        side="left")``."""
        return self._search(asked, "left")

    def _search(
        self, asked: NDArray[np.int64], side: Literal["left", "right"]
    ) -> NDArray[np.int64]:
        if self.steps < 0:
            found: NDArray[np.int64] = np.searchsorted(self.values, asked, side=side)
            return found
        clipped = np.clip(asked, self.low, self.high)
        found = self.table[(clipped - self.origin) >> self.shift]
        padded, passed = self.padded, np.less_equal if side == "right" else np.less
        for _ in range(self.steps):  # one on for each value of its cell at (right) or before it
            found += passed(padded[found], clipped)
        return found


class PeriodIndex:
    """The open periods of UTC years ``first..last`` as arrays, with cumulative open time."""

    def __init__(self, timeline: Timeline, first: int, last: int) -> None:
        chunks = [timeline.chunk(year) for year in range(first, last + 1)]
        self.first, self.last = first, last
        count = sum(len(chunk.starts) for chunk in chunks)
        self.starts = np.fromiter(chain(*(c.starts for c in chunks)), dtype=np.int64, count=count)
        self.ends = np.fromiter(chain(*(c.ends for c in chunks)), dtype=np.int64, count=count)
        lengths = self.ends - self.starts
        self.cumend = np.cumsum(lengths, dtype=np.int64)
        self.cum = self.cumend - lengths
        self.total = int(self.cumend[-1]) if count else 0
        self.los = np.array([chunk.lo for chunk in chunks], dtype=np.int64)
        self.offsets = np.cumsum([0, *(len(chunk.starts) for chunk in chunks)], dtype=np.int64)
        self.runs = empty_runs([chunk.total == 0 for chunk in chunks])
        self.by_start = SortedLookup(self.starts)
        self.by_cumend = SortedLookup(self.cumend)
        # by the number of periods started (0: none yet): the open time to the end of the
        # last one, and its end (none: the least int64, so that no open time lies after it)
        self.cumend_by = np.concatenate([[0], self.cumend]).astype(np.int64)
        self.end_by = np.concatenate([[np.iinfo(np.int64).min], self.ends]).astype(np.int64)

    def period_of(self, instants: NDArray[np.int64]) -> NDArray[np.int64]:
        """The last period starting at or before each instant (-1: none):
        ``np.searchsorted(starts, instants, side="right") - 1``, O(1) per instant."""
        return self.by_start.right(instants) - 1

    def reaching(self, amounts: NDArray[np.int64]) -> NDArray[np.int64]:
        """The first period by whose end each amount of open time (from the start of year
        ``first``) is reached: ``np.searchsorted(cumend, amounts, side="left")`` (the number
        of periods when none), O(1) per amount."""
        return self.by_cumend.left(amounts)

    def before(self, instants: NDArray[np.int64]) -> NDArray[np.int64]:
        """Open time from the start of year ``first`` to each instant."""
        if not len(self.starts):
            return np.zeros_like(instants)
        started = self.by_start.right(instants)
        # the open time to the end of the last period started, less what of it is still
        # ahead (0 past its end; never more than its length, so no int64 overflows)
        ahead = np.maximum(self.end_by[started], instants) - instants
        found: NDArray[np.int64] = self.cumend_by[started] - ahead
        return found

    def stranded(
        self, instants: NDArray[np.int64], periods: NDArray[np.intp], forward: bool
    ) -> NDArray[np.bool_]:
        """Which answers (in period *periods*) the scalar engine never reaches from *instants*:
        its walk from one year to the other crosses ``LOOKAHEAD_YEARS`` consecutive years
        without open time, where it stops with :class:`NoOpenTimeError`."""
        found = np.zeros(len(instants), dtype=bool)
        if not self.runs:
            return found
        own = np.searchsorted(self.los, instants, side="right") - 1
        answer = np.searchsorted(self.offsets, periods, side="right") - 1
        for first, last in self.runs:
            if forward:
                crossed = last - np.maximum(first, own) + 1
                found |= (last < answer) & (crossed >= LOOKAHEAD_YEARS)
            else:
                crossed = np.minimum(last, own) - first + 1
                found |= (first > answer) & (crossed >= LOOKAHEAD_YEARS)
        return found


def period_index(timeline: Timeline, first: int, last: int) -> PeriodIndex:
    """The :class:`PeriodIndex` of UTC years ``first..last``, made once per timeline and range."""
    key = ("columnar", first, last)
    found = timeline.memo.get(key)
    if found is None:
        found = timeline.memo[key] = PeriodIndex(timeline, first, last)
    assert isinstance(found, PeriodIndex)
    return found


def empty_runs(empty: Sequence[bool]) -> list[tuple[int, int]]:
    """The runs (first, last chunk) of at least ``LOOKAHEAD_YEARS`` consecutive empty chunks."""
    runs = []
    start = None
    for position, flag in enumerate([*empty, False]):
        if flag and start is None:
            start = position
        elif not flag and start is not None:
            if position - start >= LOOKAHEAD_YEARS:
                runs.append((start, position - 1))
            start = None
    return runs


def check_range(instants: NDArray[np.int64], positions: NDArray[np.intp], tz: tzinfo = UTC) -> None:
    """Raise OutOfRangeError naming the first position whose instant (shown in *tz*) lies
    outside the supported years."""
    outside = (instants < SUPPORTED_LOW) | (instants >= SUPPORTED_HIGH)
    if outside.any():
        bad = np.flatnonzero(outside)
        k = int(bad[np.argmin(positions[bad])])
        raise OutOfRangeError(
            f"position {int(positions[k])}: {instant_text(int(instants[k]), tz)} is outside "
            f"the years slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}"
        )


def _spans(
    instants: NDArray[np.int64], positions: NDArray[np.intp]
) -> Iterator[tuple[NDArray[np.intp] | None, int, int]]:
    """The instants in runs of nearby UTC years: ``(which instants, or None for all, first
    year, last year)``. Only the years the input touches (and those between nearby ones)
    are indexed."""
    check_range(instants, positions)
    low, high = utc_year(int(instants.min())), utc_year(int(instants.max()))
    if high - low <= _GAP:
        yield None, low, high
        return
    bounds = np.array([year_start(year) for year in range(low + 1, high + 1)], dtype=np.int64)
    years = np.searchsorted(bounds, instants, side="right") + low
    present = np.flatnonzero(np.bincount(years - low)) + low
    cuts = np.flatnonzero(np.diff(present) > _GAP)
    if not len(cuts):
        yield None, low, high
        return
    order = np.argsort(years, kind="stable")
    edges = np.searchsorted(years[order], present[cuts + 1])
    for part in np.split(order, edges):
        yield part, int(years[part[0]]), int(years[part[-1]])


def by_year_runs(
    answer: Callable[..., NDArray[Any]],
    instants: NDArray[np.int64],
    positions: NDArray[np.intp],
    *more: NDArray[Any],
    dtype: Any = np.int64,
) -> NDArray[Any]:
    """``answer(instants, positions, *more, first, last)`` for each run of nearby years (the
    arrays cut to the run), put together."""
    result = np.empty(len(instants), dtype=dtype)
    if not len(instants):
        return result
    for part, first, last in _spans(instants, positions):
        if part is None:
            return answer(instants, positions, *more, first, last)
        cut = [array[part] for array in (instants, positions, *more)]
        result[part] = answer(*cut, first, last)
    return result


def fallback_answers(
    result: NDArray[np.int64],
    which: NDArray[np.bool_],
    positions: NDArray[np.intp],
    ask: Callable[..., int],
    *arrays: NDArray[np.int64],
) -> None:
    """The scalar engine's answers at *which* (past the look-ahead: it says why, with the
    position)."""
    for k in np.flatnonzero(which).tolist():
        try:
            result[k] = ask(*(int(array[k]) for array in arrays))
        except SlaclockError as err:
            raise at_position(int(positions[k]), err) from err


# -- reading and writing columns ------------------------------------------------------------------


def is_missing(value: object) -> bool:
    """None, NaN, NaT (numpy or pandas) or pd.NA."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return type(value).__name__ in ("NaTType", "NAType")


def at_position(position: int, err: SlaclockError) -> SlaclockError:
    """*err* again, its message prefixed with the position it comes from."""
    return type(err)(f"position {position}: {err}")


class InstantColumn:
    """Instants read from a column, and how to write answers back in the column's kind.

    ``micros`` holds the instants known without a zone (numpy, aware pandas); naive pandas
    wall times (``wall``) and other values (``items``) are read in a schedule's zone by
    :meth:`instants`, so that each plan of a policy reads them in its own zone.
    """

    def __init__(self, values: Any) -> None:
        self.pandas: Any = None
        self.index: Any = None
        self.name: Any = None
        self.wall: NDArray[np.int64] | None = None
        self.items: list[Any] | None = None
        if type(values).__module__.startswith("pandas"):
            self._read_pandas(values)
        elif isinstance(values, np.ndarray) and values.dtype.kind == "M":
            self._read_utc(values)
        else:
            self._read_items(values)

    def _read_utc(self, values: NDArray[Any]) -> None:
        if values.ndim != 1:
            raise InvalidDatetimeError(
                f"column of shape {values.shape}: expected a one-dimensional column"
            )
        data = values.astype("datetime64[us]")  # a copy
        self.micros: NDArray[np.int64] = data.view(np.int64)
        self.missing: NDArray[np.bool_] = np.isnat(data)

    def _read_pandas(self, values: Any) -> None:
        import pandas as pd

        self.pandas = pd
        if isinstance(values, pd.Series):
            self.index = values.index
        elif not isinstance(values, pd.Index):
            raise InvalidDatetimeError(
                f"column of type {type(values).__name__}: expected a numpy datetime64 array, "
                f"a pandas Series or DatetimeIndex of datetimes, or an iterable of datetimes"
            )
        self.name = values.name
        if values.dtype.kind != "M":  # objects or text: value by value
            self._read_items(list(values))
            return
        stamps = pd.DatetimeIndex(values)
        if stamps.tz is not None:
            self._read_utc(np.asarray(stamps.tz_convert(None), dtype="datetime64[us]"))
            return
        wall = np.asarray(stamps, dtype="datetime64[us]")
        self.wall = wall.view(np.int64)
        self.missing = np.isnat(wall)
        self.micros = np.zeros(len(wall), dtype=np.int64)

    def _read_items(self, values: Any) -> None:
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise InvalidDatetimeError(
                f"column {values!r}: expected an array or an iterable of datetimes"
            )
        items = list(values)
        self.items = items
        self.missing = np.fromiter(map(is_missing, items), dtype=bool, count=len(items))
        self.micros = np.zeros(len(items), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.missing)

    def instants(self, schedule: BaseSchedule, positions: NDArray[np.intp]) -> NDArray[np.int64]:
        """The instants at *positions*, naive values read in the schedule's zone as the scalar
        engine reads them; missing positions hold 0."""
        if self.wall is not None:
            return _localize(self.wall[positions], self.missing[positions], positions, schedule)
        if self.items is not None:
            return _read_values(self.items, self.missing, positions, schedule)
        return self.micros[positions]

    def write(self, micros: NDArray[np.int64], missing: NDArray[np.bool_], tz: tzinfo) -> Any:
        """Instants back in the column's kind: pandas in *tz*, numpy (and lists) in UTC."""
        utc = np.where(missing, NAT_MICROS, micros).view("datetime64[us]")
        if self.pandas is None:
            return utc
        pd = self.pandas
        stamps = pd.DatetimeIndex(utc, name=self.name).tz_localize("UTC").tz_convert(tz)
        if self.index is None:
            return stamps
        return pd.Series(stamps, index=self.index, name=self.name)

    def wrap(self, values: NDArray[Any], missing: NDArray[np.bool_]) -> Any:
        """Other answers (booleans, whole numbers, durations) in the column's kind. Missing
        booleans and whole numbers (``int64``) are masked (numpy) or ``pd.NA`` in a
        ``boolean`` or an ``Int64`` column (pandas)."""
        nullable = (
            "boolean" if values.dtype == bool else "Int64" if values.dtype == np.int64 else None
        )
        if self.pandas is None:
            if nullable is not None and missing.any():
                return np.ma.MaskedArray(values, mask=missing)
            return values
        pd = self.pandas
        data: Any = values
        if nullable is not None:
            data = pd.array(values, dtype=nullable)
            data[missing] = pd.NA
        if self.index is None:
            return pd.Index(data, name=self.name)
        return pd.Series(data, index=self.index, name=self.name)


def _read_values(
    items: list[Any],
    missing: NDArray[np.bool_],
    positions: NDArray[np.intp],
    schedule: BaseSchedule,
) -> NDArray[np.int64]:
    """Values read one by one, as the scalar methods read one value; ``numpy.datetime64``
    values are UTC, in a list as in an array."""
    result = np.zeros(len(positions), dtype=np.int64)
    for k, position in enumerate(positions.tolist()):
        if missing[position]:
            continue
        value = items[position]
        try:
            if isinstance(value, np.datetime64):
                result[k] = int(value.astype("datetime64[us]").astype(np.int64))
            else:
                result[k] = schedule.day_offsets.instant(value, schedule.naive)
        except SlaclockError as err:
            raise at_position(position, err) from err
    return result


def _wall(micros: int, position: int) -> datetime:
    try:
        return NAIVE_EPOCH + timedelta(microseconds=micros)
    except OverflowError as err:
        raise OutOfRangeError(
            f"position {position}: {np.datetime64(micros, 'us')} is outside the years "
            f"slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}"
        ) from err


def distinct_values(values: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
    """The distinct values of a non-empty column (every integer between its least and
    greatest when they lie close: cheaper than sorting) and each value's place among them."""
    low, high = int(values.min()), int(values.max())
    if high - low < len(values):
        return np.arange(low, high + 1, dtype=np.int64), values - low
    table, inverse = np.unique(values, return_inverse=True)
    return table, inverse


class LocalDays:
    """A zone's local dates (proleptic ordinals) from a first one on, as
    :meth:`DayOffsets.local_uniform` answers for each: the offset (µs) that holds all day (0
    where it changes that day, or outside the supported years) and where it does not hold.
    Kept on the zone's ``DayOffsets`` (``local_tables``) and grown to the dates asked for;
    the tables are replaced whole, never changed, so threads sharing a zone read them
    safely."""

    __slots__ = ("tables",)

    def __init__(self) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.tables = (0, empty, empty.astype(bool))

    def of(
        self, offsets: DayOffsets, days: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """The offset of each of *days* and whether it changes that day."""
        if not len(days):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        base, shift, odd = self.tables  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(shift) and base <= low and high < base + len(shift)):
            start = min(low, base) if len(shift) else low
            stop = max(high + 1, base + len(shift)) if len(shift) else high + 1
            if stop - start > len(shift) + 2 * len(days) + 4_000:  # far-flung: not kept
                table, inverse = distinct_values(days)
                shift, odd = self._rows(offsets, table.tolist())
                return shift[inverse], odd[inverse]
            base = start
            shift, odd = self._rows(offsets, list(range(start, stop)))
            self.tables = (base, shift, odd)
        spots = days - base
        return shift[spots], odd[spots]

    @staticmethod
    def _rows(offsets: DayOffsets, days: list[int]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        uniform = [offsets.local_uniform(d) if 1 <= d < _LAST_ORDINAL else None for d in days]
        shift = np.array([0 if off is None else off for off in uniform], dtype=np.int64)
        odd = np.array([off is None for off in uniform], dtype=bool)
        return shift, odd


def instants_from_walls(
    wall: NDArray[np.int64], schedule: BaseSchedule
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Naive wall times (µs since 1970-01-01 00:00 wall clock) read in the schedule's zone as
    the scalar engine reads them (an ambiguous one is the first, fold=0): each date's offset
    asked once (cached per schedule), the dates with a change of offset one by one; and where
    a wall time cannot be read (it never happened, or lies outside the supported years)."""
    days = wall // MICROS_PER_DAY + EPOCH_ORDINAL
    offsets = schedule.day_offsets
    table = offsets.local_tables
    if table is None:
        table = offsets.local_tables = LocalDays()
    shift, odd = table.of(offsets, days)
    local = wall - shift
    bad = np.zeros(len(wall), dtype=bool)
    tz = schedule.tz
    for k in np.flatnonzero(odd).tolist():
        try:
            local[k] = to_micros(NAIVE_EPOCH + timedelta(microseconds=int(wall[k])), tz)
        except (SlaclockError, OverflowError):
            bad[k] = True
    return local, bad


def _localize(
    wall: NDArray[np.int64],
    missing: NDArray[np.bool_],
    positions: NDArray[np.intp],
    schedule: BaseSchedule,
) -> NDArray[np.int64]:
    """Naive wall times (µs) read in the schedule's zone, as the scalar engine reads them: a
    wall time that never happened is an error; an ambiguous one is the first (fold=0)."""
    result = np.zeros_like(wall)
    present = np.flatnonzero(~missing)
    if not len(present):
        return result
    values = wall[present]
    tz = schedule.tz
    if schedule.naive == "reject":
        position = int(positions[present[0]])
        try:
            to_micros(_wall(int(values[0]), position), tz, "reject")
        except SlaclockError as err:
            raise at_position(position, err) from err
    local, bad = instants_from_walls(values, schedule)
    for k in np.flatnonzero(bad)[:1].tolist():  # the first that cannot be read: why
        position = int(positions[present[k]])
        try:
            to_micros(_wall(int(values[k]), position), tz, "assume")
        except SlaclockError as err:
            raise at_position(position, err) from err
    result[present] = local
    return result


def _negative(position: int | None, micros: int) -> InvalidDurationError:
    where = "" if position is None else f"position {position}: "
    shown = format_duration(timedelta(microseconds=micros))
    return InvalidDurationError(f"{where}duration {shown} is negative: expected 0 or more")


def _duration_micros(item: Any, position: int | None) -> int | None:
    """One duration in µs (None when missing), at most a little more than any open time."""
    if is_missing(item):
        return None
    if isinstance(item, np.timedelta64):
        micros = int(np.timedelta64(item, "us").astype(np.int64))
    elif isinstance(item, timedelta):
        micros = item // ONE_MICROSECOND
    else:
        try:
            micros = to_timedelta(item) // ONE_MICROSECOND
        except SlaclockError as err:
            raise (err if position is None else at_position(position, err)) from err
    if micros < 0:
        raise _negative(position, micros)
    return min(micros, _SPAN + 1)


def duration_column(durations: Any, size: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Durations in µs, one for all or one per instant, and which of them are missing."""
    one = isinstance(durations, timedelta | str | np.timedelta64) or (
        type(durations).__name__ == "NaTType"
    )
    if one:
        amount = _duration_micros(durations, None)
        return (
            np.full(size, amount or 0, dtype=np.int64),
            np.full(size, amount is None, dtype=bool),
        )
    kind = getattr(getattr(durations, "dtype", None), "kind", None)
    if kind == "m" and (
        isinstance(durations, np.ndarray) or type(durations).__module__.startswith("pandas")
    ):
        data = np.asarray(durations).astype("timedelta64[us]")
        if data.ndim == 0:
            return duration_column(data[()], size)
        if data.ndim != 1:
            raise InvalidDurationError(
                f"durations of shape {data.shape}: expected one duration or a column"
            )
        missing = np.isnat(data)
        micros = data.view(np.int64)
        negative = np.flatnonzero((micros < 0) & ~missing)
        if len(negative):
            raise _negative(int(negative[0]), int(micros[negative[0]]))
        micros = np.minimum(micros, _SPAN + 1)
    elif isinstance(durations, str | bytes) or not isinstance(durations, Iterable):
        raise InvalidDurationError(
            f"durations {durations!r}: expected a duration such as '4h' or a timedelta, or a "
            f"column of them"
        )
    else:
        found = [_duration_micros(item, position) for position, item in enumerate(durations)]
        missing = np.array([amount is None for amount in found], dtype=bool)
        micros = np.array([amount or 0 for amount in found], dtype=np.int64)
    if len(micros) != size:
        raise InvalidDurationError(
            f"{len(micros)} durations for {size} instants: expected one duration or as many "
            f"as instants"
        )
    return micros, missing


# -- the questions ----------------------------------------------------------------------------------
