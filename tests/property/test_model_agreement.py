"""The fast engine agrees with the slow literal model (tests/model.py) on random inputs.

The model is built from each scenario's raw definition (seconds after midnight), not from the
parsed schedule, so these tests also cover reading the hours and overrides text. Instants are
compared as integer microseconds: see the note in test_engine_properties.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from model import Model, UnionModel, from_us, to_us
from strategies import (
    CHATHAM,
    KATHMANDU,
    LORD_HOWE,
    SANTIAGO_FALL_BACK,
    SANTIAGO_SPRING_FORWARD,
    fewer_examples,
    pin,
    pinned,
    scenarios,
    union_scenarios,
)

U = timedelta(microseconds=1)


def us(value: datetime) -> int:
    return to_us(value)


def micros(value: timedelta) -> int:
    return value // U


# More pins: the zones named in the contract, with instants on their awkward wall times.
SANTIAGO_MIDNIGHTS = pin(
    {"mon-sun": ["00:00-00:30", "23:30-24:00"]},
    "America/Santiago",
    [datetime(2026, 9, 5, 23, 45), datetime(2026, 4, 4, 23, 15), datetime(2026, 9, 6, 1, 15)],
    [timedelta(minutes=45), timedelta(hours=2)],
)
LORD_HOWE_HALF_HOURS = pin(
    {"sun": ["01:45-02:15", "02:15-02:45"], "mon-sat": "09:00-17:00"},
    "Australia/Lord_Howe",
    [datetime(2026, 10, 4, 1, 50), datetime(2026, 4, 5, 1, 40), datetime(2026, 4, 4, 16, 59)],
    [timedelta(minutes=25), timedelta(minutes=61)],
)
CHATHAM_NIGHT = pin(
    {"sat": "20:00-03:00", "sun": "03:00-05:00"},
    "Pacific/Chatham",
    [datetime(2026, 9, 26, 23, 0), datetime(2026, 4, 4, 23, 0), datetime(2026, 9, 27, 4, 0)],
    [timedelta(hours=5), timedelta(hours=9, microseconds=1)],
)
KATHMANDU_SECONDS = pin(
    {"sun-fri": "09:59:59-17:00:01"},
    "Asia/Kathmandu",
    [datetime(2026, 3, 8, 9, 59, 58), datetime(2026, 3, 6, 17, 0, 1), datetime(2026, 3, 7, 12)],
    [timedelta(seconds=2), timedelta(hours=7, seconds=2)],
)
CONTRACT_ZONES = (SANTIAGO_MIDNIGHTS, LORD_HOWE_HALF_HOURS, CHATHAM_NIGHT, KATHMANDU_SECONDS)


def contract_zones(test):
    for case in CONTRACT_ZONES:
        test = example(case)(test)
    return test


@given(scenarios(2, 2))
@pinned
@contract_zones
def test_add_agrees(sc):
    for start in sc.instants[:2]:
        for duration in sc.durations[:2]:
            due = sc.schedule.add(start, duration)
            assert us(due) == sc.model.add(us(start), micros(duration)), (start, duration)
            assert due.tzinfo is sc.schedule.tz
    sc.schedule._check()


@given(scenarios(2, 2))
@pinned
@contract_zones
def test_subtract_agrees(sc):
    for end in sc.instants[:2]:
        for duration in sc.durations[:2]:
            start = sc.schedule.subtract(end, duration)
            assert us(start) == sc.model.subtract(us(end), micros(duration)), (end, duration)
            assert start.tzinfo is sc.schedule.tz
    sc.schedule._check()


@given(scenarios(3))
@pinned
@contract_zones
def test_elapsed_agrees(sc):
    a, b, c = sc.instants[:3]
    for first, second in ((a, b), (b, c), (c, a)):
        expected = sc.model.elapsed(us(first), us(second))
        assert micros(sc.schedule.elapsed(first, second)) == expected, (first, second)
    sc.schedule._check()


@given(scenarios(3))
@pinned
@contract_zones
def test_is_open_agrees(sc):
    for at in sc.instants[:3]:
        for step in (-1, 0, 1):  # an opening or closing is exact to the microsecond
            moment = from_us(us(at) + step)
            assert sc.schedule.is_open(moment) == sc.model.is_open(us(moment)), moment
    sc.schedule._check()


@given(scenarios(3))
@pinned
@contract_zones
def test_next_open_agrees(sc):
    for at in sc.instants[:3]:
        opening = sc.schedule.next_open(at)
        assert us(opening) == sc.model.next_open(us(at)), at
        assert opening.tzinfo is sc.schedule.tz
    sc.schedule._check()


@given(scenarios(2))
@pinned
@contract_zones
def test_periods_agree(sc):
    low, high = sorted(sc.instants[:2], key=us)
    found = [(us(start), us(end)) for start, end in sc.schedule.periods(low, high)]
    assert found == sc.model.open_periods(us(low), us(high))
    sc.schedule._check()


@given(union_scenarios(3))
@fewer_examples(0.5)
def test_union_agrees(case):
    union, members = case
    model = UnionModel([member.model for member in members])
    instants = members[0].instants
    for at in instants:
        assert union.is_open(at) == model.is_open(us(at)), at
        assert us(union.next_open(at)) == model.next_open(us(at)), at
        assert us(union.add(at, timedelta(hours=10))) == model.add(us(at), 10 * 3_600_000_000)
    low, high = sorted(instants[:2], key=us)
    assert micros(union.elapsed(low, high)) == model.elapsed(us(low), us(high))
    found = [(us(start), us(end)) for start, end in union.periods(low, high)]
    assert found == model.open_periods(us(low), us(high))
    union._check()


@given(scenarios(2, 1), st.sampled_from(("naive", "text")))
@example(SANTIAGO_FALL_BACK, "naive")
@example(SANTIAGO_SPRING_FORWARD, "text")
@example(LORD_HOWE, "naive")
@example(CHATHAM, "naive")
@example(KATHMANDU, "text")
def test_naive_and_text_instants_mean_the_same_instant(sc, form):
    """A naive wall time (with its fold) read in the schedule's zone, or ISO 8601 text with
    an offset, gives the same answers as the aware datetime."""
    schedule = sc.schedule
    a, b = sc.instants[:2]
    duration = sc.durations[0]

    def written(at: datetime) -> datetime | str:
        if form == "naive":
            return at.astimezone(schedule.tz).replace(tzinfo=None)  # keeps fold
        return at.isoformat()

    assert us(schedule.add(written(a), duration)) == us(schedule.add(a, duration))
    assert us(schedule.subtract(written(a), duration)) == us(schedule.subtract(a, duration))
    assert schedule.elapsed(written(a), written(b)) == schedule.elapsed(a, b)
    assert schedule.is_open(written(b)) == schedule.is_open(b)
    assert us(schedule.next_open(written(b))) == us(schedule.next_open(b))


@given(scenarios())
def test_parsed_definition_is_the_raw_definition(sc):
    """The hours and overrides text the strategies wrote read back as the raw definition."""
    parsed = Model.of(sc.schedule)
    assert parsed.days == sc.model.days
    assert dict(parsed.overrides) == dict(sc.model.overrides)
    assert parsed.tz == sc.model.tz
