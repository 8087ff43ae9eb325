"""The plan commands: ``govflow agenda``, ``tasks``, ``units`` and ``plugins``; output and exit codes.

The registry is rebuilt with the built-ins only (``GOVFLOW_LOAD_PLUGINS=""``) plus a test-local
plugin shipping the invented plan ``ceshi-2023`` (tests/data), the one plan installed and so the
default: the area plugins installed in the workspace would add their obligations and change the
counts.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner, Result
from icalendar import Calendar

from govflow.calendar.workcalendar import WorkCalendar
from govflow.plugins.manager import registry, reset
from govflow.report.agenda import build_agenda
from plans import CESHI_PLAN, CESHI_UNITS, CeshiPlugin, ceshi_plan

PLAN = ceshi_plan()


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    registry().pm.register(CeshiPlugin(), name="ceshi")
    yield
    reset()


def _no_plan_plugin() -> None:
    registry().pm.unregister(name="ceshi")


def run(*args: str) -> Result:
    from govflow.cli import main

    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result


# -- agenda ---------------------------------------------------------------------------------------


def test_agenda_default(cal: WorkCalendar) -> None:
    out = ok("agenda").stdout
    lines = out.splitlines()
    assert lines[0] == f"{PLAN.title}（{PLAN.number}）工作日程"
    expected = len(build_agenda(PLAN, cal).items)
    assert f"期间：2023-06-18 至 2023-12-31；共 {expected} 项" in lines[1]
    assert "2023-06-19  星期一" in out
    assert "2023-12-29  星期五" in out  # the December bulletin, moved off Sunday 12-31
    assert "由事件触发的期限" in out


def test_agenda_json(cal: WorkCalendar) -> None:
    doc = json.loads(ok("agenda", "--format", "json").stdout)
    assert doc["count"] == len(doc["items"]) == len(build_agenda(PLAN, cal).items)
    assert doc["plan"]["id"] == "ceshi-2023"
    assert doc["status"] == "official"
    dates = [i["date"] for i in doc["items"]]
    assert dates == sorted(dates)
    assert dates[0].startswith("2023-")


def test_agenda_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(ok("agenda", "--format", "csv").stdout)))
    doc = json.loads(ok("agenda", "--format", "json").stdout)
    assert len(rows) == doc["count"]
    assert [r["obligation"] for r in rows] == [i["obligation"] for i in doc["items"]]


def test_agenda_ics(tmp_path: Path) -> None:
    args = ("agenda", "--unit", "县大数据中心", "--from", "2023-09-01", "--to", "2023-10-31")
    doc = json.loads(ok(*args, "--format", "json").stdout)
    data = ok(*args, "--format", "ics").stdout_bytes
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == doc["count"] > 0
    assert [ev.decoded("DTSTART").isoformat() for ev in events] == [i["date"] for i in doc["items"]]
    assert all("县大数据中心" in str(ev["SUMMARY"]) for ev in events)
    target = tmp_path / "agenda.ics"
    assert ok(*args, "--format", "ics", "-o", str(target)).stdout == ""
    assert target.read_bytes() == data


def test_agenda_unit_alias() -> None:
    result = ok("agenda", "--unit", "县市场监管局")
    assert "单位：县市场监管局" in result.stdout.splitlines()[1]
    doc = json.loads(ok("agenda", "--unit", "县市场监管局", "--format", "json").stdout)
    assert doc["count"] > 0
    assert {i["unit"] for i in doc["items"]} == {"县市场监督管理局"}


def test_agenda_unknown_unit_exits_2_with_suggestions() -> None:
    result = run("agenda", "--unit", "不存在局")
    assert result.exit_code == 2
    assert "不存在局" in result.stderr
    assert "最接近的单位" in result.stderr
    close = run("agenda", "--unit", "县市场监管总局")
    assert close.exit_code == 2
    assert "县市场监督管理局" in close.stderr


def test_agenda_missing_plan_file_exits_2() -> None:
    result = run("agenda", "--plan", "missing.toml")
    assert result.exit_code == 2
    assert "missing.toml" in result.stderr
    assert "ceshi-2023" in result.stderr  # the plans it knows


def test_agenda_plan_with_a_bad_unit_exits_2_naming_the_key(tmp_path: Path) -> None:
    data = _ceshi_data()
    data["tasks"][6]["lead"][2] = "县市场监管总局"
    path = tmp_path / "bad.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    result = run("agenda", "--plan", str(path))
    assert result.exit_code == 2
    assert str(path) in result.stderr
    assert "tasks[6].lead[2]" in result.stderr
    assert "县市场监督管理局" in result.stderr


def test_agenda_plan_file_by_path(tmp_path: Path) -> None:
    data = _ceshi_data()
    data["title"] = "测试县2023年政务公开工作方案（副本）"
    path = tmp_path / "copy.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    assert "（副本）" in ok("agenda", "--plan", str(path)).stdout.splitlines()[0]


def test_agenda_year_without_a_calendar_exits_3_unless_provisional() -> None:
    result = run("agenda", "--year", "2027")
    assert result.exit_code == 3
    assert "2027" in result.stderr
    provisional = ok("agenda", "--year", "2027", "--provisional")
    assert "期间：2027-01-01 至 2027-12-31" in provisional.stdout
    assert "（含临时日期）" in provisional.stdout
    doc = json.loads(ok("agenda", "--year", "2027", "--provisional", "--format", "json").stdout)
    assert doc["status"] == "provisional"


def test_agenda_year_and_window() -> None:
    doc = json.loads(ok("agenda", "--year", "2024", "--format", "json").stdout)
    assert (doc["from"], doc["to"]) == ("2024-01-01", "2024-12-31")
    doc = json.loads(
        ok("agenda", "--from", "2023-10-01", "--to", "2024-02-29", "--format", "json").stdout
    )
    assert {i["date"] for i in doc["items"] if i["obligation"] == "三(四).annual-report"} == {
        "2024-01-31"
    }
    assert run("agenda", "--from", "2023-13-01").exit_code == 2
    assert run("agenda", "--from", "2023-10-01", "--to", "2023-09-01").exit_code == 2
    assert run("agenda", "--year", "99").exit_code == 2


def test_agenda_area() -> None:
    doc = json.loads(ok("agenda", "--area", "platforms", "--format", "json").stdout)
    assert {i["area"] for i in doc["items"]} == {"platforms"}
    result = run("agenda", "--area", "no-such-area")
    assert result.exit_code == 2
    assert "platforms" in result.stderr  # the areas it knows


# -- tasks, units, plugins ------------------------------------------------------------------------


def test_tasks() -> None:
    out = ok("tasks").stdout
    assert out.splitlines()[0] == f"{PLAN.title}（{PLAN.number}，2023-06-18）"
    for task in PLAN.tasks:
        assert f"  {task.number}. {task.title}  [{task.area}]" in out
        if task.lead:
            assert f"牵头单位：{'、'.join(task.lead)}" in out
        assert f"责任单位：{'、'.join(task.responsible)}" in out
    assert "三 保障措施" in out
    assert "(一)强化组织领导" in out


def test_tasks_json() -> None:
    doc = json.loads(ok("tasks", "--json").stdout)
    assert [t["number"] for t in doc] == [
        6,
        8,
        9,
        10,
        11,
        15,
        18,
        19,
        "三(一)",
        "三(二)",
        "三(三)",
        "三(四)",
    ]
    by_number = {t["number"]: t for t in doc}
    assert by_number[18]["lead"] == ["县政府办", "县大数据中心", "县融媒体中心"]
    assert [o["id"] for o in by_number[10]["obligations"]] == [
        "10.weekly-updates",
        "10.monthly-total",
        "10.monthly-original",
    ]
    assert by_number["三(一)"]["obligations"][0]["kind"] == "quota"
    area = json.loads(ok("tasks", "--json", "--area", "answers").stdout)
    assert [t["number"] for t in area] == [18, 19]


def test_units() -> None:
    out = ok("units").stdout
    lines = out.splitlines()
    assert lines[0] == "测试县单位名录（12 个单位，4 个单位组）"
    assert "  各乡(镇)人民政府：3 个单位" in out
    assert "  县政府各部门：7 个单位" in out
    assert "  县政府有关部门：7 个单位" in out
    assert "  县直(驻县)有关单位：2 个单位" in out
    unit_lines = lines[lines.index("单位：") + 1 :]
    assert len(unit_lines) == 12
    assert unit_lines[0].startswith("  县政府办（")
    assert any(
        line.startswith("  县市场监督管理局（") and "又称 县市场监管局" in line
        for line in unit_lines
    )
    doc = json.loads(ok("units", "--json").stdout)
    assert len(doc["units"]) == 12
    assert {g["name"]: len(g["expands_to"]) for g in doc["groups"]} == {
        "各乡(镇)人民政府": 3,
        "县政府各部门": 7,
        "县政府有关部门": 7,
        "县直(驻县)有关单位": 2,
    }
    media = next(u for u in doc["units"] if u["name"] == "县融媒体中心")
    assert media["groups"] == ["县直(驻县)有关单位"]


def test_plugins() -> None:
    _no_plan_plugin()
    out = ok("plugins").stdout
    assert out.splitlines()[0] == "已加载 1 个插件："
    assert "govflow.builtin（govflow " in out
    assert "钩子：govflow_case_kinds, govflow_holiday_notices" in out
    assert "领域：" not in out  # the core declares no area
    doc = json.loads(ok("plugins", "--json").stdout)
    assert [p["name"] for p in doc] == ["govflow.builtin"]
    assert doc[0]["builtin"] is True
    assert doc[0]["hooks"] == ["govflow_case_kinds", "govflow_holiday_notices"]
    assert doc[0]["areas"] == []


def test_agenda_without_a_plan_plugin_says_what_is_missing() -> None:
    _no_plan_plugin()
    for command in ("agenda", "tasks", "units"):
        result = run(command)
        assert result.exit_code == 2, result.output
        assert "没有指定方案，也没有已安装的插件提供方案" in result.stderr
        assert "--plan" in result.stderr
        assert "Traceback" not in result.output
    # a plan file by path needs no plugin
    assert ok("agenda", "--plan", str(CESHI_PLAN)).stdout.startswith(PLAN.title)


def test_window_default_year_is_the_plans(cal: WorkCalendar) -> None:
    doc = json.loads(ok("agenda", "--format", "json").stdout)
    assert doc["from"] == PLAN.issued.isoformat()
    assert doc["to"] == date(PLAN.year, 12, 31).isoformat()


def _ceshi_data() -> dict[str, Any]:
    """The invented plan's data, its unit directory an absolute path (to be written anywhere)."""
    data = tomllib.loads(CESHI_PLAN.read_text("utf-8"))
    data["units"] = str(CESHI_UNITS)
    return data


