"""Targets and thresholds: how long each metric may take (:class:`Target`: business time,
calendar time or business days) and the shares of it at which warnings and escalations fire
(:class:`Threshold`); the metrics by name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from typing import Literal, TypeAlias

from ..durations import BusinessDays, format_duration, parse_duration
from ..errors import InvalidDurationError, InvalidPolicyError, UnknownMetricError
from ..languages import translation
from ..suggestions import hint

__all__ = [
    "METRICS",
    "Clock",
    "Target",
    "TargetSpec",
    "TargetsSpec",
    "Threshold",
    "metric_name",
    "percent_text",
]


METRICS = ("response", "update", "resolution")
"""The metrics a policy can set targets for: first response, progress updates, resolution."""

Clock = Literal["business", "calendar"]
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


def metric_name(value: object) -> str:
    """The metric *value* names (any case, blanks about it), or :class:`UnknownMetricError`.

    >>> metric_name(" Response ")
    'response'
    """
    key = value.strip().lower() if isinstance(value, str) else None
    if key is None or key not in METRICS:
        raise UnknownMetricError(f"unknown metric {value!r}: {hint(value, METRICS)}")
    return key
