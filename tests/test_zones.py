"""Time zones: zone lookup, instants as integers, naive input, and DST on real dates.

Transitions used (checked against zoneinfo/tzdata 2026):
* America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
* America/Santiago (changes at midnight): 2026-04-05 00:00 -03 -> 2026-04-04 23:00 -04
  (03:00Z); 2026-09-06 00:00 -04 -> 01:00 -03 (04:00Z).
* Australia/Lord_Howe (30-minute DST): 2026-04-05 02:00 +11 -> 01:30 +10:30 (15:00Z on
  04-04); 2026-10-04 02:00 +10:30 -> 02:30 +11 (15:30Z on 10-03).
* Pacific/Chatham: 2026-04-05 03:45 +13:45 -> 02:45 +12:45; 2026-09-27 02:45 +12:45 -> 03:45
  +13:45.
* Asia/Kathmandu: +05:45 all year.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from slaclock import (
    InvalidDatetimeError,
    NaiveDatetimeError,
    NonexistentTimeError,
    Schedule,
    UnknownZoneError,
    datetime_ambiguous,
    datetime_exists,
)
from slaclock.errors import FixedOffsetWarning
from slaclock.zones import from_micros, to_micros, zone, zone_name

NY = ZoneInfo("America/New_York")
SCL = ZoneInfo("America/Santiago")
LHI = ZoneInfo("Australia/Lord_Howe")
KTM = ZoneInfo("Asia/Kathmandu")
CHT = ZoneInfo("Pacific/Chatham")
BA = ZoneInfo("America/Argentina/Buenos_Aires")
H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)
JAN_1_2026 = 1_767_225_600_000_000  # 20454 days after the epoch
NOV_1_2026 = JAN_1_2026 + 304 * 86_400_000_000  # 00:00Z


def at(tz: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)  # type: ignore[misc]


def real(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware datetimes (same-zone subtraction would use wall time)."""
    return end.astimezone(UTC) - start.astimezone(UTC)


def assert_same(result: datetime, expected: datetime) -> None:
    assert result == expected
    assert result.astimezone(UTC) == expected.astimezone(UTC)  # fold-aware
    assert result.tzinfo is expected.tzinfo
    assert result.utcoffset() == expected.utcoffset()
    assert result.replace(tzinfo=None) == expected.replace(tzinfo=None)


# -- zone() ------------------------------------------------------------------------------


def test_zone_by_name_and_passthrough() -> None:
    assert zone("America/New_York") is NY
    assert zone(NY) is NY
    assert zone(UTC) is UTC
    fixed = timezone(timedelta(hours=-3))
    assert zone(fixed) is fixed
    assert zone_name(NY) == "America/New_York"
    assert zone_name(fixed) == "UTC-03:00"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd"])
def test_unknown_zone(name: str) -> None:
    message = f"unknown time zone {name!r}: expected an IANA zone name such as 'America/New_York'"
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        zone(name)
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        Schedule({"mon-fri": "09:00-18:00"}, tz=name)


@pytest.mark.parametrize(("value", "kind"), [(5, "int"), (None, "NoneType"), (b"UTC", "bytes")])
def test_zone_wrong_type(value: object, kind: str) -> None:
    message = f"time zone {value!r}: expected an IANA zone name (str) or a tzinfo, got {kind}"
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        zone(value)  # type: ignore[arg-type]


def test_pytz_zone_is_refused() -> None:
    pytz = pytest.importorskip("pytz")
    with pytest.raises(
        UnknownZoneError,
        match=r"is a pytz zone, whose offsets are wrong without localize\(\): expected a "
        r"zoneinfo.ZoneInfo such as ZoneInfo\('America/New_York'\)$",
    ):
        Schedule({"mon-fri": "09:00-18:00"}, tz=pytz.timezone("America/New_York"))


def test_fixed_offset_zone_schedule() -> None:
    minus_three = timezone(timedelta(hours=-3))
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz=minus_three)
    assert repr(desk) == "Schedule({'mon-fri': '09:00-18:00'}, tz='UTC-03:00')"
    result = desk.add(at(BA, 2026, 11, 20, 17), "2h")
    assert result == at(BA, 2026, 11, 23, 10)
    assert result.tzinfo is minus_three


