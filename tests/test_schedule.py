"""Schedule arithmetic: add, subtract, elapsed, is_open, next_open on named real dates.

Every expected value is worked out by hand from the calendar (weekdays, the holiday lists
quoted in the comments), never by asking the engine.

2026 calendar used below: Fri 2026-11-20, Sat 21, Sun 22, Mon 23, Tue 24, Wed 25,
Thu 26 (Thanksgiving), Fri 27 (Friday after Thanksgiving in Florida), Mon 30.
Thu 2026-12-24, Fri 25 (Christmas), Mon 28, Wed 30, Thu 31, Fri 2027-01-01 (New Year).
America/New_York is on EST (-05:00) from 2026-11-01 to 2027-03-14 and on EDT (-04:00)
between 2026-03-08 and 2026-11-01.
"""

from __future__ import annotations

import datetime
import itertools
import pickle
import re
import subprocess
import sys
import time
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from slaclock import (
    ClosedDates,
    IntersectionSchedule,
    Interval,
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidScheduleError,
    NaiveDatetimeError,
    NoOpenTimeError,
    OutOfRangeError,
    Schedule,
    UnionSchedule,
    WeeklyHours,
    country_calendar,
)

NY = ZoneInfo("America/New_York")
BA = ZoneInfo("America/Argentina/Buenos_Aires")
MADRID = ZoneInfo("Europe/Madrid")
H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)
WEEKDAYS_9_TO_6 = {"mon-fri": "09:00-18:00"}


def ny(*args: int, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=NY, fold=fold)  # type: ignore[misc]


def ba(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BA)  # type: ignore[misc]


def assert_same(result: datetime.datetime, expected: datetime.datetime) -> None:
    """Same instant, same zone, same wall time and offset (not just an equal instant)."""
    assert result == expected
    assert result.astimezone(UTC) == expected.astimezone(UTC)  # fold-aware
    assert result.tzinfo is expected.tzinfo
    assert result.utcoffset() == expected.utcoffset()
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


@pytest.fixture
def desk() -> Schedule:
    """Mon-Fri 09:00-18:00 in New York, no holidays."""
    return Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")


@pytest.fixture
def florida_desk() -> Schedule:
    """Mon-Fri 09:00-18:00 in New York, closed on Florida's public holidays."""
    return Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
    )


@pytest.fixture
def argentina_desk() -> Schedule:
    return Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/Argentina/Buenos_Aires",
        calendar=country_calendar("AR"),
    )


# -- add ---------------------------------------------------------------------------------

ADD_CASES = [
    pytest.param(
        ny(2026, 11, 20, 17, 30), 4 * H, ny(2026, 11, 23, 12, 30), id="fri-17:30+4h-weekend"
    ),
    pytest.param(ny(2026, 11, 20, 14), 4 * H, ny(2026, 11, 20, 18), id="fri-14:00+4h-at-closing"),
    pytest.param(ny(2026, 11, 20, 14), 4 * H + US, ny(2026, 11, 23, 9, 0, 0, 1), id="closing+1us"),
    pytest.param(ny(2026, 11, 20, 16), 4 * H, ny(2026, 11, 23, 11), id="fri-16:00+4h"),
    pytest.param(ny(2026, 11, 21, 10), 4 * H, ny(2026, 11, 23, 13), id="sat-start"),
    pytest.param(ny(2026, 11, 22, 23, 59, 59, 999999), US, ny(2026, 11, 23, 9, 0, 0, 1), id="sun"),
    pytest.param(ny(2026, 11, 23, 7), H, ny(2026, 11, 23, 10), id="before-opening"),
    pytest.param(ny(2026, 11, 23, 18), H, ny(2026, 11, 24, 10), id="at-closing"),
    pytest.param(ny(2026, 11, 23, 9), 9 * H, ny(2026, 11, 23, 18), id="whole-day"),
    pytest.param(ny(2026, 11, 23, 9), 10 * H, ny(2026, 11, 24, 10), id="day-and-hour"),
    pytest.param(ny(2026, 11, 23, 9), 45 * H, ny(2026, 11, 27, 18), id="whole-week"),
    pytest.param(ny(2026, 11, 23, 9), 46 * H, ny(2026, 11, 30, 10), id="week-and-hour"),
    pytest.param(ny(2026, 11, 23, 12), 90 * M, ny(2026, 11, 23, 13, 30), id="90m"),
    pytest.param(ny(2026, 11, 23, 17, 59, 59), 2 * timedelta(seconds=1), ny(2026, 11, 24, 9, 0, 1)),
]


@pytest.mark.parametrize(("start", "duration", "expected"), ADD_CASES)
def test_add(desk: Schedule, start, duration, expected) -> None:
    assert_same(desk.add(start, duration), expected)
    desk._check()


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        ("2026-11-20 17:30", "4h", ny(2026, 11, 23, 12, 30)),
        ("2026-11-20 14:00", "4h", ny(2026, 11, 20, 18)),
        ("2026-11-20 16:00", "1h30m", ny(2026, 11, 20, 17, 30)),
        ("2026-11-20 16:00", "90m", ny(2026, 11, 20, 17, 30)),
        ("2026-11-20 17:59:30", "45s", ny(2026, 11, 23, 9, 0, 15)),
        ("2026-11-20T22:30:00Z", "4h", ny(2026, 11, 23, 12, 30)),  # 22:30Z is 17:30 EST
        ("2026-11-20T19:30:00-03:00", "4h", ny(2026, 11, 23, 12, 30)),  # 19:30 BA = 17:30 NY
        ("2026-11-20T17:30:00-05:00", "4h", ny(2026, 11, 23, 12, 30)),
    ],
)
def test_add_text_inputs(desk: Schedule, start: str, duration: str, expected) -> None:
    assert_same(desk.add(start, duration), expected)


def test_add_naive_is_read_in_the_schedule_zone(desk: Schedule) -> None:
    naive = datetime.datetime(2026, 11, 20, 17, 30)
    assert_same(desk.add(naive, 4 * H), ny(2026, 11, 23, 12, 30))


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # 10:00 in Buenos Aires (-03:00) is 13:00Z: 08:00 EST in November, before opening.
        pytest.param(ba(2026, 11, 23, 10), ny(2026, 11, 23, 13), id="november-before-opening"),
        # In July New York is on EDT (-04:00): 13:00Z is 09:00 EDT, exactly the opening.
        pytest.param(ba(2026, 7, 13, 10), ny(2026, 7, 13, 13), id="july-at-opening"),
        # Friday 17:00 in Buenos Aires is 15:00 EST: 3 h left on Friday, 1 h on Monday.
        pytest.param(ba(2026, 11, 20, 17), ny(2026, 11, 23, 10), id="friday-afternoon"),
    ],
)
def test_customer_in_buenos_aires_writes_to_new_york(desk: Schedule, written, expected) -> None:
    result = desk.add(written, "4h")
    assert_same(result, expected)
    assert result.tzinfo is NY


def test_add_result_is_in_schedule_zone_for_utc_input(desk: Schedule) -> None:
    result = desk.add(datetime.datetime(2026, 11, 23, 14, tzinfo=UTC), H)  # 09:00 EST
    assert_same(result, ny(2026, 11, 23, 10))


