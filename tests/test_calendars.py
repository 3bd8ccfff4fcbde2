"""Holiday calendars: country feeds, company closures, recurrences, unions, your own class.

Holiday facts quoted below come from the `holidays` package's calendars for 2026:
US-FL: Thanksgiving Thu 2026-11-26 and the Friday after, Fri 2026-11-27 (Florida only).
AR: May Revolution Day Mon 2026-05-25, Independence Day Thu 2026-07-09, a bridge holiday
Fri 2026-07-10, Christmas Fri 2026-12-25; bank category: Bank Employee Day Fri 2026-11-06.
"""

from __future__ import annotations

import pickle
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import FR, WEEKLY, YEARLY, rrule, rruleset

from slaclock import (
    Calendar,
    ClosedDates,
    InvalidCalendarError,
    Recurring,
    Schedule,
    closure_name,
    country_calendar,
    union,
)

BA = ZoneInfo("America/Argentina/Buenos_Aires")
NY = ZoneInfo("America/New_York")
CHRISTMAS_EVE = rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2000, 1, 1))


# -- country calendars -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "subdiv", "day", "closed"),
    [
        ("US", "FL", date(2026, 11, 26), True),  # Thanksgiving
        ("US", "FL", date(2026, 11, 27), True),  # Friday after Thanksgiving (Florida)
        ("US", None, date(2026, 11, 26), True),
        ("US", None, date(2026, 11, 27), False),  # not a federal holiday
        ("US", "FL", date(2026, 11, 25), False),
        ("US", "FL", date(2026, 12, 25), True),
        ("AR", None, date(2026, 5, 25), True),
        ("AR", None, date(2026, 7, 9), True),
        ("AR", None, date(2026, 7, 10), True),
        ("AR", None, date(2026, 7, 8), False),
        ("ar", None, date(2026, 5, 25), True),  # country codes are case-insensitive
        (" AR ", None, date(2026, 7, 9), True),
    ],
)
def test_country_calendar(country: str, subdiv: str | None, day: date, closed: bool) -> None:
    calendar = country_calendar(country, subdiv=subdiv)
    assert (day in calendar) is closed
    assert isinstance(calendar, Calendar)


def test_country_calendar_categories() -> None:
    public = country_calendar("AR")
    bank = country_calendar("AR", categories="bank")
    both = country_calendar("AR", categories=("public", "bank"))
    assert date(2026, 11, 6) not in public
    assert date(2026, 11, 6) in bank
    assert date(2026, 5, 25) not in bank
    assert date(2026, 11, 6) in both
    assert date(2026, 5, 25) in both
    assert date(2026, 5, 25) in country_calendar("AR", categories=["public"])


def test_closure_names() -> None:
    florida = country_calendar("US", subdiv="FL")
    assert closure_name(florida, date(2026, 11, 26)) == "Thanksgiving Day"
    assert closure_name(florida, date(2026, 11, 27)) == "Friday After Thanksgiving"
    assert closure_name(florida, date(2026, 11, 25)) is None
    assert closure_name(country_calendar("AR", language="en_US"), date(2026, 5, 25)) == (
        "May Revolution Day"
    )
    assert closure_name(country_calendar("AR", language="es"), date(2026, 5, 25)) == (
        "Día de la Revolución de Mayo"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"country": "XX"},
            "unknown country 'XX': expected an ISO 3166-1 alpha-2 code that the holidays "
            "package supports, such as 'US', 'AR', 'MX'",
        ),
        (
            {"country": "Argentina"},
            "unknown country 'Argentina': did you mean 'AR'? (expected an ISO 3166-1 alpha-2 "
            "code that the holidays package supports, such as 'US', 'AR', 'MX')",
        ),
        (
            {"country": "united states"},
            "unknown country 'united states': did you mean 'US'? (expected an ISO 3166-1 alpha-2 "
            "code that the holidays package supports, such as 'US', 'AR', 'MX')",
        ),
        ({"country": ""}, "country '': expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'"),
        (
            {"country": "  "},
            "country '  ': expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'",
        ),
        ({"country": 42}, "country 42: expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'"),
        (
            {"country": None},
            "country None: expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'",
        ),
    ],
)
def test_unknown_country(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}$"):
        country_calendar(**kwargs)  # type: ignore[arg-type]


def test_unknown_subdivision() -> None:
    with pytest.raises(
        InvalidCalendarError,
        match=r"^unknown subdivision 'ZZ' of US: expected one of AK, AL, .*\bFL\b.*, WY$",
    ):
        country_calendar("US", subdiv="ZZ")
    with pytest.raises(
        InvalidCalendarError,
        match=r"^unknown subdivision 'FL' of AR: did you mean 'L' or 'F'\? \(known: A, B, C",
    ):
        country_calendar("AR", subdiv="FL")


