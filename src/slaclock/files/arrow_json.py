"""JSON Lines read by Arrow (``pyarrow.json``), where pyarrow is installed (``pip install
"slaclock[fast]"``): the lines of a block parsed into text columns at once, when Arrow reads
each of them exactly as the ``json`` module does; any other line is left to the ``json``
module."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

__all__ = ["json_columns"]

_FAILURES = 8
"""Lines of a block Arrow refuses, one at a time, before the rest of it goes to the ``json``
module (each refusal costs a parse of what is left)."""
_BRACKETS = 500
"""Lines with more brackets than this are the ``json`` module's: it gives up on values
nested deeper than Python's recursion allows (about a thousand), which Arrow reads."""
_HIGH_DIGITS = frozenset(bytes([c]) for c in b"89abcdefABCDEF")
_NAN_INF = re.compile(rb"Inf|NaN")


def _not_json(data: bytes) -> int | None:
    """Where the first thing in *data* is that Arrow's parser reads and the ``json`` module
    does not (``Inf``, ``-NaN``), or reads otherwise (a surrogate escape, which the report
    rejects with its own reason): such lines are the ``json`` module's. ``None``: nothing."""
    first = None
    for mark in (b"\\ud", b"\\uD"):  # (bytes.find: far faster than a regular expression)
        place = data.find(mark)
        while place >= 0 and (first is None or place < first):
            if data[place + 3 : place + 4] in _HIGH_DIGITS:
                first = place
                break
            place = data.find(mark, place + 3)
    if b"Inf" not in data and b"NaN" not in data:
        return first
    for found in _NAN_INF.finditer(data, 0, len(data) if first is None else first):
        before = data[max(found.start() - 64, 0) : found.start()].rstrip(b" \t\r").rstrip(b"-")
        if before.rstrip(b" \t\r").endswith((b":", b",", b"[")):  # a value, not a text
            return found.start()
    return first


_ROW = re.compile(r" in row (\d+)")
_NUMBERS = re.compile(r"Column\(/(.*)\) changed from string to number in row 0$")


@cache
def _json_modules() -> tuple[Any, Any, Any] | None:
    """pyarrow, pyarrow.json and pyarrow.compute; ``None`` when pyarrow is not installed."""
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.json
    except ImportError:
        return None
    return pyarrow, pyarrow.json, pyarrow.compute


def json_columns(data: bytes, names: Sequence[str]) -> list[tuple[int, int, Any]]:
    """The lines of *data* (UTF-8 lines, each ended by ``\\n``, without a byte-order mark)
    in pieces ``(first, end, table)``: lines ``first`` to ``end - 1`` (counted from 0) read
    by Arrow into a pyarrow Table of the columns *names* (one row per line; ``None`` where a
    key is missing or null), each of text or, where the piece holds whole numbers in it
    (ids, say), of ``int64``; or ``table`` ``None`` for lines the ``json`` module reads (a
    line that is not one JSON object, a blank line, a column's values of mixed kinds, a
    value neither text nor a whole number, a key twice, ``NaN``, a surrogate escape...).
    Without pyarrow, one piece of every line, ``None``.

    >>> pieces = json_columns(b'{"id": "T1", "n": 2}\\n[1]\\n{"id": null}\\n', ["id"])
    >>> [(first, end, None if t is None else t.to_pylist()) for first, end, t in pieces]
    [(0, 1, [{'id': 'T1'}]), (1, 2, None), (2, 3, [{'id': None}])]
    """
    count = data.count(b"\n")
    modules = _json_modules()
    if modules is None or not names or not data.endswith(b"\n") or b"\x00" in data:
        return [(0, count, None)]
    pieces: list[tuple[int, int, Any]] = []
    lines: list[bytes] | None = None
    first = 0
    failures = 0
    chunk = data
    while first < count:
        table, refused = _read(chunk, names, modules)
        if table is not None:
            pieces.append((first, count, table))
            break
        failures += 1
        if lines is None:
            lines = data.split(b"\n")
        if refused is None or failures > _FAILURES or first + refused >= count:
            pieces.append((first, count, None))
            break
        if refused:  # the lines before the one refused: read again, on their own
            head, _ = _read(b"\n".join(lines[first : first + refused]) + b"\n", names, modules)
            pieces.append((first, first + refused, head))
        pieces.append((first + refused, first + refused + 1, None))
        first += refused + 1
        chunk = b"\n".join(lines[first:count]) + b"\n"
    return [piece for piece in pieces if piece[1] > piece[0]]


def _read(
    data: bytes,
    names: Sequence[str],
    modules: tuple[Any, Any, Any],
    whole: frozenset[str] = frozenset(),
) -> tuple[Any, Any]:
    """*data*'s lines as a Table (and ``None``), when Arrow reads each as the ``json`` module
    does; else ``None`` and the first line refused (``None``: not known). A column whose
    first value is a number is read again as whole numbers (``int64``: Arrow refuses
    ``1.0``, ``1e2`` and anything past 64 bits), the *whole* ones."""
    pa, pa_json, compute = modules
    place = _not_json(data)
    if place is not None:
        return None, data.count(b"\n", 0, place)
    lines = compute.split_pattern(pa.array([data], pa.binary()), b"\n").flatten()
    try:
        lines = compute.cast(lines.slice(0, len(lines) - 1), pa.string())
    except pa.ArrowInvalid:  # not UTF-8
        return None, None
    brackets = compute.add(compute.count_substring(lines, "["), compute.count_substring(lines, "{"))
    if compute.max(brackets).as_py() > _BRACKETS:  # the json module may nest too deep there
        return None, compute.index(compute.greater(brackets, _BRACKETS), True).as_py()
    trimmed = compute.utf8_trim(lines, characters=" \t\r")
    framed = compute.and_(compute.starts_with(trimmed, "{"), compute.ends_with(trimmed, "}"))
    if not compute.all(framed).as_py():  # blank, or not an object on its own line
        return None, compute.index(framed, False).as_py()
    schema = pa.schema([(name, pa.int64() if name in whole else pa.string()) for name in names])
    try:
        table = pa_json.read_json(
            io.BytesIO(data),
            read_options=pa_json.ReadOptions(use_threads=False, block_size=max(len(data), 1)),
            parse_options=pa_json.ParseOptions(
                explicit_schema=schema, unexpected_field_behavior="ignore"
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as err:
        numbers = _NUMBERS.search(str(err))
        if numbers is not None and numbers.group(1) in names and numbers.group(1) not in whole:
            table, _ = _read(data, names, modules, whole | {numbers.group(1)})
            return (table, None) if table is not None else (None, 0)  # (else: mixed kinds)
        row = _ROW.search(str(err))
        return None, None if row is None else int(row.group(1))
    if table.num_rows != len(lines):  # (two objects on a line: never with every line framed)
        return None, None
    return table, None
