"""The Dask report: each partition evaluated by the single-process report, results and
rejections as Dask DataFrames, the summary a lazy reduction (:func:`report_dask`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

import dask.dataframe as dd
import numpy as np
import pandas as pd

from ..errors import InvalidInputError
from ..files import Row, records
from ..policy import Policy
from ..policy_versions import PolicyVersions
from ..report import (
    ERROR_COLUMNS,
    Columns,
    Rejection,
    Report,
)
from ..report.options import report_moment
from ..tracking import Options
from .frames import (
    EVALUATED,
    FILED,
    RESULTS,
    batch_arrays,
    check_policy,
    created_zone,
    in_line_order,
    typed_frame,
    with_zones,
)
from .partitions import (
    FILE_LINE,
    KEY,
    LINE,
    file_names,
    file_places,
    filed,
    first_row,
    partition_report,
    placing,
    read_again,
    starts_of,
    used_columns,
    with_numbers,
)
from .summaries import combined_parts, part_as_taken, summary_of, summary_part

__all__ = ["DaskReport", "report_dask"]


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
    first = first_row(starts, partition_info)
    rejections: list[Rejection] = []
    run = partition_report(
        partition, policy, now, columns, options, first, owners, rejections.append
    )
    frame = _answers(run, rejections, policy)
    frame["_rows"] = np.ones(len(frame), dtype=np.int64)
    placed = file_places(partition, files, file_starts, partition_info)
    if placed is not None:
        lines = np.arange(first + 1, first + len(partition) + 1, dtype=np.int64)
        filed(frame, lines, *placed)
    return in_line_order(frame)


def _answers(
    run: Report, rejections: list[Rejection], policy: Policy | PolicyVersions
) -> pd.DataFrame:
    """A partition's results (read from *run*) and *rejections*, as the typed columns of
    :data:`EVALUATED`. Under versions of a policy, each result's zone is that of its
    ``created`` (:func:`created_zone`): its plan's zone in the version that evaluated it."""
    parts = []
    for batch in run.batches():
        arrays = batch_arrays(batch)
        if isinstance(policy, PolicyVersions):  # (every ticket by the engine: no group)
            arrays["zone"] = [created_zone(r.created, r.line) for r in batch.results()]
        parts.append(typed_frame(arrays, len(arrays["line"]), EVALUATED))
    refused = {
        name: [getattr(rejection, name) for rejection in rejections] for name in ERROR_COLUMNS
    }
    parts.append(typed_frame(refused, len(rejections), EVALUATED))
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return with_zones(frame, policy) if isinstance(policy, Policy) else frame


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
    frame = partition.sort_values([KEY, LINE], kind="stable")
    lines = frame[LINE].to_numpy(dtype=np.int64)
    rows = frame.drop(columns=[name for name in (LINE, KEY, FILE_LINE) if name in frame])
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
    counts = frame[KEY].value_counts()
    first_lines = frame.groupby(KEY, sort=False)[LINE].min()
    rows_of = dict(
        zip(first_lines.to_numpy().tolist(), counts[first_lines.index].tolist(), strict=True)
    )
    ok = out["reason"].isna().to_numpy()
    out["_rows"] = np.where(
        ok, [rows_of.get(int(line), 1) for line in out["line"].tolist()], 1
    ).astype(np.int64)
    if files is not None:
        order = np.argsort(lines, kind="stable")
        names = file_names(frame, files)
        places = frame[FILE_LINE].to_numpy(dtype=np.int64)
        filed(out, lines[order], [names[k] for k in order.tolist()], places[order].tolist())
    return in_line_order(out)


def _kept(
    partition: pd.DataFrame, results: bool, names: list[str], *waited: object
) -> pd.DataFrame:
    """The *names* columns of an evaluated partition's results (or, not *results*, of its
    rejections), in one task. *waited*, other tasks of the same partition (its rejections,
    an event log's share of the summary), are not read: asking for them makes the results
    wait for them (:attr:`DaskReport.results`)."""
    chosen = partition["reason"].isna().to_numpy() == results
    return partition.loc[chosen, names]


Percentiles = Literal["exact", "sketch"]


def _sketch_of(percentiles: Percentiles, error: float) -> float | None:
    """The relative width of the summary's buckets (``None``: exact percentiles), checked."""
    if percentiles not in ("exact", "sketch"):
        raise InvalidInputError(f"percentiles={percentiles!r}: expected 'exact' or 'sketch'")
    if percentiles == "sketch" and not 0 < error < 1:
        raise InvalidInputError(f"error={error!r}: expected a number between 0 and 1")
    return error if percentiles == "sketch" else None


