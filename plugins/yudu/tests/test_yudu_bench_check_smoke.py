"""The check benchmark still runs: govflow and the pandas script agree on a small CSV (no timing
asserted).  The benchmark checks the Yudu plan's posts, so the test lives with the plugin (moved
from the core's tests/test_bench_check_smoke.py)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from script_support import REPO, load_script

pytest.importorskip("pandas")

BENCH = REPO / "bench" / "bench_check.py"
ROWS = 3000


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


@pytest.fixture(scope="module")
def posts(bench: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("bench-check")
    path: Path = bench.data_file(directory, ROWS, bench.yudu_units(), seed=7)
    return path


def test_govflow_and_pandas_agree_on_a_small_csv(bench: ModuleType, posts: Path) -> None:
    agreement = bench.check_agreement(posts)
    assert agreement.differences == []
    gov = agreement.gov
    assert (gov.read, gov.evaluated, gov.rejected) == (ROWS, ROWS, 0)
    assert set(gov.rules) == set(bench.TABLES)
    for name in bench.TABLES:
        assert agreement.cells(name) > 0
    # every post is in exactly one month and the counts cover the whole file but June (the
    # plan was issued on 2023-06-18: June has weekly windows only)
    monthly = sum(gov.counts[bench.MONTHLY_TOTAL].values())
    june = sum(
        n for (_, first), n in agreement.ref[bench.MONTHLY_TOTAL].items() if first.month == 6
    )
    assert monthly + june == ROWS


def test_a_wrong_count_is_reported(bench: ModuleType, posts: Path) -> None:
    agreement = bench.check_agreement(posts)
    gov = agreement.gov.counts
    key = next(iter(gov[bench.WEEKLY]))
    gov[bench.WEEKLY][key] += 1
    start = bench.govflow_setup().plan.issued
    found = bench.disagreements(gov, agreement.ref, start)
    assert len(found) == 1
    assert found[0].startswith(f"{bench.WEEKLY} {key[0]} {key[1]}")


def test_the_fast_path_gives_the_same_counts(bench: ModuleType, posts: Path) -> None:
    pytest.importorskip("pyarrow")
    agreement = bench.check_agreement(posts)
    assert agreement.differences == []  # includes the fast path against the pure-Python one
    fast = agreement.fast
    assert fast is not None
    assert fast.mode == bench.FAST
    assert fast.counts == agreement.gov.counts
    assert (fast.read, fast.evaluated, fast.rejected) == (ROWS, ROWS, 0)
