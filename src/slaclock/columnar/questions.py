"""The scalar questions of a schedule over whole columns (optional extra ``numpy``): ``add``,
``subtract``, ``elapsed``, ``is_open``, the next and previous openings and closings, business
days and closures, each the scalar answer to the microsecond."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import partial
from itertools import chain
from typing import TYPE_CHECKING, Any

import numpy as np

from .._questions import business_days
from .._timeline import (
    LOOKAHEAD_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    WALK_YEARS,
    Timeline,
    utc_year,
    year_start,
)
from ..errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    SlaclockError,
)
from ..schedule import BaseSchedule
from ..zones import MICROS_PER_DAY, ONE_MICROSECOND, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

from .columns import (
    EPOCH_ORDINAL,
    NAIVE_EPOCH,
    NAT_MICROS,
    SUPPORTED_HIGH,
    SUPPORTED_LOW,
    InstantColumn,
    PeriodIndex,
    at_position,
    by_year_runs,
    check_range,
    distinct_values,
    duration_column,
    empty_runs,
    fallback_answers,
    instants_from_walls,
    period_index,
)

__all__ = [
    "add",
    "add_days",
    "add_span",
    "closure",
    "days_between",
    "elapsed",
    "elapsed_span",
    "for_positive_amounts",
    "is_open",
    "is_open_span",
    "next_close",
    "next_open",
    "next_open_span",
    "previous_close",
    "previous_open",
    "subtract",
]


def add(schedule: BaseSchedule, starts: Any, durations: Any) -> Any:
    """:meth:`Schedule.add` for every start (one duration, or one per start).

    Missing starts or durations give missing answers; a negative duration is an error naming
    its position. Cost: O(n) for n instants: each is found among the open periods of the UTC
    years they touch with a table look-up and a comparison or two
    (:class:`~slaclock.columnar.columns.SortedLookup`; the periods and the table are built
    once per schedule and range of years).

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
    amounts, unknown = duration_column(durations, len(column))
    missing = column.missing | unknown
    present = np.flatnonzero(~missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        instants = column.instants(schedule, present)
        check_range(instants, present, schedule.tz)  # a zero amount too: nothing answered
        found = for_positive_amounts(span, schedule.timeline, instants, amounts[present], present)
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
        position = np.minimum(index.reaching(targets), count - 1)
        result = index.starts[position] + targets - index.cum[position]
        beyond |= index.stranded(starts, position, forward=True)
    fallback_answers(result, beyond, positions, timeline.add, starts, amounts)
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
    fallback_answers(result, outside, positions, timeline.subtract, ends, amounts)
    return result


def _pairs(
    schedule: BaseSchedule, starts: Any, ends: Any
) -> tuple[InstantColumn, Any, Any, Any, Any]:
    """Two columns of instants read as pairs: the first column (how results are given
    back), each present pair's instants (µs) in the schedule's reading, where either is
    missing, and the places of the present pairs."""
    first = InstantColumn(starts)
    second = InstantColumn(ends)
    if len(first) != len(second):
        raise InvalidDatetimeError(
            f"{len(first)} starts and {len(second)} ends: expected as many of each"
        )
    missing = first.missing | second.missing
    present = np.flatnonzero(~missing)
    if not len(present):
        return first, None, None, missing, present
    return (
        first,
        first.instants(schedule, present),
        second.instants(schedule, present),
        missing,
        present,
    )


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
    first, low, high, missing, present = _pairs(schedule, starts, ends)
    result = np.zeros(len(first), dtype=np.int64)
    if len(present):
        result[present] = elapsed_span(schedule.timeline, low, high, present, schedule.tz)
    result[missing] = NAT_MICROS
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
        answer = partial(is_open_span, schedule.timeline)
        result[present] = by_year_runs(answer, values, present, dtype=bool)
    return column.wrap(result, column.missing)


def is_open_span(
    timeline: Timeline, values: NDArray[np.int64], positions: Any, first: int, last: int
) -> NDArray[np.bool_]:
    index = period_index(timeline, first, last)
    if not len(index.starts):
        return np.zeros(len(values), dtype=bool)
    position = index.period_of(values)
    return (position >= 0) & (values < index.ends[np.maximum(position, 0)])


def next_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.next_open` for every instant.

    >>> import numpy as np, slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> next_open(desk, np.array(["2026-11-21T17:00"], dtype="datetime64[us]"))
    array(['2026-11-23T14:00:00.000000'], dtype='datetime64[us]')
    """
    span = partial(next_open_span, schedule.timeline)
    return _instant_answers(schedule, instants, span, checked=True)


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
        fallback_answers(
            answers, np.ones(len(values), dtype=bool), positions, timeline.next_open, values
        )
        return answers
    position = index.period_of(values)
    inside = (position >= 0) & (values < index.ends[np.maximum(position, 0)])
    following = np.minimum(position + 1, count - 1)
    answers = np.where(inside, values, index.starts[following])
    past = ~inside & ((position + 1 >= count) | index.stranded(values, following, forward=True))
    fallback_answers(answers, past, positions, timeline.next_open, values)
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
    span = partial(_boundary_span, schedule, search, name)
    return _instant_answers(schedule, instants, span, checked=False)


def _instant_answers(
    schedule: BaseSchedule, instants: Any, span: Callable[..., Any], *, checked: bool
) -> Any:
    """An instant for every instant of a column: *span* over each run of years of the present
    ones (first refused outside the supported years, naming their position, when *checked*);
    a missing instant gives a missing answer."""
    column = InstantColumn(instants)
    present = np.flatnonzero(~column.missing)
    result = np.zeros(len(column), dtype=np.int64)
    if len(present):
        values = column.instants(schedule, present)
        if checked:
            check_range(values, present, schedule.tz)
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
    fallback_answers(answers, unsure, positions, _scalar(schedule, name), values)
    return answers


def _scalar(schedule: BaseSchedule, name: str) -> Callable[[int], int]:
    """The scalar method *name* over integer instants (its errors, its messages)."""
    method = getattr(schedule, name)
    return lambda micros: schedule.instant(method(_utc_datetime(micros)))


def _utc_datetime(micros: int) -> datetime:
    return (NAIVE_EPOCH + timedelta(microseconds=micros)).replace(tzinfo=UTC)


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
    table, inverse = distinct_values(instants // MICROS_PER_DAY)
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
    return days, bool(empty_runs(empty))


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
    usable &= ~unreadable & (candidates >= SUPPORTED_LOW) & (candidates < SUPPORTED_HIGH)
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
    first, low, high, missing, present = _pairs(schedule, starts, ends)
    result = np.zeros(len(first), dtype=np.int64)
    if len(present):
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
    return first.wrap(result, missing)


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
