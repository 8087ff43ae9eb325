"""The command line contract: `govflow due` and `govflow calendar`, output and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govflow.calendar.workcalendar import default_calendar, set_default_calendar
from govflow.cli import main
from notice_support import NOTICE_2027_TOML, REST_OF_2027, SPRING_AND_NATIONAL_2027


@pytest.fixture(autouse=True)
def _restore_default_calendar() -> Iterator[None]:
    """`--notice` replaces the process-wide calendar; undo it after each test."""
    saved = default_calendar()
    yield
    set_default_calendar(saved)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def error_of(result: Result) -> str:
    """The error message on stderr, without its 「错误：用法有误：」 lead."""
    _, sep, message = result.stderr.partition("错误：用法有误：")
    return message if sep else result.stderr


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def notice_file(tmp_path: Path) -> Path:
    path = tmp_path / "2027.toml"
    path.write_text(NOTICE_2027_TOML, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# due


def test_due_prints_date_and_chinese_explanation() -> None:
    result = run("due", "2025-09-26", "20个工作日")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("到期日：2025-10-30（星期四）（依据正式通知）")
    for fragment in (
        "起算日：2025-09-26",
        "国庆节",
        "调休上班日",
        "2025-09-28",
        "2025-10-11",
        "民法典》第二百零一条",
        "国办发明电〔2024〕12号",
    ):
        assert fragment in out


def test_due_json() -> None:
    data = run_json("due", "2025-09-26", "20个工作日")
    assert data["start"] == "2025-09-26"
    assert data["period"] == "20个工作日"
    assert data["due"] == "2025-10-30"
    assert data["status"] == "official"
    assert isinstance(data["trace"], list)
    assert data["trace"]
    assert isinstance(data["sources"], list)
    assert data["sources"]
    assert all({"step", "text"} <= set(step) for step in data["trace"])


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        ("2025-09-26", "20wd", "2025-10-30"),
        ("2025-09-26", "7个工作日", "2025-10-13"),
        ("2025-09-12", "15d", "2025-09-28"),  # a 调休上班 Sunday: a working day
        ("2025-09-12", "20日", "2025-10-09"),
        ("2023-01-31", "1个月", "2023-02-28"),
        ("2023-06-15", "2m", "2023-08-15"),
        ("2023-06-18", "月底前", "2023-06-30"),
        ("2023-06-18", "年底前", "2023-12-31"),
        ("2023-06-18", "次年1月31日前", "2024-01-31"),
        ("2023-06-18", "不超过5个工作日", "2023-06-26"),
    ],
)
def test_due_period_forms(start: str, period: str, due: str) -> None:
    assert run_json("due", start, period)["due"] == due


def test_due_hours() -> None:
    data = run_json("due", "2023-05-01T09:30", "24小时")
    assert data["due"] == "2023-05-02T09:30:00+08:00"


def test_due_hours_need_a_time() -> None:
    result = run("due", "2023-05-01", "24小时")
    assert result.exit_code == 2
    assert error_of(result).startswith("START：")
    assert "2023-05-01T09:30" in error_of(result)


@pytest.mark.parametrize("start", ["2025-13-01", "2025/09/26", "20250926", "tomorrow", "2025-9-26"])
def test_due_bad_start(start: str) -> None:
    result = run("due", start, "20个工作日")
    assert result.exit_code == 2
    assert error_of(result).startswith(f"START：{start!r}")
    assert "YYYY-MM-DD" in error_of(result)
    assert result.stdout == ""


@pytest.mark.parametrize("period", ["20个星期", "abc", "13月底前", "2月30日前", "0个工作日"])
def test_due_bad_period(period: str) -> None:
    result = run("due", "2025-09-26", period)
    assert result.exit_code == 2
    assert "PERIOD" in error_of(result)
    assert period in error_of(result)


def test_due_bad_period_lists_accepted_forms() -> None:
    result = run("due", "2025-09-26", "20个星期")
    assert result.exit_code == 2
    for form in ("20个工作日", "20wd", "15日", "15d", "2个月", "2m", "月底前", "年底前"):
        assert form in result.stderr


def test_due_into_unpublished_year_exits_3() -> None:
    result = run("due", "2026-12-15", "20个工作日")
    assert result.exit_code == 3
    assert "2027" in result.stderr
    assert "--provisional" in result.stderr
    assert result.stdout == ""


def test_due_provisional() -> None:
    data = run_json("due", "2026-12-15", "20个工作日", "--provisional")
    assert data["status"] == "provisional"
    assert 2027 in data["provisional_years"]
    assert data["due"] == "2027-01-13"
    text = run("due", "2026-12-15", "20个工作日", "--provisional")
    assert text.exit_code == 0
    assert "临时结果" in text.stdout


def test_due_pause() -> None:
    data = run_json("due", "2025-03-03", "20个工作日", "--pause", "2025-03-10..2025-03-20")
    assert data["due"] == "2025-04-11"
    assert "pause" in [s["step"] for s in data["trace"]]


def test_due_two_pauses() -> None:
    one = run_json("due", "2025-03-03", "20个工作日", "--pause", "2025-03-05..2025-03-12")
    two = run_json(
        "due",
        "2025-03-03",
        "20个工作日",
        "--pause",
        "2025-03-05..2025-03-12",
        "--pause",
        "2025-03-14..2025-03-21",
    )
    assert two["due"] > one["due"]


@pytest.mark.parametrize(
    ("value", "what"),
    [
        ("2025-03-10", "起..止"),
        ("2025-03-10..2025-13-01", "--pause TO"),
        ("x..2025-03-20", "--pause FROM"),
        ("2025-03-20..2025-03-10", "早于开始日"),
    ],
)
def test_due_bad_pause(value: str, what: str) -> None:
    result = run("due", "2025-03-03", "20个工作日", "--pause", value)
    assert result.exit_code == 2
    assert what in result.stderr


def test_due_restart() -> None:
    data = run_json("due", "2025-03-03", "20个工作日", "--restart", "2025-03-20")
    assert data["due"] == "2025-04-18"
    assert "restart" in [s["step"] for s in data["trace"]]


def test_due_bad_restart() -> None:
    before = run("due", "2025-03-03", "20个工作日", "--restart", "2025-03-01")
    assert before.exit_code == 2
    assert "早于起算日" in before.stderr
    malformed = run("due", "2025-03-03", "20个工作日", "--restart", "soon")
    assert malformed.exit_code == 2
    assert "--restart" in malformed.stderr


def test_due_extend() -> None:
    assert run_json("due", "2025-03-03", "20个工作日", "--extend", "20")["due"] == "2025-04-28"
    assert run_json("due", "2025-09-26", "20个工作日", "--extend", "20")["due"] == "2025-11-27"


@pytest.mark.parametrize("value", ["0", "-3"])
def test_due_bad_extend(value: str) -> None:
    result = run("due", "2025-03-03", "20个工作日", "--extend", value)
    assert result.exit_code == 2
    assert "--extend" in result.stderr


def test_due_events_on_anchor_rejected() -> None:
    result = run("due", "2023-06-18", "年底前", "--extend", "5")
    assert result.exit_code == 2
    assert "计时事件" in result.stderr


def test_due_holiday_only() -> None:
    assert run_json("due", "2026-01-18", "20日")["due"] == "2026-02-09"
    assert run_json("due", "2026-01-18", "20日", "--holiday-only")["due"] == "2026-02-07"


# ---------------------------------------------------------------------------------------------
# calendar


def test_calendar_month_grid() -> None:
    result = run("calendar", "2026", "--month", "2")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "2026年2月" in out
    assert "国办发明电〔2025〕7号" in out
    assert "14班" in out
    assert "28班" in out
    for day in range(15, 24):
        assert f"{day}休" in out  # the nine-day Spring Festival break
    assert "24休" not in out
    assert "2月15日至2月23日：春节，放假9天" in out
    assert "班 2月14日（星期六）：春节调休上班" in out
    assert "2026年1月" not in out  # only the month asked for


def test_calendar_whole_year_text() -> None:
    result = run("calendar", "2025")
    assert result.exit_code == 0
    for month in range(1, 13):
        assert f"2025年{month}月" in result.stdout
    assert "国庆节" in result.stdout


def test_calendar_json_2026() -> None:
    days = run_json("calendar", "2026")
    assert isinstance(days, list)
    assert len(days) == 365
    assert [d["date"] for d in days][:2] == ["2026-01-01", "2026-01-02"]
    assert days[-1]["date"] == "2026-12-31"
    for d in days:
        assert {"date", "workday", "kind", "name"} <= set(d)
    by_date = {d["date"]: d for d in days}
    assert by_date["2026-02-17"]["kind"] == "holiday"
    assert by_date["2026-02-17"]["workday"] is False
    assert by_date["2026-02-14"]["kind"] == "makeup_workday"
    assert by_date["2026-02-14"]["workday"] is True
    assert by_date["2026-03-02"]["kind"] == "workday"
    assert by_date["2026-03-02"]["workday"] is True
    # 29-31 December depend on the unpublished 2027 notice (a notice can reach back to 29 Dec)
    undecided = [d["date"] for d in days if d["workday"] is None]
    assert undecided == ["2026-12-29", "2026-12-30", "2026-12-31"]
    # 248 working days in 2026 (brief §7), three of them (Tue-Thu) still undecided
    assert sum(1 for d in days if d["workday"] is True) == 248 - 3


def test_calendar_json_2024_makeup_sunday() -> None:
    days = run_json("calendar", "2024")
    assert len(days) == 366
    (d,) = [d for d in days if d["date"] == "2024-02-18"]
    assert d["kind"] == "makeup_workday"
    assert d["workday"] is True
    assert d["name"] == "春节"


def test_calendar_json_month() -> None:
    days = run_json("calendar", "2024", "--month", "2")
    assert len(days) == 29


def test_calendar_unpublished_year_exits_3() -> None:
    result = run("calendar", "2027")
    assert result.exit_code == 3
    assert "2027" in result.stderr


def test_calendar_provisional() -> None:
    result = run("calendar", "2027", "--provisional")
    assert result.exit_code == 0, result.output
    assert "临时" in result.stdout
    days = run_json("calendar", "2027", "--provisional")
    assert len(days) == 365
    assert {d["status"] for d in days} <= {"provisional", "unknown"}


@pytest.mark.parametrize("args", [["calendar", "2026", "--month", "13"], ["calendar", "x"]])
def test_calendar_bad_input(args: list[str]) -> None:
    assert run(*args).exit_code == 2


# ---------------------------------------------------------------------------------------------
# --notice


def test_notice_file_publishes_2027(notice_file: Path) -> None:
    result = run("--notice", str(notice_file), "calendar", "2027")
    assert result.exit_code == 0, result.output
    assert "国办发明电〔2026〕99号" in result.stdout
    data = run_json("--notice", str(notice_file), "due", "2026-12-15", "20个工作日")
    assert data["status"] == "official"
    assert data["due"] == "2027-01-13"
    assert "国办发明电〔2026〕99号" in [n["number"] for n in data["notices"]]


def test_notice_file_json(tmp_path: Path) -> None:
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps(
            {
                "year": 2027,
                "number": "国办发明电〔2026〕99号",
                "date": "2026-11-10",
                "address": "https://www.gov.cn/zhengce/content/test-2027.htm",
                "breaks": [
                    {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"},
                    *SPRING_AND_NATIONAL_2027,
                    *REST_OF_2027,
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert run("--notice", str(path), "calendar", "2027", "--month", "1").exit_code == 0


@pytest.mark.parametrize(
    ("content", "suffix"),
    [
        ("year = 2027\nnumber = ", ".toml"),  # not TOML
        (NOTICE_2027_TOML.replace("workdays = []", "workdays = [2027-01-01]"), ".toml"),
        (NOTICE_2027_TOML.replace("workdays = []", "workdays = [2027-01-06]"), ".toml"),
        (NOTICE_2027_TOML.replace("from = 2027-01-01", "from = 2025-01-01"), ".toml"),
        (NOTICE_2027_TOML, ".txt"),
    ],
)
def test_malformed_notice_file(tmp_path: Path, content: str, suffix: str) -> None:
    path = tmp_path / f"bad-notice{suffix}"
    path.write_text(content, encoding="utf-8")
    result = run("--notice", str(path), "calendar", "2027")
    assert result.exit_code == 2
    assert "bad-notice" in result.stderr


def test_missing_notice_file(tmp_path: Path) -> None:
    result = run("--notice", str(tmp_path / "nowhere.toml"), "calendar", "2026")
    assert result.exit_code == 2
    assert "nowhere.toml" in result.stderr


# ---------------------------------------------------------------------------------------------
# Processes


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1"}


def test_console_entry_in_a_process() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from govflow.cli import main; main()",
            "due",
            "2025-09-26",
            "20个工作日",
            "--json",
        ],
        capture_output=True,
        encoding="utf-8",
        env=_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["due"] == "2025-10-30"


def test_import_govflow_is_light() -> None:
    code = (
        "import sys, govflow\n"
        "heavy = ['holidays', 'click', 'attr', 'attrs', 'dateutil', 'govflow.calendar.workcalendar']\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        encoding="utf-8",
        env=_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""
