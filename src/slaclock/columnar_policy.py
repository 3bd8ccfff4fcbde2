"""Policy deadlines and escalation instants over whole columns (optional extra ``numpy``).

:func:`deadlines` and :func:`escalations` are :meth:`Policy.deadline` and
:meth:`Policy.escalations` for columns of priorities, plans and submission instants, grouped
internally by plan and priority and answered by :mod:`slaclock.columnar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta, tzinfo
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .columnar import (
    InstantColumn,
    add_span,
    at_position,
    for_positive_amounts,
    is_missing,
)
from .durations import BusinessDays
from .errors import (
    InvalidPolicyError,
    SlaclockError,
)
from .policy import (
    MAX_SPAN,
    Plan,
    Policy,
    Target,
    Threshold,
    business_days_end,
    mark,
    metric_name,
    percent_text,
    share_of,
)
from .schedule import BaseSchedule
from .zones import ONE_MICROSECOND, from_micros, to_micros, zone_name

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["deadlines", "escalations"]


# -- policies -------------------------------------------------------------------------------------


@dataclass
class _Rows:
    """The rows of a policy question: which are missing, each submission instant read in its
    plan's zone, the rows of each (plan, priority) group, and the zone to answer in."""

    column: InstantColumn
    missing: NDArray[np.bool_]
    micros: NDArray[np.int64]
    groups: list[tuple[Plan, Target, NDArray[np.intp]]]
    tz: tzinfo


def _rows(
    policy: Policy,
    priorities: Any,
    submitted: Any,
    metric: str,
    plans: Any,
    errors: str,
    read: bool = True,
) -> _Rows:
    if errors not in ("raise", "coerce"):
        raise InvalidPolicyError(f"errors={errors!r}: expected 'raise' or 'coerce'")
    metric = metric_name(metric)
    column = InstantColumn(submitted)
    size = len(column)
    names = _labels(priorities, size, "priority", "priorities")
    plan_names = _labels(plans, size, "plan", "plans")
    keys: dict[tuple[object, object], int] = {}
    firsts: list[int] = []
    codes: list[int] = []
    for position, key in enumerate(zip(names, plan_names, strict=True)):
        code = keys.get(key)
        if code is None:
            code = keys[key] = len(firsts)
            firsts.append(position)
        codes.append(code)
    # Validate each distinct (priority, plan) once, in order of first appearance, so that an
    # error names the first position with a bad value.
    group_ids: dict[tuple[str, str], int] = {}
    found: list[tuple[Plan, Target]] = []
    group_of = np.full(len(keys), -1, dtype=np.intp)
    for code, ((priority, plan_name), first) in enumerate(zip(keys, firsts, strict=True)):
        if priority is None:
            continue
        try:
            plan = policy.plan(plan_name)  # type: ignore[arg-type]
            target = policy.target(priority, metric, plan_name)  # type: ignore[arg-type]
            canonical = policy.priority(priority)  # type: ignore[arg-type]
        except SlaclockError as err:
            if errors == "raise":
                raise at_position(first, err) from err
            continue
        group = group_ids.setdefault((plan.name, canonical), len(found))
        if group == len(found):
            found.append((plan, target))
        group_of[code] = group
    row_group = group_of[np.array(codes, dtype=np.intp)]
    missing = column.missing | (row_group < 0)
    row_group[missing] = -1
    micros = np.zeros(size, dtype=np.int64)
    groups: list[tuple[Plan, Target, NDArray[np.intp]]] = []
    zones: dict[str, tzinfo] = {}
    for plan_name in dict.fromkeys(plan.name for plan, _ in found):
        members = [group for group, (plan, _) in enumerate(found) if plan.name == plan_name]
        rows = np.flatnonzero(np.isin(row_group, members))
        if not len(rows):
            continue
        schedule = found[members[0]][0].schedule
        zones.setdefault(zone_name(schedule.tz), schedule.tz)
        if read:  # naive values: in this plan's zone
            micros[rows] = column.instants(schedule, rows)
        for group in members:
            plan, target = found[group]
            groups.append((plan, target, np.flatnonzero(row_group == group)))
    if len(zones) > 1:
        tz: tzinfo = UTC
    else:
        tz = next(iter(zones.values())) if zones else policy.plan().schedule.tz
    return _Rows(column, missing, micros, groups, tz)


def _labels(values: Any, size: int, what: str, plural: str) -> list[object]:
    if isinstance(values, str) or values is None:
        return [values] * size
    if not isinstance(values, Iterable):
        raise InvalidPolicyError(f"{plural} {values!r}: expected text or a column of text")
    items = list(values)
    if len(items) != size:
        raise InvalidPolicyError(
            f"{len(items)} {plural} for {size} submission instants: expected one or as many"
        )
    labels: list[object] = []
    for position, item in enumerate(items):
        if is_missing(item):
            labels.append(None)
            continue
        try:
            hash(item)
        except TypeError:
            raise InvalidPolicyError(
                f"position {position}: {what} {item!r}: expected text"
            ) from None
        labels.append(item)
    return labels


