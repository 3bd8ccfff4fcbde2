"""Properties of the engine that follow from the contract alone (no oracle needed).

Every comparison of instants is made on integer microseconds (``us``): aware datetimes that share
a ``tzinfo`` compare and subtract by wall clock, ignoring the UTC offset and ``fold``, so
``==``, ``<`` and ``-`` on them are wrong across DST changes. For the same reason a shift by 1 µs
is done in UTC (``shift``), never as ``t - timedelta(microseconds=1)`` on a zoned datetime.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from model import DAY_US, from_us, to_us
from slaclock import InvalidDurationError, Period, Schedule
from strategies import (
    HOUR_US,
    ZONE_NAMES,
    ZONES,
    durations,
    express,
    fewer_examples,
    pinned,
    scenarios,
    union_scenarios,
)

U = timedelta(microseconds=1)
FIRST_US = to_us(datetime(2024, 1, 1, tzinfo=UTC))
LAST_US = to_us(datetime(2029, 1, 1, tzinfo=UTC))
NY = "America/New_York"
SANTIAGO = "America/Santiago"


def us(value: datetime) -> int:
    """The instant as microseconds since the epoch (exact, DST-proof)."""
    return to_us(value)


def micros(value: timedelta) -> int:
    return value // U


def shift(value: datetime, amount: int) -> datetime:
    """*value* moved by *amount* µs of real time (in UTC: no wall-clock arithmetic)."""
    return from_us(us(value) + amount)


def real(start: datetime, end: datetime) -> timedelta:
    """The real time between two aware datetimes, whatever their zones."""
    return timedelta(microseconds=us(end) - us(start))


def local(day: date, tz: str, hour: int = 0, minute: int = 0) -> datetime:
    """A wall time resolved the way the contract resolves interval endpoints (fold=0)."""
    return datetime.combine(day, time(hour, minute)).replace(tzinfo=ZoneInfo(tz))


# ---------------------------------------------------------------------------------------------
# add / subtract


@given(scenarios(1, 1))
@pinned
def test_elapsed_from_start_to_add_is_the_duration(sc):
    start, duration = sc.instants[0], sc.durations[0]
    due = sc.schedule.add(start, duration)
    assert sc.schedule.elapsed(start, due) == duration
    assert us(due) >= us(start)
    sc.schedule._check()


@given(scenarios(2, 1))
@pinned
def test_add_is_monotone_in_the_start(sc):
    first, second = sorted(sc.instants[:2], key=us)
    duration = sc.durations[0]
    assert us(sc.schedule.add(first, duration)) <= us(sc.schedule.add(second, duration))
    sc.schedule._check()


@given(scenarios(1, 2))
@pinned
def test_add_is_strictly_monotone_in_the_duration(sc):
    start = sc.instants[0]
    shorter, longer = sorted(sc.durations[:2])
    early, late = sc.schedule.add(start, shorter), sc.schedule.add(start, longer)
    assert us(early) <= us(late)
    if shorter < longer:  # different open time from the same start: different instants
        assert us(early) < us(late)
    sc.schedule._check()


@given(scenarios(1, 1, positive=True))
@pinned
def test_subtract_undoes_add_back_to_the_next_opening(sc):
    start, duration = sc.instants[0], sc.durations[0]
    schedule = sc.schedule
    back = schedule.subtract(schedule.add(start, duration), duration)
    assert us(back) == us(schedule.next_open(start))
    assert us(back) >= us(start)
    if schedule.is_open(start):
        assert us(back) == us(start)
    schedule._check()


@given(scenarios(1, 1))
@pinned
def test_add_undoes_subtract_up_to_the_end_of_open_time(sc):
    end, duration = sc.instants[0], sc.durations[0]
    schedule = sc.schedule
    start = schedule.subtract(end, duration)
    assert schedule.elapsed(start, end) == duration
    assert us(start) <= us(end)
    again = schedule.add(start, duration)
    if duration == timedelta(0) or schedule.is_open(shift(end, -1)):
        assert us(again) == us(end)  # end lies in (opening, closing] of a period
    else:
        assert us(again) < us(end)  # the deadline is the last closing before `end`
    schedule._check()


@given(scenarios(1, 1, positive=True))
@pinned
def test_a_closed_start_counts_from_the_next_opening(sc):
    start, duration = sc.instants[0], sc.durations[0]
    schedule = sc.schedule
    opening = schedule.next_open(start)
    assert us(schedule.add(start, duration)) == us(schedule.add(opening, duration))
    schedule._check()


@given(scenarios(1, 1, positive=True))
@pinned
def test_a_deadline_lies_in_open_time_or_on_a_closing(sc):
    start, duration = sc.instants[0], sc.durations[0]
    due = sc.schedule.add(start, duration)
    assert sc.schedule.is_open(shift(due, -1))  # due lies in (opening, closing]
    assert due.tzinfo is sc.schedule.tz
    sc.schedule._check()


@given(scenarios(1))
@pinned
def test_zero_duration_changes_nothing_even_when_closed(sc):
    at = sc.instants[0]
    assert us(sc.schedule.add(at, timedelta(0))) == us(at)
    assert us(sc.schedule.subtract(at, timedelta(0))) == us(at)
    assert us(sc.schedule.add(at, "0h")) == us(at)
    sc.schedule._check()


@given(scenarios(1), st.integers(1, 10**12).map(lambda n: timedelta(microseconds=-n)))
def test_negative_durations_are_refused(sc, duration):
    at = sc.instants[0]
    with pytest.raises(InvalidDurationError, match="negative"):
        sc.schedule.add(at, duration)
    with pytest.raises(InvalidDurationError, match="negative"):
        sc.schedule.subtract(at, duration)


# ---------------------------------------------------------------------------------------------
# elapsed, is_open, next_open, periods


@given(scenarios(2))
@pinned
def test_elapsed_is_antisymmetric_and_bounded_by_real_time(sc):
    a, b = sc.instants[:2]
    schedule = sc.schedule
    forward = schedule.elapsed(a, b)
    assert forward == -schedule.elapsed(b, a)
    assert schedule.elapsed(a, a) == timedelta(0)
    low, high = sorted((a, b), key=us)
    assert timedelta(0) <= schedule.elapsed(low, high) <= real(low, high)
    schedule._check()


@given(scenarios(3))
@pinned
def test_elapsed_is_additive(sc):
    a, b, c = sc.instants
    schedule = sc.schedule
    assert schedule.elapsed(a, b) + schedule.elapsed(b, c) == schedule.elapsed(a, c)
    schedule._check()


@given(scenarios(1))
@pinned
def test_next_open_is_the_first_open_instant(sc):
    at = sc.instants[0]
    schedule = sc.schedule
    opening = schedule.next_open(at)
    assert us(opening) >= us(at)
    assert schedule.is_open(opening)
    assert schedule.elapsed(at, opening) == timedelta(0)
    if schedule.is_open(at):
        assert us(opening) == us(at)
    else:
        assert not schedule.is_open(shift(opening, -1))  # a real opening
    schedule._check()


@given(scenarios(2))
@pinned
def test_periods_are_ordered_disjoint_apart_clipped_and_add_up_to_elapsed(sc):
    low, high = sorted(sc.instants[:2], key=us)
    schedule = sc.schedule
    found = list(schedule.periods(low, high))
    total = 0
    previous_end = None
    for start, end in found:
        assert us(low) <= us(start) < us(end) <= us(high)
        if previous_end is not None:
            assert previous_end < us(start)  # disjoint and not touching: joined otherwise
        previous_end = us(end)
        total += us(end) - us(start)
        assert schedule.is_open(start)
        assert schedule.is_open(shift(end, -1))
        assert us(start) == us(low) or not schedule.is_open(shift(start, -1))
        assert us(end) == us(high) or not schedule.is_open(end)
        assert start.tzinfo is schedule.tz
        assert end.tzinfo is schedule.tz
    assert timedelta(microseconds=total) == schedule.elapsed(low, high)
    schedule._check()


@given(scenarios(2))
@pinned
def test_period_length_is_real_time(sc):
    low, high = sorted(sc.instants[:2], key=us)
    for period in sc.schedule.periods(low, high):
        assert period.length == real(period.start, period.end), period


@given(scenarios(3))
@pinned
def test_period_contains_exactly_its_open_instants(sc):
    low, high = sorted(sc.instants[:2], key=us)
    probe = sc.instants[2]
    for period in sc.schedule.periods(low, high):
        inside = us(period.start) <= us(probe) < us(period.end)
        assert period.contains(probe) == inside, (period, probe)


@given(scenarios(3))
@pinned
def test_period_intersect_and_subtract_are_real_time(sc):
    low, high = sorted(sc.instants[:2], key=us)
    other = Period(*sorted(sc.instants[1:3], key=us))
    for period in sc.schedule.periods(low, high):
        overlap = max(
            0, min(us(period.end), us(other.end)) - max(us(period.start), us(other.start))
        )
        common = period.intersect(other)
        if overlap:
            assert common is not None
            assert (
                real(common.start, common.end) == common.length == timedelta(microseconds=overlap)
            )
        else:
            assert common is None
        rest = period.subtract(other)
        assert all(us(part.start) < us(part.end) for part in rest)
        left = sum((part.length for part in rest), timedelta(0))
        assert left == period.length - timedelta(microseconds=overlap)


# ---------------------------------------------------------------------------------------------
# unions


@given(union_scenarios(3))
@fewer_examples(0.5)
def test_union_is_open_exactly_when_some_member_is(case):
    union, members = case
    for at in members[0].instants:
        assert union.is_open(at) == any(m.schedule.is_open(at) for m in members)
        opening = union.next_open(at)
        assert us(opening) == min(us(m.schedule.next_open(at)) for m in members)
    a, b = sorted(members[0].instants[:2], key=us)
    together = union.elapsed(a, b)
    alone = [m.schedule.elapsed(a, b) for m in members]
    assert max(alone) <= together <= sum(alone, timedelta(0))
    union._check()
    for member in members:
        member.schedule._check()


# ---------------------------------------------------------------------------------------------
# the reference desks: weekend, holiday and out-of-hours starts roll over to the next opening

_US_FL = holidays.country_holidays("US", subdiv="FL")
_AR = holidays.country_holidays("AR")
_DESK_KINDS = st.sampled_from(("closed day", "any day"))


def _business_opening(desk: Schedule, at: datetime) -> int:
    """The next 09:00 of a business day (mon-fri, not a holiday) whose 18:00 is after *at*."""
    day = from_us(us(at), desk.tz).date()
    while True:
        if day.weekday() < 5 and day not in desk.calendar:
            opening = datetime.combine(day, time(9)).replace(tzinfo=desk.tz)
            closing = datetime.combine(day, time(18)).replace(tzinfo=desk.tz)
            if us(closing) > us(at):
                return max(us(opening), us(at))
        day += timedelta(days=1)


@functools.cache
def _closed_days(zone_name: str) -> tuple[date, ...]:
    """Weekends and holidays in 2024-2028 of the desk in *zone_name*."""
    calendar = _US_FL if zone_name == NY else _AR  # as the fixtures' calendars
    days = []
    day = date(2024, 1, 1)
    while day <= date(2028, 12, 31):
        if day.weekday() >= 5 or day in calendar:
            days.append(day)
        day += timedelta(days=1)
    return tuple(days)


@st.composite
def desk_starts(draw: st.DrawFn, zone_name: str) -> datetime:
    """A start on a weekend or holiday, or any time, written in some zone."""
    kind = draw(_DESK_KINDS)
    if kind == "any day":
        day = draw(st.dates(date(2024, 1, 1), date(2028, 12, 30)))
    else:
        closed = _closed_days(zone_name)
        day = closed[draw(st.integers(0, len(closed) - 1))]
    since_midnight = draw(st.integers(0, DAY_US - 1))
    midnight = datetime.combine(day, time(0)).replace(tzinfo=ZoneInfo(zone_name))
    return express(draw, us(midnight) + since_midnight, zone_name)


@given(
    st.sampled_from((NY, "America/Argentina/Buenos_Aires")).flatmap(
        lambda zone: st.tuples(st.just(zone), desk_starts(zone))
    ),
    durations(2_000 * HOUR_US, positive=True),
)
@example((NY, datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo(NY))), timedelta(hours=4))
@example((NY, datetime(2026, 11, 25, 16, 0, tzinfo=ZoneInfo(NY))), timedelta(hours=4))
@example(
    ("America/Argentina/Buenos_Aires", datetime(2026, 5, 24, 12, tzinfo=UTC)), timedelta(hours=9)
)
def test_desks_roll_weekend_holiday_and_night_starts_to_the_next_opening(
    new_york_desk, buenos_aires_desk, case, duration
):
    zone_name, start = case
    desk = new_york_desk if zone_name == NY else buenos_aires_desk
    expected = _business_opening(desk, start)
    assert us(desk.next_open(start)) == expected
    due = desk.add(start, duration)
    assert us(due) == us(desk.add(from_us(expected), duration))
    opening = from_us(expected, desk.tz)
    closing = datetime.combine(opening.date(), time(18)).replace(tzinfo=desk.tz)
    if micros(duration) <= us(closing) - expected:  # due on the same business day
        assert us(due) == expected + micros(duration)
    else:
        assert us(due) > us(closing)
    desk._check()


def test_desk_examples_from_the_contract(new_york_desk, buenos_aires_desk):
    """Thanksgiving and the Friday after are closed in Florida; 25 May is a holiday in AR."""
    ny = ZoneInfo(NY)
    wednesday = datetime(2026, 11, 25, 16, 0, tzinfo=ny)
    assert new_york_desk.add(wednesday, "4h") == datetime(2026, 11, 30, 11, 0, tzinfo=ny)
    assert new_york_desk.add(datetime(2026, 11, 20, 14, 0), "4h") == datetime(
        2026, 11, 20, 18, 0, tzinfo=ny
    )
    ba = ZoneInfo("America/Argentina/Buenos_Aires")
    assert buenos_aires_desk.next_open(datetime(2026, 5, 25, 10, 0)) == datetime(
        2026, 5, 26, 9, 0, tzinfo=ba
    )


# ---------------------------------------------------------------------------------------------
# DST

OFFICE_EVERY_DAY = Schedule({"mon-sun": "09:00-18:00"}, tz=NY)


@functools.cache
def whole_days(zone_name: str) -> Schedule:
    return Schedule({"mon-sun": "00:00-24:00"}, tz=zone_name)


NY_DST_DAYS = (date(2024, 3, 10), date(2024, 11, 3), date(2026, 3, 8), date(2026, 11, 1))


@given(st.dates(date(2024, 1, 1), date(2028, 12, 31)))
@example(date(2026, 3, 8))
@example(date(2026, 11, 1))
@example(date(2024, 3, 10))
def test_an_office_day_is_nine_real_hours_in_new_york_every_day(day):
    start, end = local(day, NY), local(day + timedelta(days=1), NY)
    assert OFFICE_EVERY_DAY.elapsed(start, end) == timedelta(hours=9)
    (period,) = OFFICE_EVERY_DAY.periods(start, end)
    assert real(period.start, period.end) == timedelta(hours=9)
    assert us(period.start) == us(local(day, NY, 9))
    OFFICE_EVERY_DAY._check()


@given(ZONE_NAMES, st.dates(date(2024, 1, 1), date(2028, 12, 31)))
@example(NY, date(2026, 3, 8))
@example(SANTIAGO, date(2026, 9, 6))
@example(SANTIAGO, date(2026, 4, 4))
@example("Australia/Lord_Howe", date(2026, 10, 4))
def test_a_whole_day_is_the_real_length_of_the_local_day(zone_name, day):
    schedule = whole_days(zone_name)
    start, end = local(day, zone_name), local(day + timedelta(days=1), zone_name)
    assert schedule.elapsed(start, end) == real(start, end)
    assert schedule.is_open(start)
    assert schedule.is_open(shift(end, -1))
    schedule._check()


@given(ZONE_NAMES, st.integers(FIRST_US, LAST_US), st.integers(0, 400 * DAY_US))
def test_a_24x7_schedule_is_always_open(zone_name, start_us, amount):
    schedule = whole_days(zone_name)
    start = from_us(start_us, ZoneInfo(zone_name))
    assert schedule.is_open(start)
    assert us(schedule.add(start, timedelta(microseconds=amount))) == start_us + amount
    assert us(schedule.subtract(start, timedelta(microseconds=amount))) == start_us - amount
    schedule._check()


@pytest.mark.parametrize(
    ("zone_name", "day", "hours"),
    [
        (NY, date(2026, 3, 8), timedelta(hours=23)),
        (NY, date(2026, 11, 1), timedelta(hours=25)),
        (NY, date(2026, 11, 2), timedelta(hours=24)),
        (SANTIAGO, date(2026, 9, 6), timedelta(hours=23)),  # midnight does not exist
        (SANTIAGO, date(2026, 4, 4), timedelta(hours=25)),  # 23:00-24:00 happens twice
        ("Australia/Lord_Howe", date(2026, 4, 5), timedelta(hours=24, minutes=30)),
        ("Australia/Lord_Howe", date(2026, 10, 4), timedelta(hours=23, minutes=30)),
        ("Pacific/Chatham", date(2026, 4, 5), timedelta(hours=25)),
        ("Pacific/Chatham", date(2026, 9, 27), timedelta(hours=23)),
        ("Asia/Kathmandu", date(2026, 3, 8), timedelta(hours=24)),
    ],
)
def test_whole_days_on_dst_changes(zone_name, day, hours):
    schedule = whole_days(zone_name)
    start, end = local(day, zone_name), local(day + timedelta(days=1), zone_name)
    assert schedule.elapsed(start, end) == hours
    (period,) = schedule.periods(start, end)
    assert real(period.start, period.end) == hours


@given(ZONE_NAMES, st.dates(date(2024, 1, 2), date(2028, 12, 30)))
@example(NY, date(2026, 11, 26))
@example(SANTIAGO, date(2026, 9, 6))
@example("Pacific/Chatham", date(2026, 9, 27))
def test_an_overnight_shift_runs_on_into_a_holiday(zone_name, holiday):
    """A closed date closes the shift that starts on it, not the one that started the day before."""
    schedule = Schedule({"mon-sun": "22:00-06:00"}, tz=zone_name, calendar={holiday})
    before = holiday - timedelta(days=1)
    after = holiday + timedelta(days=1)
    assert schedule.is_open(local(holiday, zone_name, 3))
    assert not schedule.is_open(local(holiday, zone_name, 23))
    assert not schedule.is_open(local(after, zone_name, 3))
    assert schedule.is_open(local(after, zone_name, 23))
    assert schedule.elapsed(local(holiday, zone_name), local(after, zone_name, 12)) == real(
        local(holiday, zone_name), local(holiday, zone_name, 6)
    )
    assert us(schedule.next_open(local(holiday, zone_name, 12))) == us(local(after, zone_name, 22))
    assert schedule.is_open(local(before, zone_name, 23))
    schedule._check()


def test_zones_of_the_strategies_are_known():
    for name in ZONES:
        ZoneInfo(name)
