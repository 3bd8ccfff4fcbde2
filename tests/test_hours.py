"""Weekly hours, intervals and overrides: what parses, what it means, and every error message."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import pytest

from slaclock import Interval, InvalidHoursError, InvalidScheduleError, Schedule, WeeklyHours
from slaclock.hours import (
    parse_day_key,
    parse_intervals,
    parse_overrides,
    with_breaks,
    without_breaks,
)

HOUR = 3600
DAY = 86_400


# -- intervals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "overnight", "shown"),
    [
        ("09:00-18:00", 9 * HOUR, 18 * HOUR, False, "09:00-18:00"),
        ("22:00-06:00", 22 * HOUR, DAY + 6 * HOUR, True, "22:00-06:00"),
        ("00:00-24:00", 0, DAY, False, "00:00-24:00"),
        ("18:00-24:00", 18 * HOUR, DAY, False, "18:00-24:00"),
        ("22:00-00:00", 22 * HOUR, DAY, False, "22:00-24:00"),  # midnight closing = 24:00
        ("23:59-00:01", 23 * HOUR + 59 * 60, DAY + 60, True, "23:59-00:01"),
        ("10:00-09:59", 10 * HOUR, DAY + 9 * HOUR + 59 * 60, True, "10:00-09:59"),
        ("09:00:30-17:15:45", 9 * HOUR + 30, 17 * HOUR + 15 * 60 + 45, False, "09:00:30-17:15:45"),
        (" 09:00 - 18:00 ", 9 * HOUR, 18 * HOUR, False, "09:00-18:00"),
        ("00:00-00:00:01", 0, 1, False, "00:00-00:00:01"),
        # A closing time equal to the opening time is a 24-hour shift from it (docs/schedules.md).
        ("17:00-17:00", 17 * HOUR, DAY + 17 * HOUR, True, "17:00-17:00"),
        ("00:00-00:00", 0, DAY, False, "00:00-24:00"),
    ],
)
def test_interval_parse(text: str, start: int, end: int, overnight: bool, shown: str) -> None:
    interval = Interval.parse(text)
    assert (interval.start, interval.end) == (start, end)
    assert interval.overnight is overnight
    assert interval.seconds == end - start
    assert str(interval) == shown
    assert repr(interval) == f"Interval({shown!r})"
    # The repr reads like the code that builds the interval.
    assert eval(repr(interval), {"Interval": Interval.parse}) == interval
    assert Interval.parse(str(interval)) == interval


def test_interval_order_and_hash() -> None:
    early, late = Interval.parse("09:00-12:00"), Interval.parse("13:00-17:00")
    assert sorted([late, early]) == [early, late]
    assert hash(Interval.parse("09:00-12:00")) == hash(early)
    assert {early, Interval.parse("09:00-12:00")} == {early}


def test_interval_is_immutable() -> None:
    interval = Interval.parse("09:00-18:00")
    with pytest.raises(AttributeError):
        interval.start = 0  # type: ignore[misc]


INTERVAL_ERRORS = [
    ("25:00-26:00", "opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:00-25:00", "closing time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("9-17", "opening time '9' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:00-17", "closing time '17' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:60-18:00", "opening time '09:60' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:00:60-18:00", "opening time '09:00:60' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:00-24:01", "closing time '24:01' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("09:00-24:00:01", "closing time '24:00:01' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("009:00-18:00", "opening time '009:00' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("ab:cd-18:00", "opening time 'ab:cd' for 'mon': expected HH:MM between 00:00 and 24:00"),
    ("24:00-10:00", "opening time '24:00' for 'mon': expected HH:MM between 00:00 and 23:59"),
    ("09:00", "interval '09:00' for 'mon': expected 'HH:MM-HH:MM' such as '09:00-18:00'"),
    ("", "interval '' for 'mon': expected 'HH:MM-HH:MM' such as '09:00-18:00'"),
    (
        "09:00-12:00-13:00",
        "interval '09:00-12:00-13:00' for 'mon': expected 'HH:MM-HH:MM' such as '09:00-18:00'",
    ),
    (
        "09:00–18:00",
        "interval '09:00–18:00' for 'mon': expected 'HH:MM-HH:MM' such as '09:00-18:00'",
    ),  # an en dash is not a hyphen
]


@pytest.mark.parametrize(("text", "message"), INTERVAL_ERRORS)
def test_interval_errors(text: str, message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Interval.parse(text, where="'mon'")
    # The same message, naming the day key, when the interval comes in weekly hours.
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        WeeklyHours.parse({"mon": text})
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Schedule({"mon": [text]}, tz="America/New_York")


def test_interval_error_default_where() -> None:
    with pytest.raises(InvalidHoursError, match=r"^opening time '25:00' for interval: expected"):
        Interval.parse("25:00-26:00")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (9, "interval 9 for interval: expected text such as '09:00-18:00', got int"),
        (None, "interval None for interval: expected text such as '09:00-18:00', got NoneType"),
        (
            b"09:00-18:00",
            "interval b'09:00-18:00' for interval: expected text such as '09:00-18:00', got bytes",
        ),
    ],
)
def test_interval_wrong_type(value: object, message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Interval.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end"),
    [(5, 5), (-1, 10), (DAY, DAY + 10), (0, DAY + 1), (10, 9), (3600, 3600 + DAY + 1)],
)
def test_interval_constructor_checks_range(start: int, end: int) -> None:
    # 24 hours from any opening is a shift (issue 17); a second more is not.
    message = (
        f"interval from {start} s to {end} s after midnight: expected 0 <= start < 86400 "
        f"and start < end <= start + 86400 (at most 24 hours)"
    )
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Interval(start, end)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("a", "b", "interval start 'a': expected whole seconds after midnight (int), got str"),
        (
            3600,
            7200.0,
            "interval end 7200.0: expected whole seconds after midnight (int), got float",
        ),
        (True, 7200, "interval start True: expected whole seconds after midnight (int), got bool"),
    ],
)
def test_interval_constructor_checks_types(start: object, end: object, message: str) -> None:
    message += "; Interval.parse reads '09:00-18:00'"
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Interval(start, end)  # type: ignore[arg-type]


def test_the_whole_day_and_the_longest_shift_are_intervals() -> None:
    assert str(Interval(0, DAY)) == "00:00-24:00"
    assert Interval.parse(str(Interval(3600, 3600 + DAY - 1))) == Interval(3600, 3600 + DAY - 1)


# -- day keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "days"),
    [
        ("mon", (0,)),
        ("sun", (6,)),
        ("mon-fri", (0, 1, 2, 3, 4)),
        ("fri-mon", (4, 5, 6, 0)),
        ("sat-sun", (5, 6)),
        ("sun-sat", (6, 0, 1, 2, 3, 4, 5)),
        ("sat,sun", (5, 6)),
        ("tue,thu,sat", (1, 3, 5)),
        ("mon-wed,fri", (0, 1, 2, 4)),
        ("monday-friday", (0, 1, 2, 3, 4)),
        ("Saturday,Sunday", (5, 6)),
        ("MON-FRI", (0, 1, 2, 3, 4)),
        ("mon - wed", (0, 1, 2)),
        ("wednesday", (2,)),
    ],
)
def test_day_keys(key: str, days: tuple[int, ...]) -> None:
    assert parse_day_key(key) == days


@pytest.mark.parametrize(
    ("key", "bad", "guess"),
    [
        ("mon-fry", "fry", "'fri'"),
        ("fry-mon", "fry", "'fri'"),  # the first day of a range names the key too
        ("mo", "mo", "'mon'"),
        ("weekdays", "weekdays", "'wednesday'"),
        ("", "", ""),
        ("mon-", "", ""),
        ("sat,", "", ""),
        ("mon-tue-wed", "tue-wed", "'wed' or 'tue'"),
        ("lunes", "lunes", ""),
        ("thrusday", "thrusday", "'thursday' or 'tuesday'"),
    ],
)
def test_unknown_day(key: str, bad: str, guess: str) -> None:
    expected = (
        "expected mon, tue, wed, thu, fri, sat, sun, a range such as 'mon-fri' or a list such "
        "as 'sat,sun'"
    )
    message = (
        f"unknown day {bad!r} in key {key!r}: did you mean {guess}? ({expected})"
        if guess
        else f"unknown day {bad!r} in key {key!r}: {expected}"
    )
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        WeeklyHours.parse({key: "09:00-18:00"})


def test_intervals_of_a_wrong_type_name_the_day_and_the_type() -> None:
    # parse_intervals also reads a policy file's hours (config/plans.py), not only WeeklyHours.parse.
    message = (
        "hours for 'mon': expected an interval such as '09:00-18:00', a list of them or [] "
        "for closed, got int"
    )
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        parse_intervals(5, "'mon'")  # type: ignore[arg-type]


def test_day_key_wrong_type() -> None:
    with pytest.raises(
        InvalidHoursError, match=r"^day key 1: expected text such as 'mon' or 'mon-fri'$"
    ):
        WeeklyHours.parse({1: "09:00-18:00"})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            {"mon-fri": "09:00-18:00", "fri": "09:00-13:00"},
            "day 'fri' is given twice, in 'mon-fri' and 'fri': expected each day once",
        ),
        (
            {"sat,sun": "10:00-14:00", "sunday": []},
            "day 'sun' is given twice, in 'sat,sun' and 'sunday': expected each day once",
        ),
        (
            {"fri-mon": "10:00-14:00", "mon-wed": "09:00-18:00"},
            "day 'mon' is given twice, in 'fri-mon' and 'mon-wed': expected each day once",
        ),
        (
            {"mon,mon": "10:00-14:00"},
            "day 'mon' is given twice, in 'mon,mon' and 'mon,mon': expected each day once",
        ),
    ],
)
def test_day_given_twice(spec: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        WeeklyHours.parse(spec)


# -- weekly hours ------------------------------------------------------------------------

NINE_TO_SIX = Interval.parse("09:00-18:00")


def test_weekly_hours_parse() -> None:
    hours = WeeklyHours.parse(
        {"mon-fri": "09:00-18:00", "sat": ["13:00-15:00", "09:00-12:00"], "sun": []}
    )
    for weekday in range(5):
        assert hours.for_weekday(weekday) == (NINE_TO_SIX,)
    # Sorted by opening time.
    assert hours.for_weekday(5) == (Interval.parse("09:00-12:00"), Interval.parse("13:00-15:00"))
    assert hours.for_weekday(6) == ()
    assert hours.is_closed is False
    assert WeeklyHours.parse({}).is_closed is True
    assert WeeklyHours.parse({"mon-sun": None}).is_closed is True
    assert WeeklyHours.parse(hours) is hours


def test_weekly_hours_wrap_around_week() -> None:
    hours = WeeklyHours.parse({"fri-mon": "10:00-16:00"})
    ten_to_four = (Interval.parse("10:00-16:00"),)
    assert [hours.for_weekday(day) for day in range(7)] == [
        ten_to_four,
        (),
        (),
        (),
        ten_to_four,
        ten_to_four,
        ten_to_four,
    ]


def test_weekly_hours_accept_interval_objects_and_tuples() -> None:
    hours = WeeklyHours.parse({"mon": NINE_TO_SIX, "tue": (NINE_TO_SIX,), "wed": ("09:00-18:00",)})
    assert hours.for_weekday(0) == hours.for_weekday(1) == hours.for_weekday(2) == (NINE_TO_SIX,)


def test_weekly_hours_equality_ignores_spelling() -> None:
    a = WeeklyHours.parse({"mon-fri": "09:00-18:00"})
    b = WeeklyHours.parse(
        {"monday": "09:00-18:00", "tue-thu": ["09:00-18:00"], "Friday": "9:00-18:00"}
    )
    assert a == b
    assert hash(a) == hash(b)
    assert a != WeeklyHours.parse({"mon-fri": "09:00-17:00"})


@pytest.mark.parametrize(
    ("spec", "text"),
    [
        ({"mon-fri": "09:00-18:00"}, "WeeklyHours({'mon-fri': '09:00-18:00'})"),
        (
            {"mon-fri": "09:00-18:00", "sat": ["09:00-12:00", "13:00-15:00"]},
            "WeeklyHours({'mon-fri': '09:00-18:00', 'sat': ['09:00-12:00', '13:00-15:00']})",
        ),
        ({"sun": "22:00-06:00"}, "WeeklyHours({'sun': '22:00-06:00'})"),
        ({"mon-sun": "00:00-24:00"}, "WeeklyHours({'mon-sun': '00:00-24:00'})"),
        ({}, "WeeklyHours({})"),
        (
            {"fri-mon": "10:00-16:00"},
            "WeeklyHours({'mon': '10:00-16:00', 'fri-sun': '10:00-16:00'})",
        ),
    ],
)
def test_weekly_hours_repr_reads_like_code(spec: dict[str, object], text: str) -> None:
    hours = WeeklyHours.parse(spec)  # type: ignore[arg-type]
    assert repr(hours) == text
    assert eval(text, {"WeeklyHours": WeeklyHours.parse}) == hours
    assert WeeklyHours.parse(hours.to_spec()) == hours


def test_weekly_hours_is_immutable() -> None:
    hours = WeeklyHours.parse({"mon": "09:00-18:00"})
    with pytest.raises(AttributeError):
        hours.days = ()  # type: ignore[misc]


def test_weekly_hours_need_seven_days() -> None:
    with pytest.raises(InvalidHoursError, match=r"^weekly hours with 1 days: expected 7$"):
        WeeklyHours(((NINE_TO_SIX,),))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            {"mon": ["09:00-12:00", "11:00-13:00"]},
            "intervals '09:00-12:00' and '11:00-13:00' for 'mon' overlap: expected separate "
            "intervals, or one interval covering both",
        ),
        (
            {"mon-fri": ["11:00-13:00", "09:00-18:00"]},
            "intervals '09:00-18:00' and '11:00-13:00' for 'mon-fri' overlap: expected separate "
            "intervals, or one interval covering both",
        ),
        (
            {"sat": ["09:00-12:00", "09:00-12:00"]},
            "intervals '09:00-12:00' and '09:00-12:00' for 'sat' overlap: expected separate "
            "intervals, or one interval covering both",
        ),
        (
            {"tue": ["08:00-10:00", "22:00-09:00", "12:00-23:00"]},
            "intervals '12:00-23:00' and '22:00-09:00' for 'tue' overlap: expected separate "
            "intervals, or one interval covering both",
        ),
        (
            {"mon": "22:00-06:00", "tue": "05:00-10:00"},
            "overnight interval '22:00-06:00' for 'mon' overlaps '05:00-10:00' for 'tue': "
            "expected the shift to end by the next day's first opening",
        ),
        (
            {"sun": "22:00-06:00", "mon": ["05:00-06:00", "09:00-18:00"]},
            "overnight interval '22:00-06:00' for 'sun' overlaps '05:00-06:00' for 'mon': "
            "expected the shift to end by the next day's first opening",
        ),
        (
            {"mon-sun": "22:00-23:00:01", "tue": "00:00-10:00"},
            "day 'tue' is given twice, in 'mon-sun' and 'tue': expected each day once",
        ),
        (
            {"fri": "12:00-11:00", "sat": "10:00-12:00"},
            "overnight interval '12:00-11:00' for 'fri' overlaps '10:00-12:00' for 'sat': "
            "expected the shift to end by the next day's first opening",
        ),
        (
            {"mon": "23:00-00:30", "tue": "00:00-24:00"},
            "overnight interval '23:00-00:30' for 'mon' overlaps '00:00-24:00' for 'tue': "
            "expected the shift to end by the next day's first opening",
        ),
    ],
)
def test_overlaps(spec: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        WeeklyHours.parse(spec)  # type: ignore[arg-type]
    with pytest.raises(InvalidScheduleError, match=f"^{re.escape(message)}$"):
        Schedule(spec, tz="UTC")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "spec",
    [
        {"mon": ["09:00-12:00", "12:00-13:00"]},  # touching on one day
        {"mon": "22:00-06:00", "tue": "06:00-10:00"},  # shift ends at the next opening
        {"sun": "18:00-09:00", "mon": "09:00-18:00"},  # ... across the week's end
        {"mon-sun": "00:00-24:00"},
        {"mon-sun": "12:00-11:59"},  # a 23 h 59 min shift every day
        {"mon": "22:00-06:00", "wed": "05:00-10:00"},  # Tuesday in between is closed
    ],
)
def test_accepted_touching_and_overnight(spec: dict[str, object]) -> None:
    assert WeeklyHours.parse(spec) == WeeklyHours.parse(spec)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            ["09:00-18:00"],
            "hours ['09:00-18:00']: expected a mapping of days to intervals such as "
            "{'mon-fri': '09:00-18:00'}, got list",
        ),
        (
            "mon-fri 09:00-18:00",
            "hours 'mon-fri 09:00-18:00': expected a mapping of days to intervals such as "
            "{'mon-fri': '09:00-18:00'}, got str",
        ),
        (
            None,
            "hours None: expected a mapping of days to intervals such as "
            "{'mon-fri': '09:00-18:00'}, got NoneType",
        ),
        (
            {"mon": 9},
            "hours for 'mon': expected an interval such as '09:00-18:00', a list of them or [] "
            "for closed, got int",
        ),
        (
            {"mon": {"open": "09:00", "close": "18:00"}},
            "hours for 'mon': expected an interval such as '09:00-18:00', a list of them or [] "
            "for closed, got dict",
        ),
        (
            {"mon": b"09:00-18:00"},
            "hours for 'mon': expected an interval such as '09:00-18:00', a list of them or [] "
            "for closed, got bytes",
        ),
        (
            {"mon": [9]},
            "interval 9 for 'mon': expected text such as '09:00-18:00', got int",
        ),
        (
            {"mon": [("09:00", "18:00")]},
            "interval ('09:00', '18:00') for 'mon': expected text such as '09:00-18:00', got tuple",
        ),
    ],
)
def test_wrong_types(spec: object, message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        WeeklyHours.parse(spec)  # type: ignore[arg-type]


def test_hours_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="'25:00'"):
        Schedule({"mon": "25:00-26:00"}, tz="UTC")


# -- overrides ---------------------------------------------------------------------------


def test_parse_overrides() -> None:
    parsed = parse_overrides(
        {
            "2026-12-31": [],
            date(2026, 12, 24): "09:00-13:00",
            " 2026-11-26 ": ["14:00-16:00", "10:00-12:00"],
            "2026-12-26": None,
            date(2026, 12, 27): "22:00-06:00",
        }
    )
    assert parsed == {
        date(2026, 11, 26): (Interval.parse("10:00-12:00"), Interval.parse("14:00-16:00")),
        date(2026, 12, 24): (Interval.parse("09:00-13:00"),),
        date(2026, 12, 26): (),
        date(2026, 12, 27): (Interval.parse("22:00-06:00"),),
        date(2026, 12, 31): (),
    }
    assert list(parsed) == sorted(parsed)
    assert parse_overrides(None) == {}
    assert parse_overrides({}) == {}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {date(2026, 12, 24): "09:00-13:00", "2026-12-24": []},
            "override date 2026-12-24 is given twice: expected once",
        ),
        (
            {datetime(2026, 12, 24, 9): "09:00-13:00"},
            "override key datetime.datetime(2026, 12, 24, 9, 0): expected a date or text "
            "'YYYY-MM-DD' such as '2026-12-24'",
        ),
        (
            {"24/12/2026": "09:00-13:00"},
            "override key '24/12/2026': expected a date or text 'YYYY-MM-DD' such as '2026-12-24'",
        ),
        (
            {"2026-02-30": "09:00-13:00"},
            "override key '2026-02-30': expected a date or text 'YYYY-MM-DD' such as '2026-12-24'",
        ),
        (
            {20261224: "09:00-13:00"},
            "override key 20261224: expected a date or text 'YYYY-MM-DD' such as '2026-12-24'",
        ),
        (
            ["2026-12-24"],
            "overrides ['2026-12-24']: expected a mapping of dates to intervals, got list",
        ),
        (
            {"2026-12-24": "25:00-26:00"},
            "opening time '25:00' for override 2026-12-24: expected HH:MM between 00:00 and 24:00",
        ),
        (
            {"2026-12-24": ["09:00-13:00", "12:00-14:00"]},
            "intervals '09:00-13:00' and '12:00-14:00' for override 2026-12-24 overlap: "
            "expected separate intervals, or one interval covering both",
        ),
        (
            {"2026-12-24": 13},
            "hours for '2026-12-24': expected an interval such as '09:00-18:00', a list of them "
            "or [] for closed, got int",
        ),
    ],
)
def test_override_errors(overrides: object, message: str) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        parse_overrides(overrides)  # type: ignore[arg-type]
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        Schedule({"mon-fri": "09:00-18:00"}, tz="UTC", overrides=overrides)  # type: ignore[arg-type]


# -- breaks taken out of the weekly hours, and put back -------------------------------------

BREAK_HOURS = {"mon": ["09:00-12:00", "13:00-18:00"], "fri": "22:00-06:00", "sat": "10:00-24:00"}


@pytest.mark.parametrize(
    ("breaks", "net"),
    [
        ({"mon": "09:00-10:00"}, {"mon": ["10:00-12:00", "13:00-18:00"]}),
        ({"mon": "17:00-18:00"}, {"mon": ["09:00-12:00", "13:00-17:00"]}),
        (
            {"mon": ["10:00-11:00", "14:00-15:00", "16:00-18:00"]},
            {"mon": ["09:00-10:00", "11:00-12:00", "13:00-14:00", "15:00-16:00"]},
        ),
        ({"mon": ["13:00-18:00", "09:00-12:00"]}, {"mon": []}),
        ({"fri": "23:00-23:30"}, {"fri": ["22:00-23:00", "23:30-06:00"]}),
        ({"sat": "23:00-24:00"}, {"sat": "10:00-23:00"}),
    ],
)
def test_breaks_are_taken_out_and_put_back(breaks: dict[str, Any], net: dict[str, Any]) -> None:
    hours = WeeklyHours.parse(BREAK_HOURS)
    pauses = WeeklyHours.parse(breaks)
    expected = WeeklyHours.parse({**BREAK_HOURS, **net})
    assert without_breaks(hours, pauses) == expected
    assert with_breaks(expected, pauses) == hours


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (
            {"mon": "11:30-13:30"},
            "break '11:30-13:30' for 'mon': expected a break inside one of that day's "
            "intervals, and its intervals are '09:00-12:00', '13:00-18:00'",
        ),
        (
            {"mon": "08:59-10:00"},
            "break '08:59-10:00' for 'mon': expected a break inside one of that day's "
            "intervals, and its intervals are '09:00-12:00', '13:00-18:00'",
        ),
        (
            {"tue": "10:00-11:00"},
            "break '10:00-11:00' for 'tue': expected a break inside one of that day's "
            "intervals, and 'tue' has none",
        ),
        (
            {"fri": "23:30-24:00"},
            "break '23:30-24:00' for 'fri' runs to midnight or past it inside the overnight "
            "shift '22:00-06:00': expected a break that ends before 24:00; write the shift as "
            "two intervals instead",
        ),
    ],
)
def test_a_break_outside_the_day_s_intervals_is_refused(
    breaks: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidHoursError, match=f"^{re.escape(message)}$"):
        without_breaks(WeeklyHours.parse(BREAK_HOURS), WeeklyHours.parse(breaks))


def test_touching_intervals_and_breaks_are_joined_when_put_back() -> None:
    net = WeeklyHours.parse({"mon": ["09:00-12:00", "12:30-18:00"]})
    pauses = WeeklyHours.parse({"mon": ["12:00-12:30", "10:00-11:00"]})
    assert with_breaks(net, pauses) == WeeklyHours.parse({"mon": "09:00-18:00"})
