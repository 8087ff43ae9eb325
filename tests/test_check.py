"""The check engine: exit codes, strict mode, skipped rules, the --unit filter, every row
accounted for per file (rows a rule rejects included), kinds given for files, Beijing days.

Only govflow's built-ins are loaded (``GOVFLOW_LOAD_PLUGINS=""``); the plan is the invented
测试县 plan of tests/data.  Dates are worked out by hand
from the 2023 holiday notice (中秋国庆 2023-09-29..10-06 off, 10-07 and 10-08 worked).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import RecordFileError
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Evidence, Obligation, Per, Recurrence, RestDayRule
from govflow.plugins.manager import Registry, get_plugin_manager
from plans import CESHI_PLAN, answers_plan_data, plan_from_dict

CITE = Citation("测试规则", "第一条", "测试用条款")
MESSAGE = ["留言编号", "承办单位", "留言时间", "答复时间"]


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_LOAD_PLUGINS", "")
        mp.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
        yield Registry(get_plugin_manager())


@pytest.fixture(scope="module")
def county(registry: Registry) -> Plan:
    """The invented 测试县 plan (tests/data), loaded by path."""
    loaded: Plan = registry.load_plan(CESHI_PLAN)
    return loaded


@pytest.fixture(scope="module")
def small(registry: Registry) -> Plan:
    """One unit, one duty: 县财政局 answers messages within 5 working days."""
    data = answers_plan_data("small-2023")
    plan: Plan = registry.bind(plan_from_dict(data, path="small-2023.toml"))
    return plan


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def check(
    registry: Registry, plan: Plan, files: Sequence[Path], as_of: date, **kw: Any
) -> CheckResult:
    return run_check(
        plan, files, calendar=registry.calendar(), as_of=as_of, kinds=registry.record_kinds(), **kw
    )


def per_file(result: CheckResult) -> dict[str, tuple[int, int, int]]:
    return {Path(s.source).name: (s.read, s.evaluated, s.rejected) for s in result.files}


# ---------------------------------------------------------------------------------------------
# Exit codes


def test_exit_code_zero_only_without_violations_and_rejected_rows(
    registry: Registry, small: Plan, tmp_path: Path
) -> None:
    # 5 working days from 09-27: 09-28, 10-07, 10-08, 10-09, 10-10
    on_time = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10 17:00"],
            ["M2", "县财政局", "2023-10-09 09:00", ""],  # due 10-16: pending on 10-10
            ["M3", "县财政局", "2023-09-28 09:00", ""],  # due 10-11: at risk on 10-10
        ],
    )
    result = check(registry, small, [on_time], date(2023, 10, 10))
    assert result.counts() == {
        "met": 1,
        "violated": 0,
        "at_risk": 1,
        "pending": 1,
        "not_applicable": 0,
    }
    assert result.rejected == []
    assert result.exit_code == 0  # at risk and pending are not failures
    # a day later M3 is overdue
    assert check(registry, small, [on_time], date(2023, 10, 12)).exit_code == 1
    # a rejected row fails the check even when every finding is met
    rejected = write(
        tmp_path / "rejected.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10 17:00"],
            ["M4", "县财政局", "2023-09-31 09:00", ""],
        ],
    )
    result = check(
        registry, small, [rejected], date(2023, 10, 10), kind_of={str(rejected): "message"}
    )
    assert [f.status for f in result.findings] == [Status.MET]
    assert [(r.line, r.field) for r in result.rejected] == [(3, "received")]
    assert result.exit_code == 1


# ---------------------------------------------------------------------------------------------
# Strict mode


def test_strict_fails_before_evaluation(registry: Registry, small: Plan, tmp_path: Path) -> None:
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-11 17:00"],  # late
            ["M2", "县财税局", "2023-09-27 09:00", ""],  # no such unit
            ["M3", "县财政局", "昨天", ""],  # not a date
        ],
    )
    lenient = check(registry, small, [messages], date(2023, 10, 31))
    assert [(f.case, f.status) for f in lenient.findings] == [("M1", Status.VIOLATED)]
    assert [(r.line, r.field) for r in lenient.rejected] == [(3, "unit"), (4, "received")]
    assert "县财税局" in lenient.rejected[0].reason
    assert "县财政局" in lenient.rejected[0].reason  # the closest known unit is suggested
    assert per_file(lenient) == {"messages.csv": (3, 1, 2)}

    strict = check(registry, small, [messages], date(2023, 10, 31), strict=True)
    assert strict.strict_failed
    assert strict.findings == []
    assert [(r.source, r.line, r.field) for r in strict.rejected] == [
        (str(messages), 3, "unit"),
        (str(messages), 4, "received"),
    ]
    (summary,) = strict.files
    assert (summary.read, summary.rejected) == (3, 2)
    assert strict.exit_code == 1
    assert strict.to_dict()["findings"] == []

    clean = write(
        tmp_path / "clean.csv", [MESSAGE, ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10"]]
    )
    ok = check(
        registry, small, [clean], date(2023, 10, 31), strict=True, kind_of={str(clean): "message"}
    )
    assert not ok.strict_failed
    assert [(f.case, f.status) for f in ok.findings] == [("M1", Status.MET)]
    assert per_file(ok) == {"clean.csv": (1, 1, 0)}  # read once for the result, not twice
    assert ok.exit_code == 0


def test_strict_finds_rows_a_rule_rejects_only_by_evaluating(
    registry: Registry, small: Plan, tmp_path: Path
) -> None:
    """A row whose deadline needs an unpublished year's notice is rejected by the rule, when it
    is evaluated: strict mode cannot see it in its first pass (check.py documents this)."""
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10"],
            ["M2", "县财政局", "2026-12-25 09:00", ""],
        ],
    )
    result = check(registry, small, [messages], date(2027, 1, 20), strict=True)
    assert not result.strict_failed
    assert [f.case for f in result.findings] == ["M1"]
    (bad,) = result.rejected
    assert (bad.line, bad.field) == (3, "received")
    assert "2027" in bad.reason
    assert per_file(result) == {"messages.csv": (2, 1, 1)}
    assert result.exit_code == 1


# ---------------------------------------------------------------------------------------------
# Which rules run


def test_rules_without_records_are_skipped_and_listed(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    posts = write(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "栏目", "发布时间", "标题"],
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-04 09:00", "t"],
        ],
    )
    result = check(registry, county, [posts], date(2023, 9, 10))
    ran = {r.id for r in result.rules}
    skipped = {r.id for r in result.skipped_rules}
    assert ran == {"10.weekly-updates", "10.monthly-total", "10.monthly-original"}
    assert skipped == {
        "6.normative-cleanup",
        "8.subsidy-results",
        "9.open-day",
        "11.weekly-self-check",
        "11.monthly-bulletin",
        "15.interpretation-sync",
        "18.message-reply",
        "18.simple-reply",
        "19.weekly-summary",
        "三(一).annual-hearing",
        "三(四).annual-report",
    }
    assert {f.rule for f in result.findings} == ran
    doc = result.to_dict()
    reads = {r["id"]: r["reads"] for r in doc["skipped_rules"]}
    assert reads["18.message-reply"] == ["message"]
    assert reads["11.weekly-self-check"] == ["event"]
    # --area keeps the rules of one area
    area = check(registry, county, [posts], date(2023, 9, 10), area="documents")
    assert area.rules == []
    assert {r.id for r in area.skipped_rules} == {"6.normative-cleanup", "15.interpretation-sync"}
    assert area.findings == []


# ---------------------------------------------------------------------------------------------
# The --unit filter


def _shared_plan(county: Plan) -> Plan:
    """Two duties shared by several units (per = all): one by two named units, one by a group."""

    def shared(oid: str, owners: tuple[str, ...]) -> Obligation:
        return Obligation(
            oid,
            "月度汇总",
            Recurrence("FREQ=MONTHLY;BYMONTHDAY=-1", "每月汇总（月底前）", RestDayRule.PRECEDING),
            CITE,
            applies_to=owners,
            per=Per.ALL,
            area="safeguards",
            task="三(二)",
            evidence=Evidence("event", {"kind": "汇总"}, done="date"),
        )

    return county.with_obligations(
        (shared("t.pair", ("县政府办", "县司法局")), shared("t.group", ("县政府各部门",)))
    )


def test_unit_filter_keeps_findings_the_unit_shares(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    plan = _shared_plan(county)
    events = write(
        tmp_path / "events.csv",
        [
            ["单位", "类型", "日期"],
            ["县司法局", "汇总", "2023-09-28"],
            ["东城镇", "自查", "2023-09-25"],
        ],
    )

    def owners(unit: str | None) -> dict[str, set[str]]:
        result = check(
            registry, plan, [events], date(2023, 10, 1), start=date(2023, 9, 1), unit=unit
        )
        out: dict[str, set[str]] = {}
        for f in result.findings:
            out.setdefault(f.rule, set()).add(f.unit)
        return out

    everyone = owners(None)
    assert everyone["t.pair"] == {"县政府办、县司法局"}
    assert len(everyone["11.weekly-self-check"]) == 10
    justice = owners("县司法局")
    assert justice["t.pair"] == {"县政府办、县司法局"}  # shared, kept
    assert justice["11.weekly-self-check"] == {"县司法局"}
    assert "11.monthly-bulletin" not in justice  # 县政府办's alone
    towns = owners("各乡(镇)人民政府")
    assert "t.pair" not in towns
    assert len(towns["11.weekly-self-check"]) == 3
    assert all(u.endswith(("镇", "乡")) for u in towns["11.weekly-self-check"])
    # the September occurrence of the pair's duty is due on Thursday 09-28 (09-29/30 are off)
    result = check(
        registry, plan, [events], date(2023, 10, 1), start=date(2023, 9, 1), unit="县政府办"
    )
    pair = {f.due: f.status for f in result.findings if f.rule == "t.pair"}
    assert pair == {date(2023, 9, 28): Status.MET, date(2023, 10, 31): Status.PENDING}


def test_unit_filter_keeps_a_duty_shared_by_a_group(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    plan = _shared_plan(county)
    events = write(
        tmp_path / "events.csv", [["单位", "类型", "日期"], ["县财政局", "汇总", "2023-09-28"]]
    )
    for unit in ("县财政局", "县政府各部门"):
        result = check(
            registry, plan, [events], date(2023, 10, 1), start=date(2023, 9, 1), unit=unit
        )
        # September's 汇总 (met) and October's (pending): both belong to the group
        assert {f.unit for f in result.findings if f.rule == "t.group"} == {"县政府各部门"}, unit
        assert len([f for f in result.findings if f.rule == "t.group"]) == 2, unit


# ---------------------------------------------------------------------------------------------
# Every row accounted for, per file


def test_read_equals_evaluated_plus_rejected_per_file(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    posts = write(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "栏目", "发布时间", "标题"],
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-04 09:00", "一"],
            ["测试县人民政府网", "县财政厅", "工作动态", "2023-09-04 09:00", "未知单位"],
            ["测试县人民政府网", "各乡(镇)人民政府", "工作动态", "2023-09-04 09:00", "单位组"],
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-31 09:00", "坏日期"],
            ["测试县人民政府网", "县财政厅", "工作动态", "2023-09-05 09:00", "未知单位（再次）"],
        ],
    )
    messages = write(
        tmp_path / "messages.csv",
        [
            MESSAGE,
            ["M1", "县财政局", "2023-09-27 09:00", "2023-10-10"],
            ["M2", "县财政局", "2026-12-25 09:00", ""],  # needs the 2027 notice
            ["M3", "无名单位", "2023-09-27 09:00", ""],
            ["M1", "县财政局", "2023-09-28 09:00", ""],  # duplicate id
        ],
    )
    empty = write(tmp_path / "events.csv", [["单位", "类型", "日期"]])
    result = check(registry, county, [posts, messages, empty], date(2027, 1, 20))
    assert per_file(result) == {
        "posts.csv": (5, 1, 4),
        "messages.csv": (4, 1, 3),
        "events.csv": (0, 0, 0),
    }
    assert sum(s.rejected for s in result.files) == len(result.rejected) == 7
    reasons = {(Path(r.source).name, r.line): (r.field, r.reason) for r in result.rejected}
    assert reasons[("posts.csv", 3)][0] == "unit"
    assert "县财政厅" in reasons[("posts.csv", 3)][1]
    assert "单位组" in reasons[("posts.csv", 4)][1]
    assert reasons[("posts.csv", 5)][0] == "time"
    assert reasons[("posts.csv", 6)][0] == "unit"
    assert reasons[("messages.csv", 3)][0] == "received"
    assert "2027" in reasons[("messages.csv", 3)][1]
    assert reasons[("messages.csv", 4)][0] == "unit"
    assert reasons[("messages.csv", 5)][0] == "id"
    # in order of file and line
    assert [(r.source, r.line) for r in result.rejected] == sorted(
        (r.source, r.line) for r in result.rejected
    )
    doc = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert [(f["read"], f["evaluated"], f["rejected"]) for f in doc["files"]] == [
        (5, 1, 4),
        (4, 1, 3),
        (0, 0, 0),
    ]
    assert len(doc["rejected"]) == 7
    assert doc["rejected"][0] == {
        "file": str(messages),
        "line": 3,
        "field": "received",
        "reason": reasons[("messages.csv", 3)][1],
    }


def test_a_row_rejected_by_two_rules_is_counted_once(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    # both 18.message-reply and 18.simple-reply read messages; an unknown unit is rejected once
    messages = write(
        tmp_path / "messages.csv",
        [
            ["留言编号", "承办单位", "留言时间", "是否简单问题"],
            ["M1", "县外单位", "2023-09-27 09:00", "是"],
        ],
    )
    result = check(registry, county, [messages], date(2023, 10, 31))
    assert per_file(result) == {"messages.csv": (1, 0, 1)}
    assert len(result.rejected) == 1


# ---------------------------------------------------------------------------------------------
# Kinds of files; Beijing days


def test_kind_of_a_file_whose_headers_fit_several_kinds(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    # 日期 makes an event, 公开日期 a disclosure: both fit
    export = write(
        tmp_path / "导出.csv",
        [
            ["单位", "类型", "日期", "公开日期"],
            ["县财政局", "规范性文件清理", "2023-09-20", "2023-09-28"],
        ],
    )
    with pytest.raises(RecordFileError, match="多个记录类别"):
        check(registry, county, [export], date(2023, 10, 31))
    result = check(
        registry, county, [export], date(2023, 10, 31), kind_of={str(export): "disclosure"}
    )
    assert [(s.kind, s.read, s.evaluated) for s in result.files] == [("disclosure", 1, 1)]
    (cleanup,) = [
        f for f in result.findings if f.rule == "6.normative-cleanup" and f.unit == "县财政局"
    ]
    assert cleanup.status is Status.MET
    assert cleanup.evidence == (f"{export}:2",)
    as_event = check(registry, county, [export], date(2023, 10, 31), kind_of={str(export): "event"})
    assert [s.kind for s in as_event.files] == ["event"]
    assert {r.id for r in as_event.rules} >= {"11.weekly-self-check", "9.open-day"}


def test_moments_count_on_their_beijing_day(
    registry: Registry, county: Plan, tmp_path: Path
) -> None:
    posts = write(
        tmp_path / "posts.csv",
        [
            ["网站或账号", "单位", "栏目", "发布时间", "标题"],
            # 20:00 UTC on 30 September is 04:00 on 1 October in Beijing
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-30T20:00Z", "UTC"],
            ["测试县人民政府网", "县财政局", "工作动态", "2023-09-30 23:30", "北京时间"],
        ],
    )
    result = check(registry, county, [posts], date(2023, 10, 31))

    def total(first: date, last: date) -> int | None:
        (f,) = [
            f
            for f in result.findings
            if f.rule == "10.monthly-total" and f.unit == "县财政局" and f.window == (first, last)
        ]
        return f.actual

    assert total(date(2023, 9, 1), date(2023, 9, 30)) == 1
    assert total(date(2023, 10, 1), date(2023, 10, 31)) == 1
    (week,) = [
        f
        for f in result.findings
        if f.rule == "10.weekly-updates"
        and f.unit == "县财政局"
        and f.window == (date(2023, 9, 25), date(2023, 10, 1))
    ]
    assert (week.actual, week.status) == (2, Status.MET)
    assert set(week.evidence) == {f"{posts}:2", f"{posts}:3"}
