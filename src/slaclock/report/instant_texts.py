"""Instants as ISO 8601 text, a column at a time: ``from_micros(m, tz).isoformat()`` for
many instants of one zone at once (:func:`iso_instants`, written by Arrow), from tables of
each UTC day's offset (:class:`UtcDays`, kept with the zone's
:class:`~slaclock.schedule.DayOffsets`); and the local dates of instants
(:func:`local_days`). Loaded only when numpy is installed (pyarrow too, for the text)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import numpy as np

from ..columnar import EPOCH_ORDINAL
from ..tickets.clocks import MISSING
from ..zones import MICROS_PER_DAY, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import DayOffsets

__all__ = ["UtcDays", "iso_instants", "local_days", "utc_shifts"]


_OFFSET_TEXT: dict[int, str] = {}
"""UTC offsets (µs) as ``isoformat`` ends an instant: ``-05:00``, ``+05:45``, ``-04:56:02``."""


def _offset_text(offset: int) -> str:
    found = _OFFSET_TEXT.get(offset)
    if found is None:
        zone = timezone(timedelta(microseconds=offset))
        found = datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:]
        _OFFSET_TEXT[offset] = found
    return found


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


def iso_instants(micros: NDArray[np.int64], offsets: DayOffsets) -> Any:
    """``from_micros(m, tz).isoformat()`` for each instant *m* (µs since the epoch, UTC;
    null where :data:`~slaclock.tickets.clocks.MISSING`), in the zone of *offsets*, as a
    pyarrow text array.

    Each UTC day's offset is asked of the zone once (:meth:`DayOffsets.utc_uniform`: the
    library's own zone tables, never Arrow's); Arrow writes each local wall time and joins
    the offset's text to it. The instants of a day whose offset changes are formatted one
    by one, as the engine does.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    size = len(micros)
    missing = micros == MISSING
    known = np.flatnonzero(~missing)
    if not len(known):
        return pa.nulls(size, pa.string())
    instants = micros[known]
    shift, odd, _ = utc_shifts(instants, offsets)
    local = instants + shift
    seconds = pa.array(local // 1_000_000, pa.timestamp("s")).cast(pa.string())
    whole = pc.replace_substring(seconds, " ", "T", max_replacements=1)  # (faster than strftime)
    fraction = local % 1_000_000
    if fraction.any():  # ".ffffff" where an instant has microseconds, as isoformat writes
        parts = pa.array(np.char.mod(".%06d", fraction).astype(object), pa.string())
        parts = pc.if_else(pa.array(fraction != 0), parts, "")
        whole = pc.binary_join_element_wise(whole, parts, "")
    table, inverse = np.unique(shift, return_inverse=True)
    suffixes = pa.DictionaryArray.from_arrays(
        pa.array(inverse.astype(np.int32).reshape(-1)),
        pa.array([_OFFSET_TEXT.get(off) or _offset_text(off) for off in table.tolist()]),
    ).cast(pa.string())
    texts = pc.binary_join_element_wise(whole, suffixes, "")
    if odd.any():
        tz = offsets.tz
        rows = np.flatnonzero(odd)
        exact = [from_micros(m, tz).isoformat() for m in instants[rows].tolist()]
        texts = pc.replace_with_mask(texts, pa.array(odd), pa.array(exact, pa.string()))
    if len(known) == size:
        return texts
    spots = np.full(size, -1, dtype=np.int64)
    spots[known] = np.arange(len(known))
    return texts.take(pa.array(spots, mask=missing))
