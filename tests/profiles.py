"""Example counts that follow the hypothesis profile (see conftest.py).

A property test that needs its own count writes ``@scaled(base)``: *base* examples under the
``default`` profile (100 examples a test), proportionally fewer under ``ci`` (50 a test: half
of *base*) and more under ``thorough`` (2,000 a test: twenty times *base*), so a long run
before a release tries every test harder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from hypothesis import settings

__all__ = ["scale", "scaled"]

_BASE_EXAMPLES = 100
"""The example count of the default profile."""

T = TypeVar("T")


def scale(base: int) -> int:
    """*base* examples scaled to the loaded profile: *base* under ``default``, half of it
    under ``ci``, 20 x *base* under ``thorough``."""
    return max(1, base * settings().max_examples // _BASE_EXAMPLES)


def scaled(base: int, **changes: object) -> Callable[[T], T]:
    """``@settings(max_examples=scale(base), **changes)``."""
    return settings(max_examples=scale(base), **changes)  # type: ignore[arg-type,return-value]
