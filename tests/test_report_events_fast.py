"""The columnar path of an event log's report against the engine alone: the same results,
rejections and summaries, and the same CSV cells, ticket for ticket."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import scale
from slaclock import report as report_module
from slaclock.errors import InvalidRowError
from slaclock.report import Rejection, Summary, TicketResult, run_report
from slaclock.tracking import Options
from test_report_fast import (
    ANCHORS,
    NOW,
    POLICIES,
    ZONES,
    assert_written_alike,
    command_files,
    engine_calls,
    engine_cells,
)
from test_report_fast import report as fast_report

pytest.importorskip("numpy")

SIMPLE = ["paused", "resumed", "responded", "updated", "solved"]
KINDS = [*SIMPLE, *SIMPLE, "pause", "reply", "Resolved", "closed", "priority_changed",
         "plan_changed", "reopened", "created", "exploded", ""]  # fmt: skip
PRIORITIES = ["high", "High", "p1", "medium", "low", "urgent"] * 2 + ["critical", "", " low ", 3]
PLANS = ["", "standard", "latam", "24x7"] * 2 + ["nope", "latam ", " "]


@st.composite
def moments(draw: st.DrawFn, moment: datetime) -> str | datetime | None:
    """*moment* written as an export writes it: wall time, with a customer's offset, a
    datetime; now and then missing or unreadable."""
    kinds = ["naive"] * 14 + ["aware"] * 4 + ["datetime", "missing", "bad", "padded"]
    kind = draw(st.sampled_from(kinds))
    if kind == "naive":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "padded":  # blanks about it: read as without them
        return draw(st.sampled_from([" ", "", "\t"])) + moment.strftime("%Y-%m-%d %H:%M ")
    if kind == "aware":
        zone = draw(st.sampled_from(ZONES))
        return moment.replace(tzinfo=ZONES[0]).astimezone(zone).isoformat()
    if kind == "datetime":
        return moment
    if kind == "missing":
        return draw(st.sampled_from([None, "", "  "]))
    return draw(st.sampled_from(["2026-13-01 10:00", "2026-03-08 02:30"]))


@st.composite
def event_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Tickets of a few events each: mostly pauses, replies, updates and solves at any hour
    (on the hour often, so clocks stop exactly at openings, closings and due instants), some
    ties and events out of order, re-grades, reopenings, rows without an id, repeats."""
    found: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 10))):
        ticket = draw(st.sampled_from([f"T{number}"] * 5 + ["", "T0"]))
        moment = draw(st.sampled_from(ANCHORS)) + timedelta(minutes=draw(st.integers(-600, 600)))
        if draw(st.integers(0, 2)) < 2:  # a life as helpdesks log it
            kinds = ["created"]
            for _ in range(draw(st.integers(0, 4))):
                kinds += draw(
                    st.sampled_from(
                        [
                            ["paused", "resumed"],
                            ["paused"],
                            ["reply"],
                            ["updated"],
                            ["pause", "paused", "resumed"],
                            ["priority_changed"],
                        ]
                    )
                )
            kinds += draw(
                st.sampled_from(
                    [
                        [],
                        ["solved"],
                        ["closed"],
                        ["solved", "closed"],
                        ["solved", "reply"],
                        ["solved", "reopened"],
                        ["solved", "reopened", "reply", "solved"],
                        ["solved", "priority_changed", "reopened"],
                        ["solved", "solved"],  # the close, in a status-style log
                        ["solved", "updated", "solved"],
                    ]
                )
            )
        else:
            kinds = ["created", *draw(st.lists(st.sampled_from(KINDS), max_size=7))]
        if draw(st.integers(0, 9)) == 9:
            kinds.insert(draw(st.integers(0, len(kinds))), "created")
        for kind in kinds:
            row: dict[str, Any] = {"id": ticket, "event": kind}
            row["at"] = draw(moments(moment))
            if kind in ("created", "priority_changed") or draw(st.integers(0, 9)) == 9:
                row["priority"] = draw(st.sampled_from(PRIORITIES))
            if kind in ("created", "plan_changed") or draw(st.integers(0, 19)) == 19:
                row["plan"] = draw(st.sampled_from(PLANS))
            if kind in ("paused", "pause") and draw(st.booleans()):
                row["reason"] = "waiting on customer"
            found.append(row)
            step = draw(st.sampled_from([0, 30, 60, 240, 480, 900, 1440, 2880, 0, 60, -60, None]))
            if step is None:
                step = draw(st.integers(1, 60 * 24 * 3))
            moment += timedelta(minutes=step)
            if draw(st.booleans()):
                moment = moment.replace(minute=0)
    return found


