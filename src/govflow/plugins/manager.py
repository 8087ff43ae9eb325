"""The plugin manager: built-in behaviour and installed plugins, behind one registry.

Plugins are found through the ``govflow`` entry-point group.  ``GOVFLOW_DISABLE_PLUGINS`` (a
comma-separated list of plugin names, or ``*``) blocks plugins; ``GOVFLOW_LOAD_PLUGINS`` (a
comma-separated list; empty loads none) loads only the plugins named.  Built-in behaviour
(``govflow.plugins.builtin``) is registered as a plugin too and cannot be disabled.

Contributions are collected per plugin so that duplicates are reported with both names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import pluggy
from attrs import frozen

from govflow.errors import InputError, PluginError
from govflow.plugins import hookspecs
from govflow.plugins.hookspecs import PROJECT_NAME

if TYPE_CHECKING:
    from govflow.plan.planfile import PlanSource

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "NoDefaultPlan",
    "PluginError",
    "PluginInfo",
    "Registry",
    "UnknownPluginError",
    "check_load_plugins",
    "get_plugin_manager",
    "loaded",
    "registry",
    "reset",
]

ENTRY_POINT_GROUP = "govflow"
#: Built-in plugins: the name they are registered under, and their module.
BUILTIN_PLUGINS = {"govflow.builtin": "govflow.plugins.builtin"}

T = TypeVar("T")


@frozen
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool
    distribution: str = ""


class NoDefaultPlan(InputError):
    """No plan was named and the installed plugins ship none, or several (exit 2)."""

    label: ClassVar[str] = "未指定方案"


def _names(value: str) -> set[str]:
    return {n.strip() for n in value.split(",") if n.strip()}


class UnknownPluginError(InputError):
    """``GOVFLOW_LOAD_PLUGINS`` names a plugin that is not installed (exit 2)."""

    label: ClassVar[str] = "环境变量有误"


def check_load_plugins() -> None:
    """:class:`UnknownPluginError` when ``GOVFLOW_LOAD_PLUGINS`` names a plugin that is not
    installed (the command line checks it before any command)."""
    allowed = _names(os.environ.get("GOVFLOW_LOAD_PLUGINS") or "")
    if allowed:
        _check_names(allowed, {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


def _check_names(allowed: set[str], installed: set[str]) -> None:
    unknown = sorted(allowed - installed - set(BUILTIN_PLUGINS))
    if not unknown:
        return
    import difflib

    parts = []
    for name in unknown:
        close = difflib.get_close_matches(name, sorted(installed), n=1)
        parts.append(f"{name}（是否想写 {close[0]}？）" if close else name)
    raise UnknownPluginError(
        f"GOVFLOW_LOAD_PLUGINS 中的插件 {'、'.join(parts)} 未安装，其规则不会加载；"
        f"已安装的插件：{'、'.join(sorted(installed)) or '无'}"
    )


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering the distribution each entry-point plugin came from and
    the object loaded from each entry point."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.distributions: dict[str, Any] = {}
        self.entry_point_plugins: dict[str, object] = {}


def get_plugin_manager() -> PluginManager:
    """A new plugin manager with the built-ins and the installed plugins the environment allows.

    A plugin that cannot be imported or does not fit the hook specifications raises
    :class:`PluginError` naming it.
    """
    pm = PluginManager()
    pm.add_hookspecs(hookspecs)
    for name, module_name in BUILTIN_PLUGINS.items():
        pm.register(import_module(module_name), name=name)
    disabled = _names(os.environ.get("GOVFLOW_DISABLE_PLUGINS", ""))
    only = os.environ.get("GOVFLOW_LOAD_PLUGINS")
    allowed = _names(only) if only is not None else None
    installed = entry_points(group=ENTRY_POINT_GROUP)
    if allowed:  # a misspelt name would silently drop that plugin's rules
        _check_names(allowed, {ep.name for ep in installed})
    for ep in installed:
        if "*" in disabled or ep.name in disabled:
            pm.set_blocked(ep.name)
            continue
        if allowed is not None and ep.name not in allowed:
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
            pm.entry_point_plugins[ep.name] = plugin
        except (ImportError, AttributeError, pluggy.PluginValidationError) as exc:
            raise PluginError(
                f"插件 {ep.name}（{ep.value}）无法载入：{exc}；"
                f"可设 GOVFLOW_DISABLE_PLUGINS={ep.name} 停用它"
            ) from exc
        if ep.dist is not None:
            pm.distributions[ep.name] = ep.dist
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or "?"
        raise PluginError(
            f"插件 {name} 与钩子规范不符：{exc}；可设 GOVFLOW_DISABLE_PLUGINS={name} 停用它"
        ) from exc
    return pm


class Registry:
    """Typed, validated access to what the plugins contribute."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm

    def _collect(
        self,
        hook_name: str,
        kind: type[T] | tuple[type, ...],
        id_of: Callable[[Any], Any],
        what: str,
        **kwargs: Any,
    ) -> list[tuple[str, T]]:
        """Each plugin's contribution to a hook, typed and with no duplicate ids.

        The hook is called through pluggy's hook caller, one plugin at a time (a subset caller
        holding that plugin and every wrapper), so ``hookwrapper``/``wrapper`` implementations
        apply and each item is known by the plugin that gave it.
        """
        out: list[tuple[str, T]] = []
        seen: dict[Any, str] = {}
        for name, result in self.each(hook_name, **kwargs):
            if not isinstance(result, Iterable):  # one record instead of a list of them
                raise PluginError(
                    f"插件 {name} 的 {hook_name} 返回了 {result!r}，"
                    f"应返回 {_kind_name(kind)} 的列表"
                )
            for item in result:
                if not isinstance(item, kind):
                    raise PluginError(
                        f"插件 {name} 的 {hook_name} 返回了 {item!r}，应为 {_kind_name(kind)}"
                    )
                key = id_of(item)
                if key in seen:
                    raise PluginError(f"{what} {key!r} 重复：插件 {seen[key]} 与 {name} 都提供了它")
                seen[key] = name
                out.append((name, item))  # type: ignore[arg-type]
        return out

    def each(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """``(plugin name, result)`` for every plugin implementing *hook_name*, in registration
        order, each called through pluggy's hook caller; plugins returning ``None`` are left out.
        """
        caller = getattr(self.pm.hook, hook_name)
        impls = caller.get_hookimpls()
        wrappers = {id(i.plugin) for i in impls if i.hookwrapper or i.wrapper}
        plain = [i for i in impls if id(i.plugin) not in wrappers]
        for impl in plain:  # registration order (pluggy itself calls them last-registered first)
            others = [i.plugin for i in plain if i.plugin is not impl.plugin]
            results = self.pm.subset_hook_caller(hook_name, remove_plugins=others)(**kwargs)
            for result in results:
                yield impl.plugin_name, result

    def areas(self) -> dict[str, Any]:
        from govflow.plan.obligations import Area

        return {a.id: a for _, a in self._collect("govflow_areas", Area, lambda a: a.id, "领域")}

    def area_plugins(self) -> dict[str, str]:
        from govflow.plan.obligations import Area

        return {
            a.id: name for name, a in self._collect("govflow_areas", Area, lambda a: a.id, "领域")
        }

    def obligation_templates(self, area: str) -> list[tuple[str, Any]]:
        """``(plugin, template)`` for each template of *area*, validated
        (:meth:`validate_template`)."""
        from govflow.plan.obligations import ObligationTemplate

        found: list[tuple[str, Any]] = self._collect(
            "govflow_obligation_templates",
            ObligationTemplate,
            lambda t: t.id,
            "义务模板",
            area=area,
        )
        if found:
            kinds, areas = self.record_kinds(), set(self.areas())
            for plugin, template in found:
                self.validate_template(plugin, template, kinds, areas)
        return found

    @staticmethod
    def validate_template(
        plugin: str, template: Any, kinds: dict[str, Any], areas: set[str]
    ) -> None:
        """Refuse a template whose area no plugin declares, whose record kind does not exist,
        or whose evidence, filters or settings name a field its record kind lacks: the rule
        would otherwise never see a record, silently."""
        from govflow.plan.obligations import Quota
        from govflow.plan.settings import ClockSettings

        where = f"插件 {plugin} 的义务模板 {template.id}"
        if template.area not in areas:
            known = "、".join(sorted(areas)) or "无"
            raise PluginError(f"{where}：领域 {template.area!r} 没有插件声明（已声明：{known}）")

        def kind_of(name: str, what: str) -> Any:
            if name not in kinds:
                known = "、".join(sorted(kinds))
                raise PluginError(f"{where}：{what} {name!r} 不存在（已有记录类别：{known}）")
            return kinds[name]

        def need(kind: Any, names: Iterable[str], what: str) -> None:
            have = {f.name for f in kind.fields}
            for name in names:
                if name not in have:
                    raise PluginError(
                        f"{where}：{what} {name!r} 不是记录类别 {kind.name} 的字段"
                        f"（已有字段：{'、'.join(sorted(have))}）"
                    )

        if template.versions:
            Registry._validate_versions(where, template)
        rule = template.rule
        if isinstance(rule, Quota):
            need(kind_of(rule.counts, "定额计数的记录类别 counts"), rule.where, "筛选字段")
        ev = template.evidence
        if ev is not None:
            kind = kind_of(ev.kind, "证据的记录类别")
            need(kind, ev.where, "证据筛选字段")
            named = [
                getattr(ev, n)
                for n in (
                    "trigger",
                    "done",
                    "ends",
                    "unless",
                    "restart",
                    "pause_start",
                    "pause_end",
                    "pause_received",
                    "extension",
                    "extension_approved",
                )
            ]
            need(kind, [n for n in (*named, *ev.requires) if n], "证据字段")
            for settings in (template.settings, *(v.settings for v in template.versions)):
                if isinstance(settings, ClockSettings) and settings.awaiting:
                    need(kind, [settings.awaiting], "设置项 awaiting 的字段")

    @staticmethod
    def _validate_versions(where: str, template: Any) -> None:
        """Refuse versions on a rule that has no trigger date to choose them by, and versions
        whose periods of validity overlap, leave a gap or are out of order: a case would be
        judged by two versions, or by none, without anyone noticing."""
        from govflow.plan.obligations import Deadline, version_problems

        rule = template.rule
        if not (isinstance(rule, Deadline) and rule.trigger is not None):
            raise PluginError(
                f"{where}：只有自触发事件起算的期限（Deadline 带 trigger）可以分版本"
                f"（versions），本模板的时间规则是 {rule.describe()}"
            )
        problem = version_problems(template.versions, template.settings)
        if problem:
            raise PluginError(f"{where}：规则版本（versions）有误：{problem}")

    def template_settings(self) -> dict[str, type]:
        """The settings class of every plugin template, by id: a plan's obligation of the same
        id is read against it (:func:`govflow.plan.planfile.read_plan`)."""
        return {
            t.id: type(t.settings)
            for area in self.areas()
            for _, t in self.obligation_templates(area)
        }

    def notices(self) -> list[Any]:
        from govflow.calendar.notices import Notice

        return [
            n
            for _, n in self._collect(
                "govflow_holiday_notices", Notice, lambda n: n.year, "节假日通知年份"
            )
        ]

    def calendar_adjustments(self) -> list[Any]:
        from govflow.calendar.workcalendar import CalendarAdjustment

        return [
            a
            for _, a in self._collect(
                "govflow_calendar_adjustments",
                CalendarAdjustment,
                lambda a: (a.day, a.region),
                "日历调整",
            )
        ]

    def units(self, directory: str) -> list[Any]:
        from govflow.plan.units import Unit, UnitGroup

        found: list[tuple[str, Unit | UnitGroup]] = self._collect(
            "govflow_units", (Unit, UnitGroup), lambda u: u.name, "单位", directory=directory
        )
        return [u for _, u in found]

    def unit_directories(self) -> dict[str, Any]:
        """The unit directory files the plugins ship (``DirectorySource``), by id."""
        from govflow.plan.units import DirectorySource

        return {
            d.id: d
            for _, d in self._collect(
                "govflow_unit_directories", DirectorySource, lambda d: d.id, "单位名录"
            )
        }

    def plans(self) -> dict[str, PlanSource]:
        from govflow.plan.planfile import PlanSource

        return {
            p.id: p for _, p in self._collect("govflow_plans", PlanSource, lambda p: p.id, "方案")
        }

    def rules(self, plan: Any) -> list[Any]:
        """Every plugin's rules for *plan*; a rule id may not repeat an obligation's."""
        from govflow.compliance.rules import Rule

        out = [
            r for _, r in self._collect("govflow_rules", Rule, lambda r: r.id, "规则", plan=plan)
        ]
        own = {o.id for o in plan.obligations()}
        for r in out:
            if r.id in own:
                raise PluginError(f"规则 {r.id!r} 重复：插件的规则与方案中的义务同名")
        return out

    def record_kinds(self) -> dict[str, Any]:
        """The built-in record kinds, the plugins' kinds, with the plugins' header aliases."""
        from govflow.compliance.records import BUILTIN_KINDS, HeaderAlias, RecordKind

        kinds: dict[str, RecordKind] = dict(BUILTIN_KINDS)
        for plugin, k in self._collect(
            "govflow_record_kinds", RecordKind, lambda k: k.name, "记录类别"
        ):
            if k.name in BUILTIN_KINDS:
                raise PluginError(f"插件 {plugin} 重新定义了内置记录类别 {k.name!r}")
            _check_order(plugin, k)
            _check_essential(plugin, k)
            kinds[k.name] = k
        extra: dict[str, dict[str, list[str]]] = {}
        for plugin, a in self._collect(
            "govflow_header_aliases", HeaderAlias, lambda a: (a.kind, a.alias), "列名别名"
        ):
            if a.kind not in kinds:
                raise PluginError(
                    f"插件 {plugin}：列名别名 {a.alias!r} 所属的记录类别 {a.kind!r} 不存在"
                )
            try:
                kinds[a.kind].field(a.field)
            except KeyError:
                raise PluginError(
                    f"插件 {plugin}：列名别名 {a.alias!r} 所属的字段 {a.kind}.{a.field} 不存在"
                ) from None
            extra.setdefault(a.kind, {}).setdefault(a.field, []).append(a.alias)
        for name, fields in extra.items():
            kinds[name] = kinds[name].with_aliases(fields)
        return kinds

    def case_kinds(self) -> dict[str, Any]:
        """The live-case kinds, each checked against its record kind."""
        from govflow.cases.kinds import CaseKind

        kinds = self.record_kinds()
        out: dict[str, CaseKind] = {}
        for plugin, k in self._collect(
            "govflow_case_kinds", CaseKind, lambda k: k.name, "案件类别"
        ):
            record = kinds.get(k.record_kind)
            if record is None:
                raise PluginError(
                    f"插件 {plugin}：案件类别 {k.name} 的记录类别 {k.record_kind!r} 不存在"
                )
            try:
                k.check({f.name: f for f in record.fields})
            except InputError as exc:
                raise PluginError(f"插件 {plugin}：{exc}") from None
            out[k.name] = k
        return out

    def cli_commands(self, taken: Iterable[str] = ()) -> list[tuple[str, str, Any]]:
        """``(plugin, name, command)`` for each command the plugins add, in the order they add
        them; a name in *taken*, or added twice, raises :class:`PluginError`."""
        import click

        seen = set(taken)
        out = []
        plugins = [i.plugin for i in self.pm.hook.govflow_cli_commands.get_hookimpls()]
        for plugin in plugins:
            scratch = click.Group()
            others = [p for p in plugins if p is not plugin]
            self.pm.subset_hook_caller("govflow_cli_commands", remove_plugins=others)(cli=scratch)
            name = self.pm.get_name(plugin) or "?"
            for command_name, command in scratch.commands.items():
                if command_name in seen:
                    raise PluginError(f"插件 {name} 添加的命令 {command_name!r} 已存在")
                seen.add(command_name)
                out.append((name, command_name, command))
        return out

    def add_cli_commands(self, cli: Any) -> None:
        """Let each plugin add commands; a name already taken raises :class:`PluginError`."""
        for _, command_name, command in self.cli_commands(cli.commands):
            cli.add_command(command, command_name)

    def plugins(self) -> list[PluginInfo]:
        """Every registered plugin with its hooks and version."""
        from govflow import __version__

        dists: dict[str, Any] = getattr(self.pm, "distributions", {})
        out = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            dist = dists.get(name)
            if dist is not None:
                version, project = dist.version, dist.metadata["Name"]
            elif name in BUILTIN_PLUGINS:
                version, project = __version__, "govflow"
            else:  # registered in-process (tests, scripts), not installed
                version = str(getattr(plugin, "__version__", ""))
                project = ""
            out.append(PluginInfo(name, version, hooks, name in BUILTIN_PLUGINS, project))
        return out

    # -- what the registry builds from the contributions --------------------------------------

    def calendar(self) -> Any:
        """The working-day calendar of every contributed notice and adjustment, then the notices
        installed in the user's store (``govflow notices add``), which win for their year."""
        from govflow.calendar.store import installed_notices
        from govflow.calendar.workcalendar import WorkCalendar

        return WorkCalendar(
            [*self.notices(), *installed_notices()], adjustments=self.calendar_adjustments()
        )

    def default_plan(self) -> str:
        """The id of the plan to use when none is named: ``GOVFLOW_PLAN``, else the one plan the
        installed plugins ship.  None or several: :class:`NoDefaultPlan` saying what to do."""
        chosen = os.environ.get("GOVFLOW_PLAN", "").strip()
        if chosen:
            return chosen
        plans = self.plans()
        if len(plans) == 1:
            return next(iter(plans))
        if not plans:
            raise NoDefaultPlan(
                "没有指定方案，也没有已安装的插件提供方案：请用 --plan 给出方案文件（.toml），"
                "或安装提供方案的插件（某县的方案插件），见 README“安装”一节"
            )
        raise NoDefaultPlan(
            f"已安装的插件提供了 {len(plans)} 个方案（{'、'.join(sorted(plans))}）："
            "请用 --plan 或环境变量 GOVFLOW_PLAN 指定其一"
        )

    def load_plan(self, ref: str | Path | None = None) -> Any:
        """A plan by id (from any plugin) or by path, with its plugins' units and obligations
        bound; ``None`` is :meth:`default_plan`.  The one way to load a plan for use."""
        from govflow.plan.planfile import PlanError, read_plan

        if ref is None:
            ref = self.default_plan()
        plans = self.plans()
        directories = self.unit_directories()
        if isinstance(ref, str) and ref in plans:
            plan = read_plan(
                plans[ref].path, directories=directories, settings=self.template_settings()
            )
        else:
            path = Path(ref)
            if not path.exists():
                raise PlanError(
                    str(ref),
                    "",
                    "没有这个方案文件，也没有插件提供此编号的方案"
                    f"（已有：{'、'.join(sorted(plans)) or '无'}）",
                )
            plan = read_plan(path, directories=directories, settings=self.template_settings())
        return self.bind(plan)

    def bind(self, plan: Any) -> Any:
        """Add what the plugins contribute to *plan*: units, area bindings, obligation templates.

        A template attaches to the first task of its area whose text mentions one of its
        keywords, else the area's first task; an area bound to units (or the whole plan) with
        no task of its own gives its templates those units (every task's units).
        """
        from attrs import evolve

        from govflow.plan.units import Unit, UnitGroup

        extra = self.units(plan.directory.id)
        if extra:
            try:
                directory = plan.directory.merged(
                    [u for u in extra if isinstance(u, Unit)],
                    [g for g in extra if isinstance(g, UnitGroup)],
                )
                for g in directory.groups:  # members must resolve
                    directory.expand(g.name)
            except (ValueError, LookupError) as exc:
                raise PluginError(
                    f"govflow_units 为单位名录 {plan.directory.id!r} 提供的单位有误：{exc}"
                ) from exc
            plan = evolve(plan, directory=directory)
        plan = plan.with_scopes(self.area_scopes(plan))
        own = {o.id for o in plan.obligations()}
        whole = {s.area for s in plan.scopes if s.whole_plan}
        added = []
        for area in plan.areas:
            tasks = plan.area_tasks(area) or (plan.tasks if area in whole else ())
            units = plan.area_units(area)
            if not units and area in whole and not plan.area_tasks(area):
                units = tuple(dict.fromkeys(n for t in plan.tasks for n in t.responsible or t.lead))
            for plugin_name, template in self.obligation_templates(area):
                if template.id in own:
                    continue  # the plan overrides the plugin's default
                task = next(
                    (t for t in tasks if any(k in t.text for k in template.keywords)),
                    None,
                )
                if task is None and tasks and not units:
                    task = tasks[0]
                ob = template.bind(task.key if task else "", plugin_name)
                if units and not template.applies_to:
                    ob = evolve(ob, applies_to=units)
                added.append(ob)
        return plan.with_obligations(tuple(added)) if added else plan

    def area_scopes(self, plan: Any) -> list[Any]:
        """The plugins' area bindings (``Area.binds``) that apply to *plan*, resolved and checked:
        a task number the plan lacks or a unit its directory lacks is a :class:`PluginError`."""
        from govflow.plan.model import AreaScope
        from govflow.plan.obligations import Area
        from govflow.plan.units import UnitError

        numbers = {t.number for t in plan.tasks}
        scopes = []
        for plugin, area in self._collect("govflow_areas", Area, lambda a: a.id, "领域"):
            for i, binding in enumerate(area.binds):
                if not binding.applies_to(plan.id):
                    continue
                where = f"插件 {plugin} 的领域 {area.id!r}（binds[{i}]）"
                for n in binding.tasks:
                    if n not in numbers:
                        raise PluginError(
                            f"{where}：tasks 中的任务 {n} 在方案 {plan.id} 中不存在"
                            f"（任务编号：{min(numbers, default=0)}–{max(numbers, default=0)}）"
                        )
                for name in binding.units:
                    try:
                        plan.directory.expand(name)
                    except UnitError:
                        raise PluginError(
                            f"{where}：units 中的单位 {name!r} 不在方案 {plan.id} 的单位名录 "
                            f"{plan.directory.id!r} 中"
                        ) from None
                keys = [str(n) for n in binding.tasks]
                keys += [
                    t.key
                    for t in plan.tasks
                    if any(k in t.title or k in t.text for k in binding.keywords)
                    and t.key not in keys
                ]
                if keys or binding.units or binding.whole_plan:  # keywords may find nothing
                    scopes.append(
                        AreaScope(area.id, tuple(keys), binding.units, binding.whole_plan, plugin)
                    )
        return scopes

    def phrase_patterns(self) -> list[Any]:
        """The time-phrase patterns plugins add (``PhrasePattern``); duplicate ids raise."""
        from govflow.importer.phrases import PhrasePattern

        return [
            p
            for _, p in self._collect(
                "govflow_phrase_patterns", PhrasePattern, lambda p: p.id, "时间用语模式"
            )
        ]


def _kind_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    return kind.__name__


_REGISTRY: list[Registry] = []


def registry() -> Registry:
    """The process-wide registry (plugins loaded on first use)."""
    if not _REGISTRY:
        _REGISTRY.append(Registry(get_plugin_manager()))
    return _REGISTRY[0]


def loaded() -> bool:
    """Whether the process-wide registry has been built (the plugins loaded)."""
    return bool(_REGISTRY)


def reset() -> None:
    """Forget the process-wide registry (tests; after changing the environment variables)."""
    _REGISTRY.clear()


def _check_order(plugin: str, kind: Any) -> None:
    """A kind's date order names two of its date (or date-time) fields, or the plugin is wrong."""
    from govflow.compliance.records import FieldType

    dated = {f.name for f in kind.fields if f.type in (FieldType.DATE, FieldType.DATETIME)}
    for pair in kind.order:
        if len(pair) != 2 or not all(name in dated for name in pair):
            raise PluginError(
                f"插件 {plugin}：记录类别 {kind.name!r} 的日期先后 {pair!r} 应为两个日期字段的名称"
                f"（该类别的日期字段：{'、'.join(sorted(dated)) or '无'}）"
            )


def _check_essential(plugin: str, kind: Any) -> None:
    """A kind's essential fields are optional fields of it, or the plugin is wrong."""
    optional = {f.name for f in kind.fields if not f.required}
    for name in kind.essential:
        if name not in optional:
            raise PluginError(
                f"插件 {plugin}：记录类别 {kind.name!r} 的 essential 字段 {name!r} 应为该类别的选填字段"
                f"（选填字段：{'、'.join(sorted(optional)) or '无'}）"
            )
