"""govflow-newmedia: registration, templates, binding to the Yudu 2023 plan, and checking
records against the monitoring look-backs and the plan's own quotas and routines.

Expected dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号),
never computed by the code under test.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

import govflow_newmedia
import pytest
from govflow_newmedia.staleness import (
    ColumnLookbackSettings,
    EntityStalenessRule,
    Lookback,
    LookbackSettings,
    stale_stretches,
)
from hypothesis import given
from hypothesis import strategies as st

from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance.check import run_check
from govflow.compliance.rules import Status
from govflow.periods.core import PeriodUnit, compute_due
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Quota, Severity
from govflow.plan.planfile import PlanError, plan_from_dict
from govflow.plan.settings import ClockSettings
from govflow.plugins.manager import Registry
from govflow.testing import PluginContract, check_records, citation_agrees, findings_of, write_csv

NAME = "newmedia"
GOVFLOW_PLAN = "yudu-2023"


class TestContract(PluginContract):
    module = govflow_newmedia
    areas: ClassVar[dict[str, str]] = {NAME: "政府网站与政务新媒体"}
    plan = GOVFLOW_PLAN
    source_ids = r"[A-Z]{3,4}-\d{2}"


def test_veto_citation_agrees_with_registry() -> None:
    c = govflow_newmedia.VETO_CITATION
    assert c.source_id == "WEB-02"
    citation_agrees(c.document, c.text, c.source_id)
    assert "5" in c.text


def test_monitoring_obligations_and_their_thresholds() -> None:
    rules = {t.id: t for t in govflow_newmedia.RULES}
    expected = {  # id: (period, settings, severity)
        "newmedia.account-update": (
            (PeriodUnit.DAYS, 14),
            LookbackSettings(max_gap_days=14),
            Severity.VETO,
        ),
        "newmedia.homepage-update": (
            (PeriodUnit.DAYS, 14),
            LookbackSettings(max_gap_days=14),
            Severity.VETO,
        ),
        "newmedia.news-columns": (
            (PeriodUnit.DAYS, 14),
            ColumnLookbackSettings(max_gap_days=14, veto_columns=5),
            Severity.REMINDER,
        ),
        "newmedia.notice-columns": (
            (PeriodUnit.MONTHS, 6),
            ColumnLookbackSettings(max_gap_months=6, veto_columns=5),
            Severity.REMINDER,
        ),
        "newmedia.message-response": (
            (PeriodUnit.MONTHS, 3),
            ClockSettings(monitoring=True),
            Severity.VETO,
        ),
    }
    for rid, ((unit, amount), settings, severity) in expected.items():
        template = rules[rid]
        assert isinstance(template.rule, Deadline)
        assert template.rule.trigger
        assert (template.rule.period.unit, template.rule.period.amount) == (unit, amount)
        assert template.settings == settings, rid
        assert template.severity is severity, rid
    # the rule is reported by secondary sources; its exact wording is unverified
    account = rules["newmedia.account-update"].citation
    assert account.grade == "S"
    assert "未核实" in account.document
    report = rules["newmedia.website-annual-report"].rule
    assert isinstance(report, Deadline)
    assert report.trigger is None
    assert report.period.unit is PeriodUnit.ANCHOR
    # records evidence the message rule and the annual report; the look-backs have rules of code
    evidence = {t.id: t.evidence for t in govflow_newmedia.RULES if t.evidence is not None}
    assert set(evidence) == {"newmedia.message-response", "newmedia.website-annual-report"}
    message = evidence["newmedia.message-response"]
    assert (message.kind, message.trigger, message.done) == ("message", "received", "replied")
    annual = evidence["newmedia.website-annual-report"]
    assert (annual.kind, annual.where, annual.done) == (
        "disclosure",
        {"kind": "网站年度报表"},
        "published",
    )
    assert not hasattr(govflow_newmedia, "monitoring_deadline")


def test_bound_to_tasks_10_and_11_of_yudu_2023(govflow_plan: Plan) -> None:
    added = {o.id: o for o in govflow_plan.obligations() if o.origin == NAME}
    assert set(added) == {t.id for t in govflow_newmedia.RULES}
    assert added["newmedia.account-update"].task == "11"  # 政务新媒体
    website = set(added) - {"newmedia.account-update"}
    assert {added[i].task for i in website} == {"10"}  # 政府网站
    for rid in ("newmedia.homepage-update", "newmedia.website-annual-report"):
        assert [u.name for u in govflow_plan.owner_units(added[rid])] == ["县大数据中心"]
    owners = {u.name for u in govflow_plan.owner_units(added["newmedia.account-update"])}
    assert {"县政府办", "县财政局", "贡江镇"} <= owners  # 谁建设、谁负责: every account owner


def test_annual_report_is_a_dated_agenda_entry(
    govflow_plan: Plan, govflow_calendar: WorkCalendar
) -> None:
    from govflow.plan.schedule import occurrences

    ob = govflow_plan.obligation("newmedia.website-annual-report")
    items = occurrences(
        govflow_plan, govflow_plan.issued, date(2024, 1, 31), govflow_calendar, obligations=[ob]
    )
    assert [(o.due, o.unit, o.task) for o in items] == [(date(2024, 1, 31), "县大数据中心", "10")]
    assert (
        occurrences(
            govflow_plan, govflow_plan.issued, date(2024, 1, 30), govflow_calendar, obligations=[ob]
        )
        == []
    )


def test_annual_report_date_is_not_moved_for_spring_festival(
    govflow_calendar: WorkCalendar,
) -> None:
    rule = {t.id: t for t in govflow_newmedia.RULES}["newmedia.website-annual-report"].rule
    assert isinstance(rule, Deadline)
    due = compute_due(date(2024, 6, 1), rule.period, calendar=govflow_calendar)
    assert due.due == date(2025, 1, 31)  # inside 春节 2025 (01-28..02-04), fixed dates stay
    assert not govflow_calendar.is_workday(due.due)
    # the last working day before it: 01-27 (Mon); 01-26 (Sun) is a make-up day
    last = max(
        d
        for d in (due.due - timedelta(days=k) for k in range(1, 15))
        if govflow_calendar.is_workday(d)
    )
    assert last == date(2025, 1, 27)
    assert govflow_calendar.is_workday(date(2025, 1, 26))
    assert any(step.code == "anchor_day" and "2025-01-27" in step.text for step in due.trace)


def test_lookback_arithmetic_by_hand() -> None:
    two_weeks = Lookback(days=14)
    six_months = Lookback(months=6)
    # an update on 09-19 covers the monitoring points 09-19..10-02; 10-03 looks back over
    # 09-20..10-03 (14 days) and finds nothing.  10-03 is a 国庆 holiday: the monitor checks anyway.
    assert two_weeks.first_stale(date(2023, 9, 19)) == date(2023, 10, 3)
    # months: 2023-07-31 looks back to 2023-01-31 (excluded): an update that day no longer
    # counts; 183 days would say 2023-08-02
    assert six_months.first_stale(date(2023, 1, 31)) == date(2023, 7, 31)
    assert date(2023, 1, 31) + timedelta(days=183) == date(2023, 8, 2)
    # no corresponding day: 2024-02-29 looks back to 2023-08-29, 2024-03-01 to 2023-09-01
    assert six_months.first_stale(date(2023, 8, 31)) == date(2024, 3, 1)
    assert six_months.label() == "6个月"
    assert two_weeks.label() == "14日"
    with pytest.raises(ValueError, match="look-back"):
        Lookback(days=14, months=6)
    with pytest.raises(ValueError, match="look-back"):
        Lookback()
    # the stretches of stale points: the check starts as if updated on its first day
    updates = [date(2023, 9, 8), date(2023, 9, 19), date(2023, 10, 11), date(2023, 11, 20)]
    assert stale_stretches(updates, date(2023, 9, 1), date(2023, 10, 31), two_weeks) == [
        (date(2023, 10, 3), date(2023, 10, 10)),
        (date(2023, 10, 25), date(2023, 10, 31)),  # the 11-20 update is after the moment
    ]
    assert stale_stretches([], date(2023, 9, 1), date(2023, 9, 14), two_weeks) == []
    assert stale_stretches([], date(2023, 9, 1), date(2023, 9, 15), two_weeks) == [
        (date(2023, 9, 15), date(2023, 9, 15))
    ]


@given(
    st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31)),
    st.integers(1, 14),
    st.integers(1, 24),
)
def test_first_stale_is_the_first_point_the_update_no_longer_counts(
    last: date, days: int, months: int
) -> None:
    """An update on *last* counts at a point while it falls after the look-back's excluded day
    (``back``): the first stale point is the first at which it does not (remembered per date)."""
    for lookback in (Lookback(days=days), Lookback(months=months)):
        stale = lookback.first_stale(last)
        assert lookback.back(stale) >= last
        assert lookback.back(stale - timedelta(days=1)) < last
        assert lookback.first_stale(last) == stale  # the remembered answer is the same


def reference_stretches(
    updates: list[date], start: date, as_of: date, lookback: Lookback
) -> list[tuple[date, date]]:
    """The stale stretches point by point: a point is stale when no update (the start counting
    as one) falls after its look-back's excluded day and on or before it."""
    known = sorted({start, *(d for d in updates if start < d <= as_of)})
    out: list[tuple[date, date]] = []
    point = start
    while point <= as_of:
        if not any(lookback.back(point) < d <= point for d in known):
            if out and out[-1][1] == point - timedelta(days=1):
                out[-1] = (out[-1][0], point)
            else:
                out.append((point, point))
        point += timedelta(days=1)
    return out


