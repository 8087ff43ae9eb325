"""The columnar engine: counting the rows of a large records file with Polars.

``govflow check`` reads records row by row in Python (:mod:`govflow.compliance.records`: the
reference).  When no rule takes a file's kind row by row, its rows are only checked and counted
(``govflow.compliance.check._count_rows``).  For that case :func:`count_table` has Polars read
the file in one streaming group-by and hands the counter cells to the
:class:`~govflow.compliance.daily.DailyCounts` as a frame.  The outcome is the reference
path's, to the cell:

* A file Polars could read otherwise than Python's :mod:`csv` is given back to the reference
  path before anything is kept: a quote that is not plain CSV, a line break, CR or NUL inside a
  cell, a row more than 16 cells wider than the header, a 合计 row, a repeated header,
  undecodable bytes, a cell over ``csv.field_size_limit()``.  Every row is then one physical
  line (row ``i`` is the ``i + 1``-th line below the header); empty lines, which are no rows
  for ``csv``, are told from rows of empty cells by their raw text.
* Rows are grouped by their unit and grouping cells, the first 10 characters of their date and
  a few flags.  Each combination of cells is converted once by the reference converter and its
  unit resolved once, as ``Context.unit_of`` does; each distinct date is checked once.  A date
  in the ISO shapes ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS`` (a space or
  ``T`` between) with a valid time of day is that day.
* The rows that need a look of their own (another date spelling, a blank required cell, cells
  that do not convert, an unknown unit, a date that does not exist, a blank first cell) are
  read again, only when there are some, and go through the reference row converter
  (``csvread._csv_fields``): the same reason, line and values.
* Cells are put in the order of their first rows, which stay each cell's reference, as
  row-by-row counting does.

CSV files under :data:`MIN_BYTES` are left to the reference path (a query's fixed cost is more
than counting a few rows); Parquet files are always read this way (their row-by-row reader goes
through Polars too).  Files read as tables by other means
(:class:`~govflow.compliance.stream.HeldTable`, :func:`~govflow.compliance.colcells.held_table`)
go the same way: a sheet of a workbook, already parsed into memory, with a one-row header (from
:data:`~govflow.compliance.colcells.MIN_CELLS` cells; its rows numbered as Excel shows them), and
a JSON Lines file whose objects all have the same keys with text values (spilled to Arrow files a
batch at a time; no row is set aside, the rows the engine does not decide are read by the JSON
Lines reading's own rules).
``GOVFLOW_NO_FAST_PATH=1`` in the environment turns this path off (the differential tests in
``tests/test_fast_path.py`` compare the two).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from govflow.compliance.colcells import (
    CELL_BLANK,
    CELL_WRONG,
    WHITESPACE,
    GiveUp,
    Layout,
    any_flags,
    bad_cells,
    blank_cell,
    cell_value,
    counter_cells,
    day_table,
    empty_lines,
    grouping_ids,
    held_table,
    iso_shape,
    large_enough,
    lead_checks,
    odd_cells,
    utf8_copy,
)
from govflow.compliance.csvread import _csv_fields
from govflow.compliance.daily import DailyCounts
from govflow.compliance.kinds import FieldSpec, FieldType, Record, Rejected
from govflow.compliance.parquetread import parquet_table
from govflow.compliance.rules import Context
from govflow.compliance.stream import RecordStream
from govflow.compliance.tables import BLANK_ROW, set_aside_reason

__all__ = ["DISABLE", "MIN_BYTES", "WHITESPACE", "GiveUp", "count_table", "enabled"]

DISABLE = "GOVFLOW_NO_FAST_PATH"
"""Set to anything but ``0`` to count every file the reference (pure-Python) way."""

MIN_BYTES = 1 << 20
"""Smaller CSV files are counted the reference way.  Polars is imported for every check anyway:
on the bench's post ledger (``govflow check`` end to end) both ways took as long at 5,000 rows
(0.7 MB), the engine was faster from 10,000 (1.4 MB: 0.57 s against 0.68 s)."""

_SPARE = 16
"""Cells a row may have beyond the header's (``csv`` reads them; wider rows are given back)."""

_SPARE_NAMES = tuple(f"x{i}" for i in range(_SPARE))

_OK, _BAD, _UNKNOWN = 0, 1, 2
"""A combination of unit and grouping cells: counted, for the reference converter, or naming a
unit the directory does not know."""


