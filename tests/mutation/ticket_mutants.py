"""Hand-written mutants of the ticket rules, and whether the ticket tests kill them.

Each mutant breaks one rule of ``slaclock/tickets/rules.py`` or ``slaclock/tickets/clocks.py``
(the rules listed in their module docstrings, ``docs/ticket-life.md``): an exact source
snippet and its replacement. For each mutant the script copies ``src``, ``tests``, ``docs`` and
``pyproject.toml`` to a scratch directory, applies the mutant there (never to the working
tree) and runs the ticket test files with ``PYTHONPATH`` on the copy::

    python -m pytest -x -q -p no:cacheprovider --hypothesis-seed=0 <TEST_FILES>

A mutant is *killed* when the run fails (or times out), *survived* when it passes. The script
first runs the unmutated copy, which must pass. Run it from the repository's root::

    python tests/mutation/ticket_mutants.py              # every mutant, one at a time
    python tests/mutation/ticket_mutants.py --jobs 2     # two at a time
    python tests/mutation/ticket_mutants.py --only check-dropped,arm-ignored
    python tests/mutation/ticket_mutants.py --list       # the mutants, run nothing

Not a test module: pytest does not collect it (``tests/conftest.py`` ignores this folder).
Mutants listed with ``equivalent=...`` change nothing observable (the reason is given); they
are run all the same, and reported apart from the score.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = Path("src") / "slaclock" / "tickets"
TEST_FILES = (  # in this order: the fast, direct tests first (-x stops at the first failure)
    "tests/test_ticket_rules.py",
    "tests/test_tracking.py",
    "tests/test_ticket_exhaustive.py",
    "tests/property/test_ticket_oracle.py",
    "tests/property/test_tracking_properties.py",
    "tests/test_report_events_fast.py",
)


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str  # "rules.py" or "clocks.py"
    old: str  # an exact snippet, found exactly once in the file
    new: str
    breaks: str  # the rule it breaks
    equivalent: str = ""  # why it changes nothing observable (empty: it should be killed)


MUTANTS: tuple[Mutant, ...] = (
    # ---- rules.py: pauses -------------------------------------------------------------
    Mutant(
        "repeated-pause-kept",
        "rules.py",
        'if state == "paused":\n                continue',
        "if False:\n                continue",
        "a pause while paused is ignored",
    ),
    Mutant(
        "pause-while-solved-accepted",
        "rules.py",
        'if state == "solved":\n                return Refusal(at, "the ticket is solved;',
        'if False:\n                return Refusal(at, "the ticket is solved;',
        "a pause while solved is refused (reopen first)",
    ),
    Mutant(
        "resume-refusal-message",
        "rules.py",
        '"the ticket is not paused"',
        '"the ticket is not open"',
        "a resume with no pause is refused, naming why",
    ),
    Mutant(
        "pause-not-recorded-per-metric",
        "rules.py",
        "paused_by[metric].append(at)",
        "pass",
        "a pause's reason is kept for each clock it paused",
    ),
    Mutant(
        "cycle-begun-while-paused-runs",
        "rules.py",
        'if state == "paused":\n            cycle.paused = at',
        "if False:\n            cycle.paused = at",
        "a cycle started while paused (a reply while paused) waits for the resume",
    ),
    Mutant(
        "regrade-while-paused-resumes",
        "rules.py",
        "cycle.running, cycle.paused = (at, None) if ran else (None, at)",
        "cycle.running, cycle.paused = (at, None)",
        "a re-grade while paused leaves the clocks paused",
    ),
    # ---- rules.py: first response, updates --------------------------------------------
    Mutant(
        "later-reply-not-an-update",
        "rules.py",
        "update(at)  # later replies are updates",
        "pass  # later replies are updates",
        "a later reply is an update: it starts a fresh update cycle",
    ),
    Mutant(
        "solve-not-a-first-response",
        "rules.py",
        'state, answered = "solved", True',
        'state = "solved"',
        "a solve with no reply before it is the first response",
    ),
    Mutant(
        "update-arm-shared",
        "rules.py",
        "arms[UPDATE] += 1  # each update cycle",
        "pass  # each update cycle",
        "each update cycle is judged on its own (its own arm)",
    ),
    Mutant(
        "update-while-solved-check-dropped",
        "rules.py",
        'if not answered or state == "solved" or active(UPDATE) is None:',
        "if not answered or active(UPDATE) is None:",
        "no update cadence once solved",
        equivalent="once solved no update cycle is active: the `active(UPDATE) is None` test "
        "already returns",
    ),
    # ---- rules.py: solve, close --------------------------------------------------------
    Mutant(
        "pause-not-ended-by-solve",
        "rules.py",
        'if state == "paused":  # the pause ends at the solve; the clocks stop paused\n'
        "            pauses[-1].append(at)",
        "if False:\n            pauses[-1].append(at)",
        "a pause ends at the solve",
    ),
    Mutant(
        "solve-keeps-resolution-running",
        "rules.py",
        "for metric in range(3):\n            stop(metric, at)",
        "for metric in range(2):\n            stop(metric, at)",
        "a solve stops every clock",
    ),
    Mutant(
        "repeated-solve-not-ignored",
        "rules.py",
        'if state != "solved":\n                solve(at)\n            elif activity_reopens:',
        "if True:\n                solve(at)\n            elif activity_reopens:",
        "a repeated solve is ignored, and under activity_reopens a second solve closes",
    ),
    Mutant(
        "close-does-not-solve",
        "rules.py",
        'if state != "solved":\n                solve(at)\n            state = "closed"',
        'if False:\n                solve(at)\n            state = "closed"',
        "closed solves the ticket if it is not solved",
    ),
    Mutant(
        "events-after-close-accepted",
        "rules.py",
        'if state == "closed":\n            return Refusal',
        "if False:\n            return Refusal",
        "nothing may follow closed",
    ),
    Mutant(
        "unchanged-after-close-accepted",
        "rules.py",
        'if state == "closed":\n            return Refusal',
        'if state == "closed" and kind != UNCHANGED:\n            return Refusal',
        "a change to the priority in force may not follow a closing either",
    ),
    # ---- rules.py: re-grades -----------------------------------------------------------
    Mutant(
        "unchanged-regrade-not-ignored",
        "rules.py",
        "elif kind == UNCHANGED:\n            continue\n"
        "        elif kind in (PRIORITY_CHANGED, PLAN_CHANGED):",
        "elif kind in (PRIORITY_CHANGED, PLAN_CHANGED, UNCHANGED):",
        "a change to the priority or plan already in force changes nothing",
    ),
    Mutant(
        "check-dropped",
        "rules.py",
        'cycle.pieces.append(("check", at, at, priority, plan))',
        "pass",
        "under carry a re-grade checks the time used against the new target at the change",
    ),
    Mutant(
        "restart-regrade-carries",
        "rules.py",
        "if regrade_restart:  # a fresh cycle",
        "if False:  # a fresh cycle",
        'under regrade="restart" each clock starts a fresh cycle at the change',
    ),
    Mutant(
        "restart-regrade-no-new-cycle",
        "rules.py",
        "begin(metric, at)  # (restart)",
        "pass  # (restart)",
        'under regrade="restart" the fresh cycle begins at the change',
    ),
    Mutant(
        "regrade-while-solved-not-restarted",
        "rules.py",
        "if reopen_restart or (regrade_restart and changed_solved):",
        "if reopen_restart:",
        'a re-grade while solved, under "restart", starts the clocks afresh at the reopening',
    ),
    Mutant(
        "changed-while-solved-not-reset",
        "rules.py",
        "        changed_solved = False\n        if rearm_response:",
        "        if rearm_response:",
        "a re-grade while solved applies at the next reopening only",
    ),
    # ---- rules.py: reopening -------------------------------------------------------------
    Mutant(
        "reopen-without-time-used",
        "rules.py",
        "if reopen_restart or (regrade_restart and changed_solved):",
        "if True:",
        "a reopening resumes resolution with the time it used",
    ),
    Mutant(
        "reopen-marks-dropped",
        "rules.py",
        'cycle.pieces.append(("marks", at, at, priority, plan))',
        "pass",
        "a reopening fires the thresholds the time used has reached under the target in force",
    ),
    Mutant(
        "reopen-cadence-not-restarted",
        "rules.py",
        "else:\n            begin(UPDATE, at)",
        "else:\n            pass",
        "a reopening restarts the update cadence",
    ),
    Mutant(
        "rearm-same-arm",
        "rules.py",
        "arms[RESPONSE] += 1",
        "pass",
        "a re-armed response cycle is judged on its own (a new arm)",
    ),
    Mutant(
        "rearm-cadence-does-not-wait",
        "rules.py",
        "            answered = False\n        else:",
        "            pass\n        else:",
        "with rearm_response the cadence waits for the new first response",
    ),
    Mutant(
        "grace-on-every-cycle-rules",
        "rules.py",
        "cycle = _Going(metric, at, arms[metric], at == 0)",
        "cycle = _Going(metric, at, arms[metric], True)",
        "the grace applies only to the clocks that start when the ticket arrives",
    ),
    Mutant(
        "stopped-while-paused-counts-as-running",
        "rules.py",
        "cycle.end, cycle.stopped, cycle.ran = at, stopped, cycle.running is not None",
        "cycle.end, cycle.stopped, cycle.ran = at, stopped, True",
        "a clock stopped while paused has no due instant (and is not running)",
    ),
    # ---- clocks.py: thresholds -----------------------------------------------------------
    Mutant(
        "marks-rounded-down",
        "../policy/deadlines.py",
        "return -((-amount * numerator) // denominator)",
        "return (amount * numerator) // denominator",
        "a threshold's mark is the first microsecond with at least its share used (rounded up)",
    ),
    Mutant(
        "threshold-not-at-end-of-run",
        "clocks.py",
        "if used <= level <= reached and index not in fired:",
        "if used <= level < reached and index not in fired:",
        "a threshold fires in a run when used <= mark <= used + gained",
    ),
    Mutant(
        "threshold-not-at-start-of-run",
        "clocks.py",
        "if used <= level <= reached and index not in fired:",
        "if used < level <= reached and index not in fired:",
        "a mark already reached when a run starts fires at its first instant (a zero target's)",
    ),
    Mutant(
        "threshold-instant-strict",
        "clocks.py",
        "if instant <= until:",
        "if instant < until:",
        "a threshold reached at the run's last instant fires",
    ),
    Mutant(
        "threshold-fires-twice",
        "clocks.py",
        "if used <= level <= reached and index not in fired:",
        "if used <= level <= reached:",
        "a threshold fires once per cycle (its first instant is kept)",
    ),
    Mutant(
        "check-marks-strict",
        "clocks.py",
        "if level <= used and index not in fired:",
        "if level < used and index not in fired:",
        "a re-grade fires the marks the time used has reached (mark <= used)",
    ),
    # ---- clocks.py: breach ---------------------------------------------------------------
    Mutant(
        "breach-needs-more-than-target",
        "clocks.py",
        "if breach is None and reached >= need:",
        "if breach is None and reached > need:",
        "a run breaches when used + gained reaches the target and ends after the due instant",
    ),
    Mutant(
        "breach-at-due-instant",
        "clocks.py",
        "if until > due:",
        "if until >= due:",
        "a clock stopped (or paused) at its due instant is not breached",
    ),
    Mutant(
        "reach-zero-moves-to-opening",
        "clocks.py",
        "if amount <= 0:\n        return start",
        "if amount < 0:\n        return start",
        "reach(a, 0) is a: a run that starts with the target used is late from its first instant",
        equivalent="Timeline.add(start, 0) is start, and so is start + 0 on the calendar clock: "
        "reach(a, 0) is a either way",
    ),
    Mutant(
        "check-breach-at-equal",
        "clocks.py",
        'if kind == "check" and breach is None and used > need:',
        'if kind == "check" and breach is None and used >= need:',
        "a re-grade breaches at the change only if the time used passes the new target",
    ),
    Mutant(
        "marks-piece-breaches",
        "clocks.py",
        'if kind == "check" and breach is None and used > need:',
        "if breach is None and used > need:",
        "a reopening's passed target breaches once time runs, not at the reopening",
    ),
    Mutant(
        "check-breach-dropped",
        "clocks.py",
        'if kind == "check" and breach is None and used > need:',
        "if False:",
        "under carry a re-grade to a target already passed breaches at the change",
    ),
    Mutant(
        "arm-ignored",
        "clocks.py",
        "(metric, cycle.arm) in arm_breached",
        "False",
        "a breach is final: cycles of one arm are judged together",
    ),
    Mutant(
        "breached-at-keeps-last",
        "clocks.py",
        "if first[metric] is None:\n                first[metric] = walked.breach",
        "if True:\n                first[metric] = walked.breach",
        "breached_at keeps the first breach",
    ),
    Mutant(
        "breaches-not-counted",
        "clocks.py",
        "breaches[metric] += 1",
        "breaches[metric] = 1",
        "breaches counts every breached cycle",
    ),
    Mutant(
        "no-target-forgets-breach",
        "clocks.py",
        "if breach is None and not arm_breached:\n            return MetricClock(",
        "if True:\n            return MetricClock(",
        "a breach under an earlier target stays when no target is in force",
    ),
    # ---- clocks.py: pauses, due, targets -------------------------------------------------
    Mutant(
        "calendar-clock-counts-business-time",
        "clocks.py",
        "gained = until - since if calendar else timeline.elapsed(since, until)",
        "gained = timeline.elapsed(since, until)",
        "a calendar target counts calendar time",
    ),
    Mutant(
        "unset-target-time-not-carried",
        "clocks.py",
        "                        breach = due\n            used += gained",
        "                        breach = due\n                used += gained",
        "a clock runs while its target is unset: a re-grade that gives it one carries the time",
    ),
    Mutant(
        "pending-when-stopped",
        "clocks.py",
        "pending = None\n    if running_now:",
        "pending = None\n    if cycle.running:",
        "the thresholds' instants ahead are known only while the clock runs",
    ),
    Mutant(
        "pause-not-measured",
        "clocks.py",
        "paused += measure(timeline, calendar, since, times[piece.until])",
        "paused += 0",
        "a pause's length is measured (on the clock of the target in force)",
    ),
    Mutant(
        "pause-measured-in-real-time",
        "clocks.py",
        "paused += measure(timeline, calendar, since, times[piece.until])",
        "paused += measure(timeline, True, since, times[piece.until])",
        "a pause is measured on the clock of the target in force (business time)",
    ),
    Mutant(
        "due-kept-when-stopped-paused",
        "clocks.py",
        "elif cycle.running:  # where it stood",
        "else:  # where it stood",
        "a clock stopped while paused (a solve while paused) has no due instant",
    ),
    Mutant(
        "grace-on-every-cycle",
        "clocks.py",
        "if arrival and not calendar:",
        "if not calendar:",
        "the grace applies only to the clocks that start when the ticket arrives",
    ),
    Mutant(
        "grace-on-calendar-clock",
        "clocks.py",
        "if arrival and not calendar:",
        "if arrival:",
        "the grace is business time: not added to a calendar-clock target",
    ),
    Mutant(
        "business-days-from-start-day",
        "clocks.py",
        "opening = timeline.next_open(start)",
        "opening = start",
        "a business-days target counts from the first open day at or after the clock's start",
    ),
    Mutant(
        "regrade-target-from-change",
        "clocks.py",
        "*key, start, cycle.arrival, grace",
        "*key, times[piece.start], cycle.arrival, grace",
        "under carry the new target applies from the clock's start (a business-days amount)",
    ),
    Mutant(
        "started-not-at-opening",
        "clocks.py",
        "started=start if calendar else timeline.next_open(start)",
        "started=start",
        "a business clock starts counting at the first open instant",
    ),
    # ---- clocks.py: the next change -------------------------------------------------------
    Mutant(
        "next-change-at-due",
        "clocks.py",
        "ahead.append(due + 1)",
        "ahead.append(due)",
        "a cycle breaches one microsecond after its due instant: the next change",
    ),
    Mutant(
        "next-change-counts-fired",
        "clocks.py",
        "at > now and index not in fired",
        "at > now",
        "a threshold that fired under an earlier target is no change to come",
    ),
    Mutant(
        "next-change-after-breach",
        "clocks.py",
        "if breach is None and due is not None:",
        "if due is not None:",
        "a cycle that breached does not breach again",
    ),
)


def _copy(source: Path, scratch: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", ".hypothesis", ".pytest_cache", "*.pyc")
    for name in ("src", "tests", "docs"):
        shutil.copytree(source / name, scratch / name, ignore=ignore)
    shutil.copy2(source / "pyproject.toml", scratch / "pyproject.toml")


def _apply(scratch: Path, mutant: Mutant) -> None:
    path = scratch / PACKAGE / mutant.file
    text = path.read_text()
    count = text.count(mutant.old)
    if count != 1:
        raise SystemExit(f"{mutant.name}: the snippet occurs {count} times in {mutant.file}")
    path.write_text(text.replace(mutant.old, mutant.new))


def _run(source: Path, mutant: Mutant | None, timeout: float) -> tuple[str, str, float]:
    """Copy *source*, mutate, test: ("killed" | "survived" | "timeout", the first failure,
    seconds)."""
    begun = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ticket-mutant-") as name:
        scratch = Path(name)
        _copy(source, scratch)
        if mutant is not None:
            _apply(scratch, mutant)
        files = [f for f in TEST_FILES if (scratch / f).exists()]
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
        command += ["--hypothesis-seed=0", *files]
        env = {**os.environ, "PYTHONPATH": str(scratch / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            done = subprocess.run(
                command, cwd=scratch, env=env, capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return "timeout", "", time.monotonic() - begun
    seconds = time.monotonic() - begun
    if done.returncode == 0:
        return "survived", "", seconds
    failures = [
        line.split(" - ")[0]
        for line in done.stdout.splitlines()
        if line.startswith(("FAILED ", "ERROR "))
    ]
    return "killed", failures[0] if failures else f"exit {done.returncode}", seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at a time")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per mutant")
    parser.add_argument("--only", default="", help="comma-separated mutant names")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    args = parser.parse_args(argv)
    chosen = list(MUTANTS)
    if args.only:
        names = set(args.only.split(","))
        unknown = names - {m.name for m in MUTANTS}
        if unknown:
            parser.error(f"unknown mutants: {', '.join(sorted(unknown))}")
        chosen = [m for m in MUTANTS if m.name in names]
    for mutant in chosen:  # every snippet is checked before anything runs
        text = (ROOT / PACKAGE / mutant.file).read_text()
        if text.count(mutant.old) != 1:
            raise SystemExit(f"{mutant.name}: the snippet occurs {text.count(mutant.old)} "
                             f"times in {mutant.file}")  # fmt: skip
    if args.list:
        for mutant in chosen:
            note = "  [equivalent]" if mutant.equivalent else ""
            print(f"{mutant.name:42} {mutant.file:9} {mutant.breaks}{note}")
        return 0
    with tempfile.TemporaryDirectory(prefix="ticket-mutants-source-") as name:
        source = Path(name)  # a snapshot: the working tree may change during the run
        _copy(ROOT, source)
        return _all(source, chosen, args.timeout, args.jobs)


def _all(source: Path, chosen: list[Mutant], timeout: float, jobs: int) -> int:
    verdict, failure, seconds = _run(source, None, timeout)
    if verdict != "survived":
        print(f"the unmutated tests do not pass ({verdict}: {failure})", file=sys.stderr)
        return 2
    print(f"baseline: the unmutated tests pass in {seconds:.0f} s", flush=True)
    results: dict[str, tuple[str, str, float]] = {}

    def one(mutant: Mutant) -> None:
        results[mutant.name] = found = _run(source, mutant, timeout)
        verdict, failure, seconds = found
        note = " (listed as equivalent)" if mutant.equivalent else ""
        print(f"{verdict:8} {mutant.name:42} {seconds:5.0f} s  {failure}{note}", flush=True)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        list(pool.map(one, chosen))
    scored = [m for m in chosen if not m.equivalent]
    killed = [m for m in scored if results[m.name][0] != "survived"]
    print()
    print(f"score: {len(killed)}/{len(scored)} killed", end="")
    if scored:
        print(f" ({100 * len(killed) / len(scored):.0f} %)", end="")
    print(f"; {len(chosen) - len(scored)} listed as equivalent")
    for mutant in scored:
        if results[mutant.name][0] == "survived":
            print(f"  survived: {mutant.name}: {mutant.breaks}")
    for mutant in chosen:
        if mutant.equivalent:
            verdict = results[mutant.name][0]
            print(f"  equivalent ({verdict}): {mutant.name}: {mutant.equivalent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