@given(
    st.lists(st.dates(min_value=date(2023, 1, 1), max_value=date(2023, 12, 31)), max_size=12),
    st.dates(min_value=date(2023, 1, 1), max_value=date(2023, 6, 30)),
    st.integers(0, 200),
    st.integers(1, 20),
    st.integers(1, 3),
)
def test_stale_stretches_are_the_points_no_update_covers(
    updates: list[date], start: date, span: int, days: int, months: int
) -> None:
    as_of = start + timedelta(days=span)
    for lookback in (Lookback(days=days), Lookback(months=months)):
        found = stale_stretches(updates, start, as_of, lookback)
        assert found == reference_stretches(updates, start, as_of, lookback)


def test_no_update_is_stale_sooner_than_the_shortest_lookback() -> None:
    # every day of a common and a leap year (the shortest months are in February)
    days = [date(2023, 1, 1) + timedelta(days=k) for k in range(731)]
    for n in range(1, 25):
        for lookback in (Lookback(days=n), Lookback(months=n)):
            assert min(lookback.first_stale(d) - d for d in days) >= lookback.shortest
    assert Lookback(months=1).first_stale(date(2023, 2, 1)) - date(2023, 2, 1) == timedelta(28)


def test_lookbacks_are_not_moved_like_legal_periods(govflow_calendar: WorkCalendar) -> None:
    account = {t.id: t for t in govflow_newmedia.RULES}["newmedia.account-update"].rule
    assert isinstance(account, Deadline)
    last = date(2023, 9, 20)
    # the monitor: stale from 10-04, a holiday of the 国庆 break (09-29..10-06)
    assert Lookback(days=14).first_stale(last) == date(2023, 10, 4)
    assert not govflow_calendar.is_workday(date(2023, 10, 4))
    # a legal period of 14日 would end on 10-04 and move to 10-07 (make-up Saturday)
    assert compute_due(last, account.period, calendar=govflow_calendar).due == date(2023, 10, 7)