@pytest.mark.parametrize(
    "start",
    [
        ny(2026, 11, 23, 12),  # open
        ny(2026, 11, 21, 12),  # Saturday, closed
        ny(2026, 11, 23, 18),  # exactly at closing
        ny(2026, 11, 23, 8, 59, 59, 999999),
        ny(2026, 11, 23, 12, 0, 0, 123457),
    ],
)
def test_add_zero_returns_start_exactly(desk: Schedule, start) -> None:
    assert_same(desk.add(start, timedelta(0)), start)
    assert_same(desk.add(start, "0s"), start)
    assert_same(desk.subtract(start, timedelta(0)), start)


def test_add_zero_on_closed_naive_start(desk: Schedule) -> None:
    assert_same(desk.add("2026-11-21 12:00", "0h"), ny(2026, 11, 21, 12))


@pytest.mark.parametrize("duration", [-US, -H, "-4h", " -1h30m"])
def test_negative_durations_are_rejected(desk: Schedule, duration) -> None:
    with pytest.raises(InvalidDurationError, match="is negative: expected 0 or more"):
        desk.add(ny(2026, 11, 23, 12), duration)
    with pytest.raises(InvalidDurationError, match="is negative: expected 0 or more"):
        desk.subtract(ny(2026, 11, 23, 12), duration)


def test_negative_timedelta_message(desk: Schedule) -> None:
    with pytest.raises(InvalidDurationError, match=r"^duration -1h30m is negative"):
        desk.add(ny(2026, 11, 23, 12), -90 * M)


@pytest.mark.parametrize("method", ["add", "subtract"])
def test_business_days_text_is_not_a_length_of_time(desk: Schedule, method: str) -> None:
    with pytest.raises(
        InvalidDurationError,
        match=r"^duration '2bd' is a number of business days, not a length of time: "
        r"expected hours, minutes or seconds such as '4h'$",
    ):
        getattr(desk, method)(ny(2026, 11, 23, 12), "2bd")


@pytest.mark.parametrize(
    ("duration", "message"),
    [
        ("soon", r"^duration 'soon' is not understood: expected hours, minutes and seconds"),
        ("4", r"^duration '4' is not understood"),
        ("", r"^duration '' is not understood"),
        ("1d", r"^duration '1d' is ambiguous: write '24h' .* or '1bd' for 1 business day$"),
        (3600, r"^duration 3600: expected a timedelta or text such as '4h', got int$"),
        (4.0, r"^duration 4.0: expected a timedelta or text such as '4h', got float$"),
        (None, r"^duration None: expected a timedelta or text such as '4h', got NoneType$"),
    ],
)
def test_garbage_durations_given_to_add(desk: Schedule, duration, message: str) -> None:
    with pytest.raises(InvalidDurationError, match=message):
        desk.add(ny(2026, 11, 23, 12), duration)


# -- exactness ---------------------------------------------------------------------------


def test_microsecond_exactness(desk: Schedule) -> None:
    assert_same(desk.add(ny(2026, 11, 23, 9), US), ny(2026, 11, 23, 9, 0, 0, 1))
    assert_same(
        desk.add(ny(2026, 11, 23, 17, 59, 59, 999999), 2 * US), ny(2026, 11, 24, 9, 0, 0, 1)
    )
    assert desk.elapsed(ny(2026, 11, 23, 9, 0, 0, 1), ny(2026, 11, 23, 17, 59, 59, 999999)) == (
        9 * H - 2 * US
    )
    assert_same(
        desk.add(ny(2026, 11, 23, 9, 0, 0, 250_000), timedelta(hours=8, microseconds=999_999)),
        ny(2026, 11, 23, 17, 0, 1, 249_999),
    )
    assert_same(desk.subtract(ny(2026, 11, 23, 10), H + US), ny(2026, 11, 20, 17, 59, 59, 999999))
    desk._check()


def test_one_year_of_open_time_is_exact(desk: Schedule) -> None:
    # 2026 starts on a Thursday: 52 whole weeks (260 weekdays) plus Thursday 2026-12-31.
    year = 261 * 9 * H
    start = ny(2026, 1, 1)
    assert desk.elapsed(start, ny(2027, 1, 1)) == year
    # The earliest instant with a year of open time is the last closing of 2026.
    assert_same(desk.add(start, year), ny(2026, 12, 31, 18))
    assert_same(desk.add(start, year + US), ny(2027, 1, 1, 9, 0, 0, 1))
    # Jan 1 2026 is a Thursday and 09:00 EST is its first opening.
    assert_same(desk.subtract(ny(2027, 1, 1), year), ny(2026, 1, 1, 9))
    desk._check()


def test_florida_year_of_open_time(florida_desk: Schedule) -> None:
    # Florida holidays of 2026 on weekdays (holidays.US(subdiv="FL")): Jan 1 (Thu),
    # Jan 19 (Mon), May 25 (Mon), Jun 19 (Fri), Jul 3 (Fri, Independence Day observed),
    # Sep 7 (Mon), Nov 11 (Wed), Nov 26 (Thu), Nov 27 (Fri), Dec 25 (Fri). Feb 15 (Sun)
    # and Jul 4 (Sat) fall on weekends. 261 weekdays - 10 = 251 open days.
    assert florida_desk.elapsed(ny(2026, 1, 1), ny(2027, 1, 1)) == 251 * 9 * H
    florida_desk._check()


# -- subtract ----------------------------------------------------------------------------

SUBTRACT_CASES = [
    pytest.param(ny(2026, 11, 23, 11), 2 * H, ny(2026, 11, 23, 9), id="same-day"),
    pytest.param(ny(2026, 11, 23, 10), 2 * H, ny(2026, 11, 20, 17), id="back-over-weekend"),
    pytest.param(ny(2026, 11, 23, 10), H, ny(2026, 11, 23, 9), id="latest-is-the-opening"),
    pytest.param(ny(2026, 11, 23, 9), H, ny(2026, 11, 20, 17), id="from-opening"),
    pytest.param(ny(2026, 11, 21, 12), H, ny(2026, 11, 20, 17), id="from-saturday"),
    pytest.param(ny(2026, 11, 20, 18), 9 * H, ny(2026, 11, 20, 9), id="whole-day"),
    pytest.param(ny(2026, 11, 23, 18), 45 * H, ny(2026, 11, 17, 9), id="whole-week"),
    pytest.param(ny(2026, 11, 23, 12, 30), 3.5 * H, ny(2026, 11, 23, 9), id="to-opening"),
    pytest.param(ny(2026, 11, 23, 12, 30), 4 * H, ny(2026, 11, 20, 17, 30), id="inverse-of-add"),
]


@pytest.mark.parametrize(("end", "duration", "expected"), SUBTRACT_CASES)
def test_subtract(desk: Schedule, end, duration, expected) -> None:
    assert_same(desk.subtract(end, duration), expected)
    desk._check()


def test_subtract_text(desk: Schedule) -> None:
    assert_same(desk.subtract("2026-11-23 11:00", "2h"), ny(2026, 11, 23, 9))


@pytest.mark.parametrize(
    ("start", "next_opening"),
    [
        (ny(2026, 11, 23, 12), ny(2026, 11, 23, 12)),  # open: next_open(s) == s
        (ny(2026, 11, 21, 12), ny(2026, 11, 23, 9)),  # Saturday
        (ny(2026, 11, 23, 18), ny(2026, 11, 24, 9)),  # at closing
        (ny(2026, 11, 23, 8, 59), ny(2026, 11, 23, 9)),
    ],
)
@pytest.mark.parametrize("duration", [US, H, 9 * H, 30 * H])
def test_subtract_of_add_is_next_open(desk: Schedule, start, next_opening, duration) -> None:
    assert_same(desk.next_open(start), next_opening)
    assert_same(desk.subtract(desk.add(start, duration), duration), next_opening)


