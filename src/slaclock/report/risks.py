"""Tickets at risk, answered on whole columns: :func:`at_risk_columns` is
:func:`slaclock.at_risk` for many open tickets given as rows of one ticket each.

A support lead's morning question — which open tickets breach within the next few business
hours if nobody acts, the closest first — over a queue of tens of thousands of tickets. The
tickets' clocks are worked out as a report's simple tickets are (the rules' program of
``created``, ``responded``, ``solved``; business time over whole columns:
:mod:`~slaclock.report.columnar_tickets`), and the rule that says which clock is at risk is
the scalar one (:func:`slaclock.tickets.clocks.breaches_within`), applied to the columns. A
ticket the columnar path does not vouch for (a zero target, a grace period for a ticket that
arrives while closed, a value read otherwise) is answered by the engine and the scalar
:func:`~slaclock.at_risk`. Loaded only when numpy is installed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..columnar import is_missing
from ..errors import SlaclockError
from ..events import Event
from ..files import Row
from ..policy import METRICS, Policy, metric_name
from ..risk import at_risk, within_amount
from ..tickets.clocks import MISSING, breaches_within
from ..tracking import Options, Ticket, Tracker
from ..zones import ONE_MICROSECOND, parse_datetime, to_micros
from .columnar_results import CODE_BREACHED, CODE_RUNNING
from .columnar_tickets import ColumnarTickets
from .options import Columns

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["RiskColumns", "at_risk_columns"]


class RiskColumns(NamedTuple):
    """The clocks at risk, one per element, ordered by the time left (then by due instant,
    then by row, then by metric as asked): the row's ``place`` in the input (from 0) and
    its ``id`` (the id column's text, ``""`` without one), the ``metric``, the clock time
    ``remaining`` (``timedelta64[us]``) and the ``due`` instant it breaches after
    (``datetime64[us]``, UTC)."""

    place: NDArray[np.intp]
    id: NDArray[np.object_]
    metric: NDArray[np.object_]
    remaining: NDArray[np.timedelta64]
    due: NDArray[np.datetime64]


def at_risk_columns(
    policy: Policy,
    rows: Any,
    within: timedelta | str,
    now: datetime | str,
    *,
    metrics: Iterable[str] | None = None,
    columns: Columns | None = None,
    options: Options | None = None,
) -> RiskColumns:
    """The clocks of *rows* (tickets of one row each, as a report reads them: ``id``,
    ``created``, ``priority``, ``plan``, ``responded``, ``solved``; mappings or a pandas
    ``DataFrame``) that breach within *within* of clock time after *now* if nothing happens,
    as :func:`slaclock.at_risk` answers for the same tickets, in the same order. A row that
    cannot be a ticket raises the engine's error, naming its place.

    >>> import slaclock
    >>> policy = slaclock.default_policy()
    >>> queue = [
    ...     {"id": "T-1", "created": "2026-11-23 09:00", "priority": "high"},
    ...     {"id": "T-2", "created": "2026-11-23 10:30", "priority": "high"},
    ...     {"id": "T-3", "created": "2026-11-23 09:00", "priority": "low"},
    ...     {"id": "T-4", "created": "2026-11-23 09:00", "priority": "high",
    ...      "responded": "2026-11-23 09:30"},
    ... ]
    >>> risks = at_risk_columns(policy, queue, "4h", now="2026-11-23 11:00")
    >>> risks.id.tolist(), risks.metric.tolist()
    (['T-1', 'T-2'], ['response', 'response'])
    >>> risks.remaining.astype("timedelta64[m]").tolist()
    [datetime.timedelta(seconds=7200), datetime.timedelta(seconds=12600)]
    >>> print(risks.due[0])
    2026-11-23T18:00:00.000000
    """
    limit = within_amount(within)
    chosen = METRICS if metrics is None else tuple(dict.fromkeys(map(metric_name, metrics)))
    names = columns or Columns()
    options = options or Options()
    tracker = Tracker(policy, options)
    moment = parse_datetime(now) if isinstance(now, str) else now
    columnar = ColumnarTickets(policy, options, tracker, moment)
    frame = hasattr(rows, "iloc")
    listed: list[Mapping[str, Any]] = [] if frame else list(rows)
    size = len(rows) if frame else len(listed)
    if not size:
        return _columns([], [], chosen)
    if frame:
        reads = columnar.read_frame(rows, names)
    else:
        reads = columnar.read([Row(k + 1, values) for k, values in enumerate(listed)], names)
    groups, answered = columnar.evaluate(reads, list(range(1, size + 1)))
    found: list[tuple[NDArray[Any], ...]] = []  # (remaining, due, place, metric) per part
    within_us = limit // ONE_MICROSECOND
    for group, members, places in groups:
        answers = group.metric_columns(members)
        for order, metric in enumerate(chosen):
            column = answers[metric]
            remaining = group.remaining(metric, members)
            running = (column.code == CODE_RUNNING) | (column.code == CODE_BREACHED)
            known = (remaining != MISSING) & (column.due != MISSING)
            risky = known & breaches_within(running, column.due, remaining, group.now, within_us)
            picked = np.flatnonzero(risky)
            found.append((remaining[picked], column.due[picked], places[picked],
                          np.full(len(picked), order)))  # fmt: skip
    for place in (k for k in range(size) if not answered[k]):  # the engine's
        values = rows.iloc[place].to_dict() if frame else listed[place]
        ticket = _ticket(tracker, values, names, place)
        for risk in at_risk([(place, ticket)], limit, now, metrics=chosen):
            found.append((
                np.array([risk.remaining // ONE_MICROSECOND]), np.array([to_micros(risk.due, UTC)]),
                np.array([place]), np.array([chosen.index(risk.metric)]),
            ))  # fmt: skip
    return _columns(found, reads.ids, chosen)


def _columns(
    found: list[tuple[NDArray[Any], ...]],
    ids: Sequence[str] | NDArray[np.object_],
    chosen: Sequence[str],
) -> RiskColumns:
    """The risks *found* — parts of (time left, due, place, the metric's place in *chosen*)
    columns — together, in order."""
    if found:
        remaining, due, place, order = (np.concatenate(part) for part in zip(*found, strict=True))
    else:
        remaining = due = place = order = np.zeros(0, dtype=np.int64)
    sort = np.lexsort((order, place, due, remaining))
    return RiskColumns(
        place=place[sort].astype(np.intp),
        id=_object_array([ids[k] for k in place[sort].tolist()]),
        metric=_object_array([chosen[k] for k in order[sort].tolist()]),
        remaining=remaining[sort].astype("timedelta64[us]"),
        due=due[sort].astype("datetime64[us]"),
    )


def _object_array(values: list[str]) -> NDArray[np.object_]:
    """*values* as a one-dimensional array of objects."""
    found: NDArray[np.object_] = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def _ticket(tracker: Tracker, values: Mapping[str, Any], names: Columns, place: int) -> Ticket:
    """The ticket of one row (``created``, then ``responded`` and ``solved`` where given),
    by the engine; its error names the row's place."""

    def value(name: str) -> Any:
        found = values.get(name)
        if isinstance(found, str):
            found = found.strip()
        return None if found == "" or is_missing(found) else found

    try:
        events = [Event("created", value(names.created), priority=value(names.priority),
                        plan=value(names.plan))]  # fmt: skip
        for kind, name in (("responded", names.responded), ("solved", names.solved)):
            if value(name) is not None:
                events.append(Event(kind, value(name)))
        return tracker.replay(events)
    except SlaclockError as err:
        raise type(err)(f"row {place}: {err}") from err
