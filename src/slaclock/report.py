"""Reports: SLA compliance over many tickets, streamed, with every input row accounted for.

:func:`run_report` evaluates each ticket with the ticket-tracking engine
(:class:`slaclock.tracking.Ticket`) and yields one :class:`TicketResult` at a time; a row that
cannot be evaluated becomes a :class:`Rejection` with its line number and the reason. Once the
results are read, :attr:`Report.summary` gives compliance per priority and plan.

>>> import slaclock
>>> policy = slaclock.default_policy()
>>> rows = [
...     {"id": "T1", "created": "2026-11-20 16:00", "priority": "high",
...      "responded": "2026-11-23 10:30"},
...     {"id": "T2", "created": "2026-11-20 16:00", "priority": "p1",
...      "responded": "2026-11-23 12:00"},
...     {"id": "T3", "created": "2026-11-20 16:00", "priority": "urgent"},
... ]
>>> run = run_report(policy, rows, now="2026-12-01 00:00")
>>> for result in run:
...     print(result.id, result.verdict, result.response_time)
T1 met 3:30:00
T2 breached 5:00:00
>>> for rejection in run.rejections:
...     print(rejection.line, rejection.reason)
3 unknown priority 'urgent': expected one of high, medium, low (or an alias: alta, baja, critical, media, p1, p2, p3)
>>> summary = run.summary
>>> summary.rows_read == summary.rows_written + summary.rows_rejected
True

Nothing is kept per ticket once its result is yielded, except a fingerprint of its id (to
catch an id that comes back: 8 bytes with numpy, 16 without) and its business times (for exact
percentiles, 8 bytes each): some 24 to 32 bytes per ticket.

Rows are read, evaluated and accounted for a batch at a time (:meth:`Report.batches`). With
one row per ticket and numpy installed, the *simple* tickets of a batch (created, priority,
plan, and optionally responded and solved, in that order, none after ``now``) are read and
evaluated together on whole columns (``_fast_report``), their CSV cells made column by column;
an event log's tickets are answered from columns too, their kinds of events sketched once per
sequence (``_fast_events``); every other ticket goes through the engine as before. The
results, rejections (and their order) and the summary are the engine's, to the microsecond.
"""

from __future__ import annotations

import csv
import io
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, Literal, Protocol

from .errors import InvalidInputError, InvalidRowError, SlaclockError
from .events import Event
from .files import (
    FieldRows,
    RecordWriter,
    Row,
    RowReader,
    csv_cell,
    records,
)
from .files import is_table as _is_table
from .files import table_records as _table_records
from .policy import Policy
from .summary import (
    REPORTED_METRICS,
    SUMMARY_COLUMNS,
    GroupSummary,
    MetricSummary,
    Summary,
    _group,
    _Tally,
    percentile,
)
from .tracking import MetricStatus, Options, TicketStatus, Tracker
from .zones import from_micros, parse_datetime, to_micros

__all__ = [
    "ERROR_COLUMNS",
    "RESULT_COLUMNS",
    "RESULT_TYPES",
    "SUMMARY_COLUMNS",
    "Columns",
    "GroupSummary",
    "MetricSummary",
    "Rejection",
    "Report",
    "ResultBatch",
    "Summary",
    "TicketResult",
    "percentile",
    "run_report",
]

Verdict = Literal["met", "breached", "open"]

_FAST = True
"""Private switch: reports take the columnar path where numpy is installed (tests turn it off
to compare with the engine alone)."""
_BATCH = 5_000
"""Rows read and evaluated at a time on the columnar path (memory stays flat)."""
_EVENT_ROWS = 10
"""An event log is read this many batches of rows at a time: tickets of a few rows each, and
the columnar path does better with more of them together."""


