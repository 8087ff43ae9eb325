"""A look-back rule of the tests' own: no gap longer than *max_gap_days* between updates of each
entity.  It stands for any plugin rule the core has never heard of (the bulletin builds its
section 六 from such a rule's findings alone)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from govflow.compliance.findings import MAX_EVIDENCE, Finding, Status
from govflow.compliance.rules import Context, Rule, matches
from govflow.plan.obligations import Citation, Severity


class LookbackRule(Rule):
    """No gap longer than *max_gap_days* between updates of each entity (an account, a column).

    The monitoring rules of the website and 政务新媒体 indicators (国办秘函〔2019〕19号):
    「监测时间点前2周内无信息更新」 fails.  Every day from the start (plus the gap) to the moment
    of checking (or the end of the plan's year, :attr:`Context.plan_end`, if that comes first) is
    a monitoring point; each stretch of days at which the entity had no update
    within the gap is one violation.  Natural days, not moved for holidays: monitoring runs on
    holidays too.  Entities are those seen in the records, grouped by *entity_field*.
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        severity: Severity = Severity.VETO,
        kind: str = "post",
        entity_field: str = "site",
        where: Mapping[str, Any] | None = None,
        max_gap_days: int = 14,
        threshold: str = "",
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = severity
        self.kind = kind
        self.entity_field = entity_field
        self.where = dict(where or {})
        self.max_gap_days = max_gap_days
        self.threshold = threshold or f"{max_gap_days}日内须有更新"
        self.aggregates = {kind: tuple(sorted({entity_field, *self.where}))}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        daily = ctx.daily.get(self.kind)
        if daily is None:
            return
        seen: dict[tuple[str, str], dict[int, str]] = {}
        for unit, day, values, _count, ref in daily.rows():
            if not matches(self.kind, self.where, values):
                continue
            entity = str(values.get(self.entity_field) or "")
            seen.setdefault((unit, entity), {}).setdefault(day, ref)
        gap = self.max_gap_days
        first_check = ctx.start.toordinal() + gap
        last_check = min(ctx.as_of, ctx.plan_end).toordinal()
        for (unit, entity), days in sorted(seen.items()):
            ordered = sorted(d for d in days if d <= last_check)
            stale: list[tuple[int, int]] = []
            previous = ctx.start.toordinal()  # the period starts as if updated on its first day
            for d in [*ordered, last_check + gap + 1]:
                # monitoring points p with no update in (p - gap, p]: p in [previous+gap, d-1]
                lo = max(previous + gap, first_check)
                hi = min(d - 1, last_check)
                if lo <= hi:
                    stale.append((lo, hi))
                previous = max(previous, d)
            label = f"{unit}·{entity}" if entity else unit
            if not stale:
                last = date.fromordinal(ordered[-1]) if ordered else None
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.MET,
                    self.severity,
                    unit,
                    self.source,
                    entity=entity or None,
                    due=ctx.as_of,
                    explanation=f"{label}在检查期间任一时点前{gap}日内均有更新"
                    + (f"（最近一次 {last}）" if last else ""),
                    threshold=self.threshold,
                    evidence=tuple(days[d] for d in ordered[-MAX_EVIDENCE:]),
                    evidence_count=len(ordered),
                )
                continue
            for lo, hi in stale:
                since = date.fromordinal(lo - gap)
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    self.severity,
                    unit,
                    self.source,
                    entity=entity or None,
                    due=date.fromordinal(lo),
                    window=(date.fromordinal(lo), date.fromordinal(hi)),
                    explanation=(
                        f"{label}自 {since} 后超过{gap}日未更新：{date.fromordinal(lo)}"
                        f"至{date.fromordinal(hi)}各监测时点前{gap}日内均无更新"
                    ),
                    threshold=self.threshold,
                    actual=0,
                    expected=1,
                    action=f"立即更新{label}，此后每{gap}日内至少更新1次",
                )
