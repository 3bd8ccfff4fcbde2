"""What a dashboard reads from a report's results: each reported metric's time left and
percent used, and the next escalation (docs/reports.md, "What a dashboard shows"), the same
on the engine's path and on the columnar path, CSV cell for CSV cell."""

from __future__ import annotations

from typing import Any

import pytest

import slaclock
from slaclock.errors import InvalidPolicyError
from slaclock.report import RESULT_COLUMNS, run_report

pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

DESK = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
THRESHOLDS = [slaclock.Threshold(50), slaclock.Threshold(100, level=2, name="manager")]
TARGETS = {"response": {"high": "4h"}, "resolution": {"high": "16h"}, "update": {"high": "2h"}}
POLICY = slaclock.Policy(DESK, targets=TARGETS, thresholds=THRESHOLDS)
NOW = "2026-11-23 12:00"  # a Monday


def _rows(
    policy: slaclock.Policy, rows: list[dict[str, str]], events: bool = False, now: str = NOW
) -> list[dict[str, str]]:
    """The CSV cells of the results by name, on the engine's path and on the columnar path
    (asserted equal)."""
    made = []
    for columnar in (False, True):
        report = run_report(policy, rows, events=events, now=now, columnar=columnar)
        cells = [row for batch in report.batches() for row in batch.csv_rows()]
        made.append([dict(zip(RESULT_COLUMNS, row, strict=True)) for row in cells])
    assert made[0] == made[1]
    return made[0]


def _pick(row: dict[str, str], *names: str) -> tuple[str, ...]:
    return tuple(row[name] for name in names)


DASH = ("response_remaining_s", "response_used_pct", "next_escalation", "next_escalation_metric",
        "next_escalation_name", "next_escalation_level")  # fmt: skip


def test_a_running_clock_shows_the_time_left_and_its_next_threshold() -> None:
    (row,) = _rows(POLICY, [{"id": "T", "created": "2026-11-23 09:00", "priority": "high"}])
    # 3 h of 4 used: 75 %; the warning at 50 % fired at 11:00; the manager at 13:00
    assert _pick(row, *DASH) == (
        "3600", "75", "2026-11-23T13:00:00-05:00", "response", "manager", "2",
    )  # fmt: skip
    assert _pick(row, "resolution_remaining_s", "resolution_used_pct") == ("46800", "18.75")


def test_an_overdue_clock_goes_negative_without_an_apostrophe() -> None:
    (row,) = _rows(POLICY, [{"id": "T", "created": "2026-11-20 16:00", "priority": "high"}])
    # 5 h of 4 used (Friday 16-18, Monday 9-12): an hour overdue, every response threshold
    # fired; the resolution's warning (8 h of 16) fires at 15:00
    assert _pick(row, *DASH) == (
        "-3600", "125", "2026-11-23T15:00:00-05:00", "resolution", "warn", "0",
    )  # fmt: skip


def test_a_stopped_clock_has_no_time_left_but_keeps_its_percent() -> None:
    (row,) = _rows(POLICY, [{"id": "T", "created": "2026-11-23 09:00", "priority": "high",
                             "responded": "2026-11-23 10:30", "solved": "2026-11-23 11:00"}])  # fmt: skip
    assert _pick(row, *DASH) == ("", "37.5", "", "", "", "")
    assert _pick(row, "resolution_remaining_s", "resolution_used_pct") == ("", "12.5")


def test_a_paused_clock_keeps_its_time_left_and_waits_to_escalate() -> None:
    rows = [
        {"id": "T", "event": "created", "at": "2026-11-23 09:00", "priority": "high"},
        {"id": "T", "event": "paused", "at": "2026-11-23 10:00", "reason": "customer"},
    ]
    (row,) = _rows(POLICY, rows, events=True)
    assert _pick(row, *DASH) == ("10800", "25", "", "", "", "")
    assert row["resolution_remaining_s"] == "54000"


