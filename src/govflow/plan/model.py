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

__all__ = ["AreaScope", "Plan", "Safeguard", "Section", "Task"]


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
class AreaScope:
    """Where an area applies in one plan, resolved: task keys, units, or the whole plan.

    Read from the plan file's ``[areas]`` table (``origin`` ``plan``) or bound from a plugin's
    :class:`~govflow.plan.obligations.AreaBinding` (``origin`` the plugin's name).
    """

    area: str
    tasks: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    whole_plan: bool = False
    origin: str = "plan"


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
    villages_ref: str = ""
    """The plan file's ``villages`` as written (a villages file path, relative to the plan)."""
    scopes: tuple[AreaScope, ...] = ()
    """Areas mapped by the plan file's ``[areas]`` table and bound by plugins."""

    def task(self, number: int | str) -> Task:
        key = str(number)
        for t in self.tasks:
            if t.key == key:
                return t
        raise KeyError(f"方案 {self.id} 没有任务 {number!r}；任务序号为 1～{len(self.tasks)}")

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(f"方案 {self.id} 没有部分 {section_id!r}")

    @property
    def areas(self) -> tuple[str, ...]:
        """The areas of the plan: those its tasks name, then those mapped or bound."""
        seen: list[str] = []
        for area in (*(t.area for t in self.tasks), *(s.area for s in self.scopes)):
            if area and area not in seen:
                seen.append(area)
        return tuple(seen)

    def area_tasks(self, area: str) -> tuple[Task, ...]:
        """The tasks of *area*: those naming it, and those an ``[areas]`` entry or a plugin
        binds to it, in plan order.  (A whole-plan binding makes no task a member: it only
        places the area's obligations, see ``Registry.bind``.)"""
        keys = {k for s in self.scopes if s.area == area for k in s.tasks}
        return tuple(t for t in self.tasks if t.area == area or t.key in keys)

    def area_units(self, area: str) -> tuple[str, ...]:
        """The unit names bindings of *area* name (empty: the area binds tasks)."""
        out: list[str] = []
        for s in self.scopes:
            if s.area == area:
                out.extend(u for u in s.units if u not in out)
        return tuple(out)

    def areas_of(self, task: Task) -> tuple[str, ...]:
        """Every area *task* belongs to (a task may belong to several)."""
        return tuple(a for a in self.areas if task in self.area_tasks(a))

    def in_area(self, obligation: Obligation, area: str) -> bool:
        """True when *obligation* is of *area*, or belongs to a task the plan file maps to it
        (``[areas]``).  A plugin's binding only places the plugin's own obligations: the other
        obligations of a task it binds stay in their areas."""
        if obligation.area == area:
            return True
        return any(
            obligation.task in s.tasks for s in self.scopes if s.area == area and s.origin == "plan"
        )

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
        raise KeyError(f"方案 {self.id} 没有义务 {obligation_id!r}")

    def owner_units(self, obligation: Obligation) -> tuple[Unit, ...]:
        """The units an obligation binds: its own ``applies_to`` or its task's units."""
        names = obligation.applies_to
        if not names:
            names = self._task_units(obligation.task)
        return self.directory.expand_all(names, where=f"义务 {obligation.id}")

    def _task_units(self, task_key: str) -> tuple[str, ...]:
        for t in self.tasks:
            if t.key == task_key:
                return t.responsible or t.lead
        return ()

    def with_scopes(self, scopes: tuple[AreaScope, ...]) -> Plan:
        """A copy with more area scopes (plugins' bindings)."""
        from attrs import evolve

        return evolve(self, scopes=(*self.scopes, *scopes))

    def with_obligations(self, obligations: tuple[Obligation, ...]) -> Plan:
        """A copy with more plugin-added obligations (ids must stay unique)."""
        from attrs import evolve

        existing = {o.id for o in self.obligations()}
        for o in obligations:
            if o.id in existing:
                raise ValueError(f"方案 {self.id}：义务编号 {o.id!r} 重复（来自 {o.origin}）")
            existing.add(o.id)
        return evolve(self, extra_obligations=(*self.extra_obligations, *obligations))
