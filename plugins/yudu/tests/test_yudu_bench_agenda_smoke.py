"""The agenda benchmark runs and its count agrees with its own independent loop (no timings).

The benchmark computes the agenda of yudu-2023, so the test lives with the plugin (moved from the
core's tests/test_bench_agenda_smoke.py).
"""

from __future__ import annotations

import pytest

from script_support import REPO, load_script

BENCH = REPO / "bench" / "bench_agenda.py"


def test_bench_agenda_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    module = load_script(BENCH)
    assert module.main(["--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "agreement: agenda and bare loop both count" in out
