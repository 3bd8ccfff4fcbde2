"""Versions of a policy (docs/policy-file.md, "Versions of a policy"): a ticket is evaluated
under the version in force when it was created; reports, explanations and `slaclock check`
follow. The report is compared, ticket by ticket, with a literal choice of the version."""

from __future__ import annotations

import pickle
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slaclock
from profiles import scaled
from slaclock import Event, Policy, Schedule, evaluate, run_report
from slaclock.cli import main
from slaclock.config import loads_policy
from slaclock.policy_versions import (
    PolicyVersions,
    loads_policy_versions,
    read_policy_file,
)

NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
DESK = Schedule({"mon-fri": "09:00-18:00"}, tz=NEW_YORK)
TOKYO_DESK = Schedule({"mon-fri": "09:00-18:00"}, tz=TOKYO)
OLD = Policy(DESK, {"high": "4h", "low": "24h"}, plans={"tokyo": TOKYO_DESK})
NEW = Policy(DESK, {"high": "2h", "low": "8h"}, plans={"tokyo": TOKYO_DESK})
VERSIONS = PolicyVersions({"2026-01-01": OLD, date(2027, 1, 1): NEW})


def _in_force(created: datetime, plan: str) -> Policy:
    """The literal rule: the new version from 00:00 on 1 January 2027 in the plan's zone."""
    zone = NEW_YORK if plan == "standard" else TOKYO
    return NEW if created >= datetime.combine(date(2027, 1, 1), time(0), tzinfo=zone) else OLD


def test_a_ticket_keeps_the_version_it_was_created_under() -> None:
    events = [
        Event("created", "2026-12-31 17:00", priority="high"),
        Event("responded", "2027-01-01 11:30"),  # after the change: still the old 4h (2h: 10:00)
    ]
    status = VERSIONS.evaluate(events)
    assert str(status["response"].target) == "4h"
    assert status["response"].state == "met"
    assert VERSIONS.evaluate([Event("created", "2027-01-01 00:00", priority="high")])[
        "response"
    ].target == slaclock.Target.parse("2h")


def test_the_change_is_at_midnight_in_the_zone_of_the_ticket_s_plan() -> None:
    at = datetime(2026, 12, 31, 16, 0, tzinfo=ZoneInfo("UTC"))  # 2027-01-01 01:00 in Tokyo
    assert VERSIONS.version_for(at, "tokyo") == (date(2027, 1, 1), NEW)
    assert VERSIONS.version_for(at, "standard") == (date(2026, 1, 1), OLD)
    assert VERSIONS.version_for("2020-01-01 10:00") == (date(2026, 1, 1), OLD)
    assert VERSIONS.version_for("2027-01-01 00:00", "no such plan")[0] == date(2027, 1, 1)


def test_explain_names_the_version() -> None:
    text = str(VERSIONS.explain([Event("created", "2026-12-31 17:00", priority="high")]))
    assert "under the policy version in force from 2026-01-01" in text.splitlines()[1]
    assert VERSIONS.explain([Event("created", "2027-02-01 10:00", priority="low")]).version == (
        date(2027, 2, 1).replace(month=1, day=1)
    )
    assert "under the policy" not in str(
        slaclock.explain(OLD, [Event("created", "2026-12-31 17:00", priority="high")])
    )


@st.composite
def tickets(draw: st.DrawFn) -> list[dict[str, str]]:
    rows = []
    base = datetime(2026, 12, 25, tzinfo=ZoneInfo("UTC"))
    for number in range(draw(st.integers(1, 12))):
        created = base + timedelta(minutes=draw(st.integers(0, 14 * 24 * 60)))
        row = {
            "id": f"T{number}",
            "created": created.isoformat(),
            "priority": draw(st.sampled_from(("high", "low"))),
            "plan": draw(st.sampled_from(("standard", "tokyo"))),
        }
        if draw(st.booleans()):
            row["responded"] = (created + timedelta(hours=draw(st.integers(0, 72)))).isoformat()
        rows.append(row)
    return rows


