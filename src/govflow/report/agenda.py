"""The agenda: every dated duty of a plan in a window, and its renderings.

``govflow agenda`` is govflow's main job: for each obligation of the plan, every occurrence in
the window, with the unit, the task, the rule and its source, sorted by date, on the official
calendar.  Renderings: a Chinese table for terminals, JSON and CSV for scripts, iCalendar for
calendar applications (one all-day event per occurrence).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date, timedelta
from typing import Any

from attrs import frozen

from govflow.calendar.workcalendar import DayStatus, WorkCalendar
from govflow.errors import InputError
from govflow.plan.model import Plan
from govflow.plan.obligations import Obligation
from govflow.plan.schedule import Occurrence, is_standing, occurrences
from govflow.report.escape import csv_cell, csv_text, ics_text, json_inert, plain

__all__ = ["Agenda", "build_agenda", "csv_cell"]

WEEKDAYS_ZH = "一二三四五六日"


@frozen
class Agenda:
    plan: Plan
    start: date
    end: date
    items: tuple[Occurrence, ...]
    standing: tuple[Obligation, ...]
    calendar_version: str
    unit: str | None = None
    area: str | None = None

    @property
    def provisional(self) -> bool:
        return any(o.status is DayStatus.PROVISIONAL for o in self.items)

    # -- renderings ---------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """One plain mapping per occurrence (the JSON and CSV records)."""
        out = []
        for o in self.items:
            ob = o.obligation
            out.append(
                {
                    "date": o.due.isoformat(),
                    "weekday": f"星期{WEEKDAYS_ZH[o.due.weekday()]}",
                    "task": o.task,
                    "area": ob.area,
                    "unit": o.unit,
                    "entity": o.entity or "",
                    "obligation": ob.id,
                    "title": ob.title,
                    "rule": ob.describe(),
                    "kind": ob.rule.kind,
                    "window_start": o.window[0].isoformat() if o.window else "",
                    "window_end": o.window[1].isoformat() if o.window else "",
                    "source": ob.citation.cite(),
                    "origin": ob.origin,
                    "status": o.status.value,
                    "note": o.note,
                }
            )
        return out

    def to_json(self) -> str:
        doc = {
            "plan": {"id": self.plan.id, "title": self.plan.title, "number": self.plan.number},
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "unit": self.unit,
            "area": self.area,
            "calendar_version": self.calendar_version,
            "status": "provisional" if self.provisional else "official",
            "count": len(self.items),
            "items": self.rows(),
            "standing": [
                {
                    "obligation": o.id,
                    "task": o.task,
                    "title": o.title,
                    "rule": o.describe(),
                    "source": o.citation.cite(),
                }
                for o in self.standing
            ],
        }
        return json_inert(json.dumps(doc, ensure_ascii=False, indent=1))

    def to_csv(self) -> str:
        rows = self.rows()
        fields = list(rows[0]) if rows else ["date", "task", "unit", "obligation", "title"]
        return csv_text([fields, *([row[f] for f in fields] for row in rows)])

    def to_ics(self) -> bytes:
        from icalendar import Calendar, Event, vText

        # plan and record text is untrusted: ics_text drops what RFC 5545 TEXT may not hold
        # (control characters, a CR that icalendar would write raw); vText escapes \ ; , and
        # line breaks, and icalendar folds at 75 octets between whole characters
        cal = Calendar()
        cal.add("prodid", "-//govflow//agenda//ZH")
        cal.add("version", "2.0")
        cal.add("x-wr-calname", vText(ics_text(f"{self.plan.title}日程")))
        for o in self.items:
            ob = o.obligation
            ev = Event()
            key = f"{self.plan.id}|{ob.id}|{o.unit}|{o.entity}|{o.due.isoformat()}"
            ev.add("uid", hashlib.sha1(key.encode()).hexdigest() + "@govflow")
            ev.add("dtstamp", _stamp())
            ev.add("dtstart", o.due)
            ev.add("dtend", o.due + timedelta(days=1))
            who = f"{o.unit}{'·' + o.entity if o.entity else ''}"
            # calendar applications show the summary alone: a provisional date says so there
            mark = "（临时）" if o.status is DayStatus.PROVISIONAL else ""
            ev.add("summary", ics_text(f"[{who}] {ob.title}{mark}"))
            desc = [f"任务{o.task}：{ob.describe()}" if o.task else ob.describe()]
            desc.append(f"依据：{ob.citation.cite()}")
            if o.window:
                desc.append(f"统计区间：{o.window[0].isoformat()} 至 {o.window[1].isoformat()}")
            if o.note:
                desc.append(o.note)
            if o.status is DayStatus.PROVISIONAL:
                desc.append("临时日期：该年度节假日安排未发布")
            ev.add("description", ics_text("\n".join(desc)))
            if ob.area:
                ev.add("categories", [ics_text(ob.area)])
            cal.add_component(ev)
        return bytes(cal.to_ical())

    def to_table(self) -> str:
        title = f"{self.plan.title}（{self.plan.number}）工作日程"
        head = (
            f"期间：{self.start.isoformat()} 至 {self.end.isoformat()}"
            + (f"；单位：{self.unit}" if self.unit else "")
            + (f"；领域：{self.area}" if self.area else "")
            + f"；共 {len(self.items)} 项"
            + ("（含临时日期）" if self.provisional else "")
        )
        cols = [
            ("日期", 10),
            ("星期", 6),
            ("任务", 6),
            ("单位", 16),
            ("事项", 30),
            ("要求", 24),
            ("统计区间", 11),
        ]
        lines = [title, head, "", "  ".join(_pad(n, w) for n, w in cols).rstrip()]
        lines.append("  ".join("-" * w for _, w in cols))
        for o in self.items:
            ob = o.obligation
            who = o.unit + (f"·{o.entity}" if o.entity else "")
            span = (
                f"{o.window[0].month}/{o.window[0].day}-{o.window[1].month}/{o.window[1].day}"
                if o.window
                else ""
            )
            cells = [
                o.due.isoformat(),
                f"星期{WEEKDAYS_ZH[o.due.weekday()]}",
                o.task,
                who,
                ob.title,
                ob.describe(),
                span,
            ]
            line = "  ".join(_pad(c, w) for c, (_, w) in zip(cells, cols, strict=True)).rstrip()
            if o.note:
                line += f"  ※{o.note}"
            if o.status is DayStatus.PROVISIONAL:
                line += "  (临时)"
            lines.append(line)
        if self.standing:
            lines.append("")
            lines.append("由事件触发的期限（收到记录后计算到期日，见 govflow due）：")
            for ob in self.standing:
                where = f"任务{ob.task} " if ob.task else ""  # bound to units: no task
                lines.append(f"  {where}{ob.title}：{ob.describe()}——{ob.citation.cite()}")
        sources = sorted({o.obligation.citation.cite() for o in self.items})
        if sources:
            lines.append("")
            lines.append("依据：")
            lines.extend(f"  - {s}" for s in sources)
        # plan text is untrusted: a line break in it is shown as \x0a, not a new table row
        return "\n".join(plain(line).replace("\n", "\\x0a") for line in lines)


def _stamp() -> Any:
    from datetime import datetime

    from govflow.text.dates import BEIJING

    return datetime(2000, 1, 1, tzinfo=BEIJING)  # fixed: the same agenda gives the same file


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    if _width(text) > width:
        out = ""
        for ch in text:
            if _width(out + ch) > width - 1:
                break
            out += ch
        text = out + "…"
    return text + " " * max(0, width - _width(text))


def build_agenda(
    plan: Plan,
    calendar: WorkCalendar,
    *,
    start: date | None = None,
    end: date | None = None,
    unit: str | None = None,
    area: str | None = None,
    provisional: bool = False,
) -> Agenda:
    """The agenda of *plan* between *start* and *end* (default: its issue date to year end).

    *unit* may name a unit or a group (its members' duties); *area* an area id: its obligations
    and those of the tasks mapped or bound to it (:meth:`Plan.in_area`).
    """
    lo = start or plan.issued
    hi = end or date(plan.year, 12, 31)
    if hi < lo:
        raise InputError(f"日程的结束日 {hi} 早于开始日 {lo}")
    obligations = [o for o in plan.obligations() if area is None or plan.in_area(o, area)]
    units = plan.directory.expand(unit) if unit else None
    items = occurrences(
        plan, lo, hi, calendar, obligations=obligations, units=units, provisional=provisional
    )
    standing = tuple(
        o
        for o in obligations
        if is_standing(o)
        and (units is None or {u.name for u in plan.owner_units(o)} & {u.name for u in units})
    )
    return Agenda(plan, lo, hi, tuple(items), standing, calendar.version, unit, area)
