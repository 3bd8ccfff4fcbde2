"""Reading a report's ticket rows for the columnar path, a batch at a time, column by
column: text in the usual timestamp shapes from its characters (:func:`_canonical`, every
field checked as ``datetime.fromisoformat`` checks it), other values as the report reads one
(:func:`~slaclock.report.reading.instant_value`,
:func:`~slaclock.report.reading.text_value`), pandas datetime columns from their integers
(:func:`datetime_column`), wall times read in a plan's zone (:func:`localized`), and the
ticket ids seen (:class:`SeenIds`). Loaded only when numpy is installed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from .._timeline import MAX_YEAR, MIN_YEAR, year_start
from ..columnar import instants_from_walls
from ..tickets.clocks import MISSING
from ..zones import EPOCH, ONE_MICROSECOND
from .reading import TicketValues, plain_datetime

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import BaseSchedule

__all__ = [
    "UNREAD",
    "Reads",
    "SeenIds",
    "clean_lines",
    "datetime_column",
    "localized",
    "picked",
    "read_instants",
    "read_texts",
    "stripped",
    "texts_only",
]


class SeenIds:
    """The ticket ids seen so far, as 64-bit fingerprints (``hash``) in sorted numpy arrays
    of doubling sizes: 8 bytes per id, O(log n) arrays to search per batch, each id merged
    O(log n) times. It answers as ``reading.FlatSeenIds`` does (two different ids sharing a
    fingerprint, with probability 2**-64 per pair, make the second a repeat)."""

    __slots__ = ("_levels",)

    def __init__(self) -> None:
        self._levels: list[NDArray[np.int64]] = []  # sorted, sizes decreasing

    def add_many(self, keys: Sequence[str]) -> list[bool]:
        """Remember each of *keys* in turn (an empty one is not remembered); for each,
        whether it was seen before (earlier in *keys* too)."""
        if all(keys):
            present = np.arange(len(keys), dtype=np.intp)
            prints = np.fromiter(map(hash, keys), dtype=np.int64, count=len(keys))
        else:
            present = np.flatnonzero(np.array([bool(key) for key in keys], dtype=bool))
            prints = np.array([hash(keys[k]) for k in present.tolist()], dtype=np.int64)
        repeat = np.zeros(len(keys), dtype=bool)
        if not len(present):
            return repeat.tolist()
        fresh, first, inverse = np.unique(prints, return_index=True, return_inverse=True)
        seen = np.zeros(len(fresh), dtype=bool)  # (sorted keys: searched in order)
        for level in self._levels:
            spots = np.minimum(np.searchsorted(level, fresh), len(level) - 1)
            seen |= level[spots] == fresh
        again = np.ones(len(prints), dtype=bool)
        again[first] = False  # a fingerprint's later places in this batch are repeats
        repeat[present] = seen[inverse] | again
        self._insert(fresh[~seen])
        return repeat.tolist()

    def add(self, key: str) -> bool:
        """Remember *key*; return whether it was seen before."""
        return self.add_many([key])[0]

    def _insert(self, fresh: NDArray[np.int64]) -> None:
        if not len(fresh):
            return
        levels = self._levels
        levels.append(fresh)
        while len(levels) > 1 and len(levels[-2]) <= 2 * len(levels[-1]):
            last = levels.pop()
            levels[-1] = np.sort(np.concatenate([levels[-1], last]))

    def __len__(self) -> int:
        return sum(len(level) for level in self._levels)


UNREAD: Any = object()
"""A value the column-by-column reading leaves to the report's own reading."""
_NAIVE_EPOCH = datetime(1970, 1, 1)
_fromisoformat = datetime.fromisoformat


