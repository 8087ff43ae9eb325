"""govflow-policy: registration, templates, binding to the Yudu 2023 plan, real due dates,
and checking 主动公开, 政策解读 and the 规范性文件 cleanup from records.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号),
never computed by the code under test.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

import govflow_policy
import pytest

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult
from govflow.compliance.rules import Status
from govflow.periods.core import PeriodUnit, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, check_records, findings_of, write_csv

NAME = "policy"
GOVFLOW_PLAN = "yudu-2023"


class TestContract(PluginContract):
    module = govflow_policy
    areas: ClassVar[dict[str, str]] = {NAME: "规范性文件与政策解读"}
    plan = GOVFLOW_PLAN
    source_ids = r"[A-Z]{3,4}-\d{2}"


def test_bound_to_task_6_without_repeating_the_plan(govflow_plan: Plan) -> None:
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == NAME}
    assert set(added) == {"policy.active-disclosure"}
    assert added["policy.active-disclosure"].task == "6"  # 行政规范性文件 动态更新
    # 三同步 (RSP-06): the 解读 side is the plan's 15.interpretation-sync; the policy side is the
    # plugin's policy.interpretation-sync, which the Yudu plan overrides to cite its own clause
    sync = govflow_plan.obligation("15.interpretation-sync")
    assert sync.origin == "plan"
    same_day = [
        o
        for o in govflow_plan.obligations()
        if isinstance(o.rule, Deadline)
        and o.rule.period.amount == 0
        and o.rule.period.anchor is None  # 「活动结束后，年底前」 is a date, not the same day
        and o.rule.trigger
    ]
    assert [o.id for o in same_day] == ["15.interpretation-sync", "policy.interpretation-sync"]
    assert all(o.origin == "plan" and o.task == "15" for o in same_day)
    units = {u.name for u in govflow_plan.owner_units(added["policy.active-disclosure"])}
    assert {"县司法局", "县政府办", "贡江镇"} <= units


def test_active_disclosure_across_spring_festival_2023(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    rule = govflow_plan.obligation("policy.active-disclosure").rule
    assert isinstance(rule, Deadline)
    assert (rule.period.unit, rule.period.amount) == (PeriodUnit.WORKDAYS, 20)
    issued = date(2023, 1, 19)  # a 规范性文件 signed on the Thursday before 春节
    due = compute_due(issued, rule.period, calendar=govflow_calendar).due
    assert govflow_calendar.workdays_between(issued, due) == 20
    assert govflow_calendar.is_workday(due)
    assert govflow_calendar.workdays_between(issued, due - timedelta(days=1)) == 19
    # by hand: 01-20 is day 1; 01-21..27 off; 01-28 (Sat) and 01-29 (Sun) are days 2 and 3
    assert due == date(2023, 2, 21)


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


def test_evidence_kinds_do_not_overlap_with_the_plan(govflow_plan: Plan) -> None:
    template = govflow_policy.RULES[0]
    ev = template.evidence
    assert ev is not None
    assert (ev.kind, ev.trigger, ev.done) == ("disclosure", "trigger", "published")
    assert ev.where == {"kind": ["政策文件", "规范性文件", "其他主动公开"]}
    plan_kinds = {
        ob.evidence.where.get("kind")
        for ob in govflow_plan.obligations()
        if ob.origin == "plan" and ob.evidence is not None
    }
    assert {"政策解读", "规范性文件清理"} <= plan_kinds
    assert not plan_kinds & set(ev.where["kind"])


def test_active_disclosure_20_working_days(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # issued Thu 01-19: 01-20 day 1; 01-21..27 off; Sat 01-28 and Sun 01-29 (make-up)
            # days 2-3; 01-30..02-03 days 4-8; 02-06..10 days 9-13; 02-13..17 days 14-18;
            # 02-20 day 19; 02-21 day 20
            ["P1", "县司法局", "规范性文件", "2023-01-19", "2023-02-21"],
            ["P2", "县司法局", "规范性文件", "2023-01-19", "2023-02-22"],
            # formed 09-27: 09-28 day 1; 10-07, 10-08 days 2-3; ... 10-31 day 20
            ["P3", "县发改委", "政策文件", "2023-09-27", "2023-10-31"],
            ["P4", "贡江镇", "其他主动公开", "2023-09-27", "2023-11-01"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "policy.active-disclosure") == {
        "P1": (date(2023, 2, 21), Status.MET),
        "P2": (date(2023, 2, 21), Status.VIOLATED),
        "P3": (date(2023, 10, 31), Status.MET),
        "P4": (date(2023, 10, 31), Status.VIOLATED),
    }
    (p2,) = findings_of(result, "policy.active-disclosure", case="P2")
    assert p2.source.source_id == "OGI-01"
    assert "20个工作日" in p2.threshold
    assert any("春节" in step for step in p2.trace)


def test_interpretation_on_the_day_of_its_policy(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            # the policy is published Thu 09-28, the last working day before the break
            ["J1", "县发改委", "政策解读", "2023-09-28", "2023-09-28"],
            ["J2", "县人社局", "政策解读", "2023-09-28", "2023-10-07"],  # after the break
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, "15.interpretation-sync") == {
        "J1": (date(2023, 9, 28), Status.MET),
        "J2": (date(2023, 9, 28), Status.VIOLATED),
    }
    assert not findings_of(result, "policy.active-disclosure")  # a 解读 is the plan's rule only


def test_normative_cleanup_by_end_of_september(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _disclosures(
        tmp_path / "disclosures.csv",
        [
            ["N1", "县司法局", "规范性文件清理", "", "2023-09-28"],
            # 「2023年9月底前」 is 09-30, a holiday; a fixed date is not moved past the break
            ["N2", "县财政局", "规范性文件清理", "", "2023-10-07"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    statuses = {f.unit: (f.due, f.status) for f in findings_of(result, "6.normative-cleanup")}
    assert statuses["县司法局"] == (date(2023, 9, 30), Status.MET)
    assert statuses["县财政局"] == (date(2023, 9, 30), Status.VIOLATED)
    assert statuses["贡江镇"] == (date(2023, 9, 30), Status.VIOLATED)  # no record at all


# ---------------------------------------------------------------------------------------------
# 「三同步」 from the policy's side: 方案二、(五)15「坚持政策文件与解读材料同步起草、同步审签、
# 同步发布」. A 政策文件 or 规范性文件 needs a 政策解读 naming it in 关联编号, the same day.

LINKED_HEADER = ["编号", "公开单位", "公开类型", "形成日期", "公开日期", "标题", "关联编号"]
LINKED = "policy.interpretation-linked"


def _linked(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Rows: id, unit, kind, published[, related] (形成日期 a week before, a title)."""
    full = [
        [r[0], r[1], r[2], "2023-09-20", r[3], f"{r[1]}{r[2]}{r[0]}", *(r[4:] or [""])]
        for r in rows
    ]
    return write_csv(path, [LINKED_HEADER, *full])


