"""`slaclock report` end to end on a generated helpdesk export: rows per second, peak memory.

    python benchmarks/bench_report.py                       # 1,000,000 tickets (long: see README)
    python benchmarks/bench_report.py --tickets 50000       # a few minutes
    python benchmarks/bench_report.py --tickets 20000 --profile 5000
    python benchmarks/bench_report.py --shape tickets       # one row per ticket, no pauses
    python benchmarks/bench_report.py --shape tickets --repeats 5

The generated input is realistic rather than uniform: a year of tickets (2026, so every
daylight-saving change and the US-FL and AR holidays of the year are crossed), three plans in
two zones (New York business hours with a Christmas Eve override, Buenos Aires with a lunch
break, a 24x7 plan on calendar-time targets), mixed priorities and aliases, a third of the
timestamps written with a UTC offset from the customer's zone, pauses, re-grades, replies,
progress updates, solves and reopenings, and about one row in a thousand broken the way
exports break (a bad timestamp, an unknown priority).

The report runs as a separate process (``python -m slaclock report ...``), so the figures
include reading, evaluating, writing the results and the errors, and the summary; each size
runs ``--repeats`` times and the median is shown (the machine is shared and noisy). Peak
memory is each child's own maximum resident set size; a small run is made first so that
flatness shows as the difference between the two. ``--profile N`` also profiles the reporting API in this
process over the first N tickets and prints where the time goes.

A script, not a test: it prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from _common import environment, import_slaclock

POLICY = """\
[policy]
name = "Benchmark desk"
zone = "America/New_York"
default_plan = "standard"

[priorities.aliases]
p1 = "high"
p2 = "medium"
p3 = "low"
urgent = "high"

[targets.response]
high = "4h"
medium = "12h"
low = "24h"

[targets.update]
high = "8h"
medium = "24h"

[targets.resolution]
high = "2bd"
medium = "5bd"
low = "10bd"

[thresholds]
response = [{ at = "75%", name = "warn" }, { at = "100%", level = 2 }, { at = "150%", level = 3 }]

[plans.standard]
hours = { mon-fri = "09:00-18:00" }
holidays = { country = "US", subdiv = "FL" }
overrides = { "2026-12-24" = "09:00-13:00" }

[plans.latam]
zone = "America/Argentina/Buenos_Aires"
hours = { mon-fri = ["09:00-13:00", "14:00-18:00"], sat = "09:00-13:00" }
holidays = { country = "AR" }

[plans.24x7]
hours = { mon-sun = "00:00-24:00" }

[plans.24x7.targets.response]
high = "1h calendar"
medium = "4h calendar"
low = "8h calendar"
"""

PLANS = [("", 0.45), ("standard", 0.15), ("latam", 0.25), ("24x7", 0.15)]
PRIORITIES = [
    ("high", 0.15),
    ("p1", 0.05),
    ("medium", 0.35),
    ("P2", 0.05),
    ("low", 0.35),
    ("p3", 0.05),
]
ZONES = {
    "": "America/New_York",
    "standard": "America/New_York",
    "24x7": "America/New_York",
    "latam": "America/Argentina/Buenos_Aires",
}
CUSTOMER_ZONES = [
    ZoneInfo(name)
    for name in ("America/Chicago", "America/Sao_Paulo", "Europe/Madrid", "UTC", "Asia/Kolkata")
]
START = datetime(2026, 1, 2)
EVENT_HEADER = ["ticket", "event", "at", "priority", "plan", "reason"]
TICKET_HEADER = ["id", "created", "priority", "plan", "responded", "solved"]


def pick(generator: random.Random, weighted: list[tuple[str, float]]) -> str:
    return generator.choices([value for value, _ in weighted], [w for _, w in weighted])[0]


def stamp(generator: random.Random, moment: datetime, tz: ZoneInfo) -> str:
    """A wall time in the plan's zone, or (a third of them) the same instant as the customer
    wrote it, with the offset of the customer's zone."""
    if generator.random() < 2 / 3:
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    customer = generator.choice(CUSTOMER_ZONES)
    return moment.replace(tzinfo=tz).astimezone(customer).isoformat()


def later(generator: random.Random, moment: datetime, hours: float) -> datetime:
    return moment + timedelta(minutes=int(generator.expovariate(1 / (hours * 60))) + 1)


