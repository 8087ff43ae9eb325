"""The 国办秘函〔2019〕19号 indicators judged from monitoring exports (snapshot and probe records)
and the error-word check of post titles.

Every expectation is worked out by hand from the indicator's words (quoted in each test); the
look-backs are those of :mod:`govflow_newmedia.staleness`: an update on day *u* covers the
monitoring points *u* … *u* + 13, so the 14th day after it is the first stale point.

The error-word lists below are INVENTED for the tests (marked 测试用虚构词表); govflow ships
no word list.  Site and account names are invented as well.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import govflow_newmedia
import pytest
from govflow_newmedia.indicators import count_of, entity_stale, stale
from govflow_newmedia.monitor import MonitorSettings, SnapshotRow, column_type, probe_row
from govflow_newmedia.staleness import Lookback
from govflow_newmedia.wordlist import Entry, WordListError, hits_in, load_word_list, parse_text
from hypothesis import given
from hypothesis import strategies as st

from govflow.compliance.check import run_check
from govflow.compliance.kinds import Record
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.obligations import Severity
from govflow.plan.planfile import plan_from_dict
from govflow.plan.settings import SettingError
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
SITE = "测试县人民政府网"  # invented
SNAP_HEADER = [
    "网站或账号",
    "单位",
    "监测日期",
    "平台类型",
    "栏目",
    "栏目类型",
    "是否一级栏目",
    "最后更新日期",
    "是否空白栏目",
    "长期未更新",
    "死链数",
    "外链问题数",
    "错误表述",
    "敏感词",
    "超期未回应留言数",
    "互动功能可用",
]


def _snap(
    point: date,
    column: str,
    last: date | None,
    *,
    kind: str = "",
    site: str = SITE,
    unit: str = "县大数据中心",
    platform: str = "",
    top: str = "",
    blank: bool = False,
    long_stale: bool = False,
    dead: int = 0,
    external: int = 0,
    errors: str = "",
    sensitive: str = "",
    overdue: int = 0,
    usable: str = "",
) -> list[str]:
    return [
        site,
        unit,
        point.isoformat(),
        platform,
        column,
        kind,
        top,
        last.isoformat() if last else "",
        "是" if blank else "",
        "是" if long_stale else "",
        str(dead) if dead else "",
        str(external) if external else "",
        errors,
        sensitive,
        str(overdue) if overdue else "",
        usable,
    ]


def _check(
    registry: Registry,
    plan: Plan,
    tmp_path: Path,
    rows: Sequence[Sequence[str]],
    as_of: date,
    start: date,
    name: str = "snapshots.csv",
    header: Sequence[str] = SNAP_HEADER,
) -> Any:
    path = write_csv(tmp_path / name, [header, *rows])
    return check_records(registry, plan, [path], as_of, start)


def _one(result: Any, rule: str) -> Any:
    found = findings_of(result, rule)
    assert len(found) == 1, [(f.status, f.explanation) for f in found]
    return found[0]


# -- the record kinds ---------------------------------------------------------------------------


def test_kinds_are_declared_by_the_plugin(govflow_registry: Registry) -> None:
    kinds = govflow_registry.record_kinds()
    assert kinds["snapshot"] is govflow_newmedia.SNAPSHOT
    assert kinds["probe"] is govflow_newmedia.PROBE
    labels = {f.name: f.label for f in kinds["snapshot"].fields}
    assert labels["last_update"] == "最后更新日期"
    assert labels["blank"] == "是否空白栏目"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"column": "首页"}, "首页"),
        ({"column": ""}, "首页"),
        ({"column": "工作动态"}, "动态要闻"),
        ({"column": "乡镇要闻"}, "动态要闻"),
        ({"column": "通知公告"}, "通知公告"),
        ({"column": "县政府文件"}, "政策文件"),
        ({"column": "政策解读"}, "其他"),  # neither class: 政策解读 is not a 政策文件 column
        ({"column": "县长信箱"}, "互动"),
        ({"column": "", "platform": "政务新媒体"}, "账号"),
        ({"column": "专题", "column_type": "动态、要闻"}, "动态要闻"),
        ({"column": "专题", "column_type": "政务咨询"}, "互动"),
    ],
)
def test_column_type_from_the_export_or_the_name(values: dict[str, str], expected: str) -> None:
    assert column_type(values) == expected


def test_unknown_column_type_is_a_rejected_row(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "snapshots.csv",
        [SNAP_HEADER, _snap(date(2023, 10, 16), "专题", date(2023, 10, 1), kind="公示")],
    )
    result = run_check(
        govflow_plan,
        [path],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 10, 31),
        start=date(2023, 10, 1),
        kinds=govflow_registry.record_kinds(),
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    assert [(r.line, r.field) for r in result.rejected] == [(2, "column_type")]
    assert "首页、动态要闻、通知公告、政策文件、互动、账号、其他" in result.rejected[0].reason
    assert "'公示'" in result.rejected[0].reason


# -- WEB-01 首页不更新: 「监测2周，首页无信息更新的，即单项否决」 ------------------------------------


@pytest.mark.parametrize(
    ("point", "status"),
    [
        # last update 2023-10-02: 10-15 is 13 days later, inside (10-01, 10-15]
        (date(2023, 10, 15), Status.MET),
        # 10-16 is 14 days later: (10-02, 10-16] no longer holds 10-02
        (date(2023, 10, 16), Status.VIOLATED),
    ],
)
def test_homepage_two_weeks_boundary(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, point: date, status: Status
) -> None:
    rows = [_snap(point, "首页", date(2023, 10, 2))]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-homepage-stale")
    assert f.status is status
    assert f.severity is Severity.VETO
    assert f.unit == "县大数据中心"  # the portal's operator
    assert f.source.source_id == "WEB-01"
    if status is Status.VIOLATED:
        assert f.window == (point, point)
        assert "单项否决" in f.explanation
        assert f.evidence == (f"{tmp_path / 'snapshots.csv'}:2",)


def test_homepage_without_dated_item_counts_as_not_updated(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 「未注明信息发布时间的视为不更新」 (2017 普查表 note)
    rows = [_snap(date(2023, 10, 16), "首页", None)]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-homepage-stale")
    assert f.status is Status.VIOLATED
    assert "视为不更新" in f.explanation


def test_consecutive_stale_points_are_one_finding(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # weekly snapshots; the homepage is updated on 10-02 and then on 10-25
    points = [date(2023, 10, 9), date(2023, 10, 16), date(2023, 10, 23), date(2023, 10, 30)]
    rows = [
        _snap(p, "首页", date(2023, 10, 25) if p >= date(2023, 10, 25) else date(2023, 10, 2))
        for p in points
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-homepage-stale")
    # 10-09: 7 days, fresh; 10-16 and 10-23: 14 and 21 days, stale; 10-30: 5 days, fresh
    assert f.status is Status.VIOLATED
    assert f.window == (date(2023, 10, 16), date(2023, 10, 23))
    assert "2 个监测时点" in f.explanation


# -- WEB-09 睡眠账号 -------------------------------------------------------------------------------


def test_sleeping_account_across_national_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 「监测时间点前2周内无信息更新」; the monitor works on holidays: 09-28 + 14 days = 10-12,
    # inside the 国庆 break's aftermath, not moved
    rows = [
        _snap(d, "", date(2023, 9, 28), site="测试发布", unit="县财政局", platform="政务新媒体")
        for d in (date(2023, 10, 11), date(2023, 10, 12))
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-account-stale")
    assert f.status is Status.VIOLATED
    assert f.window == (date(2023, 10, 12), date(2023, 10, 12))
    assert f.unit == "县财政局"
    assert f.source.source_id == "WEB-09"


# -- WEB-02 栏目不更新 -------------------------------------------------------------------------------


def _columns(point: date, stale_news: int, fresh: int = 2) -> list[list[str]]:
    rows = [_snap(point, f"动态{i}", point - timedelta(days=20)) for i in range(stale_news)]
    rows += [_snap(point, f"要闻{i}", point - timedelta(days=1)) for i in range(fresh)]
    return rows


@pytest.mark.parametrize(("stale_news", "status"), [(4, Status.MET), (5, Status.VIOLATED)])
def test_five_stale_columns_is_a_veto(
    govflow_registry: Registry,
    govflow_plan: Plan,
    tmp_path: Path,
    stale_news: int,
    status: Status,
) -> None:
    # 「…累计超过(含)5个未更新」: 5 is a veto, 4 is not
    rows = _columns(date(2023, 10, 16), stale_news)
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-stale-columns")
    assert f.status is status
    assert f.actual == stale_news
    reminders = findings_of(result, "newmedia.snapshot-column-stale", status=Status.VIOLATED)
    assert len(reminders) == stale_news  # each stale column, for the 通报's list
    assert all(r.severity is Severity.REMINDER for r in reminders)
    assert {r.entity for r in reminders} == {f"{SITE}›动态{i}" for i in range(stale_news)}


@pytest.mark.parametrize(
    ("point", "stale_expected"),
    [
        # last update 2023-04-30; 6 calendar months back from 10-29 is 04-29: still fresh
        (date(2023, 10, 29), False),
        # from 10-30 it is 04-30 itself: the update no longer counts
        (date(2023, 10, 30), True),
    ],
)
def test_notice_columns_use_six_calendar_months(
    govflow_registry: Registry,
    govflow_plan: Plan,
    tmp_path: Path,
    point: date,
    stale_expected: bool,
) -> None:
    rows = [
        _snap(point, "通知公告", date(2023, 4, 30)),
        # a second-level 政策文件 column is outside item 1 (「…政策文件类一级栏目」)
        _snap(point, "部门文件", date(2022, 1, 1), kind="政策文件", top="否"),
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    stale_cols = findings_of(result, "newmedia.snapshot-column-stale", status=Status.VIOLATED)
    assert [f.entity for f in stale_cols] == ([f"{SITE}›通知公告"] if stale_expected else [])
    assert _one(result, "newmedia.snapshot-stale-columns").actual == int(stale_expected)


@pytest.mark.parametrize(("flagged", "status"), [(9, Status.MET), (10, Status.VIOLATED)])
def test_ten_long_stale_columns_is_a_veto(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, flagged: int, status: Status
) -> None:
    # 「应更新但长期未更新的栏目数量超过(含)10个」: the tool's flag on other columns
    point = date(2023, 10, 16)
    rows = [
        _snap(point, f"专栏{i}", date(2022, 5, 1), kind="其他", long_stale=True)
        for i in range(flagged)
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-long-stale-columns")
    assert f.status is status
    assert f.actual == flagged
    # other columns are not item 1's
    assert _one(result, "newmedia.snapshot-stale-columns").status is Status.MET


@pytest.mark.parametrize(("blank", "status"), [(4, Status.MET), (5, Status.VIOLATED)])
def test_five_blank_columns_is_a_veto(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, blank: int, status: Status
) -> None:
    # 「空白栏目数量超过(含)5个」; a blank 动态 column is counted here, not also as stale
    point = date(2023, 10, 16)
    rows = [_snap(point, f"动态{i}", None, blank=True) for i in range(blank)]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-blank-columns")
    assert f.status is status
    assert f.actual == blank
    assert _one(result, "newmedia.snapshot-stale-columns").actual == 0


# -- WEB-03 站点无法访问 ----------------------------------------------------------------------------

PROBE_HEADER = ["网站", "探测时间", "访问结果", "响应时间"]


def _probes(start: date, days: int, failures: dict[int, list[str]]) -> list[list[str]]:
    """20 probes a day; on day *k* the first probes take the seconds in ``failures[k]``."""
    rows = []
    for d in range(days):
        slow = failures.get(d, [])
        for i in range(20):
            moment = datetime.combine(start + timedelta(days=d), datetime.min.time())
            moment += timedelta(minutes=70 * i)
            seconds = slow[i] if i < len(slow) else "1.2"
            rows.append([SITE, moment.strftime("%Y-%m-%d %H:%M"), "", seconds])
    return rows


@pytest.mark.parametrize(
    ("slow", "failed", "status"),
    [
        # 7 of 140 visits at 15 s or more: 5.0%, 「超过(含)5%」 — a veto
        (["15"] * 7, 7, Status.VIOLATED),
        # the seventh took 14.9 s: 6 of 140 = 4.3%
        (["15"] * 6 + ["14.9"], 6, Status.MET),
        # 「超过(含)15秒」: 15.0 fails as 15 does
        (["16", "20", "15.0", "30", "15", "15", "99"], 7, Status.VIOLATED),
    ],
)
def test_site_unreachable_five_percent_of_a_week(
    govflow_registry: Registry,
    govflow_plan: Plan,
    tmp_path: Path,
    slow: list[str],
    failed: int,
    status: Status,
) -> None:
    rows = _probes(date(2023, 10, 2), 7, {3: slow})
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path,
        rows,
        date(2023, 10, 8),
        date(2023, 10, 2),
        "probes.csv",
        PROBE_HEADER,
    )
    f = _one(result, "newmedia.site-unreachable")
    assert f.status is status
    assert f.source.source_id == "WEB-03"
    assert (f.actual, f.expected) == (failed, 140)
    if status is Status.VIOLATED:
        assert f.window == (date(2023, 10, 2), date(2023, 10, 8))
        assert "占5.00%" in f.explanation


@pytest.mark.parametrize(("extra", "status"), [(40, Status.VIOLATED), (41, Status.MET)])
def test_exactly_five_percent_is_a_veto(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, extra: int, status: Status
) -> None:
    # 9 failures of 140 + 40 = 180 visits: exactly 5% — 「超过(含)5%」, a veto;
    # of 181 visits: 4.97%, not (the exact share is compared, not a rounded one)
    rows = _probes(date(2023, 10, 2), 7, {0: ["15"] * 9})
    rows += [[SITE, "2023-10-08 23:00", "成功", ""] for _ in range(extra)]
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path,
        rows,
        date(2023, 10, 8),
        date(2023, 10, 2),
        "probes.csv",
        PROBE_HEADER,
    )
    f = _one(result, "newmedia.site-unreachable")
    assert (f.actual, f.expected, f.status) == (9, 140 + extra, status)
    assert ("5.00%" if status is Status.VIOLATED else "4.97%") in f.explanation


def test_fewer_than_twenty_visits_a_day_is_noted(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows = _probes(date(2023, 10, 2), 7, {2: ["15"] * 8})
    rows = [r for r in rows if not r[1].startswith("2023-10-05")]  # one day unmonitored
    result = _check(
        govflow_registry,
        govflow_plan,
        tmp_path,
        rows,
        date(2023, 10, 8),
        date(2023, 10, 2),
        "probes.csv",
        PROBE_HEADER,
    )
    f = _one(result, "newmedia.site-unreachable")
    assert (f.actual, f.expected) == (8, 120)
    assert "1天访问少于20次" in f.explanation


def test_unreadable_probe_is_rejected(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "probes.csv",
        [PROBE_HEADER, [SITE, "2023-10-02 08:00", "", "很快"], [SITE, "2023-10-02 09:00", "", ""]],
    )
    result = run_check(
        govflow_plan,
        [path],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 10, 8),
        start=date(2023, 10, 2),
        kinds=govflow_registry.record_kinds(),
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    assert [(r.line, r.field) for r in result.rejected] == [(2, "seconds"), (3, "result")]
    assert "'很快'" in result.rejected[0].reason


def test_probe_failure_is_monotone_in_seconds() -> None:
    record = Record(
        "probe", "p.csv", 2, {"site": SITE, "time": datetime(2023, 10, 2), "seconds": "15"}
    )
    assert probe_row(record, 15).failed
    assert not probe_row(record, 16).failed
    said = Record(
        "probe",
        "p.csv",
        3,
        {"site": SITE, "time": datetime(2023, 10, 2), "result": "失败", "seconds": "1.0"},
    )
    assert probe_row(said, 15).failed  # the tool's own verdict counts


# -- 严重错误, 互动回应差, 链接可用性 --------------------------------------------------------------------


def test_serious_errors_reported_by_the_tool(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    point = date(2023, 10, 16)
    rows = [
        _snap(point, "工作动态", point, errors="测错甲→测对甲"),  # invented hit
        _snap(point, "通知公告", point, sensitive="测试敏感词"),  # invented hit
        _snap(point, "要闻", point),
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-errors")
    assert (f.status, f.severity, f.actual) == (Status.VIOLATED, Severity.VETO, 2)
    assert "工作动态：错误表述「测错甲→测对甲」" in f.explanation
    assert "通知公告：敏感词「测试敏感词」" in f.explanation
    assert f.evidence_count == 2


def test_interaction_overdue_messages_and_unusable_account(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    point = date(2023, 10, 16)
    rows = [
        _snap(point, "县长信箱", point, overdue=2),
        _snap(point, "咨询投诉", point, kind="互动"),
        _snap(
            point, "", point, site="测试发布", unit="县财政局", platform="政务新媒体", usable="否"
        ),
    ]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    by_entity = {f.entity: f for f in findings_of(result, "newmedia.snapshot-interaction")}
    assert by_entity[f"{SITE}›县长信箱"].status is Status.VIOLATED
    assert "2条有效留言超过3个月未回应" in by_entity[f"{SITE}›县长信箱"].explanation
    assert by_entity[f"{SITE}›咨询投诉"].status is Status.MET
    assert by_entity["测试发布"].status is Status.VIOLATED
    assert "未提供有效互动功能" in by_entity["测试发布"].explanation


def _plan_with_monitoring(registry: Registry, settings: dict[str, Any]) -> Plan:
    data = tomllib.loads(registry.plans()["yudu-2023"].path.read_text("utf-8"))
    task = next(t for t in data["tasks"] if t["number"] == 10)
    task.setdefault("obligations", []).append(
        {
            "id": "newmedia.site-monitoring",
            "title": "政府网站监测指标（测试方案覆盖）",
            "clause": "测试用条款（虚构）",
            "deadline": {"period": "7日", "trigger": "可用性监测（监测1周）"},
            "settings": settings,
            "severity": "veto",
        }
    )
    plan: Plan = registry.bind(
        plan_from_dict(
            data,
            path="yudu-2023-monitoring.toml",
            directories=registry.unit_directories(),
            settings=registry.template_settings(),
        )
    )
    return plan


def test_dead_links_are_a_deduction_with_a_plan_threshold(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    point = date(2023, 10, 16)
    rows = [_snap(point, "首页", point, dead=1), _snap(point, "工作动态", point, external=0)]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.link-availability")
    assert (f.status, f.severity) == (Status.VIOLATED, Severity.DEDUCT)
    assert "死链1个" in f.explanation
    lenient = _plan_with_monitoring(govflow_registry, {"max_dead_links": 1})
    again = check_records(
        govflow_registry,
        lenient,
        [tmp_path / "snapshots.csv"],
        date(2023, 10, 31),
        date(2023, 10, 1),
    )
    g = _one(again, "newmedia.link-availability")
    assert g.status is Status.MET
    assert "测试用条款（虚构）" in g.threshold


def test_settings_are_typed() -> None:
    assert MonitorSettings().failure_percent == 5
    with pytest.raises(SettingError, match="failure_percent"):
        MonitorSettings(failure_percent=0)
    with pytest.raises(SettingError, match="failure_percent"):
        MonitorSettings(failure_percent=101)
    with pytest.raises(SettingError, match="max_dead_links"):
        MonitorSettings(max_dead_links=-1)
    with pytest.raises(SettingError, match="word_list"):
        MonitorSettings(word_list="  ")


def test_plan_override_of_the_failure_share(govflow_registry: Registry, tmp_path: Path) -> None:
    plan = _plan_with_monitoring(govflow_registry, {"failure_percent": 10, "timeout_seconds": 10})
    # 14 visits of 140 took 10 s: 10% with the plan's 10 s and 10%
    rows = _probes(date(2023, 10, 2), 7, {1: ["10"] * 14})
    path = write_csv(tmp_path / "probes.csv", [PROBE_HEADER, *rows])
    result = check_records(govflow_registry, plan, [path], date(2023, 10, 8), date(2023, 10, 2))
    f = _one(result, "newmedia.site-unreachable")
    assert (f.status, f.actual) == (Status.VIOLATED, 14)
    assert "10秒" in f.threshold


# -- the word list (测试用虚构词表: INVENTED entries) ------------------------------------------------

INVENTED_TEXT = """\
# 测试用虚构词表（INVENTED for tests; govflow ships no word list）
测错甲 => 测对甲
测试局 => 测试局长 => 一般
"""


def test_text_word_list(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text(INVENTED_TEXT, encoding="utf-8")
    entries = load_word_list(path)
    assert entries == [
        Entry("测错甲", "测对甲", "严重", "错别字", 2),
        Entry("测试局", "测试局长", "一般", "错别字", 3),
    ]


def test_toml_word_list(tmp_path: Path) -> None:
    path = tmp_path / "words.toml"
    path.write_text(
        '# 测试用虚构词表\n[[entry]]\nwrong = "测错乙"\nright = "测对乙"\n\n'
        '[[entry]]\nwrong = "测试禁词"\nkind = "敏感词"\nlevel = "一般"\n',
        encoding="utf-8",
    )
    assert load_word_list(path) == [
        Entry("测错乙", "测对乙", "严重", "错别字", 2),
        Entry("测试禁词", "", "一般", "敏感词", 6),
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("w.txt", "测错甲\n", "w.txt:1：每行应为「错误写法 => 正确写法」"),
        ("w.txt", "# c\n测错甲 => 测错甲\n", "w.txt:2：错误写法与正确写法相同"),
        ("w.txt", "甲 => 乙\n甲 => 丙\n", "w.txt:2：错误写法 '甲' 与第 1 行重复"),
        ("w.txt", "甲 => 乙 => 很严重\n", "w.txt:1：级别应为 严重 或 一般"),
        ("w.txt", "# 只有注释\n", "w.txt：词表中没有词条"),
        ("w.toml", '[[entry]]\nwrong = "甲"\n', "w.toml:1：'甲' 缺少正确写法"),
        (
            "w.toml",
            '[[entry]]\nwrong = "甲"\nright = "乙"\n[[entry]]\nworng = "丙"\n',
            "w.toml:4：未知的键 worng",
        ),
        ("w.toml", "[[entry]]\nwrong = \n", "w.toml:2：不是有效的 TOML"),
        ("w.toml", '[words]\nwrong = "甲"\n', "w.toml：未知的表或键 words"),
        ("w.toml", '[[entry]]\nwrong = "甲"\nright = 1\n', "w.toml:1：right 应为文字"),
    ],
)
def test_word_list_errors_name_file_and_line(
    tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordListError) as info:
        load_word_list(path)
    assert f"{tmp_path}/{message}" in str(info.value)
    assert info.value.exit_code == 2


def test_word_list_missing_or_not_utf8(tmp_path: Path) -> None:
    with pytest.raises(WordListError, match="文件不存在"):
        load_word_list(tmp_path / "none.txt")
    path = tmp_path / "gbk.txt"
    path.write_bytes("测错甲 => 测对甲\n".encode("gb18030"))
    with pytest.raises(WordListError, match="不是 UTF-8"):
        load_word_list(path)


def test_hits_ignore_the_correct_form_containing_the_wrong_one() -> None:
    entries = parse_text(INVENTED_TEXT, "w.txt")
    assert [h.entry.wrong for h in hits_in("测试局长讲话", entries)] == []
    assert [(h.entry.wrong, h.position) for h in hits_in("测试局长与测试局", entries)] == [
        ("测试局", 5)
    ]
    assert [h.entry.wrong for h in hits_in("关于测错甲的通知", entries)] == ["测错甲"]


POST_HEADER = ["网站或账号", "平台类型", "单位", "栏目", "标题", "发布时间"]


def test_title_check_with_the_plans_word_list(govflow_registry: Registry, tmp_path: Path) -> None:
    words = tmp_path / "错误词表.txt"
    words.write_text(INVENTED_TEXT, encoding="utf-8")
    plan = _plan_with_monitoring(govflow_registry, {"word_list": str(words)})
    rules = {r.id for r in govflow_registry.rules(plan)}
    assert "newmedia.title-errors" in rules
    posts = write_csv(
        tmp_path / "posts.csv",
        [
            POST_HEADER,
            [SITE, "网站", "县财政局", "工作动态", "关于测错甲的通知", "2023-10-09 09:00"],
            [SITE, "网站", "县审计局", "工作动态", "测试局召开会议", "2023-10-10 09:00"],
            [SITE, "网站", "县民政局", "工作动态", "测试局长调研", "2023-10-11 09:00"],
        ],
    )
    result = check_records(govflow_registry, plan, [posts], date(2023, 10, 31), date(2023, 10, 1))
    found = {f.unit: f for f in findings_of(result, "newmedia.title-errors")}
    assert (found["县财政局"].status, found["县财政局"].severity) == (
        Status.VIOLATED,
        Severity.VETO,
    )
    assert "应为「测对甲」" in found["县财政局"].explanation
    assert found["县财政局"].evidence == (f"{posts}:2",)
    assert (found["县审计局"].status, found["县审计局"].severity) == (
        Status.VIOLATED,
        Severity.DEDUCT,
    )
    assert found["县民政局"].status is Status.MET


def test_no_word_list_no_title_rule(govflow_registry: Registry, govflow_plan: Plan) -> None:
    assert "newmedia.title-errors" not in {r.id for r in govflow_registry.rules(govflow_plan)}


def test_a_bad_word_list_fails_when_the_rules_are_made(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    words = tmp_path / "w.txt"
    words.write_text("甲\n", encoding="utf-8")
    plan = _plan_with_monitoring(govflow_registry, {"word_list": str(words)})
    with pytest.raises(WordListError, match=r"w\.txt:1"):
        govflow_registry.rules(plan)


# -- algebraic facts ----------------------------------------------------------------------------

_TYPES = ["动态要闻", "通知公告", "政策文件", "互动", "其他", "首页"]
_POINT = date(2023, 10, 16)


@st.composite
def _rows(draw: st.DrawFn) -> list[SnapshotRow]:
    n = draw(st.integers(0, 12))
    out = []
    for i in range(n):
        age = draw(st.one_of(st.none(), st.integers(0, 400)))
        out.append(
            SnapshotRow(
                site=SITE,
                unit="县大数据中心",
                day=_POINT,
                column=f"栏目{i}",
                type=draw(st.sampled_from(_TYPES)),
                top_level=draw(st.booleans()),
                last_update=None if age is None else _POINT - timedelta(days=age),
                blank=draw(st.booleans()),
                long_stale=draw(st.booleans()),
                dead_links=0,
                external_problems=0,
                errors=(),
                sensitive=(),
                overdue_messages=0,
                usable=True,
                ref=f"s.csv:{i + 2}",
            )
        )
    return out


@given(_rows(), st.integers(0, 11), st.integers(1, 6))
def test_a_fresh_update_never_creates_a_violation(
    rows: list[SnapshotRow], which: int, minimum: int
) -> None:
    from attrs import evolve
    from govflow_newmedia.indicators import classes_of

    lookup = classes_of(Lookback(days=14), Lookback(months=6))

    def pick(row: SnapshotRow, point: date) -> bool:
        look = lookup(row)
        return look is not None and stale(row, look, point)

    judges = [
        count_of(pick, minimum, "未更新的栏目", ""),
        count_of(lambda r, p: not r.blank and (r.long_stale or pick(r, p)), minimum, "x", ""),
        entity_stale({"首页"}, Lookback(days=14), "首页"),
    ]
    before = [j(_POINT, rows) for j in judges]
    if rows:
        i = which % len(rows)
        updated = [*rows[:i], evolve(rows[i], last_update=_POINT), *rows[i + 1 :]]
    else:
        updated = rows
    after = [j(_POINT, updated) for j in judges]
    for b, a in zip(before, after, strict=True):
        if a is not None and a.bad:
            assert b is not None
            assert b.bad
        if a is not None and b is not None and a.actual is not None and b.actual is not None:
            assert a.actual <= b.actual


def test_a_wrong_form_straddling_two_correct_forms_is_no_hit() -> None:
    """Found by the property below: 「丁丙」 appears in 「丙丁丙丁」 only across two 「丙丁」."""
    assert hits_in("丙丁丙丁", [Entry("丁丙", "丙丁")]) == []
    # a trailing 丙 outside every 丙丁: the last 丁丙 is a real one
    assert [h.position for h in hits_in("丙丁丙丁丙", [Entry("丁丙", "丙丁")])] == [3]
    assert [h.position for h in hits_in("丙丁。丁丙", [Entry("丁丙", "丙丁")])] == [3]


@given(
    st.text(alphabet="甲乙丙丁测试局长", min_size=1, max_size=4),
    st.text(alphabet="甲乙丙丁测试局长", min_size=1, max_size=6),
    st.integers(0, 3),
)
def test_a_text_of_correct_forms_has_no_hits(wrong: str, right: str, copies: int) -> None:
    if wrong == right:
        return
    entry = Entry(wrong, right)
    assert hits_in(right * copies, [entry]) == []
    # the wrong form standing apart from any correct form is always found
    if right not in wrong and wrong not in right:
        assert len(hits_in(f"{right}。{wrong}", [entry])) == 1


@given(
    st.lists(
        st.tuples(st.integers(0, 13), st.sampled_from(["1.0", "14.9", "15", "30"])), max_size=60
    ),
    st.integers(0, 59),
)
def test_a_successful_visit_never_creates_a_violation(
    govflow_plan: Plan, govflow_calendar: Any, visits: list[tuple[int, str]], which: int
) -> None:
    from govflow_newmedia.indicators import AvailabilityRule

    from govflow.compliance.context import Context

    def violations(rows: list[tuple[int, str]]) -> list[tuple[date, date] | None]:
        ctx = Context(
            plan=govflow_plan,
            calendar=govflow_calendar,
            as_of=date(2023, 10, 15),
            start=date(2023, 10, 2),
        )
        rule = AvailabilityRule(
            id="t", title="t", area="newmedia", settings=MonitorSettings(), owner="", threshold=""
        )
        for line, (day, seconds) in enumerate(rows, start=2):
            moment = datetime(2023, 10, 2 + day, 8, 0)
            data = {"site": SITE, "time": moment, "seconds": seconds}
            rule.feed(Record("probe", "p.csv", line, data), ctx)
        return [f.window for f in rule.finish(ctx) if f.status is Status.VIOLATED]

    before = violations(visits)
    if visits:
        i = which % len(visits)
        better = [*visits[:i], (visits[i][0], "1.0"), *visits[i + 1 :]]
    else:
        better = visits
    assert set(violations(better)) <= set(before)


def test_tool_hits_weigh_by_the_word_list(govflow_registry: Registry, tmp_path: Path) -> None:
    # 测试用虚构词表: 测错甲 is a minor slip (一般) for this office
    words = tmp_path / "words.txt"
    words.write_text("测错甲 => 测对甲 => 一般\n", encoding="utf-8")
    plan = _plan_with_monitoring(govflow_registry, {"word_list": str(words)})
    point = date(2023, 10, 16)
    minor = [_snap(point, "工作动态", point, errors="测错甲→测对甲")]
    result = _check(govflow_registry, plan, tmp_path, minor, date(2023, 10, 31), date(2023, 10, 1))
    f = _one(result, "newmedia.snapshot-errors")
    assert (f.status, f.severity) == (Status.VIOLATED, Severity.DEDUCT)
    assert "单项否决" not in f.explanation
    # a hit not in the list, or any 敏感词, stays a veto
    serious = [*minor, _snap(point, "要闻", point, errors="测错乙")]
    result = _check(
        govflow_registry, plan, tmp_path, serious, date(2023, 10, 31), date(2023, 10, 1)
    )
    assert _one(result, "newmedia.snapshot-errors").severity is Severity.VETO


def test_a_column_listed_twice_counts_once(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    point = date(2023, 10, 16)
    rows = [_snap(point, "专题", None, kind="其他", blank=True)] * 5
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.snapshot-blank-columns")
    assert (f.status, f.actual) == (Status.MET, 1)


def test_monitoring_binds_to_task_10_and_its_lead_unit(govflow_plan: Plan) -> None:
    # 于府办字〔2023〕32号 二、(四)10「强化政府网站平台监管」: 「确保信息质量有提升、相关栏目不逾期」,
    # 〔牵头单位:县大数据中心…〕; task 11 names the problems the indicators catch: 「针对政务新媒体
    # 更新不及时、错敏信息屡禁不止、互动渠道链接无效等问题」
    ob = govflow_plan.obligation("newmedia.site-monitoring")
    assert ob.task == "10"
    assert [u.name for u in govflow_plan.owner_units(ob)] == ["县大数据中心"]
    assert ob.settings == MonitorSettings()
    assert ob.severity is Severity.VETO
    assert ob.citation.source_id == "WEB-03"


def test_external_link_problems_count_too(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    point = date(2023, 10, 16)
    rows = [_snap(point, "首页", point), _snap(point, "县政府要闻", point, external=2)]
    result = _check(
        govflow_registry, govflow_plan, tmp_path, rows, date(2023, 10, 31), date(2023, 10, 1)
    )
    f = _one(result, "newmedia.link-availability")
    assert (f.status, f.actual) == (Status.VIOLATED, 2)
    assert "县政府要闻（死链0、外链2）" in f.explanation
    assert f.evidence == (f"{tmp_path / 'snapshots.csv'}:3",)
