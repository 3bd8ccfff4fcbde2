"""A country's official holidays as a calendar (:class:`CountryHolidays`, from the ``holidays``
package): its code, subdivision, categories and language checked, and its names in a
translation."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date

import holidays

from ..errors import InvalidCalendarError, shown
from ..suggestions import close_matches, hint

__all__ = ["CountryHolidays", "country_calendar", "named_in"]


def country_calendar(
    country: str,
    subdiv: str | None = None,
    categories: Iterable[str] | str | None = None,
    language: str | None = None,
) -> CountryHolidays:
    """The official holidays of a country (ISO 3166 code), from the ``holidays`` package.

    *subdiv* picks a state or province (``"FL"``), *categories* the kinds of holiday
    (``"public"`` by default; ``"bank"``, ``"government"``, ... where the country has them),
    *language* the package's translation of the names (``"es"``). Codes, categories and
    languages are case-insensitive; one the country does not have is an error naming those it
    has.

    >>> country_calendar("us", subdiv="fl")
    country_calendar('US', subdiv='FL')
    >>> country_calendar("XX")
    Traceback (most recent call last):
    ...
    slaclock.errors.InvalidCalendarError: unknown country 'XX': expected an ISO 3166-1 alpha-2 code that the holidays package supports, such as 'US', 'AR', 'MX'
    """
    return CountryHolidays(country, subdiv, categories, language)


def _country_codes(supported: Mapping[str, object]) -> dict[str, str]:
    """Each supported country by its alpha-2 code, and where the ``holidays`` package's
    registry lists them, its alpha-3 code and names (``USA``, ``UK``, ``Argentina``): the
    words a mistyped country is compared with."""
    codes = {code: code for code in supported if len(code) == 2}
    try:
        from holidays.registry import COUNTRIES
    except ImportError:  # an older or newer holidays without it: the codes alone
        return codes
    for module, names in COUNTRIES.items():
        code = next((name for name in names if len(name) == 2 and name in supported), None)
        if code is not None:
            for name in (module, *names):
                codes.setdefault(name, code)
    return codes


class CountryHolidays:
    """A country's official holidays as a calendar value: equal, hashable and pickled by its
    definition (country, subdivision, categories, language), never by the years it has
    expanded. Build one with :func:`country_calendar`; ``.holidays`` is the ``holidays``
    object behind it."""

    __slots__ = ("categories", "country", "holidays", "language", "subdiv")

    def __init__(
        self,
        country: str,
        subdiv: str | None = None,
        categories: Iterable[str] | str | None = None,
        language: str | None = None,
    ) -> None:
        if not isinstance(country, str) or not country.strip():
            raise InvalidCalendarError(
                f"country {country!r}: expected an ISO 3166-1 alpha-2 code such as 'US' or 'AR'"
            )
        code = country.strip().upper()
        supported = holidays.list_supported_countries()
        if code not in supported:
            codes = _country_codes(supported)
            found = list(dict.fromkeys(codes[name] for name in close_matches(country, codes)))
            expected = (
                "an ISO 3166-1 alpha-2 code that the holidays package supports, such as "
                "'US', 'AR', 'MX'"
            )
            raise InvalidCalendarError(
                f"unknown country {country!r}: did you mean {' or '.join(map(repr, found))}? "
                f"(expected {expected})"
                if found
                else f"unknown country {country!r}: expected {expected}"
            )
        subdivisions = supported[code]
        if subdiv is not None and not isinstance(subdiv, str):
            raise InvalidCalendarError(
                f"subdivision {shown(subdiv)} of {code}: expected text such as 'FL', "
                f"got {type(subdiv).__name__}"
            )
        if subdiv is not None:
            matches = [known for known in subdivisions if known.upper() == str(subdiv).upper()]
            if not matches and not subdivisions:
                raise InvalidCalendarError(
                    f"unknown subdivision {subdiv!r} of {code}: the holidays package has no "
                    f"subdivisions of {code}, expected none (the country's holidays alone)"
                )
            if not matches:
                known = ", ".join(subdivisions)
                raise InvalidCalendarError(
                    f"unknown subdivision {subdiv!r} of {code}: {hint(subdiv, subdivisions, known)}"
                )
            subdiv = matches[0]
        chosen = _categories(categories)
        try:
            probe = holidays.country_holidays(code, subdiv=subdiv)
        except (NotImplementedError, ValueError, KeyError) as err:
            raise InvalidCalendarError(f"holidays of {code} with subdiv={subdiv!r}: {err}") from err
        if chosen is not None:
            chosen = _known_categories(code, chosen, _strings(probe, "supported_categories"))
        language = _known_language(code, language, _strings(probe, "supported_languages"))
        try:
            calendar = holidays.country_holidays(
                code, subdiv=subdiv, categories=chosen, language=language
            )
        except (NotImplementedError, ValueError, KeyError) as err:
            raise InvalidCalendarError(
                f"holidays of {code} with subdiv={subdiv!r}, categories={categories!r}, "
                f"language={language!r}: {err}"
            ) from err
        self.country = code
        self.subdiv = subdiv
        self.categories = chosen
        self.language = language
        self.holidays: holidays.HolidayBase = calendar

    def __contains__(self, day: object) -> bool:
        return day in self.holidays

    def get(self, day: date) -> str | None:
        """The holiday's name on *day*, or ``None``."""
        name = self.holidays.get(day)
        return name if isinstance(name, str) else None

    def _key(self) -> tuple[object, ...]:
        return (self.country, self.subdiv, self.categories, self.language)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountryHolidays) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[CountryHolidays], tuple[object, ...]]:
        return (CountryHolidays, self._key())

    def __repr__(self) -> str:
        parts = [repr(self.country)]
        for name in ("subdiv", "categories", "language"):
            value = getattr(self, name)
            if value is not None:
                parts.append(f"{name}={value!r}")
        return f"country_calendar({', '.join(parts)})"


