"""A partition's place in the collection: its rows' line numbers, the rows of the files it
holds, the ticket ids read in more than one row, and the single-process report of its rows."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import delayed
from dask.graph_manipulation import clone

from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..report import (
    Columns,
    Report,
)
from ..tracking import Options

__all__ = [
    "FILE_LINE",
    "KEY",
    "LINE",
    "file_names",
    "file_places",
    "filed",
    "first_row",
    "partition_report",
    "partition_starts",
    "placing",
    "read_again",
    "starts_of",
    "used_columns",
    "with_numbers",
]


def partition_report(
    partition: pd.DataFrame,
    policy: Policy | PolicyVersions,
    now: datetime,
    columns: Columns,
    options: Options | None,
    first: int,
    owners: Mapping[str, int] | None = None,
    on_reject: Any = None,
) -> Report:
    """The report of a partition whose first row is the collection's row *first* (from 0):
    its rows numbered as one process numbers the same rows of the whole collection."""
    return Report(
        policy,
        partition,
        events=False,
        columns=columns,
        now=now,
        options=options,
        strict=False,
        on_reject=on_reject,
        lines=range(first + 1, first + len(partition) + 1),
        owners=owners,
    )


def first_row(starts: Sequence[int] | None, partition_info: Mapping[str, Any] | None) -> int:
    """The place in the whole collection (from 0) of a partition's first row."""
    if starts is None or partition_info is None:  # (Dask's look at an empty frame)
        return 0
    return int(starts[partition_info["number"]])


def partition_starts(lengths: Sequence[int]) -> list[int]:
    """The place of each partition's first row, from the partitions' lengths."""
    found: list[int] = [0]
    for length in list(lengths)[:-1]:
        found.append(found[-1] + int(length))
    return found


def _sighted(
    partition: pd.DataFrame, policy: Policy | PolicyVersions, columns: Columns, first: int = 0
) -> tuple[Any, Any, Any]:
    """The ids a report of the partition remembers (one per row whose values read), their
    lines, and their 64-bit fingerprints (the same in every process)."""
    report = partition_report(partition, policy, datetime(2000, 1, 1), columns, None, first)
    found = list(report.sightings())
    ids = np.array([ticket_id for ticket_id, _ in found], dtype=object)
    lines = np.array([line for _, line in found], dtype=np.int64)
    prints = pd.util.hash_array(ids) if len(ids) else np.zeros(0, dtype=np.uint64)
    return ids, lines, prints


PRINT = "_print"
"""The column of an id's fingerprint, in the pass that finds the ids read more than once."""


def _sighting_prints(
    partition: pd.DataFrame, policy: Policy | PolicyVersions, columns: Columns
) -> pd.DataFrame:
    """The fingerprints of the partition's remembered ids (:func:`_sighted`), in the column
    :data:`PRINT`."""
    return pd.DataFrame({PRINT: pd.Series(_sighted(partition, policy, columns)[2], dtype="uint64")})


