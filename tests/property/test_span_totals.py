"""The cheap open-time total of a span of years against the full index and the literal model.

A query that crosses whole years (``elapsed``, ``add`` and ``subtract`` far ahead) counts each
year's open time from ``Timeline.span_total``: one pass over the schedule's definition, not the
years' chunks. It must be what the chunks total, to the microsecond, and what the model counts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import example, given
from hypothesis import strategies as st

from model import Model
from profiles import scaled
from slaclock import IntersectionSchedule, Interval, Recurring, Schedule, UnionSchedule, WeeklyHours
from slaclock._questions import business_day_counts, business_days
from slaclock._timeline import MAX_YEAR, MIN_YEAR, year_start
from slaclock.calendars import closed_between, has_timed_closures
from slaclock.schedule import BaseSchedule
from strategies import ZONE_NAMES, ZONES, anchors, schedules, weekly_hours

FAR_YEARS = st.integers(MIN_YEAR, MAX_YEAR)


def _twin(schedule: Schedule) -> Schedule:
    """The same schedule with a fresh, empty index."""
    return Schedule(
        schedule.hours,
        tz=schedule.tz,
        calendar=schedule.calendar,
        overrides=dict(schedule.overrides),
        naive=schedule.naive,
    )


def _chunks_total(schedule: BaseSchedule, first: int, last: int) -> int:
    return sum(schedule.timeline.chunk(year).total for year in range(first, last + 1))


@scaled(60)
@given(data=st.data(), zone=ZONE_NAMES)
def test_span_total_is_the_chunks_total_and_the_models(data: st.DataObject, zone: str) -> None:
    """Random hours, closures and overrides near a DST change or New Year: the span's
    cheap total, each year's and the chunks' agree with the model."""
    anchor = data.draw(anchors(zone))
    schedule, model = data.draw(schedules(zone, anchor))
    first = anchor.year + data.draw(st.integers(-1, 0))
    last = first + data.draw(st.integers(0, 2))
    cheap = _twin(schedule).timeline.span_total(first, last)
    per_year = _twin(schedule).timeline
    assert cheap == sum(per_year.total(year) for year in range(first, last + 1))
    assert per_year.loaded() == ()  # answered without building a year's index
    assert cheap == _chunks_total(schedule, first, last)
    if last == first:  # the model walks every date: one year is enough
        assert cheap == model.elapsed(year_start(first), year_start(last + 1))


@scaled(40)
@given(
    days=weekly_hours(),
    zone=st.sampled_from((*ZONES, "America/Sitka", "Pacific/Apia", "Antarctica/Casey")),
    first=FAR_YEARS,
    length=st.integers(0, 3),
)
@example(days=(((0, 3600),),) * 7, zone="Pacific/Apia", first=2011, length=0)  # 30 Dec skipped
@example(days=(((0, 86_400),),) * 7, zone="America/Sitka", first=1867, length=0)  # a day twice
@example(days=(((79_200, 93_600),),) * 7, zone="UTC", first=MAX_YEAR - 1, length=1)
@example(days=(((79_200, 93_600),),) * 7, zone="Asia/Tokyo", first=MIN_YEAR, length=0)
def test_span_total_in_any_years(
    days: tuple[tuple[tuple[int, int], ...], ...], zone: str, first: int, length: int
) -> None:
    """Weekly hours alone, anywhere in the supported years (LMT, historical and far-future
    rules, the first and last years)."""
    hours = WeeklyHours(tuple(tuple(Interval(a, b) for a, b in day) for day in days))
    last = min(first + length, MAX_YEAR)
    cheap = Schedule(hours, tz=zone).timeline.span_total(first, last)
    assert cheap == _chunks_total(Schedule(hours, tz=zone), first, last)


@scaled(20)
@given(
    first=st.integers(1990, 2060),
    length=st.integers(0, 3),
    offset=st.integers(-14 * 60, 14 * 60),
    closed=st.sets(st.dates(date(1989, 12, 25), date(2064, 1, 5)), max_size=30),
)
def test_span_total_with_a_calendar_asked_date_by_date(
    first: int, length: int, offset: int, closed: set[date]
) -> None:
    """A calendar that only answers ``day in calendar`` (a mapping), in a fixed-offset zone."""
    calendar = dict.fromkeys(closed, "closed")
    tz = timezone(timedelta(minutes=offset))
    hours = {"mon-fri": "09:00-18:00", "sat": "22:00-06:00"}
    cheap = Schedule(hours, tz=tz, calendar=calendar).timeline.span_total(first, first + length)
    assert cheap == _chunks_total(Schedule(hours, tz=tz, calendar=calendar), first, first + length)
    model = Model.of(Schedule(hours, tz=tz, calendar=calendar))
    if length == 0:
        assert cheap == model.elapsed(year_start(first), year_start(first + 1))


@scaled(20)
@given(data=st.data(), zone=ZONE_NAMES)
def test_elapsed_across_years_is_the_sum_over_the_index(data: st.DataObject, zone: str) -> None:
    """``elapsed`` over a few years, answered with cheap totals on a fresh schedule, is what a
    schedule whose every year is built answers."""
    anchor = data.draw(anchors(zone))
    schedule, _ = data.draw(schedules(zone, anchor))
    tz = ZoneInfo(zone)
    start = datetime.combine(anchor, datetime.min.time(), tz) - timedelta(days=400)
    end = start + timedelta(days=data.draw(st.integers(800, 2000)))
    built = _twin(schedule)
    for year in range(start.year - 1, end.year + 2):
        built.timeline.chunk(year)
    assert _twin(schedule).elapsed(start, end) == built.elapsed(start, end)


RULES = (
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;INTERVAL=7;BYMONTHDAY=29,30,31",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=YEARLY;INTERVAL=3;BYWEEKNO=1;BYDAY=SU",
    "FREQ=DAILY;INTERVAL=11",
    "FREQ=MONTHLY;BYSETPOS=1,-1;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;BYDAY=SA;UNTIL=22220101T000000",
)


@scaled(12)
@given(
    rule=st.sampled_from(RULES),
    start=st.datetimes(datetime(1990, 1, 1), datetime(2030, 12, 31)),
    year=st.integers(1980, 2700),
)
def test_a_recurrence_far_from_its_start_is_its_first_cycle_moved(
    rule: str, start: datetime, year: int
) -> None:
    """A year more than 50 after a rule's start is its first cycle's year moved by whole
    cycles: the same dates as expanding the rule from its start (slow, done here)."""
    fast = Recurring(rrulestr(rule, dtstart=start))
    slow = Recurring(rrulestr(rule, dtstart=start))
    first, last = date(year, 1, 1), date(year, 12, 31)
    expanded = frozenset(
        moment.date()
        for moment in slow.rule.between(
            datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True
        )
    )
    assert closed_between(fast, first, last) == expanded


def _relative(schedule: Schedule, year: int) -> tuple[list[int], list[int]]:
    """A year's open periods measured from the year's start."""
    chunk = schedule.timeline.chunk(year)
    return [start - chunk.lo for start in chunk.starts], [end - chunk.lo for end in chunk.ends]


@scaled(15)
@given(data=st.data(), zone=ZONE_NAMES, spread=st.sampled_from((28, 56, 400)))
def test_years_of_one_shape_have_the_same_periods_moved(
    data: st.DataObject, zone: str, spread: int
) -> None:
    """A union or an intersection counts the years between far instants by the shapes of its
    members' years: two years of one shape must hold the same open periods, moved by the
    distance between their New Years. Random hours, closures and overrides in a test zone,
    over years that repeat the weekday of New Year and leap years (28 and 400 years apart)
    and the zone's changing rules in between."""
    anchor = data.draw(anchors(zone))
    schedule, _ = data.draw(schedules(zone, anchor))
    first = anchor.year - spread
    shapes = schedule.year_shapes(first, anchor.year + spread)
    if has_timed_closures(schedule.calendar):  # each year's chunk is built: no shapes
        assert shapes is None
        return
    assert shapes is not None
    seen: dict[object, int] = {}
    compared = 0
    for year, shape in enumerate(shapes, start=first):
        if shape in seen and compared < 6:
            assert _relative(schedule, year) == _relative(schedule, seen[shape]), (
                year,
                seen[shape],
            )
            compared += 1
        seen.setdefault(shape, year)
    assert compared or spread < 400  # local mean time before 1850 repeats every 28 years


