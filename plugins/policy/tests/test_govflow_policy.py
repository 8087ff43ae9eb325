"""govflow-policy: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import entry_points

import govflow_policy
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import Deadline, ObligationTemplate
from govflow.periods import Period, PeriodUnit, compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "policy"
ENV = ("GOVFLOW_DISABLE_PLUGINS", "GOVFLOW_LOAD_PLUGINS")


@pytest.fixture(scope="module")
def pm() -> Iterator[pluggy.PluginManager]:
    with pytest.MonkeyPatch.context() as mp:
        for var in ENV:
            mp.delenv(var, raising=False)
        yield get_plugin_manager()


@pytest.fixture(scope="module")
def plan(pm: pluggy.PluginManager) -> Plan:
    loaded: Plan = Registry(pm).load_plan("yudu-2023")
    return loaded


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.default()


def test_entry_point_installed_and_registered(pm: pluggy.PluginManager) -> None:
    (ep,) = entry_points(group="govflow", name=NAME)
    assert ep.value == "govflow_policy"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-policy"
    assert pm.get_plugin(NAME) is govflow_policy
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-policy"
    assert info.version == "0.1.0"
    assert {"govflow_areas", "govflow_obligation_templates"} <= set(info.hooks)


def test_disabled_plugin_leaves_the_core_working(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", NAME)
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
    registry = Registry(get_plugin_manager())
    assert NAME not in registry.areas()
    plan = registry.load_plan("yudu-2023")
    assert not [o for o in plan.obligations() if o.origin == NAME]


def test_area_and_templates(pm: pluggy.PluginManager) -> None:
    registry = Registry(pm)
    area = registry.areas()[NAME]
    assert area.title == "规范性文件与政策解读"
    assert area.tasks_hint == (6, 15, 16, 17)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_policy.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("finance"))


@pytest.mark.parametrize("template", govflow_policy.RULES, ids=lambda t: t.id)
def test_template_is_cited_and_parses(template: ObligationTemplate) -> None:
    assert template.id.startswith(f"{NAME}.")
    assert template.area == NAME
    c = template.citation
    assert c.document
    assert c.clause
    assert c.text
    assert c.source_id is not None
    assert re.fullmatch(r"[A-Z]{3,4}-\d{2}", c.source_id)
    if c.source_id in SOURCES:  # the core's registry agrees on the document and the words
        assert c.document in SOURCES[c.source_id].title
        assert c.text == SOURCES[c.source_id].quote
    assert template.params["evidence"] in {"P", "G", "S", "U"}
    if template.params["evidence"] == "U":
        assert "U" in template.title
    assert isinstance(template.rule, Deadline)
    reparsed = Period.parse(template.rule.period.text)
    assert reparsed == template.rule.period


def test_bound_to_task_6_without_repeating_the_plan(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {"policy.active-disclosure"}
    assert added["policy.active-disclosure"].task == "6"  # 行政规范性文件 动态更新
    # 三同步 (RSP-06) is the plan's own obligation on task 15; the plugin adds no same-day rule
    sync = plan.obligation("15.interpretation-sync")
    assert sync.origin == "plan"
    same_day = [
        o
        for o in plan.obligations()
        if isinstance(o.rule, Deadline) and o.rule.period.amount == 0 and o.rule.trigger
    ]
    assert [o.id for o in same_day] == ["15.interpretation-sync"]
    units = {u.name for u in plan.owner_units(added["policy.active-disclosure"])}
    assert {"县司法局", "县政府办", "贡江镇"} <= units


def test_active_disclosure_across_spring_festival_2023(plan: Plan, cal: WorkCalendar) -> None:
    rule = plan.obligation("policy.active-disclosure").rule
    assert isinstance(rule, Deadline)
    assert (rule.period.unit, rule.period.amount) == (PeriodUnit.WORKDAYS, 20)
    issued = date(2023, 1, 19)  # a 规范性文件 signed on the Thursday before 春节
    due = compute_due(issued, rule.period, calendar=cal).due
    assert cal.workdays_between(issued, due) == 20
    assert cal.is_workday(due)
    assert cal.workdays_between(issued, due - timedelta(days=1)) == 19
    # by hand: 01-20 is day 1; 01-21..27 off; 01-28 (Sat) and 01-29 (Sun) are days 2 and 3
    assert due == date(2023, 2, 21)
