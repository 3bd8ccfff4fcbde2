"""A policy file's targets: the general ``[targets.METRIC]`` tables and a plan's own
``[plans.NAME.targets.METRIC]``, read the same way (:func:`read_targets`)."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import SlaclockError
from ..policy import METRICS, Target
from ..suggestions import hint
from .documents import Problems, key_path, kind_and_value

__all__ = ["read_targets"]


def read_targets(problems: Problems, value: object, path: str) -> dict[str, dict[str, Target]]:
    """The targets table *value* at *path*: per metric, per priority (both lowercased), its
    :class:`~slaclock.policy.Target`; each problem added to *problems* at its key path.

    >>> problems = Problems()
    >>> targets = read_targets(problems, {"Response": {"High": "4h", "low": "4 hours-ish"}}, "targets")
    >>> print(targets["response"]["high"])
    4h
    >>> problems.items[0][0]
    'targets.Response.low'
    """
    result: dict[str, dict[str, Target]] = {}
    for metric, per in problems.table(value, path).items():
        metric_path = key_path(path, metric)
        if str(metric).lower() not in METRICS:
            problems.add(metric_path, f"unknown metric: {hint(metric, METRICS)}")
            continue
        parsed: dict[str, Target] = {}
        for priority, target in problems.table(per, metric_path).items():
            where = key_path(metric_path, priority)
            if not isinstance(target, str):
                problems.add(
                    where, f"expected a duration such as '4h', got {kind_and_value(target)}"
                )
                continue
            found = problems.attempt(where, _target, target)
            if found is not None:
                parsed[str(priority).lower()] = found
        if isinstance(per, Mapping) and not per:
            problems.add(metric_path, 'no targets: expected e.g. high = "4h"')
        result[str(metric).lower()] = parsed
    return result


def _target(text: str) -> Target:
    try:
        return Target.parse(text)
    except SlaclockError as err:
        raise type(err)(str(err).removeprefix("target: ")) from err
