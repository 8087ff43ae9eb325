"""Checking records against a plan: read every row, run every rule, account for everything.

:func:`run_check` reads the record files row by row, hands each row to the rules that want it
(or to the daily counters they read), and collects the findings.  Every row read is
evaluated, not applicable (a valid row of a unit no rule reading its kind checks), set aside
(not a record) or rejected with file, line, field and reason; the summary states, per file,
rows read = evaluated + not applicable + rejected + set aside.  A case id seen in an earlier
file of the same kind is rejected.  With ``strict`` a row rejected while reading (or naming a
unit the directory does not know, or repeating another file's case) fails the check before any
rule runs; rows a rule cannot evaluate are only found by evaluating, and are rejected then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import colcases, columnar
from govflow.compliance.base import ObligationRule
from govflow.compliance.casejudge import feed_record
from govflow.compliance.colmap import ColumnMap, load_column_map
from govflow.compliance.findings import FindingJson
from govflow.compliance.findingset import Findings, as_findings
from govflow.compliance.records import (
    BUILTIN_KINDS,
    FileSummary,
    Record,
    RecordKind,
    RecordStream,
    Rejected,
    SetAside,
    read_tables,
)
from govflow.compliance.rules import (
    DATE_FIELDS,
    Context,
    DailyCounts,
    Finding,
    Rule,
    Status,
    obligation_rules,
)
from govflow.compliance.sheetread import SheetNote, is_workbook
from govflow.compliance.unjudged import Unjudged, missing_columns
from govflow.plan.model import Plan
from govflow.plan.villages import village_fallback
from govflow.text.dates import BEIJING
from govflow.text.files import file_size

__all__ = [
    "CheckResult",
    "CheckWarning",
    "Unjudged",
    "coverage_warnings",
    "rows_accounted",
    "run_check",
    "today_in_beijing",
]


def today_in_beijing() -> date:
    return datetime.now(BEIJING).date()


@frozen
class CheckWarning:
    """Something the check could not do that the user may not expect: a records file no loaded
    rule reads (``unread-records``), an area of the plan no loaded plugin declares
    (``area-without-plugin``), per-village duties of townships whose villages are not known
    (``no-villages``, a note).  The message is Chinese and names the file, kind or area."""

    code: str
    message: str
    file: str | None = None
    kind: str | None = None
    area: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "kind": self.kind,
            "area": self.area,
        }


def coverage_warnings(
    plan: Plan,
    files: Iterable[tuple[str, str]],
    rules: Iterable[Rule],
    *,
    kinds: Mapping[str, RecordKind],
    areas: Collection[str] | None = None,
    hints: Mapping[str, str] | None = None,
) -> list[CheckWarning]:
    """Warnings for the (file, kind) pairs no rule of *rules* reads, and, when the declared
    *areas* are given, for each area of *plan* not among them.  *hints* maps a record kind to
    a Chinese phrase saying which plugin or area would read it."""
    hints = hints or {}
    read = {k for r in rules for k in (*r.consumes, *r.aggregates)}
    out = []
    for source, kind in files:
        if kind in read:
            continue
        label = kinds[kind].label if kind in kinds else kind
        hint = hints.get(kind) or "请安装读取这类记录的领域插件（govflow plugins 列出已安装的插件）"
        out.append(
            CheckWarning(
                "unread-records",
                f"记录文件 {source} 是{label}记录（{kind}），但已加载的规则都不读取这类记录，"
                f"此文件未被检查；{hint}",
                file=source,
                kind=kind,
            )
        )
    if areas is not None:
        for area in plan.areas:
            if area not in areas:
                out.append(
                    CheckWarning(
                        "area-without-plugin",
                        f"方案 {plan.id} 的领域 {area} 没有已加载的插件声明，"
                        "该领域插件提供的规则和义务都未检查",
                        area=area,
                    )
                )
    return out


@define
class CheckResult:
    plan: Plan
    as_of: date
    start: date
    findings: Findings = field(converter=as_findings)
    """In the check's order (:func:`~govflow.compliance.findingset.check_order`); cases the
    engine judged are kept as columns, each finding made when read."""
    rejected: list[Rejected]
    files: list[FileSummary]
    calendar_version: str
    rules: list[Rule] = field(factory=list)
    strict_failed: bool = False
    skipped_rules: list[Rule] = field(factory=list)
    """Rules not evaluated because no file of the record kinds they read was given."""
    daily: dict[str, DailyCounts] = field(factory=dict)
    """The per-unit, per-day counts the rules read (posts per unit for reports)."""
    warnings: list[CheckWarning] = field(factory=list)
    """Records files no rule read, plan areas without a plugin (see :func:`coverage_warnings`)."""
    unjudged: list[Unjudged] = field(factory=list)
    """Rules not evaluated from a file that lacks a column they need (see :class:`Unjudged`)."""
    listed: tuple[Status, ...] | None = None
    """The statuses whose findings the outputs list (``check --status``), in the check's
    order; ``None``: each output's own choice (JSON lists every finding).  The counts, the
    exit code and the rest of the result stay those of every finding."""

    @property
    def listed_findings(self) -> Findings:
        """The findings the outputs list: those of :attr:`listed` (all when ``None``)."""
        return self.findings if self.listed is None else self.findings.where_status(self.listed)

    @property
    def set_aside(self) -> list[SetAside]:
        """Rows read that are not records (合计 rows, blank rows in a sheet), by file."""
        return [row for s in self.files for row in s.set_aside_rows]

    @property
    def violations(self) -> list[Finding]:
        return self.findings.with_status(Status.VIOLATED)

    @property
    def at_risk(self) -> list[Finding]:
        return self.findings.with_status(Status.AT_RISK)

    @property
    def exit_code(self) -> int:
        """0 when there is no violation and every row was accepted (findings at risk or pending
        do not count); 1 otherwise."""
        violated = self.findings.status_counts()[Status.VIOLATED]
        return 1 if (violated or self.rejected or self.strict_failed) else 0

    def counts(self) -> dict[str, int]:
        return {s.value: n for s, n in self.findings.status_counts().items()}

    def to_dict(self, *, lazy: bool = False) -> dict[str, Any]:
        """The result as JSON-ready values; with *lazy* the findings are a generator of their
        JSON texts, a few thousand at a time (:meth:`Findings.json_runs`, for
        :func:`~govflow.text.jsonlayout.layered_json_pieces`: a million findings are written
        without being all in memory at once, a case block's without being made)."""
        listed = self.listed_findings
        if lazy:
            findings: Iterator[Any] = listed.json_runs(FindingJson())
        else:
            findings = (f.to_dict() for f in listed)
        shown = {} if self.listed is None else {"listed": [s.value for s in self.listed]}
        return {
            "plan": {"id": self.plan.id, "title": self.plan.title, "number": self.plan.number},
            "as_of": self.as_of.isoformat(),
            "from": self.start.isoformat(),
            "calendar_version": self.calendar_version,
            "summary": self.counts(),
            **rows_accounted(self.files, self.rejected),
            "not_applicable": [
                {"file": s.source, "unit": unit, "rows": rows}
                for s in self.files
                for unit, rows in sorted(s.not_applicable_units.items())
            ],
            "rules": [
                {
                    "id": r.id,
                    "title": r.title,
                    "area": r.area,
                    "severity": r.severity.value,
                    "source": r.source.cite(),
                }
                for r in self.rules
            ],
            "skipped_rules": [
                {"id": r.id, "title": r.title, "reads": sorted({*r.consumes, *r.aggregates})}
                for r in self.skipped_rules
            ],
            "unjudged_rules": [u.to_dict() for u in self.unjudged],
            **shown,
            "findings": findings if lazy else list(findings),
            "warnings": [w.to_dict() for w in self.warnings],
        }


def rows_accounted(files: Sequence[FileSummary], rejected: Sequence[Rejected]) -> dict[str, Any]:
    """The ``files``, ``rejected`` and ``set_aside`` members of a check's JSON document."""
    return {
        "files": [
            {
                "file": s.source,
                "kind": s.kind,
                "encoding": s.encoding,
                "read": s.read,
                "evaluated": s.evaluated,
                "rejected": s.rejected,
                "not_applicable": s.not_applicable,
                "set_aside": s.set_aside,
                "ignored_columns": list(s.ignored_columns),
            }
            for s in files
        ],
        "rejected": [
            {"file": r.source, "line": r.line, "field": r.field, "reason": r.reason}
            for r in rejected
        ],
        "set_aside": [
            {"file": r.source, "line": r.line, "reason": r.reason}
            for s in files
            for r in s.set_aside_rows
        ],
    }


def run_check(
    plan: Plan,
    files: Sequence[str | Path],
    *,
    calendar: WorkCalendar,
    as_of: date | None = None,
    start: date | None = None,
    unit: str | None = None,
    area: str | None = None,
    lead_time: int = 3,
    provisional: bool = False,
    strict: bool = False,
    kinds: Mapping[str, RecordKind] | None = None,
    extra_rules: Iterable[Rule] = (),
    kind_of: Mapping[str, str] | None = None,
    observers: Iterable[Rule] = (),
    areas: Collection[str] | None = None,
    hints: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    columns: ColumnMap | str | Path | None = None,
    site: str | None = None,
    sheet: str | None = None,
    rule_progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check the record *files* against *plan* as of *as_of* (default: today in Beijing).

    *progress*, if given, is called with the bytes of the files read so far and their total
    (from ``(0, total)`` to ``(total, total)``), for a progress bar; *rule_progress* with the
    rules evaluated so far and their number, once the files are read.

    *kind_of* maps a file (as given) to its record kind when the name does not tell.
    *columns* (a column map or the path of one), *site* and *sheet* are read as by
    :func:`~govflow.compliance.records.read_tables`; each sheet of a workbook is a file of its
    own in the result (``ledger.xlsx[Sheet1]``), and the sheets not read are warnings.
    *observers* run like *extra_rules* but do not count as reading a kind (a report's own
    bookkeeping); *areas* (the areas loaded plugins declare) and *hints* feed
    :func:`coverage_warnings`.
    """
    kinds = dict(kinds if kinds is not None else BUILTIN_KINDS)
    if isinstance(columns, (str, Path)):
        columns = load_column_map(columns, kinds)  # once, not once per file
    opts = _Open(kind_of or {}, kinds, columns, site, sheet)
    as_of = as_of or today_in_beijing()
    lo = start or plan.issued
    ctx = Context(
        plan=plan,
        calendar=calendar,
        as_of=as_of,
        start=lo,
        lead_time=lead_time,
        provisional=provisional,
    )
    loaded = [*obligation_rules(plan, kinds), *extra_rules]
    candidates = [r for r in (*loaded, *observers) if area is None or _in_area(plan, r, area)]
    summaries: list[FileSummary] = []
    rejected: list[Rejected] = []
    notes: list[CheckWarning] = []
    file_kinds = [pair for f in files for pair in _kinds_of_file(f, opts, notes)]
    given = {k for _, k in file_kinds}
    warnings = notes + coverage_warnings(
        plan, file_kinds, loaded, kinds=kinds, areas=areas, hints=hints
    )
    rules = [r for r in candidates if {*r.consumes, *r.aggregates} & given]
    skipped = [r for r in candidates if r not in rules]
    fallback = village_fallback(
        plan,
        [r.ob for r in rules if isinstance(r, ObligationRule)],
        units=None if unit is None else [u.name for u in plan.directory.expand(unit)],
    )
    if fallback:  # per-village duties owed by townships of unknown villages: said, not silent
        warnings.append(CheckWarning("no-villages", fallback))
    if strict:  # a first pass: any rejected row fails before evaluation
        ids: dict[str, dict[str, tuple[str, int]]] = {}
        for stream in (s for f in files for s in opts.streams(f)):
            stream.unique_ids(ids.setdefault(stream.kind.name, {}))
            for item in stream:
                if isinstance(item, Rejected):
                    rejected.append(item)
                elif item.data.get("unit") is not None:
                    ctx.unit_of(item)
            summaries.append(stream.summary)
        rejected.extend(ctx.rejected)
        rejected.sort(key=lambda r: (r.source, r.line))
        if rejected:
            for s in summaries:
                for r in ctx.rejected:
                    if r.source == s.source:
                        s.reject(r.line)
            return CheckResult(
                plan,
                as_of,
                lo,
                [],
                rejected,
                summaries,
                calendar.version,
                rules,
                strict_failed=True,
                skipped_rules=skipped,
                warnings=warnings,
            )
        summaries = []
        ctx.rejected.clear()
    watching = {id(r) for r in observers}
    unjudged: list[Unjudged] = []
    counted = [r for r in rules if id(r) not in watching]
    streams_of = Counter(k for _, k in file_kinds)
    _evaluate(ctx, rules, files, opts, summaries, rejected, counted, unjudged, progress, streams_of)
    found: list[Iterable[Finding]] = []
    for done, rule in enumerate(rules, start=1):
        found.append(rule.finish(ctx))
        if rule_progress is not None:
            rule_progress(done, len(rules))
    findings = Findings(found)
    for r in ctx.rejected:  # rows a rule could not evaluate
        for s in summaries:
            if s.source == r.source and s.reject(r.line):
                rejected.append(r)
    if unit is not None:
        names = {u.name for u in plan.directory.expand(unit)}
        findings = findings.where_unit(lambda owner: bool(_owners(plan, owner) & names))
    findings = findings.in_check_order()
    rejected.sort(key=lambda r: (r.source, r.line))
    return CheckResult(
        plan,
        as_of,
        lo,
        findings,
        rejected,
        summaries,
        calendar.version,
        rules,
        skipped_rules=skipped,
        daily=ctx.daily,
        warnings=warnings,
        unjudged=unjudged,
    )


def _coverage(rules: Iterable[Rule]) -> dict[str, frozenset[str] | None]:
    """For each record kind the *rules* read, the units whose rows some rule checks (``None``:
    every unit, a rule without a unit scope reads it).  A kind missing here no rule reads."""
    out: dict[str, frozenset[str] | None] = {}
    for r in rules:
        for kind in {*r.consumes, *r.aggregates}:
            if kind in out and out[kind] is None:
                continue
            scope = r.scope
            out[kind] = None if scope is None else scope | (out.get(kind) or frozenset())
    return out


@define
class _Open:
    """How the check opens its record files (the options of
    :func:`~govflow.compliance.records.read_tables`)."""

    kind_of: Mapping[str, str]
    kinds: Mapping[str, RecordKind]
    columns: ColumnMap | None
    site: str | None
    sheet: str | None
    kept: dict[str, list[RecordStream]] = field(factory=dict)
    """Workbooks opened to learn their kinds, kept unread for their first reading (a workbook
    is parsed whole to find its headers: parsing it once saves that time again)."""
    kept_cells: int = 0

    def tables(self, f: str | Path) -> tuple[list[RecordStream], list[SheetNote]]:
        return read_tables(
            f,
            kind=self.kind_of.get(str(f)),
            kinds=self.kinds,
            columns=self.columns,
            site=self.site,
            sheet=self.sheet if is_workbook(Path(f)) else None,
        )

    def streams(self, f: str | Path) -> list[RecordStream]:
        kept = self.kept.pop(str(f), None)
        return kept if kept is not None else self.tables(f)[0]

    def keep(self, f: str | Path, streams: list[RecordStream]) -> bool:
        """Keep a workbook's unread *streams* for :meth:`streams`, while the kept workbooks
        hold at most :data:`KEPT_CELLS` cells in all (memory stays bounded)."""
        cells = sum(s.held_cells for s in streams)
        if not is_workbook(Path(f)) or str(f) in self.kept:
            return False
        if self.kept_cells + cells > KEPT_CELLS:
            return False
        self.kept[str(f)] = streams
        self.kept_cells += cells
        return True


KEPT_CELLS = 2_000_000
"""The cells of the workbooks kept between learning the kinds and reading the rows, at most:
about 160 MiB (a sheet's cells as Python values take about 83 bytes each, measured on a
ledger of posts); a workbook past it is parsed again when read."""


def _kinds_of_file(f: str | Path, opts: _Open, notes: list[CheckWarning]) -> list[tuple[str, str]]:
    """The (source, record kind) of each table of a file (opening only their headers, but a
    workbook's unread tables are kept for reading, see :meth:`_Open.keep`); the sheets of a
    workbook that are not read go to *notes*."""
    streams, sheet_notes = opts.tables(f)
    out = [(stream.summary.source, stream.kind.name) for stream in streams]
    if not opts.keep(f, streams):
        for stream in streams:
            stream.close()
    notes.extend(CheckWarning(n.code, n.message, file=n.file) for n in sheet_notes)
    return out


def _owners(plan: Plan, owner: str) -> set[str]:
    """The units behind a finding's owner: one unit, or a shared duty's 、-separated names,
    groups expanded (a duty of 县政府各部门 belongs to each department)."""
    out: set[str] = set()
    for name in owner.split("、"):
        try:
            out.update(u.name for u in plan.directory.expand(name))
        except LookupError:
            out.add(name)
    return out


def _evaluate(
    ctx: Context,
    rules: list[Rule],
    files: Sequence[str | Path],
    opts: _Open,
    summaries: list[FileSummary],
    rejected: list[Rejected],
    counted: list[Rule],
    unjudged: list[Unjudged],
    progress: Callable[[int, int], None] | None = None,
    streams_of: Counter[str] | None = None,
) -> None:
    """Read every file once: each accepted row is counted in its kind's daily counts (by its
    canonical unit and the Beijing day of its date field) and given to the rules that take its
    kind one by one; rejected rows, and rows naming an unknown unit, are not evaluated.  A rule
    that needs a column the file lacks (:func:`~govflow.compliance.unjudged.missing_columns`)
    is not given its rows, and goes to *unjudged*; the units whose rows are evaluated are those
    the *counted* rules given the file cover.

    A CSV file no rule takes row by row is only counted: the columnar way with Polars
    (:func:`govflow.compliance.columnar.count_table`, the same outcome), or, when that path gives
    the file back, by :func:`_count_rows`."""
    group: dict[str, set[str]] = {}
    for r in rules:
        for k, fields in r.aggregates.items():
            group.setdefault(k, set()).update(fields)
    for k, names in group.items():
        ctx.daily[k] = DailyCounts(k, tuple(sorted(names)))
    cover = _coverage(counted)
    ids: dict[str, dict[str, tuple[str, int]]] = {}  # a case's id -> its first file and line
    sizes = [file_size(f) for f in files] if progress is not None else []
    total, done = sum(sizes), 0
    if progress is not None:
        progress(0, total)
    for i, f in enumerate(files):
        for stream in opts.streams(f):
            if progress is not None:
                _watch(stream, progress, done, sizes[i], total)
            kind = stream.kind.name
            stream.unique_ids(ids.setdefault(kind, {}))
            # whether a later table may be of this kind (and repeat an id): unknown, it may
            left: int | None = None
            if streams_of is not None and kind in streams_of:
                left = streams_of[kind] = streams_of[kind] - 1
            feeders = [r for r in rules if r.wants(kind)]
            scope = cover.get(kind, frozenset())
            lacking = missing_columns(stream, feeders)
            if lacking:
                table = stream.columns is not None
                source = stream.summary.source
                for r in feeders:
                    if id(r) in lacking:
                        unjudged.append(Unjudged(r, source, stream.kind, lacking[id(r)], table))
                feeders = [r for r in feeders if id(r) not in lacking]
                kept = [r for r in counted if id(r) not in lacking]
                scope = _coverage(kept).get(kind, frozenset())
            daily = ctx.daily.get(kind)
            date_field = DATE_FIELDS.get(kind, "date")
            has_unit = any(fs.name == "unit" for fs in stream.kind.fields)
            if feeders:
                if not colcases.evaluate_cases(
                    ctx,
                    stream,
                    feeders,
                    daily,
                    date_field,
                    has_unit,
                    rejected,
                    scope,
                    ids[kind],
                    later=left is None or left > 0,
                ):
                    _evaluate_records(
                        ctx, stream, feeders, daily, date_field, has_unit, rejected, scope
                    )
            elif not columnar.count_table(
                ctx, stream, daily, date_field, has_unit, rejected, scope
            ):
                _count_rows(ctx, stream, daily, date_field, has_unit, rejected, scope)
            summaries.append(stream.summary)
        if progress is not None:
            done += sizes[i]
            progress(done, total)


def _watch(
    stream: RecordStream, progress: Callable[[int, int], None], base: int, size: int, total: int
) -> None:
    stream.watch(lambda n: progress(base + min(n, size), total))


def _day(when: date) -> int:
    """The ordinal of the day of a date or (Beijing) datetime."""
    return (when.date() if isinstance(when, datetime) else when).toordinal()


def _evaluate_records(
    ctx: Context,
    stream: RecordStream,
    feeders: list[Rule],
    daily: DailyCounts | None,
    date_field: str,
    has_unit: bool,
    rejected: list[Rejected],
    scope: frozenset[str] | None = None,
) -> None:
    """Each accepted row of a known unit is counted and given to *feeders*; a row of a unit
    outside *scope* (no rule checks that unit's rows of this kind) is counted as not
    applicable, and given to no rule."""
    unit_of = ctx.unit_of
    leave_out = stream.summary.leave_out
    for item in stream:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        record: Record = item
        unit = unit_of(record) if has_unit else ""
        if unit is None:
            continue  # rejected: unknown unit
        if daily is not None:
            when = record.data.get(date_field)
            if when is not None:
                daily.add(unit, _day(when), record)
        if scope is not None and unit not in scope:
            leave_out(unit)
            continue
        for rule in feeders:
            # a case's own dates may need an unpublished year, or fall past the computable
            # range: that row is rejected, not the whole check
            feed_record(rule, record, ctx, date_field)


def _count_rows(
    ctx: Context,
    stream: RecordStream,
    daily: DailyCounts | None,
    date_field: str,
    has_unit: bool,
    rejected: list[Rejected],
    scope: frozenset[str] | None = None,
) -> None:
    """:func:`_evaluate_records` for a file no rule takes row by row: rows are only counted, so
    no :class:`Record` is made unless its unit must be rejected."""
    kind, source = stream.kind.name, stream.summary.source
    units: dict[str, str] = {}  # unit as written -> canonical, for the units already resolved
    count = daily.add_fields if daily is not None else None
    left_out: dict[str, int] = {}  # rows per unit outside the scope
    for item in stream.rows():
        if type(item) is not tuple:
            assert isinstance(item, Rejected)
            rejected.append(item)
            continue
        line, data = item
        if has_unit:
            raw = data.get("unit", "")
            unit = units.get(raw)
            if unit is None:
                resolved = ctx.unit_of(Record(kind, source, line, data))
                if resolved is None:
                    continue  # rejected: unknown unit
                unit = units[raw] = resolved
        else:
            unit = ""
        if count is not None:
            when = data.get(date_field)
            if when is not None:
                count(unit, when.toordinal(), data, source, line)
        if scope is not None and unit not in scope:
            left_out[unit] = left_out.get(unit, 0) + 1
    for unit, rows in left_out.items():
        stream.summary.leave_out(unit, rows)


def _in_area(plan: Plan, rule: Rule, area: str) -> bool:
    """A rule is of *area* when it says so, or when it checks an obligation of a task the plan
    file maps to *area* (``[areas]``)."""
    if rule.area == area:
        return True
    return isinstance(rule, ObligationRule) and plan.in_area(rule.ob, area)