def report(
    monkeypatch: pytest.MonkeyPatch, fast: bool, data: Any, **more: Any
) -> tuple[list[TicketResult], list[Rejection], Summary, list[tuple[str, int]]]:
    """:func:`test_report_fast.report` of an event log, 12 rows a batch (tickets cross them)."""
    policy = more.pop("policy")
    return fast_report(monkeypatch, fast, policy, data, batch=3, events=True, **more)


def cells(monkeypatch: pytest.MonkeyPatch, data: Any, **more: Any) -> tuple[Any, ...]:
    """The columnar path's CSV cells and columns, a batch at a time, with the summary."""
    rejections: list[Rejection] = []
    run = run_report(more.pop("policy"), data, events=True, on_reject=rejections.append,
                     batch_size=3, **more)  # fmt: skip
    batches = list(run.batches())
    made = [row for batch in batches for row in batch.csv_rows()]
    assert_written_alike(batches)
    columns = [batch.columns() for batch in batches]
    return made, columns, run.summary, rejections


@settings(
    max_examples=scale(400),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=event_logs(),
    name=st.sampled_from(sorted(POLICIES)),
    now=st.sampled_from([NOW, "2026-12-01 00:00", "2026-11-28 12:00", "2027-01-05T10:00:00+01:00"]),
    options=st.sampled_from(
        [
            Options(),
            Options(),
            Options(grace=timedelta(hours=1)),
            Options(regrade="restart"),
            Options(reopen="restart", rearm_response=True),
            Options(reply_resumes=True, activity_reopens=True),  # status-style logs
            Options(reopen="restart", reply_resumes=True, activity_reopens=True),
        ]
    ),
)
def test_the_columnar_path_of_an_event_log_equals_the_engine(
    monkeypatch: pytest.MonkeyPatch, data: list[dict[str, Any]], name: str, now: Any, options: Any
) -> None:
    policy = POLICIES[name]
    fast = report(monkeypatch, True, data, policy=policy, now=now, options=options)
    slow = report(monkeypatch, False, data, policy=policy, now=now, options=options)
    assert [r.as_dict() for r in fast[0]] == [r.as_dict() for r in slow[0]]
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]
    assert fast[3] == slow[3]
    made, columns, summary, rejections = cells(
        monkeypatch, data, policy=policy, now=now, options=options
    )
    assert made == engine_cells(slow[0])
    records = [r.as_dict() for r in slow[0]]
    for name in report_module.RESULT_COLUMNS:  # columns(): as_dict, instants as ISO text
        expected = [r[name] for r in records]
        expected = [v.isoformat() if isinstance(v, datetime) else v for v in expected]
        assert [v for part in columns for v in part[name]] == expected, name
    assert summary == slow[2]
    assert rejections == slow[1]


def _ticket(ticket: str, *events: tuple[str, str], priority: str = "high", plan: str = "") -> Any:
    rows = []
    for number, (kind, at) in enumerate(events):
        row = {"id": ticket, "event": kind, "at": at}
        if number == 0:
            row |= {"priority": priority, "plan": plan}
        rows.append(row)
    return rows


