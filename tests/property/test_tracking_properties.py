"""Properties of a ticket's life over random event sequences (slaclock.tracking).

Sequences are drawn from a valid state machine (open -> paused -> open, solved -> reopened,
closed at the end), so every one of them is accepted; the properties compare evaluations of
related sequences, or of one sequence at related instants. Strategies are local to this file.

Instants are compared in UTC: aware datetimes that share a ``tzinfo`` compare by wall clock,
which is wrong across a DST change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from slaclock import Policy, Schedule, Threshold, UnionSchedule, country_calendar
from slaclock.events import Event
from slaclock.tracking import MetricStatus, Options, Ticket, TicketStatus, evaluate

U = timedelta(microseconds=1)
MINUTE_US = 60_000_000
HOUR_US = 60 * MINUTE_US
DAY_US = 24 * HOUR_US
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

# March 2026 to January 2027: New York's DST changes (8 March, 1 November), Santiago's
# (5 April, 6 September), Thanksgiving, Christmas and New Year.
FIRST_US = (datetime(2026, 3, 1, tzinfo=UTC) - EPOCH) // U
LAST_US = (datetime(2027, 1, 15, tzinfo=UTC) - EPOCH) // U

THRESHOLDS = [
    Threshold(50, name="half"),
    Threshold(75),
    Threshold(100, level=2),
    Threshold("137.5%", level=3),
    Threshold(200, level=4),
]

OFFICE = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
    overrides={"2026-12-24": "09:00-13:00"},
)
NIGHTS = Schedule({"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}, tz="America/Santiago")
BUENOS_AIRES = Schedule(
    {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
    tz="America/Argentina/Buenos_Aires",
    calendar=country_calendar("AR"),
)
MADRID = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid", calendar=country_calendar("ES"))
KATHMANDU = Schedule({"sun-fri": "10:00-17:00"}, tz="Asia/Kathmandu")
SUN = UnionSchedule(OFFICE, BUENOS_AIRES, MADRID)

POLICIES = {
    "office": Policy(
        OFFICE,
        targets={
            "response": {"high": "4h", "medium": "12h", "low": "24h"},
            "update": {"high": "8h", "medium": "8h", "low": "2bd"},
            "resolution": {"high": "3bd", "medium": "5bd", "low": "40h"},
        },
        thresholds=THRESHOLDS,
    ),
    # Calendar-clock and business targets side by side: re-grades switch between clocks.
    "nights": Policy(
        NIGHTS,
        targets={
            "response": {"high": "1h calendar", "medium": "3h", "low": "2bd"},
            "update": {"high": "30m calendar", "medium": "6h", "low": "6h"},
            "resolution": {"high": "2bd", "medium": "20h", "low": "3bd"},
        },
        thresholds={"response": THRESHOLDS, "resolution": THRESHOLDS[1:3]},
    ),
    # Follow-the-sun: one SLA on three desks' hours.
    "sun": Policy(
        SUN,
        targets={
            "response": {"high": "2h", "low": "15h"},
            "update": {"high": "4h", "low": "1bd"},
            "resolution": {"high": "2bd", "low": "45h"},
        },
        thresholds=THRESHOLDS,
    ),
}
ZONES = {
    "office": "America/New_York",
    "nights": "America/Santiago",
    "sun": "America/New_York",
}
REASONS = (None, "waiting on customer", "third party")

# What may come next, by the ticket's state (closed ends a life); repeats weigh the draw.
NEXT = {
    "open": (
        *("paused", "responded", "updated", "priority_changed") * 3,
        *("solved", "solved", "closed"),
    ),
    "paused": (
        *("resumed",) * 6,
        *("paused", "responded", "updated", "priority_changed", "solved", "closed"),
    ),
    "solved": (
        *("reopened",) * 4,
        *("solved", "responded", "updated", "priority_changed", "closed"),
    ),
}
AFTER = {"paused": "paused", "resumed": "open", "solved": "solved", "reopened": "open"}
AFTER |= {"closed": "closed"}

OPTIONS = st.builds(
    Options,
    regrade=st.sampled_from(("carry", "restart")),
    reopen=st.sampled_from(("resume", "restart")),
    rearm_response=st.booleans(),
    grace=st.sampled_from((timedelta(0), timedelta(minutes=30), timedelta(hours=2))),
)

GAPS = st.one_of(
    st.just(0),
    st.integers(1, 90).map(lambda minutes: minutes * MINUTE_US),
    st.integers(1, 80).map(lambda hours: hours * HOUR_US),
    st.integers(0, 4 * DAY_US),
)


@dataclass(frozen=True)
class Life:
    """A drawn ticket: its policy, events (in order), the state after each event, and now."""

    policy_name: str
    events: tuple[Event, ...]
    states: tuple[str, ...]
    now: datetime

    @property
    def policy(self) -> Policy:
        return POLICIES[self.policy_name]

    def __repr__(self) -> str:  # paste-able in a failure report
        lines = ",\n    ".join(repr(event) for event in self.events)
        return f"Life({self.policy_name!r}, [\n    {lines}\n], now={self.now!r})"


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def at_us(micros: int, zone: str) -> datetime:
    return (EPOCH + micros * U).astimezone(ZoneInfo(zone))


def us_of(moment: datetime) -> int:
    return (moment - EPOCH) // U


@st.composite
def lives(
    draw: st.DrawFn,
    kinds: frozenset[str] | None = None,
    policies: tuple[str, ...] = tuple(POLICIES),
    most: int = 9,
) -> Life:
    name = draw(st.sampled_from(policies))
    policy = POLICIES[name]
    zones = ("UTC", ZONES[name], "Europe/Madrid")
    moment = draw(st.integers(FIRST_US, LAST_US))
    if draw(st.booleans()):
        moment -= moment % MINUTE_US  # whole minutes mostly, any microsecond sometimes
    priority = draw(st.sampled_from(policy.priorities))
    events = [Event("created", at_us(moment, draw(st.sampled_from(zones))), priority=priority)]
    states = ["open"]
    for _ in range(draw(st.integers(0, most))):
        state = states[-1]
        if state == "closed":
            break
        allowed = [kind for kind in NEXT[state] if kinds is None or kind in kinds]
        if not allowed:
            break
        kind = draw(st.sampled_from(allowed))
        moment += draw(GAPS)
        extras: dict[str, str | None] = {}
        if kind == "priority_changed":
            extras["priority"] = draw(st.sampled_from(policy.priorities))
        elif kind == "paused":
            extras["reason"] = draw(st.sampled_from(REASONS))
        events.append(Event(kind, at_us(moment, draw(st.sampled_from(zones))), **extras))
        states.append(AFTER.get(kind, state))
    now = at_us(moment + draw(GAPS), ZONES[name])
    return Life(name, tuple(events), tuple(states), now)


def incremental(life: Life, options: Options | None = None) -> list[Ticket]:
    """The ticket after each prefix of the life's events."""
    tickets = [Ticket.open(life.policy, life.events[0], options=options)]
    for event in life.events[1:]:
        tickets.append(tickets[-1].apply(event))
    return tickets