def clean_lines(
    text: str, delimiter: str, width: int, limit: int, data: bytes | None = None
) -> bool:
    """Whether every line of *text* (lines ended by ``\\n``, the last one too) holds
    ``width - 1`` *delimiters* (one character, not a line break), none is empty and none
    is longer than *limit* (its UTF-8 bytes counted: a longer line than needed may say
    no, never yes). The lines are told apart with numpy over the text's UTF-8 bytes
    (*data*, when given: the bytes the text was decoded from)."""
    try:
        codes = np.frombuffer(text.encode("utf-8") if data is None else data, dtype=np.uint8)
        mark = delimiter.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    if len(mark) != 1:
        return False
    ends = np.flatnonzero(codes == 10)
    if not len(ends) or int(ends[-1]) != len(codes) - 1:
        return False
    marks = np.flatnonzero(codes == mark[0])
    per_line = np.diff(np.searchsorted(marks, ends), prepend=0)
    lengths = np.diff(ends, prepend=-1) - 1
    return bool((per_line == width - 1).all() and lengths.min() > 0 and lengths.max() <= limit)


_STR = {str}
_TEXT_OR_NONE = {str, type(None)}


def texts_only(values: list[Any]) -> bool:
    """Whether *values* are all text or ``None`` (nothing :func:`read_texts` leaves unread)."""
    return set(map(type, values)) <= _TEXT_OR_NONE


def picked(values: Sequence[Any], places: list[int]) -> Sequence[Any]:
    """The values at *places*, in their order."""
    if len(places) > 1:
        found: Sequence[Any] = itemgetter(*places)(values)
        return found
    return [values[place] for place in places]


def stripped(values: Sequence[Any]) -> list[Any]:
    """Each text of *values* stripped; any other value as it is."""
    try:
        return list(map(str.strip, values))
    except TypeError:
        return [value.strip() if type(value) is str else value for value in values]


def read_texts(values: list[Any]) -> list[Any]:
    """Text values stripped (``''`` when blank), ``None`` when missing, else as the report
    reads a value (``text_value``): whole numbers as text; anything else :data:`UNREAD`."""
    try:
        return list(map(str.strip, values))  # all text: the usual column of a CSV file
    except TypeError:
        pass
    return [
        value.strip() if type(value) is str else None if value is None else _text_of(value)
        for value in values
    ]


def _missing(value: Any) -> bool:
    """NaN, NaT, pd.NA: pandas' and numpy's missing values (``files._plain``)."""
    try:
        return bool(value != value)
    except TypeError:  # pd.NA refuses to be compared
        return True


def _text_of(value: Any) -> Any:
    if _missing(value):
        return None
    if isinstance(value, bool):
        return UNREAD
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return UNREAD


def _instants(values: list[Any]) -> list[Any]:
    """Values read as the report reads an instant (``instant_value``): ISO 8601 text as
    :func:`slaclock.zones.parse_datetime` parses it, datetimes (pandas' as plain ones),
    ``None`` when missing or blank, :data:`UNREAD` for anything else."""
    found: list[Any] = []
    append = found.append
    for value in values:
        if type(value) is str:
            text = value.strip()
            if not text:
                append(None)
                continue
            try:
                append(_fromisoformat(text))
            except ValueError:
                append(UNREAD)
        elif value is None or type(value) is datetime:
            append(value)
        elif _missing(value):
            append(None)
        elif isinstance(value, datetime):  # pandas.Timestamp: a plain datetime, to the µs
            append(plain_datetime(value))
        else:
            append(UNREAD)
    return found


class Reads:
    """A batch of ticket rows read for the columnar path: per row its id, priority and plan
    as given, and its three instants as integers (µs since the epoch, UTC when ``aware``,
    else a wall time still to be read in the plan's zone; :data:`MISSING` when missing).
    ``ok`` marks the rows that were read."""

    __slots__ = ("aware", "ids", "instants", "ok", "plans", "priorities")

    def __init__(
        self,
        ok: list[bool],
        ids: list[str],
        priorities: list[str],
        plans: list[str | None],
        instants: list[NDArray[np.int64]],
        aware: list[NDArray[np.bool_]],
    ) -> None:
        self.ok = ok
        self.ids = ids
        self.priorities = priorities
        self.plans = plans
        self.instants = instants
        self.aware = aware

    def fill(self, k: int, ticket_id: str, ticket: TicketValues) -> None:
        """Row *k* as the report read it: (created, priority, plan, responded, solved), as
        datetimes; a naive one outside the supported years leaves the row unread (the
        engine takes it)."""
        created, priority, plan, responded, solved = ticket
        for column, aware, value in zip(
            self.instants, self.aware, (created, responded, solved), strict=True
        ):
            column[k] = MISSING
            aware[k] = False
            if value is None:
                continue
            if value.tzinfo is not None:
                if value.utcoffset() is not None:
                    column[k] = (value - EPOCH) // ONE_MICROSECOND
                    aware[k] = True
                    continue
                value = value.replace(tzinfo=None)  # a tzinfo without an offset: naive
            if not MIN_YEAR <= value.year <= MAX_YEAR:
                return
            column[k] = (value - _NAIVE_EPOCH) // ONE_MICROSECOND
        self.ids[k] = ticket_id
        self.priorities[k] = priority
        self.plans[k] = plan
        self.ok[k] = True


