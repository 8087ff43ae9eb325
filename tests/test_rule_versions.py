"""Legal time limits with versions, each with its period of validity (OpenFisca-style).

The rule of an invented 《测试条例》 changed like a real regulation does: 15 working days to reply
(extension at most 15) from 2008-05-01 to 2019-05-14, 20 (extension at most 20) from 2019-05-15.
A case is judged by the version in force on its trigger date; its finding cites that version;
a case before every version is not applicable, with the reason.  Registration refuses versions
that overlap or leave a gap.  Expected dates are worked out by hand from the 2019 notices
(国办发明电〔2018〕15号 and the 劳动节 adjustment 〔2019〕3号: 端午 2019-06-07 off; no other
break between 05-14 and 06-13), never computed by the code under test.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.findings import Finding, Status
from govflow.errors import PluginError
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Area,
    Citation,
    Deadline,
    Evidence,
    Obligation,
    ObligationTemplate,
    Recurrence,
    RuleVersion,
    version_on,
    version_problems,
)
from govflow.plan.settings import ClockSettings, Settings
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import Registry, get_plugin_manager, reset
from govflow.report.render import check_table
from plans import CESHI_PLAN

OLD = Citation(
    "《测试条例》（2007年，测试令第1号）", "第二十四条第二款", "15个工作日内予以答复", grade="P"
)
NEW = Citation(
    "《测试条例》（2019年修订，测试令第2号）", "第三十三条第二款", "20个工作日内予以答复"
)
VERSIONS = (
    RuleVersion(
        valid_from=date(2008, 5, 1),
        valid_until=date(2019, 5, 14),
        period=Period.parse("15个工作日"),
        settings=ClockSettings(max_extension_workdays=15),
        citation=OLD,
    ),
    RuleVersion(valid_from=date(2019, 5, 15), citation=NEW),
)
EVIDENCE = Evidence(
    "application",
    trigger="received",
    done="replied",
    extension="extension_days",
    extension_approved="extension_approved",
)
HEADER = ["申请编号", "单位", "收到日期", "延长工作日数", "延期批准日期", "答复日期"]


@pytest.fixture(autouse=True, scope="module")
def _fresh_process_registry() -> Iterator[None]:
    """The process-wide registry the registration tests build (without installed plugins) is
    forgotten afterwards: later modules get theirs from their own environment."""
    reset()
    yield
    reset()


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_LOAD_PLUGINS", "")
        mp.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
        yield Registry(get_plugin_manager())


@pytest.fixture(scope="module")
def plan(registry: Registry) -> Plan:
    loaded: Plan = registry.load_plan(CESHI_PLAN)
    return loaded


def _duty(versions: tuple[RuleVersion, ...] = VERSIONS) -> Obligation:
    return Obligation(
        "t.reply",
        "依申请公开答复",
        Deadline(Period.parse("20个工作日"), "收到申请"),
        NEW,
        applies_to=("县财政局",),
        area="response",
        task="19",
        settings=ClockSettings(max_extension_workdays=20),
        evidence=EVIDENCE,
        versions=versions,
    )


def _check(
    registry: Registry, plan: Plan, tmp_path: Path, rows: Sequence[Sequence[str]], ob: Obligation
) -> CheckResult:
    path = tmp_path / "applications.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return run_check(
        plan.with_obligations((ob,)),
        [path],
        calendar=registry.calendar(),
        as_of=date(2020, 12, 31),
        kinds=registry.record_kinds(),
    )


def _cases(result: CheckResult) -> dict[str, Finding]:
    return {f.case or "": f for f in result.findings if f.rule == "t.reply"}


def test_each_case_is_judged_by_the_version_in_force_on_its_trigger_date(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    result = _check(
        registry,
        plan,
        tmp_path,
        [
            # received Tue 05-14, the last day of the old version: 15 working days, 05-15..17
            # (1-3), 05-20..24 (4-8), 05-27..31 (9-13), 06-03 (14), Tuesday 06-04 (15)
            ["A", "县财政局", "2019-05-14", "", "", "2019-06-05"],
            # received Wed 05-15, the first day of the new one: 20 working days, 05-16..17 (1-2),
            # 05-20..24 (3-7), 05-27..31 (8-12), 06-03..06 (13-16), 06-07 端午, 06-10..13 (17-20)
            ["B", "县财政局", "2019-05-15", "", "", "2019-06-13"],
            ["C", "县财政局", "2008-04-30", "", "", "2008-05-20"],  # before every version
            ["D", "县财政局", "2018-03-05", "16", "2018-03-20", ""],  # over the old cap of 15
            # 15 + 15 from Mon 03-05: 03-06..09 (1-4), 03-12..16 (5-9), 03-19..23 (10-14),
            # 03-26..30 (15-19), 04-02..04 (20-22), 04-05..07 清明, Sunday 04-08 a make-up
            # working day (23), 04-09..13 (24-28), 04-16 (29), Tuesday 04-17 (30)
            ["E", "县财政局", "2018-03-05", "15", "2018-03-20", "2018-04-17"],
            ["F", "县财政局", "2020-06-01", "16", "2020-06-20", "2020-07-20"],  # 16 <= 20
        ],
        _duty(),
    )
    cases = _cases(result)
    a, b, c = cases["A"], cases["B"], cases["C"]
    assert (a.due, a.status) == (date(2019, 6, 4), Status.VIOLATED)
    assert (b.due, b.status) == (date(2019, 6, 13), Status.MET)
    assert a.source == OLD
    assert a.version == VERSIONS[0]
    assert "15个工作日" in a.explanation
    assert "第二十四条第二款" in a.trace[0]
    assert "2008-05-01至2019-05-14施行" in a.trace[0]
    assert "（2007年，测试令第1号）" in a.threshold
    assert "15个工作日" in a.threshold
    assert b.source == NEW
    assert "2019-05-15起施行" in b.trace[0]
    assert a.to_dict()["version"] == {
        "valid_from": "2008-05-01",
        "valid_until": "2019-05-14",
        "citation": OLD.to_dict(),
    }
    assert a.to_dict()["source"]["document"] == OLD.document
    # before every version: not judged, and saying why (never silently dropped)
    assert (c.status, c.due, c.version) == (Status.NOT_APPLICABLE, None, None)
    assert "2008-04-30" in c.explanation
    assert "2008-05-01" in c.explanation
    assert "尚未施行" in c.explanation
    assert c.evidence == (f"{tmp_path / 'applications.csv'}:4",)
    # the extension cap is the version's
    assert "D" not in cases
    (rejected,) = result.rejected
    assert (rejected.line, rejected.field) == (5, "extension_days")
    assert "超过上限 15 个工作日" in rejected.reason
    assert OLD.document in rejected.reason
    assert (cases["E"].due, cases["E"].status) == (date(2018, 4, 17), Status.MET)
    assert cases["F"].status is Status.MET
    assert cases["F"].version == VERSIONS[1]
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.rejected) == (6, 5, 1)
    # the text report cites the version and lists the case not judged, with its reason
    table = check_table(result, show_met=True)
    assert "依据：《测试条例》（2007年，测试令第1号） 第二十四条第二款" in table
    assert "该版本2008-05-01至2019-05-14施行" in table
    assert "不适用（未据此判断，1）" in table
    assert "2008-04-30 早于本规则最早版本的施行日期 2008-05-01" in table


def test_after_the_last_version_ends_a_case_is_not_applicable(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    repealed = (evolve(VERSIONS[0], valid_from=date(2008, 5, 1)),)
    result = _check(
        registry, plan, tmp_path, [["G", "县财政局", "2019-05-15", "", "", ""]], _duty(repealed)
    )
    (g,) = _cases(result).values()
    assert g.status is Status.NOT_APPLICABLE
    assert "晚于本规则最后版本的失效日期 2019-05-14" in g.explanation


def test_a_rule_without_versions_is_unchanged(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    rows = [
        ["A", "县财政局", "2019-05-14", "", "", "2019-06-05"],
        ["C", "县财政局", "2008-04-30", "", "", "2008-05-20"],
        ["D", "县财政局", "2018-03-05", "16", "2018-03-20", ""],
    ]
    result = _check(registry, plan, tmp_path, rows, _duty(()))
    cases = _cases(result)
    a = cases["A"]
    # 20 working days from 05-14: 06-04 (15), 06-05 (16), 06-06 (17), 06-10..12 (18-20)
    assert (a.due, a.status) == (date(2019, 6, 12), Status.MET)
    assert a.source == NEW
    assert a.version is None
    assert "version" not in a.to_dict()
    assert not any("适用" in step for step in a.trace)
    assert cases["C"].status is Status.MET  # judged: no period of validity to respect
    assert cases["D"].status is Status.VIOLATED  # 16 <= 20: accepted
    assert result.rejected == []
    assert "不适用" not in check_table(result)


# -- the choice of a version, as algebra ---------------------------------------------------------

_EPOCH = date(2000, 1, 1)


@st.composite
def chained(draw: st.DrawFn) -> tuple[RuleVersion, ...]:
    """Versions one after the other without gap: each starts the day after the last ends."""
    start = _EPOCH + timedelta(days=draw(st.integers(0, 3000)))
    lengths = draw(st.lists(st.integers(1, 2000), min_size=1, max_size=5))
    open_ended = draw(st.booleans())
    out = []
    for i, n in enumerate(lengths):
        last = i == len(lengths) - 1
        until = None if last and open_ended else start + timedelta(days=n - 1)
        out.append(
            RuleVersion(valid_from=start, valid_until=until, citation=Citation(f"第{i}版", ""))
        )
        if until is not None:
            start = until + timedelta(days=1)
    return tuple(out)


@given(versions=chained(), offset=st.integers(-500, 12000))
def test_the_version_chosen_contains_the_day_and_is_the_only_one(
    versions: tuple[RuleVersion, ...], offset: int
) -> None:
    assert version_problems(versions, Settings()) is None
    day = _EPOCH + timedelta(days=offset)
    chosen = version_on(versions, day)
    containing = [v for v in versions if v.contains(day)]
    assert len(containing) <= 1  # periods of validity never overlap
    assert chosen == (containing[0] if containing else None)
    first, last = versions[0], versions[-1]
    covered = first.valid_from <= day and (last.valid_until is None or day <= last.valid_until)
    assert (chosen is not None) == covered  # no gap inside the chain


@st.composite
def any_versions(draw: st.DrawFn) -> tuple[RuleVersion, ...]:
    """Versions with arbitrary periods of validity: overlapping, gapped, out of order or not."""
    out = []
    for i in range(draw(st.integers(1, 4))):
        start = _EPOCH + timedelta(days=draw(st.integers(0, 60)))
        length = draw(st.one_of(st.none(), st.integers(1, 30)))
        until = None if length is None else start + timedelta(days=length - 1)
        out.append(
            RuleVersion(valid_from=start, valid_until=until, citation=Citation(f"第{i}版", ""))
        )
    return tuple(out)


@given(versions=any_versions())
def test_registration_accepts_exactly_the_chains_without_gap_or_overlap(
    versions: tuple[RuleVersion, ...],
) -> None:
    accepted = version_problems(versions, Settings()) is None
    chain = all(
        prev.valid_until is not None and nxt.valid_from == prev.valid_until + timedelta(days=1)
        for prev, nxt in pairwise(versions)
    )
    assert accepted == chain
    if accepted:  # no day is in two versions, none between the first and the last is in none
        days = [_EPOCH + timedelta(days=n) for n in range(0, 200)]
        for day in days:
            assert sum(v.contains(day) for v in versions) <= 1


def test_a_version_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="早于施行日期"):
        RuleVersion(valid_from=date(2019, 5, 15), valid_until=date(2019, 5, 14), citation=NEW)


# -- registration --------------------------------------------------------------------------------


class VersionedPlugin:
    def __init__(self, template: ObligationTemplate) -> None:
        self.template = template

    @hookimpl
    def govflow_areas(self) -> Iterable[Area]:
        return [Area("answers", "回应关切")]

    @hookimpl
    def govflow_obligation_templates(self, area: str) -> Iterable[ObligationTemplate]:
        return [self.template] if area == "answers" else []


def _template(versions: tuple[RuleVersion, ...], **kw: object) -> ObligationTemplate:
    return ObligationTemplate(
        "answers.reply",
        "依申请公开答复",
        kw.pop("rule", Deadline(Period.parse("20个工作日"), "收到申请")),  # type: ignore[arg-type]
        NEW,
        "answers",
        settings=kw.pop("settings", ClockSettings(max_extension_workdays=20)),  # type: ignore[arg-type]
        evidence=EVIDENCE,
        versions=versions,
    )


_GAP = (
    evolve(VERSIONS[0], valid_until=date(2019, 5, 13)),  # 2019-05-14 in no version
    VERSIONS[1],
)
_OVERLAP = (
    evolve(VERSIONS[0], valid_until=date(2019, 5, 15)),  # 2019-05-15 in both
    VERSIONS[1],
)
_OPEN_THEN_MORE = (evolve(VERSIONS[0], valid_until=None), VERSIONS[1])


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        (_GAP, "之间有空档（2019-05-14 至 2019-05-14没有版本施行）"),
        (_OVERLAP, "施行期间重叠或顺序颠倒"),
        (tuple(reversed(VERSIONS)), "没有失效日期"),
        (_OPEN_THEN_MORE, "没有失效日期，其后却还有版本"),
    ],
)
def test_registration_refuses_versions_with_a_gap_or_an_overlap(
    govflow_plugin: object, versions: tuple[RuleVersion, ...], expected: str
) -> None:
    reg = govflow_plugin(VersionedPlugin(_template(versions)), name="county-rules")  # type: ignore[operator]
    with pytest.raises(PluginError) as err:
        reg.obligation_templates("answers")
    message = str(err.value)
    assert "插件 county-rules 的义务模板 answers.reply" in message
    assert expected in message


def test_registration_refuses_versions_the_rule_cannot_choose(govflow_plugin: object) -> None:
    weekly = _template(VERSIONS, rule=Recurrence("FREQ=WEEKLY;BYDAY=MO"), settings=Settings())
    reg = govflow_plugin(VersionedPlugin(weekly), name="county-rules")  # type: ignore[operator]
    with pytest.raises(PluginError, match="只有自触发事件起算的期限"):
        reg.obligation_templates("answers")


def test_registration_refuses_a_version_with_settings_of_another_class(
    govflow_plugin: object,
) -> None:
    odd = (evolve(VERSIONS[0], settings=Settings()), VERSIONS[1])
    reg = govflow_plugin(VersionedPlugin(_template(odd)), name="county-rules")  # type: ignore[operator]
    with pytest.raises(PluginError, match="设置项类型 Settings 与模板的 ClockSettings 不同"):
        reg.obligation_templates("answers")


def test_registered_versions_reach_the_bound_obligation(govflow_plugin: object) -> None:
    reg = govflow_plugin(VersionedPlugin(_template(VERSIONS)), name="county-rules")  # type: ignore[operator]
    ((plugin, template),) = reg.obligation_templates("answers")
    assert plugin == "county-rules"
    bound = template.bind("19", plugin)
    assert bound.versions == VERSIONS
    assert bound.version_on(date(2019, 5, 14)) == VERSIONS[0]
    assert bound.version_on(date(2019, 5, 15)) == VERSIONS[1]
    assert bound.version_on(date(2008, 4, 30)) is None