# -- columns and rows --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Columns:
    """The names of the input's columns (CSV header names, or JSON keys).

    One row per ticket reads ``id`` (optional), ``created``, ``priority``, ``plan``
    (optional: the default plan), ``responded`` and ``solved`` (optional). An event log reads
    ``id``, ``event`` (the kind), ``at``, and ``priority``, ``plan``, ``reason`` as the kind
    needs them.
    """

    id: str = "id"
    created: str = "created"
    priority: str = "priority"
    plan: str = "plan"
    responded: str = "responded"
    solved: str = "solved"
    event: str = "event"
    at: str = "at"
    reason: str = "reason"

    def __post_init__(self) -> None:
        for name in (
            "id",
            "created",
            "priority",
            "plan",
            "responded",
            "solved",
            "event",
            "at",
            "reason",
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(
                    f"column name for {name} {value!r}: expected non-empty text"
                )

    def required(self, events: bool) -> tuple[str, ...]:
        """The columns a header must have."""
        if events:
            return (self.id, self.event, self.at)
        return (self.created, self.priority)

    def used(self, events: bool) -> tuple[str, ...]:
        """Every column read, required or not."""
        if events:
            return (self.id, self.event, self.at, self.priority, self.plan, self.reason)
        return (self.id, self.created, self.priority, self.plan, self.responded, self.solved)

    def check(self, header: Sequence[str], events: bool) -> None:
        """Raise :class:`InvalidInputError` when *header* lacks a required column or names
        a column that is read twice."""
        missing = [name for name in self.required(events) if name not in header]
        if missing:
            raise InvalidInputError(
                f"no column {', '.join(map(repr, missing))} in the header "
                f"({', '.join(map(repr, header)) or 'empty'})"
            )
        for name in self.used(events):
            if header.count(name) > 1:
                raise InvalidInputError(
                    f"column {name!r} appears {header.count(name)} times in the header: "
                    f"expected it once"
                )


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input row that is not in the results, and why. ``row`` is its text."""

    line: int
    id: str
    reason: str
    row: str

    def as_dict(self) -> dict[str, object]:
        """The columns of an errors file: ``line``, ``id``, ``reason``, ``row``."""
        return {"line": self.line, "id": self.id, "reason": self.reason, "row": self.row}


@dataclass(frozen=True, slots=True)
class TicketResult:
    """One ticket's verdict at the report's ``now``.

    * ``verdict``: ``breached`` if any metric breached its target (a breach is final),
      ``met`` if every metric with a target is met, else ``open`` (still counting).
    * ``response_time`` / ``resolution_time``: time on the metric's clock (business time
      for business targets; pauses excluded) from the ticket's creation to its first
      response / to its solving; ``None`` until then.
    """

    line: int
    id: str
    rows: int
    created: datetime
    status: TicketStatus
    verdict: Verdict
    response_time: timedelta | None
    resolution_time: timedelta | None

    def as_dict(self) -> dict[str, object]:
        """The columns of :data:`RESULT_COLUMNS` as Python values (``DataFrame.from_records``)."""
        status = self.status
        record: dict[str, object] = {
            "line": self.line,
            "id": self.id,
            "priority": status.priority,
            "plan": status.plan,
            "created": self.created,
            "state": status.state,
            "verdict": self.verdict,
        }
        times = {"response": self.response_time, "resolution": self.resolution_time}
        for metric in REPORTED_METRICS:
            m = status.metrics[metric]
            record[f"{metric}_target"] = None if m.target is None else str(m.target)
            record[f"{metric}_state"] = m.state
            record[f"{metric}_due"] = m.due
            record[f"{metric}_breached_at"] = m.breached_at
            took = times[metric]
            record[f"{metric}_time_s"] = None if took is None else took.total_seconds()
        update = status.metrics["update"]
        record["update_state"] = update.state
        record["update_due"] = update.due
        record["update_breaches"] = update.breaches
        return record


RESULT_COLUMNS = (
    "line",
    "id",
    "priority",
    "plan",
    "created",
    "state",
    "verdict",
    *(
        f"{metric}_{name}"
        for metric in REPORTED_METRICS
        for name in ("target", "state", "due", "breached_at", "time_s")
    ),
    "update_state",
    "update_due",
    "update_breaches",
)
"""The columns of a results file, in order."""

RESULT_TYPES = {
    "line": "int64",
    "response_time_s": "double",
    "resolution_time_s": "double",
    "update_breaches": "int64",
}
"""The Parquet types of the results' columns that are not text (:class:`slaclock.files.ParquetWriter`):
every other column, instants included, is ISO 8601 text as in CSV and JSON Lines."""

ERROR_COLUMNS = ("line", "id", "reason", "row")
"""The columns of an errors file, in order."""


class ResultBatch:
    """Consecutive results of a report, in input order, as :meth:`Report.batches` gives them:
    up to a few thousand tickets whose result objects are built only when asked for.

    >>> import slaclock
    >>> rows = [{"id": "T1", "created": "2026-11-20 16:00", "priority": "high",
    ...          "responded": "2026-11-23 10:30"}]
    >>> for batch in run_report(slaclock.default_policy(), rows, now="2026-12-01").batches():
    ...     print(len(batch), batch.results()[0].verdict)
    ...     print(batch.csv_rows()[0][:7])
    1 met
    ('1', 'T1', 'high', 'standard', '2026-11-20T16:00:00-05:00', 'open', 'met')
    """

    __slots__ = ("_engine", "_groups", "_size")

    def __init__(
        self,
        size: int,
        engine: list[tuple[int, TicketResult]],
        groups: Sequence[tuple[Any, Any, Any]] = (),
    ) -> None:
        self._size = size  # rows of the batch
        self._engine = engine  # (row, result) of the engine
        self._groups = groups  # (group, places, rows) of the columnar path

    @classmethod
    def of(cls, results: list[TicketResult]) -> ResultBatch:
        """A batch of results already made."""
        return cls(len(results), list(enumerate(results)))

    def __len__(self) -> int:
        return len(self._engine) + sum(len(places) for _, places, _ in self._groups)

    def _ordered(self) -> list[Any]:
        """The results in input order: TicketResult, or (group, place) of the columnar path."""
        if not self._groups:
            return [result for _, result in self._engine]
        found: list[Any] = [None] * self._size
        for row, result in self._engine:
            found[row] = result
        for group, places, rows in self._groups:
            for place, row in zip(places.tolist(), rows.tolist(), strict=True):
                found[row] = (group, place)
        return [entry for entry in found if entry is not None]

    def results(self) -> list[TicketResult]:
        """The results as :class:`TicketResult` objects."""
        return [_built(entry) for entry in self._ordered()]

    def records(self) -> list[dict[str, object]]:
        """The results as dicts of :data:`RESULT_COLUMNS` (``DataFrame.from_records``)."""
        return [result.as_dict() for result in self.results()]

    def _arrays(self) -> dict[str, Any]:
        """The results as typed numpy columns (``_fast_report.frame_columns``; numpy needed)."""
        from ._fast_report import frame_columns

        return frame_columns(self._size, self._engine, self._groups)

    def columns(self) -> dict[str, list[object]]:
        """The results column by column (:data:`RESULT_COLUMNS`): the values of
        :meth:`TicketResult.as_dict`, but instants as ISO 8601 text, as CSV, JSON Lines and
        Parquet results hold them; ``None`` where a value is missing."""
        if self._groups:
            arrays = self._arrays()
            found = {name: arrays[name].tolist() for name in RESULT_COLUMNS}
            for metric in REPORTED_METRICS:
                times = found[f"{metric}_time_s"]
                found[f"{metric}_time_s"] = [None if t != t else t for t in times]  # NaN
            return found
        records = [_texts(result.as_dict()) for _, result in self._engine]
        return {name: [record[name] for record in records] for name in RESULT_COLUMNS}

    def csv_rows(self) -> list[tuple[str, ...]]:
        """The results as rows of CSV cells in :data:`RESULT_COLUMNS` order, each cell the
        text :func:`slaclock.files.csv_cell` makes of :meth:`TicketResult.as_dict`'s value.
        Tickets of the columnar path are formatted column by column, without result objects."""
        if self._groups:
            return list(zip(*self.csv_columns(), strict=True))
        return [_csv_row(result) for _, result in self._engine]

    def csv_columns(self) -> list[list[str]]:
        """The cells of :meth:`csv_rows` column by column (for
        :meth:`slaclock.files.RecordWriter.write_cell_columns`)."""
        if self._groups:
            from ._fast_report import csv_columns

            return csv_columns(self._size, self._engine, self._groups)
        rows = [_csv_row(result) for _, result in self._engine]
        if not rows:
            return [[] for _ in RESULT_COLUMNS]
        return [list(column) for column in zip(*rows, strict=True)]

    def write_csv(self, writer: RecordWriter) -> None:
        """Write the results to *writer* (CSV, with :data:`RESULT_COLUMNS`): what
        ``writer.write_cell_columns(self.csv_columns())`` writes. The columnar path's
        results are laid out as bytes, without a text per cell, where no cell needs
        quoting (``_fast_csv``)."""
        if not writer.writes_csv:
            raise InvalidInputError("write_csv writes CSV: this writer writes JSON Lines")
        if writer.columns != RESULT_COLUMNS:
            raise InvalidInputError(
                f"a writer of the columns {list(writer.columns)}: write_csv writes the result "
                f"columns, expected a writer of RESULT_COLUMNS"
            )
        if self._groups:
            from ._fast_csv import csv_text

            text = csv_text(self._size, self._engine, self._groups, writer.delimiter)
            if text is not None:
                writer._write_lines(text)
                return
        writer.write_cell_columns(self.csv_columns())


def _built(entry: Any) -> TicketResult:
    if type(entry) is tuple:
        group, place = entry
        result: TicketResult = group.result(place)
        return result
    return entry  # type: ignore[no-any-return]


def _texts(record: dict[str, object]) -> dict[str, object]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in record.items()
    }


def _csv_row(result: TicketResult) -> tuple[str, ...]:
    record = result.as_dict()
    return tuple(csv_cell(record[name]) for name in RESULT_COLUMNS)


# -- remembering ticket ids in flat memory ------------------------------------------------------


class _Seen(Protocol):
    """The ticket ids seen so far: :class:`_SeenIds`, or ``_fast_report.SeenIds``."""

    def add(self, key: str) -> bool: ...

    def add_many(self, keys: Sequence[str]) -> list[bool]: ...


class _SeenIds:
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


class _Problem(Exception):
    """A row's value cannot be used: the message says which and why."""