@scaled(40)
@given(tickets(), st.sampled_from((None, False)))
def test_a_report_evaluates_each_ticket_under_its_own_version(rows, columnar) -> None:
    now = "2027-01-20T00:00:00+00:00"
    results = list(run_report(VERSIONS, rows, now=now, columnar=columnar))
    assert [result.id for result in results] == [row["id"] for row in rows]
    for row, result in zip(rows, results, strict=True):
        created = datetime.fromisoformat(row["created"])
        events = [Event("created", created, priority=row["priority"], plan=row["plan"])]
        if "responded" in row:
            events.append(Event("responded", datetime.fromisoformat(row["responded"])))
        assert result.status == evaluate(_in_force(created, row["plan"]), events, now=now), row
        assert result.created == created


def test_a_report_s_summary_counts_every_version_s_priorities_and_plans() -> None:
    rows = [
        {"id": "A", "created": "2026-12-30T10:00:00-05:00", "priority": "high"},
        {"id": "B", "created": "2027-01-05T10:00:00-05:00", "priority": "low", "plan": "tokyo"},
    ]
    report = run_report(VERSIONS, rows, now="2027-01-20T00:00:00+00:00")
    assert [result.id for result in report] == ["A", "B"]
    summary = report.summary
    assert summary.tickets == 2
    assert [group.plan for group in summary.groups] == ["standard", "tokyo"]


def test_versions_pickle_by_their_definition() -> None:
    # as a policy does (docs/scaling.md): what a cluster's workers are sent
    versions = PolicyVersions({"2026-01-01": OLD, date(2027, 1, 1): NEW})
    before = pickle.dumps(versions)
    events = [Event("created", "2026-12-31 17:00", priority="high", plan="tokyo")]
    status = versions.evaluate(events, now="2027-01-10 00:00")
    versions.evaluate([Event("created", "2031-06-03 10:00", priority="low")])
    after = pickle.dumps(versions)
    assert len(after) == len(before)  # nothing the versions worked out travels
    assert len(after) < len(pickle.dumps(OLD)) + len(pickle.dumps(NEW))  # shared parts once
    copy = pickle.loads(after)
    assert list(copy.versions) == [date(2026, 1, 1), date(2027, 1, 1)]
    assert copy.evaluate(events, now="2027-01-10 00:00") == status
    at = "2026-12-31T16:00:00+00:00"  # 2027-01-01 01:00 in Tokyo
    assert (copy.version_for(at, "tokyo")[0], copy.version_for(at)[0]) == (
        date(2027, 1, 1),
        date(2026, 1, 1),
    )


FILE = """
[report]
delimiter = ";"

[versions.2026-01-01.policy]
zone = "America/New_York"
[versions.2026-01-01.plans.standard]
hours = { mon-fri = "09:00-18:00" }
[versions.2026-01-01.targets.response]
high = "4h"

[versions.2027-01-01.policy]
zone = "America/New_York"
[versions.2027-01-01.plans.standard]
hours = { mon-fri = "08:00-20:00" }
[versions.2027-01-01.targets.response]
high = "2h"
"""


def test_a_policy_file_holds_versions() -> None:
    versions = loads_policy_versions(FILE)
    assert list(versions.versions) == [date(2026, 1, 1), date(2027, 1, 1)]
    with pytest.raises(TypeError):
        versions.versions[date(2028, 1, 1)] = versions.versions[date(2026, 1, 1)]  # type: ignore[index]
    high = [Event("created", "2027-01-04 08:00", priority="high")]
    assert str(versions.evaluate(high)["response"].due) == "2027-01-04 10:00:00-05:00"
    with pytest.raises(slaclock.PolicyFileError, match="expected it read with load_policy_vers"):
        loads_policy(FILE)


