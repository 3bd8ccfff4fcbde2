"""The rules of a ticket's life, read directly: :func:`slaclock.tickets.rules.program` and
:func:`slaclock.tickets.clocks.metric_clocks`.

Every expected program below is worked out by hand from the rules (``docs/ticket-life.md`` and
the docstring of :mod:`slaclock.tickets.rules`), event by event, in the comments; none is
obtained by calling slaclock. Events are named by their number (0 is ``created``) and ``NOW``
(-1) is the instant the status is asked at. Metrics are numbered response 0, update 1,
resolution 2; a cycle is ``Cycle(metric, start, end, stopped, running, priority, plan, arm,
arrival)``, a piece ``Piece(cycle, kind, start, until, priority, plan)``.

The instants in the evaluate tests are on the docs' desk: Monday to Friday 09:00-18:00 in New
York (EST, -05:00, in late November 2026), closed on Florida's holidays (Thanksgiving Thu 26
and Fri 27 November).
"""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

import pytest

from slaclock import Policy, Schedule, Target, Threshold, country_calendar
from slaclock.errors import InvalidEventError
from slaclock.events import KINDS, Event
from slaclock.explanations import explain
from slaclock.policy import METRICS as POLICY_METRICS
from slaclock.tickets.clocks import MetricClock, Targets, mark, metric_clocks
from slaclock.tickets.rules import (
    METRICS,
    NOW,
    RESOLUTION,
    RESPONSE,
    UNCHANGED,
    UPDATE,
    Cycle,
    Piece,
    Program,
    Refusal,
    program,
)
from slaclock.tracking import Options, evaluate

H = timedelta(hours=1)
M = timedelta(minutes=1)
HOUR = 3_600_000_000  # µs

(
    CREATED,
    PRIORITY_CHANGED,
    PLAN_CHANGED,
    PAUSED,
    RESUMED,
    RESPONDED,
    UPDATED,
    SOLVED,
    REOPENED,
    CLOSED,
) = (KINDS.index(k) for k in (
    "created", "priority_changed", "plan_changed", "paused", "resumed", "responded", "updated",
    "solved", "reopened", "closed",
))  # fmt: skip

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


def show(moment: object) -> str | None:
    return None if moment is None else str(moment)


def test_the_metrics_are_numbered_as_the_policy_numbers_them() -> None:
    assert (RESPONSE, UPDATE, RESOLUTION, NOW) == (0, 1, 2, -1)
    assert METRICS == POLICY_METRICS == ("response", "update", "resolution")


# -- program: refusals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "refusal"),
    [
        ((), Refusal(0, "expected 'created' first")),
        ((PAUSED,), Refusal(0, "expected 'created' first")),
        ((CREATED, CREATED), Refusal(1, "the ticket was already created")),
        ((CREATED, RESUMED), Refusal(1, "the ticket is not paused")),
        ((CREATED, PAUSED, RESUMED, RESUMED), Refusal(3, "the ticket is not paused")),
        ((CREATED, REOPENED), Refusal(1, "the ticket is not solved")),
        ((CREATED, SOLVED, PAUSED), Refusal(2, "the ticket is solved; reopen it before pausing")),
        ((CREATED, CLOSED, UPDATED), Refusal(2, "the ticket is closed; closed tickets stay closed")),
        # a change to the priority in force changes nothing, but may not follow a closing
        ((CREATED, CLOSED, UNCHANGED), Refusal(2, "the ticket is closed; closed tickets stay closed")),
        ((CREATED, SOLVED, CLOSED, REOPENED), Refusal(3, "the ticket is closed; closed tickets stay closed")),
        # the first impossible event is named, whatever follows
        ((CREATED, SOLVED, RESUMED, CREATED), Refusal(2, "the ticket is not paused")),
    ],
)  # fmt: skip
def test_impossible_sequences_are_refused_naming_the_first_impossible_event(
    kinds: tuple[int, ...], refusal: Refusal
) -> None:
    assert program(kinds) == refusal
    assert program(kinds, True, True, True) == refusal


def test_a_closed_ticket_refuses_an_unchanged_regrade_through_evaluate() -> None:
    # created high, closed, then re-graded to high (the priority in force): still refused.
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("closed", "2026-11-23 10:00"),
        Event("priority_changed", "2026-11-23 11:00", priority="high"),
    ]
    with pytest.raises(InvalidEventError, match="closed tickets stay closed"):
        evaluate(POLICY, events)