def _value(values: Mapping[str, Any], column: str) -> Any:
    value = values.get(column)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, int) and value != value:  # NaN, NaT: pandas' missing values
        return None
    return value


def _text(values: Mapping[str, Any], column: str, *, required: bool = False) -> str | None:
    value = _value(values, column)
    if value is None:
        if required:
            raise _Problem(f"{column}: missing: expected a value")
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise _Problem(f"{column}: {value!r} is not text")


def _instant(values: Mapping[str, Any], column: str, *, required: bool = False) -> datetime | None:
    value = _value(values, column)
    if value is None:
        if required:
            raise _Problem(f"{column}: missing: expected a date-time such as '2026-11-20 17:30'")
        return None
    if isinstance(value, str):
        try:
            return parse_datetime(value)
        except SlaclockError as err:
            raise _Problem(f"{column}: {err}") from None
    if isinstance(value, datetime):
        return _plain_datetime(value)
    raise _Problem(
        f"{column}: {value!r} is not a date-time: expected ISO 8601 text such as "
        f"'2026-11-20 17:30' or a datetime"
    )


def _plain_datetime(value: datetime) -> datetime:
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


def _raw(row: Row) -> str:
    raw = row.raw
    if isinstance(raw, str):
        return raw
    if raw:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(raw)
        return buffer.getvalue()
    return json.dumps(dict(row.values), default=str, ensure_ascii=False)


