"""The website and 政务新媒体 indicators judged from monitoring exports (国办秘函〔2019〕19号).

Each rule reads ``snapshot`` rows (:data:`~govflow_newmedia.monitor.SNAPSHOT`) or ``probe``
rows (:data:`~govflow_newmedia.monitor.PROBE`); every snapshot date in the check period (up to
the end of the plan's year) is a monitoring point.  A rule's findings cite the indicator: the
finding's ``source.source_id`` (WEB-01 …) and ``source.clause`` (单项否决指标·站点无法访问 …) name
it, and :data:`INDICATORS` maps each rule id to its indicator, its label and whether it is a
单项否决 — what the monthly 通报 shows.  Consecutive monitoring points that fail the same way
are one finding (its ``window``); an entity that never fails has one finding that is met.

Look-backs count as in :mod:`govflow_newmedia.staleness`: a column last updated on day *u* is
stale at the point *p* when *u* ≤ *p* − 14 days (the 14th day after the update is the first
stale point), or *u* ≤ *p* − 6 months for the 通知公告、政策文件类 columns; a row without a
last-update date is stale (「未注明信息发布时间的视为不更新」).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from attrs import frozen

from govflow.compliance.base import Rule
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record
from govflow.plan.obligations import Citation, Severity
from govflow_newmedia.monitor import MonitorSettings, ProbeRow, SnapshotRow, probe_row, snapshot_row
from govflow_newmedia.staleness import Lookback
from govflow_newmedia.wordlist import Entry, hits_in

__all__ = [
    "INDICATORS",
    "AvailabilityRule",
    "Indicator",
    "SnapshotRule",
    "TitleErrorRule",
    "Verdict",
]

MAX_EVIDENCE = 5
_INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"


@frozen
class Indicator:
    """An indicator of the 2019 检查指标: its source id, label and whether it is a veto."""

    source_id: str
    label: str
    veto: bool


#: Rule id → the indicator it judges (for reports: 单项否决 summary, stale columns).
INDICATORS: Mapping[str, Indicator] = {
    "newmedia.account-stale": Indicator("WEB-09", "政务新媒体内容不更新（睡眠账号）", True),
    "newmedia.homepage-stale": Indicator("WEB-01", "首页不更新", True),
    "newmedia.news-column-stale": Indicator("WEB-02", "栏目不更新（单个栏目提醒）", False),
    "newmedia.notice-column-stale": Indicator("WEB-02", "栏目不更新（单个栏目提醒）", False),
    "newmedia.stale-columns-veto": Indicator("WEB-02", "栏目不更新", True),
    "newmedia.message-response": Indicator("WEB-04", "互动回应差", True),
    "newmedia.snapshot-homepage-stale": Indicator("WEB-01", "首页不更新", True),
    "newmedia.snapshot-account-stale": Indicator(
        "WEB-09", "政务新媒体内容不更新（睡眠账号）", True
    ),
    "newmedia.snapshot-column-stale": Indicator("WEB-02", "栏目不更新（单个栏目提醒）", False),
    "newmedia.snapshot-stale-columns": Indicator("WEB-02", "栏目不更新", True),
    "newmedia.snapshot-long-stale-columns": Indicator("WEB-02", "栏目不更新（长期未更新）", True),
    "newmedia.snapshot-blank-columns": Indicator("WEB-02", "空白栏目", True),
    "newmedia.site-unreachable": Indicator("WEB-03", "站点无法访问", True),
    "newmedia.snapshot-errors": Indicator("WEB-11", "严重错误（严重表述错误、敏感词）", True),
    "newmedia.title-errors": Indicator("WEB-11", "严重错误（标题错误表述）", True),
    "newmedia.snapshot-interaction": Indicator("WEB-04", "互动回应差", True),
    "newmedia.link-availability": Indicator("WEB-12", "链接可用性（死链、外链）", False),
    # the plan's own target (task 10), not an indicator of the 2019 检查指标: no source id
    "newmedia.ipv6-support": Indicator("", "IPv6二、三级链接支持度", False),
}

#: The citations of the indicators this module adds (WEB-01, -02, -04, -09 are the plugin's
#: obligations' own).
UNREACHABLE = Citation(
    document=_INDICATORS,
    clause="单项否决指标·站点无法访问",
    text="监测1周，每天间隔性访问20次以上，超过(含)15秒网站仍打不开的次数累计占比超过(含)5%，即单项否决",
    source_id="WEB-03",
    grade="G",
)
LONG_STALE = Citation(
    document=_INDICATORS,
    clause="单项否决指标·栏目不更新（第2项）",
    text="应更新但长期未更新的栏目数量超过(含)10个",
    source_id="WEB-02",
    grade="G",
)
BLANK = Citation(
    document=_INDICATORS,
    clause="单项否决指标·栏目不更新（第3项）",
    text="空白栏目数量超过(含)5个",
    source_id="WEB-02",
    grade="G",
)
SERIOUS = Citation(
    document=_INDICATORS,
    clause="单项否决指标·安全、泄密事故等严重问题",
    text="出现严重表述错误；发布或链接反动、暴力、色情等内容",
    source_id="WEB-11",
    grade="G",
)
COLUMNS = Citation(
    document=_INDICATORS,
    clause="单项否决指标·栏目不更新",
    text="前2周内的动态、要闻类栏目…前6个月内的通知公告、政策文件类栏目",
    source_id="WEB-02",
    grade="G",
)
INTERACTION = Citation(
    document=_INDICATORS,
    clause="单项否决指标·互动回应差",
    text="存在超过3个月未回应有效留言",
    source_id="WEB-04",
    grade="G",
)
LINKS = Citation(
    document="全国政府网站普查评分表（2017）、国办秘函〔2019〕19号 扣分指标",
    clause="扣分指标·链接可用性",
    text="首页及其他页面不能正常访问的链接数量",
    source_id="WEB-12",
    grade="S",
)


def stale(row: SnapshotRow, look: Lookback, point: date) -> bool:
    """Whether *row*'s column had no update in the look-back ending on *point*."""
    last = row.last_update
    return last is None or last <= look.back(point)


