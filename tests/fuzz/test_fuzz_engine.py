"""Fuzzing the engine's entry points: ``Schedule(...)`` arguments, durations, and instants at
the edges of the supported years and in daylight-saving gaps and folds.

Every answer is checked against what it claims: ``add`` has exactly the duration of open time
since its start, ``subtract`` until its end, ``next_open`` is open (or the instant itself), a
duration written by ``format_duration`` reads back to itself.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

from fuzzing import Refused, fuzz, obeys
from hypothesis import example, given
from hypothesis import strategies as st

from slaclock import BusinessDays, Schedule, format_duration, parse_duration
from slaclock._timeline import MAX_YEAR, MIN_YEAR, year_start

US = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ZONES = (
    "America/New_York", "America/Santiago", "America/Havana", "Australia/Lord_Howe",
    "Pacific/Kiritimati", "Pacific/Pago_Pago", "Pacific/Apia", "Africa/Casablanca",
    "Europe/Dublin", "Asia/Kathmandu", "America/Sitka", "UTC",
)  # fmt: skip


class Offsetless(tzinfo):
    """A tzinfo whose ``utcoffset`` is None."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


class Broken(tzinfo):
    """A tzinfo whose methods raise."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        raise RuntimeError("broken zone")


# -- durations ----------------------------------------------------------------------------------

DURATION_TEXTS = st.one_of(
    st.text(max_size=20),
    st.from_regex(r"\s*\d{1,30}(\.\d{0,9})?\s*(h|m|s|bd|d|days?|hours?|ms|us)?\s*", fullmatch=True),
    st.from_regex(r"(\d{1,8}h)?(\d{1,8}m)?(\d{1,8}(\.\d{1,8})?s)?( calendar)?", fullmatch=True),
    st.integers(0, 6000).map(lambda n: "9" * n + "h"),
    st.integers(0, 6000).map(lambda n: "9" * n + "bd"),
    st.sampled_from(("٣h", "１h", "1e3h", "0x10h", "-0s", "+4h", "4h4h", "4 h", "1_000h")),
)
TIMEDELTAS = st.timedeltas(min_value=timedelta(0))


@fuzz(150)
@given(text=DURATION_TEXTS)
@example(text="9" * 4300 + "d")
@example(text="9" * 4000 + "bd")
def test_a_duration_text_reads_or_is_refused_and_reads_back(text: str) -> None:
    found = obeys(parse_duration, text)
    if isinstance(found, Refused):
        return
    if isinstance(found, BusinessDays):
        assert parse_duration(str(found)) == found
        return
    assert isinstance(found, timedelta)
    assert found >= timedelta(0)
    assert parse_duration(format_duration(found)) == found


@fuzz(100)
@given(value=st.one_of(TIMEDELTAS, st.timedeltas(), st.integers(), st.text(), st.none()))
def test_format_duration_writes_what_parse_duration_reads(value: Any) -> None:
    text = obeys(format_duration, value)
    if isinstance(text, Refused):
        return
    assert isinstance(value, timedelta)
    back = obeys(parse_duration, text)
    if value >= timedelta(0):
        assert back == value
    else:
        assert isinstance(back, Refused)  # a negative duration is written, never read


# -- Schedule(...) arguments ------------------------------------------------------------------

INTERVAL_TEXTS = st.one_of(
    st.sampled_from(
        (
            "09:00-18:00", "22:00-06:00", "00:00-24:00", "24:00-01:00", "9-17", "09:00-09:00",
            "23:59:59-00:00:01", "25:00-26:00", "09:00", "", "-", "09:00-18:00-19:00",
            "01:30-02:30", "02:00-03:00",
        )
    ),
    st.text(max_size=12),
)  # fmt: skip
INTERVALS = st.one_of(
    INTERVAL_TEXTS, st.lists(INTERVAL_TEXTS, max_size=3), st.integers(), st.none(), st.just([])
)
DAY_KEYS = st.one_of(
    st.sampled_from(("mon", "mon-fri", "sat,sun", "fri-mon", "sun", "MON", "mon-", "x")),
    st.text(max_size=8),
    st.integers(),
)
HOURS = st.one_of(
    st.dictionaries(DAY_KEYS, INTERVALS, max_size=4),
    st.sampled_from(({"mon-fri": "09:00-18:00"}, {"mon-sun": "00:00-24:00"}, {})),
    st.text(max_size=10),
    st.lists(st.text(max_size=4), max_size=2),
    st.none(),
)
TZS: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(ZONES),
    st.text(max_size=20),
    st.integers(-24 * 60 + 1, 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m))),
    st.sampled_from((Offsetless(), Broken(), "Etc/GMT+12", "../../etc/passwd", "utc", "")),
    st.integers(),
    st.none(),
)
CALENDARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.sets(st.dates(date(2025, 1, 1), date(2027, 12, 31)), max_size=5),
    st.lists(st.one_of(st.dates(), st.text(max_size=4), st.integers()), max_size=3),
    st.sampled_from(("US", "", 5, 3.5, object())),
    st.dictionaries(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.text(max_size=4)),
)
OVERRIDES = st.one_of(
    st.none(),
    st.dictionaries(
        st.one_of(st.dates(date(2025, 1, 1), date(2027, 12, 31)), st.text(max_size=12)),
        INTERVALS,
        max_size=3,
    ),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
)
NAIVE = st.one_of(st.sampled_from(("assume", "reject")), st.text(max_size=8), st.none())


@fuzz(80)
@given(hours=HOURS, tz=TZS, calendar=CALENDARS, overrides=OVERRIDES, naive=NAIVE)
def test_schedule_arguments_build_a_schedule_or_are_refused(
    hours: Any, tz: Any, calendar: Any, overrides: Any, naive: Any
) -> None:
    schedule = obeys(Schedule, hours, tz=tz, calendar=calendar, overrides=overrides, naive=naive)
    if isinstance(schedule, Refused):
        return
    assert isinstance(schedule, Schedule)
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    ask(schedule, start, timedelta(hours=30))
    assert repr(schedule).startswith("Schedule(")


# -- instants at the edges and in gaps and folds -------------------------------------------------


def edges() -> st.SearchStrategy[datetime]:
    """Aware instants a few microseconds, minutes or days around the supported years' edges."""
    lows = [year_start(MIN_YEAR), year_start(MAX_YEAR + 1)]
    around = st.sampled_from(lows).flatmap(
        lambda edge: st.integers(-3 * 86_400 * 10**6, 3 * 86_400 * 10**6).map(lambda d: edge + d)
    )
    return around.filter(lambda m: year_start(1) <= m < year_start(9999) + 86_400 * 10**6).map(
        lambda m: EPOCH + m * US
    )


