"""SLA policies: priorities, plans and metrics, with targets and escalation thresholds.

A policy turns a ticket's priority and submission time into deadlines.

>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> policy = Policy(desk, targets={"high": "4h", "medium": "12h", "low": "24h"})
>>> print(policy.deadline("high", "2026-11-20 16:00"))
2026-11-23 11:00:00-05:00
>>> print(policy.deadline("Low", "2026-11-20 16:00"))
2026-11-25 13:00:00-05:00

Priority names are case-insensitive. Priorities are ranked in the order the targets name
them, highest first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from fractions import Fraction
from itertools import pairwise
from types import EllipsisType
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar

from ._timeline import MAX_YEAR, MIN_YEAR, year_start
from .calendars import country_calendar
from .durations import BusinessDays, format_duration, parse_duration
from .errors import (
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidPolicyError,
    OutOfRangeError,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    message_part,
)
from .languages import language_code, translation
from .schedule import BaseSchedule, Schedule
from .suggestions import did_you_mean, hint
from .zones import parse_datetime

if TYPE_CHECKING:
    from .explanations import Explanation

__all__ = [
    "METRICS",
    "Plan",
    "Policy",
    "Target",
    "Threshold",
    "business_days_end",
    "default_policy",
    "mark",
    "metric_name",
]

METRICS = ("response", "update", "resolution")
"""The metrics a policy can set targets for: first response, progress updates, resolution."""

Clock = Literal["business", "calendar"]
_T = TypeVar("_T")
_Amount = TypeVar("_Amount")
_MISSING = object()
TargetSpec: TypeAlias = "Target | timedelta | str"
TargetsSpec: TypeAlias = "Mapping[str, TargetSpec] | Mapping[str, Mapping[str, TargetSpec]]"


@dataclass(frozen=True, slots=True)
class Target:
    """How long a metric may take: business time, calendar time, or business days.

    Text reads ``"4h"`` (business time), ``"4h calendar"`` (real time, every minute counts)
    or ``"2bd"`` (business days: due at the close of business of the 2nd business day after
    the day counting starts).

    >>> Target.parse("4h")
    Target('4h')
    >>> Target.parse("30m calendar")
    Target('30m calendar')
    >>> Target.parse("2bd").amount
    BusinessDays(2)
    """

    amount: timedelta | BusinessDays
    clock: Clock = "business"

    def __post_init__(self) -> None:
        if self.clock not in ("business", "calendar"):
            raise InvalidPolicyError(
                f"target clock {self.clock!r}: expected 'business' or 'calendar'"
            )
        if isinstance(self.amount, BusinessDays):
            if self.clock != "business":
                raise InvalidPolicyError(
                    f"target {self.amount} on the calendar clock: business days count "
                    f"business days only; expected hours such as '48h calendar'"
                )
        elif not isinstance(self.amount, timedelta) or self.amount < timedelta(0):
            raise InvalidDurationError(
                f"target {self.amount!r}: expected a timedelta of 0 or more or BusinessDays"
            )

    @classmethod
    def parse(cls, value: TargetSpec, where: str = "target") -> Target:
        """A target from a :class:`Target`, a ``timedelta`` or text such as ``"4h"``."""
        if isinstance(value, Target):
            return value
        if isinstance(value, timedelta):
            if value < timedelta(0):
                raise InvalidDurationError(
                    f"{where} {format_duration(value)} is negative: expected 0 or more"
                )
            return cls(value)
        if not isinstance(value, str):
            raise InvalidDurationError(
                f"{where} {value!r}: expected text such as '4h', '30m calendar' or '2bd', "
                f"or a timedelta, got {type(value).__name__}"
            )
        text, clock = value.strip(), ""
        head, _, last = text.rpartition(" ")
        if head and last.lower() in ("business", "calendar"):
            text, clock = head.strip(), last.lower()
        try:
            amount = parse_duration(text)
        except InvalidDurationError as err:
            raise InvalidDurationError(f"{where}: {err}") from err
        return cls(amount, "calendar" if clock == "calendar" else "business")

    def __str__(self) -> str:
        text = (
            str(self.amount)
            if isinstance(self.amount, BusinessDays)
            else format_duration(self.amount)
        )
        return f"{text} calendar" if self.clock == "calendar" else text

    def __repr__(self) -> str:
        return f"Target({str(self)!r})"

    def text(self, lang: str | None = None) -> str:
        """The target for people in the language *lang* (default English): in English the
        policy file's own syntax, as ``str()``; in Spanish ``2 días hábiles`` for ``2bd`` and
        ``4h de tiempo corrido`` for ``4h calendar`` (docs/languages.md).

        >>> [Target.parse(text).text("es") for text in ("4h", "1bd", "2bd", "30m calendar")]
        ['4h', '1 día hábil', '2 días hábiles', '30m de tiempo corrido']
        >>> Target.parse("2bd").text()
        '2bd'
        """
        t = translation(lang)
        amount = self.amount
        if isinstance(amount, BusinessDays):
            return t.ngettext("{count}bd", "{count}bd", amount.days).format(count=amount.days)
        if self.clock == "calendar":
            return t.gettext("{duration} calendar").format(duration=format_duration(amount))
        return format_duration(amount)


@dataclass(frozen=True, slots=True, order=True)
class Threshold:
    """A share of a target at which something happens: a warning or an escalation level.

    ``percent`` is the share of the target used (75 = three quarters); ``level`` is the
    support level the ticket escalates to (0 for a warning that escalates nothing).

    >>> Threshold(75)
    Threshold(75)
    >>> Threshold("87.5%", name="second warning")
    Threshold('87.5', name='second warning')
    >>> Threshold(150, level=3)
    Threshold(150, level=3)
    """

    percent: Fraction
    level: int = 0
    name: str = ""

    def __init__(
        self, percent: Fraction | int | float | str, level: int = 0, name: str = ""
    ) -> None:
        try:
            share = (
                Fraction(str(percent).strip().removesuffix("%"))
                if not isinstance(percent, Fraction)
                else percent
            )
        except (ValueError, ZeroDivisionError) as err:
            raise InvalidPolicyError(
                f"threshold {percent!r}: expected a percentage of the target such as 75 or '75%'"
            ) from err
        if share <= 0:
            raise InvalidPolicyError(f"threshold {percent!r}: expected a percentage above 0")
        if not isinstance(name, str):
            raise InvalidPolicyError(f"threshold name {name!r}: expected text")
        if isinstance(level, bool) or not isinstance(level, int) or level < 0:
            raise InvalidPolicyError(
                f"threshold level {level!r}: expected a support level, a whole number 0 or more"
            )
        object.__setattr__(self, "percent", share)
        object.__setattr__(self, "level", level)
        object.__setattr__(self, "name", name or (f"level {level}" if level else "warn"))

    def __repr__(self) -> str:
        share = self.percent
        parts = [str(share.numerator) if share.denominator == 1 else repr(percent_text(share))]
        if self.level:
            parts.append(f"level={self.level}")
        if self.name != (f"level {self.level}" if self.level else "warn"):
            parts.append(f"name={self.name!r}")
        return f"Threshold({', '.join(parts)})"


def percent_text(share: Fraction) -> str:
    """A percentage as text that reads back exactly: '87.5', or '100/3' when no decimal is."""
    denominator = share.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return str(float(share)) if denominator == 1 else str(share)


@dataclass(frozen=True, slots=True)
class Plan:
    """A service plan: the schedule its tickets run on and the targets it overrides."""

    name: str
    schedule: BaseSchedule
    targets: Mapping[str, Mapping[str, Target]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.schedule, BaseSchedule):
            raise InvalidPolicyError(
                f"plan {self.name!r}: schedule {self.schedule!r} is not a Schedule"
            )


class Policy:
    """Priorities with targets per metric, plans with their schedules, aliases, thresholds.

    * *schedule*: the schedule of the default plan (named *default_plan*).
    * *targets*: ``{priority: target}`` for the response metric, or
      ``{metric: {priority: target}}`` for several metrics (``response``, ``update``,
      ``resolution``). Priorities rank in the order first named, highest first.
    * *plans*: more plans, each a :class:`Schedule` or a :class:`Plan` with its own targets.
    * *aliases*: other names for priorities (``{"alta": "high", "p1": "high"}``).
    * *thresholds*: a list of :class:`Threshold` for every metric, or ``{metric: [...]}``.
    * *language*: the language of its explanations (``"es"``; default English), a policy
      file's ``language`` (docs/languages.md).
    """

    __slots__ = (
        "_aliases",
        "_default_plan",
        "_derived",
        "_language",
        "_plans",
        "_priorities",
        "_targets",
        "_thresholds",
    )

    def __init__(
        self,
        schedule: BaseSchedule | None = None,
        targets: TargetsSpec | None = None,
        *,
        plans: Mapping[str, BaseSchedule | Plan] | None = None,
        default_plan: str | None = None,
        aliases: Mapping[str, str] | None = None,
        thresholds: Sequence[Threshold] | Mapping[str, Sequence[Threshold]] | None = None,
        priorities: Sequence[str] | None = None,
        language: str | None = None,
    ) -> None:
        by_metric = _targets_by_metric(targets or {}, "targets")
        named: list[str] = []
        for targets_of_metric in by_metric.values():
            for priority in targets_of_metric:
                if priority not in named:
                    named.append(priority)
        # the priorities *priorities* or the general targets declare: a plan's target under
        # another name is a slip (hihg), not a new priority
        declared = (
            [_name(p, "priority") for p in priorities]
            if isinstance(priorities, Sequence) and not isinstance(priorities, str)
            else list(named)
        )
        all_plans: dict[str, Plan] = {}
        if schedule is not None:
            first = _name(default_plan if default_plan is not None else "standard", "plan")
            all_plans[first] = Plan(first, schedule)
        for name, value in (plans or {}).items():
            key = _name(name, "plan")
            if key in all_plans:
                raise InvalidPolicyError(f"plan {name!r} is given twice: expected each plan once")
            if isinstance(value, Plan):
                plan = Plan(
                    key,
                    value.schedule,
                    {
                        metric_name(metric): {
                            _name(p, "priority"): Target.parse(t) for p, t in per.items()
                        }
                        for metric, per in value.targets.items()
                    },
                )
            else:
                plan = Plan(key, value)
            for metric, per_priority in plan.targets.items():
                for priority in per_priority:
                    if declared and priority not in declared:
                        raise UnknownPriorityError(
                            f"unknown priority {priority!r} in the {metric} targets of plan "
                            f"{key!r}: {hint(priority, declared)}"
                        )
                    if priority not in named:
                        named.append(priority)
            all_plans[key] = plan
        if not all_plans:
            raise InvalidPolicyError("a policy needs a schedule or at least one plan")
        if not named:
            raise InvalidPolicyError(
                "a policy needs targets: expected e.g. {'high': '4h', 'medium': '12h', 'low': '24h'}"
            )
        ranking = _ranking(priorities, named) if priorities is not None else named
        default = _name(default_plan, "plan") if default_plan is not None else next(iter(all_plans))
        if default not in all_plans:
            raise UnknownPlanError(
                f"default plan {default_plan!r} is not one of the plans: expected one of "
                f"{', '.join(sorted(all_plans))}"
            )
        self._priorities = tuple(ranking)
        self._targets = by_metric
        self._plans = all_plans
        self._default_plan = default
        self._aliases = _aliases(aliases or {}, self._priorities)
        self._thresholds = _thresholds(thresholds)
        self._derived: dict[str, object] = {}
        self._language = None if language is None else language_code(language)

    def derived(self, key: str, make: Callable[[], _T]) -> _T:
        """A value worked out from the policy once and kept with it (filled idempotently, never
        pickled): *make* is called the first time *key* is asked for. The ticket clocks keep
        the targets in force and business-day deadlines here, so that one ``evaluate`` after
        another shares them.

        >>> policy = default_policy()
        >>> policy.derived("example", lambda: 42), policy.derived("example", lambda: 0)
        (42, 42)
        """
        found = self._derived.get(key, _MISSING)
        if found is _MISSING:
            found = self._derived.setdefault(key, make())
        return found  # type: ignore[return-value]

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__ if name != "_derived"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self._language = None
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._derived = {}

    # -- names -----------------------------------------------------------------------------

    @property
    def priorities(self) -> tuple[str, ...]:
        """The priorities, highest first."""
        return self._priorities

    @property
    def plans(self) -> Mapping[str, Plan]:
        """The plans by name."""
        return dict(self._plans)

    @property
    def default_plan(self) -> str:
        """The name of the plan used when none is given."""
        return self._default_plan

    @property
    def language(self) -> str | None:
        """The language of the policy's explanations (``None``: not chosen, English)."""
        return self._language

    @property
    def aliases(self) -> Mapping[str, str]:
        """Alias -> priority, lower-cased."""
        return dict(self._aliases)

    def priority(self, name: str) -> str:
        """The canonical priority for a name or alias, case-insensitive.

        >>> default_policy().priority("Alta")
        'high'
        >>> default_policy().priority("urgentísimo")
        Traceback (most recent call last):
        ...
        slaclock.errors.UnknownPriorityError: unknown priority 'urgentísimo': expected one of high, medium, low (or an alias: alta, baja, critical, media, p1, p2, p3)

        A name close to a priority or an alias is suggested:

        >>> default_policy().priority("hihg")
        Traceback (most recent call last):
        ...
        slaclock.errors.UnknownPriorityError: unknown priority 'hihg': did you mean 'high'? (known: high, medium, low; aliases: alta, baja, critical, media, p1, p2, p3)
        """
        if isinstance(name, str):
            key = name.strip().lower()
            if key in self._priorities:
                return key
            if key in self._aliases:
                return self._aliases[key]
        shown = ", ".join(self._priorities)
        aliases = ", ".join(sorted(self._aliases))
        guess = did_you_mean(name, [*self._priorities, *sorted(self._aliases)])
        if guess:
            known = message_part(f"{shown}; aliases: {aliases}") if aliases else shown
            raise UnknownPriorityError(f"unknown priority {name!r}: {guess} (known: {known})")
        listed = message_part(f"{shown} (or an alias: {aliases})") if aliases else shown
        raise UnknownPriorityError(f"unknown priority {name!r}: expected one of {listed}")

    def plan(self, name: str | None = None) -> Plan:
        """A plan by name (case-insensitive); the default plan when *name* is ``None``."""
        if name is None:
            return self._plans[self._default_plan]
        key = name.strip().lower() if isinstance(name, str) else name
        if key in self._plans:
            return self._plans[key]
        raise UnknownPlanError(f"unknown plan {name!r}: {hint(name, self._plans)}")

    # -- targets and deadlines ------------------------------------------------------------------

    def target(self, priority: str, metric: str = "response", plan: str | None = None) -> Target:
        """The target in force for a priority, metric and plan (the plan's own wins).

        >>> print(default_policy().target("p2"))
        12h
        """
        chosen = self.plan(plan)
        canonical = self.priority(priority)
        key = metric_name(metric)
        for source in (chosen.targets.get(key, {}), self._targets.get(key, {})):
            if canonical in source:
                return source[canonical]
        defined = sorted(
            {m for m, per in self._targets.items() if canonical in per}
            | {m for m, per in chosen.targets.items() if canonical in per}
        )
        raise UnknownMetricError(
            f"no {key} target for priority {canonical!r} in plan {chosen.name!r}: "
            f"targets are set for {', '.join(defined) or 'no metric'}"
        )

    def deadline(
        self,
        priority: str,
        submitted_at: datetime | str,
        *,
        metric: str = "response",
        plan: str | None = None,
    ) -> datetime:
        """When a ticket of *priority* submitted at *submitted_at* is due, for *metric*.

        The result is an aware datetime in the plan's schedule zone.
        """
        target = self.target(priority, metric, plan)
        return due(self.plan(plan).schedule, submitted_at, target)

    def explain(
        self,
        priority: str,
        submitted_at: datetime | str,
        *,
        metric: str = "response",
        plan: str | None = None,
        now: datetime | str | None = None,
        lang: str | None = None,
    ) -> Explanation:
        """Why a ticket of *priority* submitted at *submitted_at* is due when it is, for
        *metric*: the open periods its target consumes, the closures it skips, the due
        instant (:meth:`deadline`) and each threshold (:meth:`escalations`), as of *now*
        (default: the submission). ``str()`` gives a text for people, as a ticket's
        ``explain`` does: it is the explanation of the ticket submitted then with no other
        event (for ``update``, of a cadence started by a reply at *submitted_at*). The text
        is in *lang* (default: :attr:`language`, else English).

        >>> print(default_policy().explain("alta", "2026-11-20 16:00", now="2026-11-23 10:30"))
        response: running, target 4h, 30m left
          counting from Fri 2026-11-20 16:00
          open Fri 2026-11-20 16:00 - 18:00  (2h)
          open Mon 2026-11-23 09:00 - 11:00  (2h)
          due Mon 2026-11-23 11:00 EST
          warn at 75%: fired Mon 2026-11-23 10:00
          level 2 at 100%: fires Mon 2026-11-23 11:00
          level 3 at 150%: fires Mon 2026-11-23 13:00
        >>> print(default_policy().explain("alta", "2026-11-20 16:00", lang="es"))
        respuesta: en curso, objetivo 4h, quedan 4h
          contando desde vie 2026-11-20 16:00
          abierto vie 2026-11-20 16:00 - 18:00  (2h)
          abierto lun 2026-11-23 09:00 - 11:00  (2h)
          vence lun 2026-11-23 11:00 EST
          aviso al 75 %: se dispara lun 2026-11-23 10:00
          nivel 2 al 100 %: se dispara lun 2026-11-23 11:00
          nivel 3 al 150 %: se dispara lun 2026-11-23 13:00
        """
        from .events import Event
        from .explanations import explain

        self.target(priority, metric, plan)  # no target: the error deadline() gives
        at = parse_datetime(submitted_at) if isinstance(submitted_at, str) else submitted_at
        events = [Event("created", at, priority=priority, plan=plan)]
        if metric_name(metric) == "update":
            events.append(Event("responded", at))
        if now is not None:
            schedule = self.plan(plan).schedule
            if schedule.instant(now) < schedule.instant(submitted_at):
                raise InvalidDatetimeError(
                    f"now {now} is before the submission at {submitted_at}: expected a time "
                    "at or after it"
                )
        return explain(self, events, metric, now=now, lang=lang)

    def thresholds(self, metric: str = "response") -> tuple[Threshold, ...]:
        """The thresholds of a metric, in increasing order."""
        return self._thresholds.get(metric_name(metric), self._thresholds.get("*", ()))

    def escalations(
        self,
        priority: str,
        submitted_at: datetime | str,
        *,
        metric: str = "response",
        plan: str | None = None,
    ) -> list[tuple[Threshold, datetime]]:
        """The instant each threshold of *metric* fires, for a ticket submitted then.

        A threshold at *p* % fires at the first instant at which *p* % of the target has
        been used, measured on the target's own clock (never in closed hours).
        """
        target = self.target(priority, metric, plan)
        schedule = self.plan(plan).schedule
        return [
            (threshold, share_of_target(schedule, submitted_at, target, threshold.percent))
            for threshold in self.thresholds(metric)
        ]

    def deadline_many(
        self,
        priorities: Any,
        submitted: Any,
        *,
        metric: str = "response",
        plans: Any = None,
        errors: Literal["raise", "coerce"] = "raise",
    ) -> Any:
        """:meth:`deadline` over columns (optional extra ``numpy``); see
        :func:`slaclock.columnar_policy.deadlines`."""
        from .columnar_policy import deadlines

        return deadlines(self, priorities, submitted, metric=metric, plans=plans, errors=errors)

    def escalations_many(
        self,
        priorities: Any,
        submitted: Any,
        *,
        metric: str = "response",
        plans: Any = None,
        errors: Literal["raise", "coerce"] = "raise",
    ) -> Any:
        """:meth:`escalations` over columns (optional extra ``numpy``); see
        :func:`slaclock.columnar_policy.escalations`."""
        from .columnar_policy import escalations

        return escalations(self, priorities, submitted, metric=metric, plans=plans, errors=errors)

    def __repr__(self) -> str:
        return (
            f"<Policy priorities={list(self._priorities)} plans={list(self._plans)} "
            f"default_plan={self._default_plan!r}>"
        )


