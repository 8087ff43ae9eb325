"""Reading a Parquet file of records, as a table whose header is its column names.

Parquet is what platforms and province-level data offices export for millions of rows.  Its
columns are typed; each cell is turned into the text a CSV export would hold
(:func:`text_columns`: dates ``YYYY-MM-DD``, times ``YYYY-MM-DD HH:MM:SS`` in Beijing time,
yes/no ``是``/``否``), and the rows then go through the same reading as a CSV file's: header
matching, set-aside rows, conversion and rejection with reasons.  A row's line is its position
in the table plus 1 (the column names are line 1), as for a CSV file with its header on line 1.
The columnar engine (:mod:`govflow.compliance.columnar`) reads the same text columns.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl
from attrs import frozen

from govflow.compliance.csvread import _row_items
from govflow.compliance.kinds import FileSummary, RecordFileError, RecordKind
from govflow.compliance.stream import RecordStream
from govflow.compliance.tables import find_header, known_kind
from govflow.compliance.values import _stem_kind
from govflow.text.messages import os_reason

__all__ = [
    "PARQUET_SUFFIXES",
    "SPLIT_KEY",
    "ParquetTable",
    "parquet_table",
    "read_parquet",
    "split_spec",
    "text_columns",
]

PARQUET_SUFFIXES = (".parquet", ".pq")

BATCH_ROWS = 65536
"""Rows converted at a time by the row-by-row reader (memory does not grow with the file)."""

BEIJING = "Asia/Shanghai"

SPLIT_KEY = "govflow.county-split"
"""The Parquet metadata key of a county's part of a province file
(:mod:`govflow.compliance.countysplit`): ``{"source", "header", "encoding"}`` as JSON for a
table's rows, ``{"source", "encoding", "lines": true}`` for a JSON Lines file's lines (columns
``__line`` and ``json``)."""


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """The text a CSV export would hold for a cell of column *name* (empty for null)."""
    col = pl.col(name)
    if dtype == pl.String:
        text = col
    elif dtype == pl.Date:
        text = col.dt.strftime("%Y-%m-%d")
    elif isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:  # an instant: the Beijing time it was
            col = col.dt.convert_time_zone(BEIJING)
        text = col.dt.strftime("%Y-%m-%d %H:%M:%S")
    elif dtype == pl.Boolean:
        text = pl.when(col).then(pl.lit("是")).when(~col).then(pl.lit("否"))
    elif dtype.is_numeric():
        text = col.cast(pl.String)
    else:  # lists, structs, binary: no record field holds them; shown as text, then judged
        text = col.cast(pl.String, strict=False)
    return text.fill_null("").alias(name)


def text_columns(scan: pl.LazyFrame) -> pl.LazyFrame:
    """Every column of *scan* as text (:func:`_as_text`)."""
    schema = scan.collect_schema()
    return scan.select([_as_text(n, t) for n, t in schema.items()])


def open_parquet(p: Path) -> pl.LazyFrame:
    """The file's lazy scan; ``RecordFileError`` when it is not a Parquet file polars reads."""
    try:
        p.open("rb").close()
        scan = pl.scan_parquet(p)
        scan.collect_schema()
    except OSError as exc:
        raise RecordFileError(f"{p}：无法读取：{os_reason(exc)}") from None
    except (pl.exceptions.PolarsError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise RecordFileError(f"{p}：不是可读取的 Parquet 文件（{reason}）") from None
    return scan


@frozen
class ParquetTable:
    """A Parquet file as the readers see it: the file it stands for, its header, and its cells
    as text in columns ``c0``, ``c1`` … after ``row`` (the row's line minus 2)."""

    source: str
    encoding: str
    names: list[str]
    texts: pl.LazyFrame


def parquet_table(p: Path) -> ParquetTable:
    """The table of *p*: its own columns, or for a county's part of a province file
    (:mod:`govflow.compliance.countysplit`) the original file's name, header and lines."""
    scan = open_parquet(p)
    spec = split_spec(p)
    if spec is not None:
        names = [str(n) for n in spec["header"]]
        cells = [pl.col(f"c{i}").fill_null("") for i in range(len(names))]
        row = (pl.col("__line") - 2).cast(pl.UInt32).alias("row")
        return ParquetTable(
            str(spec["source"]), str(spec["encoding"]), names, scan.select(row, *cells)
        )
    texts = text_columns(scan)
    names = list(texts.collect_schema().names())
    renamed = texts.rename({n: f"c{i}" for i, n in enumerate(names)})
    return ParquetTable(str(p), "parquet", names, renamed.with_row_index("row"))


def split_spec(p: Path) -> dict[str, Any] | None:
    """The spec of a county's part of a province file (:data:`SPLIT_KEY`), else ``None``."""
    try:
        meta = pl.read_parquet_metadata(p)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        return None
    raw = meta.get(SPLIT_KEY)
    if raw is None:
        return None
    spec = json.loads(raw)
    return spec if isinstance(spec, dict) else None


def read_parquet(
    p: Path,
    kind: str | None,
    kinds: Mapping[str, RecordKind],
    fill: Mapping[str, Any] | None,
) -> RecordStream:
    """The stream of a Parquet file's rows."""
    table = parquet_table(p)
    source, names = table.source, table.names
    fixed = known_kind(kind, kinds, source) or _stem_kind(p, kinds)
    header = find_header([(1, names)], fixed, kinds, source)
    rk = header.kind
    summary = FileSummary(source, rk.name, table.encoding)
    summary.ignored_columns = header.match.ignored
    raw = _rows(table.texts, source)
    items = _row_items(
        rk,
        dict(header.match.mapping),
        raw,
        summary,
        source,
        header_rows=[names],
        fill=fill,
    )
    stream = RecordStream(
        p,
        rk,
        summary,
        items,
        io.StringIO(),
        header.names,
        header.match.mapping,
        columnar=not fill,
        header_line=header.line,
    )
    stream.filled = frozenset(fill or ())
    stream.parquet = True
    stream.raw = raw
    return stream


def _rows(texts: pl.LazyFrame, source: str) -> Iterator[tuple[int, list[str]]]:
    """``(line, cells)`` of every row, in batches."""
    line = 1
    try:
        for batch in texts.collect_batches(chunk_size=BATCH_ROWS):
            for row in batch.iter_rows():
                line = row[0] + 2
                yield line, list(row[1:])
    except pl.exceptions.PolarsError as exc:
        reason = str(exc).splitlines()[0][:120]
        raise RecordFileError(f"{source}：第 {line + 1} 行起无法读取（{reason}）") from None
