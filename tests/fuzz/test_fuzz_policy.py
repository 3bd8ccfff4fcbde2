"""Fuzzing policy text: ``loads_policy`` on mutated, generated, deeply nested and unicode TOML.

A policy either loads, and then answers deadlines and escalations for its priorities and plans
(or refuses them with the library's error), or is refused with a ``PolicyFileError`` listing
every problem with its key path; never another exception.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from fuzzing import Refused, fuzz, obeys
from hypothesis import example, given
from hypothesis import strategies as st

from slaclock import Policy, PolicyFileError
from slaclock.config import loads_policy

ROOT = Path(__file__).resolve().parents[2]
BASES = tuple(
    path.read_text(encoding="utf-8")
    for path in (
        ROOT / "docs" / "examples" / "miami-desk.toml",
        ROOT / "docs" / "examples" / "latam-desk.toml",
        ROOT / "tests" / "golden" / "policy.toml",
    )
)
MINIMAL = (
    '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
    '[targets.response]\nhigh = "4h"\n'
)
INSTANTS = st.sampled_from(
    (
        "2026-11-20 17:30",
        "2026-03-08 02:30",  # a gap in New York
        "2026-11-01 01:30",  # a fold in New York
        "0002-01-01 00:00",
        "9998-12-31 23:00",
        "2026-11-20T17:30:00-03:00",
    )
)

# -- pieces of TOML ---------------------------------------------------------------------------

TOKENS = st.sampled_from(
    (
        "[",
        "]",
        "{",
        "}",
        "=",
        ",",
        '"',
        "'",
        "\n",
        "#",
        ".",
        " ",
        "[[",
        "]]",
        '"""',
        "-",
        "true",
        "1e400",
        "-0",
        "nan",
        "inf",
        "9" * 30,
        "2026-02-30",
        "24:00",
        "bd",
        "%",
        "[plans.x]",
        "[targets.response]",
        "high",
        "zone",
        "hours",
        "holidays",
        "overrides",
        "recurring",
        "closed",
        "thresholds",
        "FREQ=HOURLY",
        "\u0000",
        "\ufeff",
        "é",
        "🙂",
    )
)


