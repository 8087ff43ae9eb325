"""FIN-06 审计整改结果: published by the 整改期限 the audit decision set (审计法 第五十二条 sets none).

The due dates are the records' own; the statuses follow by hand from them and the moment of
checking.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govflow.compliance.findings import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, citation_agrees, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
RULE = "finance.audit-rectification"
HEADER = ["编号", "单位", "类型", "公开日期", "整改期限", "标题"]


def test_the_result_is_judged_by_the_decisions_own_date(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "公开事项.csv",
        [
            HEADER,
            ["SJ-1", "县财政局", "审计整改结果", "2023-10-20", "2023-10-31", "整改情况"],
            ["SJ-2", "县民政局", "审计整改结果", "2023-11-03", "2023-10-31", "整改情况"],  # late
            ["SJ-3", "贡江镇", "审计整改", "2023-12-20", "2023-12-29", "整改情况"],  # not yet
            ["SJ-4", "县审计局", "审计整改结果", "2023-12-10", "2023-12-15", "整改情况"],  # later
            ["SJ-5", "县财政局", "审计整改结果", "2023-10-20", "", "整改情况"],  # no 整改期限
            ["YS-1", "县财政局", "预算", "2023-10-20", "", "2024年预算"],  # another kind
        ],
    )
    result = check_records(
        govflow_registry, govflow_plan, [path], date(2023, 11, 30), rejected_ok=True
    )
    status = {f.case: f.status for f in findings_of(result, RULE)}
    assert status == {
        "SJ-1": Status.MET,
        "SJ-2": Status.VIOLATED,
        "SJ-3": Status.PENDING,  # 2023-12-29 is more than 3 working days off
        "SJ-4": Status.PENDING,  # published after the moment: not yet a fact then
    }
    (late,) = findings_of(result, RULE, case="SJ-2")
    assert late.due == date(2023, 10, 31)
    assert late.done == date(2023, 11, 3)
    assert late.explanation == "审计决定确定的整改期限 2023-10-31；整改结果 2023-11-03 公开"
    assert "逾期办结" in late.action
    # the budget row (line 7) is another rule's (rejected by it for want of its 形成日期)
    (rejected,) = [r for r in result.rejected if r.line != 7]
    assert (rejected.line, rejected.field) == (6, "due")
    assert "审计决定书确定的期限" in rejected.reason
    assert "不推测" in rejected.reason
    citation_agrees(late.source.document, late.source.text, "FIN-06")


def test_a_file_without_the_column_is_not_judged_by_it(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "公开事项.csv",
        [HEADER[:4], ["SJ-1", "县财政局", "审计整改结果", "2023-10-20"]],
    )
    result = check_records(govflow_registry, govflow_plan, [path], date(2023, 11, 30))
    assert not findings_of(result, RULE)
    assert not result.rejected
    (unjudged,) = [u for u in result.unjudged if u.rule.id == RULE]
    assert unjudged.fields == ("due",)
