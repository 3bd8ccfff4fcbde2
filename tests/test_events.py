"""A ticket's events: values, rows from exports, ordering, impossible sequences, tolerant rules.

The impossible sequences are checked through ``evaluate`` / ``Ticket`` (the sequence checks live
in the reducer), each error naming the offending event by its kind and time.

Calendar used (2026): Fri 20 Nov, Sat 21, Sun 22, Mon 23, Tue 24 Nov. The desk is Mon-Fri
09:00-18:00 in New York (EST, -05:00 in November); Florida's holidays play no part here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from slaclock import (
    InvalidDatetimeError,
    NonexistentTimeError,
    Policy,
    Schedule,
    SlaclockError,
    Threshold,
    UnknownPlanError,
    UnknownPriorityError,
    country_calendar,
)
from slaclock.errors import InvalidEventError
from slaclock.events import KINDS, Event, order_events
from slaclock.tracking import Ticket, evaluate

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")

DESK = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
)
POLICY = Policy(
    DESK,
    targets={
        "response": {"high": "4h", "medium": "12h", "low": "24h"},
        "update": {"high": "8h", "medium": "8h", "low": "8h"},
        "resolution": {"high": "3bd", "medium": "3bd", "low": "3bd"},
    },
    thresholds=[Threshold(75), Threshold(100, level=2), Threshold(150, level=3)],
)

CREATED = Event("created", "2026-11-20 16:00", priority="high")
KIND_LIST = ", ".join(KINDS)


# -- events as values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kind"),
    [
        # every canonical kind reads as itself
        *[(kind, kind) for kind in KINDS],
        # synonyms, in any case, with spaces or hyphens
        ("create", "created"),
        ("new", "created"),
        ("Opened", "created"),
        ("priority", "priority_changed"),
        ("Priority Change", "priority_changed"),
        ("regraded", "priority_changed"),
        ("plan", "plan_changed"),
        ("plan-change", "plan_changed"),
        ("pause", "paused"),
        ("On Hold", "paused"),
        ("hold", "paused"),
        ("resume", "resumed"),
        ("respond", "responded"),
        ("reply", "responded"),
        ("REPLIED", "responded"),
        ("first response", "responded"),
        ("first-response", "responded"),
        ("update", "updated"),
        ("customer_updated", "updated"),
        ("solve", "solved"),
        ("resolve", "solved"),
        ("Resolved", "solved"),
        ("reopen", "reopened"),
        ("close", "closed"),
        ("  paused  ", "paused"),
    ],
)
def test_kind_names_and_synonyms(given: str, kind: str) -> None:
    extras = {"priority": "high"} if kind in ("created", "priority_changed") else {}
    if kind == "plan_changed":
        extras = {"plan": "24x7"}
    event = Event(given, datetime(2026, 11, 20, 16, 0), **extras)
    assert event.kind == kind


def test_kinds_are_listed_in_the_order_of_a_tickets_life() -> None:
    assert KINDS == (
        "created",
        "priority_changed",
        "plan_changed",
        "paused",
        "resumed",
        "responded",
        "updated",
        "solved",
        "reopened",
        "closed",
    )


@pytest.mark.parametrize(
    ("kind", "at", "extras", "error", "message"),
    [
        (
            "escalated",
            "2026-11-20 16:00",
            {},
            InvalidEventError,
            f"unknown event kind 'escalated': expected one of {KIND_LIST}",
        ),
        ("", "2026-11-20 16:00", {}, InvalidEventError, "unknown event kind '': expected one of"),
        (5, "2026-11-20 16:00", {}, InvalidEventError, "unknown event kind 5: expected one of"),
        (None, "2026-11-20 16:00", {}, InvalidEventError, "unknown event kind None"),
        (
            "paused",
            None,
            {},
            InvalidEventError,
            "paused event at None: expected a datetime or ISO 8601 text",
        ),
        (
            "paused",
            1_763_672_400,
            {},
            InvalidEventError,
            "paused event at 1763672400: expected a datetime or ISO 8601 text",
        ),
        (
            "paused",
            dt.date(2026, 11, 20),
            {},
            InvalidEventError,
            "paused event at datetime.date(2026, 11, 20): expected a datetime or ISO 8601 text",
        ),
        (
            "paused",
            "yesterday",
            {},
            InvalidDatetimeError,
            "'yesterday' is not an ISO 8601 date-time: expected e.g. '2026-11-20 17:30' "
            "or '2026-11-20T17:30:00-05:00'",
        ),
        # 30 November exists, 31 November does not
        (
            "paused",
            "2026-11-31 10:00",
            {},
            InvalidDatetimeError,
            "'2026-11-31 10:00' is not an ISO 8601 date-time",
        ),
        (
            "created",
            "2026-11-20 16:00",
            {},
            InvalidEventError,
            "created event at 2026-11-20 16:00:00: expected a priority",
        ),
        (
            "created",
            "2026-11-20 16:00",
            {"priority": ""},
            InvalidEventError,
            "created event at 2026-11-20 16:00:00: expected a priority",
        ),
        (
            "priority_changed",
            "2026-11-20 16:00",
            {},
            InvalidEventError,
            "priority_changed event at 2026-11-20 16:00:00: expected a priority",
        ),
        (
            "plan_changed",
            "2026-11-20 16:00",
            {"priority": "high"},
            InvalidEventError,
            "plan_changed event at 2026-11-20 16:00:00: expected a plan",
        ),
        (
            "created",
            "2026-11-20 16:00",
            {"priority": 1},
            InvalidEventError,
            "created event at 2026-11-20 16:00:00: priority 1 is not text",
        ),
        (
            "paused",
            "2026-11-20 16:00",
            {"reason": 42},
            InvalidEventError,
            "paused event at 2026-11-20 16:00:00: reason 42 is not text",
        ),
        (
            "created",
            "2026-11-20 16:00",
            {"priority": "high", "plan": ["24x7"]},
            InvalidEventError,
            "created event at 2026-11-20 16:00:00: plan ['24x7'] is not text",
        ),
    ],
)
def test_malformed_events_are_clear_errors(
    kind: object, at: object, extras: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        Event(kind, at, **extras)  # type: ignore[arg-type]
    assert issubclass(error, SlaclockError)
    assert issubclass(error, ValueError)


def test_event_text_times_are_read_as_iso_8601() -> None:
    naive = Event("paused", "2026-11-20 17:00")
    assert naive.at == datetime(2026, 11, 20, 17, 0)
    assert naive.at.tzinfo is None
    aware = Event("paused", "2026-11-20T17:00:00-05:00")
    assert aware.at == datetime(2026, 11, 20, 22, 0, tzinfo=UTC)
    assert aware.at.utcoffset() == timedelta(hours=-5)
    zulu = Event("paused", "2026-11-20T22:00:00Z")
    assert zulu.at == aware.at


def test_events_are_frozen_values_with_a_repr_that_rebuilds_them() -> None:
    event = Event("pause", datetime(2026, 11, 20, 17, 0), reason="waiting on customer")
    assert repr(event) == (
        "Event('paused', datetime.datetime(2026, 11, 20, 17, 0), reason='waiting on customer')"
    )
    assert eval(repr(event), {"Event": Event, "datetime": dt}) == event
    created = Event("created", datetime(2026, 11, 20, 16, 0), priority="high", plan="24x7")
    assert repr(created) == (
        "Event('created', datetime.datetime(2026, 11, 20, 16, 0), priority='high', plan='24x7')"
    )
    assert eval(repr(created), {"Event": Event, "datetime": dt}) == created
    # A synonym and its kind make equal events (the kind is normalised on the way in).
    assert Event("hold", "2026-11-20 17:00") == Event("paused", datetime(2026, 11, 20, 17, 0))
    with pytest.raises(FrozenInstanceError):
        event.kind = "resumed"  # type: ignore[misc]


# -- events from rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"event": "created", "at": "2026-11-20 16:00", "priority": "high"},
            Event("created", datetime(2026, 11, 20, 16, 0), priority="high"),
        ),
        (
            {"kind": "On Hold", "time": "2026-11-20 17:00", "reason": "waiting on customer"},
            Event("paused", datetime(2026, 11, 20, 17, 0), reason="waiting on customer"),
        ),
        (
            {"type": "resolve", "timestamp": "2026-11-23T10:00:00-05:00"},
            Event("solved", datetime(2026, 11, 23, 15, 0, tzinfo=UTC)),
        ),
        (
            {"event": "plan", "at": datetime(2026, 11, 21, 10, 0), "plan": "24x7"},
            Event("plan_changed", datetime(2026, 11, 21, 10, 0), plan="24x7"),
        ),
        # extra columns are ignored; None and "" count as missing
        (
            {"ticket": "T-1", "event": "reply", "at": "2026-11-23 10:30", "reason": None},
            Event("responded", datetime(2026, 11, 23, 10, 30)),
        ),
        # an empty "event" column falls back to "kind", an empty "at" to "time"
        (
            {"event": "", "kind": "resume", "at": "", "time": "2026-11-23 10:00"},
            Event("resumed", datetime(2026, 11, 23, 10, 0)),
        ),
    ],
)
def test_from_dict_reads_rows(row: dict[str, object], expected: Event) -> None:
    assert Event.from_dict(row) == expected


def test_from_dict_reads_a_csv_export_with_empty_values() -> None:
    export = io.StringIO(
        "ticket,event,at,priority,plan,reason\n"
        "T-1,created,2026-11-20 16:00,high,,\n"
        "T-1,on hold,2026-11-20 17:00,,,third party\n"
        "T-1,resume,2026-11-23 10:00,,,\n"
        "T-1,priority change,2026-11-23 10:30,low,,\n"
        "T-1,plan,2026-11-23 10:45,,24x7,\n"
    )
    events = [Event.from_dict(row) for row in csv.DictReader(export)]
    assert events == [
        Event("created", datetime(2026, 11, 20, 16, 0), priority="high"),
        Event("paused", datetime(2026, 11, 20, 17, 0), reason="third party"),
        Event("resumed", datetime(2026, 11, 23, 10, 0)),
        Event("priority_changed", datetime(2026, 11, 23, 10, 30), priority="low"),
        Event("plan_changed", datetime(2026, 11, 23, 10, 45), plan="24x7"),
    ]
    # empty CSV cells are None, not "": nothing of the row leaks into the event
    assert events[0].plan is None
    assert events[0].reason is None
    assert events[2].priority is None


@pytest.mark.parametrize(
    ("row", "error", "message"),
    [
        (
            {"at": "2026-11-20 16:00"},
            InvalidEventError,
            "event {'at': '2026-11-20 16:00'}: missing key 'event' (the kind)",
        ),
        (
            {"event": "", "at": "2026-11-20 16:00"},
            InvalidEventError,
            "event {'event': '', 'at': '2026-11-20 16:00'}: missing key 'event' (the kind)",
        ),
        (
            {"event": "paused"},
            InvalidEventError,
            "event {'event': 'paused'}: missing key 'at' (the time)",
        ),
        (
            {"event": "paused", "at": "", "time": None},
            InvalidEventError,
            "event {'event': 'paused', 'at': '', 'time': None}: missing key 'at' (the time)",
        ),
        (
            {"event": "escalated", "at": "2026-11-20 16:00"},
            InvalidEventError,
            f"unknown event kind 'escalated': expected one of {KIND_LIST}",
        ),
        (
            {"event": "paused", "at": "20/11/2026 17:00"},
            InvalidDatetimeError,
            "'20/11/2026 17:00' is not an ISO 8601 date-time",
        ),
        (
            {"event": "paused", "at": "2026-11-20 25:00"},
            InvalidDatetimeError,
            "'2026-11-20 25:00' is not an ISO 8601 date-time",
        ),
        (
            {"event": "created", "at": "2026-11-20 16:00", "priority": ""},
            InvalidEventError,
            "created event at 2026-11-20 16:00:00: expected a priority",
        ),
        (
            {"event": "plan_changed", "at": "2026-11-20 16:00"},
            InvalidEventError,
            "plan_changed event at 2026-11-20 16:00:00: expected a plan",
        ),
        (
            ["created", "2026-11-20 16:00"],
            InvalidEventError,
            "event ['created', '2026-11-20 16:00']: expected a mapping",
        ),
    ],
)
def test_from_dict_errors_name_the_row(row: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=re.escape(message)):
        Event.from_dict(row)  # type: ignore[arg-type]


# -- ordering -----------------------------------------------------------------------------------


def test_order_events_sorts_by_instant_keeping_input_order_at_equal_instants() -> None:
    created = Event("created", "2026-11-23 10:00", priority="high")
    paused = Event("paused", "2026-11-23 11:00")
    resumed = Event("resumed", "2026-11-23 11:00")
    solved = Event("solved", "2026-11-23 12:00")
    # equal instants keep their input order, whichever it is
    assert order_events([solved, paused, resumed, created]) == [created, paused, resumed, solved]
    assert order_events([solved, resumed, paused, created]) == [created, resumed, paused, solved]


def test_order_events_puts_created_first_among_equal_instants() -> None:
    responded = Event("responded", "2026-11-23 10:00")
    paused = Event("paused", "2026-11-23 10:00")
    created = Event("created", "2026-11-23 10:00", priority="high")
    assert order_events([responded, paused, created]) == [created, responded, paused]


def test_order_events_accepts_a_key_and_rejects_rows() -> None:
    late = Event("paused", "2026-11-23 10:00")
    early = Event("resumed", "2026-11-23 11:00")
    # a key that reverses time
    assert order_events([late, early], key=lambda e: -e.at.timestamp()) == [early, late]
    row = {"event": "paused", "at": "2026-11-23 10:00"}
    with pytest.raises(
        InvalidEventError,
        match=re.escape(
            "event #2 {'event': 'paused', 'at': '2026-11-23 10:00'}: expected an Event "
            "(use Event.from_dict for rows)"
        ),
    ):
        order_events([late, row])  # type: ignore[list-item]


# -- impossible sequences -------------------------------------------------------------------------

# Every message names the offending event by kind and by the time it was given with.
IMPOSSIBLE = [
    pytest.param(
        [CREATED, Event("resumed", "2026-11-20 17:00")],
        "resumed event at 2026-11-20 17:00:00: the ticket is not paused",
        id="resume-without-pause",
    ),
    pytest.param(
        [
            CREATED,
            Event("paused", "2026-11-20 17:00"),
            Event("resumed", "2026-11-23 09:30"),
            Event("resumed", "2026-11-23 10:00"),
        ],
        "resumed event at 2026-11-23 10:00:00: the ticket is not paused",
        id="second-resume",
    ),
    pytest.param(
        [Event("responded", "2026-11-20 15:59"), CREATED],
        "responded event at 2026-11-20 15:59:00 is before the ticket was created at "
        "2026-11-20 16:00:00",
        id="event-before-creation",
    ),
    pytest.param(
        # an aware instant one microsecond before the creation (16:00 EST = 21:00 UTC)
        [CREATED, Event("paused", datetime(2026, 11, 20, 20, 59, 59, 999_999, tzinfo=UTC))],
        "paused event at 2026-11-20 20:59:59.999999+00:00 is before the ticket was created at "
        "2026-11-20 16:00:00",
        id="aware-event-before-creation",
    ),
    pytest.param(
        [CREATED, Event("created", "2026-11-23 10:00", priority="low")],
        "created event at 2026-11-23 10:00:00: the ticket was already created at "
        "2026-11-20 16:00:00",
        id="two-creations",
    ),
    pytest.param(
        [
            CREATED,
            Event("solved", "2026-11-23 10:00"),
            Event("closed", "2026-11-23 11:00"),
            Event("reopened", "2026-11-24 10:00"),
        ],
        "reopened event at 2026-11-24 10:00:00: the ticket is closed; closed tickets stay closed",
        id="reopen-after-closed",
    ),
    pytest.param(
        [CREATED, Event("closed", "2026-11-23 11:00"), Event("responded", "2026-11-23 11:00")],
        "responded event at 2026-11-23 11:00:00: the ticket is closed; closed tickets stay closed",
        id="event-after-closed-same-instant",
    ),
    pytest.param(
        [CREATED, Event("closed", "2026-11-23 11:00"), Event("closed", "2026-11-23 12:00")],
        "closed event at 2026-11-23 12:00:00: the ticket is closed; closed tickets stay closed",
        id="closed-twice",
    ),
    pytest.param(
        [CREATED, Event("reopened", "2026-11-23 10:00")],
        "reopened event at 2026-11-23 10:00:00: the ticket is not solved",
        id="reopen-when-open",
    ),
    pytest.param(
        [CREATED, Event("paused", "2026-11-23 09:00"), Event("reopened", "2026-11-23 10:00")],
        "reopened event at 2026-11-23 10:00:00: the ticket is not solved",
        id="reopen-when-paused",
    ),
    pytest.param(
        [CREATED, Event("solved", "2026-11-23 10:00"), Event("paused", "2026-11-23 11:00")],
        "paused event at 2026-11-23 11:00:00: the ticket is solved; reopen it before pausing",
        id="pause-when-solved",
    ),
    pytest.param(
        [Event("responded", "2026-11-23 10:00")],
        "no 'created' event among 1 events: expected one, first",
        id="no-creation",
    ),
    pytest.param([], "no events: expected at least a 'created' event", id="no-events"),
]


@pytest.mark.parametrize(("events", "message"), IMPOSSIBLE)
def test_impossible_sequences_name_the_offending_event(events: list[Event], message: str) -> None:
    with pytest.raises(InvalidEventError, match=re.escape(message)):
        evaluate(POLICY, events)


def test_now_before_the_last_event_is_an_error() -> None:
    events = [CREATED, Event("responded", "2026-11-23 10:00")]
    with pytest.raises(
        InvalidEventError,
        match=re.escape(
            "now 2026-11-23 09:59:59.999999-05:00 is before the last event at "
            "2026-11-23 10:00:00-05:00: expected now at or after every event"
        ),
    ):
        evaluate(POLICY, events, now="2026-11-23 09:59:59.999999")
    # at the last event itself is fine (and is the default now)
    assert evaluate(POLICY, events, now="2026-11-23 10:00").now == datetime(
        2026, 11, 23, 10, 0, tzinfo=NY
    )
    assert evaluate(POLICY, events).now == datetime(2026, 11, 23, 10, 0, tzinfo=NY)


def test_incremental_use_checks_each_event_as_it_comes() -> None:
    ticket = Ticket.open(POLICY, CREATED).apply(Event("responded", "2026-11-23 10:00"))
    with pytest.raises(
        InvalidEventError,
        match=re.escape(
            "paused event at 2026-11-23 09:00:00 is before the previous event at "
            "2026-11-23 10:00:00-05:00: expected events in time order"
        ),
    ):
        ticket.apply(Event("paused", "2026-11-23 09:00"))
    with pytest.raises(
        InvalidEventError,
        match=re.escape(
            "first event is 'responded' at 2026-11-23 10:00:00: expected 'created' first"
        ),
    ):
        Ticket.open(POLICY, Event("responded", "2026-11-23 10:00"))
    with pytest.raises(
        InvalidEventError,
        match=re.escape("created event at 2026-11-24 10:00:00: the ticket was already created"),
    ):
        ticket.apply(Event("created", "2026-11-24 10:00", priority="low"))
    with pytest.raises(
        InvalidEventError,
        match=re.escape("event {'event': 'solved'}: expected an Event"),
    ):
        ticket.apply({"event": "solved"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("events", "error", "message"),
    [
        (
            [{"event": "created", "at": "2026-11-20 16:00", "priority": "high"}],
            InvalidEventError,
            "event #1 {'event': 'created', 'at': '2026-11-20 16:00', 'priority': 'high'}: "
            "expected an Event (use Event.from_dict for rows)",
        ),
        (
            [Event("created", "2026-11-20 16:00", priority="urgentísimo")],
            UnknownPriorityError,
            "unknown priority 'urgentísimo': expected one of high, medium, low",
        ),
        (
            [CREATED, Event("priority_changed", "2026-11-23 10:00", priority="p0")],
            UnknownPriorityError,
            "unknown priority 'p0': expected one of high, medium, low",
        ),
        (
            [Event("created", "2026-11-20 16:00", priority="high", plan="gold")],
            UnknownPlanError,
            "unknown plan 'gold': expected one of standard",
        ),
        (
            [CREATED, Event("plan_changed", "2026-11-23 10:00", plan="gold")],
            UnknownPlanError,
            "unknown plan 'gold': expected one of standard",
        ),
        # 2026-03-08 02:30 never happened in New York (02:00 EST -> 03:00 EDT)
        (
            [Event("created", "2026-03-08 02:30", priority="high")],
            NonexistentTimeError,
            "2026-03-08 02:30:00 does not exist in America/New_York",
        ),
    ],
)
def test_bad_names_and_times_in_a_sequence(
    events: list[object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        evaluate(POLICY, events)  # type: ignore[arg-type]


# -- the tolerant rules ---------------------------------------------------------------------------


def test_unsorted_rows_are_sorted_by_instant() -> None:
    ordered = [
        CREATED,
        Event("paused", "2026-11-20 17:00", reason="third party"),
        Event("resumed", "2026-11-23 10:00"),
        Event("responded", "2026-11-23 10:30"),
        Event("solved", "2026-11-24 12:00"),
    ]
    shuffled = [ordered[3], ordered[1], ordered[4], ordered[0], ordered[2]]
    now = "2026-11-24 13:00"
    assert evaluate(POLICY, shuffled, now) == evaluate(POLICY, ordered, now)
    # From the unsorted rows: response used Fri 16-17 (1 h) and Mon 10:00-10:30 (30 min).
    response = evaluate(POLICY, shuffled, now)["response"]
    assert response.state == "met"
    assert response.used == timedelta(hours=1, minutes=30)
    assert str(response.met_at) == "2026-11-23 10:30:00-05:00"


def test_rows_in_different_zones_are_sorted_by_instant_not_by_wall_clock() -> None:
    created = Event("created", "2026-11-23 10:00", priority="high")  # naive: New York, 15:00 UTC
    # 15:30 UTC is 10:30 in New York; 16:20 in Madrid (CET, +01:00) is 10:20 in New York. By
    # wall-clock text the reply (15:30) would come first; by instant the pause (10:20) does.
    responded = Event("responded", datetime(2026, 11, 23, 15, 30, tzinfo=UTC))
    paused = Event("paused", datetime(2026, 11, 23, 16, 20, tzinfo=MADRID))
    status = evaluate(POLICY, [responded, paused, created], now="2026-11-23 11:00")
    assert status.state == "paused"
    response = status["response"]
    # used 10:00-10:20 before the pause; the reply during the pause still meets the target
    assert response.used == timedelta(minutes=20)
    assert response.state == "met"
    assert str(response.met_at) == "2026-11-23 10:30:00-05:00"


def test_equal_instants_keep_their_input_order() -> None:
    pause_then_resume = [
        CREATED,
        Event("paused", "2026-11-23 10:00"),
        Event("resumed", "2026-11-23 10:00"),
    ]
    assert evaluate(POLICY, pause_then_resume).state == "open"
    resume_then_pause = [CREATED, pause_then_resume[2], pause_then_resume[1]]
    with pytest.raises(
        InvalidEventError,
        match=re.escape("resumed event at 2026-11-23 10:00:00: the ticket is not paused"),
    ):
        evaluate(POLICY, resume_then_pause)


def test_created_comes_first_among_equal_instants() -> None:
    # A reply exported before the creation row, at the same instant: answered at once.
    events = [Event("responded", "2026-11-23 10:00"), Event("created", "2026-11-23 10:00", "high")]
    response = evaluate(POLICY, events)["response"]
    assert response.state == "met"
    assert response.used == timedelta(0)
    assert str(response.met_at) == "2026-11-23 10:00:00-05:00"


def test_a_repeated_pause_is_ignored() -> None:
    once = [
        CREATED,
        Event("paused", "2026-11-20 17:00", reason="third party"),
        Event("resumed", "2026-11-23 10:00"),
    ]
    twice = [*once[:2], Event("paused", "2026-11-23 09:30", reason="again"), once[2]]
    now = "2026-11-23 11:00"
    assert evaluate(POLICY, twice, now) == evaluate(POLICY, once, now)
    response = evaluate(POLICY, twice, now)["response"]
    # the first pause holds from Fri 17:00 to Mon 10:00; the second one's reason is dropped
    assert response.pause_reasons == ("third party",)
    assert response.used == timedelta(hours=2)  # Fri 16-17 and Mon 10-11


def test_a_repeated_solve_is_ignored() -> None:
    once = [CREATED, Event("responded", "2026-11-20 17:00"), Event("solved", "2026-11-23 10:00")]
    twice = [*once, Event("resolve", "2026-11-23 15:00")]
    now = "2026-11-23 16:00"
    assert evaluate(POLICY, twice, now) == evaluate(POLICY, once, now)
    resolution = evaluate(POLICY, twice, now)["resolution"]
    assert resolution.state == "met"
    assert str(resolution.met_at) == "2026-11-23 10:00:00-05:00"
    # Fri 16-18 (2 h) and Mon 09-10 (1 h)
    assert resolution.used == timedelta(hours=3)


def test_closing_an_open_ticket_solves_it_first() -> None:
    events = [CREATED, Event("closed", "2026-11-23 10:00")]
    status = evaluate(POLICY, events, now="2026-11-24 10:00")
    assert status.state == "closed"
    resolution = status["resolution"]
    assert resolution.state == "met"
    assert str(resolution.met_at) == "2026-11-23 10:00:00-05:00"
    assert resolution.used == timedelta(hours=3)  # Fri 16-18, Mon 09-10


def test_closing_a_paused_ticket_ends_the_pause() -> None:
    events = [
        CREATED,
        Event("paused", "2026-11-20 17:00", reason="waiting on customer"),
        Event("closed", "2026-11-23 10:00"),
    ]
    status = evaluate(POLICY, events, now="2026-11-24 10:00")
    assert status.state == "closed"
    resolution = status["resolution"]
    assert resolution.state == "met"
    assert resolution.used == timedelta(hours=1)  # Fri 16-17 only
    # Paused Fri 17:00 to Mon 10:00: Fri 17-18 and Mon 09-10 of business time; nothing after.
    assert resolution.paused == timedelta(hours=2)


@pytest.mark.parametrize(
    ("kind", "guess"),
    [
        ("respnded", "'responded'"),
        ("Solvd", "'solved'"),
        ("on-hld", "'paused'"),
        ("reslved", "'solved'"),
    ],
)
def test_an_unknown_event_kind_names_the_close_one(kind: str, guess: str) -> None:
    message = (
        f"unknown event kind {kind!r}: did you mean {guess}? (expected one of {', '.join(KINDS)})"
    )
    with pytest.raises(InvalidEventError, match=f"^{re.escape(message)}$"):
        Event(kind, "2026-11-20 16:00")
