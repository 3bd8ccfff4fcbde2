"""The columnar path's results as columns: a group of tickets of one plan and priority
answered on whole columns (:class:`ResultColumns`, with each metric's :class:`MetricColumns`),
counted into a summary's tally or laid into a batch's table of results
(``arrow_results.result_table``) without a result object per ticket. Loaded only when numpy
is installed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

import numpy as np

from ..policy import METRICS, Threshold
from ..schedule import BaseSchedule
from ..summary import Tally
from ..tickets.clocks import MISSING, used_percent
from .results import TicketResult

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
    "STATE_NAMES",
    "TICKET_STATES",
    "GroupAnswers",
    "MetricColumns",
    "NextEscalations",
    "ResultColumns",
    "kth_smallest",
    "next_escalations",
    "result_slots",
    "text_codes",
    "verdict_masks",
]

CODE_INACTIVE, CODE_RUNNING, CODE_MET, CODE_BREACHED, CODE_PAUSED = 0, 1, 2, 3, 4
STATE_NAMES = np.array(["inactive", "running", "met", "breached", "paused"], dtype=object)
TICKET_STATES = ("open", "paused", "solved", "closed")
"""A ticket's states, in the order of :meth:`ResultColumns.state_codes`."""


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

    def state_codes(self, ks: NDArray[np.intp]) -> NDArray[np.int8]:
        """The ticket state of the members *ks* as places in :data:`TICKET_STATES` (from
        :meth:`state_names`, unless a subclass knows them at once)."""
        table = {name: code for code, name in enumerate(TICKET_STATES)}
        codes = text_codes(self.state_names(ks), table)
        assert len(table) == len(TICKET_STATES), list(table)  # (a state of a ticket's life)
        return codes.astype(np.int8)

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


class NextEscalations(NamedTuple):
    """The next escalation of each ticket (:func:`next_escalations`): its instant
    (:data:`MISSING`: none), its metric (a place in :data:`~slaclock.policy.METRICS`) and
    its threshold (a place among the thresholds of every metric, in that order); -1: none."""

    at: NDArray[np.int64]
    metric: NDArray[np.intp]
    threshold: NDArray[np.intp]


def next_escalations(
    metrics: Mapping[str, MetricColumns], thresholds: Sequence[Sequence[Threshold]]
) -> NextEscalations:
    """The threshold of any metric that fires next, from each metric's next one
    (:attr:`MetricColumns.next_at`), as ``TicketStatus.next_escalation`` picks it: the
    earliest, the first metric of :data:`~slaclock.policy.METRICS` on a tie; *thresholds*:
    each metric's, in that order."""
    ats = np.stack([metrics[metric].next_at for metric in METRICS])
    size = ats.shape[1]
    if (ats == MISSING).all():  # (no threshold left to fire: none at all)
        return NextEscalations(ats[0], np.full(size, -1, np.intp), np.full(size, -1, np.intp))
    first = np.where(ats == MISSING, np.iinfo(np.int64).max, ats).argmin(axis=0)
    every = np.arange(size)
    at = ats[first, every]
    index = np.stack([metrics[metric].next_index for metric in METRICS])[first, every]
    none = at == MISSING
    counts = [len(listed) for listed in thresholds]
    bases = np.array([0, *np.cumsum(counts)[:-1].tolist()], dtype=np.intp)
    metric = np.where(none, -1, first).astype(np.intp)
    threshold = np.where(none, -1, bases[first] + index).astype(np.intp)
    return NextEscalations(at, metric, threshold)


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


def text_codes(
    values: NDArray[np.object_], table: dict[Any, int], most: int = 16
) -> NDArray[np.int32]:
    """The place in *table* (values to places, ``None`` too) of each of *values*; a value
    not in it yet is added, at the next place. Made for columns of a few distinct values
    (states, targets, threshold names): one comparison over the values left for each
    distinct value, the values past *most* distinct ones looked up one by one.

    >>> table = {"open": 0}
    >>> text_codes(np.array(["solved", "open", None, "solved"], dtype=object), table).tolist()
    [1, 0, 2, 1]
    >>> table
    {'open': 0, 'solved': 1, None: 2}
    """
    codes = np.empty(len(values), dtype=np.int32)
    rest = np.arange(len(values))
    left = values
    for _ in range(most):
        if not len(rest):
            return codes
        value = left[0]
        same = np.equal(left, value).astype(bool)
        code = table.get(value)
        if code is None:
            code = table[value] = len(table)
        codes[rest[same]] = code
        rest = rest[~same]
        left = values[rest]
    codes[rest] = [table.setdefault(value, len(table)) for value in values[rest].tolist()]
    return codes


def kth_smallest(parts: Sequence[Any], k: int) -> int:
    """The *k*-th smallest (1-based) of the 64-bit integers in *parts* (``array('q')``)."""
    values = np.concatenate([np.frombuffer(part, dtype=np.int64) for part in parts if part])
    return int(np.partition(values, k - 1)[k - 1])


def _objects(values: Sequence[object]) -> NDArray[np.object_]:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def constant_column(value: str | None, size: int) -> NDArray[np.object_]:
    found = np.empty(size, dtype=object)
    found.fill(value)
    return found
