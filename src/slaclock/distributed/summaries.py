"""A Dask report's summary: each partition's counts and business times, reduced to one
summary, exact or sketched (relative-error buckets)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..summary import (
    REPORTED_METRICS,
    GroupSummary,
    MetricSummary,
    Summary,
    Tally,
    group_summary,
    nearest_rank,
)
from .frames import TIMES

__all__ = ["combined_parts", "part_as_taken", "summary_of", "summary_part"]


def _times(partition: pd.DataFrame, groups: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """The business times of a partition's tickets in 20 bytes a ticket: the place of its
    priority and plan among *groups*, and the two times in µs (-1 when not known)."""
    ok = partition["reason"].isna().to_numpy()
    codes = {group: code for code, group in enumerate(groups)}
    keys = zip(partition["priority"][ok].tolist(), partition["plan"][ok].tolist(), strict=True)
    found = pd.DataFrame({"group": np.array([codes[key] for key in keys], dtype=np.int32)})
    for name in TIMES:
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
    for number, name in enumerate(TIMES):
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


class _Part:
    """A share of the summary: counts per priority and plan, the business times (each
    ticket's group and times, a frame per partition; or a sketch's bucket counts) and the
    rows read."""

    __slots__ = ("counts", "rows", "times", "written")

    def __init__(self, counts: pd.DataFrame, times: Any, rows: int, written: int) -> None:
        self.counts = counts
        self.times = times
        self.rows = rows  # rows read
        self.written = written  # rows in the results


def summary_part(
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
    times: Any = [_times(partition, groups)]  # exact: the partitions' frames, never joined
    if sketch is not None:
        times = _sketch(times[0], sketch).groupby("key")["count"].sum()
    rows = partition["_rows"].to_numpy(dtype=np.int64)
    part = _Part(counts, times, int(rows.sum()), int(rows[ok.to_numpy()].sum()))
    return pd.Series([part], dtype=object)


def part_as_taken(parts: pd.Series, sketch: float | None) -> pd.Series:
    """Shares of :func:`summary_part` made exact (``sketch`` ``None``) as the summary takes
    them: as they are, or with their business times counted in the buckets of *sketch*."""
    if sketch is None:
        return parts
    taken = []
    for part in _items(parts):
        times = pd.concat(part.times, ignore_index=True) if len(part.times) > 1 else part.times[0]
        counted = _sketch(times, sketch).groupby("key")["count"].sum()
        taken.append(_Part(part.counts, counted, part.rows, part.written))
    return pd.Series(taken, dtype=object)


def _items(parts: Any) -> list[_Part]:
    return [part for part in np.asarray(parts, dtype=object).ravel() if isinstance(part, _Part)]


def _merged(items: list[_Part], sketch: float | None, times: bool = True) -> _Part:
    """The shares of :func:`summary_part` (or of this) summed into one (without their
    business times unless *times*)."""
    counts = pd.concat([part.counts for part in items])
    counts = counts.groupby(level=[0, 1]).sum() if len(counts) else counts
    found: Any = None
    if times and sketch is not None:
        found = pd.concat([part.times for part in items])
        found = found.groupby(level=0).sum() if len(found) else found
    elif times:  # exact: each partition's frame as it came (no copy of them all)
        found = [frame for part in items for frame in part.times]
    return _Part(
        counts, found, sum(part.rows for part in items), sum(part.written for part in items)
    )


def _tally_times(
    times: pd.DataFrame, tallies: Mapping[tuple[str, str], Tally], groups: list[tuple[str, str]]
) -> None:
    """Add a share's business times (:func:`_times`) to the tallies of their groups, group
    by group (no copy of the whole share at once)."""
    codes = times["group"].to_numpy()
    for code in np.unique(codes).tolist():
        chosen = codes == code
        tally = tallies[groups[int(code)]]
        for metric, name in zip(REPORTED_METRICS, TIMES, strict=True):
            values = times[name].to_numpy(dtype=np.int64)[chosen]
            tally.times[metric].frombytes(values[values >= 0].tobytes())


def combined_parts(parts: Any, sketch: float | None) -> pd.Series:
    return pd.Series([_merged(_items(parts), sketch)], dtype=object)


def summary_of(
    parts: Any,
    policy: Policy | PolicyVersions,
    now: datetime,
    groups: list[tuple[str, str]],
    sketch: float | None,
) -> Summary:
    """The summary from the partitions' shares (:func:`summary_part`). Exact business times
    go from each share to the tallies of their groups, never gathered into one more copy."""
    items = _items(parts)
    whole = _merged(items, sketch, times=sketch is not None)
    counts, rows_read, written = whole.counts, whole.rows, whole.written
    sketched = _percentiles(whole.times, sketch) if sketch is not None else None
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
        for item in items:
            for frame in item.times:
                _tally_times(frame, tallies, groups)
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