@pytest.mark.parametrize(
    ("country", "categories", "message"),
    [
        ("AR", "nonsense", "unknown holiday category 'nonsense' of AR: expected one of "),
        (
            "US",
            ["public", "nope"],
            "unknown holiday category 'nope' of US: expected one of government, half_day, "
            "public, unofficial",
        ),
        (
            "US",
            "publc",
            "unknown holiday category 'publc' of US: did you mean 'public'? (known: government, "
            "half_day, public, unofficial)",
        ),
    ],
)
def test_unknown_category(country: str, categories: object, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}"):
        country_calendar(country, categories=categories)  # type: ignore[arg-type]


def test_calendar_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="unknown country 'XX'"):
        country_calendar("XX")


# -- ClosedDates -------------------------------------------------------------------------


def test_closed_dates() -> None:
    closures = ClosedDates({date(2026, 12, 28): "Company day", date(2026, 8, 14): None})
    assert date(2026, 12, 28) in closures
    assert date(2026, 8, 14) in closures
    assert date(2026, 12, 29) not in closures
    assert "2026-12-28" not in closures
    assert closures.get(date(2026, 12, 28)) == "Company day"
    assert closures.get(date(2026, 8, 14)) is None
    assert closures.get(date(2026, 12, 29)) is None
    assert closure_name(closures, date(2026, 12, 28)) == "Company day"
    assert list(closures.names) == [date(2026, 8, 14), date(2026, 12, 28)]  # sorted
    with pytest.raises(TypeError):
        closures.names[date(2026, 1, 2)] = "x"  # type: ignore[index]


def test_closed_dates_from_iterables() -> None:
    days = [date(2026, 12, 28), date(2026, 12, 29)]
    assert ClosedDates(days) == ClosedDates(set(days)) == ClosedDates(reversed(days))
    assert ClosedDates(days) != ClosedDates(days[:1])
    assert hash(ClosedDates(days)) == hash(ClosedDates(tuple(days)))
    assert ClosedDates() == ClosedDates([])
    assert date(2026, 1, 1) not in ClosedDates()


def test_closed_dates_repr_and_pickle() -> None:
    closures = ClosedDates({date(2026, 12, 28): "Company day"})
    assert repr(closures) == "ClosedDates({datetime.date(2026, 12, 28): 'Company day'})"
    assert eval(
        repr(closures), {"ClosedDates": ClosedDates, "datetime": __import__("datetime")}
    ) == (closures)
    assert pickle.loads(pickle.dumps(closures)) == closures


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-12-26", "closed date '2026-12-26': expected a datetime.date"),
        (
            datetime(2026, 12, 26),
            "closed date datetime.datetime(2026, 12, 26, 0, 0): expected a datetime.date",
        ),
        (20261226, "closed date 20261226: expected a datetime.date"),
    ],
)
def test_closed_dates_rejects_non_dates(value: object, message: str) -> None:
    with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}$"):
        ClosedDates([value])  # type: ignore[list-item]


# -- Recurring ---------------------------------------------------------------------------


def test_recurring_every_24_december() -> None:
    eve = Recurring(CHRISTMAS_EVE, "Christmas Eve")
    assert date(2026, 12, 24) in eve
    assert date(2031, 12, 24) in eve
    assert date(2026, 12, 25) not in eve
    assert date(1999, 12, 24) not in eve  # before dtstart
    assert datetime(2026, 12, 24, 15) in eve
    assert "2026-12-24" not in eve
    assert None not in eve
    assert eve.get(date(2026, 12, 24)) == "Christmas Eve"
    assert eve.get(date(2026, 12, 23)) is None
    assert closure_name(eve, date(2026, 12, 24)) == "Christmas Eve"
    assert closure_name(Recurring(CHRISTMAS_EVE), date(2026, 12, 24)) is None


def test_recurring_last_friday_of_november_and_rruleset() -> None:
    black_friday = Recurring(
        rrule(YEARLY, bymonth=11, byweekday=FR(-1), dtstart=datetime(2020, 1, 1))
    )
    assert date(2026, 11, 27) in black_friday
    assert date(2027, 11, 26) in black_friday
    assert date(2026, 11, 20) not in black_friday
    rules = rruleset()
    rules.rrule(rrule(WEEKLY, byweekday=FR, dtstart=datetime(2026, 1, 2)))  # every Friday
    rules.exdate(datetime(2026, 11, 20))
    fridays = Recurring(rules, "Remote Friday")
    assert date(2026, 11, 13) in fridays
    assert date(2026, 11, 20) not in fridays  # excluded
    assert date(2026, 11, 19) not in fridays


