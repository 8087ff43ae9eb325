"""Task 11 of the Yudu plan read as the seed has it (issue 11): 「开展每周一自查、每月一通报」 is
once a week and once a month, each due on its window's nominal last day.

Dates are checked by hand against the 2023 holiday notice (国办发明电〔2022〕16号); the event rows
are invented test data.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.schedule import occurrence_dates
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
CLAUSE = "开展每周一自查、每月一通报"


def test_a_self_check_on_any_day_of_the_week_counts(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    ob = govflow_plan.obligation("11.weekly-self-check")
    assert ob.citation.text == CLAUSE
    # Monday 10-09, then Friday 10-20: one in each week.  Read as 「every Monday」 the Monday
    # 10-16 would have no check since 10-09; read as 「once a week」 both weeks have theirs
    events = write_csv(
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期"],
            ["县司法局", "自查", "2023-10-09"],
            ["县司法局", "自查", "2023-10-20"],
        ],
    )
    result = check_records(
        govflow_registry, govflow_plan, [events], date(2023, 10, 31), start=date(2023, 10, 9)
    )
    weeks = {
        f.window: f.status
        for f in findings_of(result, "11.weekly-self-check", unit="县司法局")
        if f.due is not None and f.due <= date(2023, 10, 22)
    }
    assert weeks == {
        (date(2023, 10, 9), date(2023, 10, 15)): Status.MET,
        (date(2023, 10, 16), date(2023, 10, 22)): Status.MET,
    }


def test_the_monthly_bulletin_keeps_its_nominal_date(
    govflow_registry: Registry, govflow_plan: Plan
) -> None:
    # 「每月一通报」 says nothing of moving the date: 09-30 (a holiday) stays, as does 12-31
    ob = govflow_plan.obligation("11.monthly-bulletin")
    dues = occurrence_dates(
        ob, govflow_plan, date(2023, 9, 1), date(2023, 12, 31), govflow_registry.calendar()
    )
    assert [(d, note) for d, _, _, note in dues] == [
        (date(2023, 9, 30), ""),
        (date(2023, 10, 31), ""),
        (date(2023, 11, 30), ""),
        (date(2023, 12, 31), ""),
    ]
    assert "宜在此前的工作日发出" in ob.describe()  # the advice in its place


def test_task_18s_limits_leave_the_provincial_platforms_out(govflow_plan: Plan) -> None:
    # 「积极做好省长建言、问政江西、问政赣州及县政府网站网络问政的回复」 has no number; 「答复期限不超过
    # 5个工作日,简单问题在3个工作日内完成答复」 closes the sentence of 「政府信息公开咨询电话、领导信箱、
    # 调查征集网上留言等互动渠道」
    task = govflow_plan.task(18)
    assert "积极做好省长建言、问政江西、问政赣州及县政府网站网络问政的回复" in task.text
    for oid in ("18.message-reply", "18.simple-reply"):
        evidence = govflow_plan.obligation(oid).evidence
        assert evidence is not None
        assert evidence.where["channel"] == {"not": ["省长建言", "问政江西", "问政赣州"]}
