"""A ticket stored as a document and read back (``Ticket.to_json`` / ``Ticket.from_json``,
``slaclock.tickets.stored``): the schema written, and each bad field named."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from slaclock import InvalidTicketError, Policy, Schedule, SlaclockError, country_calendar
from slaclock.events import Event
from slaclock.tracking import Options, Ticket

DESK = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
)
MADRID = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
POLICY = Policy(
    DESK,
    targets={"response": {"high": "4h", "low": "24h"}, "resolution": {"high": "3bd", "low": "3bd"}},
    aliases={"alta": "high"},
    plans={"eu": MADRID},
)
EVENTS = [
    Event("created", "2026-11-20 16:00", priority="alta", plan="eu"),
    Event("paused", "2026-11-20 17:00:00.25", reason="third party"),
    Event("resumed", "2026-11-23 10:00"),
    Event("priority_changed", "2026-11-23 11:00", priority="low"),
]
CREATED = {"kind": "created", "at": "2026-11-20T16:00:00-05:00", "priority": "high"}


def test_the_document_written() -> None:
    ticket = Ticket.replay(POLICY, EVENTS, options=Options(regrade="restart", rearm_response=True))
    assert ticket.to_dict() == {
        "version": 1,
        "options": {
            "regrade": "restart",
            "reopen": "resume",
            "rearm_response": True,
            "grace": "0s",
        },
        "events": [  # naive times read in the zone of the plan created on: Madrid
            {
                "kind": "created",
                "at": "2026-11-20T16:00:00+01:00",
                "priority": "alta",
                "plan": "eu",
            },
            {"kind": "paused", "at": "2026-11-20T17:00:00.250000+01:00", "reason": "third party"},
            {"kind": "resumed", "at": "2026-11-23T10:00:00+01:00"},
            {"kind": "priority_changed", "at": "2026-11-23T11:00:00+01:00", "priority": "low"},
        ],
    }
    assert json.loads(ticket.to_json()) == ticket.to_dict()


def test_read_back_it_answers_as_the_live_ticket_and_takes_more_events() -> None:
    options = Options(reopen="restart", grace=timedelta(minutes=90))
    live = Ticket.replay(POLICY, EVENTS, options=options)
    stored = Ticket.from_json(live.to_json(), POLICY)
    for now in ("2026-11-23 11:00", "2026-11-30 12:00"):
        assert stored.status(now) == live.status(now)
    more = Event("solved", "2026-11-24 10:00")
    assert stored.apply(more).status() == live.apply(more).status()


def test_the_status_style_options_are_written_only_when_set_and_read_back() -> None:
    # written only when true: a document without them is what earlier readers of version 1
    # read; with them, it is refused by such a reader (unknown key), never misread
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("paused", "2026-11-23 10:00"),
        Event("responded", "2026-11-23 12:00"),
        Event("solved", "2026-11-23 13:00"),
        Event("updated", "2026-11-23 14:00"),
    ]
    options = Options(reply_resumes=True, activity_reopens=True)
    live = Ticket.replay(POLICY, events, options=options)
    written = live.to_dict()["options"]
    assert written["reply_resumes"] is True
    assert written["activity_reopens"] is True
    stored = Ticket.from_json(live.to_json(), POLICY)
    assert stored.status("2026-11-24 12:00") == live.status("2026-11-24 12:00")
    assert stored.status().state == "open"  # reopened by the update
    half = Ticket.replay(POLICY, events[:3], options=Options(reply_resumes=True))
    assert "activity_reopens" not in half.to_dict()["options"]
    assert Ticket.from_dict(half.to_dict(), POLICY).status().state == "open"
    with pytest.raises(
        InvalidTicketError,
        match=r"^stored ticket: options.reply_resumes 'yes': expected true or false$",
    ):
        Ticket.from_dict({"version": 1, "options": {"reply_resumes": "yes"}, "events": [CREATED]},
                         POLICY)  # fmt: skip


def test_options_and_keys_left_out_take_the_defaults() -> None:
    ticket = Ticket.from_dict({"version": 1, "events": [CREATED]}, POLICY)
    assert ticket.to_dict()["options"] == {
        "regrade": "carry",
        "reopen": "resume",
        "rearm_response": False,
        "grace": "0s",
    }
    ticket = Ticket.from_dict(
        {"version": 1, "options": {"reopen": "restart"}, "events": [CREATED]}, POLICY
    )
    assert ticket.to_dict()["options"]["reopen"] == "restart"


def _with(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"version": 1, "events": [dict(CREATED)]}
    document.update(changes)
    return document


BAD: list[tuple[object, str]] = [
    ("[]", "stored ticket: []: expected a JSON object with version and events"),
    ({"events": [CREATED]}, "stored ticket: missing key 'version': expected 1"),
    (_with(version=2), "stored ticket: version 2: expected 1"),
    (_with(version=True), "stored ticket: version True: expected 1"),
    (
        _with(evnts=[]),
        "stored ticket: unknown key 'evnts': did you mean 'events'? (expected version, options, events)",
    ),
    (
        {"version": 1},
        "stored ticket: missing key 'events': expected a list of events, 'created' first",
    ),
    (_with(events=[]), "stored ticket: events []: expected a list of events, 'created' first"),
    (
        _with(events=["created"]),
        "stored ticket: events[0] 'created': expected a JSON object with kind and at",
    ),
    (
        _with(events=[{"kind": "created", "priority": "high"}]),
        "stored ticket: events[0]: missing key 'at'",
    ),
    (
        _with(events=[{**CREATED, "at": 1}]),
        "stored ticket: events[0].at 1: expected text",
    ),
    (
        _with(events=[{**CREATED, "at": "2026-11-20T16:00:00"}]),
        "stored ticket: events[0].at '2026-11-20T16:00:00': expected an ISO 8601 instant with a UTC offset, such as '2026-11-20T16:00:00-05:00'",
    ),
    (
        _with(events=[{**CREATED, "at": "Friday"}]),
        "stored ticket: events[0].at 'Friday': expected an ISO 8601 instant with a UTC offset, such as '2026-11-20T16:00:00-05:00'",
    ),
    (
        _with(events=[{**CREATED, "kind": "creatd"}]),
        "stored ticket: events[0].kind: unknown event kind 'creatd': did you mean 'created'? (expected one of created, priority_changed, plan_changed, paused, resumed, responded, updated, solved, reopened, closed)",
    ),
    (
        _with(events=[{"kind": "created", "at": CREATED["at"]}]),
        "stored ticket: events[0]: missing key 'priority': a created event needs a priority",
    ),
    (
        _with(events=[{**CREATED, "prority": "low"}]),
        "stored ticket: events[0]: unknown key 'prority': did you mean 'priority'? (expected kind, at, priority, plan, reason)",
    ),
    (
        _with(events=[{**CREATED, "priority": "hihg"}]),
        "stored ticket: events[0].priority: unknown priority 'hihg': did you mean 'high'? (known: high, low; aliases: alta)",
    ),
    (
        _with(events=[{**CREATED, "plan": "us"}]),
        "stored ticket: events[0].plan: unknown plan 'us': expected one of standard, eu",
    ),
    (
        _with(events=[CREATED, {"kind": "resumed", "at": "2026-11-20T17:00:00-05:00"}]),
        "stored ticket: events: resumed event at 2026-11-20 17:00:00-05:00: the ticket is not paused",
    ),
    (
        _with(events=[CREATED, {"kind": "paused", "at": "2026-11-20T15:00:00-05:00"}]),
        "stored ticket: events: paused event at 2026-11-20 15:00:00-05:00 is before the ticket was created at 2026-11-20 16:00:00-05:00",
    ),
    (_with(options=[]), "stored ticket: options []: expected a JSON object"),
    (
        _with(options={"regrade": "fresh"}),
        "stored ticket: options.regrade: regrade='fresh': expected 'carry' or 'restart'",
    ),
    (
        _with(options={"rearm_response": "yes"}),
        "stored ticket: options.rearm_response 'yes': expected true or false",
    ),
    (
        _with(options={"grace": "2bd"}),
        "stored ticket: options.grace '2bd': expected hours and minutes, as '1h30m'",
    ),
    (
        _with(options={"grace": "soon"}),
        "stored ticket: options.grace: duration 'soon' is not understood: expected hours, minutes and seconds such as '4h', '90m', '1h30m', '45s', or business days such as '2bd'",
    ),
    (
        _with(options={"grac": "1h"}),
        "stored ticket: options: unknown key 'grac': did you mean 'grace'? (expected regrade, reopen, rearm_response, grace, reply_resumes, activity_reopens)",
    ),
]


@pytest.mark.parametrize(("document", "message"), BAD)
def test_a_bad_document_is_refused_naming_the_field(document: object, message: str) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(InvalidTicketError) as raised:
        Ticket.from_json(text, POLICY)
    assert str(raised.value) == message
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, SlaclockError)


def test_text_that_is_not_json() -> None:
    with pytest.raises(InvalidTicketError, match=r"^stored ticket: not JSON text: Expecting"):
        Ticket.from_json("{", POLICY)
    with pytest.raises(InvalidTicketError, match=r"^stored ticket: not JSON text: "):
        Ticket.from_json(None, POLICY)  # type: ignore[arg-type]