# -- program: hand-worked sequences -------------------------------------------------------------


def cycles_and_pieces(found: Program | Refusal) -> tuple[list[Cycle], list[Piece]]:
    assert isinstance(found, Program)
    return list(found.cycles), list(found.pieces)


def test_pauses_updates_and_a_cycle_begun_while_paused() -> None:
    # 0 created: response and resolution start (arm 0, arrival); both run from 0.
    # 1 responded: the first response stops response (run 0-1, met) and starts update cycle
    #   (arm 1: each update cycle has its own), running from 1.
    # 2 paused: update (run 1-2) and resolution (run 0-2) pause at 2.
    # 3 updated while paused: update cycle 1 ends (pause 2-3; not running at its end) and a
    #   new one (arm 2) begins paused at 3.
    # 4 resumed: pauses end (update 3-4, resolution 2-4), both run from 4.
    # 5 responded: a later reply is an update: cycle 2 ends (run 4-5), cycle 3 (arm 3) runs.
    # 6 solved: every clock stops (update run 5-6, resolution run 4-6).
    kinds = (CREATED, RESPONDED, PAUSED, UPDATED, RESUMED, RESPONDED, SOLVED)
    cycles, pieces = cycles_and_pieces(program(kinds))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 6, True, True, 0, 0, 0, True),
        Cycle(UPDATE, 1, 3, True, False, 0, 0, 1, False),
        Cycle(UPDATE, 3, 5, True, True, 0, 0, 2, False),
        Cycle(UPDATE, 5, 6, True, True, 0, 0, 3, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 2, 0, 0),
        Piece(1, "pause", 2, 4, 0, 0),
        Piece(1, "run", 4, 6, 0, 0),
        Piece(2, "run", 1, 2, 0, 0),
        Piece(2, "pause", 2, 3, 0, 0),
        Piece(3, "pause", 3, 4, 0, 0),
        Piece(3, "run", 4, 5, 0, 0),
        Piece(4, "run", 5, 6, 0, 0),
    ]
    found = program(kinds)
    assert isinstance(found, Program)
    assert found.state == "solved"
    assert found.pauses == ((2, 4),)
    # the pause at 2 paused update and resolution (response had stopped at 1)
    assert found.paused_by == ((), (2,), (2,))


def test_a_repeated_pause_a_solve_while_paused_and_a_repeated_solve() -> None:
    # 0 created; 1 paused: response and resolution pause (runs 0-1); 2 paused again: ignored.
    # 3 solved while paused: the pause ends at 3 (pause 1-3), both clocks stop paused (not
    #   running at their end: no due instant); the solve is the first response, but no update
    #   cadence starts at a solve.
    # 4 solved again: ignored. 5 closed: already solved; the ticket is closed.
    kinds = (CREATED, PAUSED, PAUSED, SOLVED, SOLVED, CLOSED)
    found = program(kinds)
    cycles, pieces = cycles_and_pieces(found)
    assert cycles == [
        Cycle(RESPONSE, 0, 3, True, False, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 3, True, False, 0, 0, 0, True),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(0, "pause", 1, 3, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(1, "pause", 1, 3, 0, 0),
    ]
    assert isinstance(found, Program)
    assert found.state == "closed"
    assert found.pauses == ((1, 3),)
    assert found.paused_by == ((1,), (), (1,))


def test_closing_an_unsolved_ticket_solves_it() -> None:
    # 0 created; 1 responded (response met, update cycle arm 1 from 1); 2 closed: solves at 2.
    found = program((CREATED, RESPONDED, CLOSED))
    cycles, pieces = cycles_and_pieces(found)
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 2, True, True, 0, 0, 0, True),
        Cycle(UPDATE, 1, 2, True, True, 0, 0, 1, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 2, 0, 0),
        Piece(2, "run", 1, 2, 0, 0),
    ]
    assert isinstance(found, Program)
    assert found.state == "closed"


