"""Business time over whole columns: the scalar questions for arrays (optional extra ``numpy``).

The scalar engine answers with ``bisect`` over a year's sorted open periods; this module asks
the same arrays with ``numpy.searchsorted`` for a million instants at once. The answers are the
scalar answers, to the microsecond. slaclock's core never imports this module or numpy; the
``*_many`` methods of a schedule and :func:`deadlines` load it on first use.

Instants: a ``numpy.datetime64`` array is UTC; a pandas ``Series`` or ``DatetimeIndex`` may be
aware (any zone) or naive (read in the schedule's zone, as in the scalar engine); any other
iterable is read value by value (``datetime``, ISO text or ``None``). Missing values (``NaT``,
``None``) come back missing in the same positions.

>>> import numpy as np
>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> starts = np.array(["2026-11-20T21:00", "2026-11-21T15:00", "NaT"], dtype="datetime64[us]")
>>> desk.add_many(starts, "4h")                                   # UTC in, UTC out
array(['2026-11-23T16:00:00.000000', '2026-11-23T18:00:00.000000',
                              'NaT'], dtype='datetime64[us]')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ._timeline import LOOKAHEAD_YEARS, MAX_YEAR, MIN_YEAR, Timeline, utc_year
from .durations import to_timedelta
from .errors import InvalidDatetimeError, InvalidDurationError, OutOfRangeError, SlaclockError
from .policy import Policy, Target, due
from .schedule import BaseSchedule, _DayOffsets
from .zones import ONE_MICROSECOND, from_micros, to_micros, zone_name

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["add", "deadlines", "elapsed", "is_open", "next_open", "subtract"]

_NAT = np.iinfo(np.int64).min
_DAY = 86_400_000_000
_EPOCH_ORDINAL = 719_163  # date(1970, 1, 1).toordinal()


# -- the compiled index as arrays ----------------------------------------------------------------


class _Index:
    """The open periods of UTC years ``first..last`` as arrays, with cumulative open time."""

    def __init__(self, timeline: Timeline, first: int, last: int) -> None:
        chunks = [timeline.chunk(year) for year in range(first, last + 1)]
        self.first, self.last = first, last
        self.starts = np.array([s for c in chunks for s in c.starts], dtype=np.int64)
        self.ends = np.array([e for c in chunks for e in c.ends], dtype=np.int64)
        lengths = self.ends - self.starts
        self.cumend = np.cumsum(lengths, dtype=np.int64)
        self.cum = self.cumend - lengths
        self.total = int(self.cumend[-1]) if len(self.cumend) else 0
        self.lo = chunks[0].lo
        self.hi = chunks[-1].hi

    def before(self, instants: NDArray[np.int64]) -> NDArray[np.int64]:
        """Open time from the start of year ``first`` to each instant."""
        index = np.searchsorted(self.starts, instants, side="right") - 1
        safe = np.maximum(index, 0)
        if not len(self.starts):
            return np.zeros_like(instants)
        inside = self.cum[safe] + np.minimum(instants, self.ends[safe]) - self.starts[safe]
        return np.where(index >= 0, inside, 0)


def _years(instants: NDArray[np.int64]) -> tuple[int, int]:
    low, high = utc_year(int(instants.min())), utc_year(int(instants.max()))
    for year in (low, high):
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise OutOfRangeError(
                f"UTC year {year} is outside the years slaclock supports: "
                f"expected {MIN_YEAR} to {MAX_YEAR}"
            )
    return low, high


# -- reading and writing columns ------------------------------------------------------------------


class _Column:
    """Instants read from a column: int64 microseconds, a missing mask, and how to write back."""

    def __init__(self, values: Any, schedule: BaseSchedule) -> None:
        self.pandas: Any = None
        self.index: Any = None
        self.name: Any = None
        module = type(values).__module__
        if module.startswith("pandas"):
            self.micros, self.missing = self._from_pandas(values, schedule)
        elif isinstance(values, np.ndarray) and values.dtype.kind == "M":
            data = values.astype("datetime64[us]")
            self.micros = data.view(np.int64).copy()
            self.missing = np.isnat(data)
        else:
            self.micros, self.missing = _from_values(values, schedule)

    def _from_pandas(self, values: Any, schedule: BaseSchedule) -> tuple[Any, Any]:
        import pandas as pd

        self.pandas = pd
        if isinstance(values, pd.Series):
            self.index, self.name = values.index, values.name
            data = values.dt if hasattr(values, "dt") else values
        elif isinstance(values, pd.DatetimeIndex):
            self.index, self.name = None, values.name
            data = values
        else:
            raise InvalidDatetimeError(
                f"column of type {type(values).__name__}: expected a numpy datetime64 array, "
                f"a pandas Series or DatetimeIndex of datetimes, or an iterable of datetimes"
            )
        if data.tz is not None:
            utc = np.asarray(data.tz_convert("UTC").tz_localize(None), dtype="datetime64[us]")
            return utc.view(np.int64).copy(), np.isnat(utc)
        wall = np.asarray(data.tz_localize(None) if data.tz else values, dtype="datetime64[us]")
        missing = np.isnat(wall)
        return _localize(wall.view(np.int64), missing, schedule), missing

    def write(self, micros: NDArray[np.int64], tz: tzinfo) -> Any:
        """Instants back in the column's kind: pandas in the schedule's zone, numpy in UTC."""
        result = micros.copy()
        result[self.missing] = _NAT
        utc = result.view("datetime64[us]")
        if self.pandas is None:
            return utc
        pd = self.pandas
        index = pd.DatetimeIndex(utc, name=self.name).tz_localize("UTC").tz_convert(zone_name(tz))
        if self.index is None:
            return index
        return pd.Series(index, index=self.index, name=self.name)

    def wrap(self, values: NDArray[Any], dtype: str) -> Any:
        """Other results (booleans, durations) in the column's kind."""
        if self.pandas is None:
            return values
        pd = self.pandas
        if dtype == "boolean":
            data = pd.array(values, dtype="boolean")
            data[self.missing] = pd.NA
            values = data
        return (
            pd.Series(values, index=self.index, name=self.name)
            if self.index is not None
            else (pd.Index(values, name=self.name))
        )