def ticket_events(generator: random.Random, number: int) -> list[list[str]]:
    """One ticket's events, in time order."""
    created = START + timedelta(minutes=generator.randrange(0, 360 * 24 * 60))
    priority = pick(generator, PRIORITIES)
    plan = pick(generator, PLANS)
    tz = ZoneInfo(ZONES[plan])
    name = f"T{number:07d}"
    rows = [[name, "created", stamp(generator, created, tz), priority, plan, ""]]
    moment = created
    if generator.random() < 0.05:
        moment = later(generator, moment, 2)
        rows.append(
            [
                name,
                "priority_changed",
                stamp(generator, moment, tz),
                pick(generator, PRIORITIES),
                "",
                "",
            ]
        )
    if generator.random() < 0.25:
        moment = later(generator, moment, 6)
        reason = generator.choice(["waiting on customer", "third party", "on hold"])
        rows.append([name, "paused", stamp(generator, moment, tz), "", "", reason])
        moment = later(generator, moment, 30)
        rows.append([name, "resumed", stamp(generator, moment, tz), "", "", ""])
    if generator.random() < 0.85:
        moment = later(generator, moment, 10)
        rows.append(
            [
                name,
                generator.choice(["responded", "reply"]),
                stamp(generator, moment, tz),
                "",
                "",
                "",
            ]
        )
        for _ in range(generator.choice([0, 0, 1, 2])):
            moment = later(generator, moment, 12)
            rows.append([name, "updated", stamp(generator, moment, tz), "", "", ""])
        if generator.random() < 0.8:
            moment = later(generator, moment, 40)
            rows.append([name, "solved", stamp(generator, moment, tz), "", "", ""])
            if generator.random() < 0.05:
                moment = later(generator, moment, 20)
                rows.append([name, "reopened", stamp(generator, moment, tz), "", "", ""])
    if generator.random() < 0.001:  # exports break
        row = generator.choice(rows)
        row[2 if generator.random() < 0.5 else 3] = generator.choice(
            ["2026-13-01 10:00", "urgentísimo"]
        )
    return rows


def generate(path: Path, tickets: int, shape: str, seed: int) -> tuple[int, int]:
    """Write the export; return (rows, bytes)."""
    generator = random.Random(seed)
    rows = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(EVENT_HEADER if shape == "events" else TICKET_HEADER)
        for number in range(1, tickets + 1):
            events = ticket_events(generator, number)
            if shape == "events":
                writer.writerows(events)
                rows += len(events)
                continue
            first = events[0]
            responded = next((e[2] for e in events if e[1] in ("responded", "reply")), "")
            solved = next((e[2] for e in events if e[1] == "solved"), "")
            writer.writerow([first[0], first[2], first[3], first[4], responded, solved])
            rows += 1
    return rows, path.stat().st_size


def run_report(folder: Path, source: Path, shape: str, tag: str) -> tuple[float, int, str, float]:
    """Run ``python -m slaclock report`` on *source*; return (seconds, the child's peak RSS in
    KiB, stdout, the child's CPU seconds: user and system)."""
    command = [
        sys.executable, "-m", "slaclock", "report", str(source),
        "--policy", str(folder / "policy.toml"), "--now", "2027-02-01 00:00",
        "--output", str(folder / f"{tag}.results.csv"), "--errors", str(folder / f"{tag}.errors.csv"),
        "--summary", str(folder / f"{tag}.summary.json"),
    ]  # fmt: skip
    if shape == "events":
        command += ["--events", "--id-col", "ticket"]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode != 0:
        print(stderr, file=sys.stderr)
        raise SystemExit(f"slaclock report failed with exit status {child.returncode}")
    return seconds, usage.ru_maxrss, stdout, usage.ru_utime + usage.ru_stime


def head(path: Path, lines: int) -> Iterator[bytes]:
    with path.open("rb") as file:
        for number, line in enumerate(file):
            if number > lines:
                return
            yield line


