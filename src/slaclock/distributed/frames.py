"""A report's results and rejections as typed pandas frames: the columns of a Dask report,
their types, and each row's plan's zone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..report import (
    RESULT_COLUMNS,
    ResultBatch,
)
from ..summary import (
    REPORTED_METRICS,
)
from ..zones import zone_name

__all__ = [
    "EVALUATED",
    "FILED",
    "RESULTS",
    "TIMES",
    "batch_arrays",
    "check_policy",
    "created_zone",
    "in_line_order",
    "results_frame",
    "typed_frame",
    "with_zones",
]

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


RESULTS = (*RESULT_COLUMNS[:4], "zone", *RESULT_COLUMNS[4:])
"""The columns of :attr:`DaskReport.results`: :data:`~slaclock.report.RESULT_COLUMNS` and, after
``plan``, the plan's ``zone`` (an IANA name)."""


TIMES = tuple(f"_{metric}_us" for metric in REPORTED_METRICS)


FILED = ("file", "file_line")
"""The columns that place a rejected row in its file, when the collection names each row's
file (``report_dask(..., files=...)``): the file, and the row's place among its rows."""


EVALUATED = (*RESULTS, "reason", "row", *FILED, *TIMES, "_rows")
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
    return "Int64" if column in TIMES else "string"


def typed_frame(arrays: Mapping[str, Any], size: int, names: Sequence[str]) -> pd.DataFrame:
    """A frame of *size* rows of the typed columns *arrays* (missing ones empty)."""
    data: dict[str, Any] = {}
    for name in names:
        dtype = _dtype(name)
        values = arrays.get(name)
        if name in TIMES:
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
    """Result records (``TicketResult.as_dict``) as the typed columns of ``typed_frame``."""
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
    check_policy(policy)
    frame = typed_frame(_columns_of(records), len(records), RESULTS)
    if isinstance(policy, Policy):
        return with_zones(frame, policy)
    frame["zone"] = pd.array(
        [created_zone(record.get("created"), record.get("line")) for record in records],
        dtype="string",
    )
    return frame


def check_policy(policy: object) -> None:
    if not isinstance(policy, Policy | PolicyVersions):
        raise InvalidInputError(
            f"policy {policy!r}: expected a slaclock Policy, or a PolicyVersions for "
            f"versions of a policy by date"
        )


def created_zone(created: object, line: object) -> str:
    """The zone a result's instants are local to: that of its ``created``, which the report
    gives in the zone of the ticket's plan under the version that evaluated it."""
    if not isinstance(created, datetime) or created.tzinfo is None:
        raise InvalidInputError(
            f"result at line {line!r}: created {created!r}: expected an aware "
            f"datetime, as run_report(...).records() gives it (under versions of a policy "
            f"the zone is read from it)"
        )
    return zone_name(created.tzinfo)


def with_zones(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """*frame* with each row's plan's zone (an IANA name) in ``zone``."""
    zones = {name: zone_name(plan.schedule.tz) for name, plan in policy.plans.items()}
    plans = frame["plan"].astype(object).tolist()
    frame["zone"] = pd.array([zones.get(plan) for plan in plans], dtype="string")
    return frame


def batch_arrays(batch: ResultBatch) -> dict[str, Any]:
    """A batch's results as numpy columns (``ResultBatch.table(exact=True)``): missing
    values NaN, ``None`` or NaT as :func:`typed_frame` takes them, and where each exact time
    (:data:`TIMES`) is known."""
    table = batch.table(exact=True)
    found: dict[str, Any] = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if name in TIMES:
            found[name.replace("_us", "_known")] = column.is_valid().to_numpy()
            column = column.fill_null(0)
        found[name] = column.to_numpy()
    return found


def in_line_order(frame: pd.DataFrame) -> pd.DataFrame:
    """*frame* sorted by line, indexed by each row's place in the collection (line - 1)."""
    frame = frame.sort_values("line", kind="stable").reset_index(drop=True)
    frame.index = pd.Index(frame["line"].to_numpy() - 1)
    return frame
