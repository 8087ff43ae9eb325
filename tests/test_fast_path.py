"""The columnar path (:mod:`govflow.compliance.columnar`, Polars) gives what the pure-Python reference gives.

Differential tests: the same files are checked twice, with the fast path and with it turned off
(``GOVFLOW_NO_FAST_PATH=1``), and the whole :class:`CheckResult` must be the same: findings (with
their evidence rows), rejected rows (file, line, field, reason), file summaries (read, rejected,
the rejected lines) and every counter cell of :class:`DailyCounts` in its order, with its first
row.  The files are seeded random messy CSVs (many date spellings, full-width digits, time
zones, empty and blank cells, unknown and group units, bad dates, short and long rows, blank
lines, quoted commas and quotes, CRLF, BOM, GB18030); and files the columnar path must give
back to the reference (quoted newlines, lone carriage returns, NUL bytes, over-long fields,
bytes that do not decode).
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    AS_OF,
    Checker,
    assert_same,
    both,
    calendar,
    kinds,
    plan,
    small_blocks,
    write_jsonl,
    write_sheet,
)
from govflow.compliance import check, colcells, columnar, sheetread
from govflow.compliance.findings import Status
from govflow.compliance.records import (
    FieldSpec,
    FieldType,
    Record,
    RecordFileError,
    RecordKind,
)
from govflow.compliance.rules import Context, Rule
from govflow.compliance.tables import first_cell, set_aside_reason
from govflow.compliance.values import _csv_datetime, _to_date
from govflow.plan.model import Plan
from govflow.plugins.manager import registry

# ---------------------------------------------------------------------------------------------
# Messy post files

KNOWN_UNITS = (
    "县财政局",
    "县政府办",
    "县大数据中心",
    "东城镇",
    "西山乡",
    "南岭乡",
    "县发改委",
    "县人社局",
)
OTHER_UNITS = (
    "测试县财政局",  # full name
    "县政府办公室",  # alias
    " 东城镇 ",
    "东城镇\u3000",
    "财政局",  # unknown, with suggestions
    "不存在单位",
    "各乡(镇)人民政府",  # a group: one unit needed
    "",
    "  ",
)
COLUMNS = (
    "工作动态",
    "乡镇动态",
    "测试要闻",
    "图片新闻",
    "通知公告",
    "政策解读",
    "政务资讯",
    "民生资讯",
    "",
    " 工作动态 ",
    "\u3000通知公告",
)
CATEGORIES = ("", "", "动态", "通知", " 动态 ", "\u3000")
ORIGINALS = (
    "是",
    "否",
    "是",
    "否",
    "",
    " 是 ",
    "true",
    "FALSE",
    "原创",
    "转载",
    "√",
    "也许",
    "1",
    " ",
)
SITES = ("测试县人民政府网", "测试县人民政府网", "东城镇政务微信", "", " ", "\u3000测试发布")
TITLES = (
    "县财政局召开安全生产工作推进会",
    "关于做好防汛抗旱工作的通知",
    '他说"好",然后散会',
    "a,b,c",
    "  前导空格的标题",
    "【专题】学习贯彻",
    "《条例》解读",
    "“引号”开头",
    "\u2028分隔符开头",
    "表情😀标题",
    "\x1c控制字符",
    "",
    "   ",
    "\u3000",
    '"',
    '""',
    ",",
)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def a_time(rng: random.Random) -> str:
    y = rng.choice((2023, 2023, 2023, 2023, 2024, 2022, 2030, 1999))
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    if rng.random() < 0.7:  # mostly in the plan's second half year; some days do not exist
        m, d = rng.randint(6, 12), rng.randint(1, 31)
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    r = rng.random()
    if r < 0.35:
        return f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if r < 0.45:
        return f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}"
    if r < 0.5:
        return f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}"
    if r < 0.55:
        return f"{y}-{m:02d}-{d:02d}"
    return rng.choice(
        (
            f"{y}/{m}/{d} {h}:{mi:02d}",
            f"{y}年{m}月{d}日 {h}时{mi}分",
            f"{y}年{m}月{d}日",
            f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}".translate(FULL_WIDTH),
            f"{y}-{m:02d}-{d:02d}".translate(FULL_WIDTH),
            f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z",
            f"{y}-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+08:00",
            f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}-0500",
            f"{y}-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}.250",
            f" {y}-{m:02d}-{d:02d} {h:02d}:{mi:02d} ",
            f"{y}-{m:02d}-{d:02d}\u3000",
            f"{y}-{m}-{d} {h}:{mi}",
            f"{y}-{m:02d}-{d:02d}  {h:02d}:{mi:02d}",
            f"{y}-{m:02d}-{d:02d}t{h:02d}:{mi:02d}",
            f"{y}{m:02d}{d:02d}",
            "2023-02-29 10:00",
            "2024-02-29 10:00",
            "2023-02-30",
            "2023-04-31 08:00:00",
            "2023-13-01 10:00",
            "2023-00-10",
            "2023-06-19 24:00",
            "2023-06-19 10:60",
            "2023-06-19 10:20:60",
            "0000-01-01",
            "9999-12-31 23:59:59",
            "abc",
            "",
            "  ",
            "2023-06-19 10:20:3Z",
            "2023-06-19 10:2",
        )
    )


def posts_csv(rng: random.Random) -> tuple[list[str], list[list[str]]]:
    """A header (a spelling per column, in some order, with extra columns) and messy rows."""
    fields: dict[str, tuple[tuple[str, ...], Callable[[], str]]] = {
        "site": (("网站或账号", "site", "发布平台", " 网站 "), lambda: rng.choice(SITES)),
        "unit": (
            ("单位", "unit", "发布单位"),
            lambda: rng.choice(KNOWN_UNITS if rng.random() < 0.85 else OTHER_UNITS),
        ),
        "time": (("发布时间", "time", "发布日期"), lambda: a_time(rng)),
        "title": (("标题", "title", "信息标题"), lambda: rng.choice(TITLES)),
        "column": (("栏目", "column"), lambda: rng.choice(COLUMNS)),
        "original": (("是否原创", "original", "原创"), lambda: rng.choice(ORIGINALS)),
        "category": (("信息类别", "category"), lambda: rng.choice(CATEGORIES)),
        "platform": (("平台类型",), lambda: rng.choice(("网站", "政务新媒体", ""))),
        "homepage": (("首页",), lambda: rng.choice(("是", "否", "", "x"))),
        "备注": (("备注",), lambda: rng.choice(("", "无", "见附件,共2页", '"引"'))),
    }
    names = ["site", "unit", "time", "title"]
    names += [
        n
        for n in ("column", "original", "category", "platform", "homepage", "备注")
        if rng.random() < 0.7
    ]
    rng.shuffle(names)
    header = [rng.choice(fields[n][0]) for n in names]
    rows = []
    for _ in range(rng.randint(150, 400)):
        row = [fields[n][1]() for n in names]
        r = rng.random()
        if r < 0.03:
            row = row[: rng.randint(1, len(row) - 1)]  # short: padded with empty cells
        elif r < 0.05:
            row = [*row, "多余", "列"]  # long: the extra cells are ignored
        rows.append(row)
    return header, rows


def write_csv(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    rng: random.Random,
    encoding: str | None = None,
    junk: bool = True,
) -> Path:
    out = io.StringIO()
    terminator = rng.choice(("\n", "\r\n"))
    writer = csv.writer(out, lineterminator=terminator)
    writer.writerow(header)
    for row in rows:
        if junk and rng.random() < 0.02:
            out.write(rng.choice(("", "", "   ", "\t")) + terminator)  # a blank or a blank-ish line
        writer.writerow(row)
    text = out.getvalue()
    if rng.random() < 0.3:
        text = text.removesuffix(terminator)  # no newline at the end
    enc = encoding or rng.choice(("utf-8", "utf-8", "utf-8-sig", "gb18030"))
    path.write_bytes(text.encode(enc))
    return path


@pytest.mark.parametrize("seed", range(40))
def test_messy_posts_give_the_same_result(both: Checker, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    header, rows = posts_csv(rng)
    path = write_csv(tmp_path / "posts.csv", header, rows, rng)
    fast, ref, taken = both([path], area="newmedia" if seed % 2 else None)
    assert taken == [True]  # the fast path read it (none of these needs the reference)
    assert_same(fast, ref)
    assert ref.files[0].read >= len(rows)
    assert ref.rejected  # the generator makes sure of a few


@pytest.mark.parametrize("seed", range(10))
def test_messy_posts_below_title_lines_give_the_same_result(
    both: Checker, tmp_path: Path, seed: int
) -> None:
    """A title line or two above the header (a blank line between, at times), as offices
    export a table: the engine reads the rows below the header, numbered as the reference."""
    rng = random.Random(seed)
    header, rows = posts_csv(rng)
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    titles = rng.choice(
        (
            "测试县2023年政务信息发布台账\n",
            "测试县2023年政务信息发布台账,,,\n\n",
            '"测试县2023年",台账\n填报单位：县政府办\n',
        )
    )
    path.write_text(titles + text, encoding=rng.choice(("utf-8", "utf-8-sig", "gb18030")))
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert ref.rejected
    if ref.files[0].set_aside_rows:
        assert min(r.line for r in ref.files[0].set_aside_rows) > titles.count("\n") + 1


def test_a_title_over_two_lines_goes_the_reference_way(both: Checker, tmp_path: Path) -> None:
    rng = random.Random(4)
    header, rows = posts_csv(rng)
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8")
    path.write_text('"测试县\n2023年台账"\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)


TIME_HEADS = ("发布时间", "time", "发布日期")


def with_blank_rows(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """*rows* with empty rows and rows of blank cells here and there, and some at the end."""
    out: list[list[str]] = []
    for row in rows:
        if rng.random() < 0.02:
            out.append(rng.choice(([], ["", " ", "\u3000"])))
        out.append(row)
    return out + [[]] * rng.choice((0, 0, 2))


@pytest.mark.parametrize("seed", range(16))
def test_messy_posts_in_a_workbook_give_the_same_result(
    both: Checker, tmp_path: Path, seed: int
) -> None:
    """A sheet is read by the engine from the cells held in memory: typed cells (dates,
    moments, serial days, numbers, booleans), a title row above the header, empty rows."""
    rng = random.Random(seed)
    header, rows = posts_csv(rng)
    dated = {i for i, name in enumerate(header) if name in TIME_HEADS}
    path = write_sheet(
        tmp_path / "posts.xlsx",
        header,
        with_blank_rows(rows, rng),
        rng,
        dated=dated,
        title=seed % 3 == 0,
    )
    fast, ref, taken = both([path], area="newmedia" if seed % 2 else None)
    assert taken == [True]
    assert_same(fast, ref)
    assert ref.rejected


def test_a_blank_row_above_the_last_row_below_a_title(both: Checker, tmp_path: Path) -> None:
    """A sheet's rows start below its title and header rows: a blank row just above the last
    row is set aside, blank rows below it are no rows."""
    rng = random.Random(9)
    header, rows = posts_csv(rng)
    rows = [r for r in rows if any(c.strip() for c in r)]
    body = [*rows[:-1], ["", " "], rows[-1], [], []]
    path = write_sheet(tmp_path / "posts.xlsx", header, body, rng, title=True)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert [s.line for s in ref.files[0].set_aside_rows] == [len(rows) + 2]


@pytest.mark.parametrize("budget", [check.KEPT_CELLS, 0])
def test_a_workbook_is_parsed_once_per_check(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """Learning a workbook's kinds parses it whole: its unread tables are kept for the reading,
    within a budget of cells (over it, it is parsed again, to the same result)."""
    rng = random.Random(3)
    path = write_sheet(tmp_path / "posts.xlsx", *posts_csv(rng), rng)
    opened: list[Path] = []
    real = sheetread.read_sheets

    def spy(p: Path, **kw: Any) -> Any:
        opened.append(p)
        return real(p, **kw)

    monkeypatch.setattr(sheetread, "read_sheets", spy)
    monkeypatch.setattr(check, "KEPT_CELLS", budget)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert len(opened) == (2 if budget else 4)  # two checks: with the engine, and without


@pytest.mark.parametrize("seed", range(16))
def test_messy_posts_in_json_lines_give_the_same_result(
    both: Checker, tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSON Lines file whose objects all have the header's keys, with text or null values, is
    read by the engine as a table (line by line here, spilled to temporary files a batch at a
    time, removed after; tests/test_jsonl_table.py reads such files whole with Polars); the
    lines it does not decide are read the reference's way (every line a record or rejected: no
    row is set aside)."""
    import tempfile

    from govflow.compliance import jsonltable

    monkeypatch.setattr(jsonltable, "flat_table", lambda *args: None)

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(colcells, "HELD_BATCH", 50)  # several batches
    spilled: list[Path] = []
    write_ipc = pl.DataFrame.write_ipc

    def spill(frame: pl.DataFrame, file: Path, **kw: Any) -> Any:
        spilled.append(Path(file))
        return write_ipc(frame, file, **kw)

    monkeypatch.setattr(pl.DataFrame, "write_ipc", spill)
    rng = random.Random(seed)
    header, rows = posts_csv(rng)
    body = [r if any(c.strip() for c in r) or rng.random() < 0.5 else ["", ""] for r in rows]
    flags = {i for i, name in enumerate(header) if name in ("是否原创", "original", "原创", "首页")}
    path = write_jsonl(tmp_path / "posts.jsonl", header, body, rng, booleans=flags)
    fast, ref, taken = both([path], area="newmedia" if seed % 2 else None)
    assert taken == [True]
    assert_same(fast, ref)
    assert ref.rejected
    assert len(spilled) >= len(rows) // 50  # a file a batch, in the scratch folder
    assert all(scratch in f.parents for f in spilled)
    assert not list(scratch.iterdir())  # and gone after the read


