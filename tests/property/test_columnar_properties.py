"""The columnar path (slaclock.columnar) answers exactly what the scalar engine answers.

Every property draws a random schedule (tests/strategies.py: split days, overnight shifts, 24x7,
overrides, random calendars, zones such as Santiago and Lord Howe), a column of instants that
spans several years (around the schedule's DST changes, holidays and overrides, and anywhere in
2020-2035), with missing values in random positions, and checks the batch answer against the
scalar method called on each element: the same instant to the microsecond, missing exactly
where an input is missing. Instants are compared as integer microseconds.

Each column is given in one of four forms: a numpy ``datetime64`` array (UTC), a pandas
Series of aware values in a random zone, a pandas Series of naive wall times (read in the
schedule's zone; some jittered into DST gaps, where both paths must refuse), and a list of
``datetime`` / ISO text / ``None``. When the scalar engine refuses an element, the batch must
raise the same error, naming the position of a refused element.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model import EPOCH, to_us
from slaclock import (
    BusinessDays,
    Plan,
    Policy,
    SlaclockError,
    Target,
    Threshold,
    UnknownMetricError,
    UnknownPlanError,
    UnknownPriorityError,
    columnar,
    columnar_policy,
)
from strategies import (
    HOUR_US,
    PINS,
    ZONE_NAMES,
    anchors,
    durations,
    fewer_examples,
    instants,
    schedules,
    transitions,
)

U = timedelta(microseconds=1)
FORMS = ("numpy", "pandas aware", "pandas naive", "list")
FAR_US = st.integers(
    to_us(datetime(2020, 1, 1, tzinfo=UTC)), to_us(datetime(2036, 1, 1, tzinfo=UTC)) - 1
)
JITTER_MINUTES = st.sampled_from((0, 0, 0, 0, -90, -45, -30, 15, 30, 45, 90))
MISSING = st.integers(0, 6).map(lambda k: k == 0)


def examples(fraction: float) -> settings:
    """The profile's settings with a share of its examples (each builds several years of a
    random schedule's index); never below 10."""
    return settings(fewer_examples(fraction), suppress_health_check=list(HealthCheck))


@functools.cache
def gap_walls(tz_name: str) -> tuple[datetime, ...]:
    """Naive wall times in the middle of the zone's spring-forward gaps in 2024-2028."""
    tz = ZoneInfo(tz_name)
    found = []
    for change in transitions(tz_name):
        before = (EPOCH + U * (change - 1)).astimezone(tz)
        after = (EPOCH + U * change).astimezone(tz)
        jump = after.utcoffset() - before.utcoffset()  # type: ignore[operator]
        if jump > timedelta(0):
            found.append(after.replace(tzinfo=None) - jump / 2)
    return tuple(found)


# -- columns --------------------------------------------------------------------------------------


class Column:
    """One column of instants: the batch input in some form, and what the scalar engine is
    given for each element (``None`` where the element is missing)."""

    def __init__(self, batch: Any, scalar: list[Any]) -> None:
        self.batch = batch
        self.scalar = scalar

    def __len__(self) -> int:
        return len(self.scalar)


@st.composite
def moments(draw: st.DrawFn, model: Any, tz_name: str, anchor: Any, size: int) -> list[datetime]:
    """Aware instants: most near the anchor (edges, DST changes, New Year), some anywhere in
    2020-2035 (so that a column spans several UTC years)."""
    found = []
    for _ in range(size):
        if draw(st.integers(0, 3)) == 0:
            found.append(EPOCH + U * draw(FAR_US))
        else:
            found.append(draw(instants(model, tz_name, anchor)))
    return found


def in_form(
    draw: st.DrawFn, form: str, values: Sequence[datetime], missing: Sequence[bool], tz: Any
) -> Column:
    """The column in *form*; naive walls may be jittered into a DST gap on purpose."""
    size = len(values)
    utc = [value.astimezone(UTC) for value in values]
    if form == "numpy":
        micros = np.array([to_us(value) for value in utc], dtype=np.int64)
        micros[np.array(missing, dtype=bool)] = np.iinfo(np.int64).min
        return Column(
            micros.view("datetime64[us]"),
            [None if m else v for v, m in zip(utc, missing, strict=True)],
        )
    if form == "pandas aware":
        zone = draw(ZONE_NAMES)
        index = pd.DatetimeIndex([None if m else v for v, m in zip(utc, missing, strict=True)])
        index = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
        series = pd.Series(index.tz_convert(zone), index=range(10, 10 + size), name="at")
        return Column(series, [None if m else v for v, m in zip(utc, missing, strict=True)])
    if form == "pandas naive":
        walls: list[datetime | None] = []
        for value, gone in zip(values, missing, strict=True):
            wall = value.astimezone(tz).replace(tzinfo=None, fold=0)
            walls.append(None if gone else wall + timedelta(minutes=draw(JITTER_MINUTES)))
        gaps = gap_walls(tz.key)
        if gaps and draw(st.integers(0, 3)) == 0:  # a wall time that never happened
            walls[draw(st.integers(0, size - 1))] = draw(st.sampled_from(gaps))
        series = pd.Series(pd.DatetimeIndex(walls).as_unit("us"), name="naive")
        return Column(series, walls)
    items: list[Any] = []
    for value, gone in zip(values, missing, strict=True):
        kind = draw(st.sampled_from(("aware", "aware", "naive", "text")))
        if gone:
            items.append(draw(st.sampled_from((None, float("nan"), pd.NaT))))
        elif kind == "aware":
            items.append(value)
        elif kind == "naive":  # keeps fold, which the scalar engine honours too
            items.append(value.astimezone(tz).replace(tzinfo=None))
        else:
            items.append(value.isoformat())
    return Column(
        items, [None if gone else item for item, gone in zip(items, missing, strict=True)]
    )


