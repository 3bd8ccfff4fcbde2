"""Two source trees of slaclock timed side by side in the same run: one CPU each, swapped
every round, the median of the per-round ratios.

On a shared, noisy machine the time of one run moves by ±30 % from minute to minute, so a
figure taken at 10:00 cannot be compared with one taken at 10:20. This script runs the same
workload under two source trees *at the same time*, each pinned to its own CPU (``taskset -c
0`` and ``taskset -c 1``), swaps the CPUs every round (so a slower core or a neighbour's job
on one of them hits both trees alike over the rounds), and prints each round's times, the
median of each tree and the **median of the per-round ratios** second/first (new/old: below 1
is faster). The first ``--src`` is the baseline; each tree is chosen with ``PYTHONPATH``
and every child checks that it imported slaclock from the tree it was given.

    # the year of tickets of bench_report.py, generated once into --data (about a minute)
    python benchmarks/bench_compare.py report-rows --src old=/work/wt-old/src \\
        --src new=src --rounds 5 --data /tmp/slaclock-compare --keep /tmp/slaclock-compare/out
    python benchmarks/bench_compare.py report-events --src old=/work/wt-old/src \\
        --src new=src --rounds 5 --data /tmp/slaclock-compare --keep /tmp/slaclock-compare/out
    python benchmarks/bench_compare.py evaluate --src old=/work/wt-old/src --src new=src \\
        --rounds 11
    python benchmarks/bench_compare.py command --src old=/work/wt-old/src --src new=src \\
        --rounds 9 --command "python -c 'import slaclock'"

Workloads:

* ``report-rows``: ``python -m slaclock report`` (the command line, a child process) over
  ``--tickets`` one-row tickets (default 1,000,000), the CSV results, the rejected rows and
  the JSON summary written to a folder of each tree's own, ``--now 2027-02-01 00:00``: the
  command of ``bench_report.py``. The input and the policy are ``bench_report.py``'s
  (:func:`bench_report.generate`, seed ``--seed``), generated once into ``--data`` and
  reused while they are there, so both trees read the very same file. The figure is each
  child's wall time from start to exit (imports included); its CPU time (user and system)
  is printed too. After every round the results, errors and summary of the two trees are
  compared byte for byte; the first differing lines and the count of differing lines are
  printed when they differ. ``--keep DIR`` keeps the last round's files in ``DIR/<label>.*``.
* ``report-events``: the same over the event log of ``--tickets`` tickets (``--events
  --id-col ticket``; 3,754,687 rows for a million tickets).
* ``report-baseline``: the first tree's child reads the same one-row tickets with the ``csv``
  module and parses the ``created`` and ``responded`` columns with ``datetime.fromisoformat``
  (``read_baseline.py``: what a script does before it does anything), the second's runs
  ``report-rows``' command; the ratio is the report's time over the baseline's (the issue's
  "x the baseline" is its inverse).
* ``events-baseline``: the same for the event log: the baseline reads it and parses its
  ``at`` column, the report is ``report-events``' command.
* ``floor-baseline``: the baseline of ``report-baseline`` against the least a report on Arrow
  can cost for these tickets and results (``report_floor.py``: the report's imports, Arrow
  reading the input's columns as text and writing the report's result text, made once
  beforehand by the second tree's report and mapped from an Arrow IPC file; no evaluation,
  no formatting). Read ``report-baseline``'s ratio against this one: what is left between
  them is the report's own work.
* ``evaluate``: the scalar ``slaclock.tracking.evaluate(policy, events, now)`` on the desk of
  ``docs/examples/miami-desk.toml``, in µs per call, measured timeit-style inside each child
  (this script run under each tree with ``--child evaluate``): the garbage collector off,
  each repeat loops until it lasts ``--min-time`` s, ``--repeats`` repeats in a rotating
  order of shapes, the child's figure the median of its repeats. Every call before timing is
  a warm-up: the years' indexes and whatever a tree caches across calls on the same policy
  are built, so the figures are the steady cost of one more ticket. Shapes (naive times,
  read in New York; ``now`` 2026-11-25 12:00 New York):

  - ``1-event``: created (high) on Monday 2026-11-23 10:00, nothing since;
  - ``4-event``: created (high) 10:00, paused 10:30, resumed 11:15, responded 12:00;
  - ``4-event 24x7``: the same on the ``24x7`` plan (calendar-time targets);
  - ``8-event``: created (medium) 09:30, responded 10:00, re-graded to high 10:30, paused
    11:00, resumed 13:00, solved 15:00, reopened Tuesday 09:30, solved Tuesday 11:00.

  The children also print each shape's status; the parent checks that both trees give the
  same answer, field by field, and lists the fields that differ.
* ``command``: any command (``--command``, split as a shell would, no shell), run with each
  tree's ``PYTHONPATH``; ``{src}`` and ``{label}`` in it are replaced by the tree's folder and
  label, ``{out}`` by a folder of the tree's own (emptied before each round).

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import gc
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NOW = "2027-02-01 00:00"
OUTPUTS = ("results.csv", "errors.csv", "summary.json")
WORKLOADS = (
    "report-rows", "report-events", "report-baseline", "events-baseline", "floor-baseline",
    "evaluate", "command",
)  # fmt: skip


@dataclass
class Tree:
    label: str
    src: Path
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    on: list[int] = field(default_factory=list)
    figures: list[dict[str, float]] = field(default_factory=list)  # evaluate: µs per shape
    cpu_figures: list[dict[str, float]] = field(default_factory=list)  # the same, CPU time
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    index: int = 0  # the first --src (0, the baseline) or the second (1)


def parse_src(text: str, index: int) -> Tree:
    label, _, path = text.rpartition("=")
    src = Path(path).resolve()
    if not (src / "slaclock" / "__init__.py").is_file():
        raise SystemExit(f"--src {text}: no slaclock package in {src}")
    return Tree(label or ("old", "new")[index], src, index=index)


# -- the children --------------------------------------------------------------------------------


def child_env(tree: Tree) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree.src)
    env["PYTHONHASHSEED"] = "0"
    return env


def command_for(args: argparse.Namespace, tree: Tree, out: Path) -> list[str]:
    if args.workload == "report-baseline" and tree.index == 0:
        return [sys.executable, str(HERE / "read_baseline.py"), str(data_file(args, "tickets"))]
    if args.workload == "floor-baseline":
        if tree.index == 0:
            return [sys.executable, str(HERE / "read_baseline.py"), str(data_file(args, "tickets"))]
        return [
            sys.executable, str(HERE / "report_floor.py"), str(data_file(args, "tickets")),
            str(results_file(args)), str(out / "results.csv"),
        ]  # fmt: skip
    if args.workload == "events-baseline" and tree.index == 0:
        return [
            sys.executable,
            str(HERE / "read_baseline.py"),
            str(data_file(args, "events")),
            "at",
        ]
    if args.workload in ("report-rows", "report-events", "report-baseline", "events-baseline"):
        shape = "events" if args.workload in ("report-events", "events-baseline") else "tickets"
        command = [
            sys.executable, "-m", "slaclock", "report", str(data_file(args, shape)),
            "--policy", str(Path(args.data) / "policy.toml"), "--now", NOW,
            "--output", str(out / "results.csv"), "--errors", str(out / "errors.csv"),
            "--summary", str(out / "summary.json"),
        ]  # fmt: skip
        if shape == "events":
            command += ["--events", "--id-col", "ticket"]
        return command
    if args.workload == "evaluate":
        return [
            sys.executable, str(Path(__file__).resolve()), "evaluate", "--child",
            "--src", f"{tree.label}={tree.src}", "--repeats", str(args.repeats),
            "--min-time", str(args.min_time),
        ]  # fmt: skip
    fields = {"src": str(tree.src), "label": tree.label, "out": str(out)}
    return [part.format(**fields) for part in shlex.split(args.command)]


def run_round(
    args: argparse.Namespace, trees: list[Tree], cpus: list[int], folders: list[Path]
) -> list[str]:
    """Start both children at once, each on its CPU; record each one's wall and CPU time."""
    children = {}
    outputs = []
    for tree, cpu, folder in zip(trees, cpus, folders, strict=True):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        command = ["taskset", "-c", str(cpu), *command_for(args, tree, folder)]
        with (folder / "stdout.txt").open("w") as out, (folder / "stderr.txt").open("w") as err:
            started = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=out, stderr=err, text=True, env=child_env(tree), cwd=folder
            )
        children[child.pid] = (tree, cpu, started, folder)
        outputs.append("")
    finished: dict[int, tuple[float, float, int]] = {}
    while len(finished) < len(children):
        pid, status, usage = os.wait4(-1, 0)
        if pid in children:
            seconds = time.perf_counter() - children[pid][2]
            cpu_seconds = usage.ru_utime + usage.ru_stime
            finished[pid] = (seconds, cpu_seconds, os.waitstatus_to_exitcode(status))
    for pid, (tree, cpu, _, folder) in children.items():
        seconds, cpu_seconds, code = finished[pid]
        stdout = (folder / "stdout.txt").read_text()
        stderr = (folder / "stderr.txt").read_text()
        if code != 0 and not (code == 1 and args.workload.startswith(("report", "events"))):
            # (``slaclock report`` exits 1 when it rejected rows: the inputs hold bad ones)
            print(stderr, file=sys.stderr)
            raise SystemExit(f"{tree.label}: the child failed with exit status {code}")
        tree.walls.append(seconds)
        tree.cpus.append(cpu_seconds)
        tree.on.append(cpu)
        outputs[trees.index(tree)] = stdout
    return outputs


