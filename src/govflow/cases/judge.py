"""A case's deadline, status and trace: its record checked by the rules ``govflow check`` runs.

One source of truth: :class:`CaseJudge` writes each case's record (:meth:`Case.record_data`)
and feeds it to the same rules, on the same calendar, as a ledger row of that record would be
fed; the findings about the case are its clocks.  A case exported as a ledger and checked gives
the same findings (``plugins/response/tests/test_response_cases.py``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from attrs import frozen

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.cases.ledger import record_of
from govflow.cases.model import Case
from govflow.compliance.base import Rule
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record, RecordKind
from govflow.compliance.triggered import calendar_reason
from govflow.plan.model import Plan
from govflow.text.dates import DateRangeError

__all__ = ["SOURCE", "CaseJudge", "CaseStatus", "CaseView"]

SOURCE = "案件库"
"""The source named in a case's findings (``案件库:1``), where a ledger would name its file."""


class CaseStatus(enum.Enum):
    """Where a case stands, from its clocks (its findings)."""

    OVERDUE = "overdue"
    OPEN = "open"
    SUSPENDED = "suspended"
    DONE_LATE = "done-late"
    DONE = "done"
    CLOSED = "closed"
    UNTRACKED = "untracked"
    UNJUDGED = "unjudged"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    CaseStatus.OVERDUE: "已逾期",
    CaseStatus.OPEN: "办理中",
    CaseStatus.SUSPENDED: "暂停计时",
    CaseStatus.DONE_LATE: "逾期办结",
    CaseStatus.DONE: "已办结",
    CaseStatus.CLOSED: "已结案",
    CaseStatus.UNTRACKED: "无期限规则",
    CaseStatus.UNJUDGED: "无法计算",
}


@frozen
class CaseView:
    """A case as of a day: its status, its next (or missed) deadline, and its clocks."""

    case: Case
    as_of: date
    status: CaseStatus
    due: date | None
    findings: tuple[Finding, ...]
    reason: str = ""
    """Why the case could not be judged (:attr:`CaseStatus.UNJUDGED`): an unpublished year."""
    reason_field: str = ""
    """The record field the reason is about (as a ledger row's rejection names it)."""

    @property
    def open_clocks(self) -> list[Finding]:
        """The clocks still running or missed without the duty done: what a reminder lists."""
        return [
            f
            for f in self.findings
            if f.due is not None
            and f.done is None
            and f.status in (Status.PENDING, Status.AT_RISK, Status.VIOLATED)
        ]

    def to_dict(self) -> dict[str, Any]:
        c = self.case
        return {
            "id": c.id,
            "kind": c.kind.name,
            "unit": c.unit,
            "as_of": self.as_of.isoformat(),
            "status": self.status.value,
            "status_label": self.status.label,
            "due": self.due.isoformat() if self.due else None,
            "reason": self.reason or None,
            "fields": {k: _plain(v) for k, v in c.fields.items()},
            "clocks": [f.to_dict() for f in self.findings],
            "events": [e.to_dict() for e in c.events],
        }

    def summary(self) -> dict[str, Any]:
        """:meth:`to_dict` without the clocks and events: a line of a list of cases."""
        return {k: v for k, v in self.to_dict().items() if k not in ("events", "clocks")}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


