"""The plugin guide's blocks and its example plugin, for the tests that keep the guide true (the
core's checks its code, the yudu plugin's its output)."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterator
from types import ModuleType

import pytest

from govflow.plugins.manager import Registry, reset
from script_support import REPO as ROOT

__all__ = ["EXAMPLE", "GUIDE", "ROOT", "Register", "_blocks", "village_cadence"]

GUIDE = ROOT / "docs" / "plugin-guide.md"
EXAMPLE = ROOT / "examples" / "govflow-village-cadence"
FENCE = re.compile(r'^```(\w+)(?: title="([^"]+)")?\n(.*?)^```$', re.S | re.M)

Register = Callable[..., Registry]


def _blocks() -> list[tuple[str, str | None, str]]:
    return [
        (lang, title or None, body) for lang, title, body in FENCE.findall(GUIDE.read_text("utf-8"))
    ]


@pytest.fixture
def village_cadence(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The example plugin, imported from its source tree; the registry has the built-ins only."""
    monkeypatch.syspath_prepend(str(EXAMPLE / "src"))
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield importlib.import_module("govflow_village_cadence")
    reset()
    sys.modules.pop("govflow_village_cadence", None)
