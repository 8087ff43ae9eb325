"""The Yudu directory as the county's 政务公开办 would check it: every unit cited, 「县政府各部门」
expanded to each department, and a check of the demo data that assesses every one of them.

The plan assigns its duties to 「县政府各部门」 (e.g. task 11: 「开展每周一自查、每月一通报」 and
三(四)'s annual report); a department in the directory is owed each of them, one by one.  The
departments the issue lists but no citable source names (县城管局 …) are not in the directory;
a county office adds them from its own 机构设置, and then they are assessed like the others:
the last tests add one, invented for the test, and 县城管局 as an office would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from attrs import evolve
from govflow_yudu.demo import DemoData, generate

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Obligation, Per, Quota, Recurrence
from govflow.plan.units import Unit, UnitError, UnitKind
from govflow.plugins.manager import registry, reset

AS_OF = date(2024, 2, 29)
SEED_NUMBER = "于府办字〔2023〕32号"
DEPARTMENTS = "县政府各部门"
#: Named by the issue, not found in a citable source (the plan names none of them).
NOT_CITED = (
    "县公安局",
    "县住建局",
    "县交通运输局",
    "县水利局",
    "县林业局",
    "县应急管理局",
    "县退役军人事务局",
    "县统计局",
    "县医保局",
    "县城管局",
    "县信访局",
)


@pytest.fixture(scope="module", autouse=True)
def _without_example_plugins() -> Iterator[None]:
    """As in test_demo: the example area plugin adds duties the demo writes no records for."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_DISABLE_PLUGINS", "safety")
        mp.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reset()
        yield
    reset()


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan("yudu-2023")
    return loaded


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, plan: Plan, calendar: WorkCalendar) -> DemoData:
    return generate(tmp_path_factory.mktemp("demo"), seed=7, scale=0, plan=plan, calendar=calendar)


def _check(plan: Plan, calendar: WorkCalendar, files: list[Path]) -> CheckResult:
    reg = registry()
    return run_check(
        plan,
        files,
        calendar=calendar,
        kinds=reg.record_kinds(),
        extra_rules=reg.rules(plan),
        as_of=AS_OF,
    )


def _scheduled(ob: Obligation) -> bool:
    """Owed on dates of its own (a quota, a recurrence, a dated deadline), not per case: a
    triggered duty (a reply to a message) has findings only for the units that had a case."""
    rule = ob.rule
    if isinstance(rule, Deadline):  # 「活动结束后，年底前」 is per case too
        return rule.period.anchor is not None and not rule.trigger
    return isinstance(rule, (Quota, Recurrence))


def _department_duties(plan: Plan, result: CheckResult) -> set[str]:
    """The checked scheduled obligations every member of 县政府各部门 owes, one by one."""
    members = {u.name for u in plan.directory.expand(DEPARTMENTS)}
    checked = {f.rule for f in result.findings}
    return {
        ob.id
        for ob in plan.obligations()
        if ob.per is Per.UNIT
        and _scheduled(ob)
        and members <= {u.name for u in plan.owner_units(ob)}
        and ob.id in checked
    }


# ---------------------------------------------------------------------------------------------
# The directory


def test_every_unit_says_where_it_is_attested(plan: Plan) -> None:
    for u in plan.directory.units:
        assert u.source, u.name
        if u.kind is not UnitKind.TOWNSHIP:
            assert SEED_NUMBER in u.source, u.name
        else:
            assert "https://www.yudu.gov.cn/" in u.source


def test_units_cited_to_the_plan_are_named_by_it(plan: Plan) -> None:
    text = "".join(
        [
            *(t.text for t in plan.tasks),
            *(n for t in plan.tasks for n in (*t.lead, *t.responsible)),
            *(s.text for s in plan.safeguards),
        ]
    )
    for u in plan.directory.units:
        if u.kind is UnitKind.TOWNSHIP:
            continue
        spellings = (u.name, *u.aliases, u.name.replace("县政府办", "县人民政府办"))
        assert any(s in text for s in spellings), u.name


