"""govflow-yudu: registration, what it ships (plan, unit directory, areas, ``demo-data``), the
default plan it makes, and the demo with the rules of other plugins missing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from importlib.metadata import entry_points
from pathlib import Path

import govflow_yudu
import pytest
from click.testing import CliRunner
from govflow_yudu.demo import PLAN_ID, generate

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from govflow.cli import main
from govflow.compliance.check import run_check
from govflow.plan.obligations import Area
from govflow.plugins.manager import PluginError, Registry, get_plugin_manager, registry, reset
from govflow.testing import findings_of

Register = Callable[..., Registry]


@pytest.fixture
def restore_default_calendar() -> Iterator[WorkCalendar]:
    """The process-wide default calendar, put back afterwards (commands replace it)."""
    saved = default_calendar()
    try:
        yield saved
    finally:
        set_default_calendar(saved)


@pytest.fixture
def only_yudu(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[Registry]:
    """The process-wide registry with the built-ins and this plugin alone (no area plugin)."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "yudu")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield registry()
    reset()


def test_entry_point_installed_and_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("GOVFLOW_DISABLE_PLUGINS", "GOVFLOW_LOAD_PLUGINS"):
        monkeypatch.delenv(var, raising=False)
    (ep,) = entry_points(group="govflow", name="yudu")
    assert ep.value == "govflow_yudu"
    assert ep.dist is not None
    assert ep.dist.name == "govflow-yudu"
    pm = get_plugin_manager()
    assert pm.get_plugin("yudu") is govflow_yudu
    info = {p.name: p for p in Registry(pm).plugins()}["yudu"]
    assert not info.builtin
    assert info.distribution == "govflow-yudu"
    assert set(info.hooks) == {
        "govflow_areas",
        "govflow_cli_commands",
        "govflow_plans",
        "govflow_unit_directories",
    }


def test_ships_the_plan_the_directory_and_two_areas(only_yudu: Registry) -> None:
    (plan_source,) = only_yudu.plans().values()
    assert plan_source.id == PLAN_ID == "yudu-2023"
    assert plan_source.path.is_file()
    assert plan_source.path.parent.name == "plans"
    directory = only_yudu.unit_directories()["yudu"]
    assert directory.title == "于都县"
    assert directory.load().id == "yudu"
    areas = only_yudu.areas()
    assert set(areas) == {"development", "safeguards"}
    assert areas["development"].title == "围绕高质量发展深化政务公开"
    assert "营商环境" in areas["development"].keywords
    assert areas["safeguards"].title == "保障措施"
    assert all(isinstance(a, Area) for a in govflow_yudu.AREAS)
    assert {only_yudu.area_plugins()[a] for a in areas} == {"yudu"}
    # the plan's areas no area plugin covers are this plugin's
    plan = only_yudu.load_plan()
    assert {"development"} <= set(plan.areas)
    assert plan.id == PLAN_ID


def test_the_only_plan_installed_is_the_default(
    only_yudu: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert only_yudu.default_plan() == PLAN_ID
    result = CliRunner().invoke(main, ["agenda", "--unit", "县大数据中心", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["plan"]["id"] == PLAN_ID
    monkeypatch.setenv("GOVFLOW_PLAN", "no-such-plan")
    missing = CliRunner().invoke(main, ["agenda"])
    assert missing.exit_code == 2
    assert "no-such-plan" in missing.stderr


def test_an_area_of_this_plugin_cannot_be_declared_twice(govflow_plugin: Register) -> None:
    from govflow.plugins.hookspecs import hookimpl

    class Copycat:
        @hookimpl
        def govflow_areas(self) -> list[Area]:
            return [Area(id="development", title="另一个")]

    reg = govflow_plugin(Copycat(), name="copycat")
    with pytest.raises(PluginError, match=r"yudu 与 copycat"):
        reg.areas()


def test_demo_without_the_area_plugins_skips_their_violations(
    only_yudu: Registry, tmp_path: Path
) -> None:
    plan = only_yudu.load_plan(PLAN_ID)
    data = generate(tmp_path, seed=7, scale=0, plan=plan, calendar=only_yudu.calendar())
    assert data.violations
    assert data.skipped
    skipped_rules = {v.rule for v in data.skipped}
    assert {r.partition(".")[0] for r in skipped_rules} == {
        "finance",
        "grassroots",
        "livelihood",
        "newmedia",
        "policy",
        "response",
    }
    assert all(not v.rule.startswith(("response.", "newmedia.")) for v in data.violations)
    doc = json.loads((tmp_path / "planted.json").read_text("utf-8"))
    assert doc["skipped_plugins"] == data.missing_plugins()
    assert len(doc["skipped"]) == len(data.skipped)
    assert "未加载" in doc["说明"]
    # the check finds exactly what is still planted: nothing of the missing rules
    result = run_check(
        plan,
        data.record_files,
        calendar=only_yudu.calendar(),
        kinds=only_yudu.record_kinds(),
        extra_rules=only_yudu.rules(plan),
        as_of=date(2024, 2, 29),
    )
    assert sorted((f.rule, f.unit) for f in result.violations) == sorted(
        (v.rule, v.unit) for v in data.violations
    )
    assert len(result.rejected) == len(data.rejections)
    assert findings_of(result, "18.message-reply")


def test_demo_files_do_not_depend_on_the_plugins_loaded(
    only_yudu: Registry, tmp_path: Path
) -> None:
    alone = generate(
        tmp_path / "alone", seed=7, scale=0, plan=only_yudu.load_plan(PLAN_ID), rules=()
    )
    reset()
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reset()
        full = generate(tmp_path / "full", seed=7, scale=0)
        reset()
    assert not full.skipped
    assert len(full.violations) == len(alone.violations) + len(alone.skipped)
    for a, b in zip(alone.files, full.files, strict=True):
        if a.suffix == ".csv":
            assert a.read_bytes() == b.read_bytes(), a.name
    # the monitoring exports and the report texts are written either way, and checked only with
    # the plugins that declare their kinds (newmedia, response) loaded
    assert [p.name for p in alone.unread] == ["snapshots.csv", "probes.csv", "annual_reports.csv"]
    assert not full.unread
    assert len(alone.record_files) == len(full.record_files) - 3


def test_cli_demo_data_says_in_chinese_what_it_left_out(
    only_yudu: Registry, tmp_path: Path
) -> None:
    run = CliRunner().invoke(main, ["demo-data", "--out", str(tmp_path / "d"), "--scale", "0"])
    assert run.exit_code == 0, run.output
    assert (
        "以下插件未加载：finance、grassroots、livelihood、newmedia、policy、response" in run.stderr
    )
    assert "planted.json" in run.stderr
    assert "Traceback" not in run.output
    planted = json.loads((tmp_path / "d" / "planted.json").read_text("utf-8"))
    assert f"埋设违规 {len(planted['violations'])} 项" in run.stdout
