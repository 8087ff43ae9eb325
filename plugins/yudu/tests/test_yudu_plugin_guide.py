"""docs/plugin-guide.md's output is real: every ``console`` block running ``govflow agenda`` or
``govflow check`` prints, with the example plugin registered next to the built-ins and the Yudu
plan (the plan the guide runs on), exactly what the guide shows (``$ echo $?`` gives the exit
status); the record files are the guide's ``text`` blocks titled ``*.csv``.  (Moved from the
core's tests/test_plugin_guide.py, which checks the guide's code.)
"""

from __future__ import annotations

import importlib
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import govflow_yudu
import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.plugins.manager import Registry, reset

ROOT = Path(__file__).resolve().parents[3]
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


def test_guide_output_is_real(
    village_cadence: ModuleType,
    govflow_plugin: Register,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    govflow_plugin(govflow_yudu, name="yudu")
    govflow_plugin(village_cadence, name="village-cadence")
    monkeypatch.chdir(tmp_path)
    runs = 0
    for lang, title, body in _blocks():
        if lang == "text" and title is not None and title.endswith(".csv"):
            (tmp_path / title).write_text(body, "utf-8")
    for lang, _title, body in _blocks():
        command, _, shown = body.partition("\n")
        if lang != "console" or not command.startswith(("$ govflow agenda", "$ govflow check")):
            continue
        expected_code = 0
        status = re.search(r"\n\$ echo \$\?\n(\d+)\n$", shown)
        if status:
            expected_code = int(status.group(1))
            shown = shown[: status.start()] + "\n"
        result = CliRunner().invoke(main, shlex.split(command)[2:])
        assert result.stdout == shown, command  # stderr: warnings about areas without plugins
        assert result.exit_code == expected_code, command
        runs += 1
    assert runs == 2
