"""govflow-safety：安全生产信息公开（一个方案没有写到的新领域，绑定到已有方案的示例插件）。

《于都县2023年政务公开工作方案》没有“安全生产”这一项任务。本插件不改方案文件，也不冒充别的领域：

* 提供领域 ``safety``（安全生产），用 ``AreaBinding`` 绑定到方案 ``yudu-2023`` 的单位 ``县政府办``
  （一般事故由县级人民政府负责调查，事故处理情况由其向社会公布）；
* 添加两项义务：生产安全事故信息自事故发生之日起7个工作日内公开（由事件触发的期限，证据为
  ``disclosure`` 记录），安全生产检查情况每季度至少公开1次（配额）；
* 为公开事项记录补一个列名写法“事故发生日期”（期限的起算日）。

7个工作日和每季度1次这两个数字没有找到全国性的法规原文，所引《县安全生产信息公开工作制度》是示例文件
（见 README）；实际使用时换成本县的文件、条款和原文。
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow import hookimpl
from govflow.compliance.records import HeaderAlias
from govflow.periods.core import Period
from govflow.plan.obligations import (
    Area,
    AreaBinding,
    Citation,
    Deadline,
    Evidence,
    ObligationTemplate,
    Quota,
    Window,
)

__all__ = ["ACCIDENT_KIND", "AREA", "INSPECTION_KIND", "TEMPLATES"]

ACCIDENT_KIND = "生产安全事故信息"
INSPECTION_KIND = "安全生产检查"
DOCUMENT = "《县安全生产信息公开工作制度》（示例）"

AREA = Area(
    id="safety",
    title="安全生产",
    description="生产安全事故信息和安全生产检查情况的公开",
    keywords=("安全生产", "生产安全事故"),
    binds=(AreaBinding(units=("县政府办",), plans=("yudu-2023",)),),
)

TEMPLATES = (
    ObligationTemplate(
        id="safety.accident-disclosure",
        title="生产安全事故信息公开",
        rule=Deadline(Period.parse("7个工作日"), "生产安全事故发生"),
        citation=Citation(
            DOCUMENT, "第六条", "生产安全事故信息自事故发生之日起7个工作日内在政府网站公开"
        ),
        area="safety",
        keywords=("安全生产",),
        evidence=Evidence(
            "disclosure", {"kind": ACCIDENT_KIND}, trigger="trigger", done="published"
        ),
    ),
    ObligationTemplate(
        id="safety.inspection-quarterly",
        title="安全生产检查情况每季度公开",
        rule=Quota(1, Window.QUARTER, "disclosure", {"kind": INSPECTION_KIND}, "每季度至少公开1次"),
        citation=Citation(DOCUMENT, "第八条", "安全生产检查情况每季度至少公开一次"),
        area="safety",
        keywords=("安全生产",),
    ),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(TEMPLATES) if area == "safety" else []


@hookimpl
def govflow_header_aliases() -> Iterable[HeaderAlias]:
    return [HeaderAlias("disclosure", "trigger", "事故发生日期")]
