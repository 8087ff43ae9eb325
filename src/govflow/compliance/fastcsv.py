"""The columnar fast path: counting the rows of a large CSV file with pyarrow (optional).

``govflow check`` reads records row by row in Python (:mod:`govflow.compliance.records`: the reference).
When no rule takes a file's kind row by row, its rows are only checked and counted
(``govflow.compliance.check._count_rows``).  For that case, when pyarrow and numpy are installed (the
``fast`` extra), :func:`count_csv` reads the file in blocks of a few MiB, has pyarrow parse each
block in C, and checks, converts and counts the block column by column with numpy.  The result
is the reference path's, to the cell:

* Only what a vectorised check accepts for sure is taken the columnar way: a date in the ISO
  shapes ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS`` (a space or ``T``
  between), in ASCII digits with valid values, which the reference reads as that day in Beijing
  time; the other columns through their distinct values, each stripped and converted by the
  reference converter; required text by whether it is blank once stripped (``str.strip``'s
  whitespace).  Any other row (another spelling of the date, an empty required cell, a value
  that does not convert) goes through the reference row converter (``csvread._csv_fields``):
  the same reason, line and values.
* Units are resolved once per distinct spelling, as ``Context.unit_of`` does; rows naming a
  unit the directory does not know are rejected with the same reason and line.
* Counts are grouped per (unit, day, grouping values) with numpy and added to the
  :class:`~govflow.compliance.rules.DailyCounts` in the order of each cell's first row, which stays the
  cell's reference, as row-by-row counting does.
* Line numbers: a block ends after a newline and every line counts, so a row's line is its
  line in the file.  A block with a row not as wide as the header (csv pads or ignores cells;
  pyarrow does neither), or a line whose quotes are not plain CSV (text after a closing quote),
  is read with :mod:`csv`, row by row, as the reference reads it.  What the reference could
  read differently gives the file back (a quoted newline, a malformed row, a lone CR, a NUL, a
  line over ``csv.field_size_limit()``, undecodable bytes): results reach the context only at
  the end of the file, so the caller then reads it the reference way, from the start.

Files under :data:`MIN_BYTES` are left to the reference path (importing pyarrow takes longer).
Memory: pyarrow parses one block ahead in a thread while the one before is counted, so at most
three blocks (:data:`BLOCK_SIZE`) are held, plus counter cells and rejected rows.  ``GOVFLOW_NO_FAST_PATH=1`` in the environment turns the path off (the
pure-Python reference; the differential tests in ``tests/test_fast_path.py`` compare the two).
"""

from __future__ import annotations

import codecs
import csv
import functools
import gc
import io
import os
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from govflow.compliance.csvread import _csv_fields
from govflow.compliance.fastcols import (
    _BAD,
    _COMBO_BITS,
    _DAY_BITS,
    _MISSING,
    _OK,
    _UNIT_BITS,
    WHITESPACE,
    GiveUp,
    Layout,
    Libs,
    Lines,
    _multiline,
    blank,
    distinct,
    has_total,
    iso_days,
    ordered_cells,
)
from govflow.compliance.records import (
    FieldType,
    Record,
    RecordStream,
    Rejected,
)
from govflow.compliance.rules import Context, DailyCounts
from govflow.compliance.tables import BLANK_ROW, first_cell

__all__ = [
    "BLOCK_SIZE",
    "DISABLE",
    "MIN_BYTES",
    "WHITESPACE",
    "available",
    "count_csv",
    "enabled",
]

DISABLE = "GOVFLOW_NO_FAST_PATH"
"""Set to anything but ``0`` to count every file the reference (pure-Python) way."""

BLOCK_SIZE = 2 << 20
"""Bytes read and parsed at a time (a block is cut after its last newline)."""

MIN_BYTES = 4 << 20
"""Smaller files are read the reference way: importing pyarrow would take longer."""

_MAX_PENDING = 64 << 20
"""A line longer than this is left to the reference path (it buffers no more than that)."""

_PLAIN_LINE = r'^(?:[^",\r\n]*|"(?:[^"\r\n]|"")*")(?:,(?:[^",\r\n]*|"(?:[^"\r\n]|"")*"))*\r?\n?$'
"""A line of plain CSV: fields without quotes, or quoted whole with inner quotes doubled."""

_MERGE_AT = 1 << 20
"""Groups kept before they are added up (at least; twice the cells found so far)."""

_DENSE_COMBOS = 1 << 20
"""Combinations of grouping codes numbered through a table up to this many (else sorted)."""


