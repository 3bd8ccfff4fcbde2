"""Timestamps in an export's own date format (``--date-format``, the day-first shapes of
``--dayfirst``) read a column at a time by Arrow's ``strptime`` kernel, exactly as
``datetime.strptime`` reads each text (:func:`arrow_pattern`, :func:`parsed_as`); and text
stripped as ``str.strip`` strips it (:func:`stripped`). Loaded only when numpy is installed
(pyarrow too, for the reading)."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..columnar.columns import SUPPORTED_HIGH, SUPPORTED_LOW
from ..files import WHITESPACE
from ..tickets.clocks import MISSING

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["arrow_pattern", "parsed_as", "stripped"]


def stripped(values: Any) -> Any:
    """A pyarrow text array's values stripped as ``str.strip`` strips them."""
    import pyarrow.compute as pc

    return pc.utf8_trim(values, characters=WHITESPACE)


_ARROW_DIRECTIVES = frozenset("YmdHMSIp%")
_CLOCKS: tuple[frozenset[str], ...] = tuple(
    frozenset(directives) for directives in ("", "H", "HM", "HMS", "Ip", "IMp", "IMSp")
)


def arrow_pattern(pattern: str | None) -> bool:
    """Whether Arrow's ``strptime`` kernel may read timestamps written in *pattern* (a
    ``--date-format``) for the report (:func:`parsed_as`): a whole date (``%Y``, ``%m``,
    ``%d`` once each), a time of day given from the hour down (``%H``, ``%H:%M``,
    ``%H:%M:%S``, or the same with ``%I`` and ``%p``, in this locale's ``AM`` and ``PM``),
    other characters as they are. Any other pattern (``%y``, ``%b``, ``%z``, ``%f``...)
    is read by ``strptime`` value by value.

    >>> arrow_pattern("%d/%m/%Y %H:%M"), arrow_pattern("%m/%d/%Y %I:%M %p")
    (True, True)
    >>> arrow_pattern("%d/%m/%y %H:%M"), arrow_pattern("%d/%m/%Y %M")
    (False, False)
    """
    if pattern is None:
        return False
    named = _directives(pattern)
    if named is None or not {"Y", "m", "d"} <= named or named - {"Y", "m", "d"} not in _CLOCKS:
        return False
    noon = datetime(2026, 1, 1, 12)  # (the locale's AM and PM: asked each time, never kept)
    return "p" not in named or (noon.strftime("%p"), noon.replace(hour=0).strftime("%p")) == (
        "PM",
        "AM",
    )


@cache
def _directives(pattern: str) -> frozenset[str] | None:
    """The directives of *pattern* (``%%`` aside), or ``None`` when one is repeated or is
    not one :func:`arrow_pattern` allows."""
    directives = re.findall(r"%(.)", pattern.replace("%%", ""))
    named = frozenset(directives)
    if len(directives) != len(named) or not named <= _ARROW_DIRECTIVES or "%" in named:
        return None
    return named


_SHAPE_OF: dict[str, tuple[str, str]] = {
    "Y": (r"\d{4}", r"\d{4}"),
    "m": ("0[1-9]|1[0-2]", "1[0-2]|0[1-9]|[1-9]"),
    "d": ("0[1-9]|[12]\\d|3[01]", "3[01]|[12]\\d|0[1-9]|[1-9]"),
    "H": ("[01]\\d|2[0-3]", "2[0-3]|[01]\\d|\\d"),
    "I": ("0[1-9]|1[0-2]", "1[0-2]|0[1-9]|[1-9]"),
    "M": ("[0-5]\\d", "[0-5]\\d|\\d"),
    "S": ("[0-5]\\d", "[0-5]\\d|\\d"),
    "p": ("AM|PM", "AM|PM"),
}
"""Each directive :func:`arrow_pattern` allows: a regular expression of its text as
``strftime`` writes it (each field with its zeros, in its range), and of the texts
``strptime`` reads for it with or without the zeros (a day written `` 5`` and seconds
``60`` aside: those go to ``strptime``)."""
_NUMERIC_DIRECTIVES = frozenset("YmdHIMS")


