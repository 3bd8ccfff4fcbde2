"""Tabular files for reports: rows read from CSV or JSON Lines one at a time, with their
line numbers (or CSV records a batch at a time, as columns: :meth:`RowReader.batches`);
records written as CSV that spreadsheets cannot run as formulas, or as JSON Lines; output
written under a temporary name and renamed only when complete.

Parquet is read and written too, a bounded batch of rows at a time, when pyarrow is installed
(``pip install "slaclock[parquet]"``); pyarrow is imported only when a Parquet file is used.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import chain
from operator import methodcaller
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, TextIO

from .errors import InvalidInputError

__all__ = [
    "AtomicFile",
    "FieldRows",
    "Format",
    "ParquetReader",
    "ParquetWriter",
    "RecordWriter",
    "Row",
    "RowReader",
    "csv_cell",
    "format_of",
    "json_value",
    "open_input",
    "records",
]

Format = Literal["csv", "jsonl", "parquet"]

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


PARQUET_BATCH = 10_000
"""Rows of a Parquet file read or written at a time (memory stays flat)."""


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
    those (``fields`` is ``None``).

    >>> rows = FieldRows(["id", "at"], [2, 3], [["T1", "2026-11-20"], ["T2"]], [None, "short"])
    >>> rows.column("at")
    ['2026-11-20', None]
    >>> rows.row(1)
    Row(line=3, values={'id': 'T2'}, problem='short', raw=['T2'])
    """

    __slots__ = ("_columns", "fields", "header", "lines", "problems")

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

    @classmethod
    def of_columns(cls, header: list[str], first: int, columns: list[list[str]]) -> FieldRows:
        """Records of one line each, from line *first* on, every one as wide as *header*,
        given as their columns."""
        size = len(columns[0]) if columns else 0
        rows = cls(header, list(range(first, first + size)), None, [None] * size)
        rows._columns = list(columns)
        return rows

    def __len__(self) -> int:
        return len(self.lines)

    def _records(self) -> list[list[str]]:
        """Each record's fields (made from the columns when only they are kept)."""
        if self.fields is None:
            assert self._columns is not None
            self.fields = [list(record) for record in zip(*self._columns, strict=True)]
        return self.fields

    def row(self, k: int) -> Row:
        """Record *k* as the :class:`Row` that iterating the reader gives."""
        if self.fields is None:
            assert self._columns is not None
            fields: list[str] = [column[k] for column in self._columns]
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
        return list(self._all_columns()[header.index(name)])

    def _all_columns(self) -> list[Sequence[Any]]:
        """Every column at once (a record cut or padded to the header's width)."""
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
        return head, tail

    def joined(self, other: FieldRows) -> FieldRows:
        """These records, then *other*'s."""
        lines, problems = self.lines + other.lines, self.problems + other.problems
        if (self.fields is None or other.fields is None) and not any(problems):
            both = FieldRows(self.header, lines, None, problems)  # columns only
            both._columns = [
                [*a, *b] for a, b in zip(self._all_columns(), other._all_columns(), strict=True)
            ]
            return both
        both = FieldRows(self.header, lines, self._records() + other._records(), problems)
        if self._columns is not None and other._columns is not None:
            both._columns = [[*a, *b] for a, b in zip(self._columns, other._columns, strict=True)]
        return both


def _clean_columns(block: _Block, width: int, delimiter: str) -> list[list[str]] | None:
    """The columns of a block's records when the ``csv`` module would read each of its lines
    as one record of *width* fields split at *delimiter* (a block decoded at once, without a
    quote, a NUL or a blank line or record); else ``None``."""
    text = block.text
    if text is None or '"' in text or "\x00" in text or not text.endswith("\n"):
        return None
    raw = block.raw  # the text's UTF-8 bytes
    if raw is not None and raw.startswith(b"\xef\xbb\xbf"):
        raw = None  # (the text is without its byte-order mark)
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # the only carriage returns (_splits_at_newlines)
        raw = None
    limit = csv.field_size_limit()  # the csv module refuses a longer field
    check = _line_check()
    if check is not None and len(delimiter) == 1 and delimiter.isascii() and delimiter != "\n":
        if not check(text, delimiter, width, limit, raw):
            return None
        flat = text[:-1].replace("\n", delimiter).split(delimiter)
    else:
        lines = text[:-1].split("\n")
        if "" in lines or set(map(methodcaller("count", delimiter), lines)) != {width - 1}:
            return None
        if max(map(len, lines)) > limit:
            return None
        flat = delimiter.join(lines).split(delimiter)
    columns = [flat[place::width] for place in range(width)]
    firsts = columns[0]
    if "" in firsts or any(map(str.isspace, firsts)):  # perhaps a record without any value
        for k, value in enumerate(firsts):
            if not value.strip() and not "".join(column[k] for column in columns).strip():
                return None
    return columns


