"""`govflow annual-report`: tables 三 and 四 of the 政府信息公开工作年度报告 in the format of
国办公开办函〔2021〕30号, counted from hand-built ledgers (invented data: the units are the
invented 测试县's, the cases made up) with the cells worked out by hand.

The format's 勾稽关系, printed over table 三's label column: 「第一项加第二项之和，等于第三项加
第四项之和」 (本年新收 + 上年结转 = 办理结果总计 + 结转下年度), checked on generated ledgers.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.compliance.kinds import BUILTIN_KINDS, REVIEW
from govflow.compliance.ogiform import (
    APPLICANT_COLUMNS,
    APPLICANT_TYPES,
    CARRIED_IN,
    CARRIED_OUT,
    NEW_THIS_YEAR,
    OUTCOME_ROWS,
    OUTCOMES,
    TOTAL,
    TOTAL_RESULTS,
)
from govflow.report.annual import TABLE3_ROWS, AnnualReport, annual_report
from plans import CeshiPlugin

KINDS = {**BUILTIN_KINDS, "review": REVIEW}
HEADER = ["申请编号", "受理单位", "收到日期", "答复日期", "申请人类型", "办理结果"]
SECRET = "（三）不予公开 / 3.危及“三安全一稳定”"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
NOT_HELD = "（四）无法提供 / 1.本机关不掌握相关政府信息"
OVERDUE = "（六）其他处理 / 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"

# An invented ledger of the invented 测试县财政局 for 2023, one case per situation.
LEDGER = [
    HEADER,
    ["A01", "县财政局", "2023-03-01", "2023-03-20", "自然人", "予以公开"],
    ["A02", "县财政局", "2023-04-03", "2023-04-21", "商业企业", "部分公开"],
    # the format's long label, and a numbered one with straight quotes
    [
        "A03",
        "县财政局",
        "2023-05-08",
        "2023-05-26",
        "法律服务机构",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
    ],
    ["A04", "县财政局", "2023-06-01", "2023-06-20", "商业企业", '3.危及"三安全一稳定"'],
    ["A05", "县财政局", "2023-07-03", "2023-07-04", "自然人", "本机关不掌握相关政府信息"],
    [
        "A06",
        "县财政局",
        "2023-08-01",
        "2023-09-01",
        "其他",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ],
    # received 2022, replied 2023: 上年结转, then a result
    ["A07", "县财政局", "2022-12-20", "2023-01-10", "科研机构", "予以公开"],
    # received 2021, still open at the end of 2023: 上年结转 and 结转下年度
    ["A08", "县财政局", "2021-11-02", "", "社会公益组织", ""],
    # received 2023-12-28, replied in 2024: 本年新收 and 结转下年度, its result next year's
    ["A09", "县财政局", "2023-12-28", "2024-01-05", "自然人", "予以公开"],
    ["A10", "县财政局", "2023-12-29", "", "自然人", ""],
    # not in this report: replied in 2022, received in 2024, another unit
    ["A11", "县财政局", "2022-05-01", "2022-05-20", "自然人", "予以公开"],
    ["A12", "县财政局", "2024-01-02", "", "自然人", ""],
    ["A13", "县审计局", "2023-03-01", "2023-03-02", "自然人", "重复申请"],
]


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    """The built-ins and the invented plan ceshi-2023 (its unit directory) only."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")
    yield
    plugins.reset()


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def count(path: Path, year: int = 2023, unit: str = "县财政局") -> AnnualReport:
    return annual_report([path], year, unit, kinds=KINDS)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["annual-report", *args])


def nonzero(report: AnnualReport) -> dict[str, dict[str, int]]:
    return {
        row: {c: n for c, n in cells.items() if n}
        for row, cells in report.table3.items()
        if any(cells.values())
    }


# ---------------------------------------------------------------------------------------------
# Table 三 from a hand-built ledger


