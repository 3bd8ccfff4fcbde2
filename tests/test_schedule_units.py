"""Unit tests of the parts of the ``slaclock.schedule`` package: the zone's offsets by day, the
cheap totals and shapes of whole years, the changes of offset, the per-year sources, the
composition operators and the columnar wrappers.

Every expected value is worked out by hand from the calendar and the zone rules quoted in
the comments, or asked of the literal model (``tests/model.py``), never of the engine. These
tests are fast (the mutation runs of ``schedule/`` use them, see ``tests/mutation``).

2026: 1 January is a Thursday, 365 days: 53 Thursdays, 52 of every other weekday, so 261
weekdays. 2027: 1 January is a Friday, 365 days: 53 Fridays, 261 weekdays. America/New_York
is on EST (-05:00) until 2026-03-08 02:00 (07:00 UTC), then on EDT (-04:00) until
2026-11-01 02:00 EDT (06:00 UTC).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import holidays
import pytest

from model import IntersectionModel, Model, UnionModel
from slaclock import (
    ClosedDates,
    IntersectionSchedule,
    Interval,
    InvalidScheduleError,
    OutOfRangeError,
    Period,
    Schedule,
    UnionSchedule,
)
from slaclock._timeline import year_start
from slaclock.schedule import BaseSchedule, DayOffsets
from slaclock.schedule.weekly import _joined_periods, _same_calendar, _unsteady, _weekday_counts

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
SANTIAGO = ZoneInfo("America/Santiago")
H = 3_600_000_000  # one hour in microseconds
DAY = 24 * H
WEEKDAYS_9_TO_6 = {"mon-fri": "09:00-18:00"}


def utc_day(day: date) -> int:
    """Days since 1970-01-01 (a UTC day, as ``DayOffsets.utc_uniform`` takes it)."""
    return (day - date(1970, 1, 1)).days


def wall(moment: datetime) -> int:
    """A naive wall time in microseconds since 1970-01-01 00:00 (wall clock)."""
    return (moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)


def instant(moment: datetime) -> int:
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def ordinal(*args: int) -> int:
    return date(*args).toordinal()


def twin(schedule: Schedule) -> Schedule:
    """The same schedule with a fresh, empty index."""
    return Schedule(
        schedule._written(),
        tz=schedule.tz,
        calendar=schedule.calendar,
        overrides=dict(schedule.overrides),
        naive=schedule.naive,
        breaks=schedule.breaks,
    )


def chunk_totals(schedule: BaseSchedule, first: int, last: int) -> list[int]:
    return [schedule.timeline.chunk(year).total for year in range(first, last + 1)]


def model_total(schedule: Schedule, year: int) -> int:
    return Model.of(schedule).elapsed(year_start(year), year_start(year + 1))


# -- DayOffsets ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (NY, date(2026, 1, 15), -5 * H),
        (NY, date(2026, 7, 15), -4 * H),
        (NY, date(2026, 3, 8), None),  # EDT from 07:00 UTC
        (NY, date(2026, 11, 1), None),  # EST from 06:00 UTC
        (NY, date(2026, 3, 7), -5 * H),
        (NY, date(2026, 3, 9), -4 * H),
        # Cairo: EEST (+03:00) from 2000-04-27 22:00 UTC: only the day's last microsecond
        # sees it
        (ZoneInfo("Africa/Cairo"), date(2000, 4, 27), None),
        (ZoneInfo("Africa/Cairo"), date(2000, 4, 28), 3 * H),
        # Casablanca: +01:00 from 2008-06-01 00:00 UTC exactly: the day before is all +00:00
        (ZoneInfo("Africa/Casablanca"), date(2008, 5, 31), 0),
        (ZoneInfo("Africa/Casablanca"), date(2008, 6, 1), H),
        (timezone(timedelta(hours=5, minutes=30)), date(2026, 3, 8), 5 * H + 30 * 60_000_000),
    ],
)
def test_utc_uniform_is_the_offset_of_a_whole_utc_day(
    zone: ZoneInfo, day: date, expected: int | None
) -> None:
    offsets = DayOffsets(zone)
    assert offsets.tz is zone
    assert offsets.utc_uniform(utc_day(day)) == expected
    assert offsets.utc_uniform(utc_day(day)) == expected  # asked again: the kept answer


def test_utc_uniform_reads_each_day_on_its_own() -> None:
    offsets = DayOffsets(NY)
    days = [date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 8)]
    assert [offsets.utc_uniform(utc_day(day)) for day in days] == [-5 * H, None, -4 * H, None]


@pytest.mark.parametrize(
    ("zone", "day", "expected"),
    [
        (NY, date(2026, 3, 7), -5 * H),
        (NY, date(2026, 3, 8), None),  # 02:00 EST -> 03:00 EDT
        (NY, date(2026, 3, 9), -4 * H),
        (NY, date(2026, 11, 1), None),
        # Santiago: -03:00 until 2026-04-05 00:00 local, then -04:00 (the clocks go back
        # to 4 April 23:00): midnight and noon of 4 April are -03:00, the next midnight -04:00
        (SANTIAGO, date(2026, 4, 4), None),
        (SANTIAGO, date(2026, 4, 5), -4 * H),
    ],
)
def test_local_uniform_is_the_offset_of_a_whole_local_date(
    zone: ZoneInfo, day: date, expected: int | None
) -> None:
    offsets = DayOffsets(zone)
    assert offsets.local_uniform(day.toordinal()) == expected
    assert offsets.local_uniform(day.toordinal()) == expected


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        (datetime(2026, 3, 8, 1, 30), datetime(2026, 3, 8, 6, 30)),  # EST
        (datetime(2026, 3, 8, 2, 30), datetime(2026, 3, 8, 7, 30)),  # in the gap: fold=0, EST
        (datetime(2026, 3, 8, 3, 30), datetime(2026, 3, 8, 7, 30)),  # EDT
        (datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 5, 30)),  # repeated: fold=0, EDT
        (datetime(2026, 11, 1, 2, 30), datetime(2026, 11, 1, 7, 30)),  # EST
        (datetime(2026, 7, 4, 23, 59, 59, 999_999), datetime(2026, 7, 5, 3, 59, 59, 999_999)),
        (datetime(1969, 12, 31, 20), datetime(1970, 1, 1, 1)),  # before 1970: EST
    ],
)
def test_resolve_reads_a_wall_time_as_replace_does(local: datetime, utc: datetime) -> None:
    """A wall time is read as ``wall.replace(tzinfo=tz)`` reads it (fold=0)."""
    offsets = DayOffsets(NY)
    assert offsets.resolve(wall(local)) == instant(utc.replace(tzinfo=UTC))
    assert offsets.resolve(wall(local)) == instant(local.replace(tzinfo=NY))


# -- the changes of offset, the weekday counts, the joined periods --------------------------


def test_unsteady_names_each_date_whose_offset_changes() -> None:
    """One date per change: its midnight, noon and next midnight do not share an offset."""
    found = _unsteady(NY, ordinal(2026, 1, 1), ordinal(2026, 12, 31))
    assert found == [ordinal(2026, 3, 8), ordinal(2026, 11, 1)]
    # Santiago changes at midnight: the date before the change back (its next midnight is
    # -04:00), the date of the change forward (its midnight lies in the gap: -04:00 still)
    found = _unsteady(SANTIAGO, ordinal(2026, 1, 1), ordinal(2026, 12, 31))
    assert found == [ordinal(2026, 4, 4), ordinal(2026, 9, 6)]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((2026, 3, 8), (2026, 3, 8), [(2026, 3, 8)]),  # a range of one date
        ((2026, 3, 3), (2026, 3, 8), [(2026, 3, 8)]),  # the change on the last date
        ((2026, 3, 8), (2026, 3, 14), [(2026, 3, 8)]),  # on the first
        ((2026, 3, 9), (2026, 10, 31), []),
        ((2026, 3, 9), (2026, 10, 30), []),
        ((2026, 10, 27), (2026, 11, 1), [(2026, 11, 1)]),
    ],
)
def test_unsteady_at_the_ends_of_its_range(
    first: tuple[int, int, int], last: tuple[int, int, int], expected: list[tuple[int, int, int]]
) -> None:
    """Every change from *first* to *last* is found, on the first and the last date too (the
    first date's before its noon); perhaps others just beside them."""
    found = _unsteady(NY, ordinal(*first), ordinal(*last))
    assert [day for day in found if ordinal(*first) <= day <= ordinal(*last)] == [
        ordinal(*day) for day in expected
    ]
    assert set(found) <= {ordinal(2026, 3, 8), ordinal(2026, 11, 1)}


def test_unsteady_at_the_ends_of_the_calendar() -> None:
    """The range is cut to the dates ``datetime`` holds; 9999 keeps New York's rule: the
    second Sunday of March (14 March 9999) and the first of November (7 November 9999)."""
    assert date(9999, 3, 14).weekday() == date(9999, 11, 7).weekday() == 6
    last = date.max.toordinal()
    found = _unsteady(NY, ordinal(9999, 1, 1), last + 10)
    assert found == [ordinal(9999, 3, 14), ordinal(9999, 11, 7)]
    assert _unsteady(NY, last - 3, last) == []
    assert _unsteady(NY, -10, 20) == []  # local mean time: no change
    assert (
        _unsteady(timezone(timedelta(hours=-3)), ordinal(2026, 1, 1), ordinal(2026, 12, 31)) == []
    )
    assert _unsteady(UTC, 1, last) == []


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ((2026, 1, 1), (2026, 1, 7), [1, 1, 1, 1, 1, 1, 1]),
        ((2026, 1, 1), (2026, 1, 1), [0, 0, 0, 1, 0, 0, 0]),  # a Thursday
        ((2026, 1, 1), (2026, 12, 31), [52, 52, 52, 53, 52, 52, 52]),
        ((2024, 1, 1), (2024, 12, 31), [53, 53, 52, 52, 52, 52, 52]),  # leap, from a Monday
        ((2026, 1, 5), (2026, 1, 14), [2, 2, 2, 1, 1, 1, 1]),  # Monday to Wednesday
        ((2026, 1, 10), (2026, 1, 9), [0, 0, 0, 0, 0, 0, 0]),  # none
    ],
)
def test_weekday_counts(
    first: tuple[int, int, int], last: tuple[int, int, int], expected: list[int]
) -> None:
    assert _weekday_counts(ordinal(*first), ordinal(*last)) == expected


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([(5, 7), (1, 3), (3, 4), (10, 12), (11, 11)], [(1, 4), (5, 7), (10, 12)]),
        ([(1, 5), (2, 3), (6, 6), (8, 9)], [(1, 5), (8, 9)]),  # inside, empty
        ([(4, 4), (1, 2), (2, 2), (2, 3)], [(1, 3)]),  # empty, between two that touch
        ([(3, 2)], []),
        ([], []),
    ],
)
def test_joined_periods(periods: list[tuple[int, int]], expected: list[tuple[int, int]]) -> None:
    assert list(_joined_periods(periods)) == expected