def _claims(
    partition: pd.DataFrame,
    policy: Policy | PolicyVersions,
    columns: Columns,
    prints: Any,
    starts: Sequence[int],
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """(id, line) of the partition's remembered ids whose fingerprints are in *prints*."""
    if not len(prints):
        return pd.DataFrame(
            {"id": pd.Series([], dtype=object), "line": pd.Series([], dtype="int64")}
        )
    first = first_row(starts, partition_info)
    ids, lines, found = _sighted(partition, policy, columns, first)
    chosen = np.isin(found, prints)
    return pd.DataFrame({"id": ids[chosen], "line": lines[chosen]})


def _repeated_in(share: pd.DataFrame) -> Any:
    """The fingerprints of one share (the rows the shuffle brought together by value, from
    every partition) read in more than one row."""
    found, counts = np.unique(share[PRINT].to_numpy(dtype=np.uint64), return_counts=True)
    return found[counts > 1]


def _concatenated(arrays: Sequence[Any]) -> Any:
    return np.concatenate(arrays)


def _share_count(partitions: int) -> int:
    """Into how many shares the ids' fingerprints are shuffled by value to be counted: about
    the square root of the partitions, so that no task holds every row's fingerprint (ten
    million rows in 20 partitions: 4 shares of 2.5 million, 20 MB) and the shuffle's pieces
    (partitions x shares) stay few."""
    return max(1, math.isqrt(partitions))


def _owners_of(pairs: pd.DataFrame) -> dict[str, int]:
    """For each ticket id read in more than one row: the line of the first, which keeps it."""
    owners: dict[str, int] = {}
    for ticket_id, line in zip(pairs["id"].tolist(), pairs["line"].tolist(), strict=True):
        if ticket_id not in owners or line < owners[ticket_id]:
            owners[ticket_id] = int(line)
    return owners


def placing(
    tickets: Any, policy: Policy | PolicyVersions, columns: Columns, repeats: str, files: str | None
) -> tuple[Any, Any, Any]:
    """Lazily, reading only the columns the report reads (:func:`used_columns`): the place
    of each partition's first row (from the partitions' lengths); with
    *files*, for each partition the rows of each of its files before it
    (:func:`_file_starts`); and, with ``repeats="all"``, for each ticket id that more than
    one row reads (in any partitions), the line of the first, which keeps it (the later rows
    are repeats, as in one process). The ids' fingerprints (8 bytes a row) are brought
    together by value in a few shares (:func:`_share_count`) by Dask's task-based shuffle (the
    same graph whatever the scheduler that computes it) and counted share by share, the few
    that come back gathered, then their rows: part of the report's graph, computed with it.
    (A shuffle, not a task per partition and share splitting its fingerprints: with those
    many small tasks in the graph, Dask's static order put every partition's share of the
    summary after all the writing, and a worker held evaluated partitions waiting to be
    counted; ``tests/test_distributed.py`` checks the order.)"""
    read = used_columns(tickets, columns.used(False), files)
    first = read_again(read)
    starts, file_starts = starts_of(first, files)
    if repeats != "all":
        return {}, starts, file_starts
    meta = pd.DataFrame({PRINT: pd.Series([], dtype="uint64")})
    prints = first.map_partitions(_sighting_prints, policy, columns, meta=meta)
    count = _share_count(prints.npartitions)  # (tasks: the same graph on any scheduler)
    shares = prints.shuffle(on=PRINT, npartitions=count, shuffle_method="tasks")
    repeated = delayed(_concatenated)(
        [delayed(_repeated_in)(share) for share in shares.to_delayed()]
    )
    claims_meta = pd.DataFrame(
        {"id": pd.Series([], dtype=object), "line": pd.Series([], dtype="int64")}
    )
    claims = read_again(read).map_partitions(
        _claims, policy, columns, repeated, starts, meta=claims_meta, align_dataframes=False
    )
    return delayed(_owners_of)(claims), starts, file_starts


def file_names(partition: pd.DataFrame, files: str) -> list[str]:
    """Each row's file, as text (empty where missing)."""
    return [
        "" if value is None or value is pd.NA or value != value else str(value)
        for value in partition[files].astype(object).tolist()
    ]


def _file_counts(partition: pd.DataFrame, files: str) -> pd.Series:
    """How many rows of each file a partition holds (a Series of one mapping)."""
    counts: dict[str, int] = {}
    for name in file_names(partition, files):
        counts[name] = counts.get(name, 0) + 1
    return pd.Series([counts], dtype=object)


def _file_starts(counts: Sequence[Mapping[str, int]]) -> list[dict[str, int]]:
    """For each partition, the rows of each of its files held by the partitions before it."""
    found: list[dict[str, int]] = []
    seen: dict[str, int] = {}
    for part in counts:
        found.append({name: seen.get(name, 0) for name in part})
        for name, count in part.items():
            seen[name] = seen.get(name, 0) + count
    return found


def _starts_of_counts(counts: Sequence[Mapping[str, int]]) -> list[int]:
    """:func:`partition_starts`, each partition's length the sum of its files' rows."""
    return partition_starts([sum(part.values()) for part in counts])


def starts_of(frame: Any, files: str | None) -> tuple[Any, Any]:
    """Lazily, the place of each of *frame*'s partitions' first row (:func:`partition_starts`)
    and, with *files*, :func:`_file_starts` (else ``None``): both from one task per
    partition (its rows of each file, or its length). Two tasks reading each partition here
    (its length, its files) led Dask's order to hold every evaluated partition until all
    were written (``tests/test_distributed.py``)."""
    if files is None:
        return delayed(partition_starts)(frame.map_partitions(len)), None
    counts = frame.map_partitions(_file_counts, files, meta=pd.Series([], dtype=object))
    return delayed(_starts_of_counts)(counts), delayed(_file_starts)(counts)


def file_places(
    partition: pd.DataFrame,
    files: str | None,
    file_starts: Sequence[Mapping[str, int]] | None,
    partition_info: Mapping[str, Any] | None,
) -> tuple[list[str], list[int]] | None:
    """Each row's file and its place among that file's rows in the collection (from 1)."""
    if files is None or file_starts is None or partition_info is None:
        return None
    before = dict(file_starts[partition_info["number"]])
    names = file_names(partition, files)
    places = []
    for name in names:
        before[name] = before.get(name, 0) + 1
        places.append(before[name])
    return names, places


def filed(frame: pd.DataFrame, lines: Any, names: Sequence[str], places: Sequence[int]) -> None:
    """Name the file and the place in it of *frame*'s rejections: the rows read at *lines*
    (increasing) are in the files *names*, at *places*."""
    refused = frame["reason"].notna().to_numpy()
    rows = np.searchsorted(lines, frame["line"].to_numpy(dtype=np.int64)[refused]).tolist()
    files = np.full(len(frame), None, dtype=object)
    found = np.full(len(frame), None, dtype=object)
    files[refused] = [names[row] for row in rows]
    found[refused] = [places[row] for row in rows]
    frame["file"] = pd.array(files, dtype="string")
    frame["file_line"] = pd.array(found, dtype="Int64")


def used_columns(frame: Any, names: Iterable[str], files: str | None) -> Any:
    """*frame* with only the columns of *names* it has, and the one naming each row's file
    (*files*): a pass before the evaluation then reads no other (Dask takes the choice
    down to the reading of Parquet and CSV files)."""
    wanted = {*names, *((files,) if files is not None else ())}
    return frame[[name for name in frame.columns if str(name) in wanted]]


def read_again(frame: Any) -> Any:
    """*frame*'s partitions made by tasks of their own (each partition's graph cloned): a
    pass that must finish before the evaluation starts (the lengths, the ids) reads the rows
    and lets each partition go, instead of the cluster holding every partition until the
    evaluation takes it. The input is read once more per pass; memory stays that of the
    partitions being worked on."""
    originals = frame.to_delayed()
    parts = clone(*originals)
    return dd.from_delayed(
        [parts] if len(originals) == 1 else list(parts),
        meta=frame._meta,
        divisions=frame.divisions,
        verify_meta=False,
    )


LINE = "_line"


KEY = "_ticket"


FILE_LINE = "_file_line"
"""The columns an event log is given on its way to the workers: each row's place in the
collection (from 1), its ticket id as the report reads it (stripped text) and, when the
collection names each row's file, its place among the rows of that file (from 1)."""


def with_numbers(
    partition: pd.DataFrame,
    id_column: str,
    starts: Sequence[int] | None = None,
    files: str | None = None,
    file_starts: Sequence[Mapping[str, int]] | None = None,
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """An event log's partition with each row's line and ticket key (:data:`LINE`,
    :data:`KEY`), and with *files* its place in its file (:data:`FILE_LINE`)."""
    first = first_row(starts, partition_info)
    lines = np.arange(first + 1, first + len(partition) + 1, dtype=np.int64)
    ids = partition[id_column] if id_column in partition.columns else pd.Series(dtype=object)
    keys = [_ticket_key(value) for value in ids.tolist()] if len(ids) else []
    added: dict[str, Any] = {LINE: lines, KEY: pd.array(keys, dtype="string")}
    if files is not None:
        placed = file_places(partition, files, file_starts, partition_info)
        added[FILE_LINE] = np.asarray(placed[1] if placed else [0] * len(partition), np.int64)
    return partition.assign(**added)


def _ticket_key(value: object) -> str:
    """A ticket id as the rows of one ticket share it: text stripped, a whole number as its
    digits, nothing for a missing id."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
