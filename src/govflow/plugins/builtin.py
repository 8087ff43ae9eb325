"""govflow's own contributions, registered as a plugin like any other.

The State Council holiday notices govflow ships, the Yudu County 2023 plan, and the areas of
that plan no area plugin covers (tasks 1-3, and the safeguards).
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow.calendar.notices import Notice, builtin_notices
from govflow.plan.obligations import Area
from govflow.plan.planfile import BUILTIN_PLANS, PlanSource, builtin_plan_path
from govflow.plugins.hookspecs import hookimpl


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [
        Area(
            "development",
            "围绕高质量发展深化政务公开",
            "重大战略部署、数字经济、营商环境信息公开",
            (1, 2, 3),
            ("高质量发展", "战略部署", "数字经济", "营商环境", "市场主体", "重大项目"),
        ),
        Area("safeguards", "保障措施", "组织领导、工作机制、调研、工作责任"),
    ]


@hookimpl
def govflow_holiday_notices() -> Iterable[Notice]:
    return builtin_notices()


@hookimpl
def govflow_plans() -> Iterable[PlanSource]:
    return [
        PlanSource(plan_id, builtin_plan_path(plan_id), title)
        for plan_id, title in BUILTIN_PLANS.items()
    ]