# -- whole years: the cheap totals against literal totals, the model and the chunks --------


class Offsite:
    """A calendar that closes hours: an offsite afternoon and a New Year's Eve party, both
    floating times (read in the schedule's zone)."""

    def __contains__(self, day: object) -> bool:
        return False

    def closed_hours(self, first: date, last: date) -> Iterable[tuple[datetime, datetime, str]]:
        return [
            (datetime(2026, 3, 10, 14), datetime(2026, 3, 10, 20), "Offsite"),
            (datetime(2026, 12, 31, 16), datetime(2027, 1, 1, 10), "Party"),
        ]

    def __repr__(self) -> str:
        return "Offsite()"


class DateByDate:
    """A calendar asked date by date (it lists nothing)."""

    def __init__(self, *closed: date) -> None:
        self.closed = frozenset(closed)

    def __contains__(self, day: object) -> bool:
        return day in self.closed


YEAR_CASES = [
    # (hours, zone, calendar, overrides, first, last, totals)
    (WEEKDAYS_9_TO_6, "UTC", None, None, 2026, 2027, [261 * 9 * H, 261 * 9 * H]),
    (WEEKDAYS_9_TO_6, "America/New_York", None, None, 2026, 2026, [261 * 9 * H]),
    # Thursdays 22:00-06:00 in UTC: 31 December 2026 gives 2 h to 2026, 6 h to 2027
    ({"thu": "22:00-06:00"}, "UTC", None, None, 2026, 2027, [52 * 8 * H + 2 * H, 422 * H]),
    # in New York 22:00 is 03:00 UTC the next day: 31 December 2026's shift is all 2027's
    ({"thu": "22:00-06:00"}, "America/New_York", None, None, 2026, 2027, [416 * H, 424 * H]),
    # Sundays 01:00-04:00: 2 h on 8 March (an hour skipped), 4 h on 1 November (repeated)
    ({"sun": "01:00-04:00"}, "America/New_York", None, None, 2026, 2026, [52 * 3 * H]),
    # closed: Thanksgiving, New Year's Day and Eve (Thursdays), a Saturday (no hours)
    (
        WEEKDAYS_9_TO_6,
        "America/New_York",
        ClosedDates([date(2026, 11, 26), date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 28)]),
        None,
        2026,
        2026,
        [258 * 9 * H],
    ),
    (
        WEEKDAYS_9_TO_6,
        "America/New_York",
        DateByDate(date(2026, 11, 26), date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 28)),
        None,
        2026,
        2026,
        [258 * 9 * H],
    ),
    # Florida 2026: New Year's Day (Thu), MLK (Mon), Memorial Day (Mon), Juneteenth (Fri),
    # Independence Day (Sat, observed Fri 3 July), Labor Day (Mon), Veterans Day (Wed),
    # Thanksgiving (Thu) and the Friday after, Christmas (Fri): ten weekdays
    (
        WEEKDAYS_9_TO_6,
        "America/New_York",
        holidays.country_holidays("US", subdiv="FL", years=2026),
        None,
        2026,
        2026,
        [(261 - 10) * 9 * H],
    ),
    # overrides: a Saturday opened 2 h, a Monday closed, New Year's Eve 1 h, 8 March whole
    # (23 h: 02:00 skipped), 1 November 01:00-03:00 (3 h: 01:00-02:00 repeated)
    (
        WEEKDAYS_9_TO_6,
        "America/New_York",
        None,
        {
            date(2026, 6, 6): "10:00-12:00",
            date(2026, 6, 8): [],
            date(2026, 12, 31): "09:00-10:00",
            date(2026, 3, 8): "00:00-24:00",
            date(2026, 11, 1): "01:00-03:00",
        },
        2026,
        2026,
        [261 * 9 * H + 2 * H - 9 * H - 8 * H + 23 * H + 3 * H],
    ),
    # Madrid (+01:00 in March, +01:00 on 31 December): the offsite takes 14:00-18:00 of a
    # Tuesday, the party 16:00-18:00 of New Year's Eve (a Thursday) and 09:00-10:00 of
    # New Year's Day 2027 (a Friday), but New Year's Day 2027 is 2027's
    (WEEKDAYS_9_TO_6, "Europe/Madrid", Offsite(), None, 2026, 2026, [261 * 9 * H - 4 * H - 2 * H]),
    (
        WEEKDAYS_9_TO_6,
        "Europe/Madrid",
        Offsite(),
        {date(2026, 3, 10): "09:00-18:00"},  # an override keeps its hours
        2026,
        2027,
        [261 * 9 * H - 2 * H, 261 * 9 * H - H],
    ),
]


