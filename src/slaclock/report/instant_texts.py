"""Instants as ISO 8601 text, a column at a time: ``from_micros(m, tz).isoformat()`` for
many instants of one zone at once (:func:`iso_instants`, written by Arrow), from tables of
each UTC day's offset (:class:`UtcDays`, kept with the zone's
:class:`~slaclock.schedule.DayOffsets`); and the local dates of instants
(:func:`local_days`). Loaded only when numpy is installed (pyarrow too, for the text)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..columnar import EPOCH_ORDINAL
from ..tickets.clocks import MISSING
from ..zones import MICROS_PER_DAY, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import DayOffsets

__all__ = ["UtcDays", "iso_instants", "local_days", "utc_shifts", "zoned_iso_instants"]


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
    pyarrow text array (:func:`zoned_iso_instants` with one zone)."""
    return zoned_iso_instants(micros, [offsets], np.zeros(len(micros), dtype=np.intp))


def zoned_iso_instants(
    micros: NDArray[np.int64], zones: Sequence[DayOffsets], zone: NDArray[np.intp]
) -> Any:
    """``from_micros(m, tz).isoformat()`` for each instant *m* (µs since the epoch, UTC;
    null where :data:`~slaclock.tickets.clocks.MISSING`) in the zone ``zones[zone[k]]``,
    as a pyarrow text array.

    Each UTC day's offset is asked of the zone once (:meth:`DayOffsets.utc_uniform`: the
    library's own zone tables, never Arrow's). Arrow writes each local date and each time
    of day that occurs once (a date32 and a time32 cast), and the text of an instant is its
    date's, its time's, its microseconds' where it has some, and its offset's, joined. The
    instants of a day whose offset changes are formatted one by one, as the engine does.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    missing = micros == MISSING
    if missing.all():
        return pa.nulls(len(micros), pa.string())
    instants = np.where(missing, micros[np.argmin(missing)], micros)  # (a known one where none)
    shift = np.zeros(len(micros), dtype=np.int64)
    odd = np.zeros(len(micros), dtype=bool)
    for number, offsets in enumerate(zones):
        rows: Any = np.flatnonzero(zone == number) if len(zones) > 1 else slice(None)
        if len(zones) == 1 or len(rows):  # (a zone no instant is in: nothing to ask of it)
            shift[rows], odd[rows], _ = utc_shifts(instants[rows], offsets)
    local = instants + shift
    days = local // MICROS_PER_DAY  # since 1970-01-01, as date32 counts them
    within = local - days * MICROS_PER_DAY
    parts = [_dates(days, missing), _clock_texts().take(pa.array(within // 1_000_000))]
    fraction = within % 1_000_000
    if fraction.any():  # ".ffffff" where an instant has microseconds, as isoformat writes
        digits = pa.array(np.char.mod(".%06d", fraction).astype(object), pa.string())
        parts.append(pc.if_else(pa.array(fraction != 0), digits, ""))
    encoded = pc.dictionary_encode(pa.array(shift))
    offsets_text = [_OFFSET_TEXT.get(o) or _offset_text(o) for o in encoded.dictionary.to_pylist()]
    suffixes = pa.DictionaryArray.from_arrays(encoded.indices, pa.array(offsets_text, pa.string()))
    texts = pc.binary_join_element_wise(*parts, suffixes.cast(pa.string()), "")  # null: missing
    odd &= ~missing
    if odd.any():
        rows = np.flatnonzero(odd)
        exact = [
            from_micros(m, zones[z].tz).isoformat()
            for m, z in zip(micros[rows].tolist(), zone[rows].tolist(), strict=True)
        ]
        texts = pc.replace_with_mask(texts, pa.array(odd), pa.array(exact, pa.string()))
    return texts


def _dates(days: NDArray[np.int64], missing: NDArray[np.bool_]) -> Any:
    """Each day (since 1970-01-01) as ISO 8601 text (``2026-11-23``; null where
    *missing*), a pyarrow text array: each date written once by Arrow, then repeated."""
    import pyarrow as pa

    low = int(days.min())
    span = int(days.max()) - low + 1
    if span <= 2 * len(days) + 4_000:  # every date between: no sorting
        table, spots = np.arange(low, low + span, dtype=np.int32), days - low
    else:
        table, spots = np.unique(days, return_inverse=True)
    dictionary = pa.array(table.astype(np.int32), pa.date32()).cast(pa.string())
    indices = pa.array(spots.astype(np.int32).reshape(-1), mask=missing)
    return pa.DictionaryArray.from_arrays(indices, dictionary).cast(pa.string())


@cache
def _clock_texts() -> Any:
    """``T%H:%M:%S`` for each second of a day, a pyarrow text array written by Arrow (made
    once: an immutable array)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    seconds = pa.array(np.arange(86_400, dtype=np.int32), pa.time32("s")).cast(pa.string())
    return pc.binary_join_element_wise("T", seconds, "")
