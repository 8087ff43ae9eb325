"""Deadlines from a trigger event: each record starts a period on the official calendar.

The clock may pause (征求意见), restart (补正) or be extended (延期), within the caps of the
obligation's :class:`~govflow.plan.settings.ClockSettings`; a monitoring indicator counts plain
calendar days instead, and a minimum posting period asks for the notice to stay up long enough.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from attrs import evolve

from govflow.calendar.workcalendar import CalendarNotPublished
from govflow.compliance.base import ObligationRule, action_text, as_day
from govflow.compliance.context import Context
from govflow.compliance.fields import FIELD_LABELS, matches
from govflow.compliance.findings import Finding, Status
from govflow.compliance.findingset import CaseBlock, Findings
from govflow.compliance.records import Record
from govflow.periods.core import Due, Period, PeriodError, PeriodUnit
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Deadline, Obligation, RuleVersion
from govflow.plan.settings import ClockSettings
from govflow.text.dates import DateRangeError, shift_days, shift_months

__all__ = ["TriggeredRule", "calendar_reason", "monitoring_due"]

_RECEIVED_LABEL = "“征求意见书收到日期”"
_ARTICLE_32 = "《中华人民共和国政府信息公开条例》第三十二条自被征求方收到征求意见书之日起算"


def calendar_reason(exc: CalendarNotPublished) -> str:
    """Why a row whose dates need an unpublished year's holiday notice is rejected."""
    return (
        f"计算期限需要 {exc.year} 年的节假日安排通知，该通知尚未发布或未载入"
        f"（涉及 {exc.day.isoformat()}）；可用 --notice 载入通知文件，或加 --provisional 估算"
    )