def test_simple_tickets_of_an_event_log_skip_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    # Friday 2026-11-20, desk 09:00-18:00 New York; high: respond in 4 h, update every 8 h,
    # solve in 2 business days.
    data = [
        *_ticket("A", ("created", "2026-11-20 16:00"), ("responded", "2026-11-23 10:30")),
        *_ticket("B", ("created", "2026-11-20 16:00"), ("paused", "2026-11-20 17:00"),
                 ("resumed", "2026-11-23 12:00")),  # 1 h used, 3 h left from Monday noon
        *_ticket("C", ("created", "2026-11-23 09:00"), ("reply", "2026-11-23 10:00"),
                 ("updated", "2026-11-23 17:00"), ("pause", "2026-11-24 09:30"),
                 ("solved", "2026-11-24 12:00")),
        *_ticket("D", ("created", "2026-11-23 09:00"), ("paused", "2026-11-23 13:00"),
                 ("resumed", "2026-11-24 09:00")),  # exactly 4 h at the pause: breached on resuming
        *_ticket("E", ("created", "2026-11-23 09:00"), ("closed", "2026-11-23 11:00")),
        *_ticket("F", ("created", "2026-11-23 09:00"), ("priority_changed", "2026-11-23 10:00")),
        *_ticket("G", ("created", "2026-11-23 09:00"), ("plan_changed", "2026-11-23 10:00")),
        *_ticket("H", ("created", " 2026-11-23 09:00\t"), ("responded", "2026-11-23 10:00 "),
                 priority=" High ", plan="  "),  # blanks about values: as without them
    ]  # fmt: skip
    data[16]["priority"] = " low "
    data[18]["plan"] = "latam"
    calls = engine_calls(monkeypatch)
    made, _, summary, rejections = cells(monkeypatch, data, policy=POLICIES["mixed"], now=NOW)
    assert calls == [18]  # the change of plan is the engine's; the others are columnar
    assert rejections == []
    assert summary.rows_read == summary.rows_written == len(data)
    by_id = {row[1]: dict(zip(report_module.RESULT_COLUMNS, row, strict=True)) for row in made}
    assert by_id["A"]["response_state"] == "met"
    assert by_id["A"]["response_due"] == "2026-11-23T11:00:00-05:00"
    assert by_id["A"]["response_time_s"] == "12600"  # 3 h 30 min
    assert by_id["A"]["update_state"] == "breached"  # no update since the reply, long ago
    assert by_id["B"]["state"] == "open"
    assert by_id["B"]["response_due"] == "2026-11-23T15:00:00-05:00"
    assert by_id["C"]["state"] == "solved"
    assert by_id["C"]["update_state"] == "met"
    assert by_id["C"]["update_breaches"] == "0"
    assert by_id["C"]["verdict"] == "met"
    assert by_id["D"]["response_state"] == "breached"
    assert by_id["D"]["response_breached_at"] == "2026-11-24T09:00:00-05:00"
    assert by_id["E"]["state"] == "closed"
    assert by_id["E"]["response_state"] == "met"
    assert by_id["E"]["resolution_time_s"] == "7200"
    assert by_id["F"]["priority"] == "low"  # re-graded: 24 h from Monday 09:00, 1 h used
    assert by_id["F"]["response_target"] == "24h"
    assert by_id["H"]["priority"] == "high"
    assert by_id["H"]["plan"] == "standard"
    assert by_id["H"]["response_time_s"] == "3600"
    calls.clear()
    slow = report(monkeypatch, False, data, policy=POLICIES["mixed"], now=NOW)
    assert calls == [1, 3, 6, 11, 14, 16, 18, 20]
    assert made == engine_cells(slow[0])


@pytest.mark.parametrize("options", [Options(), Options(regrade="restart")])
def test_a_regrade_to_the_priority_in_force_changes_nothing_after_other_regrades(
    monkeypatch: pytest.MonkeyPatch, options: Options
) -> None:
    # The priority in force is the one the last creation or re-grade set: a re-grade to it
    # (by an alias too) changes nothing, on the columnar path as on the engine's, however
    # many re-grades came before it (with restart, a change restarts the clocks).
    lives = {
        "A": ["low", "Low"],  # the second re-grade keeps low
        "B": ["low", "high", "urgent"],  # back to high, then high again
        "C": ["high", "low", "low", "medium"],
        "D": ["medium", "low", "medium", " Medium ", "low"],
    }
    data = []
    for ticket, priorities in lives.items():
        rows = _ticket(ticket, ("created", "2026-11-23 09:00"))
        for hour, priority in enumerate(priorities, 10):
            rows.append({"id": ticket, "event": "priority_changed",
                         "at": f"2026-11-23 {hour}:00", "priority": priority})  # fmt: skip
        rows.append({"id": ticket, "event": "responded", "at": "2026-11-23 17:30"})
        data += rows
    calls = engine_calls(monkeypatch)
    made, _, summary, _ = cells(monkeypatch, data, policy=POLICIES["mixed"], now=NOW,
                                options=options)  # fmt: skip
    assert calls == []  # every one answered on the columnar path
    slow = report(monkeypatch, False, data, policy=POLICIES["mixed"], now=NOW, options=options)
    assert made == engine_cells(slow[0])
    assert summary == slow[2]