@st.composite
def cases(draw: st.DrawFn, form: str, columns: int = 1) -> tuple[Any, list[Column], list[Any], int]:
    """A random schedule, *columns* columns of instants in *form*, per-element durations (some
    missing), and the cap on durations (as tests/strategies.py: results within about a year)."""
    if draw(st.integers(0, 9)) == 0:
        pinned = draw(st.sampled_from(PINS))
        schedule, model = pinned.schedule, pinned.model
        tz_name = schedule.tz.key
        anchor = pinned.instants[0].date()
    else:
        tz_name = draw(ZONE_NAMES)
        anchor = draw(anchors(tz_name))
        schedule, model = draw(schedules(tz_name, anchor))
    size = draw(st.integers(1, 12))
    found = []
    for _ in range(columns):
        values = draw(moments(model, tz_name, anchor, size))
        missing = draw(st.lists(MISSING, min_size=size, max_size=size))
        found.append(in_form(draw, form, values, missing, schedule.tz))
    weekly = sum(end - start for day in model.days for start, end in day) * 1_000_000
    cap = min(2_000 * HOUR_US, weekly * 30)
    spans = [None if draw(MISSING) else draw(durations(cap)) for _ in range(size)]
    return schedule, found, spans, cap


# -- comparing ---------------------------------------------------------------------------------------


def micros_of(result: Any) -> list[int | None]:
    """Instants (datetime64 array, pandas Series or DatetimeIndex) as µs, None where missing."""
    if isinstance(result, pd.Series):
        result = pd.DatetimeIndex(result)
    if isinstance(result, pd.DatetimeIndex):
        result = np.asarray(result.tz_convert(None), dtype="datetime64[us]")
    assert result.dtype == np.dtype("datetime64[us]")
    return [None if np.isnat(value) else int(value.view(np.int64)) for value in result]


def expected(ask: Callable[..., Any], *columns: Sequence[Any]) -> tuple[list[Any], dict[int, type]]:
    """The scalar answer per element (None where an argument is missing), and the positions
    at which the scalar engine refuses an element, with the error's class."""
    answers: list[Any] = []
    refused: dict[int, type] = {}
    for position, arguments in enumerate(zip(*columns, strict=True)):
        if any(argument is None for argument in arguments):
            answers.append(None)
            continue
        try:
            answer = ask(*arguments)
        except SlaclockError as err:
            refused[position] = type(err)
            answers.append(None)
            continue
        answers.append(to_us(answer) if isinstance(answer, datetime) else answer)
    return answers, refused


def agree(batch: Callable[[], Any], answers: list[Any], refused: dict[int, type]) -> Any:
    """Run *batch*: it must raise for a refused element (naming its position) or agree."""
    if refused:
        with pytest.raises(SlaclockError) as info:
            batch()
        found = re.match(r"position (\d+): ", str(info.value))
        assert found, info.value
        position = int(found[1])
        assert refused.get(position) is type(info.value), (position, refused, info.value)
        return None
    return batch()


def check_kind(result: Any, column: Column, tz: Any) -> None:
    """pandas in, pandas out (same index and name, in the schedule's zone); else UTC numpy."""
    if isinstance(column.batch, pd.Series):
        assert isinstance(result, pd.Series)
        assert result.index.equals(column.batch.index)
        assert result.name == column.batch.name
        assert str(result.dt.tz) == str(tz)
    else:
        assert isinstance(result, np.ndarray)


