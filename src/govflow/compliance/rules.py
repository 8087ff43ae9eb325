"""Rules: records and due dates in, findings out.

A :class:`Rule` has an id, a Chinese title, its area, its source, a severity (单项否决, 扣分,
提醒), and turns records into :class:`Finding` s: met, violated, at risk (due within the lead
time), pending, or not applicable.  Rules come from two places:

* every obligation of the plan that says what evidence meets it becomes a generic rule
  (:func:`obligation_rules`): quotas count records per unit and window, recurrences look for
  the record of each occurrence, anchor deadlines for a record by the date, triggered deadlines
  compute each case's due date on the official calendar (with its explanation);
* area plugins contribute rules of their own through ``govflow_rules`` (the two-week rule of
  政务新媒体, 依申请公开 with pauses and restarts ...).

Rules stream: a rule either takes records one by one (:meth:`Rule.feed`), or reads the daily
counts the engine keeps per unit and day (:attr:`Rule.aggregates`), so memory does not grow
with the number of rows beyond those counters.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timedelta
from operator import methodcaller
from typing import Any, ClassVar

from attrs import define, field, frozen

from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar
from govflow.compliance.records import Record, Rejected
from govflow.periods.core import Due, Period, PeriodError, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Citation,
    Deadline,
    Evidence,
    Obligation,
    Per,
    Quota,
    Recurrence,
    Severity,
    Window,
)
from govflow.plan.schedule import occurrence_dates, windows
from govflow.plan.units import UnitError

__all__ = [
    "DATE_FIELDS",
    "Context",
    "DailyCounts",
    "Finding",
    "Rule",
    "StalenessRule",
    "Status",
    "matches",
    "obligation_rules",
    "post_category",
]

#: The field that dates a record of each built-in kind, for counting.
DATE_FIELDS = {
    "post": "time",
    "event": "date",
    "disclosure": "published",
    "message": "received",
    "application": "received",
}

MAX_EVIDENCE = 5

#: Chinese words for the record fields explanations mention.
FIELD_LABELS = {
    "received": "收到",
    "trigger": "形成（批准、批复、印发）",
    "published": "公开",
    "replied": "答复",
    "date": "日期",
    "time": "发布",
}


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "title": self.title,
            "area": self.area,
            "status": self.status.value,
            "severity": self.severity.value,
            "unit": self.unit,
            "entity": self.entity,
            "case": self.case,
            "due": self.due.isoformat() if self.due else None,
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


def post_category(data: Mapping[str, Any]) -> str:
    """A post's category: its own, else 动态 for news-like columns (the column's name contains
    动态, 要闻, 新闻 or 资讯), else its column."""
    cat = data.get("category")
    if cat:
        return str(cat)
    column = data.get("column")
    column = str(column) if column else ""
    if "动态" in column or "要闻" in column or "新闻" in column or "资讯" in column:
        return "动态"
    return column


def _value(kind: str, data: Mapping[str, Any], name: str) -> Any:
    """The value of field *name* that rules compare and group by: a post's category is
    :func:`post_category`; a missing yes/no field is ``False``; else the field (or ``None``)."""
    if name == "category" and kind == "post":
        return post_category(data)
    value = data.get(name)
    if value is None and name in _BOOL_FIELDS:
        return False
    return value


_BOOL_FIELDS = {"original", "simple", "homepage", "abandoned"}


def matches(kind: str, where: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    """Whether a record's fields satisfy *where* (a list value matches any item)."""
    for key, wanted in where.items():
        value = _value(kind, data, key)
        if isinstance(wanted, list):
            if value not in wanted:
                return False
        elif isinstance(wanted, bool):
            if bool(value) is not wanted:
                return False
        elif value != wanted:
            return False
    return True


