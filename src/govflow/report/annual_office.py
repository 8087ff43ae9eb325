"""The annual report's tables as Word and Excel files, laid out as 国办公开办函〔2021〕30号 prints
them: merged label cells (三、本年度办理结果 down the side, （三）不予公开 over its eight sub-rows),
the applicant columns under 申请人情况 and 法人或其他组织, table 四's 行政复议 and 行政诉讼 blocks.

Both files come from the same grids (:func:`table3_grid`, :func:`table4_grid`): rows of cell
texts and the merged ranges ``(top, left, bottom, right)``.  The libraries are the ``office``
extra (:mod:`govflow.report.office`).
"""

from __future__ import annotations

import io
from typing import Any

from govflow.compliance.ogiform import (
    APPLICANT_COLUMNS,
    APPLICANT_TYPES,
    CARRIED_IN,
    CARRIED_OUT,
    FORMAT_CITATION,
    LEGAL_PERSON_GROUP,
    LITIGATION,
    NEW_THIS_YEAR,
    OUTCOME_ROWS,
    RESULTS_GROUP,
    REVIEW_CASE_TYPES,
    TABLE3_NOTE,
    TABLE3_TITLE,
    TABLE4_TITLE,
    TOTAL,
    TOTAL_RESULTS,
)
from govflow.report.annual import REVIEW_COLUMNS, AnnualReport
from govflow.report.annual_render import accounting_lines, title
from govflow.report.office import need

__all__ = ["Grid", "annual_docx", "annual_xlsx", "table3_grid", "table4_grid"]

Grid = tuple[list[list[str]], list[tuple[int, int, int, int]]]
"""Cell texts by row, and merged ranges ``(top, left, bottom, right)``, inclusive."""

TABLE3_HEADER_ROWS = 3
TABLE4_HEADER_ROWS = 3


def table3_grid(report: AnnualReport) -> Grid:
    """Table 三: three label columns, then 自然人 … 总计; three header rows."""
    width = 3 + len(APPLICANT_COLUMNS)
    rows: list[list[str]] = [
        [TABLE3_NOTE, "", "", "申请人情况", *[""] * (len(APPLICANT_COLUMNS) - 1)],
        ["", "", "", APPLICANT_TYPES[0], LEGAL_PERSON_GROUP, *[""] * 4, TOTAL],
        ["", "", "", "", *APPLICANT_TYPES[1:], ""],
    ]
    merges = [(0, 0, 2, 2), (0, 3, 0, width - 1), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]

    def numbers(key: str) -> list[str]:
        return [str(report.table3[key][c]) for c in APPLICANT_COLUMNS]

    def whole(label: str, key: str) -> None:
        merges.append((len(rows), 0, len(rows), 2))
        rows.append([label, "", "", *numbers(key)])

    whole(NEW_THIS_YEAR, NEW_THIS_YEAR)
    whole(CARRIED_IN, CARRIED_IN)
    results_top = len(rows)
    group_top, group = 0, ""
    for row in [*OUTCOME_ROWS, None]:
        current = row.group if row is not None else ""
        if group and current != group:
            merges.append((group_top, 1, len(rows) - 1, 1))
        if row is None:
            break
        if row.group:
            if row.group != group:
                group_top = len(rows)
            rows.append([RESULTS_GROUP, row.group, row.label, *numbers(row.key)])
        else:
            merges.append((len(rows), 1, len(rows), 2))
            rows.append([RESULTS_GROUP, row.label, "", *numbers(row.key)])
        group = current
    merges.append((len(rows), 1, len(rows), 2))
    rows.append([RESULTS_GROUP, TOTAL_RESULTS, "", *numbers(TOTAL_RESULTS)])
    merges.append((results_top, 0, len(rows) - 1, 0))
    whole(CARRIED_OUT, CARRIED_OUT)
    return rows, merges


def table4_grid(report: AnnualReport) -> Grid:
    """Table 四 as the format draws it: 行政复议's five columns, then 行政诉讼's two blocks of
    five; three header rows and one row of numbers."""
    n = len(REVIEW_COLUMNS)
    first, direct, after = REVIEW_CASE_TYPES
    rows = [
        [first, *[""] * (n - 1), LITIGATION, *[""] * (2 * n - 1)],
        ["", *[""] * (n - 1), direct, *[""] * (n - 1), after, *[""] * (n - 1)],
        [*REVIEW_COLUMNS] * 3,
        [str(cells[c]) for cells in report.table4.values() for c in REVIEW_COLUMNS],
    ]
    merges = [
        (0, 0, 1, n - 1),
        (0, n, 0, 3 * n - 1),
        (1, n, 1, 2 * n - 1),
        (1, 2 * n, 1, 3 * n - 1),
    ]
    return rows, merges


def annual_docx(report: AnnualReport) -> bytes:
    """A Word document: the title, the citation, tables 三 and 四 (landscape A4)."""
    from govflow.report.docx import WordDocument

    doc = WordDocument(landscape=True)
    doc.title(title(report), size=18)
    doc.paragraph(
        f"格式依据：{FORMAT_CITATION}。统计期限：{report.year}年1月1日至12月31日。",
        indent=False,
        size=12,
    )
    doc.heading(TABLE3_TITLE)
    rows, merges = table3_grid(report)
    widths = [20, 22, 60, *[16] * len(APPLICANT_COLUMNS)]  # the labels' columns as printed
    doc.table(
        rows,
        merges=merges,
        header_rows=TABLE3_HEADER_ROWS,
        widths=widths,
        centre_from=3,
        size=9,
    )
    doc.heading(TABLE4_TITLE)
    rows, merges = table4_grid(report)
    doc.table(rows, merges=merges, header_rows=TABLE4_HEADER_ROWS, centre_from=0, size=9)
    return doc.to_bytes()


def annual_xlsx(report: AnnualReport) -> bytes:
    """An Excel workbook: sheet 「表三」 and 「表四」 as the format lays them out (numbers as
    numbers), and 「数据说明」 with where every row read went."""
    openpyxl = need("xlsx")
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font = Font(name="宋体", size=10)
    wb: Any = openpyxl.Workbook()
    sheets: tuple[tuple[str, str, Grid, int, list[int]], ...] = (
        ("表三", TABLE3_TITLE, table3_grid(report), 3, [14, 16, 40]),
        ("表四", TABLE4_TITLE, table4_grid(report), 0, []),
    )
    for i, (name, heading, (rows, merges), labels, widths) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        ws.cell(row=1, column=1, value=f"{title(report)} {heading}").font = Font(
            name="宋体", size=12, bold=True
        )
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                numeric = r >= _header(name) and c >= labels
                cell = ws.cell(row=r + 2, column=c + 1, value=int(text) if numeric else text)
                cell.border, cell.font = border, font
                cell.alignment = Alignment(
                    horizontal="left" if c < labels and r >= _header(name) else "center",
                    vertical="center",
                    wrap_text=True,
                )
        for top, left, bottom, right in merges:
            ws.merge_cells(
                start_row=top + 2, start_column=left + 1, end_row=bottom + 2, end_column=right + 1
            )
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = w
    notes = wb.create_sheet("数据说明")
    notes.cell(row=1, column=1, value=f"格式依据：{FORMAT_CITATION}")
    for r, line in enumerate(accounting_lines(report), start=2):
        notes.cell(row=r, column=1, value=line)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _header(name: str) -> int:
    return TABLE3_HEADER_ROWS if name == "表三" else TABLE4_HEADER_ROWS