@pytest.mark.parametrize(
    ("hours", "zone", "calendar", "overrides", "first", "last", "totals"), YEAR_CASES
)
def test_year_totals(
    hours: dict[str, str],
    zone: str,
    calendar: object,
    overrides: dict[date, str] | None,
    first: int,
    last: int,
    totals: list[int],
) -> None:
    """The cheap totals (no chunk built), the chunks' totals and the model's all agree with
    the totals worked out from the calendar."""
    schedule = Schedule(hours, tz=zone, calendar=calendar, overrides=overrides)
    cheap = schedule._year_totals(first, last)
    assert cheap == totals
    assert all(type(total) is int for total in cheap)  # whole microseconds
    assert schedule.timeline.span_total(first, last) == sum(totals)
    assert schedule.timeline.loaded() == ()
    assert chunk_totals(twin(schedule), first, last) == totals
    assert [model_total(schedule, year) for year in range(first, last + 1)] == totals


@pytest.mark.parametrize(
    ("zone", "year"),
    [("America/New_York", 2026), ("America/Santiago", 2026), ("Australia/Lord_Howe", 2026)],
)
def test_year_totals_over_the_changes_of_offset(zone: str, year: int) -> None:
    """Overnight shifts and hours around midnight on the dates of a change of offset (Lord
    Howe moves by half an hour, Santiago at midnight), overrides on them and beside them."""
    tz = ZoneInfo(zone)
    changes = [
        date.fromordinal(day) for day in _unsteady(tz, ordinal(year, 1, 1), ordinal(year, 12, 31))
    ]
    assert len(changes) == 2
    overrides: dict[date, object] = {changes[0]: ["00:00-01:30", "23:00-02:00"]}
    overrides[changes[1] - timedelta(days=1)] = "22:00-06:00"
    overrides[changes[1] + timedelta(days=1)] = []
    schedule = Schedule(
        {
            "mon-thu": "09:00-18:00",
            "fri": ["09:00-18:00", "20:00-23:59"],
            "sat": ["00:30-02:30", "22:00-24:00"],
            "sun": "01:00-03:00",
        },
        tz=zone,
        overrides=overrides,  # type: ignore[arg-type]
        calendar=ClosedDates([changes[1], date(year, 12, 30)]),
    )
    expected = [model_total(schedule, y) for y in (year - 1, year, year + 1)]
    assert schedule._year_totals(year - 1, year + 1) == expected
    assert chunk_totals(twin(schedule), year - 1, year + 1) == expected


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_year_totals_at_new_year_in_far_zones(zone: str) -> None:
    """+14:00 and -11:00: a local date's hours lie in the UTC year before or after; New
    Year's Eve and Day closed or overridden."""
    schedule = Schedule(
        {"mon-sun": ["00:00-03:00", "20:00-24:00"]},
        tz=zone,
        calendar=ClosedDates([date(2025, 12, 31), date(2027, 1, 2)]),
        overrides={date(2026, 1, 1): "21:00-06:00", date(2026, 12, 31): "00:00-24:00"},
    )
    expected = [model_total(schedule, year) for year in (2025, 2026, 2027)]
    assert schedule._year_totals(2025, 2027) == expected
    assert chunk_totals(twin(schedule), 2025, 2027) == expected


# -- shapes: years of one shape have the same periods, moved --------------------------------


def relative(schedule: BaseSchedule, year: int) -> list[tuple[int, int, int, int]]:
    """A year's open periods measured from the year's start, with their local dates measured
    from the year's New Year."""
    chunk = schedule.timeline.chunk(year)
    new_year = date(year, 1, 1).toordinal()
    tz = schedule.tz
    return [
        (
            start - chunk.lo,
            end - chunk.lo,
            datetime.fromtimestamp(start / 1e6, tz).date().toordinal() - new_year,
            datetime.fromtimestamp((end - 1) / 1e6, tz).date().toordinal() - new_year,
        )
        for start, end in zip(chunk.starts, chunk.ends, strict=True)
    ]


SHAPED = Schedule(
    {"mon-fri": "09:00-18:00", "sun": "01:00-04:00", "sat": "22:00-01:00"},
    tz="America/New_York",
    calendar=ClosedDates([date(2008, 7, 4), date(2019, 1, 1)]),
    overrides={date(2013, 11, 3): "00:00-24:00", date(2030, 12, 31): "10:00-11:00"},
)


