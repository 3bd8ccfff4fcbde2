"""Properties of SLA policies: deadlines, priorities and escalation thresholds.

Strategies are local to this file. Every comparison of instants is made in UTC (or on integer
microseconds): aware datetimes that share a ``tzinfo`` compare by wall clock, which is wrong
across DST changes.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from slaclock import (
    BusinessDays,
    Policy,
    Schedule,
    Target,
    Threshold,
    country_calendar,
)

U = timedelta(microseconds=1)
HOUR_US = 3_600_000_000
FIRST = datetime(2026, 1, 1, tzinfo=UTC)
LAST = datetime(2028, 1, 1, tzinfo=UTC)
SPAN_US = (LAST - FIRST) // U

SCHEDULES: dict[str, Schedule] = {
    # Office hours with Florida's holidays and a half day.
    "miami": Schedule(
        {"mon-fri": "09:00-18:00"},
        tz="America/New_York",
        calendar=country_calendar("US", subdiv="FL"),
        overrides={"2026-12-24": "09:00-13:00", "2027-12-24": "09:00-13:00"},
    ),
    # A split day with Argentina's holidays.
    "buenos-aires": Schedule(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
        tz="America/Argentina/Buenos_Aires",
        calendar=country_calendar("AR"),
    ),
    # Around the clock, across New York's DST changes.
    "24x7": Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York"),
    # Night shifts in a zone whose DST changes at midnight, plus Saturday mornings.
    "santiago-nights": Schedule(
        {"mon-fri": "22:00-06:00", "sat": "10:00-14:00"}, tz="America/Santiago"
    ),
    # Hours across Lord Howe's 30-minute DST change (02:00).
    "lord-howe": Schedule({"mon-sun": "01:00-03:00"}, tz="Australia/Lord_Howe"),
}
NAMES = tuple(SCHEDULES)
EDGES = (time(0), time(1), time(2), time(3), time(6), time(9), time(10), time(13), time(14))
EDGES += (time(18), time(22), time(23, 59, 59, 999_999))


@functools.cache
def transitions(zone: str) -> tuple[datetime, ...]:
    """The UTC instants (to the hour) at which *zone*'s offset changes in 2026-2027."""
    tz = ZoneInfo(zone)
    found = []
    moment = FIRST
    offset = moment.astimezone(tz).utcoffset()
    while moment < LAST:
        moment += timedelta(minutes=30)
        now = moment.astimezone(tz).utcoffset()
        if now != offset:
            found.append(moment)
            offset = now
    return tuple(found)


@st.composite
def instants(draw: st.DrawFn, name: str) -> datetime:
    """A UTC instant: anywhere in 2026-2027, at a local opening/closing/midnight (and 1 µs
    either side), or near one of the zone's DST changes."""
    tz = SCHEDULES[name].tz
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return FIRST + U * draw(st.integers(0, SPAN_US - 1))
    if kind == 1:
        day = draw(st.dates(date(2026, 1, 1), date(2027, 12, 30)))
        wall = datetime.combine(day, draw(st.sampled_from(EDGES))).replace(tzinfo=tz)
        return wall.astimezone(UTC) + U * draw(st.sampled_from((-1, 0, 1)))
    changes = transitions(str(tz)) or (FIRST,)
    near = draw(st.sampled_from(changes))
    return near + U * draw(st.integers(-30 * HOUR_US, 6 * HOUR_US))


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, datetime]:
    name = draw(st.sampled_from(NAMES))
    return name, draw(instants(name))


business_amounts = st.one_of(
    st.integers(1, 120 * HOUR_US),
    st.integers(1, 48).map(lambda h: h * HOUR_US),
    st.integers(1, 5),
)
calendar_amounts = st.integers(1, 72 * HOUR_US)


@st.composite
def targets(draw: st.DrawFn, kind: str | None = None) -> Target:
    """A target of a positive amount: business time, calendar time or business days."""
    kind = kind or draw(st.sampled_from(("business", "calendar", "days")))
    if kind == "days":
        return Target(BusinessDays(draw(st.integers(0, 12))))
    micros = draw(business_amounts if kind == "business" else calendar_amounts)
    return Target(U * micros, "business" if kind == "business" else "calendar")


percents = st.one_of(
    st.integers(1, 300).map(Fraction),
    st.fractions(min_value=Fraction(1, 10**6), max_value=300, max_denominator=10**6),
)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def policy_for(name: str, targets_by_priority: dict[str, object], **kwargs: object) -> Policy:
    """A policy whose plan *name* has the given response targets, among other plans."""
    others = {other: SCHEDULES[other] for other in NAMES if other != name}
    return Policy(
        SCHEDULES[name],
        targets=targets_by_priority,  # type: ignore[arg-type]
        default_plan=name,
        plans=others,
        **kwargs,  # type: ignore[arg-type]
    )


def is_open_or_period_end(schedule: Schedule, moment: datetime) -> bool:
    if schedule.is_open(moment):
        return True
    before = utc(moment) - U
    return schedule.is_open(before)


# -- priorities ---------------------------------------------------------------------------------


@given(
    case=cases(),
    kind=st.sampled_from(("business", "calendar", "days")),
    amounts=st.lists(st.integers(0, 80 * HOUR_US), min_size=2, max_size=4),
    days=st.lists(st.integers(0, 12), min_size=2, max_size=4),
)
def test_a_higher_priority_with_smaller_targets_is_never_due_later(
    case: tuple[str, datetime], kind: str, amounts: list[int], days: list[int]
) -> None:
    name, submitted = case
    if kind == "days":
        ranked = [Target(BusinessDays(n)) for n in sorted(days)]
    else:
        ranked = [Target(U * micros, kind) for micros in sorted(amounts)]  # type: ignore[arg-type]
    names = [f"p{index}" for index in range(1, len(ranked) + 1)]
    policy = policy_for(name, dict(zip(names, ranked, strict=True)))
    assert policy.priorities == tuple(names)
    due = [utc(policy.deadline(priority, submitted, plan=name)) for priority in names]
    assert due == sorted(due)