# -- to_micros / from_micros -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "micros"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), 0),
        (datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC), -1),
        (datetime(2026, 1, 1, tzinfo=UTC), JAN_1_2026),
        (datetime(2025, 12, 31, 19, tzinfo=NY), JAN_1_2026),
        (datetime(2025, 12, 31, 21, tzinfo=BA), JAN_1_2026),
        (datetime(2026, 1, 1, 5, 45, tzinfo=KTM), JAN_1_2026),
        (datetime(2026, 1, 1, 13, 45, tzinfo=CHT), JAN_1_2026),
        ("2026-01-01T00:00:00Z", JAN_1_2026),
        ("2026-01-01T00:00:00.000001+00:00", JAN_1_2026 + 1),
        ("2025-12-31 19:00", JAN_1_2026),  # naive text, read in New York
        (datetime(2025, 12, 31, 19), JAN_1_2026),  # naive, read in New York
        # 2026-11-01 01:30 happens twice in New York: EDT (05:30Z) then EST (06:30Z).
        (datetime(2026, 11, 1, 1, 30), NOV_1_2026 + 5 * 3_600_000_000 + 1_800_000_000),
        (datetime(2026, 11, 1, 1, 30, fold=1), NOV_1_2026 + 6 * 3_600_000_000 + 1_800_000_000),
        (at(NY, 2026, 11, 1, 1, 30, fold=1), NOV_1_2026 + 6 * 3_600_000_000 + 1_800_000_000),
    ],
)
def test_to_micros(value: datetime | str, micros: int) -> None:
    assert to_micros(value, NY) == micros