def due(schedule: BaseSchedule, start: datetime | str, target: Target) -> datetime:
    """When *target* is reached from *start* on *schedule*.

    * business time: :meth:`Schedule.add`;
    * calendar time: *start* plus the duration, in the schedule's zone;
    * business days: the close of business (the end of the day's last open time, at most
      local midnight) of the N-th business day after the day counting starts.
    """
    amount = target.amount
    if isinstance(amount, BusinessDays):
        return business_days_end(schedule, start, amount.days)
    if target.clock == "calendar":
        return _real_time_after(schedule, start, amount)
    return schedule.add(start, amount)


def _real_time_after(schedule: BaseSchedule, start: datetime | str, amount: timedelta) -> datetime:
    """*amount* of real time after *start* (added in UTC: across a DST change, wall-clock
    addition in the zone would be off by the change)."""
    begin = schedule.add(start, timedelta(0)).astimezone(UTC)
    return (begin + amount).astimezone(schedule.tz)


def share_of_target(
    schedule: BaseSchedule, start: datetime | str, target: Target, percent: Fraction
) -> datetime:
    """The first instant at which *percent* % of *target* has been used from *start*."""
    amount = target.amount
    if isinstance(amount, BusinessDays):
        span = schedule.elapsed(start, business_days_end(schedule, start, amount.days))
        return schedule.add(start, share_of(span, percent))
    share = share_of(amount, percent)
    if target.clock == "calendar":
        return _real_time_after(schedule, start, share)
    return schedule.add(start, share)


