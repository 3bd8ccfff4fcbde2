"""A ticket's life: SLA clocks over its events (slaclock.tracking).

Every expected instant and duration is worked out by hand from the calendar, with the
arithmetic in a comment; none is computed by calling slaclock. Instants are compared as text
(``str(datetime)``), which shows the UTC offset.

The desk (as in docs/ticket-life.md): Monday to Friday 09:00-18:00 in New York, closed on
Florida's holidays (9 h a business day). Response 4 / 12 / 24 business hours, a progress
update every 8 business hours, resolution within 3 business days; thresholds 75 % (warn),
100 % (level 2), 150 % (level 3).

Calendar (2026; New York is on EST, -05:00, from 1 November):

* November: Fri 20, Sat 21, Sun 22, Mon 23, Tue 24, Wed 25, Thu 26 (Thanksgiving Day), Fri 27
  (Friday After Thanksgiving, a Florida holiday), Sat 28, Sun 29, Mon 30.
* December: Tue 1, Wed 2, Thu 3; Mon 7 (Argentina: bridge holiday), Tue 8 (Immaculate
  Conception: closed in Argentina and in Spain, open in the US).
* Argentina: Mon 23 November is National Sovereignty Day.
* New York DST 2026: 8 March 02:00 EST -> 03:00 EDT; 1 November 02:00 EDT -> 01:00 EST.
* Madrid is on CET (+01:00) from 25 October; Buenos Aires is -03:00 all year.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from slaclock import (
    Policy,
    Schedule,
    Target,
    Threshold,
    UnionSchedule,
    UnknownMetricError,
    country_calendar,
)
from slaclock.config import load_policy
from slaclock.errors import InvalidEventError
from slaclock.events import Event
from slaclock.explanations import Explanation, explain
from slaclock.tracking import (
    Escalation,
    MetricStatus,
    Options,
    Ticket,
    TicketStatus,
    evaluate,
)
from slaclock.zones import from_micros

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
H = timedelta(hours=1)
M = timedelta(minutes=1)
US = timedelta(microseconds=1)

DESK = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
)
THRESHOLDS = [Threshold(75), Threshold(100, level=2), Threshold(150, level=3)]
POLICY = Policy(
    DESK,
    targets={
        "response": {"high": "4h", "medium": "12h", "low": "24h"},
        "update": {"high": "8h", "medium": "8h", "low": "8h"},
        "resolution": {"high": "3bd", "medium": "3bd", "low": "3bd"},
    },
    thresholds=THRESHOLDS,
)
# The same desk with the first response on the calendar clock: every real minute counts.
CALENDAR_POLICY = Policy(
    DESK,
    targets={"response": {"high": "1h calendar", "low": "2h calendar"}},
    thresholds=THRESHOLDS,
)

FRIDAY_4PM = Event("created", "2026-11-20 16:00", priority="high")


def show(moment: datetime | None) -> str | None:
    return None if moment is None else str(moment)


def steps(metric: MetricStatus) -> list[tuple[str, int, str | None, bool]]:
    return [
        (step.threshold.name, step.threshold.level, show(step.at), step.fired)
        for step in metric.escalations
    ]


@pytest.fixture(scope="module")
def miami() -> Policy:
    return load_policy(EXAMPLES / "miami-desk.toml")


# -- evaluate: the fields of a metric -----------------------------------------------------------

# Created Fri 2026-11-20 16:00, high (4 h). Business time: Fri 16-18 (2 h), then Mon 09:00 on.
# Due: 2 h on Friday + 2 h on Monday = Mon 11:00.
RESPONSE_OVER_TIME = [
    # now, state, used, remaining, percent
    ("2026-11-20 16:00", "running", timedelta(0), 4 * H, 0.0),
    ("2026-11-20 17:00", "running", H, 3 * H, 25.0),
    # Friday 18:00 closes; the weekend does not count
    ("2026-11-21 12:00", "running", 2 * H, 2 * H, 50.0),
    ("2026-11-22 03:00", "running", 2 * H, 2 * H, 50.0),
    ("2026-11-23 10:00", "running", 3 * H, H, 75.0),
    # at the due instant the target is used up, not yet passed
    ("2026-11-23 11:00", "running", 4 * H, timedelta(0), 100.0),
    # one microsecond later it is breached
    ("2026-11-23 11:00:00.000001", "breached", 4 * H + US, -US, 100.0),
    ("2026-11-23 12:00", "breached", 5 * H, -H, 125.0),
    # Mon 9 h + Fri 2 h = 11 h by Tuesday 09:00
    ("2026-11-24 09:00", "breached", 11 * H, -7 * H, 275.0),
]


@pytest.mark.parametrize(("now", "state", "used", "remaining", "percent"), RESPONSE_OVER_TIME)
def test_response_clock_over_time(
    now: str, state: str, used: timedelta, remaining: timedelta, percent: float
) -> None:
    response = evaluate(POLICY, [FRIDAY_4PM], now)["response"]
    assert response.metric == "response"
    assert response.state == state
    assert response.target == Target.parse("4h")
    assert show(response.due) == "2026-11-23 11:00:00-05:00"
    assert show(response.started_at) == "2026-11-20 16:00:00-05:00"
    assert response.used == used
    assert response.remaining == remaining
    assert response.used + response.remaining == 4 * H
    assert response.percent == percent
    assert response.paused == timedelta(0)
    assert response.met_at is None
    if state == "breached":
        assert show(response.breached_at) == "2026-11-23 11:00:00-05:00"
        assert response.breaches == 1
    else:
        assert response.breached_at is None
        assert response.breaches == 0


def test_a_ticket_status_has_every_metric() -> None:
    status = evaluate(POLICY, [FRIDAY_4PM], "2026-11-20 17:00")
    assert isinstance(status, TicketStatus)
    assert show(status.now) == "2026-11-20 17:00:00-05:00"
    assert (status.priority, status.plan, status.state) == ("high", "standard", "open")
    assert list(status.metrics) == ["response", "update", "resolution"]
    assert status["response"] is status.metrics["response"]
    # The update cadence has not started: no first response yet.
    update = status["update"]
    assert update.state == "inactive"
    assert (update.due, update.remaining, update.percent, update.started_at) == (
        None,
        None,
        None,
        None,
    )
    assert update.used == timedelta(0)
    assert update.escalations == ()
    # Resolution 3bd: counting starts Fri 20; 3 business days after it are Mon 23, Tue 24 and
    # Wed 25: due Wed 25 18:00. Business time: Fri 2 h + 3 x 9 h = 29 h; 1 h used by 17:00.
    resolution = status["resolution"]
    assert resolution.state == "running"
    assert str(resolution.target) == "3bd"
    assert show(resolution.due) == "2026-11-25 18:00:00-05:00"
    assert resolution.used == H
    assert resolution.remaining == 28 * H


def test_a_metric_without_a_target_is_inactive() -> None:
    policy = Policy(DESK, targets={"high": "4h"})
    status = evaluate(policy, [FRIDAY_4PM, Event("responded", "2026-11-20 17:00")], "2026-11-23")
    for metric in ("update", "resolution"):
        assert status[metric].state == "inactive"
        assert status[metric].target is None
        assert status[metric].due is None
    assert status["response"].state == "met"


def test_a_metric_is_met_when_answered_before_the_due_instant() -> None:
    answered = [FRIDAY_4PM, Event("responded", "2026-11-23 10:30")]
    response = evaluate(POLICY, answered, "2026-11-23 12:00")["response"]
    assert response.state == "met"
    assert show(response.met_at) == "2026-11-23 10:30:00-05:00"
    assert show(response.due) == "2026-11-23 11:00:00-05:00"
    # Fri 16-18 (2 h) + Mon 09:00-10:30 (1 h 30)
    assert response.used == timedelta(hours=3, minutes=30)
    assert response.remaining == timedelta(minutes=30)
    assert response.percent == 87.5
    assert response.breached_at is None
    # the warning (3 h: Mon 10:00) fired; the others never will
    assert steps(response) == [
        ("warn", 0, "2026-11-23 10:00:00-05:00", True),
        ("level 2", 2, None, False),
        ("level 3", 3, None, False),
    ]


@pytest.mark.parametrize(
    ("replied", "state"),
    [
        # replied exactly at the due instant: met
        ("2026-11-23 11:00", "met"),
        ("2026-11-23 11:00:00.000001", "breached"),
    ],
)
def test_a_reply_at_the_due_instant_meets_the_target(replied: str, state: str) -> None:
    events = [FRIDAY_4PM, Event("responded", replied)]
    response = evaluate(POLICY, events, "2026-11-23 12:00")["response"]
    assert response.state == state
    assert show(response.due) == "2026-11-23 11:00:00-05:00"


def test_a_late_reply_leaves_the_metric_breached() -> None:
    events = [FRIDAY_4PM, Event("responded", "2026-11-23 12:00")]
    response = evaluate(POLICY, events, "2026-11-23 15:00")["response"]
    assert response.state == "breached"
    assert show(response.breached_at) == "2026-11-23 11:00:00-05:00"
    assert response.met_at is None
    # the clock stopped at the reply: Fri 2 h + Mon 09-12 3 h
    assert response.used == 5 * H
    assert response.remaining == -H


# -- escalation ---------------------------------------------------------------------------------

# Created Fri 2026-11-20 17:00, high (4 h). 75 % = 3 h, 100 % = 4 h, 150 % = 6 h of business
# time. Friday gives 1 h (17-18); the weekend nothing; Monday from 09:00.
#   warn:    1 h Fri + 2 h Mon -> Mon 11:00 (never Saturday or Sunday)
#   level 2: 1 h Fri + 3 h Mon -> Mon 12:00
#   level 3: 1 h Fri + 5 h Mon -> Mon 14:00
WARN, LEVEL_2, LEVEL_3 = (
    "2026-11-23 11:00:00-05:00",
    "2026-11-23 12:00:00-05:00",
    "2026-11-23 14:00:00-05:00",
)


@pytest.mark.parametrize(
    ("now", "fired"),
    [
        ("2026-11-20 17:00", (False, False, False)),
        ("2026-11-22 03:00", (False, False, False)),  # 3 a.m. on a Sunday: nothing fires
        ("2026-11-23 10:59:59.999999", (False, False, False)),
        ("2026-11-23 11:00", (True, False, False)),
        ("2026-11-23 13:00", (True, True, False)),
        ("2026-11-23 14:00", (True, True, True)),
        ("2026-11-24 10:00", (True, True, True)),
    ],
)
def test_escalation_instants_are_exact_business_instants(
    now: str, fired: tuple[bool, bool, bool]
) -> None:
    created = Event("created", "2026-11-20 17:00", priority="high")
    response = evaluate(POLICY, [created], now)["response"]
    assert steps(response) == [
        ("warn", 0, WARN, fired[0]),
        ("level 2", 2, LEVEL_2, fired[1]),
        ("level 3", 3, LEVEL_3, fired[2]),
    ]
    assert all(isinstance(step, Escalation) for step in response.escalations)


def test_escalation_rounds_up_to_the_first_microsecond() -> None:
    # A third of 10 s is 3.333333... s: the threshold fires at the first microsecond at
    # which that much has been used, 3.333334 s after Mon 09:00.
    policy = Policy(DESK, targets={"high": "10s"}, thresholds=[Threshold(Fraction(100, 3))])
    created = Event("created", "2026-11-23 09:00", priority="high")
    before = evaluate(policy, [created], "2026-11-23 09:00:03.333333")["response"]
    at = evaluate(policy, [created], "2026-11-23 09:00:03.333334")["response"]
    assert steps(before) == [("warn", 0, "2026-11-23 09:00:03.333334-05:00", False)]
    assert steps(at) == [("warn", 0, "2026-11-23 09:00:03.333334-05:00", True)]


def test_thresholds_per_metric() -> None:
    policy = Policy(
        DESK,
        targets={"response": {"high": "4h"}, "resolution": {"high": "3bd"}},
        thresholds={"resolution": [Threshold(50, name="half way")]},
    )
    status = evaluate(policy, [FRIDAY_4PM], "2026-11-20 16:00")
    assert status["response"].escalations == ()
    # Resolution 29 h (see above); half is 14 h 30: Fri 2 h + Mon 9 h = 11 h, Tue 3 h 30 more:
    # Tue 12:30.
    assert steps(status["resolution"]) == [("half way", 0, "2026-11-24 12:30:00-05:00", False)]


# -- re-grading a priority ------------------------------------------------------------------------


def test_regrade_low_to_high_after_five_hours_is_breached_at_the_change() -> None:
    # Created Mon 09:00 low (24 h); at Mon 14:00 (5 h used) re-graded to high (4 h). The
    # high target applies from the clock's start: 5 h > 4 h, breached at the change instant.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("priority_changed", "2026-11-23 14:00", priority="high"),
    ]
    status = evaluate(POLICY, events, "2026-11-23 14:30")
    assert status.priority == "high"
    response = status["response"]
    assert response.state == "breached"
    assert str(response.target) == "4h"
    assert show(response.breached_at) == "2026-11-23 14:00:00-05:00"
    assert show(response.due) == "2026-11-23 14:00:00-05:00"
    assert response.used == timedelta(hours=5, minutes=30)
    assert response.remaining == -timedelta(hours=1, minutes=30)
    # warn (3 h) and level 2 (4 h) were already passed: they fire at the change instant.
    # level 3 (6 h) comes 1 h of business time after the change: Mon 15:00.
    assert steps(response) == [
        ("warn", 0, "2026-11-23 14:00:00-05:00", True),
        ("level 2", 2, "2026-11-23 14:00:00-05:00", True),
        ("level 3", 3, "2026-11-23 15:00:00-05:00", False),
    ]


def test_regrade_carries_the_time_already_used() -> None:
    # Created Mon 09:00 low; at Mon 11:00 (2 h used) re-graded to high: due 4 h from the
    # clock's start, Mon 13:00; warn at 3 h, Mon 12:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("priority_changed", "2026-11-23 11:00", priority="high"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 11:30")["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-23 13:00:00-05:00"
    assert response.used == timedelta(hours=2, minutes=30)
    assert response.remaining == timedelta(hours=1, minutes=30)
    assert steps(response)[0] == ("warn", 0, "2026-11-23 12:00:00-05:00", False)


def test_regrade_carries_the_pauses() -> None:
    # Created Mon 09:00 low; paused 10:00-12:00; re-graded to high at 13:00. Used: 09-10 and
    # 12-13, 2 h. High's 4 h from the start, with the pause: 2 h more from 13:00 -> 15:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("paused", "2026-11-23 10:00"),
        Event("resumed", "2026-11-23 12:00"),
        Event("priority_changed", "2026-11-23 13:00", priority="high"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 13:00")["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-23 15:00:00-05:00"
    assert response.used == 2 * H
    assert response.paused == 2 * H


def test_regrade_while_paused() -> None:
    # Created Mon 09:00 low; paused at 14:00 (5 h used); re-graded to high at 15:00 while
    # paused: 5 h > 4 h, breached at the change instant, though the clock is stopped.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("paused", "2026-11-23 14:00"),
        Event("priority_changed", "2026-11-23 15:00", priority="high"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 16:00")["response"]
    assert response.state == "breached"
    assert show(response.breached_at) == "2026-11-23 15:00:00-05:00"
    assert response.used == 5 * H
    assert response.paused == 2 * H  # 14:00-16:00


def test_regrade_to_a_longer_target_does_not_undo_a_breach() -> None:
    # Created Mon 09:00 high: breached at 13:00. Re-graded to low at 14:00: 5 h < 24 h, but a
    # breach is final.
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("priority_changed", "2026-11-23 14:00", priority="low"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 15:00")["response"]
    assert response.state == "breached"
    assert show(response.breached_at) == "2026-11-23 13:00:00-05:00"
    assert str(response.target) == "24h"
    assert response.remaining == 18 * H  # 24 h - 6 h


def test_regrade_high_to_low_keeps_the_warnings_already_fired() -> None:
    # Created Mon 09:00 high; warn fired at 12:00 (3 h). Re-graded to low at 12:30. Low's
    # 24 h from Mon 09:00: Mon 9 h, Tue 9 h, Wed 6 h -> Wed 25 15:00 (level 2). Level 3 at
    # 36 h: Wed 3 h more (27 h), Thu 26 and Fri 27 closed, Mon 30 9 h (36 h) -> Mon 30 18:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("priority_changed", "2026-11-23 12:30", priority="low"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 13:00")["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-25 15:00:00-05:00"
    assert steps(response) == [
        ("warn", 0, "2026-11-23 12:00:00-05:00", True),
        ("level 2", 2, "2026-11-25 15:00:00-05:00", False),
        ("level 3", 3, "2026-11-30 18:00:00-05:00", False),
    ]


def test_regrade_restart_starts_a_fresh_clock() -> None:
    # Options(regrade="restart"): high's 4 h from the change, Mon 14:00 -> 18:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("priority_changed", "2026-11-23 14:00", priority="high"),
    ]
    restart = Options(regrade="restart")
    response = evaluate(POLICY, events, "2026-11-23 14:30", options=restart)["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-23 18:00:00-05:00"
    assert response.used == timedelta(minutes=30)
    assert response.remaining == timedelta(hours=3, minutes=30)
    assert response.breached_at is None
    # the thresholds count from the change too: 3 h -> 17:00, 4 h -> 18:00, 6 h -> Tue 11:00
    assert steps(response) == [
        ("warn", 0, "2026-11-23 17:00:00-05:00", False),
        ("level 2", 2, "2026-11-23 18:00:00-05:00", False),
        ("level 3", 3, "2026-11-24 11:00:00-05:00", False),
    ]


def test_regrade_restart_recomputes_business_days_from_the_change() -> None:
    # Resolution 3bd restarted at Wed 25 10:00: counting day Wed 25; business days after it:
    # Mon 30, Tue Dec 1, Wed Dec 2 (Thanksgiving and the day after are closed) -> Dec 2 18:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("priority_changed", "2026-11-25 10:00", priority="high"),
    ]
    restart = Options(regrade="restart")
    resolution = evaluate(POLICY, events, options=restart)["resolution"]
    assert show(resolution.due) == "2026-12-02 18:00:00-05:00"
    # Wed 10-18 8 h + 3 x 9 h = 35 h
    assert resolution.remaining == 35 * H


# -- pauses ------------------------------------------------------------------------------------


def test_paused_time_never_counts() -> None:
    # Paused Fri 17:00 ("third party"), resumed Mon 10:00. Used: Fri 16-17, Mon 10-11 = 2 h.
    # Paused business time: Fri 17-18 and Mon 09-10 = 2 h. Due: 2 h more from Mon 11:00 = 13:00.
    events = [
        FRIDAY_4PM,
        Event("paused", "2026-11-20 17:00", reason="third party"),
        Event("resumed", "2026-11-23 10:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 11:00")["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-23 13:00:00-05:00"
    assert response.used == 2 * H
    assert response.remaining == 2 * H
    assert response.paused == 2 * H
    assert response.pause_reasons == ("third party",)


def test_while_paused_the_due_instant_is_unknown() -> None:
    events = [FRIDAY_4PM, Event("paused", "2026-11-20 17:00", reason="waiting on customer")]
    status = evaluate(POLICY, events, "2026-11-23 09:30")
    assert status.state == "paused"
    for metric in ("response", "resolution"):
        paused = status[metric]
        assert paused.state == "paused"
        assert paused.due is None
        assert paused.used == H  # Fri 16-17
        # Fri 17-18 and Mon 09:00-09:30
        assert paused.paused == timedelta(hours=1, minutes=30)
        assert paused.pause_reasons == ("waiting on customer",)
    # No threshold has fired; none has a known instant while paused.
    assert steps(status["response"]) == [
        ("warn", 0, None, False),
        ("level 2", 2, None, False),
        ("level 3", 3, None, False),
    ]


def test_a_pause_after_the_due_instant_does_not_undo_the_breach() -> None:
    # Due Mon 11:00; paused at Mon 12:00, resumed Tue 09:00: still breached, breached at 11:00.
    events = [FRIDAY_4PM, Event("paused", "2026-11-23 12:00")]
    for more, now in (([], "2026-11-23 13:00"), ([Event("resumed", "2026-11-24 09:00")], None)):
        response = evaluate(POLICY, [*events, *more], now)["response"]
        assert response.state == "breached"
        assert show(response.breached_at) == "2026-11-23 11:00:00-05:00"
        assert show(response.due) == "2026-11-23 11:00:00-05:00"
        assert response.used == 5 * H  # Fri 2 h + Mon 09-12 3 h


def test_a_pause_at_the_due_instant_holds_the_clock_at_zero() -> None:
    # Paused exactly at the due instant: used up but not passed, so not breached while
    # paused. On resume (Mon 15:00) the target is passed at once.
    events = [FRIDAY_4PM, Event("paused", "2026-11-23 11:00")]
    held = evaluate(POLICY, events, "2026-11-23 14:00")["response"]
    assert held.state == "paused"
    assert held.remaining == timedelta(0)
    assert held.breached_at is None
    resumed = [*events, Event("resumed", "2026-11-23 15:00")]
    after = evaluate(POLICY, resumed, "2026-11-23 15:00:00.000001")["response"]
    assert after.state == "breached"
    assert show(after.breached_at) == "2026-11-23 15:00:00-05:00"


def test_a_ticket_paused_before_it_started_counting_starts_on_resume() -> None:
    # Created Sat 21 10:00 and paused at once; resumed Mon 10:00. Nothing counted before the
    # resume: 4 h from Mon 10:00 = Mon 14:00.
    events = [
        Event("created", "2026-11-21 10:00", priority="high"),
        Event("paused", "2026-11-21 10:00", reason="waiting on customer"),
        Event("resumed", "2026-11-23 10:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 11:00")["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-23 14:00:00-05:00"
    assert response.used == H
    assert response.paused == H  # Mon 09-10 would have counted


def test_every_pause_reason_is_kept_in_order() -> None:
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("paused", "2026-11-23 10:00", reason="waiting on customer"),
        Event("resumed", "2026-11-23 11:00"),
        Event("paused", "2026-11-23 12:00", reason="third party"),
        Event("resumed", "2026-11-23 13:00"),
        Event("paused", "2026-11-23 14:00"),
        Event("resumed", "2026-11-23 15:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 16:00")["response"]
    # A pause without a reason is recorded as "paused".
    assert response.pause_reasons == ("waiting on customer", "third party", "paused")
    assert response.paused == 3 * H
    assert response.used == 4 * H  # 09-10, 11-12, 13-14, 15-16


# -- the progress-update cadence ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "now", "state", "due", "used"),
    [
        # no first response yet: inactive, and an update before it does not start it
        ([], "2026-11-20 16:30", "inactive", None, timedelta(0)),
        ([Event("updated", "2026-11-20 16:30")], "2026-11-23 10:00", "inactive", None, H * 0),
        # responded Fri 17:00: 8 h = Fri 1 h + Mon 7 h -> Mon 16:00; by Mon 10:00, 2 h used
        (
            [Event("responded", "2026-11-20 17:00")],
            "2026-11-23 10:00",
            "running",
            "2026-11-23 16:00:00-05:00",
            2 * H,
        ),
        # an update Mon 15:00 restarts it: Mon 15-18 3 h + Tue 5 h -> Tue 14:00
        (
            [Event("responded", "2026-11-20 17:00"), Event("updated", "2026-11-23 15:00")],
            "2026-11-23 16:00",
            "running",
            "2026-11-24 14:00:00-05:00",
            H,
        ),
        # a later public reply counts as an update
        (
            [Event("responded", "2026-11-20 17:00"), Event("responded", "2026-11-23 15:00")],
            "2026-11-23 16:00",
            "running",
            "2026-11-24 14:00:00-05:00",
            H,
        ),
        # no update by Mon 16:00: breached then
        (
            [Event("responded", "2026-11-20 17:00")],
            "2026-11-23 16:30",
            "breached",
            "2026-11-23 16:00:00-05:00",
            timedelta(hours=8, minutes=30),
        ),
        # counts only while the ticket runs: paused Mon 10-14; used Fri 1 h, Mon 09-10, 14-15
        # = 3 h; 5 h more from 15:00: Mon 3 h, Tue 2 h -> Tue 11:00
        (
            [
                Event("responded", "2026-11-20 17:00"),
                Event("paused", "2026-11-23 10:00"),
                Event("resumed", "2026-11-23 14:00"),
            ],
            "2026-11-23 15:00",
            "running",
            "2026-11-24 11:00:00-05:00",
            3 * H,
        ),
        # stops when solved (Mon 12:00; Fri 1 h + Mon 3 h used): due as it stood, Mon 16:00
        (
            [Event("responded", "2026-11-20 17:00"), Event("solved", "2026-11-23 12:00")],
            "2026-11-24 12:00",
            "met",
            "2026-11-23 16:00:00-05:00",
            4 * H,
        ),
        # an update after solving changes nothing
        (
            [
                Event("responded", "2026-11-20 17:00"),
                Event("solved", "2026-11-23 12:00"),
                Event("updated", "2026-11-23 13:00"),
            ],
            "2026-11-24 12:00",
            "met",
            "2026-11-23 16:00:00-05:00",
            4 * H,
        ),
    ],
)
def test_update_cadence(
    events: list[Event], now: str, state: str, due: str | None, used: timedelta
) -> None:
    update = evaluate(POLICY, [FRIDAY_4PM, *events], now)["update"]
    assert update.state == state
    assert show(update.due) == due
    assert update.used == used


def test_an_update_after_a_breached_cycle_starts_afresh() -> None:
    # Cycle 1 from Fri 17:00 breached at Mon 16:00; an update at Mon 17:00 starts cycle 2:
    # Mon 1 h + Tue 7 h -> Tue 16:00. The breach is counted and remembered, the state is the
    # new cycle's.
    events = [
        FRIDAY_4PM,
        Event("responded", "2026-11-20 17:00"),
        Event("updated", "2026-11-23 17:00"),
    ]
    update = evaluate(POLICY, events, "2026-11-23 17:30")["update"]
    assert update.state == "running"
    assert show(update.due) == "2026-11-24 16:00:00-05:00"
    assert update.used == timedelta(minutes=30)
    assert update.breaches == 1
    assert show(update.breached_at) == "2026-11-23 16:00:00-05:00"
    assert show(update.started_at) == "2026-11-23 17:00:00-05:00"


def test_the_first_response_while_paused_starts_the_cadence_paused() -> None:
    # Paused Mon 10:00, replied Mon 11:00 while paused, resumed Mon 13:00. The cadence starts
    # at the reply but counts from the resume: 8 h from 13:00 = Mon 5 h + Tue 3 h -> Tue 12:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("paused", "2026-11-23 10:00"),
        Event("responded", "2026-11-23 11:00"),
    ]
    while_paused = evaluate(POLICY, events, "2026-11-23 12:00")
    assert while_paused["response"].state == "met"
    assert while_paused["update"].state == "paused"
    assert while_paused["update"].due is None
    resumed = evaluate(POLICY, [*events, Event("resumed", "2026-11-23 13:00")], "2026-11-23 14:00")
    update = resumed["update"]
    assert update.state == "running"
    assert show(update.due) == "2026-11-24 12:00:00-05:00"
    assert update.used == H
    assert update.paused == 2 * H  # 11:00-13:00


# -- solving, reopening, closing -----------------------------------------------------------------

REOPENED = [
    FRIDAY_4PM,
    Event("responded", "2026-11-20 17:00"),
    Event("solved", "2026-11-23 10:00"),
    Event("reopened", "2026-11-23 15:00"),
]


def test_solving_stops_resolution() -> None:
    status = evaluate(POLICY, REOPENED[:3], "2026-11-23 12:00")
    assert status.state == "solved"
    resolution = status["resolution"]
    assert resolution.state == "met"
    assert show(resolution.met_at) == "2026-11-23 10:00:00-05:00"
    assert show(resolution.due) == "2026-11-25 18:00:00-05:00"
    assert resolution.used == 3 * H  # Fri 16-18, Mon 09-10
    assert resolution.remaining == 26 * H  # 29 h - 3 h


def test_reopening_resumes_resolution_with_the_time_used() -> None:
    # Used: Fri 2 h + Mon 09-10 1 h + Mon 15-16 1 h = 4 h of 29 h; 25 h left from Mon 16:00:
    # Mon 2 h (23 left), Tue 9 h (14), Wed 9 h (5), Thu 26 + Fri 27 closed, Mon 30 5 h -> 14:00.
    status = evaluate(POLICY, REOPENED, "2026-11-23 16:00")
    assert status.state == "open"
    resolution = status["resolution"]
    assert resolution.state == "running"
    assert resolution.used == 4 * H
    assert resolution.remaining == 25 * H
    assert show(resolution.due) == "2026-11-30 14:00:00-05:00"
    assert resolution.met_at is None
    # The first response is not re-armed.
    response = status["response"]
    assert response.state == "met"
    assert show(response.met_at) == "2026-11-20 17:00:00-05:00"
    # The update cadence had started: it restarts at the reopening, 8 h from Mon 15:00 =
    # Mon 3 h + Tue 5 h -> Tue 14:00.
    assert show(status["update"].due) == "2026-11-24 14:00:00-05:00"


def test_reopen_restart_starts_a_fresh_resolution_clock() -> None:
    # 3bd from Mon 23 15:00: Tue 24, Wed 25, (Thu/Fri closed) Mon 30 -> Mon 30 18:00.
    # Business time: Mon 3 h + 3 x 9 h = 30 h; 1 h used by 16:00.
    status = evaluate(POLICY, REOPENED, "2026-11-23 16:00", options=Options(reopen="restart"))
    resolution = status["resolution"]
    assert resolution.state == "running"
    assert show(resolution.due) == "2026-11-30 18:00:00-05:00"
    assert resolution.used == H
    assert resolution.remaining == 29 * H
    assert show(resolution.started_at) == "2026-11-23 15:00:00-05:00"


def test_rearm_response_needs_a_new_first_response() -> None:
    # The response clock restarts at the reopening: 4 h from Mon 15:00 = Mon 3 h + Tue 1 h ->
    # Tue 10:00. The update cadence waits for that new response.
    options = Options(rearm_response=True)
    status = evaluate(POLICY, REOPENED, "2026-11-23 16:00", options=options)
    response = status["response"]
    assert response.state == "running"
    assert show(response.due) == "2026-11-24 10:00:00-05:00"
    assert response.used == H
    # The cadence's last cycle (Fri 17:00 to the solve, Mon 10:00: 2 h of 8 h) keeps its verdict.
    assert status["update"].state == "met"
    # Answered Tue 09:30: met; the cadence restarts: 8 h from Tue 09:30 -> Tue 17:30.
    answered = [*REOPENED, Event("responded", "2026-11-24 09:30")]
    status = evaluate(POLICY, answered, "2026-11-24 10:00", options=options)
    assert status["response"].state == "met"
    assert show(status["response"].met_at) == "2026-11-24 09:30:00-05:00"
    assert show(status["update"].due) == "2026-11-24 17:30:00-05:00"


def test_reopen_restart_and_rearm_together() -> None:
    options = Options(reopen="restart", rearm_response=True)
    status = evaluate(POLICY, REOPENED, "2026-11-23 16:00", options=options)
    assert show(status["resolution"].due) == "2026-11-30 18:00:00-05:00"
    assert show(status["response"].due) == "2026-11-24 10:00:00-05:00"


# Two defects found by an independent model of docs/ticket-life.md, and the rules of re-armed
# response cycles. The desk as above; high: update every 2 h, resolution 18 h; low: 72 h.
REGRADE_POLICY = Policy(
    DESK,
    targets={
        "response": {"high": "4h", "low": "24h"},
        "update": {"high": "2h", "low": "8h"},
        "resolution": {"high": "18h", "low": "72h"},
    },
)


def test_a_solve_before_any_reply_then_a_reopening_starts_the_update_cadence() -> None:
    # The solve (Mon 10:00) is the first response; the reopening (11:00) starts the cadence:
    # due 13:00; the reply at 12:00 is an update: due 14:00, breached then.
    events = [
        Event("created", "2026-11-16 09:00", priority="high"),
        Event("solved", "2026-11-16 10:00"),
        Event("reopened", "2026-11-16 11:00"),
        Event("responded", "2026-11-16 12:00"),
    ]
    update = evaluate(REGRADE_POLICY, events, "2026-11-17 12:00")["update"]
    assert update.state == "breached"
    assert show(update.due) == "2026-11-16 14:00:00-05:00"
    assert show(update.breached_at) == "2026-11-16 14:00:00-05:00"
    assert show(update.started_at) == "2026-11-16 12:00:00-05:00"
    response = evaluate(REGRADE_POLICY, events, "2026-11-17 12:00")["response"]
    assert (response.state, show(response.met_at)) == ("met", "2026-11-16 10:00:00-05:00")


def test_an_update_reopened_after_a_solve_before_any_reply_runs_from_the_reopening() -> None:
    events = [
        Event("created", "2026-11-16 09:00", priority="high"),
        Event("solved", "2026-11-16 10:00"),
        Event("reopened", "2026-11-16 11:00"),
    ]
    update = evaluate(REGRADE_POLICY, events, "2026-11-16 12:00")["update"]
    assert (update.state, show(update.due)) == ("running", "2026-11-16 13:00:00-05:00")
    assert update.used == H


SOLVED_LOW = [
    Event("created", "2026-11-16 09:00", priority="low"),
    Event("responded", "2026-11-16 10:00"),
    Event("solved", "2026-11-16 12:00"),
]


def test_a_regrade_while_solved_applies_when_the_ticket_is_reopened() -> None:
    # Used 3 h (Mon 09-12) of High's 18 h; reopened Tue 10:00: 15 h left = Tue 10-18 (8 h) +
    # Wed 09-16 (7 h) -> Wed 16:00 (under Low's 72 h it would be Mon 30 Nov 16:00).
    events = [
        *SOLVED_LOW,
        Event("priority_changed", "2026-11-17 09:00", priority="high"),
        Event("reopened", "2026-11-17 10:00"),
    ]
    status = evaluate(REGRADE_POLICY, events, "2026-11-18 12:00")
    resolution = status["resolution"]
    assert (resolution.state, show(resolution.due)) == ("running", "2026-11-18 16:00:00-05:00")
    assert str(resolution.target) == "18h"
    assert resolution.used == 3 * H + 8 * H + 3 * H  # Mon 09-12, Tue 10-18, Wed 09-12
    # The verdict at the solve is not changed by the re-grade made after it.
    solved = evaluate(REGRADE_POLICY, events[:4], "2026-11-17 09:30")["resolution"]
    assert (solved.state, str(solved.target)) == ("met", "72h")


def test_a_downgrade_while_solved_applies_when_the_ticket_is_reopened() -> None:
    # High (18 h) solved after 3 h, re-graded Low (72 h), reopened Tue 10:00: 69 h left from
    # Tue 10:00 = Tue 8 h (61), Wed 9 (52), Thu 9 (43), Fri 9 (34), Mon 23 9 (25), Tue 24 9 (16),
    # Wed 25 9 (7), Thu 26 + Fri 27 closed, Mon 30 09:00 + 7 h -> 16:00.
    events = [
        Event("created", "2026-11-16 09:00", priority="high"),
        Event("responded", "2026-11-16 10:00"),
        Event("solved", "2026-11-16 12:00"),
        Event("priority_changed", "2026-11-17 09:00", priority="low"),
        Event("reopened", "2026-11-17 10:00"),
    ]
    resolution = evaluate(REGRADE_POLICY, events, "2026-11-20 12:00")["resolution"]
    assert (resolution.state, show(resolution.due)) == ("running", "2026-11-30 16:00:00-05:00")


def test_a_regrade_while_solved_past_the_new_target_breaches_at_the_reopening() -> None:
    # Low, 20 h used by the solve (Mon 16 9 h, Tue 17 9 h, Wed 18 09-11); High's 18 h already
    # passed: the clock breaches as soon as it runs again, at the reopening.
    events = [
        Event("created", "2026-11-16 09:00", priority="low"),
        Event("responded", "2026-11-16 10:00"),
        Event("solved", "2026-11-18 11:00"),
        Event("priority_changed", "2026-11-18 12:00", priority="high"),
        Event("reopened", "2026-11-18 13:00"),
    ]
    resolution = evaluate(REGRADE_POLICY, events, "2026-11-18 14:00")["resolution"]
    assert resolution.state == "breached"
    assert show(resolution.breached_at) == "2026-11-18 13:00:00-05:00"


def test_a_regrade_while_solved_under_restart_starts_afresh_at_the_reopening() -> None:
    # regrade="restart": High's 18 h from the reopening, Tue 10:00: Tue 8 h + Wed 9 h + Thu 1 h
    # -> Thu 19 10:00.
    events = [
        *SOLVED_LOW,
        Event("priority_changed", "2026-11-17 09:00", priority="high"),
        Event("reopened", "2026-11-17 10:00"),
    ]
    options = Options(regrade="restart")
    resolution = evaluate(REGRADE_POLICY, events, "2026-11-17 11:00", options=options)["resolution"]
    assert (resolution.state, show(resolution.due)) == ("running", "2026-11-19 10:00:00-05:00")
    assert resolution.used == H


def test_a_rearmed_response_cycle_is_judged_on_its_own_and_keeps_earlier_breaches() -> None:
    # High, 4 h: created Mon 09:00, no reply by 13:00: breached at 13:00. Solved Mon 14:00,
    # reopened Tue 09:00 under rearm_response: a fresh 4 h response cycle, answered at 10:00.
    events = [
        Event("created", "2026-11-16 09:00", priority="high"),
        Event("solved", "2026-11-16 14:00"),
        Event("reopened", "2026-11-17 09:00"),
        Event("responded", "2026-11-17 10:00"),
    ]
    options = Options(rearm_response=True)
    response = evaluate(REGRADE_POLICY, events, "2026-11-17 11:00", options=options)["response"]
    assert response.state == "met"
    assert show(response.met_at) == "2026-11-17 10:00:00-05:00"
    assert response.breaches == 1
    assert show(response.breached_at) == "2026-11-16 13:00:00-05:00"
    # Without re-arming, a breach of the first response is final.
    plain = evaluate(REGRADE_POLICY, events, "2026-11-17 11:00")["response"]
    assert (plain.state, show(plain.breached_at)) == ("breached", "2026-11-16 13:00:00-05:00")


def test_a_rearmed_reopening_keeps_earlier_update_breaches() -> None:
    # The cadence (2 h from the reply Mon 10:00) breached at 12:00; solved 13:00; reopened under
    # rearm_response: the update metric keeps its last cycle's verdict and its breach.
    events = [
        Event("created", "2026-11-16 09:00", priority="high"),
        Event("responded", "2026-11-16 10:00"),
        Event("solved", "2026-11-16 13:00"),
        Event("reopened", "2026-11-16 14:00"),
    ]
    options = Options(rearm_response=True)
    update = evaluate(REGRADE_POLICY, events, "2026-11-16 15:00", options=options)["update"]
    assert (update.state, update.breaches) == ("breached", 1)
    assert show(update.breached_at) == "2026-11-16 12:00:00-05:00"
    # An update before the new first response does not start the cadence.
    later = [*events, Event("updated", "2026-11-16 15:00")]
    update = evaluate(REGRADE_POLICY, later, "2026-11-16 16:00", options=options)["update"]
    assert (update.state, update.breaches) == ("breached", 1)
    # The new first response starts a fresh cycle (2 h from Mon 16:00 -> 18:00, the closing):
    # judged on its own, the breach still counted.
    answered = [*later, Event("responded", "2026-11-16 16:00")]
    update = evaluate(REGRADE_POLICY, answered, "2026-11-16 17:00", options=options)["update"]
    assert (update.state, show(update.due), update.breaches) == (
        "running",
        "2026-11-16 18:00:00-05:00",
        1,
    )
    assert show(update.breached_at) == "2026-11-16 12:00:00-05:00"


def test_closed_tickets_stay_closed() -> None:
    closed = [*REOPENED, Event("closed", "2026-11-24 09:00")]
    status = evaluate(POLICY, closed, "2026-11-25 09:00")
    assert status.state == "closed"
    assert status["resolution"].state == "met"
    assert show(status["resolution"].met_at) == "2026-11-24 09:00:00-05:00"
    with pytest.raises(
        InvalidEventError,
        match=re.escape(
            "reopened event at 2026-11-24 10:00:00: the ticket is closed; closed tickets stay "
            "closed"
        ),
    ):
        evaluate(POLICY, [*closed, Event("reopened", "2026-11-24 10:00")])


# -- out of hours and the grace -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "due", "started"),
    [
        # Saturday: counting starts Mon 09:00; 4 h -> Mon 13:00
        ("2026-11-21 10:00", "2026-11-23 13:00:00-05:00", "2026-11-23 09:00:00-05:00"),
        # at the closing instant (closed): the same
        ("2026-11-20 18:00", "2026-11-23 13:00:00-05:00", "2026-11-23 09:00:00-05:00"),
        # one microsecond before the closing: 1 us on Friday, the rest on Monday
        (
            "2026-11-20 17:59:59.999999",
            "2026-11-23 12:59:59.999999-05:00",
            "2026-11-20 17:59:59.999999-05:00",
        ),
        # before the opening on a weekday: Mon 09:00 -> 13:00
        ("2026-11-23 07:00", "2026-11-23 13:00:00-05:00", "2026-11-23 09:00:00-05:00"),
        # on Thanksgiving: Thu 26 and Fri 27 closed, the weekend too -> Mon 30 13:00
        ("2026-11-26 10:00", "2026-11-30 13:00:00-05:00", "2026-11-30 09:00:00-05:00"),
    ],
)
def test_out_of_hours_submissions_start_at_the_next_opening(
    created: str, due: str, started: str
) -> None:
    ticket = [Event("created", created, priority="high")]
    response = evaluate(POLICY, ticket)["response"]
    assert show(response.due) == due
    assert show(response.started_at) == started
    assert response.used == timedelta(0)


@pytest.mark.parametrize(
    ("created", "due"),
    [
        # arrives Saturday (closed): 4 h + 1 h grace from Mon 09:00 -> Mon 14:00
        ("2026-11-21 10:00", "2026-11-23 14:00:00-05:00"),
        # arrives Friday 18:00 (the closing instant: closed) -> Mon 14:00
        ("2026-11-20 18:00", "2026-11-23 14:00:00-05:00"),
        # arrives while open: no grace, Mon 09:30 + 4 h -> 13:30
        ("2026-11-23 09:30", "2026-11-23 13:30:00-05:00"),
        # arrives at the opening instant (open): no grace -> 13:00
        ("2026-11-23 09:00", "2026-11-23 13:00:00-05:00"),
    ],
)
def test_grace_for_tickets_that_arrive_while_the_desk_is_closed(created: str, due: str) -> None:
    ticket = [Event("created", created, priority="high")]
    options = Options(grace=H)
    assert show(evaluate(POLICY, ticket, options=options)["response"].due) == due


def test_grace_adds_business_time_to_resolution_too() -> None:
    # Sat 21 10:00, 3bd: counting day Mon 23; Tue 24, Wed 25, (Thu/Fri closed) Mon 30 ->
    # Mon 30 18:00, 4 x 9 h = 36 h. With 1 h of grace, 37 h: Tue Dec 1 10:00.
    ticket = [Event("created", "2026-11-21 10:00", priority="high")]
    without = evaluate(POLICY, ticket)["resolution"]
    assert show(without.due) == "2026-11-30 18:00:00-05:00"
    graced = evaluate(POLICY, ticket, options=Options(grace=H))["resolution"]
    assert show(graced.due) == "2026-12-01 10:00:00-05:00"


def test_grace_does_not_apply_to_calendar_targets() -> None:
    # 1 h calendar from Saturday 10:00 is Saturday 11:00, grace or not.
    ticket = [Event("created", "2026-11-21 10:00", priority="high")]
    response = evaluate(CALENDAR_POLICY, ticket, options=Options(grace=H))["response"]
    assert show(response.due) == "2026-11-21 11:00:00-05:00"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"regrade": "later"}, "regrade='later': expected 'carry' or 'restart'"),
        ({"reopen": "carry"}, "reopen='carry': expected 'resume' or 'restart'"),
        ({"grace": -H}, "grace=datetime.timedelta(days=-1, seconds=82800): expected a timedelta"),
        ({"grace": "1h"}, "grace='1h': expected a timedelta of 0 or more"),
    ],
)
def test_bad_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidEventError, match=re.escape(message)):
        Options(**options)  # type: ignore[arg-type]


# -- business days -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "due", "amount"),
    [
        # Fri 20 16:00: Mon 23, Tue 24, Wed 25 -> Wed 25 18:00; Fri 2 h + 27 h = 29 h
        ("2026-11-20 16:00", "2026-11-25 18:00:00-05:00", 29 * H),
        # Wed 25 10:00: Mon 30, Tue Dec 1, Wed Dec 2 -> Dec 2 18:00; Wed 8 h + 27 h = 35 h
        ("2026-11-25 10:00", "2026-12-02 18:00:00-05:00", 35 * H),
        # Sat 21: counting day Mon 23 -> Tue 24, Wed 25, Mon 30 -> Mon 30 18:00; 36 h
        ("2026-11-21 10:00", "2026-11-30 18:00:00-05:00", 36 * H),
        # Mon 23 18:00 (closed): counting day Tue 24 -> Wed 25, Mon 30, Tue Dec 1; 36 h
        ("2026-11-23 18:00", "2026-12-01 18:00:00-05:00", 36 * H),
    ],
)
def test_business_days_become_business_time_when_the_clock_starts(
    created: str, due: str, amount: timedelta
) -> None:
    resolution = evaluate(POLICY, [Event("created", created, priority="high")])["resolution"]
    assert show(resolution.due) == due
    assert resolution.remaining == amount
    assert str(resolution.target) == "3bd"


def test_pauses_push_a_business_days_target_back() -> None:
    # Wed 25 10:00 (35 h); paused 11:00-13:00 (2 h of business time): due 2 h after
    # Wed Dec 2 18:00, Thu Dec 3 11:00.
    events = [
        Event("created", "2026-11-25 10:00", priority="high"),
        Event("paused", "2026-11-25 11:00"),
        Event("resumed", "2026-11-25 13:00"),
    ]
    resolution = evaluate(POLICY, events)["resolution"]
    assert show(resolution.due) == "2026-12-03 11:00:00-05:00"
    assert resolution.remaining == 34 * H  # 35 h - 1 h used (10-11)


# -- calendar-clock targets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "now", "due", "used", "paused"),
    [
        # Saturday 10:00 + 1 h of real time: the closed desk does not matter
        ([], "2026-11-21 10:30", "2026-11-21 11:00:00-05:00", 30 * M, timedelta(0)),
        # paused 10:15-10:45: 30 min added
        (
            [Event("paused", "2026-11-21 10:15"), Event("resumed", "2026-11-21 10:45")],
            "2026-11-21 11:00",
            "2026-11-21 11:30:00-05:00",
            30 * M,
            30 * M,
        ),
        # still paused at 11:00: 15 min used, 45 min paused, due unknown
        ([Event("paused", "2026-11-21 10:15")], "2026-11-21 11:00", None, 15 * M, 45 * M),
    ],
)
def test_calendar_clock_targets_count_real_time_but_stop_for_pauses(
    events: list[Event], now: str, due: str | None, used: timedelta, paused: timedelta
) -> None:
    created = Event("created", "2026-11-21 10:00", priority="high")
    response = evaluate(CALENDAR_POLICY, [created, *events], now)["response"]
    assert show(response.due) == due
    assert response.used == used
    assert response.paused == paused
    assert str(response.target) == "1h calendar"


def test_calendar_clock_escalations_count_real_time() -> None:
    # 75 % of 1 h = 45 min: Sat 10:45; 100 % Sat 11:00; 150 % Sat 11:30.
    created = Event("created", "2026-11-21 10:00", priority="high")
    response = evaluate(CALENDAR_POLICY, [created], "2026-11-21 10:50")["response"]
    assert steps(response) == [
        ("warn", 0, "2026-11-21 10:45:00-05:00", True),
        ("level 2", 2, "2026-11-21 11:00:00-05:00", False),
        ("level 3", 3, "2026-11-21 11:30:00-05:00", False),
    ]


@pytest.mark.parametrize(
    ("created", "due"),
    [
        # fall back: 00:30 EDT (04:30 UTC) + 2 h = 06:30 UTC = 01:30 EST (the second 01:30)
        ("2026-11-01 00:30", "2026-11-01 01:30:00-05:00"),
        # spring forward: 01:30 EST (06:30 UTC) + 2 h = 08:30 UTC = 04:30 EDT
        ("2026-03-08 01:30", "2026-03-08 04:30:00-04:00"),
    ],
)
def test_calendar_clock_targets_count_real_time_across_dst(created: str, due: str) -> None:
    ticket = [Event("created", created, priority="low")]
    response = evaluate(CALENDAR_POLICY, ticket)["response"]
    assert show(response.due) == due
    assert response.remaining == 2 * H


# -- plan changes (docs/examples/miami-desk.toml) -----------------------------------------------

# standard: Mon-Fri 09:00-18:00 New York, Florida's holidays; response 4h/12h/24h;
# resolution 3bd/5bd/10bd. 24x7: every hour of every day; response 1h/4h/8h calendar.


def test_plan_change_switches_the_schedule_carrying_the_time_used(miami: Policy) -> None:
    # Created Fri 20 17:00, medium (12 h business). On the standard plan by Sat 10:00 it has
    # used 1 h (Fri 17-18). Moved to 24x7 at Sat 10:00: medium is 4 h calendar there, applied
    # from the clock's start with the 1 h carried: 3 h more from Sat 10:00 -> Sat 13:00.
    events = [
        Event("created", "2026-11-20 17:00", priority="normal"),
        Event("plan_changed", "2026-11-21 10:00", plan="24x7"),
    ]
    status = evaluate(miami, events, "2026-11-21 12:00")
    assert status.plan == "24x7"
    assert status.priority == "medium"
    response = status["response"]
    assert str(response.target) == "4h calendar"
    assert response.state == "running"
    assert show(response.due) == "2026-11-21 13:00:00-05:00"
    assert response.used == 3 * H  # 1 h Friday + Sat 10-12
    assert response.remaining == H
    assert response.percent == 75.0
    # warn at 3 h (Sat 12:00, fired now), level 2 at 4 h (13:00), level 3 at 6 h (15:00)
    assert steps(response) == [
        ("warn", 0, "2026-11-21 12:00:00-05:00", True),
        ("level 2", 2, "2026-11-21 13:00:00-05:00", False),
        ("level 3", 3, "2026-11-21 15:00:00-05:00", False),
    ]
    # Without the change, on standard: 12 h = Fri 1 h + Mon 9 h + Tue 2 h -> Tue 24 11:00.
    stay = evaluate(miami, events[:1], "2026-11-21 12:00")["response"]
    assert show(stay.due) == "2026-11-24 11:00:00-05:00"
    assert stay.used == H


def test_plan_change_recomputes_business_days_on_the_new_schedule(miami: Policy) -> None:
    # Resolution medium 5bd, from the clock's start (Fri 20 17:00) on 24x7: every day is a
    # business day: Sat 21, Sun 22, Mon 23, Tue 24, Wed 25 -> close of business Wed 25 24:00
    # (Thu 26 00:00). Business time 7 h (Fri 17-24) + 5 x 24 h = 127 h. Used on standard by
    # Sat 10:00: 1 h. 126 h from Sat 10:00 = 5 days 6 h -> Thu 26 16:00.
    events = [
        Event("created", "2026-11-20 17:00", priority="medium"),
        Event("plan_changed", "2026-11-21 10:00", plan="24x7"),
    ]
    resolution = evaluate(miami, events)["resolution"]
    assert str(resolution.target) == "5bd"
    assert resolution.used == H
    assert resolution.remaining == 126 * H
    assert show(resolution.due) == "2026-11-26 16:00:00-05:00"


@pytest.mark.parametrize(
    ("now", "state"),
    [
        # high on 24x7 is 1 h calendar, exactly what was used on Friday: used up at the change
        ("2026-11-21 10:00", "running"),
        ("2026-11-21 10:00:00.000001", "breached"),
    ],
)
def test_plan_change_to_a_target_already_used_up(miami: Policy, now: str, state: str) -> None:
    events = [
        Event("created", "2026-11-20 17:00", priority="critical"),
        Event("plan_changed", "2026-11-21 10:00", plan="24x7"),
    ]
    response = evaluate(miami, events, now)["response"]
    assert response.state == state
    assert show(response.due) == "2026-11-21 10:00:00-05:00"
    # warn (45 min) and level 2 (1 h) were passed by the change: they fire at the change
    assert steps(response)[:2] == [
        ("warn", 0, "2026-11-21 10:00:00-05:00", True),
        ("level 2", 2, "2026-11-21 10:00:00-05:00", True),
    ]
    if state == "breached":
        assert show(response.breached_at) == "2026-11-21 10:00:00-05:00"


def test_plan_change_back_to_standard(miami: Policy) -> None:
    # Created Fri 20 17:00 low on 24x7 (8 h calendar): Fri 17:00 -> Sat 10:00 is 17 h of real
    # time, already past 8 h: breached at Sat 01:00. Moved to standard Sat 10:00 (low 24 h
    # business): 17 h used, 7 h more from Mon 09:00 -> Mon 16:00. The breach stays.
    events = [
        Event("created", "2026-11-20 17:00", priority="low", plan="24x7"),
        Event("plan_changed", "2026-11-21 10:00", plan="standard"),
    ]
    response = evaluate(miami, events)["response"]
    assert response.state == "breached"
    assert show(response.breached_at) == "2026-11-21 01:00:00-05:00"
    assert response.used == 17 * H
    assert response.remaining == 7 * H


def test_a_pause_across_a_plan_change_is_measured_on_each_plans_clock(miami: Policy) -> None:
    # Used time is carried across a plan change: measured on the old plan up to the change,
    # on the new one after it. Paused time is clock time too and must be split the same way.
    # Created Fri 20 17:00 medium; paused Fri 17:30; moved to 24x7 Sat 10:00; resumed 11:00.
    #   used:   standard Fri 17:00-17:30 (30 min) + 24x7 Sat 11:00-12:00 (1 h) = 1 h 30
    #   paused: standard Fri 17:30-18:00 (30 min; closed until the change) + 24x7 Sat
    #           10:00-11:00 (1 h) = 1 h 30, not the 17 h 30 of measuring all of it on 24x7
    #   due:    4 h calendar - 1 h 30 = 2 h 30 after Sat 12:00 -> 14:30
    events = [
        Event("created", "2026-11-20 17:00", priority="medium"),
        Event("paused", "2026-11-20 17:30"),
        Event("plan_changed", "2026-11-21 10:00", plan="24x7"),
        Event("resumed", "2026-11-21 11:00"),
    ]
    response = evaluate(miami, events, "2026-11-21 12:00")["response"]
    assert response.used == timedelta(hours=1, minutes=30)
    assert show(response.due) == "2026-11-21 14:30:00-05:00"
    assert response.paused == timedelta(hours=1, minutes=30)


@pytest.mark.parametrize(
    ("now", "regraded", "paused"),
    [
        # high: 1 h calendar. Created Sat 21 10:00, paused 10:15 (calendar time counts).
        ("2026-11-21 10:44", False, 29 * M),
        # re-graded to medium (4 h business) at 10:45 while paused: 30 min of calendar time
        # were paused before the change; Saturday adds no business time after it.
        ("2026-11-21 10:46", True, 30 * M),
        ("2026-11-21 11:00", True, 30 * M),
    ],
)
def test_a_pause_across_a_regrade_to_another_clock_keeps_what_it_measured(
    now: str, regraded: bool, paused: timedelta
) -> None:
    policy = Policy(DESK, targets={"high": "1h calendar", "medium": "4h"})
    events = [
        Event("created", "2026-11-21 10:00", priority="high"),
        Event("paused", "2026-11-21 10:15"),
    ]
    if regraded:
        events.append(Event("priority_changed", "2026-11-21 10:45", priority="medium"))
    response = evaluate(policy, events, now)["response"]
    assert response.used == 15 * M
    assert response.paused == paused


def test_naive_times_after_a_plan_change_are_read_in_the_creation_plans_zone() -> None:
    # evaluate(): "A naive event time is read in the zone of the plan the ticket was created
    # on." Created Mon 23 09:00 (New York) on a New York plan; at 10:00 moved to a Madrid
    # desk; replied at 11:00 (New York: 16:00 UTC, 17:00 in Madrid, after Madrid's closing).
    new_york = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    madrid = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
    policy = Policy(new_york, targets={"high": "4h"}, plans={"madrid": madrid})
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("plan_changed", "2026-11-23 10:00", plan="madrid"),
        Event("responded", "2026-11-23 11:00"),
    ]
    response = evaluate(policy, events)["response"]
    assert response.state == "met"
    # Used: 09:00-10:00 New York (1 h), then Madrid 16:00-17:00 CET (1 h; Madrid closes 18:00).
    assert response.used == 2 * H
    assert response.met_at == datetime(2026, 11, 23, 16, 0, tzinfo=UTC)


def test_naive_times_are_read_in_the_plans_zone_and_thresholds_keep_their_names() -> None:
    # latam-desk.toml: Buenos Aires (-03:00), Mon-Fri 09-13 and 14-18, AR holidays, closed
    # every 24 December. Created Wed 2026-12-23 16:00 "alta" (high, 4 h): Wed 16-18 (2 h);
    # Thu 24 (Nochebuena) and Fri 25 (Christmas) closed; Mon 28 from 09:00.
    #   aviso (75 %, 3 h): Mon 10:00; level 2 (4 h): Mon 11:00; level 3 (6 h): 2 h + Mon 09-13
    #   (4 h) = 6 h at Mon 13:00, the start of lunch.
    latam = load_policy(EXAMPLES / "latam-desk.toml")
    created = Event("created", "2026-12-23 16:00", priority="alta")
    response = evaluate(latam, [created], "2026-12-28 10:30")["response"]
    assert show(response.due) == "2026-12-28 11:00:00-03:00"
    assert steps(response) == [
        ("aviso", 0, "2026-12-28 10:00:00-03:00", True),
        ("escalar a nivel 2", 2, "2026-12-28 11:00:00-03:00", False),
        ("escalar a nivel 3", 3, "2026-12-28 13:00:00-03:00", False),
    ]
    # Replied Wed 17:00; update high 8 h: Wed 17-18 (1 h), Mon 09-13 (4 h), 14-17 (3 h) ->
    # Mon 17:00. By Mon 10:00 it has used 2 h.
    replied = Event("reply", "2026-12-23 17:00")
    status = evaluate(latam, [created, replied], "2026-12-28 10:00")
    update = status["update"]
    assert show(update.due) == "2026-12-28 17:00:00-03:00"
    assert update.used == 2 * H
    # Resolution high 2bd: counting day Wed 23; Mon 28 (1), Tue 29 (2) -> Tue 29 18:00.
    assert show(status["resolution"].due) == "2026-12-29 18:00:00-03:00"


# -- follow-the-sun ---------------------------------------------------------------------------

# New York (EST -05:00), Buenos Aires (-03:00) and Madrid (CET +01:00), each Mon-Fri
# 09:00-18:00 with its own holidays. In UTC: Madrid 08-17, Buenos Aires 12-21, New York 14-23:
# together 08:00-23:00 UTC, 15 h a weekday = 03:00-18:00 in New York.
SUN = UnionSchedule(
    DESK,
    Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/Argentina/Buenos_Aires",
        calendar=country_calendar("AR"),
    ),
    Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid", calendar=country_calendar("ES")),
)
SUN_POLICY = Policy(
    SUN, targets={"high": "4h", "low": "24h"}, thresholds=[Threshold(75)], default_plan="global"
)


@pytest.mark.parametrize(
    ("created", "priority", "due"),
    [
        # Mon 23 17:00 NY (22:00 UTC; Buenos Aires closed for Sovereignty Day anyway): 1 h to
        # 23:00 UTC; Tue 24 from Madrid's 08:00 UTC (03:00 NY) 3 h -> 06:00 NY
        ("2026-11-23 17:00", "high", "2026-11-24 06:00:00-05:00"),
        # Mon Dec 7 17:00 NY: 1 h to 23:00 UTC. Tue Dec 8 is a holiday in Argentina and Spain;
        # only New York opens (09:00): 3 h -> 12:00 NY
        ("2026-12-07 17:00", "high", "2026-12-08 12:00:00-05:00"),
        # Mon 23 03:00 NY (08:00 UTC): Mon 15 h, then 9 h from Tue 08:00 UTC -> 17:00 UTC
        ("2026-11-23 03:00", "low", "2026-11-24 12:00:00-05:00"),
        # Sat 21: Mon 23 from 08:00 UTC, 4 h -> 12:00 UTC = 07:00 NY
        ("2026-11-21 12:00", "high", "2026-11-23 07:00:00-05:00"),
    ],
)
def test_follow_the_sun_runs_one_sla_on_every_desks_hours(
    created: str, priority: str, due: str
) -> None:
    status = evaluate(SUN_POLICY, [Event("created", created, priority=priority)])
    assert status.plan == "global"
    assert show(status["response"].due) == due


def test_follow_the_sun_pauses_and_escalation() -> None:
    # Created Tue 24 03:00 NY (Madrid opens). Warn at 3 h: 06:00 NY. Paused 04:00-10:00 NY
    # (all desks open then): 6 h added -> warn 12:00, due (4 h) 13:00 NY.
    events = [
        Event("created", "2026-11-24 03:00", priority="high"),
        Event("paused", "2026-11-24 04:00"),
        Event("resumed", "2026-11-24 10:00"),
    ]
    response = evaluate(SUN_POLICY, events, "2026-11-24 11:00")["response"]
    assert show(response.due) == "2026-11-24 13:00:00-05:00"
    assert response.used == 2 * H
    assert response.paused == 6 * H
    assert steps(response) == [("warn", 0, "2026-11-24 12:00:00-05:00", False)]


# -- explanations ------------------------------------------------------------------------------


def test_explain_lists_open_periods_and_named_closures() -> None:
    # Wed 25 16:00 high: Wed 16-18 (2 h), Thanksgiving and the day after closed, the weekend
    # is not a closure (no hours anyway), Mon 30 09-11 (2 h).
    events = [Event("created", "2026-11-25 16:00", priority="high")]
    why = explain(POLICY, events, "response", now="2026-11-25 16:00")
    assert isinstance(why, Explanation)
    assert why.metric == "response"
    assert why.status == evaluate(POLICY, events, "2026-11-25 16:00")["response"]
    assert [(show(a), show(b)) for a, b in why.consumed] == [
        ("2026-11-25 16:00:00-05:00", "2026-11-25 18:00:00-05:00"),
        ("2026-11-30 09:00:00-05:00", "2026-11-30 11:00:00-05:00"),
    ]
    assert why.closures == (
        ("2026-11-26", "Thanksgiving Day"),
        ("2026-11-27", "Friday After Thanksgiving"),
    )
    assert why.pauses == ()
    assert why.changes == ()
    assert str(why) == (
        "response: running, target 4h, 4h left\n"
        "  counting from Wed 2026-11-25 16:00\n"
        "  open Wed 2026-11-25 16:00 - 18:00  (2h)\n"
        "  open Mon 2026-11-30 09:00 - 11:00  (2h)\n"
        "  closed 2026-11-26  (Thanksgiving Day)\n"
        "  closed 2026-11-27  (Friday After Thanksgiving)\n"
        "  due Mon 2026-11-30 11:00 EST\n"
        "  warn at 75%: fires Mon 2026-11-30 10:00\n"
        "  level 2 at 100%: fires Mon 2026-11-30 11:00\n"
        "  level 3 at 150%: fires Mon 2026-11-30 13:00"
    )


def test_explain_lists_pauses_and_changes() -> None:
    # Created Mon 23 09:00 low; paused 10-11; re-graded to medium (12 h) at 12:00. Used by
    # 13:00: 09-10 and 11-13 = 3 h; 9 h more from 13:00: Mon 5 h, Tue 4 h -> Tue 13:00.
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("paused", "2026-11-23 10:00", reason="waiting on customer"),
        Event("resumed", "2026-11-23 11:00"),
        Event("priority_changed", "2026-11-23 12:00", priority="medium"),
    ]
    why = explain(POLICY, events, now="2026-11-23 13:00")
    assert [(show(a), show(b)) for a, b in why.consumed] == [
        ("2026-11-23 09:00:00-05:00", "2026-11-23 10:00:00-05:00"),
        ("2026-11-23 11:00:00-05:00", "2026-11-23 18:00:00-05:00"),
        ("2026-11-24 09:00:00-05:00", "2026-11-24 13:00:00-05:00"),
    ]
    assert [(show(a), show(b), r) for a, b, r in why.pauses] == [
        ("2026-11-23 10:00:00-05:00", "2026-11-23 11:00:00-05:00", "waiting on customer")
    ]
    assert [(show(at), what, to) for at, what, to in why.changes] == [
        ("2026-11-23 12:00:00-05:00", "priority", "medium")
    ]
    assert why.closures == ()
    assert str(why) == (
        "response: running, target 12h, 9h left\n"
        "  counting from Mon 2026-11-23 09:00\n"
        "  Mon 2026-11-23 12:00  priority changed to medium\n"
        "  open Mon 2026-11-23 09:00 - 10:00  (1h)\n"
        "  open Mon 2026-11-23 11:00 - 18:00  (7h)\n"
        "  open Tue 2026-11-24 09:00 - 13:00  (4h)\n"
        "  paused Mon 2026-11-23 10:00 - Mon 2026-11-23 11:00  (waiting on customer)\n"
        "  due Tue 2026-11-24 13:00 EST\n"
        "  warn at 75%: fires Tue 2026-11-24 10:00\n"
        "  level 2 at 100%: fires Tue 2026-11-24 13:00\n"
        "  level 3 at 150%: fires Wed 2026-11-25 10:00"
    )


def test_explain_a_paused_met_and_breached_metric() -> None:
    paused = [FRIDAY_4PM, Event("paused", "2026-11-20 17:00", reason="third party")]
    text = str(explain(POLICY, paused, now="2026-11-23 09:30"))
    assert text == (
        "response: paused, target 4h, 3h left\n"
        "  counting from Fri 2026-11-20 16:00\n"
        "  open Fri 2026-11-20 16:00 - 17:00  (1h)\n"
        "  paused Fri 2026-11-20 17:00 - now  (third party)\n"
        "  warn at 75%: waits, fires once the clock runs again\n"
        "  level 2 at 100%: waits, fires once the clock runs again\n"
        "  level 3 at 150%: waits, fires once the clock runs again"
    )
    met = [FRIDAY_4PM, Event("responded", "2026-11-23 10:30")]
    assert str(explain(POLICY, met, now="2026-11-23 12:00")) == (
        "response: met, target 4h\n"
        "  counting from Fri 2026-11-20 16:00\n"
        "  open Fri 2026-11-20 16:00 - 18:00  (2h)\n"
        "  open Mon 2026-11-23 09:00 - 10:30  (1h30m)\n"
        "  due Mon 2026-11-23 11:00 EST\n"
        "  met Mon 2026-11-23 10:30\n"
        "  warn at 75%: fired Mon 2026-11-23 10:00\n"
        "  level 2 at 100%: cancelled, the clock stopped before it fired\n"
        "  level 3 at 150%: cancelled, the clock stopped before it fired"
    )
    late = [FRIDAY_4PM]
    assert str(explain(POLICY, late, now="2026-11-23 12:00")) == (
        "response: breached, target 4h, 1h overdue\n"
        "  counting from Fri 2026-11-20 16:00\n"
        "  open Fri 2026-11-20 16:00 - 18:00  (2h)\n"
        "  open Mon 2026-11-23 09:00 - 11:00  (2h)\n"
        "  due Mon 2026-11-23 11:00 EST\n"
        "  breached Mon 2026-11-23 11:00\n"
        "  warn at 75%: fired Mon 2026-11-23 10:00\n"
        "  level 2 at 100%: fired Mon 2026-11-23 11:00\n"
        "  level 3 at 150%: fires Mon 2026-11-23 13:00"
    )


def test_explain_across_a_plan_change(miami: Policy) -> None:
    # Created Wed 25 17:00 medium on standard: Wed 17-18 (1 h), Thanksgiving and the Friday
    # after closed; moved to 24x7 Sat 28 10:00 (4 h calendar, 1 h carried): Sat 10:00-13:00.
    events = [
        Event("created", "2026-11-25 17:00", priority="medium"),
        Event("plan_changed", "2026-11-28 10:00", plan="24x7"),
    ]
    why = explain(miami, events, "response", now="2026-11-28 10:00")
    assert [(show(a), show(b)) for a, b in why.consumed] == [
        ("2026-11-25 17:00:00-05:00", "2026-11-25 18:00:00-05:00"),
        ("2026-11-28 10:00:00-05:00", "2026-11-28 13:00:00-05:00"),
    ]
    assert why.closures == (
        ("2026-11-26", "Thanksgiving Day"),
        ("2026-11-27", "Friday After Thanksgiving"),
    )
    assert [(show(at), what, to) for at, what, to in why.changes] == [
        ("2026-11-28 10:00:00-05:00", "plan", "24x7")
    ]
    assert "  Sat 2026-11-28 10:00  plan changed to 24x7\n" in str(why)
    assert "\n  due Sat 2026-11-28 13:00 EST\n" in str(why)


def test_explain_across_a_regrade_between_business_and_calendar_time() -> None:
    # Medium is 4 h of business time, high 1 h of calendar time. Created Fri 20 17:30 medium:
    # 30 min of business time on Friday (17:30-18:00). Re-graded to high Sat 21 10:00: 30 min
    # of real time left -> due Sat 10:30, though the desk is closed on Saturday.
    policy = Policy(DESK, targets={"high": "1h calendar", "medium": "4h"})
    events = [
        Event("created", "2026-11-20 17:30", priority="medium"),
        Event("priority_changed", "2026-11-21 10:00", priority="high"),
    ]
    why = explain(policy, events, now="2026-11-21 10:00")
    assert show(why.status.due) == "2026-11-21 10:30:00-05:00"
    assert [(show(a), show(b)) for a, b in why.consumed] == [
        ("2026-11-20 17:30:00-05:00", "2026-11-20 18:00:00-05:00"),
        ("2026-11-21 10:00:00-05:00", "2026-11-21 10:30:00-05:00"),
    ]
    assert str(why) == (
        "response: running, target 1h calendar, 30m left\n"
        "  counting from Fri 2026-11-20 17:30\n"
        "  Sat 2026-11-21 10:00  priority changed to high\n"
        "  open Fri 2026-11-20 17:30 - 18:00  (30m)\n"
        "  open Sat 2026-11-21 10:00 - 10:30  (30m)\n"
        "  due Sat 2026-11-21 10:30 EST"
    )


def test_explain_other_metrics_and_bad_names() -> None:
    events = [FRIDAY_4PM, Event("responded", "2026-11-20 17:00")]
    why = explain(POLICY, events, "Update", now="2026-11-20 17:00")
    assert why.metric == "update"
    # 8 h from Fri 17:00: Fri 1 h, Mon 7 h -> Mon 16:00
    assert str(why).splitlines()[4] == "  due Mon 2026-11-23 16:00 EST"
    with pytest.raises(
        UnknownMetricError,
        match=re.escape("unknown metric 'speed': expected one of response, update, resolution"),
    ):
        explain(POLICY, events, "speed")


def test_status_detail_is_the_status_with_what_it_was_worked_out_from(miami: Policy) -> None:
    # Created Wed 25 17:00 normal (medium) on standard; paused 17:30 without a reason, resumed
    # Sat 28 09:00; re-graded to medium (already in force: no change) at 09:30; moved to 24x7
    # at 10:00; paused again 11:00 for a third party, still paused at now (12:00).
    events = [
        Event("created", "2026-11-25 17:00", priority="normal"),
        Event("paused", "2026-11-25 17:30"),
        Event("resumed", "2026-11-28 09:00"),
        Event("priority_changed", "2026-11-28 09:30", priority="medium"),
        Event("plan_changed", "2026-11-28 10:00", plan="24x7"),
        Event("paused", "2026-11-28 11:00", reason="third party"),
    ]
    ticket = Ticket.replay(miami, events)
    detail = ticket.status_detail("2026-11-28 12:00")
    assert detail.status == ticket.status("2026-11-28 12:00")
    now = miami.plan("standard").schedule.instant("2026-11-28 12:00")
    assert detail.clocks == ticket.clocks(now)
    assert str(detail.zone) == "America/New_York"
    assert [(show(a), show(b), reason) for a, b, reason in detail.pauses] == [
        ("2026-11-25 17:30:00-05:00", "2026-11-28 09:00:00-05:00", None),
        ("2026-11-28 11:00:00-05:00", None, "third party"),
    ]
    assert [(show(at), what, to) for at, what, to in detail.changes] == [
        ("2026-11-28 10:00:00-05:00", "plan", "24x7")
    ]
    # The response clock ran Wed 17:00-17:30 and Sat 09:00-10:00 on standard (closed on
    # Saturday: no business time), then 10:00-11:00 on 24x7 (calendar time); the plan number
    # of each run is its schedule's place in detail.schedules.
    standard, always = miami.plan("standard").schedule, miami.plan("24x7").schedule
    zone = detail.zone
    runs = [
        (str(from_micros(a, zone)), str(from_micros(b or 0, zone)), detail.schedules[n], on)
        for a, b, n, on in detail.clocks[0].runs
    ]
    assert runs == [
        ("2026-11-25 17:00:00-05:00", "2026-11-25 17:30:00-05:00", standard, False),
        ("2026-11-28 09:00:00-05:00", "2026-11-28 10:00:00-05:00", standard, False),
        ("2026-11-28 10:00:00-05:00", "2026-11-28 11:00:00-05:00", always, True),
    ]
    # by default, at the last event; and a value that cannot change
    assert detail.status != ticket.status_detail().status
    assert show(ticket.status_detail().status.now) == "2026-11-28 11:00:00-05:00"
    with pytest.raises(AttributeError):
        detail.pauses = ()  # type: ignore[misc]


# -- incremental use ---------------------------------------------------------------------------


def test_a_ticket_is_immutable_and_agrees_with_evaluate() -> None:
    events = [
        FRIDAY_4PM,
        Event("paused", "2026-11-20 17:00", reason="third party"),
        Event("resumed", "2026-11-23 10:00"),
        Event("responded", "2026-11-23 10:30"),
        Event("priority_changed", "2026-11-23 11:00", priority="low"),
        Event("updated", "2026-11-23 15:00"),
        Event("solved", "2026-11-24 10:00"),
        Event("reopened", "2026-11-24 12:00"),
    ]
    ticket = Ticket.open(POLICY, events[0])
    first = ticket
    for count, event in enumerate(events[1:], start=2):
        ticket = ticket.apply(event)
        assert len(ticket.events) == count
        now = "2026-11-25 09:00"
        assert ticket.status(now) == evaluate(POLICY, events[:count], now)
    assert first.events == (events[0],)
    assert ticket.events == tuple(events)
    assert repr(ticket) == "<Ticket low on standard, 8 events>"
    # status() defaults to the last event's instant
    assert show(ticket.status().now) == "2026-11-24 12:00:00-05:00"
    assert ticket.explain("resolution", "2026-11-25 09:00") == explain(
        POLICY, events, "resolution", now="2026-11-25 09:00"
    )


def test_a_ticket_replays_unsorted_events() -> None:
    events = [Event("responded", "2026-11-23 10:30"), FRIDAY_4PM]
    replayed = Ticket.replay(POLICY, events)
    assert replayed.events == (FRIDAY_4PM, events[0])
    assert replayed.status() == evaluate(POLICY, events)


# -- escalations that will never fire, and time overdue, for people ----------------------------


def states(metric: MetricStatus) -> list[tuple[str, str, str | None]]:
    return [(step.threshold.name, step.state, show(step.at)) for step in metric.escalations]


def test_escalations_of_a_clock_that_stopped_before_they_fired_are_cancelled() -> None:
    # Answered Mon 10:30: the warning (Mon 10:00) fired; level 2 (11:00) and 3 (13:00) never will.
    answered = evaluate(
        POLICY, [FRIDAY_4PM, Event("responded", "2026-11-23 10:30")], "2026-11-23 12:00"
    )
    assert states(answered["response"]) == [
        ("warn", "fired", "2026-11-23 10:00:00-05:00"),
        ("level 2", "cancelled", None),
        ("level 3", "cancelled", None),
    ]
    assert [str(step) for step in answered["response"].escalations] == [
        "warn at 75%: fired Mon 2026-11-23 10:00",
        "level 2 at 100%: cancelled, the clock stopped before it fired",
        "level 3 at 150%: cancelled, the clock stopped before it fired",
    ]
    # Solved while paused: stopped too, cancelled; paused only: they wait for the clock.
    held = [FRIDAY_4PM, Event("paused", "2026-11-20 17:00")]
    assert {step.state for step in evaluate(POLICY, held)["response"].escalations} == {"paused"}
    solved = evaluate(POLICY, [*held, Event("solved", "2026-11-23 10:00")])["response"]
    assert {step.state for step in solved.escalations} == {"cancelled"}
    assert str(solved.escalations[0]) == "warn at 75%: cancelled, the clock stopped before it fired"
    assert str(evaluate(POLICY, held)["response"].escalations[0]) == (
        "warn at 75%: waits, fires once the clock runs again"
    )


def test_a_reopened_clock_s_escalations_are_pending_again() -> None:
    # Resolution (3bd, from Fri 16:00: due Wed 25 18:00) stops at the solve and runs again on
    # reopening: its thresholds, cancelled while it stood, are pending again.
    solved = [FRIDAY_4PM, Event("solved", "2026-11-20 17:00")]
    assert {s.state for s in evaluate(POLICY, solved)["resolution"].escalations} == {"cancelled"}
    reopened = evaluate(POLICY, [*solved, Event("reopened", "2026-11-23 09:00")])["resolution"]
    assert {step.state for step in reopened.escalations} == {"pending"}


def test_a_metric_status_reads_for_people() -> None:
    late = evaluate(POLICY, [FRIDAY_4PM], "2026-11-23 12:00")
    assert late["response"].remaining == -H
    assert str(late["response"]) == "response: breached, target 4h, 1h overdue"
    running = evaluate(POLICY, [FRIDAY_4PM], "2026-11-23 10:00")
    assert str(running["response"]) == "response: running, target 4h, 1h left"
    assert str(running["update"]) == "update: inactive, target none"
    met = evaluate(POLICY, [FRIDAY_4PM, Event("responded", "2026-11-23 10:30")])
    assert str(met["response"]) == "response: met, target 4h"
    assert "-1 day" not in str(explain(POLICY, [FRIDAY_4PM], now="2026-11-27 12:00"))


# -- the next change: when a scheduler looks again ----------------------------------------


NEXT_CHANGES = [
    # (now, the ticket's next change, the response's): Friday 16:00, High; response due
    # Mon 11:00 (1 h Friday + 3 h Monday), warn 10:00, level 2 11:00, level 3 13:00;
    # resolution 3bd = to Wed 25 18:00 = 2 h + 9 h + 9 h + 9 h = 29 h; warn at 75 % = 21 h 45 m
    # (Fri 2 h, Mon 9 h, Tue 9 h: 20 h; 1 h 45 m on Wednesday) Wed 10:45.
    ("2026-11-20 16:00", "2026-11-23 10:00:00-05:00", "2026-11-23 10:00:00-05:00"),
    ("2026-11-23 10:00", "2026-11-23 11:00:00-05:00", "2026-11-23 11:00:00-05:00"),
    ("2026-11-23 11:00", "2026-11-23 11:00:00.000001-05:00", "2026-11-23 11:00:00.000001-05:00"),
    ("2026-11-23 11:00:00.000001", "2026-11-23 13:00:00-05:00", "2026-11-23 13:00:00-05:00"),
    ("2026-11-23 13:00", "2026-11-25 10:45:00-05:00", None),
    ("2026-11-25 18:00", "2026-11-25 18:00:00.000001-05:00", None),
]


@pytest.mark.parametrize(("now", "ticket", "response"), NEXT_CHANGES)
def test_next_change_walks_the_thresholds_and_breaches(
    now: str, ticket: str, response: str | None
) -> None:
    status = evaluate(POLICY, [FRIDAY_4PM], now=now)
    assert show(status.next_change) == ticket
    assert show(status["response"].next_change) == response
    assert status["update"].next_change is None  # not started: no response yet


def test_next_change_is_none_when_paused_or_stopped() -> None:
    paused = [FRIDAY_4PM, Event("paused", "2026-11-20 17:00")]
    assert evaluate(POLICY, paused, now="2026-11-23 12:00").next_change is None
    solved = [FRIDAY_4PM, Event("solved", "2026-11-20 17:00")]
    status = evaluate(POLICY, solved, now="2026-11-23 12:00")
    assert [status[m].next_change for m in ("response", "update", "resolution")] == [None] * 3
    assert status.next_change is None


def test_next_change_skips_a_threshold_fired_under_an_earlier_target() -> None:
    """High (4 h) to Low (24 h) at Mon 12:30, 3 h 30 m used: the warning fired at 12:00 under
    High stays fired (75 % of Low, 18 h, would be Tue 18:00); level 2 at 24 h (Mon 9 h, Tue
    9 h, Wed 6 h) is the due instant, Wed 15:00."""
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("priority_changed", "2026-11-23 12:30", priority="low"),
    ]
    m = evaluate(POLICY, events, now="2026-11-23 12:30")["response"]
    assert [(step.threshold.name, step.state) for step in m.escalations] == [
        ("warn", "fired"),
        ("level 2", "pending"),
        ("level 3", "pending"),
    ]
    assert show(m.next_change) == "2026-11-25 15:00:00-05:00" == show(m.due)


# -- tickets at risk ------------------------------------------------------------------------


def test_tickets_at_risk_ordered_by_time_left() -> None:
    """At Mon 23 11:00: A (High, Fri 16:00) is due at 11:00, its 4 h used up at that very
    instant: 0 left, not yet breached; B (High, Mon 10:00) is due at 14:00, 3 h left; C
    (High, Mon 09:00, answered at 10:00) has its update due 8 h later, Mon 18:00, 7 h left;
    D is paused; E (High, Fri 09:00) breached on Friday at 13:00. Resolution (3bd) has more
    than 7 h left on every ticket."""
    from slaclock.risk import AtRisk, at_risk

    tickets = {
        "A": Ticket.open(POLICY, FRIDAY_4PM),
        "B": Ticket.open(POLICY, Event("created", "2026-11-23 10:00", priority="high")),
        "C": Ticket.replay(
            POLICY,
            [
                Event("created", "2026-11-23 09:00", priority="high"),
                Event("responded", "2026-11-23 10:00"),
            ],
        ),
        "D": Ticket.replay(POLICY, [FRIDAY_4PM, Event("paused", "2026-11-20 17:00")]),
        "E": Ticket.open(POLICY, Event("created", "2026-11-20 09:00", priority="high")),
    }
    found = at_risk(tickets, "7h", "2026-11-23 11:00")
    assert [str(risk) for risk in found] == [
        "A: response due Mon 2026-11-23 11:00, 0s left",
        "B: response due Mon 2026-11-23 14:00, 3h left",
        "C: update due Mon 2026-11-23 18:00, 7h left",
    ]
    assert isinstance(found[0], AtRisk)
    assert (found[0].key, found[0].metric, found[0].remaining) == ("A", "response", 0 * H)
    # pairs in, and a choice of metrics; a tie in time left keeps the order given
    pairs = [("B2", tickets["B"]), ("B1", tickets["B"])]
    assert [r.key for r in at_risk(pairs, timedelta(hours=3), "2026-11-23 11:00")] == ["B2", "B1"]
    assert at_risk(tickets, "7h", "2026-11-23 11:00", metrics=["update"])[0].key == "C"
    assert at_risk(tickets, "2h59m", "2026-11-23 11:00", metrics=["resolution"]) == []


def test_at_risk_refuses_bad_input_naming_it() -> None:
    from slaclock.errors import InvalidDurationError
    from slaclock.risk import at_risk

    tickets = {"A": Ticket.open(POLICY, FRIDAY_4PM)}
    with pytest.raises(
        InvalidDurationError,
        match=r"^within '2bd': expected a duration of 0 or more, such as '2h' or a timedelta "
        r"\(business days are not an amount of time\)$",
    ):
        at_risk(tickets, "2bd", "2026-11-23 11:00")
    with pytest.raises(InvalidDurationError, match=r"^within datetime.timedelta\(days=-1"):
        at_risk(tickets, -H, "2026-11-23 11:00")
    with pytest.raises(
        InvalidEventError,
        match=r"^ticket 'A': now 2026-11-20 15:00:00-05:00 is before the last event at "
        r"2026-11-20 16:00:00-05:00",
    ):
        at_risk(tickets, "2h", "2026-11-20 15:00")
    with pytest.raises(InvalidEventError, match=r"^ticket 'B': 'high': expected a Ticket$"):
        at_risk({"B": "high"}, "2h", "2026-11-23 11:00")  # type: ignore[dict-item]


# -- a breach under an earlier target (docs/ticket-life.md, "Re-grades and plan changes") ----

# Response 4 h for high only: low sets none. Created Mon 23 09:00 high, paused 10:00-11:00:
# 1 h + 3 h -> due and breached at 14:00.
TIERED = Policy(
    DESK,
    targets={
        "response": {"high": "4h", "medium": "12h"},
        "resolution": {"high": "3bd", "medium": "3bd", "low": "3bd"},
    },
    thresholds=THRESHOLDS,
)
BREACHED_THEN_PAUSED = [
    Event("created", "2026-11-23 09:00", priority="high"),
    Event("paused", "2026-11-23 10:00", reason="waiting on customer"),
    Event("resumed", "2026-11-23 11:00"),
]


def test_a_breach_stays_when_a_regrade_leaves_no_target() -> None:
    # Re-graded to low (no response target) at 15:00: the clock runs on, in business time
    # (Mon 09-10, 11-18 and Tue 09-10: 9 h by Tue 10:00), and the breach stays.
    events = [*BREACHED_THEN_PAUSED, Event("priority_changed", "2026-11-23 15:00", priority="low")]
    response = evaluate(TIERED, events, "2026-11-24 10:00")["response"]
    assert response == MetricStatus(
        metric="response",
        state="breached",
        target=None,
        started_at=None,
        due=response.breached_at,  # the due instant under the target that was breached
        used=9 * H,
        paused=H,
        remaining=None,
        percent=None,
        met_at=None,
        breached_at=response.breached_at,
        stopped_at=None,
        breaches=1,
        escalations=(),
        pause_reasons=("waiting on customer",),
        next_change=None,
    )
    assert show(response.breached_at) == "2026-11-23 14:00:00-05:00"


def test_a_metric_without_a_target_shows_no_time_used() -> None:
    # Inactive: nothing to show, though its clock runs (low sets no response target).
    events = [Event("created", "2026-11-23 09:00", priority="low")]
    response = evaluate(TIERED, events, "2026-11-23 12:00")["response"]
    assert (response.state, response.used, response.paused) == ("inactive", H * 0, H * 0)
    assert (response.breached_at, response.breaches, response.pause_reasons) == (None, 0, ())


def test_under_regrade_restart_a_breach_of_the_earlier_cycle_stays() -> None:
    # Options(regrade="restart"): the re-grade at 15:00 starts a fresh response cycle, judged
    # with the first ("a breach is final"): breached at 14:00 however the fresh cycle goes.
    restart = Options(regrade="restart")
    to_low = [*BREACHED_THEN_PAUSED, Event("priority_changed", "2026-11-23 15:00", priority="low")]
    response = evaluate(TIERED, to_low, "2026-11-23 16:00", options=restart)["response"]
    assert (response.state, response.target, response.breaches) == ("breached", None, 1)
    assert show(response.breached_at) == "2026-11-23 14:00:00-05:00"
    assert response.due is None  # the fresh cycle has no target
    assert response.used == H  # the fresh cycle's 15:00-16:00
    assert response.paused == H  # every cycle's pauses: the first one's 10:00-11:00
    assert response.pause_reasons == ("waiting on customer",)
    # To medium (12 h from 15:00): the fresh cycle runs, due Tue 18:00, and the metric stays
    # breached.
    to_medium = [
        *BREACHED_THEN_PAUSED,
        Event("priority_changed", "2026-11-23 15:00", priority="medium"),
    ]
    response = evaluate(TIERED, to_medium, "2026-11-23 16:00", options=restart)["response"]
    assert (response.state, str(response.target), response.used) == ("breached", "12h", H)
    assert show(response.due) == "2026-11-24 18:00:00-05:00"
    assert show(response.breached_at) == "2026-11-23 14:00:00-05:00"


def test_a_threshold_reached_as_the_clock_pauses_fires_at_the_pause() -> None:
    # High, 4 h: 75 % is 3 h, reached at 12:00 exactly when the ticket is paused.
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("paused", "2026-11-23 12:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 13:00")["response"]
    assert response.state == "paused"
    assert steps(response)[0] == ("warn", 0, "2026-11-23 12:00:00-05:00", True)


def test_a_threshold_after_a_pause_counts_only_the_time_used() -> None:
    # Paused 10:00-11:00: 1 h used before, 2 h more after 11:00 -> 75 % (3 h) at 13:00,
    # 100 % (4 h) at 14:00, 150 % (6 h) at 16:00.
    response = evaluate(TIERED, BREACHED_THEN_PAUSED, "2026-11-23 17:00")["response"]
    assert steps(response) == [
        ("warn", 0, "2026-11-23 13:00:00-05:00", True),
        ("level 2", 2, "2026-11-23 14:00:00-05:00", True),
        ("level 3", 3, "2026-11-23 16:00:00-05:00", True),
    ]


def test_an_update_cycle_without_a_target_keeps_the_breach_of_an_earlier_one() -> None:
    # Update every 8 h for high only. Responded Mon 09:30: the first cycle is due, and breached,
    # at 17:30. The update on Tue 10:00 starts a fresh cycle (judged on its own), and the
    # re-grade to low at 11:00 leaves it no target: inactive, the earlier breach kept.
    policy = Policy(
        DESK,
        targets={
            "response": {"high": "4h"},
            "update": {"high": "8h"},
            "resolution": {"high": "3bd", "low": "3bd"},
        },
        thresholds=THRESHOLDS,
    )
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("responded", "2026-11-23 09:30"),
        Event("updated", "2026-11-24 10:00"),
        Event("priority_changed", "2026-11-24 11:00", priority="low"),
    ]
    update = evaluate(policy, events, "2026-11-24 12:00")["update"]
    assert (update.state, update.target, update.breaches) == ("inactive", None, 1)
    assert show(update.breached_at) == "2026-11-23 17:30:00-05:00"


def test_a_calendar_clock_starts_when_the_ticket_arrives_not_at_the_next_opening() -> None:
    # Created Saturday 10:00, response 1 h on the calendar clock: it starts at once.
    created = Event("created", "2026-11-21 10:00", priority="high")
    response = evaluate(CALENDAR_POLICY, [created], "2026-11-21 10:30")["response"]
    assert show(response.started_at) == "2026-11-21 10:00:00-05:00"
    assert show(response.due) == "2026-11-21 11:00:00-05:00"
    # On business time the same ticket starts at the next opening, Monday 09:00.
    response = evaluate(POLICY, [created], "2026-11-21 10:30")["response"]
    assert show(response.started_at) == "2026-11-23 09:00:00-05:00"


def test_a_threshold_past_the_supported_years_stays_pending_without_an_instant() -> None:
    # 10**20 % of 4 h is never reached before 9999: pending, with no instant (and no error).
    thresholds = [Threshold(75), Threshold(10**20, level=2)]
    policy = Policy(DESK, targets={"response": {"high": "4h"}}, thresholds=thresholds)
    created = Event("created", "2026-11-23 09:00", priority="high")
    response = evaluate(policy, [created], "2026-11-23 11:00")["response"]
    assert steps(response) == [
        ("warn", 0, "2026-11-23 12:00:00-05:00", False),
        ("level 2", 2, None, False),
    ]
    assert [step.state for step in response.escalations] == ["pending", "pending"]


def test_a_threshold_reached_exactly_by_a_regrade_while_paused_fires_at_the_change() -> None:
    # Low (24 h), paused at 12:00 after 3 h; re-graded to high (4 h) at 13:00, still paused:
    # carried, the 3 h used are exactly high's 75 %: the warning fires at the change, not at
    # the resume (14:00).
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("paused", "2026-11-23 12:00"),
        Event("priority_changed", "2026-11-23 13:00", priority="high"),
        Event("resumed", "2026-11-23 14:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 14:30")["response"]
    assert steps(response)[0] == ("warn", 0, "2026-11-23 13:00:00-05:00", True)
