"""Reading a report's input, value by value: a row's values as the engine takes them
(:func:`text_value`, :func:`instant_value`), a batch of rows (:class:`RowBatch`: a list,
a CSV reader's fields, a slice of a data frame), the runs of an event log's rows per ticket
(:class:`RowRuns`), and the ticket ids seen so far in flat memory (:class:`FlatSeenIds`)."""

from __future__ import annotations

import csv
import io
import json
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..errors import SlaclockError, message_part
from ..events import Event
from ..files import FieldRows, Row
from ..files import table_records as _table_records
from ..zones import parse_datetime

__all__ = [
    "EventTicket",
    "FieldTickets",
    "FlatSeenIds",
    "FrameRows",
    "RowBatch",
    "RowList",
    "RowRuns",
    "SeenTicketIds",
    "TicketValues",
    "ValueProblem",
    "instant_value",
    "last_run",
    "plain_datetime",
    "raw_text",
    "run_cut",
    "text_value",
]


# -- remembering ticket ids in flat memory ------------------------------------------------------


class SeenTicketIds(Protocol):
    """The ticket ids seen so far: :class:`FlatSeenIds`, or ``columnar_reading.SeenIds``."""

    def add(self, key: str) -> bool: ...

    def add_many(self, keys: Sequence[str]) -> list[bool]: ...


class FlatSeenIds:
    """The ids seen so far, as 64-bit fingerprints in an open-addressing table of 8-byte
    slots (at most two thirds full): about 16 bytes per id. Two different ids share a
    fingerprint with probability 2**-64 per pair; the id that comes second would then be
    rejected as a repeat (never merged into the other ticket, never lost)."""

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self, capacity: int = 1024) -> None:
        self._slots = array("Q", bytes(8 * capacity))
        self._mask = capacity - 1
        self._count = 0

    def add(self, key: str) -> bool:
        """Remember *key*; return whether it was seen before."""
        fingerprint = (hash(key) & 0xFFFF_FFFF_FFFF_FFFF) or 1
        slots = self._slots
        mask = self._mask
        index = fingerprint & mask
        while True:  # _insert, inlined: the hot path of every report
            found = slots[index]
            if found == 0:
                slots[index] = fingerprint
                break
            if found == fingerprint:
                return True
            index = (index + 1) & mask
        self._count += 1
        if 3 * self._count > 2 * len(slots):
            self._grow()
        return False

    @staticmethod
    def _insert(slots: array[int], mask: int, fingerprint: int) -> bool:
        index = fingerprint & mask
        while True:
            found = slots[index]
            if found == 0:
                slots[index] = fingerprint
                return False
            if found == fingerprint:
                return True
            index = (index + 1) & mask

    def add_many(self, keys: Sequence[str]) -> list[bool]:
        """Remember each of *keys* in turn (an empty one is not remembered); for each,
        whether it was seen before (earlier in *keys* too)."""
        return [bool(key) and self.add(key) for key in keys]

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        self._mask = len(self._slots) - 1
        for fingerprint in old:
            if fingerprint:
                self._insert(self._slots, self._mask, fingerprint)

    def __len__(self) -> int:
        return self._count


# -- reading values -----------------------------------------------------------------------------


class ValueProblem(Exception):
    """A row's value cannot be used: the message says which and why."""


def cell_value(values: Mapping[str, Any], column: str) -> Any:
    """The value of *column* in *values*: ``None`` when missing, blank or NaN; text stripped."""
    value = values.get(column)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, int) and value != value:  # NaN, NaT: pandas' missing values
        return None
    return value


def text_value(values: Mapping[str, Any], column: str, *, required: bool = False) -> str | None:
    """The value of *column* as text (whole numbers too); :class:`ValueProblem` otherwise."""
    value = cell_value(values, column)
    if value is None:
        if required:
            raise ValueProblem(f"{column}: missing: expected a value")
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise ValueProblem(f"{column}: {value!r} is not text")


def instant_value(
    values: Mapping[str, Any],
    column: str,
    *,
    required: bool = False,
    parse: Callable[[str], datetime] = parse_datetime,
) -> datetime | None:
    """The value of *column* as a datetime (text as *parse* reads it: ISO 8601 by default;
    or a datetime)."""
    value = cell_value(values, column)
    if value is None:
        if required:
            raise ValueProblem(
                message_part(f"{column}: missing: expected a date-time such as '2026-11-20 17:30'")
            )
        return None
    if isinstance(value, str):
        try:
            return parse(value)
        except SlaclockError as err:
            raise ValueProblem(f"{column}: {err}") from None
    if isinstance(value, datetime):
        return plain_datetime(value)
    raise ValueProblem(
        message_part(
            f"{column}: {value!r} is not a date-time: expected ISO 8601 text such as "
            f"'2026-11-20 17:30' or a datetime"
        )
    )


def plain_datetime(value: datetime) -> datetime:
    """*value* as a plain ``datetime`` (``pandas.Timestamp`` and friends: to the µs)."""
    if type(value) is datetime:
        return value
    return datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        value.tzinfo,
        fold=value.fold,
    )


def raw_text(row: Row) -> str:
    """A row as the text an errors file shows of it."""
    raw = row.raw
    if isinstance(raw, str):
        return raw
    if raw:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(raw)
        return buffer.getvalue()
    return json.dumps(dict(row.values), default=str, ensure_ascii=False)


