"""`govflow check` and `govflow report` warn, in Chinese on stderr, when they would otherwise
check nothing silently: a records file no loaded rule reads, a plan area no loaded plugin
declares.  ``--strict`` makes those errors (exit 2); ``--format json`` lists them.

Most tests load only govflow's built-ins (``GOVFLOW_LOAD_PLUGINS=""``), as a core installed
without area plugins would; one loads every installed plugin to show the hint naming the plugin
that reads a kind and the quiet case.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.compliance.check import CheckWarning, coverage_warnings
from govflow.compliance.records import BUILTIN_KINDS
from govflow.compliance.rules import Rule
from plans import CESHI_UNITS, ceshi_plan

PLAN = """\
id = "small-2023"
title = "测试县2023年政务公开工作方案"
number = "测府办字〔2023〕1号"
issued = 2023-06-18
year = 2023
issuer = "测试县人民政府办公室"
units = "{units}"

[[tasks]]
number = 1
section = "二"
title = "回应关切"
text = "依申请公开答复不超过20个工作日。"
responsible = ["县财政局"]
area = "{area}"
"""

# a reply due on 2023-10-07 (20 working days from 09-01), given on 10-20: late
LEDGER = [
    ["申请编号", "受理单位", "收到日期", "答复日期"],
    ["YSQ-1", "县财政局", "2023-09-01", "2023-10-20"],
]


@pytest.fixture
def builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    yield
    plugins.reset()


@pytest.fixture
def all_plugins(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    yield
    plugins.reset()


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def files(tmp_path: Path, area: str = "response") -> tuple[Path, Path]:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN.format(area=area, units=CESHI_UNITS.as_posix()), "utf-8")
    return plan, write(tmp_path / "apps.csv", LEDGER)


def check(plan: Path, ledger: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        [
            "check",
            "--plan",
            str(plan),
            "--records",
            f"application={ledger}",
            "--as-of",
            "2023-10-31",
            *args,
        ],
    )


def report(plan: Path, ledger: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["report", "--plan", str(plan), "--month", "2023-10", "--records", str(ledger), *args],
    )


@pytest.mark.usefixtures("builtins_only")
def test_check_warns_about_an_unread_ledger_and_an_area_without_plugin(tmp_path: Path) -> None:
    plan, ledger = files(tmp_path)
    result = check(plan, ledger)
    assert result.exit_code == 0, result.output  # nothing was checked: no violation to report
    assert "规则 0 条" in result.stdout
    lines = result.stderr.splitlines()
    unread = [x for x in lines if str(ledger) in x]
    assert len(unread) == 1
    assert unread[0].startswith("警告：记录文件 ")
    assert "依申请公开记录（application）" in unread[0]
    assert "此文件未被检查" in unread[0]
    assert "领域 response 没有加载插件" in unread[0]  # who would read it
    assert "警告：方案 small-2023 的领域 response 没有已加载的插件声明" in result.stderr


@pytest.mark.usefixtures("builtins_only")
def test_check_strict_turns_the_warnings_into_errors(tmp_path: Path) -> None:
    plan, ledger = files(tmp_path)
    out = tmp_path / "out.txt"
    result = check(plan, ledger, "--strict", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "错误：记录文件 " in result.stderr
    assert "警告：" not in result.stderr
    assert "--strict" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


@pytest.mark.usefixtures("builtins_only")
def test_check_json_lists_the_warnings_and_keeps_its_keys(tmp_path: Path) -> None:
    plan, ledger = files(tmp_path)
    result = check(plan, ledger, "--format", "json")
    doc = json.loads(result.stdout)
    for key in ("plan", "as_of", "from", "summary", "files", "rejected", "rules", "findings"):
        assert key in doc
    assert [(w["code"], w["kind"], w["area"]) for w in doc["warnings"]] == [
        ("unread-records", "application", None),
        ("area-without-plugin", None, "response"),
    ]
    assert doc["warnings"][0]["file"] == str(ledger)
    assert doc["warnings"][0]["message"] in result.stderr


@pytest.mark.usefixtures("builtins_only")
def test_report_warns_and_strict_fails(tmp_path: Path) -> None:
    plan, ledger = files(tmp_path)
    lenient = report(plan, ledger)
    assert lenient.exit_code == 0, lenient.output
    assert lenient.stdout.startswith("# 2023年10月政务公开工作通报")
    assert "警告：记录文件 " in lenient.stderr
    assert "警告：方案 small-2023 的领域 response" in lenient.stderr
    strict = report(plan, ledger, "--strict")
    assert strict.exit_code == 2, strict.output
    assert strict.stdout == ""
    assert "错误：记录文件 " in strict.stderr


@pytest.mark.usefixtures("all_plugins")
def test_hint_names_the_plugin_that_reads_the_kind(tmp_path: Path) -> None:
    # a plan whose only area is not response: the response plugin is loaded but not bound
    plan, ledger = files(tmp_path, area="newmedia")
    result = check(plan, ledger)
    assert "警告：记录文件 " in result.stderr
    assert "读取这类记录的是插件 response 的领域 response" in result.stderr
    assert "没有已加载的插件声明" not in result.stderr  # newmedia is declared


@pytest.mark.usefixtures("all_plugins")
def test_no_warning_when_a_plugin_reads_the_ledger(tmp_path: Path) -> None:
    plan, ledger = files(tmp_path)
    result = check(plan, ledger, "--strict", "--format", "json")
    assert "警告" not in result.stderr
    assert "错误" not in result.stderr
    doc = json.loads(result.stdout)
    assert doc["warnings"] == []
    assert doc["summary"]["violated"] >= 1  # the late reply is found now
    assert result.exit_code == 1


def test_coverage_warnings_unit() -> None:
    plan = ceshi_plan()

    class Reader(Rule):
        id = "t.reader"
        consumes = frozenset({"message"})

    got = coverage_warnings(
        plan,
        [("a.csv", "message"), ("b.csv", "post")],
        [Reader()],
        kinds=BUILTIN_KINDS,
        areas=set(plan.areas) - {plan.areas[0]},
        hints={"post": "由某插件读取"},
    )
    assert [w.code for w in got] == ["unread-records", "area-without-plugin"]
    assert got[0] == CheckWarning(
        "unread-records",
        "记录文件 b.csv 是发布信息记录（post），但已加载的规则都不读取这类记录，"
        "此文件未被检查；由某插件读取",
        file="b.csv",
        kind="post",
    )
    assert got[1].area == plan.areas[0]
    # without the declared areas there is no area warning
    assert coverage_warnings(plan, [], [], kinds=BUILTIN_KINDS) == []