def _from_values(values: Any, schedule: BaseSchedule) -> tuple[Any, Any]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidDatetimeError(
            f"column {values!r}: expected an array or an iterable of datetimes"
        )
    micros: list[int] = []
    missing: list[bool] = []
    for position, value in enumerate(values):
        if value is None or (isinstance(value, float) and value != value):
            micros.append(0)
            missing.append(True)
            continue
        try:
            micros.append(to_micros(value, schedule.tz, schedule.naive))
        except SlaclockError as err:
            raise type(err)(f"position {position}: {err}") from err
        missing.append(False)
    return np.array(micros, dtype=np.int64), np.array(missing, dtype=bool)


def _localize(wall: NDArray[np.int64], missing: NDArray[np.bool_], schedule: BaseSchedule) -> Any:
    """Naive wall times (µs) read in the schedule's zone, as the scalar engine reads them: a
    wall time that never happened is an error; an ambiguous one is the first (fold=0)."""
    result = np.zeros_like(wall)
    present = ~missing
    if not present.any():
        return result
    offsets = _DayOffsets(schedule.tz)
    days = wall[present] // _DAY + _EPOCH_ORDINAL
    unique, inverse = np.unique(days, return_inverse=True)
    uniform = [offsets._uniform(int(day)) for day in unique]
    shift = np.array([0 if off is None else off for off in uniform], dtype=np.int64)
    odd = np.array([off is None for off in uniform], dtype=bool)
    values = wall[present] - shift[inverse]
    positions = np.flatnonzero(present)
    for k in np.flatnonzero(odd[inverse]):  # days with a change of offset: one by one
        moment = datetime(1970, 1, 1) + timedelta(microseconds=int(wall[positions[k]]))
        try:
            values[k] = to_micros(moment, schedule.tz, "assume")
        except SlaclockError as err:
            raise type(err)(f"position {int(positions[k])}: {err}") from err
    result[present] = values
    return result


