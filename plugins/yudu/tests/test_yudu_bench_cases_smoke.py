"""bench/bench_cases.py still runs: a tiny store on SQLite and on the test PostgreSQL server,
its tables printed (nothing about time asserted)."""

from __future__ import annotations

from types import ModuleType

import pytest

from script_support import REPO, load_script

BENCH = REPO / "bench" / "bench_cases.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


def test_the_case_bench_runs_and_prints_its_tables(
    bench: ModuleType, postgres_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bench.main(
        [
            *("--cases", "40", "--events", "2", "--writers", "1,2", "--repeat", "1"),
            *("--postgres-url", postgres_db_url),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for backend in ("SQLite", "PostgreSQL"):
        assert f"## {backend}: 40 open cases, as of 2023-12-29" in out
    assert out.count("| govflow remind |") == 2
    assert out.count("| govflow case list |") == 2
    assert out.count("| SQL: due cases per unit |") == 2
    assert out.count("| 2 |") == 2  # the two-writer row of each throughput table
