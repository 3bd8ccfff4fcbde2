"""Policy files (TOML): the example files, round trips with the Python API, validation.

Validation problems are asserted as (key path, fragment of the message) pairs, and every
test checks that no other problem is reported, so "all problems at once" is checked too.
"""

from __future__ import annotations

import random
import tomllib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import YEARLY, rrule
from hypothesis import given, settings
from hypothesis import strategies as st

from profiles import scale
from slaclock import (
    ClosedDates,
    InvalidPolicyError,
    NaiveDatetimeError,
    Plan,
    Policy,
    PolicyFileError,
    Recurring,
    Schedule,
    Threshold,
    closure_name,
    country_calendar,
    union,
)
from slaclock.config import load_policy, loads_policy, policy_from_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "docs" / "examples"
BA = "America/Argentina/Buenos_Aires"
NY = "America/New_York"
METRICS = ("response", "update", "resolution")

# -- the example files and their Python-API twins --------------------------------------------------


def latam_by_hand() -> Policy:
    """docs/examples/latam-desk.toml written with the Python API."""
    argentina = country_calendar("AR")
    standard = Schedule(
        {"mon-fri": ["09:00-13:00", "14:00-18:00"]},
        tz=BA,
        calendar=union(
            argentina,
            ClosedDates({date(2026, 12, 31): "Cierre de año"}),
            Recurring(
                rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2000, 1, 1)),
                "Nochebuena",
            ),
        ),
        overrides={"2026-12-30": "09:00-13:00"},
    )
    extended = Schedule({"mon-fri": "08:00-20:00", "sat": "09:00-13:00"}, tz=BA, calendar=argentina)
    return Policy(
        targets={
            "response": {"high": "4h", "medium": "12h", "low": "24h"},
            "update": {"high": "8h", "medium": "24h", "low": "2bd"},
            "resolution": {"high": "2bd", "medium": "5bd", "low": "10bd"},
        },
        plans={
            "estandar": standard,
            "extendido": Plan("extendido", extended, {"response": {"high": "2h"}}),  # type: ignore[dict-item]
        },
        default_plan="estandar",
        aliases={
            "alta": "high",
            "media": "medium",
            "baja": "low",
            "p1": "high",
            "p2": "medium",
            "p3": "low",
        },
        thresholds={
            "response": [
                Threshold("75%", name="aviso"),
                Threshold("100%", level=2, name="escalar a nivel 2"),
                Threshold("150%", level=3, name="escalar a nivel 3"),
            ]
        },
    )


def miami_by_hand() -> Policy:
    """docs/examples/miami-desk.toml written with the Python API."""
    standard = Schedule(
        {"mon-fri": "09:00-18:00"},
        tz=NY,
        calendar=country_calendar("US", subdiv="FL"),
        overrides={"2026-12-24": "09:00-13:00"},
    )
    always = Schedule({"mon-sun": "00:00-24:00"}, tz=NY)
    return Policy(
        standard,
        targets={
            "response": {"high": "4h", "medium": "12h", "low": "24h"},
            "resolution": {"high": "3bd", "medium": "5bd", "low": "10bd"},
        },
        plans={
            "24x7": Plan(
                "24x7",
                always,
                {
                    "response": {
                        "high": "1h calendar",
                        "medium": "4h calendar",
                        "low": "8h calendar",
                    }
                },  # type: ignore[dict-item]
            )
        },
        aliases={"critical": "high", "urgent": "high", "normal": "medium"},
        thresholds={
            "response": [
                Threshold("75%", name="warn"),
                Threshold(100, level=2),
                Threshold(150, level=3),
            ],
            "resolution": [Threshold(100, level=2)],
        },
    )


def random_instants(seed: int, count: int) -> list[datetime | str]:
    """Instants in 2026-2027: uniform in UTC, plus local whole and half hours (openings and
    closings), some as naive text read in the plan's zone."""
    rng = random.Random(seed)
    first = datetime(2026, 1, 1, tzinfo=UTC)
    span = int((datetime(2028, 1, 1, tzinfo=UTC) - first) / timedelta(microseconds=1))
    found: list[datetime | str] = []
    for index in range(count):
        if index % 3:
            found.append(first + timedelta(microseconds=rng.randrange(span)))
        else:
            day = date(2026, 1, 1) + timedelta(days=rng.randrange(730))
            found.append(f"{day} {rng.randrange(24):02d}:{rng.choice((0, 30)):02d}")
    # The holidays and closures of the two files, DST changes in New York.
    found += ["2026-12-23 16:00", "2026-12-24 10:00", "2026-12-30 12:59", "2026-12-31 10:00"]
    found += ["2026-11-25 16:00", "2026-03-07 23:00", "2026-10-31 23:30", "2026-11-01 01:30"]
    return found


def same_answers(loaded: Policy, by_hand: Policy, instants: list[datetime | str]) -> None:
    assert loaded.priorities == by_hand.priorities
    assert list(loaded.plans) == list(by_hand.plans)
    assert loaded.default_plan == by_hand.default_plan
    assert loaded.aliases == by_hand.aliases
    combos = [
        (plan, metric, priority)
        for plan in loaded.plans
        for metric in METRICS
        for priority in loaded.priorities
        if _has_target(by_hand, priority, metric, plan)
    ]
    for metric in METRICS:
        assert loaded.thresholds(metric) == by_hand.thresholds(metric)
    for submitted in instants:
        for plan, metric, priority in combos:
            assert str(loaded.target(priority, metric, plan)) == str(
                by_hand.target(priority, metric, plan)
            )
            got = loaded.deadline(priority, submitted, metric=metric, plan=plan)
            want = by_hand.deadline(priority, submitted, metric=metric, plan=plan)
            assert str(got) == str(want), (submitted, plan, metric, priority)
            fired = loaded.escalations(priority, submitted, metric=metric, plan=plan)
            expected = by_hand.escalations(priority, submitted, metric=metric, plan=plan)
            assert [(t, str(at)) for t, at in fired] == [(t, str(at)) for t, at in expected]


