"""Findings: what a rule concludes for one unit and one window or case, with its evidence."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from attrs import frozen

from govflow.plan.obligations import Citation, RuleVersion, Severity

__all__ = ["MAX_EVIDENCE", "Finding", "Status"]

MAX_EVIDENCE = 5


class Status(enum.Enum):
    MET = "met"
    VIOLATED = "violated"
    AT_RISK = "at_risk"
    PENDING = "pending"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return {
            "met": "达标",
            "violated": "违规",
            "at_risk": "临期",
            "pending": "未到期",
            "not_applicable": "不适用",
        }[self.value]


@frozen
class Finding:
    """The outcome of one rule for one unit and one window or case, with its evidence."""

    rule: str
    title: str
    area: str
    status: Status
    severity: Severity
    unit: str
    source: Citation
    due: date | None = None
    done: date | None = None
    """When the duty was done (a reply, a publication, the notice taken down for a posting
    period), if the rule knows it and it happened by the moment of checking: the month a late
    completion falls in is told from it (the monthly bulletin)."""
    window: tuple[date, date] | None = None
    case: str | None = None
    entity: str | None = None
    actual: int | None = None
    expected: int | None = None
    evidence: tuple[str, ...] = ()
    """``file:line`` of the rows behind the finding (the first few)."""
    evidence_count: int = 0
    explanation: str = ""
    trace: tuple[str, ...] = ()
    threshold: str = ""
    """Which threshold applied and where it comes from (the plan, or a plugin's default)."""
    action: str = ""
    """What the unit must do, in Chinese, for violations and risks."""
    version: RuleVersion | None = None
    """The version of a legal limit that judged the case (in force on its trigger date),
    when the rule has versions; :attr:`source` is its citation."""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "rule": self.rule,
            "title": self.title,
            "area": self.area,
            "status": self.status.value,
            "severity": self.severity.value,
            "unit": self.unit,
            "entity": self.entity,
            "case": self.case,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done.isoformat() if self.done else None,
            "window": [self.window[0].isoformat(), self.window[1].isoformat()]
            if self.window
            else None,
            "actual": self.actual,
            "expected": self.expected,
            "evidence": list(self.evidence),
            "evidence_count": self.evidence_count,
            "explanation": self.explanation,
            "trace": list(self.trace),
            "threshold": self.threshold,
            "action": self.action,
            "source": self.source.to_dict(),
        }
        if self.version is not None:  # only for versioned rules: other findings keep their form
            out["version"] = self.version.to_dict()
        return out