@define
class DailyCounts:
    """Counts of one record kind per (unit, day, grouping values), with a first row each.

    A record's grouping values are :func:`_value` of each of *fields* (a post's category
    derived from its column, a missing yes/no field ``False``); its first row is ``file:line``.
    """

    kind: str
    fields: tuple[str, ...]
    cells: dict[tuple[Any, ...], list[Any]] = field(factory=dict)
    _key: Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]] = field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        self._key = self._key_maker(self.kind, self.fields)

    @staticmethod
    def _getter(kind: str, name: str) -> Callable[[Mapping[str, Any]], Any]:
        """``lambda data: _value(kind, data, name)``, specialised (the counting hot path)."""
        if name == "category" and kind == "post":
            return post_category
        if name in _BOOL_FIELDS:

            def flag(data: Mapping[str, Any]) -> Any:
                value = data.get(name)
                return False if value is None else value

            return flag
        return methodcaller("get", name)

    @staticmethod
    def _key_maker(
        kind: str, fields: Sequence[str]
    ) -> Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]]:
        """``lambda unit, day, data: (unit, day, *(_value(kind, data, f) for f in fields))``."""
        getters = tuple(DailyCounts._getter(kind, f) for f in fields)
        if not getters:
            return lambda unit, day, data: (unit, day)
        if len(getters) == 1:
            (g0,) = getters
            return lambda unit, day, data: (unit, day, g0(data))
        if len(getters) == 2:
            g0, g1 = getters
            return lambda unit, day, data: (unit, day, g0(data), g1(data))
        return lambda unit, day, data: (unit, day, *[g(data) for g in getters])

    @property
    def reads(self) -> tuple[str, ...]:
        """The record fields the grouping values are computed from (a post's category reads
        its category and its column)."""
        out: list[str] = []
        for name in self.fields:
            for used in (
                ("category", "column") if name == "category" and self.kind == "post" else (name,)
            ):
                if used not in out:
                    out.append(used)
        return tuple(out)

    def key_of(self, unit: str, day: int, data: Mapping[str, Any]) -> tuple[Any, ...]:
        """The cell a record of *data* counts in: ``(unit, day, *grouping values)``."""
        return self._key(unit, day, data)

    def add_key(self, key: tuple[Any, ...], count: int, ref: str) -> None:
        """Count *count* records in the cell *key*; *ref* is its first row if the cell is new."""
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [count, ref]
        else:
            cell[0] += count

    def merge(self, other: DailyCounts) -> None:
        """Move the cells of *other* here, counted after this one's (cells new here keep their
        order); *other* is left empty."""
        if not self.cells:
            self.cells, other.cells = other.cells, {}
            return
        add = self.add_key
        for key, (count, ref) in other.cells.items():
            add(key, count, ref)
        other.cells = {}

    def add(self, unit: str, day: int, record: Record) -> None:
        self.add_fields(unit, day, record.data, record.source, record.line)

    def add_fields(
        self, unit: str, day: int, data: Mapping[str, Any], source: str, line: int
    ) -> None:
        """:meth:`add` for the record of *data* read from *source* at *line*, not made."""
        key = self._key(unit, day, data)
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [1, f"{source}:{line}"]
        else:
            cell[0] += 1

    def rows(self) -> Iterator[tuple[str, int, dict[str, Any], int, str]]:
        """(unit, day ordinal, values by field, count, first row) for every cell (a new
        ``dict`` of values each time: rules may change theirs)."""
        names = self.fields
        if len(names) == 2:
            n0, n1 = names
            for (unit, day, v0, v1), (count, ref) in self.cells.items():
                yield unit, day, {n0: v0, n1: v1}, count, ref
            return
        for key, (count, ref) in self.cells.items():
            yield key[0], key[1], dict(zip(names, key[2:], strict=True)), count, ref