@st.composite
def changes(draw: st.DrawFn, zone: str) -> datetime:
    """A naive wall time near a change of the zone's offset (a gap or a fold), any fold."""
    tz = ZoneInfo(zone)
    year = draw(st.sampled_from((1918, 1970, 2011, 2026, 2037, 2100, 5000)))
    moment = datetime(year, 1, 1, 12, tzinfo=tz)
    found = []
    for _ in range(73):  # the changes of that year, by five-day steps
        following = moment + timedelta(days=5)
        if following.utcoffset() != moment.utcoffset():
            found.append(following)
        moment = following
    if not found:
        return datetime(year, 3, 8, 2, 30)
    change = draw(st.sampled_from(found)).replace(tzinfo=None)
    wall = datetime.combine(change.date(), time(0)) + timedelta(
        minutes=draw(st.integers(-26 * 60, 26 * 60))
    )
    return wall.replace(fold=draw(st.integers(0, 1)))


INSTANT_TEXTS = st.one_of(
    st.text(max_size=25),
    st.sampled_from(
        (
            "2026-03-08 02:30", "2026-03-08T02:30", "2026-11-01 01:30", "0001-01-01",
            "9999-12-31 23:59:59.999999", "0002-01-01 00:00:00+14:00", "9998-12-31T23:00-12:00",
            "2026-13-01", "2026-02-29", "2026-11-20 17:30Z", "2026-11-20 24:00", "now",
        )
    ),
)  # fmt: skip


