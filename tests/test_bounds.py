"""Bounded work (issue 19, rows 3, 9 and 9b): every public call answers or refuses without
building the index of every year it crosses.

These tests assert results, errors and which years' indexes were built, never timings: the
number of chunks built is what the cost grows with (a few milliseconds each).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from dateutil.rrule import rrulestr

from slaclock import (
    InvalidCalendarError,
    InvalidDurationError,
    NoOpenTimeError,
    OutOfRangeError,
    PolicyFileError,
    Recurring,
    Schedule,
    parse_duration,
)
from slaclock._timeline import LOOKAHEAD_YEARS, WALK_YEARS
from slaclock.calendars import closed_between, country_calendar
from slaclock.config import loads_policy
from slaclock.durations import MAX_BUSINESS_DAYS, BusinessDays
from slaclock.policy import business_days_end

QUARTER = timedelta(minutes=15)
MONDAYS = {"mon": "09:00-09:15"}


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    return pytest.raises(error, match=f"^{re.escape(message)}$")


def weekdays(first: date, last: date, weekday: int) -> int:
    """How many dates on *weekday* (0: Monday) lie from *first* to *last*, both included."""
    start = first + timedelta(days=(weekday - first.weekday()) % 7)
    return 0 if start > last else (last - start).days // 7 + 1


def mondays(first: date, last: date) -> int:
    return weekdays(first, last, 0)


def built(schedule: Schedule) -> list[int]:
    return [chunk.year for chunk in schedule.timeline.loaded()]


# -- row 9: a target the supported years cannot hold is refused at once -------------------------


def test_a_target_beyond_the_supported_years_is_refused_after_a_short_walk() -> None:
    desk = Schedule(MONDAYS, tz="UTC")
    with raises(
        OutOfRangeError,
        "9999999h of open time after 2026-01-01 00:00:00+00:00 ends after "
        "9999-01-01 00:00:00+00:00, the end of the years slaclock supports: expected 2 to 9998",
    ):
        desk.add("2026-01-01", "9999999h")
    assert built(desk) == [2026]  # the years crossed were counted, not built


def test_a_subtraction_beyond_the_supported_years_is_refused_after_a_short_walk() -> None:
    desk = Schedule(MONDAYS, tz="UTC")
    with raises(
        OutOfRangeError,
        "9999999h of open time before 9000-01-01 00:00:00+00:00 ends before "
        "0002-01-01 00:00:00+00:00, the start of the years slaclock supports: "
        "expected 2 to 9998",
    ):
        desk.subtract("9000-01-01", "9999999h")
    assert built(desk) == [9000]


@pytest.mark.parametrize("start", ["2026-01-01", "9990-01-01"])
def test_all_the_open_time_left_is_reached_and_a_microsecond_more_is_refused(start: str) -> None:
    """On the last Monday of 9998 at 09:15, whether the years were crossed one by one (from
    9990) or refused by the total of all the years left (from 2026, past WALK_YEARS)."""
    desk = Schedule(MONDAYS, tz="UTC")
    left = QUARTER * mondays(date.fromisoformat(start), date(9998, 12, 31))
    assert str(desk.add(start, left)) == "9998-12-28 09:15:00+00:00"
    with pytest.raises(OutOfRangeError, match=r"ends after 9999-01-01 00:00:00\+00:00, the end"):
        desk.add(start, left + timedelta(microseconds=1))
    assert len(built(desk)) <= 3


def test_subtract_reaches_the_first_monday_of_year_two() -> None:
    desk = Schedule(MONDAYS, tz="UTC")
    before = QUARTER * mondays(date(2, 1, 1), date(2999, 12, 31))
    assert str(desk.subtract("3000-01-01", before)) == "0002-01-07 09:00:00+00:00"
    with pytest.raises(OutOfRangeError, match=r"ends before 0002-01-01 00:00:00\+00:00, the start"):
        desk.subtract("3000-01-01", before + timedelta(microseconds=1))
    assert built(desk) == [2, 3000]


def test_a_far_target_is_reached_by_counting_years_not_building_them() -> None:
    desk = Schedule(MONDAYS, tz="UTC")
    count = mondays(date(2026, 1, 1), date(7000, 6, 30))
    assert str(desk.add("2026-01-01", QUARTER * count)) == "7000-06-30 09:15:00+00:00"
    assert built(desk) == [2026, 7000]


def test_a_union_refuses_an_unreachable_target_from_its_members_totals() -> None:
    both = Schedule(MONDAYS, tz="UTC") | Schedule({"tue": "09:00-09:15"}, tz="Asia/Tokyo")
    with pytest.raises(OutOfRangeError, match=r"^9999999h of open time after 2026-01-01"):
        both.add("2026-01-01", "9999999h")
    assert len(built(both)) <= WALK_YEARS + 2


def test_an_intersection_refuses_an_unreachable_target_from_its_members_totals() -> None:
    both = Schedule(MONDAYS, tz="UTC") & Schedule({"mon-fri": "09:00-18:00"}, tz="UTC")
    with pytest.raises(OutOfRangeError, match=r"^9999999h of open time after 2026-01-01"):
        both.add("2026-01-01", "9999999h")
    assert len(built(both)) <= WALK_YEARS + 2


# -- row 9b: elapsed across millennia -----------------------------------------------------------


def test_elapsed_across_millennia_counts_each_year_without_building_it() -> None:
    desk = Schedule(MONDAYS, tz="UTC")
    assert desk.elapsed(datetime(2, 1, 1), datetime(9997, 1, 1)) == QUARTER * mondays(
        date(2, 1, 1), date(9996, 12, 31)
    )
    assert built(desk) == [2, 9997]


def test_elapsed_across_millennia_in_a_zone_with_daylight_saving_time() -> None:
    """Eight hours a weekday in New York from year 2 to 9997: 8 h a weekday, plus and minus
    the changes of offset inside open hours (none: they happen at 02:00)."""
    desk = Schedule({"mon-fri": "09:00-17:00"}, tz="America/New_York")
    weekdays = sum(
        mondays(date(2, 1, 1) - timedelta(days=shift), date(9996, 12, 31) - timedelta(days=shift))
        for shift in range(5)
    )
    assert desk.elapsed("0002-01-01", "9997-01-01") == timedelta(hours=8) * weekdays
    assert built(desk) == [2, 9997]


@pytest.mark.parametrize(
    ("combine", "hours"),
    [
        ("|", {"mon-fri": "09:00-20:00", "sat": "10:00-11:00"}),
        ("&", {"mon-fri": "12:00-17:00"}),
    ],
)
def test_a_union_or_an_intersection_across_millennia_builds_a_year_per_shape(
    combine: str, hours: dict[str, str]
) -> None:
    """Two desks in New York, their union and their intersection one desk's hours: from year
    2 to 9997 the combined schedule counts what the single one counts from its cheap totals,
    building one year's index for each shape of year (weekday of New Year, leap or not, the
    zone's rules that year), not ten thousand."""
    early = Schedule({"mon-fri": "09:00-17:00"}, tz="America/New_York")
    late = Schedule({"mon-fri": "12:00-20:00", "sat": "10:00-11:00"}, tz="America/New_York")
    both = early | late if combine == "|" else early & late
    alone = Schedule(hours, tz="America/New_York")
    assert both.elapsed("0002-01-01", "9997-01-01") == alone.elapsed("0002-01-01", "9997-01-01")
    assert 14 < len(built(both)) < 300
    assert len(built(early)) == len(built(late)) == len(built(both))