def _has_target(policy: Policy, priority: str, metric: str, plan: str) -> bool:
    try:
        policy.target(priority, metric, plan)
    except InvalidPolicyError:
        return False
    return True


def test_latam_file_equals_python_api() -> None:
    loaded = load_policy(EXAMPLES / "latam-desk.toml")
    same_answers(loaded, latam_by_hand(), random_instants(2026, 60))


def test_miami_file_equals_python_api() -> None:
    loaded = load_policy(str(EXAMPLES / "miami-desk.toml"))
    same_answers(loaded, miami_by_hand(), random_instants(1959, 60))


def test_example_files_read_from_text_and_from_dict() -> None:
    text = (EXAMPLES / "miami-desk.toml").read_text(encoding="utf-8")
    by_text = loads_policy(text)
    by_dict = policy_from_dict(tomllib.loads(text))
    # Wed Nov 25 16:00 + 4 h: 2 h Wed; Thanksgiving and the Friday after; Mon Nov 30 11:00.
    for policy in (by_text, by_dict):
        assert str(policy.deadline("high", "2026-11-25 16:00")) == "2026-11-30 11:00:00-05:00"


# Random policies: a TOML document and the same policy through the Python API.

_ZONES = (NY, BA, "Europe/Madrid", "Asia/Kathmandu", "America/Santiago")
_HOURS = (
    {"mon-fri": "09:00-18:00"},
    {"mon-fri": ["09:00-13:00", "14:00-18:00"], "sat": "10:00-12:00"},
    {"mon-sun": "00:00-24:00"},
    {"mon-fri": "22:00-06:00"},
    {"tue,thu": "07:30-19:15:30"},
)
_targets = st.one_of(
    st.integers(0, 60).map(lambda h: f"{h}h"),
    st.tuples(st.integers(0, 30), st.integers(0, 59)).map(lambda hm: f"{hm[0]}h{hm[1]}m"),
    st.integers(0, 5000).map(lambda s: f"{s}s"),
    st.integers(0, 48).map(lambda h: f"{h}h calendar"),
    st.integers(0, 12).map(lambda n: f"{n}bd"),
)
_percents = st.lists(
    st.one_of(st.integers(1, 300), st.sampled_from(["87.5", "33.33", "0.5", "12.25"])),
    unique_by=lambda p: float(p),
    max_size=4,
)


def _toml_value(value: str | list[str]) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f'"{item}"' for item in value) + "]"
    return f'"{value}"'


@settings(max_examples=scale(25))
@given(
    zone=st.sampled_from(_ZONES),
    hours=st.sampled_from(_HOURS),
    targets=st.dictionaries(
        st.sampled_from(METRICS),
        st.fixed_dictionaries({"high": _targets, "low": _targets}),
        min_size=1,
    ),
    percents=_percents,
    closed=st.lists(st.dates(date(2026, 1, 1), date(2027, 12, 31)), max_size=5, unique=True),
    seed=st.integers(0, 2**32),
)
def test_random_toml_equals_python_api(
    zone: str,
    hours: dict[str, str | list[str]],
    targets: dict[str, dict[str, str]],
    percents: list[int | str],
    closed: list[date],
    seed: int,
) -> None:
    lines = ["[plans.main]", f'zone = "{zone}"']
    lines.append(
        "hours = { " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in hours.items()) + " }"
    )
    lines.append("closed = [" + ", ".join(day.isoformat() for day in closed) + "]")
    for metric, per in targets.items():
        lines.append(f"[targets.{metric}]")
        lines += [f'{priority} = "{target}"' for priority, target in per.items()]
    lines.append("[thresholds]")
    lines.append(
        "response = ["
        + ", ".join(f'{{ at = "{p}%", level = {i} }}' for i, p in enumerate(percents))
        + "]"
    )
    loaded = loads_policy("\n".join(lines))
    schedule = Schedule(hours, tz=zone, calendar=ClosedDates(closed) if closed else None)
    by_hand = Policy(
        schedule,
        targets=targets,  # type: ignore[arg-type]
        default_plan="main",
        thresholds={"response": [Threshold(p, level=i) for i, p in enumerate(percents)]},
    )
    same_answers(loaded, by_hand, random_instants(seed, 4))


# -- reading: what the file says ------------------------------------------------------------------

PLAN = """
[plans.standard]
zone = "America/New_York"
hours = { mon-fri = "09:00-18:00" }
"""
TARGETS = """
[targets.response]
high = "4h"
"""


def test_zone_comes_from_policy_unless_the_plan_sets_its_own() -> None:
    policy = loads_policy(
        """
[policy]
zone = "America/Argentina/Buenos_Aires"
[plans.office]
hours = { mon-fri = "09:00-18:00" }
[plans.miami]
zone = "America/New_York"
hours = { mon-fri = "09:00-18:00" }
"""
        + TARGETS
    )
    # Fri Nov 20 16:00 (read in each plan's zone) + 4 h: 2 h Friday, 2 h Monday.
    assert str(policy.deadline("high", "2026-11-20 16:00")) == "2026-11-23 11:00:00-03:00"
    assert str(policy.deadline("high", "2026-11-20 16:00", plan="miami")) == (
        "2026-11-23 11:00:00-05:00"
    )
    # No standard plan and no default_plan: the first plan is the default.
    assert policy.default_plan == "office"


def test_default_plan_is_case_insensitive_and_standard_by_default() -> None:
    policy = loads_policy(
        """
[policy]
default_plan = "Gold"
zone = "UTC"
[plans.gold]
hours = { mon-sun = "00:00-24:00" }
[plans.standard]
hours = { mon-fri = "09:00-18:00" }
"""
        + TARGETS
    )
    assert policy.default_plan == "gold"
    policy = loads_policy(
        '[policy]\nzone = "UTC"\n[plans.gold]\nhours = { mon = "09:00-10:00" }\n'
        '[plans.standard]\nhours = { mon = "09:00-10:00" }\n' + TARGETS
    )
    assert policy.default_plan == "standard"