def plan_schedule(life: Life) -> Schedule | UnionSchedule:
    schedule = life.policy.plan().schedule
    assert isinstance(schedule, Schedule | UnionSchedule)
    return schedule


# Pinned lives: the examples of docs/ticket-life.md.
FRIDAY = datetime(2026, 11, 20, 16, 0, tzinfo=ZoneInfo("America/New_York"))
DOC_LIFE = Life(
    "office",
    (
        Event("created", FRIDAY, priority="high"),
        Event("responded", FRIDAY + timedelta(hours=1)),
        Event("solved", FRIDAY + timedelta(days=3, hours=-6)),
        Event("reopened", FRIDAY + timedelta(days=2, hours=23)),
    ),
    ("open", "open", "solved", "open"),
    FRIDAY + timedelta(days=3),
)
REGRADED_LIFE = Life(
    "office",
    (
        Event("created", FRIDAY + timedelta(days=2, hours=17), priority="low"),
        Event("priority_changed", FRIDAY + timedelta(days=2, hours=22), priority="high"),
    ),
    ("open", "open"),
    FRIDAY + timedelta(days=2, hours=22, minutes=30),
)


# -- incremental use == batch evaluation ---------------------------------------------------------


@given(lives(), st.data())
@example(DOC_LIFE, None).via("docs/ticket-life.md: solve and reopen")
@example(REGRADED_LIFE, None).via("docs/ticket-life.md: re-grade Low -> High")
def test_incremental_apply_equals_evaluate(life: Life, data: st.DataObject | None) -> None:
    options = None if data is None else data.draw(st.none() | OPTIONS)
    ticket = incremental(life, options)[-1]
    batch = evaluate(life.policy, life.events, life.now, options=options)
    assert ticket.status(life.now) == batch
    assert ticket.events == life.events
    if data is None:
        return
    # Any order of rows gives the same answer when no two events share an instant (equal
    # instants keep their input order, which a shuffle changes).
    shuffled = data.draw(st.permutations(life.events))
    instants = [us_of(event.at) for event in life.events]
    if len(set(instants)) == len(instants):
        assert evaluate(life.policy, shuffled, life.now, options=options) == batch


