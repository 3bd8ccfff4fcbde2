"""Reports over data frames and Arrow batches: the same answers as over plain records."""

from __future__ import annotations

from typing import Any

import pytest

import slaclock
from slaclock.files import FRAME_BATCH, records

pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")

NOW = "2026-12-01 00:00"
ROWS: list[dict[str, Any]] = [
    {
        "id": "T1",
        "created": "2026-11-20 16:00",
        "priority": "high",
        "responded": "2026-11-23 10:30",
    },
    {"id": "T2", "created": "2026-11-20 16:00", "priority": "p1", "responded": "2026-11-23 12:00"},
    {"id": "T3", "created": "2026-11-20 16:00", "priority": "urgent", "responded": None},
    {"id": "T4", "created": "2026-11-25 16:00", "priority": "low", "responded": None},
    {"id": "T5", "created": None, "priority": "low", "responded": None},
]


def outcome(rows: Any) -> tuple[list[dict[str, Any]], list[tuple[int, str]], Any]:
    run = slaclock.run_report(slaclock.default_policy(), rows, now=NOW)
    results = [result.as_dict() for result in run]
    rejections = [(rejection.line, rejection.reason) for rejection in run.rejections]
    return results, rejections, run.summary


EXPECTED = outcome(ROWS)


def test_the_records_are_the_expected_ones() -> None:
    results, rejections, summary = EXPECTED
    assert [r["id"] for r in results] == ["T1", "T2", "T4"]
    assert [line for line, _ in rejections] == [3, 5]
    assert summary.rows_read == 5


def test_a_data_frame_gives_the_same_report() -> None:
    assert outcome(pd.DataFrame(ROWS)) == EXPECTED


def test_missing_values_of_a_data_frame_are_missing() -> None:
    frame = pd.DataFrame(ROWS)
    frame["created"] = pd.to_datetime(frame["created"])  # None becomes NaT
    frame["responded"] = pd.to_datetime(frame["responded"])
    assert outcome(frame) == EXPECTED


def test_batches_of_a_data_frame_give_the_same_report() -> None:
    frame = pd.DataFrame(ROWS)
    assert outcome([frame.iloc[:2], frame.iloc[2:]]) == EXPECTED


def test_an_arrow_table_and_its_batches_give_the_same_report() -> None:
    table = pa.Table.from_pylist(ROWS)
    assert outcome(table) == EXPECTED
    assert outcome(table.to_batches(max_chunksize=2)) == EXPECTED


def test_large_frames_give_every_row_once_in_bounded_batches(monkeypatch: Any) -> None:
    frame = pd.DataFrame({"id": [f"T{i}" for i in range(FRAME_BATCH * 2 + 5)]})
    sizes: list[int] = []
    to_dict = pd.DataFrame.to_dict

    def spy(self: Any, *args: Any, **kwargs: Any) -> Any:
        sizes.append(len(self))
        return to_dict(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_dict", spy)
    ids = [record["id"] for record in records(frame)]
    assert ids == list(frame["id"])
    assert sizes == [FRAME_BATCH, FRAME_BATCH, 5]


def test_plain_records_pass_through_unchanged() -> None:
    rows = [{"id": "T1"}, {"id": "T2"}]
    assert list(records(iter(rows))) == rows
    assert list(records([])) == []
