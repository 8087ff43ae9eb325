"""Validation that matches the law (issue 9): event dates in an impossible order, units outside
every rule's scope (not applicable), the same case in two files, JSON values of the wrong type,
rows needing an unpublished year's calendar, extension days that are not a plain integer or
outside the legal cap.

Only govflow's built-ins are loaded (``GOVFLOW_LOAD_PLUGINS=""``); the plans are small ones
over the invented 测试县 directory (tests/data).  Working days are counted by hand from the 2023
holiday notice (中秋国庆 2023-09-29..10-06 off, 10-07 and 10-08 worked).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import (
    BUILTIN_KINDS,
    FieldSpec,
    FieldType,
    Record,
    RecordKind,
    Rejected,
    read_records,
)
from govflow.compliance.rules import Context, Rule, Status
from govflow.errors import PluginError
from govflow.plan.model import Plan
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import Registry, get_plugin_manager
from plans import CESHI_UNITS, CeshiPlugin, answers_plan_data, plan_from_dict

MESSAGE = ["留言编号", "承办单位", "留言时间", "答复时间"]
APPLICATION = [
    "申请编号",
    "单位",
    "收到日期",
    "补正告知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "延期批准日期",
    "延长工作日数",
    "答复日期",
]


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_LOAD_PLUGINS", "")
        mp.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
        yield Registry(get_plugin_manager())


def _plan_data() -> dict[str, Any]:
    """县财政局 answers messages within 5 working days and applications within 20 (paused by
    consultation, at most 15 working days; extended by at most 20)."""
    return answers_plan_data(
        "valid-2023",
        {
            "id": "1.application",
            "title": "依申请公开答复",
            "clause": "自收到申请之日起20个工作日内予以答复",
            "deadline": {"period": "20个工作日", "trigger": "收到申请"},
            "settings": {
                "max_extension_workdays": 20,
                "max_pause_workdays": 15,
                "awaiting": "correction_notice",
            },
            "evidence": {
                "kind": "application",
                "trigger": "received",
                "done": "replied",
                "restart": "corrected_received",
                "pause_start": "consult_start",
                "pause_end": "consult_end",
                "extension": "extension_days",
                "extension_approved": "extension_approved",
                "unless": "abandoned",
            },
        },
    )


@pytest.fixture(scope="module")
def plan(registry: Registry) -> Plan:
    bound: Plan = registry.bind(plan_from_dict(_plan_data(), path="valid-2023.toml"))
    return bound


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_jsonl(path: Path, rows: Sequence[Any]) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows
        ),
        "utf-8",
    )
    return path


def check(
    registry: Registry, plan: Plan, files: Sequence[Path], as_of: date, **kw: Any
) -> CheckResult:
    return run_check(
        plan, files, calendar=registry.calendar(), as_of=as_of, kinds=registry.record_kinds(), **kw
    )


def application(**fields: str) -> list[str]:
    names = [
        "id",
        "unit",
        "received",
        "correction_notice",
        "corrected_received",
        "consult_start",
        "consult_end",
        "extension_approved",
        "extension_days",
        "replied",
    ]
    return [fields.get(n, "") for n in names]


def rejected_of(result: CheckResult) -> dict[tuple[str, int], tuple[str, str]]:
    return {(Path(r.source).name, r.line): (r.field, r.reason) for r in result.rejected}


# ---------------------------------------------------------------------------------------------
# 1. Event dates in an impossible order


ORDER_CASES = [
    # (fields, the later field named, both dates in the reason)
    ({"replied": "2023-09-20"}, "replied", "2023-09-20"),
    ({"correction_notice": "2023-09-26"}, "correction_notice", "2023-09-26"),
    (
        {"correction_notice": "2023-09-28", "corrected_received": "2023-09-27"},
        "corrected_received",
        "2023-09-28",
    ),
    ({"consult_start": "2023-10-16", "consult_end": "2023-10-13"}, "consult_end", "2023-10-13"),
    ({"consult_start": "2023-09-25"}, "consult_start", "2023-09-25"),
    (
        {"extension_approved": "2023-09-01", "extension_days": "5"},
        "extension_approved",
        "2023-09-01",
    ),
]


@pytest.mark.parametrize(("fields", "field", "shown"), ORDER_CASES)
def test_application_dates_in_an_impossible_order_are_rejected(
    registry: Registry, plan: Plan, tmp_path: Path, fields: dict[str, str], field: str, shown: str
) -> None:
    rows = [
        APPLICATION,
        application(id="A1", unit="县财政局", received="2023-09-27", replied="2023-10-09"),
        application(id="A2", unit="县财政局", received="2023-09-27", **fields),
    ]
    csv_file = write(tmp_path / "applications.csv", rows)
    json_file = write_jsonl(
        tmp_path / "applications.jsonl",
        [
            {"id": "A1", "unit": "县财政局", "received": "2023-09-27", "replied": "2023-10-09"},
            {"id": "A2", "unit": "县财政局", "received": "2023-09-27", **fields},
        ],
    )
    for path in (csv_file, json_file):
        result = check(registry, plan, [path], date(2023, 10, 31))
        (bad,) = result.rejected
        assert (bad.line, bad.field) == (3 if path.suffix == ".csv" else 2, field)
        assert shown in bad.reason
        label = BUILTIN_KINDS["application"].field(field).label
        assert label in bad.reason
        assert "早于" in bad.reason
        # the row is not evaluated: only A1 has a finding, and it is met
        assert [(f.case, f.status) for f in result.findings] == [("A1", Status.MET)]
        (summary,) = result.files
        assert (summary.read, summary.evaluated, summary.rejected) == (2, 1, 1)
        assert result.exit_code == 1


def test_the_same_day_is_not_an_impossible_order(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", replied="2023-09-27"),
        ],
    )
    result = check(registry, plan, [path], date(2023, 10, 31))
    assert result.rejected == []
    assert [f.status for f in result.findings] == [Status.MET]


def test_message_replied_before_received_is_rejected(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-09-27 08:59"],
            ["M2", "县财政局", "2023-09-27 09:00", "2023-09-27 09:00"],
        ],
    )
    result = check(registry, plan, [path], date(2023, 10, 31))
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (2, "replied")
    assert "2023-09-27 08:59" in bad.reason
    assert "2023-09-27 09:00" in bad.reason
    assert [f.case for f in result.findings] == ["M2"]


def test_disclosure_ending_before_publication_is_rejected_while_reading(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "disclosures.jsonl",
        [
            {
                "unit": "县财政局",
                "kind": "征地公告",
                "published": "2023-09-10",
                "ends": "2023-09-01",
            },
            {
                "unit": "县财政局",
                "kind": "征地公告",
                "published": "2023-09-10",
                "ends": "2023-09-20",
            },
        ],
    )
    stream = read_records(path)
    items = list(stream)
    assert isinstance(items[0], Rejected)
    assert (items[0].line, items[0].field) == (1, "ends")
    assert "公示结束日期" in items[0].reason
    assert "公开日期" in items[0].reason
    assert not isinstance(items[1], Rejected)
    assert (stream.summary.read, stream.summary.rejected) == (2, 1)


def test_order_rejections_through_the_command_line(tmp_path: Path, builtins_only: None) -> None:
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")
    records = write(
        tmp_path / "messages.csv",
        [MESSAGE, ["M1", "县财政局", "2023-09-27 09:00", "2023-09-26 10:00"]],
    )
    result = CliRunner().invoke(main, ["check", "--records", str(records), "--as-of", "2023-10-31"])
    assert result.exit_code == 1, result.output
    assert f"{records}:2：replied：" in result.stdout
    assert "早于" in result.stdout


# ---------------------------------------------------------------------------------------------
# 6. Extension days: a plain integer, within the legal cap


@pytest.mark.parametrize("cell", ["1_0", "١٠", " 1 0", "+-5", "10.0", "0x10", "1e1"])
def test_an_integer_is_sign_and_ascii_digits(tmp_path: Path, cell: str) -> None:
    path = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", extension_days=cell),
        ],
    )
    (item,) = list(read_records(path))
    assert isinstance(item, Rejected), item
    assert item.field == "extension_days"
    assert "整数" in item.reason


@pytest.mark.parametrize(("cell", "value"), [("10", 10), ("+10", 10), ("１０", 10), (" 7 ", 7)])
def test_integers_as_written_in_ledgers(tmp_path: Path, cell: str, value: int) -> None:
    path = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", extension_days=cell),
        ],
    )
    (item,) = list(read_records(path))
    assert not isinstance(item, Rejected), item
    assert item.data["extension_days"] == value


@pytest.mark.parametrize(("days", "words"), [("-15", "不能为负数"), ("21", "上限 20 个工作日")])
def test_an_extension_out_of_range_is_blamed_on_extension_days(
    registry: Registry, plan: Plan, tmp_path: Path, days: str, words: str
) -> None:
    path = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(
                id="A1",
                unit="县财政局",
                received="2023-09-27",
                consult_start="2023-10-09",
                consult_end="2023-10-12",
                extension_approved="2023-10-20",
                extension_days=days,
            ),
        ],
    )
    result = check(registry, plan, [path], date(2023, 10, 31))
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (2, "extension_days")
    assert words in bad.reason
    assert days.lstrip("-") in bad.reason


# ---------------------------------------------------------------------------------------------
# 5. A row needing an unpublished year's calendar is a rejected row


CONSULTED_LATE = application(
    id="A9", unit="县财政局", received="2026-12-20", consult_start="2026-12-28"
)


def test_a_consultation_needing_an_unpublished_year_rejects_the_row(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    """The 15 working days the consulted party has run into 2027, whose notice is not
    published: that row is rejected, naming the consultation; the other rows are evaluated."""
    path = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", replied="2023-10-09"),
            CONSULTED_LATE,
        ],
    )
    result = check(registry, plan, [path], date(2027, 1, 10))
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (3, "consult_start")
    assert "2027" in bad.reason
    assert "--provisional" in bad.reason
    assert [(f.case, f.status) for f in result.findings] == [("A1", Status.MET)]
    assert result.exit_code == 1


class _PeekingRule(Rule):
    """A plugin-style rule whose feed needs the calendar of the record's year."""

    id = "test.peek"
    title = "查看日历"
    area = "answers"
    consumes = frozenset({"message"})

    def feed(self, record: Record, ctx: Context) -> None:
        ctx.calendar.add_workdays(record.data["received"].date(), 3)


