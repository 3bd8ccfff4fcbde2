"""The Dask report on a real local cluster of two worker processes equals the single-process
report on the same rows (docs/scaling.md)."""

from __future__ import annotations

import pickle
import random
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

distributed = pytest.importorskip("dask.distributed")
dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")
pd = pytest.importorskip("pandas")

import slaclock  # noqa: E402
from dask_order import most_evaluated_held  # noqa: E402
from slaclock.distributed import report_dask, results_frame  # noqa: E402
from slaclock.policy_versions import PolicyVersions  # noqa: E402
from slaclock.report import run_report  # noqa: E402

POLICY = slaclock.load_policy(Path(__file__).parent.parent / "docs/examples/miami-desk.toml")
NOW = "2026-12-20 00:00"


def _changed(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


LATER = slaclock.loads_policy(
    _changed(
        (Path(__file__).parent.parent / "docs/examples/miami-desk.toml").read_text("utf-8"),
        ('high = "4h"', 'high = "2h"'),  # a target
        ("[plans.24x7]", '[plans.24x7]\nzone = "Asia/Tokyo"'),  # a plan's zone
        ('hours = { mon-fri = "09:00-18:00" }', 'hours = { mon-fri = "08:00-20:00" }'),  # hours
    )
)
VERSIONS = PolicyVersions({"2026-01-01": POLICY, "2026-11-23": LATER})
"""The desk's policy, then from 23 November 2026: high tickets answered in 2h, the standard
plan open 08:00-20:00, the 24x7 plan in Tokyo."""

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::ResourceWarning")


def _tickets(count: int = 400) -> Any:
    draw = random.Random(20261120)
    rows = []
    for number in range(count):
        created = pd.Timestamp("2026-11-16 08:00") + pd.Timedelta(minutes=draw.randrange(43_200))
        priority = draw.choice(["high", "medium", "low", "critical", "urgent", "bogus"])
        rows.append(
            {
                "id": f"T{number:04}",
                "created": created if number % 97 else None,
                "priority": None if number % 61 == 0 else priority,
                "plan": draw.choice(["standard", "24x7", None]),
                "responded": (
                    created + pd.Timedelta(minutes=draw.randrange(1, 3_000))
                    if draw.random() < 0.7
                    else None
                ),
                "solved": (
                    created + pd.Timedelta(minutes=draw.randrange(3_000, 20_000))
                    if draw.random() < 0.4
                    else None
                ),
            }
        )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_the_cluster_report_equals_the_single_process_report(client: Any) -> None:
    tickets = _tickets()
    report = report_dask(dd.from_pandas(tickets, npartitions=4), POLICY, now=NOW)
    results, rejections, summary = client.compute(
        [report.results, report.rejections, report.summary], sync=True
    )

    run = run_report(POLICY, tickets.to_dict("records"), now=NOW)
    expected = results_frame(list(run.records()), POLICY)
    assert len(expected) > 200
    assert len(run.rejections) > 20
    got = results.sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected.sort_values("id").reset_index(drop=True))
    assert [tuple(r) for r in rejections.itertuples(index=False)] == [
        (r.line, r.id, r.reason, r.row) for r in run.rejections
    ]
    assert summary == run.summary
    assert summary.rows_read == len(tickets)


def test_the_evaluated_partitions_can_be_kept(client: Any) -> None:
    tickets = _tickets(80)
    report = report_dask(dd.from_pandas(tickets, npartitions=2), POLICY, now=NOW).persist()
    run = run_report(POLICY, tickets.to_dict("records"), now=NOW)
    assert len(list(run)) > 30
    assert report.summary.compute() == run.summary
    assert len(report.results.compute()) == run.summary.tickets


def test_a_missing_column_is_refused_before_anything_runs() -> None:
    frame = dd.from_pandas(pd.DataFrame({"id": ["T1"], "created": ["2026-11-20 16:00"]}), 1)
    with pytest.raises(slaclock.errors.InvalidInputError, match="no column 'priority'"):
        report_dask(frame, POLICY, now=NOW)


def test_a_policy_pickles_by_its_definition() -> None:
    policy = slaclock.load_policy(Path(__file__).parent.parent / "docs/examples/miami-desk.toml")
    before = len(pickle.dumps(policy))
    run = run_report(policy, _tickets(200).to_dict("records"), now=NOW)
    assert len(list(run)) > 100
    policy.deadline("high", "2031-06-03 10:00", plan="standard")
    after = pickle.dumps(policy)
    assert len(after) == before
    assert pickle.loads(after).deadline("high", "2026-11-20 16:00") == policy.deadline(
        "high", "2026-11-20 16:00"
    )


def _with_repeats() -> Any:
    """Tickets whose ids come back in other partitions: once after a row that is kept, once
    after a row that cannot be read (so the later row keeps the id), once in the same
    partition."""
    tickets = _tickets(120)
    tickets.loc[100, "id"] = tickets.loc[3, "id"]  # partition 3 repeats partition 0's id
    tickets.loc[70, "id"] = tickets.loc[97, "id"]  # row 97 has no creation time: 70 keeps it
    tickets.loc[110, "id"] = tickets.loc[105, "id"]  # the same partition
    tickets.loc[60, "id"] = ""  # an empty id is never a repeat
    tickets.loc[90, "id"] = ""
    return tickets


