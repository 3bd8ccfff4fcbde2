"""A batch's CSV rows laid out as bytes: the columnar path's results written without a text
object per cell.

:func:`csv_text` gives exactly what ``RecordWriter.write_cell_columns`` writes of
``columnar_results.csv_columns`` (the cells :func:`slaclock.files.csv_cell` makes of each
result), but builds it in numpy: each column's cells as fixed-width ASCII bytes (shorter
cells padded with NUL bytes), the columns and delimiters interleaved as the fields of one
record per row, the records' bytes with the NULs taken out. Where a cell would need quoting
(a delimiter, a quote or a line break in an id, a priority or a plan) or holds a NUL, it
gives ``None`` and the caller writes the cells through the ``csv`` module as before.
Loaded only when numpy is installed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..files import csv_cell, csv_cells
from ..policy import METRICS
from ..tickets.clocks import MISSING
from ..zones import MICROS_PER_DAY, from_micros
from .columnar_results import (
    CODE_INACTIVE,
    STATE_NAMES,
    GroupAnswers,
    ResultColumns,
    result_slots,
    verdict_masks,
)
from .instant_texts import DateTexts, clock_texts, utc_shifts
from .results import RESULT_COLUMNS, TicketResult, csv_row

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import DayOffsets

__all__ = ["csv_text", "iso_bytes"]

_DELIMITERS = frozenset(",;\t|")
"""The delimiters no cell made here holds (instants, numbers, states and targets never do)."""
_QUOTED = ('"', "\r", "\n", "\x00")
"""What makes a cell need quoting (with the delimiter), or keeps it out of the byte layout."""
_STATE_BYTES = STATE_NAMES.astype(bytes)


def csv_text(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[GroupAnswers],
    delimiter: str,
) -> str | None:
    """The CSV lines (each ending with a line break) of a batch's results in the order of
    their rows, as :func:`slaclock.report.columnar_results.csv_columns` written by
    ``RecordWriter.write_cell_columns``; ``None`` where some cell needs quoting (or holds
    a NUL) or the delimiter is not one of ``, ; | tab``.

    The groups' instants are laid out a zone at a time, their numbers a column at a time
    (each over the whole batch), the engine's results from their cells."""
    if delimiter not in _DELIMITERS:
        return None
    slot, count = result_slots(size, engine, groups)
    if not count:
        return ""
    parts: dict[str, list[tuple[NDArray[np.intp], NDArray[np.bytes_]]]] = {
        name: [] for name in RESULT_COLUMNS
    }
    zones: dict[int, tuple[DayOffsets, list[NDArray[np.intp]], list[dict[str, Any]]]] = {}
    numbers: dict[str, list[tuple[NDArray[np.intp], Any]]] = {}
    for group, places, rows in groups:
        at = slot[rows]
        cells, values = _group_cells(group, places)
        ids = _encoded(csv_cells(values.pop("id").tolist()), delimiter)
        priority = _encoded([csv_cell(group.priority)], delimiter)
        plan = _encoded([csv_cell(group.plan)], delimiter)
        if ids is None or priority is None or plan is None:
            return None
        cells |= {"id": ids, "priority": np.repeat(priority, len(places))}
        cells["plan"] = np.repeat(plan, len(places))
        for name, column in cells.items():
            parts[name].append((at, column))
        offsets = group.schedule.day_offsets
        zone = zones.setdefault(id(offsets), (offsets, [], []))
        zone[1].append(at)
        zone[2].append(values)
        for name in (*_NUMBER_COLUMNS, *_TIME_COLUMNS):
            numbers.setdefault(name, []).append((at, values[name]))
    for offsets, ats, values_of in zones.values():  # every instant of a zone at once
        at = np.concatenate(ats)
        laid = iso_bytes(
            np.concatenate([values[name] for name in _INSTANTS for values in values_of]), offsets
        )
        for k, name in enumerate(_INSTANTS):
            parts[name].append((at, laid[k * len(at) : (k + 1) * len(at)]))
    for name, pieces in numbers.items():  # each column of numbers at once
        at = np.concatenate([at for at, _ in pieces])
        if name in _TIME_COLUMNS:
            used = np.concatenate([value[0] for _, value in pieces])
            known = np.concatenate([value[1] for _, value in pieces])
            parts[name].append((at, _seconds_bytes(used, known)))
        else:
            parts[name].append((at, _digits(np.concatenate([value for _, value in pieces]))))
    if engine:
        at = slot[np.array([row for row, _ in engine], dtype=np.intp)]
        made = list(zip(*(csv_row(result) for _, result in engine), strict=True))
        for name, texts in zip(RESULT_COLUMNS, made, strict=True):
            found = _encoded(list(texts), delimiter)
            if found is None:
                return None
            parts[name].append((at, found))
    columns = []
    for name in RESULT_COLUMNS:
        width = max(column.dtype.itemsize for _, column in parts[name])
        whole = np.zeros(count, dtype=f"S{width}")
        for at, column in parts[name]:
            whole[at] = column
        columns.append(whole)
    return _lines(columns, delimiter)


