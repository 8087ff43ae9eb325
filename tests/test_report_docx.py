"""govflow.report.docx.WordDocument, the Word writer every report uses: the GB/T 9704-2012 page
(A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm), Chinese fonts set for East Asian text
(``w:eastAsia``), merged cells keeping their top-left text, tables filling the 版心, page numbers
「— n —」 odd pages right and even pages left, landscape pages, and one error when python-docx is
missing."""

from __future__ import annotations

import io
import sys

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from govflow.errors import EXIT_BAD_INPUT
from govflow.report.docx import BODY_FONT, H1_FONT, H2_FONT, TITLE_FONT, WordDocument
from govflow.report.office import MissingExtraError

MM = 36000  # EMUs per millimetre


def _east_asian(run: object) -> str | None:
    rpr = run._element.rPr  # type: ignore[attr-defined]
    assert rpr is not None
    assert rpr.rFonts is not None
    font: str | None = rpr.rFonts.get(qn("w:eastAsia"))
    return font


def _mm(length: int | None) -> float:
    assert length is not None
    return round(length / MM, 1)


def _read(doc: WordDocument) -> docx.document.Document:
    return docx.Document(io.BytesIO(doc.to_bytes()))


def test_titles_headings_tables_and_page_numbers() -> None:
    doc = WordDocument()
    doc.title("测试标题")
    doc.paragraph("正文")
    doc.heading("一、一级标题")
    doc.heading("（一）二级标题", level=2)
    doc.table(
        [["表头", "", "合计"], ["甲", "1", "2"], ["乙", "3", "4"]],
        merges=[(0, 0, 0, 1), (1, 0, 2, 0)],
        centre_from=1,
    )
    doc.date_line("2023年11月1日")
    read = _read(doc)
    title, _blank, body, h1, h2, date = read.paragraphs
    assert title.text == "测试标题"
    assert _east_asian(title.runs[0]) == TITLE_FONT
    assert _mm(title.runs[0].font.size) == round(22 * 25.4 / 72, 1)  # 2号
    assert _east_asian(body.runs[0]) == BODY_FONT
    assert (_east_asian(h1.runs[0]), _east_asian(h2.runs[0])) == (H1_FONT, H2_FONT)
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert read.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == BODY_FONT
    (table,) = read.tables
    assert table.cell(0, 0).text == "表头"
    assert table.cell(0, 1).text == "表头"  # the same merged cell
    assert len(table.cell(0, 0).paragraphs) == 1
    assert table.cell(2, 0).text == "甲"  # merged down: the top-left text once
    assert table.cell(2, 2).text == "4"
    assert _east_asian(table.cell(0, 2).paragraphs[0].runs[0]) == H1_FONT
    assert _east_asian(table.cell(1, 1).paragraphs[0].runs[0]) == BODY_FONT
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert table.cell(1, 0).paragraphs[0].alignment is None
    assert "w:tblHeader" in table.rows[0]._tr.xml  # the header repeated on each page
    assert "w:tblHeader" not in table.rows[1]._tr.xml
    section = read.sections[0]
    assert read.settings.odd_and_even_pages_header_footer
    for footer, side in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        kinds = [el.get(qn("w:fldCharType")) for el in p._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert "PAGE" in "".join(el.text or "" for el in p._element.iter(qn("w:instrText")))
        assert p.text == "— 1 —"
        assert p.alignment == side


def test_the_page_is_gb_9704_and_tables_fill_the_text_block() -> None:
    doc = WordDocument()
    doc.table([["序号", "单位", "情况"], ["1", "县某某局（虚构）", "逾期未公开" * 5]])
    read = _read(doc)
    section = read.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert (_mm(section.top_margin), _mm(section.left_margin)) == (37, 28)
    assert (_mm(section.bottom_margin), _mm(section.right_margin)) == (35, 26)
    (table,) = read.tables
    widths = [_mm(c.width) for c in table.columns]
    assert round(sum(widths)) == 156
    assert widths[2] > widths[1] > widths[0]  # by content: the long column is the widest
    assert [_mm(c.width) for c in table.rows[1].cells] == widths  # Word reads the cells


def test_landscape_pages_and_given_widths() -> None:
    doc = WordDocument(landscape=True)
    doc.table([["甲", "乙"], ["1", "2"]], widths=[1, 3])
    read = _read(doc)
    section = read.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (_mm(section.page_width), _mm(section.page_height)) == (297, 210)
    text_width = _mm(section.page_width) - _mm(section.left_margin) - _mm(section.right_margin)
    widths = [_mm(c.width) for c in read.tables[0].columns]
    assert round(sum(widths)) == round(text_width)
    assert round(widths[1] / widths[0]) == 3


def test_cells_merged_across_columns_do_not_widen_one_column() -> None:
    """A long heading over three columns does not make its first column wide."""
    doc = WordDocument()
    doc.table(
        [["一个跨三列的很长很长很长很长的表头", "", ""], ["1", "2", "3"]],
        merges=[(0, 0, 0, 2)],
    )
    widths = [_mm(c.width) for c in _read(doc).tables[0].columns]
    assert max(widths) - min(widths) < 1


def test_without_python_docx_one_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx raises ImportError
    with pytest.raises(MissingExtraError) as caught:
        WordDocument()
    error = caught.value
    assert error.exit_code == EXIT_BAD_INPUT
    assert error.describe() == (
        "错误：缺少可选依赖：生成 Word 文档（--format docx）需要 python-docx，但没有安装"
    )
    assert "pip install 'govflow[office]'" in error.hint
