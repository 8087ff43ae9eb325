"""The monthly bulletin (月度通报) a county 政务公开办 issues, built from a check.

:func:`bulletin_check` runs :func:`govflow.compliance.check.run_check` for one month (from the plan's
issue date to the month's last day, or an earlier moment) with one extra, internal rule
(:class:`BulletinTracker`) that has the engine group the daily post counts by account
(``site``, ``platform``) and notes each 政务新媒体 account's last post and each case's reply
date.  :meth:`Bulletin.from_check` turns the result into the bulletin's sections:

* posts per unit and in total for the month, and the bottom five units;
* the week-by-week count of the posts the weekly quota counts (the heat map);
* units below the weekly and monthly post quotas (the plan's quota findings);
* 政务新媒体 accounts not updated within the look-back (two weeks) as of the month's end;
* overdue and at-risk 依申请公开 applications and 网民留言 messages, with their due dates;
* for every problem, what the unit must do (the finding's action).

:meth:`Bulletin.to_markdown` and :meth:`Bulletin.to_html` render it in Simplified Chinese.  The
HTML page is one self-contained file (inline CSS and SVG, no scripts, fonts or other network
resources) that reads on a phone.  Text from records is untrusted: every string that reaches the
HTML is escaped with :func:`html.escape` (``quote=True``, attribute values and SVG ``<title>``
text included); Markdown escapes the characters that would break a table.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from attrs import frozen
from dateutil.relativedelta import relativedelta

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import BUILTIN_KINDS, Record, RecordKind
from govflow.compliance.rules import Context, Finding, Rule, Status, matches
from govflow.errors import InputError
from govflow.periods.core import Period, PeriodUnit
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Citation,
    Deadline,
    Evidence,
    Obligation,
    Quota,
    Severity,
    Window,
)
from govflow.report.render import md_escape

__all__ = [
    "NEW_MEDIA",
    "Account",
    "Bulletin",
    "BulletinError",
    "BulletinTracker",
    "Case",
    "FileRow",
    "QuotaInfo",
    "Shortfall",
    "UnitPosts",
    "bulletin_check",
    "month_bounds",
    "parse_month",
]

#: The ``platform`` value of posts on 政务新媒体 accounts (anything else is a website).
NEW_MEDIA = "政务新媒体"
#: The obligation whose period is the accounts' look-back (newmedia plugin, WEB-09).
ACCOUNT_RULE = "newmedia.account-update"
DEFAULT_LOOKBACK = Period(PeriodUnit.DAYS, 14, text="14日")
CASE_KINDS = ("application", "message")
BOTTOM = 5


class BulletinError(InputError):
    """The bulletin cannot be made as asked (a month before the plan, a moment before the
    month, a malformed month)."""

    label = "通报无法生成"


_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(text: str) -> date:
    """The first day of the month written ``YYYY-MM``; :class:`BulletinError` otherwise."""
    m = _MONTH_RE.match(text.strip())
    month = int(m.group(2)) if m else 0
    if m is None or not 1 <= month <= 12 or int(m.group(1)) < 1:
        raise BulletinError(f"--month: {text!r} is not a month; expected YYYY-MM such as 2023-09")
    return date(int(m.group(1)), month, 1)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of the month of *month*."""
    first = month.replace(day=1)
    return first, first + relativedelta(months=1) - timedelta(days=1)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


class BulletinTracker(Rule):
    """Internal rule: groups post counts by account and notes what the bulletin needs.

    It makes the engine keep the daily post counts by ``site`` and ``platform`` (the engine's
    counters, not a change to it), and remembers, as records stream past, each 政务新媒体
    account's last post (date, title, row) and each application's and message's reply date.
    Memory grows with the number of accounts and cases, not with the number of posts.  It
    yields no findings.
    """

    id = "bulletin.tracker"
    title = "月度通报数据汇总（内部）"
    area = "bulletin"
    severity = Severity.REMINDER
    source = Citation("月度通报", "")
    consumes: ClassVar[frozenset[str]] = frozenset({"post", *CASE_KINDS})
    aggregates: dict[str, tuple[str, ...]] = {"post": ("site", "platform")}  # noqa: RUF012

    def __init__(self) -> None:
        #: account -> (moment, title, row) of its last post up to the moment of checking
        self.last_post: dict[str, tuple[datetime | date, str, str]] = {}
        #: row -> the dates of an application or a message (reply, 补正 notice …)
        self.dates: dict[str, dict[str, date]] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        data = record.data
        if record.kind == "post":
            if data.get("platform") != NEW_MEDIA:
                return
            when = data.get("time")
            day = _day(when)
            if when is None or day is None or day > ctx.as_of:
                return
            site = str(data.get("site", ""))
            best = self.last_post.get(site)
            if best is None or _sort_key(when) >= _sort_key(best[0]):
                self.last_post[site] = (when, str(data.get("title", "")), record.ref)
            return
        days = {k: d for k, v in data.items() if (d := _day(v)) is not None}
        if days:
            self.dates[record.ref] = days


def _sort_key(value: datetime | date) -> tuple[date, float]:
    if isinstance(value, datetime):
        return value.date(), value.timestamp()
    return value, 0.0


