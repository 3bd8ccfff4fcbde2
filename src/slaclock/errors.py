"""The slaclock exception hierarchy.

Every error slaclock raises derives from :class:`SlaclockError`. Every error caused by bad
input also derives from :class:`ValueError`, so code that already catches ``ValueError``
keeps working. Messages name the bad value and what was expected.

>>> issubclass(InvalidHoursError, ValueError)
True
>>> issubclass(InvalidHoursError, SlaclockError)
True
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "FixedOffsetWarning",
    "InvalidCalendarError",
    "InvalidDatetimeError",
    "InvalidDurationError",
    "InvalidEventError",
    "InvalidHoursError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidRowError",
    "InvalidScheduleError",
    "InvalidTicketError",
    "NaiveDatetimeError",
    "NoOpenTimeError",
    "NonexistentTimeError",
    "OutOfRangeError",
    "PolicyFileError",
    "SlaclockError",
    "UnknownLanguageError",
    "UnknownMetricError",
    "UnknownPlanError",
    "UnknownPriorityError",
    "UnknownZoneError",
    "message_part",
]


def message_part(text: str) -> str:
    """*text*, unchanged: a part of an error message made apart from it (a hint, a list joined
    by "or", the kind of a value), marked as gettext's ``gettext_noop`` marks a text. Each
    catalogue translates it as an entry of its own (context ``error``), put back into the
    message that holds it when the message is shown in another language (docs/languages.md).

    >>> message_part("a number")
    'a number'
    """
    return text


def shown(value: object, limit: int = 20) -> str:
    """*value* as a message shows it: its ``repr``, or when that is long its first *limit*
    characters and its length (text a user pasted, a number of 5,000 digits).

    >>> print(shown("4h"))
    '4h'
    >>> print(shown("9" * 5000 + "h"))
    '99999999999999999999'... (5001 characters)
    >>> print(shown(10**5000))
    a whole number of 5001 digits
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        digits = _digit_count(value)
        return message_part(f"a whole number of {digits} digits")
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        start, length = value[:limit], len(value)
        return message_part(f"{start!r}... ({length} characters)")
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # a deeply nested container; a huge number inside
        return message_part(f"a {type(value).__name__} too large to show")
    return (
        text if len(text) <= 2 * limit + 20 else f"{text[: 2 * limit]}... ({type(value).__name__})"
    )


def _digit_count(value: int) -> int:
    """The number of decimal digits of a huge whole number, without writing it out."""
    magnitude = abs(value)
    digits = int((magnitude.bit_length() - 1) * 0.30102999566398120) + 1
    return digits + 1 if magnitude >= 10**digits else digits


class SlaclockError(Exception):
    """Base class of every error raised by slaclock."""


class InvalidScheduleError(SlaclockError, ValueError):
    """A schedule cannot be built from what it was given."""


class InvalidHoursError(InvalidScheduleError):
    """Weekly hours, an interval or an override is malformed (``'25:00'``, ``'9-17'``, ...)."""


class UnknownZoneError(SlaclockError, ValueError):
    """A time zone is not a known IANA zone or not a usable ``tzinfo``."""


class FixedOffsetWarning(UserWarning):
    """A zone given as an abbreviation (``EST``) is used as the fixed offset it names, which
    ignores daylight saving: see :func:`slaclock.zones.zone`."""


class InvalidCalendarError(SlaclockError, ValueError):
    """A holiday calendar cannot be built or used (unknown country, subdivision, category)."""


class InvalidDatetimeError(SlaclockError, ValueError):
    """A value is not a usable instant (wrong type, unparsable text)."""


class NaiveDatetimeError(InvalidDatetimeError):
    """A naive datetime was given to a schedule built with ``naive="reject"``."""


class NonexistentTimeError(InvalidDatetimeError):
    """A naive wall time falls into a daylight-saving gap and never happened."""


class InvalidDurationError(SlaclockError, ValueError):
    """A duration is negative, unparsable or of the wrong kind."""


class NoOpenTimeError(SlaclockError, ValueError):
    """A schedule has no open time within the bounded look-ahead."""


class OutOfRangeError(SlaclockError, ValueError):
    """An instant or a result lies outside the years slaclock can represent (2..9998)."""


class InvalidPolicyError(SlaclockError, ValueError):
    """A policy, a target or a threshold is malformed."""


class UnknownPriorityError(InvalidPolicyError):
    """A priority name is neither a priority of the policy nor one of its aliases."""


class UnknownPlanError(InvalidPolicyError):
    """A plan name is not one of the policy's plans."""


class UnknownMetricError(InvalidPolicyError):
    """A metric is not one of response, update, resolution, or has no target."""


class InvalidEventError(SlaclockError, ValueError):
    """A ticket event is malformed or impossible where it stands (resume without a pause)."""


class InvalidTicketError(SlaclockError, ValueError):
    """A stored ticket (``Ticket.from_json``, ``Ticket.from_dict``) cannot be read back: not
    JSON, another schema version, a missing, unknown or malformed field (the message names
    it: ``events[2].at``), or events that cannot happen under the policy."""


class PolicyFileError(InvalidPolicyError):
    """A policy file has problems; ``problems`` lists each as (key path, message).

    >>> print(PolicyFileError([("plans.standard.zone", "unknown time zone 'Mars'")], "policy.toml"))
    1 problem in policy.toml:
      plans.standard.zone: unknown time zone 'Mars'
    """

    def __init__(self, problems: list[tuple[str, str]], source: str = "the policy") -> None:
        self.problems = tuple(problems)
        self.source = source
        lines = [f"  {path}: {message}" if path else f"  {message}" for path, message in problems]
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} in {source}:\n" + "\n".join(lines))

    def __reduce__(self) -> tuple[type[PolicyFileError], tuple[list[tuple[str, str]], str]]:
        return (type(self), (list(self.problems), self.source))


class InvalidInputError(SlaclockError, ValueError):
    """The input as a whole cannot be read as asked (a missing column, an unknown format)."""


class UnknownLanguageError(SlaclockError, ValueError):
    """A language has no catalogue (``lang="xx"``, ``--lang``, a policy's ``language``)."""


class InvalidRowError(SlaclockError, ValueError):
    """A row was rejected and the report was asked to stop there (``strict=True``)."""

    def __init__(self, rejection: Any) -> None:
        self.rejection = rejection
        where = f"line {rejection.line}"
        if rejection.id:
            where += f" (ticket {rejection.id!r})"
        super().__init__(f"{where}: {rejection.reason}")
