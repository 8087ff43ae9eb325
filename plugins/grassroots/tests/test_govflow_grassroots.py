"""govflow-grassroots: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import entry_points

import govflow_grassroots
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import ObligationTemplate, Per, Quota, Window
from govflow.periods import compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "grassroots"
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
    assert ep.value == "govflow_grassroots"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-grassroots"
    assert pm.get_plugin(NAME) is govflow_grassroots
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-grassroots"
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
    assert area.title == "基层政务公开"
    assert area.tasks_hint == (7, 8, 9, 13, 14)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_grassroots.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("finance"))


@pytest.mark.parametrize("template", govflow_grassroots.RULES, ids=lambda t: t.id)
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
    assert isinstance(template.rule, Quota)
    assert template.rule.minimum >= 1


def test_village_quotas() -> None:
    rules = {t.id: t for t in govflow_grassroots.RULES}
    expected = {
        "grassroots.village-affairs": (Window.QUARTER, "村务公开"),
        "grassroots.village-finance": (Window.MONTH, "村级财务"),
    }
    for rid, (window, kind) in expected.items():
        template = rules[rid]
        rule = template.rule
        assert isinstance(rule, Quota)
        assert (rule.minimum, rule.window, rule.counts) == (1, window, "disclosure")
        assert rule.where == {"kind": kind}
        assert template.per is Per.VILLAGE
        assert template.applies_to == ("各乡(镇)人民政府",)
        assert template.citation.document == "《中华人民共和国村民委员会组织法》"
        assert template.citation.clause.startswith("第三十条")
    assert rules["grassroots.village-finance"].params["condition"] == "集体财务往来较多"


def test_bound_to_task_8_of_yudu_2023(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_grassroots.RULES}
    assert {o.task for o in added.values()} == {"8"}  # 村务公开栏, 村级财务
    assert "村务" in plan.task(8).text
    for ob in added.values():
        units = plan.owner_units(ob)
        assert len(units) == 23
        assert all(u.name.endswith(("镇", "乡")) for u in units)


def test_quarterly_and_monthly_agenda_entries(plan: Plan, cal: WorkCalendar) -> None:
    from govflow.schedule import occurrences

    affairs = plan.obligation("grassroots.village-affairs")
    finance = plan.obligation("grassroots.village-finance")
    quarterly = occurrences(plan, plan.issued, date(2023, 12, 31), cal, obligations=[affairs])
    # Q2 began before the plan was issued (2023-06-18): Q3 and Q4, for each of 23 townships
    assert sorted({o.due for o in quarterly}) == [date(2023, 9, 30), date(2023, 12, 31)]
    assert len(quarterly) == 2 * 23
    assert all(o.entity for o in quarterly)  # village by village
    monthly = occurrences(plan, plan.issued, date(2023, 12, 31), cal, obligations=[finance])
    assert len({o.due for o in monthly}) == 6  # July to December
    assert len(monthly) == 6 * 23


def test_quarter_end_falls_in_holidays(cal: WorkCalendar) -> None:
    # the Q3 2023 window ends on 09-30, inside 中秋国庆 (09-29..10-06); Q4 on 12-31, inside
    # 元旦 2024 (2023-12-30..2024-01-01).  The date is not moved; the last working day is earlier.
    for start, end, last_workday in [
        (date(2023, 8, 15), date(2023, 9, 30), date(2023, 9, 28)),
        (date(2023, 11, 15), date(2023, 12, 31), date(2023, 12, 29)),
    ]:
        due = compute_due(start, "季度末前", calendar=cal)
        assert due.due == end
        assert not cal.is_workday(end)
        found = max(d for d in (end - timedelta(days=k) for k in range(1, 10)) if cal.is_workday(d))
        assert cal.workdays_between(found, end) == 0
        assert found == last_workday
        assert any(
            step.code == "anchor_day" and last_workday.isoformat() in step.text
            for step in due.trace
        )
