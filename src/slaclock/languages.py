"""The languages slaclock speaks: the texts it makes for people, from gettext catalogues.

Every text made for people (an explanation, the command line's output and help, a report's
summary, an error shown by the command line) is written in English in the code and looked up
in the catalogue of the language asked for: ``locales/<language>/LC_MESSAGES/slaclock.mo``
beside this module, compiled from its ``.po`` (docs/languages.md). English needs no catalogue;
another language is one ``.po`` file.

>>> spanish = translation("es")
>>> print(spanish.gettext("due {when}").format(when="lun 2026-11-23 11:00"))
vence lun 2026-11-23 11:00
>>> translation("es_AR.UTF-8").language, translation("en_US").language
('es', 'en')

A language is chosen once and passed down (``lang=`` in the API, ``--lang`` on the command
line); nothing here is configured process-wide. Dates, numbers and percentages are written
the locale's way by Babel where it is installed (the optional extra ``slaclock[i18n]``), and
plainly otherwise: the week's days from the catalogue, numbers as in English.

>>> print(spanish.weekday(date(2026, 11, 23)), translation("en").weekday(date(2026, 11, 23)))
lun Mon
"""

from __future__ import annotations

import functools
import gettext
import os
import re
import struct
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, final

from .errors import InvalidRowError, PolicyFileError, UnknownLanguageError, shown
from .suggestions import hint

__all__ = [
    "CONTEXT_WORDS",
    "DOMAIN",
    "ENGLISH",
    "LOCALES",
    "LOCALE_VARIABLES",
    "Translation",
    "available_languages",
    "choose_language",
    "language_code",
    "translation",
]

DOMAIN = "slaclock"
"""The gettext domain: each catalogue is ``LOCALES/<language>/LC_MESSAGES/slaclock.mo``."""
LOCALES = Path(__file__).parent / "locales"
"""Where the catalogues are: package data, in the source tree and in the wheel."""
ENGLISH = "en"
"""The language of the code's own texts: it has no catalogue and is always available."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The standard locale variables, read as :func:`gettext.find` reads them: the first one set
(``LANGUAGE`` may list several languages, ``es:en``)."""
ERROR_CONTEXT = "error"
"""The gettext context (``msgctxt``) of the catalogue entries that translate error messages:
their ``msgid`` is the message's English text with a ``{name}`` for each value."""
_DAY_ABBREVIATIONS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CONTEXT_WORDS = {
    "metric": ("response", "update", "resolution"),
    "state": ("inactive", "running", "paused", "met", "breached"),
    "field": ("priority", "plan"),
    "weekday": _DAY_ABBREVIATIONS,
}
"""The closed sets of words translated by context (``pgettext("state", status.state)``):
listed here, as the catalogue's completeness test reads them."""


