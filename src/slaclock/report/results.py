"""A report's results: one ticket's verdict (:class:`TicketResult`), a row left out
(:class:`Rejection`), and the columns of the files they are written to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..files import csv_cell
from ..summary import REPORTED_METRICS
from ..tracking import MetricStatus, TicketStatus

__all__ = [
    "ERROR_COLUMNS",
    "RESULT_COLUMNS",
    "RESULT_TYPES",
    "Rejection",
    "TicketResult",
    "Verdict",
    "csv_row",
    "verdict_of",
]

Verdict = Literal["met", "breached", "open"]


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

    Its record (:meth:`as_dict`) also carries what a dashboard shows: each reported
    metric's ``remaining_s`` (:attr:`MetricStatus.time_left
    <slaclock.tracking.MetricStatus.time_left>` in seconds) and ``used_pct``
    (``MetricStatus.percent``), and the next escalation of any metric
    (:attr:`TicketStatus.next_escalation <slaclock.tracking.TicketStatus.next_escalation>`):
    its instant, metric, threshold name and level.
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
        for metric in REPORTED_METRICS:
            m = status.metrics[metric]
            left = m.time_left
            record[f"{metric}_remaining_s"] = None if left is None else left.total_seconds()
            record[f"{metric}_used_pct"] = m.percent
        following = status.next_escalation
        escalation = None if following is None else following[1]
        record["next_escalation"] = None if escalation is None else escalation.at
        record["next_escalation_metric"] = None if following is None else following[0]
        threshold = None if escalation is None else escalation.threshold
        record["next_escalation_name"] = None if threshold is None else threshold.name
        record["next_escalation_level"] = None if threshold is None else threshold.level
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
    *(f"{metric}_{name}" for metric in REPORTED_METRICS for name in ("remaining_s", "used_pct")),
    "next_escalation",
    "next_escalation_metric",
    "next_escalation_name",
    "next_escalation_level",
)
"""The columns of a results file, in order."""

RESULT_TYPES = {
    "line": "int64",
    "response_time_s": "double",
    "resolution_time_s": "double",
    "update_breaches": "int64",
    "response_remaining_s": "double",
    "response_used_pct": "double",
    "resolution_remaining_s": "double",
    "resolution_used_pct": "double",
    "next_escalation_level": "int64",
}
"""The Parquet types of the results' columns that are not text (:class:`slaclock.files.ParquetWriter`):
every other column, instants included, is ISO 8601 text as in CSV and JSON Lines."""

ERROR_COLUMNS = ("line", "id", "reason", "row")
"""The columns of an errors file, in order."""


def verdict_of(metrics: Mapping[str, MetricStatus]) -> Verdict:
    """A ticket's verdict from its metrics: breached if any breached (in any cycle), open
    if any still runs or is paused, else met."""
    if any(m.state == "breached" or m.breaches for m in metrics.values()):
        return "breached"
    if any(m.state in ("running", "paused") for m in metrics.values()):
        return "open"
    return "met"


def csv_row(result: TicketResult) -> tuple[str, ...]:
    """*result* as the cells of a CSV row, in :data:`RESULT_COLUMNS` order."""
    record = result.as_dict()
    return tuple(csv_cell(record[name]) for name in RESULT_COLUMNS)