# ---------------------------------------------------------------------------------------------
# Checking records: CSV files with Chinese headers, run through govflow.compliance.check.run_check

POST_HEADER = ["网站或账号", "平台类型", "单位", "栏目", "标题", "发布时间", "是否原创", "是否首页"]
PORTAL = "于都县人民政府网"


def _every(first: date, last: date, step: int) -> list[date]:
    return [first + timedelta(days=k) for k in range(0, (last - first).days + 1, step)]


def _post(
    site: str,
    platform: str,
    unit: str,
    column: str,
    day: date,
    *,
    original: bool = False,
    homepage: bool = False,
) -> list[str]:
    return [
        site,
        platform,
        unit,
        column,
        f"{unit}{column}{day}",
        f"{day} 09:30",
        "是" if original else "否",
        "是" if homepage else "否",
    ]


def test_rules_are_contributed_with_sources(govflow_registry: Registry, govflow_plan: Plan) -> None:
    # other plugins contribute rules too (policy.interpretation-linked): this plugin's only
    rules = {r.id: r for r in govflow_registry.rules(govflow_plan) if r.id.startswith("newmedia.")}
    assert set(rules) == set(govflow_newmedia.RULE_IDS)
    account = rules["newmedia.account-stale"]
    assert isinstance(account, EntityStalenessRule)
    assert account.per_unit  # 谁建设、谁负责: each unit's account on its own
    sources = {rid: r.source.source_id for rid, r in rules.items()}
    assert sources == {
        "newmedia.account-stale": "WEB-09",
        "newmedia.homepage-stale": "WEB-01",
        "newmedia.news-column-stale": "WEB-02",
        "newmedia.notice-column-stale": "WEB-02",
        "newmedia.stale-columns-veto": "WEB-02",
        "newmedia.snapshot-homepage-stale": "WEB-01",
        "newmedia.snapshot-account-stale": "WEB-09",
        "newmedia.snapshot-column-stale": "WEB-02",
        "newmedia.snapshot-stale-columns": "WEB-02",
        "newmedia.snapshot-long-stale-columns": "WEB-02",
        "newmedia.snapshot-blank-columns": "WEB-02",
        "newmedia.site-unreachable": "WEB-03",
        "newmedia.snapshot-errors": "WEB-11",
        "newmedia.snapshot-interaction": "WEB-04",
        "newmedia.link-availability": "WEB-12",
        "newmedia.ipv6-support": None,  # the plan's own clause (task 10), no source id
    }
    # the indicator of each rule, for reports, agrees with the rule's own citation
    for rid, rule in rules.items():
        assert govflow_newmedia.INDICATORS[rid].source_id == (rule.source.source_id or ""), rid
        assert govflow_newmedia.INDICATORS[rid].veto is (rule.severity is Severity.VETO), rid
    severities = {rid: r.severity for rid, r in rules.items()}
    assert severities == {
        "newmedia.account-stale": Severity.VETO,
        "newmedia.homepage-stale": Severity.VETO,
        "newmedia.news-column-stale": Severity.REMINDER,
        "newmedia.notice-column-stale": Severity.REMINDER,
        "newmedia.stale-columns-veto": Severity.VETO,
        "newmedia.snapshot-homepage-stale": Severity.VETO,
        "newmedia.snapshot-account-stale": Severity.VETO,
        "newmedia.snapshot-column-stale": Severity.REMINDER,
        "newmedia.snapshot-stale-columns": Severity.VETO,
        "newmedia.snapshot-long-stale-columns": Severity.VETO,
        "newmedia.snapshot-blank-columns": Severity.VETO,
        "newmedia.site-unreachable": Severity.VETO,
        "newmedia.snapshot-errors": Severity.VETO,
        "newmedia.snapshot-interaction": Severity.VETO,
        "newmedia.link-availability": Severity.DEDUCT,
        "newmedia.ipv6-support": Severity.DEDUCT,
    }
    assert all(r.area == NAME for r in rules.values())
    # each reads the obligation of the same name; none repeats an obligation's id
    own = {o.id for o in govflow_plan.obligations()}
    assert not own & set(rules)
    assert set(govflow_newmedia.RULE_IDS.values()) <= own
    # the plan's routines are checked by the core's generic rules, not repeated here
    assert govflow_plan.obligation("11.monthly-bulletin").evidence is not None
    assert isinstance(govflow_plan.obligation("11.weekly-self-check").rule, Quota)
    for oid in ("10.weekly-updates", "10.monthly-total", "10.monthly-original"):
        assert isinstance(govflow_plan.obligation(oid).rule, Quota)


