"""Reports over a Dask DataFrame of tickets, partition by partition (the ``dask`` extra).

:func:`report_dask` evaluates each partition with :func:`slaclock.report.run_report` (so every
result and rejection is the single-process report's, and the columnar fast path is taken where
the rows allow) and gives the results and rejections as Dask DataFrames; the summary is then
computed with Dask reductions. Nothing in the core of slaclock imports this module.

Tickets are read one row each, or as an event log (``events=True``: the rows of a ticket
brought together by a shuffle on its id). The rows' **line numbers are their places
in the whole collection**, partition after partition (from 1): the numbers
:func:`~slaclock.report.run_report` gives the same rows, concatenated, in one process,
whatever the index (``dd.read_csv`` of many files or of one file in blocks, and
``dd.read_parquet`` without a stored index, number every partition from 0: the index is never
read). The partitions' lengths are counted first, in the same pass as the ids. A ticket id
that comes back is a repeat wherever it comes back (that pass finds the ids read in more than
one row), unless ``repeats="partition"`` asks for repeats within each partition only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import delayed
from dask.graph_manipulation import clone

from .errors import InvalidInputError
from .files import Row, records
from .policy import Policy
from .policy_versions import PolicyVersions
from .report import (
    ERROR_COLUMNS,
    RESULT_COLUMNS,
    Columns,
    Rejection,
    Report,
    ResultBatch,
)
from .summary import (
    REPORTED_METRICS,
    GroupSummary,
    MetricSummary,
    Summary,
    Tally,
    group_summary,
    nearest_rank,
)
from .tracking import Options
from .zones import parse_datetime, zone_name

__all__ = ["DaskReport", "report_dask", "results_frame"]

_NUMERIC = {
    "_rows": "int64",
    "line": "int64",
    "response_time_s": "float64",
    "resolution_time_s": "float64",
    "update_breaches": "int64",
    **{f"{m}_{name}": "float64" for m in REPORTED_METRICS for name in ("remaining_s", "used_pct")},
    "next_escalation_level": "Int64",
}
"""The results' columns that are numbers; the instants (:data:`_INSTANTS`) are timestamps;
every other one is text (``string``)."""

_INSTANTS = frozenset(
    name
    for name in RESULT_COLUMNS
    if name in ("created", "next_escalation") or name.endswith(("_due", "_at"))
)
"""The results' columns that are instants: UTC timestamps in a DataFrame (and so in the
Parquet files it writes), the plan's zone in the column ``zone``."""
_RESULTS = (*RESULT_COLUMNS[:4], "zone", *RESULT_COLUMNS[4:])
"""The columns of :attr:`DaskReport.results`: :data:`~slaclock.report.RESULT_COLUMNS` and, after
``plan``, the plan's ``zone`` (an IANA name)."""
_TIMES = tuple(f"_{metric}_us" for metric in REPORTED_METRICS)
_FILED = ("file", "file_line")
"""The columns that place a rejected row in its file, when the collection names each row's
file (``report_dask(..., files=...)``): the file, and the row's place among its rows."""
_EVALUATED = (*_RESULTS, "reason", "row", *_FILED, *_TIMES, "_rows")
"""One partition evaluated: a result (``reason`` missing) or a rejection per input row, the
business times to finish in integer microseconds (for exact percentiles) and the input rows
each stands for (an event log's ticket: its rows; a rejection: one)."""


def _dtype(column: str) -> str:
    if column in _NUMERIC:
        return _NUMERIC[column]
    if column == "file_line":
        return "Int64"
    if column in _INSTANTS:
        return "datetime64[us, UTC]"
    return "Int64" if column in _TIMES else "string"


def _frame(arrays: Mapping[str, Any], size: int, names: Sequence[str]) -> pd.DataFrame:
    """A frame of *size* rows of the typed columns *arrays* (missing ones empty)."""
    data: dict[str, Any] = {}
    for name in names:
        dtype = _dtype(name)
        values = arrays.get(name)
        if name in _TIMES:
            micros = np.zeros(size, dtype=np.int64) if values is None else values
            known = arrays.get(name.replace("_us", "_known"), np.zeros(size, dtype=bool))
            data[name] = pd.arrays.IntegerArray(micros, ~known)
        elif values is None:
            data[name] = (
                np.full(size, np.nan if dtype == "float64" else 0, dtype=dtype)
                if dtype in ("float64", "int64")
                else pd.Series(pd.NaT, index=range(size), dtype=dtype)
                if name in _INSTANTS
                else pd.array([None] * size, dtype=dtype)
            )
        elif dtype in ("float64", "int64"):
            data[name] = np.asarray(values, dtype=dtype)
        elif dtype == "Int64":  # whole numbers or None
            data[name] = pd.array(list(values), dtype=dtype)
        elif name in _INSTANTS:  # ISO 8601 text with its offset: the instant, in UTC
            texts = pd.Series(np.asarray(values, dtype=object), dtype=object)
            data[name] = pd.to_datetime(texts, utc=True, format="ISO8601").astype(dtype)
        else:
            data[name] = pd.array(np.asarray(values, dtype=object), dtype=dtype)
    return pd.DataFrame(data, columns=list(names))