@pytest.mark.parametrize(
    ("end", "round_trip"),
    [
        (ny(2026, 11, 20, 18), ny(2026, 11, 20, 18)),  # closing: in (opening, closing]
        (ny(2026, 11, 20, 12), ny(2026, 11, 20, 12)),  # open
        (ny(2026, 11, 21, 12), ny(2026, 11, 20, 18)),  # Saturday: back to Friday's closing
        (ny(2026, 11, 23, 9), ny(2026, 11, 20, 18)),  # an opening is not in (opening, closing]
    ],
)
def test_add_of_subtract_is_at_most_end(desk: Schedule, end, round_trip) -> None:
    assert_same(desk.add(desk.subtract(end, H), H), round_trip)


# -- elapsed -----------------------------------------------------------------------------

ELAPSED_CASES = [
    pytest.param(ny(2026, 11, 20, 17), ny(2026, 11, 23, 10), 2 * H, id="over-weekend"),
    pytest.param(ny(2026, 11, 20, 16), ny(2026, 11, 23, 11), 4 * H, id="docstring"),
    pytest.param(ny(2026, 11, 21, 0), ny(2026, 11, 23, 0), timedelta(0), id="weekend"),
    pytest.param(ny(2026, 11, 23, 0), ny(2026, 11, 24, 0), 9 * H, id="monday"),
    pytest.param(ny(2026, 11, 23, 12), ny(2026, 11, 23, 12), timedelta(0), id="same-instant"),
    pytest.param(ny(2026, 11, 16), ny(2026, 11, 23), 45 * H, id="week"),
    pytest.param(ny(2026, 11, 23, 17, 59), ny(2026, 11, 24, 9, 1), 2 * M, id="overnight"),
]


@pytest.mark.parametrize(("a", "b", "expected"), ELAPSED_CASES)
def test_elapsed(desk: Schedule, a, b, expected) -> None:
    assert desk.elapsed(a, b) == expected
    assert desk.elapsed(b, a) == -expected
    desk._check()


def test_elapsed_text_and_mixed_zones(desk: Schedule) -> None:
    assert desk.elapsed("2026-11-20 17:00", "2026-11-23 10:00") == 2 * H
    # 19:00 in Buenos Aires on Friday is 17:00 EST; 15:00Z on Monday is 10:00 EST.
    assert desk.elapsed(ba(2026, 11, 20, 19), datetime.datetime(2026, 11, 23, 15, tzinfo=UTC)) == (
        2 * H
    )


def test_elapsed_antisymmetric_and_additive_over_a_year(desk: Schedule) -> None:
    # Instants every 37 h 13 min 7.000003 s over local 2026, plus the year's two ends: the
    # pieces add up to the year's open time, 261 weekdays x 9 h.
    step = timedelta(hours=37, minutes=13, seconds=7, microseconds=3)
    points = [ny(2026, 1, 1)]
    while points[-1] + step < ny(2027, 1, 1):
        points.append(points[-1] + step)
    points.append(ny(2027, 1, 1))
    total = timedelta(0)
    for a, b in itertools.pairwise(points):
        forward = desk.elapsed(a, b)
        assert forward == -desk.elapsed(b, a)
        assert desk.elapsed(a, a) == timedelta(0)
        assert timedelta(0) <= forward <= b - a
        total += forward
    assert total == 261 * 9 * H
    assert desk.elapsed(points[-1], points[0]) == -total
    desk._check()


# -- is_open / next_open and half-open boundaries ----------------------------------------

OPENING = ny(2026, 11, 23, 9)
CLOSING = ny(2026, 11, 23, 18)


@pytest.mark.parametrize(
    ("at", "is_open", "next_open"),
    [
        pytest.param(OPENING - US, False, OPENING, id="opening-1us"),
        pytest.param(OPENING, True, OPENING, id="opening"),
        pytest.param(OPENING + US, True, OPENING + US, id="opening+1us"),
        pytest.param(CLOSING - US, True, CLOSING - US, id="closing-1us"),
        pytest.param(CLOSING, False, ny(2026, 11, 24, 9), id="closing"),
        pytest.param(CLOSING + US, False, ny(2026, 11, 24, 9), id="closing+1us"),
    ],
)
def test_half_open_boundaries(desk: Schedule, at, is_open: bool, next_open) -> None:
    assert desk.is_open(at) is is_open
    assert_same(desk.next_open(at), next_open)
    # The same instants seen from UTC and from Buenos Aires.
    assert desk.is_open(at.astimezone(UTC)) is is_open
    assert desk.is_open(at.astimezone(BA)) is is_open


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (OPENING - US, OPENING, timedelta(0)),
        (OPENING, OPENING + US, US),
        (OPENING - US, OPENING + US, US),
        (CLOSING - US, CLOSING, US),
        (CLOSING, CLOSING + US, timedelta(0)),
        (CLOSING - US, CLOSING + US, US),
    ],
)
def test_half_open_boundaries_elapsed(desk: Schedule, start, end, expected) -> None:
    assert desk.elapsed(start, end) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (OPENING - US, OPENING + US),
        (OPENING, OPENING + US),
        (OPENING + US, OPENING + 2 * US),
        (CLOSING - 2 * US, CLOSING - US),
        (CLOSING - US, CLOSING),  # may land exactly on the closing
        (CLOSING, ny(2026, 11, 24, 9, 0, 0, 1)),
        (CLOSING + US, ny(2026, 11, 24, 9, 0, 0, 1)),
    ],
)
def test_half_open_boundaries_add_one_microsecond(desk: Schedule, start, expected) -> None:
    assert_same(desk.add(start, US), expected)


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (OPENING + US, OPENING),
        (OPENING, ny(2026, 11, 20, 17, 59, 59, 999999)),
        (OPENING - US, ny(2026, 11, 20, 17, 59, 59, 999999)),
        (CLOSING, CLOSING - US),
        (CLOSING + US, CLOSING - US),
    ],
)
def test_half_open_boundaries_subtract_one_microsecond(desk: Schedule, end, expected) -> None:
    assert_same(desk.subtract(end, US), expected)


def test_is_open_text_and_naive(desk: Schedule) -> None:
    assert desk.is_open("2026-11-23 09:00") is True
    assert desk.is_open("2026-11-23 18:00") is False
    assert desk.is_open(datetime.datetime(2026, 11, 23, 17, 59, 59, 999999)) is True
    assert_same(desk.next_open("2026-11-21 12:00"), ny(2026, 11, 23, 9))


# -- holidays ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Wed 16:00 + 4 h: 2 h on Wednesday, Thanksgiving and the Friday after closed.
        pytest.param(ny(2026, 11, 25, 16), 4 * H, ny(2026, 11, 30, 11), id="over-thanksgiving"),
        pytest.param(ny(2026, 11, 26, 10), H, ny(2026, 11, 30, 10), id="start-on-thanksgiving"),
        pytest.param(ny(2026, 11, 27, 12), H, ny(2026, 11, 30, 10), id="start-on-fl-friday"),
        pytest.param(ny(2026, 11, 25, 18), US, ny(2026, 11, 30, 9, 0, 0, 1), id="closing-wed"),
        # Christmas (Fri Dec 25) then the weekend.
        pytest.param(ny(2026, 12, 24, 17), 2 * H, ny(2026, 12, 28, 10), id="christmas"),
        # New Year's Day 2027 is a Friday: across the UTC-year boundary.
        pytest.param(ny(2026, 12, 31, 17), 2 * H, ny(2027, 1, 4, 10), id="new-year"),
    ],
)
def test_florida_holidays(florida_desk: Schedule, start, duration, expected) -> None:
    assert_same(florida_desk.add(start, duration), expected)
    florida_desk._check()


