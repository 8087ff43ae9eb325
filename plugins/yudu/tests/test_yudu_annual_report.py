"""`govflow annual-report` over the Yudu demo data: the demo's 依申请公开 ledger carries the
annual report's 申请人类型 and 办理结果, so table 三 fills from it for every unit that received
applications, and its sums hold (the demo's records are invented)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from govflow_yudu.demo import generate

from govflow.compliance.kinds import BUILTIN_KINDS, REVIEW
from govflow.compliance.ogiform import (
    APPLICANT_COLUMNS,
    CARRIED_IN,
    CARRIED_OUT,
    NEW_THIS_YEAR,
    TOTAL,
    TOTAL_RESULTS,
)
from govflow.plugins.manager import registry, reset
from govflow.report.annual import annual_report


@pytest.fixture(scope="module", autouse=True)
def _without_example_plugins() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_DISABLE_PLUGINS", "safety")
        mp.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reset()
        yield
    reset()


@pytest.fixture(scope="module")
def applications(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reg = registry()
    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=7, scale=0, plan=reg.load_plan("yudu-2023"), calendar=reg.calendar())
    return out / "applications.csv"


def test_the_demo_ledger_fills_table_3_for_each_unit(applications: Path) -> None:
    with applications.open(encoding="gb18030", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {**BUILTIN_KINDS, "review": REVIEW}
    directory = registry().load_plan("yudu-2023").directory
    counted = rejected = replied = 0
    for unit in sorted({r["单位"] for r in rows}):
        target = directory.lookup(unit)

        def same(name: str, target: object = target) -> bool:
            return directory.lookup(name) is target

        report = annual_report([applications], 2023, target.name, same_unit=same, kinds=kinds)
        t = report.table3
        (summary,) = report.files
        # every application of the demo was received in 2023: none carried in from 2022
        assert t[CARRIED_IN][TOTAL] == 0
        assert t[NEW_THIS_YEAR][TOTAL] == summary.evaluated > 0
        for col in APPLICANT_COLUMNS:
            assert (
                t[NEW_THIS_YEAR][col] + t[CARRIED_IN][col]
                == t[TOTAL_RESULTS][col] + t[CARRIED_OUT][col]
            )
        counted += summary.evaluated
        rejected += len(report.rejected)
        replied += t[TOTAL_RESULTS][TOTAL]
    # the one row the demo plants as rejected (a duplicate 申请编号) is rejected once per report
    assert counted + 1 == len(rows)
    assert rejected >= 1
    expected = sum(
        1 for r in rows if r["答复日期"] and date.fromisoformat(r["答复日期"]).year == 2023
    )
    assert replied == expected - 1  # less the duplicate, which was replied
