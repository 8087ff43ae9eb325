"""Progress of a long check: a bar on stderr when stderr is a terminal, nothing when it is not;
stdout the same either way.  The library reports bytes read through ``run_check(progress=...)``."""

from __future__ import annotations

import csv
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from govflow.compliance.check import run_check
from plans import CESHI_PLAN, ceshi_plan

LABEL = "读取记录"
HEADER = ["留言编号", "承办单位", "留言时间", "答复时间"]


def ledger(tmp_path: Path, rows: int = 6000) -> Path:
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([f"M{i}", "县财政局", "2023-09-27 10:00", "2023-09-28 10:00"])
    return path


def test_run_check_reports_bytes_read_up_to_the_total(tmp_path: Path) -> None:
    from govflow.calendar.workcalendar import WorkCalendar

    path = ledger(tmp_path)
    calls: list[tuple[int, int]] = []
    run_check(
        ceshi_plan(),
        [path],
        calendar=WorkCalendar.default(),
        as_of=__import__("datetime").date(2023, 10, 31),
        progress=lambda done, total: calls.append((done, total)),
    )
    size = path.stat().st_size
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    assert len(calls) > 3  # ticks within the file, not only at its ends
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)


@pytest.mark.parametrize("form", ["jsonl", "flat-jsonl", "xlsx"])
@pytest.mark.parametrize("kind", ["messages", "posts"])
def test_files_the_engines_read_row_by_row_report_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str, kind: str
) -> None:
    """A workbook or JSON Lines file read by an engine (the case engine for messages, the
    counting engine for posts) ticks while its rows are read, a batch at a time.  (JSON Lines
    with a 20-digit number among its values: a file of flat objects of text, ``flat-jsonl``,
    Polars reads whole, and it ticks at its start and its end.)"""
    import json
    from datetime import date

    from openpyxl import Workbook

    from govflow.calendar.workcalendar import WorkCalendar
    from govflow.compliance import colcases, colcells, columnar

    monkeypatch.setattr(columnar, "MIN_BYTES", 0)
    monkeypatch.setattr(colcases, "MIN_BYTES", 0)
    monkeypatch.setattr(colcells, "MIN_CELLS", 0)
    monkeypatch.setattr(colcells, "HELD_BATCH", 500)
    if kind == "messages":
        header = HEADER
        rows = [[f"M{i}", "县财政局", "2023-09-27 10:00", "2023-09-28 10:00"] for i in range(6000)]
    else:
        header = ["网站", "单位", "发布时间", "标题"]
        rows = [["网", "县财政局", "2023-09-27 10:00", f"标题{i}"] for i in range(6000)]
    path = tmp_path / f"{kind}.{form.removeprefix('flat-')}"
    if form.endswith("jsonl"):
        values: list[list[object]] = [list(r) for r in rows]
        if form == "jsonl":  # a 20-digit number: the reading takes its digits, Polars not
            for i, r in enumerate(values):
                r[0] = 10**19 + i if i % 7 == 0 else r[0]
        lines = [json.dumps(dict(zip(header, r, strict=True)), ensure_ascii=False) for r in values]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("S")
        for row in [header, *rows]:
            sheet.append(row)
        book.save(path)
    engine = colcases if kind == "messages" else columnar
    entry = "evaluate_cases" if kind == "messages" else "count_table"
    taken: list[bool] = []
    real = getattr(engine, entry)

    def spy(*args: object, **kw: object) -> bool:
        taken.append(bool(real(*args, **kw)))
        return taken[-1]

    monkeypatch.setattr(engine, entry, spy)
    calls: list[tuple[int, int]] = []
    run_check(
        ceshi_plan(),
        [path],
        calendar=WorkCalendar.default(),
        as_of=date(2023, 10, 31),
        progress=lambda done, total: calls.append((done, total)),
    )
    size = path.stat().st_size
    assert taken == [True]
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    inside = [d for d, _ in calls if 0 < d < size]
    if form != "flat-jsonl":
        assert len(inside) > 3  # ticks within the file, not only at its ends
    assert inside == sorted(inside)


