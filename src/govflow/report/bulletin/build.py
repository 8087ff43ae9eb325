"""Building the bulletin's sections from a check (see :mod:`govflow.report.bulletin.model`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TypeVar

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.check import CheckResult
from govflow.compliance.rules import Finding, Rule, Status, matches
from govflow.plan.model import Plan
from govflow.plan.obligations import Evidence, Quota, Window
from govflow.report.bulletin.issues import BulletinSettings, escalations, month_issues
from govflow.report.bulletin.model import (
    Account,
    BulletinData,
    Case,
    CaseKind,
    FileRow,
    QuotaInfo,
    RowNote,
    Shortfall,
    UnitPosts,
)
from govflow.report.bulletin.runner import (
    BulletinError,
    BulletinTracker,
    day_of,
    month_bounds,
    tracker_of,
)

__all__ = ["build"]

BOTTOM = 5
_PROBLEMS = (Status.VIOLATED, Status.AT_RISK)

B = TypeVar("B", bound=BulletinData)


def build(
    result: CheckResult,
    month: date,
    cls: type[B],
    *,
    calendar: WorkCalendar | None = None,
    settings: BulletinSettings | None = None,
    issued: date | None = None,
) -> B:
    """The bulletin of *month* from a check run by
    :func:`~govflow.report.bulletin.runner.bulletin_check`; *issued* (default: the first
    working day after the check's moment) starts the 整改 period of *settings*."""
    first, last = month_bounds(month)
    as_of = result.as_of
    if as_of < first:
        raise BulletinError(
            f"检查截至 {as_of.isoformat()}，早于通报月份 {first.year}年{first.month}月"
        )
    tracker = tracker_of(result)
    plan = result.plan
    quotas = _post_quotas(plan)
    monthly = [q for q in quotas if q.window is Window.MONTH]
    total_q = next((q for q in monthly if not q.where), None)
    others = tuple(q for q in monthly if q is not total_q)
    weekly_q = next((q for q in quotas if q.window is Window.WEEK), None)
    weeks = _weeks(first, as_of)
    posts_given = any(f.kind == "post" for f in result.files)
    units = _unit_posts(result, plan, first, as_of, weeks, total_q, weekly_q, others)
    if not posts_given:
        units = ()
    pool = [p for p in units if p.assessed] or list(units)
    rank = {p.unit: i for i, p in enumerate(units)}
    bottom = tuple(sorted(pool, key=lambda p: (p.total, rank[p.unit]))[:BOTTOM])
    # only violations and risks make a bulletin's issues: a big ledger's met cases are not made
    problems = result.findings.with_status(*_PROBLEMS)
    shortfalls = _shortfalls(
        problems, [q for q in (weekly_q, total_q, *others) if q], rank, first, as_of
    )
    case_kinds, cases = _cases(result, tracker, first, as_of)
    order = {u.name: i for i, u in enumerate(plan.directory.units)}
    accounts, seen = _stale_entities(result, tracker, first, as_of, order)
    settings = settings or BulletinSettings()

    def rank_of(unit: str) -> int:
        return min((order.get(u, len(order)) for u in unit.split("、")), default=len(order))

    issues = month_issues(problems, first, as_of, _done_reader(result), rank_of)
    steps = escalations(problems, issues, first, settings, rank_of)
    cal = calendar or WorkCalendar.default()
    try:
        issued = issued or cal.next_workday(as_of)
        rectify_by = cal.add_workdays(issued, settings.rectify_days)
        review_on = cal.add_workdays(rectify_by, settings.review_days)
    except CalendarNotPublished:  # next year's notice not out yet: estimate from the law
        issued = issued or cal.next_workday(as_of, provisional=True)
        rectify_by = cal.add_workdays(issued, settings.rectify_days, provisional=True)
        review_on = cal.add_workdays(rectify_by, settings.review_days, provisional=True)
    files = tuple(
        FileRow(s.source, s.kind, s.read, s.evaluated, s.rejected, s.not_applicable, s.set_aside)
        for s in result.files
    )
    return cls(
        plan_id=plan.id,
        plan_title=plan.title,
        plan_number=plan.number,
        month=first,
        month_end=last,
        as_of=as_of,
        start=result.start,
        calendar_version=result.calendar_version,
        monthly_quota=total_q,
        weekly_quota=weekly_q,
        other_quotas=others,
        weeks=tuple(weeks),
        units=units,
        bottom=bottom,
        shortfalls=tuple(shortfalls),
        cases=tuple(cases),
        case_kinds=tuple(case_kinds),
        accounts=tuple(accounts),
        files=files,
        rejected=len(result.rejected),
        posts_given=posts_given,
        accounts_seen=seen,
        issues=tuple(issues),
        escalations=tuple(steps),
        rejected_rows=tuple(RowNote(r.source, r.line, r.field, r.reason) for r in result.rejected),
        set_aside_rows=tuple(RowNote(r.source, r.line, "", r.reason) for r in result.set_aside),
        issued=issued,
        rectify_by=rectify_by,
        review_on=review_on,
        settings=settings,
    )


def _done_reader(result: CheckResult) -> Callable[[Finding], tuple[date | None, bool]]:
    """When a finding's duty was done — the rule's own :attr:`Finding.done` — and whether that
    is the end of a minimum posting period (the notice taken down) rather than the duty done."""
    ends = {
        r.id
        for r in (*result.rules, *result.skipped_rules)
        if isinstance(evidence := getattr(r, "evidence", None), Evidence)
        and evidence.ends
        and not evidence.done
    }

    def done_of(f: Finding) -> tuple[date | None, bool]:
        return f.done, f.done is not None and f.rule in ends

    return done_of


def _post_quotas(plan: Plan) -> list[QuotaInfo]:
    out = []
    for ob in plan.obligations():
        rule = ob.rule
        if isinstance(rule, Quota) and rule.counts == "post":
            out.append(
                QuotaInfo(
                    ob.id,
                    ob.title,
                    rule.minimum,
                    rule.window,
                    dict(rule.where),
                    ob.describe(),
                    ob.citation.cite(),
                    tuple(u.name for u in plan.owner_units(ob)),
                )
            )
    return out


def _weeks(first: date, as_of: date) -> list[tuple[date, date]]:
    """The natural weeks (Monday to Sunday) that meet [first, as_of]."""
    out = []
    monday = first - timedelta(days=first.weekday())
    while monday <= as_of:
        out.append((monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return out


def _unit_posts(
    result: CheckResult,
    plan: Plan,
    first: date,
    as_of: date,
    weeks: Sequence[tuple[date, date]],
    total_q: QuotaInfo | None,
    weekly_q: QuotaInfo | None,
    others: Sequence[QuotaInfo],
) -> tuple[UnitPosts, ...]:
    """Posts per unit from the engine's daily counts: the month, the other monthly quotas, the
    weeks of the weekly quota; assessed units first (directory order), then any other."""
    order = {u.name: i for i, u in enumerate(plan.directory.units)}
    week0 = weeks[0][0].toordinal()
    lo, hi = first.toordinal(), month_bounds(first)[1].toordinal()
    cut = as_of.toordinal()
    totals: dict[str, int] = {}
    per_quota: dict[str, list[int]] = {}
    per_week: dict[str, list[int]] = {}
    daily = result.daily.get("post")
    if daily is not None:
        for unit, day, values, count, _ref in daily.rows():
            if day > cut:
                continue
            if lo <= day <= hi:
                totals[unit] = totals.get(unit, 0) + count
                row = per_quota.setdefault(unit, [0] * len(others))
                for i, q in enumerate(others):
                    if matches("post", q.where, values):
                        row[i] += count
            if weekly_q is not None and day >= week0:
                index = (day - week0) // 7
                if index < len(weeks) and matches("post", weekly_q.where, values):
                    per_week.setdefault(unit, [0] * len(weeks))[index] += count
    assessed = list(total_q.units) if total_q else []
    weekly_units = set(weekly_q.units) if weekly_q else set()
    names = list(assessed)
    names += [u for u in (weekly_q.units if weekly_q else ()) if u not in names]
    names += sorted(
        (u for u in {*totals, *per_week} if u not in names),
        key=lambda u: (order.get(u, len(order)), u),
    )
    assessed_set = set(assessed)
    return tuple(
        UnitPosts(
            u,
            totals.get(u, 0),
            tuple(per_quota.get(u, [0] * len(others))),
            tuple(per_week.get(u, [0] * len(weeks))),
            u in assessed_set,
            u in weekly_units,
        )
        for u in names
    )


def _shortfalls(
    findings: Iterable[Finding],
    quotas: Sequence[QuotaInfo],
    rank: Mapping[str, int],
    first: date,
    as_of: date,
) -> list[Shortfall]:
    order = {q.rule: i for i, q in enumerate(quotas)}
    out = []
    for f in findings:
        if f.rule not in order or f.status not in _PROBLEMS:
            continue
        if f.window is None or f.window[0] > as_of or f.window[1] < first:
            continue
        out.append(
            Shortfall(
                f.unit,
                f.rule,
                f.title,
                f.window,
                f.actual or 0,
                f.expected or 0,
                f.status,
                f.action,
                f.explanation,
            )
        )
    out.sort(key=lambda s: (rank.get(s.unit, len(rank)), s.unit, order[s.rule], s.window))
    return out


def _reads(rule: Rule) -> set[str]:
    return {*rule.consumes, *rule.aggregates}


def _cases(
    result: CheckResult, tracker: BulletinTracker, first: date, as_of: date
) -> tuple[list[CaseKind], list[Case]]:
    """The case kinds the check's rules read, and this month's overdue and at-risk cases."""
    case_kinds = [k for k, info in tracker.kinds.items() if info.cases]
    kind_of: dict[str, str] = {}
    read: set[str] = set()
    for r in (*result.rules, *result.skipped_rules):
        if isinstance(r, BulletinTracker):
            continue
        kind = next((k for k in case_kinds if k in _reads(r)), None)
        if kind is not None:
            read.add(kind)
            kind_of[r.id] = kind
    out = []
    for f in result.findings.with_status(*_PROBLEMS):
        kind = kind_of.get(f.rule)
        if kind is None or f.due is None:
            continue
        completed = f.done
        if completed is not None and completed > as_of:
            completed = None  # not known at the moment of the bulletin
        if (
            f.status is Status.VIOLATED
            and completed is not None
            and completed < first
            and f.due < first
        ):
            continue  # answered late before this month: reported then
        overdue = None
        if f.status is Status.VIOLATED:
            overdue = ((completed or as_of) - f.due).days
        out.append(
            Case(
                kind,
                tracker.kinds[kind].label,
                f.unit,
                f.case or (f.evidence[0] if f.evidence else ""),
                f.rule,
                f.title,
                f.status,
                f.due,
                completed,
                overdue,
                f.explanation,
                f.action,
                f.evidence,
                f.severity,
            )
        )
    out.sort(
        key=lambda c: (
            c.status is not Status.VIOLATED,
            c.done is not None,
            c.due,
            c.kind,
            c.unit,
            c.case,
        )
    )
    given = {f.kind for f in result.files}
    kinds = [
        CaseKind(k, tracker.kinds[k].label, k in given)
        for k in case_kinds
        if k in read or any(c.kind == k for c in out)
    ]
    return kinds, out


def _meets(f: Finding, first: date, as_of: date) -> bool:
    """A violation of an entity, a stretch without updates from its due date, that meets the
    month up to the moment (still running, or ended within the month)."""
    return (
        f.status is Status.VIOLATED
        and _is_lookback(f)
        and f.window is not None
        and f.window[0] <= as_of
        and f.window[1] >= first
    )


def _is_lookback(f: Finding) -> bool:
    """A finding of a rule that watches entities one by one: a violation of an entity that
    began on its due date (a stretch without updates), or an entity met over the whole check."""
    if not f.entity or f.case is not None:
        return False
    if f.status is Status.VIOLATED:
        return f.window is not None and f.due == f.window[0]
    return f.status is Status.MET and f.window is None


def _stale_entities(
    result: CheckResult,
    tracker: BulletinTracker,
    first: date,
    as_of: date,
    order: Mapping[str, int],
) -> tuple[list[Account], int]:
    """The entities not updated in the month — each stretch without updates that meets it, still
    running at the moment or ended — and how many entities the rules that monitor entities one
    by one saw."""
    rules = {r.id: r for r in result.rules}
    running: dict[tuple[str, str, str, date], list[Finding]] = {}
    for f in result.findings:
        if _meets(f, first, as_of):
            assert f.window is not None
            running.setdefault((f.rule, f.entity or "", f.unit, f.window[0]), []).append(f)
    monitoring = {f.rule for f in result.findings if _is_lookback(f)}
    seen = {f.entity for f in result.findings if f.rule in monitoring and _is_lookback(f)}
    out = []
    for (rule_id, entity, _unit, _since), found in running.items():
        f = min(found, key=lambda x: x.window[0] if x.window else as_of)
        since = f.window[0] if f.window else as_of
        rule = rules.get(rule_id)
        last: tuple[date, str, str] | None = None
        units = {u for x in found for u in x.unit.split("、")}  # a shared duty names several
        for kind in sorted(_reads(rule)) if rule is not None else ():
            for unit in units:
                got = tracker.last.get((kind, unit, entity))
                day = day_of(got[0]) if got else None
                # a later record with the same value is another entity's (another platform's)
                if got and day is not None and day < since and (last is None or day > last[0]):
                    last = (day, got[1], got[2])
        owners = sorted(units, key=lambda u: (order.get(u, len(order)), u))
        ended = f.window[1] if f.window and f.window[1] < as_of else None
        out.append(
            Account(
                entity,
                tuple(owners),
                last[0] if last else None,
                (as_of - last[0]).days if last and ended is None else None,
                since,
                last[1] if last else "",
                last[2] if last else "",
                f.action or f"立即更新{entity}，此后按“{f.title}”的要求保持更新",
                rule_id,
                f.title,
                f.area,
                f.explanation,
                ended,
                f.severity,
            )
        )
    out.sort(
        key=lambda a: (
            a.area,
            a.title,
            a.ended is not None,
            a.silent_days is None,
            -(a.silent_days or 0),
            a.site,
            a.stale_since,
        )
    )
    return out, len(seen)
