"""Plugins: the ``govflow_*`` hook specifications and the plugin manager.

The names below are imported on first use, so that importing one module of the package does
not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.lazy import lazy_exports

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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
