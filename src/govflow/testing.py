"""A pytest plugin for govflow plugin authors (entry point ``pytest11``: loaded automatically).

The ``govflow_plugin`` fixture registers a plugin (a module or an object with ``@hookimpl``
functions) in the process-wide plugin manager for one test and unregisters it afterwards::

    from govflow.plugins.hookspecs import hookimpl
    from govflow.plan.obligations import Area

    class VillagePlugin:
        @hookimpl
        def govflow_areas(self):
            return [Area("village", "村务公开")]

    def test_area(govflow_plugin):
        registry = govflow_plugin(VillagePlugin())
        assert "village" in registry.areas()

The registry is the process-wide one (:func:`govflow.plugins.manager.registry`), so the installed plugins
are in it too.  To test a plugin alone, or one that is also installed through its entry point
(registering it twice fails), start each test from the built-ins only: set
``GOVFLOW_LOAD_PLUGINS=""`` and call :func:`govflow.plugins.manager.reset` in an autouse fixture.
docs/hooks.md (``govflow_plugin``) and docs/plugin-guide.md show how.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from govflow.plugins.manager import Registry, registry

if TYPE_CHECKING:
    from govflow.compliance.check import CheckResult
    from govflow.compliance.rules import Finding
    from govflow.plan.model import Plan

__all__ = [
    "PluginContract",
    "check_records",
    "citation_agrees",
    "findings_of",
    "govflow_plugin",
    "write_csv",
]


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
    from govflow.compliance.check import run_check

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


class PluginContract:
    """What every area plugin must satisfy, as tests: subclass it in the plugin's test module.

    ::

        import govflow_village
        from govflow.testing import PluginContract

        class TestContract(PluginContract):
            name = "village"                    # entry-point name and area id
            module = govflow_village            # with a RULES tuple of ObligationTemplate
            distribution = "govflow-village"
            version = "0.1.0"
            area_title = "村务公开"
            tasks_hint = (8,)

    The tests: the entry point is installed and registered with its version and hooks; with
    the plugin disabled the core still loads the plan without its obligations; the registry
    returns its area and exactly its templates; every template is cited (a brief id such as
    ``OGI-02``, agreeing with :data:`govflow.sources.SOURCES` when registered there, and an
    evidence grade P/G/S/U, U said in the title) and its time rule is of ``rule_kinds`` with a
    period that parses back or a positive quota.
    """

    name: ClassVar[str]
    module: ClassVar[ModuleType]
    distribution: ClassVar[str]
    version: ClassVar[str]
    area_title: ClassVar[str]
    tasks_hint: ClassVar[tuple[int, ...]]
    rule_kinds: ClassVar[tuple[type, ...]] = ()
    """The time-rule classes the templates use (default: Deadline)."""
    plan: ClassVar[str | None] = None
    """The plan the plugin's obligations bind to (default: the default plan)."""

    @staticmethod
    def _manager(monkeypatch: pytest.MonkeyPatch) -> Any:
        from govflow.plugins.manager import get_plugin_manager

        for var in ("GOVFLOW_DISABLE_PLUGINS", "GOVFLOW_LOAD_PLUGINS"):
            monkeypatch.delenv(var, raising=False)
        return get_plugin_manager()

    def test_entry_point_installed_and_registered(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from importlib.metadata import entry_points

        pm = self._manager(monkeypatch)
        (ep,) = entry_points(group="govflow", name=self.name)
        assert ep.value == self.module.__name__
        assert ep.dist is not None
        assert ep.dist.name == self.distribution
        assert pm.get_plugin(self.name) is self.module
        info = {p.name: p for p in Registry(pm).plugins()}[self.name]
        assert not info.builtin
        assert info.distribution == self.distribution
        assert info.version == self.version
        assert {"govflow_areas", "govflow_obligation_templates"} <= set(info.hooks)

    def test_disabled_plugin_leaves_the_core_working(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from govflow.plugins.manager import get_plugin_manager

        monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", self.name)
        monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reg = Registry(get_plugin_manager())
        assert self.name not in reg.areas()
        plan = reg.load_plan(self.plan)
        assert not [o for o in plan.obligations() if o.origin == self.name]

    def test_area_and_templates(self, monkeypatch: pytest.MonkeyPatch) -> None:
        reg = Registry(self._manager(monkeypatch))
        area = reg.areas()[self.name]
        assert area.title == self.area_title
        assert area.tasks_hint == self.tasks_hint
        assert reg.area_plugins()[self.name] == self.name
        templates = reg.obligation_templates(self.name)
        assert [t.id for _, t in templates] == [t.id for t in self.module.RULES]
        assert {plugin for plugin, _ in templates} == {self.name}
        other = "finance" if self.name != "finance" else "response"
        assert all(p != self.name for p, _ in reg.obligation_templates(other))

    def test_templates_are_cited_and_parse(self) -> None:
        import re

        from govflow.periods.core import Period
        from govflow.plan.obligations import Deadline, Quota
        from govflow.sources import SOURCES

        kinds = self.rule_kinds or (Deadline,)
        assert self.module.RULES
        for template in self.module.RULES:
            where = template.id
            assert template.id.startswith(f"{self.name}."), where
            assert template.area == self.name, where
            c = template.citation
            assert c.document, where
            assert c.clause, where
            assert c.text, where
            assert c.source_id is not None, where
            assert re.fullmatch(r"[A-Z]{3,4}-\d{2}", c.source_id), where
            if c.source_id in SOURCES:  # the core's registry agrees on document and words
                citation_agrees(c.document, c.text, c.source_id)
            assert template.params["evidence"] in {"P", "G", "S", "U"}, where
            if template.params["evidence"] == "U":
                assert "U" in template.title, where
            assert isinstance(template.rule, kinds), where
            if isinstance(template.rule, Deadline):
                assert Period.parse(template.rule.period.text) == template.rule.period, where
            if isinstance(template.rule, Quota):
                assert template.rule.minimum >= 1, where