@define
class Context:
    """What every rule sees: the plan, the calendar, the moment of checking, the counters."""

    plan: Plan
    calendar: WorkCalendar
    as_of: date
    start: date
    lead_time: int = 3
    provisional: bool = False
    rejected: list[Rejected] = field(factory=list)
    daily: dict[str, DailyCounts] = field(factory=dict)
    _units: dict[str, str | None] = field(factory=dict)
    _rejected_keys: set[tuple[str, int]] = field(factory=set)

    @property
    def plan_end(self) -> date:
        """The last day of the plan's period, 31 December of its year: the windows, occurrences
        and monitoring points of its recurring duties end there (as its agenda does), since the
        next year's plan takes over.  Deadlines it sets later (次年1月31日前) and the cases its
        records started are still judged as of :attr:`as_of`."""
        return date(self.plan.year, 12, 31)

    def unit_of(self, record: Record) -> str | None:
        """The canonical unit of a record, or ``None`` (and the row rejected) if unknown."""
        raw = record.data.get("unit", "")
        if raw in self._units:
            canonical = self._units[raw]
        else:
            try:
                units = self.plan.directory.expand(raw)
                canonical = units[0].name if len(units) == 1 else None
            except UnitError:
                canonical = None
            self._units[raw] = canonical
        if canonical is None:
            self.reject(record, "unit", self._unit_reason(raw))
        return canonical

    def _unit_reason(self, raw: str) -> str:
        try:
            found = self.plan.directory.expand(raw)
        except UnitError as exc:
            hint = f"; closest: {', '.join(exc.suggestions)}" if exc.suggestions else ""
            return f"unknown unit {raw!r}{hint}"
        return f"{raw!r} names a group of {len(found)} units; a record needs one unit"

    def reject(self, record: Record, field_name: str, reason: str) -> None:
        key = (record.source, record.line)
        if key not in self._rejected_keys:
            self._rejected_keys.add(key)
            self.rejected.append(Rejected(record.source, record.line, field_name, reason))

    def is_rejected(self, record: Record) -> bool:
        return (record.source, record.line) in self._rejected_keys

    def compute_due(
        self, start: date | datetime, period: Period, events: Sequence[Any] = ()
    ) -> Due:
        return compute_due(
            start, period, calendar=self.calendar, events=events, provisional=self.provisional
        )

    def deadline_status(self, due: date, done: date | None) -> Status:
        """Met when done by *due*; violated when late or overdue; at risk when due within the
        lead time (working days); else pending."""
        if done is not None:
            return Status.MET if done <= due else Status.VIOLATED
        if due < self.as_of:
            return Status.VIOLATED
        try:
            left = self.calendar.workdays_between(self.as_of, due, provisional=self.provisional)
        except CalendarNotPublished:
            left = (due - self.as_of).days
        return Status.AT_RISK if left <= self.lead_time else Status.PENDING


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

    def wants(self, kind: str) -> bool:
        return kind in self.consumes

    def feed(self, record: Record, ctx: Context) -> None:  # pragma: no cover - default
        """Take one record of a kind in :attr:`consumes`."""

    def finish(self, ctx: Context) -> Iterable[Finding]:
        """The findings, once every record has been read."""
        return ()


# ---------------------------------------------------------------------------------------------
# Generic rules from the plan's obligations


class _ObligationRule(Rule):
    def __init__(self, plan: Plan, ob: Obligation) -> None:
        self.ob = ob
        self.id = ob.id
        self.title = ob.title
        self.area = ob.area
        self.severity = ob.severity
        self.source = ob.citation
        self.units = [u.name for u in plan.owner_units(ob)]
        self.threshold = (
            f"{ob.describe()}（依据：{ob.citation.cite()}"
            + ("" if ob.origin == "plan" else f"；{ob.origin}插件默认值")
            + "）"
        )

    def finding(self, status: Status, unit: str, **kw: Any) -> Finding:
        return Finding(
            self.id,
            self.title,
            self.area,
            status,
            self.severity,
            unit,
            self.source,
            threshold=self.threshold,
            **kw,
        )