def test_years_of_one_shape_have_the_same_periods_moved() -> None:
    """New York's rules changed in 2007 (from the first Sunday of April and the last of
    October to the second of March and the first of November): 2001 and 2007 (Mondays,
    not leap) differ, 2007 and 2018 do not; a closed date or an override makes its year a
    shape of its own; leap years and New Year's weekday tell the others apart."""
    first, last = 1996, 2031
    shapes = SHAPED.year_shapes(first, last)
    assert shapes is not None
    assert len(shapes) == last - first + 1
    by_year = dict(zip(range(first, last + 1), shapes, strict=True))
    assert by_year[2007] == by_year[2029]
    assert by_year[2001] != by_year[2007]
    for year in (2008, 2013, 2019, 2030):
        assert sum(shape == by_year[year] for shape in shapes) == 1, year
    seen: dict[object, int] = {}
    for year, shape in by_year.items():
        if shape in seen:
            assert relative(SHAPED, year) == relative(SHAPED, seen[shape]), (year, seen[shape])
        seen.setdefault(shape, year)
    assert len(seen) < last - first  # some years share a shape


def test_a_year_shape_tells_leap_years_and_new_years_weekdays_apart() -> None:
    """1 January 2015, 2026 and 2037 are Thursdays (not leap), 2004's too (leap); 2016's a
    Friday (leap), 2027's a Friday (not leap)."""
    schedule = Schedule({"mon-fri": "09:00-18:00"}, tz="UTC")
    shapes = dict(zip(range(2000, 2040), schedule.year_shapes(2000, 2039) or [], strict=True))
    assert shapes[2015] == shapes[2026] == shapes[2037]
    assert shapes[2004] != shapes[2015]
    assert shapes[2016] != shapes[2027]
    assert shapes[2026] != shapes[2027]


def test_year_shapes_of_a_calendar_asked_date_by_date_or_of_timed_closures() -> None:
    """Unknown (``None``): the chunks are built."""
    assert (
        Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=DateByDate()).year_shapes(2026, 2026) is None
    )
    assert Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=Offsite()).year_shapes(2026, 2026) is None


@pytest.mark.parametrize("combine", [UnionSchedule, IntersectionSchedule])
def test_a_union_and_an_intersection_count_years_by_their_shapes(combine: type) -> None:
    """Over 36 years, the cheap totals are the chunks' (every year built, on a twin)."""
    madrid = Schedule(
        {"mon-fri": "08:00-17:00", "sat": "10:00-14:00"},
        tz="Europe/Madrid",
        calendar=ClosedDates([date(2010, 1, 6), date(2024, 12, 25)]),
        overrides={date(2016, 3, 27): "01:00-04:00"},
    )
    cheap = combine(SHAPED, madrid)
    built = combine(twin(SHAPED), twin(madrid))
    assert cheap.timeline.totals(1996, 2031) == chunk_totals(built, 1996, 2031)
    assert cheap.year_shapes(2000, 2001) == list(
        zip(
            SHAPED.year_shapes(2000, 2001) or [],
            madrid.year_shapes(2000, 2001) or [],
            strict=True,
        )
    )
    unknown = combine(SHAPED, Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=DateByDate()))
    assert unknown.year_shapes(2000, 2001) is None
    assert unknown.timeline.totals(2026, 2026) == chunk_totals(
        combine(twin(SHAPED), Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=DateByDate())),
        2026,
        2026,
    )


# -- the per-year sources against the model -------------------------------------------------


SOURCES = [
    Schedule(
        {"mon-fri": ["09:00-12:00", "13:00-18:00"], "sun": "02:00-05:00", "sat": "21:00-02:00"},
        tz="America/New_York",
        calendar=ClosedDates([date(2026, 3, 9), date(2026, 11, 2), date(2026, 12, 31)]),
        overrides={date(2026, 3, 8): "00:00-24:00", date(2026, 1, 1): "00:00-01:00"},
    ),
    Schedule(WEEKDAYS_9_TO_6, tz="Europe/Madrid", calendar=Offsite()),
    Schedule(
        {"mon-sun": "00:00-24:00"},
        tz="Europe/Madrid",
        calendar=Offsite(),
        overrides={date(2026, 12, 31): "00:00-12:00"},
        breaks={"tue": "12:00-13:00"},
    ),
]


@pytest.mark.parametrize("schedule", SOURCES, ids=["new-york", "offsite", "offsite-always"])
@pytest.mark.parametrize("year", [2026, 2027])
def test_a_year_chunk_holds_the_model_periods(schedule: Schedule, year: int) -> None:
    """A UTC year's index: the model's open periods of that year, joined, to the
    microsecond."""
    chunk = twin(schedule).timeline.chunk(year)
    periods = Model.of(schedule).open_periods(year_start(year), year_start(year + 1))
    assert list(zip(chunk.starts, chunk.ends, strict=True)) == periods


def test_the_sources_of_a_union_and_an_intersection_are_their_members_joined() -> None:
    """A union's year: its members' periods joined; an intersection's: their overlaps (the
    model's union and intersection)."""
    members = [SOURCES[0], Schedule({"mon-sat": "15:00-23:00"}, tz="Asia/Tokyo"), SOURCES[1]]
    models = [Model.of(member) for member in members]
    lo, hi = year_start(2026), year_start(2027)
    for combined, model in (
        (UnionSchedule(*members[:2]), UnionModel(models[:2])),
        (IntersectionSchedule(*members), IntersectionModel(models)),
        (IntersectionSchedule(*members[:2]), IntersectionModel(models[:2])),
    ):
        chunk = combined.timeline.chunk(2026)
        found = list(zip(chunk.starts, chunk.ends, strict=True))
        assert found == model.open_periods(lo, hi)
        assert found


# -- bounds and composition ------------------------------------------------------------------


def test_span_bounds_of_a_union_and_an_intersection() -> None:
    """What a union's search may find past a year is at most its members' open time added up;
    an intersection's, the least of theirs. New York's desk: 261 x 9 h in 2026 and 2027;
    Saturdays 10:00-12:00 in UTC: 52 Saturdays in each."""
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    saturdays = Schedule({"sat": "10:00-12:00"}, tz="UTC")
    union, both = desk | saturdays, desk & saturdays
    assert union._span_bound(2026, 2027) == 2 * 261 * 9 * H + 2 * 52 * 2 * H
    assert both._span_bound(2026, 2027) == 2 * 52 * 2 * H
    assert union._span_bound(2026, 2026) == 261 * 9 * H + 52 * 2 * H
    assert both._span_bound(2027, 2027) == 52 * 2 * H


def test_a_search_past_every_year_is_refused_at_once() -> None:
    """An intersection open 2 h a year (its bound: the least member's) cannot find 100,000 h
    of open time: refused without walking the years to 9999."""
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    once = Schedule(WEEKDAYS_9_TO_6, tz="UTC", overrides={date(2026, 6, 1): "10:00-12:00"})
    rare = Schedule({"mon": "10:00-12:00"}, tz="UTC", calendar=DateByDate())
    for schedule in (desk & once, desk | once, desk & rare):
        with pytest.raises(Exception, match="of open time after"):
            schedule.add("2026-01-05 10:00", timedelta(hours=10**9))


