"""A pytest plugin for govflow plugin authors (entry point ``pytest11``: loaded automatically).

The ``govflow_plugin`` fixture registers a plugin (a module or an object with ``@hookimpl``
functions) in the process-wide plugin manager for one test and unregisters it afterwards::

    from govflow.hookspecs import hookimpl
    from govflow.obligations import Area

    class VillagePlugin:
        @hookimpl
        def govflow_areas(self):
            return [Area("village", "村务公开")]

    def test_area(govflow_plugin):
        registry = govflow_plugin(VillagePlugin())
        assert "village" in registry.areas()

The registry is the process-wide one (:func:`govflow.plugins.registry`), so the installed plugins
are in it too.  To test a plugin alone, or one that is also installed through its entry point
(registering it twice fails), start each test from the built-ins only: set
``GOVFLOW_LOAD_PLUGINS=""`` and call :func:`govflow.plugins.reset` in an autouse fixture.
docs/hooks.md (``govflow_plugin``) and docs/plugin-guide.md show how.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from govflow.plugins import Registry, registry

__all__ = ["govflow_plugin"]


@pytest.fixture
def govflow_plugin() -> Iterator[Callable[..., Registry]]:
    """Register plugins for the duration of one test; returns the registry they are in."""
    reg = registry()
    names: list[str] = []

    def register(plugin: object, name: str | None = None) -> Registry:
        registered = reg.pm.register(plugin, name=name)
        if registered is None:
            raise ValueError(f"plugin {name or plugin!r} is already registered or blocked")
        names.append(registered)
        reg.pm.check_pending()  # a misspelt hook fails here, as it does at start-up
        return reg

    try:
        yield register
    finally:
        for name in reversed(names):
            reg.pm.unregister(name=name)