def test_a_paused_ticket_shows_no_due_instant(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _ticket("P", ("created", "2026-11-23 09:00"), ("paused", "2026-11-23 10:00"))
    made, columns, summary, _ = cells(monkeypatch, data, policy=POLICIES["default"], now=NOW)
    row = dict(zip(report_module.RESULT_COLUMNS, made[0], strict=True))
    assert (row["state"], row["response_state"], row["response_due"]) == ("paused", "paused", "")
    assert columns[0]["response_due"] == [None]
    assert summary.total.open == 1


def test_a_ticket_longer_than_a_batch_is_one_ticket(monkeypatch: pytest.MonkeyPatch) -> None:
    events = [("created", "2026-11-23 09:00")]
    moment = datetime(2026, 11, 23, 9, 30)
    for _ in range(40):  # 81 rows, batches of 12
        events += [("paused", f"{moment:%Y-%m-%d %H:%M}"),
                   ("resumed", f"{moment + timedelta(minutes=10):%Y-%m-%d %H:%M}")]  # fmt: skip
        moment += timedelta(minutes=20)
    data = [{"id": "", "event": "created", "at": "2026-11-23 09:00"},
            *_ticket("L", *events), {"id": "", "event": "x", "at": "x"},
            *_ticket("M", ("created", "2026-11-23 09:00"))]  # fmt: skip
    calls = engine_calls(monkeypatch)
    made, _, summary, rejections = cells(monkeypatch, data, policy=POLICIES["default"], now=NOW)
    assert calls == []
    assert [row[1] for row in made] == ["L", "M"]
    assert [r.line for r in rejections] == [1, 83]
    assert summary.rows_written == 82
    slow = report(monkeypatch, False, data, policy=POLICIES["default"], now=NOW)
    assert made == engine_cells(slow[0])
    assert rejections == slow[1]


def test_rows_without_ids_only(monkeypatch: pytest.MonkeyPatch) -> None:
    data = [{"id": "", "event": "created", "at": "2026-11-23 09:00"}] * 30
    made, _, summary, rejections = cells(monkeypatch, data, policy=POLICIES["default"], now=NOW)
    assert made == []
    assert len(rejections) == summary.rows_rejected == summary.rows_read == 30


def test_strict_stops_at_the_first_bad_ticket(monkeypatch: pytest.MonkeyPatch) -> None:
    data = [
        *_ticket("A", ("created", "2026-11-20 16:00")),
        *_ticket("B", ("created", "2026-11-20 16:00"), ("resumed", "2026-11-20 17:00")),
        *_ticket("C", ("created", "2026-11-20 16:00")),
    ]
    for columnar in (None, False):
        run = run_report(
            POLICIES["default"], data, events=True, now=NOW, strict=True, columnar=columnar
        )
        seen: list[str] = []
        with pytest.raises(InvalidRowError, match="is not paused"):
            seen.extend(result.id for result in run)
        assert seen == ["A"]


def _log(count: int, seed: int) -> str:
    """A messy event log as CSV text: the benchmark's kinds of tickets, ids with commas and
    formula starts, repeats, bad timestamps and unknown names."""
    draw = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["ticket", "event", "at", "priority", "plan", "reason"])
    zones = ZONES
    for number in range(count):
        moment = datetime(2026, 1, 1) + timedelta(minutes=draw.randrange(0, 330 * 24 * 60))
        ticket = draw.choice([f"T{number}"] * 6 + ["T7", f"=T{number}", f'"T,{number}"', ""])
        kinds = ["created"]
        if draw.random() < 0.3:
            kinds += ["paused", "resumed"]
        if draw.random() < 0.8:
            kinds += ["reply"] + ["updated"] * draw.randrange(0, 3)
            if draw.random() < 0.7:
                kinds += ["solved"]
        if draw.random() < 0.05:
            kinds.insert(1, "priority_changed")
        if draw.random() < 0.03:
            kinds.append("reopened")
        for kind in kinds:
            moment += timedelta(minutes=draw.randrange(0, 2000))
            at = moment.isoformat(sep=" ")
            if draw.random() < 0.3:
                zone = draw.choice(zones)
                at = moment.replace(tzinfo=zones[0]).astimezone(zone).isoformat()
            if draw.random() < 0.002:
                at = "2026-13-01 10:00"
            priority = draw.choice(["high", "p1", "medium", "low", "nope"]) if kind in (
                "created", "priority_changed") else ""  # fmt: skip
            plan = draw.choice(["", "standard", "latam", "24x7"]) if kind == "created" else ""
            writer.writerow([ticket, kind, at, priority, plan, ""])
    return buffer.getvalue()


