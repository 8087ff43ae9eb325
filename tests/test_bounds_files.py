"""Small input files read safely (issue 9): regular files only, a size cap, bounded nesting.

``--plan /dev/zero`` read forever; a notice, plan or unit file nested 100,000 levels deep, a
JSON Lines row likewise, and a unit group containing itself through another ended in
``RecursionError``.  Each is now a Chinese error, exit 2 (for JSON Lines: a rejected row).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow import plugins
from govflow.calendar.notices import NoticeError, load_notice
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.errors import InputError
from govflow.plan.planfile import PlanError, read_plan
from govflow.plan.units import Unit, UnitDirectory, UnitError, UnitGroup, UnitKind, load_directory
from govflow.text.files import FileRefused, TooDeep, limit_text, parse_nested, read_limited
from plans import CESHI_UNITS, CeshiPlugin

DEEP = 100_000
DEEP_JSON = "[" * DEEP + "]" * DEEP
DEEP_TOML = "a = " + DEEP_JSON + "\n"
TOO_DEEP = "嵌套层数过多"


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")
    yield
    plugins.reset()


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_clean_exit_2(result: Result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    for needle in needles:
        assert needle in result.output


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


# ---------------------------------------------------------------------------------------------
# The helper


def test_read_limited_refuses_character_devices_fifos_and_directories(
    fifo: Path, tmp_path: Path
) -> None:
    with pytest.raises(FileRefused, match="不是普通文件（字符设备）"):
        read_limited("/dev/zero")
    with pytest.raises(FileRefused, match=r"不是普通文件（命名管道（FIFO））"):
        read_limited(fifo)  # would block forever if opened for reading without a writer
    with pytest.raises(FileRefused, match="不是普通文件（目录）"):
        read_limited(tmp_path)
    with pytest.raises(FileRefused, match="文件不存在"):
        read_limited(tmp_path / "missing.toml")


def test_read_limited_caps_the_size(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(FileRefused, match="文件过大（1025 字节）：超过上限 1 KiB"):
        read_limited(path, 1024)
    assert read_limited(path, 1025) == b"x" * 1025
    assert issubclass(FileRefused, InputError)


def test_limit_text() -> None:
    assert limit_text(8 << 20) == "8 MiB"
    assert limit_text(1000) == "1000 字节"


def test_parse_nested_turns_recursion_into_too_deep() -> None:
    with pytest.raises(TooDeep, match=TOO_DEEP):
        parse_nested(json.loads, DEEP_JSON)
    assert parse_nested(json.loads, "[[1]]") == [[1]]
    assert issubclass(TooDeep, ValueError)


# ---------------------------------------------------------------------------------------------
# Notices (--notice)


@pytest.mark.parametrize(("name", "text"), [("deep.json", DEEP_JSON), ("deep.toml", DEEP_TOML)])
def test_deep_notice_is_exit_2(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    with pytest.raises(NoticeError, match=TOO_DEEP):
        load_notice(path)
    assert_clean_exit_2(cli("--notice", str(path), "due", "2023-01-01", "3d"), TOO_DEEP)


def test_notice_from_dev_zero_or_fifo_is_exit_2(fifo: Path) -> None:
    assert_clean_exit_2(
        cli("--notice", "/dev/zero", "due", "2023-01-01", "3d"), "不是普通文件（字符设备）"
    )
    assert_clean_exit_2(cli("--notice", str(fifo), "due", "2023-01-01", "3d"), "命名管道")


@pytest.mark.parametrize(
    "doc",
    [
        [],
        None,
        {"year": True},
        {"year": 1e400},
        {"year": 2030, "number": 5},
        {"year": 2030, "number": "x", "date": "2029-11-01", "breaks": 5},
        {"year": 2030, "number": "x", "date": "2029-11-01", "breaks": [5]},
        {"year": 2030, "number": "x", "date": "2029-11-01", "breaks": [{"name": 1}]},
        {
            "year": 2030,
            "number": "x",
            "date": "2029-11-01",
            "breaks": [{"name": "元旦", "from": "9999-12-31", "to": [], "workdays": {}}],
        },
    ],
)
def test_notice_with_bad_types_is_a_notice_error(tmp_path: Path, doc: object) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(NoticeError):
        load_notice(path)


# ---------------------------------------------------------------------------------------------
# Plans and unit directories


def test_plan_from_dev_zero_fifo_or_deep_toml_is_exit_2(fifo: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP_TOML, "utf-8")
    with pytest.raises(PlanError, match=TOO_DEEP):
        read_plan(deep)
    with pytest.raises(PlanError, match="不是普通文件"):
        read_plan("/dev/zero")
    records = tmp_path / "messages.csv"
    records.write_text("留言编号,承办单位,留言时间,答复时间\n", "utf-8")
    for plan in ("/dev/zero", str(fifo), str(deep)):
        assert_clean_exit_2(cli("check", "--plan", plan, "--records", str(records)), "方案文件有误")


def test_deep_unit_directory_is_an_input_error(tmp_path: Path) -> None:
    deep = tmp_path / "units.toml"
    deep.write_text(DEEP_TOML, "utf-8")
    with pytest.raises(InputError, match=TOO_DEEP):
        load_directory(deep)
    with pytest.raises(InputError, match="不是普通文件"):
        load_directory("/dev/zero")


def test_unit_group_cycle_is_named_when_the_directory_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text(
        CESHI_UNITS.read_text("utf-8")
        + '\n[[groups]]\nname = "甲组"\nmembers = ["乙组"]\n'
        + '\n[[groups]]\nname = "乙组"\nmembers = ["县财政局", "甲组"]\n',
        "utf-8",
    )
    with pytest.raises(ValueError, match="单位组循环包含：甲组 → 乙组 → 甲组"):
        load_directory(path)


def test_unit_group_cycle_in_a_built_directory_is_a_unit_error() -> None:
    directory = UnitDirectory(
        "t",
        "测试县",
        (Unit("县财政局", UnitKind.DEPARTMENT),),
        (
            UnitGroup("甲组", members=("乙组",)),
            UnitGroup("乙组", members=("丙组",)),
            UnitGroup("丙组", members=("县财政局", "乙组")),
        ),
    )
    with pytest.raises(UnitError, match="单位组循环包含：乙组 → 丙组 → 乙组"):
        directory.expand("甲组")


def test_long_chain_of_groups_needs_no_recursion() -> None:
    n = 5000  # far past the interpreter's recursion limit
    groups = [UnitGroup(f"组{k}", members=(f"组{k + 1}",)) for k in range(n)]
    groups.append(UnitGroup(f"组{n}", members=("县财政局",)))
    directory = UnitDirectory(
        "t", "测试县", (Unit("县财政局", UnitKind.DEPARTMENT),), tuple(groups)
    )
    assert [u.name for u in directory.expand("组0")] == ["县财政局"]


def test_shared_member_groups_are_not_a_cycle() -> None:
    directory = UnitDirectory(
        "t",
        "测试县",
        (Unit("县财政局", UnitKind.DEPARTMENT), Unit("县审计局", UnitKind.DEPARTMENT)),
        (
            UnitGroup("甲组", members=("乙组", "丙组")),
            UnitGroup("乙组", members=("丙组",)),
            UnitGroup("丙组", members=("县审计局",)),
        ),
    )
    assert [u.name for u in directory.expand("甲组")] == ["县审计局"]


# ---------------------------------------------------------------------------------------------
# JSON Lines records


def test_deep_jsonl_row_is_a_rejected_row_and_accounted(tmp_path: Path) -> None:
    row = {"留言编号": "M1", "承办单位": "县财政局", "留言时间": "2023-09-27 09:00"}
    for first in (True, False):  # the first line is also where the kind is sniffed
        path = tmp_path / f"message{int(first)}.jsonl"
        lines = [DEEP_JSON, json.dumps(row, ensure_ascii=False)]
        path.write_text("\n".join(lines if first else lines[::-1]) + "\n", "utf-8")
        result = cli(
            "check", "--records", f"message={path}", "--as-of", "2023-10-31", "--format", "json"
        )
        assert result.exit_code == 1, result.output
        doc = json.loads(result.stdout)
        (rej,) = doc["rejected"]
        assert TOO_DEEP in rej["reason"]
        assert rej["line"] == (1 if first else 2)
        assert (doc["files"][0]["read"], doc["files"][0]["rejected"]) == (2, 1)
