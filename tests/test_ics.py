"""iCalendar (.ics) feeds as calendars: all-day events close whole dates, recurrences expanded.

The golden feed is docs/examples/company-closures.ics; tests/golden/company-closures.txt lists
the dates it closes in 2025-2027 (a yearly event with an EXDATE, a monthly rule with a moved
occurrence, a shutdown across New Year, a DURATION, a cancelled event), checked by hand against
the feed. Timed events close hours: tests/test_ics_timed.py.
"""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("icalendar")
pytest.importorskip("recurring_ical_events")

from slaclock import (
    IcsCalendar,
    InvalidCalendarError,
    PolicyFileError,
    Schedule,
    closure_name,
    ics_calendar,
    union,
)
from slaclock.config import load_policy, loads_policy

ROOT = Path(__file__).resolve().parent.parent
FEED = ROOT / "docs" / "examples" / "company-closures.ics"
GOLDEN = ROOT / "tests" / "golden" / "company-closures.txt"


def feed(*events: str) -> str:
    """A calendar of the given VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"


def closed_dates(calendar: object, first: date, last: date) -> list[str]:
    lines = []
    day = first
    while day <= last:
        if day in calendar:  # type: ignore[operator]
            lines.append(f"{day.isoformat()} {day.strftime('%a')} {closure_name(calendar, day)}")
        day += timedelta(days=1)
    return lines


def test_golden_feed() -> None:
    calendar = ics_calendar(FEED)
    found = closed_dates(calendar, date(2025, 1, 1), date(2027, 12, 31))
    assert found == GOLDEN.read_text(encoding="utf-8").splitlines()


def test_golden_feed_facts() -> None:
    calendar = ics_calendar(str(FEED))
    assert date(2026, 3, 16) not in calendar  # EXDATE
    assert date(2027, 3, 16) in calendar  # the yearly rule goes on
    assert date(2026, 6, 1) not in calendar  # moved (RECURRENCE-ID) to 2 June
    assert calendar.get(date(2026, 6, 2)) == "Inventory day (moved)"
    assert date(2027, 1, 4) not in calendar  # UNTIL=20261231
    assert date(2027, 1, 1) in calendar  # the shutdown runs across New Year
    assert date(2027, 1, 2) not in calendar  # DTEND is not included
    assert [date(2026, 9, d) in calendar for d in (1, 2, 3, 4)] == [False, True, True, False]
    assert date(2026, 10, 16) not in calendar  # STATUS:CANCELLED


def test_a_schedule_on_a_feed() -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid", calendar=ics_calendar(FEED))
    assert str(desk.next_open("2026-12-23 18:00")) == "2027-01-04 09:00:00+01:00"
    closure = desk.closure("2026-12-28 10:00")
    assert closure is not None
    assert (closure.reason, closure.name) == ("holiday", "Year-end shutdown")


def test_text_and_path_give_equal_calendars_pickled_by_their_text() -> None:
    text = FEED.read_text(encoding="utf-8")
    by_path, by_text = ics_calendar(FEED), ics_calendar(text)
    assert by_path == by_text
    assert hash(by_path) == hash(by_text)
    assert ics_calendar(text.encode()) == by_text
    copy = pickle.loads(pickle.dumps(by_path))
    assert copy == by_path
    assert closure_name(copy, date(2026, 12, 24)) == "Year-end shutdown"
    assert repr(ics_calendar(FEED)) == f"ics_calendar({str(FEED)!r})"
    assert isinstance(by_text, IcsCalendar)
    assert eval(repr(by_text), {"ics_calendar": ics_calendar}) == by_text


def test_line_endings_do_not_matter() -> None:
    text = feed("SUMMARY:Day\nDTSTART;VALUE=DATE:20260310")
    assert closed_dates(ics_calendar(text), date(2026, 1, 1), date(2026, 12, 31)) == closed_dates(
        ics_calendar(text.replace("\n", "\r\n")), date(2026, 1, 1), date(2026, 12, 31)
    )


def test_a_feed_in_a_union_with_country_holidays() -> None:
    both = union(ics_calendar(FEED), {date(2026, 3, 17)})
    assert date(2026, 3, 17) in both
    assert closure_name(both, date(2026, 12, 24)) == "Year-end shutdown"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            feed("SUMMARY:x"),
            "iCalendar feed: event 'x' has no DTSTART: expected DTSTART;VALUE=DATE:YYYYMMDD",
        ),
        (
            feed("UID:abc@example.com"),
            "iCalendar feed: event 'abc@example.com' has no DTSTART: expected "
            "DTSTART;VALUE=DATE:YYYYMMDD",
        ),
        (
            feed("DTEND;VALUE=DATE:20260102"),
            "iCalendar feed: event 1 has no DTSTART: expected DTSTART;VALUE=DATE:YYYYMMDD",
        ),
        (
            feed("SUMMARY:x\nDTSTART;VALUE=DATE:2026x"),
            "iCalendar feed: event 'x' has a DTSTART that is not a date ('2026x'): expected "
            "DTSTART;VALUE=DATE:YYYYMMDD",
        ),
        (
            feed("SUMMARY:x\nDTSTART;VALUE=DATE:20260101\nRRULE:FREQ=HOURLY"),
            "iCalendar feed: event 'x' repeats within a day (FREQ=HOURLY): expected a rule "
            "that falls on dates (FREQ=YEARLY, MONTHLY, WEEKLY or DAILY)",
        ),
        (
            "BEGIN:VCALENDAR\nnot a line\nEND:VCALENDAR\n",
            "iCalendar feed is not iCalendar text (",
        ),
        (
            5,
            "iCalendar feed 5: expected the path of an .ics file or its text, got int",
        ),
        (
            b"BEGIN:VCALENDAR\n\xff",
            "iCalendar feed: byte 16 is not UTF-8: expected UTF-8 text beginning BEGIN:VCALENDAR",
        ),
        (
            "no/such/holidays.ics",
            "iCalendar file 'no/such/holidays.ics': cannot read it: No such file or directory",
        ),
    ],
)
def test_bad_feeds(source: object, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match="^" + re.escape(message)):
        ics_calendar(source)  # type: ignore[arg-type]


def test_a_bad_feed_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="has no DTSTART"):
        ics_calendar(feed("SUMMARY:x"))


def test_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(
        InvalidCalendarError,
        match=r"^iCalendar feed: reading \.ics feeds needs the ics extra: pip install "
        r"'slaclock\[ics\]' \(icalendar and recurring-ical-events\)$",
    ):
        ics_calendar(feed("SUMMARY:x\nDTSTART;VALUE=DATE:20260101"))


def test_the_core_never_imports_the_extra() -> None:
    code = (
        "import sys, slaclock, slaclock.config\n"
        "slaclock.default_policy()\n"
        "assert 'icalendar' not in sys.modules and 'recurring_ical_events' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Policy files: plans.NAME.ics, relative to the policy file.

POLICY = """
[plans.standard]
zone = "Europe/Madrid"
hours = {{ mon-fri = "09:00-18:00" }}
{ics}
[targets.response]
high = "4h"
"""


def test_policy_file_reads_ics_relative_to_itself(tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "closures.ics").write_bytes(FEED.read_bytes())
    (tmp_path / "policy.toml").write_text(
        POLICY.format(ics='ics = "feeds/closures.ics"'), encoding="utf-8"
    )
    policy = load_policy(tmp_path / "policy.toml")
    assert policy.plans["standard"].schedule.calendar == ics_calendar(FEED)
    # Wed 23 Dec 16:00 + 4 h: 2 h Wed; the shutdown to 1 Jan, the weekend: Mon 4 Jan 11:00.
    assert str(policy.deadline("high", "2026-12-23 16:00")) == "2027-01-04 11:00:00+01:00"


def test_policy_text_reads_ics_from_the_directory_given() -> None:
    policy = loads_policy(
        POLICY.format(ics='ics = ["company-closures.ics"]\nholidays = { country = "ES" }'),
        directory=FEED.parent,
    )
    calendar = policy.plans["standard"].schedule.calendar
    assert date(2026, 10, 12) in calendar  # ES: Fiesta Nacional de España
    assert closure_name(calendar, date(2026, 12, 28)) == "Year-end shutdown"


def test_policy_file_ics_problems_name_their_key_path(tmp_path: Path) -> None:
    (tmp_path / "timed.ics").write_text(
        feed("SUMMARY:Offsite\nDTSTART;TZID=Europe/Madrid:20260310T140000\nRRULE:FREQ=HOURLY"),
        encoding="utf-8",
    )
    (tmp_path / "policy.toml").write_text(
        POLICY.format(ics='ics = ["missing.ics", 5, "timed.ics"]'), encoding="utf-8"
    )
    with pytest.raises(PolicyFileError) as excinfo:
        load_policy(tmp_path / "policy.toml")
    assert excinfo.value.problems == (
        (
            "plans.standard.ics[0]",
            f"iCalendar file {str(tmp_path / 'missing.ics')!r}: cannot read it: No such file "
            "or directory",
        ),
        (
            "plans.standard.ics[1]",
            'expected the path of an .ics file such as "holidays.ics", got a number 5',
        ),
        (
            "plans.standard.ics[2]",
            f"iCalendar file {str(tmp_path / 'timed.ics')!r}: event 'Offsite' repeats within "
            "a day (FREQ=HOURLY): expected a rule that falls on dates (FREQ=YEARLY, MONTHLY, "
            "WEEKLY or DAILY)",
        ),
    )


def test_empty_ics_array_is_a_problem() -> None:
    with pytest.raises(PolicyFileError) as excinfo:
        loads_policy(POLICY.format(ics="ics = []"))
    assert excinfo.value.problems == (
        (
            "plans.standard.ics",
            'an empty array: expected paths such as "holidays.ics", or no ics key',
        ),
    )


# Property: a yearly all-day event of several days, some occurrences excluded, against a
# literal model of the feed.


@settings(max_examples=40)
@given(
    start=st.dates(date(2000, 1, 1), date(2030, 12, 31)).filter(
        lambda day: (day.month, day.day) != (2, 29)
    ),
    length=st.integers(1, 6),
    count=st.none() | st.integers(1, 6),
    excluded=st.sets(st.integers(0, 6), max_size=3),
    yearly=st.booleans(),
)
def test_yearly_events_with_exdates_against_a_model(
    start: date, length: int, count: int | None, excluded: set[int], yearly: bool
) -> None:
    lines = ["SUMMARY:Closure", f"DTSTART;VALUE=DATE:{start:%Y%m%d}"]
    lines.append(f"DTEND;VALUE=DATE:{start + timedelta(days=length):%Y%m%d}")
    if yearly:
        lines.append("RRULE:FREQ=YEARLY" + (f";COUNT={count}" if count is not None else ""))
    lines.extend(
        f"EXDATE;VALUE=DATE:{start.replace(year=start.year + k):%Y%m%d}" for k in sorted(excluded)
    )
    calendar = ics_calendar(feed("\n".join(lines)))
    occurrences = [0] if not yearly else range(count if count is not None else 8)
    model: set[date] = set()
    for k in occurrences:
        if k in excluded:
            continue
        first = start.replace(year=start.year + k)
        model.update(first + timedelta(days=d) for d in range(length))
    day, last = start - timedelta(days=3), start.replace(year=start.year + 6)
    while day <= last:
        assert (day in calendar) == (day in model), day
        day += timedelta(days=1)


def test_rdates_and_an_until_with_a_time_as_outlook_writes_it() -> None:
    calendar = ics_calendar(
        feed(
            "SUMMARY:Monday closure\nDTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260106\n"
            "RRULE:FREQ=WEEKLY;UNTIL=20260131T235959Z;BYDAY=MO",
            "SUMMARY:Stocktake\nDTSTART;VALUE=DATE:20260301\nRDATE;VALUE=DATE:20260401,20260501",
        )
    )
    assert closed_dates(calendar, date(2026, 1, 1), date(2026, 12, 31)) == [
        "2026-01-05 Mon Monday closure",
        "2026-01-12 Mon Monday closure",
        "2026-01-19 Mon Monday closure",
        "2026-01-26 Mon Monday closure",
        "2026-03-01 Sun Stocktake",
        "2026-04-01 Wed Stocktake",
        "2026-05-01 Fri Stocktake",
    ]


def test_two_events_on_one_date_the_earliest_names_it() -> None:
    calendar = ics_calendar(
        feed(
            "SUMMARY:Shutdown\nDTSTART;VALUE=DATE:20261228\nDTEND;VALUE=DATE:20261231",
            "SUMMARY:Anniversary\nDTSTART;VALUE=DATE:20261229",
        )
    )
    assert calendar.get(date(2026, 12, 29)) == "Shutdown"
    assert calendar.get(date(2026, 12, 31)) is None


def test_a_feed_is_immutable() -> None:
    calendar = ics_calendar(FEED)
    with pytest.raises(AttributeError, match=r"^an IcsCalendar is immutable: cannot set 'text'$"):
        calendar.text = "BEGIN:VCALENDAR\nEND:VCALENDAR"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("rule", "shown"),
    [
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13: expected 1 to 12"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32: expected 1 to 31 (or -31 to -1)"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: expected 1 to 31 (or -31 to -1)"),
        ("FREQ=YEARLY;BYYEARDAY=-367", "BYYEARDAY=-367: expected 1 to 366 (or -366 to -1)"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54: expected 1 to 53 (or -53 to -1)"),
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0: expected 1 or more"),
    ],
)
def test_a_rule_out_of_its_ranges_is_refused_naming_the_event(rule: str, shown: str) -> None:
    # dateutil and recurring-ical-events accept these and fall on no date: a closure that
    # silently never closes. RFC 5545, section 3.3.10, gives the ranges.
    text = feed(f"SUMMARY:Inventory\nDTSTART;VALUE=DATE:20260101\nRRULE:{rule}")
    with pytest.raises(
        InvalidCalendarError,
        match="^" + re.escape(f"iCalendar feed: event 'Inventory' has an RRULE {shown}") + "$",
    ):
        ics_calendar(text)


def test_rules_within_their_ranges_are_read() -> None:
    text = feed(
        "SUMMARY:Last day\nDTSTART;VALUE=DATE:20260131\n"
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;BYMONTH=1,12;INTERVAL=1"
    )
    closed = ics_calendar(text)
    assert date(2026, 12, 31) in closed
    assert date(2027, 1, 31) in closed
    assert date(2026, 11, 30) not in closed
