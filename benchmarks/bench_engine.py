"""slaclock against pandas, businesstimedelta and exchange_calendars on the same workloads.

    python benchmarks/bench_engine.py            # full run: a few minutes at most
    python benchmarks/bench_engine.py --quick    # smoke run: seconds

Every library gets the same desk (Monday to Friday 09:00-18:00 in America/New_York, closed on
the US-FL holidays of 2026-2028) and the same seeded list of start instants in 2026 (open
hours, weekday nights, weekends, holidays and exact opening/closing instants, all on whole
minutes because exchange_calendars works in minutes). Inputs are converted to each library's
own types before the clock starts. Each figure is the median of several repeats; the table
also says whether each library's answers agree with slaclock's on a sample.

A script, not a test: it prints figures and never asserts timings. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import operator
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from _common import (
    Timing,
    affordable,
    environment,
    estimate,
    format_ratio,
    format_us,
    import_slaclock,
    optional_import,
    table,
    time_each,
    time_first_calls,
    time_interleaved,
)

ZONE_NAME = "America/New_York"
NY = ZoneInfo(ZONE_NAME)
OPENING, CLOSING = time(9), time(18)
WORKDAYS = range(5)  # Monday to Friday
# The workload starts in 2026 and runs to the end of 2027 at most; 2028 is listed too because
# businesstimedelta's holiday rule looks ahead for the next holiday and fails when none is left.
HOLIDAY_YEARS = range(2026, 2029)
# exchange_calendars needs a fixed session range: it must cover every start (its first trading
# minute must come before them all: 2026-01-01 is a holiday) and every answer of the workload.
SESSIONS = ("2025-12-01", "2028-12-29")
ONE_MICROSECOND = timedelta(microseconds=1)
TOO_SLOW = 2.0  # seconds per call above which a library is reported as n/a

PACKAGES = ("slaclock", "pandas", "businesstimedelta", "exchange_calendars", "holidays")
SLACLOCK = "slaclock"
FIRST_CALL = "slaclock (first call)"


@dataclass(frozen=True)
class Workload:
    name: str
    kind: str  # "add", "elapsed", "is_open" or "next_open": slaclock's method name
    hours: int = 0  # business hours to add
    span: timedelta = timedelta(0)  # real time between the two instants of an elapsed


WORKLOADS = (
    Workload("add 4h", "add", hours=4),
    Workload("add 2000h", "add", hours=2000),
    Workload("elapsed 1h", "elapsed", span=timedelta(hours=1)),
    Workload("elapsed 1y", "elapsed", span=timedelta(days=365)),
    Workload("is_open", "is_open"),
    Workload("next_open", "next_open"),
)


@dataclass(frozen=True)
class Start:
    at: datetime  # aware, in America/New_York, on a whole minute
    kind: str

    def end(self, span: timedelta) -> datetime:
        """The instant *span* of real time later, in America/New_York."""
        return (self.at.astimezone(UTC) + span).astimezone(NY)


@dataclass
class Bound:
    """One library's way to run one workload: a function and its prepared arguments."""

    function: Callable[..., Any]
    calls: list[tuple[Any, ...]]
    normalize: Callable[[Any], Any] = field(default=lambda result: result)


@dataclass
class Row:
    workload: Workload
    library: str
    timing: Timing | None = None
    note: str = ""
    agreement: str = ""


# -- the workload -------------------------------------------------------------------------------


def closed_dates(holidays: Any) -> list[date]:
    """The US-FL holidays of HOLIDAY_YEARS, one list given to every library."""
    return sorted(holidays.country_holidays("US", subdiv="FL", years=HOLIDAY_YEARS))


