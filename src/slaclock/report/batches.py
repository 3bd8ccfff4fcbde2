"""A report's results a batch at a time (:class:`ResultBatch`): result objects, records,
columns, CSV cells or CSV bytes, made from the engine's results and from the columnar path's
groups without a result object each where they can."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInputError
from ..files import ParquetWriter, RecordWriter
from .results import RESULT_COLUMNS, TicketResult, csv_row

if TYPE_CHECKING:
    from .columnar_results import GroupAnswers

__all__ = ["ResultBatch", "built_result"]


class ResultBatch:
    """Consecutive results of a report, in input order, as :meth:`Report.batches` gives them:
    up to a few thousand tickets whose result objects are built only when asked for.

    >>> import slaclock
    >>> from slaclock.report import run_report
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
        groups: Sequence[GroupAnswers] = (),
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

    def entries(self) -> list[Any]:
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
        return [built_result(entry) for entry in self.entries()]

    def records(self) -> list[dict[str, object]]:
        """The results as dicts of :data:`RESULT_COLUMNS` (``DataFrame.from_records``)."""
        return [result.as_dict() for result in self.results()]

    def table(self, exact: bool = False) -> Any:
        """The results as a pyarrow Table of :data:`RESULT_COLUMNS` (``arrow_results.result_table``:
        numbers typed as :data:`RESULT_TYPES` says, instants ISO 8601 text, null where
        missing; with *exact*, also the times in µs: ``_response_us``,
        ``_response_left_us``, ...). The fast extra is needed."""
        try:
            from .arrow_results import result_table
        except ImportError as err:
            raise InvalidInputError(
                "table(): a batch's table needs numpy and pyarrow (pip install 'slaclock[fast]')"
            ) from err
        return result_table(self._size, self._engine, self._groups, exact)

    def columns(self) -> dict[str, list[object]]:
        """The results column by column (:data:`RESULT_COLUMNS`): the values of
        :meth:`TicketResult.as_dict`, but instants as ISO 8601 text, as CSV, JSON Lines and
        Parquet results hold them; ``None`` where a value is missing."""
        if self._groups:
            return self.table().to_pydict()  # type: ignore[no-any-return]
        records = [_with_iso_text(result.as_dict()) for _, result in self._engine]
        return {name: [record[name] for record in records] for name in RESULT_COLUMNS}

    def csv_rows(self) -> list[tuple[str, ...]]:
        """The results as rows of CSV cells in :data:`RESULT_COLUMNS` order, each cell the
        text :func:`slaclock.files.csv_cell` makes of :meth:`TicketResult.as_dict`'s value.
        Tickets of the columnar path are formatted column by column, without result objects."""
        if self._groups:
            return list(zip(*self.csv_columns(), strict=True))
        return [csv_row(result) for _, result in self._engine]

    def csv_columns(self) -> list[list[str]]:
        """The cells of :meth:`csv_rows` column by column (for
        :meth:`slaclock.files.RecordWriter.write_cell_columns`)."""
        if self._groups:
            from .arrow_results import cells

            return [
                ["" if cell is None else cell for cell in column.to_pylist()]
                for column in cells(self.table()).columns
            ]
        rows = [csv_row(result) for _, result in self._engine]
        if not rows:
            return [[] for _ in RESULT_COLUMNS]
        return [list(column) for column in zip(*rows, strict=True)]

    def write_csv(self, writer: RecordWriter) -> None:
        """Write the results to *writer* (CSV, with :data:`RESULT_COLUMNS`): what
        ``writer.write_cell_columns(self.csv_columns())`` writes. The columnar path's
        results are made into an Arrow table and written by ``pyarrow.csv`` where no cell
        needs quoting (``arrow_results``)."""
        if not writer.writes_csv:
            raise InvalidInputError("write_csv writes CSV: this writer writes JSON Lines")
        if writer.columns != RESULT_COLUMNS:
            raise InvalidInputError(
                f"a writer of the columns {list(writer.columns)}: write_csv writes the result "
                f"columns, expected a writer of RESULT_COLUMNS"
            )
        if self._groups:
            from .arrow_results import cells, write_cells

            write_cells(cells(self.table()), writer)
            return
        writer.write_cell_columns(self.csv_columns())

    def write(self, writer: RecordWriter | ParquetWriter) -> None:
        """Write the results to *writer* (CSV, JSON Lines or Parquet, with
        :data:`RESULT_COLUMNS`): CSV as :meth:`write_csv`; JSON Lines and Parquet as
        ``writer.write_columns(self.columns())`` writes them, the columnar path's results
        from an Arrow table of their values (``arrow_results``)."""
        if isinstance(writer, RecordWriter) and writer.writes_csv:
            self.write_csv(writer)
            return
        if not self._groups or writer.columns != RESULT_COLUMNS:
            writer.write_columns(self.columns())
            return
        from .arrow_results import json_lines

        table = self.table()
        if isinstance(writer, ParquetWriter):
            writer.write_table(table)
            return
        lines = json_lines(table)
        if lines is None:  # (a value JSON cannot hold as a number: the writer's own way)
            writer.write_columns(self.columns())
            return
        writer.write_encoded(lines)


def built_result(entry: Any) -> TicketResult:
    """A result of :meth:`ResultBatch.entries` as a :class:`TicketResult` (made now for a
    columnar group's member)."""
    if type(entry) is tuple:
        group, place = entry
        result: TicketResult = group.result(place)
        return result
    return entry  # type: ignore[no-any-return]


def _with_iso_text(record: dict[str, object]) -> dict[str, object]:
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in record.items()
    }
