"""``check --counties DIR --jobs N`` and ``--county-column COL --jobs N``: counties checked by
worker processes give what checking them one after another gives, byte for byte: the output
(JSON document, table, Markdown), what is said on stderr, and the exit code, including when a
county stops the run.  The workers are real processes (``spawn``), so the runs are too."""

from __future__ import annotations

import contextlib
import csv
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from govflow.cli import main
from plans import CESHI_PLAN, own_plan_folder
from test_fast_path import HEADER, clean_rows, write_csv

AS_OF = "2023-12-31"
COUNTIES = ("西县", "东县", "南县", "北县", "中县")


def province(tmp_path: Path) -> Path:
    """Five invented counties, more than the workers: 西县 with a plan.toml of its own, 南县 and
    北县 with messy rows (rejected and set aside), the others clean."""
    root = tmp_path / "省"
    for n, name in enumerate(COUNTIES):
        folder = root / name
        folder.mkdir(parents=True)
        rng = random.Random(n)
        write_csv(folder / "posts.csv", HEADER, clean_rows(rng, 60 + 30 * n), rng, junk=n in (2, 3))
    own_plan_folder(root / "西县", "xixian-2023")
    return root


def govflow(*args: str) -> tuple[int, bytes, bytes]:
    """A whole ``govflow check`` process (its workers must be able to start from it)."""
    code = "import sys; from govflow.cli import main; sys.exit(main())"
    done = subprocess.run(
        [sys.executable, "-c", code, "check", "--as-of", AS_OF, *args],
        capture_output=True,
        timeout=300,
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("fmt", ["json", "table", "md"])
def test_workers_give_what_one_after_another_gives(tmp_path: Path, fmt: str) -> None:
    root = province(tmp_path)
    given = ["--plan", str(CESHI_PLAN), "--counties", str(root), "--format", fmt]
    alone = govflow(*given, "--jobs", "1")
    assert alone[0] == 1, alone[2].decode()  # the messy counties' rejected rows
    assert govflow(*given, "--jobs", "2") == alone
    assert govflow(*given, "-j", "0") == alone  # as many as the CPUs
    assert "Traceback" not in alone[2].decode()


def test_the_document_written_by_workers_is_the_same_file(tmp_path: Path) -> None:
    root = province(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    given = ["--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "json"]
    one = govflow(*given, "-o", str(out / "one.json"))
    two = govflow(*given, "--jobs", "3", "-o", str(out / "two.json"))
    assert one == two
    assert (out / "one.json").read_bytes() == (out / "two.json").read_bytes()
    assert sorted(p.name for p in out.iterdir()) == ["one.json", "two.json"]  # no temp left


def test_a_county_that_stops_the_run_stops_it_the_same_way(tmp_path: Path) -> None:
    root = province(tmp_path)
    # a file no record kind fits: the whole run stops at 南县, naming the file (exit 2)
    (root / "南县" / "events.csv").write_text(
        "活动名称,单位,日期\n新闻发布会,县政府办,2023-08-01\n", encoding="utf-8"
    )
    target = tmp_path / "省.json"
    given = ["--plan", str(CESHI_PLAN), "--counties", str(root), "--format", "json"]
    alone = govflow(*given, "-o", str(target))
    assert alone[0] == 2
    said = alone[2].decode()
    assert "南县" in said
    assert "events.csv" in said
    assert govflow(*given, "--jobs", "2", "-o", str(target)) == alone
    assert not target.exists()  # nothing written for a run that stopped
    assert "Traceback" not in alone[2].decode()


def test_strict_stops_at_the_same_county(tmp_path: Path) -> None:
    root = province(tmp_path)
    # the invented plan names areas no installed plugin declares: warnings, errors under --strict
    given = ["--plan", str(CESHI_PLAN), "--counties", str(root), "--strict"]
    alone = govflow(*given)
    assert alone[0] == 2
    assert "（--strict：以上警告按错误处理，退出码 2）" in alone[2].decode()
    assert govflow(*given, "--jobs", "2") == alone


def test_the_county_column_with_workers(tmp_path: Path) -> None:
    rng = random.Random(7)
    rows = [[rng.choice(COUNTIES[1:]), *row] for row in clean_rows(rng, 400)]
    rows[5][0] = ""  # a row of no county: its own line of the table
    path = tmp_path / "全省.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["县区", *HEADER], *rows])
    plans = tmp_path / "各县方案"
    own_plan_folder(plans / "东县", "dongxian-2023")
    for fmt in ("json", "table"):
        given = ["--plan", str(CESHI_PLAN), "--records", str(path), "--county-column", "县区"]
        given += ["--county-plans", str(plans), "--format", fmt]
        alone = govflow(*given)
        assert alone[0] == 1, alone[2].decode()
        assert govflow(*given, "--jobs", "2") == alone


def test_jobs_is_for_many_counties_only() -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["check", "--records", "x.csv", "--jobs", "2"])
    assert done.exit_code == 2
    assert "--jobs 只用于多县检查（--counties 或 --county-column）" in done.stderr
    done = runner.invoke(main, ["check", "--counties", "x", "--jobs", "-1"])
    assert done.exit_code == 2
    assert "Traceback" not in done.stderr


def _children_reading(path: Path) -> list[int]:
    """This process's children that have *path* open."""
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            with contextlib.suppress(OSError):
                fds = Path(f"/proc/{pid}/fd")
                if any(os.readlink(fd) == str(path) for fd in fds.iterdir()):
                    found.append(int(pid))
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_worker_that_dies_is_said_in_chinese(tmp_path: Path) -> None:
    """A worker killed while it checks a county (here: while it reads a county's ledger row by
    row) stops the run with a Chinese error, promptly, not a hang."""
    from govflow.cli.counties_cmd import CountyJob
    from govflow.cli.county_pool import CountyOptions, WorkerLost, outcomes_in_workers
    from govflow.plugins.manager import registry

    rows = clean_rows(random.Random(3), 60_000)
    rows[1][3] = "标题\n换行"  # a cell over two lines: read row by row, the file held open
    ledger = write_csv(tmp_path / "posts.csv", HEADER, rows, random.Random(3), junk=False)
    job = CountyJob("甲县", tmp_path, str(CESHI_PLAN), None, [str(ledger)], {})
    opts = CountyOptions(None, None, None, 3, False, False, None, None, None, json=True)
    outcomes = outcomes_in_workers([job], 2, registry().calendar(), opts)
    caught: list[BaseException] = []

    def take() -> None:
        try:
            next(outcomes)
        except BaseException as exc:  # handed to the test's thread
            caught.append(exc)

    taker = threading.Thread(target=take, daemon=True)
    taker.start()
    deadline = time.monotonic() + 120
    while not (readers := _children_reading(ledger)) and not caught:
        assert time.monotonic() < deadline, "no worker read the ledger"
        time.sleep(0.002)
    assert len(readers) == 1, caught
    os.kill(readers[0], signal.SIGKILL)
    taker.join(timeout=60)
    assert not taker.is_alive(), "the run hung after its worker died"
    outcomes.close()
    assert len(caught) == 1
    assert isinstance(caught[0], WorkerLost)
    said = caught[0].describe()
    assert said.startswith("错误：工作进程意外退出：等待 甲县 的结果时")
    assert "可减小 --jobs（现为 2），或逐县检查（--jobs 1）" in said
