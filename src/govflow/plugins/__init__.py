"""Plugins: the ``govflow_*`` hook specifications and the plugin manager.

The names below are imported on first use, so that importing one module of the package does
not import the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "BUILTIN_PLUGINS": "govflow.plugins.manager",
    "ENTRY_POINT_GROUP": "govflow.plugins.manager",
    "PlanSource": "govflow.plan.planfile",
    "PluginError": "govflow.plugins.manager",
    "PluginInfo": "govflow.plugins.manager",
    "Registry": "govflow.plugins.manager",
    "get_plugin_manager": "govflow.plugins.manager",
    "hookimpl": "govflow.plugins.hookspecs",
    "hookspec": "govflow.plugins.hookspecs",
    "registry": "govflow.plugins.manager",
    "reset": "govflow.plugins.manager",
}

__all__ = [
    "BUILTIN_PLUGINS",
    "ENTRY_POINT_GROUP",
    "PlanSource",
    "PluginError",
    "PluginInfo",
    "Registry",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "registry",
    "reset",
]

if TYPE_CHECKING:
    from govflow.plan.planfile import PlanSource
    from govflow.plugins.hookspecs import (
        hookimpl,
        hookspec,
    )
    from govflow.plugins.manager import (
        BUILTIN_PLUGINS,
        ENTRY_POINT_GROUP,
        PluginError,
        PluginInfo,
        Registry,
        get_plugin_manager,
        registry,
        reset,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
