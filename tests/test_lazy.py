"""The package facades' lazy re-exports: imported on first use, then an ordinary attribute."""

from __future__ import annotations

import subprocess
import sys

import pytest

import govflow
from govflow.lazy import lazy_exports


def test_a_name_is_imported_on_first_use_only() -> None:
    code = (
        "import sys, govflow.plan\n"
        "assert 'govflow.plan.planfile' not in sys.modules\n"
        "govflow.plan.PlanError\n"
        "assert 'govflow.plan.planfile' in sys.modules\n"
        "assert 'PlanError' in vars(govflow.plan)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_unknown_names_and_dir() -> None:
    with pytest.raises(AttributeError, match="module 'govflow' has no attribute 'nope'"):
        _ = govflow.nope
    assert dir(govflow) == sorted(govflow.__all__)
    get, names = lazy_exports("govflow", {"Period": "govflow.periods.core"})
    assert get("Period").__name__ == "Period"
    assert names() == ["Period"]