@pytest.mark.parametrize("output", ["csv", "jsonl"])
def test_the_command_writes_the_engines_bytes_for_an_event_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    made = command_files(
        tmp_path, monkeypatch, _log(1500, 5), output, "--events", "--id-col", "ticket"
    )
    capsys.readouterr()
    assert made[f"results.{output}"].decode().count("\n") > 800
    errors = made["errors.csv"].decode()
    assert "comes back after other tickets" in errors
    assert "unknown priority 'nope'" in errors


@settings(max_examples=scale(200), deadline=None)
@given(ids=st.lists(st.one_of(st.none(), st.sampled_from(["A", "B", "C", "A "])), max_size=30))
def test_tickets_are_cut_from_rows_alike_with_and_without_numpy(ids: list[str | None]) -> None:
    """A batch's tickets (runs of rows with one id; rows without an id aside) are the same
    read with numpy as without it."""
    pytest.importorskip("numpy")
    pa = pytest.importorskip("pyarrow")
    from slaclock.report.columnar_events import ColumnarEvents, Runs
    from slaclock.report.reading import RowRuns, last_run

    plain = RowRuns(ids)
    rows = [plain.rows_of(k) for k in range(len(plain.ids))]
    arrow = pa.array(ids, pa.string())  # (read_event_ids of a column Arrow read)
    for fast in (Runs(ids), Runs(arrow)):
        assert (fast.ids, fast.firsts, fast.alone) == (plain.ids, plain.firsts, plain.alone)
        assert [fast.rows_of(k) for k in range(len(fast.ids))] == rows
    # the last ticket (where a batch is cut): the last run's id and first row, and whether
    # another ticket's row comes before it
    last = (plain.ids[-1], plain.firsts[-1], len(plain.ids) > 1) if plain.ids else (None, 0, False)
    assert last_run(ids) == ColumnarEvents.last_run(arrow) == last
    assert ColumnarEvents.last_run(ColumnarEvents.joined(arrow[:3], arrow[3:])) == last
    assert sorted([*plain.alone, *(row for ticket in rows for row in ticket)]) == list(
        range(len(ids))
    )  # every row once
    for ticket_id, ticket in zip(plain.ids, rows, strict=True):
        assert all(ids[row] == ticket_id for row in ticket)
        assert all(ids[row] in (None, ticket_id) for row in range(ticket[0], ticket[-1] + 1))