@pytest.mark.parametrize(
    ("micros", "tz", "expected"),
    [
        (0, UTC, datetime(1970, 1, 1, tzinfo=UTC)),
        (-1, UTC, datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        (JAN_1_2026, NY, at(NY, 2025, 12, 31, 19)),
        (JAN_1_2026 + 1, KTM, at(KTM, 2026, 1, 1, 5, 45, 0, 1)),
        (NOV_1_2026 + 6 * 3_600_000_000 + 1_800_000_000, NY, at(NY, 2026, 11, 1, 1, 30, fold=1)),
    ],
)
def test_from_micros(micros: int, tz: ZoneInfo, expected: datetime) -> None:
    result = from_micros(micros, tz)
    assert_same(result, expected)
    assert result.fold == expected.fold
    assert to_micros(result, tz) == micros


def test_to_micros_errors() -> None:
    with pytest.raises(
        NonexistentTimeError,
        match=r"^2026-03-08 02:30:00 does not exist in America/New_York \(skipped by a "
        r"daylight-saving change\): give an aware datetime or a wall time that exists$",
    ):
        to_micros(datetime(2026, 3, 8, 2, 30), NY)
    with pytest.raises(
        NaiveDatetimeError,
        match=r"^naive datetime 2026-11-20 17:30:00 has no time zone and this schedule rejects "
        r"naive datetimes: expected an aware datetime \(tzinfo set\)$",
    ):
        to_micros(datetime(2026, 11, 20, 17, 30), NY, "reject")
    with pytest.raises(
        InvalidDatetimeError,
        match=r"^'tomorrow' is not an ISO 8601 date-time: expected e.g. '2026-11-20 17:30' or "
        r"'2026-11-20T17:30:00-05:00'$",
    ):
        to_micros("tomorrow", NY)


@pytest.mark.parametrize(
    ("wall", "tz", "exists", "ambiguous"),
    [
        (datetime(2026, 3, 8, 1, 59, 59, 999999), NY, True, False),
        (datetime(2026, 3, 8, 2), NY, False, False),
        (datetime(2026, 3, 8, 2, 59, 59, 999999), NY, False, False),
        (datetime(2026, 3, 8, 3), NY, True, False),
        (datetime(2026, 11, 1, 0, 59, 59, 999999), NY, True, False),
        (datetime(2026, 11, 1, 1), NY, True, True),
        (datetime(2026, 11, 1, 1, 59, 59, 999999), NY, True, True),
        (datetime(2026, 11, 1, 2), NY, True, False),
        (datetime(2026, 9, 5, 23, 59, 59, 999999), SCL, True, False),
        (datetime(2026, 9, 6, 0), SCL, False, False),
        (datetime(2026, 9, 6, 0, 59), SCL, False, False),
        (datetime(2026, 9, 6, 1), SCL, True, False),
        (datetime(2026, 4, 4, 22, 59, 59, 999999), SCL, True, False),
        (datetime(2026, 4, 4, 23), SCL, True, True),
        (datetime(2026, 4, 4, 23, 59, 59, 999999), SCL, True, True),
        (datetime(2026, 4, 5, 0), SCL, True, False),
        (datetime(2026, 10, 4, 2), LHI, False, False),
        (datetime(2026, 10, 4, 2, 29, 59), LHI, False, False),
        (datetime(2026, 10, 4, 2, 30), LHI, True, False),
        (datetime(2026, 4, 5, 1, 29, 59), LHI, True, False),
        (datetime(2026, 4, 5, 1, 30), LHI, True, True),
        (datetime(2026, 4, 5, 1, 59, 59), LHI, True, True),
        (datetime(2026, 4, 5, 2), LHI, True, False),
        (datetime(2026, 9, 27, 2, 45), CHT, False, False),
        (datetime(2026, 9, 27, 3, 44, 59), CHT, False, False),
        (datetime(2026, 9, 27, 3, 45), CHT, True, False),
        (datetime(2026, 4, 5, 2, 45), CHT, True, True),
        (datetime(2026, 4, 5, 3, 44, 59), CHT, True, True),
        (datetime(2026, 4, 5, 3, 45), CHT, True, False),
        (datetime(2026, 11, 23, 9), KTM, True, False),
    ],
)
def test_exists_and_ambiguous(wall: datetime, tz: ZoneInfo, exists: bool, ambiguous: bool) -> None:
    assert datetime_exists(wall, tz) is exists
    assert datetime_ambiguous(wall, tz) is ambiguous


# -- naive input to schedules ------------------------------------------------------------


@pytest.fixture
def whole_days_ny() -> Schedule:
    return Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")


def test_naive_assumed_in_schedule_zone() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    assert desk.is_open(datetime(2026, 11, 23, 9)) is True
    assert desk.is_open(datetime(2026, 11, 23, 8, 59, 59, 999999)) is False
    assert desk.add(datetime(2026, 11, 20, 17, 30), "4h") == at(NY, 2026, 11, 23, 12, 30)
    assert desk.add("2026-11-20T17:30", "4h") == at(NY, 2026, 11, 23, 12, 30)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.add(datetime(2026, 11, 20, 17, 30), "4h"),
        lambda s: s.subtract(datetime(2026, 11, 20, 17, 30), "4h"),
        lambda s: s.is_open(datetime(2026, 11, 20, 17, 30)),
        lambda s: s.next_open(datetime(2026, 11, 20, 17, 30)),
        lambda s: s.elapsed(datetime(2026, 11, 20, 17, 30), at(NY, 2026, 11, 23)),
        lambda s: s.elapsed(at(NY, 2026, 11, 19), datetime(2026, 11, 20, 17, 30)),
        lambda s: list(s.periods(datetime(2026, 11, 20, 17, 30), at(NY, 2026, 11, 23))),
        lambda s: s.add("2026-11-20 17:30", "4h"),
    ],
    ids=["add", "subtract", "is_open", "next_open", "elapsed-a", "elapsed-b", "periods", "text"],
)
def test_naive_rejected(call) -> None:
    strict = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", naive="reject")
    with pytest.raises(
        NaiveDatetimeError,
        match=r"^naive datetime 2026-11-20 17:30:00 has no time zone and this schedule rejects "
        r"naive datetimes",
    ):
        call(strict)
    # Aware input (and aware ISO text) still works.
    assert strict.add(at(NY, 2026, 11, 20, 17, 30), "4h") == at(NY, 2026, 11, 23, 12, 30)
    assert strict.add("2026-11-20T17:30-05:00", "4h") == at(NY, 2026, 11, 23, 12, 30)
    assert strict.add(at(BA, 2026, 11, 20, 19, 30), "4h") == at(NY, 2026, 11, 23, 12, 30)


@pytest.mark.parametrize(
    ("zone_name_", "wall"),
    [
        ("America/New_York", datetime(2026, 3, 8, 2, 30)),
        ("America/New_York", datetime(2026, 3, 8, 2, 0)),
        ("America/Santiago", datetime(2026, 9, 6, 0, 30)),
        ("America/Santiago", datetime(2026, 9, 6, 0, 0)),
        ("Australia/Lord_Howe", datetime(2026, 10, 4, 2, 15)),
        ("Pacific/Chatham", datetime(2026, 9, 27, 3, 0)),
    ],
)
def test_nonexistent_naive_wall_time(zone_name_: str, wall: datetime) -> None:
    schedule = Schedule({"mon-sun": "00:00-24:00"}, tz=zone_name_)
    message = (
        f"{wall} does not exist in {zone_name_} (skipped by a daylight-saving change): give an "
        f"aware datetime or a wall time that exists"
    )
    for call in (schedule.is_open, schedule.next_open, lambda w: schedule.add(w, "1h")):
        with pytest.raises(NonexistentTimeError, match=f"^{re.escape(message)}$"):
            call(wall)
        with pytest.raises(NonexistentTimeError, match=f"^{re.escape(message)}$"):
            call(wall.isoformat(sep=" "))
    with pytest.raises(NonexistentTimeError):
        schedule.is_open(wall.replace(fold=1))


