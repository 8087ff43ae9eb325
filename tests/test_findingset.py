"""``Findings`` and ``CaseBlock`` against plain lists of the findings they hold.

A case block keeps a rule's cases as columns and makes each finding when it is read; every
answer ``Findings`` gives (the sequence, counts, the findings of a status, of some units, the
check's order, the JSON texts) must be the one a plain list of the made findings gives.  The
findings of the oracle are made with :func:`attrs.evolve` from the templates, independently of
the block's own making.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from datetime import date, timedelta
from typing import Any

import attrs
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.compliance import findingset
from govflow.compliance.findings import Finding, FindingJson, Status
from govflow.compliance.findingset import CaseBlock, Findings, check_order
from govflow.plan.obligations import Citation, Severity
from govflow.text.jsonlayout import RawJSON, layered_json

SOURCE = "台账/依申请公开.csv"
UNITS = ["县财政局", "县教育局", "贡江镇", "银坑镇", "Zz单位", "a单位"]
RULES = ["response.application-reply", "19.application-filing", "3.b"]
CITE = Citation("《中华人民共和国政府信息公开条例》", "第三十三条", "20个工作日内")


def finding(rule: str, status: Status, due: date | None, unit: str, n: int) -> Finding:
    return Finding(
        rule,
        f"规则{rule}",
        "response",
        status,
        Severity.BREACH,
        unit,
        CITE,
        due=due,
        explanation=f"说明{n}",
        trace=("第一步", f"第{n}步"),
        threshold="20个工作日",
    )


@st.composite
def findings_of(draw: Any, n: int) -> Finding:
    rule = draw(st.sampled_from(RULES))
    status = draw(st.sampled_from(list(Status)))
    due = draw(st.none() | st.integers(0, 6).map(lambda d: date(2023, 9, 1) + timedelta(d)))
    return finding(rule, status, due, draw(st.sampled_from(UNITS)), n)


@attrs.frozen
class BlockSpec:
    """A block as drawn, and the findings it must give in line order."""

    block: CaseBlock
    expected: list[Finding]


@st.composite
def blocks(draw: Any) -> BlockSpec:
    templates = draw(st.lists(findings_of(0), min_size=1, max_size=4))
    lines = sorted(draw(st.sets(st.integers(2, 200), max_size=40)))
    with_ids = draw(st.booleans())
    with_villages = draw(st.booleans())
    rows = []
    for line in lines:
        rows.append(
            {
                "__line": line,
                "__unit": draw(st.sampled_from(UNITS)),
                "__t": draw(st.integers(0, len(templates) - 1)),
                # ids written as they are between quotes (printable ASCII) and others: quotes,
                # backslashes, controls, DEL, a line separator, Chinese
                "id": draw(
                    st.none()
                    | st.sampled_from(["", "YSQ-1", "YSQ-2", "编号\n3", 'a"b', "c\\d", "e\x7f"])
                    | st.text(max_size=6)
                ),
                "village": draw(
                    st.none()
                    | st.sampled_from(["城东村", "城西村", "\u2028村"])
                    | st.text(max_size=4)
                ),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "__line": pl.Int64,
            "__unit": pl.String,
            "__t": pl.Int64,
            "id": pl.String,
            "village": pl.String,
        },
    )
    if not with_ids:
        frame = frame.drop("id")
    if not with_villages:
        frame = frame.drop("village")
    extra_lines = sorted(draw(st.lists(st.integers(2, 200), max_size=5)))
    extra = [(line, draw(findings_of(100 + line))) for line in extra_lines]
    # a pair the rule judged one by one has no template (no row points at it)
    block = CaseBlock([*templates, None], frame.with_columns(pl.lit(0).alias("__other")), SOURCE)
    block.extra = extra
    made = []
    for row in rows:
        ref = f"{SOURCE}:{row['__line']}"
        case = row["id"] if with_ids else None
        made.append(
            (
                row["__line"],
                0,
                attrs.evolve(
                    templates[row["__t"]],
                    unit=row["__unit"],
                    case=case or ref,
                    evidence=(ref,),
                    entity=row["village"] if with_villages else None,
                ),
            )
        )
    made += [(line, 1, f) for line, f in extra]
    expected = [f for _, _, f in sorted(made, key=lambda m: (m[0], m[1]))]
    return BlockSpec(block, expected)


parts = st.lists(
    st.one_of(blocks(), st.lists(findings_of(7), max_size=6)),
    max_size=5,
)


def build(drawn: list[Any]) -> tuple[Findings, list[Finding]]:
    made = [d.block if isinstance(d, BlockSpec) else d for d in drawn]
    expected = [f for d in drawn for f in (d.expected if isinstance(d, BlockSpec) else d)]
    return Findings(made), expected


def same(found: Findings, expected: list[Finding]) -> None:
    assert len(found) == len(expected)
    assert list(found) == expected
    assert found == expected
    assert bool(found) is bool(expected)


@settings(max_examples=150, deadline=None)
@given(parts)
def test_findings_are_the_list_of_their_findings(drawn: list[Any]) -> None:
    found, expected = build(drawn)
    same(found, expected)
    n = len(expected)
    for i in (0, n // 2, n - 1, -1, -n):
        if -n <= i < n:
            assert found[i] == expected[i]
    for index in (n, -n - 1):
        with pytest.raises(IndexError):
            found[index]
    assert found[1:4] == expected[1:4]
    assert found[::2] == expected[::2]


@settings(max_examples=150, deadline=None)
@given(parts, st.sets(st.sampled_from(UNITS)))
def test_counts_statuses_units_and_order_are_the_lists(drawn: list[Any], kept: set[str]) -> None:
    found, expected = build(drawn)
    counts = Counter(f.status for f in expected)
    assert found.status_counts() == {s: counts[s] for s in Status}
    for status in Status:
        assert found.with_status(status) == [f for f in expected if f.status is status]
    assert found.with_status(Status.MET, Status.VIOLATED) == [
        f for f in expected if f.status in (Status.MET, Status.VIOLATED)
    ]
    ordered = sorted(expected, key=check_order)  # stable: ties keep the parts' order
    same(found.in_check_order(), ordered)
    same(found.where_unit(lambda u: u in kept), [f for f in expected if f.unit in kept])
    both = found.where_unit(lambda u: u in kept).in_check_order()
    same(both, [f for f in ordered if f.unit in kept])
    assert both.with_status(Status.MET) == [
        f for f in ordered if f.unit in kept and f.status is Status.MET
    ]
    # the sort put off until read: the statuses asked for are sorted alone, a unit's kept
    for status in Status:
        assert found.in_check_order().with_status(status) == [
            f for f in ordered if f.status is status
        ]
    late = found.in_check_order().where_unit(lambda u: u in kept)
    assert late.with_status(Status.VIOLATED, Status.MET) == [
        f for f in ordered if f.unit in kept and f.status in (Status.VIOLATED, Status.MET)
    ]
    same(late, [f for f in ordered if f.unit in kept])


@settings(max_examples=150, deadline=None)
@given(parts, st.sets(st.sampled_from(list(Status))), st.sets(st.sampled_from(UNITS)))
def test_where_status_is_the_lists_filter(
    drawn: list[Any], listed: set[Status], kept: set[str]
) -> None:
    # ``check --status``: the findings of some statuses, before or after the check's order
    found, expected = build(drawn)
    ordered = sorted(expected, key=check_order)
    same(found.where_status(listed), [f for f in expected if f.status in listed])
    chosen = [f for f in ordered if f.status in listed]
    same(found.in_check_order().where_status(listed), chosen)  # the sort still put off
    same(found.where_status(listed).in_check_order(), chosen)
    narrowed = found.in_check_order().where_unit(lambda u: u in kept).where_status(listed)
    same(narrowed, [f for f in chosen if f.unit in kept])
    assert narrowed.status_counts() == {
        s: sum(f.status is s and f.unit in kept for f in chosen) for s in Status
    }
    writer = FindingJson()
    texts = list(found.in_check_order().where_status(listed).json_texts(FindingJson()))
    assert texts == [writer(f) for f in chosen]


@settings(max_examples=150, deadline=None)
@given(parts, st.sampled_from([1, 5, 64]), st.sampled_from([3, 7, 1 << 14]))
def test_json_texts_are_each_findings_own(drawn: list[Any], run: int, chunk: int) -> None:
    # a block's rows from *run* of them in a chunk of *chunk* findings are written as a
    # column built by Polars, the others one by one: the texts are the same
    found, expected = build(drawn)
    ordered = found.in_check_order()
    writer = FindingJson()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(findingset, "_TEXT_RUN", run)
        mp.setattr(findingset, "_TEXT_CHUNK", chunk)
        assert list(ordered.json_texts(FindingJson())) == [writer(f) for f in ordered]
        assert list(found.json_texts(FindingJson())) == [writer(f) for f in expected]
        # as a document: the columns' runs written as UTF-8 bytes, the others as text
        doc = layered_json({"findings": ordered.json_runs(FindingJson())})
    assert doc == layered_json({"findings": iter([RawJSON(writer(f)) for f in ordered])})
    assert json.loads(doc) == {"findings": [f.to_dict() for f in ordered]}


@settings(max_examples=60, deadline=None)
@given(parts, parts)
def test_findings_joined_keep_each_ones_order(first: list[Any], second: list[Any]) -> None:
    a, a_list = build(first)
    b, b_list = build(second)
    same(Findings([a, b]), a_list + b_list)
    # a sorted one is joined as its findings in its order, not as its parts
    same(Findings([a.in_check_order(), b]), sorted(a_list, key=check_order) + b_list)
    same(
        Findings([a.where_unit(lambda u: u != UNITS[0]), b]),
        [f for f in a_list if f.unit != UNITS[0]] + b_list,
    )


@settings(max_examples=40, deadline=None)
@given(parts)
def test_findings_survive_pickling(drawn: list[Any]) -> None:
    """The worker processes of a many-county check send their results back pickled."""
    found, expected = build(drawn)
    ordered = found.in_check_order()
    # not yet read (its sort put off), then read (a block's cached columns are not sent)
    same(pickle.loads(pickle.dumps(ordered)), sorted(expected, key=check_order))
    list(ordered)
    same(pickle.loads(pickle.dumps(ordered)), sorted(expected, key=check_order))


@settings(max_examples=60, deadline=None)
@given(parts)
def test_the_check_order_by_columns_is_the_one_key_order(
    drawn: list[Any],
) -> None:
    """Past the rules and units one 64-bit key can rank, the order is sorted by the columns;
    both give the same order."""
    found, expected = build(drawn)
    ordered = sorted(expected, key=check_order)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(findingset, "_MOST_UNITS", 1)
        same(found.in_check_order(), ordered)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(findingset, "_MOST_RULES", 1)
        same(found.in_check_order(), ordered)


def test_a_list_of_findings_holds_no_block() -> None:
    made = [finding(r, Status.MET, None, u, 0) for r in RULES for u in UNITS]
    found = Findings.of(made)
    assert found.blocks == 0
    assert Findings.of(found) is found
    same(found.in_check_order(), sorted(made, key=check_order))


def test_a_few_findings_of_a_large_block_are_read_alone() -> None:
    """The findings of a rare status in a large block are made from their own rows only; they
    are the same as when the whole block is read."""
    met = finding(RULES[0], Status.MET, date(2023, 9, 1), UNITS[0], 0)
    late = finding(RULES[0], Status.VIOLATED, date(2023, 9, 1), UNITS[0], 1)
    rare = {17, 50, 83}
    rows = pl.DataFrame(
        {
            "__line": list(range(2, 102)),
            "__unit": [UNITS[i % len(UNITS)] for i in range(100)],
            "__t": [1 if i in rare else 0 for i in range(100)],
            "id": [f"YSQ-{i}" for i in range(100)],
        }
    )
    found = Findings([CaseBlock([met, late], rows, SOURCE)]).in_check_order()
    first = found.with_status(Status.VIOLATED)  # before the block's columns are read whole
    expected = [
        attrs.evolve(
            late,
            unit=UNITS[i % len(UNITS)],
            case=f"YSQ-{i}",
            evidence=(f"{SOURCE}:{i + 2}",),
        )
        for i in sorted(rare, key=lambda i: (UNITS[i % len(UNITS)], i))
    ]
    assert first == expected
    assert list(found)[:3] == expected
    assert found.with_status(Status.VIOLATED) == expected  # the columns now read whole


@settings(max_examples=40, deadline=None)
@given(parts)
def test_findings_read_whole_are_kept_up_to_a_size(drawn: list[Any]) -> None:
    """A report reads a check's findings several times: up to ``KEEP_MADE`` findings, those
    made by the first reading are kept (the same objects come back); past it each reading makes
    them again, equal but new."""
    found, expected = build(drawn)
    if not found.blocks:
        return
    first, again = list(found), list(found)
    assert first == again == expected
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert found[0] is first[0]
    with pytest.MonkeyPatch.context() as m:
        m.setattr(findingset, "KEEP_MADE", 0)
        lean, _ = build(drawn)
        first, again = list(lean), list(lean)
        assert first == again == expected
        assert lean[-1] == expected[-1]
        if any(isinstance(d, BlockSpec) and d.block.rows.height for d in drawn):
            assert not all(a is b for a, b in zip(first, again, strict=True))
