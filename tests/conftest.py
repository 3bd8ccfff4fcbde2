"""Shared test setup: hypothesis profiles and the two reference desks.

Pick a hypothesis profile with the environment variable ``HYPOTHESIS_PROFILE``:

* ``default``: about 100 examples a test, no deadline (the machine is slow and shared).
* ``ci``: half as many examples (about 50 a test), the same every run, with the
  reproduction blob printed for every failure: the whole suite within CI's ten minutes.
* ``thorough``: 2,000 examples a test, for a long run before a release. Tests that set their
  own count write it as ``scale(n)`` (``tests/profiles.py``): *n* under ``default``, half of
  *n* under ``ci``, twenty times *n* under ``thorough``. The fuzz suite and the property tests run for minutes:
  ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/fuzz tests/property``.
"""

from __future__ import annotations

import os

import holidays
import pytest
from hypothesis import HealthCheck, settings

from slaclock import Schedule

# Drawing a scenario builds a schedule and asks the model about it: slow on a shared machine.
_SLOW_DATA = [HealthCheck.too_slow]

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=_SLOW_DATA
)
# CI draws the same examples every run (derandomize): a submission is judged on what it
# changed, not on the luck of the draw; new examples are found locally (the default profile
# draws afresh each run, twice as many) and by the thorough profile. Half the default's
# count keeps the whole suite within CI's ten minutes on a machine of two cores.
settings.register_profile(
    "ci",
    max_examples=50,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=_SLOW_DATA,
)
settings.register_profile(
    "thorough", max_examples=2_000, deadline=None, suppress_health_check=_SLOW_DATA
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def new_york_desk() -> Schedule:
    """Mon-fri 09:00-18:00 in New York, closed on Florida's public holidays."""
    return Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=holidays.country_holidays("US", subdiv="FL"),
    )


@pytest.fixture(scope="session")
def buenos_aires_desk() -> Schedule:
    """Mon-fri 09:00-18:00 in Buenos Aires, closed on Argentina's public holidays."""
    return Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/Argentina/Buenos_Aires",
        calendar=holidays.country_holidays("AR"),
    )


# tests/mutation holds a script (ticket_mutants.py), not tests: not collected, not imported.
collect_ignore = ["mutation"]


@pytest.fixture(autouse=True)
def _english_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in an environment that chooses no language (English output): a test
    of another language sets ``SLACLOCK_LANG``, ``LANG``... or ``--lang`` itself."""
    for variable in ("SLACLOCK_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
