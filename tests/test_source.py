"""The schedule's fast wall-time resolution equals the standard library's, date by date.

``Schedule._source`` resolves most wall times with one cached offset per date; this checks it
against the literal rule (``wall.replace(tzinfo=tz)``) on zones with hard transitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slaclock
from profiles import scale
from slaclock.zones import EPOCH, ONE_MICROSECOND

HARD_ZONES = [
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Europe/Dublin",
    "Africa/Casablanca",
    "Pacific/Apia",
    "America/Havana",
    "Asia/Tehran",
    "UTC",
]
HOURS = [
    {"mon-sun": ["00:00-01:30", "01:45-02:30", "02:45-03:00", "09:00-18:00", "23:00-24:00"]},
    {"mon-sun": ["03:30-04:00", "22:00-02:30"]},
    {"mon-sun": "00:00-24:00"},
]


def literal(schedule: slaclock.Schedule, year: int) -> Iterator[tuple[int, int]]:
    tz = schedule.tz
    day = date(year, 1, 1) - timedelta(days=3)
    while day <= date(year + 1, 1, 1) + timedelta(days=1):
        midnight = datetime.combine(day, time.min)
        for interval in schedule.intervals_on(day):
            opening = midnight + timedelta(seconds=interval.start)
            closing = midnight + timedelta(seconds=interval.end)
            yield (
                (opening.replace(tzinfo=tz) - EPOCH) // ONE_MICROSECOND,
                (closing.replace(tzinfo=tz) - EPOCH) // ONE_MICROSECOND,
            )
        day += timedelta(days=1)


@pytest.mark.parametrize("zone", HARD_ZONES)
@pytest.mark.parametrize("hours", HOURS, ids=["split", "overnight", "whole-day"])
def test_fast_resolution_equals_the_literal_rule_in_2026(
    zone: str, hours: dict[str, object]
) -> None:
    schedule = slaclock.Schedule(hours, tz=zone)  # type: ignore[arg-type]
    assert list(schedule._source(2026)) == list(literal(schedule, 2026))


@settings(max_examples=scale(40), deadline=None)
@given(zone=st.sampled_from(HARD_ZONES), year=st.integers(1900, 2100))
def test_fast_resolution_equals_the_literal_rule_in_any_year(zone: str, year: int) -> None:
    schedule = slaclock.Schedule(HOURS[0], tz=zone)  # type: ignore[arg-type]
    assert list(schedule._source(year)) == list(literal(schedule, year))


def test_a_tzinfo_without_an_offset_is_read_as_naive() -> None:
    # datetime treats a value whose tzinfo.utcoffset() is None as naive; so does slaclock.
    class NoOffset(tzinfo):
        def utcoffset(self, dt: datetime | None) -> None:
            return None

        def dst(self, dt: datetime | None) -> None:
            return None

    desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    odd = datetime(2026, 11, 20, 16, 0, tzinfo=NoOffset())
    assert desk.add(odd, "4h") == desk.add(datetime(2026, 11, 20, 16, 0), "4h")
