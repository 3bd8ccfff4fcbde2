"""Inputs that once broke the error contract (issue 19): each now raises slaclock's own error,
quickly, with a message naming the value and what was expected."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from slaclock import (
    Event,
    InvalidCalendarError,
    InvalidDurationError,
    OutOfRangeError,
    Policy,
    PolicyFileError,
    Schedule,
    Threshold,
    UnknownZoneError,
    country_calendar,
    evaluate,
    format_duration,
    parse_duration,
    union,
)
from slaclock.calendars import Recurring
from slaclock.cli import dispatch, main
from slaclock.config import loads_policy
from slaclock.zones import from_micros

PLAN = '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
TARGETS = '[targets.response]\nhigh = "4h"\n'
EXPECTED = (
    "expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', "
    "or business days such as '2bd'"
)


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    """Expect *error* with exactly *message*."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(PolicyFileError) as caught:
        loads_policy(text)
    return list(caught.value.problems)


# -- 1: nesting deeper than the TOML reader's stack ---------------------------------------------


def test_deep_nesting_is_a_policy_problem_at_its_line() -> None:
    text = PLAN + TARGETS + "x = " + "[" * 1000 + "]" * 1000
    assert problems(text) == [
        ("line 6", "arrays or tables nested too deeply to read: expected at most 100 levels")
    ]


def test_deep_nesting_of_inline_tables_after_brackets_in_text() -> None:
    text = 'name = "[[[[" # [[[[\n\nx = ' + "{a=" * 1000 + "1" + "}" * 1000
    assert problems(text) == [
        ("line 3", "arrays or tables nested too deeply to read: expected at most 100 levels")
    ]


def test_a_number_longer_than_python_reads_is_a_policy_problem() -> None:
    assert problems(PLAN + "x = " + "9" * 5000) == [
        ("line 4", "a number of 5000 digits: expected at most 4300 digits")
    ]


def test_check_reports_deep_nesting_as_a_problem_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"slaclock: 1 problem in {path}:\n"
        "  line 1: arrays or tables nested too deeply to read: expected at most 100 levels\n"
    )


# -- 2: holiday keys of the wrong type ------------------------------------------------------------


def test_holiday_categories_of_the_wrong_type_are_reported_at_their_key() -> None:
    text = PLAN + 'holidays = { country = "US", categories = 5 }\n' + TARGETS
    assert problems(text) == [
        (
            "plans.standard.holidays.categories",
            'expected a category such as "public", or an array of them, got a number 5',
        )
    ]


def test_every_holiday_key_of_the_wrong_type_is_reported() -> None:
    text = PLAN + 'holidays = { country = 5, subdiv = [1], categories = ["public", 2] }\n'
    assert problems(text + TARGETS) == [
        (
            "plans.standard.holidays.country",
            'expected an ISO 3166 code such as "US", got a number 5',
        ),
        (
            "plans.standard.holidays.subdiv",
            'expected a subdivision code such as "FL", got an array [1]',
        ),
        (
            "plans.standard.holidays.categories",
            "expected a category such as \"public\", or an array of them, got an array ['public', 2]",
        ),
    ]


@pytest.mark.parametrize("categories", [5, {"a": 1}, ["public", 3], b"public"])
def test_country_calendar_refuses_categories_of_the_wrong_type(categories: object) -> None:
    message = (
        f"holiday categories {categories!r}: expected a category name such as 'public', "
        "or a list of them"
    )
    with raises(InvalidCalendarError, message):
        country_calendar("US", categories=categories)  # type: ignore[arg-type]


def test_country_calendar_refuses_a_subdivision_that_is_not_text() -> None:
    with raises(InvalidCalendarError, "subdivision 5 of US: expected text such as 'FL', got int"):
        country_calendar("US", subdiv=5)  # type: ignore[arg-type]


# -- 4: a duration with more digits than int() reads ------------------------------------------

LONG = "9" * 5000 + "h"
TOO_LONG = (
    "duration '99999999999999999999'... (5001 characters) is too long: "
    "expected at most 23999999976 hours"
)