class TriggeredRule(ObligationRule):
    """Each matching record starts the period; its completion field must fall by the due date."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        assert isinstance(ob.rule, Deadline)
        self.evidence = ob.evidence
        self.clock = ob.clock
        self.period = self.clock.period(ob.rule.period)
        self.consumes = frozenset({self.evidence.kind})  # type: ignore[misc]
        # what shows the case done: the end of the posting, or the completion date
        ev = self.evidence
        shown = ev.ends if self.clock.minimum_posting and ev.ends else ev.done
        # a field the rule requires to apply at all is not needed to judge: without its column
        # no row is in the rule's scope (no 补正 column, no 补正 to notify in time)
        self.needs = {ev.kind: (shown,)} if shown and shown not in ev.requires else {}
        self.unit_set = set(self.units)
        self.results: list[Finding] = []
        self.blocks: list[tuple[int, CaseBlock]] = []
        """The cases the engine judged, as columns (:class:`CaseBlock`), each with the number of
        :attr:`results` found before it."""
        self._versions: dict[RuleVersion, tuple[ClockSettings, Period, Citation, str]] = {}
        self._in_force: dict[date, RuleVersion | None] = {}  # trigger day -> its version
        self._accounts: dict[tuple[Any, ...], tuple[Due, str, tuple[str, ...]]] = {}

    def _terms(self, version: RuleVersion | None) -> tuple[ClockSettings, Period, Citation, str]:
        """The clock settings, period, citation and threshold text a case is judged by: the
        obligation's own, or those of the *version* in force on its trigger date."""
        if version is None:
            return self.clock, self.period, self.source, self.threshold
        terms = self._versions.get(version)
        if terms is None:
            terms = self._versions[version] = self._version_terms(version)
        return terms

    def _version_terms(self, version: RuleVersion) -> tuple[ClockSettings, Period, Citation, str]:
        settings = version.settings
        clock = settings if isinstance(settings, ClockSettings) else self.clock
        assert isinstance(self.ob.rule, Deadline)
        rule = Deadline(version.period or self.ob.rule.period, self.ob.rule.trigger)
        described = evolve(self.ob, rule=rule, settings=clock).describe()
        where = f"{version.citation.cite()}，{version.validity()}"
        origin = "" if self.ob.origin == "plan" else f"；{self.ob.origin}插件默认值"
        threshold = f"{described}（依据：{where}{origin}）"
        return clock, clock.period(rule.period), version.citation, threshold

    def _not_in_force(self, record: Record, unit: str, day: date) -> None:
        """A case whose trigger date no version covers: not judged by a rule not then in force,
        and reported as not applicable, saying why."""
        versions = self.ob.versions
        first, last = versions[0], versions[-1]
        label = FIELD_LABELS.get(self.evidence.trigger or "", self.evidence.trigger)
        if day < first.valid_from:
            why = (
                f"{label} {day} 早于本规则最早版本的施行日期 {first.valid_from}"
                f"（{first.citation.document}），当时该规定尚未施行，不据此判断"
            )
        else:
            assert last.valid_until is not None
            why = (
                f"{label} {day} 晚于本规则最后版本的失效日期 {last.valid_until}"
                f"（{last.citation.document}），该规定已不再施行，不据此判断"
            )
        self.results.append(
            self.finding(
                Status.NOT_APPLICABLE,
                unit,
                case=str(record.data.get("id") or record.ref),
                evidence=(record.ref,),
                evidence_count=1,
                explanation=why,
            )
        )

    def _events(
        self, record: Record, ctx: Context, clock: ClockSettings, source: Citation
    ) -> tuple[list[Any], list[str]] | None:
        """Clock events from the record's fields, and notes on how they were read; ``None``
        (row rejected, naming the field the event comes from) if inconsistent."""
        from govflow.periods.core import Extension, Pause, Restart

        ev, data = self.evidence, record.data
        events: list[Any] = []
        notes: list[str] = []
        name = ""
        try:
            # what happened after the moment of checking is not yet known then
            if ev.restart and _known(data.get(ev.restart), ctx.as_of):
                name = ev.restart
                events.append(Restart(as_day(data[ev.restart])))
            if ev.pause_start and _known(data.get(ev.pause_start), ctx.as_of):
                name = ev.pause_start
                begin = as_day(data[ev.pause_start])
                end = as_day(data.get(ev.pause_end or ""))
                if end is None or end > ctx.as_of:
                    end = ctx.as_of  # still consulting
                cap = clock.max_pause_workdays
                if cap is not None and begin is not None:
                    # the consulted party has this long from its receipt of the request
                    # (条例第三十二条): waiting longer counts
                    received = as_day(data.get(ev.pause_received or ""))
                    if received is not None:
                        name = ev.pause_received or name
                    limit = ctx.calendar.add_workdays(
                        received or begin, cap, provisional=ctx.provisional
                    )
                    if received is None and ev.pause_received and end > limit:
                        # the cap bites, and from the dispatch only for want of the receipt
                        notes.append(
                            f"未填{_RECEIVED_LABEL}：被征求方的{cap}个工作日按发出征求意见之日"
                            f" {begin} 起算（{_ARTICLE_32}）"
                        )
                    end = min(end, limit)
                events.append(Pause(begin, end))
            approved_at = data.get(ev.extension_approved or "")
            if (
                ev.extension
                and data.get(ev.extension) is not None
                and (approved_at is None or _known(approved_at, ctx.as_of))
            ):
                name = ev.extension
                days = self._extension_days(data[ev.extension], clock, source)
                if days:
                    approved = approved_at
                    events.append(Extension(days, as_day(approved)))
        except PeriodError as exc:
            ctx.reject(record, name, str(exc))
            return None
        except CalendarNotPublished as exc:
            ctx.reject(record, name, calendar_reason(exc))
            return None
        except ValueError as exc:
            ctx.reject(record, name, str(exc))
            return None
        return events, notes

    def _extension_days(self, value: Any, clock: ClockSettings, source: Citation) -> int:
        """The working days an extension adds: a whole number from 0 to the legal cap
        (``ValueError`` with the reason otherwise)."""
        name = self.evidence.extension
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{name} 应为延长的工作日数（整数），实际为 {value!r}")
        if value < 0:
            raise ValueError(f"延长的工作日数不能为负数，实际为 {value}")
        cap = clock.max_extension_workdays
        if cap is not None and value > cap:
            raise ValueError(
                f"延长 {value} 个工作日，超过上限 {cap} 个工作日（{self.id} 的设置"
                f" max_extension_workdays，依据{source.document}{source.clause}）"
            )
        return value

    def feed(self, record: Record, ctx: Context) -> None:
        ev, data = self.evidence, record.data
        if ev.where and not matches(record.kind, ev.where, data):
            return
        if ev.requires and any(data.get(name) is None for name in ev.requires):
            return
        if ev.unless and data.get(ev.unless):
            return
        unit = ctx.unit_of(record)
        if unit is None or unit not in self.unit_set:
            return
        version = None
        if self.ob.versions:
            trigger_day = as_day(data.get(ev.trigger or ""))
            if trigger_day is not None:
                known = self._in_force
                if trigger_day in known:
                    version = known[trigger_day]
                else:
                    version = known[trigger_day] = self.ob.version_on(trigger_day)
                if version is None:
                    self._not_in_force(record, unit, trigger_day)
                    return
        clock, period, source, threshold = self._terms(version)
        awaiting = clock.awaiting
        if (
            awaiting
            and _known(record.data.get(awaiting), ctx.as_of)
            and ev.restart
            and not _known(record.data.get(ev.restart), ctx.as_of)
        ):
            # 补正 notified and not yet received: the period will count afresh (条例第三十条)
            self.results.append(
                self.finding(
                    Status.NOT_APPLICABLE,
                    unit,
                    case=str(record.data.get("id") or record.ref),
                    evidence=(record.ref,),
                    evidence_count=1,
                    explanation="已告知补正，尚未收到补正后的申请：答复期限自收到补正之日起重新计算",
                    **self._cited(version, source, threshold),
                )
            )
            return
        start = record.data.get(ev.trigger or "")
        if start is None:
            ctx.reject(
                record,
                ev.trigger or "",
                f"缺少字段 {ev.trigger}：计算 {self.id} 的期限（{period.label()}）需要它的日期",
            )
            return
        start_day = as_day(start)
        assert start_day is not None
        if start_day > ctx.as_of:
            return  # not yet started at the moment of checking: its clock events neither
        read = self._events(record, ctx, clock, source)
        if read is None:
            return
        events, notes = read
        try:
            if clock.monitoring:
                due = monitoring_due(start_day, period)
            else:
                due = ctx.compute_due(start, period, events)
        except CalendarNotPublished as exc:
            ctx.reject(record, ev.trigger or "", calendar_reason(exc))
            return
        except (PeriodError, DateRangeError) as exc:  # a due date past the computable range
            ctx.reject(record, ev.trigger or "", str(exc))
            return
        due_day = as_day(due.due)
        assert due_day is not None
        done_at: Any = None
        if clock.minimum_posting and ev.ends:
            ends = as_day(record.data.get(ev.ends))
            status = (
                Status.MET
                if ends is not None and ends >= due_day
                else Status.VIOLATED
                if ends is not None or due_day < ctx.as_of
                else Status.PENDING
            )
            done = ends
        else:
            done_at = record.data.get(ev.done or "")
            done = as_day(done_at)
            if done is not None and done > ctx.as_of:
                done = None  # completed after the moment of checking: not yet known then
            status = ctx.deadline_status(due_day, done)
            if done is not None and isinstance(due.due, datetime) and isinstance(done_at, datetime):
                # a limit in hours (舆情回应): judged to the minute, not by the day
                status = Status.MET if done_at <= due.due else Status.VIOLATED
        case = str(record.data.get("id") or record.ref)
        head, trace = self._account(due, start_day, period, version, tuple(notes))
        hourly = isinstance(due.due, datetime)  # an hour limit is told to the minute
        finished = _moment(done_at) if hourly and done is not None else str(done)
        expl = (
            head
            + "；"
            + (f"{'完成' if not ev.ends else '公示至'} {finished}" if done else "尚未完成")
        )
        self.results.append(
            self.finding(
                status,
                unit,
                due=due_day,
                # a posting's planned end after the moment is not yet a fact
                done=done if done is not None and done <= ctx.as_of else None,
                case=case,
                evidence=(record.ref,),
                evidence_count=1,
                explanation=expl,
                trace=trace,
                entity=record.data.get("village"),
                action=action_text(
                    status,
                    due_day,
                    self.title,
                    done=done,
                    posting=period.label() if clock.minimum_posting and done else None,
                ),
                **self._cited(version, source, threshold),
            )
        )

    def _account(
        self,
        due: Due,
        start_day: date,
        period: Period,
        version: RuleVersion | None,
        notes: tuple[str, ...],
    ) -> tuple[str, tuple[str, ...]]:
        """The explanation up to the completion (「收到 2023-06-24起20个工作日，期限 2023-07-20」)
        and the trace of a case: the same for every case of one trigger date and version, so
        built once for them (kept with *due*, so that its id is not reused while remembered)."""
        key = (id(due), start_day, period, version, notes)
        known = self._accounts.get(key)
        if known is not None:
            return known[1], known[2]
        label = FIELD_LABELS.get(self.evidence.trigger or "", self.evidence.trigger)
        # a fixed date after the event (「年底前」) is not counted from it
        since = "，" if period.unit is PeriodUnit.ANCHOR else "起"
        head = (
            f"{label} {_moment(due.start) if period.unit is PeriodUnit.HOURS else start_day}"
            f"{since}{period.label()}，期限 {_moment(due.due)}"
            + self._crossing(due)
            + _provisional_note(due)
        )
        trace = (*notes, *(s.text for s in due.trace))
        if version is not None:
            # which version judged the case, and why that one: the first step of the account (the
            # finding's source and threshold cite it too)
            applies = (
                f"适用{version.citation.document}{version.citation.clause}"
                f"（{version.validity()}）：{label} {start_day} 在其施行期间内"
            )
            trace = (applies, *trace)
        self._accounts[key] = (due, head, trace)
        return head, trace

    def _cited(
        self, version: RuleVersion | None, source: Citation, threshold: str
    ) -> dict[str, Any]:
        """The finding's citation, threshold and version when a version judged the case
        (nothing to change otherwise: the obligation's own)."""
        if version is None:
            return {}
        return {"source": source, "threshold": threshold, "version": version}

    @staticmethod
    def _crossing(due: Due) -> str:
        """The holiday breaks the period crossed, in a few words: 「（跨中秋节、国庆节假期9月29日至
        10月6日）」, 「（跨清明节假期4月5日、劳动节假期4月29日至5月3日）」.  Their days were not
        counted, or the last day was moved past them; the trace gives the full account."""
        spans: dict[str, list[date]] = {}
        for info in due.skipped:
            name = info.holiday_break or info.name
            if name:
                spans.setdefault(name, []).append(info.date)
        if not spans:
            return ""

        def span(days: list[date]) -> str:
            first, last = min(days), max(days)
            return (
                f"{first.month}月{first.day}日"
                if first == last
                else f"{first.month}月{first.day}日至{last.month}月{last.day}日"
            )

        return "（跨" + "、".join(f"{name}假期{span(days)}" for name, days in spans.items()) + "）"

    def add_block(self, block: CaseBlock) -> None:
        """Cases judged by the engine, after the findings so far."""
        self.blocks.append((len(self.results), block))

    def finish(self, ctx: Context) -> Iterable[Finding]:
        if not self.blocks:
            return self.results
        parts: list[list[Finding] | CaseBlock] = []
        done = 0
        for at, block in self.blocks:
            parts += [self.results[done:at], block]
            done = at
        parts.append(self.results[done:])
        return Findings(parts)


