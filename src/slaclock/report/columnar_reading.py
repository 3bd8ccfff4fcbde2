"""Reading a report's ticket rows for the columnar path, a batch at a time, column by
column: text in the usual timestamp shapes by Arrow's ISO 8601 kernel where pyarrow is
installed (:func:`read_instants`: the fast extra), other values as the report reads one
(:func:`~slaclock.report.reading.instant_value`,
:func:`~slaclock.report.reading.text_value`), pandas datetime columns from their integers
(:func:`datetime_column`), wall times read in a plan's zone (:func:`localized`), and the
ticket ids seen (:class:`SeenIds`). Loaded only when numpy is installed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import numpy as np

from .._timeline import MAX_YEAR, MIN_YEAR, year_start
from ..columnar import instants_from_walls
from ..tickets.clocks import MISSING
from ..zones import EPOCH, ONE_MICROSECOND
from .date_formats import arrow_pattern, parsed_as, stripped
from .options import TimeFormat
from .reading import TicketValues, last_run, plain_datetime, run_cut

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..schedule import BaseSchedule

__all__ = [
    "UNREAD",
    "Ids",
    "Names",
    "Reads",
    "SeenIds",
    "datetime_column",
    "id_runs",
    "joined_ids",
    "last_id_run",
    "localized",
    "read_event_ids",
    "read_ids",
    "read_instants",
    "read_names",
    "read_texts",
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
            levels[-1] = np.sort(np.concatenate([levels[-1], last]), kind="stable")  # (runs merged)

    def __len__(self) -> int:
        return sum(len(level) for level in self._levels)


UNREAD: Any = object()
"""A value the column-by-column reading leaves to the report's own reading."""
_NAIVE_EPOCH = datetime(1970, 1, 1)
_fromisoformat = datetime.fromisoformat


_STR = {str}


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


def _arrow_text(values: Any) -> bool:
    """Whether *values* is a pyarrow array of text (a column Arrow read)."""
    return not isinstance(values, list) and str(getattr(values, "type", "")) == "string"


def _listed(values: list[Any] | Any) -> list[Any]:
    """*values* as a list (a pyarrow array's values as Python objects)."""
    return values if isinstance(values, list) else values.to_pylist()


def read_ids(
    values: list[Any] | Any, missing: str | None = ""
) -> tuple[NDArray[np.object_], NDArray[np.bool_]]:
    """:func:`read_texts` of *values* (a list, or a pyarrow text array: trimmed by Arrow)
    as an object array, *missing* where missing, blank or unread; and where unread."""
    if _arrow_text(values):
        import pyarrow.compute as pc

        trimmed = (
            _blank_as_null(values)
            if missing is None
            else pc.fill_null(stripped(_one_piece(values)), missing)
        )
        found: NDArray[np.object_] = trimmed.to_numpy(zero_copy_only=False)
        return found, np.zeros(len(found), dtype=bool)
    found = _object_column(read_texts(_listed(values)))
    unread = np.array([value is UNREAD for value in found.tolist()], dtype=bool)
    found[unread] = missing
    found[(found == None) | (found == "")] = missing  # noqa: E711 (elementwise)
    return found, unread


def read_event_ids(values: list[Any] | Any) -> tuple[Any, NDArray[np.bool_]]:
    """:func:`read_ids` of an event log's ticket ids (``None`` where missing, blank or
    unread), but a pyarrow text array stays one: trimmed by Arrow, null where missing or
    blank, never unread (its tickets are then found by Arrow's kernels, without a Python
    object per row: ``columnar_events.Runs``).

    >>> import pyarrow as pa
    >>> read_event_ids(pa.array([" T1 ", "", None, "T2"]))[0].to_pylist()
    ['T1', None, None, 'T2']
    >>> read_event_ids(["T1", " ", 3])[0].tolist()
    ['T1', None, '3']
    """
    if _arrow_text(values):
        ids = _blank_as_null(values)
        return ids, np.zeros(len(ids), dtype=bool)
    return read_ids(values, missing=None)


Ids: TypeAlias = "Sequence[str | None] | NDArray[np.object_] | Any"
"""The ticket ids of an event log's rows (``None``: a row without one); or a pyarrow text
array of them (null: a row without one), as :func:`read_event_ids` reads a column Arrow
read."""