# -- the report ---------------------------------------------------------------------------------


def run_report(
    policy: Policy,
    rows: Iterable[Mapping[str, Any] | Row],
    *,
    events: bool = False,
    columns: Columns | None = None,
    now: datetime | str | None = None,
    options: Options | None = None,
    strict: bool = False,
    on_reject: Callable[[Rejection], None] | None = None,
) -> Report:
    """Evaluate tickets from *rows*: an iterator of :class:`TicketResult`, then a summary.

    * *rows*: mappings (``csv.DictReader`` rows, parsed JSON), the :class:`Row` values of a
      :class:`RowReader`, or a pandas ``DataFrame`` / pyarrow ``Table`` or ``RecordBatch``
      (or an iterable of them), read :data:`~slaclock.files.FRAME_BATCH` rows at a time. With ``events=False`` each row is
      a ticket; with ``events=True`` each row is an event, and **the rows of one ticket
      must be contiguous** (in any order among themselves): a ticket id that comes back
      after another ticket's rows is rejected, not merged.
    * *columns*: the column names (:class:`Columns`).
    * *now*: when the verdicts are taken (default: the moment the report starts). A naive
      value, like every naive time in the input, is read in the ticket's plan's zone.
    * *options*: the engine's :class:`slaclock.tracking.Options`.
    * *strict*: raise :class:`InvalidRowError` at the first row that cannot be evaluated.
    * *on_reject*: called with each :class:`Rejection`; by default they are collected in
      :attr:`Report.rejections`.

    Rows are read lazily, as results are asked for.
    """
    frame = not events and _is_table(rows) and hasattr(rows, "iloc")  # a pandas DataFrame
    return Report(
        policy,
        rows if frame or hasattr(rows, "header") else records(rows),  # readers: their header
        events=events,
        columns=columns or Columns(),
        now=now,
        options=options,
        strict=strict,
        on_reject=on_reject,
    )


_Ticket = tuple[datetime, str, str | None, datetime | None, datetime | None]
"""One row's ticket: created, priority, plan, responded, solved."""


@dataclass(slots=True)
class _Group:
    """The rows of one ticket of an event log, read into events."""

    id: str
    rows: list[Row] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    problems: list[tuple[Row, str]] = field(default_factory=list)
    repeated: bool = False


class _RowList:
    """Rows already read, with the methods of :class:`~slaclock.files.FieldRows` (event
    logs) and of :class:`_Rows` (ticket rows)."""

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

    def cut(self, k: int) -> tuple[_RowList, _RowList]:
        return _RowList(self._rows[:k]), _RowList(self._rows[k:])

    def joined(self, other: _RowList) -> _RowList:
        return _RowList(self._rows + other._rows)


class _Rows(Protocol):
    """A batch of input rows: their line numbers, and each row (once taken)."""

    lines: list[int]

    def __len__(self) -> int: ...

    def __getitem__(self, index: int) -> Row: ...

    def take(self, indices: Sequence[int]) -> None:
        """Make the rows at *indices* ready to be read."""


class _FieldTickets:
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


class _FrameRows:
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


