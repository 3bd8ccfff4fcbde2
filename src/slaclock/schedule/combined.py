"""Schedules made of others: :class:`UnionSchedule` (open when any member is, ``a | b``) and
:class:`IntersectionSchedule` (open when every member is, ``a & b``). The open time of their
years is counted by the shapes of their members' years (:meth:`Schedule.year_shapes`): one
year's index built per shape, not per year.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from typing import Any

from .._questions import Closure, overlap
from ..errors import InvalidScheduleError, NoOpenTimeError
from ..zones import NaivePolicy, from_micros, zone_name
from .base import BaseSchedule

__all__ = ["IntersectionSchedule", "UnionSchedule"]


def _by_shape(schedule: BaseSchedule, first: int, last: int) -> list[int] | None:
    """The open time of each UTC year from *first* to *last* of a union or an intersection:
    the years are grouped by the shapes of their members' years (:meth:`Schedule.year_shapes`)
    and one year's chunk is built per group, whose total every year of the group shares.
    Years repeat their shapes (the weekday of New Year, leap or not, the same rules of the
    zones and calendars), so across millennia a few hundred chunks are built, not thousands;
    ``None`` when a member's calendar can only be asked date by date (the chunks are built)."""
    shapes = schedule.year_shapes(first, last)
    if shapes is None:
        return None
    known: dict[Hashable, int] = {}
    totals = []
    for year, shape in zip(range(first, last + 1), shapes, strict=True):
        total = known.get(shape)
        if total is None:
            total = known[shape] = schedule.timeline.chunk(year).total
        totals.append(total)
    return totals


def _members_shapes(
    members: tuple[BaseSchedule, ...], first: int, last: int
) -> list[Hashable] | None:
    """The shapes of a union's or an intersection's years: those of its members' years."""
    found = []
    for member in members:
        shapes = member.year_shapes(first, last)
        if shapes is None:
            return None
        found.append(shapes)
    return list(zip(*found, strict=True))


class _CombinedSchedule(BaseSchedule):
    """What a union and an intersection share: their *members* (a member of the same kind is
    flattened into its own members), their zone (by default the first member's), the shapes
    of their years (their members') and the open time of their years, counted by shape."""

    __slots__ = ("members",)

    members: tuple[BaseSchedule, ...]

    def __init__(
        self, *members: BaseSchedule, tz: str | tzinfo | None = None, naive: NaivePolicy = "assume"
    ) -> None:
        union = self._kind is UnionSchedule
        flattened: list[BaseSchedule] = []
        for member in members:
            if not isinstance(member, BaseSchedule):
                raise InvalidScheduleError(
                    f"union member {member!r}: expected a Schedule, got {type(member).__name__}"
                    if union
                    else f"intersection member {member!r}: expected a Schedule, got "
                    f"{type(member).__name__}"
                )
            flattened.extend(member.members if isinstance(member, self._kind) else (member,))
        if not flattened:
            raise InvalidScheduleError(
                "union of no schedules: expected at least one Schedule"
                if union
                else "intersection of no schedules: expected at least one Schedule"
            )
        object.__setattr__(self, "members", tuple(flattened))
        self._setup(
            tz if tz is not None else flattened[0].tz,
            naive,
            totals=self._shared_totals,
            bound=self._span_bound,
        )

    @property
    def _kind(self) -> type[_CombinedSchedule]:
        """The kind of combination: :class:`UnionSchedule` or :class:`IntersectionSchedule`."""
        return UnionSchedule if isinstance(self, UnionSchedule) else IntersectionSchedule

    def _span_bound(self, first: int, last: int) -> int:
        """At least the open time of the UTC years *first* to *last*: counted from the
        members' (each kind says how)."""
        raise NotImplementedError

    def year_shapes(self, first: int, last: int) -> list[Hashable] | None:
        return _members_shapes(self.members, first, last)

    def _shared_totals(self, first: int, last: int) -> list[int] | None:
        return _by_shape(self, first, last)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, self._kind):
            return NotImplemented
        return (self.members, zone_name(self.tz), self.naive) == (
            other.members,
            zone_name(other.tz),
            other.naive,
        )


