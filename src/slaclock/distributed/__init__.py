"""Reports over a Dask DataFrame of tickets, partition by partition (the ``dask`` extra).

:func:`report_dask` evaluates each partition with :func:`slaclock.report.run_report` (so every
result and rejection is the single-process report's, and the columnar fast path is taken where
the rows allow) and gives the results and rejections as Dask DataFrames; the summary is then
computed with Dask reductions. Nothing in the core of slaclock imports this module.

Tickets are read one row each, or as an event log (``events=True``: the rows of a ticket
brought together by a shuffle on its id). The rows' **line numbers are their places
in the whole collection**, partition after partition (from 1): the numbers
:func:`~slaclock.report.run_report` gives the same rows, concatenated, in one process,
whatever the index (``dd.read_csv`` of many files or of one file in blocks, and
``dd.read_parquet`` without a stored index, number every partition from 0: the index is never
read). The partitions' lengths are counted first, in the same pass as the ids. A ticket id
that comes back is a repeat wherever it comes back (that pass finds the ids read in more than
one row), unless ``repeats="partition"`` asks for repeats within each partition only.
"""

from __future__ import annotations

from .frames import results_frame
from .reports import DaskReport, report_dask

__all__ = ["DaskReport", "report_dask", "results_frame"]