def profile(folder: Path, source: Path, shape: str, tickets: int) -> None:
    """Profile the reporting API in this process over the first *tickets* tickets."""
    slaclock = import_slaclock()
    from slaclock.files import RowReader
    from slaclock.report import Columns
    from slaclock.report import run_report as report

    policy = slaclock.load_policy(folder / "policy.toml")
    rows_per_ticket = 1 if shape == "tickets" else 4
    data = b"".join(head(source, tickets * rows_per_ticket))
    columns = Columns(id="ticket") if shape == "events" else None

    def work() -> int:
        reader = RowReader(io.BytesIO(data))
        run = report(
            policy, reader, events=shape == "events", columns=columns, now="2027-02-01 00:00"
        )
        count = sum(1 for _ in run)
        run.summary  # noqa: B018 - the percentiles are part of the work
        return count

    work()  # warm: build the years' indexes, load the holidays
    started = time.perf_counter()
    count = work()
    plain = time.perf_counter() - started
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    print(f"\n## Profile: the API over {count:,} tickets in this process")
    print(
        f"\nwithout the profiler: {plain:.2f} s, {count / plain:,.0f} tickets/s, {1e6 * plain / count:,.0f} µs per ticket\n"
    )
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    by_module: dict[str, float] = defaultdict(float)
    for (file, _, _), row in stats.stats.items():  # type: ignore[attr-defined]
        name = (
            Path(file).name
            if "slaclock" in file
            else ("builtins/C" if file == "~" else Path(file).name)
        )
        by_module[name] += row[2]
    print("own time by file (tottime), share of the profiled run:\n")
    for name, seconds in sorted(by_module.items(), key=lambda item: -item[1])[:12]:
        print(f"  {name:<28} {100 * seconds / total:5.1f}%")
    print("\ntop functions by own time (tottime), then by cumulative time:\n")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(22)
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(22)
    for line in out.getvalue().splitlines():
        if line.strip() and not line.startswith(("   Ordered by", "   List reduced")):
            print(line.replace(str(Path(slaclock.__file__).parent) + "/", ""))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tickets", type=int, default=1_000_000, help="tickets to generate (default: 1,000,000)"
    )
    parser.add_argument(
        "--shape",
        choices=("events", "tickets"),
        default="events",
        help="an event log (default) or one row per ticket",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each size; the median is shown (default 3)"
    )
    parser.add_argument("--keep", metavar="DIR", help="keep the files in DIR")
    parser.add_argument(
        "--profile", type=int, metavar="N", default=0, help="also profile the API over N tickets"
    )
    args = parser.parse_args(argv)
    import_slaclock()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="slaclock-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "policy.toml").write_text(POLICY, encoding="utf-8")
    print("# slaclock report, end to end\n")
    for line in environment(("slaclock", "holidays")):
        print(f"- {line}")
    small_count = max(1000, args.tickets // 100)
    sizes = [("small", small_count), ("large", args.tickets)]
    measured = []
    for tag, count in sizes:
        source = folder / f"{tag}.csv"
        started = time.perf_counter()
        rows, size = generate(source, count, args.shape, args.seed)
        made = time.perf_counter() - started
        print(
            f"- {tag} input: {count:,} tickets, {rows:,} rows, {size / 1e6:,.1f} MB ({args.shape}), generated in {made:.1f} s"
        )
        runs = [run_report(folder, source, args.shape, tag) for _ in range(args.repeats)]
        seconds = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[3] for run in runs)
        peak = max(run[1] for run in runs)
        times = [run[0] for run in runs]
        measured.append((tag, count, rows, seconds, peak, runs[-1][2], times, cpu))
    print()
    print(
        "| input | tickets | rows | seconds (median) | runs | rows/s | tickets/s "
        "| CPU s (median) | tickets per CPU s | peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for tag, count, rows, seconds, peak, _, times, cpu in measured:
        shown = " ".join(f"{run:.1f}" for run in times)
        print(
            f"| {tag} | {count:,} | {rows:,} | {seconds:,.1f} | {shown} | {rows / seconds:,.0f} "
            f"| {count / seconds:,.0f} | {cpu:,.1f} | {count / cpu:,.0f} | {peak / 1024:,.0f} MiB |"
        )
    print("\nCPU seconds are the child's user and system time: on a shared virtual machine they")
    print("leave out the time the process waited for a core, which the wall-clock figures include.")
    print("\nPeak RSS is each run's own maximum resident set size (the largest of its runs);")
    print("memory is flat when the large run's is close to the small run's.")
    print(
        f"\nAim: 50,000 tickets/s. Reached: {measured[-1][1] / measured[-1][3]:,.0f} tickets/s (median)."
    )
    print("\nThe large run's summary:\n")
    print(measured[-1][5])
    if args.profile:
        profile(folder, folder / "large.csv", args.shape, args.profile)
    if not args.keep:
        for path in folder.iterdir():
            path.unlink()
        os.rmdir(folder)


if __name__ == "__main__":
    main()