@pytest.mark.parametrize(
    ("zone_name_", "wall", "apart"),
    [
        ("America/New_York", datetime(2026, 11, 1, 1, 30), H),
        ("America/Santiago", datetime(2026, 4, 4, 23, 30), H),
        ("Australia/Lord_Howe", datetime(2026, 4, 5, 1, 45), 30 * M),
        ("Pacific/Chatham", datetime(2026, 4, 5, 3, 0), H),
    ],
)
def test_ambiguous_naive_wall_time_follows_fold(zone_name_: str, wall: datetime, apart) -> None:
    schedule = Schedule({"mon-sun": "00:00-24:00"}, tz=zone_name_)
    first, second = wall.replace(fold=0), wall.replace(fold=1)
    # Open all the time, so business time between the two readings is their real distance.
    assert schedule.elapsed(first, second) == apart
    assert schedule.elapsed(second, first) == -apart
    assert schedule.add(first, apart).astimezone(UTC) == second.replace(
        tzinfo=ZoneInfo(zone_name_)
    ).astimezone(UTC)
    assert schedule.add(first, "0s").fold == 0
    assert schedule.add(second, "0s").fold == 1


def test_ambiguous_fold_decides_openness() -> None:
    # On 2026-11-01 the override runs 00:00-01:45 wall time, resolved fold=0: 04:00Z-05:45Z.
    desk = Schedule({}, tz="America/New_York", overrides={"2026-11-01": "00:00-01:45"})
    assert desk.is_open(datetime(2026, 11, 1, 1, 30)) is True  # 01:30 EDT
    assert desk.is_open(datetime(2026, 11, 1, 1, 30, fold=1)) is False  # 01:30 EST
    assert desk.is_open(datetime(2026, 11, 1, 6, 30, tzinfo=UTC)) is False
    assert desk.elapsed(at(NY, 2026, 10, 31), at(NY, 2026, 11, 2)) == H + 45 * M


# -- DST in New York ---------------------------------------------------------------------


@pytest.fixture
def daily_ny() -> Schedule:
    return Schedule({"mon-sun": "09:00-18:00"}, tz="America/New_York")


@pytest.mark.parametrize(
    ("day", "opening", "closing"),
    [
        ((2026, 3, 7), at(NY, 2026, 3, 7, 9), at(NY, 2026, 3, 7, 18)),  # EST
        ((2026, 3, 8), at(NY, 2026, 3, 8, 9), at(NY, 2026, 3, 8, 18)),  # spring forward
        ((2026, 10, 31), at(NY, 2026, 10, 31, 9), at(NY, 2026, 10, 31, 18)),
        ((2026, 11, 1), at(NY, 2026, 11, 1, 9), at(NY, 2026, 11, 1, 18)),  # fall back
    ],
)
def test_nine_to_six_keeps_nine_real_hours(daily_ny: Schedule, day, opening, closing) -> None:
    start = at(NY, *day)
    periods = list(daily_ny.periods(start, start + timedelta(days=1)))
    assert periods == [(opening, closing)]
    assert real(*periods[0]) == 9 * H
    assert periods[0].length == 9 * H
    assert_same(periods[0].start, opening)


def test_dst_elapsed_and_add_in_new_york(daily_ny: Schedule) -> None:
    # Sat 12:00 EST -> Mon 12:00 EDT: 6 h + 9 h + 3 h, though 47 real hours pass.
    assert daily_ny.elapsed(at(NY, 2026, 3, 7, 12), at(NY, 2026, 3, 9, 12)) == 18 * H
    assert daily_ny.elapsed(at(NY, 2026, 10, 31, 12), at(NY, 2026, 11, 2, 12)) == 18 * H
    assert_same(daily_ny.add(at(NY, 2026, 3, 7, 17), 2 * H), at(NY, 2026, 3, 8, 10))
    assert_same(daily_ny.add(at(NY, 2026, 10, 31, 17), 2 * H), at(NY, 2026, 11, 1, 10))
    assert_same(daily_ny.subtract(at(NY, 2026, 3, 8, 10), 2 * H), at(NY, 2026, 3, 7, 17))
    daily_ny._check()