def make_starts(count: int, seed: int, closed: Sequence[date]) -> list[Start]:
    """Seeded start instants in 2026: a mix of open, night, weekend, holiday and edge minutes."""
    rng = random.Random(seed)
    closed_set = set(closed)
    days = [date(2026, 1, 1) + timedelta(days=offset) for offset in range(365)]
    business = [day for day in days if day.weekday() in WORKDAYS and day not in closed_set]
    weekend = [day for day in days if day.weekday() not in WORKDAYS]
    holiday = [day for day in days if day.weekday() in WORKDAYS and day in closed_set]
    kinds = ("open", "night", "weekend", "holiday", "edge")
    weights = (45, 20, 15, 10, 10)
    starts = []
    for kind in rng.choices(kinds, weights, k=count):
        if kind == "open":
            day, minute = rng.choice(business), rng.randrange(9 * 60, 18 * 60)
        elif kind == "night":
            day, minute = rng.choice(business), rng.randrange(15 * 60)
            minute = minute if minute < 9 * 60 else minute + 9 * 60  # before 09:00 or from 18:00
        elif kind == "weekend":
            day, minute = rng.choice(weekend), rng.randrange(24 * 60)
        elif kind == "holiday":
            day, minute = rng.choice(holiday), rng.randrange(24 * 60)
        else:  # the opening, 4 h before the closing (a deadline landing on it), the closing
            day, minute = rng.choice(business), rng.choice((9 * 60, 14 * 60, 18 * 60))
        wall = datetime.combine(day, time()) + timedelta(minutes=minute)
        # through UTC and back: a wall time skipped by DST becomes a real instant
        at = wall.replace(tzinfo=NY).astimezone(UTC).astimezone(NY)
        starts.append(Start(at, kind))
    return starts


def to_utc(value: Any) -> datetime:
    """A result instant (datetime or pandas Timestamp, any zone) as a UTC datetime."""
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    return value.astimezone(UTC)


# -- the libraries ------------------------------------------------------------------------------


class Slaclock:
    name = SLACLOCK
    calls: ClassVar[dict[str, str]] = {
        "add": "Schedule.add(start, timedelta(hours=h))",
        "elapsed": "Schedule.elapsed(start, end)",
        "is_open": "Schedule.is_open(at)",
        "next_open": "Schedule.next_open(at)",
    }

    def __init__(self, module: Any, closed: Sequence[date]) -> None:
        self.module = module
        self.closed = frozenset(closed)
        self.desk = self.make()

    def make(self) -> Any:
        return self.module.Schedule({"mon-fri": "09:00-18:00"}, tz=ZONE_NAME, calendar=self.closed)

    def setups(self) -> list[tuple[str, Callable[[], Any]]]:
        noon = datetime(2026, 6, 1, 12, tzinfo=NY)
        return [
            ("Schedule(...): parse the hours, nothing indexed yet", self.make),
            (
                "Schedule(...) + first is_open: builds the index of UTC year 2026",
                lambda: self.make().is_open(noon),
            ),
        ]

    def bind(self, workload: Workload, starts: Sequence[Start]) -> Bound:
        function = getattr(self.desk, workload.kind)
        if workload.kind == "add":
            amount = timedelta(hours=workload.hours)
            return Bound(function, [(start.at, amount) for start in starts], to_utc)
        if workload.kind == "elapsed":
            return Bound(function, [(start.at, start.end(workload.span)) for start in starts])
        normalize = to_utc if workload.kind == "next_open" else (lambda result: result)
        return Bound(function, [(start.at,) for start in starts], normalize)


class Pandas:
    name = "pandas"
    calls: ClassVar[dict[str, str]] = {
        "add": "Timestamp + CustomBusinessHour(n=h)",
        "elapsed": "n/a: pandas has no business time between two instants",
        "is_open": "CustomBusinessHour.is_on_offset(ts)",
        "next_open": "CustomBusinessHour.rollforward(ts)",
    }

    def __init__(self, pd: Any, closed: Sequence[date]) -> None:
        self.pd = pd
        self.closed = list(closed)
        self.hour = self.offset(1)

    def setups(self) -> list[tuple[str, Callable[[], Any]]]:
        return [("CustomBusinessHour(n=4, ...)", lambda: self.offset(4))]

    def offset(self, hours: int) -> Any:
        return self.pd.offsets.CustomBusinessHour(
            n=hours,
            start="09:00",
            end="18:00",
            weekmask="Mon Tue Wed Thu Fri",
            holidays=self.closed,
        )

    def bind(self, workload: Workload, starts: Sequence[Start]) -> Bound | str:
        stamps = [self.pd.Timestamp(start.at) for start in starts]
        if workload.kind == "add":
            offset = self.offset(workload.hours)
            return Bound(operator.add, [(stamp, offset) for stamp in stamps], to_utc)
        if workload.kind == "is_open":
            return Bound(self.hour.is_on_offset, [(stamp,) for stamp in stamps])
        if workload.kind == "next_open":
            return Bound(self.hour.rollforward, [(stamp,) for stamp in stamps], to_utc)
        return self.calls[workload.kind]