def _plan_with_tolerance(registry: Registry, tmp_path: Path, table: str) -> Path:
    """The Yudu plan file with ``policy.interpretation-sync`` given *table* as its settings."""
    text = registry.plans()["yudu-2023"].path.read_text("utf-8")
    anchor = 'id = "policy.interpretation-sync"\n'
    assert text.count(anchor) == 1
    text = text.replace(anchor, f"{anchor}settings = {table}\n")
    path = tmp_path / "yudu-tolerance.toml"
    path.write_text(text, "utf-8")
    return path


def test_a_normative_document_without_its_interpretation_is_a_violation(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = _linked(
        tmp_path / "disclosures.csv",
        [
            ["P1", "县司法局", "规范性文件", "2023-09-28"],  # no 解读 at all
            ["P2", "县发改委", "政策文件", "2023-09-28"],
            ["J2", "县发改委", "政策解读", "2023-10-07", "P2"],  # after the National Day break
            ["P3", "县财政局", "规范性文件", "2023-09-28"],
            ["J3", "县财政局", "政策解读", "2023-09-28", "P3"],  # the same day
            # a 解读 that names no policy: this rule has nothing to judge
            ["J4", "县财政局", "政策解读", "2023-09-28", "P-elsewhere"],
            # published after the moment of checking: not yet judged
            ["P5", "县财政局", "政策文件", "2024-01-05"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    assert _by_case(result, LINKED) == {
        "P1": (date(2023, 9, 28), Status.VIOLATED),
        "P2": (date(2023, 9, 28), Status.VIOLATED),
        "P3": (date(2023, 9, 28), Status.MET),
    }
    (p1,) = findings_of(result, LINKED, case="P1")
    assert "未见关联编号为 P1 的政策解读" in p1.explanation
    assert "补发" in p1.action
    assert "P1" in p1.action
    # the Yudu plan's obligation cites its own clause (二、(五)15)
    assert p1.source.document == "于府办字〔2023〕32号"
    assert p1.source.text == "坚持政策文件与解读材料同步起草、同步审签、同步发布"
    (p2,) = findings_of(result, LINKED, case="P2")
    assert "2023-10-07" in p2.explanation
    assert "逾期发布" in p2.action
    assert len(p2.evidence) == 2  # the policy's row and its 解读's
    # the duty was done when the linked 解读 came out — a field of the second evidence row, not
    # of the first: the finding carries it (a monthly bulletin tells a late completion by it)
    assert p2.done == date(2023, 10, 7)
    assert p2.to_dict()["done"] == "2023-10-07"
    assert p1.done is None
    (p3,) = findings_of(result, LINKED, case="P3")
    assert p3.done == date(2023, 9, 28)


def test_interpretation_link_prefers_the_same_unit(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # two units number a document alike; each policy is met only by its own unit's 解读
    files = _linked(
        tmp_path / "disclosures.csv",
        [
            ["2023-1", "县司法局", "规范性文件", "2023-09-28"],
            ["2023-1", "县财政局", "规范性文件", "2023-09-28"],
            ["J1", "县财政局", "政策解读", "2023-10-09", "2023-1"],
            ["J2", "县司法局", "政策解读", "2023-09-28", "2023-1"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    got = {f.unit: f.status for f in findings_of(result, LINKED)}
    assert got == {"县司法局": Status.MET, "县财政局": Status.VIOLATED}


def test_a_policy_row_without_its_number_is_rejected(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    from govflow.compliance.check import run_check

    files = _linked(tmp_path / "disclosures.csv", [["", "县司法局", "规范性文件", "2023-09-28"]])
    result = run_check(
        govflow_plan,
        [files],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 12, 31),
        kinds=govflow_registry.record_kinds(),
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    (rej,) = result.rejected
    assert (rej.line, rej.field) == (2, "id")
    assert "关联编号" in rej.reason
    assert "编号" in rej.reason
    assert not findings_of(result, LINKED)


def test_the_tolerance_is_a_typed_setting_a_plan_may_change(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    from govflow_policy.interpretation import InterpretationSettings

    from govflow.plan.planfile import PlanError
    from govflow.plan.settings import SettingError

    assert InterpretationSettings().tolerance_days == 0  # 「同步发布」: the same day
    with pytest.raises(SettingError, match="tolerance_days"):
        InterpretationSettings(tolerance_days=-1)
    plan = govflow_registry.load_plan(
        _plan_with_tolerance(govflow_registry, tmp_path, "{ tolerance_days = 3 }")
    )
    ob = plan.obligation("policy.interpretation-sync")
    assert ob.settings == InterpretationSettings(tolerance_days=3)
    files = _linked(
        tmp_path / "disclosures.csv",
        [
            ["P1", "县司法局", "规范性文件", "2023-11-01"],
            ["J1", "县司法局", "政策解读", "2023-11-04", "P1"],  # 3 days later: within
            ["P2", "县发改委", "政策文件", "2023-11-01"],
            ["J2", "县发改委", "政策解读", "2023-11-05", "P2"],  # 4 days later: late
        ],
    )
    result = check_records(govflow_registry, plan, [files], date(2023, 12, 31))
    assert _by_case(result, LINKED) == {
        "P1": (date(2023, 11, 4), Status.MET),
        "P2": (date(2023, 11, 4), Status.VIOLATED),
    }
    with pytest.raises(PlanError, match=r"settings\.tolerance_days: 应为不小于 0 的整数"):
        govflow_registry.load_plan(
            _plan_with_tolerance(govflow_registry, tmp_path, "{ tolerance_days = -2 }")
        )


def test_interpretation_template_without_a_plan_override() -> None:
    sync = next(t for t in govflow_policy.RULES if t.id == "policy.interpretation-sync")
    assert sync.citation.source_id == "RSP-06"
    assert sync.evidence is not None
    assert sync.evidence.trigger is None
    assert sync.evidence.where == {"kind": "政策解读"}
