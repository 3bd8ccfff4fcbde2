"""CSV records split by Arrow (``pyarrow.csv``), where pyarrow is installed (``pip install
"slaclock[fast]"``): a block of an input's lines parsed into text columns at once, when
every one of its records is one line the ``csv`` module would read the same."""

from __future__ import annotations

import csv
import io
from functools import cache
from typing import Any

__all__ = ["WHITESPACE", "arrow_installed", "joined_tables", "line_columns"]

WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
"""Every character ``str.strip`` removes (none lies above U+3000): what Arrow's
``utf8_trim`` is given to strip text as Python does."""


@cache
def _modules() -> tuple[Any, Any, Any] | None:
    """pyarrow, pyarrow.csv and pyarrow.compute; ``None`` when pyarrow is not installed."""
    try:
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
    except ImportError:
        return None
    return pyarrow, pyarrow.csv, pyarrow.compute


def joined_tables(parts: list[Any], schema: Any) -> Any:
    """One pyarrow Table of *schema* from *parts* in order: tables of that schema, or text
    columns (lists of text or ``None``, in the schema's order) made into one."""
    modules = _modules()
    assert modules is not None  # (a part is a table: pyarrow is installed)
    pa = modules[0]
    tables = [
        part
        if isinstance(part, pa.Table)
        else pa.Table.from_arrays(
            [
                pa.array(list(column), field.type)
                for column, field in zip(part, schema, strict=True)
            ],
            schema=schema,
        )
        for part in parts
    ]
    return pa.Table.from_batches(
        [batch for table in tables for batch in table.to_batches()], schema=schema
    )


def arrow_installed() -> bool:
    """Whether pyarrow can be imported (the CSV reading and writing of the fast extra)."""
    return _modules() is not None


def line_columns(
    data: bytes, width: int, delimiter: str, *, lines: int | None = None
) -> Any | None:
    """The records of *data* (UTF-8 lines, each ended by ``\\n`` or ``\\r\\n``, without a
    byte-order mark) as a pyarrow Table of *width* text columns, one row per line; or
    ``None`` when the ``csv`` module might read them otherwise: a line of another width, a
    blank line, a line break inside quotes, a field longer than the ``csv`` module takes,
    a NUL, or *delimiter* not one ASCII character other than a quote or a line break.
    *lines*: the number of lines of *data*, when the caller decoded it as UTF-8 and counted
    them already (neither is done again); else Arrow checks the text is UTF-8.

    >>> table = line_columns(b'T1,"a, b"\\r\\nT2,c\\n', 2, ",")
    >>> table.to_pylist()
    [{'0': 'T1', '1': 'a, b'}, {'0': 'T2', '1': 'c'}]
    >>> print(line_columns(b"T1,a\\n\\nT2,b\\n", 2, ","))
    None
    """
    modules = _modules()
    if modules is None or width < 2 or not delimiter.isascii() or delimiter in '"\r\n':
        return None
    if b"\x00" in data or not data.endswith(b"\n"):
        return None
    pa, pa_csv, compute = modules
    names = [str(k) for k in range(width)]
    try:  # (a line of another width, a blank line among them: ArrowInvalid)
        table = pa_csv.read_csv(
            io.BytesIO(data),
            read_options=pa_csv.ReadOptions(column_names=names, block_size=max(len(data), 1)),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=lines is None,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows != (data.count(b"\n") if lines is None else lines):
        return None  # a quoted line break
    if b'"' in data and _odd_quotes(data, modules):
        return None  # a quote perhaps left open at the line's end: the record goes on
    limit = csv.field_size_limit()
    for column in table.columns:
        longest = compute.max(compute.binary_length(column)).as_py()
        if longest is not None and longest > limit:
            return None  # (a byte count: never shorter than the characters the csv module counts)
    blank = compute.equal(compute.utf8_trim(table.column(0), characters=WHITESPACE), "")
    if compute.any(blank).as_py():  # perhaps a record without any value
        firsts = table.column(0).to_pylist()
        columns = [column.to_pylist() for column in table.columns]
        for k, value in enumerate(firsts):
            if not value.strip() and not "".join(column[k] for column in columns).strip():
                return None  # not a row: the csv module's reading skips it
    return table


def _odd_quotes(data: bytes, modules: tuple[Any, Any, Any]) -> bool:
    """Whether a line of *data* holds an odd number of quotes (the lines cut and their
    quotes counted by Arrow's kernels)."""
    pa, _, compute = modules
    lines = compute.split_pattern(pa.array([data], pa.binary()), b"\n").flatten()
    counts = compute.count_substring(lines, '"')
    return bool(compute.any(compute.equal(compute.bit_wise_and(counts, 1), 1)).as_py())
