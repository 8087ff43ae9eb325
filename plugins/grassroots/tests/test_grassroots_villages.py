"""Task 8's 村务公开 per village, with and without a villages file (``--villages``).

Task 8 of 于府办字〔2023〕32号 asks 「确保政务公开与村(居)务公开有效衔接」, and 《村民委员会组织法》
第三十条 sets 「一般事项至少每季度公布一次」 for every village.  The villages below are invented
(虚构甲村 …), as the file's own comment says: govflow ships no village names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plan.villages import FALLBACK_ENTITY, village_fallback, with_villages
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

GOVFLOW_PLAN = "yudu-2023"
RULE = "grassroots.village-affairs"
Q3 = (date(2023, 7, 1), date(2023, 9, 30))

INVENTED = """\
# 虚构村名，仅供测试：不是于都县的行政村
[villages]
"贡江镇" = ["虚构甲村", "虚构乙村"]
"段屋乡人民政府" = ["虚构丙村"]
"""


def _records(tmp_path: Path) -> Path:
    return write_csv(
        tmp_path / "disclosures.csv",
        [
            ["单位", "类型", "公开日期", "村"],
            ["贡江镇", "村务公开", "2023-08-15", "虚构甲村"],
            ["段屋乡", "村务公开", "2023-09-01", "虚构丙村"],
        ],
    )


def test_seed_and_law_put_the_duty_on_every_village(govflow_plan: Plan) -> None:
    task = govflow_plan.task(8)
    assert "确保政务公开与村(居)务公开有效衔接" in task.text
    ob = govflow_plan.obligation(RULE)
    assert ob.citation.text == "一般事项至少每季度公布一次"


def test_one_duty_per_listed_village(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    (tmp_path / "v.toml").write_text(INVENTED, "utf-8")
    plan = with_villages(govflow_plan, tmp_path / "v.toml")
    result = check_records(govflow_registry, plan, [_records(tmp_path)], date(2023, 10, 31))
    got = {
        (f.unit, f.entity): f.status
        for f in findings_of(result, RULE)
        if f.window == Q3 and f.unit in ("贡江镇", "段屋乡")
    }
    assert got == {
        ("贡江镇", "虚构甲村"): Status.MET,
        ("贡江镇", "虚构乙村"): Status.VIOLATED,  # listed, nothing published: found
        ("段屋乡", "虚构丙村"): Status.MET,
    }
    # the 21 other townships fall back to one row each, and say so
    fallback = [f for f in findings_of(result, RULE, entity=FALLBACK_ENTITY) if f.window == Q3]
    assert len(fallback) == 21
    assert {f.status for f in fallback} == {Status.VIOLATED}
    note = village_fallback(plan)
    assert note is not None
    assert "21 个乡镇" in note


def test_without_the_file_an_unrecorded_village_is_not_seen_and_the_note_says_so(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    result = check_records(govflow_registry, govflow_plan, [_records(tmp_path)], date(2023, 10, 31))
    entities = {f.entity for f in findings_of(result, RULE, unit="贡江镇")}
    assert entities == {"虚构甲村"}
    (note,) = [w for w in result.warnings if w.code == "no-villages"]
    assert "23 个乡镇" in note.message
    assert "--villages" in note.message