@dataclass(frozen=True)
class DaskReport:
    """The lazy report of :func:`report_dask`.

    * ``results``: one row per ticket, the columns of :data:`slaclock.report.RESULT_COLUMNS`.
    * ``rejections``: one row per rejected input row: ``line``, ``id``, ``reason``, ``row``.
    * ``evaluated``: both, with the business times in microseconds (what the two are cut from;
      ``dask.compute(report.results, report.rejections)`` evaluates every partition once).
    * ``percentiles``, ``error``: the percentiles of :attr:`summary`, as
      :meth:`summary_with` takes them (``report_dask(..., percentiles=...)``).
    """

    evaluated: dd.DataFrame
    policy: Policy | PolicyVersions
    now: datetime
    files: str | None = None
    shares_first: bool = False
    """Each partition's results cut only once its share of the summary is counted (an event
    log's report). After the shuffle of an event log every partition's evaluation can run at
    once, and Dask's order (``dask.order``) then wrote each partition's results soon after its
    evaluation but left its share of the summary for the end, holding every evaluated
    partition until then; with the share asked for first, a partition is let go once it is
    written (``tests/test_distributed.py`` checks the order). The shares are those of the
    report's :attr:`percentiles` (:func:`~.summaries.summary_part`), and the order keeps them
    all to the end: exact, 20 bytes a ticket; sketched, a sketch's buckets a partition."""
    percentiles: Percentiles = "exact"
    error: float = 0.001

    def _shares(self) -> Any:
        """Each evaluated partition's share of the summary, exact or sketched as
        :attr:`percentiles` says (the same tasks each time this is asked: the results and the
        summary read one share per partition)."""
        frame: Any = self.evaluated
        sketch = _sketch_of(self.percentiles, self.error)
        return frame.map_partitions(
            summary_part, self._groups(), sketch, meta=pd.Series([], dtype=object)
        )

    def _groups(self) -> list[tuple[str, str]]:
        return [(p, q) for p in self.policy.priorities for q in self.policy.plans]

    @property
    def results(self) -> dd.DataFrame:
        """The tickets' results (computing it evaluates the tickets).

        Each partition's results are cut once its rejections are (and, for an event log, its
        share of the summary: :attr:`shares_first`): a pass that writes the results and the
        rejections then lets each evaluated partition go once both are cut. Without that,
        Dask's order cut every partition's rejections only at the end, holding every
        evaluated partition until then (``tests/test_distributed.py`` checks the order). A
        pass of the results alone cuts the rejections too (the few rejected rows, thrown
        away)."""
        frame: Any = self.evaluated
        meta = frame._meta[list(RESULTS)]
        waited = [self.rejections, *([self._shares()] if self.shares_first else [])]
        return frame.map_partitions(  # type: ignore[no-any-return]
            _kept, True, list(RESULTS), *waited, meta=meta, align_dataframes=False
        )

    @property
    def rejections(self) -> dd.DataFrame:
        """The rows that are not in the results, and why."""
        frame: Any = self.evaluated
        names = [*ERROR_COLUMNS, *(FILED if self.files is not None else ())]
        return frame.map_partitions(_kept, False, names, meta=frame._meta[names])  # type: ignore[no-any-return]

    def persist(self) -> DaskReport:
        """The same report with the evaluated partitions kept in the cluster's memory, so
        that results, rejections and summary are computed from them without evaluating the
        tickets again."""
        frame: Any = self.evaluated
        return replace(self, evaluated=frame.persist())

    @property
    def summary(self) -> Any:
        """The report's :class:`~slaclock.report.Summary`, lazily (a Dask ``Delayed``; its
        ``compute()`` gives the summary, equal to the single-process one), with the
        percentiles the report was asked for (:attr:`percentiles`, exact unless
        ``report_dask(..., percentiles="sketch")``). Computed with other work on the same
        report, ``dask.compute(report.results.to_parquet(path, compute=False),
        report.summary)``, each partition is evaluated once, in one pass.

        Counts and compliance are exact Dask reductions (a group-by sum per priority and
        plan). Exact percentiles (nearest rank, the median and the 90th) gather each
        ticket's group (priority and plan) and two business times (integer microseconds),
        20 bytes per ticket (about 200 MB for ten million tickets); nothing else per ticket
        leaves the workers. The sketch keeps memory flat instead (:meth:`summary_with`)."""
        return self.summary_with(percentiles=self.percentiles, error=self.error)

    def summary_with(self, *, percentiles: Percentiles = "exact", error: float = 0.001) -> Any:
        """:attr:`summary`, lazily, with percentiles ``"exact"`` or ``"sketch"``: each
        partition counts its times in buckets of relative width *error* (a mergeable
        sketch, summed by a Dask reduction), and each percentile is the middle of the
        bucket holding the nearest-rank value: within ``error`` of it, relatively (and half
        a microsecond), memory flat however many tickets there are. The counts, compliance
        and ``finished`` stay exact.

        An event log's summary is made from the shares its results wait for
        (:attr:`shares_first`), which are of the report's :attr:`percentiles`: exact shares
        give either kind (sketched as the summary takes them, 20 bytes a ticket held until
        then); sketched ones give only that sketch, and any other kind is counted from the
        evaluated partitions apart, each held until its share is counted. Ask for the kind
        up front, ``report_dask(..., percentiles="sketch")``, to keep an event log's memory
        flat."""
        sketch = _sketch_of(percentiles, error)
        own = _sketch_of(self.percentiles, self.error)
        frame: Any = self.evaluated
        groups = self._groups()
        chunk: Any = summary_part
        chunk_kwargs: dict[str, Any] = {"groups": groups, "sketch": sketch}
        if self.shares_first and own in (None, sketch):  # (the shares the results wait for)
            taken = None if own == sketch else sketch
            frame, chunk, chunk_kwargs = self._shares(), part_as_taken, {"sketch": taken}
        return frame.reduction(
            chunk=chunk,
            combine=combined_parts,
            aggregate=summary_of,
            meta=object,
            split_every=2,
            chunk_kwargs=chunk_kwargs,
            combine_kwargs={"sketch": sketch},
            aggregate_kwargs={
                "policy": self.policy,
                "now": self.now,
                "groups": groups,
                "sketch": sketch,
            },
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
    percentiles: Percentiles = "exact",
    error: float = 0.001,
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
    * *percentiles*, *error*: the percentiles of ``report.summary``, ``"exact"`` (20 bytes a
      ticket gathered) or ``"sketch"`` (within *error*, relatively; memory flat), as
      :meth:`DaskReport.summary_with` takes them. An event log's shares of the summary are
      made of this kind, so ask for the sketch here to keep its memory flat.

    Nothing is computed here: ``report.results``, ``report.rejections`` (Dask DataFrames)
    and ``report.summary`` (a Dask ``Delayed`` :class:`~slaclock.report.Summary`) are lazy,
    and the passes that count the partitions and find repeated ids are part of their graph.
    """
    check_policy(policy)
    _sketch_of(percentiles, error)
    if now is None:  # (required: every partition takes its verdicts at the same moment)
        raise InvalidInputError(f"now {now!r}: expected a datetime or ISO 8601 text")
    moment = report_moment(now)
    columns = columns or Columns()
    columns.check([str(name) for name in tickets.columns], events=events)
    if repeats not in ("all", "partition"):
        raise InvalidInputError(f"repeats={repeats!r}: expected 'all' or 'partition'")
    if files is not None and files not in [str(name) for name in tickets.columns]:
        known = ", ".join(str(name) for name in tickets.columns)
        raise InvalidInputError(
            f"files={files!r}: expected the column that names each row's file (columns: {known})"
        )
    meta = typed_frame({}, 0, EVALUATED)
    frame: Any = tickets
    if events:
        Report(policy, [], events=True, now=moment, options=options, strict=False,
               on_reject=None, columns=columns, event_names=event_names)  # fmt: skip  # checks
        again = read_again(used_columns(frame, [columns.id], files))  # (lengths, files)
        starts, file_starts = starts_of(again, files)
        added = {LINE: pd.Series([], dtype="int64"), KEY: pd.Series([], dtype="string")}
        if files is not None:
            added[FILE_LINE] = pd.Series([], dtype="int64")
        numbered = frame.map_partitions(
            with_numbers,
            columns.id,
            starts,
            files,
            file_starts,
            meta=frame._meta.assign(**added),
            align_dataframes=False,
        )
        evaluated = numbered.shuffle(on=KEY).map_partitions(
            _evaluate_events, policy, moment, columns, options, event_names, files, meta=meta
        )
        return DaskReport(evaluated, policy, moment, files, True, percentiles, error)
    owners, starts, file_starts = placing(frame, policy, columns, repeats, files)
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
    return DaskReport(evaluated, policy, moment, files, False, percentiles, error)