@functools.lru_cache(maxsize=4096)  # a ledger's cases share a few hundred start days
def monitoring_due(start: date, period: Period) -> Due:
    """A look-back of monitoring indicators: plain calendar arithmetic, never moved for rest
    days (monitoring runs on holidays too; 国办秘函〔2019〕19号)."""
    from dateutil.relativedelta import relativedelta

    from govflow.calendar.workcalendar import DayStatus
    from govflow.periods.core import PeriodUnit, TraceStep

    if period.unit is PeriodUnit.DAYS:
        end = shift_days(start, period.amount)
    elif period.unit in (PeriodUnit.MONTHS, PeriodUnit.YEARS):
        months = period.amount * (12 if period.unit is PeriodUnit.YEARS else 1)
        year, month = shift_months(start, months)  # bounded: relativedelta would overflow
        end = date(year, month, 1) + relativedelta(day=start.day)
    else:
        raise PeriodError(f"监测回看期限应以日或月计，不能是{period.label()}")
    step = TraceStep(
        "monitoring", f"监测指标：自 {start} 起{period.label()}至 {end}，节假日不顺延", end
    )
    return Due(
        start=start,
        period=period,
        due=end,
        status=DayStatus.OFFICIAL,
        trace=(step,),
        sources=(),
        skipped=(),
        notices=(),
        calendar_version="",
    )


def _known(value: Any, as_of: date) -> bool:
    """Whether a clock event's date is filled and falls by the moment of checking (a 补正 or
    a consultation after it has not happened yet then)."""
    day = as_day(value)
    return day is not None and day <= as_of


def _moment(value: Any) -> str:
    """A day as ``2023-10-18``; a moment (an hour limit's start and end) as ``2023-10-18 14:30``
    in Beijing time."""
    if isinstance(value, datetime):
        from govflow.text.dates import BEIJING

        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    return str(as_day(value))


def _provisional_note(due: Due) -> str:
    """「（临时：2027年节假日安排未发布，按估算）」 for a deadline computed with --provisional."""
    if not due.provisional:
        return ""
    years = "、".join(str(y) for y in due.provisional_years)
    return f"（临时：{years}年节假日安排未发布，按估算）"
