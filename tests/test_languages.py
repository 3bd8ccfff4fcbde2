"""Languages: how one is chosen, the texts in Spanish, the catalogues kept complete and
compiled, and Babel's formats with their plain fallback (docs/languages.md)."""

from __future__ import annotations

import functools
import io
import re
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

import slaclock
from slaclock import Event, Ticket, UnknownLanguageError, default_policy, loads_policy
from slaclock.cli import main
from slaclock.errors import PolicyFileError
from slaclock.languages import (
    LOCALES,
    available_languages,
    choose_language,
    language_code,
    read_mo,
    translation,
)

sys.path.insert(0, str(Path(__file__).parent))
import catalogue

EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"
LATAM = str(EXAMPLES / "latam-desk.toml")

# -- choosing a language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "policy", "environ", "expected"),
    [
        (None, None, {}, "en"),
        ("es", None, {"LANG": "en_US.UTF-8"}, "es"),
        ("en", "es", {"SLACLOCK_LANG": "es"}, "en"),  # --lang first
        (None, "en", {"SLACLOCK_LANG": "es"}, "es"),  # then SLACLOCK_LANG
        (None, "es", {"LANG": "en_US.UTF-8"}, "es"),  # then the policy's
        (None, None, {"LANG": "es_AR.UTF-8"}, "es"),  # then the locale variables
        (None, None, {"LC_ALL": "es_MX.UTF-8", "LANG": "en_US.UTF-8"}, "es"),
        (None, None, {"LC_MESSAGES": "es_CL", "LANG": "en_US"}, "es"),
        (None, None, {"LANGUAGE": "de:es", "LANG": "de_DE.UTF-8"}, "es"),
        (None, None, {"LANGUAGE": "de", "LANG": "es_ES.UTF-8"}, "en"),  # the first one set
        (None, None, {"LANG": "C.UTF-8"}, "en"),
        (None, None, {"LANG": "ja_JP.UTF-8"}, "en"),  # no catalogue: English, no error
    ],
)
def test_the_language_is_chosen_in_order(
    given: str | None, policy: str | None, environ: dict[str, str], expected: str
) -> None:
    assert choose_language(given, policy, environ) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("es", "es"), ("ES", "es"), ("es-AR", "es"), ("es_AR.UTF-8", "es"), ("en_US", "en")],
)
def test_language_codes(text: str, expected: str) -> None:
    assert language_code(text) == expected


def test_an_unknown_language_given_on_purpose_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(UnknownLanguageError, match=r"unknown language 'esp': did you mean 'es'"):
        choose_language(None, None, {"SLACLOCK_LANG": "esp"})
    with pytest.raises(UnknownLanguageError, match=r"language 5: expected a language code"):
        language_code(5)
    assert issubclass(UnknownLanguageError, ValueError)


def test_a_policy_file_names_its_language() -> None:
    text = '[policy]\nlanguage = "es"\n[plans.a]\nzone = "UTC"\nhours = { mon-fri = "09:00-17:00" }\n[targets.response]\nhigh = "4h"\n'
    assert loads_policy(text).language == "es"
    assert default_policy().language is None
    with pytest.raises(PolicyFileError) as caught:
        loads_policy(text.replace('"es"', '"spanish"'))
    assert caught.value.problems == (
        ("policy.language", "unknown language 'spanish': expected one of en, es"),
    )


def test_a_policy_s_language_survives_pickling() -> None:
    import pickle

    policy = slaclock.Policy(default_policy().plan().schedule, {"high": "4h"}, language="es")
    assert pickle.loads(pickle.dumps(policy)).language == "es"


# -- explanations ----------------------------------------------------------------------------


def _ticket() -> Ticket:
    policy = default_policy()
    ticket = Ticket.open(policy, Event("created", "2026-11-20 16:00", priority="high"))
    return ticket.apply(Event("paused", "2026-11-23 09:30", reason="waiting on customer"))


