"""The period index's lookups (``columnar.columns.SortedLookup``: a table of cells and a few
comparisons in place of a binary search) answer exactly what ``numpy.searchsorted`` answers,
and the open time before an instant is the period's formula over that search.

Two levels: any sorted int64 array (duplicates, values bunched together, values near the
ends of int64) asked about values at, 1 before and 1 after each of its values and anywhere;
and the index of real schedules (tests/strategies.py: split days, overnight shifts, 24x7,
overrides, calendars, zones with DST changes; and years with no open time), asked about every
period's start and end at -1 µs, at it and +1 µs, the zone's DST changes, New Years and random
instants, and about amounts of open time at each period's cumulative end -1, at it and +1.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model import to_us
from profiles import scaled
from slaclock import Schedule
from slaclock._timeline import year_start
from slaclock.columnar.columns import PeriodIndex, SortedLookup, period_index
from strategies import ZONE_NAMES, anchors, schedules, transitions

INT64 = np.iinfo(np.int64)
NEAR = (-1, 0, 1)


def check(values: np.ndarray[Any, Any], asked: np.ndarray[Any, Any]) -> SortedLookup:
    """The lookup of *values* answers *asked* as ``numpy.searchsorted`` does, both sides."""
    lookup = SortedLookup(values)
    for side, found in (("right", lookup.right(asked)), ("left", lookup.left(asked))):
        wanted = np.searchsorted(values, asked, side=side)  # type: ignore[call-overload]
        assert found.tolist() == wanted.tolist(), side
    return lookup


def around(values: list[int], low: int = INT64.min, high: int = INT64.max) -> list[int]:
    """Each value, 1 before and 1 after it (within int64)."""
    return [v + d for v in values for d in NEAR if low <= v + d <= high]


@st.composite
def sorted_arrays(draw: st.DrawFn) -> list[int]:
    """Sorted int64 values: spread out, bunched together, repeated, or near int64's ends."""
    kind = draw(st.sampled_from(("spread", "spread", "bunched", "repeated", "extreme")))
    size = draw(st.integers(0, 60))
    if kind == "spread":
        step = draw(st.sampled_from((1, 7, 3_600_000_000, 86_400_000_000)))
        start = draw(st.integers(-(2**58), 2**58))
        gaps = draw(st.lists(st.integers(1, 3 * step), min_size=size, max_size=size))
        return list(np.cumsum([start, *gaps])[:size].tolist())
    if kind == "bunched":
        values = draw(st.lists(st.integers(0, 50), min_size=size, max_size=size))
        far = draw(st.lists(st.integers(10**12, 10**15), max_size=3))
        return sorted(values + far)
    if kind == "repeated":
        values = draw(st.lists(st.integers(-5, 5), min_size=size, max_size=size))
        return sorted(values)
    values = draw(st.lists(st.integers(INT64.min, INT64.max), min_size=size, max_size=size))
    edges = draw(st.lists(st.sampled_from((INT64.min, INT64.min + 1, INT64.max - 1, INT64.max))))
    return sorted(values + edges)