@functools.cache
def available_languages() -> tuple[str, ...]:
    """English and each language with a compiled catalogue, sorted.

    >>> available_languages()
    ('en', 'es')
    """
    found = {ENGLISH}
    if LOCALES.is_dir():
        found.update(
            folder.name
            for folder in LOCALES.iterdir()
            if (folder / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
        )
    return tuple(sorted(found))


def _spelled(text: str) -> str:
    """A locale name as catalogues are named: ``es_AR`` from ``es-ar``, ``es_AR.UTF-8``,
    ``es_AR@euro``."""
    name = text.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    language, _, region = name.partition("_")
    return f"{language.lower()}_{region.upper()}" if region else language.lower()


def _available(text: str) -> str | None:
    """The available language that serves the locale *text* (``es_AR`` -> ``es``), if any."""
    name = _spelled(text)
    if name in ("c", "posix"):
        return ENGLISH
    languages = available_languages()
    if name in languages:
        return name
    base = name.partition("_")[0]
    if base in languages:
        return base
    return next((known for known in languages if known.partition("_")[0] == base), None)


def language_code(value: object) -> str:
    """The available language that serves *value* (``"es"``, ``"es-AR"``, ``"es_AR.UTF-8"``,
    ``"en_US"``); a language without a catalogue is an error naming those there are.

    >>> language_code("es-MX")
    'es'
    >>> language_code("klingon")
    Traceback (most recent call last):
    ...
    slaclock.errors.UnknownLanguageError: unknown language 'klingon': expected one of en, es
    """
    if not isinstance(value, str):
        raise UnknownLanguageError(
            f"language {shown(value)}: expected a language code such as 'en' or 'es', got "
            f"{type(value).__name__}"
        )
    found = _available(value) if value.strip() else None
    if found is None:
        raise UnknownLanguageError(
            f"unknown language {value!r}: {hint(value, available_languages())}"
        )
    return found


def choose_language(
    given: str | None = None,
    policy: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language of a command line run: *given* (``--lang``), else ``SLACLOCK_LANG``, else
    the policy's ``language``, else the first standard locale variable set
    (:data:`LOCALE_VARIABLES`) whose language has a catalogue, else English. An unknown
    language given on purpose (*given*, ``SLACLOCK_LANG``, the policy) is an error; an
    unknown one from the locale variables is passed over, as gettext does.

    >>> choose_language(environ={"LANG": "es_AR.UTF-8"})
    'es'
    >>> choose_language("en", environ={"LANG": "es_AR.UTF-8"})
    'en'
    >>> choose_language(policy="es", environ={"LANG": "C.UTF-8"})
    'es'
    >>> choose_language(environ={"LANGUAGE": "de:es", "LANG": "de_DE.UTF-8"})
    'es'
    """
    environ = os.environ if environ is None else environ
    for chosen in (given, environ.get("SLACLOCK_LANG") or None, policy):
        if chosen is not None:
            return language_code(chosen)
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            for name in value.split(":"):
                found = _available(name) if name.strip() else None
                if found is not None:
                    return found
            break
    return ENGLISH


@functools.cache
def translation(lang: str | None = None) -> Translation:
    """The texts of the language *lang* (``None``: English); built once per language.

    >>> spanish = translation("es")
    >>> print(spanish.ngettext("{count} problem in {source}:", "{count} problems in {source}:", 2))
    {count} problemas en {source}:
    """
    code = ENGLISH if lang is None else language_code(lang)
    return Translation(code)


@final
class Translation:
    """One language's texts: gettext's lookups, the week's days, numbers, percentages and
    error messages written in it. Get one with :func:`translation`."""

    __slots__ = ("_messages", "_templates", "language")

    def __init__(self, language: str) -> None:
        self.language = language
        self._messages: gettext.NullTranslations = gettext.translation(
            DOMAIN, LOCALES, languages=[language], fallback=True
        )
        self._templates: tuple[_Template, ...] | None = None

    def __repr__(self) -> str:
        return f"translation({self.language!r})"

    def gettext(self, message: str) -> str:
        """*message* in this language (itself when the catalogue has no translation)."""
        return self._messages.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of *singular* / *plural* this language uses for *count*."""
        return self._messages.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """*message* in this language, as meant in *context* (``"state"``, ``"weekday"``)."""
        return self._messages.pgettext(context, message)

    def weekday(self, day: date) -> str:
        """The abbreviated name of *day*'s day of the week (``Mon``, ``lun``): Babel's (CLDR)
        where installed, else the catalogue's."""
        if self.language == ENGLISH:
            return _DAY_ABBREVIATIONS[day.weekday()]
        babel = _babel_dates()
        if babel is not None:
            return str(babel.format_date(day, "EEE", locale=self.language))
        return self.pgettext("weekday", _DAY_ABBREVIATIONS[day.weekday()])

    def number(self, value: int) -> str:
        """A whole number with the locale's grouping (``12,345``; ``12.345`` in Spanish with
        Babel; as in English without it)."""
        babel = _babel_numbers() if self.language != ENGLISH else None
        if babel is None:
            return f"{value:,}"
        return _plain_spaces(str(babel.format_decimal(value, locale=self.language)))

    def percent(self, value: float, digits: int = 1) -> str:
        """A percentage (*value* 75.5 for 75.5 %) with *digits* decimals, written the locale's
        way (``75.5%``; ``75,5 %`` in Spanish with Babel; as in English without it)."""
        babel = _babel_numbers() if self.language != ENGLISH else None
        if babel is None:
            return f"{value:.{digits}f}%"
        locale = _babel_locale(self.language)
        pattern = babel.parse_pattern(locale.percent_formats[None].pattern)  # a copy to change
        pattern.frac_prec = (digits, digits)
        return _plain_spaces(str(pattern.apply(value / 100, self.language)))

    def error(self, message: str) -> str:
        """An English error *message* (an error's ``str()``) in this language: the catalogue
        entry whose English text it fits (context ``error``), its values put back; each value
        that is itself a message translated too. A message the catalogue has no entry for is
        given back in English, never changed.

        >>> print(translation("es").error("unknown language 'xx': expected one of en, es"))
        idioma desconocido 'xx': se esperaba uno de en, es
        """
        if self.language == ENGLISH:
            return message
        return self._error(message, 3)

    def exception(self, err: BaseException) -> str:
        """An error's message in this language (:meth:`error`); a policy file's problems one
        by one, a rejected row's reason after its line.

        >>> err = PolicyFileError([("plans", "expected at least one plan, e.g. [plans.standard]")])
        >>> print(translation("es").exception(err))
        1 problema en la política:
          plans: se esperaba al menos un plan, p. ej. [plans.estandar]
        """
        if self.language == ENGLISH:
            return str(err)
        if isinstance(err, PolicyFileError):
            count = len(err.problems)
            source = self.gettext("the policy") if err.source == "the policy" else err.source
            head = self.ngettext(
                "{count} problem in {source}:", "{count} problems in {source}:", count
            ).format(count=count, source=source)
            lines = [
                f"  {path}: {self.error(message)}" if path else f"  {self.error(message)}"
                for path, message in err.problems
            ]
            return "\n".join([head, *lines])
        if isinstance(err, InvalidRowError):
            rejection = err.rejection
            where = (
                self.gettext("line {line} (ticket {id})").format(
                    line=rejection.line, id=repr(rejection.id)
                )
                if rejection.id
                else self.gettext("line {line}").format(line=rejection.line)
            )
            return f"{where}: {self.error(rejection.reason)}"
        return self.error(str(err))

    def _error(self, message: str, depth: int) -> str:
        return self._reading(message, depth)[0]

    def _reading(self, message: str, depth: int) -> tuple[str, int]:
        """*message* translated, and how many of its characters stay in English (those of the
        values no entry reads). Of the entries *message* fits, the one that leaves the fewest
        wins, the most specific first on a tie: an entry with values at both ends (``{days}
        business days {outside}``) also fits a message that merely holds its words, where
        reading the message's outer entry and then its values translates it all."""
        if not message:
            return message, 0
        if self._templates is None:
            self._templates = tuple(_templates(self.language))
        best = (message, len(message))
        for template in self._templates:
            if not message.startswith(template.prefix) or template.needle not in message:
                continue
            found = template.pattern.fullmatch(message)
            if found is None:
                continue
            values = found.groupdict()
            if depth > 1:
                readings = {name: self._reading(value, depth - 1) for name, value in values.items()}
                values = {name: text for name, (text, _) in readings.items()}
                left = sum(count for _, count in readings.values())
            else:
                left = sum(map(len, values.values()))
            if left < best[1]:
                best = (template.translated.format(**values), left)
                if not left:
                    break
        return best


@final
class _Template:
    """A catalogue entry of an error message: the pattern its English text fits, the text
    before its first value and its longest fixed part (quick tests), its translation with
    ``{name}`` for each value."""

    __slots__ = ("needle", "pattern", "prefix", "translated")

    def __init__(self, english: str, translated: str) -> None:
        parts = _PLACEHOLDER.split(english)
        regex, names = [], set()
        for index, part in enumerate(parts):
            if not index % 2:
                regex.append(re.escape(_unescaped(part)))
            elif part in names:  # a value named twice: the same text, matched again
                regex.append(f"(?P={part})")
            else:
                names.add(part)
                regex.append(f"(?P<{part}>.*?)")
        self.pattern = re.compile("".join(regex), re.DOTALL)
        self.prefix = _unescaped(parts[0])
        self.needle = max((_unescaped(part) for part in parts[2::2]), key=len, default="")
        self.translated = translated


def _unescaped(text: str) -> str:
    """The fixed text of a catalogue entry: ``{{`` and ``}}`` are its braces."""
    return text.replace("{{", "{").replace("}}", "}")


_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_]\w*)\}(?!\})")


