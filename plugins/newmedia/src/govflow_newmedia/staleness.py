"""Monitoring look-backs of the website and 政务新媒体 indicators (国办秘函〔2019〕19号).

「监测时间点前2周内无信息更新」: a monitor may check on any day, holidays included, and looks back
over the two weeks (or six months) before that moment.  Every day from the start of the check to
its moment (or to the end of the plan's year, ``Context.plan_end``, if that comes first: the next
year's plan monitors the next year) is a monitoring point; a point is *stale* for an entity (an
account, the homepage, a column) when the entity had no update in the look-back ending on that
day:

* days: no update in ``(p - N days, p]`` (an update on day *u* covers the points
  ``u .. u + N - 1``);
* months: no update in ``(p - M months, p]``, with ``p - M months`` the corresponding day or the
  month's last day (民法典 第二百零二条, CNT-09), not an approximation such as 183 days.  An update on
  2023-01-31 covers the points up to 2023-07-30; 2023-07-31 is stale (183 days would say
  2023-08-02).

The look-back is not moved past rest days: the monitor works on holidays too (unlike a legal
period, 民法典 第二百零三条).  The check period starts as if every entity was updated on its first
day: nothing before it is judged.

This module holds the look-back once: the settings a plan may override
(:class:`LookbackSettings`, :class:`ColumnLookbackSettings`), the arithmetic (:class:`Lookback`,
:func:`stale_stretches`) and the two rules: :class:`EntityStalenessRule` (an account, a site's
homepage or a column, per unit or across units, with day or month look-backs) and
:class:`StaleColumnsVetoRule` (WEB-02: 5 or more columns stale at one monitoring point fail the
site).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import attrs
import polars as pl
from attrs import frozen
from dateutil.relativedelta import relativedelta

from govflow.compliance.base import Rule
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.rules import DailyCounts, day_date
from govflow.periods.core import PeriodUnit
from govflow.plan.obligations import Citation, Deadline, Obligation, Severity
from govflow.plan.settings import SettingError, Settings, positive_int

__all__ = [
    "COLUMN_SEP",
    "NEW_MEDIA",
    "ColumnLookbackSettings",
    "EntityStalenessRule",
    "Lookback",
    "LookbackSettings",
    "Selector",
    "StaleColumnsVetoRule",
    "column_class",
    "lookback_of",
    "stale_stretches",
    "threshold_text",
]

MAX_EVIDENCE = 5
ONE_DAY = timedelta(days=1)

#: Words in a column (or category) that make it a 动态、要闻类 column (14 days) ...
NEWS_WORDS = ("动态", "要闻", "新闻", "资讯")
#: ... or a 通知公告、政策文件类 column (6 months).  政策解读 is neither.
NOTICE_WORDS = ("通知", "公告", "文件")
#: The ``platform`` value of posts on 政务新媒体 accounts; anything else is a website.
NEW_MEDIA = "政务新媒体"
#: Between a site and a column in an entity's name: ``于都县人民政府网›工作动态``.
COLUMN_SEP = "›"


@frozen
class LookbackSettings(Settings):
    """A monitoring look-back a plan may set instead of the obligation's period: *max_gap_days*
    natural days or *max_gap_months* calendar months (at most one of them)."""

    kind = "监测回看"

    max_gap_days: int | None = attrs.field(default=None, validator=positive_int)
    max_gap_months: int | None = attrs.field(default=None, validator=positive_int)

    def __attrs_post_init__(self) -> None:
        if self.max_gap_days is not None and self.max_gap_months is not None:
            raise SettingError("max_gap_months", "max_gap_days 与 max_gap_months 只能设其一")


@frozen
class ColumnLookbackSettings(LookbackSettings):
    """The look-back of a class of website columns, with WEB-02's veto: *veto_columns* or more
    columns of a site stale at one monitoring point fail the site."""

    kind = "栏目监测回看"

    veto_columns: int = attrs.field(default=5, validator=positive_int)


@frozen
class Lookback:
    """A look-back of *days* natural days or *months* calendar months."""

    days: int = 0
    months: int = 0

    def __attrs_post_init__(self) -> None:
        if (self.days > 0) == (self.months > 0) or self.days < 0 or self.months < 0:
            raise ValueError("a look-back is a positive number of days or of months")

    def back(self, point: date) -> date:
        """The day before the look-back ending on *point* begins (excluded)."""
        if self.days:
            return point - timedelta(days=self.days)
        return point - relativedelta(months=self.months)

    @property
    def shortest(self) -> timedelta:
        """No update is stale sooner than this after it: the look-back's days, or 28 days a
        month (the shortest month)."""
        return timedelta(days=self.days or 28 * self.months)

    def first_stale(self, last: date) -> date:
        """The first monitoring point at which an update on *last* no longer counts."""
        if self.days:
            return last + timedelta(days=self.days)
        return _first_stale_months(last, self.months)

    def label(self) -> str:
        return f"{self.days}日" if self.days else f"{self.months}个月"


@functools.lru_cache(maxsize=4096)
def _first_stale_months(last: date, months: int) -> date:
    """:meth:`Lookback.first_stale` for a look-back of *months*: calendar arithmetic, the same
    for every column updated on *last*, so computed once per date (a province's check asks for
    it a hundred thousand times)."""
    back = Lookback(months=months).back
    point: date = last + relativedelta(months=months)
    while back(point - ONE_DAY) >= last:
        point -= ONE_DAY
    while back(point) < last:
        point += ONE_DAY
    return point


def stale_stretches(
    updates: Iterable[date], start: date, as_of: date, lookback: Lookback
) -> list[tuple[date, date]]:
    """The stretches (first, last) of monitoring points in [start, as_of] that are stale.

    The check period starts as if updated on *start*; updates after *as_of* are not known yet.
    """
    ordered = sorted({d for d in updates if start < d <= as_of})
    out: list[tuple[date, date]] = []
    shortest = lookback.shortest
    previous = start
    for nxt in [*ordered, None]:
        hi = as_of if nxt is None else min(nxt - ONE_DAY, as_of)
        if hi - previous >= shortest:  # else the next update comes before any stale point
            lo = lookback.first_stale(previous)
            if lo <= hi:
                out.append((lo, hi))
        if nxt is not None:
            previous = nxt
    return out


def lookback_of(ob: Obligation) -> Lookback:
    """An obligation's look-back: its settings' ``max_gap_days`` (or ``max_gap_months``), else
    its period (「14日」, 「6个月」).  A plan overriding the plugin's obligation sets either."""
    settings = ob.settings
    if isinstance(settings, LookbackSettings):
        if settings.max_gap_days is not None:
            return Lookback(days=settings.max_gap_days)
        if settings.max_gap_months is not None:
            return Lookback(months=settings.max_gap_months)
    rule = ob.rule
    if isinstance(rule, Deadline) and rule.period.amount > 0:
        p = rule.period
        if p.unit is PeriodUnit.DAYS:
            return Lookback(days=p.amount)
        if p.unit is PeriodUnit.MONTHS:
            return Lookback(months=p.amount)
        if p.unit is PeriodUnit.YEARS:
            return Lookback(months=12 * p.amount)
    raise ValueError(
        f"义务 {ob.id}：监测回看按自然日或月计算（节假日照常监测），应设 settings.max_gap_days"
        f"（或 max_gap_months），或写「14日」「6个月」这样的期限，而不是 {ob.rule.describe()!r}"
    )