_INSTANTS = (
    "created",
    "response_due",
    "response_breached_at",
    "resolution_due",
    "resolution_breached_at",
    "update_due",
)
_NUMBER_COLUMNS = ("line", "update_breaches")
_TIME_COLUMNS = ("response_time_s", "resolution_time_s")


def _lines(columns: list[NDArray[np.bytes_]], delimiter: str) -> str:
    """The rows of *columns* (bytes, NUL-padded) as lines of cells between delimiters."""
    layout: list[tuple[str, Any]] = []
    for k, column in enumerate(columns):
        layout += [(f"c{k}", column.dtype), (f"d{k}", "S1")]
    records = np.empty(len(columns[0]), dtype=layout)  # (every byte is set below)
    last = len(columns) - 1
    for k, column in enumerate(columns):
        records[f"c{k}"] = column
        records[f"d{k}"] = b"\n" if k == last else delimiter.encode("ascii")
    return records.tobytes().translate(None, b"\x00").decode("utf-8")


def _encoded(texts: list[str], delimiter: str) -> NDArray[np.bytes_] | None:
    """*texts* (CSV cells) as UTF-8 bytes; ``None`` where one needs quoting or holds a NUL."""
    joined = "".join(texts)
    if delimiter in joined or any(mark in joined for mark in _QUOTED):
        return None
    if joined.isascii():
        return np.array(texts, dtype=bytes)
    return np.array([text.encode("utf-8") for text in texts], dtype=bytes)


def _ascii(texts: NDArray[np.object_]) -> NDArray[np.bytes_]:
    """An object array of text as bytes (UTF-8 where not ASCII)."""
    try:
        found: NDArray[np.bytes_] = texts.astype(bytes)
    except UnicodeEncodeError:
        found = np.array([text.encode("utf-8") for text in texts.tolist()], dtype=bytes)
    return found


def _group_cells(
    group: ResultColumns, ks: NDArray[np.intp]
) -> tuple[dict[str, NDArray[np.bytes_]], dict[str, Any]]:
    """The cells of the members *ks* of *group* that are bytes already (states, verdicts,
    targets), and the values the others are laid out from (:data:`_INSTANTS` in µs,
    :data:`_NUMBER_COLUMNS`, :data:`_TIME_COLUMNS` as used µs and where known, the ids as objects):
    what :meth:`ResultColumns.values` makes text."""
    metrics = group.metric_columns(ks)
    lines, ids = group.lines_and_ids(ks)
    values: dict[str, Any] = {"line": lines, "id": ids, "created": group.created[ks]}
    breached, running = verdict_masks(metrics)
    cells = {
        "state": group.state_ascii(ks),
        "verdict": np.where(breached, b"breached", np.where(running, b"open", b"met")),
    }
    finished = group.finished(metrics, group.solved_mask(ks))
    for metric in METRICS:
        column = metrics[metric]
        cells[f"{metric}_state"] = _STATE_BYTES[column.code]
        values[f"{metric}_due"] = column.due
        if metric == "update":
            values["update_breaches"] = column.breaches
            continue
        cells[f"{metric}_target"] = _target_bytes(column.targets, column.code != CODE_INACTIVE)
        values[f"{metric}_breached_at"] = column.breached_at
        values[f"{metric}_time_s"] = (column.used, finished[metric])
    return cells, values


def _target_bytes(targets: NDArray[np.object_], active: NDArray[np.bool_]) -> NDArray[np.bytes_]:
    """The targets (text) where *active*, else empty, as bytes: made once when all active
    ones are the same (as they mostly are in a group of one plan and priority)."""
    chosen = targets[active]
    if not len(chosen):
        return np.zeros(len(targets), dtype="S1")
    first = chosen[0]
    if (chosen == first).all():
        one = np.array([first.encode("utf-8")], dtype=bytes)
        found = np.zeros(len(targets), dtype=one.dtype)
        found[active] = one[0]
        return found
    texts = targets.copy()
    texts[~active] = ""
    return _ascii(texts)