def test_run_check_reports_rules_evaluated_up_to_their_number(tmp_path: Path) -> None:
    from govflow.calendar.workcalendar import WorkCalendar

    calls: list[tuple[int, int]] = []
    result = run_check(
        ceshi_plan(),
        [ledger(tmp_path, rows=50)],
        calendar=WorkCalendar.default(),
        as_of=__import__("datetime").date(2023, 10, 31),
        rule_progress=lambda done, total: calls.append((done, total)),
    )
    n = len(result.rules)
    assert n > 0
    assert calls == [(i, n) for i in range(1, n + 1)]


def test_annual_report_reports_bytes_read_up_to_the_total(tmp_path: Path) -> None:
    from govflow.compliance.kinds import BUILTIN_KINDS
    from govflow.report.annual import annual_report

    path = ledger(tmp_path)
    calls: list[tuple[int, int]] = []
    annual_report(
        [path],
        2023,
        "县财政局",
        kinds=BUILTIN_KINDS,
        progress=lambda done, total: calls.append((done, total)),
    )
    size = path.stat().st_size
    assert calls[0] == (0, size)
    assert calls[-1] == (size, size)
    assert len(calls) > 3
    dones = [d for d, _ in calls]
    assert dones == sorted(dones)


def _command(path: Path, command: str = "check") -> list[str]:
    code = "from govflow.cli import main; main()"
    args = [command, "--plan", str(CESHI_PLAN), "--records", str(path)]
    if command == "annual-report":
        args += ["2023", "--unit", "县财政局"]
    else:
        args += ["--as-of", "2023-10-31"]
    if command == "report":
        args += ["--month", "2023-10"]
    return [sys.executable, "-c", code, *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1", "GOVFLOW_LOAD_PLUGINS": "", "COLUMNS": "80"}


def _on_a_terminal(command: list[str]) -> tuple[bytes, bytes, int]:
    """Run *command* with stderr on a pseudo-terminal: what the terminal got, stdout, and the
    exit code."""
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env=_env())
        os.close(slave)
        slave = -1
        terminal = _read_all(master)
        stdout = proc.stdout.read() if proc.stdout else b""
        proc.wait(timeout=120)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    return terminal, stdout, proc.returncode


def _read_all(fd: int) -> bytes:
    out = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the slave side closed (Linux: EIO)
            break
        if not chunk:
            break
        out += chunk
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("command", ["check", "report", "annual-report"])
def test_progress_on_a_terminal_and_nothing_on_a_pipe(tmp_path: Path, command: str) -> None:
    path = ledger(tmp_path)
    piped = subprocess.run(
        _command(path, command), capture_output=True, env=_env(), timeout=120, check=False
    )
    assert LABEL.encode() not in piped.stderr
    assert b"\r" not in piped.stderr
    terminal, stdout, code = _on_a_terminal(_command(path, command))
    assert LABEL.encode() in terminal
    assert b"100%" in terminal
    if command != "annual-report":  # the rules a check evaluates, once the records are read
        assert "评估规则".encode() in terminal
        assert "评估规则".encode() not in piped.stderr
    assert code == piped.returncode
    assert stdout == piped.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_county_split_says_which_file_and_county_on_a_terminal(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["县区", *HEADER])
        for i in range(200):
            county = ("东县", "西县")[i % 2]
            writer.writerow([county, f"M{i}", "县财政局", "2023-09-27 10:00", "2023-09-28 10:00"])
    command = [*_command(path), "--county-column", "县区"]
    piped = subprocess.run(command, capture_output=True, env=_env(), timeout=120, check=False)
    raw, stdout, code = _on_a_terminal(command)
    terminal = raw.decode()
    assert f"按“县区”列分县：{path}" in terminal
    assert "[1/2] 东县" in terminal
    assert "[2/2] 西县" in terminal
    assert "分县".encode() not in piped.stderr
    assert (code, stdout) == (piped.returncode, piped.stdout)
    assert "东县" in stdout.decode()
