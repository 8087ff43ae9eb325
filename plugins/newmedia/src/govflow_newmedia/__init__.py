"""govflow-newmedia: the area 政府网站与政务新媒体 (government websites and new media).

Tasks 10-12 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(四)10「强化政府网站平台监管」,
11「提升政务新媒体监管水平」, 12「创新线上特色政务公开、政务服务渠道」).  The plan sets its own
quotas (动态信息每周至少2次更新, 每月50条, 每周一自查 …); the rules below are the national
monitoring indicators and reporting dates behind 「确保…相关栏目不逾期」, with the ids and evidence
grades of the domain brief (time-rules.md §2):

* WEB-01 (G/S, veto): the homepage shows a new item at least every 2 weeks (县大数据中心 runs the
  portal).
* WEB-02 (G/S, veto): 动态、要闻类栏目 are updated within 2 weeks, 通知公告、政策文件类栏目 within
  6 months; 5 or more stale columns in total are a veto (``params["veto_columns"]``).
* WEB-04 (G/S, veto): no valid message in the 政务咨询 columns stays unanswered for more than
  3 months.
* WEB-08 (G): the 《政府网站工作年度报表》 is published on the homepage by 31 January of the next
  year: a calendar deadline, so it is a dated agenda entry (「次年1月31日前」, not moved for
  holidays).
* WEB-09 (S; exact wording U, veto): a 政务新媒体 account is updated at least every 2 weeks.  Task
  11's 「谁建设、谁负责」 puts the duty on each account's owner, i.e. the task's units.  A plan may set a
  stricter cadence by overriding ``newmedia.account-update``.

WEB-01, WEB-02, WEB-04 and WEB-09 are monitoring look-backs (「监测时间点前2周内」): the monitor may
check on any day, holidays included, so the lapse is not moved past rest days the way a legal
period is (民法典 第二百零三条).  They carry ``params["lookback"] = True``, and
:func:`monitoring_deadline` gives the last day an update still counts.  (``compute_due`` has no
way to count natural days without the last-day extension; see the package README.)

References:
    * 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号), 单项否决指标
    * 国办函〔2018〕12号 (政府网站工作年度报表)
    * local notices applying the 2-week rule to 政务新媒体 (盘锦 2020, 渭南 2020, 北京 2019 Q4)
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from govflow.hookspecs import hookimpl
from govflow.obligations import Area, Citation, Deadline, ObligationTemplate
from govflow.periods import Period, PeriodUnit

__all__ = [
    "AREA",
    "RULES",
    "govflow_areas",
    "govflow_obligation_templates",
    "monitoring_deadline",
]

AREA = Area(
    id="newmedia",
    title="政府网站与政务新媒体",
    description="政府网站栏目更新、互动回应、年度报表，政务新媒体更新与监管",
    tasks_hint=(10, 11, 12),
)

_INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"
_PORTAL = ("县大数据中心",)

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="newmedia.account-update",
        title="政务新媒体账号两周内须有更新（单项否决）",
        rule=Deadline(Period.parse("14日"), trigger="账号上一次更新"),
        citation=Citation(
            document="政务新媒体检查指标（国办秘函〔2019〕19号，各地通知援引；原文措辞未核实）",
            clause="单项否决指标·更新情况",
            text="监测时间点前2周内无信息更新",
            source_id="WEB-09",
        ),
        area="newmedia",
        keywords=("政务新媒体",),
        params={"evidence": "S", "wording": "U", "veto": True, "lookback": True},
    ),
    ObligationTemplate(
        id="newmedia.homepage-update",
        title="政府网站首页两周内须有信息更新（单项否决）",
        rule=Deadline(Period.parse("14日"), trigger="首页上一次更新"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·首页不更新",
            text="监测2周，首页无信息更新的，即单项否决",
            source_id="WEB-01",
        ),
        area="newmedia",
        applies_to=_PORTAL,
        keywords=("政府网站",),
        params={"evidence": "G", "veto": True, "lookback": True, "undated_counts_as_stale": True},
    ),
    ObligationTemplate(
        id="newmedia.news-columns",
        title="动态、要闻类栏目两周内须更新（累计5个未更新即单项否决）",
        rule=Deadline(Period.parse("14日"), trigger="动态、要闻类栏目上一次更新"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·栏目不更新",
            text="监测时间点前2周内的动态、要闻类栏目",
            source_id="WEB-02",
        ),
        area="newmedia",
        keywords=("政府网站",),
        params={"evidence": "G", "veto": True, "lookback": True, "veto_columns": 5},
    ),
    ObligationTemplate(
        id="newmedia.notice-columns",
        title="通知公告、政策文件类栏目六个月内须更新（累计5个未更新即单项否决）",
        rule=Deadline(Period.parse("6个月"), trigger="通知公告、政策文件类栏目上一次更新"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·栏目不更新",
            text="前6个月内的通知公告、政策文件类…栏目",
            source_id="WEB-02",
        ),
        area="newmedia",
        keywords=("政府网站",),
        params={"evidence": "G", "veto": True, "lookback": True, "veto_columns": 5},
    ),
    ObligationTemplate(
        id="newmedia.message-response",
        title="政务咨询类栏目有效留言三个月内须回应（单项否决）",
        rule=Deadline(Period.parse("3个月"), trigger="收到有效留言"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·互动回应差",
            text="存在超过3个月未回应有效留言",
            source_id="WEB-04",
        ),
        area="newmedia",
        keywords=("政府网站",),
        params={"evidence": "G", "veto": True, "lookback": True, "window_months": 12},
    ),
    ObligationTemplate(
        id="newmedia.website-annual-report",
        title="在网站首页发布《政府网站工作年度报表》",
        rule=Deadline(Period.parse("次年1月31日前")),
        citation=Citation(
            document="国办函〔2018〕12号",
            clause="政府网站工作年度报表",
            text="《政府网站工作年度报表》于每年1月31日前在本网站首页显著位置发布",
            source_id="WEB-08",
        ),
        area="newmedia",
        applies_to=_PORTAL,
        keywords=("政府网站",),
        params={"evidence": "G"},
    ),
)


def _add_months(d: date, months: int) -> date:
    """The corresponding day *months* later, or that month's last day (民法典 第二百零二条)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def monitoring_deadline(period: Period, last: date) -> date:
    """The last day on which an update made on *last* still satisfies a look-back check.

    「监测时间点前2周内无信息更新」: a check on day M looks back over the 2 weeks before M, so an
    update on *last* keeps the account compliant through ``last + 14 days``; a check after that
    finds it stale.  Rest days do not move the date (the monitor works on holidays too), unlike
    :func:`govflow.periods.compute_due`'s legal reading.  Months end on the corresponding day
    or the month's last day.
    """
    if period.unit is PeriodUnit.DAYS:
        return last + timedelta(days=period.amount)
    if period.unit is PeriodUnit.MONTHS:
        return _add_months(last, period.amount)
    if period.unit is PeriodUnit.YEARS:
        return _add_months(last, 12 * period.amount)
    raise ValueError(f"a look-back is counted in days, months or years, not {period.label()!r}")


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []
