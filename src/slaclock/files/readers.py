"""Rows read from CSV or JSON Lines one at a time, with their line numbers, or their records
a batch at a time as columns (:meth:`RowReader.batches`)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import chain
from typing import IO, Any, NamedTuple

from ..errors import InvalidInputError, message_part
from .arrow_csv import joined_tables, line_columns
from .arrow_json import json_columns
from .opening import Format, encoding_name, transcoded

__all__ = ["FieldRows", "Row", "RowReader", "json_row"]

_BLOCK = 1 << 21
"""Bytes of an input stream read at a time (then split into lines)."""
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
"""Line breaks of ``str.splitlines`` that a byte stream does not split lines at (and ``\\r``
not followed by ``\\n``)."""


def _splits_at_newlines(text: str) -> bool:
    """Whether ``text.splitlines(keepends=True)`` cuts *text* only after each ``\\n``."""
    if any(mark in text for mark in _OTHER_BREAKS):
        return False
    return "\r" not in text or text.count("\r") == text.count("\r\n")


class Row(NamedTuple):
    """One input record: the line it starts on, its values by column, and the reason it
    cannot be read at all (``problem``), if any. ``raw`` is its text (or CSV fields)."""

    line: int
    values: Mapping[str, Any]
    problem: str | None = None
    raw: str | Sequence[str] = ""


class FieldRows:
    """Consecutive CSV records as :class:`RowReader` reads them, kept as their fields: the
    line each starts on, its fields and its problem (``None`` for most); a record is made a
    :class:`Row` only when asked for (:meth:`row`), and a column's values are taken from all
    the records at once (:meth:`column`). Records read straight into columns keep only
    those (``fields`` is ``None``). JSON Lines and Parquet records come the same way
    (:meth:`RowReader.batches`, ``ParquetReader.batches``): their columns read by Arrow
    (:attr:`table`: only the columns the report reads, for JSON Lines) or taken from rows
    already made (:meth:`of_rows`); a record's row is its JSON line read by the ``json``
    module, or made from the table's values, when asked for.

    >>> rows = FieldRows(["id", "at"], [2, 3], [["T1", "2026-11-20"], ["T2"]], [None, "short"])
    >>> rows.column("at")
    ['2026-11-20', None]
    >>> rows.row(1)
    Row(line=3, values={'id': 'T2'}, problem='short', raw=['T2'])
    """

    __slots__ = (
        "_columns",
        "fields",
        "header",
        "lines",
        "problems",
        "raw_of",
        "sources",
        "table",
        "textual",
    )

    def __init__(
        self,
        header: list[str],
        lines: list[int],
        fields: list[list[str]] | None,
        problems: list[str | None],
    ) -> None:
        self.header = header
        self.lines = lines
        self.fields = fields
        self.problems = problems
        self._columns: list[Sequence[Any]] | None = None
        self.table: Any = None  # the records as a pyarrow Table of text columns, if read so
        # JSON Lines: each record's line of text (made a Row when asked for) or its Row
        self.sources: list[str | Row] | None = None
        # Parquet: a record's text in an errors file, from its values (read from table)
        self.raw_of: Callable[[Mapping[str, Any]], str] | None = None
        self.textual = True  # every value text (or None), as in CSV

    @classmethod
    def of_table(cls, header: list[str], first: int, table: Any) -> FieldRows:
        """Records of one line each, from line *first* on, every one as wide as *header*,
        given as a pyarrow Table of their text columns (in the header's order)."""
        size = table.num_rows
        rows = cls(header, list(range(first, first + size)), None, [None] * size)
        rows.table = table
        return rows

    def __len__(self) -> int:
        return len(self.lines)

    def _records(self) -> list[list[str]]:
        """Each record's fields (made from the columns when only they are kept)."""
        if self.fields is None:
            self.fields = [list(record) for record in zip(*self._all_columns(), strict=True)]
        return self.fields

    @classmethod
    def of_rows(cls, header: list[str], rows: list[Row]) -> FieldRows:
        """Rows already made (JSON Lines, Parquet: the values of any type), whose columns
        *header* are read (``None`` where a row lacks one)."""
        made = cls(header, [row.line for row in rows], None, [row.problem for row in rows])
        made.sources = list(rows)
        made.textual = False
        made._columns = [[row.values.get(name) for row in rows] for name in header]
        return made

    def row(self, k: int) -> Row:
        """Record *k* as the :class:`Row` that iterating the reader gives."""
        if self.sources is not None:
            source = self.sources[k]
            if isinstance(source, Row):
                return source
            made = json_row(self.lines[k], source)
            assert made is not None  # (a line of a piece Arrow read: an object)
            return made
        if self.raw_of is not None:
            values = {
                name: column[k].as_py()
                for name, column in zip(self.header, self.table.columns, strict=True)
            }
            return Row(self.lines[k], values, self.problems[k], self.raw_of(values))
        if self.fields is None and self._columns is None and self.table is not None:
            fields: list[str] = [column[k].as_py() for column in self.table.columns]
        elif self.fields is None:
            fields = [column[k] for column in self._all_columns()]
        else:
            fields = self.fields[k]
        values = dict(zip(self.header, fields, strict=False))
        return Row(self.lines[k], values, self.problems[k], fields)

    def column(self, name: str) -> list[Any]:
        """Each record's value of the column *name* (``None`` where a record is too short,
        or the header has no such column)."""
        header = self.header
        if name not in header:
            return [None] * len(self.lines)
        if len(set(header)) < len(header):  # a name twice: the row's dict decides
            return [dict(zip(header, f, strict=False)).get(name) for f in self._records()]
        if self._columns is None and self.table is not None:
            return self.table.column(header.index(name)).to_pylist()  # type: ignore[no-any-return]
        return list(self._all_columns()[header.index(name)])

    def arrow_column(self, name: str) -> Any:
        """The column *name* of the records read by Arrow (:attr:`table`), as a pyarrow
        array; :meth:`column` when they were not, or the header names it twice or not."""
        header = self.header
        if self.table is None or name not in header or len(set(header)) < len(header):
            return self.column(name)
        return self.table.column(header.index(name))

    def _joined_rows(self, other: FieldRows) -> FieldRows:
        """:meth:`joined` of JSON Lines or Parquet records: a table if both are one table of
        the same columns, else the columns and the rows (made now where they were not)."""
        both = FieldRows(
            self.header, self.lines + other.lines, None, self.problems + other.problems
        )
        both.raw_of = self.raw_of or other.raw_of
        both.textual = self.textual and other.textual
        tables = self.table is not None and other.table is not None
        if tables and self.table.schema == other.table.schema:
            both.table = type(self.table).from_batches(
                [*self.table.to_batches(), *other.table.to_batches()], schema=self.table.schema
            )
            if self.sources is None and other.sources is None:
                return both  # (Parquet: rows made from the table)
        else:
            both._columns = [
                [*a, *b] for a, b in zip(self._all_columns(), other._all_columns(), strict=True)
            ]
        both.sources = [*self._sources(), *other._sources()]
        return both

    def _sources(self) -> list[str | Row]:
        """:attr:`sources`, or each record made a :class:`Row`."""
        if self.sources is not None:
            return self.sources
        return [self.row(k) for k in range(len(self.lines))]

    def _all_columns(self) -> list[Sequence[Any]]:
        """Every column at once (a record cut or padded to the header's width)."""
        if self._columns is None and self.table is not None:
            self._columns = [column.to_pylist() for column in self.table.columns]
        if self._columns is None:
            width = len(self.header)
            fields: list[Sequence[str | None]] = list(self._records())
            if any(problem is not None for problem in self.problems):
                pad: list[None] = [None] * width
                fields = [f if len(f) == width else [*f, *pad][:width] for f in fields]
            self._columns = list(zip(*fields, strict=True)) if fields else [()] * width
        return self._columns

    def cut(self, k: int) -> tuple[FieldRows, FieldRows]:
        """The records before *k*, and from *k* on."""
        fields = self.fields
        head = FieldRows(
            self.header, self.lines[:k], None if fields is None else fields[:k], self.problems[:k]
        )
        tail = FieldRows(
            self.header, self.lines[k:], None if fields is None else fields[k:], self.problems[k:]
        )
        if self._columns is not None:  # the columns already taken, cut too
            head._columns = [column[:k] for column in self._columns]
            tail._columns = [column[k:] for column in self._columns]
        if self.table is not None:
            head.table, tail.table = self.table.slice(0, k), self.table.slice(k)
        for part in (head, tail):
            part.raw_of, part.textual = self.raw_of, self.textual
        if self.sources is not None:
            head.sources, tail.sources = self.sources[:k], self.sources[k:]
        return head, tail

    def _joined_table(self, other: FieldRows) -> Any:
        """These records and *other*'s as one pyarrow Table when either is one (the
        other's columns made text columns of the same schema), else ``None``."""
        model = self.table if self.table is not None else other.table
        if model is None:
            return None
        parts: list[Any] = []
        for part in (self, other):
            if part.table is None:
                parts.append(part._all_columns())
            elif part.table.schema == model.schema:
                parts.append(part.table)
            else:
                return None
        return joined_tables(parts, model.schema)

    def joined(self, other: FieldRows) -> FieldRows:
        """These records, then *other*'s."""
        lines, problems = self.lines + other.lines, self.problems + other.problems
        if self.sources is not None or self.raw_of is not None or other.sources is not None:
            return self._joined_rows(other)  # JSON Lines, Parquet
        if self.table is not None and other.table is not None:
            both = FieldRows(self.header, lines, None, problems)
            both.table = type(self.table).from_batches(
                [*self.table.to_batches(), *other.table.to_batches()], schema=self.table.schema
            )
            return both
        if (self.fields is None or other.fields is None) and not any(problems):
            table = self._joined_table(other)
            if table is not None:  # one of them a table: the other's few rows made one
                both = FieldRows(self.header, lines, None, problems)
                both.table = table
                return both
            both = FieldRows(self.header, lines, None, problems)  # columns only
            both._columns = [
                [*a, *b] for a, b in zip(self._all_columns(), other._all_columns(), strict=True)
            ]
            return both
        both = FieldRows(self.header, lines, self._records() + other._records(), problems)
        if self._columns is not None and other._columns is not None:
            both._columns = [[*a, *b] for a, b in zip(self._columns, other._columns, strict=True)]
        return both


def _clean_table(block: _Block, width: int, delimiter: str) -> Any | None:
    """A block's records as a pyarrow Table of *width* text columns when the ``csv``
    module would read each of its lines as one record of that many fields
    (:func:`~slaclock.files.arrow_csv.line_columns`; a block decoded at once); else
    ``None`` (and always without pyarrow)."""
    raw, text = block.raw, block.text
    if text is None or raw is None:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):  # (Arrow would take it off as a byte-order mark)
        if text.startswith("\ufeff"):
            return None  # not the file's first line: the mark is part of the value
        raw = raw[3:]  # the file's byte-order mark, taken off its text
    return line_columns(raw, width, delimiter, lines=block.count)  # (text: decoded, counted)


class _Block:
    """The lines of a block of the input, and its text when it was decoded at once (then
    its lines are cut from the text only when they are asked for)."""

    __slots__ = ("_lines", "count", "raw", "text")

    def __init__(
        self, lines: list[str] | None = None, text: str | None = None, raw: bytes | None = None
    ) -> None:
        self._lines = lines
        self.text = text
        self.raw = raw  # the bytes text was decoded from
        self.count = len(lines) if lines is not None else (text or "").count("\n")

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = (self.text or "").splitlines(keepends=True)
        return self._lines

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)


class RowReader:
    """The rows of a CSV or JSON Lines byte stream, read one at a time.

    Each physical line is decoded on its own, so a line that is not UTF-8 rejects its row
    only. A byte-order mark is skipped. Another *encoding* (``cp1252``, ``latin-1``,
    ``utf-16``...) is read as UTF-8 on the way in (:func:`~slaclock.files.transcoded`), a
    line with a byte that is not of that encoding rejected the same way. Lines without any value (blank lines, and ``,,,``
    lines that spreadsheets leave at the end) are not rows and are skipped. ``header`` is
    the CSV header (``None`` for JSON Lines), read when the reader is made.

    >>> import io
    >>> reader = RowReader(io.BytesIO(b"id,created\\nT1,2026-11-20 16:00\\n\\nT2\\n"))
    >>> reader.header
    ['id', 'created']
    >>> for row in reader:
    ...     print(row.line, dict(row.values), row.problem)
    2 {'id': 'T1', 'created': '2026-11-20 16:00'} None
    4 {'id': 'T2'} 1 field where the header has 2
    """

    def __init__(
        self,
        stream: IO[bytes],
        format: Format = "csv",
        *,
        delimiter: str = ",",
        encoding: str = "utf-8",
    ) -> None:
        if format == "parquet":
            raise InvalidInputError("input format 'parquet': read it with ParquetReader")
        if format not in ("csv", "jsonl"):
            raise InvalidInputError(f"input format {format!r}: expected 'csv' or 'jsonl'")
        if format == "csv" and len(delimiter) != 1:
            raise InvalidInputError(f"delimiter {delimiter!r}: expected one character")
        self._encoding = encoding_name(encoding)
        self._stream = transcoded(stream, self._encoding)
        self._bad_lines: list[tuple[int, str]] = []  # (line, problem) not yet given to a row
        self._previous_end = 0  # the last physical line of the previous CSV record
        self._delimiter = delimiter
        self._source = self._blocks()
        self._pushed: list[_Block] = []  # blocks taken back for the CSV reader
        self._fed = 0  # lines given to the CSV reader
        self._taken = 0  # lines read without it (whole clean blocks, see batches)
        self.format: Format = format
        self.header: list[str] | None = None
        self._rows: Iterator[Row]
        if format == "csv":
            self._reader = csv.reader(self._lines(), delimiter=delimiter)
            self._records_iter = self._records(self._reader)
            self.header = self._read_header()
            self._rows = self._csv_rows()
        else:
            self._rows = self._json_rows()

    def __iter__(self) -> Iterator[Row]:
        return self._rows

    @property
    def _named(self) -> str:
        """The input's encoding as messages name it (``UTF-8``, ``cp1252``)."""
        return "UTF-8" if self._encoding == "utf-8" else self._encoding

    def batches(self, size: int, names: Sequence[str] = ()) -> Iterator[FieldRows]:
        """The records still to be read, up to *size* at a time, as :class:`FieldRows`:
        the same records, lines and problems as iterating the reader, without a
        :class:`Row` per record.

        JSON Lines: the columns *names* are read (:meth:`FieldRows.column`); where pyarrow
        is installed, the lines of a block that Arrow reads exactly as the ``json`` module
        does (:func:`~slaclock.files.arrow_json.json_columns`: one object a line, each of
        *names* text or missing) as a table of text columns, any other line by the ``json``
        module.

        CSV: where pyarrow is installed, a block of the input whose lines the ``csv`` module would
        read as one record each, as wide as the header, is split into its columns by Arrow
        (:attr:`FieldRows.table`; :func:`~slaclock.files.arrow_csv.line_columns` says which);
        any other block goes through the ``csv`` module."""
        if self.format == "jsonl":
            yield from self._json_batches(size, names)
            return
        header = self.header or []
        width = len(header)
        reader = self._reader
        following = reader.__next__
        bad_lines = self._bad_lines
        direct = width > 0 and len(set(header)) == width
        held: Any = None  # the table of a clean block not yet given
        start = 0  # the line of held's first record
        while True:
            if held is not None:
                if held.num_rows <= size:
                    yield FieldRows.of_table(header, start, held)
                    held = None
                else:
                    yield FieldRows.of_table(header, start, held.slice(0, size))
                    held, start = held.slice(size), start + size
                continue
            if direct and reader.line_num == self._fed:  # at the end of what the reader has
                block = self._pushed.pop() if self._pushed else next(self._source, None)
                if block is None:
                    return
                columns = _clean_table(block, width, self._delimiter)
                if columns is not None:
                    start = reader.line_num + self._taken + 1
                    self._taken += len(block)
                    self._previous_end = reader.line_num + self._taken
                    held = columns
                    continue
                self._pushed.append(block)  # the CSV reader takes it
            lines: list[int] = []
            fields: list[list[str]] = []
            problems: list[str | None] = []
            add_line, add_fields, add_problem = lines.append, fields.append, problems.append
            while len(lines) < size:  # _csv_rows, a batch at a time
                if direct and lines and reader.line_num == self._fed:
                    break  # the next block may be read directly
                try:
                    record = following()
                except StopIteration:
                    if lines:
                        yield FieldRows(header, lines, fields, problems)
                    return
                except csv.Error as err:
                    add_line(self._previous_end + 1)
                    self._previous_end = reader.line_num + self._taken
                    add_fields([])
                    add_problem(f"not readable as CSV: {err}")
                    continue
                line = self._previous_end + 1
                last = self._previous_end = reader.line_num + self._taken
                problem = self._bad_encoding(line, last) if bad_lines else None
                first = record[0] if record else ""
                if (not first or first.isspace()) and not "".join(record).strip():
                    continue  # a record without any value
                if problem is None and len(record) != width:
                    problem = _width_problem(len(record), width)
                add_line(line)
                add_fields(record)
                add_problem(problem)
            if lines:
                yield FieldRows(header, lines, fields, problems)

    def _lines(self) -> Iterator[str]:
        """The stream's lines as text, each with its ``\\n``; a line that is not UTF-8 is
        decoded with replacement characters and noted in ``_bad_lines``."""
        return chain.from_iterable(self._fed_blocks())

    def _fed_blocks(self) -> Iterator[_Block]:
        """The blocks the CSV reader reads: any taken back first, then the stream's."""
        while True:
            block = self._pushed.pop() if self._pushed else next(self._source, None)
            if block is None:
                return
            self._fed += len(block)
            yield block

    def _blocks(self) -> Iterator[_Block]:
        """The lines of the stream a block of about two megabytes at a time (the lines of a
        block decoded at once when it is all UTF-8 and holds no line break other than
        ``\\n``, else line by line, as iterating the stream splits them)."""
        number = 0  # the lines given so far
        rest = b""
        stream = self._stream
        read = getattr(stream, "read", None)
        if read is None:  # an iterable of byte lines
            for raw in stream:
                number += 1
                yield _Block([self._decoded(raw, number)])
            return
        while True:
            block = read(_BLOCK)
            if not block:
                if rest:
                    yield _Block([self._decoded(rest, number + 1)])
                return
            block = rest + block
            end = block.rfind(b"\n") + 1
            if not end:
                rest = block
                continue
            block, rest = block[:end], block[end:]
            try:
                text = block.decode("utf-8")
            except UnicodeDecodeError:
                text = ""
            if text and _splits_at_newlines(text):
                if number == 0:
                    text = text.removeprefix("\ufeff")
                    if self.format == "csv" and text.count("\n") > 1:
                        # the first line (the header) a block of its own: the next lines
                        # may then be split by Arrow (batches) as any other block's are
                        cut = block.find(b"\n") + 1
                        number += 1
                        yield _Block(text=text[: text.find("\n") + 1], raw=block[:cut])
                        text, block = text[text.find("\n") + 1 :], block[cut:]
                found = _Block(text=text, raw=block)  # (its lines cut if the CSV reader takes it)
                number += found.count
                yield found
                continue
            lines = []
            for raw in block.split(b"\n")[:-1]:
                number += 1
                lines.append(self._decoded(raw + b"\n", number))
            yield _Block(lines)

    def _decoded(self, raw: bytes, number: int) -> str:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            text = raw.decode("utf-8", "replace")
            if number == 1 and raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                self._bad_lines.append(
                    (1, "line 1 begins with a UTF-16 byte-order mark: the file is UTF-16, "
                        "expected UTF-8 (give its encoding: utf-16)")
                )  # fmt: skip
                return text
            self._bad_lines.append(
                (number, f"line {number} is not {self._named} (byte {raw[err.start]:#04x})")
            )
        if number == 1:
            text = text.removeprefix("\ufeff")
        return text

    def _bad_encoding(self, first: int, last: int) -> str | None:
        problem = None
        while self._bad_lines and self._bad_lines[0][0] <= last:
            number, message = self._bad_lines.pop(0)
            if number >= first and problem is None:
                problem = message
        return problem

    def _records(self, reader: Any) -> Iterator[tuple[int, list[str], str | None]]:
        """(first line, fields, problem) of each CSV record with a value."""
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                first = self._previous_end + 1
                self._previous_end = reader.line_num + self._taken
                yield first, [], f"not readable as CSV: {err}"
                continue
            first = self._previous_end + 1
            last = self._previous_end = reader.line_num + self._taken
            problem = self._bad_encoding(first, last) if self._bad_lines else None
            if not "".join(fields).strip():
                continue
            yield first, fields, problem

    def _read_header(self) -> list[str]:
        for _, fields, problem in self._records_iter:
            if problem is not None:
                raise InvalidInputError(f"the header: {problem}")
            if any("\x00" in name for name in fields):
                raise InvalidInputError(
                    "the header holds NUL characters: the file looks like UTF-16 without a "
                    "byte-order mark, expected UTF-8 (give its encoding: utf-16-le or "
                    "utf-16-be)"
                )
            return [name.strip() for name in fields]
        return []

    def _csv_rows(self) -> Iterator[Row]:
        header = self.header or []
        width = len(header)
        reader = self._reader
        bad_lines = self._bad_lines
        while True:  # _records, inlined for the common record: one generator, not two
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                line = self._previous_end + 1
                self._previous_end = reader.line_num + self._taken
                yield Row(line, {}, f"not readable as CSV: {err}", [])
                continue
            line = self._previous_end + 1
            last = self._previous_end = reader.line_num + self._taken
            problem = self._bad_encoding(line, last) if bad_lines else None
            if len(fields) == width and problem is None and "".join(fields).strip():
                yield Row(line, dict(zip(header, fields)), None, fields)  # noqa: B905
                continue
            if not "".join(fields).strip():
                continue
            if problem is None:
                problem = _width_problem(len(fields), width)
            yield Row(line, dict(zip(header, fields, strict=False)), problem, fields)

    def _json_rows(self) -> Iterator[Row]:
        for number, text in enumerate(self._lines(), 1):
            problem = self._bad_encoding(number, number)
            row = json_row(number, text, problem)
            if row is not None:
                yield row

    def _json_batches(self, size: int, names: Sequence[str]) -> Iterator[FieldRows]:
        """:meth:`batches` of JSON Lines."""
        header = list(dict.fromkeys(names))
        number = 0  # the lines read so far
        pending: FieldRows | None = None
        for block in self._fed_blocks():
            for piece in self._json_pieces(block, number, header):
                pending = piece if pending is None else pending.joined(piece)
                while len(pending) >= size:
                    head, pending = pending.cut(size)
                    yield head
            number += len(block)
        if pending is not None and len(pending):
            yield pending

    def _json_pieces(self, block: _Block, number: int, header: list[str]) -> Iterator[FieldRows]:
        """The records of *block* (its first line is *number* + 1) a piece at a time: lines
        Arrow reads as the ``json`` module does, as a table of the *header*'s text columns;
        any other line as the ``json`` module reads it."""
        raw, text = block.raw, block.text
        bom = raw is not None and text is not None and raw.startswith(b"\xef\xbb\xbf")
        if bom and raw is not None and not (text or "").startswith("\ufeff"):
            raw = raw[3:]  # the file's byte-order mark, taken off its text
        if raw is None or text is None:
            pieces: list[tuple[int, int, Any]] = [(0, len(block), None)]
        else:
            pieces = json_columns(raw, header)
        lines = block.lines
        for first, end, table in pieces:
            if table is not None:
                made = FieldRows.of_table(header, number + first + 1, table)
                made.sources = list(lines[first:end])
                made.textual = all(str(kind) == "string" for kind in table.schema.types)
                yield made
                continue
            rows = []
            for at in range(first, end):
                line = number + at + 1
                row = json_row(line, lines[at], self._bad_encoding(line, line))
                if row is not None:
                    rows.append(row)
            if rows:
                yield FieldRows.of_rows(header, rows)


