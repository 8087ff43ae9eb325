"""The plugin manager, the registry, the ``govflow_plugin`` fixture, and every hook.

Every test here starts from a registry with the built-ins only (``GOVFLOW_LOAD_PLUGINS=""``), so
the area plugins installed in the workspace do not change the answers; installed plugins are
simulated with entry points made up in the test.
"""

from __future__ import annotations

import sys
import tomllib
import types
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import click
import pluggy
import pytest
import tomli_w
from click.testing import CliRunner

import govflow.plugins.manager
import govflow.testing
from govflow import __version__
from govflow.calendar.notices import Notice, builtin_notices, parse_notice
from govflow.calendar.workcalendar import CalendarAdjustment, DayStatus, WorkCalendar
from govflow.cli import main
from govflow.periods.core import Period
from govflow.plan.obligations import (
    Area,
    Citation,
    Deadline,
    Evidence,
    ObligationTemplate,
    Quota,
    Window,
)
from govflow.plan.planfile import PlanError, PlanSource
from govflow.plan.settings import ClockSettings
from govflow.plan.units import DirectorySource, Unit, UnitGroup, UnitKind
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import (
    ENTRY_POINT_GROUP,
    PluginError,
    Registry,
    UnknownPluginError,
    get_plugin_manager,
    registry,
    reset,
)
from plans import CESHI_PLAN, CESHI_UNITS, CeshiPlugin, ceshi_plan

Register = Callable[..., Registry]
BUILTIN_HOOKS = {
    "govflow_holiday_notices",
    "govflow_case_kinds",
}  # notices and case kinds, no plan, no area


@pytest.fixture(autouse=True)
def _builtins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No installed plugin: the process-wide registry is rebuilt with the built-ins alone."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield
    reset()


# -- plugins made up for the tests ----------------------------------------------------------------


class AreaPlugin:
    def __init__(self, *areas: str) -> None:
        self.areas = areas

    @hookimpl
    def govflow_areas(self) -> Iterable[Area]:
        return [Area(a, f"{a}领域") for a in self.areas]


class Returns:
    """A plugin whose govflow_areas returns whatever it is given."""

    def __init__(self, value: object) -> None:
        self.value = value

    @hookimpl
    def govflow_areas(self) -> object:
        return self.value


class Misspelt:
    @hookimpl
    def govflow_not_a_hook(self) -> list[Area]:
        return []


def _module(name: str, *areas: str) -> types.ModuleType:
    module = types.ModuleType(name)

    @hookimpl
    def govflow_areas() -> Iterable[Area]:
        return [Area(a, a) for a in areas]

    module.govflow_areas = govflow_areas  # type: ignore[attr-defined]
    return module


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> dict[str, types.ModuleType]:
    """Two entry-point plugins, ``alpha`` and ``beta``, as if installed."""
    modules = {
        "alpha": _module("govflow_test_alpha", "alpha-area"),
        "beta": _module("govflow_test_beta", "beta-area"),
    }
    points = []
    for name, module in modules.items():
        monkeypatch.setitem(sys.modules, module.__name__, module)
        points.append(EntryPoint(name=name, value=module.__name__, group=ENTRY_POINT_GROUP))

    def fake_entry_points(*, group: str) -> list[EntryPoint]:
        return points if group == ENTRY_POINT_GROUP else []

    monkeypatch.setattr(govflow.plugins.manager, "entry_points", fake_entry_points)
    return modules


def _names(pm: pluggy.PluginManager) -> list[str]:
    return [name for name, plugin in pm.list_name_plugin() if plugin is not None]


# -- the plugin manager ---------------------------------------------------------------------------


def test_plugin_manager_registers_the_builtins() -> None:
    pm = get_plugin_manager()
    assert _names(pm) == ["govflow.builtin"]
    pm.check_pending()  # passes again
    builtin = pm.get_plugin("govflow.builtin")
    assert {h.name for h in pm.get_hookcallers(builtin) or ()} == BUILTIN_HOOKS
    reg = Registry(pm)
    assert reg.areas() == {}
    assert reg.plans() == {}
    assert reg.unit_directories() == {}
    (info,) = reg.plugins()
    assert (info.name, info.builtin, info.version, info.distribution) == (
        "govflow.builtin",
        True,
        __version__,
        "govflow",
    )
    assert set(info.hooks) == BUILTIN_HOOKS


