"""What a new holiday notice would change, before it is installed (``govflow notices diff``).

Two calendars are compared: the current one and the same with the new notice (which replaces a
notice of its year, if any: a contradiction is shown, not refused).  Three kinds of result are
compared, each old → new:

* the days of the notice's reach (29 December before its year to the end of its year) whose
  working status, kind, name or status (估算 → 正式) changes;
* the plan's agenda items over the notice's year (a month either side, where items moved by a
  break may land) whose dates move, appear or disappear;
* due results saved earlier (:mod:`govflow.periods.saved`), computed again;
* the live cases' open clocks whose due dates move or turn official
  (:func:`govflow.cases.calendar_change.case_moves`), when a case store is given.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from attrs import frozen

from govflow.calendar.notices import Notice
from govflow.calendar.workcalendar import DayInfo, DayStatus, WorkCalendar
from govflow.cases.calendar_change import CaseMove
from govflow.periods.saved import Recomputed, Unreadable
from govflow.plan.model import Plan
from govflow.plan.schedule import Occurrence
from govflow.report.agenda import WEEKDAYS_ZH, build_agenda
from govflow.report.escape import json_inert, plain

__all__ = [
    "AgendaDiff",
    "DayChange",
    "ItemMove",
    "NoticeDiff",
    "agenda_diff",
    "day_changes",
]

#: Why the live cases were not compared when no case store was named.
CASES_NOT_GIVEN = "没有给出 --db（案件库），也没有设置 GOVFLOW_DB"


def _plain_name(info: DayInfo) -> str:
    return (info.name or "").removesuffix("（估算）")


@frozen
class DayChange:
    """One day of the notice's reach: as the current calendar has it, and with the notice."""

    old: DayInfo
    new: DayInfo

    @property
    def day(self) -> date:
        return self.old.date

    @property
    def only_status(self) -> bool:
        """Only 估算 → 正式 on an ordinary day (a plain working day or weekend before and after)."""
        o, n = self.old, self.new
        same = o.workday == n.workday and o.kind == n.kind and _plain_name(o) == _plain_name(n)
        return same and not o.name and not n.name

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "old": self.old.to_dict(), "new": self.new.to_dict()}


def _describe(info: DayInfo) -> str:
    work = "上班" if info.workday else "休息"
    name = f"（{info.name}）" if info.name else ""
    status = "临时估算" if info.status is DayStatus.PROVISIONAL else "正式"
    return f"{info.kind.label}{name}，{work}，{status}"


def day_changes(old: WorkCalendar, new: WorkCalendar, notice: Notice) -> list[DayChange]:
    """Every day from the notice's first day (or 1 January) to 31 December of its year whose
    working status, kind, name or status differs between *old* and *new*."""
    lo = min(date(notice.year, 1, 1), notice.span[0])
    lo = min(lo, date(notice.year - 1, 12, 29))  # days awaiting this year's notice
    hi = date(notice.year, 12, 31)
    out = []
    for a, b in zip(
        old.days(lo, hi, provisional=True), new.days(lo, hi, provisional=True), strict=True
    ):
        if (a.workday, a.kind, a.name, a.status) != (b.workday, b.kind, b.name, b.status):
            out.append(DayChange(a, b))
    return out


@frozen
class ItemMove:
    """An agenda item (obligation, unit, counting window) dated *old* before and *new* after;
    ``None`` on one side: the item appears or disappears (two dates rolled onto one day, or
    rolled across the compared window's edge)."""

    item: Occurrence
    old: Occurrence | None
    new: Occurrence | None

    def to_dict(self) -> dict[str, Any]:
        o = self.item
        return {
            "obligation": o.obligation.id,
            "title": o.obligation.title,
            "task": o.task,
            "unit": o.unit,
            "entity": o.entity or "",
            "window_start": o.window[0].isoformat() if o.window else "",
            "window_end": o.window[1].isoformat() if o.window else "",
            "old": _occ(self.old),
            "new": _occ(self.new),
        }


