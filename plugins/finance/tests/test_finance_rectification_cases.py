"""审计整改事项 (FIN-06) as records and as live cases: rectified and published by the decision's
整改期限, judged as ``check`` judges the exported ledger."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from case_support import make_book
from govflow.cases.ledger import export_rows
from govflow.cases.model import EventRefused
from govflow.compliance.findings import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, write_csv

TODAY = date(2024, 6, 30)


def _verdicts(findings: object) -> list[dict[str, object]]:
    out = []
    for f in findings:  # type: ignore[attr-defined]
        d = f.to_dict()
        d.pop("evidence")
        out.append(d)
    return sorted(out, key=lambda d: (str(d["case"]), str(d["rule"])))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),  # decided: days after 2023-07-01
            st.integers(10, 90),  # the 整改期限 set: days after the decision
            st.none() | st.integers(0, 120),  # rectified: days after the decision
            st.none() | st.integers(0, 120),  # published
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from([date(2023, 9, 1), date(2023, 11, 30), TODAY]),
)
def test_items_are_judged_as_check_judges_their_ledger(
    govflow_registry: Registry,
    govflow_plan: Plan,
    tmp_path_factory: pytest.TempPathFactory,
    items: list[tuple[int, int, int | None, int | None]],
    as_of: date,
) -> None:
    folder = tmp_path_factory.mktemp("rect")
    book = make_book(f"sqlite:///{folder / 'cases.sqlite3'}", TODAY)
    for n, (decided, due, rectified, published) in enumerate(items):
        day = date(2023, 7, 1) + timedelta(days=decided)
        cid = f"SJZG-{n:03d}"
        fields = {"due": (day + timedelta(days=due)).isoformat()}
        book.open("audit-rectification", cid, "县教科体局", day.isoformat(), fields, actor="测试")
        for name, after in (("rectified", rectified), ("published", published)):
            if after is not None:
                book.record(cid, name, (day + timedelta(days=after)).isoformat(), actor="测试")
    cases = book.store.cases()
    views = book.judge.judge(cases, as_of)
    kind = book.record_kinds["rectification"]
    ledger = write_csv(folder / "rectifications.csv", export_rows(cases, kind))
    result = check_records(govflow_registry, govflow_plan, [ledger], as_of)
    clocks = [f for v in views for f in v.findings]
    assert _verdicts(clocks) == _verdicts(f for f in result.findings if f.case)
    assert {f.rule for f in clocks} <= {"finance.audit-rectified", "finance.audit-rectification"}
    book.store.close()


def test_the_item_is_due_on_its_decisions_date_and_refuses_a_due_before_it(tmp_path: Path) -> None:
    book = make_book(f"sqlite:///{tmp_path / 'cases.sqlite3'}", TODAY)
    book.open(
        "audit-rectification", "A", "县教科体局", "2023-08-01", {"due": "2023-10-31"}, actor="测试"
    )
    view = book.record("A", "rectified", "2023-10-20", actor="测试")
    by_rule = {f.rule: f for f in book.show("A", date(2023, 11, 15)).findings}
    assert by_rule["finance.audit-rectified"].status is Status.MET
    assert by_rule["finance.audit-rectification"].status is Status.VIOLATED  # not published
    assert view.due == date(2023, 10, 31)
    with pytest.raises(EventRefused, match="整改期限 2023-07-31 早于审计决定日期 2023-08-01"):
        book.open(
            "audit-rectification",
            "B",
            "县教科体局",
            "2023-08-01",
            {"due": "2023-07-31"},
            actor="测试",
        )
