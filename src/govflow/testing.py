"""A pytest plugin for govflow plugin authors (entry point ``pytest11``: loaded automatically).

The ``govflow_plugin`` fixture registers a plugin (a module or an object with ``@hookimpl``
functions) in the process-wide plugin manager for one test and unregisters it afterwards::

    from govflow.hookspecs import hookimpl
    from govflow.obligations import Area

    class VillagePlugin:
        @hookimpl
        def govflow_areas(self):
            return [Area("village", "村务公开")]

    def test_area(govflow_plugin):
        registry = govflow_plugin(VillagePlugin())
        assert "village" in registry.areas()

The registry is the process-wide one (:func:`govflow.plugins.registry`), so the installed plugins
are in it too.  To test a plugin alone, or one that is also installed through its entry point
(registering it twice fails), start each test from the built-ins only: set
``GOVFLOW_LOAD_PLUGINS=""`` and call :func:`govflow.plugins.reset` in an autouse fixture.
docs/hooks.md (``govflow_plugin``) and docs/plugin-guide.md show how.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from govflow.plugins import Registry, registry

if TYPE_CHECKING:
    from govflow.check import CheckResult
    from govflow.plan import Plan
    from govflow.rules import Finding

__all__ = ["check_records", "citation_agrees", "findings_of", "govflow_plugin", "write_csv"]


@pytest.fixture
def govflow_plugin() -> Iterator[Callable[..., Registry]]:
    """Register plugins for the duration of one test; returns the registry they are in."""
    reg = registry()
    names: list[str] = []

    def register(plugin: object, name: str | None = None) -> Registry:
        registered = reg.pm.register(plugin, name=name)
        if registered is None:
            raise ValueError(f"plugin {name or plugin!r} is already registered or blocked")
        names.append(registered)
        reg.pm.check_pending()  # a misspelt hook fails here, as it does at start-up
        return reg

    try:
        yield register
    finally:
        for name in reversed(names):
            reg.pm.unregister(name=name)


# -- helpers for plugin authors' tests ----------------------------------------------------------


def citation_agrees(document: str, text: str, source_id: str) -> None:
    """Assert that a citation names the registered source's document (its title, its 《》 name or
    its document number) and quotes its words (or one part of them, split at ；…)."""
    import re

    from govflow.sources import SOURCES

    registered = SOURCES[source_id]
    marks = re.findall(r"《[^》]+》|[\u4e00-\u9fff]+〔\d{4}〕\d+号", registered.title)
    assert (
        document in registered.title
        or registered.title in document
        or any(m in document for m in marks)
    ), (document, registered.title)
    parts = [q for q in re.split(r"[；…]", registered.quote) if q]
    assert text in registered.quote or any(q in text for q in parts), (text, registered.quote)


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Write *rows* (the first is the header) as a UTF-8 CSV with BOM, as spreadsheets export."""
    import csv

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def check_records(
    registry: Registry, plan: Plan, files: Sequence[Path], as_of: date, start: date | None = None
) -> CheckResult:
    """``run_check`` with the registry's calendar, record kinds and rules; asserts that no row
    was rejected (a test's records are meant to be well formed)."""
    from govflow.check import run_check

    result = run_check(
        plan,
        files,
        calendar=registry.calendar(),
        as_of=as_of,
        start=start,
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )
    assert result.rejected == [], result.rejected
    return result


def findings_of(result: CheckResult, rule: str, **fields: Any) -> list[Finding]:
    """The findings of *rule* whose attributes equal *fields* (``unit=``, ``status=`` ...)."""
    return [
        f
        for f in result.findings
        if f.rule == rule and all(getattr(f, k) == v for k, v in fields.items())
    ]
