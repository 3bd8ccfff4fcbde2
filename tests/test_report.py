"""Reports through the API: rows in, results and rejections out, every row accounted for."""

from __future__ import annotations

import io
import os
import random
import re
import stat
from array import array
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slaclock
from profiles import scale
from slaclock import report as report_module
from slaclock import summary as summary_module
from slaclock.errors import InvalidInputError, InvalidRowError
from slaclock.events import Event
from slaclock.files import AtomicFile, RecordWriter, Row, RowReader, csv_cell, format_of
from slaclock.report import (
    ERROR_COLUMNS,
    RESULT_COLUMNS,
    SUMMARY_COLUMNS,
    Columns,
    Rejection,
    percentile,
    reading,
    run_report,
)
from slaclock.summary import _kth_smallest, _kth_smallest_flat, nearest_rank
from slaclock.tracking import Options, evaluate

NOW = "2027-01-04 00:00"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def policy() -> slaclock.Policy:
    return slaclock.load_policy(GOLDEN / "policy.toml")


def ticket(
    id: str, created: str, priority: str = "high", plan: str = "", **more: str
) -> dict[str, str]:
    return {"id": id, "created": created, "priority": priority, "plan": plan, **more}


# -- percentiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "percent", "expected"),
    [
        ([7], 50, 7),
        ([7], 100, 7),
        ([1, 2], 50, 1),  # rank ceil(1.0) = 1: the lower middle value, never an average
        ([1, 2], 51, 2),
        ([4, 1, 3, 2], 50, 2),
        ([4, 1, 3, 2], 75, 3),
        ([4, 1, 3, 2], 76, 4),
        (list(range(1, 11)), 90, 9),  # rank 9 exactly
        (list(range(1, 11)), 90.1, 10),
        (list(range(1, 11)), 10, 1),
        (list(range(1, 11)), "0.1", 1),
        (list(range(1, 101)), 90, 90),
        (list(range(1, 101)), 99.5, 100),
        ([5, 5, 5, 9], 75, 5),
        ([timedelta(hours=3), timedelta(hours=1)], 50, timedelta(hours=1)),
    ],
)
def test_percentile_is_nearest_rank(values: list[Any], percent: Any, expected: Any) -> None:
    assert percentile(values, percent) == expected


@pytest.mark.parametrize("percent", [0, -5, 100.5, "x", float("nan")])
def test_percentile_refuses_percentages_outside_0_100(percent: Any) -> None:
    with pytest.raises(InvalidInputError, match="expected a number above 0, up to 100"):
        percentile([1, 2, 3], percent)


@settings(max_examples=scale(60), deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.integers(0, 10),
            st.integers(0, 2**40),
            st.integers(-(2**62), 2**62),
        ),
        min_size=1,
        max_size=300,
    ),
    percent=st.sampled_from([1, 10, 50, 90, 99, 100]),
    parts=st.integers(1, 3),
)
def test_selection_in_flat_memory_equals_sorting(
    values: list[int], percent: int, parts: int
) -> None:
    chunks = [array("q", values[index::parts]) for index in range(parts)]
    rank = nearest_rank(len(values), percent)
    assert _kth_smallest(chunks, rank) == percentile(values, percent)  # numpy
    assert _kth_smallest_flat(chunks, rank) == percentile(values, percent)


def test_selection_narrows_in_several_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_module, "_BUCKETS", 4)
    monkeypatch.setattr(summary_module, "_SMALL", 3)
    generator = random.Random(7)
    values = [generator.randrange(0, 10**12) for _ in range(2000)] + [42] * 500
    ordered = sorted(values)
    for k in (1, 2, 250, 501, 1000, 2499, 2500):
        assert _kth_smallest_flat([array("q", values)], k) == ordered[k - 1]
        assert _kth_smallest([array("q", values)], k) == ordered[k - 1]


# -- ids seen ------------------------------------------------------------------------------------


def test_seen_ids_grow_and_remember() -> None:
    seen = reading.FlatSeenIds(capacity=4)
    assert [seen.add(f"T{n}") for n in range(5000)] == [False] * 5000
    assert len(seen) == 5000
    assert all(seen.add(f"T{n}") for n in range(0, 5000, 7))
    assert len(seen) == 5000