def test_a_duration_of_5000_digits_is_too_long() -> None:
    with raises(InvalidDurationError, TOO_LONG):
        parse_duration(LONG)
    with raises(InvalidDurationError, TOO_LONG):
        Schedule({}, tz="UTC").add("2026-01-01", LONG)
    assert problems(PLAN + f'[targets.response]\nhigh = "{LONG}"\n') == [
        ("targets.response.high", TOO_LONG)
    ]


@pytest.mark.parametrize(
    ("unit", "expected"), [("bd", "at most 10000 business days"), ("d", "at most 4300 digits")]
)
def test_business_days_of_5000_digits_are_too_long(unit: str, expected: str) -> None:
    message = (
        f"duration '99999999999999999999'... ({5000 + len(unit)} characters) is too long: "
        f"expected {expected}"
    )
    with raises(InvalidDurationError, message):
        parse_duration("9" * 5000 + unit)


# -- 10, 11: format_duration refuses what is not a timedelta, and reads back ------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "duration 5: expected a timedelta, got int"),
        ("5h", "duration '5h': expected a timedelta, got str"),
        (None, "duration None: expected a timedelta, got NoneType"),
    ],
)
def test_format_duration_refuses_what_is_not_a_timedelta(value: object, message: str) -> None:
    with raises(InvalidDurationError, message):
        format_duration(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5s", timedelta(seconds=1.5)),
        ("27h0m1.5s", timedelta(hours=27, seconds=1.5)),
        ("0.000001s", timedelta(microseconds=1)),
        ("1h0.25 s", timedelta(hours=1, milliseconds=250)),
    ],
)
def test_seconds_with_a_fraction_read_back(text: str, value: timedelta) -> None:
    assert parse_duration(text) == value
    assert parse_duration(format_duration(value)) == value


@given(st.timedeltas(min_value=timedelta(0)))
def test_format_duration_reads_back(value: timedelta) -> None:
    assert parse_duration(format_duration(value)) == value


def test_a_fraction_finer_than_a_microsecond_is_refused() -> None:
    message = (
        "duration '1.0000001s' is finer than a microsecond: "
        "expected at most 6 digits after the decimal point"
    )
    with raises(InvalidDurationError, message):
        parse_duration("1.0000001s")


@pytest.mark.parametrize("text", ["1.5h", "1.5m", ".5s", "1.s"])
def test_only_seconds_take_a_fraction(text: str) -> None:
    with raises(InvalidDurationError, f"duration {text!r} is not understood: {EXPECTED}"):
        parse_duration(text)


# -- 5: a threshold so large that its share overflows a timedelta -------------------------------


@pytest.mark.parametrize(
    ("at", "target", "shown"),
    [
        ("1e20", "4h", "1e+20 % of 4h"),
        ("1e10", "4h calendar", "10000000000 % of 4h"),
        ("1e400", "2bd", "above 1e+308 % of 26h"),
    ],
)
def test_a_threshold_beyond_the_supported_years_is_out_of_range(
    at: str, target: str, shown: str
) -> None:
    policy = loads_policy(
        PLAN
        + f'[targets.response]\nhigh = "{target}"\n'
        + f'[thresholds]\nresponse = [{{ at = "{at}" }}]\n'
    )
    message = f"threshold {shown} is longer than the years slaclock supports (2 to 9998) hold"
    with raises(OutOfRangeError, message):
        policy.escalations("high", "2026-01-01 10:00")
    with raises(OutOfRangeError, message):
        policy.escalations_many(["high"], ["2026-01-01 10:00"])


# -- 6: a tzinfo that gives no offset -----------------------------------------------------------


class NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def __repr__(self) -> str:
        return "NoOffset()"


