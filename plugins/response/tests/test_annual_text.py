"""The annual reports' text: the format's six parts (缺项) and 雷同, from ``annual_report`` rows.

Report texts are built here from the six headings of 国办公开办函〔2021〕30号 and filler prose;
what is missing or repeated is known by construction, never computed by the code under test.
"""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from govflow_response.annual_text import (
    at_least,
    parts_of,
    similarity,
)
from hypothesis import given
from hypothesis import strategies as st

from govflow.compliance.findings import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of

GOVFLOW_PLAN = "yudu-2023"
SECTIONS = "response.annual-report-sections"
SIMILAR = "response.annual-report-similarity"
HEADINGS = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}
WORDS = (
    "围绕", "预算", "公开", "惠企", "政策", "解读", "平台", "建设", "培训", "监督", "保障", "群众",
    "关切", "回应", "规范", "流程", "栏目", "更新", "质量", "提升", "机制", "考核", "落实", "深化",
)  # fmt: skip


def prose(rng: random.Random, n: int = 80) -> str:
    """Filler prose: sub-numbered lines (（一）…) that are not part headings."""
    lines = []
    for k in range(4):
        lines.append(
            f"（{'一二三四'[k]}）" + "".join(rng.choice(WORDS) for _ in range(n // 4)) + "。"
        )
    return "\n".join(lines)


def report(parts: list[str], rng: random.Random, *, narrative: dict[str, str] | None = None) -> str:
    narrative = narrative or {}
    return "\n".join(f"{HEADINGS[p]}\n{narrative.get(p) or prose(rng)}" for p in parts)


@given(st.permutations(list(HEADINGS)), st.integers(0, 6), st.randoms(use_true_random=False))
def test_the_parts_found_are_the_parts_written(order: list[str], keep: int, rng: Any) -> None:
    written = order[:keep]
    found = parts_of(report(written, rng))
    assert set(found) == set(written)
    spans = sorted(found.values())
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # contiguous


def test_a_heading_must_name_its_part() -> None:
    text = "一、工作概述\n四、行政复议情况\n五、存在的主要问题\n（一）总体情况"
    assert (
        parts_of(text) == {}
    )  # 一 unnamed, 四 without 行政诉讼, 五 without 改进, （一） a sub-item
    text = "一、总体情况\n四、因政府信息公开工作被申请行政复议和提起行政诉讼情况\n五、存在的主要问题和改进措施"
    assert set(parts_of(text)) == {"一", "四", "五"}


runs = st.frozensets(st.text(alphabet="甲乙丙丁戊", min_size=4, max_size=4), max_size=20)


@given(runs, runs)
def test_similarity_is_a_symmetric_share(a: frozenset[str], b: frozenset[str]) -> None:
    s = similarity(a, b)
    assert s == similarity(b, a)
    assert 0.0 <= s <= 1.0
    assert (s == 1.0) == (a == b and bool(a))
    assert s == (len(a & b) / len(a | b) if a | b else 0.0)


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_missing_parts_are_named(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rng = random.Random(1)
    rows = [
        {"单位": "县财政局", "报告年度": 2022, "正文": report(list(HEADINGS), rng)},
        {"单位": "县民政局", "报告年度": 2022, "正文": report(["一", "二", "三", "六"], rng)},
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
    )
    (whole,) = findings_of(result, SECTIONS, unit="县财政局")
    assert whole.status is Status.MET
    (short,) = findings_of(result, SECTIONS, unit="县民政局")
    assert short.status is Status.VIOLATED
    assert "缺少2部分" in short.explanation
    assert "四、政府信息公开行政复议、行政诉讼情况" in short.explanation
    assert "五、存在的主要问题及改进情况" in short.explanation
    assert short.entity == "2022年度报告"
    assert short.source.document.startswith("《中华人民共和国政府信息公开工作年度报告格式》")


def test_copies_of_another_units_or_last_years_report_are_similar(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rng = random.Random(2)
    told = {"一": "县财政局" + prose(rng, 160), "五": prose(rng, 120)}
    own = {"一": prose(rng, 160), "五": prose(rng, 120)}
    rows = [
        {"单位": "县财政局", "报告年度": 2022, "正文": report(list(HEADINGS), rng, narrative=told)},
        # the same text with the unit's name swapped: names are not compared
        {
            "单位": "县民政局",
            "报告年度": 2022,
            "正文": report(
                list(HEADINGS),
                rng,
                narrative={k: v.replace("县财政局", "县民政局") for k, v in told.items()},
            ),
        },
        {"单位": "县审计局", "报告年度": 2021, "正文": report(list(HEADINGS), rng, narrative=own)},
        {"单位": "县审计局", "报告年度": 2022, "正文": report(list(HEADINGS), rng, narrative=own)},
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
    )
    assert not result.rejected
    by = {(f.unit, f.entity): f for f in findings_of(result, SIMILAR)}
    finance = by["县财政局", "2022年度报告"]
    assert finance.status is Status.VIOLATED
    assert "县民政局" in finance.explanation
    assert "相似度100%" in finance.explanation
    assert by["县民政局", "2022年度报告"].status is Status.VIOLATED
    audit = by["县审计局", "2022年度报告"]
    assert audit.status is Status.VIOLATED
    assert "本单位2021年度报告" in audit.explanation
    # a year's report is compared with the year before it, not the one after
    assert by["县审计局", "2021年度报告"].status is Status.MET
    assert "govflow 的默认值" in finance.threshold


def narrative_pair(runs: int, shared: int) -> tuple[str, str]:
    """Two texts of distinct letters, each with *runs* four-letter runs, *shared* of them common:
    their similarity is shared / (2 * runs - shared) by construction."""
    letters = [chr(0x5A00 + i) for i in range(2 * runs + 8)]
    a = letters[: runs + 3]
    b = a[: shared + 3] + letters[runs + 3 : runs + 3 + runs - shared]
    return "".join(a), "".join(b)


@pytest.mark.parametrize(
    ("shared", "expected"),
    [(96, Status.VIOLATED), (95, Status.MET)],  # 96/120 = 80% (达到即雷同); 95/121 = 78.5%
)
def test_the_default_threshold_is_80_percent_inclusive(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path, shared: int, expected: Status
) -> None:
    a, b = narrative_pair(108, shared)
    rows = [
        {
            "单位": "县财政局",
            "报告年度": 2022,
            "正文": f"一、总体情况\n{a}\n五、存在的主要问题及改进情况",
        },
        {
            "单位": "县民政局",
            "报告年度": 2022,
            "正文": f"一、总体情况\n{b}\n五、存在的主要问题及改进情况",
        },
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
    )
    assert {f.status for f in findings_of(result, SIMILAR)} == {expected}


@given(st.integers(0, 60), st.integers(1, 100))
def test_at_least_agrees_with_the_share(shared: int, percent: int) -> None:
    a, b = (frozenset(t[i : i + 4] for i in range(len(t) - 3)) for t in narrative_pair(60, shared))
    assert similarity(a, b) == shared / (120 - shared)
    assert at_least(a, b, percent) == (shared * 100 >= percent * (120 - shared))


def test_texts_too_short_are_not_judged(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rows = [
        {
            "单位": "县财政局",
            "报告年度": 2022,
            "正文": "一、总体情况\n略。\n五、存在的主要问题及改进情况\n无。",
        },
        {
            "单位": "县民政局",
            "报告年度": 2022,
            "正文": "一、总体情况\n略。\n五、存在的主要问题及改进情况\n无。",
        },
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
    )
    assert {f.status for f in findings_of(result, SIMILAR)} == {Status.NOT_APPLICABLE}


def test_report_files_are_read_beside_the_ledger(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    rng = random.Random(4)
    (tmp_path / "财政.txt").write_text(report(list(HEADINGS), rng), encoding="gb18030")
    (tmp_path / "民政.html").write_text(
        "<html><body>"
        + "".join(
            f"<p>{HEADINGS[p]}</p><p>{prose(rng)}</p>" for p in ("一", "二", "三", "五", "六")
        )
        + "</body></html>",
        encoding="utf-8",
    )
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for heading in HEADINGS.values():
        doc.add_paragraph(heading)
        doc.add_paragraph(prose(rng))
    doc.save(str(tmp_path / "审计.docx"))
    rows = [
        {"单位": "县财政局", "报告年度": 2022, "正文文件": "财政.txt"},
        {"单位": "县民政局", "报告年度": 2022, "正文文件": "民政.html"},
        {"单位": "县审计局", "报告年度": 2022, "正文文件": str(tmp_path / "审计.docx")},
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
    )
    assert not result.rejected
    status = {f.unit: f.status for f in findings_of(result, SECTIONS)}
    assert status == {"县财政局": Status.MET, "县民政局": Status.VIOLATED, "县审计局": Status.MET}
    (html,) = findings_of(result, SECTIONS, unit="县民政局")
    assert "缺少1部分：四、" in html.explanation


def test_rows_that_give_no_readable_text_are_rejected_with_the_reason(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    rows = [
        {"单位": "县财政局", "报告年度": 2022},
        {"单位": "县民政局", "报告年度": 2022, "正文": "一、总体情况", "正文文件": "x.txt"},
        {"单位": "县审计局", "报告年度": 2022, "正文文件": "没有.txt"},
        {"单位": "县商务局", "报告年度": 2022, "正文文件": "a.pdf"},
        {"单位": "县发改委", "报告年度": 2022, "正文": "一、总体情况"},
        {"单位": "县发改委", "报告年度": 2022, "正文": "一、总体情况"},
    ]
    result = check_records(
        govflow_registry,
        govflow_plan,
        [_jsonl(tmp_path / "年报正文.jsonl", rows)],
        date(2023, 3, 31),
        rejected_ok=True,
    )
    reasons = {r.line: (r.field, r.reason) for r in result.rejected}
    assert reasons[1] == ("text", "缺少年度报告正文：应填“正文”或“正文文件”")
    assert reasons[2][0] == "file"
    assert "只能给出一种" in reasons[2][1]
    assert reasons[3][0] == "file"
    assert "不存在" in reasons[3][1]
    assert reasons[4][0] == "file"
    assert ".pdf" in reasons[4][1]
    assert 5 not in reasons
    assert reasons[6][0] == "year"
    assert "年报正文.jsonl:5" in reasons[6][1]
    assert result.files[0].read == 6
