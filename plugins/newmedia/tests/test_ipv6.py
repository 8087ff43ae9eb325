"""Task 10's IPv6 target, from monitoring exports: 于府办字〔2023〕32号 二、(四)10
「全面完成政府网站IPv6改造工作,二、三级链接支持度达99%以上。」

达99%以上 is read inclusively (以上 includes the number, as 《刑法》第九十九条 states for that law's
own text): 99.0 meets it, 98.99 does not.  Site names are invented (测试用).
"""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from govflow_newmedia.monitor import MonitorSettings, percent_of

from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.planfile import plan_from_dict
from govflow.plan.settings import SettingError
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
RULE = "newmedia.ipv6-support"
SITE = "测试县人民政府网"  # invented
HEADER = ["网站名称", "单位", "监测日期", "栏目", "IPv6二级链接支持度", "IPv6三级链接支持度"]
SEED = "全面完成政府网站IPv6改造工作,二、三级链接支持度达99%以上"
START, AS_OF = date(2023, 10, 1), date(2023, 10, 31)


def _dir(base: Path, name: str) -> Path:
    (base / name).mkdir()
    return base / name


def _run(registry: Registry, plan: Plan, path: Path) -> CheckResult:
    return run_check(
        plan,
        [path],
        calendar=registry.calendar(),
        as_of=AS_OF,
        start=START,
        kinds=registry.record_kinds(),
        extra_rules=registry.rules(plan),
    )


def _plan_with_ipv6(registry: Registry, percent: float) -> Plan:
    """The Yudu plan with a test override of ``newmedia.site-monitoring`` (clause invented)."""
    data = tomllib.loads(registry.plans()["yudu-2023"].path.read_text("utf-8"))
    task = next(t for t in data["tasks"] if t["number"] == 10)
    task.setdefault("obligations", []).append(
        {
            "id": "newmedia.site-monitoring",
            "title": "政府网站监测指标（测试方案覆盖）",
            "clause": "测试用条款（虚构）",
            "deadline": {"period": "7日", "trigger": "可用性监测（监测1周）"},
            "settings": {"ipv6_percent": percent},
            "severity": "veto",
        }
    )
    plan: Plan = registry.bind(
        plan_from_dict(
            data,
            path="yudu-2023-ipv6.toml",
            directories=registry.unit_directories(),
            settings=registry.template_settings(),
        )
    )
    return plan


def _rows(*rows: tuple[str, str, str, str]) -> list[list[str]]:
    return [[SITE, "县大数据中心", day, "", second, third] for day, second, third, _ in rows]


@pytest.mark.parametrize(
    ("second", "third", "status"),
    [
        ("99.0", "99.0", Status.MET),  # 达99%以上: 99 itself is enough
        ("99", "100%", Status.MET),
        ("98.99", "99.5", Status.VIOLATED),  # 0.01 short on 二级链接
        ("99.5%", "98.99%", Status.VIOLATED),  # and on 三级链接
        ("99.5", "", Status.VIOLATED),  # 三级链接 not reported: not shown to be met
    ],
)
def test_boundary_at_the_latest_point(
    govflow_registry: Registry,
    govflow_plan: Plan,
    tmp_path: Path,
    second: str,
    third: str,
    status: Status,
) -> None:
    path = write_csv(
        tmp_path / "snapshots.csv", [HEADER, *_rows(("2023-10-20", second, third, ""))]
    )
    result = check_records(govflow_registry, govflow_plan, [path], AS_OF, START)
    [f] = findings_of(result, RULE)
    assert (f.status, f.entity, f.due) == (status, SITE, date(2023, 10, 20))
    assert f.source.text == SEED
    assert f.source.clause == "二、(四)10"
    assert f.unit == "县大数据中心"  # 牵头单位:县大数据中心
    if status is Status.VIOLATED:
        assert "未达99%以上" in f.explanation
        assert f.action


