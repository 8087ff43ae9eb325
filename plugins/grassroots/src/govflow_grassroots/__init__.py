"""govflow-grassroots: the area 基层政务公开 (grassroots and village-level disclosure).

Tasks 7-9, 13 and 14 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(三)7「加快推进基层政务公开
标准化规范化建设」, 8「持续推进政务公开向农村和社区延伸」, 9「积极推进政务开放参与」, 二、(四)13
「优化完善线下专区建设」, 14「丰富完善便民服务方式」).  Task 8 asks that 政务公开 and 村(居)务公开
「有效衔接」 and names 村级财务 and the 村务公开栏; the cadence of 村务公开 is set by law, with the
ids and evidence grades of the domain brief (time-rules.md §5):

* VIL-01 (P): 村务公开 of 一般事项 at least once per calendar quarter, in every village.
* VIL-02 (P): where the collective has many financial transactions, 财务收支情况 monthly.
  Which villages those are no record shows: the condition is the obligation's
  :class:`~govflow.plan.settings.ConditionSettings` (``condition = "集体财务往来较多"``), and a
  plan lists the villages that meet it (an obligation of the same id with
  ``settings = { villages = ["某镇·某村", …] }``).  Without the list the check says, township by
  township, that it cannot tell which villages owe the monthly duty (not applicable), rather
  than holding every village to it.

The law puts the duty on each 村民委员会 and has the township 「责令依法公布」 when it lapses
(第三十一条); the county plan reaches villages through the townships (「各乡(镇)人民政府」 are task
8's responsible units), so the quotas apply per village of each township.  VIL-03 (「重大事项应当随时公布」) has no count and is not encoded.

Both are quotas, counted from ``disclosure`` rows (``kind`` 村务公开 / 村级财务, ``village``) by
the core's quota rule; the plan's own duties of the area (``9.open-day``, ``8.subsidy-results``,
and ``三(一).annual-hearing``) carry their own evidence and are not repeated.

References:
    * 《中华人民共和国村民委员会组织法》(2018) 第三十条、第三十一条
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.plan.obligations import Area, Citation, ObligationTemplate, Per, Quota, Window
from govflow.plan.settings import ConditionSettings
from govflow.plugins.hookspecs import hookimpl

__all__ = ["AREA", "RULES", "govflow_areas", "govflow_obligation_templates"]

AREA = Area(
    id="grassroots",
    title="基层政务公开",
    description="基层政务公开标准化规范化、村务公开、政务开放参与、线下专区与便民服务",
    keywords=(
        "基层",
        "标准化规范化",
        "农村",
        "社区",
        "村务",
        "村(居)",
        "开放",
        "开放日",
        "专区",
        "便民",
        "线下",
        "热线",
        "乡镇",
    ),
)

_VILLAGE_LAW = "《中华人民共和国村民委员会组织法》"
_TOWNSHIPS = ("各乡(镇)人民政府",)

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="grassroots.village-affairs",
        title="村务公开：一般事项每季度至少公布一次",
        rule=Quota(
            minimum=1,
            window=Window.QUARTER,
            counts="disclosure",
            where={"kind": "村务公开"},
            text="一般事项至少每季度公布一次",
        ),
        citation=Citation(
            document=_VILLAGE_LAW,
            clause="第三十条第三款",
            text="一般事项至少每季度公布一次",
            source_id="VIL-01",
            grade="P",
        ),
        area="grassroots",
        applies_to=_TOWNSHIPS,
        per=Per.VILLAGE,
        keywords=("村务",),
    ),
    ObligationTemplate(
        id="grassroots.village-finance",
        title="村级财务收支情况每月公布一次（集体财务往来较多的村）",
        rule=Quota(
            minimum=1,
            window=Window.MONTH,
            counts="disclosure",
            where={"kind": "村级财务"},
            text="财务收支情况应当每月公布一次",
        ),
        citation=Citation(
            document=_VILLAGE_LAW,
            clause="第三十条第三款",
            text="集体财务往来较多的，财务收支情况应当每月公布一次",
            source_id="VIL-02",
            grade="P",
        ),
        area="grassroots",
        applies_to=_TOWNSHIPS,
        per=Per.VILLAGE,
        keywords=("村级财务", "村务"),
        # only the villages with many collective transactions; no record says which they are,
        # so a plan lists them (settings.villages); until it does, the rule says it cannot tell
        settings=ConditionSettings(condition="集体财务往来较多"),
    ),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []
