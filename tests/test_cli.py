"""The command line, through the real entry points: ``python -m slaclock`` in a subprocess
for a few end-to-end runs, ``slaclock.cli.main`` (what the ``slaclock`` script calls) for the
rest."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

import slaclock
from slaclock.cli import main, parse_hours_option
from slaclock.cli.report import Progress
from slaclock.errors import InvalidHoursError
from slaclock.files import RecordWriter

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
NOW = "2027-01-04 00:00"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaclock", *args], capture_output=True, text=True, check=False
    )


def test_deadline_through_python_dash_m() -> None:
    result = run("deadline", "high", "2026-11-20 17:30")
    assert result.returncode == 0, result.stderr
    assert "due (desk):      Mon 2026-11-23 12:30:00-05:00 (America/New_York)" in result.stdout
    assert result.stderr == ""


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"slaclock {slaclock.__version__}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadline", "urgent", "2026-11-20 17:30"], "unknown priority 'urgent'"),
        (["deadline", "high", "next tuesday"], "'next tuesday' is not an ISO 8601 date-time"),
        (["deadline", "high", "2026-03-08 02:30"], "does not exist in America/New_York"),
        (["deadline", "high", "2026-11-20 10:00", "--tz", "Mars/Base"], "unknown time zone"),
        (["deadline", "high", "2026-11-20 10:00", "--country", "XX"], "unknown country 'XX'"),
        (["deadline", "high", "2026-11-20 10:00", "--hours", "mon-fri=9-17"], "opening time '9'"),
    ],
)
def test_errors_go_to_stderr_with_status_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("slaclock: error: ")
    assert message in result.stderr


def test_submitter_zone_shows_both(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(
        ["deadline", "p1", "2026-11-20T10:00-03:00", "--tz", "America/Argentina/Buenos_Aires"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "due (desk):      Fri 2026-11-20 13:00:00-05:00 (America/New_York)" in out
    assert "due (submitter): Fri 2026-11-20 15:00:00-03:00 (America/Argentina/Buenos_Aires)" in out


def test_country_none_opens_on_holidays(capsys: pytest.CaptureFixture[str]) -> None:
    main(["deadline", "high", "2026-11-26 10:00", "--country", "none"])  # Thanksgiving
    assert "due (desk):      Thu 2026-11-26 14:00:00-05:00" in capsys.readouterr().out


def test_country_subdivision(capsys: pytest.CaptureFixture[str]) -> None:
    # The Friday after Thanksgiving is a Florida holiday, not a New York one.
    main(["deadline", "high", "2026-11-27 10:00", "--subdiv", "NY"])
    assert "due (desk):      Fri 2026-11-27 14:00:00-05:00" in capsys.readouterr().out
    main(["deadline", "high", "2026-11-27 10:00"])
    assert "due (desk):      Mon 2026-11-30 13:00:00-05:00" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:00-17:00", {"mon-fri": ["08:00-17:00"]}),
        ("sat,sun=10:00-14:00", {"sat,sun": ["10:00-14:00"]}),
        (
            "mon=09:00-12:00,13:00-18:00;tue=22:00-06:00;",
            {"mon": ["09:00-12:00", "13:00-18:00"], "tue": ["22:00-06:00"]},
        ),
    ],
)
def test_hours_option(text: str, expected: dict[str, list[str]]) -> None:
    assert parse_hours_option(text) == expected


@pytest.mark.parametrize("text", ["", ";", "mon="])
def test_hours_option_errors(text: str) -> None:
    with pytest.raises(InvalidHoursError, match="expected DAYS=INTERVALS"):
        parse_hours_option(text)


# -- deadline ----------------------------------------------------------------------------------


def test_deadline_on_a_policy_file_plan_and_metric(capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(EXAMPLES / "miami-desk.toml")
    assert (
        main(["deadline", "low", "2026-11-20 17:30", "--policy", policy, "--metric", "resolution"])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "priority:        low (resolution target 10 business days, to the close of business)",
        "plan:            standard",
        "submitted:       Fri 2026-11-20 17:30:00-05:00 (America/New_York)",
        "counting from:   Fri 2026-11-20 17:30:00-05:00 (America/New_York)",
        "due (desk):      Tue 2026-12-08 18:00:00-05:00 (America/New_York)",
        "due (submitter): Tue 2026-12-08 18:00:00-05:00 (America/New_York)",
    ]


def test_deadline_json_on_a_calendar_clock(capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(EXAMPLES / "miami-desk.toml")
    args = ["deadline", "critical", "2026-11-21 23:30", "--policy", policy, "--plan", "24X7"]
    assert main([*args, "--tz", "Europe/Madrid", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "priority": "high",
        "plan": "24x7",
        "metric": "response",
        "target": "1h calendar",
        "submitted": "2026-11-21T23:30:00+01:00",
        "counting_from": "2026-11-21T17:30:00-05:00",  # every real minute counts
        "due": "2026-11-21T18:30:00-05:00",
        "due_submitter": "2026-11-22T00:30:00+01:00",
        "desk_zone": "America/New_York",
        "submitter_zone": "Europe/Madrid",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--country", "AR"],
            "--country adjusts the embedded default policy, and --policy replaces it",
        ),
        (["--hours", "08:00-17:00", "--desk-tz", "UTC"], "--desk-tz, --hours adjust the embedded"),
        (["--plan", "gold"], "unknown plan 'gold': expected one of standard, 24x7"),
        (["--metric", "update"], "no update target for priority 'high' in plan 'standard'"),
    ],
)
def test_deadline_policy_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = str(EXAMPLES / "miami-desk.toml")
    assert main(["deadline", "high", "2026-11-20 17:30", "--policy", policy, *args]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("slaclock: error: ")
    assert message in captured.err


def test_deadline_with_an_unreadable_policy_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "high", "2026-11-20 17:30", "--policy", "/nowhere/desk.toml"]) == 2
    assert "/nowhere/desk.toml" in capsys.readouterr().err


# -- explain -----------------------------------------------------------------------------------


def test_explain_lists_the_periods_and_closures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "high", "2026-11-25 16:00"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "priority:        high (response target 4h of business time)",
        "submitted:       Wed 2026-11-25 16:00:00-05:00 (America/New_York)",
        "due (desk):      Mon 2026-11-30 11:00:00-05:00 (America/New_York)",
        "due (submitter): Mon 2026-11-30 11:00:00-05:00 (America/New_York)",
        "",
        "response: running, target 4h, 4h left",
        "  counting from Wed 2026-11-25 16:00",
        "  open Wed 2026-11-25 16:00 - 18:00  (2h)",
        "  open Mon 2026-11-30 09:00 - 11:00  (2h)",
        "  closed 2026-11-26  (Thanksgiving Day)",
        "  closed 2026-11-27  (Friday After Thanksgiving)",
        "  due Mon 2026-11-30 11:00 EST",
        "  warn at 75%: fires Mon 2026-11-30 10:00",
        "  level 2 at 100%: fires Mon 2026-11-30 11:00",
        "  level 3 at 150%: fires Mon 2026-11-30 13:00",
    ]


def test_explain_now_shows_time_overdue_never_a_negative_timedelta(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Due Mon 11:00 in New York; --now is read in --tz like the submission: Buenos Aires
    # 14:00 is New York 12:00, 1h overdue.
    args = ["explain", "high", "2026-11-20T16:00-05:00", "--now", "2026-11-23 14:00"]
    assert main([*args, "--tz", "America/Argentina/Buenos_Aires"]) == 0
    out = capsys.readouterr().out
    assert (
        "now:             Mon 2026-11-23 14:00:00-03:00 (America/Argentina/Buenos_Aires)\n" in out
    )
    assert "response: breached, target 4h, 1h overdue\n" in out
    assert "-1 day" not in out
    assert main(["explain", "high", "2026-11-20 16:00", "--now", "2026-11-20 15:00"]) == 2
    assert capsys.readouterr().err == (
        "slaclock: error: --now '2026-11-20 15:00' is before the submission at "
        "2026-11-20 16:00:00-05:00: expected a time at or after it\n"
    )


@pytest.mark.parametrize(
    ("priority", "submitted", "metric"),
    [
        ("alta", "2026-07-08 16:00", "resolution"),
        ("media", "2026-12-23 17:00", "response"),
        ("baja", "2026-07-08T10:00:00+02:00", "response"),
    ],
)
def test_explain_agrees_with_deadline(
    priority: str, submitted: str, metric: str, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = ["--policy", str(EXAMPLES / "latam-desk.toml"), "--metric", metric]
    main(["deadline", priority, submitted, *policy])
    due = next(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("due (desk)")
    )
    main(["explain", priority, submitted, *policy])
    assert due in capsys.readouterr().out.splitlines()


def test_explain_refuses_the_update_metric() -> None:
    with pytest.raises(SystemExit) as info:
        main(["explain", "high", "2026-11-25 16:00", "--metric", "update"])
    assert info.value.code == 2


# -- calendar ----------------------------------------------------------------------------------


def test_calendar_exceptions_of_a_policy_plan(capsys: pytest.CaptureFixture[str]) -> None:
    policy = str(EXAMPLES / "miami-desk.toml")
    args = ["calendar", "--from", "2026-11-20", "--to", "2026-12-31", "--policy", policy]
    assert main([*args, "--plan", "standard", "--exceptions"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "plan standard (the default plan), 2026-11-20 to 2026-12-31",
        "  zone:     America/New_York",
        "  hours:    mon-fri 09:00-18:00",
        "  calendar: holidays of US-FL",
        "  2026-11-26 Thu  closed                           holiday: Thanksgiving Day",
        "  2026-11-27 Fri  closed                           holiday: Friday After Thanksgiving",
        "  2026-12-24 Thu  09:00-13:00                  4h  override",
        "  2026-12-25 Fri  closed                           holiday: Christmas Day",
        "  27 open days, 238h open; 3 closed by the calendar; 1 overrides",
    ]


def test_calendar_shows_every_day_and_daylight_saving(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "calendar",
        "--from",
        "2026-03-07",
        "--to",
        "2026-03-09",
        "--hours",
        "mon-sun=00:00-24:00",
    ]
    assert main([*args, "--country", "none"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "plan standard (the default plan), 2026-03-07 to 2026-03-09",
        "  zone:     America/New_York",
        "  hours:    mon-sun 00:00-24:00",
        "  calendar: none",
        "  2026-03-07 Sat  00:00-24:00                 24h",
        "  2026-03-08 Sun  00:00-24:00                 23h  daylight-saving change: 23h of real time",
        "  2026-03-09 Mon  00:00-24:00                 24h",
        "  3 open days, 71h open; 0 closed by the calendar; 0 overrides",
    ]


def test_calendar_of_a_year_lists_every_plan(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", "2026", "--policy", str(EXAMPLES / "latam-desk.toml")]) == 0
    out = capsys.readouterr().out
    assert out.count("\n  2026-") == 2 * 365
    assert "plan estandar (the default plan), 2026-01-01 to 2026-12-31" in out
    assert "\nplan extendido, 2026-01-01 to 2026-12-31" in out
    assert "  2026-07-09 Thu  closed                           holiday: Independence Day" in out
    assert "  2026-12-24 Thu  closed                           holiday: Nochebuena" in out
    assert "  2026-12-30 Wed  09:00-13:00                  4h  override" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2026", "--from", "2026-01-01", "--to", "2026-02-01"],
            "give a year or --from/--to, not both",
        ),
        (["--from", "2026-01-01"], "--from and --to go together"),
        (
            ["--from", "2026-02-01", "--to", "2026-01-01"],
            "--to 2026-01-01 is before --from 2026-02-01",
        ),
        (["--from", "2026-02-30", "--to", "2026-03-01"], "--from '2026-02-30': expected a date"),
        (["0002"], "year 2: expected a year from 3 to 9997"),
        (["2026", "--plan", "gold"], "unknown plan 'gold'"),
    ],
)
def test_calendar_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar", *args]) == 2
    assert message in capsys.readouterr().err


def test_calendar_of_a_year_of_the_first_century_is_written_with_four_digits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["calendar", "0026", "--country", "", "--exceptions"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "plan standard (the default plan), 0026-01-01 to 0026-12-31"
    )
    for year, message in [
        ("99999", "year '99999': expected four digits such as 2026 (0026 for the year 26)"),
        ("26", "year '26': expected four digits such as 2026 (0026 for the year 26)"),
        ("２０２６", "year '２０２６': expected four digits"),
    ]:
        with pytest.raises(SystemExit) as stopped:
            main(["calendar", year])
        assert stopped.value.code == 2
        assert message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["calendar", "26", "--lang", "es"])
    assert "año '26': se esperaban cuatro dígitos como 2026" in capsys.readouterr().err


# -- check -------------------------------------------------------------------------------------


def test_check_accepts_the_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "miami-desk.toml")]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{EXAMPLES / 'miami-desk.toml'}: ok",
        "  plan standard (default): America/New_York, mon-fri 09:00-18:00, calendar holidays of US-FL",
        "  plan 24x7: America/New_York, mon-sun 00:00-24:00, calendar none",
        "  priorities: high, medium, low (aliases: critical=high, urgent=high, normal=medium)",
        "  response on standard: high 4h, medium 12h, low 24h",
        "  response on 24x7: high 1h calendar, medium 4h calendar, low 8h calendar",
        "  resolution on standard: high 3bd, medium 5bd, low 10bd",
        "  resolution on 24x7: high 3bd, medium 5bd, low 10bd",
    ]


def test_check_lists_every_problem_with_its_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[plans.x]\nzone = "Mars/Base"\nhours = { mon = "9-17" }\n')
    good = str(EXAMPLES / "latam-desk.toml")
    assert main(["check", good, str(bad), str(tmp_path / "missing.toml")]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith(f"{good}: ok\n")
    assert f"slaclock: 3 problems in {bad}:\n" in captured.err
    assert "  plans.x.zone: unknown time zone 'Mars/Base'" in captured.err
    assert "  plans.x.hours.mon: opening time '9' for 'mon'" in captured.err
    assert "  targets: missing" in captured.err
    assert "missing.toml" in captured.err


def test_check_refuses_a_target_under_a_mistyped_priority(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Read as it was, hihg became a fifth priority and high on 24x7 kept the general 4h.
    desk = tmp_path / "desk.toml"
    miami = (EXAMPLES / "miami-desk.toml").read_text(encoding="utf-8")
    desk.write_text(miami.replace('high = "1h calendar"', 'hihg = "1h calendar"'))
    assert main(["check", str(desk)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"slaclock: 1 problem in {desk}:\n"
        "  plans.24x7.targets.response.hihg: unknown priority 'hihg' in "
        "plans.24x7.targets.response: did you mean 'high'? (known: high, medium, low)\n"
    )
    assert (
        main(["deadline", "high", "2026-11-20 17:30", "--policy", str(desk), "--plan", "24x7"]) == 2
    )
    assert "unknown priority 'hihg'" in capsys.readouterr().err


def test_check_refuses_a_plan_that_never_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = tmp_path / "desk.toml"
    desk.write_text('[plans.standard]\nzone = "UTC"\nhours = {}\n[targets.response]\nhigh = "4h"\n')
    assert main(["check", str(desk)]) == 1
    assert capsys.readouterr().err == (
        f"slaclock: 1 problem in {desk}:\n"
        "  plans.standard.hours: opens no day: expected opening hours such as "
        '{ mon-fri = "09:00-18:00" } (a plan that never opens can meet no target)\n'
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["deadline", "high", "2026-11-20 10:00", "--tz", "Bogotá"],
            "unknown time zone 'Bogotá': did you mean 'America/Bogota'? (expected an IANA zone name)",
        ),
        (
            ["deadline", "high", "2026-11-20 10:00", "--tz", "EST"],
            "time zone 'EST' is an abbreviation, a fixed offset (UTC-05:00) that ignores daylight "
            "saving: expected the IANA zone of the place, such as 'America/New_York', "
            "'America/Toronto', 'America/Detroit' or 'America/Panama'",
        ),
        (
            ["calendar", "2026", "--desk-tz", "PST"],
            "time zone 'PST' is an abbreviation, a fixed offset (UTC-08:00) that ignores daylight "
            "saving: expected the IANA zone of the place, such as 'America/Los_Angeles', "
            "'America/Vancouver' or 'America/Tijuana'",
        ),
    ],
    ids=["close name", "abbreviation", "desk abbreviation"],
)
def test_zones_typed_on_the_command_line_are_suggested(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err == f"slaclock: error: {message}\n"


def test_deadline_suggests_a_close_priority(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "hihg", "2026-11-20 17:30"]) == 2
    assert capsys.readouterr().err == (
        "slaclock: error: unknown priority 'hihg': did you mean 'high'? (known: high, medium, "
        "low; aliases: alta, baja, critical, media, p1, p2, p3)\n"
    )


@pytest.mark.parametrize(
    ("header", "args", "message"),
    [
        (
            "id,Created,priority",
            [],
            "no column 'created' in the header of {file} (its columns: id, Created, priority): "
            "did you mean --created-col 'Created'?",
        ),
        (
            "id,created,priority,First reply",
            ["--responded-col", "first_reply"],
            "--responded-col 'first_reply' is not a column of {file}: did you mean "
            "'First reply'? (its columns: id, created, priority, First reply)",
        ),
        (
            "id,opened,priority",
            [],
            "no column 'created' in the header of {file} (its columns: id, opened, priority): "
            "name the created column with --created-col",
        ),
    ],
    ids=["case", "blank", "far"],
)
def test_report_suggests_a_close_column(
    header: str, args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(header + "\n")
    assert main(["report", str(tickets), "-o", str(tmp_path / "out.csv"), *args]) == 2
    expected = message.format(file=repr(str(tickets)))
    assert capsys.readouterr().err == f"slaclock: error: {expected}\n"


# -- report: golden files ------------------------------------------------------------------------

GOLDEN_RUNS = {
    "tickets": (
        ["tickets.csv"],
        {"--output": "results.csv", "--errors": "errors.csv", "--summary": "summary.json"},
    ),
    "events": (
        [
            "events.csv",
            "--events",
            "--id-col",
            "ticket",
            "--event-col",
            "status",
            "--at-col",
            "changed_at",
        ],
        {"--output": "results.jsonl", "--errors": "errors.jsonl", "--summary": "summary.csv"},
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_RUNS))
def test_report_golden_files(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The outputs of a small fixed input. After a deliberate change of the output, rewrite
    them with SLACLOCK_REGENERATE_GOLDEN=1 and review the diff."""
    inputs, outputs = GOLDEN_RUNS[name]
    args = ["report", str(GOLDEN / inputs[0]), *inputs[1:], "--policy", str(GOLDEN / "policy.toml")]
    args += ["--now", NOW]
    for option, file in outputs.items():
        args += [option, str(tmp_path / file)]
    assert main(args) == 1  # rows rejected into --errors
    produced = {f"{name}.stdout.txt": capsys.readouterr().out}
    for file in outputs.values():
        produced[f"{name}.{file}"] = (tmp_path / file).read_text(encoding="utf-8")
    for file, text in produced.items():
        expected = GOLDEN / file
        if os.environ.get("SLACLOCK_REGENERATE_GOLDEN"):
            expected.write_text(text, encoding="utf-8")
        assert text == expected.read_text(encoding="utf-8"), f"{file} differs from the golden file"


