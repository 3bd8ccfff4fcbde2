"""The rows of data frames and Arrow tables as records, a bounded batch at a time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["FRAME_BATCH", "is_table", "records", "table_records"]

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
    if is_table(rows):
        yield from table_records(rows)
        return
    iterator = iter(rows)
    for first in iterator:
        if is_table(first):
            yield from table_records(first)
            for table in iterator:
                yield from table_records(table)
        else:
            yield first
            yield from iterator
        return


def is_table(value: object) -> bool:
    """A pandas DataFrame (``iloc`` and ``to_dict``) or an Arrow table or batch
    (``to_pylist`` and ``schema``)."""
    frame = hasattr(value, "iloc") and hasattr(value, "to_dict") and hasattr(value, "columns")
    arrow = hasattr(value, "to_pylist") and hasattr(value, "schema")
    return frame or arrow


def table_records(table: Any) -> Iterator[dict[str, Any]]:
    """The rows of one data frame, Arrow table or batch (:func:`is_table`) as records,
    :data:`FRAME_BATCH` rows at a time, missing values as ``None``."""
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