def test_installed_plugins_load_unless_the_environment_says_otherwise(
    monkeypatch: pytest.MonkeyPatch, installed: dict[str, types.ModuleType]
) -> None:
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS")
    pm = get_plugin_manager()
    assert _names(pm) == ["govflow.builtin", "alpha", "beta"]
    assert set(Registry(pm).areas()) == {"alpha-area", "beta-area"}
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    assert _names(get_plugin_manager()) == ["govflow.builtin"]
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "beta, govflow.builtin")
    assert _names(get_plugin_manager()) == ["govflow.builtin", "beta"]
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "beta, gamma")  # a typo would drop rules silently
    with pytest.raises(UnknownPluginError, match=r"gamma 未安装.*已安装的插件：alpha、beta"):
        get_plugin_manager()
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "alpah")
    with pytest.raises(UnknownPluginError, match=r"alpah（是否想写 alpha？）"):
        get_plugin_manager()


def test_disable_plugins_blocks_the_named(
    monkeypatch: pytest.MonkeyPatch, installed: dict[str, types.ModuleType]
) -> None:
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS")
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", "alpha")
    pm = get_plugin_manager()
    assert _names(pm) == ["govflow.builtin", "beta"]
    assert pm.is_blocked("alpha")
    assert not pm.is_blocked("beta")
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", "*")
    assert _names(get_plugin_manager()) == ["govflow.builtin"]
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", "govflow.builtin")  # built-ins stay
    assert "govflow.builtin" in _names(get_plugin_manager())
    # the process-wide registry reads the environment when it is rebuilt
    monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", "beta")
    reset()
    assert "beta-area" not in registry().areas()
    assert "alpha-area" in registry().areas()


def test_registry_is_process_wide_until_reset() -> None:
    first = registry()
    assert registry() is first
    reset()
    assert registry() is not first


def test_duplicate_area_id_names_both_plugins(govflow_plugin: Register) -> None:
    govflow_plugin(AreaPlugin("village"), name="plugin-one")
    reg = govflow_plugin(AreaPlugin("village"), name="plugin-two")
    with pytest.raises(PluginError, match="领域 'village' 重复") as info:
        reg.areas()
    assert "plugin-one" in str(info.value)
    assert "plugin-two" in str(info.value)


def test_duplicate_of_an_earlier_plugins_area(govflow_plugin: Register) -> None:
    govflow_plugin(AreaPlugin("development"), name="county")
    reg = govflow_plugin(AreaPlugin("development"), name="copycat")
    with pytest.raises(PluginError, match=r"county 与 copycat"):
        reg.areas()


@pytest.mark.parametrize(
    "value",
    [["not an area"], [Area("ok", "好"), {"id": "dict"}], Area("single", "不是列表"), 42],
    ids=["str-in-list", "dict-in-list", "bare-record", "int"],
)
def test_a_hook_returning_the_wrong_type(govflow_plugin: Register, value: object) -> None:
    reg = govflow_plugin(Returns(value), name="sloppy")
    with pytest.raises(PluginError, match="sloppy") as info:
        reg.areas()
    assert "govflow_areas" in str(info.value)
    assert "Area" in str(info.value)


def test_an_unknown_hook_fails_check_pending(
    monkeypatch: pytest.MonkeyPatch, installed: dict[str, types.ModuleType]
) -> None:
    pm = get_plugin_manager()
    pm.register(Misspelt(), name="misspelt")
    with pytest.raises(pluggy.PluginValidationError, match="govflow_not_a_hook"):
        pm.check_pending()
    # an installed plugin with a misspelt hook stops the start-up
    bad = types.ModuleType("govflow_test_bad")
    bad.govflow_not_a_hook = Misspelt().govflow_not_a_hook  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, bad.__name__, bad)
    monkeypatch.setattr(
        govflow.plugins.manager,
        "entry_points",
        lambda *, group: [EntryPoint(name="bad", value=bad.__name__, group=ENTRY_POINT_GROUP)],
    )
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS")
    with pytest.raises(PluginError, match="govflow_not_a_hook") as info:
        get_plugin_manager()
    assert "GOVFLOW_DISABLE_PLUGINS=bad" in str(info.value)  # says how to get going again


def test_the_fixture_checks_pending_hooks_too(govflow_plugin: Register) -> None:
    with pytest.raises(pluggy.PluginValidationError, match="govflow_not_a_hook"):
        govflow_plugin(Misspelt(), name="misspelt")


