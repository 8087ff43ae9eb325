"""A small Word (.docx) writer for govflow's documents, on python-docx (the ``office`` extra).

Chinese text needs its font set for East Asian characters (``w:eastAsia``): python-docx's
``font.name`` sets only the Latin one, and Word then shows Chinese in a default font.  Every run
written here has both.  :class:`WordDocument` gives titles, paragraphs, tables with merged
cells and page numbers in the footer; any report can use it::

    doc = WordDocument()
    doc.title("标题")
    doc.table([["甲", "乙"], ["1", "2"]], header_rows=1)
    data = doc.to_bytes()
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from govflow.report.office import need

__all__ = ["BODY_FONT", "TITLE_FONT", "WordDocument"]

TITLE_FONT = "方正小标宋简体"
"""GB/T 9704's 小标宋 for titles."""
BODY_FONT = "仿宋_GB2312"
"""GB/T 9704's body face."""
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


class WordDocument:
    """A Word document being written; :meth:`to_bytes` gives the file."""

    def __init__(
        self, *, landscape: bool = False, body_font: str = BODY_FONT, body_size: float = 16
    ) -> None:
        self._docx: Any = need("docx", "Word 文档（--format docx）")
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm, Pt

        self._pt, self._cm = Pt, Cm
        self.body_font = body_font
        self.doc: Any = self._docx.Document()
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(body_size)
        _fonts(normal.element, body_font)
        section = self.doc.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(2.6 if not landscape else 2.0)
        section.top_margin, section.bottom_margin = (
            Cm(3.7 if not landscape else 2.0),
            Cm(3.5 if not landscape else 2.0),
        )
        self._page_numbers(section)

    def title(self, text: str, *, size: float = 22) -> None:
        """A centred title in 小标宋 (二号 by default)."""
        self.paragraph(text, font=TITLE_FONT, size=size, center=True)

    def heading(self, text: str, *, size: float = 16) -> None:
        """A heading in 黑体 (三号)."""
        self.paragraph(text, font=HEADING_FONT, size=size)

    def paragraph(
        self,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        bold: bool = False,
        center: bool = False,
    ) -> Any:
        """A paragraph of one run; returns python-docx's paragraph."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p = self.doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, text, font=font, size=size, bold=bold)
        return p

    def table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        merges: Sequence[tuple[int, int, int, int]] = (),
        header_rows: int = 0,
        widths: Sequence[float] | None = None,
        size: float = 10.5,
        label_columns: int = 1,
    ) -> Any:
        """A bordered table of *rows* (strings); *merges* are ``(top, left, bottom, right)``
        cell ranges (inclusive) shown as one cell holding the top-left text; the first
        *header_rows* are bold and centred, as are number cells (columns from *label_columns*
        on).  *widths* in centimetres.  Returns python-docx's table."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        n_cols = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=n_cols)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c in range(n_cols):
                cell = table.cell(r, c)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                text = row[c] if c < len(row) else ""
                p = cell.paragraphs[0]
                if r < header_rows or c >= label_columns:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._run(p, text, size=size, bold=r < header_rows)
                if widths is not None and c < len(widths):
                    cell.width = self._cm(widths[c])
        for top, left, bottom, right in merges:
            keep = table.cell(top, left).text
            merged = table.cell(top, left).merge(table.cell(bottom, right))
            for p in merged.paragraphs[1:]:  # merging joins the cells' paragraphs
                p._element.getparent().remove(p._element)
            first = merged.paragraphs[0]
            for run in first.runs[1:]:
                run._element.getparent().remove(run._element)
            if first.runs:
                first.runs[0].text = keep
        return table

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def _run(
        self,
        paragraph: Any,
        text: str,
        *,
        font: str | None = None,
        size: float | None = None,
        bold: bool = False,
    ) -> Any:
        run = paragraph.add_run(text)
        if size is not None:
            run.font.size = self._pt(size)
        run.bold = bold or None
        rpr = run._element.get_or_add_rPr()
        _set_fonts(rpr, font or self.body_font)
        return run

    def _page_numbers(self, section: Any) -> None:
        """「- 1 -」 centred in the footer: a PAGE field between dashes."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p = section.footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(p, "- ", font=LATIN_FONT, size=14)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            run = self._run(p, "", font=LATIN_FONT, size=14)  # one field part a run, as Word does
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._element.append(instr)
            else:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._element.append(fld)
        self._run(p, " -", font=LATIN_FONT, size=14)


def _fonts(style_element: Any, font: str) -> None:
    _set_fonts(style_element.get_or_add_rPr(), font)


def _set_fonts(rpr: Any, font: str) -> None:
    """Set *font* for East Asian text (``w:eastAsia``) and Latin text (``w:ascii``/``hAnsi``)."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
