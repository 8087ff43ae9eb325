"""A file read the columnar way is let go as soon as the check is done with it.

The engine's scan of a file holds its frames (the groups, the counter cells, the combinations).
A reference cycle through the scan (a method of its own kept on it) would keep them until
Python's cycle collector happens to run: at a million rows tens of MiB held longer than needed,
and a peak memory that depends on when the collector runs.  These tests run the check with the
collector off and ask that every scan be gone when the check returns.
"""

from __future__ import annotations

import gc
import random
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    AS_OF,
    calendar,
    kinds,
    small_blocks,
    write_sheet,
)
from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import columnar
from govflow.compliance.check import run_check
from govflow.compliance.records import RecordKind
from govflow.plan.model import Plan
from govflow.plugins.manager import registry
from plans import CESHI_PLAN

HEADER = ["网站或账号", "平台类型", "单位", "栏目", "标题", "发布时间", "是否原创"]
UNITS = ("县财政局", "县政府办", "东城镇", "西山乡")


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan(CESHI_PLAN)  # the invented 测试县 plan (tests/data)
    return loaded


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[weakref.ref[Any]]]:
    """Weak references to every scan the engine makes, with the cycle collector off."""
    made: list[weakref.ref[Any]] = []
    init = columnar._Scan.__init__

    def remember(self: Any, *args: Any, **kw: Any) -> None:
        init(self, *args, **kw)
        made.append(weakref.ref(self))

    monkeypatch.setattr(columnar._Scan, "__init__", remember)
    gc.collect()
    gc.disable()
    try:
        yield made
    finally:
        gc.enable()


def rows(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    return [
        [
            "测试县人民政府网",
            rng.choice(("网站", "政务新媒体")),
            rng.choice(UNITS),
            rng.choice(("工作动态", "通知公告", "政策解读")),
            f"标题{i}",
            f"2023-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d} 10:00:00",
            rng.choice(("是", "否")),
        ]
        for i in range(n)
    ]


def write(folder: Path, suffix: str, n: int) -> Path:
    """A post ledger of *n* rows as CSV, or as a workbook (its rows read by the sheet's own
    reader, ``HeldTable.fields``)."""
    if suffix == ".xlsx":
        return write_sheet(folder / "posts.xlsx", HEADER, rows(n, 2), random.Random(2))
    path = folder / "posts.csv"
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows(n, 1)]) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_files_scan_is_let_go(
    plan: Plan,
    calendar: WorkCalendar,  # noqa: F811 - the fixture imported above
    kinds: dict[str, RecordKind],  # noqa: F811 - the fixture imported above
    scans: list[weakref.ref[Any]],
    tmp_path: Path,
    suffix: str,
) -> None:
    path = write(tmp_path, suffix, 400)
    result = run_check(plan, [path], calendar=calendar, as_of=AS_OF, kinds=kinds)
    assert result.files[0].read == 400
    assert scans, "the engine was not offered the file"
    assert [s() for s in scans] == [None] * len(scans)
