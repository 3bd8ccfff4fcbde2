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
from ..zones import MICROS_PER_DAY, ONE_MICROSECOND, from_micros

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import DayOffsets

__all__ = [
    "UtcDays",
    "iso_instants",
    "local_days",
    "utc_day_shifts",
    "utc_shifts",
    "zoned_iso_instants",
]


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
    each: the offset (µs) that holds all day (0 where it changes that day) and where it
    changes. Kept on the zone's ``DayOffsets`` and grown to the days asked for; the tables
    are replaced whole, never changed, so threads sharing a zone read them safely."""

    def __init__(self) -> None:
        empty = np.zeros(0, dtype=np.int64)
        self.tables = (0, empty, empty.astype(bool))

    def of(
        self, offsets: DayOffsets, days: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        """The offset and the change of each of *days*."""
        base, shift, odd = self.tables  # (one reading: a consistent set)
        low, high = int(days.min()), int(days.max())
        if not (len(shift) and base <= low and high < base + len(shift)):
            span = _table_span(base, len(shift), low, high, len(days))
            if span is None:
                table, inverse = np.unique(days, return_inverse=True)
                shift, odd = self._rows(offsets, table.tolist())
                return shift[inverse], odd[inverse]
            base = span[0]
            shift, odd = self._rows(offsets, list(range(*span)))
            self.tables = (base, shift, odd)
        spots = days - base
        return shift[spots], odd[spots]

    @staticmethod
    def _rows(offsets: DayOffsets, days: list[int]) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
        uniform = [offsets.utc_uniform(day) for day in days]  # (each day asked once: cached)
        shift = np.array([0 if off is None else off for off in uniform], dtype=np.int64)
        odd = np.array([off is None for off in uniform], dtype=bool)
        return shift, odd


def utc_day_shifts(
    days: NDArray[np.int64], offsets: DayOffsets
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Each UTC day's offset (µs, days since 1970-01-01) in the zone of *offsets*, where it
    holds all day; where the offset changes that day, 0 and ``True`` in the second array
    (ask instant by instant)."""
    table = offsets.tables
    if table is None:
        table = offsets.tables = UtcDays()
    found: tuple[NDArray[np.int64], NDArray[np.bool_]] = table.of(offsets, days)
    return found


def utc_shifts(
    micros: NDArray[np.int64], offsets: DayOffsets
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Each instant's UTC offset (µs) as its UTC day has it throughout; where the offset
    changes that day, 0 and ``True`` in the second array (ask instant by instant)."""
    return utc_day_shifts(micros // MICROS_PER_DAY, offsets)


def local_days(micros: NDArray[np.int64], offsets: DayOffsets) -> NDArray[np.int64]:
    """The local date (proleptic ordinal) of each instant in the zone of *offsets*."""
    if not len(micros):
        return np.zeros(0, dtype=np.int64)
    shift, odd = utc_shifts(micros, offsets)
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
    library's own zone tables, never Arrow's); on a day whose offset changes, each instant's
    own offset (``from_micros(m, tz).utcoffset()``). Arrow writes each local date and each
    time of day once (a date32 and a time32 cast), and the text of an instant is its
    date's, its time's, its microseconds' where it has some, and its offset's, side by
    side: where every instant of the column has the usual widths (``2026-11-23``,
    ``T10:30:00``, ``-05:00``, no microseconds), 25 bytes each, gathered by numpy into one
    buffer (:func:`_fixed_width`); else joined by Arrow (:func:`_joined`).
    """
    import pyarrow as pa

    missing = micros == MISSING
    if missing.all():
        return pa.nulls(len(micros), pa.string())
    instants = np.where(missing, micros[np.argmin(missing)], micros)  # (a known one where none)
    shift, offsets, code = _zoned_shifts(instants, zones, zone)
    local = instants + shift
    days = local // MICROS_PER_DAY  # since 1970-01-01, as date32 counts them
    within = local - days * MICROS_PER_DAY
    suffixes = [_OFFSET_TEXT.get(o) or _offset_text(o) for o in offsets.tolist()]
    texts = _fixed_width(days, within, suffixes, code, missing)
    if texts is None:
        texts = _joined(days, within, suffixes, code, missing)
    return texts


def _zoned_shifts(
    instants: NDArray[np.int64], zones: Sequence[DayOffsets], zone: NDArray[np.intp]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.intp]]:
    """The UTC offset (µs) of each instant in the zone ``zones[zone[k]]``; the distinct
    offsets, ascending, and each instant's among them. Each zone is asked for the UTC days
    the column spans (or holds, when they lie far apart), then one lookup serves every
    instant; an instant of a day whose offset changes is asked for its own."""
    days = instants // MICROS_PER_DAY
    low = int(days.min())
    span = int(days.max()) - low + 1
    if span <= 2 * len(days) + 4_000:
        table, spots = np.arange(low, low + span, dtype=np.int64), days - low
    else:
        table, spots = np.unique(days, return_inverse=True)
        spots = spots.reshape(-1)
    shifts = np.empty((len(zones), len(table)), dtype=np.int64)
    odds = np.empty((len(zones), len(table)), dtype=bool)
    for number, offsets in enumerate(zones):
        shifts[number], odds[number] = utc_day_shifts(table, offsets)
    distinct, inverse = np.unique(shifts[~odds], return_inverse=True)  # (a few)
    codes = np.zeros(shifts.shape, dtype=np.intp)
    codes[~odds] = inverse.reshape(-1)
    shift, code = shifts[zone, spots], codes[zone, spots]
    rows = np.flatnonzero(odds[zone, spots])
    if len(rows):  # a change of offset that day: each instant's own
        own = np.array(
            [
                _offset_micros(from_micros(m, zones[z].tz))
                for m, z in zip(instants[rows].tolist(), zone[rows].tolist(), strict=True)
            ],
            dtype=np.int64,
        )
        every = np.union1d(distinct, own)
        if len(distinct):
            code = np.searchsorted(every, distinct)[code]
        shift[rows], code[rows], distinct = own, np.searchsorted(every, own), every
    return shift, distinct, code