@pytest.mark.parametrize(
    "odd",
    [
        '{"单位": "县财政局"}',  # keys missing
        '{"发布时间": "2023-07-03 10:00:00", "单位": "县财政局", "标题": "t", "网站": "网"}',
        '{"单位": "县财政局", "发布时间": 20230703, "标题": "t", "网站": "网"}',  # a number
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": "t", "网站": "网"',
        '["县财政局", "2023-07-03 10:00:00", "t", "网"]',
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": "t", "网站": NaN}',
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": "\\ud800", "网站": "网"}',
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": 1.5, "网站": "网"}',
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": 123456789012345678901, "网站": "网"}',
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00:00", "标题": true, "网站": "网"}',
    ],
)
def test_json_lines_the_engine_gives_back(both: Checker, tmp_path: Path, odd: str) -> None:
    """A line of other keys (or in another order), a value of another JSON type, a line that
    is no object: the reference reads the file."""
    rng = random.Random(1)
    header = ["单位", "发布时间", "标题", "网站"]
    rows = [[rng.choice(KNOWN_UNITS), a_time(rng), rng.choice(TITLES), "网"] for _ in range(300)]
    path = write_jsonl(tmp_path / "posts.jsonl", header, rows, rng)
    text = path.read_text(encoding="utf-8-sig").split("\n")  # not at U+2028 inside a title
    _, _, alone = both([path])
    assert alone == [True]  # the engine reads the file without the odd line
    text.insert(150, odd)
    path.write_text("\n".join(text), encoding="utf-8")
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)
    assert ref.files[0].read >= 300


