"""JSON Lines and Parquet read by Arrow a batch at a time (the fast extra) against the pure
reading (the ``json`` module, a row per record, the engine): the same results, rejections
(lines and reasons), summaries and written bytes, on messy inputs."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from profiles import scale
from slaclock.files import ParquetReader, RowReader
from slaclock.report import run_report
from test_report_events_fast import event_logs
from test_report_fast import BENCH_POLICY, NOW, POLICIES, engine_cells, rows

pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from slaclock.files.arrow_json import json_columns  # noqa: E402 (pyarrow needed)

_AT = '"created": "2026-11-20 16:00"'
MESSY_JSON = [
    b'{"id": "J1", ' + _AT.encode() + b', "priority": "high"}\n',
    b'{"id": 7, ' + _AT.encode() + b', "priority": "high"}\n',  # a number where text is read
    b'{"id": 7.0, ' + _AT.encode() + b', "priority": "high"}\n',
    b'{"id": true, ' + _AT.encode() + b', "priority": "high"}\n',
    b'{"id": "J3", ' + _AT.encode() + b', "priority": 3}\n',
    b'{"id": "J4", ' + _AT.encode() + b', "priority": "high", "id": "J4b"}\n',  # a key twice
    b'{"id": "J5", "created": "2026-11-20T16:00:00Z", "priority": "p1", "x": NaN}\n',
    b'{"id": "J6", ' + _AT.encode() + b', "priority": "low", "x": -Infinity}\n',
    b'{"id": "J7", ' + _AT.encode() + b', "priority": "low", "x": Inf}\n',  # Arrow's, not JSON
    b'{"id": "J7b", ' + _AT.encode() + b', "priority": "low", "x": -NaN}\n',
    b"[1, 2]\n",
    b'"text"\n',
    b"\n",
    b"   \r\n",
    b'{"id": "J8", ' + _AT.encode() + b', "priority": "high"} {"id": "J9"}\n',  # two objects
    b'{"id": "J10",\n',  # an object over two lines
    b'"created": "2026-11-20 16:00", "priority": "high"}\n',
    b'{"id": "J11", ' + _AT.encode() + b', "priority": "high"}\r\n',
    b'\xef\xbb\xbf{"id": "J12", ' + _AT.encode() + b', "priority": "high"}\n',
    b'{"id": "J13\\u0000", ' + _AT.encode() + b', "priority": "high"}\n',
    b'{"id": "J14", ' + _AT.encode() + b', "priority": "h\xffigh"}\n',  # not UTF-8
    b'{"id": "J15", ' + _AT.encode() + b', "priority": "high", "note": "\\ud800"}\n',
    b'{"id": "J15b", ' + _AT.encode() + b', "priority": "high", "note": "\\ud83d\\ude00"}\n',
    b'{"id": "J16\x00", ' + _AT.encode() + b', "priority": "high"}\n',  # a NUL
    b'{"id": "J17", "created": null, "priority": "high"}\n',
    b'{"id": "J18", ' + _AT.encode() + b', "priority": "high", "plan": {"a": 1}}\n',
    b'{"id": "J19", ' + _AT.encode() + b', "priority": "high", "n": [1, {"b": [2]}]}\n',
    b'{"id": "J20", "created": "2026-11-20\\t16:00", "priority": "high"}\n',
    b'{"id": "J21", ' + _AT.encode() + b', "priority": "high"}\x0c\n',
    b'{"id": "J22", ' + _AT.encode() + b', "priority": "high\\u2028"}\n',
    b'{"id": "J23", ' + _AT.encode() + b', "priority": "high"}   \t\n',
    b'{"id": "J24", ' + _AT.encode() + b', "priority": "high", "x": 1e999}\n',
    b'{"id": "J25", ' + _AT.encode() + b', "priority": "high", "x": 012}\n',
    b'{"id": "J26", "created": "2026-11-20 16:00", "priority": "high\t"}\n',  # a raw tab
    b'{"i\\u0064": "J27", ' + _AT.encode() + b', "priority": "high"}\n',  # an escaped key
    b'{"id": "J28", "created": "2026-03-08 02:30", "priority": "high"}\n',  # never happened
    b'{"id": "J29", "created": "2026-11-20 16:00", "priority": "high", "plan": "latam"}\n',
    b'{"id": "", "created": "2026-11-20 16:00", "priority": "high"}\n',
    b'\xc2\xa0{"id": "J30", ' + _AT.encode() + b', "priority": "high"}\n',  # a no-break space
    b'{"id": 31, ' + _AT.encode() + b', "priority": "high"}\n',  # whole numbers: int64
    b'{"id": -0, ' + _AT.encode() + b', "priority": "medium"}\n',
    b'{"id": 9223372036854775808, ' + _AT.encode() + b', "priority": "high"}\n',  # past int64
    b'{"id": 33, "created": 1763654400, "priority": "high"}\n',  # a number for a time
    b'{"id": 34, ' + _AT.encode() + b', "priority": "high", "plan": 7}\n',
    # nested deeper than the json module reads (Arrow would): rejected on both paths
    b'{"id": "J8", '
    + _AT.encode()
    + b', "priority": "high", "x": '
    + b"[" * 5000
    + b"]" * 5000
    + b"}\n",
    b'{"id": "J9", '
    + _AT.encode()
    + b', "priority": "high", "x": '
    + b"[" * 600
    + b"]" * 600
    + b"}\n",
]
NAMES = ["id", "created", "priority", "plan", "responded", "solved"]


def _json_line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, default=datetime.isoformat, ensure_ascii=False).encode() + b"\n"


def _numbered(records: list[dict[str, Any]], numbers: bool) -> list[dict[str, Any]]:
    """*records*, with whole numbers for ids when *numbers* (as many exports give them)."""
    if not numbers:
        return records
    return [{**record, "id": int(record["id"][1:] or 0)} for record in records]


@settings(max_examples=scale(300), deadline=None)
@given(lines=st.lists(st.sampled_from(MESSY_JSON), max_size=30))
def test_arrow_reads_lines_as_the_json_module_does(lines: list[bytes]) -> None:
    data = b"".join(lines)
    pieces = json_columns(data, NAMES)
    ends = [0] + [end for _, end, _ in pieces]
    assert [first for first, _, _ in pieces] == ends[:-1]  # every line, in order, once
    assert ends[-1] == data.count(b"\n")
    cut = data.split(b"\n")
    for first, end, table in pieces:
        if table is None:
            continue
        assert table.num_rows == end - first
        for k, line in enumerate(cut[first:end]):
            value = json.loads(line.decode().strip())  # a JSON object, as the json module reads
            assert isinstance(value, dict)
            for name in NAMES:
                assert table.column(name)[k].as_py() == value.get(name), line


def _report(data: Any, fast: bool, **more: Any) -> tuple[Any, ...]:
    """A report's result cells, rejections, summary and their order, the fast path on (the
    input read a batch at a time by Arrow) or off (the pure reading and the engine)."""
    order: list[tuple[str, int]] = []
    rejections: list[Any] = []

    def rejected(rejection: Any) -> None:
        rejections.append(rejection)
        order.append(("rejected", rejection.line))

    run = run_report(more.pop("policy"), data, on_reject=rejected, columnar=fast, now=NOW, **more)
    results = []
    for result in run:
        results.append(result)
        order.append(("result", result.line))
    return engine_cells(results), rejections, run.summary, order


@settings(max_examples=scale(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tickets=rows(),
    messy=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(MESSY_JSON)), max_size=8),
    policy=st.sampled_from(sorted(POLICIES)),
    batch=st.sampled_from([3, 7, 1000]),
    numbers=st.booleans(),
)
def test_json_lines_give_the_same_report_on_both_paths(
    tickets: list[dict[str, Any]],
    messy: list[tuple[int, bytes]],
    policy: str,
    batch: int,
    numbers: bool,
) -> None:
    lines = [_json_line(ticket) for ticket in _numbered(tickets, numbers)]
    for place, line in messy:
        lines.insert(min(place, len(lines)), line)
    data = b"".join(lines)

    def read() -> RowReader:
        return RowReader(io.BytesIO(data), "jsonl")

    fast = _report(read(), True, policy=POLICIES[policy], batch_size=batch)
    pure = _report(read(), False, policy=POLICIES[policy], batch_size=batch)
    assert fast == pure


@settings(max_examples=scale(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    log=event_logs(),
    messy=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(MESSY_JSON)), max_size=4),
    batch=st.sampled_from([3, 1000]),
    numbers=st.booleans(),
)
def test_json_event_logs_give_the_same_report_on_both_paths(
    log: list[dict[str, Any]], messy: list[tuple[int, bytes]], batch: int, numbers: bool
) -> None:
    lines = [_json_line(row) for row in _numbered(log, numbers)]
    for place, line in messy:
        lines.insert(min(place, len(lines)), line)
    data = b"".join(lines)
    policy = POLICIES["mixed"]
    fast, pure = (
        _report(RowReader(io.BytesIO(data), "jsonl"), on, policy=policy, batch_size=batch,
                events=True)
        for on in (True, False)
    )  # fmt: skip
    assert fast == pure


_UNITS = ["s", "ms", "us", "ns"]
_ZONES = [None, "UTC", "America/New_York", "+05:30"]


@st.composite
def parquet_tables(draw: st.DrawFn) -> Any:
    """Tickets as a Parquet table: timestamps typed (any unit, naive or zoned, now and then
    past year 9999) or written as text, ids as text or numbers, nulls."""
    tickets = draw(rows())
    size = len(tickets)
    columns: dict[str, Any] = {}
    ids = [ticket["id"] for ticket in tickets]
    if draw(st.booleans()):
        columns["id"] = pa.array(ids, pa.string())
    else:
        columns["id"] = pa.array([k if k % 3 else None for k in range(size)], pa.int64())
    for name in ("created", "responded", "solved"):
        values = [ticket.get(name) for ticket in tickets]
        if draw(st.booleans()):  # text (datetimes as ISO text)
            texts = [v.isoformat() if isinstance(v, datetime) else v for v in values]
            columns[name] = pa.array(texts, pa.string())
            continue
        unit, zone = draw(st.sampled_from(_UNITS)), draw(st.sampled_from(_ZONES))
        moments = []
        for value in values:
            if isinstance(value, str):
                try:
                    value = datetime.fromisoformat(value)
                except ValueError:
                    value = None
            if isinstance(value, datetime) and value.tzinfo is not None and zone is None:
                value = value.replace(tzinfo=None)
            moments.append(value)
        stamps = pa.array(
            [
                None
                if m is None
                else (m.replace(tzinfo=None) - datetime(1970, 1, 1)) // timedelta(microseconds=1)
                - int(m.utcoffset().total_seconds() * 1_000_000 if m.utcoffset() else 0)
                for m in moments
            ],
            pa.int64(),
        )
        if draw(st.integers(0, 9)) == 0 and size:  # past year 9999 (µs since the epoch)
            stamps = pa.concat_arrays([pa.array([253_402_400_000_000_000], pa.int64()),
                                       stamps.slice(1)])  # fmt: skip
        scale_down = {"s": 1_000_000, "ms": 1_000, "us": 1, "ns": 1}[unit]
        raw = pa.compute.divide(stamps, scale_down) if scale_down > 1 else stamps
        if unit == "ns":
            raw = pa.compute.multiply(stamps, 1000)
        columns[name] = raw.cast(pa.timestamp(unit, zone))
    columns["priority"] = pa.array([t["priority"] for t in tickets], pa.string())
    columns["plan"] = pa.array([t["plan"] or None for t in tickets], pa.string())
    return pa.table(columns)


@settings(max_examples=scale(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=parquet_tables(), batch=st.sampled_from([3, 1000]))
def test_parquet_gives_the_same_report_on_both_paths(table: Any, batch: int) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    data = buffer.getvalue()
    fast, pure = (
        _report(ParquetReader(io.BytesIO(data)), on, policy=POLICIES["mixed"], batch_size=batch)
        for on in (True, False)
    )
    assert fast == pure


def command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, *more: str
) -> dict[str, bytes]:
    """``slaclock report`` on *data* (a file *name*) with the fast path and the pure one:
    the files written (results, errors, summary), the same bytes both ways."""
    from slaclock.cli import main
    from slaclock.cli import report as cli_report

    source = tmp_path / name
    source.write_bytes(data)
    policy = tmp_path / "policy.toml"
    policy.write_text(BENCH_POLICY, encoding="utf-8")
    made = {}
    for fast in (True, False):
        folder = tmp_path / ("fast" if fast else "pure")
        folder.mkdir()
        with monkeypatch.context() as patch:
            patch.setattr(cli_report, "run_report", partial(run_report, columnar=fast))
            main(["report", str(source), *more, "--policy", str(policy), "--now",
                  "2026-12-20 00:00", "--errors", str(folder / "errors.csv"),
                  "--summary", str(folder / "summary.json"),
                  "--output", str(folder / "results.csv")])  # fmt: skip
        made[fast] = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert made[True] == made[False]
    return made[True]


@settings(max_examples=scale(15), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    tickets=rows(),
    messy=st.lists(st.tuples(st.integers(0, 30), st.sampled_from(MESSY_JSON)), max_size=10),
    ending=st.sampled_from([b"", b'{"id": "last", "created": "2026-11-20", "priority": "low"}']),
)
def test_the_command_writes_the_same_bytes_from_json_lines(
    tmp_path_factory: pytest.TempPathFactory,
    tickets: list[dict[str, Any]],
    messy: list[tuple[int, bytes]],
    ending: bytes,
) -> None:
    lines = [_json_line(ticket) for ticket in tickets]
    for place, line in messy:
        lines.insert(min(place, len(lines)), line)
    with pytest.MonkeyPatch.context() as patch:
        command(tmp_path_factory.mktemp("jsonl"), patch, "in.jsonl", b"".join(lines) + ending)


def test_the_command_writes_the_same_bytes_from_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_report_fast import _export

    text = _export(3000, 5)
    import pyarrow.csv as pa_csv

    table = pa_csv.read_csv(
        io.BytesIO(text.encode()),
        convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(NAMES, pa.string())),
    )
    stamps = table.column("created").to_pylist()  # a typed column too, naive
    naive = [None if not s or "+" in s[10:] or "-" in s[10:] else s for s in stamps]
    typed = pa.array(
        [None if s is None else datetime.fromisoformat(s) for s in _readable(naive)],
        pa.timestamp("ms"),
    )
    table = table.append_column("typed", typed)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    made = command(tmp_path, monkeypatch, "in.parquet", buffer.getvalue())
    assert made["results.csv"].count(b"\n") > 1500
    (tmp_path / "typed").mkdir()
    made = command(tmp_path / "typed", monkeypatch, "in.parquet", buffer.getvalue(),
                   "--created", "typed")  # fmt: skip
    assert made["results.csv"].count(b"\n") > 1000


def _readable(texts: list[str | None]) -> list[str | None]:
    found: list[str | None] = []
    for text in texts:
        try:
            found.append(None if text is None else datetime.fromisoformat(text).isoformat())
        except ValueError:
            found.append(None)
    return found


def test_clean_json_lines_are_read_by_arrow_and_never_reach_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_report_fast import engine_calls

    clean = b"".join(
        _json_line({"id": f"T{k}", "created": f"2026-11-{k % 28 + 1:02} 16:00", "priority": "high"})
        for k in range(40)
    )
    batches = list(RowReader(io.BytesIO(clean), "jsonl").batches(16, NAMES))
    assert [len(batch) for batch in batches] == [16, 16, 8]
    assert all(batch.table is not None for batch in batches)
    assert batches[2].row(7).values == {"id": "T39", "created": "2026-11-12 16:00",
                                        "priority": "high"}  # fmt: skip
    calls = engine_calls(monkeypatch)
    cells, rejections, _, _ = _report(
        RowReader(io.BytesIO(clean + MESSY_JSON[10]), "jsonl"), True, policy=POLICIES["mixed"]
    )
    assert calls == []
    assert len(cells) == 40
    assert [(r.line, r.reason) for r in rejections] == [
        (41, "expected a JSON object {...}, got list")
    ]


def test_a_parquet_file_is_read_by_arrow_a_batch_at_a_time(tmp_path: Path) -> None:
    stamps = [datetime(2026, 11, 20, 16), None, datetime(2026, 11, 21, 9, 30)]
    table = pa.table({
        "id": pa.array(["T1", "T2", "T3"]),
        "created": pa.array(stamps, pa.timestamp("ms", "America/New_York")),
        "priority": pa.array(["high", "low", None]),
    })  # fmt: skip
    source = tmp_path / "t.parquet"
    pq.write_table(table, source)
    (batch,) = ParquetReader(source).batches(10)
    assert batch.table is not None
    assert [batch.row(k) for k in range(3)] == list(ParquetReader(source))
    coded = table.set_column(2, "priority", table.column("priority").dictionary_encode())
    pq.write_table(coded, source)  # categories (pandas'): their values
    (batch,) = ParquetReader(source).batches(10)
    assert batch.table is not None
    assert [batch.row(k) for k in range(3)] == list(ParquetReader(source))
    assert batch.column("priority") == ["high", "low", None]
    late = table.set_column(1, "created", pa.array([253_402_400_000_000] * 3, pa.timestamp("ms")))
    pq.write_table(late, source)  # past year 9999: the rows say so, one by one
    (batch,) = ParquetReader(source).batches(10)
    assert batch.table is None
    assert batch.row(0).problem is not None
    assert batch.row(0).problem.startswith("created: not readable")


def test_a_parquet_event_log_joins_batches_read_both_ways(tmp_path: Path) -> None:
    # Batches read by Arrow and batches read row by row (a time past 9999) hold the rows of
    # one ticket together: the same report as the pure reading.
    moments = [datetime(2026, 11, 20, 9 + k) for k in range(9)]
    table = pa.table({
        "id": ["T1", "T1", "T1", "T2", "T2", "T2", "T3", "T3", "T3"],
        "event": ["created", "paused", "resumed"] * 3,
        "at": pa.array(moments, pa.timestamp("us")),
        "priority": ["high", None, None] * 3,
    })  # fmt: skip
    late = table.column("at").to_pylist()
    stamps = pa.array([(m - datetime(1970, 1, 1)) // timedelta(microseconds=1) for m in late])
    stamps = pa.concat_arrays([stamps.slice(0, 4), pa.array([253_402_400_000_000_000]),
                               stamps.slice(5)])  # fmt: skip
    table = table.set_column(2, "at", stamps.cast(pa.timestamp("us")))
    source = tmp_path / "events.parquet"
    pq.write_table(table, source)
    fast, pure = (
        _report(ParquetReader(source, batch_size=2), on, policy=POLICIES["mixed"], batch_size=3,
                events=True)
        for on in (True, False)
    )  # fmt: skip
    assert fast == pure
    assert len(fast[0]) == 2  # T1 and T3
    assert {r.line for r in fast[1]} == {4, 5, 6}


@settings(max_examples=scale(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    log=event_logs(),
    typed=st.sampled_from([None, "UTC", "America/New_York"]),
    batch=st.sampled_from([2, 1000]),
)
def test_parquet_event_logs_give_the_same_report_on_both_paths(
    log: list[dict[str, Any]], typed: str | None, batch: int
) -> None:
    def text(value: Any) -> str | None:
        return (
            None
            if value is None
            else value.isoformat()
            if isinstance(value, datetime)
            else str(value)
        )

    columns: dict[str, Any] = {
        name: pa.array([text(row.get(name)) for row in log], pa.string())
        for name in ("id", "event", "priority", "plan", "reason")
    }
    moments = []
    for row in log:  # a typed column: what fromisoformat reads of the text, else null
        try:
            moment = datetime.fromisoformat(text(row["at"]) or "")
        except ValueError:
            moment = None
        if moment is not None and (moment.tzinfo is None) != (typed is None):
            moment = moment.replace(tzinfo=None) if typed is None else None
        moments.append(moment)
    columns["at"] = pa.array(moments, pa.timestamp("us", typed))
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    data = buffer.getvalue()
    fast, pure = (
        _report(ParquetReader(io.BytesIO(data), batch_size=batch), on, policy=POLICIES["mixed"],
                batch_size=batch, events=True)
        for on in (True, False)
    )  # fmt: skip
    assert fast == pure
