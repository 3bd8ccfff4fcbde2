"""What a report reads: the names of the input's columns (:class:`Columns`) and how its
timestamps are written (:class:`TimeFormat`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..config import COLUMN_FIELDS
from ..errors import InvalidDatetimeError, InvalidInputError, SlaclockError
from ..events import kind_name
from ..zones import parse_datetime

__all__ = ["Columns", "TimeFormat", "event_kinds", "report_moment"]


@dataclass(frozen=True, slots=True)
class Columns:
    """The names of the input's columns (CSV header names, or JSON keys).

    One row per ticket reads ``id`` (optional), ``created``, ``priority``, ``plan``
    (optional: the default plan), ``responded`` and ``solved`` (optional). An event log reads
    ``id``, ``event`` (the kind), ``at``, and ``priority``, ``plan``, ``reason`` as the kind
    needs them.
    """

    id: str = "id"
    created: str = "created"
    priority: str = "priority"
    plan: str = "plan"
    responded: str = "responded"
    solved: str = "solved"
    event: str = "event"
    at: str = "at"
    reason: str = "reason"

    def __post_init__(self) -> None:
        for name in COLUMN_FIELDS:
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise InvalidInputError(
                    f"column name for {name} {value!r}: expected non-empty text"
                )

    def required(self, events: bool) -> tuple[str, ...]:
        """The columns a header must have."""
        if events:
            return (self.id, self.event, self.at)
        return (self.created, self.priority)

    def used(self, events: bool) -> tuple[str, ...]:
        """Every column read, required or not."""
        if events:
            return (self.id, self.event, self.at, self.priority, self.plan, self.reason)
        return (self.id, self.created, self.priority, self.plan, self.responded, self.solved)

    def check(self, header: Sequence[str], events: bool) -> None:
        """Raise :class:`InvalidInputError` when *header* lacks a required column or names
        a column that is read twice."""
        missing = [name for name in self.required(events) if name not in header]
        if missing:
            raise InvalidInputError(
                f"no column {', '.join(map(repr, missing))} in the header "
                f"({', '.join(map(repr, header)) or 'empty'})"
            )
        for name in self.used(events):
            if header.count(name) > 1:
                raise InvalidInputError(
                    f"column {name!r} appears {header.count(name)} times in the header: "
                    f"expected it once"
                )


_DAY_FIRST = tuple(
    f"%d{mark}%m{mark}%Y{clock}"
    for mark in "/.-"
    for clock in ("", " %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p")
)
"""The shapes a day-first date is read in (:attr:`TimeFormat.dayfirst`)."""


@dataclass(frozen=True, slots=True)
class TimeFormat:
    """How the input's timestamps are written.

    * By default, ISO 8601 (``2026-11-20 17:30``, ``2026-11-20T17:30:00-05:00``), as
      ``datetime.fromisoformat`` reads it.
    * *pattern*: a ``strptime`` pattern (``%m/%d/%Y %I:%M %p``) that every timestamp matches
      (with ``%z``, a timestamp carries its offset; else it is a wall time, read in the
      plan's zone).
    * *dayfirst*: ISO 8601, or else a date written day first, ``13/11/2026``,
      ``13.11.2026`` or ``13-11-2026``, perhaps followed by ``17:30``, ``17:30:45``,
      ``5:30 PM`` or ``5:30:45 PM``.

    >>> print(TimeFormat("%m/%d/%Y %I:%M %p").parse("11/20/2026 4:00 PM"))
    2026-11-20 16:00:00
    >>> day_first = TimeFormat(dayfirst=True)
    >>> print(day_first.parse("13/11/2026 17:30"), day_first.parse("2026-11-13 17:30"))
    2026-11-13 17:30:00 2026-11-13 17:30:00
    >>> TimeFormat("%d/%m/%Y").parse("2026-11-13")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidDatetimeError: '2026-11-13' does not match the date format '%d/%m/%Y'
    """

    pattern: str | None = None
    dayfirst: bool = False

    def __post_init__(self) -> None:
        if self.pattern is not None:
            if not isinstance(self.pattern, str) or "%" not in self.pattern:
                raise InvalidInputError(
                    f"date format {self.pattern!r}: expected a strptime pattern such as "
                    f"'%d/%m/%Y %H:%M'"
                )
            sample = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
            try:  # a directive strptime does not know is an error here, not at every row
                datetime.strptime(sample.strftime(self.pattern), self.pattern)
            except ValueError as err:
                raise InvalidInputError(f"date format {self.pattern!r}: {err}") from None
        if not isinstance(self.dayfirst, bool):
            raise InvalidInputError(f"dayfirst {self.dayfirst!r}: expected True or False")
        if self.pattern is not None and self.dayfirst:
            raise InvalidInputError(
                "a date format and dayfirst: give one (the pattern says where the day is)"
            )

    @property
    def iso(self) -> bool:
        """Whether an ISO 8601 text is read as ISO 8601 (unless a pattern is given)."""
        return self.pattern is None

    @property
    def patterns(self) -> tuple[str, ...]:
        """The ``strptime`` patterns a text is read in, in the order they are tried (after
        ISO 8601 where :attr:`iso`): the pattern given, or the day-first shapes.

        >>> TimeFormat("%d/%m/%Y").patterns, TimeFormat().patterns
        (('%d/%m/%Y',), ())
        >>> TimeFormat(dayfirst=True).patterns[:2]
        ('%d/%m/%Y', '%d/%m/%Y %H:%M')
        """
        if self.pattern is not None:
            return (self.pattern,)
        return _DAY_FIRST if self.dayfirst else ()

    def parse(self, text: str) -> datetime:
        """*text* (stripped) as a datetime; :class:`InvalidDatetimeError` naming it and
        what was expected when it is not written so."""
        text = text.strip()
        if self.pattern is not None:
            try:
                return datetime.strptime(text, self.pattern)
            except ValueError:
                raise InvalidDatetimeError(
                    f"{text!r} does not match the date format {self.pattern!r}"
                ) from None
        if not self.dayfirst:
            return parse_datetime(text)
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
        for shape in self.patterns:
            try:
                return datetime.strptime(text, shape)
            except ValueError:
                continue
        raise InvalidDatetimeError(
            f"{text!r} is neither ISO 8601 nor a day-first date: expected e.g. "
            f"'13/11/2026 17:30' or '2026-11-13 17:30'"
        )


def report_moment(now: datetime | str | None) -> datetime:
    """A report's ``now``: a datetime as it is, ISO 8601 text read
    (:func:`~slaclock.zones.parse_datetime`), ``None`` this second (UTC).

    >>> report_moment("2026-12-01 00:00")
    datetime.datetime(2026, 12, 1, 0, 0)
    """
    if now is None:
        return datetime.now(UTC).replace(microsecond=0)
    if isinstance(now, str):
        return parse_datetime(now)
    if isinstance(now, datetime):
        return now
    raise InvalidInputError(f"now {now!r}: expected a datetime or ISO 8601 text")


def event_kinds(names: Mapping[str, str]) -> dict[str, str]:
    """*names* (an export's name of an event: a kind or ``"ignore"``) checked, each name
    stripped and in lower case, each kind as :data:`~slaclock.events.KINDS` names it.

    >>> event_kinds({"Llamada ": "update", "Encuesta": "ignore"})
    {'llamada': 'updated', 'encuesta': 'ignore'}
    """
    if not isinstance(names, Mapping):
        raise InvalidInputError(f"event names {names!r}: expected a mapping of name to kind")
    found: dict[str, str] = {}
    for name, kind in names.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(f"event name {name!r}: expected non-empty text")
        if isinstance(kind, str) and kind.strip().lower() == "ignore":
            found[name.strip().lower()] = "ignore"
            continue
        try:
            found[name.strip().lower()] = kind_name(kind)
        except SlaclockError as err:
            raise InvalidInputError(f"event name {name!r}: {err} (or 'ignore')") from None
    return found
