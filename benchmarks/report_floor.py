"""The least a report on Arrow can cost for a given input and results: the imports the
report's columnar path makes (numpy, pyarrow and its compute, CSV and pandas layers, slaclock),
Arrow reading the input's columns as text, and Arrow writing the results' text as they are —
no clock evaluated, no value formatted, no check made. Run by ``bench_compare.py
floor-baseline`` beside ``read_baseline.py``, so that the report's own figure
(``report-baseline``) can be read against both.

    python benchmarks/report_floor.py /tmp/slaclock-compare/tickets-1000000-seed2026.csv \\
        /tmp/slaclock-compare/results-tickets-1000000-seed2026.arrow out.csv

The results are the report's own, every cell as the report writes it, kept as an Arrow IPC
file of text columns (``bench_compare.py`` makes it once, untimed, from the report's results);
it is mapped into memory, not parsed, so that reading it costs next to nothing. A script, not
a test: it prints what it read and wrote.
"""

from __future__ import annotations

import sys


def main(source: str, results: str, output: str) -> None:
    import numpy  # noqa: F401  (the report's imports, as its columnar path makes them)
    import pyarrow as pa
    import pyarrow.compute
    import pyarrow.csv as pa_csv

    import slaclock  # noqa: F401

    pa.scalar(0)  # (pyarrow imports pandas here, as on the report's first Arrow call)

    def texts(path: str) -> pa.Table:
        names = pa_csv.open_csv(path).schema.names
        return pa_csv.read_csv(
            path,
            read_options=pa_csv.ReadOptions(use_threads=False),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )

    source_table = texts(source)
    with pa.memory_map(results) as mapped:
        results_table = pa.ipc.open_file(mapped).read_all()  # (mapped: no copy, no parsing)
    pa_csv.write_csv(results_table, output, pa_csv.WriteOptions(quoting_style="needed"))
    print(f"{source_table.num_rows} rows read, {results_table.num_rows} results written")


if __name__ == "__main__":
    main(*sys.argv[1:4])
