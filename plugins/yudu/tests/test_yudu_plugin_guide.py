"""docs/plugin-guide.md's output is real: every ``console`` block running ``govflow agenda`` or
``govflow check`` prints, with the example plugin registered next to the built-ins and the Yudu
plan (the plan the guide runs on), exactly what the guide shows (``$ echo $?`` gives the exit
status); the record files are the guide's ``text`` blocks titled ``*.csv``.  (Moved from the
core's tests/test_plugin_guide.py, which checks the guide's code.)
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from types import ModuleType

import govflow_yudu
import pytest
from click.testing import CliRunner

from govflow.cli import main
from guide_support import (  # noqa: F401 - fixtures are found by name
    EXAMPLE,
    GUIDE,
    ROOT,
    Register,
    _blocks,
    village_cadence,
)


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