def test_and_and_or_compose_in_the_first_operand_zone() -> None:
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    both = desk & customer
    assert isinstance(both, IntersectionSchedule)
    assert both.members == (desk, customer)
    assert both.tz is desk.tz
    assert (customer & desk).tz is customer.tz
    assert both.naive == "assume"
    either = desk | customer
    assert isinstance(either, UnionSchedule)
    assert either.tz is desk.tz
    assert (customer | desk).tz is customer.tz
    for operand in (1, "desk", None):
        with pytest.raises(TypeError):
            desk & operand  # type: ignore[operator]
        with pytest.raises(TypeError):
            desk | operand  # type: ignore[operator]
    assert desk.__and__(1) is NotImplemented  # type: ignore[arg-type]
    assert desk.__or__(1) is NotImplemented  # type: ignore[arg-type]


def test_an_intersection_flattens_validates_and_shows_itself() -> None:
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    tokyo = Schedule({"mon-fri": "09:00-17:00"}, tz="Asia/Tokyo")
    nested = IntersectionSchedule(IntersectionSchedule(desk, customer), tokyo, naive="reject")
    assert nested.members == (desk, customer, tokyo)
    assert nested.naive == "reject"
    assert nested.tz is desk.tz
    assert IntersectionSchedule(desk, tz="UTC").tz is ZoneInfo("UTC")
    with pytest.raises(
        InvalidScheduleError,
        match=r"^intersection of no schedules: expected at least one Schedule$",
    ):
        IntersectionSchedule()
    with pytest.raises(
        InvalidScheduleError, match=r"^intersection member 'desk': expected a Schedule, got str$"
    ):
        IntersectionSchedule(desk, "desk")  # type: ignore[arg-type]
    assert repr(desk & customer) == (
        f"IntersectionSchedule({desk!r}, {customer!r}, tz='America/New_York')"
    )
    assert desk & customer == IntersectionSchedule(desk, customer)
    assert hash(desk & customer) == hash(IntersectionSchedule(desk, customer))
    assert desk & customer != IntersectionSchedule(desk, customer, tz="UTC")
    assert desk & customer != IntersectionSchedule(desk, customer, naive="reject")
    assert desk & customer != IntersectionSchedule(customer, desk)
    assert (desk & customer).__eq__(desk | customer) is NotImplemented
    assert (desk | customer).__eq__(desk & customer) is NotImplemented
    assert hash(desk & customer) != hash(desk | customer)


# -- calendars compared by their definition --------------------------------------------------


def test_same_calendar() -> None:
    florida = holidays.country_holidays("US", subdiv="FL")
    florida_used = holidays.country_holidays("US", subdiv="FL")
    date(2026, 1, 1) in florida_used  # noqa: B015 (expands a year: its repr changes)
    assert _same_calendar(florida, florida_used)
    assert _same_calendar(florida_used, florida)
    assert not _same_calendar(florida, holidays.country_holidays("US", subdiv="TX"))
    assert not _same_calendar(florida, holidays.country_holidays("US"))
    assert not _same_calendar(florida, "holidays.country_holidays('US', subdiv='FL')")
    assert not _same_calendar("holidays.country_holidays('US', subdiv='FL')", florida)
    assert _same_calendar({date(2026, 1, 1)}, {date(2026, 1, 1)})
    assert not _same_calendar({date(2026, 1, 1)}, {date(2026, 1, 2)})
    closed = DateByDate(date(2026, 1, 1))
    assert _same_calendar(closed, closed)
    assert not _same_calendar(closed, DateByDate(date(2026, 1, 1)))  # compared by identity


# -- the columnar wrappers -------------------------------------------------------------------


def test_the_columnar_methods_answer_as_the_scalar_ones() -> None:
    np = pytest.importorskip("numpy")
    desk = Schedule(
        WEEKDAYS_9_TO_6, tz="America/New_York", calendar=ClosedDates([date(2026, 11, 26)])
    )
    texts = ["2026-11-20T21:00", "2026-11-21T15:00", "2026-11-25T14:00"]  # UTC
    at = np.array(texts, dtype="datetime64[us]")
    later = np.array(["2026-11-30T15:00"] * 3, dtype="datetime64[us]")
    moments = [datetime.fromisoformat(text).replace(tzinfo=UTC) for text in texts]
    end = datetime(2026, 11, 30, 15, tzinfo=UTC)

    def utc(values: object) -> list[datetime]:
        return [
            datetime.fromisoformat(str(value)).replace(tzinfo=UTC) for value in np.asarray(values)
        ]

    assert utc(desk.add_many(at, "4h")) == [desk.add(m, "4h") for m in moments]
    assert utc(desk.subtract_many(at, "4h")) == [desk.subtract(m, "4h") for m in moments]
    assert list(desk.elapsed_many(at, later)) == [desk.elapsed(m, end) for m in moments]
    assert list(desk.is_open_many(at)) == [desk.is_open(m) for m in moments]
    assert utc(desk.next_open_many(at)) == [desk.next_open(m) for m in moments]
    assert utc(desk.add_days_many(at, 2)) == [desk.add_days(m, 2) for m in moments]
    assert list(desk.days_between_many(at, later)) == [desk.days_between(m, end) for m in moments]
    assert utc(desk.next_close_many(at)) == [desk.next_close(m) for m in moments]
    assert utc(desk.previous_close_many(at)) == [desk.previous_close(m) for m in moments]
    assert utc(desk.previous_open_many(at)) == [desk.previous_open(m) for m in moments]
    assert desk.closure_many(at) == [desk.closure(m) for m in moments]


def test_closure_of_the_base_class_is_left_to_each_kind() -> None:
    with pytest.raises(NotImplementedError):
        BaseSchedule.closure(Schedule(WEEKDAYS_9_TO_6, tz="UTC"), "2026-11-21 12:00")
    with pytest.raises(NotImplementedError):
        BaseSchedule._source(Schedule(WEEKDAYS_9_TO_6, tz="UTC"), 2026)
    assert BaseSchedule.year_shapes(Schedule(WEEKDAYS_9_TO_6, tz="UTC"), 2026, 2026) is None


# -- closures: timed events, unions and intersections ----------------------------------------


class Events:
    """A calendar closing the hours of its events (floating times, read in the schedule's
    zone) and the dates in *closed*."""

    def __init__(self, *events: tuple[datetime, datetime, str], closed: tuple[date, ...] = ()):
        self.events = events
        self.closed = frozenset(closed)

    def __contains__(self, day: object) -> bool:
        return day in self.closed

    def closed_hours(self, first: date, last: date) -> Iterable[tuple[datetime, datetime, str]]:
        return self.events

    def __repr__(self) -> str:
        return "Events()"


def madrid(*args: int) -> datetime:
    return datetime(*args, tzinfo=MADRID)  # type: ignore[misc]


