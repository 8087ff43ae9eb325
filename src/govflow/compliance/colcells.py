"""The building blocks of the columnar engine (:mod:`govflow.compliance.columnar`): the
checks on a file's bytes and cells that decide whether Polars reads it as Python's ``csv``
would, and the vectorised reading of a date cell and of a typed column."""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import polars as pl

from govflow.compliance.daily import DailyCounts, values_series
from govflow.compliance.kinds import FieldSpec, FieldType
from govflow.compliance.stream import NotATable, RecordStream
from govflow.compliance.values import _convert
from govflow.text.dates import BEIJING, FIRST_DAY, LAST_DAY
from govflow.text.files import file_size

__all__ = [
    "CELL_BLANK",
    "CELL_WRONG",
    "MIN_CELLS",
    "WHITESPACE",
    "GiveUp",
    "Layout",
    "any_flags",
    "bad_cells",
    "blank_cell",
    "cell_value",
    "counter_cells",
    "day_table",
    "grouping_ids",
    "held_table",
    "iso_shape",
    "large_enough",
    "lead_checks",
    "moment_codes",
    "odd_cells",
    "typed_codes",
    "utf8_copy",
]

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters ``str.strip()`` removes (``str.isspace``), for Polars' ``strip_chars``."""

_TOTAL_START = f"^[{WHITESPACE}]*[合小总][ \t\u3000\xa0]*计"
"""What may begin a 合计/小计/总计 cell (a superset of what the reference sets aside)."""

_ISO = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?$"
)
"""A date, or a date and a valid time of day, in ASCII digits: whether the date itself exists
is decided once per distinct date (:func:`day_table`)."""


class GiveUp(Exception):
    """The file is to be read the reference way (nothing of it has been kept)."""


@contextmanager
def utf8_copy(path: Path, codec: str) -> Iterator[Path]:
    """*path*, or a UTF-8 copy of it in a temporary file for a GB18030 file (Polars reads
    UTF-8 only)."""
    if codec == "utf-8":
        yield path
        return
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    with tempfile.TemporaryDirectory(prefix="govflow-") as tmp:
        copy = Path(tmp) / "utf8.csv"
        try:
            with path.open("rb") as src, copy.open("wb") as out:
                while block := src.read(4 << 20):
                    out.write(decoder.decode(block).encode("utf-8"))
                out.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError:
            raise GiveUp from None
        yield copy


def empty_lines(path: Path, rows: Sequence[int], skip: int = 1) -> set[int]:
    """Of the rows *rows* of a UTF-8 CSV file whose rows begin below its first *skip* lines (row
    ``i`` is line ``i + skip + 1``, no cell over two lines), those that are empty lines (no rows
    for ``csv``; Polars reads them as rows of null cells, as it reads a row of empty cells)."""
    found = (
        pl.scan_csv(
            path,
            has_header=False,
            skip_lines=skip,
            separator="\x00",  # no NUL in the file: a whole line is one cell
            quote_char=None,
            schema={"line": pl.String},
            encoding="utf8",
        )
        .with_row_index("row")
        .filter(pl.col("row").is_in(list(rows)))
        .collect()
    )
    return {r for r, text in found.iter_rows() if not (text or "").strip("\r")}


MIN_CELLS = 20_000
"""Smaller sheets are read the reference way (measured: either way takes as long at about 3,000
rows of 5 to 7 columns; the engines are faster above, for counting and for cases alike)."""


def large_enough(stream: RecordStream, min_bytes: int) -> bool:
    """Whether an engine reads *stream* rather than the reference: a CSV file of *min_bytes*
    or more, a sheet of :data:`MIN_CELLS` cells or more, any Parquet file (its row-by-row
    reader goes through Polars too)."""
    if stream.parquet:
        return True
    if stream.held is not None and stream.held.cells:
        return stream.held.cells >= MIN_CELLS
    if stream.text_bytes is not None:
        return stream.text_bytes >= min_bytes
    return file_size(stream.path) >= min_bytes