def test_json_lines_with_a_fixed_site_go_the_reference_way(both: Checker, tmp_path: Path) -> None:
    """``--site`` fills the site in (the engines fill nothing in); a file whose keys name no
    site at all has every line rejected, by the reference."""
    rng = random.Random(8)
    header = ["单位", "发布时间", "标题", "网站"]
    rows = [[rng.choice(KNOWN_UNITS), a_time(rng), "t", rng.choice(SITES)] for _ in range(200)]
    path = write_jsonl(tmp_path / "posts.jsonl", header, rows, rng)
    for site, engine in (("测试县人民政府网", False), (None, True)):
        fast, ref, taken = both([path], site=site)
        assert taken == [engine]
        assert_same(fast, ref)
    write_jsonl(path, header[:3], [r[:3] for r in rows], rng)
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)
    assert ref.files[0].rejected == 200


def test_sheets_the_engine_does_not_read(both: Checker, tmp_path: Path) -> None:
    """A two-row header, a 合计 row (given back), a fixed site (``--site``): the reference."""
    from openpyxl import Workbook

    rng = random.Random(5)
    header, rows = posts_csv(rng)
    total = write_sheet(tmp_path / "合计.xlsx", header, [*rows, ["合计", "", "300"]], rng)
    book = Workbook()
    sheet = book.active
    sheet.append(["单位", "发布情况", "", "标题", "栏目"])
    sheet.append(["", "发布时间", "网站", "", ""])
    sheet.merge_cells("B1:C1")
    for row in rows[:50]:
        sheet.append([rng.choice(KNOWN_UNITS), "2023-07-03", *row[:3]])
    two = tmp_path / "两行表头.xlsx"
    book.save(two)
    fast, ref, taken = both([total, two])
    assert taken == [False, False]
    assert_same(fast, ref)
    assert all(f.read >= 50 for f in ref.files)
    plain = write_sheet(tmp_path / "posts.xlsx", header, rows, rng)
    fast, ref, taken = both([plain], site="测试县人民政府网")
    assert taken == [False]
    assert_same(fast, ref)


