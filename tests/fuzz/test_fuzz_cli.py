"""Fuzzing the command line: ``slaclock.cli.main(argv)`` on generated arguments.

The exit status is 0 (done), 1 (problems found: rejected rows, policy problems) or 2 (bad
input, options or files; argparse's own usage errors exit 2 too), never 3, the status of an
internal error, and never a traceback. Every file the commands read or write lies in a
temporary folder.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzzing import fuzz
from hypothesis import example, given
from hypothesis import strategies as st
from test_fuzz_policy import MINIMAL, POLICY_TEXTS

from slaclock.cli import main

TEXT = st.text(max_size=12)
PRIORITIES = st.one_of(st.sampled_from(("high", "medium", "low", "alta", "HIGH", "")), TEXT)
INSTANTS = st.one_of(
    st.sampled_from(
        (
            "2026-11-20 17:30", "2026-11-20T17:30:00-03:00", "2026-03-08 02:30", "0001-01-01",
            "0002-01-01 00:00", "9998-12-31 23:59", "9999-12-31", "2026-02-30", "now", "",
        )
    ),
    TEXT,
)  # fmt: skip
ZONES = st.one_of(
    st.sampled_from(("America/New_York", "Pacific/Kiritimati", "UTC", "Mars/Base", "")), TEXT
)
COUNTRIES = st.one_of(st.sampled_from(("US", "AR", "none", "ZZ", "us", "")), TEXT)
HOURS = st.one_of(
    st.sampled_from(
        (
            "mon-fri=09:00-18:00", "mon-sun=00:00-24:00", "sat=22:00-06:00; sun=10:00-11:00",
            "mon=09:00-12:00,13:00-17:00", "mon-fri=9-17", "=", ";;", "mon-fri=",
        )
    ),
    TEXT,
)  # fmt: skip
DATES = st.one_of(
    st.sampled_from(("2026-01-01", "0001-01-01", "9999-12-31", "9998-12-31", "2026-13-01")), TEXT
)
YEARS = st.one_of(
    st.sampled_from(("2026", "1", "2", "9998", "9999", "0", "-5", "10000", "9" * 30)), TEXT
)

# -- files, in a temporary folder --------------------------------------------------------------

TICKET_ROWS = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(("t1", "t2", "")), TEXT),
        INSTANTS,
        PRIORITIES,
        st.one_of(st.sampled_from(("", "standard", "24x7")), TEXT),
        INSTANTS,
        INSTANTS,
    ),
    max_size=6,
)
EVENT_KINDS = st.one_of(
    st.sampled_from(("created", "paused", "resumed", "responded", "solved", "reopened")), TEXT
)
EVENT_ROWS = st.lists(
    st.tuples(st.sampled_from(("t1", "t2", "")), EVENT_KINDS, INSTANTS, PRIORITIES),
    max_size=8,
)


def _csv(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\n\r') else cell


@st.composite
def report_inputs(draw: st.DrawFn, folder: Path) -> tuple[str, bool]:
    """A ticket file or an event log (CSV or JSON Lines, sometimes garbage); its path and
    whether it is an event log."""
    events = draw(st.booleans())
    kind = draw(st.sampled_from(("csv", "jsonl", "garbage")))
    if events:
        header = ["id", "event", "at", "priority"]
        rows: list[tuple[str, ...]] = draw(EVENT_ROWS)
    else:
        header = ["id", "created", "priority", "plan", "responded", "solved"]
        rows = draw(TICKET_ROWS)
    if kind == "csv":
        text = "\n".join(",".join(map(_csv, row)) for row in [tuple(header), *rows]) + "\n"
        path = folder / "input.csv"
    elif kind == "jsonl":
        import json

        text = "".join(json.dumps(dict(zip(header, row, strict=True))) + "\n" for row in rows)
        path = folder / "input.jsonl"
    else:
        text = draw(st.text(max_size=200))
        path = folder / draw(st.sampled_from(("input.csv", "input.jsonl", "input.parquet")))
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return str(path), events


@st.composite
def policy_options(draw: st.DrawFn, folder: Path) -> list[str]:
    """Options choosing a policy: a policy file (fuzzed), the default's adjustments, both."""
    found: list[str] = []
    if draw(st.integers(0, 2)) == 0:
        path = folder / "policy.toml"
        text = draw(st.one_of(st.just(MINIMAL), POLICY_TEXTS))
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        found += ["--policy", str(path) if draw(st.integers(0, 5)) else str(folder / "none")]
    for option, values in (
        ("--desk-tz", ZONES),
        ("--country", COUNTRIES),
        ("--subdiv", st.one_of(st.sampled_from(("FL", "NY", "ZZ")), TEXT)),
        ("--hours", HOURS),
    ):
        if draw(st.integers(0, 3)) == 0:
            found += [option, draw(values)]
    return found