def held_table(
    stream: RecordStream, spill: Path | None = None, share: float = 1.0
) -> tuple[pl.LazyFrame, int, int]:
    """A file read as a table by other means than CSV (:attr:`RecordStream.held`) as the
    engines read a file: ``row`` (its line minus :attr:`~HeldTable.line_base`) and the cells as
    text, ``c0``, ``c1`` …; with its width and its first row.  The rows become columns a batch
    at a time; with *spill* (a folder), each batch is written there as an Arrow file and the
    table is a scan of them, so that memory holds a batch, not the file (JSON Lines; a sheet's
    cells are in memory anyway); after each batch, how far reading has got is told to the
    stream's progress (:attr:`RecordStream.tick`), as that *share* of the way through the file.
    :class:`GiveUp` when it is not such a table after all, or a row is wider than the first."""
    held = stream.held
    assert held is not None
    whole = held.table() if held.table is not None else None
    if whole is not None:
        if stream.tick is not None:
            stream.tick(int(file_size(stream.path) * share))
        return whole[0], len(held.header), whole[1]
    rows = held.rows()
    frames: list[pl.DataFrame] = []
    parts: list[Path] = []

    def flush(batch: list[list[Any]]) -> None:
        try:
            frame = pl.DataFrame(batch, schema=schema, orient="row")
        except (ValueError, pl.exceptions.PolarsError):
            raise GiveUp from None  # text Polars cannot hold (a lone surrogate in JSON)
        if spill is None:
            frames.append(frame)
        else:
            parts.append(spill / f"part-{len(parts):05d}.arrow")
            frame.write_ipc(parts[-1])
        if stream.tick is not None and held.at is not None:
            stream.tick(int(held.at() * share))

    try:
        first_row = next(rows, None)
        width = max(len(held.header), len(first_row[1]) if first_row else 0)
        names = [f"c{i}" for i in range(width)]
        schema = {"row": pl.UInt32, **dict.fromkeys(names, pl.String)}
        batch = [] if first_row is None else [_padded(first_row, width, held.line_base)]
        for line, cells in rows:
            if len(cells) > width:
                raise GiveUp
            batch.append(_padded((line, cells), width, held.line_base))
            if len(batch) >= HELD_BATCH:
                flush(batch)
                batch = []
        if batch or not parts:
            flush(batch)
    except NotATable:
        raise GiveUp from None
    first = first_row[0] - held.line_base if first_row else 0
    if parts:
        return pl.scan_ipc(parts), width, first
    return pl.concat(frames, rechunk=False).lazy(), width, first


HELD_BATCH = 65_536
"""Rows made into a frame at a time by :func:`held_table`."""


def _padded(row: tuple[int, list[str]], width: int, base: int) -> list[Any]:
    line, cells = row
    if len(cells) < width:
        cells = [*cells, *[""] * (width - len(cells))]
    return [line - base, *cells]


