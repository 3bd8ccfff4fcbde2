"""The report run: :func:`run_report` and :class:`Report`, rows read and evaluated a batch at
a time (through the columnar path where the fast extra, numpy and pyarrow, is installed; the
engine for every other ticket), results yielded in input order, rejections and the summary
accounted for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, cast

from ..errors import (
    InvalidInputError,
    InvalidRowError,
    NonexistentTimeError,
    SlaclockError,
    message_part,
)
from ..events import Event
from ..files import FieldRows, ParquetReader, Row, RowReader, arrow_installed, records
from ..files import is_table as _is_table
from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..summary import Summary, Tally, group_summary
from ..tracking import Options, TicketStatus, Tracker
from ..zones import from_micros, to_micros
from .batches import ResultBatch, built_result
from .options import Columns, TimeFormat, event_kinds, report_moment
from .reading import (
    EventTicket,
    FieldTickets,
    FlatSeenIds,
    FrameRows,
    RowBatch,
    RowList,
    RowRuns,
    SeenTicketIds,
    TicketValues,
    ValueProblem,
    instant_value,
    last_run,
    raw_text,
    text_value,
)
from .results import Rejection, TicketResult, verdict_of

if TYPE_CHECKING:
    from .columnar_events import ColumnarEvents, Runs
    from .columnar_reading import Ids, Reads
    from .columnar_results import GroupAnswers
    from .columnar_tickets import ColumnarTickets

__all__ = ["BATCH_SIZE", "Report", "run_report"]

_FAST_EXTRA = (
    "columnar=True: the columnar path needs numpy and pyarrow (pip install 'slaclock[fast]')"
)
BATCH_SIZE = 50_000
"""Rows read and evaluated at a time, by default (memory stays flat): enough for the columnar
path's work on whole columns to outweigh its cost per call."""


