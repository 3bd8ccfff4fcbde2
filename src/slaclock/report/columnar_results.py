"""The columnar path's results as columns: a group of tickets of one plan and priority
answered on whole columns (:class:`ResultColumns`, with each metric's :class:`MetricColumns`),
counted into a summary's tally or made into the result columns of a batch
(:func:`frame_columns`, :func:`csv_columns`) without a result object per ticket. Loaded only
when numpy is installed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

import numpy as np

from ..files import cell_text, csv_cells
from ..policy import METRICS, Threshold
from ..schedule import BaseSchedule
from ..summary import REPORTED_METRICS, Tally
from ..tickets.clocks import MISSING, used_percent
from ..zones import ONE_MICROSECOND
from .instant_texts import iso_instants
from .results import RESULT_COLUMNS, TicketResult

if TYPE_CHECKING:
    from numpy.typing import NDArray

GroupAnswers: TypeAlias = "tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]"
"""The columnar path's answers for some rows of a batch: a group (one plan and priority),
the places of the members answered, and their rows in the batch."""

__all__ = [
    "CODE_BREACHED",
    "CODE_INACTIVE",
    "CODE_MET",
    "CODE_PAUSED",
    "CODE_RUNNING",
    "FLOAT_COLUMNS",
    "STATE_NAMES",
    "GroupAnswers",
    "MetricColumns",
    "NextEscalations",
    "ResultColumns",
    "csv_columns",
    "float_texts",
    "frame_columns",
    "kth_smallest",
    "next_escalations",
    "result_slots",
    "seconds_texts",
    "verdict_masks",
]

CODE_INACTIVE, CODE_RUNNING, CODE_MET, CODE_BREACHED, CODE_PAUSED = 0, 1, 2, 3, 4
STATE_NAMES = np.array(["inactive", "running", "met", "breached", "paused"], dtype=object)


class ResultColumns:
    """The answers for some tickets of one plan and priority, as metric columns: counted
    into a summary (:meth:`tally`) or made into result columns (:meth:`values`) without a
    result object. Subclasses say where the columns come from."""

    plan: str
    schedule: BaseSchedule
    priority: str
    lines: Sequence[int] | NDArray[np.int64]
    ids: Sequence[str] | NDArray[np.object_]
    created: NDArray[np.int64]
    thresholds: Sequence[Sequence[Threshold]]
    """Each metric's thresholds, in the order of :data:`~slaclock.policy.METRICS`."""

    def metric_columns(self, ks: NDArray[np.intp]) -> dict[str, MetricColumns]:
        """Each metric's columns for the members *ks*."""
        raise NotImplementedError

    def solved_mask(self, ks: NDArray[np.intp]) -> NDArray[np.bool_]:
        """Where the members *ks* are solved (or closed)."""
        raise NotImplementedError

    def state_names(self, ks: NDArray[np.intp]) -> NDArray[np.object_]:
        """The ticket state of the members *ks* (``open``, ``paused``, ``solved``, ``closed``)."""
        raise NotImplementedError

    def state_ascii(self, ks: NDArray[np.intp]) -> NDArray[np.bytes_]:
        """:meth:`_states` as ASCII bytes."""
        found: NDArray[np.bytes_] = self.state_names(ks).astype(bytes)
        return found

    def result(self, k: int) -> TicketResult:
        """Member *k*'s result object."""
        raise NotImplementedError

    def rows_in(self, ks: NDArray[np.intp]) -> int:
        """The input rows of the members *ks* (one each: one row per ticket)."""
        return len(ks)

    def lines_and_ids(self, ks: NDArray[np.intp]) -> tuple[NDArray[np.int64], NDArray[Any]]:
        """The line numbers (int64) and ticket ids (objects) of the members *ks*."""
        lines, ids = self.lines, self.ids
        listed = ks.tolist()
        return np.array([lines[k] for k in listed], dtype=np.int64), _objects(
            [ids[k] for k in listed]
        )

    # -- many results at once ---------------------------------------------------------------

    @staticmethod
    def finished(
        metrics: Mapping[str, MetricColumns], solved: NDArray[np.bool_]
    ) -> dict[str, NDArray[np.bool_]]:
        """Where each reported time is known: the response once its clock stopped, the
        resolution once the ticket is solved (the engine's ``response_time`` and
        ``resolution_time``)."""
        response = metrics["response"]
        resolution = metrics["resolution"]
        return {
            "response": response.stopped & (response.code != CODE_INACTIVE),
            "resolution": solved
            & ((resolution.code == CODE_MET) | (resolution.code == CODE_BREACHED)),
        }

    def tally(self, tally: Tally, ks: NDArray[np.intp]) -> None:
        """Count the members *ks* into *tally*, as :meth:`Tally.add` counts each result."""
        metrics = self.metric_columns(ks)
        breached, running = verdict_masks(metrics)
        running &= ~breached
        tally.tickets += len(ks)
        tally.breached += int(breached.sum())
        tally.open += int(running.sum())
        tally.met += len(ks) - int(breached.sum()) - int(running.sum())
        finished = self.finished(metrics, self.solved_mask(ks))
        for metric, done in finished.items():
            column = metrics[metric]
            counts = tally.counts[metric]
            counts[0] += int((column.code == CODE_MET).sum())
            counts[1] += int((column.code == CODE_BREACHED).sum())
            counts[2] += int(((column.code == CODE_RUNNING) | (column.code == CODE_PAUSED)).sum())
            tally.times[metric].frombytes(column.used[done].astype(np.int64).tobytes())

    def values(self, ks: NDArray[np.intp], missing: str | None = None) -> dict[str, NDArray[Any]]:
        """The result columns of the members *ks*, as :meth:`TicketResult.as_dict` gives
        them but with instants as ISO 8601 text: objects (text, *missing* when missing), and
        int64 ``line`` and ``update_breaches``, float64 times in seconds (NaN when missing).
        Also ``_response_us`` / ``_resolution_us`` (the times in µs) and ``_response_known``
        / ``_resolution_known`` (where they are known)."""
        size = len(ks)
        metrics = self.metric_columns(ks)
        solved = self.solved_mask(ks)
        offsets = self.schedule.day_offsets
        out: dict[str, NDArray[Any]] = {}
        out["line"], out["id"] = self.lines_and_ids(ks)
        out["priority"] = constant_column(self.priority, size)
        out["plan"] = constant_column(self.plan, size)
        actives = {metric: metrics[metric].code != CODE_INACTIVE for metric in METRICS}
        dues = {metric: metrics[metric].due != MISSING for metric in METRICS}  # none while paused
        shown = [self.created[ks]] + [metrics[m].due[dues[m]] for m in METRICS]
        shown += [
            metrics[m].breached_at[metrics[m].breached_at != MISSING] for m in REPORTED_METRICS
        ]
        following = next_escalations(metrics, self.thresholds)
        shown.append(following.at[following.at != MISSING])
        made = iso_instants(np.concatenate(shown), offsets).to_numpy(zero_copy_only=False)
        texts = np.split(made, np.cumsum(_sizes(shown)))
        out["created"] = texts[0]
        out["state"] = self.state_names(ks)
        breached, running = verdict_masks(metrics)
        out["verdict"] = np.where(breached, "breached", np.where(running, "open", "met")).astype(
            object
        )
        finished = self.finished(metrics, solved)
        for number, metric in enumerate(METRICS, 1):
            column = metrics[metric]
            active = actives[metric]
            due = constant_column(missing, size)
            due[dues[metric]] = texts[number]
            out[f"{metric}_state"] = STATE_NAMES[column.code]
            out[f"{metric}_due"] = due
            if metric == "update":
                out["update_breaches"] = column.breaches
                continue
            targets = constant_column(missing, size)
            targets[active] = column.targets[active]
            out[f"{metric}_target"] = targets
            breaches = constant_column(missing, size)
            hit = column.breached_at != MISSING
            breaches[hit] = texts[len(METRICS) + 1 + REPORTED_METRICS.index(metric)]
            out[f"{metric}_breached_at"] = breaches
            known = finished[metric]
            out[f"{metric}_time_s"] = np.where(known, column.used / 1_000_000, np.nan)
            out[f"_{metric}_us"] = column.used
            out[f"_{metric}_known"] = known
            remaining, left, percent = column.time_left()
            out[f"{metric}_remaining_s"] = np.where(left, remaining / 1_000_000, np.nan)
            out[f"_{metric}_left_us"] = remaining
            out[f"_{metric}_left"] = left
            out[f"{metric}_used_pct"] = percent
        found = following.at != MISSING
        at = constant_column(missing, size)
        at[found] = texts[-1]
        out["next_escalation"] = at
        for name in ("metric", "name"):
            texts = getattr(following, name)
            texts[~found] = missing
            out[f"next_escalation_{name}"] = texts
        out["next_escalation_level"] = following.level
        return out


