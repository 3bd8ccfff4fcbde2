"""Versions of a schedule: hours that change from a date on (docs/schedules.md, "Hours that
change over time"). The random cases are in tests/property/test_version_properties.py; here the
rules one by one, with literal answers, and the errors."""

from __future__ import annotations

import pickle
from datetime import date, datetime, timedelta

import pytest

import slaclock
from slaclock import Schedule, VersionedSchedule
from slaclock.config import loads_policy

NEW_YORK = "America/New_York"


def _desk() -> VersionedSchedule:
    return Schedule.versions(
        {date(2026, 1, 1): {"mon-fri": "09:00-18:00"}, "2027-01-01": {"mon-fri": "08:00-20:00"}},
        tz=NEW_YORK,
    )


def test_a_deadline_that_starts_under_the_old_hours_ends_under_the_new() -> None:
    desk = _desk()
    # Thursday 31 Dec 2026 16:00-18:00 (old hours: 2 h), Friday 1 Jan 2027 from 08:00 (new).
    assert str(desk.add("2026-12-31 16:00", "4h")) == "2027-01-01 10:00:00-05:00"
    assert str(desk.subtract("2027-01-01 10:00", "4h")) == "2026-12-31 16:00:00-05:00"
    assert desk.elapsed("2026-12-31 16:00", "2027-01-01 10:00") == timedelta(hours=4)
    assert str(desk.next_open("2026-12-31 18:00")) == "2027-01-01 08:00:00-05:00"
    assert str(desk.next_close("2027-01-01 08:00")) == "2027-01-01 20:00:00-05:00"
    assert str(desk.previous_close("2027-01-01 08:00")) == "2026-12-31 18:00:00-05:00"


def test_before_the_first_version_its_hours_hold() -> None:
    desk = _desk()
    assert desk.is_open("2020-06-01 10:00")
    assert not desk.is_open("2020-06-01 19:00")
    assert desk.version_date_on(date(2020, 6, 1)) == date(2026, 1, 1)


def test_an_overnight_shift_belongs_to_the_version_of_the_date_it_starts_on() -> None:
    ending = Schedule.versions(
        {"2026-01-01": {"mon-sun": "22:00-06:00"}, "2027-01-01": {"mon-fri": "09:00-18:00"}},
        tz=NEW_YORK,
    )
    assert ending.is_open("2027-01-01 03:00")  # the old shift of 31 Dec runs to 06:00
    assert not ending.is_open("2027-01-01 06:00")
    assert ending.is_open("2027-01-01 09:00")
    assert not ending.is_open("2027-01-01 22:00")  # no night shift from 1 Jan
    starting = Schedule.versions(
        {"2026-01-01": {"mon-fri": "09:00-18:00"}, "2027-01-01": {"mon-sun": "22:00-06:00"}},
        tz=NEW_YORK,
    )
    assert not starting.is_open("2026-12-31 22:00")  # 31 Dec has the old day hours
    assert not starting.is_open("2027-01-01 03:00")
    assert starting.is_open("2027-01-01 22:00")
    periods = list(ending.periods("2026-12-31 12:00", "2027-01-02 00:00"))
    assert [(str(a), str(b)) for a, b in periods] == [
        ("2026-12-31 22:00:00-05:00", "2027-01-01 06:00:00-05:00"),
        ("2027-01-01 09:00:00-05:00", "2027-01-01 18:00:00-05:00"),
    ]


def test_business_days_and_closures_across_a_change() -> None:
    desk = Schedule.versions(
        {"2026-01-01": {"mon-fri": "09:00-18:00"}, "2027-01-01": {"mon-thu": "09:00-18:00"}},
        tz=NEW_YORK,
        calendar=slaclock.ClosedDates({date(2027, 1, 4): "Inventory"}),
    )
    # Fri 1 Jan 2027 is closed under the new hours, Mon 4 Jan by the calendar.
    assert str(desk.add_days("2026-12-31 10:00", 1)) == "2027-01-05 10:00:00-05:00"
    assert desk.days_between("2026-12-30 10:00", "2027-01-05 10:00") == 2
    found = desk.closure("2027-01-01 10:00")
    assert found is not None
    assert (found.reason, found.day, found.name) == ("closed weekday", date(2027, 1, 1), "friday")
    found = desk.closure("2027-01-04 10:00")
    assert found is not None
    assert (found.reason, found.name, str(found.until)) == (
        "holiday",
        "Inventory",
        "2027-01-05 09:00:00-05:00",
    )
    assert desk.closure("2026-12-31 10:00") is None