def test_explain_in_spanish() -> None:
    text = str(_ticket().explain(now="2026-11-23 12:00", lang="es"))
    assert text.splitlines() == [
        "respuesta: en pausa, objetivo 4h, quedan 1h30m",
        "  contando desde vie 2026-11-20 16:00",
        "  abierto vie 2026-11-20 16:00 - 18:00  (2h)",
        "  abierto lun 2026-11-23 09:00 - 09:30  (30m)",
        "  en pausa lun 2026-11-23 09:30 - ahora  (waiting on customer)",
        "  aviso al 75 %: en espera, se dispara cuando el reloj vuelva a correr",
        "  nivel 2 al 100 %: en espera, se dispara cuando el reloj vuelva a correr",
        "  nivel 3 al 150 %: en espera, se dispara cuando el reloj vuelva a correr",
    ]


def test_english_is_the_default_and_unchanged() -> None:
    explanation = _ticket().explain(now="2026-11-23 12:00")
    assert explanation.language == "en"
    assert str(explanation).splitlines()[:2] == [
        "response: paused, target 4h, 1h30m left",
        "  counting from Fri 2026-11-20 16:00",
    ]


def test_the_policy_s_language_is_the_default_of_explain() -> None:
    policy = loads_policy(
        Path(LATAM).read_text(encoding="utf-8").replace("[policy]", '[policy]\nlanguage = "es"')
    )
    assert str(policy.explain("alta", "2026-11-20 16:00")).startswith("respuesta: en curso")
    assert str(policy.explain("alta", "2026-11-20 16:00", lang="en")).startswith("response:")


def test_holiday_names_follow_the_language() -> None:
    policy = slaclock.load_policy(LATAM)
    spanish = str(policy.explain("baja", "2026-12-23 16:00", lang="es"))
    english = str(policy.explain("baja", "2026-12-23 16:00", lang="en"))
    assert "cerrado 2026-12-25  (Navidad)" in spanish
    assert "closed 2026-12-25  (Christmas Day)" in english
    assert "(Nochebuena)" in english  # a policy's own name is not translated


def test_a_calendar_s_own_language_wins() -> None:
    calendar = slaclock.country_calendar("AR", language="en_US")
    assert slaclock.closure_name(calendar, date(2026, 12, 25), "es") == "Christmas Day"
    us = slaclock.country_calendar("US")  # no Spanish names in the holidays package
    assert slaclock.closure_name(us, date(2026, 12, 25), "es") == "Christmas Day"


def test_overdue_time_reads_in_the_language() -> None:
    status = str(
        _ticket()
        .apply(Event("resumed", "2026-11-23 10:00"))
        .explain(now="2026-11-23 15:00", lang="es")
    )
    assert status.splitlines()[0] == "respuesta: incumplido, objetivo 4h, 3h30m de atraso"


# -- the command line ------------------------------------------------------------------------


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0
    return capsys.readouterr().out


def test_deadline_in_spanish_by_option_environment_or_policy(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    expected = "vence (mesa):    lun 2026-11-23 11:00:00-05:00 (America/New_York)"
    assert expected in _out(capsys, "--lang", "es", "deadline", "high", "2026-11-20 16:00")
    assert expected in _out(capsys, "deadline", "high", "2026-11-20 16:00", "--lang", "es")
    monkeypatch.setenv("LANG", "es_AR.UTF-8")
    assert expected in _out(capsys, "deadline", "high", "2026-11-20 16:00")
    assert "due (desk):" in _out(capsys, "deadline", "high", "2026-11-20 16:00", "--lang", "en")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    spanish = tmp_path / "desk.toml"
    spanish.write_text(
        Path(LATAM).read_text(encoding="utf-8").replace("[policy]", '[policy]\nlanguage = "es"'),
        encoding="utf-8",
    )
    assert "prioridad:       high (objetivo de respuesta: 4h de tiempo hábil)" in _out(
        capsys, "deadline", "alta", "2026-11-20 10:00", "--policy", str(spanish)
    )
    monkeypatch.setenv("SLACLOCK_LANG", "en")
    assert "priority:" in _out(
        capsys, "deadline", "alta", "2026-11-20 10:00", "--policy", str(spanish)
    )


def test_check_and_calendar_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    checked = _out(capsys, "check", LATAM, "--lang", "es")
    assert f"{LATAM}: correcto" in checked
    assert "  respuesta en estandar: high 4h, medium 12h, low 24h" in checked
    shown = _out(
        capsys,
        "calendar",
        "--from",
        "2026-12-24",
        "--to",
        "2026-12-26",
        "--policy",
        LATAM,
        "--plan",
        "estandar",
        "--lang",
        "es",
    )
    assert "  2026-12-25 vie  cerrado                          feriado: Navidad" in shown
    assert (
        "  0 días abiertos, 0s de tiempo abierto; 2 cerrados por el calendario; 0 horarios especiales"
        in shown
    )


def test_an_unknown_lang_option_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "high", "2026-11-20 16:00", "--lang", "xx"]) == 2
    assert (
        capsys.readouterr().err
        == "slaclock: error: unknown language 'xx': expected one of en, es\n"
    )