def _durations(durations: Any, size: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    if isinstance(durations, timedelta | str):
        amount = to_timedelta(durations) // ONE_MICROSECOND
        return np.full(size, amount, dtype=np.int64), np.zeros(size, dtype=bool)
    if type(durations).__module__.startswith("pandas"):
        durations = np.asarray(durations, dtype="timedelta64[us]")
    if isinstance(durations, np.ndarray) and durations.dtype.kind == "m":
        data = durations.astype("timedelta64[us]")
        missing = np.isnat(data)
        micros = data.view(np.int64).copy()
    else:
        items = list(durations)
        missing = np.array([item is None for item in items], dtype=bool)
        micros = np.array(
            [0 if item is None else to_timedelta(item) // ONE_MICROSECOND for item in items],
            dtype=np.int64,
        )
    if micros.shape != (size,):
        raise InvalidDurationError(
            f"{micros.shape[0]} durations for {size} instants: expected one duration or as "
            f"many as instants"
        )
    negative = np.flatnonzero((micros < 0) & ~missing)
    if len(negative):
        position = int(negative[0])
        raise InvalidDurationError(
            f"position {position}: duration {timedelta(microseconds=int(micros[position]))} "
            f"is negative: expected 0 or more"
        )
    return micros, missing


# -- the questions ----------------------------------------------------------------------------------


def add(schedule: BaseSchedule, starts: Any, durations: Any) -> Any:
    """:meth:`Schedule.add` for every start (one duration, or one per start).

    Cost: O(n log p) for n instants over p open periods of the years touched.
    """
    column = _Column(starts, schedule)
    amounts, missing = _durations(durations, len(column.micros))
    missing = missing | column.missing
    result = column.micros.copy()
    todo = ~missing & (amounts > 0)
    if todo.any():
        result[todo] = _add(schedule._timeline, column.micros[todo], amounts[todo])
    column.missing = missing
    return column.write(result, schedule.tz)


def _add(timeline: Timeline, starts: NDArray[np.int64], amounts: NDArray[np.int64]) -> Any:
    first, last = _years(starts)
    index = _Index(timeline, first, last)
    targets = index.before(starts) + amounts
    need = int(targets.max())
    empty = 0
    while index.total < need:  # reach far enough ahead for the largest target
        chunk = timeline.chunk(index.last + 1) if index.last < MAX_YEAR else None
        if chunk is None:
            break
        empty = empty + 1 if chunk.total == 0 else 0
        if empty >= LOOKAHEAD_YEARS:
            break
        index = _Index(timeline, first, index.last + 1)
    beyond = targets > index.total
    position = np.searchsorted(index.cumend, np.minimum(targets, index.total), side="left")
    position = np.minimum(position, max(len(index.starts) - 1, 0))
    result = np.empty_like(starts)
    inside = ~beyond
    if len(index.starts):
        result[inside] = (
            index.starts[position[inside]] + targets[inside] - index.cum[position[inside]]
        )
    for k in np.flatnonzero(beyond):  # past the look-ahead: the scalar engine says why
        result[k] = timeline.add(int(starts[k]), int(amounts[k]))
    return result


def subtract(schedule: BaseSchedule, ends: Any, durations: Any) -> Any:
    """:meth:`Schedule.subtract` for every end (one duration, or one per end)."""
    column = _Column(ends, schedule)
    amounts, missing = _durations(durations, len(column.micros))
    missing = missing | column.missing
    result = column.micros.copy()
    todo = ~missing & (amounts > 0)
    if todo.any():
        result[todo] = _subtract(schedule._timeline, column.micros[todo], amounts[todo])
    column.missing = missing
    return column.write(result, schedule.tz)


def _subtract(timeline: Timeline, ends: NDArray[np.int64], amounts: NDArray[np.int64]) -> Any:
    first, last = _years(ends)
    index = _Index(timeline, first, last)
    targets = index.before(ends) - amounts
    empty = 0
    while int(targets.min()) < 0 and index.first > MIN_YEAR:  # reach far enough back
        chunk = timeline.chunk(index.first - 1)
        empty = empty + 1 if chunk.total == 0 else 0
        if empty >= LOOKAHEAD_YEARS:
            break
        index = _Index(timeline, index.first - 1, last)
        targets = targets + chunk.total
    result = np.empty_like(ends)
    inside = targets >= 0
    position = np.searchsorted(index.cum, np.maximum(targets, 0), side="right") - 1
    position = np.clip(position, 0, max(len(index.starts) - 1, 0))
    if len(index.starts):
        result[inside] = (
            index.starts[position[inside]] + targets[inside] - index.cum[position[inside]]
        )
    for k in np.flatnonzero(~inside):
        result[k] = timeline.subtract(int(ends[k]), int(amounts[k]))
    return result


def elapsed(schedule: BaseSchedule, starts: Any, ends: Any) -> Any:
    """:meth:`Schedule.elapsed` for every pair, as ``timedelta64[us]`` (negative when an end is
    before its start); missing where either is missing."""
    first = _Column(starts, schedule)
    second = _Column(ends, schedule)
    if first.micros.shape != second.micros.shape:
        raise InvalidDatetimeError(
            f"{len(first.micros)} starts and {len(second.micros)} ends: expected as many of each"
        )
    missing = first.missing | second.missing
    result = np.zeros_like(first.micros)
    present = ~missing
    if present.any():
        both = np.concatenate([first.micros[present], second.micros[present]])
        low, high = _years(both)
        index = _Index(schedule._timeline, low, high)
        result[present] = index.before(second.micros[present]) - index.before(first.micros[present])
    result[missing] = _NAT
    return first.wrap(result.view("timedelta64[us]"), "timedelta")


def is_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.is_open` for every instant. For numpy input a missing instant gives a
    masked value (``numpy.ma``); for pandas input, ``pd.NA`` in a ``boolean`` column."""
    column = _Column(instants, schedule)
    result = np.zeros(len(column.micros), dtype=bool)
    present = ~column.missing
    if present.any():
        values = column.micros[present]
        index = _Index(schedule._timeline, *_years(values))
        position = np.searchsorted(index.starts, values, side="right") - 1
        safe = np.maximum(position, 0)
        result[present] = (
            (position >= 0) & (values < index.ends[safe]) if len(index.starts) else False
        )
    if column.pandas is None:
        return np.ma.MaskedArray(result, mask=column.missing) if column.missing.any() else result
    return column.wrap(result, "boolean")


def next_open(schedule: BaseSchedule, instants: Any) -> Any:
    """:meth:`Schedule.next_open` for every instant."""
    column = _Column(instants, schedule)
    timeline = schedule._timeline
    result = column.micros.copy()
    present = ~column.missing
    if present.any():
        values = column.micros[present]
        index = _Index(timeline, *_years(values))
        position = np.searchsorted(index.starts, values, side="right") - 1
        safe = np.maximum(position, 0)
        count = len(index.starts)
        inside = (
            (position >= 0) & (values < index.ends[safe])
            if count
            else np.zeros(len(values), dtype=bool)
        )
        following = np.minimum(position + 1, max(count - 1, 0))
        answers = np.where(inside, values, index.starts[following] if count else values)
        past = ~inside & (position + 1 >= count)
        for k in np.flatnonzero(past):  # after the last period of the years touched
            answers[k] = timeline.next_open(int(values[k]))
        result[present] = answers
    return column.write(result, schedule.tz)


# -- policies -------------------------------------------------------------------------------------


def deadlines(
    policy: Policy,
    priorities: Any,
    submitted: Any,
    *,
    metric: str = "response",
    plans: Any = None,
    errors: Literal["raise", "coerce"] = "raise",
) -> Any:
    """:meth:`Policy.deadline` for whole columns of priorities, submission instants and
    (optionally) plans, grouped internally by plan and priority.

    An unknown priority or plan raises an error naming its first position and value, or with
    ``errors="coerce"`` gives a missing deadline. Results are UTC for numpy input; for pandas
    input they are in the plans' zone (UTC when the plans' zones differ). Business-day targets
    are computed one value at a time.

    >>> import numpy as np, slaclock
    >>> policy = slaclock.default_policy()
    >>> submitted = np.array(["2026-11-20T21:00", "2026-11-20T21:00"], dtype="datetime64[us]")
    >>> deadlines(policy, ["high", "Baja"], submitted)
    array(['2026-11-23T16:00:00.000000', '2026-11-25T18:00:00.000000'],
          dtype='datetime64[us]')
    """
    if errors not in ("raise", "coerce"):
        raise InvalidDatetimeError(f"errors={errors!r}: expected 'raise' or 'coerce'")
    default = policy.plan()
    column = _Column(submitted, default.schedule)
    size = len(column.micros)
    names = _labels(priorities, size, "priorities")
    plan_names = _labels(plans, size, "plans") if plans is not None else [None] * size
    canonical: dict[tuple[object, object], tuple[str, str] | None] = {}
    groups: dict[tuple[str, str], list[int]] = {}
    missing = column.missing.copy()
    for position, key in enumerate(zip(names, plan_names, strict=True)):
        if missing[position] or key[0] is None:
            missing[position] = True
            continue
        if key not in canonical:
            try:
                canonical[key] = (policy.priority(key[0]), policy.plan(key[1]).name)  # type: ignore[arg-type]
            except SlaclockError as err:
                if errors == "raise":
                    raise type(err)(f"position {position}: {err}") from err
                canonical[key] = None
        found = canonical[key]
        if found is None:
            missing[position] = True
        else:
            groups.setdefault(found, []).append(position)
    result = np.zeros(size, dtype=np.int64)
    zones = set()
    for (priority, plan_name), members in groups.items():
        plan = policy.plan(plan_name)
        zones.add(zone_name(plan.schedule.tz))
        target = policy.target(priority, metric, plan_name)
        chosen = np.array(members, dtype=np.int64)
        result[chosen] = _due(plan.schedule, column.micros[chosen], target)
    column.missing = missing
    if len(zones) > 1:
        return column.write(result, UTC)
    tz = policy.plan(next(iter(groups))[1]).schedule.tz if groups else default.schedule.tz
    return column.write(result, tz)


def _due(schedule: BaseSchedule, starts: NDArray[np.int64], target: Target) -> Any:
    amount = target.amount
    if isinstance(amount, timedelta):
        micros = amount // ONE_MICROSECOND
        if target.clock == "calendar":
            return starts + micros
        if micros == 0:
            return starts.copy()
        return _add(schedule._timeline, starts, np.full(len(starts), micros, dtype=np.int64))
    tz = schedule.tz
    return np.array(
        [to_micros(due(schedule, from_micros(int(value), tz), target), tz) for value in starts],
        dtype=np.int64,
    )


def _labels(values: Any, size: int, what: str) -> list[object]:
    if isinstance(values, str) or values is None:
        return [values] * size
    items = list(values)
    if len(items) != size:
        raise InvalidDatetimeError(
            f"{len(items)} {what} for {size} submission instants: expected one or as many"
        )
    return [
        None if item is None or (isinstance(item, float) and item != item) else item
        for item in items
    ]