# -- the input files -----------------------------------------------------------------------------


def data_file(args: argparse.Namespace, shape: str) -> Path:
    return Path(args.data) / f"{shape}-{args.tickets}-seed{args.seed}.csv"


def prepare_data(args: argparse.Namespace) -> None:
    """bench_report.py's policy and input, generated once into --data."""
    sys.path.insert(0, str(HERE))
    from bench_report import POLICY, generate

    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    policy = folder / "policy.toml"
    if not policy.exists() or policy.read_text(encoding="utf-8") != POLICY:
        policy.write_text(POLICY, encoding="utf-8")
    shape = "events" if args.workload in ("report-events", "events-baseline") else "tickets"
    path = data_file(args, shape)
    if path.exists():
        print(f"- input: {path} ({path.stat().st_size / 1e6:,.1f} MB, reused)")
        return
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    rows, size = generate(partial, args.tickets, shape, args.seed)
    partial.rename(path)
    print(
        f"- input: {path}: {args.tickets:,} tickets, {rows:,} rows, {size / 1e6:,.1f} MB, "
        f"generated in {time.perf_counter() - started:.0f} s (bench_report.generate)"
    )


def results_file(args: argparse.Namespace) -> Path:
    return Path(args.data) / f"results-tickets-{args.tickets}-seed{args.seed}.arrow"