def test_closed_dates_recurring_rules_and_overrides() -> None:
    policy = loads_policy(
        """
[plans.standard]
zone = "America/New_York"
hours = { mon-fri = "09:00-18:00" }
closed = ["2026-11-17", { date = 2026-11-18, name = "Inventory" }, 2026-11-19]
recurring = [{ rule = "FREQ=MONTHLY;BYMONTHDAY=20", name = "Payday", start = 2026-01-01 }]
overrides = { "2026-11-21" = "10:00-12:00", "2026-11-23" = [] }
"""
        + TARGETS
    )
    # Mon Nov 16 17:00: 1 h Monday; Tue 17, Wed 18, Thu 19 closed dates; Fri 20 closed by the
    # monthly rule; Sat 21 open 10-12 by override (2 h); Mon 23 closed by override;
    # Tue 24 09:00 + 1 h = 10:00.
    assert str(policy.deadline("high", "2026-11-16 17:00")) == "2026-11-24 10:00:00-05:00"


def test_holidays_with_subdivision_and_categories() -> None:
    policy = loads_policy(
        """
[plans.standard]
zone = "America/New_York"
hours = { mon-fri = "09:00-18:00" }
holidays = { country = "US", subdiv = "FL", categories = ["public"] }
"""
        + TARGETS
    )
    # Wed Nov 25 16:00: Thanksgiving and the Friday after (FL) closed: Mon Nov 30 11:00.
    assert str(policy.deadline("high", "2026-11-25 16:00")) == "2026-11-30 11:00:00-05:00"


def test_naive_reject() -> None:
    policy = loads_policy(
        PLAN.replace('zone = "America/New_York"', 'naive = "reject"\nzone = "UTC"') + TARGETS
    )
    with pytest.raises(NaiveDatetimeError):
        policy.deadline("high", datetime(2026, 11, 20, 16, 0))
    # Fri 16:00Z + 4 h on 09:00-18:00 UTC: Mon 11:00Z.
    assert str(policy.deadline("high", "2026-11-20T16:00:00+00:00")) == "2026-11-23 11:00:00+00:00"


def test_priority_order_and_case() -> None:
    policy = loads_policy(
        PLAN
        + """
[priorities]
order = ["Low", "high"]
[priorities.aliases]
Sev1 = "HIGH"
[targets.response]
HIGH = "4h"
low = "8h"
"""
    )
    assert policy.priorities == ("low", "high")
    assert policy.priority("sev1") == "high"


def test_priority_order_holds_across_metrics() -> None:
    # [priorities] order ranks every priority, highest first, whatever order the metrics
    # name them in; here response does not name "medium" at all.
    policy = loads_policy(
        PLAN
        + """
[priorities]
order = ["high", "medium", "low"]
[targets.response]
high = "4h"
low = "24h"
[targets.resolution]
high = "1bd"
medium = "2bd"
low = "3bd"
"""
    )
    assert policy.priorities == ("high", "medium", "low")


def test_nothing_in_the_file_is_executed() -> None:
    with pytest.raises(PolicyFileError) as excinfo:
        loads_policy(PLAN + "[targets.response]\nhigh = \"__import__('os').getcwd()\"\n")
    assert [path for path, _ in excinfo.value.problems] == ["targets.response.high"]
    assert "is not understood" in excinfo.value.problems[0][1]


# -- validation: every problem, with its key path -------------------------------------------------


def document(
    *,
    policy: str = 'zone = "America/New_York"',
    hours: str = 'hours = { mon-fri = "09:00-18:00" }',
    plan: str = "",
    targets: str = TARGETS,
    rest: str = "",
) -> str:
    return f"[policy]\n{policy}\n\n[plans.standard]\n{hours}\n{plan}\n\n{targets}\n\n{rest}\n"


def problems_of(text: str) -> tuple[tuple[str, str], ...]:
    with pytest.raises(PolicyFileError) as excinfo:
        loads_policy(text)
    error = excinfo.value
    assert isinstance(error, ValueError)
    assert isinstance(error, InvalidPolicyError)
    count = len(error.problems)
    assert str(error).startswith(f"{count} problem{'s' if count != 1 else ''} in the policy:\n")
    for path, message in error.problems:
        assert (f"  {path}: {message}" if path else f"  {message}") in str(error)
    return error.problems


def assert_problems(found: tuple[tuple[str, str], ...], expected: list[tuple[str, str]]) -> None:
    """Each expected (path, fragment) matches one problem; no problem is left over."""
    left = list(found)
    for path, fragment in expected:
        match = next((p for p in left if p[0] == path and fragment in p[1]), None)
        assert match is not None, f"no problem at {path!r} with {fragment!r} in {found}"
        left.remove(match)
    assert not left, f"unexpected problems: {left}"


UNKNOWN_PLAN_KEY = "unknown key: did you mean 'hours'? (known: zone, hours, holidays, ics, closed, recurring, overrides, targets, naive)"