# -- the schedule's questions ---------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
@given(data=st.data())
@examples(0.6)
def test_add_and_subtract_agree_with_the_scalar_engine(form: str, data: st.DataObject) -> None:
    schedule, (column,), spans, cap = data.draw(cases(form))
    one = data.draw(st.booleans())
    if one:  # one duration for every element
        spans = [data.draw(durations(cap))] * len(column)
        given_spans: Any = spans[0]
    else:
        given_spans = data.draw(st.sampled_from(("numpy", "list", "pandas")))
        micros = [np.iinfo(np.int64).min if s is None else s // U for s in spans]
        array = np.array(micros, dtype=np.int64).view("timedelta64[us]")
        given_spans = {
            "numpy": array,
            "list": [pd.NaT if s is None else s for s in spans],
            "pandas": pd.Series(array),
        }[given_spans]
    for batch, scalar in ((columnar.add, schedule.add), (columnar.subtract, schedule.subtract)):
        answers, refused = expected(scalar, column.scalar, spans)
        result = agree(lambda: batch(schedule, column.batch, given_spans), answers, refused)  # noqa: B023
        if result is not None:
            check_kind(result, column, schedule.tz)
            assert micros_of(result) == answers
    schedule._check()


@pytest.mark.parametrize("form", FORMS)
@given(data=st.data())
@examples(0.6)
def test_elapsed_is_open_and_next_open_agree_with_the_scalar_engine(
    form: str, data: st.DataObject
) -> None:
    schedule, (first, second), _, _ = data.draw(cases(form, columns=2))
    answers, refused = expected(schedule.elapsed, first.scalar, second.scalar)
    result = agree(lambda: columnar.elapsed(schedule, first.batch, second.batch), answers, refused)
    if result is not None:
        values = np.asarray(result, dtype="timedelta64[us]")
        found = [None if np.isnat(v) else U * int(v.view(np.int64)) for v in values]
        assert found == answers
    answers, refused = expected(schedule.is_open, first.scalar)
    result = agree(lambda: columnar.is_open(schedule, first.batch), answers, refused)
    if result is not None:
        if isinstance(result, pd.Series):
            assert str(result.dtype) == "boolean"
            found = [None if value is pd.NA else bool(value) for value in result]
        else:
            mask = np.ma.getmaskarray(result)
            data_ = np.ma.getdata(result)
            found = [None if gone else bool(v) for v, gone in zip(data_, mask, strict=True)]
        assert found == answers
    answers, refused = expected(schedule.next_open, first.scalar)
    result = agree(lambda: columnar.next_open(schedule, first.batch), answers, refused)
    if result is not None:
        check_kind(result, first, schedule.tz)
        assert micros_of(result) == answers
    schedule._check()


@pytest.mark.parametrize("form", FORMS)
@given(data=st.data())
@examples(0.4)
def test_boundaries_and_closures_agree_with_the_scalar_engine(
    form: str, data: st.DataObject
) -> None:
    schedule, (column,), _, _ = data.draw(cases(form))
    for batch, scalar in (
        (columnar.next_close, schedule.next_close),
        (columnar.previous_close, schedule.previous_close),
        (columnar.previous_open, schedule.previous_open),
    ):
        answers, refused = expected(scalar, column.scalar)
        result = agree(lambda: batch(schedule, column.batch), answers, refused)  # noqa: B023
        if result is not None:
            check_kind(result, column, schedule.tz)
            assert micros_of(result) == answers, scalar
    answers, refused = expected(schedule.closure, column.scalar)
    result = agree(lambda: columnar.closure(schedule, column.batch), answers, refused)
    if result is not None:
        assert result == answers
    schedule._check()


@pytest.mark.parametrize("form", FORMS)
@given(data=st.data())
@examples(0.3)
def test_business_days_agree_with_the_scalar_engine(form: str, data: st.DataObject) -> None:
    schedule, (first, second), _, _ = data.draw(cases(form, columns=2))
    counts = data.draw(st.lists(st.integers(-5, 5), min_size=len(first), max_size=len(first)))
    one = data.draw(st.booleans())
    given_counts: Any = counts[0] if one else np.array(counts)
    if one:
        counts = [counts[0]] * len(first)
    answers, refused = expected(schedule.add_days, first.scalar, counts)
    result = agree(lambda: columnar.add_days(schedule, first.batch, given_counts), answers, refused)
    if result is not None:
        check_kind(result, first, schedule.tz)
        assert micros_of(result) == answers
    answers, refused = expected(schedule.days_between, first.scalar, second.scalar)
    result = agree(
        lambda: columnar.days_between(schedule, first.batch, second.batch), answers, refused
    )
    if result is not None:
        if isinstance(result, pd.Series):
            found = [None if value is pd.NA else int(value) for value in result]
        else:
            mask = np.ma.getmaskarray(result)
            found = [
                None if gone else int(v)
                for v, gone in zip(np.ma.getdata(result), mask, strict=True)
            ]
        assert found == answers


# -- policies -------------------------------------------------------------------------------------

PRIORITIES = ("high", "medium", "low")
LABELS = ("high", "High", "p1", "medium", "media", "p2", "low", "Baja")
UNKNOWN_LABELS = ("urgent", "", "p9")


@st.composite
def targets(draw: st.DrawFn) -> Target:
    kind = draw(st.sampled_from(("business", "business", "calendar", "days")))
    if kind == "days":
        return Target(BusinessDays(draw(st.integers(0, 6))))
    micros = draw(
        st.one_of(st.integers(0, 200 * HOUR_US), st.integers(1, 60).map(lambda h: h * HOUR_US))
    )
    return Target(U * micros, kind)  # type: ignore[arg-type]


PERCENTS = st.one_of(
    st.integers(1, 200).map(Fraction),
    st.sampled_from((Fraction(175, 2), Fraction(100, 3), Fraction(1, 10**6))),
)


@st.composite
def policies(draw: st.DrawFn) -> tuple[Policy, list[str]]:
    """A policy of 1-3 random plans (usually in different zones), plan-specific targets, and
    thresholds (some sharing a name)."""
    names = ["alpha", "beta", "gamma"][: draw(st.integers(1, 3))]
    plans: dict[str, Any] = {}
    for name in names:
        tz_name = draw(ZONE_NAMES)
        schedule, _ = draw(schedules(tz_name, draw(anchors(tz_name))))
        own = {p: draw(targets()) for p in PRIORITIES if draw(st.integers(0, 3)) == 0}
        plans[name] = Plan(name, schedule, {"response": own}) if own else schedule
    shares = draw(st.lists(PERCENTS, max_size=4, unique=True))
    thresholds = [
        Threshold(
            share, level=draw(st.integers(0, 3)), name=draw(st.sampled_from(("", "", "alert")))
        )
        for share in shares
    ]
    policy = Policy(
        targets={"response": {p: draw(targets()) for p in PRIORITIES}},
        plans=plans,
        aliases={"media": "medium", "baja": "low", "p1": "high", "p2": "medium"},
        thresholds=thresholds,
    )
    return policy, names


@pytest.mark.parametrize("form", FORMS)
@given(data=st.data())
@examples(0.4)
def test_deadlines_and_escalations_agree_with_the_policy(form: str, data: st.DataObject) -> None:
    policy, names = data.draw(policies())
    coerce = data.draw(st.booleans())
    size = data.draw(st.integers(1, 10))
    labels = LABELS + (UNKNOWN_LABELS if coerce else ())
    priorities = [data.draw(st.sampled_from((*labels, None))) for _ in range(size)]
    plan_names = [
        data.draw(st.sampled_from((*names, None, *(("platinum",) if coerce else ()))))
        for _ in range(size)
    ]
    default = policy.plan()
    values = [EPOCH + U * data.draw(FAR_US) for _ in range(size)]
    missing = data.draw(st.lists(MISSING, min_size=size, max_size=size))
    # Naive walls are read in each row's plan's zone; build them in the default plan's zone.
    column = in_form(data.draw, form, values, missing, default.schedule.tz)
    errors = "coerce" if coerce else "raise"
    label_errors = (UnknownPriorityError, UnknownPlanError, UnknownMetricError)

    # A missing plan means the default plan: wrap each plan so that `expected` does not skip it.
    plan_rows = [(plan,) for plan in plan_names]

    def deadline(priority: Any, submitted: Any, plan: tuple[Any]) -> Any:
        try:
            return policy.deadline(priority, submitted, plan=plan[0])
        except label_errors:
            return None  # coerced

    answers, refused = expected(deadline, priorities, column.scalar, plan_rows)
    result = agree(
        lambda: columnar_policy.deadlines(
            policy, priorities, column.batch, plans=plan_names, errors=errors
        ),
        answers,
        refused,
    )
    if result is not None:
        assert micros_of(result) == answers
        zones = {
            str(policy.plan(p).schedule.tz)
            for p, a in zip(plan_names, answers, strict=True)
            if a is not None
        }
        if isinstance(result, pd.Series) and len(zones) > 1:
            assert str(result.dt.tz) == "UTC"
        elif isinstance(result, pd.Series) and zones:
            assert str(result.dt.tz) == zones.pop()

    def fired(priority: Any, submitted: Any, plan: tuple[Any]) -> Any:
        try:
            return [to_us(at) for _, at in policy.escalations(priority, submitted, plan=plan[0])]
        except label_errors:
            return None

    answers, refused = expected(fired, priorities, column.scalar, plan_rows)
    result = agree(
        lambda: columnar_policy.escalations(
            policy, priorities, column.batch, plans=plan_names, errors=errors
        ),
        answers,
        refused,
    )
    if result is not None:
        thresholds = policy.thresholds()
        assert len(result) == len(thresholds)
        for index, (key, values_found) in enumerate(result.items()):
            assert key.startswith(thresholds[index].name)
            assert micros_of(values_found) == [None if a is None else a[index] for a in answers]
