"""The bulletin as a Word document in 公文 style (see :mod:`govflow.report.gbdocx`).

The sections of the Markdown and HTML renderings, numbered alike, as 公文 paragraphs and tables
(no charts); the issue date and the 整改 deadline close it.
"""

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
from govflow.report.gbdocx import heading, new_document, paragraph, table, title, to_bytes

__all__ = ["document"]


def _cn_date(d: object) -> str:
    from datetime import date

    assert isinstance(d, date)
    return f"{d.year}年{d.month}月{d.day}日"


def document(b: BulletinData) -> bytes:
    """The bulletin as .docx bytes; :class:`~govflow.report.gbdocx.DocxMissing` without
    python-docx."""
    doc = new_document()
    h = headings(b)

    def put(t: Table, columns: tuple[int, ...] | None = None) -> None:
        keep = columns if columns is not None else tuple(range(len(t.head)))
        table(doc, [t.head[i] for i in keep], [[row[i] for i in keep] for row in t.rows])

    title(doc, b.title)
    paragraph(doc, "各有关单位：", indent=False)
    paragraph(
        doc,
        f"根据《{b.plan_title}》（{b.plan_number}），现将{b.month_label}政务公开工作检查情况"
        f"通报如下（{b.period_text()}）。",
    )

    heading(doc, h["summary"])
    paragraph(doc, "；".join(f"{label}{value}" for label, value, _ in b.summary_items()) + "。")

    heading(doc, h["issues"])
    paragraph(doc, issues_intro(b))
    if b.issues:
        put(issue_rows(b), (0, 1, 2, 3, 4, 5, 6, 8))
    heading(doc, h["veto"])
    paragraph(doc, veto_intro(b))
    if b.vetoes():
        put(veto_table(b), (0, 1, 2, 3, 4, 6))

    heading(doc, h["units"])
    if not b.posts_given:
        paragraph(doc, NO_POSTS)
    else:
        if b.monthly_quota is not None:
            paragraph(doc, f"要求：{b.monthly_quota.text}（{b.monthly_quota.citation}）。")
        table(
            doc,
            ["序号", "单位", "本月发布", *(q.title for q in b.other_quotas), "月度总量"],
            [
                [
                    str(n),
                    p.unit,
                    str(p.total),
                    *(
                        f"{c}{' ✗' if p.assessed and b.complete and c < q.minimum else ''}"
                        for c, q in zip(p.quota_counts, b.other_quotas, strict=True)
                    ),
                    month_state(b, p),
                ]
                for n, p in enumerate(b.units, 1)
            ],
        )
    heading(doc, h["bottom"])
    if not b.posts_given:
        paragraph(doc, NO_POSTS)
    else:
        table(
            doc,
            ["名次", "单位", "本月发布"],
            [[rank_text(b, p), p.unit, str(p.total)] for p in b.bottom],
        )
    if b.weekly_quota is not None:
        heading(doc, h["weekly"])
        if not b.posts_given:
            paragraph(doc, NO_POSTS)
        else:
            paragraph(doc, f"要求：{b.weekly_quota.text}（{b.weekly_quota.citation}）。")
            weekly = [p for p in b.units if p.weekly_assessed]
            low = [
                (p.unit, week_label(w), n)
                for p in weekly
                for w, n, i in zip(b.weeks, p.weekly, range(len(b.weeks)), strict=True)
                if n < b.weekly_quota.minimum and not b.week_open(i)
            ]
            paragraph(
                doc,
                "各周均达到要求。"
                if not low
                else "未达要求的周：" + "；".join(f"{u}（{w}，{n}条）" for u, w, n in low) + "。",
            )
    heading(doc, h["shortfalls"])
    if not b.posts_given:
        paragraph(doc, NO_POSTS)
    elif not b.shortfalls:
        paragraph(doc, "本月各单位均达到发布定额。")
    else:
        table(
            doc,
            ["单位", "要求", "期间", "实际/要求", "情况"],
            [
                [
                    s.unit,
                    s.title,
                    window_text(s.window),
                    f"{s.actual}/{s.expected}",
                    shortfall_state(s, b.as_of),
                ]
                for s in b.shortfalls
            ],
        )
    heading(doc, h["accounts"])
    paragraph(doc, stale_intro(b))
    for n, (name, stale) in enumerate(b.account_groups()):
        heading(doc, sub_heading(n, name), level=2)
        table(
            doc,
            ["对象", "单位", "未更新期间", "情况"],
            [
                [
                    a.site,
                    "、".join(a.units),
                    f"{a.stale_since.isoformat()} 至 " + (a.ended.isoformat() if a.ended else "今"),
                    a.state,
                ]
                for a in stale
            ],
        )
    heading(doc, h["cases"])
    if not b.case_kinds:
        paragraph(doc, "本次检查没有计算办理期限的规则。")
    for n, (kind, items) in enumerate(b.case_groups()):
        heading(doc, sub_heading(n, kind.label), level=2)
        if not items:
            paragraph(
                doc,
                f"本月无超期或临期的{kind.label}。" if kind.given else f"未提供{kind.label}记录。",
            )
            continue
        table(
            doc,
            ["单位", "编号", "期限", "情况", "超期天数"],
            [
                [
                    c.unit,
                    c.case,
                    c.due.isoformat(),
                    c.state,
                    "" if c.overdue_days is None else str(c.overdue_days),
                ]
                for c in items
            ],
        )
    heading(doc, h["rectify"])
    for text in rectify_paragraphs(b):
        paragraph(doc, text)
    if b.escalations:
        put(escalation_table(b))

    heading(doc, "附件：拒收和搁置的记录")
    for name, sentence, t in row_tables(b):
        heading(doc, name, level=2)
        paragraph(doc, sentence)
        if t is not None:
            put(t)
    paragraph(doc, "")
    if b.issued is not None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = paragraph(doc, _cn_date(b.issued), indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(4 * 16)  # 成文日期 右空四字 (GB/T 9704 §7.3.5)
    return to_bytes(doc)