def _window_key(window: Window, d: date) -> date:
    if window is Window.WEEK:
        return d - timedelta(days=d.weekday())
    if window is Window.MONTH:
        return d.replace(day=1)
    if window is Window.QUARTER:
        return date(d.year, (d.month - 1) // 3 * 3 + 1, 1)
    return date(d.year, 1, 1)


_ACTION_QUOTA = {"post": "补足发布条数", "event": "组织开展", "disclosure": "按时公开"}


class QuotaRule(_ObligationRule):
    """At least N matching records per unit (or village) in every window."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert isinstance(ob.rule, Quota)
        self.quota: Quota = ob.rule
        group = tuple(sorted(set(self.quota.where)))
        if ob.per is Per.VILLAGE:
            group = (*group, "village")
        self.aggregates = {self.quota.counts: group}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        q = self.quota
        daily = ctx.daily.get(q.counts)
        counts: dict[tuple[str, str | None, date], list[Any]] = {}
        if daily is not None:
            per_village = self.ob.per is Per.VILLAGE
            last_known = ctx.as_of.toordinal()
            for unit, day, values, count, ref in daily.rows():
                if day > last_known:
                    continue  # not yet happened at the moment of checking
                village = values.pop("village", None) if per_village else None
                if not matches(q.counts, q.where, values):
                    continue
                key = (unit, village, _window_key(q.window, date.fromordinal(day)))
                cell = counts.setdefault(key, [0, []])
                cell[0] += count
                if len(cell[1]) < MAX_EVIDENCE:
                    cell[1].append(ref)
        entities: dict[str, list[str | None]] = {u: [None] for u in self.units}
        if self.ob.per is Per.VILLAGE:
            # the directory's villages owe the duty even with no record at all
            for u in ctx.plan.owner_units(self.ob):
                if u.villages:
                    entities[u.name] = list(u.villages)
            for unit, village, _ in counts:
                if unit in entities and village is not None:
                    entities[unit] = [v for v in entities[unit] if v is not None]
                    if village not in entities[unit]:
                        entities[unit].append(village)
        end = max(ctx.as_of, ctx.start)
        for first, last in windows(
            q.window, ctx.start, min(_window_end(q.window, end), ctx.plan_end)
        ):
            if first > ctx.as_of:
                break
            for unit in self.units:
                for entity in entities[unit]:
                    count, refs = counts.get((unit, entity, first), [0, []])
                    if count >= q.minimum:
                        status = Status.MET
                    elif last < ctx.as_of:
                        status = Status.VIOLATED
                    else:
                        status = ctx.deadline_status(last, None)
                    where = f"{first.isoformat()}至{last.isoformat()}"
                    who = unit + (f"·{entity}" if entity else "")
                    explanation = (
                        f"{who}在{where}共{count}条（项），要求{q.describe()}（不少于{q.minimum}）"
                    )
                    action = (
                        ""
                        if status is Status.MET
                        else (
                            f"{_ACTION_QUOTA.get(q.counts, '补足')}：本期还差{q.minimum - count}"
                            if status is not Status.VIOLATED
                            else f"该期未达标（差{q.minimum - count}），须整改并在下期补足"
                        )
                    )
                    yield self.finding(
                        status,
                        unit,
                        due=last,
                        window=(first, last),
                        entity=entity or (None if self.ob.per is not Per.VILLAGE else "各村"),
                        actual=count,
                        expected=q.minimum,
                        evidence=tuple(refs),
                        evidence_count=count,
                        explanation=explanation,
                        action=action,
                    )


def _window_end(window: Window, d: date) -> date:
    first = _window_key(window, d)
    step = {Window.WEEK: timedelta(days=7)}.get(window)
    if step is not None:
        return first + step - timedelta(days=1)
    months = {Window.MONTH: 1, Window.QUARTER: 3, Window.YEAR: 12}[window]
    y, m = divmod(first.month - 1 + months, 12)
    return date(first.year + y, m + 1, 1) - timedelta(days=1)


class RecurrenceRule(_ObligationRule):
    """Each occurrence of a recurrence needs a matching record since the previous one."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        self.evidence: Evidence = ob.evidence
        self.plan = plan
        self.aggregates = {self.evidence.kind: tuple(sorted(set(self.evidence.where)))}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        ev = self.evidence
        days: dict[str, dict[int, str]] = {}
        daily = ctx.daily.get(ev.kind)
        if daily is not None:
            last_known = ctx.as_of.toordinal()
            for unit, day, values, _count, ref in daily.rows():
                if day <= last_known and matches(ev.kind, ev.where, values):
                    days.setdefault(unit, {}).setdefault(day, ref)
        horizon = min(ctx.as_of + timedelta(days=40), ctx.plan_end)
        occ = occurrence_dates(
            self.ob, self.plan, ctx.start, horizon, ctx.calendar, provisional=ctx.provisional
        )
        dues = [d for d, _, _, _ in occ]
        owners = (
            self.units
            if self.ob.per is not Per.ALL
            else ["、".join(self.ob.applies_to or tuple(self.units))]
        )
        pool_units = self.units
        for k, due in enumerate(dues):
            prev = dues[k - 1] if k else ctx.start - timedelta(days=1)
            if prev >= ctx.as_of:
                break
            for owner in owners:
                members = pool_units if self.ob.per is Per.ALL else [owner]
                refs = [
                    ref
                    for u in members
                    for d, ref in days.get(u, {}).items()
                    if prev.toordinal() < d <= due.toordinal()
                ]
                status = (
                    Status.MET
                    if refs
                    else (Status.VIOLATED if due < ctx.as_of else ctx.deadline_status(due, None))
                )
                expl = (
                    f"{prev + timedelta(days=1)}至{due}期间"
                    + (f"有{len(refs)}条记录" if refs else "无记录")
                    + f"（要求：{self.ob.describe()}）"
                )
                yield self.finding(
                    status,
                    owner,
                    due=due,
                    window=(prev + timedelta(days=1), due),
                    evidence=tuple(refs[:MAX_EVIDENCE]),
                    evidence_count=len(refs),
                    explanation=expl,
                    actual=len(refs),
                    expected=1,
                    action=_action(status, due, self.title),
                )


class AnchorRule(_ObligationRule):
    """A matching record dated by the anchor date (per unit, or per village of a township)."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        assert isinstance(ob.rule, Deadline)
        self.evidence = ob.evidence
        anchor = ob.rule.period.anchor
        assert anchor is not None
        self.due = anchor.resolve(plan.issued)
        self.consumes = frozenset({self.evidence.kind})  # type: ignore[misc]
        self.first: dict[tuple[str, str | None], tuple[date, str]] = {}
        self.unit_set = set(self.units)

    def feed(self, record: Record, ctx: Context) -> None:
        ev = self.evidence
        if not matches(record.kind, ev.where, record.data):
            return
        unit = ctx.unit_of(record)
        if unit is None or unit not in self.unit_set:
            return
        when = _as_day(record.data.get(ev.done or DATE_FIELDS.get(record.kind, "date")))
        if when is None:
            ctx.reject(record, ev.done or "date", "the completion date is empty")
            return
        if when > ctx.as_of:
            return  # not yet happened at the moment of checking
        entity = record.data.get("village") if self.ob.per is Per.VILLAGE else None
        key = (unit, entity)
        best = self.first.get(key)
        if best is None or when < best[0]:
            self.first[key] = (when, record.ref)

    def finish(self, ctx: Context) -> Iterable[Finding]:
        villages = {u.name: u.villages for u in ctx.plan.owner_units(self.ob)}
        for unit in self.units:
            keys = [k for k in self.first if k[0] == unit]
            if self.ob.per is Per.VILLAGE:  # the directory's villages owe it, recorded or not
                keys += [(unit, v) for v in villages.get(unit, ()) if (unit, v) not in keys]
            keys = keys or [(unit, None)]
            for key in keys:
                got = self.first.get(key)
                done = got[0] if got else None
                status = ctx.deadline_status(self.due, done)
                entity = key[1] or ("各村" if self.ob.per is Per.VILLAGE else None)
                expl = f"期限 {self.due}（{self.ob.describe()}）；" + (
                    f"已于 {done} 完成" if done else "未见完成记录"
                )
                yield self.finding(
                    status,
                    unit,
                    due=self.due,
                    entity=entity,
                    evidence=(got[1],) if got else (),
                    evidence_count=1 if got else 0,
                    explanation=expl,
                    action=_action(status, self.due, self.title),
                )


class TriggeredRule(_ObligationRule):
    """Each matching record starts the period; its completion field must fall by the due date."""

    def __init__(self, plan: Plan, ob: Obligation) -> None:
        super().__init__(plan, ob)
        assert ob.evidence is not None
        assert isinstance(ob.rule, Deadline)
        self.evidence = ob.evidence
        self.period = ob.rule.period
        self.consumes = frozenset({self.evidence.kind})  # type: ignore[misc]
        self.unit_set = set(self.units)
        self.results: list[Finding] = []

    def _events(self, record: Record, ctx: Context) -> list[Any] | None:
        """Clock events from the record's fields; ``None`` (row rejected) if inconsistent."""
        from govflow.periods.core import Extension, Pause, Restart

        ev, data = self.evidence, record.data
        events: list[Any] = []
        try:
            if ev.restart and data.get(ev.restart) is not None:
                events.append(Restart(_as_day(data[ev.restart])))
            if ev.pause_start and data.get(ev.pause_start) is not None:
                begin = _as_day(data[ev.pause_start])
                end = _as_day(data.get(ev.pause_end or "")) or ctx.as_of  # still consulting
                cap = self.ob.params.get("max_pause_workdays")
                if cap is not None and begin is not None:
                    # the consulted party has this long (条例第三十二条): waiting longer counts
                    end = min(
                        end, ctx.calendar.add_workdays(begin, int(cap), provisional=ctx.provisional)
                    )
                events.append(Pause(begin, end))
            if ev.extension and data.get(ev.extension):
                approved = data.get(ev.extension_approved or "")
                events.append(Extension(int(data[ev.extension]), _as_day(approved)))
        except (PeriodError, TypeError, ValueError) as exc:
            ctx.reject(record, ev.pause_start or ev.restart or ev.extension or "", str(exc))
            return None
        return events

    def feed(self, record: Record, ctx: Context) -> None:
        ev = self.evidence
        if not matches(record.kind, ev.where, record.data):
            return
        if any(record.data.get(name) is None for name in ev.requires):
            return
        if ev.unless and record.data.get(ev.unless):
            return
        unit = ctx.unit_of(record)
        if unit is None or unit not in self.unit_set:
            return
        awaiting = self.ob.params.get("awaiting")
        if (
            awaiting
            and record.data.get(awaiting) is not None
            and ev.restart
            and record.data.get(ev.restart) is None
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
                )
            )
            return
        events = self._events(record, ctx)
        if events is None:
            return
        start = record.data.get(ev.trigger or "")
        if start is None:
            ctx.reject(
                record,
                ev.trigger or "",
                f"{ev.trigger} is needed to compute the "
                f"{self.period.label()} deadline of {self.id}",
            )
            return
        start_day = _as_day(start)
        assert start_day is not None
        if start_day > ctx.as_of:
            return  # not yet started at the moment of checking
        max_ext = self.ob.params.get("max_extension_workdays")
        ext_days = sum(getattr(e, "days", 0) for e in events)
        if max_ext is not None and ext_days > int(max_ext):
            ctx.reject(
                record,
                ev.extension or "extension_days",
                f"an extension of {ext_days} working days exceeds the legal maximum of "
                f"{max_ext} (条例第三十三条第二款)",
            )
            return
        try:
            if self.ob.params.get("monitoring"):
                due = _monitoring_due(start_day, self.period)
            else:
                due = ctx.compute_due(start, self.period, events)
        except CalendarNotPublished as exc:
            ctx.reject(
                record,
                ev.trigger or "",
                f"the deadline needs the {exc.year} holiday "
                "notice, which is not published (use --provisional to estimate)",
            )
            return
        except PeriodError as exc:
            ctx.reject(record, ev.trigger or "", str(exc))
            return
        due_day = _as_day(due.due)
        assert due_day is not None
        if self.ob.params.get("minimum_posting") and ev.ends:
            ends = _as_day(record.data.get(ev.ends))
            status = (
                Status.MET
                if ends is not None and ends >= due_day
                else Status.VIOLATED
                if ends is not None or due_day < ctx.as_of
                else Status.PENDING
            )
            done = ends
        else:
            done = _as_day(record.data.get(ev.done or ""))
            if done is not None and done > ctx.as_of:
                done = None  # completed after the moment of checking: not yet known then
            status = ctx.deadline_status(due_day, done)
        case = str(record.data.get("id") or record.ref)
        label = FIELD_LABELS.get(ev.trigger or "", ev.trigger)
        expl = (
            f"{label} {start_day}起{self.period.label()}，期限 {due_day}"
            + self._crossing(due)
            + "；"
            + (f"{'完成' if not ev.ends else '公示至'} {done}" if done else "尚未完成")
        )
        self.results.append(
            self.finding(
                status,
                unit,
                due=due_day,
                case=case,
                evidence=(record.ref,),
                evidence_count=1,
                explanation=expl,
                trace=tuple(s.text for s in due.trace),
                entity=record.data.get("village"),
                action=_action(status, due_day, self.title),
            )
        )

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

    def finish(self, ctx: Context) -> Iterable[Finding]:
        return self.results


