"""Renderings of the annual report's tables for people and programs: JSON, Markdown and a
self-contained HTML page (a Chinese font stack, readable on a 390 px phone).  The Word and
Excel files are in :mod:`govflow.report.annual_office`.

Labels are the format's (国办公开办函〔2021〕30号); text from records (unit names, rejection
reasons) is escaped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from govflow.compliance.ogiform import (
    APPLICANT_COLUMNS,
    APPLICANT_TYPES,
    CARRIED_IN,
    CARRIED_OUT,
    FORMAT_CITATION,
    LEGAL_PERSON_GROUP,
    NEW_THIS_YEAR,
    OUTCOME_ROWS,
    RESULTS_GROUP,
    TABLE3_NOTE,
    TABLE3_TITLE,
    TABLE4_TITLE,
    TOTAL,
    TOTAL_RESULTS,
)
from govflow.report.annual import REVIEW_COLUMNS, AnnualReport
from govflow.report.escape import html_escape, md_escape
from govflow.report.render import accounting

__all__ = [
    "accounting_lines",
    "annual_html",
    "annual_json",
    "annual_markdown",
    "table3_layout",
    "title",
]


def title(report: AnnualReport) -> str:
    return f"{report.unit}{report.year}年政府信息公开工作年度报告（表三、表四）"


def table3_layout() -> Iterator[tuple[int, str, str | None]]:
    """Table 三's rows as the format nests them: ``(level, label, key)``; *key* is the row's
    key in :attr:`AnnualReport.table3`, ``None`` for a heading (三、本年度办理结果, （三）不予公开 …)
    that spans its sub-rows."""
    yield 0, NEW_THIS_YEAR, NEW_THIS_YEAR
    yield 0, CARRIED_IN, CARRIED_IN
    yield 0, RESULTS_GROUP, None
    group = ""
    for row in OUTCOME_ROWS:
        if row.group and row.group != group:
            yield 1, row.group, None
        group = row.group
        yield (2 if row.group else 1), row.label, row.key
    yield 1, TOTAL_RESULTS, TOTAL_RESULTS
    yield 0, CARRIED_OUT, CARRIED_OUT


def accounting_lines(report: AnnualReport) -> list[str]:
    """Where every row read went, per file (the accounting line of ``govflow check``), then the
    rows not applicable by reason and the rows rejected with theirs."""
    lines = [
        f"{s.source}（{s.kind}，{s.encoding}）：读取 {s.read} 行 = {accounting(s)}"
        + (f"；未使用的列：{'、'.join(s.ignored_columns)}" if s.ignored_columns else "")
        for s in report.files
    ]
    if report.left_out:
        lines.append(
            "不适用（不计入本表）："
            + "；".join(f"{why} {n} 行" for why, n in sorted(report.left_out.items()))
        )
    units: dict[str, int] = {}
    for s in report.files:
        if s.kind in ("application", "review"):
            for unit, n in s.not_applicable_units.items():
                if unit != report.unit:
                    units[unit] = units.get(unit, 0) + n
    if units:
        listed = sorted(units.items(), key=lambda item: (-item[1], item[0]))
        shown = "、".join(f"{u or '（无单位）'} {n} 行" for u, n in listed[:8])
        more = f"等 {len(listed)} 个单位" if len(listed) > 8 else ""
        lines.append(f"其他单位：{shown}{more}")
    lines.extend(f"拒收：{r}" for r in report.rejected)
    lines.extend(f"搁置：{s}" for s in report.set_aside)
    return lines


def annual_json(report: AnnualReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=1)


def annual_markdown(report: AnnualReport) -> str:
    cols = APPLICANT_COLUMNS
    out = [
        f"# {md_escape(title(report))}",
        "",
        f"格式依据：{FORMAT_CITATION}。统计期限：{report.year}年1月1日至12月31日。",
        "",
        f"## {TABLE3_TITLE}",
        "",
        TABLE3_NOTE,
        "",
        f"| 项目 | {' | '.join(cols)} |",
        "|---|" + "---:|" * len(cols),
    ]
    for level, label, key in table3_layout():
        shown = "\u3000" * level + label
        if key is None:
            out.append(f"| **{shown}** |" + " |" * len(cols))
        else:
            cells = report.table3[key]
            out.append(f"| {shown} | " + " | ".join(str(cells[c]) for c in cols) + " |")
    out += [
        "",
        f"（{LEGAL_PERSON_GROUP}：{'、'.join(APPLICANT_TYPES[1:])}）",
        "",
        f"## {TABLE4_TITLE}",
        "",
        f"| 类别 | {' | '.join(REVIEW_COLUMNS)} |",
        "|---|" + "---:|" * len(REVIEW_COLUMNS),
    ]
    for block, cells in report.table4.items():
        out.append(f"| {block} | " + " | ".join(str(cells[c]) for c in REVIEW_COLUMNS) + " |")
    out += ["", "## 数据说明", ""]
    out += [f"- {md_escape(line)}" for line in accounting_lines(report)]
    return "\n".join(out) + "\n"


_CSS = """
body{font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;margin:0 auto;padding:12px;
max-width:960px;line-height:1.5;color:#222;overflow-wrap:anywhere}
h1{font-size:1.25rem}h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;font-size:14px}
th,td{border:1px solid #888;padding:4px 3px;overflow-wrap:anywhere;word-break:break-all}
td.n,th.n{text-align:center;font-variant-numeric:tabular-nums}
td.l{text-align:left}th.h{background:#f2f2f2}
td.l1{padding-left:1em}td.l2{padding-left:2em}
tr.sec td{background:#fafafa;font-weight:bold}
col.label{width:34%}
p.note,li{font-size:13px}
@media (max-width:480px){table{font-size:11px}col.label{width:30%}th,td{padding:3px 1px}
td.l1{padding-left:.5em}td.l2{padding-left:1em}}
"""


def annual_html(report: AnnualReport) -> str:
    e = html_escape
    head = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{e(title(report))}</title><style>{_CSS}</style></head><body>"
    )
    parts = [
        head,
        f"<h1>{e(title(report))}</h1>",
        f'<p class="note">格式依据：{e(FORMAT_CITATION)}。统计期限：{report.year}年1月1日至12月31日。</p>',
        f"<h2>{e(TABLE3_TITLE)}</h2>",
        '<table id="table3"><colgroup><col class="label">'
        + "<col>" * len(APPLICANT_COLUMNS)
        + "</colgroup>",
        f'<thead><tr><th class="h" rowspan="3">{e(TABLE3_NOTE)}</th>'
        f'<th class="h" colspan="{len(APPLICANT_COLUMNS)}">申请人情况</th></tr>',
        f'<tr><th class="h n" rowspan="2">{e(APPLICANT_TYPES[0])}</th>'
        f'<th class="h" colspan="{len(APPLICANT_TYPES) - 1}">{e(LEGAL_PERSON_GROUP)}</th>'
        f'<th class="h n" rowspan="2">{TOTAL}</th></tr>',
        "<tr>" + "".join(f'<th class="h n">{e(c)}</th>' for c in APPLICANT_TYPES[1:]) + "</tr>",
        "</thead><tbody>",
    ]
    for level, label, key in table3_layout():
        if key is None:
            parts.append(
                f'<tr class="sec"><td class="l l{level}" colspan="{len(APPLICANT_COLUMNS) + 1}">'
                f"{e(label)}</td></tr>"
            )
            continue
        cells = report.table3[key]
        parts.append(
            f'<tr><td class="l l{level}">{e(label)}</td>'
            + "".join(f'<td class="n">{cells[c]}</td>' for c in APPLICANT_COLUMNS)
            + "</tr>"
        )
    parts += [
        "</tbody></table>",
        f"<h2>{e(TABLE4_TITLE)}</h2>",
        '<table id="table4"><colgroup><col class="label">'
        + "<col>" * len(REVIEW_COLUMNS)
        + "</colgroup>",
        '<thead><tr><th class="h">类别</th>'
        + "".join(f'<th class="h n">{e(c)}</th>' for c in REVIEW_COLUMNS)
        + "</tr></thead><tbody>",
    ]
    for block, cells in report.table4.items():
        parts.append(
            f'<tr><td class="l">{e(block)}</td>'
            + "".join(f'<td class="n">{cells[c]}</td>' for c in REVIEW_COLUMNS)
            + "</tr>"
        )
    parts += ["</tbody></table>", "<h2>数据说明</h2><ul>"]
    parts += [f"<li>{e(line)}</li>" for line in accounting_lines(report)]
    parts.append("</ul></body></html>")
    return "\n".join(parts) + "\n"
