"""Records in Parquet: read as a table whose header is its column names, row by row (the
reference) and by the columnar engine, with the same outcome as the same table in CSV.

Typed columns become the text a CSV export would hold: dates, times in Beijing time (an
instant with a time zone is converted), yes/no as 是/否."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    Checker,
    assert_same,
    both,
    calendar,
    kinds,
    plan,
    small_blocks,
)
from govflow.cli import main
from govflow.compliance.check import run_check
from govflow.compliance.records import Record, RecordFileError, read_records
from govflow.plan.model import Plan
from govflow.plugins.manager import registry
from plans import CESHI_PLAN
from test_fast_path import HEADER, clean_rows, posts_csv, write_csv


def as_parquet(header: list[str], rows: list[list[str]], path: Path) -> Path:
    width = len(header)
    cells = [(r + [""] * width)[:width] for r in rows]
    frame = pl.DataFrame(
        {h: [row[i] for row in cells] for i, h in enumerate(header)},
        schema=dict.fromkeys(header, pl.String),
    )
    frame.write_parquet(path)
    return path


@pytest.mark.parametrize("seed", range(12))
def test_text_parquet_is_read_as_the_same_csv(both: Checker, tmp_path: Path, seed: int) -> None:
    """The messy posts of the CSV differential tests, as Parquet text columns: the columnar
    engine and the row-by-row reader agree, and both agree with the CSV file of the same rows
    (apart from the file names in the rows' references)."""
    rng = random.Random(seed)
    header, rows = posts_csv(rng)
    rows = [r for r in rows if any(c.strip() for c in r)]  # a CSV's empty lines are no rows
    pq = as_parquet(header, rows, tmp_path / "posts.parquet")
    fast, ref, taken = both([pq], area="newmedia" if seed % 2 else None)
    assert taken == [True]
    assert_same(fast, ref)
    csv_path = write_csv(tmp_path / "posts.csv", header, rows, random.Random(0), junk=False)
    via_csv, _, _ = both([csv_path], area="newmedia" if seed % 2 else None)
    assert [(f.rule, f.unit, f.status, f.actual, f.window) for f in via_csv.findings] == [
        (f.rule, f.unit, f.status, f.actual, f.window) for f in fast.findings
    ]
    assert [(r.line, r.field, r.reason) for r in via_csv.rejected] == [
        (r.line, r.field, r.reason) for r in fast.rejected
    ]


def test_typed_columns_read_as_their_text(both: Checker, tmp_path: Path) -> None:
    rng = random.Random(5)
    rows = clean_rows(rng, 300)
    frame = pl.DataFrame(
        {
            "网站或账号": [r[0] for r in rows],
            "单位": [r[1] for r in rows],
            "栏目": [r[2] for r in rows],
            "标题": [r[3] for r in rows],
            "发布时间": [datetime.fromisoformat(r[4]) for r in rows],
            "是否原创": [i % 3 == 0 for i in range(len(rows))],
        }
    )
    path = tmp_path / "posts.parquet"
    frame.write_parquet(path)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    first = next(iter(read_records(path)))
    assert isinstance(first, Record), first
    assert first.data["time"].date() == datetime.fromisoformat(rows[0][4]).date()
    assert first.data["original"] is True  # row 0: 0 % 3 == 0, written as 是


def test_an_instant_counts_on_its_beijing_day(tmp_path: Path) -> None:
    """2023-06-30 17:30 UTC is 2023-07-01 01:30 in Beijing: the post is of 1 July."""
    frame = pl.DataFrame(
        {
            "网站或账号": ["测试县人民政府网"],
            "单位": ["县财政局"],
            "栏目": ["工作动态"],
            "标题": ["标题"],
            "发布时间": [datetime(2023, 6, 30, 17, 30, tzinfo=UTC)],
        }
    )
    path = tmp_path / "posts.parquet"
    frame.write_parquet(path)
    (record,) = list(read_records(path))
    assert isinstance(record, Record), record
    assert record.data["time"].date() == date(2023, 7, 1)


def test_a_file_that_is_not_parquet_is_refused_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "posts.parquet"
    path.write_text("网站或账号,单位\n", encoding="utf-8")
    with pytest.raises(RecordFileError, match="不是可读取的 Parquet 文件"):
        read_records(path)
    result = CliRunner().invoke(
        main, ["check", "--plan", str(CESHI_PLAN), "--records", str(path), "--as-of", "2023-12-31"]
    )
    assert result.exit_code == 2, result.output
    assert "不是可读取的 Parquet 文件" in result.output
    assert "Traceback" not in result.output


def test_a_folder_of_parquet_files_is_read(plan: Plan, tmp_path: Path) -> None:
    rng = random.Random(9)
    folder = tmp_path / "records"
    folder.mkdir()
    as_parquet(HEADER, clean_rows(rng, 50), folder / "posts.parquet")
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--plan",
            str(CESHI_PLAN),
            "--records",
            str(folder),
            "--as-of",
            "2023-12-31",
            "--format",
            "json",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    assert '"read": 50' in result.output


def test_rows_of_a_parquet_file_are_rejected_with_their_line(plan: Plan, tmp_path: Path) -> None:
    rows = clean_rows(random.Random(2), 5)
    rows[3][4] = "不是日期"
    path = as_parquet(HEADER, rows, tmp_path / "posts.parquet")
    result = run_check(
        plan,
        [path],
        calendar=registry().calendar(),
        as_of=date(2023, 12, 31),
        kinds=dict(registry().record_kinds()),
    )
    assert [(r.line, r.field) for r in result.rejected] == [(5, "time")]