def _offset_micros(instant: datetime) -> int:
    offset = instant.utcoffset()
    assert offset is not None
    return offset // ONE_MICROSECOND


_WIDTH = 25
"""The length of an instant's text with the usual widths: ``2026-11-23T10:30:00-05:00``."""

_LAYOUT = np.dtype([("date", "V10"), ("minute", "V7"), ("second", "V2"), ("offset", "V6")])
"""An instant's text of :data:`_WIDTH` bytes: ``2026-11-23``, ``T10:30:``, ``00``,
``-05:00``."""


def _fixed_width(
    days: NDArray[np.int64],
    within: NDArray[np.int64],
    suffixes: list[str],
    code: NDArray[np.intp],
    missing: NDArray[np.bool_],
) -> Any:
    """The texts of :func:`zoned_iso_instants` as a pyarrow text array of 25 bytes a value
    (the texts of the date, the minute, the second and the offset, each written once, side
    by side), or ``None`` unless every instant has that width (microseconds, an offset
    with seconds, a year not of four digits: :func:`_joined` writes them)."""
    import pyarrow as pa

    size = len(days)
    if size * _WIDTH >= 2**31 or (within % 1_000_000)[~missing].any():
        return None
    if any(len(text) != 6 for text in suffixes):
        return None
    dates = _date_bytes(days, missing)
    if dates is None:
        return None
    table, spots = dates
    minutes, seconds = _clock_bytes()
    second = within // 1_000_000
    out = np.empty(size, dtype=_LAYOUT)
    out["date"] = table.take(spots)
    out["minute"] = minutes.take(second // 60)
    out["second"] = seconds.take(second % 60)
    out["offset"] = np.frombuffer("".join(suffixes).encode(), dtype="V6").take(code)
    offsets = np.arange(0, (size + 1) * _WIDTH, _WIDTH, dtype=np.int32)
    valid = None
    if missing.any():
        valid = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.StringArray.from_buffers(
        size, pa.py_buffer(offsets), pa.py_buffer(out), valid, int(missing.sum())
    )


def _date_bytes(
    days: NDArray[np.int64], missing: NDArray[np.bool_]
) -> tuple[NDArray[np.void], NDArray[np.int64]] | None:
    """The ISO 8601 text (``2026-11-23``) of the dates *days* span (or hold, when they lie
    far apart), written by Arrow, as 10-byte values, and each day's place among them (a
    known day's where *missing*); ``None`` when a date's text is not 10 bytes long."""
    import pyarrow as pa

    known = days[~missing]
    low = int(known.min())
    span = int(known.max()) - low + 1
    if span <= 2 * len(days) + 4_000:  # every date between: no sorting
        table, spots = np.arange(low, low + span, dtype=np.int64), days - low
    else:
        table, spots = np.unique(days, return_inverse=True)
        spots = spots.reshape(-1)
    texts = pa.array(table.astype(np.int32), pa.date32()).cast(pa.string())
    bounds = np.frombuffer(texts.buffers()[1], dtype=np.int32)[: len(texts) + 1]
    if (np.diff(bounds) != 10).any():
        return None
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[bounds[0] : bounds[-1]]
    return data.view("V10"), np.where(missing, 0, spots)


def _joined(
    days: NDArray[np.int64],
    within: NDArray[np.int64],
    suffixes: list[str],
    code: NDArray[np.intp],
    missing: NDArray[np.bool_],
) -> Any:
    """The texts of :func:`zoned_iso_instants` whatever their widths: each part a pyarrow
    text array (dates, times, microseconds, offsets), joined by Arrow."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = [_dates(days, missing), _clock_texts().take(pa.array(within // 1_000_000))]
    fraction = within % 1_000_000
    if fraction.any():  # ".ffffff" where an instant has microseconds, as isoformat writes
        digits = pa.array(np.char.mod(".%06d", fraction).astype(object), pa.string())
        parts.append(pc.if_else(pa.array(fraction != 0), digits, ""))
    indices = pa.array(code.astype(np.int32))
    ends = pa.DictionaryArray.from_arrays(indices, pa.array(suffixes, pa.string()))
    return pc.binary_join_element_wise(*parts, ends.cast(pa.string()), "")  # null: missing


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
def _clock_bytes() -> tuple[NDArray[np.void], NDArray[np.void]]:
    """The texts of :func:`_clock_texts` as bytes: ``T%H:%M:`` of each minute of a day
    (7 bytes each) and ``%S`` of each second of a minute (2 bytes each); made once, read
    only."""
    texts = _clock_texts()
    first = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset]
    data = np.frombuffer(texts.buffers()[2], dtype=np.uint8)[first : first + 9 * 86_400]
    rows = data.reshape(86_400, 9)
    minutes = np.ascontiguousarray(rows[::60, :7]).view("V7").reshape(-1)
    seconds = np.ascontiguousarray(rows[:60, 7:]).view("V2").reshape(-1)
    minutes.flags.writeable = seconds.flags.writeable = False
    return minutes, seconds


@cache
def _clock_texts() -> Any:
    """``T%H:%M:%S`` for each second of a day, a pyarrow text array written by Arrow (made
    once: an immutable array)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    seconds = pa.array(np.arange(86_400, dtype=np.int32), pa.time32("s")).cast(pa.string())
    return pc.binary_join_element_wise("T", seconds, "")
