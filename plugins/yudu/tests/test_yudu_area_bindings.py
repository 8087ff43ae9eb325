"""Area bindings on the Yudu plan: a new area (安全生产) attaches to yudu-2023 without editing it,
by task numbers, keywords, units or the whole plan, and the plan file's ``[areas]`` table maps an
area to tasks.  Moved here from the core's tests: they need the real plan's tasks and units."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

import pytest
from yudu_files import PLAN_PATH, plan_from_dict

from govflow import hookimpl
from govflow.calendar.workcalendar import WorkCalendar
from govflow.errors import PluginError
from govflow.plan.obligations import Area, AreaBinding, Citation, ObligationTemplate, Quota, Window
from govflow.plan.planfile import PlanError
from govflow.plugins.manager import Registry

Register = Callable[..., Registry]
_CITE = Citation("《县安全生产信息公开工作制度》（示例）", "第五条", "每季度公开安全生产检查情况")


def _binding_plugin(*binds: AreaBinding, keywords: tuple[str, ...] = ()) -> object:
    class Safety:
        @hookimpl
        def govflow_areas(self) -> Iterable[Area]:
            return [Area("fire", "安全生产", binds=binds)]

        @hookimpl
        def govflow_obligation_templates(self, area: str) -> Iterable[ObligationTemplate]:
            if area != "fire":
                return []
            rule = Quota(1, Window.QUARTER, "disclosure", {"kind": "安全生产检查"})
            return [
                ObligationTemplate("fire.q", "检查公开", rule, _CITE, "fire", keywords=keywords)
            ]

    return Safety()


def test_binding_by_task_numbers_and_keywords(govflow_plugin: Register) -> None:
    binding = AreaBinding(tasks=(12,), keywords=("村务公开栏",))
    reg = govflow_plugin(_binding_plugin(binding), name="fire-plugin")
    plan = reg.load_plan("yudu-2023")
    assert "fire" in plan.areas
    assert [t.key for t in plan.area_tasks("fire")] == ["8", "12"]
    assert plan.areas_of(plan.task(12)) == ("newmedia", "fire")  # a task in two areas
    ob = plan.obligation("fire.q")
    assert (ob.task, ob.origin, ob.area) == ("8", "fire-plugin", "fire")  # the first task
    assert {u.name for u in plan.owner_units(ob)} == {
        u.name for u in plan.directory.expand_all(plan.task(8).responsible)
    }


def test_a_template_keyword_picks_the_task(govflow_plugin: Register) -> None:
    binding = AreaBinding(tasks=(8, 12))
    reg = govflow_plugin(_binding_plugin(binding, keywords=("线上",)), name="fire-plugin")
    assert reg.load_plan("yudu-2023").obligation("fire.q").task == "12"  # 创新线上特色…


def test_binding_to_units_only_for_the_plans_named(govflow_plugin: Register) -> None:
    binding = AreaBinding(units=("县政府办",), plans=("yudu-2023",))
    reg = govflow_plugin(_binding_plugin(binding), name="fire-plugin")
    plan = reg.load_plan("yudu-2023")
    ob = plan.obligation("fire.q")
    assert (ob.task, ob.applies_to) == ("", ("县政府办",))
    assert [u.name for u in plan.owner_units(ob)] == ["县政府办"]
    elsewhere = AreaBinding(units=("县政府办",), plans=("ganzhou-2023",))
    reg.pm.unregister(name="fire-plugin")
    reg.pm.register(_binding_plugin(elsewhere), name="fire-plugin")
    plan = reg.load_plan("yudu-2023")
    assert "fire" not in plan.areas
    assert not [o for o in plan.obligations() if o.area == "fire"]


def test_whole_plan_binding_reaches_every_tasks_units(govflow_plugin: Register) -> None:
    reg = govflow_plugin(_binding_plugin(AreaBinding(whole_plan=True)), name="fire-plugin")
    plan = reg.load_plan("yudu-2023")
    ob = plan.obligation("fire.q")
    assert ob.task == ""
    units = {u.name for u in plan.owner_units(ob)}
    assert {"县司法局", "县大数据中心", "贡江镇", "县税务局"} <= units
    assert plan.area_tasks("fire") == ()  # no task joins the area
    assert not [o for o in plan.obligations() if plan.in_area(o, "fire") and o.origin == "plan"]


@pytest.mark.parametrize(
    ("binding", "words"),
    [
        (
            AreaBinding(tasks=(3, 99)),
            ["插件 bad-binding", "'fire'", "binds[0]", "任务 99", "yudu-2023"],
        ),
        (
            AreaBinding(units=("县应急管理局",)),
            ["插件 bad-binding", "units", "'县应急管理局'", "'yudu'"],
        ),
    ],
)
def test_binding_to_what_the_plan_lacks_is_a_plugin_error(
    govflow_plugin: Register, binding: AreaBinding, words: list[str]
) -> None:
    reg = govflow_plugin(_binding_plugin(binding), name="bad-binding")
    with pytest.raises(PluginError) as err:
        reg.load_plan("yudu-2023")
    for word in words:
        assert word in str(err.value)


def test_a_binding_must_say_where() -> None:
    with pytest.raises(ValueError, match="tasks、keywords、units 或 whole_plan"):
        AreaBinding(plans=("yudu-2023",))


def _plan_data(**areas: object) -> dict[str, Any]:
    data = tomllib.loads(PLAN_PATH.read_text("utf-8"))
    data["areas"] = areas
    return data


def test_plan_file_areas_table_maps_an_area_to_tasks() -> None:
    from govflow.plan.planfile import dump_plan
    from govflow.report.agenda import build_agenda

    plan = plan_from_dict(_plan_data(fire={"tasks": [11, 13]}))
    assert plan.areas[-1] == "fire"
    assert plan.areas_of(plan.task(11)) == ("newmedia", "fire")
    agenda = build_agenda(
        plan, WorkCalendar.default(), start=date(2023, 9, 1), end=date(2023, 9, 30), area="fire"
    )
    assert {o.obligation.id for o in agenda.items} == {
        "11.weekly-self-check",
        "11.monthly-bulletin",
    }
    again = plan_from_dict(tomllib.loads(dump_plan(plan)))
    assert again.scopes == plan.scopes  # written back as the [areas] table


@pytest.mark.parametrize(
    ("areas", "key", "words"),
    [
        ({"fire": {"tasks": [12, 99]}}, "areas.fire.tasks[1]", "方案中没有任务 99"),
        (
            {"fire": {"units": ["县应急管理局"]}},
            "areas.fire.units[0]",
            "没有单位 '县应急管理局'",
        ),
        ({"fire": {"tasks": "12"}}, "areas.fire.tasks", "应为任务编号的列表"),
        ({"fire": {"task": [12]}}, "areas.fire", "未知的键 task"),
        ({"fire": {}}, "areas.fire", "应给出 tasks"),
        ({"Fire!": {"tasks": [1]}}, "areas.Fire!", "领域编号"),
    ],
)
def test_plan_file_areas_table_errors_name_the_key(
    areas: dict[str, object], key: str, words: str
) -> None:
    with pytest.raises(PlanError) as err:
        plan_from_dict(_plan_data(**areas), path="plan.toml")
    assert err.value.key == key
    assert words in str(err.value)
    assert str(err.value).startswith("plan.toml")
