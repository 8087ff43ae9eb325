"""The bulletin's model: what each section shows, built from a check's findings.

:meth:`Bulletin.from_check` reads only what the check produced and what plugins declared: the
plan's post quotas (obligations counting ``post`` records), the findings (rule, title, area,
status, unit, entity, window, due, case, action), the record kinds (labels, which kinds are
cases) and the tracker's notes.  It knows no rule id, area or plugin in advance:

* quota findings of the post quotas are the shortfalls;
* findings with a case and a due date, of a rule reading a kind whose rows are cases, are the
  overdue and at-risk cases;
* violations of an entity (an account, a column …) still running at the moment — a finding with
  an entity whose window runs from its due date to the moment — are the entities not updated,
  grouped by rule.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
from attrs import frozen

from govflow.compliance.rules import Status
from govflow.plan.obligations import Severity, Window
from govflow.report.bulletin.issues import BulletinSettings, Escalation, Issue

__all__ = [
    "Account",
    "BulletinData",
    "Case",
    "CaseKind",
    "FileRow",
    "QuotaInfo",
    "RowNote",
    "Shortfall",
    "UnitPosts",
]


@frozen
class QuotaInfo:
    """A post quota of the plan (每周至少2次更新, 每月不低于50条 …)."""

    rule: str
    title: str
    minimum: int
    window: Window
    where: dict[str, Any]
    text: str
    citation: str
    units: tuple[str, ...]


@frozen
class UnitPosts:
    """One unit's posts: in the month, per monthly quota, and per week for the weekly quota."""

    unit: str
    total: int
    quota_counts: tuple[int, ...]
    """Posts counted by each of :attr:`Bulletin.other_quotas` (原创 …), in the month."""
    weekly: tuple[int, ...]
    """Posts the weekly quota counts, per week of :attr:`Bulletin.weeks`."""
    assessed: bool
    """Whether the monthly total quota binds the unit."""
    weekly_assessed: bool


@frozen
class Shortfall:
    """A unit below a post quota in a window of the month (a quota finding)."""

    unit: str
    rule: str
    title: str
    window: tuple[date, date]
    actual: int
    expected: int
    status: Status
    action: str
    explanation: str


@frozen
class Case:
    """An overdue or at-risk case (an application, a message …)."""

    kind: str
    kind_label: str
    unit: str
    case: str
    rule: str
    title: str
    status: Status
    due: date
    done: date | None
    """When the case was completed (the rule's completion field: 答复日期, 补正告知日期 …), if
    by the bulletin's moment."""
    overdue_days: int | None
    """Natural days past the due date (to completion, or to the moment if still open)."""
    explanation: str
    action: str
    evidence: tuple[str, ...]
    severity: Severity

    @property
    def state(self) -> str:
        if self.status is Status.AT_RISK:
            return "临期未办结"
        return "超期未办结" if self.done is None else f"逾期办结（{self.done.isoformat()}）"


@frozen
class CaseKind:
    """A kind of case the bulletin has a part for, and whether records of it were given."""

    kind: str
    label: str
    given: bool


@frozen
class Account:
    """An entity (a 政务新媒体 account, a column …) a rule found not updated, still at the
    bulletin's moment."""

    site: str
    """The entity, as the finding names it."""
    units: tuple[str, ...]
    last_post: date | None
    """The day of the last record naming the entity, if the records show it."""
    silent_days: int | None
    stale_since: date
    """The first monitoring day at which the last update no longer counted (the finding's
    due date)."""
    last_title: str = ""
    last_ref: str = ""
    action: str = ""
    """What the unit must do: the finding's action."""
    rule: str = ""
    title: str = ""
    """The rule's title (the part of the section the entity is listed in)."""
    area: str = ""
    explanation: str = ""
    ended: date | None = None
    """The last day of the stretch without updates, when it ended before the moment."""
    severity: Severity = Severity.DEDUCT

    @property
    def state(self) -> str:
        return "仍未更新" if self.ended is None else "已恢复更新"


@frozen
class RowNote:
    """A row rejected (with the field at fault) or set aside, as the check reported it."""

    source: str
    line: int
    field: str
    reason: str


@frozen
class FileRow:
    """Where a records file's rows went: read = evaluated + not applicable + rejected + set
    aside."""

    source: str
    kind: str
    read: int
    evaluated: int
    rejected: int
    not_applicable: int = 0
    set_aside: int = 0


