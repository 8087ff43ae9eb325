"""The columnar building blocks of the fast path (:mod:`govflow.compliance.fastcsv`): what a file's
header allows (:class:`Layout`), a block's lines, and the vectorised reading of a column: distinct
values through the reference converter, blank cells, strict ISO dates as day ordinals, and the
counter cells put back in the order of their first rows."""

from __future__ import annotations

import codecs
import functools
import heapq
import re
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from types import ModuleType
from typing import Any, NamedTuple

from govflow.compliance.kinds import FieldSpec, FieldType
from govflow.compliance.rules import DailyCounts
from govflow.compliance.stream import RecordStream
from govflow.compliance.values import _convert
from govflow.text.dates import FIRST_DAY, LAST_DAY

WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""The characters ``str.strip()`` removes (``str.isspace``), for pyarrow's ``utf8_trim``."""

_CODECS = {"utf-8-sig": "utf-8", "utf-8": "utf-8", "gb18030": "gb18030"}
"""The encoding a file was opened with -> the codec of its lines after the header's BOM."""

_OK, _ABSENT, _BAD = 0, 1, 2
"""A cell's state: a value; empty and not required (left out of the fields); not taken here
(empty and required, or not converted: the row goes through the reference converter)."""

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ORDINAL_1970 = 719163
"""``date(1970, 1, 1).toordinal()``."""


class GiveUp(Exception):
    """The file is to be read the reference way (nothing of it has been kept)."""


class Libs(NamedTuple):
    np: ModuleType
    pa: ModuleType
    pacsv: ModuleType
    pc: ModuleType


class Layout(NamedTuple):
    """What is known of a file from its header: the columns read, in file order."""

    kind: str
    header: tuple[str, ...]
    specs: tuple[FieldSpec, ...]
    idxs: tuple[int, ...]
    codec: str
    bom: bool
    date_field: str
    needed: frozenset[str]
    """Fields whose values are kept: the unit and what the counts are grouped by."""
    has_unit: bool

    @classmethod
    def of(
        cls, stream: RecordStream, daily: DailyCounts | None, date_field: str, has_unit: bool
    ) -> Layout | None:
        kind = stream.kind
        columns, header = stream.columns, stream.header
        if columns is None or header is None:
            return None  # JSON Lines
        try:
            name = codecs.lookup(stream.summary.encoding).name
        except LookupError:
            return None
        codec = _CODECS.get(name)
        if codec is None:
            return None
        if kind.id_field and kind.field(kind.id_field).required:
            return None  # duplicate ids are checked row by row
        if date_field not in columns:
            return None
        if any(a in columns and b in columns for a, b in kind.order):
            return None  # the order of dates is checked row by row (RecordStream)
        if kind.field(date_field).type not in (FieldType.DATE, FieldType.DATETIME):
            return None
        needed = {*(daily.reads if daily is not None else ()), *(("unit",) if has_unit else ())}
        if date_field in needed:
            return None
        return cls(
            kind.name,
            header,
            tuple(kind.field(n) for n in columns),
            tuple(columns.values()),
            codec,
            name == "utf-8-sig",
            date_field,
            frozenset(needed),
            has_unit,
        )


_MISSING = object()

_UNIT_BITS, _DAY_BITS, _COMBO_BITS = 17, 22, 24
"""A counter cell of the columnar path as one int64: unit index, day ordinal (at most
3,652,059 for 9999-12-31), grouping values' index."""


class Lines(NamedTuple):
    """The lines of a block: how many, which are rows, where each starts and ends."""

    total: int
    """Physical lines in the block (blank ones included)."""
    present: Any
    """The indices of the lines that are rows (not blank), in order."""
    starts: Any
    ends: Any
    """Where each line starts, and where its newline is (or the block's end)."""


def distinct(libs: Libs, arr: Any, spec: FieldSpec) -> tuple[Any, list[tuple[int, Any]]]:
    """Per row the code of its cell, and per code its state and value (``_csv_fields``'
    reading of one cell: stripped; empty is left out or, when required, rejected)."""
    encoded = arr.dictionary_encode()
    codes = values(libs, encoded.indices).astype(libs.np.int64)
    cells: list[tuple[int, Any]] = []
    for raw in encoded.dictionary.to_pylist():
        cell = raw.strip()
        if not cell:
            cells.append((_BAD if spec.required else _ABSENT, None))
            continue
        try:
            cells.append((_OK, cell if spec.type is FieldType.TEXT else _convert(spec, cell)))
        except ValueError:
            cells.append((_BAD, None))
    return codes, cells


def blank(libs: Libs, arr: Any) -> Any:
    """Per row whether the cell is empty once stripped."""
    pc = libs.pc
    trimmed = pc.utf8_trim(arr, characters=WHITESPACE)
    return values(libs, pc.binary_length(trimmed)) == 0


def values(libs: Libs, arr: Any) -> Any:
    """The values of an integer array without nulls, as numpy's (without pyarrow's own
    conversion, which imports pandas when it is installed)."""
    np = libs.np
    if arr.null_count:
        raise GiveUp
    dtype = np.dtype(arr.type.to_pandas_dtype())
    return np.frombuffer(
        arr.buffers()[1], dtype=dtype, count=len(arr), offset=arr.offset * dtype.itemsize
    )


