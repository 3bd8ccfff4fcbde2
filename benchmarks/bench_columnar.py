"""A million deadlines at once: slaclock's columnar path against the scalar loop, pandas and numpy.

    python benchmarks/bench_columnar.py             # full run: about half a minute
    python benchmarks/bench_columnar.py --quick     # smoke run: a few seconds

The workload: 4 business hours added to each of 1,000,000 random aware instants in 2026, on the
desk of bench_engine.py (Monday to Friday 09:00-18:00 in America/New_York, closed on the US-FL
holidays of 2026-2028). Four ways, timed in the same run:

* slaclock's columnar path, ``desk.add_many(column, timedelta(hours=4))``, on a numpy
  ``datetime64[us]`` column (UTC) and on a pandas Series of aware New York timestamps;
* slaclock's scalar loop, ``[desk.add(t, four_hours) for t in starts]``: a sample is timed and
  the figure extrapolated to a million (it is linear: about the same µs per call);
* pandas, ``series + CustomBusinessHour(n=4, ...)``: pandas applies the offset one element at a
  time (it warns so), so a sample is timed and extrapolated as well;
* numpy's ``busday_offset`` on the 1,000,000 local dates: whole business days only, in C. It
  answers a coarser question and is the floor we measure against, not a competitor.

Each figure is the median of several repeats, each repeat running every way once in a rotating
order. A script, not a test: it prints figures and never asserts them. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from _common import environment, format_ratio, import_slaclock, optional_import, run_calls, table

ZONE_NAME = "America/New_York"
NY = ZoneInfo(ZONE_NAME)
YEAR = 2026
HOLIDAY_YEARS = range(2026, 2029)
FOUR_HOURS = timedelta(hours=4)
CLOSING = time(18)
PACKAGES = ("slaclock", "numpy", "pandas", "holidays")

AIM_SECONDS = 0.3  # the columnar path, per million, on one core
AIM_VS_SCALAR = 10.0  # at least this many times faster than the scalar loop
AIM_VS_FLOOR = 15.0  # at most this many times slower than numpy's busday_offset


@dataclass
class Way:
    """One way of answering: what to call, on how many of the million, and how it is done."""

    name: str
    what: str
    function: Callable[[], Any]
    elements: int
    extrapolated: bool
    seconds: list[float]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="instants in the column")
    parser.add_argument("--repeats", type=int, default=7, help="repeats per way (median)")
    parser.add_argument("--scalar-sample", type=int, default=20_000, help="scalar calls timed")
    parser.add_argument("--pandas-sample", type=int, default=2_000, help="pandas elements timed")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="a smoke run: small and few")
    arguments = parser.parse_args()
    if arguments.quick:
        arguments.size, arguments.repeats = 100_000, 3
        arguments.scalar_sample, arguments.pandas_sample = 2_000, 300
    return arguments


def main() -> None:
    arguments = parse_arguments()
    slaclock = import_slaclock()
    np = optional_import("numpy")
    if np is None:
        return
    holidays = import_holidays()
    pd = optional_import("pandas")
    for line in environment(PACKAGES):
        print(line)

    closed = sorted(holidays.country_holidays("US", subdiv="FL", years=HOLIDAY_YEARS))
    desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz=ZONE_NAME, calendar=frozenset(closed))
    column = random_instants(np, arguments.size, arguments.seed)
    scalar_starts = [
        at.astimezone(NY) for at in to_datetimes(np, column[: arguments.scalar_sample])
    ]
    local_days = local_dates(np, column)
    desk.add_many(column[:10], FOUR_HOURS)  # index 2026 and 2027 before the clock starts

    print(
        f"\nworkload: add 4 business hours to {arguments.size:,} random aware "
        f"instants in {YEAR} (seed {arguments.seed}); desk Mon-Fri 09:00-18:00 {ZONE_NAME}, "
        f"{len(closed)} US-FL holidays {HOLIDAY_YEARS.start}-{HOLIDAY_YEARS.stop - 1}"
    )
    ways = [
        Way(
            "slaclock columnar (numpy)",
            "desk.add_many(datetime64[us] UTC column, 4h)",
            lambda: desk.add_many(column, FOUR_HOURS),
            arguments.size,
            False,
            [],
        ),
        Way(
            "slaclock scalar loop",
            "[desk.add(t, 4h) for t in aware datetimes]",
            lambda: [desk.add(at, FOUR_HOURS) for at in scalar_starts],
            len(scalar_starts),
            True,
            [],
        ),
        Way(
            "numpy busday_offset",
            "np.busday_offset(local dates, 1, roll='forward') (days only)",
            lambda: np.busday_offset(
                local_days, 1, roll="forward", weekmask="1111100", holidays=closed
            ),
            arguments.size,
            False,
            [],
        ),
    ]
    if pd is not None:
        series = pd.Series(pd.DatetimeIndex(column).tz_localize("UTC").tz_convert(ZONE_NAME))
        sample = series.iloc[: arguments.pandas_sample].copy()
        offset = pd.offsets.CustomBusinessHour(
            n=4, start="09:00", end="18:00", weekmask="Mon Tue Wed Thu Fri", holidays=closed
        )
        ways.insert(
            1,
            Way(
                "slaclock columnar (pandas)",
                "desk.add_many(aware Series in New York, 4h)",
                lambda: desk.add_many(series, FOUR_HOURS),
                arguments.size,
                False,
                [],
            ),
        )
        ways.append(
            Way(
                "pandas CustomBusinessHour",
                "series + CustomBusinessHour(n=4, ...) (element-wise)",
                lambda: quietly(pd, lambda: sample + offset),
                len(sample),
                True,
                [],
            )
        )

    for repeat in range(arguments.repeats):
        for shift in range(len(ways)):
            way = ways[(repeat + shift) % len(ways)]
            way.seconds.append(run_calls(way.function, [()]))

    cold = first_calls(slaclock, closed, column, 3)
    report(ways, arguments.size, cold)
    agreement(np, pd, desk, column, scalar_starts, ways, arguments)


def import_holidays() -> Any:
    import holidays  # a dependency of slaclock

    return holidays


def random_instants(np: Any, size: int, seed: int) -> Any:
    """*size* instants drawn uniformly (to the microsecond) from the New York year, as UTC
    ``datetime64[us]``."""
    low = datetime(YEAR, 1, 1, tzinfo=NY).astimezone(UTC).replace(tzinfo=None)
    high = datetime(YEAR + 1, 1, 1, tzinfo=NY).astimezone(UTC).replace(tzinfo=None)
    first = np.datetime64(low, "us").astype(np.int64)
    last = np.datetime64(high, "us").astype(np.int64)
    rng = np.random.default_rng(seed)
    return rng.integers(first, last, size, dtype=np.int64).view("datetime64[us]")


def to_datetimes(np: Any, column: Any) -> list[datetime]:
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return [epoch + timedelta(microseconds=int(value)) for value in column.view(np.int64)]


def local_dates(np: Any, column: Any) -> Any:
    """The New York date of each instant (for busday_offset), computed before timing."""
    utc = column.view(np.int64)
    offsets = np.where(is_daylight_time(np, column), -4, -5).astype(np.int64) * 3_600_000_000
    return (utc + offsets).view("datetime64[us]").astype("datetime64[D]")


def is_daylight_time(np: Any, column: Any) -> Any:
    start = np.datetime64(datetime(YEAR, 3, 8, 7), "us")  # 02:00 EST
    end = np.datetime64(datetime(YEAR, 11, 1, 6), "us")  # 02:00 EDT
    return (column >= start) & (column < end)


def quietly(pd: Any, function: Callable[[], Any]) -> Any:
    """Run *function* without pandas' 'Non-vectorized DateOffset' PerformanceWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pd.errors.PerformanceWarning)
        return function()


