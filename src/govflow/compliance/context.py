"""What every rule sees: the plan, the calendar, the moment of checking and the daily counters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from attrs import define, field

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.daily import DailyCounts
from govflow.compliance.findings import Status
from govflow.compliance.kinds import Record, Rejected
from govflow.periods.core import Due, Period, compute_due
from govflow.plan.model import Plan
from govflow.plan.units import UnitError

__all__ = ["Context", "DailyCounts"]


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
    _unit_reasons: dict[str, str] = field(factory=dict)
    _rejected_keys: set[tuple[str, int]] = field(factory=set)
    _dues: dict[tuple[Any, ...], Due] = field(factory=dict)

    @property
    def plan_end(self) -> date:
        """The last day of the plan's period, 31 December of its year: the windows, occurrences
        and monitoring points of its recurring duties end there (as its agenda does), since the
        next year's plan takes over.  Deadlines it sets later (次年1月31日前) and the cases its
        records started are still judged as of :attr:`as_of`."""
        return date(self.plan.year, 12, 31)

    def scratch(self) -> Context:
        """A fresh context on the same plan, calendar, moment and settings, with none of this
        one's rejections, counts or remembered answers: for an engine trying a record on a rule
        without the outcome counting."""
        return Context(
            plan=self.plan,
            calendar=self.calendar,
            as_of=self.as_of,
            start=self.start,
            lead_time=self.lead_time,
            provisional=self.provisional,
        )

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
            reason = self._unit_reasons.get(raw)
            if reason is None:  # the near names are looked up once per spelling, not per row
                reason = self._unit_reasons[raw] = self._unit_reason(raw)
            self.reject(record, "unit", reason)
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
        """:func:`~govflow.periods.core.compute_due` on this context's calendar, computed once per
        distinct (start, period, events): a ledger's cases share a few hundred trigger dates, and
        the result (a frozen value) depends on nothing else."""
        key = (type(start), start, period, tuple(events))
        due = self._dues.get(key)
        if due is None:
            due = compute_due(
                start, period, calendar=self.calendar, events=events, provisional=self.provisional
            )
            self._dues[key] = due
        return due

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
