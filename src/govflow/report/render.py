"""Renderings of a check result for people: a terminal table, Markdown, self-contained HTML.

Text from records is untrusted: HTML output escapes it, Markdown output escapes the characters
that would change the table's structure.  JSON (``CheckResult.to_dict``) is for programs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from govflow.compliance.check import CheckResult
from govflow.compliance.kinds import FileSummary
from govflow.compliance.rules import Finding, Status
from govflow.report.escape import html_escape, md_escape, plain

__all__ = ["check_html", "check_markdown", "check_table", "md_escape", "plain"]


def _files_lines(result: CheckResult) -> list[str]:
    out = []
    for s in result.files:
        counted = (
            f"读取 {s.read} 行，拒收 {s.rejected} 行（严格模式：未评估）"
            if result.strict_failed
            else f"读取 {s.read} 行 = {accounting(s)}"
        )
        out.append(
            f"  {s.source}（{s.kind}，{s.encoding}）：{counted}"
            + (f"；未使用的列：{'、'.join(s.ignored_columns)}" if s.ignored_columns else "")
        )
        if s.not_applicable_units and not result.strict_failed:
            out.append(f"    不适用：{not_applicable_units(s)}")
    return out


def not_applicable_units(s: FileSummary, most: int = 8) -> str:
    """The units of a file's rows not applicable, with their rows: 「县税务局 3 行、…（已加载的
    规则不检查这些单位的此类记录）」."""
    items = sorted(s.not_applicable_units.items())
    listed = "、".join(f"{unit or '（无单位）'} {rows} 行" for unit, rows in items[:most])
    more = f"等 {len(items)} 个单位" if len(items) > most else ""
    return f"{listed}{more}（已加载的规则不检查这些单位的此类记录）"


def accounting(s: FileSummary) -> str:
    """Where a file's rows went: ``评估 X 行 + 拒收 Z 行``, and the rows not applicable and
    set aside when there are any."""
    parts = [f"评估 {s.evaluated} 行"]
    if s.not_applicable:
        parts.append(f"不适用 {s.not_applicable} 行")
    parts.append(f"拒收 {s.rejected} 行")
    if s.set_aside:
        parts.append(f"搁置 {s.set_aside} 行")
    return " + ".join(parts)


def _headline(result: CheckResult) -> str:
    c = result.counts()
    listed = "" if result.listed is None else "、".join(s.label for s in result.listed)
    return (
        f"结果：违规 {c['violated']} 项，临期 {c['at_risk']} 项，未到期 {c['pending']} 项，"
        f"达标 {c['met']} 项；拒收记录 {len(result.rejected)} 行"
        + (f"；只列出{listed}的项" if listed else "")
    )


def _finding_line(f: Finding) -> str:
    who = f.unit + (f"·{f.entity}" if f.entity else "") + (f"（{f.case}）" if f.case else "")
    due = f"，期限 {f.due.isoformat()}" if f.due else ""
    return f"[{f.severity.label}] {who}：{f.title}{due}——{f.explanation}"


def _cite(f: Finding) -> str:
    """The finding's source, in every rendering; for a rule with versions, with the period of
    validity of the version that judged the case."""
    return f.source.cite() + (f"（该版本{f.version.validity()}）" if f.version else "")


_UNJUDGED = "未评估的规则（记录缺少所需的列）"

_TO_DO = (Status.VIOLATED, Status.AT_RISK, Status.PENDING)
"""The statuses an output lists unless told (``check --status``): what needs doing."""
_GROUPS = (
    (Status.VIOLATED, "违规"),
    (Status.AT_RISK, "临期"),
    (Status.PENDING, "未到期"),
    (Status.MET, "达标"),
    (Status.NOT_APPLICABLE, "不适用"),
)
"""The Markdown and HTML reports' groups of findings, in the check's order."""


def _listed(result: CheckResult, default: Collection[Status] = _TO_DO) -> Collection[Status]:
    """The statuses whose findings a report lists: the check's choice, else *default*."""
    return default if result.listed is None else result.listed


