"""What a lapse asks of the unit (issue 11): a 征地 notice taken down too early is posted again,
not 「立即完成」; one published late is done late.  Record ids and dates are invented test data;
the dates are worked out by hand from the 2023 holiday notice (国办发明电〔2022〕16号).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from govflow.compliance.rules import Status
from govflow.plan.model import Plan
from govflow.plugins.manager import Registry
from govflow.testing import check_records, findings_of, write_csv

HEADER = ["编号", "公开单位", "公开类型", "形成日期", "公开日期", "公示结束日期", "标题"]


def test_a_notice_posted_too_briefly_is_posted_again(
    govflow_registry: Registry, govflow_plan: Plan, tmp_path: Path
) -> None:
    # 《土地管理法》第四十七条: 「公告至少三十日」.  Posted 09-05, day 30 is 10-05, in the break, so it
    # stays up to Saturday 10-07; taken down 10-06 it fell short and cannot be finished late
    files = write_csv(
        tmp_path / "disclosures.csv",
        [
            HEADER,
            ["C1", "县自然资源局", "征地补偿安置公告", "", "2023-09-05", "2023-10-06", "公告"],
            # 征收土地公告: within 15 working days of the approval received 09-27, due 10-24
            ["A1", "县自然资源局", "征收土地公告", "2023-09-27", "2023-10-25", "", "公告"],
        ],
    )
    result = check_records(govflow_registry, govflow_plan, [files], date(2023, 12, 31))
    (short,) = findings_of(result, "livelihood.land-compensation-notice", case="C1")
    assert short.status is Status.VIOLATED
    assert short.action == "公告期不足30日（应公示至 2023-10-07），须重新公告"
    (late,) = findings_of(result, "livelihood.land-acquisition-notice", case="A1")
    assert late.status is Status.VIOLATED
    assert late.action == "逾期办结（期限 2023-10-24，2023-10-25 完成），须说明逾期原因"
    for f in (short, late):
        assert "须立即完成" not in f.action
