"""The demo data (`govflow demo-data`): the check finds exactly what was planted, nothing else.

The records are generated at scale 0 (the least that meets every quota: still some fifteen
thousand posts) to keep the suite fast; the default scale writes tens of thousands of posts and
is exercised once, without a check.  The check runs as the command does, with the registry's
rules and calendar, as of the last day of February after the plan's year.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from govflow_yudu.demo import (
    FILES,
    VILLAGES,
    DemoData,
    DemoError,
    check_date,
    finding_key,
    generate,
)

from govflow.calendar.workcalendar import WorkCalendar, default_calendar, set_default_calendar
from govflow.cli import main
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import registry, reset

SEED = 7
AS_OF = date(2024, 2, 29)


@pytest.fixture(scope="module", autouse=True)
def _without_example_plugins() -> Iterator[None]:
    """The demo plants for the area plugins; examples/govflow-safety (a workspace member, an
    example of a new area) adds duties the demo writes no records for, so it sits this out."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_DISABLE_PLUGINS", "safety")
        mp.delenv("GOVFLOW_LOAD_PLUGINS", raising=False)
        reset()
        yield
    reset()


#: Each kind of lapse the demo plants, by the rule that must report it.
FAMILIES = {
    "10.weekly-updates",
    "10.monthly-total",
    "10.monthly-original",
    "newmedia.account-stale",
    "newmedia.news-column-stale",
    "18.message-reply",
    "18.simple-reply",
    "newmedia.message-response",
    "response.application-reply",
    "response.correction-notice",
    "11.weekly-self-check",
    "11.monthly-bulletin",
    "19.weekly-summary",
    "9.open-day",
    "15.interpretation-sync",
    "finance.government-budget",
    "finance.department-budget",
    "finance.three-public-expenses",
    "livelihood.land-compensation-notice",
    "grassroots.village-affairs",
    # grassroots.village-finance: not planted, the plan does not list its villages (issue 11)
    "8.subsidy-results",
    "newmedia.site-unreachable",
    "newmedia.ipv6-support",
    "newmedia.link-availability",
    "newmedia.snapshot-account-stale",
    "三(一).annual-hearing",
    "6.normative-cleanup",
    "policy.active-disclosure",
    "livelihood.agri-subsidy",
    "三(四).annual-report",
    "policy.interpretation-linked",
    "19.application-filing",
    "三(四).unit-plan",
    "三(四).fault-finding",
    "三(四).annual-report-interpretation",
    "9.open-day-feedback",
    "finance.audit-rectification",
    "response.annual-report-sections",
    "response.annual-report-similarity",
}


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded: Plan = registry().load_plan("yudu-2023")
    return loaded


@pytest.fixture(scope="module")
def calendar() -> WorkCalendar:
    cal: WorkCalendar = registry().calendar()
    return cal


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, plan: Plan, calendar: WorkCalendar) -> DemoData:
    return generate(
        tmp_path_factory.mktemp("demo"), seed=SEED, scale=0, plan=plan, calendar=calendar
    )


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, plan: Plan, calendar: WorkCalendar) -> DemoData:
    return generate(
        tmp_path_factory.mktemp("clean"),
        seed=SEED,
        scale=0,
        plant=False,
        plan=plan,
        calendar=calendar,
    )


def _check(plan: Plan, calendar: WorkCalendar, files: list[Path]) -> CheckResult:
    reg = registry()
    return run_check(
        plan,
        files,
        calendar=calendar,
        kinds=reg.record_kinds(),
        extra_rules=reg.rules(plan),
        as_of=AS_OF,
    )


@pytest.fixture(scope="module")
def result(demo: DemoData, plan: Plan, calendar: WorkCalendar) -> CheckResult:
    return _check(plan, calendar, demo.record_files)


@pytest.fixture(scope="module")
def planted(demo: DemoData) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((demo.out / "planted.json").read_text("utf-8"))
    return loaded


@pytest.fixture
def restore_default_calendar() -> Iterator[WorkCalendar]:
    """The process-wide default calendar, put back afterwards (commands replace it)."""
    saved = default_calendar()
    try:
        yield saved
    finally:
        set_default_calendar(saved)


@pytest.fixture
def cli(restore_default_calendar: WorkCalendar) -> CliRunner:
    """A runner; the command sets the process's default calendar, put back afterwards."""
    return CliRunner()


def _records(data: DemoData) -> list[str]:
    return [arg for p in data.record_files for arg in ("--records", str(p))]


