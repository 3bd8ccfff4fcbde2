"""Business time over whole columns: the scalar questions for arrays (optional extra ``numpy``).

The scalar engine answers with ``bisect`` over a year's sorted open periods; this module asks
the same arrays with ``numpy.searchsorted`` for a million instants at once. The answers are the
scalar answers, to the microsecond. slaclock's core never imports this module or numpy; the
``*_many`` methods of a schedule load it on first use.

Instants: a ``numpy.datetime64`` array is UTC; a pandas ``Series`` or ``DatetimeIndex`` may be
aware (any zone) or naive (read in the schedule's zone, as in the scalar engine); any other
iterable (and a pandas column of objects or text) is read value by value (``datetime``, ISO
text, ``numpy.datetime64`` as UTC, or a missing value). Missing values (``NaT``, ``None``,
``NaN``, ``pd.NA``) come back missing in the same positions.

>>> import numpy as np
>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> starts = np.array(["2026-11-20T21:00", "2026-11-21T15:00", "NaT"], dtype="datetime64[us]")
>>> desk.add_many(starts, "4h")                                   # UTC in, UTC out
array(['2026-11-23T16:00:00.000000', '2026-11-23T18:00:00.000000',
                              'NaT'], dtype='datetime64[us]')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from ._questions import business_days
from ._timeline import (
    LOOKAHEAD_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    WALK_YEARS,
    Timeline,
    utc_year,
    year_start,
)
from .durations import format_duration, to_timedelta
from .errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    OutOfRangeError,
    SlaclockError,
)
from .schedule import BaseSchedule, DayOffsets
from .zones import MICROS_PER_DAY, ONE_MICROSECOND, from_micros, instant_text, to_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "add",
    "add_days",
    "closure",
    "days_between",
    "elapsed",
    "elapsed_span",
    "is_open",
    "next_close",
    "next_open",
    "previous_close",
    "previous_open",
    "subtract",
]

_NAT = np.iinfo(np.int64).min
EPOCH_ORDINAL = 719_163
"""``date(1970, 1, 1).toordinal()``: a day count since the epoch plus this is a proleptic ordinal."""
_LAST_ORDINAL = date.max.toordinal()
_NAIVE_EPOCH = datetime(1970, 1, 1)
_LOWEST = year_start(MIN_YEAR)
_HIGHEST = year_start(MAX_YEAR + 1)
_SPAN = _HIGHEST - _LOWEST
"""More open time than any schedule has: every duration above it behaves as it does."""
_GAP = 2
"""Instants whose UTC years lie more than this apart are indexed apart (no years between)."""


# -- the compiled index as arrays ----------------------------------------------------------------


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
        self.runs = _empty_runs([chunk.total == 0 for chunk in chunks])

    def before(self, instants: NDArray[np.int64]) -> NDArray[np.int64]:
        """Open time from the start of year ``first`` to each instant."""
        if not len(self.starts):
            return np.zeros_like(instants)
        index = np.searchsorted(self.starts, instants, side="right") - 1
        safe = np.maximum(index, 0)
        inside = self.cum[safe] + np.minimum(instants, self.ends[safe]) - self.starts[safe]
        return np.where(index >= 0, inside, 0)

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


def _empty_runs(empty: Sequence[bool]) -> list[tuple[int, int]]:
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
    outside = (instants < _LOWEST) | (instants >= _HIGHEST)
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


def _fallback(
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
        utc = np.where(missing, _NAT, micros).view("datetime64[us]")
        if self.pandas is None:
            return utc
        pd = self.pandas
        stamps = pd.DatetimeIndex(utc, name=self.name).tz_localize("UTC").tz_convert(tz)
        if self.index is None:
            return stamps
        return pd.Series(stamps, index=self.index, name=self.name)

    def wrap(self, values: NDArray[Any], missing: NDArray[np.bool_]) -> Any:
        """Other answers (booleans, durations) in the column's kind. Missing booleans are
        masked (numpy) or ``pd.NA`` in a ``boolean`` column (pandas)."""
        if self.pandas is None:
            if values.dtype == bool and missing.any():
                return np.ma.MaskedArray(values, mask=missing)
            return values
        pd = self.pandas
        data: Any = values
        if values.dtype == bool:
            data = pd.array(values, dtype="boolean")
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
                result[k] = schedule._micros(value)
        except SlaclockError as err:
            raise at_position(position, err) from err
    return result


def _wall(micros: int, position: int) -> datetime:
    try:
        return _NAIVE_EPOCH + timedelta(microseconds=micros)
    except OverflowError as err:
        raise OutOfRangeError(
            f"position {position}: {np.datetime64(micros, 'us')} is outside the years "
            f"slaclock supports: expected {MIN_YEAR} to {MAX_YEAR}"
        ) from err


def _distinct(values: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.intp]]:
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
                table, inverse = _distinct(days)
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
            local[k] = to_micros(_NAIVE_EPOCH + timedelta(microseconds=int(wall[k])), tz)
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


def _durations(durations: Any, size: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
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
            return _durations(data[()], size)
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


def add(schedule: BaseSchedule, starts: Any, durations: Any) -> Any:
    """:meth:`Schedule.add` for every start (one duration, or one per start).

    Missing starts or durations give missing answers; a negative duration is an error naming
    its position. Cost: O(n log p) for n instants over the p open periods of the UTC years
    they touch (a year's periods are built once per schedule).

    >>> import pandas as pd, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> starts = pd.Series(pd.to_datetime(["2026-11-20 16:00", None]))   # naive: New York
    >>> add(desk, starts, ["4h", "1h"])
    0   2026-11-23 11:00:00-05:00
    1                         NaT
    dtype: datetime64[us, America/New_York]
    """
    return _move(schedule, starts, durations, add_span)


def _move(schedule: BaseSchedule, values: Any, durations: Any, span: Callable[..., Any]) -> Any:
    column = InstantColumn(values)
    amounts, unknown = _durations(durations, len(column))
    missing = column.missing | unknown
    present = np.flatnonzero(~missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        instants = column.instants(schedule, present)
        check_range(instants, present, schedule.tz)  # a zero amount too: nothing answered
        found = for_positive_amounts(span, schedule._timeline, instants, amounts[present], present)
        result[present] = found
    return column.write(result, missing, schedule.tz)


def for_positive_amounts(
    span: Callable[..., Any],
    timeline: Timeline,
    instants: NDArray[np.int64],
    amounts: NDArray[np.int64],
    positions: NDArray[np.intp],
) -> NDArray[np.int64]:
    """*span* over the years of the instants with a positive amount; a zero amount gives the
    instant itself (open or not, in range or not), as in the scalar engine."""
    chosen = np.flatnonzero(amounts > 0)
    if len(chosen) == len(instants):
        return by_year_runs(partial(span, timeline), instants, positions, amounts)
    result = instants.copy()
    cut = instants[chosen], positions[chosen], amounts[chosen]
    result[chosen] = by_year_runs(partial(span, timeline), *cut)
    return result


def add_span(
    timeline: Timeline,
    starts: NDArray[np.int64],
    positions: NDArray[np.intp],
    amounts: NDArray[np.int64],
    first: int,
    last: int,
) -> NDArray[np.int64]:
    index = period_index(timeline, first, last)
    targets = index.before(starts) + amounts
    index = _reach_forward(timeline, index, int(targets.max()))
    count = len(index.starts)
    beyond = targets > index.total
    result = np.zeros_like(starts)
    if count:
        position = np.minimum(np.searchsorted(index.cumend, targets, side="left"), count - 1)
        result = index.starts[position] + targets - index.cum[position]
        beyond |= index.stranded(starts, position, forward=True)
    _fallback(result, beyond, positions, timeline.add, starts, amounts)
    return result


def _reach_forward(timeline: Timeline, index: PeriodIndex, need: int) -> PeriodIndex:
    """The index extended year by year until it holds *need* of open time, or the look-ahead
    (or the last supported year) runs out."""
    last, total, empty = index.last, index.total, 0
    while (
        total < need
        and last < MAX_YEAR
        and empty < LOOKAHEAD_YEARS
        and last - index.last < WALK_YEARS  # farther targets: the scalar engine, value by value
    ):
        last += 1
        found = timeline.chunk(last).total
        total += found
        empty = empty + 1 if found == 0 else 0
    return index if last == index.last else period_index(timeline, index.first, last)


def subtract(schedule: BaseSchedule, ends: Any, durations: Any) -> Any:
    """:meth:`Schedule.subtract` for every end (one duration, or one per end).

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> ends = np.array(["2026-11-23T16:00"], dtype="datetime64[us]")   # 11:00 in New York
    >>> subtract(desk, ends, "4h")
    array(['2026-11-20T21:00:00.000000'], dtype='datetime64[us]')
    """
    return _move(schedule, ends, durations, _subtract_span)


def _subtract_span(
    timeline: Timeline,
    ends: NDArray[np.int64],
    positions: NDArray[np.intp],
    amounts: NDArray[np.int64],
    first: int,
    last: int,
) -> NDArray[np.int64]:
    index = period_index(timeline, first, last)
    lowest = int((index.before(ends) - amounts).min())
    empty = 0
    while (  # reach far enough back; farther targets: the scalar engine, value by value
        lowest < 0
        and first > MIN_YEAR
        and empty < LOOKAHEAD_YEARS
        and index.first - first < WALK_YEARS
    ):
        first -= 1
        found = timeline.chunk(first).total
        lowest += found
        empty = empty + 1 if found == 0 else 0
    if first != index.first:
        index = period_index(timeline, first, last)
    targets = index.before(ends) - amounts
    count = len(index.starts)
    outside = targets < 0
    result = np.zeros_like(ends)
    if count:
        position = np.clip(np.searchsorted(index.cum, targets, side="right") - 1, 0, count - 1)
        result = index.starts[position] + targets - index.cum[position]
        outside |= index.stranded(ends, position, forward=False)
    _fallback(result, outside, positions, timeline.subtract, ends, amounts)
    return result


def elapsed(schedule: BaseSchedule, starts: Any, ends: Any) -> Any:
    """:meth:`Schedule.elapsed` for every pair, as ``timedelta64[us]`` (negative when an end is
    before its start); missing where either is missing. The index spans every UTC year from
    the earliest instant to the latest.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> starts = np.array(["2026-11-20T22:00", "NaT"], dtype="datetime64[us]")
    >>> ends = np.array(["2026-11-23T15:00", "2026-11-23T15:00"], dtype="datetime64[us]")
    >>> elapsed(desk, starts, ends).astype("timedelta64[m]")
    array([  120, 'NaT'], dtype='timedelta64[m]')
    """
    first = InstantColumn(starts)
    second = InstantColumn(ends)
    if len(first) != len(second):
        raise InvalidDatetimeError(
            f"{len(first)} starts and {len(second)} ends: expected as many of each"
        )
    missing = first.missing | second.missing
    present = np.flatnonzero(~missing)
    result = np.zeros(len(first), dtype=np.int64)
    if len(present):
        low = first.instants(schedule, present)
        high = second.instants(schedule, present)
        result[present] = elapsed_span(schedule._timeline, low, high, present, schedule.tz)
    result[missing] = _NAT
    return first.wrap(result.view("timedelta64[us]"), missing)


def elapsed_span(
    timeline: Timeline,
    starts: NDArray[np.int64],
    ends: NDArray[np.int64],
    positions: NDArray[np.intp] | None = None,
    tz: tzinfo = UTC,
) -> NDArray[np.int64]:
    """``timeline.elapsed`` for each pair of instants (microseconds; negative when an end is
    before its start): the runs of nearby years the instants touch are indexed, the years
    between runs counted by their cheap totals, never built. An instant outside the supported
    years is refused, naming its position (in *positions*, else its place) shown in *tz*."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64)
    where = positions if positions is not None else np.arange(len(starts), dtype=np.intp)
    both = np.concatenate([starts, ends])
    places = np.concatenate([where, where])
    check_range(both, places, tz)
    counted = by_year_runs(_OpenBefore(timeline, utc_year(int(both.min()))), both, places)
    found: NDArray[np.int64] = counted[len(starts) :] - counted[: len(starts)]
    return found


class _OpenBefore:
    """Open time from the start of one UTC year to each value, for runs of nearby years asked
    in time order (as :func:`by_year_runs` asks them): the years between runs are counted by
    their totals, without building them, each once."""

    def __init__(self, timeline: Timeline, lowest: int) -> None:
        self.timeline = timeline
        self.year = lowest  # the open time before this year's start is self.before
        self.before = 0

    def __call__(
        self, values: NDArray[np.int64], positions: NDArray[np.intp], first: int, last: int
    ) -> NDArray[np.int64]:
        assert first >= self.year
        self.before += self.timeline.span_total(self.year, first - 1)
        index = period_index(self.timeline, first, last)
        found = index.before(values) + self.before
        self.year, self.before = last + 1, self.before + index.total
        return found


def is_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.is_open` for every instant. For numpy input a missing instant gives a
    masked value (``numpy.ma``); for pandas input, ``pd.NA`` in a ``boolean`` column.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> at = np.array(["2026-11-23T14:00", "2026-11-23T23:00", "NaT"], dtype="datetime64[us]")
    >>> is_open(desk, at)
    masked_array(data=[True, False, --],
                 mask=[False, False,  True],
           fill_value=True)
    """
    column = InstantColumn(instants)
    present = np.flatnonzero(~column.missing)
    result = np.zeros(len(column), dtype=bool)
    if len(present):
        values = column.instants(schedule, present)
        check_range(values, present, schedule.tz)
        answer = partial(is_open_span, schedule._timeline)
        result[present] = by_year_runs(answer, values, present, dtype=bool)
    return column.wrap(result, column.missing)


def is_open_span(
    timeline: Timeline, values: NDArray[np.int64], positions: Any, first: int, last: int
) -> NDArray[np.bool_]:
    index = period_index(timeline, first, last)
    if not len(index.starts):
        return np.zeros(len(values), dtype=bool)
    position = np.searchsorted(index.starts, values, side="right") - 1
    return (position >= 0) & (values < index.ends[np.maximum(position, 0)])


def next_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.next_open` for every instant.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> next_open(desk, np.array(["2026-11-21T17:00"], dtype="datetime64[us]"))
    array(['2026-11-23T14:00:00.000000'], dtype='datetime64[us]')
    """
    column = InstantColumn(instants)
    present = np.flatnonzero(~column.missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        values = column.instants(schedule, present)
        check_range(values, present, schedule.tz)
        result[present] = by_year_runs(partial(next_open_span, schedule._timeline), values, present)
    return column.write(result, column.missing, schedule.tz)


def next_open_span(
    timeline: Timeline,
    values: NDArray[np.int64],
    positions: NDArray[np.intp],
    first: int,
    last: int,
) -> NDArray[np.int64]:
    index = period_index(timeline, first, last)
    if not len(index.starts) or int(values.max()) >= int(index.ends[-1]):
        index = _reach_forward(timeline, index, index.total + 1)  # an opening after them all
    count = len(index.starts)
    if not count:
        answers = np.zeros_like(values)
        _fallback(answers, np.ones(len(values), dtype=bool), positions, timeline.next_open, values)
        return answers
    position = np.searchsorted(index.starts, values, side="right") - 1
    inside = (position >= 0) & (values < index.ends[np.maximum(position, 0)])
    following = np.minimum(position + 1, count - 1)
    answers = np.where(inside, values, index.starts[following])
    past = ~inside & ((position + 1 >= count) | index.stranded(values, following, forward=True))
    _fallback(answers, past, positions, timeline.next_open, values)
    return answers


# -- boundaries, business days and closures -----------------------------------------------------


def _runs(index: PeriodIndex) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """For each period of the index, the first and the last period of its run: periods that
    touch (a period cut at UTC New Year) are one, as the scalar answers join them."""
    count = len(index.starts)
    joined = index.starts[1:] == index.ends[:-1]
    run = np.concatenate([[0], np.cumsum(~joined)])
    first = np.searchsorted(run, run, side="left")
    last = np.searchsorted(run, run, side="right") - 1
    assert len(first) == count
    return first, last


def _boundary(schedule: BaseSchedule, instants: Any, search: Callable[..., Any], name: str) -> Any:
    """The boundary the method *name* answers for every instant: *search* over the period
    index of each run of years (its answers, and where they are unsure), the scalar method
    for the unsure ones."""
    column = InstantColumn(instants)
    present = np.flatnonzero(~column.missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        values = column.instants(schedule, present)
        span = partial(_boundary_span, schedule, search, name)
        result[present] = by_year_runs(span, values, present)
    return column.write(result, column.missing, schedule.tz)


def _boundary_span(
    schedule: BaseSchedule,
    search: Callable[..., Any],
    name: str,
    values: Any,
    positions: Any,
    first: int,
    last: int,
) -> NDArray[np.int64]:
    index = period_index(schedule.timeline, first, last)
    answers: NDArray[np.int64] = np.zeros_like(values)
    unsure = np.ones(len(values), dtype=bool)
    if len(index.starts):
        answers, unsure = search(index, values)
    _fallback(answers, unsure, positions, _scalar(schedule, name), values)
    return answers


def _scalar(schedule: BaseSchedule, name: str) -> Callable[[int], int]:
    """The scalar method *name* over integer instants (its errors, its messages)."""
    method = getattr(schedule, name)
    return lambda micros: schedule.instant(method(_utc_datetime(micros)))


def _utc_datetime(micros: int) -> datetime:
    return (_NAIVE_EPOCH + timedelta(microseconds=micros)).replace(tzinfo=UTC)


def next_close(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.next_close` for every instant: O(n log p), one ``searchsorted``.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> next_close(desk, np.array(["2026-11-20T17:00", "2026-11-20T23:00"], dtype="datetime64[us]"))
    array(['2026-11-20T23:00:00.000000', '2026-11-23T23:00:00.000000'],
          dtype='datetime64[us]')
    """
    return _boundary(schedule, instants, _next_close_search, "next_close")


def _next_close_search(index: Any, values: Any) -> tuple[Any, Any]:
    count = len(index.starts)
    _, run_last = _runs(index)
    position = np.searchsorted(index.ends, values, side="right")
    safe = np.minimum(position, count - 1)
    cut = int(index.ends[-1]) == year_start(index.last + 1)  # may run on past the index
    unsure = (position >= count) | (cut & (run_last[safe] == count - 1))
    return index.ends[run_last[safe]], unsure


def previous_close(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.previous_close` for every instant: O(n log p).

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> previous_close(desk, np.array(["2026-11-22T17:00"], dtype="datetime64[us]"))
    array(['2026-11-20T23:00:00.000000'], dtype='datetime64[us]')
    """
    return _boundary(schedule, instants, _previous_close_search, "previous_close")


def _previous_close_search(index: Any, values: Any) -> tuple[Any, Any]:
    count = len(index.starts)
    real = np.ones(count, dtype=bool)  # a period whose end is a closing
    real[:-1] = index.starts[1:] != index.ends[:-1]
    real[-1] = int(index.ends[-1]) != year_start(index.last + 1)
    latest = np.maximum.accumulate(np.where(real, np.arange(count), -1))
    position = np.searchsorted(index.ends, values, side="right") - 1
    chosen = latest[np.maximum(position, 0)]
    return index.ends[np.maximum(chosen, 0)], (position < 0) | (chosen < 0)


def previous_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.previous_open` for every instant: O(n log p).

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> previous_open(desk, np.array(["2026-11-22T17:00"], dtype="datetime64[us]"))
    array(['2026-11-20T14:00:00.000000'], dtype='datetime64[us]')
    """
    return _boundary(schedule, instants, _previous_open_search, "previous_open")


def _previous_open_search(index: Any, values: Any) -> tuple[Any, Any]:
    run_first, _ = _runs(index)
    position = np.searchsorted(index.starts, values, side="right") - 1
    opening = run_first[np.maximum(position, 0)]
    cut = int(index.starts[0]) == year_start(index.first)  # may continue the year before
    return index.starts[opening], (position < 0) | (cut & (opening == 0))


def _whole_numbers(days: Any, size: int) -> NDArray[np.int64]:
    """Business days: one whole number for all, or one per instant."""
    if isinstance(days, int | np.integer) and not isinstance(days, bool):
        return np.full(size, int(days), dtype=np.int64)
    data = np.asarray(days)
    if data.ndim != 1 or data.dtype.kind not in "iu" or len(data) != size:
        raise InvalidDurationError(
            f"business days {days!r}: expected a whole number, or a column of {size} whole numbers"
        )
    return data.astype(np.int64)


def add_days(schedule: Any, starts: Any, days: Any) -> Any:
    """:meth:`Schedule.add_days` for every start (one count of business days, or one per
    start): the next openings with one ``searchsorted``, their local dates moved along the
    business days of the local years they span with another, and the openings after the
    landing wall times with a third. O(n log p) plus the business days of those years,
    listed once per schedule and year. The few answers near the edges of the supported years,
    or across ten years without a business day, are the scalar engine's.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> add_days(desk, np.array(["2026-11-20T21:00", "NaT"], dtype="datetime64[us]"), 1)
    array(['2026-11-23T21:00:00.000000',                        'NaT'],
          dtype='datetime64[us]')
    """
    column = InstantColumn(starts)
    counts = _whole_numbers(days, len(column))
    present = np.flatnonzero(~column.missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        values = column.instants(schedule, present)
        openings = by_year_runs(partial(next_open_span, schedule.timeline), values, present)
        result[present] = _shift(schedule, values, openings, counts[present], present)
    return column.write(result, column.missing, schedule.tz)


def _local_walls(schedule: BaseSchedule, instants: NDArray[np.int64]) -> NDArray[np.int64]:
    """Each instant's local wall time in the schedule's zone (µs since 1970-01-01 00:00 wall
    clock): one offset per UTC day (cached per schedule), instant by instant on the days with
    a change of offset."""
    offsets = schedule.day_offsets
    table, inverse = _distinct(instants // MICROS_PER_DAY)
    found = [offsets.utc_uniform(day) for day in table.tolist()]
    shift = np.array([0 if offset is None else offset for offset in found], dtype=np.int64)
    odd = np.array([offset is None for offset in found], dtype=bool)[inverse]
    local = instants + shift[inverse]
    for k in np.flatnonzero(odd).tolist():
        moment = from_micros(int(instants[k]), schedule.tz)
        offset = moment.utcoffset()
        assert offset is not None
        local[k] = int(instants[k]) + offset // ONE_MICROSECOND
    return local


def _business_days(
    schedule: BaseSchedule, first: int, last: int, ahead: int, behind: int
) -> tuple[NDArray[np.int64], bool]:
    """The business days (ordinals) of local years *first* to *last*, extended until *ahead*
    of them follow the last of those years' and *behind* precede the first's; and whether a
    run of ``LOOKAHEAD_YEARS`` years without one lies among them (where the scalar engine
    stops)."""
    timeline, tz = schedule.timeline, schedule.tz
    years = {year: business_days(timeline, tz, year) for year in range(first, last + 1)}
    low, high, count = first, last, 0
    while count < ahead and high <= MAX_YEAR and high - last <= LOOKAHEAD_YEARS:
        high += 1
        years[high] = business_days(timeline, tz, high)
        count += len(years[high])
    count = 0
    while count < behind and low >= MIN_YEAR and first - low <= LOOKAHEAD_YEARS:
        low -= 1
        years[low] = business_days(timeline, tz, low)
        count += len(years[low])
    empty = [not years[year] for year in range(low, high + 1)]
    days = np.fromiter(
        chain(*(years[year] for year in range(low, high + 1))),
        dtype=np.int64,
        count=sum(len(found) for found in years.values()),
    )
    return days, bool(_empty_runs(empty))


def _shift(
    schedule: Any,
    starts: NDArray[np.int64],
    openings: NDArray[np.int64],
    counts: NDArray[np.int64],
    positions: NDArray[np.intp],
) -> NDArray[np.int64]:
    """:meth:`Schedule.add_days` from each start, given its next opening."""
    result = openings.copy()
    moving = np.flatnonzero(counts != 0)
    if len(moving):
        answer = partial(_shift_span, schedule)
        cut = openings[moving], positions[moving], starts[moving], counts[moving]
        result[moving] = by_year_runs(answer, *cut)
    return result


def _shift_span(
    schedule: Any,
    opening: NDArray[np.int64],
    where: NDArray[np.intp],
    starts: NDArray[np.int64],
    count: NDArray[np.int64],
    first: int,
    last: int,
) -> NDArray[np.int64]:
    """:func:`_shift` for openings in nearby UTC years *first* to *last*."""
    local = _local_walls(schedule, opening)
    first_day = local // MICROS_PER_DAY + EPOCH_ORDINAL
    first_year = date.fromordinal(int(first_day.min())).year
    last_year = date.fromordinal(int(first_day.max())).year
    days, stranded = _business_days(
        schedule, first_year, last_year, max(int(count.max()), 0), max(-int(count.min()), 0)
    )
    target = np.searchsorted(days, first_day) + count
    usable = (target >= 0) & (target < len(days)) & (not stranded)
    landing = days[np.clip(target, 0, max(len(days) - 1, 0))] if len(days) else first_day
    walls = (landing - EPOCH_ORDINAL) * MICROS_PER_DAY + local % MICROS_PER_DAY
    candidates, unreadable = instants_from_walls(walls, schedule)
    usable &= ~unreadable & (candidates >= _LOWEST) & (candidates < _HIGHEST)
    chosen = np.flatnonzero(usable)
    answers = np.zeros(len(opening), dtype=np.int64)
    if len(chosen):
        answer = partial(next_open_span, schedule.timeline)
        answers[chosen] = by_year_runs(answer, candidates[chosen], where[chosen])
    for k in np.flatnonzero(~usable).tolist():  # the scalar engine, with its errors
        try:
            moment = schedule.add_days(_utc_datetime(int(starts[k])), int(count[k]))
        except SlaclockError as err:
            raise at_position(int(where[k]), err) from err
        answers[k] = schedule.instant(moment)
    return answers


def days_between(schedule: Any, starts: Any, ends: Any) -> Any:
    """:meth:`Schedule.days_between` for every pair, as ``int64`` (a masked value where either
    is missing, for numpy; ``pd.NA`` in an ``Int64`` column, for pandas): the business days
    between the local dates counted with two ``searchsorted``, the count confirmed as the
    scalar engine confirms it, with :func:`add_days`'s arrays. O(n log p).

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> starts = np.array(["2026-11-20T21:00", "2026-11-20T21:00"], dtype="datetime64[us]")
    >>> ends = np.array(["2026-11-27T21:00", "NaT"], dtype="datetime64[us]")
    >>> days_between(desk, starts, ends)
    masked_array(data=[5, --],
                 mask=[False,  True],
           fill_value=999999)
    """
    first = InstantColumn(starts)
    second = InstantColumn(ends)
    if len(first) != len(second):
        raise InvalidDatetimeError(
            f"{len(first)} starts and {len(second)} ends: expected as many of each"
        )
    missing = first.missing | second.missing
    present = np.flatnonzero(~missing)
    result = np.zeros(len(first), dtype=np.int64)
    if len(present):
        low = first.instants(schedule, present)
        high = second.instants(schedule, present)
        check_range(np.concatenate([low, high]), np.concatenate([present, present]))
        try:
            result[present] = _between(schedule, low, high, present)
        except SlaclockError:  # near the edges of the supported years: pair by pair
            for k, position in enumerate(present.tolist()):
                try:
                    result[position] = schedule.days_between(
                        _utc_datetime(int(low[k])), _utc_datetime(int(high[k]))
                    )
                except SlaclockError as err:
                    raise at_position(position, err) from err
    if first.pandas is None:
        return np.ma.MaskedArray(result, mask=missing) if missing.any() else result
    pd = first.pandas
    data = pd.array(result, dtype="Int64")
    data[missing] = pd.NA
    if first.index is None:
        return pd.Index(data, name=first.name)
    return pd.Series(data, index=first.index, name=first.name)


def _between(
    schedule: Any, low: NDArray[np.int64], high: NDArray[np.int64], positions: NDArray[np.intp]
) -> NDArray[np.int64]:
    back = high < low
    start, end = np.where(back, high, low), np.where(back, low, high)
    timeline = schedule.timeline
    index = period_index(timeline, utc_year(int(start.min())), utc_year(int(end.max())))
    chosen = np.flatnonzero(index.before(end) - index.before(start) > 0)
    answers = np.zeros(len(low), dtype=np.int64)
    if len(chosen):
        start, end, where = start[chosen], end[chosen], positions[chosen]
        opening = by_year_runs(partial(next_open_span, timeline), start, where)
        first_day = _local_walls(schedule, opening) // MICROS_PER_DAY + EPOCH_ORDINAL
        last_day = _local_walls(schedule, end) // MICROS_PER_DAY + EPOCH_ORDINAL
        first_year = date.fromordinal(int(first_day.min())).year
        last_year = date.fromordinal(int(last_day.max())).year
        days, _ = _business_days(schedule, first_year, last_year, 0, 0)
        count = np.searchsorted(days, last_day, "right") - np.searchsorted(days, first_day, "right")
        found = np.zeros(len(chosen), dtype=np.int64)
        for step in (2, 1, 0):  # count - 2 always fits when positive; the largest that fits
            tried = count - step
            ok = np.flatnonzero(tried > 0)
            if len(ok):
                landed = _shift(schedule, start[ok], opening[ok], tried[ok], where[ok])
                found[ok] = np.where(landed <= end[ok], tried[ok], found[ok])
        answers[chosen] = found
    return np.where(back, -answers, answers)


def closure(schedule: Any, instants: Any) -> list[Any]:
    """:meth:`Schedule.closure` for every instant, as a list (``None`` where open or where
    the instant is missing): whether each is open is one ``searchsorted``; the reason of each
    closed one is asked of the scalar engine, in Python.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> found = closure(desk, np.array(["2026-11-20T15:00", "2026-11-21T15:00"], dtype="datetime64[us]"))
    >>> found[0], found[1].reason
    (None, 'closed weekday')
    """
    column = InstantColumn(instants)
    present = np.flatnonzero(~column.missing)
    result: list[Any] = [None] * len(column)
    if len(present):
        values = column.instants(schedule, present)
        answer = partial(is_open_span, schedule.timeline)
        open_now = by_year_runs(answer, values, present, dtype=bool)
        for k in np.flatnonzero(~open_now).tolist():
            position = int(present[k])
            try:
                result[position] = schedule.closure(_utc_datetime(int(values[k])))
            except SlaclockError as err:
                raise at_position(position, err) from err
    return result
