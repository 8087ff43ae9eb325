"""govflow-finance: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import entry_points

import govflow_finance
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import Deadline, ObligationTemplate
from govflow.periods import Period, PeriodUnit, compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "finance"
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
    assert ep.value == "govflow_finance"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-finance"
    assert pm.get_plugin(NAME) is govflow_finance
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-finance"
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
    assert area.title == "财政信息公开"
    assert area.tasks_hint == (4,)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_finance.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("response"))


@pytest.mark.parametrize("template", govflow_finance.RULES, ids=lambda t: t.id)
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


def test_budget_periods_are_natural_days_not_workdays() -> None:
    rules = {t.id: t for t in govflow_finance.RULES}
    for rid in (
        "finance.government-budget",
        "finance.department-budget",
        "finance.three-public-expenses",
    ):
        rule = rules[rid].rule
        assert isinstance(rule, Deadline)
        assert (rule.period.unit, rule.period.amount) == (PeriodUnit.DAYS, 20)
    # 三公经费 go out with the departmental 预决算: the same trigger, the same units
    assert rules["finance.three-public-expenses"].rule == rules["finance.department-budget"].rule
    assert (
        rules["finance.three-public-expenses"].applies_to
        == rules["finance.department-budget"].applies_to
    )
    assert rules["finance.three-public-expenses"].params["strict_workdays"] is False
    fee = rules["finance.fee-catalogue"].rule
    assert isinstance(fee, Deadline)
    assert (fee.period.unit, fee.period.amount) == (PeriodUnit.WORKDAYS, 20)


def test_bound_to_task_4_of_yudu_2023(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_finance.RULES}
    assert {o.task for o in added.values()} == {"4"}
    assert plan.task(4).area == NAME
    budget = plan.owner_units(added["finance.government-budget"])
    names = {u.name for u in budget}
    assert "县财政局" in names
    assert len(names) == 1 + 23  # and the 23 townships, each for its own 乡级预算
    departments = {u.name for u in plan.owner_units(added["finance.department-budget"])}
    assert "县财政局" in departments
    assert "县审计局" in departments
    assert not any(n.endswith(("镇", "乡")) for n in departments)
    assert [u.name for u in plan.owner_units(added["finance.fee-catalogue"])] == ["县财政局"]


def _nd_due(start: date, days: int, cal: WorkCalendar) -> date:
    """Natural days, the last day moved to the next working day (民法典 第二百零三条)."""
    end = start + timedelta(days=days)
    while not cal.is_workday(end):
        end += timedelta(days=1)
    return end


def test_budget_20_days_across_spring_festival_2023(plan: Plan, cal: WorkCalendar) -> None:
    rule = plan.obligation("finance.government-budget").rule
    assert isinstance(rule, Deadline)
    approved = date(2023, 1, 5)  # 县人代会 approves the budget in early January
    due = compute_due(approved, rule.period, calendar=cal)
    # day 20 is 2023-01-25 (春节 01-21..27 off); 01-28 is a Saturday 调休上班日
    assert date(2023, 1, 25) == approved + timedelta(days=20)
    assert due.due == _nd_due(approved, 20, cal) == date(2023, 1, 28)
    assert not due.provisional


def test_department_budget_and_strict_workdays_option(plan: Plan, cal: WorkCalendar) -> None:
    ob = plan.obligation("finance.three-public-expenses")
    assert isinstance(ob.rule, Deadline)
    replied = date(2023, 9, 12)  # 批复; day 20 is 10-02 in the 中秋国庆 break (09-29..10-06)
    due = compute_due(replied, ob.rule.period, calendar=cal).due
    assert due == _nd_due(replied, 20, cal) == date(2023, 10, 7)  # a 调休上班日 Saturday
    strict = compute_due(replied, ob.params["strict_period"], calendar=cal).due
    assert cal.workdays_between(replied, strict) == 20
    assert cal.is_workday(strict)
    assert cal.workdays_between(replied, strict - timedelta(days=1)) == 19
    assert strict == date(2023, 10, 16)
    assert strict > due  # 20 working days are not the stricter reading


def test_fee_catalogue_20_workdays_across_national_day(plan: Plan, cal: WorkCalendar) -> None:
    rule = plan.obligation("finance.fee-catalogue").rule
    assert isinstance(rule, Deadline)
    changed = date(2023, 9, 27)
    due = compute_due(changed, rule.period, calendar=cal).due
    assert cal.workdays_between(changed, due) == 20
    assert cal.is_workday(due)
    assert cal.workdays_between(changed, due - timedelta(days=1)) == 19
    # by hand: 09-28 is day 1; 09-29..10-06 off; 10-07, 10-08 make-up days are days 2 and 3
    assert due == date(2023, 10, 31)
