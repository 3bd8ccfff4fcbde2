"""Business time over whole columns: the scalar questions for arrays (optional extra ``numpy``).

The scalar engine answers with ``bisect`` over a year's sorted open periods; this module asks
the same arrays for a million instants at once (``numpy.searchsorted``, or a table of cells
that finds the same positions in O(1) each: ``columns.SortedLookup``). The answers are the
scalar answers, to the microsecond. slaclock's core never imports this module or numpy; the
``*_many`` methods of a schedule load it on first use.

Instants: a ``numpy.datetime64`` array is UTC; a pandas ``Series`` or ``DatetimeIndex`` may be
aware (any zone) or naive (read in the schedule's zone, as in the scalar engine); any other
iterable (and a pandas column of objects or text) is read value by value (``datetime``, ISO
text, ``numpy.datetime64`` as UTC, or a missing value). Missing values (``NaT``, ``None``,
``NaN``, ``pd.NA``) come back missing in the same positions.

>>> import numpy as np
>>> import slaclock
>>> desk = slaclock.Schedule({"mon-fri": "09:00-18:00"}, tz="America/New_York")
>>> starts = np.array(["2026-11-20T21:00", "2026-11-21T15:00", "NaT"], dtype="datetime64[us]")
>>> desk.add_many(starts, "4h")                                   # UTC in, UTC out
array(['2026-11-23T16:00:00.000000', '2026-11-23T18:00:00.000000',
                              'NaT'], dtype='datetime64[us]')
"""

from __future__ import annotations

from .columns import (
    EPOCH_ORDINAL,
    InstantColumn,
    at_position,
    by_year_runs,
    instants_from_walls,
    is_missing,
)
from .questions import (
    add,
    add_days,
    add_span,
    closure,
    days_between,
    elapsed,
    elapsed_span,
    for_positive_amounts,
    is_open,
    is_open_span,
    next_close,
    next_open,
    next_open_span,
    previous_close,
    previous_open,
    subtract,
)

__all__ = [
    "EPOCH_ORDINAL",
    "InstantColumn",
    "add",
    "add_days",
    "add_span",
    "at_position",
    "by_year_runs",
    "closure",
    "days_between",
    "elapsed",
    "elapsed_span",
    "for_positive_amounts",
    "instants_from_walls",
    "is_missing",
    "is_open",
    "is_open_span",
    "next_close",
    "next_open",
    "next_open_span",
    "previous_close",
    "previous_open",
    "subtract",
]