TALKS = Events(
    (datetime(2026, 3, 10, 11), datetime(2026, 3, 10, 14), "Offsite"),
    (datetime(2026, 3, 10, 11, 30), datetime(2026, 3, 10, 12), "Talk"),
    (datetime(2026, 3, 10, 16), datetime(2026, 3, 10, 20), "Party"),
    (datetime(2026, 3, 11, 10), datetime(2026, 3, 11, 11), "Closed date"),
    (datetime(2026, 3, 12, 10), datetime(2026, 3, 12, 11), "Overridden"),
    closed=(date(2026, 3, 11),),
)
SPLIT = Schedule(
    {"mon-fri": ["09:00-12:00", "13:00-18:00"]},
    tz="Europe/Madrid",
    calendar=TALKS,
    overrides={date(2026, 3, 12): "09:00-18:00"},
)


def test_closed_hours_on_a_date_are_the_parts_of_its_hours_each_event_closes() -> None:
    """Tuesday 10 March 2026 in Madrid (+01:00): the offsite closes 11:00-12:00 and
    13:00-14:00, the talk 11:30-12:00, the party 16:00-18:00; in order of the events."""
    assert SPLIT.closed_hours_on(date(2026, 3, 10)) == (
        (Period(madrid(2026, 3, 10, 11), madrid(2026, 3, 10, 12)), "Offsite"),
        (Period(madrid(2026, 3, 10, 13), madrid(2026, 3, 10, 14)), "Offsite"),
        (Period(madrid(2026, 3, 10, 11, 30), madrid(2026, 3, 10, 12)), "Talk"),
        (Period(madrid(2026, 3, 10, 16), madrid(2026, 3, 10, 18)), "Party"),
    )
    assert SPLIT.intervals_on(date(2026, 3, 10)) == (
        Interval.parse("09:00-11:00"),
        Interval.parse("14:00-16:00"),
    )
    assert SPLIT.closed_hours_on(date(2026, 3, 11)) == ()  # closed whole
    assert SPLIT.closed_hours_on(date(2026, 3, 12)) == ()  # overridden
    assert SPLIT.closed_hours_on(date(2026, 3, 13)) == ()  # no event
    assert SPLIT.closed_hours_on(date(2026, 3, 14)) == ()  # a Saturday
    plain = Schedule(SPLIT._written(), tz="Europe/Madrid", calendar={date(2026, 3, 10)})
    assert plain.closed_hours_on(date(2026, 3, 9)) == ()


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (madrid(2026, 3, 10, 11), ("event", date(2026, 3, 10), (2026, 3, 10, 14), "Offsite")),
        (madrid(2026, 3, 10, 11, 45), ("event", date(2026, 3, 10), (2026, 3, 10, 14), "Offsite")),
        (madrid(2026, 3, 10, 13), ("event", date(2026, 3, 10), (2026, 3, 10, 14), "Offsite")),
        (madrid(2026, 3, 10, 17), ("event", date(2026, 3, 10), (2026, 3, 12, 9), "Party")),
        (
            madrid(2026, 3, 10, 12, 30),
            ("outside hours", date(2026, 3, 10), (2026, 3, 10, 14), None),
        ),
        (madrid(2026, 3, 11, 10), ("holiday", date(2026, 3, 11), (2026, 3, 12, 9), None)),
        (madrid(2026, 3, 10, 10), None),
    ],
)
def test_the_closure_of_an_event_is_the_first_event_holding_the_instant(
    at: datetime, expected: tuple[str, date, tuple[int, ...], str | None] | None
) -> None:
    found = SPLIT.closure(at)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert (found.reason, found.day, found.until, found.name) == (
        expected[0],
        expected[1],
        madrid(*expected[2]),
        expected[3],
    )
    if found.reason == "event":
        ends = {"Offsite": madrid(2026, 3, 10, 14), "Party": madrid(2026, 3, 10, 20)}
        assert found.ends == ends[found.name or ""]
        assert str(found.ends.tzinfo) == "Europe/Madrid"  # type: ignore[union-attr]


def test_a_union_is_closed_by_the_member_that_opens_first() -> None:
    """Saturday 21 November 2026, 12:00 UTC: a weekday desk (closed weekday) and a desk open
    on Saturdays too but closed that day (a holiday), both next open Monday 09:00 UTC: the
    first member's reason on a tie; a member that never opens again is passed over; until
    is the union's next opening, in its zone."""
    weekdays = Schedule(WEEKDAYS_9_TO_6, tz="UTC")
    saturdays = Schedule(
        {"mon-sat": "09:00-18:00"}, tz="UTC", calendar=ClosedDates({date(2026, 11, 21): "Feast"})
    )
    never = Schedule({}, tz="UTC")
    at = "2026-11-21 12:00"
    monday = datetime(2026, 11, 23, 9, tzinfo=UTC)
    found = UnionSchedule(weekdays, saturdays).closure(at)
    assert found is not None
    assert (found.reason, found.name, found.until) == ("closed weekday", "saturday", monday)
    found = UnionSchedule(never, saturdays, weekdays, tz="America/New_York").closure(at)
    assert found is not None
    assert (found.reason, found.name, found.day) == ("holiday", "Feast", date(2026, 11, 21))
    assert found.until == monday
    assert str(found.until.tzinfo) == "America/New_York"
    # New York opens first (09:00 -05:00), Madrid's next opening is later (its holiday)
    new_york = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    madrid_desk = Schedule(WEEKDAYS_9_TO_6, tz="Europe/Madrid", calendar={date(2026, 11, 24)})
    found = (madrid_desk | new_york).closure(datetime(2026, 11, 24, 2, tzinfo=NY))
    assert found is not None
    assert (found.reason, found.day) == ("outside hours", date(2026, 11, 24))
    assert found.until == datetime(2026, 11, 24, 14, tzinfo=UTC)  # 09:00 in New York
    assert str(found.until.tzinfo) == "Europe/Madrid"
    assert (madrid_desk | new_york).closure(datetime(2026, 11, 24, 10, tzinfo=NY)) is None


