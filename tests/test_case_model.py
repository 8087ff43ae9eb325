"""The live-case model without any plugin: kinds, corrections, the record a history writes, and
the refusals that need no rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from govflow.cases.kinds import (
    APPLICATION_CASE,
    BUILTIN_CASE_KINDS,
    CaseKind,
    CaseKindError,
    EventType,
)
from govflow.cases.model import RETRACT, Case, CaseEvent, EventRefused, refuse_event
from govflow.compliance.kinds import BUILTIN_KINDS

TODAY = date(2024, 1, 31)


def _case(*events: tuple[str, date, int | None]) -> Case:
    out = Case(APPLICATION_CASE, "A", "县财政局", {}, ())
    for seq, (name, day, sup) in enumerate(events, start=1):
        out = out.with_event(CaseEvent(name, day, seq=seq, supersedes=sup))
    return out


def test_the_built_in_kinds_fit_their_record_kinds() -> None:
    for kind in BUILTIN_CASE_KINDS:
        fields = {f.name: f for f in BUILTIN_KINDS[kind.record_kind].fields}
        kind.check(fields)
        # every field an application ledger keeps is written by an event or given at opening
        written = {f for e in kind.events for f in (e.field, e.flag, e.amount) if f}
        assert set(fields) - written - set(kind.fields) <= {"id", "unit"}


def test_a_kind_naming_a_missing_field_is_refused() -> None:
    broken = evolve(
        APPLICATION_CASE, events=(*APPLICATION_CASE.events, EventType("x", "某事", field="nope"))
    )
    fields = {f.name: f for f in BUILTIN_KINDS["application"].fields}
    with pytest.raises(CaseKindError, match="没有字段 'nope'"):
        broken.check(fields)
    no_opening = CaseKind("k", "某类", "application", "start", APPLICATION_CASE.events)
    with pytest.raises(CaseKindError, match="开案事件 'start'"):
        no_opening.check(fields)


def test_the_record_is_what_the_effective_events_write() -> None:
    case = _case(
        ("received", date(2023, 9, 20), None),
        ("extension-approved", date(2023, 10, 10), None),
        ("replied", date(2023, 10, 30), None),
        ("replied", date(2023, 10, 13), 3),
    )
    case = evolve(
        case, events=(*case.events[:1], evolve(case.events[1], amount=10), *case.events[2:])
    )
    data = case.record_data()
    assert data == {
        "id": "A",
        "unit": "县财政局",
        "received": date(2023, 9, 20),
        "extension_approved": date(2023, 10, 10),
        "extension_days": 10,
        "replied": date(2023, 10, 13),
    }
    withdrawn = case.with_event(CaseEvent(RETRACT, date(2023, 10, 13), seq=5, supersedes=4))
    assert "replied" not in withdrawn.record_data()


@given(st.lists(st.integers(0, 40), min_size=1, max_size=8), st.randoms())
def test_effective_events_are_in_date_order_without_the_superseded(
    offsets: list[int], rnd: object
) -> None:
    start = date(2023, 3, 1)
    events = [CaseEvent("received", start, seq=1)]
    for seq, off in enumerate(offsets, start=2):
        target = rnd.choice(events[1:]).seq if len(events) > 1 and rnd.random() < 0.3 else None  # type: ignore[attr-defined]
        events.append(CaseEvent("filed", start + timedelta(days=off), seq=seq, supersedes=target))
    case = Case(APPLICATION_CASE, "A", "县财政局", {}, tuple(events))
    kept = case.effective()
    superseded = {e.supersedes for e in events if e.supersedes}
    assert all(e.seq not in superseded for e in kept)
    assert len(kept) == len(events) - len(superseded)
    assert [e.occurred for e in kept] == sorted(e.occurred for e in kept)


@pytest.mark.parametrize(
    ("history", "new", "needle"),
    [
        ([], ("corrected", date(2023, 9, 25), None), "应先有告知补正"),
        ([], ("replied", date(2023, 9, 19), None), "早于收到申请"),
        ([], ("replied", date(2024, 2, 1), None), "事件尚未发生"),
        ([("closed", date(2023, 9, 21), None)], ("filed", date(2023, 9, 22), None), "结案"),
        (
            [("replied", date(2023, 9, 21), None)],
            ("consultation-sent", date(2023, 9, 22), None),
            "办理已终结",
        ),
        (
            [("replied", date(2023, 9, 21), None)],
            ("replied", date(2023, 9, 22), None),
            "--supersedes 2",
        ),
        (
            [("replied", date(2023, 9, 21), None)],
            ("filed", date(2023, 9, 22), 2),
            "更正它的事件也应是答复",
        ),
        ([], ("replied", date(2023, 9, 22), 9), "没有第 9 号事件"),
        ([], (RETRACT, date(2023, 9, 22), 1), "不能撤销开案事件"),
        (
            [("correction-requested", date(2023, 9, 25), None)],
            ("received", date(2023, 9, 26), 1),
            "晚于其后的告知补正",
        ),
    ],
)
def test_refusals_that_need_no_rule(
    history: list[tuple[str, date, int | None]], new: tuple[str, date, int | None], needle: str
) -> None:
    case = _case(("received", date(2023, 9, 20), None), *history)
    name, day, sup = new
    with pytest.raises(EventRefused, match=needle):
        refuse_event(case, CaseEvent(name, day, supersedes=sup), TODAY)


def test_what_may_follow_the_end() -> None:
    case = _case(("received", date(2023, 9, 20), None), ("replied", date(2023, 9, 21), None))
    refuse_event(case, CaseEvent("filed", date(2023, 9, 22)), TODAY)  # 报备 after the reply
    refuse_event(case, CaseEvent("closed", date(2023, 9, 22)), TODAY)
    refuse_event(case, CaseEvent("replied", date(2023, 9, 22), supersedes=2), TODAY)


def test_a_ledger_row_becomes_the_most_specific_kind() -> None:
    from govflow.cases.kinds import MESSAGE_CASE
    from govflow.cases.ledger import case_kind_of
    from govflow.compliance.kinds import Record

    hotline = evolve(MESSAGE_CASE, name="hotline", fixed=(("channel", "12345热线"),))
    row = Record("message", "留言.csv", 2, {"id": "1", "channel": "12345热线"})
    other = Record("message", "留言.csv", 3, {"id": "2", "channel": "县长信箱"})
    for kinds in ([MESSAGE_CASE, hotline], [hotline, MESSAGE_CASE]):
        assert case_kind_of(row, kinds) is hotline
        assert case_kind_of(other, kinds) is MESSAGE_CASE
    assert case_kind_of(Record("post", "p.csv", 2, {}), [MESSAGE_CASE]) is None
