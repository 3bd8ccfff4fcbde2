"""Policies: priorities with targets per metric, plans with their schedules, aliases and
thresholds, validated once (:class:`Policy`, :class:`Plan`); the embedded default policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from types import EllipsisType
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from ..calendars import country_calendar
from ..errors import (
    InvalidDatetimeError,
    InvalidPolicyError,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    message_part,
)
from ..languages import language_code
from ..schedule import BaseSchedule, Schedule
from ..suggestions import did_you_mean, hint
from ..zones import parse_datetime
from .deadlines import due, share_of_target
from .targets import Target, TargetsSpec, Threshold, metric_name

if TYPE_CHECKING:
    from ..explanations import Explanation

__all__ = ["DEFAULT_ALIASES", "Plan", "Policy", "default_policy"]

_T = TypeVar("_T")
_MISSING = object()


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
        from ..events import Event
        from ..explanations import explain

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
        from ..columnar_policy import deadlines

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
        from ..columnar_policy import escalations

        return escalations(self, priorities, submitted, metric=metric, plans=plans, errors=errors)

    def __repr__(self) -> str:
        return (
            f"<Policy priorities={list(self._priorities)} plans={list(self._plans)} "
            f"default_plan={self._default_plan!r}>"
        )


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
