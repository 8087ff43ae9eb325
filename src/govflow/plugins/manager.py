"""The plugin manager: built-in behaviour and installed plugins, behind one registry.

Plugins are found through the ``govflow`` entry-point group.  ``GOVFLOW_DISABLE_PLUGINS`` (a
comma-separated list of plugin names, or ``*``) blocks plugins; ``GOVFLOW_LOAD_PLUGINS`` (a
comma-separated list; empty loads none) loads only the plugins named.  Built-in behaviour
(``govflow.plugins.builtin``) is registered as a plugin too and cannot be disabled.

Contributions are collected per plugin so that duplicates are reported with both names.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from importlib import import_module
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TypeVar

import pluggy
from attrs import frozen

from govflow.plan.planfile import PlanSource
from govflow.plugins import hookspecs
from govflow.plugins.hookspecs import PROJECT_NAME

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PlanSource",
    "PluginError",
    "PluginInfo",
    "Registry",
    "get_plugin_manager",
    "registry",
    "reset",
]

ENTRY_POINT_GROUP = "govflow"
#: Built-in plugins: the name they are registered under, and their module.
BUILTIN_PLUGINS = {"govflow.builtin": "govflow.plugins.builtin"}

T = TypeVar("T")


class PluginError(RuntimeError):
    """A plugin misbehaves: a duplicate id, a wrong return type, an unknown hook."""


@frozen
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    builtin: bool
    distribution: str = ""


def _names(value: str) -> set[str]:
    return {n.strip() for n in value.split(",") if n.strip()}


class PluginManager(pluggy.PluginManager):
    """pluggy's manager, remembering the distribution each entry-point plugin came from."""

    def __init__(self) -> None:
        super().__init__(PROJECT_NAME)
        self.distributions: dict[str, Any] = {}


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
    for ep in entry_points(group=ENTRY_POINT_GROUP):
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
        except (ImportError, AttributeError, pluggy.PluginValidationError) as exc:
            raise PluginError(
                f"plugin {ep.name} ({ep.value}) cannot be loaded: {exc}; "
                f"disable it with GOVFLOW_DISABLE_PLUGINS={ep.name}"
            ) from exc
        if ep.dist is not None:
            pm.distributions[ep.name] = ep.dist
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or "?"
        raise PluginError(
            f"plugin {name}: {exc}; disable it with GOVFLOW_DISABLE_PLUGINS={name}"
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
        """Call each implementation of a hook; validate types; reject duplicate ids."""
        caller = getattr(self.pm.hook, hook_name)
        out: list[tuple[str, T]] = []
        seen: dict[Any, str] = {}
        for impl in caller.get_hookimpls():  # registration order (pluggy calls them LIFO)
            result = impl.function(**{k: v for k, v in kwargs.items() if k in impl.argnames})
            if result is None:
                continue
            if not isinstance(result, Iterable):  # one record instead of a list of them
                raise PluginError(
                    f"plugin {impl.plugin_name} returned {result!r} from "
                    f"{hook_name}; expected a list of {_kind_name(kind)}"
                )
            for item in result:
                if not isinstance(item, kind):
                    raise PluginError(
                        f"plugin {impl.plugin_name} returned {item!r} from "
                        f"{hook_name}; expected {_kind_name(kind)}"
                    )
                key = id_of(item)
                if key in seen:
                    raise PluginError(
                        f"duplicate {what} {key!r}: registered by both "
                        f"{seen[key]} and {impl.plugin_name}"
                    )
                seen[key] = impl.plugin_name
                out.append((impl.plugin_name, item))  # type: ignore[arg-type]
        return out

    def areas(self) -> dict[str, Any]:
        from govflow.plan.obligations import Area

        return {a.id: a for _, a in self._collect("govflow_areas", Area, lambda a: a.id, "area")}

    def area_plugins(self) -> dict[str, str]:
        from govflow.plan.obligations import Area

        return {
            a.id: name for name, a in self._collect("govflow_areas", Area, lambda a: a.id, "area")
        }

    def obligation_templates(self, area: str) -> list[tuple[str, Any]]:
        from govflow.plan.obligations import ObligationTemplate

        return self._collect(
            "govflow_obligation_templates",
            ObligationTemplate,
            lambda t: t.id,
            "obligation template",
            area=area,
        )

    def notices(self) -> list[Any]:
        from govflow.calendar.notices import Notice

        return [
            n
            for _, n in self._collect(
                "govflow_holiday_notices", Notice, lambda n: n.year, "holiday notice for the year"
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
                "calendar adjustment",
            )
        ]

    def units(self, directory: str) -> list[Any]:
        from govflow.plan.units import Unit, UnitGroup

        found: list[tuple[str, Unit | UnitGroup]] = self._collect(
            "govflow_units", (Unit, UnitGroup), lambda u: u.name, "unit", directory=directory
        )
        return [u for _, u in found]

    def plans(self) -> dict[str, PlanSource]:
        return {
            p.id: p for _, p in self._collect("govflow_plans", PlanSource, lambda p: p.id, "plan")
        }

    def rules(self, plan: Any) -> list[Any]:
        """Every plugin's rules for *plan*; a rule id may not repeat an obligation's."""
        from govflow.compliance.rules import Rule

        out = [
            r for _, r in self._collect("govflow_rules", Rule, lambda r: r.id, "rule", plan=plan)
        ]
        own = {o.id for o in plan.obligations()}
        for r in out:
            if r.id in own:
                raise PluginError(
                    f"duplicate rule {r.id!r}: a plugin rule has the id of an "
                    "obligation of the plan"
                )
        return out

    def record_kinds(self) -> dict[str, Any]:
        """The built-in record kinds, the plugins' kinds, with the plugins' header aliases."""
        from govflow.compliance.records import BUILTIN_KINDS, HeaderAlias, RecordKind

        kinds: dict[str, RecordKind] = dict(BUILTIN_KINDS)
        for plugin, k in self._collect(
            "govflow_record_kinds", RecordKind, lambda k: k.name, "record kind"
        ):
            if k.name in BUILTIN_KINDS:
                raise PluginError(f"plugin {plugin} redefines the built-in record kind {k.name!r}")
            kinds[k.name] = k
        extra: dict[str, dict[str, list[str]]] = {}
        for plugin, a in self._collect(
            "govflow_header_aliases", HeaderAlias, lambda a: (a.kind, a.alias), "header alias"
        ):
            if a.kind not in kinds:
                raise PluginError(
                    f"plugin {plugin}: header alias {a.alias!r} for unknown record kind {a.kind!r}"
                )
            try:
                kinds[a.kind].field(a.field)
            except KeyError:
                raise PluginError(
                    f"plugin {plugin}: header alias {a.alias!r} for unknown field "
                    f"{a.kind}.{a.field}"
                ) from None
            extra.setdefault(a.kind, {}).setdefault(a.field, []).append(a.alias)
        for name, fields in extra.items():
            kinds[name] = kinds[name].with_aliases(fields)
        return kinds

    def add_cli_commands(self, cli: Any) -> None:
        """Let each plugin add commands; a name already taken raises :class:`PluginError`."""
        import click

        caller = self.pm.hook.govflow_cli_commands
        for impl in reversed(caller.get_hookimpls()):
            scratch = click.Group()
            impl.function(cli=scratch)
            for name, command in scratch.commands.items():
                if name in cli.commands:
                    raise PluginError(
                        f"plugin {impl.plugin_name} adds the command {name!r}, which already exists"
                    )
                cli.add_command(command, name)

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
        """The working-day calendar of every contributed notice and adjustment."""
        from govflow.calendar.workcalendar import WorkCalendar

        return WorkCalendar(self.notices(), adjustments=self.calendar_adjustments())

    def load_plan(self, ref: str | Path) -> Any:
        """A plan by id (from any plugin) or by path, with its plugins' obligations bound."""
        from govflow.plan.planfile import read_plan

        plans = self.plans()
        if isinstance(ref, str) and ref in plans:
            plan = read_plan(plans[ref].path)
        else:
            path = Path(ref)
            if not path.exists():
                from govflow.plan.planfile import PlanError

                raise PlanError(
                    str(ref),
                    "",
                    "no such plan file, and no plugin ships a plan "
                    f"with this id (known: {', '.join(sorted(plans)) or 'none'})",
                )
            plan = read_plan(path)
        return self.bind(plan)

    def bind(self, plan: Any) -> Any:
        """Add the units and the obligation templates the plugins contribute to *plan*."""
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
                    f"units from govflow_units for directory {plan.directory.id!r}: {exc}"
                ) from exc
            plan = evolve(plan, directory=directory)
        own = {o.id for o in plan.obligations()}
        added = []
        for area in plan.areas:
            tasks = [t for t in plan.tasks if t.area == area]
            for plugin_name, template in self.obligation_templates(area):
                if template.id in own:
                    continue  # the plan overrides the plugin's default
                task = next(
                    (t for t in tasks if any(k in t.text for k in template.keywords)),
                    tasks[0] if tasks else None,
                )
                added.append(template.bind(task.key if task else "", plugin_name))
        return plan.with_obligations(tuple(added)) if added else plan

    def phrase_patterns(self) -> list[Any]:
        """The time-phrase patterns plugins add (``PhrasePattern``); duplicate ids raise."""
        from govflow.importer.phrases import PhrasePattern

        return [
            p
            for _, p in self._collect(
                "govflow_phrase_patterns", PhrasePattern, lambda p: p.id, "phrase pattern"
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


def reset() -> None:
    """Forget the process-wide registry (tests; after changing the environment variables)."""
    _REGISTRY.clear()