class _Closes:
    """A calendar closing the given hours (``closed_hours``) and no whole date."""

    def __init__(self, *spans: tuple[datetime, datetime, str]) -> None:
        self.spans = list(spans)

    def __contains__(self, day: object) -> bool:
        return False

    def closed_hours(self, first: date, last: date) -> list[tuple[datetime, datetime, str]]:
        return self.spans


def test_a_night_shift_is_closed_by_the_events_of_its_own_version() -> None:
    """Thursday's 22:00-06:00 shift runs into the first day of a new version: its hours after
    midnight, and the timed closures that close them, belong to the old version."""
    maintenance = (datetime(2026, 12, 31, 23), datetime(2027, 1, 1, 5), "Maintenance")
    offsite = (datetime(2027, 1, 1, 1), datetime(2027, 1, 1, 2), "Offsite")
    old = Schedule({"thu": "22:00-06:00"}, tz="UTC", calendar=_Closes(maintenance))
    new = Schedule({"thu": "22:00-06:00"}, tz="UTC", calendar=_Closes(offsite))
    desk = Schedule.versions({"2026-01-01": old, "2027-01-01": new}, tz="UTC")
    assert not desk.is_open("2027-01-01 03:00")
    found = desk.closure("2027-01-01 03:00")
    assert found is not None
    assert (found.reason, found.day, found.name) == ("event", date(2026, 12, 31), "Maintenance")
    assert str(found.ends) == "2027-01-01 05:00:00+00:00"
    assert found == old.closure("2027-01-01 03:00")
    # the new version's event falls in the old version's shift: it closes nothing there
    without = Schedule.versions(
        {"2026-01-01": Schedule({"thu": "22:00-06:00"}, tz="UTC"), "2027-01-01": new}, tz="UTC"
    )
    assert without.is_open("2027-01-01 01:30")
    assert without.closure("2027-01-01 01:30") is None


def test_a_version_may_be_a_whole_schedule() -> None:
    summer = Schedule({"mon-fri": "08:00-15:00"}, tz=NEW_YORK, overrides={"2026-07-03": []})
    desk = Schedule.versions(
        {"2026-01-01": {"mon-fri": "09:00-18:00"}, "2026-07-01": summer, "2026-09-01": {}},
        tz=NEW_YORK,
    )
    assert desk.versions[date(2026, 7, 1)] is summer
    assert not desk.is_open("2026-07-03 10:00")
    assert not desk.is_open("2026-09-01 10:00")  # the desk closed from September


def test_a_versioned_schedule_is_a_value() -> None:
    desk = _desk()
    assert repr(desk) == (
        "VersionedSchedule({'2026-01-01': Schedule({'mon-fri': '09:00-18:00'}, "
        "tz='America/New_York'), '2027-01-01': Schedule({'mon-fri': '08:00-20:00'}, "
        "tz='America/New_York')})"
    )
    assert eval(repr(desk), {"VersionedSchedule": VersionedSchedule, "Schedule": Schedule}) == desk
    desk.add("2026-12-31 16:00", "4h")
    copy = pickle.loads(pickle.dumps(desk))
    assert copy == desk
    assert hash(copy) == hash(desk)
    assert copy.timeline.loaded() == ()
    assert desk != Schedule.versions({"2026-01-01": {"mon-fri": "09:00-18:00"}}, tz=NEW_YORK)
    with pytest.raises(AttributeError, match="immutable"):
        desk.versions = {}  # type: ignore[misc]


def test_unions_and_intersections_take_versions() -> None:
    desk = _desk()
    customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    both = desk & customer
    assert str(both.next_close("2027-01-01 08:00")) == "2027-01-01 11:00:00-05:00"
    either = desk | customer
    assert str(either.next_open("2027-01-01 02:00")) == "2027-01-01 03:00:00-05:00"


