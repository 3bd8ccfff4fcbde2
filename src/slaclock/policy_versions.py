"""Versions of a policy, each in force from a date: a ticket is evaluated under the version in
force when it was created.

>>> from slaclock import Event, Policy, Schedule
>>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> versions = PolicyVersions({
...     "2026-01-01": Policy(desk, targets={"high": "4h"}),
...     "2027-01-01": Policy(desk, targets={"high": "2h"}),
... })
>>> versions.evaluate([Event("created", "2026-12-31 17:00", priority="high")])["response"].due
datetime.datetime(2027, 1, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))
>>> versions.evaluate([Event("created", "2027-01-04 09:00", priority="high")])["response"].due
datetime.datetime(2027, 1, 4, 11, 0, tzinfo=zoneinfo.ZoneInfo(key='America/New_York'))

A version is in force from 00:00 of its date in the zone of the plan the ticket is created on
(that version's plan of that name, else its default plan); a ticket created before every
version's date takes the first. A ticket keeps its version for its whole life: a reply after
the change of policy is measured against the target the ticket was created under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any, final

from .config import policy_from_dict, read_policy_text, read_toml
from .errors import InvalidPolicyError, PolicyFileError, SlaclockError, UnknownPlanError, shown
from .events import Event
from .explanations import Explanation
from .policy import Plan, Policy
from .schedule_versions import version_date
from .tracking import Options, Ticket, TicketStatus, Tracker

__all__ = [
    "PolicyVersions",
    "VersionedTracker",
    "load_policy_versions",
    "loads_policy_versions",
    "policy_versions_from_dict",
    "read_policy_file",
]


@final
class PolicyVersions:
    """Several versions of a policy, each in force from a date (a ``date`` or
    ``"YYYY-MM-DD"``), in a mapping to :class:`~slaclock.Policy`. Immutable."""

    __slots__ = ("_dates", "_policies", "versions")

    versions: Mapping[date, Policy]
    _dates: tuple[date, ...]
    _policies: tuple[Policy, ...]

    def __init__(self, versions: Mapping[Any, Policy]) -> None:
        if not isinstance(versions, Mapping) or not versions:
            raise InvalidPolicyError(
                f"policy versions {shown(versions)}: expected a mapping of at least one date "
                f"(from which each version is in force) to a Policy"
            )
        found: dict[date, Policy] = {}
        for key, policy in versions.items():
            try:
                day = version_date(key, "policy version")
            except SlaclockError as err:
                raise InvalidPolicyError(str(err)) from err
            if not isinstance(policy, Policy):
                raise InvalidPolicyError(
                    f"policy version {day}: expected a Policy, got {type(policy).__name__}"
                )
            if day in found:
                raise InvalidPolicyError(f"policy version {day}: given twice")
            found[day] = policy
        ordered = dict(sorted(found.items()))
        object.__setattr__(self, "versions", MappingProxyType(ordered))  # (read-only)
        object.__setattr__(self, "_dates", tuple(ordered))
        object.__setattr__(self, "_policies", tuple(ordered.values()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"PolicyVersions is immutable: cannot set {name!r}")

    def __repr__(self) -> str:
        shown_versions = ", ".join(
            f"{day.isoformat()!r}: {p!r}" for day, p in self.versions.items()
        )
        return f"PolicyVersions({{{shown_versions}}})"

    def __reduce__(self) -> tuple[type[PolicyVersions], tuple[dict[date, Policy]]]:
        """Pickled by its definition: each version's date and policy (a policy pickles by
        its own definition, never by what it has worked out), as a policy travels to a
        cluster's workers."""
        return (PolicyVersions, (dict(self.versions),))

    # -- which version ----------------------------------------------------------------------

    def version_for(
        self, created_at: datetime | str, plan: str | None = None
    ) -> tuple[date, Policy]:
        """The version a ticket created at *created_at* on *plan* is evaluated under, and the
        date it is in force from: the latest version whose date's 00:00, in the zone of its
        plan *plan* (else its default plan), is at or before the creation. A naive
        *created_at* is read in that zone. O(v) for v versions.

        >>> from slaclock import Policy, Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="Asia/Tokyo")
        >>> versions = PolicyVersions({"2027-01-01": Policy(desk, targets={"high": "2h"}),
        ...                            "2026-01-01": Policy(desk, targets={"high": "4h"})})
        >>> versions.version_for("2026-12-31T23:59:59+09:00")[0]
        datetime.date(2026, 1, 1)
        >>> versions.version_for("2026-12-31T15:00:00+00:00")[0]     # midnight in Tokyo
        datetime.date(2027, 1, 1)
        """
        for index in range(len(self._dates) - 1, 0, -1):
            schedule = _plan_of(self._policies[index], plan).schedule
            start = datetime.combine(self._dates[index], time(0), tzinfo=schedule.tz)
            if schedule.instant(created_at) >= schedule.instant(start):
                return self._dates[index], self._policies[index]
        return self._dates[0], self._policies[0]

    def applies_from(self, day: date) -> str:
        """When a version applies, in words (what ``slaclock check`` shows).

        >>> from slaclock import default_policy
        >>> versions = PolicyVersions({"2026-01-01": default_policy(),
        ...                            "2027-01-01": default_policy()})
        >>> versions.applies_from(date(2026, 1, 1))
        'tickets created before 2027-01-01 (and any before 2026-01-01)'
        >>> versions.applies_from(date(2027, 1, 1))
        'tickets created from 2027-01-01'
        """
        index = self._dates.index(day)
        following = self._dates[index + 1] if index + 1 < len(self._dates) else None
        if index == 0:
            until = f"before {following}" if following else "at any time"
            return f"tickets created {until}" + (f" (and any before {day})" if following else "")
        return f"tickets created from {day}" + (f" to before {following}" if following else "")

    # -- what a report and a tool ask -------------------------------------------------------

    @property
    def priorities(self) -> tuple[str, ...]:
        """Every version's priorities, the latest version's order first."""
        found: dict[str, None] = {}
        for policy in reversed(self._policies):
            found.update(dict.fromkeys(policy.priorities))
        return tuple(found)

    @property
    def plans(self) -> Mapping[str, Plan]:
        """Every version's plans by name, each as the latest version that has it defines it."""
        found: dict[str, Plan] = {}
        for policy in reversed(self._policies):
            for name, plan in policy.plans.items():
                found.setdefault(name, plan)
        return found

    def plan(self, name: str | None = None) -> Plan:
        """A plan by name (or the latest version's default plan), as the latest version that
        has it defines it."""
        if name is not None:
            for policy in reversed(self._policies):
                try:
                    return policy.plan(name)
                except UnknownPlanError:
                    continue
        return self._policies[-1].plan(name)

    def tracker(self, options: Options | None = None) -> VersionedTracker:
        """A :class:`VersionedTracker`: one :class:`~slaclock.Tracker` per version."""
        return VersionedTracker(self, options)

    def evaluate(
        self,
        events: Iterable[Event],
        now: datetime | str | None = None,
        *,
        options: Options | None = None,
    ) -> TicketStatus:
        """:func:`slaclock.evaluate` under the version in force when the ticket was
        created."""
        return self.tracker(options).replay(events).status(now)

    def explain(
        self,
        events: Iterable[Event],
        metric: str = "response",
        now: datetime | str | None = None,
        *,
        options: Options | None = None,
    ) -> Explanation:
        """:func:`slaclock.explain` under the version in force when the ticket was created;
        the explanation names the version.

        >>> from slaclock import Event, Policy, Schedule
        >>> desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
        >>> versions = PolicyVersions({"2026-01-01": Policy(desk, targets={"high": "4h"}),
        ...                            "2027-01-01": Policy(desk, targets={"high": "2h"})})
        >>> print(versions.explain([Event("created", "2027-01-04 09:00", priority="high")]))
        response: running, target 2h, 2h left
          under the policy version in force from 2027-01-01
          counting from Mon 2027-01-04 09:00
          open Mon 2027-01-04 09:00 - 11:00  (2h)
          due Mon 2027-01-04 11:00 EST
        """
        listed = list(events)
        day, _ = self.version_for_events(listed)
        ticket = self.tracker(options).replay(listed)
        return replace(ticket.explain(metric, now), version=day)

    def version_for_events(self, events: Iterable[Event]) -> tuple[date, Policy]:
        """The version of a ticket with these events: by its first ``created`` event (the
        first version when there is none: evaluating it then says what is wrong)."""
        created = next((e for e in events if isinstance(e, Event) and e.kind == "created"), None)
        if created is None:
            return self._dates[0], self._policies[0]
        return self.version_for(created.at, created.plan)