def test_a_fingerprint_collision_rejects_never_merges(
    policy: slaclock.Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every id the same fingerprint: the `hash` the tables call, shadowed in their modules
    monkeypatch.setattr(reading, "hash", lambda key: 1, raising=False)
    fast = pytest.importorskip("slaclock.report.columnar_reading")
    monkeypatch.setattr(fast, "hash", lambda key: 1, raising=False)
    run = run_report(
        policy,
        [ticket("A", "2026-11-23 09:00"), ticket("B", "2026-11-23 09:00")],
        now=NOW,
    )
    assert [result.id for result in run] == ["A"]
    assert [rejection.id for rejection in run.rejections] == ["B"]


# -- one row per ticket ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "verdict", "response", "resolution"),
    [
        # responded after 3h30 of business time (Friday 16-18, Monday 9-10:30); solved in 14h
        (
            ticket(
                "T", "2026-11-20 16:00", responded="2026-11-23 10:30", solved="2026-11-23 18:00"
            ),
            "met",
            ("met", timedelta(hours=3, minutes=30)),
            ("met", timedelta(hours=11)),
        ),
        # a late response is still a response: its time counts in the percentiles
        (
            ticket("T", "2026-11-20 16:00", responded="2026-11-23 12:00"),
            "breached",
            ("breached", timedelta(hours=5)),
            ("breached", None),
        ),
        # never answered: breached once the target passed, no time to respond
        (
            ticket("T", "2026-11-25 16:00", "medium"),
            "breached",
            ("breached", None),
            ("breached", None),
        ),
        # solving stops every clock, the response's too
        (
            ticket("T", "2026-11-20 16:00", solved="2026-11-20 17:00"),
            "met",
            ("met", timedelta(hours=1)),
            ("met", timedelta(hours=1)),
        ),
        # Buenos Aires: Thursday 9 and Friday 10 July 2026 are holidays
        (
            ticket("T", "2026-07-08 16:00", "p1", "latam", responded="2026-07-13 10:00"),
            "breached",  # the 8h update cadence after the response was never kept
            ("met", timedelta(hours=3)),
            ("breached", None),
        ),
        # an offset wins over the plan's zone: 15:00 in New York is 16:00 in Buenos Aires
        (
            ticket("T", "2026-07-08T15:00:00-04:00", "high", "LATAM", responded="2026-07-08 17:00"),
            "breached",
            ("met", timedelta(hours=1)),
            ("breached", None),
        ),
    ],
)
def test_ticket_rows(
    policy: slaclock.Policy,
    row: dict[str, str],
    verdict: str,
    response: tuple[str, timedelta | None],
    resolution: tuple[str, timedelta | None],
) -> None:
    (result,) = run_report(policy, [row], now=NOW)
    assert result.verdict == verdict
    assert (result.status["response"].state, result.response_time) == response
    assert (result.status["resolution"].state, result.resolution_time) == resolution


def test_results_match_the_engine(policy: slaclock.Policy) -> None:
    row = ticket("T", "2026-11-20 16:00", responded="2026-11-23 10:30")
    (result,) = run_report(policy, [row], now=NOW)
    expected = evaluate(
        policy,
        [
            Event("created", "2026-11-20 16:00", priority="high"),
            Event("responded", "2026-11-23 10:30"),
        ],
        now=NOW,
    )
    assert result.status == expected
    assert result.created == datetime.fromisoformat("2026-11-20T16:00:00-05:00")
    assert result.line == 1
    assert result.rows == 1


def test_as_dict_has_the_result_columns(policy: slaclock.Policy) -> None:
    row = ticket("T7", "2026-11-20 16:00", responded="2026-11-23 10:30")
    (result,) = run_report(policy, [row], now=NOW)
    record = result.as_dict()
    assert tuple(record) == RESULT_COLUMNS
    assert record["id"] == "T7"
    assert record["response_time_s"] == 12600.0
    assert record["response_due"] == datetime.fromisoformat("2026-11-23T11:00:00-05:00")
    assert record["resolution_target"] == "2bd"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (ticket("T", "2026-11-20 16:00", "urgent"), "unknown priority 'urgent'"),
        (ticket("T", "2026-11-20 16:00", plan="gold"), "unknown plan 'gold'"),
        (ticket("T", "20/11/2026 16:00"), r"created: '20/11/2026 16:00' is not an ISO 8601"),
        (ticket("T", ""), "created: missing: expected a date-time"),
        ({"id": "T", "created": "2026-11-20 16:00"}, "priority: missing: expected a value"),
        (ticket("T", "2026-11-20 16:00", responded="soon"), "responded: 'soon' is not an ISO"),
        (ticket("T", "2026-03-08 02:30"), "does not exist in America/New_York"),
        (
            ticket("T", "2026-11-23 10:00", responded="2026-11-20 09:00"),
            "responded event at 2026-11-20 09:00:00 is before the ticket was created",
        ),
        (ticket("T", "2027-02-01 09:00"), r"now .* is before the last event"),
        (
            {"id": "T", "created": 20261120, "priority": "high"},
            "created: 20261120 is not a date-time",
        ),
        (
            {"id": "T", "created": "2026-11-20 16:00", "priority": ["high"]},
            r"priority: \['high'\] is not text",
        ),
        ("T,2026-11-20 16:00,high", "expected a mapping of column to value"),
    ],
)
def test_bad_rows_are_rejected_with_the_reason(
    policy: slaclock.Policy, row: Any, reason: str
) -> None:
    good = ticket("G", "2026-11-20 16:00")
    run = run_report(policy, [good, row, good | {"id": "H"}], now=NOW)
    assert [result.id for result in run] == ["G", "H"]
    (rejection,) = run.rejections
    assert rejection.line == 2
    assert rejection.id in ("T", "")
    assert re.search(reason, rejection.reason), rejection.reason
    summary = run.summary
    assert (summary.rows_read, summary.rows_written, summary.rows_rejected) == (3, 2, 1)