def test_account_two_week_rule_across_national_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    # 县财政局's account: every 7 days, straight through the break (posting on holidays counts)
    for day in _every(date(2023, 9, 1), date(2023, 10, 31), 7):
        rows.append(_post("于都财政", "政务新媒体", "县财政局", "", day))
    # 县审计局's account: silent 2023-09-20..2023-10-10
    for day in [
        date(2023, 9, 1),
        date(2023, 9, 8),
        date(2023, 9, 19),
        date(2023, 10, 11),
        date(2023, 10, 18),
        date(2023, 10, 25),
    ]:
        rows.append(_post("于都审计", "政务新媒体", "县审计局", "", day))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2023, 10, 31), start=date(2023, 9, 1)
    )
    (met,) = findings_of(result, "newmedia.account-stale", unit="县财政局")
    assert met.status is Status.MET
    assert met.entity == "于都财政"
    assert met.severity is Severity.VETO
    (late,) = findings_of(result, "newmedia.account-stale", unit="县审计局")
    assert late.status is Status.VIOLATED
    assert late.entity == "于都审计"
    # by hand: the last update 09-19 covers the points 09-19..10-02 (14 days); 10-03 (a holiday,
    # the monitor still checks) to 10-10 look back over 14 days without an update
    assert late.window == (date(2023, 10, 3), date(2023, 10, 10))
    assert late.due == date(2023, 10, 3)
    assert late.done == date(2023, 10, 11)  # the update that ended the stretch
    assert met.done is None
    assert "14" in late.threshold
    assert "WEB-09" in (late.source.source_id or "")
    assert "newmedia插件默认值" in late.threshold
    # the website is not an account: no website post is judged by this rule
    assert {f.entity for f in findings_of(result, "newmedia.account-stale")} == {
        "于都财政",
        "于都审计",
    }


def _plan_with(govflow_registry: Registry, task: int, obligation: dict[str, Any]) -> Plan:
    data = tomllib.loads(govflow_registry.plans()["yudu-2023"].path.read_text("utf-8"))
    owner = next(t for t in data["tasks"] if t["number"] == task)
    owner.setdefault("obligations", []).append(obligation)
    bound: Plan = govflow_registry.bind(
        plan_from_dict(
            data,
            path="yudu-2023-override.toml",
            directories=govflow_registry.unit_directories(),
            settings=govflow_registry.template_settings(),
        )
    )
    return bound


def test_plan_overrides_the_two_week_threshold(govflow_registry: Registry, tmp_path: Path) -> None:
    clause = "政务新媒体保证每10天内都能更新信息"
    plan = _plan_with(
        govflow_registry,
        11,
        {
            "id": "newmedia.account-update",
            "title": "政务新媒体账号10日内须有更新",
            "clause": clause,
            "deadline": {"period": "10日", "trigger": "账号上一次更新"},
            "settings": {"max_gap_days": 10},
            "severity": "veto",
        },
    )
    ob = plan.obligation("newmedia.account-update")
    assert ob.origin == "plan"  # the plan's obligation replaces the plugin's
    rows: list[Sequence[str]] = [POST_HEADER]
    for day in _every(date(2023, 9, 1), date(2023, 10, 31), 7):
        rows.append(_post("于都财政", "政务新媒体", "县财政局", "", day))
    for day in [
        date(2023, 9, 1),
        date(2023, 9, 8),
        date(2023, 9, 19),
        date(2023, 10, 11),
        date(2023, 10, 18),
        date(2023, 10, 25),
    ]:
        rows.append(_post("于都审计", "政务新媒体", "县审计局", "", day))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, plan, [posts], date(2023, 10, 31), start=date(2023, 9, 1)
    )
    (met,) = findings_of(result, "newmedia.account-stale", unit="县财政局")
    assert met.status is Status.MET  # 7-day gaps
    late = findings_of(result, "newmedia.account-stale", unit="县审计局")
    # by hand, 10 days: 09-08 covers 09-08..09-17, so 09-18 is stale (the 09-19 update ends
    # it); 09-19 covers up to 09-28, so 09-29..10-10 are stale
    assert [f.window for f in late] == [
        (date(2023, 9, 18), date(2023, 9, 18)),
        (date(2023, 9, 29), date(2023, 10, 10)),
    ]
    for f in late:
        assert f.status is Status.VIOLATED
        assert f.severity is Severity.VETO
        assert f.title == "政务新媒体账号10日内须有更新"
        # the finding says which threshold applied, and that the plan set it
        assert "10日" in f.threshold
        assert "于府办字〔2023〕32号" in f.threshold
        assert clause in f.threshold
        assert "14日" in f.threshold  # the default it replaced
        assert "10日" in f.explanation
    # the legal basis of the rule stays the indicator
    assert late[0].source.source_id == "WEB-09"


def test_plan_override_by_period_alone(govflow_registry: Registry) -> None:
    plan = _plan_with(
        govflow_registry,
        11,
        {
            "id": "newmedia.account-update",
            "title": "政务新媒体账号10日内须有更新",
            "clause": "保证每10天内都能更新信息",
            "deadline": {"period": "10日", "trigger": "账号上一次更新"},
        },
    )
    (rule,) = [r for r in govflow_registry.rules(plan) if r.id == "newmedia.account-stale"]
    assert isinstance(rule, EntityStalenessRule)
    assert rule.lookback == Lookback(days=10)
    assert rule.severity is Severity.DEDUCT  # the plan did not say veto


def test_plan_override_in_working_days_is_refused_clearly(govflow_registry: Registry) -> None:
    plan = _plan_with(
        govflow_registry,
        11,
        {
            "id": "newmedia.account-update",
            "title": "政务新媒体账号每5个工作日更新",
            "clause": "每5个工作日至少更新1次",
            "deadline": {"period": "5个工作日", "trigger": "账号上一次更新"},
        },
    )
    with pytest.raises(PlanError, match=r"newmedia\.account-update.*按自然日或月计算"):
        govflow_registry.rules(plan)