def test_a_union_across_zones_reaches_a_far_target_by_shapes_of_years() -> None:
    """New York, and Madrid closed on Spain's holidays: a target reached in 9990 while only
    Madrid is open, and back again to New Year's Day 2026, when only New York is."""
    madrid = Schedule(
        {"mon-fri": "09:00-17:00"}, tz="Europe/Madrid", calendar=country_calendar("ES")
    )
    both = Schedule({"mon-fri": "09:00-17:00"}, tz="America/New_York") | madrid
    far = both.elapsed("2026-01-01", "9990-06-01 05:00")
    assert str(both.add("2026-01-01", far)) == "9990-06-01 05:00:00-04:00"
    assert str(both.subtract("9990-06-01 05:00", far)) == "2026-01-01 09:00:00-05:00"
    assert len(built(both)) < 300


# -- the look-ahead bound: ten empty years, on either side of the limit -------------------------


@pytest.mark.parametrize("gap", [LOOKAHEAD_YEARS - 1, LOOKAHEAD_YEARS])
def test_add_and_subtract_cross_nine_empty_years_and_stop_at_ten(gap: int) -> None:
    first, last = date(2030, 1, 1), date(2031 + gap, 1, 1)
    desk = Schedule({}, tz="UTC", overrides={first: "09:00-10:00", last: "09:00-10:00"})
    if gap < LOOKAHEAD_YEARS:
        assert str(desk.add("2030-01-01 09:30", "1h")) == f"{last} 09:30:00+00:00"
        assert str(desk.subtract(f"{last} 09:30", "1h")) == "2030-01-01 09:30:00+00:00"
        return
    for step, call in (("after", desk.add), ("before", desk.subtract)):
        with raises(
            NoOpenTimeError,
            "no open time from 2031-01-01 00:00:00+00:00 to 2041-01-01 00:00:00+00:00: the "
            "schedule's hours, calendar and overrides leave no time open, and the search "
            f"{step} the given instant stops after 10 years without open time",
        ):
            call("2030-01-01 09:30" if step == "after" else f"{last} 09:30", "1h")