def counter_cells(
    fast: pl.DataFrame,
    values: Sequence[tuple[Any, ...]],
    slow: Mapping[tuple[Any, ...], list[int]],
    grouped: Sequence[str],
    source: str,
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """A file's counter cells in the order of their first rows (``DailyCounts.add_frame``):
    the groups the engine counted (*fast*: unit, day, combination of the *grouped* fields'
    *values*, count, first line) and the rows read the reference way (*slow*: key -> count,
    first line).  With no row read the reference way, also the combinations (a row each) and
    each cell's (column ``__combo``)."""
    fields = list(grouped)
    columns: list[Sequence[Any]] = (
        list(zip(*values, strict=True)) if values and fields else [() for _ in fields]
    )
    table = pl.DataFrame(
        [pl.Series("__combo", range(len(values)), dtype=pl.Int64)]
        + [values_series(n, c) for n, c in zip(fields, columns, strict=True)]
    )
    parts = [
        fast.join(table, on="__combo", how="left", maintain_order="left").select(
            pl.col("__unit").alias("unit"),
            pl.col("__day").alias("day"),
            *fields,
            pl.col("count").cast(pl.Int64),
            pl.col("__line").cast(pl.Int64),
            *([] if slow else ["__combo"]),
        )
    ]
    if slow:
        keys = list(slow)
        cols = list(zip(*keys, strict=True))
        parts.append(
            pl.DataFrame(
                [
                    pl.Series("unit", cols[0], dtype=pl.String),
                    pl.Series("day", cols[1], dtype=pl.Int32),
                    *(values_series(n, c) for n, c in zip(fields, cols[2:], strict=True)),
                    pl.Series("count", [v[0] for v in slow.values()], dtype=pl.Int64),
                    pl.Series("__line", [v[1] for v in slow.values()], dtype=pl.Int64),
                ]
            )
        )
    # an empty part has no values to type its columns by: it must not retype the other's
    parts = [p for p in parts if p.height] or parts[:1]
    try:
        cells = pl.concat(parts, how="vertical_relaxed")
    except pl.exceptions.PolarsError:
        raise GiveUp from None  # a grouping field of different types in the two parts
    if slow:
        cells = (
            cells.sort("__line", maintain_order=True)
            .group_by("unit", "day", *fields, maintain_order=True)
            .agg(pl.col("count").sum(), pl.col("__line").first())
        )
    prefix = f"{source}:"
    line = (pl.lit(prefix) + pl.col("__line").cast(pl.String)).alias("ref")
    found = cells.select("unit", "day", *fields, "count", line, *([] if slow else ["__combo"]))
    return found, None if slow else table


def iso_shape(cell: pl.Expr) -> pl.Expr:
    """Whether a cell has a strict ISO shape (``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM``,
    ``YYYY-MM-DD[ T]HH:MM:SS``) with a valid time of day; its first 10 characters are then the
    date, for :func:`day_table`."""
    return cell.str.contains(_ISO)


def day_table(dates: pl.Series) -> pl.DataFrame:
    """For distinct ``YYYY-MM-DD`` texts (column ``__d10``): the day ordinal (``__day``) of
    those that are real dates within the computable range, null for the others."""
    frame = pl.DataFrame({"__d10": dates.unique()})
    day = pl.col("__d10").str.to_date("%Y-%m-%d", strict=False)
    year = pl.col("__d10").str.slice(0, 4).cast(pl.Int32, strict=False)
    ordinal = (day.cast(pl.Int32) + _EPOCH).cast(pl.Int32)
    return frame.with_columns(
        pl.when(year.is_between(FIRST_DAY.year, LAST_DAY.year))
        .then(ordinal)
        .otherwise(None)
        .alias("__day")
    )


_EPOCH = 719163
"""``date(1970, 1, 1).toordinal()``: a Polars date plus this is the day's ordinal."""


def bad_cells(column: pl.Series, spec: FieldSpec) -> list[str]:
    """The distinct cells of a typed column the reference converter refuses (or, required,
    finds empty)."""
    bad = []
    for raw in column.unique().to_list():
        cell = raw.strip()
        if not cell:
            if spec.required:
                bad.append(raw)
            continue
        try:
            _convert(spec, cell)
        except ValueError:
            bad.append(raw)
    return bad


CELL_BLANK, CELL_WRONG = object(), object()
"""What :func:`cell_value` gives for a blank cell that may be blank, and for one that does not
read (blank where required, or not converting)."""


def cell_value(spec: FieldSpec, raw: str) -> Any:
    """A mapped cell as ``csvread._csv_fields`` reads it: its value, :data:`CELL_BLANK` or
    :data:`CELL_WRONG`."""
    cell = raw.strip()
    if not cell:
        return CELL_WRONG if spec.required else CELL_BLANK
    if spec.type is FieldType.TEXT:
        return cell
    try:
        return _convert(spec, cell)
    except ValueError:
        return CELL_WRONG


def grouping_ids(
    counts: DailyCounts,
    table: pl.DataFrame,
    used: Sequence[tuple[str, str]],
    read: Mapping[str, Mapping[str, Any]],
) -> tuple[pl.Series, list[tuple[Any, ...]]]:
    """The grouping values of each row of *table* (the distinct combinations of the cells the
    values come from: *used* names each field's column, *read* each column's cells as
    :func:`cell_value` reads them) as an index, equal values the same index, numbered in the
    order of first rows; and the values of each index (:meth:`DailyCounts.key_of` less the
    unit and the day).  Each field's value is computed once per distinct combination of the
    cells it reads (:meth:`DailyCounts.field_reads`): a few dozen, not every combination of
    every field's cells."""
    column = dict(used)
    keys, values = [], []
    for i, name in enumerate(counts.fields):
        cols = [(f, column[f]) for f in counts.field_reads(name) if f in column]
        key = f"__k{i}"
        distinct = table.select(n for _, n in cols).unique(maintain_order=True) if cols else None
        codes: dict[Any, int] = {}
        seen: list[Any] = []
        ids = []
        for cells in distinct.iter_rows() if distinct is not None else [()]:
            data = {f: read[n][c] for (f, n), c in zip(cols, cells, strict=True)}
            value = counts.value_of(name, {f: v for f, v in data.items() if v is not CELL_BLANK})
            code = codes.get(value)
            if code is None:
                code = codes[value] = len(seen)
                seen.append(value)
            ids.append(code)
        if distinct is not None:
            coded = distinct.with_columns(pl.Series(key, ids, dtype=pl.UInt32))
            on = [n for _, n in cols]
            table = table.join(coded, on=on, how="left", nulls_equal=True, maintain_order="left")
        else:
            table = table.with_columns(pl.lit(ids[0], pl.UInt32).alias(key))
        keys.append(key)
        values.append(seen)
    coded = table.select(keys)
    first = coded.unique(maintain_order=True).with_row_index("__combo")
    index = coded.join(first, on=keys, how="left", maintain_order="left").get_column("__combo")
    columns = [
        [seen[code] for code in first.get_column(k).to_list()]
        for seen, k in zip(values, keys, strict=True)
    ]
    return index, list(zip(*columns, strict=True)) if columns else [()] * first.height


def any_flags(found: pl.DataFrame, keys: pl.DataFrame, first: str, csv: bool) -> dict[str, bool]:
    """Whether any row of a file has each flag (``__lead``, ``__odd``, ``__total``,
    ``__wide``): in the groups the engine *found* (the flags of the cells not grouped by), or
    in the cells grouped by, looked at once per distinct combination of them (*keys*; the
    first column is *first*; *csv*: the rows are CSV text)."""
    names = ("__lead", "__odd", "__total", "__wide")
    flags = dict(zip(names, found.select(pl.col(names).any()).row(0), strict=True))
    cols = keys.columns
    checks = list(lead_checks(first)) if first in cols else []
    if csv and cols:
        checks.append(odd_cells([pl.col(n) for n in cols]).alias("__odd"))
    if checks:
        texts = keys.select(pl.col(cols).cast(pl.String))
        seen = texts.select(c.any() for c in checks).row(0, named=True)
        flags |= {name: flags[name] or bool(v) for name, v in seen.items()}
    return flags


def lead_checks(first: str, suffix: str = "", keys: Iterable[str] = ()) -> tuple[pl.Expr, pl.Expr]:
    """``__lead`` and ``__total`` of the first cell (column *first*), named with *suffix*;
    never when *first* is among *keys*."""
    if first in keys:
        return pl.lit(False).alias(f"__lead{suffix}"), pl.lit(False).alias(f"__total{suffix}")
    cell = pl.col(first)
    return (
        blank_cell(cell).alias(f"__lead{suffix}"),
        cell.str.contains(_TOTAL_START).fill_null(False).alias(f"__total{suffix}"),
    )


def blank_cell(cell: pl.Expr) -> pl.Expr:
    """Whether a cell is null or holds only what ``str.strip`` removes."""
    return cell.is_null() | ~cell.str.contains(f"[^{WHITESPACE}]")


def odd_cells(cells: Sequence[pl.Expr]) -> pl.Expr:
    """A row ``csv`` could read otherwise than Polars: a line break inside a cell (a record
    over several lines), a CR in a cell (``csv`` ends a line at a CR that is not before a line
    feed; Polars only at a line feed), a NUL, a cell over ``csv.field_size_limit()``.  (A
    合计 row is found by its first non-blank cell, see ``columnar._Scan._lead_rows``.)"""
    return (
        pl.any_horizontal([c.str.contains("[\n\r\x00]") for c in cells])
        | (pl.max_horizontal([c.str.len_bytes() for c in cells]) >= csv.field_size_limit())
    ).fill_null(False)


_CODECS = {"utf-8-sig": "utf-8", "utf-8": "utf-8", "gb18030": "gb18030"}
"""The encoding a file was opened with -> the codec of its bytes."""


class Layout(NamedTuple):
    """What is known of a file from its header: the columns read, in file order."""

    kind: str
    header: tuple[str, ...]
    specs: tuple[FieldSpec, ...]
    idxs: tuple[int, ...]
    codec: str
    date_field: str
    needed: frozenset[str]
    """Fields whose values are kept: the unit and what the counts are grouped by."""
    has_unit: bool

    @classmethod
    def of(
        cls,
        stream: RecordStream,
        daily: DailyCounts | None,
        date_field: str,
        has_unit: bool,
        *,
        cases: bool = False,
    ) -> Layout | None:
        """The layout of *stream*'s file, or ``None`` when the engine leaves it to the
        reference.  With *cases* (the case engine, :mod:`govflow.compliance.colcases`) the ids
        and the order of dates are that engine's to check, and every column is read as text."""
        kind = stream.kind
        columns: Mapping[str, int] | None = stream.columns
        header = stream.header
        if stream.held is not None:
            columns, header = stream.held.columns, stream.held.header
        if columns is None or header is None:
            return None  # JSON Lines not read as a table
        if stream.held is not None:
            codec = "table"  # read as text by other means: no bytes to decode
        elif stream.parquet:
            codec = "parquet"
        else:
            try:
                name = codecs.lookup(stream.summary.encoding).name
            except LookupError:
                return None
            found = _CODECS.get(name)
            if found is None:
                return None
            codec = found
        if not cases and kind.id_field and kind.field(kind.id_field).required:
            return None  # duplicate ids are checked row by row
        if date_field not in columns:
            return None
        if not cases and any(a in columns and b in columns for a, b in kind.order):
            return None  # the order of dates is checked row by row (RecordStream)
        if kind.field(date_field).type not in (FieldType.DATE, FieldType.DATETIME):
            return None
        specs, idxs = tuple(kind.field(n) for n in columns), tuple(columns.values())
        if cases:
            return cls(kind.name, header, specs, idxs, codec, "", frozenset(), has_unit)
        needed = {*(daily.reads if daily is not None else ()), *(("unit",) if has_unit else ())}
        if date_field in needed:
            return None
        return cls(kind.name, header, specs, idxs, codec, date_field, frozenset(needed), has_unit)


_ISO_MOMENT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-5][0-9])?$"
"""The moments ``values._iso_datetime`` reads at once (Beijing time), seconds below 60."""