def test_table_3_cells_of_a_hand_built_ledger(tmp_path: Path) -> None:
    report = count(write(tmp_path / "applications.csv", LEDGER))
    assert nonzero(report) == {
        NEW_THIS_YEAR: {
            "自然人": 4,
            "商业企业": 2,
            "法律服务机构": 1,
            "其他": 1,
            TOTAL: 8,
        },  # A01-A06, A09, A10
        CARRIED_IN: {"科研机构": 1, "社会公益组织": 1, TOTAL: 2},  # A07, A08
        "（一）予以公开": {"自然人": 1, "科研机构": 1, TOTAL: 2},  # A01, A07
        PARTIAL: {"商业企业": 1, "法律服务机构": 1, TOTAL: 2},  # A02, A03
        SECRET: {"商业企业": 1, TOTAL: 1},  # A04
        NOT_HELD: {"自然人": 1, TOTAL: 1},  # A05
        OVERDUE: {"其他": 1, TOTAL: 1},  # A06
        TOTAL_RESULTS: {
            "自然人": 2,
            "商业企业": 2,
            "科研机构": 1,
            "法律服务机构": 1,
            "其他": 1,
            TOTAL: 7,
        },
        CARRIED_OUT: {"自然人": 2, "社会公益组织": 1, TOTAL: 3},  # A09, A10, A08
    }
    assert report.rejected == []
    (summary,) = report.files
    assert (summary.read, summary.evaluated, summary.not_applicable) == (13, 10, 3)
    assert report.left_out == {"2022年及以前已答复": 1, "2024年及以后收到": 1, "其他单位": 1}
    assert summary.not_applicable_units == {"县财政局": 2, "县审计局": 1}


def test_the_rows_and_columns_are_the_formats_own_labels(tmp_path: Path) -> None:
    report = count(write(tmp_path / "applications.csv", [HEADER]))
    assert list(report.table3) == list(TABLE3_ROWS)
    assert TABLE3_ROWS[:4] == (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    )
    assert TABLE3_ROWS[-2:] == ("（七）总计", "四、结转下年度继续办理")
    assert len(OUTCOME_ROWS) == 2 + 8 + 3 + 5 + 3
    assert APPLICANT_COLUMNS == (
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    )
    assert list(report.table4) == [
        "行政复议",
        "行政诉讼 / 未经复议直接起诉",
        "行政诉讼 / 复议后起诉",
    ]
    assert list(report.table4["行政复议"]) == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]


def test_a_value_outside_the_formats_list_rejects_the_row_naming_the_allowed_ones(
    tmp_path: Path,
) -> None:
    rows = [
        HEADER,
        ["B1", "县财政局", "2023-03-01", "2023-03-02", "个人", "予以公开"],
        ["B2", "县财政局", "2023-03-01", "2023-03-02", "自然人", "已答复"],
        ["B3", "县财政局", "2023-03-01", "2023-03-02", "自然人", "予以公开"],
    ]
    report = count(write(tmp_path / "applications.csv", rows))
    first, second = report.rejected
    assert (first.line, first.field) == (2, "applicant_type")
    assert (
        "「自然人」、「商业企业」、「科研机构」、「社会公益组织」、「法律服务机构」、「其他」"
        in first.reason
    )
    assert "'个人'" in first.reason
    assert (second.line, second.field) == (3, "outcome")
    assert "「要求行政机关确认或重新出具已获取信息」" in second.reason
    assert "'已答复'" in second.reason
    assert report.table3[TOTAL_RESULTS][TOTAL] == 1
    (summary,) = report.files
    assert (summary.read, summary.evaluated, summary.rejected) == (3, 1, 2)


def test_a_counted_row_needs_its_type_and_a_replied_one_its_result(tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["C1", "县财政局", "2023-03-01", "2023-03-02", "", "予以公开"],
        ["C2", "县财政局", "2023-03-01", "2023-03-02", "自然人", ""],
        ["C3", "县财政局", "2023-03-01", "", "自然人", "予以公开"],
        ["C4", "县审计局", "2023-03-01", "", "", ""],  # another unit: not this report's
    ]
    report = count(write(tmp_path / "applications.csv", rows))
    reasons = {r.line: (r.field, r.reason) for r in report.rejected}
    assert reasons[2][0] == "applicant_type"
    assert "申请人类型为空" in reasons[2][1]
    assert reasons[3][0] == "outcome"
    assert "办理结果为空" in reasons[3][1]
    assert reasons[4][0] == "replied"
    assert "答复日期为空" in reasons[4][1]
    assert set(reasons) == {2, 3, 4}
    assert all(n == 0 for cells in report.table3.values() for n in cells.values())


def test_an_application_replied_before_it_was_received_is_rejected_while_reading(
    tmp_path: Path,
) -> None:
    rows = [HEADER, ["D1", "县财政局", "2023-03-05", "2023-03-01", "自然人", "予以公开"]]
    (rejected,) = count(write(tmp_path / "applications.csv", rows)).rejected
    assert rejected.field == "replied"


