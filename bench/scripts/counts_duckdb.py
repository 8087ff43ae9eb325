"""Per-unit post counts with DuckDB: what an analyst would write instead of ``govflow check``.

    python bench/scripts/counts_duckdb.py POSTS.csv|POSTS.parquet OUT.json
    python bench/scripts/counts_duckdb.py --by-county PROVINCE_DIR OUT.json   # PROVINCE_DIR/<county>/posts.csv

Per unit (and county): 动态 posts per Monday-start week (动态 when 栏目 contains 动态, 要闻, 新闻
or 资讯), posts per calendar month, 原创 posts (是否原创 == 是) per month.  Every column read as
text, as in the CSV.  Writes ``{table: [[county, unit, first day, count], ...]}`` (county null
for one file; no zero counts).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

NEWS = "动态|要闻|新闻|资讯"


def counts(source: Path, by_county: bool) -> dict[str, list[list[object]]]:
    con = duckdb.connect()
    if by_county:
        parquet = not any(source.glob("*/posts.csv"))
        pattern = str(source / "*" / ("posts.parquet" if parquet else "posts.csv"))
    else:
        parquet, pattern = source.suffix == ".parquet", str(source)
    reader = (
        f"read_parquet('{pattern}', filename = true)"
        if parquet
        else f"read_csv('{pattern}', all_varchar = true, filename = true)"
    )
    county = r"regexp_extract(filename, '([^/]+)/[^/]+$', 1)" if by_county else "NULL::VARCHAR"
    con.execute(
        f"""CREATE TEMP TABLE posts AS SELECT
              {county} AS county, 单位 AS unit,
              CAST(strptime(发布时间, '%Y-%m-%d %H:%M:%S') AS DATE) AS day,
              regexp_matches(栏目, '{NEWS}') AS news, 是否原创 = '是' AS original
            FROM {reader}"""
    )
    weekly = con.execute(
        "SELECT county, unit, CAST(CAST(date_trunc('week', day) AS DATE) AS VARCHAR), count(*)"
        " FROM posts WHERE news GROUP BY ALL"
    ).fetchall()
    monthly = con.execute(
        "SELECT county, unit, CAST(CAST(date_trunc('month', day) AS DATE) AS VARCHAR), count(*),"
        " count(*) FILTER (WHERE original) FROM posts GROUP BY ALL"
    ).fetchall()
    return {
        "10.weekly-updates": [list(r) for r in weekly],
        "10.monthly-total": [list(r[:4]) for r in monthly],
        "10.monthly-original": [[*r[:3], r[4]] for r in monthly if r[4]],
    }


def main(argv: list[str]) -> int:
    by_county = "--by-county" in argv
    source, out = (Path(a) for a in argv if a != "--by-county")
    out.write_text(json.dumps(counts(source, by_county), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