def test_plan_override_in_months_keeps_the_calendar_months(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    plan = _plan_with(
        govflow_registry,
        11,
        {
            "id": "newmedia.account-update",
            "title": "政务新媒体账号每月须有更新",
            "clause": "政务新媒体每月至少更新1次",
            "deadline": {"period": "1个月", "trigger": "账号上一次更新"},
            "severity": "veto",
        },
    )
    rows: list[Sequence[str]] = [POST_HEADER]
    for day in [date(2023, 7, 31), date(2023, 9, 5)]:
        rows.append(_post("于都审计", "政务新媒体", "县审计局", "", day))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, plan, [posts], date(2023, 9, 30), start=date(2023, 7, 1)
    )
    (late,) = findings_of(result, "newmedia.account-stale")
    # by hand: 08-30 looks back to 07-30 (excluded) and sees 07-31; 08-31 looks back to 07-31
    # (excluded): stale from 08-31 until the 09-05 update
    assert late.window == (date(2023, 8, 31), date(2023, 9, 4))
    assert late.unit == "县审计局"
    assert "1个月" in late.threshold


def test_homepage_is_judged_per_site_whoever_publishes(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    # two units take turns on the portal's homepage: each alone leaves 16-day gaps, together 8
    for day in _every(date(2023, 9, 1), date(2023, 10, 31), 16):
        rows.append(_post(PORTAL, "网站", "县财政局", "要闻", day, homepage=True))
    for day in _every(date(2023, 9, 9), date(2023, 10, 31), 16):
        rows.append(_post(PORTAL, "网站", "县教科体局", "要闻", day, homepage=True))
    # a township site's homepage: nothing from 09-25 to 10-12
    for day in [
        date(2023, 9, 1),
        date(2023, 9, 12),
        date(2023, 9, 25),
        date(2023, 10, 12),
        date(2023, 10, 24),
    ]:
        rows.append(_post("贡江镇门户", "网站", "贡江镇", "乡镇要闻", day, homepage=True))
    # not on a homepage: does not count
    for day in _every(date(2023, 9, 1), date(2023, 10, 31), 1):
        rows.append(_post("贡江镇门户", "网站", "贡江镇", "通知公告", day))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2023, 10, 31), start=date(2023, 9, 1)
    )
    (portal,) = findings_of(result, "newmedia.homepage-stale", entity=PORTAL)
    assert portal.status is Status.MET
    assert portal.unit == "县大数据中心"  # the portal's operator answers for its homepage
    (town,) = findings_of(result, "newmedia.homepage-stale", entity="贡江镇门户")
    assert town.status is Status.VIOLATED
    assert town.severity is Severity.VETO
    # by hand: 09-25 covers 09-25..10-08; 10-09..10-11 look back 14 days without an update
    # (the whole 国庆 break lies inside the gap; nothing is moved)
    assert town.window == (date(2023, 10, 9), date(2023, 10, 11))
    assert town.evidence  # the last update before the gap
    assert town.source.source_id == "WEB-01"


def test_notice_columns_use_calendar_months(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    for day in [date(2023, 1, 31), date(2023, 8, 15)]:
        rows.append(_post(PORTAL, "网站", "县财政局", "通知公告", day))
    for day in _every(date(2023, 1, 5), date(2023, 10, 31), 30):
        rows.append(_post(PORTAL, "网站", "县财政局", "政策文件", day))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2023, 10, 31), start=date(2023, 1, 1)
    )
    notices = findings_of(result, "newmedia.notice-column-stale")
    by_column = {f.entity: f for f in notices}
    assert set(by_column) == {f"{PORTAL}›通知公告", f"{PORTAL}›政策文件"}
    stale = by_column[f"{PORTAL}›通知公告"]
    assert stale.status is Status.VIOLATED
    assert stale.severity is Severity.REMINDER  # one column alone is not the veto
    # by hand: 2023-07-30 looks back to 01-30 (excluded) and sees 01-31; 07-31 looks back to
    # 01-31 (excluded) and sees nothing until the 08-15 update
    assert stale.window == (date(2023, 7, 31), date(2023, 8, 14))
    assert "6个月" in stale.threshold
    assert by_column[f"{PORTAL}›政策文件"].status is Status.MET
    # a 动态 column is not a notice column
    assert not findings_of(result, "newmedia.news-column-stale")


def _column_rows(
    site: str, unit: str, columns: Sequence[str], silent: tuple[date, date], first: date, last: date
) -> list[list[str]]:
    rows = []
    for column in columns:
        for day in _every(first, last, 7):
            if not silent[0] <= day <= silent[1]:
                rows.append(_post(site, "网站", unit, column, day))
    return rows


