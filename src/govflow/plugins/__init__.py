"""Plugins: the ``govflow_*`` hook specifications and the plugin manager."""

from __future__ import annotations

from govflow.plugins.hookspecs import (
    hookimpl,
    hookspec,
)
from govflow.plugins.manager import (
    BUILTIN_PLUGINS,
    ENTRY_POINT_GROUP,
    PlanSource,
    PluginError,
    PluginInfo,
    Registry,
    get_plugin_manager,
    registry,
    reset,
)

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
