"""What every fuzz test shares: the contract each example asserts, and its settings.

The contract (issue 19): every public entry point, given anything, either answers (and the
answer is right, as far as the test can tell from the answer itself) or raises the library's
error, a :class:`~slaclock.SlaclockError` (bad input is also a ``ValueError``), with a
message; never another exception, and never after more than a few seconds.

``HYPOTHESIS_PROFILE=ci`` (CI) runs each fuzz test for a few dozen examples;
``HYPOTHESIS_PROFILE=thorough`` runs twenty times as many, for minutes::

    HYPOTHESIS_PROFILE=thorough python -m pytest tests/fuzz tests/property
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from hypothesis import HealthCheck

from profiles import scaled
from slaclock import SlaclockError

__all__ = ["TIME_BOUND", "fuzz", "obeys"]

T = TypeVar("T")

TIME_BOUND = timedelta(seconds=10)
"""An example that takes longer (twice running) fails: a call that is not bounded. Generous,
as the machine is shared: the bounded calls take a second at most."""


def fuzz(base: int) -> Callable[[T], T]:
    """The settings of a fuzz test: *base* examples under ``ci`` (20 x under ``thorough``),
    each within :data:`TIME_BOUND`."""
    return scaled(
        base,
        deadline=TIME_BOUND,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


class Refused:
    """What :func:`obeys` returns when the call raised the library's error."""

    def __init__(self, error: SlaclockError) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"Refused({self.error!r})"


def obeys(call: Callable[..., T], *args: object, **kwargs: object) -> T | Refused:
    """``call(*args, **kwargs)``'s answer, or :class:`Refused` when it raised a
    :class:`SlaclockError` with a message. Any other exception propagates: the test fails."""
    try:
        return call(*args, **kwargs)
    except SlaclockError as err:
        refused = Refused(err)
    assert str(refused.error).strip(), f"{type(refused.error).__name__} without a message"
    return refused