def test_regrades_under_carry_check_at_the_change_and_an_unchanged_one_changes_nothing() -> None:
    # 0 created; 1 priority_changed: response and resolution are measured under the old
    #   priority up to 1 (run 0-1 under priority 0), then a check at 1 under priority 1, and
    #   run on under it. 2 an unchanged re-grade: nothing. 3 paused (run 1-3 under 1).
    # 4 plan_changed while paused: the pause is measured up to 4 under plan 0, a check at 4
    #   under plan 4, and the clocks stay paused. 5 resumed (pause 4-5 under plan 4).
    # Now: run 5-NOW; the cycles go on, running, under priority 1 and plan 4.
    kinds = (CREATED, PRIORITY_CHANGED, UNCHANGED, PAUSED, PLAN_CHANGED, RESUMED)
    found = program(kinds)
    cycles, pieces = cycles_and_pieces(found)
    assert cycles == [
        Cycle(RESPONSE, 0, NOW, False, True, 1, 4, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 1, 4, 0, True),
    ]
    each = [
        ("run", 0, 1, 0, 0),
        ("check", 1, 1, 1, 0),
        ("run", 1, 3, 1, 0),
        ("pause", 3, 4, 1, 0),
        ("check", 4, 4, 1, 4),
        ("pause", 4, 5, 1, 4),
        ("run", 5, NOW, 1, 4),
    ]
    assert pieces == [Piece(0, *p) for p in each] + [Piece(1, *p) for p in each]
    assert isinstance(found, Program)
    assert (found.state, found.priority, found.plan) == ("open", 1, 4)
    assert found.pauses == ((3, 5),)


def test_an_unchanged_regrade_while_solved_does_not_restart_at_the_reopening() -> None:
    # Under regrade="restart": 0 created; 1 solved; 2 an unchanged re-grade (nothing); 3
    # reopened: no change was made while solved, so resolution resumes with the time used (a
    # marks piece at 3), and the update cadence starts at 3 (arm 1).
    cycles, pieces = cycles_and_pieces(program((CREATED, SOLVED, UNCHANGED, REOPENED), True))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 0, 0, 0, True),
        Cycle(UPDATE, 3, NOW, False, True, 0, 0, 1, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(1, "marks", 3, 3, 0, 0),
        Piece(1, "run", 3, NOW, 0, 0),
        Piece(2, "run", 3, NOW, 0, 0),
    ]


def test_regrades_under_restart_start_fresh_cycles() -> None:
    # regrade="restart": 0 created; 1 responded (response met; update arm 1 from 1);
    # 2 priority_changed: the going cycles (update, resolution) end at 2, not stopped, and
    # fresh ones begin at 2 under priority 2, in metric order: update (arm 2), resolution
    # (arm 0: a breach of resolution stays final). Neither starts at the arrival.
    cycles, pieces = cycles_and_pieces(program((CREATED, RESPONDED, PRIORITY_CHANGED), True))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 2, False, True, 0, 0, 0, True),
        Cycle(UPDATE, 1, 2, False, True, 0, 0, 1, False),
        Cycle(UPDATE, 2, NOW, False, True, 2, 0, 2, False),
        Cycle(RESOLUTION, 2, NOW, False, True, 2, 0, 0, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 2, 0, 0),
        Piece(2, "run", 1, 2, 0, 0),
        Piece(3, "run", 2, NOW, 2, 0),
        Piece(4, "run", 2, NOW, 2, 0),
    ]


def test_reopening_resumes_resolution_with_the_time_used_and_restarts_the_cadence() -> None:
    # 0 created; 1 solved (the first response: response met at 1; resolution stopped at 1; no
    # update cycle); 2 reopened: resolution goes on (a marks piece at 2, then runs from 2),
    # the update cadence starts at 2 (arm 1); 3 responded: a reply after the first response
    # (the solve) is an update: update cycle 1 ends at 3, cycle 2 (arm 2) starts.
    cycles, pieces = cycles_and_pieces(program((CREATED, SOLVED, REOPENED, RESPONDED)))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 0, 0, 0, True),
        Cycle(UPDATE, 2, 3, True, True, 0, 0, 1, False),
        Cycle(UPDATE, 3, NOW, False, True, 0, 0, 2, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(1, "marks", 2, 2, 0, 0),
        Piece(1, "run", 2, NOW, 0, 0),
        Piece(2, "run", 2, 3, 0, 0),
        Piece(3, "run", 3, NOW, 0, 0),
    ]


