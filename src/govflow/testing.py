"""A pytest plugin for govflow plugin authors (entry point ``pytest11``: loaded automatically).

Nothing to copy into a plugin's ``conftest.py``:

* a test module under ``<package>/tests/`` imports the plugin from ``<package>/src/`` even when
  it is not installed (when ``<package>/pyproject.toml`` declares a ``govflow`` entry point);
* ``govflow_plugin`` registers a plugin for one test (replacing an installed plugin of the same
  name for that test);
* ``govflow_registry``, ``govflow_plan`` and ``govflow_calendar`` give every installed plugin's
  registry, a bound plan and the working-day calendar, once per test module, whatever
  ``GOVFLOW_DISABLE_PLUGINS``/``GOVFLOW_LOAD_PLUGINS`` say;
* :class:`PluginContract` is the contract every plugin meets, as tests to subclass.

::

    from govflow import hookimpl
    from govflow.plan.obligations import Area

    class VillagePlugin:
        @hookimpl
        def govflow_areas(self):
            return [Area("village", "村务公开")]

    def test_area(govflow_plugin):
        registry = govflow_plugin(VillagePlugin())
        assert "village" in registry.areas()

docs/plugin-guide.md (测试) documents them.
"""

from __future__ import annotations

import functools
import sys
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from govflow.plugins.manager import Registry, get_plugin_manager, registry

if TYPE_CHECKING:
    from govflow.calendar.workcalendar import WorkCalendar
    from govflow.compliance.check import CheckResult
    from govflow.compliance.rules import Finding
    from govflow.plan.model import Plan
    from govflow.plan.obligations import ObligationTemplate

__all__ = [
    "PluginContract",
    "check_records",
    "citation_agrees",
    "findings_of",
    "govflow_calendar",
    "govflow_plan",
    "govflow_plugin",
    "govflow_registry",
    "write_csv",
]

_ENV = ("GOVFLOW_DISABLE_PLUGINS", "GOVFLOW_LOAD_PLUGINS")


@functools.cache
def _plugin_src(folder: Path) -> Path | None:
    """``<package>/src`` of the plugin package *folder* (a test module's) lives in, if any."""
    for parent in (folder, *folder.parents):
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file():
            try:
                project = tomllib.loads(pyproject.read_text("utf-8")).get("project", {})
            except (OSError, tomllib.TOMLDecodeError):
                return None
            src = parent / "src"
            has_entry_point = "govflow" in project.get("entry-points", {})
            return src if has_entry_point and src.is_dir() else None
    return None


def pytest_collectstart(collector: pytest.Collector) -> None:
    """Before a plugin's test module is imported, make its ``src/`` importable."""
    if isinstance(collector, pytest.Module):
        src = _plugin_src(Path(collector.path).parent)
        if src is not None and str(src) not in sys.path:
            sys.path.insert(0, str(src))


@pytest.fixture
def govflow_plugin() -> Iterator[Callable[..., Registry]]:
    """Register plugins for the duration of one test; returns the registry they are in.

    A plugin registered under the name of an installed one replaces it for the test.
    """
    reg = registry()
    names: list[str] = []
    replaced: list[tuple[str, object]] = []

    def register(plugin: object, name: str | None = None) -> Registry:
        if name in names:
            raise ValueError(f"插件 {name} 已在本测试中注册")
        if name is not None and reg.pm.get_plugin(name) is not None:  # installed: replace it
            replaced.append((name, reg.pm.unregister(name=name)))
        registered = reg.pm.register(plugin, name=name)
        if registered is None:
            raise ValueError(f"插件 {name or plugin!r} 已被停用（GOVFLOW_DISABLE_PLUGINS）")
        names.append(registered)
        reg.pm.check_pending()  # a misspelt hook fails here, as it does at start-up
        return reg

    try:
        yield register
    finally:
        for name in reversed(names):
            reg.pm.unregister(name=name)
        for name, plugin in reversed(replaced):
            reg.pm.register(plugin, name=name)


@pytest.fixture(scope="module")
def govflow_registry() -> Iterator[Registry]:
    """A registry of govflow's built-ins and every installed plugin (the environment's
    ``GOVFLOW_*_PLUGINS`` variables ignored), shared by the tests of a module."""
    with pytest.MonkeyPatch.context() as mp:
        for var in _ENV:
            mp.delenv(var, raising=False)
        yield Registry(get_plugin_manager())