def test_a_repeated_ticket_id_is_rejected(policy: slaclock.Policy) -> None:
    rows = [
        ticket("T1", "2026-11-20 16:00"),
        ticket("T2", "2026-11-20 16:00"),
        ticket("T1", "2026-11-23 16:00"),
    ]
    run = run_report(policy, rows, now=NOW)
    assert [result.id for result in run] == ["T1", "T2"]
    assert [(r.line, r.reason) for r in run.rejections] == [
        (3, "ticket id 'T1' is a repeat: expected one row per ticket")
    ]


def test_rows_without_an_id_are_not_checked_for_repeats(policy: slaclock.Policy) -> None:
    rows = [{"created": "2026-11-20 16:00", "priority": "high"}] * 3
    run = run_report(policy, rows, now=NOW)
    assert [(result.id, result.line) for result in run] == [("", 1), ("", 2), ("", 3)]


def test_pandas_values_and_records(policy: slaclock.Policy) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.DataFrame(
        {
            "id": [101, 102, 103],
            "created": pandas.to_datetime(["2026-11-20 16:00", "2026-11-20 16:00", None]),
            "priority": ["high", "low", "high"],
            "responded": pandas.to_datetime(["2026-11-23 10:30", None, None]),
        }
    )
    run = run_report(policy, frame.to_dict("records"), now=NOW)
    results = pandas.DataFrame.from_records(run.records(), columns=RESULT_COLUMNS)
    assert list(results["id"]) == ["101", "102"]
    assert list(results["response_state"]) == ["met", "breached"]
    assert results["response_time_s"].tolist()[0] == 12600.0
    (rejection,) = run.rejections
    assert rejection.reason == "created: missing: expected a date-time such as '2026-11-20 17:30'"
    summary = pandas.DataFrame.from_records(run.summary.records())
    assert list(summary.columns) == list(SUMMARY_COLUMNS)
    assert summary["tickets"].tolist() == [1, 1, 2]


def test_strict_stops_at_the_first_bad_row(policy: slaclock.Policy) -> None:
    rows = [ticket("G", "2026-11-20 16:00"), ticket("B", "never"), ticket("H", "2026-11-20 16:00")]
    run = run_report(policy, rows, now=NOW, strict=True)
    assert next(run).id == "G"
    with pytest.raises(InvalidRowError, match=r"line 2 \(ticket 'B'\): created: 'never'") as info:
        next(run)
    assert info.value.rejection.line == 2


def test_on_reject_receives_every_rejection(policy: slaclock.Policy) -> None:
    seen: list[Rejection] = []
    rows = [ticket("A", "x"), ticket("B", "y")]
    run = run_report(policy, rows, now=NOW, on_reject=seen.append)
    assert list(run) == []
    assert [r.id for r in seen] == ["A", "B"]
    assert run.rejections == []


def test_now_defaults_to_the_start_of_the_report(policy: slaclock.Policy) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    run = run_report(policy, [ticket("T", "2026-11-20 16:00")])
    assert before <= run.now <= datetime.now(UTC)
    assert next(run).status.now == run.now


