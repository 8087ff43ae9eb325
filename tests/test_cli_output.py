"""One output path for the command line (`govflow.cli.output.write_output`): every command
with ``-o`` writes atomically and refuses to overwrite one of its own inputs."""

from __future__ import annotations

import csv
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow.cli import main
from govflow.cli.output import OutputError, write_output
from plans import CESHI_PLAN

DAYU = Path(__file__).parent / "data" / "plans" / "dayu-2023.txt"
LEDGER = [["留言编号", "承办单位", "留言时间", "答复时间"], ["M1", "县财政局", "2023-09-27", ""]]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def records(tmp_path: Path) -> Path:
    path = tmp_path / "messages.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(LEDGER)
    return path


def test_writes_text_and_bytes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    write_output("甲", target, newline=True)
    assert target.read_bytes() == "甲\n".encode()
    write_output(b"\x00\x01", target)
    assert target.read_bytes() == b"\x00\x01"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    write_output("new", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    write_output("x", fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")

    def broken(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OutputError, match="No space left on device"):
        write_output("new", target)
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_refuses_an_input_even_by_another_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = records(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="输入文件"):
        write_output("x", "./messages.csv", inputs=[source])
    assert source.read_text("utf-8").startswith("留言编号")


def test_check_and_report_refuse_to_overwrite_a_records_file(tmp_path: Path) -> None:
    ledger = records(tmp_path)
    before = ledger.read_bytes()
    for args in (
        ["check", "--plan", str(CESHI_PLAN), "--records", str(ledger), "--as-of", "2023-10-31"],
        ["report", "--plan", str(CESHI_PLAN), "--month", "2023-10", "--records", str(ledger)],
    ):
        result = run(*args, "-o", str(ledger))
        assert result.exit_code == 2, result.output
        assert "错误：无法写入输出文件：--output" in result.stderr
        assert "是本命令的输入文件" in result.stderr
        assert ledger.read_bytes() == before


def test_records_given_as_a_folder_are_inputs_too(tmp_path: Path) -> None:
    ledger = records(tmp_path)
    before = ledger.read_bytes()
    result = run(
        "check",
        "--plan",
        str(CESHI_PLAN),
        "--records",
        str(tmp_path),
        "--as-of",
        "2023-10-31",
        "-o",
        str(ledger),
    )
    assert result.exit_code == 2, result.output
    assert ledger.read_bytes() == before


def test_agenda_and_import_refuse_their_inputs(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    first = run("import", str(DAYU), "-o", str(plan))
    assert first.exit_code == 0, first.output
    before = plan.read_bytes()
    agenda = run("agenda", "--plan", str(plan), "-o", str(plan))
    assert agenda.exit_code == 2, agenda.output
    assert "是本命令的输入文件" in agenda.stderr
    assert plan.read_bytes() == before
    doc = tmp_path / "plan.txt"
    doc.write_text(DAYU.read_text("utf-8"), "utf-8")
    again = run("import", str(doc), "-o", str(doc))
    assert again.exit_code == 2, again.output
    assert "是本命令的输入文件" in again.stderr


def test_agenda_writes_through_the_helper(tmp_path: Path) -> None:
    out = tmp_path / "agenda.ics"
    result = run(
        "agenda", "--plan", str(CESHI_PLAN), "--year", "2023", "--format", "ics", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.ics"]
