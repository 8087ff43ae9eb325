"""A JSON Lines file of flat objects read by Polars at once, for the engines.

Platforms export a table as JSON Lines: every line an object with the same keys in the same
order, every value a string or null.  Read the way :mod:`govflow.compliance.jsonlread` reads
any JSON Lines file (Python's decoder, then a row of cells), a million such lines take seconds;
Polars reads them as lines and decodes them in a fraction of that (docs/performance.md#jsonl).

Polars' decoding is taken only where it is Python's: every line that is not blank must be an
object written with the first object's keys, spelt as the first line spells them, in that order,
each key once, and each value a string or null, with no escaped surrogate; or an integer of up
to 18 digits where the reading takes its digits as the cell (a text or integer field) or does not
read the value (a key naming no field); or ``true`` or ``false`` where the reading takes 是 or 否
(a yes/no field) or does not read it.  One streaming pass
checks every line against that shape, a regular expression made from the first line; a file of
any other line (a number elsewhere, a key left out or repeated, a lone ``\\r``, a blank line of
other whitespace than spaces and tabs) is read the other way, as before.  So a duplicate key
(Python takes the last value, Polars the first), a number Polars would turn into text where the
reading would not, an escaped lone surrogate Polars would decode to another character, never
reach Polars.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from govflow.compliance.colcells import WHITESPACE
from govflow.compliance.kinds import FieldType

__all__ = ["county_lines", "file_lines", "flat_table", "part_lines"]

_CHAR = (
    r'(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]'
    r"|\\u(?:[0-9a-cA-Ce-fE-F][0-9a-fA-F]{3}|[dD][0-7][0-9a-fA-F]{2}))"
)
"""A character of a JSON string as written: any but ``"``, ``\\`` and the controls JSON keeps
out of strings, or an escape other than of a surrogate."""
_STRING = f'"{_CHAR}*"'
_VALUE = f"(?:{_STRING}|null)"
_DIGITS = f"(?:{_STRING}|null|0|-?[1-9][0-9]{{0,17}})"
"""A value of a text or integer field: its digits are the cell, as Polars writes them too (no
``-0``, and within 64 bits)."""
_YES_NO = f"(?:{_STRING}|null|true|false)"
"""A value of a yes/no field: ``true`` and ``false`` are 是 and 否 to the reading."""
_UNREAD = f"(?:{_STRING}|null|0|-?[1-9][0-9]{{0,17}}|true|false)"
"""A value of a key that names no field: not read, so any scalar Polars reads alike."""
_SPACE = "[ \\t]*"
"""JSON's whitespace within a line (a CR ends a line for Python's reading)."""
_PAIR = f"({_STRING}){_SPACE}:{_SPACE}{_UNREAD}"
_FIRST = re.compile(
    f"{_SPACE}\\{{{_SPACE}(?:{_PAIR}(?:{_SPACE},{_SPACE}{_PAIR})*)?{_SPACE}\\}}{_SPACE}"
)
_VALUES = {FieldType.TEXT: _DIGITS, FieldType.INT: _DIGITS, FieldType.BOOL: _YES_NO}
"""The values a field of each type may hold (others: :data:`_VALUE`)."""
_SEPARATOR = "\x1f"
"""The column separator of the lines read as CSV: a raw control character, in no JSON line."""


def _cell(value: pl.Expr, key: str, ftype: FieldType) -> pl.Expr:
    """The cell of the decoded *value* of the key written *key*: a yes/no field's ``true`` and
    ``false`` as 是 and 否 (told from the strings "true" and "false" by the line's text: a key
    between unescaped quotes is a key, never inside a string), null as ``""``."""
    if ftype is not FieldType.BOOL:
        return value.fill_null("")
    said = f"{pl.escape_regex(key)}{_SPACE}:{_SPACE}"
    line = pl.col("line")
    return (
        pl.when(line.str.contains(said + "true"))
        .then(pl.lit("是"))
        .when(line.str.contains(said + "false"))
        .then(pl.lit("否"))
        .otherwise(value.fill_null(""))
    )


def _written_keys(number: int, line: str) -> list[str] | None:
    """The keys of the line *line* (its *number*, from 1, as read), as written there (quoted,
    escapes and all); ``None`` when it is not a flat object of scalars."""
    line = line.rstrip("\n").lstrip("\ufeff" if number == 1 else "")
    if _FIRST.fullmatch(line) is None:
        return None
    return [m.group(1) for m in re.finditer(_PAIR, line)]


def file_lines(path: Path, encoding: str) -> pl.LazyFrame | None:
    """The lines of the JSON Lines file *path* (read as *encoding*) for :func:`flat_table`:
    ``row`` (the line's index from 0) and ``line`` (null when empty); ``None`` when Polars
    cannot read it (not UTF-8)."""
    if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig"):
        return None
    return pl.scan_csv(
        path,
        has_header=False,
        separator=_SEPARATOR,
        quote_char=None,
        schema={"line": pl.String},
        encoding="utf8",
    ).with_row_index("row")


def part_lines(part: Path) -> pl.LazyFrame:
    """The lines of a county's part of a JSON Lines file (:mod:`govflow.compliance.countysplit`)
    for :func:`flat_table`: ``row`` is the line's index in the original file."""
    return pl.scan_parquet(part).select(
        (pl.col("__line") - 1).cast(pl.UInt32).alias("row"), pl.col("json").alias("line")
    )


_BLANK = pl.col("line").is_null() | pl.col("line").str.contains(f"^{_SPACE}$")
"""A line of nothing but spaces and tabs (no row)."""


def _all_of_shape(lines: pl.LazyFrame, written: Sequence[str], values: Sequence[str]) -> bool:
    """Whether every line of *lines* is blank or an object of the keys *written* (as written),
    in that order, each holding a value of its pattern in *values*: one streaming pass."""
    pairs = f"{_SPACE},{_SPACE}".join(
        f"{pl.escape_regex(k)}{_SPACE}:{_SPACE}{value}"
        for k, value in zip(written, values, strict=True)
    )
    shape = f"^{_SPACE}\\{{{_SPACE}{pairs}{_SPACE}\\}}{_SPACE}$"
    # (every line of the shape, or blank, has only spaces and tabs around: the lines Python
    # reads are these, and the first of them not blank is the first object read)
    try:
        flat = lines.select((_BLANK | pl.col("line").str.contains(shape)).all())
        return bool(flat.collect(engine="streaming").item())
    except pl.exceptions.PolarsError:
        return False  # not UTF-8, a separator in a line


def county_lines(lines: pl.LazyFrame, first: tuple[int, str], column: str) -> pl.LazyFrame | None:
    """For splitting a JSON Lines file by the key *column* (:mod:`~govflow.compliance.countysplit`):
    its *lines* (:func:`file_lines`; *first*: the first line not blank, its number and text as
    read) that are not blank, ``__line`` (from 1), ``json`` (the line) and ``__county`` (the
    key's value stripped, ``""`` for null); ``None`` unless every line is an object of the
    first line's keys in its order, *column* among them once holding a string or null, the
    others any scalar (see the module)."""
    written = _written_keys(*first)
    if written is None:
        return None
    keys = [json.loads(k) for k in written]
    if keys.count(column) != 1 or len(set(keys)) != len(keys):
        return None
    at = keys.index(column)
    values = [_VALUE if i == at else _UNREAD for i in range(len(keys))]
    if not _all_of_shape(lines, written, values):
        return None
    county = pl.col("line").str.json_decode(pl.Struct({column: pl.String})).struct.field(column)
    return lines.filter(~_BLANK).select(
        (pl.col("row").cast(pl.Int64) + 1).alias("__line"),
        pl.col("line").alias("json"),
        county.fill_null("").str.strip_chars(WHITESPACE).alias("__county"),
    )


def flat_table(
    lines: pl.LazyFrame,
    keys: Sequence[str],
    read: Mapping[int, FieldType],
    first: tuple[int, str],
) -> tuple[pl.LazyFrame, int] | None:
    """The JSON Lines *lines* (:func:`file_lines` or :func:`part_lines`; its objects' keys
    *keys*, the first line that is not blank *first*: its number and its text as read) as the
    engines read a held table: ``row`` (the line's index from 0) and the cells ``c0`` … as
    text, the values of the keys at the indexes *read* (the type of the field each names; null
    as ``""``), ``""`` for the other keys; with the row of that first line.  ``None`` when the
    lines are not such lines of flat objects (see the module), or Polars cannot read them."""
    written = _written_keys(*first)
    if written is None or [json.loads(k) for k in written] != list(keys):
        return None  # (keys repeated in the first line are fewer once decoded)
    values = [_UNREAD if i not in read else _VALUES.get(read[i], _VALUE) for i in range(len(keys))]
    if not _all_of_shape(lines, written, values):
        return None
    line = pl.col("line")
    wanted = sorted(set(read))
    decoded = line.str.json_decode(pl.Struct({keys[i]: pl.String for i in wanted}))
    cells = [
        _cell(decoded.struct.field(keys[i]), written[i], read[i]) if i in read else pl.lit("")
        for i in range(len(keys))
    ]
    table = lines.filter(~_BLANK).select(
        pl.col("row").cast(pl.UInt32),
        *(cell.alias(f"c{i}") for i, cell in enumerate(cells)),
    )
    return table, first[0] - 1
