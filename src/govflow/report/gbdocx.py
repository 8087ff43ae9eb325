"""Word documents in 公文 style (GB/T 9704-2012), shared by the reports that write .docx.

GB/T 9704-2012 §5: A4 paper, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (so 35 mm below and
26 mm to the right); elements in 3号仿宋 unless said otherwise, 22 lines of 28 characters.  The
title in 2号小标宋, level-1 headings (一、) in 黑体, level-2 (（一）) in 楷体; page numbers in
4号 half-width 宋体 between dashes, 「— 1 —」, odd pages to the right and even pages to the left,
one character in (§7.5).  A Chinese font is set through ``w:eastAsia`` of ``w:rFonts``: Word
ignores the Latin font name for Chinese text.

python-docx is an optional dependency (``pip install 'govflow[office]'``): :func:`require_docx`
raises :class:`DocxMissing`, a :class:`~govflow.errors.GovflowError`, with the command to install
it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from govflow.errors import InputError

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

__all__ = [
    "BODY_FONT",
    "H1_FONT",
    "H2_FONT",
    "TITLE_FONT",
    "DocxMissing",
    "heading",
    "new_document",
    "paragraph",
    "require_docx",
    "set_font",
    "table",
    "title",
    "to_bytes",
]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
# 号 to points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt
TITLE_PT, BODY_PT, PAGE_PT, TABLE_PT = 22, 16, 14, 12
LINE_PT = 28.95  # 22 lines filling the 225 mm 版心 (a common fixed 28-29 pt)


class DocxMissing(InputError):
    """python-docx, needed for --format docx, is not installed."""

    label = "缺少组件"

    def __init__(self) -> None:
        super().__init__(
            "生成 Word 文档（--format docx）需要 python-docx，请安装："
            "pip install 'govflow[office]'（或 uv add python-docx）"
        )


def require_docx() -> Any:
    """The ``docx`` module, or :class:`DocxMissing`."""
    try:
        import docx
    except ImportError:
        raise DocxMissing() from None
    return docx


def set_font(run: Run, name: str, size: float, *, bold: bool = False) -> None:
    """*run* in font *name* (Latin and East Asian, through ``w:eastAsia``) at *size* points."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _spacing(p: Paragraph, line: float | None = LINE_PT) -> None:
    from docx.shared import Pt

    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing = Pt(line)


def new_document() -> DocumentObject:
    """An empty A4 document with the 公文 margins, the body style in 3号仿宋 and page numbers
    「— n —」 (odd pages right, even pages left)."""
    docx = require_docx()
    from docx.enum.section import WD_SECTION_START
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc: DocumentObject = docx.Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the dash line 7 mm below the 版心
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], right=True)
    _page_number(section.even_page_footer.paragraphs[0], right=False)
    return doc


def _page_number(p: Paragraph, *, right: bool) -> None:
    """「— PAGE —」 in 4号宋体, one character from the edge of the 版心."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    if right:
        p.paragraph_format.right_indent = Pt(PAGE_PT)
    else:
        p.paragraph_format.left_indent = Pt(PAGE_PT)
    set_font(p.add_run("— "), PAGE_FONT, PAGE_PT)
    run = p.add_run()
    set_font(run, PAGE_FONT, PAGE_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind is None:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._element.append(el)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._element.append(shown)
    set_font(p.add_run(" —"), PAGE_FONT, PAGE_PT)


def title(doc: DocumentObject, text: str) -> Paragraph:
    """The title: 2号小标宋, centred, a blank line below."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(p, 35)
    set_font(p.add_run(text), TITLE_FONT, TITLE_PT)
    _spacing(doc.add_paragraph())
    return p


def heading(doc: DocumentObject, text: str, level: int = 1) -> Paragraph:
    """A heading: level 1 (一、) in 3号黑体, level 2 (（一）) in 3号楷体, indented two characters."""
    from docx.shared import Pt

    p = doc.add_paragraph()
    _spacing(p)
    p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    set_font(p.add_run(text), H1_FONT if level == 1 else H2_FONT, BODY_PT)
    return p


def paragraph(doc: DocumentObject, text: str, *, indent: bool = True) -> Paragraph:
    """A body paragraph in 3号仿宋, the first line indented two characters."""
    from docx.shared import Pt

    p = doc.add_paragraph()
    _spacing(p)
    if indent:
        p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    set_font(p.add_run(text), BODY_FONT, BODY_PT)
    return p


def table(doc: DocumentObject, head: Sequence[str], rows: Sequence[Sequence[str]]) -> Any:
    """A bordered table in 小四仿宋, the header row in 黑体 and repeated on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t = doc.add_table(rows=1 + len(rows), cols=len(head))
    t.style = "Table Grid"
    t.autofit = False
    # widths by content across the 156 mm 版心 (a Chinese character is two digits wide): each
    # column as wide as its heading, the rest shared by what the longer cells lack (up to 14
    # characters)
    unit, pad = TABLE_PT * 25.4 / 72 / 2, 4.0  # mm per half character; the cell's margins
    least = [_width(h) * unit + pad for h in head]
    want = [
        max(min(max((_width(str(r[c])) for r in rows), default=0), 28) * unit + pad, least[c])
        for c in range(len(head))
    ]
    spare = 156 - sum(least)
    lack = sum(w - m for w, m in zip(want, least, strict=True)) or 1
    share = min(spare / lack, 1.0) if spare > 0 else 0.0
    sized = [m + (w - m) * share for w, m in zip(want, least, strict=True)]
    widths = [Mm(156 * x / sum(sized)) for x in sized]
    for column, width in zip(t.columns, widths, strict=True):
        column.width = width  # the grid, which LibreOffice reads; the cells, which Word reads
    for r, cells in enumerate([head, *rows]):
        for c, text in enumerate(cells):
            cell = t.cell(r, c)
            cell.width = widths[c]
            p = cell.paragraphs[0]
            _spacing(p, None)
            set_font(p.add_run(text), H1_FONT if r == 0 else BODY_FONT, TABLE_PT)
    trpr = t.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    trpr.append(repeat)
    return t


def _width(text: str) -> int:
    """Display width: 2 for a Chinese character or full-width sign, 1 for a digit or letter."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def to_bytes(doc: DocumentObject) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
