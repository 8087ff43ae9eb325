"""``govflow new-plugin``: write the skeleton of a plugin package that installs and passes its tests.

The package has a ``pyproject.toml`` with the entry point in group ``govflow``, a module with an
area (bound to the whole plan) and one cited obligation template, ``py.typed``, a README and
tests built on :class:`govflow.testing.PluginContract`.  The texts below are the files.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from govflow.cli._app import fail, main

__all__ = ["new_plugin", "plugin_files"]

_DIST_NAME = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # PEP 508 names

_PYPROJECT = """\
[project]
name = "{dist}"
version = "0.1.0"
description = "govflow 插件：{title}"
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["govflow"]

[project.entry-points.govflow]
{entry} = "{module}"

[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[tool.hatch.build.targets.wheel]
packages = ["src/{module}"]
"""

_MODULE = '''\
"""{dist}：govflow 插件（由 govflow new-plugin 生成）。

提供领域 ``{area}``，绑定到整个方案；添加一项义务：政府信息形成或者变更之日起20个工作日内公开
（《中华人民共和国政府信息公开条例》第二十六条）。把领域名称、绑定（任务、单位或方案编号）和义务
换成本插件要管的内容，见 govflow 文档“插件开发”和“插件钩子”。
"""

from __future__ import annotations

from collections.abc import Iterable

from govflow import hookimpl
from govflow.periods.core import Period
from govflow.plan.obligations import (
    Area,
    AreaBinding,
    Citation,
    Deadline,
    Evidence,
    ObligationTemplate,
)

__all__ = ["AREA", "TEMPLATES"]

AREA = Area(
    id="{area}",
    title="{title}",
    description="（请填写：本领域公开什么）",
    binds=(AreaBinding(whole_plan=True),),  # 或 tasks=(…)、keywords=(…)、units=(…)、plans=(…)
)

TEMPLATES = (
    ObligationTemplate(
        id="{area}.active-disclosure",
        title="{title}信息主动公开",
        rule=Deadline(Period.parse("20个工作日"), "政府信息形成或者变更"),
        citation=Citation(
            "《中华人民共和国政府信息公开条例》",
            "第二十六条",
            "自该政府信息形成或者变更之日起20个工作日内及时公开",
        ),
        area="{area}",
        evidence=Evidence("disclosure", {{"kind": "{title}"}}, trigger="trigger", done="published"),
    ),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(TEMPLATES) if area == AREA.id else []
'''

_TESTS = '''\
"""{dist}: the contract every govflow plugin meets, and its obligation in the default plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import {module} as plugin

from govflow.plugins.manager import Registry
from govflow.testing import PluginContract

NAME = "{entry}"


class TestContract(PluginContract):
    module = plugin  # name, distribution and version: from pyproject.toml
    areas: ClassVar[dict[str, str]] = {{plugin.AREA.id: plugin.AREA.title}}
    plan = None  # the default plan: GOVFLOW_PLAN, or the one plan installed


def test_obligation_bound_to_the_plan(govflow_plugin: Callable[..., Registry]) -> None:
    plan = govflow_plugin(plugin, name=NAME).load_plan()
    obligation = plan.obligation("{area}.active-disclosure")
    assert (obligation.origin, obligation.area) == (NAME, "{area}")
    assert plan.owner_units(obligation)  # the whole plan: every task's units
'''

_README = """\
# {dist}

govflow 插件：领域 `{area}`（{title}）。由 `govflow new-plugin` 生成。

| 钩子 | 提供的内容 |
|---|---|
| `govflow_areas` | 领域 `{area}`，绑定到整个方案（`AreaBinding(whole_plan=True)`） |
| `govflow_obligation_templates` | `{area}.active-disclosure`：政府信息形成或者变更之日起 20 个工作日内公开（政府信息公开条例第二十六条） |

安装：`pip install -e .`（或 `uv pip install -e .`），然后 `govflow plugins` 列出 `{entry}`；
停用：`GOVFLOW_DISABLE_PLUGINS={entry}`。测试：`python -m pytest tests`（需要 pytest；测试从 `src/` 导入插件，
安装后也检查入口点）。
"""


def plugin_files(name: str, area: str | None = None) -> dict[str, str]:
    """The files of a new plugin package *name* (a distribution name), by relative path.

    Raises :class:`ValueError` (in Chinese) for a name that is not a distribution name, or
    whose module or area id would not be valid.
    """
    if not _DIST_NAME.fullmatch(name):
        raise ValueError(
            f"{name!r} 不是有效的发行包名：只能由字母、数字和 . _ - 组成，且以字母或数字开头和结尾，"
            "如 govflow-archives"
        )
    normalized = re.sub(r"[-_.]+", "-", name).lower()
    module = normalized.replace("-", "_")
    if not module.isidentifier():
        raise ValueError(
            f"{name!r} 不能作为模块名 {module!r}：发行包名应以字母开头，如 govflow-archives"
        )
    entry = normalized.removeprefix("govflow-") or normalized
    area_id = area if area is not None else entry
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", area_id):
        raise ValueError(f"--area {area_id!r}：领域编号应为小写字母、数字和连字符，如 archives")
    values = {"dist": name, "module": module, "entry": entry, "area": area_id, "title": area_id}
    return {
        "pyproject.toml": _PYPROJECT.format(**values),
        "README.md": _README.format(**values),
        f"src/{module}/__init__.py": _MODULE.format(**values),
        f"src/{module}/py.typed": "",
        "tests/test_plugin.py": _TESTS.format(**values),
    }


@main.command("new-plugin")
@click.argument("name")
@click.option("--area", "area", metavar="ID", help="领域编号（默认取包名去掉 govflow- 前缀）。")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    help="写到该目录（默认 ./NAME）；目录已存在且不为空时拒绝。",
)
def new_plugin(name: str, area: str | None, out: str | None) -> None:
    """生成一个插件包：pyproject.toml（入口点组 govflow）、带一个领域和一项有依据的义务的模块、
    py.typed、README 和基于 govflow.testing.PluginContract 的测试。

    NAME 是发行包名，如 govflow-archives。退出码：0 已生成；2 名称无效或目录不为空。
    """
    try:
        files = plugin_files(name, area)
    except ValueError as exc:
        fail(str(exc))
    target = Path(out) if out is not None else Path(name)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        fail(f"{target}：目录已存在且不为空，不会覆盖；请换一个 --out 目录")
    from govflow.cli.output import write_reason

    try:
        for relative, text in files.items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
    except OSError as exc:
        fail(f"--out {target}：无法写入（{write_reason(exc)}）：{exc.filename or target}")
    click.echo(f"已生成插件包 {name}：{target}")
    for relative in files:
        click.echo(f"  {relative}")
    click.echo(f"安装并列出：pip install -e {target} && govflow plugins")