def _occ(o: Occurrence | None) -> dict[str, str] | None:
    if o is None:
        return None
    return {"date": o.due.isoformat(), "status": o.status.value, "note": o.note}


@frozen
class AgendaDiff:
    plan: Plan
    start: date
    end: date
    moves: tuple[ItemMove, ...]
    now_official: int  # same date, provisional before, official with the notice
    unchanged: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": {"id": self.plan.id, "title": self.plan.title, "number": self.plan.number},
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "moved": [m.to_dict() for m in self.moves],
            "now_official": self.now_official,
            "unchanged": self.unchanged,
        }


def _key(o: Occurrence) -> tuple[Any, ...]:
    return (o.obligation.id, o.task, o.unit, o.entity, o.window)


def agenda_diff(plan: Plan, old: WorkCalendar, new: WorkCalendar, notice: Notice) -> AgendaDiff:
    """The plan's agenda items over the notice's year whose dates differ between the calendars.

    Items are matched by obligation, unit and counting window; within one such group (a
    recurring duty has many dates) the dates both calendars give are unchanged and the others
    are paired in order: rolling to a working day keeps the order of the dates it moves.
    """
    lo = min(date(notice.year, 1, 1), notice.span[0]) - timedelta(days=31)
    hi = date(notice.year + 1, 1, 31)
    before = build_agenda(plan, old, start=lo, end=hi, provisional=True).items
    after = build_agenda(plan, new, start=lo, end=hi, provisional=True).items
    groups: dict[tuple[Any, ...], tuple[list[Occurrence], list[Occurrence]]] = defaultdict(
        lambda: ([], [])
    )
    for o in before:
        groups[_key(o)][0].append(o)
    for o in after:
        groups[_key(o)][1].append(o)
    moves: list[ItemMove] = []
    now_official = unchanged = 0
    for olds, news in groups.values():
        common = Counter(o.due for o in olds) & Counter(o.due for o in news)
        new_by_day = {o.due: o for o in news}
        for o in olds:
            if o.due in common:
                if (
                    o.status is DayStatus.PROVISIONAL
                    and new_by_day[o.due].status is DayStatus.OFFICIAL
                ):
                    now_official += 1
                else:
                    unchanged += 1
        rest_old = [o for o in olds if o.due not in common]
        rest_new = [o for o in news if o.due not in common]
        for a, b in _pair(rest_old, rest_new):
            item = a or b
            assert item is not None
            moves.append(ItemMove(item, a, b))
    moves.sort(key=lambda m: ((m.old or m.new).due, m.item.task, m.item.obligation.id, m.item.unit))  # type: ignore[union-attr]
    return AgendaDiff(plan, lo, hi, tuple(moves), now_official, unchanged)


#: A date rolled to a working day moves by at most a break and its weekends; two dates further
#: apart than this are not the same item moved.
_REACH = 31


def _pair(
    olds: list[Occurrence], news: list[Occurrence]
) -> list[tuple[Occurrence | None, Occurrence | None]]:
    """Pair the dates only one calendar gives: in order, nearest first, within :data:`_REACH`
    days; a date left unpaired appeared or disappeared (e.g. rolled onto the next occurrence).

    A small edit-distance alignment: pairing costs the days between, leaving one costs _REACH.
    """
    n, m = len(olds), len(news)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 or j == 0:
                cost[i][j] = (i + j) * _REACH
                continue
            gap = abs((olds[i - 1].due - news[j - 1].due).days)
            best = min(cost[i - 1][j], cost[i][j - 1]) + _REACH
            if gap <= _REACH:
                best = min(best, cost[i - 1][j - 1] + gap)
            cost[i][j] = best
    out: list[tuple[Occurrence | None, Occurrence | None]] = []
    i, j = n, m
    while i or j:
        if i and j:
            gap = abs((olds[i - 1].due - news[j - 1].due).days)
            if gap <= _REACH and cost[i][j] == cost[i - 1][j - 1] + gap:
                out.append((olds[i - 1], news[j - 1]))
                i, j = i - 1, j - 1
                continue
        if i and cost[i][j] == cost[i - 1][j] + _REACH:
            out.append((olds[i - 1], None))
            i -= 1
        else:
            out.append((None, news[j - 1]))
            j -= 1
    return out[::-1]