def test_an_intersection_is_closed_by_the_closed_member_that_opens_last() -> None:
    """Monday 23 November 2026 in New York: at 12:00 (18:00 in Madrid) the customer in
    Madrid has closed (outside hours, until Tuesday 09:00 Madrid, 03:00 New York); the desk
    is open. At 22:00 both are closed: the desk until Tuesday 08:00, the customer until
    03:00, so the desk's reason; until is when both are open: Tuesday 08:00."""
    desk = Schedule({"mon-fri": "08:00-20:00"}, tz="America/New_York")
    customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    both = desk & customer
    found = both.closure("2026-11-23 12:00")
    assert found is not None
    assert (found.reason, found.day) == ("outside hours", date(2026, 11, 23))
    assert found.until == datetime(2026, 11, 24, 8, tzinfo=NY)
    found = both.closure("2026-11-23 22:00")
    assert found is not None
    assert (found.reason, found.day) == ("outside hours", date(2026, 11, 23))
    assert found.until == datetime(2026, 11, 24, 8, tzinfo=NY)
    assert both.closure("2026-11-23 10:00") is None
    # Saturday: both closed weekdays, both until Monday; the first member's on a tie
    weekdays = Schedule(WEEKDAYS_9_TO_6, tz="UTC")
    feast = Schedule(
        {"mon-sat": "09:00-18:00"}, tz="UTC", calendar=ClosedDates({date(2026, 11, 21): "Feast"})
    )
    found = (feast & weekdays).closure("2026-11-21 12:00")
    assert found is not None
    assert (found.reason, found.name) == ("holiday", "Feast")
    found = (weekdays & feast).closure("2026-11-21 12:00")
    assert found is not None
    assert (found.reason, found.name) == ("closed weekday", "saturday")
    # Friday 18:30 UTC: the feast desk is open, the weekday desk closed until Monday
    found = (feast & weekdays).closure("2026-11-20 18:30")
    assert found is not None
    assert (found.reason, found.until) == ("outside hours", datetime(2026, 11, 23, 9, tzinfo=UTC))


class Floating(tzinfo):
    """A ``tzinfo`` without an offset: its datetimes are naive after all."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


def test_a_datetime_whose_tzinfo_has_no_offset_is_read_as_naive() -> None:
    """Read in the schedule's zone, and named so when outside the supported years."""
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    assert desk.instant(datetime(2026, 11, 23, 9, tzinfo=Floating())) == instant(
        datetime(2026, 11, 23, 14, tzinfo=UTC)
    )
    outside = "is outside the years slaclock supports: expected 2 to 9998"
    message = f"9998-12-31 22:00:00 in America/New_York (9999-01-01 03:00:00 UTC) {outside}"
    with pytest.raises(OutOfRangeError, match=f"^{re.escape(message)}$"):
        desk.is_open(datetime(9998, 12, 31, 22, tzinfo=Floating()))


def test_utc_uniform_and_resolve_answer_whole_microseconds() -> None:
    offsets = DayOffsets(NY)
    found = offsets.utc_uniform(utc_day(date(2026, 1, 15)))
    assert type(found) is int
    assert type(offsets.resolve(wall(datetime(2026, 3, 8, 2, 30)))) is int
    assert type(offsets.resolve(wall(datetime(2026, 3, 7, 2, 30)))) is int


def test_a_date_whose_hours_an_event_takes_whole_is_closed_outside_hours_before_them() -> None:
    """Friday 13 March 2026 in Madrid: an event closes all of its hours (09:00-18:00). At
    07:00, before them, the date's own hours (before timed events, as the closure's reasons
    read them) are not open yet: "outside hours", until Monday's opening."""
    desk = Schedule(
        WEEKDAYS_9_TO_6,
        tz="Europe/Madrid",
        calendar=Events((datetime(2026, 3, 13, 8), datetime(2026, 3, 13, 19), "All day")),
    )
    assert desk.intervals_on(date(2026, 3, 13)) == ()
    found = desk.closure(madrid(2026, 3, 13, 7))
    assert found is not None
    assert (found.reason, found.day, found.name) == ("outside hours", date(2026, 3, 13), None)
    assert found.until == madrid(2026, 3, 16, 9)
    found = desk.closure(madrid(2026, 3, 13, 10))
    assert found is not None
    assert (found.reason, found.name, found.ends) == ("event", "All day", madrid(2026, 3, 13, 19))


def test_calendars_of_one_class_and_one_text_are_not_the_same_unless_equal() -> None:
    """Calendars are the same when identical or equal: two ``Offsite()`` (no ``__eq__``)
    show the same text but are not equal."""
    first, second = Offsite(), Offsite()
    assert repr(first) == repr(second)
    assert not _same_calendar(first, second)
    assert _same_calendar(first, first)
    desk = Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=first)
    assert desk != Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=second)
    assert desk == Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=first)


def test_versions_share_the_calendar_overrides_breaks_and_naive_policy() -> None:
    """docs: the other arguments are shared by the versions given as hours; a version given
    as a whole schedule keeps its own."""
    own = Schedule({"mon-fri": "10:00-12:00"}, tz="America/New_York")
    desk = Schedule.versions(
        {"2026-01-01": WEEKDAYS_9_TO_6, date(2027, 1, 1): own},
        tz="America/New_York",
        calendar={date(2026, 11, 26)},
        overrides={date(2026, 11, 28): "10:00-11:00"},
        breaks={"mon-fri": "12:00-13:00"},
        naive="reject",
    )
    assert desk.naive == "reject"
    shared = desk.version_on(date(2026, 6, 1))
    assert shared == Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/New_York",
        calendar={date(2026, 11, 26)},
        overrides={date(2026, 11, 28): "10:00-11:00"},
        breaks={"mon-fri": "12:00-13:00"},
        naive="reject",
    )
    assert desk.version_on(date(2027, 6, 1)) is own
    monday = datetime(2026, 11, 23, tzinfo=NY)
    assert desk.elapsed(monday, monday + timedelta(days=7)) == timedelta(hours=4 * 8 + 1)
    with pytest.raises(ValueError, match="naive"):
        desk.is_open("2026-11-23 10:00")


@pytest.mark.parametrize(("given", "text"), [(["x"], "['x']"), ("mon-fri", "'mon-fri'")])
def test_versions_not_given_as_a_mapping_are_named_in_the_error(given: object, text: str) -> None:
    message = (
        f"versions {text}: expected a mapping of dates (from which each version is in force) "
        f"to weekly hours"
    )
    with pytest.raises(InvalidScheduleError, match=f"^{re.escape(message)}$"):
        Schedule.versions(given, tz="UTC")  # type: ignore[arg-type]


# -- business days ---------------------------------------------------------------------------


def test_days_between_with_one_microsecond_of_open_time_between() -> None:
    """Fridays 09:00-18:00, Mondays 20:00-22:00 (UTC): from Friday's last open microsecond,
    one business day later is Monday 17:59:59.999999, closed: Monday's opening at 20:00, the
    end. ``days_between`` is the largest n with ``add_days(start, n) <= end``: 1."""
    desk = Schedule({"fri": "09:00-18:00", "mon": "20:00-22:00"}, tz="UTC")
    start, end = "2026-11-20 17:59:59.999999", "2026-11-23 20:00"
    assert desk.add_days(start, 1) == datetime(2026, 11, 23, 20, tzinfo=UTC)
    assert desk.days_between(start, end) == 1