class BusinessTimeDelta:
    name = "businesstimedelta"
    calls: ClassVar[dict[str, str]] = {
        "add": "start + BusinessTimeDelta(rules, hours=h)",
        "elapsed": "rules.difference(start, end).timedelta",
        "is_open": "rules.next(at)[0] == at",
        "next_open": "rules.next(at)[0]",
    }

    def __init__(self, btd: Any, closed: Sequence[date]) -> None:
        import pytz  # a dependency of businesstimedelta, whose rules need pytz zones

        zone = pytz.timezone(ZONE_NAME)
        self.btd = btd

        def make() -> Any:
            return btd.Rules(
                [
                    btd.WorkDayRule(
                        start_time=OPENING, end_time=CLOSING, working_days=list(WORKDAYS), tz=zone
                    ),
                    btd.HolidayRule(frozenset(closed), tz=zone),
                ]
            )

        self.make = make
        self.rules = make()

    def setups(self) -> list[tuple[str, Callable[[], Any]]]:
        return [("Rules([WorkDayRule(...), HolidayRule(...)])", self.make)]

    def bind(self, workload: Workload, starts: Sequence[Start]) -> Bound:
        rules = self.rules
        if workload.kind == "add":
            delta = self.btd.BusinessTimeDelta(rules, hours=workload.hours)
            return Bound(operator.add, [(start.at, delta) for start in starts], to_utc)
        if workload.kind == "elapsed":

            def elapsed(start: datetime, end: datetime) -> timedelta:
                return rules.difference(start, end).timedelta

            return Bound(elapsed, [(start.at, start.end(workload.span)) for start in starts])
        if workload.kind == "is_open":

            def is_open(at: datetime) -> bool:
                return bool(rules.next(at)[0] == at)

            return Bound(is_open, [(start.at,) for start in starts])

        def next_open(at: datetime) -> datetime:
            return rules.next(at)[0]

        return Bound(next_open, [(start.at,) for start in starts], to_utc)


class ExchangeCalendars:
    name = "exchange_calendars"
    calls: ClassVar[dict[str, str]] = {
        "add": "minute_offset(minute_to_trading_minute(ts, 'next'), minutes - 1) + 1 min",
        "elapsed": "minutes_distance(start, end - 1 min) (counts both ends; end - 1 min "
        "prepared untimed)",
        "is_open": "is_open_on_minute(ts)",
        "next_open": "minute_to_trading_minute(ts, 'next')",
    }

    def __init__(self, module: Any, closed: Sequence[date]) -> None:
        import pandas as pd  # a dependency of exchange_calendars

        ExchangeCalendar = module.ExchangeCalendar
        adhoc = [pd.Timestamp(day) for day in closed]

        class Desk(ExchangeCalendar):
            """Monday to Friday 09:00-18:00 New York, closed on the same dates."""

            name = "SLACLOCK-DESK"
            tz = NY
            open_times = ((None, OPENING),)
            close_times = ((None, CLOSING),)
            weekmask = "1111100"

            @property
            def adhoc_holidays(self) -> list[Any]:
                return adhoc

        self.pd = pd
        self.make = lambda: Desk(start=SESSIONS[0], end=SESSIONS[1], side="left")
        self.calendar = self.make()
        self.minute = pd.Timedelta(minutes=1)

    def setups(self) -> list[tuple[str, Callable[[], Any]]]:
        what = f"Desk(start={SESSIONS[0]}, end={SESSIONS[1]}) + its minutes index"
        return [(what, lambda: self.make().minutes_nanos)]

    def bind(self, workload: Workload, starts: Sequence[Start]) -> Bound:
        pd, calendar, minute = self.pd, self.calendar, self.minute
        stamps = [pd.Timestamp(start.at).tz_convert("UTC") for start in starts]
        if workload.kind == "add":

            def add(stamp: Any, minutes: int) -> Any:
                first = calendar.minute_to_trading_minute(stamp, "next")
                return calendar.minute_offset(first, minutes - 1) + minute

            return Bound(add, [(stamp, workload.hours * 60) for stamp in stamps], to_utc)
        if workload.kind == "elapsed":
            ends = [pd.Timestamp(start.end(workload.span)).tz_convert("UTC") for start in starts]
            return Bound(
                calendar.minutes_distance,
                [(stamp, end - minute) for stamp, end in zip(stamps, ends, strict=True)],
                lambda minutes: timedelta(minutes=int(minutes)),
            )
        if workload.kind == "is_open":
            return Bound(calendar.is_open_on_minute, [(stamp,) for stamp in stamps])

        def next_open(stamp: Any) -> Any:
            return calendar.minute_to_trading_minute(stamp, "next")

        return Bound(next_open, [(stamp,) for stamp in stamps], to_utc)