@pytest.mark.parametrize(
    ("tz", "weekday", "day", "opening", "closing", "length"),
    [
        ("America/New_York", "sun", (2026, 3, 8), at(NY, 2026, 3, 8), at(NY, 2026, 3, 9), 23 * H),
        (
            "America/New_York",
            "sun",
            (2026, 11, 1),
            at(NY, 2026, 11, 1),
            at(NY, 2026, 11, 2),
            25 * H,
        ),
        ("America/New_York", "sun", (2026, 3, 1), at(NY, 2026, 3, 1), at(NY, 2026, 3, 2), 24 * H),
        # Santiago: Saturday 2026-04-04 runs 00:00 -03 to 00:00 -04 of Sunday.
        ("America/Santiago", "sat", (2026, 4, 4), at(SCL, 2026, 4, 4), at(SCL, 2026, 4, 5), 25 * H),
        # Sunday 2026-09-06 has no midnight: 00:00 resolves (fold=0, the -04 offset) to 04:00Z,
        # which is 01:00 -03.
        (
            "America/Santiago",
            "sun",
            (2026, 9, 6),
            at(SCL, 2026, 9, 6, 1),
            at(SCL, 2026, 9, 7),
            23 * H,
        ),
        (
            "Australia/Lord_Howe",
            "sun",
            (2026, 4, 5),
            at(LHI, 2026, 4, 5),
            at(LHI, 2026, 4, 6),
            24 * H + 30 * M,
        ),
        (
            "Australia/Lord_Howe",
            "sun",
            (2026, 10, 4),
            at(LHI, 2026, 10, 4),
            at(LHI, 2026, 10, 5),
            23 * H + 30 * M,
        ),
        ("Pacific/Chatham", "sun", (2026, 4, 5), at(CHT, 2026, 4, 5), at(CHT, 2026, 4, 6), 25 * H),
        (
            "Pacific/Chatham",
            "sun",
            (2026, 9, 27),
            at(CHT, 2026, 9, 27),
            at(CHT, 2026, 9, 28),
            23 * H,
        ),
        (
            "Asia/Kathmandu",
            "sun",
            (2026, 9, 27),
            at(KTM, 2026, 9, 27),
            at(KTM, 2026, 9, 28),
            24 * H,
        ),
    ],
)
def test_whole_day_length_on_transition_days(tz, weekday, day, opening, closing, length) -> None:
    schedule = Schedule({weekday: "00:00-24:00"}, tz=tz)
    window_start = datetime(*day, tzinfo=UTC) - timedelta(days=2)
    window_end = datetime(*day, tzinfo=UTC) + timedelta(days=3)
    periods = list(schedule.periods(window_start, window_end))
    assert periods == [(opening, closing)]
    assert_same(periods[0].start, opening)
    assert_same(periods[0].end, closing)
    assert real(*periods[0]) == length
    assert schedule.elapsed(window_start, window_end) == length
    assert_same(schedule.add(window_start, length), closing)
    assert_same(schedule.subtract(window_end, length), opening)
    schedule._check()


def test_whole_days_business_time_is_real_time(whole_days_ny: Schedule) -> None:
    # Open all the time: 3 h after 00:00 EST on 2026-03-08 is 04:00 EDT.
    assert_same(whole_days_ny.add(at(NY, 2026, 3, 8), 3 * H), at(NY, 2026, 3, 8, 4))
    assert_same(whole_days_ny.add(at(NY, 2026, 11, 1), H), at(NY, 2026, 11, 1, 1))
    second_one_am = whole_days_ny.add(at(NY, 2026, 11, 1), 2 * H)
    # (An instant in a fold never compares equal across zones, PEP 495: compare in UTC.)
    assert second_one_am.astimezone(UTC) == datetime(2026, 11, 1, 6, tzinfo=UTC)
    assert second_one_am.fold == 1
    assert second_one_am.utcoffset() == timedelta(hours=-5)
    assert whole_days_ny.elapsed(at(NY, 2026, 11, 1), at(NY, 2026, 11, 2)) == 25 * H
    assert whole_days_ny.elapsed("2026-03-08 00:00", "2026-03-09 00:00") == 23 * H
    assert list(whole_days_ny.periods(at(NY, 2026, 3, 7), at(NY, 2026, 3, 10))) == [
        (at(NY, 2026, 3, 7), at(NY, 2026, 3, 10))
    ]