def threshold_text(ob: Obligation, what: str, default: str) -> str:
    """Which threshold applied and where it comes from: the plan's clause when the plan
    overrides the plugin's obligation (same id), else the plugin's default and its source."""
    if ob.origin == "plan":
        return (
            f"{what}（依据：方案 {ob.citation.cite()}；方案以同 id 义务 {ob.id} 覆盖插件默认值"
            f"“{default}”）"
        )
    return f"{what}（依据：{ob.citation.cite()}；{ob.origin}插件默认值）"


def column_class(values: Mapping[str, Any]) -> str | None:
    """``news`` (动态、要闻类), ``notice`` (通知公告、政策文件类) or ``None``, for a website post's
    column (its category counts too); 政务新媒体 posts have no columns here."""
    if values.get("platform") == NEW_MEDIA:
        return None
    column = str(values.get("column") or "")
    category = str(values.get("category") or "")
    if not column:
        return None
    if category in ("动态", "要闻") or any(w in column for w in NEWS_WORDS):
        return "news"
    if any(w in column or w in category for w in NOTICE_WORDS):
        return "notice"
    return None


Selector = Callable[[Mapping[str, Any]], str | None]


Updates = dict[tuple[str, str], tuple[dict[date, str], set[str]]]
"""(unit, entity) -> the entity's update days (the first row of each) and the units that posted."""


