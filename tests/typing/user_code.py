"""User-style code that ``mypy --strict`` must accept: the public API's types as a user sees them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

import slaclock
from slaclock.schedule import BaseSchedule


def build_desk() -> slaclock.Schedule:
    return slaclock.Schedule(
        {"mon-fri": "09:00-18:00", "sat": ["09:00-12:00", "13:00-15:00"]},
        tz="America/New_York",
        calendar=holidays.country_holidays("US", subdiv="FL"),
        overrides={date(2026, 12, 24): "09:00-13:00", date(2026, 12, 31): []},
    )


def questions(desk: BaseSchedule) -> tuple[datetime, datetime, timedelta, bool]:
    start = datetime(2026, 11, 20, 17, 30, tzinfo=ZoneInfo("America/New_York"))
    due: datetime = desk.add(start, timedelta(hours=4))
    back: datetime = desk.subtract("2026-11-23 11:00", "2h")
    used: timedelta = desk.elapsed(start, due)
    return due, back, used, desk.is_open(due)


def spans(desk: BaseSchedule) -> Iterator[tuple[datetime, datetime]]:
    for period in desk.periods("2026-11-20", "2026-11-27"):
        length: timedelta = period.length
        assert length > timedelta(0)
        yield period.start, period.end


def follow_the_sun() -> BaseSchedule:
    madrid = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
    return build_desk() | madrid


def deadlines() -> list[datetime]:
    policy = slaclock.default_policy()
    due = policy.deadline("alta", "2026-11-20 17:30", metric="response")
    fired = [instant for _, instant in policy.escalations("high", "2026-11-20 17:30")]
    return [due, *fired]


def handle_errors(text: str) -> str | None:
    try:
        slaclock.parse_duration(text)
    except slaclock.InvalidDurationError as err:
        return str(err)
    except ValueError:
        return "some other bad value"
    return None
