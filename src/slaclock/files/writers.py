"""Records written as CSV that spreadsheets cannot run as formulas, or as JSON Lines."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, BinaryIO, TextIO

from ..errors import InvalidInputError
from .opening import Format

__all__ = ["RecordWriter", "cell_text", "csv_cell", "csv_cells", "json_value"]

_FORMULA_STARTS = frozenset("=+-@\t\r")
_FORMULA_AFTER_A_BREAK = re.compile("\n[=+\\-@\t\r]")


def csv_cell(value: object) -> str:
    """A value as CSV text that a spreadsheet shows as text: a cell beginning with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return (which a spreadsheet may run as a
    formula) gets a leading apostrophe.

    >>> csv_cell('=HYPERLINK("http://evil.example","click")')
    '\\'=HYPERLINK("http://evil.example","click")'
    >>> csv_cell(12600.0), csv_cell(None), csv_cell("T-1")
    ('12600', '', 'T-1')

    A number is written as it is, negative ones too (a number is never a formula):

    >>> csv_cell(-900.0), csv_cell("-900")
    ('-900', "'-900")
    """
    if type(value) is str:
        return "'" + value if value[:1] in _FORMULA_STARTS else value
    text = cell_text(value)
    if type(value) in (int, float):
        return text
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def csv_cells(values: list[Any]) -> list[str]:
    """:func:`csv_cell` of each of *values*: text that needs no change given back at once
    (one search of the joined text proves it), text met many times made once."""
    kinds = set(map(type, values))
    if kinds == {str} and _FORMULA_AFTER_A_BREAK.search("\n" + "\n".join(values)) is None:
        return values
    if kinds <= {str, type(None)}:  # (equal values of other types may differ as text)
        made = {value: csv_cell(value) for value in dict.fromkeys(values)}
        return list(map(made.__getitem__, values))
    return [csv_cell(value) for value in values]


def cell_text(value: object) -> str:
    """A value as the plain text of a cell: ``None`` empty, booleans ``true`` and ``false``,
    datetimes ISO 8601, whole floats without ``.0`` (:func:`csv_cell` without the
    neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def json_value(value: object) -> object:
    """A value as JSON can hold it: datetimes as ISO 8601 text, whole floats as integers."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class RecordWriter:
    """Writes records (dicts) as CSV, header first and every cell neutralised
    (:func:`csv_cell`), or as JSON Lines; a record at a time (:meth:`write`), a batch's
    columns at a time (:meth:`write_columns`), or rows of cells already made (CSV,
    :meth:`write_cells`).

    >>> import io
    >>> out = io.StringIO()
    >>> writer = RecordWriter(out, "csv", ["id", "time_s"])
    >>> writer.write({"id": "=T1", "time_s": 12600.0})
    >>> writer.write_columns({"id": ["T2", "T,3"], "time_s": [None, 1.5]})
    >>> writer.write_cells([("T4", "60")])
    >>> print(out.getvalue(), end="")
    id,time_s
    '=T1,12600
    T2,
    "T,3",1.5
    T4,60
    >>> out = io.StringIO()
    >>> RecordWriter(out, "jsonl", ["id", "time_s"]).write_columns({"id": ["T1"], "time_s": [60.0]})
    >>> out.getvalue()
    '{"id": "T1", "time_s": 60}\\n'
    """

    def __init__(
        self,
        stream: TextIO,
        format: Format,
        columns: Sequence[str],
        delimiter: str = ",",
        encoded: BinaryIO | None = None,
    ):
        if format == "parquet":
            raise InvalidInputError("output format 'parquet': write it with ParquetWriter")
        if format not in ("csv", "jsonl"):
            raise InvalidInputError(f"output format {format!r}: expected 'csv' or 'jsonl'")
        self._stream = stream
        self._encoded = encoded
        self._columns = tuple(columns)
        self._delimiter = delimiter
        self._csv = (
            csv.writer(stream, delimiter=delimiter, lineterminator="\n")
            if format == "csv"
            else None
        )
        if self._csv is not None:
            self._csv.writerow([csv_cell(name) for name in self._columns])

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the columns written."""
        return self._columns

    @property
    def delimiter(self) -> str:
        """The delimiter between CSV cells."""
        return self._delimiter

    def write_lines(self, text: str) -> None:
        """Write lines already made, CSV or JSON Lines (each ending with a line break; none
        if empty)."""
        self._stream.write(text)

    def write_encoded(self, lines: bytes | memoryview) -> None:
        """Write lines already made (CSV or JSON Lines), as UTF-8 bytes (each line ending
        with ``\n``):
        straight to the *encoded* file given (the stream's own file, opened as UTF-8 with
        ``newline=""``), else decoded through the stream."""
        if self._encoded is None:
            self._stream.write(bytes(lines).decode("utf-8"))
            return
        self._stream.flush()
        self._encoded.write(lines)

    @property
    def writes_csv(self) -> bool:
        """Whether this writer writes CSV (and takes :meth:`write_cells`)."""
        return self._csv is not None

    def write_cells(self, rows: Iterable[Sequence[str]]) -> None:
        """Write rows of CSV cells already made by :func:`csv_cell`, in the columns' order
        (CSV only)."""
        if self._csv is None:
            raise InvalidInputError("write_cells writes CSV: this writer writes JSON Lines")
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return
        text = "\n".join([self._delimiter.join(row) for row in rows])
        self._write_joined(text, len(rows), lambda: rows)

    def write_cell_columns(self, columns: Sequence[Sequence[str]]) -> None:
        """Write the rows of cells given column by column (each column's cells made by
        :func:`csv_cell`, the columns in the writer's order; CSV only).

        >>> import io
        >>> out = io.StringIO()
        >>> RecordWriter(out, "csv", ["id", "s"]).write_cell_columns([["T1", "T2"], ["", "9"]])
        >>> out.getvalue()
        'id,s\\nT1,\\nT2,9\\n'
        """
        if self._csv is None:
            raise InvalidInputError("write_cell_columns writes CSV: this writer writes JSON Lines")
        if len(columns) != len(self._columns):
            raise InvalidInputError(
                f"{len(columns)} columns of cells: expected {len(self._columns)}, one per column"
            )
        count = len(columns[0]) if columns else 0
        if count:
            rows = zip(*columns, strict=True)
            text = "\n".join(map(self._delimiter.join, rows))
            self._write_joined(text, count, lambda: zip(*columns, strict=True))

    def _write_joined(
        self, text: str, count: int, rows: Callable[[], Iterable[Sequence[str]]]
    ) -> None:
        """Write *count* rows of cells joined into *text*; or, when a cell needs quoting,
        the *rows* of cells through the ``csv`` module."""
        # When no cell holds a quote, a line break or the delimiter, CSV is the cells joined
        # (what csv.writer writes then): one join, and a count of delimiters proves it.
        assert self._csv is not None
        delimiter = self._delimiter
        if (
            len(self._columns) < 2  # a lone empty cell is written as ""
            or '"' in text
            or "\r" in text
            or text.count("\n") != count - 1
            or text.count(delimiter) != count * (len(self._columns) - 1)
        ):
            self._csv.writerows(rows())
            return
        self._stream.write(text)
        self._stream.write("\n")

    def write_columns(self, columns: Mapping[str, Sequence[object]]) -> None:
        """Write the rows of *columns* (the values of each column, as :meth:`write` takes
        them in a record; columns it lacks are empty)."""
        if not columns:
            return
        size = len(next(iter(columns.values())))
        empty = [None] * size
        lists = [columns.get(name, empty) for name in self._columns]
        if self._csv is not None:
            self._csv.writerows(zip(*([csv_cell(v) for v in c] for c in lists), strict=True))
            return
        values = [[json_value(v) for v in c] for c in lists]
        names = self._columns
        self._stream.write(
            "".join(
                json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False) + "\n"
                for row in zip(*values, strict=True)
            )
        )

    def write(self, record: Mapping[str, object]) -> None:
        """Write one record; columns it lacks are empty."""
        if self._csv is not None:
            self._csv.writerow([csv_cell(record.get(name)) for name in self._columns])
        else:
            line = {name: json_value(record.get(name)) for name in self._columns}
            self._stream.write(json.dumps(line, ensure_ascii=False) + "\n")
