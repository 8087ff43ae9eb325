"""govflow.report.docx.WordDocument, the Word writer any report may use: Chinese fonts set for
East Asian text (``w:eastAsia``), merged cells keeping their top-left text, a PAGE field."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from govflow.report.docx import BODY_FONT, TITLE_FONT, WordDocument


def _east_asian(run: object) -> str | None:
    rpr = run._element.rPr  # type: ignore[attr-defined]
    assert rpr is not None
    assert rpr.rFonts is not None
    font: str | None = rpr.rFonts.get(qn("w:eastAsia"))
    return font


def test_titles_tables_and_page_numbers() -> None:
    doc = WordDocument()
    doc.title("测试标题")
    doc.paragraph("正文")
    doc.table(
        [["表头", "", "合计"], ["甲", "1", "2"], ["乙", "3", "4"]],
        merges=[(0, 0, 0, 1), (1, 0, 2, 0)],
        header_rows=1,
    )
    read = docx.Document(io.BytesIO(doc.to_bytes()))
    title, body = read.paragraphs[:2]
    assert title.text == "测试标题"
    assert _east_asian(title.runs[0]) == TITLE_FONT
    assert _east_asian(body.runs[0]) == BODY_FONT
    (table,) = read.tables
    assert table.cell(0, 0).text == "表头"
    assert table.cell(0, 1).text == "表头"  # the same merged cell
    assert table.cell(2, 0).text == "甲"
    assert table.cell(2, 2).text == "4"
    assert _east_asian(table.cell(1, 1).paragraphs[0].runs[0]) == BODY_FONT
    footer = read.sections[0].footer.paragraphs[0]
    kinds = [el.get(qn("w:fldCharType")) for el in footer._element.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]
    assert "PAGE" in "".join(el.text or "" for el in footer._element.iter(qn("w:instrText")))
