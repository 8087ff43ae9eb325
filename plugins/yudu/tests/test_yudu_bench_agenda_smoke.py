"""The agenda benchmark runs and its count agrees with its own independent loop (no timings).

The benchmark computes the agenda of yudu-2023, so the test lives with the plugin (moved from the
core's tests/test_bench_agenda_smoke.py).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "bench_agenda.py"


def test_bench_agenda_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_agenda", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_agenda"] = module
    spec.loader.exec_module(module)
    assert module.main(["--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "agreement: agenda and bare loop both count" in out
