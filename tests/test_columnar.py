"""Business time over columns (slaclock.columnar): the scalar answers, for arrays.

Every answer is checked against the scalar engine element by element (the scalar engine is
itself checked against hand-worked dates in test_schedule.py and test_policy.py, and against
a literal model in tests/property). A few anchors are written out by hand as well. Instants
are compared as text with their UTC offset, or as UTC ``datetime64`` values, never as wall
clock.

Dates used (2026 unless said otherwise): Fri 20 Nov, Sat 21, Mon 23, Wed 25, Thu 26
(Thanksgiving), Fri 27 (a Florida holiday), Mon 30. America/New_York: 8 Mar 02:00 EST ->
03:00 EDT; 1 Nov 02:00 EDT -> 01:00 EST. America/Santiago: 5 Apr 00:00 -03 -> 4 Apr 23:00 -04;
6 Sep 00:00 -04 -> 01:00 -03. Australia/Lord_Howe: 5 Apr 02:00 -> 01:30 (+11 -> +10:30);
4 Oct 02:00 -> 02:30.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from dateutil.rrule import DAILY, rrule

from slaclock import (
    BusinessDays,
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidPolicyError,
    NaiveDatetimeError,
    NonexistentTimeError,
    NoOpenTimeError,
    OutOfRangeError,
    Plan,
    Policy,
    Recurring,
    Schedule,
    Target,
    Threshold,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    columnar,
    columnar_policy,
    country_calendar,
    default_policy,
    union,
)

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
US = timedelta(microseconds=1)
H = timedelta(hours=1)
NAT = np.datetime64("NaT", "us")

DESK = Schedule(
    {"mon-fri": "09:00-18:00"}, tz="America/New_York", calendar=country_calendar("US", subdiv="FL")
)
NIGHTS = Schedule({"mon-fri": "22:00-06:00"}, tz="America/Santiago")
ALWAYS = Schedule({"mon-sun": "00:00-24:00"}, tz="Australia/Lord_Howe")

# Named instants around Thanksgiving 2026 in New York (aware), and where each lands.
FRIDAY_4PM = datetime(2026, 11, 20, 16, tzinfo=NY)  # 2 h left on Friday
SATURDAY_NOON = datetime(2026, 11, 21, 12, tzinfo=NY)  # closed: counts from Monday 09:00
WEDNESDAY_4PM = datetime(2026, 11, 25, 16, tzinfo=NY)  # then Thu and Fri are holidays
MONDAY_9AM = datetime(2026, 11, 23, 9, tzinfo=NY)  # the opening itself
FRIDAY_6PM = datetime(2026, 11, 20, 18, tzinfo=NY)  # the closing itself
NAMED = [FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM, MONDAY_9AM, FRIDAY_6PM]


def utc64(*moments: datetime | None) -> np.ndarray:
    """A numpy UTC column of aware datetimes (None -> NaT)."""
    values = [
        NAT if m is None else np.datetime64(m.astimezone(UTC).replace(tzinfo=None), "us")
        for m in moments
    ]
    return np.array(values, dtype="datetime64[us]")


def texts(result: Any) -> list[str | None]:
    """Instants as text with offsets (pandas) or as UTC ISO text (numpy); None where missing."""
    if isinstance(result, pd.Series | pd.DatetimeIndex):
        return [None if value is pd.NaT else str(value) for value in result]
    return [None if np.isnat(value) else str(value) for value in result]


def as_utc(result: Any) -> list[datetime | None]:
    """Any column of instants as UTC datetimes (None where missing)."""
    if isinstance(result, pd.Series):
        result = pd.DatetimeIndex(result)
    if isinstance(result, pd.DatetimeIndex):
        assert result.tz is not None
        result = np.asarray(result.tz_convert(None), dtype="datetime64[us]")
    found: list[datetime | None] = []
    for value in result:
        found.append(
            None
            if np.isnat(value)
            else datetime(1970, 1, 1, tzinfo=UTC) + US * int(value.view(np.int64))
        )
    return found


def utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.astimezone(UTC)


# -- the kinds of column ------------------------------------------------------------------------

KINDS: dict[str, Callable[[list[datetime]], Any]] = {
    "numpy": lambda ms: utc64(*ms),
    "pandas aware (another zone)": lambda ms: pd.Series(
        pd.DatetimeIndex([m.astimezone(MADRID) for m in ms])
    ),
    "pandas naive (schedule's zone)": lambda ms: pd.Series(
        pd.DatetimeIndex([m.replace(tzinfo=None) for m in ms])
    ),
    "DatetimeIndex aware": lambda ms: pd.DatetimeIndex([m.astimezone(UTC) for m in ms], name="at"),
    "list of datetimes and text": lambda ms: [
        m if k % 2 else m.isoformat() for k, m in enumerate(ms)
    ],
}


@pytest.mark.parametrize("kind", KINDS)
def test_each_question_over_each_kind_of_column(kind: str) -> None:
    column = KINDS[kind](NAMED)
    other = KINDS[kind]([m + timedelta(days=3, hours=5) for m in NAMED])
    assert as_utc(DESK.add_many(column, "4h")) == [utc(DESK.add(m, "4h")) for m in NAMED]
    assert as_utc(DESK.subtract_many(column, "4h")) == [utc(DESK.subtract(m, "4h")) for m in NAMED]
    assert as_utc(DESK.next_open_many(column)) == [utc(DESK.next_open(m)) for m in NAMED]
    assert list(DESK.is_open_many(column)) == [DESK.is_open(m) for m in NAMED]
    pairs = zip(NAMED, [m + timedelta(days=3, hours=5) for m in NAMED], strict=True)
    found = np.asarray(DESK.elapsed_many(column, other), dtype="timedelta64[us]")
    assert [US * int(v.view(np.int64)) for v in found] == [DESK.elapsed(a, b) for a, b in pairs]
    DESK._check()


def test_hand_worked_answers() -> None:
    # Fri 16:00 + 4 h: 2 h on Friday, 2 h from Monday 09:00 -> Mon 11:00 (16:00Z).
    # Sat 12:00 + 4 h: from Monday 09:00 -> Mon 13:00 (18:00Z).
    # Wed 25 16:00 + 4 h: 2 h on Wednesday; Thu 26 and Fri 27 closed -> Mon 30 11:00.
    # Mon 09:00 + 4 h -> 13:00; Fri 18:00 (closing) + 4 h -> Mon 13:00.
    assert texts(DESK.add_many(utc64(*NAMED), "4h")) == [
        "2026-11-23T16:00:00.000000",
        "2026-11-23T18:00:00.000000",
        "2026-11-30T16:00:00.000000",
        "2026-11-23T18:00:00.000000",
        "2026-11-23T18:00:00.000000",
    ]
    naive = pd.Series(pd.DatetimeIndex([m.replace(tzinfo=None) for m in NAMED]))
    assert texts(DESK.add_many(naive, "2h")) == [
        "2026-11-20 18:00:00-05:00",  # lands exactly on Friday's closing
        "2026-11-23 11:00:00-05:00",
        "2026-11-25 18:00:00-05:00",
        "2026-11-23 11:00:00-05:00",
        "2026-11-23 11:00:00-05:00",
    ]
    # Open at the opening, closed at the closing; next_open of a closed instant is Monday 09:00.
    assert list(DESK.is_open_many(naive)) == [True, False, True, True, False]
    assert texts(DESK.next_open_many(naive))[1] == "2026-11-23 09:00:00-05:00"


def test_results_come_back_in_the_column_s_kind() -> None:
    series = pd.Series(pd.DatetimeIndex([FRIDAY_4PM, None]), index=["a", "b"], name="submitted")
    result = DESK.add_many(series, "4h")
    assert isinstance(result, pd.Series)
    assert list(result.index) == ["a", "b"]
    assert result.name == "submitted"
    assert str(result.dtype) == "datetime64[us, America/New_York]"
    index = pd.DatetimeIndex([FRIDAY_4PM], name="at")
    found = DESK.next_open_many(index)
    assert isinstance(found, pd.DatetimeIndex)
    assert found.name == "at"
    assert isinstance(DESK.elapsed_many(index, index), pd.TimedeltaIndex)
    assert str(DESK.is_open_many(series).dtype) == "boolean"
    numpy = DESK.add_many(utc64(FRIDAY_4PM), "4h")
    assert isinstance(numpy, np.ndarray)
    assert numpy.dtype == np.dtype("datetime64[us]")
    assert DESK.add_many([FRIDAY_4PM], "4h").dtype == np.dtype("datetime64[us]")  # lists: UTC
    assert isinstance(DESK.is_open_many(utc64(FRIDAY_4PM)), np.ndarray)


def test_a_schedule_with_a_fixed_offset_zone_answers_in_it() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz=timezone(timedelta(hours=-3)))
    result = desk.add_many(pd.Series(pd.DatetimeIndex([datetime(2026, 11, 20, 16)])), "4h")
    assert texts(result) == ["2026-11-23 11:00:00-03:00"]


# -- missing values ------------------------------------------------------------------------------

MISSING_KINDS: dict[str, Callable[[list[datetime | None]], Any]] = {
    "numpy NaT": lambda ms: utc64(*ms),
    "pandas NaT (aware)": lambda ms: pd.Series(pd.DatetimeIndex([utc(m) for m in ms])),
    "pandas NaT (naive)": lambda ms: pd.Series(
        pd.DatetimeIndex([None if m is None else m.replace(tzinfo=None) for m in ms])
    ),
    "None in a list": lambda ms: list(ms),
    "pd.NaT in a list": lambda ms: [pd.NaT if m is None else m for m in ms],
    "numpy NaT in a list": lambda ms: [NAT if m is None else m for m in ms],
    "NaN in a list": lambda ms: [float("nan") if m is None else m for m in ms],
    "pd.NA in an object Series": lambda ms: pd.Series(
        [pd.NA if m is None else m for m in ms], dtype=object
    ),
}


@pytest.mark.parametrize("kind", MISSING_KINDS)
@pytest.mark.parametrize("gone", range(4))
def test_missing_values_come_back_missing_in_the_same_positions(kind: str, gone: int) -> None:
    moments: list[datetime | None] = [FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM, MONDAY_9AM]
    moments[gone] = None
    column = MISSING_KINDS[kind](moments)
    for batch, scalar in (
        (DESK.add_many, lambda m: DESK.add(m, "4h")),
        (DESK.subtract_many, lambda m: DESK.subtract(m, "4h")),
    ):
        assert as_utc(batch(column, "4h")) == [
            None if m is None else utc(scalar(m)) for m in moments
        ]
    assert as_utc(DESK.next_open_many(column)) == [
        None if m is None else utc(DESK.next_open(m)) for m in moments
    ]
    opened = DESK.is_open_many(column)
    if isinstance(opened, pd.Series):
        assert [value is pd.NA for value in opened] == [m is None for m in moments]
    else:
        assert list(np.ma.getmaskarray(opened)) == [m is None for m in moments]
    spans = np.asarray(DESK.elapsed_many(column, utc64(*[MONDAY_9AM] * 4)), dtype="timedelta64[us]")
    assert [bool(np.isnat(v)) for v in spans] == [m is None for m in moments]


def test_all_missing_and_missing_in_the_other_column() -> None:
    assert texts(DESK.add_many([None, None], "4h")) == [None, None]
    assert texts(DESK.add_many(pd.Series([None, None]), "4h")) == [None, None]
    # A wall time that never happened is not read where the other column is missing.
    gap = pd.Series(
        pd.DatetimeIndex([datetime(2026, 3, 8, 2, 30), FRIDAY_4PM.replace(tzinfo=None)])
    )
    spans = DESK.elapsed_many(gap, utc64(None, MONDAY_9AM))
    assert list(spans.isna()) == [True, False]
    assert texts(DESK.add_many(gap, [None, H])) == [None, "2026-11-20 17:00:00-05:00"]


# -- durations -----------------------------------------------------------------------------------

FOUR_HOURS = {
    "text": "4h",
    "timedelta": timedelta(hours=4),
    "pandas Timedelta": pd.Timedelta(hours=4),
    "numpy timedelta64": np.timedelta64(4, "h"),
    "list of text": ["4h", "240m", "3h60m"],
    "list of mixed": [timedelta(hours=4), np.timedelta64(240, "m"), pd.Timedelta("4h")],
    "numpy array": np.array([4, 4, 4], dtype="timedelta64[h]"),
    "pandas Series": pd.Series(pd.to_timedelta(["4h", "4h", "4h"])),
    "TimedeltaIndex": pd.TimedeltaIndex(["4h", "4h", "4h"]),
}


@pytest.mark.parametrize("kind", FOUR_HOURS)
def test_durations_one_for_all_or_one_per_instant(kind: str) -> None:
    starts = utc64(FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM)
    expected = [utc(DESK.add(m, "4h")) for m in (FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM)]
    assert as_utc(DESK.add_many(starts, FOUR_HOURS[kind])) == expected


def test_zero_durations_return_the_start_itself() -> None:
    starts = utc64(SATURDAY_NOON, FRIDAY_4PM)
    assert as_utc(DESK.add_many(starts, [timedelta(0), H])) == [
        utc(SATURDAY_NOON),
        utc(DESK.add(FRIDAY_4PM, H)),
    ]
    assert as_utc(DESK.subtract_many(starts, "0s")) == [utc(SATURDAY_NOON), utc(FRIDAY_4PM)]


@pytest.mark.parametrize(
    "durations",
    [
        np.array([60, "NaT", 60], dtype="timedelta64[m]"),
        [H, None, H],
        [H, pd.NaT, H],
        [H, np.timedelta64("NaT"), H],
        pd.Series(pd.to_timedelta(["1h", None, "1h"])),
    ],
    ids=["numpy NaT", "None", "pd.NaT", "numpy NaT in a list", "pandas NaT"],
)
def test_missing_durations_give_missing_answers(durations: Any) -> None:
    starts = utc64(FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM)
    for result in (DESK.add_many(starts, durations), DESK.subtract_many(starts, durations)):
        assert [value is None for value in as_utc(result)] == [False, True, False]


@pytest.mark.parametrize("missing", [pd.NaT, np.timedelta64("NaT")], ids=["pd.NaT", "numpy NaT"])
def test_one_missing_duration_for_all_gives_all_missing(missing: Any) -> None:
    assert as_utc(DESK.add_many(utc64(FRIDAY_4PM, MONDAY_9AM), missing)) == [None, None]


@pytest.mark.parametrize(
    ("durations", "message"),
    [
        ([H, -H], "position 1: duration -1h is negative: expected 0 or more"),
        (
            np.array([1, 2, -3], dtype="timedelta64[h]")[[0, 2, 1]][[0, 2, 1]],
            "position 2: duration -3h is negative",
        ),
        (
            pd.Series(pd.to_timedelta(["1h", "-90m", "-1h"])),
            "position 1: duration -1h30m is negative",
        ),
        ([H, np.timedelta64(-1, "us"), H], r"position 1: duration -0\.000001s is negative"),
        (-H, r"^duration -1h is negative: expected 0 or more$"),
        ("-4h", r"^duration '-4h' is negative: expected 0 or more$"),
        (np.timedelta64(-2, "h"), r"^duration -2h is negative"),
    ],
    ids=["list", "numpy", "pandas", "list of numpy", "one timedelta", "one text", "one numpy"],
)
def test_negative_durations_are_errors_naming_the_position(durations: Any, message: str) -> None:
    starts = utc64(FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM)[
        : 2 if isinstance(durations, list) and len(durations) == 2 else 3
    ]
    for batch in (DESK.add_many, DESK.subtract_many):
        with pytest.raises(InvalidDurationError, match=message):
            batch(starts, durations)


@pytest.mark.parametrize(
    ("durations", "message"),
    [
        (
            ["4h", "2bd"],
            "position 1: duration '2bd' is a number of business days, not a length of time",
        ),
        (["4h", "soon"], "position 1: duration 'soon' is not understood"),
        (["4h", 5], "position 1: duration 5: expected a timedelta or text such as '4h', got int"),
        (5, "durations 5: expected a duration such as '4h' or a timedelta, or a column of them"),
        (
            np.array([[1, 2]], dtype="timedelta64[h]"),
            r"durations of shape \(1, 2\): expected one duration or a column",
        ),
        (
            ["4h", "4h", "4h"],
            "3 durations for 2 instants: expected one duration or as many as instants",
        ),
        (np.array([1], dtype="timedelta64[h]"), "1 durations for 2 instants"),
    ],
)
def test_bad_durations(durations: Any, message: str) -> None:
    with pytest.raises(InvalidDurationError, match=message):
        DESK.add_many(utc64(FRIDAY_4PM, MONDAY_9AM), durations)


# -- shapes, types, empty columns --------------------------------------------------------------------

EMPTY: dict[str, Any] = {
    "numpy": np.array([], dtype="datetime64[us]"),
    "numpy (ns)": np.array([], dtype="datetime64[ns]"),
    "list": [],
    "tuple": (),
    "pandas Series": pd.Series([], dtype="datetime64[us]"),
    "pandas Series (aware)": pd.Series([], dtype="datetime64[ns, UTC]"),
    "DatetimeIndex": pd.DatetimeIndex([]),
}


@pytest.mark.parametrize("kind", EMPTY)
def test_empty_columns_give_empty_answers(kind: str) -> None:
    column = EMPTY[kind]
    for result in (
        DESK.add_many(column, "4h"),
        DESK.add_many(column, []),
        DESK.subtract_many(column, np.array([], dtype="timedelta64[us]")),
        DESK.next_open_many(column),
        DESK.is_open_many(column),
        DESK.elapsed_many(column, column),
    ):
        assert len(result) == 0
        assert type(result) is (
            type(column) if isinstance(column, pd.Series | pd.Index) else np.ndarray
        ) or isinstance(result, pd.Index)
    assert columnar_policy.deadlines(default_policy(), "high", column).shape == (0,)
    assert {
        k: len(v) for k, v in columnar_policy.escalations(default_policy(), [], column).items()
    } == {
        "warn": 0,
        "level 2": 0,
        "level 3": 0,
    }


@pytest.mark.parametrize(
    ("column", "message"),
    [
        (
            FRIDAY_4PM,
            r"column datetime\.datetime\(2026, 11, 20, 16, 0.*: expected an array or an iterable of datetimes",
        ),
        (
            "2026-11-20 16:00",
            "column '2026-11-20 16:00': expected an array or an iterable of datetimes",
        ),
        (
            np.array([["2026-11-20"]], dtype="datetime64[us]"),
            r"column of shape \(1, 1\): expected a one-dimensional column",
        ),
        (
            pd.DataFrame({"at": [FRIDAY_4PM]}),
            "column of type DataFrame: expected a numpy datetime64 array, a pandas Series",
        ),
        (
            [FRIDAY_4PM, 42],
            "position 1: 42 is not an instant: expected a datetime or an ISO 8601 string, got int",
        ),
        (
            pd.Series(["2026-11-20 16:00", "tomorrow"]),
            "position 1: 'tomorrow' is not an ISO 8601 date-time",
        ),
    ],
    ids=["a datetime", "text", "2-D", "DataFrame", "an int in a list", "bad text in a Series"],
)
def test_what_is_not_a_column_of_instants(column: Any, message: str) -> None:
    with pytest.raises(InvalidDatetimeError, match=message):
        DESK.add_many(column, "4h")


def test_elapsed_needs_as_many_ends_as_starts() -> None:
    with pytest.raises(InvalidDatetimeError, match="2 starts and 3 ends: expected as many of each"):
        DESK.elapsed_many(utc64(FRIDAY_4PM, MONDAY_9AM), utc64(FRIDAY_4PM, MONDAY_9AM, MONDAY_9AM))


def test_object_columns_are_read_value_by_value() -> None:
    mixed = pd.Series([FRIDAY_4PM.astimezone(MADRID), "2026-11-21T12:00-05:00", None], name="when")
    assert mixed.dtype == object
    assert texts(DESK.add_many(mixed, "4h")) == [
        "2026-11-23 11:00:00-05:00",
        "2026-11-23 13:00:00-05:00",
        None,
    ]
    # numpy datetime64 values in a list are UTC, as in an array.
    listed = [np.datetime64("2026-11-20T21:00"), FRIDAY_4PM]
    assert texts(DESK.add_many(listed, "4h")) == ["2026-11-23T16:00:00.000000"] * 2


def test_nanoseconds_are_floored_to_the_microsecond_as_in_the_scalar_engine() -> None:
    stamp = pd.Timestamp("2026-11-20 21:00:00.000000999", tz="UTC")
    column = pd.Series([stamp]).astype("datetime64[ns, UTC]")
    assert as_utc(ALWAYS.add_many(column, US)) == [utc(ALWAYS.add(stamp, US))]
    assert as_utc(ALWAYS.add_many(column, US)) == [datetime(2026, 11, 20, 21, 0, 0, 1, tzinfo=UTC)]


# -- naive values: gaps, folds, reject -----------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "wall", "shown"),
    [
        (
            "America/New_York",
            datetime(2026, 3, 8, 2, 30),
            "2026-03-08 02:30:00 does not exist in America/New_York",
        ),
        (
            "America/Santiago",
            datetime(2026, 9, 6, 0, 30),
            "2026-09-06 00:30:00 does not exist in America/Santiago",
        ),
        (
            "Australia/Lord_Howe",
            datetime(2026, 10, 4, 2, 15),
            "2026-10-04 02:15:00 does not exist in Australia/Lord_Howe",
        ),
    ],
)
def test_naive_values_in_a_dst_gap_are_errors_naming_the_position(
    zone: str, wall: datetime, shown: str
) -> None:
    schedule = Schedule({"mon-sun": "00:00-24:00"}, tz=zone)
    fine = wall + timedelta(days=2)
    column = pd.Series(pd.DatetimeIndex([fine, None, wall, wall]))
    for ask in (
        lambda: schedule.add_many(column, "1h"),
        lambda: schedule.subtract_many(column, "1h"),
        lambda: schedule.next_open_many(column),
        lambda: schedule.is_open_many(column),
        lambda: schedule.elapsed_many(column, column),
        lambda: schedule.add_many([fine, None, wall, wall], "1h"),  # the same in a list
    ):
        with pytest.raises(NonexistentTimeError, match=f"^position 2: {shown}"):
            ask()
    with pytest.raises(NonexistentTimeError):
        schedule.add(wall, "1h")  # as the scalar engine


@pytest.mark.parametrize(
    ("zone", "wall", "first"),
    [
        # 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST): the first.
        (
            "America/New_York",
            datetime(2026, 11, 1, 1, 30),
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),
        # 23:30 on 4 Apr happens at 02:30Z (-03) and 03:30Z (-04): the first.
        ("America/Santiago", datetime(2026, 4, 4, 23, 30), datetime(2026, 4, 5, 2, 30, tzinfo=UTC)),
        # 01:45 on 5 Apr happens at 14:45Z (+11) and 15:15Z (+10:30) on 4 Apr: the first.
        (
            "Australia/Lord_Howe",
            datetime(2026, 4, 5, 1, 45),
            datetime(2026, 4, 4, 14, 45, tzinfo=UTC),
        ),
    ],
)
def test_naive_values_in_a_fold_are_the_first_occurrence(
    zone: str, wall: datetime, first: datetime
) -> None:
    schedule = Schedule({"mon-sun": "00:00-24:00"}, tz=zone)
    assert wall.replace(tzinfo=ZoneInfo(zone), fold=0).astimezone(UTC) == first
    column = pd.Series(pd.DatetimeIndex([wall]))
    assert as_utc(schedule.add_many(column, "0s")) == [first]
    assert as_utc(schedule.add_many(column, "1h")) == [utc(schedule.add(wall, "1h"))]
    assert as_utc(schedule.add_many(column, "1h")) == [first + H]
    # In a list a naive datetime keeps its fold, as in the scalar engine.
    second = wall.replace(fold=1)
    assert as_utc(schedule.add_many([second], "0s")) == [utc(schedule.add(second, "0s"))]
    assert as_utc(schedule.add_many([second], "0s")) != [first]


def test_a_schedule_that_rejects_naive_values_rejects_naive_columns() -> None:
    strict = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", naive="reject")
    naive = pd.Series(pd.DatetimeIndex([None, datetime(2026, 11, 20, 16)]))
    message = "^position 1: naive datetime 2026-11-20 16:00:00 has no time zone and this schedule rejects naive datetimes"
    with pytest.raises(NaiveDatetimeError, match=message):
        strict.add_many(naive, "4h")
    with pytest.raises(NaiveDatetimeError, match=message):
        strict.is_open_many([None, datetime(2026, 11, 20, 16)])
    # numpy datetime64 values are UTC instants, not naive wall times; aware pandas is fine too.
    assert texts(strict.add_many(utc64(FRIDAY_4PM), "4h")) == ["2026-11-23T16:00:00.000000"]
    assert texts(strict.add_many(pd.Series(pd.DatetimeIndex([FRIDAY_4PM])), "4h")) == [
        "2026-11-23 11:00:00-05:00"
    ]


# -- years: no bounded range ------------------------------------------------------------------------


def test_a_column_spanning_many_years_indexes_only_the_years_it_touches() -> None:
    schedule = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    moments = [
        datetime(2026, 11, 20, 16, tzinfo=NY),
        datetime(2126, 6, 1, 10, tzinfo=NY),
        datetime(1926, 3, 1, 17, tzinfo=NY),
    ]
    assert as_utc(schedule.add_many(utc64(*moments), "4h")) == [
        utc(schedule.add(m, "4h")) for m in moments
    ]
    built = [chunk.year for chunk in schedule.timeline.loaded()]
    assert built == [1926, 2026, 2126]
    years = utc64(*[datetime(year, 7, 1, 12, tzinfo=NY) for year in range(2020, 2031)])
    assert as_utc(schedule.next_open_many(years)) == [
        utc(schedule.next_open(m)) for m in as_utc(years)
    ]
    schedule._check()


def test_elapsed_over_many_years_is_the_scalar_elapsed() -> None:
    starts = utc64(datetime(1990, 1, 1, tzinfo=UTC), datetime(2026, 11, 20, 16, tzinfo=NY))
    ends = utc64(datetime(2030, 1, 1, tzinfo=UTC), datetime(1999, 1, 1, tzinfo=UTC))
    found = np.asarray(DESK.elapsed_many(starts, ends), dtype="timedelta64[us]")
    pairs = zip(as_utc(starts), as_utc(ends), strict=True)
    assert [US * int(v.view(np.int64)) for v in found] == [DESK.elapsed(a, b) for a, b in pairs]
    assert found[1] < np.timedelta64(0, "us")  # an end before its start


@pytest.mark.parametrize(
    ("column", "position", "instant"),
    [
        (
            np.array(["2026-11-20", "0001-06-01"], dtype="datetime64[us]"),
            1,
            "0001-05-31 19:03:58-04:56:02",
        ),
        (
            np.array(["9999-03-01", "2026-11-20"], dtype="datetime64[us]"),
            0,
            "9999-02-28 19:00:00-05:00",
        ),
        ([FRIDAY_4PM, datetime(1, 1, 1, 12, tzinfo=UTC)], 1, "0001-01-01 07:03:58-04:56:02"),
        (
            pd.Series(pd.DatetimeIndex(["2026-11-20 16:00", "9999-06-01 12:00"]).as_unit("us")),
            1,
            "9999-06-01 12:00:00-04:00",
        ),
    ],
    ids=["numpy year 1", "numpy year 9999", "list", "pandas naive"],
)
def test_years_out_of_range_are_errors_naming_the_position(
    column: Any, position: int, instant: str
) -> None:
    # The instant is named in the schedule's zone (issue 19: errors name local dates).
    outside = "is outside the years slaclock supports: expected 2 to 9998"
    message = f"^position {position}: {re.escape(instant)} {outside}$"
    for ask in (
        lambda: DESK.add_many(column, "4h"),
        lambda: DESK.subtract_many(column, "4h"),
        lambda: DESK.next_open_many(column),
        lambda: DESK.is_open_many(column),
        lambda: DESK.elapsed_many(column, column),
    ):
        with pytest.raises(OutOfRangeError, match=message):
            ask()


@pytest.mark.parametrize(
    "column",
    [
        pd.Series(pd.DatetimeIndex(["2026-11-20 16:00", "9999-12-31 22:00"]).as_unit("us")),
        [datetime(2026, 11, 20, 16), datetime(9999, 12, 31, 22)],
    ],
    ids=["pandas", "list"],
)
def test_a_naive_wall_time_in_year_10000_utc_is_out_of_range(column: Any) -> None:
    # 22:00 on 31 Dec 9999 in New York is 03:00 on 1 Jan 10000 UTC: as the scalar engine says.
    with pytest.raises(OutOfRangeError) as expected:
        DESK.add(datetime(9999, 12, 31, 22), "4h")
    assert str(expected.value) == (
        "9999-12-31 22:00:00 in America/New_York is outside the years slaclock supports: "
        "expected 2 to 9998"
    )
    with pytest.raises(OutOfRangeError, match=f"^position 1: {expected.value}$"):
        DESK.add_many(column, "4h")


@pytest.mark.parametrize("method", ["add", "subtract"])
def test_adding_nothing_to_an_instant_out_of_range_is_out_of_range_as_in_the_scalar_engine(
    method: str,
) -> None:
    # Nothing is answered outside the supported years, not even a zero duration (issue 19).
    far = datetime(1, 1, 1, 12, tzinfo=UTC)
    scalar = "0001-01-01 12:00:00+00:00 is outside the years slaclock supports: expected 2 to 9998"
    with pytest.raises(OutOfRangeError, match=f"^{re.escape(scalar)}$"):
        getattr(DESK, method)(far, "0s")
    columnar = (
        "position 0: 0001-01-01 07:03:58-04:56:02 is outside the years slaclock supports: "
        "expected 2 to 9998"
    )
    with pytest.raises(OutOfRangeError, match=f"^{re.escape(columnar)}$"):
        getattr(DESK, f"{method}_many")(utc64(far), "0s")


# -- no open time, and the look-ahead --------------------------------------------------------------

NO_HOURS = Schedule({}, tz="UTC")
EVERY_DAY_CLOSED = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=Recurring(rrule(DAILY, dtstart=datetime(2000, 1, 1))),
)


@pytest.mark.parametrize(
    "schedule", [NO_HOURS, EVERY_DAY_CLOSED], ids=["no hours", "every day closed"]
)
def test_a_schedule_with_no_open_time_raises_as_the_scalar_engine(schedule: Schedule) -> None:
    start = datetime(2026, 11, 20, 16, tzinfo=UTC)
    column = utc64(None, start)
    for batch, scalar in (
        (lambda: schedule.add_many(column, "1h"), lambda: schedule.add(start, "1h")),
        (lambda: schedule.subtract_many(column, "1h"), lambda: schedule.subtract(start, "1h")),
        (lambda: schedule.next_open_many(column), lambda: schedule.next_open(start)),
    ):
        with pytest.raises(NoOpenTimeError) as expected:
            scalar()
        with pytest.raises(NoOpenTimeError) as found:
            batch()
        assert str(found.value) == f"position 1: {expected.value}"
    assert list(schedule.is_open_many(utc64(start))) == [False]
    assert list(schedule.elapsed_many(utc64(start), utc64(start + 1000 * H))) == [
        np.timedelta64(0, "us")
    ]
    assert as_utc(schedule.add_many(column, "0s")) == [None, start]


# Open only on 1 June 2020, 09:00-10:00 UTC: from 2010 (ten years without open time) the scalar
# engine gives up; from 2011 it finds it.
ONE_HOUR_IN_2020 = Schedule({}, tz="UTC", overrides={date(2020, 6, 1): "09:00-10:00"})


@pytest.mark.parametrize("year", [2008, 2009, 2010, 2011, 2019, 2020, 2021, 2029, 2030, 2031])
def test_the_look_ahead_stops_where_the_scalar_engine_stops(year: int) -> None:
    moment = datetime(year, 6, 1, 12, tzinfo=UTC)
    checks: list[tuple[Callable[[], Any], Callable[[], Any]]] = [
        (
            lambda: ONE_HOUR_IN_2020.add(moment, "1h"),
            lambda: ONE_HOUR_IN_2020.add_many(utc64(moment), "1h"),
        ),
        (
            lambda: ONE_HOUR_IN_2020.subtract(moment, "1h"),
            lambda: ONE_HOUR_IN_2020.subtract_many(utc64(moment), "1h"),
        ),
        (
            lambda: ONE_HOUR_IN_2020.next_open(moment),
            lambda: ONE_HOUR_IN_2020.next_open_many(utc64(moment)),
        ),
    ]
    for scalar, batch in checks:
        try:
            expected: Any = [utc(scalar())]
        except NoOpenTimeError as err:
            expected = f"position 0: {err}"
        try:
            found: Any = as_utc(batch())
        except NoOpenTimeError as err:
            found = str(err)
        assert found == expected


@pytest.mark.parametrize("method", ["add", "subtract"])
def test_a_huge_duration_is_the_scalar_answer_not_an_int64_overflow(method: str) -> None:
    # More open time than the years 2..9998 hold: out of range at once, in both engines.
    start = datetime(2020, 6, 1, 9, 30, tzinfo=UTC)
    huge = np.iinfo(np.int64).max - 10
    scalar = (
        r"2562047788h0m54\.775797s of open time (after|before) 2020-06-01 09:30:00\+00:00 "
        r"ends (after 9999-01-01|before 0002-01-01) 00:00:00\+00:00, the (end|start) of the "
        r"years slaclock supports: expected 2 to 9998$"
    )
    # A column's durations are capped just above any open time, so the batch names less.
    message = r".* of open time (after|before) 2020-06-01 09:30:00\+00:00 ends (after|before) "
    with pytest.raises(OutOfRangeError, match=f"^{scalar}"):
        getattr(ONE_HOUR_IN_2020, method)(start, US * huge)
    batch = getattr(ONE_HOUR_IN_2020, f"{method}_many")
    with pytest.raises(OutOfRangeError, match=rf"^position 0: {message}"):
        batch(utc64(start), np.array([huge], dtype="timedelta64[us]"))
    with pytest.raises(OutOfRangeError, match=rf"^position 0: {message}"):
        batch(utc64(start), [timedelta.max])


def test_the_look_ahead_is_per_value_in_a_column_spanning_years() -> None:
    # 2020 is within reach from 2015 but not from 2005; one column holds both.
    late, early = datetime(2015, 1, 1, tzinfo=UTC), datetime(2005, 1, 1, tzinfo=UTC)
    assert as_utc(ONE_HOUR_IN_2020.add_many(utc64(late), "1h")) == [
        datetime(2020, 6, 1, 10, tzinfo=UTC)
    ]
    with pytest.raises(
        NoOpenTimeError,
        match=r"^position 1: no open time from 2005-01-01 00:00:00\+00:00 to 2015-01-01 00:00",
    ):
        ONE_HOUR_IN_2020.add_many(utc64(late, early), "1h")
    with pytest.raises(
        NoOpenTimeError,
        match=r"^position 0: no open time from 2005-01-01 00:00:00\+00:00 to 2015-01-01 00:00",
    ):
        ONE_HOUR_IN_2020.next_open_many(utc64(early, late))


# -- unions ------------------------------------------------------------------------------------------


def test_a_union_of_desks_answers_as_its_scalar_methods() -> None:
    both = DESK | Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
    column = utc64(*NAMED)
    assert as_utc(both.add_many(column, "10h")) == [utc(both.add(m, "10h")) for m in NAMED]
    assert list(both.is_open_many(column)) == [both.is_open(m) for m in NAMED]
    both._check()


# -- policies -----------------------------------------------------------------------------------------

TOKYO = Schedule({"mon-fri": "09:00-18:00"}, tz="Asia/Tokyo")
POLICY = Policy(
    DESK,
    targets={
        "response": {"high": "4h", "medium": "12h", "low": "2bd"},
        "update": {"high": "30m calendar"},
    },
    plans={"tokyo": TOKYO, "miami": Plan("miami", DESK, {"response": {"high": "2h"}})},
    aliases={"p1": "high", "alta": "high"},
    thresholds=[
        Threshold(50),
        Threshold(75),
        Threshold(100, level=2),
        Threshold("87.5", name="late"),
    ],
)


def scalar_deadlines(
    policy: Policy, priorities: list[Any], submitted: list[Any], plans: list[Any], **kw: Any
) -> list[datetime | None]:
    return [
        None if p is None or s is None else utc(policy.deadline(p, s, plan=plan, **kw))
        for p, s, plan in zip(priorities, submitted, plans, strict=True)
    ]


def test_deadlines_hand_worked() -> None:
    # Fri 20 Nov 16:00 New York: high (4 h) -> Mon 11:00; medium (12 h: 2 on Friday, 9 on
    # Monday, 1 on Tuesday) -> Tue 24 10:00;
    # low (2 business days) -> close of business on the 2nd business day after Friday: Mon 23,
    # Tue 24 -> Tue 18:00. In Tokyo the same instant is Sat 06:00: high -> Mon 13:00 JST.
    submitted = utc64(FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM)
    found = columnar_policy.deadlines(
        POLICY, ["high", "Medium", "low", "p1"], submitted, plans=[None, None, None, "tokyo"]
    )
    assert texts(found) == [
        "2026-11-23T16:00:00.000000",
        "2026-11-24T15:00:00.000000",
        "2026-11-24T23:00:00.000000",
        "2026-11-23T04:00:00.000000",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_deadlines_agree_with_the_policy_for_each_kind_of_column(kind: str) -> None:
    moments = [*NAMED, FRIDAY_4PM, SATURDAY_NOON]
    priorities = ["high", "medium", "low", "alta", "p1", "HIGH", "low"]
    plans = [None, "tokyo", "miami", "tokyo", None, "Miami", "tokyo"]
    column = KINDS[kind](moments)
    # Naive values are read in each row's plan's zone, as Policy.deadline reads them.
    given = [m.replace(tzinfo=None) for m in moments] if "naive" in kind else moments
    assert as_utc(
        columnar_policy.deadlines(POLICY, priorities, column, plans=plans)
    ) == scalar_deadlines(POLICY, priorities, given, plans)
    assert as_utc(
        columnar_policy.deadlines(POLICY, "high", column, metric="update")
    ) == scalar_deadlines(POLICY, ["high"] * 7, given, [None] * 7, metric="update")


def test_naive_submissions_are_read_in_each_plan_s_zone() -> None:
    # 08:00 on Fri 20 Nov: in New York the desk opens at 09:00 -> high due 13:00 EST (18:00Z);
    # in Tokyo it opens at 09:00 JST -> due 13:00 JST (04:00Z).
    naive = pd.Series(pd.DatetimeIndex([datetime(2026, 11, 20, 8)] * 2))
    found = columnar_policy.deadlines(POLICY, "high", naive, plans=[None, "tokyo"])
    assert as_utc(found) == [
        datetime(2026, 11, 20, 18, tzinfo=UTC),
        datetime(2026, 11, 20, 4, tzinfo=UTC),
    ]
    # A gap in one plan's zone is not a gap in another's: only New York's plan refuses it.
    gap = pd.Series(pd.DatetimeIndex([datetime(2026, 3, 8, 2, 30)] * 2))
    assert (
        as_utc(columnar_policy.deadlines(POLICY, "high", gap, plans=["tokyo", "tokyo"]))[0]
        is not None
    )
    with pytest.raises(
        NonexistentTimeError,
        match=r"^position 1: 2026-03-08 02:30:00 does not exist in America/New_York",
    ):
        columnar_policy.deadlines(POLICY, "high", gap, plans=["tokyo", None])


def test_deadlines_zone_for_pandas_columns() -> None:
    column = pd.Series(pd.DatetimeIndex([FRIDAY_4PM, FRIDAY_4PM]))
    same = columnar_policy.deadlines(POLICY, "high", column, plans=["tokyo", "tokyo"])
    assert str(same.dtype) == "datetime64[us, Asia/Tokyo]"
    mixed = columnar_policy.deadlines(POLICY, "high", column, plans=["tokyo", "miami"])
    assert str(mixed.dtype) == "datetime64[us, UTC]"
    default = columnar_policy.deadlines(POLICY, [None, None], column)
    assert str(default.dtype) == "datetime64[us, America/New_York]"
    assert list(default.isna()) == [True, True]


@pytest.mark.parametrize(
    ("priorities", "plans", "error", "message"),
    [
        (
            ["high", "urgent", "urgent"],
            None,
            UnknownPriorityError,
            "^position 1: unknown priority 'urgent': expected one of high, medium, low",
        ),
        (["high", "low", 7], None, UnknownPriorityError, "^position 2: unknown priority 7"),
        (
            "high",
            ["tokyo", "gold", None],
            UnknownPlanError,
            "^position 1: unknown plan 'gold': expected one of standard, tokyo, miami",
        ),
        (["high", "medium", "low"], None, None, None),
    ],
)
def test_unknown_priorities_and_plans_raise_or_coerce(
    priorities: Any, plans: Any, error: Any, message: str | None
) -> None:
    submitted = utc64(FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM)
    if error is not None:
        with pytest.raises(error, match=message):
            columnar_policy.deadlines(POLICY, priorities, submitted, plans=plans)
        with pytest.raises(error, match=message):
            columnar_policy.escalations(POLICY, priorities, submitted, plans=plans)
    names = [priorities] * 3 if isinstance(priorities, str) else priorities
    plan_names = plans or [None] * 3
    expected = []
    for name, moment, plan in zip(names, NAMED[:3], plan_names, strict=True):
        try:
            expected.append(utc(POLICY.deadline(name, moment, plan=plan)))
        except (UnknownPriorityError, UnknownPlanError):
            expected.append(None)
    found = columnar_policy.deadlines(POLICY, priorities, submitted, plans=plans, errors="coerce")
    assert as_utc(found) == expected
    fired = columnar_policy.escalations(POLICY, priorities, submitted, plans=plans, errors="coerce")
    assert [value is None for value in as_utc(fired["late"])] == [
        value is None for value in expected
    ]


def test_missing_priorities_and_plans() -> None:
    submitted = utc64(FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM, FRIDAY_4PM)
    priorities = pd.Series(["high", None, float("nan"), pd.NA], dtype=object)
    assert [
        v is None for v in as_utc(columnar_policy.deadlines(POLICY, priorities, submitted))
    ] == [
        False,
        True,
        True,
        True,
    ]
    # A missing plan is the default plan.
    found = columnar_policy.deadlines(
        POLICY, "high", submitted, plans=[None, float("nan"), "standard", "tokyo"]
    )
    assert as_utc(found)[:3] == [utc(POLICY.deadline("high", FRIDAY_4PM))] * 3


def test_a_priority_without_a_target_for_the_metric() -> None:
    submitted = utc64(FRIDAY_4PM, FRIDAY_4PM)
    with pytest.raises(
        UnknownMetricError,
        match=r"^position 1: no update target for priority 'low' in plan 'standard'",
    ):
        columnar_policy.deadlines(POLICY, ["high", "low"], submitted, metric="update")
    found = columnar_policy.deadlines(
        POLICY, ["high", "low"], submitted, metric="update", errors="coerce"
    )
    assert as_utc(found) == [FRIDAY_4PM.astimezone(UTC) + 30 * timedelta(minutes=1), None]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (
            {"metric": "speed"},
            UnknownMetricError,
            "^unknown metric 'speed': expected one of response, update, resolution$",
        ),
        (
            {"errors": "ignore"},
            InvalidPolicyError,
            "^errors='ignore': expected 'raise' or 'coerce'$",
        ),
        (
            {"priorities": ["high"] * 3},
            InvalidPolicyError,
            "^3 priorities for 2 submission instants: expected one or as many$",
        ),
        (
            {"plans": ["tokyo"]},
            InvalidPolicyError,
            "^1 plans for 2 submission instants: expected one or as many$",
        ),
        (
            {"priorities": 3},
            InvalidPolicyError,
            "^priorities 3: expected text or a column of text$",
        ),
        (
            {"priorities": [["high"], "low"]},
            InvalidPolicyError,
            r"^position 0: priority \['high'\]: expected text$",
        ),
    ],
)
def test_bad_arguments_to_deadlines(arguments: dict[str, Any], error: Any, message: str) -> None:
    given = {"priorities": "high", **arguments}
    priorities = given.pop("priorities")
    for ask in (columnar_policy.deadlines, columnar_policy.escalations):
        with pytest.raises(error, match=message):
            ask(POLICY, priorities, utc64(FRIDAY_4PM, FRIDAY_4PM), **given)


def test_business_day_and_calendar_targets_across_dst() -> None:
    # 2026-03-06 (Fri) 16:00 EST and 2026-10-30 (Fri) 16:00 EDT: the weekend holds a DST change.
    policy = Policy(
        DESK,
        targets={"high": "30h calendar", "medium": "1bd", "low": "0bd"},
        thresholds=[Threshold(50), Threshold(100, level=2)],
    )
    moments = [
        datetime(2026, 3, 6, 16, tzinfo=NY),
        datetime(2026, 10, 30, 16, tzinfo=NY),
        datetime(2026, 3, 7, 12, tzinfo=NY),
    ]
    for priority in ("high", "medium", "low"):
        found = columnar_policy.deadlines(policy, priority, utc64(*moments))
        assert as_utc(found) == [utc(policy.deadline(priority, m)) for m in moments]
        fired = columnar_policy.escalations(policy, priority, utc64(*moments))
        for index, key in enumerate(("warn", "level 2")):
            assert as_utc(fired[key]) == [
                utc(policy.escalations(priority, m)[index][1]) for m in moments
            ]
    # 30 h of real time from Fri 6 Mar 16:00 EST is Sat 7 Mar 22:00 EST (no change crossed);
    # from Fri 30 Oct 16:00 EDT it is Sat 31 Oct 22:00 EDT.
    assert texts(
        columnar_policy.deadlines(policy, "high", pd.Series(pd.DatetimeIndex(moments[:2])))
    ) == [
        "2026-03-07 22:00:00-05:00",
        "2026-10-31 22:00:00-04:00",
    ]


def test_escalations_one_column_per_threshold() -> None:
    submitted = pd.Series(pd.DatetimeIndex([FRIDAY_4PM, None, WEDNESDAY_4PM]), name="submitted")
    fired = columnar_policy.escalations(
        POLICY, ["high", "high", "low"], submitted, plans=[None, None, "tokyo"]
    )
    assert list(fired) == ["warn (50%)", "warn (75%)", "late", "level 2"]
    for index, column in enumerate(fired.values()):
        assert column.name == "submitted"
        expected = [
            None if m is None else utc(POLICY.escalations(p, m, plan=plan)[index][1])
            for p, m, plan in (
                ("high", FRIDAY_4PM, None),
                ("high", None, None),
                ("low", WEDNESDAY_4PM, "tokyo"),
            )
        ]
        assert as_utc(column) == expected
    # Fri 16:00 + 50% of 4 h = 2 h -> Fri 18:00 EST; 87.5% -> Mon 10:30 EST. The plans' zones
    # differ (New York, Tokyo), so the columns are in UTC.
    assert texts(fired["warn (50%)"])[0] == "2026-11-20 23:00:00+00:00"
    assert texts(fired["late"])[0] == "2026-11-23 15:30:00+00:00"


def test_escalations_without_thresholds() -> None:
    plain = Policy(DESK, targets={"high": "4h"})
    assert columnar_policy.escalations(plain, "high", utc64(FRIDAY_4PM)) == {}
    with pytest.raises(UnknownPriorityError, match=r"^position 0: unknown priority 'x'"):
        columnar_policy.escalations(plain, "x", utc64(FRIDAY_4PM))


def test_escalations_round_up_to_the_first_microsecond() -> None:
    # A third of 1 µs-less-than-an-hour of business time: the share is rounded up.
    policy = Policy(
        Schedule({"mon-sun": "00:00-24:00"}, tz="UTC"),
        targets={"high": Target(H - US)},
        thresholds=[Threshold("100/3")],
    )
    start = datetime(2026, 1, 1, tzinfo=UTC)
    fired = columnar_policy.escalations(policy, "high", utc64(start))
    (key,) = fired
    assert key == "warn"
    assert as_utc(fired[key]) == [start + US * -((-(3_600_000_000 - 1) * 100) // 300)]
    assert as_utc(fired[key]) == [utc(policy.escalations("high", start)[0][1])]


def test_business_days_target_in_a_policy_with_many_days() -> None:
    policy = Policy(DESK, targets={"high": Target(BusinessDays(10))}, thresholds=[Threshold(10)])
    moments = [FRIDAY_4PM, SATURDAY_NOON, WEDNESDAY_4PM]
    assert as_utc(columnar_policy.deadlines(policy, "high", moments)) == [
        utc(policy.deadline("high", m)) for m in moments
    ]
    assert as_utc(columnar_policy.escalations(policy, "high", moments)["warn"]) == [
        utc(policy.escalations("high", m)[0][1]) for m in moments
    ]


# -- pickling -----------------------------------------------------------------------------------------


def test_schedules_and_policies_pickle_by_definition_not_by_caches() -> None:
    desk = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
        overrides={"2026-12-24": "09:00-13:00"},
    )
    argentina = Schedule(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
        tz="America/Argentina/Buenos_Aires",
        calendar=country_calendar("AR"),
    )
    both = desk | argentina
    policy = Policy(
        desk,
        targets={"high": "4h", "low": "2bd"},
        plans={"ar": argentina, "both": both},
        thresholds=[Threshold(75)],
    )
    values: list[Any] = [desk, argentina, both, policy]
    sizes = [len(pickle.dumps(value)) for value in values]
    years = utc64(*[datetime(year, 3, 1, 15, tzinfo=UTC) for year in range(2020, 2033)])
    for schedule in (desk, argentina, both):
        schedule.add_many(years, "100h")
        schedule.add(datetime(1999, 5, 5, tzinfo=UTC), "4h")
    columnar_policy.deadlines(
        policy, ["high", "low"] * 6 + ["low"], years, plans=["ar", None] * 6 + ["both"]
    )
    assert len(desk.timeline.loaded()) > 12
    assert [len(pickle.dumps(value)) for value in values] == sizes
    for value in values[:3]:
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value
        assert copy.timeline.loaded() == ()
        assert as_utc(copy.add_many(years, "100h")) == as_utc(value.add_many(years, "100h"))
    copy = pickle.loads(pickle.dumps(policy))
    assert copy.plans.keys() == policy.plans.keys()
    plans = ["ar", None] * 6 + ["both"]
    assert as_utc(columnar_policy.deadlines(copy, "low", years, plans=plans)) == as_utc(
        columnar_policy.deadlines(policy, "low", years, plans=plans)
    )


def test_the_many_methods_are_the_module_functions() -> None:
    column = utc64(*NAMED)
    assert texts(NIGHTS.add_many(column, "3h")) == texts(columnar.add(NIGHTS, column, "3h"))
    assert texts(NIGHTS.subtract_many(column, "3h")) == texts(
        columnar.subtract(NIGHTS, column, "3h")
    )
    assert texts(NIGHTS.next_open_many(column)) == texts(columnar.next_open(NIGHTS, column))
    assert list(NIGHTS.is_open_many(column)) == list(columnar.is_open(NIGHTS, column))
    assert list(NIGHTS.elapsed_many(column, column[::-1])) == list(
        columnar.elapsed(NIGHTS, column, column[::-1])
    )


def test_union_calendars_are_closed_dates_in_columns() -> None:
    closed = union(country_calendar("US", subdiv="FL"), {date(2026, 11, 23)})
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", calendar=closed)
    # Fri 16:00 + 4 h: 2 h on Friday; Mon 23 closed -> Tue 24 11:00.
    assert texts(desk.add_many(pd.Series(pd.DatetimeIndex([FRIDAY_4PM])), "4h")) == [
        "2026-11-24 11:00:00-05:00"
    ]


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",
        "America/Santiago",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Europe/Dublin",
        "Africa/Casablanca",
        "America/Havana",
        "Asia/Kathmandu",
    ],
)
def test_naive_columns_are_read_as_the_scalar_engine_reads_them_around_every_change(
    zone: str,
) -> None:
    """Every 7 minutes over the two days around each change of offset in 2026 (wall times
    that never happened left out): the same instants as the scalar engine's reading."""
    tz = ZoneInfo(zone)
    hour = datetime(2026, 1, 1, tzinfo=UTC)
    walls: list[datetime] = []
    while hour.year == 2026:
        following = hour + H
        if hour.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            wall = (hour.astimezone(tz) - timedelta(days=1)).replace(tzinfo=None, minute=0)
            for step in range(0, 2 * 24 * 60, 7):
                moment = wall + timedelta(minutes=step)
                back = moment.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)
                if back.replace(tzinfo=None) == moment:  # it happened
                    walls.append(moment)
        hour = following
    schedule = Schedule({"mon-sun": "00:00-24:00"}, tz=zone)
    found = as_utc(schedule.add_many(pd.Series(pd.DatetimeIndex(walls)), "0s"))
    assert found == [wall.replace(tzinfo=tz).astimezone(UTC) for wall in walls]
    assert len(walls) > 400 or zone == "Asia/Kathmandu"


def test_policy_methods_are_the_column_functions() -> None:
    policy = default_policy()
    submitted = np.array(["2026-11-20T21:00", "NaT"], dtype="datetime64[us]")
    expected = columnar_policy.deadlines(policy, ["high", "low"], submitted)
    assert np.array_equal(
        policy.deadline_many(["high", "low"], submitted), expected, equal_nan=True
    )
    many = policy.escalations_many("high", submitted)
    direct = columnar_policy.escalations(policy, "high", submitted)
    assert many.keys() == direct.keys()
    for name in many:
        assert np.array_equal(many[name], direct[name], equal_nan=True)
