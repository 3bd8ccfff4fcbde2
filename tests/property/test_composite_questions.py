"""Business days and boundaries of unions and intersections agree with the literal model
(tests/model.py's UnionModel and IntersectionModel answer them from their merged periods)."""

from __future__ import annotations

from datetime import datetime
from itertools import islice
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_question_properties import agree

import slaclock
from model import DAY_US, IntersectionModel, ModelNoOpenTime, UnionModel, from_us, to_us
from strategies import anchors, fewer_examples, instants, schedules, union_scenarios

ZONES = st.sampled_from(("America/New_York", "Europe/Madrid", "Asia/Kolkata", "UTC"))


@st.composite
def composites(draw: st.DrawFn) -> tuple[Any, Any, list[datetime]]:
    """A union or an intersection of 2-3 random schedules, its model, and three instants."""
    if draw(st.booleans()):
        union, scenarios = draw(union_scenarios(3))
        return union, UnionModel([sc.model for sc in scenarios]), list(scenarios[0].instants)
    names = [draw(ZONES) for _ in range(draw(st.integers(2, 3)))]
    anchor = draw(anchors(names[0]))
    members = [draw(schedules(name, anchor)) for name in names]
    both = members[0][0]
    for schedule, _ in members[1:]:
        both = both & schedule
    found = [draw(instants(members[0][1], names[0], anchor)) for _ in range(3)]
    return both, IntersectionModel([model for _, model in members]), found


@given(composites())
@fewer_examples(0.3)
def test_boundaries_of_composites_agree(case):
    schedule, model, found = case
    for at in found[:2]:
        for step in (-1, 0, 1):
            moment = to_us(at) + step
            for name in ("next_close", "previous_close", "previous_open"):
                engine, oracle = getattr(schedule, name), getattr(model, name)
                agree(
                    lambda: to_us(engine(from_us(moment))),  # noqa: B023
                    lambda: oracle(moment),  # noqa: B023
                    moment,
                )
    agree(
        lambda: [(to_us(a), to_us(b)) for a, b in islice(schedule.periods_before(found[2]), 3)],
        lambda: model.periods_before(to_us(found[2]), 3),
    )
    schedule._check()


@given(composites())
@fewer_examples(0.3)
def test_closures_of_composites_agree(case):
    """A union's closure is its first-opening member's, an intersection's its last-opening
    closed member's, until the composite's own next opening; the columnar form is the same."""
    schedule, model, found = case
    answers = []
    for at in found:
        for step in (-1, 0, 1):
            moment = to_us(at) + step
            try:
                closed = schedule.closure(from_us(moment))
            except slaclock.NoOpenTimeError:
                with pytest.raises(ModelNoOpenTime):
                    model.closure(moment)
                return
            try:
                expected = model.closure(moment)
            except ModelNoOpenTime:
                return  # the opening lies beyond what the model looks through
            if expected is None:
                assert closed is None, moment
            else:
                assert closed is not None, moment
                assert (closed.reason, closed.day, to_us(closed.until), closed.name) == expected
                assert closed.until.tzinfo is schedule.tz
            answers.append(closed)
    column = np.array(
        [to_us(at) + step for at in found for step in (-1, 0, 1)], dtype="datetime64[us]"
    )
    assert schedule.closure_many(column) == answers


@given(composites(), st.integers(-4, 4))
@fewer_examples(0.3)
def test_business_days_of_composites_agree(case, days):
    schedule, model, found = case
    start, end = found[0], found[1]
    agree(
        lambda: to_us(schedule.add_days(start, days)),
        lambda: model.add_days(to_us(start), days),
        to_us(start),
    )
    if abs(to_us(end) - to_us(start)) > 30 * DAY_US:
        end = from_us(to_us(start) + to_us(end) % (30 * DAY_US))
    agree(
        lambda: schedule.days_between(start, end),
        lambda: model.days_between(to_us(start), to_us(end)),
    )


def test_a_union_counts_business_days_in_its_own_zone():
    """A follow-the-sun union's business day is a date of *its* zone with open time."""
    new_york = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    tokyo = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="Asia/Tokyo")
    both = slaclock.UnionSchedule(new_york, tokyo, tz="America/New_York")
    # Sunday 19:00 in New York is Monday 09:00 in Tokyo: Sunday is a business day here.
    assert str(both.add_days("2026-11-20 17:00", 1)) == "2026-11-22 19:00:00-05:00"
    assert both.days_between("2026-11-20 17:00", "2026-11-22 19:00") == 1
    assert both.days_between("2026-11-20 17:00", "2026-11-22 18:59") == 0
    assert str(both.next_close("2026-11-22 20:00")) == "2026-11-23 04:00:00-05:00"
    assert str(both.previous_open("2026-11-22 20:00")) == "2026-11-22 19:00:00-05:00"
    assert str(both.previous_close("2026-11-22 20:00")) == "2026-11-20 18:00:00-05:00"


def test_an_intersection_never_open_stops_its_searches():
    day = slaclock.Schedule({"mon-fri": "09:00-12:00"}, tz="UTC")
    night = slaclock.Schedule({"mon-fri": "20:00-23:00"}, tz="UTC")
    never = day & night
    with pytest.raises(slaclock.NoOpenTimeError, match="closing after 2026-01-01"):
        never.next_close("2026-01-01")
    with pytest.raises(slaclock.NoOpenTimeError, match="no open time from 2026-01-01"):
        never.add_days("2026-01-01", 1)