class NoDst(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return timedelta(0)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def __repr__(self) -> str:
        return "NoDst()"


USABLE = "expected a tzinfo whose utcoffset() gives a timedelta, such as a zoneinfo.ZoneInfo"


@pytest.mark.parametrize(
    ("tz", "message"),
    [
        (NoOffset(), f"time zone NoOffset() gives no UTC offset (None): {USABLE}"),
        (
            NoDst(),
            "time zone NoDst() cannot be used (ValueError: fromutc: non-None dst() result "
            f"required): {USABLE}",
        ),
    ],
)
def test_a_tzinfo_without_an_offset_is_refused_when_the_schedule_is_built(
    tz: tzinfo, message: str
) -> None:
    with raises(UnknownZoneError, message):
        Schedule({"mon-fri": "09:00-18:00"}, tz=tz)


def test_a_bare_tzinfo_is_refused_when_the_schedule_is_built() -> None:
    bare = tzinfo()
    message = (
        f"time zone {bare!r} cannot be used (NotImplementedError: a tzinfo subclass must "
        f"implement utcoffset()): {USABLE}"
    )
    with raises(UnknownZoneError, message):
        Schedule({"mon-fri": "09:00-18:00"}, tz=bare)


def test_fixed_offsets_are_usable() -> None:
    three = timezone(timedelta(hours=3))
    desk = Schedule({"mon": "09:00-10:00"}, tz=three)
    assert desk.add("2026-01-05 09:00", "30m") == datetime(2026, 1, 5, 9, 30, tzinfo=three)


# -- 7: text where a calendar belongs -----------------------------------------------------------

CALENDAR = (
    "expected an object that answers `day in calendar` (a holidays object, a set of dates, "
    "a dateutil rrule)"
)


@pytest.mark.parametrize(
    ("calendar", "message"),
    [
        (
            "US",
            f"calendar 'US': {CALENDAR}, got str; for a country's holidays, country_calendar('US')",
        ),
        ("", f"calendar '': {CALENDAR}, got str"),
        (b"US", f"calendar b'US': {CALENDAR}, got bytes"),
        (5, f"calendar 5: {CALENDAR}, got int"),
    ],
)
def test_text_is_not_a_calendar(calendar: object, message: str) -> None:
    with raises(InvalidCalendarError, message):
        Schedule({"mon-fri": "09:00-18:00"}, tz="UTC", calendar=calendar)
    with raises(InvalidCalendarError, message):
        union({date(2026, 1, 1)}, calendar)


# -- 8: nothing answered outside the supported years, and the errors name the instant ----------

OUTSIDE = "is outside the years slaclock supports: expected 2 to 9998"
NEVER_OPEN = Schedule({}, tz="UTC")
DESK = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: NEVER_OPEN.add(datetime(1, 1, 1), timedelta(0)),
            f"0001-01-01 00:00:00 in UTC {OUTSIDE}",
        ),
        (
            lambda: NEVER_OPEN.subtract(datetime(9999, 12, 31), timedelta(0)),
            f"9999-12-31 00:00:00 in UTC {OUTSIDE}",
        ),
        (
            lambda: list(DESK.periods("0001-06-01T00:00+00:00", "0001-06-01T00:00+00:00")),
            f"0001-06-01 00:00:00+00:00 {OUTSIDE}",
        ),
        (
            lambda: DESK.instant(datetime(1, 1, 1)),
            f"0001-01-01 00:00:00 in America/New_York (0001-01-01 04:56:02 UTC) {OUTSIDE}",
        ),
        (
            lambda: Schedule({"mon": "09:00-10:00"}, tz="Asia/Tokyo").is_open("0002-01-01 00:00"),
            f"0002-01-01 00:00:00 in Asia/Tokyo (0001-12-31 14:41:01 UTC) {OUTSIDE}",
        ),
        (
            lambda: DESK.next_open(datetime(9998, 12, 31, 23, tzinfo=UTC)),
            "no opening at or after 9998-12-31 18:00:00-05:00 before 9998-12-31 19:00:00-05:00, "
            "the end of the years slaclock supports: expected 2 to 9998",
        ),
        (
            lambda: DESK.add(datetime(9998, 12, 31, 12, tzinfo=UTC), "100h"),
            "100h of open time after 9998-12-31 07:00:00-05:00 ends after "
            "9998-12-31 19:00:00-05:00, the end of the years slaclock supports: "
            "expected 2 to 9998",
        ),
        (
            lambda: from_micros(10**20, UTC),
            f"an instant in about the year 3,170,843 in UTC {OUTSIDE}",
        ),
    ],
    ids=[
        "add-zero-year-1",
        "subtract-zero-9999",
        "empty-periods-year-1",
        "instant-naive-year-1",
        "local-year-2-is-utc-year-1",
        "next-open-past-9998",
        "add-past-9998",
        "from-micros",
    ],
)
def test_nothing_is_answered_outside_the_supported_years(call: Any, message: str) -> None:
    with raises(OutOfRangeError, message):
        call()