def _micros(values: list[Any]) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """Datetimes made by ``fromisoformat`` (``None`` when missing, :data:`UNREAD`) as µs
    (UTC when aware, else wall time); where aware; where read (a naive time outside the
    supported years is not)."""
    values = [
        d.replace(tzinfo=None)
        if type(d) is datetime and d.tzinfo is not None and d.utcoffset() is None
        else d
        for d in values
    ]  # a tzinfo without an offset: naive, as the engine reads it
    aware = np.array([type(d) is datetime and d.tzinfo is not None for d in values], dtype=bool)
    micros = np.array(
        [
            ((d - EPOCH if d.tzinfo is not None else d - _NAIVE_EPOCH) // ONE_MICROSECOND)
            if type(d) is datetime
            else MISSING
            for d in values
        ],
        dtype=np.int64,
    )
    read = np.array([d is not UNREAD for d in values], dtype=bool)
    read &= aware | (micros == MISSING) | ((micros >= _WALL_LOW) & (micros < _WALL_HIGH))
    return micros, aware, read


def read_instants(
    values: list[Any],
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """:func:`_micros` of :func:`_instants` of *values*: text in the usual shapes
    (``YYYY-MM-DD HH:MM[:SS]``, ``T`` or a space between, perhaps ``±HH:MM`` after the
    seconds) read all at once (:func:`_canonical`), every other value one by one."""
    kinds = set(map(type, values))
    if kinds == _STR:  # a text with blanks about it has no usual shape: read one by one
        texts = values
    else:
        texts = [
            value if type(value) is str else "" if value is None else "\x00" for value in values
        ]  # "\x00": not text, read one by one
    micros, aware, read = _canonical(texts)
    rest = np.flatnonzero(~read).tolist()
    if rest:
        others = _micros(_instants([values[k] for k in rest]))
        for array, found in zip((micros, aware, read), others, strict=True):
            array[rest] = found
    return micros, aware, read


_SHAPES = {16: "0000-00-00 00:00", 19: "0000-00-00 00:00:00", 25: "0000-00-00 00:00:00+00:00"}
"""The shapes :func:`_canonical` reads: ``0`` a digit, `` `` a space or ``T``, ``+`` a sign."""
_MONTH_LENGTHS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _canonical(
    texts: list[str],
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """The texts of the usual shapes (:data:`_SHAPES`) as ``fromisoformat`` reads them, in
    µs (UTC when they carry an offset, else wall time), with where they are aware and where
    they were read: every field checked (years 1 to 9999 and within the supported ones,
    real dates, hours 0-23, minutes and seconds 0-59, offsets under 24 hours); anything
    else is left unread. Empty texts are read as missing."""
    size = len(texts)
    micros = np.full(size, MISSING, dtype=np.int64)
    aware = np.zeros(size, dtype=bool)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=size)
    read = lengths == 0
    for length, shape in _SHAPES.items():
        rows = np.flatnonzero(lengths == length)
        if not len(rows):
            continue
        chosen_texts = texts if len(rows) == size else picked(texts, rows.tolist())
        blob = "".join(chosen_texts).encode("ascii", "replace")  # other characters: "?"
        codes = np.frombuffer(blob, dtype=np.uint8).reshape(len(rows), length)
        good = np.ones(len(rows), dtype=bool)
        for place, mark in enumerate(shape):
            column = codes[:, place]
            if mark == "0":
                good &= (column >= 48) & (column <= 57)
            elif mark == " ":
                good &= (column == 32) | (column == 84)
            elif mark == "+":
                good &= (column == 43) | (column == 45)
            else:
                good &= column == ord(mark)
        digits = codes
        year, month, day = _number(digits, 0, 4), _number(digits, 5, 2), _number(digits, 8, 2)
        hour, minute = _number(digits, 11, 2), _number(digits, 14, 2)
        second = _number(digits, 17, 2) if length >= 19 else np.zeros(len(rows), dtype=np.int64)
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        month_index = np.clip(month - 1, 0, 11)
        longest = _MONTH_LENGTHS[month_index] + (leap & (month == 2))
        good &= (year >= MIN_YEAR) & (year <= MAX_YEAR) & (month >= 1) & (month <= 12)
        good &= (day >= 1) & (day <= longest) & (hour <= 23) & (minute <= 59) & (second <= 59)
        offset = np.zeros(len(rows), dtype=np.int64)
        if length == 25:
            hours, minutes = _number(digits, 20, 2), _number(digits, 23, 2)
            good &= (hours <= 23) & (minutes <= 59)
            sign = np.where(codes[:, 19] == 45, -1, 1).astype(np.int64)
            offset = sign * (hours * 3600 + minutes * 60) * 1_000_000
        # days since 1970-01-01 of the proleptic Gregorian date (a civil-from-days inverse)
        shifted = year - (month <= 2)
        era = shifted // 400
        of_era = shifted - era * 400
        of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
        of_cycle = of_era * 365 + of_era // 4 - of_era // 100 + of_year
        days = era * 146_097 + of_cycle - 719_468
        wall = ((days * 24 + hour) * 60 + minute) * 60_000_000 + second * 1_000_000
        chosen = rows[good]
        micros[chosen] = (wall - offset)[good]
        aware[chosen] = length == 25
        read[chosen] = True
    return micros, aware, read


def _number(codes: NDArray[np.uint8], first: int, count: int) -> NDArray[np.int64]:
    """The decimal number of each row's *count* ASCII digits from place *first* (other
    characters give other numbers: the caller has checked them)."""
    found = codes[:, first].astype(np.int64) - 48
    for place in range(first + 1, first + count):
        found = found * 10 + (codes[:, place].astype(np.int64) - 48)
    return found


def datetime_column(
    column: Any,
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]] | None:
    """A pandas datetime column as :func:`_micros` reads its values (to the microsecond,
    as ``pandas.Timestamp`` values become plain datetimes); ``None`` for another column."""
    dtype = column.dtype
    if getattr(dtype, "kind", None) != "M":
        return None
    zone = getattr(dtype, "tz", None)
    if zone is not None:
        column = column.dt.tz_convert("UTC").dt.tz_localize(None)
    stamps = column.to_numpy(dtype="datetime64[us]")  # nanoseconds floored, as Timestamp does
    missing = np.isnat(stamps)
    micros = stamps.view(np.int64).copy()
    micros[missing] = MISSING
    size = len(micros)
    aware = np.full(size, zone is not None, dtype=bool)
    aware[missing] = False
    read = np.ones(size, dtype=bool)
    if zone is None:
        read &= missing | ((micros >= _WALL_LOW) & (micros < _WALL_HIGH))
    return micros, aware, read


_WALL_LOW = year_start(MIN_YEAR)
_WALL_HIGH = year_start(MAX_YEAR + 1)
"""Naive wall times (µs since 1970-01-01 00:00 wall clock) of the supported years."""


def localized(
    values: NDArray[np.int64], aware: NDArray[np.bool_], schedule: BaseSchedule
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Instants read as ``schedule._micros`` reads them: wall times (where not *aware*) in
    the schedule's zone; and where a wall time cannot be read (it never happened, the
    schedule rejects naive times), ``True`` (the engine says why)."""
    micros = values.copy()
    bad = np.zeros(len(values), dtype=bool)
    naive = ~aware & (values != MISSING)
    rows = np.flatnonzero(naive)
    if not len(rows):
        return micros, bad
    if schedule.naive != "assume":
        bad[rows] = True
        return micros, bad
    local, wrong = instants_from_walls(values[rows], schedule)
    bad[rows] = wrong
    micros[rows] = local
    return micros, bad
