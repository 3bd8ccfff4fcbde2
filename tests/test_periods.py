"""Period (a half-open span of aware instants) and Schedule.periods()."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slaclock import InvalidDatetimeError, NaiveDatetimeError, Period, Schedule, country_calendar

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)


def ny(*args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=NY, fold=fold)  # type: ignore[misc]


MONDAY = Period(ny(2026, 11, 23, 9), ny(2026, 11, 23, 18))


# -- Period ------------------------------------------------------------------------------


def test_period_basics() -> None:
    opening, closing = MONDAY
    assert opening == ny(2026, 11, 23, 9)
    assert closing == ny(2026, 11, 23, 18)
    assert MONDAY.start is opening
    assert MONDAY.end is closing
    assert MONDAY.length == 9 * H
    assert (ny(2026, 11, 23, 9), ny(2026, 11, 23, 18)) == MONDAY
    assert (
        Period(datetime(2026, 11, 23, 14, tzinfo=UTC), datetime(2026, 11, 23, 23, tzinfo=UTC))
        == MONDAY
    )
    with pytest.raises(AttributeError):
        MONDAY.start = ny(2026, 11, 23, 10)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("at", "inside"),
    [
        (ny(2026, 11, 23, 9) - US, False),
        (ny(2026, 11, 23, 9), True),
        (ny(2026, 11, 23, 9) + US, True),
        (ny(2026, 11, 23, 18) - US, True),
        (ny(2026, 11, 23, 18), False),
        (ny(2026, 11, 23, 18) + US, False),
        (datetime(2026, 11, 23, 14, tzinfo=UTC), True),
        (datetime(2026, 11, 23, 23, tzinfo=UTC), False),
        (datetime(2026, 11, 23, 19, tzinfo=MADRID), True),  # 13:00 EST
    ],
)
def test_period_contains_is_half_open(at: datetime, inside: bool) -> None:
    assert MONDAY.contains(at) is inside


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (
            Period(ny(2026, 11, 23, 12), ny(2026, 11, 23, 20)),
            Period(ny(2026, 11, 23, 12), ny(2026, 11, 23, 18)),
        ),
        (
            Period(ny(2026, 11, 23, 7), ny(2026, 11, 23, 10)),
            Period(ny(2026, 11, 23, 9), ny(2026, 11, 23, 10)),
        ),
        (
            Period(ny(2026, 11, 23, 10), ny(2026, 11, 23, 11)),
            Period(ny(2026, 11, 23, 10), ny(2026, 11, 23, 11)),
        ),
        (Period(ny(2026, 11, 23, 0), ny(2026, 11, 24, 0)), MONDAY),
        (Period(ny(2026, 11, 23, 18), ny(2026, 11, 23, 20)), None),  # touching
        (Period(ny(2026, 11, 23, 7), ny(2026, 11, 23, 9)), None),  # touching
        (Period(ny(2026, 11, 24, 9), ny(2026, 11, 24, 18)), None),
        (
            Period(ny(2026, 11, 23, 17, 59, 59, 999999), ny(2026, 11, 24)),
            Period(ny(2026, 11, 23, 17, 59, 59, 999999), ny(2026, 11, 23, 18)),
        ),
    ],
)
def test_period_intersect(other: Period, expected: Period | None) -> None:
    assert MONDAY.intersect(other) == expected
    assert other.intersect(MONDAY) == expected


def test_period_intersect_across_zones() -> None:
    # Madrid 09:00-18:00 CET is 03:00-12:00 EST.
    madrid = Period(
        datetime(2026, 11, 23, 9, tzinfo=MADRID), datetime(2026, 11, 23, 18, tzinfo=MADRID)
    )
    both = MONDAY.intersect(madrid)
    assert both is not None
    assert both == (ny(2026, 11, 23, 9), ny(2026, 11, 23, 12))
    assert both.length == 3 * H


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (
            Period(ny(2026, 11, 23, 12), ny(2026, 11, 23, 13)),
            (
                Period(ny(2026, 11, 23, 9), ny(2026, 11, 23, 12)),
                Period(ny(2026, 11, 23, 13), ny(2026, 11, 23, 18)),
            ),
        ),
        (
            Period(ny(2026, 11, 23, 7), ny(2026, 11, 23, 10)),
            (Period(ny(2026, 11, 23, 10), ny(2026, 11, 23, 18)),),
        ),
        (
            Period(ny(2026, 11, 23, 17), ny(2026, 11, 23, 20)),
            (Period(ny(2026, 11, 23, 9), ny(2026, 11, 23, 17)),),
        ),
        (Period(ny(2026, 11, 23, 0), ny(2026, 11, 24, 0)), ()),
        (MONDAY, ()),
        (Period(ny(2026, 11, 23, 18), ny(2026, 11, 23, 20)), (MONDAY,)),
        (Period(ny(2026, 11, 23, 5), ny(2026, 11, 23, 6)), (MONDAY,)),
        (
            Period(ny(2026, 11, 23, 9), ny(2026, 11, 23, 12)),
            (Period(ny(2026, 11, 23, 12), ny(2026, 11, 23, 18)),),
        ),
    ],
)
def test_period_subtract(other: Period, expected: tuple[Period, ...]) -> None:
    assert MONDAY.subtract(other) == expected


def test_period_length_is_real_time_across_dst() -> None:
    # 2026-03-08 in New York has 23 real hours; 2026-11-01 has 25.
    assert Period(ny(2026, 3, 8), ny(2026, 3, 9)).length == 23 * H
    assert Period(ny(2026, 11, 1), ny(2026, 11, 2)).length == 25 * H
    # The same spans with their ends given in UTC already work.
    assert Period(ny(2026, 3, 8), datetime(2026, 3, 9, 4, tzinfo=UTC)).length == 23 * H


def test_period_contains_respects_fold() -> None:
    # [01:00 EDT, 01:30 EST) on 2026-11-01 is 05:00Z-06:30Z: 01:45 EDT (05:45Z) is inside.
    fall_back = Period(ny(2026, 11, 1, 1, 0), ny(2026, 11, 1, 1, 30, fold=1))
    assert fall_back.contains(ny(2026, 11, 1, 1, 45)) is True
    assert fall_back.contains(ny(2026, 11, 1, 1, 15, fold=1)) is True
    assert fall_back.contains(ny(2026, 11, 1, 1, 40, fold=1)) is False


# -- Schedule.periods ----------------------------------------------------------------------


@pytest.fixture
def desk() -> Schedule:
    return Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            ny(2026, 11, 20, 12),
            ny(2026, 11, 23, 10),
            [
                (ny(2026, 11, 20, 12), ny(2026, 11, 20, 18)),
                (ny(2026, 11, 23, 9), ny(2026, 11, 23, 10)),
            ],
            id="clipped-both-ends",
        ),
        pytest.param(
            ny(2026, 11, 23, 10),
            ny(2026, 11, 23, 11),
            [(ny(2026, 11, 23, 10), ny(2026, 11, 23, 11))],
            id="inside",
        ),
        pytest.param(ny(2026, 11, 21), ny(2026, 11, 23), [], id="weekend"),
        pytest.param(ny(2026, 11, 23, 12), ny(2026, 11, 23, 12), [], id="empty-range"),
        pytest.param(ny(2026, 11, 23, 18), ny(2026, 11, 24, 9), [], id="closing-to-opening"),
        pytest.param(
            ny(2026, 11, 23, 18) - US,
            ny(2026, 11, 24, 9) + US,
            [
                (ny(2026, 11, 23, 18) - US, ny(2026, 11, 23, 18)),
                (ny(2026, 11, 24, 9), ny(2026, 11, 24, 9) + US),
            ],
            id="microseconds",
        ),
        pytest.param(
            datetime(2026, 11, 23, 14, tzinfo=UTC),
            datetime(2026, 11, 24, 0, tzinfo=UTC),
            [(ny(2026, 11, 23, 9), ny(2026, 11, 23, 18))],
            id="utc-input",
        ),
        pytest.param(
            "2026-11-23 08:00",
            "2026-11-23T20:00-05:00",
            [(ny(2026, 11, 23, 9), ny(2026, 11, 23, 18))],
            id="text-input",
        ),
    ],
)
def test_periods(desk: Schedule, start, end, expected) -> None:
    periods = list(desk.periods(start, end))
    assert periods == expected
    assert all(isinstance(period, Period) for period in periods)
    for period in periods:
        assert period.start.tzinfo is NY
        assert period.end.tzinfo is NY
        assert period.start < period.end
    desk._check()


def test_periods_of_a_week(desk: Schedule) -> None:
    periods = list(desk.periods(ny(2026, 11, 23), ny(2026, 11, 30)))
    assert periods == [(ny(2026, 11, day, 9), ny(2026, 11, day, 18)) for day in range(23, 28)]


def test_periods_of_a_month_match_elapsed() -> None:
    florida = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
    )
    # November 2026: 21 weekdays; Florida closes Wed 11, Thu 26, Fri 27.
    periods = list(florida.periods(ny(2026, 11, 1), ny(2026, 12, 1)))
    assert len(periods) == 18
    assert {period.start.date() for period in periods}.isdisjoint(
        {date(2026, 11, 11), date(2026, 11, 26), date(2026, 11, 27)}
    )
    total = sum((p.end.astimezone(UTC) - p.start.astimezone(UTC) for p in periods), timedelta(0))
    assert total == 18 * 9 * H
    assert florida.elapsed(ny(2026, 11, 1), ny(2026, 12, 1)) == total


@pytest.mark.parametrize(
    ("hours", "start", "end", "expected"),
    [
        pytest.param(
            {"mon": "18:00-24:00", "tue": "00:00-06:00"},
            ny(2026, 11, 23, 12),
            ny(2026, 11, 24, 12),
            [(ny(2026, 11, 23, 18), ny(2026, 11, 24, 6))],
            id="24:00-then-00:00",
        ),
        pytest.param(
            {"mon": "22:00-06:00", "tue": "06:00-10:00"},
            ny(2026, 11, 23),
            ny(2026, 11, 25),
            [(ny(2026, 11, 23, 22), ny(2026, 11, 24, 10))],
            id="overnight-then-morning",
        ),
        pytest.param(
            {"mon": ["09:00-12:00", "12:00-13:00"]},
            ny(2026, 11, 23),
            ny(2026, 11, 24),
            [(ny(2026, 11, 23, 9), ny(2026, 11, 23, 13))],
            id="touching-on-one-day",
        ),
        pytest.param(
            {"sat,sun": "00:00-24:00"},
            ny(2026, 11, 20),
            ny(2026, 11, 24),
            [(ny(2026, 11, 21), ny(2026, 11, 23))],
            id="whole-weekend",
        ),
        pytest.param(
            {"mon-sun": "00:00-24:00"},
            ny(2026, 11, 20, 7),
            ny(2026, 12, 20, 7),
            [(ny(2026, 11, 20, 7), ny(2026, 12, 20, 7))],
            id="always-open",
        ),
        pytest.param(
            # Thu 2026-12-31 18:00 EST (23:00Z) to Fri 2027-01-01 06:00 EST (11:00Z): the UTC
            # new year falls inside, where the index is cut into yearly chunks.
            {"thu": "18:00-24:00", "fri": "00:00-06:00"},
            ny(2026, 12, 31),
            ny(2027, 1, 2),
            [(ny(2026, 12, 31, 18), ny(2027, 1, 1, 6))],
            id="across-utc-new-year",
        ),
        pytest.param(
            {"mon-sun": "00:00-24:00"},
            ny(2025, 6, 1),
            ny(2028, 6, 1),
            [(ny(2025, 6, 1), ny(2028, 6, 1))],
            id="across-three-new-years",
        ),
    ],
)
def test_adjacent_periods_are_joined(hours, start, end, expected) -> None:
    schedule = Schedule(hours, tz="America/New_York")
    assert list(schedule.periods(start, end)) == expected
    schedule._check()


def test_periods_end_before_start(desk: Schedule) -> None:
    with pytest.raises(
        InvalidDatetimeError,
        match=r"^periods from 2026-11-23 to 2026-11-20: expected an end at or after the start$",
    ):
        list(desk.periods("2026-11-23", "2026-11-20"))
    with pytest.raises(InvalidDatetimeError, match="expected an end at or after the start"):
        list(desk.periods(ny(2026, 11, 23, 12), ny(2026, 11, 23, 12) - US))


def test_periods_end_before_start_raises_when_called(desk: Schedule) -> None:
    # Bad arguments are reported where the call is made, not at the first next().
    with pytest.raises(InvalidDatetimeError, match="expected an end at or after the start"):
        desk.periods("2026-11-23", "2026-11-20")


def test_periods_naive_rejected() -> None:
    strict = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", naive="reject")
    with pytest.raises(NaiveDatetimeError):
        list(strict.periods(datetime(2026, 11, 23), ny(2026, 11, 24)))


def test_periods_are_lazy_over_a_long_range(desk: Schedule) -> None:
    first_three = list(itertools.islice(desk.periods(ny(2026, 11, 23), ny(2126, 1, 1)), 3))
    assert first_three == [(ny(2026, 11, day, 9), ny(2026, 11, day, 18)) for day in (23, 24, 25)]


def test_union_periods() -> None:
    both = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York") | Schedule(
        {"mon-fri": "09:00-18:00"}, tz="Europe/Madrid"
    )
    # Madrid's day (03:00-12:00 EST) overlaps New York's (09:00-18:00): one period per day.
    assert list(both.periods(ny(2026, 11, 23), ny(2026, 11, 25))) == [
        (ny(2026, 11, 23, 3), ny(2026, 11, 23, 18)),
        (ny(2026, 11, 24, 3), ny(2026, 11, 24, 18)),
    ]
