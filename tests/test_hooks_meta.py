"""datasette's two meta-tests: every hook is documented, every hook is exercised by a test.

* docs/hooks.md has a heading ``## <hook name>`` for every hookspec in :mod:`govflow.plugins.hookspecs`;
* some test module under tests/, plugins/*/tests or examples/*/tests defines a function
  ``test_hook_<hook name>`` (found by reading the source files, not by importing them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govflow.plugins import hookspecs

ROOT = Path(__file__).resolve().parent.parent
HOOKS_DOC = ROOT / "docs" / "hooks.md"
TEST_DIRS = ("tests", "plugins/*/tests", "examples/*/tests")


def _hooks() -> list[str]:
    marker = f"{hookspecs.PROJECT_NAME}_spec"  # set by pluggy.HookspecMarker on each spec
    return sorted(
        name for name, obj in vars(hookspecs).items() if callable(obj) and hasattr(obj, marker)
    )


HOOKS = _hooks()


def _test_sources() -> str:
    files = sorted(
        {
            p
            for pattern in TEST_DIRS
            for d in ROOT.glob(pattern)
            if d.is_dir()
            for p in d.rglob("*.py")
        }
    )
    return "\n".join(p.read_text("utf-8") for p in files)


def test_the_hooks_are_found() -> None:
    assert len(HOOKS) >= 10
    assert all(name.startswith("govflow_") for name in HOOKS)
    assert "govflow_areas" in HOOKS


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_is_documented(hook: str) -> None:
    doc = HOOKS_DOC.read_text("utf-8")
    assert re.search(rf"^## {re.escape(hook)}(?:\s*\{{[^}}]*\}})?\s*$", doc, re.M), (
        f"docs/hooks.md has no heading '## {hook}'"
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_has_a_test(hook: str) -> None:
    assert re.search(rf"^\s*def test_hook_{re.escape(hook)}\(", _test_sources(), re.M), (
        f"no test function test_hook_{hook} under {', '.join(TEST_DIRS)}"
    )
