"""Tabular files for reports: rows read from CSV, JSON Lines or Parquet with their line
numbers; records written as safe CSV, JSON Lines or Parquet; output files replaced only when
complete; data frames and Arrow tables as records."""

from .arrow_csv import WHITESPACE, arrow_installed
from .opening import (
    AtomicFile,
    Format,
    commit_together,
    encoding_name,
    format_of,
    open_input,
    remove_stale,
    transcoded,
)
from .parquet import PARQUET_BATCH, ParquetReader, ParquetWriter
from .readers import FieldRows, Row, RowReader
from .tables import FRAME_BATCH, is_table, records, table_records
from .writers import RecordWriter, cell_text, csv_cell, csv_cells, json_value

__all__ = [
    "FRAME_BATCH",
    "PARQUET_BATCH",
    "WHITESPACE",
    "AtomicFile",
    "FieldRows",
    "Format",
    "ParquetReader",
    "ParquetWriter",
    "RecordWriter",
    "Row",
    "RowReader",
    "arrow_installed",
    "cell_text",
    "commit_together",
    "csv_cell",
    "csv_cells",
    "encoding_name",
    "format_of",
    "is_table",
    "json_value",
    "open_input",
    "records",
    "remove_stale",
    "table_records",
    "transcoded",
]
