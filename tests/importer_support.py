"""The importer tests' shared helpers (the core's and the yudu plugin's): the invented county
documents, the importer with the installed plugins' unit directories, and what a plan means
(structure and timed obligations, not ids or wording)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govflow.calendar.workcalendar import default_calendar, set_default_calendar
from govflow.cli import main
from govflow.importer.document import ImportResult
from govflow.importer.document import import_plan as _import_plan
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Quota, Recurrence, TimeRule
from govflow.plugins.manager import registry

__all__ = [
    "DAYU",
    "HEYUAN",
    "SEED",
    "_restore_default_calendar",
    "dayu",
    "heyuan",
    "import_plan",
    "needs_seed",
    "run",
    "signature",
    "structure",
    "timed",
]

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_ea285c5c79fb354f.txt"
DATA = Path(__file__).parent / "data" / "plans"
DAYU = DATA / "dayu-2023.txt"
HEYUAN = DATA / "heyuan-2024.txt"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared (the seed document) is absent")


def import_plan(text: str, **kwargs: Any) -> ImportResult:
    """The importer with the unit directories the installed plugins ship."""
    kwargs.setdefault("directories", registry().unit_directories().values())
    return _import_plan(text, **kwargs)


@pytest.fixture(autouse=True)
def _restore_default_calendar() -> Iterator[None]:
    saved = default_calendar()
    yield
    set_default_calendar(saved)


@pytest.fixture(scope="module")
def dayu() -> ImportResult:
    return import_plan(DAYU.read_text("utf-8"), source=DAYU.name)


@pytest.fixture(scope="module")
def heyuan() -> ImportResult:
    return import_plan(HEYUAN.read_text("utf-8"), source=HEYUAN.name)


def signature(rule: TimeRule, issued: date) -> tuple[Any, ...]:
    """What a timed obligation means: kind, numbers and dates (not ids, titles or wording)."""
    if isinstance(rule, Deadline):
        p = rule.period
        when = p.anchor.resolve(issued).isoformat() if p.anchor is not None else None
        return ("deadline", p.unit.value, p.amount, when)
    if isinstance(rule, Recurrence):
        return ("recurrence", rule.rrule, rule.on_rest_day.value)
    assert isinstance(rule, Quota)
    return ("quota", rule.minimum, rule.window.value, rule.counts, bool(rule.where.get("original")))


def timed(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for o in plan.obligations():
        out.setdefault(o.task, []).append(signature(o.rule, plan.issued))
    return {k: sorted(v) for k, v in out.items()}


def structure(plan: Plan) -> list[Any]:
    return [
        [(t.number, t.section, t.title, t.text, t.lead, t.responsible) for t in plan.tasks],
        [(s.id, s.title, s.text) for s in plan.safeguards],
        list(plan.sections),
        timed(plan),
    ]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))