# -- business days across centuries: counted per shape of year --------------------------------


def test_business_days_across_centuries_are_counted_not_listed_year_by_year() -> None:
    """Five centuries of weekdays in New York: ``days_between`` and ``add_days`` both ways
    count the local years between by shapes of years, building about a hundred years'
    indexes (New York's rules changed often in the twentieth century, and a walk counts 64
    years ahead at a time), not the 1,500 three per year crossed would take."""
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    count = sum(weekdays(date(2000, 1, 4), date(2500, 1, 4), day) for day in range(5))
    assert desk.days_between("2000-01-03 10:00", "2500-01-04 10:00") == count
    assert str(desk.add_days("2000-01-03 10:00", count)) == "2500-01-04 10:00:00-05:00"
    assert str(desk.add_days("2500-01-04 10:00", -count)) == "2000-01-03 10:00:00-05:00"
    assert len(built(desk)) < 150


def test_the_most_business_days_from_year_two_are_counted_by_shapes() -> None:
    """Every date a business day (open around the clock, in UTC): the largest count the
    supported years allow lands on 31 December 9998, one more is refused."""
    desk = Schedule({"mon-sun": "00:00-24:00"}, tz="UTC")
    count = date(9998, 12, 31).toordinal() - date(2, 1, 1).toordinal()
    assert str(desk.add_days("0002-01-01 10:00", count)) == "9998-12-31 10:00:00+00:00"
    assert desk.days_between("0002-01-01 10:00", "9998-12-31 10:00") == count
    with pytest.raises(OutOfRangeError, match=r"business days from 0002-01-01 10:00:00\+00:00"):
        desk.add_days("0002-01-01 10:00", count + 1)
    assert len(built(desk)) < 100


# -- business days: a count, bounded ------------------------------------------------------------


def test_business_days_of_4000_digits_are_refused() -> None:
    with raises(
        InvalidDurationError,
        "duration '99999999999999999999'... (4002 characters) is too long: expected at most "
        "10000 business days",
    ):
        parse_duration("9" * 4000 + "bd")
    with raises(
        InvalidDurationError,
        "business days 10001: expected at most 10000 (a deadline counts them one by one)",
    ):
        BusinessDays(MAX_BUSINESS_DAYS + 1)


def test_the_most_business_days_are_answered() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    assert str(parse_duration("10000bd")) == "10000bd"
    assert str(business_days_end(desk, "2026-01-01", MAX_BUSINESS_DAYS)) == (
        "2064-05-01 18:00:00-04:00"
    )


def test_a_policy_target_of_too_many_business_days_names_its_key() -> None:
    text = (
        '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
        f'[targets.response]\nhigh = "{"9" * 4000}bd"\n'
    )
    with pytest.raises(PolicyFileError, match=r"targets\.response\.high: .*10000 business days"):
        loads_policy(text)


