"""The baseline a report is measured against: read a ticket export with the ``csv`` module and
parse its timestamp columns (``created`` and ``responded``, or those named after the file:
``at`` for an event log) with ``datetime.fromisoformat`` — nothing else. Run by
``bench_compare.py report-baseline`` and ``events-baseline`` beside ``slaclock report``.

    python benchmarks/read_baseline.py /tmp/slaclock-compare/tickets-1000000-seed2026.csv
    python benchmarks/read_baseline.py /tmp/slaclock-compare/events-1000000-seed2026.csv at

A script, not a test: it prints the rows read and the values parsed.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime


def main(path: str, columns: list[str]) -> None:
    parse = datetime.fromisoformat
    rows = parsed = 0
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        places = [header.index(name) for name in columns]
        for row in reader:
            rows += 1
            for place in places:
                text = row[place] if place < len(row) else ""
                if text:
                    try:
                        parse(text)
                    except ValueError:
                        continue
                    parsed += 1
    print(f"{rows} rows, {parsed} timestamps parsed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["created", "responded"])