def _key(v: dict[str, Any]) -> tuple[Any, ...]:
    window = v["window"] or [None, None]
    return (v["rule"], v["unit"], v["entity"], v["case"], window[0], window[1], v["due"])


# ---------------------------------------------------------------------------------------------
# The check finds exactly what was planted


def test_violations_are_exactly_the_planted_ones(
    result: CheckResult, planted: dict[str, Any]
) -> None:
    found = sorted(finding_key(f) for f in result.violations)
    expected = sorted(_key(v) for v in planted["violations"])
    assert len(found) == len(set(found))
    assert found == expected


def test_nothing_is_at_risk_or_pending(result: CheckResult) -> None:
    assert {f.status for f in result.findings} <= {
        Status.MET,
        Status.VIOLATED,
        Status.NOT_APPLICABLE,
    }
    assert {f.rule for f in result.findings if f.status is Status.NOT_APPLICABLE} == {
        "grassroots.village-finance"  # the villages of 「集体财务往来较多」 are not listed
    }


def test_rejected_rows_are_exactly_the_planted_ones(
    result: CheckResult, planted: dict[str, Any]
) -> None:
    got = sorted((Path(r.source).name, r.line, r.field) for r in result.rejected)
    want = sorted((r["file"], r["line"], r["field"]) for r in planted["rejected"])
    assert got == want
    # one or more in each file but the monitoring exports and the report texts, which plant none
    monitoring = {"snapshots.csv", "probes.csv", "annual_reports.csv"}
    assert {f for f, _, _ in got} == {name for name, _, _, _ in FILES} - monitoring


def test_every_row_is_accounted_for(result: CheckResult, demo: DemoData) -> None:
    assert [Path(s.source).name for s in result.files] == [p.name for p in demo.record_files]
    rejected = {s.source: 0 for s in result.files}
    for r in result.rejected:
        rejected[r.source] += 1
    for s in result.files:
        assert s.read == s.evaluated + s.rejected
        assert s.read == demo.rows[Path(s.source).name]
        assert s.rejected == rejected[s.source]
        assert s.ignored_columns == ()


def test_every_rule_family_is_planted(planted: dict[str, Any], result: CheckResult) -> None:
    rules = {v["rule"] for v in planted["violations"]}
    assert rules >= FAMILIES
    assert 15 <= len(planted["violations"]) <= 45
    fields = {(r["file"], r["field"]) for r in planted["rejected"]}
    assert {
        ("posts.csv", "unit"),
        ("messages.csv", "received"),
        ("events.csv", "date"),
        ("applications.csv", "id"),
    } <= fields
    checked = {r.id for r in result.rules}
    assert rules <= checked  # each planted rule ran


def test_planted_holiday_crossings(planted: dict[str, Any], calendar: WorkCalendar) -> None:
    """The lapses that cross a holiday are dated on the official calendar."""
    by_rule = {v["rule"]: v for v in planted["violations"]}
    # received Wednesday 09-27: 09-28, 10-07 and 10-08 (make-up days), 10-09, 10-10
    assert by_rule["18.message-reply"]["due"] in ("2023-10-10", "2023-10-27")
    late = [v for v in planted["violations"] if v["rule"] == "18.message-reply"]
    assert {v["due"] for v in late} == {"2023-10-10", "2023-10-27"}
    # a simple question of 12-28: 12-29, 2024-01-02 (after 元旦), 01-03
    assert by_rule["18.simple-reply"]["due"] == "2024-01-03"
    # posted 09-05: the 30th day (10-05) falls in the 国庆 break, so the posting runs to 10-07
    assert by_rule["livelihood.land-compensation-notice"]["due"] == "2023-10-07"
    # the weekly summary due on Sunday 10-08, a make-up working day
    assert by_rule["19.weekly-summary"]["due"] == "2023-10-08"
    assert calendar.is_workday(date(2023, 10, 8))
    # the 预算 published on day 21: day 20 is a working day, so nothing moved the deadline
    budget = by_rule["finance.government-budget"]
    assert calendar.is_workday(date.fromisoformat(budget["due"]))


def test_clean_data_pass(clean: DemoData, plan: Plan, calendar: WorkCalendar) -> None:
    result = _check(plan, calendar, clean.record_files)
    assert result.violations == []
    assert result.rejected == []
    assert {f.status for f in result.findings if f.rule != "grassroots.village-finance"} == {
        Status.MET
    }
    assert result.exit_code == 0
    assert clean.violations == []
    assert clean.rejections == []


