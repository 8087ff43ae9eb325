"""Issue 11's readings of task 18, of 条例第三十二条 and of the reply's weight, each against the
words it rests on.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号).
Record ids, dates and channels are invented test data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Severity
from govflow.plugins.manager import Registry
from govflow.testing import findings_of, write_csv

SEED_18 = (
    "积极做好省长建言、问政江西、问政赣州及县政府网站网络问政的回复。"
    "……充分运用政府信息公开咨询电话、领导信箱、调查征集网上留言等互动渠道加强政民互动,"
    "整合回应资源,优化办理流程,广泛收集社会公众相关意见建议并及时有效答复,"
    "答复期限不超过5个工作日,简单问题在3个工作日内完成答复。"
)
"""于府办字〔2023〕32号 二、(六)18, as the seed has it (the middle sentence left out)."""

MESSAGES = ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"]
APPLICATIONS = [
    "申请编号",
    "受理单位",
    "收到日期",
    "征求意见开始日期",
    "征求意见书收到日期",
    "征求意见结束日期",
    "答复日期",
]


def _check(registry: Registry, plan: Plan, files: Sequence[Path], as_of: date) -> CheckResult:
    return run_check(
        plan,
        files,
        calendar=registry.calendar(),
        as_of=as_of,
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )


def test_the_5_and_3_working_days_bind_the_counties_channels_not_the_provinces(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 「答复期限不超过5个工作日」 closes the sentence of 「咨询电话、领导信箱、调查征集网上留言等互动渠道」;
    # the platforms of the sentence before (「省长建言、问政江西、问政赣州」) get no number
    assert "答复期限不超过5个工作日" in SEED_18
    messages = write_csv(
        tmp_path / "messages.csv",
        [
            MESSAGES,
            # all answered 10-11, past the 5 working days from 09-27 (due 10-10)
            ["L1", "领导信箱", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["L2", "县政府网站网络问政", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["L3", "咨询电话", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["L4", "", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["P1", "省长建言", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["P2", "问政江西", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            ["P3", "问政赣州", "县民政局", "2023-09-27 10:00", "是", "2023-10-11 09:00"],
            ["S1", "领导信箱", "县民政局", "2023-09-27 10:00", "是", "2023-10-11 09:00"],
        ],
    )
    result = _check(govflow_registry, govflow_plan, [messages], date(2023, 12, 31))
    assert result.rejected == []
    normal = {f.case: f.status for f in findings_of(result, "18.message-reply")}
    simple = {f.case: f.status for f in findings_of(result, "18.simple-reply")}
    assert normal == dict.fromkeys(("L1", "L2", "L3", "L4"), Status.VIOLATED)
    assert simple == {"S1": Status.VIOLATED}


def test_the_three_month_veto_counts_the_sites_consultation_columns_only(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # WEB-04: 「政务咨询类栏目…存在超过3个月未回应有效留言」; the provincial and municipal
    # platforms of task 18 are not the county site's columns, a phone line is no column at all
    messages = write_csv(
        tmp_path / "messages.csv",
        [
            MESSAGES,
            ["C1", "县长信箱", "县民政局", "2023-06-20 09:00", "否", ""],
            ["C2", "县政府网站网络问政", "县民政局", "2023-06-20 09:00", "否", ""],
            ["X1", "问政江西", "县民政局", "2023-06-20 09:00", "否", ""],
            ["X2", "省长建言", "县民政局", "2023-06-20 09:00", "否", ""],
            ["X3", "咨询电话", "县民政局", "2023-06-20 09:00", "否", ""],
            ["X4", "调查征集", "县民政局", "2023-06-20 09:00", "否", ""],
        ],
    )
    result = _check(govflow_registry, govflow_plan, [messages], date(2023, 10, 31))
    veto = {f.case: f for f in findings_of(result, "newmedia.message-response")}
    assert set(veto) == {"C1", "C2"}
    assert all(f.status is Status.VIOLATED for f in veto.values())
    assert all(f.severity is Severity.VETO for f in veto.values())


def _applications(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    return write_csv(path, [APPLICATIONS, *rows])


def test_the_third_partys_15_working_days_run_from_its_receipt(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 条例第三十二条: 「第三方应当自收到征求意见书之日起15个工作日内提出意见」.  Received Wed 09-27;
    # 09-28, 10-07, 10-08, 10-09 are days 1-4 of 20; consultation sent Mon 10-09, the answer
    # came 11-20, late.
    # T1, the third party received it Mon 10-16: its 15 working days end 11-06 (10-17..20,
    #   10-23..27, 10-30..11-03, 11-06); the clock stood 10-10..11-06 and runs again 11-07
    #   (day 5) .. 11-24 (day 18), 11-27 (19), 11-28 (20)
    # T2, no receipt recorded: counted from the dispatch, 15 working days end 10-30; days 5-20
    #   are 10-31 .. 11-21
    files = _applications(
        tmp_path / "applications.csv",
        [
            [
                "T1",
                "县财政局",
                "2023-09-27",
                "2023-10-09",
                "2023-10-16",
                "2023-11-20",
                "2023-11-27",
            ],
            ["T2", "县财政局", "2023-09-27", "2023-10-09", "", "2023-11-20", "2023-11-27"],
        ],
    )
    result = _check(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert result.rejected == []
    cases = {f.case: f for f in findings_of(result, "response.application-reply")}
    assert (cases["T1"].due, cases["T1"].status) == (date(2023, 11, 28), Status.MET)
    assert (cases["T2"].due, cases["T2"].status) == (date(2023, 11, 21), Status.VIOLATED)
    assert not any("未填" in step for step in cases["T1"].trace)
    (note,) = (step for step in cases["T2"].trace if "未填" in step)
    assert note.startswith("未填“征求意见书收到日期”")
    assert "2023-10-09 起算" in note


def test_the_receipt_cannot_come_before_the_dispatch(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _applications(
        tmp_path / "applications.csv",
        [["T3", "县财政局", "2023-09-27", "2023-10-09", "2023-10-08", "", ""]],
    )
    result = _check(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    (rejected,) = result.rejected
    assert "征求意见书收到日期" in rejected.reason


def test_an_overdue_reply_is_a_breach_of_the_regulation_not_points(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 条例第三十三条第二款 「自收到申请之日起20个工作日内予以答复」: a limit of the regulation
    files = _applications(
        tmp_path / "applications.csv",
        [
            ["B1", "县财政局", "2023-09-27", "", "", "", "2023-11-01"],  # due 10-31, late
            ["B2", "县财政局", "2023-09-27", "", "", "", ""],  # not answered
        ],
    )
    result = _check(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    cases = {f.case: f for f in findings_of(result, "response.application-reply")}
    assert {f.severity for f in cases.values()} == {Severity.BREACH}
    assert Severity.BREACH.label == "违反法定时限"
    # answered late: the lapse is over, the reason is owed; not answered: answer now
    assert cases["B1"].action == "逾期办结（期限 2023-10-31，2023-11-01 完成），须说明逾期原因"
    assert "须立即完成" in cases["B2"].action


def test_hours_run_from_the_moment_not_the_day() -> None:
    # 国办发〔2016〕80号: 「最迟要在5小时内发布权威信息」, from when the event happens
    rule = Deadline(Period.parse("5小时"), "特别重大、重大突发事件发生")
    assert rule.describe() == "特别重大、重大突发事件发生后5小时内"
    days = Deadline(Period.parse("20个工作日"), "收到申请")
    assert days.describe() == "收到申请之日起20个工作日内"
