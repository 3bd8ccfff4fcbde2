"""The baseline a report is measured against: read a ticket export with the ``csv`` module and
parse its two timestamp columns (``created``, ``responded``) with ``datetime.fromisoformat`` —
nothing else. Run by ``bench_compare.py report-baseline`` beside ``slaclock report``.

    python benchmarks/read_baseline.py /tmp/slaclock-compare/tickets-1000000-seed2026.csv

A script, not a test: it prints the rows read and the values parsed.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime


def main(path: str) -> None:
    parse = datetime.fromisoformat
    rows = parsed = 0
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.reader(file)
        header = next(reader)
        places = [header.index("created"), header.index("responded")]
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
    main(sys.argv[1])