# ---------------------------------------------------------------------------------------------
# The files


def test_files_encodings_and_headers(demo: DemoData) -> None:
    kinds = registry().record_kinds()
    for name, kind, encoding, fields in FILES:
        raw = (demo.out / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
        if encoding == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        header = raw.decode(encoding).splitlines()[0].split(",")
        assert header == [kinds[kind].field(f).label for f in fields]


def test_villages_are_fictional_and_cover_every_township(demo: DemoData, plan: Plan) -> None:
    towns = [u.name for u in plan.owner_units(plan.obligation("8.subsidy-results"))]
    assert sorted(VILLAGES) == sorted(towns)
    doc = json.loads((demo.out / "planted.json").read_text("utf-8"))
    assert "虚构" in doc["说明"]
    assert doc["villages"] == {t: list(v) for t, v in VILLAGES.items()}
    # no made-up name that could pass for a real village: each says it is invented
    assert all(v.startswith("虚构") for names in VILLAGES.values() for v in names)


def test_same_seed_same_files(
    tmp_path: Path, demo: DemoData, plan: Plan, calendar: WorkCalendar
) -> None:
    again = generate(tmp_path / "again", seed=SEED, scale=0, plan=plan, calendar=calendar)
    for a, b in zip(demo.files, again.files, strict=True):
        assert a.name == b.name
        assert a.read_bytes() == b.read_bytes(), a.name
    other = generate(tmp_path / "other", seed=SEED + 1, scale=0, plan=plan, calendar=calendar)
    assert (other.out / "posts.csv").read_bytes() != (demo.out / "posts.csv").read_bytes()


def test_default_scale_writes_tens_of_thousands_of_posts(
    tmp_path: Path, plan: Plan, calendar: WorkCalendar
) -> None:
    data = generate(tmp_path, plan=plan, calendar=calendar)
    assert data.rows["posts.csv"] >= 20_000
    assert 90 <= data.rows["applications.csv"] <= 110
    assert data.as_of == AS_OF == check_date(2023)


def test_generate_refuses_other_years(tmp_path: Path, plan: Plan, calendar: WorkCalendar) -> None:
    with pytest.raises(DemoError, match="2023"):
        generate(tmp_path, year=2024, plan=plan, calendar=calendar)


# ---------------------------------------------------------------------------------------------
# The commands


def test_cli_check_exits_1_on_the_demo(cli: CliRunner, demo: DemoData) -> None:
    run = cli.invoke(
        main, ["check", *_records(demo), "--as-of", AS_OF.isoformat(), "--format", "json"]
    )
    assert run.exit_code == 1, run.output
    doc = json.loads(run.stdout)
    assert doc["summary"]["violated"] == len(demo.violations)
    assert doc["summary"]["at_risk"] == doc["summary"]["pending"] == 0
    assert len(doc["rejected"]) == len(demo.rejections)


def test_cli_check_exits_0_on_clean_data(cli: CliRunner, clean: DemoData) -> None:
    run = cli.invoke(main, ["check", *_records(clean), "--as-of", AS_OF.isoformat()])
    assert run.exit_code == 0, run.output
    assert "违规 0 项" in run.stdout


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_cli_report_october(cli: CliRunner, demo: DemoData, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"bulletin.{fmt}"
    run = cli.invoke(
        main, ["report", "--month", "2023-10", "--format", fmt, *_records(demo), "-o", str(out)]
    )
    assert run.exit_code == 0, run.output
    text = out.read_text("utf-8")
    assert "2023年10月政务公开工作通报" in text
    assert "于政信申〔2023〕" in text  # the late application reply of October
    if fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html")


def test_cli_demo_data(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    run = cli.invoke(
        main, ["demo-data", "--year", "2023", "--out", str(out), "--seed", "3", "--scale", "0"]
    )
    assert run.exit_code == 0, run.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [name for name, _, _, _ in FILES] + ["planted.json"]
    )
    assert "--as-of 2024-02-29" in run.stdout
    bad = cli.invoke(main, ["demo-data", "--year", "2024", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2


# ---------------------------------------------------------------------------------------------
# The plan's period (the rule fix the demo needed)


def test_recurring_duties_end_with_the_plan_year(
    tmp_path: Path, plan: Plan, calendar: WorkCalendar
) -> None:
    """A 2023 plan owes no 2024 weeks, months, occurrences or monitoring points.

    Minimal records: one post and one 开放活动 in 2023, checked as of 2024-02-29.  Before the
    fix the check reported 2024's weeks and months as violated or at risk, 2024's year window
    as pending, and the self-check moved from Monday 2024-01-01 (元旦) to 01-02.
    """
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "网站或账号,平台类型,栏目,单位,发布时间,标题\n"
        "于都县人民政府网,网站,县财政局/工作动态,县财政局,2023-07-03 09:00,x\n"
        "于都发布（微信公众号）,政务新媒体,,县融媒体中心,2023-07-03 09:00,y\n",
        "utf-8",
    )
    events = tmp_path / "events.csv"
    events.write_text("单位,类型,日期\n县财政局,开放活动,2023-07-05\n", "utf-8")
    result = _check(plan, calendar, [posts, events])
    end = date(2023, 12, 31)
    for f in result.findings:
        if f.window is not None:
            assert f.window[1] <= end, f
        if f.rule != "三(四).annual-report":  # a deadline the plan set in the next year
            assert f.due is None or f.due <= end or f.status is Status.MET, f
    assert {f.status for f in result.findings} <= {Status.MET, Status.VIOLATED}
    open_day = [f for f in result.findings if f.rule == "9.open-day" and f.unit == "县财政局"]
    assert [(f.window, f.status) for f in open_day] == [((date(2023, 1, 1), end), Status.MET)]
    stale = [f for f in result.findings if f.rule == "newmedia.account-stale"]
    # the period starts as if updated on 06-18: stale on 07-02, then from 07-17 to the year end
    assert [f.window for f in stale if f.status is Status.VIOLATED] == [
        (date(2023, 7, 2), date(2023, 7, 2)),
        (date(2023, 7, 17), end),
    ]


def test_demo_data_out_onto_a_file_or_an_unwritable_path(cli: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", "utf-8")
    for out in (blocker, blocker / "sub"):
        run = cli.invoke(main, ["demo-data", "--out", str(out), "--scale", "0"])
        assert run.exit_code == 2, run.output
        assert run.exception is None or isinstance(run.exception, SystemExit)
        assert "错误：" in run.stderr
        assert "Traceback" not in run.output
    assert blocker.read_text("utf-8") == "x"


def test_demo_data_does_not_replace_files_without_force(cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "demo"
    out.mkdir()
    mine = out / "messages.csv"
    mine.write_text("我的留言台账\n", "utf-8")
    run = cli.invoke(main, ["demo-data", "--out", str(out), "--scale", "0"])
    assert run.exit_code == 2, run.output
    assert "messages.csv" in run.stderr
    assert "--force" in run.stderr
    assert mine.read_text("utf-8") == "我的留言台账\n"
    assert sorted(p.name for p in out.iterdir()) == ["messages.csv"]
    forced = cli.invoke(main, ["demo-data", "--out", str(out), "--scale", "0", "--force"])
    assert forced.exit_code == 0, forced.output
    assert mine.read_text("utf-8") != "我的留言台账\n"


def test_monitoring_rules_are_judged(result: CheckResult) -> None:
    """The snapshots and probes let the check judge every website monitoring indicator."""
    monitoring = {"newmedia.ipv6-support", "newmedia.site-unreachable"}
    monitoring |= {r.id for r in registry().rules(result.plan) if ".snapshot-" in r.id}
    assert len(monitoring) > 2
    skipped = {r.id for r in result.skipped_rules} | {u.rule for u in result.unjudged}
    assert not monitoring & skipped
    judged = {f.rule for f in result.findings}
    assert monitoring <= judged


def test_monitoring_leaves_the_other_files_unchanged(
    tmp_path: Path, demo: DemoData, plan: Plan, calendar: WorkCalendar
) -> None:
    """The monitoring exports draw on their own random source: without them, every other
    file is byte for byte the same."""
    from govflow_yudu.demo.monitoring import Monitoring

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Monitoring, "gen_monitoring", lambda self, seed: None)
        bare = generate(tmp_path / "bare", seed=SEED, scale=0, plan=plan, calendar=calendar)
    for name, _, _, _ in FILES:
        if name in ("snapshots.csv", "probes.csv"):
            assert bare.rows[name] == 0
            assert demo.rows[name] > 0
        else:
            assert (bare.out / name).read_bytes() == (demo.out / name).read_bytes(), name
