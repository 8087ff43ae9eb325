"""Duties of the Yudu plan (于府办字〔2023〕32号) encoded for issue 11, checked from records:

* 二、(六)19「各部门收到依申请公开后应当主动向县政府办报备」: ``19.application-filing``, read from
  the application's 报备日期 (``filed``).  The plan sets no number; the obligation gives the
  statutory reply period (条例第三十三条第二款, 20 working days) as the outer limit, while the
  case is open.
* 三、(四)「梳理形成本乡(镇)本部门工作方案,明确责任主体和时限要求」: ``三(四).unit-plan``, an event
  of kind 工作方案 in the plan's year.
* 三、(四)「开展政务信息公开工作人员“一起来找茬”活动」: ``三(四).fault-finding``, an event of kind
  一起来找茬 in the year (a reminder: the plan names no frequency).
* 三、(四)「要将政务公开工作纳入政府信息公开年度报告予以公开并做好解读」:
  ``三(四).annual-report-interpretation``, a disclosure of kind 年度报告解读 by the report's date
  (次年1月31日前, 条例第四十九条第一款).

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.obligations import Severity
from govflow.plugins.manager import Registry
from govflow.testing import findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"


def _check(
    registry: Registry, plan: Plan, path: Path, rows: Sequence[Sequence[str]], as_of: date
) -> CheckResult:
    """``govflow check`` of one file of *rows* (the first is the header) as of *as_of*."""
    return run_check(
        plan,
        [write_csv(path, rows)],
        calendar=registry.calendar(),
        as_of=as_of,
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )


def _statuses(result: CheckResult, rule: str) -> dict[str, tuple[date | None, Status]]:
    return {(f.case or f.unit): (f.due, f.status) for f in findings_of(result, rule)}


def test_application_filing_with_the_county_office(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    ob = govflow_plan.obligation("19.application-filing")
    assert ob.citation.clause == "二、(六)19"
    assert ob.citation.text == "各部门收到依申请公开后应当主动向县政府办报备"
    units = {u.name for u in govflow_plan.owner_units(ob)}
    assert {"县财政局", "县司法局"} <= units
    assert "贡江镇" not in units  # 「各部门」: the townships are not named
    header = ["申请编号", "受理单位", "收到申请日期", "报备日期", "答复日期"]
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path / "依申请公开.csv",
        [
            header,
            # received Wed 09-20: 09-21..28 days 1-6; 09-29..10-06 off; Sat 10-07 and Sun
            # 10-08 (make-up) days 7-8; 10-09..13 days 9-13; 10-16..20 days 14-18; 10-23,
            # 10-24 days 19-20
            ["A1", "县财政局", "2023-09-20", "2023-09-21", "2023-10-10"],
            ["A2", "县财政局", "2023-09-20", "2023-10-25", "2023-10-12"],
            ["A3", "县司法局", "2023-09-20", "", "2023-10-12"],  # never filed
            ["A4", "贡江镇", "2023-09-20", "", "2023-10-12"],  # a township: not this duty
        ],
        date(2023, 12, 31),
    )
    assert _statuses(result, "19.application-filing") == {
        "A1": (date(2023, 10, 24), Status.MET),
        "A2": (date(2023, 10, 24), Status.VIOLATED),
        "A3": (date(2023, 10, 24), Status.VIOLATED),
    }


def test_a_filing_date_before_receipt_is_rejected(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path / "依申请公开.csv",
        [
            ["申请编号", "受理单位", "收到申请日期", "报备日期"],
            ["B1", "县财政局", "2023-09-20", "2023-09-19"],
        ],
        date(2023, 12, 31),
    )
    (rej,) = result.rejected
    assert rej.field == "filed"
    assert "报备日期 2023-09-19 早于收到日期 2023-09-20" in rej.reason


def test_each_unit_issues_its_own_work_plan(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    plan_ob = govflow_plan.obligation("三(四).unit-plan")
    assert plan_ob.citation.clause == "三、(四)"
    assert "梳理形成本乡(镇)本部门工作方案" in plan_ob.citation.text
    hunt = govflow_plan.obligation("三(四).fault-finding")
    assert hunt.citation.text == "开展政务信息公开工作人员“一起来找茬”活动"
    assert hunt.severity is Severity.REMINDER
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期", "标题"],
            ["县司法局", "工作方案", "2023-07-10", "于都县司法局2023年政务公开工作方案"],
            ["贡江镇", "工作方案", "2023-08-01", "贡江镇2023年政务公开工作方案"],
            ["县司法局", "一起来找茬", "2023-11-15", "“一起来找茬”活动"],
        ],
        date(2024, 1, 15),
    )
    year = (date(2023, 1, 1), date(2023, 12, 31))
    plans = {f.unit: f for f in findings_of(result, "三(四).unit-plan")}
    assert plans["县司法局"].status is Status.MET
    assert plans["贡江镇"].status is Status.MET
    assert plans["县财政局"].status is Status.VIOLATED  # no plan of its own in 2023
    assert plans["县财政局"].window == year
    hunts = {f.unit: f.status for f in findings_of(result, "三(四).fault-finding")}
    assert hunts["县司法局"] is Status.MET
    assert hunts["县财政局"] is Status.VIOLATED


def test_annual_report_interpretation_by_31_january(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    ob = govflow_plan.obligation("三(四).annual-report-interpretation")
    assert ob.citation.text == "要将政务公开工作纳入政府信息公开年度报告予以公开并做好解读"
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path / "disclosures.csv",
        [
            ["编号", "公开单位", "公开类型", "公开日期"],
            ["R1", "县司法局", "年度报告", "2024-01-20"],
            ["R2", "县司法局", "年度报告解读", "2024-01-20"],
            ["R3", "县财政局", "年度报告", "2024-01-25"],
            ["R4", "县财政局", "年度报告解读", "2024-02-02"],  # after 31 January
        ],
        date(2024, 2, 29),
    )
    got = {f.unit: (f.due, f.status) for f in findings_of(result, ob.id)}
    assert got["县司法局"] == (date(2024, 1, 31), Status.MET)
    assert got["县财政局"] == (date(2024, 1, 31), Status.VIOLATED)
    assert got["贡江镇"] == (date(2024, 1, 31), Status.VIOLATED)  # none at all
    reports = {f.unit: f.status for f in findings_of(result, "三(四).annual-report")}
    assert reports["县财政局"] is Status.MET  # the report itself was on time
