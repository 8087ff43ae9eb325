"""govflow-finance: registration, templates, binding to the Yudu 2023 plan, real due dates,
and checking 预决算、三公经费 and 收费目录清单 disclosures from records.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号),
never computed by the code under test.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

import govflow_finance
import pytest

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.periods.core import Period, PeriodUnit, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline
from govflow.plan.planfile import PlanError, dump_plan, plan_from_dict
from govflow.plan.settings import SettingError
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, check_records, findings_of, write_csv

NAME = "finance"
GOVFLOW_PLAN = "yudu-2023"


class TestContract(PluginContract):
    module = govflow_finance
    areas: ClassVar[dict[str, str]] = {NAME: "财政信息公开"}
    plan = GOVFLOW_PLAN
    source_ids = r"[A-Z]{3,4}-\d{2}"


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
    assert rules["finance.three-public-expenses"].settings == govflow_finance.BudgetSettings()
    fee = rules["finance.fee-catalogue"].rule
    assert isinstance(fee, Deadline)
    assert (fee.period.unit, fee.period.amount) == (PeriodUnit.WORKDAYS, 20)


def test_bound_to_task_4_of_yudu_2023(govflow_plan: Plan) -> None:
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_finance.RULES}
    assert {o.task for o in added.values()} == {"4"}
    assert govflow_plan.task(4).area == NAME
    budget = govflow_plan.owner_units(added["finance.government-budget"])
    names = {u.name for u in budget}
    assert "县财政局" in names
    assert len(names) == 1 + 23  # and the 23 townships, each for its own 乡级预算
    departments = {u.name for u in govflow_plan.owner_units(added["finance.department-budget"])}
    assert "县财政局" in departments
    assert "县审计局" in departments
    assert not any(n.endswith(("镇", "乡")) for n in departments)
    assert [u.name for u in govflow_plan.owner_units(added["finance.fee-catalogue"])] == [
        "县财政局"
    ]


def _nd_due(start: date, days: int, govflow_calendar: WorkCalendar) -> date:
    """Natural days, the last day moved to the next working day (民法典 第二百零三条)."""
    end = start + timedelta(days=days)
    while not govflow_calendar.is_workday(end):
        end += timedelta(days=1)
    return end


def test_budget_20_days_across_spring_festival_2023(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    rule = govflow_plan.obligation("finance.government-budget").rule
    assert isinstance(rule, Deadline)
    approved = date(2023, 1, 5)  # 县人代会 approves the budget in early January
    due = compute_due(approved, rule.period, calendar=govflow_calendar)
    # day 20 is 2023-01-25 (春节 01-21..27 off); 01-28 is a Saturday 调休上班日
    assert date(2023, 1, 25) == approved + timedelta(days=20)
    assert due.due == _nd_due(approved, 20, govflow_calendar) == date(2023, 1, 28)
    assert not due.provisional


def test_fee_catalogue_20_workdays_across_national_day(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    rule = govflow_plan.obligation("finance.fee-catalogue").rule
    assert isinstance(rule, Deadline)
    changed = date(2023, 9, 27)
    due = compute_due(changed, rule.period, calendar=govflow_calendar).due
    assert govflow_calendar.workdays_between(changed, due) == 20
    assert govflow_calendar.is_workday(due)
    assert govflow_calendar.workdays_between(changed, due - timedelta(days=1)) == 19
    # by hand: 09-28 is day 1; 09-29..10-06 off; 10-07, 10-08 make-up days are days 2 and 3
    assert due == date(2023, 10, 31)


# ---------------------------------------------------------------------------------------------
# Checking records: CSV files with Chinese headers, run through govflow.compliance.check.run_check

DISCLOSURE_HEADER = [
    "编号",
    "公开单位",
    "公开类型",
    "形成日期",
    "公开日期",
    "公示结束日期",
    "村",
    "标题",
]


def _disclosures(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Disclosure rows: id, unit, kind, trigger, published[, ends[, village]]."""
    full = [[*r, *[""] * (7 - len(r)), f"{r[1]}{r[2]}"] for r in rows]
    return write_csv(path, [DISCLOSURE_HEADER, *full])


def _by_case(result: CheckResult, rule: str) -> dict[str | None, tuple[date | None, Status]]:
    return {f.case: (f.due, f.status) for f in findings_of(result, rule)}