@pytest.mark.parametrize(
    ("spec", "overrides", "expected"),
    [
        # 02:30 does not exist on 2026-03-08; fold=0 reads it with EST: 07:30Z = 03:30 EDT.
        ({"sun": "02:30-04:00"}, None, [(at(NY, 2026, 3, 8, 3, 30), at(NY, 2026, 3, 8, 4))]),
        ({}, {"2026-03-08": "01:00-02:30"}, [(at(NY, 2026, 3, 8, 1), at(NY, 2026, 3, 8, 3, 30))]),
        # Resolved end 07:10Z is before the resolved start 07:30Z: no open time at all.
        ({}, {"2026-03-08": "02:30-03:10"}, []),
        ({}, {"2026-03-08": "02:00-03:00"}, []),
        # 01:30 on 2026-11-01 is ambiguous; fold=0 is EDT (05:30Z); 02:00 EST is 07:00Z.
        (
            {"sun": "01:30-02:00"},
            None,
            [(at(NY, 2026, 11, 1, 1, 30), at(NY, 2026, 11, 1, 2))],
        ),
    ],
)
def test_interval_endpoints_in_dst_transitions(spec, overrides, expected) -> None:
    schedule = Schedule(spec, tz="America/New_York", overrides=overrides)
    day = expected[0][0].date() if expected else datetime(2026, 3, 8).date()
    start = at(NY, day.year, day.month, day.day)
    periods = list(schedule.periods(start, start + timedelta(days=1)))
    assert periods == expected
    assert schedule.elapsed(start, start + timedelta(days=1)) == sum(
        (real(begin, end) for begin, end in expected), timedelta(0)
    )
    for period, (begin, end) in zip(periods, expected, strict=True):
        assert_same(period.start, begin)
        assert_same(period.end, end)
    schedule._check()


def test_gap_endpoint_lengths() -> None:
    spring = Schedule({"sun": "02:30-04:00"}, tz="America/New_York")
    # A normal Sunday: 1 h 30 min; 2026-03-08: 30 min.
    assert spring.elapsed(at(NY, 2026, 3, 1), at(NY, 2026, 3, 2)) == 90 * M
    assert spring.elapsed(at(NY, 2026, 3, 8), at(NY, 2026, 3, 9)) == 30 * M
    empty = Schedule(
        {"mon-fri": "09:00-18:00"}, tz="America/New_York", overrides={"2026-03-08": "02:30-03:10"}
    )
    assert empty.is_open(at(NY, 2026, 3, 8, 3, 5)) is False
    assert_same(empty.next_open(at(NY, 2026, 3, 8)), at(NY, 2026, 3, 9, 9))
    fall = Schedule({"sun": "01:30-02:00"}, tz="America/New_York")
    assert fall.elapsed(at(NY, 2026, 10, 25), at(NY, 2026, 10, 26)) == 30 * M
    assert fall.elapsed(at(NY, 2026, 11, 1), at(NY, 2026, 11, 2)) == 90 * M


# -- Santiago, Lord Howe, Chatham, Kathmandu -----------------------------------------------


def test_santiago_midnight_changes() -> None:
    nine_to_six = Schedule({"mon-sun": "09:00-18:00"}, tz="America/Santiago")
    for day in ((2026, 4, 4), (2026, 4, 5), (2026, 9, 5), (2026, 9, 6)):
        start = at(SCL, *day, 2)
        assert list(nine_to_six.periods(start, start + timedelta(hours=20))) == [
            (at(SCL, *day, 9), at(SCL, *day, 18))
        ]
    # Sat 2026-09-05 (24 h, -04) then Sun 2026-09-06 from 01:00 -03: one 47 h period.
    weekend = Schedule({"sat,sun": "00:00-24:00"}, tz="America/Santiago")
    assert list(weekend.periods(at(SCL, 2026, 9, 4), at(SCL, 2026, 9, 8))) == [
        (at(SCL, 2026, 9, 5), at(SCL, 2026, 9, 7))
    ]
    assert weekend.elapsed(at(SCL, 2026, 9, 4), at(SCL, 2026, 9, 8)) == 47 * H
    # A desk opening at midnight loses its first hour on 2026-09-06.
    early = Schedule({"mon-sun": "00:00-08:00"}, tz="America/Santiago")
    assert list(early.periods(at(SCL, 2026, 9, 6, 1), at(SCL, 2026, 9, 6, 12))) == [
        (at(SCL, 2026, 9, 6, 1), at(SCL, 2026, 9, 6, 8))
    ]
    # ... and on 2026-04-05 its 00:00 is 04:00Z, after the repeated hour of the 4th.
    assert early.elapsed(at(SCL, 2026, 4, 4, 12), at(SCL, 2026, 4, 5, 12)) == 8 * H
    # The two readings of 23:30 on 2026-04-04 are an hour apart.
    assert (
        to_micros(datetime(2026, 4, 4, 23, 30, fold=1), SCL)
        - to_micros(datetime(2026, 4, 4, 23, 30), SCL)
        == 3_600_000_000
    )
    early._check()