# -- the catalogues --------------------------------------------------------------------------

pytest.importorskip("babel", reason="the catalogue tests read .po files with Babel")
TRANSLATED = [language for language in available_languages() if language != "en"]


def _check_translated(language: str, errors: bool) -> None:
    known = catalogue.catalogue(language)
    missing = [
        message
        for key, message in catalogue.unique_messages().items()
        if not all(known.get(key) or [""]) and (key[0] == "error") == errors
    ]
    po = f"src/slaclock/locales/{language}/LC_MESSAGES/slaclock.po"
    assert not missing, (
        f"{len(missing)} messages have no {language} translation in {po}; add each entry below "
        f"(`python tests/catalogue.py {language}` prints them), translate its msgstr keeping "
        f"every {{name}}, then compile: pybabel compile -D slaclock -d src/slaclock/locales\n\n"
        + "\n\n".join(message.entry() for message in missing)
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_translation(language: str) -> None:
    _check_translated(language, errors=False)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_error_message_has_a_translation(language: str) -> None:
    _check_translated(language, errors=True)


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_left_over(language: str) -> None:
    used = set(catalogue.unique_messages()) | {
        ("error", "expected at least one plan, e.g. [plans.standard]")
    }
    unused = [key for key in catalogue.catalogue(language) if key not in used]
    assert not unused, (
        f"entries of the {language} catalogue that no message of the code uses any more "
        f"(changed or removed): update or delete them, then compile: {unused}"
    )


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_value(language: str) -> None:
    wrong = []
    for (context, text), strings in catalogue.catalogue(language).items():
        names = sorted(set(catalogue.placeholders(text)))
        for string in strings:
            if string and sorted(set(catalogue.placeholders(string))) != names:
                wrong.append((context, text, string))
    assert not wrong, f"translations whose {{names}} differ from their English text: {wrong}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_not_stale(language: str) -> None:
    folder = LOCALES / language / "LC_MESSAGES"
    compiled = read_mo((folder / "slaclock.mo").read_bytes())
    compiled.pop("", None)
    expected = {}
    for (context, text), strings in catalogue.catalogue(language).items():
        if strings and all(strings):
            key = text if context is None else f"{context}\x04{text}"
            expected[key] = "\x00".join(strings)
    assert compiled == expected, (
        f"{folder / 'slaclock.mo'} is stale against its .po: compile it with "
        "pybabel compile -D slaclock -d src/slaclock/locales"
    )


# -- Babel, and the plain fallback -----------------------------------------------------------


@pytest.fixture(params=["babel", "plain"])
def babel(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    if request.param == "plain":
        monkeypatch.setitem(sys.modules, "babel", None)  # import babel raises ImportError
        monkeypatch.setitem(sys.modules, "babel.dates", None)
        monkeypatch.setitem(sys.modules, "babel.numbers", None)
    return request.param == "babel"


def test_formats_with_babel_and_without(babel: bool) -> None:
    spanish, english = translation("es"), translation("en")
    days = [date(2026, 11, 16 + n) for n in range(7)]
    assert [spanish.weekday(day) for day in days] == [
        "lun",
        "mar",
        "mié",
        "jue",
        "vie",
        "sáb",
        "dom",
    ]
    assert [english.weekday(day) for day in days] == [
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    ]
    assert spanish.number(12345) == ("12.345" if babel else "12,345")
    assert spanish.percent(75.5) == ("75,5 %" if babel else "75.5%")
    assert spanish.percent(75, 0) == ("75 %" if babel else "75%")
    assert english.number(12345) == "12,345"
    assert english.percent(75.5) == "75.5%"


def test_the_core_never_imports_babel_at_module_level() -> None:
    for path in catalogue.PACKAGE.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not line.startswith(("import babel", "from babel")), path


def test_report_summary_and_rejections_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    golden = Path(__file__).parent / "golden"
    status = main(
        [
            "report",
            str(golden / "tickets.csv"),
            "--policy",
            str(golden / "policy.toml"),
            "--now",
            "2027-01-04 00:00",
            "--output",
            str(tmp_path / "out.csv"),
            "--lang",
            "es",
        ]
    )
    assert status == 1
    out, err = capsys.readouterr()
    assert "slaclock: rechazada línea 13 (T12): " in err
    assert out.splitlines()[1].split()[:4] == ["prioridad", "plan", "casos", "cumplidos"]
    assert out.splitlines()[-1].split()[:2] == ["todos", "todos"]


def test_the_command_line_help_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "es", "deadline", "--help"])
    shown = capsys.readouterr().out
    assert "Muestra cuándo vence un caso" in shown
    assert "ejemplos:" in shown
    with pytest.raises(SystemExit):
        main(["deadline", "--help"])
    assert "Print when a ticket is due" in capsys.readouterr().out