# -- agreement with slaclock --------------------------------------------------------------------


class Referee:
    """Compares an anchor's answers with slaclock's and names the known differences."""

    def __init__(self, desk: Any) -> None:
        self.desk = desk

    def closing_instant(self, at: datetime) -> bool:
        return not self.desk.is_open(at) and self.desk.is_open(at - ONE_MICROSECOND)

    def known(self, library: str, workload: Workload, start: Start, ours: Any, theirs: Any) -> str:
        """Why *theirs* differs from *ours*, when it is a documented difference; else ''."""
        if library != "pandas":
            return ""
        if (
            workload.kind == "add"
            and self.closing_instant(ours)
            and theirs == to_utc(self.desk.next_open(ours))
        ):
            return "pandas rolls a deadline on the closing time to the next opening"
        if workload.kind in ("is_open", "next_open") and self.closing_instant(start.at):
            return "pandas counts the closing instant as open"
        return ""

    def compare(
        self,
        library: str,
        workload: Workload,
        starts: Sequence[Start],
        ours: Sequence[Any],
        theirs: Sequence[Any],
    ) -> tuple[str, list[str]]:
        """The agreement cell for the table, and lines describing unexplained differences."""
        known: Counter[str] = Counter()
        unexplained: list[str] = []
        agree = 0
        for start, mine, other in zip(starts, ours, theirs, strict=False):
            if mine == other:
                agree += 1
                continue
            reason = self.known(library, workload, start, mine, other)
            if reason:
                known[reason] += 1
            else:
                unexplained.append(
                    f"{workload.name}, {library}: from {start.at:%a %Y-%m-%d %H:%M %Z} "
                    f"({start.kind}) slaclock says {show(mine)}, {library} says {show(other)}"
                )
        total = len(theirs)
        cell = f"{agree}/{total}"
        if known:
            cell += f" (+{sum(known.values())} known)"
        if unexplained:
            cell += f" ({len(unexplained)} DIFFER)"
        notes = [
            f"{workload.name}, {library}: {count} x {reason}" for reason, count in known.items()
        ]
        return cell, notes + unexplained


def show(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value.astimezone(NY):%a %Y-%m-%d %H:%M %Z}"
    return str(value)


# -- the run ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    starts: int
    repeats: int
    budget: float  # seconds per repeat a slow library may take (it then runs fewer calls)
    min_calls: int
    min_repeat_time: float  # seconds per repeat a fast library loops up to
    probe: int
    check: int  # calls compared with slaclock
    first_calls: int  # fresh schedules timed for the first-call rows
    seed: int


