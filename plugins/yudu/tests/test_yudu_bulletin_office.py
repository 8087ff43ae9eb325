"""The 通报 an office issues, on the demo data (`govflow demo-data`): it agrees with `govflow check`
for the same month, lists the rows rejected, sums up the 单项否决 findings, gives the 整改
deadline in working days, the 复核 and the escalations.

The plan asks for it: 「开展每周一自查、每月一通报」 (二、(四)11) and 「对工作落实不到位的单位予以
通报批评或约谈整改」 (三(二)).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.compliance.rules import Finding, Status
from govflow.plan.obligations import Citation, Severity
from govflow.report.bulletin import BulletinSettings, concerns_month
from govflow.report.bulletin.issues import escalations

MONTH_END = {"2023-09": "2023-09-30", "2023-10": "2023-10-31", "2023-11": "2023-11-30"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("demo")
    run = CliRunner().invoke(main, ["demo-data", "--out", str(out), "--scale", "0"])
    assert run.exit_code == 0, run.output
    args = ["--plan", "yudu-2023"]
    for name in ("posts", "applications", "messages", "events", "disclosures"):
        args += ["--records", str(out / f"{name}.csv")]
    return args


@functools.cache
def _cli(*args: str) -> str:
    """The output of a command (the same command is run once per session: the tests share it)."""
    run = CliRunner().invoke(main, list(args))
    assert run.exit_code in (0, 1), run.output
    return run.stdout


def _check(demo: list[str], month: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        _cli("check", *demo, "--as-of", MONTH_END[month], "--format", "json")
    )
    return data


def _report(demo: list[str], month: str, *extra: str) -> str:
    return _cli("report", "--month", month, *demo, *extra)


def _cells(line: str) -> list[str]:
    """The cells of a Markdown table row, unescaped."""
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [re.sub(r"\\(.)", r"\1", c).strip() for c in cells]


def _section(md: str, start: str) -> str:
    return md.split(f"## {start}", 1)[1].split("\n## ", 1)[0]


def _rows(section: str) -> list[list[str]]:
    """The body rows of the section's tables (not their heads or alignment rows)."""
    lines = [x for x in section.splitlines() if x.startswith("|")]
    align = re.compile(r"^\|[-:|]+\|$")
    return [
        _cells(x)
        for i, x in enumerate(lines)
        if not align.match(x) and not (i + 1 < len(lines) and align.match(lines[i + 1]))
    ]


def _key(f: dict[str, Any]) -> tuple[str, str, str, str]:
    period = f"{f['window'][0]} 至 {f['window'][1]}" if f["window"] else f["due"]
    return (f["unit"], f["title"], f["case"] or f["entity"] or "", period)


@pytest.mark.parametrize("month", ["2023-09", "2023-10", "2023-11"])
def test_report_agrees_with_check(demo: list[str], month: str) -> None:
    """Every violation of `check --as-of <month end>` whose window meets the month or whose due
    date falls in it, and every finding at risk, is in the report's list of problems; every item
    of that list is a finding of check with the same status (an item due before the month is a
    violation check still reports)."""
    first = date.fromisoformat(f"{month}-01")
    checked = _check(demo, month)["findings"]
    problems = {_key(f): f["status"] for f in checked if f["status"] in ("violated", "at_risk")}
    expected = set()
    for f in checked:
        window = f["window"]
        due = f["due"]
        in_month = (
            window[0] <= MONTH_END[month] and window[1] >= first.isoformat()
            if window
            else due is not None and first.isoformat() <= due <= MONTH_END[month]
        )
        if f["status"] == "at_risk" or (f["status"] == "violated" and in_month):
            expected.add(_key(f))
    md = _report(demo, month)
    listed = {}
    for cells in _rows(_section(md, "二、各单位存在的问题")):
        _n, unit, title, subject, period, state, _grade, _do, _step = cells
        listed[(unit, title, subject, period)] = "at_risk" if state == "临期" else "violated"
    assert expected - set(listed) == set()
    assert {k: problems.get(k) for k in listed} == listed
    # the units sections agree too: each stretch without updates is a violation of check
    for cells in _rows(_section(md, "八、账号、栏目等未更新情况")):
        site, units, period = cells[0], cells[1], cells[2]
        start = period.split(" 至 ")[0]
        assert any(
            f["entity"] == site and f["unit"] == units and f["window"][0] == start
            for f in checked
            if f["status"] == "violated" and f["window"]
        ), cells


def test_october_shows_the_veto_lapse_and_the_late_disclosures(demo: list[str]) -> None:
    """The issue's report: for 2023-10 the bulletin said every new-media account was fine while
    check found a 单项否决 lapse on 10-10..10-15 (an account silent from 9-26 to 10-16)."""
    md = _report(demo, "2023-10")
    veto = _rows(_section(md, "三、单项否决情况"))
    assert [(r[0], r[2], r[3], r[4]) for r in veto] == [
        (
            "县市场监督管理局",
            "于都市场监管（微信公众号）",
            "2023-10-10 至 2023-10-15",
            "期间未更新（已恢复）",
        )
    ]
    issues = _rows(_section(md, "二、各单位存在的问题"))
    commerce = {(r[2], r[3], r[5]) for r in issues if r[1] == "县商务局"}
    assert ("部门预算、决算及报表公开", "GK2023-00621", "逾期完成（2023-10-09）") in commerce
    # a lapse of September done in October is listed as carried; one done in July is not
    states = {(r[1], r[2]): r[5] for r in issues}
    assert (
        states[("罗江乡", "行政规范性文件系统清理并集中公开")]
        == "逾期完成（2023-10-10）（往月到期）"
    )
    assert not any(r[3] == "于政信申〔2023〕011号" for r in issues)


