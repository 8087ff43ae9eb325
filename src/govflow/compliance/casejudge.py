"""One rule's cases of one file, judged by the case engine (:mod:`govflow.compliance.colcases`):
once per distinct (start day, done day) by the rule's own ``feed`` on a scratch context, the
other rows of a pair given that finding with their own unit, case, evidence and village; the
rows whose clock moves fed one by one, as the reference feeds them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, Protocol

import polars as pl

from govflow.calendar.workcalendar import CalendarNotPublished
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding
from govflow.compliance.findingset import CaseBlock
from govflow.compliance.kinds import FieldSpec, FieldType, Record
from govflow.compliance.rules import Rule
from govflow.compliance.triggered import TriggeredRule, calendar_reason
from govflow.periods.core import PeriodUnit
from govflow.text.dates import DateRangeError

__all__ = ["Cases", "Judge", "Progress", "feed_record", "takes"]


class Cases(Protocol):
    """What a rule's judge reads of a file the engine holds
    (:class:`govflow.compliance.colcases.CaseTable`)."""

    kind: str
    source: str
    values: dict[str, list[Any]]
    days: dict[str, list[int]]
    moments: dict[str, list[int]]
    progress: Progress

    def day(self, name: str) -> pl.Expr: ...

    def record(self, row: dict[str, Any]) -> Record: ...


def feed_record(rule: Rule, record: Record, ctx: Context, date_field: str) -> None:
    """Give one record to one rule, as the check does: a case whose dates need an unpublished
    year, or fall past the computable range, rejects that row, not the whole check."""
    try:
        rule.feed(record, ctx)
    except CalendarNotPublished as exc:
        ctx.reject(record, date_field, calendar_reason(exc))
    except DateRangeError as exc:
        ctx.reject(record, date_field, str(exc))


def takes(rule: Rule, fields: Sequence[FieldSpec]) -> bool:
    """Whether the engine can judge *rule*'s cases by pairs: a plain triggered rule counted
    in days or months (not in hours, not a minimum posting period) from a date or moment
    field to a date or moment field."""
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


class Progress:
    """The engine's progress through a file, told in bytes of it (as a progress bar that
    counts bytes read expects): after the *start* share its reading took, the share of the
    rules that have judged its rows."""

    def __init__(
        self, tick: Callable[[int], None] | None, size: int, rules: int, start: float = 0.0
    ) -> None:
        self.tick = tick
        self.size = size
        self.rules = max(rules, 1)
        self.done = 0
        self.start = start
        """The share of the file's progress already told (its reading)."""

    def rule_done(self) -> None:
        self.done += 1
        if self.tick is not None:
            self._tell(self.done / self.rules)

    def _tell(self, share: float) -> None:
        assert self.tick is not None
        self.tick(int(self.size * (self.start + (1 - self.start) * share)))


class Judge:
    """One rule's cases of one file."""

    def __init__(self, cases: Cases, rule: TriggeredRule, ctx: Context, date_field: str) -> None:
        self.cases = cases
        self.rule = rule
        self.ctx = ctx
        self.date_field = date_field
        self.scratch = ctx.scratch()

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
        moving = list(ev.clock_fields)  # such rows go row by row
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
        (judged, templates), more = self._by_pair(fast, trigger, ev.done)
        if more is not None and more.height:
            python = pl.concat([python, more.select(python.columns)]).sort("__line")
        fed = list(self._fed(python))
        if judged is None:
            rule.results.extend(f for _, f in fed)
        else:
            rule.add_block(CaseBlock(templates, judged, self.cases.source, fed))

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
    ) -> tuple[tuple[pl.DataFrame | None, list[Finding | None]], pl.DataFrame | None]:
        """The rows judged by their (start, done) pair, in line order, with the pairs' findings
        (a row's is ``templates[row["__t"]]``), and the rows to feed one by one (a version not
        in force, a pair whose representative did not give exactly one finding)."""
        if not rows.height:
            return (None, []), None
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
        return (judged, templates), slow

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
