"""`govflow check` on the command line: formats, --output, directories and KIND=PATH in
--records, --unit, --strict, and the exit codes 0 (no violation, no rejected row), 1, 2 (bad
usage) and 3 (the plan's schedule needs an unpublished holiday arrangement).

Only govflow's built-ins are loaded (``GOVFLOW_LOAD_PLUGINS=""``), with a test-local plugin
shipping the invented plan ``ceshi-2023`` (the default plan; tests/data).  5 working days from
2023-09-27 end on 2023-10-10, worked out by hand: 09-28, then 10-07 and 10-08 (the make-up
weekend of the 中秋国庆 break 09-29..10-06), 10-09, 10-10.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from plans import CESHI_UNITS, CeshiPlugin

SMALL_PLAN = """\
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
text = "答复期限不超过5个工作日。"
responsible = ["县财政局", "县审计局"]

[[tasks.obligations]]
id = "1.reply"
title = "网民留言答复"
clause = "答复期限不超过5个工作日"
deadline = { period = "5个工作日", trigger = "收到留言" }
evidence = { kind = "message", trigger = "received", done = "replied" }
""".replace("{units}", CESHI_UNITS.as_posix())  # the invented 测试县

MESSAGE = ["留言编号", "承办单位", "留言时间", "答复时间"]
ON_TIME = [
    MESSAGE,
    ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10 17:00"],
    ["M2", "县审计局", "2023-09-28 09:00", "2023-10-08 10:00"],
]
LATE = [*ON_TIME, ["M3", "县审计局", "2023-09-27 09:00", "2023-10-11 09:00"]]


@pytest.fixture(autouse=True)
def _builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    """The command's registry without the installed plugins; the process's default calendar
    (which the command replaces) and registry are put back afterwards."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")  # the default plan: ceshi-2023
    yield
    plugins.reset()


