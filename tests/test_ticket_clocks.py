"""The clock arithmetic's two twins agree: the scalar walk behind ``Ticket.status``
(:func:`slaclock.tickets.clocks.metric_clocks`) and the array walk behind the columnar report
paths (:func:`~slaclock.tickets.clocks.walk_many`, :func:`~slaclock.tickets.clocks.due_many`),
on the same programs and instants, compared directly (not through a report)."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slaclock
from slaclock.events import KINDS
from slaclock.policy import mark
from slaclock.tickets.clocks import (
    MISSING,
    Targets,
    due_many,
    fired_single,
    metric_clocks,
    next_threshold,
    next_threshold_many,
    reach,
    used_percent,
    walk_many,
    walk_single,
)
from slaclock.tickets.rules import NOW, Program, Refusal, program

np = pytest.importorskip("numpy")

DESK = slaclock.Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=slaclock.country_calendar("US", subdiv="FL"),
)
POLICY = slaclock.Policy(
    DESK,
    targets={
        "response": {"high": "4h", "medium": "1h calendar", "low": "24h"},
        "update": {"high": "2h", "medium": "8h"},
        "resolution": {"high": "3bd", "medium": "18h", "low": "30h calendar"},
    },
    thresholds=[slaclock.Threshold(75), slaclock.Threshold(100, level=2)],
)
TARGETS = Targets(POLICY)
PRIORITIES = ["high", "medium", "low"]
START = datetime(2026, 11, 20, 7, 0)  # a Friday morning: nights, a weekend, Thanksgiving
OPTIONS = st.tuples(st.booleans(), st.booleans(), st.booleans())
KIND_NAMES = [k for k in KINDS if k not in ("created", "plan_changed")]


@st.composite
def histories(draw: st.DrawFn) -> tuple[Program, list[int], list[str | None], int]:
    """A program the rules accept, each event's instant and the priority it sets, and now."""
    options = draw(OPTIONS)
    while True:
        names = draw(st.lists(st.sampled_from(KIND_NAMES), max_size=7))
        kinds = (0, *(KINDS.index(name) for name in names))
        found = program(kinds, *options)
        if not isinstance(found, Refusal):
            break
    moment = DESK.instant(START)
    instants = []
    for _ in kinds:
        moment += draw(st.sampled_from([0, 1, 30, 60, 240, 900, 1440, 2880])) * 60_000_000
        instants.append(moment)
    priorities: list[str | None] = [
        draw(st.sampled_from(PRIORITIES)) if k in (0, KINDS.index("priority_changed")) else None
        for k in kinds
    ]
    now = instants[-1] + draw(st.sampled_from([0, 1, 3_600_000_000, 86_400_000_000 * 3]))
    return found, instants, priorities, now


class ArrayAnswers(NamedTuple):
    """Each cycle's answers by the array twin."""

    used: list[int]
    breached_at: list[int]
    due: list[int]
    fired: list[list[bool]]
    next_at: list[int]
    next_index: list[int]


def _marks(amounts: list[int]) -> np.ndarray:
    return np.array(
        [[mark(a, t.percent) for t in POLICY.thresholds("response")] for a in amounts],
        dtype=np.int64,
    ).reshape(len(amounts), len(POLICY.thresholds("response")))


