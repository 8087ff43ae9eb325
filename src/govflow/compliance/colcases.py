"""The columnar engine for cases: a clock per row (依申请公开), judged by distinct dates.

A ledger of cases is read row by row by the reference path (:mod:`govflow.compliance.records`
and each rule's ``feed``).  A case's finding depends on the row through a few values only:
when its clock started and when the case was done (the due date, status, explanation, trace
and action follow from them and the rule), plus the row's unit, id, line and village.  A
ledger of a million cases has a few thousand distinct (start, done) pairs.  So
:func:`evaluate_cases` has Polars read the file, checks its cells once per distinct value,
and asks each rule's own ``feed`` for one representative row per distinct pair (on a scratch
context); every other row of the pair gets that finding with its own unit, case, evidence and
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
* Only rules of the plain :class:`~govflow.compliance.triggered.TriggeredRule` type are taken,
  with a clock counted in days or months (a monitoring look-back too; not a minimum posting
  period, not a limit in hours) from a date or moment field; a file read by any other rule, or
  whose kind is counted, is given back.  A moment's day decides its case, as in the rule; two
  moments are compared exactly for their order.

``GOVFLOW_NO_FAST_PATH=1`` turns this path off, as it does the counting engine's; the
differential tests (``tests/test_case_engine.py``) compare the two.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import polars as pl

from govflow.calendar.workcalendar import CalendarNotPublished
from govflow.compliance import columnar
from govflow.compliance.base import as_day
from govflow.compliance.colcells import (
    WHITESPACE,
    GiveUp,
    Layout,
    empty_lines,
    moment_codes,
    typed_codes,
    utf8_copy,
)
from govflow.compliance.columnar import _Scan, _size, enabled
from govflow.compliance.context import Context
from govflow.compliance.csvread import _csv_fields
from govflow.compliance.daily import DailyCounts
from govflow.compliance.findings import Finding
from govflow.compliance.kinds import FieldSpec, FieldType, Record, RecordKind, Rejected
from govflow.compliance.rules import Rule
from govflow.compliance.stream import RecordStream
from govflow.compliance.tables import BLANK_ROW, set_aside_reason
from govflow.compliance.triggered import TriggeredRule, calendar_reason
from govflow.periods.core import PeriodUnit
from govflow.text.dates import DateRangeError

__all__ = ["evaluate_cases", "feed_record"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

_EVENT_FIELDS = (
    "restart",
    "pause_start",
    "pause_end",
    "pause_received",
    "extension",
    "extension_approved",
)
"""The evidence fields whose filled cells move a case's clock: such rows go row by row."""


def feed_record(rule: Rule, record: Record, ctx: Context, date_field: str) -> None:
    """Give one record to one rule, as the check does: a case whose dates need an unpublished
    year, or fall past the computable range, rejects that row, not the whole check."""
    try:
        rule.feed(record, ctx)
    except CalendarNotPublished as exc:
        ctx.reject(record, date_field, calendar_reason(exc))
    except DateRangeError as exc:
        ctx.reject(record, date_field, str(exc))


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
) -> bool:
    """``check._evaluate_records`` the columnar way, with the same outcome.

    ``False`` when this path does not apply or gave the file back: nothing was changed and
    *stream* is unread.  ``True`` when the file has been evaluated: its rows accounted in
    ``stream.summary``, rejected rows in *rejected* and ``ctx``, findings in the rules, the
    file's ids in *ids*; *stream* is closed."""
    if daily is not None or not stream.columnar or not enabled() or not feeders:
        return False
    if not stream.parquet and _size(stream.path) < columnar.MIN_BYTES:
        return False
    kind = stream.kind
    if not all(_takes(r, kind.fields) for r in feeders):
        return False
    layout = _layout(stream, date_field, has_unit) if has_unit else None
    if layout is None:
        return False
    try:
        cases = _Cases.read(layout, ctx, stream)
        cases.check(ids)
    except GiveUp:
        return False
    cases.commit(ctx, stream, feeders, rejected, scope, ids, date_field)
    stream.close()
    return True


def _takes(rule: Rule, fields: Sequence[FieldSpec]) -> bool:
    """Whether the engine can judge *rule*'s cases: a plain triggered rule counted in days
    from a date field to a date field."""
    if type(rule) is not TriggeredRule:
        return False
    clock, ev = rule.clock, rule.evidence
    if clock.minimum_posting:
        return False  # judged by the end of the posting, not the completion
    # a limit in hours is judged to the minute: not by the day
    periods = [rule.period, *(rule._terms(v)[1] for v in rule.ob.versions)]
    if any(p.unit is PeriodUnit.HOURS for p in periods):
        return False
    types = {f.name: f.type for f in fields}
    dated = (FieldType.DATE, FieldType.DATETIME)
    return types.get(ev.trigger or "") in dated and (ev.done is None or types.get(ev.done) in dated)