def json_row(number: int, text: str, problem: str | None = None) -> Row | None:
    """Line *number* of JSON Lines, *text*, as its :class:`Row` (a JSON object's values, or
    the reason it is none: *problem* if given); ``None`` for a blank line.

    >>> json_row(3, '{"id": "T1"}\\n')
    Row(line=3, values={'id': 'T1'}, problem=None, raw='{"id": "T1"}')
    >>> json_row(4, '[1]\\n').problem
    'expected a JSON object {...}, got list'
    """
    stripped = text.strip()
    if not stripped:
        return None
    raw = text.rstrip("\r\n")
    if problem is not None:
        return Row(number, {}, problem, raw)
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError as err:
        problem = message_part(f"not valid JSON: {err.msg} at column {err.colno}")
        return Row(number, {}, problem, raw)
    except RecursionError:
        problem = message_part("not valid JSON here: values nested too deeply to read")
        return Row(number, {}, problem, raw)
    if not isinstance(value, dict):
        kind = type(value).__name__
        problem = message_part(f"expected a JSON object {{...}}, got {kind}")
        return Row(number, {}, problem, raw)
    lone = _lone_surrogate(value) if _SURROGATE_ESCAPE.search(stripped) else None
    if lone is not None:
        problem = message_part(f"text {lone!r} holds a lone surrogate: not text a file can hold")
        return Row(number, {}, problem, raw)
    return Row(number, value, None, raw)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
"""A JSON escape of a UTF-16 surrogate (``\\ud800`` to ``\\udfff``): alone, not text."""


def _is_surrogate(character: str) -> bool:
    return "\ud800" <= character <= "\udfff"


def _lone_surrogate(value: object) -> str | None:
    """The first text in *value* (a JSON value: keys and values, nested) that holds a lone
    surrogate, which no file can hold as UTF-8; ``None`` if none does."""
    if isinstance(value, str):
        return value if any(map(_is_surrogate, value)) else None
    if isinstance(value, dict):
        return next(filter(None, map(_lone_surrogate, chain(value, value.values()))), None)
    if isinstance(value, list):
        return next(filter(None, map(_lone_surrogate, value)), None)
    return None


def _width_problem(count: int, width: int) -> str:
    """The reason a record of *count* fields under a header of *width* is rejected."""
    if count == 1:
        return message_part(f"{count} field where the header has {width}")
    return message_part(f"{count} fields where the header has {width}")