def test_lord_howe_half_hour_dst() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Australia/Lord_Howe")
    # Fri 2026-10-02 17:00 +10:30 + 2 h: DST starts on Sunday; Monday opens 09:00 +11.
    result = desk.add(at(LHI, 2026, 10, 2, 17), 2 * H)
    assert_same(result, at(LHI, 2026, 10, 5, 10))
    assert result.utcoffset() == timedelta(hours=11)
    assert desk.elapsed(at(LHI, 2026, 10, 2, 17), at(LHI, 2026, 10, 5, 10)) == 2 * H
    assert desk.elapsed(at(LHI, 2026, 4, 3), at(LHI, 2026, 4, 7)) == 18 * H
    daily = Schedule({"mon-sun": "09:00-18:00"}, tz="Australia/Lord_Howe")
    assert daily.elapsed(at(LHI, 2026, 10, 4), at(LHI, 2026, 10, 5)) == 9 * H
    assert daily.elapsed(at(LHI, 2026, 4, 5), at(LHI, 2026, 4, 6)) == 9 * H
    desk._check()


@pytest.mark.parametrize(
    ("instant", "is_open"),
    [
        (datetime(2026, 11, 23, 3, 14, 59, 999999, tzinfo=UTC), False),
        (datetime(2026, 11, 23, 3, 15, tzinfo=UTC), True),  # 09:00 +05:45
        (datetime(2026, 11, 23, 3, 15, 0, 1, tzinfo=UTC), True),
        (datetime(2026, 11, 23, 12, 14, 59, 999999, tzinfo=UTC), True),
        (datetime(2026, 11, 23, 12, 15, tzinfo=UTC), False),  # 18:00 +05:45
        (datetime(2026, 11, 23, 12, 15, 0, 1, tzinfo=UTC), False),
    ],
)
def test_kathmandu_boundaries(instant: datetime, is_open: bool) -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Asia/Kathmandu")
    assert desk.is_open(instant) is is_open


def test_kathmandu_arithmetic() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Asia/Kathmandu")
    result = desk.add(datetime(2026, 11, 23, 3, tzinfo=UTC), H)  # 08:45 local
    assert_same(result, at(KTM, 2026, 11, 23, 10))
    assert result.utcoffset() == timedelta(hours=5, minutes=45)
    assert desk.elapsed(datetime(2026, 11, 23, tzinfo=UTC), datetime(2026, 11, 24, tzinfo=UTC)) == (
        9 * H
    )


def test_chatham_across_the_utc_new_year() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Pacific/Chatham")
    # Chatham is +13:45 in summer. Mon 2026-11-23 09:00 is 2026-11-22 19:15Z.
    assert_same(
        desk.add(datetime(2026, 11, 22, 19, tzinfo=UTC), 30 * M), at(CHT, 2026, 11, 23, 9, 30)
    )
    # Thu 2026-12-31 09:00-18:00 is 12-30 19:15Z - 12-31 04:15Z; Fri 2027-01-01 09:00-18:00 is
    # 12-31 19:15Z - 2027-01-01 04:15Z, cut by the UTC new year: 4 h 15 + 4 h 45 in UTC 2026.
    new_year = datetime(2027, 1, 1, tzinfo=UTC)
    assert desk.elapsed(datetime(2026, 12, 31, tzinfo=UTC), new_year) == 9 * H
    assert_same(desk.add(datetime(2026, 12, 31, 23, tzinfo=UTC), H), at(CHT, 2027, 1, 1, 13, 45))
    assert_same(
        desk.add(datetime(2026, 12, 31, 23, tzinfo=UTC), H + US),
        at(CHT, 2027, 1, 1, 13, 45, 0, 1),
    )
    assert desk.is_open(new_year) is True
    assert desk.is_open(new_year - US) is True
    assert list(desk.periods(at(CHT, 2027, 1, 1), at(CHT, 2027, 1, 2))) == [
        (at(CHT, 2027, 1, 1, 9), at(CHT, 2027, 1, 1, 18))
    ]
    assert_same(desk.subtract(new_year, 4 * H + 45 * M), at(CHT, 2027, 1, 1, 9))
    assert_same(
        desk.subtract(new_year, 4 * H + 45 * M + US), at(CHT, 2026, 12, 31, 17, 59, 59, 999999)
    )
    desk._check()