def _arrays(
    found: Program, instants: list[int], priorities: list[str | None], now: int
) -> ArrayAnswers:
    """Each cycle's time used, breach, due instant, thresholds fired and next threshold
    by the array twin."""
    times = [*instants, now]  # times[NOW] is now
    pieces = [p for p in found.pieces if p.kind != "pause"]
    cycles = found.cycles

    def amount(metric: int, priority: int, start: int) -> tuple[int, bool, bool]:
        target = TARGETS.target(priorities[priority] or "", metric, 0)
        if target is None:
            return 0, False, False
        return TARGETS.amount(target, 0, start), target.clock == "calendar", True

    rows = [
        amount(cycles[p.cycle].metric, p.priority, times[cycles[p.cycle].start]) for p in pieces
    ]
    ends = [amount(c.metric, c.priority, times[c.start]) for c in cycles]
    timeline = DESK.timeline

    def elapsed(since: np.ndarray, until: np.ndarray) -> np.ndarray:
        return np.array([timeline.elapsed(a, b) for a, b in zip(since, until, strict=True)],
                        dtype=np.int64)  # fmt: skip

    def reach_many(start: np.ndarray, left: np.ndarray, calendar: np.ndarray) -> np.ndarray:
        return np.array(
            [reach(timeline, bool(c), int(a), int(n)) for a, n, c in zip(start, left, calendar,
                                                                          strict=True)],
            dtype=np.int64,
        )  # fmt: skip

    used, breached_at, fired = walk_many(
        np.array([p.cycle for p in pieces], dtype=np.intp),
        np.array([times[p.start] for p in pieces], dtype=np.int64),
        np.array([times[p.until] for p in pieces], dtype=np.int64),
        np.array([r[0] for r in rows], dtype=np.int64),
        np.array([r[1] for r in rows], dtype=bool),
        np.array([r[2] for r in rows], dtype=bool),
        np.array([p.kind == "check" for p in pieces], dtype=bool),
        len(cycles),
        elapsed,
        reach_many,
        _marks([r[0] for r in rows]),
        np.array([p.kind in ("check", "marks") for p in pieces], dtype=bool),
    )
    ends_at = np.array([times[c.end] for c in cycles], dtype=np.int64)
    calendar = np.array([e[1] for e in ends], dtype=bool)
    due = due_many(
        breached_at,
        used,
        np.array([e[0] for e in ends], dtype=np.int64),
        ends_at,
        np.array([c.running for c in cycles], dtype=bool),
        calendar,
        reach_many,
    )
    running_now = np.array([c.end == NOW and bool(c.running) and e[2]
                            for c, e in zip(cycles, ends, strict=True)], dtype=bool)  # fmt: skip
    next_at, next_index = next_threshold_many(
        ends_at, used, _marks([e[0] for e in ends]), fired, running_now, calendar, reach_many
    )
    return ArrayAnswers(
        used.tolist(), breached_at.tolist(), due.tolist(), fired.tolist(), next_at.tolist(),
        next_index.tolist(),
    )  # fmt: skip


@given(histories())
def test_the_array_walk_equals_the_scalar_walk(
    history: tuple[Program, list[int], list[str | None], int],
) -> None:
    found, instants, priorities, now = history

    def setting(metric: int, priority: int, plan: int) -> slaclock.Target | None:
        return TARGETS.target(priorities[priority] or "", metric, 0)

    scalar = metric_clocks(found, instants, [0] * len(instants), now, setting, TARGETS)
    answers = _arrays(found, instants, priorities, now)
    used, breached_at, due = answers.used, answers.breached_at, answers.due
    for metric, clock in enumerate(scalar):
        last = found.last(metric)
        if last is None or clock.amount is None:
            continue  # never started, or no target in force: nothing to compare
        assert clock.used == used[last]
        # the thresholds fired in the current cycle, and the next to fire
        assert [k for k, _ in clock.fired] == [
            k for k, hit in enumerate(answers.fired[last]) if hit
        ]
        ahead = next_threshold(now, clock.pending, [k for k, _ in clock.fired])
        at, index = answers.next_at[last], answers.next_index[last]
        assert ahead == (None if at == MISSING else (at, index))
        cycle_breach = None if breached_at[last] == MISSING else breached_at[last]
        if cycle_breach is not None:
            assert clock.due == cycle_breach
        expected_due = None if due[last] == MISSING else due[last]
        assert clock.due == expected_due
    # every cycle's breach, counted the same
    for metric, clock in enumerate(scalar):
        if clock.amount is None:
            continue
        mine = [b for c, b in zip(found.cycles, breached_at, strict=True)
                if c.metric == metric and b != MISSING]  # fmt: skip
        assert clock.breaches == len(mine)
        assert clock.breached_at == (min(mine) if mine else None)