def toml_value(value: Any) -> str:
    """*value* written as TOML (inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string (JSON escapes are TOML escapes)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(key)} = {toml_value(item)}" for key, item in value.items())
        return "{ " + inner + " }"
    raise AssertionError(value)


SCALARS = st.one_of(
    st.sampled_from(
        (
            "4h",
            "2bd",
            "30m calendar",
            "0s",
            "9" * 25 + "h",
            "9" * 5000 + "bd",
            "75%",
            "1e20",
            "150%",
            "-3h",
            "09:00-18:00",
            "22:00-06:00",
            "24:00-01:00",
            "America/New_York",
            "Mars/Olympus",
            "US",
            "AR",
            "FL",
            "ZZ",
            "public",
            "2026-12-24",
            "FREQ=YEARLY",
            "FREQ=DAILY;BYHOUR=1,2",
            "FREQ=SECONDLY",
            "",
            " ",
            "high",
            "medium",
            "low",
        )
    ),
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                (
                    "at",
                    "level",
                    "name",
                    "rule",
                    "start",
                    "date",
                    "country",
                    "subdiv",
                    "categories",
                    "mon-fri",
                    "sat",
                    "x",
                    "",
                )
            )
            | st.text(max_size=6),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
KEYS = {
    "policy": ("name", "zone", "default_plan", "x"),
    "priorities": ("order", "aliases"),
    "targets.response": ("high", "medium", "low", "p1"),
    "targets.resolution": ("high", "low"),
    "thresholds": ("response", "resolution", "update", "*"),
    "plans.standard": (
        "zone",
        "hours",
        "holidays",
        "closed",
        "recurring",
        "overrides",
        "naive",
        "targets",
    ),
    "plans.other": ("zone", "hours", "holidays"),
}


@st.composite
def generated_policies(draw: st.DrawFn) -> str:
    """A policy written table by table, every known key given a value of any type."""
    lines = []
    for table, keys in KEYS.items():
        if draw(st.integers(0, 5)) == 0:
            continue
        lines.append(f"[{table}]")
        for key in draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))):
            lines.append(f"{json.dumps(key)} = {toml_value(draw(VALUES))}")
    return "\n".join(lines) + "\n"


@st.composite
def mutated_policies(draw: st.DrawFn) -> str:
    """A working policy with a few slices deleted, repeated or replaced by TOML tokens or any
    text."""
    text = draw(st.sampled_from((*BASES, MINIMAL)))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 40)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            piece = ""
        elif kind == 1:
            piece = text[start:end] * 2
        elif kind == 2:
            piece = "".join(draw(st.lists(TOKENS, max_size=4)))
        else:
            piece = draw(st.text(max_size=8))
        text = text[:start] + piece + text[end:]
    return text


@st.composite
def nested_policies(draw: st.DrawFn) -> str:
    """Arrays or inline tables nested up to thousands deep, in a value or a key path."""
    depth = draw(st.sampled_from((1, 10, 100, 999, 1000, 1001, 5000)) | st.integers(1, 3000))
    kind = draw(st.integers(0, 3))
    if kind == 0:
        nested = "[" * depth + "]" * depth
    elif kind == 1:
        nested = "{a=" * depth + "1" + "}" * depth
    elif kind == 2:
        nested = "[" * depth  # never closed
    else:
        return MINIMAL + "[" + ".".join(["a"] * depth) + "]\n"
    key = draw(st.sampled_from(("x", "hours", "high")))
    where = draw(st.sampled_from(("", "[plans.standard]\n", "[targets.response]\n")))
    return MINIMAL + where + f"{key} = {nested}\n"


POLICY_TEXTS = st.one_of(
    mutated_policies(),
    generated_policies(),
    nested_policies(),
    st.text(max_size=200),
    st.binary(max_size=100).map(lambda data: data.decode("utf-8", "replace")),
)


def answers(policy: Policy, instant: str) -> None:
    """Deadlines and escalations of every priority and plan: answered (an aware datetime) or
    refused with the library's error."""
    for plan in policy.plans:
        for priority in policy.priorities:
            for metric in ("response", "update", "resolution"):
                due = obeys(policy.deadline, priority, instant, metric=metric, plan=plan)
                assert isinstance(due, Refused | datetime)
                if isinstance(due, datetime):
                    assert due.utcoffset() is not None
                steps = obeys(policy.escalations, priority, instant, metric=metric, plan=plan)
                assert isinstance(steps, Refused | list)


@fuzz(60)
@given(text=POLICY_TEXTS, instant=INSTANTS)
@example(text="x = " + "[" * 1000 + "]" * 1000, instant="2026-11-20 17:30")
@example(text=MINIMAL + '[thresholds]\nresponse = [{ at = "1e20" }]\n', instant="9998-12-31 23:00")
@example(text=MINIMAL.replace('"4h"', '"' + "9" * 4000 + 'bd"'), instant="2026-11-20 17:30")
def test_policy_text_loads_or_is_refused_with_key_paths(text: str, instant: str) -> None:
    found = obeys(loads_policy, text)
    if isinstance(found, Refused):
        assert isinstance(found.error, PolicyFileError)
        return
    assert isinstance(found, Policy)
    answers(found, instant)


@fuzz(20)
@given(
    text=generated_policies(),
    days=st.integers(-3, 3),
    instant=st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)),
)
def test_a_generated_policy_answers_at_any_instant(text: str, days: int, instant: datetime) -> None:
    policy = obeys(loads_policy, MINIMAL + text.replace("[targets.response]", "[targets.update]"))
    if isinstance(policy, Policy):
        answers(
            policy,
            (instant + timedelta(days=days) if 2 < instant.year < 9998 else instant).isoformat(" "),
        )
