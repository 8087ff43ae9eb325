"""The fast path's differential checker, shared by the core's fast-path tests and the yudu
plugin's: the same files checked with the columnar fast path and without, and whether the fast
path took each file.  A module importing these fixtures defines its own ``plan`` fixture."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import colcases, columnar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import RecordKind
from govflow.plan.model import Plan
from govflow.plugins.manager import registry

__all__ = [
    "AS_OF",
    "Checker",
    "assert_same",
    "both",
    "calendar",
    "differential",
    "kinds",
    "small_blocks",
]

AS_OF = date(2023, 12, 31)


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def kinds() -> dict[str, RecordKind]:
    return dict(registry().record_kinds())


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is big enough for the columnar path."""
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    monkeypatch.setattr(colcases, "MIN_BYTES", 0)
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

        def spy(*args: Any) -> bool:
            done = bool(real(*args))
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