def test_errors_stay_english_and_the_command_line_shows_them_translated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text('[targets.response]\nhigh = "4h"\n', encoding="utf-8")
    with pytest.raises(PolicyFileError, match=r"plans: expected at least one plan"):
        slaclock.load_policy(empty)
    assert main(["check", str(empty), "--lang", "es"]) == 1
    assert capsys.readouterr().err == (
        f"slaclock: 1 problema en {empty}:\n"
        "  plans: se esperaba al menos un plan, p. ej. [plans.estandar]\n"
    )
    spanish = translation("es")
    untranslated = "a message no catalogue has: 'x'"
    assert spanish.error(untranslated) == untranslated
    assert spanish.error("unknown language 'esp': did you mean 'es'? (known: en, es)") == (
        "idioma desconocido 'esp': ¿quiso decir 'es'? (conocidos: en, es)"
    )


def _help(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit):
        main(list(args))
    return capsys.readouterr().out


def test_the_report_help_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _help(capsys, "--lang", "es", "report", "--help")
    assert "estado de salida: 0 todas las filas escritas;" in shown
    assert "exit status" not in shown
    for title in ("política:", "archivos:", "lectura:", "columnas:"):
        assert f"\n{title}\n" in shown
    lines = " ".join(shown.split())  # argparse wraps the help to the terminal's width
    assert (
        "--id-col NAME el id del caso (opcional; obligatorio con --events) (por defecto: id)"
        in lines
    )
    assert "--reason-col NAME --events: el motivo de una pausa (opcional)" in lines
    english = _help(capsys, "report", "--help")
    assert "exit status: 0 every row written;" in english
    assert "--created-col NAME the creation time (default: created)" in " ".join(english.split())
    assert "\npolicy:\n" in english


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_report_s_progress_line_in_spanish(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from slaclock.cli import report

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(report, "Progress", functools.partial(report.Progress, every=-1.0))
    golden = Path(__file__).parent / "golden"
    arguments = [
        "report",
        str(golden / "tickets.csv"),
        "--policy",
        str(golden / "policy.toml"),
        "--now",
        "2027-01-04 00:00",
        "--output",
        str(tmp_path / "out.csv"),
        "--errors",
        str(tmp_path / "rejected.csv"),
    ]
    assert main([*arguments, "--lang", "es"]) == 1
    shown = terminal.getvalue().split("\r")
    assert any(
        re.fullmatch(r"slaclock report: \d+ filas leídas, [\d.,]+ filas/s", line) for line in shown
    ), shown
    terminal.truncate(0)
    assert main(arguments) == 1
    shown = terminal.getvalue().split("\r")
    assert any(
        re.fullmatch(r"slaclock report: \d+ rows read, [\d,]+ rows/s", line) for line in shown
    ), shown


def test_the_progress_line_counts_in_the_language() -> None:
    from slaclock.cli.report import Progress

    terminal = _Terminal()
    ticks = iter([0.0, 1.0, 2.0])
    progress = Progress(terminal, clock=lambda: next(ticks), t=translation("es"))
    progress.update(1)
    progress.update(12_000)
    assert terminal.getvalue().split("\r")[1:] == [
        "slaclock report: 1 fila leída, 1 filas/s",
        "slaclock report: "
        + translation("es").number(12_000)
        + " filas leídas, "
        + translation("es").number(6_000)
        + " filas/s",
    ]


MIAMI = str(EXAMPLES / "miami-desk.toml")


def test_check_shows_targets_the_language_s_way(capsys: pytest.CaptureFixture[str]) -> None:
    spanish = _out(capsys, "check", MIAMI, "--lang", "es")
    assert "  respuesta en 24x7: high 1h de tiempo corrido, medium 4h de tiempo corrido" in spanish
    assert "  resolución en standard: high 3 días hábiles, medium 5 días hábiles, low 10 " in (
        spanish
    )
    assert not re.search(r"\dbd\b", spanish)
    english = _out(capsys, "check", MIAMI)
    assert "  response on 24x7: high 1h calendar, medium 4h calendar, low 8h calendar" in english
    assert "  resolution on standard: high 3bd, medium 5bd, low 10bd" in english


@pytest.mark.parametrize("text", ["0s", "4h", "1h30m", "1bd", "2bd", "30m calendar", "0s calendar"])
def test_a_target_s_english_text_is_its_policy_syntax(text: str) -> None:
    target = slaclock.Target.parse(text)
    assert target.text() == target.text("en") == str(target) == text
    assert slaclock.Target.parse(target.text()) == target


def test_check_and_calendar_describe_calendars_in_the_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    members = (
        "{} + {} 2026-12-31 (Cierre de año) + {} FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24 (Nochebuena)"
    )
    spanish = members.format("feriados de AR", "fecha cerrada", "recurrencia")
    english = members.format("holidays of AR", "closed date", "recurring")
    checked = _out(capsys, "check", LATAM, "--lang", "es")
    assert f"14:00-18:00, calendario {spanish}\n" in checked
    assert "sat 09:00-13:00, calendario feriados de AR\n" in checked
    assert f"14:00-18:00, calendar {english}\n" in _out(capsys, "check", LATAM)
    shown = _out(
        capsys, "calendar", "2026", "--policy", LATAM, "--plan", "estandar", "--lang", "es"
    )
    assert f"  calendario: {spanish}\n" in shown
    assert "  calendario: ninguno\n" in _out(
        capsys, "calendar", "2026", "--country", "none", "--lang", "es"
    )
    assert "  calendario: feriados de US-FL\n" in _out(capsys, "calendar", "2026", "--lang", "es")


def test_every_kind_of_calendar_is_described_in_both_languages(tmp_path: Path) -> None:
    import holidays
    from dateutil.rrule import MONTHLY, YEARLY, rrule, rruleset

    from slaclock.cli.calendar import describe_calendar

    spanish = translation("es")
    yearly = rrule(YEARLY, bymonth=5, bymonthday=1, dtstart=datetime(2000, 1, 1))
    monthly = rrule(MONTHLY, bymonthday=1, dtstart=datetime(2000, 1, 1))
    both = rruleset()
    both.rrule(yearly)
    both.rrule(monthly)
    days = [date(2026, 12, 24), date(2026, 12, 28), date(2026, 12, 29), date(2026, 12, 30)]
    ics = tmp_path / "closures.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Company day\nDTSTART;VALUE=DATE:20261228\n"
        "END:VEVENT\nEND:VCALENDAR\n",
        encoding="utf-8",
    )
    cases = [
        (slaclock.country_calendar("CO"), "holidays of CO", "feriados de CO"),
        (
            slaclock.country_calendar("US", subdiv="fl", categories=["public", "unofficial"]),
            "holidays of US-FL (public, unofficial)",
            "feriados de US-FL (public, unofficial)",
        ),
        (holidays.country_holidays("AR"), "holidays of AR", "feriados de AR"),
        (slaclock.ClosedDates(), "none", "ninguno"),
        (
            slaclock.ClosedDates({days[0]: "Eve", days[1]: None}),
            "closed dates 2026-12-24 (Eve), 2026-12-28",
            "fechas cerradas 2026-12-24 (Eve), 2026-12-28",
        ),
        (
            slaclock.ClosedDates(days),
            "4 closed dates from 2026-12-24 to 2026-12-30",
            "4 fechas cerradas del 2026-12-24 al 2026-12-30",
        ),
        (
            slaclock.Recurring(yearly),
            "recurring FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1",
            "recurrencia FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1",
        ),
        (
            slaclock.Recurring(
                both, "Firsts", "RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1\nFREQ=MONTHLY"
            ),
            "recurring RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1 / FREQ=MONTHLY (Firsts)",
            "recurrencia RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1 / FREQ=MONTHLY (Firsts)",
        ),
        (slaclock.Recurring(both), "recurring rule set", "conjunto de recurrencias"),
        (
            slaclock.Recurring(both, "Firsts"),
            "recurring rule set (Firsts)",
            "conjunto de recurrencias (Firsts)",
        ),
    ]
    if _has_ics():
        cases += [
            (slaclock.ics_calendar(ics), f"iCalendar file {ics}", f"archivo iCalendar {ics}"),
            (
                slaclock.ics_calendar(ics.read_text(encoding="utf-8")),
                "an iCalendar feed",
                "un calendario iCalendar",
            ),
        ]
    for calendar, english, translated in cases:
        assert describe_calendar(calendar) == english
        assert describe_calendar(calendar, spanish) == translated
    nested = slaclock.union(cases[0][0], slaclock.union({days[0]}, cases[6][0]))
    assert describe_calendar(nested, spanish) == (
        "feriados de CO + fecha cerrada 2026-12-24 + recurrencia FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"
    )

    class Fridays:
        def __contains__(self, day: object) -> bool:
            return isinstance(day, date) and day.weekday() == 4

        def __repr__(self) -> str:
            return "Fridays()"

    assert describe_calendar(Fridays(), spanish) == "Fridays()"  # your own class: its repr


