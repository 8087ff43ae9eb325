"""The plan model: a 政务公开工作方案 as data programs can query.

A :class:`Plan` has sections (一、总体要求 …), numbered :class:`Task` objects with their lead units
(牵头单位) and responsible units (责任单位), the safeguards (三、保障措施) and the obligations of
each, bound to a :class:`~govflow.plan.units.UnitDirectory` that resolves every unit name.  Plans are
read from TOML files by :mod:`govflow.plan.planfile`; plugins ship plans through ``govflow_plans``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from attrs import field, frozen

from govflow.plan.obligations import Obligation
from govflow.plan.units import Unit, UnitDirectory

__all__ = ["Plan", "Safeguard", "Section", "Task"]


@frozen
class Section:
    """A heading of the plan: ``一`` 总体要求, ``二(一)`` 围绕高质量发展深化政务公开 …"""

    id: str
    title: str
    text: str = ""


@frozen
class Task:
    """A numbered task with its units and obligations."""

    number: int
    section: str
    title: str
    text: str
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    area: str = ""
    obligations: tuple[Obligation, ...] = ()

    @property
    def key(self) -> str:
        return str(self.number)


@frozen
class Safeguard:
    """An item of 三、保障措施, e.g. ``(一)`` 强化组织领导."""

    id: str
    title: str
    text: str
    obligations: tuple[Obligation, ...] = ()

    @property
    def key(self) -> str:
        return f"三{self.id}"


@frozen
class Plan:
    """A county's annual 政务公开工作方案."""

    id: str
    title: str
    number: str
    """The document number, e.g. 于府办字〔2023〕32号."""
    issued: date
    year: int
    issuer: str
    directory: UnitDirectory
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    safeguards: tuple[Safeguard, ...] = ()
    preamble: str = ""
    address: str = ""
    extra_obligations: tuple[Obligation, ...] = field(default=())
    """Obligations added by area plugins (legal rules the plan text leaves implicit)."""
    units_ref: str = ""
    """The plan file's ``units`` as written (a built-in id or a path); empty: ``directory.id``."""

    def task(self, number: int | str) -> Task:
        key = str(number)
        for t in self.tasks:
            if t.key == key:
                return t
        raise KeyError(f"plan {self.id} has no task {number!r}; tasks are 1..{len(self.tasks)}")

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(f"plan {self.id} has no section {section_id!r}")

    @property
    def areas(self) -> tuple[str, ...]:
        seen: list[str] = []
        for t in self.tasks:
            if t.area and t.area not in seen:
                seen.append(t.area)
        return tuple(seen)

    def obligations(self) -> Iterator[Obligation]:
        """Every obligation: tasks, safeguards, then those added by plugins."""
        for t in self.tasks:
            yield from t.obligations
        for s in self.safeguards:
            yield from s.obligations
        yield from self.extra_obligations

    def obligation(self, obligation_id: str) -> Obligation:
        for o in self.obligations():
            if o.id == obligation_id:
                return o
        raise KeyError(f"plan {self.id} has no obligation {obligation_id!r}")

    def owner_units(self, obligation: Obligation) -> tuple[Unit, ...]:
        """The units an obligation binds: its own ``applies_to`` or its task's units."""
        names = obligation.applies_to
        if not names:
            names = self._task_units(obligation.task)
        return self.directory.expand_all(names, where=f"obligation {obligation.id}")

    def _task_units(self, task_key: str) -> tuple[str, ...]:
        for t in self.tasks:
            if t.key == task_key:
                return t.responsible or t.lead
        return ()

    def with_obligations(self, obligations: tuple[Obligation, ...]) -> Plan:
        """A copy with more plugin-added obligations (ids must stay unique)."""
        from attrs import evolve

        existing = {o.id for o in self.obligations()}
        for o in obligations:
            if o.id in existing:
                raise ValueError(
                    f"plan {self.id}: duplicate obligation id {o.id!r} (from {o.origin})"
                )
            existing.add(o.id)
        return evolve(self, extra_obligations=(*self.extra_obligations, *obligations))
