"""A ticket's life: the engine (``slaclock.tracking``) against the literal oracle.

Random histories — every kind of event, re-grades up and down, plan changes between a New
York and a Madrid plan, pauses across nights, weekends, holidays and daylight-saving changes,
solves and reopenings in every order, ``now`` anywhere at or after the last event — under
random :class:`~slaclock.tracking.Options`, evaluated by ``evaluate``, by a ``Ticket`` fed one
event at a time, and by ``tests/ticket_model.py``. Every metric's state, due, used,
remaining, first breach, breach count, met and stop instants and escalations must agree, and
so must the ticket's priority, plan and state. Where the oracle refuses a history the engine
must raise ``InvalidEventError`` naming the same event (kind and instant).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from model import Model, to_us
from slaclock.errors import InvalidEventError
from slaclock.events import Event
from slaclock.risk import at_risk
from slaclock.tracking import Options, Ticket, evaluate
from ticket_model import (
    OracleError,
    OracleOptions,
    close_of_business_day,
    differences,
    library_view,
    named_event,
    oracle,
    oracle_options,
    oracle_or_refusal,
    ordered,
    refused,
    two_plan_policy,
    verdicts,
)

POLICY = two_plan_policy()
BARE = two_plan_policy(thresholds=())  # next_change: breaches, with no threshold before them
NEW_YORK = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
PRIORITIES = ("high", "medium", "low", "planning")
PLANS = ("standard", "eu")
REASONS = (None, "customer", "third party")

# Fridays before a holiday week, a daylight-saving change or Christmas: histories drawn from
# them cross nights, weekends, holidays (Thanksgiving, Christmas, 6 January in Madrid) and
# the clock changes of both zones.
ANCHORS = (
    datetime(2026, 11, 20, tzinfo=NEW_YORK),  # Thanksgiving on the 26th and 27th
    datetime(2026, 10, 23, tzinfo=NEW_YORK),  # Madrid's clocks change on the 25th, NY's on 1 Nov
    datetime(2026, 12, 23, tzinfo=NEW_YORK),  # Christmas, New Year, Epiphany
    datetime(2026, 3, 6, tzinfo=NEW_YORK),  # NY's clocks change on the 8th
)

# What may happen next, by the ticket's state (a valid history); any kind may be drawn now
# and then to make an impossible one.
NEXT = {
    "open": (
        "priority_changed",
        "plan_changed",
        "paused",
        "responded",
        "updated",
        "solved",
        "closed",
    ),
    "paused": (
        "priority_changed",
        "plan_changed",
        "paused",
        "resumed",
        "responded",
        "updated",
        "solved",
        "closed",
    ),
    "solved": (
        "priority_changed",
        "plan_changed",
        "reopened",
        "solved",
        "responded",
        "updated",
        "closed",
    ),
    "closed": (),
}
KINDS = (
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
AFTER = {
    "paused": "paused",
    "resumed": "open",
    "solved": "solved",
    "reopened": "open",
    "closed": "closed",
}

MINUTE = timedelta(minutes=1)
gaps = st.one_of(
    st.integers(0, 72 * 4).map(lambda n: n * 15 * MINUTE),  # a quarter-hour grid
    st.sampled_from([timedelta(0), timedelta(hours=4), timedelta(hours=9), timedelta(hours=63)]),
    st.integers(0, 3 * 24 * 3600 * 10**6).map(lambda n: timedelta(microseconds=n)),
)


@st.composite
def histories(draw: Any) -> tuple[list[Event], datetime, Options]:
    anchor = draw(st.sampled_from(ANCHORS))
    at = anchor + draw(st.integers(0, 3 * 24 * 4)) * 15 * MINUTE
    valid = draw(st.booleans()) or draw(st.booleans())  # three histories in four are valid
    created = Event(
        "created",
        at,
        priority=draw(st.sampled_from(PRIORITIES)),
        plan=draw(st.sampled_from((None, *PLANS))),
    )
    options = Options(
        regrade=draw(st.sampled_from(("carry", "restart"))),
        reopen=draw(st.sampled_from(("resume", "restart"))),
        rearm_response=draw(st.booleans()),
        grace=draw(st.sampled_from((timedelta(0), timedelta(minutes=90)))),
        reply_resumes=draw(st.booleans()),
        activity_reopens=draw(st.booleans()),
    )
    events = [created]
    state = "open"
    for _ in range(draw(st.integers(0, 9))):
        choices = NEXT[state]
        if (not valid and draw(st.integers(0, 4)) == 0) or not choices:
            if valid:
                break
            kind = draw(st.sampled_from(KINDS))
        else:
            kind = draw(st.sampled_from(choices))
        gap = draw(gaps)
        if not valid and draw(st.integers(0, 9)) == 0:
            gap = -gap  # before the events so far (maybe before created)
        at = at + gap
        shown = at.astimezone(MADRID) if draw(st.integers(0, 3)) == 0 else at
        extra: dict[str, Any] = {}
        if kind in ("created", "priority_changed"):
            extra["priority"] = draw(st.sampled_from(PRIORITIES))
        elif kind == "plan_changed":
            extra["plan"] = draw(st.sampled_from(PLANS))
        elif kind == "paused":
            extra["reason"] = draw(st.sampled_from(REASONS))
        events.append(Event(kind, shown, **extra))
        resumes = options.reply_resumes and state == "paused" and kind == "responded"
        reopens = (
            options.activity_reopens and state == "solved" and kind in ("responded", "updated")
        )
        if resumes or reopens:
            state = "open"
        elif options.activity_reopens and state == "solved" and kind == "solved":
            state = "closed"
        elif kind in NEXT[state] or kind in ("resumed", "reopened"):
            state = AFTER.get(kind, state)
    if draw(st.integers(0, 4)) == 0:
        events = draw(st.permutations(events))
    # later in real time: aware datetimes of one zone compare and add by wall clock (fold
    # dropped), so an hour repeated in the fall would put ``now`` before the last event
    last = max((e.at for e in events), key=lambda moment: moment.astimezone(UTC))
    now = (last.astimezone(UTC) + draw(gaps)).astimezone(last.tzinfo)
    return events, now, options


def check(events: list[Event], now: datetime, options: Options) -> None:
    """The engine, batch and incremental, agrees with the oracle on this history."""
    expected = oracle_or_refusal(POLICY, events, now, oracle_options(options))
    if isinstance(expected, OracleError):
        with pytest.raises(InvalidEventError) as raised:
            evaluate(POLICY, events, now, options=options)
        named = named_event(str(raised.value), NEW_YORK)
        assert named == refused(expected), (
            f"the oracle refuses {expected}; the engine: {raised.value}"
        )
        return
    try:
        actual = evaluate(POLICY, events, now, options=options)
    except InvalidEventError as err:
        pytest.fail(f"the engine refuses a history the oracle accepts: {err}")
    history = ordered(events, NEW_YORK)
    ticket = Ticket.open(POLICY, history[0], options=options)
    for event in history[1:]:
        ticket = ticket.apply(event)
    assert ticket.status(now) == actual, "a Ticket fed one event at a time answers otherwise"
    problems = differences(expected, library_view(actual))
    assert not problems, "\n".join(["", *map(repr, events), f"now={now!r} {options}", *problems])


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


# A history costs a few milliseconds: five times the profile's examples (500 by default).
MORE = settings(max_examples=5 * settings().max_examples)


@MORE
@given(histories())
@example(  # the docs' exact-breach example: paused when the target is used up, resumed later
    (
        [
            Event("created", at("2026-11-20 16:00"), priority="high"),
            Event("paused", at("2026-11-23 11:00")),
            Event("resumed", at("2026-11-24 09:00")),
        ],
        at("2026-11-24 10:00"),
        Options(),
    )
)
def test_the_engine_agrees_with_the_oracle(history: tuple[list[Event], datetime, Options]) -> None:
    events, now, options = history
    check(events, now, options)


@MORE
@given(histories())
def test_the_engine_agrees_with_the_oracle_under_restarts(
    history: tuple[list[Event], datetime, Options],
) -> None:
    """The same, always with a fresh clock at a re-grade and at a reopening, re-armed."""
    events, now, _ = history
    check(events, now, Options(regrade="restart", reopen="restart", rearm_response=True))


ONE_MICROSECOND = timedelta(microseconds=1)


def _later(moment: datetime, by: timedelta) -> datetime:
    """*by* of real time after *moment* (aware arithmetic in one zone is by wall clock)."""
    return (moment.astimezone(UTC) + by).astimezone(moment.tzinfo)


@MORE
@given(histories(), st.booleans())
@example(  # a pause exactly at the due instant: the resumption breaches at once
    (
        [
            Event("created", at("2026-11-20 16:00"), priority="high"),
            Event("paused", at("2026-11-23 11:00")),
            Event("resumed", at("2026-11-24 09:00")),
        ],
        at("2026-11-24 09:00"),
        Options(),
    ),
    False,
)
@example(  # the warning fired under High stays fired under Low: level 2 is the next change
    (
        [
            Event("created", at("2026-11-16 09:00"), priority="high"),
            Event("priority_changed", at("2026-11-16 12:30"), priority="low"),
        ],
        at("2026-11-16 12:30"),
        Options(),
    ),
    False,
)
def test_nothing_changes_before_next_change_and_something_changes_at_it(
    history: tuple[list[Event], datetime, Options], bare: bool
) -> None:
    """``next_change`` against the oracle: at one microsecond before it the oracle gives the
    same states and verdicts (state, due, breaches, met and stop instants, escalations fired)
    as at ``now``, and at it something differs; for the ticket and for each metric. When it
    is ``None`` nothing differs even two months later. Under the test policy (*bare*: with
    no threshold, so that a breach is the next change, not the 100 % threshold before it)."""
    events, now, options = history
    policy = BARE if bare else POLICY
    settings_ = oracle_options(options)
    expected = oracle_or_refusal(policy, events, now, settings_)
    if isinstance(expected, OracleError):
        return
    status = evaluate(policy, events, now, options=options)
    changes = [status[metric].next_change for metric in status.metrics]
    assert status.next_change == min((c for c in changes if c is not None), default=None)

    def seen(moment: datetime, metric: str | None = None) -> tuple[Any, ...]:
        return verdicts(oracle(policy, events, moment, settings_), metric)

    for metric in (None, *status.metrics):
        change = status.next_change if metric is None else status[metric].next_change
        then = verdicts(expected, metric)
        where = f"{metric or 'ticket'}: next_change {change} after now {now}"
        if change is None:
            assert seen(_later(now, timedelta(days=60)), metric) == then, where
            continue
        assert change > now, where
        assert seen(_later(change, -ONE_MICROSECOND), metric) == then, where
        assert seen(change, metric) != then, where


@given(histories(), gaps)
def test_a_stored_ticket_read_back_equals_the_live_ticket(
    history: tuple[list[Event], datetime, Options], later: timedelta
) -> None:
    """``Ticket.to_json`` then ``Ticket.from_json``: replaying the stored events under the
    stored options gives the live ticket's status at ``now`` and later, and stores the same
    document again; a history the engine refuses cannot be stored (there is no ticket)."""
    events, now, options = history
    try:
        live = Ticket.replay(POLICY, events, options=options)
    except InvalidEventError:
        return
    text = live.to_json()
    stored = Ticket.from_json(text, POLICY)
    for moment in (now, _later(now, later)):
        assert stored.status(moment) == live.status(moment)
    assert stored.to_json() == text
    assert Ticket.from_dict(live.to_dict(), POLICY).to_dict() == live.to_dict()


@given(st.lists(histories(), min_size=1, max_size=4), gaps)
def test_tickets_at_risk_breach_within_the_time_asked(
    many: list[tuple[list[Event], datetime, Options]], within: timedelta
) -> None:
    """``at_risk`` over random tickets at one ``now``, against the oracle: a metric is listed
    exactly when, at ``now``, it has between 0 and *within* of its clock left, a due instant
    at or after ``now``, and the oracle has it breach (a breach more) one microsecond after
    that instant with nothing else happening; the list is ordered by the time left."""
    now = max((history[1] for history in many), key=lambda moment: moment.astimezone(UTC))
    tickets: dict[str, Ticket] = {}
    stored: dict[str, tuple[list[Event], Options]] = {}
    for number, (events, _, options) in enumerate(many):
        try:
            ticket = Ticket.replay(POLICY, events, options=options)
        except InvalidEventError:
            continue
        if ticket.status().now.astimezone(UTC) <= now.astimezone(UTC):
            tickets[f"T-{number}"] = ticket
            stored[f"T-{number}"] = (events, options)
    found = at_risk(tickets, within, now)
    assert [risk.remaining for risk in found] == sorted(risk.remaining for risk in found)
    expected = {}
    for key, (events, options) in stored.items():
        settings_ = oracle_options(options)
        then = oracle(POLICY, events, now, settings_)
        for metric in then.metrics:
            m = then[metric]
            if m.due is None or m.remaining is None or to_us(m.due) < to_us(now):
                continue
            if not timedelta(0) <= m.remaining <= within:
                continue
            after = oracle(POLICY, events, _later(m.due, ONE_MICROSECOND), settings_)[metric]
            if after.breaches == m.breaches + 1:
                expected[(key, metric)] = (m.remaining, to_us(m.due))
    assert {
        (risk.key, risk.metric): (risk.remaining, to_us(risk.due)) for risk in found
    } == expected


# The product owner's two decisions on re-grades and solves, as fixed examples.


def test_a_reopening_after_a_solve_without_reply_starts_an_update_cycle() -> None:
    """The solve was the first response; the reopening starts the update cadence."""
    from slaclock import Policy, Schedule, country_calendar

    desk = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
    )
    policy = Policy(
        desk,
        targets={
            "response": {"high": "4h", "low": "24h"},
            "update": {"high": "2h", "low": "8h"},
            "resolution": {"high": "18h", "low": "72h"},
        },
    )
    events = [
        Event("created", at("2026-11-16 09:00"), priority="high"),
        Event("solved", at("2026-11-16 10:00")),
        Event("reopened", at("2026-11-16 11:00")),
        Event("responded", at("2026-11-16 12:00")),
    ]
    expected = oracle(policy, events, at("2026-11-17 12:00"))
    assert (expected["update"].state, expected["update"].due) == (
        "breached",
        at("2026-11-16 14:00"),
    )
    problems = differences(expected, library_view(evaluate(policy, events, at("2026-11-17 12:00"))))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("first", "then", "due"),
    [("low", "high", "2026-11-18 16:00"), ("high", "low", "2026-11-30 16:00")],
)
def test_a_regrade_while_solved_applies_at_the_reopening(first: str, then: str, due: str) -> None:
    """Resolution High 18h, Low 72h: 3h used before the solve; the reopening resumes the
    clock under the target of the priority given while the ticket was solved."""
    from slaclock import Policy, Schedule, country_calendar

    desk = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
    )
    policy = Policy(
        desk,
        targets={
            "response": {"high": "4h", "low": "24h"},
            "resolution": {"high": "18h", "low": "72h"},
        },
    )
    events = [
        Event("created", at("2026-11-16 09:00"), priority=first),
        Event("responded", at("2026-11-16 10:00")),
        Event("solved", at("2026-11-16 12:00")),
        Event("priority_changed", at("2026-11-17 09:00"), priority=then),
        Event("reopened", at("2026-11-17 10:00")),
    ]
    expected = oracle(policy, events, at("2026-11-18 12:00"))
    assert (expected["resolution"].state, expected["resolution"].due) == ("running", at(due))
    problems = differences(expected, library_view(evaluate(policy, events, at("2026-11-18 12:00"))))
    assert not problems, "\n".join(problems)


# The oracle itself, against the documentation's examples (docs/ticket-life.md).


def test_the_oracle_reproduces_the_documented_examples() -> None:
    from slaclock import Policy, Schedule, Threshold, country_calendar

    desk = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
    )
    policy = Policy(
        desk,
        targets={
            "response": {"high": "4h", "medium": "12h", "low": "24h"},
            "update": {"high": "8h", "medium": "8h", "low": "8h"},
            "resolution": {"high": "3bd", "medium": "3bd", "low": "3bd"},
        },
        thresholds=[Threshold(75), Threshold(100, level=2), Threshold(150, level=3)],
    )

    def shown(events: list[Event], now: str, metric: str = "response", **options: Any) -> str:
        m = oracle(policy, events, at(now), OracleOptions(**options))[metric]
        return f"{m.state}; due {m.due:%a %H:%M}; used {m.used}; remaining {m.remaining}"

    created = Event("created", at("2026-11-20 16:00"), priority="high")
    assert (
        shown([created], "2026-11-23 10:00")
        == "running; due Mon 11:00; used 3:00:00; remaining 1:00:00"
    )
    assert (
        shown([created], "2026-11-23 12:00")
        == "breached; due Mon 11:00; used 5:00:00; remaining -1 day, 23:00:00"
    )
    answered = [created, Event("responded", at("2026-11-23 10:30"))]
    assert (
        shown(answered, "2026-11-23 12:00") == "met; due Mon 11:00; used 3:30:00; remaining 0:30:00"
    )
    steps = oracle(policy, [created], at("2026-11-23 10:30"))["response"].escalations
    assert [(s.threshold.name, f"{s.at:%a %H:%M}", s.fired) for s in steps] == [
        ("warn", "Mon 10:00", True),
        ("level 2", "Mon 11:00", False),
        ("level 3", "Mon 13:00", False),
    ]
    waiting = [
        created,
        Event("paused", at("2026-11-20 17:00"), reason="third party"),
        Event("resumed", at("2026-11-23 10:00")),
    ]
    assert (
        shown(waiting, "2026-11-23 11:00")
        == "running; due Mon 13:00; used 2:00:00; remaining 2:00:00"
    )
    late = [created, Event("paused", at("2026-11-23 12:00"))]
    assert oracle(policy, late, at("2026-11-23 13:00"))["response"].state == "breached"
    assert (
        oracle(policy, [created, Event("paused", at("2026-11-23 10:00"))])["response"].due is None
    )
    exact = [
        created,
        Event("paused", at("2026-11-23 11:00")),
        Event("resumed", at("2026-11-24 09:00")),
    ]
    assert oracle(policy, exact[:2], at("2026-11-23 12:00"))["response"].state == "paused"
    assert oracle(policy, exact, at("2026-11-24 10:00"))["response"].breached_at == at(
        "2026-11-24 09:00"
    )
    regraded = [
        Event("created", at("2026-11-23 09:00"), priority="low"),
        Event("priority_changed", at("2026-11-23 14:00"), priority="high"),
    ]
    m = oracle(policy, regraded, at("2026-11-23 14:30"))["response"]
    assert (m.state, m.breached_at) == ("breached", at("2026-11-23 14:00"))
    assert (
        shown(regraded, "2026-11-23 14:30", regrade="restart")
        == "running; due Mon 18:00; used 0:30:00; remaining 3:30:00"
    )
    long_case = [
        created,
        Event("responded", at("2026-11-20 17:00")),
        Event("updated", at("2026-11-23 15:00")),
    ]
    assert (
        shown(long_case, "2026-11-23 16:00", "update")
        == "running; due Tue 14:00; used 1:00:00; remaining 7:00:00"
    )
    reopened = [
        created,
        Event("responded", at("2026-11-20 17:00")),
        Event("solved", at("2026-11-23 10:00")),
        Event("reopened", at("2026-11-23 15:00")),
    ]
    m = oracle(policy, reopened, at("2026-11-23 16:00"))["resolution"]
    assert (m.state, m.used) == ("running", timedelta(hours=4))
    m = oracle(policy, [created], at("2026-11-20 16:00"))["resolution"]
    assert (m.due, m.remaining) == (at("2026-11-25 18:00"), timedelta(days=1, hours=5))
    with pytest.raises(OracleError) as refusal:
        oracle(policy, [created, Event("resumed", at("2026-11-20 17:00"))])
    assert refused(refusal.value) == ("resumed", to_us(at("2026-11-20 17:00")))


@given(
    st.sampled_from(PLANS),
    st.sampled_from(ANCHORS),
    st.integers(0, 14 * 24 * 4),
    st.integers(0, 12),
)
def test_close_of_business_days_agrees_with_the_policys_deadline(
    plan: str, anchor: datetime, quarters: int, days: int
) -> None:
    """The oracle's business days (from docs/policies.md) against ``Policy.deadline``."""
    from slaclock import Policy

    schedule = POLICY.plan(plan).schedule
    start = anchor + quarters * 15 * MINUTE
    policy = Policy(schedule, targets={"response": {"p": f"{days}bd"}})
    expected = close_of_business_day(Model.of(schedule), to_us(start), days)
    assert to_us(policy.deadline("p", start)) == expected