def test_golden_counts_add_up() -> None:
    summary = json.loads((GOLDEN / "tickets.summary.json").read_text(encoding="utf-8"))
    results, errors, rows = (
        list(csv.DictReader(io.StringIO((GOLDEN / name).read_text(encoding="utf-8"))))
        for name in ("tickets.results.csv", "tickets.errors.csv", "tickets.csv")
    )
    assert summary["rows_read"] == len(rows) == len(results) + len(errors)
    assert sorted(int(r["line"]) for r in results + errors) == list(range(2, len(rows) + 2))


# -- report: the files ---------------------------------------------------------------------------


def report(*args: str) -> list[str]:
    return ["report", *args, "--policy", str(GOLDEN / "policy.toml"), "--now", NOW]


def test_report_to_stdout_with_rejections_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(report(str(GOLDEN / "tickets.csv"))) == 1
    captured = capsys.readouterr()
    assert captured.out == (GOLDEN / "tickets.results.csv").read_text(encoding="utf-8")
    lines = captured.err.splitlines()
    assert lines[0] == (
        "slaclock: rejected line 12 (T11): unknown priority 'urgent': expected one of high, "
        "medium, low (or an alias: p1, p2, p3)"
    )
    assert sum(line.startswith("slaclock: rejected line ") for line in lines) == 8
    assert "rows read 20 = written 12 + rejected 8" in captured.err