@pytest.mark.parametrize("seed", range(6))
def test_clean_posts_over_many_blocks(both: Checker, tmp_path: Path, seed: int) -> None:
    """Mostly valid rows, as exported: most counted the columnar way, across block edges."""
    rng = random.Random(1000 + seed)
    rows = []
    for _ in range(3000):
        m, d = rng.randint(6, 12), rng.randint(1, 28)
        rows.append(
            [
                "测试县人民政府网",
                rng.choice(KNOWN_UNITS),
                rng.choice(COLUMNS[:8]),
                rng.choice(TITLES[:8]),
                f"2023-{m:02d}-{d:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00",
                rng.choice(("是", "否", "")),
            ]
        )
    header = ["网站或账号", "单位", "栏目", "标题", "发布时间", "是否原创"]
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    fast, ref, taken = both([path], area="newmedia")
    assert taken == [True]
    assert_same(fast, ref)
    assert ref.files[0].read == 3000
    assert not ref.rejected


def test_several_files_and_kinds(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two post files (one given twice), an event file (dates, grouped by kind), a JSON Lines
    post file (a table: its objects have the same keys); every rule of the plan."""
    rng = random.Random(77)
    a = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    b = write_csv(tmp_path / "发布信息.csv", *posts_csv(rng), rng)
    events = [["单位", "类型", "日期", "标题"]]
    for _ in range(400):
        events.append(
            [
                rng.choice(KNOWN_UNITS if rng.random() < 0.9 else OTHER_UNITS),
                rng.choice(("自查", "通报", "开放活动", "汇报听取", "汇总", "", " 自查 ")),
                rng.choice(
                    (
                        f"2023-{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d}",
                        f"2023/{rng.randint(6, 12)}/{rng.randint(1, 28)}",
                        f"2023-{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d} 09:30",
                        "2023-02-30",
                        "",
                    )
                ),
                rng.choice(TITLES),
            ]
        )
    e = write_csv(tmp_path / "events.csv", events[0], events[1:], rng)
    j = tmp_path / "posts_more.jsonl"
    j.write_text(
        '{"单位": "县财政局", "发布时间": "2023-07-03 10:00", "标题": "t", "网站": "网"}\n',
        encoding="utf-8",
    )
    fast, ref, taken = both([a, b, e, j, a])
    assert taken == [True, True, True, True, True]  # the JSON Lines file as a table too
    assert_same(fast, ref)


def test_with_the_plugins_rules(both: Checker, tmp_path: Path, plan: Plan) -> None:
    """The newmedia plugin's staleness rules group posts by site, platform, column, category
    and homepage too (as ``govflow check`` runs them)."""
    rng = random.Random(5)
    path = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    fast, ref, taken = both([path], extra_rules=lambda: registry().rules(plan))
    assert taken == [True]
    assert_same(fast, ref)


class TakesPosts(Rule):
    id = "test.takes-posts"
    title = "逐条读取发布信息"
    area = "newmedia"
    consumes = frozenset({"post"})

    def feed(self, record: Record, ctx: Context) -> None:
        pass


def test_posts_a_rule_takes_row_by_row_are_not_offered(both: Checker, tmp_path: Path) -> None:
    rng = random.Random(6)
    path = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    fast, ref, taken = both([path], extra_rules=lambda: [TakesPosts()])
    assert taken == []
    assert_same(fast, ref)


def test_posts_no_rule_counts(both: Checker, tmp_path: Path) -> None:
    """No rule of the area reads posts: the file is still read, its rows checked and its
    unknown units rejected; a block of blank lines only."""
    rng = random.Random(30)
    header, rows = posts_csv(rng)
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n" * 3000 + ",".join(["x"] * len(header)) + "\n")
    fast, ref, taken = both([path], area="finance")
    assert taken == [True]
    assert "post" not in ref.daily
    assert_same(fast, ref)
    assert ref.rejected


def test_many_combinations_with_every_plugin_rule(
    both: Checker, tmp_path: Path, plan: Plan
) -> None:
    """Many sites and columns, grouped by every field the plugins' rules read: the same cells."""
    rng = random.Random(31)
    path = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    fast, ref, taken = both([path], extra_rules=lambda: registry().rules(plan))
    assert taken == [True]
    assert_same(fast, ref)


class CountsVisits(Rule):
    """A plugin's rule that only reads the daily counts of its own kind."""

    id = "test.visits"
    title = "走访计数"
    area = "test"
    aggregates = {"visit": ("kind",)}  # noqa: RUF012


VISIT_FIELDS = (
    FieldSpec("date", FieldType.DATE, "日期", True, ("date", "日期")),
    FieldSpec("kind", FieldType.TEXT, "类型", False, ("kind", "类型")),
    FieldSpec("count", FieldType.INT, "人数", False, ("count", "人数")),
)


@pytest.mark.parametrize("unit", ["none", "optional, no column", "optional"])
def test_a_plugin_kind(
    both: Checker, tmp_path: Path, kinds: dict[str, RecordKind], unit: str
) -> None:
    """A kind of a plugin's: without units, or with an optional one; a header longer than a
    block; an integer column."""
    fields: tuple[FieldSpec, ...] = VISIT_FIELDS
    if unit != "none":
        fields = (*fields, FieldSpec("unit", FieldType.TEXT, "单位", False, ("unit", "单位")))
    visit = RecordKind("visit", "走访", fields, file_names=("visits",))
    rng = random.Random(40)
    header = ["日期", "类型", "人数", "备注" * 700]
    if unit == "optional":
        header.append("单位")
    rows = []
    for _ in range(300):
        row = [
            rng.choice((f"2023-{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d}", "2023/7/1", "")),
            rng.choice(("入户", "座谈", "", " 入户 ")),
            rng.choice(("3", "", "x", "12", " 7 ")),
            "",
        ]
        if unit == "optional":
            row.append(rng.choice(("县财政局", "", "不存在单位")))
        rows.append(row)
    path = write_csv(tmp_path / "visits.csv", header, rows, rng)
    fast, ref, taken = both(
        [path], kinds={**kinds, "visit": visit}, extra_rules=lambda: [CountsVisits()]
    )
    assert taken == [True]
    assert_same(fast, ref)
    if unit == "optional, no column":  # every row names the unit ''
        assert not ref.daily["visit"].cells
        # every row rejected but the blank ones (all cells empty), which are set aside
        assert ref.files[0].rejected == ref.files[0].read - ref.files[0].set_aside
    else:
        assert ref.daily["visit"].cells


def test_strict_gives_the_same_result(both: Checker, tmp_path: Path) -> None:
    rng = random.Random(11)
    path = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    fast, ref, _ = both([path], strict=True)
    assert ref.strict_failed
    assert_same(fast, ref)


# ---------------------------------------------------------------------------------------------
# Files given back to the reference path


def clean_rows(rng: random.Random, n: int = 200) -> list[list[str]]:
    return [
        [
            "测试县人民政府网",
            rng.choice(KNOWN_UNITS),
            "工作动态",
            rng.choice(TITLES[:2]),  # no comma, no quote
            f"2023-07-{rng.randint(1, 31):02d} 10:00:00",
        ]
        for _ in range(n)
    ]


HEADER = ["网站或账号", "单位", "栏目", "标题", "发布时间"]


@pytest.mark.parametrize(
    "where",
    ["title", "unmapped", "last", "header", "empty lines inside", "site", "unit", "column"],
)
def test_quoted_newlines_go_the_reference_way(both: Checker, tmp_path: Path, where: str) -> None:
    # (the cells rows are grouped by, the site's, unit's and column's, are looked at in their
    # groups, the others in every row: both ways find them)
    rng = random.Random(3)
    rows = clean_rows(rng)
    header = list(HEADER)
    if where == "title":
        rows[57][3] = "两行\n的标题"
    elif where in ("site", "unit", "column"):
        cell = HEADER.index({"site": "网站或账号", "unit": "单位", "column": "栏目"}[where])
        rows[57][cell] = rows[57][cell][:2] + ("\r" if where == "column" else "\n") + "政务"
    elif where == "unmapped":
        header.append("备注")
        for r in rows:
            r.append("")
        rows[120][5] = "第一行\r\n第二行"
    elif where == "last":
        rows[-1][3] = "结尾\n"
    elif where == "header":
        header[3] = "标\n题"
    else:
        rows[10][3] = "a\n\n\nb"
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8")
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)


