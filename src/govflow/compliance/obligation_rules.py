"""Generic rules from the plan's obligations.

Every obligation of the plan that says what evidence meets it becomes a rule
(:func:`obligation_rules`): quotas count records per unit and window, recurrences look for the
record of each occurrence, anchor deadlines for a record by the date, and triggered deadlines
(:mod:`govflow.compliance.triggered`) compute each case's due date on the official calendar.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import polars as pl

from govflow.compliance.base import ObligationRule, Rule, action_text, as_day
from govflow.compliance.context import Context
from govflow.compliance.daily import DailyCounts, day_date
from govflow.compliance.fields import DATE_FIELDS, matches
from govflow.compliance.findings import MAX_EVIDENCE, Finding, Status
from govflow.compliance.records import Record
from govflow.compliance.triggered import TriggeredRule
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Evidence,
    Obligation,
    Per,
    Quota,
    Recurrence,
    Window,
)
from govflow.plan.schedule import occurrence_dates, windows
from govflow.plan.settings import ConditionSettings
from govflow.plan.villages import FALLBACK_ENTITY

__all__ = ["AnchorRule", "QuotaRule", "RecurrenceRule", "TriggeredRule", "obligation_rules"]


def _window_key(window: Window, d: date) -> date:
    if window is Window.WEEK:
        return d - timedelta(days=d.weekday())
    if window is Window.MONTH:
        return d.replace(day=1)
    if window is Window.QUARTER:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    return date(d.year, 1, 1)


_TRUNCATE = {Window.WEEK: "1w", Window.MONTH: "1mo", Window.QUARTER: "1q", Window.YEAR: "1y"}
"""Polars' truncation of a day to the first day of its window (weeks start on Monday)."""


def _window_counts(
    daily: DailyCounts, quota: Quota, per_village: bool, as_of: date
) -> dict[tuple[str, str | None, date], list[Any]]:
    """(unit, village, first day of window) -> [records, first rows] of the cells matching
    the quota's ``where``, up to the moment of checking: one grouped query over the cells,
    the condition evaluated once per distinct combination of grouping values."""
    frame = daily.frame()
    village = per_village and "village" in daily.fields
    keep = pl.col("day") <= as_of.toordinal()  # what has happened by the moment of checking
    if quota.where:
        kind, where = quota.counts, quota.where
        # what matches reads: the fields named (a post's category is read with its column)
        read = {*where, *(("column",) if kind == "post" and "category" in where else ())}
        names = [f for f in daily.fields if f in read and not (village and f == "village")]
        keep = keep & daily.per_combination(
            names, lambda values: matches(kind, where, values), pl.Boolean
        )
    frame = frame.filter(keep)
    grouped = frame.group_by(
        "unit",
        (pl.col("village") if village else pl.lit(None, pl.String)).alias("village"),
        day_date().dt.truncate(_TRUNCATE[quota.window]).alias("window"),
        maintain_order=True,
    ).agg(pl.col("count").sum(), pl.col("ref").head(MAX_EVIDENCE))
    return {
        (unit, place, first): [count, refs]
        for unit, place, first, count, refs in grouped.iter_rows()
    }


_ACTION_QUOTA = {"post": "补足发布条数", "event": "组织开展", "disclosure": "按时公开"}


