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
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    run = CliRunner().invoke(main, ["demo-data", "--out", str(out), "--scale", "0"])
    assert run.exit_code == 0, run.output
    return out


@pytest.fixture(scope="module")
def demo(demo_dir: Path) -> list[str]:
    args = ["--plan", "yudu-2023"]
    for name in ("posts", "applications", "messages", "events", "disclosures"):
        args += ["--records", str(demo_dir / f"{name}.csv")]
    return args


@pytest.fixture(scope="module")
def planted(demo_dir: Path) -> dict[str, Any]:
    """What the demo planted: ``violations`` (rule, unit, entity, case, window, due) and
    ``rejected`` (file, line, field)."""
    data: dict[str, Any] = json.loads((demo_dir / "planted.json").read_text("utf-8"))
    assert data["violations"]
    assert data["rejected"]
    return data


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


def _vkey(v: dict[str, Any]) -> tuple[Any, ...]:
    """A planted violation's or a check finding's key (rule, unit, entity, case, window, due)."""
    window = tuple(v["window"]) if v["window"] else None
    return (v["rule"], v["unit"], v["entity"], v["case"], window, v["due"])


def _meets(v: dict[str, Any], month: str) -> bool:
    """Whether a violation's window meets the month, or (without a window) its due date is in it."""
    first, last = f"{month}-01", MONTH_END[month]
    if v["window"]:
        return bool(v["window"][0] <= last and v["window"][1] >= first)
    return bool(first <= v["due"] <= last)


