"""`slaclock.distributed.report_dask` on a local Dask cluster: tickets per second, scaling, memory.

    python benchmarks/bench_dask.py                         # 10,000,000 tickets (long: see README)
    python benchmarks/bench_dask.py --tickets 100000        # a few minutes
    python benchmarks/bench_dask.py --quick                 # 20,000 tickets
    python benchmarks/bench_dask.py --workers 1,2,4 --keep /tmp/tickets
    python benchmarks/bench_dask.py --events                # 10,000,000 events, an event log

The input is one row per ticket, generated with a fixed seed (vectorised, so ten million rows
take seconds) and written as a Parquet dataset of several files, each of several row groups:
a year of tickets created in 2026 (every daylight-saving change and Florida holiday of the
year crossed), the plans of ``docs/examples/miami-desk.toml`` (the default plan, ``standard``
named explicitly, ``24x7``), mixed priorities and aliases (``critical``, ``urgent``,
``normal``), naive timestamps (read in the plan's zone), ``responded`` missing for about 15%
of the tickets and ``solved`` for about a third, and about one row in a thousand rejected
(a missing or unknown priority).

For each worker count a fresh ``LocalCluster(processes=True, threads_per_worker=1)`` is
started; the timed run is ``dd.read_parquet`` -> ``report_dask(...)`` (lazy: counting the
partitions' rows and reading the ids, to catch repeats across partitions, are part of the
graph) -> one compute that writes the results back with
``to_parquet`` and computes the summary in the same pass (``dask.compute(writing,
report.summary)``, which gathers 20 bytes per
ticket for the exact percentiles), each partition evaluated once and let go. The cluster's
start is not timed. Peak memory is each worker process's maximum resident set size, asked
of the workers after the run.

With ``--events`` the input is the event log of the same kind of tickets (``created`` with the
priority and plan, ``responded``, ``solved``, and a ``paused``/``resumed`` pair for a tenth of
them; about 2.9 rows a ticket, ``--tickets`` counting the rows), written in the order of the
events' instants, so a ticket's events sit in different files; ``report_dask(...,
events=True)`` brings them together by a shuffle on the ticket id.

Each run also prints the graph's task count (the optimized graph of the one compute) and the
most evaluated partitions one thread would hold at once in Dask's static order (``dask.order``,
the priorities a worker runs its tasks by: a partition is held from its evaluation until its
results and its share of the summary are taken). With
``--trace SECONDS`` a thread of the client samples every worker during the run (its RSS and the
task results it holds, by kind: how many and their bytes as Dask estimates them) and prints
the timeline and the most results of each kind held at once.

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _common import environment, import_slaclock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from dask_order import most_evaluated_held

SEED = 2026
NOW = "2027-02-01 00:00"
POLICY_PATH = Path(__file__).resolve().parent.parent / "docs" / "examples" / "miami-desk.toml"
PLANS = [("", 0.55), ("standard", 0.25), ("24x7", 0.20)]
PRIORITIES = [
    ("high", 0.12),
    ("critical", 0.04),
    ("urgent", 0.04),
    ("medium", 0.30),
    ("normal", 0.10),
    ("low", 0.40),
]


def peak_rss_kib() -> int:
    """This process's maximum resident set size, in KiB (Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker_sample(dask_worker: object) -> tuple[int, dict[str, tuple[int, int]]]:
    """A worker's resident set size (bytes) and the task results it holds: for each kind of
    task (its key's name up to the token), how many and their bytes as Dask estimates them."""
    import psutil

    held: dict[str, tuple[int, int]] = {}
    state = dask_worker.state  # type: ignore[attr-defined]
    for key in list(dask_worker.data):  # type: ignore[attr-defined]
        name = key[0] if isinstance(key, tuple) else str(key)
        kind = name.rsplit("-", 1)[0] if "-" in name else name
        task = state.tasks.get(key)
        count, size = held.get(kind, (0, 0))
        held[kind] = (count + 1, size + (task.nbytes or 0 if task is not None else 0))
    return psutil.Process().memory_info().rss, held