def test_reopen_restart_starts_a_fresh_resolution_cycle() -> None:
    # reopen="restart": as above, but the reopening at 2 begins a fresh resolution cycle (same
    # arm 0), not at the arrival.
    cycles, _ = cycles_and_pieces(program((CREATED, SOLVED, REOPENED), False, True))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 2, NOW, False, True, 0, 0, 0, False),
        Cycle(UPDATE, 2, NOW, False, True, 0, 0, 1, False),
    ]


def test_a_regrade_while_solved_under_restart_restarts_once_at_the_next_reopening() -> None:
    # regrade="restart": 0 created; 1 solved; 2 priority_changed while solved (no clock
    # going: it applies when they run again); 3 reopened: resolution starts afresh at 3 under
    # priority 2, the cadence starts (arm 1); 4 solved: both stop at 4; 5 reopened: no change
    # since the last reopening, so resolution resumes the cycle begun at 3 with its time
    # (marks at 5), and the cadence starts again (arm 2).
    kinds = (CREATED, SOLVED, PRIORITY_CHANGED, REOPENED, SOLVED, REOPENED)
    cycles, pieces = cycles_and_pieces(program(kinds, True))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 3, NOW, False, True, 2, 0, 0, False),
        Cycle(UPDATE, 3, 4, True, True, 2, 0, 1, False),
        Cycle(UPDATE, 5, NOW, False, True, 2, 0, 2, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(2, "run", 3, 4, 2, 0),
        Piece(2, "marks", 5, 5, 2, 0),
        Piece(2, "run", 5, NOW, 2, 0),
        Piece(3, "run", 3, 4, 2, 0),
        Piece(4, "run", 5, NOW, 2, 0),
    ]


def test_rearm_response_starts_a_new_response_arm_and_the_cadence_waits() -> None:
    # rearm_response: 0 created; 1 solved; 2 reopened: resolution resumes (marks at 2), a
    # fresh response cycle begins at 2 in a new arm (1), no cadence; 3 updated: no cadence
    # before the new first response: nothing; 4 responded: the new first response stops
    # response at 4 and starts the cadence (arm 1).
    kinds = (CREATED, SOLVED, REOPENED, UPDATED, RESPONDED)
    cycles, pieces = cycles_and_pieces(program(kinds, False, False, True))
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 0, 0, 0, True),
        Cycle(RESPONSE, 2, 4, True, True, 0, 0, 1, False),
        Cycle(UPDATE, 4, NOW, False, True, 0, 0, 1, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(1, "marks", 2, 2, 0, 0),
        Piece(1, "run", 2, NOW, 0, 0),
        Piece(2, "run", 2, 4, 0, 0),
        Piece(3, "run", 4, NOW, 0, 0),
    ]


def test_the_last_cycle_of_each_metric() -> None:
    found = program((CREATED, RESPONDED, UPDATED))
    assert isinstance(found, Program)
    # cycles: response 0, resolution 1, update 2 (from 1), update 3 (from 2)
    assert [found.last(m) for m in (RESPONSE, UPDATE, RESOLUTION)] == [0, 3, 1]
    first = program((CREATED,))
    assert isinstance(first, Program)
    assert first.last(UPDATE) is None


# -- clocks: the arithmetic, read directly ------------------------------------------------------


def test_marks_round_up_to_the_first_microsecond() -> None:
    # 75 % of 1 h = 2,700,000,000 µs exactly; a third of a percent of 10 µs = 0.0333 -> 1;
    # 1000/7 % of 7 µs = 10 µs exactly; of 1 µs: 1.428... -> 2.
    assert mark(HOUR, Fraction(75)) == 2_700_000_000
    assert mark(10, Fraction(1, 3)) == 1
    assert mark(7, Fraction(1000, 7)) == 10
    assert mark(1, Fraction(1000, 7)) == 2
    assert mark(0, Fraction(50)) == 0


def micros(text: str) -> int:
    return DESK.instant(text)


def clocks_of(
    kinds: tuple[int, ...], at: list[str], priorities: list[str | None], now: str
) -> tuple[MetricClock, MetricClock, MetricClock]:
    """metric_clocks over the program of *kinds* (default options) on the standard plan; the
    priority set by event ``n`` is ``priorities[n]``."""
    targets = Targets(POLICY)
    found = program(kinds)
    assert isinstance(found, Program)

    def setting(metric: int, priority: int, plan: int) -> Target | None:
        return targets.target(priorities[priority] or "", metric, 0)

    instants = [micros(t) for t in at]
    return metric_clocks(found, instants, [0] * len(kinds), micros(now), setting, targets)