def test_departments_are_the_office_and_the_plans_17_departments(plan: Plan) -> None:
    members = plan.directory.expand(DEPARTMENTS)
    kinds = [u.kind for u in members]
    assert kinds.count(UnitKind.GOVERNMENT_OFFICE) == 1
    assert kinds.count(UnitKind.DEPARTMENT) == 17
    assert members[0].name == "县政府办"


@pytest.mark.parametrize("name", NOT_CITED)
def test_departments_without_a_citable_source_are_not_invented(plan: Plan, name: str) -> None:
    with pytest.raises(UnitError):
        plan.directory.lookup(name)


# ---------------------------------------------------------------------------------------------
# The demo data: every department assessed


def test_a_check_of_the_demo_assesses_every_county_department(
    demo: DemoData, plan: Plan, calendar: WorkCalendar
) -> None:
    result = _check(plan, calendar, demo.record_files)
    duties = _department_duties(plan, result)
    # the weekly self-check of task 11, the website quotas of task 10, the annual report
    assert {"11.weekly-self-check", "10.weekly-updates", "三(四).annual-report"} <= duties
    for unit in plan.directory.expand(DEPARTMENTS):
        seen = {f.rule for f in result.findings if f.unit == unit.name}
        assert duties <= seen, (unit.name, sorted(duties - seen))


def test_an_added_department_is_assessed_like_the_others(
    demo: DemoData, plan: Plan, calendar: WorkCalendar
) -> None:
    # invented for the test: a department an office would add from its 机构设置
    added = Unit("县示例局", UnitKind.DEPARTMENT, "于都县示例局（虚构）", source="测试用虚构单位")
    wider = evolve(plan, directory=plan.directory.merged([added]))
    result = _check(wider, calendar, demo.record_files)
    duties = _department_duties(wider, result)
    assert "11.weekly-self-check" in duties
    mine = {f.rule for f in result.findings if f.unit == "县示例局"}
    assert duties <= mine
    # it published nothing: its duties are lapses, not silence
    assert any(f.status.value == "violated" for f in result.findings if f.unit == "县示例局")


def test_the_demos_county_urban_management_row_is_evaluated_once_the_office_adds_it(
    demo: DemoData, plan: Plan, calendar: WorkCalendar
) -> None:
    before = _check(plan, calendar, demo.record_files)
    unknown = [r for r in before.rejected if r.field == "unit" and "县城管局" in r.reason]
    assert len(unknown) == 1  # the demo's own example of an unknown unit
    office = Unit(
        "县城管局",
        UnitKind.DEPARTMENT,
        "于都县城市管理局",
        source="由县政务公开办按本县机构设置补充（测试中虚拟的出处）",
    )
    wider = evolve(plan, directory=plan.directory.merged([office]))
    after = _check(wider, calendar, demo.record_files)
    assert not [r for r in after.rejected if "县城管局" in r.reason]
    assert {f.rule for f in after.findings if f.unit == "县城管局"} >= {"11.weekly-self-check"}


def test_an_office_supplement_extends_the_directory_for_its_plan(
    tmp_path: Path, plan: Plan
) -> None:
    # the office's own file: only what it adds (the source here is a placeholder of the test)
    (tmp_path / "more.toml").write_text(
        'extends = "yudu"\n\n[[units]]\nname = "县城管局"\nkind = "department"\n'
        'full_name = "于都县城市管理局"\nsource = "（测试）县机构设置页面地址"\n',
        encoding="utf-8",
    )
    text = registry().plans()["yudu-2023"].path.read_text("utf-8")
    assert '\nunits = "yudu"\n' in text
    (tmp_path / "plan.toml").write_text(
        text.replace('\nunits = "yudu"\n', '\nunits = "more.toml"\n'), encoding="utf-8"
    )
    wider = registry().load_plan(str(tmp_path / "plan.toml"))
    members = [u.name for u in wider.directory.expand(DEPARTMENTS)]
    assert members == [*(u.name for u in plan.directory.expand(DEPARTMENTS)), "县城管局"]
    owners = {u.name for u in wider.owner_units(wider.obligation("11.weekly-self-check"))}
    assert "县城管局" in owners