# ---------------------------------------------------------------------------------------------
# Table 四


REVIEWS = [
    ["案件编号", "被申请人", "案件类型", "立案日期", "结果", "审结日期"],
    ["R1", "县财政局", "行政复议", "2023-02-01", "维持", "2023-04-01"],
    ["R2", "县财政局", "行政复议", "2023-05-01", "结果纠正", "2023-06-30"],
    ["R3", "县财政局", "行政复议", "2023-11-20", "其他结果", "2024-01-15"],  # concluded later
    ["R4", "县财政局", "行政诉讼（未经复议直接起诉）", "2023-03-01", "尚未审结", ""],
    ["R5", "县财政局", "复议后起诉", "2023-04-01", "其他结果", "2023-10-01"],
    ["R6", "县财政局", "复议后起诉", "2022-04-01", "结果维持", "2023-01-10"],  # filed in 2022
    ["R7", "县财政局", "行政诉讼", "2023-04-01", "结果维持", ""],  # which 诉讼?
    ["R8", "县财政局", "行政复议", "2023-04-01", "尚未审结", "2023-05-01"],  # contradiction
]


def test_table_4_cells_from_review_records(tmp_path: Path) -> None:
    report = count(write(tmp_path / "reviews.csv", REVIEWS))
    assert report.table4 == {
        "行政复议": {"结果维持": 1, "结果纠正": 1, "其他结果": 0, "尚未审结": 1, TOTAL: 3},
        "行政诉讼 / 未经复议直接起诉": {
            "结果维持": 0,
            "结果纠正": 0,
            "其他结果": 0,
            "尚未审结": 1,
            TOTAL: 1,
        },
        "行政诉讼 / 复议后起诉": {
            "结果维持": 0,
            "结果纠正": 0,
            "其他结果": 1,
            "尚未审结": 0,
            TOTAL: 1,
        },
    }
    reasons = {r.line: r for r in report.rejected}
    assert set(reasons) == {8, 9}
    assert reasons[8].field == "case_type"
    assert "「未经复议直接起诉」" in reasons[8].reason
    assert reasons[9].field == "result"
    assert "尚未审结" in reasons[9].reason
    assert report.left_out == {"复议诉讼不在2023年收到（立案）": 1}
    (summary,) = report.files
    assert summary.kind == "review"
    assert summary.read == summary.evaluated + summary.not_applicable + summary.rejected


# ---------------------------------------------------------------------------------------------
# The format's arithmetic, on generated ledgers

DAY0 = date(2021, 6, 1)


@st.composite
def ledgers(draw: st.DrawFn) -> list[list[str]]:
    rows = [HEADER]
    for n in range(draw(st.integers(0, 25))):
        received = DAY0 + timedelta(days=draw(st.integers(0, 1100)))
        replied = (
            received + timedelta(days=draw(st.integers(0, 400))) if draw(st.booleans()) else None
        )
        unit = draw(st.sampled_from(["县财政局", "县财政局", "县审计局"]))
        applicant = draw(st.sampled_from(APPLICANT_TYPES))
        outcome = draw(st.sampled_from(OUTCOMES)) if replied else ""
        rows.append(
            [
                f"G{n}",
                unit,
                received.isoformat(),
                replied.isoformat() if replied else "",
                applicant,
                outcome,
            ]
        )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers(), st.sampled_from([2022, 2023]))
