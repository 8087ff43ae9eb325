"""govflow's own contributions, registered as a plugin like any other.

The State Council holiday notices govflow ships, and (until it moves to its own distribution)
the Yudu County 2023 plan with its unit directory and the areas of that plan no area plugin
covers (tasks 1-3, and the safeguards).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from govflow.calendar.notices import Notice, builtin_notices
from govflow.plan.obligations import Area
from govflow.plan.planfile import PlanSource
from govflow.plan.units import DirectorySource
from govflow.plugins.hookspecs import hookimpl


def _data(name: str) -> Path:
    return Path(str(resources.files("govflow").joinpath(f"data/{name}")))


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [
        Area(
            "development",
            "围绕高质量发展深化政务公开",
            "重大战略部署、数字经济、营商环境信息公开",
            keywords=("高质量发展", "战略部署", "数字经济", "营商环境", "市场主体", "重大项目"),
        ),
        Area("safeguards", "保障措施", "组织领导、工作机制、调研、工作责任"),
    ]


@hookimpl
def govflow_holiday_notices() -> Iterable[Notice]:
    return builtin_notices()


@hookimpl
def govflow_plans() -> Iterable[PlanSource]:
    return [PlanSource("yudu-2023", _data("plans/yudu-2023.toml"), "于都县2023年政务公开工作方案")]


@hookimpl
def govflow_unit_directories() -> Iterable[DirectorySource]:
    return [DirectorySource("yudu", _data("units/yudu.toml"), "于都县")]