class NextEscalations(NamedTuple):
    """The next escalation of each ticket (:func:`next_escalations`): its instant
    (:data:`MISSING`: none), and its metric, threshold name and level (``None``: none)."""

    at: NDArray[np.int64]
    metric: NDArray[np.object_]
    name: NDArray[np.object_]
    level: NDArray[np.object_]


def next_escalations(
    metrics: Mapping[str, MetricColumns], thresholds: Sequence[Sequence[Threshold]]
) -> NextEscalations:
    """The threshold of any metric that fires next, from each metric's next one
    (:attr:`MetricColumns.next_at`), as ``TicketStatus.next_escalation`` picks it: the
    earliest, the first metric of :data:`~slaclock.policy.METRICS` on a tie; *thresholds*:
    each metric's, in that order."""
    ats = np.stack([metrics[metric].next_at for metric in METRICS])
    size = ats.shape[1]
    first = np.where(ats == MISSING, np.iinfo(np.int64).max, ats).argmin(axis=0)
    every = np.arange(size)
    at = ats[first, every]
    index = np.stack([metrics[metric].next_index for metric in METRICS])[first, every]
    found = np.flatnonzero(at != MISSING)
    metric, name, level = (constant_column(None, size) for _ in range(3))
    if len(found):
        counts = [len(listed) for listed in thresholds]
        bases = np.array([0, *np.cumsum(counts)[:-1].tolist()], dtype=np.int64)
        every_threshold = [t for listed in thresholds for t in listed]
        chosen = bases[first[found]] + index[found]
        metric[found] = np.array(METRICS, dtype=object)[first[found]]
        name[found] = _objects([t.name for t in every_threshold])[chosen]
        level[found] = _objects([t.level for t in every_threshold])[chosen]
    return NextEscalations(at, metric, name, level)


