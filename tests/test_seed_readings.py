"""Issue 11's fixes in the core: a plan's own 文号, 「每周一自查、每月一通报」, the 放假办法's words,
what a lapse asks of a unit, and filters that leave values out.

The plan texts are the invented test plan of 大余县 (tests/data/plans/README.md) with a preamble
changed; 「赣府厅字〔2024〕15号」 is the example of the issue, used as a cited number only.
"""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from govflow.compliance.base import action_text
from govflow.compliance.fields import matches
from govflow.compliance.findings import Status
from govflow.importer.phrases import parse_phrases
from govflow.plan.obligations import Quota, Recurrence, RestDayRule, Window
from govflow.plan.planfile import PlanError
from govflow.sources import source
from importer_support import DAYU, import_plan
from plans import CESHI_PLAN, plan_from_dict

_OWN = "余府办字〔2023〕9号"
_PREAMBLE = "为深入贯彻落实《中华人民共和国政府信息公开条例》和省、市政务公开工作部署"
_CITING = (
    "根据《江西省人民政府办公厅关于印发2024年江西省政务公开工作要点的通知》(赣府厅字〔2024〕15号)"
)


def _dayu(*, own: bool) -> str:
    text = DAYU.read_text("utf-8")
    assert _OWN in text
    assert _PREAMBLE in text
    if not own:
        text = text.replace(_OWN, "")
    return text.replace(_PREAMBLE, _CITING + "," + _PREAMBLE)


def test_a_cited_number_is_not_the_plans_own() -> None:
    result = import_plan(_dayu(own=False), source="dayu-2023.txt")
    assert "赣府厅字" not in result.plan.number
    assert result.plan.number == "文号待补"  # the placeholder a missing number always had
    (asked,) = (r for r in result.review if r.where == "文号")
    assert asked.kind == "missing"
    assert "「赣府厅字〔2024〕15号」是序言所引文件的文号" in asked.message
    assert "请填写 number" in asked.message
    # as for a missing date of issue: asked in the review list
    assert {r.where for r in result.review if r.kind == "missing"} >= {"文号"}


def test_the_plans_own_number_wins_over_a_cited_one() -> None:
    result = import_plan(_dayu(own=True), source="dayu-2023.txt")
    assert result.plan.number == _OWN
    assert not [r for r in result.review if r.where == "文号"]


def test_once_a_week_and_once_a_month_not_every_monday() -> None:
    # 于府办字〔2023〕32号 二、(四)11: 「开展每周一自查、每月一通报」: 「每月一通报」 can only be a
    # count, so the 「一」 of the parallel 「每周一自查」 is one too
    found = parse_phrases("开展每周一自查、每月一通报。")
    assert [m.text for m in found] == ["每周一自查", "每月一通报"]
    assert found[0].values == (Quota(1, Window.WEEK, "event", {}, "每周一自查"),)
    # the month's: its nominal date, the month's last day, not moved to a working day
    assert found[1].values == (
        Recurrence("FREQ=MONTHLY;BYMONTHDAY=-1", "每月一通报", RestDayRule.KEEP),
    )
    # without a parallel count in its sentence, 「每周一」 is still the weekday
    (monday,) = parse_phrases("每周一汇总企业诉求办理情况")
    assert isinstance(monday.value, Recurrence)
    assert monday.value.rrule == "FREQ=WEEKLY;BYDAY=MO"
    apart = parse_phrases("每周一汇总企业诉求办理情况。每月一通报。")
    assert isinstance(apart[0].value, Recurrence)
    assert apart[0].value.rrule == "FREQ=WEEKLY;BYDAY=MO"


def test_hol_03_quotes_the_words_of_the_article() -> None:
    # 《全国年节及纪念日放假办法》第六条 (1999, 2007, 2013 texts): 「全体公民放假的假日，如果适逢
    # 星期六、星期日，应当在工作日补假」; the 2024 revision writes 周六、周日 (the note says so)
    hol = source("HOL-03")
    assert "如果适逢星期六、星期日" in hol.quote
    assert "周六、周日" in hol.note


def test_a_lapse_done_late_or_posted_too_briefly_is_not_finished_now() -> None:
    due, done = date(2023, 10, 10), date(2023, 10, 11)
    assert action_text(Status.VIOLATED, due, "答复") == (
        "已逾期（期限 2023-10-10），须立即完成答复并说明逾期原因"
    )
    assert action_text(Status.VIOLATED, due, "答复", done=done) == (
        "逾期办结（期限 2023-10-10，2023-10-11 完成），须说明逾期原因"
    )
    assert action_text(Status.VIOLATED, due, "公告", done=done, posting="30日") == (
        "公告期不足30日（应公示至 2023-10-10），须重新公告"
    )


def test_a_filter_can_leave_values_out() -> None:
    where = {"channel": {"not": ["问政江西", "省长建言"]}}
    assert matches("message", where, {"channel": "领导信箱"})
    assert matches("message", where, {})  # no channel: the county's own
    assert not matches("message", where, {"channel": "问政江西"})


def test_a_plan_file_refuses_other_table_filters() -> None:
    data = tomllib.loads(CESHI_PLAN.read_text("utf-8"))
    ob = next(o for t in data["tasks"] for o in t.get("obligations", ()) if "evidence" in o)
    ob["evidence"]["where"] = {"channel": {"in": ["问政江西"]}}
    with pytest.raises(PlanError, match=r"not = \["):
        plan_from_dict(data, base=CESHI_PLAN.parent)
    ob["evidence"]["where"] = {"channel": {"not": ["问政江西"]}}
    plan = plan_from_dict(data, base=CESHI_PLAN.parent)
    evidence = plan.obligation(ob["id"]).evidence
    assert evidence is not None
    assert evidence.where == {"channel": {"not": ["问政江西"]}}
