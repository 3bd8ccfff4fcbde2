"""Durations written as text: every accepted form and every rejected one, with messages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slaclock import (
    BusinessDays,
    InvalidDurationError,
    Schedule,
    format_duration,
    parse_duration,
)
from slaclock.durations import format_remaining, to_timedelta

EXPECTED = (
    "expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days "
    "such as '2bd'"
)
NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", timedelta(hours=4)),
        ("90m", timedelta(minutes=90)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("45s", timedelta(seconds=45)),
        ("1h30m45s", timedelta(hours=1, minutes=30, seconds=45)),
        ("2h15s", timedelta(hours=2, seconds=15)),
        ("90min", timedelta(minutes=90)),
        ("1h 30min", timedelta(hours=1, minutes=30)),
        ("1h 30m 5s", timedelta(hours=1, minutes=30, seconds=5)),
        ("4 h", timedelta(hours=4)),
        (" 4h ", timedelta(hours=4)),
        ("4H", timedelta(hours=4)),
        ("90M", timedelta(minutes=90)),
        ("0h", timedelta(0)),
        ("0s", timedelta(0)),
        ("0m", timedelta(0)),
        ("48h", timedelta(days=2)),
        ("100000h", timedelta(hours=100_000)),
        ("3600s", timedelta(hours=1)),
        ("007m", timedelta(minutes=7)),
    ],
)
def test_accepted_lengths(text: str, expected: timedelta) -> None:
    parsed = parse_duration(text)
    assert type(parsed) is timedelta
    assert parsed == expected
    assert to_timedelta(text) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [("2bd", 2), ("0bd", 0), ("1bd", 1), ("10 bd", 10), ("3BD", 3), (" 5bd ", 5)],
)
def test_accepted_business_days(text: str, days: int) -> None:
    parsed = parse_duration(text)
    assert parsed == BusinessDays(days)
    assert isinstance(parsed, BusinessDays)
    assert parsed.days == days
    assert str(parsed) == f"{days}bd"
    assert repr(parsed) == f"BusinessDays({days})"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", f"duration '' is not understood: {EXPECTED}"),
        ("   ", f"duration '   ' is not understood: {EXPECTED}"),
        ("4", f"duration '4' is not understood: {EXPECTED}"),
        ("h", f"duration 'h' is not understood: {EXPECTED}"),
        ("soon", f"duration 'soon' is not understood: {EXPECTED}"),
        ("4 hours-ish", f"duration '4 hours-ish' is not understood: {EXPECTED}"),
        ("4hours", f"duration '4hours' is not understood: {EXPECTED}"),
        ("1.5h", f"duration '1.5h' is not understood: {EXPECTED}"),
        ("30m1h", f"duration '30m1h' is not understood: {EXPECTED}"),
        ("1h30", f"duration '1h30' is not understood: {EXPECTED}"),
        ("4hm", f"duration '4hm' is not understood: {EXPECTED}"),
        ("+4h", f"duration '+4h' is not understood: {EXPECTED}"),
        ("4h4h", f"duration '4h4h' is not understood: {EXPECTED}"),
        ("PT4H", f"duration 'PT4H' is not understood: {EXPECTED}"),
        ("04:00", f"duration '04:00' is not understood: {EXPECTED}"),
        ("2 weeks", f"duration '2 weeks' is not understood: {EXPECTED}"),
        ("1.5bd", f"duration '1.5bd' is not understood: {EXPECTED}"),
        ("2bd4h", f"duration '2bd4h' is not understood: {EXPECTED}"),
        ("-4h", "duration '-4h' is negative: expected 0 or more"),
        (" -1h30m", "duration ' -1h30m' is negative: expected 0 or more"),
        ("-2bd", "duration '-2bd' is negative: expected 0 or more"),
        (
            "1d",
            "duration '1d' is ambiguous: write '24h' for 24 hours of business time or '1bd' "
            "for 1 business day",
        ),
        (
            "3 days",
            "duration '3 days' is ambiguous: write '72h' for 72 hours of business time or '3bd' "
            "for 3 business days",
        ),
        (
            "1day",
            "duration '1day' is ambiguous: write '24h' for 24 hours of business time or '1bd' "
            "for 1 business day",
        ),
        (
            "2D",
            "duration '2D' is ambiguous: write '48h' for 48 hours of business time or '2bd' "
            "for 2 business days",
        ),
    ],
)
def test_rejected_text(text: str, message: str) -> None:
    with pytest.raises(InvalidDurationError, match=f"^{re.escape(message)}$"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("value", "kind"),
    [(4, "int"), (4.5, "float"), (None, "NoneType"), (timedelta(hours=1), "timedelta")],
)
def test_parse_duration_wrong_type(value: object, kind: str) -> None:
    message = f"duration {value!r}: {EXPECTED}, got {kind}"
    with pytest.raises(InvalidDurationError, match=f"^{re.escape(message)}$"):
        parse_duration(value)  # type: ignore[arg-type]


def test_absurdly_large_duration_is_a_duration_error() -> None:
    # Far more hours than a timedelta holds: a clear InvalidDurationError, not OverflowError.
    with pytest.raises(InvalidDurationError, match="99999999999h"):
        parse_duration("99999999999h")


@pytest.mark.parametrize(
    "days", [-1, 1.5, True, "2", None], ids=["negative", "float", "bool", "str", "none"]
)
def test_business_days_validated(days: object) -> None:
    message = f"business days {days!r}: expected a whole number of days, 0 or more"
    with pytest.raises(InvalidDurationError, match=f"^{re.escape(message)}$"):
        BusinessDays(days)  # type: ignore[arg-type]


def test_business_days_value_semantics() -> None:
    assert BusinessDays(2) == BusinessDays(2)
    assert BusinessDays(2) != BusinessDays(3)
    assert hash(BusinessDays(2)) == hash(BusinessDays(2))
    with pytest.raises(AttributeError):
        BusinessDays(2).days = 3  # type: ignore[misc]


# -- to_timedelta: what add/subtract accept --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (timedelta(0), timedelta(0)),
        (timedelta(microseconds=1), timedelta(microseconds=1)),
        (timedelta(days=400), timedelta(days=400)),
        ("1h30m", timedelta(minutes=90)),
    ],
)
def test_to_timedelta_accepts(value: object, expected: timedelta) -> None:
    assert to_timedelta(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (timedelta(microseconds=-1), "duration -0.000001s is negative: expected 0 or more"),
        (timedelta(hours=-4), "duration -4h is negative: expected 0 or more"),
        (timedelta(minutes=-90), "duration -1h30m is negative: expected 0 or more"),
        (
            "2bd",
            "duration '2bd' is a number of business days, not a length of time: expected "
            "hours, minutes or seconds such as '4h'",
        ),
        (
            BusinessDays(2),
            "duration BusinessDays(2): expected a timedelta or text such as '4h', got BusinessDays",
        ),
        (3600, "duration 3600: expected a timedelta or text such as '4h', got int"),
        ("-4h", "duration '-4h' is negative: expected 0 or more"),
        ("4", f"duration '4' is not understood: {EXPECTED}"),
    ],
)
def test_to_timedelta_rejects(value: object, message: str) -> None:
    with pytest.raises(InvalidDurationError, match=f"^{re.escape(message)}$"):
        to_timedelta(value)  # type: ignore[arg-type]


def test_to_timedelta_names_what() -> None:
    with pytest.raises(InvalidDurationError, match=r"^target -1h is negative"):
        to_timedelta(timedelta(hours=-1), what="target")


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("4h", datetime(2026, 11, 23, 13, tzinfo=NY)),
        ("90m", datetime(2026, 11, 23, 10, 30, tzinfo=NY)),
        ("1h30m", datetime(2026, 11, 23, 10, 30, tzinfo=NY)),
        ("45s", datetime(2026, 11, 23, 9, 0, 45, tzinfo=NY)),
        ("9h", datetime(2026, 11, 23, 18, tzinfo=NY)),
        ("10H", datetime(2026, 11, 24, 10, tzinfo=NY)),
        (timedelta(hours=4), datetime(2026, 11, 23, 13, tzinfo=NY)),
    ],
)
def test_schedule_accepts_every_text_form(duration: object, expected: datetime) -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    start = datetime(2026, 11, 21, 12, tzinfo=NY)  # Saturday: counting starts Mon 09:00
    assert desk.add(start, duration) == expected  # type: ignore[arg-type]
    assert desk.elapsed(start, expected) == to_timedelta(duration)  # type: ignore[arg-type]


# -- format_duration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(0), "0s"),
        (timedelta(seconds=45), "45s"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=90), "1h30m"),
        (timedelta(hours=4), "4h"),
        (timedelta(hours=1, seconds=5), "1h0m5s"),
        (timedelta(hours=27, seconds=1.5), "27h0m1.5s"),
        (timedelta(days=1), "24h"),
        (timedelta(minutes=2, seconds=3), "2m3s"),
        (timedelta(microseconds=1), "0.000001s"),
        (timedelta(seconds=1, microseconds=250_000), "1.25s"),
        (timedelta(hours=1, microseconds=1), "1h0m0.000001s"),
        (timedelta(hours=-1), "-1h"),
        (timedelta(minutes=-90), "-1h30m"),
        (timedelta(microseconds=-1), "-0.000001s"),
    ],
)
def test_format_duration(value: timedelta, text: str) -> None:
    assert format_duration(value) == text


@pytest.mark.parametrize(
    "value",
    [timedelta(0), timedelta(seconds=45), timedelta(minutes=90), timedelta(hours=27, seconds=1)],
)
def test_format_then_parse_round_trip(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(hours=-4), "4h overdue"),
        (timedelta(hours=-27, minutes=-30), "27h30m overdue"),
        (timedelta(microseconds=-1), "0.000001s overdue"),
        (timedelta(0), "0s left"),
        (timedelta(hours=1, minutes=30), "1h30m left"),
    ],
)
def test_remaining_time_reads_as_left_or_overdue(value: timedelta, text: str) -> None:
    assert str(timedelta(hours=-4)) == "-1 day, 20:00:00"  # what people must never read
    assert format_remaining(value) == text


def test_remaining_time_must_be_a_timedelta() -> None:
    with pytest.raises(InvalidDurationError, match=r"^duration 4: expected a timedelta, got int$"):
        format_remaining(4)  # type: ignore[arg-type]


# -- the limits, at them and one past (found by mutation testing: benchmarks/README.md) ---------


def refused(message: str) -> pytest.RaisesContext[InvalidDurationError]:
    return pytest.raises(InvalidDurationError, match=f"^{re.escape(message)}$")


def test_the_most_business_days_are_read_and_one_more_is_refused() -> None:
    assert BusinessDays(10_000) == parse_duration("10000bd") == parse_duration("0000010000bd")
    assert parse_duration("000bd") == BusinessDays(0)
    with refused("business days 10001: expected at most 10000 (a deadline counts them one by one)"):
        BusinessDays(10_001)
    with refused("duration '10001bd' is too long: expected at most 10000 business days"):
        parse_duration("10001bd")
    with refused("duration '99999bd' is too long: expected at most 10000 business days"):
        parse_duration("99999bd")


def test_days_are_ambiguous_up_to_the_most_business_days_and_beyond() -> None:
    with refused(
        "duration '10000d' is ambiguous: write '240000h' for 240000 hours of business time or "
        "'10000bd' for 10000 business days"
    ):
        parse_duration("10000d")
    with refused(
        "duration '10001d' is ambiguous: write hours of business time such as '48h', or "
        "business days (at most 10000) such as '2bd'"
    ):
        parse_duration("10001d")
    with refused(
        "duration '99999999999999999999'... (5001 characters) is too long: expected at most "
        "4300 digits"
    ):
        parse_duration("9" * 5000 + "d")


def test_seconds_carry_six_decimal_places_and_no_more() -> None:
    assert parse_duration("1.5s") == timedelta(seconds=1, microseconds=500_000)
    assert parse_duration("0.123456s") == timedelta(microseconds=123_456)
    with refused(
        "duration '0.1234567s' is finer than a microsecond: expected at most 6 digits after the "
        "decimal point"
    ):
        parse_duration("0.1234567s")


def test_more_hours_than_a_timedelta_holds_are_refused() -> None:
    with refused("duration '24000000000h' is too long: expected at most 23999999976 hours"):
        parse_duration("24000000000h")


def test_only_a_timedelta_is_written() -> None:
    with refused("duration 5: expected a timedelta, got int"):
        format_duration(5)  # type: ignore[arg-type]
