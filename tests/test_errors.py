"""The error hierarchy, and one table of every way bad input fails, with its message."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import slaclock
from slaclock import (
    InvalidCalendarError,
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidHoursError,
    InvalidScheduleError,
    NaiveDatetimeError,
    NonexistentTimeError,
    NoOpenTimeError,
    OutOfRangeError,
    Schedule,
    SlaclockError,
    UnionSchedule,
    UnknownZoneError,
)

NY = ZoneInfo("America/New_York")
WEEKDAYS = {"mon-fri": "09:00-18:00"}
DESK = Schedule(WEEKDAYS, tz="America/New_York")
TOKYO = Schedule(WEEKDAYS, tz="Asia/Tokyo")
STRICT = Schedule(WEEKDAYS, tz="America/New_York", naive="reject")
CLOSED = Schedule({}, tz="America/New_York")
OUT_OF_RANGE = "is outside the years slaclock supports: expected 2 to 9998"


@pytest.mark.parametrize(
    ("error", "parents"),
    [
        (SlaclockError, (Exception,)),
        (InvalidScheduleError, (SlaclockError, ValueError)),
        (InvalidHoursError, (InvalidScheduleError, SlaclockError, ValueError)),
        (UnknownZoneError, (SlaclockError, ValueError)),
        (InvalidCalendarError, (SlaclockError, ValueError)),
        (InvalidDatetimeError, (SlaclockError, ValueError)),
        (NaiveDatetimeError, (InvalidDatetimeError, SlaclockError, ValueError)),
        (NonexistentTimeError, (InvalidDatetimeError, SlaclockError, ValueError)),
        (InvalidDurationError, (SlaclockError, ValueError)),
        (NoOpenTimeError, (SlaclockError, ValueError)),
        (OutOfRangeError, (SlaclockError, ValueError)),
    ],
)
def test_hierarchy(error: type[Exception], parents: tuple[type[Exception], ...]) -> None:
    for parent in parents:
        assert issubclass(error, parent)
    assert getattr(slaclock, error.__name__) is error
    assert error.__name__ in slaclock.__all__


def test_unrelated_errors_are_not_confused() -> None:
    assert not issubclass(NaiveDatetimeError, InvalidDurationError)
    assert not issubclass(InvalidHoursError, InvalidCalendarError)
    assert not issubclass(UnknownZoneError, InvalidScheduleError)
    assert not issubclass(SlaclockError, ValueError)


ERRORS = [
    # construction
    pytest.param(
        lambda: Schedule({"mon-fri": "9-17"}, tz="America/New_York"),
        InvalidHoursError,
        "opening time '9' for 'mon-fri': expected HH:MM between 00:00 and 24:00",
        id="hours-9-17",
    ),
    pytest.param(
        lambda: Schedule({"mon": "25:00-26:00"}, tz="UTC"),
        InvalidHoursError,
        "opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00",
        id="hours-25:00",
    ),
    pytest.param(
        lambda: Schedule({"mon-fry": "09:00-18:00"}, tz="UTC"),
        InvalidHoursError,
        "unknown day 'fry' in key 'mon-fry': did you mean 'fri'? (expected mon, tue, wed, thu, "
        "fri, sat, sun, a range such as 'mon-fri' or a list such as 'sat,sun')",
        id="unknown-day",
    ),
    pytest.param(
        lambda: Schedule({"mon": ["09:00-12:00", "11:00-13:00"]}, tz="UTC"),
        InvalidHoursError,
        "intervals '09:00-12:00' and '11:00-13:00' for 'mon' overlap: expected separate "
        "intervals, or one interval covering both",
        id="overlap",
    ),
    pytest.param(
        lambda: Schedule({"mon": "17:00-17:00", "tue": "09:00-18:00"}, tz="UTC"),
        InvalidHoursError,
        "overnight interval '17:00-17:00' for 'mon' overlaps '09:00-18:00' for 'tue': expected "
        "the shift to end by the next day's first opening",
        id="day-long-shift-overlap",
    ),
    pytest.param(
        lambda: Schedule(WEEKDAYS, tz="Mars/Olympus_Mons"),
        UnknownZoneError,
        "unknown time zone 'Mars/Olympus_Mons': expected an IANA zone name such as "
        "'America/New_York'",
        id="unknown-zone",
    ),
    pytest.param(
        lambda: Schedule(WEEKDAYS, tz="UTC", calendar=42),
        InvalidCalendarError,
        "calendar 42: expected an object that answers `day in calendar` (a holidays object, "
        "a set of dates, a dateutil rrule), got int",
        id="calendar-type",
    ),
    pytest.param(
        lambda: slaclock.country_calendar("XX"),
        InvalidCalendarError,
        "unknown country 'XX': expected an ISO 3166-1 alpha-2 code that the holidays package "
        "supports, such as 'US', 'AR', 'MX'",
        id="unknown-country",
    ),
    pytest.param(
        lambda: Schedule(WEEKDAYS, tz="UTC", naive="maybe"),
        InvalidScheduleError,
        "naive='maybe': expected 'assume' (read naive datetimes in the schedule's zone) or "
        "'reject'",
        id="naive-policy",
    ),
    pytest.param(
        lambda: UnionSchedule(),
        InvalidScheduleError,
        "union of no schedules: expected at least one Schedule",
        id="empty-union",
    ),
    # instants
    pytest.param(
        lambda: DESK.add("next tuesday", "1h"),
        InvalidDatetimeError,
        "'next tuesday' is not an ISO 8601 date-time: expected e.g. '2026-11-20 17:30' or "
        "'2026-11-20T17:30:00-05:00'",
        id="iso-garbage",
    ),
    pytest.param(
        lambda: DESK.is_open(1_767_225_600),
        InvalidDatetimeError,
        "1767225600 is not an instant: expected a datetime or an ISO 8601 string, got int",
        id="instant-int",
    ),
    pytest.param(
        lambda: DESK.next_open(date(2026, 11, 20)),
        InvalidDatetimeError,
        "datetime.date(2026, 11, 20) is not an instant: expected a datetime or an ISO 8601 "
        "string, got date",
        id="instant-date",
    ),
    pytest.param(
        lambda: STRICT.elapsed(datetime(2026, 11, 20, 17, 30), datetime(2026, 11, 23, tzinfo=UTC)),
        NaiveDatetimeError,
        "naive datetime 2026-11-20 17:30:00 has no time zone and this schedule rejects naive "
        "datetimes: expected an aware datetime (tzinfo set)",
        id="naive-rejected",
    ),
    pytest.param(
        lambda: DESK.is_open(datetime(2026, 3, 8, 2, 30)),
        NonexistentTimeError,
        "2026-03-08 02:30:00 does not exist in America/New_York (skipped by a daylight-saving "
        "change): give an aware datetime or a wall time that exists",
        id="nonexistent",
    ),
    pytest.param(
        lambda: list(DESK.periods("2026-11-23", "2026-11-20")),
        InvalidDatetimeError,
        "periods from 2026-11-23 to 2026-11-20: expected an end at or after the start",
        id="periods-reversed",
    ),
    # durations
    pytest.param(
        lambda: DESK.add(datetime(2026, 11, 23, 12, tzinfo=NY), timedelta(hours=-1)),
        InvalidDurationError,
        "duration -1h is negative: expected 0 or more",
        id="negative",
    ),
    pytest.param(
        lambda: DESK.add(datetime(2026, 11, 23, 12, tzinfo=NY), "2bd"),
        InvalidDurationError,
        "duration '2bd' is a number of business days, not a length of time: expected hours, "
        "minutes or seconds such as '4h'",
        id="business-days",
    ),
    pytest.param(
        lambda: DESK.subtract(datetime(2026, 11, 23, 12, tzinfo=NY), "a while"),
        InvalidDurationError,
        "duration 'a while' is not understood: expected hours, minutes and seconds such as "
        "'4h', '90m', '1h30m', '45s', or business days such as '2bd'",
        id="garbage",
    ),
    # no open time
    pytest.param(
        lambda: CLOSED.add(datetime(2026, 6, 1, tzinfo=NY), "1h"),
        NoOpenTimeError,
        "no open time from 2025-12-31 19:00:00-05:00 to 2035-12-31 19:00:00-05:00: the "
        "schedule's hours, calendar and overrides leave no time open, and the search after the "
        "given instant stops after 10 years without open time",
        id="no-open-time",
    ),
    # range
    pytest.param(
        lambda: DESK.is_open(datetime(1, 6, 1, tzinfo=UTC)),
        OutOfRangeError,
        f"0001-06-01 00:00:00+00:00 {OUT_OF_RANGE}",
        id="year-1",
    ),
    pytest.param(
        lambda: DESK.is_open(datetime(9999, 6, 1, tzinfo=UTC)),
        OutOfRangeError,
        f"9999-06-01 00:00:00+00:00 {OUT_OF_RANGE}",
        id="year-9999",
    ),
    pytest.param(
        lambda: DESK.add(datetime(9998, 12, 31, 12, tzinfo=UTC), "100h"),
        OutOfRangeError,
        "100h of open time after 9998-12-31 07:00:00-05:00 ends after "
        "9998-12-31 19:00:00-05:00, the end of the years slaclock supports: expected 2 to 9998",
        id="add-past-9998",
    ),
    pytest.param(
        lambda: DESK.subtract(datetime(2, 1, 2, 12, tzinfo=UTC), "100h"),
        OutOfRangeError,
        "100h of open time before 0002-01-02 07:03:58-04:56:02 ends before "
        "0001-12-31 19:03:58-04:56:02, the start of the years slaclock supports: "
        "expected 2 to 9998",
        id="subtract-before-2",
    ),
    pytest.param(
        lambda: DESK.elapsed(datetime(1, 12, 31, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)),
        OutOfRangeError,
        f"0001-12-31 00:00:00+00:00 {OUT_OF_RANGE}",
        id="elapsed-from-year-1",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), ERRORS)
def test_error_messages(call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        call()


@pytest.mark.parametrize(
    ("schedule", "value"),
    [
        pytest.param(TOKYO, datetime(1, 1, 1), id="naive-year-1-tokyo"),
        pytest.param(TOKYO, "0001-01-01T00:00", id="text-year-1-tokyo"),
        pytest.param(DESK, datetime(9999, 12, 31, 23), id="naive-year-9999-new-york"),
        pytest.param(DESK, datetime(1, 1, 1), id="naive-year-1-new-york"),
    ],
)
def test_naive_input_outside_the_range_is_out_of_range(schedule: Schedule, value) -> None:
    # Naive wall times whose UTC instant falls outside years 2..9998 are OutOfRangeError like
    # aware ones, not a bare OverflowError from datetime arithmetic.
    with pytest.raises(OutOfRangeError, match=OUT_OF_RANGE):
        schedule.is_open(value)


def test_supported_range_edges_work() -> None:
    assert DESK.is_open(datetime(2, 6, 1, tzinfo=UTC)) in (True, False)
    start = datetime(9998, 6, 1, 12, tzinfo=UTC)
    result = DESK.add(start, "9h")
    assert result.year == 9998
    assert DESK.elapsed(start, result) == timedelta(hours=9)
    DESK._check()


def test_errors_can_be_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match="not understood"):
        DESK.add(datetime(2026, 11, 23, 12, tzinfo=NY), "soon")
    with pytest.raises(SlaclockError):
        DESK.is_open(datetime(2026, 3, 8, 2, 30))
