"""Why a metric of a ticket is due when it is (:func:`explain`): the open time it consumed,
the closures and pauses it skipped, the priority and plan changes applied; ``str()`` of an
:class:`Explanation` is the text for a support agent, in a language (docs/languages.md).

It reads the ticket the engine replayed (:meth:`slaclock.Ticket.status_detail`): its clocks'
runs, the pauses and the changes of priority and plan the rules applied. :meth:`slaclock.Ticket.explain` and
:meth:`slaclock.Policy.explain` read this module inside the method (it comes after both).

>>> import slaclock
>>> from slaclock import Event
>>> print(explain(slaclock.default_policy(), [
...     Event("created", "2026-11-20 16:00", priority="high"),
...     Event("responded", "2026-11-23 10:30"),
... ]))
response: met, target 4h
  counting from Fri 2026-11-20 16:00
  open Fri 2026-11-20 16:00 - 18:00  (2h)
  open Mon 2026-11-23 09:00 - 10:30  (1h30m)
  due Mon 2026-11-23 11:00 EST
  met Mon 2026-11-23 10:30
  warn at 75%: fired Mon 2026-11-23 10:00
  level 2 at 100%: cancelled, the clock stopped before it fired
  level 3 at 150%: cancelled, the clock stopped before it fired
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .durations import format_duration
from .events import Event
from .languages import translation
from .periods import Period
from .policy import METRICS, Policy, metric_name
from .schedule import BaseSchedule, Schedule
from .tickets.status import MetricStatus, escalation_text, status_text, when_text
from .tracking import Options, Ticket
from .zones import from_micros, to_micros

__all__ = ["Explanation", "explain", "explain_ticket"]


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a metric is due when it is: open time consumed, closures and pauses skipped,
    priority and plan changes applied. ``str()`` gives a text for a support agent, in
    ``language`` (docs/languages.md)."""

    metric: str
    status: MetricStatus
    consumed: tuple[tuple[datetime, datetime], ...]
    closures: tuple[tuple[str, str], ...]
    pauses: tuple[tuple[datetime, datetime | None, str | None], ...]
    changes: tuple[tuple[datetime, str, str], ...]
    zone: str = field(default="")
    language: str = field(default="en")
    version: date | None = None
    """The date from which the policy version the ticket is evaluated under is in force
    (versions of a policy: ``slaclock.policy_versions``); ``None`` for a policy alone."""

    def __str__(self) -> str:
        t = translation(self.language)
        status = self.status
        lines = [status_text(status, t)]
        if self.version is not None:
            line = t.gettext("under the policy version in force from {day}")
            lines.append("  " + line.format(day=self.version))
        if status.started_at is not None:
            lines.append(
                "  "
                + t.gettext("counting from {when}").format(when=when_text(status.started_at, t))
            )
        for at, what, to in self.changes:
            lines.append(
                f"  {when_text(at, t)}  "
                + t.gettext("{what} changed to {value}").format(
                    what=t.pgettext("field", what), value=to
                )
            )
        for opening, closing in self.consumed:
            used = format_duration(Period(opening, closing).length)
            lines.append(
                "  "
                + t.gettext("open {start} - {end}  ({length})").format(
                    start=when_text(opening, t), end=f"{closing:%H:%M}", length=used
                )
            )
        for paused_at, resumed_at, reason in self.pauses:
            until = when_text(resumed_at, t) if resumed_at is not None else t.gettext("now")
            lines.append(
                "  "
                + t.gettext("paused {start} - {end}  ({reason})").format(
                    start=when_text(paused_at, t), end=until, reason=reason
                )
            )
        for day, name in self.closures:
            lines.append("  " + t.gettext("closed {day}  ({name})").format(day=day, name=name))
        if status.due is not None:
            due = f"{when_text(status.due, t)} {status.due:%Z}"
            lines.append("  " + t.gettext("due {when}").format(when=due))
        if status.met_at is not None:
            lines.append("  " + t.gettext("met {when}").format(when=when_text(status.met_at, t)))
        if status.breached_at is not None:
            breached = when_text(status.breached_at, t)
            lines.append("  " + t.gettext("breached {when}").format(when=breached))
        lines.extend(f"  {escalation_text(escalation, t)}" for escalation in status.escalations)
        return "\n".join(lines)


def explain(
    policy: Policy,
    events: Iterable[Event],
    metric: str = "response",
    now: datetime | str | None = None,
    *,
    options: Options | None = None,
    lang: str | None = None,
) -> Explanation:
    """The open periods a metric consumed, the closures and pauses it skipped, the changes
    applied — so a support agent can see *why* a ticket is due when it is. Its text is in
    *lang* (default: the policy's ``language``, else English); holiday names follow it
    where the ``holidays`` package translates them (docs/languages.md)."""
    return explain_ticket(Ticket.replay(policy, events, options=options), metric, now, lang)


def explain_ticket(
    ticket: Ticket, metric: str, now: datetime | str | None, lang: str | None = None
) -> Explanation:
    """:func:`explain` of a ticket already replayed (:meth:`slaclock.Ticket.explain`)."""
    chosen = lang or ticket.policy.language  # holiday names follow a chosen one
    language = translation(chosen).language
    key = metric_name(metric)
    detail = ticket.status_detail(now)
    status, tz, schedules = detail.status, detail.zone, detail.schedules
    clock = detail.clocks[METRICS.index(key)]
    metric_status = status[key]
    end_micros = to_micros(metric_status.due or status.now, tz)
    if clock.stopped_at is not None:
        end_micros = clock.stopped_at
    runs: list[tuple[int, int | None, int, bool]] = []
    for run in clock.runs:  # runs split only by a re-grade are one run
        if runs and runs[-1][1] == run[0] and runs[-1][2:] == run[2:]:
            runs[-1] = (runs[-1][0], *run[1:])
        else:
            runs.append(run)
    consumed: list[tuple[datetime, datetime]] = []
    closures: dict[str, str] = {}
    for start, until, number, calendar in runs:
        stop = min(until if until is not None else end_micros, end_micros)
        if stop <= start:
            continue
        schedule = schedules[number]
        if calendar:
            consumed.append((from_micros(start, tz), from_micros(stop, tz)))
        else:
            for a, b in schedule.timeline.periods(start, stop):
                consumed.append((from_micros(a, tz), from_micros(b, tz)))
        closures.update(_closures(schedule, start, stop, chosen and language))
    return Explanation(
        metric=key,
        status=metric_status,
        consumed=tuple(consumed),
        closures=tuple(sorted(closures.items())),
        pauses=tuple(
            (paused_at, resumed_at, reason or translation(language).gettext("paused"))
            for paused_at, resumed_at, reason in detail.pauses
        ),
        changes=detail.changes,
        language=language,
    )


def _closures(
    schedule: BaseSchedule, start: int, stop: int, language: str | None
) -> Iterator[tuple[str, str]]:
    """Dates between two instants that the calendar closes although the hours would open,
    each with its name in *language* where the calendar has it."""
    if not isinstance(schedule, Schedule):
        return
    from .calendars import closure_name

    tz = schedule.tz
    day = from_micros(start, tz).date()
    last = from_micros(stop, tz).date()
    while day <= last:
        if (
            day not in schedule.overrides
            and schedule.hours.days[day.weekday()]
            and day in schedule.calendar
        ):
            name = closure_name(schedule.calendar, day, language)
            yield day.isoformat(), name or translation(language).gettext("closed")
        day += timedelta(days=1)
