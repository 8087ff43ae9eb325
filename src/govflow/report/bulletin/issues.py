"""The month's problems, one list: every violation and risk of the check that concerns the month.

The bulletin once picked its findings section by section, each by a shape of its own (post
quotas, cases of kinds with an id, entity lapses still running at the moment) and so dropped
every finding of another shape: a new-media lapse that ended before the month's end, a
disclosure published late, a schedule missed.  :func:`month_issues` selects from *all* the
check's findings with one rule, :func:`concerns_month`, so that the bulletin and
``govflow check --as-of <the month's last day>`` agree:

* a finding at risk at the moment is listed;
* a violation with a window (a quota's week or month, an entity's stretch without updates) is
  listed when its window meets the month;
* a violation of a deadline is listed when its due date falls in the month, or falls before it
  and the duty was not yet done when the month began (done late in the month, or still open).

:func:`escalations` reads the months before from the same check (it runs from the plan's issue
date, so the records of those months are the ones given): a unit that lapsed in consecutive
months is named for 通报批评, after more for 约谈 (the plan's 「对工作落实不到位的单位予以通报批评或约谈
整改」); the thresholds are :class:`BulletinSettings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

import attrs
from attrs import frozen

from govflow.compliance.rules import Finding, Status
from govflow.plan.obligations import Severity
from govflow.plan.settings import SettingError, positive_int

__all__ = [
    "BulletinSettings",
    "Escalation",
    "Issue",
    "concerns_month",
    "escalations",
    "month_issues",
]


@frozen
class BulletinSettings:
    """What the office decides, not the law: the 整改 period, the 复核 and the escalation steps.

    * *rectify_days*: 整改 within this many working days of the bulletin's issue date (default
      5, a common practice of county offices, not a statutory period);
    * *review_days*: the 复核 this many working days after the 整改 deadline (default 1: the next
      working day);
    * *criticise_after*: a unit with lapses in this many consecutive months (this one included)
      is named for 通报批评 (default 2);
    * *interview_after*: … and for 约谈 from this many (default 3).
    """

    rectify_days: int = attrs.field(default=5, validator=positive_int)
    review_days: int = attrs.field(default=1, validator=positive_int)
    criticise_after: int = attrs.field(default=2, validator=positive_int)
    interview_after: int = attrs.field(default=3, validator=positive_int)

    def __attrs_post_init__(self) -> None:
        if self.interview_after < self.criticise_after:
            raise SettingError.expected(
                "interview_after",
                f"不小于 criticise_after（{self.criticise_after}）的整数",
                self.interview_after,
            )


@frozen
class Issue:
    """One problem of the month: a check finding (violated or at risk) as the bulletin lists it."""

    unit: str
    rule: str
    title: str
    area: str
    status: Status
    severity: Severity
    subject: str
    """The case or entity the finding names (an application's number, an account), or ``""``."""
    window: tuple[date, date] | None
    due: date | None
    done: date | None
    """When the duty was done (the finding's :attr:`~govflow.compliance.findings.Finding.done`),
    if known by the moment of the bulletin."""
    state: str
    explanation: str
    action: str
    citation: str
    evidence: tuple[str, ...] = ()
    carried: bool = False
    """Due before the month and not done when it began."""

    @property
    def veto(self) -> bool:
        return self.status is Status.VIOLATED and self.severity is Severity.VETO

    @property
    def period(self) -> str:
        """期间 or 期限, as the tables show it."""
        if self.window is not None:
            return f"{self.window[0].isoformat()} 至 {self.window[1].isoformat()}"
        return self.due.isoformat() if self.due else ""


@frozen
class Escalation:
    """A unit with lapses in consecutive months, and the step the settings give it."""

    unit: str
    months: tuple[date, ...]
    """The consecutive months with lapses, ending with the bulletin's month (first days)."""
    step: str
    """通报批评 or 约谈."""


def concerns_month(f: Finding, first: date, as_of: date, done: date | None) -> bool:
    """Whether finding *f* belongs to the bulletin of the month from *first* (see the module)."""
    if f.status is Status.AT_RISK:
        return True
    if f.status is not Status.VIOLATED:
        return False
    if f.window is not None:
        return f.window[0] <= as_of and f.window[1] >= first
    if f.due is None:
        return True  # a violation with no date cannot be placed in another month
    if f.due >= first:
        return f.due <= as_of
    return done is None or done >= first


def _is_lapse_stretch(f: Finding) -> bool:
    """A violation of an entity watched one by one: a stretch without updates from its due."""
    return bool(f.entity) and f.case is None and f.window is not None and f.due == f.window[0]


def _state(f: Finding, as_of: date, done: date | None, ends: bool) -> str:
    if f.status is Status.AT_RISK:
        return "临期"
    if f.window is not None:
        if _is_lapse_stretch(f):
            return "仍未更新" if f.window[1] >= as_of else "期间未更新（已恢复）"
        return "未达标" if f.window[1] <= as_of else "未达标（进行中）"
    if done is not None:
        return f"公示至 {done.isoformat()}" if ends else f"逾期完成（{done.isoformat()}）"
    return "逾期未完成"


def month_issues(
    findings: Iterable[Finding],
    first: date,
    as_of: date,
    done_of: Callable[[Finding], tuple[date | None, bool]],
    order: Callable[[str], int],
) -> list[Issue]:
    """The findings of the month as issues, by unit (in *order*), violations first, then due.
    *done_of* gives a finding's completion and whether it is the end of a posting period (a
    notice taken down) rather than the duty done."""
    out = []
    for f in findings:
        done, ends = done_of(f)
        if done is not None and done > as_of:
            done = None  # not known at the moment of the bulletin
        if not concerns_month(f, first, as_of, done):
            continue
        out.append(
            Issue(
                f.unit,
                f.rule,
                f.title,
                f.area,
                f.status,
                f.severity,
                f.case or f.entity or "",
                f.window,
                f.due,
                done,
                _state(f, as_of, done, ends),
                f.explanation,
                f.action,
                f.source.cite(),
                f.evidence,
                f.status is Status.VIOLATED and f.due is not None and f.due < first,
            )
        )
    out.sort(
        key=lambda i: (
            order(i.unit),
            i.unit,
            i.status is not Status.VIOLATED,
            i.severity is not Severity.VETO,
            i.due or date.max,
            i.title,
            i.subject,
        )
    )
    return out


def _month_of(d: date) -> date:
    return d.replace(day=1)


def _previous(month: date) -> date:
    return _month_of(month - timedelta(days=1))


def lapse_months(findings: Iterable[Finding], issues: Iterable[Issue]) -> dict[str, set[date]]:
    """For each unit, the months it lapsed in: violations weighing in the assessment (扣分 or
    单项否决, not 提醒), by the month of their due date; and the bulletin's own month for its
    issues (a lapse carried into it counts there too).  A duty shared by several units counts
    for each."""
    out: dict[str, set[date]] = {}
    for f in findings:
        if f.status is Status.VIOLATED and f.severity is not Severity.REMINDER and f.due:
            for unit in f.unit.split("、"):
                out.setdefault(unit, set()).add(_month_of(f.due))
    for i in issues:
        if _lapse_this_month(i):
            for unit in i.unit.split("、"):
                out.setdefault(unit, set())
    return out


def _lapse_this_month(i: Issue) -> bool:
    """A lapse of the bulletin's own month: a violation weighing in the assessment, due in the
    month, or due before it and still not done (one done late in the month was the lapse of
    the month it was due in, not a second one); a stretch without updates that runs into the
    month is one of the month too (the entity was silent in it), ended or not."""
    return (
        i.status is Status.VIOLATED
        and i.severity is not Severity.REMINDER
        and (not i.carried or i.done is None or i.window is not None)
    )


def escalations(
    findings: Iterable[Finding],
    issues: Iterable[Issue],
    month: date,
    settings: BulletinSettings,
    order: Callable[[str], int],
) -> list[Escalation]:
    """The units to name for 通报批评 or 约谈: lapses in *settings*' numbers of consecutive
    months ending with *month* (which the unit must have lapsed in)."""
    issues = list(issues)
    months = lapse_months(findings, issues)
    this = {u for i in issues if _lapse_this_month(i) for u in i.unit.split("、")}
    out = []
    for unit in sorted(this, key=lambda u: (order(u), u)):
        run = [month]
        m = _previous(month)
        while m in months.get(unit, set()):
            run.append(m)
            m = _previous(m)
        if len(run) >= settings.interview_after:
            step = "约谈"
        elif len(run) >= settings.criticise_after:
            step = "通报批评"
        else:
            continue
        out.append(Escalation(unit, tuple(reversed(run)), step))
    return out