@pytest.mark.parametrize("npartitions", [1, 4, 7, 16])
def test_ids_that_come_back_in_other_partitions_are_repeats(npartitions: int) -> None:
    """The ids' fingerprints are counted in shares (about the square root of the partitions:
    16 partitions, 4 shares), each fingerprint in one of them."""
    tickets = _with_repeats()
    with dask.config.set(scheduler="synchronous"):
        report = report_dask(dd.from_pandas(tickets, npartitions=npartitions), POLICY, now=NOW)
        results, rejections, summary = dask.compute(
            report.results, report.rejections, report.summary
        )
    run = run_report(POLICY, tickets, now=NOW)
    expected = results_frame(list(run.records()), POLICY)
    pd.testing.assert_frame_equal(results.reset_index(drop=True), expected)
    assert [tuple(r) for r in rejections.itertuples(index=False)] == [
        (r.line, r.id, r.reason, r.row) for r in run.rejections
    ]
    assert summary == run.summary
    repeated = [r.line for r in run.rejections if "is a repeat" in r.reason]
    assert repeated == [101, 111]


def test_repeats_within_partitions_only_skip_the_pass_over_the_ids() -> None:
    tickets = _with_repeats()
    with dask.config.set(scheduler="synchronous"):
        report = report_dask(
            dd.from_pandas(tickets, npartitions=4), POLICY, now=NOW, repeats="partition"
        )
        rejections = report.rejections.compute()
    reasons = zip(rejections["line"], rejections["reason"], strict=True)
    repeated = [line for line, reason in reasons if "is a repeat" in reason]
    assert repeated == [111]  # 101 is in another partition than line 4
    with pytest.raises(slaclock.errors.InvalidInputError, match="repeats='some'"):
        report_dask(dd.from_pandas(tickets, 1), POLICY, now=NOW, repeats="some")  # type: ignore[arg-type]


def test_results_write_to_parquet_with_their_declared_types(tmp_path: Any) -> None:
    pytest.importorskip("pyarrow")
    tickets = _tickets(60)
    with dask.config.set(scheduler="synchronous"):
        report = report_dask(dd.from_pandas(tickets, npartitions=3), POLICY, now=NOW)
        report.results.to_parquet(str(tmp_path / "results"), write_index=False)
        back = dd.read_parquet(str(tmp_path / "results")).compute()
    run = run_report(POLICY, tickets, now=NOW)
    expected = results_frame(list(run.records()), POLICY)
    assert str(expected["created"].dtype) == "datetime64[us, UTC]"
    back = back.sort_values("line").reset_index(drop=True)
    pd.testing.assert_frame_equal(back, expected, check_dtype=False)
    assert back["line"].dtype == "int64"
    assert back["response_time_s"].dtype == "float64"
    assert str(back["response_due"].dtype).startswith("datetime64")  # typed in the file
    assert str(back["response_due"].dt.tz) == "UTC"
    first = next(iter(run_report(POLICY, tickets, now=NOW)))
    row = back[back["line"] == first.line].iloc[0]
    assert row["created"] == pd.Timestamp(first.created)  # the same instant, in UTC
    assert row["zone"] == str(first.created.tzinfo)  # and the plan's zone beside it


def test_the_summary_computes_other_work_in_the_same_pass(tmp_path: Any) -> None:
    pytest.importorskip("pyarrow")
    tickets = _tickets(60)
    with dask.config.set(scheduler="synchronous"):
        report = report_dask(dd.from_pandas(tickets, npartitions=3), POLICY, now=NOW)
        writing = report.results.to_parquet(
            str(tmp_path / "results"), write_index=False, compute=False
        )
        _, summary = dask.compute(writing, report.summary)
        written = dd.read_parquet(str(tmp_path / "results")).compute()
    run = run_report(POLICY, tickets, now=NOW)
    assert sorted(written["line"]) == [result.line for result in run]
    assert summary == run.summary


@pytest.mark.parametrize("error", [0.001, 0.05])
def test_sketched_percentiles_lie_within_their_error(error: float) -> None:
    tickets = _tickets(400)
    with dask.config.set(scheduler="synchronous"):
        report = report_dask(dd.from_pandas(tickets, npartitions=5), POLICY, now=NOW)
        sketched = report.summary_with(percentiles="sketch", error=error).compute()
    run = run_report(POLICY, tickets, now=NOW)
    list(run)
    assert _within_error(sketched, run.summary, error) > 20


