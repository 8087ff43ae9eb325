"""Legal periods: when something is due, on the official calendar, and why.

Kinds of period (docs/periods.md has the conventions with their sources):

* working days, 「20个工作日」: day 1 is the first working day after the trigger day (CNT-05);
* natural days, 「15日」: the start day is not counted; a last day that is not a working day moves
  to the next working day (民法典 第二百零三条; CNT-07's weekend reading is the default and a flag);
* months and years, 「2个月」: the corresponding date, or the month's last day (第二百零二条), then
  the same last-day rule;
* calendar anchors, 「9月底前」「年底前」「次年1月31日前」「季度末前」「上半年」: a fixed date, read as
  "on or before", not moved for rest days;
* hours, 「24小时」: calendar hours from the stated moment (第二百零一条第二款).

Clock events apply to working-day and natural-day periods: :class:`Pause` (third-party
consultation, 条例 第三十三条), :class:`Restart` (after 补正, 第三十条) and :class:`Extension`
(+N working days with approval, 第三十三条第二款).

:func:`compute_due` returns a :class:`Due`: the date, and its explanation (start, period, the
rest days passed over with their names, adjustments, calendar status, sources and notices).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from attrs import evolve, frozen

from govflow.calendar.notices import Notice, NoticeRef
from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayInfo,
    DayKind,
    DayStatus,
    WorkCalendar,
)
from govflow.periods.events import ClockEvent, Extension, Pause, Restart
from govflow.periods.period import (
    ACCEPTED_FORMS,
    Anchor,
    AnchorKind,
    Period,
    PeriodError,
    PeriodUnit,
    parse_period,
)
from govflow.periods.request import DueRequest
from govflow.periods.trace import WEEKDAYS_ZH, TraceStep, _fmt, _iso
from govflow.sources import Source, source
from govflow.text.dates import (
    DateRangeError,
    as_date,
    as_datetime,
    check_day,
    range_text,
    shift_days,
    shift_hours,
    shift_months,
)

__all__ = [
    "ACCEPTED_FORMS",
    "Anchor",
    "AnchorKind",
    "ClockEvent",
    "Due",
    "DueRequest",
    "Extension",
    "Pause",
    "Period",
    "PeriodError",
    "PeriodUnit",
    "Restart",
    "TraceStep",
    "compute_due",
    "compute_request",
    "parse_period",
    "with_events",
]


# ---------------------------------------------------------------------------------------------
# The result


@frozen
class Due:
    """A computed due date with everything needed to explain, check and recompute it."""

    start: date | datetime
    period: Period
    due: date | datetime
    status: DayStatus
    trace: tuple[TraceStep, ...]
    sources: tuple[Source, ...]
    skipped: tuple[DayInfo, ...]
    notices: tuple[NoticeRef, ...]
    calendar_version: str
    provisional_years: tuple[int, ...] = ()
    notice_years: tuple[int, ...] = ()
    events: tuple[ClockEvent, ...] = ()
    weekend_extends: bool = True

    @property
    def provisional(self) -> bool:
        return self.status is DayStatus.PROVISIONAL

    def affected_by(self, notice: Notice) -> bool:
        """Whether publishing *notice* can change this result, so it must be recomputed.

        True when the result was provisional for the notice's year, or when it relied on that
        year's arrangement and the notice is not one of the documents it used (an amendment or
        a correction).
        """
        if notice.year in self.provisional_years:
            return True
        return notice.year in self.notice_years and not set(notice.refs) <= set(self.notices)

    @property
    def request(self) -> DueRequest:
        """What was asked: start, period, clock events, last-day rule (``to_dict()["request"]``)."""
        return DueRequest(self.start, self.period, self.events, self.weekend_extends)

    def recompute(self, calendar: WorkCalendar, *, provisional: bool = False) -> Due:
        """The same computation on another calendar (e.g. after loading a new notice)."""
        return compute_due(
            self.start,
            self.period,
            calendar=calendar,
            events=self.events,
            provisional=provisional,
            weekend_extends=self.weekend_extends,
        )

    def explain(self) -> str:
        """The explanation in Chinese, one step per line."""
        lines = [
            f"到期日：{_fmt(self.due)}（{'临时结果' if self.provisional else '依据正式通知'}）"
        ]
        lines.extend(f"  {k}. {step.text}" for k, step in enumerate(self.trace, 1))
        if self.sources:
            lines.append("依据：")
            lines.extend(f"  - {s.cite()}" for s in self.sources)
        if self.notices:
            lines.append("节假日安排：")
            lines.extend(f"  - {r.cite()} {r.title}" for r in self.notices)
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: start, period, due, status, trace, sources, notices, calendar version."""
        return {
            "start": _iso(self.start),
            "period": self.period.text or self.period.label(),
            "period_detail": self.period.to_dict(),
            "due": _iso(self.due),
            "status": self.status.value,
            "trace": [s.to_dict() for s in self.trace],
            "sources": [s.to_dict() for s in self.sources],
            "skipped": [d.to_dict() for d in self.skipped],
            "notices": [
                {
                    "number": r.number,
                    "date": r.date.isoformat() if r.date else None,
                    "title": r.title,
                    "address": r.address,
                }
                for r in self.notices
            ],
            "calendar_version": self.calendar_version,
            "provisional_years": list(self.provisional_years),
            "notice_years": list(self.notice_years),
            "request": self.request.to_dict(),
        }