def _monitoring_due(start: date, period: Period) -> Due:
    """A look-back of monitoring indicators: plain calendar arithmetic, never moved for rest
    days (monitoring runs on holidays too; 国办秘函〔2019〕19号)."""
    from dateutil.relativedelta import relativedelta

    from govflow.calendar.workcalendar import DayStatus
    from govflow.periods.core import PeriodUnit, TraceStep

    if period.unit is PeriodUnit.DAYS:
        end = start + timedelta(days=period.amount)
    elif period.unit in (PeriodUnit.MONTHS, PeriodUnit.YEARS):
        months = period.amount * (12 if period.unit is PeriodUnit.YEARS else 1)
        end = start + relativedelta(months=months)
    else:
        raise PeriodError(f"a monitoring look-back needs days or months, not {period.label()}")
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


def _action(status: Status, due: date, title: str) -> str:
    """What the unit must do, by status: nothing, finish by the date, or put right a lapse."""
    if status is Status.MET:
        return ""
    if status is Status.VIOLATED:
        return f"已逾期（期限 {due}），须立即完成{title}并说明逾期原因"
    return f"于{due}前完成{title}"


def _as_day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def obligation_rules(plan: Plan, kinds: Iterable[str]) -> list[Rule]:
    """A generic rule for every obligation of *plan* whose evidence is a known record kind."""
    known = set(kinds)
    out: list[Rule] = []
    for ob in plan.obligations():
        rule = ob.rule
        if isinstance(rule, Quota):
            if rule.counts in known:
                out.append(QuotaRule(plan, ob))
            continue
        ev = ob.evidence
        if ev is None or ev.kind not in known:
            continue
        if isinstance(rule, Recurrence):
            out.append(RecurrenceRule(plan, ob))
        elif isinstance(rule, Deadline) and rule.trigger is None and rule.period.anchor:
            out.append(AnchorRule(plan, ob))
        elif isinstance(rule, Deadline) and ev.trigger:
            out.append(TriggeredRule(plan, ob))
    return out


