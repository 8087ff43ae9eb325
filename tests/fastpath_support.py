"""The fast path's differential checker, shared by the core's fast-path tests and the yudu
plugin's: the same files checked with the columnar fast path and without, and whether the fast
path took each file.  A module importing these fixtures defines its own ``plan`` fixture."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import colcases, colcells, columnar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import RecordKind
from govflow.plan.model import Plan
from govflow.plugins.manager import registry
from plans import CESHI_PLAN

__all__ = [
    "AS_OF",
    "Checker",
    "assert_same",
    "both",
    "calendar",
    "differential",
    "kinds",
    "small_blocks",
    "write_jsonl",
    "write_sheet",
]

AS_OF = date(2023, 12, 31)


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def kinds() -> dict[str, RecordKind]:
    return dict(registry().record_kinds())


@pytest.fixture(scope="module")
def plan() -> Plan:
    """The invented 测试县 plan (tests/data)."""
    loaded: Plan = registry().load_plan(CESHI_PLAN)
    return loaded


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is big enough for the columnar path."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    monkeypatch.setattr(colcases, "MIN_BYTES", 0)
    monkeypatch.setattr(colcells, "MIN_CELLS", 0)
    monkeypatch.delenv(columnar.DISABLE, raising=False)


Checker = Callable[..., tuple[CheckResult, CheckResult, list[bool]]]


def differential(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    monkeypatch: pytest.MonkeyPatch,
    engine: tuple[Any, str],
    **defaults: Any,
) -> Checker:
    """``run_check`` with the engines and without (``GOVFLOW_NO_FAST_PATH=1``); and whether the
    *engine* (a module and the name of its entry: ``(columnar, "count_table")``,
    ``(colcases, "evaluate_cases")``) took each file it was offered.  *defaults* are
    ``run_check``'s keywords for every call; *extra_rules*, when given, is a function making
    them (rules keep state)."""
    module, name = engine

    def check(files: Sequence[Path], **kw: Any) -> tuple[CheckResult, CheckResult, list[bool]]:
        taken: list[bool] = []
        kw = {"calendar": calendar, "as_of": AS_OF, "kinds": kinds, **defaults, **kw}
        make_rules = kw.pop("extra_rules", list)
        real = getattr(module, name)

        def spy(*args: Any, **kw: Any) -> bool:
            done = bool(real(*args, **kw))
            taken.append(done)
            return done

        with monkeypatch.context() as m:
            m.setattr(module, name, spy)
            fast = run_check(plan, list(files), extra_rules=make_rules(), **kw)
        with monkeypatch.context() as m:
            m.setenv(columnar.DISABLE, "1")
            ref = run_check(plan, list(files), extra_rules=make_rules(), **kw)
        return fast, ref, taken

    return check


@pytest.fixture
def both(
    plan: Plan,
    calendar: WorkCalendar,
    kinds: dict[str, RecordKind],
    monkeypatch: pytest.MonkeyPatch,
) -> Checker:
    """:func:`differential` of the counting engine (the fast path)."""
    return differential(plan, calendar, kinds, monkeypatch, (columnar, "count_table"))


def _typed(text: str, rng: random.Random, serial: bool) -> Any:
    """A cell as Excel may hold it: often the text, else what it reads as (a date, a moment, a
    number, 是/否 as a boolean; with *serial*, a date as its serial day)."""
    if not text.strip():
        return None if rng.random() < 0.7 else text
    if rng.random() < 0.4:
        return text
    try:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            day = date.fromisoformat(text)
            return (day - date(1899, 12, 30)).days if serial and rng.random() < 0.3 else day
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}", text):
            return datetime.fromisoformat(text)
    except ValueError:
        return text  # a date that does not exist stays text
    if re.fullmatch(r"[0-9]{1,9}", text):
        return int(text)
    return {"是": True, "否": False}.get(text, text)


def write_sheet(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    rng: random.Random,
    *,
    dated: Collection[int] = (),
    title: bool = False,
) -> Path:
    """A workbook of one sheet holding *header* and *rows* as a county's Excel ledger may: cells
    typed at random (:func:`_typed`; serial days only in the columns *dated*), a title row above
    the header when *title*, empty rows where *rows* has empty lists; characters a workbook
    cannot hold are left out."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    if title:
        sheet.append(["测试县政务公开台账（2023年）"])
    sheet.append(list(header))
    for row in rows:
        cells = [ILLEGAL_CHARACTERS_RE.sub("", c) for c in row]
        sheet.append([_typed(c, rng, i in dated) for i, c in enumerate(cells)])
    book.save(path)
    return path


def write_jsonl(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    rng: random.Random,
    *,
    numbers: Collection[int] = (),
    booleans: Collection[int] = (),
) -> Path:
    """A JSON Lines file of one object per row, its keys *header* (cells past the header left
    out, missing ones empty) as a platform exports a table: some values null instead of empty,
    digits in the columns *numbers* as JSON numbers and 是/否 in the columns *booleans* as
    true/false at times, blank lines here and there, a BOM at times."""
    import json

    lines = []
    for row in rows:
        cells = [*row[: len(header)], *[""] * (len(header) - len(row))]
        values: list[Any] = []
        for i, cell in enumerate(cells):
            if not cell and rng.random() < 0.5:
                values.append(None)
            elif i in numbers and cell.isascii() and cell.isdigit() and rng.random() < 0.5:
                values.append(int(cell))
            elif i in booleans and cell in ("是", "否") and rng.random() < 0.5:
                values.append(cell == "是")
            else:
                values.append(cell)
        lines.append(json.dumps(dict(zip(header, values, strict=True)), ensure_ascii=False))
        if rng.random() < 0.02:
            lines.append(rng.choice(("", "  ")))
    text = "\n".join(lines) + rng.choice(("\n", ""))
    path.write_text(("\ufeff" if rng.random() < 0.2 else "") + text, encoding="utf-8")
    return path


def assert_same(fast: CheckResult, ref: CheckResult) -> None:
    assert fast.files == ref.files  # read, rejected, the rejected lines, encoding, columns
    assert fast.rejected == ref.rejected
    assert fast.findings == ref.findings
    assert sorted(fast.daily) == sorted(ref.daily)
    for kind, counts in ref.daily.items():
        mine = fast.daily[kind]
        assert mine.fields == counts.fields
        rows, expected = list(mine.rows()), list(counts.rows())
        assert rows == expected  # order and first rows
        assert [[type(v) for v in r[2].values()] for r in rows] == [
            [type(v) for v in r[2].values()] for r in expected
        ]
        assert mine.frame().equals(counts.frame())
    assert fast.to_dict() == ref.to_dict()
    assert fast.exit_code == ref.exit_code