def iso_bytes(micros: NDArray[np.int64], offsets: DayOffsets) -> NDArray[np.bytes_]:
    """``from_micros(m, tz).isoformat()`` for each instant *m* (µs since the epoch, UTC;
    :data:`MISSING`: missing, an empty cell) in the zone of *offsets*, as ASCII bytes:
    fixed fields (date, clock, fraction where there are microseconds, offset), NUL where a
    field is shorter. The instants of a day whose offset changes are written one by one."""
    size = len(micros)
    present = np.flatnonzero(micros != MISSING)
    if not len(present):
        return np.zeros(size, dtype="S1")
    values = micros[present]
    shift, odd, suffixes = utc_shifts(values, offsets, as_bytes=True)
    local = values + shift
    days = local // MICROS_PER_DAY
    rest = local - days * MICROS_PER_DAY
    seconds = rest // 1_000_000
    fraction = rest - seconds * 1_000_000
    parts = np.flatnonzero(fraction)
    fields = [("date", "S10"), ("clock", "S9"), *([("fraction", "S7")] if len(parts) else [])]
    records = np.zeros(len(values), dtype=[*fields, ("offset", suffixes.dtype)])
    records["date"] = DateTexts.of(days, as_bytes=True)
    records["clock"] = _clock_bytes()[seconds]
    if len(parts):  # ".ffffff"
        places = np.full((len(parts), 7), ord("."), dtype=np.uint8)
        places[:, 1:] = fraction[parts, None] // _POWERS % 10 + ord("0")
        records["fraction"][parts] = places.view("S7").reshape(-1)
    records["offset"] = suffixes
    tz = offsets.tz
    odd_rows = np.flatnonzero(odd).tolist()
    written = [from_micros(int(values[k]), tz).isoformat().encode("ascii") for k in odd_rows]
    width = max([records.dtype.itemsize, *map(len, written)])
    found = np.zeros(size, dtype=f"S{width}")
    found[present] = records.view(f"S{records.dtype.itemsize}").reshape(-1)
    for k, text in zip(odd_rows, written, strict=True):
        found[present[k]] = text
    return found


_POWERS = 10 ** np.arange(5, -1, -1, dtype=np.int64)
"""The place value of each digit of a count of microseconds (``100000`` to ``1``)."""


@cache
def _clock_bytes() -> NDArray[np.bytes_]:
    """``THH:MM:SS`` for each second of a day, as ASCII bytes (a table made once)."""
    found: NDArray[np.bytes_] = clock_texts().astype("S9")
    return found


def _digits(values: NDArray[np.int64]) -> NDArray[np.bytes_]:
    """``str`` of each of *values* as ASCII bytes, the places before a number's first digit
    NUL (so that all have the width of the longest)."""
    if not len(values):
        return np.zeros(0, dtype="S1")
    if int(values.min()) < 0:
        return np.array([str(value) for value in values.tolist()], dtype=bytes)
    width = len(str(int(values.max())))
    places = np.empty((len(values), width), dtype=np.uint8)
    rest = values.copy()
    for place in range(width - 1, -1, -1):
        places[:, place] = rest % 10 + ord("0")
        rest //= 10
    shown = np.searchsorted(_TENS[: width - 1], values, side="right") + 1  # digits of each
    places[np.arange(width) < (width - shown)[:, None]] = 0
    found: NDArray[np.bytes_] = places.view(f"S{width}").reshape(-1)
    return found


_TENS = 10 ** np.arange(1, 19, dtype=np.int64)
"""10 to 10**18: a whole number below ``_TENS[k]`` has at most ``k + 1`` digits."""


def _seconds_bytes(used: NDArray[np.int64], known: NDArray[np.bool_]) -> NDArray[np.bytes_]:
    """The seconds :func:`~slaclock.report.columnar_results.csv_columns` writes, as ASCII bytes: whole seconds without a decimal
    point, other values as ``repr`` of the float, empty where not *known*."""
    rows = np.flatnonzero(known)
    if not len(rows):
        return np.zeros(len(used), dtype="S1")
    values = used[rows]
    whole = values % 1_000_000 == 0
    digits = _digits(values[whole] // 1_000_000)
    others = np.array([repr(v / 1_000_000) for v in values[~whole].tolist()], dtype=bytes)
    width = max(digits.dtype.itemsize, others.dtype.itemsize if len(others) else 1)
    found = np.zeros(len(used), dtype=f"S{width}")
    found[rows[whole]] = digits
    found[rows[~whole]] = others
    return found
