"""Business days, boundaries and closures: table tests at the edges (tests/property/ holds the
random ones against the model)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from itertools import islice

import numpy as np
import pytest

import slaclock
from slaclock.schedule import Closure

U = timedelta(microseconds=1)
DESK = slaclock.Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=slaclock.ClosedDates({date(2026, 11, 26): "Thanksgiving"}),
    overrides={date(2026, 11, 27): "09:00-13:00", date(2026, 12, 31): []},
)
NIGHT = slaclock.Schedule({"mon-fri": "22:00-06:00"}, tz="America/New_York")
ALWAYS = slaclock.Schedule({"mon-sun": "00:00-24:00"}, tz="UTC")


def s(value: datetime) -> str:
    return str(value)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-11-23 10:00", 0, "2026-11-23 10:00:00-05:00"),
        ("2026-11-22 10:00", 0, "2026-11-23 09:00:00-05:00"),  # Sunday: next_open
        ("2026-11-20 10:00", 1, "2026-11-23 10:00:00-05:00"),  # over the weekend
        ("2026-11-25 10:00", 1, "2026-11-27 10:00:00-05:00"),  # over Thanksgiving
        ("2026-11-25 15:00", 1, "2026-11-30 09:00:00-05:00"),  # the half day closed at 15:00
        ("2026-11-30 15:00", -1, "2026-11-30 09:00:00-05:00"),  # ...going back too
        ("2026-11-30 12:00", -1, "2026-11-27 12:00:00-05:00"),
        (
            "2026-11-23 18:00",
            1,
            "2026-11-25 09:00:00-05:00",
        ),  # a closing counts from the next opening
        ("2026-11-23 09:00", -5, "2026-11-16 09:00:00-05:00"),
        ("2026-12-30 10:00", 1, "2027-01-01 10:00:00-05:00"),  # New Year's Eve closed
    ],
)
def test_add_days_on_a_desk(start: str, days: int, expected: str) -> None:
    assert s(DESK.add_days(start, days)) == expected


def test_add_days_on_night_shifts_counts_the_morning_after() -> None:
    # Friday's 22:00-06:00 shift makes Saturday a business day (it has open time).
    assert s(NIGHT.add_days("2026-11-20 03:00", 1)) == "2026-11-21 03:00:00-05:00"
    assert s(NIGHT.add_days("2026-11-20 23:00", 1)) == "2026-11-23 22:00:00-05:00"
    assert NIGHT.days_between("2026-11-20 23:00", "2026-11-23 22:00") == 1


def test_add_days_keeps_the_wall_time_across_a_change_of_offset() -> None:
    desk = slaclock.Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")
    assert s(desk.add_days("2026-03-07 12:00", 1)) == "2026-03-08 12:00:00-04:00"
    # 02:30 does not exist on 8 March: read as 02:30 EST, that is 03:30 EDT
    assert s(desk.add_days("2026-03-07 02:30", 1)) == "2026-03-08 03:30:00-04:00"


def test_days_between_is_signed_and_counts_whole_days() -> None:
    assert DESK.days_between("2026-11-23 10:00", "2026-11-23 17:00") == 0
    assert DESK.days_between("2026-11-23 10:00", "2026-11-24 10:00") == 1
    assert DESK.days_between("2026-11-23 10:00", from_text("2026-11-24 10:00") - U) == 0
    assert DESK.days_between("2026-11-23 10:00", "2026-11-30 10:00") == 4  # Thanksgiving closed
    assert DESK.days_between("2026-11-30 10:00", "2026-11-23 10:00") == -4
    assert DESK.days_between("2026-11-21 10:00", "2026-11-22 10:00") == 0  # a weekend


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=DESK.tz)


@pytest.mark.parametrize("step", [-1, 0, 1])
def test_boundaries_at_an_opening_and_a_closing(step: int) -> None:
    opening = from_text("2026-11-23 09:00") + step * U
    closing = from_text("2026-11-23 18:00") + step * U
    monday_open, monday_close = from_text("2026-11-23 09:00"), from_text("2026-11-23 18:00")
    friday_open, friday_close = from_text("2026-11-20 09:00"), from_text("2026-11-20 18:00")
    assert DESK.previous_open(opening) == (friday_open if step < 0 else monday_open)
    assert DESK.previous_close(opening) == friday_close
    assert DESK.next_close(opening) == monday_close
    assert DESK.previous_open(closing) == monday_open
    assert DESK.previous_close(closing) == (friday_close if step < 0 else monday_close)
    tuesday_close = from_text("2026-11-24 18:00")
    assert DESK.next_close(closing) == (monday_close if step < 0 else tuesday_close)


def test_boundaries_join_a_shift_across_new_year() -> None:
    madrid = slaclock.Schedule({"mon-sun": "22:00-06:00"}, tz="Europe/Madrid")
    assert s(madrid.next_close("2026-12-31 23:30")) == "2027-01-01 06:00:00+01:00"
    assert s(madrid.previous_open("2027-01-01 03:00")) == "2026-12-31 22:00:00+01:00"
    assert s(madrid.previous_close("2027-01-01 03:00")) == "2026-12-31 06:00:00+01:00"
    found = [(s(a), s(b)) for a, b in islice(madrid.periods_before("2027-01-01 03:00"), 2)]
    assert found == [
        ("2026-12-31 22:00:00+01:00", "2027-01-01 03:00:00+01:00"),
        ("2026-12-30 22:00:00+01:00", "2026-12-31 06:00:00+01:00"),
    ]


def test_closure_names_why_and_until_when() -> None:
    assert DESK.closure("2026-11-23 10:00") is None
    assert DESK.closure("2026-11-23 18:00") == Closure(
        "outside hours", date(2026, 11, 23), from_text("2026-11-24 09:00")
    )
    # 20:00 in New York is 01:00 UTC the next day: the reason concerns the local date.
    assert DESK.closure("2026-11-23 20:00") == Closure(
        "outside hours", date(2026, 11, 23), from_text("2026-11-24 09:00")
    )
    assert DESK.closure("2026-11-26 10:00") == Closure(
        "holiday",
        date(2026, 11, 26),
        from_text("2026-11-30 09:00") - timedelta(days=3),
        "Thanksgiving",
    )
    assert DESK.closure("2026-11-27 14:00") == Closure(
        "override", date(2026, 11, 27), from_text("2026-11-30 09:00")
    )
    assert DESK.closure("2026-12-31 10:00") == Closure(
        "override", date(2026, 12, 31), from_text("2027-01-01 09:00")
    )
    assert DESK.closure("2026-11-28 10:00") == Closure(
        "closed weekday", date(2026, 11, 28), from_text("2026-11-30 09:00"), "saturday"
    )


def test_closure_blames_the_holiday_that_closed_a_night_shift() -> None:
    night = slaclock.Schedule(
        {"mon-fri": "22:00-06:00"},
        tz="America/New_York",
        calendar=slaclock.ClosedDates({date(2026, 11, 26): "Thanksgiving"}),
    )
    found = night.closure("2026-11-27 03:00")  # Thursday's shift, closed by Thanksgiving
    assert found is not None
    assert (found.reason, found.day, found.name) == ("holiday", date(2026, 11, 26), "Thanksgiving")


def test_closure_repr_reads_like_code() -> None:
    found = DESK.closure("2026-11-28 10:00")
    assert repr(found) == (
        "Closure(reason='closed weekday', day=datetime.date(2026, 11, 28), "
        "until=datetime.datetime(2026, 11, 30, 9, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York')), "
        "name='saturday', ends=None)"
    )
    with pytest.raises(AttributeError):
        found.reason = "holiday"  # type: ignore[misc, union-attr]


def test_bad_business_days_are_refused_with_the_value() -> None:
    with pytest.raises(
        slaclock.InvalidDurationError, match=r"business days 2\.0: expected a whole number"
    ):
        DESK.add_days("2026-11-23 10:00", 2.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="business days True"):
        DESK.add_days("2026-11-23 10:00", True)


def test_answers_beyond_the_supported_years_are_out_of_range() -> None:
    with pytest.raises(
        slaclock.OutOfRangeError,
        match=r"^5 business days from 9998-12-30 10:00:00-05:00 end outside the years slaclock supports: expected 2 to 9998$",
    ):
        DESK.add_days("9998-12-30 10:00", 5)
    with pytest.raises(slaclock.OutOfRangeError, match=r"^-1 business day from 0002-01-01"):
        ALWAYS.add_days("0002-01-01 10:00", -1)
    with pytest.raises(slaclock.OutOfRangeError, match="no closing after 9995-01-01 00:00:00"):
        ALWAYS.next_close("9995-01-01")
    with pytest.raises(slaclock.OutOfRangeError, match="no closing at or before 0002-01-01"):
        DESK.previous_close("0002-01-01 12:00")
    with pytest.raises(slaclock.OutOfRangeError, match="outside the years slaclock supports"):
        DESK.closure("9999-01-01 12:00")
    assert len(list(DESK.periods_before("0002-01-05 12:00"))) == 4  # ends with the years
    with pytest.raises(slaclock.OutOfRangeError, match=r"^10000000 business days from 2026"):
        DESK.add_days("2026-11-23 10:00", 10_000_000)  # refused at once, no walk


def test_a_schedule_open_throughout_has_no_closing_within_the_look_ahead() -> None:
    with pytest.raises(
        slaclock.NoOpenTimeError,
        match=r"^closing after 2026-01-01 00:00:00\+00:00: no closing from 2026-01-01 00:00:00"
        r"\+00:00 to 2036-01-01 00:00:00\+00:00 \(the schedule is open throughout, or closed "
        r"throughout\)",
    ):
        ALWAYS.next_close("2026-01-01")
    with pytest.raises(slaclock.NoOpenTimeError, match="no opening from 2017-01-01 00:00:00"):
        next(ALWAYS.periods_before("2026-01-01"))


def test_columns_name_the_position_of_a_refused_value() -> None:
    starts = np.array(["2026-11-23T15:00", "9998-12-30T15:00"], dtype="datetime64[us]")
    with pytest.raises(slaclock.OutOfRangeError, match=r"^position 1: 5 business days"):
        DESK.add_days_many(starts, 5)
    with pytest.raises(
        slaclock.InvalidDurationError, match="expected a whole number, or a column of 2"
    ):
        DESK.add_days_many(starts, [1.5, 2])
    found = DESK.add_days_many(starts, np.array([1, -1]))
    assert list(found.astype(str)) == ["2026-11-24T15:00:00.000000", "9998-12-29T15:00:00.000000"]


def test_breaks_are_taken_out_of_the_weekly_hours() -> None:
    lunch = slaclock.Schedule(
        {"mon-thu": "09:00-18:00", "fri": "09:00-14:00"},
        tz="America/New_York",
        breaks={"mon-thu": "13:00-14:00", "fri": ["10:00-10:15", "12:00-12:30"]},
        overrides={"2026-11-25": "09:00-18:00"},
    )
    written = slaclock.Schedule(
        {
            "mon-thu": ["09:00-13:00", "14:00-18:00"],
            "fri": ["09:00-10:00", "10:15-12:00", "12:30-14:00"],
        },
        tz="America/New_York",
        overrides={"2026-11-25": "09:00-18:00"},
    )
    assert lunch.hours == written.hours
    for start in ("2026-11-23 12:00", "2026-11-25 12:00", "2026-11-27 09:30"):
        assert lunch.add(start, "3h") == written.add(start, "3h")
    assert s(lunch.add("2026-11-25 12:00", "2h")) == "2026-11-25 14:00:00-05:00"  # no break
    assert repr(lunch) == (
        "Schedule({'mon-thu': '09:00-18:00', 'fri': '09:00-14:00'}, tz='America/New_York', "
        "overrides={'2026-11-25': '09:00-18:00'}, "
        "breaks={'mon-thu': '13:00-14:00', 'fri': ['10:00-10:15', '12:00-12:30']})"
    )
    assert eval(repr(lunch), {"Schedule": slaclock.Schedule}) == lunch
    assert lunch != written  # the same hours, written differently


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (
            {"sat": "13:00-14:00"},
            "break '13:00-14:00' for 'sat': expected a break inside one of that day's "
            "intervals, and 'sat' has none",
        ),
        (
            {"mon-fri": "17:00-19:00"},
            "break '17:00-19:00' for 'mon': expected a break inside one of that day's "
            "intervals, and its intervals are '09:00-18:00'",
        ),
        ({"mon": "25:00-26:00"}, "opening time '25:00' for 'mon': expected HH:MM"),
    ],
)
def test_bad_breaks_are_refused_naming_them(breaks: dict[str, str], message: str) -> None:
    with pytest.raises(slaclock.InvalidHoursError, match=f"^{re.escape(message)}"):
        slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="UTC", breaks=breaks)


def test_a_break_in_an_overnight_shift_ends_before_midnight() -> None:
    night = slaclock.Schedule(
        {"mon-fri": "22:00-06:00"}, tz="UTC", breaks={"mon-fri": "23:00-23:30"}
    )
    assert night.hours.days[0] == (
        slaclock.Interval(79200, 82800),
        slaclock.Interval(84600, 108000),
    )
    with pytest.raises(
        slaclock.InvalidHoursError,
        match=re.escape(
            "break '23:30-24:00' for 'mon' runs to midnight or past it inside the overnight "
            "shift '22:00-06:00': expected a break that ends before 24:00"
        ),
    ):
        slaclock.Schedule({"mon-fri": "22:00-06:00"}, tz="UTC", breaks={"mon-fri": "23:30-24:00"})


def test_a_24_hour_shift_starting_mid_day_is_a_full_day() -> None:
    shifts = slaclock.Schedule(
        {"mon,wed": "17:00-17:00"}, tz="America/New_York", calendar={date(2026, 11, 25)}
    )
    assert repr(shifts) == (
        "Schedule({'mon': '17:00-17:00', 'wed': '17:00-17:00'}, tz='America/New_York', "
        "calendar=ClosedDates({datetime.date(2026, 11, 25): None}))"
    )
    found = [(s(a), s(b)) for a, b in shifts.periods("2026-11-23", "2026-11-30")]
    assert found == [("2026-11-23 17:00:00-05:00", "2026-11-24 17:00:00-05:00")]  # Wed closed
    assert s(shifts.add("2026-11-23 18:00", "23h")) == "2026-11-24 17:00:00-05:00"
    assert shifts.days_between("2026-11-23 17:00", "2026-11-24 16:00") == 0
    assert slaclock.Schedule({"mon-sun": "00:00-00:00"}, tz="UTC").hours == (
        slaclock.Schedule({"mon-sun": "00:00-24:00"}, tz="UTC").hours
    )
    # day after day, each shift starting where the last one ended: one stretch of open time
    daily = slaclock.Schedule({"mon-fri": "17:00-17:00"}, tz="UTC")
    assert s(daily.next_close("2026-11-23 18:00")) == "2026-11-28 17:00:00+00:00"
    assert s(daily.previous_open("2026-11-27 18:00")) == "2026-11-23 17:00:00+00:00"


def test_business_days_land_on_the_first_instant_and_not_past_the_last() -> None:
    # Open throughout in UTC: a day before 2 January of year 2 is its first instant, inside;
    # a day after 31 December 9998 is 9999-01-01 00:00 UTC, outside.
    assert s(ALWAYS.add_days("0002-01-02 00:00", -1)) == "0002-01-01 00:00:00+00:00"
    with pytest.raises(
        slaclock.OutOfRangeError,
        match=r"^1 business day from 9998-12-31 00:00:00\+00:00 end outside the years",
    ):
        ALWAYS.add_days("9998-12-31 00:00", 1)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        # evenings in New York are the next day in UTC: the days counted are local dates
        ("2026-11-23 20:00", "2026-11-24 23:30", 0),  # counted from Tue 09:00: no whole day
        ("2026-11-23 20:00", "2026-11-25 09:00", 1),
        ("2026-11-23 10:00", "2026-11-24 23:30", 1),
        ("2026-11-24 23:30", "2026-11-23 10:00", -1),
        ("2026-11-25 19:30", "2026-12-01 19:30", 2),  # from Fri 27 09:00: Mon 30, Tue 1
    ],
)
def test_days_between_counts_local_dates(start: str, end: str, days: int) -> None:
    assert DESK.days_between(start, end) == days
    assert DESK.days_between(end, start) == -days


def test_no_opening_or_closing_before_the_first_year_names_the_local_instant() -> None:
    desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    years = "within the years slaclock supports: expected 2 to 9998"
    for question, what in ((desk.previous_open, "opening"), (desk.previous_close, "closing")):
        message = f"no {what} at or before 0002-01-01 05:00:00-04:56:02 {years}"
        with pytest.raises(slaclock.OutOfRangeError, match=f"^{re.escape(message)}$"):
            question("0002-01-01 05:00")