def mark(amount: _Amount, percent: Fraction) -> _Amount:
    """The clock time (µs) at which a threshold of *percent* % of *amount* (µs) fires: the
    first microsecond at which at least that share is used (rounded up). The one rounding of
    thresholds: *amount* may be an int or a numpy array of them (the columnar paths).

    >>> mark(3_600_000_000, Fraction(75)), mark(10, Fraction(1, 3))
    (2700000000, 1)
    """
    numerator, denominator = percent.numerator, 100 * percent.denominator
    return -((-amount * numerator) // denominator)  # type: ignore[operator, no-any-return]


MAX_SPAN = year_start(MAX_YEAR + 1) - year_start(MIN_YEAR)
"""The longest span (µs) inside the supported years: a share longer than it is out of range."""


def share_of(amount: timedelta, percent: Fraction) -> timedelta:
    """*percent* % of *amount*, rounded up to the microsecond (:func:`mark`); a share longer
    than the supported years could hold is :class:`OutOfRangeError`.

    >>> share_of(timedelta(hours=4), Fraction(10**20))
    Traceback (most recent call last):
    ...
    slaclock.errors.OutOfRangeError: threshold 1e+20 % of 4h is longer than the years slaclock supports (2 to 9998) hold
    """
    micros = mark(amount // timedelta(microseconds=1), percent)
    if micros > MAX_SPAN:
        raise OutOfRangeError(
            f"threshold {_percent_shown(percent)} % of {format_duration(amount)} is "
            f"longer than the years slaclock supports ({MIN_YEAR} to {MAX_YEAR}) hold"
        )
    return timedelta(microseconds=micros)


def _percent_shown(share: Fraction) -> str:
    """A percentage for a message, short however large: '150', '87.5', '1e+20'."""
    if share.denominator == 1 and share.numerator < 10**15:
        return str(share.numerator)
    try:
        return f"{float(share):.6g}"
    except OverflowError:
        return "above 1e+308"


def business_days_end(schedule: BaseSchedule, start: datetime | str, days: int) -> datetime:
    """The close of business of the *days*-th business day after the one counting starts on
    (the day of the first open instant at or after *start*): the due instant of a
    business-days target.

    >>> import slaclock
    >>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> print(business_days_end(desk, "2026-11-20 16:00", 3))
    2026-11-25 18:00:00-05:00
    """
    tz = schedule.tz
    opening = schedule.next_open(start)
    day = opening.date()
    for _ in range(days):
        following = datetime.combine(day + timedelta(days=1), time.min)
        day = schedule.next_open(following.replace(tzinfo=tz)).date()
    midnight = datetime.combine(day + timedelta(days=1), time.min).replace(tzinfo=tz)
    begin = datetime.combine(day, time.min).replace(tzinfo=tz)
    last_end = None
    for _, closing in schedule.periods(begin, midnight):
        last_end = closing
    assert last_end is not None  # the day was found open by next_open
    return last_end


def _ranking(order: Sequence[str], named: list[str]) -> list[str]:
    """An explicit ranking of priorities: every one named by a target, each once."""
    if isinstance(order, str) or not isinstance(order, Sequence):
        raise InvalidPolicyError(
            f"priorities {order!r}: expected a list of priority names, highest first"
        )
    ranking = [_name(priority, "priority") for priority in order]
    unknown = [priority for priority in ranking if priority not in named]
    if unknown:
        raise UnknownPriorityError(
            f"priorities {', '.join(map(repr, unknown))} have no target: expected names "
            f"among {', '.join(named)}"
        )
    if len(set(ranking)) != len(ranking):
        raise InvalidPolicyError(f"priorities {order!r}: expected each priority once")
    missing = [priority for priority in named if priority not in ranking]
    if missing:
        raise InvalidPolicyError(
            f"priorities {order!r} leave out {', '.join(map(repr, missing))}: expected a "
            f"ranking of every priority that has a target"
        )
    return ranking


def _name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidPolicyError(f"{what} name {value!r}: expected non-empty text")
    return value.strip().lower()


def metric_name(value: object) -> str:
    """The metric *value* names (any case, blanks about it), or :class:`UnknownMetricError`.

    >>> metric_name(" Response ")
    'response'
    """
    key = value.strip().lower() if isinstance(value, str) else None
    if key is None or key not in METRICS:
        raise UnknownMetricError(f"unknown metric {value!r}: {hint(value, METRICS)}")
    return key


def _targets_by_metric(targets: object, where: str) -> dict[str, dict[str, Target]]:
    if not isinstance(targets, Mapping):
        raise InvalidPolicyError(
            f"{where} {targets!r}: expected a mapping such as {{'high': '4h'}} or "
            f"{{'response': {{'high': '4h'}}}}"
        )
    if targets and all(isinstance(value, Mapping) for value in targets.values()):
        return {
            metric_name(metric): {
                _name(priority, "priority"): Target.parse(value, f"{where}.{metric}.{priority}")
                for priority, value in per.items()
            }
            for metric, per in targets.items()
        }
    return (
        {
            "response": {
                _name(priority, "priority"): Target.parse(value, f"{where}.{priority}")
                for priority, value in targets.items()
            }
        }
        if targets
        else {}
    )


def _aliases(aliases: Mapping[str, str], priorities: Iterable[str]) -> dict[str, str]:
    known = tuple(priorities)
    result: dict[str, str] = {}
    for alias, priority in aliases.items():
        key = _name(alias, "alias")
        if key in known:
            raise InvalidPolicyError(
                f"alias {alias!r} is already a priority: expected a name that is not one of "
                f"{', '.join(known)}"
            )
        target = _name(priority, "priority")
        if target not in known:
            raise UnknownPriorityError(
                f"alias {alias!r} points to unknown priority {priority!r}: expected one of "
                f"{', '.join(known)}"
            )
        result[key] = target
    return result


def _thresholds(
    thresholds: Sequence[Threshold] | Mapping[str, Sequence[Threshold]] | None,
) -> dict[str, tuple[Threshold, ...]]:
    if thresholds is None:
        return {}
    if isinstance(thresholds, Mapping):
        return {
            metric_name(metric): _sorted_thresholds(values) for metric, values in thresholds.items()
        }
    return {"*": _sorted_thresholds(thresholds)}


def _sorted_thresholds(values: Sequence[Threshold]) -> tuple[Threshold, ...]:
    for value in values:
        if not isinstance(value, Threshold):
            raise InvalidPolicyError(f"threshold {value!r}: expected a Threshold")
    ordered = tuple(sorted(values, key=lambda threshold: threshold.percent))
    for before, after in pairwise(ordered):
        if before.percent == after.percent:
            raise InvalidPolicyError(
                f"two thresholds at {before.percent}%: expected each percentage once"
            )
    return ordered


DEFAULT_ALIASES = {
    "alta": "high",
    "media": "medium",
    "baja": "low",
    "p1": "high",
    "p2": "medium",
    "p3": "low",
    "critical": "high",
}
"""The default policy's aliases: Spanish names and P1-P3."""


def default_policy(
    country: str | None = "US",
    subdiv: str | EllipsisType | None = ...,
    *,
    tz: str = "America/New_York",
    hours: str = "09:00-18:00",
) -> Policy:
    """The embedded default: High 4h, Medium 12h, Low 24h of business time (response).

    Monday to Friday 09:00-18:00 in America/New_York (a desk in Miami, Florida), closed on
    the official holidays of *country* / *subdiv*: US-FL unless told otherwise; ``None`` for
    no holidays. The subdivision defaults to Florida for the United States only: another
    country's holidays are its national ones unless *subdiv* names one of its own.

    >>> policy = default_policy()
    >>> print(policy.deadline("high", "2026-11-25 16:00"))
    2026-11-30 11:00:00-05:00
    >>> print(default_policy("AR", tz="America/Argentina/Buenos_Aires").deadline(
    ...     "alta", "2026-05-22 16:00"))
    2026-05-26 11:00:00-03:00
    >>> print(default_policy("CO", tz="America/Bogota").deadline("high", "2026-12-07 16:00"))
    2026-12-09 11:00:00-05:00
    """
    if subdiv is ...:
        subdiv = "FL" if country is not None and country.strip().upper() == "US" else None
    calendar = country_calendar(country, subdiv) if country else None
    schedule = Schedule({"mon-fri": hours}, tz=tz, calendar=calendar)
    return Policy(
        schedule,
        targets={"high": "4h", "medium": "12h", "low": "24h"},
        aliases=DEFAULT_ALIASES,
        thresholds=[Threshold(75, name="warn"), Threshold(100, level=2), Threshold(150, level=3)],
    )
