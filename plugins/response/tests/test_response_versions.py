"""The 依申请公开 limits by the 条例 in force on the day the application was received.

《政府信息公开条例》 (2007, 国务院令第492号, in force 2008-05-01) 第二十四条: reply within 15
working days, extension at most 15.  The revision (国务院令第711号, in force 2019-05-15) 第三十三条:
20 and 20; 第三十条 (a 补正 notice within 7 working days) is new in it.

Expected dates are worked out by hand from the 2018 and 2019 holiday notices (2018 清明 04-05..07
off, Sunday 04-08 a make-up day; 2019 端午 06-07 off), never computed by the code under test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import govflow_response
import pytest
from click.testing import CliRunner

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from govflow.cli import main
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.settings import ClockSettings
from govflow.plugins.manager import Registry
from govflow.testing import findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"

HEADER = [
    "申请编号",
    "受理单位",
    "收到日期",
    "补正告知日期",
    "收到补正日期",
    "延长工作日数",
    "延期批准日期",
    "答复日期",
]
REPLY = "response.application-reply"
NOTICE = "response.correction-notice"


def _row(
    case: str,
    received: str,
    *,
    notice: str = "",
    corrected: str = "",
    extension: str = "",
    approved: str = "",
    replied: str = "",
) -> list[str]:
    return [case, "县财政局", received, notice, corrected, extension, approved, replied]


def _check(registry: Registry, plan: Plan, files: Sequence[Path]) -> CheckResult:
    return run_check(
        plan,
        files,
        calendar=registry.calendar(),
        as_of=date(2020, 12, 31),
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )


def test_the_reply_rule_has_the_2007_and_2019_versions() -> None:
    rules = {t.id: t for t in govflow_response.RULES}
    old, new = rules[REPLY].versions
    assert (old.valid_from, old.valid_until) == (date(2008, 5, 1), date(2019, 5, 14))
    assert (new.valid_from, new.valid_until) == (date(2019, 5, 15), None)
    assert old.period == Period.parse("15个工作日")
    assert new.period is None  # the template's own 20 working days
    assert isinstance(old.settings, ClockSettings)
    assert old.settings.max_extension_workdays == 15
    assert old.settings.max_pause_workdays is None  # 2007: no time limit for the third party
    assert "国务院令第492号" in old.citation.document
    assert old.citation.clause == "第二十四条第二款"
    assert "15个工作日内予以答复" in old.citation.text
    assert "国务院令第711号" in new.citation.document
    assert new.citation.clause == "第三十三条第二款"
    # the 7-working-day 补正 notice and the 15-working-day opinion limits are new in 2019
    for rid in (NOTICE, "response.third-party-opinion", "response.agency-opinion"):
        (only,) = rules[rid].versions
        assert (only.valid_from, only.valid_until) == (date(2019, 5, 15), None), rid
        assert "国务院令第711号" in only.citation.document


def test_received_the_day_before_the_revision_is_judged_by_the_2007_version(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = write_csv(
        tmp_path / "applications.csv",
        [
            HEADER,
            # Tue 05-14: 15 working days, 05-15..17 (1-3), 05-20..24 (4-8), 05-27..31 (9-13),
            # 06-03 (14), Tuesday 06-04 (15); under 20 it would have been 06-12
            _row("Y-1", "2019-05-14", replied="2019-06-05"),
            # Wed 05-15: 20 working days, 05-16..17 (1-2), 05-20..24 (3-7), 05-27..31 (8-12),
            # 06-03..06 (13-16), 06-07 端午, 06-10..13 (17-20)
            _row("Y-2", "2019-05-15", replied="2019-06-13"),
            # a 补正 before 2019-05-15: the 7-working-day notice rule was not yet in force
            _row(
                "Y-3",
                "2019-05-14",
                notice="2019-05-31",
                corrected="2019-06-03",
                replied="2019-06-20",
            ),
            _row(
                "Y-4",
                "2019-05-15",
                notice="2019-05-24",
                corrected="2019-05-27",
                replied="2019-06-20",
            ),
        ],
    )
    result = _check(govflow_registry, govflow_plan, [files])
    assert result.rejected == []
    (y1,) = findings_of(result, REPLY, case="Y-1")
    assert (y1.due, y1.status) == (date(2019, 6, 4), Status.VIOLATED)
    assert "国务院令第492号" in y1.source.document
    assert y1.source.clause == "第二十四条第二款"
    assert "第二十四条" in y1.trace[0]
    assert "2008-05-01至2019-05-14施行" in y1.trace[0]
    assert "15个工作日" in y1.explanation
    (y2,) = findings_of(result, REPLY, case="Y-2")
    assert (y2.due, y2.status) == (date(2019, 6, 13), Status.MET)
    assert "国务院令第711号" in y2.source.document
    assert "第三十三条" in y2.trace[0]
    (n3,) = findings_of(result, NOTICE, case="Y-3")
    assert n3.status is Status.NOT_APPLICABLE
    assert "早于本规则最早版本的施行日期 2019-05-15" in n3.explanation
    # 7 working days from 05-15: 05-16, 17, 20, 21, 22, 23, Friday 05-24
    (n4,) = findings_of(result, NOTICE, case="Y-4")
    assert (n4.due, n4.status) == (date(2019, 5, 24), Status.MET)
    assert n4.source.clause == "第三十条"


def test_the_extension_cap_follows_the_version(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = write_csv(
        tmp_path / "applications.csv",
        [
            HEADER,
            _row("X-2018", "2018-03-05", extension="16", approved="2018-03-20"),
            # 15 + 15 from Mon 03-05: 03-06..09 (1-4), 03-12..16 (5-9), 03-19..23 (10-14),
            # 03-26..30 (15-19), 04-02..04 (20-22), 04-08 (23, make-up Sunday), 04-09..13
            # (24-28), 04-16 (29), Tuesday 04-17 (30)
            _row(
                "X-2018b", "2018-03-05", extension="15", approved="2018-03-20", replied="2018-04-17"
            ),
            _row("X-2019", "2019-05-14", extension="20", approved="2019-05-20"),
            _row(
                "X-2020", "2020-06-01", extension="16", approved="2020-06-20", replied="2020-07-20"
            ),
        ],
    )
    result = _check(govflow_registry, govflow_plan, [files])
    assert [(r.line, r.field) for r in result.rejected] == [
        (2, "extension_days"),
        (4, "extension_days"),
    ]
    assert "延长 16 个工作日，超过上限 15 个工作日" in result.rejected[0].reason
    assert "国务院令第492号" in result.rejected[0].reason
    assert "延长 20 个工作日，超过上限 15 个工作日" in result.rejected[1].reason
    (b,) = findings_of(result, REPLY, case="X-2018b")
    assert (b.due, b.status) == (date(2018, 4, 17), Status.MET)
    (c,) = findings_of(result, REPLY, case="X-2020")
    assert c.status is Status.MET
    assert "国务院令第711号" in c.source.document
    assert not findings_of(result, REPLY, case="X-2018")


def test_before_the_2007_regulation_took_effect_nothing_is_judged(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    files = write_csv(tmp_path / "applications.csv", [HEADER, _row("Z-1", "2008-04-30")])
    result = _check(govflow_registry, govflow_plan, [files])
    (z,) = findings_of(result, REPLY, case="Z-1")
    assert (z.status, z.due) == (Status.NOT_APPLICABLE, None)
    assert "2008-04-30 早于本规则最早版本的施行日期 2008-05-01" in z.explanation
    assert "尚未施行" in z.explanation
    assert result.counts()["not_applicable"] == 1


@pytest.fixture
def cli() -> Iterator[CliRunner]:
    """A runner; the command sets the process's default calendar, put back afterwards."""
    saved: WorkCalendar = default_calendar()
    try:
        yield CliRunner()
    finally:
        set_default_calendar(saved)