def test_recurring_with_aware_dtstart() -> None:
    aware = rrule(YEARLY, bymonth=12, bymonthday=24, dtstart=datetime(2000, 1, 1, tzinfo=BA))
    assert date(2026, 12, 24) in Recurring(aware)


def test_recurring_pickles_and_reprs() -> None:
    eve = Recurring(CHRISTMAS_EVE, "Christmas Eve")
    assert date(2026, 12, 24) in eve
    copy = pickle.loads(pickle.dumps(eve))
    assert date(2026, 12, 24) in copy
    assert copy.name == "Christmas Eve"
    assert eve.text == copy.text == "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24"
    written = Recurring(CHRISTMAS_EVE, None, " FREQ=YEARLY;BYMONTHDAY=24;BYMONTH=12 ")
    assert pickle.loads(pickle.dumps(written)).text == "FREQ=YEARLY;BYMONTHDAY=24;BYMONTH=12"
    assert repr(eve) == (
        "Recurring(rrulestr('DTSTART:20000101T000000\\nRRULE:FREQ=YEARLY;BYMONTH=12;"
        "BYMONTHDAY=24'), 'Christmas Eve')"
    )
    from dateutil.rrule import rrulestr

    again = eval(repr(eve), {"Recurring": Recurring, "rrulestr": rrulestr})
    assert str(again.rule) == str(eve.rule)


@pytest.mark.parametrize("rule", ["FREQ=YEARLY", None, 12])
def test_recurring_rejects_non_rules(rule: object) -> None:
    message = f"recurrence {rule!r}: expected a dateutil.rrule.rrule or rruleset"
    with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}$"):
        Recurring(rule)  # type: ignore[arg-type]


# -- union -------------------------------------------------------------------------------


@pytest.fixture
def argentina_company() -> object:
    return union(
        country_calendar("AR", language="en_US"),
        ClosedDates({date(2026, 12, 28): "Company day"}),
        {date(2026, 12, 29)},
        CHRISTMAS_EVE,
    )


@pytest.mark.parametrize(
    ("day", "closed", "name"),
    [
        (date(2026, 7, 9), True, "Independence Day"),
        (date(2026, 12, 25), True, "Christmas Day"),
        (date(2026, 12, 28), True, "Company day"),
        (date(2026, 12, 29), True, None),  # in a plain set: closed, unnamed
        (date(2026, 12, 24), True, None),  # rrule without a name
        (date(2027, 12, 24), True, None),
        (date(2026, 12, 30), False, None),
        (date(2026, 7, 8), False, None),
    ],
)
def test_union_of_feed_closures_and_rrule(argentina_company, day: date, closed: bool, name) -> None:
    assert (day in argentina_company) is closed
    assert closure_name(argentina_company, day) == name
    assert argentina_company.get(day) == name


def test_union_flattens_and_compares() -> None:
    a, b, c = ClosedDates([date(2026, 1, 2)]), ClosedDates([date(2026, 1, 3)]), {date(2026, 1, 4)}
    nested = union(union(a, b), c)
    assert len(nested.members) == 3
    assert nested == union(a, b, c)
    assert nested != union(a, b)
    assert union(a, b) == union(a, b)
    with pytest.raises(TypeError):
        hash(nested)
    assert repr(union(a)) == "union(ClosedDates({datetime.date(2026, 1, 2): None}))"
    copy = pickle.loads(pickle.dumps(nested))
    assert copy == nested
    assert date(2026, 1, 4) in copy


def test_union_names_come_from_the_first_member_that_has_one() -> None:
    first = ClosedDates({date(2026, 12, 25): "Office party"})
    second = country_calendar("AR", language="en_US")
    assert union(first, second).get(date(2026, 12, 25)) == "Office party"
    assert union(second, first).get(date(2026, 12, 25)) == "Christmas Day"
    unnamed = ClosedDates([date(2026, 12, 25)])
    assert union(unnamed, second).get(date(2026, 12, 25)) == "Christmas Day"


@pytest.mark.parametrize(("value", "kind"), [(42, "int"), (None, "NoneType"), (3.5, "float")])
def test_union_rejects_non_calendars(value: object, kind: str) -> None:
    message = (
        f"calendar {value!r}: expected an object that answers `day in calendar` (a holidays "
        f"object, a set of dates, a dateutil rrule), got {kind}"
    )
    with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}$"):
        union(value)
    if value is not None:  # calendar=None means "no closed dates"
        with pytest.raises(InvalidCalendarError, match=f"^{re.escape(message)}$"):
            Schedule({"mon": "09:00-18:00"}, tz="UTC", calendar=value)


