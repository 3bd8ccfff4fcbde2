"""The command line, through the real entry points."""

from __future__ import annotations

import subprocess
import sys

import pytest

import slaclock
from slaclock.cli import main, parse_hours_option
from slaclock.errors import InvalidHoursError


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
