"""Hypothesis strategies: schedules (weekly hours, zones, calendars, overrides), instants, durations.

The main entry point is :func:`scenarios`: a random schedule together with instants and
durations drawn *around the same anchor date*, so that the holidays, overrides and DST changes
of the schedule actually fall between the instants a property looks at. Each scenario also
carries a :class:`~model.Model` built from the raw definition (seconds after midnight, not the
parsed text), which the agreement tests use as the oracle.

Hard cases are mixed in on purpose: exact opening and closing instants (and 1 µs either side),
DST transitions of the schedule's zone (and 1 µs either side), UTC New Year (where the engine
splits its index), instants written in other zones, overnight shifts, touching intervals,
00:00-24:00 days and 24x7 schedules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, TU, WEEKLY, YEARLY, rrule
from hypothesis import example, settings
from hypothesis import strategies as st

import slaclock
from model import DAY_US, Model, Pair, from_us, to_us
from slaclock import Schedule

__all__ = [
    "DAY_INTERVALS",
    "JITTER",
    "PINS",
    "WEEKLY_HOURS",
    "ZONES",
    "ZONE_NAMES",
    "Scenario",
    "anchors",
    "calendars",
    "durations",
    "express",
    "fewer_examples",
    "instants",
    "overrides",
    "pin",
    "pinned",
    "scenarios",
    "schedules",
    "transitions",
    "union_scenarios",
]

DAY = 86_400
HOUR_US = 3_600_000_000
MAX_DURATION_US = 2_000 * HOUR_US
FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2028, 12, 31)
FIRST_US = to_us(datetime(2024, 1, 1, tzinfo=UTC))
LAST_US = to_us(datetime(2029, 1, 1, tzinfo=UTC))
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ZONES = (
    "America/New_York",
    "America/Santiago",  # DST changes at midnight
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "UTC",
    "Europe/Madrid",
    "America/Argentina/Buenos_Aires",
    "America/Havana",  # DST changes at midnight
    "Antarctica/Troll",  # 2-hour DST
    "Europe/Dublin",  # "negative" DST in the tz database
    "Africa/Casablanca",  # DST suspended during Ramadan
    "Pacific/Kiritimati",  # +14
    "Pacific/Pago_Pago",  # -11
    "America/St_Johns",  # -03:30 / -02:30
    "Asia/Tokyo",
)

# ---------------------------------------------------------------------------------------------
# zones and their DST transitions


ZONE_NAMES = st.sampled_from(ZONES)


@functools.cache
def transitions(name: str) -> tuple[int, ...]:
    """The instants (µs) in 2024-2028 at which the zone's UTC offset changes."""
    tz = ZoneInfo(name)
    found = []
    step = DAY_US // 4
    moment = FIRST_US
    offset = from_us(moment, tz).utcoffset()
    while moment < LAST_US:
        following = moment + step
        new_offset = from_us(following, tz).utcoffset()
        if new_offset != offset:
            low, high = moment, following  # offset(low) == old, offset(high) == new
            while high - low > 1:
                middle = (low + high) // 2
                if from_us(middle, tz).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append(high)
            offset = new_offset
        moment = following
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# hours


