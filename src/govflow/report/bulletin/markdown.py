"""The bulletin in Markdown: one table per section, untrusted text escaped (see
:mod:`govflow.report.escape`)."""

from __future__ import annotations

from govflow.report.bulletin.labels import (
    NO_POSTS,
    headings,
    month_state,
    rank_text,
    shortfall_state,
    stale_intro,
    sub_heading,
    week_label,
    window_text,
)
from govflow.report.bulletin.model import BulletinData
from govflow.report.bulletin.sections import (
    Table,
    escalation_table,
    issue_rows,
    issues_intro,
    rectify_paragraphs,
    row_tables,
    veto_intro,
    veto_table,
)
from govflow.report.escape import md_escape as _md

__all__ = ["markdown"]


def _table(t: Table) -> list[str]:
    """A Markdown table of plain text (escaped here)."""
    align = "".join("---:|" if i in t.numeric else "---|" for i in range(len(t.head)))
    return [
        "| " + " | ".join(_md(h) for h in t.head) + " |",
        "|" + align,
        *("| " + " | ".join(_md(c) for c in row) + " |" for row in t.rows),
    ]


def markdown(b: BulletinData) -> str:
    """The bulletin in Markdown: record text escaped so that tables keep their columns."""
    h = headings(b)
    mq, wq = b.monthly_quota, b.weekly_quota
    out = [
        f"# {_md(b.title)}",
        "",
        f"- 依据：{_md(b.plan_title)}（{_md(b.plan_number)}）",
        f"- {b.period_text()}",
        "",
        f"## {h['summary']}",
        "",
    ]
    out += [f"- {label}：{value}" for label, value, _ in b.summary_items()]

    out += ["", f"## {h['issues']}", "", issues_intro(b)]
    if b.issues:
        out += ["", *_table(issue_rows(b))]
    out += ["", f"## {h['veto']}", "", veto_intro(b)]
    if b.vetoes():
        out += ["", *_table(veto_table(b))]

    out += ["", f"## {h['units']}", ""]
    if mq is not None:
        out += [f"要求：{_md(mq.text)}（{_md(mq.citation)}）。", ""]
    if not b.posts_given:
        out.append(NO_POSTS)
    else:
        head = ["序号", "单位", "本月发布", *(q.title for q in b.other_quotas), "月度总量"]
        out += [
            "| " + " | ".join(_md(x) for x in head) + " |",
            "|---:|---|---:|" + "---:|" * len(b.other_quotas) + "---|",
        ]
        for i, p in enumerate(b.units, 1):
            out.append(
                f"| {i} | {_md(p.unit)} | {p.total} | "
                + "".join(
                    f"{n}{' ✗' if p.assessed and b.complete and n < q.minimum else ''} | "
                    for n, q in zip(p.quota_counts, b.other_quotas, strict=True)
                )
                + f"{_md(month_state(b, p))} |"
            )
        out.append(
            f"| | 合计 | {b.total_posts} | "
            + "".join(
                f"{sum(p.quota_counts[i] for p in b.units)} | " for i in range(len(b.other_quotas))
            )
            + " |"
        )

    out += ["", f"## {h['bottom']}", ""]
    if not b.posts_given:
        out.append(NO_POSTS)
    else:
        out += ["| 名次 | 单位 | 本月发布 | 与定额差距 |", "|---|---|---:|---:|"]
        for p in b.bottom:
            gap = max(mq.minimum - p.total, 0) if mq else ""
            out.append(f"| {rank_text(b, p)} | {_md(p.unit)} | {p.total} | {gap} |")
        if b.bottom_ties_left_out():
            out += [
                "",
                f"另有 {b.bottom_ties_left_out()} 个单位同为 {b.bottom[-1].total} 条，"
                f"见第{h['units'][0]}部分。",
            ]

    if wq is not None:
        out += ["", f"## {h['weekly']}", "", f"要求：{_md(wq.text)}（{_md(wq.citation)}）。", ""]
        if not b.posts_given:
            out.append(NO_POSTS)
        else:
            out += [
                f"单元格为该周条数；“✗”为未达 {wq.minimum} 条，"
                f"“…”为截至 {b.as_of.isoformat()} 尚未结束且未达标的周。",
                "",
                "| 单位 | " + " | ".join(week_label(w) for w in b.weeks) + " |",
                "|---|" + "---:|" * len(b.weeks),
            ]
            for p in b.units:
                cells = []
                for i, n in enumerate(p.weekly):
                    mark = (
                        ""
                        if not p.weekly_assessed or n >= wq.minimum
                        else (" …" if b.week_open(i) else " ✗")
                    )
                    cells.append(f"{n}{mark}")
                out.append(f"| {_md(p.unit)} | " + " | ".join(cells) + " |")

    out += ["", f"## {h['shortfalls']}", ""]
    if not b.posts_given:
        out.append(NO_POSTS)
    elif b.shortfalls:
        out += ["| 单位 | 要求 | 期间 | 实际/要求 | 情况 | 须 |", "|---|---|---|---:|---|---|"]
        for sf in b.shortfalls:
            out.append(
                f"| {_md(sf.unit)} | {_md(sf.title)} | {window_text(sf.window)} | "
                f"{sf.actual}/{sf.expected} | {shortfall_state(sf, b.as_of)} | "
                f"{_md(sf.action)} |"
            )
    else:
        out.append("本月各单位均达到发布定额。")

    out += ["", f"## {h['accounts']}", "", stale_intro(b)]
    for n, (title, stale) in enumerate(b.account_groups()):
        out += [
            "",
            f"### {_md(sub_heading(n, title))}",
            "",
            "| 对象 | 单位 | 未更新期间 | 情况 | 最后更新 | 未更新天数 | 最后一条 | 须 |",
            "|---|---|---|---|---|---:|---|---|",
        ]
        for a in stale:
            last = a.last_post.isoformat() if a.last_post else f"{a.stale_since.isoformat()} 前"
            days = "" if a.silent_days is None else a.silent_days
            until = a.ended.isoformat() if a.ended else "今"
            out.append(
                f"| {_md(a.site)} | {_md('、'.join(a.units))} | "
                f"{a.stale_since.isoformat()} 至 {until} | {a.state} | {last} | {days} | "
                f"{_md(a.last_title)} | {_md(a.action)} |"
            )

    out += ["", f"## {h['cases']}"]
    if not b.case_kinds:
        out += ["", "本次检查没有计算办理期限的规则。"]
    for n, (kind, items) in enumerate(b.case_groups()):
        out += ["", f"### {_md(sub_heading(n, kind.label))}", ""]
        if not items:
            out.append(
                f"本月无超期或临期的{kind.label}。" if kind.given else f"未提供{kind.label}记录。"
            )
            continue
        out += [
            "| 单位 | 编号 | 期限 | 情况 | 超期天数 | 事项 | 须 | 说明 |",
            "|---|---|---|---|---:|---|---|---|",
        ]
        for c in items:
            out.append(
                f"| {_md(c.unit)} | {_md(c.case)} | {c.due.isoformat()} | {_md(c.state)} | "
                f"{'' if c.overdue_days is None else c.overdue_days} | {_md(c.title)} | "
                f"{_md(c.action)} | {_md(c.explanation)} |"
            )

    out += ["", f"## {h['rectify']}", ""]
    out += [x for p in rectify_paragraphs(b) for x in (_md(p), "")]
    if b.escalations:
        out += [*_table(escalation_table(b)), ""]

    out += ["## 附一：拒收和搁置的记录"]
    for title, sentence, table in row_tables(b):
        out += ["", f"### {title}", "", _md(sentence)]
        if table is not None:
            out += ["", *_table(table)]

    # the columns of rows not applicable and set aside only when some file has such rows
    na = any(f.not_applicable for f in b.files)
    aside = any(f.set_aside for f in b.files)
    out += [
        "",
        "## 附二：数据来源",
        "",
        "| 文件 | 类别 | 读取 | 评估 | "
        + ("不适用 | " if na else "")
        + "拒收 |"
        + (" 搁置 |" if aside else ""),
        "|---|---|---:|---:|---:|" + ("---:|" if na else "") + ("---:|" if aside else ""),
    ]
    out += [
        f"| {_md(f.source)} | {_md(f.kind)} | {f.read} | {f.evaluated} | "
        + (f"{f.not_applicable} | " if na else "")
        + f"{f.rejected} |"
        + (f" {f.set_aside} |" if aside else "")
        for f in b.files
    ]
    out += [
        "",
        f"检查期间 {b.start.isoformat()} 至 {b.as_of.isoformat()}；"
        f"日历版本 {_md(b.calendar_version)}。",
    ]
    return "\n".join(out) + "\n"
