"""The file name endings govflow reads as records (a small module: the command line and the
service check names against it without importing the readers)."""

from __future__ import annotations

__all__ = ["RECORD_SUFFIXES"]

#: CSV, JSON Lines, spreadsheets (sheetread.SHEET_SUFFIXES) and Parquet (parquetread.PARQUET_SUFFIXES)
RECORD_SUFFIXES = (
    ".csv",
    ".jsonl",
    ".ndjson",
    ".xlsx",
    ".xlsm",
    ".xlsb",
    ".xls",
    ".ods",
    ".parquet",
    ".pq",
)