def test_five_stale_columns_are_a_veto_per_site(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    first, last = date(2023, 1, 6), date(2023, 10, 31)  # weekly: ..., 09-22, 09-29, 10-06, ...
    silent = (date(2023, 9, 23), date(2023, 10, 9))  # the updates of 09-29 and 10-06 skipped
    four = ["财政动态", "教育动态", "卫健动态", "审计动态"]
    rows += _column_rows(PORTAL, "县财政局", four, silent, first, last)
    rows += _column_rows(PORTAL, "县财政局", ["民政动态"], (date(2000, 1, 1),) * 2, first, last)
    # a notice column last updated 03-31, next 10-20: stale from 10-01 (looks back to 04-01)
    for day in [date(2023, 1, 31), date(2023, 3, 31), date(2023, 10, 20)]:
        rows.append(_post(PORTAL, "网站", "县司法局", "通知公告", day))
    # another site: the same four news columns stale at once, and nothing else
    rows += _column_rows("贡江镇门户", "贡江镇", four, silent, first, last)
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2023, 10, 31), start=date(2023, 1, 1)
    )
    # by hand: a news column last updated 09-22 is stale from 10-06 (looks back over
    # 09-23..10-06) until its next update on 10-13; the notice column from 10-01 to 10-19.
    # 10-06..10-12: 4 news columns + 1 notice column = 5 stale at once: the veto
    (veto,) = findings_of(result, "newmedia.stale-columns-veto", entity=PORTAL)
    assert veto.status is Status.VIOLATED
    assert veto.severity is Severity.VETO
    assert veto.window == (date(2023, 10, 6), date(2023, 10, 12))
    assert veto.actual == 5
    assert veto.done == date(2023, 10, 13)  # the updates of 10-13 ended it
    assert veto.unit == "县司法局、县财政局"
    for column in [*four, "通知公告"]:
        assert column in veto.explanation
    assert "民政动态" not in veto.explanation
    assert veto.source.text == "累计超过(含)5个未更新"
    (other,) = findings_of(result, "newmedia.stale-columns-veto", entity="贡江镇门户")
    assert other.status is Status.MET
    assert other.actual == 4  # four at most: no veto
    news = {f.entity: f for f in findings_of(result, "newmedia.news-column-stale", unit="县财政局")}
    assert news[f"{PORTAL}›财政动态"].window == (date(2023, 10, 6), date(2023, 10, 12))
    assert news[f"{PORTAL}›民政动态"].status is Status.MET


