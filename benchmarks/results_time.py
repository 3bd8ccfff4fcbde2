"""The CPU time a ``slaclock report`` run spends making and writing its results: the
command's ``main`` run in this process, with ``time.process_time`` summed around every
``ResultBatch.write`` (the result table, its cells or JSON Lines, and the file write), then
the whole run's. The tree measured is the one ``PYTHONPATH`` gives.

    PYTHONPATH=src python benchmarks/results_time.py report \\
        /tmp/slaclock-compare/tickets-1000000-seed2026.csv \\
        --policy /tmp/slaclock-compare/policy.toml --now '2027-02-01 00:00' \\
        --output /tmp/out/r.csv --errors /tmp/out/e.csv --summary /tmp/out/s.json

A script, not a test: it prints ``results N s of M s`` on standard error.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import Any


def main(args: list[str]) -> None:
    from slaclock.cli import dispatch
    from slaclock.report import batches

    spent = 0.0
    write = batches.ResultBatch.write

    def timed(batch: Any, writer: Any) -> None:
        nonlocal spent
        start = time.process_time()
        write(batch, writer)
        spent += time.process_time() - start

    batches.ResultBatch.write = timed  # type: ignore[method-assign, assignment]
    start = time.process_time()
    with contextlib.suppress(SystemExit):  # (status 1: rows rejected)
        dispatch.main(args)
    total = time.process_time() - start
    print(f"results {spent:.3f} s of {total:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