def check_table(result: CheckResult, *, show_met: bool = False) -> str:
    plan = result.plan
    lines = [
        f"{plan.title}（{plan.number}）合规检查",
        f"检查期间：{result.start.isoformat()} 至 {result.as_of.isoformat()}；"
        f"规则 {len(result.rules)} 条",
        "",
        "记录文件：",
    ]
    lines.extend(_files_lines(result))
    lines.extend(["", _headline(result)])
    if result.skipped_rules:
        lines.append(
            f"未评估的规则（未提供相应记录）：{len(result.skipped_rules)} 条——"
            + "、".join(r.title for r in result.skipped_rules[:8])
            + ("等" if len(result.skipped_rules) > 8 else "")
        )
    if result.unjudged:  # a file without the column a rule needs: said, not a violation a row
        lines.append(f"{_UNJUDGED}：{len(result.unjudged)} 条——")
        lines.extend(f"  {u.rule.title}：{u.reason}" for u in result.unjudged)
    if result.strict_failed:
        lines.append("严格模式：存在拒收记录，未进行评估。")
    listed = _listed(result, {*_TO_DO, Status.NOT_APPLICABLE, *([Status.MET] if show_met else [])})
    groups = [
        (Status.VIOLATED, "违规"),
        (Status.AT_RISK, "临期（须尽快完成）"),
        (Status.PENDING, "未到期"),
        (Status.MET, "达标"),
    ]
    for status, label in groups:
        items = result.findings.with_status(status) if status in listed else []
        if not items:
            continue
        lines.extend(["", f"{label}（{len(items)}）："])
        for f in items:
            lines.append("  " + _finding_line(f))
            if f.action and status is not Status.MET:
                lines.append(f"      须：{f.action}")
            lines.append(f"      依据：{_cite(f)}")
            if f.evidence:
                lines.append(f"      记录：{'、'.join(f.evidence)}")
    na = Status.NOT_APPLICABLE
    skipped = result.findings.with_status(na) if na in listed else []
    if skipped:  # cases a rule did not judge, each with its reason (a rule not yet in force …)
        lines.extend(["", f"不适用（未据此判断，{len(skipped)}）："])
        for f in skipped:
            lines.append("  " + _finding_line(f))
            if f.evidence:
                lines.append(f"      记录：{'、'.join(f.evidence)}")
    if result.rejected:
        lines.extend(["", f"拒收的行（{len(result.rejected)}）："])
        lines.extend(f"  {r}" for r in result.rejected)
    if result.set_aside:
        lines.extend(["", f"搁置的行（不是记录，未评估；{len(result.set_aside)}）："])
        lines.extend(f"  {r}" for r in result.set_aside)
    # each line on its own: a line break in a record's text (a quoted id, a column name) is
    # shown as \x0a, so that it cannot start a line that looks like part of the report
    return "\n".join(plain(line).replace("\n", "\\x0a") for line in lines)


