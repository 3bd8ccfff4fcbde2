"""Doctests that need an optional extra run only where it is installed: without it, the
page (or the module's docstrings) is skipped whole, naming the missing module, and every
other page still runs. (An ``importorskip`` inside a page would skip that whole page, so the
examples of an extra have pages of their own.)"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ICS = ("icalendar", "recurring_ical_events")

NEEDS: dict[str, tuple[str, ...]] = {
    "docs/calendars-ics.md": ICS,
    "src/slaclock/ics.py": ICS,
}
"""Files of doctests (relative to the repository) and the modules their examples need."""


def missing(modules: tuple[str, ...]) -> str | None:
    """The first of *modules* that cannot be imported, else ``None``."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(config.rootpath)
    for item in items:
        try:
            where = item.path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        modules = NEEDS.get(where)
        if modules is None:
            continue
        absent = missing(modules)
        if absent is not None:
            item.add_marker(pytest.mark.skip(reason=f"needs {absent} (the ics extra)"))
