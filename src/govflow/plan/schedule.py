"""Turning a plan's obligations into dated occurrences on the working-day calendar.

* a calendar-anchor :class:`~govflow.plan.obligations.Deadline` (「2023年9月底前」「年底前」) gives
  one occurrence per unit, the anchor resolved from the plan's issue date;
* a :class:`~govflow.plan.obligations.Recurrence` gives every date of its RRULE in the window, moved
  by its rest-day rule on the official calendar (每周一自查 on a holiday Monday: the next working
  day);
* a :class:`~govflow.plan.obligations.Quota` gives one occurrence per counting window that ends in the
  window asked for, due on the window's last day;
* a Deadline with a trigger (「收到留言之日起5个工作日内」) has no date until a record triggers it:
  it is a standing rule, listed but not dated.

``per`` multiplies occurrences by unit, or by village of each township.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta

from attrs import frozen
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr

from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayKind,
    DayStatus,
    Roll,
    WorkCalendar,
)
from govflow.periods.core import PeriodUnit
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Obligation,
    Per,
    Quota,
    Recurrence,
    RestDayRule,
    Window,
)
from govflow.plan.settings import ConditionSettings
from govflow.plan.units import Unit, UnitKind
from govflow.plan.villages import FALLBACK_ENTITY

__all__ = ["Occurrence", "is_standing", "occurrence_dates", "occurrences", "windows"]


@frozen
class Occurrence:
    """One dated duty: an obligation, for one unit (or village), due on one day."""

    due: date
    obligation: Obligation
    unit: str
    task: str
    window: tuple[date, date] | None = None
    entity: str | None = None
    status: DayStatus = DayStatus.OFFICIAL
    note: str = ""


def is_standing(obligation: Obligation) -> bool:
    """A deadline that runs from a trigger event: dated only when a record triggers it."""
    rule = obligation.rule
    return isinstance(rule, Deadline) and (
        rule.trigger is not None or rule.period.unit is not PeriodUnit.ANCHOR
    )


def windows(
    window: Window, start: date, end: date, *, not_before: date | None = None
) -> Iterator[tuple[date, date]]:
    """The counting windows (first day, last day) that belong to [start, end].

    A window belongs when its last day lies in [start, end] and its first day is not before
    *not_before* (default *start*): a plan issued on a Sunday does not owe that week's quota.
    The year window is the exception: a plan's annual duties always have it.
    """
    floor = start if not_before is None else not_before
    if window is not Window.YEAR and floor > start:
        # windows that begin before the floor are never yielded: begin with the floor's own
        # (a --from centuries before the plan was issued cost a loop over every week between)
        start = min(floor, end + timedelta(days=1))
    if window is Window.WEEK:
        first = start - timedelta(days=start.weekday())
        step = relativedelta(weeks=1)
    elif window is Window.MONTH:
        first = start.replace(day=1)
        step = relativedelta(months=1)
    elif window is Window.QUARTER:
        first = date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
        step = relativedelta(months=3)
    else:
        first = date(start.year, 1, 1)
        step = relativedelta(years=1)
    while first <= end:  # tested first: a window after the last date computed has no end
        last = first + step - timedelta(days=1)
        if last > end:
            return
        if last >= start and (first >= floor or window is Window.YEAR):
            yield (first, last)
        first = first + step


def occurrence_dates(
    obligation: Obligation,
    plan: Plan,
    start: date,
    end: date,
    calendar: WorkCalendar,
    *,
    provisional: bool = False,
) -> list[tuple[date, tuple[date, date] | None, DayStatus, str]]:
    """(due, window, status, note) of every occurrence of *obligation* in [start, end]."""
    rule = obligation.rule
    out: list[tuple[date, tuple[date, date] | None, DayStatus, str]] = []
    if isinstance(rule, Deadline):
        if is_standing(obligation) or rule.period.anchor is None:
            return out
        due = rule.period.anchor.resolve(plan.issued)
        if start <= due <= end:
            out.append((due, None, DayStatus.OFFICIAL, ""))
        return out
    if isinstance(rule, Quota):
        # the first-window rule is about the plan taking effect, not the window asked for
        for first, last in windows(rule.window, start, end, not_before=plan.issued):
            out.append((last, (first, last), DayStatus.OFFICIAL, ""))
        return out
    return _recurrence(rule, start, end, calendar, provisional, anchor=date(plan.year, 1, 1))


def _recurrence(
    rule: Recurrence,
    start: date,
    end: date,
    calendar: WorkCalendar,
    provisional: bool,
    *,
    anchor: date | None = None,
) -> list[tuple[date, tuple[date, date] | None, DayStatus, str]]:
    # Occurrences moved by the rest-day rule may cross the window's edges, by a whole break
    # (the 2023 Mid-Autumn/National Day break is 8 days): look five weeks wider.  FOLLOWING only
    # moves forwards, up to the first working day after the last one before *start*; PRECEDING
    # only backwards, down to the last before the first working day after *end*.
    reach = timedelta(weeks=5)
    lo = datetime.combine(start - reach, datetime.min.time())
    hi = datetime.combine(end + reach, datetime.min.time())
    # The rule counts from the start of the plan's year (an annual plan), so INTERVAL=2 or COUNT
    # do not shift with the window asked for; a window before that year has no occurrences.
    rr = rrulestr(
        rule.rrule,
        dtstart=datetime.combine(anchor, datetime.min.time()) if anchor is not None else lo,
    )
    out: list[tuple[date, tuple[date, date] | None, DayStatus, str]] = []
    seen: set[date] = set()  # two dates moved onto the same working day are one occurrence
    before: date | None = None
    after: date | None = None
    for moment in rr.between(lo, hi, inc=True):
        raw = moment.date()
        if raw < start:
            if rule.on_rest_day is not RestDayRule.FOLLOWING:
                continue
            before = before or _workday(calendar.previous_workday, start, provisional)
            if raw <= before:
                continue
        elif raw > end:
            if rule.on_rest_day is not RestDayRule.PRECEDING:
                break
            after = after or _workday(calendar.next_workday, end, provisional)
            if raw >= after:
                break
        due, status, note = raw, DayStatus.OFFICIAL, ""
        if rule.on_rest_day is not RestDayRule.KEEP:
            conv = Roll.FOLLOWING if rule.on_rest_day is RestDayRule.FOLLOWING else Roll.PRECEDING
            try:
                due = calendar.roll(raw, conv)
            except CalendarNotPublished:
                if not provisional:
                    raise
                due = calendar.roll(raw, conv, provisional=True)
                status = DayStatus.PROVISIONAL
            if due != raw:
                info = calendar.day_info(raw, provisional=provisional)
                if info.name or info.kind is not DayKind.WEEKEND:  # a plain weekend needs no note
                    note = (
                        f"原定 {raw.isoformat()}（{info.name or info.kind.label}），"
                        f"{'顺延' if due > raw else '提前'}至 {due.isoformat()}"
                    )
        if start <= due <= end and due not in seen:
            seen.add(due)
            out.append((due, None, status, note))
    return out


def _workday(step: Callable[..., date], d: date, provisional: bool) -> date:
    """``calendar.next_workday``/``previous_workday`` of *d*, provisional if allowed."""
    try:
        return step(d)
    except CalendarNotPublished:
        if not provisional:
            raise
        return step(d, provisional=True)


def _targets(plan: Plan, obligation: Obligation) -> list[tuple[str, str | None]]:
    """(unit, entity) pairs an obligation binds, by its ``per``."""
    units = plan.owner_units(obligation)
    if obligation.per is Per.ALL:
        names = obligation.applies_to or tuple(u.name for u in units)
        return [("、".join(names), None)]
    if obligation.per is Per.VILLAGE:
        out: list[tuple[str, str | None]] = []
        cond = obligation.settings
        conditional = isinstance(cond, ConditionSettings) and bool(cond.condition)
        for u in units:
            if u.kind is not UnitKind.TOWNSHIP:
                continue
            if isinstance(cond, ConditionSettings) and conditional:
                if cond.villages is None:  # which villages meet it is not known
                    out.append((u.name, f"{cond.condition}的村（名单未提供）"))
                    continue
                for name in dict.fromkeys(cond.villages):
                    town, _, village = name.rpartition("·")
                    if town == u.name or (not town and village in u.villages):
                        out.append((u.name, village))
                continue
            if u.villages:
                out.extend((u.name, v) for v in u.villages)
            else:  # villages not known: one duty per township, and the entity says why
                out.append((u.name, FALLBACK_ENTITY))
        return out
    return [(u.name, None) for u in units]


def occurrences(
    plan: Plan,
    start: date,
    end: date,
    calendar: WorkCalendar,
    *,
    obligations: Iterable[Obligation] | None = None,
    units: Iterable[Unit] | None = None,
    provisional: bool = False,
) -> list[Occurrence]:
    """Every occurrence of the plan's obligations in [start, end], sorted by date.

    Restrict to *obligations* or to *units* (a unit sees the duties that name it or a group it
    belongs to, and the shared duties it takes part in).
    """
    wanted = {u.name for u in units} if units is not None else None
    task_order = {t.key: i for i, t in enumerate(plan.tasks)}
    result: list[Occurrence] = []
    for ob in plan.obligations() if obligations is None else obligations:
        if is_standing(ob):
            continue
        dates = occurrence_dates(ob, plan, start, end, calendar, provisional=provisional)
        if not dates:
            continue
        targets = _targets(plan, ob)
        if wanted is not None:
            members = {u.name for u in plan.owner_units(ob)}
            targets = [
                (u, e)
                for u, e in targets
                if u in wanted or (ob.per is Per.ALL and members & wanted)
            ]
        for due, window, status, note in dates:
            result.extend(
                Occurrence(due, ob, unit, ob.task, window, entity, status, note)
                for unit, entity in targets
            )
    result.sort(key=lambda o: (o.due, task_order.get(o.task, len(task_order)), o.obligation.id))
    return result


#: RFC 5545 §3.3.10 ranges of the BY parts: (lowest, highest, negative values allowed).
_BY_RANGES: dict[str, tuple[int, int, bool]] = {
    "BYSECOND": (0, 60, False),
    "BYMINUTE": (0, 59, False),
    "BYHOUR": (0, 23, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (1, 366, True),
}
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def rrule_problem(rrule: str, year: int) -> str | None:
    """Why *rrule* (already parsed by ``dateutil``) has no occurrence in *year*, in Chinese and
    naming the RRULE part; ``None`` when it has one.

    dateutil accepts ``BYMONTHDAY=40`` and ``BYMONTH=2;BYMONTHDAY=30`` and then searches every
    year up to 9999 for an occurrence: such parts are refused by their ranges first, so that
    the search below only runs on rules that can occur.
    """
    parts: dict[str, str] = {}
    for part in rrule.upper().removeprefix("RRULE:").split(";"):
        name, _, value = part.partition("=")
        parts[name.strip()] = value.strip()
    numbers: dict[str, list[int]] = {}
    for name, (lo, hi, signed) in _BY_RANGES.items():
        if name not in parts:
            continue
        for raw in parts[name].split(","):
            try:
                n = int(raw)
            except ValueError:
                return f"{name}={parts[name]}：{raw!r} 不是整数"
            if not (lo <= n <= hi or (signed and -hi <= n <= -lo)):
                allowed = f"{lo}～{hi}" + (f" 或 -{hi}～-{lo}" if signed else "")
                return f"{name}={parts[name]}：{n} 超出范围（应为 {allowed}）"
            numbers.setdefault(name, []).append(n)
    days, months = numbers.get("BYMONTHDAY"), numbers.get("BYMONTH")
    if (
        days
        and months
        and all(d > 0 for d in days)
        and min(days) > max(_MONTH_DAYS[m - 1] for m in months)
    ):
        return (
            f"BYMONTH={parts['BYMONTH']};BYMONTHDAY={parts['BYMONTHDAY']}："
            "所列月份都没有这一天，规则永远不会发生"
        )
    start = datetime(year, 1, 1)
    first = rrulestr(rrule, dtstart=start).after(start, inc=True)
    if first is None or first.year != year:
        return f"{rrule}：在方案年度 {year} 年内一次也不发生"
    return None