def test_a_regrade_and_a_resume_move_the_next_escalation() -> None:
    policy = slaclock.Policy(
        DESK, targets={"response": {"high": "4h", "low": "8h"}}, thresholds=THRESHOLDS
    )
    rows = [
        {"id": "T", "event": "created", "at": "2026-11-23 09:00", "priority": "low"},
        {"id": "T", "event": "paused", "at": "2026-11-23 09:30"},
        {"id": "T", "event": "resumed", "at": "2026-11-23 10:00"},
        {"id": "T", "event": "priority_changed", "at": "2026-11-23 10:30", "priority": "high"},
    ]
    (row,) = _rows(policy, rows, events=True)
    # 2.5 h used under high's 4 h (carried): the warning at 2 h fired, the manager at 4 h
    assert _pick(row, *DASH) == (
        "5400", "62.5", "2026-11-23T13:30:00-05:00", "response", "manager", "2",
    )  # fmt: skip


def test_no_thresholds_no_next_escalation() -> None:
    policy = slaclock.Policy(DESK, targets=TARGETS, thresholds=[])
    (row,) = _rows(policy, [{"id": "T", "created": "2026-11-23 09:00", "priority": "high"}])
    assert _pick(row, *DASH) == ("3600", "75", "", "", "", "")


def test_every_threshold_passed_no_next_escalation() -> None:
    policy = slaclock.Policy(
        DESK, targets={"response": {"high": "4h"}}, thresholds=[slaclock.Threshold(50)]
    )
    (row,) = _rows(policy, [{"id": "T", "created": "2026-11-20 16:00", "priority": "high"}])
    assert _pick(row, *DASH) == ("-3600", "125", "", "", "", "")


def test_a_metric_without_a_target_shows_nothing() -> None:
    policy = slaclock.Policy(
        DESK, targets={"response": {"high": "4h", "low": "8h"}}, thresholds=THRESHOLDS
    )
    (row,) = _rows(policy, [{"id": "T", "created": "2026-11-23 09:00", "priority": "low"}])
    assert _pick(row, "resolution_target", "resolution_remaining_s", "resolution_used_pct") == (
        "", "", "",
    )  # fmt: skip
    assert _pick(row, *DASH) == ("18000", "37.5", "2026-11-23T13:00:00-05:00", "response",
                                 "warn", "0")  # fmt: skip


def test_a_threshold_at_0_percent_is_refused() -> None:
    with pytest.raises(InvalidPolicyError, match="threshold 0: expected a percentage above 0"):
        slaclock.Threshold(0)


def test_a_tiny_threshold_fires_a_moment_after_the_start() -> None:
    policy = slaclock.Policy(
        DESK, targets={"response": {"high": "4h"}}, thresholds=[slaclock.Threshold("0.0001")]
    )
    status = slaclock.evaluate(policy, [slaclock.Event("created", "2026-11-23 09:00", priority="high")],
                               now="2026-11-23 09:00")  # fmt: skip
    assert status.next_escalation is not None
    metric, escalation = status.next_escalation
    assert (metric, str(escalation.at)) == ("response", "2026-11-23 09:00:00.014400-05:00")
    (row,) = _rows(policy, [{"id": "T", "created": "2026-11-23 09:00", "priority": "high"}])
    assert row["next_escalation"] == ""  # fired at 09:00:00.0144, long before noon
    (row,) = _rows(policy, [{"id": "T", "created": "2026-11-23 09:00", "priority": "high"}],
                   now="2026-11-23 09:00")  # fmt: skip
    assert row["next_escalation"] == "2026-11-23T09:00:00.014400-05:00"


def test_json_lines_and_records_carry_numbers() -> None:
    report = run_report(POLICY, [{"id": "T", "created": "2026-11-20 16:00", "priority": "high"}],
                        now=NOW)  # fmt: skip
    (record,) = report.records()
    values: dict[str, Any] = {name: record[name] for name in DASH}
    assert values["response_remaining_s"] == -3600.0
    assert values["response_used_pct"] == 125.0
    assert values["next_escalation_level"] == 0