def iso_days(libs: Libs, arr: Any) -> tuple[Any, Any]:
    """Per row whether the cell is a date or time in a strict ISO shape, and its day's
    ordinal (what the reference reads: that day in Beijing time)."""
    np, pa = libs.np, libs.pa
    if arr.type != pa.string():
        raise GiveUp
    n = len(arr)
    _, offsets, values = arr.buffers()
    off = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=arr.offset * 4)
    raw = (
        np.frombuffer(values, dtype=np.uint8) if values is not None else np.zeros(0, dtype=np.uint8)
    )
    padded = np.concatenate([raw, np.zeros(20, dtype=np.uint8)])
    start = off[:-1].astype(np.int64)
    length = np.diff(off)
    c = [padded[start + k] for k in range(19)]

    def digits(*ks: int) -> Any:
        ok = np.ones(n, dtype=bool)
        for k in ks:
            ok &= (c[k] >= 48) & (c[k] <= 57)
        return ok

    def two(k: int) -> Any:
        return (c[k].astype(np.int64) - 48) * 10 + (c[k + 1].astype(np.int64) - 48)

    year, month, dom = two(0) * 100 + two(2), two(5), two(8)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last = np.asarray(_MONTH_DAYS, dtype=np.int64)[np.clip(month, 0, 12)]
    last += (month == 2) & leap
    date_ok = (
        digits(0, 1, 2, 3, 5, 6, 8, 9)
        & (c[4] == 45)
        & (c[7] == 45)
        & (
            year >= FIRST_DAY.year
        )  # the computable range: other years are the reference's to reject
        & (year <= LAST_DAY.year)
        & (month >= 1)
        & (month <= 12)
        & (dom >= 1)
        & (dom <= last)
    )
    time_ok = (
        ((c[10] == 32) | (c[10] == 84))
        & digits(11, 12, 14, 15)
        & (c[13] == 58)
        & (two(11) <= 23)
        & (two(14) <= 59)
    )
    seconds_ok = (c[16] == 58) & digits(17, 18) & (two(17) <= 59)
    ok = date_ok & (
        (length == 10) | ((length == 16) & time_ok) | ((length == 19) & time_ok & seconds_ok)
    )
    # days from the civil date (proleptic Gregorian), as date.toordinal()
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * ((month + 9) % 12) + 2) // 5 + dom - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    ordinal = era * 146097 + doe - 719468 + _ORDINAL_1970
    return ok, ordinal


# -- the end ------------------------------------------------------------------------------


def ordered_cells(
    np: Any,
    source: str,
    group: tuple[Any, Any, Any] | None,
    unit_names: Mapping[str, int],
    combos: Mapping[tuple[Any, ...], int],
    slow: Mapping[tuple[Any, ...], list[int]],
) -> dict[tuple[Any, ...], list[Any]]:
    """The counter cells in the order of their first rows, from the merged columnar *group*
    (cells, first lines, counts) and the cells counted the reference way (*slow*)."""
    fast: Iterator[tuple[int, tuple[Any, ...], int]] = iter(())
    if group is not None:
        cell, first, size = group
        order = np.argsort(first, kind="stable")
        cell, firsts, sizes = cell[order], first[order].tolist(), size[order].tolist()
        unit = (cell >> (_DAY_BITS + _COMBO_BITS)).tolist()
        day = ((cell >> _COMBO_BITS) & ((1 << _DAY_BITS) - 1)).tolist()
        combo = (cell & ((1 << _COMBO_BITS) - 1)).tolist()
        units = list(unit_names)
        columns = list(zip(*combos, strict=True))  # the values of each grouping field
        keys = zip(
            map(units.__getitem__, unit),
            day,
            *(map(col.__getitem__, combo) for col in columns),
            strict=True,
        )
        if not slow:
            prefix = source + ":"
            refs = map(prefix.__add__, map(str, firsts))
            return dict(zip(keys, map(list, zip(sizes, refs, strict=True)), strict=True))
        fast = zip(firsts, keys, sizes, strict=True)
    by_line = ((line, key, count) for key, (count, line) in slow.items())
    out: dict[tuple[Any, ...], list[Any]] = {}
    for line, key, count in heapq.merge(fast, by_line, key=itemgetter(0)):
        got = out.get(key)
        if got is None:
            out[key] = [count, f"{source}:{line}"]
        else:
            got[0] += count
    return out


@functools.cache
def totals(codec: str) -> re.Pattern[bytes]:
    """Bytes that may begin a 合计/小计/总计 cell in *codec* (a superset of what
    :func:`govflow.compliance.tables.set_aside_reason` sets aside)."""

    def alt(chars: str) -> bytes:
        return b"(?:" + b"|".join(re.escape(c.encode(codec)) for c in chars) + b")"

    return re.compile(alt("合小总") + alt(" \t\u3000\xa0") + b"*" + re.escape("计".encode(codec)))


def has_total(chunk: bytes, codec: str) -> bool:
    """Whether :func:`totals` matches in *chunk*: searched from the start of each line holding
    a 计 (the pattern holds no line break), not from every byte (17 ms a block)."""
    pattern, mark = totals(codec), "计".encode(codec)
    at = chunk.find(mark)
    while at >= 0:
        end = at + len(mark)
        if pattern.search(chunk, chunk.rfind(b"\n", 0, at) + 1, end):
            return True
        at = chunk.find(mark, end)
    return False


def _multiline(cells: Sequence[str]) -> bool:
    """Whether a row's cells hold a line break (a record over several lines)."""
    return any("\n" in c or "\r" in c for c in cells)
