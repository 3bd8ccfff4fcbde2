"""A policy file read into a :class:`~slaclock.policy.Policy` (:func:`load_policy`,
:func:`loads_policy`, :func:`policy_from_dict`): the whole document checked, its plans
(:mod:`~slaclock.config.plans`), targets (:mod:`~slaclock.config.targets`), priorities and
thresholds, and its ``[report]`` table (:mod:`~slaclock.config.report_settings`), every
problem reported at once."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import PolicyFileError
from ..languages import language_code
from ..policy import METRICS, Plan, Policy, Threshold
from ..suggestions import hint
from ..zones import zone
from .documents import REPORTED, Problems, key_path, kind_of, read_policy_text, read_toml
from .plans import read_plan
from .report_settings import read_report_settings
from .targets import read_targets

__all__ = ["load_policy", "loads_policy", "policy_from_dict"]

_TOP_KEYS = ("policy", "priorities", "targets", "thresholds", "plans", "report")
_POLICY_KEYS = ("name", "default_plan", "zone", "language")
_PRIORITY_KEYS = ("order", "aliases")
_THRESHOLD_KEYS = ("at", "level", "name")


def load_policy(path: str | Path) -> Policy:
    """Read a policy file (TOML); raise :class:`PolicyFileError` listing every problem."""
    file = Path(path)
    return loads_policy(read_policy_text(file), source=str(file), directory=file.parent)


def loads_policy(
    text: str, source: str = "the policy", *, directory: str | Path | None = None
) -> Policy:
    """Read a policy from TOML text; relative paths in it (``plans.NAME.ics``) are read from
    *directory* (default: the current directory)."""
    return policy_from_dict(read_toml(text, source), source, directory=directory)


def policy_from_dict(
    data: Mapping[str, Any], source: str = "the policy", *, directory: str | Path | None = None
) -> Policy:
    """Build a policy from the parsed TOML document (a ``dict``); relative paths in it are
    read from *directory* (default: the current directory)."""
    if isinstance(data, Mapping) and "versions" in data:
        raise PolicyFileError(
            [
                (
                    "versions",
                    "a policy with versions: expected it read with load_policy_versions (a "
                    "ticket takes the version in force when it was created)",
                )
            ],
            source,
        )
    problems = Problems()
    document = problems.table(data, "", _TOP_KEYS)
    header = problems.table(document.get("policy", {}), "policy", _POLICY_KEYS)
    read_report_settings(problems, document.get("report", {}))
    default_zone = header.get("zone")
    language = header.get("language")
    if (
        language is not None
        and problems.attempt("policy.language", language_code, language) is None
    ):
        language = None
    if default_zone is not None and problems.attempt("policy.zone", zone, default_zone) is None:
        default_zone = REPORTED  # reported once, at policy.zone, not again for every plan

    plans: dict[str, Plan] = {}
    plan_tables = problems.table(document.get("plans", {}), "plans")
    if not plan_tables:
        problems.add("plans", "expected at least one plan, e.g. [plans.standard]")
    seen: dict[str, str] = {}
    for name, table in plan_tables.items():
        key = str(name).lower()
        if key in seen:
            problems.add(
                key_path("plans", name),
                f"same plan as plans.{seen[key]} (plan names are case-insensitive): "
                f"expected each plan once",
            )
            continue
        seen[key] = str(name)
        plan = read_plan(problems, str(name), table, default_zone, directory)
        if plan is not None:
            plans[key] = plan

    targets = read_targets(problems, document.get("targets", {}), "targets")
    priorities = problems.table(document.get("priorities", {}), "priorities", _PRIORITY_KEYS)
    aliases = problems.table(priorities.get("aliases", {}), "priorities.aliases")
    for alias, value in aliases.items():
        if not isinstance(value, str):
            problems.add(
                key_path("priorities.aliases", alias),
                f"expected a priority name, got {kind_of(value)}",
            )
    order = priorities.get("order")
    if order is not None and (
        not isinstance(order, list) or not all(isinstance(p, str) for p in order)
    ):
        problems.add("priorities.order", "expected an array of priority names, highest first")
        order = None
    thresholds = _read_thresholds(problems, document.get("thresholds"))
    known = _priority_names(document)
    if not known and not document.get("targets"):
        problems.add("targets", 'missing: expected e.g. [targets.response] with high = "4h"')
    for index, name in enumerate(order or []):
        if known and name.lower() not in known:
            problems.add(
                f"priorities.order[{index}]",
                f"{name!r} has no target: {hint(name, sorted(known))}",
            )
    declared = [name.lower() for name in order] if order else _target_priorities(document)
    _check_target_priorities(problems, document, declared, aliases, top=bool(order))
    for alias, value in aliases.items():
        where = key_path("priorities.aliases", alias)
        if isinstance(value, str) and declared and value.lower() not in declared:
            problems.add(where, f"{value!r} is not a priority: {hint(value, declared)}")
        if str(alias).lower() in (declared or known):
            problems.add(where, "is already a priority: an alias must be another name")

    names = [str(name).lower() for name in plan_tables]
    fallback = "standard" if "standard" in names else next(iter(names), "")
    default_plan = header.get("default_plan", fallback)
    if not isinstance(default_plan, str):
        problems.add("policy.default_plan", f"expected a plan name, got {kind_of(default_plan)}")
    elif plan_tables and default_plan.lower() not in {str(n).lower() for n in plan_tables}:
        problems.add(
            "policy.default_plan",
            f"{default_plan!r} is not one of the plans: {hint(default_plan, map(str, plan_tables))}",
        )
    if problems.items:
        raise PolicyFileError(problems.items, source)

    policy = problems.attempt(
        "",
        lambda: Policy(
            targets=targets,
            plans=plans,
            default_plan=default_plan,
            aliases={str(k): str(v) for k, v in aliases.items()},
            thresholds=thresholds,
            priorities=order or None,
            language=language,
        ),
    )
    if policy is None or problems.items:
        raise PolicyFileError(problems.items, source)
    return policy


def _priority_names(document: Mapping[str, Any]) -> set[str]:
    """Every priority a target names, valid target or not, to check aliases against."""
    tables = [document.get("targets")]
    plans = document.get("plans")
    if isinstance(plans, Mapping):
        tables.extend(plan.get("targets") for plan in plans.values() if isinstance(plan, Mapping))
    return {
        str(priority).lower()
        for table in tables
        if isinstance(table, Mapping)
        for per in table.values()
        if isinstance(per, Mapping)
        for priority in per
    }


def _target_priorities(document: Mapping[str, Any]) -> list[str]:
    """The priorities the top-level ``[targets]`` tables name, in order: the priorities of a
    policy without ``priorities.order``."""
    names: list[str] = []
    tables = document.get("targets")
    for per in tables.values() if isinstance(tables, Mapping) else ():
        for priority in per if isinstance(per, Mapping) else ():
            if str(priority).lower() not in names:
                names.append(str(priority).lower())
    return names


def _check_target_priorities(
    problems: Problems,
    document: Mapping[str, Any],
    declared: list[str],
    aliases: Mapping[str, Any],
    *,
    top: bool,
) -> None:
    """Report each target under a priority that is not one of *declared* (``priorities.order``,
    else the top-level ``[targets]``), at the target's own key path: a plan's ``hihg = "1h"``
    would otherwise add a priority and leave ``high`` on the general target. The top-level
    targets are checked too when ``priorities.order`` declares the priorities (*top*)."""
    if not declared:
        return
    lowered = {str(alias).lower(): value for alias, value in aliases.items()}
    tables: list[tuple[str, object]] = [("targets", document.get("targets"))] if top else []
    plans = document.get("plans")
    for name, plan in plans.items() if isinstance(plans, Mapping) else ():
        if isinstance(plan, Mapping):
            tables.append((key_path(key_path("plans", name), "targets"), plan.get("targets")))
    for path, table in tables:
        for metric, per in table.items() if isinstance(table, Mapping) else ():
            if not isinstance(per, Mapping) or str(metric).lower() not in METRICS:
                continue  # reported where it is read
            metric_path = key_path(path, metric)
            for priority in per:
                key = str(priority).lower()
                if key in declared:
                    continue
                alias = lowered.get(key)
                expected = (
                    f"it is an alias of {alias!r}: expected the priority itself, {alias!r}"
                    if isinstance(alias, str) and alias.lower() in declared
                    else hint(priority, declared)
                )
                problems.add(
                    key_path(metric_path, priority),
                    f"unknown priority {str(priority)!r} in {metric_path}: {expected}",
                )


def _read_thresholds(problems: Problems, value: object) -> dict[str, list[Threshold]] | None:
    if value is None:
        return None
    result: dict[str, list[Threshold]] = {}
    for metric, items in problems.table(value, "thresholds").items():
        path = key_path("thresholds", metric)
        if str(metric).lower() not in METRICS:
            problems.add(path, f"unknown metric: {hint(metric, METRICS)}")
            continue
        if not isinstance(items, list):
            problems.add(path, 'expected an array of tables such as { at = "75%", name = "warn" }')
            continue
        parsed: list[Threshold] = []
        for index, item in enumerate(items):
            where = f"{path}[{index}]"
            table = problems.table(item, where, _THRESHOLD_KEYS)
            if "at" not in table:
                problems.add(where, "missing key 'at': expected a percentage such as \"75%\"")
                continue
            found = problems.attempt(
                where, Threshold, table["at"], table.get("level", 0), table.get("name", "")
            )
            if found is not None:
                twin = next((t for t in parsed if t.percent == found.percent), None)
                if twin is not None:
                    problems.add(
                        where,
                        f"a second threshold at {table['at']!r}: expected each percentage once",
                    )
                    continue
                parsed.append(found)
        result[str(metric).lower()] = parsed
    return result