# ---------------------------------------------------------------------------------------------
# Computing


def compute_due(
    start: date | datetime | str,
    period: Period | str,
    *,
    calendar: WorkCalendar | None = None,
    events: Iterable[ClockEvent] = (),
    provisional: bool = False,
    weekend_extends: bool = True,
) -> Due:
    """When *period* from *start* falls due, with its explanation.

    *weekend_extends* (CNT-07) chooses the last-day rule of natural-day and month periods: the
    default moves a last day that is not a working day to the next working day; ``False`` moves
    it only when it falls in a holiday break, to the day after the break.
    """
    if calendar is None:
        from govflow.calendar.workcalendar import default_calendar

        calendar = default_calendar()
    p = period if isinstance(period, Period) else Period.parse(period)
    evs = tuple(events)
    if p.unit is PeriodUnit.HOURS:
        return _hours_due(start, p, evs, calendar)
    d0 = check_day(as_date(start, field="start"), field="起算日")
    builder = _Builder(calendar, provisional, d0, p, evs, weekend_extends)
    return builder.run()


class _Builder:
    def __init__(
        self,
        cal: WorkCalendar,
        provisional: bool,
        start: date,
        period: Period,
        events: tuple[ClockEvent, ...],
        weekend_extends: bool,
    ) -> None:
        self.cal = cal
        self.provisional = provisional
        self.start = start
        self.period = period
        self.events = events
        self.weekend_extends = weekend_extends
        self.trace: list[TraceStep] = []
        self.sources: list[Source] = []
        self.skipped: list[DayInfo] = []
        self.lo = start
        self.hi = start

    def cite(self, *ids: str) -> None:
        for i in ids:
            s = source(i)
            if s not in self.sources:
                self.sources.append(s)

    def step(self, code: str, text: str, when: date | None = None, **data: Any) -> None:
        self.trace.append(TraceStep(code, text, when, data))

    def note_span(self, a: date, b: date) -> None:
        self.lo, self.hi = min(self.lo, a, b), max(self.hi, a, b)

    def run(self) -> Due:
        p, start = self.period, self.start
        self.step("start", f"起算日：{_fmt(start)}", start)
        if p.unit is PeriodUnit.ANCHOR:
            if self.events:
                raise PeriodError(
                    f"计时事件（中止、重新起算、延长）不适用于固定日期的期限，如 {p.label()!r}"
                )
            due = self.anchor(start, p)
        elif p.unit in (PeriodUnit.WORKDAYS, PeriodUnit.DAYS):
            due = self.counted(start, p)
        else:
            if self.events:
                raise PeriodError(f"计时事件只适用于按日计算的期限，不适用于 {p.label()!r}")
            due = self.months(start, p)
        return self.finish(due)

    # -- kinds ----------------------------------------------------------------------------------

    def anchor(self, start: date, p: Period) -> date:
        assert p.anchor is not None
        try:
            due = check_day(p.anchor.resolve(start), field="到期日")
        except ValueError as exc:  # a year past date's range (date() refuses year 10000)
            if isinstance(exc, DateRangeError):
                raise
            raise DateRangeError(
                f"到期日：{start.isoformat()} 起“{p.label()}”{range_text()}"
            ) from None
        self.step("anchor", f"期限“{p.label()}”为固定日期 {_fmt(due)}，当日及以前完成", due)
        if due < start:
            self.step("anchor_past", f"该日期早于起算日 {start.isoformat()}，已过期", due)
        self.cite("ANCHOR")
        try:
            info = self.cal.day_info(due)
        except CalendarNotPublished:
            self.step(
                "anchor_day",
                f"{due.year}年节假日安排未发布，未能判断该日是否为休息日；固定日期不因休息日顺延",
                due,
            )
        else:
            if not info.workday:
                self.step(
                    "anchor_day",
                    f"该日为{info.kind.label}"
                    f"{'（' + info.name + '）' if info.name else ''}，固定日期不顺延；"
                    f"最后一个工作日为 {self.cal.roll(due, 'preceding').isoformat()}",
                    due,
                )
        return due

    def counted(self, start: date, p: Period) -> date:
        workdays = p.unit is PeriodUnit.WORKDAYS
        cal = self.cal
        if workdays:
            self.step(
                "rule",
                "按工作日计算：起算日不计入，自次日起第1个工作日为第1日；调休上班日计为工作日"
                if cal.makeup_is_workday
                else "按工作日计算：起算日不计入；调休上班日不计为工作日",
            )
            self.cite("CNT-01", "CNT-05", "CNT-04")
        else:
            self.step("rule", "按自然日计算：开始的当日不计入，自下一日开始计算")
            self.cite("CNT-05")
        total = p.amount
        cursor = start
        restarts = sorted((e for e in self.events if isinstance(e, Restart)), key=lambda e: e.on)
        for r in restarts:
            if r.on < start:
                raise PeriodError(f"重新起算日 {r.on} 早于起算日 {start}")
        if restarts:
            cursor = restarts[-1].on
            self.step(
                "restart", f"{restarts[-1].reason}：自 {_fmt(cursor)} 起重新计算{p.label()}", cursor
            )
            self.cite("CNT-13")
        count_from = cursor
        paused: list[tuple[date, date]] = []  # (a, b]: days not counted
        extensions = [e for e in self.events if isinstance(e, Extension)]
        base_due: date | None = None
        if any(e.approved_on is not None for e in extensions):
            # the original due date: the same period and pauses, without the extensions
            base = _Builder(
                self.cal,
                self.provisional,
                start,
                p,
                tuple(e for e in self.events if not isinstance(e, Extension)),
                self.weekend_extends,
            )
            base_due = base.counted(start, p)
        for e in extensions:
            total += e.days
            self.step(
                "extension",
                f"{e.reason}：延长{e.days}{'个工作日' if workdays else '日'}"
                + (f"（{e.approved_on.isoformat()}批准）" if e.approved_on else ""),
                e.approved_on,
                days=e.days,
            )
            if e.approved_on is not None and base_due is not None and e.approved_on > base_due:
                self.step(
                    "extension_late",
                    f"注意：延期于 {e.approved_on.isoformat()} 批准，晚于原"
                    f"期限 {base_due.isoformat()}（延期应在原期限内决定并告知申请人）",
                    e.approved_on,
                )
            self.cite("OGI-03")
        pauses = sorted((e for e in self.events if isinstance(e, Pause)), key=lambda e: e.start)
        counted = 0
        for pause in pauses:
            if pause.end <= cursor:
                self.step(
                    "pause_ignored",
                    f"中止 {pause.start}～{pause.end} 早于计算起点，不影响期限",
                    pause.start,
                )
                continue
            pause_from = max(pause.start, cursor)
            used = self.between(cursor, pause_from, workdays)
            if counted + used >= total:
                self.step(
                    "pause_ignored",
                    f"中止 {pause.start}～{pause.end} 开始时期限已届满，不影响期限",
                    pause.start,
                )
                break
            counted += used
            self.step(
                "pause",
                f"{pause.reason}：{pause.start.isoformat()} 至 "
                f"{pause.end.isoformat()} 期间不计入期限（此前已计 {counted}"
                f"{'个工作日' if workdays else '日'}）",
                pause.start,
                start=pause.start.isoformat(),
                end=pause.end.isoformat(),
                counted=counted,
            )
            self.cite("CNT-12")
            paused.append((pause_from, pause.end))
            cursor = pause.end
        due = self.advance(cursor, total - counted, workdays)
        unit = "个工作日" if workdays else "日"
        self.step(
            "count",
            f"自 {cursor.isoformat()} 起第{total - counted}{unit}为 {_fmt(due)}"
            if total - counted > 0
            else f"期限为起算当日 {_fmt(due)}（同步完成）",
            due,
            remaining=total - counted,
        )
        self.collect_skipped(count_from, due, paused)
        if not workdays and total > 0:  # a same-day duty (0日) is due on the day itself
            due = self.last_day(due)
        return due

    def advance(self, cursor: date, n: int, workdays: bool) -> date:
        if workdays:
            due = self.cal.add_workdays(cursor, n, provisional=self.provisional)
        else:
            due = shift_days(cursor, n)
        self.note_span(cursor, due)
        return due

    def between(self, a: date, b: date, workdays: bool) -> int:
        self.note_span(a, b)
        if workdays:
            return self.cal.workdays_between(a, b, provisional=self.provisional)
        return (b - a).days

    def months(self, start: date, p: Period) -> date:
        months = p.amount * (12 if p.unit is PeriodUnit.YEARS else 1)
        year, month = shift_months(start, months)  # bounded: relativedelta would overflow
        raw = date(year, month, min(start.day, monthrange(year, month)[1]))
        self.cite("CNT-09")
        corresponding = raw.day == start.day
        self.step(
            "months",
            f"按{'年' if p.unit is PeriodUnit.YEARS else '月'}计算：到期月的对应日为 "
            f"{_fmt(raw)}" + ("" if corresponding else "（没有对应日，以月末日为最后一日）"),
            raw,
        )
        self.note_span(start, raw)
        return self.last_day(raw)

    def last_day(self, end: date) -> date:
        cal, prov = self.cal, self.provisional
        info = cal.day_info(end, provisional=prov)
        self.note_span(end, end)
        self.cite("CNT-06")
        if info.workday:
            self.step("last_day", f"最后一日 {end.isoformat()} 为工作日，不顺延", end)
            return end
        label = f"{info.kind.label}{'（' + info.name + '）' if info.name else ''}"
        if self.weekend_extends:
            moved = cal.next_workday(end, provisional=prov)
            self.cite("CNT-07")
            self.step(
                "last_day",
                f"最后一日 {end.isoformat()} 为{label}，顺延至其后第一个工作日 {_fmt(moved)}",
                moved,
            )
        else:
            in_break = info.kind in (DayKind.HOLIDAY, DayKind.REST_DAY) or (
                info.kind is DayKind.WEEKEND and info.name is not None
            )
            if not in_break:
                self.step(
                    "last_day",
                    f"最后一日 {end.isoformat()} 为{label}，非法定休假日，不顺延"
                    "（周末不顺延的读法）",
                    end,
                )
                return end
            moved = end
            while True:
                nxt = cal.day_info(moved + timedelta(days=1), provisional=prov)
                if nxt.workday or nxt.name is None:
                    moved = nxt.date
                    break
                moved = nxt.date
            self.step(
                "last_day",
                f"最后一日 {end.isoformat()} 在{info.holiday_break or info.name}假期内，以假期结束的次日"
                f" {_fmt(moved)} 为最后一日",
                moved,
            )
        self.note_span(end, moved)
        self.skipped.extend(
            info
            for info in cal.days(end, moved - timedelta(days=1), provisional=prov)
            if info not in self.skipped
        )
        return moved

    def collect_skipped(
        self, start: date, due: date, paused: Sequence[tuple[date, date]] = ()
    ) -> None:
        """Rest days with names and make-up workdays in (start, due], outside the pauses."""
        if due <= start:
            return
        span = (due - start).days
        if span > 400:  # explanations list the rest days of at most about a year
            return
        days = [  # holidays, rest and make-up days: the ordinary days need no mention
            info
            for info in self.cal.notable_days(
                start + timedelta(days=1), due, provisional=self.provisional
            )
            if not any(a < info.date <= b for a, b in paused)
        ]
        for info in days:
            if not info.workday and (info.kind is not DayKind.WEEKEND or info.name):
                self.skipped.append(info)
        if self.skipped and self.period.unit is PeriodUnit.WORKDAYS:
            names = "、".join(
                f"{d.date.month}月{d.date.day}日（{d.name or d.kind.label}）"
                for d in self.skipped[:12]
            )
            more = f"等{len(self.skipped)}天" if len(self.skipped) > 12 else ""
            self.step("skip", f"跳过节假日：{names}{more}（周末另计）")
        makeup = [d for d in days if d.kind is DayKind.MAKEUP_WORKDAY]
        if makeup and self.period.unit is PeriodUnit.WORKDAYS:
            self.step(
                "makeup",
                "计入调休上班日："
                + "、".join(
                    f"{d.date.isoformat()}（星期{WEEKDAYS_ZH[d.date.weekday()]}）" for d in makeup
                ),
            )

    def finish(self, due: date) -> Due:
        cal = self.cal
        lo, hi = self.lo, max(self.hi, due)
        unknown = cal.unknown_years(lo, hi) if self.period.unit is not PeriodUnit.ANCHOR else ()
        notices = cal.relied_on(lo, hi) if self.period.unit is not PeriodUnit.ANCHOR else ()
        status = DayStatus.PROVISIONAL if unknown else DayStatus.OFFICIAL
        refs: list[NoticeRef] = [r for n in notices for r in n.refs]
        if self.period.unit is not PeriodUnit.ANCHOR:  # regional adjustments relied on
            refs.extend(a.ref() for a in cal.adjustments if lo < a.day <= hi)
        if unknown:
            self.step(
                "calendar",
                f"{'、'.join(map(str, unknown))}年节假日安排尚未发布，按法定节假日估算"
                "（不含调休），结果为临时结果；通知发布后须重新计算",
                years=list(unknown),
            )
        else:
            self.step(
                "calendar",
                "依据已发布的节假日安排："
                + ("、".join(r.cite() for r in refs) or "无需节假日安排"),
                years=[n.year for n in notices],
            )
        return Due(
            start=self.start,
            period=self.period,
            due=due,
            status=status,
            trace=tuple(self.trace),
            sources=tuple(self.sources),
            skipped=tuple(self.skipped),
            notices=tuple(refs),
            calendar_version=cal.version,
            provisional_years=unknown,
            notice_years=tuple(n.year for n in notices),
            events=self.events,
            weekend_extends=self.weekend_extends,
        )