# -- the govflow_plugin fixture: one test only ----------------------------------------------------

PROBE = "govflow-test-probe"
_PROBED: list[pluggy.PluginManager] = []


def test_fixture_registers_a_plugin_for_one_test(govflow_plugin: Register) -> None:
    reg = govflow_plugin(AreaPlugin("probe-area"), name=PROBE)
    assert reg is registry()
    assert reg.pm.get_plugin(PROBE) is not None
    assert reg.area_plugins()["probe-area"] == PROBE
    with pytest.raises(ValueError, match="已在本测试中注册"):
        govflow_plugin(AreaPlugin("other"), name=PROBE)
    _PROBED.append(reg.pm)


def test_fixture_replaces_an_installed_namesake_for_one_test(
    installed: dict[str, types.ModuleType], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS")
    reset()
    fixture = govflow.testing.govflow_plugin.__wrapped__()  # type: ignore[attr-defined]
    register = next(fixture)
    reg = register(AreaPlugin("alpha-replaced"), name="alpha")
    assert reg.area_plugins()["alpha-replaced"] == "alpha"
    assert "alpha-area" not in reg.areas()
    with pytest.raises(StopIteration):
        next(fixture)  # the end of the test
    assert reg.pm.get_plugin("alpha") is installed["alpha"]
    assert "alpha-area" in reg.areas()


def test_fixture_plugin_is_gone_in_the_next_test() -> None:
    """Runs after the test above (file order): its plugin manager no longer has the probe."""
    for pm in _PROBED:
        assert pm.get_plugin(PROBE) is None
        assert "probe-area" not in Registry(pm).areas()
    assert registry().pm.get_plugin(PROBE) is None


# -- every hook -----------------------------------------------------------------------------------


def test_hook_govflow_areas(govflow_plugin: Register) -> None:
    reg = govflow_plugin(AreaPlugin("village", "archives"), name="county-extras")
    areas = reg.areas()
    assert areas["village"].title == "village领域"
    assert reg.area_plugins()["archives"] == "county-extras"
    assert set(reg.area_plugins()) == {"village", "archives"}  # the core declares none
    info = {p.name: p for p in reg.plugins()}["county-extras"]
    assert info.hooks == ("govflow_areas",)
    assert not info.builtin


_CITE = Citation("《中华人民共和国政府信息公开条例》", "第三十三条第二款", "20个工作日")


class TemplatePlugin:
    def __init__(self) -> None:
        self.asked: list[str] = []

    @hookimpl
    def govflow_areas(self) -> Iterable[Area]:
        return [Area("answers", "回应关切")]

    @hookimpl
    def govflow_obligation_templates(self, area: str) -> Iterable[ObligationTemplate]:
        self.asked.append(area)
        if area != "answers":
            return []
        reply = Deadline(Period.parse("20个工作日"), "收到申请")
        return [
            ObligationTemplate(
                "19.apply-reply",
                "依申请公开答复",
                reply,
                _CITE,
                "answers",
                keywords=("依申请公开",),
            ),
            ObligationTemplate(
                "response.first-task",
                "无关键词",
                reply,
                _CITE,
                "answers",
                keywords=("没有这个词",),
            ),
            ObligationTemplate(
                "18.message-reply",
                "插件的默认期限",
                Deadline(Period.parse("10个工作日"), "收到留言"),
                _CITE,
                "answers",
            ),
        ]


def test_hook_govflow_obligation_templates(govflow_plugin: Register) -> None:
    plugin = TemplatePlugin()
    govflow_plugin(CeshiPlugin(), name="ceshi")
    reg = govflow_plugin(plugin, name="response-rules")
    plan = ceshi_plan()
    bound = reg.bind(plan)
    assert sorted(plugin.asked) == sorted(plan.areas)  # asked once per area of the plan
    extra = {o.id: o for o in bound.extra_obligations}
    assert set(extra) == {"19.apply-reply", "response.first-task"}
    assert extra["19.apply-reply"].task == "19"  # the task whose text names 依申请公开
    assert extra["response.first-task"].task == "18"  # no keyword found: the area's first task
    assert {o.origin for o in extra.values()} == {"response-rules"}
    # the plan's own 18.message-reply overrides the template's
    own = bound.obligation("18.message-reply")
    assert own.origin == "plan"
    assert isinstance(own.rule, Deadline)
    assert own.rule.period.amount == 5
    # the template binds to the task's responsible units
    assert bound.owner_units(extra["19.apply-reply"]) == bound.owner_units(own)
    assert reg.load_plan("ceshi-2023") == bound


def test_hook_govflow_holiday_notices(
    govflow_plugin: Register, notice_2027: dict[str, Any]
) -> None:
    notice = parse_notice(notice_2027, source="test-2027")

    class Notices:
        @hookimpl
        def govflow_holiday_notices(self) -> Iterable[Notice]:
            return [notice]

    before = registry().calendar()
    assert before.year_status(2027) is DayStatus.UNKNOWN
    reg = govflow_plugin(Notices(), name="notice-2027")
    cal = reg.calendar()
    assert cal.year_status(2027) is DayStatus.OFFICIAL
    assert 2027 in cal.years
    assert cal.is_workday(date(2027, 1, 31))  # a make-up Sunday
    assert not cal.is_workday(date(2027, 2, 8))  # 春节
    assert len(cal.years) == len(before.years) + 1

    class Again:
        @hookimpl
        def govflow_holiday_notices(self) -> Iterable[Notice]:
            return [n for n in builtin_notices() if n.year == 2026]

    govflow_plugin(Again(), name="notice-2026")
    with pytest.raises(PluginError, match="2026"):
        reg.calendar()


def test_hook_govflow_calendar_adjustments(govflow_plugin: Register, cal: WorkCalendar) -> None:
    day_off = CalendarAdjustment(
        date(2023, 9, 28), False, "县委县政府决定放假", "测试县", "测府办字〔2023〕99号"
    )

    class Adjust:
        @hookimpl
        def govflow_calendar_adjustments(self) -> Iterable[CalendarAdjustment]:
            return [day_off]

    govflow_plugin(CeshiPlugin(), name="ceshi")
    reg = govflow_plugin(Adjust(), name="county-local")
    adjusted = reg.calendar()
    assert cal.is_workday(date(2023, 9, 28))
    assert not adjusted.is_workday(date(2023, 9, 28))
    assert adjusted.adjustments == (day_off,)
    # the month-end bulletin moves one more working day back
    from govflow.report.agenda import build_agenda

    plan = reg.load_plan("ceshi-2023")
    sept = build_agenda(
        plan, adjusted, start=date(2023, 9, 1), end=date(2023, 9, 30), area="platforms"
    )
    assert {o.due for o in sept.items if o.obligation.id == "11.monthly-bulletin"} == {
        date(2023, 9, 27)
    }


def test_hook_govflow_units(govflow_plugin: Register) -> None:
    class Units:
        def __init__(self) -> None:
            self.asked: list[str] = []

        @hookimpl
        def govflow_units(self, directory: str) -> Iterable[Unit | UnitGroup]:
            self.asked.append(directory)
            if directory != "ceshi":
                return []
            return [
                Unit("县档案馆", UnitKind.INSTITUTION, "测试县档案馆", ("县档案局",)),
                UnitGroup("县档案和融媒体单位", members=("县档案馆", "县融媒体中心")),
            ]

    plugin = Units()
    govflow_plugin(CeshiPlugin(), name="ceshi")
    reg = govflow_plugin(plugin, name="county-units")
    plan = reg.load_plan("ceshi-2023")
    assert plugin.asked == ["ceshi"]
    assert plan.directory.lookup("县档案局").name == "县档案馆"
    assert [u.name for u in plan.directory.expand("县档案和融媒体单位")] == [
        "县融媒体中心",
        "县档案馆",
    ]
    # 县直(驻县)有关单位 now includes it: task 9's open day binds it
    assert "县档案馆" in [u.name for u in plan.owner_units(plan.obligation("9.open-day"))]
    assert ceshi_plan().directory.units == plan.directory.units[:-1]


def test_hook_govflow_unit_directories(govflow_plugin: Register, tmp_path: Path) -> None:
    govflow_plugin(CeshiPlugin(), name="ceshi")
    data = tomllib.loads(CESHI_UNITS.read_text("utf-8"))
    data["id"], data["title"] = "test-county", "测试县"
    path = tmp_path / "test-county.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")

    class Directories:
        @hookimpl
        def govflow_unit_directories(self) -> Iterable[DirectorySource]:
            return [DirectorySource("test-county", path, "测试县")]

    reg = govflow_plugin(Directories(), name="test-directories")
    assert set(reg.unit_directories()) == {"ceshi", "test-county"}
    plan_data = tomllib.loads(reg.plans()["ceshi-2023"].path.read_text("utf-8"))
    plan_data["units"] = "test-county"
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text(tomli_w.dumps(plan_data), encoding="utf-8")
    assert reg.load_plan(plan_path).directory.title == "测试县"
    plan_data["units"] = "no-such-county"
    plan_path.write_text(tomli_w.dumps(plan_data), encoding="utf-8")
    with pytest.raises(PlanError, match=r"单位名录 'no-such-county' 不存在.*test-county"):
        reg.load_plan(plan_path)

    class Again:
        @hookimpl
        def govflow_unit_directories(self) -> Iterable[DirectorySource]:
            return [DirectorySource("ceshi", path, "测试县")]

    reg = govflow_plugin(Again(), name="again")
    with pytest.raises(PluginError, match="单位名录 'ceshi' 重复"):
        reg.unit_directories()


