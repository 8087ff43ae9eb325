"""二、(六)19「各部门收到依申请公开后应当主动向县政府办报备」 is read from an application's 报备日期.

Most offices' 依申请公开台账 keep no such column (the example ledger of the docs has 收到申请日期,
补正, 答复日期 and 备注): such a ledger says nothing about whether the cases were reported, so
``19.application-filing`` is not judged from it and the check says so, naming the ledger and the
column, instead of one 报备 violation per application.  The statutory reply rule still judges it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from yudu_files import REPO

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from govflow.cli import main

LEDGER = REPO / "docs" / "examples" / "依申请公开台账.xlsx"
ARGS = ["--plan", "yudu-2023", "--area", "response", "--from", "2023-09-01"]
ARGS += ["--as-of", "2023-10-26"]


@pytest.fixture
def cli() -> Iterator[CliRunner]:
    """A runner; the command sets the process's default calendar, put back afterwards."""
    saved: WorkCalendar = default_calendar()
    try:
        yield CliRunner()
    finally:
        set_default_calendar(saved)


def test_the_example_ledger_is_not_judged_for_filing(cli: CliRunner) -> None:
    run = cli.invoke(main, ["check", "--records", str(LEDGER), *ARGS, "--format", "json"])
    assert run.exit_code == 1, run.output  # its late 补正 is still a violation
    doc = json.loads(run.stdout)
    rules = {f["rule"] for f in doc["findings"]}
    assert "19.application-filing" not in rules  # before: 3 violations「尚未完成」
    assert "response.application-reply" in rules  # the reply is judged as ever
    sheet = f"{LEDGER}[2023年]"
    assert doc["unjudged_rules"] == [
        {
            "id": "19.application-filing",
            "title": "收到依申请公开后向县政府办报备（方案未定时限，以答复期限20个工作日为限）",
            "file": sheet,
            "kind": "application",
            "fields": ["filed"],
            "columns": ["报备日期"],
            "reason": f"{sheet}：依申请公开台账没有“报备日期”列，无法判断是否完成，未据此文件评估",
        }
    ]
    text = cli.invoke(main, ["check", "--records", str(LEDGER), *ARGS]).stdout
    assert "未评估的规则（记录缺少所需的列）：1 条——" in text
    assert "依申请公开台账没有“报备日期”列" in text
    assert "以答复期限20个工作日为限），期限" not in text  # no 报备 finding line