def test_florida_holidays_closed(florida_desk: Schedule) -> None:
    assert florida_desk.is_open(ny(2026, 11, 26, 12)) is False
    assert florida_desk.is_open(ny(2026, 11, 27, 12)) is False
    assert florida_desk.is_open(ny(2026, 11, 25, 12)) is True
    assert_same(florida_desk.next_open(ny(2026, 11, 26, 12)), ny(2026, 11, 30, 9))
    assert florida_desk.elapsed(ny(2026, 11, 25, 9), ny(2026, 11, 30, 9)) == 9 * H
    assert_same(florida_desk.subtract(ny(2026, 11, 30, 10), 2 * H), ny(2026, 11, 25, 17))


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # 2026-05-25 (Mon) is May Revolution Day.
        pytest.param(ba(2026, 5, 22, 17), ba(2026, 5, 26, 10), id="may-25"),
        pytest.param(ba(2026, 5, 25, 12), ba(2026, 5, 26, 11), id="start-on-may-25"),
        # 2026-07-09 (Thu) Independence Day and 2026-07-10 (Fri) a bridge holiday.
        pytest.param(ba(2026, 7, 8, 17), ba(2026, 7, 13, 10), id="july-9-and-bridge"),
    ],
)
def test_argentina_holidays(argentina_desk: Schedule, start, expected) -> None:
    assert_same(argentina_desk.add(start, 2 * H), expected)
    assert argentina_desk.is_open(ba(2026, 5, 25, 12)) is False
    assert argentina_desk.is_open(ba(2026, 7, 9, 12)) is False
    assert argentina_desk.is_open(ba(2026, 5, 26, 12)) is True
    argentina_desk._check()


def test_holiday_closes_shifts_starting_on_it_but_not_the_one_from_the_day_before() -> None:
    nights = Schedule(
        {"mon-sun": "22:00-06:00"}, tz="America/New_York", calendar={date(2026, 11, 26)}
    )
    assert nights.is_open(ny(2026, 11, 26, 5)) is True  # Wednesday's shift runs into Thursday
    assert nights.is_open(ny(2026, 11, 26, 5, 59, 59, 999999)) is True
    assert nights.is_open(ny(2026, 11, 26, 6)) is False
    assert nights.is_open(ny(2026, 11, 26, 23)) is False  # Thursday's own shift is closed
    assert nights.is_open(ny(2026, 11, 27, 2)) is False  # ... including its Friday morning
    assert nights.is_open(ny(2026, 11, 27, 22)) is True
    # Wednesday's shift (8 h) and Friday's shift up to Saturday 12:00 (8 h).
    assert nights.elapsed(ny(2026, 11, 25, 12), ny(2026, 11, 28, 12)) == 16 * H
    assert_same(nights.add(ny(2026, 11, 26, 5), 2 * H), ny(2026, 11, 27, 23))
    nights._check()


# -- overrides ---------------------------------------------------------------------------


@pytest.fixture
def holiday_season() -> Schedule:
    return Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
        overrides={
            date(2026, 12, 24): "09:00-13:00",  # half day
            "2026-12-31": [],  # closed
            date(2026, 11, 26): "10:00-14:00",  # special opening on Thanksgiving
            date(2026, 11, 21): ["10:00-12:00", "13:00-14:00"],  # a Saturday opening
        },
    )


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Half day: 1 h left on the 24th, Christmas (Fri) closed, weekend.
        pytest.param(ny(2026, 12, 24, 12), 2 * H, ny(2026, 12, 28, 10), id="half-day"),
        pytest.param(ny(2026, 12, 24, 9), 4 * H, ny(2026, 12, 24, 13), id="half-day-closing"),
        # Dec 31 closed by override, Jan 1 by the calendar.
        pytest.param(ny(2026, 12, 30, 17), 2 * H, ny(2027, 1, 4, 10), id="closed-31"),
        # Thanksgiving opens 10:00-14:00 by override; the Friday after stays closed.
        pytest.param(ny(2026, 11, 25, 17), 2 * H, ny(2026, 11, 26, 11), id="thanksgiving"),
        pytest.param(ny(2026, 11, 26, 13), 2 * H, ny(2026, 11, 30, 10), id="after-thanksgiving"),
        # Saturday opening between Friday and Monday.
        pytest.param(ny(2026, 11, 20, 17), 3 * H, ny(2026, 11, 21, 12), id="saturday"),
        pytest.param(ny(2026, 11, 20, 17), 4 * H, ny(2026, 11, 21, 14), id="saturday-split"),
        pytest.param(ny(2026, 11, 20, 17), 5 * H, ny(2026, 11, 23, 10), id="past-saturday"),
    ],
)
def test_overrides(holiday_season: Schedule, start, duration, expected) -> None:
    assert_same(holiday_season.add(start, duration), expected)
    holiday_season._check()


def test_override_boundaries(holiday_season: Schedule) -> None:
    assert holiday_season.is_open(ny(2026, 12, 24, 12, 59, 59, 999999)) is True
    assert holiday_season.is_open(ny(2026, 12, 24, 13)) is False
    assert holiday_season.is_open(ny(2026, 12, 31, 12)) is False
    assert holiday_season.is_open(ny(2026, 11, 26, 9, 59, 59, 999999)) is False
    assert holiday_season.is_open(ny(2026, 11, 26, 10)) is True
    assert holiday_season.is_open(ny(2026, 11, 21, 12, 30)) is False
    assert holiday_season.elapsed(ny(2026, 12, 21), ny(2027, 1, 4)) == (
        # Mon 21, Tue 22, Wed 23 (3 x 9 h), Thu 24 half day (4 h), Mon 28, Tue 29, Wed 30.
        6 * 9 * H + 4 * H
    )


def test_intervals_on(holiday_season: Schedule) -> None:
    assert holiday_season.intervals_on(date(2026, 12, 24)) == (Interval.parse("09:00-13:00"),)
    assert holiday_season.intervals_on(date(2026, 12, 31)) == ()
    assert holiday_season.intervals_on(date(2026, 12, 25)) == ()  # Christmas
    assert holiday_season.intervals_on(date(2026, 12, 22)) == (Interval.parse("09:00-18:00"),)
    assert holiday_season.intervals_on(date(2026, 11, 22)) == ()  # Sunday


def test_override_overnight_shift_merges_with_next_day() -> None:
    # Weekly hours cannot overlap across midnight, but an override may: open time is the union.
    desk = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York", overrides={"2026-11-23": "09:00-10:00"})
    late = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York", overrides={"2026-11-23": "20:00-11:00"})
    assert desk.elapsed(ny(2026, 11, 23), ny(2026, 11, 25)) == 10 * H
    # Mon 20:00 -> Tue 11:00 merged with Tue 09:00-18:00: Mon 20:00 -> Tue 18:00 = 22 h.
    assert late.elapsed(ny(2026, 11, 23), ny(2026, 11, 25)) == 22 * H
    assert list(late.periods(ny(2026, 11, 23), ny(2026, 11, 25))) == [
        (ny(2026, 11, 23, 20), ny(2026, 11, 24, 18))
    ]
    assert_same(late.add(ny(2026, 11, 23, 12), 21 * H), ny(2026, 11, 24, 17))
    late._check()