def test_any_rule_needing_an_unpublished_year_rejects_only_that_row(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-09 10:00"],
            ["M2", "县财政局", "2026-12-30 09:00", ""],
        ],
    )
    rule = _PeekingRule()
    result = check(registry, plan, [path], date(2023, 10, 31), extra_rules=[rule])
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (3, "received")
    assert "2027" in bad.reason


APPLICATION_PLAN = """\
id = "valid-2023"
title = "测试方案"
number = "测府办字〔2023〕1号"
issued = 2023-06-18
year = 2023
issuer = "测试"
units = "{units}"

[[tasks]]
number = 1
section = "二"
title = "依申请公开"
text = "自收到申请之日起20个工作日内予以答复。"
responsible = ["县财政局"]

[[tasks.obligations]]
id = "1.application"
title = "依申请公开答复"
clause = "自收到申请之日起20个工作日内予以答复"
deadline = {{ period = "20个工作日", trigger = "收到申请" }}
settings = {{ max_extension_workdays = 20, max_pause_workdays = 15 }}
evidence = {{ kind = "application", trigger = "received", done = "replied", pause_start = "consult_start", pause_end = "consult_end", extension = "extension_days" }}
"""


@pytest.fixture
def builtins_only(
    restore_default_calendar: WorkCalendar, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The command line with govflow's built-ins only (no installed plugin), reset after."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    yield
    plugins.reset()


def plan_file(folder: Path) -> Path:
    """:data:`APPLICATION_PLAN` over the invented directory, as a file in *folder*."""
    path = folder / "valid-2023.toml"
    path.write_text(APPLICATION_PLAN.format(units=CESHI_UNITS.as_posix()), "utf-8")
    return path


def test_an_unpublished_year_through_the_command_line_exits_1(
    tmp_path: Path, builtins_only: None
) -> None:
    plan_path = plan_file(tmp_path)
    records = write(tmp_path / "applications.csv", [APPLICATION, CONSULTED_LATE])
    result = CliRunner().invoke(
        main,
        ["check", "--plan", str(plan_path), "--records", str(records), "--as-of", "2027-01-10"],
    )
    assert result.exit_code == 1, result.output
    assert f"{records}:2：consult_start：" in result.stdout
    assert "2027" in result.stdout


# ---------------------------------------------------------------------------------------------
# 3. The same case in two files


def test_the_same_case_in_two_files_is_rejected_the_second_time(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    first = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", replied="2023-10-09"),
            application(id="A2", unit="县财政局", received="2023-09-27", replied="2023-10-09"),
        ],
    )
    second = write_jsonl(
        tmp_path / "applications.jsonl",
        [
            {"id": "A3", "unit": "县财政局", "received": "2023-09-27", "replied": "2023-10-09"},
            {"id": "A2", "unit": "县财政局", "received": "2023-09-01"},
        ],
    )
    for strict in (False, True):
        result = check(registry, plan, [first, second], date(2023, 10, 31), strict=strict)
        (bad,) = result.rejected
        assert (bad.source, bad.line, bad.field) == (str(second), 2, "id")
        assert f"{first}" in bad.reason
        assert "第 3 行" in bad.reason
        assert "A2" in bad.reason
        assert [s.rejected for s in result.files] == [0, 1]
        if not strict:
            assert sorted(str(f.case) for f in result.findings) == ["A1", "A2", "A3"]
            assert all(f.status is Status.MET for f in result.findings)