@given(values=sorted_arrays(), extra=st.lists(st.integers(INT64.min, INT64.max), max_size=20))
@scaled(300)
@example(values=list(range(0, 800, 10)), extra=[-1, 10**18, -(10**18)])
def test_lookup_answers_as_searchsorted(values: list[int], extra: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    asked = np.array([*around(values), *extra, INT64.min, INT64.max], dtype=np.int64)
    check(array, asked)


def test_lookup_uses_its_table_for_spread_values_and_not_for_bunched_ones() -> None:
    spread = check(np.arange(0, 10_000, 7, dtype=np.int64), np.arange(-10, 10_010))
    assert spread.steps >= 1  # the table (else the test above would test searchsorted alone)
    bunched = np.array([*range(20), 10**15], dtype=np.int64)
    assert check(bunched, np.arange(-3, 25)).steps == -1  # one cell holds 20: searchsorted
    assert check(np.arange(5, dtype=np.int64), np.arange(-2, 8)).steps == -1  # few values


# -- the period index of real schedules -----------------------------------------------------------


def check_index(index: PeriodIndex, more: list[int]) -> None:
    """The index's lookups answer every period edge (-1 µs, at, +1 µs), *more* instants and
    the New Years around, and the cumulative ends of its periods, as searchsorted does."""
    starts, ends = index.starts.tolist(), index.ends.tolist()
    years = [year_start(y) for y in range(index.first - 1, index.last + 3)]
    edges = [*around(starts + ends + years + more), int(INT64.min), int(INT64.max)]
    asked = np.array(sorted(set(edges)), dtype=np.int64)
    wanted = np.searchsorted(index.starts, asked, side="right") - 1
    assert index.period_of(asked).tolist() == wanted.tolist()
    open_before = np.zeros_like(asked)  # the open time before each: its period's, up to it
    if len(starts):
        safe = np.maximum(wanted, 0)
        inside = index.cum[safe] + np.minimum(asked, index.ends[safe]) - index.starts[safe]
        open_before = np.where(wanted >= 0, inside, 0)
    assert index.before(asked).tolist() == open_before.tolist()
    cumend = index.cumend.tolist()
    amounts = np.array([-1, 0, *around(cumend), index.total + 10**12], dtype=np.int64)
    wanted = np.searchsorted(index.cumend, amounts, side="left")
    assert index.reaching(amounts).tolist() == wanted.tolist()
    shuffled = np.random.default_rng(len(asked)).permutation(asked)  # any order, as reports ask
    wanted = np.searchsorted(index.starts, shuffled, side="right") - 1
    assert index.period_of(shuffled).tolist() == wanted.tolist()


@given(data=st.data())
@settings(scaled(60), suppress_health_check=list(HealthCheck))
def test_period_index_lookups_agree_with_searchsorted(data: st.DataObject) -> None:
    tz_name = data.draw(ZONE_NAMES)
    anchor = data.draw(anchors(tz_name))
    schedule, _ = data.draw(schedules(tz_name, anchor))
    first = data.draw(st.integers(anchor.year - 2, anchor.year))
    last = data.draw(st.integers(anchor.year, anchor.year + 2))
    index = period_index(schedule.timeline, first, last)
    low, high = year_start(first), year_start(last + 1)
    more = data.draw(st.lists(st.integers(low - 10**12, high + 10**12), max_size=40))
    check_index(index, [*transitions(tz_name), *more])


def _every_day(year: int) -> frozenset[date]:
    first = date(year, 1, 1)
    return frozenset(first + timedelta(days=k) for k in range((date(year + 1, 1, 1) - first).days))


@pytest.mark.parametrize(
    ("hours", "tz", "closed"),
    [
        ({"mon-fri": "09:00-18:00"}, "America/New_York", frozenset()),
        ({"mon-fri": ["09:00-13:00", "14:00-18:00"], "sat": "09:00-13:00"}, "America/Santiago", ()),
        ({"mon-sun": "22:00-06:00"}, "Europe/Madrid", frozenset()),  # overnight, DST at 02:00
        ({"mon-sun": "00:00-24:00"}, "UTC", frozenset()),  # 24x7: a period a year
        ({"mon-sun": "00:00-24:00"}, "Australia/Lord_Howe", _every_day(2027)),  # a year closed
        ({"mon-fri": "09:00-18:00"}, "Asia/Kathmandu", _every_day(2026) | _every_day(2027)),
        ({"tue": "00:00-00:01", "thu": "23:59-24:00"}, "Pacific/Chatham", frozenset()),
    ],
)
def test_period_index_lookups_on_chosen_schedules(
    hours: dict[str, Any], tz: str, closed: frozenset[date]
) -> None:
    schedule = Schedule(hours, tz=tz, calendar=frozenset(closed))
    instants = [to_us(datetime(2025, 1, 1, tzinfo=UTC)) + k * 3_599_999_999 for k in range(9_000)]
    for first, last in ((2025, 2025), (2024, 2028), (2026, 2027), (2020, 2035)):
        index = period_index(schedule.timeline, first, last)
        check_index(index, [*transitions(tz), *instants])