def test_aware_input_is_the_instant_its_offset_says() -> None:
    # An aware datetime is never "nonexistent": its utcoffset() (fold=0 in the gap: EST)
    # fixes the instant, 02:30 EST = 07:30Z = 03:30 EDT.
    whole_days = Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")
    in_gap = at(NY, 2026, 3, 8, 2, 30)
    assert to_micros(in_gap, NY) == to_micros(datetime(2026, 3, 8, 7, 30, tzinfo=UTC), NY)
    assert_same(whole_days.add(in_gap, "0s"), at(NY, 2026, 3, 8, 3, 30))
    assert whole_days.elapsed(in_gap, at(NY, 2026, 3, 8, 4)) == 30 * M
    # The same instant written in Buenos Aires (-03:00) and in UTC.
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    for written in (at(BA, 2026, 11, 23, 11), datetime(2026, 11, 23, 14, tzinfo=UTC)):
        assert desk.is_open(written) is True
        assert desk.is_open(written - US) is False


# -- names close to a zone's, and abbreviations ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "suggested"),
    [
        ("America/Bogotá", "'America/Bogota'"),
        ("Bogota", "'America/Bogota'"),
        ("bogotá", "'America/Bogota'"),
        ("america/new york", "'America/New_York'"),
        ("Sao Paulo", "'America/Sao_Paulo'"),
        ("Europe/Madird", "'Europe/Madrid'"),
        ("US/Estern", "'US/Eastern', 'Canada/Eastern' or 'Pacific/Easter'"),
    ],
)
def test_a_name_close_to_a_zone_is_suggested(name: str, suggested: str) -> None:
    message = f"unknown time zone {name!r}: did you mean {suggested}? (expected an IANA zone name)"
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        zone(name)
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        Schedule({"mon-fri": "09:00-18:00"}, tz=name)


@pytest.mark.parametrize(
    ("name", "offset", "meant"),
    [
        (
            "EST",
            "UTC-05:00",
            "'America/New_York', 'America/Toronto', 'America/Detroit' or 'America/Panama'",
        ),
        ("cst", "UTC-06:00", "'America/Chicago', 'America/Mexico_City' or 'America/Winnipeg'"),
        (" PST ", "UTC-08:00", "'America/Los_Angeles', 'America/Vancouver' or 'America/Tijuana'"),
        ("MST", "UTC-07:00", "'America/Denver', 'America/Phoenix' or 'America/Edmonton'"),
        ("ART", "UTC-03:00", "'America/Argentina/Buenos_Aires'"),
        ("NST", "UTC-03:30", "'America/St_Johns'"),
        ("IST", "UTC+05:30", "'Asia/Kolkata'"),
    ],
)
def test_an_abbreviation_is_refused_as_a_desk_s_zone(name: str, offset: str, meant: str) -> None:
    message = (
        f"time zone {name!r} is an abbreviation, a fixed offset ({offset}) that ignores "
        f"daylight saving: expected the IANA zone of the place, such as {meant}"
    )
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        zone(name)
    with pytest.raises(UnknownZoneError, match=f"^{re.escape(message)}$"):
        Schedule({"mon-fri": "09:00-18:00"}, tz=name)


def test_an_abbreviation_meant_as_a_fixed_offset_is_taken_with_a_warning() -> None:
    warning = (
        "time zone 'EST' is a fixed offset (UTC-05:00) that ignores daylight saving: times in "
        "summer will be an hour off from the local clock of a place that changes, such as "
        "'America/New_York'"
    )
    with pytest.warns(FixedOffsetWarning, match=f"^{re.escape(warning)}$"):
        fixed = zone("est", fixed_offset=True)
    assert fixed == timezone(timedelta(hours=-5), "EST")
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz=fixed)  # a tzinfo: no second warning
    # July: 09:00 in New York (EDT, UTC-04:00) is 08:00 on the fixed EST desk, still closed,
    # so an hour of open time ends at 10:00 EST, 11:00 in New York.
    assert str(desk.add("2026-07-01T09:00-04:00", "1h")) == "2026-07-01 10:00:00-05:00"
    with pytest.warns(FixedOffsetWarning, match="time zone 'EST' is a fixed offset"):
        assert zone(ZoneInfo("EST")) == ZoneInfo("EST")


def test_fixed_offset_changes_nothing_for_a_zone_name() -> None:
    assert zone("America/New_York", fixed_offset=True) is NY
    assert zone("Etc/GMT+5").utcoffset(None) == timedelta(hours=-5)  # the tz way to say fixed