@pytest.mark.parametrize(
    ("zone", "hours", "start", "end", "expected"),
    [
        # 20:00 in New York is 01:00 UTC the next day: business days are New York's dates
        ("America/New_York", "20:00-23:00", "2026-11-23 21:00", "2026-11-25 21:00", 2),
        ("America/New_York", "20:00-23:00", "2026-11-23 21:00", "2026-11-25 20:59", 1),
        # 08:30 in Tokyo is 23:30 UTC the day before
        ("Asia/Tokyo", "08:00-12:00", "2026-11-23 08:30", "2026-11-25 08:30", 2),
        ("Asia/Tokyo", "08:00-12:00", "2026-11-23 08:30", "2026-11-25 08:29", 1),
    ],
)
def test_days_between_counts_local_dates(
    zone: str, hours: str, start: str, end: str, expected: int
) -> None:
    desk = Schedule({"mon-fri": hours}, tz=zone)
    assert desk.days_between(start, end) == expected
    assert desk.days_between(end, start) == -expected


def test_days_between_near_the_end_of_the_supported_years() -> None:
    """Open every day 09:00-18:00 UTC, 31 December 9998 only 00:00-10:00: two business days
    after 29 December 12:00 is 31 December 12:00, closed, and no opening follows within the
    supported years; one is 30 December 12:00. So from the 29th to the 31st 23:00: 1."""
    desk = Schedule(
        {"mon-sun": "09:00-18:00"}, tz="UTC", overrides={date(9998, 12, 31): "00:00-10:00"}
    )
    assert desk.days_between("9998-12-29 12:00", "9998-12-31 23:00") == 1
    with pytest.raises(OutOfRangeError, match=r"^2 business days from 9998-12-29 12:00:00"):
        desk.add_days("9998-12-29 12:00", 2)


@pytest.mark.parametrize(
    ("zone", "start", "days", "cause"),
    [
        (
            "UTC",
            "2026-12-29 12:00",
            10**7,
            "10000000 business days is outside the years slaclock supports: expected 2 to 9998",
        ),
        # 31 December 9998 20:00 in New York is 9999-01-01 01:00 UTC
        (
            "America/New_York",
            "9998-12-30 20:00",
            1,
            "local date 9998-12-31 is outside the years slaclock supports: expected 2 to 9998",
        ),
    ],
)
def test_add_days_beyond_the_supported_years_says_why(
    zone: str, start: str, days: int, cause: str
) -> None:
    desk = Schedule({"mon-sun": "10:00-23:00"}, tz=zone)
    with pytest.raises(OutOfRangeError, match=f"^{days} business days? from ") as caught:
        desk.add_days(start, days)
    assert isinstance(caught.value.__cause__, OutOfRangeError)
    assert str(caught.value.__cause__) == cause


EDGE_DATES = [date(2010, 12, 29), date(2011, 1, 2), date(2012, 12, 31), date(2014, 1, 1)]
EDGE_OVERRIDES = {
    date(2013, 12, 30): "10:00-11:00",
    date(2015, 1, 2): "00:00-24:00",
    date(2016, 12, 31): "23:00-02:00",
    date(2011, 3, 13): "01:00-04:00",  # New York's change of offset, forward
    date(2011, 11, 6): "00:30-03:00",  # and back
}


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "America/New_York", "Pacific/Pago_Pago"])
def test_years_of_one_shape_have_the_same_periods_moved_at_new_year(zone: str) -> None:
    """Closed dates and overrides on the dates around New Year (and on two changes of offset)
    in 2010-2016, in zones 14 hours ahead of UTC, 11 behind and one with changes of offset:
    over 2008-2047, every year of a shape seen before (its twin 28 years later has none of
    those dates) has the earlier year's periods, moved, on the same local dates."""
    schedule = Schedule(
        {"mon-fri": ["00:30-03:00", "21:00-24:00"], "sat": "22:00-01:00", "sun": "02:00-03:30"},
        tz=zone,
        calendar=ClosedDates(EDGE_DATES),
        overrides=EDGE_OVERRIDES,
    )
    first, last = 2008, 2047
    shapes = schedule.year_shapes(first, last)
    assert shapes is not None
    seen: dict[object, int] = {}
    for year, shape in zip(range(first, last + 1), shapes, strict=True):
        if shape in seen:
            assert relative(schedule, year) == relative(schedule, seen[shape]), (year, seen[shape])
        seen.setdefault(shape, year)
    assert len(seen) < last - first + 1


def test_intervals_on_before_timed_events() -> None:
    """``timed=False``: the date's hours before the calendar's timed events cut them."""
    assert SPLIT.intervals_on(date(2026, 3, 10), timed=False) == (
        Interval.parse("09:00-12:00"),
        Interval.parse("13:00-18:00"),
    )
    assert SPLIT.intervals_on(date(2026, 3, 11), timed=False) == ()  # closed whole


def test_a_union_of_nothing_is_refused() -> None:
    with pytest.raises(
        InvalidScheduleError, match=r"^union of no schedules: expected at least one Schedule$"
    ):
        UnionSchedule()


def test_unsteady_from_the_day_after_a_change_read_at_noon() -> None:
    """Read from 5 April 2026 (so at noon on the 4th, -03:00, then on the 9th, -04:00):
    Santiago's change at the end of 4 April is found on the 4th, not on a later date."""
    found = _unsteady(SANTIAGO, ordinal(2026, 4, 5), ordinal(2026, 4, 30))
    assert set(found) <= {ordinal(2026, 4, 4)}


def test_year_totals_with_special_dates_at_the_edges_of_the_years_asked() -> None:
    """Overrides on 30 December 2025 (so 29 December, a Monday, is taken the exact way too,
    though before the years asked) and on Saturday 3 January 2026 (so is Friday the 2nd);
    New Year's Day 2029, a Monday, closed (Sundays have no hours)."""
    desk = Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/New_York",
        overrides={date(2025, 12, 30): "10:00-11:00", date(2026, 1, 3): "10:00-12:00"},
    )
    assert desk._year_totals(2026, 2027) == [261 * 9 * H + 2 * H, 261 * 9 * H]
    closed = Schedule(WEEKDAYS_9_TO_6, tz="UTC", calendar=ClosedDates([date(2029, 1, 1)]))
    assert closed._year_totals(2029, 2029) == [260 * 9 * H]  # 2029: 261 weekdays
    assert model_total(closed, 2029) == 260 * 9 * H


def test_an_event_that_ends_at_the_opening_closes_nothing() -> None:
    desk = Schedule(
        WEEKDAYS_9_TO_6,
        tz="Europe/Madrid",
        calendar=Events((datetime(2026, 3, 13, 8), datetime(2026, 3, 13, 9), "Breakfast")),
    )
    assert desk.closed_hours_on(date(2026, 3, 13)) == ()
    assert desk.intervals_on(date(2026, 3, 13)) == (Interval.parse("09:00-18:00"),)
