"""govflow-response: registration, templates, binding to the Yudu 2023 plan, and real due dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from importlib.metadata import entry_points

import govflow_response
import pluggy
import pytest

from govflow.calendar import WorkCalendar
from govflow.obligations import Deadline, ObligationTemplate
from govflow.periods import Extension, Period, PeriodUnit, compute_due
from govflow.plan import Plan
from govflow.plugins import Registry, get_plugin_manager
from govflow.sources import SOURCES

NAME = "response"
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
    assert ep.value == "govflow_response"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-response"
    assert pm.get_plugin(NAME) is govflow_response
    info = {p.name: p for p in Registry(pm).plugins()}[NAME]
    assert not info.builtin
    assert info.distribution == "govflow-response"
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
    assert area.title == "回应关切与依申请公开"
    assert area.tasks_hint == (18, 19)
    assert registry.area_plugins()[NAME] == NAME
    templates = registry.obligation_templates(NAME)
    assert [t.id for _, t in templates] == [t.id for t in govflow_response.RULES]
    assert {plugin for plugin, _ in templates} == {NAME}
    assert all(p != NAME for p, _ in registry.obligation_templates("finance"))


@pytest.mark.parametrize("template", govflow_response.RULES, ids=lambda t: t.id)
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


def test_bound_to_tasks_18_and_19_of_yudu_2023(plan: Plan) -> None:
    added = {o.id: o for o in plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_response.RULES}
    requests = {"application-reply", "correction-notice", "third-party-opinion", "agency-opinion"}
    for rid, ob in added.items():
        assert ob.task == ("19" if rid.removeprefix("response.") in requests else "18"), rid
    # the plan's own message-reply limits stay, and the plugin does not repeat them
    assert plan.obligation("18.message-reply").origin == "plan"
    assert plan.obligation("18.simple-reply").origin == "plan"
    plugin_periods = {o.rule.period for o in added.values() if isinstance(o.rule, Deadline)}
    assert Period.parse("5个工作日") not in plugin_periods
    assert Period.parse("3个工作日") not in plugin_periods
    reply = {u.name for u in plan.owner_units(added["response.application-reply"])}
    assert {"县司法局", "县财政局", "贡江镇"} <= reply  # every unit that receives requests
    opinion = {u.name for u in plan.owner_units(added["response.opinion-response"])}
    assert {"县政府办", "县卫健委", "段屋乡"} <= opinion


def test_opinion_rules_cite_the_right_document() -> None:
    rules = {t.id: t for t in govflow_response.RULES}
    five = rules["response.emergency-authoritative-info"]
    assert "国办发〔2016〕80号" in five.citation.document
    assert "61号" not in five.citation.document
    for rid in ("response.emergency-press-conference", "response.opinion-response"):
        assert "国办发〔2016〕61号" in rules[rid].citation.document
    hours = {
        rid: rule.period.amount
        for rid, t in rules.items()
        if isinstance(rule := t.rule, Deadline) and rule.period.unit is PeriodUnit.HOURS
    }
    assert hours == {
        "response.emergency-authoritative-info": 5,
        "response.emergency-press-conference": 24,
        "response.opinion-response": 48,
    }
    assert rules["response.application-reply"].params["max_extension_workdays"] == 20


def test_reply_deadlines_across_national_day_2023(plan: Plan, cal: WorkCalendar) -> None:
    received = date(2023, 9, 27)
    expected = {  # by hand from the 2023 notice: 09-29..10-06 off, 10-07 and 10-08 make-up days
        "response.correction-notice": (7, date(2023, 10, 12)),
        "response.third-party-opinion": (15, date(2023, 10, 24)),
        "response.application-reply": (20, date(2023, 10, 31)),
    }
    for rid, (n, hand) in expected.items():
        rule = plan.obligation(rid).rule
        assert isinstance(rule, Deadline)
        due = compute_due(received, rule.period, calendar=cal).due
        assert cal.workdays_between(received, due) == n
        assert cal.is_workday(due)
        assert cal.workdays_between(received, due - timedelta(days=1)) == n - 1
        assert due == hand, rid
    reply = plan.obligation("response.application-reply")
    assert isinstance(reply.rule, Deadline)
    extended = compute_due(
        received,
        reply.rule.period,
        calendar=cal,
        events=[Extension(reply.params["max_extension_workdays"])],
    ).due
    assert cal.workdays_between(received, extended) == 40
    assert extended == date(2023, 11, 28)


@pytest.mark.parametrize(
    ("received", "notice", "reply", "extended"),
    [  # the worked examples of the domain brief (time-rules.md §1)
        (date(2025, 9, 26), date(2025, 10, 13), date(2025, 10, 30), date(2025, 11, 27)),
        (date(2026, 2, 6), date(2026, 2, 24), date(2026, 3, 12), date(2026, 4, 10)),
        (date(2024, 12, 20), date(2024, 12, 31), date(2025, 1, 20), date(2025, 2, 21)),
    ],
)
def test_brief_worked_examples(
    plan: Plan, cal: WorkCalendar, received: date, notice: date, reply: date, extended: date
) -> None:
    correction = plan.obligation("response.correction-notice").rule
    answer = plan.obligation("response.application-reply")
    assert isinstance(correction, Deadline)
    assert isinstance(answer.rule, Deadline)
    assert compute_due(received, correction.period, calendar=cal).due == notice
    assert compute_due(received, answer.rule.period, calendar=cal).due == reply
    longest = Extension(answer.params["max_extension_workdays"])
    assert compute_due(received, answer.rule.period, calendar=cal, events=[longest]).due == extended


def test_hour_limits_run_through_holidays(plan: Plan, cal: WorkCalendar) -> None:
    event = datetime(2023, 9, 29, 10, 0)  # 中秋节, the first day of the break
    for rid, hours in [
        ("response.emergency-authoritative-info", 5),
        ("response.emergency-press-conference", 24),
        ("response.opinion-response", 48),
    ]:
        rule = plan.obligation(rid).rule
        assert isinstance(rule, Deadline)
        due = compute_due(event, rule.period, calendar=cal).due
        assert isinstance(due, datetime)
        assert due.replace(tzinfo=None) == event + timedelta(hours=hours)
    assert not cal.is_workday(date(2023, 10, 1))  # the 48-hour limit ends on a holiday, unmoved
