"""Versions of a schedule (hours that change from a date on) agree with the literal model,
across the change: every question, its columnar form, the cheap year totals, and the value
(pickle, equality, repr).

The versions are random schedules of one zone, changing on local dates a few days apart near
a DST change or New Year; instants are drawn near the changes' midnights as well.
"""

from __future__ import annotations

import pickle
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from test_question_properties import agree

import slaclock
from model import DAY_US, VersionsModel, from_us, to_us
from profiles import scaled
from slaclock._timeline import year_start
from slaclock.schedule_versions import VersionedSchedule
from strategies import JITTER, ZONE_NAMES, anchors, durations, express, instants, schedules


class Case:
    """A versioned schedule, its model, and instants around its changes."""

    def __init__(self, schedule: VersionedSchedule, model: VersionsModel, found: list) -> None:
        self.schedule, self.model, self.instants = schedule, model, found

    def __repr__(self) -> str:
        shown = ", ".join(repr(at) for at in self.instants)
        return f"Case({self.schedule!r}, [{shown}])"


@st.composite
def versioned(draw: st.DrawFn, count: int = 3) -> Case:
    tz_name = draw(ZONE_NAMES)
    zone = ZoneInfo(tz_name)
    anchor = draw(anchors(tz_name))
    offsets = sorted(set(draw(st.lists(st.integers(-5, 5), min_size=2, max_size=3))))
    days = [anchor + timedelta(days=offset) for offset in offsets]
    members = [draw(schedules(tz_name, anchor)) for _ in days]
    keys: list[Any] = [day.isoformat() if draw(st.booleans()) else day for day in days]
    schedule = VersionedSchedule(dict(zip(keys, (s for s, _ in members), strict=True)))
    model = VersionsModel([(day, m) for day, (_, m) in zip(days, members, strict=True)])
    found = []
    for _ in range(count):
        if draw(st.booleans()):  # the midnight of a change, to the microsecond
            midnight = datetime.combine(draw(st.sampled_from(days)), time(0)).replace(tzinfo=zone)
            found.append(express(draw, to_us(midnight) + draw(JITTER), tz_name))
        else:
            found.append(draw(instants(model, tz_name, anchor)))
    return Case(schedule, model, found)


def us(value: datetime) -> int:
    return to_us(value)


@given(versioned(), st.data())
def test_the_core_questions_agree_across_changes(case: Case, data: st.DataObject) -> None:
    schedule, model = case.schedule, case.model
    for at in case.instants:
        assert schedule.is_open(at) == model.is_open(us(at)), at
        agree(lambda: us(schedule.next_open(at)), lambda: model.next_open(us(at)), us(at))  # noqa: B023
        amount = data.draw(durations(300 * 3_600_000_000))
        micros = amount // timedelta(microseconds=1)
        agree(
            lambda: us(schedule.add(at, amount)),  # noqa: B023
            lambda: model.add(us(at), micros),  # noqa: B023
            us(at),
        )
        agree(
            lambda: us(schedule.subtract(at, amount)),  # noqa: B023
            lambda: model.subtract(us(at), micros),  # noqa: B023
            us(at),
        )
    low, high = sorted(case.instants[:2], key=us)
    assert schedule.elapsed(low, high) // timedelta(microseconds=1) == model.elapsed(
        us(low), us(high)
    )
    periods = [(us(a), us(b)) for a, b in schedule.periods(low, high)]
    assert periods == model.open_periods(us(low), us(high))
    schedule._check()


@given(versioned())
def test_boundaries_and_closures_agree_across_changes(case: Case) -> None:
    schedule, model = case.schedule, case.model
    for at in case.instants[:2]:
        for step in (-1, 0, 1):
            moment = us(at) + step
            for name in ("next_close", "previous_close", "previous_open"):
                engine, oracle = getattr(schedule, name), getattr(model, name)
                agree(lambda: us(engine(from_us(moment))), lambda: oracle(moment), moment)  # noqa: B023
            found = schedule.closure(from_us(moment))
            expected = model.closure(moment)
            if expected is None:
                assert found is None, moment
            else:
                assert found is not None, moment
                assert (found.reason, found.day, us(found.until), found.name) == expected, moment
    agree(
        lambda: [(us(a), us(b)) for a, b in islice(schedule.periods_before(case.instants[2]), 3)],
        lambda: model.periods_before(us(case.instants[2]), 3),
    )


@given(versioned(), st.integers(-5, 5))
def test_business_days_agree_across_changes(case: Case, days: int) -> None:
    schedule, model = case.schedule, case.model
    start, end = case.instants[0], case.instants[1]
    agree(
        lambda: us(schedule.add_days(start, days)),
        lambda: model.add_days(us(start), days),
        us(start),
    )
    if abs(us(end) - us(start)) > 30 * DAY_US:
        end = from_us(us(start) + us(end) % (30 * DAY_US))
    agree(lambda: schedule.days_between(start, end), lambda: model.days_between(us(start), us(end)))