def _layout(stream: RecordStream, date_field: str, has_unit: bool) -> Layout | None:
    """The counting engine's layout of the file, every column read as text."""
    kind, columns, header = stream.kind, stream.columns, stream.header
    if columns is None or header is None or date_field not in columns:
        return None
    found = Layout.of(stream, None, "", has_unit)  # "": no date column of its own is split
    if found is None:
        # Layout.of leaves kinds with ids and ordered dates to the reference; here they are
        # checked: build it without those two refusals
        import codecs

        from govflow.compliance.colcells import _CODECS

        if stream.parquet:
            codec = "parquet"
        else:
            try:
                name = codecs.lookup(stream.summary.encoding).name
            except LookupError:
                return None
            codec = _CODECS.get(name, "")
            if not codec:
                return None
        found = Layout(
            kind.name,
            header,
            tuple(kind.field(n) for n in columns),
            tuple(columns.values()),
            codec,
            "",
            frozenset(),
            has_unit,
        )
    return found


class _Cases:
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
        self.table = pl.DataFrame({"__line": (frame.get_column("row") + 2).cast(pl.Int64)})
        self.rejected: list[Rejected] = []

    @classmethod
    def read(cls, layout: Layout, ctx: Context, stream: RecordStream) -> _Cases:
        scan = _Scan(layout, ctx, stream.summary.source, None)
        try:
            if stream.parquet:
                scan.path, scan.parquet = stream.path, True
                base = scan._scan(stream.path)
                if tuple(n.strip() for n in scan._parquet_names) != layout.header:
                    raise GiveUp
                frame, blanks = _whole_rows(scan, scan._base(base).collect())
            else:
                with utf8_copy(stream.path, layout.codec) as path:
                    scan._header(path)
                    scan.path = path
                    frame, blanks = _whole_rows(scan, scan._base(scan._scan(path)).collect())
        except pl.exceptions.PolarsError:
            raise GiveUp from None
        return cls(layout, scan, frame, stream.kind, blanks)

    # -- cells --------------------------------------------------------------------------------

    def check(self, ids: dict[str, tuple[str, int]]) -> None:
        """Convert the cells, and mark the rows the reference rejects (``__bad``)."""
        layout = self.layout
        bad = pl.Series("__bad", [False] * self.rows, dtype=pl.Boolean)
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
        self._duplicates(ids)
        self.raw = self.raw.clear()  # the cells as read are no longer needed: their memory goes

    def _repeated_header(self, header: list[str]) -> None:
        """A row repeating the header's mapped cells may be set aside by the reference (before
        any cell is converted): given back."""
        cond = pl.lit(True)
        for idx, head in zip(self.layout.idxs, header, strict=True):
            cond = cond & (pl.col(f"c{idx}").str.strip_chars(WHITESPACE) == head.strip())
        if header and self.raw.select(cond.fill_null(False).any()).item():
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

    def _duplicates(self, ids: dict[str, tuple[str, int]]) -> None:
        """Ids seen before in the file (``csvread``) or in an earlier file of the check
        (``stream._unique``), rejected with the reference's words."""
        kind = self.spec
        name = kind.id_field
        if not name or not kind.field(name).required or name not in self.table.columns:
            return
        ok = self.table.filter(~pl.col("__bad")).select("__line", name)
        first = ok.group_by(name).agg(pl.col("__line").min().alias("__first"))
        again = ok.join(first, on=name).filter(pl.col("__line") != pl.col("__first"))
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
    ) -> None:
        """Account the rows, reject the bad ones, and judge the cases rule by rule."""
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
        for rule in feeders:
            assert isinstance(rule, TriggeredRule)
            _Judge(self, rule, ctx, date_field).run(good)

    def _bad_rows(self) -> None:
        """The rows whose cells the reference converter refuses: read again by it, for the
        reason it gives."""
        lines = self.table.filter(pl.col("__bad")).get_column("__line").to_list()
        if not lines:
            return
        idxs = self.layout.idxs
        rows = self.raw.filter(pl.col("row").is_in([line - 2 for line in lines]))
        cells = rows.select("row", *(pl.col(f"c{i}") for i in idxs)).iter_rows()
        for row in cells:
            line = row[0] + 2
            found = _csv_fields(self.layout.specs, list(row[1:]), self.source, line)
            if not isinstance(found, Rejected):
                raise GiveUp  # the reference reads the row otherwise: its way, then
            self.rejected.append(found)

    def record(self, row: dict[str, Any]) -> Record:
        """The :class:`Record` the reference makes of a row of :attr:`table`."""
        data: dict[str, Any] = {}
        for spec in self.layout.specs:
            value = row.get(spec.name)
            if value is None:
                continue
            data[spec.name] = self.values[spec.name][value] if spec.name in self.values else value
        return Record(self.kind, self.source, row["__line"], data)