_LINE_CHECK: list[Callable[[str, str, int, int, bytes | None], bool] | None] = []


def _line_check() -> Callable[[str, str, int, int, bytes | None], bool] | None:
    """``_fast_read.clean_lines`` where numpy is installed, else ``None``: the lines are
    checked one by one."""
    if not _LINE_CHECK:
        try:
            from ._fast_read import clean_lines
        except ImportError:
            _LINE_CHECK.append(None)
        else:
            _LINE_CHECK.append(clean_lines)
    return _LINE_CHECK[0]


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
    only. A byte-order mark is skipped. Lines without any value (blank lines, and ``,,,``
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

    def __init__(self, stream: IO[bytes], format: Format = "csv", *, delimiter: str = ",") -> None:
        if format == "parquet":
            raise InvalidInputError("input format 'parquet': read it with ParquetReader")
        if format not in ("csv", "jsonl"):
            raise InvalidInputError(f"input format {format!r}: expected 'csv' or 'jsonl'")
        if format == "csv" and len(delimiter) != 1:
            raise InvalidInputError(f"delimiter {delimiter!r}: expected one character")
        self._stream = stream
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

    def batches(self, size: int) -> Iterator[FieldRows]:
        """The CSV records still to be read, up to *size* at a time, as :class:`FieldRows`:
        the same records, lines and problems as iterating the reader, without a
        :class:`Row` per record. CSV only.

        A block of the input without quotes, NUL characters or blank lines, each line with
        as many fields as the header, is split into its columns directly; any other block
        goes through the ``csv`` module."""
        if self.format != "csv":
            raise InvalidInputError(f"batches of fields: the input is {self.format}, not CSV")
        header = self.header or []
        width = len(header)
        reader = self._reader
        following = reader.__next__
        bad_lines = self._bad_lines
        direct = width > 0 and len(set(header)) == width
        held: list[list[str]] | None = None  # the columns of a clean block not yet given
        start = 0  # the line of held's first record
        while True:
            if held is not None:
                count = len(held[0])
                if count <= size:
                    yield FieldRows.of_columns(header, start, held)
                    held = None
                else:
                    yield FieldRows.of_columns(header, start, [c[:size] for c in held])
                    held, start = [c[size:] for c in held], start + size
                continue
            if direct and reader.line_num == self._fed:  # at the end of what the reader has
                block = self._pushed.pop() if self._pushed else next(self._source, None)
                if block is None:
                    return
                columns = _clean_columns(block, width, self._delimiter)
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
                    noun = "field" if len(record) == 1 else "fields"
                    problem = f"{len(record)} {noun} where the header has {width}"
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
            self._bad_lines.append(
                (number, f"line {number} is not UTF-8 (byte {raw[err.start]:#04x})")
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
                noun = "field" if len(fields) == 1 else "fields"
                problem = f"{len(fields)} {noun} where the header has {width}"
            yield Row(line, dict(zip(header, fields, strict=False)), problem, fields)

    def _json_rows(self) -> Iterator[Row]:
        for number, text in enumerate(self._lines(), 1):
            problem = self._bad_encoding(number, number)
            stripped = text.strip()
            if not stripped:
                continue
            raw = text.rstrip("\r\n")
            if problem is not None:
                yield Row(number, {}, problem, raw)
                continue
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError as err:
                yield Row(number, {}, f"not valid JSON: {err.msg} at column {err.colno}", raw)
                continue
            if not isinstance(value, dict):
                kind = type(value).__name__
                yield Row(number, {}, f"expected a JSON object {{...}}, got {kind}", raw)
                continue
            lone = _lone_surrogate(value) if _SURROGATE_ESCAPE.search(stripped) else None
            if lone is not None:
                problem = f"text {lone!r} holds a lone surrogate: not text a file can hold"
                yield Row(number, {}, problem, raw)
                continue
            yield Row(number, value, None, raw)


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


def open_input(path: str | Path) -> IO[bytes]:
    """A file opened for :class:`RowReader`; ``.gz`` files are decompressed as they are read."""
    file = Path(path)
    if file.suffix.lower() == ".gz":
        return gzip.open(file, "rb")  # type: ignore[return-value]  # a GzipFile reads bytes
    return open(file, "rb")


def format_of(path: str | Path, default: Format | None = None) -> Format:
    """The format a file name implies: ``.csv`` or ``.jsonl`` (``.ndjson``), each perhaps
    followed by ``.gz``, or ``.parquet`` (compressed inside, so never ``.gz``).

    >>> format_of("tickets.csv.gz"), format_of("results.parquet")
    ('csv', 'parquet')
    """
    full = Path(path).name.lower()
    if full.endswith(".parquet"):
        return "parquet"
    name = full.removesuffix(".gz")
    if name.endswith(".parquet"):
        raise InvalidInputError(
            f"{str(path)!r}: a Parquet file is compressed inside: expected a name ending in "
            f".parquet, without .gz"
        )
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if default is not None:
        return default
    raise InvalidInputError(
        f"cannot tell the format of {str(path)!r} from its name: expected a name ending in "
        f".csv or .jsonl (perhaps followed by .gz) or .parquet, or a format given"
    )


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
    """
    text = value if type(value) is str else _text_of(value)
    return "'" + text if text[:1] in _FORMULA_STARTS else text


def _csv_cells(values: list[Any]) -> list[str]:
    """:func:`csv_cell` of each of *values*: text that needs no change given back at once
    (one search of the joined text proves it), text met many times made once."""
    kinds = set(map(type, values))
    if kinds == {str} and _FORMULA_AFTER_A_BREAK.search("\n" + "\n".join(values)) is None:
        return values
    if kinds <= {str, type(None)}:  # (equal values of other types may differ as text)
        made = {value: csv_cell(value) for value in dict.fromkeys(values)}
        return list(map(made.__getitem__, values))
    return [csv_cell(value) for value in values]


def _text_of(value: object) -> str:
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
        self, stream: TextIO, format: Format, columns: Sequence[str], delimiter: str = ","
    ):
        if format == "parquet":
            raise InvalidInputError("output format 'parquet': write it with ParquetWriter")
        if format not in ("csv", "jsonl"):
            raise InvalidInputError(f"output format {format!r}: expected 'csv' or 'jsonl'")
        self._stream = stream
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

    def _write_lines(self, text: str) -> None:
        """Write CSV lines already made (each ending with a line break; none if empty)."""
        self._stream.write(text)

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


# -- Parquet ------------------------------------------------------------------------------------


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
        pa = self._pa
        number = 0
        for batch in self._file.iter_batches(batch_size=self.batch_size):
            batch = self._microseconds(batch)
            names = batch.schema.names
            try:
                records = batch.to_pylist()
            except (ValueError, OverflowError, pa.ArrowException):
                records = None
            for index in range(batch.num_rows):
                number += 1
                if records is not None:
                    yield Row(number, records[index], None, _parquet_raw(records[index]))
                    continue
                values: dict[str, Any] = {}
                problem = None
                for name, column in zip(names, batch.columns, strict=True):
                    try:
                        values[name] = column[index].as_py()
                    except (ValueError, OverflowError, pa.ArrowException) as err:
                        values[name] = None
                        if problem is None:
                            problem = f"{name}: not readable: {err}"
                yield Row(number, values, problem, _parquet_raw(values))
            del batch, records

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


def _parquet_raw(values: Mapping[str, Any]) -> str:
    """A Parquet row as the text of an errors file: a JSON object, datetimes as ISO text."""
    return json.dumps(values, default=_text_of, ensure_ascii=False)


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
        self._pending: list[list[object]] = [[] for _ in self._columns]
        self._writer = parquet.ParquetWriter(stream, self._schema)
        self._closed = False

    def write(self, record: Mapping[str, object]) -> None:
        """Write one record; columns it lacks are null."""
        for name, kind, pending in zip(self._columns, self._types, self._pending, strict=True):
            pending.append(_parquet_value(record.get(name), kind))
        if len(self._pending[0]) >= self._batch_size:
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
        while len(self._pending[0]) >= self._batch_size:
            self._flush()

    def _flush(self) -> None:
        """Write a row group of at most *batch_size* pending rows."""
        if not self._pending or not self._pending[0]:
            return
        size = self._batch_size
        table = self._pa.Table.from_pydict(
            {
                name: pending[:size]
                for name, pending in zip(self._columns, self._pending, strict=True)
            },
            schema=self._schema,
        )
        self._writer.write_table(table)
        self._pending = [pending[size:] for pending in self._pending]

    def close(self) -> None:
        """Write the rows not yet written and the footer (the stream stays open)."""
        if self._closed:
            return
        while self._pending and self._pending[0]:
            self._flush()
        self._writer.close()
        self._closed = True


def _parquet_value(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "string":
        return value if type(value) is str else _text_of(value)
    return value


class AtomicFile:
    """A text file written under a temporary name beside *path* and renamed over it by
    :meth:`commit`, so that *path* holds either its old content or the whole new one.

    :meth:`discard` (or leaving a ``with`` block by an exception) removes the temporary
    file and leaves *path* as it was. A new file gets the permissions ``open()`` would give
    it; a replaced file keeps its own.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        for _ in range(100):
            temporary = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}.tmp")
            try:
                descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:  # pragma: no cover - 32 random bits, 100 tries
                continue
            except OSError as err:  # name the file asked for, not the temporary one
                raise OSError(err.errno, err.strerror, str(self.path)) from err
            break
        else:  # pragma: no cover
            raise FileExistsError(f"no free temporary name beside {str(self.path)!r}")
        self.temporary = temporary
        self.stream: TextIO = open(descriptor, "w", encoding="utf-8", newline="")  # noqa: SIM115
        self._done = False

    def commit(self) -> None:
        """Flush the data to disk and rename it over the target."""
        if self._done:
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        with contextlib.suppress(FileNotFoundError):  # a new file keeps open()'s permissions
            os.chmod(self.temporary, stat.S_IMODE(os.stat(self.path).st_mode))
        os.replace(self.temporary, self.path)
        self._done = True

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        if self._done:
            return
        self.stream.close()
        self.temporary.unlink(missing_ok=True)
        self._done = True

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


# -- data frames and Arrow batches ------------------------------------------------------------

FRAME_BATCH = 10_000
"""How many rows of a data frame or an Arrow table are turned into records at a time."""


def records(rows: Any) -> Iterator[Any]:
    """The rows of a report input as records, whatever their container.

    A pandas ``DataFrame``, a pyarrow ``Table`` or ``RecordBatch``, or an iterable of them
    (batches) gives one ``dict`` per row, :data:`FRAME_BATCH` rows at a time, with missing
    values (``NaN``, ``NaT``, ``pd.NA``) as ``None``. Any other iterable (mappings, ``Row``
    values) is passed through unchanged. Neither pandas nor pyarrow is imported: containers
    are recognised by what they can do.

    >>> list(records([{"id": "T1"}]))
    [{'id': 'T1'}]
    """
    if _is_table(rows):
        yield from _table_records(rows)
        return
    iterator = iter(rows)
    for first in iterator:
        if _is_table(first):
            yield from _table_records(first)
            for table in iterator:
                yield from _table_records(table)
        else:
            yield first
            yield from iterator
        return


def _is_table(value: object) -> bool:
    """A pandas DataFrame (``iloc`` and ``to_dict``) or an Arrow table or batch
    (``to_pylist`` and ``schema``)."""
    frame = hasattr(value, "iloc") and hasattr(value, "to_dict") and hasattr(value, "columns")
    arrow = hasattr(value, "to_pylist") and hasattr(value, "schema")
    return frame or arrow


def _table_records(table: Any) -> Iterator[dict[str, Any]]:
    if hasattr(table, "to_pylist"):
        batches = (
            table.to_batches(max_chunksize=FRAME_BATCH) if hasattr(table, "to_batches") else [table]
        )
        for batch in batches:
            for record in batch.to_pylist():
                yield {str(key): _plain(value) for key, value in record.items()}
        return
    for start in range(0, len(table), FRAME_BATCH):
        for record in table.iloc[start : start + FRAME_BATCH].to_dict("records"):
            yield {str(key): _plain(value) for key, value in record.items()}


def _plain(value: Any) -> Any:
    """A cell's value, with the missing markers of pandas and numpy as ``None``."""
    if value is None or isinstance(value, str):
        return value
    try:
        if value != value:  # NaN and NaT are not equal to themselves
            return None
    except TypeError:  # pd.NA refuses to be compared
        return None
    return value