def test_bad_versions_are_named() -> None:
    with pytest.raises(slaclock.InvalidScheduleError, match="expected a mapping of at least one"):
        VersionedSchedule({})
    with pytest.raises(slaclock.InvalidScheduleError, match=r"version '2027-13-01': expected a"):
        Schedule.versions({"2027-13-01": {"mon": "09:00-10:00"}}, tz="UTC")
    with pytest.raises(slaclock.InvalidScheduleError, match="version datetime"):
        Schedule.versions({datetime(2027, 1, 1): {"mon": "09:00-10:00"}}, tz="UTC")
    with pytest.raises(slaclock.InvalidHoursError, match=r"^version 2027-01-01: opening time '9'"):
        Schedule.versions({"2027-01-01": {"mon": "9-10"}}, tz="UTC")
    with pytest.raises(slaclock.InvalidScheduleError, match="version 2027-01-01: given twice"):
        Schedule.versions({"2027-01-01": {}, date(2027, 1, 1): {}}, tz="UTC")
    madrid = Schedule({"mon": "09:00-10:00"}, tz="Europe/Madrid")
    with pytest.raises(
        slaclock.InvalidScheduleError,
        match="version 2027-01-01: zone 'Europe/Madrid', expected 'UTC' as the first version's",
    ):
        Schedule.versions({"2026-01-01": {"mon": "09:00-10:00"}, "2027-01-01": madrid}, tz="UTC")
    with pytest.raises(slaclock.InvalidScheduleError, match="version 2026-01-01: expected a Sch"):
        VersionedSchedule({"2026-01-01": madrid | madrid})  # type: ignore[dict-item]
    with pytest.raises(slaclock.InvalidScheduleError, match="expected a mapping of dates"):
        Schedule.versions([{"mon": "09:00-10:00"}], tz="UTC")  # type: ignore[arg-type]


POLICY = """
[plans.standard]
zone = "America/New_York"
[plans.standard.hours]
"2026-01-01" = { mon-fri = "09:00-18:00" }
"2027-01-01" = { mon-fri = "08:00-20:00", sat = "10:00-14:00" }
[targets.response]
high = "4h"
"""


def test_a_policy_file_gives_a_plan_hours_that_change() -> None:
    policy = loads_policy(POLICY)
    schedule = policy.plans["standard"].schedule
    assert isinstance(schedule, VersionedSchedule)
    assert str(policy.deadline("high", "2026-12-31 17:00")) == "2027-01-01 11:00:00-05:00"
    assert str(policy.deadline("high", "2027-01-02 11:00")) == "2027-01-04 09:00:00-05:00"


def test_a_policy_file_names_the_version_of_a_problem() -> None:
    text = POLICY.replace('"2027-01-01" = { mon-fri = "08:00-20:00", sat = "10:00-14:00" }', (
        '"2027-02-30" = { mon-fri = "08:00-20:00" }\nmon = "09:00-10:00"\n'
        '"2029-01-01" = { mon-fri = "25:00-26:00" }'
    ))  # fmt: skip
    with pytest.raises(slaclock.PolicyFileError) as caught:
        loads_policy(text)
    assert list(caught.value.problems) == [
        (
            "plans.standard.hours.2027-02-30",
            "'2027-02-30' is not a date: expected YYYY-MM-DD such as 2026-12-24",
        ),
        (
            "plans.standard.hours.mon",
            "a day key among dates: expected every key a day (weekly hours) or every key a date "
            '(the hours in force from it: "2027-01-01" = { mon-fri = "09:00-18:00" })',
        ),
        (
            "plans.standard.hours.2029-01-01.mon-fri",
            "opening time '25:00' for 'mon-fri': expected HH:MM between 00:00 and 24:00",
        ),
    ]
    closed = POLICY.replace('sat = "10:00-14:00" }', 'sat = "10:00-14:00" }\n"2028-01-01" = {}')
    with pytest.raises(slaclock.PolicyFileError, match=r"plans.standard.hours.2028-01-01: opens"):
        loads_policy(closed)


def test_a_version_date_is_read_as_an_override_key_is() -> None:
    """Spaces around a version's date are allowed, as around an override's key; what is not
    a date names the value."""
    from slaclock.errors import InvalidScheduleError
    from slaclock.schedule_versions import version_date

    assert version_date(" 2027-01-01 ") == date(2027, 1, 1)
    with pytest.raises(InvalidScheduleError, match=r"version '2027-01-01 09:00': expected a date"):
        version_date("2027-01-01 09:00")
