"""Did you mean: the names a mistyped one is closest to, for every closed set a user types into.

Priorities and their aliases, plans, metrics, policy keys, zones, country codes, event kinds,
column names: each message about an unknown name offers the close ones, found by the standard
library's :func:`difflib.get_close_matches` on the names folded (case and accents ignored,
blanks and dashes read as ``_``).

>>> close_matches("hihg", ["high", "medium", "low"])
['high']
>>> print(hint("hihg", ["high", "medium", "low"]))
did you mean 'high'? (known: high, medium, low)
>>> print(hint("urgent", ["high", "medium", "low"]))
expected one of high, medium, low

A name with a path (an IANA zone) is also compared on its last part alone, so a city finds its
zone:

>>> close_matches("Bogotá", ["America/Bogota", "America/Boa_Vista"], by_last_part=True)
['America/Bogota']
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

from .errors import message_part

__all__ = ["close_matches", "did_you_mean", "either", "folded", "hint"]

CUTOFF = 0.6
"""How alike two folded names must be (:class:`difflib.SequenceMatcher` ratio) to be offered."""
LAST_PART_CUTOFF = 0.8
"""The same for the last part of a path (``Bogota`` in ``America/Bogota``): stricter, as short
words match by chance."""


def folded(text: str) -> str:
    """*text* as names are compared: case folded, accents dropped, blanks and dashes as ``_``.

    >>> folded("  América/Bogotá ")
    'america/bogota'
    >>> folded("Buenos Aires")
    'buenos_aires'
    """
    decomposed = unicodedata.normalize("NFKD", text.strip())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.casefold().replace(" ", "_").replace("-", "_")


def close_matches(
    word: object,
    choices: Iterable[str],
    *,
    n: int = 3,
    by_last_part: bool = False,
    cutoff: float = CUTOFF,
) -> list[str]:
    """The (at most *n*) choices closest to *word*, closest first; ``[]`` when none is close
    or *word* is not text. A choice equal to *word* once folded is the only one offered. With
    *by_last_part*, choices are compared on the part after their last ``/`` (zones: a city),
    those in the region typed first. *cutoff* is how alike (0 to 1) a choice must be. Cost: O(len(choices)) comparisons, on the error path."""
    if not isinstance(word, str) or not word.strip():
        return []
    key = folded(word)
    names: dict[str, list[str]] = {}
    for choice in choices:
        names.setdefault(folded(choice), []).append(choice)
    if key in names:  # the same name but for case or accents: that one only
        return names[key][:n]
    if not by_last_part:
        matches = difflib.get_close_matches(key, names, n, cutoff)
        return [name for match in matches for name in names[match]][:n]
    parts: dict[str, list[str]] = {}
    for name, originals in names.items():
        parts.setdefault(name.rpartition("/")[2], []).extend(originals)
    region, _, last = key.rpartition("/")
    matches = (
        [last] if last in parts else difflib.get_close_matches(last, parts, n, LAST_PART_CUTOFF)
    )
    found = [name for match in matches for name in parts[match]]
    # a name in the region typed first (US/Estern: US/Eastern, then Canada/Eastern)
    found.sort(key=lambda name: bool(region) and not folded(name).startswith(f"{region}/"))
    return found[:n]


def did_you_mean(word: object, choices: Iterable[str], *, by_last_part: bool = False) -> str:
    """``"did you mean 'high'?"`` (or ``'a', 'b' or 'c'``) for the close choices; ``""``
    when none is close.

    >>> did_you_mean("medum", ["high", "medium", "media"])
    "did you mean 'medium' or 'media'?"
    >>> did_you_mean("zzz", ["high"])
    ''
    """
    found = close_matches(word, choices, by_last_part=by_last_part)
    if not found:
        return ""
    guesses = either([repr(name) for name in found])
    return message_part(f"did you mean {guesses}?")


def either(texts: list[str]) -> str:
    """*texts* as one of them: ``'a'``, ``'a' or 'b'``, ``'a', 'b' or 'c'`` (each a part of
    an error message, translated with it).

    >>> either(["'high'", "'medium'", "'low'"])
    "'high', 'medium' or 'low'"
    """
    if len(texts) < 2:
        return "".join(texts)
    listed, last = ", ".join(texts[:-1]), texts[-1]
    return message_part(f"{listed} or {last}")


def hint(word: object, choices: Iterable[str], known: str | None = None) -> str:
    """What to say after an unknown name: ``did you mean 'x'? (known: ...)`` when a choice is
    close, else ``expected one of ...``; *known* is how the choices are listed (default: each,
    comma-separated)."""
    listed = list(choices)
    shown = known if known is not None else ", ".join(listed)
    guess = did_you_mean(word, listed)
    if guess:
        return message_part(f"{guess} (known: {shown})")
    return message_part(f"expected one of {shown}")
