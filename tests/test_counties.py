"""``govflow check --counties DIR``: every county of a province in one run, each county on its
own, the same result per county as a check of that county alone."""

from __future__ import annotations

import json
import random
from pathlib import Path

from click.testing import CliRunner

from govflow.cli import main
from govflow.report.counties import DEPTH
from govflow.text.jsonlayout import layered_json
from plans import CESHI_PLAN, own_plan_folder
from test_fast_path import HEADER, clean_rows, write_csv

AS_OF = "2023-12-31"


def province(tmp_path: Path) -> Path:
    """Two invented counties: 东县 checked against --plan, 西县 with a plan.toml of its own
    (the same invented plan, copied with its unit directory)."""
    root = tmp_path / "省"
    for n, name in enumerate(("西县", "东县")):
        folder = root / name
        folder.mkdir(parents=True)
        rng = random.Random(n)
        write_csv(folder / "posts.csv", HEADER, clean_rows(rng, 120 + 40 * n), rng, junk=False)
    own_plan_folder(root / "西县", "xixian-2023")
    return root


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout, result.stderr


def test_each_county_gets_what_checking_it_alone_gives(tmp_path: Path) -> None:
    root = province(tmp_path)
    code, out, err = run("--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "json")
    assert code in (0, 1), err
    found = json.loads(out)
    assert [c["county"] for c in found["counties"]] == ["东县", "西县"]
    worst = 0
    for county in found["counties"]:
        folder = root / county["county"]
        plan = folder / "plan.toml" if (folder / "plan.toml").exists() else CESHI_PLAN
        alone_code, alone, _ = run(
            "--plan", str(plan), "--records", str(folder), "--format", "json"
        )
        assert county["result"] == json.loads(alone)
        assert county["exit_code"] == alone_code
        assert county["read"] == sum(f["read"] for f in county["result"]["files"])
        worst = max(worst, alone_code)
    assert code == worst
    totals = found["totals"]
    assert totals["counties"] == 2
    for key in ("read", "evaluated", "rejected", "violated", "at_risk"):
        assert totals[key] == sum(c[key] for c in found["counties"])
    assert [c["plan"] for c in found["counties"]] == ["ceshi-2023", "xixian-2023"]  # plan.toml
    # written county by county, laid out as the whole value would be: one finding per line
    assert out == layered_json(found, depth=DEPTH) + "\n"
    assert all(json.loads(line.rstrip(",")) for line in out.splitlines() if '"rule": ' in line)


def test_json_to_a_file_is_the_same_document(tmp_path: Path) -> None:
    root = province(tmp_path)
    code, out, _ = run("--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "json")
    target = tmp_path / "省.json"
    again, said, _ = run(
        "--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "json", "-o", str(target)
    )
    assert (again, said) == (code, "")
    assert target.read_text(encoding="utf-8") == out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_the_table_and_markdown_show_a_row_per_county_and_the_totals(tmp_path: Path) -> None:
    root = province(tmp_path)
    _, table, _ = run("--plan", str(CESHI_PLAN), "--counties", str(root))
    lines = table.splitlines()
    assert lines[0] == f"多县合规检查（检查时点 {AS_OF}）"
    assert [line.split()[0] for line in lines[3:]] == ["东县", "西县", "合计"]
    assert "160" in lines[3]
    assert "120" in lines[4]
    assert "280" in lines[5]
    _, md, _ = run("--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "md")
    assert "| 东县 | ceshi-2023 | 160 |" in md
    assert "| 合计 | 2 个 | 280 |" in md


def test_bad_layouts_are_refused_before_any_county_is_checked(tmp_path: Path) -> None:
    root = province(tmp_path)
    code, out, err = run("--plan", str(CESHI_PLAN), "--counties", str(root), "--records", "x")
    assert code == 2
    assert "--counties 不能与 --records 同用" in err
    assert not out
    (root / "南县").mkdir()
    code, out, err = run("--plan", str(CESHI_PLAN), "--counties", str(root))
    assert code == 2
    assert "南县：子目录中没有记录文件" in err
    assert not out
    (root / "南县").rmdir()
    (root / "posts.csv").write_text(",".join(HEADER) + "\n", encoding="utf-8")
    code, out, err = run("--plan", str(CESHI_PLAN), "--counties", str(root))
    assert code == 2
    assert "posts.csv 直接放在目录下" in err
    assert not out
    (root / "posts.csv").unlink()
    (root / "西县" / "plan.toml").write_text("[plan]\nid = 1\n", encoding="utf-8")
    code, out, err = run("--plan", str(CESHI_PLAN), "--counties", str(root))
    assert code == 2
    assert "西县：方案无法加载" in err
    assert not out
    empty = tmp_path / "空"
    empty.mkdir()
    code, _, err = run("--plan", str(CESHI_PLAN), "--counties", str(empty))
    assert code == 2
    assert "目录中没有子目录" in err
    assert "Traceback" not in err


def test_the_output_never_overwrites_a_county_input(tmp_path: Path) -> None:
    root = province(tmp_path)
    target = root / "东县" / "posts.csv"
    before = target.read_bytes()
    code, _, err = run("--plan", str(CESHI_PLAN), "--counties", str(root), "-o", str(target))
    assert code == 2, err
    assert target.read_bytes() == before
    out = tmp_path / "汇总.md"
    code, _, err = run(
        "--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "md", "-o", str(out)
    )
    assert code in (0, 1), err
    assert out.read_text(encoding="utf-8").startswith("# 多县合规检查")
