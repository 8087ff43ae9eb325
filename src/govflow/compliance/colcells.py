"""The building blocks of the columnar engine (:mod:`govflow.compliance.columnar`): the
checks on a file's bytes and cells that decide whether Polars reads it as Python's ``csv``
would, and the vectorised reading of a date cell and of a typed column."""

from __future__ import annotations

import codecs
import csv
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from govflow.compliance.kinds import FieldSpec
from govflow.compliance.values import _convert
from govflow.text.dates import FIRST_DAY, LAST_DAY

__all__ = [
    "WHITESPACE",
    "GiveUp",
    "bad_cells",
    "day_table",
    "iso_day",
    "iso_shape",
    "odd_cells",
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


def iso_day(cell: pl.Expr) -> pl.Expr:
    """The day ordinal of a cell in a strict ISO shape within the computable range (that day
    in Beijing time, as the reference reads it), else null: :func:`iso_shape` and
    :func:`day_table` for one column (the engine does the second once per distinct date)."""
    text = cell.str.slice(0, 10)
    day = text.str.to_date("%Y-%m-%d", strict=False)
    year = text.str.slice(0, 4).cast(pl.Int32, strict=False)
    valid = iso_shape(cell) & year.is_between(FIRST_DAY.year, LAST_DAY.year)
    ordinal = day.cast(pl.Int32) + _EPOCH
    return pl.when(valid).then(ordinal).otherwise(None).cast(pl.Int32)


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


def odd_cells(cells: Sequence[pl.Expr]) -> pl.Expr:
    """A row ``csv`` could read otherwise than Polars: a line break inside a cell (a record
    over several lines), a CR in a cell (``csv`` ends a line at a CR that is not before a line
    feed; Polars only at a line feed), a NUL, a cell over ``csv.field_size_limit()``.  (A
    合计 row is found by its first non-blank cell, see ``columnar._Scan._lead_rows``.)"""
    return (
        pl.any_horizontal([c.str.contains("[\n\r\x00]") for c in cells])
        | (pl.max_horizontal([c.str.len_bytes() for c in cells]) >= csv.field_size_limit())
    ).fill_null(False)