# ---------------------------------------------------------------------------------------------
# 4. JSON values of the wrong type


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ('{"id": {"a": 1}, "unit": "县财政局", "received": "2023-09-27"}', "id", "JSON 对象"),
        ('{"id": ["A1"], "unit": "县财政局", "received": "2023-09-27"}', "id", "JSON 数组"),
        ('{"id": true, "unit": "县财政局", "received": "2023-09-27"}', "id", "JSON 布尔值"),
        ('{"id": 1001.5, "unit": "县财政局", "received": "2023-09-27"}', "id", "JSON 数字"),
        ('{"id": "A1", "unit": "县财政局", "received": 20230927}', "received", "JSON 数字"),
        ('{"id": "A1", "unit": "县财政局", "received": ["2023-09-27"]}', "received", "JSON 数组"),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "abandoned": 1}',
            "abandoned",
            "JSON 数字",
        ),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "abandoned": {}}',
            "abandoned",
            "JSON 对象",
        ),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "extension_days": true}',
            "extension_days",
            "JSON 布尔值",
        ),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "extension_days": 1.5}',
            "extension_days",
            "JSON 数字",
        ),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "extension_days": "1_0"}',
            "extension_days",
            "整数",
        ),
        ('{"id": NaN, "unit": "县财政局", "received": "2023-09-27"}', "", "NaN"),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "extension_days": Infinity}',
            "",
            "Infinity",
        ),
        (
            '{"id": "A1", "unit": "县财政局", "received": "2023-09-27", "extension_days": -Infinity}',
            "",
            "Infinity",
        ),
    ],
)
def test_json_values_of_the_wrong_type_are_rejected(
    tmp_path: Path, line: str, field: str, words: str
) -> None:
    path = tmp_path / "applications.jsonl"
    path.write_text(line + "\n", "utf-8")
    (item,) = list(read_records(path))
    assert isinstance(item, Rejected), item
    assert item.field == field
    assert words in item.reason