def _columns_of(records: Sequence[Mapping[str, object]]) -> dict[str, Any]:
    """Result records (``TicketResult.as_dict``) as the typed columns of ``_frame``."""
    arrays: dict[str, Any] = {}
    for name in RESULT_COLUMNS:
        values = [record.get(name) for record in records]
        if _dtype(name) == "float64":
            arrays[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        elif _dtype(name) == "int64":
            arrays[name] = np.array([0 if v is None else v for v in values], dtype=np.int64)
        elif _dtype(name) == "Int64":
            arrays[name] = values
        else:
            arrays[name] = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return arrays


def results_frame(
    records: Sequence[Mapping[str, object]], policy: Policy | PolicyVersions
) -> pd.DataFrame:
    """The pandas DataFrame of result records (``run_report(...).records()``) with the types
    of :attr:`DaskReport.results`: ``line`` and ``update_breaches`` int64, the times in seconds
    float64 (NaN when missing), instants UTC timestamps (NaT when missing) with the plan's
    ``zone``, every other column text (``string``). Under versions of a policy the zone is
    that of the plan in the version that evaluated the ticket: the zone of each record's
    ``created`` (an aware ``datetime``, as ``records()`` gives it)."""
    _check_policy(policy)
    frame = _frame(_columns_of(records), len(records), _RESULTS)
    if isinstance(policy, Policy):
        return _zoned(frame, policy)
    frame["zone"] = pd.array(
        [_created_zone(record.get("created"), record.get("line")) for record in records],
        dtype="string",
    )
    return frame


def _check_policy(policy: object) -> None:
    if not isinstance(policy, Policy | PolicyVersions):
        raise InvalidInputError(
            f"policy {policy!r}: expected a slaclock Policy, or a PolicyVersions for "
            f"versions of a policy by date"
        )


def _created_zone(created: object, line: object) -> str:
    """The zone a result's instants are local to: that of its ``created``, which the report
    gives in the zone of the ticket's plan under the version that evaluated it."""
    if not isinstance(created, datetime) or created.tzinfo is None:
        raise InvalidInputError(
            f"result at line {line!r}: created {created!r}: expected an aware "
            f"datetime, as run_report(...).records() gives it (under versions of a policy "
            f"the zone is read from it)"
        )
    return zone_name(created.tzinfo)


def _zoned(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """*frame* with each row's plan's zone (an IANA name) in ``zone``."""
    zones = {name: zone_name(plan.schedule.tz) for name, plan in policy.plans.items()}
    plans = frame["plan"].astype(object).tolist()
    frame["zone"] = pd.array([zones.get(plan) for plan in plans], dtype="string")
    return frame


def _report(
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


def _first_row(starts: Sequence[int] | None, partition_info: Mapping[str, Any] | None) -> int:
    """The place in the whole collection (from 0) of a partition's first row."""
    if starts is None or partition_info is None:  # (Dask's look at an empty frame)
        return 0
    return int(starts[partition_info["number"]])


def _starts(lengths: Sequence[int]) -> list[int]:
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
    report = _report(partition, policy, datetime(2000, 1, 1), columns, None, first)
    found = list(report.sightings())
    ids = np.array([ticket_id for ticket_id, _ in found], dtype=object)
    lines = np.array([line for _, line in found], dtype=np.int64)
    prints = pd.util.hash_array(ids) if len(ids) else np.zeros(0, dtype=np.uint64)
    return ids, lines, prints


def _sighting_prints(
    partition: pd.DataFrame, policy: Policy | PolicyVersions, columns: Columns
) -> pd.Series:
    """The fingerprints of the partition's remembered ids (:func:`_sighted`)."""
    return pd.Series(_sighted(partition, policy, columns)[2], dtype="uint64")


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
    first = _first_row(starts, partition_info)
    ids, lines, found = _sighted(partition, policy, columns, first)
    chosen = np.isin(found, prints)
    return pd.DataFrame({"id": ids[chosen], "line": lines[chosen]})


def _repeated_prints(prints: Any) -> Any:
    """The fingerprints read in more than one row."""
    found, counts = np.unique(np.asarray(prints, dtype=np.uint64), return_counts=True)
    return found[counts > 1]


def _owners_of(pairs: pd.DataFrame) -> dict[str, int]:
    """For each ticket id read in more than one row: the line of the first, which keeps it."""
    owners: dict[str, int] = {}
    for ticket_id, line in zip(pairs["id"].tolist(), pairs["line"].tolist(), strict=True):
        if ticket_id not in owners or line < owners[ticket_id]:
            owners[ticket_id] = int(line)
    return owners


def _placing(
    tickets: Any, policy: Policy | PolicyVersions, columns: Columns, repeats: str, files: str | None
) -> tuple[Any, Any, Any]:
    """Lazily: the place of each partition's first row (from the partitions' lengths); with
    *files*, for each partition the rows of each of its files before it
    (:func:`_file_starts`); and, with ``repeats="all"``, for each ticket id that more than
    one row reads (in any partitions), the line of the first, which keeps it (the later rows
    are repeats, as in one process). The ids' fingerprints (8 bytes a row, gathered), then
    the rows of the few that come back: part of the report's graph, computed with it."""
    first = _read_again(tickets)
    starts = delayed(_starts)(first.map_partitions(len))
    file_starts = _file_starts_of(first, files)
    if repeats != "all":
        return {}, starts, file_starts
    meta = pd.Series([], dtype="uint64")
    prints = first.map_partitions(_sighting_prints, policy, columns, meta=meta)
    repeated = delayed(_repeated_prints)(prints)
    claims_meta = pd.DataFrame(
        {"id": pd.Series([], dtype=object), "line": pd.Series([], dtype="int64")}
    )
    claims = _read_again(tickets).map_partitions(
        _claims, policy, columns, repeated, starts, meta=claims_meta, align_dataframes=False
    )
    return delayed(_owners_of)(claims), starts, file_starts


def _file_names(partition: pd.DataFrame, files: str) -> list[str]:
    """Each row's file, as text (empty where missing)."""
    return [
        "" if value is None or value is pd.NA or value != value else str(value)
        for value in partition[files].astype(object).tolist()
    ]


def _file_counts(partition: pd.DataFrame, files: str) -> pd.Series:
    """How many rows of each file a partition holds (a Series of one mapping)."""
    counts: dict[str, int] = {}
    for name in _file_names(partition, files):
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


def _file_starts_of(frame: Any, files: str | None) -> Any:
    """Lazily, :func:`_file_starts` of *frame*'s partitions (``None`` without *files*)."""
    if files is None:
        return None
    counts = frame.map_partitions(_file_counts, files, meta=pd.Series([], dtype=object))
    return delayed(_file_starts)(counts)


def _file_places(
    partition: pd.DataFrame,
    files: str | None,
    file_starts: Sequence[Mapping[str, int]] | None,
    partition_info: Mapping[str, Any] | None,
) -> tuple[list[str], list[int]] | None:
    """Each row's file and its place among that file's rows in the collection (from 1)."""
    if files is None or file_starts is None or partition_info is None:
        return None
    before = dict(file_starts[partition_info["number"]])
    names = _file_names(partition, files)
    places = []
    for name in names:
        before[name] = before.get(name, 0) + 1
        places.append(before[name])
    return names, places


def _filed(frame: pd.DataFrame, lines: Any, names: Sequence[str], places: Sequence[int]) -> None:
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


def _read_again(frame: Any) -> Any:
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


def _evaluate(
    partition: pd.DataFrame,
    policy: Policy | PolicyVersions,
    now: datetime,
    columns: Columns,
    options: Options | None,
    owners: Mapping[str, int] | None = None,
    starts: Sequence[int] | None = None,
    files: str | None = None,
    file_starts: Sequence[Mapping[str, int]] | None = None,
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    first = _first_row(starts, partition_info)
    rejections: list[Rejection] = []
    run = _report(partition, policy, now, columns, options, first, owners, rejections.append)
    frame = _answers(run, rejections, policy)
    frame["_rows"] = np.ones(len(frame), dtype=np.int64)
    placed = _file_places(partition, files, file_starts, partition_info)
    if placed is not None:
        lines = np.arange(first + 1, first + len(partition) + 1, dtype=np.int64)
        _filed(frame, lines, *placed)
    return _in_line_order(frame)


def _answers(
    run: Report, rejections: list[Rejection], policy: Policy | PolicyVersions
) -> pd.DataFrame:
    """A partition's results (read from *run*) and *rejections*, as the typed columns of
    :data:`_EVALUATED`. Under versions of a policy, each result's zone is that of its
    ``created`` (:func:`_created_zone`): its plan's zone in the version that evaluated it."""
    parts = []
    for batch in run.batches():
        arrays = _arrays(batch)
        if isinstance(policy, PolicyVersions):  # (every ticket by the engine: no group)
            arrays["zone"] = [_created_zone(r.created, r.line) for r in batch.results()]
        parts.append(_frame(arrays, len(arrays["line"]), _EVALUATED))
    refused = {
        name: [getattr(rejection, name) for rejection in rejections] for name in ERROR_COLUMNS
    }
    parts.append(_frame(refused, len(rejections), _EVALUATED))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return _zoned(frame, policy) if isinstance(policy, Policy) else frame


def _arrays(batch: ResultBatch) -> dict[str, Any]:
    """A batch's results as numpy columns (``ResultBatch.table(exact=True)``): missing
    values NaN, ``None`` or NaT as :func:`_frame` takes them, and where each exact time
    (:data:`_TIMES`) is known."""
    table = batch.table(exact=True)
    found: dict[str, Any] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name in _TIMES:
            found[name.replace("_us", "_known")] = column.is_valid().to_numpy()
            column = column.fill_null(0)
        found[name] = column.to_numpy()
    return found


def _in_line_order(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* sorted by line, indexed by each row's place in the collection (line - 1)."""
    frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    frame.index = pd.Index(frame["line"].to_numpy() - 1)
    return frame


_LINE = "_line"
_KEY = "_ticket"
_FILE_LINE = "_file_line"
"""The columns an event log is given on its way to the workers: each row's place in the
collection (from 1), its ticket id as the report reads it (stripped text) and, when the
collection names each row's file, its place among the rows of that file (from 1)."""


def _numbered(
    partition: pd.DataFrame,
    id_column: str,
    starts: Sequence[int] | None = None,
    files: str | None = None,
    file_starts: Sequence[Mapping[str, int]] | None = None,
    partition_info: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """An event log's partition with each row's line and ticket key (:data:`_LINE`,
    :data:`_KEY`), and with *files* its place in its file (:data:`_FILE_LINE`)."""
    first = _first_row(starts, partition_info)
    lines = np.arange(first + 1, first + len(partition) + 1, dtype=np.int64)
    ids = partition[id_column] if id_column in partition.columns else pd.Series(dtype=object)
    keys = [_ticket_key(value) for value in ids.tolist()] if len(ids) else []
    added: dict[str, Any] = {_LINE: lines, _KEY: pd.array(keys, dtype="string")}
    if files is not None:
        placed = _file_places(partition, files, file_starts, partition_info)
        added[_FILE_LINE] = np.asarray(placed[1] if placed else [0] * len(partition), np.int64)
    return partition.assign(**added)


def _ticket_key(value: object) -> str:
    """A ticket id as the rows of one ticket share it: text stripped, a whole number as its
    digits, nothing for a missing id."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _evaluate_events(
    partition: pd.DataFrame,
    policy: Policy | PolicyVersions,
    now: datetime,
    columns: Columns,
    options: Options | None,
    event_names: Mapping[str, str] | None,
    files: str | None = None,
) -> pd.DataFrame:
    """The tickets of an event log's partition, every row of each here (brought together by
    ticket), evaluated as one process evaluates them: each ticket's rows together, in the
    order of their lines."""
    frame = partition.sort_values([_KEY, _LINE], kind="stable")
    lines = frame[_LINE].to_numpy(dtype=np.int64)
    rows = frame.drop(columns=[name for name in (_LINE, _KEY, _FILE_LINE) if name in frame])
    made = [Row(int(line), record) for line, record in zip(lines, records(rows), strict=True)]
    rejections: list[Rejection] = []
    run = Report(
        policy,
        made,
        events=True,
        columns=columns,
        now=now,
        options=options,
        strict=False,
        on_reject=rejections.append,
        event_names=event_names,
    )
    out = _answers(run, rejections, policy)
    counts = frame[_KEY].value_counts()
    first_lines = frame.groupby(_KEY, sort=False)[_LINE].min()
    rows_of = dict(
        zip(first_lines.to_numpy().tolist(), counts[first_lines.index].tolist(), strict=True)
    )
    ok = out["reason"].isna().to_numpy()
    out["_rows"] = np.where(
        ok, [rows_of.get(int(line), 1) for line in out["line"].tolist()], 1
    ).astype(np.int64)
    if files is not None:
        order = np.argsort(lines, kind="stable")
        names = _file_names(frame, files)
        places = frame[_FILE_LINE].to_numpy(dtype=np.int64)
        _filed(out, lines[order], [names[k] for k in order.tolist()], places[order].tolist())
    return _in_line_order(out)


def _times(partition: pd.DataFrame, groups: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The business times of a partition's tickets in 20 bytes a ticket: the place of its
    priority and plan among *groups*, and the two times in µs (-1 when not known)."""
    ok = partition["reason"].isna().to_numpy()
    codes = {group: code for code, group in enumerate(groups)}
    keys = zip(partition["priority"][ok].tolist(), partition["plan"][ok].tolist(), strict=True)
    found = pd.DataFrame({"group": np.array([codes[key] for key in keys], dtype=np.int32)})
    for name in _TIMES:
        times = partition[name][ok]
        found[name] = times.fillna(-1).to_numpy(dtype=np.int64)
    return found


_ZERO_BUCKET = -(2**30)
"""The bucket of a time of zero (every other bucket holds times above ``gamma**(i - 1)``)."""


def _gamma(error: float) -> float:
    return (1 + error) / (1 - error)


def _sketch(times: pd.DataFrame, error: float) -> pd.DataFrame:
    """A partition's business times counted per group, metric and bucket: bucket ``i``
    holds the times in ``(gamma**(i - 1), gamma**i]`` µs (a relative width of *error*
    around its middle), bucket :data:`_ZERO_BUCKET` the zeros. Keys pack the three."""
    found = []
    log = np.log(_gamma(error))
    for number, name in enumerate(_TIMES):
        values = times[name].to_numpy(dtype=np.int64)
        known = values >= 0
        values = values[known]
        buckets = np.full(len(values), _ZERO_BUCKET, dtype=np.int64)
        positive = values > 0
        buckets[positive] = np.ceil(np.log(values[positive]) / log).astype(np.int64)
        group = times["group"].to_numpy(dtype=np.int64)[known]
        found.append(((group * 2 + number) << 32) + (buckets - _ZERO_BUCKET))
    keys, counts = np.unique(np.concatenate(found), return_counts=True)
    return pd.DataFrame({"key": keys.astype(np.int64), "count": counts.astype(np.int64)})


def _percentiles(
    buckets: pd.Series, error: float
) -> dict[tuple[int, int], tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]]:
    """The summed sketch by (group, metric): its buckets' middles (µs) and counts, in order."""
    keys = buckets.index.to_numpy(dtype=np.int64)
    counts = buckets.to_numpy(dtype=np.int64)
    order = np.argsort(keys)
    keys, counts = keys[order], counts[order]
    gamma = _gamma(error)
    found = {}
    owners = keys >> 32
    for owner in np.unique(owners).tolist():
        chosen = owners == owner
        buckets_of = (keys[chosen] & 0xFFFF_FFFF) + _ZERO_BUCKET
        middles = np.where(
            buckets_of == _ZERO_BUCKET, 0.0, 2 * gamma ** buckets_of.astype(float) / (gamma + 1)
        )
        found[(owner // 2, owner % 2)] = (np.rint(middles).astype(np.int64), counts[chosen])
    return found


def _sketched(
    priority: str,
    plan: str,
    tallies: Sequence[Tally],
    sketches: Mapping[tuple[int, int], tuple[Any, Any]],
    codes: Sequence[int],
) -> GroupSummary:
    """:func:`slaclock.summary._group` with the percentiles read off the sketches of the
    groups *codes* (their buckets merged)."""
    exact = group_summary(priority, plan, tallies)
    metrics = {}
    for number, metric in enumerate(REPORTED_METRICS):
        parts = [sketches[(code, number)] for code in codes if (code, number) in sketches]
        middles = np.concatenate([part[0] for part in parts]) if parts else np.zeros(0, int)
        counts = np.concatenate([part[1] for part in parts]) if parts else np.zeros(0, int)
        order = np.argsort(middles, kind="stable")
        middles, counts = middles[order], np.cumsum(counts[order])
        finished = int(counts[-1]) if len(counts) else 0
        median = p90 = None
        if finished:
            median = timedelta(
                microseconds=int(middles[np.searchsorted(counts, nearest_rank(finished, 50))])
            )
            p90 = timedelta(
                microseconds=int(middles[np.searchsorted(counts, nearest_rank(finished, 90))])
            )
        summary = exact.metrics[metric]
        metrics[metric] = MetricSummary(
            summary.met, summary.breached, summary.pending, finished, median, p90
        )
    return GroupSummary(
        priority, plan, exact.tickets, exact.met, exact.breached, exact.open, metrics
    )


@dataclass(frozen=True)
class DaskReport:
    """The lazy report of :func:`report_dask`.

    * ``results``: one row per ticket, the columns of :data:`slaclock.report.RESULT_COLUMNS`.
    * ``rejections``: one row per rejected input row: ``line``, ``id``, ``reason``, ``row``.
    * ``evaluated``: both, with the business times in microseconds (what the two are cut from;
      ``dask.compute(report.results, report.rejections)`` evaluates every partition once).
    """

    evaluated: dd.DataFrame
    policy: Policy | PolicyVersions
    now: datetime
    files: str | None = None

    @property
    def results(self) -> dd.DataFrame:
        """The tickets' results (computing it evaluates the tickets)."""
        frame: Any = self.evaluated
        return frame[frame["reason"].isna()][list(_RESULTS)]  # type: ignore[no-any-return]

    @property
    def rejections(self) -> dd.DataFrame:
        """The rows that are not in the results, and why."""
        frame: Any = self.evaluated
        names = [*ERROR_COLUMNS, *(_FILED if self.files is not None else ())]
        return frame[~frame["reason"].isna()][names]  # type: ignore[no-any-return]

    def persist(self) -> DaskReport:
        """The same report with the evaluated partitions kept in the cluster's memory, so
        that results, rejections and summary are computed from them without evaluating the
        tickets again."""
        frame: Any = self.evaluated
        return DaskReport(frame.persist(), self.policy, self.now, self.files)

    @property
    def summary(self) -> Any:
        """The report's :class:`~slaclock.report.Summary`, lazily (a Dask ``Delayed``; its
        ``compute()`` gives the summary, equal to the single-process one). Computed with
        other work on the same report, ``dask.compute(report.results.to_parquet(path,
        compute=False), report.summary)``, each partition is evaluated once, in one pass.

        Counts and compliance are exact Dask reductions (a group-by sum per priority and
        plan). The nearest-rank median and 90th percentile are exact: each ticket's group
        (priority and plan) and two business times (integer microseconds) are gathered, 20
        bytes per ticket (about 200 MB for ten million tickets); nothing else per ticket
        leaves the workers. :meth:`summary_with` keeps memory flat instead."""
        return self.summary_with()

    def summary_with(
        self, *, percentiles: Literal["exact", "sketch"] = "exact", error: float = 0.001
    ) -> Any:
        """:attr:`summary`, lazily, with percentiles ``"exact"`` or ``"sketch"``: each
        partition counts its times in buckets of relative width *error* (a mergeable
        sketch, summed by a Dask reduction), and each percentile is the middle of the
        bucket holding the nearest-rank value: within ``error`` of it, relatively (and half
        a microsecond), memory flat however many tickets there are. The counts, compliance
        and ``finished`` stay exact."""
        if percentiles not in ("exact", "sketch"):
            raise InvalidInputError(f"percentiles={percentiles!r}: expected 'exact' or 'sketch'")
        if percentiles == "sketch" and not 0 < error < 1:
            raise InvalidInputError(f"error={error!r}: expected a number between 0 and 1")
        frame: Any = self.evaluated
        groups = [(p, q) for p in self.policy.priorities for q in self.policy.plans]
        sketch = error if percentiles == "sketch" else None
        return frame.reduction(
            chunk=_summary_part,
            combine=_combined,
            aggregate=_summary_of,
            meta=object,
            chunk_kwargs={"groups": groups, "sketch": sketch},
            combine_kwargs={"sketch": sketch},
            aggregate_kwargs={
                "policy": self.policy,
                "now": self.now,
                "groups": groups,
                "sketch": sketch,
            },
        )


class _Part:
    """A share of the summary: counts per priority and plan, the business times (each
    ticket's group and times, or a sketch's bucket counts) and the rows read."""

    __slots__ = ("counts", "rows", "times", "written")

    def __init__(self, counts: pd.DataFrame, times: Any, rows: int, written: int) -> None:
        self.counts = counts
        self.times = times
        self.rows = rows  # rows read
        self.written = written  # rows in the results


def _summary_part(
    partition: pd.DataFrame, groups: list[tuple[str, str]], sketch: float | None
) -> pd.Series:
    """A partition's share of the summary (:class:`_Part`), in a Series of one object."""
    ok = partition["reason"].isna()
    kept = partition[ok]
    verdict = kept["verdict"]
    flags = kept[["priority", "plan"]].assign(
        tickets=1, met=verdict == "met", breached=verdict == "breached", open=verdict == "open"
    )
    for metric in REPORTED_METRICS:
        state = kept[f"{metric}_state"]
        flags = flags.assign(
            **{
                f"{metric}_met": state == "met",
                f"{metric}_breached": state == "breached",
                f"{metric}_pending": state.isin(["running", "paused"]),
            }
        )
    counts = flags.groupby(["priority", "plan"]).sum().astype("int64")
    times: Any = _times(partition, groups)
    if sketch is not None:
        times = _sketch(times, sketch).groupby("key")["count"].sum()
    rows = partition["_rows"].to_numpy(dtype=np.int64)
    part = _Part(counts, times, int(rows.sum()), int(rows[ok.to_numpy()].sum()))
    return pd.Series([part], dtype=object)


def _merged(parts: Any, sketch: float | None) -> _Part:
    """The shares of :func:`_summary_part` (or of this) summed into one."""
    items = [part for part in np.asarray(parts, dtype=object).ravel() if isinstance(part, _Part)]
    counts = pd.concat([part.counts for part in items])
    counts = counts.groupby(level=[0, 1]).sum() if len(counts) else counts
    times = pd.concat([part.times for part in items])
    if sketch is not None:
        times = times.groupby(level=0).sum() if len(times) else times
    else:
        times = times.reset_index(drop=True)
    return _Part(
        counts, times, sum(part.rows for part in items), sum(part.written for part in items)
    )


def _combined(parts: Any, sketch: float | None) -> pd.Series:
    return pd.Series([_merged(parts, sketch)], dtype=object)


def _summary_of(
    parts: Any,
    policy: Policy | PolicyVersions,
    now: datetime,
    groups: list[tuple[str, str]],
    sketch: float | None,
) -> Summary:
    """The summary from the partitions' shares (:func:`_summary_part`)."""
    whole = _merged(parts, sketch)
    counts, times, rows_read, written = whole.counts, whole.times, whole.rows, whole.written
    sketched = _percentiles(times, sketch) if sketch is not None else None
    tallies: dict[tuple[str, str], Tally] = {}
    for key, values in counts.iterrows():
        tally = tallies[key] = Tally()
        tally.tickets, tally.met = int(values["tickets"]), int(values["met"])
        tally.breached, tally.open = int(values["breached"]), int(values["open"])
        for metric in REPORTED_METRICS:
            tally.counts[metric] = [
                int(values[f"{metric}_{name}"]) for name in ("met", "breached", "pending")
            ]
    if sketched is None:
        for code, group in times.groupby("group", sort=False):
            tally = tallies[groups[int(code)]]
            for metric, name in zip(REPORTED_METRICS, _TIMES, strict=True):
                values = group[name].to_numpy(dtype=np.int64)
                tally.times[metric].frombytes(values[values >= 0].tobytes())
    priorities = {name: index for index, name in enumerate(policy.priorities)}
    plans = {name: index for index, name in enumerate(policy.plans)}
    keys = sorted(
        tallies,
        key=lambda key: (priorities.get(key[0], len(priorities)), plans.get(key[1], 0), key),
    )
    tickets = sum(tally.tickets for tally in tallies.values())
    read = int(rows_read)
    return Summary(
        rows_read=read,
        rows_written=written,
        rows_rejected=read - written,
        tickets=tickets,
        now=now,
        groups=tuple(
            group_summary(*key, [tallies[key]])
            if sketched is None
            else _sketched(*key, [tallies[key]], sketched, [groups.index(key)])
            for key in keys
        ),
        total=(
            group_summary("all", "all", list(tallies.values()))
            if sketched is None
            else _sketched(
                "all", "all", list(tallies.values()), sketched, [groups.index(k) for k in keys]
            )
        ),
    )


def report_dask(
    tickets: dd.DataFrame,
    policy: Policy | PolicyVersions,
    *,
    now: datetime | str,
    columns: Columns | None = None,
    options: Options | None = None,
    repeats: Literal["all", "partition"] = "all",
    events: bool = False,
    event_names: Mapping[str, str] | None = None,
    files: str | None = None,
) -> DaskReport:
    """Evaluate a Dask DataFrame of tickets, one row per ticket (or, with *events*, an event
    log: one row per event), partition by partition.

    * *tickets*: the columns of :class:`slaclock.report.Columns` (``created`` and
      ``priority`` required), any index (a row's line is its place in the collection).
    * *policy*: a :class:`~slaclock.Policy`, or versions of one
      (:class:`~slaclock.policy_versions.PolicyVersions`): each ticket is then evaluated
      under the version in force when it was created, as ``run_report`` evaluates it, its
      ``zone`` is its plan's zone in that version, and the summary counts every version's
      priorities and plans. Shipped to the workers by its definition (a compact pickle: each
      version's date and policy, never what they have worked out).
    * *now*: when the verdicts are taken; required, so that every partition takes them at
      the same moment. A naive value is read in each ticket's plan's zone.
    * *columns*, *options*: as for :func:`slaclock.report.run_report`.
    * *events*: the rows are events (the columns ``id``, ``event``, ``at`` required). The
      rows of each ticket are brought together wherever they are (a shuffle on the ticket
      id: a ticket's events may sit in different partitions or files), in the order of
      their lines, and each ticket is evaluated by the same code as in one process: the
      answers of ``run_report(..., events=True)`` over the same rows grouped by ticket (a
      stable sort by id). *event_names* as for ``run_report``; *repeats* does not apply.
    * *files*: the column that names each row's file, as ``dd.read_csv(...,
      include_path_column=...)`` or a ``dd.from_map`` of your own gives it: each rejection
      then also names its ``file`` and ``file_line``, the row's place among that file's rows
      in the collection (1 for the first; a CSV file's header is not counted, so its text
      is on line ``file_line + 1`` when no value spans lines).
    * *repeats*: ``"all"`` rejects a ticket id that comes back anywhere, as one process
      does: the ids are read first, now, with the partitions' lengths (fingerprints of 8
      bytes a row gathered here; then the rows of the ids that come back); ``"partition"``
      only within each partition (the lengths are still counted first).

    Nothing is computed here: ``report.results``, ``report.rejections`` (Dask DataFrames)
    and ``report.summary`` (a Dask ``Delayed`` :class:`~slaclock.report.Summary`) are lazy,
    and the passes that count the partitions and find repeated ids are part of their graph.
    """
    _check_policy(policy)
    if isinstance(now, str):
        moment = parse_datetime(now)
    elif isinstance(now, datetime):
        moment = now
    else:
        raise InvalidInputError(f"now {now!r}: expected a datetime or ISO 8601 text")
    columns = columns or Columns()
    columns.check([str(name) for name in tickets.columns], events=events)
    if repeats not in ("all", "partition"):
        raise InvalidInputError(f"repeats={repeats!r}: expected 'all' or 'partition'")
    if files is not None and files not in [str(name) for name in tickets.columns]:
        known = ", ".join(str(name) for name in tickets.columns)
        raise InvalidInputError(
            f"files={files!r}: expected the column that names each row's file (columns: {known})"
        )
    meta = _frame({}, 0, _EVALUATED)
    frame: Any = tickets
    if events:
        Report(policy, [], events=True, now=moment, options=options, strict=False,
               on_reject=None, columns=columns, event_names=event_names)  # fmt: skip  # checks
        again = _read_again(frame)
        starts = delayed(_starts)(again.map_partitions(len))
        file_starts = _file_starts_of(again, files)
        added = {_LINE: pd.Series([], dtype="int64"), _KEY: pd.Series([], dtype="string")}
        if files is not None:
            added[_FILE_LINE] = pd.Series([], dtype="int64")
        numbered = frame.map_partitions(
            _numbered,
            columns.id,
            starts,
            files,
            file_starts,
            meta=frame._meta.assign(**added),
            align_dataframes=False,
        )
        evaluated = numbered.shuffle(on=_KEY).map_partitions(
            _evaluate_events, policy, moment, columns, options, event_names, files, meta=meta
        )
        return DaskReport(evaluated, policy, moment, files)
    owners, starts, file_starts = _placing(frame, policy, columns, repeats, files)
    evaluated = frame.map_partitions(
        _evaluate,
        policy,
        moment,
        columns,
        options,
        owners,
        starts,
        files,
        file_starts,
        meta=meta,
        align_dataframes=False,
    )
    return DaskReport(evaluated, policy, moment, files)