def test_metric_clocks_of_a_paused_and_solved_ticket() -> None:
    # High: response 4 h, resolution 3 bd. Created Mon 23 09:00, paused 10:00, solved 11:00
    # while paused (the first response). Response: used 1 h (09-10), paused 1 h (10-11, open
    # hours), met at 11:00, stopped paused: no due instant. Resolution likewise: used 1 h.
    response, update, resolution = clocks_of(
        (CREATED, PAUSED, SOLVED),
        ["2026-11-23 09:00", "2026-11-23 10:00", "2026-11-23 11:00"],
        ["high", None, None],
        "2026-11-23 12:00",
    )
    assert (response.state, response.used, response.paused) == ("met", HOUR, HOUR)
    assert response.due is None
    assert response.met_at == response.stopped_at == micros("2026-11-23 11:00")
    assert response.paused_by == (1,)
    assert update.state == "inactive"
    assert (resolution.state, resolution.used, resolution.paused) == ("met", HOUR, HOUR)
    assert resolution.due is None


# -- evaluate: rules the oracle comparison does not look at ------------------------------------


def test_a_repeated_pause_is_ignored_its_reason_too() -> None:
    # Created Fri 20 16:00 high (response 4 h); paused Fri 17:00 (customer); paused again Mon
    # 23 09:30 (third party) while paused: ignored; resumed Mon 10:00; now Mon 11:00.
    # Used: Fri 16-17 (1 h) + Mon 10-11 (1 h) = 2 h. Paused: Fri 17-18 (1 h) + Mon 09-10
    # (1 h) = 2 h of business time. One pause, Fri 17:00 to Mon 10:00, for the customer.
    events = [
        Event("created", "2026-11-20 16:00", priority="high"),
        Event("paused", "2026-11-20 17:00", reason="customer"),
        Event("paused", "2026-11-23 09:30", reason="third party"),
        Event("resumed", "2026-11-23 10:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 11:00")["response"]
    assert (response.state, response.used, response.paused) == ("running", 2 * H, 2 * H)
    assert response.pause_reasons == ("customer",)
    # due: 2 h left from Mon 11:00 -> Mon 13:00
    assert show(response.due) == "2026-11-23 13:00:00-05:00"
    pauses = explain(POLICY, events, "response", now="2026-11-23 11:00").pauses
    assert [(show(a), show(b), reason) for a, b, reason in pauses] == [
        ("2026-11-20 17:00:00-05:00", "2026-11-23 10:00:00-05:00", "customer")
    ]


def test_a_solve_ends_the_pause() -> None:
    # Created Mon 23 09:00 high, paused 10:00, solved 11:00 while paused: the pause ends at the
    # solve (10:00-11:00), the clocks stop paused (met, no due instant).
    events = [
        Event("created", "2026-11-23 09:00", priority="high"),
        Event("paused", "2026-11-23 10:00", reason="customer"),
        Event("solved", "2026-11-23 11:00"),
    ]
    found = explain(POLICY, events, "resolution", now="2026-11-23 12:00")
    assert [(show(a), show(b), reason) for a, b, reason in found.pauses] == [
        ("2026-11-23 10:00:00-05:00", "2026-11-23 11:00:00-05:00", "customer")
    ]
    assert (found.status.state, found.status.due) == ("met", None)
    assert found.status.paused == H


URGENT = Policy(DESK, targets={"resolution": {"high": "18h", "low": "3bd"}}, thresholds=THRESHOLDS)


def test_a_reopening_under_a_new_target_fires_the_marks_already_reached() -> None:
    # Created Mon 16 Nov 09:00 low: 3 bd = to the close of Wed 18 = 27 h; its marks 20.25 h,
    # 27 h, 38.57 h. Solved Tue 17 14:00 after Mon 9 h + Tue 5 h = 14 h: no mark reached.
    # Re-graded high (18 h) at Tue 15:00 while solved; reopened Tue 16:00: 75 % of 18 h =
    # 13.5 h <= 14 h used, so the warning fires at the reopening. Now Wed 18 10:00: used
    # 14 h + Tue 16-18 (2 h) + Wed 09-10 (1 h) = 17 h; 100 % (18 h) 1 h later, Wed 11:00;
    # 150 % (27 h) 10 h later: Wed 8 h (to 18:00) + Thu 19 2 h -> Thu 11:00.
    events = [
        Event("created", "2026-11-16 09:00", priority="low"),
        Event("solved", "2026-11-17 14:00"),
        Event("priority_changed", "2026-11-17 15:00", priority="high"),
        Event("reopened", "2026-11-17 16:00"),
    ]
    resolution = evaluate(URGENT, events, "2026-11-18 10:00")["resolution"]
    assert (resolution.state, resolution.used) == ("running", 17 * H)
    assert [(s.threshold.name, show(s.at), s.fired) for s in resolution.escalations] == [
        ("warn", "2026-11-17 16:00:00-05:00", True),
        ("level 2", "2026-11-18 11:00:00-05:00", False),
        ("level 3", "2026-11-19 11:00:00-05:00", False),
    ]


def test_a_regrade_while_solved_under_restart_restarts_at_the_next_reopening_only() -> None:
    # regrade="restart". Created Mon 16 09:00 low, solved Mon 12:00, re-graded high (18 h)
    # Tue 17 09:00 while solved, reopened Tue 10:00: a fresh 18 h cycle from Tue 10:00.
    # Solved Tue 12:00 (2 h used), reopened Wed 18 09:00: nothing changed since, so the cycle
    # resumes with its 2 h. Now Wed 10:00: used 3 h, 15 h left: Wed 8 h (to 18:00) + Thu 19
    # 7 h -> Thu 16:00.
    events = [
        Event("created", "2026-11-16 09:00", priority="low"),
        Event("solved", "2026-11-16 12:00"),
        Event("priority_changed", "2026-11-17 09:00", priority="high"),
        Event("reopened", "2026-11-17 10:00"),
        Event("solved", "2026-11-17 12:00"),
        Event("reopened", "2026-11-18 09:00"),
    ]
    status = evaluate(URGENT, events, "2026-11-18 10:00", options=Options(regrade="restart"))
    m = status["resolution"]
    assert (m.state, m.used, show(m.due)) == ("running", 3 * H, "2026-11-19 16:00:00-05:00")


def test_a_regrade_to_exactly_the_time_used_answered_at_once_is_met() -> None:
    # Created Mon 23 09:00 low (24 h), re-graded high (4 h) at 13:00 after exactly 4 h, and
    # answered at 13:00: nothing was late yet (the time used does not pass the target).
    events = [
        Event("created", "2026-11-23 09:00", priority="low"),
        Event("priority_changed", "2026-11-23 13:00", priority="high"),
        Event("responded", "2026-11-23 13:00"),
    ]
    response = evaluate(POLICY, events, "2026-11-23 14:00")["response"]
    assert (response.state, response.used, response.breached_at) == ("met", 4 * H, None)


def test_the_thresholds_of_a_zero_target_fire_when_the_clock_starts() -> None:
    # A "0h" response target: every mark is 0 µs, reached at the first instant of the clock,
    # Mon 23 10:00 (open); the clock breaches there (a run that starts with the whole target
    # used is late from its first instant). Answered 10:30: breached, both thresholds fired
    # at 10:00.
    zero = Policy(DESK, targets={"response": {"high": "0h"}}, thresholds=THRESHOLDS[:2])
    events = [
        Event("created", "2026-11-23 10:00", priority="high"),
        Event("responded", "2026-11-23 10:30"),
    ]
    response = evaluate(zero, events, "2026-11-23 11:00")["response"]
    assert (response.state, show(response.breached_at)) == (
        "breached",
        "2026-11-23 10:00:00-05:00",
    )
    assert [(s.threshold.name, show(s.at), s.fired) for s in response.escalations] == [
        ("warn", "2026-11-23 10:00:00-05:00", True),
        ("level 2", "2026-11-23 10:00:00-05:00", True),
    ]


def test_a_reopening_past_the_new_target_breaches_once_time_runs_not_before() -> None:
    # Created Mon 16 09:00 low (3 bd); solved Wed 18 11:00 after Mon 9 h + Tue 9 h + Wed 2 h
    # = 20 h; re-graded high (18 h) at 12:00 while solved; reopened at 13:00 and paused at
    # the same instant: no time ran under the passed target, so no breach yet (a reopening
    # fires the marks reached, 13.5 h and 18 h, at 13:00; the target passed breaches when the
    # clock next runs). Resumed Thu 19 09:00: breached there.
    events = [
        Event("created", "2026-11-16 09:00", priority="low"),
        Event("solved", "2026-11-18 11:00"),
        Event("priority_changed", "2026-11-18 12:00", priority="high"),
        Event("reopened", "2026-11-18 13:00"),
        Event("paused", "2026-11-18 13:00"),
    ]
    paused = evaluate(URGENT, events, "2026-11-18 14:00")["resolution"]
    assert (paused.state, paused.used, paused.breached_at, paused.due) == (
        "paused",
        20 * H,
        None,
        None,
    )
    assert paused.remaining == -2 * H  # 18 h - 20 h
    assert [(s.threshold.name, show(s.at), s.fired) for s in paused.escalations] == [
        ("warn", "2026-11-18 13:00:00-05:00", True),
        ("level 2", "2026-11-18 13:00:00-05:00", True),
        ("level 3", None, False),
    ]
    resumed = [*events, Event("resumed", "2026-11-19 09:00")]
    breached = evaluate(URGENT, resumed, "2026-11-19 10:00")["resolution"]
    assert (breached.state, show(breached.breached_at)) == (
        "breached",
        "2026-11-19 09:00:00-05:00",
    )


def test_metric_clocks_judge_each_update_cycle_on_its_own() -> None:
    # High: update 8 h. Created Mon 23 09:00, replied 10:00: update cycle 1 due Mon 18:00 (8 h
    # from 10:00); updated Tue 24 10:00: cycle 1 breached at Mon 18:00. Cycle 2 from Tue
    # 10:00 due Tue 18:00; updated Wed 25 12:00: breached at Tue 18:00. Cycle 3 from Wed
    # 12:00, now Wed 13:00: running, 1 h used, 7 h left from 13:00: Wed 13-18 (5 h), then
    # Thanksgiving Thu 26, Fri 27 (Florida) and the weekend are closed: Mon 30 09:00 + 2 h ->
    # 11:00.
    response, update, _ = clocks_of(
        (CREATED, RESPONDED, UPDATED, UPDATED),
        ["2026-11-23 09:00", "2026-11-23 10:00", "2026-11-24 10:00", "2026-11-25 12:00"],
        ["high", None, None, None],
        "2026-11-25 13:00",
    )
    assert (response.state, response.used, response.met_at) == (
        "met",
        HOUR,
        micros("2026-11-23 10:00"),
    )
    assert (update.state, update.used, update.due) == ("running", HOUR, micros("2026-11-30 11:00"))
    assert (update.breaches, update.breached_at) == (2, micros("2026-11-23 18:00"))
    assert update.started == micros("2026-11-25 12:00")


# -- status-style logs (docs/ticket-life.md, "Status-style logs") ------------------------------


def test_a_reply_while_paused_resumes_under_reply_resumes_only() -> None:
    # 0 created: response and resolution run from 0. 1 paused: both pause (runs 0-1).
    # 2 responded, with reply_resumes: the pause ends at 2 (pauses 1-2), both run from 2; then
    #   the reply is the first response: response stops at 2 (run 2-2, running: met) and the
    #   update cadence (arm 1) runs from 2. The ticket is open.
    kinds = (CREATED, PAUSED, RESPONDED)
    found = program(kinds, reply_resumes=True)
    cycles, pieces = cycles_and_pieces(found)
    assert cycles == [
        Cycle(RESPONSE, 0, 2, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 0, 0, 0, True),
        Cycle(UPDATE, 2, NOW, False, True, 0, 0, 1, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(0, "pause", 1, 2, 0, 0),
        Piece(0, "run", 2, 2, 0, 0),
        Piece(1, "run", 0, 1, 0, 0),
        Piece(1, "pause", 1, 2, 0, 0),
        Piece(1, "run", 2, NOW, 0, 0),
        Piece(2, "run", 2, NOW, 0, 0),
    ]
    assert isinstance(found, Program)
    assert (found.state, found.pauses, found.paused_by) == ("open", ((1, 2),), ((1,), (), (1,)))
    # The option is off by default: the reply answers, the ticket stays paused.
    assert program(kinds) == program(kinds, reply_resumes=False)
    assert isinstance(program(kinds), Program)
    assert program(kinds).state == "paused"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "kinds",
    [
        (CREATED, RESPONDED, RESPONDED, UPDATED),
        (CREATED, RESPONDED, PAUSED, UPDATED, RESUMED, SOLVED, REOPENED),
        (CREATED, SOLVED, SOLVED),
    ],
)
def test_the_status_style_options_change_nothing_else(kinds: tuple[int, ...]) -> None:
    # A reply while open, an update while paused, a reopening or a repeated solve (without
    # activity_reopens) read the same with or without the options that only touch a reply
    # while paused (reply_resumes) or activity while solved (activity_reopens).
    plain = program(kinds)
    assert program(kinds, reply_resumes=True) == plain
    if kinds != (CREATED, SOLVED, SOLVED):
        assert program(kinds, activity_reopens=True) == plain


@pytest.mark.parametrize("activity", [RESPONDED, UPDATED])
def test_activity_while_solved_reopens_under_activity_reopens_only(activity: int) -> None:
    # 0 created; 1 responded (response met; update cycle arm 1 runs from 1); 2 solved: every
    # clock stops (resolution run 0-2, update run 1-2).
    # 3 a reply or an update, with activity_reopens: the ticket reopens at 3, as 'reopened'
    #   would: resolution goes on with its time (marks 3-3, run from 3) and the cadence
    #   restarts (arm 2, from 3); then the activity counts as an update: that cycle stops at
    #   3 and a fresh one (arm 3) runs from 3.
    kinds = (CREATED, RESPONDED, SOLVED, activity)
    found = program(kinds, activity_reopens=True)
    cycles, pieces = cycles_and_pieces(found)
    assert cycles == [
        Cycle(RESPONSE, 0, 1, True, True, 0, 0, 0, True),
        Cycle(RESOLUTION, 0, NOW, False, True, 0, 0, 0, True),
        Cycle(UPDATE, 1, 2, True, True, 0, 0, 1, False),
        Cycle(UPDATE, 3, 3, True, True, 0, 0, 2, False),
        Cycle(UPDATE, 3, NOW, False, True, 0, 0, 3, False),
    ]
    assert pieces == [
        Piece(0, "run", 0, 1, 0, 0),
        Piece(1, "run", 0, 2, 0, 0),
        Piece(1, "marks", 3, 3, 0, 0),
        Piece(1, "run", 3, NOW, 0, 0),
        Piece(2, "run", 1, 2, 0, 0),
        Piece(3, "run", 3, 3, 0, 0),
        Piece(4, "run", 3, NOW, 0, 0),
    ]
    assert isinstance(found, Program)
    assert found.state == "open"
    # Without the option the activity changes nothing: the ticket stays solved.
    plain = program(kinds)
    assert isinstance(plain, Program)
    assert plain.state == "solved"
    assert [cycle.end for cycle in plain.cycles] == [1, 2, 2]


def test_a_second_solve_closes_under_activity_reopens() -> None:
    # 0 created; 1 solved; 2 solved again: with activity_reopens, the close; nothing may
    # follow it. Without the option the repeated solve is ignored and a reopening follows.
    closed = program((CREATED, SOLVED, SOLVED), activity_reopens=True)
    assert isinstance(closed, Program)
    assert closed.state == "closed"
    assert program((CREATED, SOLVED, SOLVED, REOPENED), activity_reopens=True) == Refusal(
        3, "the ticket is closed; closed tickets stay closed"
    )
    reopened = program((CREATED, SOLVED, SOLVED, REOPENED))
    assert isinstance(reopened, Program)
    assert reopened.state == "open"


def test_each_rearming_starts_a_new_response_arm() -> None:
    # rearm_response: each reopening starts a fresh response cycle judged on its own arm
    # (0, then 1, then 2): a breach of one does not carry to the next.
    found = program((CREATED, SOLVED, REOPENED, SOLVED, REOPENED), rearm_response=True)
    assert isinstance(found, Program)
    assert [(c.start, c.arm) for c in found.cycles if c.metric == RESPONSE] == [
        (0, 0),
        (2, 1),
        (4, 2),
    ]