# -- overnight shifts, 24:00 and split days ------------------------------------------------


def test_overnight_shift_belongs_to_its_start_day() -> None:
    nights = Schedule({"fri": "22:00-06:00"}, tz="America/New_York")
    assert nights.is_open(ny(2026, 11, 20, 5)) is False  # Thursday night is not Friday's
    assert nights.is_open(ny(2026, 11, 20, 22)) is True
    assert nights.is_open(ny(2026, 11, 21, 5, 59, 59, 999999)) is True  # Saturday morning
    assert nights.is_open(ny(2026, 11, 21, 6)) is False
    assert nights.is_open(ny(2026, 11, 21, 22)) is False  # Saturday has no shift
    assert nights.elapsed(ny(2026, 11, 16), ny(2026, 11, 23)) == 8 * H
    assert_same(nights.add(ny(2026, 11, 20, 23), 2 * H), ny(2026, 11, 21, 1))
    # Saturday 05:00 is in Friday's shift: 1 h left, then next Friday's shift.
    assert_same(nights.add(ny(2026, 11, 21, 5), 2 * H), ny(2026, 11, 27, 23))
    assert_same(nights.subtract(ny(2026, 11, 21, 1), 2 * H), ny(2026, 11, 20, 23))
    nights._check()


def test_weekday_overnight_shifts() -> None:
    nights = Schedule({"mon-fri": "22:00-06:00"}, tz="America/New_York")
    assert nights.is_open(ny(2026, 11, 21, 2)) is True  # Friday's shift on Saturday
    assert nights.is_open(ny(2026, 11, 23, 2)) is False  # Sunday has no shift
    assert nights.is_open(ny(2026, 11, 24, 2)) is True  # Monday's shift
    assert nights.elapsed(ny(2026, 11, 23), ny(2026, 11, 30)) == 5 * 8 * H


def test_end_of_day_24_00() -> None:
    evening = Schedule({"mon-fri": "18:00-24:00"}, tz="America/New_York")
    assert evening.is_open(ny(2026, 11, 23, 23, 59, 59, 999999)) is True
    assert evening.is_open(ny(2026, 11, 24, 0)) is False
    assert_same(evening.add(ny(2026, 11, 23, 23), H), ny(2026, 11, 24, 0))
    assert_same(evening.add(ny(2026, 11, 23, 23), H + US), ny(2026, 11, 24, 18, 0, 0, 1))


def test_whole_days_and_weekend_join() -> None:
    weekend = Schedule({"sat,sun": "00:00-24:00"}, tz="America/New_York")
    assert weekend.is_open(ny(2026, 11, 21, 0)) is True
    assert weekend.is_open(ny(2026, 11, 22, 23, 59, 59, 999999)) is True
    assert weekend.is_open(ny(2026, 11, 23, 0)) is False
    assert weekend.elapsed(ny(2026, 11, 16), ny(2026, 11, 23)) == 48 * H
    assert list(weekend.periods(ny(2026, 11, 20), ny(2026, 11, 24))) == [
        (ny(2026, 11, 21), ny(2026, 11, 23))
    ]
    assert_same(weekend.add(ny(2026, 11, 20, 12), 48 * H), ny(2026, 11, 23))
    weekend._check()


def test_split_day() -> None:
    split = Schedule({"mon-fri": ["13:00-17:00", "09:00-12:00"]}, tz="America/New_York")
    assert split.is_open(ny(2026, 11, 23, 11, 59, 59, 999999)) is True
    assert split.is_open(ny(2026, 11, 23, 12)) is False
    assert split.is_open(ny(2026, 11, 23, 12, 30)) is False
    assert split.is_open(ny(2026, 11, 23, 13)) is True
    assert_same(split.next_open(ny(2026, 11, 23, 12, 30)), ny(2026, 11, 23, 13))
    assert_same(split.add(ny(2026, 11, 23, 11), H), ny(2026, 11, 23, 12))
    assert_same(split.add(ny(2026, 11, 23, 11), 2 * H), ny(2026, 11, 23, 14))
    assert_same(split.add(ny(2026, 11, 23, 12, 30), H), ny(2026, 11, 23, 14))
    assert_same(split.subtract(ny(2026, 11, 23, 13), H), ny(2026, 11, 23, 11))
    assert_same(split.subtract(ny(2026, 11, 23, 13, 30), H), ny(2026, 11, 23, 11, 30))
    assert_same(split.subtract(ny(2026, 11, 23, 14), H), ny(2026, 11, 23, 13))
    assert split.elapsed(ny(2026, 11, 23), ny(2026, 11, 24)) == 7 * H
    split._check()


def test_hours_given_as_weekly_hours_object() -> None:
    hours = WeeklyHours.parse(WEEKDAYS_9_TO_6)
    assert Schedule(hours, tz="America/New_York") == Schedule(WEEKDAYS_9_TO_6, tz=NY)


# -- no open time ------------------------------------------------------------------------


class AlwaysClosed:
    def __contains__(self, day: object) -> bool:
        return True


@pytest.mark.parametrize(
    "schedule",
    [
        pytest.param(Schedule({}, tz="America/New_York"), id="no-hours"),
        pytest.param(Schedule({"mon-sun": []}, tz="America/New_York"), id="empty-lists"),
        pytest.param(
            Schedule(WEEKDAYS_9_TO_6, tz="America/New_York", calendar=AlwaysClosed()),
            id="calendar-closes-every-day",
        ),
    ],
)
def test_no_open_time(schedule: Schedule) -> None:
    began = time.perf_counter()
    start = ny(2026, 6, 1, 12)
    after = r"^no open time from 2025-12-31 19:00:00-05:00 to 2035-12-31 19:00:00-05:00: .* after"
    before = r"^no open time from 2016-12-31 19:00:00-05:00 to 2026-12-31 19:00:00-05:00: .* before"
    with pytest.raises(NoOpenTimeError, match=after):
        schedule.add(start, H)
    with pytest.raises(NoOpenTimeError, match=after):
        schedule.next_open(start)
    with pytest.raises(NoOpenTimeError, match=before):
        schedule.subtract(start, H)
    assert schedule.is_open(start) is False
    assert schedule.elapsed(start, ny(2030, 1, 1)) == timedelta(0)
    assert_same(schedule.add(start, timedelta(0)), start)
    schedule._check()
    # The search is bounded (10 years of empty index), not a hang: generous on a shared box.
    assert time.perf_counter() - began < 20


def test_override_found_within_the_lookahead() -> None:
    closed = Schedule(
        WEEKDAYS_9_TO_6,
        tz="America/New_York",
        calendar=AlwaysClosed(),
        overrides={"2030-06-03": "09:00-10:00", "2021-06-01": "09:00-10:00"},
    )
    assert_same(closed.add(ny(2026, 1, 1), H), ny(2030, 6, 3, 10))
    assert_same(closed.next_open(ny(2026, 1, 1)), ny(2030, 6, 3, 9))
    assert_same(closed.subtract(ny(2026, 1, 1), H), ny(2021, 6, 1, 9))
    assert closed.elapsed(ny(2020, 1, 1), ny(2031, 1, 1)) == 2 * H


