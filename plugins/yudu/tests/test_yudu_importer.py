"""`govflow import` of the seed document, which reproduces the plan ``yudu-2023``, and imports
against the ``yudu`` unit directory.  (Moved from the core's tests/test_importer.py.)
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from yudu_files import plan_from_dict, read_plan, yudu_directory, yudu_plan

from govflow.importer.document import (
    ImportResult,
)
from govflow.plan.model import Plan
from importer_support import (  # noqa: F401 - fixtures are found by name
    DAYU,
    HEYUAN,
    SEED,
    _restore_default_calendar,
    dayu,
    heyuan,
    import_plan,
    needs_seed,
    run,
    signature,
    structure,
    timed,
)


@pytest.fixture(scope="module")
def seed() -> ImportResult:
    if not SEED.exists():
        pytest.skip("../shared (the seed document) is absent")
    return import_plan(SEED.read_text("utf-8"), source=SEED.name)


@pytest.fixture(scope="module")
def embedded() -> Plan:
    return yudu_plan()


def test_seed_header(seed: ImportResult, embedded: Plan) -> None:
    p = seed.plan
    assert (p.id, p.title, p.number, p.issued, p.year, p.issuer) == (
        embedded.id,
        embedded.title,
        embedded.number,
        embedded.issued,
        embedded.year,
        embedded.issuer,
    )
    assert p.preamble == embedded.preamble
    assert p.directory == embedded.directory
    assert seed.base_directory == "yudu"
    assert seed.builtin_units
    assert not seed.needs_directory_file
    assert seed.unknown_units == ()


def test_seed_sections_tasks_and_units(seed: ImportResult, embedded: Plan) -> None:
    assert seed.plan.sections == embedded.sections
    assert [t.number for t in seed.plan.tasks] == list(range(1, 20))
    for mine, theirs in zip(seed.plan.tasks, embedded.tasks, strict=True):
        assert (mine.number, mine.section, mine.title) == (
            theirs.number,
            theirs.section,
            theirs.title,
        )
        assert mine.lead == theirs.lead, mine.number
        assert mine.responsible == theirs.responsible, mine.number
        assert mine.text == theirs.text, mine.number
    assert [(s.id, s.title, s.text) for s in seed.plan.safeguards] == [
        (s.id, s.title, s.text) for s in embedded.safeguards
    ]


#: Obligations of the embedded plan read from sentences that state no time (issue 11): the
#: importer finds time phrases, so it cannot propose them; the plan file adds them by hand.
BY_HAND = {
    "policy.interpretation-sync",  # 「同步发布」, the policy's side (its 解读 side is found)
    "19.application-filing",  # 「收到依申请公开后应当主动向县政府办报备」
    "三(四).annual-report-interpretation",  # 「予以公开并做好解读」
    "三(四).unit-plan",  # 「梳理形成本乡(镇)本部门工作方案」
    "三(四).fault-finding",  # 「开展……“一起来找茬”活动」
    "9.open-day-feedback",  # 「活动结束后认真做好意见建议的整理、办理和反馈工作」
}


def _timed_without_by_hand(plan: Plan) -> dict[str, list[tuple[Any, ...]]]:
    out: dict[str, list[tuple[Any, ...]]] = {}
    for o in plan.obligations():
        if o.id not in BY_HAND:
            out.setdefault(o.task, []).append(signature(o.rule, plan.issued))
    return {k: sorted(v) for k, v in out.items()}


def test_seed_timed_obligations_match_the_embedded_plan(seed: ImportResult, embedded: Plan) -> None:
    assert timed(seed.plan) == _timed_without_by_hand(embedded)
    assert {o.id for o in embedded.obligations()} >= BY_HAND
    assert seed.summary()["obligations"] == 14


def test_seed_obligations_cite_the_sentence_they_came_from(seed: ImportResult) -> None:
    assert len(seed.found) == 14
    for f in seed.found:
        assert f.source[f.match.start : f.match.end] == f.match.text
        assert f.match.text in f.clause
        assert f.clause in f.source
        assert not any(c in f.clause for c in "。;")
    cleanup = seed.plan.obligation("6.deadline")
    assert cleanup.citation.text.startswith("2023年9月底前,做好行政规范性文件系统清理工作")
    assert cleanup.citation.clause == "二、(三)6"
    assert cleanup.citation.document == "于府办字〔2023〕32号"


def test_seed_obligations_find_their_units_and_villages(seed: ImportResult, embedded: Plan) -> None:
    plan = seed.plan
    assert plan.obligation("19.recurrence").applies_to == ("县大数据中心",)
    assert plan.obligation("8.deadline").per.value == "village"
    hearing = plan.obligation("三(一).quota")
    assert set(hearing.applies_to) == set(embedded.obligation("三(一).annual-hearing").applies_to)
    report = plan.obligation("三(四).deadline")
    assert set(report.applies_to) == set(embedded.obligation("三(四).annual-report").applies_to)
    assert report.rule == embedded.obligation("三(四).annual-report").rule


def test_seed_recovered_characters(seed: ImportResult) -> None:
    by_where = {c.where: c for c in seed.corrections}
    assert by_where["任务6"].original == "20239月底前"
    assert by_where["任务6"].corrected == "2023年9月底前"
    assert by_where["任务6"].certain
    assert by_where["任务14"].corrected == "110、119、120"
    assert not by_where["任务14"].certain
    assert by_where["文号"].corrected == "于府办字〔2023〕32号"
    assert by_where["印发日期"].original == "2023618"
    recovered = {r.where for r in seed.review if r.kind == "recovered"}
    assert recovered == {"文号", "印发日期", "任务14"}  # task 6 is certain: done, not asked


def test_seed_review_lists_untimed_and_inferred(seed: ImportResult) -> None:
    untimed = {r.text: r for r in seed.review if r.kind == "untimed"}
    assert set(untimed) == {"及时", "动态更新", "动态调整", "定期", "常态化"}
    assert "任务7" in untimed["定期"].where
    implied = [r for r in seed.review if r.kind == "implied"]
    assert [r.where for r in implied] == ["三(四)"]
    assert "第四十九条" in implied[0].message


def test_seed_report_in_chinese(seed: ImportResult) -> None:
    text = seed.report()
    assert "19 项任务" in text
    assert "4 项保障措施" in text
    assert "14 项义务" in text
    assert "需要人工核对" in text
    assert "「110119120」" in text


def test_seed_plan_file_round_trips(seed: ImportResult) -> None:
    data = tomllib.loads(seed.to_toml())
    assert data["units"] == "yudu"
    assert plan_from_dict(data) == seed.plan


@needs_seed
def test_cli_import_then_agenda(tmp_path: Path) -> None:
    out = tmp_path / "imported.toml"
    result = run("import", str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "19 项任务" in result.stderr
    assert "需要人工核对" in result.stderr
    assert result.stdout == ""
    assert read_plan(out).number == "于府办字〔2023〕32号"
    agenda = run("agenda", "--plan", str(out))
    assert agenda.exit_code == 0, agenda.output
    assert "每周一自查" in agenda.stdout


@needs_seed
def test_cli_import_to_stdout() -> None:
    result = run("import", str(SEED), "--year", "2023")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(result.stdout)
    assert data["id"] == "yudu-2023"
    assert len(data["tasks"]) == 19


def test_cli_import_with_a_units_directory(tmp_path: Path) -> None:
    out = tmp_path / "dayu.toml"
    result = run("import", str(DAYU), "-o", str(out), "--units", "yudu")
    assert result.exit_code == 0, result.output
    assert "最接近" in result.stderr
    assert run("agenda", "--plan", str(out)).exit_code == 0


def test_directory_option_gives_suggestions() -> None:
    result = import_plan(DAYU.read_text("utf-8"), directory=yudu_directory())
    assert result.base_directory == "yudu"
    assert "县发展改革委" not in result.unknown_units  # an alias in the Yudu directory
    assert result.plan.task(1).lead[0] == "县发改委"  # written canonically
    suggested = {r.text: r.suggestions for r in result.review if r.kind == "unknown-unit"}
    assert "县政务服务中心" in suggested
    assert any(suggested.values())


def _areas() -> list[Any]:
    from govflow.plugins.manager import Registry, get_plugin_manager

    return list(Registry(get_plugin_manager()).areas().values())


@needs_seed
def test_importing_the_seed_assigns_the_embedded_plans_areas(embedded: Plan) -> None:
    areas = _areas()
    if {a.id for a in areas} < {t.area for t in embedded.tasks}:
        pytest.skip("the area plugins are not installed")
    result = import_plan(SEED.read_text("utf-8"), source=SEED.name, areas=areas)
    assert [(t.number, t.area) for t in result.plan.tasks] == [
        (t.number, t.area) for t in embedded.tasks
    ]
    flagged = [r for r in result.review if r.kind == "area"]
    assert len(flagged) == len(embedded.tasks)  # every guess is put to a person