# -- C1, C2: the command line exits 2 on bad input, never 1 on a crash -------------------------


@pytest.mark.parametrize(
    ("first", "last", "message"),
    [
        ("9999-12-31", "9999-12-31", "--from 9999-12-31: expected a date in the years 3 to 9997"),
        ("2026-01-01", "9998-12-31", "--to 9998-12-31: expected a date in the years 3 to 9997"),
        ("0001-01-01", "0001-01-02", "--from 0001-01-01: expected a date in the years 3 to 9997"),
    ],
)
def test_calendar_dates_outside_the_years_exit_2(
    first: str, last: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calendar", "--from", first, "--to", last]) == 2
    assert capsys.readouterr().err == f"slaclock: error: {message}\n"


@pytest.mark.parametrize("delimiter", ["", "ab", '"', "\n"])
def test_a_delimiter_that_is_not_one_character_exits_2(
    delimiter: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets = tmp_path / "t.csv"
    tickets.write_text("id,created,priority\n1,2026-01-01 10:00,high\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        main(["report", str(tickets), "--delimiter", delimiter])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"slaclock report: error: argument --delimiter: {delimiter!r}: expected one character "
        "other than a quote or a line break, such as ',' ';' '|', or 'tab'"
    )


def test_an_unexpected_error_exits_3_never_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: object) -> int:
        raise TypeError("a bug")

    monkeypatch.setitem(dispatch._COMMANDS, "deadline", broken)
    assert main(["deadline", "high", "2026-11-20 17:30"]) == dispatch.INTERNAL_ERROR == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith(
        "slaclock: internal error (TypeError: a bug): this is a bug in slaclock; please report "
        "it with the command and the traceback above\n"
    )


def test_a_threshold_beyond_the_supported_years_never_fires_on_a_ticket() -> None:
    # 10**20 % of 4 h lies far past 9998: a ticket's status shows it with no instant, pending,
    # rather than failing every evaluation under the policy (issue 19, row 5, ticket side).
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    policy = Policy(
        desk,
        targets={"high": "4h"},
        thresholds=[Threshold(75), Threshold(10**20, level=2)],
    )
    created = Event("created", "2026-11-23 09:00", priority="high")
    steps = evaluate(policy, [created], now="2026-11-23 10:00")["response"].escalations
    assert [(str(s.at), s.fired) for s in steps] == [
        ("2026-11-23 12:00:00-05:00", False),
        ("None", False),
    ]


@pytest.mark.parametrize("frequency", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_a_recurrence_within_a_day_is_refused_at_once(frequency: str) -> None:
    # issue 19, row 3: an hourly rule used to make the first deadline take 15-36 s expanding
    # a year of hours; closures close whole dates, so only daily or coarser rules are taken.
    rule = rrulestr(f"FREQ={frequency}", dtstart=datetime(2000, 1, 1))
    with pytest.raises(InvalidCalendarError, match=f"FREQ={frequency}' repeats within a day"):
        Recurring(rule)
    text = (
        '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
        f'recurring = [{{ rule = "FREQ={frequency}" }}]\n'
        '[plans.standard.targets.response]\nhigh = "4h"\n'
    )
    with pytest.raises(
        PolicyFileError, match=r"plans\.standard\.recurring\[0\]\.rule: .*within a day"
    ):
        loads_policy(text)