def first_calls(slaclock: Any, closed: Sequence[date], column: Any, count: int) -> list[float]:
    """Seconds of add_many on a new schedule (its first call indexes the years it touches)."""
    found = []
    for _ in range(count):
        desk = slaclock.Schedule(
            {"mon-fri": "09:00-18:00"}, tz=ZONE_NAME, calendar=frozenset(closed)
        )
        found.append(run_calls(lambda desk=desk: desk.add_many(column, FOUR_HOURS), [()]))
    return found


def per_million(way: Way, seconds: float) -> float:
    return seconds * 1_000_000 / way.elements


def report(ways: Sequence[Way], size: int, cold: Sequence[float]) -> None:
    medians = {way.name: per_million(way, statistics.median(way.seconds)) for way in ways}
    reference = medians["slaclock columnar (numpy)"]
    rows = []
    for way in ways:
        low, high = (per_million(way, value) for value in (min(way.seconds), max(way.seconds)))
        timed = f"{way.elements:,}" + (" (extrapolated)" if way.extrapolated else "")
        rows.append(
            [
                way.name,
                way.what,
                timed,
                f"{medians[way.name]:.3f}",
                f"{low:.3f}-{high:.3f}",
                format_ratio(medians[way.name] / reference),
            ]
        )
    headers = [
        "way",
        "call",
        "elements timed",
        "s per million (median)",
        "min-max",
        "vs columnar (numpy)",
    ]
    print(
        f"\nmedian of {len(ways[0].seconds)} repeats, in seconds per million instants "
        f"(= µs per instant)"
    )
    print(table(headers, rows))
    print(
        f"\nfirst call on a new schedule (indexes UTC years {YEAR} and {YEAR + 1}, then answers "
        f"{size:,}): {statistics.median(cold):.3f} s, median of {len(cold)}"
    )
    aims(medians)