CASES = {
    # unknown keys, at every level
    "unknown top-level key": (
        document(rest="[extra]\nx = 1"),
        [("extra", "unknown key: expected one of policy, priorities, targets, thresholds, plans")],
    ),
    "unknown policy key": (
        document(policy='zone = "UTC"\nnmae = "Desk"'),
        [
            (
                "policy.nmae",
                "unknown key: did you mean 'name'? (known: name, default_plan, zone, language)",
            )
        ],
    ),
    "unknown plan key": (
        document(plan="huors = 1"),
        [("plans.standard.huors", UNKNOWN_PLAN_KEY)],
    ),
    "unknown priorities key": (
        document(rest="[priorities]\nordre = []"),
        [("priorities.ordre", "unknown key: did you mean 'order'? (known: order, aliases)")],
    ),
    "unknown holidays key": (
        document(plan='holidays = { country = "US", state = "FL" }'),
        [
            (
                "plans.standard.holidays.state",
                "unknown key: expected one of country, subdiv, categories",
            )
        ],
    ),
    "unknown closed-date key": (
        document(plan='closed = [{ date = 2026-12-31, nme = "x" }]'),
        [("plans.standard.closed[0].nme", "unknown key: did you mean 'name'? (known: date, name)")],
    ),
    "unknown recurring key": (
        document(plan='recurring = [{ rule = "FREQ=YEARLY", when = 1 }]'),
        [("plans.standard.recurring[0].when", "unknown key: expected one of rule, name, start")],
    ),
    "unknown threshold key": (
        document(rest="[thresholds]\nresponse = [{ at = 75, lvl = 2 }]"),
        [
            (
                "thresholds.response[0].lvl",
                "unknown key: did you mean 'level'? (known: at, level, name)",
            )
        ],
    ),
    "a key path with a dot in a key is quoted": (
        document(rest='[extra]\n"a.b" = 1\n[priorities]\n"or der" = 1'),
        [
            ("extra", "unknown key"),
            ('priorities."or der"', "unknown key"),
        ],
    ),
    "policy not a table": (
        "policy = 5\n" + PLAN + TARGETS,
        [("policy", "expected a table, got a number 5")],
    ),
    # zones
    "bad plan zone": (
        document(policy="", plan='zone = "America/Miami"'),
        [
            (
                "plans.standard.zone",
                "unknown time zone 'America/Miami': expected an IANA zone name such as 'America/New_York'",
            )
        ],
    ),
    "bad policy zone, inherited by the plan, reported once": (
        document(policy='zone = "Mars/Base"'),
        [("policy.zone", "unknown time zone 'Mars/Base'")],
    ),
    "zone not text": (
        document(policy="", plan="zone = 5"),
        [
            (
                "plans.standard.zone",
                "time zone 5: expected an IANA zone name (str) or a tzinfo, got int",
            )
        ],
    ),
    "no zone anywhere": (
        document(policy=""),
        [("plans.standard.zone", "missing: expected an IANA zone name (here or in [policy])")],
    ),
    # hours
    "no hours": (
        document(hours=""),
        [("plans.standard.hours", 'missing: expected a table such as { mon-fri = "09:00-18:00" }')],
    ),
    "hours not a table": (
        document(hours='hours = "09:00-18:00"'),
        [("plans.standard.hours", "expected a table, got text '09:00-18:00'")],
    ),
    "bad hours": (
        document(
            hours='hours = { funday = "09:00-18:00", mon = ["09:00-13:00", "25:00-26:00"], '
            'tue = "9-17", wed = 9, thu = "24:00-09:00", fri = ["09:00-12:00", "11:00-13:00"], '
            "sat = { a = 1 } }"
        ),
        [
            ("plans.standard.hours.funday", "unknown day 'funday' in key 'funday'"),
            (
                "plans.standard.hours.mon[1]",
                "opening time '25:00' for 'mon': expected HH:MM between 00:00 and 24:00",
            ),
            ("plans.standard.hours.tue", "opening time '9' for 'tue': expected HH:MM"),
            (
                "plans.standard.hours.wed",
                'expected an interval such as "09:00-18:00", got a number 9',
            ),
            ("plans.standard.hours.thu", "opening time '24:00' for 'thu': expected HH:MM"),
            (
                "plans.standard.hours.fri",
                "intervals '09:00-12:00' and '11:00-13:00' for 'fri' overlap",
            ),
            ("plans.standard.hours.sat", 'expected an interval such as "09:00-18:00", got a table'),
        ],
    ),
    "overnight shift into the next day's hours": (
        document(hours='hours = { mon = "22:00-10:00", tue = "09:00-18:00" }'),
        [
            (
                "plans.standard",
                "overnight interval '22:00-10:00' for 'mon' overlaps '09:00-18:00' for 'tue'",
            )
        ],
    ),
    # overrides
    "bad override dates and hours": (
        document(
            plan='overrides = { "2026-02-30" = [], "someday" = "09:00-13:00", "2026-12-24" = "25:00-26:00" }'
        ),
        [
            (
                "plans.standard.overrides.2026-02-30",
                "'2026-02-30' is not a date: expected YYYY-MM-DD such as 2026-12-24",
            ),
            ("plans.standard.overrides.someday", "'someday' is not a date"),
            ("plans.standard.overrides.2026-12-24", "opening time '25:00' for override 2026-12-24"),
        ],
    ),
    "overrides not a table": (
        document(plan='overrides = "2026-12-24"'),
        [("plans.standard.overrides", "expected a table, got text '2026-12-24'")],
    ),
    # holidays
    "unknown country": (
        document(plan='holidays = { country = "XX" }'),
        [("plans.standard.holidays", "unknown country 'XX': expected an ISO 3166-1 alpha-2 code")],
    ),
    "unknown subdivision": (
        document(plan='holidays = { country = "US", subdiv = "ZZ" }'),
        [("plans.standard.holidays", "unknown subdivision 'ZZ' of US: expected one of AK, AL,")],
    ),
    "unknown category": (
        document(plan='holidays = { country = "US", categories = ["nope"] }'),
        [
            (
                "plans.standard.holidays",
                "unknown holiday category 'nope' of US: expected one of government, half_day, "
                "public, unofficial",
            )
        ],
    ),
    "holidays without a country": (
        document(plan='holidays = { subdiv = "FL" }'),
        [
            (
                "plans.standard.holidays",
                "missing key 'country': expected an ISO 3166 code such as \"US\"",
            )
        ],
    ),
    "holidays not a table": (
        document(plan='holidays = "US"'),
        [
            (
                "plans.standard.holidays",
                "expected a table such as { country = \"CO\" }, or an array of them, got text 'US'",
            ),
        ],
    ),
    # closed dates
    "bad closed dates": (
        document(
            plan='closed = ["2026-13-01", { date = "x" }, { name = "no date" }, 2026-12-31T10:00:00, 7]'
        ),
        [
            ("plans.standard.closed[0]", "'2026-13-01' is not a date: expected YYYY-MM-DD"),
            ("plans.standard.closed[1].date", "'x' is not a date"),
            ("plans.standard.closed[2].date", "None is not a date"),
            ("plans.standard.closed[3]", "datetime.datetime(2026, 12, 31, 10, 0) is not a date"),
            ("plans.standard.closed[4]", "7 is not a date"),
        ],
    ),
    "closed not an array": (
        document(plan='closed = "2026-12-31"'),
        [
            (
                "plans.standard.closed",
                "expected an array of dates or { date = ..., name = ... } tables",
            )
        ],
    ),
    # recurring rules
    "bad recurring rules": (
        document(
            plan='recurring = [{ rule = "FREQ=SOMETIMES" }, { name = "x" }, '
            '{ rule = "FREQ=YEARLY", start = "yesterday" }, "FREQ=DAILY"]'
        ),
        [
            ("plans.standard.recurring[0].rule", "'FREQ=SOMETIMES' is not an RRULE"),
            ("plans.standard.recurring[1]", "missing key 'rule': expected an RFC 5545 RRULE"),
            ("plans.standard.recurring[2].start", "'yesterday' is not a date: expected YYYY-MM-DD"),
            ("plans.standard.recurring[3]", "expected a table, got text 'FREQ=DAILY'"),
            ("plans.standard.recurring[3]", "missing key 'rule'"),
        ],
    ),
    "recurring not an array": (
        document(plan='recurring = { rule = "FREQ=YEARLY" }'),
        [
            (
                "plans.standard.recurring",
                'expected an array of { rule = "FREQ=...", name = ... } tables',
            )
        ],
    ),
    "bad naive": (
        document(plan='naive = "maybe"'),
        [("plans.standard.naive", "'maybe': expected 'assume' or 'reject'")],
    ),
    # targets
    "bad targets": (
        document(
            targets='[targets.response]\nhigh = "4 hours-ish"\nmedium = "-3h"\nlow = ""\nurgent = 4\n'
            'minor = "2bd calendar"\nlater = "1d"\n[targets.speed]\nhigh = "4h"'
        ),
        [
            (
                "targets.response.high",
                "duration '4 hours-ish' is not understood: expected hours, minutes and seconds",
            ),
            ("targets.response.medium", "duration '-3h' is negative: expected 0 or more"),
            ("targets.response.low", "duration '' is not understood"),
            ("targets.response.urgent", "expected a duration such as '4h', got a number 4"),
            ("targets.response.minor", "target 2bd on the calendar clock"),
            ("targets.response.later", "duration '1d' is ambiguous: write '24h'"),
            ("targets.speed", "unknown metric: expected one of response, update, resolution"),
        ],
    ),
    "targets of a metric not a table": (
        document(targets="[targets]\nresponse = 4"),
        [("targets.response", "expected a table, got a number 4")],
    ),
    "bad plan targets": (
        document(
            plan='[plans.standard.targets.response]\nhigh = "-3h"\n[plans.standard.targets.speed]\nhigh = "1h"'
        ),
        [
            ("plans.standard.targets.response.high", "duration '-3h' is negative"),
            ("plans.standard.targets.speed", "unknown metric"),
        ],
    ),
    "no targets": (
        document(targets=""),
        [("targets", 'missing: expected e.g. [targets.response] with high = "4h"')],
    ),
    # thresholds
    "bad thresholds": (
        document(
            rest='[thresholds]\nresponse = [{ at = "abc" }, { at = 0 }, { at = 50, level = -1 }, '
            '{ level = 2 }, { at = true }, { at = 60, level = 2.0 }, 75]\nspeed = []\nupdate = "75%"'
        ),
        [
            (
                "thresholds.response[0]",
                "threshold 'abc': expected a percentage of the target such as 75 or '75%'",
            ),
            ("thresholds.response[1]", "threshold 0: expected a percentage above 0"),
            ("thresholds.response[2]", "threshold level -1: expected a support level"),
            ("thresholds.response[3]", "missing key 'at': expected a percentage such as \"75%\""),
            ("thresholds.response[4]", "threshold True: expected a percentage"),
            ("thresholds.response[5]", "threshold level 2.0: expected a support level"),
            ("thresholds.response[6]", "expected a table, got a number 75"),
            ("thresholds.response[6]", "missing key 'at'"),
            ("thresholds.speed", "unknown metric: expected one of response, update, resolution"),
            (
                "thresholds.update",
                'expected an array of tables such as { at = "75%", name = "warn" }',
            ),
        ],
    ),
    "thresholds not a table": (
        "thresholds = 5\n" + PLAN + TARGETS,
        [("thresholds", "expected a table, got a number 5")],
    ),
    # priorities and aliases
    "bad aliases": (
        document(
            targets='[targets.response]\nhigh = "4h"\nlow = "24h"',
            rest='[priorities.aliases]\nalta = "highest"\nHigh = "low"\np1 = 1',
        ),
        [
            (
                "priorities.aliases.alta",
                "'highest' is not a priority: did you mean 'high'? (known: high, low)",
            ),
            ("priorities.aliases.High", "is already a priority: an alias must be another name"),
            ("priorities.aliases.p1", "expected a priority name, got a number"),
        ],
    ),
    "aliases not a table": (
        document(rest='[priorities]\naliases = "alta"'),
        [("priorities.aliases", "expected a table, got text 'alta'")],
    ),
    "order not an array of names": (
        document(rest='[priorities]\norder = "high"'),
        [("priorities.order", "expected an array of priority names, highest first")],
    ),
    # plans
    "default_plan not a plan": (
        document(policy='zone = "UTC"\ndefault_plan = "gold"'),
        [("policy.default_plan", "'gold' is not one of the plans: expected one of standard")],
    ),
    "default_plan not text": (
        document(policy='zone = "UTC"\ndefault_plan = 7'),
        [("policy.default_plan", "expected a plan name, got a number")],
    ),
    "no plans": (
        '[policy]\nzone = "UTC"\n' + TARGETS,
        [("plans", "expected at least one plan, e.g. [plans.standard]")],
    ),
    "empty plans table": (
        '[policy]\nzone = "UTC"\n[plans]\n' + TARGETS,
        [("plans", "expected at least one plan, e.g. [plans.standard]")],
    ),
    "plans not a table": (
        'plans = ["standard"]\n' + TARGETS,
        [
            ("plans", "expected a table, got an array ['standard']"),
            ("plans", "expected at least one plan"),
        ],
    ),
    "plan not a table": (
        '[policy]\nzone = "UTC"\n[plans]\nstandard = "09:00-18:00"\n' + TARGETS,
        [
            ("plans.standard", "expected a table, got text '09:00-18:00'"),
            ("plans.standard.hours", "missing"),
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_validation_problem(case: str) -> None:
    text, expected = CASES[case]
    assert_problems(problems_of(text), expected)


def test_documented_example_reports_seven_problems_in_order() -> None:
    text = """
[policy]
default_plan = "gold"

[plans.standard]
zone = "America/New_York"
huors = { mon-fri = "09:00-18:00" }
holidays = { country = "US", subdiv = "ZZ" }
overrides = { "2026-02-30" = [] }

[targets.response]
high = "-3h"

[priorities.aliases]
alta = "highest"
"""
    found = problems_of(text)
    assert [path for path, _ in found] == [
        "plans.standard.huors",
        "plans.standard.hours",
        "plans.standard.overrides.2026-02-30",
        "plans.standard.holidays",
        "targets.response.high",
        "priorities.aliases.alta",
        "policy.default_plan",
    ]
    assert str(PolicyFileError(list(found))).startswith("7 problems in the policy:\n")


def test_many_problems_from_every_section_at_once() -> None:
    text = """
[policy]
zone = "Mars/Base"
nmae = "x"

[priorities]
order = "high"
aliases = { alta = "highest" }

[targets.response]
high = "4 hours-ish"
[targets.speed]
high = "4h"

[thresholds]
response = [{ at = "abc" }]

[plans.standard]
hours = { funday = "09:00-18:00" }
holidays = { country = "XX" }
closed = ["2026-13-01"]
recurring = [{ rule = "FREQ=SOMETIMES" }]
overrides = { "2026-02-30" = [] }
naive = "maybe"

[plans.gold]
zone = "UTC"
"""
    assert_problems(
        problems_of(text),
        [
            ("policy.nmae", "unknown key"),
            ("policy.zone", "unknown time zone 'Mars/Base'"),
            ("plans.standard.hours.funday", "unknown day 'funday'"),
            ("plans.standard.overrides.2026-02-30", "is not a date"),
            ("plans.standard.holidays", "unknown country 'XX'"),
            ("plans.standard.closed[0]", "is not a date"),
            ("plans.standard.recurring[0].rule", "is not an RRULE"),
            ("plans.standard.naive", "expected 'assume' or 'reject'"),
            ("plans.gold.hours", "missing"),
            ("targets.response.high", "is not understood"),
            ("targets.speed", "unknown metric"),
            ("priorities.order", "expected an array of priority names"),
            ("thresholds.response[0]", "threshold 'abc'"),
            ("priorities.aliases.alta", "'highest' is not a priority: did you mean 'high'?"),
        ],
    )


def test_duplicate_threshold_percentages_name_their_key_path() -> None:
    found = problems_of(
        document(rest='[thresholds]\nresponse = [{ at = "75%" }, { at = 75, level = 2 }]')
    )
    assert_problems(
        found,
        [("thresholds.response[1]", "a second threshold at 75: expected each percentage once")],
    )


def test_duplicate_threshold_percentages_are_reported_with_the_other_problems() -> None:
    found = problems_of(
        document(
            plan='zone = "America/Miami"',
            policy="",
            rest='[thresholds]\nresponse = [{ at = "75%" }, { at = 75, level = 2 }]',
        )
    )
    assert [path for path, _ in found] == ["plans.standard.zone", "thresholds.response[1]"]


def test_empty_targets_name_their_key_path() -> None:
    found = problems_of(document(targets="[targets.response]"))
    assert len(found) == 1
    assert found[0][0].startswith("targets"), found


def test_plans_differing_only_in_case_are_a_problem() -> None:
    # Plan names are case-insensitive (policy.plan("GOLD") finds "gold"), so two tables that
    # differ only in case name one plan twice; the Python API refuses that ("given twice").
    found = problems_of(
        document(rest='[plans.Standard]\nzone = "UTC"\nhours = { mon-sun = "00:00-24:00" }')
    )
    assert any(path.startswith("plans") for path, _ in found), found


# -- reading files ----------------------------------------------------------------------------------


def test_load_policy_from_path(tmp_path: Path) -> None:
    file = tmp_path / "policy.toml"
    file.write_text(PLAN + TARGETS, encoding="utf-8")
    for where in (file, str(file)):
        # Fri Nov 20 16:00 + 4 h: Mon Nov 23 11:00.
        assert str(load_policy(where).deadline("high", "2026-11-20 16:00")) == (
            "2026-11-23 11:00:00-05:00"
        )


def test_problems_in_a_file_name_the_file(tmp_path: Path) -> None:
    file = tmp_path / "policy.toml"
    file.write_text(PLAN + '[targets.response]\nhigh = "4 hours-ish"\n', encoding="utf-8")
    with pytest.raises(PolicyFileError) as excinfo:
        load_policy(file)
    assert excinfo.value.source == str(file)
    assert str(excinfo.value).startswith(f"1 problem in {file}:\n  targets.response.high: ")


def test_not_valid_toml(tmp_path: Path) -> None:
    with pytest.raises(PolicyFileError) as excinfo:
        loads_policy("[plans.standard\nzone = 1", source="desk.toml")
    ((path, message),) = excinfo.value.problems
    assert path == ""
    assert message.startswith("desk.toml is not valid TOML: ")
    assert "line 1" in message
    file = tmp_path / "broken.toml"
    file.write_text("x = = 1", encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"broken\.toml is not valid TOML: Invalid value"):
        load_policy(file)


def test_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(PolicyFileError) as excinfo:
        load_policy(missing)
    assert excinfo.value.problems == (("", "cannot read it: No such file or directory"),)
    assert str(excinfo.value).startswith(f"1 problem in {missing}:")
    with pytest.raises(PolicyFileError) as excinfo:
        load_policy(tmp_path)
    ((path, message),) = excinfo.value.problems
    assert (path, message) == ("", "cannot read it: Is a directory")
    assert excinfo.value.source == str(tmp_path)


def test_file_that_is_not_utf8_is_a_policy_file_error(tmp_path: Path) -> None:
    file = tmp_path / "latin1.toml"
    file.write_bytes((PLAN + TARGETS + '[policy]\nname = "Mesa de ayuda Año"\n').encode("latin-1"))
    with pytest.raises(PolicyFileError, match=r"latin1\.toml"):
        load_policy(file)


def test_priority_order_entries_are_checked() -> None:
    found = problems_of(
        document(
            rest='[priorities]\norder = ["high", "hihg"]',
            targets='[targets.response]\nhigh = "4h"\nlow = "24h"',
        )
    )
    assert_problems(
        found,
        [
            (
                "priorities.order[1]",
                "'hihg' has no target: did you mean 'high'? (known: high, low)",
            ),
            (
                "targets.response.low",
                "unknown priority 'low' in targets.response: expected one of high, hihg",
            ),
        ],
    )


def test_priority_order_ranks_across_metrics() -> None:
    policy = loads_policy(
        document(
            rest='[priorities]\norder = ["high", "medium", "low"]\n[targets.resolution]\nmedium = "5bd"',
            targets='[targets.response]\nhigh = "4h"\nlow = "24h"',
        )
    )
    assert policy.priorities == ("high", "medium", "low")


# -- mistakes caught, with the fix suggested ------------------------------------------------------

MIAMI = (EXAMPLES / "miami-desk.toml").read_text(encoding="utf-8")


def single_problem(text: str) -> tuple[str, str]:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


def test_a_plan_target_under_a_mistyped_priority_is_named_at_its_key_path() -> None:
    # Without the check, hihg would be a new priority, and high on 24x7 would keep the
    # general 4h instead of 1h.
    text = MIAMI.replace('high = "1h calendar"', 'hihg = "1h calendar"')
    assert single_problem(text) == (
        "plans.24x7.targets.response.hihg",
        "unknown priority 'hihg' in plans.24x7.targets.response: did you mean 'high'? "
        "(known: high, medium, low)",
    )
    with pytest.raises(
        PolicyFileError,
        match=r"^1 problem in the policy:\n  plans\.24x7\.targets\.response\.hihg: unknown "
        r"priority 'hihg' in plans\.24x7\.targets\.response: did you mean 'high'\? "
        r"\(known: high, medium, low\)$",
    ):
        loads_policy(text)


def test_a_plan_target_under_a_name_far_from_every_priority() -> None:
    text = MIAMI.replace('high = "1h calendar"', 'vip = "1h calendar"')
    assert single_problem(text) == (
        "plans.24x7.targets.response.vip",
        "unknown priority 'vip' in plans.24x7.targets.response: expected one of high, medium, low",
    )


def test_a_plan_target_under_an_alias_names_the_priority() -> None:
    text = MIAMI.replace('high = "1h calendar"', 'critical = "1h calendar"')
    assert single_problem(text) == (
        "plans.24x7.targets.response.critical",
        "unknown priority 'critical' in plans.24x7.targets.response: it is an alias of "
        "'high': expected the priority itself, 'high'",
    )


def test_priorities_order_declares_the_priorities_of_every_target() -> None:
    latam = (EXAMPLES / "latam-desk.toml").read_text(encoding="utf-8")
    text = latam.replace('[targets.resolution]\nhigh = "2bd"', '[targets.resolution]\nhgih = "2bd"')
    assert single_problem(text) == (
        "targets.resolution.hgih",
        "unknown priority 'hgih' in targets.resolution: did you mean 'high'? "
        "(known: high, medium, low)",
    )


def test_a_policy_with_plan_targets_only_declares_its_priorities_there() -> None:
    # No [targets] and no priorities.order: the plans' targets name the priorities.
    policy = loads_policy(
        '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
        '[plans.standard.targets.response]\nhigh = "4h"\nlow = "8h"\n'
    )
    assert policy.priorities == ("high", "low")


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        (
            MIAMI.replace("[targets.resolution]", "[targets.resolutoin]"),
            "targets.resolutoin",
            "unknown metric: did you mean 'resolution'? (known: response, update, resolution)",
        ),
        (
            MIAMI.replace("[plans.24x7.targets.response]", "[plans.24x7.targets.respones]"),
            "plans.24x7.targets.respones",
            "unknown metric: did you mean 'response'? (known: response, update, resolution)",
        ),
        (
            MIAMI.replace('resolution = [{ at = "100%"', 'resolutoin = [{ at = "100%"'),
            "thresholds.resolutoin",
            "unknown metric: did you mean 'resolution'? (known: response, update, resolution)",
        ),
        (
            MIAMI.replace('default_plan = "standard"', 'default_plan = "standrad"'),
            "policy.default_plan",
            "'standrad' is not one of the plans: did you mean 'standard'? (known: standard, 24x7)",
        ),
        (
            MIAMI.replace('normal = "medium"', 'normal = "meduim"'),
            "priorities.aliases.normal",
            "'meduim' is not a priority: did you mean 'medium'? (known: high, medium, low)",
        ),
        (
            MIAMI.replace("[priorities.aliases]", "[priorities.alias]"),
            "priorities.alias",
            "unknown key: did you mean 'aliases'? (known: order, aliases)",
        ),
        (
            MIAMI.replace('zone = "America/New_York"', 'zone = "America/Bogotá"'),
            "policy.zone",
            "unknown time zone 'America/Bogotá': did you mean 'America/Bogota'? "
            "(expected an IANA zone name)",
        ),
        (
            MIAMI.replace('zone = "America/New_York"', 'zone = "EST"'),
            "policy.zone",
            "time zone 'EST' is an abbreviation, a fixed offset (UTC-05:00) that ignores "
            "daylight saving: expected the IANA zone of the place, such as 'America/New_York', "
            "'America/Toronto', 'America/Detroit' or 'America/Panama'",
        ),
    ],
    ids=[
        "metric",
        "plan metric",
        "threshold metric",
        "default plan",
        "alias",
        "key",
        "zone",
        "abbreviation",
    ],
)
def test_mistypes_are_named_with_the_fix_suggested(text: str, path: str, message: str) -> None:
    assert single_problem(text) == (path, message)


@pytest.mark.parametrize("hours", ["hours = {}", 'hours = { mon-fri = [], "sat,sun" = [] }'])
def test_a_plan_that_never_opens_is_a_problem(hours: str) -> None:
    assert single_problem(document(hours=hours)) == (
        "plans.standard.hours",
        'opens no day: expected opening hours such as { mon-fri = "09:00-18:00" } '
        "(a plan that never opens can meet no target)",
    )


def test_a_plan_open_only_on_its_overrides_is_not_a_problem() -> None:
    policy = loads_policy(
        document(hours="hours = {}", plan='overrides = { 2026-12-05 = "10:00-16:00" }')
    )
    assert str(policy.deadline("high", "2026-12-01 00:00")) == "2026-12-05 14:00:00-05:00"


def test_holidays_of_several_countries_and_subdivisions_on_one_plan() -> None:
    policy = loads_policy(
        document(
            hours='zone = "America/Bogota"\nhours = { mon-fri = "09:00-18:00" }',
            plan='holidays = [{ country = "CO", language = "es" }, '
            '{ country = "US", subdiv = "FL" }]',
        )
    )
    calendar = policy.plans["standard"].schedule.calendar
    assert calendar == union(
        country_calendar("CO", language="es"), country_calendar("US", subdiv="FL")
    )
    assert date(2026, 7, 20) in calendar  # CO: Día de la Independencia
    assert date(2026, 11, 27) in calendar  # US-FL: Friday after Thanksgiving
    assert closure_name(calendar, date(2026, 7, 20)) == "Día de la Independencia"


def test_holidays_table_with_language_and_categories() -> None:
    policy = loads_policy(
        document(
            plan='holidays = { country = "NL", language = "nl", categories = ["public", "optional"] }'
        )
    )
    calendar = policy.plans["standard"].schedule.calendar
    assert calendar == country_calendar("NL", categories=["public", "optional"], language="nl")
    assert closure_name(calendar, date(2026, 5, 5)) == "Bevrijdingsdag"


def test_holidays_problems_name_their_place_in_the_array() -> None:
    found = problems_of(
        document(
            plan='holidays = ["CO", { country = "MX", subdiv = "CMX" }, '
            '{ country = "CO", language = "xx" }, { country = "US", categories = ["bnak"] }, '
            '{ country = "CO", language = 1 }, { subdiv = "FL" }, { country = "CO", lang = "es" }]'
        )
    )
    assert found == (
        (
            "plans.standard.holidays[0]",
            "expected a table such as { country = \"CO\" }, got text 'CO'",
        ),
        (
            "plans.standard.holidays[1]",
            "unknown subdivision 'CMX' of MX: the holidays package has no subdivisions of MX, "
            "expected none (the country's holidays alone)",
        ),
        (
            "plans.standard.holidays[2]",
            "unknown language 'xx' for holidays of CO: expected one of en_US, es, uk",
        ),
        (
            "plans.standard.holidays[3]",
            "unknown holiday category 'bnak' of US: expected one of government, half_day, "
            "public, unofficial",
        ),
        (
            "plans.standard.holidays[4].language",
            'expected a language code such as "es" or "en_US", got a number 1',
        ),
        (
            "plans.standard.holidays[5]",
            "missing key 'country': expected an ISO 3166 code such as \"US\"",
        ),
        (
            "plans.standard.holidays[6].lang",
            "unknown key: did you mean 'language'? (known: country, subdiv, categories, language)",
        ),
    )


def test_empty_holidays_array_is_a_problem() -> None:
    assert problems_of(document(plan="holidays = []")) == (
        (
            "plans.standard.holidays",
            'an empty array: expected tables such as { country = "CO" }, or no holidays key',
        ),
    )


def test_a_recurring_rule_with_a_number_out_of_range_is_a_problem() -> None:
    text = document(
        plan='recurring = [{ rule = "FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1", name = "Never" }]'
    )
    assert problems_of(text) == (
        (
            "plans.standard.recurring[0].rule",
            "recurrence 'FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1': BYMONTH=13: expected 1 to 12",
        ),
    )


def test_a_date_in_a_policy_file_may_have_spaces_around_it() -> None:
    """An override's date is read as `Schedule` reads its override keys: spaces around it
    are allowed (Thursday 24 December closes at 13:00)."""
    policy = loads_policy(
        """
        [policy]
        name = "Desk"
        zone = "America/New_York"
        default_plan = "standard"
        [targets.response]
        high = "4h"
        [plans.standard]
        hours = { mon-fri = "09:00-18:00" }
        overrides = { " 2026-12-24 " = "09:00-13:00" }
        """
    )
    assert str(policy.deadline("high", "2026-12-24 10:00")) == "2026-12-25 10:00:00-05:00"