def _strings(calendar: object, attribute: str) -> tuple[str, ...]:
    """A ``holidays`` object's list of supported names (categories, languages); ``()`` when
    the package does not say."""
    found = getattr(calendar, attribute, None) or ()
    return tuple(str(name) for name in found)


def _known_categories(
    code: str, chosen: tuple[str, ...], supported: tuple[str, ...]
) -> tuple[str, ...]:
    """*chosen* categories in the package's own spelling (case-insensitive); an unknown one is
    an error naming those of the country."""
    if not chosen:
        raise InvalidCalendarError(
            f"holiday categories [] of {code}: expected at least one of "
            f"{', '.join(supported) or 'public'}"
        )
    if not supported:  # a holidays release that does not list them: let it decide
        return chosen
    by_folded = {name.lower(): name for name in supported}
    known = []
    for category in chosen:
        found = by_folded.get(category.strip().lower())
        if found is None:
            raise InvalidCalendarError(
                f"unknown holiday category {category!r} of {code}: {hint(category, supported)}"
            )
        known.append(found)
    return tuple(dict.fromkeys(known))


def _known_language(code: str, language: object, supported: tuple[str, ...]) -> str | None:
    """*language* in the package's own spelling (``"es"``, ``"en_US"``; case and ``-`` or
    ``_`` do not matter); one the package has no translation of for the country is an error
    naming those it has."""
    if language is None:
        return None
    if not isinstance(language, str):
        raise InvalidCalendarError(
            f"language {shown(language)} of holidays of {code}: expected a language code "
            f"such as 'es' or 'en_US', got {type(language).__name__}"
        )
    wanted = language.strip().replace("-", "_").lower()
    for name in supported:
        if name.lower() == wanted:
            return name
    if not supported:
        raise InvalidCalendarError(
            f"unknown language {language!r} for holidays of {code}: the holidays package has "
            f"no translations of {code}'s holiday names, expected none"
        )
    regional = [name for name in supported if name.lower().split("_")[0] == wanted]
    if regional:  # "en" for "en_US": the package names regional variants only
        either = " or ".join(map(repr, regional))
        advice = f"did you mean {either}? (known: {', '.join(supported)})"
    else:
        advice = hint(language, supported)
    raise InvalidCalendarError(f"unknown language {language!r} for holidays of {code}: {advice}")


def _categories(categories: object) -> tuple[str, ...] | None:
    """Categories of holidays as a tuple of names; anything but text or an iterable of text
    (a number, a mapping) is refused."""
    if categories is None:
        return None
    wanted = (categories,) if isinstance(categories, str) else categories
    if isinstance(wanted, Iterable) and not isinstance(wanted, Mapping | bytes):
        chosen = tuple(wanted)
        if all(isinstance(item, str) for item in chosen):
            return chosen
    raise InvalidCalendarError(
        f"holiday categories {shown(categories)}: expected a category name such as 'public', "
        f"or a list of them"
    )


@functools.cache
def named_in(calendar: CountryHolidays, language: str) -> CountryHolidays:
    """*calendar* with its names in the ``holidays`` package's translation to *language*
    (itself when the package has none): built once per calendar and language."""
    supported = _strings(calendar.holidays, "supported_languages")
    wanted = language.replace("-", "_").lower()
    by_folded = {name.lower(): name for name in supported}
    found = by_folded.get(wanted) or next(
        (name for name in supported if name.lower().partition("_")[0] == wanted.partition("_")[0]),
        None,
    )
    if found is None:
        return calendar
    return CountryHolidays(calendar.country, calendar.subdiv, calendar.categories, found)
