"""Reports: SLA compliance over many tickets, streamed, with every input row accounted for.

:func:`run_report` evaluates each ticket with the ticket-tracking engine
(:class:`slaclock.tracking.Ticket`) and yields one :class:`TicketResult` at a time; a row that
cannot be evaluated becomes a :class:`Rejection` with its line number and the reason. Once the
results are read, :attr:`Report.summary` gives compliance per priority and plan.

>>> import slaclock
>>> policy = slaclock.default_policy()
>>> rows = [
...     {"id": "T1", "created": "2026-11-20 16:00", "priority": "high",
...      "responded": "2026-11-23 10:30"},
...     {"id": "T2", "created": "2026-11-20 16:00", "priority": "p1",
...      "responded": "2026-11-23 12:00"},
...     {"id": "T3", "created": "2026-11-20 16:00", "priority": "urgent"},
... ]
>>> run = run_report(policy, rows, now="2026-12-01 00:00")
>>> for result in run:
...     print(result.id, result.verdict, result.response_time)
T1 met 3:30:00
T2 breached 5:00:00
>>> for rejection in run.rejections:
...     print(rejection.line, rejection.reason)
3 unknown priority 'urgent': expected one of high, medium, low (or an alias: alta, baja, critical, media, p1, p2, p3)
>>> summary = run.summary
>>> summary.rows_read == summary.rows_written + summary.rows_rejected
True

Nothing is kept per ticket once its result is yielded, except a fingerprint of its id (to
catch an id that comes back: 8 bytes with numpy, 16 without) and its business times (for exact
percentiles, 8 bytes each): some 24 to 32 bytes per ticket.

Rows are read, evaluated and accounted for a batch at a time (:meth:`Report.batches`). With
one row per ticket and the fast extra installed (numpy and pyarrow), the *simple* tickets of
a batch (created, priority, plan, and optionally responded and solved, in that order, none
after ``now``) are read and evaluated together on whole columns
(:mod:`~slaclock.report.columnar_tickets`), their CSV cells made column by column into an
Arrow table (:mod:`~slaclock.report.arrow_results`); an event log's tickets are answered
from columns too, their kinds of events sketched once per sequence
(:mod:`~slaclock.report.columnar_events`, :mod:`~slaclock.report.event_cycles`); every other
ticket goes through the engine as before. The results, rejections (and their order) and the
summary are the engine's, to the microsecond (``run_report(..., columnar=False)`` takes the
engine alone).

The modules, one concern each: :mod:`~slaclock.report.options` (the input's column names),
:mod:`~slaclock.report.results` (a ticket's result, a rejection, the files' columns),
:mod:`~slaclock.report.reading` (rows read value by value), the columnar path
(:mod:`~slaclock.report.columnar_reading`, :mod:`~slaclock.report.instant_texts`,
:mod:`~slaclock.report.columnar_results`, :mod:`~slaclock.report.columnar_tickets`,
:mod:`~slaclock.report.event_cycles`, :mod:`~slaclock.report.columnar_events`,
:mod:`~slaclock.report.arrow_results`: numpy and pyarrow, loaded on first use),
:mod:`~slaclock.report.batches` (results a batch at a time) and :mod:`~slaclock.report.run`
(:func:`run_report`, :class:`Report`).
"""

from ..summary import SUMMARY_COLUMNS, GroupSummary, MetricSummary, Summary, percentile
from .batches import ResultBatch
from .options import Columns, TimeFormat
from .results import ERROR_COLUMNS, RESULT_COLUMNS, RESULT_TYPES, Rejection, TicketResult
from .run import BATCH_SIZE, Report, run_report

__all__ = [
    "BATCH_SIZE",
    "ERROR_COLUMNS",
    "RESULT_COLUMNS",
    "RESULT_TYPES",
    "SUMMARY_COLUMNS",
    "Columns",
    "GroupSummary",
    "MetricSummary",
    "Rejection",
    "Report",
    "ResultBatch",
    "Summary",
    "TicketResult",
    "TimeFormat",
    "percentile",
    "run_report",
]