def csv_columns(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
) -> list[list[str]]:
    """The CSV cells of a batch's results column by column
    (:meth:`slaclock.report.ResultBatch.csv_columns`), in the order of their rows:
    :func:`frame_columns` made into the text :func:`slaclock.files.csv_cell` writes of
    :meth:`TicketResult.as_dict`'s values, a column at a time."""
    values = frame_columns(size, engine, groups, missing="")
    cells = []
    for name in RESULT_COLUMNS:
        column = values[name]
        if name in ("id", "priority", "plan"):
            cells.append(csv_cells(column.tolist()))
        elif name in _INTEGER_COLUMNS:
            cells.append(_int_texts(column))
        elif name.endswith("_time_s"):
            metric = name.removesuffix("_time_s")
            known = values[f"_{metric}_known"]
            cells.append(seconds_texts(values[f"_{metric}_us"], known).tolist())
        elif name.endswith("_remaining_s"):
            metric = name.removesuffix("_remaining_s")
            left = values[f"_{metric}_left"]
            cells.append(seconds_texts(values[f"_{metric}_left_us"], left).tolist())
        elif name.endswith("_used_pct"):
            cells.append(float_texts(column).tolist())
        elif name in ("next_escalation_name", "next_escalation_level"):
            cells.append(csv_cells(column.tolist()))
        else:
            cells.append(column.tolist())  # (text: every missing value is "" already)
    return cells


