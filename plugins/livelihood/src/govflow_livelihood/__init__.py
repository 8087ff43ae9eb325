"""govflow-livelihood: the area 重点民生领域信息公开 (livelihood disclosure).

Task 5 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(二)5「深化重点民生领域信息公开」):
教育, 医疗卫生, 生态环境, 社会保障, 就业, 养老, 社会救助, 住房保障, 征地, 乡村振兴, 公共文化.
The plan asks for 「及时」 disclosure and to 「进一步推动征地信息主动公开」; the rules below are the
time limits of law for that content, with the ids and evidence grades of the domain brief
(time-rules.md §1 and §5):

* AGR-01 (S): 涉农补贴 items are published within 20 working days of being formed or changed (the
  涉农补贴领域基层政务公开标准目录 as the counties adopt it): 政策依据, 申请指南, 补贴结果 and
  监督渠道.
* LAND-01 (P) with LAND-02 第二十八条 (P): the 征地补偿安置方案 is posted in the 乡(镇), 村 and
  村民小组 for at least 30 days.  土地管理法 第四十七条 「公告至少三十日」 and 实施条例 第二十八条
  「公告时间不少于三十日」 describe the same posting (the regulation implements the article), so it
  is one rule, not two.  It is a minimum posting period (``ClockSettings(minimum_posting=True)``);
  the notice may come down after the date computed, not before.
* LAND-02 第二十六条 (P): the 征收土地预公告 stays posted for at least 10 working days.
* LAND-03 (P): within 15 working days of receiving the approval, the 征收土地公告 is published.
* OGI-01 (P): everything else in the area (教育招生 EDU-01, 社会救助 SOC-01 …) falls under the
  general 20 working days, unless a law sets another limit (「从其规定」).

Each rule is checked from ``disclosure`` rows with disjoint ``kind`` values
(:data:`SUBSIDY_KINDS`, :data:`LIVELIHOOD_KINDS` and one kind per 征地 notice); the posting
rules read the posting day (``published``) and the day the notice came down (``ends``).

The 征地 duties rest with the county government; its 自然资源 department does the work, so they
apply to 县自然资源局.

References:
    * 《中华人民共和国土地管理法》(2019) 第四十七条
    * 《中华人民共和国土地管理法实施条例》(2021) 第二十六条、第二十八条、第三十一条
    * 《中华人民共和国政府信息公开条例》(2019) 第二十六条
    * 涉农补贴领域基层政务公开标准目录 (county adoptions, e.g. 奉新县)
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.periods.core import Period
from govflow.plan.obligations import Area, Citation, Deadline, Evidence, ObligationTemplate
from govflow.plan.settings import ClockSettings
from govflow.plugins.hookspecs import hookimpl

__all__ = [
    "AREA",
    "LAND_ACQUISITION_NOTICE",
    "LAND_COMPENSATION_NOTICES",
    "LAND_PRE_NOTICE",
    "LIVELIHOOD_KINDS",
    "RULES",
    "SUBSIDY_KINDS",
    "govflow_areas",
    "govflow_obligation_templates",
]

AREA = Area(
    id="livelihood",
    title="重点民生领域信息公开",
    description="教育、医疗卫生、社会保障、社会救助、征地、涉农补贴、乡村振兴等民生领域信息公开",
    keywords=(
        "民生",
        "教育",
        "医疗",
        "卫生",
        "社会保障",
        "社会救助",
        "就业",
        "养老",
        "住房",
        "征地",
        "生态环境",
        "公共文化",
        "乡村振兴",
    ),
)

_LAND_LAW = "《中华人民共和国土地管理法》"
_LAND_REGULATION = "《中华人民共和国土地管理法实施条例》"
_GOI_REGULATION = "《中华人民共和国政府信息公开条例》"
_NATURAL_RESOURCES = ("县自然资源局",)

#: ``disclosure.kind`` values of 涉农补贴 items (AGR-01: 政策依据, 申请指南/申报信息, and the
#: results of each payment, 公示 as they are formed).  「补贴结果」 is left to the plan's own
#: year-end, village-by-village duty (``8.subsidy-results``), so that a record is judged by one.
SUBSIDY_KINDS = ("补贴政策", "补贴申报", "补贴公示")
#: ``disclosure.kind`` values of the other fields of task 5 (OGI-01); 征地 has its own rules.
LIVELIHOOD_KINDS = (
    "教育",
    "医疗卫生",
    "生态环境",
    "社会保障",
    "就业",
    "养老",
    "社会救助",
    "住房保障",
    "乡村振兴",
    "公共文化",
)
#: ``disclosure.kind`` of the three 征地 notices, in the order of the procedure.  「征地公告」 is
#: the 30-day posting of 土地管理法 第四十七条 (the reading of the core's record schema).
LAND_PRE_NOTICE = "征收土地预公告"
LAND_COMPENSATION_NOTICES = ("征地公告", "征地补偿安置公告")
LAND_ACQUISITION_NOTICE = "征收土地公告"

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="livelihood.agri-subsidy",
        title="涉农补贴信息公开",
        rule=Deadline(Period.parse("20个工作日"), trigger="涉农补贴信息形成或者变更"),
        citation=Citation(
            document="涉农补贴领域基层政务公开标准目录（县级）",
            clause="公开时限",
            text="信息形成或者变更之日起20个工作日内",
            source_id="AGR-01",
            grade="S",
        ),
        area="livelihood",
        keywords=("涉农", "乡村振兴"),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(SUBSIDY_KINDS)},
            trigger="trigger",  # formed or changed
            done="published",
        ),
    ),
    ObligationTemplate(
        id="livelihood.land-compensation-notice",
        title="征地补偿安置方案公告（公告至少三十日）",
        rule=Deadline(Period.parse("30日"), trigger="征地公告张贴"),
        citation=Citation(
            document=_LAND_LAW,
            clause="第四十七条第二款",
            text="公告至少三十日",
            source_id="LAND-01",
            grade="P",
        ),
        area="livelihood",
        applies_to=_NATURAL_RESOURCES,
        keywords=("征地",),
        settings=ClockSettings(minimum_posting=True),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(LAND_COMPENSATION_NOTICES)},
            trigger="published",  # posted
            ends="ends",  # taken down: not before the end of the 30th day
        ),
    ),
    ObligationTemplate(
        id="livelihood.land-pre-notice",
        title="征收土地预公告（不少于十个工作日）",
        rule=Deadline(Period.parse("10个工作日"), trigger="征收土地预公告发布"),
        citation=Citation(
            document=_LAND_REGULATION,
            clause="第二十六条第二款",
            text="预公告时间不少于十个工作日",
            source_id="LAND-02",
            grade="P",
        ),
        area="livelihood",
        applies_to=_NATURAL_RESOURCES,
        keywords=("征地",),
        settings=ClockSettings(minimum_posting=True),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": LAND_PRE_NOTICE},
            trigger="published",
            ends="ends",
        ),
    ),
    ObligationTemplate(
        id="livelihood.land-acquisition-notice",
        title="征收土地申请批准后发布征收土地公告",
        rule=Deadline(Period.parse("15个工作日"), trigger="收到征收土地批准文件"),
        citation=Citation(
            document=_LAND_REGULATION,
            clause="第三十一条",
            text="自收到批准文件之日起十五个工作日内",
            source_id="LAND-03",
            grade="P",
        ),
        area="livelihood",
        applies_to=_NATURAL_RESOURCES,
        keywords=("征地",),
        evidence=Evidence(
            kind="disclosure",
            where={"kind": LAND_ACQUISITION_NOTICE},
            trigger="trigger",  # the approval received
            done="published",
        ),
    ),
    ObligationTemplate(
        id="livelihood.active-disclosure",
        title="民生领域政府信息主动公开（法律法规另有规定的从其规定）",
        rule=Deadline(Period.parse("20个工作日"), trigger="政府信息形成或者变更"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第二十六条",
            text="自该政府信息形成或者变更之日起20个工作日内及时公开",
            source_id="OGI-01",
            grade="P",
        ),
        area="livelihood",
        evidence=Evidence(
            kind="disclosure",
            where={"kind": list(LIVELIHOOD_KINDS)},
            trigger="trigger",
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
