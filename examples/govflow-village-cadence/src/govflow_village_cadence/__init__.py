"""govflow-village-cadence：贡江镇自定的村务公开栏更新频次（govflow 插件开发指南的示例插件）。

贡江镇要求本镇各村的村务公开栏每月至少更新一次（连续两个月未更新的，该村年度考核不合格），
镇党政办每月底前检查一次。本插件：

* 提供领域 ``gongjiang``（贡江镇村务公开）；
* 在单位名录 ``yudu`` 中为贡江镇列出各村，使“按村”计的义务逐村展开；
* 把领域绑定到于都县方案中提到村务公开栏的任务（第8项），添加两项义务：各村每月更新村务公开栏，
  镇里每月底前检查；
* 添加一条规则：村务公开栏连续两个自然月没有更新的村（单项否决）。

所引《贡江镇村务公开工作制度》是示例文件，村名也是示例；实际使用时换成本镇的文件和名单。
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from govflow import hookimpl
from govflow.compliance.records import Record
from govflow.compliance.rules import Context, Finding, Rule, Status
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Area,
    AreaBinding,
    Citation,
    Evidence,
    ObligationTemplate,
    Per,
    Quota,
    Recurrence,
    RestDayRule,
    Severity,
    Window,
)
from govflow.plan.schedule import windows
from govflow.plan.units import Unit, UnitError, UnitGroup, UnitKind

__all__ = ["AREA", "TEMPLATES", "TOWNSHIP", "VILLAGES", "TwoSilentMonthsRule"]


TOWNSHIP = "贡江镇"
VILLAGES = ("甲村", "乙村", "丙村")  # 示例名单：换成本镇的行政村
DOCUMENT = "《贡江镇村务公开工作制度》（示例）"
MONTHLY = Citation(DOCUMENT, "第五条第一款", "村务公开栏每月至少更新一次")
INSPECTION = Citation(DOCUMENT, "第五条第二款", "镇党政办每月底前检查一次各村村务公开栏")
TWO_MONTHS = Citation(DOCUMENT, "第五条第三款", "连续两个月未更新的，该村年度村务公开考核为不合格")

AREA = Area(
    id="gongjiang",
    title="贡江镇村务公开",
    description="贡江镇各村村务公开栏的更新频次和镇里的月度检查",
    binds=(AreaBinding(keywords=("村务公开栏",), plans=("yudu-2023",)),),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_units(directory: str) -> Iterable[Unit | UnitGroup]:
    """名录 ``yudu`` 里的贡江镇，加上它的村（同名单位替换名录中原有的一条）。"""
    if directory != "yudu":
        return []
    return [Unit(TOWNSHIP, UnitKind.TOWNSHIP, "贡江镇人民政府", ("贡江镇政府",), VILLAGES)]


TEMPLATES = (
    ObligationTemplate(
        id="gongjiang.board-monthly",
        title="村务公开栏每月更新",
        rule=Quota(1, Window.MONTH, "disclosure", {"kind": "村务公开栏"}, "每月至少更新1次"),
        citation=MONTHLY,
        area="gongjiang",
        applies_to=(TOWNSHIP,),
        per=Per.VILLAGE,
        keywords=("村务公开栏",),
    ),
    ObligationTemplate(
        id="gongjiang.board-inspection",
        title="镇党政办检查各村村务公开栏",
        rule=Recurrence("FREQ=MONTHLY;BYMONTHDAY=-1", "每月底前检查1次", RestDayRule.PRECEDING),
        citation=INSPECTION,
        area="gongjiang",
        applies_to=(TOWNSHIP,),
        keywords=("村务公开栏",),
        evidence=Evidence("event", {"kind": "村务公开检查"}, done="date"),
        severity=Severity.REMINDER,
    ),
)


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    """领域 gongjiang 绑定到了方案（见 AREA.binds）时，添加本镇的两项义务。"""
    return list(TEMPLATES) if area == "gongjiang" else []


class TwoSilentMonthsRule(Rule):
    """连续两个自然月没有更新村务公开栏的村。

    ``gongjiang.board-monthly`` 的通用配额规则逐村逐月计数，每个月的结果互不相干；
    “连续两个月未更新”要把相邻的月份放在一起看，由本规则负责。
    """

    id = "gongjiang.two-silent-months"
    title = "村务公开栏连续两个月未更新"
    area = "gongjiang"
    source = TWO_MONTHS
    severity = Severity.VETO
    consumes = frozenset({"disclosure"})

    def __init__(self, villages: tuple[str, ...]) -> None:
        self.villages = villages
        self.updated: dict[str, set[date]] = {v: set() for v in villages}  # 村 → 有更新的月份

    def feed(self, record: Record, ctx: Context) -> None:
        village = record.get("village")
        if record.get("kind") != "村务公开栏" or village not in self.updated:
            return
        if ctx.unit_of(record) == TOWNSHIP:
            self.updated[village].add(record.get("published").replace(day=1))

    def finish(self, ctx: Context) -> Iterable[Finding]:
        # 检查期间的自然月（起点所在的不完整月份除外），直到截至日所在的月份
        months = [
            (first, last)
            for first, last in windows(Window.MONTH, ctx.start, ctx.as_of + timedelta(days=31))
            if first <= ctx.as_of
        ]
        for village in self.villages:
            runs: list[list[tuple[date, date]]] = [[]]  # 连续未更新的月份
            for month in months:
                if month[0] in self.updated[village]:
                    runs.append([])
                else:
                    runs[-1].append(month)
            long_runs = [run for run in runs if len(run) >= 2]
            if not long_runs:
                yield self._finding(village, Status.MET, f"自 {ctx.start} 起没有连续两个月未更新")
            for run in long_runs:
                due = run[1][1]  # 第二个月的最后一天
                status = Status.VIOLATED if due < ctx.as_of else ctx.deadline_status(due, None)
                (first, _), (_, last) = run[0], run[-1]
                found = (
                    f"在{first.year}年{first.month}月至{last.year}年{last.month}月"
                    f"连续{len(run)}个月没有村务公开栏记录"
                    + ("（末月尚未结束）" if last >= ctx.as_of else "")
                )
                action = (
                    f"督促{village}立即更新村务公开栏"
                    if status is Status.VIOLATED
                    else f"于{due}前督促{village}更新村务公开栏"
                )
                yield self._finding(
                    village, status, found, due=due, window=(first, last), action=action
                )

    def _finding(self, village: str, status: Status, found: str, **kw: Any) -> Finding:
        return Finding(
            self.id,
            self.title,
            self.area,
            status,
            self.severity,
            TOWNSHIP,
            self.source,
            entity=village,
            explanation=f"{TOWNSHIP}·{village}{found}",
            **kw,
        )


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """方案的名录里贡江镇列有村时，逐村检查；每次检查都返回新的规则对象。"""
    try:
        township = plan.directory.unit(TOWNSHIP)
    except UnitError:
        return []
    return [TwoSilentMonthsRule(township.villages)] if township.villages else []