def test_evidence_kinds_do_not_overlap() -> None:
    evidence = {t.id: t.evidence for t in govflow_finance.RULES}
    assert all(e is not None for e in evidence.values())
    kinds: dict[str, str] = {}
    for rid, ev in evidence.items():
        assert ev is not None
        assert (ev.kind, ev.trigger, ev.done) == ("disclosure", "trigger", "published")
        wanted = ev.where["kind"]
        for k in wanted if isinstance(wanted, list) else [wanted]:
            assert k not in kinds, f"{k} is read by {kinds.get(k)} and {rid}"
            kinds[k] = rid
    assert kinds == {
        "预算": "finance.government-budget",
        "决算": "finance.government-budget",
        "预算调整": "finance.government-budget",
        "预算执行情况": "finance.government-budget",
        "部门预算": "finance.department-budget",
        "部门决算": "finance.department-budget",
        "三公经费": "finance.three-public-expenses",
        "收费目录清单": "finance.fee-catalogue",
    }


def test_government_budget_20_days_with_the_last_day_rule(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # approved by the 人代会 on 2023-01-05: day 20 is 01-25, inside 春节 (01-21..27 off);
            # the deadline moves to the next working day, Saturday 01-28 (a make-up day)
            ["G1", "县财政局", "预算", "2023-01-05", "2023-01-28"],
            ["G2", "贡江镇", "决算", "2023-01-05", "2023-01-30"],
            # approved 2023-08-25: day 20 is 09-14 (Thu), a working day: no move
            ["G3", "段屋乡", "预算调整", "2023-08-25", "2023-09-14"],
            ["G4", "段屋乡", "预算执行情况", "2023-08-25", "2023-09-15"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "finance.government-budget") == {
        "G1": (date(2023, 1, 28), Status.MET),
        "G2": (date(2023, 1, 28), Status.VIOLATED),
        "G3": (date(2023, 9, 14), Status.MET),
        "G4": (date(2023, 9, 14), Status.VIOLATED),
    }
    (g1,) = findings_of(result, "finance.government-budget", case="G1")
    assert "20日" in g1.threshold
    assert "第十四条" in g1.threshold
    assert any("春节" in step for step in g1.trace)
    # 县财政局's 本级预算 is not also judged as its own 部门预算
    assert not findings_of(result, "finance.department-budget")


def test_department_budget_and_three_public_expenses_across_national_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # 批复 2023-09-12: day 20 is 10-02, inside 中秋国庆 (09-29..10-06 off); the deadline
            # moves to Saturday 10-07, a make-up working day
            ["D1", "县教科体局", "部门预算", "2023-09-12", "2023-10-07"],
            ["D2", "县卫健委", "部门决算", "2023-09-12", "2023-10-08"],
            ["D3", "县财政局", "部门预算", "2023-09-12", "2023-09-30"],
            ["T1", "县教科体局", "三公经费", "2023-09-12", "2023-10-07"],
            ["T2", "县审计局", "三公经费", "2023-09-12", "2023-10-09"],
            ["T3", "县审计局", "三公经费", "2023-12-20", ""],  # not yet published
        ],
    )
    result = run_check(
        govflow_plan,
        [files],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 12, 31),
        kinds=govflow_registry.record_kinds(),
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    # T3 has no publication date: the row is rejected (公开日期 is required), never dropped
    assert [(r.line, r.field) for r in result.rejected] == [(7, "published")]
    assert _by_case(result, "finance.department-budget") == {
        "D1": (date(2023, 10, 7), Status.MET),
        "D2": (date(2023, 10, 7), Status.VIOLATED),
        "D3": (date(2023, 10, 7), Status.MET),  # 县财政局 as a department: its own 部门预算
    }
    assert _by_case(result, "finance.three-public-expenses") == {
        "T1": (date(2023, 10, 7), Status.MET),
        "T2": (date(2023, 10, 7), Status.VIOLATED),
    }
    (t2,) = findings_of(result, "finance.three-public-expenses", case="T2")
    assert t2.unit == "县审计局"
    assert t2.source.source_id == "FIN-05"
    assert not findings_of(result, "finance.government-budget")


