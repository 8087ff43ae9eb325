"""The CLI benchmark still runs: ``govflow check`` (the Yudu plan) and the pandas, Polars and
DuckDB scripts agree on a tiny CSV and a tiny province, and the table prints (no timing
asserted).  It checks the Yudu plan's posts, so the test lives with the plugin."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from script_support import REPO, load_script

pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pytest.importorskip("polars")
pytest.importorskip("duckdb")

BENCH = REPO / "bench" / "bench_check_cli.py"
ROWS = 2000


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


def test_the_contenders_agree_and_the_table_prints(
    bench: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--rows", str(ROWS), "--repeat", "1", "--data-dir", str(tmp_path)]
    argv += ["--province", "--counties", "3", "--province-rows", "900"]
    assert bench.main(argv) == 0
    out = capsys.readouterr().out
    assert out.count("agreement: every contender gives the same counts") == 2
    header = "| contender | input | best (s) | median (s) | peak RSS (MiB) | × Polars |"
    assert out.count(header) == 2
    for line in ("| govflow check --format json | CSV |", "| Polars | Parquet |"):
        assert line in out
    assert "| govflow check per county | CSV |" in out
    assert "| govflow check --county-column | CSV |" in out
    assert "| govflow check --counties --jobs " in out  # worker processes, their memory summed
    assert "| govflow check --county-column | Parquet |" in out
    assert "| DuckDB | Parquet |" in out
    assert "target (govflow check --format json): ≤ 1.5× Polars" in out
    # the province: three county folders in each tree, the rows split over them
    csv_root = tmp_path / "province_3_900_20230619" / "csv"
    assert [p.name for p in bench.county_dirs(csv_root)] == ["county001", "county002", "county003"]
    assert sum(len(p.read_text("utf-8").splitlines()) - 1 for p in csv_root.glob("*/*.csv")) == 900


def test_a_wrong_count_is_reported(bench: ModuleType) -> None:
    """The agreement can fail: a cell off by one, and a govflow window outside its reports."""
    key = ("", "县财政局", date(2023, 7, 3))
    empty: dict[str, dict[tuple[str, str, date], int]] = {t: {} for t in bench.TABLES}
    ref = empty | {bench.TABLES[0]: {key: 3}}
    wrong = empty | {bench.TABLES[0]: {key: 4}}
    found = bench.differences(wrong, ref, ("govflow", "Polars"))
    assert found == [f"{bench.TABLES[0]} 县财政局 2023-07-03: govflow 4, Polars 3"]
    # a window govflow does not report (before the plan was issued) is not compared
    windows = {t: {date(2023, 7, 10)} for t in bench.TABLES}
    assert bench.differences(empty, ref, ("g", "p"), windows) == []


def test_the_applications_bench_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apps = load_script(REPO / "bench" / "bench_applications.py")
    assert apps.main(["--rows", "300", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for form in ("json", "table"):
        assert f"| applications | {form} |" in out
        assert f"target ({form}): applications ≤ 2.0× posts" in out
    assert "| applications, row by row | json |" in out
    assert "agreement: the case engine's JSON is the row-by-row reference's" in out
    ledger = next(tmp_path.glob("applications_300_*.csv")).read_text(encoding="utf-8")
    assert len(ledger.splitlines()) == 301
