"""Reports over a Dask DataFrame of tickets, partition by partition (the ``dask`` extra).

:func:`report_dask` evaluates each partition with :func:`slaclock.report.run_report` (so every
result and rejection is the single-process report's, and the columnar fast path is taken where
the rows allow) and gives the results and rejections as Dask DataFrames; the summary is then
computed with Dask reductions. Nothing in the core of slaclock imports this module.

Only one row per ticket is read (``events=False``). The rows' **line numbers are the index of
the DataFrame plus one**: with the default index of a DataFrame read in one piece (0, 1, 2, ...)
they are the numbers :func:`~slaclock.report.run_report` gives the same rows in one process.
The index must be of integers. A ticket id that comes back is caught within a partition only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import dask.base
import dask.dataframe as dd
import numpy as np
import pandas as pd

from .errors import InvalidInputError
from .files import Row
from .policy import Policy
from .report import (
    ERROR_COLUMNS,
    REPORTED_METRICS,
    RESULT_COLUMNS,
    Columns,
    Summary,
    _group,
    _Tally,
    run_report,
)
from .tracking import Options
from .zones import ONE_MICROSECOND, parse_datetime

__all__ = ["DaskReport", "report_dask", "results_frame"]

_compute: Any = dask.base.compute

_NUMERIC = {
    "line": "int64",
    "response_time_s": "float64",
    "resolution_time_s": "float64",
    "update_breaches": "int64",
}
"""The results' columns that are numbers; every other one is made from the Python values of
:meth:`TicketResult.as_dict` (text, aware ``datetime`` values, ``None``) and typed as pandas
infers them (``str``; ``datetime64`` in the zone when a partition's instants share one)."""

_TIMES = tuple(f"_{metric}_us" for metric in REPORTED_METRICS)
_EVALUATED = (*RESULT_COLUMNS, "reason", "row", *_TIMES)
"""One partition evaluated: a result (``reason`` missing) or a rejection per input row, and
the business times to finish in integer microseconds (for exact percentiles)."""


def _dtype(column: str) -> str:
    if column in _NUMERIC:
        return _NUMERIC[column]
    return "Int64" if column in _TIMES else "object"


def _typed(records: Sequence[Mapping[str, object]], names: Sequence[str]) -> pd.DataFrame:
    data: dict[str, Any] = {}
    for name in names:
        values = [record.get(name) for record in records]
        dtype = _dtype(name)
        if dtype == "float64":
            data[name] = np.array([np.nan if v is None else v for v in values], dtype=dtype)
        elif dtype == "int64":  # a rejection has no count of breaches: 0, never shown
            data[name] = np.array([0 if v is None else v for v in values], dtype=dtype)
        elif dtype == "Int64":
            data[name] = pd.array(values, dtype=dtype)
        else:
            data[name] = np.array([*values, None], dtype=object)[:-1]  # never a 2-D array
    return pd.DataFrame(data, columns=list(names))


def results_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The pandas DataFrame of result records (``run_report(...).records()``) with the types
    of :attr:`DaskReport.results`: ``line`` and ``update_breaches`` int64, the times in seconds
    float64 (NaN when missing), every other column Python objects."""
    return _typed(records, RESULT_COLUMNS)


def _evaluate(
    partition: pd.DataFrame,
    policy: Policy,
    now: datetime,
    columns: Columns,
    options: Options | None,
) -> pd.DataFrame:
    index = partition.index
    if len(index) and not pd.api.types.is_integer_dtype(index.dtype):
        raise InvalidInputError(
            f"index of dtype {index.dtype}: expected integers (the line numbers, less one)"
        )
    rows = [
        Row(int(number) + 1, values)
        for number, values in zip(index, partition.to_dict("records"), strict=True)
    ]
    run = run_report(policy, rows, columns=columns, now=now, options=options)
    records: list[dict[str, object]] = []
    for result in run:
        record = result.as_dict()
        record["reason"] = record["row"] = None
        times = (result.response_time, result.resolution_time)
        for name, took in zip(_TIMES, times, strict=True):
            record[name] = None if took is None else took // ONE_MICROSECOND
        records.append(record)
    records.extend({**rejection.as_dict()} for rejection in run.rejections)
    records.sort(key=lambda record: record["line"])  # type: ignore[arg-type,return-value]
    frame = _typed(records, _EVALUATED)
    frame.index = pd.Index(frame["line"].to_numpy() - 1, name=index.name)  # the input's index
    return frame


@dataclass(frozen=True)
class DaskReport:
    """The lazy report of :func:`report_dask`.

    * ``results``: one row per ticket, the columns of :data:`slaclock.report.RESULT_COLUMNS`.
    * ``rejections``: one row per rejected input row: ``line``, ``id``, ``reason``, ``row``.
    * ``evaluated``: both, with the business times in microseconds (what the two are cut from;
      ``dask.compute(report.results, report.rejections)`` evaluates every partition once).
    """

    evaluated: dd.DataFrame
    policy: Policy
    now: datetime

    @property
    def results(self) -> dd.DataFrame:
        """The tickets' results (computing it evaluates the tickets)."""
        frame: Any = self.evaluated
        return frame[frame["reason"].isna()][list(RESULT_COLUMNS)]  # type: ignore[no-any-return]

    @property
    def rejections(self) -> dd.DataFrame:
        """The rows that are not in the results, and why."""
        frame: Any = self.evaluated
        return frame[~frame["reason"].isna()][list(ERROR_COLUMNS)]  # type: ignore[no-any-return]

    def persist(self) -> DaskReport:
        """The same report with the evaluated partitions kept in the cluster's memory, so
        that results, rejections and summary are computed from them without evaluating the
        tickets again."""
        frame: Any = self.evaluated
        return DaskReport(frame.persist(), self.policy, self.now)

    def summary(self) -> Summary:
        """The report's :class:`~slaclock.report.Summary`, equal to the single-process one.

        Counts and compliance are exact Dask reductions (a group-by sum per priority and
        plan). The nearest-rank median and 90th percentile are exact: each ticket's priority,
        plan and two business times (integer microseconds) are gathered to the client, some
        50 bytes per ticket (about 0.5 GB for ten million tickets); nothing else per ticket
        leaves the workers."""
        frame: Any = self.evaluated
        ok = frame["reason"].isna()
        flags = frame[["priority", "plan"]][ok].assign(
            tickets=1,
            met=frame["verdict"][ok] == "met",
            breached=frame["verdict"][ok] == "breached",
            open=frame["verdict"][ok] == "open",
        )
        for metric in REPORTED_METRICS:
            state = frame[f"{metric}_state"][ok]
            flags = flags.assign(
                **{
                    f"{metric}_met": state == "met",
                    f"{metric}_breached": state == "breached",
                    f"{metric}_pending": state.isin(["running", "paused"]),
                }
            )
        counts_graph = flags.groupby(["priority", "plan"]).sum()
        times_graph = frame[["priority", "plan", *_TIMES]][ok]
        rows_read_graph = frame["line"].count()
        counts, times, rows_read = _compute(counts_graph, times_graph, rows_read_graph)
        tallies: dict[tuple[str, str], _Tally] = {}
        for key, values in counts.iterrows():
            tally = tallies[key] = _Tally()
            tally.tickets, tally.met = int(values["tickets"]), int(values["met"])
            tally.breached, tally.open = int(values["breached"]), int(values["open"])
            for metric in REPORTED_METRICS:
                tally.counts[metric] = [
                    int(values[f"{metric}_{name}"]) for name in ("met", "breached", "pending")
                ]
        for (priority, plan), group in times.groupby(["priority", "plan"], sort=False):
            tally = tallies[(priority, plan)]
            for metric, name in zip(REPORTED_METRICS, _TIMES, strict=True):
                tally.times[metric].extend(int(value) for value in group[name].dropna())
        priorities = {name: index for index, name in enumerate(self.policy.priorities)}
        plans = {name: index for index, name in enumerate(self.policy.plans)}
        keys = sorted(
            tallies,
            key=lambda key: (priorities.get(key[0], len(priorities)), plans.get(key[1], 0), key),
        )
        tickets = sum(tally.tickets for tally in tallies.values())
        rows_read = int(rows_read)
        return Summary(
            rows_read=rows_read,
            rows_written=tickets,
            rows_rejected=rows_read - tickets,
            tickets=tickets,
            now=self.now,
            groups=tuple(_group(*key, [tallies[key]]) for key in keys),
            total=_group("all", "all", list(tallies.values())),
        )


def report_dask(
    tickets: dd.DataFrame,
    policy: Policy,
    *,
    now: datetime | str,
    columns: Columns | None = None,
    options: Options | None = None,
) -> DaskReport:
    """Evaluate a Dask DataFrame of tickets, one row per ticket, partition by partition.

    * *tickets*: the columns of :class:`slaclock.report.Columns` (``created`` and
      ``priority`` required), an integer index (the line numbers, less one).
    * *policy*: shipped to the workers by its definition (a compact pickle).
    * *now*: when the verdicts are taken; required, so that every partition takes them at
      the same moment. A naive value is read in each ticket's plan's zone.
    * *columns*, *options*: as for :func:`slaclock.report.run_report`.

    Nothing is computed until asked for: ``report.results``, ``report.rejections`` (Dask
    DataFrames) and ``report.summary()`` (a :class:`~slaclock.report.Summary`).
    """
    if not isinstance(policy, Policy):
        raise InvalidInputError(f"policy {policy!r}: expected a slaclock Policy")
    if isinstance(now, str):
        moment = parse_datetime(now)
    elif isinstance(now, datetime):
        moment = now
    else:
        raise InvalidInputError(f"now {now!r}: expected a datetime or ISO 8601 text")
    columns = columns or Columns()
    columns.check([str(name) for name in tickets.columns], events=False)
    meta = _typed([], _EVALUATED)
    frame: Any = tickets
    evaluated = frame.map_partitions(
        _evaluate, policy, moment, columns, options, meta=meta, align_dataframes=False
    )
    return DaskReport(evaluated, policy, moment)