def test_only_the_latest_point_counts(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # short on 10-05, fixed by 10-20: met; fine on 10-05, short on 10-20: violated.
    # A point after as_of (11-02) is outside the check and does not count.
    fixed = _rows(("2023-10-05", "90", "90", ""), ("2023-10-20", "99.2", "99.9", ""))
    fixed += _rows(("2023-11-02", "50", "50", ""))
    path = write_csv(_dir(tmp_path, "a") / "snapshots.csv", [HEADER, *fixed])
    [f] = findings_of(check_records(govflow_registry, govflow_plan, [path], AS_OF, START), RULE)
    assert (f.status, f.due) == (Status.MET, date(2023, 10, 20))
    worse = _rows(("2023-10-05", "99.9", "99.9", ""), ("2023-10-20", "99.9", "98.5", ""))
    path = write_csv(_dir(tmp_path, "b") / "snapshots.csv", [HEADER, *worse])
    [g] = findings_of(check_records(govflow_registry, govflow_plan, [path], AS_OF, START), RULE)
    assert (g.status, g.due) == (Status.VIOLATED, date(2023, 10, 20))
    assert "三级链接98.5%低于99%" in g.explanation


def test_rows_without_values_and_the_lowest_row(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # column rows carry no IPv6 values; of two rows with values at one point the lowest counts
    rows = [
        [SITE, "县大数据中心", "2023-10-20", "", "99.5", "99.5"],
        [SITE, "县大数据中心", "2023-10-20", "工作动态", "", ""],
        [SITE, "县大数据中心", "2023-10-20", "通知公告", "98", "99.5"],
        [SITE, "县大数据中心", "2023-10-25", "工作动态", "", ""],  # no value: not a point
    ]
    path = write_csv(tmp_path / "snapshots.csv", [HEADER, *rows])
    [f] = findings_of(check_records(govflow_registry, govflow_plan, [path], AS_OF, START), RULE)
    assert (f.status, f.due, f.evidence_count) == (Status.VIOLATED, date(2023, 10, 20), 2)
    assert "二级链接98%低于99%" in f.explanation


def test_a_file_without_ipv6_columns_is_not_judged(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows = [[SITE, "县大数据中心", "2023-10-20", "", "2023-10-19"]]
    path = write_csv(
        tmp_path / "snapshots.csv",
        [["网站名称", "单位", "监测日期", "栏目", "最后更新日期"], *rows],
    )
    result = check_records(govflow_registry, govflow_plan, [path], AS_OF, START)
    assert findings_of(result, RULE) == []
    [u] = [u for u in result.unjudged if u.rule.id == RULE]
    assert u.fields == ("ipv6_second", "ipv6_third")
    assert "“IPv6二级链接支持度”、“IPv6三级链接支持度”" in u.reason
    # the other indicators still read the file
    assert findings_of(result, "newmedia.snapshot-homepage-stale")
    # one of the two columns is not enough either
    half = write_csv(
        _dir(tmp_path, "half") / "snapshots.csv",
        [
            ["网站名称", "单位", "监测日期", "IPv6二级链接支持度"],
            [SITE, "县大数据中心", "2023-10-20", "50"],
        ],
    )
    again = check_records(govflow_registry, govflow_plan, [half], AS_OF, START)
    assert findings_of(again, RULE) == []
    assert [u.fields for u in again.unjudged if u.rule.id == RULE] == [("ipv6_third",)]


@pytest.mark.parametrize(
    ("cell", "why"),
    [
        ("0.995", "小数比例"),  # a ratio: ambiguous with 0.995%
        ("1", "小数比例"),  # full support as a ratio, or 1%?
        ("100.5", "超过100%"),
        ("约99%", "如 99.5 或 99.5%"),
        ("-1", "如 99.5 或 99.5%"),
    ],
)
def test_a_bad_value_is_a_rejected_row(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, cell: str, why: str
) -> None:
    rows = _rows(("2023-10-20", "99.5", cell, ""))
    result = _run(
        govflow_registry, govflow_plan, write_csv(tmp_path / "snapshots.csv", [HEADER, *rows])
    )
    assert [(r.line, r.field) for r in result.rejected] == [(2, "ipv6_third")]
    assert why in result.rejected[0].reason
    assert repr(cell) in result.rejected[0].reason
    assert findings_of(result, RULE) == []


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("99.5", "99.5"),
        ("99.5%", "99.5"),
        (" 99.5 ％", "99.5"),
        ("0", "0"),
        ("0.5%", "0.5"),
        ("", None),
    ],
)
def test_percent_forms(cell: str, value: str | None) -> None:
    assert percent_of(cell) == (Decimal(value) if value is not None else None)


def test_the_threshold_is_a_setting(govflow_registry: Registry, tmp_path: Path) -> None:
    assert MonitorSettings().ipv6_percent == 99
    bad: Any
    for bad in (0, 101, True, "99"):
        with pytest.raises(SettingError, match="ipv6_percent"):
            MonitorSettings(ipv6_percent=bad)
    strict = _plan_with_ipv6(govflow_registry, 99.5)
    path = write_csv(
        tmp_path / "snapshots.csv", [HEADER, *_rows(("2023-10-20", "99.4", "99.9", ""))]
    )
    [f] = findings_of(check_records(govflow_registry, strict, [path], AS_OF, START), RULE)
    assert f.status is Status.VIOLATED
    assert "不低于99.5%" in f.threshold