def _has_ics() -> bool:
    try:
        import icalendar  # noqa: F401
        import recurring_ical_events  # noqa: F401
    except ImportError:
        return False
    return True


# -- errors in Spanish, end to end -----------------------------------------------------------


def _error(capsys: pytest.CaptureFixture[str], status: int, *args: str) -> str:
    assert main([*args, "--lang", "es"]) == status
    return capsys.readouterr().err


def test_a_bad_duration_in_spanish_inside_the_option_that_holds_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the option's entry, then the duration's: not an entry that merely holds "business days"
    assert _error(capsys, 2, "report", "tickets.csv", "--at-risk", "4x") == (
        "slaclock: error: --at-risk '4x': no se entiende la duración '4x': se esperaban horas, "
        "minutos y segundos como '4h', '90m', '1h30m', '45s', o días hábiles como '2bd'\n"
    )


def test_an_unknown_name_with_a_suggestion_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _error(
        capsys, 2, "deadline", "alta", "2026-11-20 16:00", "--policy", LATAM, "--plan", "estandr"
    )
    assert shown == (
        "slaclock: error: plan desconocido 'estandr': ¿quiso decir 'estandar'? "
        "(conocidos: estandar, extendido)\n"
    )


def test_an_unknown_zone_with_a_suggestion_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    assert _error(capsys, 2, "deadline", "high", "2026-11-20 16:00", "--tz", "Bogata") == (
        "slaclock: error: zona horaria desconocida 'Bogata': ¿quiso decir 'America/Bogota'? "
        "(se esperaba un nombre de zona IANA)\n"
    )