class CaseJudge:
    """Judges cases as of a day with *plan*'s rules: ``rules()`` gives fresh rule instances
    (the plan's obligation rules and the plugins' rules, as ``check`` builds them)."""

    def __init__(
        self,
        plan: Plan,
        calendar: WorkCalendar,
        kinds: Mapping[str, RecordKind],
        rules: Callable[[], Iterable[Rule]],
        *,
        provisional: bool = False,
        lead_time: int = 3,
    ) -> None:
        self.plan = plan
        self.calendar = calendar
        self.kinds = kinds
        self.rules = rules
        self.provisional = provisional
        self.lead_time = lead_time

    def records(self, cases: Sequence[Case]) -> list[Record]:
        """The record of each case, numbered as lines of :data:`SOURCE` from 1."""
        return [
            Record(c.kind.record_kind, SOURCE, i, record_of(c, self.kinds[c.kind.record_kind]))
            for i, c in enumerate(cases, start=1)
        ]

    def judge(
        self, cases: Sequence[Case], as_of: date, *, provisional: bool | None = None
    ) -> list[CaseView]:
        """Each case's view as of *as_of* (in the order given)."""
        estimate = self.provisional if provisional is None else provisional
        ctx = Context(
            plan=self.plan,
            calendar=self.calendar,
            as_of=as_of,
            start=self.plan.issued,
            lead_time=self.lead_time,
            provisional=estimate,
        )
        records = self.records(cases)
        reasons: dict[int, tuple[str, str]] = {}  # line -> (field, reason)
        by_kind: dict[str, list[Record]] = {}
        for r in records:
            broken = self.kinds[r.kind].out_of_order(r.data)
            if broken is not None:
                reasons[r.line] = broken
            else:
                by_kind.setdefault(r.kind, []).append(r)
        rules = list(self.rules())
        findings: dict[str, list[Finding]] = {}
        for kind, rows in by_kind.items():
            # per-case rules only: a rule counting rows in windows judges a ledger, not a case
            feeders = [r for r in rules if r.wants(kind) and not r.aggregates]
            for record in rows:
                for rule in feeders:
                    try:
                        rule.feed(record, ctx)
                    except CalendarNotPublished as exc:
                        ctx.reject(record, "", calendar_reason(exc))
                    except DateRangeError as exc:
                        ctx.reject(record, "", str(exc))
            for rule in feeders:
                for f in rule.finish(ctx):
                    if f.case is not None:
                        findings.setdefault(f.case, []).append(f)
        for rej in ctx.rejected:
            reasons.setdefault(rej.line, (rej.field, rej.reason))
        views = []
        for i, c in enumerate(cases, start=1):
            mine = tuple(findings.get(c.id, ()))
            views.append(_view(c, as_of, mine, *reasons.get(i, ("", ""))))
        return views

    def judge_one(self, case: Case, as_of: date) -> CaseView:
        return self.judge([case], as_of)[0]


def _view(
    case: Case, as_of: date, findings: tuple[Finding, ...], field: str, reason: str
) -> CaseView:
    ordered = tuple(sorted(findings, key=lambda f: (f.due or date.max, f.rule)))
    if reason:
        return CaseView(case, as_of, CaseStatus.UNJUDGED, None, ordered, reason, field)
    running = [
        f for f in ordered if f.done is None and f.status in (Status.PENDING, Status.AT_RISK)
    ]
    missed = [f for f in ordered if f.done is None and f.status is Status.VIOLATED]
    late = [f for f in ordered if f.done is not None and f.status is Status.VIOLATED]
    met = [f for f in ordered if f.status is Status.MET]
    if case.closed:
        status = CaseStatus.CLOSED
        due = None
    elif missed:
        status, due = CaseStatus.OVERDUE, missed[0].due
    elif running:
        status, due = CaseStatus.OPEN, running[0].due
    elif any(f.status is Status.NOT_APPLICABLE for f in ordered):
        # a clock stopped (待补正: it counts afresh from the corrected request)
        status, due = CaseStatus.SUSPENDED, None
    elif late:
        status, due = CaseStatus.DONE_LATE, late[0].due
    elif met:
        status, due = CaseStatus.DONE, met[0].due
    else:
        status, due = _without_clock(case), None
    return CaseView(case, as_of, status, due, ordered)


def _without_clock(case: Case) -> CaseStatus:
    """A case no rule put a clock on: done when its duty ended (视为放弃申请), else untracked."""
    ended = any(case.kind.event(e.type).ends for e in case.effective())
    return CaseStatus.DONE if ended else CaseStatus.UNTRACKED