# -- pauses ------------------------------------------------------------------------------------


@given(lives(), st.data())
@example(DOC_LIFE, None).via("docs/ticket-life.md: solve and reopen")
def test_pausing_never_makes_a_due_instant_earlier(life: Life, data: st.DataObject | None) -> None:
    # Insert a completed pause into a stretch where the ticket is open (not paused, solved or
    # closed): between event i and the next event (or now).
    openings = [index for index, state in enumerate(life.states) if state == "open"]
    if not openings:
        return
    options = None if data is None else data.draw(st.none() | OPTIONS)
    if data is None:
        index, start, end = 1, us_of(life.events[1].at), us_of(life.events[2].at)
        paused_at, resumed_at = start, end
    else:
        index = data.draw(st.sampled_from(openings))
        start = us_of(life.events[index].at)
        following = life.events[index + 1].at if index + 1 < len(life.events) else life.now
        end = us_of(following)
        paused_at = data.draw(st.integers(start, end))
        resumed_at = data.draw(st.integers(paused_at, end))
    zone = ZONES[life.policy_name]
    pause = [
        Event("paused", at_us(paused_at, zone), reason="inserted"),
        Event("resumed", at_us(resumed_at, zone)),
    ]
    events = [*life.events[: index + 1], *pause, *life.events[index + 1 :]]
    without = evaluate(life.policy, life.events, life.now, options=options)
    with_pause = evaluate(life.policy, events, life.now, options=options)
    assert with_pause.state == without.state
    for metric in ("response", "update", "resolution"):
        plain, paused = without[metric], with_pause[metric]
        assert paused.used <= plain.used, metric
        assert paused.paused >= plain.paused, metric
        if plain.due is not None and paused.due is not None:
            assert utc(paused.due) >= utc(plain.due), metric
        # a pause cannot cause a breach, only delay one
        if plain.breached_at is None:
            assert paused.breached_at is None, metric
        elif paused.breached_at is not None:
            assert utc(paused.breached_at) >= utc(plain.breached_at), metric


# -- the response deadline ---------------------------------------------------------------------


