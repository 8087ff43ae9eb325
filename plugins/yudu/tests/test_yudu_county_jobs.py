"""``check --counties DIR --jobs N`` with what the workers must be handed, on the Yudu plan's
依申请公开 (a clock per case on the working-day calendar): a ``--notice`` for an unpublished year
(the parent's calendar), a ``--columns`` map (loaded by each worker) and ``--area``.  Counties
checked by workers give what one after another gives, byte for byte."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from notice_support import NOTICE_2027_TOML

COLUMNS = '[application]\nid = "件号"\nreceived = "来件日期"\n'

UNITS = ["县政府办", "县财政局", "县教育科技局", "县卫生健康委"]


def province(root: Path) -> Path:
    """Three counties of applications received in December 2026: their 20-working-day replies
    fall in 2027, whose holiday notice govflow does not ship."""
    for n, county in enumerate(("甲县", "乙县", "丙县")):
        rng = random.Random(n)
        folder = root / county
        folder.mkdir(parents=True)
        with (folder / "applications.csv").open("w", encoding="utf-8", newline="") as fh:
            out = csv.writer(fh)
            out.writerow(["件号", "单位", "来件日期", "答复日期"])
            for i in range(40):
                received = date(2026, 12, 1) + timedelta(days=rng.randint(0, 27))
                replied = received + timedelta(days=rng.randint(1, 30))
                done = replied.isoformat() if replied <= date(2026, 12, 31) else ""
                out.writerow([f"{county}-{i:03d}", rng.choice(UNITS), received.isoformat(), done])
    return root


def govflow(*args: str) -> tuple[int, bytes, bytes]:
    code = "import sys; from govflow.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, timeout=300, check=False
    )
    return done.returncode, done.stdout, done.stderr


def test_workers_are_handed_the_notice_and_the_column_map(tmp_path: Path) -> None:
    root = province(tmp_path / "省")
    notice = tmp_path / "2027.toml"
    notice.write_text(NOTICE_2027_TOML, encoding="utf-8")
    columns = tmp_path / "columns.toml"
    columns.write_text(COLUMNS, encoding="utf-8")
    check = ["check", "--plan", "yudu-2023", "--counties", str(root), "--columns", str(columns)]
    check += ["--area", "response", "--as-of", "2026-12-31", "--format", "json"]
    alone = govflow("--notice", str(notice), *check)
    assert alone[0] == 1, alone[2].decode()
    assert govflow("--notice", str(notice), *check, "--jobs", "2") == alone
    counties = json.loads(alone[1])["counties"]
    assert [c["county"] for c in counties] == ["丙县", "乙县", "甲县"]
    assert all(c["read"] == 40 for c in counties)
    # the notice was used: no case is set aside for want of 2027's holidays ...
    reasons = [r["reason"] for c in counties for r in c["result"]["rejected"]]
    assert not [r for r in reasons if "2027 年的节假日安排" in r]
    # ... which, without it, both ways reject
    without = govflow(*check, "--jobs", "2")
    assert without == govflow(*check)
    rejected = [
        r["reason"] for c in json.loads(without[1])["counties"] for r in c["result"]["rejected"]
    ]
    assert any("2027 年的节假日安排" in r for r in rejected)