@frozen
class Verdict:
    """How an entity fares at one monitoring point: *bad* or not, in words, with the rows
    behind it (the offending ones when bad)."""

    bad: bool
    detail: str
    rows: tuple[SnapshotRow, ...] = ()
    actual: int | None = None
    severity: Severity | None = None
    """A weight other than the rule's for this verdict (a minor error under a veto rule)."""


Judge = Callable[[date, Sequence[SnapshotRow]], Verdict | None]
Group = Callable[[SnapshotRow], str | None]


def _runs(verdicts: Sequence[tuple[date, Verdict]]) -> list[list[tuple[date, Verdict]]]:
    """The stretches of consecutive bad verdicts (consecutive among the monitoring points)."""
    out: list[list[tuple[date, Verdict]]] = []
    current: list[tuple[date, Verdict]] = []
    for day, v in verdicts:
        if v.bad:
            current.append((day, v))
        elif current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


class SnapshotRule(Rule):
    """An indicator judged at every monitoring point of the snapshot rows of one entity.

    *group* maps a row to its entity (a site, ``site›column``) or ``None`` (not for this
    rule); *judge* gives the verdict at one point from the entity's rows of that day, or
    ``None`` when it cannot say.  *owner* names the unit answerable for every entity (the
    portal's operator), else the units of the rows.
    """

    consumes = frozenset({"snapshot"})

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        severity: Severity,
        threshold: str,
        group: Group,
        judge: Judge,
        action: str,
        owner: str | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = severity
        self.threshold = threshold
        self.group = group
        self.judge = judge
        self.action = action
        self.owner = owner
        self.rows: dict[str, dict[date, list[SnapshotRow]]] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is None:
            return
        try:
            row = snapshot_row(record, unit)
        except ValueError as exc:
            field, reason = exc.args
            ctx.reject(record, field, reason)
            return
        key = self.group(row)
        if key is not None:
            self.rows.setdefault(key, {}).setdefault(row.day, []).append(row)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        until = min(ctx.as_of, ctx.plan_end)
        for key in sorted(self.rows):
            by_day = self.rows[key]
            verdicts = [
                (day, v)
                for day in sorted(d for d in by_day if ctx.start <= d <= until)
                if (v := self.judge(day, by_day[day])) is not None
            ]
            if not verdicts:
                continue
            runs = _runs(verdicts)
            if not runs:
                last, v = verdicts[-1]
                units = {r.unit for d, _ in verdicts for r in by_day[d]}
                yield self._finding(Status.MET, key, units, last, (last, last), v, len(verdicts))
                continue
            for run in runs:
                (first, v), (end, _) = run[0], run[-1]
                units = {r.unit for _, w in run for r in w.rows}
                yield self._finding(Status.VIOLATED, key, units, first, (first, end), v, len(run))

    def _finding(
        self,
        status: Status,
        key: str,
        units: set[str],
        due: date,
        window: tuple[date, date],
        v: Verdict,
        points: int,
    ) -> Finding:
        lo, hi = window
        if status is Status.MET:
            text = f"{key}：检查期间 {points} 个监测时点均未出现该情形（{lo} 监测：{v.detail}）"
        else:
            when = f"{lo}" if lo == hi else f"{lo}至{hi}（{points} 个监测时点）"
            text = f"{key}：{when}{v.detail}"
            if (v.severity or self.severity) is Severity.VETO:
                text += "；即单项否决"
        refs = tuple(r.ref for r in v.rows)
        return Finding(
            self.id,
            self.title,
            self.area,
            status,
            v.severity or self.severity,
            self.owner or "、".join(sorted(units)),
            self.source,
            entity=key,
            due=due,
            window=window if status is Status.VIOLATED else None,
            actual=v.actual,
            evidence=refs[:MAX_EVIDENCE],
            evidence_count=len(refs),
            threshold=self.threshold,
            explanation=text,
            action=self.action if status is Status.VIOLATED else "",
        )


