"""What every rule sees: the plan, the calendar, the moment of checking and the daily counters."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import methodcaller
from typing import Any

from attrs import define, field

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.fields import BOOL_FIELDS, post_category
from govflow.compliance.findings import Status
from govflow.compliance.kinds import Record, Rejected
from govflow.periods.core import Due, Period, compute_due
from govflow.plan.model import Plan
from govflow.plan.units import UnitError

__all__ = ["Context", "DailyCounts"]


@define
class DailyCounts:
    """Counts of one record kind per (unit, day, grouping values), with a first row each.

    A record's grouping values are :func:`~govflow.compliance.fields.field_value` of each of *fields* (a post's category
    derived from its column, a missing yes/no field ``False``); its first row is ``file:line``.
    """

    kind: str
    fields: tuple[str, ...]
    cells: dict[tuple[Any, ...], list[Any]] = field(factory=dict)
    _key: Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]] = field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        self._key = self._key_maker(self.kind, self.fields)

    @staticmethod
    def _getter(kind: str, name: str) -> Callable[[Mapping[str, Any]], Any]:
        """``lambda data: field_value(kind, data, name)``, specialised (the counting hot path)."""
        if name == "category" and kind == "post":
            return post_category
        if name in BOOL_FIELDS:

            def flag(data: Mapping[str, Any]) -> Any:
                value = data.get(name)
                return False if value is None else value

            return flag
        return methodcaller("get", name)

    @staticmethod
    def _key_maker(
        kind: str, fields: Sequence[str]
    ) -> Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]]:
        """``lambda unit, day, data: (unit, day, *(field_value(kind, data, f) for f in fields))``."""
        getters = tuple(DailyCounts._getter(kind, f) for f in fields)
        if not getters:
            return lambda unit, day, data: (unit, day)
        if len(getters) == 1:
            (g0,) = getters
            return lambda unit, day, data: (unit, day, g0(data))
        if len(getters) == 2:
            g0, g1 = getters
            return lambda unit, day, data: (unit, day, g0(data), g1(data))
        return lambda unit, day, data: (unit, day, *[g(data) for g in getters])

    @property
    def reads(self) -> tuple[str, ...]:
        """The record fields the grouping values are computed from (a post's category reads
        its category and its column)."""
        out: list[str] = []
        for name in self.fields:
            for used in (
                ("category", "column") if name == "category" and self.kind == "post" else (name,)
            ):
                if used not in out:
                    out.append(used)
        return tuple(out)

    def key_of(self, unit: str, day: int, data: Mapping[str, Any]) -> tuple[Any, ...]:
        """The cell a record of *data* counts in: ``(unit, day, *grouping values)``."""
        return self._key(unit, day, data)

    def add_key(self, key: tuple[Any, ...], count: int, ref: str) -> None:
        """Count *count* records in the cell *key*; *ref* is its first row if the cell is new."""
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [count, ref]
        else:
            cell[0] += count

    def merge(self, other: DailyCounts) -> None:
        """Move the cells of *other* here, counted after this one's (cells new here keep their
        order); *other* is left empty."""
        if not self.cells:
            self.cells, other.cells = other.cells, {}
            return
        add = self.add_key
        for key, (count, ref) in other.cells.items():
            add(key, count, ref)
        other.cells = {}

    def add(self, unit: str, day: int, record: Record) -> None:
        self.add_fields(unit, day, record.data, record.source, record.line)

    def add_fields(
        self, unit: str, day: int, data: Mapping[str, Any], source: str, line: int
    ) -> None:
        """:meth:`add` for the record of *data* read from *source* at *line*, not made."""
        key = self._key(unit, day, data)
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [1, f"{source}:{line}"]
        else:
            cell[0] += 1

    def rows(self) -> Iterator[tuple[str, int, dict[str, Any], int, str]]:
        """(unit, day ordinal, values by field, count, first row) for every cell (a new
        ``dict`` of values each time: rules may change theirs)."""
        names = self.fields
        if len(names) == 2:
            n0, n1 = names
            for (unit, day, v0, v1), (count, ref) in self.cells.items():
                yield unit, day, {n0: v0, n1: v1}, count, ref
            return
        for key, (count, ref) in self.cells.items():
            yield key[0], key[1], dict(zip(names, key[2:], strict=True)), count, ref


@define
class Context:
    """What every rule sees: the plan, the calendar, the moment of checking, the counters."""

    plan: Plan
    calendar: WorkCalendar
    as_of: date
    start: date
    lead_time: int = 3
    provisional: bool = False
    rejected: list[Rejected] = field(factory=list)
    daily: dict[str, DailyCounts] = field(factory=dict)
    _units: dict[str, str | None] = field(factory=dict)
    _rejected_keys: set[tuple[str, int]] = field(factory=set)

    @property
    def plan_end(self) -> date:
        """The last day of the plan's period, 31 December of its year: the windows, occurrences
        and monitoring points of its recurring duties end there (as its agenda does), since the
        next year's plan takes over.  Deadlines it sets later (次年1月31日前) and the cases its
        records started are still judged as of :attr:`as_of`."""
        return date(self.plan.year, 12, 31)

    def unit_of(self, record: Record) -> str | None:
        """The canonical unit of a record, or ``None`` (and the row rejected) if unknown."""
        raw = record.data.get("unit", "")
        if raw in self._units:
            canonical = self._units[raw]
        else:
            try:
                units = self.plan.directory.expand(raw)
                canonical = units[0].name if len(units) == 1 else None
            except UnitError:
                canonical = None
            self._units[raw] = canonical
        if canonical is None:
            self.reject(record, "unit", self._unit_reason(raw))
        return canonical

    def _unit_reason(self, raw: str) -> str:
        try:
            found = self.plan.directory.expand(raw)
        except UnitError as exc:
            hint = f"；相近的单位：{'、'.join(exc.suggestions)}" if exc.suggestions else ""
            return f"单位名录中没有单位 {raw!r}{hint}"
        return f"{raw!r} 是包含 {len(found)} 个单位的单位组；每条记录应写一个单位"

    def reject(self, record: Record, field_name: str, reason: str) -> None:
        key = (record.source, record.line)
        if key not in self._rejected_keys:
            self._rejected_keys.add(key)
            self.rejected.append(Rejected(record.source, record.line, field_name, reason))

    def is_rejected(self, record: Record) -> bool:
        return (record.source, record.line) in self._rejected_keys

    def compute_due(
        self, start: date | datetime, period: Period, events: Sequence[Any] = ()
    ) -> Due:
        return compute_due(
            start, period, calendar=self.calendar, events=events, provisional=self.provisional
        )

    def deadline_status(self, due: date, done: date | None) -> Status:
        """Met when done by *due*; violated when late or overdue; at risk when due within the
        lead time (working days); else pending."""
        if done is not None:
            return Status.MET if done <= due else Status.VIOLATED
        if due < self.as_of:
            return Status.VIOLATED
        try:
            left = self.calendar.workdays_between(self.as_of, due, provisional=self.provisional)
        except CalendarNotPublished:
            left = (due - self.as_of).days
        return Status.AT_RISK if left <= self.lead_time else Status.PENDING
