"""The columnar path of a report (one row per ticket) against the engine alone: same results,
rejections and summaries, row for row."""

from __future__ import annotations

import csv
import io
import random
import re
from datetime import datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slaclock
from profiles import scale
from slaclock import report as report_module
from slaclock.files import RecordWriter, csv_cell
from slaclock.report import RESULT_COLUMNS, Rejection, Summary, TicketResult, run_report
from slaclock.tracking import Options

pytest.importorskip("numpy")

ROOT = Path(__file__).parent.parent
BENCH_POLICY = """\
[policy]
name = "Mixed desk"
zone = "America/New_York"
default_plan = "standard"

[priorities.aliases]
p1 = "high"
urgent = "high"

[targets.response]
high = "4h"
medium = "12h"
low = "24h"

[targets.update]
high = "8h"
medium = "1bd"

[targets.resolution]
high = "2bd"
medium = "5bd"
low = "30h calendar"

[thresholds]
response = [{ at = "75%", name = "warn" }, { at = "100%", level = 2 }, { at = "150%", level = 3 }]
update = [{ at = "33.3%", name = "nudge" }]

[plans.standard]
hours = { mon-fri = "09:00-18:00" }
holidays = { country = "US", subdiv = "FL" }
overrides = { "2026-12-24" = "09:00-13:00" }

[plans.latam]
zone = "America/Argentina/Buenos_Aires"
hours = { mon-fri = ["09:00-13:00", "14:00-18:00"], sat = "09:00-13:00" }
holidays = { country = "AR" }

[plans.24x7]
hours = { mon-sun = "00:00-24:00" }

[plans.24x7.targets.response]
high = "1h calendar"
medium = "4h calendar"
"""

POLICIES = {
    "default": slaclock.default_policy(),
    "latam": slaclock.load_policy(ROOT / "docs" / "examples" / "latam-desk.toml"),
    "miami": slaclock.load_policy(ROOT / "docs" / "examples" / "miami-desk.toml"),
    "mixed": slaclock.loads_policy(BENCH_POLICY),
}
NOW = datetime(2026, 12, 1)
ZONES = [ZoneInfo("America/New_York"), ZoneInfo("Europe/Madrid"), ZoneInfo("Asia/Kolkata")]
# Around the US and EU daylight-saving changes, Thanksgiving, Christmas, weekends.
ANCHORS = [
    datetime(2026, 3, 6, 17),
    datetime(2026, 3, 27, 16),
    datetime(2026, 10, 30, 17),
    datetime(2026, 10, 31, 23),
    datetime(2026, 11, 25, 17, 30),
    datetime(2026, 11, 27, 9),
    datetime(2025, 12, 23, 12),
    datetime(2026, 11, 29, 20),
]


@st.composite
def instants(draw: st.DrawFn, base: datetime) -> str | datetime | None:
    kind = draw(st.sampled_from(["naive", "naive", "aware", "datetime", "missing", "bad"]))
    moment = base + timedelta(minutes=draw(st.integers(-600, 60 * 24 * 12)))
    if draw(st.booleans()):
        moment = moment.replace(minute=0, second=0)  # on the hour: openings and closings
    elif draw(st.integers(0, 3)) == 0:  # to the microsecond: fractional seconds in the output
        moment += timedelta(microseconds=draw(st.integers(1, 59_999_999)))
    if kind == "naive":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "aware":
        zone = draw(st.sampled_from(ZONES))
        return moment.replace(tzinfo=ZONES[0]).astimezone(zone).isoformat()
    if kind == "datetime":
        return moment
    if kind == "missing":
        return draw(st.sampled_from([None, "", "  "]))
    return draw(st.sampled_from(["2026-13-01 10:00", "yesterday", "2026-03-08 02:30"]))


@st.composite
def rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = []
    for number in range(draw(st.integers(1, 25))):
        base = draw(st.sampled_from(ANCHORS))
        created = draw(instants(base))
        row: dict[str, Any] = {
            "id": draw(st.sampled_from([f"T{number}", f"T{number}", "", "T0"])),
            "created": created,
            "priority": draw(
                st.sampled_from(
                    ["high", "High", "p1", "medium", "low", "alta", "urgent", "critical", "x", ""]
                )
            ),
            "plan": draw(st.sampled_from(["", "standard", "latam", "24x7", "Premium", "nope"])),
        }
        later = base + timedelta(minutes=draw(st.integers(0, 60 * 24 * 4)))
        if draw(st.booleans()):
            row["responded"] = draw(instants(later))
        if draw(st.booleans()):
            row["solved"] = draw(instants(later + timedelta(hours=draw(st.integers(0, 200)))))
        found.append(row)
    return found


def report(
    monkeypatch: pytest.MonkeyPatch,
    fast: bool,
    policy: slaclock.Policy,
    data: Any,
    *,
    batch: int = 7,
    **more: Any,
) -> tuple[list[TicketResult], list[Rejection], Summary, list[tuple[str, int]]]:
    """The results, rejections, summary and the order of results and rejections of a report,
    the columnar path on or off, *batch* rows a batch (several batches, a partial one)."""
    order: list[tuple[str, int]] = []
    rejections: list[Rejection] = []

    def rejected(rejection: Rejection) -> None:
        rejections.append(rejection)
        order.append(("rejected", rejection.line))

    run = run_report(
        policy, data, on_reject=rejected, columnar=None if fast else False, batch_size=batch, **more
    )
    results = []
    for result in run:
        results.append(result)
        order.append(("result", result.line))
    return results, rejections, run.summary, order


def batched(
    monkeypatch: pytest.MonkeyPatch, policy: slaclock.Policy, data: Any, **more: Any
) -> tuple[list[tuple[str, ...]], Summary, list[Rejection]]:
    """The columnar path's CSV cells, a batch at a time, with the summary it counted."""
    rejections: list[Rejection] = []
    run = run_report(policy, data, on_reject=rejections.append, batch_size=7, **more)
    batches = list(run.batches())
    cells = [row for batch in batches for row in batch.csv_rows()]
    assert_written_alike(batches)
    return cells, run.summary, rejections


def assert_written_alike(batches: list[Any]) -> None:
    """``ResultBatch.write_csv`` (the bytes layout) writes what the csv module writes of the
    batches' cells, and what ``write_cell_columns`` writes, with each delimiter."""
    for delimiter in (",", ";", "\t", "x"):
        laid, by_column, by_module = io.StringIO(), io.StringIO(), io.StringIO()
        writers = [RecordWriter(out, "csv", RESULT_COLUMNS, delimiter)
                   for out in (laid, by_column)]  # fmt: skip
        module = csv.writer(by_module, delimiter=delimiter, lineterminator="\n")
        module.writerow(RESULT_COLUMNS)
        for batch in batches:
            batch.write_csv(writers[0])
            writers[1].write_cell_columns(batch.csv_columns())
            module.writerows(batch.csv_rows())
        assert laid.getvalue() == by_column.getvalue() == by_module.getvalue()