@functools.cache
def _libs() -> Libs | None:
    try:
        import numpy
        import pyarrow
        import pyarrow.compute
        import pyarrow.csv
    except ImportError:
        return None
    return Libs(numpy, pyarrow, pyarrow.csv, pyarrow.compute)


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
    scope: frozenset[str] | None = None,
) -> bool:
    """``check._count_rows(ctx, stream, ...)`` the columnar way, with the same outcome (the
    rows of units outside *scope* counted as not applicable).

    ``False`` when this path does not apply (not enabled, not CSV, a kind with ids to check
    for duplicates ...) or gave the file back: nothing was changed and *stream* is unread.
    ``True`` when the file has been counted: rows in ``stream.summary``, rejected rows in
    *rejected* and in ``ctx`` (unknown units), counts in *daily*; *stream* is closed.
    """
    if not stream.columnar or _size(stream.path) < MIN_BYTES or not enabled():
        return False  # JSON Lines, a spreadsheet, a header below title rows, --site
    layout = Layout.of(stream, daily, date_field, has_unit)
    if layout is None:
        return False
    libs = _libs()
    assert libs is not None
    scan = _Scan(libs, layout, ctx, stream.summary.source, daily)
    try:
        scan.run(stream.path)
    except GiveUp:
        return False
    scan.commit(ctx, stream, daily, rejected, scope)
    stream.close()
    return True