# -- judges ---------------------------------------------------------------------------------------


def _last(row: SnapshotRow) -> str:
    return (
        f"最后更新 {row.last_update}" if row.last_update else "无注明发布日期的信息（视为不更新）"
    )


def entity_stale(types: set[str], look: Lookback, what: str) -> Judge:
    """The homepage (or an account): stale when no row of *types* was updated in *look*."""

    def judge(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
        mine = [r for r in rows if r.type in types]
        if not mine:
            return None
        fresh = [r for r in mine if not stale(r, look, point)]
        if fresh:
            return Verdict(False, f"{what}{_last(fresh[0])}，{look.label()}内有更新", tuple(fresh))
        return Verdict(
            True, f"{what}{_last(mine[0])}，监测时点前{look.label()}内无更新", tuple(mine), 0
        )

    return judge


def classes_of(news: Lookback, notice: Lookback) -> Callable[[SnapshotRow], Lookback | None]:
    """The look-back of a column for 栏目不更新 item 1: 动态要闻 *news*; 通知公告、政策文件
    (一级栏目) *notice*; ``None`` for the others (and for blank columns, counted apart)."""

    def look(row: SnapshotRow) -> Lookback | None:
        if row.blank:
            return None
        if row.type == "动态要闻":
            return news
        if row.type in ("通知公告", "政策文件") and row.top_level:
            return notice
        return None

    return look


def column_stale(lookup: Callable[[SnapshotRow], Lookback | None]) -> Judge:
    """One column (a reminder): stale when its class's look-back saw no update."""

    def judge(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
        row = rows[0]
        look = lookup(row)
        if look is None:
            return None
        if stale(row, look, point):
            return Verdict(True, f"{_last(row)}，超过{look.label()}未更新", (row,), 0)
        return Verdict(False, f"{_last(row)}", (row,))

    return judge


def _names(rows: Sequence[SnapshotRow]) -> str:
    return "、".join(r.column or r.type for r in rows)


def count_of(
    pick: Callable[[SnapshotRow, date], bool], minimum: int, what: str, among: str
) -> Judge:
    """A site fails when *minimum* or more of its columns are picked at one point."""

    def judge(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
        # one row per column (an export listing a column twice counts it once)
        columns = list({r.column: r for r in rows if r.type not in ("首页", "账号")}.values())
        if not columns:
            return None
        hit = [r for r in columns if pick(r, point)]
        n = len(hit)
        if n >= minimum:
            return Verdict(
                True,
                f"{what}{n}个（超过(含){minimum}个）：{_names(hit)}",
                tuple(hit),
                n,
            )
        return Verdict(False, f"{among}{len(columns)}个栏目中{what}{n}个，未达{minimum}个", (), n)

    return judge


_ARROW = re.compile(r"\s*(?:=>|→|->)\s*")


def serious_errors(entries: Sequence[Entry] = ()) -> Judge:
    """A site at one point: bad when the tool reported an error word or a 敏感词 anywhere.

    A reported error (``以经→已经`` or just ``以经``) whose wrong form is an ``一般`` entry of
    the office's word list weighs a deduction; every other hit, and every 敏感词, a veto
    (「出现严重表述错误」): the tool cannot tell a serious error from a slip, the list can."""
    minor = {e.wrong for e in entries if e.level == "一般"}

    def judge(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
        bad = tuple(r for r in rows if r.errors or r.sensitive)
        if not bad:
            return Verdict(False, f"{len(rows)}个栏目未发现错误表述或敏感词", (), 0)
        parts = []
        count = 0
        serious = False
        for r in bad:
            words = [f"错误表述「{w}」" for w in r.errors]
            words += [f"敏感词「{w}」" for w in r.sensitive]
            serious = serious or bool(r.sensitive)
            serious = serious or any(_ARROW.split(w)[0] not in minor for w in r.errors)
            count += len(words)
            parts.append(f"{r.column or r.type}：{'、'.join(words)}")
        note = "" if serious else "（均为错误词表中级别为“一般”的词条，按扣分）"
        return Verdict(
            True,
            f"监测发现{count}处（{'；'.join(parts)}）{note}",
            bad,
            count,
            None if serious else Severity.DEDUCT,
        )

    return judge


def interaction(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
    row = rows[0]
    if row.type == "账号":
        if row.usable:
            return Verdict(False, "互动功能可用", (row,))
        return Verdict(True, "未提供有效互动功能", (row,))
    if row.type != "互动":
        return None
    problems = []
    if not row.usable:
        problems.append("互动功能不可用")
    if row.overdue_messages:
        problems.append(f"有{row.overdue_messages}条有效留言超过3个月未回应")
    if problems:
        return Verdict(True, "，".join(problems), (row,), row.overdue_messages)
    return Verdict(False, "无超过3个月未回应的有效留言", (row,), 0)


def links(max_dead: int, max_external: int) -> Judge:
    def judge(point: date, rows: Sequence[SnapshotRow]) -> Verdict | None:
        dead = sum(r.dead_links for r in rows)
        external = sum(r.external_problems for r in rows)
        bad_rows = tuple(r for r in rows if r.dead_links or r.external_problems)
        text = f"死链{dead}个、问题外链{external}个"
        if dead > max_dead or external > max_external:
            where = "、".join(
                f"{r.column or r.type}（死链{r.dead_links}、外链{r.external_problems}）"
                for r in bad_rows
            )
            return Verdict(True, f"{text}：{where}", bad_rows, dead + external)
        return Verdict(False, text, (), dead + external)

    return judge


# -- availability ---------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> str:
    return f"{Decimal(part * 100) / Decimal(whole):.2f}%"


class AvailabilityRule(Rule):
    """站点无法访问 from probes: windows of ``window_days`` days from the start of the check;
    a window in which failures are ``failure_percent`` or more of the visits is a veto."""

    consumes = frozenset({"probe"})

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        settings: MonitorSettings,
        owner: str,
        threshold: str,
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = UNREACHABLE
        self.severity = Severity.VETO
        self.settings = settings
        self.owner = owner
        self.threshold = threshold
        self.probes: dict[str, list[ProbeRow]] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        try:
            row = probe_row(record, self.settings.timeout_seconds)
        except ValueError as exc:
            field, reason = exc.args
            ctx.reject(record, field, reason)
            return
        self.probes.setdefault(row.site, []).append(row)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        s = self.settings
        until = min(ctx.as_of, ctx.plan_end)
        for site in sorted(self.probes):
            windows: dict[int, list[ProbeRow]] = {}
            for p in self.probes[site]:
                day = p.moment.date()
                if ctx.start <= day <= until:
                    windows.setdefault((day - ctx.start).days // s.window_days, []).append(p)
            worst: tuple[int, int] | None = None
            bad = 0
            for index in sorted(windows):
                probes = windows[index]
                lo = date.fromordinal(ctx.start.toordinal() + index * s.window_days)
                hi = min(date.fromordinal(lo.toordinal() + s.window_days - 1), until)
                total = len(probes)
                failed = [p for p in probes if p.failed]
                if worst is None or len(failed) * worst[1] > worst[0] * total:
                    worst = (len(failed), total)
                if len(failed) * 100 < s.failure_percent * total:
                    continue
                bad += 1
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    self.severity,
                    self.owner,
                    self.source,
                    entity=site,
                    due=lo,
                    window=(lo, hi),
                    actual=len(failed),
                    expected=total,
                    evidence=tuple(p.ref for p in failed[:MAX_EVIDENCE]),
                    evidence_count=len(failed),
                    threshold=self.threshold,
                    explanation=(
                        f"{site}：{lo}至{hi}共访问{total}次，{len(failed)}次失败（打不开或"
                        f"{s.timeout_seconds}秒及以上仍未打开），占{_percent(len(failed), total)}，"
                        f"超过(含){s.failure_percent}%，即单项否决" + self._short(probes, lo, hi)
                    ),
                    action=f"立即排查{site}的可用性故障，确保{s.timeout_seconds}秒内可以打开",
                )
            if not bad and worst is not None:
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.MET,
                    self.severity,
                    self.owner,
                    self.source,
                    entity=site,
                    due=until,
                    actual=worst[0],
                    expected=worst[1],
                    threshold=self.threshold,
                    explanation=(
                        f"{site}：各监测周失败占比均低于{s.failure_percent}%（最高 "
                        f"{worst[0]}/{worst[1]}，{_percent(*worst)}）"
                    ),
                )

    def _short(self, probes: Sequence[ProbeRow], lo: date, hi: date) -> str:
        """A note on the days monitored less often than the indicator asks (每天20次以上)."""
        per_day: dict[date, int] = {}
        for p in probes:
            per_day[p.moment.date()] = per_day.get(p.moment.date(), 0) + 1
        n = self.settings.min_daily_probes
        days = (hi - lo).days + 1
        short = [
            d
            for d in (date.fromordinal(lo.toordinal() + i) for i in range(days))
            if per_day.get(d, 0) < n
        ]
        if not short:
            return ""
        return f"（注意：{len(short)}天访问少于{n}次，监测不满足每天{n}次以上的要求）"


# -- post titles ----------------------------------------------------------------------------------


class TitleErrorRule(Rule):
    """严重错误 over post titles: each title containing a wrong form of the office's word list
    is a finding (单项否决 for a 严重 entry, 扣分 for an 一般 one); each unit whose titles in
    the check period hit nothing has a finding that is met."""

    consumes = frozenset({"post"})

    def __init__(
        self, *, id: str, title: str, area: str, entries: Sequence[Entry], threshold: str
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = SERIOUS
        self.severity = Severity.VETO
        self.entries = tuple(entries)
        self.threshold = threshold
        self.hits: list[Finding] = []
        self.checked: dict[str, int] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is None:
            return
        when = record.data.get("time")
        day = when.date() if when is not None else None
        if day is None or not ctx.start <= day <= ctx.as_of:
            return
        self.checked[unit] = self.checked.get(unit, 0) + 1
        text = str(record.data.get("title") or "")
        site = str(record.data.get("site") or "")
        column = str(record.data.get("column") or "")
        for hit in hits_in(text, self.entries):
            e = hit.entry
            fix = f"，应为「{e.right}」" if e.right else ""
            severity = Severity.VETO if e.level == "严重" else Severity.DEDUCT
            self.hits.append(
                Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    severity,
                    unit,
                    self.source,
                    entity=f"{site}›{column}" if column else site,
                    case=record.ref,
                    due=day,
                    evidence=(record.ref,),
                    evidence_count=1,
                    threshold=self.threshold,
                    explanation=(
                        f"{day} 发布的标题「{text}」含{e.kind}「{e.wrong}」{fix}（错误词表第 "
                        f"{e.line} 行，级别：{e.level}）"
                        + ("；即单项否决" if severity is Severity.VETO else "")
                    ),
                    action=f"立即更正该信息{fix}，并检查同类表述",
                )
            )

    def finish(self, ctx: Context) -> Iterable[Finding]:
        yield from self.hits
        hit_units = {f.unit for f in self.hits}
        for unit in sorted(set(self.checked) - hit_units):
            yield Finding(
                self.id,
                self.title,
                self.area,
                Status.MET,
                self.severity,
                unit,
                self.source,
                due=ctx.as_of,
                actual=0,
                threshold=self.threshold,
                explanation=f"{unit}检查期间 {self.checked[unit]} 条信息的标题均未命中错误词表",
            )