def test_a_policy_file_s_problems_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "mesa.toml"
    policy.write_text(
        '[plans.estandar]\nzone = "America/Bogota"\nhours = { mon-fri = "09:00-18:00" }\n'
        'naive = "quizas"\nclosed = ["2026-13-01"]\n'
        '[targets.respose]\nalta = "4h"\n'
        '[targets.response]\nalta = "4 horas"\n',
        encoding="utf-8",
    )
    assert _error(capsys, 1, "check", str(policy)).splitlines() == [
        f"slaclock: 4 problemas en {policy}:",
        "  plans.estandar.closed[0]: '2026-13-01' no es una fecha: se esperaba YYYY-MM-DD, como "
        "2026-12-24",
        "  plans.estandar.naive: 'quizas': se esperaba 'assume' o 'reject'",
        "  targets.respose: métrica desconocida: ¿quiso decir 'response'? (conocidos: response, "
        "update, resolution)",
        "  targets.response.alta: no se entiende la duración '4 horas': se esperaban horas, "
        "minutos y segundos como '4h', '90m', '1h30m', '45s', o días hábiles como '2bd'",
    ]


def test_a_report_s_rejected_rows_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tickets = tmp_path / "casos.csv"
    tickets.write_text(
        "id,created,priority,plan\n"
        "C1,2026-11-20 10:00,high,\n"
        "C2,20/11/2026 10:00,high,\n"
        "C3,2026-11-20 10:00,high,oro\n",
        encoding="utf-8",
    )
    shown = _error(
        capsys,
        1,
        "report",
        str(tickets),
        "--now",
        "2026-11-21 00:00",
        "-o",
        str(tmp_path / "r.csv"),
    )
    assert shown.splitlines() == [
        "slaclock: rechazada línea 3 (C2): created: '20/11/2026 10:00' no es una fecha y hora "
        "ISO 8601: se esperaba p. ej. '2026-11-20 17:30' o '2026-11-20T17:30:00-05:00'",
        "slaclock: rechazada línea 4 (C3): plan desconocido 'oro': se esperaba uno de standard",
    ]


