"""The summary of a report: compliance per priority and plan, and nearest-rank percentiles of
the business time to respond and to solve.

>>> percentile([4, 1, 3, 2], 50)
2

:class:`Summary` is what :attr:`slaclock.report.Report.summary` gives once every result has
been read; its tallies keep the business times as 8-byte integers, and the percentiles are
selected, not sorted (``numpy.partition`` where numpy is installed).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any, Protocol

from .durations import format_duration
from .errors import InvalidInputError
from .files import json_value
from .languages import Translation, translation
from .tracking import TicketStatus
from .zones import ONE_MICROSECOND

__all__ = [
    "REPORTED_METRICS",
    "SUMMARY_COLUMNS",
    "GroupSummary",
    "MetricSummary",
    "Summary",
    "percentile",
]

REPORTED_METRICS = ("response", "resolution")
"""The metrics whose business time to finish a report summarises (to respond, to solve)."""


class _Counted(Protocol):
    """What a tally reads of a ticket's result (``report.TicketResult``)."""

    @property
    def verdict(self) -> str: ...

    @property
    def status(self) -> TicketStatus: ...

    @property
    def response_time(self) -> timedelta | None: ...

    @property
    def resolution_time(self) -> timedelta | None: ...


# -- percentiles --------------------------------------------------------------------------------