class Report:
    """The results of :func:`run_report`, one ticket at a time, and their summary."""

    def __init__(
        self,
        policy: Policy,
        rows: Iterable[Mapping[str, Any] | Row],
        *,
        events: bool,
        columns: Columns,
        now: datetime | str | None,
        options: Options | None,
        strict: bool,
        on_reject: Callable[[Rejection], None] | None,
        lines: Sequence[int] | None = None,
        owners: Mapping[str, int] | None = None,
    ) -> None:
        if not isinstance(policy, Policy):
            raise InvalidInputError(f"policy {policy!r}: expected a slaclock Policy")
        if now is None:
            moment = datetime.now(UTC).replace(microsecond=0)
        elif isinstance(now, str):
            moment = parse_datetime(now)
        elif isinstance(now, datetime):
            moment = now
        else:
            raise InvalidInputError(f"now {now!r}: expected a datetime or ISO 8601 text")
        header = getattr(rows, "header", None)
        if header is not None:
            columns.check(header, events)
        self._policy = policy
        self._frame: Any = None  # a pandas DataFrame of tickets, read a slice at a time
        if not events and _is_table(rows) and hasattr(rows, "iloc"):
            self._frame, rows = rows, ()
        self._rows = rows
        self._lines = lines  # the frame's line numbers (default 1, 2, ...)
        self._owners = owners  # ids read elsewhere too: the line of the row that keeps them
        self._events = events
        self._columns = columns
        self._options = options or Options()
        self._tracker = Tracker(policy, self._options)
        self._strict = strict
        self._on_reject = on_reject
        self.now = moment
        self.rejections: list[Rejection] = []
        self.rows_read = 0
        self.rows_written = 0
        self.rows_rejected = 0
        self.tickets = 0
        self._seen: _Seen = _SeenIds()
        self._tallies: dict[tuple[str, str], _Tally] = {}
        self._finished = False
        self._summary: Summary | None = None
        self._batches = self._evaluate_events() if events else self._evaluate_tickets()
        self._current: Iterator[Any] = iter(())

    def __iter__(self) -> Iterator[TicketResult]:
        return self

    def __next__(self) -> TicketResult:
        while True:
            entry = next(self._current, None)
            if entry is not None:
                return _built(entry)
            batch = self._next_batch()
            if batch is None:
                raise StopIteration
            self._current = iter(batch._ordered())

    def _next_batch(self) -> ResultBatch | None:
        for batch in self._batches:
            if batch:
                return batch
        self._finished = True
        return None

    def batches(self) -> Iterator[ResultBatch]:
        """The results a batch at a time (the rows of a batch are read, evaluated and
        accounted for together): the fast way to write many results. Results already taken
        one by one are not given again."""
        rest = [_built(entry) for entry in self._current]
        if rest:
            yield ResultBatch.of(rest)
        while (batch := self._next_batch()) is not None:
            yield batch

    def records(self) -> Iterator[dict[str, object]]:
        """The results as dicts of :data:`RESULT_COLUMNS` (``DataFrame.from_records``)."""
        for result in self:
            yield result.as_dict()

    @property
    def summary(self) -> Summary:
        """Compliance per priority and plan; ``complete`` once every result has been read.

        Cost: O(tickets) for the percentiles, computed once when complete."""
        if self._summary is not None:
            return self._summary
        priorities = {name: index for index, name in enumerate(self._policy.priorities)}
        plans = {name: index for index, name in enumerate(self._policy.plans)}
        keys = sorted(
            self._tallies,
            key=lambda key: (priorities.get(key[0], len(priorities)), plans.get(key[1], 0), key),
        )
        summary = Summary(
            rows_read=self.rows_read,
            rows_written=self.rows_written,
            rows_rejected=self.rows_rejected,
            tickets=self.tickets,
            now=self.now,
            groups=tuple(_group(*key, [self._tallies[key]]) for key in keys),
            total=_group("all", "all", list(self._tallies.values())),
            complete=self._finished,
        )
        if self._finished:
            self._summary = summary
        return summary

    # -- rows -----------------------------------------------------------------------------

    def _numbered(self) -> Iterator[Row]:
        for number, row in enumerate(self._rows, 1):
            self.rows_read += 1
            if isinstance(row, Row):
                yield row
            elif isinstance(row, Mapping):
                yield Row(number, row)
            else:
                yield Row(number, {}, f"expected a mapping of column to value, got {row!r}")

    def _reject(self, row: Row, ticket_id: str, reason: str) -> None:
        rejection = Rejection(row.line, ticket_id, reason, _raw(row))
        self.rows_rejected += 1
        if self._strict:
            raise InvalidRowError(rejection)
        if self._on_reject is not None:
            self._on_reject(rejection)
        else:
            self.rejections.append(rejection)

    def _written(self, result: TicketResult) -> TicketResult:
        self.rows_written += result.rows
        self.tickets += 1
        key = (result.status.priority, result.status.plan)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally()
        tally.add(result)
        return result

    # -- one row per ticket ---------------------------------------------------------------

    def _evaluate_tickets(self) -> Iterator[ResultBatch]:
        # A batch of rows read, the simple tickets among them evaluated at once on the
        # columnar path (where numpy is installed), every other row by the engine; then every
        # row accounted for in input order (rejections too).
        fast = self._fast()
        if fast is not None:
            self._seen = fast.seen_ids()  # the same answers, checked a batch at a time
        for rows, reads in self._ticket_rows(fast):
            yield from self._ticket_batch(rows, reads, fast)

    def _ticket_rows(self, fast: Any) -> Iterator[tuple[_Rows, Any]]:
        """Batches of rows, each with what the columnar path read of it (``None`` without)."""
        frame = self._frame
        if frame is not None and fast is not None:
            lines = self._lines
            for start in range(0, len(frame), _BATCH):
                chunk = frame.iloc[start : start + _BATCH]
                numbers = (
                    list(range(start + 1, start + len(chunk) + 1))
                    if lines is None
                    else [int(line) for line in lines[start : start + len(chunk)]]
                )
                self.rows_read += len(chunk)
                yield _FrameRows(chunk, numbers), fast.read_frame(chunk, self._columns)
            return
        if frame is not None:  # no columnar path: its records, numbered as given
            given = range(1, len(frame) + 1) if self._lines is None else self._lines
            self._rows = (
                Row(int(line), record) for line, record in zip(given, records(frame), strict=True)
            )
        source = self._rows
        if fast is not None and isinstance(source, RowReader) and source.format == "csv":
            for fields in source.batches(_BATCH):  # records as fields: rows made when taken
                self.rows_read += len(fields)
                yield _FieldTickets(fields), fast.read_fields(fields, self._columns)
            return
        rows = self._numbered()
        while batch := list(islice(rows, _BATCH)):
            yield _RowList(batch), None if fast is None else fast.read(batch, self._columns)

    def _read_batch(
        self, rows: _Rows, reads: Any
    ) -> tuple[list[str], list[_Ticket | str | None], list[int]]:
        """Each row's ticket id and values (``None``: read column by column into *reads*;
        text: why they cannot be read), and the rows whose values were read, in order."""
        size = len(rows)
        ids = [""] * size
        given: list[_Ticket | str | None] = [None] * size
        ok = reads.ok
        unread = [k for k in range(size) if not ok[k]]
        rows.take(unread)
        for index in unread:  # value by value
            ticket_id, read = ids[index], given[index] = self._parse_ticket(rows[index])
            if not isinstance(read, str):
                reads.fill(index, ticket_id, read)
        ids = [
            mine if read else theirs for mine, theirs, read in zip(reads.ids, ids, ok, strict=True)
        ]
        done = [k for k in range(size) if ok[k] or not isinstance(given[k], str)]
        return ids, given, done

    def _sightings(self) -> Iterator[tuple[str, int]]:
        """(ticket id, line) of every row whose values read, in input order: the rows whose
        ids the report remembers (a later one with the same id is a repeat)."""
        fast = self._fast()
        for rows, reads in self._ticket_rows(fast):
            if reads is None:
                for index in range(len(rows)):
                    row = rows[index]
                    ticket_id, parsed = self._parse_ticket(row)
                    if ticket_id and not isinstance(parsed, str):
                        yield ticket_id, row.line
                continue
            ids, _, read = self._read_batch(rows, reads)
            for index in read:
                if ids[index]:
                    yield ids[index], rows.lines[index]

    def _ticket_batch(self, rows: _Rows, reads: Any, fast: Any) -> Iterator[ResultBatch]:
        size = len(rows)
        base = self.rows_read - size
        if reads is None:
            ids = [""] * size
            given: list[_Ticket | str | None] = [None] * size
            for index in range(size):
                ids[index], given[index] = self._read_ticket(rows[index])
        else:
            ids, given, checked = self._read_batch(rows, reads)
            # every ticket id read, in input order: a repeat is rejected
            repeats = self._seen.add_many([ids[k] for k in checked])
            for index, seen in zip(checked, repeats, strict=True):
                if self._repeat(ids[index], rows.lines[index], seen):
                    reads.ok[index] = False
                    given[index] = _repeat(ids[index])
        groups, answered = (
            ([], [False] * size) if reads is None else fast.evaluate(reads, rows.lines)
        )
        engine: list[tuple[int, TicketResult]] = []
        pending = [k for k in range(size) if not answered[k]]
        rows.take(pending)
        index = 0
        try:
            for index in pending:
                row = rows[index]
                self.rows_read = base + index + 1
                parsed = given[index]
                if parsed is None:
                    parsed = self._parse_ticket(row)[1]
                if isinstance(parsed, str):
                    self._reject(row, ids[index], parsed)
                    continue
                result = self._engine(row, ids[index], parsed)
                if result is not None:
                    engine.append((index, result))
        except InvalidRowError:  # strict: the results before the bad row, then the error
            yield self._delivered(size, engine, _before(groups, index))
            raise
        self.rows_read = base + size
        yield self._delivered(size, engine, groups)

    def _delivered(
        self, size: int, engine: list[tuple[int, TicketResult]], groups: list[Any]
    ) -> ResultBatch:
        """A batch, once the tickets the columnar path answered in it are accounted for
        (group by group; the engine's were counted one by one)."""
        for group, places, _ in groups:
            if not len(places):
                continue
            self.rows_written += group.rows_in(places)
            self.tickets += len(places)
            key = (group.priority, group.plan)
            tally = self._tallies.get(key)
            if tally is None:
                tally = self._tallies[key] = _Tally()
            group.tally(tally, places)
        return ResultBatch(size, engine, groups)

    def _fast(self) -> Any:
        """The columnar evaluator, or ``None`` for the engine alone (switched off, numpy not
        installed, or a policy it does not cover)."""
        if not _FAST:
            return None
        try:
            from ._fast_report import FastTickets
        except ImportError:
            return None
        if not FastTickets.usable(self._policy):
            return None
        return FastTickets(self._policy, self._options, self._tracker, self.now)

    def _read_ticket(self, row: Row) -> tuple[str, _Ticket | str]:
        """A row's ticket id and its values, or the reason it is rejected (a ticket id seen
        before is one)."""
        ticket_id, parsed = self._parse_ticket(row)
        read = not isinstance(parsed, str) and bool(ticket_id)
        if read and self._repeat(ticket_id, row.line, self._seen.add(ticket_id)):
            return ticket_id, _repeat(ticket_id)
        return ticket_id, parsed

    def _repeat(self, ticket_id: str, line: int, seen: bool) -> bool:
        """Whether the row at *line* repeats *ticket_id*: it was *seen* before here, or
        another row keeps it (the ids read elsewhere too, ``owners``)."""
        owner = self._owners.get(ticket_id) if self._owners else None
        return seen if owner is None else owner != line

    def _parse_ticket(self, row: Row) -> tuple[str, _Ticket | str]:
        """A row's ticket id and its values, or the reason they cannot be read."""
        columns = self._columns
        values = row.values
        try:
            ticket_id = _text(values, columns.id) or ""
        except _Problem:
            ticket_id = str(values.get(columns.id))
        if row.problem is not None:
            return ticket_id, row.problem
        try:
            created = _instant(values, columns.created, required=True)
            priority = _text(values, columns.priority, required=True)
            plan = _text(values, columns.plan)
            responded = _instant(values, columns.responded)
            solved = _instant(values, columns.solved)
        except (_Problem, SlaclockError) as err:
            return ticket_id, str(err)
        assert created is not None
        assert priority is not None
        return ticket_id, (created, priority, plan, responded, solved)

    def _engine(self, row: Row, ticket_id: str, ticket: _Ticket) -> TicketResult | None:
        created, priority, plan, responded, solved = ticket
        try:  # a datetime and text: the events take them as they are
            events = [Event("created", created, priority=priority, plan=plan)]
            if responded is not None:
                events.append(Event("responded", responded))
            if solved is not None:
                events.append(Event("solved", solved))
            result = self._evaluate(row.line, ticket_id, 1, events)
        except SlaclockError as err:
            self._reject(row, ticket_id, str(err))
            return None
        return self._written(result)

    # -- an event log ---------------------------------------------------------------------

    def _evaluate_events(self) -> Iterator[ResultBatch]:
        # Batches of rows that end where a ticket's rows end. In each, the tickets (runs of
        # rows with one id) the columnar path answers are evaluated at once (where numpy is
        # installed), every other one by the engine; then rows without an id and the
        # engine's tickets are accounted for in the order the rows came.
        fast = self._fast()
        if fast is not None:
            from ._fast_events import FastEvents

            self._seen = fast.seen_ids()  # the same answers, checked a batch at a time
            fast = FastEvents(fast)
        for rows, ids in self._event_batches(fast):
            yield from self._event_batch(rows, ids, fast)

    def _event_id(self, row: Row) -> tuple[str | None, str]:
        """A row's ticket id; or ``None`` and why it has none."""
        columns = self._columns
        try:
            ticket_id = _text(row.values, columns.id)
        except _Problem as err:
            return None, str(err)
        if ticket_id is None:
            return None, row.problem or f"{columns.id}: missing: expected the ticket id"
        return ticket_id, ""

    def _event_rows(self) -> Iterator[_RowList | FieldRows]:
        """The rows a few thousand at a time: a CSV reader's records as their fields, other
        rows as they come."""
        rows = self._rows
        if isinstance(rows, RowReader) and rows.format == "csv":
            for batch in rows.batches(_EVENT_ROWS * _BATCH):
                self.rows_read += len(batch)
                yield batch
            return
        numbered = self._numbered()
        while listed := list(islice(numbered, _EVENT_ROWS * _BATCH)):
            yield _RowList(listed)

    def _ids(self, rows: _RowList | FieldRows, fast: Any) -> list[str | None]:
        """Each row's ticket id (``None``: it has none)."""
        if fast is None:
            return [self._event_id(rows.row(k))[0] for k in range(len(rows))]
        texts = fast.texts(rows.column(self._columns.id))
        if not fast.unread(texts):
            return texts if "" not in texts else [text or None for text in texts]
        ids: list[str | None] = []
        for k, text in enumerate(texts):
            if type(text) is str:  # read as the report reads a value (_text)
                ids.append(text or None)
            elif text is None:
                ids.append(None)
            else:
                ids.append(self._event_id(rows.row(k))[0])
        return ids

    def _event_batches(self, fast: Any) -> Iterator[tuple[_RowList | FieldRows, list[str | None]]]:
        """Batches of rows, with their ticket ids, that never split a ticket's rows (a
        ticket whose rows go on past a batch holds the rows from its first on to the next)."""
        pending: _RowList | FieldRows | None = None
        known: list[str | None] = []
        held: str | None = None  # the one ticket the pending rows hold (rows without an id aside)
        for more in self._event_rows():
            fresh = 0 if pending is None else len(pending)
            known = known + self._ids(more, fast)  # (its columns read: joined, they are kept)
            pending = more if pending is None else pending.joined(more)  # type: ignore[arg-type]
            last: str | None = None
            cut = 0
            split = False
            for index in range(len(known) - 1, fresh - 1, -1):
                ticket_id = known[index]
                if ticket_id is None:
                    continue
                if last is not None and ticket_id != last:
                    split = True
                    break
                last, cut = ticket_id, index
            if last is None and held is None:  # rows without an id only
                yield pending, known
                pending, known = None, []
                continue
            if not split and (last is None or held is None or last == held):
                held = held if last is None else last  # one ticket still going on
                continue
            head, pending = pending.cut(cut)  # whole tickets: the last one starts at cut
            yield head, known[:cut]
            known = known[cut:]
            held = last
        if pending is not None and len(pending):
            yield pending, known

    def _event_batch(
        self, rows: _RowList | FieldRows, ids: list[str | None], fast: Any
    ) -> Iterator[ResultBatch]:
        size = len(rows)
        runs = _Runs(ids) if fast is None else fast.runs(ids)
        repeated = self._seen.add_many(runs.ids)
        groups: list[Any] = []
        left: Iterable[int] = range(len(runs.ids))  # the tickets the engine answers
        if fast is not None:
            groups, left = fast.evaluate(rows, self._columns, runs, repeated, self._replay)
        # in the order the engine alone meets them: a row without an id when it is read, a
        # ticket when the next ticket's first row is (or the batch ends)
        order: list[tuple[int, int, int]] = [(2 * index, -1, index) for index in runs.alone]
        firsts = [*runs.firsts, size]
        order += [(2 * firsts[k + 1] - 1, k, firsts[k]) for k in left]
        order.sort()
        engine: list[tuple[int, TicketResult]] = []
        first = 0
        try:
            for _, k, first in order:
                if k < 0:
                    row = rows.row(first)
                    self._reject(row, "", self._event_id(row)[1])
                    continue
                rows_of = [rows.row(i) for i in runs.rows_of(k)]
                group = self._group_of(runs.ids[k], rows_of, repeated[k])
                result = self._finish(group)
                if result is not None:
                    engine.append((first, result))
        except InvalidRowError:  # strict: the results before the bad row, then the error
            yield self._delivered(size, engine, _before(groups, first))
            raise
        yield self._delivered(size, engine, groups)

    def _group_of(self, ticket_id: str, rows: list[Row], repeated: bool) -> _Group:
        """A ticket's rows read into events (or the problems found on the way)."""
        columns = self._columns
        group = _Group(ticket_id, rows=rows, repeated=repeated)
        if repeated:
            return group  # rejected whole
        for row in rows:
            if row.problem is not None:
                group.problems.append((row, row.problem))
                continue
            values = row.values
            try:
                kind = _text(values, columns.event, required=True)
                at = _instant(values, columns.at, required=True)
                assert kind is not None
                assert at is not None
                group.events.append(
                    Event(
                        kind,
                        at,
                        priority=_text(values, columns.priority),
                        plan=_text(values, columns.plan),
                        reason=_text(values, columns.reason),
                    )
                )
            except (_Problem, SlaclockError) as err:
                group.problems.append((row, str(err)))
        return group

    def _replay(self, ticket_id: str, rows: list[Row]) -> TicketResult:
        """The engine's result for a ticket of an event log the columnar path answered."""
        group = self._group_of(ticket_id, rows, False)
        return self._evaluate(rows[0].line, ticket_id, len(rows), group.events)

    def _finish(self, group: _Group) -> TicketResult | None:
        if group.repeated:
            reason = (
                f"ticket id {group.id!r} comes back after other tickets: the rows of one "
                f"ticket must be contiguous (sort the input by ticket id); its earlier rows "
                f"were evaluated without this one"
            )
            self._reject_group(group, {}, reason)
            return None
        if group.problems:
            first = group.problems[0][0].line
            own = {id(row): reason for row, reason in group.problems}
            self._reject_group(
                group, own, f"ticket {group.id!r} has a bad row at line {first}: rejected with it"
            )
            return None
        try:
            result = self._evaluate(group.rows[0].line, group.id, len(group.rows), group.events)
        except SlaclockError as err:
            self._reject_group(group, {}, f"ticket {group.id!r}: {err}")
            return None
        return self._written(result)

    def _reject_group(self, group: _Group, own: Mapping[int, str], reason: str) -> None:
        for row in group.rows:
            self._reject(row, group.id, own.get(id(row), reason))

    # -- the engine -----------------------------------------------------------------------

    def _evaluate(self, line: int, ticket_id: str, rows: int, events: list[Event]) -> TicketResult:
        try:
            ticket = self._tracker.replay(events)
            status = ticket.status(self.now)
        except SlaclockError:
            raise
        except Exception as err:  # a bug, not bad input: stop, and say where
            err.add_note(f"while evaluating the ticket at line {line} ({ticket_id!r})")
            raise
        first = ticket.events[0]
        schedule = self._policy.plan(first.plan).schedule
        tz = status.now.tzinfo
        assert tz is not None
        created = from_micros(to_micros(first.at, schedule.tz, schedule.naive), tz)
        metrics = status.metrics
        return TicketResult(
            line=line,
            id=ticket_id,
            rows=rows,
            created=created,
            status=status,
            verdict=_verdict(metrics),
            response_time=_response_time(ticket.events, status, self._options),
            resolution_time=(
                metrics["resolution"].used
                if status.state in ("solved", "closed")
                and metrics["resolution"].state in ("met", "breached")
                else None
            ),
        )


class _Runs:
    """The tickets of a batch of event rows: the runs of rows with one ticket id, in the
    order they come (``_fast_events.Runs`` without numpy)."""

    def __init__(self, ids: Sequence[str | None]) -> None:
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


def _before(groups: list[Any], row: int) -> list[Any]:
    """The columnar path's results of a batch whose rows come before *row*."""
    return [(group, places[at < row], at[at < row]) for group, places, at in groups]


def _repeat(ticket_id: str) -> str:
    return f"ticket id {ticket_id!r} is a repeat: expected one row per ticket"


def _verdict(metrics: Mapping[str, MetricStatus]) -> Verdict:
    if any(m.state == "breached" or m.breaches for m in metrics.values()):
        return "breached"
    if any(m.state in ("running", "paused") for m in metrics.values()):
        return "open"
    return "met"


def _response_time(
    events: Sequence[Event], status: TicketStatus, options: Options
) -> timedelta | None:
    """The response clock's time when it stopped (at the first reply, or at the solving,
    which stops every clock), met or breached; ``None`` while it runs."""
    response = status.metrics["response"]
    return response.used if response.stopped_at is not None else None
