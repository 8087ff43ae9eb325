"""审计整改结果 (FIN-06): task 4 of the Yudu plan, 「推进被审计单位依法公开审计机关对外公告或披露问题的
整改结果」.

《中华人民共和国审计法》(2021) 第五十二条: the audited unit 「按照规定时间整改…并按照规定向社会公布」.  The
law gives no number: the time is the one the audit decision (审计决定书) set.  So the due date is
not computed: it is the record's own ``due`` (整改期限), and a row of a rectification result without
it is rejected, saying so, rather than judged by a guessed period.

:class:`AuditRectificationRule` reads ``disclosure`` rows of kind 审计整改结果 (or 审计整改): the
result published (``published``) on or before the 整改期限 is met; published later, or not yet
published when the 整改期限 has passed, is a violation; otherwise the case is pending or at risk
as any deadline.  A disclosure file without a 整改期限 column is not judged by the rule (its
``needs``): the check lists it as not evaluated from that file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from attrs import frozen

from govflow.compliance.base import Rule, action_text
from govflow.compliance.context import Context
from govflow.compliance.findings import Finding
from govflow.compliance.kinds import Record
from govflow.plan.obligations import Citation, Severity

__all__ = ["AUDIT", "AUDIT_KINDS", "AuditRectificationRule"]

AUDIT = Citation(
    document="《中华人民共和国审计法》（2021年修正）",
    clause="第五十二条",
    text="按照规定时间整改…并按照规定向社会公布",
    source_id="FIN-06",
    grade="P",
)
#: The ``kind`` values of a rectification result's disclosure row.
AUDIT_KINDS = frozenset({"审计整改结果", "审计整改"})


@frozen
class _Case:
    unit: str
    case: str
    ref: str
    due: date
    done: date | None


class DecisionDeadlineRule(Rule):
    """A duty due on the date an audit decision set (a record's ``due``): each case done by it,
    or late, or still open, as any deadline.  Subclasses name the duty and read the rows."""

    duty = ""
    """What is due, for the action text (「整改结果公开」)."""
    threshold = ""
    """Which threshold applies and where it comes from, for every finding."""

    def __init__(self) -> None:
        self.cases: list[_Case] = []

    def add(self, record: Record, unit: str, done: date | None) -> None:
        case = str(record.data.get("id") or record.ref)
        self.cases.append(_Case(unit, case, record.ref, record.data["due"], done))

    def told(self, done: date | None) -> str:
        """The case's state in a few words (「整改结果 2023-10-20 公开」)."""
        raise NotImplementedError

    def finish(self, ctx: Context) -> Iterable[Finding]:
        for c in self.cases:
            # done after the moment of checking: not yet known then
            done = c.done if c.done is not None and c.done <= ctx.as_of else None
            status = ctx.deadline_status(c.due, done)
            yield Finding(
                self.id,
                self.title,
                self.area,
                status,
                self.severity,
                c.unit,
                self.source,
                due=c.due,
                done=done,
                case=c.case,
                evidence=(c.ref,),
                evidence_count=1,
                threshold=self.threshold,
                explanation=f"审计决定确定的整改期限 {c.due}；{self.told(done)}",
                action=action_text(status, c.due, self.duty, done=done),
            )


class AuditRectificationRule(DecisionDeadlineRule):
    """Each rectification result published by its 整改期限 (see the module)."""

    consumes = frozenset({"disclosure", "rectification"})
    needs = {"disclosure": ("due",)}  # noqa: RUF012 - read-only

    def __init__(self, *, area: str) -> None:
        self.id = "finance.audit-rectification"
        self.title = "被审计单位按审计决定确定的整改期限公开整改结果"
        self.area = area
        self.source = AUDIT
        self.severity = Severity.DEDUCT
        self.threshold = (
            f"审计决定书确定的整改期限内公开整改结果（依据：{AUDIT.cite()}；法律未定期限，"
            "以记录中的整改期限为准）"
        )
        self.duty = "整改结果公开"
        super().__init__()

    def feed(self, record: Record, ctx: Context) -> None:
        if record.kind == "rectification":  # an item with its 整改期限, published or not yet
            unit = ctx.unit_of(record)
            if unit is not None:
                self.add(record, unit, record.data.get("published"))
            return
        if record.data.get("kind") not in AUDIT_KINDS:
            return
        unit = ctx.unit_of(record)
        if unit is None:
            return
        if record.data.get("due") is None:
            ctx.reject(
                record,
                "due",
                "审计整改结果应填写整改期限（审计决定书确定的期限）：审计法第五十二条未定期限，"
                "govflow 不推测",
            )
            return
        self.add(record, unit, record.data["published"])

    def told(self, done: date | None) -> str:
        return f"整改结果 {done} 公开" if done else "整改结果尚未公开"
