"""Per-unit post counts with pandas: what an analyst would write instead of ``govflow check``.

    python bench/scripts/counts_pandas.py POSTS.csv|POSTS.parquet|POSTS.xlsx|POSTS.jsonl OUT.json
    python bench/scripts/counts_pandas.py --by-county PROVINCE_DIR OUT.json   # PROVINCE_DIR/<county>/posts.csv

Per unit (and county): 动态 posts per Monday-start week (动态 when 栏目 contains 动态, 要闻, 新闻
or 资讯), posts per calendar month, 原创 posts (是否原创 == 是) per month, as
bench/bench_check.py's ``pandas_counts``; a province is read county by county.  Writes
``{table: [[county, unit, first day, count], ...]}`` (county null for one file; no zero counts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

NEWS = "动态|要闻|新闻|资讯"
TABLES = ("10.weekly-updates", "10.monthly-total", "10.monthly-original")


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        df = pd.read_parquet(path, columns=["单位", "栏目", "发布时间", "是否原创"])
    elif path.suffix == ".xlsx":  # the reader govflow uses too (python-calamine)
        df = pd.read_excel(
            path, engine="calamine", dtype=str, usecols=["单位", "栏目", "发布时间", "是否原创"]
        )
    elif path.suffix == ".jsonl":
        df = pd.read_json(path, lines=True, dtype=False, convert_dates=False)
        df = df[["单位", "栏目", "发布时间", "是否原创"]]
    else:
        df = pd.read_csv(path, dtype=str, usecols=["单位", "栏目", "发布时间", "是否原创"])
    df["发布时间"] = pd.to_datetime(df["发布时间"], format="%Y-%m-%d %H:%M:%S")
    return df


def count_file(path: Path, county: str | None, out: dict[str, list[list[object]]]) -> None:
    df = read(path)
    day = df["发布时间"].dt.normalize()
    df["周"] = day - pd.to_timedelta(day.dt.day_of_week, unit="D")  # Monday of the week
    df["月"] = day.dt.to_period("M").dt.to_timestamp()
    is_news = df["栏目"].str.contains(NEWS, na=False)
    is_original = df["是否原创"] == "是"
    weekly = df[is_news].groupby(["单位", "周"]).size()
    monthly = df.groupby(["单位", "月"]).size()
    original = df[is_original].groupby(["单位", "月"]).size()
    for name, sizes in zip(TABLES, (weekly, monthly, original), strict=True):
        for (unit, first), n in zip(sizes.index, sizes.to_numpy(), strict=True):
            out[name].append([county, str(unit), str(pd.Timestamp(first).date()), int(n)])


def counts(source: Path, by_county: bool) -> dict[str, list[list[object]]]:
    out: dict[str, list[list[object]]] = {name: [] for name in TABLES}
    if not by_county:
        count_file(source, None, out)
        return out
    for folder in sorted(p for p in source.iterdir() if p.is_dir()):
        csv = folder / "posts.csv"
        count_file(csv if csv.exists() else folder / "posts.parquet", folder.name, out)
    return out


def main(argv: list[str]) -> int:
    by_county = "--by-county" in argv
    source, out = (Path(a) for a in argv if a != "--by-county")
    out.write_text(json.dumps(counts(source, by_county), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