class UnionSchedule(_CombinedSchedule):
    """Open whenever any member schedule is open: one clock over several desks' hours.

    Members may sit in different zones; naive datetimes are read in *tz* (by default the
    first member's zone) and results are given in it.

    >>> from slaclock import Schedule
    >>> new_york = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
    >>> madrid = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")
    >>> both = new_york | madrid
    >>> for opening, closing in both.periods("2026-11-23 00:00", "2026-11-23 23:59"):
    ...     print(opening, "->", closing)
    2026-11-23 03:00:00-05:00 -> 2026-11-23 18:00:00-05:00
    """

    __slots__ = ()

    def _span_bound(self, first: int, last: int) -> int:
        """The members' open time added up: at least the union's."""
        return sum(member.timeline.span_total(first, last) for member in self.members)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why: a union is closed when every member is, and
        stays closed until the first member opens. The reason, date and name are those of the
        closure of the member that opens first (the first such member, on a tie; a member
        that never opens again is passed over); *until* is the union's ``next_open(at)``, in
        its zone. Cost: one closure per member.

        >>> from datetime import date
        >>> from slaclock import Schedule
        >>> new_york = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> madrid = Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid",
        ...                   calendar={date(2026, 11, 23)})
        >>> found = (new_york | madrid).closure("2026-11-23 02:00")   # before New York opens
        >>> found.reason, str(found.until)
        ('outside hours', '2026-11-23 09:00:00-05:00')
        """
        micros = self._checked(at)
        if self._timeline.is_open(micros):
            return None
        until = self.next_open(at)
        moment = from_micros(micros, UTC)
        first: Closure | None = None
        for member in self.members:
            try:
                found = member.closure(moment)
            except NoOpenTimeError:
                continue  # never opens again: another member opens the union
            assert found is not None  # a union is closed only when every member is
            if first is None or found.until < first.until:
                first = found
        assert first is not None  # until was found: some member opens
        return replace(first, until=until)

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        for member in self.members:
            chunk = member.timeline.chunk(year)
            yield from zip(chunk.starts, chunk.ends, strict=True)

    def __hash__(self) -> int:
        return hash((self.members, zone_name(self.tz), self.naive))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_union, (self.members, self.tz, self.naive))

    def __repr__(self) -> str:
        members = ", ".join(repr(member) for member in self.members)
        return f"UnionSchedule({members}, tz={zone_name(self.tz)!r})"


def _rebuild_union(
    members: tuple[BaseSchedule, ...], tz: tzinfo, naive: NaivePolicy
) -> UnionSchedule:
    return UnionSchedule(*members, tz=tz, naive=naive)


class IntersectionSchedule(_CombinedSchedule):
    """Open only when every member schedule is open: a desk's hours within a customer's own
    office hours, say. Members may sit in different zones; naive datetimes are read in *tz*
    (by default the first member's zone) and results are given in it.

    >>> from slaclock import Schedule
    >>> desk = Schedule({"mon-fri": "08:00-20:00"}, tz="America/New_York")
    >>> customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
    >>> both = desk & customer
    >>> for opening, closing in both.periods("2026-11-23 00:00", "2026-11-24 00:00"):
    ...     print(opening, "->", closing)
    2026-11-23 08:00:00-05:00 -> 2026-11-23 11:00:00-05:00

    Cost: a UTC year's index is built from the members' indexes of that year, in one pass
    over their periods; the questions then cost what they cost on any schedule.
    """

    __slots__ = ()

    def _span_bound(self, first: int, last: int) -> int:
        """The least of the members' open time: at least the intersection's."""
        return min(member.timeline.span_total(first, last) for member in self.members)

    def closure(self, at: datetime | str) -> Closure | None:
        """``None`` when open at *at*; else why: an intersection is closed when any member
        is. The reason, date and name are those of the closure of the closed member that opens
        last (the first such member, on a tie): the one that keeps it closed longest; *until*
        is the intersection's ``next_open(at)``, in its zone (when every member is open at
        once, perhaps later than any member's own reopening). Cost: one closure per member.

        >>> from slaclock import Schedule
        >>> desk = Schedule({"mon-fri": "08:00-20:00"}, tz="America/New_York")
        >>> customer = Schedule({"mon-fri": "09:00-17:00"}, tz="Europe/Madrid")
        >>> found = (desk & customer).closure("2026-11-23 12:00")   # the customer has closed
        >>> found.reason, found.day, str(found.until)
        ('outside hours', datetime.date(2026, 11, 23), '2026-11-24 08:00:00-05:00')
        """
        micros = self._checked(at)
        if self._timeline.is_open(micros):
            return None
        until = self.next_open(at)
        moment = from_micros(micros, UTC)
        last: Closure | None = None
        for member in self.members:
            found = member.closure(moment)
            if found is not None and (last is None or found.until > last.until):
                last = found
        assert last is not None  # an intersection is closed only when some member is
        return replace(last, until=until)

    def _source(self, year: int) -> Iterator[tuple[int, int]]:
        chunk = self.members[0].timeline.chunk(year)
        found = list(zip(chunk.starts, chunk.ends, strict=True))
        for member in self.members[1:]:
            other = member.timeline.chunk(year)
            found = overlap(found, list(zip(other.starts, other.ends, strict=True)))
        return iter(found)

    def __hash__(self) -> int:
        return hash((self.members, zone_name(self.tz), self.naive, "&"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_intersection, (self.members, self.tz, self.naive))

    def __repr__(self) -> str:
        members = ", ".join(repr(member) for member in self.members)
        return f"IntersectionSchedule({members}, tz={zone_name(self.tz)!r})"


def _rebuild_intersection(
    members: tuple[BaseSchedule, ...], tz: tzinfo, naive: NaivePolicy
) -> IntersectionSchedule:
    return IntersectionSchedule(*members, tz=tz, naive=naive)