def write(path: Path, rows: Sequence[Sequence[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "small-2023.toml"
    path.write_text(SMALL_PLAN, "utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args])


def small(plan_file: Path, records: Path, *args: str) -> Result:
    return run("--plan", str(plan_file), "--records", str(records), "--as-of", "2023-10-31", *args)


# ---------------------------------------------------------------------------------------------
# Formats and exit codes 0 and 1


def test_exit_0_when_every_finding_is_met(plan_file: Path, tmp_path: Path) -> None:
    records = write(tmp_path / "messages.csv", ON_TIME)
    result = small(plan_file, records)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("测试县2023年政务公开工作方案（测府办字〔2023〕1号）合规检查")
    assert "结果：违规 0 项，临期 0 项，未到期 0 项，达标 2 项；拒收记录 0 行" in out
    assert f"{records}（message，utf-8-sig）：读取 2 行 = 评估 2 行 + 拒收 0 行" in out
    assert "达标（2）" not in out
    assert "达标（2）" in small(plan_file, records, "--all").stdout


def test_exit_1_on_a_violation_in_every_format(plan_file: Path, tmp_path: Path) -> None:
    records = write(tmp_path / "messages.csv", LATE)
    table = small(plan_file, records)
    assert table.exit_code == 1, table.output
    assert "违规（1）：" in table.stdout
    assert "[扣分] 县审计局（M3）：网民留言答复，期限 2023-10-10" in table.stdout
    assert f"记录：{records}:4" in table.stdout

    doc = json.loads(small(plan_file, records, "--format", "json").stdout)
    assert doc["summary"]["violated"] == 1
    assert doc["summary"]["met"] == 2
    assert doc["as_of"] == "2023-10-31"
    assert doc["from"] == "2023-06-18"
    assert doc["files"] == [
        {
            "file": str(records),
            "kind": "message",
            "encoding": "utf-8-sig",
            "read": 3,
            "evaluated": 3,
            "rejected": 0,
            "not_applicable": 0,
            "set_aside": 0,
            "ignored_columns": [],
        }
    ]
    (late,) = [f for f in doc["findings"] if f["status"] == "violated"]
    assert (late["case"], late["unit"], late["due"]) == ("M3", "县审计局", "2023-10-10")
    assert "国庆节" in late["explanation"]
    assert any("2023-10-07（星期六）" in step for step in late["trace"])
    assert late["source"]["document"] == "测府办字〔2023〕1号"

    md = small(plan_file, records, "--format", "md")
    assert md.exit_code == 1
    assert md.stdout.startswith("# 测试县2023年政务公开工作方案 合规检查\n")
    assert "## 违规（1）" in md.stdout
    assert "| 县审计局（M3） | 网民留言答复 | 2023-10-10 |" in md.stdout

    page = small(plan_file, records, "--format", "html")
    assert page.exit_code == 1
    assert page.stdout.startswith("<!doctype html>")
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Tags().feed(page.stdout)
    assert "script" not in tags
    assert tags.count("table") == 2  # the files, the violations


def test_output_file(plan_file: Path, tmp_path: Path) -> None:
    records = write(tmp_path / "messages.csv", LATE)
    out = tmp_path / "check.html"
    result = small(plan_file, records, "--format", "html", "-o", str(out))
    assert result.exit_code == 1  # the exit code does not depend on where the report goes
    assert result.stdout == ""
    page = out.read_text("utf-8")
    assert page.startswith("<!doctype html>")
    assert page.endswith("</html>\n")
    # a file that cannot be written is bad usage, not a traceback
    nowhere = small(plan_file, records, "-o", str(tmp_path / "无此目录" / "check.txt"))
    assert nowhere.exit_code == 2, nowhere.output
    assert "无此目录" in nowhere.stderr
    assert nowhere.exception is None or isinstance(nowhere.exception, SystemExit)


def test_rejected_rows_and_strict(plan_file: Path, tmp_path: Path) -> None:
    records = write(
        tmp_path / "messages.csv",
        [
            *ON_TIME,
            ["M4", "县财政局", "2023-09-31 09:00", ""],
            ["M5", "县财务局", "2023-09-27", ""],
        ],
    )
    lenient = small(plan_file, records)
    assert lenient.exit_code == 1  # every finding met, but rows were rejected
    assert "违规 0 项" in lenient.stdout
    assert "拒收记录 2 行" in lenient.stdout
    assert f"{records}:4：received：" in lenient.stdout
    assert f"{records}:5：unit：单位名录中没有单位 '县财务局'" in lenient.stdout
    assert "读取 4 行 = 评估 2 行 + 拒收 2 行" in lenient.stdout
    strict = small(plan_file, records, "--strict")
    assert strict.exit_code == 1
    assert "严格模式" in strict.stdout
    assert "违规（" not in strict.stdout
    assert "达标 0 项" in strict.stdout
    strict_json = json.loads(small(plan_file, records, "--strict", "--format", "json").stdout)
    assert strict_json["findings"] == []
    assert [(r["line"], r["field"]) for r in strict_json["rejected"]] == [
        (4, "received"),
        (5, "unit"),
    ]


# ---------------------------------------------------------------------------------------------
# --records: directories, KIND=PATH


def test_directories_and_kinds_in_records(plan_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    write(folder / "messages.csv", ON_TIME)
    write(folder / "events.csv", [["单位", "类型", "日期"], ["县财政局", "自查", "2023-10-07"]])
    (folder / "说明.txt").write_text("not a record file", "utf-8")
    doc = json.loads(
        run(
            "--plan",
            str(plan_file),
            "--records",
            str(folder),
            "--as-of",
            "2023-10-31",
            "--format",
            "json",
        ).stdout
    )
    assert [(Path(f["file"]).name, f["kind"], f["read"]) for f in doc["files"]] == [
        ("events.csv", "event", 1),
        ("messages.csv", "message", 2),
    ]
    # a file whose name and headers do not tell its kind: KIND=PATH
    export = write(tmp_path / "导出.csv", ON_TIME)
    unnamed = run("--plan", str(plan_file), "--records", str(export), "--as-of", "2023-10-31")
    assert unnamed.exit_code == 0  # the headers tell: message
    odd = write(
        tmp_path / "台账.csv",
        [["单位", "类型", "日期", "公开日期"], ["县财政局", "自查", "2023-10-07", "2023-10-07"]],
    )
    ambiguous = run("--plan", str(plan_file), "--records", str(odd), "--as-of", "2023-10-31")
    assert ambiguous.exit_code == 2
    assert str(odd) in ambiguous.stderr
    assert "KIND=PATH" in ambiguous.stderr
    given = run(
        "--plan",
        str(plan_file),
        "--records",
        f"event={odd}",
        "--as-of",
        "2023-10-31",
        "--format",
        "json",
    )
    assert given.exit_code == 0, given.output
    assert [f["kind"] for f in json.loads(given.stdout)["files"]] == ["event"]
    empty = tmp_path / "空目录"
    empty.mkdir()
    nothing = run("--plan", str(plan_file), "--records", str(empty))
    assert nothing.exit_code == 2
    assert "没有 .csv、.jsonl 或 .parquet" in nothing.stderr


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    posts = write(
        folder / "posts.csv",
        [
            ["网站或账号", "单位", "栏目", "发布时间", "标题"],
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-04 09:00", "一"],
        ],
    )
    result = run(
        "--records",
        str(folder),
        "--records",
        str(posts),
        "--as-of",
        "2023-09-11",  # the day after the week: its window is closed
        "--from",
        "2023-09-04",
        "--unit",
        "县财政局",
        "--format",
        "json",
    )
    doc = json.loads(result.stdout)
    assert [f["read"] for f in doc["files"]] == [1]
    (week,) = [
        f
        for f in doc["findings"]
        if f["rule"] == "10.weekly-updates" and f["window"][0] == "2023-09-04"
    ]
    assert (week["actual"], week["status"]) == (1, "violated")


def test_unit_filter(tmp_path: Path) -> None:
    events = write(
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期"],
            ["县司法局", "自查", "2023-10-07"],
            ["县财政局", "自查", "2023-10-09"],
        ],
    )
    result = run(
        "--records",
        str(events),
        "--as-of",
        "2023-10-12",
        "--from",
        "2023-10-01",
        "--unit",
        "县司法局",
        "--format",
        "json",
    )
    assert result.exit_code == 1  # the 10-09 occurrence was missed
    doc = json.loads(result.stdout)
    assert {f["unit"] for f in doc["findings"]} == {"县司法局"}
    statuses = {
        f["due"]: f["status"] for f in doc["findings"] if f["rule"] == "11.weekly-self-check"
    }
    # Monday 10-02 is in the break: due Saturday 10-07; then Monday 10-09
    assert statuses == {"2023-10-07": "met", "2023-10-09": "violated", "2023-10-16": "at_risk"}
    # a group: its members only
    towns = json.loads(
        run(
            "--records",
            str(events),
            "--as-of",
            "2023-10-12",
            "--from",
            "2023-10-01",
            "--unit",
            "各乡(镇)人民政府",
            "--format",
            "json",
        ).stdout
    )
    townships = {"东城镇", "西山乡", "南岭乡"}
    assert {f["unit"] for f in towns["findings"]} == townships


# ---------------------------------------------------------------------------------------------
# Exit code 2: bad usage, unreadable files


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2023-9-30"], "YYYY-MM-DD"),
        (["--as-of", "2023-02-30"], "--as-of"),
        (["--from", "昨天"], "--from"),
        (["--unit", "县财政"], "县财政局"),  # unknown unit: the closest are suggested
        (["--area", "weather"], "weather"),
        (["--format", "pdf"], "pdf"),
        (["--lead-time", "-1"], "--lead-time"),
        (["--plan", "无此方案"], "无此方案"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    records = write(tmp_path / "messages.csv", ON_TIME)
    result = run("--records", str(records), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_missing_and_unreadable_files_exit_2(tmp_path: Path) -> None:
    missing = run("--records", str(tmp_path / "无此文件.csv"))
    assert missing.exit_code == 2
    assert "无此文件.csv" in missing.stderr
    assert "没有这个文件或目录" in missing.stderr
    undecodable = tmp_path / "messages.csv"  # neither UTF-8 nor GB18030 (UTF-16 is read)
    undecodable.write_bytes("留言编号,承办单位,留言时间\n".encode() + b"M1,\x81\x20,2023-09-27\n")
    unreadable = run("--records", str(undecodable), "--as-of", "2023-10-31")
    assert unreadable.exit_code == 2
    assert str(undecodable) in unreadable.stderr
    assert "无法读取" in unreadable.stderr
    columns = write(
        tmp_path / "posts.csv", [["网站或账号", "单位", "标题"], ["测试县发布", "县财政局", "t"]]
    )
    missing_column = run("--records", str(columns), "--as-of", "2023-10-31")
    assert missing_column.exit_code == 2
    assert "time（发布时间）" in missing_column.stderr
    assert "Traceback" not in missing_column.output


def test_gb18030_records(plan_file: Path, tmp_path: Path) -> None:
    records = write(tmp_path / "messages.csv", ON_TIME, encoding="gb18030")
    result = small(plan_file, records)
    assert result.exit_code == 0, result.output
    assert "（message，gb18030）：读取 2 行 = 评估 2 行 + 拒收 0 行" in result.stdout


# ---------------------------------------------------------------------------------------------
# Years whose holiday arrangement is not published


def test_a_record_needing_an_unpublished_year_is_a_rejected_row(
    plan_file: Path, tmp_path: Path
) -> None:
    """A record whose deadline needs the 2027 notice is a rejected row (exit 1, the reason says
    which year and how to estimate), not a failure of the whole check: the other rows are
    evaluated.  Exit 3 is for the plan's own schedule (next test)."""
    records = write(
        tmp_path / "messages.csv", [*ON_TIME, ["M9", "县财政局", "2026-12-25 09:00", ""]]
    )
    args = ("--plan", str(plan_file), "--records", str(records), "--as-of", "2027-01-20")
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert "达标 2 项；拒收记录 1 行" in result.stdout
    assert f"{records}:4：received：" in result.stdout
    assert "2027" in result.stdout
    assert "--provisional" in result.stdout
    estimated = run(*args, "--provisional", "--format", "json")
    assert estimated.exit_code == 1  # M9 unanswered past its provisional due date
    doc = json.loads(estimated.stdout)
    assert doc["rejected"] == []
    (m9,) = [f for f in doc["findings"] if f["case"] == "M9"]
    assert (m9["due"], m9["status"]) == ("2027-01-04", "violated")


def test_a_plan_needing_an_unpublished_year_exits_3(tmp_path: Path) -> None:
    plan_2027 = tmp_path / "plan-2027.toml"
    plan_2027.write_text(
        SMALL_PLAN.replace('"small-2023"', '"small-2027"')
        .replace("issued = 2023-06-18", "issued = 2027-03-01")
        .replace("year = 2023", "year = 2027")
        + """
[[tasks.obligations]]
id = "1.self-check"
title = "每周一自查"
clause = "每周一自查"
recurrence = { rrule = "FREQ=WEEKLY;BYDAY=MO", text = "每周一自查" }
evidence = { kind = "event", done = "date", where = { kind = "自查" } }
""",
        "utf-8",
    )
    events = write(
        tmp_path / "events.csv", [["单位", "类型", "日期"], ["县财政局", "自查", "2027-03-01"]]
    )
    args = ("--plan", str(plan_2027), "--records", str(events), "--as-of", "2027-03-20")
    result = run(*args)
    assert result.exit_code == 3, result.output
    assert "2027" in result.stderr
    assert "--provisional" in result.stderr
    estimated = run(*args, "--provisional", "--format", "json")
    assert estimated.exit_code == 1, estimated.output
    checks = {
        f["due"]: f["status"]
        for f in json.loads(estimated.stdout)["findings"]
        if f["rule"] == "1.self-check" and f["unit"] == "县财政局"
    }
    assert checks == {
        "2027-03-01": "met",
        "2027-03-08": "violated",
        "2027-03-15": "violated",
        "2027-03-22": "at_risk",
    }
