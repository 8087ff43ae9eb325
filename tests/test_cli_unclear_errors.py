"""Errors that used to pass silently: a typo in ``GOVFLOW_LOAD_PLUGINS``, ``--from`` after
``--as-of``, an RRULE that never occurs in the plan's year."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.plan.planfile import PlanError
from plans import CESHI_PLAN, CESHI_UNITS, plan_from_dict


@pytest.fixture
def fresh_registry(restore_default_calendar: WorkCalendar) -> Iterator[None]:
    plugins.reset()
    yield
    plugins.reset()


@pytest.mark.usefixtures("fresh_registry")
def test_an_unknown_name_in_govflow_load_plugins_is_bad_input(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "yudu,finanse")
    result = CliRunner().invoke(main, ["agenda", "--plan", str(CESHI_PLAN)])
    assert result.exit_code == 2, result.output
    assert "GOVFLOW_LOAD_PLUGINS" in result.stderr
    assert "finanse" in result.stderr
    assert "finance" in result.stderr  # the installed plugins are listed
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("fresh_registry")
def test_known_names_in_govflow_load_plugins_still_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", " finance , ")
    result = CliRunner().invoke(main, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "finance" in result.stdout
    assert "yudu" not in result.stdout


def test_check_from_after_as_of_is_bad_input(tmp_path: Path) -> None:
    ledger = tmp_path / "m.csv"
    with ledger.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["留言编号", "承办单位", "留言时间", "答复时间"]])
    args = ["check", "--plan", str(CESHI_PLAN), "--records", str(ledger)]
    result = CliRunner().invoke(main, [*args, "--from", "2023-11-01", "--as-of", "2023-10-31"])
    assert result.exit_code == 2, result.output
    assert "--from 2023-11-01" in result.stderr
    assert "--as-of 2023-10-31" in result.stderr


def recurrence_plan(rrule: str) -> dict[str, Any]:
    task = {
        "number": 1,
        "section": "二(一)",
        "title": "测试",
        "text": "测试。",
        "responsible": ["县财政局"],
        "obligations": [
            {
                "id": "1.weekly",
                "title": "每月一次",
                "clause": "每月",
                "recurrence": {"rrule": rrule},
            }
        ],
    }
    return {
        "id": "rrule",
        "title": "测试方案",
        "number": "测〔2023〕1号",
        "issued": date(2023, 6, 18),
        "year": 2023,
        "issuer": "测试",
        "units": str(CESHI_UNITS),
        "tasks": [task],
    }


@pytest.mark.parametrize(
    ("rrule", "part"),
    [
        ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
        ("FREQ=WEEKLY;BYDAY=MO;BYHOUR=25", "BYHOUR=25"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "BYMONTH=2;BYMONTHDAY=30"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2023"),  # not a leap year
        ("FREQ=DAILY;UNTIL=20221231", "2023"),
    ],
)
def test_an_rrule_without_occurrence_in_the_year_is_refused(rrule: str, part: str) -> None:
    with pytest.raises(PlanError) as info:
        plan_from_dict(recurrence_plan(rrule))
    message = str(info.value)
    assert "1.weekly" in message
    assert part in message
    assert "recurrence.rrule" in message


@pytest.mark.parametrize(
    "rrule",
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "FREQ=WEEKLY;BYDAY=MO", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"],
)
def test_rrules_that_occur_are_kept(rrule: str) -> None:
    plan = plan_from_dict(recurrence_plan(rrule))
    assert [o.id for o in plan.obligations()] == ["1.weekly"]


def test_the_cli_says_it_in_chinese(tmp_path: Path) -> None:
    text = CESHI_PLAN.read_text("utf-8").replace(
        'units = "../units/ceshi.toml"', f"units = {str(CESHI_UNITS)!r}"
    )
    text = text.replace('rrule = "FREQ=WEEKLY;BYDAY=MO"', 'rrule = "FREQ=MONTHLY;BYMONTHDAY=40"', 1)
    assert "BYMONTHDAY=40" in text
    plan = tmp_path / "plan.toml"
    plan.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["agenda", "--plan", str(plan)])
    assert result.exit_code == 2, result.output
    assert "BYMONTHDAY=40" in result.stderr
