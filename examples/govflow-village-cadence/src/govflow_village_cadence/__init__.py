"""govflow-village-cadence：贡江镇自定的村务公开栏更新频次（govflow 插件开发指南的示例插件）。

贡江镇要求本镇各村的村务公开栏每月至少更新一次，镇党政办每月底前检查一次。本插件：

* 提供领域 ``gongjiang``（贡江镇村务公开）；
* 在单位名录 ``yudu`` 中为贡江镇列出各村，使“按村”计的义务逐村展开；
* 为有“基层政务公开”（``grassroots``）任务的方案添加两项义务：各村每月更新村务公开栏，
  镇里每月底前检查；
* 添加一条规则：名录中的村在检查期间一条村务公开栏记录也没有。

所引《贡江镇村务公开工作制度》是示例文件，村名也是示例；实际使用时换成本镇的文件和名单。
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from govflow.hookspecs import hookimpl
from govflow.obligations import (
    Area,
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
from govflow.plan import Plan
from govflow.records import Record
from govflow.rules import Context, Finding, Rule, Status
from govflow.schedule import windows
from govflow.units import Unit, UnitError, UnitGroup, UnitKind

__all__ = ["AREA", "TEMPLATES", "TOWNSHIP", "VILLAGES", "SilentVillageRule"]


TOWNSHIP = "贡江镇"
VILLAGES = ("甲村", "乙村", "丙村")  # 示例名单：换成本镇的行政村
DOCUMENT = "《贡江镇村务公开工作制度》（示例）"
MONTHLY = Citation(DOCUMENT, "第五条第一款", "村务公开栏每月至少更新一次")
INSPECTION = Citation(DOCUMENT, "第五条第二款", "镇党政办每月底前检查一次各村村务公开栏")

AREA = Area(
    id="gongjiang",
    title="贡江镇村务公开",
    description="贡江镇各村村务公开栏的更新频次和镇里的月度检查",
    tasks_hint=(8,),
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
    """方案有基层政务公开任务（于都县方案的第8项提到村务公开栏）时，添加本镇的两项义务。"""
    return list(TEMPLATES) if area == "grassroots" else []


class SilentVillageRule(Rule):
    """名录中的村在检查期间没有任何村务公开栏记录。

    ``gongjiang.board-monthly`` 的通用配额规则只认识记录中出现过的村；
    一条记录也没有的村由本规则按名录逐一检查。
    """

    id = "gongjiang.silent-village"
    title = "村务公开栏在检查期间从未更新的村"
    area = "gongjiang"
    source = MONTHLY
    consumes = frozenset({"disclosure"})

    def __init__(self, villages: tuple[str, ...]) -> None:
        self.villages = villages
        self.first: dict[str, str] = {}  # 村 → 第一条记录（文件:行）

    def feed(self, record: Record, ctx: Context) -> None:
        village = record.get("village")
        if record.get("kind") != "村务公开栏" or village not in self.villages:
            return
        if ctx.unit_of(record) == TOWNSHIP:
            self.first.setdefault(village, record.ref)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        # 到期日：检查期间第一个完整自然月的最后一天
        first_month = next(windows(Window.MONTH, ctx.start, ctx.start + timedelta(days=62)))
        due = first_month[1]
        for village in self.villages:
            ref = self.first.get(village)
            if ref is not None:
                status = Status.MET
            elif due < ctx.as_of:
                status = Status.VIOLATED
            else:
                status = ctx.deadline_status(due, None)
            found = f"有村务公开栏记录（{ref}）" if ref else "没有任何村务公开栏记录"
            yield Finding(
                self.id,
                self.title,
                self.area,
                status,
                self.severity,
                TOWNSHIP,
                self.source,
                due=due,
                entity=village,
                evidence=(ref,) if ref else (),
                evidence_count=1 if ref else 0,
                explanation=f"{TOWNSHIP}·{village}自 {ctx.start} 起{found}",
                action="" if ref else f"督促{village}更新村务公开栏并登记",
            )


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """方案的名录里贡江镇列有村时，逐村检查；每次检查都返回新的规则对象。"""
    try:
        township = plan.directory.unit(TOWNSHIP)
    except UnitError:
        return []
    return [SilentVillageRule(township.villages)] if township.villages else []
