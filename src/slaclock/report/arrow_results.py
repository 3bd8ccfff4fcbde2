"""A batch's results as one Arrow table of their values (:func:`result_table`), and what is
made of it: CSV cells written by ``pyarrow.csv`` (:func:`cells`, :func:`write_cells`), JSON
Lines (:func:`json_lines`); Parquet writes the table as it is, and the batch's columns and
records are read off it (``ResultBatch``).

The columnar path's groups are laid into whole-batch arrays (each member at its place among
the batch's results), and each column is made once per batch: instants as text by
:func:`~slaclock.report.instant_texts.zoned_iso_instants` (every zone at once), names,
states and verdicts from dictionaries of their text. The engine's results are put in from
their records. Loaded only when numpy and pyarrow are installed (the fast extra)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..files import RecordWriter, cell_text
from ..policy import METRICS, Threshold
from ..summary import REPORTED_METRICS
from ..tickets.clocks import MISSING
from ..zones import ONE_MICROSECOND
from .columnar_results import (
    CODE_INACTIVE,
    STATE_NAMES,
    TICKET_STATES,
    ResultColumns,
    next_escalations,
    result_slots,
    text_codes,
    verdict_masks,
)
from .instant_texts import zoned_iso_instants
from .results import RESULT_COLUMNS, TicketResult

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "HIDDEN_COLUMNS",
    "cells",
    "float_cells",
    "formula_starts",
    "hundredths_cells",
    "json_lines",
    "result_table",
    "write_cells",
]

_VERDICTS = ["breached", "open", "met"]


class _Laid:
    """A batch's columnar answers laid into arrays of its results (each member at its
    place among them): what :func:`result_table` makes columns of. Text of a few distinct
    values (states, targets, thresholds) is laid as places in a table of its texts."""

    def __init__(
        self,
        size: int,
        engine: Sequence[tuple[int, TicketResult]],
        groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
    ) -> None:
        slot, count = result_slots(size, engine, groups)
        self.count = count
        self.engine = np.sort(slot[[row for row, _ in engine]]).astype(np.intp)
        self.lines = np.zeros(count, dtype=np.int64)
        self.ids = np.empty(count, dtype=object)
        self.group = np.full(count, -1, dtype=np.intp)
        self.states = np.zeros(count, dtype=np.int8)
        self.verdicts = np.zeros(count, dtype=np.int32)
        self.created = np.full(count, MISSING, dtype=np.int64)
        self.code = {m: np.zeros(count, dtype=np.int32) for m in METRICS}
        self.due = {m: np.full(count, MISSING, dtype=np.int64) for m in METRICS}
        self.targets = {m: np.full(count, -1, dtype=np.int32) for m in REPORTED_METRICS}
        self.target_texts: dict[str | None, int] = {None: 0}  # (None: no target)
        self.breached_at = {m: np.full(count, MISSING, dtype=np.int64) for m in REPORTED_METRICS}
        self.used = {m: np.zeros(count, dtype=np.int64) for m in REPORTED_METRICS}
        self.known = {m: np.zeros(count, dtype=bool) for m in REPORTED_METRICS}
        self.breaches = np.zeros(count, dtype=np.int64)
        self.left = {m: np.zeros(count, dtype=np.int64) for m in REPORTED_METRICS}
        self.left_known = {m: np.zeros(count, dtype=bool) for m in REPORTED_METRICS}
        self.percent = {m: np.full(count, np.nan) for m in REPORTED_METRICS}
        self.next_at = np.full(count, MISSING, dtype=np.int64)
        self.next_metric = np.full(count, -1, dtype=np.intp)
        self.next_threshold = np.full(count, -1, dtype=np.intp)
        self.thresholds: list[Threshold] = []  # every group's, one after another
        self.names: list[tuple[str, str]] = []  # each group's priority and plan
        zones: dict[int, int] = {}
        self.zones: list[Any] = []
        zone_of: list[int] = []
        for group, places, rows in groups:
            if not len(places):
                continue
            at = slot[rows]
            self._lay(group, places, at, len(self.names))
            self.names.append((group.priority, group.plan))
            offsets = group.schedule.day_offsets
            zone_of.append(zones.setdefault(id(offsets), len(zones)))
            if zone_of[-1] == len(self.zones):
                self.zones.append(offsets)
        self.zone = np.array(zone_of or [0], dtype=np.intp)[np.maximum(self.group, 0)]

    def _lay(
        self, group: ResultColumns, places: NDArray[np.intp], at: NDArray[np.intp], number: int
    ) -> None:
        metrics = group.metric_columns(places)
        self.lines[at], self.ids[at] = group.lines_and_ids(places)
        self.group[at] = number
        self.states[at] = group.state_codes(places)
        breached, running = verdict_masks(metrics)
        self.verdicts[at] = np.where(breached, 0, np.where(running, 1, 2))
        self.created[at] = group.created[places]
        finished = group.finished(metrics, group.solved_mask(places))
        following = next_escalations(metrics, group.thresholds)
        self.next_at[at] = following.at
        self.next_metric[at] = following.metric
        base = len(self.thresholds)
        self.next_threshold[at] = np.where(following.threshold < 0, -1, following.threshold + base)
        self.thresholds.extend(t for listed in group.thresholds for t in listed)
        for metric in METRICS:
            column = metrics[metric]
            self.code[metric][at] = column.code
            self.due[metric][at] = column.due
            if metric == "update":
                self.breaches[at] = column.breaches
                continue
            targets = text_codes(column.targets, self.target_texts)
            targets[column.code == CODE_INACTIVE] = -1
            self.targets[metric][at] = targets
            self.breached_at[metric][at] = column.breached_at
            self.used[metric][at] = column.used
            self.known[metric][at] = finished[metric]
            left, self.left_known[metric][at], self.percent[metric][at] = column.time_left()
            self.left[metric][at] = left


HIDDEN_COLUMNS = tuple(
    f"_{metric}_{name}" for metric in REPORTED_METRICS for name in ("us", "left_us")
)
"""The exact times behind ``{metric}_time_s`` and ``{metric}_remaining_s`` (µs, whole
numbers; null where the seconds are): the columns :func:`result_table` adds with
``exact=True``."""

_USER_TEXT = ("id", "priority", "plan", "next_escalation_name")
"""The result columns whose text comes from the input or the policy (any text at all); the
others hold what the library writes (names, ISO 8601 instants, durations)."""


def result_table(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
    exact: bool = False,
) -> Any:
    """A batch's results, in the order of their rows, as a pyarrow Table of the columns
    :data:`RESULT_COLUMNS`, typed as :data:`RESULT_TYPES` says (``int64``, ``double``;
    every other column text, instants ISO 8601 text with the plan's offset), a missing value
    null: the values of :meth:`TicketResult.as_dict`, instants as text. The columnar path's
    groups are laid into whole-batch arrays and each column made once (instants by
    :func:`~slaclock.report.instant_texts.zoned_iso_instants`, every zone at once); the
    engine's results are put in from their records. With *exact*, also
    :data:`HIDDEN_COLUMNS`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    laid = _Laid(size, engine, groups)
    unlaid = laid.group < 0  # the engine's rows (filled in below)

    def instants(micros: NDArray[np.int64]) -> Any:
        return zoned_iso_instants(micros, laid.zones, laid.zone)

    def named(codes: NDArray[Any], names: Sequence[Any], kind: Any = None) -> Any:
        """The values *names* at the places *codes* (null where negative or unlaid), text
        unless another *kind*."""
        kind = pa.string() if kind is None else kind
        indices = pa.array(codes.astype(np.int32), mask=unlaid | (codes < 0))
        dictionary = pa.array(list(names) or [None], kind)
        return pa.DictionaryArray.from_arrays(indices, dictionary).cast(kind)

    def seconds(micros: NDArray[np.int64], known: NDArray[np.bool_]) -> Any:
        return pa.array(micros / 1_000_000, pa.float64(), mask=~known)

    states = STATE_NAMES.tolist()
    texts = list(laid.target_texts)
    values: dict[str, Any] = {
        "line": pa.array(laid.lines),
        "id": pa.array(laid.ids, pa.string()),
        "priority": named(laid.group, [p for p, _ in laid.names]),
        "plan": named(laid.group, [n for _, n in laid.names]),
        "created": instants(laid.created),
        "state": named(laid.states, TICKET_STATES),
        "verdict": named(laid.verdicts, _VERDICTS),
        "update_breaches": pa.array(laid.breaches),
    }
    for metric in METRICS:
        values[f"{metric}_state"] = named(laid.code[metric], states)
        due = laid.due[metric]
        values[f"{metric}_due"] = instants(due)
        if metric == "update":
            continue
        values[f"{metric}_target"] = named(laid.targets[metric], texts)
        breached_at = laid.breached_at[metric]
        none = breached_at == MISSING
        if (none | (breached_at == due)).all():  # (each breach at its due instant: usual)
            values[f"{metric}_breached_at"] = pc.if_else(
                pa.array(breached_at == MISSING),
                pa.scalar(None, pa.string()),
                values[f"{metric}_due"],
            )
        else:
            values[f"{metric}_breached_at"] = instants(breached_at)
        values[f"{metric}_time_s"] = seconds(laid.used[metric], laid.known[metric])
        values[f"{metric}_remaining_s"] = seconds(laid.left[metric], laid.left_known[metric])
        percent = laid.percent[metric]
        values[f"{metric}_used_pct"] = pa.array(percent, pa.float64(), mask=np.isnan(percent))
        if exact:
            values[f"_{metric}_us"] = pa.array(laid.used[metric], mask=~laid.known[metric])
            values[f"_{metric}_left_us"] = pa.array(
                laid.left[metric], mask=~laid.left_known[metric]
            )
    values["next_escalation"] = instants(laid.next_at)
    values["next_escalation_metric"] = named(laid.next_metric, METRICS)
    values["next_escalation_name"] = named(laid.next_threshold, [t.name for t in laid.thresholds])
    levels = [t.level for t in laid.thresholds]
    values["next_escalation_level"] = named(laid.next_threshold, levels, pa.int64())
    names = [*RESULT_COLUMNS, *(HIDDEN_COLUMNS if exact else ())]
    columns = [values[name] for name in names]
    if len(laid.engine):
        ordered = [result for _, result in sorted(engine, key=lambda entry: entry[0])]
        columns = _with_engine(names, columns, laid.engine, ordered)
    return pa.table(columns, names=names)


def _with_engine(
    names: Sequence[str], columns: list[Any], places: NDArray[np.intp], results: list[TicketResult]
) -> list[Any]:
    """*columns* with the values of the engine's *results* at their *places* (both in the
    order of their rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    records = [result.as_dict() for result in results]
    for result, record in zip(results, records, strict=True):
        for metric, took in zip(
            REPORTED_METRICS, (result.response_time, result.resolution_time), strict=True
        ):
            left = result.status.metrics[metric].time_left
            record[f"_{metric}_us"] = None if took is None else took // ONE_MICROSECOND
            record[f"_{metric}_left_us"] = None if left is None else left // ONE_MICROSECOND
    mask = np.zeros(len(columns[0]), dtype=bool)
    mask[places] = True
    chosen = pa.array(mask)
    found = []
    for name, column in zip(names, columns, strict=True):
        given = [_as_written(record[name]) for record in records]
        found.append(pc.replace_with_mask(column, chosen, pa.array(given, column.type)))
    return found


def _as_written(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def cells(table: Any) -> Any:
    """The CSV cells of *table* (:func:`result_table`): each value as
    :func:`slaclock.files.csv_cell` writes it, null where missing (an empty cell): whole
    numbers as ``str`` writes them, floats by :func:`float_cells`, text given an apostrophe
    where a spreadsheet could run it as a formula (the columns of text from the input or the
    policy: the library's own text never begins so)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    made = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        column = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
        if pa.types.is_floating(column.type):
            made.append(float_cells(column.to_numpy(zero_copy_only=False)))
        elif pa.types.is_integer(column.type):
            made.append(column.cast(pa.string()))
        elif name in _USER_TEXT:
            formula = formula_starts(column)
            if formula.any():
                quoted = pc.binary_join_element_wise("'", column, "")
                column = pc.if_else(pa.array(formula), quoted, column)
            made.append(column)
        else:
            made.append(column)
    return pa.table(made, names=table.column_names)


_FORMULA_BYTES = np.frombuffer(b"=+-@\t\r", dtype=np.uint8)
"""The first characters of text a spreadsheet may run as a formula
(:func:`slaclock.files.csv_cell`), as bytes: ASCII, so a text's first byte tells."""


def formula_starts(column: Any) -> NDArray[np.bool_]:
    """Where a text of *column* (a pyarrow ``string`` array) begins with a character a
    spreadsheet may run as a formula (:func:`slaclock.files.csv_cell`): its first byte
    read from Arrow's buffers (``False`` where null or empty)."""
    size = len(column)
    if not size:
        return np.zeros(0, dtype=bool)
    buffers = column.buffers()
    bounds = np.frombuffer(buffers[1], dtype=np.int32)[column.offset : column.offset + size + 1]
    if buffers[2] is None or bounds[-1] == bounds[0]:
        return np.zeros(size, dtype=bool)
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    starts = bounds[:-1]
    found: NDArray[np.bool_] = (bounds[1:] > starts) & np.isin(
        data[np.minimum(starts, len(data) - 1)], _FORMULA_BYTES
    )
    if column.null_count:
        found &= column.is_valid().to_numpy(zero_copy_only=False)
    return found


ARROW_FLOATS = (1e-4, 1e9)
"""The magnitudes (from, up to) of floats that Arrow's cast to text writes as
:func:`~slaclock.files.cell_text` does: the shortest text that reads back, a whole value
without ``.0``; and zero. Outside them the two differ (``1e-05`` against ``0.00001``,
``10000000000`` against ``1e+10``)."""


def float_cells(values: NDArray[np.float64]) -> Any:
    """:func:`~slaclock.files.cell_text` of each of *values* as a pyarrow text array, null
    for NaN: written by Arrow within :data:`ARROW_FLOATS` (``-0.0`` as ``0``, as
    ``cell_text`` writes it), by ``cell_text`` outside, each distinct value once. Whole
    values are written by the faster cast of integers, which writes them alike; so are
    columns of hundredths (``used_pct``, :func:`hundredths_cells`)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    low, high = ARROW_FLOATS
    values = values + 0.0  # (-0.0 becomes 0.0)
    known = ~np.isnan(values)
    given = np.where(known, values, 0.0)
    if (np.abs(given) < high).all():  # (a whole value or hundredths other than 0: 0.01 or more)
        if (np.trunc(given) == given).all():
            return pa.array(given.astype(np.int64), mask=~known).cast(pa.string())
        hundredths = np.rint(given * 100)
        if (hundredths / 100 == given).all():
            return hundredths_cells(hundredths.astype(np.int64), known)
    magnitude = np.abs(values)
    cast = ((magnitude >= low) & (magnitude < high)) | (values == 0)  # (False for NaN)
    whole = cast & (np.trunc(np.where(cast, values, 0.0)) == values)
    texts = pa.array(np.where(whole, values, 0.0).astype(np.int64), mask=~whole).cast(pa.string())
    fractions = cast & ~whole
    if fractions.any():
        texts = pc.coalesce(texts, pa.array(values, mask=~fractions).cast(pa.string()))
    rest = ~cast & known
    if not rest.any():
        return texts
    distinct, inverse = np.unique(values[rest], return_inverse=True)
    made = np.array([cell_text(value) for value in distinct.tolist()], dtype=object)
    others = pa.array(made[inverse.reshape(-1)], pa.string())
    return pc.replace_with_mask(texts, pa.array(rest), others)


def hundredths_cells(hundredths: NDArray[np.int64], known: NDArray[np.bool_]) -> Any:
    """:func:`~slaclock.files.cell_text` of ``h / 100`` for each of *hundredths* (null where
    not *known*; ``h / 100`` within :data:`ARROW_FLOATS` where known): the whole part
    written by Arrow's cast of integers, then ``.5``, ``.25``... (none for a whole value).

    The shortest text that reads back as the float ``h / 100`` (``repr``) is the decimal
    with those two digits, trailing zeros dropped: any other text of at most as many digits
    is at least 0.01 away, far more than half the float's spacing below 10⁹.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    sign = np.where(known, hundredths, 0) < 0
    size = np.abs(hundredths)
    units = pa.array(size // 100, mask=~known).cast(pa.string())
    parts = [units, _hundredths_texts().take(pa.array((size % 100).astype(np.int32)))]
    if sign.any():
        parts.insert(0, pa.array(np.where(sign, "-", ""), pa.string()))
    return pc.binary_join_element_wise(*parts, "")


@cache
def _hundredths_texts() -> Any:
    """``""``, ``.01``, ... ``.1``, ... ``.99``: the text after a whole number of each count
    of hundredths, as ``repr`` writes it (made once: an immutable pyarrow array)."""
    import pyarrow as pa

    return pa.array(["", *(f".{k:02d}".rstrip("0") for k in range(1, 100))], pa.string())


def write_cells(table: Any, writer: RecordWriter) -> bool:
    """Write *table* (:func:`cells`) to *writer* as CSV lines: by ``pyarrow.csv``
    (quoting nothing: ``True``), or by the writer's ``csv`` module when a cell needs quoting
    (a delimiter, a quote or a line break in it) or the delimiter is not one ASCII character
    (``False``)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    delimiter = writer.delimiter
    if len(delimiter) == 1 and delimiter.isascii() and delimiter not in '"\r\n':
        sink = pa.BufferOutputStream()
        options = pa_csv.WriteOptions(
            include_header=False, delimiter=delimiter, quoting_style="none", batch_size=8192
        )
        try:
            pa_csv.write_csv(table, sink, options)
        except pa.ArrowInvalid:
            pass
        else:
            writer.write_encoded(memoryview(sink.getvalue()))
            return True
    cells = [column.cast(pa.string()).to_pylist() for column in table.columns]
    writer.write_cell_columns(
        [["" if cell is None else cell for cell in column] for column in cells]
    )
    return False


_NEEDS_ESCAPING = r'["\\\x00-\x1f]'
"""Text that ``json.dumps`` writes other than between two quotes (with ``ensure_ascii=False``):
a quote, a backslash or a control character."""


def json_lines(table: Any) -> memoryview | None:
    """The JSON Lines of *table*'s rows (:func:`result_table`), as UTF-8 bytes, each line
    ending with ``\\n``: what ``json.dumps(record, ensure_ascii=False)`` writes
    of each row's record (:meth:`slaclock.files.RecordWriter.write_columns`), names in the
    table's order, text quoted (``json.dumps`` itself for text it must escape), numbers as
    :func:`~slaclock.files.json_value` makes them (whole floats as integers), ``null``
    for a missing value. ``None`` when a float is infinite (not JSON: written one by one)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts: list[Any] = []
    for number, (name, column) in enumerate(zip(table.column_names, table.columns, strict=True)):
        column = column.combine_chunks() if hasattr(column, "combine_chunks") else column
        kind = column.type
        if pa.types.is_floating(kind):
            values = column.to_numpy(zero_copy_only=False)
            if np.isinf(values).any():
                return None
            texts = float_cells(values)
        elif pa.types.is_integer(kind):
            texts = column.cast(pa.string())
        else:
            texts = _json_texts(column, name in _USER_TEXT)
        key = json.dumps(name, ensure_ascii=False) + ": "
        parts.append(("{" if number == 0 else ", ") + key)
        parts.append(pc.fill_null(texts, "null"))
    parts.append("}\n")
    lines = pc.binary_join_element_wise(*parts, "")  # (no null: every value part has text)
    if not len(lines):
        return memoryview(b"")
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)
    first, last = offsets[lines.offset], offsets[lines.offset + len(lines)]
    return memoryview(lines.buffers()[2])[first:last]


def _json_texts(column: Any, given: bool) -> Any:
    """Each text of *column* as ``json.dumps`` writes it (null where missing): between two
    quotes, unless a text from the input or the policy (*given*) holds a character JSON
    escapes (the library's own text never does: names, instants, durations)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    quoted = pc.binary_join_element_wise('"', column, '"', "")
    if not given:
        return quoted
    odd = pc.fill_null(pc.match_substring_regex(column, _NEEDS_ESCAPING), False)
    if not pc.any(odd).as_py():
        return quoted
    escaped = [
        None if text is None else json.dumps(text, ensure_ascii=False)
        for text in column.filter(odd).to_pylist()
    ]
    return pc.replace_with_mask(quoted, odd, pa.array(escaped, pa.string()))
