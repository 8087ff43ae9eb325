"""govflow-yudu: the Yudu County 2023 plan, its unit directory, its own areas and the demo data.

《于都县2023年政务公开工作方案》(于府办字〔2023〕32号, 2023-06-18) ships as the plan
``yudu-2023`` (``data/plans/yudu-2023.toml``), and the county's units and groups as the unit
directory ``yudu`` (``data/units/yudu.toml``, titled 于都县 so that ``govflow import`` finds it in
a document's title).  The plan's areas that no area plugin covers are declared here:
``development`` (二(一), tasks 1-3) and ``safeguards`` (三, 保障措施).

``govflow demo-data`` (:mod:`govflow_yudu.demo`, added through ``govflow_cli_commands``)
generates a year of synthetic records for this plan with a known set of planted violations.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from govflow.plan.obligations import Area
from govflow.plan.planfile import PlanSource
from govflow.plan.units import DirectorySource
from govflow.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    import click

__all__ = [
    "AREAS",
    "DIRECTORY_ID",
    "PLAN_ID",
    "govflow_areas",
    "govflow_cli_commands",
    "govflow_plans",
    "govflow_unit_directories",
]

PLAN_ID = "yudu-2023"
DIRECTORY_ID = "yudu"

AREAS: tuple[Area, ...] = (
    Area(
        id="development",
        title="围绕高质量发展深化政务公开",
        description="重大战略部署、数字经济、营商环境信息公开",
        keywords=("高质量发展", "战略部署", "数字经济", "营商环境", "市场主体", "重大项目"),
    ),
    Area(id="safeguards", title="保障措施", description="组织领导、工作机制、调研、工作责任"),
)


def data_path(name: str) -> Path:
    """A file this package ships under ``data/`` (``plans/yudu-2023.toml``, ``units/yudu.toml``)."""
    return Path(str(resources.files(__name__).joinpath("data", name)))


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return AREAS


@hookimpl
def govflow_plans() -> Iterable[PlanSource]:
    return [PlanSource(PLAN_ID, data_path("plans/yudu-2023.toml"), "于都县2023年政务公开工作方案")]


@hookimpl
def govflow_unit_directories() -> Iterable[DirectorySource]:
    return [DirectorySource(DIRECTORY_ID, data_path("units/yudu.toml"), "于都县")]


@hookimpl
def govflow_cli_commands(cli: click.Group) -> None:
    from govflow_yudu.command import demo_data

    cli.add_command(demo_data)
