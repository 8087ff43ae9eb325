"""A case book on a given store (a SQLite file or a PostgreSQL URL) for the case-store tests,
their writer processes (tests/case_worker.py) and the benchmark: the Yudu plan's units, the
installed rules, a fixed *today* so that the tests do not depend on the date they run."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from govflow.cases.book import CaseBook
from govflow.cases.store import CaseStore

__all__ = ["TODAY", "case_kinds", "make_book", "sqlite_url"]

TODAY = date(2023, 12, 31)
"""*today* of the books made here: every event of the tests happens in 2023."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def case_kinds() -> dict[str, Any]:
    from govflow.cli._app import plugin_registry

    return dict(plugin_registry().case_kinds())


def make_book(url: str, today: date = TODAY) -> CaseBook:
    """The case book of the Yudu plan in the store at *url* (migrated on open), as
    ``govflow case`` builds it (src/govflow/cli/case_cmds.py ``open_book``)."""
    from govflow.cases.judge import CaseJudge
    from govflow.cli._app import plugin_registry, work_calendar
    from govflow.compliance.obligation_rules import obligation_rules

    reg = plugin_registry()
    plan = reg.load_plan("yudu-2023")
    kinds = reg.record_kinds()
    cases = reg.case_kinds()

    def rules() -> list[Any]:
        return [*obligation_rules(plan, kinds), *reg.rules(plan)]

    judge = CaseJudge(plan, work_calendar(), kinds, rules)
    return CaseBook(CaseStore(url, cases), judge, plan, kinds, cases, today)