def test_the_engines_combinations_serve_the_rules(both: Checker, tmp_path: Path) -> None:
    """A file whose every row the engine reads hands the counts its combinations of grouping
    values (``DailyCounts.add_frame``): the quotas' conditions (动态 columns, 原创 posts),
    evaluated once per combination, give the reference's findings."""
    rng = random.Random(11)
    header = ["网站或账号", "平台类型", "单位", "栏目", "信息类别", "标题", "发布时间", "是否原创"]
    rows = [
        [
            rng.choice(("测试县人民政府网", "东城镇政务微信", "\u3000测试发布")),
            rng.choice(("网站", "政务新媒体")),
            rng.choice(KNOWN_UNITS),
            rng.choice(COLUMNS),
            rng.choice(("", "动态", "通知")),
            rng.choice(TITLES[:2]),
            f"2023-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d} 10:00:00",
            rng.choice(("是", "否")),
        ]
        for _ in range(600)
    ]
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert fast.daily["post"]._known  # the engine's combinations, not found again
    assert_same(fast, ref)
    assert any(f.status is Status.VIOLATED for f in ref.findings)


@pytest.mark.parametrize("first", ["单位", "网站或账号", "标题"])
@pytest.mark.parametrize("mark", ["合计", "", " \u3000"])
def test_a_first_cell_grouped_by_or_not_is_looked_at_alike(
    both: Checker, tmp_path: Path, first: str, mark: str
) -> None:
    """A blank first cell (an empty row, or a 合计 row whose mark stands further right) and a
    合计 first cell: found in the groups when the first column is one rows are grouped by (the
    unit's, the site's), in every row when it is not (the title's)."""
    rng = random.Random(5)
    order = [first, *(h for h in HEADER if h != first)]
    rows = [[r[HEADER.index(h)] for h in order] for r in clean_rows(rng)]
    rows[33][0] = mark
    if mark != "合计":
        rows[90] = [mark, *[""] * (len(order) - 2), "合计"]
    path = write_csv(tmp_path / "posts.csv", order, rows, rng, encoding="utf-8", junk=False)
    fast, ref, _ = both([path], area="newmedia")
    assert_same(fast, ref)