def _collect(
    ctx: Context, kind: str, select: Selector, fields: Sequence[str], *, per_unit: bool = False
) -> Updates:
    """Per (unit, entity) — the unit empty unless *per_unit* — the entity's update days (first
    row of each) and the units that posted; *select* reads the grouping *fields*.  Built once
    for the rules that select alike (a column rule and the veto over the same columns), so not
    to be changed."""
    daily = ctx.daily.get(kind)
    if daily is None:
        return {}
    key = (_collect, select, tuple(fields), per_unit)
    return daily.shared(key, lambda: _updates(daily, select, fields, per_unit))


def _updates(
    daily: DailyCounts, select: Selector, fields: Sequence[str], per_unit: bool
) -> Updates:
    frame = daily.frame()
    entity = daily.per_combination(fields, select, pl.String)
    # each entity's days (the first row of each, in the order of first rows) and units, as
    # lists per entity: Python sees a few hundred entities, not every day of each
    per_entity = (
        frame.select(
            (pl.col("unit") if per_unit else pl.lit("")).alias("own"),
            entity.alias("entity"),
            day_date().alias("day"),
            "unit",
            "ref",
        )
        .filter(pl.col("entity").is_not_null())
        .group_by("own", "entity", "day", maintain_order=True)
        .agg(pl.col("ref").first(), pl.col("unit").unique(maintain_order=True))
        .group_by("own", "entity", maintain_order=True)
        .agg(
            "day",
            "ref",
            pl.col("unit").list.explode(keep_nulls=False, empty_as_null=False).unique(),
        )
        .to_dict(as_series=False)
    )
    return {
        (own, name): (dict(zip(days, refs, strict=True)), set(units))
        for own, name, days, refs, units in zip(
            *(per_entity[c] for c in ("own", "entity", "day", "ref", "unit")), strict=True
        )
    }