def test_hook_govflow_plans(govflow_plugin: Register, tmp_path: Path) -> None:
    govflow_plugin(CeshiPlugin(), name="ceshi")
    data = tomllib.loads(CESHI_PLAN.read_text("utf-8"))
    data["units"] = str(CESHI_UNITS)
    data["id"] = "test-county-2024"
    data["title"] = "测试县2024年政务公开工作方案"
    path = tmp_path / "test-county-2024.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")

    class Plans:
        @hookimpl
        def govflow_plans(self) -> Iterable[PlanSource]:
            return [PlanSource("test-county-2024", path, "测试县")]

    reg = govflow_plugin(Plans(), name="test-plans")
    assert set(reg.plans()) == {"ceshi-2023", "test-county-2024"}
    plan = reg.load_plan("test-county-2024")
    assert plan.title == "测试县2024年政务公开工作方案"
    assert len(plan.tasks) == 8
    result = CliRunner().invoke(main, ["tasks", "--plan", "test-county-2024"])
    assert result.exit_code == 0, result.output
    assert "测试县2024年政务公开工作方案" in result.stdout
    with pytest.raises(PlanError, match="test-county-2024"):  # the known ids are listed
        reg.load_plan("test-county-2025")


def test_hook_govflow_cli_commands(
    govflow_plugin: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    @click.command(name="hello-county")
    @click.argument("who", default="测试县")
    def hello(who: str) -> None:
        """Say hello."""
        click.echo(f"你好，{who}")

    class Commands:
        @hookimpl
        def govflow_cli_commands(self, cli: click.Group) -> None:
            cli.add_command(hello)

    # the command group loads plugin commands once per process: start afresh, and leave no trace
    monkeypatch.setattr(main, "commands", dict(main.commands))
    monkeypatch.setattr(main, "_plugins_loaded", False)
    govflow_plugin(Commands(), name="hello-plugin")
    result = CliRunner().invoke(main, ["hello-county", "东城镇"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "你好，东城镇\n"
    assert "hello-county" in CliRunner().invoke(main, ["--help"]).stdout
    shown = CliRunner().invoke(main, ["hello-county", "--help"]).stdout  # a plain click.Command
    assert shown.startswith("用法：govflow hello-county [OPTIONS] [WHO]")
    assert "显示本帮助并退出。" in shown
    assert "Usage:" not in shown


def test_registry_bind_leaves_a_plan_without_contributions_alone() -> None:
    plan = ceshi_plan()
    assert registry().bind(plan) == plan
    assert registry().load_plan(CESHI_PLAN) == plan


def _one_template(area: str, template: ObligationTemplate, *, declare: bool = True) -> object:
    class One:
        @hookimpl
        def govflow_areas(self) -> Iterable[Area]:
            return [Area(area, area)] if declare else []

        @hookimpl
        def govflow_obligation_templates(self, area: str) -> Iterable[ObligationTemplate]:
            return [template] if area == template.area else []

    return One()


_REPLY = Deadline(Period.parse("20个工作日"), "收到申请")


@pytest.mark.parametrize(
    ("template", "declare", "phrases"),
    [
        (
            ObligationTemplate(
                "t.reply", "答复", _REPLY, _CITE, "extra", evidence=Evidence("application")
            ),
            False,
            ("领域 'extra' 没有插件声明", "已声明：无"),
        ),
        (
            ObligationTemplate(
                "t.reply",
                "答复",
                _REPLY,
                _CITE,
                "extra",
                evidence=Evidence("application", trigger="received", done="answered"),
            ),
            True,
            ("证据字段 'answered' 不是记录类别 application 的字段", "replied"),
        ),
        (
            ObligationTemplate(
                "t.reply",
                "答复",
                _REPLY,
                _CITE,
                "extra",
                evidence=Evidence("applications", trigger="received", done="replied"),
            ),
            True,
            ("证据的记录类别 'applications' 不存在", "application"),
        ),
        (
            ObligationTemplate(
                "t.reply",
                "答复",
                _REPLY,
                _CITE,
                "extra",
                evidence=Evidence("application", where={"medium": "信函"}, trigger="received"),
            ),
            True,
            ("证据筛选字段 'medium'",),
        ),
        (
            ObligationTemplate(
                "t.reply",
                "答复",
                _REPLY,
                _CITE,
                "extra",
                settings=ClockSettings(awaiting="notified"),
                evidence=Evidence("application", trigger="received", done="replied"),
            ),
            True,
            ("设置项 awaiting 的字段 'notified'",),
        ),
        (
            ObligationTemplate("t.events", "活动", Quota(1, Window.YEAR, "events"), _CITE, "extra"),
            True,
            ("定额计数的记录类别 counts 'events' 不存在", "event"),
        ),
        (
            ObligationTemplate(
                "t.events",
                "活动",
                Quota(1, Window.YEAR, "event", where={"sort": "开放活动"}),
                _CITE,
                "extra",
            ),
            True,
            ("筛选字段 'sort' 不是记录类别 event 的字段",),
        ),
    ],
)
def test_templates_are_validated_at_registration(
    govflow_plugin: Register, template: ObligationTemplate, declare: bool, phrases: tuple[str, ...]
) -> None:
    reg = govflow_plugin(_one_template("extra", template, declare=declare), name="extra-rules")
    with pytest.raises(PluginError) as info:
        reg.obligation_templates("extra")
    message = str(info.value)
    assert message.startswith(f"插件 extra-rules 的义务模板 {template.id}：")
    for phrase in phrases:
        assert phrase in message
    if declare:  # the plan reader's settings classes come from validated templates only
        with pytest.raises(PluginError):
            reg.template_settings()


def test_a_valid_template_registers_with_its_settings_class(govflow_plugin: Register) -> None:
    template = ObligationTemplate(
        "t.reply",
        "答复",
        _REPLY,
        _CITE,
        "extra",
        settings=ClockSettings(max_extension_workdays=20),
        evidence=Evidence("application", where={"abandoned": False}, trigger="received"),
    )
    reg = govflow_plugin(_one_template("extra", template), name="extra-rules")
    assert reg.obligation_templates("extra") == [("extra-rules", template)]
    assert reg.template_settings() == {"t.reply": ClockSettings}


def test_quota_template_in_an_area_the_plan_lacks(govflow_plugin: Register) -> None:
    class Elsewhere:
        @hookimpl
        def govflow_obligation_templates(self, area: str) -> Iterable[ObligationTemplate]:
            return (
                [ObligationTemplate(f"{area}.x", "x", Quota(1, Window.YEAR, "event"), _CITE, area)]
                if area == "village"
                else []
            )

    reg = govflow_plugin(Elsewhere(), name="village-rules")
    assert reg.bind(ceshi_plan()).extra_obligations == ()


def test_hooks_go_through_pluggys_caller_so_wrappers_apply(govflow_plugin: Register) -> None:
    """A new-style wrapper sees (and may change) each plugin's contribution, and the registry
    still knows which plugin gave each item: the hooks are called through pluggy's hook caller,
    not by calling the implementations' functions."""
    seen: list[list[str]] = []

    class Archives:
        @hookimpl
        def govflow_areas(self) -> Iterable[Area]:
            return [Area("archives", "档案信息公开"), Area("drafts", "草稿")]

    class HideDrafts:
        @hookimpl(wrapper=True)
        def govflow_areas(
            self,
        ) -> Generator[None, list[list[Area]], list[list[Area]]]:
            results = yield
            seen.append([a.id for result in results for a in result])
            return [[a for a in result if a.id != "drafts"] for result in results]

    govflow_plugin(Archives(), name="archives")
    reg = govflow_plugin(HideDrafts(), name="hide-drafts")
    assert "archives" in reg.areas()
    assert "drafts" not in reg.areas()
    assert reg.area_plugins()["archives"] == "archives"
    assert ["archives", "drafts"] in seen  # the wrapper saw the plugin's own list