def id_runs(ids: Ids) -> tuple[NDArray[np.bool_], NDArray[np.intp], NDArray[np.object_]]:
    """The runs of rows with one ticket id among *ids* (a row without one, ``None`` or
    blank, neither ends a run nor belongs to one): where a row has no id, where each run
    begins among the rows that have one, and each run's id. A pyarrow array's ids are
    compared by Arrow: a Python text is made only for each run's id.

    >>> missing, starts, ids = id_runs(["A", "A", None, "A", "B", "", "A"])
    >>> missing.tolist(), starts.tolist(), ids.tolist()
    ([False, False, True, False, False, True, False], [0, 3, 4], ['A', 'B', 'A'])
    """
    arrow = _arrow_ids(ids)
    if arrow is not None:
        import pyarrow.compute as pc

        missing: NDArray[np.bool_] = arrow.is_null().to_numpy(zero_copy_only=False)
        named = arrow.drop_null()
        fresh = np.ones(len(named), dtype=bool)
        if len(named) > 1:
            changes = pc.not_equal(named.slice(1), named.slice(0, len(named) - 1))
            fresh[1:] = changes.to_numpy(zero_copy_only=False)
        starts = np.flatnonzero(fresh)
        return missing, starts, named.take(starts).to_numpy(zero_copy_only=False)
    column = _id_objects(ids)
    missing = ~column.astype(bool)  # (None, or a blank id: no id)
    named = column[~missing]
    fresh = np.ones(len(named), dtype=bool)
    fresh[1:] = named[1:] != named[:-1]
    starts = np.flatnonzero(fresh)
    return missing, starts, named[starts]


def joined_ids(first: Ids, second: Ids) -> Ids:
    """Two batches' ids (of :func:`read_event_ids`) as one."""
    if _arrow_ids(first) is not None and _arrow_ids(second) is not None:
        import pyarrow as pa

        return pa.concat_arrays([first, second])
    return np.concatenate((_id_objects(first), _id_objects(second)))


def last_id_run(ids: Ids) -> tuple[str | None, int, bool]:
    """:func:`~slaclock.report.reading.last_run` of *ids*, found by Arrow's kernels for a
    pyarrow array."""
    arrow = _arrow_ids(ids)
    if arrow is None:
        return last_run(cast("Sequence[str | None]", ids))
    import pyarrow.compute as pc

    valid = np.flatnonzero(arrow.is_valid().to_numpy(zero_copy_only=False))
    last: str | None = arrow[int(valid[-1])].as_py() if len(valid) else None
    other = None
    if last is not None:
        differ = pc.fill_null(pc.not_equal(arrow, last), False).to_numpy(zero_copy_only=False)
        before = np.flatnonzero(differ)
        other = int(before[-1]) if len(before) else None
    return run_cut(cast("Sequence[int]", valid), last, other)


def _arrow_ids(ids: Ids) -> Any | None:
    """*ids* when it is a pyarrow array (:func:`read_event_ids` of a column Arrow read),
    else ``None``."""
    return ids if hasattr(ids, "drop_null") else None


def _id_objects(ids: Ids) -> NDArray[np.object_]:
    """*ids* as an object array (``None`` for Arrow's nulls)."""
    if isinstance(ids, np.ndarray):
        return ids
    arrow = _arrow_ids(ids)
    if arrow is not None:
        found: NDArray[np.object_] = arrow.to_numpy(zero_copy_only=False)
        return found
    column = np.empty(len(ids), dtype=object)
    column[:] = ids
    return column


def _blank_as_null(values: Any) -> Any:
    """A pyarrow text array's values trimmed
    (:func:`~slaclock.report.date_formats.stripped`), null where blank."""
    import pyarrow.compute as pc

    trimmed = stripped(_one_piece(values))
    return pc.if_else(pc.equal(trimmed, ""), None, trimmed)


def _one_piece(values: Any) -> Any:
    """A pyarrow array in one piece (a chunked array's chunks combined)."""
    combine = getattr(values, "combine_chunks", None)
    return values if combine is None else combine()