class _Scan:
    """One file read the columnar way; its results are kept here until :meth:`commit`."""

    def __init__(
        self,
        libs: Libs,
        layout: Layout,
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
        self.counts = DailyCounts(daily.kind, daily.fields) if daily is not None else None
        """The file's counts, once :meth:`cells` has put them together."""
        self.unit_names: dict[str, int] = {}
        """Canonical unit -> its index in the counter cells."""
        self.unit_rows: dict[int, int] = {}
        """Unit index -> the rows of that unit accepted (for the rows not applicable)."""
        self.combos: dict[tuple[Any, ...], int] = {}
        """Grouping values -> their index in the counter cells."""
        self.slow: dict[tuple[Any, ...], list[int]] = {}
        """The cells of the rows counted the reference way: key -> [count, first line]."""
        self._groups: list[tuple[Any, Any, Any]] = []
        """(cells, first lines, counts) of the rows counted the columnar way, not yet merged."""
        self._grouped = 0
        self._merged = 0
        self._units: dict[Any, str | None] = {}
        self._scratch = Context(
            plan=ctx.plan, calendar=ctx.calendar, as_of=ctx.as_of, start=ctx.start
        )
        self.width = max(layout.idxs) + 1
        self.names: list[str] = []
        """Column names for pyarrow, one per header cell."""
        self.repeat = tuple(layout.header[i] if i < len(layout.header) else "" for i in layout.idxs)
        """The header's cells in the mapped columns: a row repeating them is set aside."""
        self.blanks: list[int] = []
        """Lines of the blank rows (set aside, or not rows at all after the last row)."""
        self.last = 0
        """The line of the last row that is not blank."""
        self._convert: Any = None

    # -- reading ------------------------------------------------------------------------------

    def run(self, path: Path) -> None:
        with path.open("rb") as fh:
            first = fh.read(BLOCK_SIZE)
            start = 3 if self.layout.bom and first.startswith(codecs.BOM_UTF8) else 0
            end = first.find(b"\n", start)
            while end < 0:
                if len(first) > _MAX_PENDING:
                    raise GiveUp
                more = fh.read(BLOCK_SIZE)
                if not more:
                    break
                first += more
                end = first.find(b"\n", start)
            cut = len(first) if end < 0 else end + 1
            self._header(first[start:cut])
            line = 1
            # pyarrow parses a block (without the GIL) while the one before it is counted: at
            # most three blocks in memory
            with ThreadPoolExecutor(max_workers=1) as pool:
                ahead: deque[tuple[bytes, Lines, Future[tuple[Any, int, bool]]]] = deque()
                try:
                    for chunk in self._blocks(fh, first[cut:]):
                        found = self._lines(chunk)
                        ahead.append((chunk, found, pool.submit(self._parse, chunk, found)))
                        if len(ahead) > 1:
                            line += self._block(*ahead.popleft(), line)
                    while ahead:
                        line += self._block(*ahead.popleft(), line)
                finally:
                    for _, _, future in ahead:
                        future.cancel()

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
                    raise GiveUp
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
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except (UnicodeDecodeError, csv.Error):
            raise GiveUp from None
        if len(rows) != 1 or _multiline(rows[0]):
            raise GiveUp
        if tuple(h.strip() for h in rows[0]) != self.layout.header:
            raise GiveUp
        pa, pacsv = self.libs.pa, self.libs.pacsv
        self.names = [f"c{i}" for i in range(len(rows[0]))]
        self._convert = pacsv.ConvertOptions(
            column_types=dict.fromkeys(self.names, pa.string()),
            null_values=[],
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=True,
        )

    def _lines(self, chunk: bytes) -> Lines:
        """Find the lines of *chunk*; give up on what csv could read otherwise."""
        np = self.libs.np
        if chunk.find(b"\x00") >= 0:
            raise GiveUp  # csv refuses NUL
        if has_total(chunk, self.layout.codec):
            raise GiveUp  # maybe a 合计 row, which the reference sets aside
        a = np.frombuffer(chunk, dtype=np.uint8)
        ends = np.flatnonzero(a == 10)
        if chunk[-1] != 10:  # the file's last line, without a newline
            ends = np.append(ends, len(chunk))
        starts = np.empty_like(ends)
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
        stops = ends
        if b"\r" in chunk:
            after = np.flatnonzero(a == 13) + 1
            if after[-1] >= len(a) or not bool((a[after] == 10).all()):
                raise GiveUp  # a lone CR ends a line for csv
            stops = ends - ((ends > starts) & (a[np.maximum(ends - 1, 0)] == 13))
        lengths = stops - starts
        if int(lengths.max()) >= csv.field_size_limit():
            raise GiveUp
        present = np.flatnonzero(lengths > 0)  # csv skips blank lines: no row
        return Lines(len(ends), present, starts, ends)

    def _parse(self, chunk: bytes, found: Lines) -> tuple[Any, int, bool]:
        """pyarrow's table of the rows of *chunk*, how many rows it skipped (not of the
        header's width), and whether every line with a quote is plain CSV."""
        pa, pacsv = self.libs.pa, self.libs.pacsv
        plain = self._plain(chunk, found)
        data = chunk
        try:  # undecodable bytes in a malformed row fail inside pyarrow's skip(): uncatchable
            text = chunk.decode(self.layout.codec)
            data = chunk if self.layout.codec == "utf-8" else text.encode("utf-8")
        except UnicodeDecodeError:
            raise GiveUp from None
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
            raise GiveUp from None
        return table, invalid, plain

    def _plain(self, chunk: bytes, found: Lines) -> bool:
        """Whether every line of *chunk* with a quote in it is plain CSV (each field either
        without quotes, or quoted whole with its quotes doubled), which pyarrow and the
        reference's strict ``csv`` reader read alike; they differ on text after a closing
        quote, for one (a malformed row for the reference)."""
        np, pa, pc = self.libs.np, self.libs.pa, self.libs.pc
        if b'"' not in chunk:
            return True
        quotes = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 34)
        which = np.searchsorted(found.ends, quotes)  # the line of each quote, in order
        which = which[np.concatenate(([True], which[1:] != which[:-1]))]
        offsets = np.append(found.starts, len(chunk)).astype(np.int32)
        lines = pa.Array.from_buffers(
            pa.binary(), len(found.starts), [None, pa.py_buffer(offsets), pa.py_buffer(chunk)]
        )
        picked = lines.take(
            pa.Array.from_buffers(pa.int64(), len(which), [None, pa.py_buffer(which)])
        )
        # binary: matched byte by byte, so GB18030 too (its multibyte characters never hold
        # a quote, a comma or a line end)
        return bool(pc.all(pc.match_substring_regex(picked, _PLAIN_LINE)).as_py())

    def _block(
        self, chunk: bytes, found: Lines, parsed: Future[tuple[Any, int, bool]], base: int
    ) -> int:
        """Count a block whose first line is line ``base + 1``; its number of lines."""
        table, invalid, plain = parsed.result()
        present = found.present
        if not len(present):
            return found.total
        if invalid or not plain:  # csv pads short rows, cuts long ones, reads quotes strictly
            self._by_csv(chunk, base, len(present))
            return found.total
        if table.num_rows != len(present):
            raise GiveUp  # a record over several lines
        last = int(present[-1])
        tail = chunk[int(found.starts[last]) : int(found.ends[last]) + 1]
        try:
            text = tail.decode(self.layout.codec)
            cells = next(csv.reader(io.StringIO(text, newline=""), strict=True))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            raise GiveUp from None
        if _multiline(cells):
            raise GiveUp  # the last record goes on in the next block
        self._columns(table, present + (base + 1))
        return found.total

    def _by_csv(self, chunk: bytes, base: int, expected: int) -> None:
        """A block with rows pyarrow does not take, row by row as the reference reads it."""
        try:
            text = chunk.decode(self.layout.codec)
        except UnicodeDecodeError:
            raise GiveUp from None
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # as read_records
        width, idxs = self.width, self.layout.idxs
        rows = 0
        try:
            for cols in reader:
                if not cols:
                    continue
                if _multiline(cols):
                    raise GiveUp
                rows += 1
                row = cols if len(cols) >= width else cols + [""] * (width - len(cols))
                line = base + reader.line_num
                self._row([row[i] for i in idxs], line, functools.partial(list, row))
                if first_cell(row) is not None:
                    self.last = max(self.last, line)
        except csv.Error:
            raise GiveUp from None
        if rows != expected:
            raise GiveUp
        self.rows += rows

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
                ok, day = iso_days(self.libs, arr)
                fast &= ok
            elif spec.name in layout.needed or spec.type is not FieldType.TEXT:
                codes, cells = distinct(self.libs, arr, spec)
                bad = np.array([state == _BAD for state, _ in cells], dtype=bool)
                fast &= ~bad[codes]
                if spec.name in layout.needed:
                    kept[spec.name] = (codes, cells)
            elif spec.required:
                fast &= ~blank(self.libs, arr)
        self.rows += n
        rows = np.flatnonzero(fast)
        if len(rows):
            self._count(rows, lines, day, kept)
        slow = np.flatnonzero(~fast)
        if len(slow):
            pa = self.libs.pa
            picked = table.take(
                pa.Array.from_buffers(pa.int64(), len(slow), [None, pa.py_buffer(slow)])
            )
            columns = [picked.column(i).to_pylist() for i in layout.idxs]

            def whole(j: int) -> Callable[[], list[str]]:
                return lambda: [picked.column(i)[j].as_py() for i in range(picked.num_columns)]

            before = len(self.blanks)
            for j, line in enumerate(lines[slow].tolist()):
                self._row([c[j] for c in columns], line, whole(j))
            empty = set(self.blanks[before:])
            for line in reversed(lines.tolist()):
                if line not in empty:
                    self.last = max(self.last, line)
                    break
        elif n:
            self.last = max(self.last, int(lines[-1]))

    def _count(
        self,
        rows: Any,
        lines: Any,
        day: Any,
        kept: Mapping[str, tuple[Any, list[tuple[int, Any]]]],
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
                rows, cu = rows[known], cu[known]
            if len(rows) == 0:
                return
        else:
            cu = np.zeros(len(rows), dtype=np.int64)
            self._unit_index_of("")
        tally = self.unit_rows
        for index, n in enumerate(np.bincount(cu).tolist()):
            if n:
                tally[index] = tally.get(index, 0) + n
        if self.counts is None:
            return
        combo = self._combos(rows, kept, self.counts)
        days = day[rows]
        dmin = int(days.min())
        span = int(days.max()) - dmin + 1
        ncombos = len(self.combos)
        key = (cu * span + (days - dmin)) * ncombos + combo
        space = len(self.unit_names) * span * ncombos
        if space <= 4 * len(rows) + 4096:
            tally = np.bincount(key, minlength=space)
            firsts = np.full(space, len(rows), dtype=np.int64)
            np.minimum.at(firsts, key, np.arange(len(rows), dtype=np.int64))
            groups = np.flatnonzero(tally)
            sizes, firsts = tally[groups], firsts[groups]
        else:
            groups, firsts, sizes = np.unique(key, return_index=True, return_counts=True)
        rest, combo = np.divmod(groups, ncombos)
        unit, offset = np.divmod(rest, span)
        if len(self.unit_names) >= 1 << _UNIT_BITS or ncombos >= 1 << _COMBO_BITS:
            raise GiveUp
        cell = (unit << (_DAY_BITS + _COMBO_BITS)) | ((offset + dmin) << _COMBO_BITS) | combo
        self._groups.append((cell, lines[rows[firsts]], sizes))
        self._grouped += len(cell)
        if self._grouped > max(_MERGE_AT, 2 * self._merged):
            self._merge_groups()

    def _combos(
        self, rows: Any, kept: Mapping[str, tuple[Any, list[tuple[int, Any]]]], counts: DailyCounts
    ) -> Any:
        """Per row the index of its grouping values (the same values, the same index)."""
        np = self.libs.np
        used = [name for name in counts.reads if name in kept]
        radix = [len(kept[name][1]) for name in used]
        space = 1
        for r in radix:
            space *= r
        if space >= 1 << 62:
            raise GiveUp
        code = np.zeros(len(rows), dtype=np.int64)
        for name, r in zip(used, radix, strict=True):
            code = code * r + kept[name][0][rows]
        if space <= _DENSE_COMBOS:
            present = np.flatnonzero(np.bincount(code, minlength=space))
        else:
            present, code = np.unique(code, return_inverse=True)
            code = code.reshape(-1)
        ids = []
        for combined in present.tolist():
            data: dict[str, Any] = {}
            rest = combined
            for name, r in zip(reversed(used), reversed(radix), strict=True):
                rest, k = divmod(rest, r)
                state, value = kept[name][1][k]
                if state == _OK:
                    data[name] = value
            values = counts.key_of("", 0, data)[2:]
            ids.append(self.combos.setdefault(values, len(self.combos)))
        if space <= _DENSE_COMBOS:
            table = np.zeros(space, dtype=np.int64)
            table[present] = ids
            return table[code]
        return np.asarray(ids, dtype=np.int64)[code]

    def _merge_groups(self) -> None:
        """Add up the groups found so far: one per counter cell, with its first line."""
        np = self.libs.np
        if len(self._groups) <= 1:
            return
        cell = np.concatenate([g[0] for g in self._groups])
        first = np.concatenate([g[1] for g in self._groups])
        size = np.concatenate([g[2] for g in self._groups])
        cells, inverse = np.unique(cell, return_inverse=True)
        inverse = inverse.reshape(-1)
        sizes = np.zeros(len(cells), dtype=np.int64)
        np.add.at(sizes, inverse, size)
        firsts = np.full(len(cells), np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(firsts, inverse, first)
        self._groups = [(cells, firsts, sizes)]
        self._grouped = self._merged = len(cells)

    def _row(self, cells: Sequence[str], line: int, whole: Callable[[], Sequence[str]]) -> None:
        """One row the reference way: ``csvread._csv_fields``, then ``check._count_rows``;
        a blank row (*whole* gives all its cells) is set aside as the reference sets it aside."""
        layout = self.layout
        stripped = tuple(c.strip() for c in cells)
        if not any(stripped) and first_cell(whole()) is None:
            self.blanks.append(line)
            self.rows -= 1  # counted when set aside, if a row follows it
            return
        if stripped == self.repeat:
            raise GiveUp  # a repeated header: the reference sets it aside
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
        index = self._unit_index_of(unit)
        self.unit_rows[index] = self.unit_rows.get(index, 0) + 1
        if self.counts is not None:
            when = data.get(layout.date_field)
            if when is not None:
                key = self.counts.key_of(unit, when.toordinal(), data)
                cell = self.slow.get(key)
                if cell is None:
                    self.slow[key] = [1, line]
                else:
                    cell[0] += 1

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

    # -- the end ------------------------------------------------------------------------------

    def cells(self) -> dict[tuple[Any, ...], list[Any]]:
        """The file's counter cells in the order of their first rows: ``key -> [count, ref]``
        (``DailyCounts.cells`` as the reference path fills it)."""
        collecting = gc.isenabled()
        gc.disable()  # a dict of new tuples and lists, no cycles: no need to look for any
        try:
            group = None
            if self._groups:
                self._merge_groups()
                group = self._groups[0]
            return ordered_cells(
                self.libs.np, self.source, group, self.unit_names, self.combos, self.slow
            )
        finally:
            if collecting:
                gc.enable()

    def commit(
        self,
        ctx: Context,
        stream: RecordStream,
        daily: DailyCounts | None,
        rejected: list[Rejected],
        scope: frozenset[str] | None = None,
    ) -> None:
        """Hand the file's results over, as the reference path leaves them."""
        summary = stream.summary
        summary.read += self.rows
        for line in sorted(self.blanks):
            if line < self.last:  # blank rows after the last row are not rows of the table
                summary.put_aside(line, BLANK_ROW)
        for r in self.rejected:
            summary.reject(r.line)
            rejected.append(r)
        # the rows naming a unit the directory does not know, rejected by Context.unit_of as
        # the reference path rejects them (in line order)
        kind, source = self.layout.kind, self.source
        for line, raw in sorted(self.unknown, key=itemgetter(0)):
            ctx.unit_of(Record(kind, source, line, {"unit": raw}))
        if daily is not None and self.counts is not None:
            self.counts.cells = self.cells()
            daily.merge(self.counts)
        if scope is not None:
            units = list(self.unit_names)
            for index, rows in self.unit_rows.items():
                if units[index] not in scope:
                    summary.leave_out(units[index], rows)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