def test_days_of_4301_digits_are_ambiguous_without_writing_them_back() -> None:
    with raises(
        InvalidDurationError,
        "duration '99999999999999999999'... (4301 characters) is ambiguous: write hours of "
        "business time such as '48h', or business days (at most 10000) such as '2bd'",
    ):
        parse_duration("9" * 4300 + "d")


# -- row 3: closures that recur many times a day ------------------------------------------------


def test_a_daily_rule_at_many_times_a_day_is_refused() -> None:
    rule = rrulestr("FREQ=DAILY;BYHOUR=0,1,2;BYMINUTE=0,30", dtstart=datetime(2000, 1, 1))
    with pytest.raises(InvalidCalendarError, match="BYMINUTE=0,30' repeats within a day"):
        Recurring(rule)
    text = (
        '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
        'recurring = [{ rule = "FREQ=DAILY;BYSECOND=0,1,2" }]\n[targets.response]\nhigh = "4h"\n'
    )
    with pytest.raises(PolicyFileError, match=r"recurring\[0\]\.rule: .*within a day"):
        loads_policy(text)


# -- the same bounds over columns ---------------------------------------------------------------


def test_elapsed_over_a_column_across_millennia_builds_only_the_years_asked_about() -> None:
    np = pytest.importorskip("numpy")
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    starts = np.array(["0002-01-05", "2026-01-01", "9000-01-01"], dtype="datetime64[us]")
    ends = np.array(["9997-01-01", "2026-02-01", "2026-01-01"], dtype="datetime64[us]")
    found = desk.elapsed_many(starts, ends)
    expected = [desk.elapsed(f"{a}Z", f"{b}Z") for a, b in zip(starts, ends, strict=True)]
    assert [value.astype(timedelta) for value in found] == expected
    assert built(desk) == [2, 2026, 9000, 9997]


def test_a_ticket_batch_across_millennia_measures_its_clocks_without_the_years_between() -> None:
    """A report's batch of clocks (``timeline_elapsed``) from year 3 to 9990: the years the
    clocks start and end in are indexed, the ones between counted by their totals."""
    np = pytest.importorskip("numpy")
    from slaclock.report.columnar_tickets import timeline_elapsed

    desk = Schedule(MONDAYS, tz="UTC")
    pairs = [
        ("0003-01-01", "0003-02-01"),
        ("0003-03-01", "9990-01-01"),
        ("9990-01-02", "9990-03-01"),
    ]
    start = np.array([desk.instant(a) for a, _ in pairs], dtype=np.int64)
    end = np.array([desk.instant(b) for _, b in pairs], dtype=np.int64)
    expected = [
        QUARTER * mondays(date.fromisoformat(a), date.fromisoformat(b) - timedelta(days=1))
        for a, b in pairs
    ]
    found = timeline_elapsed(desk.timeline, start, end)
    assert [timedelta(microseconds=int(value)) for value in found] == expected
    assert built(desk) == [3, 9990]
    assert len(timeline_elapsed(desk.timeline, start[:0], end[:0])) == 0


def test_add_and_subtract_over_a_column_far_ahead_agree_with_one_value() -> None:
    np = pytest.importorskip("numpy")
    desk = Schedule(MONDAYS, tz="UTC")
    far = QUARTER * mondays(date(2026, 1, 1), date(7000, 6, 30))
    starts = np.array(["2026-01-01", "2026-01-01"], dtype="datetime64[us]")
    amounts = np.array([far, QUARTER], dtype="timedelta64[us]")
    assert [str(value) for value in desk.add_many(starts, amounts)] == [
        "7000-06-30T09:15:00.000000",
        "2026-01-05T09:15:00.000000",
    ]
    ends = np.array(["7000-07-01"], dtype="datetime64[us]")
    assert str(desk.subtract_many(ends, far)[0]) == "2026-01-05T09:00:00.000000"
    assert len(built(desk)) <= 2 * WALK_YEARS + 4