@scaled(10)
@given(data=st.data(), zones=st.lists(ZONE_NAMES, min_size=2, max_size=2, unique=True))
def test_a_union_and_an_intersection_count_far_years_as_their_chunks(
    data: st.DataObject, zones: list[str]
) -> None:
    """The cheap totals of a union and an intersection of two random schedules, over years
    around the members' closures and overrides, are their chunks' totals."""
    anchor = data.draw(anchors(zones[0]))
    first_member, _ = data.draw(schedules(zones[0], anchor))
    second_member, _ = data.draw(schedules(zones[1], anchor))
    first = anchor.year - data.draw(st.integers(0, 30))
    last = anchor.year + data.draw(st.integers(0, 2))
    for combine in (UnionSchedule, IntersectionSchedule):
        cheap = combine(_twin(first_member), _twin(second_member)).timeline
        built = combine(_twin(first_member), _twin(second_member))
        assert cheap.span_total(first, last) == _chunks_total(built, first, last)


@scaled(12)
@given(data=st.data(), zone=ZONE_NAMES, spread=st.sampled_from((30, 400)))
def test_business_days_counted_by_shapes_are_the_listed_ones(
    data: st.DataObject, zone: str, spread: int
) -> None:
    """``add_days`` and ``days_between`` cross local years by their counts of business days,
    one year's list built per shape of the UTC years around it: every count is the length
    of the year's list, built on a twin."""
    anchor = data.draw(anchors(zone))
    schedule, _ = data.draw(schedules(zone, anchor))
    first, last = anchor.year - spread, anchor.year + 2
    counts = business_day_counts(schedule.timeline, schedule.tz, first, last)
    twin = _twin(schedule)
    years = sorted({first, last, *data.draw(st.lists(st.integers(first, last), max_size=6))})
    for year in years:
        assert counts[year - first] == len(business_days(twin.timeline, twin.tz, year)), year
