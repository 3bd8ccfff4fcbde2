"""A ticket's state as a document a helpdesk tool stores and reads back (schema version 1).

The document holds what a ticket is made of — its events and the options it is evaluated
under — never an answer: a stored ticket read back under a policy is evaluated afresh, so a
policy or holiday change applies to it as it does to a replay. :meth:`slaclock.Ticket.to_dict`
and :meth:`slaclock.Ticket.from_dict` (and their JSON forms) use it; the schema is written out
in docs/ticket-life.md ("Storing and resuming a ticket").

>>> document = {"version": 1, "events": [
...     {"kind": "created", "at": "2026-11-20T16:00:00-05:00", "priority": "high"}]}
>>> events, options = read(document)
>>> events
[Event('created', datetime.datetime(2026, 11, 20, 16, 0, tzinfo=datetime.timezone(datetime.timedelta(days=-1, seconds=68400))), priority='high')]
>>> options
{}
>>> read({"version": 1, "events": [{"kind": "created", "at": "2026-11-20 16:00"}]})
Traceback (most recent call last):
...
slaclock.errors.InvalidTicketError: stored ticket: events[0].at '2026-11-20 16:00': expected an ISO 8601 instant with a UTC offset, such as '2026-11-20T16:00:00-05:00'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from ..durations import format_duration, parse_duration
from ..errors import InvalidTicketError, SlaclockError, shown
from ..events import Event, kind_name
from ..suggestions import did_you_mean

__all__ = ["EVENT_FIELDS", "OPTION_FIELDS", "VERSION", "read", "write"]

VERSION = 1
"""The schema's version, written in every document and checked on reading."""
EVENT_FIELDS = ("kind", "at", "priority", "plan", "reason")
"""The fields of a stored event, in the order they are written."""
OPTION_FIELDS = (
    "regrade",
    "reopen",
    "rearm_response",
    "grace",
    "reply_resumes",
    "activity_reopens",
)
"""The options a stored ticket keeps (:class:`slaclock.Options`), each optional."""
_WRITTEN_WHEN_SET = ("reply_resumes", "activity_reopens")
"""Options written only when true: a document of a ticket without them is the same as
before they existed, so that earlier readers of version 1 still read it."""
_TOP = ("version", "options", "events")


def write(
    events: Sequence[tuple[Event, datetime]], options: Mapping[str, object]
) -> dict[str, Any]:
    """The document of a ticket: *events* each with its instant as an aware datetime (written
    in ISO 8601 with its UTC offset), *options* by name (``grace``, a ``timedelta``, as
    duration text such as ``'1h30m'``)."""
    stored = []
    for event, at in events:
        row: dict[str, Any] = {"kind": event.kind, "at": at.isoformat()}
        for name in ("priority", "plan", "reason"):
            value = getattr(event, name)
            if value is not None:
                row[name] = value
        stored.append(row)
    written: dict[str, Any] = {}
    for name in OPTION_FIELDS:
        value = options[name]
        if name in _WRITTEN_WHEN_SET and not value:
            continue
        written[name] = format_duration(value) if isinstance(value, timedelta) else value
    return {"version": VERSION, "options": written, "events": stored}


def _fail(field: str, message: str) -> InvalidTicketError:
    return InvalidTicketError(f"stored ticket: {field}{message}")


def _keys(where: str, data: Mapping[Any, Any], known: Sequence[str]) -> None:
    """Refuse a key not in *known*, naming it (with the known key it is close to)."""
    for key in data:
        if key not in known:
            guess = did_you_mean(key, known)
            expected = f"expected {', '.join(known)}"
            hint = f"{guess} ({expected})" if guess else expected
            prefix = f"{where}: " if where else ""
            raise _fail(prefix, f"unknown key {shown(key)}: {hint}")


def read(data: object) -> tuple[list[Event], dict[str, Any]]:
    """The events and the options (by name, only those given) of a document; an
    :class:`InvalidTicketError` naming the first bad field otherwise. Checks the document's
    shape and each event on its own; whether the events can happen in their order, and
    whether their priorities and plans are the policy's, is the replay's to say."""
    if not isinstance(data, Mapping):
        raise _fail("", f"{shown(data)}: expected a JSON object with version and events")
    _keys("", data, _TOP)
    if "version" not in data:
        raise _fail("", f"missing key 'version': expected {VERSION}")
    version = data["version"]
    if version != VERSION or isinstance(version, bool):
        raise _fail("version ", f"{shown(version)}: expected {VERSION}")
    options = _options(data.get("options", {}))
    if "events" not in data:
        raise _fail("", "missing key 'events': expected a list of events, 'created' first")
    rows = data["events"]
    if not isinstance(rows, list) or not rows:
        raise _fail("events ", f"{shown(rows)}: expected a list of events, 'created' first")
    return [_event(index, row) for index, row in enumerate(rows)], options


def _options(data: object) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise _fail("options ", f"{shown(data)}: expected a JSON object")
    _keys("options", data, OPTION_FIELDS)
    options = dict(data)
    for name in ("regrade", "reopen"):
        if name in options and not isinstance(options[name], str):
            raise _fail(f"options.{name} ", f"{shown(options[name])}: expected text")
    for name in ("rearm_response", *_WRITTEN_WHEN_SET):
        if name in options and not isinstance(options[name], bool):
            raise _fail(f"options.{name} ", f"{shown(options[name])}: expected true or false")
    if "grace" in options:
        text = options["grace"]
        try:
            grace = parse_duration(text)
        except SlaclockError as err:
            raise _fail("options.grace: ", str(err)) from err
        if not isinstance(grace, timedelta):
            raise _fail("options.grace ", f"{shown(text)}: expected hours and minutes, as '1h30m'")
        options["grace"] = grace
    return options


def _event(index: int, row: object) -> Event:
    where = f"events[{index}]"
    if not isinstance(row, Mapping):
        raise _fail(f"{where} ", f"{shown(row)}: expected a JSON object with kind and at")
    _keys(where, row, EVENT_FIELDS)
    for name in ("kind", "at"):
        if name not in row:
            raise _fail(f"{where}: ", f"missing key {name!r}")
    for name in EVENT_FIELDS:
        value = row.get(name)
        if name in row and not isinstance(value, str):
            raise _fail(f"{where}.{name} ", f"{shown(value)}: expected text")
    text = row["at"]
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        at = None
    if at is None or at.utcoffset() is None:
        raise _fail(
            f"{where}.at ",
            f"{shown(text, 40)}: expected an ISO 8601 instant with a UTC offset, such as "
            "'2026-11-20T16:00:00-05:00'",
        )
    try:
        kind = kind_name(row["kind"])
    except SlaclockError as err:
        raise _fail(f"{where}.kind: ", str(err)) from err
    needs = _NEEDS.get(kind)
    if needs is not None and not row.get(needs):
        raise _fail(f"{where}: ", f"missing key {needs!r}: a {kind} event needs a {needs}")
    return Event(kind, at, priority=row.get("priority"), plan=row.get("plan"),
                 reason=row.get("reason"))  # fmt: skip


_NEEDS = {"created": "priority", "priority_changed": "priority", "plan_changed": "plan"}
