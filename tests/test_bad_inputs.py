"""Inputs that once broke the error contract (issue 19): each now raises slaclock's own error,
quickly, with a message naming the value and what was expected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slaclock import InvalidCalendarError, PolicyFileError, country_calendar
from slaclock.cli import main
from slaclock.config import loads_policy

PLAN = '[plans.standard]\nzone = "UTC"\nhours = { mon-fri = "09:00-18:00" }\n'
TARGETS = '[targets.response]\nhigh = "4h"\n'


def raises(error: type[Exception], message: str) -> pytest.RaisesContext[Exception]:
    """Expect *error* with exactly *message*."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(PolicyFileError) as caught:
        loads_policy(text)
    return list(caught.value.problems)


# -- 1: nesting deeper than the TOML reader's stack ---------------------------------------------


def test_deep_nesting_is_a_policy_problem_at_its_line() -> None:
    text = PLAN + TARGETS + "x = " + "[" * 1000 + "]" * 1000
    assert problems(text) == [
        ("line 6", "arrays or tables nested too deeply to read: expected at most 100 levels")
    ]


def test_deep_nesting_of_inline_tables_after_brackets_in_text() -> None:
    text = 'name = "[[[[" # [[[[\n\nx = ' + "{a=" * 1000 + "1" + "}" * 1000
    assert problems(text) == [
        ("line 3", "arrays or tables nested too deeply to read: expected at most 100 levels")
    ]


def test_a_number_longer_than_python_reads_is_a_policy_problem() -> None:
    assert problems(PLAN + "x = " + "9" * 5000) == [
        ("line 4", "a number of 5000 digits: expected at most 4300 digits")
    ]


def test_check_reports_deep_nesting_as_a_problem_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().err == (
        f"slaclock: 1 problem in {path}:\n"
        "  line 1: arrays or tables nested too deeply to read: expected at most 100 levels\n"
    )


# -- 2: holiday keys of the wrong type ------------------------------------------------------------


def test_holiday_categories_of_the_wrong_type_are_reported_at_their_key() -> None:
    text = PLAN + 'holidays = { country = "US", categories = 5 }\n' + TARGETS
    assert problems(text) == [
        (
            "plans.standard.holidays.categories",
            'expected a category such as "public", or an array of them, got a number 5',
        )
    ]


def test_every_holiday_key_of_the_wrong_type_is_reported() -> None:
    text = PLAN + 'holidays = { country = 5, subdiv = [1], categories = ["public", 2] }\n'
    assert problems(text + TARGETS) == [
        (
            "plans.standard.holidays.country",
            'expected an ISO 3166 code such as "US", got a number 5',
        ),
        (
            "plans.standard.holidays.subdiv",
            'expected a subdivision code such as "FL", got an array [1]',
        ),
        (
            "plans.standard.holidays.categories",
            "expected a category such as \"public\", or an array of them, got an array ['public', 2]",
        ),
    ]


@pytest.mark.parametrize("categories", [5, {"a": 1}, ["public", 3], b"public"])
def test_country_calendar_refuses_categories_of_the_wrong_type(categories: object) -> None:
    message = (
        f"holiday categories {categories!r}: expected a category name such as 'public', "
        "or a list of them"
    )
    with raises(InvalidCalendarError, message):
        country_calendar("US", categories=categories)  # type: ignore[arg-type]


def test_country_calendar_refuses_a_subdivision_that_is_not_text() -> None:
    with raises(InvalidCalendarError, "subdivision 5 of US: expected text such as 'FL', got int"):
        country_calendar("US", subdiv=5)  # type: ignore[arg-type]