_BEIJING_EPOCH = datetime(1970, 1, 1, 8, tzinfo=BEIJING)
_EIGHT_HOURS = 8 * 3600 * 1_000_000


def moment_codes(cell: pl.Series, spec: FieldSpec) -> tuple[pl.Series, list[Any], pl.Series]:
    """:func:`typed_codes` of a moment column: the cells in the plain ISO shape read by Polars (each
    distinct moment made a ``datetime`` once), the others by the reference converter."""
    text = cell.str.strip_chars(WHITESPACE)
    frame = pl.DataFrame({"raw": cell, "text": text}).with_columns(
        pl.when(pl.col("text").str.len_chars() == 16)
        .then(pl.col("text").str.slice(0, 10) + " " + pl.col("text").str.slice(11, 5) + ":00")
        .otherwise(pl.col("text").str.slice(0, 10) + " " + pl.col("text").str.slice(11, 8))
        .str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False, time_unit="us")
        .alias("__naive")
    )
    shaped = pl.col("text").str.contains(_ISO_MOMENT)
    year = pl.col("__naive").dt.year()
    fast = shaped & pl.col("__naive").is_not_null() & year.is_between(1000, 9000)
    frame = frame.with_columns(
        pl.when(fast)
        .then(pl.col("__naive").cast(pl.Int64) - _EIGHT_HOURS)  # the wall clock is Beijing's
        .otherwise(None)
        .alias("__micros")
    )
    distinct = frame.get_column("__micros").drop_nulls().unique().sort().to_list()
    values: list[Any] = [_BEIJING_EPOCH + timedelta(microseconds=m) for m in distinct]
    quick = pl.DataFrame(
        {
            "__micros": pl.Series(distinct, dtype=pl.Int64),
            "__q": pl.Series(range(len(distinct)), dtype=pl.UInt32),
        }
    )
    frame = frame.join(quick, on="__micros", how="left", maintain_order="left")
    others = frame.filter(pl.col("__micros").is_null()).get_column("raw")
    codes, more, wrong = typed_codes(others, spec)
    offset = len(values)
    values += more
    slow = pl.DataFrame({"raw": others, "__s": codes + offset, "__w": wrong}).unique("raw")
    frame = frame.join(slow, on="raw", how="left", nulls_equal=True, maintain_order="left")
    code = pl.coalesce("__q", "__s").alias(spec.name)
    bad = (pl.col("__micros").is_null() & pl.col("__w").fill_null(False)).alias("__bad")
    out = frame.select(code, bad)
    return out.get_column(spec.name), values, out.get_column("__bad")


def typed_codes(cell: pl.Series, spec: FieldSpec) -> tuple[pl.Series, list[Any], pl.Series]:
    """A typed column as the index of each cell's converted value (null for a blank cell),
    the values, and whether each cell is refused (not converted, or required and blank)."""
    distinct = cell.unique().to_list()
    values: list[Any] = []
    index: dict[Any, int] = {}
    codes: list[int | None] = []
    wrong: list[bool] = []
    for raw in distinct:
        text = raw.strip() if raw is not None else ""
        if not text:
            codes.append(None)
            wrong.append(spec.required)
            continue
        try:
            value = _convert(spec, text)
        except ValueError:
            codes.append(None)
            wrong.append(True)
            continue
        code = index.get(value)
        if code is None:
            code = index[value] = len(values)
            values.append(value)
        codes.append(code)
        wrong.append(False)
    table = pl.DataFrame(
        {
            "raw": pl.Series(distinct, dtype=pl.String),
            "code": pl.Series(codes, dtype=pl.UInt32),
            "wrong": pl.Series(wrong, dtype=pl.Boolean),
        }
    )
    joined = pl.DataFrame({"raw": cell}).join(
        table, on="raw", how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.get_column("code"), values, joined.get_column("wrong").alias("__bad")
