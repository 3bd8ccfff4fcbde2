"""Instants as ISO 8601 text, a column at a time: ``from_micros(m, tz).isoformat()`` for
many instants of one zone at once (:func:`iso_instants`), from tables of each UTC day's offset
(:class:`UtcDays`, kept with the zone's :class:`~slaclock.schedule.DayOffsets`), of each
day's date (:class:`DateTexts`) and of each second's clock (:func:`clock_texts`); and the
local dates of instants (:func:`local_days`). Loaded only when numpy is installed."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..columnar import EPOCH_ORDINAL
from ..zones import MICROS_PER_DAY, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import DayOffsets

__all__ = ["DateTexts", "UtcDays", "clock_texts", "iso_instants", "local_days", "utc_shifts"]


_OFFSET_TEXT: dict[int, str] = {}
"""UTC offsets (µs) as ``isoformat`` ends an instant: ``-05:00``, ``+05:45``, ``-04:56:02``."""


def _offset_text(offset: int) -> str:
    found = _OFFSET_TEXT.get(offset)
    if found is None:
        zone = timezone(timedelta(microseconds=offset))
        found = datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:]
        _OFFSET_TEXT[offset] = found
    return found


@cache
def clock_texts() -> NDArray[np.object_]:
    """``THH:MM:SS`` for each second of a day (a constant table, made once)."""
    two = [f"{k:02d}" for k in range(60)]
    hours = np.array([f"T{h}:" for h in two[:24]], dtype=object)
    minutes = np.array([f"{m}:" for m in two], dtype=object)
    seconds = np.array(two, dtype=object)
    table: NDArray[np.object_] = (hours[:, None, None] + minutes[None, :, None]) + seconds
    return table.reshape(-1)


def _table_span(base: int, length: int, low: int, high: int, size: int) -> tuple[int, int] | None:
    """The days (start, stop) a table of *length* days from *base* grows to so as to hold
    *low* to *high*, the days of *size* values; ``None`` when that would make it much
    longer than the values need (far-flung days: asked one by one instead)."""
    start, stop = (min(low, base), max(high + 1, base + length)) if length else (low, high + 1)
    if stop - start > length + 2 * size + 4_000:
        return None
    return start, stop


class UtcDays:
    """A zone's UTC days from a first one on, as :meth:`DayOffsets.utc_uniform` answers for
    each: the offset (µs) that holds all day (0 where it changes that day), where it
    changes, and the offset's text as ``isoformat`` ends an instant (``""`` where it
    changes), as text or as ASCII bytes. Kept on the zone's ``DayOffsets`` and grown to
    the days asked for; the tables are replaced whole, never changed, so threads sharing a
    zone read them safely."""

    def __init__(self) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.tables = (0, empty, empty.astype(bool), empty.astype(object), empty.astype(bytes))

    def of(
        self, offsets: DayOffsets, days: NDArray[np.int64], as_bytes: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]:
        """The offset, the change and the offset's text (bytes if *as_bytes*) of each of
        *days*."""
        base, shift, odd, texts, raw = self.tables  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(shift) and base <= low and high < base + len(shift)):
            span = _table_span(base, len(shift), low, high, len(days))
            if span is None:
                table, inverse = np.unique(days, return_inverse=True)
                shift, odd, texts, raw = self._rows(offsets, table.tolist())
                return shift[inverse], odd[inverse], (raw if as_bytes else texts)[inverse]
            base = span[0]
            shift, odd, texts, raw = self._rows(offsets, list(range(*span)))
            self.tables = (base, shift, odd, texts, raw)
        spots = days - base
        return shift[spots], odd[spots], (raw if as_bytes else texts)[spots]

    @staticmethod
    def _rows(
        offsets: DayOffsets, days: list[int]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.object_], NDArray[np.bytes_]]:
        uniform = [offsets.utc_uniform(day) for day in days]  # (each day asked once: cached)
        shift = np.array([0 if off is None else off for off in uniform], dtype=np.int64)
        odd = np.array([off is None for off in uniform], dtype=bool)
        suffix = np.array(
            ["" if off is None else _OFFSET_TEXT.get(off) or _offset_text(off) for off in uniform],
            dtype=object,
        )
        return shift, odd, suffix, suffix.astype(bytes)


def utc_shifts(
    micros: NDArray[np.int64], offsets: DayOffsets, as_bytes: bool = False
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]:
    """Each instant's UTC offset (µs) as its UTC day has it throughout; where the offset
    changes that day, 0 and ``True`` in the second array (ask instant by instant). Also
    the offset's text (``""`` where it changes; ASCII bytes if *as_bytes*)."""
    table = offsets.tables
    if table is None:
        table = offsets.tables = UtcDays()
    found: tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[Any]]
    found = table.of(offsets, micros // MICROS_PER_DAY, as_bytes)
    return found


def local_days(micros: NDArray[np.int64], offsets: DayOffsets) -> NDArray[np.int64]:
    """The local date (proleptic ordinal) of each instant in the zone of *offsets*."""
    if not len(micros):
        return np.zeros(0, dtype=np.int64)
    shift, odd, _ = utc_shifts(micros, offsets)
    days = (micros + shift) // MICROS_PER_DAY + EPOCH_ORDINAL
    tz = offsets.tz
    for k in np.flatnonzero(odd).tolist():
        days[k] = from_micros(int(micros[k]), tz).toordinal()
    return days


class DateTexts:
    """``date.isoformat()`` of the days from a first one on (days since 1970-01-01), as text
    and as ASCII bytes, grown to the days asked for (the tables replaced whole, never
    changed: safe across threads)."""

    table: tuple[int, NDArray[np.object_], NDArray[np.bytes_]] = (
        0,
        np.zeros(0, dtype=object),
        np.zeros(0, dtype="S10"),
    )

    @classmethod
    def of(cls, days: NDArray[np.int64], as_bytes: bool = False) -> NDArray[Any]:
        """The date text (bytes if *as_bytes*) of each of *days*."""
        base, words, raw = cls.table  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(words) and base <= low and high < base + len(words)):
            span = _table_span(base, len(words), low, high, len(days))
            if span is None:
                table, inverse = np.unique(days, return_inverse=True)
                words, raw = cls._made(table.tolist())
                found: NDArray[Any] = (raw if as_bytes else words)[inverse]
                return found
            base, (words, raw) = span[0], cls._made(list(range(*span)))
            cls.table = (base, words, raw)
        return (raw if as_bytes else words)[days - base]

    @staticmethod
    def _made(days: list[int]) -> tuple[NDArray[np.object_], NDArray[np.bytes_]]:
        ordinal = date.fromordinal
        words = [ordinal(day + EPOCH_ORDINAL).isoformat() for day in days]
        return np.array(words, dtype=object), np.array(words, dtype="S10")


def iso_instants(micros: NDArray[np.int64], offsets: DayOffsets) -> NDArray[np.object_]:
    """``from_micros(m, tz).isoformat()`` for each instant *m* (µs since the epoch, UTC), in
    the zone of *offsets*, as an object array of text.

    Each UTC day's offset is asked of the zone once (:meth:`DayOffsets.utc_uniform`); the
    instants of a day whose offset changes are formatted one by one, as the engine does.
    """
    size = len(micros)
    if not size:
        return np.empty(0, dtype=object)
    shift, odd, suffixes = utc_shifts(micros, offsets)
    local = micros + shift
    days = local // MICROS_PER_DAY
    rest = local - days * MICROS_PER_DAY
    text: NDArray[np.object_] = DateTexts.of(days) + clock_texts()[rest // 1_000_000]
    fraction = rest % 1_000_000
    parts = np.flatnonzero(fraction)
    if len(parts):
        text[parts] += np.array([f".{part:06d}" for part in fraction[parts].tolist()], dtype=object)
    text += suffixes
    tz = offsets.tz
    for k in np.flatnonzero(odd).tolist():
        text[k] = from_micros(int(micros[k]), tz).isoformat()
    return text