@pytest.mark.parametrize(
    ("now", "error", "message"),
    [
        ("tomorrow", slaclock.InvalidDatetimeError, "'tomorrow' is not an ISO 8601 date-time"),
        (20261201, InvalidInputError, "now 20261201: expected a datetime or ISO 8601 text"),
    ],
)
def test_a_bad_now_is_refused_at_once(
    policy: slaclock.Policy, now: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        run_report(policy, [], now=now)


def test_columns_must_be_named() -> None:
    with pytest.raises(InvalidInputError, match="column name for created '': expected non-empty"):
        Columns(created="")


def test_renamed_columns(policy: slaclock.Policy) -> None:
    columns = Columns(id="Ticket #", created="Opened", priority="Urgency", responded="First reply")
    row = {
        "Ticket #": "Z1",
        "Opened": "2026-11-20 16:00",
        "Urgency": "p1",
        "First reply": "2026-11-23 09:30",
    }
    (result,) = run_report(policy, [row], columns=columns, now=NOW)
    assert (result.id, result.response_time) == ("Z1", timedelta(hours=2, minutes=30))


# -- event logs ------------------------------------------------------------------------------------


def event(id: str, kind: str, at: str, **more: str) -> dict[str, str]:
    return {"id": id, "event": kind, "at": at, **more}


def test_event_log_with_pauses_regrades_and_unsorted_rows(policy: slaclock.Policy) -> None:
    rows = [
        event("E1", "created", "2026-11-20 16:00", priority="high"),
        event("E1", "paused", "2026-11-20 17:00", reason="customer"),
        event("E1", "resumed", "2026-11-23 10:00"),
        event("E1", "responded", "2026-11-23 12:30"),
        event("E2", "responded", "2026-11-23 12:00"),  # before its created row: sorted
        event("E2", "created", "2026-11-23 09:00", priority="low"),
        event("E2", "priority_changed", "2026-11-23 11:00", priority="high"),
    ]
    first, second = run_report(policy, rows, events=True, now=NOW)
    assert (first.id, first.line, first.rows) == ("E1", 1, 4)
    assert first.response_time == timedelta(hours=3, minutes=30)  # the pause does not count
    assert first.status["response"].pause_reasons == ("customer",)
    assert (second.id, second.line, second.rows, second.status.priority) == ("E2", 5, 3, "high")
    assert second.response_time == timedelta(hours=3)


def test_an_id_that_comes_back_is_rejected_not_merged(policy: slaclock.Policy) -> None:
    rows = [
        event("E1", "created", "2026-11-20 16:00", priority="high"),
        event("E2", "created", "2026-11-20 16:00", priority="high"),
        event("E1", "responded", "2026-11-23 10:00"),
        event("E1", "solved", "2026-11-23 11:00"),
    ]
    run = run_report(policy, rows, events=True, now=NOW)
    assert [(r.id, r.rows) for r in run] == [("E1", 1), ("E2", 1)]
    assert [(r.line, r.id) for r in run.rejections] == [(3, "E1"), (4, "E1")]
    assert "comes back after other tickets: the rows of one ticket must be contiguous" in (
        run.rejections[0].reason
    )


def test_a_bad_row_rejects_its_whole_ticket(policy: slaclock.Policy) -> None:
    rows = [
        event("E1", "created", "2026-11-20 16:00", priority="high"),
        event("E1", "responded", "2026-11-2X 10:00"),
        event("E1", "solved", "2026-11-23 11:00"),
        event("E2", "created", "2026-11-20 16:00", priority="high"),
    ]
    run = run_report(policy, rows, events=True, now=NOW)
    assert [r.id for r in run] == ["E2"]
    assert [(r.line, r.reason) for r in run.rejections] == [
        (1, "ticket 'E1' has a bad row at line 2: rejected with it"),
        (
            2,
            "at: '2026-11-2X 10:00' is not an ISO 8601 date-time: expected e.g. '2026-11-20 17:30' or '2026-11-20T17:30:00-05:00'",
        ),
        (3, "ticket 'E1' has a bad row at line 2: rejected with it"),
    ]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        (
            [
                event("E", "created", "2026-11-20 16:00", priority="high"),
                event("E", "resumed", "2026-11-20 17:00"),
            ],
            "ticket 'E': resumed event at 2026-11-20 17:00:00: the ticket is not paused",
        ),
        (
            [event("E", "responded", "2026-11-20 17:00")],
            "ticket 'E': no 'created' event among 1 events",
        ),
        (
            [event("E", "created", "2026-11-20 16:00")],
            "created event at 2026-11-20 16:00:00: expected a priority",
        ),
        ([event("E", "teleported", "2026-11-20 16:00")], "unknown event kind 'teleported'"),
        ([event("E", "", "2026-11-20 16:00")], "event: missing: expected a value"),
    ],
)
def test_event_log_errors_reject_every_row_of_the_ticket(
    policy: slaclock.Policy, rows: list[dict[str, str]], reason: str
) -> None:
    run = run_report(policy, rows, events=True, now=NOW)
    assert list(run) == []
    assert len(run.rejections) == len(rows)
    assert any(reason in rejection.reason for rejection in run.rejections), run.rejections


def test_event_rows_without_an_id_are_rejected_on_their_own(policy: slaclock.Policy) -> None:
    rows = [
        event("E1", "created", "2026-11-20 16:00", priority="high"),
        event("", "responded", "2026-11-23 10:00"),
        event("E1", "responded", "2026-11-23 10:30"),
    ]
    run = run_report(policy, rows, events=True, now=NOW)
    (result,) = run
    assert (result.rows, result.response_time) == (2, timedelta(hours=3, minutes=30))
    assert [(r.line, r.reason) for r in run.rejections] == [
        (2, "id: missing: expected the ticket id")
    ]