def test_every_version_is_checked_and_problems_name_it() -> None:
    text = FILE.replace('high = "2h"', 'high = "-2h"').replace(
        "[versions.2027-01-01.policy]", "[versions.2027-02-30.policy]\n[versions.2027-01-01.policy]"
    )
    text += '\n[plans.standard]\nhours = { mon = "09:00-10:00" }\n'
    with pytest.raises(slaclock.PolicyFileError) as caught:
        loads_policy_versions(text)
    assert list(caught.value.problems) == [
        (
            "plans",
            "beside versions: expected every setting inside a version's own table, such as "
            "versions.2027-01-01.plans (only [report] is shared)",
        ),
        (
            "versions.2027-02-30",
            "policy version '2027-02-30': expected a date YYYY-MM-DD such as 2027-01-01, from "
            "which the version is in force",
        ),
        (
            "versions.2027-01-01.targets.response.high",
            "duration '-2h' is negative: expected 0 or more",
        ),
    ]


def test_check_shows_each_version_and_when_it_applies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(FILE, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}: ok, 2 versions"
    assert (
        out[1]
        == "  version 2026-01-01: tickets created before 2027-01-01 (and any before 2026-01-01)"
    )
    assert out[2].startswith("    plan standard (default): America/New_York, mon-fri 09:00-18:00")
    assert "  version 2027-01-01: tickets created from 2027-01-01" in out
    assert "    response on standard: high 2h" in out
    assert out[-1] == "  report: delimiter ';'"
    bad = tmp_path / "bad.toml"
    bad.write_text(FILE.replace('high = "2h"', 'high = "2x"'), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    assert "versions.2027-01-01.targets.response.high: duration '2x'" in capsys.readouterr().err


def test_the_command_line_reads_versions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(FILE, encoding="utf-8")
    assert isinstance(read_policy_file(path), PolicyVersions)
    main(["deadline", "high", "2027-01-04 08:00", "--policy", str(path)])
    assert "Mon 2027-01-04 10:00:00-05:00" in capsys.readouterr().out
    main(["deadline", "high", "2026-12-28 09:00", "--policy", str(path)])
    assert "Mon 2026-12-28 13:00:00-05:00" in capsys.readouterr().out
    tickets_file = tmp_path / "tickets.csv"
    tickets_file.write_text(
        "id;created;priority\nA;2026-12-28 09:00;high\nB;2027-01-04 08:00;high\n", encoding="utf-8"
    )
    out_file = tmp_path / "out.csv"
    status = main(
        ["report", str(tickets_file), "--policy", str(path), "--now", "2027-02-01T00:00:00Z",
         "-o", str(out_file)]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    text = out_file.read_text(encoding="utf-8")
    assert "2026-12-28T13:00:00-05:00" in text
    assert "2027-01-04T10:00:00-05:00" in text


def test_explain_on_the_command_line_names_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "desk.toml"
    path.write_text(FILE, encoding="utf-8")
    assert main(["explain", "high", "2027-01-04 08:00", "--policy", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("response: running, target 2h, 2h left")
    assert out[at + 1 : at + 3] == [
        "  under the policy version in force from 2027-01-01",
        "  counting from Mon 2027-01-04 08:00",
    ]
    assert main(["explain", "high", "2026-12-28 09:00", "--policy", str(path)]) == 0
    assert "  under the policy version in force from 2026-01-01" in capsys.readouterr().out
    assert main(["explain", "high", "2026-12-28 09:00"]) == 0  # one policy: no version line
    assert "policy version" not in capsys.readouterr().out


def test_bad_versions_are_named() -> None:
    with pytest.raises(slaclock.InvalidPolicyError, match="expected a mapping of at least one"):
        PolicyVersions({})
    with pytest.raises(slaclock.InvalidPolicyError, match="policy version 2027-01-01: expected"):
        PolicyVersions({"2027-01-01": DESK})  # type: ignore[dict-item]
    with pytest.raises(slaclock.InvalidPolicyError, match="given twice"):
        PolicyVersions({"2027-01-01": OLD, date(2027, 1, 1): NEW})
    with pytest.raises(slaclock.InvalidPolicyError, match="policy version 'soon'"):
        PolicyVersions({"soon": OLD})
    with pytest.raises(AttributeError, match="immutable"):
        VERSIONS.versions = {}  # type: ignore[misc]