def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The lines of the tickets the engine evaluates from now on (the list fills as it does)."""
    calls: list[int] = []
    engine = report_module.Report._evaluate

    def counted(self: Any, line: int, *args: Any) -> Any:
        calls.append(line)
        return engine(self, line, *args)

    monkeypatch.setattr(report_module.Report, "_evaluate", counted)
    return calls


def engine_cells(results: list[TicketResult]) -> list[tuple[str, ...]]:
    """The engine's results as the CSV writer writes them: csv_cell of each as_dict value."""
    return [
        tuple(csv_cell(result.as_dict()[name]) for name in RESULT_COLUMNS) for result in results
    ]


@settings(
    max_examples=scale(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=rows(),
    name=st.sampled_from(sorted(POLICIES)),
    now=st.sampled_from([NOW, "2026-12-01 00:00", "2026-11-28 12:00", "2027-01-05T10:00:00+01:00"]),
    grace=st.sampled_from([timedelta(0), timedelta(0), timedelta(hours=1)]),
)
def test_the_columnar_path_equals_the_engine(
    monkeypatch: pytest.MonkeyPatch, data: list[dict[str, Any]], name: str, now: Any, grace: Any
) -> None:
    policy = POLICIES[name]
    options = Options(grace=grace)
    fast = report(monkeypatch, True, policy, data, now=now, options=options)
    slow = report(monkeypatch, False, policy, data, now=now, options=options)
    assert fast[0] == slow[0]
    assert [r.as_dict() for r in fast[0]] == [r.as_dict() for r in slow[0]]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]
    assert fast[3] == slow[3]
    cells, summary, rejections = batched(monkeypatch, policy, data, now=now, options=options)
    assert cells == engine_cells(slow[0])
    assert summary == slow[2]
    assert rejections == slow[1]