# -- no English left in Spanish output; the errors file stays English -------------------------


def _english_phrases() -> list[str]:
    """The fixed parts (two words or more) of every catalogue entry the Spanish catalogue
    writes differently: none may show in Spanish output."""
    phrases = set()
    for (_, text), strings in catalogue.catalogue("es").items():
        if not strings or text in strings:
            continue
        for part in re.split(r"(?<!\{)\{[A-Za-z_]\w*\}(?!\})", text):
            words = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", part)
            if len(words) >= 2 and not any(part.strip() in string for string in strings):
                phrases.add(" ".join(words))
    return sorted(phrases)


def _english_left(shown: str) -> list[str]:
    words = " ".join(re.findall(r"[A-Za-z]+(?:'[a-z]+)?", shown))
    return [phrase for phrase in _english_phrases() if re.search(rf"\b{phrase}\b", words)]


_BAD_TICKETS = (
    "id,created,priority,plan\n"
    "C1,2026-11-20 10:00,high,\n"
    "C2,20/11/2026 10:00,high,\n"
    "C3,2026-11-20 10:00,high,oro\n"
    "C4,2026-11-20 10:00\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "alta", "2026-11-20 16:00", "--policy", LATAM, "--plan", "estandar"),
        ("explain", "alta", "2026-12-23 16:00", "--policy", LATAM),
        ("calendar", "2026", "--policy", LATAM, "--plan", "estandar"),
        ("check", LATAM),
        ("check", str(EXAMPLES / "miami-desk.toml")),
    ],
)
def test_spanish_output_of_each_command_has_no_english_left(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    assert _english_phrases()  # the check reads the catalogue
    shown = _out(capsys, *args, "--lang", "es")
    assert not _english_left(shown), shown
    assert _english_left(_out(capsys, *args)), "the check cannot tell English"


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("deadline", "high", "2026-11-20 16:00", "--tz", "Bogata"), 2),
        (("deadline", "high", "2026-11-20 16:00", "--tz", "EST"), 2),
        (("deadline", "urgnt", "2026-11-20 16:00", "--policy", LATAM), 2),
        (("deadline", "zzz", "2026-11-20 16:00", "--policy", LATAM), 2),
        (("deadline", "high", "2026-11-20 16:00", "--policy", LATAM, "--plan", "zzz"), 2),
        (("report", "tickets.txt", "-o", "out.csv"), 2),
    ],
)
def test_spanish_errors_have_no_english_left(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], status: int
) -> None:
    shown = _error(capsys, status, *args)
    assert not _english_left(shown), shown
    assert main(list(args)) == status
    assert _english_left(capsys.readouterr().err), "the check cannot tell English"