def nearest_rank(count: int, percent: int | float | str | Fraction) -> int:
    """The nearest rank of *percent* among *count* values: ``ceil(percent / 100 * count)``."""
    try:
        share = Fraction(percent) if isinstance(percent, int | Fraction) else Fraction(str(percent))
    except (ValueError, ZeroDivisionError) as err:
        raise InvalidInputError(
            f"percentile {percent!r}: expected a number above 0, up to 100"
        ) from err
    if not 0 < share <= 100:
        raise InvalidInputError(f"percentile {percent!r}: expected a number above 0, up to 100")
    exact = share * count / 100
    return max(1, -((-exact.numerator) // exact.denominator))


def percentile(values: Iterable[Any], percent: int | float | str | Fraction) -> Any:
    """The nearest-rank percentile: the smallest value with at least *percent* % of the values
    at or below it, i.e. the value of rank ``ceil(percent / 100 * n)`` in sorted order.

    It is always one of the values, never an interpolation. The median is the 50th
    percentile, so for an even count it is the lower of the two middle values (where
    ``statistics.median`` and pandas would average them):

    >>> percentile([4, 1, 3, 2], 50), percentile([4, 1, 3, 2], 90), percentile([4, 1, 3, 2], 100)
    (2, 4, 4)
    >>> percentile(range(1, 11), 90), percentile(range(1, 11), 91)
    (9, 10)
    >>> percentile([], 50)
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidInputError: percentile of no values: expected at least one
    """
    ordered = sorted(values)
    if not ordered:
        raise InvalidInputError("percentile of no values: expected at least one")
    return ordered[nearest_rank(len(ordered), percent) - 1]


_BUCKETS = 1024
_SMALL = 4096


def _kth_smallest(parts: Sequence[array[int]], k: int) -> int:
    """The *k*-th smallest (1-based) of the integers in *parts*: with numpy, by
    ``numpy.partition`` over a copy of them (8 bytes each, ``report.columnar_results.kth_smallest``);
    without, in O(n) time per pass and O(1) extra memory (:func:`_kth_smallest_flat`)."""
    try:
        from .report.columnar_results import kth_smallest
    except ImportError:
        return _kth_smallest_flat(parts, k)
    return kth_smallest(parts, k)


def _kth_smallest_flat(parts: Sequence[array[int]], k: int) -> int:
    """The *k*-th smallest (1-based) of the integers in *parts*, in O(n) time per pass and
    O(1) extra memory: count the values per bucket of a narrowing range, then sort the few
    left. Exactly ``below`` values lie under ``low``, and the answer lies in [low, high]."""
    low = min(min(part) for part in parts if part)
    high = max(max(part) for part in parts if part)
    below = 0
    while low < high:
        width = (high - low) // _BUCKETS + 1
        counts = [0] * _BUCKETS
        for part in parts:
            for value in part:
                if low <= value <= high:
                    counts[(value - low) // width] += 1
        bucket = 0
        while below + counts[bucket] < k:
            below += counts[bucket]
            bucket += 1
        low, high = low + bucket * width, min(high, low + (bucket + 1) * width - 1)
        if counts[bucket] <= _SMALL:
            chosen = sorted(v for part in parts for v in part if low <= v <= high)
            return chosen[k - below - 1]
    return low


# -- the summary ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MetricSummary:
    """One metric over a group of tickets: how many met, breached, still pending, the
    compliance (``met / (met + breached)``, in %) and the nearest-rank median and 90th
    percentile of the time to finish (over the tickets that finished it)."""

    met: int
    breached: int
    pending: int
    finished: int
    median: timedelta | None
    p90: timedelta | None

    @property
    def compliance(self) -> float | None:
        """Met as a percentage of met and breached; ``None`` when neither."""
        decided = self.met + self.breached
        return 100 * self.met / decided if decided else None


@dataclass(frozen=True, slots=True)
class GroupSummary:
    """The tickets of one priority and plan (``"all"`` for the total)."""

    priority: str
    plan: str
    tickets: int
    met: int
    breached: int
    open: int
    metrics: Mapping[str, MetricSummary]

    @property
    def compliance(self) -> float | None:
        """Met tickets as a percentage of met and breached ones; ``None`` when neither."""
        decided = self.met + self.breached
        return 100 * self.met / decided if decided else None

    def as_dict(self) -> dict[str, object]:
        """The columns of :data:`SUMMARY_COLUMNS`; times in seconds, percentages rounded to
        2 decimals."""
        record: dict[str, object] = {
            "priority": self.priority,
            "plan": self.plan,
            "tickets": self.tickets,
            "met": self.met,
            "breached": self.breached,
            "open": self.open,
            "compliance_pct": _rounded(self.compliance),
        }
        for metric, summary in self.metrics.items():
            record[f"{metric}_met"] = summary.met
            record[f"{metric}_breached"] = summary.breached
            record[f"{metric}_pending"] = summary.pending
            record[f"{metric}_compliance_pct"] = _rounded(summary.compliance)
            record[f"{metric}_median_s"] = _seconds(summary.median)
            record[f"{metric}_p90_s"] = _seconds(summary.p90)
        return record


SUMMARY_COLUMNS = (
    "priority",
    "plan",
    "tickets",
    "met",
    "breached",
    "open",
    "compliance_pct",
    *(
        f"{metric}_{name}"
        for metric in REPORTED_METRICS
        for name in ("met", "breached", "pending", "compliance_pct", "median_s", "p90_s")
    ),
)
"""The columns of a summary file, in order."""


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _seconds(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds()


@dataclass(frozen=True, slots=True)
class Summary:
    """The whole report: rows read = rows written + rows rejected, and one
    :class:`GroupSummary` per priority and plan (in the policy's order) plus ``total``.

    For an event log, a row is *written* when the ticket it belongs to is in the results.
    ``complete`` is false while results remain to be read.
    """

    rows_read: int
    rows_written: int
    rows_rejected: int
    tickets: int
    now: datetime
    groups: tuple[GroupSummary, ...]
    total: GroupSummary
    complete: bool = True

    def records(self) -> list[dict[str, object]]:
        """One dict per group, then the total (``DataFrame.from_records``)."""
        return [group.as_dict() for group in (*self.groups, self.total)]

    def as_dict(self) -> dict[str, object]:
        """Everything, for a JSON summary file (whole seconds as integers)."""

        def plain(record: dict[str, object]) -> dict[str, object]:
            return {key: json_value(value) for key, value in record.items()}

        return {
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_rejected": self.rows_rejected,
            "tickets": self.tickets,
            "now": self.now.isoformat(),
            "groups": [plain(group.as_dict()) for group in self.groups],
            "total": plain(self.total.as_dict()),
        }

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        """The summary as a table for people (``str()``), in *lang* (default English;
        docs/languages.md): numbers and percentages the locale's way where Babel is
        installed."""
        t = translation(lang)
        values = {
            "read": t.number(self.rows_read),
            "written": t.number(self.rows_written),
            "rejected": t.number(self.rows_rejected),
            "tickets": t.number(self.tickets),
            "now": self.now.isoformat(),
        }
        lines = [
            (
                t.ngettext(
                    "rows read {read} = written {written} + rejected {rejected}; {tickets} "
                    "ticket evaluated at {now}",
                    "rows read {read} = written {written} + rejected {rejected}; {tickets} "
                    "tickets evaluated at {now}",
                    self.tickets,
                )
                if self.now.tzinfo is not None
                else t.ngettext(
                    "rows read {read} = written {written} + rejected {rejected}; {tickets} "
                    "ticket evaluated at {now} (each plan's local time)",
                    "rows read {read} = written {written} + rejected {rejected}; {tickets} "
                    "tickets evaluated at {now} (each plan's local time)",
                    self.tickets,
                )
            ).format(**values)
        ]
        headers = [
            t.gettext("priority"),
            t.gettext("plan"),
            t.gettext("tickets"),
            t.gettext("met"),
            t.gettext("breached"),
            t.gettext("open"),
            t.gettext("compliance"),
            t.gettext("respond %"),
            t.gettext("respond p50"),
            t.gettext("respond p90"),
            t.gettext("solve %"),
            t.gettext("solve p50"),
            t.gettext("solve p90"),
        ]
        table = [headers]
        for group in (*self.groups, self.total):
            total = group is self.total  # "all" in the language
            row = [t.gettext("all") if total else group.priority]
            row.append(t.gettext("all") if total else group.plan)
            row += [t.number(n) for n in (group.tickets, group.met, group.breached, group.open)]
            row.append(_percent(group.compliance, t))
            for metric in REPORTED_METRICS:
                summary = group.metrics[metric]
                row += [_percent(summary.compliance, t), _duration(summary.median)]
                row.append(_duration(summary.p90))
            table.append(row)
        widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
        for row in table:
            cells = [
                cell.ljust(width) if index < 2 else cell.rjust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)


def _percent(value: float | None, t: Translation) -> str:
    return "-" if value is None else t.percent(value)


def _duration(value: timedelta | None) -> str:
    return "-" if value is None else format_duration(value)


class Tally:
    """Running counts of one group; business times kept as 8-byte integers (µs)."""

    __slots__ = ("breached", "counts", "met", "open", "tickets", "times")

    def __init__(self) -> None:
        self.tickets = self.met = self.breached = self.open = 0
        self.counts = {metric: [0, 0, 0] for metric in REPORTED_METRICS}  # met, breached, pending
        self.times: dict[str, array[int]] = {metric: array("q") for metric in REPORTED_METRICS}

    def add(self, result: _Counted) -> None:
        self.tickets += 1
        if result.verdict == "met":
            self.met += 1
        elif result.verdict == "breached":
            self.breached += 1
        else:
            self.open += 1
        times = {"response": result.response_time, "resolution": result.resolution_time}
        for metric in REPORTED_METRICS:
            state = result.status.metrics[metric].state
            counts = self.counts[metric]
            if state == "met":
                counts[0] += 1
            elif state == "breached":
                counts[1] += 1
            elif state in ("running", "paused"):
                counts[2] += 1
            took = times[metric]
            if took is not None:
                self.times[metric].append(took // ONE_MICROSECOND)


def group_summary(priority: str, plan: str, tallies: Sequence[Tally]) -> GroupSummary:
    """The :class:`GroupSummary` of the tickets counted in *tallies* (percentiles exact)."""
    metrics = {}
    for metric in REPORTED_METRICS:
        parts = [tally.times[metric] for tally in tallies]
        count = sum(len(part) for part in parts)
        median = p90 = None
        if count:
            median = ONE_MICROSECOND * _kth_smallest(parts, nearest_rank(count, 50))
            p90 = ONE_MICROSECOND * _kth_smallest(parts, nearest_rank(count, 90))
        met, breached, pending = (sum(t.counts[metric][i] for t in tallies) for i in range(3))
        metrics[metric] = MetricSummary(met, breached, pending, count, median, p90)
    return GroupSummary(
        priority=priority,
        plan=plan,
        tickets=sum(t.tickets for t in tallies),
        met=sum(t.met for t in tallies),
        breached=sum(t.breached for t in tallies),
        open=sum(t.open for t in tallies),
        metrics=metrics,
    )