def _within_error(sketched: Any, exact: Any, error: float) -> int:
    """Check a sketched summary against the exact one: the same counts, each percentile
    within *error* of the exact one; return how many percentiles were compared."""
    assert (sketched.rows_read, sketched.tickets) == (exact.rows_read, exact.tickets)
    checked = 0
    for mine, theirs in zip((*sketched.groups, sketched.total), (*exact.groups, exact.total),
                            strict=True):  # fmt: skip
        assert (mine.priority, mine.plan, mine.tickets, mine.met, mine.breached) == (
            theirs.priority, theirs.plan, theirs.tickets, theirs.met, theirs.breached
        )  # fmt: skip
        for metric in ("response", "resolution"):
            a, b = mine.metrics[metric], theirs.metrics[metric]
            assert (a.met, a.breached, a.pending, a.finished) == (
                b.met, b.breached, b.pending, b.finished
            )  # fmt: skip
            for got, want in ((a.median, b.median), (a.p90, b.p90)):
                assert (got is None) == (want is None)
                if want is not None:
                    assert got is not None
                    slack = error * want.total_seconds() + 1e-6
                    assert abs(got.total_seconds() - want.total_seconds()) <= slack
                    checked += 1
    return checked


def test_percentiles_must_be_exact_or_sketched() -> None:
    report = report_dask(dd.from_pandas(_tickets(10), 1), POLICY, now=NOW, repeats="partition")
    with pytest.raises(slaclock.errors.InvalidInputError, match="percentiles='rough'"):
        report.summary_with(percentiles="rough")  # type: ignore[arg-type]
    with pytest.raises(slaclock.errors.InvalidInputError, match=r"error=1\.5"):
        report.summary_with(percentiles="sketch", error=1.5)
    frame = dd.from_pandas(_tickets(10), 1)
    with pytest.raises(slaclock.errors.InvalidInputError, match="percentiles='rough'"):
        report_dask(frame, POLICY, now=NOW, percentiles="rough")  # type: ignore[arg-type]
    with pytest.raises(slaclock.errors.InvalidInputError, match="error=0"):
        report_dask(frame, POLICY, now=NOW, percentiles="sketch", error=0)


def _as_one_process(frame: Any, policy: Any = POLICY) -> tuple[Any, list[tuple[Any, ...]], Any]:
    """``run_report`` over the rows of *frame* (pandas) in order: the results' frame, the
    rejections as tuples, the summary."""
    run = run_report(policy, frame.reset_index(drop=True), now=NOW)
    results = results_frame(list(run.records()), policy)
    return results, [(r.line, r.id, r.reason, r.row) for r in run.rejections], run.summary


def _same_as_one_process(client: Any, collection: Any, rows: Any) -> Any:
    report = report_dask(collection, POLICY, now=NOW)
    results, rejections = client.compute([report.results, report.rejections], sync=True)
    expected, refused, summary = _as_one_process(rows)
    pd.testing.assert_frame_equal(results.reset_index(drop=True), expected, check_dtype=False)
    assert [tuple(r) for r in rejections.itertuples(index=False)] == refused
    assert report.summary.compute() == summary
    return report


def _csv_rows(number: int, repeated: str) -> str:
    lines = ["id,created,priority,plan,responded"]
    for k in range(40):
        ticket = repeated if k in (0, 17) else f"F{number}-{k}"
        created = f"2026-11-{16 + k % 10:02d} {8 + k % 9:02d}:{k % 60:02d}"
        priority = ["high", "medium", "low", "nope"][k % 4]
        lines.append(f"{ticket},{created},{priority},,2026-11-27 10:00")
    return "\n".join(lines) + "\n"


def test_csv_files_read_on_a_glob_are_numbered_as_their_rows_in_one_process(
    client: Any, tmp_path: Path
) -> None:
    # Every file's partition starts again at index 0: the lines must not collide, and an id
    # in two files is kept by the first row that reads it, as in one process.
    for number in range(3):
        (tmp_path / f"export-{number}.csv").write_text(_csv_rows(number, "T1"), encoding="utf-8")
    collection = dd.read_csv(str(tmp_path / "export-*.csv"), dtype=str)
    assert collection.npartitions == 3
    rows = pd.concat(
        [pd.read_csv(tmp_path / f"export-{n}.csv", dtype=str) for n in range(3)],
        ignore_index=True,
    )
    report = _same_as_one_process(client, collection, rows)
    rejections = report.rejections.compute()
    repeats = rejections[rejections["reason"].str.contains("is a repeat")]
    assert repeats["line"].tolist() == [18, 41, 58, 81, 98]  # T1 kept at line 1 only


def test_rejections_name_their_file_and_their_place_in_it(client: Any, tmp_path: Path) -> None:
    for number in range(3):
        (tmp_path / f"export-{number}.csv").write_text(_csv_rows(number, "T1"), encoding="utf-8")
    collection = dd.read_csv(
        str(tmp_path / "export-*.csv"), dtype=str, include_path_column="source"
    )
    report = report_dask(collection, POLICY, now=NOW, files="source")
    rejections = report.rejections.compute()
    assert list(rejections.columns) == ["line", "id", "reason", "row", "file", "file_line"]
    repeats = rejections[rejections["reason"].str.contains("is a repeat")]
    assert [(Path(name).name, place) for name, place in zip(
        repeats["file"], repeats["file_line"], strict=True
    )] == [("export-0.csv", 18), ("export-1.csv", 1), ("export-1.csv", 18),
           ("export-2.csv", 1), ("export-2.csv", 18)]  # fmt: skip
    # each named row is the file's line place + 1 (its header is line 1)
    for name, place, ticket in zip(
        repeats["file"], repeats["file_line"], repeats["id"], strict=True
    ):
        text = Path(name).read_text(encoding="utf-8").splitlines()[place]
        assert text.startswith(f"{ticket},")
    with pytest.raises(slaclock.InvalidInputError, match="files='path': expected the column"):
        report_dask(collection, POLICY, now=NOW, files="path")


