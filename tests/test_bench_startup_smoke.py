"""The start-up benchmark still runs: one round, a table with every command (no timing asserted)."""

from __future__ import annotations

from types import ModuleType

import pytest

from script_support import REPO, load_script

BENCH = REPO / "bench" / "bench_startup.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


def test_the_bench_runs_and_prints_its_table(
    bench: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--rounds", "1"]) == 0
    out = capsys.readouterr().out
    cases, _ = bench.commands()
    for label in cases:
        assert any(line.startswith(label) for line in out.splitlines()), label
    for label in bench.TARGETED:
        row = next(line for line in out.splitlines() if line.startswith(label))
        assert "PASS" in row or "MISS" in row


def test_the_verdict_compares_the_excess_over_python(bench: ModuleType) -> None:
    s = bench.Sample
    times = {
        bench.BASELINE: [s(0.010, 0.009), s(0.012, 0.010)],
        "govflow --help": [s(0.069, 0.050), s(0.200, 0.060)],  # best 59 ms above: within
        "govflow due 2023-09-28 5wd": [s(0.071, 0.060), s(0.072, 0.061)],  # 61 ms above
    }
    rows = {line.split("  ")[0].strip(): line for line in bench.table(times)[1:]}
    assert "PASS" in rows["govflow --help"]
    assert "MISS" in rows["govflow due 2023-09-28 5wd"]
    assert "+59.0" in rows["govflow --help"]
    assert "+41.0" in rows["govflow --help"]  # the CPU time's excess


def test_the_children_run_without_pythondontwritebytecode(
    bench: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    assert "PYTHONDONTWRITEBYTECODE" not in bench.child_env()


def test_a_compared_version_runs_the_govflow_commands_only(bench: ModuleType) -> None:
    cases, _ = bench.commands()
    other = bench.compared(cases, "/old/src")
    assert set(other) == {f"[/old/src] {label}" for label in cases if label.startswith("govflow")}
    s = bench.Sample
    times = {
        bench.BASELINE: [s(0.010, 0.01)],
        "[/old/src] govflow --help": [s(0.200, 0.2)],
    }
    (row,) = bench.table(times)[2:]
    assert "MISS" in row  # the target applies to the compared version's commands too