# -- deadlines -----------------------------------------------------------------------------------


@given(
    case=cases(),
    micros=st.one_of(st.just(0), business_amounts),
    metric=st.sampled_from(("response", "update", "resolution")),
)
def test_business_deadline_is_schedule_add(
    case: tuple[str, datetime], micros: int, metric: str
) -> None:
    name, submitted = case
    # The plan is named explicitly; the policy's default plan is another one.
    default = "miami" if name != "miami" else "24x7"
    policy = policy_for(default, {metric: {"high": U * micros}})  # type: ignore[dict-item]
    due = policy.deadline("high", submitted, metric=metric, plan=name)
    expected = SCHEDULES[name].add(submitted, U * micros)
    assert utc(due) == utc(expected)
    assert str(due) == str(expected)  # same zone, same offset: the plan's zone


@given(case=cases(), micros=calendar_amounts)
@example(case=("24x7", datetime(2026, 11, 1, 3, 0, tzinfo=UTC)), micros=4 * HOUR_US)
@example(case=("miami", datetime(2026, 3, 8, 4, 0, tzinfo=UTC)), micros=4 * HOUR_US)
@example(case=("24x7", datetime(2026, 11, 1, 6, 30, tzinfo=UTC)), micros=HOUR_US // 6)
def test_calendar_deadline_is_real_time_from_submission(
    case: tuple[str, datetime], micros: int
) -> None:
    name, submitted = case
    policy = policy_for(name, {"high": Target(U * micros, "calendar")})
    due = policy.deadline("high", submitted)
    assert utc(due) - submitted == U * micros


# -- escalation thresholds ------------------------------------------------------------------------


@given(
    case=cases(),
    target=targets(),
    shares=st.lists(percents, min_size=1, max_size=6, unique=True),
)
def test_escalations_are_monotone_in_the_percentage(
    case: tuple[str, datetime], target: Target, shares: list[Fraction]
) -> None:
    name, submitted = case
    thresholds = [Threshold(share, level=index) for index, share in enumerate(shares)]
    policy = policy_for(name, {"high": target}, thresholds=thresholds)
    fired = policy.escalations("high", submitted)
    assert [threshold.percent for threshold, _ in fired] == sorted(shares)
    moments = [utc(moment) for _, moment in fired]
    assert moments == sorted(moments)
    # Nothing fires before submission.
    assert all(moment >= submitted for moment in moments)


@given(
    case=cases(),
    target=targets(),
    shares=st.lists(percents, max_size=4, unique=True),
)
def test_the_100_percent_threshold_fires_at_the_deadline(
    case: tuple[str, datetime], target: Target, shares: list[Fraction]
) -> None:
    name, submitted = case
    thresholds = [Threshold(share) for share in {*shares, Fraction(100)}]
    policy = policy_for(name, {"high": target}, thresholds=thresholds)
    at_100 = {t.percent: moment for t, moment in policy.escalations("high", submitted)}[100]
    assert utc(at_100) == utc(policy.deadline("high", submitted))


@given(
    case=cases(),
    target=st.one_of(targets("business"), targets("days")),
    share=percents,
)
def test_business_thresholds_fire_in_open_time_or_at_a_period_end(
    case: tuple[str, datetime], target: Target, share: Fraction
) -> None:
    name, submitted = case
    schedule = SCHEDULES[name]
    policy = policy_for(name, {"high": target}, thresholds=[Threshold(share)])
    ((_, moment),) = policy.escalations("high", submitted)
    assert is_open_or_period_end(schedule, moment), (name, str(moment))


def _used(schedule: Schedule, submitted: datetime, moment: datetime) -> int:
    """Microseconds of business time used from *submitted* to *moment* (0 before it)."""
    return max(0, schedule.elapsed(submitted, moment) // U)


@given(
    case=cases(),
    target=st.one_of(targets("business"), targets("days")),
    share=percents,
)
def test_business_thresholds_fire_at_the_first_microsecond(
    case: tuple[str, datetime], target: Target, share: Fraction
) -> None:
    name, submitted = case
    schedule = SCHEDULES[name]
    policy = policy_for(name, {"high": target}, thresholds=[Threshold(share)])
    ((_, moment),) = policy.escalations("high", submitted)
    if isinstance(target.amount, BusinessDays):
        whole = schedule.elapsed(submitted, policy.deadline("high", submitted)) // U
    else:
        whole = target.amount // U
    wanted = Fraction(whole) * share / 100
    # At the instant, at least p % is used; one microsecond earlier, less.
    assert _used(schedule, submitted, moment) >= wanted
    assert _used(schedule, submitted, utc(moment) - U) < wanted


@given(case=cases(), micros=calendar_amounts, share=percents)
@example(
    case=("24x7", datetime(2026, 11, 1, 3, 0, tzinfo=UTC)),
    micros=4 * HOUR_US,
    share=Fraction(100),
)
def test_calendar_thresholds_fire_at_the_first_microsecond_of_real_time(
    case: tuple[str, datetime], micros: int, share: Fraction
) -> None:
    name, submitted = case
    policy = policy_for(
        name, {"high": Target(U * micros, "calendar")}, thresholds=[Threshold(share)]
    )
    ((_, moment),) = policy.escalations("high", submitted)
    used = (utc(moment) - submitted) // U
    wanted = Fraction(micros) * share / 100
    assert used >= wanted
    assert used - 1 < wanted