def test_cells_written_by_arrow_are_the_csv_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids a spreadsheet would run, text beyond ASCII, microseconds, times not whole seconds:
    written by pyarrow.csv; a batch with a cell to quote (a delimiter, a quote, a line break,
    a NUL) is written through the csv module instead. Either way the same text."""
    pytest.importorskip("pyarrow")
    from slaclock.report import arrow_results

    ids = ["=SUM(A1)", "+1", "-2", "@x", "Ünïcodé", "T1", "T2"] * 2
    ids += ["a,b", 'q"uote', "line\nbreak", "cr\rhere", "nul\x00", "x", "y", "z"]
    data = [
        {"id": ticket, "priority": ["high", "medium", "low"][k % 3], "plan": ["", "latam"][k % 2],
         "created": f"2026-11-2{k % 5} 09:{k:02d}:00.{k:06d}" if k % 4 else "2026-11-23 10:00",
         "responded": "2026-11-25 12:00:00.5" if k % 3 else None}
        for k, ticket in enumerate(ids)
    ]  # fmt: skip
    written: list[bool] = []
    made = arrow_results.write_cells

    def counted(*args: Any) -> bool:
        found = made(*args)
        written.append(found)
        return found

    monkeypatch.setattr(arrow_results, "write_cells", counted)
    cells, _, _ = batched(monkeypatch, POLICIES["mixed"], data, now=NOW)
    assert cells == engine_cells(report(monkeypatch, False, POLICIES["mixed"], data, now=NOW)[0])
    assert True in written  # a batch written by Arrow
    assert False in written  # and one with a cell to quote
    assert any(cell.startswith("'=") for row in cells for cell in row)
    assert any("." in row[4] for row in cells)  # a created instant with microseconds


def test_simple_rows_skip_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = POLICIES["mixed"]
    data = [
        {"id": "A", "created": "2026-11-20 16:00", "priority": "high"},
        {"id": "B", "created": "2026-11-20 16:00", "priority": "p1", "plan": "latam",
         "responded": "2026-11-23 12:00"},
        {"id": "C", "created": "2026-11-20 16:00", "priority": "medium", "plan": "24x7",
         "responded": "2026-11-23 12:00", "solved": "2026-11-25 12:00"},
        {"id": "D", "created": "2026-11-20 16:00", "priority": "urgentísimo"},
        {"id": "E", "created": "2026-11-20 16:00", "priority": "low",
         "responded": "2026-11-19 12:00"},
        {"id": "F", "created": "2026-11-20 16:00", "priority": "low",
         "solved": "2026-11-25 12:00"},
    ]  # fmt: skip
    calls = engine_calls(monkeypatch)
    fast = report(monkeypatch, True, policy, data, now=NOW)
    assert calls == [4, 5]  # the unknown priority and the reply before creation: the engine's
    assert [r.id for r in fast[0]] == ["A", "B", "C", "F"]
    assert [r.line for r in fast[1]] == [4, 5]
    calls.clear()
    slow = report(monkeypatch, False, policy, data, now=NOW)
    assert calls == [1, 2, 3, 4, 5, 6]
    assert fast[0] == slow[0]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]


def test_a_groups_metric_columns_shared_by_summary_and_results_are_read_only() -> None:
    """A ticket group's metric columns are made once and read by both the summary and the
    results: writing into them raises rather than changing what the other reads."""
    np = pytest.importorskip("numpy")
    data = [
        {"id": "A", "created": "2026-11-20 16:00", "priority": "high"},
        {"id": "B", "created": "2026-11-20 16:00", "priority": "high",
         "responded": "2026-11-23 12:00"},
    ]  # fmt: skip
    run = run_report(POLICIES["mixed"], data, now=NOW, columnar=True)
    groups = [entry for batch in run.batches() for entry in batch._groups]
    assert groups, "the tickets went to the engine, not the columnar path"
    for group, places, _ in groups:
        for columns in group.metric_columns(places).values():
            arrays = [column for column in columns if isinstance(column, np.ndarray)]
            assert arrays
            assert not any(array.flags.writeable for array in arrays)
            with pytest.raises(ValueError, match="read-only"):
                arrays[0][...] = arrays[0]


def test_without_numpy_the_engine_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "slaclock.report.columnar_tickets", None)  # import fails
    calls = engine_calls(monkeypatch)
    data = [{"id": "A", "created": "2026-11-20 16:00", "priority": "high"}]
    results, *_ = report(monkeypatch, True, POLICIES["default"], data, now=NOW)
    assert calls == [1]
    assert results[0].verdict == "breached"


@settings(max_examples=scale(200), deadline=None)
@given(
    batches=st.lists(
        st.lists(st.sampled_from(["", "a", "b", "c", "T1", "T2", "x" * 40]), max_size=12),
        max_size=12,
    )
)
def test_seen_ids_answer_as_a_set_does(batches: list[list[str]]) -> None:
    from slaclock.report.columnar_reading import SeenIds
    from slaclock.report.reading import FlatSeenIds

    columnar, flat, reference = SeenIds(), FlatSeenIds(capacity=2), set()
    for keys in batches:
        expected = []
        for key in keys:
            expected.append(bool(key) and key in reference)
            if key:
                reference.add(key)
        assert columnar.add_many(keys) == expected
        assert flat.add_many(keys) == expected
    assert len(columnar) == len(flat) == len(reference)


def test_an_id_read_value_by_value_keeps_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # Row 1 is read value by value (a datetime), row 2 column by column (text): the first
    # in input order is the ticket, the second the repeat, as with the engine alone.
    policy = POLICIES["default"]
    data = [
        {"id": "X", "created": datetime(2026, 11, 20, 16), "priority": "high"},
        {"id": "X", "created": "2026-11-20 17:00", "priority": "high"},
    ]
    for fast in (True, False):
        results, rejections, *_ = report(monkeypatch, fast, policy, data, now=NOW)
        assert [r.line for r in results] == [1]
        assert [(r.line, r.reason) for r in rejections] == [
            (2, "ticket id 'X' is a repeat: expected one row per ticket")
        ]


@st.composite
def frames(draw: st.DrawFn) -> Any:
    """A pandas DataFrame of tickets: text columns as exported, or real datetime columns
    (naive, or aware in a customer's zone, with NaT), ids as text or whole numbers."""
    pd = pytest.importorskip("pandas")
    data = draw(rows())
    frame = pd.DataFrame(data)
    kind = draw(st.sampled_from(["text", "naive", "aware"]))
    for column in ("created", "responded", "solved"):
        if column not in frame or kind == "text":
            continue
        moments = [
            base + timedelta(minutes=draw(st.integers(-600, 60 * 24 * 8)), microseconds=m)
            if draw(st.integers(0, 5))
            else None
            for base, m in (
                (draw(st.sampled_from(ANCHORS)), draw(st.sampled_from([0, 0, 1, 999_999])))
                for _ in range(len(frame))
            )
        ]
        series = pd.Series(moments, dtype="datetime64[us]")
        if kind == "aware":
            series = series.dt.tz_localize("UTC").dt.tz_convert(draw(st.sampled_from(ZONES)).key)
        frame[column] = series
    if draw(st.booleans()):
        frame["id"] = range(len(frame))  # whole numbers: read as text
    return frame


@settings(
    max_examples=scale(150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    frame=frames(),
    name=st.sampled_from(sorted(POLICIES)),
    now=st.sampled_from([NOW, "2027-01-05T10:00:00+01:00"]),
)
def test_a_data_frame_is_read_column_by_column_with_the_engines_answers(
    monkeypatch: pytest.MonkeyPatch, frame: Any, name: str, now: Any
) -> None:
    policy = POLICIES[name]
    fast = report(monkeypatch, True, policy, frame, now=now)
    slow = report(monkeypatch, False, policy, frame, now=now)
    assert [r.as_dict() for r in fast[0]] == [r.as_dict() for r in slow[0]]
    assert fast[1] == slow[1]
    assert fast[2] == slow[2]
    records = report(monkeypatch, False, policy, frame.to_dict("records"), now=now)
    assert [r.as_dict() for r in records[0]] == [r.as_dict() for r in slow[0]]
    assert records[1] == slow[1]


def test_a_data_frame_of_simple_tickets_never_reaches_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "created": pd.to_datetime(["2026-11-20 16:00", "2026-11-20 16:00", None]),
            "priority": ["high", "low", "high"],
            "responded": pd.to_datetime(["2026-11-23 10:00", None, None]).tz_localize(
                "America/New_York"
            ),
        },
        index=[10, 11, 12],
    )
    calls = engine_calls(monkeypatch)
    run = report_module.Report(
        POLICIES["default"], frame, events=False, columns=report_module.Columns(), now=NOW,
        options=None, strict=False, on_reject=None, lines=frame.index + 1,
    )  # fmt: skip
    assert [(r.line, r.id, r.verdict) for r in run] == [(11, "A", "met"), (12, "B", "breached")]
    assert [(r.line, r.reason) for r in run.rejections] == [
        (13, "created: missing: expected a date-time such as '2026-11-20 17:30'")
    ]
    assert calls == []


def _export(count: int, seed: int) -> str:
    """A messy helpdesk export of one row per ticket, as CSV text: plans and aliases, naive
    and offset timestamps, fractional seconds, ids with commas, quotes and formula starts,
    repeats, bad timestamps and unknown names."""
    draw = random.Random(seed)
    zones = [ZoneInfo("America/New_York"), ZoneInfo("Europe/Madrid"), ZoneInfo("Asia/Kolkata")]
    start = datetime(2026, 1, 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "created", "priority", "plan", "responded", "solved"])

    def stamp(moment: datetime) -> str:
        if draw.random() < 0.3:
            zone = draw.choice(zones)
            return moment.replace(tzinfo=zones[0]).astimezone(zone).isoformat()
        return moment.isoformat(sep=" ")

    for number in range(count):
        created = start + timedelta(minutes=draw.randrange(0, 330 * 24 * 60))
        if draw.random() < 0.1:
            created += timedelta(microseconds=draw.randrange(1, 10**6))
        responded = created + timedelta(minutes=draw.randrange(1, 3000))
        solved = responded + timedelta(minutes=draw.randrange(1, 9000))
        ticket = draw.choice([f"T{number}", f"T{number}", f"T{number}", "T7", f'"T,{number}"',
                              f"=T{number}", ""])  # fmt: skip
        row = [
            ticket,
            stamp(created) if draw.random() > 0.002 else "2026-13-01 10:00",
            draw.choice(["high", "p1", "medium", "Low", "urgent", "nope", " low "]),
            draw.choice(["", "standard", "latam", "24x7", "gold"]),
            stamp(responded) if draw.random() < 0.8 else "",
            stamp(solved) if draw.random() < 0.5 else "",
        ]
        writer.writerow(row)
    return buffer.getvalue()


