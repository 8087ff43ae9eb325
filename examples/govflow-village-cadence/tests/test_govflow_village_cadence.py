"""govflow-village-cadence: registration, villages, agenda dates and the check, on real dates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

import govflow_village_cadence as plugin

from govflow.compliance.check import run_check
from govflow.compliance.rules import Status
from govflow.plugins.manager import Registry
from govflow.report.agenda import build_agenda
from govflow.testing import PluginContract

Register = Callable[..., Registry]
NAME = "village-cadence"


class TestContract(PluginContract):
    """Entry point, area, bound and cited templates: the contract every plugin meets."""

    module = plugin
    areas: ClassVar[dict[str, str]] = {"gongjiang": "贡江镇村务公开"}
    plan = "yudu-2023"


def test_hooks_and_area(govflow_plugin: Register) -> None:
    registry = govflow_plugin(plugin, name=NAME)
    info = {p.name: p for p in registry.plugins()}[NAME]
    assert info.hooks == (
        "govflow_areas",
        "govflow_obligation_templates",
        "govflow_rules",
        "govflow_units",
    )
    assert registry.areas()["gongjiang"].title == "贡江镇村务公开"
    assert registry.area_plugins()["gongjiang"] == NAME


def test_villages_of_the_township(govflow_plugin: Register) -> None:
    plan = govflow_plugin(plugin, name=NAME).load_plan("yudu-2023")
    township = plan.directory.unit("贡江镇政府")  # the alias still resolves
    assert township.villages == ("甲村", "乙村", "丙村")
    assert len(plan.directory.expand("各乡(镇)人民政府")) == 23  # replaced, not added


def test_obligations_bound_to_task_8(govflow_plugin: Register) -> None:
    plan = govflow_plugin(plugin, name=NAME).load_plan("yudu-2023")
    added = {o.id: o for o in plan.extra_obligations if o.origin == NAME}
    assert set(added) == {"gongjiang.board-monthly", "gongjiang.board-inspection"}
    assert {o.task for o in added.values()} == {"8"}  # 「通过村务公开栏公开」
    assert [u.name for u in plan.owner_units(added["gongjiang.board-monthly"])] == ["贡江镇"]


def test_agenda_in_september_2023(govflow_plugin: Register) -> None:
    registry = govflow_plugin(plugin, name=NAME)
    plan = registry.load_plan("yudu-2023")
    agenda = build_agenda(
        plan, registry.calendar(), start=date(2023, 9, 1), end=date(2023, 9, 30), area="gongjiang"
    )
    rows = [(o.due, o.obligation.id, o.entity) for o in agenda.items]
    assert rows == [
        # 09-30 is a Saturday inside 中秋节、国庆节 (09-29 to 10-06): the last working day
        (date(2023, 9, 28), "gongjiang.board-inspection", None),
        (date(2023, 9, 30), "gongjiang.board-monthly", "甲村"),
        (date(2023, 9, 30), "gongjiang.board-monthly", "乙村"),
        (date(2023, 9, 30), "gongjiang.board-monthly", "丙村"),
    ]


def test_check_two_silent_months(govflow_plugin: Register, tmp_path: Path) -> None:
    registry = govflow_plugin(plugin, name=NAME)
    plan = registry.load_plan("yudu-2023")
    records = tmp_path / "disclosures.csv"
    records.write_text(
        "单位,类型,村,公开日期,标题\n"
        "贡江镇,村务公开栏,甲村,2023-07-10,7月村务公开\n"
        "贡江镇,村务公开栏,甲村,2023-08-08,8月村务公开\n"
        "贡江镇,村务公开栏,乙村,2023-07-12,7月村务公开\n",
        encoding="utf-8",
    )
    result = run_check(
        plan,
        [records],
        calendar=registry.calendar(),
        as_of=date(2023, 9, 5),
        start=date(2023, 7, 1),
        area="gongjiang",
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )
    assert not result.rejected
    violated = {(f.rule, f.entity, f.due) for f in result.violations}
    assert violated == {
        ("gongjiang.board-monthly", "乙村", date(2023, 8, 31)),  # nothing in August
        ("gongjiang.board-monthly", "丙村", date(2023, 7, 31)),  # a directory village, no record
        ("gongjiang.board-monthly", "丙村", date(2023, 8, 31)),
        ("gongjiang.two-silent-months", "丙村", date(2023, 8, 31)),  # July and August
    }
    two = {f.entity: f for f in result.findings if f.rule == "gongjiang.two-silent-months"}
    assert two["甲村"].status is Status.MET
    assert two["乙村"].status is Status.PENDING  # August, and September is not over
    assert (two["乙村"].due, two["乙村"].window) == (
        date(2023, 9, 30),
        (date(2023, 8, 1), date(2023, 9, 30)),
    )
    assert two["丙村"].severity.label == "单项否决"