GRANULARITY = st.sampled_from((60, 60, 60, 900, 3600, 1))
"""The step of the times of one day: whole minutes mostly, sometimes any second."""
_STEPS = {unit: st.integers(0, DAY // unit) for unit in (1, 60, 900, 3600)}
TIME_OF_DAY = st.integers(0, DAY)


def _within(value: int, low: int, high: int) -> int:
    """*value* if it lies in [low, high], else folded into that range."""
    return value if low <= value <= high else low + value % (high - low + 1)


PRESETS: tuple[tuple[Pair, ...], ...] = (
    ((9 * 3600, 18 * 3600),),
    ((9 * 3600, 12 * 3600), (13 * 3600, 17 * 3600)),
    ((8 * 3600, 12 * 3600), (12 * 3600, 20 * 3600)),  # touching: one open period
    ((0, DAY),),
    ((0, 6 * 3600), (20 * 3600, DAY)),
    ((1 * 3600, 3 * 3600),),  # around typical DST changes
)
_DAY_KINDS = st.sampled_from(("closed", "closed", "preset", "random", "random", "random"))


@st.composite
def day_intervals(draw: st.DrawFn) -> tuple[Pair, ...]:
    """One day's intervals, sorted, not overlapping, none past midnight (see _overnight)."""
    kind = draw(_DAY_KINDS)
    if kind == "closed":
        return ()
    if kind == "preset":
        return draw(st.sampled_from(PRESETS))
    unit = draw(GRANULARITY)
    steps = draw(st.lists(_STEPS[unit], min_size=2, max_size=6))
    points = sorted({step * unit for step in steps})
    if len(points) < 2:  # all steps equal: one interval from there to midnight
        points = [points[0] if points[0] < DAY else 0, DAY]
    count = len(points) // 2
    intervals = [(points[i], points[i + 1]) for i in range(0, 2 * count, 2)]
    if draw(st.integers(0, 4)) == 0:
        # Split one interval into two touching ones (allowed; they join into one period).
        index = draw(st.integers(0, count - 1))
        start, end = intervals[index]
        if end - start >= 2:
            cut = _within(draw(TIME_OF_DAY), start + 1, end - 1)
            intervals[index : index + 1] = [(start, cut), (cut, end)]
    return tuple(intervals)


DAY_INTERVALS = day_intervals()


def _overnight(draw: st.DrawFn, intervals: tuple[Pair, ...], limit: int) -> tuple[Pair, ...]:
    """Maybe turn the last interval into an overnight shift ending at most *limit* s past 24:00."""
    if not intervals:
        return intervals
    start, _ = intervals[-1]
    limit = min(limit, start - 1)  # an interval is shorter than 24 h
    if limit < 1 or draw(st.integers(0, 3)) != 0:
        return intervals
    spill = _within(draw(TIME_OF_DAY), 1, limit)
    return (*intervals[:-1], (start, DAY + spill))


_WEEK_KINDS = st.sampled_from(
    ("office", "24x7", "nights", "shifts", "random", "random", "random", "random")
)


@st.composite
def weekly_hours(draw: st.DrawFn) -> tuple[tuple[Pair, ...], ...]:
    """Seven days of intervals that WeeklyHours accepts, with some open time in the week."""
    kind = draw(_WEEK_KINDS)
    if kind == "office":
        return (((9 * 3600, 18 * 3600),),) * 5 + ((), ())
    if kind == "24x7":
        return (((0, DAY),),) * 7
    if kind == "nights":
        return (((22 * 3600, DAY + 6 * 3600),),) * 5 + ((), ())
    if kind == "shifts":  # every day one shift of up to 24 h, each ending before the next
        start = _within(draw(TIME_OF_DAY), 3600, DAY - 1) // 60 * 60
        gap = _within(draw(TIME_OF_DAY), 60, start - 60) // 60 * 60
        spill = start - gap  # often long: a shift of nearly 24 h
        return (((start, DAY + spill),),) * 7
    days = [draw(DAY_INTERVALS) for _ in range(7)]
    if not any(days):
        days[draw(st.integers(0, 6))] = ((9 * 3600, 18 * 3600),)
    # A shift may run past midnight up to the next day's first opening (touching is allowed).
    firsts = [day[0][0] if day else DAY for day in days]
    return tuple(_overnight(draw, days[i], firsts[(i + 1) % 7]) for i in range(7))


WEEKLY_HOURS = weekly_hours()


def _time_text(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}" if secs else f"{hours:02d}:{minutes:02d}"


def interval_text(start: int, end: int, midnight_as_zero: bool = False) -> str:
    """``"HH:MM-HH:MM"``; an overnight end is written as the next day's wall time."""
    if end > DAY:
        end -= DAY
    elif end == DAY and midnight_as_zero and start > 0:
        end = 0  # "22:00-00:00" means the same as "22:00-24:00"
    return f"{_time_text(start)}-{_time_text(end)}"


class _Style:
    """Arbitrary choices of how to write a definition, taken from the bits of one drawn number
    (0, what hypothesis shrinks to, is the plainest style)."""

    def __init__(self, bits: int) -> None:
        self.bits = bits

    def flag(self) -> bool:
        self.bits, bit = divmod(self.bits, 2)
        return bool(bit)


STYLE = st.integers(0, 2**64 - 1).map(_Style)


def _texts(style: _Style, intervals: Sequence[Pair]) -> str | list[str]:
    texts = [interval_text(s, e, style.flag()) for s, e in intervals]
    if len(texts) == 1 and not style.flag():
        return texts[0]
    return texts


def _hours_spec(style: _Style, days: Sequence[Sequence[Pair]]) -> dict[str, Any]:
    """A WeeklyHours.parse mapping, runs of equal days sometimes written as "mon-fri"."""
    spec: dict[str, Any] = {}
    index = 0
    while index < 7:
        stop = index
        if not style.flag():
            while stop + 1 < 7 and days[stop + 1] == days[index]:
                stop += 1
        key = DAY_NAMES[index] if stop == index else f"{DAY_NAMES[index]}-{DAY_NAMES[stop]}"
        if days[index]:
            spec[key] = _texts(style, days[index])
        elif style.flag():
            spec[key] = []
        index = stop + 1
    return spec


# ---------------------------------------------------------------------------------------------
# calendars and overrides

COUNTRIES = (("US", "FL"), ("AR", None), ("CL", None), ("AU", "NSW"), ("NZ", None), ("ES", None))


@functools.cache
def country(code: str, subdiv: str | None) -> Any:
    """One shared holidays object per country (they fill in years lazily)."""
    return slaclock.country_calendar(code, subdiv=subdiv)


_OFFSETS = st.integers(-12, 12)
_CALENDAR_KINDS = st.sampled_from(
    ("none", "dates", "dates", "country", "union", "recurring", "timed", "timed")
)


@st.composite
def calendars(draw: st.DrawFn, anchor: date) -> tuple[Any, Any]:
    """``(calendar given to Schedule, calendar the model reads)``; closed dates near *anchor*."""
    kind = draw(_CALENDAR_KINDS)
    if kind == "none":
        return None, None
    dates = {anchor + timedelta(days=offset) for offset in draw(st.sets(_OFFSETS, max_size=6))}
    if kind == "dates":
        return set(dates), frozenset(dates)
    if kind == "timed":
        timed = TimedEvents(frozenset(dates), tuple(draw(st.lists(_events(anchor), max_size=4))))
        return timed, timed
    holidays = country(*draw(st.sampled_from(COUNTRIES)))
    if kind == "country":
        return holidays, holidays
    if kind == "union":
        return slaclock.union(holidays, dates), _Either(holidays, frozenset(dates))
    index = draw(st.integers(0, len(RULES) - 1))
    return slaclock.Recurring(RULES[index]), _rule_dates(index)


_EVENT_NAMES = st.sampled_from(["Offsite", "Training", None])


@st.composite
def _events(draw: st.DrawFn, anchor: date) -> tuple[datetime, datetime, str | None]:
    """A timed closure near *anchor*: a floating (naive) start, or one in UTC or another
    zone, on the hour or at any minute; from a quarter of an hour to two days long (across
    midnight, a weekend, a change of offset), now and then ending before it starts (no
    closure: the library skips it)."""
    start = datetime.combine(anchor, time(0)) + timedelta(
        days=draw(st.integers(-6, 6)), minutes=draw(st.sampled_from([0, 15]) | st.integers(0, 1439))
    )
    length = timedelta(minutes=draw(st.sampled_from([15, 60, 180, 480, 900, 1440, 2880, -60])))
    where = draw(st.sampled_from([None, None, "UTC", "Asia/Kolkata", "America/Bogota"]))
    if where is not None:
        start = start.replace(tzinfo=ZoneInfo(where))
    return start, start + length, draw(_EVENT_NAMES)


@dataclass(frozen=True)
class TimedEvents:
    """A calendar that closes whole *dates* and the hours of timed *events* (``(start, end,
    name)``: docs/calendars-ics.md, as an iCalendar feed's timed events; a naive time is
    floating, read in the schedule's zone): ``closed_hours`` gives every event whatever the
    dates asked, which the library filters. The model reads it as the docs say."""

    dates: frozenset[date]
    events: tuple[tuple[datetime, datetime, str | None], ...]

    def __contains__(self, day: object) -> bool:
        return day in self.dates

    def closed_hours(self, first: date, last: date) -> list[tuple[datetime, datetime, str | None]]:
        return list(self.events)


RULES = (
    rrule(MONTHLY, bymonthday=(1, 15), dtstart=datetime(2020, 1, 1)),
    rrule(YEARLY, bymonth=12, bymonthday=(24, 25, 31), dtstart=datetime(2020, 1, 1)),
    rrule(WEEKLY, interval=2, byweekday=TU, dtstart=datetime(2020, 1, 7)),
)


@functools.cache
def _rule_dates(index: int) -> frozenset[date]:
    """Every date a rule falls on in 2020-2031 (the model's own reading of Recurring)."""
    rule = RULES[index]
    return frozenset(
        when.date() for when in rule.between(datetime(2020, 1, 1), datetime(2032, 1, 1), inc=True)
    )


@dataclass(frozen=True)
class _Either:
    """Closed when either calendar closes the date (the model's own union)."""

    first: Any
    second: Any

    def __contains__(self, day: object) -> bool:
        return day in self.first or day in self.second

    def get(self, day: date) -> str | None:
        """The first name either gives (the closed dates give none): the union's rule."""
        name = self.first.get(day) if day in self.first else None
        return name if isinstance(name, str) and name else None


@st.composite
def overrides(draw: st.DrawFn, anchor: date) -> dict[date, tuple[Pair, ...]]:
    """Dates near *anchor* with their own hours (maybe [] = closed, maybe overnight)."""
    result = {}
    for offset in draw(st.sets(_OFFSETS, max_size=4)):
        intervals = draw(DAY_INTERVALS)
        # Any overnight end is fine here: it may overlap the next day's hours (merged).
        result[anchor + timedelta(days=offset)] = _overnight(draw, intervals, DAY)
    return result


# ---------------------------------------------------------------------------------------------
# scenarios


@dataclass(frozen=True)
class Scenario:
    """A schedule, its model, and instants and durations to ask it about."""

    schedule: Schedule
    model: Model
    instants: tuple[datetime, ...] = ()
    durations: tuple[timedelta, ...] = ()

    def __repr__(self) -> str:
        instants = ", ".join(repr(at) for at in self.instants)
        durations = ", ".join(repr(d) for d in self.durations)
        return f"Scenario({self.schedule!r}, instants=({instants}), durations=({durations}))"


def pin(
    hours: Any,
    tz: str,
    instants: Sequence[datetime] = (),
    durations: Sequence[timedelta] = (),
    calendar: Any = None,
    overrides: Any = None,
) -> Scenario:
    """A hand-written scenario for ``@example``; naive instants are read in *tz*."""
    schedule = Schedule(hours, tz=tz, calendar=calendar, overrides=overrides)
    zone = ZoneInfo(tz)
    aware = tuple(at if at.tzinfo is not None else at.replace(tzinfo=zone) for at in instants)
    return Scenario(schedule, Model.of(schedule), aware, tuple(durations))


_ANCHOR_KINDS = st.sampled_from(("any", "any", "dst", "dst", "new year"))
_ANCHOR_DATES = st.dates(date(2024, 1, 20), date(2028, 12, 10))


@st.composite
def anchors(draw: st.DrawFn, tz_name: str) -> date:
    """A local date in 2024-2028, often next to a DST change or New Year."""
    kind = draw(_ANCHOR_KINDS)
    changes = transitions(tz_name)
    if kind == "dst" and changes:
        moment = from_us(draw(st.sampled_from(changes)), ZoneInfo(tz_name))
        return moment.date() + timedelta(days=draw(st.integers(-2, 2)))
    if kind == "new year":
        year = draw(st.integers(2025, 2028))
        return date(year, 1, 1) + timedelta(days=draw(st.integers(-3, 2)))
    return draw(_ANCHOR_DATES)


JITTER = st.sampled_from((0, 0, 0, 1, -1, 1_000_000, -1_000_000))
"""0, 1 µs or 1 s either side."""
SPREAD = st.one_of(
    st.integers(-10 * 1440, 10 * 1440).map(lambda m: m * 60_000_000),
    st.integers(-10 * 86_400, 10 * 86_400).map(lambda s: s * 1_000_000),
    st.integers(-10 * DAY_US, 10 * DAY_US),
)
"""An offset within ten days: whole minutes, seconds, or any microsecond."""
_ZONE_KINDS = st.sampled_from(("own", "own", "other", "utc", "fixed"))
_FIXED_MINUTES = st.integers(-12 * 60, 14 * 60)


def express(draw: st.DrawFn, micros: int, tz_name: str) -> datetime:
    """The instant as an aware datetime in the schedule's zone, another zone or a fixed offset."""
    kind = draw(_ZONE_KINDS)
    if kind == "own":
        tz: Any = ZoneInfo(tz_name)
    elif kind == "other":
        tz = ZoneInfo(draw(ZONE_NAMES))
    elif kind == "utc":
        tz = UTC
    else:
        tz = timezone(timedelta(minutes=draw(_FIXED_MINUTES)))
    return from_us(micros, tz)


_INSTANT_KINDS = st.sampled_from(
    ("near",) * 4 + ("edge",) * 3 + ("dst",) * 2 + ("new year",) * 2 + ("far",)
)
_ANY_US = st.integers(FIRST_US, LAST_US - 1)
_HOURS = st.one_of(st.just(0), st.integers(-36, 36))


@st.composite
def instants(draw: st.DrawFn, model: Model, tz_name: str, anchor: date) -> datetime:
    """An aware instant near *anchor*: random, an opening/closing, a DST change, New Year."""
    kind = draw(_INSTANT_KINDS)
    zone = ZoneInfo(tz_name)
    base = to_us(datetime.combine(anchor, time(12, 0)).replace(tzinfo=zone))
    micros = None
    if kind == "edge":
        periods = model.open_periods(base - 8 * DAY_US, base + 8 * DAY_US)
        if periods:
            edges = tuple(edge for period in periods for edge in period)
            micros = edges[draw(st.integers(0, len(edges) - 1))] + draw(JITTER)
    elif kind == "dst":
        changes = transitions(tz_name)
        if changes:
            near = tuple(c for c in changes if abs(c - base) < 60 * DAY_US) or changes
            micros = near[draw(st.integers(0, len(near) - 1))] + draw(JITTER)
    elif kind == "new year":
        year = draw(st.integers(max(anchor.year, 2025), min(anchor.year + 1, 2028)))
        micros = to_us(datetime(year, 1, 1, tzinfo=UTC)) + draw(_HOURS) * HOUR_US + draw(JITTER)
    elif kind == "far":
        micros = draw(_ANY_US)
    if micros is None:
        micros = base + draw(SPREAD)
    return express(draw, micros, tz_name)


_DURATION_KINDS = st.sampled_from(("zero", "tiny", "minutes", "minutes", "hours", "any"))
_UNITS = {"tiny": 1, "minutes": 60_000_000, "hours": HOUR_US, "any": 1}
_COUNTS = {
    "tiny": st.integers(1, 3),
    "minutes": st.integers(1, MAX_DURATION_US // 60_000_000),
    "hours": st.integers(1, MAX_DURATION_US // HOUR_US),
    "any": st.integers(1, MAX_DURATION_US),
}


@st.composite
def durations(draw: st.DrawFn, max_us: int, positive: bool = False) -> timedelta:
    """A duration from 0 (1 µs if *positive*) to *max_us*: whole minutes or hours mostly,
    sometimes µs-exact, sometimes a few µs."""
    kind = draw(_DURATION_KINDS)
    if kind == "zero":
        return timedelta(microseconds=1 if positive else 0)
    micros = draw(_COUNTS[kind]) * _UNITS[kind]
    if micros > max_us:
        micros = 1 + micros % max_us
    return timedelta(microseconds=micros)


def _weekly_open_us(days: Sequence[Sequence[Pair]]) -> int:
    return sum(end - start for day in days for start, end in day) * 1_000_000


@st.composite
def schedules(draw: st.DrawFn, tz_name: str, anchor: date) -> tuple[Schedule, Model]:
    """A random schedule in *tz_name*, its closed dates and overrides near *anchor*."""
    days = draw(WEEKLY_HOURS)
    calendar, model_calendar = draw(calendars(anchor))
    special = draw(overrides(anchor))
    style = draw(STYLE)
    spec = _hours_spec(style, days)
    keyed = {
        (day.isoformat() if style.flag() else day): _texts(style, intervals)
        for day, intervals in special.items()
    }
    schedule = Schedule(spec, tz=tz_name, calendar=calendar, overrides=keyed or None)
    model = Model(days, ZoneInfo(tz_name), model_calendar, special)
    return schedule, model


@st.composite
def scenarios(
    draw: st.DrawFn, instants_count: int = 1, durations_count: int = 0, positive: bool = False
) -> Scenario:
    """A random schedule with instants and durations around one anchor date.

    The first duration is sometimes the open time from the first instant to a closing, so that
    ``add`` lands exactly on a closing time. Durations are capped so that a result lies within
    about a year (at most 2,000 hours).
    """
    tz_name = draw(ZONE_NAMES)
    anchor = draw(anchors(tz_name))
    schedule, model = draw(schedules(tz_name, anchor))
    found = tuple(draw(instants(model, tz_name, anchor)) for _ in range(instants_count))
    cap = min(MAX_DURATION_US, _weekly_open_us(model.days) * 30)
    spans = [draw(durations(cap, positive)) for _ in range(durations_count)]
    if spans and found and draw(st.integers(0, 3)) == 0:
        start = to_us(found[0])
        periods = model.open_periods(start, start + 10 * DAY_US)
        if periods:
            closing = periods[draw(st.integers(0, len(periods) - 1))][1]
            spans[0] = timedelta(microseconds=model.elapsed(start, closing))
    return Scenario(schedule, model, found, tuple(spans))


@st.composite
def union_scenarios(draw: st.DrawFn, instants_count: int = 1) -> tuple[Any, list[Scenario]]:
    """A union of 2-3 random schedules in (usually) different zones, and instants to ask."""
    count = draw(st.integers(2, 3))
    tz_names = [draw(ZONE_NAMES) for _ in range(count)]
    anchor = draw(anchors(tz_names[0]))
    members = [draw(schedules(name, anchor)) for name in tz_names]
    union = members[0][0]
    for schedule, _ in members[1:]:
        union = union | schedule
    found = tuple(draw(instants(members[0][1], tz_names[0], anchor)) for _ in range(instants_count))
    return union, [Scenario(schedule, model, found) for schedule, model in members]


# ---------------------------------------------------------------------------------------------
# pinned hard cases

# Hand-picked hard cases, shared by several properties. Each has three instants and two
# positive durations; a property uses as many of them as it needs.
SANTIAGO_FALL_BACK = pin(  # 2026-04-05 00:00 -03 -> 2026-04-04 23:00 -04
    {"mon-sun": ["00:00-06:00", "20:00-24:00"]},
    "America/Santiago",
    [datetime(2026, 4, 4, 23, 30), datetime(2026, 4, 5, 0, 0), datetime(2026, 4, 4, 21, 0)],
    [timedelta(hours=1), timedelta(hours=30)],
)
SANTIAGO_SPRING_FORWARD = pin(  # 2026-09-06 00:00 -04 -> 01:00 -03
    {"sat": "23:00-01:30", "sun": "01:30-09:00"},
    "America/Santiago",
    [datetime(2026, 9, 5, 23, 30), datetime(2026, 9, 6, 1, 0), datetime(2026, 9, 6, 8, 59)],
    [timedelta(minutes=90), timedelta(hours=9, minutes=30)],
)
NEW_YORK_GAP = pin(  # 2026-03-08 02:00 EST -> 03:00 EDT; 02:00-02:30 lies in the gap
    {"sun": ["02:00-02:30", "02:45-05:00"], "mon-fri": "09:00-18:00"},
    "America/New_York",
    [datetime(2026, 3, 8, 1, 59), datetime(2026, 3, 9, 9, 0), datetime(2026, 3, 8, 3, 0)],
    [timedelta(hours=2, microseconds=1), timedelta(hours=1)],
)
NEW_YORK_FOLD = pin(  # 2026-11-01 02:00 EDT -> 01:00 EST; 01:00-01:45 is the EDT one
    {"sun": "01:00-01:45", "mon-fri": "09:00-18:00"},
    "America/New_York",
    [
        datetime(2026, 11, 1, 0, 30),
        datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),  # 06:30Z: closed
        datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    ],
    [timedelta(minutes=45), timedelta(minutes=50)],
)
LORD_HOWE = pin(  # 30-minute DST: 2026-04-05 02:00 -> 01:30, 2026-10-04 02:00 -> 02:30
    {"sun": "01:00-03:00", "sat": "22:00-01:00"},
    "Australia/Lord_Howe",
    [datetime(2026, 4, 4, 23, 0), datetime(2026, 10, 4, 2, 45), datetime(2026, 4, 5, 1, 45)],
    [timedelta(hours=2, minutes=30), timedelta(hours=3)],
)
CHATHAM = pin(  # +12:45 / +13:45: 2026-09-27 02:45 -> 03:45, 2026-04-05 03:45 -> 02:45
    {"sun": "02:00-04:00", "mon-fri": "08:45-17:45"},
    "Pacific/Chatham",
    [datetime(2026, 9, 27, 2, 30), datetime(2026, 4, 5, 3, 30), datetime(2026, 9, 28, 8, 45)],
    [timedelta(hours=3), timedelta(hours=1, minutes=15)],
)
KATHMANDU = pin(  # +05:45, no DST; a holiday on the first working day of the year
    {"sun-thu": "10:00-17:00"},
    "Asia/Kathmandu",
    [datetime(2026, 12, 31, 16, 0), datetime(2027, 1, 3, 10, 0), datetime(2026, 12, 31, 17, 0)],
    [timedelta(hours=7, microseconds=1), timedelta(minutes=60)],
    calendar={date(2027, 1, 1)},
)
NEW_YEAR_NIGHT = pin(  # a shift across UTC New Year, where the index is cut in two
    {"mon-sun": "22:00-06:00"},
    "Europe/Madrid",
    [
        datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2027, 1, 1, tzinfo=UTC),
        datetime(2026, 12, 31, 20, 59, 59, 999_999, tzinfo=UTC),
    ],
    [timedelta(hours=8), timedelta(microseconds=1)],
)
NEW_YEAR_WEST = pin(  # 2026-12-30's shift (local) runs 8 h into UTC year 2027
    {"mon-sun": "22:00-21:00"},
    "Pacific/Pago_Pago",
    [
        datetime(2027, 1, 1, 5, 0, tzinfo=UTC),
        datetime(2026, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
        datetime(2027, 1, 1, 8, 0, tzinfo=UTC),
    ],
    [timedelta(hours=1), timedelta(hours=30)],
)
HOLIDAY_NIGHT = pin(  # Thanksgiving closes its own night shift, not Wednesday's
    {"mon-fri": "22:00-06:00"},
    "America/New_York",
    [datetime(2026, 11, 26, 3, 0), datetime(2026, 11, 26, 23, 0), datetime(2026, 11, 25, 22)],
    [timedelta(hours=4), timedelta(hours=8)],
    calendar={date(2026, 11, 26)},
)
OVERRIDE_OVERLAP = pin(  # an override's overnight shift running into the next day's hours
    {"mon-fri": "09:00-18:00"},
    "Europe/Madrid",
    [datetime(2026, 12, 23, 20, 0), datetime(2026, 12, 24, 10, 0), datetime(2026, 12, 22, 18)],
    [timedelta(hours=14), timedelta(hours=20)],
    overrides={"2026-12-23": "17:00-10:00", date(2026, 12, 24): "09:00-13:00"},
)
PINS = (
    SANTIAGO_FALL_BACK,
    SANTIAGO_SPRING_FORWARD,
    NEW_YORK_GAP,
    NEW_YORK_FOLD,
    LORD_HOWE,
    CHATHAM,
    KATHMANDU,
    NEW_YEAR_NIGHT,
    NEW_YEAR_WEST,
    HOLIDAY_NIGHT,
    OVERRIDE_OVERLAP,
)


def fewer_examples(fraction: float) -> settings:
    """The loaded profile's settings with a *fraction* of its examples, for the slowest tests
    (a union builds the index of each member as well as its own)."""
    current = settings()
    return settings(current, max_examples=max(10, int(current.max_examples * fraction)))


def pinned(test: Callable[..., None]) -> Callable[..., None]:
    """Run *test* (which takes one Scenario) on every hand-picked case as well."""
    for case in PINS:
        test = example(case)(test)
    return test
