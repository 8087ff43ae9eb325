"""govflow-policy: the area 规范性文件与政策解读 (normative documents and policy interpretation).

Tasks 6 and 15-17 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(三)6「稳步推进行政规范性文件
管理」, 二、(五)15「提高政策解读实效」, 16「创新政策解读方式」, 17「优化政策咨询渠道和办理服务」).
The plan already carries its own dated and timed duties here: ``6.normative-cleanup`` (「2023年9月底前」
系统清理并集中公开) and ``15.interpretation-sync`` (「三同步」, RSP-06: the 解读 on the policy's day).
This plugin adds the one legal limit behind 「动态更新」「动态调整」, with the id and grade of the
domain brief (time-rules.md §1):

* OGI-01 (P): a 政府信息 — a new, amended or repealed 行政规范性文件 among them — is published
  within 20 working days of being formed or changed, unless a law sets another limit.

It is checked from ``disclosure`` rows of the kinds in :data:`ACTIVE_KINDS` (``trigger``: the
day the document was signed, issued or changed; ``published``).

It also adds the 「三同步」 duty from the policy's side (RSP-06; 方案二、(五)15「坚持政策文件与
解读材料同步起草、同步审签、同步发布」):

* ``policy.interpretation-sync``: every 政策文件 or 规范性文件 has a 政策解读 that names it in
  关联编号 (``related`` = the policy's ``id``), published the same day, or within
  ``tolerance_days`` natural days (:class:`~govflow_policy.interpretation.InterpretationSettings`;
  a plan sets it with an obligation of the same id).  Checked by the rule
  ``policy.interpretation-linked`` (:class:`~govflow_policy.interpretation.InterpretationLinkRule`):
  a policy with no linked 解读
  is a violation.  ``15.interpretation-sync`` still judges each 解读 row against the date it
  records; a late 解读 that records its policy's date is reported by both, once per side.

The brief has no separate limit for updating the 现行有效行政规范性文件 library, so none is
invented.

References:
    * 《中华人民共和国政府信息公开条例》(2019) 第二十六条
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.compliance.base import Rule
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import Area, Citation, Deadline, Evidence, ObligationTemplate
from govflow.plugins.hookspecs import hookimpl
from govflow_policy.interpretation import (
    READING_KIND,
    InterpretationLinkRule,
    InterpretationSettings,
)

__all__ = [
    "ACTIVE_KINDS",
    "AREA",
    "RULES",
    "govflow_areas",
    "govflow_obligation_templates",
    "govflow_rules",
]

AREA = Area(
    id="policy",
    title="规范性文件与政策解读",
    description="行政规范性文件管理与动态更新、政策解读、政策咨询",
    keywords=("规范性文件", "政策解读", "解读", "政策咨询", "政策问答", "政策文件"),
)

#: ``disclosure.kind`` values under OGI-01 here.  「政策解读」 (``15.interpretation-sync``, the
#: same day as its policy) and 「规范性文件清理」 (``6.normative-cleanup``, by 2023-09-30) are the
#: plan's own duties and not repeated.
ACTIVE_KINDS = ("政策文件", "规范性文件", "其他主动公开")

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="policy.active-disclosure",
        title="政府信息（含行政规范性文件的制定、修改、废止）主动公开",
        rule=Deadline(Period.parse("20个工作日"), trigger="政府信息形成或者变更"),
        citation=Citation(
            document="《中华人民共和国政府信息公开条例》",
            clause="第二十六条",
            text="自该政府信息形成或者变更之日起20个工作日内及时公开",
            source_id="OGI-01",
            grade="P",
        ),
        area="policy",
        keywords=("规范性文件",),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(ACTIVE_KINDS)},
            trigger="trigger",  # formed or changed: signed, issued, amended, repealed
            done="published",
        ),
    ),
    ObligationTemplate(
        id="policy.interpretation-sync",
        title="政策文件、规范性文件须有关联的政策解读同步发布",
        rule=Deadline(Period.parse("当日"), trigger="政策文件、规范性文件公开"),
        citation=Citation(
            document=(
                "政策解读“三同步”（地方规定，如泉港区政策制定与政策解读“三同步”机制；"
                "国家层面原文未核实）"
            ),
            clause="同步发布",
            text="坚持政策制定与政策解读同步组织、同步审签、同步部署",
            source_id="RSP-06",
            grade="S",
        ),
        area="policy",
        keywords=("政策解读",),
        settings=InterpretationSettings(tolerance_days=0),
        # the 解读 rows that meet it; they name their policy in 关联编号 (``related``), read by
        # InterpretationLinkRule (no trigger field: the generic rules leave it alone)
        evidence=Evidence(kind="disclosure", where={"kind": READING_KIND}, done="published"),
    ),
)

_SYNC = "policy.interpretation-sync"


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """The linked-解读 rule, with the plan's obligation of that id (its tolerance, its
    citation) when the plan has one, else the template's."""
    for ob in plan.obligations():
        if ob.id == _SYNC:
            return [InterpretationLinkRule(plan, ob)]
    return []