def parse_args(argv: Sequence[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run (seconds)")
    parser.add_argument("--starts", type=int, help="start instants (default 2000; quick 200)")
    parser.add_argument("--repeats", type=int, help="timed repeats (default 7; quick 2)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the start instants")
    args = parser.parse_args(argv)
    if args.quick:
        settings = Settings(200, 2, 0.05, 2, 0.005, 2, 30, 2, args.seed)
    else:
        settings = Settings(2000, 7, 0.3, 10, 0.1, 5, 200, 15, args.seed)
    return replace(
        settings,
        starts=args.starts or settings.starts,
        repeats=args.repeats or settings.repeats,
    )


@dataclass
class Prepared:
    """A library's calls for one workload, cut to what fits the budget, and its answers."""

    bound: Bound
    calls: list[tuple[Any, ...]]
    per_call: float
    answers: list[Any]


def prepare(bound: Bound, settings: Settings) -> Prepared | str:
    """Warm up, estimate the cost, choose how many calls to time and record the answers."""
    per_call = estimate(bound.function, bound.calls, settings.probe)
    if per_call > TOO_SLOW:
        return f"n/a: too slow (about {per_call:.1f} s per call)"
    count = affordable(per_call, len(bound.calls), settings.budget, settings.min_calls)
    calls = bound.calls[:count]
    answers = [bound.normalize(bound.function(*args)) for args in calls[: settings.check]]
    return Prepared(bound, calls, per_call, answers)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(settings: Settings) -> int:
    slaclock = import_slaclock()
    print("# slaclock engine benchmark")
    print()
    for line in environment(PACKAGES):
        print(f"- {line}")
    holidays_module = optional_import("holidays")
    if holidays_module is None:
        return 1
    closed = closed_dates(holidays_module)
    starts = make_starts(settings.starts, settings.seed, closed)
    mix = Counter(start.kind for start in starts)
    print(
        f"- workload: {len(starts)} starts in 2026 (seed {settings.seed}): "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(mix.items()))
    )
    print(
        f"- {settings.repeats} repeats per figure, median shown; closed dates: US-FL "
        f"{HOLIDAY_YEARS.start}-{HOLIDAY_YEARS.stop - 1} ({len(closed)} dates)"
    )
    print()

    ours = Slaclock(slaclock, closed)
    anchors: list[Any] = []
    for module_name, adapter in (
        ("pandas", Pandas),
        ("businesstimedelta", BusinessTimeDelta),
        ("exchange_calendars", ExchangeCalendars),
    ):
        module = optional_import(module_name)
        if module is not None:
            anchors.append(adapter(module, closed))
    referee = Referee(ours.desk)

    progress("one-time setup")
    setup_rows = []
    for library in (ours, *anchors):
        for what, factory in library.setups():
            timing = time_each(factory, settings.first_calls)
            setup_rows.append((library.name, what, format_us(timing.median / 1000)))

    rows: list[Row] = []
    notes: list[str] = []
    for workload in WORKLOADS:
        progress(f"{workload.name}: preparing")
        bound = ours.bind(workload, starts)
        # cached means every UTC year the workload touches is indexed before the clock starts
        reference = [bound.normalize(bound.function(*args)) for args in bound.calls]
        contenders: list[tuple[str, Prepared]] = []
        by_library: dict[str, Row] = {}
        for library in (ours, *anchors):
            bound_or_reason = library.bind(workload, starts)
            prepared = (
                prepare(bound_or_reason, settings)
                if isinstance(bound_or_reason, Bound)
                else bound_or_reason
            )
            if isinstance(prepared, str):
                by_library[library.name] = Row(workload, library.name, note=prepared)
            else:
                contenders.append((library.name, prepared))
        progress(f"{workload.name}: timing {', '.join(name for name, _ in contenders)}")
        timings = time_interleaved(
            [(p.bound.function, p.calls, p.per_call) for _, p in contenders],
            repeats=settings.repeats,
            min_repeat_time=settings.min_repeat_time,
        )
        for (name, prepared), timing in zip(contenders, timings, strict=True):
            row = Row(workload, name, timing, agreement="reference")
            if name != SLACLOCK:
                row.agreement, lines = referee.compare(
                    name, workload, starts, reference, prepared.answers
                )
                notes.extend(lines)
            by_library[name] = row

        def first_call(desk: Any, args: tuple[Any, ...], kind: str = workload.kind) -> Any:
            return getattr(desk, kind)(*args)

        progress(f"{workload.name}: first calls on fresh schedules")
        first = time_first_calls(ours.make, first_call, bound.calls, settings.first_calls)
        by_library[FIRST_CALL] = Row(workload, FIRST_CALL, first, agreement="-")
        order = [SLACLOCK, FIRST_CALL, *(anchor.name for anchor in anchors)]
        rows.extend(by_library[name] for name in order if name in by_library)

    print_results(rows, notes, [ours, *anchors])
    print()
    print("## One-time setup (median ms, fresh objects)")
    print()
    print(table(("library", "what", "ms"), setup_rows))
    print_breakdown(ours, anchors, starts, settings)
    return 0


def median_of(rows: Sequence[Row], workload: str, library: str) -> float | None:
    for row in rows:
        if row.workload.name == workload and row.library == library and row.timing is not None:
            return row.timing.median
    return None


def print_results(rows: Sequence[Row], notes: Sequence[str], libraries: Sequence[Any]) -> None:
    headers = (
        "workload",
        "library",
        "µs/call (median)",
        "min-max of repeats",
        "vs slaclock",
        "calls/repeat x repeats",
        "agrees with slaclock",
    )
    cells = []
    for row in rows:
        ours = median_of(rows, row.workload.name, SLACLOCK)
        if row.timing is None:
            cells.append((row.workload.name, row.library, "n/a", "", "", "", row.note))
            continue
        ratio = format_ratio(row.timing.median / ours) if ours else ""
        spread = f"{format_us(row.timing.low)}-{format_us(row.timing.high)}"
        cells.append(
            (
                row.workload.name,
                row.library,
                format_us(row.timing.median),
                spread,
                ratio,
                row.timing.shape,
                row.agreement,
            )
        )
    print("## Results")
    print()
    print(table(headers, cells))
    print()
    print(
        "vs slaclock: the library's median over slaclock's cached median (higher = slower "
        "than slaclock). First call: a fresh Schedule, so the call builds the index of the "
        "UTC years it touches."
    )
    if notes:
        print()
        print("Differences from slaclock on the checked sample:")
        for line in notes:
            print(f"- {line}")
    print()
    print("How each library expresses each workload:")
    for library in libraries:
        print(f"- {library.name}:")
        for kind, call in library.calls.items():
            print(f"  - {kind}: {call}")

    names = [SLACLOCK, *(library.name for library in libraries[1:])]
    print()
    print("## Flatness (long workload / short one; O(log n) means about 1x)")
    print()
    flat = []
    for name in names:
        ratios = []
        for long, short in (("add 2000h", "add 4h"), ("elapsed 1y", "elapsed 1h")):
            slow, fast = median_of(rows, long, name), median_of(rows, short, name)
            ratios.append(format_ratio(slow / fast) if slow and fast else "n/a")
        flat.append((name, *ratios))
    print(table(("library", "add 2000h / add 4h", "elapsed 1y / elapsed 1h"), flat))
    print()
    print("## Aims from the issue (observations, not assertions)")
    print()
    for workload in WORKLOADS:
        ours = median_of(rows, workload.name, SLACLOCK)
        if ours is None:
            continue
        rivals = [
            (median, name)
            for name in names[1:]
            if (median := median_of(rows, workload.name, name)) is not None
        ]
        line = f"- {workload.name}: slaclock {format_us(ours)} µs"
        if workload.kind in ("add", "elapsed"):
            line += f" ({'under' if ours < 3 else 'NOT under'} the 3 µs aim)"
        if rivals:
            fastest, name = min(rivals)
            speedup = fastest / ours
            verdict = "meets" if speedup >= 10 else "misses"
            line += (
                f"; fastest anchor {name} {format_us(fastest)} µs, slaclock "
                f"{format_ratio(speedup)} faster ({verdict} the 10x aim)"
            )
        print(line)


def print_breakdown(
    ours: Slaclock, anchors: Sequence[Any], starts: Sequence[Start], settings: Settings
) -> None:
    """Where a cached slaclock call spends its time: conversions versus the index lookup."""
    try:
        from slaclock.durations import to_timedelta
        from slaclock.zones import from_micros, to_micros

        desk = ours.desk
        timeline = desk.timeline
        tz = desk.tz
    except (ImportError, AttributeError) as err:
        print(f"\n(breakdown unavailable: slaclock internals changed: {err})")
        return
    sample = [start.at for start in starts]
    four = timedelta(hours=4)
    micros = [to_micros(at, tz) for at in sample]
    amount = to_timedelta(four) // ONE_MICROSECOND
    deadlines = [timeline.add(value, amount) for value in micros]
    year = timedelta(days=365)
    ends = [start.end(year) for start in starts]
    end_micros = [to_micros(at, tz) for at in ends]
    spans = [timeline.elapsed(a, b) for a, b in zip(micros, end_micros, strict=True)]

    def duration(value: timedelta) -> int:
        return to_timedelta(value) // ONE_MICROSECOND

    def two_instants(start: datetime, end: datetime) -> tuple[int, int]:
        return to_micros(start, tz), to_micros(end, tz)

    def make_timedelta(value: int) -> timedelta:
        return timedelta(microseconds=value)

    pairs = list(zip(sample, ends, strict=True))
    steps: list[tuple[str, str, Callable[..., Any], list[tuple[Any, ...]]]] = [
        ("add 4h", "whole call: Schedule.add", desk.add, [(at, four) for at in sample]),
        ("add 4h", "start -> µs (zones.to_micros)", to_micros, [(at, tz) for at in sample]),
        ("add 4h", "duration -> µs (to_timedelta // 1 µs)", duration, [(four,)]),
        ("add 4h", "index lookup (Timeline.add)", timeline.add, [(m, amount) for m in micros]),
        ("add 4h", "µs -> datetime (zones.from_micros)", from_micros, [(d, tz) for d in deadlines]),
        ("elapsed 1y", "whole call: Schedule.elapsed", desk.elapsed, pairs),
        ("elapsed 1y", "2 instants -> µs (to_micros x2)", two_instants, pairs),
        (
            "elapsed 1y",
            "index lookup (Timeline.elapsed)",
            timeline.elapsed,
            list(zip(micros, end_micros, strict=True)),
        ),
        ("elapsed 1y", "µs -> timedelta", make_timedelta, [(span,) for span in spans]),
        ("is_open", "whole call: Schedule.is_open", desk.is_open, [(at,) for at in sample]),
        ("is_open", "start -> µs (zones.to_micros)", to_micros, [(at, tz) for at in sample]),
        ("is_open", "index lookup (Timeline.is_open)", timeline.is_open, [(m,) for m in micros]),
    ]
    reference = next((a for a in anchors if isinstance(a, ExchangeCalendars)), None)
    if reference is not None:
        index = reference.calendar.minutes_nanos
        values = [(reference.pd.Timestamp(at).value,) for at in sample]
        steps.append(
            (
                "reference",
                "numpy searchsorted, exchange_calendars' minutes",
                index.searchsorted,
                values,
            )
        )
    progress("breakdown: timing")
    timings = time_interleaved(
        [
            (function, calls, estimate(function, calls, settings.probe))
            for *_, function, calls in steps
        ],
        repeats=settings.repeats,
        min_repeat_time=settings.min_repeat_time,
    )
    costs = [timing.median for timing in timings]
    wholes = {
        workload: cost
        for (workload, step, *_), cost in zip(steps, costs, strict=True)
        if step.startswith("whole")
    }
    cells = []
    for position, ((workload, step, *_), cost) in enumerate(zip(steps, costs, strict=True)):
        whole = wholes.get(workload)
        cells.append((workload, step, format_us(cost), f"{cost / whole:.0%}" if whole else ""))
        finished = position + 1 == len(steps) or steps[position + 1][0] != workload
        if whole and finished:
            parts = sum(
                other
                for (name, label, *_), other in zip(steps, costs, strict=True)
                if name == workload and not label.startswith("whole")
            )
            rest = whole - parts
            cells.append((workload, "rest: checks, calls", format_us(rest), f"{rest / whole:.0%}"))
    print()
    print("## Where a cached slaclock call spends its time")
    print()
    print(table(("workload", "step", "µs (median)", "share of whole call"), cells))
    print()
    print(
        "Each step is timed on its own, on the same inputs, interleaved with the whole call; "
        "the rest is the whole call minus its steps (can be negative: noise)."
    )
    if reference is not None:
        print(
            f"reference: one numpy searchsorted on exchange_calendars' "
            f"{len(reference.calendar.minutes_nanos):,}-minute index, without any Timestamp "
            f"in or out: the floor of a minute-index lookup from Python."
        )


def main(argv: Sequence[str] | None = None) -> int:
    return run(parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
