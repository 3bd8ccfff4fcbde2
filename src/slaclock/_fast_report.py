"""The columnar path of a report: simple tickets of one row each, evaluated many at a time.

A *simple* ticket is one row with ``created``, ``priority``, ``plan`` and optionally
``responded`` and ``solved``, in that order in time, none after the report's ``now``. Its life
has no pauses, re-grades or reopenings, so every clock of it runs once, from its start to its
stop (or to ``now``), and the engine's answers reduce to a few business-time questions per
clock (:mod:`slaclock.columnar` answers them for whole columns, to the microsecond):

* time used ``U = measure(start, end)``; due ``D = reach(start, amount)``;
* breached when ``end > D`` (then at ``D``), met when stopped otherwise, else running;
* a threshold at mark ``m`` (a share of the amount, rounded up) fired when ``m <= U``, at
  ``reach(start, m)``; while running and not yet fired, it is due then.

Whatever the columnar path cannot vouch for (an unknown name, an instant the zone rejects,
events out of order or after ``now``, a zero target, a clock arriving while closed under a
grace period, a question the columnar functions refuse) goes back to the engine, which
answers (or rejects) it exactly as before. Loaded only when numpy is installed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ._timeline import MAX_YEAR, MIN_YEAR, utc_year, year_start
from .columnar import (
    _add_span,
    _by_span,
    _check_range,
    _Index,
    _is_open_span,
    _next_open_span,
    _nonzero,
)
from .durations import BusinessDays
from .errors import SlaclockError
from .policy import METRICS, Policy, Target, Threshold, _business_days
from .report import TicketResult, _verdict
from .tracking import Escalation, MetricStatus, Options, State, TicketStatus, Tracker
from .zones import ONE_MICROSECOND, from_micros, to_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ._timeline import Timeline
    from .schedule import BaseSchedule

__all__ = ["FastTickets"]

_LOW = year_start(MIN_YEAR + 20)
_HIGH = year_start(MAX_YEAR - 20)
_NONE = -(2**63)  # no instant (every instant used lies far above it)
_LIMIT = 2**62
_ZERO = timedelta(0)
_SHOWN = 8192
"""Instants shown per group and batch before the memo starts afresh (memory stays flat)."""
_INACTIVE = (None, None, None, _ZERO, _ZERO, None, None, None, None, None, 0, (), ())
"""A clock never started (or without a target), after its metric and state."""


class _Refuse(Exception):
    """The columnar path declines a group of tickets: the engine takes them."""


Item = tuple[int, int, str, tuple[datetime, str, str | None, datetime | None, datetime | None]]
"""(position in the batch, line, ticket id, (created, priority, plan, responded, solved))."""


class _Clock:
    """One metric over the rows of a group that start it: instants as int64 arrays."""

    def __init__(
        self,
        metric: str,
        target: Target,
        rows: NDArray[np.intp],
        start: NDArray[np.int64],
        stop: NDArray[np.int64],
    ) -> None:
        self.metric = metric
        self.target = target
        self.rows = rows  # positions in the group
        self.start = start
        self.stop = stop  # _NONE while running


class FastTickets:
    """Evaluates simple tickets in bulk; :meth:`evaluate` answers those it can."""

    def __init__(self, policy: Policy, options: Options, tracker: Tracker, now: datetime) -> None:
        self._policy = policy
        self._options = options
        self._machine = tracker._machine
        self._now = now
        self._plans: dict[str | None, int | None] = {}
        self._priorities: dict[str, str | None] = {}
        self._nows: dict[int, int | None] = {}
        self.thresholds = {metric: policy.thresholds(metric) for metric in METRICS}
        self._unfired = {  # a threshold of a stopped clock that never fired: one value
            threshold: Escalation(threshold, None, False)
            for metric in METRICS
            for threshold in self.thresholds[metric]
        }

    @staticmethod
    def usable(policy: Policy) -> bool:
        """Whether the policy's thresholds all lie above 0 % (a mark of 0 fires oddly)."""
        return all(t.percent > 0 for metric in METRICS for t in policy.thresholds(metric))

    # -- names and instants, memoised ---------------------------------------------------

    def _plan(self, name: str | None) -> int | None:
        if name not in self._plans:
            try:
                chosen = self._policy.plan(name).name
                plans = self._machine.plans
                self._plans[name] = [p.name for p in plans].index(chosen)
            except SlaclockError:
                self._plans[name] = None
        return self._plans[name]

    def _priority(self, name: str) -> str | None:
        if name not in self._priorities:
            try:
                self._priorities[name] = self._policy.priority(name)
            except SlaclockError:
                self._priorities[name] = None
        return self._priorities[name]

    def _now_in(self, number: int) -> int | None:
        if number not in self._nows:
            schedule = self._machine.plans[number].schedule
            try:
                found: int | None = schedule._micros(self._now)
            except SlaclockError:
                found = None
            if found is not None and not _LOW <= found < _HIGH:
                found = None
            self._nows[number] = found
        return self._nows[number]

    # -- the batch ------------------------------------------------------------------------

    def evaluate(self, items: Sequence[Item]) -> dict[int, Callable[[], TicketResult]]:
        """For the items the columnar path answers, by position: a call that builds the
        result (when it is asked for, so that a batch holds arrays, not objects); the other
        items are left for the engine."""
        groups: dict[tuple[int, str], list[tuple[Item, int, int, int]]] = {}
        for item in items:
            found = self._simple(item)
            if found is not None:
                key, c, r, s = found
                groups.setdefault(key, []).append((item, c, r, s))
        results: dict[int, Callable[[], TicketResult]] = {}
        for (number, priority), members in groups.items():
            try:
                group = self._group(number, priority, members)
            except (SlaclockError, _Refuse, OverflowError):
                continue  # the engine answers them, one by one
            for k, (item, *_) in enumerate(members):
                if group.keep[k]:
                    results[item[0]] = partial(group.result, k)
        return results

    def _simple(self, item: Item) -> tuple[tuple[int, str], int, int, int] | None:
        at, name, plan, replied, solve = item[3]
        number = self._plan(plan)
        priority = self._priority(name)
        if number is None or priority is None:
            return None
        now = self._now_in(number)
        if now is None:
            return None
        schedule = self._machine.plans[number].schedule
        responded = solved = _NONE
        try:
            created = schedule._micros(at)
            if replied is not None:
                responded = schedule._micros(replied)
            if solve is not None:
                solved = schedule._micros(solve)
        except SlaclockError:
            return None
        if not _LOW <= created <= now:
            return None
        if responded != _NONE and not created <= responded <= now:
            return None
        if solved != _NONE and not max(created, responded) <= solved <= now:
            return None
        return (number, priority), created, responded, solved

    def _group(
        self, number: int, priority: str, members: list[tuple[Item, int, int, int]]
    ) -> _Group:
        plan = self._machine.plans[number]
        schedule = plan.schedule
        timeline = schedule._timeline
        now = self._nows[number]
        assert now is not None
        size = len(members)
        created = np.fromiter((m[1] for m in members), dtype=np.int64, count=size)
        responded = np.fromiter((m[2] for m in members), dtype=np.int64, count=size)
        solved = np.fromiter((m[3] for m in members), dtype=np.int64, count=size)
        keep = np.ones(size, dtype=bool)
        if self._options.grace:  # a clock arriving while closed gets more time: the engine's
            everyone = np.arange(size, dtype=np.intp)
            opened = _by_span(partial(_is_open_span, timeline), created, everyone, dtype=bool)
            keep &= opened
        lookup = self._machine._lookup
        every = np.arange(size, dtype=np.intp)
        clocks: list[_Clock] = []
        response = lookup(priority, "response", plan.name)
        if response is not None:
            stop = np.where(responded != _NONE, responded, solved)
            clocks.append(_Clock("response", response, every, created, stop))
            update = lookup(priority, "update", plan.name)
            rows = np.flatnonzero(responded != _NONE)
            if update is not None and len(rows):
                clocks.append(_Clock("update", update, rows, responded[rows], solved[rows]))
        resolution = lookup(priority, "resolution", plan.name)
        if resolution is not None:
            clocks.append(_Clock("resolution", resolution, every, created, solved))
        answers = {
            clock.metric: self._clock(clock, schedule, timeline, now, keep) for clock in clocks
        }
        return _Group(self, plan.name, schedule.tz, priority, now, members, keep.tolist(), answers)

    # -- one clock over many rows -----------------------------------------------------------

    def _clock(
        self,
        clock: _Clock,
        schedule: BaseSchedule,
        timeline: Timeline,
        now: int,
        keep: NDArray[np.bool_],
    ) -> _Answers:
        target = clock.target
        start = clock.start
        positions = np.arange(len(start), dtype=np.intp)
        calendar = target.clock == "calendar"
        opening = _by_span(partial(_next_open_span, timeline), start, positions)
        amount = target.amount
        if isinstance(amount, BusinessDays):
            amounts = _elapsed(timeline, start, self._closes(schedule, opening, amount.days))
        else:
            amounts = np.full(len(start), amount // ONE_MICROSECOND, dtype=np.int64)
        if len(amounts) and int(amounts.max()) > _LIMIT // 10_000:
            raise _Refuse
        keep[clock.rows[amounts <= 0]] = False  # a zero target: the engine's
        amounts = np.maximum(amounts, 1)
        stopped = clock.stop != _NONE
        end = np.where(stopped, clock.stop, now)
        if calendar:
            used = end - start
            due = start + amounts
        else:
            used = _elapsed(timeline, start, end)
            due = _nonzero(_add_span, timeline, start, amounts, positions)
        breached = end > due
        marks: list[NDArray[np.int64]] = []
        reached: list[NDArray[np.int64]] = []
        for threshold in self.thresholds[clock.metric]:
            share = threshold.percent
            numerator, denominator = share.numerator, 100 * share.denominator
            if numerator > 10_000:
                raise _Refuse
            mark = -((-amounts * numerator) // denominator)
            marks.append(mark)
            if calendar:
                reached.append(start + mark)
            else:
                reached.append(_nonzero(_add_span, timeline, start, mark, positions))
        return _Answers(
            clock=clock,
            started=start if calendar else opening,
            amounts=amounts,
            used=used,
            due=due,
            breached=breached,
            stopped=stopped,
            marks=marks,
            reached=reached,
        )

    def _closes(
        self, schedule: BaseSchedule, opening: NDArray[np.int64], days: int
    ) -> NDArray[np.int64]:
        """The close of business *days* business days on from each opening, through the
        engine's own memo (by plan, day of the opening and days)."""
        machine = self._machine
        tz = schedule.tz
        number = next(p.number for p in machine.plans if p.schedule is schedule)
        memo = machine._closes
        ordinals: dict[int, int] = {}
        found = []
        for micros in opening.tolist():
            day = ordinals.get(micros)
            if day is None:
                day = ordinals[micros] = from_micros(micros, tz).toordinal()
            key = (number, day, days)
            close = memo.get(key)
            if close is None:
                close = memo[key] = to_micros(
                    _business_days(schedule, from_micros(micros, tz), days), tz
                )
            found.append(close)
        return np.array(found, dtype=np.int64)

    def _status(self, answers: _Answers, at: int, show: Callable[[int], datetime]) -> MetricStatus:
        clock = answers.clock
        target = clock.target
        amount = answers.amounts[at]
        used = answers.used[at]
        due = answers.due[at]
        breached = answers.breached[at]
        stopped = answers.stopped[at]
        stop = answers.stop[at]
        escalations = []
        thresholds: tuple[Threshold, ...] = self.thresholds[clock.metric]
        for threshold, marks, reached in zip(
            thresholds, answers.marks, answers.reached, strict=True
        ):
            if marks[at] <= used:
                escalations.append(Escalation(threshold, show(reached[at]), True))
            elif not stopped:
                escalations.append(Escalation(threshold, show(reached[at]), False))
            else:
                escalations.append(self._unfired[threshold])
        state: State = "breached" if breached else "met" if stopped else "running"
        return MetricStatus(
            clock.metric,
            state,
            target,
            show(answers.started[at]),
            show(due),
            ONE_MICROSECOND * used,
            _ZERO,
            ONE_MICROSECOND * (amount - used),
            round(100 * used / amount, 2),
            show(stop) if state == "met" else None,
            show(due) if breached else None,
            show(stop) if stopped else None,
            1 if breached else 0,
            tuple(escalations),
            (),
        )


class _Group:
    """The simple tickets of one plan and priority in a batch: their clocks' answers, and
    each ticket's result built when it is asked for."""

    def __init__(
        self,
        owner: FastTickets,
        plan: str,
        tz: tzinfo,
        priority: str,
        now: int,
        members: list[tuple[Item, int, int, int]],
        keep: list[bool],
        answers: dict[str, _Answers],
    ) -> None:
        self.owner = owner
        self.plan = plan
        self.tz = tz
        self.priority = priority
        self.now = now
        self.members = members
        self.keep = keep
        self.answers = answers
        self.columns = {metric: _rows(answers[metric], len(members)) for metric in answers}
        self.shown: dict[int, datetime] = {}
        self.moment = self.show(now)
        self.inactive = {metric: MetricStatus(metric, "inactive", *_INACTIVE) for metric in METRICS}

    def show(self, micros: int) -> datetime:
        """An instant as the engine shows it (memoised: openings, closes, now repeat)."""
        found = self.shown.get(micros)
        if found is None:
            if len(self.shown) > _SHOWN:
                self.shown.clear()
            found = self.shown[micros] = from_micros(micros, self.tz)
        return found

    def result(self, k: int) -> TicketResult:
        item, created, _, solved = self.members[k]
        metrics: dict[str, MetricStatus] = {}
        for metric in METRICS:
            column = self.columns.get(metric)
            at = None if column is None else column[k]
            if at is None:
                metrics[metric] = self.inactive[metric]
            else:
                metrics[metric] = self.owner._status(self.answers[metric], at, self.show)
        state: Literal["open", "solved"] = "solved" if solved != _NONE else "open"
        status = TicketStatus(self.moment, self.priority, self.plan, state, metrics)
        respond = metrics["response"]
        solve = metrics["resolution"]
        return TicketResult(
            item[1],
            item[2],
            1,
            self.show(created),
            status,
            _verdict(metrics),
            respond.used if respond.stopped_at is not None else None,
            solve.used if state == "solved" and solve.state in ("met", "breached") else None,
        )


class _Answers:
    """A clock's answers over its rows (positions within its own rows), as Python lists."""

    def __init__(self, clock: _Clock, **arrays: Any) -> None:
        self.clock = clock
        self.stop: list[int] = clock.stop.tolist()
        self.started: list[int] = arrays["started"].tolist()
        self.amounts: list[int] = arrays["amounts"].tolist()
        self.used: list[int] = arrays["used"].tolist()
        self.due: list[int] = arrays["due"].tolist()
        self.breached: list[bool] = arrays["breached"].tolist()
        self.stopped: list[bool] = arrays["stopped"].tolist()
        self.marks: list[list[int]] = [mark.tolist() for mark in arrays["marks"]]
        self.reached: list[list[int]] = [at.tolist() for at in arrays["reached"]]


def _rows(answers: _Answers, size: int) -> list[int | None]:
    """For each row of the group, its position among the clock's rows (None: not started)."""
    found: list[int | None] = [None] * size
    for position, row in enumerate(answers.clock.rows.tolist()):
        found[row] = position
    return found


def _elapsed(
    timeline: Timeline, start: NDArray[np.int64], end: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``timeline.elapsed`` for each pair (ends at or after starts)."""
    if not len(start):
        return np.zeros(0, dtype=np.int64)
    both = np.concatenate([start, end])
    _check_range(both, np.arange(len(both), dtype=np.intp))
    index = _Index(timeline, utc_year(int(both.min())), utc_year(int(both.max())))
    result: NDArray[np.int64] = index.before(end) - index.before(start)
    return result