_INTEGER_COLUMNS = {"line": np.int64, "update_breaches": np.int64}
_TIMED_METRICS = ("response", "resolution")


def frame_columns(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
    missing: str | None = None,
) -> dict[str, NDArray[Any]]:
    """A batch's results as typed columns, in the order of their rows: those of
    :meth:`ResultColumns.values` (instants as ISO 8601 text, *missing* where a text is missing),
    the engine's results made the same."""
    names = [
        *RESULT_COLUMNS,
        *(f"_{m}_us" for m in _TIMED_METRICS),
        *(f"_{m}_known" for m in _TIMED_METRICS),
        *(f"_{m}_left_us" for m in _TIMED_METRICS),
        *(f"_{m}_left" for m in _TIMED_METRICS),
    ]
    slot, count = result_slots(size, engine, groups)
    columns: dict[str, NDArray[Any]] = {}
    for name in names:
        if name in _INTEGER_COLUMNS or name.endswith("_us"):
            columns[name] = np.zeros(count, dtype=np.int64)
        elif name in FLOAT_COLUMNS:
            columns[name] = np.full(count, np.nan)
        elif name.endswith(("_known", "_left")):
            columns[name] = np.zeros(count, dtype=bool)
        elif name == "next_escalation_level":
            columns[name] = np.full(count, None, dtype=object)
        else:
            columns[name] = np.full(count, missing, dtype=object)
    for group, places, rows in groups:
        values = group.values(places, missing)
        at = slot[rows]
        for name in names:
            columns[name][at] = values[name]
    for row, result in engine:
        record = result.as_dict()
        spot = int(slot[row])
        for name in RESULT_COLUMNS:
            value = record[name]
            if isinstance(value, datetime):
                value = value.isoformat()
            if value is not None:
                columns[name][spot] = value
        for metric, took in zip(
            _TIMED_METRICS, (result.response_time, result.resolution_time), strict=True
        ):
            if took is not None:
                columns[f"_{metric}_us"][spot] = took // ONE_MICROSECOND
                columns[f"_{metric}_known"][spot] = True
            left = result.status.metrics[metric].time_left
            if left is not None:
                columns[f"_{metric}_left_us"][spot] = left // ONE_MICROSECOND
                columns[f"_{metric}_left"][spot] = True
    return columns


FLOAT_COLUMNS = frozenset(
    f"{metric}_{name}"
    for metric in _TIMED_METRICS
    for name in ("time_s", "remaining_s", "used_pct")
)
"""The result columns of floats (NaN where missing in :func:`frame_columns`)."""


def float_texts(values: NDArray[np.float64]) -> NDArray[np.object_]:
    """:func:`~slaclock.files.cell_text` of each of *values* (``''`` for NaN), each distinct
    value made once."""
    found = constant_column("", len(values))
    rows = np.flatnonzero(~np.isnan(values))
    if len(rows):
        distinct, inverse = np.unique(values[rows], return_inverse=True)
        found[rows] = _objects([cell_text(v) for v in distinct.tolist()])[inverse.reshape(-1)]
    return found


def result_slots(
    size: int,
    engine: Sequence[tuple[int, TicketResult]],
    groups: Sequence[tuple[ResultColumns, NDArray[np.intp], NDArray[np.intp]]],
) -> tuple[NDArray[np.intp], int]:
    """Each of a batch's *size* rows' place among its results (those of *engine* and
    *groups*, in the order of their rows), and how many results there are."""
    given = np.concatenate(
        [rows for _, _, rows in groups] + [np.array([row for row, _ in engine], dtype=np.intp)]
    )
    slot = np.zeros(size, dtype=np.intp)
    slot[np.sort(given)] = np.arange(len(given))
    return slot, len(given)