def test_a_breached_response_counts_once_answered_unless_a_reopen_rearms_it(
    policy: slaclock.Policy,
) -> None:
    rows = [
        event("E", "created", "2026-11-20 16:00", priority="high"),
        event("E", "responded", "2026-11-23 12:00"),
        event("E", "solved", "2026-11-23 13:00"),
        event("E", "reopened", "2026-11-23 14:00"),
    ]
    (plain,) = run_report(policy, rows, events=True, now=NOW)
    assert plain.response_time == timedelta(hours=5)
    (rearmed,) = run_report(
        policy, rows, events=True, now=NOW, options=Options(rearm_response=True)
    )
    assert rearmed.response_time is None
    assert rearmed.resolution_time is None  # reopened: not solved any more


# -- every row accounted for -------------------------------------------------------------------

GOOD = [
    ticket("", "2026-11-20 16:00", responded="2026-11-23 10:30"),
    ticket("", "2026-11-25 16:00", "medium", solved="2026-12-01 10:00"),
    ticket("", "2026-07-08 16:00", "p3", "latam"),
]
BAD = [
    ticket("", "2026-11-20 16:00", "urgent"),
    ticket("", "not a time"),
    ticket("", "2026-11-20 16:00", plan="nowhere"),
    ticket("", "2026-11-23 10:00", responded="2026-11-20 09:00"),
]


@settings(max_examples=scale(40), deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3)), max_size=40))
def test_rows_read_equal_rows_written_plus_rows_rejected(
    policy: slaclock.Policy, picks: list[tuple[bool, int]]
) -> None:
    rows = [
        (GOOD if good else BAD)[index % (3 if good else 4)] | {"id": f"T{number}"}
        for number, (good, index) in enumerate(picks)
    ]
    run = run_report(policy, rows, now=NOW)
    lines = [result.line for result in run] + [rejection.line for rejection in run.rejections]
    assert sorted(lines) == list(range(1, len(rows) + 1))
    summary = run.summary
    assert summary.rows_read == summary.rows_written + summary.rows_rejected == len(rows)
    assert summary.rows_rejected == sum(1 for good, _ in picks if not good)
    assert summary.total.tickets == summary.tickets == summary.rows_written


# -- the summary ---------------------------------------------------------------------------------


def test_summary_groups_in_policy_order_with_a_total(policy: slaclock.Policy) -> None:
    rows = [
        ticket("1", "2026-11-20 16:00", "low", responded="2026-11-23 10:00"),
        ticket("2", "2026-11-20 16:00", "high", "latam", responded="2026-11-23 10:00"),
        ticket("3", "2026-11-20 16:00", "high", responded="2026-11-23 10:00"),  # 3h: met
        ticket("4", "2026-11-20 16:00", "high", responded="2026-11-23 13:00"),  # 6h: breached
        ticket("5", "2026-11-20 16:00", "high"),  # never answered: breached, no time
    ]
    run = run_report(policy, rows, now=NOW)
    assert len(list(run)) == 5
    summary = run.summary
    assert summary.complete
    assert [(g.priority, g.plan, g.tickets) for g in summary.groups] == [
        ("high", "standard", 3),
        ("high", "latam", 1),
        ("low", "standard", 1),
    ]
    high = summary.groups[0].metrics["response"]
    assert (high.met, high.breached, high.pending, high.finished) == (1, 2, 0, 2)
    assert high.compliance == pytest.approx(100 / 3)
    assert (high.median, high.p90) == (timedelta(hours=3), timedelta(hours=6))
    assert summary.total.tickets == 5
    record = summary.total.as_dict()
    assert tuple(record) == SUMMARY_COLUMNS
    assert record["response_compliance_pct"] == 60.0


def test_summary_before_the_end_is_marked_incomplete(policy: slaclock.Policy) -> None:
    run = run_report(policy, [ticket("1", "2026-11-20 16:00"), ticket("2", "x")], now=NOW)
    next(run)
    assert not run.summary.complete
    assert list(run) == []
    assert run.summary.complete
    assert run.summary is run.summary


def test_summary_text(policy: slaclock.Policy) -> None:
    run = run_report(
        policy, [ticket("1", "2026-11-20 16:00", responded="2026-11-23 10:30")], now=NOW
    )
    list(run)
    assert str(run.summary).splitlines() == [
        "rows read 1 = written 1 + rejected 0; 1 ticket evaluated at 2027-01-04T00:00:00 (each plan's local time)",
        "priority  plan      tickets  met  breached  open  compliance  respond %  respond p50  respond p90  solve %  solve p50  solve p90",
        "high      standard        1    0         1     0        0.0%     100.0%        3h30m        3h30m     0.0%          -          -",
        "all       all             1    0         1     0        0.0%     100.0%        3h30m        3h30m     0.0%          -          -",
    ]