def test_message_unanswered_three_months(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    header = ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"]
    messages = write_csv(
        tmp_path / "messages.csv",
        [
            header,
            # received 06-20: three months end 09-20 (a Wednesday, a working day)
            ["M1", "县长信箱", "县民政局", "2023-06-20 09:00", "否", "2023-09-20 17:00"],
            ["M2", "县长信箱", "县民政局", "2023-06-20 09:00", "否", "2023-09-21 09:00"],
            ["M3", "县政府网站网络问政", "县人社局", "2023-06-20 09:00", "否", ""],
            # received 07-05: three months end on 10-05, inside the 国庆 break; a reply on 10-04
            # (a holiday) is in time, one on 10-09 is over three months on every reading
            ["M4", "县政府网站网络问政", "县人社局", "2023-07-05 10:00", "否", "2023-10-04 10:00"],
            ["M5", "县政府网站网络问政", "县人社局", "2023-07-05 10:00", "否", "2023-10-09 10:00"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [messages], date(2023, 10, 31))
    status = {f.case: f for f in findings_of(result, "newmedia.message-response")}
    assert {k: f.status for k, f in status.items()} == {
        "M1": Status.MET,
        "M2": Status.VIOLATED,
        "M3": Status.VIOLATED,
        "M4": Status.MET,
        "M5": Status.VIOLATED,
    }
    assert status["M1"].due == date(2023, 9, 20)
    assert status["M3"].severity is Severity.VETO
    assert status["M3"].source.source_id == "WEB-04"
    # the plan's own 5-working-day rule judges the same messages, as the plan requires too
    assert {f.case for f in findings_of(result, "18.message-reply")} == set(status)


def test_website_annual_report_by_31_january(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    header = ["编号", "公开单位", "公开类型", "公开日期", "标题"]
    on_time = write_csv(
        tmp_path / "on_time.csv",
        [
            header,
            ["R1", "县大数据中心", "网站年度报表", "2024-01-31", "2023年政府网站工作年度报表"],
        ],
    )
    late = write_csv(
        tmp_path / "late.csv",
        [
            header,
            ["R1", "县大数据中心", "网站年度报表", "2024-02-01", "2023年政府网站工作年度报表"],
        ],
    )
    for path, expected in [(on_time, Status.MET), (late, Status.VIOLATED)]:
        result = run_check(
            govflow_plan,
            [path],
            calendar=govflow_registry.calendar(),
            as_of=date(2024, 2, 29),
            kinds=govflow_registry.record_kinds(),
            kind_of={str(path): "disclosure"},
            extra_rules=govflow_registry.rules(govflow_plan),
        )
        (f,) = findings_of(result, "newmedia.website-annual-report")
        assert f.status is expected
        assert f.due == date(2024, 1, 31)  # 次年1月31日前, a Wednesday
        assert f.unit == "县大数据中心"


def test_weekly_self_check_once_in_each_week_of_the_national_day_break(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    header = ["单位", "类型", "日期", "标题"]
    rows: list[Sequence[str]] = [header]
    # 「开展每周一自查」: once a week (issue 11), due on the week's Sunday, not moved: 09-17,
    # 09-24, 10-01, 10-08, 10-15.  The week of 10-02 is all holiday but its weekend, 10-07 and
    # 10-08, is made up: the check of that week is done then
    for day in ["2023-09-11", "2023-09-20", "2023-09-28", "2023-10-07", "2023-10-13"]:
        rows.append(["县财政局", "自查", day, "政务新媒体自查"])
    for day in ["2023-09-11", "2023-09-18", "2023-09-25", "2023-10-09"]:
        rows.append(["县审计局", "自查", day, "政务新媒体自查"])
    events = write_csv(tmp_path / "events.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [events], date(2023, 10, 15), start=date(2023, 9, 11)
    )
    dues = [
        date(2023, 9, 17),
        date(2023, 9, 24),
        date(2023, 10, 1),
        date(2023, 10, 8),
        date(2023, 10, 15),
    ]
    finance = findings_of(result, "11.weekly-self-check", unit="县财政局")
    assert [(f.due, f.status) for f in finance] == [(d, Status.MET) for d in dues]
    assert finance[1].window == (date(2023, 9, 18), date(2023, 9, 24))
    audit = {f.due: f.status for f in findings_of(result, "11.weekly-self-check", unit="县审计局")}
    assert audit[date(2023, 10, 8)] is Status.VIOLATED  # nothing in 10-02..10-08
    assert audit[date(2023, 10, 15)] is Status.MET
    # a unit with no records at all: overdue before the moment, at risk on its last day
    town = {f.due: f.status for f in findings_of(result, "11.weekly-self-check", unit="贡江镇")}
    assert [town[d] for d in dues] == [Status.VIOLATED] * 4 + [Status.AT_RISK]


def test_monthly_bulletin_is_due_on_the_months_last_day(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    header = ["单位", "类型", "日期", "标题"]
    # 「每月一通报」: the month's last day, kept even when it is a holiday (09-30); the plan's
    # text advises issuing it on a working day before
    on_time = write_csv(
        tmp_path / "events.csv",
        [
            header,
            ["县政府办", "通报", "2023-08-31", "8月通报"],
            ["县政府办", "通报", "2023-09-28", "9月通报"],
            ["县政府办", "通报", "2023-10-31", "10月通报"],
        ],
    )
    result = check_records(
        govflow_registry, govflow_plan, [on_time], date(2023, 10, 31), start=date(2023, 8, 1)
    )
    assert [(f.due, f.status) for f in findings_of(result, "11.monthly-bulletin")] == [
        (date(2023, 8, 31), Status.MET),
        (date(2023, 9, 30), Status.MET),
        (date(2023, 10, 31), Status.MET),
    ]
    late = write_csv(
        tmp_path / "late.csv",
        [
            header,
            ["县政府办", "通报", "2023-08-31", "8月通报"],
            ["县政府办", "通报", "2023-10-08", "9月通报（节后补发）"],
            ["县政府办", "通报", "2023-10-31", "10月通报"],
        ],
    )
    result = run_check(
        govflow_plan,
        [late],
        calendar=govflow_registry.calendar(),
        as_of=date(2023, 10, 31),
        start=date(2023, 8, 1),
        kinds=govflow_registry.record_kinds(),
        kind_of={str(late): "event"},
        extra_rules=govflow_registry.rules(govflow_plan),
    )
    statuses = {f.due: f.status for f in findings_of(result, "11.monthly-bulletin")}
    assert statuses[date(2023, 9, 30)] is Status.VIOLATED
    assert statuses[date(2023, 10, 31)] is Status.MET
    (sep,) = [f for f in findings_of(result, "11.monthly-bulletin") if f.due == date(2023, 9, 30)]
    assert sep.unit == "县政府办"


def test_plan_quotas_in_the_national_day_week(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    # the week 10-02..10-08: only the make-up weekend 10-07/10-08 is worked
    rows.append(_post(PORTAL, "网站", "县财政局", "工作动态", date(2023, 10, 7)))
    rows.append(_post(PORTAL, "网站", "县财政局", "工作动态", date(2023, 10, 8)))
    rows.append(_post(PORTAL, "网站", "县审计局", "工作动态", date(2023, 10, 7)))
    # October: 县财政局 50 posts (10 original), 县审计局 49 (9 original)
    for k in range(48):
        day = date(2023, 10, 9) + timedelta(days=k % 20)
        rows.append(_post(PORTAL, "网站", "县财政局", "通知公告", day, original=k < 10))
    for k in range(48):
        day = date(2023, 10, 9) + timedelta(days=k % 20)
        rows.append(_post(PORTAL, "网站", "县审计局", "通知公告", day, original=k < 9))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2023, 11, 1), start=date(2023, 10, 1)
    )
    week = (date(2023, 10, 2), date(2023, 10, 8))
    (fin,) = findings_of(result, "10.weekly-updates", unit="县财政局", window=week)
    (aud,) = findings_of(result, "10.weekly-updates", unit="县审计局", window=week)
    assert (fin.status, fin.actual) == (Status.MET, 2)
    assert (aud.status, aud.actual) == (Status.VIOLATED, 1)
    october = (date(2023, 10, 1), date(2023, 10, 31))
    for rule, unit, status, actual in [
        ("10.monthly-total", "县财政局", Status.MET, 50),
        ("10.monthly-total", "县审计局", Status.VIOLATED, 49),
        ("10.monthly-original", "县财政局", Status.MET, 10),
        ("10.monthly-original", "县审计局", Status.VIOLATED, 9),
    ]:
        (f,) = findings_of(result, rule, unit=unit, window=october)
        assert (f.status, f.actual) == (status, actual), (rule, unit)


@pytest.mark.parametrize(
    ("settings", "key", "expected"),
    [
        ({"max_gap_days": "10"}, "max_gap_days", "正整数"),
        ({"max_gap_days": "ten"}, "max_gap_days", "正整数"),
        ({"max_gap_days": 0}, "max_gap_days", "正整数"),
        ({"max_gap_dayz": 10}, "max_gap_dayz", "没有这个设置项.*max_gap_days、max_gap_months"),
        ({"max_gap_days": 10, "max_gap_months": 1}, "max_gap_months", "只能设其一"),
        ({"veto_columns": 5}, "veto_columns", "没有这个设置项"),  # not a column look-back
    ],
)
def test_plan_override_with_an_ill_typed_or_unknown_setting_is_refused_at_load(
    govflow_registry: Registry, settings: dict[str, Any], key: str, expected: str
) -> None:
    for name in ("settings", "params"):  # params: the older name, still read
        with pytest.raises(PlanError) as info:
            _plan_with(
                govflow_registry,
                11,
                {
                    "id": "newmedia.account-update",
                    "title": "政务新媒体账号10日内须有更新",
                    "clause": "保证每10天内都能更新信息",
                    "deadline": {"period": "10日", "trigger": "账号上一次更新"},
                    name: settings,
                },
            )
        message = str(info.value)
        assert message.startswith("yudu-2023-override.toml: ")
        assert re.fullmatch(rf"tasks\[\d+\]\.obligations\[\d+\]\.{name}\.{key}", info.value.key)
        assert f".{name}.{key}: " in message
        assert re.search(expected, message), message


def test_column_override_reads_the_veto_setting(govflow_registry: Registry) -> None:
    plan = _plan_with(
        govflow_registry,
        10,
        {
            "id": "newmedia.news-columns",
            "title": "动态要闻类栏目两周内须更新（累计3个未更新即单项否决）",
            "clause": "累计3个栏目未更新的，予以通报",
            "deadline": {"period": "14日", "trigger": "栏目上一次更新"},
            "settings": {"veto_columns": 3},
        },
    )
    (veto,) = [r for r in govflow_registry.rules(plan) if r.id == "newmedia.stale-columns-veto"]
    assert "3个" in veto.title


def test_account_lookback_of_seven_days_worked_out_by_hand(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    plan = _plan_with(
        govflow_registry,
        11,
        {
            "id": "newmedia.account-update",
            "title": "政务新媒体账号每周须有更新",
            "clause": "政务新媒体每周至少更新1次",
            "deadline": {"period": "7日", "trigger": "账号上一次更新"},
            "settings": {"max_gap_days": 7},
        },
    )
    rows: list[Sequence[str]] = [POST_HEADER]
    for day in _every(date(2023, 9, 1), date(2023, 10, 20), 7):
        rows.append(_post("于都财政", "政务新媒体", "县财政局", "", day))
    for day in [date(2023, 9, 15), date(2023, 10, 10)]:
        rows.append(_post("于都审计", "政务新媒体", "县审计局", "", day))
    rows.append(_post(PORTAL, "网站", "县审计局", "工作动态", date(2023, 9, 1)))  # not an account
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, plan, [posts], date(2023, 10, 20), start=date(2023, 9, 1)
    )
    # a point p is stale when no update falls in (p-7, p]: the start counts as an update, so
    # 09-08..09-14 are stale; 09-15 covers 09-15..09-21; 09-22..10-09 stale; 10-10 covers
    # 10-10..10-16; 10-17..10-20 stale
    late = findings_of(result, "newmedia.account-stale", unit="县审计局")
    assert [f.window for f in late] == [
        (date(2023, 9, 8), date(2023, 9, 14)),
        (date(2023, 9, 22), date(2023, 10, 9)),
        (date(2023, 10, 17), date(2023, 10, 20)),
    ]
    assert {f.entity for f in late} == {"于都审计"}
    (fine,) = findings_of(result, "newmedia.account-stale", unit="县财政局")
    assert (fine.status, fine.entity, fine.evidence_count) == (Status.MET, "于都财政", 8)


def test_account_monitoring_ends_with_the_plans_year(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows: list[Sequence[str]] = [POST_HEADER]
    rows.append(_post("于都财政", "政务新媒体", "县财政局", "", date(2023, 12, 10)))
    posts = write_csv(tmp_path / "posts.csv", rows)
    result = check_records(
        govflow_registry, govflow_plan, [posts], date(2024, 2, 29), start=date(2023, 12, 1)
    )
    # 12-10 covers 12-10..12-23; stale from 12-24 to 12-31, where the 2023 plan ends
    (stale,) = findings_of(result, "newmedia.account-stale", unit="县财政局")
    assert stale.window == (date(2023, 12, 24), date(2023, 12, 31))


def test_load_plan_reads_an_override_against_the_templates_settings(
    govflow_registry: Registry, tmp_path: Path
) -> None:
    import tomli_w

    data = tomllib.loads(govflow_registry.plans()["yudu-2023"].path.read_text("utf-8"))
    owner = next(t for t in data["tasks"] if t["number"] == 11)
    override = {
        "id": "newmedia.account-update",
        "title": "政务新媒体账号10日内须有更新",
        "clause": "保证每10天内都能更新信息",
        "deadline": {"period": "10日", "trigger": "账号上一次更新"},
        "settings": {"max_gap_days": 10},
    }
    owner["obligations"].append(override)
    path = tmp_path / "plan.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    plan = govflow_registry.load_plan(path)
    assert plan.obligation("newmedia.account-update").settings == LookbackSettings(max_gap_days=10)
    override["settings"] = {"max_gap_dayz": 10}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        govflow_registry.load_plan(path)
    assert str(info.value).startswith(f"{path}: tasks[10].obligations[2].settings.max_gap_dayz: ")
    assert "没有这个设置项" in str(info.value)