@frozen
class NoticeDiff:
    """Everything a new notice changes, for ``govflow notices diff``."""

    notice: Notice
    replaced: Notice | None  # the notice of its year the calendar has now
    old_version: str
    new_version: str
    days: tuple[DayChange, ...]
    agenda: AgendaDiff | None
    agenda_skipped: str  # why the agenda was not compared ("" when it was)
    results: tuple[Recomputed, ...] | None  # None: no --results given
    unreadable: tuple[Unreadable, ...]
    cases: tuple[CaseMove, ...] | None = None  # None: no case store given
    cases_skipped: str = CASES_NOT_GIVEN
    cases_compared: int = 0

    @property
    def same_as_installed(self) -> bool:
        return self.replaced is not None and self.old_version == self.new_version

    def to_dict(self) -> dict[str, Any]:
        n = self.notice
        shown = [d for d in self.days if not d.only_status]
        official = [d.day for d in self.days if d.only_status]
        return {
            "notice": {
                "year": n.year,
                "number": n.ref.number or None,
                "date": n.ref.date.isoformat() if n.ref.date else None,
                "title": n.ref.title,
                "source": n.source,
            },
            "replaces": None
            if self.replaced is None
            else {
                "number": self.replaced.ref.number or None,
                "date": self.replaced.ref.date.isoformat() if self.replaced.ref.date else None,
                "source": self.replaced.source,
                "identical": self.same_as_installed,
            },
            "calendar_version": {"old": self.old_version, "new": self.new_version},
            "days": [d.to_dict() for d in shown],
            "days_now_official": {
                "count": len(official),
                "from": official[0].isoformat() if official else None,
                "to": official[-1].isoformat() if official else None,
            },
            "agenda": self.agenda.to_dict() if self.agenda else {"skipped": self.agenda_skipped},
            "results": None
            if self.results is None
            else {
                "entries": [r.to_dict() for r in self.results],
                "unreadable": [u.to_dict() for u in self.unreadable],
            },
            "cases": {"compared": False, "reason": self.cases_skipped}
            if self.cases is None
            else {
                "compared": True,
                "open_cases": self.cases_compared,
                "moves": [m.to_dict() for m in self.cases],
            },
        }

    def to_json(self) -> str:
        return json_inert(json.dumps(self.to_dict(), ensure_ascii=False, indent=2))

    def to_table(self) -> str:
        n = self.notice
        lines = [f"新通知：{n.ref.title}（{n.cite()}）"]
        if self.replaced is not None:
            lines.append(
                f"注意：日历中已有{n.year}年通知（{self.replaced.cite()}，来源 {self.replaced.source}）；"
                + (
                    "新通知与它完全相同，安装后没有任何结果改变。"
                    if self.same_as_installed
                    else "下面是以新通知替代它后的变化。"
                )
            )
        lines.append(f"日历版本：{self.old_version} → {self.new_version}")
        lines += ["", "一、日历中改变的日子"]
        shown = [d for d in self.days if not d.only_status]
        official = [d.day for d in self.days if d.only_status]
        for d in shown:
            w = WEEKDAYS_ZH[d.day.weekday()]
            lines.append(
                f"  {d.day.isoformat()}（星期{w}）：{_describe(d.old)} → {_describe(d.new)}"
            )
        if official:
            lines.append(
                f"  另有 {len(official)} 天（{official[0].isoformat()} 至 {official[-1].isoformat()}"
                "之间的普通工作日和周末）由临时估算转为正式，是否上班不变"
            )
        if not self.days:
            lines.append("  没有")
        lines += ["", "二、方案日程中移动的事项"]
        if self.agenda is None:
            lines.append(f"  未比较：{self.agenda_skipped}")
        else:
            a = self.agenda
            lines.append(
                f"  方案：{a.plan.title}（{a.plan.number}），比较期间 {a.start.isoformat()} 至 {a.end.isoformat()}"
            )
            for m in a.moves:
                o = m.item
                who = o.unit + (f"·{o.entity}" if o.entity else "")
                old = _occ_text(m.old, "（原无此项）")
                new = _occ_text(m.new, "（不再有此项）")
                lines.append(f"  {old} → {new}  任务{o.task} {who} {o.obligation.title}")
            lines.append(
                f"  共 {len(a.moves)} 项移动；{a.now_official} 项日期不变、由临时转为正式；"
                f"{a.unchanged} 项不变"
            )
        lines += ["", "三、保存的计算结果"]
        if self.results is None:
            lines.append("  未比较：没有给出 --results")
        else:
            lines.extend(f"  {line}" for line in results_lines(self.results, self.unreadable))
        lines += ["", "四、在办案件"]
        if self.cases is None:
            lines.append(f"  未比较：{self.cases_skipped}")
        else:
            lines.extend(f"  {line}" for line in _case_lines(self.cases, self.cases_compared))
        return "\n".join(plain(line).replace("\n", "\\x0a") for line in lines)