def test_the_two_reopening_defects_are_fixed_on_the_columnar_path_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The Latin-American desk (high: update every 8 h, resolve in 2 business days; low: 2 and
    # 10 business days): a solve before any reply, then a reopening, starts the update cadence;
    # a re-grade while solved applies when the ticket is reopened.
    data = [
        *_ticket("S", ("created", "2026-11-16 09:00"), ("solved", "2026-11-16 10:00"),
                 ("reopened", "2026-11-16 11:00"), ("responded", "2026-11-16 12:00")),
        *_ticket("R", ("created", "2026-11-16 09:00"), ("responded", "2026-11-16 10:00"),
                 ("solved", "2026-11-16 12:00"), ("priority_changed", "2026-11-17 09:00"),
                 ("reopened", "2026-11-17 10:00"), priority="low"),
    ]  # fmt: skip
    data[7]["priority"] = "high"
    for options in (Options(), Options(regrade="restart"), Options(reopen="restart")):
        calls = engine_calls(monkeypatch)
        policy = POLICIES["latam"]
        made, *_ = cells(monkeypatch, data, policy=policy, now="2026-11-18 12:00", options=options)
        assert calls == []  # both answered on the columnar path
        slow = report(monkeypatch, False, data, policy=policy, now="2026-11-18 12:00",
                      options=options)  # fmt: skip
        assert made == engine_cells(slow[0])
        by_id = {row[1]: dict(zip(report_module.RESULT_COLUMNS, row, strict=True)) for row in made}
        assert by_id["S"]["update_state"] != "inactive"
        assert by_id["R"]["resolution_target"] == "2bd"  # high's, not low's 10bd


STATUS_NAMES = {
    "open": "created",
    "take in charge": "responded",
    "wait": "paused",
    "note": "updated",
    "resolve": "solved",
    "customer reply": "ignore",
}
STATUS_STYLE = Options(reply_resumes=True, activity_reopens=True)


def test_a_status_style_log_reads_as_the_explicit_log_on_both_paths(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A status-style export: activity codes, no "resumed" nor "reopened", a second "resolve"
    # that is the close. Under reply_resumes and activity_reopens it answers as the same life
    # written with explicit kinds, on the columnar path and by the engine alike.
    status_style = [
        # waits on the customer, taken in charge again (resumes), resolved, resolved (closed)
        *_ticket("A", ("open", "2026-11-23 09:00"), ("take in charge", "2026-11-23 10:00"),
                 ("wait", "2026-11-23 11:00"), ("take in charge", "2026-11-24 09:00"),
                 ("resolve", "2026-11-24 12:00"),
                 ("resolve", "2026-11-26 12:00")),
        # resolved, then worked on again (reopens), resolved again
        *_ticket("B", ("open", "2026-11-23 09:00"), ("take in charge", "2026-11-23 09:30"),
                 ("resolve", "2026-11-23 10:00"), ("note", "2026-11-24 09:00"),
                 ("resolve", "2026-11-24 11:00"), priority="low"),
        # waits before any reply: the first response resumes it
        *_ticket("C", ("open", "2026-11-23 09:00"), ("wait", "2026-11-23 09:15"),
                 ("take in charge", "2026-11-23 14:00")),
        # a note while waiting keeps the wait (only a reply resumes), and so does a row
        # the mapping ignores
        *_ticket("D", ("open", "2026-11-23 09:00"), ("take in charge", "2026-11-23 09:30"),
                 ("wait", "2026-11-23 10:00"), ("note", "2026-11-23 12:00"),
                 ("customer reply", "2026-11-23 16:00")),
    ]  # fmt: skip
    explicit = [
        *_ticket("A", ("created", "2026-11-23 09:00"), ("responded", "2026-11-23 10:00"),
                 ("paused", "2026-11-23 11:00"), ("resumed", "2026-11-24 09:00"),
                 ("responded", "2026-11-24 09:00"), ("solved", "2026-11-24 12:00"),
                 ("closed", "2026-11-26 12:00")),
        *_ticket("B", ("created", "2026-11-23 09:00"), ("responded", "2026-11-23 09:30"),
                 ("solved", "2026-11-23 10:00"), ("reopened", "2026-11-24 09:00"),
                 ("updated", "2026-11-24 09:00"), ("solved", "2026-11-24 11:00"),
                 priority="low"),
        *_ticket("C", ("created", "2026-11-23 09:00"), ("paused", "2026-11-23 09:15"),
                 ("resumed", "2026-11-23 14:00"), ("responded", "2026-11-23 14:00")),
        *_ticket("D", ("created", "2026-11-23 09:00"), ("responded", "2026-11-23 09:30"),
                 ("paused", "2026-11-23 10:00"), ("updated", "2026-11-23 12:00")),
    ]  # fmt: skip
    policy = POLICIES["mixed"]  # New York 09-18; high: 2 business days, low: 30h calendar
    now = "2026-11-30 12:00"
    calls = engine_calls(monkeypatch)
    made, _, summary, rejections = cells(monkeypatch, status_style, policy=policy, now=now,
                                         options=STATUS_STYLE, event_names=STATUS_NAMES)  # fmt: skip
    assert calls == [15]  # A, B, C on the columnar path; D (a row ignored) the engine's
    assert rejections == []
    assert summary.rows_read == summary.rows_written == len(status_style)
    slow = report(monkeypatch, False, status_style, policy=policy, now=now, options=STATUS_STYLE,
                  event_names=STATUS_NAMES)  # fmt: skip
    assert made == engine_cells(slow[0])
    assert slow[1] == []
    plain = report(monkeypatch, False, explicit, policy=policy, now=now)
    answers = [{**r.as_dict(), "line": None} for r in slow[0]]
    assert answers == [{**r.as_dict(), "line": None} for r in plain[0]]
    assert [r.status for r in slow[0]] == [r.status for r in plain[0]]
    by_id = {r.id: r for r in slow[0]}
    assert [by_id[k].status.state for k in "ABCD"] == ["closed", "solved", "open", "paused"]
    assert by_id["A"].status["resolution"].used == timedelta(hours=5)  # 09-11 and Tue 09-12
    assert by_id["B"].status["resolution"].used == timedelta(hours=3)  # 09-10 and Tue 09-11
    assert by_id["C"].status["response"].used == timedelta(minutes=15)
    # without the options the same log is read otherwise: the reply does not resume C
    default = report(monkeypatch, False, status_style, policy=policy, now=now,
                     event_names=STATUS_NAMES)  # fmt: skip
    assert {r.id: r.status.state for r in default[0]}["C"] == "paused"
