"""govflow-newmedia: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib.metadata import entry_points

import govflow_newmedia
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import Deadline, ObligationTemplate
from govflow.periods import Period, PeriodUnit, compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "newmedia"
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
    assert ep.value == "govflow_newmedia"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-newmedia"
    assert pm.get_plugin(NAME) is govflow_newmedia
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-newmedia"
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
    assert area.title == "政府网站与政务新媒体"
    assert area.tasks_hint == (10, 11, 12)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_newmedia.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("finance"))


@pytest.mark.parametrize("template", govflow_newmedia.RULES, ids=lambda t: t.id)
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


def test_veto_rules_are_lookbacks() -> None:
    rules = {t.id: t for t in govflow_newmedia.RULES}
    expected = {
        "newmedia.account-update": (PeriodUnit.DAYS, 14),
        "newmedia.homepage-update": (PeriodUnit.DAYS, 14),
        "newmedia.news-columns": (PeriodUnit.DAYS, 14),
        "newmedia.notice-columns": (PeriodUnit.MONTHS, 6),
        "newmedia.message-response": (PeriodUnit.MONTHS, 3),
    }
    for rid, (unit, amount) in expected.items():
        rule = rules[rid].rule
        assert isinstance(rule, Deadline)
        assert rule.trigger
        assert (rule.period.unit, rule.period.amount) == (unit, amount)
        assert rules[rid].params["veto"] is True
        assert rules[rid].params["lookback"] is True
    assert rules["newmedia.account-update"].params["wording"] == "U"
    report = rules["newmedia.website-annual-report"].rule
    assert isinstance(report, Deadline)
    assert report.trigger is None
    assert report.period.unit is PeriodUnit.ANCHOR


def test_bound_to_tasks_10_and_11_of_yudu_2023(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_newmedia.RULES}
    assert added["newmedia.account-update"].task == "11"  # 政务新媒体
    website = set(added) - {"newmedia.account-update"}
    assert {added[i].task for i in website} == {"10"}  # 政府网站
    for rid in ("newmedia.homepage-update", "newmedia.website-annual-report"):
        assert [u.name for u in plan.owner_units(added[rid])] == ["县大数据中心"]
    owners = {u.name for u in plan.owner_units(added["newmedia.account-update"])}
    assert {"县政府办", "县财政局", "贡江镇"} <= owners  # 谁建设、谁负责: every account owner


def test_annual_report_is_a_dated_agenda_entry(plan: Plan, cal: WorkCalendar) -> None:
    from govflow.schedule import occurrences

    ob = plan.obligation("newmedia.website-annual-report")
    items = occurrences(plan, plan.issued, date(2024, 1, 31), cal, obligations=[ob])
    assert [(o.due, o.unit, o.task) for o in items] == [(date(2024, 1, 31), "县大数据中心", "10")]
    assert occurrences(plan, plan.issued, date(2024, 1, 30), cal, obligations=[ob]) == []


def test_annual_report_date_is_not_moved_for_spring_festival(cal: WorkCalendar) -> None:
    rule = {t.id: t for t in govflow_newmedia.RULES}["newmedia.website-annual-report"].rule
    assert isinstance(rule, Deadline)
    due = compute_due(date(2024, 6, 1), rule.period, calendar=cal)
    assert due.due == date(2025, 1, 31)  # inside 春节 2025 (01-28..02-04), fixed dates stay
    assert not cal.is_workday(due.due)
    # the last working day before it: 01-27 (Mon); 01-26 (Sun) is a make-up day
    last = max(d for d in (due.due - timedelta(days=k) for k in range(1, 15)) if cal.is_workday(d))
    assert last == date(2025, 1, 27)
    assert cal.is_workday(date(2025, 1, 26))
    assert any(step.code == "anchor_day" and "2025-01-27" in step.text for step in due.trace)


def test_lookbacks_are_not_extended_past_holidays(cal: WorkCalendar) -> None:
    rules = {t.id: t for t in govflow_newmedia.RULES}
    account = rules["newmedia.account-update"].rule
    messages = rules["newmedia.message-response"].rule
    assert isinstance(account, Deadline)
    assert isinstance(messages, Deadline)
    last = date(2023, 9, 20)
    # a check on 2023-10-05 looks back to 09-21: the 09-20 update no longer counts
    assert govflow_newmedia.monitoring_deadline(account.period, last) == date(2023, 10, 4)
    assert not cal.is_workday(date(2023, 10, 4))  # 国庆 break; the monitor still checks
    # the legal-period reading would move it to the first working day after the break
    assert compute_due(last, account.period, calendar=cal).due == date(2023, 10, 7)
    # months: the corresponding day, or the month's last day (民法典 第二百零二条)
    assert govflow_newmedia.monitoring_deadline(messages.period, date(2023, 7, 5)) == date(
        2023, 10, 5
    )
    assert govflow_newmedia.monitoring_deadline(messages.period, date(2023, 11, 30)) == date(
        2024, 2, 29
    )
    assert govflow_newmedia.monitoring_deadline(Period.parse("1年"), date(2024, 2, 29)) == date(
        2025, 2, 28
    )
    with pytest.raises(ValueError, match="look-back"):
        govflow_newmedia.monitoring_deadline(Period.parse("5个工作日"), last)
