"""The columnar fast path on the demo data: ``govflow demo-data`` (every kind, planted lapses) is
checked with the fast path and without, and the results are the same.  (Moved from the core's
tests/test_fast_path.py, which runs the differential tests on invented files.)  Skipped without
pyarrow.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("numpy")

from govflow_yudu.demo import PLAN_ID, generate

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    AS_OF,
    Checker,
    assert_same,
    both,
    calendar,
    kinds,
    small_blocks,
)
from govflow.plan.model import Plan
from govflow.plugins.manager import registry


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan(PLAN_ID)
    return loaded


def test_the_demo_data_with_every_rule(both: Checker, tmp_path: Path, plan: Plan) -> None:
    """``govflow demo-data`` (every kind, planted lapses) checked as ``govflow check`` does:
    the posts are counted the columnar way, the rest row by row (the events too: a rule reads
    each 开放活动, 9.open-day-feedback)."""
    generate(tmp_path, seed=7, scale=0, plan=plan)
    files = sorted(tmp_path.glob("*.csv"))
    fast, ref, taken = both(
        files, as_of=date(2024, 2, 29), extra_rules=lambda: registry().rules(plan)
    )
    assert taken == [True]  # posts.csv
    assert_same(fast, ref)
    assert ref.violations