@cache
def _pattern_shape(pattern: str) -> str:
    """The regular expression, anchored, of the texts written in *pattern* (one
    :func:`arrow_pattern` allows) that Arrow's ``strptime`` reads field by field as
    ``strptime`` does: each other character as it is, each number in its range, the day
    captured as ``day``. A number may lack its zeros when the characters about each number
    are not digits (then a number is the whole run of digits there, for both); else every
    number is written with its zeros, as ``strftime`` writes it.

    >>> print(_pattern_shape("%d/%m/%Y"))
    ^(?P<day>3[01]|[12]\\d|0[1-9]|[1-9])\\x{2F}(?:1[0-2]|0[1-9]|[1-9])\\x{2F}(?:\\d{4})$
    """
    pieces = re.findall(r"%.|[^%]", pattern)
    numbers = [k for k, piece in enumerate(pieces) if piece[1:] in _NUMERIC_DIRECTIVES]
    packed = any(
        0 <= k + step < len(pieces)
        and (pieces[k + step][1:] in _NUMERIC_DIRECTIVES or pieces[k + step].isdigit())
        for k in numbers
        for step in (-1, 1)
    )
    parts = []
    for piece in pieces:
        directive = piece[1:] if piece.startswith("%") else ""
        if directive in _SHAPE_OF:
            shape = _SHAPE_OF[directive][0 if packed else 1]
            parts.append(f"(?P<day>{shape})" if directive == "d" else f"(?:{shape})")
        else:
            char = "%" if piece == "%%" else piece
            parts.append(char if char.isalnum() and char.isascii() else f"\\x{{{ord(char):X}}}")
    return "^" + "".join(parts) + "$"


def parsed_as(
    texts: Any, pattern: str
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """The texts (a pyarrow text array) that Arrow's ``strptime`` reads in *pattern* (one
    :func:`arrow_pattern` allows), read as ``datetime.strptime`` reads them: wall times in
    µs, where they were read (empty texts: missing). A text is taken from Arrow only where
    it has the shape :func:`_pattern_shape` makes of *pattern* (each number in its range,
    other characters exactly as the pattern has them, so that both read the same digits
    for each field) and its day is its month's (Arrow moves ``31/02`` on to March). Any
    other text (two spaces, ``pm`` for ``PM``, an hour without its zero right before the
    minutes, a wall time outside the supported years) is left unread, for ``strptime`` to
    read or refuse."""
    import pyarrow as pa
    import pyarrow.compute as compute

    size = len(texts)
    micros = np.full(size, MISSING, dtype=np.int64)
    trimmed = stripped(texts)
    shape = _pattern_shape(pattern)
    fields = compute.extract_regex(trimmed, shape)  # (null where a text has not the shape)
    usual = fields.is_valid()
    taken = np.asarray(usual.to_numpy(zero_copy_only=False), dtype=bool)
    if taken.any():
        rows = np.flatnonzero(taken)
        chosen = trimmed.filter(usual)
        stamps = compute.strptime(chosen, format=pattern, unit="s", error_is_null=True)
        days = compute.struct_field(fields.filter(usual), "day").cast(pa.int64())
        real = compute.fill_null(compute.equal(compute.day(stamps), days), False)
        seconds = np.asarray(stamps.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False))
        found = seconds.astype(np.int64) * 1_000_000
        kept = np.asarray(real.to_numpy(zero_copy_only=False), dtype=bool)
        kept &= (found >= SUPPORTED_LOW) & (found < SUPPORTED_HIGH)
        taken[:] = False
        taken[rows[kept]] = True
        micros[rows[kept]] = found[kept]
    lengths = compute.binary_length(texts).fill_null(0).to_numpy(zero_copy_only=False)
    return micros, np.zeros(size, dtype=bool), taken | (np.asarray(lengths) == 0)
