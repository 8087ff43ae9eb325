"""Running the check a bulletin is built from: the month, its bounds, and the tracker rule.

:func:`bulletin_check` runs :func:`govflow.compliance.check.run_check` from the plan's issue date
to the month's last day (or an earlier moment) with one extra, internal rule,
:class:`BulletinTracker`, that notes as records stream past what findings do not carry: for every
value of a field some rule groups its counts by (an account, a column …), the last record with
that value.  (A duty's completion is the finding's own :attr:`~govflow.compliance.findings.Finding.done`.)  It knows no rule, area or
plugin: the kinds it reads come from the rules of the check and the record kinds declared.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import frozen
from dateutil.relativedelta import relativedelta

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import BUILTIN_KINDS, Record, RecordKind
from govflow.compliance.rules import DATE_FIELDS, Context, Rule, obligation_rules
from govflow.errors import InputError
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Severity
from govflow.text.dates import check_day

__all__ = [
    "BulletinError",
    "BulletinTracker",
    "KindInfo",
    "bulletin_check",
    "day_of",
    "month_bounds",
    "parse_month",
    "tracker_of",
]


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
        raise BulletinError(f"--month：{text!r} 不是月份，应写作 YYYY-MM，如 2023-09")
    return check_day(date(int(m.group(1)), month, 1), field="--month")


def month_bounds(month: date) -> tuple[date, date]:
    """The first and the last day of the month of *month*."""
    first = month.replace(day=1)
    return first, first + relativedelta(months=1) - timedelta(days=1)


def day_of(value: Any) -> date | None:
    """The day of a date or datetime value; ``None`` for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _sort_key(value: datetime | date) -> tuple[date, float]:
    if isinstance(value, datetime):
        return value.date(), value.timestamp()
    return value, 0.0


@frozen
class KindInfo:
    """What the bulletin needs of a record kind: its Chinese label and whether its rows are
    cases (the kind names an id field: an application, a message)."""

    label: str
    cases: bool


class BulletinTracker(Rule):
    """Internal rule: notes what the bulletin needs and findings do not carry.

    *fields* maps a record kind to the fields rules group its counts by; for every value of those
    fields (an account's name, a column …) the tracker keeps each unit's last record up to the
    moment of checking (moment, title, row), so that an entity a finding names can be shown with
    its last update.  *kinds* gives the labels of the record kinds and which are cases.  Memory
    grows with the number of such values, not with the number of posts.  It yields no findings.
    """

    id = "bulletin.tracker"
    title = "月度通报数据汇总（内部）"
    area = "bulletin"
    severity = Severity.REMINDER
    source = Citation("月度通报", "")

    def __init__(
        self,
        fields: Mapping[str, Iterable[str]] | None = None,
        kinds: Mapping[str, KindInfo] | None = None,
    ) -> None:
        self.fields = {k: tuple(sorted(set(v))) for k, v in (fields or {}).items()}
        self.kinds = dict(kinds or {})
        self.consumes = frozenset(self.fields)  # type: ignore[misc]
        # the posts sections read the engine's daily post counts, whichever rules run
        self.aggregates = {"post": ()} if "post" in self.kinds else {}
        #: (kind, unit, value) -> (moment, title, row) of the unit's last record with that value
        self.last: dict[tuple[str, str, str], tuple[datetime | date, str, str]] = {}

    def feed(self, record: Record, ctx: Context) -> None:
        data = record.data
        names = self.fields.get(record.kind)
        if names:
            when = data.get(DATE_FIELDS.get(record.kind, "date"))
            day = day_of(when)
            if when is not None and day is not None and day <= ctx.as_of:
                title = str(data.get("title", ""))
                unit = ctx.unit_of(record) or "" if "unit" in data else ""
                for name in names:
                    value = data.get(name)
                    if not isinstance(value, str) or not value:
                        continue
                    key = (record.kind, unit, value)
                    best = self.last.get(key)
                    if best is None or _sort_key(when) >= _sort_key(best[0]):
                        self.last[key] = (when, title, record.ref)


def kind_infos(kinds: Mapping[str, RecordKind]) -> dict[str, KindInfo]:
    """The bulletin's view of the record kinds, in their declared order."""
    return {name: KindInfo(k.label, k.id_field is not None) for name, k in kinds.items()}


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
    areas: Collection[str] | None = None,
    hints: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    columns: Any = None,
    site: str | None = None,
    sheet: str | None = None,
    rule_progress: Callable[[int, int], None] | None = None,
) -> CheckResult:
    """Check *files* for the bulletin of *month*: from the plan's issue date to the month's
    last day (or *as_of* if earlier), with :class:`BulletinTracker` added; *progress* and
    *rule_progress* as for :func:`~govflow.compliance.check.run_check`.

    :class:`BulletinError` when the moment is before the month or the month ends before the plan
    was issued; :class:`~govflow.calendar.workcalendar.CalendarNotPublished` when a year the
    deadlines need has no holiday notice (unless *provisional*).
    """
    first, last = month_bounds(month)
    moment = min(last, as_of) if as_of is not None else last
    if moment < first:
        raise BulletinError(
            f"--as-of {moment.isoformat()} 早于所报月份 {first.year}-{first.month:02d}"
        )
    if last < plan.issued:
        raise BulletinError(
            f"所报月份 {first.year}-{first.month:02d} 在方案 {plan.id} 印发"
            f"（{plan.issued.isoformat()}）之前"
        )
    if not provisional:
        missing = calendar.unknown_years(plan.issued - timedelta(days=1), moment)
        if missing:
            year = missing[0]
            raise CalendarNotPublished(
                year, max(first, date(year, 1, 1)) if year <= moment.year else moment
            )
    all_kinds = dict(kinds if kinds is not None else BUILTIN_KINDS)
    extra = list(extra_rules)
    fields: dict[str, set[str]] = {}
    for r in (*obligation_rules(plan, all_kinds), *extra):
        for k, names in r.aggregates.items():
            fields.setdefault(k, set()).update(names)
    tracker = BulletinTracker(fields, kind_infos(all_kinds))
    return run_check(
        plan,
        files,
        calendar=calendar,
        as_of=moment,
        start=plan.issued,
        lead_time=lead_time,
        provisional=provisional,
        kinds=all_kinds,
        extra_rules=extra,
        kind_of=kind_of,
        observers=[tracker],
        areas=areas,
        hints=hints,
        progress=progress,
        columns=columns,
        site=site,
        sheet=sheet,
        rule_progress=rule_progress,
    )


def tracker_of(result: CheckResult) -> BulletinTracker:
    """The tracker of a check run by :func:`bulletin_check`; ``ValueError`` for another check
    that read records (an empty check needs none)."""
    tracker = next(
        (r for r in (*result.rules, *result.skipped_rules) if isinstance(r, BulletinTracker)),
        None,
    )
    if tracker is not None:
        return tracker
    if result.files:
        raise BulletinError(
            "这次检查没有运行通报所需的记录跟踪：请用 govflow.report.bulletin.bulletin_check() 检查"
        )
    return BulletinTracker()
