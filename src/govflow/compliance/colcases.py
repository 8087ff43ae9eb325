"""The columnar engine for cases: a clock per row (依申请公开), judged by distinct dates.

A ledger of cases is read row by row by the reference path (:mod:`govflow.compliance.records`
and each rule's ``feed``).  A case's finding depends on the row through a few values only:
when its clock started and when the case was done (the due date, status, explanation, trace
and action follow from them and the rule), plus the row's unit, id, line and village.  A
ledger of a million cases has a few thousand distinct (start, done) pairs.  So
:func:`evaluate_cases` has Polars read the file (CSV, Parquet, a sheet, JSON Lines as a table),
checks its cells once per distinct value, and asks each rule's own ``feed`` for one
representative row per distinct pair (on a scratch context); every other row of the pair gets that finding with its own unit, case, evidence and
village.  The outcome is the reference path's, finding for finding, in the same order:

* The file must read as Python's ``csv`` reads it, as for the counting engine
  (:mod:`govflow.compliance.columnar`): no odd cell, no 合计 row, no row wider than the header,
  no repeated header; otherwise the file is given back.  Blank rows are set aside as the
  reference sets them aside (none after the last row; an empty line is no row).
* Typed cells are converted once per distinct text by the reference converter; a row with a
  cell that does not convert, or a required cell left blank, is read again by the reference
  row converter (``csvread._csv_fields``) and rejected with its reason.  Dates out of order and
  ids seen before (in the file, or in an earlier file of the same check) are rejected with the
  reference's words.
* A row whose clock may pause, restart or be extended (its 补正, 征求意见 or 延期 cells are
  filled), whose trigger date is blank or falls outside every version of the rule, is fed to
  the rule row by row, as the reference path feeds it; so is every row of a distinct pair
  whose representative did not give exactly one finding.
* Rules of the plain :class:`~govflow.compliance.triggered.TriggeredRule` type are judged by
  pairs, with a clock counted in days or months (a monitoring look-back too; not a minimum
  posting period, not a limit in hours) from a date or moment field.  A moment's day decides
  its case, as in the rule; two moments are compared exactly for their order.  Any other rule
  reading the kind (a plugin's Python per case) is given the rows the engine read, as the
  reference's records, in line order.  A kind that is counted too (work events: quotas of
  open days, and each open day's feedback judged) is counted by its cells, once per distinct
  combination, in the order of their first rows.  A file no rule of the first sort reads is
  given back.

``GOVFLOW_NO_FAST_PATH=1`` turns this path off, as it does the counting engine's; the
differential tests (``tests/test_case_engine.py``) compare the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from govflow.compliance.base import as_day
from govflow.compliance.casejudge import Judge, Progress, feed_record, takes
from govflow.compliance.colcells import (
    WHITESPACE,
    GiveUp,
    Layout,
    empty_lines,
    large_enough,
    moment_codes,
    typed_codes,
    utf8_copy,
)
from govflow.compliance.columnar import _Scan, enabled
from govflow.compliance.context import Context
from govflow.compliance.daily import DailyCounts
from govflow.compliance.kinds import FieldType, Record, RecordKind, Rejected
from govflow.compliance.rules import Rule
from govflow.compliance.stream import RecordStream
from govflow.compliance.tables import BLANK_ROW, set_aside_reason
from govflow.compliance.triggered import TriggeredRule
from govflow.text.files import file_size

__all__ = ["MIN_BYTES", "CaseTable", "evaluate_cases", "feed_record"]

MIN_BYTES = 256 << 10
"""Smaller CSV files are judged the reference way.  A case costs the reference far more than a
counted row (each rule's ``feed``), so the engine pays for importing Polars from a few thousand
rows on (the counting engine from :data:`~govflow.compliance.columnar.MIN_BYTES`): on the Yudu
plan's application ledger it was as fast at 5,000 rows (294 KB) and faster from 10,000 (588 KB)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def evaluate_cases(
    ctx: Context,
    stream: RecordStream,
    feeders: Sequence[Rule],
    daily: DailyCounts | None,
    date_field: str,
    has_unit: bool,
    rejected: list[Rejected],
    scope: frozenset[str] | None,
    ids: dict[str, tuple[str, int]],
    *,
    later: bool = True,
) -> bool:
    """``check._evaluate_records`` the columnar way, with the same outcome.

    ``False`` when this path does not apply or gave the file back: nothing was changed and
    *stream* is unread.  ``True`` when the file has been evaluated: its rows accounted in
    ``stream.summary``, rejected rows in *rejected* and ``ctx``, findings in the rules, the
    file's ids in *ids* (unless no *later* file of its kind will read them); *stream* is
    closed."""
    if not (stream.columnar or stream.held is not None) or not enabled() or not feeders:
        return False
    if not large_enough(stream, MIN_BYTES):
        return False
    kind = stream.kind
    if not any(takes(r, kind.fields) for r in feeders):
        return False  # nothing to judge by pairs: the reference reads the file
    layout = Layout.of(stream, None, date_field, has_unit, cases=True) if has_unit else None
    if layout is None:
        return False
    try:
        cases = CaseTable.read(layout, ctx, stream)
        cases.check(ids, later=later)
    except GiveUp:
        return False
    if stream.tick is not None:
        start = READ_SHARE if stream.held is not None else 0.0
        cases.progress = Progress(stream.tick, file_size(stream.path), len(feeders), start)
    cases.commit(ctx, stream, feeders, rejected, scope, ids, date_field, daily)
    stream.close()
    return True