def test_report_reads_stdin_gzip_and_another_delimiter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (GOLDEN / "tickets.csv").read_text(encoding="utf-8")
    semicolons = "\n".join(";".join(row) for row in csv.reader(io.StringIO(text))) + "\n"
    packed = tmp_path / "tickets.csv.gz"
    packed.write_bytes(gzip.compress(semicolons.encode()))
    assert (
        main(
            [
                *report(str(packed)),
                "--delimiter",
                ";",
                "--errors",
                str(tmp_path / "e.csv"),
            ]
        )
        == 1
    )
    from_gzip = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(semicolons.encode())))
    assert main([*report("-"), "--delimiter", ";", "--errors", str(tmp_path / "e.csv")]) == 1
    from_stdin = capsys.readouterr().out
    assert from_gzip == from_stdin
    expected = (GOLDEN / "tickets.results.csv").read_text(encoding="utf-8")
    assert from_gzip.replace(";", ",") == expected.replace(";", ",")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--events"], "no column 'event' in the header of"),
        (["--responded-col", "first_reply"], "--responded-col 'first_reply' is not a column of"),
        (["--created-col", "opened"], "no column 'opened' in the header"),
        (["--format", "jsonl"], "rejected line 1: not valid JSON: Expecting value"),
        (["--output", "out.xlsx"], "out.xlsx' from its name: expected a name ending in .csv"),
        (
            ["--summary", "summary.txt"],
            "summary.txt': expected a name ending in .csv or .json",
        ),
        (["--now", "tomorrow"], "'tomorrow' is not an ISO 8601 date-time"),
        (["--country", "AR"], "--country adjusts the embedded default policy"),
        (["--strict"], "line 12 (ticket 'T11'): unknown priority 'urgent'"),
    ],
)
def test_report_errors_write_nothing(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.csv"
    output.write_text("the previous report\n")
    args = [arg if not arg.endswith((".xlsx", ".txt")) else str(tmp_path / arg) for arg in args]
    status = main([*report(str(GOLDEN / "tickets.csv")), "-o", str(output), *args])
    assert status == (1 if args == ["--format", "jsonl"] else 2)
    assert message in capsys.readouterr().err
    if status == 2:
        assert output.read_text() == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("--output", "--errors"), ("--errors", "--summary"), ("--output", "--summary")],
)
def test_report_files_must_differ(
    first: str, second: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = str(tmp_path / "same.csv")
    assert main([*report(str(GOLDEN / "tickets.csv")), first, same, second, same]) == 2
    assert f"{first} and {second} name the same file" in capsys.readouterr().err


def test_report_refuses_to_overwrite_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "tickets.csv"
    copy.write_bytes((GOLDEN / "tickets.csv").read_bytes())
    assert main([*report(str(copy)), "-o", str(copy)]) == 2
    assert "--output names the input file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("missing.csv", "cannot use '{tmp}/missing.csv': No such file or directory"),
        ("tickets.xml", "cannot tell the format of '{tmp}/tickets.xml'"),
    ],
)
def test_report_input_errors(
    path: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(report(str(tmp_path / path))) == 2
    assert message.format(tmp=tmp_path) in capsys.readouterr().err


def test_report_output_directory_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "results.csv"
    assert main([*report(str(GOLDEN / "tickets.csv")), "-o", str(target)]) == 2
    assert f"cannot use '{target}': No such file or directory" in capsys.readouterr().err


def test_an_interrupted_report_leaves_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    output, errors = tmp_path / "results.csv", tmp_path / "errors.csv"
    output.write_text("old results\n")
    written: list[object] = []

    def write(self: object, record: object) -> None:
        written.append(record)
        if len(written) == 5:
            raise KeyboardInterrupt

    monkeypatch.setattr(RecordWriter, "write", write)
    args = [
        *report(str(GOLDEN / "tickets.csv")),
        "-o",
        str(output),
        "--errors",
        str(errors),
    ]
    assert main(args) == 130
    assert "interrupted: nothing was written" in capsys.readouterr().err
    assert output.read_text() == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.csv"]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_only() -> None:
    terminal = FakeTerminal()
    ticks = iter([0.0, 0.1, 0.7, 0.8, 1.5])
    progress = Progress(terminal, clock=lambda: next(ticks))
    progress.update(10)  # 0.1 s: too soon
    progress.update(700)  # 0.7 s: shown
    progress.update(800)  # 0.8 s: too soon after the last
    progress.update(1500)
    progress.done()
    assert terminal.getvalue().split("\r")[1:] == [
        "slaclock report: 700 rows read, 1,000 rows/s",
        "slaclock report: 1,500 rows read, 1,000 rows/s",
        " " * 46,
        "",
    ]
    quiet = io.StringIO()
    Progress(quiet).update(10**6)
    assert quiet.getvalue() == ""


# -- through python -m slaclock ------------------------------------------------------------------


def test_help_texts_have_examples() -> None:
    result = run("report", "--help")
    assert result.returncode == 0
    assert "examples:\n  slaclock report tickets.csv --policy desk.toml" in result.stdout
    assert "--created-col NAME" in result.stdout
    top = run("--help")
    for command in ("deadline", "explain", "calendar", "check", "report"):
        assert f"slaclock {command} " in top.stdout


def test_report_end_to_end_every_row_accounted_for(tmp_path: Path) -> None:
    """A few hundred rows, a seeded sixth of them bad in every way the report knows, run
    through ``python -m slaclock``: each input line is in the results or the errors file,
    once, and the summary's counts add up."""
    generator = random.Random(2026)
    header = "id,created,priority,plan,responded,solved"
    lines = [header]
    bad_kinds = [
        "{id},2026-11-2X 10:00,high,,,",
        "{id},2026-11-20 10:00,urgent,,,",
        "{id},2026-11-20 10:00,high,gold,,",
        "{id},2026-11-20 10:00,high",
        "{id},2026-11-23 10:00,high,,2026-11-20 10:00,",
        "{id},2026-03-08 02:30,high,,,",
        "T1,2026-11-20 10:00,high,,,",
    ]
    for number in range(400):
        ticket = f"T{number + 1}"
        if number and generator.random() < 1 / 6:
            lines.append(generator.choice(bad_kinds).format(id=ticket))
            continue
        day = generator.randrange(2, 28)
        hour = generator.randrange(0, 24)
        created = f"2026-11-{day:02d} {hour:02d}:00"
        responded = f"2026-11-{day:02d} {hour:02d}:45" if generator.random() < 0.8 else ""
        plan = generator.choice(["", "standard", "latam"])
        priority = generator.choice(["high", "medium", "low", "p1", "P2"])
        lines.append(f"{ticket},{created},{priority},{plan},{responded},")
    source = tmp_path / "tickets.csv"
    source.write_text("\n".join(lines) + "\n")
    out, errors, summary = (tmp_path / name for name in ("r.csv", "e.jsonl", "s.json"))
    result = run(
        "report", str(source), "--policy", str(GOLDEN / "policy.toml"), "--now", NOW,
        "-o", str(out), "--errors", str(errors), "--summary", str(summary),
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # rows rejected into --errors
    assert result.stderr == ""
    counts = json.loads(summary.read_text())
    written = [int(row["line"]) for row in csv.DictReader(io.StringIO(out.read_text()))]
    rejected = [json.loads(line)["line"] for line in errors.read_text().splitlines()]
    assert counts["rows_read"] == 400 == len(written) + len(rejected)
    assert (counts["rows_written"], counts["rows_rejected"]) == (len(written), len(rejected))
    assert sorted(written + rejected) == list(range(2, 402))
    assert len(rejected) > 40
    assert f"rows read 400 = written {len(written)} + rejected {len(rejected)}" in result.stdout


def test_report_dash_output_tab_delimiter_and_truncated_gzip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = "id\tcreated\tpriority\nT1\t2026-11-20 16:00\thigh\n"
    tabbed = tmp_path / "tickets.csv"
    tabbed.write_text(rows)
    assert main([*report(str(tabbed)), "--delimiter", "tab", "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("line\tid\tpriority\tplan\tcreated\t")
    assert "\n2\tT1\thigh\tstandard\t2026-11-20T16:00:00-05:00\t" in captured.out
    assert captured.err.startswith("rows read 1 = written 1 + rejected 0")
    truncated = tmp_path / "tickets.csv.gz"
    truncated.write_bytes(gzip.compress((GOLDEN / "tickets.csv").read_bytes())[:-30])
    assert main([*report(str(truncated)), "-o", str(tmp_path / "r.csv")]) == 2
    assert "slaclock: error: the input ends early" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()


def test_report_encodings_and_files_that_are_not_what_they_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli import main

    text = "id,created,priority\nT1,2026-11-20 16:00,high\n"
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    assert main(["report", str(utf16), "--now", "2026-12-01"]) == 2
    err = capsys.readouterr().err
    assert f"{utf16}: the header: line 1 begins with a UTF-16 byte-order mark" in err
    assert main(["report", str(utf16), "--now", "2026-12-01", "--encoding", "utf-16"]) == 0
    assert "T1,high,standard,2026-11-20T16:00:00-05:00" in capsys.readouterr().out
    assert main(["report", str(utf16), "--encoding", "utf-61"]) == 2
    assert "encoding 'utf-61': expected a text encoding such as utf-8" in capsys.readouterr().err
    table = tmp_path / "t.parquet"
    table.write_bytes(b"PAR1")
    assert main(["report", str(table), "--encoding", "cp1252"]) == 2
    assert "a Parquet input's text is UTF-8 inside" in capsys.readouterr().err
    help_text = subprocess.run(
        [sys.executable, "-m", "slaclock", "report", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for name in ("Parquet", ".parquet", "--encoding", "--date-format", "--dayfirst"):
        assert name in help_text


@pytest.mark.parametrize(("mark", "shown"), [(";", "';'"), ("\t", "'tab'"), ("|", "'|'")])
def test_report_hints_at_the_delimiter_a_header_seems_to_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mark: str, shown: str
) -> None:
    from slaclock.cli import main

    export = tmp_path / "export.csv"
    export.write_text(mark.join(["id", "created", "priority"]) + "\nT1\n", encoding="utf-8")
    assert main(["report", str(export)]) == 2
    err = capsys.readouterr().err
    assert f"the header looks delimited by {mark!r}, not ',': try --delimiter {shown}" in err
    assert main(["report", str(export), "--delimiter", "tab" if mark == "\t" else mark]) == 1


_REPORT_DESK = """
[policy]
name = "Desk"
zone = "America/Bogota"
default_plan = "standard"

[targets.response]
high = "4h"
low = "24h"

[plans.standard]
hours = { mon-fri = "08:00-18:00" }

[report]
delimiter = ";"
dayfirst = true
encoding = "cp1252"
columns = { id = "Caso", created = "Fecha de creación", priority = "Prioridad" }
"""


def test_report_reads_its_settings_from_the_policy_and_flags_override_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli import main

    desk = tmp_path / "desk.toml"
    desk.write_text(_REPORT_DESK, encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_bytes(
        "Caso;Fecha de creación;Prioridad\nC1;13/11/2026 17:30;high\nC2;2026-11-20 09:00;low\n"
        .encode("cp1252")
    )  # fmt: skip
    assert main(["report", str(export), "--policy", str(desk), "--now", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "2;C1;high;standard;2026-11-13T17:30:00-05:00;" in out
    assert "3;C2;low;standard;2026-11-20T09:00:00-05:00;" in out
    # a flag wins over its setting: the day-first date no longer matches --date-format
    flags = ["--date-format", "%Y-%m-%d %H:%M", "--delimiter", ",", "--now", "2026-12-01"]
    assert main(["report", str(export), "--policy", str(desk), *flags]) == 2  # no column
    assert "looks delimited by ';'" in capsys.readouterr().err
    flags[3] = ";"
    assert main(["report", str(export), "--policy", str(desk), *flags]) == 1
    err = capsys.readouterr().err
    assert "'13/11/2026 17:30' does not match the date format '%Y-%m-%d %H:%M'" in err


def test_the_report_table_of_a_policy_is_checked_key_by_key(tmp_path: Path) -> None:
    from slaclock.config import ReportSettings, load_report_settings, loads_policy
    from slaclock.errors import PolicyFileError

    text = _REPORT_DESK.replace('delimiter = ";"', 'delimeter = ";"').replace(
        "dayfirst = true", 'dayfirst = "yes"\ndate_format = 5'
    )
    with pytest.raises(PolicyFileError) as caught:
        loads_policy(text)
    message = str(caught.value)
    assert "report.delimeter: unknown key: did you mean 'delimiter'?" in message
    assert "report.dayfirst: expected true or false, got 'yes'" in message
    assert "report.date_format: expected text, got a number 5" in message
    for bad, expected in [
        ('delimiter = "ab"', "report.delimiter: 'ab': expected one character"),
        ('columns = { ticket = "Caso" }', "report.columns.ticket: unknown key"),
        ('columns = { id = "" }', "report.columns.id: expected a column name, got ''"),
        ('date_format = "%d/%m/%Y"\ndayfirst = true', "a date_format and dayfirst: give one"),
        ('events = { call = "nope" }', "report.events.call: unknown event kind 'nope'"),
        ("events = { call = 3 }", "report.events.call: expected an event kind or 'ignore'"),
        ('reply_resumes = "yes"', "report.reply_resumes: expected true or false, got 'yes'"),
        ("activity_reopens = 1", "report.activity_reopens: expected true or false, got 1"),
    ]:
        with pytest.raises(PolicyFileError, match=re.escape(expected)):
            loads_policy(_REPORT_DESK.split("[report]")[0] + "[report]\n" + bad + "\n")
    plain = tmp_path / "plain.toml"
    plain.write_text(_REPORT_DESK.split("[report]")[0], encoding="utf-8")
    assert load_report_settings(plain) == ReportSettings()
    desk = tmp_path / "desk.toml"
    desk.write_text(_REPORT_DESK, encoding="utf-8")
    settings = load_report_settings(desk)
    assert (settings.delimiter, settings.dayfirst, settings.encoding) == (";", True, "cp1252")
    assert dict(settings.columns)["created"] == "Fecha de creación"


def test_report_reads_an_exports_event_names_from_the_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli import main

    desk = tmp_path / "desk.toml"
    desk.write_text(
        _REPORT_DESK.split("[report]")[0]
        + '[report]\ncolumns = { id = "Caso", event = "Actividad", at = "Fecha" }\n'
        + 'events = { "Apertura" = "created", "Encuesta" = "ignore" }\n',
        encoding="utf-8",
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "Caso,Actividad,Fecha,priority\nC1,Apertura,2026-11-20 09:00,high\n"
        "C1,Encuesta,2026-11-20 10:00,\n",
        encoding="utf-8",
    )
    assert main(["report", str(log), "--events", "--policy", str(desk), "--now", "2026-12-01"]) == 0
    captured = capsys.readouterr()
    assert "2,C1,high,standard,2026-11-20T09:00:00-05:00,open,breached" in captured.out
    assert "rows read 2 = written 2 + rejected 0" in captured.err


def test_report_reads_a_status_style_log_as_the_policy_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # "Espera" (a wait) then "Atención" (a reply): resumed only when the policy says so;
    # "Resolver" twice: the second one closes the ticket
    from slaclock.cli import main

    table = (
        '[report]\nevents = { "Apertura" = "created", "Atención" = "responded", '
        '"Espera" = "paused", "Resolver" = "solved" }\n'
    )
    log = tmp_path / "log.csv"
    log.write_text(
        "id,event,at,priority\nC1,Apertura,2026-11-23 09:00,high\nC1,Espera,2026-11-23 09:30,\n"
        "C1,Atención,2026-11-23 15:00,\nC2,Apertura,2026-11-23 09:00,low\n"
        "C2,Resolver,2026-11-23 10:00,\nC2,Resolver,2026-11-23 11:00,\n",
        encoding="utf-8",
    )
    states = {}
    for flags in ("", "reply_resumes = true\nactivity_reopens = true\n"):
        desk = tmp_path / "desk.toml"
        desk.write_text(_REPORT_DESK.split("[report]")[0] + table + flags, encoding="utf-8")
        command = ["report", str(log), "--events", "--policy", str(desk), "--now", "2026-12-01"]
        assert main(command) == 0
        rows = capsys.readouterr().out.splitlines()[1:]
        states[bool(flags)] = [row.split(",")[5] for row in rows]
    assert states == {False: ["paused", "solved"], True: ["open", "closed"]}


@pytest.mark.parametrize("columnar", [True, False])
def test_report_at_risk_keeps_the_open_tickets_that_breach_soon(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columnar: bool,
) -> None:
    from functools import partial

    from slaclock.cli import main
    from slaclock.cli import report as cli_report
    from slaclock.report import run_report

    monkeypatch.setattr(cli_report, "run_report", partial(run_report, columnar=columnar))
    export = tmp_path / "open.csv"
    export.write_text(
        "id,created,priority,responded\n"
        "T1,2026-11-23 09:00,high,\n"          # 2h left at 11:00: at risk
        "T2,2026-11-23 10:30,high,\n"          # 3h30m left
        "T3,2026-11-23 09:00,low,\n"           # 24h target
        "T4,2026-11-20 09:00,high,\n",         # breached already: not at risk, it is late
        encoding="utf-8",
    )  # fmt: skip
    now = ["--now", "2026-11-23 11:00"]
    assert main(["report", str(export), "--at-risk", "3h", *now]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == ["T1"]
    assert "4 tickets evaluated" in captured.err  # the summary counts every ticket
    assert main(["report", str(export), "--at-risk", "4h", *now]) == 0
    assert [line.split(",")[1] for line in capsys.readouterr().out.splitlines()[1:]] == [
        "T1",
        "T2",
    ]
    assert main(["report", str(export), "--at-risk", "2bd"]) == 2
    assert "business days are not an amount of time" in capsys.readouterr().err


def test_check_shows_the_report_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from slaclock.cli import main

    desk = tmp_path / "desk.toml"
    desk.write_text(
        _REPORT_DESK + 'events = { "Llamada" = "update", "Encuesta" = "ignore" }\n',
        encoding="utf-8",
    )
    assert main(["check", str(desk)]) == 0
    shown = capsys.readouterr().out.splitlines()[-1]
    assert shown == (
        "  report: id column 'Caso', created column 'Fecha de creación', priority column "
        "'Prioridad', dates day first, delimiter ';', encoding cp1252, event 'llamada' = "
        "updated, event 'encuesta' = ignore"
    )
    desk.write_text(_REPORT_DESK + "reply_resumes = true\nactivity_reopens = true\n")
    assert main(["check", str(desk)]) == 0
    shown = capsys.readouterr().out.splitlines()[-1]
    assert shown.endswith("encoding cp1252, a reply resumes, activity reopens")


def test_a_column_the_policy_names_is_named_so_when_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli import main

    desk = tmp_path / "desk.toml"
    desk.write_text(_REPORT_DESK.replace('id = "Caso", ', 'id = "Casa", '), encoding="utf-8")
    export = tmp_path / "export.csv"
    export.write_bytes(
        "Caso;Fecha de creación;Prioridad\nC1;13/11/2026 17:30;high\n".encode("cp1252")
    )
    assert main(["report", str(export), "--policy", str(desk)]) == 2
    err = capsys.readouterr().err
    assert "the policy's [report] columns.id 'Casa' is not a column of" in err
    assert "did you mean 'Caso'?" in err