def test_a_policy_file_s_kinds_of_value_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "mesa.toml"
    policy.write_text(
        "plans = 5\n[priorities.aliases]\nx = 3\n[targets.response]\nalta = true\n",
        encoding="utf-8",
    )
    shown = _error(capsys, 1, "check", str(policy))
    assert "  plans: se esperaba una tabla, se recibió un número 5\n" in shown
    assert "  priorities.aliases.x: se esperaba un nombre de prioridad, se recibió un número\n" in (
        shown
    )
    assert "se recibió un booleano True" in shown
    assert not _english_left(shown), shown


def test_a_policy_file_s_tables_dates_and_times_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    policy = tmp_path / "mesa.toml"
    policy.write_text(
        "[plans.a]\nzone = 'UTC'\nhours = { mon = '09:00-18:00' }\n[targets.response]\n"
        "high = { x = 1 }\nlow = 2026-01-01\nmedium = 10:00:00\n",
        encoding="utf-8",
    )
    shown = _error(capsys, 1, "check", str(policy))
    assert "se recibió una tabla {'x': 1}\n" in shown
    assert "se recibió una fecha 2026-01-01\n" in shown
    assert "se recibió una hora 10:00:00\n" in shown
    assert not _english_left(shown), shown
    assert main(["check", str(policy)]) == 1
    english = capsys.readouterr().err
    assert "got a table {'x': 1}\n" in english
    assert "got a date 2026-01-01\n" in english


def test_the_errors_file_stays_english_and_the_printed_rejections_follow_the_language(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tickets = tmp_path / "casos.csv"
    tickets.write_text(_BAD_TICKETS, encoding="utf-8")
    errors = tmp_path / "errores.csv"
    arguments = ["report", str(tickets), "--now", "2026-11-21 00:00", "-o", str(tmp_path / "r.csv")]
    assert main([*arguments, "--errors", str(errors), "--lang", "es"]) == 1
    capsys.readouterr()
    written = errors.read_text(encoding="utf-8")
    assert "unknown plan 'oro': expected one of standard" in written
    assert "2 fields where the header has 4" in written
    assert "plan desconocido" not in written
    assert "campos" not in written
    assert main([*arguments, "--errors", str(errors)]) == 1
    capsys.readouterr()
    assert errors.read_text(encoding="utf-8") == written  # the same file in every language
    shown = _error(capsys, 1, *arguments)
    assert "slaclock: rechazada línea 5 (C4): 2 campos donde el encabezado tiene 4\n" in shown
    assert not _english_left(shown), shown


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "casos.csv",
            "id,created,priority\nT1,2026-11-20 16:00,high\nT2,2026-13-01 10:00,low\n"
            "T1,2026-11-20 16:00,high\nT4,,low\n",
        ),
        (
            "casos.jsonl",
            '{"id": "T1", "created": "2026-11-20 16:00", "priority": "high"}\n'
            '{"id": "T2", "created": 5, "priority": "low"}\nno es JSON\n[1, 2]\n',
        ),
    ],
)
def test_a_report_s_rejections_and_summary_in_spanish(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, text: str
) -> None:
    tickets = tmp_path / name
    tickets.write_text(text, encoding="utf-8")
    arguments = ["report", str(tickets), "--now", "2026-12-01 00:00", "-o", str(tmp_path / "r.csv")]
    assert main([*arguments, "--lang", "es"]) == 1
    shown = "".join(capsys.readouterr())
    assert "1 caso evaluado al 2026-12-01T00:00:00" in shown
    assert not _english_left(shown), shown
    assert main(arguments) == 1
    english = "".join(capsys.readouterr())
    assert "1 ticket evaluated at" in english
    assert _english_left(english), "the check cannot tell English"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_s_sections_name_modules_that_exist(language: str) -> None:
    """A catalogue's "errors of ..." headers name the module (or package) whose messages
    follow, so a translator finds the code; a module moved leaves no stale header."""
    po = LOCALES / language / "LC_MESSAGES" / "slaclock.po"
    package = LOCALES.parent
    named = re.findall(r"^# errors of (\S+)$", po.read_text(encoding="utf-8"), re.MULTILINE)
    assert named, f"{po} has no '# errors of' section headers"
    stale = [name for name in named if not (package / name).exists()]
    assert not stale, f"{po} names modules that do not exist under {package}: {stale}"