def test_override_beyond_the_lookahead() -> None:
    closed = Schedule({}, tz="America/New_York", overrides={"2046-06-04": "09:00-10:00"})
    with pytest.raises(
        NoOpenTimeError, match=r"^no open time from 2025-12-31 19:00:00-05:00 to 2035-12-31 19:00"
    ):
        closed.add(ny(2026, 1, 1), H)
    assert closed.is_open(ny(2046, 6, 4, 9, 30)) is True


# -- union schedules ---------------------------------------------------------------------


@pytest.fixture
def new_york_and_madrid() -> UnionSchedule:
    return Schedule(WEEKDAYS_9_TO_6, tz="America/New_York") | Schedule(
        WEEKDAYS_9_TO_6, tz="Europe/Madrid"
    )


def test_union_open_when_either_is_open(new_york_and_madrid: UnionSchedule) -> None:
    both = new_york_and_madrid
    # November: Madrid 09:00-18:00 CET (+01:00) is 03:00-12:00 EST; New York 09:00-18:00 EST.
    assert both.is_open(ny(2026, 11, 23, 2, 59, 59, 999999)) is False
    assert both.is_open(ny(2026, 11, 23, 3)) is True  # Madrid only
    assert both.is_open(ny(2026, 11, 23, 10)) is True  # both
    assert both.is_open(ny(2026, 11, 23, 12, 30)) is True  # New York only
    assert both.is_open(ny(2026, 11, 23, 18)) is False
    assert both.is_open(ny(2026, 11, 21, 10)) is False  # Saturday
    assert both.elapsed(ny(2026, 11, 23), ny(2026, 11, 24)) == 15 * H
    assert list(both.periods(ny(2026, 11, 23), ny(2026, 11, 24))) == [
        (ny(2026, 11, 23, 3), ny(2026, 11, 23, 18))
    ]
    # Friday 17:00 EST + 2 h: 1 h on Friday, then Madrid opens Monday 03:00 EST.
    result = both.add(ny(2026, 11, 20, 17), 2 * H)
    assert_same(result, ny(2026, 11, 23, 4))
    assert_same(both.subtract(ny(2026, 11, 23, 4), 2 * H), ny(2026, 11, 20, 17))
    both._check()
    for member in both.members:
        member._check()


def test_union_between_the_two_dst_changes(new_york_and_madrid: UnionSchedule) -> None:
    # Mon 2026-03-09: New York on EDT (-04:00), Madrid still on CET (+01:00) until Mar 29.
    # Madrid 09:00 CET = 08:00Z = 04:00 EDT.
    assert list(new_york_and_madrid.periods(ny(2026, 3, 9), ny(2026, 3, 10))) == [
        (ny(2026, 3, 9, 4), ny(2026, 3, 9, 18))
    ]


def test_union_results_in_first_member_zone() -> None:
    new_york = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    madrid = Schedule(WEEKDAYS_9_TO_6, tz="Europe/Madrid")
    result = (madrid | new_york).add(ny(2026, 11, 20, 17), 2 * H)
    assert_same(result, datetime.datetime(2026, 11, 23, 10, tzinfo=MADRID))
    in_utc = UnionSchedule(new_york, madrid, tz="UTC").add(ny(2026, 11, 20, 17), 2 * H)
    assert in_utc == datetime.datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert in_utc.utcoffset() == timedelta(0)
    # Naive input is read in the union's zone (Madrid): Monday 08:00 CET is closed in both.
    assert (madrid | new_york).is_open(datetime.datetime(2026, 11, 23, 8, 59)) is False
    assert (madrid | new_york).is_open(datetime.datetime(2026, 11, 23, 9)) is True


def test_union_disjoint_desks_across_the_date_line() -> None:
    new_york = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    tokyo = Schedule(WEEKDAYS_9_TO_6, tz="Asia/Tokyo")
    both = new_york | tokyo
    # Tokyo Mon 2026-11-23 09:00-18:00 JST (+09:00) is Sun 19:00 - Mon 04:00 EST, and
    # Tokyo Tuesday starts Mon 19:00 EST. Sun + Mon in New York: 9 h + 9 h + 5 h.
    assert both.is_open(ny(2026, 11, 22, 19)) is True
    assert both.is_open(ny(2026, 11, 23, 5)) is False
    assert both.elapsed(ny(2026, 11, 22), ny(2026, 11, 24)) == 23 * H
    assert_same(both.add(ny(2026, 11, 20, 17), 2 * H), ny(2026, 11, 22, 20))


def test_union_naive_policy() -> None:
    new_york = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York")
    strict = UnionSchedule(new_york, tz="Europe/Madrid", naive="reject")
    with pytest.raises(NaiveDatetimeError, match="rejects naive datetimes"):
        strict.is_open(datetime.datetime(2026, 11, 23, 16))
    assert strict.is_open(ny(2026, 11, 23, 10)) is True
    # Naive input is read in the union's own zone: 16:00 Madrid is 10:00 New York.
    assert UnionSchedule(new_york, tz="Europe/Madrid").is_open(datetime.datetime(2026, 11, 23, 16))