def test_a_quote_that_opens_a_field_across_lines(both: Checker, tmp_path: Path) -> None:
    """``a"b,"c`` has an even number of quotes, yet its second field runs on into the next
    lines for csv (and for pyarrow)."""
    rng = random.Random(4)
    rows = clean_rows(rng)
    path = tmp_path / "posts.csv"
    lines = [",".join(HEADER)] + [",".join(r) for r in rows]
    lines[30] = '测试县人民政府网,县财政局,工作动态,a"b,"c 2023-07-01 10:00:00'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)


@pytest.mark.parametrize("size", [100, 140 * 1024])
def test_a_quoted_cell_over_128_kib_is_one_field_both_ways(
    both: Checker, tmp_path: Path, size: int
) -> None:
    """Issue 9: a quoted cell longer than csv's default field limit (128 KiB) stopped the
    reader inside the quotes, and the lines inside became records (a phantom row).  It is one
    field on both paths; the lines inside it are no rows."""
    rng = random.Random(21)
    rows = [",".join(r) for r in clean_rows(rng)]
    cells = rows[40].split(",")
    inside = ",".join(["测试县人民政府网", "县财政局", "工作动态", "FAKE", "2023-07-01 10:00:00"])
    cells[3] = '"' + "长" * size + "\n" + inside + "\n" + "长" * size + '"'
    rows[40] = ",".join(cells)
    path = tmp_path / "posts.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + "\n", encoding="utf-8")
    fast, ref, _ = both([path])
    assert_same(fast, ref)
    (summary,) = ref.files
    assert summary.read == len(rows)  # the two lines inside the quotes are not rows
    assert not any("FAKE" in str(r) for r in ref.rejected)


