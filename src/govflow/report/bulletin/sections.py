"""The sections an office needs to issue the bulletin, as plain text every rendering shares.

The month's problems by unit, the 单项否决 summary, the 整改 deadline with the 复核 and the
escalations, and the rows rejected or set aside: paragraphs and tables of plain (unescaped)
text, which the Markdown, HTML and Word renderings escape and lay out each in its own way.
"""

from __future__ import annotations

from attrs import frozen

from govflow.compliance.rules import Status
from govflow.report.bulletin.model import BulletinData

__all__ = [
    "ISSUE_HEAD",
    "Table",
    "escalation_table",
    "issue_rows",
    "issues_intro",
    "rectify_paragraphs",
    "row_tables",
    "veto_intro",
    "veto_table",
]


@frozen
class Table:
    """A table of plain text; *numeric* are the indexes of right-aligned columns; *bad* the
    (row, column) cells to mark as problems."""

    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    bad: frozenset[tuple[int, int]] = frozenset()


ISSUE_HEAD = ("序号", "单位", "事项", "对象", "期间或期限", "情况", "等级", "须", "处理")


def issues_intro(b: BulletinData) -> str:
    v = b.violations()
    units = {i.unit for i in b.issues}
    if not b.issues:
        return f"截至 {b.as_of.isoformat()}，本月检查未发现违规或临期事项。"
    return (
        f"截至 {b.as_of.isoformat()}，本月检查发现违规 {len(v)} 项（其中单项否决 "
        f"{len(b.vetoes())} 项）、临期 {len(b.issues) - len(v)} 项，涉及 {len(units)} 个单位。"
        "所列与同一时点的合规检查（govflow check）一致：窗口落在本月的违规、期限在本月的违规，"
        "以及往月到期、本月初仍未完成的违规（注明逾期完成日期或仍未完成）。"
    )


def issue_rows(b: BulletinData) -> Table:
    rows = []
    bad = set()
    for n, i in enumerate(b.issues):
        step = b.escalation_of(i.unit) if i.status is Status.VIOLATED else ""
        rows.append(
            (
                str(n + 1),
                i.unit,
                i.title,
                i.subject,
                i.period,
                i.state + ("（往月到期）" if i.carried else ""),
                i.severity.label,
                i.action,
                step or ("限期整改" if i.status is Status.VIOLATED else "提醒"),
            )
        )
        if i.status is Status.VIOLATED:
            bad.add((n, 5))
        if i.veto:
            bad.add((n, 6))
    return Table(ISSUE_HEAD, tuple(rows), frozenset({0}), frozenset(bad))


def veto_intro(b: BulletinData) -> str:
    vetoes = b.vetoes()
    if not vetoes:
        return "本月未发现单项否决事项。"
    units = "、".join(dict.fromkeys(i.unit for i in vetoes))
    return (
        f"本月发现单项否决事项 {len(vetoes)} 项（{units}）：出现单项否决情形的，"
        "该项考核直接判定为不合格，须立即整改。"
    )


def veto_table(b: BulletinData) -> Table:
    rows = tuple(
        (i.unit, i.title, i.subject, i.period, i.state, i.explanation, i.citation)
        for i in b.vetoes()
    )
    return Table(("单位", "事项", "对象", "期间或期限", "情况", "说明", "依据"), rows)


def rectify_paragraphs(b: BulletinData) -> list[str]:
    s = b.settings
    out = []
    if b.violations() and b.issued and b.rectify_by and b.review_on:
        out.append(
            f"请存在违规事项的单位于 {b.rectify_by.isoformat()} 前（本通报印发之日 "
            f"{b.issued.isoformat()} 起 {s.rectify_days} 个工作日内）完成整改，"
            f"并将整改情况书面报送政务公开办；{b.review_on.isoformat()} 起逐项复核，"
            "复核仍未整改到位的，纳入下月通报。临期事项请在期限前办结。"
        )
    elif b.issues:
        out.append("本月无违规事项；临期事项请在期限前办结。")
    out.append(
        f"整改期限按工作日计算（节假日和调休依国务院办公厅放假通知）；{s.rectify_days} 个工作日、"
        f"复核在期限后第 {s.review_days} 个工作日、连续 {s.criticise_after} 个月有违规予以"
        f"通报批评、连续 {s.interview_after} 个月以上约谈整改，均为通报设置（非法定期限），"
        "可用 govflow report 的 --rectify-days、--review-days、--criticise-after、"
        "--interview-after 调整。"
    )
    if b.escalations:
        out.append(
            "以下单位连续多月存在违规（往月情况据所给记录、按期限所在月份计算），"
            "予以通报批评或约谈整改："
        )
    return out


def escalation_table(b: BulletinData) -> Table:
    rows = tuple(
        (
            e.unit,
            "、".join(f"{m.year}年{m.month}月" for m in e.months),
            str(len(e.months)),
            e.step,
        )
        for e in b.escalations
    )
    return Table(("单位", "连续违规月份", "月数", "处理"), rows, frozenset({2}))


def row_tables(b: BulletinData) -> list[tuple[str, str, Table | None]]:
    """(subheading, sentence, table) for the rejected rows and the rows set aside."""
    out: list[tuple[str, str, Table | None]] = []
    if b.rejected_rows:
        out.append(
            (
                "拒收的记录",
                f"以下 {len(b.rejected_rows)} 行记录未通过校验、未予评估，请所在单位更正后重新报送：",
                Table(
                    ("文件", "行", "字段", "原因"),
                    tuple((r.source, str(r.line), r.field, r.reason) for r in b.rejected_rows),
                    frozenset({1}),
                ),
            )
        )
    else:
        out.append(("拒收的记录", "所给记录均通过校验，无拒收。", None))
    if b.set_aside_rows:
        out.append(
            (
                "搁置的行",
                f"以下 {len(b.set_aside_rows)} 行不是记录（合计行、空行等），未计入：",
                Table(
                    ("文件", "行", "原因"),
                    tuple((r.source, str(r.line), r.reason) for r in b.set_aside_rows),
                    frozenset({1}),
                ),
            )
        )
    return out