def test_one_file_in_blocks_places_its_rows_as_their_lines(client: Any, tmp_path: Path) -> None:
    text = "".join(_csv_rows(n, f"R{n}") if n == 0 else _csv_rows(n, f"R{n}").split("\n", 1)[1]
                   for n in range(6))  # fmt: skip
    export = tmp_path / "export.csv"
    export.write_text(text, encoding="utf-8")
    collection = dd.read_csv(str(export), dtype=str, blocksize=2_000, include_path_column=True)
    assert collection.npartitions > 3
    rejections = report_dask(collection, POLICY, now=NOW, files="path").rejections.compute()
    assert len(rejections) > 40
    assert rejections["file_line"].tolist() == rejections["line"].tolist()
    assert set(rejections["file"]) == {str(export)}


def test_one_csv_read_in_blocks_is_numbered_as_one_file(client: Any, tmp_path: Path) -> None:
    text = "".join(_csv_rows(n, f"R{n}") if n == 0 else _csv_rows(n, f"R{n}").split("\n", 1)[1]
                   for n in range(6))  # fmt: skip
    export = tmp_path / "export.csv"
    export.write_text(text, encoding="utf-8")
    collection = dd.read_csv(str(export), dtype=str, blocksize=2_000)
    assert collection.npartitions > 3
    _same_as_one_process(client, collection, pd.read_csv(export, dtype=str))


@pytest.mark.parametrize("index", [True, False])
def test_parquet_with_and_without_its_index_is_numbered_by_place(
    client: Any, tmp_path: Path, index: bool
) -> None:
    pytest.importorskip("pyarrow")
    tickets = _with_repeats()
    folder = tmp_path / "tickets"
    dd.from_pandas(tickets, npartitions=4).to_parquet(str(folder), write_index=index)
    collection = dd.read_parquet(str(folder))
    _same_as_one_process(client, collection, tickets)


def test_a_frame_with_another_index_is_numbered_by_place(client: Any) -> None:
    tickets = _with_repeats()
    tickets.index = pd.Index([f"row-{k}" for k in range(len(tickets))][::-1])
    collection = dd.from_pandas(tickets, npartitions=3, sort=False)
    _same_as_one_process(client, collection, tickets)


def test_empty_partitions_and_one_of_bad_rows_only(client: Any) -> None:
    tickets = _tickets(60)
    tickets.loc[20:39, "priority"] = "bogus"  # the second partition: only bad rows
    parts = [tickets.iloc[:20], tickets.iloc[0:0], tickets.iloc[20:40], tickets.iloc[40:]]
    collection = dd.concat([dd.from_pandas(part, npartitions=1) for part in parts])
    assert collection.npartitions == 4
    report = _same_as_one_process(client, collection, tickets)
    assert report.summary.compute().rows_rejected >= 20


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("report_dask computed something")