def test_union_flattens_and_validates() -> None:
    a = Schedule({"mon": "09:00-10:00"}, tz="UTC")
    b = Schedule({"tue": "09:00-10:00"}, tz="UTC")
    c = Schedule({"wed": "09:00-10:00"}, tz="UTC")
    assert ((a | b) | c).members == (a, b, c)
    assert (a | (b | c)).members == (a, b, c)
    assert UnionSchedule(a, b | c).members == (a, b, c)
    with pytest.raises(
        InvalidScheduleError, match=r"^union of no schedules: expected at least one"
    ):
        UnionSchedule()
    with pytest.raises(
        InvalidScheduleError, match=r"^union member 5: expected a Schedule, got int$"
    ):
        UnionSchedule(a, 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unsupported operand"):
        a | 5  # type: ignore[operator]


# -- pickling, equality, hashing, repr, immutability --------------------------------------


def _company() -> Schedule:
    return Schedule(
        {"mon-fri": ["09:00-12:00", "13:00-18:00"], "sat": "10:00-14:00"},
        tz="America/Argentina/Buenos_Aires",
        calendar=ClosedDates({date(2026, 12, 28): "Company day"}),
        overrides={"2026-12-24": "09:00-13:00", "2026-12-31": []},
        naive="reject",
    )


def test_pickle_round_trip_schedule() -> None:
    schedule = _company()
    before = pickle.dumps(schedule)
    # Ask questions over several years so the index is built for them.
    assert schedule.elapsed(ba(2026, 1, 1), ba(2029, 1, 1)) > timedelta(0)
    schedule.add(ba(2026, 12, 23, 17), "3h")
    after = pickle.dumps(schedule)
    assert len(after) == len(before)  # the built index is not pickled
    copy = pickle.loads(after)
    assert copy == schedule
    assert hash(copy) == hash(schedule)
    assert copy.naive == "reject"
    # Wed 23 17:00 + 3 h: 1 h Wed, Thu 24 half day 09:00-11:00.
    assert_same(copy.add(ba(2026, 12, 23, 17), "3h"), ba(2026, 12, 24, 11))
    # Only the company calendar: Christmas (Fri 25) is open here.
    assert_same(copy.add(ba(2026, 12, 24, 12), "2h"), ba(2026, 12, 25, 10))
    # Sat 26 13:00-14:00, then Mon 28 is the company closure, Tue 29 09:00-10:00.
    assert_same(copy.add(ba(2026, 12, 26, 13), "2h"), ba(2026, 12, 29, 10))
    copy._check()


def test_pickle_round_trip_with_country_calendar() -> None:
    schedule = Schedule(
        WEEKDAYS_9_TO_6, tz="America/New_York", calendar=country_calendar("US", subdiv="FL")
    )
    copy = pickle.loads(pickle.dumps(schedule))
    assert_same(copy.add(ny(2026, 11, 25, 16), 4 * H), ny(2026, 11, 30, 11))


def test_pickle_round_trip_union(new_york_and_madrid: UnionSchedule) -> None:
    before = pickle.dumps(new_york_and_madrid)
    new_york_and_madrid.elapsed(ny(2026, 1, 1), ny(2028, 1, 1))
    after = pickle.dumps(new_york_and_madrid)
    assert len(after) == len(before)
    copy = pickle.loads(after)
    assert copy == new_york_and_madrid
    assert hash(copy) == hash(new_york_and_madrid)
    assert_same(copy.add(ny(2026, 11, 20, 17), 2 * H), ny(2026, 11, 23, 4))
    copy._check()


def test_pickles_load_in_a_process_that_has_imported_nothing_of_slaclock() -> None:
    """A pickle names the function that rebuilds a schedule by the module that holds it (a
    module of the schedule package): a fresh process finds it, and the copies answer alike."""
    new_york = Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar={date(2026, 11, 26)})
    madrid = Schedule(WEEKDAYS_9_TO_6, tz=MADRID)  # 09:00-18:00 CET: 03:00-12:00 in New York
    values = [new_york, new_york | madrid, new_york & madrid]
    code = (
        "import pickle, sys\n"
        "assert not [name for name in sys.modules if name.startswith('slaclock')]\n"
        "copies = pickle.loads(sys.stdin.buffer.read())\n"
        "answers = [copy.add('2026-11-25 16:00', '4h') for copy in copies]\n"
        "sys.stdout.buffer.write(pickle.dumps((copies, answers)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(values), capture_output=True, check=True
    )
    copies, answers = pickle.loads(done.stdout)
    assert copies == values
    assert [type(copy) for copy in copies] == [Schedule, UnionSchedule, IntersectionSchedule]
    # Wed 25 16:00 + 4 h. New York alone: 16:00-18:00, Thanksgiving closed, Fri 27 09:00-11:00.
    assert_same(answers[0], ny(2026, 11, 27, 11))
    # Either desk: 16:00-18:00 in New York, then Madrid on Thursday from 03:00 New York time.
    assert_same(answers[1], ny(2026, 11, 26, 5))
    # Both desks: 09:00-12:00 New York time; Thursday New York is closed: Fri 27 3 h, Mon 30 1 h.
    assert_same(answers[2], ny(2026, 11, 30, 10))


def test_equality_and_hash() -> None:
    a = Schedule(WEEKDAYS_9_TO_6, tz="America/New_York", calendar={date(2026, 11, 26)})
    b = Schedule(
        {"monday-friday": "09:00-18:00"}, tz=NY, calendar=ClosedDates([date(2026, 11, 26)])
    )
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b}) == 1
    assert a != Schedule(WEEKDAYS_9_TO_6, tz="America/Chicago", calendar={date(2026, 11, 26)})
    assert a != Schedule({"mon-fri": "09:00-17:00"}, tz=NY, calendar={date(2026, 11, 26)})
    assert a != Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar={date(2026, 11, 27)})
    assert a != Schedule(
        WEEKDAYS_9_TO_6, tz=NY, calendar={date(2026, 11, 26)}, overrides={"2026-12-24": []}
    )
    assert a != Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar={date(2026, 11, 26)}, naive="reject")
    assert a != "Schedule"
    assert a != UnionSchedule(a)
    assert UnionSchedule(a) == UnionSchedule(b)
    assert hash(UnionSchedule(a)) == hash(UnionSchedule(b))


def test_equality_does_not_depend_on_questions_asked() -> None:
    # Two schedules built the same way are equal, before and after one of them is used.
    a = Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=country_calendar("US", subdiv="FL"))
    b = Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=country_calendar("US", subdiv="FL"))
    assert a == b
    a.add(ny(2026, 11, 25, 16), 4 * H)
    assert a == b


def test_equality_of_schedules_on_holidays_objects_already_used() -> None:
    """A ``holidays`` object compares by the years it has expanded: two schedules on Florida's
    holidays stay equal after one of them answered (expanding 2026), and unequal to one on
    another state's holidays even when both have expanded the same years."""
    florida = holidays.US(subdiv="FL")
    a = Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=florida)
    b = Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=holidays.US(subdiv="FL"))
    a.add(ny(2026, 11, 25, 16), 4 * H)
    assert date(2026, 11, 26) in florida
    assert a == b
    assert a == Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=florida)
    texas = holidays.US(subdiv="TX")
    assert date(2026, 11, 26) in texas
    assert a != Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar=texas)
    assert a != Schedule(WEEKDAYS_9_TO_6, tz=NY, calendar={date(2026, 11, 26)})


@pytest.mark.parametrize("combine", [UnionSchedule, IntersectionSchedule])
def test_pickling_a_union_or_an_intersection_keeps_its_zone_and_naive_policy(
    combine: type[UnionSchedule] | type[IntersectionSchedule],
) -> None:
    """Results in Madrid, naive datetimes refused: both kept through pickling."""
    members = (Schedule(WEEKDAYS_9_TO_6, tz=NY), Schedule(WEEKDAYS_9_TO_6, tz=MADRID))
    both = combine(*members, tz="Europe/Madrid", naive="reject")
    copy = pickle.loads(pickle.dumps(both))
    assert copy == both
    assert copy.tz is MADRID
    assert copy.naive == "reject"
    assert copy != combine(*members, tz="Europe/Madrid")
    assert copy != combine(*members, naive="reject")
    with pytest.raises(NaiveDatetimeError):
        copy.is_open("2026-11-23 10:00")


@pytest.mark.parametrize("year", [2, 2026, 9000])
def test_a_start_with_microseconds_keeps_them_far_from_1970(year: int) -> None:
    """Durations are whole microseconds (integers): a start with microseconds, in any year,
    moves by exactly the duration, given as a timedelta or as text."""
    desk = Schedule({"mon-sun": "00:00-24:00"}, tz="UTC")
    start = datetime.datetime(year, 3, 1, 9, 0, 0, 123_457, tzinfo=UTC)
    for duration in (timedelta(hours=1, microseconds=1), "1h0m0.000001s"):
        assert desk.add(start, duration) == start + H + US
        assert desk.subtract(start, duration) == start - H - US


REPR_NAMESPACE = {"Schedule": Schedule, "ClosedDates": ClosedDates, "datetime": datetime}


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (
            Schedule(WEEKDAYS_9_TO_6, tz="America/New_York"),
            "Schedule({'mon-fri': '09:00-18:00'}, tz='America/New_York')",
        ),
        (
            Schedule({"fri": "22:00-06:00", "sun": ["00:00-24:00"]}, tz="Asia/Kathmandu"),
            "Schedule({'fri': '22:00-06:00', 'sun': '00:00-24:00'}, tz='Asia/Kathmandu')",
        ),
        (
            _company(),
            "Schedule({'mon-fri': ['09:00-12:00', '13:00-18:00'], 'sat': '10:00-14:00'}, "
            "tz='America/Argentina/Buenos_Aires', "
            "calendar=ClosedDates({datetime.date(2026, 12, 28): 'Company day'}), "
            "overrides={'2026-12-24': '09:00-13:00', '2026-12-31': []}, naive='reject')",
        ),
    ],
)
def test_repr_reads_like_the_code_and_evals_back(schedule: Schedule, text: str) -> None:
    assert repr(schedule) == text
    assert eval(repr(schedule), REPR_NAMESPACE) == schedule


