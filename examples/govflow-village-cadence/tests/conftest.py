"""Import the plugin from ../src (also when it is not installed), and test it alone.

Every test starts from a registry with govflow's built-ins and the plan plugin ``yudu`` only
(``GOVFLOW_LOAD_PLUGINS="yudu"``, the plan this plugin binds to): other installed plugins do not
change the answers, and the ``govflow_plugin`` fixture can
register this plugin even where it is installed.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from govflow.plugins.manager import reset

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


@pytest.fixture(autouse=True)
def _builtins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "yudu")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield
    reset()
