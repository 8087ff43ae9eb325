"""The bulletin as one self-contained HTML page that reads on a phone.

Inline CSS and SVG charts (bars per unit, a heat map of the weeks); no scripts, font files, images or
network resources.  Every text from records, attribute values and SVG ``<title>`` text included,
goes through :func:`govflow.report.escape.html_escape`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from govflow.compliance.rules import Status
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
from govflow.report.escape import html_escape as _e

__all__ = ["page"]

_CSS = """*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;padding:1rem;max-width:60rem;font:16px/1.6 "Noto Sans CJK SC",
"Source Han Sans SC","Source Han Sans CN","PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"WenQuanYi Micro Hei",SimHei,system-ui,sans-serif;color:#1f2328;background:#fff;
overflow-wrap:anywhere}
h1,h2,h3{font-family:"Noto Serif CJK SC","Source Han Serif SC","Source Han Serif CN",
"Songti SC",STSong,SimSun,"Noto Sans CJK SC",serif}
header{text-align:center;border-bottom:3px solid #b3261e;padding-bottom:.5rem}
h1{font-size:1.35rem;color:#b3261e;margin:.3rem 0;line-height:1.35}
.meta{color:#57606a;font-size:.85rem;margin:.2rem 0}
h3{font-size:1rem;margin:1rem 0 .4rem}
h2{font-size:1.1rem;margin:1.6rem 0 .6rem;padding-left:.5rem;border-left:4px solid #b3261e}
p{margin:.4rem 0}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(9rem,1fr));gap:.5rem;
margin:.5rem 0}
.kpi{border:1px solid #d0d7de;border-radius:.4rem;padding:.4rem .5rem;text-align:center}
.kpi span{display:block;font-size:.8rem;color:#57606a}
.kpi b{font-size:1.25rem}
.kpi.bad b{color:#b3261e}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.4rem 0;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.85rem;overflow-wrap:break-word}
table.wide{min-width:46rem}
th,td{border:1px solid #d0d7de;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.d,td.u{white-space:nowrap}
td.t{min-width:12em}
tr.total td{font-weight:bold;background:#f6f8fa}
.bad{color:#b3261e}
.ok{color:#1a7f37}
.warn{color:#9a6700}
.muted{color:#57606a}
figure{margin:.6rem 0}
figcaption{font-size:.8rem;color:#57606a}
svg{display:block;width:100%;max-width:40rem;height:auto}
svg text{font-family:inherit}
.legend{font-size:.8rem;color:#57606a;display:flex;flex-wrap:wrap;gap:.3rem .9rem;
margin:.3rem 0;padding:0;list-style:none}
.legend i{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.25em;
border:1px solid #8c959f}
.note{font-size:.8rem;color:#57606a}
@media (max-width:40rem){body{padding:.6rem}table{font-size:.8rem}td.t{min-width:9em}}
@media print{body{max-width:none}.wrap{overflow:visible}}"""

# Heat-map colours: none, below the quota, at the quota, twice the quota; not assessed.
_HEAT = ("#f28b82", "#fbc46d", "#a8d5a2", "#4f9d69", "#eaeef2")
_BAR_BELOW, _BAR_MET, _BAR_FREE = "#d9534f", "#3f8f5a", "#8c959f"


def _heat_colour(n: int, minimum: int, assessed: bool) -> str:
    if not assessed:
        return _HEAT[4]
    if n == 0:
        return _HEAT[0]
    if n < minimum:
        return _HEAT[1]
    return _HEAT[3] if n >= 2 * minimum else _HEAT[2]


def _bars_svg(b: BulletinData) -> str:
    """Per-unit horizontal bars of the month's posts, with the monthly quota as a line."""
    mq = b.monthly_quota
    minimum = mq.minimum if mq else 0
    ranked = sorted(b.units, key=lambda p: -p.total)  # stable: directory order among equals
    width, label_w, right, row, top = 360, 108, 34, 20, 26
    plot = width - label_w - right
    scale = max([minimum, *(p.total for p in ranked), 1]) * 1.05
    height = top + row * len(ranked) + 8
    parts = [
        f'<svg class="chart bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="bars-title" font-size="12">',
        f'<title id="bars-title">{_e(f"各单位{b.month_label}发布信息条数")}</title>',
    ]
    for i, p in enumerate(ranked):
        y = top + i * row
        w = round(plot * p.total / scale, 1)
        met = b.meets_month(p)
        colour = _BAR_FREE if met is None else (_BAR_MET if met else _BAR_BELOW)
        tip = f"{p.unit}：{p.total} 条" + (f"（定额 {minimum} 条）" if met is not None else "")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" fill="#1f2328">'
            f"{_e(p.unit)}</text>"
            f'<rect class="bar" x="{label_w}" y="{y + 3}" width="{w}" height="14" '
            f'fill="{colour}" data-unit="{_e(p.unit)}" data-count="{p.total}">'
            f"<title>{_e(tip)}</title></rect>"
            f'<text x="{label_w + w + 4}" y="{y + 14}" fill="#57606a">{p.total}</text>'
        )
    if mq is not None:
        x = round(label_w + plot * minimum / scale, 1)
        parts.append(
            f'<line class="quota" x1="{x}" y1="{top - 4}" x2="{x}" '
            f'y2="{height - 4}" stroke="#b3261e" stroke-width="1.5" '
            f'stroke-dasharray="4 3"><title>{_e(f"月度定额 {minimum} 条")}</title>'
            f'</line><text x="{x}" y="{top - 9}" text-anchor="middle" fill="#b3261e">'
            f"{_e(f'定额 {minimum} 条')}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _heat_svg(b: BulletinData) -> str:
    """Units × weeks of the month, coloured by the count against the weekly quota."""
    wq = b.weekly_quota
    assert wq is not None
    n = max(len(b.weeks), 1)
    width, label_w, row, top = 360, 108, 20, 34
    cell = (width - label_w) / n
    height = top + row * len(b.units) + 4
    parts = [
        f'<svg class="chart heat" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="heat-title" font-size="12">',
        f'<title id="heat-title">{_e(f"各单位{b.month_label}每周动态信息条数")}</title>',
    ]
    for j, w in enumerate(b.weeks):
        x = label_w + j * cell + cell / 2
        parts.append(
            f'<text x="{x:.1f}" y="13" text-anchor="middle" fill="#1f2328">'
            f'第{j + 1}周</text><text x="{x:.1f}" y="27" text-anchor="middle" '
            f'font-size="9.5" fill="#57606a">{_e(week_label(w))}</text>'
        )
    for i, p in enumerate(b.units):
        y = top + i * row
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" '
            f'fill="#1f2328">{_e(p.unit)}</text>'
        )
        for j, count in enumerate(p.weekly):
            x = label_w + j * cell
            open_week = b.week_open(j)
            colour = _heat_colour(count, wq.minimum, p.weekly_assessed)
            state = (
                "不考核"
                if not p.weekly_assessed
                else "达标"
                if count >= wq.minimum
                else "进行中"
                if open_week
                else "未达标"
            )
            tip = (
                f"{p.unit}，{window_text(b.weeks[j])}：{count} 条"
                f"（每周至少 {wq.minimum} 条，{state}）"
            )
            dash = ' stroke-dasharray="3 2"' if open_week else ""
            parts.append(
                f'<rect class="cell" x="{x + 1:.1f}" y="{y + 1}" width="{cell - 2:.1f}" '
                f'height="{row - 2}" rx="2" fill="{colour}" stroke="#57606a" '
                f'stroke-width="{1 if open_week else 0}"{dash}><title>{_e(tip)}</title></rect>'
                f'<text x="{x + cell / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                f'fill="{"#fff" if colour == _HEAT[3] else "#1f2328"}">{count}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _legend(items: Iterable[tuple[str, str, str]]) -> str:
    return (
        '<ul class="legend">'
        + "".join(
            f'<li><i style="background:{colour};{extra}"></i>{_e(label)}</li>'
            for colour, label, extra in items
        )
        + "</ul>"
    )


def _table(head: Sequence[tuple[str, str]], rows: Iterable[Sequence[tuple[str, str]]]) -> str:
    """A table that scrolls sideways on a phone; cells are (CSS class, escaped HTML)."""
    wide = ' class="wide"' if len(head) >= 6 else ""
    out = [
        f'<div class="wrap"><table{wide}><thead><tr>'
        + "".join(f'<th class="{c}">{t}</th>' if c else f"<th>{t}</th>" for c, t in head)
        + "</tr></thead><tbody>"
    ]
    for row in rows:
        out.append(
            "<tr>"
            + "".join(f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>" for c, t in row)
            + "</tr>"
        )
    out.append("</tbody></table></div>")
    return "".join(out)


def _plain(t: Table) -> str:
    """A :class:`~govflow.report.bulletin.sections.Table` of plain text, escaped here."""
    return _table(
        [("n" if i in t.numeric else "", _e(h)) for i, h in enumerate(t.head)],
        [
            [
                (
                    " ".join(
                        c
                        for c in (
                            "n" if i in t.numeric else "",
                            "bad" if (r, i) in t.bad else "",
                        )
                        if c
                    ),
                    _e(cell),
                )
                for i, cell in enumerate(row)
            ]
            for r, row in enumerate(t.rows)
        ],
    )


def _shortfall_table(b: BulletinData) -> str:
    """Units below the quotas: one row per window, the unit and the quota cells spanning."""
    e = _e
    out = [
        '<div class="wrap"><table class="wide"><thead><tr><th>单位</th><th>要求</th><th>期间</th>'
        '<th class="n">实际/要求</th><th>情况</th><th>须</th></tr></thead><tbody>'
    ]
    for unit, rules in b.shortfall_groups():
        first_of_unit = True
        for items in rules:
            for k, sf in enumerate(items):
                cells = []
                if first_of_unit:
                    span = sum(len(i) for i in rules)
                    cells.append(f'<td class="u" rowspan="{span}">{e(unit)}</td>')
                    first_of_unit = False
                if k == 0:
                    cells.append(f'<td class="u" rowspan="{len(items)}">{e(sf.title)}</td>')
                state = shortfall_state(sf, b.as_of)
                cells += [
                    f'<td class="d">{e(week_label(sf.window))}</td>',
                    f'<td class="n">{sf.actual}/{sf.expected}</td>',
                    f'<td class="u {"bad" if state == "未达标" else "warn"}">{e(state)}</td>',
                    f'<td class="t">{e(sf.action)}</td>',
                ]
                out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def page(b: BulletinData) -> str:
    """The bulletin as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or
    network resources; every text from records escaped."""
    e = _e
    h = {k: e(v) for k, v in headings(b).items()}
    mq, wq = b.monthly_quota, b.weekly_quota
    no_posts = f'<p class="note">{NO_POSTS}</p>'
    parts = [
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        f"<title>{e(b.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{e(b.title)}</h1>",
        f'<p class="meta">依据：{e(b.plan_title)}（{e(b.plan_number)}）</p>',
        f'<p class="meta">{e(b.period_text())}</p></header>',
        f'<h2>{h["summary"]}</h2><div class="kpis">',
    ]
    for label, value, bad in b.summary_items():
        parts.append(
            f'<div class="kpi{" bad" if bad else ""}"><span>{e(label)}</span>'
            f"<b>{e(value)}</b></div>"
        )
    parts.append("</div>")

    parts.append(f"<h2>{h['issues']}</h2><p>{e(issues_intro(b))}</p>")
    if b.issues:
        parts.append(_plain(issue_rows(b)))
    parts.append(f"<h2>{h['veto']}</h2><p>{e(veto_intro(b))}</p>")
    if b.vetoes():
        parts.append(_plain(veto_table(b)))

    parts.append(f"<h2>{h['units']}</h2>")
    if mq is not None:
        parts.append(f'<p>要求：{e(mq.text)}。<span class="note">（{e(mq.citation)}）</span></p>')
    if not b.posts_given:
        parts.append(no_posts)
    else:
        legend = [(_BAR_MET, "达到月度定额", ""), (_BAR_BELOW, "未达月度定额", "")]
        if any(not p.assessed for p in b.units):
            legend.append((_BAR_FREE, "不考核", ""))
        if mq is not None:
            legend.append(
                (
                    "transparent",
                    f"红色虚线：定额 {mq.minimum} 条",
                    "border:0;border-left:2px dashed #b3261e;width:0",
                )
            )
        parts.append(f"<figure>{_bars_svg(b)}<figcaption>{_legend(legend)}</figcaption></figure>")
        head = [
            ("n", "序号"),
            ("", "单位"),
            ("n", "本月发布"),
            *(("n", e(q.title)) for q in b.other_quotas),
            ("", "月度总量"),
        ]
        rows = []
        for i, p in enumerate(b.units, 1):
            met = b.meets_month(p)
            cls = "muted" if met is None else ("ok" if met else "bad")
            rows.append(
                [
                    ("n", str(i)),
                    ("u", e(p.unit)),
                    ("n", str(p.total)),
                    *(
                        ("n bad", f"{n} ✗")
                        if p.assessed and b.complete and n < q.minimum
                        else ("n", str(n))
                        for n, q in zip(p.quota_counts, b.other_quotas, strict=True)
                    ),
                    (cls, e(month_state(b, p))),
                ]
            )
        rows.append(
            [
                ("", ""),
                ("", "<b>合计</b>"),
                ("n", f"<b>{b.total_posts}</b>"),
                *(
                    ("n", f"<b>{sum(p.quota_counts[i] for p in b.units)}</b>")
                    for i in range(len(b.other_quotas))
                ),
                ("", ""),
            ]
        )
        parts.append(_table(head, rows))

    parts.append(f"<h2>{h['bottom']}</h2>")
    if not b.posts_given:
        parts.append(no_posts)
    else:
        parts.append(
            _table(
                [("", "名次"), ("", "单位"), ("n", "本月发布"), ("n", "与定额差距")],
                [
                    [
                        ("d", e(rank_text(b, p))),
                        ("u", e(p.unit)),
                        ("n", str(p.total)),
                        ("n", str(max(mq.minimum - p.total, 0)) if mq else ""),
                    ]
                    for p in b.bottom
                ],
            )
        )
        if b.bottom_ties_left_out():
            parts.append(
                f'<p class="note">另有 {b.bottom_ties_left_out()} 个单位同为 '
                f"{b.bottom[-1].total} 条，见第{h['units'][0]}部分。</p>"
            )

    if wq is not None:
        parts.append(f"<h2>{h['weekly']}</h2>")
        parts.append(f'<p>要求：{e(wq.text)}。<span class="note">（{e(wq.citation)}）</span></p>')
        if not b.posts_given:
            parts.append(no_posts)
        else:
            legend = [
                (_HEAT[0], "无更新", ""),
                (_HEAT[1], f"少于 {wq.minimum} 条", ""),
                (_HEAT[2], f"达到 {wq.minimum} 条", ""),
                (_HEAT[3], f"{2 * wq.minimum} 条以上", ""),
                ("#fff", f"虚线框：截至 {b.as_of.isoformat()} 尚未结束的周", "border-style:dashed"),
            ]
            if any(not p.weekly_assessed for p in b.units):
                legend.append((_HEAT[4], "不考核", ""))
            parts.append(
                f"<figure>{_heat_svg(b)}<figcaption>{_legend(legend)}</figcaption></figure>"
            )

    parts.append(f"<h2>{h['shortfalls']}</h2>")
    if not b.posts_given:
        parts.append(no_posts)
    elif b.shortfalls:
        parts.append(_shortfall_table(b))
    else:
        parts.append("<p>本月各单位均达到发布定额。</p>")

    parts.append(f"<h2>{h['accounts']}</h2>")
    parts.append(f"<p>{e(stale_intro(b))}</p>")
    for n, (title, stale) in enumerate(b.account_groups()):
        parts.append(f"<h3>{e(sub_heading(n, title))}</h3>")
        parts.append(
            _table(
                [
                    ("", "对象"),
                    ("", "单位"),
                    ("", "未更新期间"),
                    ("", "情况"),
                    ("", "最后更新"),
                    ("n", "未更新天数"),
                    ("", "最后一条"),
                    ("", "须"),
                ],
                [
                    [
                        ("", e(a.site)),
                        ("u", e("、".join(a.units))),
                        (
                            "d",
                            f"{a.stale_since.isoformat()} 至 "
                            + (a.ended.isoformat() if a.ended else "今"),
                        ),
                        ("u " + ("ok" if a.ended else "bad"), a.state),
                        (
                            "d",
                            a.last_post.isoformat()
                            if a.last_post
                            else f"{a.stale_since.isoformat()} 前",
                        ),
                        ("n bad", "" if a.silent_days is None else str(a.silent_days)),
                        ("t", e(a.last_title)),
                        ("t", e(a.action)),
                    ]
                    for a in stale
                ],
            )
        )

    parts.append(f"<h2>{h['cases']}</h2>")
    if not b.case_kinds:
        parts.append("<p>本次检查没有计算办理期限的规则。</p>")
    for n, (kind, items) in enumerate(b.case_groups()):
        parts.append(f"<h3>{e(sub_heading(n, kind.label))}</h3>")
        if not items:
            text = (
                f"本月无超期或临期的{kind.label}。" if kind.given else f"未提供{kind.label}记录。"
            )
            parts.append(f"<p>{e(text)}</p>")
            continue
        head = [("", "单位"), ("", "编号"), ("", "期限"), ("", "情况"), ("n", "超期天数")]
        head += [("", "事项"), ("", "须"), ("", "说明")]
        rows = [
            [
                ("u", e(c.unit)),
                ("u", e(c.case)),
                ("d", c.due.isoformat()),
                ("u " + ("bad" if c.status is Status.VIOLATED else "warn"), e(c.state)),
                ("n", "" if c.overdue_days is None else str(c.overdue_days)),
                ("u", e(c.title)),
                ("t", e(c.action)),
                ("t", e(c.explanation)),
            ]
            for c in items
        ]
        parts.append(_table(head, rows))

    parts.append(f"<h2>{h['rectify']}</h2>")
    parts += [f"<p>{e(p)}</p>" for p in rectify_paragraphs(b)]
    if b.escalations:
        parts.append(_plain(escalation_table(b)))
    parts.append("<h2>附一：拒收和搁置的记录</h2>")
    for title, sentence, table in row_tables(b):
        parts.append(f"<h3>{e(title)}</h3><p>{e(sentence)}</p>")
        if table is not None:
            parts.append(_plain(table))

    parts.append("<h2>附二：数据来源</h2>")
    # the columns of rows not applicable and set aside only when some file has such rows
    na = any(f.not_applicable for f in b.files)
    aside = any(f.set_aside for f in b.files)
    parts.append(
        _table(
            [
                ("", "文件"),
                ("", "类别"),
                ("n", "读取"),
                ("n", "评估"),
                *([("n", "不适用")] if na else []),
                ("n", "拒收"),
                *([("n", "搁置")] if aside else []),
            ],
            [
                [
                    ("", e(f.source)),
                    ("", e(f.kind)),
                    ("n", str(f.read)),
                    ("n", str(f.evaluated)),
                    *([("n", str(f.not_applicable))] if na else []),
                    ("n", str(f.rejected)),
                    *([("n", str(f.set_aside))] if aside else []),
                ]
                for f in b.files
            ],
        )
    )
    parts.append(
        f'<p class="note">检查期间 {b.start.isoformat()} 至 {b.as_of.isoformat()}；'
        f"日历版本 {e(b.calendar_version)}。</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