def test_a_hand_worked_cycle_in_both_twins() -> None:
    # created Mon 23 Nov 09:00 high (4 h), paused 10:00, resumed 11:00, no reply; now 15:00:
    # runs 09-10 (1 h) and 11-15 (4 h): the target is used up at 14:00: breached then.
    kinds = tuple(KINDS.index(k) for k in ("created", "paused", "resumed"))
    found = program(kinds)
    assert not isinstance(found, Refusal)
    instants = [DESK.instant(f"2026-11-23 {h}") for h in ("09:00", "10:00", "11:00")]
    now = DESK.instant("2026-11-23 15:00")
    priorities: list[str | None] = ["high", None, None]
    scalar = metric_clocks(
        found, instants, [0, 0, 0], now, lambda m, p, _: TARGETS.target("high", m, 0), TARGETS
    )
    response = scalar[0]
    assert (response.state, response.used) == ("breached", 5 * 3_600_000_000)
    assert response.due == DESK.instant("2026-11-23 14:00")
    answers = _arrays(found, instants, priorities, now)
    used, breached_at = answers.used, answers.breached_at
    assert (used[0], breached_at[0]) == (5 * 3_600_000_000, DESK.instant("2026-11-23 14:00"))
    assert found.cycles[0].end == NOW
    assert timedelta(microseconds=response.paused) == timedelta(hours=1)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 30 * 24 * 60),  # start, minutes after Friday 07:00
            st.integers(0, 10 * 24 * 60),  # length
            st.integers(1, 40 * 60),  # target, minutes
            st.booleans(),  # on the calendar clock
        ),
        min_size=1,
        max_size=20,
    )
)
def test_one_run_a_cycle_walks_as_any_cycle(
    cycles: list[tuple[int, int, int, bool]],
) -> None:
    # walk_single (a ticket of one row) == walk_many + due_many over one running piece each
    base = DESK.instant(START)
    minute = 60_000_000
    since = np.array([base + a * minute for a, _, _, _ in cycles], dtype=np.int64)
    until = since + np.array([n * minute for _, n, _, _ in cycles], dtype=np.int64)
    need = np.array([t * minute for _, _, t, _ in cycles], dtype=np.int64)
    calendar = np.array([c for _, _, _, c in cycles], dtype=bool)
    timeline = DESK.timeline

    def elapsed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.array([timeline.elapsed(x, y) for x, y in zip(a, b, strict=True)],
                        dtype=np.int64)  # fmt: skip

    def reach_many(a: np.ndarray, n: np.ndarray, c: np.ndarray) -> np.ndarray:
        return np.array([reach(timeline, bool(f), int(x), int(m))
                         for x, m, f in zip(a, n, c, strict=True)], dtype=np.int64)  # fmt: skip

    used, breached, due = walk_single(since, until.copy(), need, calendar, elapsed, reach_many)
    size = len(cycles)
    flags = np.ones(size, dtype=bool)
    marks = _marks(need.tolist())
    many_used, breached_at, fired = walk_many(
        None, since, until.copy(), need, calendar, flags, ~flags, size, elapsed, reach_many, marks
    )
    many_due = due_many(breached_at, many_used, need, until, flags, calendar, reach_many)
    assert fired_single(since, until, used, marks).tolist() == fired.tolist()
    assert used.tolist() == many_used.tolist()
    assert breached.tolist() == (breached_at != MISSING).tolist()
    assert due.tolist() == many_due.tolist()


@given(st.integers(0, 10**12), st.integers(1, 10**10))
def test_the_percent_used_is_the_same_for_ints_and_arrays(used: int, amount: int) -> None:
    # the exact share rounded half up to the hundredth, the same float either way
    scalar = used_percent(used, amount)
    share = Fraction(10_000 * used, amount)
    assert scalar == int(share + Fraction(1, 2)) / 100
    assert used_percent(np.array([used]), np.array([amount])).tolist() == [scalar]


def _by_hand(
    pieces: list[tuple[int, int, int, int, bool, bool]], cycles: int
) -> tuple[list[int], list[int]]:
    """walk_many over pieces (cycle, since, until, need, has a target, is a check) on the
    calendar clock (real time: reach is since + amount), each cycle's used and breach."""
    column = np.array([p[0] for p in pieces], dtype=np.intp)
    since = np.array([p[1] for p in pieces], dtype=np.int64)
    until = np.array([p[2] for p in pieces], dtype=np.int64)
    need = np.array([p[3] for p in pieces], dtype=np.int64)
    has = np.array([p[4] for p in pieces], dtype=bool)
    check = np.array([p[5] for p in pieces], dtype=bool)
    calendar = np.ones(len(pieces), dtype=bool)
    used, breached_at, _ = walk_many(
        column, since, until, need, calendar, has, check, cycles,
        lambda a, b: b - a, lambda a, n, c: a + n,
    )  # fmt: skip
    return used.tolist(), breached_at.tolist()


def test_the_array_walk_by_hand_at_the_edges_of_a_breach() -> None:
    # cycle 0: a run of 10 µs with no target in force: time used, never a breach.
    # cycle 1: a target of 5 µs; runs 0-4 (4 µs), then 10-20: the last microsecond of the
    #   target is used at 11, the breach (real time passes after the whole target is used).
    # cycle 2: runs 0-4 under a target of 10 µs; re-graded at 4 to a target of exactly the
    #   4 µs used (a check): not passed, no breach at the change; then runs 4-6: breached at 4,
    #   the instant the new target is used up, since time goes on after it.
    # cycle 3: as cycle 2 without the run after the change: met exactly, never breached.
    used, breached_at = _by_hand(
        [
            (0, 0, 10, 0, False, False),
            (1, 0, 4, 5, True, False),
            (1, 10, 20, 5, True, False),
            (2, 0, 4, 10, True, False),
            (2, 4, 4, 4, True, True),
            (2, 4, 6, 4, True, False),
            (3, 0, 4, 10, True, False),
            (3, 4, 4, 4, True, True),
        ],
        4,
    )
    assert used == [10, 14, 6, 4]
    assert breached_at == [MISSING, 11, 4, MISSING]