def test_schedule_with_union_calendar(argentina_company) -> None:
    desk = Schedule(
        {"mon-fri": "09:00-18:00"}, tz="America/Argentina/Buenos_Aires", calendar=argentina_company
    )
    # Wed 2026-12-23 17:00 + 2 h: 1 h on Wednesday; Thu 24 (rrule), Fri 25 (Christmas),
    # weekend, Mon 28 (company day), Tue 29 (set) closed; Wed 30 09:00-10:00.
    assert desk.add(datetime(2026, 12, 23, 17, tzinfo=BA), "2h") == datetime(
        2026, 12, 30, 10, tzinfo=BA
    )
    # Wed 2026-07-08 17:00 + 2 h: Thu 9 and Fri 10 closed by the country feed.
    assert desk.add(datetime(2026, 7, 8, 17, tzinfo=BA), "2h") == datetime(
        2026, 7, 13, 10, tzinfo=BA
    )
    desk._check()


# -- user-written calendars --------------------------------------------------------------


class ClosedOnFirstOfMonth:
    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day.day == 1


class NamedInventory:
    """Closed on the last weekday of June, with a name."""

    def __contains__(self, day: object) -> bool:
        return day == date(2026, 6, 30)

    def get(self, day: date) -> str | None:
        return "Inventory" if day in self else None


class BrokenGet:
    def __contains__(self, day: object) -> bool:
        return True

    def get(self, day: date) -> str:
        raise KeyError(day)


class NumberGet:
    def __contains__(self, day: object) -> bool:
        return True

    def get(self, day: date) -> int:
        return 7


def test_user_written_calendar() -> None:
    assert isinstance(ClosedOnFirstOfMonth(), Calendar)
    desk = Schedule(
        {"mon-fri": "09:00-18:00"}, tz="America/New_York", calendar=ClosedOnFirstOfMonth()
    )
    # Tue 2026-12-01 is closed: Mon 30 Nov 17:00 + 2 h -> Wed 2 Dec 10:00.
    assert desk.add(datetime(2026, 11, 30, 17, tzinfo=NY), "2h") == datetime(
        2026, 12, 2, 10, tzinfo=NY
    )
    assert desk.is_open(datetime(2026, 12, 1, 12, tzinfo=NY)) is False
    assert desk.intervals_on(date(2026, 12, 1)) == ()
    # Sep 2026: 22 weekdays, Tue 1 Sep closed.
    assert desk.elapsed(datetime(2026, 9, 1, tzinfo=NY), datetime(2026, 10, 1, tzinfo=NY)) == (
        timedelta(hours=21 * 9)
    )
    desk._check()


def test_closure_name_protocol() -> None:
    assert closure_name(NamedInventory(), date(2026, 6, 30)) == "Inventory"
    assert closure_name(NamedInventory(), date(2026, 6, 29)) is None
    assert closure_name(ClosedOnFirstOfMonth(), date(2026, 6, 1)) is None  # no get()
    assert closure_name(BrokenGet(), date(2026, 6, 1)) is None
    assert closure_name(NumberGet(), date(2026, 6, 1)) is None
    assert closure_name({date(2026, 6, 1)}, date(2026, 6, 1)) is None
    assert closure_name({date(2026, 6, 1): "Dict day"}, date(2026, 6, 1)) == "Dict day"


@pytest.mark.parametrize(
    "calendar",
    [
        {date(2026, 12, 1)},
        frozenset({date(2026, 12, 1)}),
        [date(2026, 12, 1)],
        (date(2026, 12, 1),),
        {date(2026, 12, 1): "closed"},
        ClosedDates([date(2026, 12, 1)]),
        union({date(2026, 12, 1)}),
        rrule(YEARLY, bymonth=12, bymonthday=1, dtstart=datetime(2020, 1, 1)),
        Recurring(rrule(YEARLY, bymonth=12, bymonthday=1, dtstart=datetime(2020, 1, 1))),
    ],
    ids=[
        "set",
        "frozenset",
        "list",
        "tuple",
        "dict",
        "closed-dates",
        "union",
        "rrule",
        "recurring",
    ],
)
def test_schedule_accepts_every_calendar_form(calendar: object) -> None:
    desk = Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York", calendar=calendar)
    assert desk.is_open(datetime(2026, 12, 1, 12, tzinfo=NY)) is False
    assert desk.is_open(datetime(2026, 12, 2, 12, tzinfo=NY)) is True


