"""The base classes of rules: :class:`Rule`, and :class:`ObligationRule` for a plan's obligations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, ClassVar

from govflow.compliance.context import Context
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Obligation, Severity

__all__ = ["ObligationRule", "Rule", "action_text", "as_day"]


class Rule:
    """Base class of rules.  Subclasses set the class attributes and override the methods."""

    id: str = ""
    title: str = ""
    area: str = ""
    severity: Severity = Severity.DEDUCT
    source: Citation = Citation("", "")
    consumes: ClassVar[frozenset[str]] = frozenset()
    """Record kinds given to :meth:`feed` one by one."""
    aggregates: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - read-only default
    """Record kinds whose daily counts the rule reads in :meth:`finish`, with the fields to
    group them by."""

    needs: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - read-only default
    """Per record kind in :attr:`consumes`, the fields the rule cannot judge a row without (the
    one that shows the duty done).  A file of that kind with no column for one of them, where
    the kind has it optional, is not given to the rule: the check lists the rule as not
    evaluated from that file, naming the column, rather than finding every row not done (see
    :func:`~govflow.compliance.check.run_check`)."""

    scope: frozenset[str] | None = None
    """The (canonical) units whose records of its kinds the rule checks; ``None``: every unit.
    A valid row no rule reading its kind covers is not applicable (counted, not evaluated)."""

    def wants(self, kind: str) -> bool:
        return kind in self.consumes

    def feed(self, record: Record, ctx: Context) -> None:  # pragma: no cover - default
        """Take one record of a kind in :attr:`consumes`."""

    def finish(self, ctx: Context) -> Iterable[Finding]:
        """The findings, once every record has been read."""
        return ()


class ObligationRule(Rule):
    """A rule checking one obligation of the plan: its id, title, area, severity and source."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        self.ob = ob
        self.id = ob.id
        self.title = ob.title
        self.area = ob.area
        self.severity = ob.severity
        self.source = ob.citation
        self.units = [u.name for u in plan.owner_units(ob)]
        self.scope = frozenset(self.units)
        self.threshold = (
            f"{ob.describe()}（依据：{ob.citation.cite()}"
            + ("" if ob.origin == "plan" else f"；{ob.origin}插件默认值")
            + "）"
        )

    def finding(self, status: Status, unit: str, **kw: Any) -> Finding:
        """A finding of this rule; *source* and *threshold* default to the obligation's (a
        versioned rule gives those of the version that judged the case)."""
        kw.setdefault("threshold", self.threshold)
        source = kw.pop("source", self.source)
        return Finding(self.id, self.title, self.area, status, self.severity, unit, source, **kw)


def action_text(
    status: Status,
    due: date,
    title: str,
    *,
    done: date | None = None,
    posting: str | None = None,
) -> str:
    """What the unit must do, by status: nothing, finish by the date, or put right a lapse.

    A lapse already put right is not told to 「立即完成」: *done* (the late completion) asks for
    the reason only; *posting* (the minimum posting period, 「30日」) says a notice taken down too
    early is posted again, since a short posting cannot be finished late.
    """
    if status is Status.MET:
        return ""
    if status is Status.VIOLATED:
        if posting is not None:
            return f"公告期不足{posting}（应公示至 {due}），须重新公告"
        if done is not None:
            return f"逾期办结（期限 {due}，{done} 完成），须说明逾期原因"
        return f"已逾期（期限 {due}），须立即完成{title}并说明逾期原因"
    return f"于{due}前完成{title}"


def as_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None
