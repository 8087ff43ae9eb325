"""The generic rules of plan obligations and the staleness rule, checked from small CSV files.

Only govflow's built-ins are loaded (``GOVFLOW_LOAD_PLUGINS=""``), so the findings do not depend
on the area plugins installed; the plan is the invented 测试县 plan of tests/data (the obligations
of a real county plan), and obligations the tests need beyond it are made here.  Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号:
中秋国庆 2023-09-29..10-06 off, Saturday 10-07 and Sunday 10-08 working days; 元旦 2023-12-30..
2024-01-01 off), never computed by the code under test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import (
    AnchorRule,
    Context,
    Finding,
    QuotaRule,
    RecurrenceRule,
    Status,
    TriggeredRule,
    obligation_rules,
)
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Evidence,
    Obligation,
    Per,
    Quota,
    Severity,
    Window,
)
from govflow.plan.settings import ClockSettings
from govflow.plan.units import Unit, UnitKind
from govflow.plan.villages import FALLBACK_ENTITY
from govflow.plugins.manager import Registry, get_plugin_manager
from plans import CESHI_PLAN, CITE, posting_duty


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_LOAD_PLUGINS", "")
        mp.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
        yield Registry(get_plugin_manager())


@pytest.fixture(scope="module")
def plan(registry: Registry) -> Plan:
    loaded: Plan = registry.load_plan(CESHI_PLAN)  # the invented 测试县 plan (tests/data)
    return loaded


@pytest.fixture(scope="module")
def cal(registry: Registry) -> WorkCalendar:
    calendar: WorkCalendar = registry.calendar()
    return calendar


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def check(
    registry: Registry,
    plan: Plan,
    files: Sequence[Path],
    as_of: date,
    **kw: Any,
) -> CheckResult:
    return run_check(
        plan, files, calendar=registry.calendar(), as_of=as_of, kinds=registry.record_kinds(), **kw
    )


def found(result: CheckResult, rule: str, **fields: Any) -> list[Finding]:
    return [
        f
        for f in result.findings
        if f.rule == rule and all(getattr(f, k) == v for k, v in fields.items())
    ]


def accounted(result: CheckResult) -> None:
    for s in result.files:
        assert s.read == s.evaluated + s.rejected, s
    assert sum(s.rejected for s in result.files) == len(result.rejected)


def test_only_the_plans_own_obligations(plan: Plan, registry: Registry) -> None:
    assert {o.origin for o in plan.obligations()} == {"plan"}
    assert registry.rules(plan) == []
    kinds = {type(r).__name__: r for r in obligation_rules(plan, registry.record_kinds())}
    assert set(kinds) == {"QuotaRule", "RecurrenceRule", "AnchorRule", "TriggeredRule"}


# ---------------------------------------------------------------------------------------------
# Quotas

POST = ["网站或账号", "平台类型", "单位", "栏目", "发布时间", "标题"]


def post(
    unit: str, when: str, column: str = "工作动态", site: str = "测试县人民政府网"
) -> list[str]:
    platform = "网站" if site.endswith("网") else "政务新媒体"
    return [site, platform, unit, column, when, f"{unit}{column}{when}"]


def test_weekly_quota_met_violated_at_risk_pending(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    posts = write(
        tmp_path / "posts.csv",
        [
            POST,
            post("县财政局", "2023-08-28 09:00"),  # week 08-28..09-03: 2 posts
            post("县财政局", "2023-09-01 09:00"),
            post("县财政局", "2023-09-05 09:00"),  # week 09-04..09-10: 1 post
            post("县财政局", "2023-09-06 09:00", column="通知公告"),  # not 动态: not counted
            post("县财政局", "2023-09-11 09:00"),  # week 09-11..09-17: 1 post so far
            post("县财政局", "2023-09-16 10:00"),  # Saturday: after the moment of checking
        ],
    )
    start = date(2023, 8, 28)
    weekly = "10.weekly-updates"

    def week(as_of: date, first: date, lead_time: int = 3) -> Any:
        result = check(registry, plan, [posts], as_of, start=start, lead_time=lead_time)
        accounted(result)
        (f,) = found(result, weekly, unit="县财政局", window=(first, first + timedelta(days=6)))
        return f

    # as of Friday 09-15: the first two weeks are over
    met = week(date(2023, 9, 15), date(2023, 8, 28))
    assert (met.status, met.actual, met.expected) == (Status.MET, 2, 2)
    assert met.evidence_count == 2
    assert met.due == date(2023, 9, 3)
    late = week(date(2023, 9, 15), date(2023, 9, 4))
    assert (late.status, late.actual) == (Status.VIOLATED, 1)
    assert "差1" in late.action
    assert (
        late.explanation
        == "县财政局在2023-09-04至2023-09-10共1条（项），要求每周至少2次更新（不少于2）"
    )
    # the current week, one post by Friday (Saturday's is not known yet): no working day is
    # left before Sunday 09-17, so it is at risk whatever the lead time
    for lead in (0, 3):
        risk = week(date(2023, 9, 15), date(2023, 9, 11), lead)
        assert (risk.status, risk.actual) == (Status.AT_RISK, 1), lead
        assert "还差1" in risk.action
    # as of Wednesday 09-13, two working days are left (09-14, 09-15)
    assert week(date(2023, 9, 13), date(2023, 9, 11), 1).status is Status.PENDING
    assert week(date(2023, 9, 13), date(2023, 9, 11), 2).status is Status.AT_RISK
    # as of Sunday 09-17 Saturday's post counts: the week is met
    assert week(date(2023, 9, 17), date(2023, 9, 11)).status is Status.MET
    # the next week has not begun as of 09-17: no finding for it
    result = check(registry, plan, [posts], date(2023, 9, 17), start=start)
    assert not found(result, weekly, window=(date(2023, 9, 18), date(2023, 9, 24)))


def test_quota_windows_begin_with_the_plan(registry: Registry, plan: Plan, tmp_path: Path) -> None:
    # the plan was issued on Sunday 2023-06-18: the week 06-12..06-18 and June are not owed
    posts = write(
        tmp_path / "posts.csv",
        [POST, post("县财政局", "2023-06-12 09:00"), post("县财政局", "2023-06-14 09:00")],
    )
    result = check(registry, plan, [posts], date(2023, 7, 5))
    assert result.start == date(2023, 6, 18)
    assert [f.window for f in found(result, "10.weekly-updates", unit="县财政局")] == [
        (date(2023, 6, 19), date(2023, 6, 25)),
        (date(2023, 6, 26), date(2023, 7, 2)),
        (date(2023, 7, 3), date(2023, 7, 9)),
    ]
    assert [f.window for f in found(result, "10.monthly-total", unit="县财政局")] == [
        (date(2023, 7, 1), date(2023, 7, 31))
    ]
    assert all(f.actual == 0 for f in found(result, "10.weekly-updates", unit="县财政局"))
    # --from on a Wednesday: that week is not owed either
    later = check(registry, plan, [posts], date(2023, 9, 24), start=date(2023, 9, 13))
    assert [f.window for f in found(later, "10.weekly-updates", unit="县财政局")] == [
        (date(2023, 9, 18), date(2023, 9, 24))
    ]


def test_yearly_quota_across_the_national_day_break(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    events = write(
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期", "标题"],
            ["县财政局", "开放活动", "2023-10-08", "政府开放日（调休上班日）"],
            ["县审计局", "自查", "2023-10-08", "不是开放活动"],
        ],
    )
    year = (date(2023, 1, 1), date(2023, 12, 31))  # the year window, though the plan is of June

    def status(as_of: date, unit: str) -> Status:
        result = check(registry, plan, [events], as_of)
        (f,) = found(result, "9.open-day", unit=unit, window=year)
        return f.status

    assert status(date(2023, 12, 20), "县财政局") is Status.MET
    # working days left after 12-20: 21, 22, 25, 26, 27, 28, 29 (12-30..01-01 元旦)
    assert status(date(2023, 12, 20), "县审计局") is Status.PENDING
    # after 12-27 only 12-28 and 12-29 are left
    assert status(date(2023, 12, 27), "县审计局") is Status.AT_RISK
    assert status(date(2024, 1, 2), "县审计局") is Status.VIOLATED


def _village_plan(plan: Plan) -> Plan:
    """The plan with a quarterly per-village duty for two townships; 东城镇 lists three
    villages in the directory, 西山乡 none."""
    duty = Obligation(
        "t.village-affairs",
        "村务公开每季度",
        Quota(1, Window.QUARTER, "disclosure", {"kind": "村务公开"}, "每季度至少1次"),
        CITE,
        applies_to=("东城镇", "西山乡"),
        per=Per.VILLAGE,
        area="grassroots",
        task="8",
    )
    directory = plan.directory.merged(
        [
            Unit(
                "东城镇",
                UnitKind.TOWNSHIP,
                "测试县东城镇人民政府",
                villages=("上村", "下村", "中村"),
            )
        ]
    )
    return evolve(plan.with_obligations((duty,)), directory=directory)


def test_per_village_quota_includes_directory_villages_without_records(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    villages = _village_plan(plan)
    disclosures = write(
        tmp_path / "disclosures.csv",
        [
            ["单位", "类型", "公开日期", "村"],
            ["东城镇", "村务公开", "2023-07-10", "上村"],
            ["东城镇", "村务公开", "2023-10-07", "上村"],  # a make-up Saturday
            ["东城镇", "村务公开", "2023-08-01", "外村"],  # a village the directory lacks
            ["西山乡", "村务公开", "2023-09-30", ""],  # no village named
        ],
    )
    result = check(registry, villages, [disclosures], date(2023, 11, 1))
    accounted(result)
    q3 = (date(2023, 7, 1), date(2023, 9, 30))
    q4 = (date(2023, 10, 1), date(2023, 12, 31))
    town = {
        (f.entity, f.window): (f.status, f.actual)
        for f in found(result, "t.village-affairs", unit="东城镇")
    }
    assert town == {
        ("上村", q3): (Status.MET, 1),
        ("下村", q3): (Status.VIOLATED, 0),
        ("中村", q3): (Status.VIOLATED, 0),
        ("外村", q3): (Status.MET, 1),
        ("上村", q4): (Status.MET, 1),
        ("下村", q4): (Status.PENDING, 0),
        ("中村", q4): (Status.PENDING, 0),
        ("外村", q4): (Status.PENDING, 0),
    }
    other = {
        (f.entity, f.window): f.status for f in found(result, "t.village-affairs", unit="西山乡")
    }
    assert other == {(FALLBACK_ENTITY, q3): Status.MET, (FALLBACK_ENTITY, q4): Status.PENDING}
    # the quarter before the plan (04-01..06-30) is not owed
    assert all(
        f.window is not None and f.window[0] >= date(2023, 7, 1)
        for f in found(result, "t.village-affairs")
    )


# ---------------------------------------------------------------------------------------------
# Recurrences

EVENT = ["单位", "类型", "日期", "标题"]


def test_weekly_self_check_on_a_holiday_monday(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    # 每周一自查: Mondays 09-18 and 09-25; Monday 10-02 is in the break, so that week's check is
    # due on the next working day, Saturday 10-07 (a make-up day); then Mondays 10-09, 10-16
    events = write(
        tmp_path / "events.csv",
        [
            EVENT,
            ["县财政局", "自查", "2023-09-18", "自查"],
            ["县财政局", "自查", "2023-09-25", "自查"],
            ["县财政局", "自查", "2023-10-07", "自查（调休上班日）"],
            ["县财政局", "自查", "2023-10-09", "自查"],
            ["县审计局", "自查", "2023-09-18", "自查"],
            ["县审计局", "自查", "2023-09-25", "自查"],
            ["县审计局", "自查", "2023-10-08", "自查（调休上班日，周日）"],
            ["县审计局", "自查", "2023-10-13", "自查（周五，下周一前）"],
            ["县司法局", "自查", "2023-10-16", "自查（检查时点之后）"],
        ],
    )
    result = check(registry, plan, [events], date(2023, 10, 12), start=date(2023, 9, 18))
    accounted(result)
    rule = "11.weekly-self-check"

    def table(unit: str) -> list[tuple[Any, ...]]:
        return sorted((f.due, f.window, f.status, f.actual) for f in found(result, rule, unit=unit))

    assert table("县财政局") == [
        (date(2023, 9, 18), (date(2023, 9, 18), date(2023, 9, 18)), Status.MET, 1),
        (date(2023, 9, 25), (date(2023, 9, 19), date(2023, 9, 25)), Status.MET, 1),
        (date(2023, 10, 7), (date(2023, 9, 26), date(2023, 10, 7)), Status.MET, 1),
        (date(2023, 10, 9), (date(2023, 10, 8), date(2023, 10, 9)), Status.MET, 1),
        # as of Thursday 10-12, two working days (10-13, 10-16) are left: at risk
        (date(2023, 10, 16), (date(2023, 10, 10), date(2023, 10, 16)), Status.AT_RISK, 0),
    ]
    # 县审计局 checked on Sunday 10-08 (worked): too late for the occurrence of 10-07, in time
    # for that of 10-09; Friday 10-13 is after the moment of checking, not yet known
    assert table("县审计局")[2:] == [
        (date(2023, 10, 7), (date(2023, 9, 26), date(2023, 10, 7)), Status.VIOLATED, 0),
        (date(2023, 10, 9), (date(2023, 10, 8), date(2023, 10, 9)), Status.MET, 1),
        (date(2023, 10, 16), (date(2023, 10, 10), date(2023, 10, 16)), Status.AT_RISK, 0),
    ]
    (missed,) = found(result, rule, unit="县审计局", due=date(2023, 10, 7))
    assert missed.explanation == "2023-09-26至2023-10-07期间无记录（要求：每周一自查）"
    assert "2023-10-07" in missed.action
    (on_sunday,) = found(result, rule, unit="县审计局", due=date(2023, 10, 9))
    assert on_sunday.evidence == (f"{events}:8",)
    (future,) = found(result, rule, unit="县司法局", due=date(2023, 10, 16))
    assert future.status is Status.AT_RISK
    # a unit with no record at all: every past occurrence violated
    town = table("东城镇")
    assert [s for _, _, s, _ in town] == [Status.VIOLATED] * 4 + [Status.AT_RISK]


# ---------------------------------------------------------------------------------------------
# Anchor deadlines

DISCLOSURE = ["编号", "单位", "类型", "公开日期", "村"]


def test_normative_cleanup_by_the_end_of_september(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    files = write(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE,
            # 「2023年9月底前」: 09-30, a Saturday in the break; a calendar date is not moved
            ["N1", "县财政局", "规范性文件清理", "2023-09-30", ""],
            ["N2", "县审计局", "规范性文件清理", "2023-10-09", ""],
            ["N3", "县司法局", "规范性文件清理", "2023-09-12", ""],
            ["N4", "县司法局", "规范性文件清理", "2023-08-20", ""],  # the earliest counts
        ],
    )

    def statuses(as_of: date) -> dict[str, tuple[date | None, Status, tuple[str, ...]]]:
        result = check(registry, plan, [files], as_of)
        accounted(result)
        return {
            f.unit: (f.due, f.status, f.evidence)
            for f in found(result, "6.normative-cleanup")
            if f.unit in ("县财政局", "县审计局", "县司法局", "县市场监督管理局")
        }

    due = date(2023, 9, 30)
    after = statuses(date(2023, 10, 12))
    assert after == {
        "县财政局": (due, Status.MET, (f"{files}:2",)),
        "县审计局": (due, Status.VIOLATED, (f"{files}:3",)),
        "县司法局": (due, Status.MET, (f"{files}:5",)),
        "县市场监督管理局": (due, Status.VIOLATED, ()),
    }
    # as of Wednesday 09-27 one working day (09-28) is left: the units without a record then
    # are at risk; 县审计局's record of 10-09 is not known yet
    before = statuses(date(2023, 9, 27))
    assert {u: s for u, (_, s, _) in before.items()} == {
        "县财政局": Status.AT_RISK,
        "县审计局": Status.AT_RISK,
        "县司法局": Status.MET,
        "县市场监督管理局": Status.AT_RISK,
    }
    early = statuses(date(2023, 9, 1))
    assert early["县市场监督管理局"][1] is Status.PENDING
    result = check(registry, plan, [files], date(2023, 10, 12))
    (late,) = found(result, "6.normative-cleanup", unit="县审计局")
    assert late.explanation == "期限 2023-09-30（2023年9月底前）；已于 2023-10-09 完成"
    assert late.done == date(2023, 10, 9)
    assert late.to_dict()["done"] == "2023-10-09"
    (none,) = found(result, "6.normative-cleanup", unit="县市场监督管理局")
    assert "未见完成记录" in none.explanation
    assert none.done is None
    assert "已逾期" in none.action


def test_subsidy_results_per_village_by_the_year_end(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    villages = _village_plan(plan)
    files = write(
        tmp_path / "disclosures.csv",
        [
            DISCLOSURE,
            ["S1", "东城镇", "补贴结果", "2023-12-29", "上村"],
            ["S2", "东城镇", "补贴结果", "2024-01-02", "下村"],
        ],
    )
    result = check(registry, villages, [files], date(2024, 1, 5))
    accounted(result)
    got = {
        (f.unit, f.entity): (f.due, f.status)
        for f in found(result, "8.subsidy-results")
        if f.unit in ("东城镇", "西山乡")
    }
    end = date(2023, 12, 31)  # 「年底前」
    assert got == {
        ("东城镇", "上村"): (end, Status.MET),
        ("东城镇", "下村"): (end, Status.VIOLATED),
        ("东城镇", "中村"): (end, Status.VIOLATED),  # in the directory, no record
        ("西山乡", FALLBACK_ENTITY): (end, Status.VIOLATED),
    }


# ---------------------------------------------------------------------------------------------
# Deadlines from a trigger

MESSAGE = ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"]


def test_message_reply_across_the_national_day_break(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    # 5 working days from Wednesday 09-27, by hand: 09-28 (Thu) day 1; 09-29..10-06 off;
    # 10-07 (Sat, worked) day 2; 10-08 (Sun, worked) day 3; 10-09 day 4; 10-10 day 5
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县长信箱", "县司法局", "2023-09-27 10:00", "否", "2023-10-10 16:30"],
            ["M2", "县长信箱", "县司法局", "2023-09-27 18:45", "否", "2023-10-11 09:00"],
            ["M3", "问政江西", "县人社局", "2023-09-27 08:00", "否", ""],
            # a simple question: 3 working days, 09-28, 10-07, 10-08 (a Sunday)
            ["M4", "问政江西", "县人社局", "2023-09-27 08:00", "是", "2023-10-08 11:00"],
            # received after the moment of checking below: not yet started
            ["M5", "问政江西", "县人社局", "2023-10-10 08:00", "否", ""],
        ],
    )
    after = check(registry, plan, [messages], date(2023, 10, 31))
    accounted(after)
    assert after.rejected == []
    normal = {f.case: (f.due, f.status) for f in found(after, "18.message-reply")}
    due = date(2023, 10, 10)
    assert normal == {
        "M1": (due, Status.MET),
        "M2": (due, Status.VIOLATED),
        "M3": (due, Status.VIOLATED),
        "M5": (date(2023, 10, 17), Status.VIOLATED),
    }
    assert {f.case: (f.due, f.status) for f in found(after, "18.simple-reply")} == {
        "M4": (date(2023, 10, 8), Status.MET)
    }
    (m1,) = found(after, "18.message-reply", case="M1")
    assert m1.unit == "县司法局"
    assert m1.evidence == (f"{messages}:2",)
    # the explanation says the break was crossed; the trace names its days and the make-up days
    assert "中秋节" in m1.explanation
    assert "国庆节" in m1.explanation
    assert "2023-10-10" in m1.explanation
    assert m1.explanation.endswith("完成 2023-10-10")
    # each case carries when it was done (the reply's day), or None while open
    done = {f.case: f.done for f in found(after, "18.message-reply")}
    assert done == {"M1": date(2023, 10, 10), "M2": date(2023, 10, 11), "M3": None, "M5": None}
    trace = "\n".join(m1.trace)
    assert "10月1日（国庆节）" in trace
    assert "9月29日（中秋节）" in trace
    assert "2023-10-07（星期六）" in trace
    assert "2023-10-08（星期日）" in trace
    assert "国办发明电〔2022〕16号" in trace
    assert "测府办字〔2023〕1号" in m1.threshold

    # as of Monday 10-09: M1's reply of 10-10 is not known yet; one working day is left
    before = check(registry, plan, [messages], date(2023, 10, 9), lead_time=3)
    accounted(before)
    early = {f.case: (f.status, f.due) for f in found(before, "18.message-reply")}
    assert early == {
        "M1": (Status.AT_RISK, due),
        "M2": (Status.AT_RISK, due),
        "M3": (Status.AT_RISK, due),
    }
    (m3,) = found(before, "18.message-reply", case="M3")
    assert m3.explanation.endswith("尚未完成")
    assert "于2023-10-10前完成" in m3.action
    # with no lead time the reply is only pending on 10-09 (10-10 is one working day away)
    assert {
        f.status
        for f in found(
            check(registry, plan, [messages], date(2023, 10, 9), lead_time=0), "18.message-reply"
        )
    } == {Status.PENDING}


def test_a_deadline_needing_an_unpublished_year_rejects_the_row(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县长信箱", "县司法局", "2023-09-27 10:00", "否", "2023-10-10 16:30"],
            # received Friday 2026-12-25: day 1 is 12-28, day 2 needs the 2027 notice
            ["M2", "县长信箱", "县司法局", "2026-12-25 10:00", "否", ""],
        ],
    )
    result = check(registry, plan, [messages], date(2027, 1, 20))
    (bad,) = result.rejected
    assert (bad.source, bad.line, bad.field) == (str(messages), 3, "received")
    assert "2027" in bad.reason
    assert "provisional" in bad.reason
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.rejected) == (2, 1, 1)
    assert [f.case for f in found(result, "18.message-reply")] == ["M1"]
    assert result.exit_code == 1
    # provisionally (the statutory 元旦 only, no 调休): 12-28..12-31 days 1-4, 01-01 off,
    # 01-02/01-03 a weekend, Monday 01-04 day 5
    estimate = check(registry, plan, [messages], date(2027, 1, 20), provisional=True)
    assert estimate.rejected == []
    (m2,) = found(estimate, "18.message-reply", case="M2")
    assert (m2.due, m2.status) == (date(2027, 1, 4), Status.VIOLATED)
    assert any("2027" in step and "临时" in step for step in m2.trace)


APPLICATION = [
    "申请编号",
    "单位",
    "收到日期",
    "补正告知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "延长工作日数",
    "延期批准日期",
    "答复日期",
    "视为放弃",
]


def application(
    case: str,
    *,
    received: str = "2023-09-01",
    notice: str = "",
    corrected: str = "",
    consult: tuple[str, str] = ("", ""),
    extension: tuple[str, str] = ("", ""),
    replied: str = "",
    abandoned: str = "",
) -> list[str]:
    return [case, "县财政局", received, notice, corrected, *consult, *extension, replied, abandoned]


def _reply_plan(plan: Plan) -> Plan:
    """依申请公开 reply within 20 working days, with the clock events of 条例: restart after 补正
    and suspension while it is awaited (第三十条), consultation not counted but capped at the 15
    working days the consulted party has (第三十二条), an extension of at most 20 (第三十三条)."""
    duty = Obligation(
        "t.application-reply",
        "依申请公开答复",
        Deadline(Period.parse("20个工作日"), "收到申请"),
        CITE,
        applies_to=("县财政局",),
        area="response",
        task="19",
        settings=ClockSettings(
            max_extension_workdays=20, max_pause_workdays=15, awaiting="correction_notice"
        ),
        evidence=Evidence(
            "application",
            trigger="received",
            done="replied",
            restart="corrected_received",
            pause_start="consult_start",
            pause_end="consult_end",
            extension="extension_days",
            extension_approved="extension_approved",
            unless="abandoned",
        ),
    )
    return plan.with_obligations((duty,))


def test_application_reply_clock_events(registry: Registry, plan: Plan, tmp_path: Path) -> None:
    files = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            # plain: 20 working days from Friday 09-01: 09-04..08 (1-5), 09-11..15 (6-10),
            # 09-18..22 (11-15), 09-25..28 (16-19), Saturday 10-07 (20)
            application("A0", replied="2023-10-07"),
            # 补正 notified, not yet received: the period is suspended
            application("A1", received="2023-09-27", notice="2023-09-28"),
            # 补正 received Monday 10-09: 20 working days afresh, 10-10..13 (1-4), 10-16..20
            # (5-9), 10-23..27 (10-14), 10-30..11-03 (15-19), Monday 11-06 (20)
            application("A2", received="2023-09-27", notice="2023-09-28", corrected="2023-10-09"),
            # consultation 09-05..09-08: 09-06, 07, 08 not counted: 10-07 + 3 working days
            application("A3", consult=("2023-09-05", "2023-09-08")),
            # consultation from 09-05 never answered: counted out only to the 15th working day
            # (09-26): 09-06..09-26 not counted, 09-04 (1), 09-05 (2), 09-27 (3), 09-28 (4),
            # 10-07 (5), 10-08 (6), 10-09..13 (7-11), 10-16..20 (12-16), 10-23..26 (17-20)
            application("A4", consult=("2023-09-05", "")),
            application("A5", consult=("2023-09-05", "2023-10-20")),  # capped the same way
            # extended by the maximum: 10-07 + 20 working days: 10-08 (1), 10-09..13 (2-6),
            # 10-16..20 (7-11), 10-23..27 (12-16), 10-30..11-02 (17-20)
            application("A6", extension=("20", "2023-09-20")),
            application("A7", extension=("21", "2023-09-20")),  # over the legal maximum
            application("A8", consult=("2023-09-08", "2023-09-05")),  # ends before it starts
            application("A9", abandoned="是"),  # 视为放弃申请: no reply due
        ],
    )
    result = check(registry, _reply_plan(plan), [files], date(2023, 11, 1))
    accounted(result)
    cases = {f.case: f for f in found(result, "t.application-reply")}
    assert {k: (f.due, f.status) for k, f in cases.items() if k != "A1"} == {
        "A0": (date(2023, 10, 7), Status.MET),
        "A2": (date(2023, 11, 6), Status.AT_RISK),  # 11-02, 11-03, 11-06 left: 3 working days
        "A3": (date(2023, 10, 10), Status.VIOLATED),
        "A4": (date(2023, 10, 26), Status.VIOLATED),
        "A5": (date(2023, 10, 26), Status.VIOLATED),
        "A6": (date(2023, 11, 2), Status.AT_RISK),
    }
    suspended = cases["A1"]
    assert (suspended.status, suspended.due) == (Status.NOT_APPLICABLE, None)
    assert "补正" in suspended.explanation
    assert suspended.evidence == (f"{files}:3",)
    assert "2023-09-05 至 2023-09-26" in "\n".join(cases["A4"].trace)
    assert "延长20个工作日" in "\n".join(cases["A6"].trace)
    assert "重新" in "\n".join(cases["A2"].trace)
    rejected = {r.line: r for r in result.rejected}
    assert sorted(rejected) == [9, 10]
    assert rejected[9].field == "extension_days"
    assert "21" in rejected[9].reason
    assert "20" in rejected[9].reason
    # dates in an impossible order are rejected while reading, naming the later field
    assert rejected[10].field == "consult_end"
    assert "征求意见结束日期 2023-09-05 早于征求意见开始日期 2023-09-08" in rejected[10].reason
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.rejected) == (10, 8, 2)


def test_explanation_names_each_break_crossed(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    # 20 working days from Monday 2023-04-03, by hand: 04-04 (1); 清明 04-05 off; 04-06, 04-07
    # (2-3); 04-10..14 (4-8); 04-17..21 (9-13); Sunday 04-23 worked (14); 04-24..28 (15-19);
    # 劳动节 04-29..05-03 off; 05-04 (20)
    files = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application("Q1", received="2023-04-03", replied="2023-05-04"),
            application("Q2", received="2023-06-05", replied="2023-06-30"),  # across 端午
        ],
    )
    result = check(registry, _reply_plan(plan), [files], date(2023, 7, 31))
    cases = {f.case: f for f in found(result, "t.application-reply")}
    assert (cases["Q1"].due, cases["Q1"].status) == (date(2023, 5, 4), Status.MET)
    assert cases["Q1"].explanation == (
        "收到 2023-04-03起20个工作日，期限 2023-05-04"
        "（跨清明节假期4月5日、劳动节假期4月29日至5月3日）；完成 2023-05-04"
    )
    assert "2023-04-23（星期日）" in "\n".join(cases["Q1"].trace)
    # 20 working days from 06-05: 06-06..09 (1-4), 06-12..16 (5-9), 06-19..21 (10-12),
    # 端午 06-22..24 off (06-25 Sunday worked, 13), 06-26..30 (14-18), 07-03 (19), 07-04 (20)
    assert (cases["Q2"].due, cases["Q2"].status) == (date(2023, 7, 4), Status.MET)
    assert "端午节" in cases["Q2"].explanation


def _lookback_plan(plan: Plan, *, monitoring: bool) -> Plan:
    duty = Obligation(
        "t.message-lookback",
        "留言办理不超过3个月",
        Deadline(Period.parse("3个月"), "收到留言"),
        CITE,
        applies_to=("县司法局",),
        area="newmedia",
        task="11",
        settings=ClockSettings(monitoring=monitoring),
        evidence=Evidence("message", trigger="received", done="replied"),
        severity=Severity.VETO,
    )
    return plan.with_obligations((duty,))


def test_monitoring_lookback_is_not_moved_past_rest_days(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    # three months from 07-01 end on Sunday 10-01, inside the break
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["L1", "县长信箱", "县司法局", "2023-07-01 10:00", "否", "2023-10-01 09:00"],
            ["L2", "县长信箱", "县司法局", "2023-07-01 10:00", "否", "2023-10-02 09:00"],
            ["L3", "县长信箱", "县司法局", "2023-07-01 10:00", "否", "2023-10-07 09:00"],
        ],
    )
    monitored = check(
        registry, _lookback_plan(plan, monitoring=True), [messages], date(2023, 11, 1)
    )
    got = {f.case: (f.due, f.status) for f in found(monitored, "t.message-lookback")}
    assert got == {
        "L1": (date(2023, 10, 1), Status.MET),
        "L2": (date(2023, 10, 1), Status.VIOLATED),
        "L3": (date(2023, 10, 1), Status.VIOLATED),
    }
    (l1,) = found(monitored, "t.message-lookback", case="L1")
    assert l1.severity is Severity.VETO
    assert any("节假日不顺延" in step for step in l1.trace)
    # the same period as a legal time limit: its last day moves to the next working day,
    # Saturday 10-07 (worked)
    legal = check(registry, _lookback_plan(plan, monitoring=False), [messages], date(2023, 11, 1))
    assert {f.case: (f.due, f.status) for f in found(legal, "t.message-lookback")} == {
        "L1": (date(2023, 10, 7), Status.MET),
        "L2": (date(2023, 10, 7), Status.MET),
        "L3": (date(2023, 10, 7), Status.MET),
    }


def test_minimum_posting_period(registry: Registry, plan: Plan, tmp_path: Path) -> None:
    duty = posting_duty()
    posted = plan.with_obligations((duty,))
    files = write(
        tmp_path / "disclosures.csv",
        [
            ["编号", "单位", "类型", "公开日期", "公示结束日期"],
            # 30 days from Tuesday 08-01: Thursday 08-31
            ["P1", "县发改委", "征地公告", "2023-08-01", "2023-08-31"],
            ["P2", "县发改委", "征地公告", "2023-08-01", "2023-08-30"],
            ["P3", "县发改委", "征地公告", "2023-08-01", ""],  # still up
            ["P4", "县发改委", "补贴结果", "2023-08-01", ""],  # not a 征地公告
        ],
    )

    def cases(as_of: date) -> dict[str | None, tuple[date | None, Status]]:
        result = check(registry, posted, [files], as_of)
        accounted(result)
        return {f.case: (f.due, f.status) for f in found(result, "t.posting")}

    due = date(2023, 8, 31)
    assert cases(date(2023, 8, 20)) == {
        "P1": (due, Status.MET),
        "P2": (due, Status.VIOLATED),
        "P3": (due, Status.PENDING),
    }
    # the posting period is over and no end was recorded: not shown to have lasted
    assert cases(date(2023, 9, 5))["P3"] == (due, Status.VIOLATED)
    result = check(registry, posted, [files], date(2023, 9, 5))
    (p2,) = found(result, "t.posting", case="P2")
    assert p2.explanation.endswith("公示至 2023-08-30")
    assert p2.done == date(2023, 8, 30)  # the notice was taken down then
    # as of 08-20 the recorded ends are plans, not yet facts: no completion date
    early = check(registry, posted, [files], date(2023, 8, 20))
    assert {f.case: f.done for f in found(early, "t.posting")} == {
        "P1": None,
        "P2": None,
        "P3": None,
    }


# ---------------------------------------------------------------------------------------------
# The plan's year ends its recurring duties


def test_plan_end_stops_recurring_duties(registry: Registry, plan: Plan, tmp_path: Path) -> None:
    posts = write(
        tmp_path / "posts.csv",
        [POST, post("县财政局", "2023-12-10 09:00", site="测试财政")],
    )
    events = write(tmp_path / "events.csv", [EVENT, ["县财政局", "自查", "2023-12-25", "自查"]])
    result = check(
        registry,
        plan,
        [posts, events],
        date(2024, 2, 29),
        start=date(2023, 12, 1),
    )
    end = date(2023, 12, 31)
    assert result.start == date(2023, 12, 1)
    weeks = [f.window for f in found(result, "10.weekly-updates", unit="县财政局")]
    assert weeks[-1] == (date(2023, 12, 25), end)
    months = [f.window for f in found(result, "10.monthly-total", unit="县财政局")]
    assert months == [(date(2023, 12, 1), end)]
    # Monday 2024-01-01 (元旦) would move to 01-02: the 2024 plan owes it, not this one
    checks = sorted(
        f.due or date.max for f in found(result, "11.weekly-self-check", unit="县财政局")
    )
    assert checks == [date(2023, 12, d) for d in (4, 11, 18, 25)]
    for f in result.findings:
        assert f.window is None or f.window[1] <= end, f


def test_deadline_status_and_plan_end(plan: Plan, cal: WorkCalendar) -> None:
    ctx = Context(plan=plan, calendar=cal, as_of=date(2023, 9, 27), start=plan.issued)
    assert ctx.plan_end == date(2023, 12, 31)
    due = date(2023, 10, 10)
    assert ctx.deadline_status(due, date(2023, 10, 10)) is Status.MET
    assert ctx.deadline_status(due, date(2023, 10, 11)) is Status.VIOLATED
    # as of 09-27 the working days left are 09-28, 10-07, 10-08, 10-09, 10-10: five
    assert ctx.deadline_status(due, None) is Status.PENDING
    assert evolve(ctx, lead_time=5).deadline_status(due, None) is Status.AT_RISK
    assert evolve(ctx, lead_time=4).deadline_status(due, None) is Status.PENDING
    assert evolve(ctx, as_of=date(2023, 10, 11)).deadline_status(due, None) is Status.VIOLATED
    # the working days left need the 2027 notice: counted in calendar days instead
    late = evolve(ctx, as_of=date(2026, 12, 28))
    assert late.deadline_status(date(2026, 12, 30), None) is Status.AT_RISK
    assert late.deadline_status(date(2027, 1, 29), None) is Status.PENDING


def test_rule_classes_carry_their_obligation(plan: Plan, registry: Registry) -> None:
    rules = {r.id: r for r in obligation_rules(plan, registry.record_kinds())}
    weekly = rules["10.weekly-updates"]
    assert isinstance(weekly, QuotaRule)
    assert weekly.aggregates == {"post": ("category",)}
    assert weekly.title == "动态信息更新"
    assert weekly.source.document == "测府办字〔2023〕1号"
    assert "每周至少2次更新" in weekly.threshold
    assert isinstance(rules["11.weekly-self-check"], RecurrenceRule)
    assert isinstance(rules["6.normative-cleanup"], AnchorRule)
    reply = rules["18.message-reply"]
    assert isinstance(reply, TriggeredRule)
    assert reply.consumes == frozenset({"message"})
    # only obligations whose evidence is a known record kind become rules
    assert "18.message-reply" not in {r.id for r in obligation_rules(plan, ["post", "event"])}
