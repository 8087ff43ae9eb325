"""The Yudu plan's rules and a unit outside their scope (issue 9): 县税务局's messages are in the
directory but no loaded rule answers for them, so they are not applicable, not "evaluated" with
no finding, in ``govflow check`` and in the monthly bulletin's data sources."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from govflow.calendar.workcalendar import default_calendar, set_default_calendar
from govflow.cli import main


@pytest.fixture(autouse=True)
def _restore_default_calendar() -> Iterator[None]:
    saved = default_calendar()
    yield
    set_default_calendar(saved)


@pytest.fixture
def messages(tmp_path: Path) -> Path:
    path = tmp_path / "网民留言.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(
            [
                ["留言编号", "承办单位", "留言时间", "答复时间"],
                ["M1", "县税务局", "2023-09-05 09:00", "2023-09-06 10:00"],
                ["M2", "县税务局", "2023-09-07 09:00", ""],
                ["M3", "县财政局", "2023-09-05 09:00", "2023-09-06 10:00"],
            ]
        )
    return path


def test_check_counts_a_stationed_units_messages_as_not_applicable(messages: Path) -> None:
    result = CliRunner().invoke(
        main, ["check", "--records", str(messages), "--as-of", "2023-09-30"]
    )
    assert result.exit_code == 0, result.output
    assert "读取 3 行 = 评估 1 行 + 不适用 2 行 + 拒收 0 行" in result.stdout
    assert "不适用：县税务局 2 行" in result.stdout
    # M2, unanswered for weeks, has no finding: no rule binds 县税务局
    assert "M2" not in result.stdout


def test_the_bulletin_lists_rows_not_applicable(messages: Path) -> None:
    result = CliRunner().invoke(main, ["report", "--month", "2023-09", "--records", str(messages)])
    assert result.exit_code == 0, result.output
    assert "| 文件 | 类别 | 读取 | 评估 | 不适用 | 拒收 |" in result.stdout
    assert "网民留言.csv | message | 3 | 1 | 2 | 0 |" in result.stdout