# -- batches of rows ----------------------------------------------------------------------------


TicketValues = tuple[datetime, str, str | None, datetime | None, datetime | None]
"""One row's ticket: created, priority, plan, responded, solved."""


@dataclass(slots=True)
class EventTicket:
    """The rows of one ticket of an event log, read into events."""

    id: str
    rows: list[Row] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list[tuple[Row, str]] = field(default_factory=list)
    repeated: bool = False


class RowList:
    """Rows already read, with the methods of :class:`~slaclock.files.FieldRows` (event
    logs) and of :class:`RowBatch` (ticket rows)."""

    __slots__ = ("_rows", "lines")

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self.lines = [row.line for row in rows]

    def __len__(self) -> int:
        return len(self._rows)

    def row(self, k: int) -> Row:
        return self._rows[k]

    __getitem__ = row

    def take(self, indices: Sequence[int]) -> None:
        pass

    @property
    def problems(self) -> list[str | None]:
        return [row.problem for row in self._rows]

    def column(self, name: str) -> list[Any]:
        return [row.values.get(name) for row in self._rows]

    def cut(self, k: int) -> tuple[RowList, RowList]:
        return RowList(self._rows[:k]), RowList(self._rows[k:])

    def joined(self, other: RowList) -> RowList:
        return RowList(self._rows + other._rows)


class RowBatch(Protocol):
    """A batch of input rows: their line numbers, and each row (once taken)."""

    lines: list[int]

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Row: ...

    def take(self, indices: Sequence[int]) -> None:
        """Make the rows at *indices* ready to be read."""


class FieldTickets:
    """CSV records kept as their fields (:class:`~slaclock.files.FieldRows`), each made a
    row when asked for."""

    __slots__ = ("_fields", "lines")

    def __init__(self, fields: FieldRows) -> None:
        self._fields = fields
        self.lines = fields.lines

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index: int) -> Row:
        return self._fields.row(index)

    def take(self, indices: Sequence[int]) -> None:
        pass


class FrameRows:
    """The rows of a slice of a pandas DataFrame, made into records (as
    :func:`slaclock.files.records` makes them) only when taken."""

    __slots__ = ("_frame", "_made", "lines")

    def __init__(self, frame: Any, lines: list[int]) -> None:
        self._frame = frame
        self.lines = lines
        self._made: dict[int, Row] = {}

    def __len__(self) -> int:
        return len(self.lines)

    def __getitem__(self, index: int) -> Row:
        if index not in self._made:
            self.take([index])
        return self._made[index]

    def take(self, indices: Sequence[int]) -> None:
        wanted = [index for index in indices if index not in self._made]
        if not wanted:
            return
        for index, record in zip(wanted, _table_records(self._frame.iloc[wanted]), strict=True):
            self._made[index] = Row(self.lines[index], record)


def last_run(ids: Sequence[str | None]) -> tuple[str | None, int, bool]:
    """The last ticket of a batch's rows (*ids*: each row's ticket id, ``None`` where it
    has none): its id (``None``: no row has one), the place of its first row (where the
    last run of rows with that id, rows without an id among them, begins; 0 when none),
    and whether another ticket's row comes before it (:func:`run_cut`).

    >>> last_run(["A", None, "B", None, "B", None])
    ('B', 2, True)
    >>> last_run([None, "B"]), last_run([None])
    (('B', 1, False), (None, 0, False))
    """
    valid = [index for index, ticket_id in enumerate(ids) if ticket_id is not None]
    last = ids[valid[-1]] if valid else None
    other = next((index for index in reversed(valid) if ids[index] != last), None)
    return run_cut(valid, last, other)


def run_cut(
    valid: Sequence[int], last: str | None, other: int | None
) -> tuple[str | None, int, bool]:
    """Where a batch of event rows is cut so that no ticket's rows are split: the rule
    behind :func:`last_run` (and its Arrow twin, ``columnar_reading.last_id_run``), given
    the places of the rows with an id (*valid*, ascending), the last of those ids (*last*)
    and the place of the last row of another ticket (*other*, ``None`` when there is none).
    The last ticket's rows begin at its first row after *other* (the first row with an id
    there): rows without an id between two tickets stay with the rows before.

    >>> run_cut([0, 2, 4], "B", 0)
    ('B', 2, True)
    >>> run_cut([1], "B", None), run_cut([], None, None)
    (('B', 1, False), (None, 0, False))
    """
    if last is None or not len(valid):
        return None, 0, False
    if other is None:
        return last, int(valid[0]), False
    return last, int(valid[bisect_right(valid, other)]), True


class RowRuns:
    """The tickets of a batch of event rows: the runs of rows with one ticket id, in the
    order they come (``columnar_events.Runs`` without numpy)."""

    def __init__(self, ids: Iterable[str | None]) -> None:
        self.ids: list[str] = []
        self.firsts: list[int] = []
        self.alone: list[int] = []  # rows without an id
        self._rows: list[list[int]] = []
        for index, ticket_id in enumerate(ids):
            if ticket_id is None:
                self.alone.append(index)
            elif self.ids and self.ids[-1] == ticket_id:
                self._rows[-1].append(index)
            else:
                self.ids.append(ticket_id)
                self.firsts.append(index)
                self._rows.append([index])

    def rows_of(self, k: int) -> list[int]:
        """The rows of the *k*-th ticket."""
        return self._rows[k]
