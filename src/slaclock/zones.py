"""Time zones and instants: IANA zone lookup, naive datetimes, gaps and folds (PEP 495).

Internally slaclock measures every instant as an integer number of microseconds since
1970-01-01 UTC, so all arithmetic is exact. This module converts between those integers and
``datetime`` values.

>>> ny = zone("America/New_York")
>>> datetime_exists(datetime(2026, 3, 8, 2, 30), ny)
False
>>> datetime_ambiguous(datetime(2026, 11, 1, 1, 30), ny)
True
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import (
    FixedOffsetWarning,
    InvalidDatetimeError,
    NaiveDatetimeError,
    NonexistentTimeError,
    OutOfRangeError,
    UnknownZoneError,
    message_part,
    shown,
)
from .suggestions import did_you_mean, either

__all__ = [
    "ABBREVIATIONS",
    "NaivePolicy",
    "datetime_ambiguous",
    "datetime_exists",
    "from_micros",
    "instant_text",
    "to_micros",
    "zone",
    "zone_name",
]

NaivePolicy = Literal["assume", "reject"]
"""How a schedule reads a naive datetime: in its own zone (``"assume"``) or not at all."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
MICROS_PER_SECOND = 1_000_000
MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND
_MICROS_PER_YEAR = 146_097 * MICROS_PER_DAY // 400  # a Gregorian year on average

