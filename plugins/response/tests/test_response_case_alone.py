"""A case is judged the same in a ledger of many as alone in a file of its own.

The deadline rules remember what cases of one trigger date share (the computed due date, the
explanation's head, the trace, a version's terms): nothing of one case may leak into another's
verdict.  Generated ledgers of 依申请公开 cases (received on either side of the 2019 revision,
with and without 补正, 征求意见 and 延期) are checked whole and case by case.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.compliance.check import CheckResult
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, write_csv

HEADER = [
    "申请编号",
    "受理单位",
    "收到日期",
    "补正告知日期",
    "收到补正日期",
    "征求意见开始日期",
    "征求意见结束日期",
    "延长工作日数",
    "延期批准日期",
    "答复日期",
]
DAYS = [date(2019, 4, 20) + timedelta(days=n) for n in range(0, 60)] + [
    date(2023, 9, 20) + timedelta(days=n) for n in range(0, 30)
]
AS_OF = date(2023, 12, 31)


@st.composite
def case(draw: st.DrawFn) -> list[str]:
    received = draw(st.sampled_from(DAYS))

    def later(lo: int, hi: int) -> str:
        return (received + timedelta(days=draw(st.integers(lo, hi)))).isoformat()

    corrected = draw(st.booleans())
    consulted = draw(st.booleans())
    extended = draw(st.booleans())
    return [
        "",  # numbered below
        draw(st.sampled_from(["县财政局", "县教育局", "贡江镇"])),
        received.isoformat(),
        later(1, 6) if corrected else "",
        later(7, 12) if corrected else "",
        later(2, 5) if consulted else "",
        later(6, 30) if consulted and draw(st.booleans()) else "",
        str(draw(st.integers(1, 20))) if extended else "",
        later(10, 20) if extended else "",
        later(1, 60) if draw(st.booleans()) else "",
    ]


def _verdicts(result: CheckResult) -> list[dict[str, Any]]:
    """The findings and rejections by case, without the file and line they came from."""
    out = []
    for f in result.findings:
        if f.case is None:
            continue
        d = f.to_dict()
        d.pop("evidence")
        out.append(d)
    return sorted(out, key=lambda d: (d["case"], d["rule"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(case(), min_size=2, max_size=12))
def test_each_case_is_judged_as_if_alone(
    govflow_registry: Registry, govflow_plan: Plan, cases: list[list[str]]
) -> None:
    for n, row in enumerate(cases):
        row[0] = f"Y-{n:03d}"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        whole = check_records(
            govflow_registry,
            govflow_plan,
            [write_csv(folder / "all.csv", [HEADER, *cases])],
            AS_OF,
            rejected_ok=True,
        )
        alone: list[dict[str, Any]] = []
        rejected: list[tuple[str, str]] = []
        for row in cases:
            one = check_records(
                govflow_registry,
                govflow_plan,
                [write_csv(folder / f"{row[0]}.csv", [HEADER, row])],
                AS_OF,
                rejected_ok=True,
            )
            alone += _verdicts(one)
            rejected += [(row[0], f"{r.field}：{r.reason}") for r in one.rejected]
    assert _verdicts(whole) == sorted(alone, key=lambda d: (d["case"], d["rule"]))
    by_line = {n + 2: row[0] for n, row in enumerate(cases)}
    assert sorted((by_line[r.line], f"{r.field}：{r.reason}") for r in whole.rejected) == sorted(
        rejected
    )