def aims(medians: dict[str, float]) -> None:
    """The aims from the issue, as observations (not assertions)."""
    print("\nthe aims (observations, not assertions):")
    for name in ("slaclock columnar (numpy)", "slaclock columnar (pandas)"):
        if name not in medians:
            continue
        seconds = medians[name]
        scalar = medians["slaclock scalar loop"] / seconds
        floor = seconds / medians["numpy busday_offset"]
        print(
            f"- {name}: {seconds:.3f} s per million "
            f"({'within' if seconds <= AIM_SECONDS else 'NOT within'} the {AIM_SECONDS} s aim); "
            f"{scalar:.1f}x faster than the scalar loop "
            f"({'meets' if scalar >= AIM_VS_SCALAR else 'misses'} the {AIM_VS_SCALAR:.0f}x aim); "
            f"{floor:.1f}x numpy's busday_offset "
            f"({'within' if floor <= AIM_VS_FLOOR else 'NOT within'} the {AIM_VS_FLOOR:.0f}x aim)"
        )
    if "pandas CustomBusinessHour" in medians:
        ratio = medians["pandas CustomBusinessHour"] / medians["slaclock columnar (numpy)"]
        print(f"- pandas CustomBusinessHour: {ratio:,.0f}x the columnar path's time")


def agreement(
    np: Any,
    pd: Any,
    desk: Any,
    column: Any,
    scalar_starts: Sequence[datetime],
    ways: Sequence[Way],
    arguments: argparse.Namespace,
) -> None:
    """Whether the answers agree: columnar with the scalar loop (exactly) and with pandas."""
    batch = desk.add_many(column, FOUR_HOURS)
    scalar = [desk.add(at, FOUR_HOURS) for at in scalar_starts]
    same = sum(
        np.datetime64(due.astimezone(UTC).replace(tzinfo=None), "us") == found
        for due, found in zip(scalar, batch, strict=False)
    )
    print(f"\nagreement: columnar == scalar on {same:,}/{len(scalar):,} sampled instants")
    if pd is None:
        return
    series = pd.Series(pd.DatetimeIndex(column[: arguments.pandas_sample]).tz_localize("UTC"))
    pandas_way = ways[-1]
    answers = pd.DatetimeIndex(pandas_way.function()).tz_convert("UTC").tz_localize(None)
    ours = batch[: len(series)]
    agree = int((np.asarray(answers, dtype="datetime64[us]") == ours).sum())
    on_closing = sum(
        found != theirs and local_time(np, found) == CLOSING
        for found, theirs in zip(ours, np.asarray(answers, dtype="datetime64[us]"), strict=True)
    )
    others = len(series) - agree
    print(f"agreement: pandas == columnar on {agree:,}/{len(series):,} sampled instants")
    if others:
        print(
            f"  {on_closing} of the {others} others land exactly on a closing time, which "
            f"pandas moves to the next opening (a known difference)"
        )


def local_time(np: Any, value: Any) -> time:
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(value.view(np.int64)))
    return moment.astimezone(NY).time()


if __name__ == "__main__":
    main()