def _plan_of(policy: Policy, name: str | None) -> Plan:
    """A version's plan of that name, else its default plan (to read an instant's zone)."""
    try:
        return policy.plan(name)
    except UnknownPlanError:
        return policy.plan()


@final
class VersionedTracker:
    """What :class:`~slaclock.Tracker` does, for versions of a policy: each ticket replayed
    by the tracker of the version in force when it was created."""

    __slots__ = ("_trackers", "options", "versions")

    def __init__(self, versions: PolicyVersions, options: Options | None = None) -> None:
        self.versions = versions
        self.options = options or Options()
        self._trackers = {
            id(policy): Tracker(policy, self.options) for policy in versions.versions.values()
        }

    def replay(self, events: Iterable[Event]) -> Ticket:
        """The ticket after all of *events*, under its version."""
        listed = list(events)
        _, policy = self.versions.version_for_events(listed)
        return self._trackers[id(policy)].replay(listed)

    def open(self, created: Event) -> Ticket:
        """A ticket from its ``created`` event, under its version."""
        _, policy = self.versions.version_for_events([created])
        return self._trackers[id(policy)].open(created)

    def evaluate(self, events: Iterable[Event], now: datetime | str | None = None) -> TicketStatus:
        """:meth:`PolicyVersions.evaluate` with this tracker's options."""
        return self.replay(events).status(now)