class _Judge:
    """One rule's cases of one file."""

    def __init__(self, cases: _Cases, rule: TriggeredRule, ctx: Context, date_field: str) -> None:
        self.cases = cases
        self.rule = rule
        self.ctx = ctx
        self.date_field = date_field
        self.scratch = Context(
            plan=ctx.plan,
            calendar=ctx.calendar,
            as_of=ctx.as_of,
            start=ctx.start,
            lead_time=ctx.lead_time,
            provisional=ctx.provisional,
        )

    def run(self, good: pl.DataFrame) -> None:
        rule, ev = self.rule, self.rule.evidence
        columns = set(good.columns)
        rows = good.filter(pl.col("__unit").is_in(sorted(rule.unit_set)))
        if ev.where:
            rows = rows.filter(self._where(rows, ev.where, columns))
        for name in ev.requires:
            rows = rows.filter(pl.col(name).is_not_null()) if name in columns else rows.clear()
        if ev.unless and ev.unless in columns:
            rows = rows.filter(self._falsy(rows, ev.unless))
        trigger = ev.trigger or ""
        moving = [getattr(ev, f) for f in _EVENT_FIELDS if getattr(ev, f)]
        if rule.clock.awaiting:
            moving.append(rule.clock.awaiting)
        # a blank trigger date, or no column for it: the rule rejects the row, row by row
        slow = pl.col(trigger).is_null() if trigger in columns else pl.lit(True)
        for name in moving:
            if name in columns:
                slow = slow | pl.col(name).is_not_null()
        rows = rows.with_columns(slow.alias("__slow"))
        fast = rows.filter(~pl.col("__slow"))
        if rule.ob.versions and fast.height:
            fast = self._in_force(fast, trigger)
        python = rows.filter(pl.col("__slow")).select(pl.exclude("__slow"))
        found, more = self._by_pair(fast, trigger, ev.done)
        if more is not None and more.height:
            python = pl.concat([python, more.select(python.columns)]).sort("__line")
        fed = list(self._fed(python))
        rule.results.extend(f for _, f in heapq.merge(found, fed, key=lambda p: p[0]))

    def _where(
        self, rows: pl.DataFrame, where: dict[str, Any], columns: set[str]
    ) -> pl.Series | pl.Expr:
        """Rows matching the rule's filter, decided once per distinct combination of the
        fields it reads."""
        from govflow.compliance.fields import matches

        names = [n for n in where if n in columns]
        if not names:
            return pl.lit(matches(self.cases.kind, where, {}))
        combos = rows.select(names).unique()
        ok = []
        for row in combos.iter_rows(named=True):
            data = {
                n: (self.cases.values[n][v] if n in self.cases.values else v)
                for n, v in row.items()
                if v is not None
            }
            ok.append(matches(self.cases.kind, where, data))
        table = combos.with_columns(pl.Series("__ok", ok, dtype=pl.Boolean))
        keep = rows.join(table, on=names, how="left", nulls_equal=True, maintain_order="left")
        return pl.Series(keep.get_column("__ok").fill_null(False))

    def _falsy(self, rows: pl.DataFrame, name: str) -> pl.Expr:
        values = self.cases.values.get(name)
        if values is None:
            return pl.col(name).is_null()
        truthy = [i for i, v in enumerate(values) if v]
        return pl.col(name).is_null() | ~pl.col(name).is_in(truthy)

    def _in_force(self, fast: pl.DataFrame, trigger: str) -> pl.DataFrame:
        """Rows whose trigger day no version covers go row by row (``__slow``)."""
        days = self.cases.days[trigger]
        codes = fast.get_column(trigger).unique().to_list()
        version_on = self.rule.ob.version_on
        out = [c for c in codes if version_on(date.fromordinal(days[c])) is None]
        if not out:
            return fast
        return fast.with_columns(pl.col(trigger).is_in(out).alias("__slow"))

    def _by_pair(
        self, rows: pl.DataFrame, trigger: str, done: str | None
    ) -> tuple[list[tuple[int, Finding]], pl.DataFrame | None]:
        """The findings of the rows judged by their (start, done) pair, in line order, and the
        rows to feed one by one (a version not in force, a pair whose representative did not
        give exactly one finding)."""
        if not rows.height:
            return [], None
        cases, ctx = self.cases, self.ctx
        # a case not in force is told so whenever it started: before the start is compared
        slow = rows.filter(pl.col("__slow")).drop("__slow")
        rows = rows.filter(~pl.col("__slow"))
        as_of = ctx.as_of.toordinal()
        rows = rows.with_columns(cases.day(trigger).alias("__start"))
        rows = rows.filter(pl.col("__start") <= as_of)  # not yet started: no finding
        if done is not None and done in rows.columns:
            ended = cases.day(done)
            pair = pl.when(ended > as_of).then(None).otherwise(ended)  # not yet known then
        else:
            pair = pl.lit(None, pl.Int64)
        rows = rows.with_columns(pair.alias("__done"))
        reps = (
            rows.group_by("__start", "__done")
            .agg(pl.col("__line").min().alias("__rep"))
            .sort("__rep")
        )
        lines = reps.get_column("__rep").to_list()
        first = rows.filter(pl.col("__line").is_in(lines)).drop("__start", "__done")
        templates: list[Finding | None] = []
        by_line = {r["__line"]: r for r in first.iter_rows(named=True)}
        # a moment's day decides the case: the pairs of one start day share one start moment
        # (the first row's), so the rule computes that day's deadline once
        moments: dict[int, Any] = {}
        shared = trigger in cases.moments
        for line in lines:
            record = cases.record(by_line[line])
            if shared:
                start = record.data[trigger]
                record.data[trigger] = moments.setdefault(start.toordinal(), start)
            templates.append(self._template(record))
        reps = reps.with_columns(
            pl.Series("__t", range(len(lines)), dtype=pl.Int64),
            pl.Series("__ok", [t is not None for t in templates], dtype=pl.Boolean),
        )
        rows = rows.join(reps, on=["__start", "__done"], how="left", nulls_equal=True)
        rows = rows.sort("__line")
        again = rows.filter(~pl.col("__ok")).drop("__start", "__done", "__rep", "__t", "__ok")
        slow = pl.concat([slow, again.select(slow.columns)]) if again.height else slow
        judged = rows.filter(pl.col("__ok"))
        return self._findings(judged, templates), slow

    def _template(self, record: Record) -> Finding | None:
        """The finding the rule gives *record* on the scratch context; ``None`` unless exactly
        one finding and no rejection."""
        rule, scratch = self.rule, self.scratch
        before = len(rule.results)
        scratch.rejected.clear()
        feed_record(rule, record, scratch, self.date_field)
        made = rule.results[before:]
        del rule.results[before:]
        if len(made) != 1 or scratch.rejected:
            scratch.rejected.clear()
            scratch._rejected_keys.clear()
            return None
        return made[0]

    def _findings(
        self, rows: pl.DataFrame, templates: Sequence[Finding | None]
    ) -> list[tuple[int, Finding]]:
        """Each row's finding: its pair's, with the row's unit, case, evidence and village."""
        prefix = f"{self.cases.source}:"
        kw = [attrs.asdict(t, recurse=False) if t is not None else {} for t in templates]
        ids = rows.get_column("id").to_list() if "id" in rows.columns else [None] * rows.height
        villages = (
            rows.get_column("village").to_list()
            if "village" in rows.columns
            else [None] * rows.height
        )
        out: list[tuple[int, Finding]] = []
        append = out.append
        for line, unit, t, case, village in zip(
            rows.get_column("__line").to_list(),
            rows.get_column("__unit").to_list(),
            rows.get_column("__t").to_list(),
            ids,
            villages,
            strict=True,
        ):
            ref = prefix + str(line)
            fields = kw[t]
            fields["unit"] = unit
            fields["case"] = str(case or ref)
            fields["evidence"] = (ref,)
            fields["entity"] = village
            append((line, Finding(**fields)))
        return out

    def _fed(self, rows: pl.DataFrame) -> Iterator[tuple[int, Finding]]:
        """The rows given to the rule one by one, as the reference gives them."""
        rule, ctx = self.rule, self.ctx
        for row in rows.iter_rows(named=True):
            record = self.cases.record(row)
            before = len(rule.results)
            feed_record(rule, record, ctx, self.date_field)
            made = rule.results[before:]
            del rule.results[before:]
            for f in made:
                yield row["__line"], f


def _whole_rows(scan: _Scan, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[int]]:
    """The rows of *frame* the reference reads as records (or rejects), and the lines of its
    blank rows (every cell blank; not the empty lines, which are no rows for ``csv``).  A row
    with a blank first cell and a cell further right is a record unless it is a 合计 row; a
    file with a possible 合计 row, or an odd or wide row, is given back (:class:`GiveUp`)."""
    flags = frame.select(pl.any_horizontal("__total", "__wide", "__odd").any()).item()
    if flags:
        raise GiveUp
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
    lost = empty_lines(scan.path, blank) if blank and not scan.parquet else set()
    frame = frame.filter(~pl.col("row").is_in(blank))
    return frame, sorted(row + 2 for row in blank if row not in lost)
