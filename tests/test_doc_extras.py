"""Doctests that need the ``ics`` extra are skipped, whole, where it is not installed, and the
other pages run (the root conftest.py): checked by running them in a Python that cannot
import ``icalendar`` (a ``sitecustomize`` that refuses it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BLOCK = """
import sys

class _Hidden:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("icalendar", "recurring_ical_events"):
            raise ImportError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, _Hidden())
"""


def run_pytest(tmp_path: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "sitecustomize.py").write_text(BLOCK, encoding="utf-8")
    env = dict(os.environ)
    env["LANG"] = "C.UTF-8"  # as a shell runs the suite: holiday names in English
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tmp_path), str(ROOT / "src"), env.get("PYTHONPATH", "")]
    )
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rs", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_ics_pages_are_skipped_without_the_extra_and_the_others_run(tmp_path: Path) -> None:
    found = run_pytest(
        tmp_path,
        "docs/calendars-ics.md",
        "src/slaclock/ics.py",
        "docs/calendars.md",
        "docs/policy-file.md",
    )
    assert found.returncode == 0, found.stdout + found.stderr
    assert "SKIPPED [1] docs/calendars-ics.md: needs icalendar (the ics extra)" in found.stdout
    assert "src/slaclock/ics.py: needs icalendar (the ics extra)" in found.stdout
    summary = found.stdout.strip().splitlines()[-1]
    assert summary.startswith("2 passed, 2 skipped"), summary  # the page, ics_calendar