@pytest.mark.parametrize(
    "quoting",
    [
        '"标题"之后还有字',  # text after a closing quote: a malformed row for the strict reader
        '"标题"""之后',  # an escaped quote, then the closing one, then text
        '含"引号"的标题',  # quotes inside an unquoted field: literal
        '5"屏幕',
        ' "前有空格"',  # a quote not at the start of the field: literal
        '"标""题"',  # well-formed
        '"未闭合的引号',  # runs to the end of the file (last row) or over the next lines
    ],
)
@pytest.mark.parametrize("where", [37, -1])
def test_quotes_as_the_strict_reader_reads_them(
    both: Checker, tmp_path: Path, quoting: str, where: int
) -> None:
    """The reference reads CSV strictly (``csv.reader(strict=True)``): text after a closing
    quote, or a quote left open at the end of the file, makes a malformed row; pyarrow would
    take either.  Lines with quotes are checked against the plain CSV grammar; a block with
    one that does not fit is read with csv."""
    rng = random.Random(13)
    rows = [",".join(r) for r in clean_rows(rng)]
    cells = rows[where].split(",")
    cells[3] = quoting
    rows[where] = ",".join(cells)
    path = tmp_path / "posts.csv"
    path.write_text("\n".join([",".join(HEADER), *rows]) + ("\n" if where != -1 else ""))
    fast, ref, _ = both([path])
    assert_same(fast, ref)


@pytest.mark.parametrize("damage", ["lone CR", "NUL", "long field"])
def test_what_csv_reads_otherwise_goes_the_reference_way(
    both: Checker, tmp_path: Path, damage: str
) -> None:
    rng = random.Random(9)
    rows = clean_rows(rng, 300)
    rows[100][3] = "很长的标题" * 12
    data = ("\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n").encode()
    if damage == "lone CR":
        data = data.replace(b"10:00:00\n", b"10:00:00\r", 3)
    elif damage == "NUL":
        data = data.replace(b"10:00:00", b"10:00\x0000", 1)
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    limit = csv.field_size_limit(50 if damage == "long field" else csv.field_size_limit())
    try:
        fast, ref, taken = both([path])
    finally:
        csv.field_size_limit(limit)
    assert taken == [False]
    assert_same(fast, ref)
    assert ref.rejected or damage == "lone CR"  # malformed CSV rows


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_bytes_that_do_not_decode_fail_the_same_way(
    both: Checker, tmp_path: Path, encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(10)
    rows = clean_rows(rng, 1500)  # more than the 64 KiB the encoding is told from
    data = ("\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n").encode(encoding)
    bad = b"\xff\xfe" if encoding == "utf-8" else b"\x81\x20"
    data += "测试县人民政府网,县财政局,工作动态,标题,".encode(encoding) + bad + b"\n"
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    messages = []
    for off in ("0", "1"):
        monkeypatch.setenv(columnar.DISABLE, off)
        with pytest.raises(RecordFileError) as error:
            both([path])
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert "编码读取" in messages[0]


def test_the_switch_and_the_size_floor(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(22)
    path = write_csv(tmp_path / "posts.csv", *posts_csv(rng), rng)
    monkeypatch.setenv(columnar.DISABLE, "0")
    assert columnar.enabled()
    monkeypatch.setenv(columnar.DISABLE, "1")
    assert not columnar.enabled()
    monkeypatch.delenv(columnar.DISABLE)
    monkeypatch.setattr(columnar, "MIN_BYTES", path.stat().st_size + 1)
    _, _, taken = both([path])
    assert taken == [False]
    header, rows = posts_csv(rng)
    sheet = write_sheet(tmp_path / "posts.xlsx", header, rows, rng)
    cells = max(len(r) for r in [header, *rows]) * (len(rows) + 1)  # the sheet's rectangle
    monkeypatch.setattr(colcells, "MIN_CELLS", cells + 1)
    _, _, taken = both([sheet])
    assert taken == [False]
    monkeypatch.setattr(colcells, "MIN_CELLS", cells)
    _, _, taken = both([sheet])
    assert taken == [True]


# ---------------------------------------------------------------------------------------------
# The vectorised pieces against the reference converters


def test_whitespace_is_what_str_strip_removes() -> None:
    assert set(columnar.WHITESPACE) == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def vectorised_days(cells: Sequence[str]) -> Iterator[tuple[str, bool, int]]:
    """The engine's reading of date cells: the shape row by row, the day once per distinct
    ``YYYY-MM-DD`` (colcells.iso_shape, colcells.day_table)."""
    column = pl.Series("x", ["x", *cells], dtype=pl.String).slice(1)  # as in a sliced column
    shaped = pl.select(colcells.iso_shape(pl.lit(column))).to_series().to_list()
    days = dict(colcells.day_table(column.str.slice(0, 10)).iter_rows())
    for cell, ok in zip(cells, shaped, strict=True):
        day = days.get(cell[:10]) if ok else None
        yield cell, day is not None, day or 0


def assert_days_match(cells: Sequence[str]) -> None:
    for cell, ok, ordinal in vectorised_days(cells):
        if not ok:
            continue  # left to the reference converter
        assert _csv_datetime(cell).toordinal() == ordinal, cell
        assert _to_date(cell).toordinal() == ordinal, cell


DAY_TEXT = st.text(alphabet="0123456789-: T/年月日Z+.\u3000１", max_size=21)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(DAY_TEXT, st.datetimes().map(str), st.dates().map(str)), max_size=40))
def test_dates_the_vectorised_check_accepts_read_the_same(cells: list[str]) -> None:
    assert_days_match([c.replace("\x00", "") for c in cells])


