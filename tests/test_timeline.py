"""The integer-microsecond index: Chunk, Timeline and the invariant checker, on plain ints."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable

import pytest

from slaclock import NoOpenTimeError, OutOfRangeError
from slaclock._timeline import (
    LOOKAHEAD_YEARS,
    MAX_YEAR,
    MIN_YEAR,
    WALK_YEARS,
    Chunk,
    Timeline,
    utc_year,
    year_start,
)

US = 1
S = 1_000_000
H = 3600 * S
D = 24 * H
Y2026 = 1_767_225_600 * S  # 2026-01-01T00:00Z: 20454 days after the epoch
Y2027 = Y2026 + 365 * D
Y2028 = Y2027 + 365 * D
Y2029 = Y2028 + 366 * D  # 2028 is a leap year


def test_constants() -> None:
    assert (MIN_YEAR, MAX_YEAR, LOOKAHEAD_YEARS) == (2, 9998, 10)


@pytest.mark.parametrize(
    ("year", "micros"),
    [(1970, 0), (1971, 365 * D), (1969, -365 * D), (2026, Y2026), (2027, Y2027), (2029, Y2029)],
)
def test_year_start(year: int, micros: int) -> None:
    assert year_start(year) == micros
    assert utc_year(micros) == year
    assert utc_year(micros - 1) == year - 1


@pytest.mark.parametrize(("micros", "year"), [(10**20, 10_000), (-(10**20), 0), (0, 1970)])
def test_utc_year_out_of_range(micros: int, year: int) -> None:
    assert utc_year(micros) == year


# -- Chunk -------------------------------------------------------------------------------


def test_chunk_merges_sorts_and_clips() -> None:
    lo = Y2026
    chunk = Chunk(
        2026,
        [
            (lo + 40, lo + 50),
            (lo + 10, lo + 20),
            (lo + 15, lo + 30),  # overlaps the previous one
            (lo + 50, lo + 60),  # touches (lo + 40, lo + 50)
            (lo + 70, lo + 70),  # empty
            (lo + 90, lo + 80),  # inverted
            (lo - 100, lo + 5),  # spills into 2025
            (Y2027 - 5, Y2027 + 100),  # spills into 2027
            (Y2027 + 10, Y2027 + 20),  # wholly outside
        ],
    )
    assert (chunk.year, chunk.lo, chunk.hi) == (2026, Y2026, Y2027)
    assert chunk.starts == [lo, lo + 10, lo + 40, Y2027 - 5]
    assert chunk.ends == [lo + 5, lo + 30, lo + 60, Y2027]
    assert chunk.cum == [0, 5, 25, 45, 50]
    assert chunk.total == 50
    chunk.check()


def test_chunk_merges_when_start_touches_previous_end() -> None:
    # Touching periods are merged into one; nested ones are absorbed.
    chunk = Chunk(
        2026, [(Y2026 + 1, Y2026 + 100), (Y2026 + 10, Y2026 + 20), (Y2026 + 100, Y2026 + 101)]
    )
    assert (chunk.starts, chunk.ends, chunk.total) == ([Y2026 + 1], [Y2026 + 101], 100)


@pytest.mark.parametrize(
    ("offset", "before"),
    [(0, 0), (10, 0), (15, 5), (30, 20), (35, 20), (40, 20), (45, 25), (60, 40), (365 * D - 1, 40)],
)
def test_chunk_open_before(offset: int, before: int) -> None:
    chunk = Chunk(2026, [(Y2026 + 10, Y2026 + 30), (Y2026 + 40, Y2026 + 60)])
    assert chunk.open_before(Y2026 + offset) == before


def test_empty_chunk() -> None:
    chunk = Chunk(2026, [])
    assert (chunk.starts, chunk.ends, chunk.cum, chunk.total) == ([], [], [0], 0)
    assert chunk.open_before(Y2026 + 5) == 0
    chunk.check()


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda c: c.cum.__setitem__(1, c.cum[1] + 1),
        lambda c: c.ends.__setitem__(0, c.starts[1]),  # touching but not merged
        lambda c: c.ends.__setitem__(0, c.starts[0]),  # empty period
        lambda c: c.starts.reverse(),
        lambda c: c.ends.append(Y2027),
        lambda c: c.ends.__setitem__(-1, Y2027 + 1),  # beyond the chunk
        lambda c: c.starts.__setitem__(0, Y2026 - 1),  # before the chunk
        lambda c: setattr(c, "total", 0),
    ],
    ids=["cum", "touching", "empty", "order", "lengths", "after-hi", "before-lo", "total"],
)
def test_chunk_check_catches_corruption(corrupt) -> None:
    chunk = Chunk(2026, [(Y2026 + 10, Y2026 + 30), (Y2026 + 40, Y2026 + 60)])
    chunk.check()
    corrupt(chunk)
    with pytest.raises(AssertionError):
        chunk.check()


def _recounted(chunk: Chunk) -> Chunk:
    """The chunk with ``cum`` and ``total`` made consistent with its periods again."""
    chunk.cum = [0]
    for start, end in zip(chunk.starts, chunk.ends, strict=True):
        chunk.cum.append(chunk.cum[-1] + end - start)
    chunk.total = chunk.cum[-1]
    return chunk


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda c: c.ends.__setitem__(0, c.starts[1]),  # touching but not merged
        lambda c: c.ends.__setitem__(0, c.starts[0]),  # empty period
        lambda c: c.starts.__setitem__(0, Y2026 - 1),  # a microsecond before the chunk
    ],
    ids=["touching", "empty", "before-lo"],
)
def test_chunk_check_catches_corruption_with_consistent_totals(corrupt) -> None:
    """Corruptions the running totals do not give away: the periods themselves are checked."""
    chunk = Chunk(2026, [(Y2026 + 10, Y2026 + 30), (Y2026 + 40, Y2026 + 60)])
    corrupt(chunk)
    with pytest.raises(AssertionError):
        _recounted(chunk).check()
    empty = Chunk(2026, [])
    empty.hi = empty.lo
    with pytest.raises(AssertionError):
        empty.check()


# -- Timeline over a daily source ----------------------------------------------------------


class Daily:
    """Open 09:00-18:00 UTC every day; counts the years it is asked for."""

    def __init__(self, opening: int = 9 * H, closing: int = 18 * H) -> None:
        self.opening, self.closing = opening, closing
        self.calls: Counter[int] = Counter()
        self.lock = threading.Lock()

    def __call__(self, year: int) -> Iterable[tuple[int, int]]:
        with self.lock:
            self.calls[year] += 1
        day = year_start(year) - D
        while day < year_start(year + 1) + D:
            yield (day + self.opening, day + self.closing)
            day += D


@pytest.fixture
def daily() -> Timeline:
    return Timeline(Daily())


@pytest.mark.parametrize(
    ("micros", "is_open", "next_open"),
    [
        (Y2026, False, Y2026 + 9 * H),
        (Y2026 + 9 * H - US, False, Y2026 + 9 * H),
        (Y2026 + 9 * H, True, Y2026 + 9 * H),
        (Y2026 + 9 * H + US, True, Y2026 + 9 * H + US),
        (Y2026 + 18 * H - US, True, Y2026 + 18 * H - US),
        (Y2026 + 18 * H, False, Y2026 + D + 9 * H),
        (Y2026 + 18 * H + US, False, Y2026 + D + 9 * H),
        (Y2027 - US, False, Y2027 + 9 * H),  # next opening is in the next chunk
    ],
)
def test_is_open_and_next_open(daily: Timeline, micros: int, is_open: bool, next_open: int) -> None:
    assert daily.is_open(micros) is is_open
    assert daily.next_open(micros) == next_open
    daily.check()


@pytest.mark.parametrize(
    ("start", "end", "elapsed"),
    [
        (Y2026, Y2026 + D, 9 * H),
        (Y2026 + 10 * H, Y2026 + 11 * H, H),
        (Y2026 + 17 * H, Y2026 + D + 10 * H, 2 * H),
        (Y2026, Y2027, 365 * 9 * H),
        (Y2026, Y2029, (365 + 365 + 366) * 9 * H),
        (Y2026 + 12 * H, Y2029 - 12 * H, (365 + 365 + 366) * 9 * H - 3 * H - 6 * H),
        (Y2026 + 5, Y2026 + 5, 0),
    ],
)
def test_elapsed(daily: Timeline, start: int, end: int, elapsed: int) -> None:
    assert daily.elapsed(start, end) == elapsed
    assert daily.elapsed(end, start) == -elapsed
    daily.check()


@pytest.mark.parametrize(
    ("start", "duration", "result"),
    [
        (Y2026, 9 * H, Y2026 + 18 * H),  # lands exactly on the closing
        (Y2026, 9 * H + US, Y2026 + D + 9 * H + US),
        (Y2026 + 18 * H, US, Y2026 + D + 9 * H + US),
        (Y2026 + 12 * H, 0, Y2026 + 12 * H),
        (Y2026 + 20 * H, 0, Y2026 + 20 * H),  # zero from a closed instant stays put
        (Y2027 - D + 17 * H, 2 * H, Y2027 + 10 * H),  # across the chunk boundary
        (Y2026, 365 * 9 * H, Y2027 - D + 18 * H),
        (Y2026, (365 + 365 + 366) * 9 * H + H, Y2029 + 10 * H),
    ],
)
def test_add(daily: Timeline, start: int, duration: int, result: int) -> None:
    assert daily.add(start, duration) == result
    daily.check()


@pytest.mark.parametrize(
    ("end", "duration", "result"),
    [
        (Y2026 + D + 10 * H, 2 * H, Y2026 + 17 * H),
        (Y2026 + D + 9 * H, US, Y2026 + 18 * H - US),
        (Y2026 + D + 10 * H, H, Y2026 + D + 9 * H),  # the latest instant is the opening
        (Y2026 + D + 8 * H, 9 * H, Y2026 + 9 * H),
        (Y2026 + 12 * H, 0, Y2026 + 12 * H),
        (Y2027 + 10 * H, 2 * H, Y2027 - D + 17 * H),  # back across the chunk boundary
        (Y2029 + 10 * H, (365 + 365 + 366) * 9 * H + H, Y2026 + 9 * H),
    ],
)
def test_subtract(daily: Timeline, end: int, duration: int, result: int) -> None:
    assert daily.subtract(end, duration) == result
    daily.check()


def test_periods(daily: Timeline) -> None:
    assert list(daily.periods(Y2026, Y2026 + 2 * D)) == [
        (Y2026 + 9 * H, Y2026 + 18 * H),
        (Y2026 + D + 9 * H, Y2026 + D + 18 * H),
    ]
    assert list(daily.periods(Y2026 + 10 * H, Y2026 + 11 * H)) == [(Y2026 + 10 * H, Y2026 + 11 * H)]
    assert list(daily.periods(Y2026 + 18 * H, Y2026 + D + 9 * H)) == []
    assert list(daily.periods(Y2026 + 5, Y2026 + 5)) == []
    assert list(daily.periods(Y2026 + 5, Y2026)) == []
    assert list(daily.periods(Y2027 - D + 17 * H, Y2027 + 10 * H)) == [
        (Y2027 - D + 17 * H, Y2027 - D + 18 * H),
        (Y2027 + 9 * H, Y2027 + 10 * H),
    ]
    assert len(list(daily.periods(Y2026, Y2029))) == 365 + 365 + 366


def test_chunks_are_built_once_and_in_order() -> None:
    source = Daily()
    timeline = Timeline(source)
    timeline.is_open(Y2028 + 5)
    timeline.add(Y2026 + 12 * H, 3 * H)
    timeline.elapsed(Y2026, Y2026 + 100 * D)
    timeline.next_open(Y2026 + 20 * H)
    timeline.is_open(Y2028 + 7)
    assert source.calls == Counter({2026: 1, 2028: 1})
    assert [chunk.year for chunk in timeline.loaded()] == [2026, 2028]
    timeline.elapsed(Y2026, Y2029 - 1)  # fills in 2027
    assert [chunk.year for chunk in timeline.loaded()] == [2026, 2027, 2028]
    assert source.calls == Counter({2026: 1, 2027: 1, 2028: 1})
    assert timeline.chunk(2027) is timeline.loaded()[1]
    assert timeline.chunk_at(Y2027) is timeline.loaded()[1]
    timeline.check()


def test_concurrent_loading_builds_each_chunk_once() -> None:
    source = Daily()
    timeline = Timeline(source)
    years = list(range(2026, 2036))

    def work(order: list[int]) -> None:
        for year in order:
            timeline.is_open(year_start(year) + 10 * H)

    threads = [
        threading.Thread(target=work, args=(years[i:] + years[:i],)) for i in range(len(years))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert source.calls == Counter(dict.fromkeys(years, 1))
    assert [chunk.year for chunk in timeline.loaded()] == years
    timeline.check()


def test_check_catches_corrupted_index() -> None:
    timeline = Timeline(Daily())
    timeline.is_open(Y2026)
    timeline.check()
    timeline.loaded()[0].cum[3] += 1
    with pytest.raises(AssertionError):
        timeline.check()


# -- always open: periods cross chunk boundaries ---------------------------------------------


def always(year: int) -> list[tuple[int, int]]:
    return [(year_start(year) - D, year_start(year + 1) + D)]


def test_always_open_spans_years() -> None:
    timeline = Timeline(always)
    start, end = Y2026 + 12345, Y2029 + 6789
    assert list(timeline.periods(start, end)) == [(start, end)]
    assert timeline.elapsed(start, end) == end - start
    assert timeline.add(start, end - start) == end
    assert timeline.subtract(end, end - start) == start
    assert timeline.is_open(Y2027) is True
    assert timeline.is_open(Y2027 - 1) is True
    assert timeline.next_open(Y2027) == Y2027
    # The earliest instant with exactly the rest of 2026 open is the year boundary itself.
    assert timeline.add(Y2026, Y2027 - Y2026) == Y2027
    assert timeline.subtract(Y2027, Y2027 - Y2026) == Y2026
    timeline.check()


# -- no open time and the supported range --------------------------------------------------


def test_no_open_time_is_bounded() -> None:
    calls: list[int] = []

    def empty(year: int) -> list[tuple[int, int]]:
        calls.append(year)
        return []

    timeline = Timeline(empty)
    with pytest.raises(
        NoOpenTimeError,
        match=r"^no open time from 2026-01-01 00:00:00\+00:00 to 2036-01-01 00:00:00\+00:00: ",
    ):
        timeline.add(Y2026 + 5, H)
    assert sorted(calls) == list(range(2026, 2036))  # ten years searched, no more
    with pytest.raises(
        NoOpenTimeError,
        match=r"^no open time from 2026-01-01 00:00:00\+00:00 to 2036-01-01 00:00:00\+00:00: ",
    ):
        timeline.next_open(Y2026 + 5)
    with pytest.raises(
        NoOpenTimeError,
        match=r"^no open time from 2017-01-01 00:00:00\+00:00 to 2027-01-01 00:00:00\+00:00: ",
    ):
        timeline.subtract(Y2026 + 5, H)
    assert timeline.elapsed(Y2026, Y2029) == 0
    assert timeline.is_open(Y2026) is False
    assert timeline.add(Y2026 + 5, 0) == Y2026 + 5
    assert list(timeline.periods(Y2026, Y2029)) == []
    timeline.check()


def test_sparse_open_time_within_the_lookahead() -> None:
    y2030 = year_start(2030)

    def sparse(year: int) -> list[tuple[int, int]]:
        return [(y2030 + 9 * H, y2030 + 10 * H)] if year == 2030 else []

    timeline = Timeline(sparse)
    assert timeline.add(Y2026, H) == y2030 + 10 * H
    assert timeline.next_open(Y2026) == y2030 + 9 * H
    assert timeline.subtract(year_start(2035), H) == y2030 + 9 * H
    assert timeline.elapsed(Y2026, year_start(2035)) == H


@pytest.mark.parametrize(
    ("call", "what"),
    [
        (lambda t: t.chunk(1), "the year 1 is"),
        (lambda t: t.chunk(9999), "the year 9999 is"),
        (lambda t: t.chunk(0), "the year 0 is"),
        (lambda t: t.is_open(year_start(2) - 1), "0001-12-31 23:59:59.999999+00:00 is"),
        (lambda t: t.is_open(year_start(9999)), "9999-01-01 00:00:00+00:00 is"),
        (lambda t: t.is_open(10**20), "an instant in about the year 3,170,843 is"),
        (lambda t: t.is_open(-(10**20)), "an instant in about the year -3,166,904 is"),
        (
            lambda t: t.add(year_start(9999) - D, 2 * D),
            "48h of open time after 9998-12-31 00:00:00+00:00 ends after "
            "9999-01-01 00:00:00+00:00, the end of",
        ),
        (
            lambda t: t.subtract(year_start(2) + D, 2 * D),
            "48h of open time before 0002-01-02 00:00:00+00:00 ends before "
            "0002-01-01 00:00:00+00:00, the start of",
        ),
        (lambda t: t.elapsed(year_start(2) - 1, Y2026), "0001-12-31 23:59:59.999999+00:00 is"),
    ],
)
def test_out_of_range(call, what: str) -> None:
    """Errors name the instant (in the timeline's zone, here UTC) or the year asked about."""
    with pytest.raises(OutOfRangeError) as caught:
        call(Timeline(always))
    message = str(caught.value)
    assert message.startswith(what)
    assert message.endswith("the years slaclock supports: expected 2 to 9998")


def test_first_and_last_supported_years() -> None:
    timeline = Timeline(Daily())
    assert timeline.is_open(year_start(2) + 9 * H) is True
    assert timeline.is_open(year_start(9999) - 7 * H) is True  # 9998-12-31 17:00Z
    assert timeline.is_open(year_start(9999) - 6 * H) is False  # 18:00Z closes
    assert timeline.add(year_start(9999) - D, 9 * H) == year_start(9999) - 6 * H
    timeline.check()


# -- far targets, by totals and bounds (the paths of add and subtract across many years) -----


class Yearly:
    """Open one hour (09:00-10:00 UTC on 2 January) in each of *years*; its totals and bound
    are exact and count the years they are asked for."""

    def __init__(self, years: Iterable[int]) -> None:
        self.years = frozenset(years)
        self.asked: list[tuple[int, int]] = []

    def opening(self, year: int) -> int:
        return year_start(year) + D + 9 * H

    def __call__(self, year: int) -> list[tuple[int, int]]:
        return [(self.opening(year), self.opening(year) + H)] if year in self.years else []

    def totals(self, first: int, last: int) -> list[int]:
        self.asked.append((first, last))
        return [H if year in self.years else 0 for year in range(first, last + 1)]

    def bound(self, first: int, last: int) -> int:
        return sum(self.totals(first, last))


def built(timeline: Timeline) -> list[int]:
    return [chunk.year for chunk in timeline.loaded()]


@pytest.mark.parametrize("kind", ["totals", "bound", "both"])
def test_a_far_target_is_reached_or_refused_at_the_edge_of_the_supported_years(kind: str) -> None:
    """Every year open an hour: all the hours left after 2026 reach the last one, in 9998;
    a microsecond more is refused, by the years' totals or bound, after a short walk."""
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    totals = source.totals if kind != "bound" else None
    bound = source.bound if kind != "totals" else None
    timeline = Timeline(source, totals, bound)
    left = (MAX_YEAR - 2026 + 1) * H
    start = year_start(2026)
    with pytest.raises(
        OutOfRangeError,
        match=r"^\d+h0m0\.000001s of open time after 2026-01-01 00:00:00\+00:00 ends after "
        r"9999-01-01 00:00:00\+00:00, the end of the years slaclock supports: expected 2 to 9998$",
    ):
        timeline.add(start, left + US)
    assert len(built(timeline)) <= 2 if kind != "bound" else len(built(timeline)) <= 18
    if kind != "bound":
        assert timeline.add(start, left) == source.opening(MAX_YEAR) + H
        assert timeline.subtract(source.opening(MAX_YEAR) + H, left) == source.opening(2026)
        before = (2026 - MIN_YEAR) * H
        assert timeline.subtract(start, before) == source.opening(MIN_YEAR)
        assert built(timeline) == [MIN_YEAR, 2026, MAX_YEAR]
    with pytest.raises(OutOfRangeError, match=r"ends before 0002-01-01 00:00:00\+00:00, the start"):
        timeline.subtract(start, (2026 - MIN_YEAR) * H + US)


def test_a_far_target_inside_the_years_is_reached_by_totals_building_two_years() -> None:
    source = Yearly(range(2000, 4000))
    timeline = Timeline(source, source.totals)
    assert timeline.add(year_start(2026), 1000 * H) == source.opening(3025) + H
    assert timeline.subtract(year_start(3026), 1000 * H) == source.opening(2026)
    assert timeline.elapsed(year_start(2026), year_start(3026)) == 1000 * H
    assert built(timeline) == [2026, 3025, 3026]


def test_more_open_time_than_a_timedelta_holds_is_named_in_microseconds() -> None:
    with pytest.raises(
        OutOfRangeError,
        match=r"^a whole number of 25 digits µs of open time after 2026-01-01 00:00:00\+00:00 ",
    ):
        Timeline(always).add(year_start(2026), 10**24)


@pytest.mark.parametrize("with_totals", [False, True])
@pytest.mark.parametrize("gap", [LOOKAHEAD_YEARS - 1, LOOKAHEAD_YEARS])
def test_add_and_subtract_cross_nine_empty_years_and_give_up_at_ten(
    gap: int, with_totals: bool
) -> None:
    source = Yearly({2026, 2027 + gap})
    timeline = Timeline(source, source.totals if with_totals else None)
    start, end = source.opening(2026) + H, source.opening(2027 + gap)
    if gap < LOOKAHEAD_YEARS:
        assert timeline.add(start, H) == end + H
        assert timeline.subtract(end, H) == start - H
        return
    with pytest.raises(
        NoOpenTimeError,
        match=r"^no open time from 2027-01-01 00:00:00\+00:00 to 2037-01-01 00:00:00\+00:00: .* "
        r"after the given instant stops after 10 years without open time$",
    ):
        timeline.add(start, H)
    with pytest.raises(
        NoOpenTimeError,
        match=r"^no open time from 2027-01-01 00:00:00\+00:00 to 2037-01-01 00:00:00\+00:00: .* "
        r"before the given instant stops after 10 years without open time$",
    ):
        timeline.subtract(end, H)


# -- periods: windows ending at New Year, years skipped by their totals --------------------


def test_a_window_ending_exactly_at_new_year_builds_no_later_year() -> None:
    timeline = Timeline(Daily())
    found = list(timeline.periods(Y2027 - D, Y2027))
    assert found == [(Y2027 - D + 9 * H, Y2027 - D + 18 * H)]
    assert built(timeline) == [2026]
    last = year_start(MAX_YEAR + 1)
    assert list(timeline.periods(last - D, last)) == [(last - D + 9 * H, last - D + 18 * H)]
    assert list(timeline.periods(last, last)) == []


def test_periods_open_throughout_are_joined_across_skipped_years() -> None:
    """A timeline open throughout, with totals: the years between are skipped unbuilt, to
    one microsecond before or after a New Year, and to the end of the supported years."""

    def full(first: int, last: int) -> list[int]:
        return [year_start(year + 1) - year_start(year) for year in range(first, last + 1)]

    for end, years in (
        (year_start(2050) - 1, [2026, 2049]),
        (year_start(2050) + 1, [2026, 2050]),
        (year_start(2027 + WALK_YEARS) + 5, [2026, 2027 + WALK_YEARS]),  # skipped
        (year_start(2026 + WALK_YEARS) + 5, list(range(2026, 2027 + WALK_YEARS))),  # walked
        (year_start(MAX_YEAR + 1) - 1, [2026, MAX_YEAR]),
    ):
        timeline = Timeline(always, full)
        assert list(timeline.periods(Y2026 + 5, end)) == [(Y2026 + 5, end)]
        assert built(timeline) == years


def test_periods_skip_empty_years_by_their_totals() -> None:
    source = Yearly({2026, 2027 + WALK_YEARS, 2100})
    timeline = Timeline(source, source.totals)
    found = list(timeline.periods(Y2026, year_start(2101)))
    assert found == [(source.opening(y), source.opening(y) + H) for y in (2026, 2043, 2100)]
    assert built(timeline) == [2026, 2043, 2100]


# -- the edges of the supported years, walked to (fewer than WALK_YEARS years away) ---------


def test_a_walk_to_the_edge_of_the_supported_years_refuses_one_microsecond_more() -> None:
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    timeline = Timeline(source, source.totals)
    start, left = year_start(MAX_YEAR - 8), 9 * H
    assert timeline.add(start, left) == source.opening(MAX_YEAR) + H
    with pytest.raises(
        OutOfRangeError,
        match=r"^9h0m0\.000001s of open time after 9990-01-01 00:00:00\+00:00 ends after "
        r"9999-01-01 00:00:00\+00:00, the end of the years slaclock supports: expected 2 to "
        r"9998$",
    ):
        timeline.add(start, left + US)
    end = source.opening(MIN_YEAR + 8) + H
    assert timeline.subtract(end, 9 * H) == source.opening(MIN_YEAR)
    with pytest.raises(
        OutOfRangeError,
        match=r"^9h0m0\.000001s of open time before 0010-01-02 10:00:00\+00:00 ends before "
        r"0002-01-01 00:00:00\+00:00, the start of the years slaclock supports: expected 2 "
        r"to 9998$",
    ):
        timeline.subtract(end, 9 * H + US)


def test_a_target_in_the_last_year_after_a_long_walk_is_reached() -> None:
    """Seventeen years crossed by totals: the check of the years left (after WALK_YEARS)
    counts the last supported year, which holds the target."""
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    timeline = Timeline(source, source.totals)
    first = MAX_YEAR - WALK_YEARS - 1
    assert timeline.add(year_start(first), (WALK_YEARS + 2) * H) == source.opening(MAX_YEAR) + H
    last = MIN_YEAR + WALK_YEARS + 1
    end = source.opening(last) + H
    assert timeline.subtract(end, (WALK_YEARS + 2) * H) == source.opening(MIN_YEAR)


def test_an_unreachable_target_is_refused_from_one_count_of_the_years_left() -> None:
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    timeline = Timeline(source, source.totals)
    with pytest.raises(OutOfRangeError, match=r"ends after 9999-01-01 00:00:00\+00:00"):
        timeline.add(year_start(2026), 10**6 * H)
    assert len(source.asked) <= WALK_YEARS + 2  # the years walked, then those left at once


@pytest.mark.parametrize("step", [1, -1])
def test_a_target_beyond_the_years_left_is_refused_by_the_bound_after_a_short_walk(
    step: int,
) -> None:
    """A schedule with a bound and no totals (a union whose members share none): after
    WALK_YEARS years built one by one, a target a microsecond more than the years left hold
    is refused by one bound of exactly those years, without building the others."""
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    timeline = Timeline(source, None, source.bound)
    start = year_start(2026)
    question = timeline.add if step > 0 else timeline.subtract
    left = (MAX_YEAR - 2026 + 1) * H if step > 0 else (2026 - MIN_YEAR) * H
    with pytest.raises(OutOfRangeError, match="after" if step > 0 else "before"):
        question(start, left + US)
    assert len(built(timeline)) <= WALK_YEARS + 2


def test_a_bound_is_used_without_the_totals_of_the_years_left() -> None:
    """Totals that cannot be had cheaply (None: a union whose members differ) are not asked
    of all the years left when the schedule gives a bound: no year's index is built for it."""
    source = Yearly(range(MIN_YEAR, MAX_YEAR + 1))
    timeline = Timeline(source, lambda first, last: None, source.bound)
    with pytest.raises(OutOfRangeError, match=r"ends after 9999-01-01 00:00:00\+00:00"):
        timeline.add(year_start(2026), 10**6 * H)
    assert len(built(timeline)) <= WALK_YEARS + 2


def test_all_the_supported_years_open_throughout_are_one_add_and_one_subtract() -> None:
    """Open throughout, with totals: the whole span from year 2 to 9998 is added and
    subtracted exactly (the range checks let a target on the very edge through)."""

    def full(first: int, last: int) -> list[int]:
        return [year_start(year + 1) - year_start(year) for year in range(first, last + 1)]

    timeline = Timeline(always, full)
    lowest, highest = year_start(MIN_YEAR), year_start(MAX_YEAR + 1)
    assert timeline.add(lowest, highest - lowest) == highest
    assert timeline.subtract(year_start(MAX_YEAR), year_start(MAX_YEAR) - lowest) == lowest
    assert Timeline(always).add(year_start(9990), highest - year_start(9990)) == highest
    assert Timeline(always).subtract(year_start(10), year_start(10) - lowest) == lowest
    with pytest.raises(OutOfRangeError, match=r"^9999-01-01 00:00:00\+00:00 is outside"):
        Timeline(always).elapsed(year_start(MAX_YEAR), highest)


def test_next_open_crosses_nine_empty_years_after_one_with_open_time() -> None:
    source = Yearly({2026, 2036})
    timeline = Timeline(source)
    assert timeline.next_open(source.opening(2026) + 2 * H) == source.opening(2036)
    source = Yearly({2026, 2027, 2037})
    timeline = Timeline(source, source.totals)
    assert timeline.add(source.opening(2026) + H, 2 * H) == source.opening(2037) + H


def test_no_opening_before_the_end_of_the_supported_years() -> None:
    timeline = Timeline(Yearly({9990}))
    with pytest.raises(
        OutOfRangeError,
        match=r"^no opening at or after 9990-01-02 11:00:00\+00:00 before 9999-01-01 "
        r"00:00:00\+00:00, the end of the years slaclock supports: expected 2 to 9998$",
    ):
        timeline.next_open(year_start(9990) + D + 11 * H)


def test_the_total_of_a_year_outside_the_supported_ones_is_refused() -> None:
    with pytest.raises(
        OutOfRangeError,
        match=r"^the year 1 is outside the years slaclock supports: expected 2 to 9998$",
    ):
        Timeline(always).total(1)


def test_shapes_and_memo() -> None:
    """A timeline asks its source's shapes (none without them) and keeps a memo for what
    other modules derive from it."""
    assert Timeline(always).shapes(2026, 2027) is None
    timeline = Timeline(always, shapes=lambda first, last: list(range(first, last + 1)))
    assert timeline.shapes(2026, 2028) == [2026, 2027, 2028]
    assert timeline.memo == {}
    timeline.memo["x"] = 1
    assert timeline.memo == {"x": 1}