@pytest.fixture(scope="module")
def govflow_plan(govflow_registry: Registry, request: pytest.FixtureRequest) -> Plan:
    """The plan named by the test module's ``GOVFLOW_PLAN`` (else the default plan), with
    every installed plugin's obligations bound."""
    plan: Plan = govflow_registry.load_plan(getattr(request.module, "GOVFLOW_PLAN", None))
    return plan


@pytest.fixture(scope="module")
def govflow_calendar(govflow_registry: Registry) -> WorkCalendar:
    """The working-day calendar of every installed plugin's notices and adjustments."""
    calendar: WorkCalendar = govflow_registry.calendar()
    return calendar


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
    registry: Registry,
    plan: Plan,
    files: Sequence[Path],
    as_of: date,
    start: date | None = None,
    *,
    rejected_ok: bool = False,
) -> CheckResult:
    """``run_check`` with the registry's calendar, record kinds and rules; asserts that no row
    was rejected (a test's records are meant to be well formed), unless *rejected_ok* (a test
    of the rejections themselves, which asserts them on its own)."""
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
    assert rejected_ok or result.rejected == [], result.rejected
    return result


def findings_of(result: CheckResult, rule: str, **fields: Any) -> list[Finding]:
    """The findings of *rule* whose attributes equal *fields* (``unit=``, ``status=`` ...)."""
    return [
        f
        for f in result.findings
        if f.rule == rule and all(getattr(f, k) == v for k, v in fields.items())
    ]


