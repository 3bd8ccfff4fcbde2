"""A batch's results as an Arrow table of CSV cells, written by ``pyarrow.csv``: the
columnar path's groups made into text a column at a time (instants by
:func:`~slaclock.report.instant_texts.iso_instants`, states and verdicts as dictionaries of
their names), the engine's results from their cells, and the rows in input order. Loaded
only when numpy and pyarrow are installed (the fast extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..files import RecordWriter, csv_cell, csv_cells
from ..policy import METRICS
from .columnar_results import (
    CODE_INACTIVE,
    STATE_NAMES,
    ResultColumns,
    seconds_texts,
    verdict_masks,
)
from .instant_texts import iso_instants
from .results import RESULT_COLUMNS, TicketResult, csv_row

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["cell_table", "write_cells"]

_VERDICTS = ["breached", "open", "met"]


def cell_table(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
) -> Any:
    """The CSV cells of a batch's results (:meth:`slaclock.report.ResultBatch.csv_columns`)
    as a pyarrow Table of text columns named as :data:`RESULT_COLUMNS`, in the order of
    their rows; a missing value is null (written as an empty cell)."""
    import pyarrow as pa

    parts: dict[str, list[Any]] = {name: [] for name in RESULT_COLUMNS}
    order = []
    zones: dict[int, tuple[Any, list[tuple[str, int, NDArray[np.int64]]]]] = {}
    for group, places, rows in groups:
        if not len(places):
            continue
        offsets = group.schedule.day_offsets
        instants = zones.setdefault(id(offsets), (offsets, []))[1]
        for name, cells in _group_cells(group, places).items():
            if isinstance(cells, np.ndarray):  # instants: written a zone at a time, below
                instants.append((name, len(parts[name]), cells))
            parts[name].append(cells)
        order.append(rows)
    for offsets, instants in zones.values():  # every instant of a zone in one call
        texts = iso_instants(np.concatenate([micros for _, _, micros in instants]), offsets)
        start = 0
        for name, place, micros in instants:
            parts[name][place] = texts.slice(start, len(micros))
            start += len(micros)
    if engine:
        made = list(zip(*(csv_row(result) for _, result in engine), strict=True))
        for name, texts in zip(RESULT_COLUMNS, made, strict=True):
            parts[name].append(pa.array(texts, pa.string()))
        order.append(np.array([row for row, _ in engine], dtype=np.intp))
    if not order:
        return pa.table({name: pa.array([], pa.string()) for name in RESULT_COLUMNS})
    rows = np.concatenate(order)
    ranked = None if (np.diff(rows) > 0).all() else pa.array(np.argsort(rows, kind="stable"))
    columns = []
    for name in RESULT_COLUMNS:
        column = pa.concat_arrays([part.cast(pa.string()) for part in parts[name]])
        columns.append(column if ranked is None else column.take(ranked))
    return pa.table(columns, names=list(RESULT_COLUMNS))


def _group_cells(group: ResultColumns, ks: NDArray[np.intp]) -> dict[str, Any]:
    """The cells of the members *ks* of a columnar group, column by column (Arrow
    arrays: text, dictionaries of text, or null where a cell is empty), but instants as
    they are (µs, :data:`~slaclock.tickets.clocks.MISSING` where none)."""
    import pyarrow as pa

    size = len(ks)
    metrics = group.metric_columns(ks)
    lines, ids = group.lines_and_ids(ks)
    zeros = pa.array(np.zeros(size, dtype=np.int32))
    states = pa.array(STATE_NAMES.tolist(), pa.string())
    cells: dict[str, Any] = {
        "line": pa.array(lines).cast(pa.string()),
        "id": pa.array(csv_cells(ids.tolist()), pa.string()),
        "priority": pa.DictionaryArray.from_arrays(zeros, [csv_cell(group.priority)]),
        "plan": pa.DictionaryArray.from_arrays(zeros, [csv_cell(group.plan)]),
        "created": group.created[ks],
        "state": pa.array(group.state_names(ks), pa.string()),
    }
    breached, running = verdict_masks(metrics)
    verdicts = np.where(breached, 0, np.where(running, 1, 2)).astype(np.int32)
    cells["verdict"] = pa.DictionaryArray.from_arrays(pa.array(verdicts), _VERDICTS)
    finished = group.finished(metrics, group.solved_mask(ks))
    for metric in METRICS:
        column = metrics[metric]
        codes = pa.array(column.code.astype(np.int32))
        cells[f"{metric}_state"] = pa.DictionaryArray.from_arrays(codes, states)
        cells[f"{metric}_due"] = column.due
        if metric == "update":
            cells["update_breaches"] = pa.array(column.breaches).cast(pa.string())
            continue
        active = column.code != CODE_INACTIVE
        cells[f"{metric}_target"] = pa.array(column.targets, pa.string(), mask=~active)
        cells[f"{metric}_breached_at"] = column.breached_at
        cells[f"{metric}_time_s"] = pa.array(
            seconds_texts(column.used, finished[metric]), pa.string()
        )
    return {name: cells[name] for name in RESULT_COLUMNS if name in cells}


def write_cells(table: Any, writer: RecordWriter) -> bool:
    """Write *table* (:func:`cell_table`) to *writer* as CSV lines, by ``pyarrow.csv``
    (quoting nothing); ``False``, having written nothing, when a cell would need quoting
    (a delimiter, a quote or a line break in it: the ``csv`` module writes those) or the
    delimiter is not one ASCII character."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    delimiter = writer.delimiter
    if len(delimiter) != 1 or not delimiter.isascii() or delimiter in '"\r\n':
        return False
    sink = pa.BufferOutputStream()
    options = pa_csv.WriteOptions(
        include_header=False, delimiter=delimiter, quoting_style="none", batch_size=8192
    )
    try:
        pa_csv.write_csv(table, sink, options)
    except pa.ArrowInvalid:
        return False
    writer.write_lines(sink.getvalue().to_pybytes().decode("utf-8"))
    return True