READ_SHARE = 0.5
"""The share of a file's progress its reading takes when the engine reads it row by row in
Python (a sheet's cells, JSON Lines): judging takes the rest."""


class CaseTable:
    """One file's rows as the engine holds them: each mapped field as a column (text stripped,
    typed cells as the index of their converted value), with the rows to reject."""

    def __init__(
        self,
        layout: Layout,
        scan: _Scan,
        frame: pl.DataFrame,
        kind: RecordKind,
        blanks: Sequence[int] = (),
    ) -> None:
        self.layout = layout
        self.blanks = blanks
        """The lines of the blank rows: set aside when a row follows them (else no rows)."""
        self.spec = kind
        self.scan = scan
        self.source = scan.source
        self.kind = layout.kind
        self.rows = frame.height
        self.values: dict[str, list[Any]] = {}
        """Per typed field, its distinct converted values (a row holds the index)."""
        self.days: dict[str, list[int]] = {}
        """Per date or moment field, the day (ordinal) of each of its values."""
        self.moments: dict[str, list[int]] = {}
        """Per moment field, each of its values in microseconds since 1970 (UTC)."""
        self.raw = frame
        self.table = pl.DataFrame({"__line": (frame.get_column("row").cast(pl.Int64) + scan.base)})
        self.rejected: list[Rejected] = []
        self.progress = Progress(None, 0, 1)

    @classmethod
    def read(cls, layout: Layout, ctx: Context, stream: RecordStream) -> CaseTable:
        scan = _Scan(layout, ctx, stream.summary.source, None)
        try:
            if stream.held is not None:
                scan.path = stream.path
                try:
                    scan.use_held(stream, READ_SHARE)
                    frame, blanks = _whole_rows(scan, scan._base(scan._scan(scan.path)).collect())
                finally:
                    scan.close()
            elif stream.parquet:
                scan.path, scan.parquet = stream.path, True
                base = scan._scan(stream.path)
                if tuple(n.strip() for n in scan._parquet_names) != layout.header:
                    raise GiveUp
                frame, blanks = _whole_rows(scan, scan._base(base).collect())
            else:
                with utf8_copy(stream.path, layout.codec) as path:
                    scan.below(stream.header_line)
                    scan._header(path)
                    scan.path = path
                    frame, blanks = _whole_rows(scan, scan._base(scan._scan(path)).collect())
        except pl.exceptions.PolarsError:
            raise GiveUp from None
        return cls(layout, scan, frame, stream.kind, blanks)

    # -- cells --------------------------------------------------------------------------------

    def check(self, ids: dict[str, tuple[str, int]], *, later: bool = True) -> None:
        """Convert the cells, and mark the rows the reference rejects (``__bad``); the ids
        go to *ids* when a *later* file may repeat them."""
        layout = self.layout
        bad = pl.repeat(False, self.rows, dtype=pl.Boolean, eager=True).alias("__bad")
        columns: list[pl.Series] = []
        header = []
        for spec, idx in zip(layout.specs, layout.idxs, strict=True):
            cell = self.raw.get_column(f"c{idx}")
            header.append(layout.header[idx] if idx < len(layout.header) else "")
            if spec.type is FieldType.TEXT:
                text = cell.str.strip_chars(WHITESPACE)
                blank = text == ""
                if spec.required:
                    bad = bad | blank
                columns.append(
                    text.to_frame(spec.name)
                    .select(
                        pl.when(pl.col(spec.name) == "")
                        .then(None)
                        .otherwise(pl.col(spec.name))
                        .alias(spec.name)
                    )
                    .to_series()
                )
                continue
            if spec.type is FieldType.DATETIME:
                codes, values, wrong = moment_codes(cell, spec)
            else:
                codes, values, wrong = typed_codes(cell, spec)
            self.values[spec.name] = values
            if spec.type in (FieldType.DATE, FieldType.DATETIME):
                self.days[spec.name] = [as_day(v).toordinal() for v in values]  # type: ignore[union-attr]
            if spec.type is FieldType.DATETIME:
                if any(v.tzinfo is None for v in values):
                    raise GiveUp  # a moment with no zone: compared the reference's way only
                self.moments[spec.name] = [(v - _EPOCH) // _MICROSECOND for v in values]
            bad = bad | wrong
            columns.append(codes.alias(spec.name))
        self.table = self.table.with_columns(*columns, bad)
        self._repeated_header(header)
        self._bad_rows()
        self._out_of_order()
        self._duplicates(ids, later)
        self.raw = self.raw.clear()  # the cells as read are no longer needed: their memory goes

    def _repeated_header(self, header: list[str]) -> None:
        """A row repeating the header's mapped cells may be set aside by the reference (before
        any cell is converted): given back."""
        if not header:
            return
        cond = pl.lit(True)
        for idx, head in zip(self.layout.idxs, header, strict=True):
            cond = cond & (pl.col(f"c{idx}").str.strip_chars(WHITESPACE) == head.strip())
        # only rows whose first mapped cell holds its header's text can repeat the header
        first = pl.col(f"c{self.layout.idxs[0]}").str.contains(header[0].strip(), literal=True)
        if self.raw.filter(first).select(cond.fill_null(False).any()).item():
            raise GiveUp

    def _out_of_order(self) -> None:
        """Rows whose dates break the kind's order, rejected as the reference rejects them:
        the pairs compared column against column (two moments exactly, else by day, as
        ``kinds._before``), the reason of each row found told by ``RecordKind.out_of_order``."""
        pairs = [(a, b) for a, b in self.spec.order if a in self.days and b in self.days]
        if not pairs:
            return
        broken = pl.lit(False)
        for earlier, later in pairs:
            if earlier in self.moments and later in self.moments:
                before = self.moment(later) < self.moment(earlier)
            else:
                before = self.day(later) < self.day(earlier)
            broken = broken | before.fill_null(False)
        fields = sorted({n for pair in pairs for n in pair})
        found = self.table.filter(~pl.col("__bad") & broken)
        for row in found.select("__line", *fields).iter_rows():
            data = {
                n: self.values[n][c] for n, c in zip(fields, row[1:], strict=True) if c is not None
            }
            why = self.spec.out_of_order(data)
            if why is None:
                raise GiveUp  # the engine and the reference disagree: the reference's way
            self.rejected.append(Rejected(self.source, row[0], why[0], why[1]))
        if found.height:
            self.table = self.table.with_columns(
                pl.col("__bad") | pl.col("__line").is_in(found.get_column("__line").implode())
            )

    def day(self, name: str) -> pl.Expr:
        """The day (ordinal) of a date or moment column; null where blank."""
        days = self.days[name]
        return pl.col(name).replace_strict(range(len(days)), days, return_dtype=pl.Int64)

    def moment(self, name: str) -> pl.Expr:
        """A moment column in microseconds since 1970; null where blank."""
        found = self.moments[name]
        return pl.col(name).replace_strict(range(len(found)), found, return_dtype=pl.Int64)

    def _duplicates(self, ids: dict[str, tuple[str, int]], later: bool) -> None:
        """Ids seen before in the file (``csvread``) or in an earlier file of the check
        (``stream._unique``), rejected with the reference's words."""
        kind = self.spec
        name = kind.id_field
        if not name or not kind.field(name).required or name not in self.table.columns:
            return
        ok = self.table.filter(~pl.col("__bad")).select("__line", name)
        if ok.get_column(name).hash().n_unique() < ok.height:  # equal ids hash alike
            first = ok.group_by(name).agg(pl.col("__line").min().alias("__first"))
            again = ok.join(first, on=name).filter(pl.col("__line") != pl.col("__first"))
        else:  # every id differs: a ledger's usual case, told without a join of every row
            again = ok.clear().with_columns(pl.col("__line").alias("__first"))
        out = [
            (line, Rejected(self.source, line, name, f"编号 {key!r} 重复（首次出现在第 {at} 行）"))
            for line, key, at in again.select("__line", name, "__first").iter_rows()
        ]
        lines = set(again.get_column("__line").to_list())
        if ids:
            kept = ok.filter(~pl.col("__line").is_in(list(lines)))
            for line, key in kept.iter_rows():
                seen = ids.get(key)
                if seen is not None and seen[0] != self.source:
                    reason = f"编号 {key!r} 重复（首次出现在 {seen[0]} 第 {seen[1]} 行）"
                    out.append((line, Rejected(self.source, line, name, reason)))
                    lines.add(line)
        self.rejected.extend(r for _, r in sorted(out, key=lambda p: p[0]))
        if lines:
            self.table = self.table.with_columns(
                pl.col("__bad") | pl.col("__line").is_in(sorted(lines))
            )
        if not later:
            return  # no file after this one asks (a million ids are a second in Python)
        source = self.source
        for line, key in ok.filter(~pl.col("__line").is_in(sorted(lines))).iter_rows():
            ids.setdefault(key, (source, line))

    # -- the end ------------------------------------------------------------------------------

    def commit(
        self,
        ctx: Context,
        stream: RecordStream,
        feeders: Sequence[Rule],
        rejected: list[Rejected],
        scope: frozenset[str] | None,
        ids: dict[str, tuple[str, int]],
        date_field: str,
        daily: DailyCounts | None = None,
    ) -> None:
        """Account the rows, reject the bad ones, count them, and judge the cases rule by
        rule."""
        summary = stream.summary
        summary.read += self.rows
        last = int(self.table.get_column("__line").max() or 0)  # type: ignore[arg-type]
        for line in self.blanks:
            if line < last:  # blank rows after the last row are no rows of the table
                summary.put_aside(line, BLANK_ROW)
        for r in sorted(self.rejected, key=lambda r: r.line):
            if summary.reject(r.line):
                rejected.append(r)
        good = self.table.filter(~pl.col("__bad"))
        if self.layout.has_unit:
            good = good.with_columns(pl.col("unit").fill_null(""))
            units = good.get_column("unit").unique().to_list()
            canonical = {u: self.scan._unit(u) for u in units}
            good = good.with_columns(
                pl.col("unit").replace_strict(canonical, return_dtype=pl.String).alias("__unit")
            )
            unknown = good.filter(pl.col("__unit").is_null())
            for line, raw in unknown.select("__line", "unit").iter_rows():
                ctx.unit_of(Record(self.kind, self.source, line, {"unit": raw or ""}))
            good = good.filter(pl.col("__unit").is_not_null())
        else:
            good = good.with_columns(pl.lit("").alias("__unit"))
        if daily is not None and date_field in self.days:
            self._count(daily, good, date_field)
        if scope is not None:
            out = good.filter(~pl.col("__unit").is_in(sorted(scope)))
            per_unit = (
                out.group_by("__unit")
                .agg(pl.len(), pl.col("__line").min().alias("__first"))
                .sort("__first")
            )
            for unit, rows, _ in per_unit.iter_rows():
                summary.leave_out(unit, rows)
            good = good.filter(pl.col("__unit").is_in(sorted(scope)))
        records: list[Record] | None = None
        for rule in feeders:
            if isinstance(rule, TriggeredRule) and takes(rule, self.spec.fields):
                Judge(self, rule, ctx, date_field).run(good)
            else:
                # a rule of Python per case gets the rows the engine hands it, in line order
                if records is None:
                    records = [self.record(row) for row in good.iter_rows(named=True)]
                for record in records:
                    feed_record(rule, record, ctx, date_field)
            self.progress.rule_done()

    def _bad_rows(self) -> None:
        """The rows whose cells the reference converter refuses: read again by it, for the
        reason it gives."""
        lines = self.table.filter(pl.col("__bad")).get_column("__line").to_list()
        if not lines:
            return
        idxs = self.layout.idxs
        base = self.scan.base
        rows = self.raw.filter(pl.col("row").is_in([line - base for line in lines]))
        cells = rows.select("row", *(pl.col(f"c{i}") for i in idxs)).iter_rows()
        for row in cells:
            line = row[0] + base
            found = self.scan.row_fields(list(row[1:]), line)
            if not isinstance(found, Rejected):
                raise GiveUp  # the reference reads the row otherwise: its way, then
            self.rejected.append(found)

    def _count(self, daily: DailyCounts, good: pl.DataFrame, date_field: str) -> None:
        """Count the accepted rows of known units by their day and grouping values, as the
        reference counts each record (cells in the order of their first rows): once per
        distinct combination of the cells they are made of."""
        names = [n for n in dict.fromkeys(daily.reads) if n in good.columns and n != "unit"]
        rows = good.filter(pl.col(date_field).is_not_null()).with_columns(
            self.day(date_field).alias("__day")
        )
        combos = (
            rows.group_by("__unit", "__day", *names)
            .agg(pl.len().alias("__n"), pl.col("__line").min().alias("__first"))
            .sort("__first")
        )
        prefix = f"{self.source}:"
        for row in combos.iter_rows(named=True):
            data = {
                n: self.values[n][row[n]] if n in self.values else row[n]
                for n in names
                if row[n] is not None
            }
            key = daily.key_of(row["__unit"], row["__day"], data)
            daily.add_key(key, row["__n"], prefix + str(row["__first"]))

    def record(self, row: dict[str, Any]) -> Record:
        """The :class:`Record` the reference makes of a row of :attr:`table`."""
        data: dict[str, Any] = {}
        for spec in self.layout.specs:
            value = row.get(spec.name)
            if value is None:
                continue
            data[spec.name] = self.values[spec.name][value] if spec.name in self.values else value
        return Record(self.kind, self.source, row["__line"], data)


def _whole_rows(scan: _Scan, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[int]]:
    """The rows of *frame* the reference reads as records (or rejects), and the lines of its
    blank rows (every cell blank; not the empty lines, which are no rows for ``csv``).  A row
    with a blank first cell and a cell further right is a record unless it is a 合计 row; a
    file with a possible 合计 row, or an odd or wide row, is given back (:class:`GiveUp`)."""
    flags = frame.select(pl.any_horizontal("__total", "__wide", "__odd").any()).item()
    if flags:
        raise GiveUp
    if not scan.sets_aside:
        return frame, []  # JSON Lines: every line is a record or rejected
    lead = frame.filter(pl.col("__lead")).get_column("row")
    if not lead.len():
        return frame, []
    blank = []
    rows = scan._scan(scan.path).filter(pl.col("row").is_in(lead.implode())).collect()
    for row in rows.iter_rows():
        reason = set_aside_reason([c or "" for c in row[1:]])
        if reason == BLANK_ROW:
            blank.append(row[0])
        elif reason is not None:
            raise GiveUp  # a 合计 row: set aside by the reference
    lost = empty_lines(scan.path, blank, scan.skip) if blank and scan.csv else set()
    frame = frame.filter(~pl.col("row").is_in(blank))
    return frame, sorted(row + scan.base for row in blank if row not in lost)