def run_report(
    policy: Policy | PolicyVersions,
    rows: Iterable[Mapping[str, Any] | Row],
    *,
    events: bool = False,
    columns: Columns | None = None,
    now: datetime | str | None = None,
    options: Options | None = None,
    strict: bool = False,
    on_reject: Callable[[Rejection], None] | None = None,
    columnar: bool | None = None,
    batch_size: int = BATCH_SIZE,
    date_format: str | None = None,
    dayfirst: bool = False,
    event_names: Mapping[str, str] | None = None,
) -> Report:
    """Evaluate tickets from *rows*: an iterator of :class:`TicketResult`, then a summary.

    * *policy*: a :class:`~slaclock.Policy`, or versions of one
      (:class:`~slaclock.policy_versions.PolicyVersions`): each ticket is then evaluated
      under the version in force when it was created, by the engine (the columnar path
      takes one policy: a report over versions goes the engine's way, with the same results).

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
    * *columnar*: how tickets are evaluated. ``None`` (the default): the simple tickets of a
      batch on the columnar path where numpy and pyarrow are installed (the fast extra),
      every other one by the engine; ``True``: the same, but an :class:`InvalidInputError`
      when numpy or pyarrow is not installed;
      ``False``: every ticket by the engine. The results, rejections and summary are the
      same either way (a policy the columnar path does not cover goes to the engine).
    * *batch_size*: rows read and evaluated at a time (:data:`BATCH_SIZE`; an event log's
      batches end where a ticket's rows end). Memory stays flat; results are the same for
      any size.
    * *date_format*, *dayfirst*: how the input's timestamps are written, when not in
      ISO 8601 (:class:`TimeFormat`: a ``strptime`` pattern, or dates written day first).
    * *event_names*: an event log's own names of events (case and blanks about them
      ignored) read as the library's kinds (``{"Llamada": "updated"}``), or ``"ignore"``:
      such a row stays with its ticket (and is counted as its row) but is no event. Any
      other name must be a kind.

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
        columnar=columnar,
        batch_size=batch_size,
        time_format=TimeFormat(date_format, dayfirst),
        event_names=event_names,
    )


class Report:
    """The results of :func:`run_report`, one ticket at a time, and their summary."""

    def __init__(
        self,
        policy: Policy | PolicyVersions,
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
        columnar: bool | None = None,
        batch_size: int = BATCH_SIZE,
        time_format: TimeFormat | None = None,
        event_names: Mapping[str, str] | None = None,
    ) -> None:
        """*columnar* and *batch_size*: as for :func:`run_report`; *time_format*: how the
        input's timestamps are written (ISO 8601 by default)."""
        if not isinstance(policy, Policy | PolicyVersions):
            raise InvalidInputError(f"policy {policy!r}: expected a slaclock Policy")
        if columnar not in (None, True, False):
            raise InvalidInputError(f"columnar {columnar!r}: expected True, False or None")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidInputError(f"batch size {batch_size!r}: expected a whole number above 0")
        moment = report_moment(now)
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
        self._tracker = (
            policy.tracker(self._options)
            if isinstance(policy, PolicyVersions)
            else Tracker(policy, self._options)
        )
        self._strict = strict
        self._on_reject = on_reject
        self._columnar = columnar
        self._batch = batch_size
        if time_format is not None and not isinstance(time_format, TimeFormat):
            raise InvalidInputError(f"time format {time_format!r}: expected a TimeFormat")
        self._time = time_format or TimeFormat()
        self._names = event_kinds(event_names or {})
        self.now = moment
        self.rejections: list[Rejection] = []
        self.rows_read = 0
        self.rows_written = 0
        self.rows_rejected = 0
        self.tickets = 0
        self._seen: SeenTicketIds = FlatSeenIds()
        self._tallies: dict[tuple[str, str], Tally] = {}
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
                return built_result(entry)
            batch = self._next_batch()
            if batch is None:
                raise StopIteration
            self._current = iter(batch.entries())

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
        rest = [built_result(entry) for entry in self._current]
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
            groups=tuple(group_summary(*key, [self._tallies[key]]) for key in keys),
            total=group_summary("all", "all", list(self._tallies.values())),
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
        rejection = Rejection(row.line, ticket_id, reason, raw_text(row))
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
            tally = self._tallies[key] = Tally()
        tally.add(result)
        return result

    # -- one row per ticket ---------------------------------------------------------------

    def _evaluate_tickets(self) -> Iterator[ResultBatch]:
        # A batch of rows read, the simple tickets among them evaluated at once on the
        # columnar path (where the fast extra is installed), every other row by the engine;
        # then every row accounted for in input order (rejections too).
        fast = self._columnar_tickets()
        if fast is not None:
            self._seen = fast.seen_ids()  # the same answers, checked a batch at a time
        for rows, reads in self._ticket_rows(fast):
            yield from self._ticket_batch(rows, reads, fast)

    def _ticket_rows(self, fast: ColumnarTickets | None) -> Iterator[tuple[RowBatch, Reads | None]]:
        """Batches of rows, each with what the columnar path read of it (``None`` without)."""
        frame = self._frame
        if frame is not None and fast is not None:
            lines = self._lines
            for start in range(0, len(frame), self._batch):
                chunk = frame.iloc[start : start + self._batch]
                numbers = (
                    list(range(start + 1, start + len(chunk) + 1))
                    if lines is None
                    else [int(line) for line in lines[start : start + len(chunk)]]
                )
                self.rows_read += len(chunk)
                yield FrameRows(chunk, numbers), fast.read_frame(chunk, self._columns)
            return
        if frame is not None:  # no columnar path: its records, numbered as given
            given = range(1, len(frame) + 1) if self._lines is None else self._lines
            self._rows = (
                Row(int(line), record) for line, record in zip(given, records(frame), strict=True)
            )
        source = self._rows
        if fast is not None and isinstance(source, RowReader | ParquetReader):
            # records as columns (CSV: fields; JSON Lines, Parquet: read by Arrow), a row
            # made only when taken
            for fields in source.batches(self._batch, self._columns.used(False)):
                self.rows_read += len(fields)
                yield FieldTickets(fields), fast.read_fields(fields, self._columns)
            return
        rows = self._numbered()
        while batch := list(islice(rows, self._batch)):
            yield RowList(batch), None if fast is None else fast.read(batch, self._columns)

    def _read_batch(
        self, rows: RowBatch, reads: Reads
    ) -> tuple[Any, list[TicketValues | str | None], Any]:
        """Each row's ticket id (an object array) and values (``None``: read column by column into *reads*;
        text: why they cannot be read), and the rows whose values were read, in order (an
        array of their places)."""
        return reads.complete(rows, self._parse_ticket)

    def sightings(self) -> Iterator[tuple[str, int]]:
        """(ticket id, line) of every row whose values read, in input order: the rows whose
        ids the report remembers (a later one with the same id is a repeat)."""
        fast = self._columnar_tickets()
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

    def _ticket_batch(
        self, rows: RowBatch, reads: Reads | None, fast: ColumnarTickets | None
    ) -> Iterator[ResultBatch]:
        size = len(rows)
        base = self.rows_read - size
        ids: Any
        if reads is None:
            ids = [""] * size
            given: list[TicketValues | str | None] = [None] * size
            for index in range(size):
                ids[index], given[index] = self._read_ticket(rows[index])
        else:
            ids, given, checked = self._read_batch(rows, reads)
            # every ticket id read, in input order: a repeat is rejected
            repeats = self._seen.add_many(ids[checked])
            if self._owners:
                places = checked.tolist()
            else:  # a row repeats exactly when its id was seen before
                places = checked[repeats].tolist() if len(repeats) else []
                repeats = [True] * len(places)
            for index, seen in zip(places, repeats, strict=True):
                if self._repeat(ids[index], rows.lines[index], seen):
                    reads.ok[index] = False
                    given[index] = _repeat(ids[index])
        groups: Sequence[GroupAnswers] = []
        pending: Sequence[int] = range(size)
        if reads is not None and fast is not None:
            groups, answered = fast.evaluate(reads, rows.lines)
            pending = (~answered).nonzero()[0].tolist()
        engine: list[tuple[int, TicketResult]] = []
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
        self, size: int, engine: list[tuple[int, TicketResult]], groups: Sequence[GroupAnswers]
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
                tally = self._tallies[key] = Tally()
            group.tally(tally, places)
        return ResultBatch(size, engine, groups)

    def _columnar_tickets(self) -> ColumnarTickets | None:
        """The columnar evaluator, or ``None`` for the engine alone (``columnar=False``,
        numpy or pyarrow not installed, or a policy it does not cover)."""
        if self._columnar is False:
            return None
        try:
            from .columnar_tickets import ColumnarTickets
        except ImportError as err:
            if self._columnar:
                raise InvalidInputError(_FAST_EXTRA) from err
            return None
        if not arrow_installed():
            if self._columnar:
                raise InvalidInputError(_FAST_EXTRA)
            return None
        policy, tracker = self._policy, self._tracker
        if not isinstance(policy, Policy) or not isinstance(tracker, Tracker):
            return None  # versions of a policy: each ticket by the engine, under its version
        if not ColumnarTickets.usable(policy):
            return None
        return ColumnarTickets(policy, self._options, tracker, self.now, self._time)

    def _read_ticket(self, row: Row) -> tuple[str, TicketValues | str]:
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

    def _parse_ticket(self, row: Row) -> tuple[str, TicketValues | str]:
        """A row's ticket id and its values, or the reason they cannot be read."""
        columns = self._columns
        values = row.values
        try:
            ticket_id = text_value(values, columns.id) or ""
        except ValueProblem:
            ticket_id = str(values.get(columns.id))
        if row.problem is not None:
            return ticket_id, row.problem
        try:
            parse = self._time.parse
            created = instant_value(values, columns.created, required=True, parse=parse)
            priority = text_value(values, columns.priority, required=True)
            plan = text_value(values, columns.plan)
            responded = instant_value(values, columns.responded, parse=parse)
            solved = instant_value(values, columns.solved, parse=parse)
        except (ValueProblem, SlaclockError) as err:
            return ticket_id, str(err)
        assert created is not None
        assert priority is not None
        return ticket_id, (created, priority, plan, responded, solved)

    def _engine(self, row: Row, ticket_id: str, ticket: TicketValues) -> TicketResult | None:
        created, priority, plan, responded, solved = ticket
        try:  # a datetime and text: the events take them as they are
            events = [Event("created", created, priority=priority, plan=plan)]
            if responded is not None:
                events.append(Event("responded", responded))
            if solved is not None:
                events.append(Event("solved", solved))
            result = self._evaluate(row.line, ticket_id, 1, events)
        except NonexistentTimeError as err:
            self._reject(row, ticket_id, self._placed(row, ticket, err))
            return None
        except SlaclockError as err:
            self._reject(row, ticket_id, str(err))
            return None
        return self._written(result)

    def _placed(self, row: Row, ticket: TicketValues, err: NonexistentTimeError) -> str:
        """*err* (a wall time that never happened in the plan's zone) naming the column and
        the value as written, when one of the row's times is it."""
        created, _, plan, responded, solved = ticket
        columns = self._columns
        policy = self._policy
        try:  # the plan of the version the ticket is evaluated under
            if isinstance(policy, PolicyVersions):
                policy = policy.version_for(created, plan)[1]
            schedule = policy.plan(plan).schedule
        except NonexistentTimeError:  # its creation, in the zone that chooses the version
            return self._never(row, columns.created, created, err)
        except SlaclockError:
            return str(err)
        for column, value in (
            (columns.created, created),
            (columns.responded, responded),
            (columns.solved, solved),
        ):
            if value is None or (value.tzinfo is not None and value.utcoffset() is not None):
                continue
            try:
                schedule.instant(value)
            except NonexistentTimeError:
                return self._never(row, column, value, err)
        return str(err)

    @staticmethod
    def _never(row: Row, column: str, value: datetime, err: NonexistentTimeError) -> str:
        """*err* naming *column* and its *value* as the row wrote it."""
        written = row.values.get(column)
        shown = written.strip() if isinstance(written, str) else str(value)
        return f"{column}: {shown!r} is a wall time that never happened: {err}"

    # -- an event log ---------------------------------------------------------------------

    def _evaluate_events(self) -> Iterator[ResultBatch]:
        # Batches of rows that end where a ticket's rows end. In each, the tickets (runs of
        # rows with one id) the columnar path answers are evaluated at once (where numpy is
        # installed), every other one by the engine; then rows without an id and the
        # engine's tickets are accounted for in the order the rows came.
        tickets = self._columnar_tickets()
        fast: ColumnarEvents | None = None
        if tickets is not None:
            from .columnar_events import ColumnarEvents

            self._seen = tickets.seen_ids()  # the same answers, checked a batch at a time
            fast = ColumnarEvents(tickets, self._names)
        for rows, ids in self._event_batches(fast):
            yield from self._event_batch(rows, ids, fast)

    def _event_id(self, row: Row) -> tuple[str | None, str]:
        """A row's ticket id; or ``None`` and why it has none."""
        columns = self._columns
        try:
            ticket_id = text_value(row.values, columns.id)
        except ValueProblem as err:
            return None, str(err)
        if ticket_id is None:
            return None, row.problem or f"{columns.id}: missing: expected the ticket id"
        return ticket_id, ""

    def _event_rows(self, fast: ColumnarEvents | None) -> Iterator[RowList | FieldRows]:
        """The rows a few thousand at a time: a CSV reader's records as their fields (and,
        on the columnar path, JSON Lines and Parquet records as Arrow reads them), other
        rows as they come."""
        rows = self._rows
        if (isinstance(rows, RowReader) and rows.format == "csv") or (
            fast is not None and isinstance(rows, RowReader | ParquetReader)
        ):
            for batch in rows.batches(self._batch, self._columns.used(True)):
                self.rows_read += len(batch)
                yield batch
            return
        numbered = self._numbered()
        while listed := list(islice(numbered, self._batch)):
            yield RowList(listed)

    def _ids(self, rows: RowList | FieldRows, fast: ColumnarEvents | None) -> Ids:
        """Each row's ticket id (``None``: it has none)."""
        if fast is None:
            return [self._event_id(rows.row(k))[0] for k in range(len(rows))]
        name = self._columns.id
        ids, unread = fast.ids(
            rows.arrow_column(name) if isinstance(rows, FieldRows) else rows.column(name)
        )
        for k in unread:  # read as the report reads a value (text_value)
            ids[k] = self._event_id(rows.row(k))[0]
        return ids

    def _event_batches(
        self, fast: ColumnarEvents | None
    ) -> Iterator[tuple[RowList | FieldRows, Ids]]:
        """Batches of rows, with their ticket ids, that never split a ticket's rows (a
        ticket whose rows go on past a batch holds the rows from its first on to the next)."""
        pending: RowList | FieldRows | None = None
        known: Ids = []
        held: str | None = None  # the one ticket the pending rows hold (rows without an id aside)
        for more in self._event_rows(fast):
            fresh = 0 if pending is None else len(pending)
            ids = self._ids(more, fast)  # (its columns read: joined, they are kept)
            known = ids if not len(known) else fast.joined(known, ids) if fast else [*known, *ids]
            pending = more if pending is None else pending.joined(more)  # type: ignore[arg-type]
            last, cut, split = (  # (of the fresh rows)
                fast.last_run(ids) if fast else last_run(cast("list[str | None]", ids))
            )
            cut += fresh
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
        self, rows: RowList | FieldRows, ids: Ids, fast: ColumnarEvents | None
    ) -> Iterator[ResultBatch]:
        size = len(rows)
        runs: RowRuns | Runs
        groups: Sequence[GroupAnswers] = []
        left: Iterable[int]
        if fast is None:
            runs = RowRuns(ids)
            repeated = self._seen.add_many(runs.ids)
            left = range(len(runs.ids))  # the tickets the engine answers
        else:
            runs = fast.runs(ids)
            repeated = self._seen.add_many(runs.ids)
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

    def _group_of(self, ticket_id: str, rows: list[Row], repeated: bool) -> EventTicket:
        """A ticket's rows read into events (or the problems found on the way)."""
        columns = self._columns
        group = EventTicket(ticket_id, rows=rows, repeated=repeated)
        if repeated:
            return group  # rejected whole
        for row in rows:
            if row.problem is not None:
                group.problems.append((row, row.problem))
                continue
            values = row.values
            try:
                kind = text_value(values, columns.event, required=True)
                assert kind is not None
                kind = self._names.get(kind.strip().lower(), kind)
                if kind == "ignore":
                    continue  # the row stays with its ticket, no event
                at = instant_value(values, columns.at, required=True, parse=self._time.parse)
                assert at is not None
                group.events.append(
                    Event(
                        kind,
                        at,
                        priority=text_value(values, columns.priority),
                        plan=text_value(values, columns.plan),
                        reason=text_value(values, columns.reason),
                    )
                )
            except (ValueProblem, SlaclockError) as err:
                group.problems.append((row, str(err)))
        return group

    def _replay(self, ticket_id: str, rows: list[Row]) -> TicketResult:
        """The engine's result for a ticket of an event log the columnar path answered."""
        group = self._group_of(ticket_id, rows, False)
        return self._evaluate(rows[0].line, ticket_id, len(rows), group.events)

    def _finish(self, group: EventTicket) -> TicketResult | None:
        if group.repeated:
            reason = message_part(
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
                group,
                own,
                message_part(
                    f"ticket {group.id!r} has a bad row at line {first}: rejected with it"
                ),
            )
            return None
        try:
            result = self._evaluate(group.rows[0].line, group.id, len(group.rows), group.events)
        except NonexistentTimeError as err:
            row = self._row_never_happened(group)
            if row is None:
                self._reject_group(group, {}, message_part(f"ticket {group.id!r}: {err}"))
                return None
            column = self._columns.at
            written = row.values.get(column)
            own = {
                id(row): message_part(
                    f"{column}: {written!r} is a wall time that never happened: {err}"
                )
            }
            reason = message_part(
                f"ticket {group.id!r} has a bad row at line {row.line}: rejected with it"
            )
            self._reject_group(group, own, reason)
            return None
        except SlaclockError as err:
            self._reject_group(group, {}, f"ticket {group.id!r}: {err}")
            return None
        return self._written(result)

    def _row_never_happened(self, group: EventTicket) -> Row | None:
        """The first row of *group* whose time, written without an offset, never happened in
        the zone of the plan its ticket was created on (``None``: none found)."""
        try:
            schedule = self._policy.plan(group.events[0].plan).schedule
        except SlaclockError:
            return None
        for row in group.rows:
            written = row.values.get(self._columns.at)
            try:
                value = self._time.parse(written) if isinstance(written, str) else written
                if isinstance(value, datetime) and value.tzinfo is None:
                    schedule.instant(value)
            except NonexistentTimeError:
                return row
            except SlaclockError:
                continue
        return None

    def _reject_group(self, group: EventTicket, own: Mapping[int, str], reason: str) -> None:
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
        schedule = ticket.policy.plan(first.plan).schedule
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
            verdict=verdict_of(metrics),
            response_time=_response_time(ticket.events, status, self._options),
            resolution_time=(
                metrics["resolution"].used
                if status.state in ("solved", "closed")
                and metrics["resolution"].state in ("met", "breached")
                else None
            ),
        )


def _before(groups: Sequence[GroupAnswers], row: int) -> list[GroupAnswers]:
    """The columnar path's results of a batch whose rows come before *row*."""
    return [(group, places[at < row], at[at < row]) for group, places, at in groups]


def _repeat(ticket_id: str) -> str:
    return message_part(f"ticket id {ticket_id!r} is a repeat: expected one row per ticket")


def _response_time(
    events: Sequence[Event], status: TicketStatus, options: Options
) -> timedelta | None:
    """The response clock's time when it stopped (at the first reply, or at the solving,
    which stops every clock), met or breached; ``None`` while it runs."""
    response = status.metrics["response"]
    return response.used if response.stopped_at is not None else None