def test_the_formats_sums_hold_on_any_ledger(rows: list[list[str]], year: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        report = count(write(Path(folder) / "applications.csv", rows), year=year)
    t = report.table3
    results = [r.key for r in OUTCOME_ROWS]
    for row, cells in t.items():  # the 总计 column is the sum of the applicant columns
        assert cells[TOTAL] == sum(cells[c] for c in APPLICANT_TYPES), row
    for col in APPLICANT_COLUMNS:
        assert t[TOTAL_RESULTS][col] == sum(t[r][col] for r in results)  # the 总计 row
        # 勾稽关系: 第一项加第二项之和，等于第三项加第四项之和
        assert (
            t[NEW_THIS_YEAR][col] + t[CARRIED_IN][col]
            == t[TOTAL_RESULTS][col] + t[CARRIED_OUT][col]
        )
    (summary,) = report.files
    assert summary.read == len(rows) - 1
    assert summary.read == summary.evaluated + summary.not_applicable + summary.rejected
    assert summary.evaluated == t[NEW_THIS_YEAR][TOTAL] + t[CARRIED_IN][TOTAL]
    assert not report.rejected  # generated rows are all well formed


def test_this_years_carry_over_is_next_years_carry_in(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    assert count(path, 2023).table3[CARRIED_OUT] == count(path, 2024).table3[CARRIED_IN]


# ---------------------------------------------------------------------------------------------
# The command: formats, the accounting line, -o


def test_json_shape_and_the_accounting_line(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    result = run("2023", "--records", str(path), "--unit", "测试县财政局", "--format", "json")
    assert result.exit_code == 0, result.output
    out = result.stdout
    data = json.loads(out)
    assert data["unit"] == "县财政局"
    assert data["year"] == 2023
    assert data["table"][SECRET] == {**dict.fromkeys(APPLICANT_COLUMNS, 0), "商业企业": 1, TOTAL: 1}
    assert data["table4"]["行政复议"][TOTAL] == 0
    assert data["files"][0]["read"] == 13
    assert "读取 13 行 = 评估 10 行 + 不适用 3 行 + 拒收 0 行" in result.stderr


def test_rejected_rows_exit_1_and_are_listed(tmp_path: Path) -> None:
    path = write(
        tmp_path / "applications.csv", [HEADER, ["X", "县财政局", "2023-01-05", "", "法人", ""]]
    )
    result = run("2023", "--records", str(path), "--unit", "县财政局", "--format", "md")
    assert result.exit_code == 1
    assert "拒收：" in result.stderr
    assert "'法人'" in result.stderr
    assert "| 一、本年新收政府信息公开申请数量 | 0 |" in result.stdout


def test_html_declares_a_chinese_font_stack_and_fits_a_phone(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    out = tmp_path / "report.html"
    result = run(
        "2023", "--records", str(path), "--unit", "县财政局", "--format", "html", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert '"Noto Sans CJK SC"' in page
    assert '"Microsoft YaHei"' in page
    assert 'name="viewport"' in page
    assert "table-layout:fixed" in page
    assert "3.危及“三安全一稳定”" in page


def test_docx_opens_with_the_formats_cells_and_chinese_fonts(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    path = write(tmp_path / "applications.csv", LEDGER)
    reviews = write(tmp_path / "reviews.csv", REVIEWS[:3])
    out = tmp_path / "年报.docx"
    result = run(
        "2023", "--records", str(path), "--records", str(reviews), "--unit", "县财政局",
        "--format", "docx", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    table3, table4 = document.tables
    cells = {(r, c): table3.cell(r, c).text for r in range(len(table3.rows)) for c in range(10)}
    row = next(r for r in range(len(table3.rows)) if cells[(r, 2)] == "3.危及“三安全一稳定”")
    assert cells[(row, 1)] == "（三）不予公开"
    assert cells[(row, 0)] == "三、本年度办理结果"
    assert [cells[(row, c)] for c in range(3, 10)] == ["0", "1", "0", "0", "0", "0", "1"]
    assert cells[(3, 0)] == "一、本年新收政府信息公开申请数量"
    assert cells[(3, 9)] == "8"
    assert [cells[(2, c)] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert cells[(1, 4)] == "法人或其他组织"
    assert table4.cell(0, 0).text == "行政复议"
    assert table4.cell(1, 5).text == "未经复议直接起诉"
    assert [table4.cell(3, c).text for c in range(5)] == ["1", "1", "0", "0", "2"]
    fonts = set()
    for p in document.paragraphs:
        for r in p.runs:
            rpr = r._element.rPr
            assert rpr is not None
            assert rpr.rFonts is not None
            fonts.add(rpr.rFonts.get(qn("w:eastAsia")))
    assert "方正小标宋简体" in fonts
    assert "仿宋_GB2312" in fonts
    footer = document.sections[0].footer.paragraphs[0]._element.xml
    assert "PAGE" in footer


def test_xlsx_opens_with_numbers_in_the_formats_layout(tmp_path: Path) -> None:
    import openpyxl

    path = write(tmp_path / "applications.csv", LEDGER)
    out = tmp_path / "年报.xlsx"
    result = run(
        "2023", "--records", str(path), "--unit", "县财政局", "--format", "xlsx", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["表三", "表四", "数据说明"]
    ws = wb["表三"]
    labels = {ws.cell(row=r, column=3).value: r for r in range(1, ws.max_row + 1)}
    row = labels["1.本机关不掌握相关政府信息"]
    assert [ws.cell(row=row, column=c).value for c in range(4, 11)] == [1, 0, 0, 0, 0, 0, 1]
    assert ws.cell(row=row, column=2).value == "（四）无法提供"
    merged = {str(m) for m in ws.merged_cells.ranges}
    assert "B4:J4" not in merged
    assert "D2:J2" in merged
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == "四、结转下年度继续办理"
    assert ws.cell(row=last, column=10).value == 3
    notes = [c.value for c in wb["数据说明"]["A"]]
    assert any("读取 13 行" in str(v) for v in notes)


def test_binary_formats_need_an_output_file(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    result = run("2023", "--records", str(path), "--unit", "县财政局", "--format", "docx")
    assert result.exit_code == 2
    assert "须用 -o 指定输出文件" in result.output


def test_output_never_overwrites_an_input(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    before = path.read_bytes()
    result = run("2023", "--records", str(path), "--unit", "县财政局", "-o", str(path))
    assert result.exit_code == 2
    assert "是本命令的输入文件" in result.output
    assert path.read_bytes() == before


def test_a_missing_office_library_is_a_chinese_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx raises ImportError
    path = write(tmp_path / "applications.csv", LEDGER)
    out = tmp_path / "年报.docx"
    result = run(
        "2023", "--records", str(path), "--unit", "县财政局", "--format", "docx", "-o", str(out)
    )
    assert result.exit_code == 2
    assert "错误：缺少可选依赖：生成 Word 文档（--format docx）需要 python-docx" in result.output
    assert "pip install 'govflow[office]'" in result.output
    assert "读取" not in result.stderr  # said before the records are read, not after
    assert not out.exists()
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    result = run(
        "2023", "--records", str(path), "--unit", "县财政局", "--format", "xlsx", "-o", str(out)
    )
    assert result.exit_code == 2
    assert "错误：缺少可选依赖：生成 Excel 工作簿（--format xlsx）需要 openpyxl" in result.output
    assert "pip install 'govflow[office]'" in result.output


def test_unknown_unit_and_bad_year_are_usage_errors(tmp_path: Path) -> None:
    path = write(tmp_path / "applications.csv", LEDGER)
    assert run("2023", "--records", str(path), "--unit", "县不存在局").exit_code == 2
    bad = run("23", "--records", str(path), "--unit", "县财政局")
    assert bad.exit_code == 2
    assert "四位数的年份" in bad.output


def test_other_kinds_are_accounted_but_their_bad_rows_do_not_fail_the_report(
    tmp_path: Path,
) -> None:
    apps = write(tmp_path / "applications.csv", LEDGER[:3])
    messages = write(
        tmp_path / "messages.csv",
        [
            ["留言编号", "承办单位", "留言时间", "答复时间"],
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10 17:00"],
            ["M2", "县财政局", "2023-09-31 09:00", ""],  # no such day: the message kind's affair
        ],
    )
    result = run("2023", "--records", str(apps), "--records", str(messages), "--unit", "县财政局")
    assert result.exit_code == 0, result.output
    assert "读取 2 行 = 评估 0 行 + 不适用 1 行 + 拒收 1 行" in result.stderr
    assert "非依申请公开、复议诉讼记录 1 行" in result.stderr
    assert "拒收：" not in result.stderr


PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="report.html" style="width:390px;height:800px;border:0"></iframe>
<script>document.getElementById("f").onload = function () {
  var d = this.contentDocument.documentElement;
  document.body.setAttribute("data-width", d.scrollWidth + "/" + d.clientWidth);
};</script></body></html>"""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_html_needs_no_sideways_scrolling_on_a_390px_phone(tmp_path: Path) -> None:
    """The page in a 390 px frame in headless Chromium: as wide as the frame, no wider."""
    path = write(tmp_path / "applications.csv", LEDGER)
    out = tmp_path / "report.html"
    result = run(
        "2023", "--records", str(path), "--unit", "县财政局", "--format", "html", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    (tmp_path / "probe.html").write_text(PROBE, "utf-8")
    dom = subprocess.run(
        [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--allow-file-access-from-files", "--virtual-time-budget=5000",
            "--dump-dom", (tmp_path / "probe.html").as_uri(),
        ],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    found = re.search(r'data-width="(\d+)/(\d+)"', dom.stdout)
    assert found is not None, dom.stderr[-2000:]
    scroll, client = map(int, found.groups())
    assert 0 < client <= 390
    assert scroll <= client  # nothing wider than the phone's screen