def command_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes, output: str, *more: str
) -> dict[str, bytes]:
    """``slaclock report`` on *text* (CSV: text, or bytes as they are) with the fast path
    (Arrow reading and writing, the columnar evaluation) and the pure-Python one (the csv
    module, ``fromisoformat``, the engine): the files it wrote (results, errors, summary),
    checked to be the same bytes both ways."""
    from slaclock.cli import main
    from slaclock.cli import report as cli_report
    from slaclock.files import readers

    source = tmp_path / "input.csv"
    if isinstance(text, bytes):
        source.write_bytes(text)
    else:
        source.write_text(text, encoding="utf-8")
    policy = tmp_path / "policy.toml"
    policy.write_text(BENCH_POLICY, encoding="utf-8")
    made = {}
    for fast in (True, False):
        folder = tmp_path / ("fast" if fast else "engine")
        folder.mkdir()
        with monkeypatch.context() as patch:  # the command's report, on one path or the other
            patch.setattr(cli_report, "run_report", partial(run_report, columnar=fast))
            if not fast:
                patch.setattr(readers, "line_columns", lambda *given, **more: None)
            status = main(["report", str(source), *more, "--policy", str(policy), "--now",
                           "2026-12-20 00:00", "--output", str(folder / f"results.{output}"),
                           "--errors", str(folder / "errors.csv"),
                           "--summary", str(folder / "summary.json")])  # fmt: skip
        rejected = len((folder / "errors.csv").read_text("utf-8").splitlines()) > 1
        assert status == (1 if rejected else 0)  # 1: rows rejected into --errors
        made[fast] = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert made[True] == made[False]
    return made[True]


@pytest.mark.parametrize("output", ["csv", "jsonl"])
def test_the_command_writes_the_engines_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    made = command_files(tmp_path, monkeypatch, _export(4000, 11), output)
    capsys.readouterr()
    results = made[f"results.{output}"].decode()
    assert results.count("\n") > 2000
    errors = made["errors.csv"].decode()
    assert "is a repeat" in errors
    assert "unknown priority 'nope'" in errors


@st.composite
def shaped_texts(draw: st.DrawFn) -> str:
    """Text in the shapes read all at once, with any digits (so impossible dates, hours and
    offsets too), fractions of 1 to 7 digits, ``Z``, a date alone and, now and then, a wrong
    separator or a non-ASCII digit."""
    shape = draw(st.sampled_from(["0000-00-00", "0000-00-00 00:00", "0000-00-00 00:00:00",
                                  "0000-00-00 00:00:00+00:00"]))  # fmt: skip
    year = draw(st.sampled_from(["2026", "2024", "1900", "2000", "0001", "0000", "9999", "0002",
                                 "9998"]))  # fmt: skip
    month = draw(st.sampled_from(["01", "02", "04", "12", "00", "13", "09"]))
    day = draw(st.sampled_from(["01", "28", "29", "30", "31", "00", "32"]))
    clock = [draw(st.sampled_from(["00", "09", "23", "24", "59", "60", "99"])) for _ in range(3)]
    offset = draw(st.sampled_from(["+00:00", "-05:00", "+05:45", "+23:59", "-24:00", "+12:60",
                                   "Z", "+0530", "+05"]))  # fmt: skip
    separator = draw(st.sampled_from([" ", "T", " ", "T", "x", "t"]))
    text = f"{year}-{month}-{day}"
    if len(shape) > 10:
        text += f"{separator}{clock[0]}:{clock[1]}"
    if len(shape) >= 19:
        text += f":{clock[2]}"
        if draw(st.integers(0, 3)) == 0:
            text += "." + draw(st.sampled_from(["5", "25", "123", "1234", "000001", "1234567"]))
    if len(shape) == 25:
        text += offset
    if draw(st.integers(0, 20)) == 0:
        spot = draw(st.integers(0, len(text) - 1))
        text = text[:spot] + draw(st.sampled_from(["٣", "-", ":", "+", "a"])) + text[spot + 1 :]
    return text


@settings(max_examples=scale(300), deadline=None)
@given(texts=st.lists(shaped_texts(), min_size=1, max_size=40))
def test_text_read_all_at_once_is_read_as_fromisoformat_reads_it(texts: list[str]) -> None:
    # Arrow's ISO 8601 cast (the fast extra) reads the usual shapes at once, exactly as
    # fromisoformat reads each text; the others (and a few about a text it refuses) are read
    # one by one.
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from slaclock.report.columnar_reading import _instants, _micros, _parsed, read_instants

    micros, aware, read = _parsed(pa.array(texts))
    one, by_one, read_one = _micros(_instants(texts))
    for k, text in enumerate(texts):
        if read[k]:  # read at once: exactly as one by one
            assert read_one[k], text
            assert (micros[k], aware[k]) == (one[k], by_one[k]), text
        plain = re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:]{5,8}([.][0-9]{1,6})?)?"
                             r"(Z|[+-][0-9]{2}:[0-9]{2})?", text)  # fmt: skip
        odd_offset = text[-3:-2] == ":" and text[-2:] > "59"  # fromisoformat takes +12:60
        if read_one[k] and plain and 2 <= int(text[:4]) <= 9998 and not odd_offset:
            assert _parsed(pa.array([text] * 3))[2].all(), text  # the usual shapes: at once
    for found, expected in zip(read_instants(texts), (one, by_one, read_one), strict=True):
        assert found.tolist() == expected.tolist()
    for found, expected in zip(
        read_instants(pa.array(texts)), (one, by_one, read_one), strict=True
    ):
        assert found.tolist() == expected.tolist()


_PATTERNS = [
    "%d/%m/%Y %H:%M", "%m/%d/%Y %I:%M %p", "%d.%m.%Y %H:%M:%S", "%Y%m%d %H%M", "%d-%m-%Y",
    "%Y/%m/%d %I:%M:%S %p", "%d/%m/%Y %Hh", "%m/%d/%Y", "%d %m %Y %H:%M 100%%",
]  # fmt: skip


