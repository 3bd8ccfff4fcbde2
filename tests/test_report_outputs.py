"""Results written as JSON Lines and Parquet from Arrow tables (``ResultBatch.write``) against
the writers' own way, value by value (``writer.write_columns(batch.columns())``): the same
bytes, the same tables, whatever the ids and names hold."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import slaclock
from slaclock.files import RecordWriter
from slaclock.report import RESULT_COLUMNS, RESULT_TYPES, ResultBatch, run_report

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from slaclock.files import ParquetWriter  # noqa: E402
from slaclock.report.arrow_results import json_lines, result_table  # noqa: E402

POLICY = slaclock.loads_policy(
    """\
[policy]
name = "Output desk"
zone = "America/New_York"

[targets.response]
high = "4h"
low = "24h"

[targets.update]
high = "8h"

[targets.resolution]
high = "2bd"
low = "30h calendar"

[thresholds]
response = [{ at = "75%", name = "warn \\"soon\\"\\\\ \\u00e9\\u0007" }, { at = "100%", level = 2 }]

[plans.standard]
hours = { mon-fri = "09:00-18:00" }
"""
)
NOW = datetime(2026, 12, 1, 12)
START = datetime(2026, 11, 23, 8)

# Text that JSON must escape (quotes, backslashes, control characters), text it need not
# (any other unicode, formula starts), and plain ids.
IDS = st.text(min_size=1, max_size=8) | st.sampled_from(['T"1', "T\\2", "T\n3", "=T4", "é✓"])


@st.composite
def tickets(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = []
    for number in range(draw(st.integers(1, 30))):
        created = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 6)))
        row: dict[str, Any] = {
            "id": f"{draw(IDS)}{number}",
            "created": created,
            "priority": draw(st.sampled_from(["high", "low"])),
        }
        if draw(st.booleans()):
            row["responded"] = created + timedelta(seconds=draw(st.integers(0, 10**6)))
        if draw(st.booleans()):
            row["solved"] = created + timedelta(microseconds=draw(st.integers(1, 10**12)))
        found.append(row)
    return found


def batches(rows: list[dict[str, Any]]) -> list[ResultBatch]:
    return list(run_report(POLICY, rows, now=NOW, on_reject=lambda _: None).batches())


@given(rows=tickets())
def test_json_lines_from_arrow_are_the_writers_bytes(rows: list[dict[str, Any]]) -> None:
    for batch in batches(rows):
        arrow, plain = io.StringIO(), io.StringIO()
        batch.write(RecordWriter(arrow, "jsonl", RESULT_COLUMNS))
        RecordWriter(plain, "jsonl", RESULT_COLUMNS).write_columns(batch.columns())
        assert arrow.getvalue() == plain.getvalue()
        for line in arrow.getvalue().split("\n")[:-1]:  # (not splitlines: "\x85" is no break)
            assert list(json.loads(line)) == list(RESULT_COLUMNS)


@given(rows=tickets())
def test_parquet_from_arrow_holds_the_writers_table(rows: list[dict[str, Any]]) -> None:
    arrow, plain = io.BytesIO(), io.BytesIO()
    by_table = ParquetWriter(arrow, RESULT_COLUMNS, RESULT_TYPES, batch_size=7)
    by_values = ParquetWriter(plain, RESULT_COLUMNS, RESULT_TYPES, batch_size=7)
    for batch in batches(rows):
        batch.write(by_table)
        by_values.write_columns(batch.columns())
    by_table.close()
    by_values.close()
    arrow.seek(0)
    plain.seek(0)
    written = pq.ParquetFile(arrow)
    assert pq.read_table(arrow).equals(pq.read_table(plain))
    groups = [written.metadata.row_group(k).num_rows for k in range(written.num_row_groups)]
    assert all(0 < rows <= 7 for rows in groups)  # row groups of at most batch_size rows


def test_the_columnar_path_writes_from_arrow_tables() -> None:
    """The tickets here are simple ones: the columnar path answers them, and the JSON text
    that must be escaped (an id's quote, a threshold's name) is escaped as ``json`` does."""
    rows = [
        {"id": 'T"1', "created": "2026-12-01 10:00", "priority": "high"},
        {"id": "T\\2", "created": "2026-11-23 11:00", "priority": "low"},
    ]
    [batch] = batches(rows)
    assert batch._groups
    table = result_table(batch._size, batch._engine, batch._groups)
    assert table.column_names == list(RESULT_COLUMNS)
    assert table.column("line").type == pa.int64()
    assert table.column("response_used_pct").type == pa.float64()
    lines = bytes(json_lines(table) or b"").decode().split("\n")[:-1]
    assert [json.loads(line)["id"] for line in lines] == ['T"1', "T\\2"]
    assert json.loads(lines[0])["next_escalation_name"] == 'warn "soon"\\ é\x07'


def test_a_writer_of_other_columns_is_written_value_by_value() -> None:
    [batch] = batches([{"id": "T1", "created": "2026-11-23 10:00", "priority": "high"}])
    out = io.StringIO()
    batch.write(RecordWriter(out, "jsonl", ["id", "verdict"]))
    assert json.loads(out.getvalue()) == {"id": "T1", "verdict": "breached"}


def test_a_table_without_the_fast_extra_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    [batch] = batches([{"id": "T1", "created": "2026-11-23 10:00", "priority": "high"}])
    monkeypatch.setitem(sys.modules, "slaclock.report.arrow_results", None)  # (not importable)
    with pytest.raises(slaclock.errors.InvalidInputError, match=r"slaclock\[fast\]"):
        batch.table()
