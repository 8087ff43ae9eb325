"""The columnar fast path: counting the rows of a large CSV file with pyarrow (optional).

``govflow check`` reads records row by row in Python (:mod:`govflow.records`: the reference).
When no rule takes a file's kind row by row, its rows are only checked and counted
(``govflow.check._count_rows``).  For that case, when pyarrow and numpy are installed (the
``fast`` extra), :func:`count_csv` reads the file in blocks of a few MiB, has pyarrow parse each
block in C, and checks, converts and counts the block column by column with numpy.  The result
is the reference path's, to the cell:

* Only what a vectorised check accepts for sure is taken the columnar way: a date in the ISO
  shapes ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS`` (a space or ``T``
  between), in ASCII digits with valid values, which the reference reads as that day in Beijing
  time; the other columns through their distinct values, each stripped and converted by the
  reference converter; required text by whether it is blank once stripped (``str.strip``'s
  whitespace).  Any other row (another spelling of the date, an empty required cell, a value
  that does not convert) goes through the reference row converter (``records._csv_fields``):
  the same reason, line and values.
* Units are resolved once per distinct spelling, as ``Context.unit_of`` does; rows naming a
  unit the directory does not know are rejected with the same reason and line.
* Counts are grouped per (unit, day, grouping values) with numpy and added to the
  :class:`~govflow.rules.DailyCounts` in the order of each cell's first row, which stays the
  cell's reference, as row-by-row counting does.
* Line numbers: a block ends after a newline, and every line counts, blank ones too, so a row's
  line is its line in the file.  What the reference could read differently (a record over
  several lines, that is a quoted newline; a lone carriage return; a NUL; a line longer than
  ``csv.field_size_limit()``; bytes that do not decode; a row pyarrow will not parse is read by
  :mod:`csv` instead) gives the file back: a file's results reach the context only once it has
  been read to the end, so the caller reads it again the reference way, from the start, as if
  this path had not been tried.

Memory: one block (:data:`BLOCK_SIZE`) and its columns at a time, plus the file's counter cells
and rejected rows, as on the reference path.  ``GOVFLOW_NO_FAST_PATH=1`` in the environment
turns the path off (the pure-Python reference; the differential tests compare the two).
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import os
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from types import ModuleType
from typing import IO, Any, NamedTuple

from govflow.records import (
    FieldSpec,
    FieldType,
    Record,
    RecordStream,
    Rejected,
    _convert,
    _csv_fields,
)
from govflow.rules import Context, DailyCounts

__all__ = ["BLOCK_SIZE", "DISABLE", "available", "count_csv", "enabled"]

DISABLE = "GOVFLOW_NO_FAST_PATH"
"""Set to anything but ``0`` to count every file the reference (pure-Python) way."""

BLOCK_SIZE = 4 << 20
"""Bytes read and parsed at a time (a block is cut after its last newline)."""

_MAX_PENDING = 64 << 20
"""A line longer than this is left to the reference path (it buffers no more than that)."""

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


class _GiveUp(Exception):
    """The file is to be read the reference way (nothing of it has been kept)."""


class _Libs(NamedTuple):
    np: ModuleType
    pa: ModuleType
    pacsv: ModuleType
    pc: ModuleType


@functools.cache
def _libs() -> _Libs | None:
    try:
        import numpy
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
    except ImportError:
        return None
    return _Libs(numpy, pyarrow, pyarrow.csv, pyarrow.compute)


def available() -> bool:
    """Whether pyarrow and numpy can be imported (the ``fast`` extra)."""
    return _libs() is not None


def enabled() -> bool:
    """Whether :func:`count_csv` is tried: available and not turned off by the environment."""
    return os.environ.get(DISABLE, "").strip() in ("", "0") and available()


def count_csv(
    ctx: Context,
    stream: RecordStream,
    daily: DailyCounts | None,
    date_field: str,
    has_unit: bool,
    rejected: list[Rejected],
) -> bool:
    """``check._count_rows(ctx, stream, ...)`` the columnar way, with the same outcome.

    ``False`` when this path does not apply (not enabled, not CSV, a kind with ids to check
    for duplicates ...) or gave the file back: nothing was changed and *stream* is unread.
    ``True`` when the file has been counted: rows in ``stream.summary``, rejected rows in
    *rejected* and in ``ctx`` (unknown units), counts in *daily*; *stream* is closed.
    """
    if not enabled():
        return False
    layout = _Layout.of(stream, daily, date_field, has_unit)
    if layout is None:
        return False
    libs = _libs()
    assert libs is not None
    scan = _Scan(libs, layout, ctx, stream.summary.source, daily)
    try:
        scan.run(stream.path)
    except _GiveUp:
        return False
    scan.commit(ctx, stream, daily, rejected)
    stream.close()
    return True


class _Layout(NamedTuple):
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
    ) -> _Layout | None:
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


class _Scan:
    """One file read the columnar way; its results are kept here until :meth:`commit`."""

    def __init__(
        self,
        libs: _Libs,
        layout: _Layout,
        ctx: Context,
        source: str,
        daily: DailyCounts | None,
    ) -> None:
        self.libs = libs
        self.layout = layout
        self.source = source
        self.rows = 0
        self.rejected: list[Rejected] = []
        """Rows the reference converter rejected, in line order."""
        self.unknown: list[tuple[int, Any]] = []
        """(line, unit as written) of the rows naming a unit the directory does not know."""
        self.first_unit: dict[Any, int] = {}
        """Unit as written -> the line of its first accepted row (a unit the directory knows)."""
        self.counts = DailyCounts(daily.kind, daily.fields) if daily is not None else None
        self.unit_names: dict[str, int] = {}
        """Canonical unit -> its index in the group keys of this file."""
        self._units: dict[Any, str | None] = {}
        self._scratch = Context(
            plan=ctx.plan, calendar=ctx.calendar, as_of=ctx.as_of, start=ctx.start
        )
        self.width = max(layout.idxs) + 1
        self.names: list[str] = []
        """Column names for pyarrow, one per header cell."""
        self._convert: Any = None

    # -- reading ------------------------------------------------------------------------------

    def run(self, path: Path) -> None:
        with path.open("rb") as fh:
            first = fh.read(BLOCK_SIZE)
            start = 3 if self.layout.bom and first.startswith(codecs.BOM_UTF8) else 0
            end = first.find(b"\n", start)
            while end < 0:
                if len(first) > _MAX_PENDING:
                    raise _GiveUp
                more = fh.read(BLOCK_SIZE)
                if not more:
                    break
                first += more
                end = first.find(b"\n", start)
            cut = len(first) if end < 0 else end + 1
            self._header(first[start:cut])
            line = 1
            for block in self._blocks(fh, first[cut:]):
                line += self._block(block, line)

    @staticmethod
    def _blocks(fh: IO[bytes], rest: bytes) -> Iterator[bytes]:
        """The file from here in pieces ending after a newline (the last one maybe not)."""
        while True:
            more = fh.read(BLOCK_SIZE)
            if not more:
                if rest:
                    yield rest
                return
            data = rest + more if rest else more
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                if len(data) > _MAX_PENDING:
                    raise _GiveUp
                rest = data
                continue
            if cut == len(data):
                rest = b""
                yield data
            else:
                rest = data[cut:]
                yield data[:cut]

    def _header(self, raw: bytes) -> None:
        """The first line must be the whole header, as the reference read it."""
        try:
            text = raw.decode(self.layout.codec)
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except (UnicodeDecodeError, csv.Error):
            raise _GiveUp from None
        if len(rows) != 1 or _multiline(rows[0]):
            raise _GiveUp
        if tuple(h.strip() for h in rows[0]) != self.layout.header:
            raise _GiveUp
        pa, pacsv = self.libs.pa, self.libs.pacsv
        self.names = [f"c{i}" for i in range(len(rows[0]))]
        self._convert = pacsv.ConvertOptions(
            column_types=dict.fromkeys(self.names, pa.string()),
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        )

    def _block(self, chunk: bytes, base: int) -> int:
        """Read the lines of *chunk*, the first of which is line ``base + 1``; their number."""
        np = self.libs.np
        if chunk.find(b"\x00") >= 0:
            raise _GiveUp  # csv refuses NUL
        a = np.frombuffer(chunk, dtype=np.uint8)
        ends = np.flatnonzero(a == 10)
        if chunk[-1] != 10:  # the file's last line, without a newline
            ends = np.append(ends, len(chunk))
        starts = np.empty_like(ends)
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
        stops = ends
        if b"\r" in chunk:
            cr = np.flatnonzero(a == 13) + 1
            if cr[-1] >= len(a) or not bool((a[cr] == 10).all()):
                raise _GiveUp  # a lone CR ends a line for csv
            stops = ends - ((ends > starts) & (a[np.maximum(ends - 1, 0)] == 13))
        lengths = stops - starts
        if int(lengths.max()) >= csv.field_size_limit():
            raise _GiveUp
        present = np.flatnonzero(lengths > 0)  # csv skips blank lines: no row
        if len(present) == 0:
            return len(ends)
        lines = present + (base + 1)
        table, invalid = self._parse(chunk)
        if invalid:  # rows of another width: csv pads or cuts them
            self._by_csv(chunk, base, len(present))
            return len(ends)
        if table.num_rows != len(present):
            raise _GiveUp  # a record over several lines
        last = int(present[-1])
        tail = chunk[int(starts[last]) : int(ends[last]) + 1]
        try:
            cells = next(csv.reader(io.StringIO(tail.decode(self.layout.codec), newline="")))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            raise _GiveUp from None
        if _multiline(cells):
            raise _GiveUp  # the last record goes on in the next block
        self._columns(table, lines)
        return len(ends)

    def _parse(self, chunk: bytes) -> tuple[Any, int]:
        pa, pacsv = self.libs.pa, self.libs.pacsv
        data = chunk
        if self.layout.codec != "utf-8":
            try:
                data = chunk.decode(self.layout.codec).encode("utf-8")
            except UnicodeDecodeError:
                raise _GiveUp from None
        invalid = 0

        def skip(row: Any) -> str:
            nonlocal invalid
            invalid += 1
            return "skip"

        try:
            table = pacsv.read_csv(
                pa.BufferReader(data),
                read_options=pacsv.ReadOptions(
                    column_names=self.names,
                    use_threads=False,
                    block_size=max(len(data) + 1, 1 << 16),  # one block: quotes are seen whole
                ),
                parse_options=pacsv.ParseOptions(invalid_row_handler=skip),
                convert_options=self._convert,
            )
        except pa.ArrowException:
            raise _GiveUp from None
        return table, invalid

    def _by_csv(self, chunk: bytes, base: int, expected: int) -> None:
        """A block with rows pyarrow does not take, row by row as the reference reads it."""
        try:
            text = chunk.decode(self.layout.codec)
        except UnicodeDecodeError:
            raise _GiveUp from None
        reader = csv.reader(io.StringIO(text, newline=""))
        width, idxs = self.width, self.layout.idxs
        entries: list[tuple[int, tuple[Any, ...], int]] = []
        rows = 0
        try:
            for cols in reader:
                if not cols:
                    continue
                if _multiline(cols):
                    raise _GiveUp
                rows += 1
                row = cols if len(cols) >= width else cols + [""] * (width - len(cols))
                self._row([row[i] for i in idxs], base + reader.line_num, entries)
        except csv.Error:
            raise _GiveUp from None
        if rows != expected:
            raise _GiveUp
        self.rows += rows
        self._add(entries)

    # -- one block, column by column ------------------------------------------------------------

    def _columns(self, table: Any, lines: Any) -> None:
        np = self.libs.np
        layout = self.layout
        n = table.num_rows
        fast = np.ones(n, dtype=bool)
        day: Any = None
        kept: dict[str, tuple[Any, list[tuple[int, Any]]]] = {}
        for spec, idx in zip(layout.specs, layout.idxs, strict=True):
            arr = table.column(idx).combine_chunks()
            if spec.name == layout.date_field:
                ok, day = self._days(arr)
                fast &= ok
            elif spec.name in layout.needed or spec.type is not FieldType.TEXT:
                codes, cells = self._distinct(arr, spec)
                bad = np.array([state == _BAD for state, _ in cells], dtype=bool)
                fast &= ~bad[codes]
                if spec.name in layout.needed:
                    kept[spec.name] = (codes, cells)
            elif spec.required:
                fast &= ~self._blank(arr)
        entries: list[tuple[int, tuple[Any, ...], int]] = []
        rows = np.flatnonzero(fast)
        if len(rows):
            self._count(rows, lines, day, kept, entries)
        slow = np.flatnonzero(~fast)
        if len(slow):
            picked = table.take(slow)
            columns = [picked.column(i).to_pylist() for i in layout.idxs]
            for j, line in enumerate(lines[slow].tolist()):
                self._row([c[j] for c in columns], line, entries)
        self.rows += n
        self._add(entries)

    def _count(
        self,
        rows: Any,
        lines: Any,
        day: Any,
        kept: Mapping[str, tuple[Any, list[tuple[int, Any]]]],
        entries: list[tuple[int, tuple[Any, ...], int]],
    ) -> None:
        """Rows every check accepted: resolve their units, group and count them."""
        np = self.libs.np
        if self.layout.has_unit:
            if "unit" in kept:
                codes, cells = kept["unit"]
                raws = [value if state == _OK else "" for state, value in cells]
                ucodes = codes[rows]
            else:
                raws = [""]
                ucodes = np.zeros(len(rows), dtype=np.int64)
            index = np.array([self._unit_index(raw) for raw in raws], dtype=np.int64)
            cu = index[ucodes]
            known = cu >= 0
            if not bool(known.all()):
                lost = np.flatnonzero(~known)
                for line, code in zip(
                    lines[rows[lost]].tolist(), ucodes[lost].tolist(), strict=True
                ):
                    self.unknown.append((line, raws[code]))
                rows, cu, ucodes = rows[known], cu[known], ucodes[known]
            if len(rows) == 0:
                return
            seen, first = np.unique(ucodes, return_index=True)
            for code, line in zip(seen.tolist(), lines[rows[first]].tolist(), strict=True):
                raw = raws[code]
                old = self.first_unit.get(raw)
                if old is None or line < old:
                    self.first_unit[raw] = line
        else:
            cu = np.zeros(len(rows), dtype=np.int64)
            self._unit_index_of("")
        counts = self.counts
        if counts is None:
            return
        # the grouping values: one code per distinct combination of the columns they read
        combo = np.zeros(len(rows), dtype=np.int64)
        used = [name for name in counts.reads if name in kept]
        for name in used:
            codes, cells = kept[name]
            combo = combo * len(cells) + codes[rows]
            if len(cells) > 1 << 20 or int(combo.max()) > 1 << 40:
                _, combo = np.unique(combo, return_inverse=True)
        combos, cinv = np.unique(combo, return_inverse=True)
        cinv = cinv.reshape(-1)
        values: list[tuple[Any, ...]] = []
        for combined in combos.tolist():
            data: dict[str, Any] = {}
            code = combined
            for name in reversed(used):
                _, cells = kept[name]
                code, k = divmod(code, len(cells))
                state, value = cells[k]
                if state == _OK:
                    data[name] = value
            values.append(counts.key_of("", 0, data)[2:])
        days = day[rows]
        dmin = int(days.min())
        span = int(days.max()) - dmin + 1
        ncombos = len(values)
        key = (cu * span + (days - dmin)) * ncombos + cinv
        space = len(self.unit_names) * span * ncombos
        if space <= 4 * len(rows) + 4096:
            tally = np.bincount(key, minlength=space)
            firsts = np.full(space, len(rows), dtype=np.int64)
            np.minimum.at(firsts, key, np.arange(len(rows), dtype=np.int64))
            groups = np.flatnonzero(tally)
            sizes, firsts = tally[groups], firsts[groups]
        else:
            groups, firsts, sizes = np.unique(key, return_index=True, return_counts=True)
        units = list(self.unit_names)
        rest, ci = np.divmod(groups, ncombos)
        ui, doff = np.divmod(rest, span)
        for line, size, u, d, c in zip(
            lines[rows[firsts]].tolist(),
            sizes.tolist(),
            ui.tolist(),
            (doff + dmin).tolist(),
            ci.tolist(),
            strict=True,
        ):
            entries.append((line, (units[u], d, *values[c]), size))

    def _row(
        self, cells: Sequence[str], line: int, entries: list[tuple[int, tuple[Any, ...], int]]
    ) -> None:
        """One row the reference way: ``records._csv_fields``, then ``check._count_rows``."""
        layout = self.layout
        data = _csv_fields(layout.specs, cells, self.source, line)
        if isinstance(data, Rejected):
            self.rejected.append(data)
            return
        unit = ""
        if layout.has_unit:
            raw = data.get("unit", "")
            resolved = self._unit(raw)
            if resolved is None:
                self.unknown.append((line, raw))
                return
            unit = resolved
            old = self.first_unit.get(raw)
            if old is None or line < old:
                self.first_unit[raw] = line
        if self.counts is not None:
            when = data.get(layout.date_field)
            if when is not None:
                entries.append((line, self.counts.key_of(unit, when.toordinal(), data), 1))

    def _add(self, entries: list[tuple[int, tuple[Any, ...], int]]) -> None:
        """Count a block's groups and rows, cells in the order of their first rows."""
        if self.counts is None:
            return
        entries.sort(key=itemgetter(0))
        cells, source = self.counts.cells, self.source
        for line, key, size in entries:  # DailyCounts.add_key, inlined
            cell = cells.get(key)
            if cell is None:
                cells[key] = [size, f"{source}:{line}"]
            else:
                cell[0] += size

    def _unit(self, raw: Any) -> str | None:
        """The canonical unit of *raw*, as ``Context.unit_of`` resolves it."""
        unit = self._units.get(raw, _MISSING)
        if unit is _MISSING:
            record = Record(self.layout.kind, self.source, 0, {"unit": raw})
            unit = self._units[raw] = self._scratch.unit_of(record)
        assert unit is None or isinstance(unit, str)
        return unit

    def _unit_index(self, raw: Any) -> int:
        unit = self._unit(raw)
        return -1 if unit is None else self._unit_index_of(unit)

    def _unit_index_of(self, unit: str) -> int:
        return self.unit_names.setdefault(unit, len(self.unit_names))

    # -- vectorised checks --------------------------------------------------------------------

    def _distinct(self, arr: Any, spec: FieldSpec) -> tuple[Any, list[tuple[int, Any]]]:
        """Per row the code of its cell, and per code its state and value (``_csv_fields``'
        reading of one cell: stripped; empty is left out or, when required, rejected)."""
        encoded = arr.dictionary_encode()
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(self.libs.np.int64)
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

    def _blank(self, arr: Any) -> Any:
        """Per row whether the cell is empty once stripped."""
        pc = self.libs.pc
        trimmed = pc.utf8_trim(arr, characters=WHITESPACE)
        return pc.equal(pc.binary_length(trimmed), 0).to_numpy(zero_copy_only=False)

    def _days(self, arr: Any) -> tuple[Any, Any]:
        """Per row whether the cell is a date or time in a strict ISO shape, and its day's
        ordinal (what the reference reads: that day in Beijing time)."""
        np, pa = self.libs.np, self.libs.pa
        if arr.type != pa.string():
            raise _GiveUp
        n = len(arr)
        _, offsets, values = arr.buffers()
        off = np.frombuffer(offsets, dtype=np.int32, count=n + 1, offset=arr.offset * 4)
        raw = (
            np.frombuffer(values, dtype=np.uint8)
            if values is not None
            else np.zeros(0, dtype=np.uint8)
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
            & (year >= 1)
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

    def commit(
        self,
        ctx: Context,
        stream: RecordStream,
        daily: DailyCounts | None,
        rejected: list[Rejected],
    ) -> None:
        """Hand the file's results over, as the reference path leaves them."""
        summary = stream.summary
        summary.read += self.rows
        for r in self.rejected:
            summary.reject(r.line)
            rejected.append(r)
        # Context.unit_of as the reference calls it: on the first row of each unit it knows,
        # on every row of a unit it does not (rejecting each), in line order
        calls = [(line, raw) for raw, line in self.first_unit.items()]
        calls += self.unknown
        calls.sort(key=itemgetter(0))
        kind, source = self.layout.kind, self.source
        for line, raw in calls:
            ctx.unit_of(Record(kind, source, line, {"unit": raw}))
        if daily is not None and self.counts is not None:
            daily.merge(self.counts)


def _multiline(cells: Sequence[str]) -> bool:
    return any("\n" in c or "\r" in c for c in cells)