class Names:
    """A column of names (priorities, plans) as codes into the distinct values read
    (:func:`read_texts` of each: text stripped, ``None`` when missing, :data:`UNREAD`):
    ``values[codes[k]]`` is row *k*'s. A row read value by value later gets its code
    (:meth:`set`)."""

    __slots__ = ("_code", "codes", "values")

    def __init__(self, codes: NDArray[np.intp], values: list[Any]) -> None:
        self.codes = codes
        self.values = values
        self._code: dict[Any, int] = {}

    def set(self, k: int, value: Any) -> None:
        """Row *k*'s value is *value*."""
        if not self._code:
            self._code = {v: c for c, v in enumerate(self.values) if v is not UNREAD}
        code = self._code.get(value)
        if code is None:
            code = self._code[value] = len(self.values)
            self.values.append(value)
        self.codes[k] = code

    def where(self, test: Callable[[Any], bool]) -> NDArray[np.bool_]:
        """Where a row's value passes *test*."""
        passed = np.array([test(v) for v in self.values] or [False], dtype=bool)
        found: NDArray[np.bool_] = passed[self.codes]
        return found

    def paired(
        self,
        other: Names,
        code: Callable[[Any, Any], int],
        rows: NDArray[np.intp] | None = None,
    ) -> NDArray[np.int64]:
        """``code(mine, theirs)`` for each row (of *rows*, else every row): this column's
        value and *other*'s, *code* asked once for each distinct pair, in their order."""
        width = len(other.values)
        mine = self.codes if rows is None else self.codes[rows]
        theirs = other.codes if rows is None else other.codes[rows]
        present, inverse = np.unique(mine * width + theirs, return_inverse=True)
        table = [code(self.values[p // width], other.values[p % width]) for p in present.tolist()]
        found: NDArray[np.int64] = np.array(table or [-1], dtype=np.int64)[inverse.reshape(-1)]
        return found


def read_names(values: list[Any] | Any) -> Names:
    """:func:`read_texts` of *values* (a list, or a pyarrow text array: trimmed and
    dictionary-encoded by Arrow) as :class:`Names`."""
    if _arrow_text(values):
        import pyarrow.compute as pc

        # the distinct texts trimmed, rather than every row's: texts that differ only by
        # blanks about them are made one again (in the order they first come)
        encoded = pc.dictionary_encode(_one_piece(values))
        again = pc.dictionary_encode(stripped(encoded.dictionary))
        names: list[Any] = again.dictionary.to_pylist()
        trimmed = np.append(again.indices.to_numpy().astype(np.intp), len(names))
        raw = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy()
        return Names(trimmed[raw], [*names, None])
    read = read_texts(_listed(values))
    known: dict[Any, int] = {}
    listed: list[Any] = []
    numbered = []
    for value in read:
        code = known.get(value) if value is not UNREAD else None
        if code is None:
            code = len(listed)
            listed.append(value)
            if value is not UNREAD:
                known[value] = code
        numbered.append(code)
    return Names(np.array(numbered, dtype=np.intp), listed)


def _object_column(values: list[Any]) -> NDArray[np.object_]:
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


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


def _instants(values: list[Any], time_format: TimeFormat | None = None) -> list[Any]:
    """Values read as the report reads an instant (``instant_value``): text as
    *time_format* reads it (ISO 8601 by default, as :func:`slaclock.zones.parse_datetime`
    parses it), datetimes (pandas' as plain ones), ``None`` when missing or blank,
    :data:`UNREAD` for anything else."""
    parse = _fromisoformat if time_format is None or time_format == _ISO else time_format.parse
    found: list[Any] = []
    append = found.append
    for value in values:
        if type(value) is str:
            text = value.strip()
            if not text:
                append(None)
                continue
            try:
                append(parse(text))
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


_ISO = TimeFormat()


class Reads:
    """A batch of ticket rows read for the columnar path: per row its id (an object array,
    ``""`` when missing), its priority and plan as :class:`Names` (a priority ``""`` and a
    plan ``None`` when missing), and its three instants as integers (µs since the epoch, UTC
    when ``aware``, else a wall time still to be read in the plan's zone; :data:`MISSING`
    when missing). ``ok`` marks the rows that were read."""

    __slots__ = ("aware", "ids", "instants", "ok", "plans", "priorities")

    def __init__(
        self,
        ok: NDArray[np.bool_],
        ids: NDArray[np.object_],
        priorities: Names,
        plans: Names,
        instants: list[NDArray[np.int64]],
        aware: list[NDArray[np.bool_]],
    ) -> None:
        self.ok = ok
        self.ids = ids
        self.priorities = priorities
        self.plans = plans
        self.instants = instants
        self.aware = aware

    def complete(
        self, rows: Any, parse: Callable[[Any], tuple[str, TicketValues | str]]
    ) -> tuple[NDArray[np.object_], list[TicketValues | str | None], NDArray[np.intp]]:
        """Read the rows left unread value by value: ``parse(rows[k])`` gives row *k*'s id
        and its values, or the reason they cannot be read (*rows*: the batch's rows, with
        ``take`` for the rows about to be asked for). Each row's id; its values (``None``:
        read column by column; text: why not); the rows whose values were read, in order."""
        size = len(self.ok)
        ids = self.ids.copy()
        given: list[TicketValues | str | None] = [None] * size
        read = np.ones(size, dtype=bool)
        unread = np.flatnonzero(~self.ok).tolist()
        rows.take(unread)
        for k in unread:  # value by value
            ticket_id, parsed = ids[k], given[k] = parse(rows[k])
            if isinstance(parsed, str):
                read[k] = False
            else:
                self.fill(k, ticket_id, parsed)
        return ids, given, np.flatnonzero(read)

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
        self.priorities.set(k, priority)
        self.plans.set(k, plan)
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
    values: list[Any] | Any, time_format: TimeFormat | None = None
) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """:func:`_micros` of :func:`_instants` of *values* (a list, or a pyarrow array of
    text), as *time_format* reads each value, with Arrow's kernels where pyarrow is
    installed: ISO 8601 text by Arrow's cast (:func:`_parsed`), then text in each pattern
    of the format that Arrow's ``strptime`` reads as ``datetime.strptime`` does
    (:mod:`~slaclock.report.date_formats`), in the order the format tries them; every
    other value one by one (each distinct text once)."""
    arrow = _arrow()
    kind = str(getattr(values, "type", ""))
    if kind.startswith("timestamp["):
        return _timestamps(values)
    iso = time_format is None or time_format.iso
    shapes = [] if time_format is None else [p for p in time_format.patterns if arrow_pattern(p)]
    if arrow is None or not (iso or shapes) or (not isinstance(values, list) and kind != "string"):
        return _micros(_instants(_listed(values), time_format))
    pa = arrow[0]
    if not isinstance(values, list):
        texts = values.combine_chunks() if hasattr(values, "combine_chunks") else values
    elif set(map(type, values)) <= _STR:
        texts = pa.array(values, pa.string())
    else:  # "\x00": not text, read one by one
        texts = pa.array(
            [v if type(v) is str else "" if v is None else "\x00" for v in values], pa.string()
        )
    if iso:
        micros, aware, read = _parsed(texts)
    else:
        micros, aware, read = parsed_as(texts, shapes.pop(0))
    for shape in shapes:  # (day-first dates: the shapes not ISO 8601 read, in order)
        rest = np.flatnonzero(~read)
        if not len(rest):
            break
        shaped, _, taken = parsed_as(texts.take(pa.array(rest)), shape)
        micros[rest[taken]] = shaped[taken]
        read[rest[taken]] = True
    rest = np.flatnonzero(~read)
    if len(rest):
        if isinstance(values, list):
            others = _micros(_instants([values[k] for k in rest.tolist()], time_format))
        else:  # (each distinct text read once: exports repeat their timestamps)
            encoded = texts.take(pa.array(rest)).dictionary_encode()
            spots = np.asarray(encoded.indices.to_numpy(zero_copy_only=False))
            distinct = _micros(_instants(encoded.dictionary.to_pylist(), time_format))
            others = tuple(found[spots] for found in distinct)
        for array, found in zip((micros, aware, read), others, strict=True):
            array[rest] = found
    return micros, aware, read


@cache
def _arrow() -> tuple[Any, Any] | None:
    """pyarrow and pyarrow.compute; ``None`` when pyarrow is not installed."""
    try:
        import pyarrow
        import pyarrow.compute
    except ImportError:
        return None
    return pyarrow, pyarrow.compute


def _parsed(texts: Any) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """The texts (a pyarrow text array) that Arrow's ISO 8601 cast reads, read as
    ``fromisoformat`` reads them: in µs (UTC when they carry an offset, else wall time),
    with where they are aware and where they were read (a wall time outside the supported
    years is not). Texts of one length are cast together (:func:`_cast`). Empty texts are
    read as missing; anything else is left unread."""
    arrow = _arrow()
    assert arrow is not None
    pa, compute = arrow
    size = len(texts)
    micros = np.full(size, MISSING, dtype=np.int64)
    aware = np.zeros(size, dtype=bool)
    if not size:
        return micros, aware, np.zeros(0, dtype=bool)
    lengths = compute.binary_length(texts).fill_null(0)
    lengths = np.asarray(lengths.to_numpy(zero_copy_only=False), dtype=np.int64)
    read = lengths == 0
    low, high = min(_SHAPE_LENGTHS), max(_SHAPE_LENGTHS)
    spread = np.clip(lengths, low - 1, high + 1) - (low - 1)  # (0 and the last: others)
    counts = np.bincount(spread, minlength=high - low + 3)[1:-1]
    for length in (np.flatnonzero(counts) + low).tolist():  # (few: one pass each)
        rows = np.flatnonzero(lengths == length)
        _cast(
            texts if len(rows) == size else texts.take(pa.array(rows)),
            rows,
            micros,
            aware,
            read,
        )
    return micros, aware, read


_SHAPE_LENGTHS = range(10, 33)
"""The lengths of the ISO 8601 texts cast (``YYYY-MM-DD`` to a time with a fraction and an
offset); any other is read one by one."""
_DATE = r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_CLOCK_TIME = r"[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?"
_SHAPES = {
    False: f"^{_DATE}(?:{_CLOCK_TIME})?$",
    True: f"^{_DATE}{_CLOCK_TIME}(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$",
}
"""The usual shapes, naive and with an offset, each field in its range: what a group of
texts that Arrow's cast refuses as a whole is cut down to (a day past its month's end
aside, found from each month's length)."""
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


def _cast(
    texts: Any,
    rows: NDArray[np.intp],
    micros: NDArray[np.int64],
    aware: NDArray[np.bool_],
    read: NDArray[np.bool_],
) -> None:
    """Read *texts* (of one length, at *rows*) by Arrow's ISO 8601 cast into *micros*,
    *aware*, *read*: all as naive times or all with an offset (as the first text looks);
    when the cast refuses them, those of the usual shape (:data:`_SHAPES`) that are real
    dates (the cast refuses a whole array for one bad text, and takes long to say so)."""
    arrow = _arrow()
    assert arrow is not None
    pa, compute = arrow
    first = texts[0].as_py() or ""
    zoned = any(mark in first[16:] for mark in "+-Zz")
    try:
        stamps = texts.cast(pa.timestamp("us", "UTC" if zoned else None))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        usual = compute.match_substring_regex(texts, _SHAPES[zoned]).fill_null(False)
        texts, rows = texts.filter(usual), rows[np.asarray(usual.to_numpy(zero_copy_only=False))]
        if not len(rows):
            return
        year, month, day = (
            np.asarray(
                compute.cast(
                    compute.utf8_slice_codeunits(texts, at, at + width), pa.int64()
                ).to_numpy(zero_copy_only=False)
            )
            for at, width in ((0, 4), (5, 2), (8, 2))
        )
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        real = day <= _MONTH_DAYS[month] + (leap & (month == 2))
        texts, rows = texts.filter(pa.array(real)), rows[real]
        try:
            stamps = texts.cast(pa.timestamp("us", "UTC" if zoned else None))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):  # (none known): one by one
            return
    found = np.asarray(stamps.cast(pa.int64()).to_numpy(zero_copy_only=False))
    low, high = (_AWARE_LOW, _AWARE_HIGH) if zoned else (_WALL_LOW, _WALL_HIGH)
    good = (found >= low) & (found < high)
    micros[rows[good]] = found[good]
    aware[rows[good]] = zoned
    read[rows[good]] = True


def _timestamps(values: Any) -> tuple[NDArray[np.int64], NDArray[np.bool_], NDArray[np.bool_]]:
    """A pyarrow timestamp array (in seconds, ms or µs: a Parquet file's column) as
    :func:`_micros` reads the datetimes ``to_pylist`` makes of it: aware (UTC µs) when it
    has a zone, else wall times."""
    arrow = _arrow()
    assert arrow is not None
    pa = arrow[0]
    kind = values.type
    scale = {"s": 1_000_000, "ms": 1_000, "us": 1}.get(kind.unit)
    if scale is None:  # (nanoseconds: as Python reads them)
        return _micros(_instants(values.to_pylist()))
    stamps = _one_piece(values)
    missing = np.asarray(stamps.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    micros = np.asarray(
        stamps.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False), dtype=np.int64
    ) * np.int64(scale)
    micros[missing] = MISSING
    aware = np.full(len(micros), kind.tz is not None, dtype=bool) & ~missing
    read = aware | missing | ((micros >= _WALL_LOW) & (micros < _WALL_HIGH))
    return micros, aware, read


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
_AWARE_LOW = year_start(MIN_YEAR) + 86_400_000_000
_AWARE_HIGH = year_start(MAX_YEAR + 1) - 86_400_000_000
"""Instants read at once from text with an offset: whose local date is surely in the
supported years (the others are read one by one)."""


def localized(
    values: NDArray[np.int64], aware: NDArray[np.bool_], schedule: BaseSchedule
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Instants read as a schedule reads them (``DayOffsets.instant``): wall times (where
    not *aware*) in the schedule's zone; and where a wall time cannot be read (it never
    happened, the schedule rejects naive times), ``True`` (the engine says why)."""
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
