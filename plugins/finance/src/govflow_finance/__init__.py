"""govflow-finance: the area 财政信息公开 (finance disclosure).

Task 4 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(二)4「积极推进财政信息公开」): 预决算,
“三公”经费, 审计整改, 行政事业性收费目录清单.  The plan says 「按规定公开」 and 「动态更新」; the
rules below are the 规定, with the ids and evidence grades of the domain brief (time-rules.md §4):

* FIN-01 (P): 本级预算、预算调整、决算、预算执行情况的报告及报表 are published by the 财政部门
  within 20 natural days (「二十日」, not working days) after the 人大 or its standing committee
  approves them, with an explanation of 转移支付 and 举借债务.  预算法 第十四条 binds every level
  of government, so the townships (乡镇人大批准) carry the duty for their own budgets as well as
  县财政局.
* FIN-02 (P): each department publishes its 部门预算、决算 within 20 natural days after the
  财政部门's 批复, explaining 机关运行经费.
* FIN-05 (S): the “三公”经费 预决算 go out together with the department's 预决算, so the same
  20 days from the 批复, with 公务用车购置费 and 公务用车运行费 shown apart.

The 2014 财政部 notice on 地方预决算公开 counted these periods in working days
(「批准(批复)后20个工作日内」); the 2014 revision of 预算法 superseded it with 「二十日」.  A plan
that insists on the notice's reading sets ``strict_workdays = true`` in the settings of an
obligation of the same id (:class:`BudgetSettings`): the period is then counted as that many
working days.  Note that 20 working days always end later than 20 natural days: the switch is
not the stricter reading, only the older one.
* FIN-07 (U): no timed rule for the 行政事业性收费目录清单 was found; a change is published under
  the general rule of 政府信息公开条例 第二十六条 (OGI-01), 20 working days (the template cites
  OGI-01 with grade U: the fallback, not a rule found for the list).

Each rule is checked from ``disclosure`` rows (``trigger``: the approval, 批复 or change;
``published``), with disjoint ``kind`` values (:data:`GOVERNMENT_BUDGET_KINDS`,
:data:`DEPARTMENT_BUDGET_KINDS`, 三公经费, 收费目录清单) so that a record of 县财政局 — both the
财政部门 and a department — is judged under one rule only.

* FIN-06 (P, 审计法 第五十二条「按照规定时间整改…并按照规定向社会公布」): the law sets no time; the
  audit decision does.  ``finance.audit-rectification`` (:mod:`govflow_finance.audit`) takes the
  ``disclosure`` row's own 整改期限 (``due``) as the due date of the published rectification result
  (kind 审计整改结果); a row without one is rejected, never judged by a guessed period.

FIN-03 (subordinate units) and FIN-04 (the 批复 chain) are not encoded: the unit directory has no
subordinate units and the plan's tasks do not name the 批复 steps.

References:
    * 《中华人民共和国预算法》(2018) 第十四条
    * 人民日报 2014-03-19 reporting the 财政部 notice on 地方预决算公开 (probably 财预〔2014〕36号)
    * 《中华人民共和国政府信息公开条例》(2019) 第二十六条
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
from attrs import frozen

from govflow.cases.kinds import CaseKind
from govflow.compliance.base import Rule
from govflow.compliance.kinds import RecordKind
from govflow.periods.core import Period, PeriodUnit
from govflow.plan.model import Plan
from govflow.plan.obligations import Area, Citation, Deadline, Evidence, ObligationTemplate
from govflow.plan.settings import ClockSettings, flag
from govflow.plugins.hookspecs import hookimpl
from govflow_finance.audit import AuditRectificationRule
from govflow_finance.rectification import RECTIFICATION, RECTIFICATION_CASE, RectifiedRule

__all__ = [
    "AREA",
    "DEPARTMENT_BUDGET_KINDS",
    "GOVERNMENT_BUDGET_KINDS",
    "RULES",
    "BudgetSettings",
    "govflow_areas",
    "govflow_case_kinds",
    "govflow_obligation_templates",
    "govflow_record_kinds",
    "govflow_rules",
]

AREA = Area(
    id="finance",
    title="财政信息公开",
    description="预决算、“三公”经费、审计整改结果、行政事业性收费目录清单的公开",
    keywords=("财政", "预决算", "预算", "决算", "三公", "审计", "收费", "政府性基金", "直达资金"),
)

_BUDGET_LAW = "《中华人民共和国预算法》"

#: ``disclosure.kind`` values of the 本级 budget documents (FIN-01, the 财政部门 and townships) ...
GOVERNMENT_BUDGET_KINDS = ("预算", "决算", "预算调整", "预算执行情况")
#: ... and of a department's own budget documents (FIN-02).  Disjoint, so that one record of
#: 县财政局 (both the 财政部门 and a department) is checked under one rule only.
DEPARTMENT_BUDGET_KINDS = ("部门预算", "部门决算")
_GOI_REGULATION = "《中华人民共和国政府信息公开条例》"


@frozen
class BudgetSettings(ClockSettings):
    """The clock of a 预算法 第十四条 period, with the 2014 notice's reading as a switch.

    ``strict_workdays`` counts the period's days as working days (「20个工作日」 of the 2014
    财政部 notice) instead of natural days (「二十日」 of 预算法): for a plan that asks for it.
    """

    kind = "预决算公开期限"

    strict_workdays: bool = attrs.field(default=False, validator=flag)

    def period(self, period: Period) -> Period:
        if self.strict_workdays and period.unit is PeriodUnit.DAYS:
            return Period(PeriodUnit.WORKDAYS, period.amount)
        return period


RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="finance.government-budget",
        title="本级预算、预算调整、决算、预算执行情况的报告及报表公开",
        rule=Deadline(Period.parse("20日"), trigger="本级人民代表大会或其常务委员会批准"),
        citation=Citation(
            document=_BUDGET_LAW,
            clause="第十四条第一款",
            text="在批准后二十日内由本级政府财政部门向社会公开",
            source_id="FIN-01",
            grade="P",
        ),
        area="finance",
        applies_to=("县财政局", "各乡(镇)人民政府"),
        keywords=("预决算",),
        settings=BudgetSettings(),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(GOVERNMENT_BUDGET_KINDS)},
            trigger="trigger",  # the 人大 (standing committee) approval
            done="published",
        ),
    ),
    ObligationTemplate(
        id="finance.department-budget",
        title="部门预算、决算及报表公开",
        rule=Deadline(Period.parse("20日"), trigger="本级政府财政部门批复部门预算、决算"),
        citation=Citation(
            document=_BUDGET_LAW,
            clause="第十四条第二款",
            text="在批复后二十日内由各部门向社会公开",
            source_id="FIN-02",
            grade="P",
        ),
        area="finance",
        applies_to=("县政府各部门",),
        keywords=("预决算",),
        settings=BudgetSettings(),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(DEPARTMENT_BUDGET_KINDS)},
            trigger="trigger",  # the 财政部门's 批复
            done="published",
        ),
    ),
    ObligationTemplate(
        id="finance.three-public-expenses",
        title="“三公”经费预决算随同部门预决算一并公开",
        rule=Deadline(Period.parse("20日"), trigger="本级政府财政部门批复部门预算、决算"),
        citation=Citation(
            document="财政部关于“三公”经费公开的通知（2014）（关于地方预决算公开，人民日报2014年3月19日"
            "报道；文号疑为财预〔2014〕36号，未核实）",
            clause="“三公”经费公开",
            text="“三公”经费预决算随同部门预决算一并公开",
            source_id="FIN-05",
            grade="S",
        ),
        area="finance",
        applies_to=("县政府各部门",),
        keywords=("三公",),
        settings=BudgetSettings(),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": "三公经费"},
            trigger="trigger",  # the 批复 of the departmental budget
            done="published",
        ),
    ),
    ObligationTemplate(
        id="finance.fee-catalogue",
        title="行政事业性收费目录清单调整后公开（U：无专门时限，按条例第二十六条20个工作日）",
        rule=Deadline(Period.parse("20个工作日"), trigger="行政事业性收费目录清单形成或者变更"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第二十六条",
            text="自该政府信息形成或者变更之日起20个工作日内及时公开",
            source_id="OGI-01",
            grade="U",
        ),
        area="finance",
        applies_to=("县财政局",),
        keywords=("收费目录清单",),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": "收费目录清单"},
            trigger="trigger",  # the list formed or changed
            done="published",
        ),
    ),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """FIN-06 (:mod:`govflow_finance.audit`): rectification results by the audit decision's
    整改期限, for every unit that publishes one."""
    return [AuditRectificationRule(area=AREA.id), RectifiedRule(area=AREA.id)]


@hookimpl
def govflow_record_kinds() -> Iterable[RecordKind]:
    """审计整改事项 (:mod:`govflow_finance.rectification`)."""
    return [RECTIFICATION]


@hookimpl
def govflow_case_kinds() -> Iterable[CaseKind]:
    """审计整改事项 as live cases: decided, rectified, published by the decision's 整改期限."""
    return [RECTIFICATION_CASE]
