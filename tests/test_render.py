"""Renderings of a check result: HTML escapes untrusted text and loads nothing from the network,
Markdown keeps its table columns, the terminal table makes control characters inert.

The result is built by hand with hostile text wherever a record's or a plan file's text can
reach: unit, entity (village, account), case id, title, explanation, action, citation, file
name, rejected field and reason, ignored column names.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import pytest
from attrs import evolve

from govflow.compliance.check import CheckResult
from govflow.compliance.records import FileSummary, Rejected
from govflow.compliance.rules import Finding, Status
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Severity
from govflow.report.render import check_html, check_markdown, check_table, md_escape
from plans import ceshi_plan

SCRIPT = "<script>alert('x')</script>"
ATTR = '" onmouseover="alert(1)'
AMP = "R&D &amp; <b>粗</b>"
PIPE = "甲|乙\n丙\r\n丁\r戊"
ESC = "\x1b[2J\x1b[31m红\x07"
URL = "https://evil.example/x.js"
HOSTILE = (SCRIPT, ATTR, AMP)


@pytest.fixture(scope="module")
def plan() -> Plan:
    base = ceshi_plan()
    hostile: Plan = evolve(base, title=f"方案{SCRIPT}", number=f"文号{AMP}")
    return hostile


def finding(status: Status, **kw: object) -> Finding:
    fields: dict[str, object] = {
        "rule": "t.rule",
        "title": f"事项{SCRIPT}",
        "area": "test",
        "status": status,
        "severity": Severity.VETO,
        "unit": f"县财政局{ATTR}",
        "source": Citation(f"文件{AMP}", "第一条", f"条文{PIPE}"),
        "due": date(2023, 10, 10),
        "case": f"M1{SCRIPT}",
        "entity": f"村{AMP}",
        "explanation": f"说明{SCRIPT}{PIPE}{URL}",
        "action": f"须{ATTR}",
        "evidence": (f"posts{SCRIPT}.csv:2",),
    }
    fields.update(kw)
    return Finding(**fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def result(plan: Plan) -> CheckResult:
    summary = FileSummary(
        f"/data/{SCRIPT}{PIPE}.csv",
        "post",
        "utf-8-sig",
        read=3,
        rejected=1,
        ignored_columns=(f"备注{SCRIPT}", "x\ny"),
    )
    findings = [
        finding(Status.VIOLATED),
        finding(Status.AT_RISK, case=f"M2{ESC}"),
        finding(Status.PENDING, explanation=f"待办{PIPE}"),
        finding(Status.MET, explanation="已完成"),
    ]
    rejected = [Rejected(summary.source, 4, f"unit{ATTR}", f"unknown unit {SCRIPT!r}{PIPE}")]
    return CheckResult(
        plan, date(2023, 10, 9), plan.issued, findings, rejected, [summary], "cn-2026.1"
    )


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attrs: list[tuple[str, str, str]] = []
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attrs.extend((tag, name, value or "") for name, value in attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Page:
    p = Page()
    p.feed(page)
    p.close()
    return p


# ---------------------------------------------------------------------------------------------
# HTML


def test_html_escapes_untrusted_text(result: CheckResult) -> None:
    page = check_html(result)
    p = parse(page)
    assert p.tags["script"] == 0
    assert all(not name.startswith("on") for _, name, _ in p.attrs)
    for raw in (SCRIPT, "<b>粗</b>"):
        assert raw not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&quot; onmouseover=&quot;alert(1)" in page
    assert "R&amp;D &amp;amp; &lt;b&gt;粗&lt;/b&gt;" in page
    assert p.tags["b"] == 0
    # what the reader sees is the text as written
    text = "".join(p.text)
    for raw in HOSTILE:
        assert raw in text
    assert f"方案{SCRIPT} 合规检查" in text


def test_html_tables(result: CheckResult) -> None:
    p = parse(check_html(result))
    header = ["性质", "单位", "事项", "期限", "情况", "须", "依据"]
    tables = [i for i, row in enumerate(p.rows) if row == header]
    assert len(tables) == 3  # violated, at risk, pending; met findings are not listed
    body = [row for row in p.rows if len(row) == 7 and row != header and row[0] != "文件"]
    body = body[1:]  # the records files' table comes first (also seven columns)
    assert len(body) == 3
    violated = body[0]
    assert violated[0] == "单项否决"
    assert violated[1] == f"县财政局{ATTR}·村{AMP}（M1{SCRIPT}）"
    assert violated[3] == "2023-10-10"
    assert violated[4] == f"说明{SCRIPT}{PIPE}{URL}"
    at = p.rows.index(["文件", "类别", "读取", "评估", "不适用", "拒收", "搁置"])
    assert p.rows[at + 1] == [f"/data/{SCRIPT}{PIPE}.csv", "post", "3", "2", "0", "1", "0"]
    rejected = [row for row in p.rows if len(row) == 4]
    assert rejected[1] == [
        f"/data/{SCRIPT}{PIPE}.csv",
        "4",
        f"unit{ATTR}",
        f"unknown unit {SCRIPT!r}{PIPE}",
    ]


def test_html_is_self_contained(result: CheckResult) -> None:
    page = check_html(result)
    p = parse(page)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "base", "form"):
        assert p.tags[tag] == 0, tag
    refs = [
        (t, n, v) for t, n, v in p.attrs if n in ("src", "href", "srcset", "action", "xlink:href")
    ]
    assert refs == []
    style = page.split("<style>")[1].split("</style>")[0]
    assert "url(" not in style
    assert "@import" not in style
    assert not re.search(r"https?://", style)
    # the only address in the page is the record's text, shown as text
    assert set(re.findall(r"https?://[^\s<\"]+", page)) == {URL}
    assert page.startswith("<!doctype html>")
    assert '<meta charset="utf-8">' in page
    assert 'name="viewport"' in page


# ---------------------------------------------------------------------------------------------
# Markdown


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_markdown_escapes_pipes_and_line_breaks(result: CheckResult) -> None:
    text = check_markdown(result)
    lines = text.splitlines()
    # every table row keeps its columns: the hostile cells add no | and no line
    for line in lines:
        if line.startswith("|"):
            assert _unescaped_pipes(line) in (8, 7, 5), line
    findings = [line for line in lines if line.startswith("| 县财政局")]
    assert len(findings) == 3
    assert all(_unescaped_pipes(line) == 7 for line in findings)
    files = [line for line in lines if line.startswith("| /data/")]
    assert len(files) == 2  # the files table and the rejected rows table
    assert _unescaped_pipes(files[0]) == 8
    assert _unescaped_pipes(files[1]) == 5
    assert "甲\\|乙 丙 丁 戊" in text
    assert "\r" not in text
    assert SCRIPT not in text
    assert "\\<script\\>" in text
    assert "## 违规（1）" in text
    assert "## 临期（1）" in text
    assert "## 未到期（1）" in text
    assert "已完成" not in text  # met findings are not listed
    assert "\x1b" not in text  # control characters shown, not sent


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("a\nb", "a b"),
        ("a\r\nb", "a b"),
        ("a\rb", "a b"),
        ("*粗*", "\\*粗\\*"),
        ("`code`", "\\`code\\`"),
        ("[链接](x)", "\\[链接\\](x)"),
        ("<img src=x>", "\\<img src=x\\>"),
        ("# 标题", "\\# 标题"),
        ("a\\|b", "a\\\\\\|b"),
        ("下_划_线", "下\\_划\\_线"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


# ---------------------------------------------------------------------------------------------
# Terminal table


def test_table_makes_control_characters_inert(result: CheckResult) -> None:
    text = check_table(result)
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\r" not in text
    assert "\\x1b[2J" in text
    # untrusted line breaks cannot forge lines of the report
    assert not any(line.startswith(("丙", "丁", "y")) for line in text.splitlines())


def test_table_groups_and_counts(result: CheckResult) -> None:
    text = check_table(result)
    assert "结果：违规 1 项，临期 1 项，未到期 1 项，达标 1 项；拒收记录 1 行" in text
    assert "违规（1）：" in text
    assert "临期（须尽快完成）（1）：" in text
    assert "未到期（1）：" in text
    assert "达标（" not in text
    assert "达标（1）：" in check_table(result, show_met=True)
    assert "读取 3 行 = 评估 2 行 + 拒收 1 行" in text
    assert "拒收的行（1）：" in text
    strict = evolve(result, findings=[], strict_failed=True)
    strict_text = check_table(strict)
    assert "严格模式" in strict_text
    assert "读取 3 行，拒收 1 行" in strict_text
