"""Reminders: the clocks of open cases that are overdue, due today, or due within N working days.

Each reminder is one clock (one rule's deadline on one case), with the action its finding names
and the rule's legal basis.  Closed cases are not reminded of (closing is the office's decision;
``check`` still judges their records).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from attrs import frozen

from govflow.calendar.workcalendar import WorkCalendar
from govflow.cases.judge import CaseStatus, CaseView
from govflow.cases.model import Case
from govflow.compliance.findings import Finding

__all__ = ["Bucket", "Reminder", "horizon", "remind_document", "reminders"]


class Bucket(enum.Enum):
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"

    def label(self, within: int) -> str:
        if self is Bucket.OVERDUE:
            return "已逾期"
        if self is Bucket.TODAY:
            return "今日到期"
        return f"{within}个工作日内到期"


@frozen
class Reminder:
    bucket: Bucket
    case: Case
    clock: Finding
    as_of: date

    @property
    def unit(self) -> str:
        return self.case.unit

    @property
    def due(self) -> date:
        assert self.clock.due is not None
        return self.clock.due

    def to_dict(self, within: int) -> dict[str, Any]:
        f = self.clock
        return {
            "bucket": self.bucket.value,
            "bucket_label": self.bucket.label(within),
            "case": self.case.id,
            "kind": self.case.kind.name,
            "unit": self.unit,
            "rule": f.rule,
            "title": f.title,
            "due": self.due.isoformat(),
            "days_overdue": (self.as_of - self.due).days if self.bucket is Bucket.OVERDUE else 0,
            "action": f.action,
            "basis": f.source.cite(),
            "threshold": f.threshold,
            "explanation": f.explanation,
        }


def horizon(calendar: WorkCalendar, as_of: date, within: int, *, provisional: bool) -> date:
    """The last day of the next *within* working days after *as_of* (*as_of* itself when 0)."""
    if within == 0:
        return as_of
    return calendar.add_workdays(as_of, within, provisional=provisional)


def reminders(views: Iterable[CaseView], as_of: date, last: date) -> list[Reminder]:
    """The reminders of *views* as of *as_of*, for clocks due by *last*: overdue first, then
    due today, then soon; within each by unit, due date and case."""
    out: list[Reminder] = []
    for v in views:
        if v.status is CaseStatus.CLOSED:
            continue
        for f in v.open_clocks:
            assert f.due is not None
            if f.due < as_of:
                bucket = Bucket.OVERDUE
            elif f.due == as_of:
                bucket = Bucket.TODAY
            elif f.due <= last:
                bucket = Bucket.SOON
            else:
                continue
            out.append(Reminder(bucket, v.case, f, as_of))
    order = list(Bucket)
    out.sort(key=lambda r: (order.index(r.bucket), r.unit, r.due, r.case.id, r.clock.rule))
    return out


def remind_document(
    rems: Sequence[Reminder], unjudged: Sequence[CaseView], as_of: date, within: int, last: date
) -> dict[str, Any]:
    """The reminders as JSON (``govflow remind --format json``), the cases that could not be
    judged listed with their reason."""
    return {
        "as_of": as_of.isoformat(),
        "within": within,
        "until": last.isoformat(),
        "reminders": [r.to_dict(within) for r in rems],
        "unjudged": [
            {"case": v.case.id, "unit": v.case.unit, "reason": v.reason} for v in unjudged
        ],
    }
