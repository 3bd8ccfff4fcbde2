"""The hand-written mutants of tests/mutation/ticket_mutants.py still apply: each snippet is
found exactly once in the file it mutates (a change of the rules' source that moves a
snippet must move the mutant with it, or the script refuses to run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parent / "mutation" / "ticket_mutants.py"


def _mutants() -> list[object]:
    spec = importlib.util.spec_from_file_location("ticket_mutants", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("ticket_mutants", module)  # (its dataclass looks itself up there)
    spec.loader.exec_module(sys.modules["ticket_mutants"])
    return list(sys.modules["ticket_mutants"].MUTANTS)


@pytest.mark.parametrize("mutant", _mutants(), ids=lambda mutant: str(mutant.name))  # type: ignore[attr-defined]
def test_each_mutant_s_snippet_occurs_once_in_its_file(mutant: object) -> None:
    root = Path(__file__).parent.parent / "src" / "slaclock" / "tickets"
    text = (root / mutant.file).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert text.count(mutant.old) == 1, mutant.name  # type: ignore[attr-defined]
    assert mutant.old != mutant.new  # type: ignore[attr-defined]