def test_a_report_is_lazy_and_computes_in_one_pass(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    from dask.callbacks import Callback

    tickets = _with_repeats()
    with dask.config.set(scheduler=_refuse):  # nothing runs before it is asked for
        report = report_dask(dd.from_pandas(tickets, npartitions=4), POLICY, now=NOW)
        writing = report.results.to_parquet(str(tmp_path / "out"), compute=False)
    evaluated: list[object] = []

    class Counting(Callback):  # type: ignore[misc]
        def _pretask(self, key: Any, dsk: Any, state: Any) -> None:
            name = key[0] if isinstance(key, tuple) else key
            if str(name).startswith("_evaluate"):
                evaluated.append(key)

    with dask.config.set(scheduler="synchronous"), Counting():
        _, summary = dask.compute(writing, report.summary)
    assert len(evaluated) == 4  # each partition evaluated once, for both
    run = run_report(POLICY, tickets, now=NOW)
    written = dd.read_parquet(str(tmp_path / "out")).compute()
    assert sorted(written["line"]) == [result.line for result in run]
    assert summary == run.summary
    assert [r.line for r in run.rejections if "is a repeat" in r.reason] == [101, 111]


def _graph(collection: Any) -> dict[Any, Any]:
    from dask.base import collections_to_expr

    return dict(collections_to_expr([collection], True).optimize().__dask_graph__())


def test_each_partition_is_let_go_soon_after_its_evaluation() -> None:
    """What keeps a worker's memory flat (benchmarks/README.md): the results and the
    rejections are each cut from an evaluated partition by one task (no chain of filtered
    copies), and the summary's shares are combined two at a time, so that Dask takes each
    partition's share soon after its evaluation instead of holding evaluated partitions until
    eight shares can be combined at once."""
    from dask.core import get_dependencies

    frame = dd.from_pandas(_tickets(320), npartitions=16)
    report = report_dask(frame, POLICY, now=NOW, repeats="partition")
    evaluated = len(_graph(report.evaluated))
    assert len(_graph(report.rejections)) == evaluated + 16
    assert len(_graph(report.results)) == evaluated + 32  # (the rejections cut first)
    graph = _graph(report.summary_with(percentiles="sketch"))
    shares = [key for key in graph if "customreduction" in str(key)]
    assert len(shares) > 8  # a tree of pairs, not two steps of eight
    assert all(len(get_dependencies(graph, key)) <= 2 for key in shares)


def _one_pass(
    tmp_path: Path,
    npartitions: int,
    repeats: str,
    percentiles: str,
    files: str | None = None,
    rejections: bool = False,
) -> list[Any]:
    """The one pass of benchmarks/bench_dask.py: the results written, the summary counted
    (with *files*, each row's file named in the column ``source``; with *rejections*, they
    are written too)."""
    tickets = _tickets(npartitions * 20)
    tickets["source"] = ["a.csv" if row % 3 else "b.csv" for row in range(len(tickets))]
    frame = dd.from_pandas(tickets, npartitions=npartitions)
    report = report_dask(frame, POLICY, now=NOW, repeats=repeats, files=files)  # type: ignore[arg-type]
    writing = report.results.to_parquet(str(tmp_path / repeats), compute=False)
    rejected = report.rejections.to_parquet(str(tmp_path / f"{repeats}-e"), compute=False)
    summary = report.summary_with(percentiles=percentiles)  # type: ignore[arg-type]
    return [writing, rejected, summary] if rejections else [writing, summary]


@pytest.mark.parametrize("percentiles", ["exact", "sketch"])
@pytest.mark.parametrize("npartitions", [16, 20, 33])
def test_the_ids_pass_leaves_the_one_pass_holding_a_few_evaluated_partitions(
    tmp_path: Path, npartitions: int, percentiles: str
) -> None:
    """With the ids' pass of ``repeats="all"`` in the graph, Dask's order still takes each
    partition's share of the summary soon after its evaluation: one thread holds no more
    evaluated partitions at once than without that pass, a few however many there are (a
    partition whose partner in the summary's pairs comes late waits for it). Before the
    ids' fingerprints went through a shuffle, the small tasks that split them led
    ``dask.order`` to put every share after all the writing: all 16, 20 or 33 held."""
    held = most_evaluated_held(_one_pass(tmp_path, npartitions, "all", percentiles))
    without = most_evaluated_held(_one_pass(tmp_path, npartitions, "partition", percentiles))
    assert held <= without <= 4


@pytest.mark.parametrize("repeats", ["all", "partition"])
@pytest.mark.parametrize("npartitions", [16, 33])
def test_the_rejections_written_in_the_same_pass_leave_it_holding_a_few_evaluated_partitions(
    tmp_path: Path, npartitions: int, repeats: str
) -> None:
    """With the rejections written in the same pass, Dask's order cut every partition's
    rejections at the end, holding every evaluated partition (16 of 16, 33 of 33); each
    partition's results now wait for its rejections, so both are cut soon after its
    evaluation."""
    held = most_evaluated_held(_one_pass(tmp_path, npartitions, repeats, "exact", None, True))
    assert held <= 4


@pytest.mark.parametrize("repeats", ["all", "partition"])
@pytest.mark.parametrize("npartitions", [16, 33])
def test_naming_each_row_s_file_leaves_the_one_pass_holding_a_few_evaluated_partitions(
    tmp_path: Path, npartitions: int, repeats: str
) -> None:
    """With ``files=``, each partition's length and its rows of each file are counted by one
    task (the length is their sum): when two tasks read each partition for them, Dask's
    order held every evaluated partition until all were written (16 of 16, 33 of 33)."""
    held = most_evaluated_held(_one_pass(tmp_path, npartitions, repeats, "exact", "source"))
    assert held <= 4


def test_the_passes_before_the_evaluation_read_only_the_columns_the_report_reads(
    tmp_path: Path,
) -> None:
    """A Parquet file with a column the report does not read: the lengths and ids passes
    read the file without it (only the evaluation reads every column), and the report is
    the single-process one."""
    pytest.importorskip("pyarrow")
    from dask.callbacks import Callback

    tickets = _with_repeats().assign(notes="a note nobody reads")
    folder = tmp_path / "tickets"
    dd.from_pandas(tickets, npartitions=4).to_parquet(str(folder), write_index=False)
    collection = dd.read_parquet(str(folder))
    report = report_dask(collection, POLICY, now=NOW)
    read: list[list[str]] = []

    class Reads(Callback):  # type: ignore[misc]
        def _posttask(self, key: Any, result: Any, dsk: Any, state: Any, worker: Any) -> None:
            name = key[0] if isinstance(key, tuple) else key
            if str(name).startswith("read_parquet") and isinstance(result, pd.DataFrame):
                read.append(sorted(result.columns))

    with dask.config.set(scheduler="synchronous"), Reads():
        results, summary = dask.compute(report.results, report.summary)
    with_notes = [columns for columns in read if "notes" in columns]
    assert len(with_notes) == 4  # the evaluation's reading, once per partition
    assert len(read) > len(with_notes)  # the passes': the columns the report reads
    assert all(columns == ["created", "id", "plan", "priority", "responded", "solved"]
               for columns in read if "notes" not in columns)  # fmt: skip
    run = run_report(POLICY, tickets, now=NOW)
    assert sorted(results["line"]) == [result.line for result in run]
    assert summary == run.summary


def _event_log(tickets: int = 60, seed: int = 7) -> Any:
    """An event log of tickets whose rows are spread out (not contiguous), with bad rows,
    rows without an id, names of the export's own and every kind of event."""
    draw = random.Random(seed)
    rows = []
    for number in range(tickets):
        ticket = f"E{number:03}"
        start = pd.Timestamp("2026-11-16 08:00") + pd.Timedelta(minutes=draw.randrange(20_000))
        priority = draw.choice(["high", "medium", "low", "bogus"])
        rows.append({"id": ticket, "event": "Apertura", "at": start, "priority": priority})
        moment = start
        for kind in draw.sample(["paused", "responded", "Llamada", "solved", "Encuesta"], 3):
            moment = moment + pd.Timedelta(minutes=draw.randrange(1, 900))
            rows.append({"id": ticket, "event": kind, "at": moment, "priority": None})
            if kind == "paused":
                moment = moment + pd.Timedelta(minutes=30)
                rows.append({"id": ticket, "event": "resumed", "at": moment, "priority": None})
    rows.append({"id": None, "event": "paused", "at": pd.Timestamp("2026-11-20"), "priority": None})
    rows.append(
        {"id": "E001", "event": "Visita", "at": pd.Timestamp("2026-11-30"), "priority": None}
    )
    draw.shuffle(rows)  # a ticket's rows anywhere in the collection
    return pd.DataFrame(rows)


_NAMES = {"Apertura": "created", "Llamada": "updated", "Encuesta": "ignore"}


def _events_as_one_process(
    client: Any, collection: Any, log: Any, policy: Any = POLICY
) -> tuple[Any, list[tuple[Any, ...]], Any]:
    """Check the event-log report of *collection* against ``run_report`` over the rows of
    *log* (pandas, the same rows in order) grouped by ticket (a stable sort by id), lines
    kept; return the results, the rejections and the summary."""
    from slaclock.files import Row

    report = report_dask(collection, policy, now=NOW, events=True, event_names=_NAMES)
    results, rejections, summary = client.compute(
        [report.results, report.rejections, report.summary], sync=True
    )
    log = log.reset_index(drop=True)
    keyed = log.assign(_line=range(1, len(log) + 1), _key=log["id"].fillna("").astype(str))
    grouped = keyed.sort_values(["_key", "_line"], kind="stable")
    rows = [
        Row(int(line), {k: v for k, v in record.items() if k not in ("_line", "_key")})
        for line, record in zip(grouped["_line"], grouped.to_dict("records"), strict=True)
    ]
    run = run_report(policy, rows, events=True, now=NOW, event_names=_NAMES)
    expected = results_frame(list(run.records()), policy).sort_values("line").reset_index(drop=True)
    got = results.sort_values("line").reset_index(drop=True)
    assert len(expected) > 30
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    refused = sorted((r.line, r.id, r.reason, r.row) for r in run.rejections)
    assert sorted(tuple(r) for r in rejections.itertuples(index=False)) == refused
    assert summary == run.summary
    assert summary.rows_read == len(log)
    return got, refused, summary


def test_an_event_log_on_the_cluster_equals_one_process_grouped_by_ticket(client: Any) -> None:
    log = _event_log()
    _, refused, _ = _events_as_one_process(client, dd.from_pandas(log, npartitions=4), log)
    assert any("unknown event kind 'Visita'" in reason for _, _, reason, _ in refused)


def test_an_event_log_in_csv_files_names_each_rejected_row_s_file(
    client: Any, tmp_path: Path
) -> None:
    # The export's files hold the events in the order of their instants: a ticket's events
    # sit in several files, each file's partition numbered from 0 by Dask.
    log = _event_log().sort_values("at", kind="stable").reset_index(drop=True)
    log["at"] = log["at"].dt.strftime("%Y-%m-%d %H:%M")
    parts = [log.iloc[0:70], log.iloc[70:150], log.iloc[150:]]
    for number, part in enumerate(parts):
        part.to_csv(tmp_path / f"events-{number}.csv", index=False)
    collection = dd.read_csv(
        str(tmp_path / "events-*.csv"), dtype=str, include_path_column="file", blocksize=None
    )
    assert collection.npartitions == 3
    rows = pd.concat(
        [
            pd.read_csv(tmp_path / f"events-{n}.csv", dtype=str).assign(
                file=str(tmp_path / f"events-{n}.csv")
            )
            for n in range(3)
        ],
        ignore_index=True,
    )
    _, refused, _ = _events_as_one_process(client, collection, rows)
    report = report_dask(collection, POLICY, now=NOW, events=True, event_names=_NAMES, files="file")
    rejections = report.rejections.compute().sort_values("line")
    assert sorted(tuple(r)[:4] for r in rejections.itertuples(index=False)) == refused
    starts = {str(tmp_path / f"events-{n}.csv"): first for n, first in enumerate([0, 70, 150])}
    for line, name, place in zip(
        rejections["line"], rejections["file"], rejections["file_line"], strict=True
    ):
        assert starts[name] + place == line  # the file's row at that place is the line's
    visit = rejections[rejections["reason"].str.contains("unknown event kind 'Visita'")]
    assert len(visit) == 1
    name, place = visit["file"].iloc[0], visit["file_line"].iloc[0]
    assert ",Visita," in Path(name).read_text(encoding="utf-8").splitlines()[place]


def _event_pass(
    tmp_path: Path, npartitions: int, percentiles: str, tickets: int = 10
) -> tuple[Any, list[Any]]:
    """An event log's report and its one pass: the results written, the summary counted
    (``"sketch up front"``: the report asked for the sketch, ``"sketch"``: an exact report's
    summary sketched; ``"exact, rejections written"``: the rejections written too)."""
    log = _event_log(npartitions * tickets)
    frame = dd.from_pandas(log, npartitions=npartitions)
    kind: Any = "sketch" if percentiles == "sketch up front" else "exact"
    report = report_dask(
        frame, POLICY, now=NOW, events=True, event_names=_NAMES, percentiles=kind, error=0.5
    )
    writing = report.results.to_parquet(str(tmp_path / percentiles), compute=False)
    if percentiles == "sketch":
        return report, [writing, report.summary_with(percentiles="sketch", error=0.5)]
    if percentiles == "exact, rejections written":
        rejected = report.rejections.to_parquet(str(tmp_path / "e"), compute=False)
        return report, [writing, rejected, report.summary]
    return report, [writing, report.summary]


@pytest.mark.parametrize("method", ["tasks", "p2p"])
@pytest.mark.parametrize(
    "percentiles", ["exact", "sketch", "sketch up front", "exact, rejections written"]
)
@pytest.mark.parametrize("npartitions", [16, 33])
def test_an_event_log_s_one_pass_lets_each_evaluated_partition_go_once_written(
    tmp_path: Path, npartitions: int, percentiles: str, method: str
) -> None:
    """After the shuffle that brings each ticket's events together, every partition's
    evaluation can run at once; Dask's order then wrote each partition's results soon after
    its evaluation but counted its share of the summary at the end, holding every evaluated
    partition (16 of 16, 33 of 33 with the tasks shuffle, 15 and 31 with p2p). The results
    now wait for the partition's share (``DaskReport.shares_first``): one held at a time."""
    with dask.config.set({"dataframe.shuffle.method": method}):
        _, one_pass = _event_pass(tmp_path, npartitions, percentiles)
        assert most_evaluated_held(one_pass) <= 2


def test_an_event_log_s_one_pass_evaluates_and_counts_each_partition_once(
    tmp_path: Path,
) -> None:
    """The results and the summary read the same share of each partition (one task each),
    and the sketched summary made from the exact shares is the one each partition's sketch
    gives (the report without ``shares_first``)."""
    pytest.importorskip("pyarrow")
    from dataclasses import replace

    from dask.callbacks import Callback

    with dask.config.set({"dataframe.shuffle.method": "tasks"}):  # (p2p needs a cluster)
        report, one_pass = _event_pass(tmp_path, 6, "sketch")
    ran: list[str] = []

    class Counting(Callback):  # type: ignore[misc]
        def _pretask(self, key: Any, dsk: Any, state: Any) -> None:
            name = str(key[0] if isinstance(key, tuple) else key)
            ran.extend(
                kind for kind in ("_evaluate_events", "summary_part") if name.startswith(kind)
            )

    with dask.config.set(scheduler="synchronous"), Counting():
        _, sketched = dask.compute(*one_pass)
    assert ran.count("_evaluate_events") == 6
    assert ran.count("summary_part") == 6
    apart = replace(report, shares_first=False)
    with dask.config.set(scheduler="synchronous"):
        assert sketched == apart.summary_with(percentiles="sketch", error=0.5).compute()
        assert report.summary.compute() == apart.summary.compute()
        assert sketched.total.tickets == report.summary.compute().total.tickets > 30


def test_an_event_log_asked_for_the_sketch_up_front_sketches_each_share(tmp_path: Path) -> None:
    """With ``report_dask(..., percentiles="sketch")`` each share the results wait for is a
    sketch (a few buckets, not a ticket's times each), the summary is the one each
    partition's sketch gives, and an exact summary of the same report is still exact."""
    pytest.importorskip("pyarrow")
    from dataclasses import replace

    with dask.config.set({"dataframe.shuffle.method": "tasks"}):
        report, one_pass = _event_pass(tmp_path, 2, "sketch up front", tickets=300)
    with dask.config.set(scheduler="synchronous"):
        _, sketched = dask.compute(*one_pass)
        shares = report._shares().compute()  # (the shares the summary reads)
        apart = replace(report, shares_first=False)
        assert sketched == apart.summary_with(percentiles="sketch", error=0.5).compute()
        exact = report.summary_with(percentiles="exact").compute()
        assert exact == replace(report, percentiles="exact").summary.compute()
    assert sketched.total.tickets == exact.total.tickets > 300
    assert sketched != exact  # (so the comparisons above can tell the two apart)
    for share in shares:
        assert isinstance(share.times, pd.Series)
        tickets = int(share.counts["tickets"].sum())
        assert len(share.times) < tickets / 3  # buckets, far fewer than tickets


def _zone_in_force(created: Any, plan: Any) -> str:
    """The literal rule for :data:`VERSIONS`: the later version from 00:00 on 23 November
    2026 in the zone of its plan (a naive creation read in that zone), and the zone of the
    ticket's plan in the version in force (the default plan is standard)."""
    later_zone = "Asia/Tokyo" if plan == "24x7" else "America/New_York"
    tz = ZoneInfo(later_zone)
    moment = pd.Timestamp(created).to_pydatetime()
    moment = moment.replace(tzinfo=tz) if moment.tzinfo is None else moment
    later = moment >= datetime(2026, 11, 23, tzinfo=tz)
    return later_zone if later else "America/New_York"


def test_versions_of_a_policy_on_the_cluster_equal_the_single_process_report(client: Any) -> None:
    tickets = _tickets()
    report = report_dask(dd.from_pandas(tickets, npartitions=4), VERSIONS, now=NOW)
    results, rejections, summary, sketched = client.compute(
        [
            report.results,
            report.rejections,
            report.summary,
            report.summary_with(percentiles="sketch", error=0.01),
        ],
        sync=True,
    )
    expected, refused, exact = _as_one_process(tickets, VERSIONS)
    got = results.sort_values("line").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
    assert [tuple(r) for r in rejections.itertuples(index=False)] == refused
    assert summary == exact
    assert _within_error(sketched, exact, 0.01) > 20
    # each row's zone: its plan's zone in the version in force at its creation
    given = tickets.iloc[got["line"].to_numpy() - 1]
    zones = [_zone_in_force(c, p) for c, p in zip(given["created"], given["plan"], strict=True)]
    assert got["zone"].tolist() == zones
    assert sorted(set(zip(got["plan"], got["zone"], strict=True))) == [
        ("24x7", "America/New_York"), ("24x7", "Asia/Tokyo"), ("standard", "America/New_York")
    ]  # fmt: skip
    assert (
        got["response_due"]
        .ne(
            results_frame(list(run_report(POLICY, tickets, now=NOW).records()), POLICY)[
                "response_due"
            ]
        )
        .sum()
        > 50
    )  # the later version answers otherwise


def test_an_event_log_under_versions_on_the_cluster_equals_one_process(client: Any) -> None:
    log = _event_log()
    created = log["event"] == "Apertura"
    log["plan"] = None
    log.loc[created & (log["id"].str[-1].isin(list("02468"))), "plan"] = "24x7"
    got, _, summary = _events_as_one_process(
        client, dd.from_pandas(log, npartitions=4), log, VERSIONS
    )
    opened = log[created].set_index("id")
    zones = [
        _zone_in_force(opened.loc[ticket, "at"], opened.loc[ticket, "plan"]) for ticket in got["id"]
    ]
    assert got["zone"].tolist() == zones
    assert zones.count("Asia/Tokyo") > 3
    assert "America/New_York" in zones
    later = [t >= pd.Timestamp("2026-11-23") for t in opened.loc[list(got["id"]), "at"]]
    assert 5 < sum(later) < len(later) - 5  # tickets on both sides of the change
    assert {group.plan for group in summary.groups} == {"standard", "24x7"}


def test_what_report_dask_cannot_read_as_a_policy_is_named() -> None:
    frame = dd.from_pandas(_tickets(10), 1)
    with pytest.raises(
        slaclock.InvalidInputError,
        match=r"policy \{'2026-01-01': .*\}: expected a slaclock Policy, or a PolicyVersions",
    ):
        report_dask(frame, {"2026-01-01": POLICY}, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(slaclock.InvalidInputError, match=r"policy 'miami-desk\.toml': expected"):
        results_frame([], "miami-desk.toml")  # type: ignore[arg-type]


def test_results_of_versions_need_the_instants_records_give() -> None:
    records = list(run_report(VERSIONS, _tickets(10), now=NOW).records())
    assert results_frame(records, VERSIONS)["zone"].notna().all()
    first = records[0]
    written = {**first, "created": first["created"].isoformat()}  # type: ignore[attr-defined]
    with pytest.raises(
        slaclock.InvalidInputError,
        match=rf"result at line {first['line']}: created '2026-.*': expected an aware datetime",
    ):
        results_frame([written], VERSIONS)