def test_tasks_and_check_follow_the_plan_files_areas_table(tmp_path: Path) -> None:
    """A plan file's ``[areas]`` maps an area to tasks: ``tasks --area`` lists them and
    ``check --area`` applies their obligations' rules, as ``agenda --area`` does."""
    data = tomllib.loads(CESHI_PLAN.read_text("utf-8"))
    data["units"] = CESHI_UNITS.as_posix()
    data["areas"] = {"hotline": {"tasks": [18]}}  # task 18 is of the area answers
    plan = tmp_path / "plan.toml"
    plan.write_text(tomli_w.dumps(data), "utf-8")
    listed = ok("tasks", "--plan", str(plan), "--area", "hotline", "--json")
    doc = json.loads(listed.stdout)
    assert [t["number"] for t in doc] == [18]
    assert doc[0]["areas"] == ["answers", "hotline"]
    text = ok("tasks", "--plan", str(plan), "--area", "hotline").stdout
    assert "[answers、hotline]" in text
    messages = tmp_path / "messages.csv"
    messages.write_text(
        "留言编号,承办单位,留言时间,答复时间\nLY-1,县政府办,2023-09-01 09:00,2023-09-20 09:00\n",
        "utf-8",
    )
    result = run(
        "check",
        "--plan",
        str(plan),
        "--records",
        str(messages),
        "--area",
        "hotline",
        "--as-of",
        "2023-10-31",
        "--format",
        "json",
    )
    assert result.exit_code in (0, 1), result.output
    rules = {f["rule"] for f in json.loads(result.stdout)["findings"]}
    assert "18.message-reply" in rules  # the mapped task's own obligation is checked
