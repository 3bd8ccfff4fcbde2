"""A policy document read: its text (:func:`read_policy_text`) as TOML (:func:`read_toml`),
what the reader cannot read a :class:`~slaclock.errors.PolicyFileError` naming the line; and
the problems found in the document, each at its key path, collected to be reported all at once
(:class:`Problems`), each showing what it got the same way (:func:`kind_and_value`).

>>> problems = Problems()
>>> problems.table({"zone": "UTC", "hour": 9}, "plans.standard", ("zone", "hours"))
{'zone': 'UTC', 'hour': 9}
>>> problems.table(["09:00-18:00"], key_path("plans.standard", "hours"))
{}
>>> for path, message in problems.items:
...     print(f"{path}: {message}")
plans.standard.hour: unknown key: did you mean 'hours'? (known: zone, hours)
plans.standard.hours: expected a table, got an array ['09:00-18:00']
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from ..errors import PolicyFileError, SlaclockError, message_part, shown
from ..suggestions import hint

__all__ = [
    "REPORTED",
    "Problems",
    "key_path",
    "kind_and_value",
    "kind_of",
    "read_policy_text",
    "read_toml",
]

T = TypeVar("T")
REPORTED = object()
"""A value whose problem was already reported (a policy's zone, not reported again for each
plan that takes it)."""
_MAX_DEPTH = 100
"""Nesting deeper than this is reported at its line when the TOML reader runs out of stack."""


def read_policy_text(file: Path) -> str:
    """A policy file's text; a file that cannot be read is a :class:`PolicyFileError`."""
    try:
        return file.read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyFileError([("", f"cannot read it: {err.strerror}")], str(file)) from err
    except UnicodeDecodeError as err:
        raise PolicyFileError(
            [("", f"it is not UTF-8 text (byte {err.start}): expected a TOML file")], str(file)
        ) from err


def read_toml(text: str, source: str = "the policy") -> dict[str, Any]:
    """The TOML document of a policy; what the reader cannot read is a
    :class:`PolicyFileError`, never a crash."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise PolicyFileError([("", f"{source} is not valid TOML: {err}")], source) from err
    except RecursionError as err:
        line = _deep_line(text)
        raise PolicyFileError(
            [
                (
                    f"line {line}" if line else "",
                    f"arrays or tables nested too deeply to read: expected at most "
                    f"{_MAX_DEPTH} levels",
                )
            ],
            source,
        ) from err
    except ValueError as err:  # a whole number longer than Python reads (sys.int_info)
        limit = sys.get_int_max_str_digits()
        found = re.search(rf"[0-9][0-9_]{{{limit},}}", text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        digits = sum(char.isdigit() for char in found[0]) if found else None
        raise PolicyFileError(
            [
                (
                    f"line {line}" if line else "",
                    f"a number of {digits or 'too many'} digits: expected at most {limit} digits",
                )
            ],
            source,
        ) from err


def _deep_line(text: str) -> int | None:
    """The line on which arrays and tables first nest deeper than :data:`_MAX_DEPTH` (text in
    quotes and comments skipped), to point at it when the TOML reader gives up."""
    depth, line, quote, index = 0, 1, "", 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        elif quote:
            if char == "\\" and quote == '"':
                index += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            end = text.find("\n", index)
            index = len(text) if end < 0 else end - 1
        elif char in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
        index += 1
    return None


class Problems:
    """Collects (key path, message) pairs while the whole document is read: one collector
    per reading, filled as it goes, its ``items`` raised at the end as one
    :class:`~slaclock.errors.PolicyFileError`."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        """A problem at *path*."""
        self.items.append((path, message))

    def attempt(self, path: str, build: Callable[..., T], *args: Any) -> T | None:
        """``build(*args)``, or ``None`` with its :class:`~slaclock.errors.SlaclockError`
        added at *path*."""
        try:
            return build(*args)
        except SlaclockError as err:
            self.add(path, str(err))
            return None

    def table(
        self, value: object, path: str, keys: tuple[str, ...] | None = None
    ) -> dict[str, Any]:
        """*value* as a table (``{}`` with a problem if it is not one); each key not among
        *keys* (when given) is a problem, with a suggestion."""
        if not isinstance(value, Mapping):
            self.add(path, f"expected a table, got {kind_and_value(value)}")
            return {}
        if keys is not None:
            for key in value:
                if key not in keys:
                    self.add(key_path(path, key), f"unknown key: {hint(key, keys)}")
        return dict(value)


def key_path(path: str, key: object) -> str:
    """The key path of *key* inside the table at *path*, quoted as TOML quotes it if it is not
    bare.

    >>> key_path("plans", "standard"), key_path("plans.standard.overrides", "Dec 24")
    ('plans.standard', 'plans.standard.overrides."Dec 24"')
    """
    text = str(key)
    bare = text.replace("-", "").replace("_", "").isalnum()
    part = text if bare else f'"{text}"'
    return f"{path}.{part}" if path else part


def kind_of(value: object) -> str:
    """What *value* is, as a problem names it (``a number``), each kind a part of the message
    translated with it; a type of TOML's or Python's own by its name (``dict``).

    >>> kind_of(5), kind_of([1]), kind_of(None)
    ('a number', 'an array', 'NoneType')
    """
    if isinstance(value, bool):
        return message_part("a boolean")
    if isinstance(value, int | float):
        return message_part("a number")
    if isinstance(value, str):
        return message_part("text")
    if isinstance(value, list):
        return message_part("an array")
    if isinstance(value, Mapping):
        return message_part("a table")
    if isinstance(value, datetime):
        return message_part("a date-time")
    if isinstance(value, date):
        return message_part("a date")
    if isinstance(value, time):
        return message_part("a time")
    return type(value).__name__


def kind_and_value(value: object) -> str:
    """*value* after its kind (``a number 5``), as a problem shows what it got.

    >>> from datetime import date
    >>> print(kind_and_value(5), kind_and_value("5"), kind_and_value(date(2026, 12, 24)), sep="; ")
    a number 5; text '5'; a date 2026-12-24
    """
    text = shown(value)
    if isinstance(value, bool):
        return message_part(f"a boolean {text}")
    if isinstance(value, int | float):
        return message_part(f"a number {text}")
    if isinstance(value, str):
        return message_part(f"text {text}")
    if isinstance(value, list):
        return message_part(f"an array {text}")
    if isinstance(value, Mapping):
        return message_part(f"a table {text}")
    if isinstance(value, date | time):  # as the file writes it
        text = value.isoformat()
    if isinstance(value, datetime):
        return message_part(f"a date-time {text}")
    if isinstance(value, date):
        return message_part(f"a date {text}")
    if isinstance(value, time):
        return message_part(f"a time {text}")
    return f"{type(value).__name__} {text}"