def bulletin_check(
    plan: Plan,
    files: Sequence[str | Path],
    month: date,
    *,
    calendar: WorkCalendar,
    as_of: date | None = None,
    lead_time: int = 3,
    provisional: bool = False,
    kinds: Mapping[str, RecordKind] | None = None,
    extra_rules: Iterable[Rule] = (),
    kind_of: Mapping[str, str] | None = None,
) -> CheckResult:
    """Check *files* for the bulletin of *month*: from the plan's issue date to the month's
    last day (or *as_of* if earlier), with :class:`BulletinTracker` added.

    :class:`BulletinError` when the moment is before the month or the month ends before the plan was
    issued; :class:`~govflow.calendar.workcalendar.CalendarNotPublished` when a year the deadlines need has
    no holiday notice (unless *provisional*).
    """
    first, last = month_bounds(month)
    moment = min(last, as_of) if as_of is not None else last
    if moment < first:
        raise BulletinError(
            f"--as-of {moment.isoformat()} is before the month {first.year}-{first.month:02d}"
        )
    if last < plan.issued:
        raise BulletinError(
            f"the month {first.year}-{first.month:02d} ends before the plan "
            f"{plan.id} was issued ({plan.issued.isoformat()})"
        )
    if not provisional:
        missing = calendar.unknown_years(plan.issued - timedelta(days=1), moment)
        if missing:
            year = missing[0]
            raise CalendarNotPublished(
                year, max(first, date(year, 1, 1)) if year <= moment.year else moment
            )
    return run_check(
        plan,
        files,
        calendar=calendar,
        as_of=moment,
        start=plan.issued,
        lead_time=lead_time,
        provisional=provisional,
        kinds=kinds,
        extra_rules=[*extra_rules, BulletinTracker()],
        kind_of=kind_of,
    )


# ---------------------------------------------------------------------------------------------
# The bulletin's parts


@frozen
class QuotaInfo:
    """A post quota of the plan (每周至少2次更新, 每月不低于50条 …)."""

    rule: str
    title: str
    minimum: int
    window: Window
    where: dict[str, Any]
    text: str
    citation: str
    units: tuple[str, ...]


@frozen
class UnitPosts:
    """One unit's posts: in the month, per monthly quota, and per week for the weekly quota."""

    unit: str
    total: int
    quota_counts: tuple[int, ...]
    """Posts counted by each of :attr:`Bulletin.other_quotas` (原创 …), in the month."""
    weekly: tuple[int, ...]
    """Posts the weekly quota counts, per week of :attr:`Bulletin.weeks`."""
    assessed: bool
    """Whether the monthly total quota binds the unit."""
    weekly_assessed: bool


@frozen
class Shortfall:
    """A unit below a post quota in a window of the month (a quota finding)."""

    unit: str
    rule: str
    title: str
    window: tuple[date, date]
    actual: int
    expected: int
    status: Status
    action: str
    explanation: str


@frozen
class Case:
    """An overdue or at-risk application or message."""

    kind: str
    kind_label: str
    unit: str
    case: str
    rule: str
    title: str
    status: Status
    due: date
    done: date | None
    """When the case was completed (the rule's completion field: 答复日期, 补正告知日期 …), if
    by the bulletin's moment."""
    overdue_days: int | None
    """Natural days past the due date (to completion, or to the moment if still open)."""
    explanation: str
    action: str
    evidence: tuple[str, ...]
    severity: Severity

    @property
    def state(self) -> str:
        if self.status is Status.AT_RISK:
            return "临期未办结"
        return "超期未办结" if self.done is None else f"逾期办结（{self.done.isoformat()}）"


@frozen
class Account:
    """A 政务新媒体 account not updated within the look-back as of the bulletin's moment."""

    site: str
    units: tuple[str, ...]
    last_post: date
    silent_days: int
    stale_since: date
    """The first monitoring day at which the last update no longer counts."""
    last_title: str = ""
    last_ref: str = ""
    action: str = ""
    """What the unit must do: the staleness rule's action if one ran, else the bulletin's."""


@frozen
class FileRow:
    source: str
    kind: str
    read: int
    evaluated: int
    rejected: int


_ACCOUNT_ACTION = (
    "立即发布更新，此后保证两周内至少更新1次；确无力保障的，按程序关停整合并报备"
    "（谁开设、谁主管、谁负责）"
)