def _planted_as_checked(
    demo: list[str], planted: dict[str, Any], month: str
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each planted violation with check's finding of it as of the month's last day (those not
    yet found then, due later, are left out)."""
    found = {_vkey(f): f for f in _check(demo, month)["findings"]}
    return [(v, found[_vkey(v)]) for v in planted["violations"] if _vkey(v) in found]


@pytest.mark.parametrize("month", ["2023-09", "2023-10", "2023-11"])
def test_planted_cases_and_vetoes_are_in_the_month(
    demo: list[str], planted: dict[str, Any], month: str
) -> None:
    """Every planted violation of a case (an application, a message, a disclosure) due in the
    month is in section 二 under its unit with its case id and due date; one due before the
    month is listed (往月到期) when it was still open at the month's start — with 逾期完成 and
    its date when done within the month — and not when it was done before; every 单项否决
    violation of the month is in section 三."""
    first = f"{month}-01"
    md = _report(demo, month)
    issues = _rows(_section(md, "二、各单位存在的问题"))
    listed = {(r[1], r[3], r[4]): r[5] for r in issues}
    pairs = _planted_as_checked(demo, planted, month)
    cases = [(v, f) for v, f in pairs if v["case"] and not v["window"]]
    in_month = [v for v, _ in cases if _meets(v, month)]
    assert in_month or month == "2023-11"  # none planted due in November
    for v in in_month:
        assert (v["unit"], v["case"], v["due"]) in listed, v
    carried = 0
    for v, f in cases:
        if v["due"] >= first:
            continue
        key = (v["unit"], v["case"], v["due"])
        if f["done"] is None:
            assert listed.get(key) == "逾期未完成（往月到期）", v
        elif f["done"] >= first:
            carried += 1
            assert listed.get(key) == f"逾期完成（{f['done']}）（往月到期）", v
        else:
            assert key not in listed, v  # done before the month: reported then
    assert carried or month != "2023-10"  # the demo plants lapses of September done in October
    veto = {(r[0], r[2], r[3]) for r in _rows(_section(md, "三、单项否决情况"))}
    expected_veto = {
        (v["unit"], v["entity"] or v["case"] or "", f"{v['window'][0]} 至 {v['window'][1]}")
        for v, f in pairs
        if f["severity"] == "veto" and f["status"] == "violated" and v["window"]
        if _meets(v, month)
    }
    assert expected_veto <= veto
    assert expected_veto or month != "2023-10"


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


def test_rejected_rows_are_listed(demo: list[str], planted: dict[str, Any]) -> None:
    """附一 lists the rows check rejected, each with its file, line and field, among them every
    row the demo planted as bad up to the month (the 县城管局 row: a unit not in the directory)."""
    md = _report(demo, "2023-10")
    rows = _rows(_section(md, "附一"))
    listed = {(Path(r[0]).name, int(r[1]), r[2]) for r in rows}
    rejected = _check(demo, "2023-10")["rejected"]
    assert listed == {(Path(r["file"]).name, r["line"], r["field"]) for r in rejected}
    bad_unit = next(r for r in planted["rejected"] if "县城管局" in r["description"])
    where = (bad_unit["file"], bad_unit["line"], bad_unit["field"])
    assert where in listed
    reason = next(r[3] for r in rows if (Path(r[0]).name, int(r[1]), r[2]) == where)
    assert "县城管局" in reason


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


def _previous(month: str) -> str:
    year, m = int(month[:4]), int(month[5:7])
    return f"{year - 1}-12" if m == 1 else f"{year}-{m - 1:02d}"


def _expected_escalations(
    demo: list[str], planted: dict[str, Any], month: str, criticise: int = 2, interview: int = 3
) -> dict[str, list[str]]:
    """The escalation table worked out from the planted violations, as the plan's office would:
    a unit lapsed in a month when a violation weighing in the assessment (not 提醒) was due in it;
    it lapsed in the bulletin's month when such a violation falls in it — due in it, a stretch
    meeting it, or due before and still not done when the month ended (one done late within the
    month was the lapse of its own month, not a second one)."""
    first = f"{month}-01"
    months: dict[str, set[str]] = {}
    now: set[str] = set()
    for v, f in _planted_as_checked(demo, planted, month):
        if f["status"] != "violated" or f["severity"] == "reminder":
            continue
        units = v["unit"].split("、")
        for unit in units:
            months.setdefault(unit, set()).add(v["due"][:7])
        if _meets(v, month) or (v["due"] < first and not v["window"] and f["done"] is None):
            now.update(units)
    out = {}
    for unit in now:
        run = [month]
        while _previous(run[-1]) in months.get(unit, set()):
            run.append(_previous(run[-1]))
        if len(run) < criticise:
            continue
        text = "、".join(f"{m[:4]}年{int(m[5:7])}月" for m in reversed(run))
        step = "约谈" if len(run) >= interview else "通报批评"
        out[unit] = [unit, text, str(len(run)), step]
    return out


@pytest.mark.parametrize("month", ["2023-10", "2023-11"])
def test_escalation_of_consecutive_months(
    demo: list[str], planted: dict[str, Any], month: str
) -> None:
    """The units named for 通报批评 or 约谈 are those the planted violations give (the plan:
    「对工作落实不到位的单位予以通报批评或约谈整改」); the settings move the steps."""
    text = _section(_report(demo, month), "十、整改要求")
    rows = {r[0]: r for r in _rows(text)}
    expected = _expected_escalations(demo, planted, month)
    assert expected  # the demo plants lapses in consecutive months
    assert rows == expected
    text = _section(_report(demo, month, "--interview-after", "2"), "十、整改要求")
    assert {r[0]: r for r in _rows(text)} == _expected_escalations(
        demo, planted, month, interview=2
    )
    text = _section(_report(demo, month, "--criticise-after", "3"), "十、整改要求")
    assert {r[0]: r for r in _rows(text)} == _expected_escalations(
        demo, planted, month, criticise=3
    )


def test_a_lapse_done_late_in_the_next_month_is_not_a_second_month(demo: list[str]) -> None:
    """县卫健委's two September lapses (方案二、(五)15 「坚持政策文件与解读材料同步起草、同步审签、
    同步发布」: the policy 于卫字〔2023〕4号 of 09-28 and its 解读 published after the break, on
    10-07) were finished in October: listed in October's bulletin as 往月到期 with 逾期完成, and not
    an October lapse — 县卫健委 is not escalated.  The policy rule's completion is the 解读's
    date, a field of its second evidence row; the bulletin once read the first and took the
    lapse for still open."""
    md = _report(demo, "2023-10")
    issues = [r for r in _rows(_section(md, "二、各单位存在的问题")) if r[1] == "县卫健委"]
    late = [r for r in issues if r[4] == "2023-09-28"]
    assert len(late) == 2
    assert {r[5] for r in late} == {"逾期完成（2023-10-07）（往月到期）"}
    assert "于卫字〔2023〕4号" in {r[3] for r in late}
    escalated = {r[0] for r in _rows(_section(md, "十、整改要求"))}
    assert "县卫健委" not in escalated


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
