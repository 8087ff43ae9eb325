"""Live cases shown to people: one case (its clocks and trace), a list of cases, the audit
trail, and the reminders as text, Markdown or an iCalendar file of to-dos."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from govflow.cases.judge import CaseView
from govflow.cases.model import BEIJING, RETRACT, Case, shown
from govflow.cases.remind import Bucket, Reminder

__all__ = [
    "case_log_text",
    "case_text",
    "cases_table",
    "reminders_ics",
    "reminders_markdown",
    "reminders_text",
    "text_table",
]


def _event_label(case: Case, type_: str) -> str:
    return "撤销" if type_ == RETRACT else case.kind.event(type_).label


def case_text(view: CaseView) -> str:
    """「案件 YSQ-1（依申请公开，县财政局）：办理中，期限 2023-10-24」, the events that count,
    then each clock with its explanation, trace, action and basis."""
    c = view.case
    due = f"，期限 {view.due}" if view.due else ""
    lines = [
        f"案件 {c.id}（{c.kind.label}，{c.unit}）：{view.status.label}{due}（截至 {view.as_of}）"
    ]
    if view.reason:
        lines.append(f"  无法计算：{view.reason}")
    if c.fields:
        lines.append("  " + "；".join(f"{k}：{_value(v)}" for k, v in c.fields.items()))
    lines.append("事件：")
    for e in c.effective():
        amount = f"，{c.kind.event(e.type).amount_label} {e.amount}" if e.amount else ""
        lines.append(f"  {shown(e.occurred)} {_event_label(c, e.type)}{amount}（第 {e.seq} 号）")
    for f in view.findings:
        lines.append(
            f"{f.title}（{f.rule}）：{f.status.label}" + (f"，期限 {f.due}" if f.due else "")
        )
        lines.append(f"  {f.explanation}")
        lines.extend(f"  · {step}" for step in f.trace)
        if f.action:
            lines.append(f"  应办：{f.action}")
        lines.append(f"  依据：{f.source.cite()}")
    if not view.findings and not view.reason:
        lines.append("没有规则为本案计时（该单位或该类案件不在任何期限规则的范围内）。")
    return "\n".join(lines)


def _value(v: object) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    return str(v)


def cases_table(views: Sequence[CaseView]) -> str:
    """One line per case: id, kind, unit, status, next deadline, received."""
    if not views:
        return "没有符合条件的案件。"
    rows = [("编号", "类别", "单位", "状态", "期限", "收到")]
    for v in views:
        received = v.case.received
        rows.append(
            (
                v.case.id,
                v.case.kind.label,
                v.case.unit,
                v.status.label,
                v.due.isoformat() if v.due else "",
                shown(received) if received else "",
            )
        )
    return text_table(rows) + f"\n共 {len(views)} 件。"


def text_table(rows: Sequence[Sequence[str]]) -> str:
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            cell + " " * (w - width(cell)) for cell, w in zip(r, widths, strict=True)
        ).rstrip()
        for r in rows
    )


def case_log_text(case: Case) -> str:
    """Every event as recorded, corrections included: number, date, event, who, when, why."""
    lines = [f"案件 {case.id}（{case.kind.label}，{case.unit}）的登记记录："]
    replaced = {e.supersedes: e for e in case.events if e.supersedes is not None}
    for e in case.events:
        what = _event_label(case, e.type)
        if e.amount is not None:
            what += f" {e.amount}"
        if e.supersedes is not None:
            what += (
                f"（更正第 {e.supersedes} 号）" if e.type != RETRACT else f" 第 {e.supersedes} 号"
            )
        if e.seq in replaced:
            by = replaced[e.seq]
            what += f"（已被第 {by.seq} 号{'撤销' if by.type == RETRACT else '更正'}）"
        at = (
            e.recorded_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S") if e.recorded_at else ""
        )
        note = f"；说明：{e.note}" if e.note else ""
        lines.append(f"  第 {e.seq} 号  {shown(e.occurred)}  {what}  登记人 {e.actor}，{at}{note}")
    return "\n".join(lines)


def _grouped(rems: Sequence[Reminder]) -> list[tuple[Bucket, list[tuple[str, list[Reminder]]]]]:
    out: list[tuple[Bucket, list[tuple[str, list[Reminder]]]]] = []
    for b in Bucket:
        mine = [r for r in rems if r.bucket is b]
        units: dict[str, list[Reminder]] = {}
        for r in mine:
            units.setdefault(r.unit, []).append(r)
        out.append((b, list(units.items())))
    return out


def _line(r: Reminder) -> str:
    late = f"，已逾期 {(r.as_of - r.due).days} 天" if r.bucket is Bucket.OVERDUE else ""
    return f"{r.case.id} {r.clock.title}：期限 {r.due}{late}。{r.clock.action}（依据：{r.clock.source.cite()}）"


def _unjudged_lines(unjudged: Sequence[CaseView]) -> list[str]:
    return [f"{v.case.unit} {v.case.id}：{v.reason}" for v in unjudged]


def reminders_text(
    rems: Sequence[Reminder], as_of: date, within: int, unjudged: Sequence[CaseView] = ()
) -> str:
    lines = [f"案件提醒（截至 {as_of}，北京时间）"]
    for b, units in _grouped(rems):
        n = sum(len(rs) for _, rs in units)
        lines.append(f"{b.label(within)}：{n} 项")
        for unit, rs in units:
            lines.append(f"  {unit}")
            lines.extend(f"    {_line(r)}" for r in rs)
    if unjudged:  # never silently left out: these cases' deadlines are unknown
        lines.append(f"无法计算期限：{len(unjudged)} 件（可加 --provisional 估算）")
        lines.extend(f"  {line}" for line in _unjudged_lines(unjudged))
    return "\n".join(lines)


def reminders_markdown(
    rems: Sequence[Reminder], as_of: date, within: int, unjudged: Sequence[CaseView] = ()
) -> str:
    from govflow.report.escape import md_escape as md_cell

    lines = [f"# 案件提醒（截至 {as_of}）", ""]
    for b, units in _grouped(rems):
        n = sum(len(rs) for _, rs in units)
        lines += [f"## {b.label(within)}（{n} 项）", ""]
        if not units:
            lines += ["无。", ""]
        for unit, rs in units:
            lines += [f"### {md_cell(unit)}", ""]
            lines += [f"- {md_cell(_line(r))}" for r in rs]
            lines.append("")
    if unjudged:
        lines += [f"## 无法计算期限（{len(unjudged)} 件，可加 --provisional 估算）", ""]
        lines += [f"- {md_cell(line)}" for line in _unjudged_lines(unjudged)]
    return "\n".join(lines).rstrip() + "\n"


def reminders_ics(rems: Sequence[Reminder], within: int, now: datetime | None = None) -> bytes:
    """A to-do (VTODO) per reminder, due on its deadline, for a calendar or a chat bot."""
    from icalendar import Calendar, Todo, vText

    from govflow.report.escape import ics_text

    cal = Calendar()
    cal.add("prodid", "-//govflow//案件提醒//ZH")
    cal.add("version", "2.0")
    stamp = now or datetime.now(BEIJING)
    for r in rems:
        todo = Todo()
        todo.add("uid", f"{r.case.id}/{r.clock.rule}@govflow")
        todo.add("dtstamp", stamp)
        todo.add("due", r.due)
        # case ids, units and titles come from ledgers: made safe for RFC 5545 TEXT
        summary = f"【{r.bucket.label(within)}】{r.unit} {r.case.id} {r.clock.title}"
        todo["summary"] = vText(ics_text(summary))
        todo["description"] = vText(ics_text(f"{r.clock.action}\n依据：{r.clock.source.cite()}"))
        cal.add_component(todo)
    return bytes(cal.to_ical())