def test_dates_accepted_over_the_whole_calendar() -> None:
    rng = random.Random(8)
    cells = []
    for _ in range(3000):
        y = rng.choice((1, 4, 100, 400, 1600, 1900, 2000, 2023, 2024, 9999, rng.randint(1, 9999)))
        m, d = rng.randint(0, 13), rng.randint(0, 32)
        cells.append(rng.choice((f"{y:04d}-{m:02d}-{d:02d}", f"{y:04d}-{m:02d}-{d:02d} 23:59")))
    accepted = [c for c, ok, _ in vectorised_days(cells) if ok]
    assert len(accepted) > 1500
    assert_days_match(cells)
    for cell, ok, _ in vectorised_days(["2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29"]):
        assert ok == (cell[:4] in ("2024", "2000")), cell


def test_dates_near_the_accepted_shapes() -> None:
    """Every prefix of a full date and time, and every one-character change of it."""
    full = "2023-06-19 10:20:30"
    cells = [full[:n] for n in range(len(full) + 1)]
    for i in range(len(full)):
        for c in " T-:/.0９Zt+x\u3000":
            cells.append(full[:i] + c + full[i + 1 :])
            cells.append(full[:i] + c + full[i:])
    cells += [f"{full[:n]} " for n in (10, 16, 19)] + [f" {full[:n]}" for n in (10, 16, 19)]
    accepted = {c for c, ok, _ in vectorised_days(cells) if ok}
    assert {full[:10], full[:16], full, full.replace(" ", "T")} <= accepted
    assert {len(c) for c in accepted} == {10, 16, 19}
    assert all(c.isascii() and c.strip() == c for c in accepted)
    assert_days_match(cells)


def test_a_quoted_newline_in_the_last_column(both: Checker, tmp_path: Path) -> None:
    """A quoted line break in the last column, an unmapped one (every row has its width):
    found all the same, and the file is given back."""
    rng = random.Random(12)
    rows = [[*r[:3], r[4], r[3]] for r in clean_rows(rng)]  # the title last
    rows[40][4] = "两行\n的标题"
    header = [*HEADER[:3], HEADER[4], HEADER[3]]
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)


def test_rows_of_units_outside_the_rules_scope_are_not_applicable_the_same_way(
    both: Checker, tmp_path: Path
) -> None:
    """县融媒体中心 and 县审计局's posts: the post quotas bind the departments, the townships and
    县大数据中心, so 县融媒体中心's rows are not applicable, counted per unit alike on both paths
    (rows counted the columnar way and rows a block leaves to the reference converter)."""
    rng = random.Random(77)
    rows = []
    for i in range(2000):
        unit = rng.choice(("县融媒体中心", "县审计局", "县财政局", "县融媒体中心"))
        when = f"2023-{rng.randint(6, 12):02d}-{rng.randint(1, 28):02d}"
        if i % 97 == 0:
            when = when.replace("-", "/")  # another spelling: read the reference way
        rows.append(["测试县人民政府网", unit, "工作动态", f"标题{i}", when])
    header = ["网站或账号", "单位", "栏目", "标题", "发布时间"]
    path = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    (summary,) = ref.files
    assert set(summary.not_applicable_units) == {"县融媒体中心"}
    media = sum(1 for r in rows if r[1] == "县融媒体中心")
    assert summary.not_applicable == media
    assert summary.evaluated == 2000 - media


@settings(max_examples=300)
@given(st.lists(st.text(alphabet="合小总计 \t\u3000\xa0\x1c,x统", max_size=12), max_size=6))
def test_total_rows_are_all_given_back(cells: list[str]) -> None:
    # the columnar path gives a file back when a cell may begin a 合计 row: every row the
    # reference sets aside as one is among them
    if set_aside_reason(cells) is None or first_cell(cells) is None:
        return
    if not first_cell(cells).startswith(("合", "小", "总")):  # type: ignore[union-attr]
        return
    flagged = pl.Series(cells, dtype=pl.String).str.contains(colcells._TOTAL_START).any()
    assert flagged, cells


def test_rows_all_read_the_reference_way_keep_their_value_types(
    both: Checker, tmp_path: Path
) -> None:
    """Found by the fuzz suite: when no row of a file is counted the columnar way, the file's
    cells come from the rows read the reference way alone, and a yes/no grouping value stays a
    bool (it became the text ``"true"`` once merged with an empty, untyped columnar part)."""
    path = tmp_path / "posts.csv"
    path.write_bytes(
        "site,column,unit,original,title,homepage,time,备注\n\n"
        "县财政局,,县财政局,是,县财政局,是,2020-01-01T00:00Z,\n".encode()
    )
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    (row,) = list(fast.daily["post"].rows())
    assert row[2]["original"] is True