# Colombia in 2026 (the holidays package): Independence Day Mon 2026-07-20, in Spanish
# "Día de la Independencia". Mexico: Independence Day Wed 2026-09-16. The package has no
# subdivisions of MX and translates CO's names into en_US, es and uk.


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "Día de la Independencia"),
        ("ES", "Día de la Independencia"),
        ("en_US", "Independence Day"),
        ("en-us", "Independence Day"),
    ],
)
def test_holiday_names_in_a_language(language: str, name: str) -> None:
    calendar = country_calendar("CO", language=language)
    assert calendar.get(date(2026, 7, 20)) == name
    assert calendar.language in ("es", "en_US")  # the package's own spelling
    assert country_calendar("CO", language=language) == calendar


@pytest.mark.parametrize(
    ("country", "language", "message"),
    [
        ("CO", "xx", "unknown language 'xx' for holidays of CO: expected one of en_US, es, uk"),
        (
            "CO",
            "en",
            "unknown language 'en' for holidays of CO: did you mean 'en_US'? "
            "(known: en_US, es, uk)",
        ),
        ("CO", "esp", "unknown language 'esp' for holidays of CO: did you mean 'es'? "),
        (
            "CO",
            5,
            "language 5 of holidays of CO: expected a language code such as 'es' or 'en_US', "
            "got int",
        ),
    ],
)
def test_unknown_language_names_the_available_ones(
    country: str, language: object, message: str
) -> None:
    with pytest.raises(InvalidCalendarError, match="^" + re.escape(message)):
        country_calendar(country, language=language)  # type: ignore[arg-type]


def test_unknown_language_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        country_calendar("MX", language="xx")


def test_categories_are_matched_without_case_and_named_as_the_package_names_them() -> None:
    calendar = country_calendar("US", categories=["PUBLIC", "Government", "public"])
    assert calendar.categories == ("public", "government")
    assert calendar == country_calendar("US", categories=("public", "government"))


def test_no_categories_is_an_error_naming_those_of_the_country() -> None:
    with pytest.raises(
        InvalidCalendarError,
        match=r"^holiday categories \[\] of NL: expected at least one of optional, public, "
        r"school$",
    ):
        country_calendar("NL", categories=[])


def test_optional_category() -> None:
    # NL: Liberation Day (Bevrijdingsdag) 2026-05-05 is an optional holiday, not public.
    public = country_calendar("NL")
    both = country_calendar("NL", categories=["public", "optional"])
    assert date(2026, 5, 5) not in public
    assert date(2026, 5, 5) in both


def test_subdivision_of_a_country_without_any() -> None:
    with pytest.raises(
        InvalidCalendarError,
        match=r"^unknown subdivision 'CMX' of MX: the holidays package has no subdivisions of "
        r"MX, expected none \(the country's holidays alone\)$",
    ):
        country_calendar("MX", subdiv="CMX")


def test_several_countries_on_one_calendar() -> None:
    both = union(country_calendar("CO", language="es"), country_calendar("MX"))
    assert date(2026, 7, 20) in both  # CO
    assert date(2026, 9, 16) in both  # MX
    assert date(2026, 7, 21) not in both
    assert closure_name(both, date(2026, 7, 20)) == "Día de la Independencia"
    assert pickle.loads(pickle.dumps(both)) == both


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1", "BYMONTH=13: expected 1 to 12"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY=32: expected 1 to 31 (or -31 to -1)"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0: expected 1 to 31 (or -31 to -1)"),
        ("FREQ=YEARLY;INTERVAL=0", "INTERVAL=0: expected 1 or more"),
        ("RRULE:FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO=54: expected 1 to 53 (or -53 to -1)"),
        ("FREQ=YEARLY;BYMONTH=x", "BYMONTH=x: expected a whole number"),
    ],
)
def test_a_rule_s_text_with_a_number_out_of_range_is_refused(text: str, problem: str) -> None:
    # dateutil expands such rules to no date at all: a closure that silently never closes
    rule = rrule(YEARLY, dtstart=datetime(2026, 1, 1))
    with pytest.raises(InvalidCalendarError) as raised:
        Recurring(rule, "Closure", text)
    assert str(raised.value) == f"recurrence {text!r}: {problem}"


def test_a_rule_s_text_in_range_is_kept() -> None:
    text = "DTSTART:20260101T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1,15;INTERVAL=2"
    rule = rrule(YEARLY, dtstart=datetime(2026, 1, 1))
    assert Recurring(rule, None, text).text == text
