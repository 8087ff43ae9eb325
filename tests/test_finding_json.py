"""``FindingJson``: a finding's JSON line, its shared parts encoded once, is exactly what the
standard encoder writes of ``Finding.to_dict()`` made inert."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.compliance.findings import Finding, FindingJson, Status
from govflow.plan.obligations import Citation, RuleVersion, Severity
from govflow.text.inert import json_inert
from govflow.text.jsonlayout import RawJSON, layered_json

FLAT = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))

# every kind of character a record or plan may carry: controls, C1, bidirectional overrides,
# line separators, quotes and backslashes, CJK, characters beyond the BMP
texts = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x1b", "\x9b", "\u202e", "\u2028", '"', "\\", "\n", "\x7f", "办"]),
    ),
    max_size=12,
)
days = st.dates(date(1990, 1, 1), date(2100, 12, 31))
citations = st.builds(
    Citation,
    document=texts,
    clause=texts,
    text=texts,
    source_id=st.one_of(st.just(""), texts),
    grade=st.sampled_from(["", "P", "S"]),
)
versions = st.builds(
    RuleVersion,
    valid_from=days,
    valid_until=st.none(),
    citation=citations,
)


@st.composite
def findings(draw: st.DrawFn, shared: tuple[Citation, tuple[str, ...], str]) -> Finding:
    source, trace, threshold = shared
    window = draw(st.one_of(st.none(), st.tuples(days, days)))
    return Finding(
        rule=draw(texts),
        title=draw(texts),
        area=draw(texts),
        status=draw(st.sampled_from(Status)),
        severity=draw(st.sampled_from(Severity)),
        unit=draw(texts),
        source=draw(st.one_of(st.just(source), citations)),
        due=draw(st.one_of(st.none(), days)),
        done=draw(st.one_of(st.none(), days)),
        window=window,
        case=draw(st.one_of(st.none(), texts)),
        entity=draw(st.one_of(st.none(), texts)),
        actual=draw(st.one_of(st.none(), st.integers(-(10**20), 10**20))),
        expected=draw(st.one_of(st.none(), st.integers(0, 10**6))),
        evidence=tuple(draw(st.lists(texts, max_size=5))),
        evidence_count=draw(st.integers(0, 10**7)),
        explanation=draw(texts),
        trace=draw(st.one_of(st.just(trace), st.lists(texts, max_size=4).map(tuple))),
        threshold=draw(st.one_of(st.just(threshold), texts)),
        action=draw(texts),
        version=draw(st.one_of(st.none(), versions)),
    )


@settings(max_examples=300)
@given(data=st.data(), source=citations, trace=st.lists(texts, max_size=4), threshold=texts)
def test_the_same_text_as_the_standard_encoder(
    data: st.DataObject, source: Citation, trace: list[str], threshold: str
) -> None:
    shared = (source, tuple(trace), threshold)
    writer = FindingJson()  # one writer for many findings: its memory of shared parts is used
    for finding in data.draw(st.lists(findings(shared), min_size=1, max_size=6)):
        line = writer(finding)
        assert isinstance(line, RawJSON)
        assert line == json_inert(FLAT.encode(finding.to_dict()))
        assert json.loads(line) == finding.to_dict()


def test_a_full_memory_is_cleared_not_grown() -> None:
    writer = FindingJson()
    base = Finding("r", "t", "a", Status.MET, Severity.BREACH, "u", Citation("d", "c"))
    for i in range(10_000):
        finding = Finding(
            "r",
            "t",
            "a",
            Status.MET,
            Severity.BREACH,
            f"u{i}",
            Citation("d", f"c{i}"),
            trace=(str(i),),
        )
        assert writer(finding) == json_inert(FLAT.encode(finding.to_dict()))
    memories = (
        writer._values,
        writer._heads,
        writer._middles,
        writer._judgements,
        writer._citations,
    )
    assert max(len(m) for m in memories) <= 4096
    assert writer(base) == json_inert(FLAT.encode(base.to_dict()))


def test_raw_lines_are_written_as_they_are() -> None:
    raw = RawJSON('{"a": 1}')
    doc = {"findings": iter([raw, {"b": 2}])}
    assert json.loads(layered_json(doc, depth=2)) == {"findings": [{"a": 1}, {"b": 2}]}
    # a lazily written list at the first level not indented: one line, the raw item unquoted
    flat = layered_json({"findings": iter([raw, {"b": 2}])}, depth=1)
    assert flat == '{\n "findings": [{"a": 1}, {"b": 2}]\n}'
    assert json.loads(flat) == {"findings": [{"a": 1}, {"b": 2}]}