def deadlines(
    policy: Policy,
    priorities: Any,
    submitted: Any,
    *,
    metric: str = "response",
    plans: Any = None,
    errors: Literal["raise", "coerce"] = "raise",
) -> Any:
    """:meth:`Policy.deadline` for whole columns of priorities, submission instants and
    (optionally) plans, grouped internally by plan and priority.

    *priorities* and *plans* are one name for every row or a column of names; a missing
    priority gives a missing deadline, a missing plan means the default plan. Naive
    submission instants are read in each row's plan's zone. An unknown priority or plan (or a
    priority without a target for *metric*) raises an error naming its first position and
    value, or with ``errors="coerce"`` gives a missing deadline; names are checked on every
    row, also where the submission instant is missing. Results are UTC for numpy input; for
    pandas input they are in the plans' zone (UTC when the plans' zones differ). Business-day
    targets are computed one value at a time.

    >>> import numpy as np, slaclock
    >>> policy = slaclock.default_policy()
    >>> submitted = np.array(["2026-11-20T21:00", "2026-11-20T21:00"], dtype="datetime64[us]")
    >>> deadlines(policy, ["high", "Baja"], submitted)
    array(['2026-11-23T16:00:00.000000', '2026-11-25T18:00:00.000000'],
          dtype='datetime64[us]')
    >>> deadlines(policy, ["high", "urgent"], submitted, errors="coerce")
    array(['2026-11-23T16:00:00.000000',                        'NaT'],
          dtype='datetime64[us]')
    """
    rows = _rows(policy, priorities, submitted, metric, plans, errors)
    result = np.zeros(len(rows.column), dtype=np.int64)
    for plan, target, positions in rows.groups:
        starts = rows.micros[positions]
        result[positions] = _shares(plan.schedule, starts, target, [None], positions)[0]
    return rows.column.write(result, rows.missing, rows.tz)


def escalations(
    policy: Policy,
    priorities: Any,
    submitted: Any,
    *,
    metric: str = "response",
    plans: Any = None,
    errors: Literal["raise", "coerce"] = "raise",
) -> dict[str, Any]:
    """:meth:`Policy.escalations` for whole columns: the instant each threshold of *metric*
    fires, as one column per threshold, keyed by the threshold's name (by ``"name (p%)"``
    when several thresholds share a name), in increasing order of percentage.

    A threshold at *p* % fires at the first microsecond at which *p* % of the target has been
    used (rounded up), on the target's own clock. Arguments, missing values, errors and zones
    are as for :func:`deadlines`; business-day targets go value by value.

    >>> import numpy as np, slaclock
    >>> policy = slaclock.default_policy()      # warn at 75%, level 2 at 100%, level 3 at 150%
    >>> submitted = np.array(["2026-11-20T21:00", "NaT"], dtype="datetime64[us]")
    >>> for name, column in escalations(policy, "high", submitted).items():
    ...     print(f"{name:8}", np.datetime_as_string(column, unit="m"))
    warn     ['2026-11-23T15:00' 'NaT']
    level 2  ['2026-11-23T16:00' 'NaT']
    level 3  ['2026-11-23T18:00' 'NaT']
    """
    thresholds = policy.thresholds(metric)
    # With no thresholds, the scalar method checks the names but never reads the instants.
    rows = _rows(policy, priorities, submitted, metric, plans, errors, read=bool(thresholds))
    size = len(rows.column)
    results = [np.zeros(size, dtype=np.int64) for _ in thresholds]
    percents: list[Fraction | None] = [threshold.percent for threshold in thresholds]
    if thresholds:
        for plan, target, positions in rows.groups:
            starts = rows.micros[positions]
            for result, found in zip(
                results, _shares(plan.schedule, starts, target, percents, positions), strict=True
            ):
                result[positions] = found
    return {
        key: rows.column.write(result, rows.missing, rows.tz)
        for key, result in zip(_threshold_keys(thresholds), results, strict=True)
    }


def _threshold_keys(thresholds: Sequence[Threshold]) -> list[str]:
    names = [threshold.name for threshold in thresholds]
    keys = []
    for threshold in thresholds:
        if names.count(threshold.name) == 1:
            keys.append(threshold.name)
            continue
        share = threshold.percent
        shown = str(share.numerator) if share.denominator == 1 else percent_text(share)
        keys.append(f"{threshold.name} ({shown}%)")
    return keys


def _shares(
    schedule: BaseSchedule,
    starts: NDArray[np.int64],
    target: Target,
    percents: Sequence[Fraction | None],
    positions: NDArray[np.intp],
) -> list[NDArray[np.int64]]:
    """For each percentage, the first instant at which that share of *target* is used from
    each start (``policy.share_of_target``); for ``None``, when the target is reached
    (``policy.due``)."""
    timeline = schedule.timeline
    amount = target.amount
    if isinstance(amount, BusinessDays):  # the close of business N days on: value by value
        tz = schedule.tz
        dues = []
        for position, start in zip(positions.tolist(), starts.tolist(), strict=True):
            try:
                moment = business_days_end(schedule, from_micros(start, tz), amount.days)
            except SlaclockError as err:
                raise at_position(position, err) from err
            dues.append(to_micros(moment, tz))
        due = np.array(dues, dtype=np.int64)
        spans = [
            timeline.elapsed(start, end) for start, end in zip(starts.tolist(), dues, strict=True)
        ]
        return [
            due
            if percent is None
            else for_positive_amounts(
                add_span, timeline, starts, _shares_of(spans, percent), positions
            )
            for percent in percents
        ]
    results = []
    for percent in percents:
        share = amount if percent is None else share_of(amount, percent)
        micros = share // ONE_MICROSECOND
        if target.clock == "calendar":  # real time, counted from the start itself
            results.append(starts + micros)
        else:
            amounts = np.full(len(starts), micros)
            results.append(for_positive_amounts(add_span, timeline, starts, amounts, positions))
    return results


def _shares_of(spans: list[int], percent: Fraction) -> NDArray[np.int64]:
    """*percent* % of each span, rounded up to the microsecond (``policy.mark``); a share
    longer than the supported years hold is out of range, as :func:`share_of` says."""
    shares = [mark(span, percent) for span in spans]
    for span, share in zip(spans, shares, strict=True):
        if share > MAX_SPAN:
            share_of(timedelta(microseconds=span), percent)  # raises, naming the threshold
    return np.array(shares, dtype=np.int64)