def test_union_repr_evals_back(new_york_and_madrid: UnionSchedule) -> None:
    text = repr(new_york_and_madrid)
    assert text == (
        "UnionSchedule(Schedule({'mon-fri': '09:00-18:00'}, tz='America/New_York'), "
        "Schedule({'mon-fri': '09:00-18:00'}, tz='Europe/Madrid'), tz='America/New_York')"
    )
    assert eval(text, {**REPR_NAMESPACE, "UnionSchedule": UnionSchedule}) == new_york_and_madrid


@pytest.mark.parametrize("name", ["tz", "hours", "calendar", "overrides", "naive", "new_attribute"])
def test_schedule_is_immutable(desk: Schedule, name: str) -> None:
    with pytest.raises(AttributeError, match=f"Schedule is immutable: cannot set '{name}'"):
        setattr(desk, name, None)


@pytest.mark.parametrize("name", ["tz", "members", "naive"])
def test_union_is_immutable(new_york_and_madrid: UnionSchedule, name: str) -> None:
    with pytest.raises(AttributeError, match=f"UnionSchedule is immutable: cannot set '{name}'"):
        setattr(new_york_and_madrid, name, None)


@pytest.mark.parametrize("name", ["tz", "hours"])
def test_schedule_attributes_cannot_be_deleted(desk: Schedule, name: str) -> None:
    with pytest.raises(AttributeError):
        delattr(desk, name)


def test_schedule_overrides_cannot_be_mutated() -> None:
    schedule = Schedule(WEEKDAYS_9_TO_6, tz=NY, overrides={"2026-12-24": "09:00-13:00"})
    with pytest.raises(TypeError):
        schedule.overrides[date(2026, 12, 25)] = ()  # type: ignore[index]


def test_naive_policy_validated() -> None:
    with pytest.raises(
        InvalidScheduleError,
        match=r"^naive='bogus': expected 'assume' \(read naive datetimes in the schedule's zone\)"
        r" or 'reject'$",
    ):
        Schedule(WEEKDAYS_9_TO_6, tz=NY, naive="bogus")  # type: ignore[arg-type]


# -- survivors of mutation testing: messages, edges of the supported years, round trips -----


@pytest.mark.parametrize("name", ["tz", "hours"])
def test_deleting_an_attribute_names_it(desk: Schedule, name: str) -> None:
    with pytest.raises(AttributeError, match=f"^Schedule is immutable: cannot delete '{name}'$"):
        delattr(desk, name)


def test_the_first_and_the_last_instants_of_the_supported_years() -> None:
    always = Schedule({"mon-sun": "00:00-24:00"}, tz="UTC")
    assert always.is_open(datetime.datetime(2, 1, 1, tzinfo=UTC))
    assert always.is_open(datetime.datetime(9998, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))
    outside = "is outside the years slaclock supports: expected 2 to 9998"
    with pytest.raises(OutOfRangeError, match=f"^9999-01-01 00:00:00\\+00:00 {outside}$"):
        always.is_open(datetime.datetime(9999, 1, 1, tzinfo=UTC))
    with pytest.raises(OutOfRangeError, match=f"^0001-12-31 23:59:59.999999\\+00:00 {outside}$"):
        always.is_open(datetime.datetime(1, 12, 31, 23, 59, 59, 999999, tzinfo=UTC))


def test_an_instant_outside_the_years_is_named_as_given_and_in_utc() -> None:
    # A naive wall time is shown with the zone it is read in, and the UTC instant it is (the
    # supported years are UTC years); an aware one as given, with its UTC instant if it differs.
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    outside = "is outside the years slaclock supports: expected 2 to 9998"
    message = f"9998-12-31 22:00:00 in America/New_York (9999-01-01 03:00:00 UTC) {outside}"
    with pytest.raises(OutOfRangeError, match=f"^{re.escape(message)}$"):
        desk.is_open("9998-12-31 22:00")
    late = datetime.datetime(9998, 12, 31, 22, tzinfo=datetime.timezone(timedelta(hours=-5)))
    message = f"9998-12-31 22:00:00-05:00 (9999-01-01 03:00:00 UTC) {outside}"
    with pytest.raises(OutOfRangeError, match=f"^{re.escape(message)}$"):
        desk.is_open(late)


def test_periods_and_business_days_between_an_instant_and_itself() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    assert list(desk.periods("2026-11-23 10:00", "2026-11-23 10:00")) == []
    assert desk.days_between("2026-11-23 10:00", "2026-11-23 10:00") == 0
    message = (
        "periods from 2026-11-23 10:00 to 2026-11-23 09:00: expected an end at or after the start"
    )
    with pytest.raises(InvalidDatetimeError, match=f"^{re.escape(message)}$"):
        list(desk.periods("2026-11-23 10:00", "2026-11-23 09:00"))


def test_pickle_round_trip_with_breaks_and_a_repr_of_touching_intervals() -> None:
    # Breaks survive a round trip; intervals that touch stay as written in the repr (which
    # reads back), not joined into one.
    schedule = Schedule(
        {"mon-fri": "09:00-18:00"}, tz="America/New_York", breaks={"mon-fri": "13:00-14:00"}
    )
    copy = pickle.loads(pickle.dumps(schedule))
    assert copy == schedule
    assert copy.breaks == schedule.breaks
    assert not copy.is_open("2026-11-23 13:30")
    plain = Schedule({"mon": ["09:00-12:00", "12:00-18:00"]}, tz="UTC")
    assert repr(plain) == "Schedule({'mon': ['09:00-12:00', '12:00-18:00']}, tz='UTC')"


def test_pickle_round_trip_with_breaks_and_touching_intervals() -> None:
    # the hours are kept as written: putting the breaks back would join the intervals that
    # touch, and the copy's hours would be spelled otherwise
    schedule = Schedule(
        {"mon-fri": ["09:00-12:00", "12:00-18:00"]},
        tz="America/New_York",
        breaks={"mon-fri": "13:00-14:00"},
    )
    copy = pickle.loads(pickle.dumps(schedule))
    assert copy == schedule
    assert copy.hours == schedule.hours
    assert repr(schedule) == (
        "Schedule({'mon-fri': ['09:00-12:00', '12:00-18:00']}, tz='America/New_York', "
        "breaks={'mon-fri': '13:00-14:00'})"
    )
    assert eval(repr(schedule), {"Schedule": Schedule}) == schedule


def test_naive_times_on_the_days_the_offset_changes() -> None:
    # 8 March 2026, 02:00 EST -> 03:00 EDT: before the change -05:00, after it -04:00.
    desk = Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")
    assert desk.instant("2026-03-08 01:00") == desk.instant("2026-03-08 06:00:00+00:00")
    assert desk.instant("2026-03-08 10:00") == desk.instant("2026-03-08 14:00:00+00:00")
    assert desk.elapsed("2026-03-08 00:00", "2026-03-09 00:00") == 23 * H