@frozen
class Bulletin:
    """The monthly bulletin: build with :meth:`from_check`, render with :meth:`to_markdown` or
    :meth:`to_html`."""

    plan_id: str
    plan_title: str
    plan_number: str
    month: date
    month_end: date
    as_of: date
    start: date
    calendar_version: str
    monthly_quota: QuotaInfo | None
    weekly_quota: QuotaInfo | None
    other_quotas: tuple[QuotaInfo, ...]
    weeks: tuple[tuple[date, date], ...]
    units: tuple[UnitPosts, ...]
    bottom: tuple[UnitPosts, ...]
    """The five assessed units with the fewest posts (ties in directory order)."""
    shortfalls: tuple[Shortfall, ...]
    cases: tuple[Case, ...]
    accounts: tuple[Account, ...]
    lookback: str
    files: tuple[FileRow, ...]
    rejected: int
    posts_given: bool
    accounts_seen: int

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def from_check(cls, result: CheckResult, month: date) -> Bulletin:
        """The bulletin of *month* from a check run by :func:`bulletin_check`."""
        first, last = month_bounds(month)
        as_of = result.as_of
        if as_of < first:
            raise ValueError(
                f"the check ran as of {as_of.isoformat()}, before the month "
                f"{first.year}-{first.month:02d}"
            )
        tracker = next((r for r in result.rules if isinstance(r, BulletinTracker)), None)
        if tracker is None:
            tracker = BulletinTracker()
            daily_post = result.daily.get("post")
            if daily_post is not None or any(s.kind in CASE_KINDS for s in result.files):
                raise ValueError(
                    "the check did not run the bulletin's tracker; use "
                    "govflow.report.bulletin.bulletin_check()"
                )
        plan = result.plan
        quotas = _post_quotas(plan)
        monthly = [q for q in quotas if q.window is Window.MONTH]
        total_q = next((q for q in monthly if not q.where), None)
        others = tuple(q for q in monthly if q is not total_q)
        weekly_q = next((q for q in quotas if q.window is Window.WEEK), None)

        order = {u.name: i for i, u in enumerate(plan.directory.units)}
        weeks = _weeks(first, as_of)
        week0 = weeks[0][0].toordinal()
        lo, hi, cut = first.toordinal(), last.toordinal(), as_of.toordinal()
        totals: dict[str, int] = {}
        per_quota: dict[str, list[int]] = {}
        per_week: dict[str, list[int]] = {}
        last_day: dict[str, int] = {}
        account_units: dict[str, set[str]] = {}
        daily = result.daily.get("post")
        if daily is not None:
            if not {"site", "platform"} <= set(daily.fields):
                raise ValueError(
                    "the post counts are not grouped by site and platform; use "
                    "govflow.report.bulletin.bulletin_check()"
                )
            for unit, day, values, count, _ref in daily.rows():
                if day > cut:
                    continue
                if values.get("platform") == NEW_MEDIA and values.get("site"):
                    site = str(values["site"])
                    if day > last_day.get(site, 0):
                        last_day[site] = day
                    account_units.setdefault(site, set()).add(unit)
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
        extra = sorted(
            (u for u in {*totals, *per_week} if u not in names),
            key=lambda u: (order.get(u, len(order)), u),
        )
        names += extra
        posts_given = any(f.kind == "post" for f in result.files)
        if not posts_given:
            names = []
        assessed_set = set(assessed)
        units = tuple(
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
        pool = [p for p in units if p.assessed] or list(units)
        rank = {p.unit: i for i, p in enumerate(units)}
        bottom = tuple(sorted(pool, key=lambda p: (p.total, rank[p.unit]))[:BOTTOM])

        shortfalls = _shortfalls(
            result.findings, [q for q in (weekly_q, total_q, *others) if q], rank, first, as_of
        )
        cases = _cases(result, tracker, first, as_of)
        lookback = _lookback(plan)
        actions = _account_actions(result.findings, as_of)
        accounts = []
        for site, day in last_day.items():
            when = date.fromordinal(day)
            stale = _first_stale(lookback, when)
            if as_of < stale:
                continue
            got = tracker.last_post.get(site)
            title, ref = (got[1], got[2]) if got and _day(got[0]) == when else ("", "")
            owners = tuple(
                sorted(account_units.get(site, ()), key=lambda u: (order.get(u, len(order)), u))
            )
            action = next(
                (actions[(u, site)] for u in owners if (u, site) in actions), _ACCOUNT_ACTION
            )
            accounts.append(
                Account(site, owners, when, (as_of - when).days, stale, title, ref, action)
            )
        accounts.sort(key=lambda a: (-a.silent_days, a.site))
        files = tuple(
            FileRow(s.source, s.kind, s.read, s.evaluated, s.rejected) for s in result.files
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
            accounts=tuple(accounts),
            lookback=lookback.label(),
            files=files,
            rejected=len(result.rejected),
            posts_given=posts_given,
            accounts_seen=len(last_day),
        )

    # -- figures -------------------------------------------------------------------------------

    @property
    def total_posts(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def month_label(self) -> str:
        return f"{self.month.year}年{self.month.month}月"

    @property
    def title(self) -> str:
        return f"{self.month_label}政务公开工作通报"

    @property
    def complete(self) -> bool:
        """Whether the data run to the month's last day."""
        return self.as_of >= self.month_end

    def meets_month(self, p: UnitPosts) -> bool | None:
        if self.monthly_quota is None or not p.assessed:
            return None
        return p.total >= self.monthly_quota.minimum

    def week_open(self, index: int) -> bool:
        """Whether week *index* had not ended at the bulletin's moment."""
        return self.weeks[index][1] > self.as_of

    def bottom_rank(self, p: UnitPosts) -> tuple[int, bool]:
        """*p*'s place counted from the bottom (equal totals share it), and whether shared."""
        pool = [u for u in self.units if u.assessed] or list(self.units)
        lower = sum(1 for u in pool if u.total < p.total)
        same = sum(1 for u in pool if u.total == p.total)
        return lower + 1, same > 1

    def bottom_ties_left_out(self) -> int:
        """Units with the same total as the last of the bottom five that the list leaves out."""
        if not self.bottom:
            return 0
        pool = [u for u in self.units if u.assessed] or list(self.units)
        listed = {u.unit for u in self.bottom}
        last = self.bottom[-1].total
        return sum(1 for u in pool if u.total == last and u.unit not in listed)

    def shortfall_groups(self) -> list[tuple[str, list[list[Shortfall]]]]:
        """The shortfalls by unit, then by quota: ``[(unit, [[items of a quota], …]), …]``."""
        units: dict[str, dict[str, list[Shortfall]]] = {}
        for s in self.shortfalls:
            units.setdefault(s.unit, {}).setdefault(s.rule, []).append(s)
        return [(unit, list(rules.values())) for unit, rules in units.items()]

    def overdue_cases(self) -> list[Case]:
        return [c for c in self.cases if c.status is Status.VIOLATED]

    def at_risk_cases(self) -> list[Case]:
        return [c for c in self.cases if c.status is Status.AT_RISK]

    def summary_items(self) -> list[tuple[str, str, bool]]:
        """(label, value, is a problem) for the headline figures."""
        mq = self.monthly_quota
        assessed = [u for u in self.units if u.assessed]
        below = [u for u in assessed if self.meets_month(u) is False]
        weekly_units = {
            s.unit
            for s in self.shortfalls
            if self.weekly_quota and s.rule == self.weekly_quota.rule and s.window[1] <= self.as_of
        }
        out = [
            ("本月发布信息", f"{self.total_posts} 条", False),
            ("参与统计单位", f"{len(self.units)} 个", False),
        ]
        if mq is not None:
            label = f"月度总量{'未' if self.complete else '暂未'}达{mq.minimum}条"
            out.append((label, f"{len(below)} 个单位", bool(below)))
        if self.weekly_quota is not None:
            out.append(("周更新未达标", f"{len(weekly_units)} 个单位", bool(weekly_units)))
        out += [
            (f"新媒体账号{self.lookback}未更新", f"{len(self.accounts)} 个", bool(self.accounts)),
            ("申请、留言超期", f"{len(self.overdue_cases())} 件", bool(self.overdue_cases())),
            ("申请、留言临期", f"{len(self.at_risk_cases())} 件", bool(self.at_risk_cases())),
            ("拒收记录", f"{self.rejected} 行", bool(self.rejected)),
        ]
        return out

    def period_text(self) -> str:
        return (
            f"统计期间：{self.month.isoformat()} 至 {self.month_end.isoformat()}；"
            f"数据截至 {self.as_of.isoformat()}" + ("" if self.complete else "（未到月末）")
        )

    # -- rendering -----------------------------------------------------------------------------

    def to_markdown(self) -> str:
        """The bulletin in Markdown (tables; record text escaped for tables)."""
        return _markdown(self)

    def to_html(self) -> str:
        """The bulletin as one self-contained HTML page with inline SVG charts."""
        return _html(self)


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


def _lookback(plan: Plan) -> Period:
    ob: Obligation | None = next((o for o in plan.obligations() if o.id == ACCOUNT_RULE), None)
    if ob is not None and isinstance(ob.rule, Deadline):
        period = ob.rule.period
        if (
            period.unit in (PeriodUnit.DAYS, PeriodUnit.MONTHS, PeriodUnit.YEARS)
            and period.amount > 0
        ):
            return period
    return DEFAULT_LOOKBACK


def _first_stale(period: Period, last: date) -> date:
    """The first day on which an update made on *last* no longer counts.

    「监测时间点前2周内无信息更新」: a monitor checking on day *p* looks back over ``(p - 14 days,
    p]``, holidays included (the monitor works on rest days), so an update on *last* covers
    *last* … *last* + 13 and the account is stale from *last* + 14; a look-back in months ends on
    the corresponding day or the month's last day (民法典 第二百零二条).  The same reading as the
    newmedia plugin's staleness rules.
    """
    if period.unit is PeriodUnit.DAYS:
        return last + timedelta(days=period.amount)
    step = relativedelta(months=period.amount * (12 if period.unit is PeriodUnit.YEARS else 1))
    point: date = last + step
    while (point - timedelta(days=1)) - step >= last:
        point -= timedelta(days=1)
    while point - step < last:
        point += timedelta(days=1)
    return point


def _account_actions(findings: Iterable[Finding], as_of: date) -> dict[tuple[str, str], str]:
    """The action of each (unit, account) a staleness rule found stale at the moment."""
    out: dict[tuple[str, str], str] = {}
    for f in findings:
        if (
            f.status is Status.VIOLATED
            and f.entity
            and f.action
            and f.window is not None
            and f.window[1] == as_of
        ):
            out.setdefault((f.unit, f.entity), f.action)
    return out


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
        if f.rule not in order or f.status not in (Status.VIOLATED, Status.AT_RISK):
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


def _cases(result: CheckResult, tracker: BulletinTracker, first: date, as_of: date) -> list[Case]:
    kind_of: dict[str, str] = {}
    done_of: dict[str, str] = {}
    for r in result.rules:
        if isinstance(r, BulletinTracker):
            continue
        reads = {*r.consumes, *r.aggregates}
        kind = next((k for k in CASE_KINDS if k in reads), None)
        if kind is not None:
            kind_of[r.id] = kind
            evidence = getattr(r, "evidence", None)
            done = evidence.done if isinstance(evidence, Evidence) else None
            done_of[r.id] = done or "replied"
    out = []
    for f in result.findings:
        kind = kind_of.get(f.rule)
        if kind is None or f.due is None or f.status not in (Status.VIOLATED, Status.AT_RISK):
            continue
        dates = tracker.dates.get(f.evidence[0], {}) if f.evidence else {}
        completed = dates.get(done_of[f.rule])
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
        label = BUILTIN_KINDS[kind].label if kind in BUILTIN_KINDS else kind
        out.append(
            Case(
                kind,
                label,
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
    state = {True: 0, False: 1}
    out.sort(
        key=lambda c: (
            c.status is not Status.VIOLATED,
            state[c.done is None],
            c.due,
            c.kind,
            c.unit,
            c.case,
        )
    )
    return out


# ---------------------------------------------------------------------------------------------
# Markdown


def _md(text: object) -> str:
    return md_escape(text).replace("\r", " ")


def _mmdd(d: date) -> str:
    return f"{d.month}/{d.day}"


def _week_label(w: tuple[date, date]) -> str:
    return f"{_mmdd(w[0])}–{_mmdd(w[1])}"


def _window_text(w: tuple[date, date]) -> str:
    return f"{w[0].isoformat()} 至 {w[1].isoformat()}"


def _shortfall_state(s: Shortfall, as_of: date) -> str:
    return "未达标" if s.window[1] <= as_of else "进行中，尚未达标"


def _rank_text(b: Bulletin, p: UnitPosts) -> str:
    place, shared = b.bottom_rank(p)
    return f"倒数第{place}" + ("（并列）" if shared else "")


_NUMERALS = "一二三四五六七八九十"
_NO_POSTS = "未提供发布信息记录，本项不统计。"


def _headings(b: Bulletin) -> dict[str, str]:
    """Section headings, numbered 一、二、… (the weekly section only with a weekly quota)."""
    titles = {"summary": "总体情况", "units": "各单位信息发布情况", "bottom": "发布量后五名"}
    if b.weekly_quota is not None:
        titles["weekly"] = "每周动态信息更新情况"
    titles |= {
        "shortfalls": "未达到发布定额的单位",
        "accounts": f"政务新媒体账号{b.lookback}未更新情况",
        "cases": "依申请公开和网民留言办理情况",
    }
    return {k: f"{_NUMERALS[i]}、{t}" for i, (k, t) in enumerate(titles.items())}


def _markdown(b: Bulletin) -> str:
    h = _headings(b)
    mq, wq = b.monthly_quota, b.weekly_quota
    out = [
        f"# {_md(b.title)}",
        "",
        f"- 依据：{_md(b.plan_title)}（{_md(b.plan_number)}）",
        f"- {b.period_text()}",
        "",
        f"## {h['summary']}",
        "",
    ]
    out += [f"- {label}：{value}" for label, value, _ in b.summary_items()]

    out += ["", f"## {h['units']}", ""]
    if mq is not None:
        out += [f"要求：{_md(mq.text)}（{_md(mq.citation)}）。", ""]
    if not b.posts_given:
        out.append(_NO_POSTS)
    else:
        head = ["序号", "单位", "本月发布", *(q.title for q in b.other_quotas), "月度总量"]
        out += [
            "| " + " | ".join(_md(x) for x in head) + " |",
            "|---:|---|---:|" + "---:|" * len(b.other_quotas) + "---|",
        ]
        for i, p in enumerate(b.units, 1):
            out.append(
                f"| {i} | {_md(p.unit)} | {p.total} | "
                + "".join(f"{n} | " for n in p.quota_counts)
                + f"{_md(_month_state(b, p))} |"
            )
        out.append(
            f"| | 合计 | {b.total_posts} | "
            + "".join(
                f"{sum(p.quota_counts[i] for p in b.units)} | " for i in range(len(b.other_quotas))
            )
            + " |"
        )

    out += ["", f"## {h['bottom']}", ""]
    if not b.posts_given:
        out.append(_NO_POSTS)
    else:
        out += ["| 名次 | 单位 | 本月发布 | 与定额差距 |", "|---|---|---:|---:|"]
        for p in b.bottom:
            gap = max(mq.minimum - p.total, 0) if mq else ""
            out.append(f"| {_rank_text(b, p)} | {_md(p.unit)} | {p.total} | {gap} |")
        if b.bottom_ties_left_out():
            out += [
                "",
                f"另有 {b.bottom_ties_left_out()} 个单位同为 {b.bottom[-1].total} 条，"
                f"见第{h['units'][0]}部分。",
            ]

    if wq is not None:
        out += ["", f"## {h['weekly']}", "", f"要求：{_md(wq.text)}（{_md(wq.citation)}）。", ""]
        if not b.posts_given:
            out.append(_NO_POSTS)
        else:
            out += [
                f"单元格为该周条数；“✗”为未达 {wq.minimum} 条，"
                f"“…”为截至 {b.as_of.isoformat()} 尚未结束且未达标的周。",
                "",
                "| 单位 | " + " | ".join(_week_label(w) for w in b.weeks) + " |",
                "|---|" + "---:|" * len(b.weeks),
            ]
            for p in b.units:
                cells = []
                for i, n in enumerate(p.weekly):
                    mark = (
                        ""
                        if not p.weekly_assessed or n >= wq.minimum
                        else (" …" if b.week_open(i) else " ✗")
                    )
                    cells.append(f"{n}{mark}")
                out.append(f"| {_md(p.unit)} | " + " | ".join(cells) + " |")

    out += ["", f"## {h['shortfalls']}", ""]
    if not b.posts_given:
        out.append(_NO_POSTS)
    elif b.shortfalls:
        out += ["| 单位 | 要求 | 期间 | 实际/要求 | 情况 | 须 |", "|---|---|---|---:|---|---|"]
        for sf in b.shortfalls:
            out.append(
                f"| {_md(sf.unit)} | {_md(sf.title)} | {_window_text(sf.window)} | "
                f"{sf.actual}/{sf.expected} | {_shortfall_state(sf, b.as_of)} | "
                f"{_md(sf.action)} |"
            )
    else:
        out.append("本月各单位均达到发布定额。")

    out += ["", f"## {h['accounts']}", ""]
    if not b.posts_given:
        out.append(_NO_POSTS)
    elif b.accounts:
        out += [
            f"截至 {b.as_of.isoformat()}，以下账号超过{b.lookback}未更新"
            f"（共监测到 {b.accounts_seen} 个账号）：",
            "",
            "| 账号 | 单位 | 最后更新 | 未更新天数 | 最后一条 | 须 |",
            "|---|---|---|---:|---|---|",
        ]
        for a in b.accounts:
            out.append(
                f"| {_md(a.site)} | {_md('、'.join(a.units))} | "
                f"{a.last_post.isoformat()} | {a.silent_days} | {_md(a.last_title)} | "
                f"{_md(a.action)} |"
            )
    else:
        out.append(f"共监测到 {b.accounts_seen} 个账号，均在{b.lookback}内有更新。")

    out += ["", f"## {h['cases']}"]
    for sub, label, items, given in _case_groups(b):
        out += ["", f"### {sub}", ""]
        if not items:
            out.append(f"本月无超期或临期的{label}。" if given else f"未提供{label}记录。")
            continue
        out += [
            "| 单位 | 编号 | 期限 | 情况 | 超期天数 | 事项 | 须 | 说明 |",
            "|---|---|---|---|---:|---|---|---|",
        ]
        for c in items:
            out.append(
                f"| {_md(c.unit)} | {_md(c.case)} | {c.due.isoformat()} | {_md(c.state)} | "
                f"{'' if c.overdue_days is None else c.overdue_days} | {_md(c.title)} | "
                f"{_md(c.action)} | {_md(c.explanation)} |"
            )

    out += [
        "",
        "## 附：数据来源",
        "",
        "| 文件 | 类别 | 读取 | 评估 | 拒收 |",
        "|---|---|---:|---:|---:|",
    ]
    out += [
        f"| {_md(f.source)} | {_md(f.kind)} | {f.read} | {f.evaluated} | {f.rejected} |"
        for f in b.files
    ]
    out += [
        "",
        f"检查期间 {b.start.isoformat()} 至 {b.as_of.isoformat()}；"
        f"日历版本 {_md(b.calendar_version)}。拒收的行用 `govflow check` 查看原因。",
    ]
    return "\n".join(out) + "\n"


def _case_groups(b: Bulletin) -> list[tuple[str, str, list[Case], bool]]:
    """(sub-heading, kind label, cases, whether records of the kind were given) per kind."""
    out = []
    for i, kind in enumerate(CASE_KINDS):
        label = BUILTIN_KINDS[kind].label
        items = [c for c in b.cases if c.kind == kind]
        given = any(f.kind == kind for f in b.files)
        out.append((f"（{_NUMERALS[i]}）{label}", label, items, given))
    return out


def _month_state(b: Bulletin, p: UnitPosts) -> str:
    met = b.meets_month(p)
    if met is None:
        return "不考核"
    if met:
        return "达标"
    assert b.monthly_quota is not None
    gap = b.monthly_quota.minimum - p.total
    return f"差{gap}条" if b.complete else f"尚差{gap}条"


# ---------------------------------------------------------------------------------------------
# HTML


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


_CSS = """*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;padding:1rem;max-width:60rem;font:16px/1.6 system-ui,-apple-system,
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;
background:#fff}
header{text-align:center;border-bottom:3px solid #b3261e;padding-bottom:.5rem}
h1{font-size:1.35rem;color:#b3261e;margin:.3rem 0;line-height:1.35}
.meta{color:#57606a;font-size:.85rem;margin:.2rem 0}
h3{font-size:1rem;margin:1rem 0 .4rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;padding-left:.5rem;border-left:4px solid #b3261e}
p{margin:.4rem 0}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;
margin:.5rem 0}
.kpi{border:1px solid #d0d7de;border-radius:.4rem;padding:.4rem .5rem;text-align:center}
.kpi span{display:block;font-size:.8rem;color:#57606a}
.kpi b{font-size:1.25rem}
.kpi.bad b{color:#b3261e}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4rem 0}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.d,td.u{white-space:nowrap}
td.t{min-width:12em}
tr.total td{font-weight:bold;background:#f6f8fa}
.bad{color:#b3261e}
.ok{color:#1a7f37}
.warn{color:#9a6700}
.muted{color:#57606a}
figure{margin:.6rem 0}
figcaption{font-size:.8rem;color:#57606a}
svg{display:block;width:100%;max-width:40rem;height:auto}
svg text{font-family:inherit}
.legend{font-size:.8rem;color:#57606a;display:flex;flex-wrap:wrap;gap:.3rem .9rem;
margin:.3rem 0;padding:0;list-style:none}
.legend i{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.25em;
border:1px solid #8c959f}
.note{font-size:.8rem;color:#57606a}
@media print{body{max-width:none}.wrap{overflow:visible}}"""

# Heat-map colours: none, below the quota, at the quota, twice the quota; not assessed.
_HEAT = ("#f28b82", "#fbc46d", "#a8d5a2", "#4f9d69", "#eaeef2")
_BAR_BELOW, _BAR_MET, _BAR_FREE = "#d9534f", "#3f8f5a", "#8c959f"


def _heat_colour(n: int, minimum: int, assessed: bool) -> str:
    if not assessed:
        return _HEAT[4]
    if n == 0:
        return _HEAT[0]
    if n < minimum:
        return _HEAT[1]
    return _HEAT[3] if n >= 2 * minimum else _HEAT[2]


def _bars_svg(b: Bulletin) -> str:
    """Per-unit horizontal bars of the month's posts, with the monthly quota as a line."""
    mq = b.monthly_quota
    minimum = mq.minimum if mq else 0
    ranked = sorted(b.units, key=lambda p: -p.total)  # stable: directory order among equals
    width, label_w, right, row, top = 360, 108, 34, 20, 26
    plot = width - label_w - right
    scale = max([minimum, *(p.total for p in ranked), 1]) * 1.05
    height = top + row * len(ranked) + 8
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="bars-title" font-size="12">',
        f'<title id="bars-title">{_e(f"各单位{b.month_label}发布信息条数")}</title>',
    ]
    for i, p in enumerate(ranked):
        y = top + i * row
        w = round(plot * p.total / scale, 1)
        met = b.meets_month(p)
        colour = _BAR_FREE if met is None else (_BAR_MET if met else _BAR_BELOW)
        tip = f"{p.unit}：{p.total} 条" + (f"（定额 {minimum} 条）" if met is not None else "")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="#1f2328">'
            f"{_e(p.unit)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w}" height="14" '
            f'fill="{colour}" data-unit="{_e(p.unit)}" data-count="{p.total}">'
            f"<title>{_e(tip)}</title></rect>"
            f'<text x="{label_w + w + 4}" y="{y + 14}" fill="#57606a">{p.total}</text>'
        )
    if mq is not None:
        x = round(label_w + plot * minimum / scale, 1)
        parts.append(
            f'<line class="quota" x1="{x}" y1="{top - 4}" x2="{x}" '
            f'y2="{height - 4}" stroke="#b3261e" stroke-width="1.5" '
            f'stroke-dasharray="4 3"><title>{_e(f"月度定额 {minimum} 条")}</title>'
            f'</line><text x="{x}" y="{top - 9}" text-anchor="middle" fill="#b3261e">'
            f"{_e(f'定额 {minimum} 条')}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _heat_svg(b: Bulletin) -> str:
    """Units × weeks of the month, coloured by the count against the weekly quota."""
    wq = b.weekly_quota
    assert wq is not None
    n = max(len(b.weeks), 1)
    width, label_w, row, top = 360, 108, 20, 34
    cell = (width - label_w) / n
    height = top + row * len(b.units) + 4
    parts = [
        f'<svg class="chart heat" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="heat-title" font-size="12">',
        f'<title id="heat-title">{_e(f"各单位{b.month_label}每周动态信息条数")}</title>',
    ]
    for j, w in enumerate(b.weeks):
        x = label_w + j * cell + cell / 2
        parts.append(
            f'<text x="{x:.1f}" y="13" text-anchor="middle" fill="#1f2328">'
            f'第{j + 1}周</text><text x="{x:.1f}" y="27" text-anchor="middle" '
            f'font-size="9.5" fill="#57606a">{_e(_week_label(w))}</text>'
        )
    for i, p in enumerate(b.units):
        y = top + i * row
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" '
            f'fill="#1f2328">{_e(p.unit)}</text>'
        )
        for j, count in enumerate(p.weekly):
            x = label_w + j * cell
            open_week = b.week_open(j)
            colour = _heat_colour(count, wq.minimum, p.weekly_assessed)
            state = (
                "不考核"
                if not p.weekly_assessed
                else "达标"
                if count >= wq.minimum
                else "进行中"
                if open_week
                else "未达标"
            )
            tip = (
                f"{p.unit}，{_window_text(b.weeks[j])}：{count} 条"
                f"（每周至少 {wq.minimum} 条，{state}）"
            )
            dash = ' stroke-dasharray="3 2"' if open_week else ""
            parts.append(
                f'<rect class="cell" x="{x + 1:.1f}" y="{y + 1}" width="{cell - 2:.1f}" '
                f'height="{row - 2}" rx="2" fill="{colour}" stroke="#57606a" '
                f'stroke-width="{1 if open_week else 0}"{dash}><title>{_e(tip)}</title></rect>'
                f'<text x="{x + cell / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                f'fill="{"#fff" if colour == _HEAT[3] else "#1f2328"}">{count}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Iterable[tuple[str, str, str]]) -> str:
    return (
        '<ul class="legend">'
        + "".join(
            f'<li><i style="background:{colour};{extra}"></i>{_e(label)}</li>'
            for colour, label, extra in items
        )
        + "</ul>"
    )


def _table(head: Sequence[tuple[str, str]], rows: Iterable[Sequence[tuple[str, str]]]) -> str:
    """A table that scrolls sideways on a phone; cells are (CSS class, escaped HTML)."""
    out = [
        '<div class="wrap"><table><thead><tr>'
        + "".join(f'<th class="{c}">{t}</th>' if c else f"<th>{t}</th>" for c, t in head)
        + "</tr></thead><tbody>"
    ]
    for row in rows:
        out.append(
            "<tr>"
            + "".join(f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>" for c, t in row)
            + "</tr>"
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def _shortfall_table(b: Bulletin) -> str:
    """Units below the quotas: one row per window, the unit and the quota cells spanning."""
    e = _e
    out = [
        '<div class="wrap"><table><thead><tr><th>单位</th><th>要求</th><th>期间</th>'
        '<th class="n">实际/要求</th><th>情况</th><th>须</th></tr></thead><tbody>'
    ]
    for unit, rules in b.shortfall_groups():
        first_of_unit = True
        for items in rules:
            for k, sf in enumerate(items):
                cells = []
                if first_of_unit:
                    span = sum(len(i) for i in rules)
                    cells.append(f'<td class="u" rowspan="{span}">{e(unit)}</td>')
                    first_of_unit = False
                if k == 0:
                    cells.append(f'<td class="u" rowspan="{len(items)}">{e(sf.title)}</td>')
                state = _shortfall_state(sf, b.as_of)
                cells += [
                    f'<td class="d">{e(_week_label(sf.window))}</td>',
                    f'<td class="n">{sf.actual}/{sf.expected}</td>',
                    f'<td class="u {"bad" if state == "未达标" else "warn"}">{e(state)}</td>',
                    f'<td class="t">{e(sf.action)}</td>',
                ]
                out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _html(b: Bulletin) -> str:
    e = _e
    h = {k: e(v) for k, v in _headings(b).items()}
    mq, wq = b.monthly_quota, b.weekly_quota
    no_posts = f'<p class="note">{_NO_POSTS}</p>'
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(b.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{e(b.title)}</h1>",
        f'<p class="meta">依据：{e(b.plan_title)}（{e(b.plan_number)}）</p>',
        f'<p class="meta">{e(b.period_text())}</p></header>',
        f'<h2>{h["summary"]}</h2><div class="kpis">',
    ]
    for label, value, bad in b.summary_items():
        parts.append(
            f'<div class="kpi{" bad" if bad else ""}"><span>{e(label)}</span>'
            f"<b>{e(value)}</b></div>"
        )
    parts.append("</div>")

    parts.append(f"<h2>{h['units']}</h2>")
    if mq is not None:
        parts.append(f'<p>要求：{e(mq.text)}。<span class="note">（{e(mq.citation)}）</span></p>')
    if not b.posts_given:
        parts.append(no_posts)
    else:
        legend = [(_BAR_MET, "达到月度定额", ""), (_BAR_BELOW, "未达月度定额", "")]
        if any(not p.assessed for p in b.units):
            legend.append((_BAR_FREE, "不考核", ""))
        if mq is not None:
            legend.append(
                (
                    "transparent",
                    f"红色虚线：定额 {mq.minimum} 条",
                    "border:0;border-left:2px dashed #b3261e;width:0",
                )
            )
        parts.append(f"<figure>{_bars_svg(b)}<figcaption>{_legend(legend)}</figcaption></figure>")
        head = [
            ("n", "序号"),
            ("", "单位"),
            ("n", "本月发布"),
            *(("n", e(q.title)) for q in b.other_quotas),
            ("", "月度总量"),
        ]
        rows = []
        for i, p in enumerate(b.units, 1):
            met = b.meets_month(p)
            cls = "muted" if met is None else ("ok" if met else "bad")
            rows.append(
                [
                    ("n", str(i)),
                    ("u", e(p.unit)),
                    ("n", str(p.total)),
                    *(("n", str(n)) for n in p.quota_counts),
                    (cls, e(_month_state(b, p))),
                ]
            )
        rows.append(
            [
                ("", ""),
                ("", "<b>合计</b>"),
                ("n", f"<b>{b.total_posts}</b>"),
                *(
                    ("n", f"<b>{sum(p.quota_counts[i] for p in b.units)}</b>")
                    for i in range(len(b.other_quotas))
                ),
                ("", ""),
            ]
        )
        parts.append(_table(head, rows))

    parts.append(f"<h2>{h['bottom']}</h2>")
    if not b.posts_given:
        parts.append(no_posts)
    else:
        parts.append(
            _table(
                [("", "名次"), ("", "单位"), ("n", "本月发布"), ("n", "与定额差距")],
                [
                    [
                        ("d", e(_rank_text(b, p))),
                        ("u", e(p.unit)),
                        ("n", str(p.total)),
                        ("n", str(max(mq.minimum - p.total, 0)) if mq else ""),
                    ]
                    for p in b.bottom
                ],
            )
        )
        if b.bottom_ties_left_out():
            parts.append(
                f'<p class="note">另有 {b.bottom_ties_left_out()} 个单位同为 '
                f"{b.bottom[-1].total} 条，见第{h['units'][0]}部分。</p>"
            )

    if wq is not None:
        parts.append(f"<h2>{h['weekly']}</h2>")
        parts.append(f'<p>要求：{e(wq.text)}。<span class="note">（{e(wq.citation)}）</span></p>')
        if not b.posts_given:
            parts.append(no_posts)
        else:
            legend = [
                (_HEAT[0], "无更新", ""),
                (_HEAT[1], f"少于 {wq.minimum} 条", ""),
                (_HEAT[2], f"达到 {wq.minimum} 条", ""),
                (_HEAT[3], f"{2 * wq.minimum} 条以上", ""),
                ("#fff", f"虚线框：截至 {b.as_of.isoformat()} 尚未结束的周", "border-style:dashed"),
            ]
            if any(not p.weekly_assessed for p in b.units):
                legend.append((_HEAT[4], "不考核", ""))
            parts.append(
                f"<figure>{_heat_svg(b)}<figcaption>{_legend(legend)}</figcaption></figure>"
            )

    parts.append(f"<h2>{h['shortfalls']}</h2>")
    if not b.posts_given:
        parts.append(no_posts)
    elif b.shortfalls:
        parts.append(_shortfall_table(b))
    else:
        parts.append("<p>本月各单位均达到发布定额。</p>")

    parts.append(f"<h2>{h['accounts']}</h2>")
    if not b.posts_given:
        parts.append(no_posts)
    elif b.accounts:
        parts.append(
            f"<p>截至 {b.as_of.isoformat()}，以下账号超过{e(b.lookback)}未更新"
            f"（共监测到 {b.accounts_seen} 个账号）：</p>"
        )
        parts.append(
            _table(
                [
                    ("", "账号"),
                    ("", "单位"),
                    ("", "最后更新"),
                    ("n", "未更新天数"),
                    ("", "最后一条"),
                    ("", "须"),
                ],
                [
                    [
                        ("", e(a.site)),
                        ("u", e("、".join(a.units))),
                        ("d", a.last_post.isoformat()),
                        ("n bad", str(a.silent_days)),
                        ("t", e(a.last_title)),
                        ("t", e(a.action)),
                    ]
                    for a in b.accounts
                ],
            )
        )
    else:
        parts.append(f"<p>共监测到 {b.accounts_seen} 个账号，均在{e(b.lookback)}内有更新。</p>")

    parts.append(f"<h2>{h['cases']}</h2>")
    for sub, label, items, given in _case_groups(b):
        parts.append(f"<h3>{e(sub)}</h3>")
        if not items:
            text = f"本月无超期或临期的{label}。" if given else f"未提供{label}记录。"
            parts.append(f"<p>{e(text)}</p>")
            continue
        head = [("", "单位"), ("", "编号"), ("", "期限"), ("", "情况"), ("n", "超期天数")]
        head += [("", "事项"), ("", "须"), ("", "说明")]
        rows = [
            [
                ("u", e(c.unit)),
                ("u", e(c.case)),
                ("d", c.due.isoformat()),
                ("u " + ("bad" if c.status is Status.VIOLATED else "warn"), e(c.state)),
                ("n", "" if c.overdue_days is None else str(c.overdue_days)),
                ("u", e(c.title)),
                ("t", e(c.action)),
                ("t", e(c.explanation)),
            ]
            for c in items
        ]
        parts.append(_table(head, rows))

    parts.append("<h2>附：数据来源</h2>")
    parts.append(
        _table(
            [("", "文件"), ("", "类别"), ("n", "读取"), ("n", "评估"), ("n", "拒收")],
            [
                [
                    ("", e(f.source)),
                    ("", e(f.kind)),
                    ("n", str(f.read)),
                    ("n", str(f.evaluated)),
                    ("n", str(f.rejected)),
                ]
                for f in b.files
            ],
        )
    )
    parts.append(
        f'<p class="note">检查期间 {b.start.isoformat()} 至 {b.as_of.isoformat()}；'
        f"日历版本 {e(b.calendar_version)}。拒收的行用 govflow check 查看原因。</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
