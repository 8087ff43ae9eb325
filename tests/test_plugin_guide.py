"""docs/plugin-guide.md stays true: its code is the example plugin's code, its output is real.

* Every code block with ``title="PATH"`` shows (a part of) the file PATH of
  examples/govflow-village-cadence; the blocks of one file, joined with two blank lines, are the
  whole file.
* Every ``console`` block running ``govflow agenda`` or ``govflow check`` prints exactly what the
  guide shows: that runs on the Yudu plan, in plugins/yudu/tests/test_yudu_plugin_guide.py.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

from govflow.plugins.manager import Registry, reset

ROOT = Path(__file__).resolve().parent.parent
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


def test_guide_code_is_the_example_package() -> None:
    shown: dict[str, list[str]] = {}
    for _lang, title, body in _blocks():
        if title is not None and not title.endswith(".csv"):
            shown.setdefault(title, []).append(body.rstrip("\n"))
    assert set(shown) == {
        "pyproject.toml",
        "src/govflow_village_cadence/__init__.py",
        "tests/test_govflow_village_cadence.py",
    }
    for title, parts in shown.items():
        actual = (EXAMPLE / title).read_text("utf-8")
        assert "\n\n\n".join(parts) + "\n" == actual, f"the guide's {title} differs from the file"
