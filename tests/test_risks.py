"""The columnar at-risk query (``slaclock.report.risks.at_risk_columns``) against the scalar
one (``slaclock.at_risk``) on the same tickets: the same clocks, in the same order, with the
same time left and due instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import scale
from slaclock import Event, InvalidDurationError, Options, Ticket, at_risk
from slaclock.errors import SlaclockError
from test_report_fast import ANCHORS, POLICIES

pytest.importorskip("numpy")

from slaclock.report.risks import at_risk_columns

PRIORITIES = {"default": ["high", "medium", "low", "p1"], "latam": ["high", "media", "baja"],
              "miami": None, "mixed": None}  # fmt: skip


@st.composite
def queues(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]], datetime]:
    """Tickets of one row each (created, priority, plan; a reply and a solve now and then),
    and a now after all of them."""
    name = draw(st.sampled_from(sorted(POLICIES)))
    policy = POLICIES[name]
    priorities = PRIORITIES[name] or list(policy.priorities)
    plans = [None, *(plan for plan in policy.plans)]
    anchor = draw(st.sampled_from(ANCHORS))
    rows = []
    latest = anchor
    for number in range(draw(st.integers(0, 12))):
        created = anchor + timedelta(minutes=15 * draw(st.integers(0, 4 * 48)))
        row: dict[str, Any] = {"id": f"T{number}", "created": created.isoformat(sep=" "),
                               "priority": draw(st.sampled_from(priorities))}  # fmt: skip
        plan = draw(st.sampled_from(plans))
        if plan is not None:
            row["plan"] = plan
        moment = created
        for column in ("responded", "solved"):
            if draw(st.integers(0, 2)) == 0:
                moment += timedelta(minutes=draw(st.integers(0, 60 * 30)))
                row[column] = moment.isoformat(sep=" ")
        latest = max(latest, moment)
        rows.append(row)
    now = latest + timedelta(minutes=draw(st.integers(0, 60 * 40)))
    return name, rows, now


def scalar(policy: Any, rows: list[dict[str, Any]], within: Any, now: datetime, **more: Any) -> Any:
    options = more.pop("options", None)
    tickets = []
    for place, row in enumerate(rows):
        events = [Event("created", row["created"], priority=row["priority"], plan=row.get("plan"))]
        events += [Event(kind, row[kind]) for kind in ("responded", "solved") if kind in row]
        tickets.append((place, Ticket.replay(policy, events, options=options)))
    return at_risk(tickets, within, now, **more)


@settings(max_examples=scale(300), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
@given(
    queue=queues(),
    within=st.sampled_from(["0h", "30m", "4h", "12h", "30h", "400h"]),
    metrics=st.sampled_from([None, ["response"], ["resolution", "update"]]),
    grace=st.sampled_from([timedelta(0), timedelta(0), timedelta(hours=1)]),
)
def test_the_columnar_query_equals_the_scalar_one(
    queue: tuple[str, list[dict[str, Any]], datetime], within: str, metrics: Any, grace: Any
) -> None:
    name, rows, now = queue
    policy = POLICIES[name]
    options = Options(grace=grace)
    try:
        expected = scalar(policy, rows, within, now, metrics=metrics, options=options)
    except SlaclockError as err:  # a ticket the engine refuses: refused alike
        with pytest.raises(type(err)):
            at_risk_columns(policy, rows, within, now, metrics=metrics, options=options)
        return
    found = at_risk_columns(policy, rows, within, now, metrics=metrics, options=options)
    assert found.place.tolist() == [risk.key for risk in expected]
    assert found.metric.tolist() == [risk.metric for risk in expected]
    assert found.remaining.tolist() == [risk.remaining for risk in expected]
    assert found.due.tolist() == [
        risk.due.astimezone(UTC).replace(tzinfo=None) for risk in expected
    ]
    assert found.id.tolist() == [rows[risk.key]["id"] for risk in expected]


def test_a_pandas_frame_is_read_as_its_records() -> None:
    pandas = pytest.importorskip("pandas")
    policy = POLICIES["default"]
    rows = [
        {"id": "A", "created": "2026-11-23 09:00", "priority": "high"},
        {"id": "B", "created": "2026-11-23 10:00", "priority": "high",
         "responded": "2026-11-23 10:30"},
        {"id": "C", "created": "2026-11-23 10:00", "priority": "low"},
    ]  # fmt: skip
    frame = pandas.DataFrame(rows)
    frame["created"] = pandas.to_datetime(frame["created"])
    found = at_risk_columns(policy, frame, "30h", "2026-11-23 12:00")
    listed = at_risk_columns(policy, rows, "30h", "2026-11-23 12:00")
    for name in ("place", "id", "metric", "remaining", "due"):
        assert getattr(found, name).tolist() == getattr(listed, name).tolist(), name
    assert found.id.tolist() == ["A", "C"]  # B was answered: nothing else has a target
    assert found.remaining.tolist() == [timedelta(hours=1), timedelta(hours=22)]


def test_bad_input_is_refused_with_the_scalar_messages() -> None:
    policy = POLICIES["default"]
    rows = [{"id": "A", "created": "2026-11-23 09:00", "priority": "high"}]
    with pytest.raises(InvalidDurationError, match=r"^within '2bd': expected a duration"):
        at_risk_columns(policy, rows, "2bd", "2026-11-23 12:00")
    with pytest.raises(SlaclockError, match=r"^row 0: unknown priority 'urgent'"):
        at_risk_columns(policy, [{**rows[0], "priority": "urgent"}], "4h", "2026-11-23 12:00")
    assert at_risk_columns(policy, [], "4h", "2026-11-23 12:00").place.tolist() == []
