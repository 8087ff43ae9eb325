"""The bulletin as a Word document in 公文 style (see :mod:`govflow.report.docx`).

The sections of the Markdown and HTML renderings, numbered alike, as 公文 paragraphs and tables
(no charts); the issue date and the 整改 deadline close it.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from govflow.report.docx import WordDocument

__all__ = ["document"]


def _cn_date(d: object) -> str:
    from datetime import date

    assert isinstance(d, date)
    return f"{d.year}年{d.month}月{d.day}日"


def document(b: BulletinData) -> bytes:
    """The bulletin as .docx bytes; :class:`~govflow.report.office.MissingExtraError` without
    python-docx."""
    doc = WordDocument()
    h = headings(b)

    def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        doc.table([head, *rows])

    def put(t: Table, columns: tuple[int, ...] | None = None) -> None:
        keep = columns if columns is not None else tuple(range(len(t.head)))
        table([t.head[i] for i in keep], [[row[i] for i in keep] for row in t.rows])

    doc.title(b.title)
    doc.paragraph("各有关单位：", indent=False)
    doc.paragraph(
        f"根据《{b.plan_title}》（{b.plan_number}），现将{b.month_label}政务公开工作检查情况"
        f"通报如下（{b.period_text()}）。",
    )

    doc.heading(h["summary"])
    doc.paragraph("；".join(f"{label}{value}" for label, value, _ in b.summary_items()) + "。")

    doc.heading(h["issues"])
    doc.paragraph(issues_intro(b))
    if b.issues:
        put(issue_rows(b), (0, 1, 2, 3, 4, 5, 6, 8))
    doc.heading(h["veto"])
    doc.paragraph(veto_intro(b))
    if b.vetoes():
        put(veto_table(b), (0, 1, 2, 3, 4, 6))

    doc.heading(h["units"])
    if not b.posts_given:
        doc.paragraph(NO_POSTS)
    else:
        if b.monthly_quota is not None:
            doc.paragraph(f"要求：{b.monthly_quota.text}（{b.monthly_quota.citation}）。")
        table(
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
    doc.heading(h["bottom"])
    if not b.posts_given:
        doc.paragraph(NO_POSTS)
    else:
        table(
            ["名次", "单位", "本月发布"],
            [[rank_text(b, p), p.unit, str(p.total)] for p in b.bottom],
        )
    if b.weekly_quota is not None:
        doc.heading(h["weekly"])
        if not b.posts_given:
            doc.paragraph(NO_POSTS)
        else:
            doc.paragraph(f"要求：{b.weekly_quota.text}（{b.weekly_quota.citation}）。")
            weekly = [p for p in b.units if p.weekly_assessed]
            low = [
                (p.unit, week_label(w), n)
                for p in weekly
                for w, n, i in zip(b.weeks, p.weekly, range(len(b.weeks)), strict=True)
                if n < b.weekly_quota.minimum and not b.week_open(i)
            ]
            doc.paragraph(
                "各周均达到要求。"
                if not low
                else "未达要求的周：" + "；".join(f"{u}（{w}，{n}条）" for u, w, n in low) + "。",
            )
    doc.heading(h["shortfalls"])
    if not b.posts_given:
        doc.paragraph(NO_POSTS)
    elif not b.shortfalls:
        doc.paragraph("本月各单位均达到发布定额。")
    else:
        table(
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
    doc.heading(h["accounts"])
    doc.paragraph(stale_intro(b))
    for n, (name, stale) in enumerate(b.account_groups()):
        doc.heading(sub_heading(n, name), level=2)
        table(
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
    doc.heading(h["cases"])
    if not b.case_kinds:
        doc.paragraph("本次检查没有计算办理期限的规则。")
    for n, (kind, items) in enumerate(b.case_groups()):
        doc.heading(sub_heading(n, kind.label), level=2)
        if not items:
            doc.paragraph(
                f"本月无超期或临期的{kind.label}。" if kind.given else f"未提供{kind.label}记录。",
            )
            continue
        table(
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
    doc.heading(h["rectify"])
    for text in rectify_paragraphs(b):
        doc.paragraph(text)
    if b.escalations:
        put(escalation_table(b))

    doc.heading("附件：拒收和搁置的记录")
    for name, sentence, t in row_tables(b):
        doc.heading(name, level=2)
        doc.paragraph(sentence)
        if t is not None:
            put(t)
    doc.paragraph("")
    if b.issued is not None:
        doc.date_line(_cn_date(b.issued))
    return doc.to_bytes()