@given(lives(kinds=frozenset({"responded", "updated", "solved", "reopened", "closed"})))
@example(DOC_LIFE)
def test_without_pauses_or_regrades_the_response_is_due_at_the_policy_deadline(
    life: Life,
) -> None:
    created = life.events[0]
    assert created.priority is not None
    status = evaluate(life.policy, life.events, life.now)
    deadline = life.policy.deadline(created.priority, created.at)
    assert status["response"].due is not None
    assert utc(status["response"].due) == utc(deadline)
    if "reopened" not in {event.kind for event in life.events}:
        resolution = life.policy.deadline(created.priority, created.at, metric="resolution")
        assert status["resolution"].due is not None
        assert utc(status["resolution"].due) == utc(resolution)
    # the escalation instants are the policy's too, as long as the clock runs
    response = status["response"]
    if not {"responded", "solved", "closed"} & {event.kind for event in life.events}:
        expected = life.policy.escalations(created.priority, created.at)
        assert [(step.threshold, utc(step.at)) for step in response.escalations if step.at] == [
            (threshold, utc(moment)) for threshold, moment in expected
        ]


# -- the clock's arithmetic ------------------------------------------------------------------------


def check_clock(metric: MetricStatus, now: datetime, schedule: Schedule | UnionSchedule) -> None:
    if metric.state == "inactive":
        assert metric.due is None
        assert metric.used == timedelta(0)
        return
    assert metric.target is not None
    assert metric.remaining is not None
    if isinstance(metric.target.amount, timedelta):
        # no grace in these policies: the clock's amount is the target
        assert metric.used + metric.remaining == metric.target.amount
    amount = (metric.used + metric.remaining) // U
    if amount:  # the percent used, rounded half up to the hundredth (docs: 5.625 is 5.63)
        share = Fraction(100 * (metric.used // U), amount)
        assert metric.percent == math.floor(share * 100 + Fraction(1, 2)) / 100
    if metric.state == "running":
        assert metric.due is not None
        assert metric.remaining >= timedelta(0)
        if metric.target.clock == "calendar":
            assert utc(metric.due) - utc(now) == metric.remaining
        else:
            assert schedule.elapsed(now, metric.due) == metric.remaining
    if metric.state == "paused":
        assert metric.due is None


@given(lives())
@example(DOC_LIFE)
@example(REGRADED_LIFE)
def test_used_plus_remaining_is_the_target_while_running(life: Life) -> None:
    schedule = plan_schedule(life)
    tickets = incremental(life)
    for ticket, event in zip(tickets, life.events, strict=True):
        status = ticket.status(event.at)
        for name in ("response", "update", "resolution"):
            check_clock(status[name], event.at, schedule)
    final = tickets[-1].status(life.now)
    for name in ("response", "update", "resolution"):
        check_clock(final[name], life.now, schedule)


# -- escalation --------------------------------------------------------------------------------


@given(lives())
@example(REGRADED_LIFE)
def test_escalation_instants_are_monotone_in_the_threshold(life: Life) -> None:
    tickets = incremental(life)
    moments = [event.at for event in life.events[1:]] + [life.now]
    for ticket, now in zip(tickets, moments, strict=True):
        status = ticket.status(now)
        for name in ("response", "update", "resolution"):
            steps = status[name].escalations
            percents = [step.threshold.percent for step in steps]
            assert percents == sorted(percents)
            known = [utc(step.at) for step in steps if step.at is not None]
            assert known == sorted(known), name
            fired = [step.fired for step in steps]
            # the fired thresholds are the lowest ones
            assert fired == sorted(fired, reverse=True), name
            for step in steps:
                if step.fired:
                    assert step.at is not None
                    assert utc(step.at) <= utc(now)
                elif step.at is not None:
                    assert utc(step.at) > utc(now)


# -- states ------------------------------------------------------------------------------------


def _clock(metric: MetricStatus) -> str | None:
    return None if metric.target is None else metric.target.clock


@given(lives())
@example(DOC_LIFE)
@example(REGRADED_LIFE)
def test_state_transitions_are_sane(life: Life) -> None:
    tickets = incremental(life)
    # each prefix seen at its own last event, and the whole life at now
    views = [
        (ticket, event.at, state)
        for ticket, event, state in zip(tickets, life.events, life.states, strict=True)
    ]
    views.append((tickets[-1], life.now, life.states[-1]))
    previous: TicketStatus | None = None
    responded = False
    for count, (ticket, now, state) in enumerate(views):
        status = ticket.status(now)
        assert status.state == state
        # the first response: a reply, or a solve before any reply
        responded = responded or any(
            event.kind in ("responded", "solved")
            for event in life.events[: min(count + 1, len(tickets))]
        )
        metrics = [status[name] for name in ("response", "update", "resolution")]
        states = {metric.state for metric in metrics}
        if state == "open":
            assert "paused" not in states
        elif state == "paused":
            assert "running" not in states
        else:
            assert not states & {"running", "paused"}
        if not responded:
            assert status["update"].state == "inactive"
        if previous is not None:
            before = previous["response"].state
            after = status["response"].state
            # met and breached are final for the first response
            if before in ("met", "breached"):
                assert after == before
            # a breach is final for resolution too, and a reopened ticket resumes its clock
            if previous["resolution"].state == "breached":
                assert status["resolution"].state == "breached"
            for name in ("response", "resolution"):
                assert status[name].used >= previous[name].used
                # An ongoing pause is measured on the clock of the target in force now: a
                # re-grade between a calendar and a business target measures all of it
                # again on the new clock, so compare only on the same clock.
                if _clock(status[name]) == _clock(previous[name]):
                    assert status[name].paused >= previous[name].paused
                assert status[name].breaches >= previous[name].breaches
                first_breach = previous[name].breached_at
                if first_breach is not None:
                    assert status[name].breached_at is not None
                    assert utc(status[name].breached_at) == utc(first_breach)
            assert status["update"].breaches >= previous["update"].breaches
        previous = status


@given(lives(), st.integers(0, 3 * DAY_US))
def test_time_only_adds_to_a_clock(life: Life, later: int) -> None:
    ticket = incremental(life)[-1]
    first = ticket.status(life.now)
    # later in real time: adding to an aware datetime is wall-clock arithmetic (it drops
    # fold, so `now + 0` during a fall-back hour is an hour earlier)
    second = ticket.status(life.now.astimezone(UTC) + later * U)
    for name in ("response", "update", "resolution"):
        before, after = first[name], second[name]
        assert after.used >= before.used
        assert after.paused >= before.paused
        if before.state in ("met", "breached", "inactive"):
            assert after.state == before.state
        if before.breached_at is not None:
            assert after.breached_at is not None
            assert utc(after.breached_at) == utc(before.breached_at)


# -- follow-the-sun ------------------------------------------------------------------------------

MEMBERS = {
    "office": OFFICE,
    "buenos-aires": BUENOS_AIRES,
    "madrid": MADRID,
    "nights": NIGHTS,
    "kathmandu": KATHMANDU,
}


@given(
    st.lists(st.sampled_from(tuple(MEMBERS)), min_size=1, max_size=4, unique=True),
    st.integers(FIRST_US, LAST_US),
    st.integers(0, 3 * DAY_US),
)
def test_a_union_is_open_exactly_when_some_member_is(
    names: list[str], moment: int, span: int
) -> None:
    members = [MEMBERS[name] for name in names]
    union = UnionSchedule(*members)
    instant = at_us(moment, "UTC")
    assert union.is_open(instant) == any(member.is_open(instant) for member in members)
    # the next opening of the union is the earliest next opening of a member
    opening = union.next_open(instant)
    assert utc(opening) == min(utc(member.next_open(instant)) for member in members)
    assert any(member.is_open(opening) for member in members)
    # open time of the union: at least any member's, at most all of them together
    end = at_us(moment + span, "UTC")
    total = union.elapsed(instant, end)
    each = [member.elapsed(instant, end) for member in members]
    assert max(each) <= total <= sum(each, timedelta(0))