def test_json_numbers_where_they_make_sense(tmp_path: Path) -> None:
    """An integer id reads as its digits (1001 → "1001"); an integral number of days may be
    written 15.0; yes/no as true/false or the usual strings."""
    path = write_jsonl(
        tmp_path / "applications.jsonl",
        [
            {"id": 1001, "unit": "县财政局", "received": "2023-09-27", "extension_days": 15.0},
            {"id": "1002", "unit": "县财政局", "received": "2023-09-27", "abandoned": "是"},
        ],
    )
    first, second = list(read_records(path))
    assert not isinstance(first, Rejected)
    assert not isinstance(second, Rejected)
    assert first.data["id"] == "1001"
    assert first.data["extension_days"] == 15
    assert type(first.data["extension_days"]) is int
    assert second.data["abandoned"] is True


def test_a_row_rejected_for_its_order_does_not_claim_its_id(tmp_path: Path) -> None:
    """The corrected row that follows a mistyped one is the case, not a duplicate."""
    rows = [
        {"id": "M1", "unit": "县财政局", "received": "2023-09-27 09:00", "replied": "2023-09-20"},
        {"id": "M1", "unit": "县财政局", "received": "2023-09-27 09:00", "replied": "2023-09-28"},
    ]
    csv_file = write(
        tmp_path / "messages.csv",
        [MESSAGE, *[[r["id"], r["unit"], r["received"], r["replied"]] for r in rows]],
    )
    for path in (csv_file, write_jsonl(tmp_path / "messages.jsonl", rows)):
        bad, good = list(read_records(path))
        assert isinstance(bad, Rejected)
        assert bad.field == "replied"
        assert not isinstance(good, Rejected), good