def check_markdown(result: CheckResult) -> str:
    plan = result.plan
    out = [
        f"# {md_escape(plan.title)} 合规检查",
        "",
        f"- 方案：{md_escape(plan.number)}",
        f"- 检查期间：{result.start.isoformat()} 至 {result.as_of.isoformat()}",
        f"- {_headline(result)}",
        "",
        "## 记录文件",
        "",
        "| 文件 | 类别 | 读取 | 评估 | 不适用 | 拒收 | 搁置 |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for s in result.files:
        out.append(
            f"| {md_escape(s.source)} | {md_escape(s.kind)} | {s.read} | {s.evaluated} | "
            f"{s.not_applicable} | {s.rejected} | {s.set_aside} |"
        )
    for status, label in _GROUPS:
        items = result.findings.with_status(status) if status in _listed(result) else []
        if not items:
            continue
        out.extend(
            [
                "",
                f"## {label}（{len(items)}）",
                "",
                "| 单位 | 事项 | 期限 | 情况 | 须 | 依据 |",
                "|---|---|---|---|---|---|",
            ]
        )
        for f in items:
            who = (
                f.unit + (f"·{f.entity}" if f.entity else "") + (f"（{f.case}）" if f.case else "")
            )
            out.append(
                f"| {md_escape(who)} | {md_escape(f.title)} | "
                f"{f.due.isoformat() if f.due else ''} | {md_escape(f.explanation)} | "
                f"{md_escape(f.action)} | {md_escape(_cite(f))} |"
            )
    if result.unjudged:
        out.extend(["", f"## {_UNJUDGED}（{len(result.unjudged)}）", ""])
        out.extend(["| 规则 | 文件 | 缺少的列 | 原因 |", "|---|---|---|---|"])
        out.extend(
            f"| {md_escape(u.rule.title)} | {md_escape(u.source)} | "
            f"{md_escape('、'.join(u.columns))} | {md_escape(u.reason)} |"
            for u in result.unjudged
        )
    if result.rejected:
        out.extend(
            [
                "",
                f"## 拒收的行（{len(result.rejected)}）",
                "",
                "| 文件 | 行 | 字段 | 原因 |",
                "|---|---:|---|---|",
            ]
        )
        for r in result.rejected:
            out.append(
                f"| {md_escape(r.source)} | {r.line} | {md_escape(r.field)} | "
                f"{md_escape(r.reason)} |"
            )
    na = result.to_dict()["not_applicable"] if not result.strict_failed else []
    if na:
        out.extend(["", "## 不适用的行（已加载的规则不检查这些单位的此类记录）", ""])
        out.extend(["| 文件 | 单位 | 行数 |", "|---|---|---:|"])
        out.extend(f"| {md_escape(n['file'])} | {md_escape(n['unit'])} | {n['rows']} |" for n in na)
    if result.set_aside:
        out.extend(["", f"## 搁置的行（{len(result.set_aside)}）", "", "| 文件 | 行 | 原因 |"])
        out.append("|---|---:|---|")
        out.extend(
            f"| {md_escape(r.source)} | {r.line} | {md_escape(r.reason)} |"
            for r in result.set_aside
        )
    return "\n".join(out) + "\n"


_CSS = """body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:1rem;
max-width:64rem;line-height:1.5;color:#222}table{border-collapse:collapse;width:100%;
font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;
vertical-align:top}th{background:#f3f3f3}.violated{color:#b00020}.at_risk{color:#a15c00}
.wrap{overflow-x:auto}"""


def _rows(findings: Iterable[Finding]) -> str:
    e = html_escape
    rows = []
    for f in findings:
        who = f.unit + (f"·{f.entity}" if f.entity else "") + (f"（{f.case}）" if f.case else "")
        rows.append(
            f'<tr class="{f.status.value}"><td>{e(f.severity.label)}</td>'
            f"<td>{e(who)}</td><td>{e(f.title)}</td>"
            f"<td>{f.due.isoformat() if f.due else ''}</td><td>{e(f.explanation)}</td>"
            f"<td>{e(f.action)}</td><td>{e(_cite(f))}</td></tr>"
        )
    return "\n".join(rows)


def check_html(result: CheckResult) -> str:
    """One self-contained HTML page (no external resources), escaped throughout."""
    e = html_escape
    plan = result.plan
    parts = [
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(plan.title)} 合规检查</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(plan.title)} 合规检查</h1>",
        f"<p>{e(plan.number)}；检查期间 {result.start.isoformat()} 至 "
        f"{result.as_of.isoformat()}</p><p>{e(_headline(result))}</p>",
        '<h2>记录文件</h2><div class="wrap"><table><tr><th>文件</th><th>类别</th>'
        "<th>读取</th><th>评估</th><th>不适用</th><th>拒收</th><th>搁置</th></tr>",
    ]
    for s in result.files:
        parts.append(
            f"<tr><td>{e(s.source)}</td><td>{e(s.kind)}</td><td>{s.read}</td>"
            f"<td>{s.evaluated}</td><td>{s.not_applicable}</td><td>{s.rejected}</td>"
            f"<td>{s.set_aside}</td></tr>"
        )
    parts.append("</table></div>")
    head = (
        '<div class="wrap"><table><tr><th>性质</th><th>单位</th><th>事项</th><th>期限</th>'
        "<th>情况</th><th>须</th><th>依据</th></tr>"
    )
    for status, label in _GROUPS:
        items = result.findings.with_status(status) if status in _listed(result) else []
        if items:
            parts.append(f"<h2>{label}（{len(items)}）</h2>{head}{_rows(items)}</table></div>")
    if result.unjudged:
        parts.append(
            f'<h2>{_UNJUDGED}（{len(result.unjudged)}）</h2><div class="wrap"><table>'
            "<tr><th>规则</th><th>文件</th><th>缺少的列</th><th>原因</th></tr>"
        )
        parts.extend(
            f"<tr><td>{e(u.rule.title)}</td><td>{e(u.source)}</td>"
            f"<td>{e('、'.join(u.columns))}</td><td>{e(u.reason)}</td></tr>"
            for u in result.unjudged
        )
        parts.append("</table></div>")
    if result.rejected:
        parts.append(
            f'<h2>拒收的行（{len(result.rejected)}）</h2><div class="wrap"><table>'
            "<tr><th>文件</th><th>行</th><th>字段</th><th>原因</th></tr>"
        )
        parts.extend(
            f"<tr><td>{e(r.source)}</td><td>{r.line}</td><td>{e(r.field)}</td>"
            f"<td>{e(r.reason)}</td></tr>"
            for r in result.rejected
        )
        parts.append("</table></div>")
    na = result.to_dict()["not_applicable"] if not result.strict_failed else []
    if na:
        parts.append(
            '<h2>不适用的行（已加载的规则不检查这些单位的此类记录）</h2><div class="wrap">'
            "<table><tr><th>文件</th><th>单位</th><th>行数</th></tr>"
        )
        parts.extend(
            f"<tr><td>{e(n['file'])}</td><td>{e(n['unit'])}</td><td>{n['rows']}</td></tr>"
            for n in na
        )
        parts.append("</table></div>")
    if result.set_aside:
        parts.append(
            f'<h2>搁置的行（{len(result.set_aside)}）</h2><div class="wrap"><table>'
            "<tr><th>文件</th><th>行</th><th>原因</th></tr>"
        )
        parts.extend(
            f"<tr><td>{e(r.source)}</td><td>{r.line}</td><td>{e(r.reason)}</td></tr>"
            for r in result.set_aside
        )
        parts.append("</table></div>")
    parts.append("</body></html>")
    return "\n".join(parts)