class QuotaRule(ObligationRule):
    """At least N matching records per unit (or village) in every window."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert isinstance(ob.rule, Quota)
        self.quota: Quota = ob.rule
        group = tuple(sorted(set(self.quota.where)))
        if ob.per is Per.VILLAGE:
            group = (*group, "village")
        self.aggregates = {self.quota.counts: group}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        q = self.quota
        daily = ctx.daily.get(q.counts)
        counts = (
            _window_counts(daily, q, self.ob.per is Per.VILLAGE, ctx.as_of)
            if daily is not None
            else {}
        )
        entities: dict[str, list[str | None]] = {u: [None] for u in self.units}
        if self.ob.per is Per.VILLAGE:
            # the directory's villages owe the duty even with no record at all
            for u in ctx.plan.owner_units(self.ob):
                if u.villages:
                    entities[u.name] = list(u.villages)
            for unit, village, _ in counts:
                if unit in entities and village is not None:
                    entities[unit] = [v for v in entities[unit] if v is not None]
                    if village not in entities[unit]:
                        entities[unit].append(village)
        cond = self.ob.settings
        if self.ob.per is Per.VILLAGE and isinstance(cond, ConditionSettings) and cond.condition:
            if cond.villages is None:
                yield from self._condition_unknown(cond, counts)
                return
            entities = {
                u: [v for v in vs if v is not None and cond.covers(u, v)]
                for u, vs in entities.items()
            }
            for name in cond.villages:  # listed with its township: owed even with no record
                town, _, village = name.rpartition("·")
                if town in entities and village not in entities[town]:
                    entities[town].append(village)
        end = max(ctx.as_of, ctx.start)
        # what every finding of the rule, or of a window, shares: made once, not per unit
        need, want = q.minimum, f"要求{q.describe()}（不少于{q.minimum}）"
        short = _ACTION_QUOTA.get(q.counts, "补足")
        unnamed = None if self.ob.per is not Per.VILLAGE else FALLBACK_ENTITY
        finding, none = self.finding, (0, ())
        for first, last in windows(
            q.window, ctx.start, min(_window_end(q.window, end), ctx.plan_end)
        ):
            if first > ctx.as_of:
                break
            window, where = (first, last), f"{first.isoformat()}至{last.isoformat()}"
            for unit in self.units:
                for entity in entities[unit]:
                    count, refs = counts.get((unit, entity, first), none)
                    if count >= need:
                        status = Status.MET
                    elif last < ctx.as_of:
                        status = Status.VIOLATED
                    else:
                        status = ctx.deadline_status(last, None)
                    if status is Status.MET:
                        action = ""
                    elif status is Status.VIOLATED:
                        action = f"该期未达标（差{need - count}），须整改并在下期补足"
                    else:
                        action = f"{short}：本期还差{need - count}"
                    who = f"{unit}·{entity}" if entity else unit
                    yield finding(
                        status,
                        unit,
                        due=last,
                        window=window,
                        entity=entity or unnamed,
                        actual=count,
                        expected=need,
                        evidence=tuple(refs),
                        evidence_count=count,
                        explanation=f"{who}在{where}共{count}条（项），{want}",
                        action=action,
                    )

    def _condition_unknown(
        self, cond: ConditionSettings, counts: dict[tuple[str, str | None, date], list[Any]]
    ) -> Iterable[Finding]:
        """One finding per township: which villages meet the condition is not known, so none is
        held to the quota (and none is assumed to be exempt)."""
        for unit in self.units:
            seen = sum(c[0] for (u, _, _), c in counts.items() if u == unit)
            yield self.finding(
                Status.NOT_APPLICABLE,
                unit,
                entity="各村",
                actual=seen,
                explanation=(
                    f"本规则只适用于「{cond.condition}」的村；未提供哪些村符合这一条件"
                    f"（设置 villages），无法判断{unit}哪些村适用，未评估（{unit}各村的记录 {seen} 条）"
                ),
                action=f"请在方案中列出{unit}「{cond.condition}」的村（设置 villages）",
            )


def _window_end(window: Window, d: date) -> date:
    first = _window_key(window, d)
    step = {Window.WEEK: timedelta(days=7)}.get(window)
    if step is not None:
        return first + step - timedelta(days=1)
    months = {Window.MONTH: 1, Window.QUARTER: 3, Window.YEAR: 12}[window]
    y, m = divmod(first.month - 1 + months, 12)
    return date(first.year + y, m + 1, 1) - timedelta(days=1)


class RecurrenceRule(ObligationRule):
    """Each occurrence of a recurrence needs a matching record since the previous one."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        self.evidence: Evidence = ob.evidence
        self.plan = plan
        self.aggregates = {self.evidence.kind: tuple(sorted(set(self.evidence.where)))}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        ev = self.evidence
        days: dict[str, dict[int, str]] = {}
        daily = ctx.daily.get(ev.kind)
        if daily is not None:
            last_known = ctx.as_of.toordinal()
            for unit, day, values, _count, ref in daily.rows():
                if day <= last_known and matches(ev.kind, ev.where, values):
                    days.setdefault(unit, {}).setdefault(day, ref)
        horizon = min(ctx.as_of + timedelta(days=40), ctx.plan_end)
        occ = occurrence_dates(
            self.ob, self.plan, ctx.start, horizon, ctx.calendar, provisional=ctx.provisional
        )
        dues = [d for d, _, _, _ in occ]
        owners = (
            self.units
            if self.ob.per is not Per.ALL
            else ["、".join(self.ob.applies_to or tuple(self.units))]
        )
        pool_units = self.units
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else ctx.start - timedelta(days=1)
            if prev >= ctx.as_of:
                break
            for owner in owners:
                members = pool_units if self.ob.per is Per.ALL else [owner]
                hits = [
                    (d, ref)
                    for u in members
                    for d, ref in days.get(u, {}).items()
                    if prev.toordinal() < d <= due.toordinal()
                ]
                refs = [ref for _, ref in hits]
                status = (
                    Status.MET
                    if refs
                    else (Status.VIOLATED if due < ctx.as_of else ctx.deadline_status(due, None))
                )
                expl = (
                    f"{prev + timedelta(days=1)}至{due}期间"
                    + (f"有{len(refs)}条记录" if refs else "无记录")
                    + f"（要求：{self.ob.describe()}）"
                )
                yield self.finding(
                    status,
                    owner,
                    due=due,
                    done=date.fromordinal(min(d for d, _ in hits)) if hits else None,
                    window=(prev + timedelta(days=1), due),
                    evidence=tuple(refs[:MAX_EVIDENCE]),
                    evidence_count=len(refs),
                    explanation=expl,
                    actual=len(refs),
                    expected=1,
                    action=action_text(status, due, self.title),
                )