class StalenessRule(Rule):
    """No gap longer than *max_gap_days* between updates of each entity (an account, a column).

    The monitoring rules of the website and 政务新媒体 indicators (国办秘函〔2019〕19号):
    「监测时间点前2周内无信息更新」 fails.  Every day from the start (plus the gap) to the moment
    of checking (or the end of the plan's year, :attr:`Context.plan_end`, if that comes first) is
    a monitoring point; each stretch of days at which the entity had no update
    within the gap is one violation.  Natural days, not moved for holidays: monitoring runs on
    holidays too.  Entities are those seen in the records, grouped by *entity_field*.
    """

    def __init__(
        self,
        *,
        id: str,
        title: str,
        area: str,
        source: Citation,
        severity: Severity = Severity.VETO,
        kind: str = "post",
        entity_field: str = "site",
        where: Mapping[str, Any] | None = None,
        max_gap_days: int = 14,
        threshold: str = "",
    ) -> None:
        self.id = id
        self.title = title
        self.area = area
        self.source = source
        self.severity = severity
        self.kind = kind
        self.entity_field = entity_field
        self.where = dict(where or {})
        self.max_gap_days = max_gap_days
        self.threshold = threshold or f"{max_gap_days}日内须有更新"
        self.aggregates = {kind: tuple(sorted({entity_field, *self.where}))}

    def finish(self, ctx: Context) -> Iterable[Finding]:
        daily = ctx.daily.get(self.kind)
        if daily is None:
            return
        seen: dict[tuple[str, str], dict[int, str]] = {}
        for unit, day, values, _count, ref in daily.rows():
            if not matches(self.kind, self.where, values):
                continue
            entity = str(values.get(self.entity_field) or "")
            seen.setdefault((unit, entity), {}).setdefault(day, ref)
        gap = self.max_gap_days
        first_check = ctx.start.toordinal() + gap
        last_check = min(ctx.as_of, ctx.plan_end).toordinal()
        for (unit, entity), days in sorted(seen.items()):
            ordered = sorted(d for d in days if d <= last_check)
            stale: list[tuple[int, int]] = []
            previous = ctx.start.toordinal()  # the period starts as if updated on its first day
            for d in [*ordered, last_check + gap + 1]:
                # monitoring points p with no update in (p - gap, p]: p in [previous+gap, d-1]
                lo = max(previous + gap, first_check)
                hi = min(d - 1, last_check)
                if lo <= hi:
                    stale.append((lo, hi))
                previous = max(previous, d)
            label = f"{unit}·{entity}" if entity else unit
            if not stale:
                last = date.fromordinal(ordered[-1]) if ordered else None
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.MET,
                    self.severity,
                    unit,
                    self.source,
                    entity=entity or None,
                    due=ctx.as_of,
                    explanation=f"{label}在检查期间任一时点前{gap}日内均有更新"
                    + (f"（最近一次 {last}）" if last else ""),
                    threshold=self.threshold,
                    evidence=tuple(days[d] for d in ordered[-MAX_EVIDENCE:]),
                    evidence_count=len(ordered),
                )
                continue
            for lo, hi in stale:
                since = date.fromordinal(lo - gap)
                yield Finding(
                    self.id,
                    self.title,
                    self.area,
                    Status.VIOLATED,
                    self.severity,
                    unit,
                    self.source,
                    entity=entity or None,
                    due=date.fromordinal(lo),
                    window=(date.fromordinal(lo), date.fromordinal(hi)),
                    explanation=(
                        f"{label}自 {since} 后超过{gap}日未更新：{date.fromordinal(lo)}"
                        f"至{date.fromordinal(hi)}各监测时点前{gap}日内均无更新"
                    ),
                    threshold=self.threshold,
                    actual=0,
                    expected=1,
                    action=f"立即更新{label}，此后每{gap}日内至少更新1次",
                )