ABBREVIATIONS: dict[str, tuple[int, tuple[str, ...]]] = {
    # abbreviation: (its UTC offset in minutes, the IANA zones it usually stands for)
    "EST": (-300, ("America/New_York", "America/Toronto", "America/Detroit", "America/Panama")),
    "EDT": (-240, ("America/New_York", "America/Toronto", "America/Detroit")),
    "CST": (-360, ("America/Chicago", "America/Mexico_City", "America/Winnipeg")),
    "CDT": (-300, ("America/Chicago", "America/Winnipeg")),
    "MST": (-420, ("America/Denver", "America/Phoenix", "America/Edmonton")),
    "MDT": (-360, ("America/Denver", "America/Edmonton")),
    "PST": (-480, ("America/Los_Angeles", "America/Vancouver", "America/Tijuana")),
    "PDT": (-420, ("America/Los_Angeles", "America/Vancouver", "America/Tijuana")),
    "AKST": (-540, ("America/Anchorage",)),
    "AKDT": (-480, ("America/Anchorage",)),
    "HST": (-600, ("Pacific/Honolulu",)),
    "AST": (-240, ("America/Halifax", "America/Puerto_Rico", "America/Santo_Domingo")),
    "ADT": (-180, ("America/Halifax",)),
    "NST": (-210, ("America/St_Johns",)),
    "BRT": (-180, ("America/Sao_Paulo",)),
    "ART": (-180, ("America/Argentina/Buenos_Aires",)),
    "CLT": (-240, ("America/Santiago",)),
    "COT": (-300, ("America/Bogota",)),
    "PET": (-300, ("America/Lima",)),
    "BST": (60, ("Europe/London",)),
    "WET": (0, ("Europe/Lisbon",)),
    "WEST": (60, ("Europe/Lisbon",)),
    "CET": (60, ("Europe/Paris", "Europe/Berlin", "Europe/Madrid")),
    "CEST": (120, ("Europe/Paris", "Europe/Berlin", "Europe/Madrid")),
    "MET": (60, ("Europe/Paris", "Europe/Berlin", "Europe/Madrid")),
    "EET": (120, ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest")),
    "EEST": (180, ("Europe/Athens", "Europe/Helsinki", "Europe/Bucharest")),
    "IST": (330, ("Asia/Kolkata",)),
    "JST": (540, ("Asia/Tokyo",)),
    "AEST": (600, ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane")),
    "AEDT": (660, ("Australia/Sydney", "Australia/Melbourne")),
}
"""Time-zone abbreviations a desk's zone is refused as, with the IANA zones each usually
means. An abbreviation names one offset from UTC, not a place: ``EST`` is UTC-05:00 all year,
so a New York desk set to ``EST`` would be an hour off from March to November. The tz
database keeps ``EST``, ``MST``, ``HST``, ``CET``, ``EET``, ``MET`` and ``WET`` only for
backward compatibility and advises against them ("Theory and pragmatics of the tz code and
data", https://data.iana.org/time-zones/theory.html: abbreviations are ambiguous, ``CST`` is
also China's and Cuba's, ``IST`` India's, Ireland's and Israel's); the other abbreviations are
not zones at all. The offsets are those of the abbreviation itself, for :func:`zone` with
``fixed_offset=True``."""


def zone(tz: str | tzinfo, *, fixed_offset: bool = False) -> tzinfo:
    """Return the ``tzinfo`` for an IANA zone name, or *tz* itself when it is one already.

    >>> zone("America/Argentina/Buenos_Aires")
    zoneinfo.ZoneInfo(key='America/Argentina/Buenos_Aires')
    >>> zone("Mars/Olympus_Mons")
    Traceback (most recent call last):
    ...
    slaclock.errors.UnknownZoneError: unknown time zone 'Mars/Olympus_Mons': expected an IANA zone name such as 'America/New_York'

    A name that is close to a zone's, or to a zone's city, is suggested:

    >>> zone("America/Bogotá")
    Traceback (most recent call last):
    ...
    slaclock.errors.UnknownZoneError: unknown time zone 'America/Bogotá': did you mean 'America/Bogota'? (expected an IANA zone name)

    An abbreviation (:data:`ABBREVIATIONS`) is a fixed offset that ignores daylight saving, and
    is refused, naming the zones it usually means:

    >>> zone("EST")
    Traceback (most recent call last):
    ...
    slaclock.errors.UnknownZoneError: time zone 'EST' is an abbreviation, a fixed offset (UTC-05:00) that ignores daylight saving: expected the IANA zone of the place, such as 'America/New_York', 'America/Toronto', 'America/Detroit' or 'America/Panama'

    Where a fixed offset is really meant (times written by a clock set to EST all year), say so
    with *fixed_offset*: the abbreviation's own offset is used, with a
    :class:`~slaclock.errors.FixedOffsetWarning`. A ``tzinfo`` given as such (a
    ``ZoneInfo("EST")``) is taken as meant, with the same warning.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     print(zone("EST", fixed_offset=True))
    EST
    >>> print(caught[0].message)
    time zone 'EST' is a fixed offset (UTC-05:00) that ignores daylight saving: times in summer will be an hour off from the local clock of a place that changes, such as 'America/New_York'
    """
    if isinstance(tz, tzinfo):
        if hasattr(tz, "localize"):
            raise UnknownZoneError(
                f"time zone {tz!r} is a pytz zone, whose offsets are wrong without localize(): "
                f"expected a zoneinfo.ZoneInfo such as ZoneInfo({str(tz)!r})"
            )
        key = getattr(tz, "key", None)
        if isinstance(key, str) and key.upper() in ABBREVIATIONS:
            _warn_fixed(key, ABBREVIATIONS[key.upper()][1])
        return _usable(tz)
    if not isinstance(tz, str):
        raise UnknownZoneError(
            f"time zone {tz!r}: expected an IANA zone name (str) or a tzinfo, "
            f"got {type(tz).__name__}"
        )
    abbreviation = ABBREVIATIONS.get(tz.strip().upper())
    if abbreviation is not None:
        minutes, places = abbreviation
        if fixed_offset:
            name = tz.strip().upper()
            _warn_fixed(name, places)
            return timezone(timedelta(minutes=minutes), name)
        listed = either([repr(place) for place in places])
        raise UnknownZoneError(
            f"time zone {tz!r} is an abbreviation, a fixed offset ({_utc_offset(minutes)}) "
            f"that ignores daylight saving: expected the IANA zone of the place, such as {listed}"
        )
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as err:
        guess = did_you_mean(tz, available_timezones(), by_last_part=True)
        expected = message_part(
            f"{guess} (expected an IANA zone name)"
            if guess
            else "expected an IANA zone name such as 'America/New_York'"
        )
        raise UnknownZoneError(f"unknown time zone {tz!r}: {expected}") from err


def _utc_offset(minutes: int) -> str:
    """``UTC-05:00`` for -300."""
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def _warn_fixed(name: str, places: tuple[str, ...]) -> None:
    minutes = ABBREVIATIONS[name.upper()][0]
    warnings.warn(
        f"time zone {name!r} is a fixed offset ({_utc_offset(minutes)}) that ignores daylight "
        f"saving: times in summer will be an hour off from the local clock of a place that "
        f"changes, such as {places[0]!r}",
        FixedOffsetWarning,
        stacklevel=3,
    )


def _usable(tz: tzinfo) -> tzinfo:
    """*tz* when it gives an offset and converts an instant, else :class:`UnknownZoneError`
    (a bare ``tzinfo()``, a subclass whose ``utcoffset()`` is ``None``)."""
    expected = message_part(
        "expected a tzinfo whose utcoffset() gives a timedelta, such as a zoneinfo.ZoneInfo"
    )
    try:
        offset = datetime(2000, 1, 1, tzinfo=tz).utcoffset()
        if offset is not None:
            EPOCH.astimezone(tz)
    except Exception as err:  # foreign code: whatever it raises, the zone cannot be used
        raise UnknownZoneError(
            f"time zone {shown(tz)} cannot be used ({type(err).__name__}: {err}): {expected}"
        ) from err
    if offset is None:
        raise UnknownZoneError(f"time zone {shown(tz)} gives no UTC offset (None): {expected}")
    return tz


def zone_name(tz: tzinfo) -> str:
    """The name a zone is written with: the IANA key of a ``ZoneInfo``, else ``str(tz)``."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else str(tz)


def datetime_exists(wall: datetime, tz: tzinfo) -> bool:
    """Whether the naive wall time *wall* happens in *tz* (``False`` in a spring-forward gap)."""
    aware = wall.replace(tzinfo=tz)
    back = aware.astimezone(UTC).astimezone(tz)
    return back.replace(tzinfo=None) == wall.replace(tzinfo=None)


def datetime_ambiguous(wall: datetime, tz: tzinfo) -> bool:
    """Whether the naive wall time *wall* happens twice in *tz* (in a fall-back overlap)."""
    first = wall.replace(tzinfo=tz, fold=0).utcoffset()
    second = wall.replace(tzinfo=tz, fold=1).utcoffset()
    return first != second and datetime_exists(wall, tz)


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 date-time (``'2026-11-20 17:30'``, ``'2026-11-20T17:30-05:00'``)."""
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as err:
        raise InvalidDatetimeError(
            f"{text!r} is not an ISO 8601 date-time: expected e.g. '2026-11-20 17:30' "
            f"or '2026-11-20T17:30:00-05:00'"
        ) from err


def to_micros(value: datetime | str, tz: tzinfo, naive: NaivePolicy = "assume") -> int:
    """Microseconds since the epoch of *value*; a naive value is read in *tz*.

    A naive wall time that does not exist in *tz* raises :class:`NonexistentTimeError`; an
    ambiguous one is resolved by its ``fold`` attribute (PEP 495).

    >>> ny = zone("America/New_York")
    >>> to_micros(datetime(1970, 1, 1, tzinfo=UTC), ny)
    0
    >>> to_micros(datetime(2026, 3, 8, 2, 30), ny)
    Traceback (most recent call last):
    ...
    slaclock.errors.NonexistentTimeError: 2026-03-08 02:30:00 does not exist in America/New_York (skipped by a daylight-saving change): give an aware datetime or a wall time that exists
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return (value - EPOCH) // ONE_MICROSECOND
        return _naive_to_micros(value, tz, naive)
    if isinstance(value, str):
        return to_micros(parse_datetime(value), tz, naive)
    raise InvalidDatetimeError(
        f"{value!r} is not an instant: expected a datetime or an ISO 8601 string, "
        f"got {type(value).__name__}"
    )


def _naive_to_micros(value: datetime, tz: tzinfo, naive: NaivePolicy) -> int:
    try:
        return _resolve_naive(value, tz, naive)
    except OverflowError as err:
        raise OutOfRangeError(
            f"{value} in {zone_name(tz)} is outside the years slaclock supports: expected 2 to 9998"
        ) from err


def _resolve_naive(value: datetime, tz: tzinfo, naive: NaivePolicy) -> int:
    if naive == "reject":
        raise NaiveDatetimeError(
            f"naive datetime {value} has no time zone and this schedule rejects naive "
            f"datetimes: expected an aware datetime (tzinfo set)"
        )
    wall = value.replace(tzinfo=None)
    if not datetime_exists(wall, tz):
        raise NonexistentTimeError(
            f"{wall} does not exist in {zone_name(tz)} (skipped by a daylight-saving change): "
            f"give an aware datetime or a wall time that exists"
        )
    return (wall.replace(tzinfo=tz) - EPOCH) // ONE_MICROSECOND


def from_micros(micros: int, tz: tzinfo) -> datetime:
    """The aware datetime in *tz* of an instant given in microseconds since the epoch.

    >>> last_hour = to_micros(datetime(9999, 12, 31, 23, tzinfo=UTC), UTC)
    >>> from_micros(last_hour, zone("Pacific/Kiritimati"))
    Traceback (most recent call last):
    ...
    slaclock.errors.OutOfRangeError: 9999-12-31 23:00:00 UTC in Pacific/Kiritimati is outside the years slaclock supports: expected 2 to 9998
    >>> from_micros(10**20, UTC)
    Traceback (most recent call last):
    ...
    slaclock.errors.OutOfRangeError: an instant in about the year 3,170,843 in UTC is outside the years slaclock supports: expected 2 to 9998
    """
    try:
        seconds, rest = divmod(micros, MICROS_PER_SECOND)
        result = datetime.fromtimestamp(seconds, tz)
    except (OverflowError, ValueError, OSError) as err:
        try:
            instant = f"{(EPOCH + micros * ONE_MICROSECOND).replace(tzinfo=None)} UTC"
        except OverflowError:
            instant = f"an instant in about the year {1970 + micros // _MICROS_PER_YEAR:,}"
        raise OutOfRangeError(
            f"{instant} in {zone_name(tz)} is outside the years slaclock supports: "
            f"expected 2 to 9998"
        ) from err
    return result.replace(microsecond=rest) if rest else result


def instant_text(micros: int, tz: tzinfo) -> str:
    """An instant as messages name it: its datetime in *tz*, else (beyond the years a
    ``datetime`` holds) the year it lies in, about.

    >>> instant_text(0, zone("America/New_York"))
    '1969-12-31 19:00:00-05:00'
    >>> instant_text(10**20, UTC)
    'an instant in about the year 3,170,843'
    """
    try:
        return str(from_micros(micros, tz))
    except OutOfRangeError:
        try:
            return str(EPOCH + micros * ONE_MICROSECOND)
        except OverflowError:
            return f"an instant in about the year {1970 + micros // _MICROS_PER_YEAR:,}"
