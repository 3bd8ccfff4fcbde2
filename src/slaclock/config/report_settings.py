"""The ``[report]`` table of a policy file: how ``slaclock report`` reads a desk's exports
(:class:`ReportSettings`), read alone (:func:`load_report_settings`) or as a part of the whole
policy file's check (:func:`read_report_settings`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyFileError
from ..events import kind_name
from .documents import Problems, key_path, kind_and_value, read_policy_text, read_toml

__all__ = [
    "COLUMN_FIELDS",
    "ReportSettings",
    "load_report_settings",
    "loads_report_settings",
    "read_report_settings",
]

_REPORT_KEYS = (
    "columns",
    "date_format",
    "dayfirst",
    "delimiter",
    "encoding",
    "events",
    "reply_resumes",
    "activity_reopens",
)
COLUMN_FIELDS = (
    "id",
    "created",
    "priority",
    "plan",
    "responded",
    "solved",
    "event",
    "at",
    "reason",
)
"""The fields of a report's input whose column names a policy's ``[report] columns`` (and
:class:`slaclock.report.Columns`) give."""


@dataclass(frozen=True, slots=True)
class ReportSettings:
    """The ``[report]`` table of a policy file: how ``slaclock report`` reads this desk's
    exports, so that a script needs no flags (a flag given overrides its setting).

    * ``columns``: (field, column name) pairs: ``id``, ``created``, ``priority``, ``plan``,
      ``responded``, ``solved``, ``event``, ``at``, ``reason``.
    * ``date_format``, ``dayfirst``, ``delimiter``, ``encoding``: as the flags of the same
      names.
    * ``events``: (export name, kind) pairs for an event log: an export's own names of
      events (case and blanks about them ignored) read as the library's kinds (a kind or a
      synonym, as :class:`~slaclock.Event` takes them), or ``"ignore"``: such a row stays
      with its ticket but is no event.
    * ``reply_resumes``, ``activity_reopens``: how a status-style event log is read (both
      false by default): a reply while paused resumes the clocks; a reply or an update while
      solved reopens the ticket, and a second solve closes it (:class:`slaclock.Options`).

    >>> settings = loads_report_settings('''
    ... [report]
    ... delimiter = ";"
    ... columns = { id = "Ticket", created = "Opened" }
    ... events = { "Llamada" = "update", "Encuesta enviada" = "ignore" }
    ... reply_resumes = true
    ... ''')
    >>> settings.delimiter, dict(settings.columns)
    (';', {'id': 'Ticket', 'created': 'Opened'})
    >>> dict(settings.events)
    {'llamada': 'updated', 'encuesta enviada': 'ignore'}
    >>> settings.reply_resumes, settings.activity_reopens
    (True, False)
    """

    columns: tuple[tuple[str, str], ...] = ()
    date_format: str | None = None
    dayfirst: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    events: tuple[tuple[str, str], ...] = ()
    reply_resumes: bool = False
    activity_reopens: bool = False


def load_report_settings(path: str | Path) -> ReportSettings:
    """The ``[report]`` table of the policy file at *path* (:class:`ReportSettings`; all
    defaults without one); :class:`PolicyFileError` listing its problems (the rest of the
    file is :func:`~slaclock.config.load_policy`'s to check)."""
    file = Path(path)
    return loads_report_settings(read_policy_text(file), source=str(file))


def loads_report_settings(text: str, source: str = "the policy") -> ReportSettings:
    """The ``[report]`` table of a policy file's text (:func:`load_report_settings`)."""
    data = read_toml(text, source)
    problems = Problems()
    settings = read_report_settings(problems, data.get("report", {}))
    if problems.items:
        raise PolicyFileError(problems.items, source)
    return settings


def read_report_settings(problems: Problems, value: object) -> ReportSettings:
    """The ``[report]`` table *value* as :class:`ReportSettings`, each of its problems added to
    *problems* (its settings then the defaults): the part of a whole policy file's check
    that reads it."""
    table = problems.table(value, "report", _REPORT_KEYS)
    columns = problems.table(table.get("columns", {}), "report.columns", COLUMN_FIELDS)
    named: list[tuple[str, str]] = []
    for field, column in columns.items():
        if not isinstance(column, str) or not column.strip():
            problems.add(
                key_path("report.columns", field), f"expected a column name, got {column!r}"
            )
        else:
            named.append((str(field), column))
    texts: dict[str, str | None] = {}
    for key in ("date_format", "delimiter", "encoding"):
        found = table.get(key)
        if found is not None and not isinstance(found, str):
            problems.add(f"report.{key}", f"expected text, got {kind_and_value(found)}")
            found = None
        texts[key] = found
    delimiter = texts["delimiter"]
    if delimiter is not None:
        delimiter = "\t" if delimiter.lower() in ("tab", "\\t") else delimiter
        if len(delimiter) != 1 or delimiter in '"\r\n':
            problems.add(
                "report.delimiter",
                f"{delimiter!r}: expected one character other than a quote or a line break, "
                f"or 'tab'",
            )
            delimiter = None
    flags: dict[str, bool] = {}
    for key in ("dayfirst", "reply_resumes", "activity_reopens"):
        flag = table.get(key, False)
        if not isinstance(flag, bool):
            problems.add(f"report.{key}", f"expected true or false, got {flag!r}")
            flag = False
        flags[key] = flag
    dayfirst = flags["dayfirst"]
    if dayfirst and texts["date_format"] is not None:
        problems.add("report.dayfirst", "a date_format and dayfirst: give one")
    kinds = problems.table(table.get("events", {}), "report.events")
    mapped: list[tuple[str, str]] = []
    for name, kind in kinds.items():
        where = key_path("report.events", name)
        if not isinstance(kind, str):
            problems.add(where, f"expected an event kind or 'ignore', got {kind_and_value(kind)}")
        elif kind.strip().lower() == "ignore":
            mapped.append((str(name).strip().lower(), "ignore"))
        else:
            found = problems.attempt(where, kind_name, kind)
            if found is not None:
                mapped.append((str(name).strip().lower(), found))
    return ReportSettings(
        columns=tuple(named),
        date_format=texts["date_format"],
        dayfirst=dayfirst,
        delimiter=delimiter,
        encoding=texts["encoding"],
        events=tuple(mapped),
        reply_resumes=flags["reply_resumes"],
        activity_reopens=flags["activity_reopens"],
    )