@scaled(30)
@given(versioned(count=3))
def test_the_columnar_forms_answer_as_the_scalar_ones(case: Case) -> None:
    schedule = case.schedule
    values = np.array([us(at) for at in case.instants], dtype="datetime64[us]")
    amounts = np.array([3_600_000_000 * k for k in (1, 7, 30)], dtype="timedelta64[us]")
    scalar: dict[str, list[Any]] = {"add": [], "elapsed": [], "is_open": [], "closure": []}
    for at, amount in zip(case.instants, (1, 7, 30), strict=True):
        scalar["add"].append(us(schedule.add(at, timedelta(hours=amount))))
        scalar["elapsed"].append(schedule.elapsed(case.instants[0], at))
        scalar["is_open"].append(schedule.is_open(at))
        scalar["closure"].append(schedule.closure(at))
    added = schedule.add_many(values, amounts)
    assert [int(v) for v in added.astype("datetime64[us]").astype(np.int64)] == scalar["add"]
    firsts = np.repeat(values[:1], 3)
    elapsed = schedule.elapsed_many(firsts, values)
    assert [timedelta(microseconds=int(v)) for v in elapsed.astype(np.int64)] == scalar["elapsed"]
    assert list(schedule.is_open_many(values)) == scalar["is_open"]
    assert schedule.closure_many(values) == scalar["closure"]
    for name in ("next_close", "previous_close", "previous_open"):
        try:
            expected = [us(getattr(schedule, name)(at)) for at in case.instants]
        except slaclock.NoOpenTimeError:
            continue
        found = getattr(schedule, f"{name}_many")(values).astype(np.int64)
        assert [int(v) for v in found] == expected, name
    try:
        expected_days = [us(schedule.add_days(at, 2)) for at in case.instants]
    except slaclock.NoOpenTimeError:
        return
    found_days = schedule.add_days_many(values, 2).astype(np.int64)
    assert [int(v) for v in found_days] == expected_days


@scaled(40)
@given(versioned(count=0), st.integers(-1, 1), st.integers(0, 2))
def test_cheap_year_totals_are_the_chunks_totals(case: Case, shift: int, span: int) -> None:
    """A year inside one version is counted from that version's cheap total; a year with a
    change among its dates from its own chunk: both what the chunks total."""
    first = min(case.schedule.versions).year + shift
    last = first + span
    fresh = pickle.loads(pickle.dumps(case.schedule))
    cheap = fresh.timeline.totals(first, last)
    built = [case.schedule.timeline.chunk(year).total for year in range(first, last + 1)]
    assert cheap == built
    if span == 0:
        assert cheap[0] == case.model.elapsed(year_start(first), year_start(first + 1))


@given(versioned(count=0))
def test_a_versioned_schedule_is_a_value(case: Case) -> None:
    schedule = case.schedule
    again = pickle.loads(pickle.dumps(schedule))
    assert again.timeline.loaded() == ()  # the index is never pickled
    if any(pickle.loads(pickle.dumps(v)) != v for v in schedule.versions.values()):
        return  # a Recurring calendar is not equal to its own pickled copy (rrule identity)
    assert again == schedule
    assert hash(again) == hash(schedule)
    namespace = {
        name: getattr(slaclock, name) for name in ("Schedule", "ClosedDates", "country_calendar")
    }
    namespace["VersionedSchedule"] = VersionedSchedule
    try:
        pasted = eval(repr(schedule), namespace)
    except (NameError, SyntaxError):
        return  # a calendar whose repr is not code (a rule of the strategies)
    assert pasted == schedule


def test_cheap_totals_of_far_years_come_from_the_versions() -> None:
    """Across eight millennia: the years inside a version are counted from its cheap totals;
    only the end years and the year of the change are built."""
    desk = slaclock.Schedule.versions(
        {date(2026, 1, 1): {"mon": "09:00-09:15"}, date(3000, 6, 1): {"tue": "09:00-09:30"}},
        tz="UTC",
    )
    change = date(3000, 6, 1).toordinal()
    mondays = _weekdays(date(2, 1, 1).toordinal(), change, 0)
    tuesdays = _weekdays(change, date(9997, 1, 1).toordinal(), 1)
    expected = timedelta(minutes=15) * mondays + timedelta(minutes=30) * tuesdays
    assert desk.elapsed("0002-01-01", "9997-01-01") == expected
    assert {chunk.year for chunk in desk.timeline.loaded()} == {2, 3000, 9997}
    desk._check()


def _weekdays(first: int, stop: int, weekday: int) -> int:
    """How many dates of a weekday have ordinals in ``[first, stop)``."""
    return len(range(first + (weekday - date.fromordinal(first).weekday()) % 7, stop, 7))