class PluginContract:
    """What every plugin contributing areas or obligations meets, as tests: subclass it in the
    plugin's test module and set the class attributes.

    ::

        import govflow_village
        from govflow.testing import PluginContract

        class TestContract(PluginContract):
            module = govflow_village             # the module the entry point names
            areas = {"village": "村务公开"}       # the areas it declares: id → title
            plan = "county-2024"                 # the plan to bind it to (default: the default plan)

    The plugin's name, distribution and version are read from its ``pyproject.toml`` (next to
    ``src/``): the entry point in group ``govflow`` naming *module*.  The tests: the entry point
    is declared, and once installed it is registered with that distribution, version and hooks;
    with the plugin disabled the plan still loads, without its obligations; the registry returns
    exactly its areas, each bound to the plan; every template it gives for the plan's areas (and
    its own) is bound unless the plan overrides it, has an id prefixed by its area, a declared
    area, a citation (document, clause and words), and a time rule of ``rule_kinds`` whose period
    parses back or whose quota is positive.  With ``source_ids`` set, every citation also names a
    source id of that pattern (agreeing with :data:`govflow.sources.SOURCES` when registered
    there) and an evidence grade P/G/S/U.
    """

    module: ModuleType
    """The module the plugin's entry point names."""
    areas: ClassVar[Mapping[str, str]] = {}
    """The areas the plugin declares (id → title); empty for a plugin adding none."""
    plan: ClassVar[str | None] = None
    """The id of the plan the plugin is tested against (``None``: the default plan, from
    ``GOVFLOW_PLAN`` or the one plan installed)."""
    name: ClassVar[str | None] = None
    """The plugin (entry-point) name; default: read from ``pyproject.toml``."""
    rule_kinds: ClassVar[tuple[type, ...]] = ()
    """The time-rule classes the templates use (default: any of Deadline, Recurrence, Quota)."""
    source_ids: ClassVar[str | None] = None
    """A regular expression every citation's ``source_id`` matches (e.g. ``[A-Z]{3,4}-\\d{2}``)."""

    @classmethod
    def _project(cls) -> dict[str, Any]:
        """The ``[project]`` table of the plugin's ``pyproject.toml`` (src or flat layout)."""
        here = Path(str(cls.module.__file__)).resolve()
        for parent in here.parents[:4]:
            pyproject = parent / "pyproject.toml"
            if pyproject.is_file():
                project: dict[str, Any] = tomllib.loads(pyproject.read_text("utf-8"))["project"]
                return project
        pytest.fail(f"{cls.module.__name__}：在 {here.parent} 之上找不到 pyproject.toml")

    @classmethod
    def _name(cls) -> str:
        if cls.name is not None:
            return cls.name
        declared = cls._project().get("entry-points", {}).get("govflow", {})
        names: list[str] = [n for n, v in declared.items() if v == cls.module.__name__]
        assert len(names) == 1, (
            f"pyproject.toml 的入口点组 govflow 应有一项指向 {cls.module.__name__}"
        )
        return names[0]

    def _registry(self, monkeypatch: pytest.MonkeyPatch) -> Registry:
        """Every installed plugin, and this one registered when it is not installed."""
        for var in _ENV:
            monkeypatch.delenv(var, raising=False)
        pm = get_plugin_manager()
        if pm.get_plugin(self._name()) is None:
            pm.register(self.module, name=self._name())
            pm.check_pending()
        return Registry(pm)

    def _templates(self, reg: Registry) -> list[ObligationTemplate]:
        plan = reg.load_plan(self.plan)
        out: dict[str, ObligationTemplate] = {}
        for area in dict.fromkeys((*plan.areas, *self.areas)):
            for plugin, template in reg.obligation_templates(area):
                if plugin == self._name():
                    out.setdefault(template.id, template)
        return list(out.values())

    def test_entry_point_declared_and_registered(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from importlib.metadata import PackageNotFoundError, entry_points
        from importlib.metadata import distribution as find_distribution

        name, project = self._name(), self._project()
        assert project["entry-points"]["govflow"][name] == self.module.__name__
        try:
            find_distribution(project["name"])
        except PackageNotFoundError:
            pytest.skip(f"{project['name']} 未安装：已安装的入口点无从检查")
        reg = self._registry(monkeypatch)
        (ep,) = entry_points(group="govflow", name=name)
        assert ep.value == self.module.__name__
        assert ep.dist is not None
        assert ep.dist.name == project["name"]
        assert reg.pm.get_plugin(name) is self.module
        info = {p.name: p for p in reg.plugins()}[name]
        assert not info.builtin
        assert info.distribution == project["name"]
        assert info.version == project["version"]
        assert info.hooks

    def test_disabled_plugin_leaves_the_core_working(self, monkeypatch: pytest.MonkeyPatch) -> None:
        name = self._name()
        monkeypatch.setenv("GOVFLOW_DISABLE_PLUGINS", name)
        monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reg = Registry(get_plugin_manager())
        assert name not in {p.name for p in reg.plugins()}
        assert not set(self.areas) & set(reg.areas())
        plan = reg.load_plan(self.plan)
        assert not [o for o in plan.obligations() if o.origin == name]

    def test_areas_and_bound_templates(self, monkeypatch: pytest.MonkeyPatch) -> None:
        reg, name = self._registry(monkeypatch), self._name()
        declared = {a: p for a, p in reg.area_plugins().items() if p == name}
        assert set(declared) == set(self.areas)
        assert {a: reg.areas()[a].title for a in declared} == self.areas
        plan = reg.load_plan(self.plan)
        templates = self._templates(reg)
        own = {o.id: o for o in plan.obligations()}
        for template in templates:
            assert template.id in own, template.id  # bound, or overridden by the plan
            if own[template.id].origin != "plan":
                assert own[template.id].origin == name, template.id
        if self.areas:
            assert set(self.areas) <= set(plan.areas), "an area of the plugin binds nowhere"

    def test_templates_are_cited_and_parse(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import re

        from govflow.periods.core import Period
        from govflow.plan.obligations import Deadline, Quota, Recurrence
        from govflow.sources import SOURCES

        reg = self._registry(monkeypatch)
        known_areas = set(reg.areas())
        kinds = self.rule_kinds or (Deadline, Recurrence, Quota)
        for template in self._templates(reg):
            where = template.id
            assert template.area in known_areas, where
            assert template.id.startswith(f"{template.area}."), where
            c = template.citation
            assert c.document, where
            assert c.clause, where
            assert c.text, where
            assert isinstance(template.rule, kinds), where
            if isinstance(template.rule, Deadline):
                assert Period.parse(template.rule.period.text) == template.rule.period, where
            if isinstance(template.rule, Quota):
                assert template.rule.minimum >= 1, where
            if self.source_ids is not None:
                assert c.source_id is not None, where
                assert re.fullmatch(self.source_ids, c.source_id), where
                if c.source_id in SOURCES:  # the core's registry agrees on document and words
                    citation_agrees(c.document, c.text, c.source_id)
                assert c.grade in {"P", "G", "S", "U"}, where
                if c.grade == "U":
                    assert "U" in template.title, where
            for v in template.versions:  # each version cites its own document and words
                assert v.citation.document, where
                assert v.citation.clause, where
                assert v.citation.text, where
                assert v.citation.grade in {"P", "G", "S", "U"}, where
