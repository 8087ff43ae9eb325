"""``govflow check --records FILE --county-column COL``: a province file split by its county
column, each county checked on its own rows, under the original file name and lines.

The oracle is a check of a file holding only that county's rows (the reference row-by-row
reader reads it, the county's part goes through the columnar engine): the same result once its
lines are mapped back to the province file's."""

from __future__ import annotations

import csv
import json
import random
import re
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.cli import main
from govflow.compliance import columnar, countysplit, jsonltable
from plans import CESHI_PLAN, own_plan_folder
from test_fast_path import posts_csv, write_csv

AS_OF = "2023-12-31"
COUNTIES = ("东县", "西县", "南县")
COLUMN = "县区"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout, result.stderr


def province_rows(
    rng: random.Random,
) -> tuple[list[str], list[list[str]], list[str], int]:
    """Messy post rows with a county column put somewhere, a few with no county; the header,
    the rows, each row's county and the column's index."""
    header, rows = posts_csv(rng)
    at = rng.randint(0, len(header))
    header.insert(at, COLUMN)
    counties = []
    for row in rows:
        county = rng.choice(COUNTIES) if rng.random() > 0.03 else rng.choice(("", " "))
        counties.append(county.strip())
        while len(row) < at:
            row.append("")
        row.insert(at, county)
    return header, rows, counties, at


