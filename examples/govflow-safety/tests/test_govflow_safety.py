"""govflow-safety: a new area bound to yudu-2023 by AreaBinding, its agenda and its check.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号:
中秋国庆 2023-09-29..10-06 off, 10-07 (Sat) and 10-08 (Sun) working days).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

import govflow_safety
from click.testing import CliRunner

from govflow.cli import main
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
ACCIDENT = "safety.accident-disclosure"
QUOTA = "safety.inspection-quarterly"


class TestContract(PluginContract):
    module = govflow_safety
    areas: ClassVar[dict[str, str]] = {"safety": "安全生产"}
    plan = GOVFLOW_PLAN


def test_bound_to_yudu_2023_by_unit_not_by_another_area(govflow_plan: Plan) -> None:
    assert "safety" in govflow_plan.areas
    assert not [t for t in govflow_plan.tasks if t.area == "safety"]  # the plan file is untouched
    assert govflow_plan.area_units("safety") == ("县政府办",)
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == "safety"}
    assert set(added) == {ACCIDENT, QUOTA}
    for ob in added.values():
        assert (ob.area, ob.task) == ("safety", "")
        assert [u.name for u in govflow_plan.owner_units(ob)] == ["县政府办"]


def test_other_plans_are_left_alone(govflow_registry: Registry, tmp_path: Path) -> None:
    text = govflow_registry.plans()[GOVFLOW_PLAN].path.read_text("utf-8")
    other = tmp_path / "other.toml"
    other.write_text(text.replace(f'id = "{GOVFLOW_PLAN}"', 'id = "other-2023"'), "utf-8")
    plan = govflow_registry.load_plan(other)
    assert "safety" not in plan.areas
    assert not [o for o in plan.obligations() if o.origin == "safety"]


def test_agenda_area_safety_lists_its_duties() -> None:
    args = ["agenda", "--plan", GOVFLOW_PLAN, "--area", "safety"]
    result = CliRunner().invoke(main, [*args, "--from", "2023-07-01", "--to", "2023-12-31"])
    assert result.exit_code == 0, result.output
    assert "领域：safety；共 2 项" in result.output
    lines = result.output.splitlines()
    assert any(
        line.startswith("2023-09-30") and "安全生产检查情况每季度公开" in line for line in lines
    )
    assert any(line.startswith("2023-12-31") and "县政府办" in line for line in lines)
    assert "生产安全事故信息公开：生产安全事故发生之日起7个工作日内" in result.output


def _records(path: Path) -> Path:
    return write_csv(
        path,
        [
            ["单位", "类型", "事故发生日期", "公开日期", "标题"],
            # 09-25 (Mon) + 7 working days: 09-26, 27, 28, (09-29..10-06 off) 10-07, 08, 09, 10
            ["县政府办", "生产安全事故信息", "2023-09-25", "2023-10-11", "某工地高处坠落事故"],
            # 11-01 (Wed) + 7 working days: 11-02, 03, 06, 07, 08, 09, 10
            ["县政府办", "生产安全事故信息", "2023-11-01", "2023-11-09", "某厂房火灾事故"],
            ["县政府办", "安全生产检查", "", "2023-08-15", "三季度安全生产大检查情况"],
        ],
    )


def test_check_applies_its_rules(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_records(tmp_path / "disclosures.csv")],
        as_of=date(2024, 1, 5),
        start=date(2023, 7, 1),
    )
    (late,) = findings_of(result, ACCIDENT, status=Status.VIOLATED)
    assert late.due == date(2023, 10, 10)
    (on_time,) = findings_of(result, ACCIDENT, status=Status.MET)
    assert on_time.due == date(2023, 11, 10)
    assert [f.due for f in findings_of(result, QUOTA, status=Status.MET)] == [date(2023, 9, 30)]
    assert [f.due for f in findings_of(result, QUOTA, status=Status.VIOLATED)] == [
        date(2023, 12, 31)  # the fourth quarter: no inspection disclosed
    ]


def test_check_command_exits_1_on_the_violations(tmp_path: Path) -> None:
    records = _records(tmp_path / "disclosures.csv")
    args = ["check", "--plan", GOVFLOW_PLAN, "--area", "safety", "--records", str(records)]
    result = CliRunner().invoke(main, [*args, "--from", "2023-07-01", "--as-of", "2024-01-05"])
    assert result.exit_code == 1, result.output
    assert "违规 2 项" in result.output