def compute_request(
    request: DueRequest, *, calendar: WorkCalendar | None = None, provisional: bool = False
) -> Due:
    """:func:`compute_due` of a saved :class:`DueRequest` (e.g. on a calendar with a new notice)."""
    return compute_due(
        request.start,
        request.period,
        calendar=calendar,
        events=request.events,
        provisional=provisional,
        weekend_extends=request.weekend_extends,
    )


def _hours_due(start: object, p: Period, events: Sequence[ClockEvent], cal: WorkCalendar) -> Due:
    if events:
        raise PeriodError("计时事件不适用于按小时计算的期限")
    t0 = check_day(as_datetime(start, field="start"), field="起算时刻")
    due = shift_hours(t0, p.amount)
    trace = (
        TraceStep("start", f"起算时刻：{_fmt(t0)}"),
        TraceStep(
            "hours", f"按小时计算，自起算时刻起连续计算{p.amount}小时，节假日不扣除：{_fmt(due)}"
        ),
    )
    return Due(
        start=t0,
        period=p,
        due=due,
        status=DayStatus.OFFICIAL,
        trace=trace,
        sources=(source("CNT-10"),),
        skipped=(),
        notices=(),
        calendar_version=cal.version,
    )


def with_events(due: Due, *events: ClockEvent, calendar: WorkCalendar | None = None) -> Due:
    """Recompute *due* with more clock events (e.g. a pause recorded after the first answer)."""
    merged = evolve(due, events=(*due.events, *events))
    return compute_due(
        merged.start,
        merged.period,
        calendar=calendar,
        events=merged.events,
        provisional=due.provisional,
        weekend_extends=due.weekend_extends,
    )
