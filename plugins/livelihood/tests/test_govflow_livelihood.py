"""govflow-livelihood: registration, templates, binding to the Yudu 2023 plan, real due dates,
and checking 涉农补贴, 征地 notices and other disclosures from records.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号),
never computed by the code under test.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

import govflow_livelihood

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult
from govflow.compliance.rules import Status
from govflow.periods.core import Period, PeriodUnit, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline
from govflow.plan.settings import ClockSettings
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, check_records, findings_of, write_csv

NAME = "livelihood"
GOVFLOW_PLAN = "yudu-2023"


class TestContract(PluginContract):
    module = govflow_livelihood
    areas: ClassVar[dict[str, str]] = {NAME: "重点民生领域信息公开"}
    plan = GOVFLOW_PLAN
    source_ids = r"[A-Z]{3,4}-\d{2}"


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
        assert isinstance(template.settings, ClockSettings)
        assert template.settings.minimum_posting is minimum
        assert template.applies_to == ("县自然资源局",)
    # 土地管理法 第四十七条 and 实施条例 第二十八条 are one posting: one rule, not two
    thirty_day = [
        t
        for t in govflow_livelihood.RULES
        if isinstance(t.rule, Deadline) and t.rule.period == Period.parse("30日")
    ]
    assert thirty_day == [posting]
    assert "第二十八条" in (govflow_livelihood.__doc__ or "")


def test_bound_to_task_5_of_yudu_2023(govflow_plan: Plan) -> None:
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_livelihood.RULES}
    assert {o.task for o in added.values()} == {"5"}
    assert govflow_plan.task(5).area == NAME
    for rid in ("land-compensation-notice", "land-pre-notice", "land-acquisition-notice"):
        units = govflow_plan.owner_units(added[f"livelihood.{rid}"])
        assert [u.name for u in units] == ["县自然资源局"]
    subsidy = {u.name for u in govflow_plan.owner_units(added["livelihood.agri-subsidy"])}
    assert {"县乡村振兴局", "县农业农村局", "贡江镇", "段屋乡"} <= subsidy  # the task's units


def test_subsidy_20_workdays_across_labour_day_2023(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    rule = govflow_plan.obligation("livelihood.agri-subsidy").rule
    assert isinstance(rule, Deadline)
    formed = date(2023, 4, 20)
    due = compute_due(formed, rule.period, calendar=govflow_calendar).due
    assert govflow_calendar.workdays_between(formed, due) == 20
    assert govflow_calendar.is_workday(due)
    assert govflow_calendar.workdays_between(formed, due - timedelta(days=1)) == 19
    # by hand: 04-23 (Sun) and 05-06 (Sat) are make-up days; 04-29..05-03 off
    assert due == date(2023, 5, 19)


def test_land_postings_across_national_day_2023(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    posting = govflow_plan.obligation("livelihood.land-compensation-notice").rule
    pre = govflow_plan.obligation("livelihood.land-pre-notice").rule
    approved = govflow_plan.obligation("livelihood.land-acquisition-notice").rule
    assert isinstance(posting, Deadline)
    assert isinstance(pre, Deadline)
    assert isinstance(approved, Deadline)
    posted = date(2023, 9, 5)
    # day 30 is 10-05, inside 中秋国庆 (09-29..10-06): the posting runs to 10-07 (make-up Saturday)
    assert posted + timedelta(days=30) == date(2023, 10, 5)
    end = compute_due(posted, posting.period, calendar=govflow_calendar).due
    assert end == date(2023, 10, 7)
    assert govflow_calendar.is_workday(end)
    assert not any(
        govflow_calendar.is_workday(posted + timedelta(days=k)) for k in range(30 - 6, 30 + 2)
    )

    start = date(2023, 9, 27)
    pre_end = compute_due(start, pre.period, calendar=govflow_calendar).due
    assert govflow_calendar.workdays_between(start, pre_end) == 10
    assert pre_end == date(2023, 10, 17)
    notice_due = compute_due(start, approved.period, calendar=govflow_calendar).due
    assert govflow_calendar.workdays_between(start, notice_due) == 15
    assert govflow_calendar.workdays_between(start, notice_due - timedelta(days=1)) == 14
    assert notice_due == date(2023, 10, 24)


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


def test_evidence_kinds_do_not_overlap(govflow_plan: Plan) -> None:
    kinds: dict[str, str] = {}
    for template in govflow_livelihood.RULES:
        ev = template.evidence
        assert ev is not None, template.id
        assert ev.kind == "disclosure"
        wanted = ev.where["kind"]
        for k in wanted if isinstance(wanted, list) else [wanted]:
            assert k not in kinds, f"{k} is read by {kinds.get(k)} and {template.id}"
            kinds[k] = template.id
    # 补贴结果 is the plan's year-end, village-by-village duty, not AGR-01's
    assert "补贴结果" not in kinds
    sub = govflow_plan.obligation("8.subsidy-results").evidence
    assert sub is not None
    assert sub.where == {"kind": "补贴结果"}
    # every kind the plan's own obligations read stays with them
    for ob in govflow_plan.obligations():
        if ob.origin == "plan" and ob.evidence is not None and "kind" in ob.evidence.where:
            assert ob.evidence.where["kind"] not in kinds, ob.id
    rules = {t.id: t for t in govflow_livelihood.RULES}
    for rid in ("livelihood.land-pre-notice", "livelihood.land-compensation-notice"):
        ev = rules[rid].evidence
        assert ev is not None
        assert (ev.trigger, ev.ends, ev.done) == ("published", "ends", None)
    acquisition = rules["livelihood.land-acquisition-notice"].evidence
    assert acquisition is not None
    assert (acquisition.trigger, acquisition.done) == ("trigger", "published")


def test_subsidy_20_working_days_across_labour_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # formed 04-20 (Thu): 04-21 day 1; Sun 04-23 (make-up) day 2; 04-24..28 days 3-7;
            # 04-29..05-03 off; 05-04, 05-05 days 8-9; Sat 05-06 (make-up) day 10; 05-08..12
            # days 11-15; 05-15..19 days 16-20
            ["S1", "县农业农村局", "补贴申报", "2023-04-20", "2023-05-19"],
            ["S2", "贡江镇", "补贴公示", "2023-04-20", "2023-05-22"],
            ["S3", "县乡村振兴局", "补贴政策", "2023-04-20", "2023-04-21"],
            # the year-end result of plan task 8 is not judged by AGR-01 (no 形成日期 needed)
            ["R1", "贡江镇", "补贴结果", "", "2023-12-28", "", "上欧村"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "livelihood.agri-subsidy") == {
        "S1": (date(2023, 5, 19), Status.MET),
        "S2": (date(2023, 5, 19), Status.VIOLATED),
        "S3": (date(2023, 5, 19), Status.MET),
    }
    (s2,) = findings_of(result, "livelihood.agri-subsidy", case="S2")
    assert s2.unit == "贡江镇"
    assert s2.source.source_id == "AGR-01"
    assert any("劳动节" in step for step in s2.trace)
    (r1,) = findings_of(result, "8.subsidy-results", unit="贡江镇", entity="上欧村")
    assert r1.status is Status.MET


def test_land_notices_and_posting_periods(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # 预公告 posted 09-27 must stay up at least 10 working days: 09-28 (1), 10-07 (2),
            # 10-08 (3), 10-09..13 (4-8), 10-16 (9), 10-17 (10)
            ["P1", "县自然资源局", "征收土地预公告", "", "2023-09-27", "2023-10-17"],
            ["P2", "县自然资源局", "征收土地预公告", "", "2023-09-27", "2023-10-16"],
            # 补偿安置公告 posted 09-05, at least 30 days: day 30 is 10-05, in the break
            # (09-29..10-06 off), so it stays up to Saturday 10-07 (a make-up day)
            ["C1", "县自然资源局", "征地补偿安置公告", "", "2023-09-05", "2023-10-07"],
            ["C2", "县自然资源局", "征地公告", "", "2023-09-05", "2023-10-06"],
            # 征收土地公告 within 15 working days of receiving the approval on 09-27: 10-13 is
            # day 8, 10-16..20 days 9-13, 10-23 day 14, 10-24 day 15
            ["A1", "县自然资源局", "征收土地公告", "2023-09-27", "2023-10-24"],
            ["A2", "县自然资源局", "征收土地公告", "2023-09-27", "2023-10-25"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "livelihood.land-pre-notice") == {
        "P1": (date(2023, 10, 17), Status.MET),
        "P2": (date(2023, 10, 17), Status.VIOLATED),
    }
    assert _by_case(result, "livelihood.land-compensation-notice") == {
        "C1": (date(2023, 10, 7), Status.MET),
        "C2": (date(2023, 10, 7), Status.VIOLATED),
    }
    assert _by_case(result, "livelihood.land-acquisition-notice") == {
        "A1": (date(2023, 10, 24), Status.MET),
        "A2": (date(2023, 10, 24), Status.VIOLATED),
    }
    (c2,) = findings_of(result, "livelihood.land-compensation-notice", case="C2")
    assert "公示至 2023-10-06" in c2.explanation
    assert "第四十七条" in c2.threshold
    # a posting still up, its end not yet recorded, before the minimum has run: pending
    running = _disclosures(
        tmp_path / "running.csv",
        [["P3", "县自然资源局", "征收土地预公告", "", "2023-09-27"]],
    )
    early = check_records(govflow_registry, govflow_plan, [running], date(2023, 10, 10))
    assert _by_case(early, "livelihood.land-pre-notice") == {
        "P3": (date(2023, 10, 17), Status.PENDING)
    }


def test_other_livelihood_information_20_working_days(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # formed 09-27: day 20 is 10-31 (09-28, 10-07, 10-08, ...)
            ["L1", "县民政局", "社会救助", "2023-09-27", "2023-10-31"],
            ["L2", "县教科体局", "教育", "2023-09-27", "2023-11-01"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "livelihood.active-disclosure") == {
        "L1": (date(2023, 10, 31), Status.MET),
        "L2": (date(2023, 10, 31), Status.VIOLATED),
    }
    # the policy plugin's OGI-01 rule does not judge these kinds again
    assert not findings_of(result, "policy.active-disclosure")