def test_empty_report(policy: slaclock.Policy) -> None:
    run = run_report(policy, [], now=datetime(2027, 1, 4, tzinfo=UTC))
    assert list(run) == []
    summary = run.summary
    assert (summary.rows_read, summary.groups, summary.total.tickets) == (0, (), 0)
    assert summary.total.compliance is None
    assert summary.as_dict()["now"] == "2027-01-04T00:00:00+00:00"


# -- reading -------------------------------------------------------------------------------------


def rows_of(data: bytes, format: str = "csv", **options: Any) -> tuple[list[str] | None, list[Row]]:
    reader = RowReader(io.BytesIO(data), format, **options)  # type: ignore[arg-type]
    return reader.header, list(reader)


def test_csv_reading_keeps_line_numbers() -> None:
    data = (
        b"\xef\xbb\xbfid,created\n"  # a byte-order mark, as Excel writes
        b"T1,2026-11-20 16:00\n"
        b"\n"
        b'"T\n2",2026-11-20 16:00\n'  # a quoted field over two lines
        b",\n"  # a line of empty fields: not a row
        b"T3,2026-11-20 16:00,extra\n"
        b"T4,2026-11-2\xff 16:00\n"
        b"T5\r\n"
    )
    header, rows = rows_of(data)
    assert header == ["id", "created"]
    assert [(row.line, row.values.get("id"), row.problem) for row in rows] == [
        (2, "T1", None),
        (4, "T\n2", None),
        (7, "T3", "3 fields where the header has 2"),
        (8, "T4", "line 8 is not UTF-8 (byte 0xff)"),
        (9, "T5", "1 field where the header has 2"),
    ]
    assert rows[2].raw == ["T3", "2026-11-20 16:00", "extra"]


def test_csv_with_another_delimiter() -> None:
    header, rows = rows_of(b"id;created\nT1;2026-11-20 16:00\n", delimiter=";")
    assert header == ["id", "created"]
    assert dict(rows[0].values) == {"id": "T1", "created": "2026-11-20 16:00"}


def test_csv_errors_are_row_problems() -> None:
    data = b"id,created\n" + b'"' + b"x" * 200_000 + b'",1\nT2,2026-11-20 16:00\n'
    _, rows = rows_of(data)
    assert rows[0].problem is not None
    assert rows[0].problem.startswith("not readable as CSV: field larger than field limit")
    assert rows[-1].values == {"id": "T2", "created": "2026-11-20 16:00"}


def test_json_lines_reading() -> None:
    data = b'{"id": "T1"}\n\n{"id": \n[1, 2]\n"text"\n{"id": "T\xff"}\n{"id": "T6"}'
    header, rows = rows_of(data, "jsonl")
    assert header is None
    assert [(row.line, row.problem) for row in rows] == [
        (1, None),
        (3, "not valid JSON: Expecting value at column 7"),
        (4, "expected a JSON object {...}, got list"),
        (5, "expected a JSON object {...}, got str"),
        (6, "line 6 is not UTF-8 (byte 0xff)"),
        (7, None),
    ]


def test_json_lines_text_with_a_lone_surrogate_is_a_row_problem() -> None:
    """JSON may escape half of a UTF-16 pair alone (``\\ud800``), which no UTF-8 file can
    hold: the row is rejected (its line written as read), never a crash when writing."""
    data = (
        b'{"id": "T\\ud800", "priority": "high"}\n'
        b'{"id": "T\\ud83d\\ude00"}\n'  # a pair: an emoji
        b'{"id": "T3", "note": {"x": ["\\uDC00"]}}\n'
        b'{"id": "T4", "\\udfff": 1}\n'
    )
    _, rows = rows_of(data, "jsonl")
    assert [(row.line, row.problem) for row in rows] == [
        (1, "text 'T\\ud800' holds a lone surrogate: not text a file can hold"),
        (2, None),
        (3, "text '\\udc00' holds a lone surrogate: not text a file can hold"),
        (4, "text '\\udfff' holds a lone surrogate: not text a file can hold"),
    ]
    assert rows[1].values == {"id": "T\U0001f600"}
    assert rows[0].raw == '{"id": "T\\ud800", "priority": "high"}'


@pytest.mark.parametrize(
    ("data", "events", "message"),
    [
        (b"id,created\n", False, r"no column 'priority' in the header \('id', 'created'\)"),
        (b"", False, r"no column 'created', 'priority' in the header \(empty\)"),
        (b"id,event,at,at\n", True, "column 'at' appears 2 times in the header: expected it once"),
    ],
)
def test_header_problems_stop_the_report(
    policy: slaclock.Policy, data: bytes, events: bool, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        run_report(policy, RowReader(io.BytesIO(data)), events=events)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"format": "xml"}, "input format 'xml': expected 'csv' or 'jsonl'"),
        ({"delimiter": ";;"}, "delimiter ';;': expected one character"),
    ],
)
def test_reader_options(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        RowReader(io.BytesIO(b""), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("tickets.csv", "csv"),
        ("TICKETS.CSV.GZ", "csv"),
        ("events.jsonl", "jsonl"),
        ("events.ndjson.gz", "jsonl"),
    ],
)
def test_format_of(name: str, expected: str) -> None:
    assert format_of(name) == expected


