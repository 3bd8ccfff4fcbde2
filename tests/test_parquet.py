"""Parquet reports (the ``parquet`` extra): the same rows, results and summary as from CSV,
every row accounted for, output written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from slaclock import files  # noqa: E402
from slaclock.cli import main  # noqa: E402
from slaclock.config import load_policy  # noqa: E402
from slaclock.errors import InvalidInputError  # noqa: E402
from slaclock.files import ParquetReader, ParquetWriter, RowReader, format_of  # noqa: E402
from slaclock.report import RESULT_COLUMNS, RESULT_TYPES, run_report  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"
POLICY = GOLDEN / "policy.toml"
NOW = "2027-01-04 00:00"


def golden_rows() -> list[dict[str, str]]:
    """The golden tickets whose CSV rows are whole (T16 lacks a field, which Parquet cannot)."""
    with open(GOLDEN / "tickets.csv", encoding="utf-8", newline="") as stream:
        return [row for row in csv.DictReader(stream) if row["id"] != "T16"]


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(path: Path, rows: list[dict[str, Any]], **types: Any) -> None:
    names = list(rows[0])
    columns = {name: [row.get(name) or None for row in rows] for name in names}
    schema = pa.schema([(name, types.get(name, pa.string())) for name in names])
    pq.write_table(pa.table(columns, schema=schema), path, row_group_size=7)


def report(*args: str) -> list[str]:
    return ["report", *args, "--policy", str(POLICY), "--now", NOW]


def csv_records(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


# -- file names and the missing extra --------------------------------------------------------


def test_format_of_parquet() -> None:
    assert format_of("out/Results.PARQUET") == "parquet"
    with pytest.raises(InvalidInputError, match=r"compressed inside"):
        format_of("results.parquet.gz")


def test_without_pyarrow_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    message = r'needs pyarrow: pip install "slaclock\[parquet\]"'
    with pytest.raises(InvalidInputError, match=message):
        ParquetReader(tmp_path / "t.parquet")
    with pytest.raises(InvalidInputError, match=message):
        ParquetWriter(io.BytesIO(), ["a"])


def test_cli_without_pyarrow(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.parquet"
    write_parquet(source, golden_rows())
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    output = tmp_path / "r.csv"
    assert main(report(str(source), "--output", str(output))) == 2
    assert 'pip install "slaclock[parquet]"' in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]


# -- Parquet in = CSV in -------------------------------------------------------------------------


def test_run_report_reads_parquet_as_csv(tmp_path: Path) -> None:
    rows = golden_rows()
    write_csv(tmp_path / "t.csv", rows)
    write_parquet(tmp_path / "t.parquet", rows)
    policy = load_policy(POLICY)
    with open(tmp_path / "t.csv", "rb") as stream:
        from_csv = run_report(policy, RowReader(stream), now=NOW)
        csv_results = [r.as_dict() for r in from_csv]
    reader = ParquetReader(tmp_path / "t.parquet", batch_size=4)
    assert reader.header == list(rows[0])
    from_parquet = run_report(policy, reader, now=NOW)
    parquet_results = [r.as_dict() for r in from_parquet]
    # the same results; Parquet numbers rows from 1, CSV lines count the header
    assert [{**r, "line": r["line"] - 1} for r in csv_results] == parquet_results
    assert [(r.line - 1, r.id, r.reason) for r in from_csv.rejections] == [
        (r.line, r.id, r.reason) for r in from_parquet.rejections
    ]
    assert str(from_csv.summary) == str(from_parquet.summary)
    reader.close()
    summary = from_parquet.summary
    assert summary.rows_read == len(rows) == summary.rows_written + summary.rows_rejected
    assert summary.rows_rejected == 7


def test_cli_parquet_in_and_out_match_csv_and_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = golden_rows()
    write_csv(tmp_path / "t.csv", rows)
    write_parquet(tmp_path / "t.parquet", rows)
    csv_args = ["--errors", str(tmp_path / "e1.csv"), "--summary", str(tmp_path / "s1.json")]
    assert main(report(str(tmp_path / "t.csv"), "-o", str(tmp_path / "r.csv"), *csv_args)) == 1
    assert main(report(str(tmp_path / "t.csv"), "-o", str(tmp_path / "r.jsonl"))) == 1
    pq_args = ["--errors", str(tmp_path / "e2.csv"), "--summary", str(tmp_path / "s2.json")]
    out = tmp_path / "r.parquet"
    assert main(report(str(tmp_path / "t.parquet"), "-o", str(out), *pq_args)) == 1
    capsys.readouterr()

    table = pq.read_table(out)
    assert table.schema.names == list(RESULT_COLUMNS)
    assert table.schema.field("line").type == pa.int64()
    assert table.schema.field("response_time_s").type == pa.float64()
    assert table.schema.field("created").type == pa.string()
    from_parquet = table.to_pylist()
    from_jsonl = [
        json.loads(line) for line in (tmp_path / "r.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(from_parquet) == len(from_jsonl) == 12
    for got, expected in zip(from_parquet, from_jsonl, strict=True):
        assert got == {**expected, "line": expected["line"] - 1}
    from_csv = csv_records(tmp_path / "r.csv")
    for got, expected in zip(from_parquet, from_csv, strict=True):
        text = {k: "" if v is None else files.csv_cell(v) for k, v in got.items()}
        assert text == {**expected, "line": str(int(expected["line"]) - 1)}

    csv_errors, parquet_errors = csv_records(tmp_path / "e1.csv"), csv_records(tmp_path / "e2.csv")
    assert [(int(e["line"]) - 1, e["id"], e["reason"]) for e in csv_errors] == [
        (int(e["line"]), e["id"], e["reason"]) for e in parquet_errors
    ]
    assert json.loads(parquet_errors[0]["row"])["priority"] == "urgent"
    first, second = (json.loads((tmp_path / f"s{n}.json").read_text("utf-8")) for n in (1, 2))
    assert first == second
    assert second["rows_read"] == second["rows_written"] + second["rows_rejected"] == len(rows)


def test_cli_format_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "tickets.data"
    write_parquet(source, golden_rows())
    output = tmp_path / "results.out"
    args = ["--format", "parquet", "--output-format", "parquet", "-o", str(output)]
    assert main(report(str(source), *args, "--errors", str(tmp_path / "e.jsonl"))) == 1
    assert pq.read_table(output).num_rows == 12
    assert len((tmp_path / "e.jsonl").read_text("utf-8").splitlines()) == 7
    capsys.readouterr()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "--format", "parquet"], "Parquet input is read from a file"),
        (["IN", "--output-format", "parquet"], "give --output FILE"),
        (["IN", "-o", "r.csv", "--errors", "e.parquet"], "--errors"),
        (["IN", "-o", "r.parquet.gz"], "compressed inside"),
    ],
)
def test_cli_parquet_usage_errors(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.parquet"
    write_parquet(source, golden_rows())
    args = [str(source) if a == "IN" else str(tmp_path / a) if "." in a else a for a in args]
    assert main(report(*args)) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]


def test_a_file_that_is_not_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "t.parquet"
    source.write_text("id,created\n", encoding="utf-8")
    assert main(report(str(source), "-o", str(tmp_path / "r.parquet"))) == 2
    assert "not readable as Parquet" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.parquet"]


# -- values and bad rows -------------------------------------------------------------------------


def test_bad_rows_are_rejected_with_their_row_numbers(tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [
        {"id": "A", "created": datetime(2026, 11, 20, 16), "priority": "high"},
        {"id": "B", "created": None, "priority": "high"},
        {"id": "C", "created": datetime(2026, 11, 20, 16), "priority": "urgent"},
        {"id": "D", "created": datetime(2026, 11, 20, 16), "priority": "low"},
    ]
    path = tmp_path / "t.parquet"
    write_parquet(path, rows, created=pa.timestamp("us"))
    run = run_report(load_policy(POLICY), ParquetReader(path), now=NOW)
    assert [r.id for r in run] == ["A", "D"]
    assert [(r.line, r.id, r.reason.split(":")[0]) for r in run.rejections] == [
        (2, "B", "created"),
        (3, "C", "unknown priority 'urgent'"),
    ]
    assert json.loads(run.rejections[0].row) == {"id": "B", "created": None, "priority": "high"}

    text = tmp_path / "s.parquet"
    write_parquet(
        text, [{**r, "created": "11/20/2026 16:00" if r["id"] == "A" else None} for r in rows]
    )
    run = run_report(load_policy(POLICY), ParquetReader(text), now=NOW)
    assert list(run) == []
    assert [r.line for r in run.rejections] == [1, 2, 3, 4]
    assert "is not an ISO 8601 date-time" in run.rejections[0].reason


def test_an_unreadable_value_rejects_its_row_only(tmp_path: Path) -> None:
    created = pa.array([0, 2**62, 0], pa.int64()).cast(pa.timestamp("us"))
    table = pa.table({"created": created, "priority": ["high", "high", "low"]})
    pq.write_table(table, tmp_path / "t.parquet")
    run = run_report(load_policy(POLICY), ParquetReader(tmp_path / "t.parquet"), now=NOW)
    assert [r.line for r in run] == [1, 3]
    [rejection] = run.rejections
    assert rejection.line == 2
    assert rejection.reason.startswith("created: not readable")
    summary = run.summary
    assert summary.rows_read == 3 == summary.rows_written + summary.rows_rejected


@pytest.mark.parametrize("unit", ["us", "ns"])
def test_aware_and_naive_timestamp_columns(unit: str, tmp_path: Path) -> None:
    naive = datetime(2026, 11, 20, 16)  # 16:00 in the plan's zone (New York)
    aware = datetime(2026, 11, 20, 21, tzinfo=UTC)  # the same instant
    rows = [{"id": "N", "created": naive, "priority": "high"}]
    write_parquet(tmp_path / "n.parquet", rows, created=pa.timestamp(unit))
    aware_rows = [{"id": "A", "created": aware, "priority": "high"}]
    zone = "America/Chicago"
    write_parquet(tmp_path / "a.parquet", aware_rows, created=pa.timestamp(unit, zone))
    values = next(iter(ParquetReader(tmp_path / "a.parquet"))).values
    assert values["created"].utcoffset() == timedelta(hours=-6)
    assert values["created"] == aware
    assert next(iter(ParquetReader(tmp_path / "n.parquet"))).values["created"] == naive
    policy = load_policy(POLICY)
    [n] = run_report(policy, ParquetReader(tmp_path / "n.parquet"), now=NOW)
    [a] = run_report(policy, ParquetReader(tmp_path / "a.parquet"), now=NOW)
    assert n.created == a.created
    assert n.created.utcoffset() == timedelta(hours=-5)
    assert n.status.metrics["response"].due == a.status.metrics["response"].due


def test_writer_types_nulls_and_text(tmp_path: Path) -> None:
    stream = io.BytesIO()
    writer = ParquetWriter(stream, ["a", "n", "x"], {"n": "int64", "x": "double"}, batch_size=2)
    moment = datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=-5)))
    for record in ({"a": moment, "n": 1, "x": 2}, {"a": "=1+1"}, {"n": 3, "x": 0.5}):
        writer.write(record)
    writer.close()
    writer.close()
    stream.seek(0)
    got = pq.read_table(stream).to_pylist()
    assert got == [
        {"a": "2026-01-01T09:00:00-05:00", "n": 1, "x": 2.0},
        {"a": "=1+1", "n": None, "x": None},
        {"a": None, "n": 3, "x": 0.5},
    ]
    with pytest.raises(InvalidInputError, match="type 'date'"):
        ParquetWriter(io.BytesIO(), ["a"], {"a": "date"})
    assert set(RESULT_TYPES) <= set(RESULT_COLUMNS)


# -- whole files -------------------------------------------------------------------------------


def test_an_interrupted_write_leaves_no_partial_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "t.parquet"
    write_parquet(source, golden_rows())
    output = tmp_path / "r.parquet"
    output.write_bytes(b"the previous results")
    written = 0
    flush = ParquetWriter._flush

    def interrupted(self: ParquetWriter) -> None:
        nonlocal written
        written += 1
        if written == 1:  # the first row group
            raise KeyboardInterrupt
        flush(self)

    monkeypatch.setattr(ParquetWriter, "_flush", interrupted)
    monkeypatch.setattr(files, "PARQUET_BATCH", 2)
    assert main(report(str(source), "-o", str(output))) == 130
    capsys.readouterr()
    assert output.read_bytes() == b"the previous results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.parquet", "t.parquet"]


def test_a_large_file_streams_in_bounded_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    count = 20_000
    start = datetime(2026, 11, 2, 9)
    created = [start + timedelta(minutes=i) for i in range(count)]
    table = pa.table(
        {
            "id": [f"T{i}" for i in range(count)],
            "created": pa.array(created, pa.timestamp("us")),
            "priority": [("high", "medium", "low", "bogus")[i % 4] for i in range(count)],
        }
    )
    source = tmp_path / "big.parquet"
    pq.write_table(table, source, row_group_size=5_000)
    sizes: list[int] = []
    iter_batches = pq.ParquetFile.iter_batches

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        for batch in iter_batches(self, *args, **kwargs):
            sizes.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    output = tmp_path / "r.parquet"
    errors = tmp_path / "e.csv"
    assert main(report(str(source), "-o", str(output), "--errors", str(errors))) == 1
    capsys.readouterr()
    assert max(sizes) <= files.PARQUET_BATCH
    assert sum(sizes) == count
    result = pq.ParquetFile(output)
    assert result.metadata.num_rows == count * 3 // 4
    assert (
        max(result.metadata.row_group(i).num_rows for i in range(result.metadata.num_row_groups))
        <= files.PARQUET_BATCH
    )
    lines = result.read(columns=["line"]).column("line").to_pylist()
    rejected = [int(e["line"]) for e in csv_records(errors)]
    assert len(rejected) == count // 4
    assert sorted(lines + rejected) == list(range(1, count + 1))
