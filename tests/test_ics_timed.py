"""Timed iCalendar events close only their hours (docs/calendars-ics.md).

The golden feed is docs/examples/office-events.ics: an event in the desk's zone, one in Bogota,
one in UTC (``Z``, with a DURATION), a floating one, a weekly rule in New York across both
changes of daylight saving, an all-day and a timed event on one date, an event across
midnight, one across the spring change, a cancelled one and one without an end.
tests/golden/office-events.txt lists a Madrid desk's hours date by date (checked by hand:
New York's 10:00 is Madrid's 15:00 between the two changes of March, 16:00 after them).
The property test compares random feeds with tests/model.py, which reads the calendar's
``closed_hours`` as the docs say.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("icalendar")
pytest.importorskip("recurring_ical_events")

from model import Model, from_us, to_us
from slaclock import InvalidCalendarError, Schedule, ics_calendar
from slaclock.hours import format_intervals
from strategies import fewer_examples

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "docs" / "examples" / "office-events.ics"
GOLDEN = ROOT / "tests" / "golden" / "office-events.txt"
HOURS = {"mon-fri": "09:00-18:00", "sun": "08:00-12:00"}


def feed(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"


def listing(schedule: Schedule, first: date, last: date) -> list[str]:
    lines = []
    day = first
    while day <= last:
        hours = format_intervals(schedule.intervals_on(day)) or "closed"
        notes = [f"holiday: {schedule.holiday_name(day)}"] if day in schedule.calendar else []
        notes += [
            f"closed {start:%H:%M}-{end:%H:%M} {name}"
            for (start, end), name in schedule.closed_hours_on(day)
        ]
        lines.append(" | ".join([f"{day} {day:%a} {hours}", *notes]))
        day += timedelta(days=1)
    return lines


def test_golden_feed() -> None:
    desk = Schedule(HOURS, tz="Europe/Madrid", calendar=ics_calendar(FEED))
    found = listing(desk, date(2026, 3, 9), date(2026, 4, 6))
    assert found == GOLDEN.read_text(encoding="utf-8").splitlines()


def test_golden_feed_facts() -> None:
    desk = Schedule(HOURS, tz="Europe/Madrid", calendar=ics_calendar(FEED))
    assert desk.is_open("2026-03-10 13:59:59")
    assert not desk.is_open("2026-03-10 14:00")
    assert str(desk.next_open("2026-03-10 14:00")) == "2026-03-11 09:00:00+01:00"
    assert desk.elapsed("2026-03-10 00:00", "2026-03-11 00:00") == timedelta(hours=5)
    found = desk.closure("2026-03-13 16:30")  # 15:00 UTC + 90 minutes
    assert found is not None
    assert (found.reason, found.name, str(found.ends), str(found.until)) == (
        "event",
        "Phone system upgrade",
        "2026-03-13 17:30:00+01:00",
        "2026-03-13 17:30:00+01:00",
    )
    found = desk.closure("2026-03-19 11:30")  # the all-day event wins over the timed one
    assert found is not None
    assert (found.reason, found.name) == ("holiday", "Regional holiday")
    found = desk.closure("2026-03-27 09:30")  # the move, across midnight
    assert found is not None
    assert (found.reason, found.day, found.name) == ("event", date(2026, 3, 27), "Office move")
    assert str(found.ends) == "2026-03-27 10:00:00+01:00"
    assert desk.closure("2026-03-31 12:00") is None  # cancelled, and an event with no end


def test_an_override_wins_over_timed_events() -> None:
    desk = Schedule(
        HOURS,
        tz="Europe/Madrid",
        calendar=ics_calendar(FEED),
        overrides={"2026-03-10": "09:00-18:00"},
    )
    assert desk.is_open("2026-03-10 15:00")
    assert desk.closed_hours_on(date(2026, 3, 10)) == ()


def test_business_days_count_a_partly_closed_date_not_a_wholly_closed_one() -> None:
    calendar = ics_calendar(
        feed(
            "SUMMARY:Half\nDTSTART;TZID=UTC:20260310T090000\nDTEND;TZID=UTC:20260310T120000",
            "SUMMARY:All\nDTSTART;TZID=UTC:20260311T080000\nDTEND;TZID=UTC:20260311T190000",
        )
    )
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="UTC", calendar=calendar)
    assert str(desk.add_days("2026-03-09 10:00", 1)) == "2026-03-10 12:00:00+00:00"
    assert str(desk.add_days("2026-03-10 15:00", 1)) == "2026-03-12 15:00:00+00:00"
    assert desk.days_between("2026-03-09 10:00", "2026-03-12 10:00") == 2
    found = desk.closure("2026-03-11 10:00")
    assert found is not None
    assert (found.reason, found.name) == ("event", "All")


def test_a_recurring_timed_event_keeps_its_wall_time_across_its_zones_changes() -> None:
    calendar = ics_calendar(
        feed(
            "SUMMARY:Meeting\nDTSTART;TZID=America/New_York:20260302T100000\n"
            "DTEND;TZID=America/New_York:20260302T110000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=5"
        )
    )
    desk = Schedule({"mon-fri": "00:00-24:00"}, tz="UTC", calendar=calendar)
    closed = [
        str(start)
        for day in range(2, 31, 7)
        for (start, _), _ in desk.closed_hours_on(date(2026, 3, day))
    ]
    assert closed == [
        "2026-03-02 15:00:00+00:00",  # EST
        "2026-03-09 14:00:00+00:00",  # EDT from 8 March
        "2026-03-16 14:00:00+00:00",
        "2026-03-23 14:00:00+00:00",
        "2026-03-30 14:00:00+00:00",
    ]


def test_a_night_shift_is_cut_by_an_event_across_midnight() -> None:
    calendar = ics_calendar(
        feed("SUMMARY:Works\nDTSTART:20260310T230000\nDTEND:20260311T010000")  # floating
    )
    night = Schedule({"mon-sun": "22:00-06:00"}, tz="America/New_York", calendar=calendar)
    periods = night.periods("2026-03-10 21:00", "2026-03-11 07:00")
    assert [(str(a), str(b)) for a, b in periods] == [
        ("2026-03-10 22:00:00-04:00", "2026-03-10 23:00:00-04:00"),
        ("2026-03-11 01:00:00-04:00", "2026-03-11 06:00:00-04:00"),
    ]
    found = night.closure("2026-03-11 00:30")
    assert found is not None
    assert (found.reason, found.day) == ("event", date(2026, 3, 10))


def test_sub_daily_rules_stay_refused() -> None:
    text = feed("SUMMARY:Ping\nDTSTART:20260310T090000Z\nDURATION:PT5M\nRRULE:FREQ=MINUTELY")
    with pytest.raises(InvalidCalendarError, match=r"repeats within a day \(FREQ=MINUTELY\)"):
        ics_calendar(text)


def test_totals_and_composites_stay_exact() -> None:
    calendar = ics_calendar(
        feed(
            "SUMMARY:Lunch\nDTSTART;TZID=Europe/Madrid:20240101T130000\n"
            "DTEND;TZID=Europe/Madrid:20240101T140000\nRRULE:FREQ=DAILY;INTERVAL=3",
            "SUMMARY:Eve\nDTSTART:20261231T120000Z\nDTEND:20270101T120000Z",
        )
    )
    desk = Schedule({"mon-sun": "08:00-20:00"}, tz="Europe/Madrid", calendar=calendar)
    other = Schedule({"mon-fri": "12:00-22:00"}, tz="America/New_York")
    for schedule in (desk, desk | other, desk & other):
        totals = schedule.timeline.totals(2025, 2028)
        assert totals == [schedule.timeline.chunk(year).total for year in range(2025, 2029)]
    assert desk.year_shapes(2025, 2026) is None  # hours closed by events: chunks are built


EVENT_ZONES = st.sampled_from(("", ";TZID=America/New_York", ";TZID=Asia/Kolkata", "Z"))


@st.composite
def timed_feeds(draw: st.DrawFn) -> str:
    events = []
    for index in range(draw(st.integers(1, 4))):
        where = draw(EVENT_ZONES)
        start = datetime(2026, 3, 1) + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 40)))
        end = start + timedelta(minutes=15 * draw(st.integers(1, 4 * 30)))
        zone, suffix = ("", "Z") if where == "Z" else (where, "")
        lines = [
            f"SUMMARY:Event {index}",
            f"DTSTART{zone}:{start:%Y%m%dT%H%M%S}{suffix}",
            f"DTEND{zone}:{end:%Y%m%dT%H%M%S}{suffix}",
        ]
        if draw(st.booleans()):
            lines.append(f"RRULE:FREQ={draw(st.sampled_from(('DAILY', 'WEEKLY')))};COUNT=4")
        events.append("\n".join(lines))
    if draw(st.booleans()):
        events.append("SUMMARY:Day off\nDTSTART;VALUE=DATE:20260325")
    return feed(*events)


@given(
    timed_feeds(),
    st.sampled_from(("Europe/Madrid", "America/New_York", "Asia/Kolkata")),
    st.sampled_from(
        (
            {"mon-fri": "09:00-18:00"},
            {"mon-sun": "22:00-06:00"},
            {"tue-sat": ["08:00-12:00", "13:00-24:00"]},
        )
    ),
    st.lists(st.integers(0, 60 * 24 * 60), min_size=3, max_size=3),
    st.booleans(),
)
@fewer_examples(0.5)
def test_timed_events_agree_with_the_model(text, zone, hours, minutes, overridden) -> None:
    overrides = {"2026-03-24": "10:00-15:00"} if overridden else None
    desk = Schedule(hours, tz=zone, calendar=ics_calendar(text), overrides=overrides)
    model = Model.of(desk)
    base = to_us(datetime(2026, 3, 1, tzinfo=desk.tz))
    instants = sorted(base + minute * 60_000_000 for minute in minutes)
    lo, hi = instants[0], instants[-1]
    found = [(to_us(a), to_us(b)) for a, b in desk.periods(from_us(lo), from_us(hi))]
    assert found == model.open_periods(lo, hi)
    for at in instants:
        for step in (-1, 0, 1):
            moment = at + step
            assert desk.is_open(from_us(moment)) == model.is_open(moment)
            assert to_us(desk.next_open(from_us(moment))) == model.next_open(moment)
            closed = desk.closure(from_us(moment))
            expected = model.closure(moment)
            got = (
                None
                if closed is None
                else (closed.reason, closed.day, to_us(closed.until), closed.name)
            )
            assert got == expected, from_us(moment)
        assert to_us(desk.add_days(from_us(at), 2)) == model.add_days(at, 2)
    assert desk.timeline.totals(2026, 2026) == [desk.timeline.chunk(2026).total]
    column = np.array(instants, dtype="datetime64[us]")
    assert desk.closure_many(column) == [desk.closure(from_us(at)) for at in instants]


def test_the_calendar_command_names_each_timed_closure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli import main

    policy = tmp_path / "desk.toml"
    policy.write_text(
        "[plans.standard]\n"
        'zone = "Europe/Madrid"\n'
        'hours = { mon-fri = "09:00-18:00" }\n'
        f"ics = {str(ROOT / 'docs/examples/office-events.ics')!r}\n"
        "[targets.response]\n"
        'high = "4h"\n',
        encoding="utf-8",
    )
    dates = ["--from", "2026-03-16", "--to", "2026-03-19", "--exceptions"]
    assert main(["calendar", "--policy", str(policy), *dates]) == 0
    lines = capsys.readouterr().out.splitlines()[4:-1]
    assert lines == [
        "  2026-03-16 Mon  09:00-10:00, 11:30-15:00, 16:00-18:00  6h30m  "
        "closed 10:00-11:30: Training (floating); closed 15:00-16:00: Weekly meeting",
        "  2026-03-19 Thu  closed                           holiday: Regional holiday",
    ]
    assert main(["calendar", "--policy", str(policy), "--lang", "es", *dates]) == 0
    assert "cerrado 10:00-11:30: Training (floating)" in capsys.readouterr().out
