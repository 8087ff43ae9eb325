"""The benchmark still runs: its agreement check on a tiny workload (no timing asserted)."""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import Any

import pytest

from script_support import REPO, load_script

pytest.importorskip("numpy")

BENCH = REPO / "bench" / "bench_calendar.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script(BENCH)


@pytest.fixture(scope="module")
def setup(bench: ModuleType) -> Any:
    return bench.build_cases()


def test_every_contender_agrees_on_a_small_workload(bench: ModuleType, setup: Any) -> None:
    workload = bench.make_workload(seed=7, n_days=300, n_adds=40, n_pairs=25)
    checked = bench.check_agreement(workload, setup=setup)
    assert bench.unexpected(checked) == []
    contenders = {c.case.contender for c in checked}
    assert {bench.BARE, bench.GOVFLOW_MODULE, bench.GOVFLOW_NUMPY, bench.NUMPY_BUSDAY} <= contenders
    for c in checked:
        if not c.case.restricted:
            assert c.checked == c.of == workload.size(c.case.op)


def test_the_check_catches_a_wrong_convention(bench: ModuleType, setup: Any) -> None:
    """An add that counts the start day (the classic off-by-one) must be reported."""
    cal = setup.reference("add")

    def off_by_one(days: list[date], ns: list[int]) -> list[date]:
        return [cal(d, n - 1) if n > 1 else d for d, n in zip(days, ns, strict=True)]

    case = bench.Case("add", "off by one", off_by_one)
    workload = bench.make_workload(seed=7, n_days=10, n_adds=20, n_pairs=5)
    result = bench.check_case(case, workload.args("add"), cal, None)
    assert len(result.disagreements) == 20
    assert all(d.explanation is None for d in result.disagreements)


def test_known_data_differences_are_explained(bench: ModuleType) -> None:
    """workalendar lacks the 2020 Spring Festival extension: reported as known, not failed."""
    why = bench.explain(bench.WORKALENDAR, "count", (date(2020, 1, 20), date(2020, 2, 10)), 9, 11)
    assert why is not None
    assert "2020" in why
    assert bench.explain(bench.HOLIDAYS, "is_workday", (date(2020, 1, 31),), False, True) is None