def prepare_results(args: argparse.Namespace, tree: Tree) -> None:
    """The results of the one-row tickets as *tree*'s report writes them, kept once as an
    Arrow IPC file of text columns (``floor-baseline``: what the floor writes)."""
    path = results_file(args)
    if path.exists():
        print(f"- results: {path} ({path.stat().st_size / 1e6:,.1f} MB, reused)")
        return
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        command = command_for(argparse.Namespace(**{**vars(args), "workload": "report-rows"}),
                              tree, out)  # fmt: skip
        subprocess.run(command, env=child_env(tree), cwd=out, stdout=subprocess.DEVNULL)
        made = out / "results.csv"
        names = pa_csv.open_csv(made).schema.names
        table = pa_csv.read_csv(
            made,
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
    partial = path.with_suffix(".partial")
    with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    partial.rename(path)
    print(f"- results: {path}: {table.num_rows:,} rows of {table.num_columns} columns (made once)")


# -- byte for byte -------------------------------------------------------------------------------


def compare_outputs(trees: list[Tree], folders: list[Path], verbose: bool) -> bool:
    same = True
    for name in OUTPUTS:
        first, second = (folder / name for folder in folders)
        if filecmp.cmp(first, second, shallow=False):
            if verbose:
                print(f"  {name}: same bytes ({first.stat().st_size:,} bytes)")
            continue
        same = False
        with first.open("rb") as a, second.open("rb") as b:
            left, right = a.read().splitlines(), b.read().splitlines()
        differing = [
            i for i, (x, y) in enumerate(zip(left, right, strict=False), start=1) if x != y
        ]
        print(
            f"  {name}: DIFFERENT: {len(differing):,} of {len(left):,} / {len(right):,} lines "
            f"differ ({trees[0].label} / {trees[1].label})"
        )
        if verbose:
            for number in differing[:5]:
                print(f"    line {number}:")
                print(f"      {trees[0].label}: {left[number - 1].decode(errors='replace')}")
                print(f"      {trees[1].label}: {right[number - 1].decode(errors='replace')}")
    return same


# -- evaluate, inside a child --------------------------------------------------------------------


def evaluate_shapes() -> dict[str, list[tuple]]:
    day, next_day = "2026-11-23", "2026-11-24"
    four = [
        ("created", f"{day} 10:00", "high", "standard"),
        ("paused", f"{day} 10:30", None, None),
        ("resumed", f"{day} 11:15", None, None),
        ("responded", f"{day} 12:00", None, None),
    ]
    return {
        "1-event": [("created", f"{day} 10:00", "high", "standard")],
        "4-event": four,
        "4-event 24x7": [("created", f"{day} 10:00", "high", "24x7"), *four[1:]],
        "8-event": [
            ("created", f"{day} 09:30", "medium", "standard"),
            ("responded", f"{day} 10:00", None, None),
            ("priority_changed", f"{day} 10:30", "high", None),
            ("paused", f"{day} 11:00", None, None),
            ("resumed", f"{day} 13:00", None, None),
            ("solved", f"{day} 15:00", None, None),
            ("reopened", f"{next_day} 09:30", None, None),
            ("solved", f"{next_day} 11:00", None, None),
        ],
    }


def describe(status: object) -> dict[str, str]:
    """Every field of a TicketStatus as text, metric by metric."""
    fields = {name: repr(getattr(status, name)) for name in ("now", "priority", "plan", "state")}
    for metric, value in status.metrics.items():  # type: ignore[attr-defined]
        for name in value.__dataclass_fields__:
            fields[f"{metric}.{name}"] = repr(getattr(value, name))
    return fields


def evaluate_child(args: argparse.Namespace) -> None:
    import slaclock
    from slaclock.events import Event
    from slaclock.tracking import evaluate

    tree = parse_src(args.src[0], 0)
    where = Path(slaclock.__file__).resolve()
    if tree.src not in where.parents:
        raise SystemExit(f"slaclock imported from {where}, not from {tree.src}")
    policy = slaclock.load_policy(ROOT / "docs" / "examples" / "miami-desk.toml")
    now = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("America/New_York"))
    work = {
        name: [Event(kind, at, priority=priority, plan=plan) for kind, at, priority, plan in rows]
        for name, rows in evaluate_shapes().items()
    }
    answers = {name: describe(evaluate(policy, events, now)) for name, events in work.items()}
    loops = {}
    for name, events in work.items():  # warm up, then size a repeat to about --min-time
        for _ in range(50):
            evaluate(policy, events, now)
        count = 200
        while True:
            started = time.perf_counter()
            for _ in range(count):
                evaluate(policy, events, now)
            if time.perf_counter() - started >= args.min_time / 4 or count > 10**7:
                break
            count *= 2
        per_call = (time.perf_counter() - started) / count
        loops[name] = max(1, int(args.min_time / per_call))
    results: dict[str, list[float]] = {name: [] for name in work}
    cpu: dict[str, list[float]] = {name: [] for name in work}
    names = list(work)
    gc.disable()
    for repeat in range(args.repeats):
        for offset in range(len(names)):
            name = names[(repeat + offset) % len(names)]
            events, count = work[name], loops[name]
            started, started_cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                evaluate(policy, events, now)
            results[name].append((time.perf_counter() - started) / count * 1e6)
            cpu[name].append((time.process_time() - started_cpu) / count * 1e6)
    gc.enable()
    figures = {name: statistics.median(values) for name, values in results.items()}
    cpu_figures = {name: statistics.median(values) for name, values in cpu.items()}
    print(json.dumps({"us": figures, "cpu_us": cpu_figures, "loops": loops, "answers": answers}))