def write_parquet(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    width = len(header)
    cells = [(r + [""] * width)[:width] for r in rows]
    columns = {name: [r[i] for r in cells] for i, name in enumerate(header)}
    pl.DataFrame(columns, schema=dict.fromkeys(header, pl.String)).write_parquet(path)
    return path


def remap(value: Any, alone: str, province: str, lines: dict[int, int]) -> Any:
    """*value* (a check's JSON) with *alone*'s name and lines told as the province file's."""
    if isinstance(value, dict):
        out = {k: remap(v, alone, province, lines) for k, v in value.items()}
        if out.get("file") == province and isinstance(out.get("line"), int):
            out["line"] = lines[out["line"]]
        return out
    if isinstance(value, list):
        return [remap(v, alone, province, lines) for v in value]
    if isinstance(value, str):
        value = re.sub(
            re.escape(alone) + r":(\d+)", lambda m: f"{province}:{lines[int(m[1])]}", value
        )
        return province if value == alone else value
    return value


def spy(seen: list[bool], real: Any = jsonltable.flat_table) -> Any:
    """*real* (``flat_table``: whether Polars read a JSON Lines file whole) noting in *seen*
    whether it gave a frame each time."""

    def spied(*args: Any) -> Any:
        found = real(*args)
        seen.append(found is not None)
        return found

    return spied


FORMATS = ("csv", "csv over lines", "parquet", "xlsx", "jsonl", "jsonl odd")
"""How the province file is written: a plain CSV (split by Polars), a CSV with a cell over two
lines and a workbook (split row by row), a Parquet file (split by Polars), JSON Lines of flat
objects (a county's lines read back by Polars whole), and JSON Lines with some objects' keys
reversed (read back line by line)."""


def write_table(
    path: Path, fmt: str, header: list[str], rows: list[list[str]], rng: random.Random
) -> tuple[Path, str, list[int]]:
    """*rows* written as *fmt*: the file, its name in a check's results, each row's line."""
    if fmt == "parquet":
        path = write_parquet(path.with_suffix(".parquet"), header, rows)
        return path, str(path), [i + 2 for i in range(len(rows))]
    if fmt.startswith("jsonl"):  # an object per row, its keys the header's (a short row's null)
        path = path.with_suffix(".jsonl")
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                obj = dict(zip(header, [*row, *[None] * len(header)], strict=False))
                if fmt == "jsonl odd" and len("".join(row)) % 5 == 0:  # (as its county's alone)
                    obj = dict(reversed(obj.items()))
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        return path, str(path), [i + 1 for i in range(len(rows))]
    if fmt == "xlsx":
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "台账"
        for row in [header, *rows]:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path, f"{path}[台账]", [i + 2 for i in range(len(rows))]
    path = write_csv(path.with_suffix(".csv"), header, rows, rng, encoding="utf-8", junk=False)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        starts, end = [], reader.line_num
        for _ in reader:
            starts.append(end + 1)
            end = reader.line_num
    return path, str(path), starts


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_each_county_gets_what_its_rows_alone_give(fmt: str, seed: int) -> None:
    rng = random.Random(seed)
    header, rows, counties, at = province_rows(rng)
    if fmt == "xlsx":  # a workbook holds no control characters: the rows as Excel keeps them
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        rows = [[ILLEGAL_CHARACTERS_RE.sub("", c) for c in r] for r in rows]
    if fmt == "csv over lines":
        row = rows[len(rows) // 2]
        row[at - 1 if at else at + 1] = "两行\n的单元格"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source, name, lines_of = write_table(root / "posts", fmt, header, rows, rng)
        whole: list[bool] = []  # for each county's lines: whether Polars read them whole
        with pytest.MonkeyPatch.context() as mp:  # the engine reads every part, however small
            mp.setattr(columnar, "MIN_BYTES", 0)
            mp.setattr(jsonltable, "flat_table", spy(whole))
            split: list[bool] = []  # whether Polars split the file
            mp.setattr(countysplit, "county_lines", spy(split, jsonltable.county_lines))
            code, out, err = run(
                "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN,
                "--format", "json",
            )  # fmt: skip
        assert code in (0, 1), err
        if fmt == "jsonl":
            assert whole
            assert all(whole)
        if fmt.startswith("jsonl"):
            assert split == [fmt == "jsonl"]  # an object of its keys reversed: line by line
        found = json.loads(out)
        named = sorted({c for c in counties if c})
        shown = [c["county"] for c in found["counties"]]
        assert shown == named + (["（未分县）"] if "" in counties else [])
        worst = 0
        for entry in found["counties"]:
            if entry["county"] == "（未分县）":
                continue
            mine = [i for i, c in enumerate(counties) if c == entry["county"]]
            (root / "alone").mkdir(exist_ok=True)
            picked = [rows[i] for i in mine]
            _, alone, alone_lines = write_table(root / "alone" / "posts", fmt, header, picked, rng)
            alone_code, text, _ = run(
                "--plan", str(CESHI_PLAN), "--records", alone.split("[")[0], "--format", "json"
            )
            lines = {a: lines_of[i] for a, i in zip(alone_lines, mine, strict=True)}
            expected = remap(json.loads(text), alone, name, lines)
            assert entry["result"] == expected
            assert entry["exit_code"] == alone_code
            worst = max(worst, alone_code)
        blank = [lines_of[i] for i, c in enumerate(counties) if not c]
        if blank:
            rest = found["counties"][-1]
            assert rest["read"] == len(blank)
            told = sorted(
                [r["line"] for r in rest["result"]["rejected"]]
                + [r["line"] for r in rest["result"]["set_aside"]]
            )
            assert told == blank  # every row of no county: rejected or set aside, by its line
            worst = max(worst, rest["exit_code"])
        assert code == worst
        assert found["totals"]["read"] == len(rows)
        assert found["totals"]["counties"] == len(named)


def test_rows_of_no_county_are_set_aside_or_rejected(tmp_path: Path) -> None:
    rng = random.Random(7)
    header = [COLUMN, "网站或账号", "单位", "栏目", "标题", "发布时间"]
    good = [COUNTIES[0], "测试县人民政府网", "县政府办", "工作动态", "通知", "2023-07-03 10:00:00"]
    rows = [
        good,
        ["", *good[1:]],  # no county: rejected
        [""] * 6,  # a blank row: set aside
        [COLUMN, *header[1:]],  # the header again: set aside
        ["", "合计", "", "", "", ""],  # a total row: set aside
        [COUNTIES[1], *good[1:]],
    ]
    source = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="gb18030", junk=False)
    code, out, err = run(
        "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN,
        "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    rest = json.loads(out)["counties"][-1]
    assert rest["county"] == "（未分县）"
    assert [(r["line"], r["field"]) for r in rest["result"]["rejected"]] == [(3, COLUMN)]
    assert "未填县（市、区）名" in rest["result"]["rejected"][0]["reason"]
    reasons = {r["line"]: r["reason"] for r in rest["result"]["set_aside"]}
    assert set(reasons) == {4, 5, 6}
    assert "重复的表头行" in reasons[5]
    assert "合计行" in reasons[6]
    assert rest["result"]["files"][0]["encoding"] == "gb18030"
    code, table, _ = run(
        "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN
    )
    lines = table.splitlines()
    assert [line.split()[0] for line in lines[3:]] == [*sorted(COUNTIES[:2]), "（未分县）", "合计"]
    assert "2 个" in lines[-1]


def test_json_lines_of_no_county_are_rejected_with_the_readings_reason(tmp_path: Path) -> None:
    good = {COLUMN: COUNTIES[0], "网站或账号": "测试县人民政府网", "单位": "县政府办"}
    good |= {"栏目": "工作动态", "标题": "通知", "发布时间": "2023-07-03 10:00:00"}
    lines = [
        json.dumps(good, ensure_ascii=False),  # 1 (after a BOM)
        "",  # 2: no row
        json.dumps(good | {COLUMN: " "}, ensure_ascii=False),  # 3: a blank county
        json.dumps({k: v for k, v in good.items() if k != COLUMN}, ensure_ascii=False),  # 4
        json.dumps(good | {COLUMN: None}, ensure_ascii=False),  # 5
        json.dumps(good | {COLUMN: 3601}, ensure_ascii=False),  # 6: a number
        "[1, 2]",  # 7: not an object
        '{"县区": "东县", ',  # 8: not JSON
        "NaN",  # 9: not a JSON value
        json.dumps(good | {COLUMN: f" {COUNTIES[1]} "}, ensure_ascii=False),  # 10
        json.dumps(good | {"单位": ""}, ensure_ascii=False),  # 11: rejected in its county
    ]
    source = tmp_path / "posts.jsonl"
    source.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    code, out, err = run(
        "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN,
        "--format", "json",
    )  # fmt: skip
    assert code == 1, err
    found = {c["county"]: c for c in json.loads(out)["counties"]}
    assert list(found) == [*sorted(COUNTIES[:2]), "（未分县）"]
    rest = found["（未分县）"]["result"]
    said = [(r["line"], r["field"], r["reason"]) for r in rest["rejected"]]
    unnamed = f"未填县（市、区）名：按“{COLUMN}”列（--county-column）分县检查，每行应写明所属县"
    number = "县名应为文本（JSON 字符串），实际为JSON 数字 3601"
    assert said[:4] == [
        (3, COLUMN, unnamed),
        (4, COLUMN, unnamed),
        (5, COLUMN, unnamed),
        (6, COLUMN, number),
    ]
    assert [(line, field) for line, field, _ in said[4:]] == [(7, ""), (8, ""), (9, "")]
    assert said[4][2] == "每行应为一个 JSON 对象"
    assert said[5][2].startswith("不是 JSON 对象：")
    assert "NaN 不是 JSON 的值" in said[6][2]
    assert rest["files"][0] | {"ignored_columns": []} == {
        "file": str(source), "kind": "post", "encoding": "utf-8-sig", "read": 7,
        "evaluated": 0, "rejected": 7, "not_applicable": 0, "set_aside": 0,
        "ignored_columns": [],
    }  # fmt: skip
    # each county's lines, under the file's name and lines: as those lines alone give them
    for county, mine in ((COUNTIES[0], [1, 11]), (COUNTIES[1], [10])):
        alone = tmp_path / county / "posts.jsonl"
        alone.parent.mkdir()
        alone.write_text("\n".join(lines[n - 1] for n in mine) + "\n", encoding="utf-8")
        alone_code, text, _ = run(
            "--plan", str(CESHI_PLAN), "--records", str(alone), "--format", "json"
        )
        expected = remap(json.loads(text), str(alone), str(source), dict(enumerate(mine, 1)))
        expected["files"][0]["encoding"] = "utf-8-sig"  # the province file's BOM
        assert found[county]["result"] == expected
        assert found[county]["exit_code"] == alone_code
    assert [r["line"] for r in found[COUNTIES[0]]["result"]["rejected"]] == [11]


@pytest.mark.parametrize(("ascii_", "odd"), [(False, ""), (True, ""), (False, 3601), (True, True)])
def test_polars_splits_flat_json_lines_as_the_line_by_line_split_does(
    tmp_path: Path, ascii_: bool, odd: Any
) -> None:
    """County names padded with any whitespace ``str.strip`` removes (escaped controls among
    them), null and blank ones, keys escaped or not, CRLF and blank lines: the split Polars
    makes of flat objects is the one made line by line, to the byte.  One county named by a
    number or a boolean (*odd*): the file is split line by line, that line rejected."""
    rng = random.Random(13)
    names = [
        "东县",
        " 东县 ",
        "\u3000西县",
        "\x1c南县\x1f",
        "西县\u2028",
        "\xa0南县",
        None,
        "",
        " \t",
    ]
    rows = []
    for i in range(400):
        rows.append(
            {
                "网站或账号": "测试县人民政府网",
                COLUMN: rng.choice(names),
                "单位": rng.choice(["县政府办", "县财政局", "县审计局"]),
                "栏目": "工作动态",
                "标题": f"通知{i}",
                "发布时间": f"2023-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d} 09:00:00",
                "序号": i,
            }
        )
    source = tmp_path / "posts.jsonl"
    if odd != "":
        rows[30][COLUMN] = odd
    lines = [json.dumps(r, ensure_ascii=ascii_) for r in rows]
    lines[7:7] = ["", "  "]
    source.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    args = ("--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN)
    split: list[bool] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(countysplit, "county_lines", spy(split, jsonltable.county_lines))
        polars = run(*args, "--format", "json")
    assert split == [odd == ""]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(countysplit, "county_lines", lambda *a: None)
        by_line = run(*args, "--format", "json")
    assert polars == by_line
    found = json.loads(polars[1])
    assert [c["county"] for c in found["counties"]] == ["东县", "南县", "西县", "（未分县）"]
    rejected = found["counties"][-1]["result"]["rejected"]
    blank = [i + 3 for i, r in enumerate(rows) if i >= 7 and r[COLUMN] in (None, "", " \t")]
    blank = [i + 1 for i, r in enumerate(rows[:7]) if r[COLUMN] in (None, "", " \t")] + blank
    assert [r["line"] for r in rejected] == sorted([*blank, *([33] if odd != "" else [])])
    if odd != "":  # in line order, the number's among the blank
        (said,) = [r["reason"] for r in rejected if r["line"] == 33]
        assert said.startswith("县名应为文本（JSON 字符串），实际为")


def test_a_countys_lines_weigh_as_their_text(tmp_path: Path) -> None:
    """A county's part is compressed: the engine's size threshold weighs the text of its lines
    (a megabyte of JSON Lines is read by Polars whole, as the file alone would be)."""
    rng = random.Random(11)
    source = tmp_path / "posts.jsonl"
    obj = {
        COLUMN: COUNTIES[0],
        "网站或账号": "测试县人民政府网",
        "单位": "县政府办",
        "栏目": "工作动态",
    }
    with source.open("w", encoding="utf-8") as fh:
        for i in range(9000):
            day = f"2023-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d} 10:00:00"
            line = obj | {"标题": f"关于第{i}期工作的通知", "发布时间": day}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    assert source.stat().st_size > columnar.MIN_BYTES
    whole: list[bool] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jsonltable, "flat_table", spy(whole))
        code, _, err = run(
            "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN
        )
    assert code in (0, 1), err
    assert whole == [True]


def test_a_county_with_a_plan_of_its_own(tmp_path: Path) -> None:
    rng = random.Random(3)
    header, rows, _, _ = province_rows(rng)
    source = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    plans = tmp_path / "plans"
    own_plan_folder(plans / "西县", "xixian-2023")
    own_plan_folder(plans / "北县", "beixian-2023")
    code, out, err = run(
        "--plan", str(CESHI_PLAN), "--records", str(source), "--county-column", COLUMN,
        "--county-plans", str(plans), "--format", "json",
    )  # fmt: skip
    assert code in (0, 1), err
    plan_of = {c["county"]: c["plan"] for c in json.loads(out)["counties"]}
    assert plan_of["西县"] == "xixian-2023"
    assert plan_of["东县"] == "ceshi-2023"
    assert "北县/plan.toml，但记录中没有“县区”为 北县 的行" in err


def test_what_cannot_be_split_is_refused(tmp_path: Path) -> None:
    rng = random.Random(5)
    header, rows, _, _ = province_rows(rng)
    plain = write_csv(tmp_path / "posts.csv", header, rows, rng, encoding="utf-8", junk=False)
    args = ("--plan", str(CESHI_PLAN), "--county-column")
    code, out, err = run(*args, "地区", "--records", str(plain))
    assert (code, out) == (2, "")
    assert "表头中没有名为“地区”的列（--county-column）" in err
    lines = tmp_path / "posts.jsonl"
    lines.write_text(json.dumps({COLUMN: "东县", "单位": "县政府办"}) + "\n", encoding="utf-8")
    code, out, err = run(*args, "地区", "--records", str(lines))
    assert (code, out) == (2, "")
    assert f"{lines}：没有一行 JSON 对象有名为“地区”的键（--county-column）" in err
    for extra, said in (
        (("--unit", "县政府办"), "--county-column 不能与 --unit 同用"),
        (("--format", "html"), "多县检查的汇总支持 table、json、md 格式"),
        (("--counties", str(tmp_path)), "--counties 不能与 --records 同用"),
    ):
        code, _, err = run(*args, COLUMN, "--records", str(plain), *extra)
        assert code == 2
        assert said in err
    code, _, err = run("--plan", str(CESHI_PLAN), "--records", str(plain), "--county-plans", "x")
    assert code == 2
    assert "--county-plans 只与 --county-column 同用" in err
    code, _, err = run(*args, COLUMN, "--records", str(plain), "-o", str(plain))
    assert code == 2
    assert plain.read_bytes()  # never overwritten


def test_pieces_of_one_county_are_joined_in_order(tmp_path: Path) -> None:
    """When the engine writes a county's rows of a file in several pieces, they become one part,
    in the order of the pieces, keeping the original file's name, header and lines."""
    from govflow.compliance import countysplit
    from govflow.compliance.parquetread import SPLIT_KEY, parquet_table

    spec = {"source": "省.csv", "header": [COLUMN, "单位"], "encoding": "utf-8"}
    meta = {SPLIT_KEY: json.dumps(spec, ensure_ascii=False)}
    pieces = []
    for n, lines in enumerate(([2, 5], [9], [12, 13])):
        frame = pl.DataFrame(
            {
                "__line": lines,
                "__county": ["东县"] * len(lines),
                "c0": ["东县"] * len(lines),
                "c1": [f"单位{x}" for x in lines],
                "__odd": [False] * len(lines),
            }
        )
        piece = tmp_path / f"abc-{n}.parquet"
        frame.write_parquet(piece, metadata=meta)
        pieces.append(piece)
    part = countysplit._one_part(pieces, spec)
    assert [p.name for p in tmp_path.iterdir()] == [part.name]
    table = parquet_table(part)
    assert (table.source, table.names, table.encoding) == ("省.csv", [COLUMN, "单位"], "utf-8")
    rows = table.texts.collect().rows()
    assert [r[0] + 2 for r in rows] == [2, 5, 9, 12, 13]
    assert [r[2] for r in rows] == ["单位2", "单位5", "单位9", "单位12", "单位13"]


def test_a_workbook_says_which_sheets_it_did_not_read(tmp_path: Path) -> None:
    import openpyxl

    header = [COLUMN, "网站或账号", "单位", "栏目", "标题", "发布时间"]
    good = ["测试县人民政府网", "县政府办", "工作动态", "通知", "2023-07-03 10:00:00"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    for row in (header, [COUNTIES[0], *good], [COUNTIES[1], *good]):
        sheet.append(row)
    book.create_sheet("空表")
    path = tmp_path / "posts.xlsx"
    book.save(path)
    args = ("--plan", str(CESHI_PLAN), "--records", str(path), "--county-column", COLUMN)
    code, out, err = run(*args, "--format", "json")
    assert code in (0, 1), err
    assert "工作表" in err
    assert "空表" in err
    found = json.loads(out)
    assert [c["county"] for c in found["counties"]] == sorted(COUNTIES[:2])
    assert found["counties"][0]["result"]["files"][0]["file"] == f"{path}[台账]"
    code, out, err = run(*args, "--sheet", "台账", "--format", "json")
    assert code in (0, 1), err
    assert "空表" not in err
    code, _, err = run(*args, "--sheet", "空表")
    assert code == 2
    assert "没有数据" in err  # as check --sheet says it


@pytest.mark.parametrize("over_lines", [False, True])
def test_an_empty_line_is_no_row_and_a_row_of_empty_cells_is_set_aside(
    tmp_path: Path, over_lines: bool
) -> None:
    """As csv reads a file: an empty line is not a row, a row of empty cells is a blank row, set
    aside, and blank rows after the last row are not rows either; the same whether Polars splits
    the file or (a cell over two lines) it is split row by row."""
    title = '"两行\n的标题"' if over_lines else "通知"
    text = (
        f"{COLUMN},网站或账号,单位,栏目,标题,发布时间\n"
        f"东县,测试县人民政府网,县政府办,工作动态,{title},2023-07-03 10:00:00\n"
        "\n"
        ",,,,,\n"
        "西县,测试县人民政府网,县政府办,工作动态,通知,2023-07-04 10:00:00\n"
        ",,,,,\n"
    )
    path = tmp_path / "posts.csv"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(
        "--plan", str(CESHI_PLAN), "--records", str(path), "--county-column", COLUMN,
        "--format", "json",
    )  # fmt: skip
    assert code in (0, 1), err
    found = json.loads(out)
    shift = 1 if over_lines else 0
    rest = found["counties"][-1]
    assert rest["county"] == "（未分县）"
    assert [(r["line"], r["reason"]) for r in rest["result"]["set_aside"]] == [
        (4 + shift, "空行（表格中的空白行）")
    ]
    assert found["totals"]["read"] == 3