def test_format_of_an_unknown_name() -> None:
    with pytest.raises(InvalidInputError, match=r"cannot tell the format of 'tickets.xlsx'"):
        format_of("tickets.xlsx")
    assert format_of("tickets.xlsx", "csv") == "csv"


# -- writing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("T-1", "T-1"),
        ("", ""),
        (None, ""),
        (True, "true"),
        (12600.0, "12600"),
        (0.5, "0.5"),
        (7, "7"),
        (datetime.fromisoformat("2026-11-23T11:00:00-05:00"), "2026-11-23T11:00:00-05:00"),
    ],
)
def test_csv_cells_never_start_a_formula(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_record_writer_csv_and_json_lines() -> None:
    record = {
        "id": "=x",
        "due": datetime.fromisoformat("2026-11-23T11:00:00-05:00"),
        "time": 3600.0,
    }
    text = io.StringIO()
    writer = RecordWriter(text, "csv", ["id", "due", "time", "missing"])
    writer.write(record)
    assert text.getvalue() == "id,due,time,missing\n'=x,2026-11-23T11:00:00-05:00,3600,\n"
    text = io.StringIO()
    RecordWriter(text, "jsonl", ["id", "due", "time", "missing"]).write(record)
    assert text.getvalue() == (
        '{"id": "=x", "due": "2026-11-23T11:00:00-05:00", "time": 3600, "missing": null}\n'
    )
    with pytest.raises(InvalidInputError, match="output format 'xlsx'"):
        RecordWriter(io.StringIO(), "xlsx", ERROR_COLUMNS)  # type: ignore[arg-type]


def test_a_batch_writes_its_csv_to_a_writer_of_the_result_columns(
    policy: slaclock.Policy,
) -> None:
    rows = [{"id": "=T1", "created": "2026-11-23 09:00", "priority": "high"}]
    (batch,) = run_report(policy, rows, now="2026-12-01").batches()
    text = io.StringIO()
    batch.write_csv(RecordWriter(text, "csv", RESULT_COLUMNS, ";"))
    header, line = text.getvalue().splitlines()
    assert header == ";".join(RESULT_COLUMNS)
    assert line.split(";")[:4] == ["1", "'=T1", "high", "standard"]
    with pytest.raises(InvalidInputError, match="this writer writes JSON Lines"):
        batch.write_csv(RecordWriter(io.StringIO(), "jsonl", RESULT_COLUMNS))
    with pytest.raises(InvalidInputError, match=r"columns \['id'\]: .* expected a writer of"):
        batch.write_csv(RecordWriter(io.StringIO(), "csv", ["id"]))


def test_atomic_file_replaces_only_on_commit(tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    target.write_text("old\n")
    os.chmod(target, 0o640)
    with AtomicFile(target) as file:
        file.stream.write("new\n")
        assert target.read_text() == "old\n"
        assert file.temporary.parent == tmp_path
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


def test_atomic_file_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "results.csv"
    target.write_text("old\n")
    file = AtomicFile(target)

    def interrupted() -> None:
        with file:
            file.stream.write("half a rep")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]
    file.discard()  # twice is harmless
    file.commit()
    assert target.read_text() == "old\n"


def test_atomic_file_names_the_target_when_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        AtomicFile(tmp_path / "missing" / "results.csv")
    assert info.value.filename == str(tmp_path / "missing" / "results.csv")


def test_report_names_are_exported() -> None:
    for name in ("run_report", "Report", "TicketResult", "Summary"):
        assert getattr(slaclock, name) is getattr(report_module, name)
    for name in ("Columns", "percentile"):  # plumbing: importable from slaclock.report only
        assert name not in slaclock.__all__
        assert hasattr(report_module, name)


def test_a_wall_time_that_never_happened_is_named_under_the_version_of_its_ticket() -> None:
    """Versions of a policy: the zone that rejects the time is the one of the ticket's own
    version (Madrid's clocks went forward on 29 March 2026, New York's on 8 March)."""
    from slaclock.policy_versions import PolicyVersions

    versions = PolicyVersions(
        {
            "2026-01-01": slaclock.default_policy(),
            "2026-03-20": slaclock.default_policy("ES", tz="Europe/Madrid"),
        }
    )
    rows = [
        {"id": "T1", "created": "2026-03-02 10:00", "priority": "high",
         "responded": "2026-03-08 02:30"},  # the first version's: New York
        {"id": "T2", "created": "2026-03-29 02:30", "priority": "high"},  # Madrid's
    ]  # fmt: skip
    run = run_report(versions, rows, now="2026-12-01 00:00")
    assert list(run) == []
    first, second = run.rejections
    assert first.reason.startswith(
        "responded: '2026-03-08 02:30' is a wall time that never happened: "
    )
    assert "America/New_York" in first.reason
    assert second.reason.startswith("created: '2026-03-29 02:30' is a wall time that never")


def test_a_wall_time_that_never_happened_is_named_with_its_column_and_text() -> None:
    policy = slaclock.default_policy()
    rows = [
        {"id": "T1", "created": "2026-03-07 10:00", "priority": "high",
         "responded": " 2026-03-08 02:15 "},
    ]  # fmt: skip
    run = run_report(policy, rows, now="2026-12-01 00:00")
    assert list(run) == []
    (rejection,) = run.rejections
    assert rejection.reason.startswith(
        "responded: '2026-03-08 02:15' is a wall time that never happened: 2026-03-08 02:15:00 "
        "does not exist in America/New_York"
    )
    events = [
        {"id": "T1", "event": "created", "at": "2026-03-07 10:00", "priority": "high"},
        {"id": "T1", "event": "responded", "at": "2026-03-08 02:15"},
    ]
    run = run_report(policy, events, events=True, now="2026-12-01 00:00")
    assert list(run) == []
    first, second = run.rejections
    assert first.reason == "ticket 'T1' has a bad row at line 2: rejected with it"
    assert second.reason.startswith("at: '2026-03-08 02:15' is a wall time that never happened")


_EXPORT_LOG = [
    {"id": "C1", "event": "Apertura", "at": "2026-11-20 09:00", "priority": "high"},
    {"id": "C1", "event": " respuesta ", "at": "2026-11-20 10:00"},
    {"id": "C1", "event": "LLAMADA", "at": "2026-11-20 11:30"},
    {"id": "C1", "event": "Encuesta enviada", "at": "2026-11-20 12:00"},
    {"id": "C2", "event": "Apertura", "at": "2026-11-20 09:00", "priority": "high"},
    {"id": "C2", "event": "paused", "at": "2026-11-20 09:30", "reason": "vendor"},
    {"id": "C3", "event": "Apertura", "at": "2026-11-20 09:00", "priority": "low"},
    {"id": "C3", "event": "Visita", "at": "2026-11-20 10:00"},
]
_UPDATES_DESK = """
[policy]
zone = "America/New_York"
[targets.response]
high = "4h"
low = "24h"
[targets.update]
high = "2h"
low = "8h"
[plans.standard]
hours = { mon-fri = "08:00-18:00" }
"""
_EXPORT_NAMES = {
    "Apertura": "created",
    "Respuesta": "responded",
    "Llamada": "update",
    "Encuesta enviada": "ignore",
}


@pytest.mark.parametrize("columnar", [True, False])
def test_an_exports_own_event_names_are_read_as_kinds(columnar: bool) -> None:
    pytest.importorskip("pyarrow")
    policy = slaclock.loads_policy(_UPDATES_DESK)
    run = run_report(policy, _EXPORT_LOG, events=True, now="2026-11-20 12:30",
                     event_names=_EXPORT_NAMES, columnar=columnar)  # fmt: skip
    results = list(run)
    assert [(r.id, r.rows) for r in results] == [
        ("C1", 4),
        ("C2", 2),
    ]  # the survey: a row, no event
    first = results[0].status.metrics
    assert first["response"].state == "met"
    assert first["update"].state == "running"
    due = first["update"].due
    assert due is not None
    assert due.hour == 13  # 11:30 + 2h
    assert results[1].status.state == "paused"
    (c3_open, c3_visit) = run.rejections
    assert c3_visit.reason.startswith("unknown event kind 'Visita': expected one of created")
    assert c3_open.reason == "ticket 'C3' has a bad row at line 8: rejected with it"
    summary = run.summary
    assert summary.rows_read == summary.rows_written + summary.rows_rejected == 8
    explicit = [
        {**row, "event": {"apertura": "created", "respuesta": "responded", "llamada": "updated"}
         .get(row["event"].strip().lower(), row["event"])}
        for row in _EXPORT_LOG
        if row["event"] != "Encuesta enviada"
    ]  # fmt: skip
    same = list(run_report(policy, explicit, events=True, now="2026-11-20 12:30"))
    assert [r.status for r in same] == [r.status for r in results]


def test_event_names_must_name_kinds() -> None:
    policy = slaclock.default_policy()
    with pytest.raises(InvalidInputError, match="event name 'Llamada': unknown event kind 'call'"):
        run_report(policy, [], events=True, event_names={"Llamada": "call"})
    with pytest.raises(InvalidInputError, match="event name '': expected non-empty text"):
        run_report(policy, [], events=True, event_names={"": "updated"})