@st.composite
def patterned_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A date format and texts written in it by ``strftime`` (leap days, the hours about
    noon and midnight, years at the supported edges), or nearly: an hour or a day without
    its zero, ``pm`` for ``PM``, a doubled space, a day past its month's end, spaces about
    the text, trailing text, an empty text."""
    pattern = draw(st.sampled_from(_PATTERNS))
    texts = []
    for _ in range(draw(st.integers(1, 12))):
        moment = datetime(
            draw(st.sampled_from([1, 2, 1999, 2024, 2026, 9998, 9999])),
            draw(st.integers(1, 12)),
            draw(st.integers(1, 28)),
            draw(st.sampled_from([0, 1, 9, 11, 12, 13, 23])),
            draw(st.integers(0, 59)),
            draw(st.integers(0, 59)),
        )
        text = moment.strftime(pattern)
        change = draw(st.sampled_from(["", "", "", "zero", "pm", "space", "day", "about",
                                       "trail", "empty", "leap", "second"]))  # fmt: skip
        if change == "zero":
            text = re.sub(r"(^|[^0-9])0([0-9])", r"\1\2", text, count=1)
        elif change == "pm":
            text = text.replace("PM", "pm").replace("AM", "am")
        elif change == "space":
            text = text.replace(" ", "  ", 1)
        elif change == "day":
            text = text.replace(moment.strftime("%d"), "31", 1)
        elif change == "about":
            text = f"  {text}\t"
        elif change == "trail":
            text += "x"
        elif change == "empty":
            text = draw(st.sampled_from(["", "   "]))
        elif change == "leap":
            text = moment.replace(year=2025, month=2, day=28).strftime(pattern)
            text = text.replace("28", "29", 1)
        elif change == "second":
            text = text.replace(moment.strftime("%S"), "60", 1) if "%S" in pattern else text
        texts.append(text)
    return pattern, texts


@settings(max_examples=scale(150), deadline=None)
@given(drawn=patterned_texts())
def test_text_in_a_date_format_is_read_at_once_as_strptime_reads_it(
    drawn: tuple[str, list[str]],
) -> None:
    """A column of timestamps in a ``--date-format`` that Arrow's ``strptime`` can read
    (``arrow_pattern``) is read exactly as ``datetime.strptime`` reads each stripped text:
    the same wall time, or unread where ``strptime`` refuses it (a naive time outside the
    supported years too); an empty text is missing."""
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from slaclock._timeline import MAX_YEAR, MIN_YEAR
    from slaclock.report.columnar_reading import read_instants
    from slaclock.report.date_formats import arrow_pattern, parsed_as
    from slaclock.report.options import TimeFormat
    from slaclock.tickets.clocks import MISSING as MISSING_US

    pattern, texts = drawn
    assert arrow_pattern(pattern)
    expected_micros, expected_read = [], []
    for text in texts:
        if not text.strip():
            expected_micros.append(MISSING_US)
            expected_read.append(True)
            continue
        try:
            moment = datetime.strptime(text.strip(), pattern)
        except ValueError:
            expected_micros.append(MISSING_US)
            expected_read.append(False)
            continue
        inside = MIN_YEAR <= moment.year <= MAX_YEAR
        expected_micros.append((moment - datetime(1970, 1, 1)) // timedelta(microseconds=1)
                               if inside else MISSING_US)  # fmt: skip
        expected_read.append(inside)
    for given_texts in (pa.array(texts), texts):
        micros, aware, read = read_instants(given_texts, TimeFormat(pattern))
        assert read.tolist() == expected_read, texts
        assert [m if r else MISSING_US for m, r in zip(micros.tolist(), read, strict=True)] == [
            m if r else MISSING_US for m, r in zip(expected_micros, expected_read, strict=True)
        ], texts
        assert not aware.any()
    taken = parsed_as(pa.array(texts), pattern)[2]
    for text, known, found in zip(texts, expected_read, taken.tolist(), strict=True):
        if known and text.strip():
            moment = datetime.strptime(text.strip(), pattern)
            if moment.year >= 1000 and moment.strftime(pattern) == text:
                assert found, text  # as strftime writes it: read by Arrow, not one by one


def test_numbers_without_their_zeros_are_read_by_arrow_where_separated() -> None:
    """``11/20/2026 4:00 PM`` (the hour without its zero) is read by Arrow's ``strptime``:
    each number stands between characters that are not digits, so both read the same
    digits; run together (``%Y%m%d``) only the texts with every zero are."""
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from slaclock.report.date_formats import parsed_as

    us = parsed_as(pa.array(["11/20/2026 4:00 PM", "1/2/2026 12:05 AM", "2/30/2026 4:00 PM"]),
                   "%m/%d/%Y %I:%M %p")  # fmt: skip
    assert us[2].tolist() == [True, True, False]  # (30 February: left to strptime)
    assert us[0][:2].tolist() == [
        (datetime(2026, 11, 20, 16) - datetime(1970, 1, 1)) // timedelta(microseconds=1),
        (datetime(2026, 1, 2, 0, 5) - datetime(1970, 1, 1)) // timedelta(microseconds=1),
    ]
    packed = parsed_as(pa.array(["20261120 1730", "2026112 1730"]), "%Y%m%d %H%M")
    assert packed[2].tolist() == [True, False]


@settings(max_examples=scale(100), deadline=None)
@given(
    drawn=st.lists(
        st.tuples(
            st.datetimes(datetime(1990, 1, 1), datetime(2040, 1, 1)),
            st.sampled_from(
                [
                    "%d/%m/%Y",
                    "%d.%m.%Y %H:%M",
                    "%d-%m-%Y %H:%M:%S",
                    "%d/%m/%Y %I:%M %p",
                    "%d.%m.%Y %I:%M:%S %p",
                    "%Y-%m-%d %H:%M",
                    "%Y-%m-%dT%H:%M:%S+05:30",
                    "%d/%m/%Y %H:%M %p",
                ]
            ),
            st.sampled_from(["", "", "zero", "about", "pm"]),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_day_first_text_is_read_at_once_as_one_by_one(
    drawn: list[tuple[datetime, str, str]],
) -> None:
    """With ``--dayfirst``, a column is read at once (ISO 8601 by Arrow's cast, then each
    day-first shape by Arrow's ``strptime``, in the order the shapes are tried) exactly as
    the report reads each value by itself (``TimeFormat.parse``)."""
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from slaclock.report.columnar_reading import _instants, _micros, read_instants
    from slaclock.report.options import TimeFormat

    texts = []
    for moment, shape, change in drawn:
        text = moment.strftime(shape)
        if change == "zero":
            text = re.sub(r"(^|[^0-9])0([0-9])", r"\1\2", text, count=1)
        elif change == "about":
            text = f" {text} "
        elif change == "pm":
            text = text.replace("PM", "pm")
        texts.append(text)
    day_first = TimeFormat(dayfirst=True)
    expected = [array.tolist() for array in _micros(_instants(texts, day_first))]
    for given_texts in (pa.array(texts), texts):
        found = [array.tolist() for array in read_instants(given_texts, day_first)]
        assert found == expected, texts


_ZONES = ["America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Asia/Kathmandu", "UTC"]
_FIRST = int(datetime(2, 1, 2, tzinfo=ZoneInfo("UTC")).timestamp() * 1_000_000)
_LAST = int(datetime(9998, 12, 30, tzinfo=ZoneInfo("UTC")).timestamp() * 1_000_000)
_NEAR = int(datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp() * 1_000_000)


@settings(max_examples=scale(60), deadline=None)
@given(
    zone=st.sampled_from(_ZONES),
    calls=st.lists(
        st.lists(
            st.one_of(
                st.integers(_NEAR - 10**15, _NEAR + 10**15),  # about 30 years around now
                st.integers(_FIRST, _LAST),  # far-flung: asked day by day, never tabled
                st.integers(_NEAR, _NEAR + 10**14).map(lambda m: m - m % 1_000_000),
            ),
            min_size=1,
            max_size=30,
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_instants_are_written_and_dated_as_the_engine_does(
    zone: str, calls: list[list[int]]
) -> None:
    """The per-day tables (offsets by UTC day, texts by date) kept and grown across calls
    give what ``from_micros`` gives, one instant at a time."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from slaclock.report.instant_texts import iso_instants, local_days
    from slaclock.schedule import DayOffsets
    from slaclock.tickets.clocks import MISSING
    from slaclock.zones import from_micros

    tz = ZoneInfo(zone)
    offsets = DayOffsets(tz)
    for micros in calls:
        column = np.array(micros, dtype=np.int64)
        expected = [from_micros(m, tz) for m in micros]
        assert iso_instants(column, offsets).to_pylist() == [e.isoformat() for e in expected]
        assert local_days(column, offsets).tolist() == [e.toordinal() for e in expected]
        with_missing = np.insert(column, len(column) // 2, MISSING)
        written = [e.isoformat() for e in expected]
        half = len(column) // 2
        found = iso_instants(with_missing, offsets).to_pylist()
        assert found == [*written[:half], None, *written[half:]]


_CHANGED = [
    "America/Mexico_City",  # no DST since 2022
    "Asia/Tehran",  # no DST since 2022
    "America/Nuuk",  # -03:00 to -02:00 in 2023, DST again from 2024
    "Africa/Casablanca",  # an hour back each Ramadan
    "Europe/Dublin",  # "negative" DST in winter
    "Australia/Lord_Howe",  # half an hour of DST
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Sao_Paulo",  # no DST since 2019
    "America/New_York",
]


def _transitions(name: str, first: int, last: int) -> list[int]:
    """The first instant (µs) of each offset of the zone *name* between the years *first*
    and *last*, found by bisection over ``from_micros`` (the engine's reading)."""
    from slaclock.zones import from_micros

    tz = ZoneInfo(name)
    day = 86_400_000_000

    def offset(m: int) -> Any:
        return from_micros(m, tz).utcoffset()

    start = int(datetime(first, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp()) * 1_000_000
    stop = int(datetime(last, 12, 31, tzinfo=ZoneInfo("UTC")).timestamp()) * 1_000_000
    found = []
    for low in range(start, stop, day):
        if offset(low) == offset(low + day):
            continue
        high, low_ = low + day, low
        while high - low_ > 1:
            middle = (low_ + high) // 2
            low_, high = (middle, high) if offset(middle) == offset(low) else (low_, middle)
        found.append(high)
    return found


@cache
def _edges() -> dict[str, list[int]]:
    return {name: _transitions(name, 2018, 2027) for name in _CHANGED}


@settings(max_examples=scale(80), deadline=None)
@given(
    picks=st.lists(
        st.tuples(
            st.integers(0, len(_CHANGED) - 1),
            st.one_of(
                st.tuples(st.integers(0, 10**6), st.sampled_from([-1, 0, 1])),  # an edge
                st.tuples(st.just(-1), st.integers(_NEAR - 10**14, _NEAR + 10**14)),
            ),
            st.sampled_from([0, 0, 1, 1_000_000, 3_600_000_000, 86_400_000_000, 123_457]),
        ),
        min_size=1,
        max_size=40,
    ),
    gaps=st.booleans(),
)
def test_instants_of_many_zones_are_written_as_isoformat_writes_them(
    picks: list[tuple[int, tuple[int, int], int]], gaps: bool
) -> None:
    """One column of instants in several zones at once (zones whose rules changed in recent
    years, offsets of 45 minutes, half an hour of DST, winter time ahead of summer time),
    at a change of offset, a microsecond, a second, an hour or a day either side, some
    with microseconds: each text is ``from_micros(m, tz).isoformat()``, null where missing."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from slaclock.report.instant_texts import zoned_iso_instants
    from slaclock.schedule import DayOffsets
    from slaclock.tickets.clocks import MISSING
    from slaclock.zones import from_micros

    edges = _edges()
    zones = [DayOffsets(ZoneInfo(name)) for name in _CHANGED]
    micros, zone = [], []
    for number, (which, step), away in picks:
        name = _CHANGED[number]
        if which >= 0 and edges[name]:
            at = edges[name][which % len(edges[name])] + step * away
        else:
            at = step if which < 0 else _NEAR
        micros.append(at)
        zone.append(number)
    if gaps:
        micros[::3] = [MISSING] * len(micros[::3])
    found = zoned_iso_instants(
        np.array(micros, dtype=np.int64), zones, np.array(zone, dtype=np.intp)
    ).to_pylist()
    expected = [
        None if m == MISSING else from_micros(m, ZoneInfo(_CHANGED[z])).isoformat()
        for m, z in zip(micros, zone, strict=True)
    ]
    assert found == expected


@given(
    used=st.lists(
        st.integers(-(10**13), 10**13) | st.integers(-(10**6), 10**6).map(lambda s: s * 1_000_000),
        max_size=30,
    ),
    data=st.data(),
)
def test_times_are_written_as_the_seconds_the_engine_gives(used: list[int], data: Any) -> None:
    """A time of the columnar path (µs) becomes the cell the engine's ``timedelta`` does:
    its seconds, in the result table as a float, as CSV text by ``cells``."""
    np = pytest.importorskip("numpy")
    pa = pytest.importorskip("pyarrow")
    from slaclock.report.arrow_results import cells

    known = data.draw(st.lists(st.booleans(), min_size=len(used), max_size=len(used)))
    micros = np.array(used, dtype=np.int64)
    seconds = pa.array(micros / 1_000_000, pa.float64(), mask=~np.array(known, dtype=bool))
    table = pa.table({"response_time_s": seconds, "line": pa.array(used, pa.int64())})
    found = cells(table)
    expected = [
        csv_cell(timedelta(microseconds=u).total_seconds()) if k else None
        for u, k in zip(used, known, strict=True)
    ]
    assert found.column("response_time_s").to_pylist() == expected
    assert found.column("line").to_pylist() == [str(u) for u in used]  # as str writes them


_EDGES = [1e-4, 1e9, 0.0, -0.0, 1e-5, 1e10, 2.0**53, 5e-324, 1.7976931348623157e308]


@given(
    values=st.lists(
        st.floats(allow_nan=True, allow_infinity=True)
        | st.floats(-1e7, 1e7).map(lambda v: round(v, 2))  # percentages, as the report rounds
        | st.sampled_from([*_EDGES, *(-edge for edge in _EDGES)])
        | st.floats(1e-4, 1e9)
        | st.integers(-(10**9), 10**9).map(float),
        max_size=40,
    )
)
def test_floats_are_written_as_cell_text_writes_them(values: list[float]) -> None:
    """Arrow writes the floats within ``ARROW_FLOATS``; whichever way, each cell is the
    text ``cell_text`` makes of the float (NaN: no cell)."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from slaclock.files import cell_text
    from slaclock.report.arrow_results import ARROW_FLOATS, float_cells

    low, high = ARROW_FLOATS
    near = [float(np.nextafter(edge, way)) for edge in (low, high) for way in (0.0, 2 * high)]
    given = [*values, *near]
    found = float_cells(np.array(given, dtype=np.float64)).to_pylist()
    assert found == [None if v != v else cell_text(v) for v in given]


@given(values=st.lists(st.integers(-(10**9) + 1, 10**9 - 1).map(float), min_size=1, max_size=40))
def test_whole_floats_are_written_as_cell_text_writes_them(values: list[float]) -> None:
    """A column of whole values only (seconds of business time, the usual case) is written
    by Arrow's cast of integers: the same text ``cell_text`` makes of each float."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from slaclock.files import cell_text
    from slaclock.report.arrow_results import float_cells

    found = float_cells(np.array([*values, -0.0], dtype=np.float64)).to_pylist()
    assert found == [cell_text(v) for v in [*values, -0.0]]


@given(
    hundredths=st.lists(
        st.integers(-(10**11) + 1, 10**11 - 1) | st.integers(-300, 300), min_size=1, max_size=40
    ),
    data=st.data(),
)
def test_hundredths_are_written_as_cell_text_writes_their_floats(
    hundredths: list[int], data: Any
) -> None:
    """A percent used is a whole number of hundredths (``used_percent``): the text of
    ``h / 100`` made of the whole part and two digits is ``cell_text``'s (``repr``'s)."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from slaclock.files import cell_text
    from slaclock.report.arrow_results import float_cells, hundredths_cells

    known = data.draw(st.lists(st.booleans(), min_size=len(hundredths), max_size=len(hundredths)))
    mask = np.array(known, dtype=bool)
    found = hundredths_cells(np.array(hundredths, dtype=np.int64), mask).to_pylist()
    expected = [cell_text(h / 100) if k else None for h, k in zip(hundredths, known, strict=True)]
    assert found == expected
    floats = np.array([h / 100 if k else np.nan for h, k in zip(hundredths, known, strict=True)])
    assert float_cells(floats).to_pylist() == expected


@given(
    texts=st.lists(
        st.none()
        | st.tuples(st.sampled_from(["", *"=+-@\t\r\n' é€"]), st.text(max_size=4)).map("".join),
        max_size=30,
    ),
    start=st.integers(0, 3),
)
def test_formula_starts_are_where_csv_cell_adds_an_apostrophe(
    texts: list[str | None], start: int
) -> None:
    """The first byte of each text (of a slice too) tells whether ``csv_cell`` neutralises
    it; never a null or an empty text."""
    pytest.importorskip("numpy")
    pa = pytest.importorskip("pyarrow")
    from slaclock.report.arrow_results import formula_starts

    column = pa.array(texts, pa.string()).slice(min(start, len(texts)))
    expected = [t is not None and csv_cell(t) != t for t in column.to_pylist()]
    assert formula_starts(column).tolist() == expected


@given(
    values=st.lists(st.none() | st.sampled_from(["open", "4h", "2bd", "x"]) | st.text(max_size=2)),
    given_table=st.lists(st.sampled_from(["open", "2bd", None]), unique=True),
    most=st.integers(0, 4),
)
def test_text_codes_are_places_in_the_table(
    values: list[str | None], given_table: list[str | None], most: int
) -> None:
    """Each value's place in the table, new values added in the order met, whatever the
    count of distinct values compared column-wide before the rest go one by one."""
    np = pytest.importorskip("numpy")
    from slaclock.report.columnar_results import text_codes

    table = {value: place for place, value in enumerate(given_table)}
    expected_table = dict(table)
    for value in values:
        expected_table.setdefault(value, len(expected_table))
    column = np.empty(len(values), dtype=object)
    column[:] = values
    codes = text_codes(column, table, most)
    assert codes.tolist() == [expected_table[value] for value in values]
    assert set(table.items()) == set(expected_table.items())


def test_instants_written_from_threads_sharing_a_zone_are_right() -> None:
    """The per-day tables are replaced whole as they grow: threads that share a zone (a
    threaded Dask scheduler) never read half a table."""
    np = pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    from concurrent.futures import ThreadPoolExecutor

    from slaclock.report.instant_texts import iso_instants
    from slaclock.schedule import DayOffsets
    from slaclock.zones import from_micros

    tz = ZoneInfo("America/New_York")
    offsets = DayOffsets(tz)
    year = 365 * 86_400 * 1_000_000

    def write(k: int) -> bool:
        start = _NEAR + (k % 7 - 3) * 3 * year  # each call reaches days the others have not
        micros = start + np.arange(0, 600, dtype=np.int64) * 43_201_000_000
        found = iso_instants(micros, offsets).to_pylist()
        return found == [from_micros(int(m), tz).isoformat() for m in micros]

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(write, range(28)))


@settings(max_examples=scale(500), deadline=None)
@given(
    texts=st.lists(
        st.from_regex(
            r"\A[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,3}([Tt ]?[0-9]{1,2}(:?[0-9]{1,2}(:?[0-9]{1,2}"
            r"([.,][0-9]{0,10})?)?)?)?([zZ]|[+-][0-9]{1,2}(:?[0-9]{2}(:?[0-9]{2})?)?)?\Z",
            fullmatch=True,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_arrow_reads_no_text_fromisoformat_refuses(texts: list[str]) -> None:
    # Whatever Arrow's cast reads, fromisoformat reads the same (the cast is never wider).
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from slaclock.report.columnar_reading import _instants, _micros, _parsed

    micros, aware, read = _parsed(pa.array(texts * 20))  # groups large enough to be cast
    one, by_one, read_one = _micros(_instants(texts * 20))
    for k in [k for k, done in enumerate(read.tolist()) if done]:
        assert read_one[k], texts[k % len(texts)]
        assert (micros[k], aware[k]) == (one[k], by_one[k]), texts[k % len(texts)]


_MESSY_LINES = [
    b'"T,1",2026-11-20 16:00,high,,2026-11-23 10:30,\n',
    b'T2,"2026-11-20 16:00",p1,latam,,\r\n',
    b'"T\n3",2026-11-20 16:00,low,,,\n',
    b"T4,2026-11-20 16:00,high\r,,,\n",
    b"T5,2026-11-20 16:00,medium,,,,extra\n",
    b"T6,2026-11-20 16:00\n",
    b"\n",
    b",,,,,\n",
    b"T7,2026-11-20 16:00,high,\x00,,\n",
    b"T8,2026-11-20 16:00,h\xffigh,,,\n",
    b'T9,2026-11-20 16:00,"high,"quoted,,,\n',
    b'T10,"2026-11-20 16:00,high,,,\n',
    b"\xef\xbb\xbfT11,2026-11-20 16:00,high,,,\n",
    b"=T12,2026-11-20 16:00,high,,,\n",
    b"T13,2026-11-20 16:00:00.25-05:00,urgent,24x7,2026-11-21T09:00Z,\n",
]


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    lines=st.lists(
        st.sampled_from(_MESSY_LINES)
        | st.builds(
            lambda k, at, priority, plan, reply: f"M{k},{at},{priority},{plan},{reply},\n".encode(),
            st.integers(0, 30),
            shaped_texts(),
            st.sampled_from(["high", "p2", "low", "nope"]),
            st.sampled_from(["", "latam", "24x7"]),
            st.sampled_from(["", "2026-11-30 12:00", "2026-11-30T12:00:00+01:00"]),
        ),
        max_size=40,
    ),
    bom=st.booleans(),
    ending=st.sampled_from([b"", b"T99,2026-11-20 16:00,high,,,"]),
)
def test_messy_exports_give_the_same_bytes_on_both_paths(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[bytes],
    bom: bool,
    ending: bytes,
) -> None:
    # The fast path (Arrow reading and writing, the columnar evaluation) and the pure-Python
    # one (csv module, fromisoformat, the engine) write the same results, errors (lines and
    # reasons) and summary, byte for byte, on quotes, quoted line breaks, CR, CRLF, NUL, bad
    # UTF-8, byte-order marks, blank, short and long records and timestamps of every shape.
    pytest.importorskip("pyarrow")
    header = b"id,created,priority,plan,responded,solved\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + header + b"".join(lines) + ending
    with pytest.MonkeyPatch.context() as patch:
        command_files(tmp_path_factory.mktemp("messy"), patch, data, "csv")


@pytest.mark.parametrize(
    ("more", "shape"),
    [
        (["--dayfirst"], "%d/%m/%Y %H:%M"),
        (["--dayfirst"], "%d.%m.%Y %I:%M %p"),
        (["--date-format", "%m/%d/%Y %I:%M %p"], "%m/%d/%Y %I:%M %p"),
        (["--date-format", "%d/%m/%Y %H:%M%z"], "%d/%m/%Y %H:%M%z"),
    ],
)
def test_exports_with_their_own_date_format_give_the_same_bytes_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, more: list[str], shape: str
) -> None:
    pytest.importorskip("pyarrow")
    draw = random.Random(7)
    zone = ZoneInfo("America/Bogota")
    lines = ["id,created,priority,plan,responded"]
    for number in range(300):
        created = datetime(2026, 1, 1, tzinfo=zone) + timedelta(minutes=draw.randrange(500_000))
        reply = created + timedelta(minutes=draw.randrange(1, 4000))
        written = [moment.strftime(shape) for moment in (created, reply)]
        if number % 50 == 7:
            written[0] = "31/02/2026 10:00"  # no such day
        if number % 40 == 3:
            written[1] = reply.isoformat(sep=" ")  # ISO 8601: read with --dayfirst only
        lines.append(f"T{number},{written[0]},{draw.choice(['high', 'low'])},,{written[1]}")
    made = command_files(tmp_path, monkeypatch, "\n".join(lines) + "\n", "csv", *more)
    results = made["results.csv"].decode()
    errors = made["errors.csv"].decode()
    assert results.count("\n") > 250
    assert "'31/02/2026 10:00'" in errors
    if more == ["--dayfirst"]:
        assert "neither ISO 8601 nor a day-first date" in errors
    else:
        assert "does not match the date format" in errors


def test_time_formats_are_checked_before_any_work() -> None:
    from slaclock.errors import InvalidInputError
    from slaclock.report import TimeFormat

    with pytest.raises(InvalidInputError, match="date format 'nope': expected a strptime"):
        TimeFormat("nope")
    with pytest.raises(InvalidInputError, match="a date format and dayfirst: give one"):
        TimeFormat("%d/%m/%Y", dayfirst=True)
    with pytest.raises(InvalidInputError, match="dayfirst 'yes': expected True or False"):
        TimeFormat(dayfirst="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="date format"):
        run_report(slaclock.default_policy(), [], date_format="%Q")
    moment = TimeFormat("%d/%m/%Y %H:%M%z").parse(" 13/11/2026 17:30-0500 ")
    assert moment.isoformat() == "2026-11-13T17:30:00-05:00"
    assert TimeFormat(dayfirst=True).parse("05-03-2026").isoformat() == "2026-03-05T00:00:00"


def test_an_export_in_another_encoding_gives_the_same_bytes_on_both_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow")
    text = _export(600, 5).replace("T7", "Señal-7").replace("T1", "Ñandú-1")
    data = text.encode("cp1252") + b"T\x81,2026-11-20 16:00,high,,,\n"
    made = command_files(tmp_path, monkeypatch, data, "csv", "--encoding", "cp1252")
    assert "Señal-7" in made["results.csv"].decode()
    assert "is not cp1252 (byte 0x81)" in made["errors.csv"].decode()


def test_an_empty_batch_reads_as_no_rows() -> None:
    pytest.importorskip("pyarrow")
    from slaclock.report.columnar_reading import read_instants
    from slaclock.report.columnar_tickets import ColumnarTickets
    from slaclock.report.options import Columns
    from slaclock.tracking import Tracker

    policy = slaclock.default_policy()
    columnar = ColumnarTickets(policy, Options(), Tracker(policy), datetime(2026, 11, 23, 12))
    reads = columnar.read([], Columns())
    assert (len(reads.ok), len(reads.ids), len(reads.instants[0])) == (0, 0, 0)
    groups, answered = columnar.evaluate(reads, [])
    assert (groups, len(answered)) == ([], 0)
    micros, aware, read = read_instants([])
    assert (len(micros), len(aware), len(read)) == (0, 0, 0)
