"""bench/bench_server.py still runs: ``govflow serve`` and its floor driven over loopback by two
clients for half a second a row, events on SQLite and on the test PostgreSQL server, its table
printed with every row (nothing about time asserted)."""

from __future__ import annotations

from types import ModuleType

import pytest

from script_support import REPO, load_script

BENCH = REPO / "bench" / "bench_server.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


def test_the_server_bench_runs_and_prints_every_row(
    bench: ModuleType, postgres_db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bench.main(
        [
            *("--seconds", "0.5", "--warmup", "0.3", "--clients", "2", "--cases", "1000"),
            *("--postgres-url", postgres_db_url),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "| request | store | govflow req/s |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ")][1:]
    assert [r.split(" | ")[:2] for r in rows] == [
        ["| GET /api/v1/workdays/{day}", "—"],
        ["| POST /api/v1/due (1 item)", "—"],
        ["| POST /api/v1/due (100 items)", "—"],
        ["| POST /api/v1/cases/{id}/events", "SQLite"],
        ["| POST /api/v1/cases/{id}/events", "PostgreSQL"],
    ]
    for row in rows:  # every request answered as expected, by govflow and by the floor
        assert row.endswith("| 0 / 0 |"), row
    assert "the store holds every one of the" in out