def verdict_masks(
    metrics: Mapping[str, MetricColumns],
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Where any metric breached (now, or in an earlier update cycle), and where any still
    runs or is paused (:func:`~slaclock.report.results.verdict_of`)."""
    codes = np.stack([metrics[metric].code for metric in METRICS])
    breaches = np.stack([metrics[metric].breaches for metric in METRICS])
    breached = (codes == CODE_BREACHED).any(axis=0) | (breaches > 0).any(axis=0)
    return breached, ((codes == CODE_RUNNING) | (codes == CODE_PAUSED)).any(axis=0)


class MetricColumns(NamedTuple):
    """One metric of some tickets: its target as text (``None``: none), state codes, due
    instants (:data:`MISSING`: none), time used (µs), where its clock stopped, breaches
    (every cycle's) and the first breach (:data:`MISSING`: none); the target's amount (µs,
    0 where none), and the next threshold to fire after now (its instant, :data:`MISSING`
    where none, and its number among the metric's thresholds, -1 where none)."""

    targets: NDArray[np.object_]
    code: NDArray[np.int8]
    due: NDArray[np.int64]
    used: NDArray[np.int64]
    stopped: NDArray[np.bool_]
    breaches: NDArray[np.int64]
    breached_at: NDArray[np.int64]
    amount: NDArray[np.int64]
    next_at: NDArray[np.int64]
    next_index: NDArray[np.int64]

    def time_left(
        self,
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.float64]]:
        """``MetricStatus.time_left`` and ``MetricStatus.percent`` over the columns: the
        time left (µs), where it is shown (a target, a clock not stopped), and the percent
        used (:func:`~slaclock.tickets.clocks.used_percent`; NaN without a target)."""
        shows = (self.code != CODE_INACTIVE) & (self.amount > 0)
        percent = used_percent(self.used, np.maximum(self.amount, 1))
        return self.amount - self.used, shows & ~self.stopped, np.where(shows, percent, np.nan)

    def taken(self, ks: NDArray[np.intp]) -> MetricColumns:
        """The columns of the members *ks*."""
        taken: list[Any] = [column[ks] for column in self]
        return MetricColumns(*taken)


def kth_smallest(parts: Sequence[Any], k: int) -> int:
    """The *k*-th smallest (1-based) of the 64-bit integers in *parts* (``array('q')``)."""
    values = np.concatenate([np.frombuffer(part, dtype=np.int64) for part in parts if part])
    return int(np.partition(values, k - 1)[k - 1])


def _sizes(arrays: list[NDArray[Any]]) -> list[int]:
    return [len(array) for array in arrays[:-1]]


def _objects(values: Sequence[object]) -> NDArray[np.object_]:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def constant_column(value: str | None, size: int) -> NDArray[np.object_]:
    found = np.empty(size, dtype=object)
    found.fill(value)
    return found


_SMALL_NUMBER_TEXTS = np.array([str(k) for k in range(1000)], dtype=object)
"""The text of each whole number under 1,000 (a table: counts are mostly small)."""


def _int_texts(values: NDArray[np.int64]) -> list[str]:
    """``str`` of each of *values*."""
    if len(values) and int(values.min()) >= 0 and int(values.max()) < len(_SMALL_NUMBER_TEXTS):
        texts: list[str] = _SMALL_NUMBER_TEXTS[values].tolist()
        return texts
    return list(map(str, values.tolist()))


def seconds_texts(used: NDArray[np.int64], known: NDArray[np.bool_]) -> NDArray[np.object_]:
    """``timedelta(microseconds=us).total_seconds()`` as CSV text where *known*, else ``''``:
    whole seconds without a decimal point, other values as ``repr`` of the float."""
    found = constant_column("", len(used))
    rows = np.flatnonzero(known)
    if len(rows):
        values = used[rows]
        whole = values % 1_000_000 == 0
        found[rows[whole]] = _int_texts(values[whole] // 1_000_000)
        found[rows[~whole]] = [repr(v / 1_000_000) for v in values[~whole].tolist()]
    return found
