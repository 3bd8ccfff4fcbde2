"""SLA policies: targets per priority, metric and plan; aliases; business days; thresholds.

Every expected instant below is worked out by hand from the calendar, with the reasoning in
a comment next to it; none is computed by calling slaclock (a few tests also check that the
deadline agrees with ``Schedule.add``, as a second opinion). Instants are compared as text
(``str(datetime)``), which shows the UTC offset, so two wall times an hour apart across a
DST change never compare equal by accident.

Calendars used (2026 unless said otherwise):

* November 2026: Mon 16, Fri 20, Sat 21, Mon 23, Wed 25, Thu 26 (Thanksgiving), Fri 27
  (Friday after Thanksgiving, a Florida holiday), Mon 30.
* December 2026: Mon 21, Thu 24, Fri 25 (Christmas), Mon 28, Wed 30, Thu 31; January 2027:
  Fri 1 (New Year), Mon 4.
* America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from slaclock import (
    BusinessDays,
    InvalidDatetimeError,
    InvalidDurationError,
    InvalidPolicyError,
    Plan,
    Policy,
    Schedule,
    Target,
    Threshold,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    country_calendar,
    default_policy,
)
from slaclock.config import load_policy

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
NY = ZoneInfo("America/New_York")
US = timedelta(microseconds=1)

# Miami office: Mon-Fri 09:00-18:00 New York time, closed on Florida's holidays, a half day
# (09:00-13:00) on Christmas Eve 2026.
OFFICE = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
    overrides={"2026-12-24": "09:00-13:00"},
)
ALWAYS = Schedule({"mon-sun": "00:00-24:00"}, tz="America/New_York")
# Night shift: Mon-Fri 22:00 to 06:00 the next morning (Friday's shift ends Saturday 06:00).
NIGHTS = Schedule({"mon-fri": "22:00-06:00"}, tz="America/New_York")


def show(moment: datetime) -> str:
    return str(moment)


def single(target: str | timedelta | Target, schedule: Schedule = OFFICE) -> Policy:
    """A policy with one priority, ``high``, whose response target is *target*."""
    return Policy(schedule, targets={"high": target})


def message(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    return str(excinfo.value)


# -- the example policy files -------------------------------------------------------------------


@pytest.fixture(scope="module")
def latam() -> Policy:
    return load_policy(EXAMPLES / "latam-desk.toml")


@pytest.fixture(scope="module")
def miami() -> Policy:
    return load_policy(EXAMPLES / "miami-desk.toml")


# latam-desk.toml, zone America/Argentina/Buenos_Aires (-03:00 all year, no DST).
#
# Plan "estandar" (the default): Mon-Fri 09:00-13:00 and 14:00-18:00 (8 h a day), AR holidays,
# closed 2026-12-31, closed every 24 December (recurring), 2026-12-30 only 09:00-13:00.
# Submitted Wed 2026-12-23 16:00: 2 h left that day (16-18). Then Thu 24 closed (Nochebuena),
# Fri 25 closed (Christmas), weekend; Mon 28 8 h; Tue 29 8 h; Wed 30 4 h (half day);
# Thu 31 closed; Fri 2027-01-01 closed (New Year); weekend; Mon 2027-01-04 8 h; then every
# weekday 8 h (no AR holiday until Carnival on 2027-02-08).
#   response high 4h: 2 h on the 23rd, 2 h more: Mon 28 09:00 + 2 h = 11:00.
#   response medium 12h: 2 + 8 (Mon 28) = 10, 2 h more: Tue 29 11:00.
#   response low 24h: 2 + 8 + 8 + 4 = 22, 2 h more: Mon 2027-01-04 11:00.
#   update high 8h: 2 h, then Mon 28 09-13 (4 h) = 6, then 2 h after 14:00: Mon 28 16:00.
#   update medium 24h: as response low: Mon 2027-01-04 11:00.
#   update low 2bd: counting starts Wed 23 (open at 16:00); business days after it: Mon 28 (1),
#     Tue 29 (2): close of business Tue 29 18:00.
#   resolution high 2bd: the same, Tue 29 18:00.
#   resolution medium 5bd: Mon 28 (1), Tue 29 (2), Wed 30 (3, half day), Mon Jan 4 (4),
#     Tue Jan 5 (5): 2027-01-05 18:00.
#   resolution low 10bd: ... Tue Jan 5 (5), Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 (10):
#     2027-01-12 18:00.
#
# Plan "extendido": Mon-Fri 08:00-20:00 (12 h), Sat 09:00-13:00 (4 h), AR holidays only (24 Dec,
# 30 Dec and 31 Dec are ordinary days), its own response target high = 2h.
# Submitted Wed 2026-12-23 16:00: 4 h left that day (16-20). Thu 24 12 h; Fri 25 closed;
# Sat 26 4 h; Mon 28, Tue 29, Wed 30, Thu 31 12 h each; Fri Jan 1 closed; Sat Jan 2 4 h;
# Mon Jan 4 ...
#   response high 2h (the plan's own): Wed 23 18:00.
#   response medium 12h: 4 h, then 8 h from Thu 24 08:00: 16:00.
#   response low 24h: 4 + 12 (Thu 24) + 4 (Sat 26) = 20, 4 h more: Mon 28 12:00.
#   update high 8h: 4 h, then 4 h from Thu 24 08:00: 12:00.
#   update medium 24h: as response low: Mon 28 12:00.
#   update low 2bd: Thu 24 (1), Sat 26 (2, a business day: it has open time): Sat 13:00.
#   resolution high 2bd: Sat 26 13:00.
#   resolution medium 5bd: Thu 24, Sat 26, Mon 28, Tue 29, Wed 30 (5): Wed 30 20:00.
#   resolution low 10bd: ... Wed 30 (5), Thu 31 (6), Sat Jan 2 (7), Mon 4 (8), Tue 5 (9),
#     Wed 6 (10): 2027-01-06 20:00.
LATAM_EVERY_COMBINATION = [
    ("estandar", "response", "high", "2026-12-28 11:00:00-03:00"),
    ("estandar", "response", "medium", "2026-12-29 11:00:00-03:00"),
    ("estandar", "response", "low", "2027-01-04 11:00:00-03:00"),
    ("estandar", "update", "high", "2026-12-28 16:00:00-03:00"),
    ("estandar", "update", "medium", "2027-01-04 11:00:00-03:00"),
    ("estandar", "update", "low", "2026-12-29 18:00:00-03:00"),
    ("estandar", "resolution", "high", "2026-12-29 18:00:00-03:00"),
    ("estandar", "resolution", "medium", "2027-01-05 18:00:00-03:00"),
    ("estandar", "resolution", "low", "2027-01-12 18:00:00-03:00"),
    ("extendido", "response", "high", "2026-12-23 18:00:00-03:00"),
    ("extendido", "response", "medium", "2026-12-24 16:00:00-03:00"),
    ("extendido", "response", "low", "2026-12-28 12:00:00-03:00"),
    ("extendido", "update", "high", "2026-12-24 12:00:00-03:00"),
    ("extendido", "update", "medium", "2026-12-28 12:00:00-03:00"),
    ("extendido", "update", "low", "2026-12-26 13:00:00-03:00"),
    ("extendido", "resolution", "high", "2026-12-26 13:00:00-03:00"),
    ("extendido", "resolution", "medium", "2026-12-30 20:00:00-03:00"),
    ("extendido", "resolution", "low", "2027-01-06 20:00:00-03:00"),
]


@pytest.mark.parametrize(("plan", "metric", "priority", "expected"), LATAM_EVERY_COMBINATION)
def test_latam_every_priority_metric_and_plan(
    latam: Policy, plan: str, metric: str, priority: str, expected: str
) -> None:
    due = latam.deadline(priority, "2026-12-23 16:00", metric=metric, plan=plan)
    assert show(due) == expected


@pytest.mark.parametrize(
    ("submitted", "priority", "metric", "expected"),
    [
        # Monday 28, 12:00: 1 h before lunch (12-13), 3 h after it (14-17).
        ("2026-12-28 12:00", "alta", "response", "2026-12-28 17:00:00-03:00"),
        # During the lunch break: counting starts at 14:00, 4 h later is the closing, 18:00.
        ("2026-12-28 13:30", "alta", "response", "2026-12-28 18:00:00-03:00"),
        # On the company closure (Thu 31) counting starts Mon 2027-01-04 09:00; 4 h = 13:00.
        ("2026-12-31 10:00", "p1", "response", "2027-01-04 13:00:00-03:00"),
        # 2bd from Mon 28: Tue 29 (1), Wed 30 (2): the half day closes at 13:00.
        ("2026-12-28 10:00", "high", "resolution", "2026-12-30 13:00:00-03:00"),
        # Submitted on Nochebuena (recurring closure): counting starts Mon 28; Tue 29 (1),
        # Wed 30 (2, half day): 13:00.
        ("2026-12-24 10:00", "Alta", "resolution", "2026-12-30 13:00:00-03:00"),
        # "baja" update is 2bd; from Saturday 26 counting starts Mon 28; Tue 29 (1),
        # Wed 30 (2, half day): 13:00.
        ("2026-12-26 11:00", "baja", "update", "2026-12-30 13:00:00-03:00"),
    ],
)
def test_latam_standard_plan_closures_and_half_day(
    latam: Policy, submitted: str, priority: str, metric: str, expected: str
) -> None:
    assert show(latam.deadline(priority, submitted, metric=metric)) == expected


def test_latam_names_plans_and_aliases(latam: Policy) -> None:
    assert latam.priorities == ("high", "medium", "low")
    assert latam.default_plan == "estandar"
    assert list(latam.plans) == ["estandar", "extendido"]
    assert latam.aliases == {
        "alta": "high",
        "media": "medium",
        "baja": "low",
        "p1": "high",
        "p2": "medium",
        "p3": "low",
    }
    # The default plan, asked for by name or left out, is the same.
    assert show(latam.deadline("high", "2026-12-23 16:00", plan="ESTANDAR")) == show(
        latam.deadline("high", "2026-12-23 16:00")
    )
    # The extended plan overrides only response/high; the other priorities fall back.
    assert str(latam.target("high", plan="extendido")) == "2h"
    assert str(latam.target("medium", plan="extendido")) == "12h"
    assert str(latam.target("low", "resolution", plan="extendido")) == "10bd"


def test_latam_escalations(latam: Policy) -> None:
    # estandar, high response (4h) from Wed 23 16:00: 2 h on the 23rd.
    # 75 % = 3 h: 1 h more, Mon 28 10:00. 100 % = 4 h: 11:00. 150 % = 6 h: 4 h more after
    # the 23rd, i.e. the whole morning of Mon 28, fired at 13:00 exactly (a closing, not 14:00).
    fired = latam.escalations("alta", "2026-12-23 16:00")
    assert [(t.name, t.level, t.percent, show(at)) for t, at in fired] == [
        ("aviso", 0, 75, "2026-12-28 10:00:00-03:00"),
        ("escalar a nivel 2", 2, 100, "2026-12-28 11:00:00-03:00"),
        ("escalar a nivel 3", 3, 150, "2026-12-28 13:00:00-03:00"),
    ]
    # extendido, high response 2h from Wed 23 16:00 (open until 20:00): 16:00 + 1h30m, + 2h,
    # + 3h.
    fired = latam.escalations("high", "2026-12-23 16:00", plan="extendido")
    assert [show(at) for _, at in fired] == [
        "2026-12-23 17:30:00-03:00",
        "2026-12-23 18:00:00-03:00",
        "2026-12-23 19:00:00-03:00",
    ]
    # Thresholds are set for the response metric only.
    assert latam.escalations("high", "2026-12-23 16:00", metric="update") == []
    assert latam.escalations("low", "2026-12-23 16:00", metric="resolution") == []


# miami-desk.toml, zone America/New_York.
#
# Plan "standard" (default): Mon-Fri 09:00-18:00, US-FL holidays, 2026-12-24 09:00-13:00.
# Submitted Wed 2026-11-25 16:00 EST: 2 h left that day. Thu 26 and Fri 27 are holidays,
# then the weekend; Mon 30 9 h; Tue Dec 1 9 h; Wed Dec 2 9 h; ...
#   response high 4h: 2 h, then Mon 30 09:00 + 2 h = 11:00.
#   response medium 12h: 2 + 9 (Mon 30) = 11, 1 h more: Tue Dec 1 10:00.
#   response low 24h: 2 + 9 + 9 = 20, 4 h more: Wed Dec 2 13:00.
#   resolution high 3bd: counting starts Wed 25; Mon 30 (1), Tue 1 (2), Wed 2 (3): 18:00.
#   resolution medium 5bd: ... Thu 3 (4), Fri 4 (5): Fri Dec 4 18:00.
#   resolution low 10bd: ... Mon 7 (6), Tue 8, Wed 9, Thu 10, Fri 11 (10): Fri Dec 11 18:00.
#   no update targets at all.
#
# Plan "24x7": 00:00-24:00 every day, no holidays; its own response targets are calendar time
# (1h / 4h / 8h calendar); resolution falls back to the business days above, counted on the
# 24x7 schedule, where every date is a business day and closes at the next midnight.
# Submitted Sat 2026-11-21 03:00 EST (no DST change nearby):
#   response: 04:00, 07:00, 11:00 on Sat 21.
#   resolution high 3bd: counting starts Sat 21; Sun 22 (1), Mon 23 (2), Tue 24 (3): its close of
#     business is midnight, Wed 25 00:00.
#   resolution medium 5bd: Wed 25 (4), Thu 26 (5, not a holiday on this plan): Fri 27 00:00.
#   resolution low 10bd: Fri 27 (6), Sat 28, Sun 29, Mon 30, Tue Dec 1 (10): Wed Dec 2 00:00.
MIAMI_EVERY_COMBINATION = [
    ("standard", "2026-11-25 16:00", "response", "high", "2026-11-30 11:00:00-05:00"),
    ("standard", "2026-11-25 16:00", "response", "medium", "2026-12-01 10:00:00-05:00"),
    ("standard", "2026-11-25 16:00", "response", "low", "2026-12-02 13:00:00-05:00"),
    ("standard", "2026-11-25 16:00", "resolution", "high", "2026-12-02 18:00:00-05:00"),
    ("standard", "2026-11-25 16:00", "resolution", "medium", "2026-12-04 18:00:00-05:00"),
    ("standard", "2026-11-25 16:00", "resolution", "low", "2026-12-11 18:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "response", "high", "2026-11-21 04:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "response", "medium", "2026-11-21 07:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "response", "low", "2026-11-21 11:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "resolution", "high", "2026-11-25 00:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "resolution", "medium", "2026-11-27 00:00:00-05:00"),
    ("24x7", "2026-11-21 03:00", "resolution", "low", "2026-12-02 00:00:00-05:00"),
]


@pytest.mark.parametrize(
    ("plan", "submitted", "metric", "priority", "expected"), MIAMI_EVERY_COMBINATION
)
def test_miami_every_priority_metric_and_plan(
    miami: Policy, plan: str, submitted: str, metric: str, priority: str, expected: str
) -> None:
    assert show(miami.deadline(priority, submitted, metric=metric, plan=plan)) == expected


@pytest.mark.parametrize("plan", ["standard", "24x7"])
@pytest.mark.parametrize("priority", ["high", "medium", "low"])
def test_miami_has_no_update_targets(miami: Policy, plan: str, priority: str) -> None:
    with pytest.raises(UnknownMetricError) as excinfo:
        miami.deadline(priority, "2026-11-25 16:00", metric="update", plan=plan)
    assert message(excinfo) == (
        f"no update target for priority {priority!r} in plan {plan!r}: "
        f"targets are set for resolution, response"
    )


@pytest.mark.parametrize(
    ("submitted", "priority", "metric", "expected"),
    [
        # Christmas Eve half day: 11-13 is 2 h; Fri 25 closed; weekend; Mon 28 09:00 + 2 h.
        ("2026-12-24 11:00", "critical", "response", "2026-12-28 11:00:00-05:00"),
        # 3bd from Mon Dec 21: Tue 22 (1), Wed 23 (2), Thu 24 (3, half day): closes 13:00.
        ("2026-12-21 10:00", "urgent", "resolution", "2026-12-24 13:00:00-05:00"),
        # The same instant written in UTC (15:00Z = 10:00 EST) gives the same deadline.
        ("2026-12-21T15:00:00Z", "high", "resolution", "2026-12-24 13:00:00-05:00"),
        # Submitted on Thanksgiving: counting starts Mon 30 09:00; 12 h = 9 (Mon) + 3 (Tue 1).
        ("2026-11-26 10:00", "normal", "response", "2026-12-01 12:00:00-05:00"),
    ],
)
def test_miami_aliases_half_day_and_holidays(
    miami: Policy, submitted: str, priority: str, metric: str, expected: str
) -> None:
    assert show(miami.deadline(priority, submitted, metric=metric)) == expected


def test_miami_escalations(miami: Policy) -> None:
    # standard, high response 4h from Wed Nov 25 16:00: 2 h that day, then Mon 30.
    # 75 % = 3 h: Mon 30 10:00; 100 %: 11:00; 150 % = 6 h: Mon 30 13:00. Never Thanksgiving,
    # never the weekend.
    fired = miami.escalations("high", "2026-11-25 16:00")
    assert [(t.name, t.level, show(at)) for t, at in fired] == [
        ("warn", 0, "2026-11-30 10:00:00-05:00"),
        ("level 2", 2, "2026-11-30 11:00:00-05:00"),
        ("level 3", 3, "2026-11-30 13:00:00-05:00"),
    ]
    # 24x7, high response "1h calendar" from Sat Nov 21 03:00: calendar time does fire at
    # 3 a.m. on a weekend: 03:45, 04:00, 04:30.
    fired = miami.escalations("high", "2026-11-21 03:00", plan="24x7")
    assert [show(at) for _, at in fired] == [
        "2026-11-21 03:45:00-05:00",
        "2026-11-21 04:00:00-05:00",
        "2026-11-21 04:30:00-05:00",
    ]
    # resolution has a single threshold, at 100 %: the deadline itself (3bd: Wed Dec 2 18:00).
    fired = miami.escalations("high", "2026-11-25 16:00", metric="resolution")
    assert [(t, show(at)) for t, at in fired] == [
        (Threshold(100, level=2), "2026-12-02 18:00:00-05:00")
    ]
    with pytest.raises(UnknownMetricError, match="no update target for priority 'high'"):
        miami.escalations("high", "2026-11-25 16:00", metric="update")


# -- priorities, aliases, plans and metrics by name -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("high", "high"),
        ("HIGH", "high"),
        ("High", "high"),
        ("  medium ", "medium"),
        ("Alta", "high"),
        ("ALTA", "high"),
        ("P1", "high"),
        ("p2", "medium"),
        ("P3", "low"),
        ("critical", "high"),
        ("Critical", "high"),
        ("media", "medium"),
        ("BAJA", "low"),
    ],
)
def test_default_policy_priority_names_and_aliases(name: str, canonical: str) -> None:
    policy = default_policy()
    assert policy.priority(name) == canonical
    # An alias gives exactly the deadline of its priority.
    assert show(policy.deadline(name, "2026-11-20 16:00")) == show(
        policy.deadline(canonical, "2026-11-20 16:00")
    )


def test_custom_aliases_are_case_insensitive_both_ways() -> None:
    policy = Policy(
        OFFICE,
        targets={"High": "4h", "LOW": "24h"},
        aliases={"Urgente": "HIGH", " sev3 ": "low"},
    )
    assert policy.priorities == ("high", "low")
    assert policy.aliases == {"urgente": "high", "sev3": "low"}
    assert policy.priority("URGENTE") == "high"
    assert policy.priority("Sev3") == "low"
    # Fri Nov 20 16:00 + 4 h: 2 h Friday, 2 h Monday: Mon Nov 23 11:00.
    assert show(policy.deadline("urgente", "2026-11-20 16:00")) == "2026-11-23 11:00:00-05:00"


def test_unknown_priority_lists_priorities_and_aliases() -> None:
    with pytest.raises(UnknownPriorityError) as excinfo:
        default_policy().deadline("blocker", "2026-11-20 16:00")
    assert message(excinfo) == (
        "unknown priority 'blocker': expected one of high, medium, low "
        "(or an alias: alta, baja, critical, media, p1, p2, p3)"
    )
    assert isinstance(excinfo.value, ValueError)


def test_unknown_priority_without_aliases() -> None:
    policy = Policy(OFFICE, targets={"high": "4h", "low": "24h"})
    with pytest.raises(UnknownPriorityError) as excinfo:
        policy.priority("urgent")
    assert message(excinfo) == "unknown priority 'urgent': expected one of high, low"
    with pytest.raises(UnknownPriorityError, match=r"^unknown priority 5: expected one of"):
        policy.priority(5)  # type: ignore[arg-type]
    with pytest.raises(UnknownPriorityError, match=r"^unknown priority '': expected one of"):
        policy.deadline("", "2026-11-20 16:00")


def test_plans_by_name_case_insensitive_and_unknown_plan(miami: Policy) -> None:
    assert miami.plan("24X7").name == "24x7"
    assert miami.plan().name == "standard"
    assert show(miami.deadline("high", "2026-11-21 03:00", plan=" 24x7 ")) == (
        "2026-11-21 04:00:00-05:00"
    )
    with pytest.raises(UnknownPlanError) as excinfo:
        miami.deadline("high", "2026-11-21 03:00", plan="gold")
    assert message(excinfo) == "unknown plan 'gold': expected one of standard, 24x7"


def test_unknown_metric() -> None:
    policy = default_policy()
    with pytest.raises(UnknownMetricError) as excinfo:
        policy.deadline("high", "2026-11-20 16:00", metric="speed")
    assert message(excinfo) == (
        "unknown metric 'speed': expected one of response, update, resolution"
    )
    with pytest.raises(UnknownMetricError, match=r"^unknown metric 'speed'"):
        policy.escalations("high", "2026-11-20 16:00", metric="speed")
    with pytest.raises(UnknownMetricError, match=r"^unknown metric 'speed'"):
        policy.thresholds("speed")
    # A known metric without any target for the priority names the metrics that have one.
    with pytest.raises(UnknownMetricError) as excinfo:
        policy.deadline("high", "2026-11-20 16:00", metric="resolution")
    assert message(excinfo) == (
        "no resolution target for priority 'high' in plan 'standard': targets are set for response"
    )


def test_metric_names_are_case_insensitive() -> None:
    policy = Policy(OFFICE, targets={"resolution": {"high": "1bd"}})
    # 1bd from Mon Nov 16 10:00: Tue 17 (1) closes at 18:00.
    for metric in ("resolution", "Resolution", " RESOLUTION "):
        assert show(policy.deadline("high", "2026-11-16 10:00", metric=metric)) == (
            "2026-11-17 18:00:00-05:00"
        )


def test_priorities_rank_in_the_order_first_named() -> None:
    policy = Policy(
        OFFICE,
        targets={
            "response": {"urgent": "1h", "high": "4h"},
            "resolution": {"high": "2bd", "low": "10bd", "urgent": "1bd"},
        },
    )
    assert policy.priorities == ("urgent", "high", "low")
    with pytest.raises(UnknownMetricError, match=r"targets are set for resolution$"):
        policy.target("low")


def test_plan_targets_override_and_fall_back() -> None:
    policy = Policy(
        OFFICE,
        targets={"response": {"high": "4h", "low": "24h"}, "resolution": {"high": "3bd"}},
        plans={
            "24x7": Plan("24x7", ALWAYS, {"response": {"high": Target.parse("1h calendar")}}),
            "Nights": NIGHTS,
        },
    )
    assert list(policy.plans) == ["standard", "24x7", "nights"]
    assert str(policy.target("high", plan="24x7")) == "1h calendar"
    assert str(policy.target("low", plan="24x7")) == "24h"
    assert str(policy.target("high", "resolution", plan="24x7")) == "3bd"
    # Sat Nov 21 03:00: 1 h of real time.
    assert show(policy.deadline("high", "2026-11-21 03:00", plan="24x7")) == (
        "2026-11-21 04:00:00-05:00"
    )
    # The same ticket on the night shift (4h business): Sat 03:00 lies in Friday's shift
    # (22:00-06:00), so 3 h until Sat 06:00, then 1 h from Mon Nov 23 22:00: 23:00.
    assert show(policy.deadline("high", "2026-11-21 03:00", plan="nights")) == (
        "2026-11-23 23:00:00-05:00"
    )


def test_plan_targets_may_be_written_as_text() -> None:
    policy = Policy(
        OFFICE,
        targets={"high": "4h"},
        plans={"fast": Plan("fast", OFFICE, {"response": {"HIGH": "2h"}})},
    )
    assert policy.target("high", plan="fast") == Target(timedelta(hours=2))


def test_default_plan_may_be_named() -> None:
    policy = Policy(ALWAYS, targets={"high": "4h"}, default_plan="24x7", plans={"office": OFFICE})
    assert policy.default_plan == "24x7"
    # Sat Nov 21 03:00 + 4 h on the 24x7 plan (no DST change nearby).
    assert show(policy.deadline("high", "2026-11-21 03:00")) == "2026-11-21 07:00:00-05:00"
    policy = Policy(targets={"high": "4h"}, plans={"Office": OFFICE}, default_plan="OFFICE")
    assert policy.default_plan == "office"


@pytest.mark.parametrize(
    ("build", "error", "text"),
    [
        (
            lambda: Policy(targets={"high": "4h"}),
            InvalidPolicyError,
            "a policy needs a schedule or at least one plan",
        ),
        (
            lambda: Policy(OFFICE),
            InvalidPolicyError,
            "a policy needs targets: expected e.g. {'high': '4h', 'medium': '12h', 'low': '24h'}",
        ),
        (
            lambda: Policy(
                targets={"high": "4h"},
                default_plan="gold",
                plans={"office": OFFICE, "24x7": ALWAYS},
            ),
            UnknownPlanError,
            "default plan 'gold' is not one of the plans: expected one of 24x7, office",
        ),
        (
            lambda: Policy(OFFICE, targets={"high": "4h"}, plans={"Standard": ALWAYS}),
            InvalidPolicyError,
            "plan 'Standard' is given twice: expected each plan once",
        ),
        (
            lambda: Policy(OFFICE, targets={"high": "4h"}, plans={"  ": ALWAYS}),
            InvalidPolicyError,
            "plan name '  ': expected non-empty text",
        ),
        (
            lambda: Plan("office", "09:00-18:00"),  # type: ignore[arg-type]
            InvalidPolicyError,
            "plan 'office': schedule '09:00-18:00' is not a Schedule",
        ),
        (
            lambda: Policy(OFFICE, targets=["4h"]),  # type: ignore[arg-type]
            InvalidPolicyError,
            "targets ['4h']: expected a mapping such as {'high': '4h'} or "
            "{'response': {'high': '4h'}}",
        ),
        (
            lambda: Policy(OFFICE, targets={"speed": {"high": "4h"}}),
            UnknownMetricError,
            "unknown metric 'speed': expected one of response, update, resolution",
        ),
        (
            lambda: Policy(OFFICE, targets={"": "4h"}),
            InvalidPolicyError,
            "priority name '': expected non-empty text",
        ),
        (
            lambda: Policy(OFFICE, targets={"high": "4h"}, aliases={"High": "high"}),
            InvalidPolicyError,
            "alias 'High' is already a priority: expected a name that is not one of high",
        ),
        (
            lambda: Policy(
                OFFICE, targets={"high": "4h", "low": "8h"}, aliases={"alta": "highest"}
            ),
            UnknownPriorityError,
            "alias 'alta' points to unknown priority 'highest': expected one of high, low",
        ),
    ],
)
def test_policy_construction_errors(build: object, error: type[Exception], text: str) -> None:
    with pytest.raises(error) as excinfo:
        build()  # type: ignore[operator]
    assert message(excinfo) == text


def test_policy_repr_and_properties() -> None:
    policy = default_policy()
    assert repr(policy) == (
        "<Policy priorities=['high', 'medium', 'low'] plans=['standard'] default_plan='standard'>"
    )
    # The mappings handed out are copies: changing them changes nothing.
    policy.aliases["zzz"] = "high"  # type: ignore[index]
    with pytest.raises(UnknownPriorityError):
        policy.priority("zzz")


# -- the embedded default policy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("priority", "submitted", "expected"),
    [
        # Fri Nov 20 16:00: 2 h Friday, then Monday 23 from 09:00.
        ("high", "2026-11-20 16:00", "2026-11-23 11:00:00-05:00"),  # 2 + 2
        ("medium", "2026-11-20 16:00", "2026-11-24 10:00:00-05:00"),  # 2 + 9 (Mon) + 1 (Tue)
        ("low", "2026-11-20 16:00", "2026-11-25 13:00:00-05:00"),  # 2 + 9 + 9 + 4 (Wed)
        # Wed Nov 25 16:00: Thanksgiving and the Friday after are Florida holidays.
        ("high", "2026-11-25 16:00", "2026-11-30 11:00:00-05:00"),
    ],
)
def test_default_policy(priority: str, submitted: str, expected: str) -> None:
    assert show(default_policy().deadline(priority, submitted)) == expected


def test_default_policy_shape() -> None:
    policy = default_policy()
    assert policy.priorities == ("high", "medium", "low")
    assert policy.default_plan == "standard"
    assert [str(policy.target(p)) for p in policy.priorities] == ["4h", "12h", "24h"]
    assert policy.thresholds() == (
        Threshold(75, name="warn"),
        Threshold(100, level=2),
        Threshold(150, level=3),
    )
    # The same thresholds for every metric.
    assert policy.thresholds("resolution") == policy.thresholds()


def test_default_policy_other_countries_and_hours() -> None:
    # No holidays: Wed Nov 25 16:00 + 4 h = 2 h Wed + 2 h Thanksgiving morning.
    assert show(default_policy(None).deadline("high", "2026-11-25 16:00")) == (
        "2026-11-26 11:00:00-05:00"
    )
    # Argentina: Wed 2026-07-08 16:00, 9 and 10 July are holidays: Mon 13 11:00 (-03:00).
    argentina = default_policy("AR", None, tz="America/Argentina/Buenos_Aires")
    assert show(argentina.deadline("alta", "2026-07-08 16:00")) == "2026-07-13 11:00:00-03:00"
    # Other hours: 08:00-17:00; Fri Nov 20 16:00: 1 h Friday, 3 h Monday from 08:00.
    early = default_policy(hours="08:00-17:00")
    assert show(early.deadline("p1", "2026-11-20 16:00")) == "2026-11-23 11:00:00-05:00"


# -- targets: the three forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "clock"),
    [
        ("4h", timedelta(hours=4), "business"),
        ("90m", timedelta(minutes=90), "business"),
        ("1h30m", timedelta(minutes=90), "business"),
        ("45s", timedelta(seconds=45), "business"),
        (" 4h business ", timedelta(hours=4), "business"),
        ("1h calendar", timedelta(hours=1), "calendar"),
        ("30m CALENDAR", timedelta(minutes=30), "calendar"),
        ("1h30m calendar", timedelta(minutes=90), "calendar"),
        ("2bd", BusinessDays(2), "business"),
        ("0bd", BusinessDays(0), "business"),
        ("2BD", BusinessDays(2), "business"),
    ],
)
def test_target_parse(text: str, amount: object, clock: str) -> None:
    target = Target.parse(text)
    assert (target.amount, target.clock) == (amount, clock)
    assert Target.parse(str(target)) == target


def test_target_from_timedelta_and_target() -> None:
    assert Target.parse(timedelta(hours=4)) == Target(timedelta(hours=4))
    target = Target(timedelta(minutes=30), "calendar")
    assert Target.parse(target) is target
    assert repr(target) == "Target('30m calendar')"
    assert str(Target(BusinessDays(3))) == "3bd"


@pytest.mark.parametrize(
    ("value", "error", "pattern"),
    [
        (
            "4 hours-ish",
            InvalidDurationError,
            r"^targets\.high: duration '4 hours-ish' is not understood: expected hours, minutes and seconds such as '4h'",
        ),
        (
            "-3h",
            InvalidDurationError,
            r"^targets\.high: duration '-3h' is negative: expected 0 or more$",
        ),
        ("", InvalidDurationError, r"^targets\.high: duration '' is not understood"),
        (
            "calendar",
            InvalidDurationError,
            r"^targets\.high: duration 'calendar' is not understood",
        ),
        (
            "1d",
            InvalidDurationError,
            r"^targets\.high: duration '1d' is ambiguous: write '24h' for 24 hours of business time or '1bd' for 1 business day$",
        ),
        (
            "2bd calendar",
            InvalidPolicyError,
            r"^target 2bd on the calendar clock: business days count business days only; expected hours such as '48h calendar'$",
        ),
        (
            timedelta(hours=-3),
            InvalidDurationError,
            r"^targets\.high -3h is negative: expected 0 or more$",
        ),
        (
            4,
            InvalidDurationError,
            r"^targets\.high 4: expected text such as '4h', '30m calendar' or '2bd', or a timedelta, got int$",
        ),
        (None, InvalidDurationError, r"^targets\.high None: expected text"),
    ],
)
def test_bad_targets(value: object, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        Policy(OFFICE, targets={"high": value})  # type: ignore[dict-item]


def test_bad_nested_target_names_metric_and_priority() -> None:
    with pytest.raises(InvalidDurationError, match=r"^targets\.update\.low: duration 'x'"):
        Policy(OFFICE, targets={"response": {"low": "4h"}, "update": {"low": "x"}})


@pytest.mark.parametrize(
    ("build", "pattern"),
    [
        (
            lambda: Target(timedelta(hours=4), "wall"),
            r"^target clock 'wall': expected 'business' or 'calendar'$",
        ),  # type: ignore[arg-type]
        (lambda: Target(4), r"^target 4: expected a timedelta of 0 or more or BusinessDays$"),  # type: ignore[arg-type]
        (lambda: Target(timedelta(-1)), r"^target datetime\.timedelta\(days=-1\): expected"),
        (lambda: Target(BusinessDays(1), "calendar"), r"^target 1bd on the calendar clock"),
    ],
)
def test_bad_target_objects(build: object, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        # Fri 14:00 + 4 h: the deadline is the closing itself, Fri 18:00 (not Monday 09:00).
        ("4h", "2026-11-20 14:00", "2026-11-20 18:00:00-05:00"),
        # Fri 16:00 + 4 h: 2 h Friday, 2 h Monday.
        ("4h", "2026-11-20 16:00", "2026-11-23 11:00:00-05:00"),
        # Saturday 03:00 (weekend): counting starts Monday 09:00.
        ("4h", "2026-11-21 03:00", "2026-11-23 13:00:00-05:00"),
        # Thanksgiving (holiday, and the Friday after too): counting starts Mon Nov 30 09:00.
        ("4h", "2026-11-26 10:00", "2026-11-30 13:00:00-05:00"),
        # Tuesday after hours, 20:00: counting starts Wed 09:00.
        ("4h", "2026-11-24 20:00", "2026-11-25 13:00:00-05:00"),
        # Tuesday before opening, 07:00: counting starts Tue 09:00.
        ("4h", "2026-11-24 07:00", "2026-11-24 13:00:00-05:00"),
        # Half day, Christmas Eve 11:00: 2 h until 13:00; Christmas, weekend; Mon 28 11:00.
        ("4h", "2026-12-24 11:00", "2026-12-28 11:00:00-05:00"),
        ("90m", "2026-11-16 17:00", "2026-11-17 09:30:00-05:00"),  # 1 h Mon + 30 m Tue
        ("1h30m", "2026-11-16 17:00", "2026-11-17 09:30:00-05:00"),
        ("45s", "2026-11-16 17:59:30", "2026-11-17 09:00:15-05:00"),  # 30 s + 15 s
        (
            timedelta(hours=9, microseconds=1),
            "2026-11-16 09:00",
            "2026-11-17 09:00:00.000001-05:00",
        ),
        # A target of 0 is due at submission itself, even outside open time.
        ("0s", "2026-11-21 03:00", "2026-11-21 03:00:00-05:00"),
    ],
)
def test_business_time_targets(target: str | timedelta, submitted: str, expected: str) -> None:
    due = single(target).deadline("high", submitted)
    assert show(due) == expected
    assert show(due) == show(OFFICE.add(submitted, Target.parse(target).amount))  # type: ignore[arg-type]


def test_naive_aware_and_text_submissions_agree() -> None:
    policy = single("4h")
    expected = "2026-11-23 11:00:00-05:00"  # Fri Nov 20 16:00 EST + 4 h, as above
    for submitted in (
        "2026-11-20 16:00",
        "2026-11-20T21:00:00+00:00",
        datetime(2026, 11, 20, 16, 0),
        datetime(2026, 11, 20, 21, 0, tzinfo=UTC),
        datetime(2026, 11, 20, 18, 0, tzinfo=ZoneInfo("America/Argentina/Buenos_Aires")),
    ):
        due = policy.deadline("high", submitted)
        assert show(due) == expected
        assert due.tzinfo == NY


@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        # Calendar time ignores the schedule's hours: Saturday 03:00 + 1 h = 04:00.
        ("1h calendar", "2026-11-21 03:00", "2026-11-21 04:00:00-05:00"),
        # On Thanksgiving (closed): real time still counts.
        ("30m calendar", "2026-11-26 10:00", "2026-11-26 10:30:00-05:00"),
        ("48h calendar", "2026-11-20 16:00", "2026-11-22 16:00:00-05:00"),
        ("0s calendar", "2026-11-21 03:00", "2026-11-21 03:00:00-05:00"),
    ],
)
def test_calendar_targets(target: str, submitted: str, expected: str) -> None:
    assert show(single(target).deadline("high", submitted)) == expected


@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        # Fall back: Sat 2026-10-31 23:00 EDT is 03:00Z; 4 h of real time later is 07:00Z,
        # which is 02:00 EST on Sunday (01:00-02:00 happened twice that night).
        ("4h calendar", datetime(2026, 11, 1, 3, 0, tzinfo=UTC), "2026-11-01 02:00:00-05:00"),
        # The first 01:30 (EDT, 05:30Z) + 1 h of real time = 06:30Z = the second 01:30 (EST).
        ("1h calendar", datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "2026-11-01 01:30:00-05:00"),
        # The second 01:30 (EST, 06:30Z) + 10 min = 06:40Z = 01:40 EST; never before submission.
        ("10m calendar", datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "2026-11-01 01:40:00-05:00"),
        # Spring forward: Sat 2026-03-07 23:00 EST is 04:00Z; + 4 h = 08:00Z = 04:00 EDT
        # (02:00-03:00 never happened).
        ("4h calendar", datetime(2026, 3, 8, 4, 0, tzinfo=UTC), "2026-03-08 04:00:00-04:00"),
    ],
)
def test_calendar_targets_count_real_time_across_dst(
    target: str, submitted: datetime, expected: str
) -> None:
    for schedule in (OFFICE, ALWAYS):
        due = single(target, schedule).deadline("high", submitted)
        assert show(due) == expected
        assert due.astimezone(UTC) - submitted == Target.parse(target).amount


@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        # Mon Nov 16 10:00: counting starts Monday; Tue 17 (1), Wed 18 (2): Wed 18:00.
        ("2bd", "2026-11-16 10:00", "2026-11-18 18:00:00-05:00"),
        # From Sunday, or Monday before opening: counting starts Monday 09:00; same deadline.
        ("2bd", "2026-11-15 10:00", "2026-11-18 18:00:00-05:00"),
        ("2bd", "2026-11-16 07:00", "2026-11-18 18:00:00-05:00"),
        # One microsecond before Monday's closing still counts Monday.
        ("2bd", "2026-11-16 17:59:59.999999", "2026-11-18 18:00:00-05:00"),
        # At Monday's closing (closed at the closing instant): counting starts Tuesday.
        ("2bd", "2026-11-16 18:00", "2026-11-19 18:00:00-05:00"),
        # 0bd: the close of business of the day counting starts.
        ("0bd", "2026-11-16 10:00", "2026-11-16 18:00:00-05:00"),
        ("0bd", "2026-11-21 10:00", "2026-11-23 18:00:00-05:00"),  # Saturday -> Monday
        ("0bd", "2026-11-16 18:00", "2026-11-17 18:00:00-05:00"),  # at closing -> Tuesday
        # Holidays: from Wed Nov 25: Mon 30 (1), Tue Dec 1 (2).
        ("2bd", "2026-11-25 10:00", "2026-12-01 18:00:00-05:00"),
        # Submitted on Thanksgiving: counting starts Mon 30; Tue Dec 1 (1).
        ("1bd", "2026-11-26 10:00", "2026-12-01 18:00:00-05:00"),
        # Half day: from Mon Dec 21: Tue 22, Wed 23, Thu 24 (3): closes at 13:00.
        ("3bd", "2026-12-21 10:00", "2026-12-24 13:00:00-05:00"),
        # After the half day's closing: counting starts Mon 28 09:00.
        ("0bd", "2026-12-24 14:00", "2026-12-28 18:00:00-05:00"),
    ],
)
def test_business_day_targets(target: str, submitted: str, expected: str) -> None:
    assert show(single(target).deadline("high", submitted)) == expected


@pytest.mark.parametrize(
    ("target", "submitted", "expected"),
    [
        # Monday's shift 22:00-06:00 belongs to Monday; Monday's close of business is cut at
        # local midnight: Tue 00:00.
        ("0bd", "2026-11-16 23:00", "2026-11-17 00:00:00-05:00"),
        # Tue 03:00 is open (Monday's shift); counting starts on the local date Tuesday, whose
        # last open time (its own 22:00 shift) is cut at midnight: Wed 00:00.
        ("0bd", "2026-11-17 03:00", "2026-11-18 00:00:00-05:00"),
        # Fri 23:00: counting starts Friday; Saturday has open time (00:00-06:00, the tail of
        # Friday's shift), so it is the 1st business day after; it closes at 06:00.
        ("1bd", "2026-11-20 23:00", "2026-11-21 06:00:00-05:00"),
    ],
)
def test_business_days_on_overnight_shifts(target: str, submitted: str, expected: str) -> None:
    assert show(single(target, NIGHTS).deadline("high", submitted)) == expected


def test_business_days_around_the_clock_and_dst() -> None:
    policy = single("1bd", ALWAYS)
    # Sat Oct 31 10:00: counting starts Saturday; Sun Nov 1 (1), a 25-hour day, closes at the
    # next local midnight: Mon Nov 2 00:00 EST.
    assert show(policy.deadline("high", "2026-10-31 10:00")) == "2026-11-02 00:00:00-05:00"
    # Sat Mar 7 10:00: Sun Mar 8 (a 23-hour day) closes at Mon Mar 9 00:00 EDT.
    assert show(policy.deadline("high", "2026-03-07 10:00")) == "2026-03-09 00:00:00-04:00"


def test_business_days_split_day_close_at_last_period() -> None:
    split = Schedule({"mon-fri": ["09:00-13:00", "14:00-18:00"]}, tz="America/New_York")
    # Mon Nov 16 12:00, 0bd: the close of business is the end of the last period, 18:00.
    assert show(single("0bd", split).deadline("high", "2026-11-16 12:00")) == (
        "2026-11-16 18:00:00-05:00"
    )
    # During lunch, 1bd: Tuesday (1) closes at 18:00.
    assert show(single("1bd", split).deadline("high", "2026-11-16 13:30")) == (
        "2026-11-17 18:00:00-05:00"
    )


# -- thresholds --------------------------------------------------------------------------------


def test_threshold_values_and_names() -> None:
    assert Threshold(75).percent == 75
    assert Threshold(75).name == "warn"
    assert Threshold(100, level=2).name == "level 2"
    assert Threshold(150, level=3, name="manager").name == "manager"
    for value in ("87.5%", "87.5", 87.5, " 87.5 % ", Fraction(175, 2)):
        assert Threshold(value).percent == Fraction(175, 2)
    assert Threshold("0.1").percent == Fraction(1, 10)
    assert Threshold(0.1).percent == Fraction(1, 10)  # from its text, not the binary float
    assert repr(Threshold(75)) == "Threshold(75)"
    assert repr(Threshold("87.5%", name="second warning")) == (
        "Threshold('87.5', name='second warning')"
    )
    assert repr(Threshold(150, level=3)) == "Threshold(150, level=3)"


@pytest.mark.parametrize(
    ("percent", "level", "pattern"),
    [
        (0, 0, r"^threshold 0: expected a percentage above 0$"),
        (-5, 0, r"^threshold -5: expected a percentage above 0$"),
        ("0%", 0, r"^threshold '0%': expected a percentage above 0$"),
        ("abc", 0, r"^threshold 'abc': expected a percentage of the target such as 75 or '75%'$"),
        ("", 0, r"^threshold '': expected a percentage"),
        ("75%%", 0, r"^threshold '75%%': expected a percentage"),
        ("%75", 0, r"^threshold '%75': expected a percentage"),
        (None, 0, r"^threshold None: expected a percentage"),
        (True, 0, r"^threshold True: expected a percentage"),
        (float("nan"), 0, r"^threshold nan: expected a percentage"),
        (float("inf"), 0, r"^threshold inf: expected a percentage"),
        ("1/0", 0, r"^threshold '1/0': expected a percentage"),
        (75, -1, r"^threshold level -1: expected a support level, a whole number 0 or more$"),
        (75, True, r"^threshold level True: expected a support level"),
        (75, 1.5, r"^threshold level 1\.5: expected a support level"),
        (75, "2", r"^threshold level '2': expected a support level"),
    ],
)
def test_bad_thresholds(percent: object, level: object, pattern: str) -> None:
    with pytest.raises(InvalidPolicyError, match=pattern):
        Threshold(percent, level=level)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "thresholds",
    [
        [Threshold(75), Threshold("75%", level=2)],
        [Threshold(75), Threshold(75.0, name="again")],
        [Threshold(Fraction(150, 2)), Threshold(100, level=2), Threshold("75")],
        {"response": [Threshold(100, level=2), Threshold(100, level=3)]},
    ],
)
def test_duplicate_threshold_percentages(thresholds: object) -> None:
    percent = "100" if isinstance(thresholds, dict) else "75"
    with pytest.raises(
        InvalidPolicyError,
        match=rf"^two thresholds at {percent}%: expected each percentage once$",
    ):
        Policy(OFFICE, targets={"high": "4h"}, thresholds=thresholds)  # type: ignore[arg-type]


def test_thresholds_must_be_thresholds() -> None:
    with pytest.raises(InvalidPolicyError, match=r"^threshold 75: expected a Threshold$"):
        Policy(OFFICE, targets={"high": "4h"}, thresholds=[75])  # type: ignore[list-item]
    with pytest.raises(UnknownMetricError, match=r"^unknown metric 'speed'"):
        Policy(OFFICE, targets={"high": "4h"}, thresholds={"speed": [Threshold(75)]})


def test_thresholds_are_ordered_by_percentage() -> None:
    given = [Threshold(150, level=3), Threshold(75), Threshold("87.5"), Threshold(100, level=2)]
    policy = Policy(OFFICE, targets={"high": "4h"}, thresholds=given)
    assert [t.percent for t in policy.thresholds()] == [75, Fraction(175, 2), 100, 150]
    # Mon Nov 16 09:00 + 4h target: 3 h, 3 h 30 m, 4 h, 6 h of business time.
    fired = policy.escalations("high", "2026-11-16 09:00")
    assert [(t.percent, show(at)) for t, at in fired] == [
        (75, "2026-11-16 12:00:00-05:00"),
        (Fraction(175, 2), "2026-11-16 12:30:00-05:00"),
        (100, "2026-11-16 13:00:00-05:00"),
        (150, "2026-11-16 15:00:00-05:00"),
    ]


def test_thresholds_per_metric() -> None:
    policy = Policy(
        OFFICE,
        targets={"response": {"high": "4h"}, "update": {"high": "8h"}},
        thresholds={"Response": [Threshold(50)], "update": [Threshold(100, level=2)]},
    )
    assert policy.thresholds() == (Threshold(50),)
    assert policy.thresholds("UPDATE") == (Threshold(100, level=2),)
    assert policy.thresholds("resolution") == ()
    # Mon Nov 16 09:00: 50 % of 4 h = 11:00; 100 % of 8 h = 17:00.
    assert [show(at) for _, at in policy.escalations("high", "2026-11-16 09:00")] == [
        "2026-11-16 11:00:00-05:00"
    ]
    assert [
        show(at) for _, at in policy.escalations("high", "2026-11-16 09:00", metric="update")
    ] == ["2026-11-16 17:00:00-05:00"]
    # No thresholds at all: no escalations.
    assert Policy(OFFICE, targets={"high": "4h"}).escalations("high", "2026-11-16 09:00") == []


def escalation_instants(target: str, thresholds: list[Threshold], submitted: str) -> list[str]:
    policy = Policy(OFFICE, targets={"high": target}, thresholds=thresholds)
    return [show(at) for _, at in policy.escalations("high", submitted)]


def test_business_thresholds_never_fire_in_closed_time() -> None:
    # Fri Nov 20 16:00, 4h: 25 % = 1 h -> 17:00; 50 % = 2 h -> exactly Friday's closing
    # 18:00 (not Saturday, not Monday 09:00); 75 % = 3 h -> Monday 10:00.
    assert escalation_instants(
        "4h", [Threshold(25), Threshold(50), Threshold(75)], "2026-11-20 16:00"
    ) == ["2026-11-20 17:00:00-05:00", "2026-11-20 18:00:00-05:00", "2026-11-23 10:00:00-05:00"]
    # Submitted on Saturday 03:00: 75 % of 4 h = 3 h from Monday 09:00 -> 12:00.
    assert escalation_instants("4h", [Threshold(75)], "2026-11-21 03:00") == [
        "2026-11-23 12:00:00-05:00"
    ]


def test_threshold_rounds_up_to_the_first_microsecond() -> None:
    third = Threshold(Fraction(100, 3))
    # One third of 1 s is 333 333.33... µs: the first microsecond at which at least a third
    # is used is 333 334 µs after submission.
    assert escalation_instants("1s", [third], "2026-11-16 10:00") == [
        "2026-11-16 10:00:00.333334-05:00"
    ]
    assert escalation_instants("1s calendar", [third], "2026-11-21 03:00") == [
        "2026-11-21 03:00:00.333334-05:00"
    ]
    # Fri 17:59:59.9 leaves 100 000 µs on Friday; the other 233 334 µs on Monday.
    assert escalation_instants("1s", [third], "2026-11-20 17:59:59.9") == [
        "2026-11-23 09:00:00.233334-05:00"
    ]
    # 0.00001 % of 1 s is 0.1 µs: rounds up to 1 µs, never to 0.
    assert escalation_instants("1s", [Threshold("0.00001%")], "2026-11-16 10:00") == [
        "2026-11-16 10:00:00.000001-05:00"
    ]
    # Exact shares are not rounded: 33.33 % of 1 h = 1 199.88 s.
    assert escalation_instants("1h", [Threshold("33.33%")], "2026-11-16 10:00") == [
        "2026-11-16 10:19:59.880000-05:00"
    ]


def test_business_day_target_thresholds() -> None:
    thresholds = [Threshold(75), Threshold(100, level=2), Threshold(150, level=3)]
    # 2bd from Mon Nov 16 10:00 is due Wed 18:00: 8 h Mon + 9 h Tue + 9 h Wed = 26 h of business
    # time. 75 % = 19 h 30 m: Mon 8 h, Tue 9 h, 2 h 30 m Wed -> Wed 11:30. 100 %: Wed 18:00.
    # 150 % = 39 h: 26 h to Wed 18:00, 9 h Thu, 4 h Fri -> Fri Nov 20 13:00.
    assert escalation_instants("2bd", thresholds, "2026-11-16 10:00") == [
        "2026-11-18 11:30:00-05:00",
        "2026-11-18 18:00:00-05:00",
        "2026-11-20 13:00:00-05:00",
    ]


def test_calendar_target_thresholds_across_dst() -> None:
    # "4h calendar" from Sat 2026-10-31 23:00 EDT (03:00Z). Real time: 50 % = 2 h -> 05:00Z =
    # 01:00 EDT (the first 01:00); 100 % -> 07:00Z = 02:00 EST.
    assert escalation_instants(
        "4h calendar", [Threshold(50), Threshold(100, level=2)], "2026-10-31 23:00"
    ) == ["2026-11-01 01:00:00-04:00", "2026-11-01 02:00:00-05:00"]


def test_without_a_schedule_the_first_plan_is_the_default() -> None:
    # As in a policy file: with plans only and no default named, the first plan is the default.
    policy = Policy(targets={"high": "4h"}, plans={"office": OFFICE, "24x7": ALWAYS})
    assert policy.default_plan == "office"


def test_an_explicit_ranking_orders_priorities_across_metrics() -> None:
    policy = Policy(
        OFFICE,
        targets={"response": {"high": "4h", "low": "24h"}, "resolution": {"medium": "5bd"}},
        priorities=["high", "medium", "low"],
    )
    assert policy.priorities == ("high", "medium", "low")


@pytest.mark.parametrize(
    ("ranking", "error", "message"),
    [
        (["high", "hihg", "low"], UnknownPriorityError, "priorities 'hihg' have no target"),
        (["high"], InvalidPolicyError, "leave out 'low': expected a ranking of every priority"),
        (["high", "low", "high"], InvalidPolicyError, "expected each priority once"),
        ("high", InvalidPolicyError, "expected a list of priority names, highest first"),
    ],
)
def test_ranking_errors(ranking: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        Policy(OFFICE, targets={"high": "4h", "low": "24h"}, priorities=ranking)  # type: ignore[arg-type]


def test_threshold_name_must_be_text() -> None:
    with pytest.raises(InvalidPolicyError, match="threshold name 5: expected text"):
        Threshold(75, name=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("percent", ["87.5", Fraction(100, 3), Fraction(1, 1024), 150])
def test_threshold_repr_reads_back_exactly(percent: object) -> None:
    threshold = Threshold(percent, level=2)  # type: ignore[arg-type]
    assert eval(repr(threshold), {"Threshold": Threshold}) == threshold


# -- names typed by people: the close ones suggested -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "hihg",
            "unknown priority 'hihg': did you mean 'high'? (known: high, medium, low; aliases: "
            "alta, baja, critical, media, p1, p2, p3)",
        ),
        (
            "Meida",
            "unknown priority 'Meida': did you mean 'media'? (known: high, medium, "
            "low; aliases: alta, baja, critical, media, p1, p2, p3)",
        ),
        (
            "urgent",
            "unknown priority 'urgent': expected one of high, medium, low (or an alias: alta, "
            "baja, critical, media, p1, p2, p3)",
        ),
    ],
)
def test_an_unknown_priority_names_the_close_ones(name: str, message: str) -> None:
    with pytest.raises(UnknownPriorityError, match=f"^{re.escape(message)}$"):
        default_policy().priority(name)


def test_an_unknown_plan_or_metric_names_the_close_ones() -> None:
    policy = load_policy(EXAMPLES / "miami-desk.toml")
    with pytest.raises(
        UnknownPlanError,
        match=r"^unknown plan '24x5': did you mean '24x7'\? \(known: standard, 24x7\)$",
    ):
        policy.plan("24x5")
    with pytest.raises(
        UnknownMetricError,
        match=r"^unknown metric 'resolve': did you mean 'response'\? "
        r"\(known: response, update, resolution\)$",
    ):
        policy.deadline("high", "2026-11-20 16:00", metric="resolve")


def test_a_plan_target_under_an_undeclared_priority_is_refused() -> None:
    # The general targets (or priorities=) declare the priorities: a plan's hihg is a slip.
    with pytest.raises(
        UnknownPriorityError,
        match=r"^unknown priority 'hihg' in the response targets of plan '24x7': did you mean "
        r"'high'\? \(known: high, medium, low\)$",
    ):
        Policy(
            OFFICE,
            targets={"high": "4h", "medium": "12h", "low": "24h"},
            plans={"24x7": Plan("24x7", ALWAYS, {"response": {"hihg": "1h calendar"}})},  # type: ignore[dict-item]
        )
    with pytest.raises(UnknownPriorityError, match=r"^unknown priority 'vip' in the response"):
        Policy(
            plans={"gold": Plan("gold", OFFICE, {"response": {"high": "2h", "vip": "1h"}})},  # type: ignore[dict-item]
            priorities=["high"],
        )
    # Without general targets nor priorities=, the plans' targets name the priorities.
    alone = Policy(plans={"gold": Plan("gold", OFFICE, {"response": {"vip": "1h"}})})  # type: ignore[dict-item]
    assert alone.priorities == ("vip",)
    with pytest.raises(InvalidPolicyError, match=r"^priorities 5: expected a list"):
        Policy(OFFICE, targets={"high": "4h"}, priorities=5)  # type: ignore[arg-type]


# -- explaining a single deadline (Policy.explain) ----------------------------------------

_EXPLAIN_DESK = Schedule(
    {"mon-fri": "09:00-18:00"},
    tz="America/New_York",
    calendar=country_calendar("US", subdiv="FL"),
)
_EXPLAINED = Policy(
    _EXPLAIN_DESK,
    targets={
        "response": {"high": "4h", "low": "2h calendar"},
        "update": {"high": "8h"},
        "resolution": {"high": "3bd"},
    },
    plans={"eu": Schedule({"mon-fri": "09:00-18:00"}, tz="Europe/Madrid")},
    thresholds=[Threshold(75), Threshold(100, level=2)],
)


def test_explain_a_deadline_across_thanksgiving() -> None:
    """Wed 25 November 16:00 + 4 h: 2 h on Wednesday, Thanksgiving and the Friday after are
    closed in Florida, 2 h on Monday 30: due 11:00; 75 % (3 h) at 10:00."""
    assert str(_EXPLAINED.explain("high", "2026-11-25 16:00")) == "\n".join(
        [
            "response: running, target 4h, 4h left",
            "  counting from Wed 2026-11-25 16:00",
            "  open Wed 2026-11-25 16:00 - 18:00  (2h)",
            "  open Mon 2026-11-30 09:00 - 11:00  (2h)",
            "  closed 2026-11-26  (Thanksgiving Day)",
            "  closed 2026-11-27  (Friday After Thanksgiving)",
            "  due Mon 2026-11-30 11:00 EST",
            "  warn at 75%: fires Mon 2026-11-30 10:00",
            "  level 2 at 100%: fires Mon 2026-11-30 11:00",
        ]
    )


def test_explain_an_update_deadline_and_a_late_calendar_target() -> None:
    """The update cadence of 8 h from the submission: 2 h Wednesday, 6 h Monday (15:00).
    Low is 2 h of real time: due 18:00, so at 19:00 it is 1 h overdue."""
    assert str(_EXPLAINED.explain("high", "2026-11-25 16:00", metric="update")) == "\n".join(
        [
            "update: running, target 8h, 8h left",
            "  counting from Wed 2026-11-25 16:00",
            "  open Wed 2026-11-25 16:00 - 18:00  (2h)",
            "  open Mon 2026-11-30 09:00 - 15:00  (6h)",
            "  closed 2026-11-26  (Thanksgiving Day)",
            "  closed 2026-11-27  (Friday After Thanksgiving)",
            "  due Mon 2026-11-30 15:00 EST",
            "  warn at 75%: fires Mon 2026-11-30 13:00",
            "  level 2 at 100%: fires Mon 2026-11-30 15:00",
        ]
    )
    late = _EXPLAINED.explain("low", "2026-11-25 16:00", now="2026-11-25 19:00")
    assert str(late) == "\n".join(
        [
            "response: breached, target 2h calendar, 1h overdue",
            "  counting from Wed 2026-11-25 16:00",
            "  open Wed 2026-11-25 16:00 - 18:00  (2h)",
            "  due Wed 2026-11-25 18:00 EST",
            "  breached Wed 2026-11-25 18:00",
            "  warn at 75%: fired Wed 2026-11-25 17:30",
            "  level 2 at 100%: fired Wed 2026-11-25 18:00",
        ]
    )


@pytest.mark.parametrize(
    ("priority", "metric", "plan"),
    [("high", "response", None), ("high", "update", None), ("high", "resolution", "eu"),
     ("low", "response", None)],
)  # fmt: skip
def test_an_explained_deadline_is_the_deadline(
    priority: str, metric: str, plan: str | None
) -> None:
    for submitted in ("2026-11-25 16:00", "2026-11-28 03:00", "2026-03-06 17:59:59.5"):
        explained = _EXPLAINED.explain(priority, submitted, metric=metric, plan=plan)
        assert explained.status.due == _EXPLAINED.deadline(
            priority, submitted, metric=metric, plan=plan
        )
        assert [e.at for e in explained.status.escalations] == [
            at for _, at in _EXPLAINED.escalations(priority, submitted, metric=metric, plan=plan)
        ]


def test_explain_refuses_what_deadline_refuses_and_a_now_before_the_submission() -> None:
    with pytest.raises(
        UnknownMetricError,
        match=r"^no update target for priority 'low' in plan 'standard': targets are set for "
        r"response$",
    ):
        _EXPLAINED.explain("low", "2026-11-25 16:00", metric="update")
    with pytest.raises(
        UnknownPriorityError, match=r"^unknown priority 'hihg': did you mean 'high'\?"
    ):
        _EXPLAINED.explain("hihg", "2026-11-25 16:00")
    with pytest.raises(
        InvalidDatetimeError,
        match=r"^now 2026-11-25 15:00 is before the submission at 2026-11-25 16:00: expected a "
        r"time at or after it$",
    ):
        _EXPLAINED.explain("high", "2026-11-25 16:00", now="2026-11-25 15:00")


def test_the_default_policy_keeps_florida_for_the_united_states_only() -> None:
    assert default_policy().plans["standard"].schedule.calendar == country_calendar("US", "FL")
    national = default_policy("US", None).plans["standard"].schedule.calendar
    assert national == country_calendar("US")
    bogota = default_policy("co", tz="America/Bogota").plans["standard"].schedule
    assert bogota.calendar == country_calendar("CO")
    assert not bogota.is_open("2026-12-08 10:00")  # the Immaculate Conception, in Colombia
    madrid = default_policy("ES", "MD", tz="Europe/Madrid").plans["standard"].schedule
    assert madrid.calendar == country_calendar("ES", "MD")
    assert default_policy(None).plans["standard"].schedule.is_open("2026-12-25 10:00")
