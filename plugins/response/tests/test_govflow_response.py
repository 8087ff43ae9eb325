"""govflow-response: registration, templates, binding to the Yudu 2023 plan, real due dates,
and checking 依申请公开 applications, 问政 messages and the weekly summary from records.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号),
never computed by the code under test.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import govflow_response
import pytest

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.periods.core import Extension, Period, PeriodUnit, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline
from govflow.plan.settings import ClockSettings
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, findings_of, write_csv

NAME = "response"
GOVFLOW_PLAN = "yudu-2023"


class TestContract(PluginContract):
    module = govflow_response
    areas: ClassVar[dict[str, str]] = {NAME: "回应关切与依申请公开"}
    plan = GOVFLOW_PLAN
    source_ids = r"[A-Z]{3,4}-\d{2}"


def test_bound_to_tasks_18_and_19_of_yudu_2023(govflow_plan: Plan) -> None:
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_response.RULES}
    requests = {
        "application-reply",
        "correction-notice",
        "third-party-opinion",
        "agency-opinion",
        "county-annual-report",
    }
    for rid, ob in added.items():
        assert ob.task == ("19" if rid.removeprefix("response.") in requests else "18"), rid
    # the plan's own message-reply limits stay, and the plugin does not repeat them
    assert govflow_plan.obligation("18.message-reply").origin == "plan"
    assert govflow_plan.obligation("18.simple-reply").origin == "plan"
    plugin_periods = {o.rule.period for o in added.values() if isinstance(o.rule, Deadline)}
    assert Period.parse("5个工作日") not in plugin_periods
    assert Period.parse("3个工作日") not in plugin_periods
    reply = {u.name for u in govflow_plan.owner_units(added["response.application-reply"])}
    assert {"县司法局", "县财政局", "贡江镇"} <= reply  # every unit that receives requests
    opinion = {u.name for u in govflow_plan.owner_units(added["response.opinion-response"])}
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
    reply = rules["response.application-reply"].settings
    assert isinstance(reply, ClockSettings)
    assert (reply.max_extension_workdays, reply.max_pause_workdays, reply.awaiting) == (
        20,
        15,
        "correction_notice",
    )


def test_reply_deadlines_across_national_day_2023(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    received = date(2023, 9, 27)
    expected = {  # by hand from the 2023 notice: 09-29..10-06 off, 10-07 and 10-08 make-up days
        "response.correction-notice": (7, date(2023, 10, 12)),
        "response.third-party-opinion": (15, date(2023, 10, 24)),
        "response.application-reply": (20, date(2023, 10, 31)),
    }
    for rid, (n, hand) in expected.items():
        rule = govflow_plan.obligation(rid).rule
        assert isinstance(rule, Deadline)
        due = compute_due(received, rule.period, calendar=govflow_calendar).due
        assert govflow_calendar.workdays_between(received, due) == n
        assert govflow_calendar.is_workday(due)
        assert govflow_calendar.workdays_between(received, due - timedelta(days=1)) == n - 1
        assert due == hand, rid
    reply = govflow_plan.obligation("response.application-reply")
    assert isinstance(reply.rule, Deadline)
    extended = compute_due(
        received,
        reply.rule.period,
        calendar=govflow_calendar,
        events=[Extension(20)],  # the most the head of the GOI office may grant
    ).due
    assert govflow_calendar.workdays_between(received, extended) == 40
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
    govflow_plan: Plan,
    govflow_calendar: WorkCalendar,
    received: date,
    notice: date,
    reply: date,
    extended: date,
) -> None:
    correction = govflow_plan.obligation("response.correction-notice").rule
    answer = govflow_plan.obligation("response.application-reply")
    assert isinstance(correction, Deadline)
    assert isinstance(answer.rule, Deadline)
    assert compute_due(received, correction.period, calendar=govflow_calendar).due == notice
    assert compute_due(received, answer.rule.period, calendar=govflow_calendar).due == reply
    longest = Extension(20)
    assert (
        compute_due(received, answer.rule.period, calendar=govflow_calendar, events=[longest]).due
        == extended
    )


def test_hour_limits_run_through_holidays(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    event = datetime(2023, 9, 29, 10, 0)  # 中秋节, the first day of the break
    for rid, hours in [
        ("response.emergency-authoritative-info", 5),
        ("response.emergency-press-conference", 24),
        ("response.opinion-response", 48),
    ]:
        rule = govflow_plan.obligation(rid).rule
        assert isinstance(rule, Deadline)
        due = compute_due(event, rule.period, calendar=govflow_calendar).due
        assert isinstance(due, datetime)
        assert due.replace(tzinfo=None) == event + timedelta(hours=hours)
    assert not govflow_calendar.is_workday(
        date(2023, 10, 1)
    )  # the 48-hour limit ends on a holiday, unmoved


# ---------------------------------------------------------------------------------------------
# Checking records: CSV files with Chinese headers, run through govflow.compliance.check.run_check

APPLICATION_HEADER = [
    "申请编号",
    "受理单位",
    "收到日期",
    "申请渠道",
    "补正告知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "延期批准日期",
    "延长工作日数",
    "答复日期",
    "视为放弃",
]
MESSAGE_HEADER = ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"]


def _check(
    govflow_registry: Registry,
    govflow_plan: Plan,
    files: Sequence[Path],
    as_of: date,
    start: date | None = None,
) -> CheckResult:
    return run_check(
        govflow_plan,
        files,
        calendar=govflow_registry.calendar(),
        as_of=as_of,
        start=start,
        kinds=govflow_registry.record_kinds(),
        extra_rules=govflow_registry.rules(govflow_plan),
    )


def _application(
    case: str,
    *,
    received: str = "2023-09-27",
    notice: str = "",
    corrected: str = "",
    consult: tuple[str, str] = ("", ""),
    extension: tuple[str, str] = ("", ""),
    replied: str = "",
    abandoned: str = "",
) -> list[str]:
    return [
        case,
        "县财政局",
        received,
        "网络",
        notice,
        corrected,
        *consult,
        *extension,
        replied,
        abandoned,
    ]


def test_evidence_of_the_request_rules() -> None:
    rules = {t.id: t for t in govflow_response.RULES}
    reply = rules["response.application-reply"].evidence
    assert reply is not None
    assert (reply.kind, reply.trigger, reply.done) == ("application", "received", "replied")
    assert (reply.restart, reply.pause_start, reply.pause_end) == (
        "corrected_received",
        "consult_start",
        "consult_end",
    )
    assert (reply.extension, reply.extension_approved, reply.unless) == (
        "extension_days",
        "extension_approved",
        "abandoned",
    )
    notice = rules["response.correction-notice"].evidence
    assert notice is not None
    assert (notice.trigger, notice.done, notice.requires) == (
        "received",
        "correction_notice",
        ("correction_notice",),
    )
    assert notice.restart is None  # 7 working days from the first receipt, never restarted
    # no record kind carries the consulted party's side: agenda entries only
    unchecked = {t.id for t in govflow_response.RULES if t.evidence is None}
    assert unchecked == {"response.third-party-opinion", "response.agency-opinion"}
    # 舆情 from opinion rows: found → answered in 48 hours; a 突发事件 from when it happened
    found = rules["response.opinion-response"].evidence
    assert found is not None
    assert (found.kind, found.trigger, found.done, found.where) == (
        "opinion",
        "detected",
        "responded",
        {"emergency": False},
    )
    for rid, done in [
        ("response.emergency-authoritative-info", "authoritative"),
        ("response.emergency-press-conference", "press_conference"),
    ]:
        ev = rules[rid].evidence
        assert ev is not None
        assert (ev.kind, ev.trigger, ev.done, ev.where) == (
            "opinion",
            "occurred",
            done,
            {"emergency": True},
        )


def test_application_reply_across_national_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    applications = write_csv(
        tmp_path / "applications.csv",
        [
            APPLICATION_HEADER,
            # by hand, received Wed 09-27: 09-28 is day 1; 09-29..10-06 off; 10-07 (Sat) and 10-08
            # (Sun) are days 2 and 3; 10-09..10-13 days 4-8, 10-16..20 days 9-13, 10-23..27 days
            # 14-18, 10-30 day 19, 10-31 day 20
            _application("A1", replied="2023-10-31"),
            _application("A2", replied="2023-11-01"),
            _application("A3"),  # no reply yet
        ],
    )
    result = _check(govflow_registry, govflow_plan, [applications], date(2023, 12, 31))
    assert result.rejected == []
    cases = {f.case: f for f in findings_of(result, "response.application-reply")}
    assert {k: (f.due, f.status) for k, f in cases.items()} == {
        "A1": (date(2023, 10, 31), Status.MET),
        "A2": (date(2023, 10, 31), Status.VIOLATED),
        "A3": (date(2023, 10, 31), Status.VIOLATED),
    }
    a1 = cases["A1"]
    assert a1.unit == "县财政局"
    assert "20个工作日" in a1.threshold
    assert "第三十三条" in a1.threshold
    assert any("中秋节" in step for step in a1.trace)
    assert any("2023-10-07" in step and "2023-10-08" in step for step in a1.trace)
    # at risk before the deadline: as of 10-27 (Fri), 10-30 and 10-31 are left
    early = _check(govflow_registry, govflow_plan, [applications], date(2023, 10, 27))
    (a3,) = findings_of(early, "response.application-reply", case="A3")
    assert a3.status is Status.AT_RISK
    assert (
        findings_of(
            _check(govflow_registry, govflow_plan, [applications], date(2023, 10, 9)),
            "response.application-reply",
            case="A3",
        )[0].status
        is Status.PENDING
    )


def test_application_reply_with_restart_pause_and_extension(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    applications = write_csv(
        tmp_path / "applications.csv",
        [
            APPLICATION_HEADER,
            _application("B1", notice="2023-09-28", corrected="2023-10-09"),
            _application(
                "B2",
                notice="2023-09-28",
                corrected="2023-10-09",
                consult=("2023-10-16", "2023-10-20"),
            ),
            _application(
                "B3",
                notice="2023-09-28",
                corrected="2023-10-09",
                consult=("2023-10-16", "2023-10-20"),
                extension=("2023-11-01", "10"),
                replied="2023-11-24",
            ),
            _application(
                "B4",
                notice="2023-09-28",
                corrected="2023-10-09",
                consult=("2023-10-16", "2023-10-20"),
                extension=("2023-11-01", "10"),
                replied="2023-11-27",
            ),
        ],
    )
    result = _check(govflow_registry, govflow_plan, [applications], date(2023, 12, 31))
    assert result.rejected == []
    cases = {f.case: f for f in findings_of(result, "response.application-reply")}
    # by hand:
    # B1: 补正 received Mon 10-09 restarts the count: 10-10..13 days 1-4, 10-16..20 days 5-9,
    #     10-23..27 days 10-14, 10-30..11-03 days 15-19, Mon 11-06 day 20
    # B2: consultation 10-16..10-20: 10-17..10-20 (4 working days) are not counted: 11-10
    # B3: +10 working days: 11-13..17, 11-20..24: 11-24 (replied that day)
    assert cases["B1"].due == date(2023, 11, 6)
    assert cases["B2"].due == date(2023, 11, 10)
    assert (cases["B3"].due, cases["B3"].status) == (date(2023, 11, 24), Status.MET)
    assert (cases["B4"].due, cases["B4"].status) == (date(2023, 11, 24), Status.VIOLATED)
    trace = " ".join(cases["B3"].trace)
    assert "重新" in trace  # the restart
    assert "2023-10-16 至 2023-10-20" in trace  # the pause
    assert "延长10个工作日" in trace  # the extension
    # the 补正 notice itself was due 7 working days after the first receipt: 10-12
    notices = {f.case: f for f in findings_of(result, "response.correction-notice")}
    assert {k: (f.due, f.status) for k, f in notices.items()} == {
        k: (date(2023, 10, 12), Status.MET) for k in ("B1", "B2", "B3", "B4")
    }


def test_extension_over_twenty_working_days_is_rejected(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    applications = write_csv(
        tmp_path / "applications.csv",
        [
            APPLICATION_HEADER,
            _application("C1", extension=("2023-10-20", "20"), replied="2023-11-28"),
            _application("C2", extension=("2023-10-20", "25"), replied="2023-12-05"),
        ],
    )
    result = _check(govflow_registry, govflow_plan, [applications], date(2023, 12, 31))
    # by hand: 20 + 20 working days from 09-27: day 20 is 10-31, then 11-01..03 (21-23),
    # 11-06..10 (24-28), 11-13..17 (29-33), 11-20..24 (34-38), 11-27 (39), 11-28 (40)
    (c1,) = findings_of(result, "response.application-reply", case="C1")
    assert (c1.due, c1.status) == (date(2023, 11, 28), Status.MET)
    assert not findings_of(result, "response.application-reply", case="C2")
    (rejected,) = result.rejected
    assert rejected.line == 3
    assert rejected.field == "extension_days"
    assert "25" in rejected.reason
    assert "20" in rejected.reason
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.rejected) == (2, 1, 1)
    assert result.exit_code == 1


def test_correction_notice_and_abandoned_request(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    applications = write_csv(
        tmp_path / "applications.csv",
        [
            APPLICATION_HEADER,
            # 7 working days from 09-27: 09-28, 10-07, 10-08, 10-09, 10-10, 10-11, 10-12
            _application("D1", notice="2023-10-12", corrected="2023-10-20", replied="2023-11-01"),
            _application("D2", notice="2023-10-13", abandoned="是"),
            _application("D3", replied="2023-10-20"),  # clear request: no 补正
        ],
    )
    result = _check(govflow_registry, govflow_plan, [applications], date(2023, 12, 31))
    assert result.rejected == []
    notices = {f.case: (f.due, f.status) for f in findings_of(result, "response.correction-notice")}
    assert notices == {
        "D1": (date(2023, 10, 12), Status.MET),
        "D2": (date(2023, 10, 12), Status.VIOLATED),
    }
    replies = {f.case: f.status for f in findings_of(result, "response.application-reply")}
    # D2 is 视为放弃申请: no reply is due; D1's period restarted on 10-20
    assert replies == {"D1": Status.MET, "D3": Status.MET}


def test_message_reply_limits_of_the_plan(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    messages = write_csv(
        tmp_path / "messages.csv",
        [
            MESSAGE_HEADER,
            # 5 working days from 09-27: 09-28, 10-07, 10-08, 10-09, 10-10
            ["M1", "县长信箱", "县民政局", "2023-09-27 10:00", "否", "2023-10-10 16:00"],
            ["M2", "县长信箱", "县民政局", "2023-09-27 10:00", "否", "2023-10-11 09:00"],
            # simple: 3 working days: 09-28, 10-07, 10-08 (a Sunday, a make-up working day)
            ["M3", "领导信箱", "县人社局", "2023-09-27 10:00", "是", "2023-10-08 11:00"],
            ["M4", "领导信箱", "县人社局", "2023-09-27 10:00", "是", "2023-10-09 11:00"],
        ],
    )
    result = _check(govflow_registry, govflow_plan, [messages], date(2023, 12, 31))
    assert result.rejected == []
    normal = {f.case: (f.due, f.status) for f in findings_of(result, "18.message-reply")}
    simple = {f.case: (f.due, f.status) for f in findings_of(result, "18.simple-reply")}
    assert normal == {
        "M1": (date(2023, 10, 10), Status.MET),
        "M2": (date(2023, 10, 10), Status.VIOLATED),
    }
    assert simple == {
        "M3": (date(2023, 10, 8), Status.MET),
        "M4": (date(2023, 10, 8), Status.VIOLATED),
    }
    (m1,) = findings_of(result, "18.message-reply", case="M1")
    assert "于府办字〔2023〕32号" in m1.threshold  # the plan's own limit


def test_weekly_summary_of_the_plan(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    header = ["单位", "类型", "日期", "标题"]
    # 每周汇总1次, due on Sunday or the last working day before it: Sun 09-24 -> Fri 09-22;
    # Sun 10-01 is a holiday, as are 09-29/09-30 -> Thu 09-28; Sun 10-08 is a make-up working
    # day -> 10-08 itself; Sun 10-15 -> Fri 10-13
    on_time = write_csv(
        tmp_path / "events.csv",
        [
            header,
            *[
                ["县大数据中心", "汇总", d, "依申请公开周汇总"]
                for d in ("2023-09-22", "2023-09-28", "2023-10-08", "2023-10-13")
            ],
        ],
    )
    result = _check(
        govflow_registry, govflow_plan, [on_time], date(2023, 10, 13), start=date(2023, 9, 18)
    )
    assert [(f.due, f.status) for f in findings_of(result, "19.weekly-summary")] == [
        (date(2023, 9, 22), Status.MET),
        (date(2023, 9, 28), Status.MET),
        (date(2023, 10, 8), Status.MET),
        (date(2023, 10, 13), Status.MET),
    ]
    missed = write_csv(
        tmp_path / "event_missed.csv",
        [
            header,
            *[
                ["县大数据中心", "汇总", d, "依申请公开周汇总"]
                for d in ("2023-09-22", "2023-10-08", "2023-10-13")
            ],
        ],
    )
    result = run_check(
        govflow_plan,
        [missed],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 10, 13),
        start=date(2023, 9, 18),
        kinds=govflow_registry.record_kinds(),
        kind_of={str(missed): "event"},
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    statuses = {f.due: f.status for f in findings_of(result, "19.weekly-summary")}
    assert statuses[date(2023, 9, 28)] is Status.VIOLATED  # nothing in 09-23..09-28
    assert statuses[date(2023, 10, 8)] is Status.MET
    assert {f.unit for f in findings_of(result, "19.weekly-summary")} == {"县大数据中心"}


# ---------------------------------------------------------------------------------------------
# 条例第四十九条第二款: the county's own annual report by 31 March (OGI-10)

COUNTY_REPORT = "response.county-annual-report"


def _county_reports(
    registry: Registry, plan: Plan, tmp_path: Path, rows: Sequence[Sequence[str]], as_of: date
) -> CheckResult:
    files = write_csv(
        tmp_path / "disclosures.csv", [["编号", "公开单位", "公开类型", "公开日期"], *rows]
    )
    return run_check(
        plan,
        [files],
        calendar=registry.calendar(),
        as_of=as_of,
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )


def test_county_annual_report_by_31_march_not_moved(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    ob = govflow_plan.obligation(COUNTY_REPORT)
    # 第三条: 县级以上地方人民政府办公厅（室）是本行政区域的政府信息公开工作主管部门
    assert [u.name for u in govflow_plan.owner_units(ob)] == ["县政府办"]
    assert ob.citation.clause == "第四十九条第二款"
    assert "每年3月31日前向社会公布本级政府上一年度" in ob.citation.text
    assert ob.citation.grade == "P"
    # 2024-03-31 is a Sunday: a calendar date, not moved to Monday 04-01 (time-rules OGI-10)
    late = _county_reports(
        govflow_registry,
        govflow_plan,
        tmp_path,
        [
            ["R1", "县政府办", "年度报告", "2024-01-26"],  # its own department report: not this
            ["R2", "县政府办", "本级政府年度报告", "2024-04-01"],
        ],
        date(2024, 4, 30),
    )
    (f,) = findings_of(late, COUNTY_REPORT)
    assert (f.unit, f.due, f.status) == ("县政府办", date(2024, 3, 31), Status.VIOLATED)
    on_time = _county_reports(
        govflow_registry,
        govflow_plan,
        tmp_path,
        [["R3", "县政府办", "本级政府年度报告", "2024-03-29"]],
        date(2024, 4, 30),
    )
    (f,) = findings_of(on_time, COUNTY_REPORT)
    assert (f.due, f.status) == (date(2024, 3, 31), Status.MET)
    assert f.evidence
    assert f.evidence[0].endswith(":2")
    nothing = _county_reports(govflow_registry, govflow_plan, tmp_path, [], date(2024, 2, 29))
    (f,) = findings_of(nothing, COUNTY_REPORT)
    assert f.status is Status.PENDING  # a month before the date
