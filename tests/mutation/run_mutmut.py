"""mutmut over one engine or ticket-rule module, with that module's fast tests, in a scratch copy.

mutmut (3.8) changes the code of one module in every way it knows (``<`` for ``<=``, ``-`` for
``+``, a constant changed, a call's argument dropped...) and runs the tests against each
change, a *mutant*: a mutant the tests pass is a *survivor*, a change they do not notice.

This script copies ``src``, ``tests``, ``docs``, ``README.md`` and ``pyproject.toml`` to a
scratch directory (never touching the working tree: mutmut writes its ``mutants/`` folder
there), adds a ``[tool.mutmut]`` table naming the module and its tests (:data:`MODULES`; a
module may be a glob, ``src/slaclock/schedule/*.py`` for the modules of the schedule package), and
runs ``nice -n 15 mutmut run --max-children 1`` there, then prints the counts. From the
repository's root, with the test dependencies and ``mutmut==3.8.1`` installed::

    python tests/mutation/run_mutmut.py durations            # one module
    python tests/mutation/run_mutmut.py durations hours      # several, one after the other
    python tests/mutation/run_mutmut.py --list               # the modules and their tests
    python tests/mutation/run_mutmut.py schedule --only 'Schedule._days_from*'
    python tests/mutation/run_mutmut.py timeline --keep /tmp/mut-timeline   # keep the copy

``--keep DIR`` keeps the scratch copy in *DIR* (``cd DIR && mutmut results``, ``mutmut show
<name>``); without it the copy is removed after printing the survivors. ``--only`` runs the
mutants whose names match (mutmut's ``module.x_function__mutmut_N`` names; globs allowed).

mutmut leaves decorated functions alone (it cannot route a call through a decorator to its
mutants), so the copy of the module under test loses its ``@lru_cache(...)`` lines
(:func:`_uncached`): ``tickets.rules.program`` would otherwise never be mutated. A cache
changes no answer, only how often one is worked out. Properties (``@property``) are left
unmutated.

Why this configuration: ``process_isolation = "forkserver"`` (each mutant in a fresh
process: nothing the statistics run cached is inherited); ``also_copy`` the docs and README (tests read ``docs/examples``); hypothesis with
``--hypothesis-seed=0`` and the ``ci`` profile (derandomized: every mutant meets the same
examples); doctests off (``-o addopts=``: the module's docstrings are run by the full suite);
one worker (``--max-children 1``, nice 15) on a shared machine.

Not a test module: pytest does not collect ``tests/mutation`` (``tests/conftest.py``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MODULES: dict[str, tuple[str, tuple[str, ...]]] = {
    # name: (module or glob, its fast tests: the direct unit tests, seconds each; the slow ones,
    # such as tests/test_ticket_exhaustive.py (minutes) and tests/test_bounds.py, are left to the
    # suite)
    "durations": ("src/slaclock/durations.py", ("tests/test_durations.py",)),
    "hours": ("src/slaclock/hours.py", ("tests/test_hours.py", "tests/test_schedule.py")),
    "timeline": ("src/slaclock/_timeline.py", ("tests/test_timeline.py", "tests/test_schedule.py")),
    "schedule": (
        "src/slaclock/schedule/*.py",
        (
            "tests/test_schedule.py",
            "tests/test_schedule_questions.py",
            "tests/test_schedule_units.py",
            "tests/test_schedule_versions.py",
        ),
    ),
    "rules": (
        "src/slaclock/tickets/rules.py",
        ("tests/test_ticket_rules.py", "tests/test_tracking.py"),
    ),
    "clocks": (
        "src/slaclock/tickets/clocks.py",
        ("tests/test_ticket_rules.py", "tests/test_ticket_clocks.py", "tests/test_tracking.py"),
    ),
}

_COPIED = ("src", "tests", "docs", "README.md", "pyproject.toml")


def _config(module: str, tests: tuple[str, ...]) -> str:
    selection = ", ".join(f'"{test}"' for test in tests)
    return f"""
[tool.mutmut]
source_paths = ["src/slaclock"]
only_mutate = ["{module}"]
also_copy = ["docs", "README.md"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "--hypothesis-seed=0", "-o", "addopts=", "-q"]
pytest_add_cli_args_test_selection = [{selection}]
process_isolation = "forkserver"
use_git_change_detection = false
"""


def _copy(target: Path) -> None:
    for name in _COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)


_CACHED = re.compile(r"^@lru_cache\([^)\n]*\)\n(?=def )", re.MULTILINE)


def _uncached(path: Path) -> int:
    """Remove the ``@lru_cache(...)`` decorators of the top-level functions of *path* (a copy);
    return how many."""
    text, count = _CACHED.subn("", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return count


def run(name: str, only: list[str], keep: Path | None) -> int:
    module, tests = MODULES[name]
    scratch = keep if keep is not None else Path(tempfile.mkdtemp(prefix=f"mutmut-{name}-"))
    scratch.mkdir(parents=True, exist_ok=True)
    if not (scratch / "pyproject.toml").exists():
        _copy(scratch)
        copies = sorted(scratch.glob(module))
        if not copies:
            raise SystemExit(f"{name}: no file matches {module}")
        if sum(map(_uncached, copies)):
            print(f"{name}: @lru_cache removed from the copy of {module}", flush=True)
        with (scratch / "pyproject.toml").open("a", encoding="utf-8") as file:
            file.write(_config(module, tests))
    env = dict(os.environ, PYTHONPATH="src", HYPOTHESIS_PROFILE="ci")
    print(f"{name}: mutmut over {module} with {' '.join(tests)} in {scratch}", flush=True)
    command = ["nice", "-n", "15", "mutmut", "run", "--max-children", "1", *only]
    status = subprocess.run(command, cwd=scratch, env=env, check=False).returncode
    results = subprocess.run(
        ["mutmut", "results", "--all", "true"],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    counts: dict[str, int] = {}
    for line in results.splitlines():
        if ":" in line:
            state = line.rsplit(":", 1)[1].strip()
            counts[state] = counts.get(state, 0) + 1
    for line in results.splitlines():
        if line.rstrip().endswith(("survived", "no tests", "timeout", "suspicious")):
            print(line.strip())
    killed, total = counts.get("killed", 0), sum(counts.values())
    shown = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
    print(f"{name}: {shown}; killed {killed} of {total}", flush=True)
    if keep is None:
        shutil.rmtree(scratch, ignore_errors=True)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE", help=", ".join(MODULES))
    parser.add_argument("--list", action="store_true", help="the modules and their tests")
    parser.add_argument("--only", action="append", default=[], help="mutant names (globs)")
    parser.add_argument("--keep", type=Path, help="keep the scratch copy in this directory")
    arguments = parser.parse_args()
    if arguments.list or not arguments.modules:
        for name, (module, tests) in MODULES.items():
            print(f"{name:10} {module}\n{'':10} {' '.join(tests)}")
        return 0
    unknown = [name for name in arguments.modules if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {unknown[0]!r}: expected one of {', '.join(MODULES)}")
    if arguments.keep is not None and len(arguments.modules) > 1:
        parser.error("--keep takes one module")
    status = 0
    for name in arguments.modules:
        status = run(name, arguments.only, arguments.keep) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