class EntityStalenessRule(Rule):
    """No stretch without an update longer than the look-back, per entity across units.

    *select* maps the grouped values of a record (the fields in *fields*) to the entity (a site,
    ``site·column``) or ``None``; *owner* names the unit answerable for every entity (the
    portal's operator for the homepage), else the units that posted to the entity.  With
    *per_unit* each unit's entity is judged on its own (an account named the same by two
    units is two accounts: 「谁建设、谁负责」).
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        severity: Severity,
        lookback: Lookback,
        select: Selector,
        fields: Sequence[str],
        threshold: str,
        owner: str | None = None,
        action: str = "",
        kind: str = "post",
        per_unit: bool = False,
    ) -> None:
        self.per_unit = per_unit
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = severity
        self.lookback = lookback
        self.select = select
        self.owner = owner
        self.threshold = threshold
        self.action = action
        self.kind = kind
        self.fields = tuple(sorted(set(fields)))
        self.aggregates = {kind: self.fields}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        look = self.lookback.label()
        found = _collect(ctx, self.kind, self.select, self.fields, per_unit=self.per_unit)
        for (own, name), (days, units) in sorted(found.items()):
            unit = self.owner or own or "、".join(sorted(units))
            entity = f"{own}·{name}" if own and name else (name or own)
            until = min(ctx.as_of, ctx.plan_end)  # monitoring ends with the plan's year
            known = sorted(d for d in days if d <= until)
            stale = stale_stretches(days, ctx.start, until, self.lookback)
            if not stale:
                last = known[-1] if known else None
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.MET,
                    self.severity,
                    unit,
                    self.source,
                    entity=name or None,
                    due=ctx.as_of,
                    threshold=self.threshold,
                    explanation=f"{entity}在检查期间任一监测时点前{look}内均有更新"
                    + (f"（最近一次 {last}）" if last else ""),
                    evidence=tuple(days[d] for d in known[-MAX_EVIDENCE:]),
                    evidence_count=len(known),
                )
                continue
            for lo, hi in stale:
                before = [d for d in known if d < lo]
                last = before[-1] if before else None
                since = f"自 {last} 最后一次更新后" if last else f"自检查起点 {ctx.start} 起"
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    self.severity,
                    unit,
                    self.source,
                    entity=name or None,
                    due=lo,
                    # the update that ended the stretch, if one came by the moment
                    done=hi + ONE_DAY if hi < until else None,
                    window=(lo, hi),
                    actual=0,
                    expected=1,
                    evidence=(days[last],) if last else (),
                    evidence_count=1 if last else 0,
                    threshold=self.threshold,
                    explanation=(
                        f"{entity}{since}超过{look}未更新：{lo}至{hi}各监测时点前"
                        f"{look}内均无更新（监测不因节假日顺延）"
                    ),
                    action=self.action or f"立即更新{entity}，此后每{look}内至少更新1次",
                )


class StaleColumnsVetoRule(Rule):
    """WEB-02: 「累计超过(含)5个未更新」 columns at one monitoring point fail the site.

    *classes* pairs each column selector with its look-back (动态、要闻类 14 days, 通知公告、
    政策文件类 6 months); a column's stale points are counted per site, and every stretch of
    points at which *minimum* or more columns of the site are stale is one violation.
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        severity: Severity,
        classes: Sequence[tuple[Selector, Lookback]],
        minimum: int,
        fields: Sequence[str],
        threshold: str,
        kind: str = "post",
    ) -> None:
        if minimum < 1:
            raise ValueError(
                f"{id}: the number of stale columns that fails a site must be at "
                f"least 1, got {minimum}"
            )
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = severity
        self.classes = tuple(classes)
        self.minimum = minimum
        self.threshold = threshold
        self.kind = kind
        self.fields = tuple(sorted(set(fields)))
        self.aggregates = {kind: self.fields}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        # per site: every column with its stale stretches and the units that posted to it
        until = min(ctx.as_of, ctx.plan_end)
        sites: dict[str, list[tuple[str, list[tuple[date, date]], set[str]]]] = {}
        for select, lookback in self.classes:
            for (_, entity), (days, units) in _collect(ctx, self.kind, select, self.fields).items():
                site, _, column = entity.partition(COLUMN_SEP)
                stretches = stale_stretches(days, ctx.start, until, lookback)
                sites.setdefault(site, []).append((column, stretches, units))
        n = self.minimum
        for site in sorted(sites):
            columns = sites[site]
            events: dict[date, int] = {}
            for _, stretches, _ in columns:
                for lo, hi in stretches:
                    events[lo] = events.get(lo, 0) + 1
                    events[hi + ONE_DAY] = events.get(hi + ONE_DAY, 0) - 1
            runs: list[tuple[date, date, int]] = []  # (first, last point, most stale at once)
            count = peak = most = 0
            opened: date | None = None
            for day in sorted(events):  # every stretch closes by as_of + 1 day
                count += events[day]
                peak = max(peak, count)
                if count >= n:
                    if opened is None:
                        opened, most = day, count
                    most = max(most, count)
                elif opened is not None:
                    runs.append((opened, day - ONE_DAY, most))
                    opened = None
            if not runs:
                everyone = set[str]().union(*(units for _, _, units in columns))
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.MET,
                    self.severity,
                    "、".join(sorted(everyone)),
                    self.source,
                    entity=site,
                    due=ctx.as_of,
                    actual=peak,
                    expected=n - 1,
                    threshold=self.threshold,
                    explanation=(
                        f"{site}共{len(columns)}个动态要闻类、通知公告政策文件类栏目；"
                        f"检查期间任一监测时点未更新栏目最多{peak}个，未达{n}个"
                    ),
                )
                continue
            for lo, hi, most_here in runs:
                stale = sorted(
                    (c, units)
                    for c, stretches, units in columns
                    if any(a <= lo <= b for a, b in stretches)
                )
                names = "、".join(c for c, _ in stale)
                owners = set[str]().union(*(units for _, units in stale))
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    self.severity,
                    "、".join(sorted(owners)),
                    self.source,
                    entity=site,
                    due=lo,
                    done=hi + ONE_DAY if hi < until else None,  # the updates that ended it
                    window=(lo, hi),
                    actual=most_here,
                    expected=n - 1,
                    threshold=self.threshold,
                    explanation=(
                        f"{site}在{lo}至{hi}各监测时点未更新栏目达{n}个以上（最多"
                        f"{most_here}个；超过(含){n}个即单项否决）；{lo}未更新的栏目："
                        f"{names}"
                    ),
                    action=f"立即更新{site}的未更新栏目（{names}），确保未更新栏目少于{n}个",
                )