def ask(schedule: Schedule, start: Any, duration: Any, other: Any = None) -> None:
    """Every question at *start*: answered rightly, or refused with the library's error."""
    opened = obeys(schedule.next_open, start)
    if isinstance(opened, datetime):
        assert schedule.is_open(opened)
        assert schedule.instant(opened) >= schedule.instant(start)
    due = obeys(schedule.add, start, duration)
    if isinstance(due, datetime):
        amount = duration if isinstance(duration, timedelta) else parse_duration(duration)
        assert schedule.instant(due) >= schedule.instant(start)
        assert schedule.elapsed(start, due) == amount
    back = obeys(schedule.subtract, start, duration)
    if isinstance(back, datetime):
        amount = duration if isinstance(duration, timedelta) else parse_duration(duration)
        assert schedule.elapsed(back, start) == amount
    if other is not None:
        spent = obeys(schedule.elapsed, start, other)
        if isinstance(spent, timedelta):
            assert spent == -schedule.elapsed(other, start)
            periods = obeys(schedule.periods, start, other)
            if not isinstance(periods, Refused):  # a generator: its cost grows with its length
                first = list(islice(periods, 100))
                if len(first) < 100:  # real time, not wall time (a zone's datetimes subtract
                    real = sum(schedule.instant(b) - schedule.instant(a) for a, b in first)
                    assert real * US == spent  # by wall clock, across changes of offset too)
    obeys(schedule.is_open, start)


HOURS_OF_EDGES = st.sampled_from(
    (
        {"mon-fri": "09:00-18:00"},
        {"mon-sun": "00:00-24:00"},
        {"sat": "22:00-06:00"},
        {"sun": ["00:30-01:30", "01:45-03:15"]},
        {"mon": "09:00-09:15"},
        {},
    )
)
DURATIONS = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3 * 365)),
    st.sampled_from((timedelta(0), US, timedelta.max, timedelta(hours=9_999_999))),
    st.sampled_from(("0s", "4h", "9999999h", "1.5s", "2bd", "-4h", "1d", "9" * 30 + "h")),
)


SHORT = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)),
    st.sampled_from(("0s", "4h", "1.5s", "2bd", "-4h", "1d", "abc")),
)
"""Durations that end within weeks (those past the supported years are fuzzed above)."""
ANY_INSTANT = st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31))
NEAR = st.timedeltas(min_value=timedelta(days=-40), max_value=timedelta(days=40))


@st.composite
def pairs(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """Two instants: near each other mostly (a query across millennia costs up to a second
    the first time), at the edges of the supported years or anywhere."""
    start = draw(st.one_of(edges(), ANY_INSTANT))
    if draw(st.integers(0, 4)):
        try:
            return start, start + draw(NEAR)
        except OverflowError:
            return start, start
    return start, draw(st.one_of(edges(), ANY_INSTANT))


@fuzz(40)
@given(
    hours=HOURS_OF_EDGES,
    zone=st.sampled_from(ZONES),
    instants=pairs(),
    duration=DURATIONS,
    naive=st.sampled_from(("assume", "reject")),
)
@example(
    hours={"mon": "09:00-09:15"},
    zone="UTC",
    instants=(datetime(2026, 1, 1), datetime(9997, 1, 1)),
    duration="9999999h",
    naive="assume",
)
@example(
    hours={"mon-fri": "09:00-18:00"},
    zone="America/New_York",
    instants=(datetime(2, 1, 1), datetime(9997, 12, 31)),
    duration=timedelta.max,
    naive="assume",
)
def test_instants_at_the_edges_of_the_supported_years(
    hours: dict[str, Any],
    zone: str,
    instants: tuple[datetime, datetime],
    duration: Any,
    naive: str,
) -> None:
    schedule = Schedule(hours, tz=zone, naive=naive)  # type: ignore[arg-type]
    ask(schedule, instants[0], duration, instants[1])


@fuzz(40)
@given(
    data=st.data(),
    zone=st.sampled_from(ZONES),
    hours=HOURS_OF_EDGES,
    naive=st.sampled_from(("assume", "reject")),
)
def test_wall_times_in_gaps_and_folds(
    data: st.DataObject, zone: str, hours: dict[str, Any], naive: str
) -> None:
    schedule = Schedule(hours, tz=zone, naive=naive)  # type: ignore[arg-type]
    wall = data.draw(changes(zone))
    text = data.draw(st.sampled_from((wall, wall.isoformat(" "), wall.isoformat())))
    later = wall + timedelta(hours=data.draw(st.integers(-50, 50)))
    ask(schedule, text, data.draw(SHORT), later)


@fuzz(40)
@given(text=INSTANT_TEXTS, other=INSTANT_TEXTS, duration=SHORT)
def test_instant_texts(text: str, other: str, duration: Any) -> None:
    schedule = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    ask(schedule, text, duration, other)