def test_september_original_shortfall_is_in_the_problems_and_marked(demo: list[str]) -> None:
    """县商务局's missing originals (6 of 10 in September) were only in the quota section.  As of
    9-30 the month's last day is still open (check says 临期 too); from October on it is a
    violation of September, listed in September's bulletin made later."""
    md = _report(demo, "2023-09")
    issues = _rows(_section(md, "二、各单位存在的问题"))
    assert ["县商务局", "每月原创信息", "", "2023-09-01 至 2023-09-30", "临期"] in [
        r[1:6] for r in issues
    ]
    late = _report(demo, "2023-09", "--as-of", "2023-10-31")  # the month is the cap
    assert "数据截至 2023-09-30" in late
    units = _rows(_section(md, "四、各单位信息发布情况"))
    row = next(r for r in units if r[1] == "县商务局")
    assert row[3] == "6 ✗"


def test_rejected_rows_are_listed(demo: list[str]) -> None:
    md = _report(demo, "2023-10")
    listed = {(Path(r[0]).name, int(r[1]), r[2]) for r in _rows(_section(md, "附一"))}
    rejected = _check(demo, "2023-10")["rejected"]
    assert listed == {(Path(r["file"]).name, r["line"], r["field"]) for r in rejected}
    assert ("posts.csv", 3418, "unit") in listed  # 县城管局, not in the directory the demo uses


def test_rectify_deadline_counts_working_days(demo: list[str]) -> None:
    """Five working days from the issue date, on the official calendar: issued on Thursday
    2023-09-28, the 中秋/国庆 break (9-29..10-06) is skipped and the make-up Saturday and
    Sunday (10-07, 10-08) count, so the deadline is 10-11 and the 复核 10-12."""
    md = _report(demo, "2023-09", "--issued", "2023-09-28")
    text = _section(md, "十、整改要求")
    assert "请存在违规事项的单位于 2023-10-11 前" in text
    assert "2023-09-28 起 5 个工作日内" in text
    assert "2023-10-12 起逐项复核" in text
    # by default the bulletin is issued on the first working day after the month
    text = _section(_report(demo, "2023-10"), "十、整改要求")
    assert "2023-11-08 前（本通报印发之日 2023-11-01 起 5 个工作日内）" in text
    text = _section(_report(demo, "2023-10", "--rectify-days", "10"), "十、整改要求")
    assert "2023-11-15 前" in text  # 11-02 … 11-15: ten working days


def test_escalation_of_consecutive_months(demo: list[str]) -> None:
    """县商务局 lapsed in September (originals) and in October (its 决算 published late)."""
    text = _section(_report(demo, "2023-10"), "十、整改要求")
    rows = {r[0]: r for r in _rows(text)}
    assert rows["县商务局"] == ["县商务局", "2023年9月、2023年10月", "2", "通报批评"]
    # 罗江乡's September lapse was only finished in October: not a second month
    assert "罗江乡" not in rows
    text = _section(_report(demo, "2023-10", "--interview-after", "2"), "十、整改要求")
    assert {r[0]: r[3] for r in _rows(text)}["县商务局"] == "约谈"
    text = _section(_report(demo, "2023-10", "--criticise-after", "3"), "十、整改要求")
    assert "县商务局" not in {r[0] for r in _rows(text)}


def _finding(unit: str, due: date, severity: Severity = Severity.DEDUCT) -> Finding:
    return Finding(
        "t.rule",
        "测试",
        "t",
        Status.VIOLATED,
        severity,
        unit,
        Citation("测试", "第1条"),
        due=due,
    )


def test_escalation_steps_from_settings() -> None:
    """Lapses in 3 consecutive months: 约谈; 2: 通报批评; a month without one resets; 提醒 does not
    count; a duty shared by two units counts for each."""
    month = date(2023, 10, 1)
    findings = [
        _finding("甲", date(2023, 8, 5)),
        _finding("甲", date(2023, 9, 5)),
        _finding("甲", date(2023, 10, 5)),
        _finding("乙", date(2023, 7, 5)),  # August has none: the run is September–October
        _finding("乙", date(2023, 9, 30)),
        _finding("乙", date(2023, 10, 2)),
        _finding("丙", date(2023, 9, 1), Severity.REMINDER),
        _finding("丙", date(2023, 10, 2)),
        _finding("丁、戊", date(2023, 9, 3)),
        _finding("丁", date(2023, 10, 9)),
    ]
    from govflow.report.bulletin.issues import month_issues

    issues = month_issues(findings, month, date(2023, 10, 31), lambda f: (None, False), len)
    steps = escalations(findings, issues, month, BulletinSettings(), len)
    assert {e.unit: (len(e.months), e.step) for e in steps} == {
        "甲": (3, "约谈"),
        "乙": (2, "通报批评"),
        "丁": (2, "通报批评"),
        "戊": (2, "通报批评"),  # the shared September duty is still not done in October
    }
    with pytest.raises(ValueError, match="interview_after"):
        BulletinSettings(criticise_after=3, interview_after=2)


def test_concerns_month() -> None:
    first, as_of = date(2023, 10, 1), date(2023, 10, 31)
    late = _finding("甲", date(2023, 9, 28))
    assert concerns_month(late, first, as_of, None)  # still open
    assert concerns_month(late, first, as_of, date(2023, 10, 7))  # done in the month
    assert not concerns_month(late, first, as_of, date(2023, 9, 30))  # done before it
    assert concerns_month(_finding("甲", date(2023, 10, 31)), first, as_of, None)
    assert not concerns_month(_finding("甲", date(2023, 11, 1)), first, as_of, None)