# -- policy files ---------------------------------------------------------------------------

_VERSIONS_KEYS = ("versions", "report")


def policy_versions_from_dict(
    data: Mapping[str, Any], source: str = "the policy", *, directory: str | Path | None = None
) -> PolicyVersions:
    """Versions of a policy from a parsed TOML document: ``versions.DATE`` tables, each a
    whole policy (``policy``, ``priorities``, ``targets``, ``thresholds``, ``plans``) in force
    from that date; beside them only ``[report]``. Every version is checked, and each problem
    is named by its version's key path (``versions.2027-01-01.targets.response.high``)."""
    problems: list[tuple[str, str]] = []
    for key in data:
        if key not in _VERSIONS_KEYS:
            problems.append(
                (
                    str(key),
                    "beside versions: expected every setting inside a version's own table, "
                    f"such as versions.2027-01-01.{key} (only [report] is shared)",
                )
            )
    tables = data.get("versions")
    if not isinstance(tables, Mapping) or not tables:
        problems.append(
            ("versions", "expected tables of versions by date, such as [versions.2027-01-01.plans]")
        )
        raise PolicyFileError(problems, source)
    found: dict[date, Policy] = {}
    for key, table in tables.items():
        where = f"versions.{key}"
        try:
            day = version_date(key, "policy version")
        except SlaclockError as err:
            problems.append((where, str(err)))
            continue
        if not isinstance(table, Mapping):
            problems.append((where, f"expected a table (a whole policy), got {shown(table)}"))
            continue
        try:
            found[day] = policy_from_dict(table, source, directory=directory)
        except PolicyFileError as err:
            problems.extend(
                (f"{where}.{path}" if path else where, message) for path, message in err.problems
            )
    if problems:
        raise PolicyFileError(problems, source)
    return PolicyVersions(found)


def loads_policy_versions(
    text: str, source: str = "the policy", *, directory: str | Path | None = None
) -> PolicyVersions:
    """Versions of a policy from TOML text (:func:`policy_versions_from_dict`)."""
    return policy_versions_from_dict(read_toml(text, source), source, directory=directory)


def load_policy_versions(path: str | Path) -> PolicyVersions:
    """Versions of a policy from a TOML file (:func:`policy_versions_from_dict`)."""
    found = read_policy_file(path)
    if isinstance(found, Policy):
        raise PolicyFileError(
            [("versions", "missing: the file holds one policy (read it with load_policy)")],
            str(path),
        )
    return found


def read_policy_file(path: str | Path) -> Policy | PolicyVersions:
    """A policy file as it is written: one policy, or versions of one (``versions.DATE``
    tables). What ``slaclock check`` and ``slaclock report`` read."""
    file = Path(path)
    data = read_toml(read_policy_text(file), str(file))
    if "versions" in data:
        return policy_versions_from_dict(data, str(file), directory=file.parent)
    return policy_from_dict(data, str(file), directory=file.parent)
