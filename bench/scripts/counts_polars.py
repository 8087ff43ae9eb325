"""Per-unit post counts with Polars: what an analyst would write instead of ``govflow check``.

    python bench/scripts/counts_polars.py POSTS.csv|POSTS.parquet|POSTS.jsonl OUT.json
    python bench/scripts/counts_polars.py --by-county PROVINCE_DIR OUT.json   # PROVINCE_DIR/<county>/posts.csv

Per unit (and county): 动态 posts per Monday-start week (动态 when 栏目 contains 动态, 要闻, 新闻
or 资讯), posts per calendar month, 原创 posts (是否原创 == 是) per month.  One lazy scan, both
group-bys collected together (the scan is shared).  Writes ``{table: [[county, unit, first day,
count], ...]}`` (county null for one file; no zero counts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

NEWS = "动态|要闻|新闻|资讯"


def scan(source: Path, by_county: bool) -> pl.LazyFrame:
    if by_county:
        csvs = sorted(source.glob("*/posts.csv"))
        parquet = sorted(source.glob("*/posts.parquet"))
        files = [str(p) for p in (csvs or parquet)]
        kind = "csv" if csvs else "parquet"
    else:
        files, kind = [str(source)], source.suffix.lstrip(".")
    if kind == "parquet":
        lf = pl.scan_parquet(files, include_file_paths="path")
    elif kind == "jsonl":
        lf = pl.scan_ndjson(files, include_file_paths="path")
    else:
        lf = pl.scan_csv(files, infer_schema=False, include_file_paths="path")
    county = pl.col("path").str.extract(r"([^/]+)/[^/]+$") if by_county else pl.lit(None, pl.String)
    return lf.select(
        county=county,
        unit=pl.col("单位"),
        day=pl.col("发布时间").str.to_datetime("%Y-%m-%d %H:%M:%S").dt.date(),
        news=pl.col("栏目").str.contains(NEWS),
        original=pl.col("是否原创") == "是",
    )


def counts(source: Path, by_county: bool) -> dict[str, list[list[object]]]:
    lf = scan(source, by_county)
    weekly_q = (
        lf.filter("news").group_by("county", "unit", first=pl.col("day").dt.truncate("1w")).len()
    )
    monthly_q = lf.group_by("county", "unit", first=pl.col("day").dt.truncate("1mo")).agg(
        total=pl.len(), original=pl.col("original").sum()
    )
    weekly, monthly = pl.collect_all([weekly_q, monthly_q])

    def rows(df: pl.DataFrame, column: str) -> list[list[object]]:
        df = df.filter(pl.col(column) > 0).with_columns(pl.col("first").cast(pl.String))
        return [list(r) for r in df.select("county", "unit", "first", column).iter_rows()]

    return {
        "10.weekly-updates": rows(weekly, "len"),
        "10.monthly-total": rows(monthly, "total"),
        "10.monthly-original": rows(monthly, "original"),
    }


def main(argv: list[str]) -> int:
    by_county = "--by-county" in argv
    source, out = (Path(a) for a in argv if a != "--by-county")
    out.write_text(json.dumps(counts(source, by_county), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