# ---------------------------------------------------------------------------------------------
# 2. Units outside every rule's scope are not applicable


def test_rows_of_units_no_rule_covers_are_not_applicable(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    """The plan's duties are 县财政局's: 县审计局's messages (a unit the directory knows) are
    not evaluated but not applicable, counted and listed per unit; events, which no rule
    reads, are not applicable whatever their unit."""
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-09 10:00"],
            ["M2", "县审计局", "2023-09-27 09:00", ""],
            ["M3", "县审计局", "2023-09-28 09:00", ""],
            ["M4", "县人社局", "2023-09-28 09:00", ""],
            ["M5", "县外单位", "2023-09-28 09:00", ""],
        ],
    )
    events = write(
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期"],
            ["县财政局", "自查", "2023-09-25"],
            ["县审计局", "自查", "2023-09-25"],
        ],
    )
    result = check(registry, plan, [messages, events], date(2023, 10, 31))
    assert [(f.case, f.status) for f in result.findings] == [("M1", Status.MET)]
    assert [(r.line, r.field) for r in result.rejected] == [(6, "unit")]
    m, e = result.files
    assert (m.read, m.evaluated, m.not_applicable, m.rejected) == (5, 1, 3, 1)
    assert m.not_applicable_units == {"县审计局": 2, "县人社局": 1}
    assert (e.read, e.evaluated, e.not_applicable, e.rejected) == (2, 0, 2, 0)
    doc = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert [f["not_applicable"] for f in doc["files"]] == [3, 2]
    assert doc["not_applicable"] == [
        {"file": str(messages), "unit": "县人社局", "rows": 1},
        {"file": str(messages), "unit": "县审计局", "rows": 2},
        {"file": str(events), "unit": "县审计局", "rows": 1},
        {"file": str(events), "unit": "县财政局", "rows": 1},
    ]
    assert result.exit_code == 1  # the unknown unit; not-applicable rows do not fail a check


def test_not_applicable_rows_through_the_command_line(tmp_path: Path, builtins_only: None) -> None:
    plan_path = plan_file(tmp_path)
    records = write(
        tmp_path / "applications.csv",
        [
            APPLICATION,
            application(id="A1", unit="县财政局", received="2023-09-27", replied="2023-10-09"),
            application(id="A2", unit="县审计局", received="2023-09-27"),
        ],
    )
    args = [
        "check",
        "--plan",
        str(plan_path),
        "--records",
        str(records),
        "--as-of",
        "2023-10-31",
    ]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "读取 2 行 = 评估 1 行 + 不适用 1 行 + 拒收 0 行" in result.stdout
    assert "不适用：县审计局 1 行" in result.stdout
    for fmt, marker in (
        ("md", "| 县审计局 | 1 |"),
        ("html", "<td>县审计局</td><td>1</td>"),
    ):
        rendered = CliRunner().invoke(main, [*args, "--format", fmt])
        assert marker in rendered.stdout, rendered.stdout


# ---------------------------------------------------------------------------------------------
# A plugin's kind declares the order of its dates too

