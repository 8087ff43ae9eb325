"""Ledgers as offices keep them check without editing: an .xlsx/.xls workbook and a GB18030 CSV
with a title row, a two-row merged header, Excel date cells and 2023/9/27 strings, 序号/单位名称/
收到时间/答复时间 columns and a 合计 row; column maps (--columns), --site, --sheet, and "did you
mean" when a required column is missing.

The plan (tests/ledger_support.py) gives 20 working days to reply: the ledger's case 2 (received
2023-09-27, due 2023-10-31 over the 国庆 break, replied 2023-11-30) and case 3 (received
2023-10-09, due 2023-11-06, no reply) are late on 2023-12-01; case 1 is met.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.compliance.check import run_check
from govflow.compliance.colmap import ColumnMapError
from govflow.compliance.records import (
    RecordFileError,
    Rejected,
    read_records,
    read_tables,
)
from govflow.errors import InputError, NotPublishedError
from govflow.plan import planfile
from govflow.plan.model import Plan
from ledger_support import AS_OF, write_csv, write_plan, write_xlsx

DATA = Path(__file__).resolve().parent / "data" / "ledger"


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    yield
    plugins.reset()


def check(plan: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--plan", str(plan), "--as-of", AS_OF, *args])


def findings(result: Result) -> list[tuple[str, str]]:
    doc = json.loads(result.stdout)
    return sorted((f["case"], f["status"]) for f in doc["findings"])


EXPECTED = [("1", "met"), ("2", "violated"), ("3", "violated")]


# ---------------------------------------------------------------------------------------------
# The ledger as offices keep it, through the command line


def test_an_office_xlsx_ledger_checks_without_editing(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    book = write_xlsx(tmp_path / "2023年依申请公开台账.xlsx")
    result = check(plan, "--records", str(book))
    assert result.exit_code == 1, result.output  # two late replies
    out = result.stdout
    sheet = f"{book}[2023年]"
    assert f"{sheet}（application，xlsx）：读取 4 行 = 评估 3 行 + 拒收 0 行 + 搁置 1 行" in out
    assert "未使用的列：备注" in out
    assert "结果：违规 2 项，临期 0 项，未到期 0 项，达标 1 项；拒收记录 0 行" in out
    assert "[扣分] 县审计局（2）：依申请公开答复，期限 2023-10-31" in out
    assert f"记录：{sheet}:6" in out  # the row number Excel shows
    assert f"{sheet}:8：合计行（合计），不是记录" in out
    # the notes sheet is reported, the empty one noted
    assert f"警告：工作表 {book}[说明] 未读取，找不到可识别的表头" in result.stderr
    assert f"说明：工作表 {book}[Sheet3] 为空，已跳过" in result.stderr
    doc = check(plan, "--records", str(book), "--format", "json")
    assert findings(doc) == EXPECTED
    assert json.loads(doc.stdout)["set_aside"] == [
        {"file": sheet, "line": 8, "reason": "合计行（合计），不是记录"}
    ]


def test_the_merged_header_and_the_cells_are_read(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "依申请公开台账.xlsx")
    (stream,), notes = read_tables(book)
    assert [n.code for n in notes] == ["unread-sheet", "empty-sheet"]
    assert stream.header == (
        "序号",
        "单位名称",
        "收到时间",
        "补正情况/告知日期",
        "补正情况/收到补正日期",
        "答复时间",
        "备注",
    )
    rows = list(stream.rows())
    assert [r[0] for r in rows if isinstance(r, tuple)] == [5, 6, 7]
    by_id = {data["id"]: data for _, data in (r for r in rows if isinstance(r, tuple))}
    assert set(by_id) == {"1", "2", "3"}  # 序号 cells 1.0 .. read as ids "1" ..
    assert str(by_id["1"]["received"]) == "2023-09-01"  # a date cell
    assert str(by_id["1"]["replied"]) == "2023-09-20"  # a date-time cell, its date
    assert str(by_id["2"]["received"]) == "2023-09-27"  # "2023/9/27"
    assert str(by_id["3"]["received"]) == "2023-10-09"  # "2023年10月9日"
    assert str(by_id["3"]["correction_notice"]) == "2023-10-10"  # 补正情况/告知日期
    assert str(by_id["3"]["corrected_received"]) == "2023-10-16"  # serial 45215
    assert stream.summary.set_aside == 1


def test_the_same_ledger_as_an_xls_workbook() -> None:
    """tests/data/ledger/依申请公开台账.xls: write_xlsx's workbook converted once by LibreOffice
    (``soffice --headless --convert-to xls``)."""
    (stream,), _ = read_tables(DATA / "依申请公开台账.xls")
    assert stream.summary.encoding == "xls"
    items = list(stream)
    assert not [i for i in items if isinstance(i, Rejected)]
    assert sorted(i.data["id"] for i in items if not isinstance(i, Rejected)) == ["1", "2", "3"]
    assert [str(r) for r in stream.summary.set_aside_rows] == [
        f"{DATA / '依申请公开台账.xls'}[2023年]:8：合计行（合计），不是记录"
    ]


def test_the_same_ledger_as_a_gb18030_csv_with_a_title_line(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    export = write_csv(tmp_path / "依申请公开台账.csv")
    result = check(plan, "--records", str(export))
    assert result.exit_code == 1, result.output
    assert f"{export}（application，gb18030）：读取 4 行 = 评估 3 行 + 拒收 0 行 + 搁置 1 行" in (
        result.stdout
    )
    assert findings(check(plan, "--records", str(export), "--format", "json")) == EXPECTED


def test_a_workbook_in_a_records_folder_and_kind_equals_path(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    folder = tmp_path / "台账"
    folder.mkdir()
    write_xlsx(folder / "ledger.xlsx")  # the name tells no kind: 序号 fits application and message
    (folder / "~$ledger.xlsx").write_bytes(b"lock")  # Excel's lock file is not a ledger
    ambiguous = check(plan, "--records", str(folder))
    assert ambiguous.exit_code == 2
    assert "表头同时符合多个记录类别（application、message）" in ambiguous.output
    result = check(plan, "--records", f"application={folder}", "--format", "json")
    assert result.exit_code == 1, result.output
    assert findings(result) == EXPECTED


def test_sheet_selects_one_sheet(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    book = write_xlsx(tmp_path / "依申请公开台账.xlsx")
    result = check(plan, "--records", str(book), "--sheet", "2023年")
    assert result.exit_code == 1, result.output
    assert "未读取" not in result.stderr  # the other sheets are not looked at
    missing = check(plan, "--records", str(book), "--sheet", "2024年")
    assert missing.exit_code == 2
    assert "没有名为 '2024年' 的工作表；工作表：2023年、说明、Sheet3" in missing.output
    notes = check(plan, "--records", str(book), "--sheet", "说明")
    assert notes.exit_code == 2  # the sheet asked for has no header: an error, not a warning
    assert "缺少依申请公开（application）记录的必填列" in notes.output
    with pytest.raises(RecordFileError, match="没有名为"):
        read_records(book, sheet="nope")


def test_strict_fails_on_an_unread_sheet_but_not_on_an_empty_one(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    book = write_xlsx(tmp_path / "依申请公开台账.xlsx")
    assert check(plan, "--records", str(book), "--strict").exit_code == 2  # 说明 not read
    import openpyxl

    wb = openpyxl.load_workbook(book)
    del wb["说明"]
    wb.save(book)
    result = check(plan, "--records", str(book), "--strict")
    assert result.exit_code == 1, result.output  # the findings; the empty sheet only noted
    assert "说明：工作表" in result.stderr


def test_a_damaged_workbook_is_a_clear_error(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    bad = tmp_path / "依申请公开台账.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = check(plan, "--records", str(bad))
    assert result.exit_code == 2
    assert "不是可读取的电子表格" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# Office spellings, did you mean, column maps, --site


def write_rows(path: Path, rows: Sequence[Sequence[str]], encoding: str = "gb18030") -> Path:
    import csv

    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_office_spellings_are_built_in(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "applications.csv",
        [
            ["序号", "受理编号", "单位名称", "收到时间", "回复日期"],
            ["1", "YS-1", "县财政局", "2023/9/27", "2023/10/9"],
        ],
    )
    stream = read_records(path)
    (row,) = list(stream.rows())
    assert isinstance(row, tuple)
    assert row[1]["id"] == "YS-1"  # 受理编号 names the id; 序号 is then just a column
    assert str(row[1]["replied"]) == "2023-10-09"  # 回复日期: a fallback for 答复日期
    assert stream.summary.ignored_columns == ("序号",)


def test_a_missing_column_suggests_what_was_meant(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    path = write_rows(
        tmp_path / "依申请公开.csv",
        [["申请编号", "单位名称", "来件收到日", "答复时间"], ["1", "县财政局", "2023-09-27", ""]],
    )
    result = check(plan, "--records", str(path))
    assert result.exit_code == 2
    assert "缺少依申请公开（application）记录的必填列：received（收到日期）" in result.output
    assert "可能对应的列：received（收到日期）→ “来件收到日”" in result.output
    assert "--columns" in result.output


def test_a_column_map_names_what_no_alias_knows(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    path = write_rows(
        tmp_path / "依申请公开.csv",
        [
            ["件号", "编号", "承办科室", "来件日期", "答复时间"],
            ["A-1", "x", "县财政局", "2023-09-27", "2023-10-30"],
            ["A-2", "x", "县审计局", "2023-09-27", ""],
        ],
    )
    cmap = tmp_path / "columns.toml"
    cmap.write_text(
        '[application]\nid = "件号"\nunit = "承办科室"\nreceived = ["收文日期", "来件日期"]\n',
        "utf-8",
    )
    result = check(plan, "--records", str(path), "--columns", str(cmap), "--format", "json")
    assert result.exit_code == 1, result.output
    assert findings(result) == [("A-1", "met"), ("A-2", "violated")]  # 件号, not 编号
    assert json.loads(result.stdout)["files"][0]["ignored_columns"] == ["编号"]
    assert check(plan, "--records", str(path)).exit_code == 2  # without the map: refused


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[aplication]\nid = "件号"\n',
            "未知的记录类别 [aplication]；可用的类别：post、application",
        ),
        (
            '[application]\nnumber = "件号"\n',
            "'number' 不是依申请公开记录的字段；可用的字段：id、unit",
        ),
        ("[application]\nid = 3\n", "id 应为表头名称或表头名称的列表"),
        ("[application\n", "不是有效的 TOML（第 1 行有误）"),
    ],
)
def test_a_bad_column_map_is_exit_2_naming_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    plan = write_plan(tmp_path)
    path = write_csv(tmp_path / "依申请公开台账.csv")
    cmap = tmp_path / "columns.toml"
    cmap.write_text(text, "utf-8")
    result = check(plan, "--records", str(path), "--columns", str(cmap))
    assert result.exit_code == 2
    assert "错误：列名对照表有误：" in result.output
    assert expected in result.output
    with pytest.raises(ColumnMapError):
        read_records(path, columns=cmap)


def test_site_fills_a_single_site_export(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "发布信息.csv",
        [
            ["信息来源", "发布日期", "标题"],
            ["县财政局", "2023/9/27", "关于…的通知"],
            ["县审计局", "2023-09-28 10:00", "审计结果公告"],
        ],
        encoding="utf-8",
    )
    with pytest.raises(RecordFileError, match=r"site（网站或账号）"):
        read_records(path)
    stream = read_records(path, site="测试县人民政府网")
    rows = [r for r in stream.rows() if isinstance(r, tuple)]
    assert [(d["site"], d["unit"]) for _, d in rows] == [
        ("测试县人民政府网", "县财政局"),  # 信息来源: the unit when no 发布单位 column
        ("测试县人民政府网", "县审计局"),
    ]
    plan = write_plan(tmp_path)
    refused = check(plan, "--records", str(path))
    assert refused.exit_code == 2
    accepted = check(plan, "--records", str(path), "--site", "测试县人民政府网")
    assert accepted.exit_code == 0, accepted.output
    # the plan has no rule on posts: the rows are read, then not applicable
    assert "读取 2 行 = 评估 0 行 + 不适用 2 行 + 拒收 0 行" in accepted.stdout


# ---------------------------------------------------------------------------------------------
# Rows that are not records


@pytest.mark.parametrize(
    ("cells", "aside"),
    [
        (["合计", "", "", ""], True),
        (["", "合  计", "", ""], True),
        (["小计：", "", "", "2"], True),
        (["总计(件)", "", "", ""], True),
        (["总计划", "县财政局", "2023-09-27", ""], False),  # a record, not a total
        (["合计划", "县财政局", "2023-09-27", ""], False),
    ],
)
def test_total_rows_are_set_aside(tmp_path: Path, cells: list[str], aside: bool) -> None:
    path = write_rows(
        tmp_path / "依申请公开.csv",
        [["申请编号", "单位", "收到日期", "答复日期"], ["1", "县财政局", "2023-09-27", ""], cells],
    )
    stream = read_records(path)
    items = list(stream)
    s = stream.summary
    assert s.read == 2
    assert s.set_aside == (1 if aside else 0)
    assert s.read == s.evaluated + s.rejected + s.set_aside
    assert len(items) == (1 if aside else 2)


def test_blank_rows_and_a_repeated_header(tmp_path: Path) -> None:
    header = ["申请编号", "单位", "收到日期", "答复日期"]
    path = write_rows(
        tmp_path / "依申请公开.csv",
        [
            ["测试县依申请公开登记表", "", "", ""],
            ["", "", "", ""],
            header,
            ["1", "县财政局", "2023-09-27", ""],
            ["", " ", "", ""],  # blank, inside the table: set aside
            [" 申请编号", "单位", "收到日期 ", "答复日期"],  # the header again (a page break)
            ["2", "县财政局", "2023-09-28", ""],
            [",", "", "", ""][1:],  # blank rows after the last row: not rows of the table
            ["", "", "", ""],
        ],
    )
    stream = read_records(path)
    assert stream.header == tuple(header)
    items = list(stream)
    assert len(items) == 2
    assert [(r.line, r.reason) for r in stream.summary.set_aside_rows] == [
        (5, "空行（表格中的空白行）"),
        (6, "重复的表头行"),
    ]
    assert (stream.summary.read, stream.summary.set_aside) == (4, 2)
    # the engines may read it too: from the line below the header (line 3), numbered alike
    assert (stream.columnar, stream.header_line) == (True, 3)


def test_a_header_on_line_1_keeps_the_fast_path(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "posts.csv",
        [["网站", "单位", "发布时间", "标题"], ["a", "b", "2023-09-27", "t"]],
    )
    assert read_records(path).columnar is True
    assert read_records(path, site="x").columnar is False


def test_no_header_in_the_first_rows(tmp_path: Path) -> None:
    rows = [["标题"]] * 25 + [["申请编号", "单位", "收到日期"], ["1", "县财政局", "2023-09-27"]]
    path = write_rows(tmp_path / "依申请公开.csv", rows)
    with pytest.raises(RecordFileError, match="缺少依申请公开"):
        read_records(path)


# ---------------------------------------------------------------------------------------------
# Fuzzing the spreadsheet reader

_CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["合计", "小 计", "总计：3", "县财政局", "不存在单位", "2023/9/27", "2023年9月27日", "1001"]
    ),
    st.integers(min_value=-(10**6), max_value=10**6),  # serial days up to the year 4637
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)),
)
_HEADER = ["序号", "申请编号", "单位名称", "收到时间", "答复时间"]
_DAYS = st.dates(min_value=dt.date(2023, 7, 1), max_value=dt.date(2023, 12, 20))
_RECORD: dict[str, st.SearchStrategy[object]] = {
    "序号": st.integers(1, 50),
    "申请编号": st.one_of(st.integers(1, 20).map(float), st.sampled_from(["YS-1", "YS-2", ""])),
    "单位名称": st.sampled_from(["县财政局", "县审计局", "县税务局", "", "合计"]),
    "收到时间": st.one_of(
        _DAYS,
        _DAYS.map(lambda d: f"{d.year}/{d.month}/{d.day}"),
        _DAYS.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
        _DAYS.map(lambda d: (d - dt.date(1899, 12, 30)).days),  # a serial day
        st.just("2023-02-30"),
    ),
    "答复时间": st.one_of(
        st.none(), _DAYS, _DAYS.map(lambda d: dt.datetime(d.year, d.month, d.day, 9))
    ),
}


@st.composite
def sheets(draw: st.DrawFn) -> list[list[object]]:
    rows: list[list[object]] = [
        [draw(st.text(max_size=20))] for _ in range(draw(st.integers(0, 3)))
    ]  # title rows
    if draw(st.booleans()):
        rows.append([])
    header = list(draw(st.permutations(_HEADER)))
    if draw(st.integers(0, 9)):  # mostly a header
        rows.append(list[object](header))
    width = draw(st.integers(1, 7))
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            rows.append([])
        elif kind == 1:
            rows.append([draw(st.sampled_from(["合计", "小计", "合 计："]))])
        elif kind < 6:  # a record, its cells written the ways offices write them
            rows.append([draw(_RECORD[name]) for name in header])
        else:
            rows.append([draw(_CELLS) for _ in range(width)])
    return rows


def _clean(cell: object) -> object:
    if isinstance(cell, str):  # what an .xlsx cell can hold
        if cell.startswith("="):  # openpyxl writes a formula: no value until a program computes it
            return None
        return "".join(c for c in cell if c.isprintable() or c in "\t\n") or None
    return cell


_END = dt.date(2023, 12, 31)


@functools.cache
def _fuzz_plan() -> Plan:
    with tempfile.TemporaryDirectory() as folder:
        return planfile.read_plan(write_plan(Path(folder)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets())
def test_the_xlsx_reader_accounts_for_every_row(rows: list[list[object]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append([_clean(c) for c in row])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "依申请公开.xlsx"
        wb.save(path)
        try:
            streams, _ = read_tables(path)
        except (RecordFileError, InputError):
            return
        (stream,) = streams
        items = list(stream)
        try:
            checked = run_check(_fuzz_plan(), [path], calendar=WorkCalendar.default(), as_of=_END)
        except NotPublishedError:
            return  # a deadline in a year without a published arrangement
    (summary,) = checked.files
    assert summary.read == (
        summary.evaluated + summary.not_applicable + summary.rejected + summary.set_aside
    )
    assert summary.evaluated >= 0
    assert summary.rejected == sum(r.source == summary.source for r in checked.rejected)
    assert summary.set_aside == len(checked.set_aside)
    s = stream.summary
    assert s.read == s.evaluated + s.not_applicable + s.rejected + s.set_aside
    assert s.rejected == sum(isinstance(i, Rejected) for i in items)
    assert s.read - s.set_aside == len(items)
    assert s.set_aside == len(s.set_aside_rows)
    # every row below the header is accounted for, but blank ones after the table's last row
    assert stream.header_line is not None
    below = rows[stream.header_line :]
    while below and not any(_clean(c) is not None and str(c).strip() for c in below[-1]):
        below.pop()
    assert s.read == len(below)


def test_report_reads_the_workbook_with_the_same_options(tmp_path: Path) -> None:
    plan = write_plan(tmp_path)
    book = write_xlsx(tmp_path / "依申请公开台账.xlsx")
    args = ["report", "--plan", str(plan), "--month", "2023-10", "--records", str(book)]
    result = CliRunner().invoke(main, [*args, "--sheet", "2023年"])
    assert result.exit_code == 0, result.output
    assert "未读取" not in result.stderr
    missing = CliRunner().invoke(main, [*args, "--sheet", "2024年"])
    assert missing.exit_code == 2
    assert "没有名为 '2024年' 的工作表" in missing.output


def test_row_numbers_are_excels_when_the_table_starts_lower(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for cell, value in {
        "C3": "申请编号",
        "D3": "单位",
        "E3": "收到日期",
        "C4": 1001.0,
        "D4": "县财政局",
        "E4": 45196,  # a serial day in a date column: 2023-09-27
        "C5": 1002,
        "D5": "县财政局",
        "E5": "2023-09-31",
    }.items():
        ws[cell] = value
    path = tmp_path / "依申请公开.xlsx"
    wb.save(path)
    stream = read_records(path)
    assert stream.header_line == 3
    items = list(stream.rows())
    assert items[0] == (4, {"id": "1001", "unit": "县财政局", "received": dt.date(2023, 9, 27)})
    assert isinstance(items[1], Rejected)
    assert (items[1].source, items[1].line, items[1].field) == (f"{path}[Sheet]", 5, "received")


def test_a_workbook_that_unpacks_to_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govflow.compliance import sheetread

    book = write_xlsx(tmp_path / "依申请公开台账.xlsx")
    assert read_tables(book)[0]  # under the cap
    monkeypatch.setattr(sheetread, "MAX_UNPACKED", 1000)
    with pytest.raises(RecordFileError, match=r"解压后有 [\d,]+ 字节，超过上限 1,000 字节"):
        read_tables(book)


def test_merged_ranges_decide_what_a_label_spans(tmp_path: Path) -> None:
    """In a workbook the merged ranges tell which columns 补正情况 spans; a CSV export has no
    such ranges, so the label is carried over the empty upper cells with labels below."""
    import openpyxl

    upper = ["申请编号", "单位", "收到日期", "补正情况", None, None]
    lower = [None, None, None, "告知日期", "收到补正日期", "延长工作日数"]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(upper)
    ws.append(lower)
    ws.append(["A-1", "县财政局", dt.date(2023, 9, 27), None, None, 3.0])
    ws.merge_cells("D1:E1")
    book = tmp_path / "依申请公开.xlsx"
    wb.save(book)
    sheet = read_records(book)
    assert sheet.header is not None
    assert sheet.header[3:] == ("补正情况/告知日期", "补正情况/收到补正日期", "延长工作日数")
    ((_, data),) = [r for r in sheet.rows() if isinstance(r, tuple)]
    assert data["extension_days"] == 3  # 3.0 in an integer column
    export = write_rows(
        tmp_path / "依申请公开.csv",
        [[c or "" for c in upper], [c or "" for c in lower], ["A-1", "县财政局", "2023-09-27"]],
    )
    text = read_records(export)
    assert text.header is not None
    assert text.header[5] == "补正情况/延长工作日数"  # carried, and matched by its lower name
    assert text.columns is not None
    assert text.columns["extension_days"] == 5


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("2023年依申请公开台账.xlsx", "application"),
        ("县政府网信息发布导出.csv", "post"),
        ("政务信息发布与主动公开.csv", None),  # two kinds' names: the headers decide
        ("posts-2023.csv", "post"),
        ("myposts.csv", None),  # English names only at the start
    ],
)
def test_a_file_name_containing_a_kinds_name(name: str, kind: str | None) -> None:
    from govflow.compliance.records import BUILTIN_KINDS
    from govflow.compliance.values import _stem_kind

    found = _stem_kind(Path(name), BUILTIN_KINDS)
    assert (found.name if found else None) == kind