# -- the parent ----------------------------------------------------------------------------------


def ratio_text(values: list[float]) -> str:
    return " ".join(f"{value:.3f}" for value in values)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("workload", choices=WORKLOADS)
    parser.add_argument(
        "--src",
        action="append",
        required=True,
        metavar="[LABEL=]DIR",
        help="a source tree (the folder holding slaclock/); twice: the baseline first",
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--cpus", default="0,1", help="the two CPUs (default 0,1)")
    parser.add_argument(
        "--tickets", type=int, default=1_000_000, help="reports: tickets (default 1,000,000)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="reports: the input's seed")
    parser.add_argument(
        "--data",
        default=str(Path(tempfile.gettempdir()) / "slaclock-compare"),
        help="reports: where the input is generated once and reused",
    )
    parser.add_argument("--keep", metavar="DIR", help="keep the last round's outputs in DIR")
    parser.add_argument(
        "--repeats", type=int, default=7, help="evaluate: repeats in each child (default 7)"
    )
    parser.add_argument(
        "--min-time", type=float, default=0.1, help="evaluate: seconds per repeat (default 0.1)"
    )
    parser.add_argument("--command", help="command: the command to run under each tree")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        evaluate_child(args)
        return
    if len(args.src) != 2:
        parser.error("--src twice: the baseline, then the code measured against it")
    if args.workload == "command" and not args.command:
        parser.error("the command workload needs --command")
    trees = [parse_src(text, index) for index, text in enumerate(args.src)]
    cpus = [int(cpu) for cpu in args.cpus.split(",")]
    sys.path.insert(0, str(HERE))
    from _common import environment

    print(f"# {args.workload}: {trees[1].label} against {trees[0].label}, the same run\n")
    for line in environment(("holidays", "numpy")):
        print(f"- {line}")
    for tree in trees:
        commit = subprocess.run(
            ["git", "-C", str(tree.src), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        where = subprocess.run(
            [sys.executable, "-c", "import slaclock; print(slaclock.__file__)"],
            capture_output=True,
            text=True,
            env=child_env(tree),
            cwd=tempfile.gettempdir(),
        ).stdout.strip()
        if tree.src not in Path(where).resolve().parents:
            raise SystemExit(f"{tree.label}: slaclock imported from {where!r}, not {tree.src}")
        # byte code written beforehand, as installing a package writes it: no child compiles
        # the sources again (with PYTHONDONTWRITEBYTECODE set, each one would)
        compileall.compile_dir(tree.src / "slaclock", quiet=1)
        print(f"- {tree.label}: {tree.src} ({commit[:90]}), imports {where}")
    if args.workload.startswith(("report", "floor")):
        prepare_data(args)
    if args.workload == "floor-baseline":
        prepare_results(args, trees[1])
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="slaclock-compare-"))
    folders = [base / tree.label for tree in trees]
    identical = []
    print()
    for number in range(args.rounds):
        placed = cpus if number % 2 == 0 else cpus[::-1]
        outputs = run_round(args, trees, placed, folders)
        line = ", ".join(
            f"{tree.label} on CPU {tree.on[-1]} {tree.walls[-1]:.2f} s" for tree in trees
        )
        print(f"round {number + 1}: {line}, ratio {trees[1].walls[-1] / trees[0].walls[-1]:.3f}")
        if args.workload == "evaluate":
            for tree, output in zip(trees, outputs, strict=True):
                answer = json.loads(output)
                tree.figures.append(answer["us"])
                tree.cpu_figures.append(answer["cpu_us"])
                tree.answers = answer["answers"]
                shown = ", ".join(
                    f"{name} {us:.1f} ({answer['cpu_us'][name]:.1f})"
                    for name, us in answer["us"].items()
                )
                print(f"  {tree.label} µs/call, wall (CPU): {shown}")
        if args.workload in ("report-rows", "report-events"):
            identical.append(compare_outputs(trees, folders, number == args.rounds - 1))
    print()
    old, new = trees
    if args.workload == "evaluate":
        for title, key in (("wall-clock", "figures"), ("CPU (process_time)", "cpu_figures")):
            print(f"µs per call, {title}, each child's median of its repeats:\n")
            print(f"| shape | {old.label} µs (median) | {new.label} µs (median) "
                  f"| per-round ratios {new.label}/{old.label} | median ratio |")  # fmt: skip
            print("|---|---|---|---|---|")
            for name in old.figures[0]:
                a = [figures[name] for figures in getattr(old, key)]
                b = [figures[name] for figures in getattr(new, key)]
                ratios = [y / x for x, y in zip(a, b, strict=True)]
                print(
                    f"| {name} | {statistics.median(a):.1f} | {statistics.median(b):.1f} "
                    f"| {ratio_text(ratios)} | **{statistics.median(ratios):.3f}** |"
                )
            print()
        print("Same answers (every field of every metric):")
        for name in old.answers:
            differ = [
                key
                for key in old.answers[name].keys() | new.answers[name].keys()
                if old.answers[name].get(key) != new.answers[name].get(key)
            ]
            print(f"- {name}: {'yes' if not differ else 'NO: ' + ', '.join(sorted(differ))}")
            for key in sorted(differ):
                print(f"    {key}: {old.label} {old.answers[name].get(key)}")
                print(f"    {key}: {new.label} {new.answers[name].get(key)}")
        print()
        print("(each child's wall time below is its whole run: imports, sizing the loops and")
        print("the repeats; the figures above are the ones to compare)\n")
    ratios = [y / x for x, y in zip(old.walls, new.walls, strict=True)]
    cpu_ratios = [y / x for x, y in zip(old.cpus, new.cpus, strict=True)]
    print(f"| figure | {old.label} (median) | {new.label} (median) | median of ratios |")
    print("|---|---|---|---|")
    print(
        f"| wall s, each child | {statistics.median(old.walls):.2f} "
        f"| {statistics.median(new.walls):.2f} | **{statistics.median(ratios):.3f}** |"
    )
    print(
        f"| CPU s, each child | {statistics.median(old.cpus):.2f} "
        f"| {statistics.median(new.cpus):.2f} | {statistics.median(cpu_ratios):.3f} |"
    )
    print(f"\nwall s per round, {old.label}: {ratio_text(old.walls)}")
    print(f"wall s per round, {new.label}: {ratio_text(new.walls)}")
    print(f"ratios {new.label}/{old.label} per round: {ratio_text(ratios)}")
    print(f"CPU s per round, {old.label}: {ratio_text(old.cpus)}")
    print(f"CPU s per round, {new.label}: {ratio_text(new.cpus)}")
    if identical:
        verdict = (
            "every round" if all(identical) else f"{sum(identical)} of {len(identical)} rounds"
        )
        print(f"\nresults, errors and summary byte for byte the same: {verdict}")
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