MEETING = RecordKind(
    "meeting",
    "政府常务会议",
    (
        FieldSpec("unit", FieldType.TEXT, "单位", True, ("unit", "单位")),
        FieldSpec("notice", FieldType.DATE, "通知日期", False, ("notice", "通知日期")),
        FieldSpec("date", FieldType.DATETIME, "会议时间", True, ("date", "会议时间")),
    ),
    file_names=("meetings",),
    order=(("notice", "date"),),
)


class _Meetings:
    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind

    @hookimpl
    def govflow_record_kinds(self) -> list[RecordKind]:
        return [self.kind]


def test_a_plugin_kind_declares_its_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    reg = Registry(get_plugin_manager())
    reg.pm.register(_Meetings(MEETING), name="meetings")
    kinds = reg.record_kinds()
    path = write(
        tmp_path / "meetings.csv",
        [
            ["单位", "通知日期", "会议时间"],
            ["县政府办", "2023-07-10", "2023-07-14 09:00"],
            ["县政府办", "2023-07-15", "2023-07-14 09:00"],  # noticed after the meeting
            ["县政府办", "2023-07-14", "2023-07-14 09:00"],  # the same day
        ],
    )
    items = list(read_records(path, kinds=kinds))
    assert [isinstance(i, Rejected) for i in items] == [False, True, False]
    bad = items[1]
    assert isinstance(bad, Rejected)
    assert bad.field == "date"
    assert "会议时间 2023-07-14 09:00 早于通知日期 2023-07-15" in bad.reason


@pytest.mark.parametrize("order", [(("notice", "nowhere"),), (("unit", "date"),)])
def test_a_plugin_kind_with_a_bad_order_is_a_plugin_error(
    monkeypatch: pytest.MonkeyPatch, order: tuple[tuple[str, str], ...]
) -> None:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    reg = Registry(get_plugin_manager())
    reg.pm.register(_Meetings(attrs.evolve(MEETING, order=order)), name="meetings")
    with pytest.raises(PluginError, match="日期先后"):
        reg.record_kinds()


class _FarRule(_PeekingRule):
    """A plugin-style rule whose feed counts far past the computable range."""

    id = "test.far"

    def feed(self, record: Record, ctx: Context) -> None:
        from govflow.text.dates import shift_days

        shift_days(record.data["received"].date(), 4_000_000)


def test_any_rule_leaving_the_computable_range_rejects_only_that_row(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "messages.csv",
        [MESSAGE, ["M1", "县财政局", "2023-09-27 09:00", "2023-10-09 10:00"]],
    )
    result = check(registry, plan, [path], date(2023, 10, 31), extra_rules=[_FarRule()])
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (2, "received")
    assert "超出可计算范围" in bad.reason


def test_json_text_is_stripped_as_a_csv_cell_is(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    # " M1" in JSON Lines and "M1" in CSV are one case: the second is a duplicate
    first = write(tmp_path / "messages.csv", [MESSAGE, ["M1", "县财政局", "2023-09-27 09:00", ""]])
    second = write_jsonl(
        tmp_path / "more.jsonl",
        [
            {"留言编号": " M1 ", "承办单位": " 县财政局", "留言时间": "2023-09-27 09:00"},
            {"留言编号": "   ", "承办单位": "县财政局", "留言时间": "2023-09-27 09:00"},
        ],
    )
    result = check(
        registry, plan, [first, second], date(2023, 10, 31), kind_of={str(second): "message"}
    )
    assert [(r.line, r.field) for r in result.rejected if r.source == str(second)] == [
        (1, "id"),
        (2, "id"),
    ]
    dup, blank = [r.reason for r in result.rejected if r.source == str(second)]
    assert "'M1'" in dup
    assert "重复" in dup
    assert "留言编号" in blank


def test_a_long_cell_is_quoted_short_in_its_rejection(tmp_path: Path) -> None:
    cell = "9" * 100_000
    path = write(tmp_path / "messages.csv", [MESSAGE, ["M1", "县财政局", cell, ""]])
    stream = read_records(path)
    (bad,) = [i for i in stream if isinstance(i, Rejected)]
    assert bad.field == "received"
    assert len(bad.reason) < 200
    assert "共 100000 个字符" in bad.reason