def enabled() -> bool:
    """Whether :func:`count_table` is tried (not turned off by the environment)."""
    return os.environ.get(DISABLE, "").strip() in ("", "0")


def count_table(
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

    ``False`` when this path does not apply (turned off, not CSV or Parquet, a small file, a
    kind with ids to check for duplicates ...) or gave the file back: nothing was changed and *stream* is
    unread.  ``True`` when the file has been counted: rows in ``stream.summary``, rejected rows
    in *rejected* and in ``ctx`` (unknown units), counts in *daily*; *stream* is closed.
    """
    if not (stream.columnar or stream.held is not None) or not enabled():
        return False  # JSON Lines not read as a table, a two-row header, --site
    if not large_enough(stream, MIN_BYTES):
        return False
    layout = Layout.of(stream, daily, date_field, has_unit)
    if layout is None:
        return False
    scan = _Scan(layout, ctx, stream.summary.source, daily)
    try:
        if stream.held is not None:
            scan.run_held(stream)
        elif stream.parquet:
            scan.run_parquet(stream.path)
        else:
            with utf8_copy(stream.path, layout.codec) as path:
                scan.run(path, stream.header_line)
    except GiveUp:
        return False
    scan.commit(ctx, stream, daily, rejected, scope)
    stream.close()
    return True


class _Scan:
    """One file read the columnar way; its results are kept here until :meth:`commit`."""

    def __init__(
        self, layout: Layout, ctx: Context, source: str, daily: DailyCounts | None
    ) -> None:
        self.layout = layout
        self.source = source
        self.rows = 0
        self.rejected: list[Rejected] = []
        """Rows the reference converter rejected, in line order."""
        self.unknown: list[tuple[int, Any]] = []
        """(line, unit as written) of the rows naming a unit the directory does not know."""
        self.fields = daily.fields if daily is not None else None
        self.cells: pl.DataFrame | None = None
        """The file's counter cells (``DailyCounts.add_frame``'s columns)."""
        self.combos: pl.DataFrame | None = None
        """The combinations of grouping values, a row each, that the cells' ``__combo``
        indexes; ``None`` when some rows were read the reference way."""
        self.unit_rows: dict[str, int] = {}
        """Canonical unit -> the rows of that unit accepted (for the rows not applicable)."""
        self.blanks: list[int] = []
        """Lines of the blank rows (set aside, or not rows at all after the last row)."""
        self.last = 0
        """The line of the last row that is not blank."""
        self._units: dict[Any, str | None] = {}
        self._scratch = ctx.scratch()
        self._counts = DailyCounts(daily.kind, daily.fields) if daily is not None else None
        self._reads = frozenset(self._counts.reads if self._counts is not None else ())
        self.names: list[str] = []
        self.path = Path()
        self.parquet = False
        self._parquet_names: list[str] = []
        self.all_names: list[str] = []
        self.held: pl.LazyFrame | None = None
        """A table read by other means than CSV (a sheet, JSON Lines: :meth:`run_held`)."""
        self.first_row = 0
        """The row of the first line below the header (a sheet's header may stand below title
        rows)."""
        self.skip = 1
        """The lines above a CSV file's rows (its header's, and title lines above it)."""
        self.base = 2
        """A row's line minus its index (:attr:`~govflow.compliance.stream.HeldTable.
        line_base`): the rows of a CSV file start on line 2."""
        specs = layout.specs  # (not a method of self: the scan would be in a reference cycle,
        # its frames freed only when the collector runs)
        self.row_fields: Callable[[Sequence[str], int], dict[str, Any] | Rejected] = (
            lambda cells, line: _csv_fields(specs, cells, source, line)
        )
        """How the reference reads one row from its mapped cells and its line."""
        self._spill: tempfile.TemporaryDirectory[str] | None = None
        self.sets_aside = True
        """Whether rows that are no records (blank, 合计, a repeated header) are set aside, as
        in a table; not for JSON Lines, whose every line is a record or rejected."""

    @property
    def csv(self) -> bool:
        """Whether the rows are CSV text (not a Parquet file or a table held in memory)."""
        return not self.parquet and self.held is None

    # -- reading ------------------------------------------------------------------------------

    def run(self, path: Path, header_line: int | None = None) -> None:
        self.below(header_line)
        self._header(path)
        self.path = path
        try:
            self._run(self._base(self._scan(path)))
        except pl.exceptions.PolarsError:
            raise GiveUp from None  # a row far wider than the header, a quote not plain CSV

    def run_parquet(self, path: Path) -> None:
        """A Parquet file: its columns as the text the row-by-row reader sees
        (:func:`~govflow.compliance.parquetread.text_columns`); no line of its is a CSV line."""
        self.path, self.parquet = path, True
        try:
            scan = self._scan(path)
            if tuple(n.strip() for n in self._parquet_names) != self.layout.header:
                raise GiveUp
            self._run(self._base(scan))
        except pl.exceptions.PolarsError:
            raise GiveUp from None

    def run_held(self, stream: RecordStream) -> None:
        """A file read as a table by other means than CSV (:attr:`RecordStream.held`: a sheet
        held in memory, JSON Lines), its cells the text the row-by-row reader sees."""
        self.path = stream.path
        try:
            self.use_held(stream)
            self._run(self._base(self._scan(self.path)))
        except pl.exceptions.PolarsError:
            raise GiveUp from None
        finally:
            self.close()

    def use_held(self, stream: RecordStream, share: float = 1.0) -> None:
        """Read *stream* as its :attr:`~RecordStream.held` table (:func:`~govflow.compliance.
        colcells.held_table`) instead of parsing its file; reading it is that *share* of the
        progress through the file."""
        held = stream.held
        assert held is not None
        if not held.cells:  # rows read from a file: spilled a batch at a time, not held
            # (a file still mapped cannot be removed on Windows: left to the system's cleaning)
            self._spill = tempfile.TemporaryDirectory(prefix="govflow-", ignore_cleanup_errors=True)
        spill = Path(self._spill.name) if self._spill is not None else None
        self.held, width, self.first_row = held_table(stream, spill, share)
        self.names = [f"c{i}" for i in range(width)]
        self.all_names = list(self.names)
        self.base = held.line_base
        if held.fields is not None:
            self.row_fields, self.sets_aside = held.fields, False

    def close(self) -> None:
        """Remove what :meth:`use_held` spilled (once the table is no longer scanned)."""
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None

    def _lead_rows(self, rows: pl.Series) -> list[int]:
        """Of *rows* (their first cell is blank), read whole: give up on a 合计 row (its first
        non-blank cell further right); those with no cell at all (every cell null or ``""``: an
        empty line, or a row of empty cells)."""
        if not rows.len():
            return []
        found = self._scan(self.path).filter(pl.col("row").is_in(rows.implode())).collect()
        empty = []
        for row in found.iter_rows():
            cells = [c or "" for c in row[1:]]
            if set_aside_reason(cells) not in (None, BLANK_ROW):
                raise GiveUp  # a 合计 row: the reference sets it aside
            if not any(cells):
                empty.append(row[0])
        return empty

    def below(self, header_line: int | None) -> None:
        """The header of the CSV file to read is on line *header_line* (title lines above it,
        as offices write a table's title): its rows begin on the next line."""
        self.skip = header_line or 1
        self.base = self.skip + 1

    def _header(self, path: Path) -> None:
        """The lines down to the header's must be one row each (titles, blank lines, the
        header), the last the whole header, as the reference read it."""
        with path.open("rb") as fh:
            raw = b"".join(fh.readline(1 << 20) for _ in range(self.skip))
        try:
            text = raw.decode("utf-8-sig")
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except (UnicodeDecodeError, csv.Error):
            raise GiveUp from None
        if len(rows) != self.skip or any("\n" in c or "\r" in c for r in rows for c in r):
            raise GiveUp
        if tuple(h.strip() for h in rows[-1]) != self.layout.header:
            raise GiveUp
        self.names = [f"c{i}" for i in range(len(rows[-1]))]

    def _scan(self, path: Path) -> pl.LazyFrame:
        """The file's rows below the header, every cell text or null, with spare columns for
        the cells of rows wider than the header (``csv`` reads them too); a Parquet file's
        columns as text (``""`` for null), named ``c0``, ``c1`` …; a table held in memory."""
        if self.held is not None:
            return self.held
        if self.parquet:
            table = parquet_table(path)
            self._parquet_names = table.names
            self.names = [f"c{i}" for i in range(len(self._parquet_names))]
            self.all_names = list(self.names)
            return table.texts
        self.all_names = [*self.names, *_SPARE_NAMES]
        return pl.scan_csv(
            path,
            has_header=False,
            skip_lines=self.skip,
            schema=dict.fromkeys(self.all_names, pl.String),
            missing_columns="insert",
            quote_char='"',
            encoding="utf8",
        ).with_row_index("row")

    def _base(self, scan: pl.LazyFrame) -> pl.LazyFrame:
        """The rows as the engine reads them: the row index, the mapped columns
        (:meth:`_mapped`), ``__lead`` (the first cell is blank: the row may be empty, or a 合计
        row whose mark stands further right, see :meth:`_lead_rows`), ``__total`` (the first
        cell may begin a 合计 row), and for CSV ``__wide`` (cells beyond the header's) and
        ``__odd`` (:func:`~govflow.compliance.colcells.odd_cells`).  Polars refuses a quote
        that is not plain CSV.  With no line break in any cell, row ``i`` is line ``i + base``."""
        mapped = [self.names[i] for i in self.layout.idxs]
        keys = set(self._key_names())
        others = [n for n in self.names if n not in keys]
        checks = [*lead_checks(self.names[0]), *lead_checks(self.names[0], "_r", keys)]
        if not self.csv:
            checks += [pl.lit(False).alias(f) for f in ("__wide", "__odd", "__odd_r")]
        else:
            checks += [
                pl.col(_SPARE_NAMES[0]).is_not_null().alias("__wide"),
                odd_cells([pl.col(n) for n in self.names]).alias("__odd"),
                (odd_cells([pl.col(n) for n in others]) if others else pl.lit(False)).alias(
                    "__odd_r"
                ),
            ]
        return scan.select("row", *self._mapped(pl.col(n).fill_null("") for n in mapped), *checks)

    def _key_names(self) -> list[str]:
        """The columns of the unit and grouping fields: the rows are grouped by them."""
        return [
            self.names[idx]
            for spec, idx in zip(self.layout.specs, self.layout.idxs, strict=True)
            if spec.name != self.layout.date_field and spec.name in self.layout.needed
        ]

    def _mapped(self, cells: Iterable[pl.Expr]) -> list[pl.Expr]:
        """The mapped columns as read: the unit's and the grouping fields' as categories (rows
        are grouped by their codes), the others as text; and for the date column, whether it
        has a strict ISO shape (``__iso``) and its first 10 characters (``__d10``)."""
        out = []
        for spec, cell in zip(self.layout.specs, cells, strict=True):
            if spec.name == self.layout.date_field:
                out += [
                    cell,
                    iso_shape(cell).alias("__iso"),
                    cell.str.slice(0, 10).cast(pl.Categorical).alias("__d10"),
                ]
            elif spec.name in self.layout.needed:
                out.append(cell.cast(pl.Categorical))
            else:
                out.append(cell)
        return out

    def _odd_beyond(self) -> bool:
        """Whether a cell beyond the header's, in the rows that have some, is odd."""
        found = (
            self._scan(self.path)
            .filter(pl.col(_SPARE_NAMES[0]).is_not_null())
            .select(odd_cells([pl.col(n) for n in _SPARE_NAMES]).any())
            .collect(engine="streaming")
        )
        return bool(found.item())

    def _blank_lines(self, rows: Sequence[int]) -> set[int]:
        """Of the rows *rows* (no cell holds anything), those that are empty lines."""
        return empty_lines(self.path, rows, self.skip)

    def _others_blank(self, rows: Sequence[int]) -> set[int]:
        """Of the rows *rows* (blank in every mapped cell), those blank in every cell."""
        mapped = {self.names[i] for i in self.layout.idxs}
        others = [n for n in self.all_names if n not in mapped]
        if not others:
            return set(rows)
        found = (
            self._scan(self.path)
            .filter(pl.col("row").is_in(list(rows)))
            .select("row", *[pl.col(n).fill_null("") for n in others])
            .collect()
        )
        return {r[0] for r in found.iter_rows() if not any(c.strip() for c in r[1:])}

    # -- counting -----------------------------------------------------------------------------

    def _run(self, base: pl.LazyFrame) -> None:
        """Count the rows of *base* (:meth:`_base`) in one streaming pass: rows alike in every
        cell read and in their date are counted together (so the reference converter and the
        directory see each combination of cells once, and each date is read once); the rows
        that need a look of their own (not in a strict shape, a blank first cell) are
        collected.  Memory holds those groups and rows, not the file."""
        layout = self.layout
        needed, fast = self._checks(base)
        cols = [n for _, n in needed]
        base = base.with_columns(fast.alias("__fast"))
        texts = [pl.col(self.names[i]).cast(pl.String) for i in layout.idxs]
        # one streaming group-by: a file's rows by their cells, date and flags; the rows that
        # need a look of their own are fetched afterwards, in a pass of their own, when there
        # are any (a shared scan would be cached whole, in memory)
        # (the flags other than __fast are only asked whether any row has them: aggregated,
        # not grouped by, so that the fast rows' groups come out whole, with no second
        # group-by in memory)
        # (a flag of the cells grouped by is the same for every row of a group: it is looked
        # at in the groups, not in every row; ``__*_r`` are the flags of the other cells)
        found = (
            base.group_by(*cols, "__d10", "__fast")
            .agg(
                pl.len().alias("count"),
                pl.col("row").min().alias("__row"),
                *(pl.col(f"{f}_r").any().alias(f) for f in ("__lead", "__odd", "__total")),
                pl.col("__wide").any(),
            )
            .collect(engine="streaming")
        )
        # each combination of the cells grouped by, in the order of first groups
        keys = found.select(cols).unique(maintain_order=True)
        flags = any_flags(found, keys, self.names[0], self.csv)
        total = int(found.get_column("count").sum())
        if flags["__odd"] or flags["__total"] or (flags["__wide"] and self._odd_beyond()):
            raise GiveUp  # see _base
        lead = pl.Series("row", [], dtype=pl.UInt32)
        if self.sets_aside and flags["__lead"]:
            lead = base.filter(pl.col("__lead")).select("row").collect().get_column("row")
        slow = pl.DataFrame(
            schema={"row": pl.UInt32, **{t.meta.output_name(): pl.String for t in texts}}
        )
        if not found.get_column("__fast").all():
            slow = base.filter(~pl.col("__fast")).select("row", *texts).collect(engine="streaming")
        groups = found.filter(pl.col("__fast")).select(*cols, "__d10", "count", "__row")
        empty = self._lead_rows(lead)
        lost = self._blank_lines(empty) if empty and self.csv else set()
        self.rows = total - len(lost)  # empty lines: no rows for csv
        slow = slow.filter(~pl.col("row").is_in(list(lost)))
        days = day_table(groups.get_column("__d10").unique().cast(pl.String))  # each date once
        unreal = days.filter(pl.col("__day").is_null()).get_column("__d10")
        every_fast = groups.height == found.height
        combos, values = self._combos(keys if every_fast else groups, needed)
        good = groups.lazy().join(
            days.lazy().with_columns(pl.col("__d10").cast(pl.Categorical)), on="__d10", how="left"
        )
        if cols:
            good = good.join(combos.lazy(), on=cols, how="left")
        else:  # one combination for every row
            good = good.with_columns(
                *(pl.lit(combos.get_column(c)[0]).alias(c) for c in combos.columns)
            )
        good = good.filter((pl.col("__state") == _OK) & pl.col("__day").is_not_null())
        # each cell at its first row, in the order of first rows, and the rows per unit: one plan
        per_unit, fast_cells = pl.collect_all(
            [
                good.group_by("__unit").agg(pl.col("count").sum()),
                good.group_by("__unit", "__day", "__combo")
                .agg(pl.col("count").sum(), pl.col("__row").min())
                .sort("__row")
                .with_columns((pl.col("__row") + self.base).alias("__line")),
            ]
        )
        for unit, rows in per_unit.iter_rows():
            self.unit_rows[unit] = self.unit_rows.get(unit, 0) + rows
        states = combos.filter(pl.col("__state") != _OK)
        if unreal.len() or states.height:  # their rows, read again: few, or none
            slow = self._marked(base, needed, states, unreal, slow)
        slow_cells = self._slow(slow)
        blank = {line - self.base for line in self.blanks} | lost
        # rows are first_row .. first_row + total - 1 (a county's part of a province file has
        # other rows, but no blank one: its county cell is filled, see countysplit)
        last = self.first_row + total - 1
        while last in blank:
            last -= 1
        self.last = last + self.base if last >= self.first_row else 0
        if self.fields is not None:
            counted = counter_cells(fast_cells, values, slow_cells, self.fields, self.source)
            self.cells, self.combos = counted

    def _checks(self, base: pl.LazyFrame) -> tuple[list[tuple[FieldSpec, str]], pl.Expr]:
        """The unit and grouping columns, and whether a row's other cells pass without the
        reference converter: the date in a strict shape, typed cells that convert (their
        distinct values read first, when the kind has such columns), required text there."""
        fast = pl.col("__iso")
        needed: list[tuple[FieldSpec, str]] = []
        typed: list[tuple[FieldSpec, str]] = []
        for spec, idx in zip(self.layout.specs, self.layout.idxs, strict=True):
            name = self.names[idx]
            if spec.name == self.layout.date_field:
                continue
            if spec.name in self.layout.needed:
                needed.append((spec, name))
            elif spec.type is not FieldType.TEXT:
                typed.append((spec, name))
            elif spec.required:
                fast = fast & ~blank_cell(pl.col(name))
        if typed:
            found = pl.collect_all(
                [base.select(pl.col(n).unique()) for _, n in typed], engine="streaming"
            )
            for (spec, name), distinct in zip(typed, found, strict=True):
                fast = fast & ~pl.col(name).is_in(bad_cells(distinct.to_series(), spec))
        return needed, fast

    def _marked(
        self,
        base: pl.LazyFrame,
        needed: Sequence[tuple[FieldSpec, str]],
        states: pl.DataFrame,
        unreal: pl.Series,
        slow: pl.DataFrame,
    ) -> pl.DataFrame:
        """The rows of combinations that do not convert or name an unknown unit, and of dates
        that do not exist: to the reference converter (*slow*, returned with them), or
        rejected for their unit (:attr:`unknown`)."""
        cols = [n for _, n in needed]
        texts = [pl.col(self.names[i]).cast(pl.String) for i in self.layout.idxs]
        rows = base.filter(pl.col("__fast"))
        if cols:
            rows = rows.join(states.lazy().select(*cols, "__state"), on=cols, how="left")
        else:
            rows = rows.with_columns(
                pl.lit(states.get_column("__state")[0] if states.height else None, pl.Int8).alias(
                    "__state"
                )
            )
        unreal_day = pl.col("__d10").cast(pl.String).is_in(unreal.implode())
        marked = (
            rows.filter(pl.col("__state").is_not_null() | unreal_day)
            .select("row", *texts, "__state", unreal_day.alias("__unreal"))
            .collect(engine="streaming")
        )
        again = marked.filter(pl.col("__unreal") | (pl.col("__state") == _BAD))
        unit_col = next((n for s, n in needed if s.name == "unit"), None)
        for row, raw in (
            marked.filter(~pl.col("__unreal") & (pl.col("__state") == _UNKNOWN))
            .select("row", pl.col(unit_col) if unit_col else pl.lit(""))
            .iter_rows()
        ):
            self.unknown.append((row + self.base, _stripped(raw)))
        if not again.height:
            return slow
        return pl.concat([slow, again.drop("__state", "__unreal")]).sort("row")

    def _combos(
        self, frame: pl.DataFrame, needed: Sequence[tuple[FieldSpec, str]]
    ) -> tuple[pl.DataFrame, list[tuple[Any, ...]]]:
        """Per distinct combination of the unit and grouping cells, read as ``_csv_fields``
        reads them: its state, its canonical unit and the index of its grouping values (the
        same values, the same index).  Each column's distinct cells are read once, the grouping
        values computed once per distinct combination of the cells they come from."""
        cols = [n for _, n in needed]
        # (no cells at all: one combination, of none)
        keys = frame.select(cols).unique(maintain_order=True) if cols else pl.DataFrame([{}])
        texts = keys.select(pl.col(cols).cast(pl.String)) if cols else pl.DataFrame({"": [""]})
        read = {n: {c: cell_value(s, c) for c in texts.get_column(n).unique()} for s, n in needed}
        wrong = [pl.col(n).is_in([c for c, v in read[n].items() if v is CELL_WRONG]) for n in cols]
        unit = pl.lit("")
        if self.layout.has_unit:
            col = next((n for s, n in needed if s.name == "unit"), None)
            blank = {"": CELL_BLANK} if col is None else read[col]
            units = {
                c: self._unit("" if v is CELL_BLANK else v)
                for c, v in blank.items()
                if v is not CELL_WRONG
            }
            unit = (pl.col(col) if col else pl.lit("")).replace_strict(units, default=None)
        state = (
            pl.when(pl.any_horizontal(*wrong, False))
            .then(_BAD)
            .when(unit.is_null())
            .then(_UNKNOWN)
            .otherwise(_OK)
            .cast(pl.Int8)
        )
        found = texts.select(state.alias("__state"), unit.cast(pl.String).alias("__unit"))
        ok = found.get_column("__state") == _OK
        index: list[tuple[Any, ...]] = []
        combo: pl.Expr | pl.Series = pl.lit(None, pl.Int64)
        if self._counts is not None:
            # the combinations (of the ones read) of the cells the grouping values come from
            used = [(s.name, n) for s, n in needed if s.name in self._reads]
            table = texts.filter(ok).select(n for _, n in used).unique(maintain_order=True)
            if not used:
                index = [self._counts.key_of("", 0, {})[2:]] if ok.any() else []
                combo = pl.lit(0 if index else None, pl.Int64)
            else:
                ids, index = grouping_ids(self._counts, table, used, read)
                table = table.with_columns(ids.cast(pl.Int64).alias("__combo"))
                on = [n for _, n in used]
                combo = texts.join(table, on=on, how="left", maintain_order="left")["__combo"]
        found = found.select(
            "__state",
            pl.when(ok).then(pl.col("__unit")).alias("__unit"),
            pl.when(ok).then(combo).cast(pl.Int64).alias("__combo"),
        )
        return pl.concat([keys, found], how="horizontal"), index

    def _slow(self, slow: pl.DataFrame) -> dict[tuple[Any, ...], list[int]]:
        """The rows the vectorised checks did not take, the reference way:
        ``csvread._csv_fields``, then ``check._count_rows``; a blank row is set aside as the
        reference sets it aside.  Their cells: key -> [count, first line]."""
        layout = self.layout
        repeat = tuple(layout.header[i] if i < len(layout.header) else "" for i in layout.idxs)
        mapped = [self.names[i] for i in layout.idxs]
        out: dict[tuple[Any, ...], list[int]] = {}
        rows = slow.select("row", *mapped).rows()
        maybe = [r[0] for r in rows if not any(c.strip() for c in r[1:])]
        blank = self._others_blank(maybe) if maybe and self.sets_aside else set()
        for row in rows:
            line, cells = row[0] + self.base, row[1:]
            if row[0] in blank:
                self.blanks.append(line)
                continue
            stripped = tuple(c.strip() for c in cells)
            if stripped == repeat:
                raise GiveUp  # a repeated header: the reference sets it aside
            data = self.row_fields(cells, line)
            if isinstance(data, Rejected):
                self.rejected.append(data)
                continue
            unit = ""
            if layout.has_unit:
                raw = data.get("unit", "")
                resolved = self._unit(raw)
                if resolved is None:
                    self.unknown.append((line, raw))
                    continue
                unit = resolved
            self.unit_rows[unit] = self.unit_rows.get(unit, 0) + 1
            if self._counts is not None:
                when = data.get(layout.date_field)
                if when is not None:
                    key = self._counts.key_of(unit, when.toordinal(), data)
                    cell = out.get(key)
                    if cell is None:
                        out[key] = [1, line]
                    else:
                        cell[0] += 1
        self.rows -= len(self.blanks)  # counted when set aside, if a row follows it
        return out

    def _unit(self, raw: Any) -> str | None:
        """The canonical unit of *raw*, as ``Context.unit_of`` resolves it."""
        if raw not in self._units:
            record = Record(self.layout.kind, self.source, 0, {"unit": raw})
            self._units[raw] = self._scratch.unit_of(record)
        return self._units[raw]

    # -- the end ------------------------------------------------------------------------------

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
        for r in sorted(self.rejected, key=lambda r: r.line):
            summary.reject(r.line)
            rejected.append(r)
        # the rows naming a unit the directory does not know, rejected by Context.unit_of as
        # the reference path rejects them (in line order)
        kind, source = self.layout.kind, self.source
        for line, raw in sorted(self.unknown, key=lambda u: u[0]):
            ctx.unit_of(Record(kind, source, line, {"unit": raw}))
        if daily is not None and self.cells is not None:
            daily.add_frame(self.cells, self.combos)
        if scope is not None:
            for unit, rows in self.unit_rows.items():
                if unit not in scope:
                    summary.leave_out(unit, rows)


def _stripped(raw: Any) -> Any:
    return raw.strip() if isinstance(raw, str) else raw