def test_a_column_target_beyond_the_supported_years_is_refused() -> None:
    np = pytest.importorskip("numpy")
    desk = Schedule(MONDAYS, tz="UTC")
    with raises(
        OutOfRangeError,
        "position 0: 9999999h of open time after 2026-01-01 00:00:00+00:00 ends after "
        "9999-01-01 00:00:00+00:00, the end of the years slaclock supports: expected 2 to 9998",
    ):
        desk.add_many(np.array(["2026-01-01"], dtype="datetime64[us]"), "9999999h")
    with pytest.raises(OutOfRangeError, match=r"^position 0: 9999999h of open time before"):
        desk.subtract_many(np.array(["9000-01-01"], dtype="datetime64[us]"), "9999999h")
    assert len(built(desk)) <= 2 * WALK_YEARS + 4


def test_periods_across_millennia_skip_the_years_without_open_time() -> None:
    desk = Schedule({}, tz="UTC", overrides={date(9990, 5, 5): "09:00-10:00"})
    found = [(str(a), str(b)) for a, b in desk.periods("0002-01-01", "9997-01-01")]
    assert found == [("9990-05-05 09:00:00+00:00", "9990-05-05 10:00:00+00:00")]
    assert built(desk) == [2, 9990, 9996]


# -- recurring closures far from their start: shifted by whole cycles, not expanded ------------


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=FR", lambda day: day.weekday() == 4),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", lambda day: (day.month, day.day) == (2, 29)),
        (
            "FREQ=MONTHLY;INTERVAL=5;BYMONTHDAY=31",
            lambda day: day.day == 31 and (day.year * 12 + day.month - (2000 * 12 + 1)) % 5 == 0,
        ),
        ("FREQ=WEEKLY;BYDAY=FR;UNTIL=88880101T000000", lambda day: False),
    ],
)
def test_a_recurrence_far_from_its_start_falls_on_its_dates(rule: str, expected: Any) -> None:
    closures = Recurring(rrulestr(rule, dtstart=datetime(2000, 1, 1)))
    for year in (2001, 2049, 2050, 2051, 2400, 2401, 8888, 9000, 9998, 9999):
        first, last = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        days = [date.fromordinal(ordinal) for ordinal in range(first, last + 1)]
        closed = sorted(closed_between(closures, date(year, 1, 1), date(year, 12, 31)) or ())
        if "UNTIL" in rule and year < 8888:
            assert closed == [day for day in days if day.weekday() == 4]
        else:
            assert closed == [day for day in days if expected(day)]


def test_a_weekly_closure_over_millennia() -> None:
    """Fridays and Saturdays open an hour, every Friday closed from 2000 on."""
    closures = Recurring(rrulestr("FREQ=WEEKLY;BYDAY=FR", dtstart=datetime(2000, 1, 1)))
    desk = Schedule({"fri": "09:00-10:00", "sat": "09:00-10:00"}, tz="UTC", calendar=closures)
    fridays = weekdays(date(2, 1, 1), date(1999, 12, 31), 4)
    saturdays = weekdays(date(2, 1, 1), date(9996, 12, 31), 5)
    expected = timedelta(hours=fridays + saturdays)
    assert desk.elapsed("0002-01-01", "9997-01-01") == expected


def test_a_daily_closure_over_eight_millennia_is_counted_not_listed() -> None:
    """Open an hour every day, closed every day from the year 1000 on: the years are counted
    from the rule's first 50 years and first 400-year cycle (kept by weekday), not listed
    date by date (2.9 million dates)."""
    closures = Recurring(rrulestr("FREQ=DAILY", dtstart=datetime(1000, 1, 1)))
    desk = Schedule({"mon-sun": "09:00-10:00"}, tz="UTC", calendar=closures)
    days = date(1000, 1, 1).toordinal() - date(2, 1, 1).toordinal()
    assert desk.elapsed("0002-01-01", "9997-01-01") == timedelta(hours=days)
    assert sum(1 for dates in closures._by_year.values() if dates) <= 460
    assert built(desk) == [2, 9997]


def test_periods_of_a_desk_open_around_the_clock_across_millennia_are_one() -> None:
    desk = Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")
    found = [(str(a), str(b)) for a, b in desk.periods("0002-01-01T00:00Z", "9998-12-30T15:00Z")]
    assert found == [("0001-12-31 19:03:58-04:56:02", "9998-12-30 10:00:00-05:00")]
    assert built(desk) == [2, 9998]