def test_govflow_check_cites_the_version(cli: CliRunner, tmp_path: Path) -> None:
    ledger = write_csv(
        tmp_path / "依申请公开.csv",
        [
            HEADER,
            _row("Y-1", "2019-05-14", replied="2019-06-05"),
            _row("Y-2", "2019-05-15", replied="2019-06-20"),
            _row("Z-1", "2008-04-30"),
        ],
    )
    args = ["check", "--plan", GOVFLOW_PLAN, "--records", str(ledger), "--as-of", "2020-12-31"]
    table = cli.invoke(main, args)
    assert table.exit_code == 1, table.output  # two replies late
    assert (
        "依据：《中华人民共和国政府信息公开条例》（2007年，国务院令第492号） 第二十四条第二款"
        in table.output
    )
    assert "（该版本2008-05-01至2019-05-14施行）" in table.output
    assert "（2019年修订，国务院令第711号） 第三十三条第二款" in table.output
    assert "（该版本2019-05-15起施行）" in table.output
    assert "不适用（未据此判断，1）" in table.output
    assert "收到 2008-04-30 早于本规则最早版本的施行日期 2008-05-01" in table.output
    for fmt in ("md", "html"):  # the other renderings cite the version too
        rendered = cli.invoke(main, [*args, "--format", fmt]).output
        assert "（2007年，国务院令第492号）" in rendered, fmt
        assert "（该版本2008-05-01至2019-05-14施行）" in rendered, fmt
    out = cli.invoke(main, [*args, "--format", "json"])
    findings = {f["case"]: f for f in json.loads(out.output)["findings"] if f["rule"] == REPLY}
    y1 = findings["Y-1"]
    assert y1["due"] == "2019-06-04"
    assert y1["version"]["valid_from"] == "2008-05-01"
    assert y1["version"]["valid_until"] == "2019-05-14"
    assert (
        y1["source"]["document"] == "《中华人民共和国政府信息公开条例》（2007年，国务院令第492号）"
    )
    assert y1["source"]["clause"] == "第二十四条第二款"
    assert "第二十四条第二款" in y1["trace"][0]
    assert findings["Y-2"]["version"]["valid_from"] == "2019-05-15"
    assert findings["Z-1"]["status"] == "not_applicable"
    assert "version" not in findings["Z-1"]