class AnchorRule(ObligationRule):
    """A matching record dated by the anchor date (per unit, or per village of a township)."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        assert isinstance(ob.rule, Deadline)
        self.evidence = ob.evidence
        anchor = ob.rule.period.anchor
        assert anchor is not None
        self.due = anchor.resolve(plan.issued)
        self.consumes = frozenset({self.evidence.kind})  # type: ignore[misc]
        if self.evidence.done:
            self.needs = {self.evidence.kind: (self.evidence.done,)}
        self.first: dict[tuple[str, str | None], tuple[date, str]] = {}
        self.unit_set = set(self.units)

    def feed(self, record: Record, ctx: Context) -> None:
        ev = self.evidence
        if not matches(record.kind, ev.where, record.data):
            return
        unit = ctx.unit_of(record)
        if unit is None or unit not in self.unit_set:
            return
        when = as_day(record.data.get(ev.done or DATE_FIELDS.get(record.kind, "date")))
        if when is None:
            ctx.reject(record, ev.done or "date", f"缺少完成日期（字段 {ev.done or 'date'}）")
            return
        if when > ctx.as_of:
            return  # not yet happened at the moment of checking
        entity = record.data.get("village") if self.ob.per is Per.VILLAGE else None
        key = (unit, entity)
        best = self.first.get(key)
        if best is None or when < best[0]:
            self.first[key] = (when, record.ref)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        villages = {u.name: u.villages for u in ctx.plan.owner_units(self.ob)}
        for unit in self.units:
            keys = [k for k in self.first if k[0] == unit]
            if self.ob.per is Per.VILLAGE:  # the directory's villages owe it, recorded or not
                keys += [(unit, v) for v in villages.get(unit, ()) if (unit, v) not in keys]
            keys = keys or [(unit, None)]
            for key in keys:
                got = self.first.get(key)
                done = got[0] if got else None
                status = ctx.deadline_status(self.due, done)
                entity = key[1] or (FALLBACK_ENTITY if self.ob.per is Per.VILLAGE else None)
                expl = f"期限 {self.due}（{self.ob.describe()}）；" + (
                    f"已于 {done} 完成" if done else "未见完成记录"
                )
                yield self.finding(
                    status,
                    unit,
                    due=self.due,
                    done=done,
                    entity=entity,
                    evidence=(got[1],) if got else (),
                    evidence_count=1 if got else 0,
                    explanation=expl,
                    action=action_text(status, self.due, self.title, done=done),
                )


def obligation_rules(plan: Plan, kinds: Iterable[str]) -> list[Rule]:
    """A generic rule for every obligation of *plan* whose evidence is a known record kind."""
    known = set(kinds)
    out: list[Rule] = []
    for ob in plan.obligations():
        rule = ob.rule
        if isinstance(rule, Quota):
            if rule.counts in known:
                out.append(QuotaRule(plan, ob))
            continue
        ev = ob.evidence
        if ev is None or ev.kind not in known:
            continue
        if isinstance(rule, Recurrence):
            out.append(RecurrenceRule(plan, ob))
        elif isinstance(rule, Deadline) and rule.trigger is None and rule.period.anchor:
            out.append(AnchorRule(plan, ob))
        elif isinstance(rule, Deadline) and ev.trigger:
            out.append(TriggeredRule(plan, ob))
    return out
