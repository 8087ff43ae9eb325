"""The case engine (:mod:`govflow.compliance.colcases`) on the Yudu plan's application duties:
the 依申请公开 reply (versions of the 条例 by receipt date, a 补正 awaited and restarting the
clock, a consultation pausing it, an extension) and the two 报备 duties.  Messy ledgers are
checked with the engine and without (``GOVFLOW_NO_FAST_PATH=1``): the whole results must be the
same, finding for finding, and the engine must have taken the file.  The rows whose clock moves
go row by row inside the engine; this test makes sure they are many."""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    Checker,
    assert_same,
    calendar,
    differential,
    kinds,
    small_blocks,
    write_jsonl,
    write_sheet,
)
from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import colcases
from govflow.compliance.findings import Status
from govflow.compliance.records import RecordKind
from govflow.plan.model import Plan
from govflow.plugins.manager import registry

AS_OF = date(2023, 12, 31)
HEADER = [
    "申请编号",
    "单位",
    "收到日期",
    "答复日期",
    "报备日期",
    "补正告知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见书收到日期",
    "征求意见结束日期",
    "延期批准日期",
    "延长工作日数",
    "视为放弃",
]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan("yudu-2023")
    return loaded


@pytest.fixture(scope="module")
def units(plan: Plan) -> list[str]:
    rules = registry().rules(plan)
    names = {u for r in rules if "application" in r.consumes for u in getattr(r, "units", ())}
    from govflow.compliance.obligation_rules import obligation_rules

    for r in obligation_rules(plan, dict(registry().record_kinds())):
        if "application" in r.consumes:
            names.update(getattr(r, "units", ()))
    assert names
    return sorted(names)


@pytest.fixture
def both(
    plan: Plan,
    calendar: WorkCalendar,  # noqa: F811 - the fixture imported above
    kinds: dict[str, RecordKind],  # noqa: F811 - the fixture imported above
    monkeypatch: pytest.MonkeyPatch,
) -> Checker:
    """:func:`~fastpath_support.differential` of the case engine, with the plugins' rules."""
    return differential(
        plan,
        calendar,
        kinds,
        monkeypatch,
        (colcases, "evaluate_cases"),
        as_of=AS_OF,
        extra_rules=lambda: registry().rules(plan),
    )


def ledger(path: Path, seed: int, rows: int, units: Sequence[str], form: str = "csv") -> Path:
    """Cases received 2007–2024 (before the first 条例, under the 2008 one, under the 2019
    one, after the moment of checking), a few with a 补正 (some still awaited), a
    consultation, an extension (some beyond the cap, some not a number); as CSV, a workbook
    (some cells Excel dates or numbers, a title row at times) or JSON Lines (nulls at times),
    by *form*."""
    rng = random.Random(seed)
    table = _cases(rng, rows, units)
    if form == "xlsx":
        dated = {i for i, name in enumerate(HEADER) if name.endswith("日期")}
        return write_sheet(
            path.with_suffix(".xlsx"), HEADER, table, rng, dated=dated, title=seed % 2 == 0
        )
    if form == "jsonl":  # extensions as numbers, 视为放弃 as true at times
        numbers, flags = {HEADER.index("延长工作日数")}, {HEADER.index("视为放弃")}
        return write_jsonl(
            path.with_suffix(".jsonl"), HEADER, table, rng, numbers=numbers, booleans=flags
        )
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerows(table)
    return path


