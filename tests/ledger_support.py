"""A 依申请公开 ledger as a county office keeps it, built for the tests: a title row merged
across, a blank row, a two-row header with 补正情况 merged over 告知日期 / 收到补正日期, 序号 /
单位名称 / 收到时间 / 答复时间 columns, date cells, date-time cells, ``2023/9/27`` and
``2023年10月9日`` strings, a serial number in a date column, and a 合计 row at the bottom; and the
plan it is checked against (20 working days to reply)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from plans import CESHI_UNITS

LEDGER_PLAN = """\
id = "ledger-2023"
title = "测试县2023年政务公开工作方案"
number = "测府办字〔2023〕1号"
issued = 2023-06-18
year = 2023
issuer = "测试县人民政府办公室"
units = "{units}"

[[tasks]]
number = 1
section = "二"
title = "依申请公开"
text = "答复期限不超过20个工作日。"
responsible = ["县财政局", "县审计局"]

[[tasks.obligations]]
id = "1.reply"
title = "依申请公开答复"
clause = "答复期限不超过20个工作日"
deadline = {{ period = "20个工作日", trigger = "收到申请" }}
evidence = {{ kind = "application", trigger = "received", done = "replied" }}
"""

TITLE = "测试县2023年依申请公开台账"
UPPER = ["序号", "单位名称", "收到时间", "补正情况", "", "答复时间", "备注"]
LOWER = ["", "", "", "告知日期", "收到补正日期", "", ""]
# 1: on time; 2: replied 2023-11-30, due 2023-10-31 (20 working days over the 国庆 break);
# 3: received 2023-10-09, due 2023-11-06, no reply; then the 合计 row
ROWS: list[list[object]] = [
    [1, "县财政局", dt.date(2023, 9, 1), None, None, dt.datetime(2023, 9, 20, 10, 0), None],
    [2, "县审计局", "2023/9/27", None, None, dt.date(2023, 11, 30), "逾期"],
    [3, "县财政局", "2023年10月9日", dt.date(2023, 10, 10), 45215, None, None],
]
TOTAL = ["合计", None, None, None, None, None, "3件"]
AS_OF = "2023-12-01"


def write_plan(folder: Path) -> Path:
    path = folder / "ledger-2023.toml"
    path.write_text(LEDGER_PLAN.format(units=CESHI_UNITS.as_posix()), "utf-8")
    return path


def write_xlsx(path: Path) -> Path:
    """The ledger as an .xlsx workbook (openpyxl), with a notes sheet and an empty sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "2023年"
    ws["A1"] = TITLE
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append([c or None for c in UPPER])
    ws.append([c or None for c in LOWER])
    ws.merge_cells("D3:E3")
    for col in "ABCFG":
        ws.merge_cells(f"{col}3:{col}4")
    for row in ROWS:
        ws.append(row)
    ws.append(TOTAL)
    ws.merge_cells("A8:B8")
    ws["E7"].number_format = "General"  # 45215: a serial day in a date column (2023-10-16)
    wb.create_sheet("说明")["A1"] = "本表由县政府办公室填报"
    wb.create_sheet("Sheet3")
    wb.save(path)
    return path


def write_csv(path: Path, encoding: str = "gb18030") -> Path:
    """The ledger as an office's CSV export: a title line, the two header rows (the merged
    label only in its first column), the rows as the sheet shows them, the 合计 row."""

    def text(cell: object) -> str:
        if cell is None:
            return ""
        if isinstance(cell, dt.datetime):
            return cell.strftime("%Y/%m/%d %H:%M")
        if isinstance(cell, dt.date):
            return f"{cell.year}/{cell.month}/{cell.day}"
        if cell == 45215:
            return "2023/10/16"
        return str(cell)

    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow([TITLE, "", "", "", "", "", ""])
        out.writerow(UPPER)
        out.writerow(LOWER)
        for row in ROWS:
            out.writerow([text(c) for c in row])
        out.writerow([text(c) for c in TOTAL])
    return path
