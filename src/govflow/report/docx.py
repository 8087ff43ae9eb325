"""Word (.docx) documents in 公文 style (GB/T 9704-2012), for every report that writes one.

GB/T 9704-2012 §5: A4 paper, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm (so 35 mm below and
26 mm to the right); elements in 3号仿宋 unless said otherwise, 22 lines of 28 characters.  The
title in 2号小标宋, level-1 headings (一、) in 黑体, level-2 (（一）) in 楷体; page numbers in
4号 half-width 宋体 between dashes, 「— 1 —」, odd pages to the right and even pages to the left,
one character in (§7.5).  A Chinese font is set through ``w:eastAsia`` of ``w:rFonts``: Word
ignores the Latin font name for Chinese text, so every run written here carries both.

Tables may merge cells (the annual report's format does) and a document may be landscape (for
wide tables)::

    doc = WordDocument()
    doc.title("标题")
    doc.table([["甲", "乙"], ["1", "2"]])
    data = doc.to_bytes()

python-docx is the optional ``office`` extra: :func:`require_docx` (and :class:`WordDocument`)
raise :class:`~govflow.report.office.MissingExtraError` (exit 2) saying what to install.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

from govflow.report.office import need

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

__all__ = ["BODY_FONT", "H1_FONT", "H2_FONT", "TITLE_FONT", "WordDocument", "require_docx"]

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
# 号 to points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小四 12 pt
TITLE_PT, BODY_PT, PAGE_PT, TABLE_PT = 22, 16, 14, 12
LINE_PT = 28.95  # 22 lines filling the 225 mm 版心 (a common fixed 28-29 pt)
PORTRAIT_MARGINS_MM = (37, 35, 28, 26)  # top, bottom, left (订口), right
LANDSCAPE_MARGINS_MM = (20, 20, 20, 20)  # wide tables (the annual report's format) need the room

Merge = tuple[int, int, int, int]
"""Cells ``(top, left, bottom, right)``, inclusive, shown as one holding the top-left text."""


def require_docx() -> ModuleType:
    """The ``docx`` module, or :class:`~govflow.report.office.MissingExtraError`."""
    return need("docx")


def set_font(run: Run, name: str, size: float) -> None:
    """*run* in font *name* (Latin and East Asian, through ``w:eastAsia``) at *size* points."""
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size)
    _rfonts(run._element.get_or_add_rPr(), name)


def _rfonts(rpr: Any, name: str) -> None:
    from docx.oxml.ns import qn

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


class WordDocument:
    """A Word document being written, A4 in the 公文 page setup; :meth:`to_bytes` gives the file.

    ``doc`` is python-docx's document, for what these methods do not cover."""

    def __init__(self, *, landscape: bool = False) -> None:
        docx = require_docx()
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        self.doc: DocumentObject = docx.Document()
        section = self.doc.sections[0]
        width, height = (297, 210) if landscape else (210, 297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
        top, bottom, left, right = LANDSCAPE_MARGINS_MM if landscape else PORTRAIT_MARGINS_MM
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)
        section.footer_distance = Mm(bottom - 7)  # the dash line 7 mm below the 版心
        self.text_width_mm: float = width - left - right
        """The 版心's width, which tables fill."""
        normal = self.doc.styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(BODY_PT)
        _rfonts(normal.element.get_or_add_rPr(), BODY_FONT)
        self.doc.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer.paragraphs[0], right=True)
        _page_number(section.even_page_footer.paragraphs[0], right=False)

    def title(self, text: str, *, size: float = TITLE_PT) -> Paragraph:
        """The title: 小标宋 (2号 by default), centred, a blank line below."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _spacing(p, 35)
        set_font(p.add_run(text), TITLE_FONT, size)
        _spacing(self.doc.add_paragraph())
        return p

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """A heading: level 1 (一、) in 3号黑体, level 2 (（一）) in 3号楷体, indented two
        characters."""
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        _spacing(p)
        p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        set_font(p.add_run(text), H1_FONT if level == 1 else H2_FONT, BODY_PT)
        return p

    def paragraph(self, text: str, *, indent: bool = True, size: float = BODY_PT) -> Paragraph:
        """A body paragraph in 仿宋 (3号 by default), the first line indented two characters."""
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        _spacing(p)
        if indent:
            p.paragraph_format.first_line_indent = Pt(2 * size)
        set_font(p.add_run(text), BODY_FONT, size)
        return p

    def date_line(self, text: str) -> Paragraph:
        """The 成文日期: to the right, 右空四字 (GB/T 9704 §7.3.5)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.paragraph(text, indent=False)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)
        return p

    def table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        header_rows: int = 1,
        merges: Sequence[Merge] = (),
        widths: Sequence[float] | None = None,
        size: float = TABLE_PT,
        centre_from: int | None = None,
    ) -> Any:
        """A bordered table of *rows* in 仿宋 (小四 by default); the first *header_rows* in
        黑体, centred and repeated on each page.  *merges* join cells.  Columns fill the 版心:
        in proportion to *widths*, or else by content.  Body cells from column *centre_from* on
        (the numbers) are centred.  Returns python-docx's table."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        n_cols = max(len(r) for r in rows)
        grid = [[*r, *[""] * (n_cols - len(r))] for r in rows]
        t = self.doc.add_table(rows=len(grid), cols=n_cols)
        t.style = "Table Grid"
        t.autofit = False
        sized = (
            list(widths)
            if widths is not None
            else _by_content(grid, header_rows, merges, size, self.text_width_mm)
        )
        mm = [Mm(self.text_width_mm * x / sum(sized)) for x in sized]
        for column, width in zip(t.columns, mm, strict=True):
            column.width = width  # the grid, which LibreOffice reads; the cells, which Word reads
        for r, cells in enumerate(grid):
            head = r < header_rows
            for c, text in enumerate(cells):
                cell = t.cell(r, c)
                cell.width = mm[c]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                _spacing(p, None)
                if head or (centre_from is not None and c >= centre_from):
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                set_font(p.add_run(text), H1_FONT if head else BODY_FONT, size)
            if head:
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                t.rows[r]._tr.get_or_add_trPr().append(repeat)
        for top, left, bottom, right in merges:
            merged = t.cell(top, left).merge(t.cell(bottom, right))
            for p in merged.paragraphs[1:]:  # merging joins the cells' paragraphs: keep the first
                p._element.getparent().remove(p._element)
            for run in merged.paragraphs[0].runs[1:]:
                run._element.getparent().remove(run._element)
        return t

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _by_content(
    grid: Sequence[Sequence[str]],
    header_rows: int,
    merges: Sequence[Merge],
    size: float,
    total: float,
) -> list[float]:
    """Column widths in mm across *total*: each column as wide as its header, the rest shared
    by what the longer body cells lack (up to 14 characters; a Chinese character is two digits
    wide); cells merged across columns do not count."""
    spanned = {
        (r, c)
        for top, left, bottom, right in merges
        if right > left
        for r in range(top, bottom + 1)
        for c in range(left, right + 1)
    }
    unit, pad = size * 25.4 / 72 / 2, 4.0  # mm per half character; the cell's margins

    def widest(c: int, rows: range) -> int:
        return max((_width(grid[r][c]) for r in rows if (r, c) not in spanned), default=0)

    heads, body = range(header_rows), range(header_rows, len(grid))
    least = [widest(c, heads) * unit + pad for c in range(len(grid[0]))]
    want = [max(min(widest(c, body), 28) * unit + pad, m) for c, m in enumerate(least)]
    spare = total - sum(least)
    lack = sum(w - m for w, m in zip(want, least, strict=True)) or 1
    share = min(spare / lack, 1.0) if spare > 0 else 0.0
    return [m + (w - m) * share for w, m in zip(want, least, strict=True)]


def _width(text: str) -> int:
    """Display width: 2 for a Chinese character or full-width sign, 1 for a digit or letter."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


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
        if kind == "separate":  # the number shown until the field is updated
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._element.append(shown)
    set_font(p.add_run(" —"), PAGE_FONT, PAGE_PT)