def _cases(rng: random.Random, rows: int, units: Sequence[str]) -> list[list[str]]:
    """The rows of :func:`ledger`."""
    table = []
    for i in range(rows):
        if rng.random() < 0.1:
            received = date(2007, 6, 1) + timedelta(days=rng.randint(0, 6000))
        else:
            received = date(2023, 1, 3) + timedelta(days=rng.randint(0, 380))
        row = [""] * len(HEADER)
        row[0] = f"YSQ-{i if rng.random() > 0.02 else rng.randint(0, i + 1):06d}"
        row[1] = rng.choice(units) if rng.random() > 0.03 else "某某局"
        row[2] = received.isoformat()
        if rng.random() > 0.1:
            row[3] = (received + timedelta(days=rng.randint(-1, 45))).isoformat()
        if rng.random() > 0.3:
            row[4] = (received + timedelta(days=rng.randint(0, 12))).isoformat()
        if rng.random() < 0.05:
            notice = received + timedelta(days=rng.randint(1, 6))
            row[5] = notice.isoformat()
            if rng.random() < 0.6:
                row[6] = (notice + timedelta(days=rng.randint(1, 20))).isoformat()
        if rng.random() < 0.04:
            start = received + timedelta(days=rng.randint(1, 8))
            row[7] = start.isoformat()
            row[8] = (start + timedelta(days=rng.randint(0, 3))).isoformat()
            if rng.random() < 0.7:
                row[9] = (start + timedelta(days=rng.randint(2, 30))).isoformat()
        if rng.random() < 0.05:
            row[10] = (received + timedelta(days=rng.randint(5, 20))).isoformat()
            row[11] = rng.choice(["10", "15", "20", "25", "x", "-3"])
        if rng.random() < 0.02:
            row[12] = "是"
        table.append(row)
    return table


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 300),
    form=st.sampled_from(["csv", "csv", "xlsx", "jsonl"]),
)
def test_the_yudu_duties_judged_as_the_reference(
    both: Checker,
    units: list[str],
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    rows: int,
    form: str,
) -> None:
    path = ledger(tmp_path_factory.mktemp("l") / "applications.csv", seed, rows, units, form)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)


def test_a_big_yudu_ledger(both: Checker, units: list[str], tmp_path: Path) -> None:
    path = ledger(tmp_path / "applications.csv", 20230619, 4000, units)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    statuses = {f.status for f in fast.findings}
    assert {Status.MET, Status.VIOLATED, Status.NOT_APPLICABLE} <= statuses
    versions = {f.version.valid_from for f in fast.findings if f.version is not None}
    assert len(versions) >= 2  # cases judged under the 2008 and the 2019 条例
    assert any("补正" in f.explanation for f in fast.findings)
    assert any("征求第三方" in " ".join(f.trace) for f in fast.findings)
    assert any(r.field == "extension_days" for r in fast.rejected)


EVENT_KINDS = ("开放活动", "自查", "通报", "汇总", "汇报听取", "其他", " 开放活动 ")


def events(path: Path, seed: int, rows: int, units: Sequence[str]) -> Path:
    """Work events: counted by unit, day and type (the quotas of 9.open-day, 11.weekly-self-check
    …) and judged one by one (9.open-day-feedback: the opinions of an open day answered in
    time)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["编号", "单位", "类型", "日期", "标题", "反馈日期"])
        for i in range(rows):
            day = date(2023, 1, 2) + timedelta(days=rng.randint(0, 370))
            feedback = day + timedelta(days=rng.randint(-2, 40))
            out.writerow(
                [
                    f"SJ-{i:05d}" if rng.random() > 0.5 else "",
                    rng.choice(units) if rng.random() > 0.03 else "某某局",
                    rng.choice(EVENT_KINDS) if rng.random() > 0.01 else "",
                    day.isoformat() if rng.random() > 0.01 else "2023-02-30",
                    f"活动{i}",
                    feedback.isoformat() if rng.random() > 0.3 else "",
                ]
            )
    return path


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# (at least 20 rows: a row is rejected about one time in twenty, and a file of rows all rejected
# would count nothing, leaving the counting untested; small files are the other tests' part)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(20, 1500))
def test_events_counted_and_judged_as_the_reference(
    both: Checker, units: list[str], tmp_path_factory: pytest.TempPathFactory, seed: int, rows: int
) -> None:
    """A kind both counted and judged case by case: the engine counts each day's events by
    type, as the reference does (cells, their order and first rows), and judges the open
    days' feedback."""
    path = events(tmp_path_factory.mktemp("e") / "events.csv", seed, rows, units)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert fast.daily["event"].frame().height > 0
