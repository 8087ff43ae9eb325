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
    with pytest.raises(OutputError, match="磁盘空间不足"):
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


# -- files the user did not name, inputs named indirectly, concurrent writers ---------------------


def test_import_refuses_to_replace_a_units_file_it_was_not_given(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    units = tmp_path / "plan.units.toml"
    units.write_text("# 我的单位名录\n", "utf-8")
    result = run("import", str(DAYU), "-o", str(plan))
    assert result.exit_code == 2, result.output
    assert str(units) in result.stderr
    assert "--force" in result.stderr
    assert units.read_text("utf-8") == "# 我的单位名录\n"
    assert not plan.exists()  # nothing written when refused
    forced = run("import", str(DAYU), "-o", str(plan), "--force")
    assert forced.exit_code == 0, forced.output
    assert units.read_text("utf-8").startswith("# 单位名录：由 govflow import 生成")
    again = run("import", str(DAYU), "-o", str(plan))  # the plan file was named: replaced
    assert again.exit_code == 2  # ... but its directory was not
    assert "plan.units.toml" in again.stderr


def test_a_refused_import_writes_no_side_file(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(DAYU.read_text("utf-8"), "utf-8")
    result = run("import", str(doc), "-o", str(doc))
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.txt"]


def test_the_plans_units_file_and_notices_are_inputs(
    tmp_path: Path, notice_2027: dict[str, object]
) -> None:
    import json

    plan = tmp_path / "plan.toml"
    assert run("import", str(DAYU), "-o", str(plan)).exit_code == 0
    units = tmp_path / "plan.units.toml"
    before = units.read_bytes()
    result = run("agenda", "--plan", str(plan), "-o", str(units))
    assert result.exit_code == 2, result.output
    assert "是本命令的输入文件" in result.stderr
    assert units.read_bytes() == before
    notice = tmp_path / "2027.json"
    notice.write_text(json.dumps(notice_2027, ensure_ascii=False), "utf-8")
    text = notice.read_text("utf-8")
    refused = run("--notice", str(notice), "agenda", "--plan", str(CESHI_PLAN), "-o", str(notice))
    assert refused.exit_code == 2, refused.output
    assert notice.read_text("utf-8") == text


def test_check_refuses_its_input_before_checking(tmp_path: Path) -> None:
    ledger = records(tmp_path)
    bad = tmp_path / "bad.csv"  # would fail the check if it were read: refused first
    bad.write_text("no,header\n", "utf-8")
    args = ["--plan", str(CESHI_PLAN), "--records", str(ledger), "--records", str(bad)]
    result = run("check", *args, "-o", str(ledger))
    assert result.exit_code == 2
    assert "是本命令的输入文件" in result.stderr


def test_a_write_error_is_said_in_chinese(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    with pytest.raises(OutputError, match="路径中有一段不是目录"):
        write_output("x", blocker / "out.json")
    with pytest.raises(OutputError, match="所在目录不存在"):
        write_output("x", tmp_path / "missing" / "out.json")


def test_concurrent_checks_leave_one_whole_output(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    ledgers = []
    for n in range(2):  # two different results, so the survivor can be told apart
        path = tmp_path / f"m{n}.csv"
        rows = [
            LEDGER[0],
            *([f"M{n}-{i}", "县财政局", "2023-09-27", ""] for i in range(400 * n + 1)),
        ]
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
        ledgers.append(path)
    target = tmp_path / "same.json"
    code = "from govflow.cli import main; main()"
    expected = []
    for ledger in ledgers:
        args = ["check", "--plan", str(CESHI_PLAN), "--records", str(ledger)]
        args += ["--as-of", "2023-10-31", "--format", "json"]
        alone = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
        expected.append(json.loads(alone.stdout))
    assert expected[0] != expected[1]
    for _ in range(4):
        procs = []
        for ledger in ledgers:
            args = ["check", "--plan", str(CESHI_PLAN), "--records", str(ledger)]
            args += ["--as-of", "2023-10-31", "--format", "json", "-o", str(target)]
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-c", code, *args],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for proc in procs:
            proc.wait(timeout=120)
        assert json.loads(target.read_text("utf-8")) in expected
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_new_plugin_onto_an_unwritable_path_is_bad_input(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    result = run("new-plugin", "govflow-x", "--out", str(blocker / "sub"))
    assert result.exit_code == 2, result.output
    assert "路径中有一段不是目录" in result.stderr