class Sampler:
    """Polls every worker (:func:`worker_sample`) every *interval* seconds from a thread of
    the client, while a run goes on; :meth:`report` prints the timeline."""

    def __init__(self, client: object, interval: float) -> None:
        import threading

        self.client, self.interval = client, interval
        self.samples: list[tuple[float, dict[str, object]]] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Sampler:
        self.started = time.perf_counter()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()

    def _poll(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                found = self.client.run(worker_sample)  # type: ignore[attr-defined]
            except Exception:  # (a worker busy or gone: skip this sample)
                continue
            self.samples.append((time.perf_counter() - self.started, found))

    def report(self) -> None:
        """One line per sample and worker: seconds, RSS, results held by kind (count and MiB)."""
        peaks: dict[str, int] = {}
        for seconds, found in self.samples:
            for number, (rss, held) in enumerate(found.values()):  # type: ignore[misc]
                kinds = sorted(held.items(), key=lambda item: -item[1][1])
                text = ", ".join(f"{k} {c} ({b / 2**20:,.0f})" for k, (c, b) in kinds[:6])
                print(f"    t={seconds:6.1f}s w{number} rss {rss / 2**20:7,.0f} MiB | {text}")
                for kind, (count, _) in held.items():
                    peaks[kind] = max(peaks.get(kind, 0), count)
        print(
            "    most results of each kind held at once: "
            + ", ".join(f"{k} {c}" for k, c in sorted(peaks.items()))
        )


def generate(folder: Path, tickets: int, files: int, seed: int) -> int:
    """Write *tickets* rows as *files* Parquet files in *folder*; return the bytes written."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder.mkdir(parents=True, exist_ok=True)
    generator = np.random.default_rng(seed)
    start = np.datetime64("2026-01-02T00:00", "s")
    bounds = np.linspace(0, tickets, files + 1).astype(np.int64)
    total = 0
    for index, (first, last) in enumerate(itertools.pairwise(bounds)):
        count = int(last - first)
        created = start + generator.integers(0, 360 * 24 * 3600, count).astype("timedelta64[s]")
        minutes = generator.exponential(10 * 60, count).astype(np.int64) + 1
        responded = created + (minutes * 60).astype("timedelta64[s]")
        minutes = generator.exponential(40 * 60, count).astype(np.int64) + 1
        solved = responded + (minutes * 60).astype("timedelta64[s]")
        responded = responded.astype("datetime64[us]")
        solved = solved.astype("datetime64[us]")
        no_response = generator.random(count) < 0.15
        responded[no_response] = np.datetime64("NaT")
        solved[no_response | (generator.random(count) < 0.2)] = np.datetime64("NaT")
        priority = generator.choice(
            [name for name, _ in PRIORITIES], count, p=[w for _, w in PRIORITIES]
        ).astype(object)
        broken = generator.random(count) < 0.001  # exports break
        priority[broken] = np.where(generator.random(int(broken.sum())) < 0.5, None, "urgentísimo")
        plan = generator.choice([name for name, _ in PLANS], count, p=[w for _, w in PLANS])
        rows = np.arange(first, last, dtype=np.int64)
        frame = pd.DataFrame(
            {
                "row": rows,
                "id": pd.Series(rows + 1).map("T{:08d}".format),
                "created": created.astype("datetime64[us]"),
                "priority": priority,
                "plan": plan,
                "responded": responded,
                "solved": solved,
            }
        )
        path = folder / f"part-{index:04d}.parquet"
        table = pa.Table.from_pandas(frame, preserve_index=False)
        pq.write_table(table, path, row_group_size=max(1, min(100_000, count // 2 or 1)))
        total += path.stat().st_size
    return total


def generate_events(folder: Path, tickets: int, files: int, seed: int) -> tuple[int, int]:
    """Write the event log of *tickets* tickets as *files* Parquet files in *folder*, the rows
    in the order of their instants (so a ticket's events sit in different files): each
    ticket's ``created`` (with its priority and plan), ``responded`` and ``solved`` where
    :func:`generate` has them, and a ``paused``/``resumed`` pair for a tenth of the tickets.
    Return the rows and the bytes written."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    scratch = folder.parent / f"{folder.name}-tickets"
    generate(scratch, tickets, files, seed)
    one = pd.read_parquet(scratch)
    shutil.rmtree(scratch)
    generator = np.random.default_rng(seed + 1)
    paused = generator.random(len(one)) < 0.1
    pause_at = one["created"] + pd.to_timedelta(generator.integers(60, 3600, len(one)), "s")
    resume_at = pause_at + pd.to_timedelta(generator.integers(600, 14400, len(one)), "s")
    empty = pd.Series([None] * len(one), dtype=object)
    kinds = [
        ("created", one["created"], one["priority"], one["plan"], np.ones(len(one), bool)),
        ("responded", one["responded"], empty, empty, one["responded"].notna().to_numpy()),
        ("solved", one["solved"], empty, empty, one["solved"].notna().to_numpy()),
        ("paused", pause_at, empty, empty, paused),
        ("resumed", resume_at, empty, empty, paused),
    ]
    parts = [
        pd.DataFrame(
            {
                "ticket": one["id"][chosen],
                "event": kind,
                "at": at[chosen],
                "priority": priority[chosen],
                "plan": plan[chosen],
            }
        )
        for kind, at, priority, plan, chosen in kinds
    ]
    log = pd.concat(parts, ignore_index=True).sort_values("at", kind="stable")
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    bounds = np.linspace(0, len(log), files + 1).astype(np.int64)
    for index, (first, last) in enumerate(itertools.pairwise(bounds)):
        path = folder / f"part-{index:04d}.parquet"
        table = pa.Table.from_pandas(log.iloc[first:last], preserve_index=False)
        pq.write_table(table, path, row_group_size=100_000)
        total += path.stat().st_size
    return len(log), total


def run(
    source: Path,
    out: Path,
    workers: int,
    policy: object,
    flat: bool = False,
    events: bool = False,
    trace: float = 0.0,
    rejections: bool = False,
) -> dict[str, object]:
    """One timed run on a fresh local cluster of *workers* processes; *flat*: nothing per
    ticket gathered (repeats within partitions, sketched percentiles); *rejections*: written
    in the same pass too."""
    import dask
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from slaclock.distributed import report_dask
    from slaclock.report import Columns

    with (
        LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            memory_limit=0,  # no spilling or pausing: measure, do not manage
        ) as cluster,
        Client(cluster) as client,
    ):
        client.wait_for_workers(workers)
        before = client.run(peak_rss_kib)
        started = time.perf_counter()
        percentiles = "sketch" if flat else "exact"
        if events:
            tickets = dd.read_parquet(str(source))
            report = report_dask(
                tickets,
                policy,
                now=NOW,
                events=True,
                columns=Columns(id="ticket"),
                percentiles=percentiles,
            )  # type: ignore[arg-type]
        else:
            tickets = dd.read_parquet(str(source), index="row")
            repeats = "partition" if flat else "all"
            report = report_dask(tickets, policy, now=NOW, repeats=repeats, percentiles=percentiles)  # type: ignore[arg-type]
        owners = time.perf_counter() - started  # building the graph (report_dask is lazy)
        # one pass: the results written (their declared types) and the summary counted from
        # the same evaluated partitions, each let go once both are done with it
        parts = [report.results.to_parquet(str(out), write_index=False, compute=False)]
        if rejections:
            errors = out.with_name(out.name + "-rejections")
            if errors.exists():
                shutil.rmtree(errors)
            parts.append(report.rejections.to_parquet(str(errors), compute=False))
        parts.append(report.summary)
        tasks = len(  # the tasks of the one compute: all graphs, their shared tasks once
            {key for part in parts for key in dict(part.__dask_graph__())}
        )
        if trace:
            with Sampler(client, trace) as sampler:
                summary = dask.compute(*parts)[-1]
            sampler.report()
        else:
            summary = dask.compute(*parts)[-1]
        seconds = time.perf_counter() - started
        held = most_evaluated_held(parts)  # (not timed)
        peaks = client.run(peak_rss_kib)
    return {
        "workers": workers,
        "partitions": tickets.npartitions,
        "seconds": seconds,
        "ids_seconds": owners,
        "tasks": tasks,
        "held": held,
        "summary": summary,
        "idle_kib": sorted(before.values()),
        "peak_kib": sorted(peaks.values()),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tickets", type=int, default=10_000_000, help="tickets to generate (default: 10,000,000)"
    )
    parser.add_argument("--quick", action="store_true", help="20,000 tickets")
    parser.add_argument("--workers", default="1,2", help="worker counts to run (default: 1,2)")
    parser.add_argument(
        "--files", type=int, default=0, help="Parquet files (default: 8, or one per 500,000 rows)"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--keep", type=Path, help="write the dataset and results here, and keep")
    parser.add_argument(
        "--flat",
        action="store_true",
        help='nothing per ticket gathered: percentiles="sketch" (and repeats="partition" for '
        "one-row tickets)",
    )
    parser.add_argument(
        "--events",
        action="store_true",
        help="an event log (about 2.9 rows a ticket, in the order of their instants) instead "
        "of one row per ticket; --tickets counts the rows",
    )
    parser.add_argument(
        "--rejections",
        action="store_true",
        help="write the rejections in the same pass too (Parquet, beside the results)",
    )
    parser.add_argument(
        "--trace",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="sample each worker's RSS and the results it holds every SECONDS, and print them",
    )
    args = parser.parse_args(argv)
    tickets = 20_000 if args.quick else args.tickets
    counts = [int(value) for value in args.workers.split(",") if value.strip()]
    files = args.files or max(8, -(-tickets // 500_000))

    slaclock = import_slaclock()
    policy = slaclock.load_policy(POLICY_PATH)
    print("# report_dask on a LocalCluster (processes, 1 thread per worker)\n")
    for line in environment(["slaclock", "dask", "distributed", "pandas", "pyarrow", "numpy"]):
        print(line)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="slaclock-bench-dask-"))
    try:
        source = folder / "tickets"
        if source.exists():
            shutil.rmtree(source)
        started = time.perf_counter()
        if args.events:  # about 2.9 rows a ticket: --tickets rows in all; made in a process
            # of its own, so that the workers (forked from this one) do not start with its memory
            with ProcessPoolExecutor(1) as pool:
                rows, size = pool.submit(
                    generate_events, source, max(1, round(tickets / 2.9)), files, args.seed
                ).result()
            what = f"{rows:,} events"
        else:
            rows, size = tickets, generate(source, tickets, files, args.seed)
            what = f"{tickets:,} tickets"
        print(
            f"input: {what} (seed {args.seed}), {files} Parquet files, "
            f"{size / 2**20:,.1f} MiB, generated in {time.perf_counter() - started:.1f} s"
        )
        print(f"policy: {POLICY_PATH.name}, now {NOW}\n")
        runs = []
        for workers in counts:
            out = folder / f"results-{workers}w"
            if out.exists():
                shutil.rmtree(out)
            result = run(
                source, out, workers, policy, args.flat, args.events, args.trace, args.rejections
            )
            runs.append(result)
            summary = result["summary"]
            seconds = float(result["seconds"])  # type: ignore[arg-type]
            peaks = ", ".join(f"{kib / 1024:,.0f}" for kib in result["peak_kib"])  # type: ignore[attr-defined]
            idle = ", ".join(f"{kib / 1024:,.0f}" for kib in result["idle_kib"])  # type: ignore[attr-defined]
            print(
                f"{workers} worker(s), {result['partitions']} partitions: {seconds:,.1f} s, "
                f"{rows / seconds:,.0f} rows/s (of which building the graph "
                f"{float(result['ids_seconds']):,.1f} s), {result['tasks']:,} tasks"  # type: ignore[arg-type]
            )
            print(f"    peak RSS per worker: {peaks} MiB (idle before the run: {idle} MiB)")
            print(f"    evaluated partitions held at once in Dask's static order: {result['held']}")
            print(
                f"    summary: {summary.rows_read:,} rows read, {summary.tickets:,} tickets, "  # type: ignore[attr-defined]
                f"{summary.rows_rejected:,} rejected, {summary.total.met:,} met, "  # type: ignore[attr-defined]
                f"{summary.total.breached:,} breached, {summary.total.open:,} open"  # type: ignore[attr-defined]
            )
        by_count = {int(r["workers"]): float(r["seconds"]) for r in runs}  # type: ignore[arg-type]
        if 1 in by_count:
            for workers, seconds in sorted(by_count.items()):
                if workers != 1:
                    print(
                        f"\nspeed-up {workers} workers / 1 worker: {by_count[1] / seconds:.2f}x "
                        f"(rows/s ratio)"
                    )
        print(f"client peak RSS: {peak_rss_kib() / 1024:,.0f} MiB")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept: {folder}")


if __name__ == "__main__":
    sys.exit(main())