def _templates(language: str) -> Iterator[_Template]:
    """The error entries of *language*'s catalogue, the most specific first (the longest
    fixed text), those with no fixed text left out (they would fit any message)."""
    path = LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    entries = read_mo(path.read_bytes()) if path.is_file() else {}
    prefix = ERROR_CONTEXT + "\x04"
    found = []
    for key, translated in entries.items():
        if not key.startswith(prefix) or not translated:
            continue
        english = key.removeprefix(prefix)
        fixed = len(_PLACEHOLDER.sub("", english).strip(" :;,.()'\""))
        if fixed:
            found.append((-fixed, english, translated))
    found.sort()
    return (_Template(english, translated) for _, english, translated in found)


def read_mo(data: bytes) -> dict[str, str]:
    """The entries of a compiled gettext catalogue (``msgctxt`` joined to ``msgid`` by
    ``\\x04``, as gettext keeps them; a plural entry by its singular, its forms joined by
    ``\\x00``); the header under ``""``."""
    if len(data) < 20:
        return {}
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    entries: dict[str, str] = {}
    for index in range(count):
        length, start = struct.unpack_from(order + "2I", data, originals + 8 * index)
        key = data[start : start + length].decode("utf-8")
        length, start = struct.unpack_from(order + "2I", data, translations + 8 * index)
        entries[key.split("\x00", 1)[0]] = data[start : start + length].decode("utf-8")
    return entries


def _plain_spaces(text: str) -> str:
    """*text* with the no-break spaces CLDR writes (``75\u00a0%``) as plain spaces, so that
    columns line up and examples read the same everywhere."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _babel_locale(language: str) -> Any:
    """Babel's ``Locale`` of *language* (Babel is installed)."""
    from babel import Locale

    return Locale.parse(language)


def _babel_dates() -> Any:
    """``babel.dates`` where Babel is installed, else ``None``."""
    try:
        import babel.dates
    except ImportError:
        return None
    return babel.dates


def _babel_numbers() -> Any:
    """``babel.numbers`` where Babel is installed, else ``None``."""
    try:
        import babel.numbers
    except ImportError:
        return None
    return babel.numbers