def _case_lines(moves: tuple[CaseMove, ...], compared: int) -> list[str]:
    def shown(day: date | None, provisional: bool) -> str:
        if day is None:
            return "（无）"
        return day.isoformat() + ("（临时）" if provisional else "")

    lines = [
        f"{m.case.unit} {m.case.id} {m.title}：期限 {shown(m.old, m.was_provisional)} → "
        f"{shown(m.new, m.is_provisional)}"
        for m in moves
    ]
    moved = sum(1 for m in moves if m.old != m.new)
    lines.append(
        f"共比较 {compared} 件未结案件：{moved} 项期限移动，{len(moves) - moved} 项日期不变、"
        "由临时转为正式（或反之）"
    )
    return lines


def _occ_text(o: Occurrence | None, missing: str) -> str:
    if o is None:
        return missing
    mark = "（临时）" if o.status is DayStatus.PROVISIONAL else ""
    return f"{o.due.isoformat()}（星期{WEEKDAYS_ZH[o.due.weekday()]}）{mark}"


_CHANGE_ZH = {
    "moved": "日期改变",
    "now_official": "日期不变，由临时转为正式",
    "still_provisional": "仍为临时结果",
    "now_provisional": "日期不变，但由正式变为临时（日历中已没有它所依据的通知）",
    "unchanged": "不变",
}


def results_lines(done: tuple[Recomputed, ...], unreadable: tuple[Unreadable, ...]) -> list[str]:
    """One line per saved result (old → new and what changed), then the unreadable ones."""
    lines = []
    for r in done:
        new = r.new.to_dict()
        old_mark = "（临时）" if r.saved.provisional else ""
        new_mark = "（临时）" if r.new.provisional else ""
        tail = _CHANGE_ZH[r.change]
        if r.new.provisional:
            years = "、".join(map(str, r.new.provisional_years))
            tail += (
                f"；仍待{years}年通知" if r.change != "still_provisional" else f"：待{years}年通知"
            )
        lines.append(
            f"{r.saved.where}：{r.saved.request.start.isoformat()} 起 {new['period']}："
            f"{r.saved.due}{old_mark} → {new['due']}{new_mark}，{tail}"
        )
    counts = Counter(r.change for r in done)
    lines.append(
        f"共 {len(done)} 项：日期改变 {counts['moved']}，由临时转为正式 {counts['now_official']}，"
        f"仍为临时 {counts['still_provisional']}，"
        + (f"由正式变为临时 {counts['now_provisional']}，" if counts["now_provisional"] else "")
        + f"不变 {counts['unchanged']}"
        + (f"；无法读取 {len(unreadable)}" if unreadable else "")
    )
    lines.extend(f"无法读取：{u.where}：{u.reason}" for u in unreadable)
    return lines
