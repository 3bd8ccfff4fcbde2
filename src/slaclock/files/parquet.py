"""Parquet read and written a bounded batch of rows at a time (pyarrow, imported on first
use: ``pip install "slaclock[parquet]"``)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from ..errors import InvalidInputError, message_part
from .opening import Format
from .readers import FieldRows, Row
from .writers import cell_text

__all__ = ["PARQUET_BATCH", "ParquetReader", "ParquetWriter"]

PARQUET_BATCH = 10_000
"""Rows of a Parquet file read or written at a time (memory stays flat)."""


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, imported on first use."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InvalidInputError(
            'reading or writing Parquet needs pyarrow: pip install "slaclock[parquet]"'
        ) from None
    return pyarrow, pyarrow.parquet


class ParquetReader:
    """The rows of a Parquet file, read a batch of at most *batch_size* rows at a time.

    Each row is a :class:`Row` whose ``line`` is its number in the file (the first row is
    1) and whose values are Python objects: text as ``str``, numbers, ``None`` for nulls, a
    timestamp column with a time zone as aware datetimes and one without as naive datetimes
    (read in the plan's zone, like naive text). Nanosecond timestamps are cut to the
    microsecond. A row whose values pyarrow cannot turn into Python objects (a date beyond
    year 9999, say) carries the reason as its ``problem``; ``raw`` is the row as a JSON
    object (what an errors file shows). ``header`` is the column names.
    *source* is a path or a binary file open for reading (it needs to seek: not a pipe).
    """

    format: Format = "parquet"

    def __init__(self, source: str | Path | IO[bytes], *, batch_size: int = PARQUET_BATCH) -> None:
        self._pa, parquet = _pyarrow()
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidInputError(f"batch_size {batch_size!r}: expected a positive integer")
        where = str(source) if isinstance(source, str | Path) else source
        try:
            self._file = parquet.ParquetFile(where)
        except (OSError, self._pa.ArrowException) as err:
            raise InvalidInputError(f"not readable as Parquet: {err}") from None
        self.header: list[str] = list(self._file.schema_arrow.names)
        self.batch_size = batch_size

    def __iter__(self) -> Iterator[Row]:
        number = 0
        for batch in self._file.iter_batches(batch_size=self.batch_size):
            yield from self._rows(self._microseconds(batch), number)
            number += batch.num_rows
            del batch

    def _rows(self, batch: Any, number: int) -> list[Row]:
        """The rows of *batch*, whose first is row *number* + 1 of the file."""
        pa = self._pa
        names = batch.schema.names
        try:
            records = batch.to_pylist()
        except (ValueError, OverflowError, pa.ArrowException):
            records = None
        rows = []
        for index in range(batch.num_rows):
            number += 1
            if records is not None:
                rows.append(Row(number, records[index], None, _parquet_raw(records[index])))
                continue
            values: dict[str, Any] = {}
            problem = None
            for name, column in zip(names, batch.columns, strict=True):
                try:
                    values[name] = column[index].as_py()
                except (ValueError, OverflowError, pa.ArrowException) as err:
                    values[name] = None
                    if problem is None:
                        problem = message_part(f"{name}: not readable: {err}")
            rows.append(Row(number, values, problem, _parquet_raw(values)))
        return rows

    def batches(self, size: int, names: Sequence[str] = ()) -> Iterator[FieldRows]:
        """The rows, up to *size* (and the reader's *batch_size*) at a time, as :class:`~slaclock.files.FieldRows` of the
        file's columns as Arrow read them (:attr:`FieldRows.table`: a row made only when
        asked for); a batch with a value Python cannot hold (a date beyond year 9999), or a
        column of another type than text, numbers, booleans and timestamps, as its rows.
        The same rows, lines and problems as iterating the reader (*names*: unused, as
        :meth:`RowReader.batches <slaclock.files.RowReader.batches>` takes them)."""
        header = self.header
        number = 0
        whole = len(set(header)) == len(header)
        for batch in self._file.iter_batches(batch_size=min(size, self.batch_size)):
            batch = self._microseconds(batch)
            if whole and self._plain(batch):
                made = FieldRows.of_table(header, number + 1, self._pa.Table.from_batches([batch]))
                made.raw_of, made.textual = _parquet_raw, False
            else:
                made = FieldRows.of_rows(header, self._rows(batch, number))
            number += batch.num_rows
            yield made

    def _plain(self, batch: Any) -> bool:
        """Whether every value of *batch* becomes a Python object as ``to_pylist`` makes it:
        its columns text (dictionary-encoded too), numbers, booleans, nulls, or timestamps well inside the years
        Python holds (their zone known)."""
        types = self._pa.types
        for column in batch.columns:
            kind = column.type
            if types.is_timestamp(kind):
                scale = _UNIT_MICROS.get(kind.unit)
                low, high = _compute().min_max(column.cast(self._pa.int64())).values()
                if scale is None:
                    return False
                if low.as_py() is not None and not (
                    low.as_py() * scale >= _FIRST_STAMP and high.as_py() * scale < _END_STAMP
                ):
                    return False
                if kind.tz is not None and column.null_count < len(column):
                    try:
                        column.drop_null()[0].as_py()
                    except (ValueError, OverflowError, self._pa.ArrowException):
                        return False
                continue
            if types.is_dictionary(kind):
                kind = kind.value_type  # (pandas' categories: their values as they are)
            if not (
                types.is_string(kind)
                or types.is_large_string(kind)
                or types.is_integer(kind)
                or types.is_floating(kind)
                or types.is_boolean(kind)
                or types.is_null(kind)
            ):
                return False
        return True

    def close(self) -> None:
        """Close the file (a stream given to the reader stays open)."""
        self._file.close()

    def _microseconds(self, batch: Any) -> Any:
        """*batch* with its nanosecond timestamps cut to microseconds (Python's precision)."""
        pa = self._pa
        columns = list(batch.columns)
        changed = False
        for index, column in enumerate(columns):
            kind = column.type
            if pa.types.is_timestamp(kind) and kind.unit == "ns":
                columns[index] = column.cast(pa.timestamp("us", kind.tz), safe=False)
                changed = True
        if not changed:
            return batch
        return pa.RecordBatch.from_arrays(columns, names=batch.schema.names)


_FIRST_STAMP = (datetime(2, 1, 1) - datetime(1970, 1, 1)) // timedelta(microseconds=1)
_END_STAMP = (datetime(9999, 1, 1) - datetime(1970, 1, 1)) // timedelta(microseconds=1)
"""Timestamps (µs since the epoch) of the years 2 to 9998: Python datetimes in any zone."""
_UNIT_MICROS = {"s": 1_000_000, "ms": 1_000, "us": 1}


def _compute() -> Any:
    import pyarrow.compute

    return pyarrow.compute


def _parquet_raw(values: Mapping[str, Any]) -> str:
    """A Parquet row as the text of an errors file: a JSON object, datetimes as ISO text."""
    return json.dumps(values, default=cell_text, ensure_ascii=False)


_PARQUET_TYPES = {"string": "string", "int64": "int64", "double": "float64", "bool": "bool_"}
"""Column types a :class:`ParquetWriter` writes, and their pyarrow factories."""


class ParquetWriter:
    """Writes records (dicts) to a binary stream as a Parquet file, *batch_size* rows per
    row group; :meth:`close` writes the rest and the file's footer.

    Each column is ``string`` unless *types* gives ``int64``, ``double`` or ``bool``; a
    missing value is a null. Datetimes are written as ISO 8601 text, the same text as in
    CSV and JSON Lines.
    """

    def __init__(
        self,
        stream: IO[bytes],
        columns: Sequence[str],
        types: Mapping[str, str] | None = None,
        *,
        batch_size: int = PARQUET_BATCH,
    ) -> None:
        pa, parquet = _pyarrow()
        types = dict(types or {})
        for name, kind in types.items():
            if kind not in _PARQUET_TYPES:
                raise InvalidInputError(
                    f"type {kind!r} of column {name!r}: expected one of {', '.join(_PARQUET_TYPES)}"
                )
        self._pa = pa
        self._columns = tuple(columns)
        self._types = tuple(types.get(name, "string") for name in self._columns)
        self._schema = pa.schema(
            [
                (name, getattr(pa, _PARQUET_TYPES[kind])())
                for name, kind in zip(self._columns, self._types, strict=True)
            ]
        )
        self._batch_size = batch_size
        self._pending: list[list[object]] = [[] for _ in self._columns]  # rows given as values
        self._tables: list[Any] = []  # rows given as tables (and values made into tables)
        self._count = 0  # rows not yet written, of both
        self._writer = parquet.ParquetWriter(stream, self._schema)
        self._closed = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The names of the columns written."""
        return self._columns

    def write(self, record: Mapping[str, object]) -> None:
        """Write one record; columns it lacks are null."""
        for name, kind, pending in zip(self._columns, self._types, self._pending, strict=True):
            pending.append(_parquet_value(record.get(name), kind))
        self._count += 1
        if self._count >= self._batch_size:
            self._flush()

    def write_columns(self, columns: Mapping[str, Sequence[object]]) -> None:
        """Write the rows of *columns* (the values of each column, as :meth:`write` takes
        them in a record; columns it lacks are null)."""
        if not columns:
            return
        size = len(next(iter(columns.values())))
        empty = [None] * size
        for name, kind, pending in zip(self._columns, self._types, self._pending, strict=True):
            pending.extend(_parquet_value(value, kind) for value in columns.get(name, empty))
        self._count += size
        while self._count >= self._batch_size:
            self._flush()

    def write_table(self, table: Any) -> None:
        """Write the rows of a pyarrow *table* holding the writer's columns, of its types
        (``int64``, ``double``, ``bool``, text; a table's other columns are left out)."""
        self._tabled()
        self._tables.append(table.select(list(self._columns)).cast(self._schema))
        self._count += table.num_rows
        while self._count >= self._batch_size:
            self._flush()

    def _tabled(self) -> None:
        """The rows given as values, made into a pending table."""
        if self._pending[0]:
            self._tables.append(
                self._pa.Table.from_arrays(
                    [self._pa.array(values, field.type) for values, field in
                     zip(self._pending, self._schema, strict=True)],
                    schema=self._schema,
                )
            )  # fmt: skip
            self._pending = [[] for _ in self._columns]

    def _flush(self) -> None:
        """Write a row group of at most *batch_size* pending rows."""
        self._tabled()
        if not self._count:
            return
        pending = self._pa.concat_tables(self._tables) if len(self._tables) > 1 else self._tables[0]
        size = self._batch_size
        self._writer.write_table(pending.slice(0, size))
        rest = pending.slice(size)
        self._tables = [rest] if rest.num_rows else []
        self._count = rest.num_rows

    def close(self) -> None:
        """Write the rows not yet written and the footer (the stream stays open)."""
        if self._closed:
            return
        while self._count:
            self._flush()
        self._writer.close()
        self._closed = True


def _parquet_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "string":
        return value if type(value) is str else cell_text(value)
    return value