@frozen
class BulletinData:
    """The sections and figures of a monthly bulletin (what the renderers read).  The public
    :class:`~govflow.report.bulletin.document.Bulletin` adds building and rendering."""

    plan_id: str
    plan_title: str
    plan_number: str
    month: date
    month_end: date
    as_of: date
    start: date
    calendar_version: str
    monthly_quota: QuotaInfo | None
    weekly_quota: QuotaInfo | None
    other_quotas: tuple[QuotaInfo, ...]
    weeks: tuple[tuple[date, date], ...]
    units: tuple[UnitPosts, ...]
    bottom: tuple[UnitPosts, ...]
    """The five assessed units with the fewest posts (ties in directory order)."""
    shortfalls: tuple[Shortfall, ...]
    cases: tuple[Case, ...]
    case_kinds: tuple[CaseKind, ...]
    accounts: tuple[Account, ...]
    files: tuple[FileRow, ...]
    rejected: int
    posts_given: bool
    accounts_seen: int
    """Entities the rules monitored one by one (stale or not)."""
    issues: tuple[Issue, ...] = ()
    """Every violation and risk of the check that concerns the month (see
    :func:`~govflow.report.bulletin.issues.concerns_month`)."""
    escalations: tuple[Escalation, ...] = ()
    rejected_rows: tuple[RowNote, ...] = ()
    set_aside_rows: tuple[RowNote, ...] = ()
    issued: date | None = None
    """The bulletin's issue date (印发日期), from which the 整改 period runs."""
    rectify_by: date | None = None
    review_on: date | None = None
    settings: BulletinSettings = attrs.field(factory=BulletinSettings)

    # -- figures -------------------------------------------------------------------------------

    @property
    def total_posts(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def month_label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"

    @property
    def title(self) -> str:
        return f"{self.month_label}政务公开工作通报"

    @property
    def complete(self) -> bool:
        """Whether the data run to the month's last day."""
        return self.as_of >= self.month_end

    def meets_month(self, p: UnitPosts) -> bool | None:
        if self.monthly_quota is None or not p.assessed:
            return None
        return p.total >= self.monthly_quota.minimum

    def week_open(self, index: int) -> bool:
        """Whether week *index* had not ended at the bulletin's moment."""
        return self.weeks[index][1] > self.as_of

    def bottom_rank(self, p: UnitPosts) -> tuple[int, bool]:
        """*p*'s place counted from the bottom (equal totals share it), and whether shared."""
        pool = [u for u in self.units if u.assessed] or list(self.units)
        lower = sum(1 for u in pool if u.total < p.total)
        same = sum(1 for u in pool if u.total == p.total)
        return lower + 1, same > 1

    def bottom_ties_left_out(self) -> int:
        """Units with the same total as the last of the bottom five that the list leaves out."""
        if not self.bottom:
            return 0
        pool = [u for u in self.units if u.assessed] or list(self.units)
        listed = {u.unit for u in self.bottom}
        last = self.bottom[-1].total
        return sum(1 for u in pool if u.total == last and u.unit not in listed)

    def shortfall_groups(self) -> list[tuple[str, list[list[Shortfall]]]]:
        """The shortfalls by unit, then by quota: ``[(unit, [[items of a quota], …]), …]``."""
        units: dict[str, dict[str, list[Shortfall]]] = {}
        for s in self.shortfalls:
            units.setdefault(s.unit, {}).setdefault(s.rule, []).append(s)
        return [(unit, list(rules.values())) for unit, rules in units.items()]

    def account_groups(self) -> list[tuple[str, list[Account]]]:
        """The entities not updated by rule title, in the order listed."""
        groups: dict[str, list[Account]] = {}
        for a in self.accounts:
            groups.setdefault(a.title, []).append(a)
        return list(groups.items())

    def case_groups(self) -> list[tuple[CaseKind, list[Case]]]:
        """The cases of each kind the bulletin has a part for."""
        return [(k, [c for c in self.cases if c.kind == k.kind]) for k in self.case_kinds]

    @property
    def case_label(self) -> str:
        """The kinds of case, for headings: 依申请公开和网民留言."""
        labels = [k.label for k in self.case_kinds]
        if len(labels) > 2:  # 依申请公开、网民留言和政务舆情
            return "、".join(labels[:-1]) + "和" + labels[-1]
        return "和".join(labels) or "依申请公开和网民留言"

    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.status is Status.VIOLATED]

    def vetoes(self) -> list[Issue]:
        """The month's violations marked 单项否决 (by their severity, whichever rule)."""
        return [i for i in self.issues if i.veto]

    def issue_groups(self) -> list[tuple[str, list[Issue]]]:
        """The issues by unit, in the order listed."""
        groups: dict[str, list[Issue]] = {}
        for i in self.issues:
            groups.setdefault(i.unit, []).append(i)
        return list(groups.items())

    def escalation_of(self, unit: str) -> str:
        step = next((e.step for e in self.escalations if e.unit == unit), "")
        return step

    def overdue_cases(self) -> list[Case]:
        return [c for c in self.cases if c.status is Status.VIOLATED]

    def at_risk_cases(self) -> list[Case]:
        return [c for c in self.cases if c.status is Status.AT_RISK]

    def summary_items(self) -> list[tuple[str, str, bool]]:
        """(label, value, is a problem) for the headline figures."""
        mq = self.monthly_quota
        assessed = [u for u in self.units if u.assessed]
        below = [u for u in assessed if self.meets_month(u) is False]
        weekly_units = {
            s.unit
            for s in self.shortfalls
            if self.weekly_quota and s.rule == self.weekly_quota.rule and s.window[1] <= self.as_of
        }
        out = [
            ("违规", f"{len(self.violations())} 项", bool(self.violations())),
            ("其中单项否决", f"{len(self.vetoes())} 项", bool(self.vetoes())),
            ("临期", f"{len(self.issues) - len(self.violations())} 项", False),
            ("本月发布信息", f"{self.total_posts} 条", False),
            ("参与统计单位", f"{len(self.units)} 个", False),
        ]
        if mq is not None:
            label = f"月度总量{'未' if self.complete else '暂未'}达{mq.minimum}条"
            out.append((label, f"{len(below)} 个单位", bool(below)))
        if self.weekly_quota is not None:
            out.append(("周更新未达标", f"{len(weekly_units)} 个单位", bool(weekly_units)))
        cases = "、".join(k.label for k in self.case_kinds) or "申请、留言"
        out += [
            ("账号、栏目等未更新", f"{len(self.accounts)} 处", bool(self.accounts)),
            (f"{cases}超期", f"{len(self.overdue_cases())} 件", bool(self.overdue_cases())),
            (f"{cases}临期", f"{len(self.at_risk_cases())} 件", bool(self.at_risk_cases())),
            ("拒收记录", f"{self.rejected} 行", bool(self.rejected)),
        ]
        return out

    def period_text(self) -> str:
        return (
            f"统计期间：{self.month.isoformat()} 至 {self.month_end.isoformat()}；"
            f"数据截至 {self.as_of.isoformat()}" + ("" if self.complete else "（未到月末）")
        )
