"""二、(三)9「活动结束后认真做好意见建议的整理、办理和反馈工作」: each 政务开放活动's opinions are
answered (the event's 反馈日期).  The plan sets no time: the check reads the plan's year, the
activity's year-end, as the limit, and the duty is a reminder (提醒), not a deduction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govflow.compliance.findings import Status
from govflow.plan.model import Plan
from govflow.plan.obligations import Severity
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
RULE = "9.open-day-feedback"
HEADER = ["编号", "单位", "类型", "日期", "标题", "反馈日期"]


def test_the_obligation_reads_as_the_plan_says(govflow_plan: Plan) -> None:
    ob = govflow_plan.obligation(RULE)
    assert ob.severity is Severity.REMINDER
    assert ob.citation.text == "活动结束后认真做好意见建议的整理、办理和反馈工作"
    assert ob.describe() == "政务开放活动结束后，年底前"


def test_each_activity_is_judged_by_its_feedback(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "工作事件.csv",
        [
            HEADER,
            ["K1", "县财政局", "开放活动", "2023-09-12", "开放日", "2023-09-20"],
            ["K2", "县民政局", "开放活动", "2023-10-10", "开放日", ""],
            ["K3", "县审计局", "开放活动", "2023-11-02", "开放日", "2024-01-05"],
            ["K4", "县财政局", "自查", "2023-09-12", "周自查", ""],  # not an activity
        ],
    )
    at_year_end = check_records(govflow_registry, govflow_plan, [path], date(2024, 1, 31))
    status = {f.case: f.status for f in findings_of(at_year_end, RULE)}
    assert status == {"K1": Status.MET, "K2": Status.VIOLATED, "K3": Status.VIOLATED}
    (late,) = findings_of(at_year_end, RULE, case="K3")
    assert late.due == date(2023, 12, 31)
    assert late.done == date(2024, 1, 5)
    assert "逾期办结" in late.action
    (never,) = findings_of(at_year_end, RULE, case="K2")
    assert never.explanation.startswith("日期 2023-10-10，年底前，期限 2023-12-31")
    # during the year nothing is late yet
    during = check_records(govflow_registry, govflow_plan, [path], date(2023, 10, 31))
    status = {f.case: f.status for f in findings_of(during, RULE)}
    assert status == {"K1": Status.MET, "K2": Status.PENDING}  # K3 not yet held


def test_a_ledger_without_the_column_is_not_judged_by_it(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "工作事件.csv",
        [HEADER[:5], ["K1", "县财政局", "开放活动", "2023-09-12", "开放日"]],
    )
    result = check_records(govflow_registry, govflow_plan, [path], date(2024, 1, 31))
    assert not findings_of(result, RULE)
    (unjudged,) = [u for u in result.unjudged if u.rule.id == RULE]
    assert unjudged.fields == ("feedback",)
    # the activity itself still counts for 9.open-day
    assert findings_of(result, "9.open-day", unit="县财政局")[0].status is Status.MET
