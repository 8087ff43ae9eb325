"""govflow-livelihood: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import entry_points

import govflow_livelihood
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import Deadline, ObligationTemplate
from govflow.periods import Period, PeriodUnit, compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "livelihood"
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
    assert ep.value == "govflow_livelihood"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-livelihood"
    assert pm.get_plugin(NAME) is govflow_livelihood
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-livelihood"
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
    assert area.title == "重点民生领域信息公开"
    assert area.tasks_hint == (5,)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_livelihood.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("finance"))


@pytest.mark.parametrize("template", govflow_livelihood.RULES, ids=lambda t: t.id)
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


def test_land_rules_are_minimum_postings_of_the_right_length() -> None:
    rules = {t.id: t for t in govflow_livelihood.RULES}
    posting = rules["livelihood.land-compensation-notice"]
    pre = rules["livelihood.land-pre-notice"]
    approved = rules["livelihood.land-acquisition-notice"]
    expected = [
        (posting, PeriodUnit.DAYS, 30, True),
        (pre, PeriodUnit.WORKDAYS, 10, True),
        (approved, PeriodUnit.WORKDAYS, 15, False),
    ]
    for template, unit, amount, minimum in expected:
        assert isinstance(template.rule, Deadline)
        assert (template.rule.period.unit, template.rule.period.amount) == (unit, amount)
        assert template.params.get("minimum_posting", False) is minimum
        assert template.applies_to == ("县自然资源局",)
    # 土地管理法 第四十七条 and 实施条例 第二十八条 are one posting: one rule, not two
    thirty_day = [
        t
        for t in govflow_livelihood.RULES
        if isinstance(t.rule, Deadline) and t.rule.period == Period.parse("30日")
    ]
    assert thirty_day == [posting]
    assert "第二十八条" in posting.params["regulation"]


def test_bound_to_task_5_of_yudu_2023(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_livelihood.RULES}
    assert {o.task for o in added.values()} == {"5"}
    assert plan.task(5).area == NAME
    for rid in ("land-compensation-notice", "land-pre-notice", "land-acquisition-notice"):
        units = plan.owner_units(added[f"livelihood.{rid}"])
        assert [u.name for u in units] == ["县自然资源局"]
    subsidy = {u.name for u in plan.owner_units(added["livelihood.agri-subsidy"])}
    assert {"县乡村振兴局", "县农业农村局", "贡江镇", "段屋乡"} <= subsidy  # the task's units


def test_subsidy_20_workdays_across_labour_day_2023(plan: Plan, cal: WorkCalendar) -> None:
    rule = plan.obligation("livelihood.agri-subsidy").rule
    assert isinstance(rule, Deadline)
    formed = date(2023, 4, 20)
    due = compute_due(formed, rule.period, calendar=cal).due
    assert cal.workdays_between(formed, due) == 20
    assert cal.is_workday(due)
    assert cal.workdays_between(formed, due - timedelta(days=1)) == 19
    # by hand: 04-23 (Sun) and 05-06 (Sat) are make-up days; 04-29..05-03 off
    assert due == date(2023, 5, 19)


def test_land_postings_across_national_day_2023(plan: Plan, cal: WorkCalendar) -> None:
    posting = plan.obligation("livelihood.land-compensation-notice").rule
    pre = plan.obligation("livelihood.land-pre-notice").rule
    approved = plan.obligation("livelihood.land-acquisition-notice").rule
    assert isinstance(posting, Deadline)
    assert isinstance(pre, Deadline)
    assert isinstance(approved, Deadline)
    posted = date(2023, 9, 5)
    # day 30 is 10-05, inside 中秋国庆 (09-29..10-06): the posting runs to 10-07 (make-up Saturday)
    assert posted + timedelta(days=30) == date(2023, 10, 5)
    end = compute_due(posted, posting.period, calendar=cal).due
    assert end == date(2023, 10, 7)
    assert cal.is_workday(end)
    assert not any(cal.is_workday(posted + timedelta(days=k)) for k in range(30 - 6, 30 + 2))

    start = date(2023, 9, 27)
    pre_end = compute_due(start, pre.period, calendar=cal).due
    assert cal.workdays_between(start, pre_end) == 10
    assert pre_end == date(2023, 10, 17)
    notice_due = compute_due(start, approved.period, calendar=cal).due
    assert cal.workdays_between(start, notice_due) == 15
    assert cal.workdays_between(start, notice_due - timedelta(days=1)) == 14
    assert notice_due == date(2023, 10, 24)