@st.composite
def argvs(draw: st.DrawFn, folder: Path) -> list[str]:
    """The arguments of one command, with some options of any kind added or dropped."""
    command = draw(st.sampled_from(("deadline", "explain", "calendar", "check", "report")))
    argv = [command]
    if command in ("deadline", "explain"):
        argv += [draw(PRIORITIES), draw(INSTANTS)]
        for option, values in (
            ("--tz", ZONES),
            ("--plan", st.one_of(st.sampled_from(("standard", "24x7")), TEXT)),
            ("--metric", st.sampled_from(("response", "resolution", "update", "x"))),
        ):
            if draw(st.integers(0, 3)) == 0:
                argv += [option, draw(values)]
        if command == "deadline" and draw(st.booleans()):
            argv.append("--json")
        argv += draw(policy_options(folder))
    elif command == "calendar":
        if draw(st.booleans()):
            argv.append(draw(YEARS))
        for option in ("--from", "--to"):
            if draw(st.integers(0, 2)) == 0:
                argv += [option, draw(DATES)]
        if draw(st.booleans()):
            argv.append("--exceptions")
        argv += draw(policy_options(folder))
    elif command == "check":
        for index in range(draw(st.integers(1, 3))):
            path = folder / f"check{index}.toml"
            path.write_text(draw(POLICY_TEXTS), encoding="utf-8", errors="surrogatepass")
            argv.append(str(path))
    else:
        source, events = draw(report_inputs(folder))
        argv.append(source)
        if events:
            argv.append("--events")
        argv += ["--now", draw(st.one_of(st.just("2026-12-01 00:00"), INSTANTS))]
        for option, values in (
            ("--output", st.sampled_from(("out.csv", "out.jsonl", "out.parquet", "-"))),
            ("--errors", st.sampled_from(("errors.csv", "errors.jsonl"))),
            ("--summary", st.sampled_from(("summary.csv", "summary.json"))),
            ("--delimiter", st.one_of(st.sampled_from((",", ";", "tab", "", "ab", "\n")), TEXT)),
            ("--format", st.sampled_from(("csv", "jsonl", "parquet"))),
            ("--created-col", st.sampled_from(("created", "at", ""))),
        ):
            if draw(st.integers(0, 3)) == 0:
                value = draw(values)
                if option in ("--output", "--errors", "--summary") and value != "-":
                    value = str(folder / value)
                argv += [option, value]
        if draw(st.integers(0, 4)) == 0:
            argv.append("--strict")
        argv += draw(policy_options(folder))
    if draw(st.integers(0, 9)) == 0:  # an option in the wrong place, or of another command
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(("--json", "-x", "--"))))
    return argv


@pytest.fixture
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="slaclock-fuzz-") as name:
        yield Path(name)


def run(argv: list[str]) -> int:
    """``main(argv)``'s exit status; argparse's usage errors (``SystemExit``) as their code."""
    try:
        return main(argv)
    except SystemExit as stop:
        code: Any = stop.code
        return code if isinstance(code, int) else 2


@fuzz(60)
@given(data=st.data())
@example(data=None)
def test_the_command_line_exits_0_1_or_2(
    data: st.DataObject | None, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if data is None:  # the rows of issue 19 that reached the command line
        cases = [
            ["calendar", "--from", "9999-12-31", "--to", "9999-12-31"],
            ["report", str(folder / "t.jsonl"), "--delimiter", ""],
            ["report", str(folder / "t.jsonl"), "--delimiter", "ab"],
        ]
        (folder / "t.jsonl").write_text("", encoding="utf-8")
        nested = folder / "nested.toml"
        nested.write_text("x = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
        cases.append(["check", str(nested)])
    else:
        cases = [data.draw(argvs(folder))]
    for argv in cases:
        status = run(argv)
        captured = capsys.readouterr()
        assert status in (0, 1, 2), (argv, status, captured.err[-2000:])
        assert "Traceback" not in captured.err, (argv, captured.err[-2000:])