def test_fee_catalogue_20_working_days(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # changed 09-27: 09-28 day 1; 10-07, 10-08 days 2-3; ...; 10-31 day 20
            ["F1", "县财政局", "收费目录清单", "2023-09-27", "2023-10-31"],
            ["F2", "县财政局", "收费目录清单", "2023-09-27", "2023-11-01"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "finance.fee-catalogue") == {
        "F1": (date(2023, 10, 31), Status.MET),
        "F2": (date(2023, 10, 31), Status.VIOLATED),
    }


def test_department_budget_counts_natural_days(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    ob = govflow_plan.obligation("finance.three-public-expenses")
    assert isinstance(ob.rule, Deadline)
    replied = date(2023, 9, 12)  # 批复; day 20 is 10-02 in the 中秋国庆 break (09-29..10-06)
    due = compute_due(replied, ob.rule.period, calendar=govflow_calendar).due
    assert (
        due == _nd_due(replied, 20, govflow_calendar) == date(2023, 10, 7)
    )  # a 调休上班日 Saturday
    assert ob.settings == govflow_finance.BudgetSettings(strict_workdays=False)


def _strict_plan(govflow_registry: Registry, strict: object) -> Plan:
    """The Yudu plan overriding FIN-05 with the 2014 notice's working days switched on or off."""
    data = tomllib.loads(govflow_registry.plans()["yudu-2023"].path.read_text("utf-8"))
    owner = next(t for t in data["tasks"] if t["number"] == 4)
    owner.setdefault("obligations", []).append(
        {
            "id": "finance.three-public-expenses",
            "title": "“三公”经费预决算公开",
            "clause": "批复后20个工作日内公开“三公”经费预决算",
            "deadline": {"period": "20日", "trigger": "财政部门批复部门预算、决算"},
            "applies_to": ["县政府各部门"],
            "evidence": {
                "kind": "disclosure",
                "where": {"kind": "三公经费"},
                "trigger": "trigger",
                "done": "published",
            },
            "settings": {"strict_workdays": strict},
        }
    )
    bound: Plan = govflow_registry.bind(
        plan_from_dict(
            data,
            path="strict.toml",
            directories=govflow_registry.unit_directories(),
            settings=govflow_registry.template_settings(),
        )
    )
    return bound


def test_strict_workdays_switches_the_budget_period_to_working_days(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        # 批复 2023-09-12, published Tuesday 10-10
        [["S1", "县审计局", "三公经费", "2023-09-12", "2023-10-10"]],
    )
    rule = "finance.three-public-expenses"
    natural = check_records(
        govflow_registry, _strict_plan(govflow_registry, False), [files], date(2023, 12, 31)
    )
    strict = check_records(
        govflow_registry, _strict_plan(govflow_registry, True), [files], date(2023, 12, 31)
    )
    # off: 20 natural days end 10-02 (国庆 break, 09-29..10-06 off): moved to Saturday 10-07,
    # a make-up working day; published 10-10 is late
    assert _by_case(natural, rule) == {"S1": (date(2023, 10, 7), Status.VIOLATED)}
    # on: 20 working days by hand: 09-13..15 (1-3), 09-18..22 (4-8), 09-25..28 (9-12), the break,
    # 10-07 and 10-08 make-up days (13, 14), 10-09..13 (15-19), Monday 10-16 (20): on time
    assert _by_case(strict, rule) == {"S1": (date(2023, 10, 16), Status.MET)}
    (finding,) = findings_of(strict, rule)
    assert "20个工作日" in finding.threshold
    assert "20个工作日" in finding.explanation


def test_strict_workdays_round_trips_through_the_plan_file(govflow_registry: Registry) -> None:
    plan = _strict_plan(govflow_registry, True)
    text = dump_plan(plan)
    assert "strict_workdays = true" in text
    again = govflow_registry.bind(
        plan_from_dict(
            tomllib.loads(text),
            path="strict.toml",
            directories=govflow_registry.unit_directories(),
            settings=govflow_registry.template_settings(),
        )
    )
    ob = again.obligation("finance.three-public-expenses")
    assert ob.origin == "plan"
    assert ob.settings == govflow_finance.BudgetSettings(strict_workdays=True)
    assert again == plan


def test_strict_workdays_is_a_typed_setting(govflow_registry: Registry) -> None:
    settings = govflow_finance.BudgetSettings(strict_workdays=True)
    assert settings.period(Period.parse("20日")) == Period(PeriodUnit.WORKDAYS, 20)
    assert settings.period(Period.parse("3个月")) == Period.parse("3个月")  # days only
    with pytest.raises(SettingError, match=r"strict_workdays.*true 或 false"):
        govflow_finance.BudgetSettings(strict_workdays="yes")  # type: ignore[arg-type]
    with pytest.raises(PlanError, match=r"strict\.toml: .*settings\.strict_workdays: 应为"):
        _strict_plan(govflow_registry, "是")
