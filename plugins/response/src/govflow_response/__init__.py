"""govflow-response: the area 回应关切与依申请公开 (responding to the public; information requests).

Tasks 18 and 19 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(六)18「积极回应群众关切」,
19「依法稳妥做好依申请公开」).  The plan sets its own message-reply limits (5 and 3 working days,
``18.message-reply`` and ``18.simple-reply``) and a weekly summary (``19.weekly-summary``); the
rules below are the legal limits it leaves implicit, with the ids and evidence grades of the domain
brief (time-rules.md §1 and §6):

依申请公开 (task 19), 《政府信息公开条例》:

* OGI-02 (P): reply within 20 working days of receiving the request (receipt date by channel,
  OGI-06).  OGI-03: the head of the GOI office may extend by at most 20 working days
  (``max_extension_workdays`` of its :class:`~govflow.plan.settings.ClockSettings`); OGI-04:
  consultation time is not counted (``govflow.periods.core.Pause``), at most the 15 working
  days the consulted party has (``max_pause_workdays``), counted from its receipt of the request
  (``consult_received``; from dispatch, with a note in the trace, when that date is not given).
  A missed limit of the 条例 is a breach of the regulation (``Severity.BREACH``), not a
  deduction of points.
* OGI-05 (P): an unclear request is answered with a one-time 补正 notice within 7 working days;
  the reply period restarts when the corrected request arrives (``govflow.periods.core.Restart``);
  until then nothing is due (``awaiting = "correction_notice"``).
* OGI-07 (P): a third party consulted gives its opinion within 15 working days of receiving the
  request; silence leaves the decision to the agency.
* OGI-08 (P): an agency consulted by another gives its opinion within 15 working days; silence
  counts as consent to disclosure.

舆情回应 (task 18):

* RSP-01 (G/S, 国办发〔2016〕61号): for 特别重大、重大突发事件 a press conference within 24 hours
  at the latest; other 政务舆情 are answered within 48 hours.
* RSP-02 (G, 国办发〔2016〕80号, not 61号): for the same events, authoritative information within
  5 hours.

The 条例 changed: an application is judged by the version in force on the day it was received
(``versions``, :mod:`govflow.plan.obligations`).  The 2007 条例 (国务院令第492号, in force 2008-05-01)
第二十四条 gave 15 working days and an extension of at most 15, with third-party consultation not
counted and no time limit for the third party; the 2019 revision (国务院令第711号, in force
2019-05-15) gives 20 and 20, and introduced the 7-working-day 补正 notice (第三十条) and the 15
working days of the consulted parties (第三十二条, 第三十四条).  The 2007 text was read in a copy
(grade G: fsou.com reproduces it; fgw.sxjz.gov.cn the order and its date of effect).  The 2007
条例 said nothing of counting afresh after a 补正; the restart is kept for its cases (U).

Checked from records (``application`` rows, by the core's triggered-deadline rule): the reply
(received → replied, restarted by ``corrected_received``, paused from ``consult_start`` to
``consult_end`` (at most 15 working days from ``consult_received``), extended by ``extension_days`` — more than ``max_extension_workdays`` rejects the
row —, not due when ``abandoned``) and the 补正 notice (received → ``correction_notice``, for
requests that had one).  The plan's ``18.message-reply``, ``18.simple-reply`` and
``19.weekly-summary`` carry their own evidence.  No record kind holds 舆情 moments or the consulted
party's side, so OGI-07 and OGI-08 stay agenda entries.  The 舆情 rules are checked from
``opinion`` rows (:mod:`govflow_response.opinion`: found, 突发事件, answered; judged to the minute),
and 政务舆情 are also a kind of live case (``govflow case open --kind opinion``).

The annual reports' text (:mod:`govflow_response.annual_text`, record kind ``annual_report``):
``response.annual-report-sections`` finds a report lacking one of the six parts of the format
(国办公开办函〔2021〕30号, 缺项), ``response.annual-report-similarity`` one whose 总体情况 and
存在的主要问题及改进情况 repeat another unit's report of the year or its own of the year before
(雷同, task 10 of the Yudu plan; the 80% threshold is govflow's default, not a rule's).

年度报告 (条例第四十九条, OGI-10, P): the county's own report (本级政府上一年度政府信息公开工作
年度报告) is published by the 政府信息公开工作主管部门 — 县级以上地方人民政府办公厅(室), 第三条 —
by 31 March: ``response.county-annual-report`` (``disclosure`` rows of kind 本级政府年度报告,
a calendar date not moved for rest days, as time-rules.md OGI-10 reads 「前」).  The
departments' 1月31日 is the plan's own obligation (``三(四).annual-report``).

Hours run from the moment the event occurs or the 舆情 is detected, holidays included (CNT-10).
The 舆情 rules apply to the task's responsible units (each department and township answers for
its own field, under the plan's leads 县政府办 and 县融媒体中心, who coordinate and publish).

References:
    * 《中华人民共和国政府信息公开条例》(2019) 第三条、第三十条、第三十二条、第三十三条、第三十四条、
      第四十九条
    * 《中华人民共和国政府信息公开条例》(2007, 国务院令第492号) 第二十四条
    * 《国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知》(国办发〔2016〕61号)
    * 《〈关于全面推进政务公开工作的意见〉实施细则》(国办发〔2016〕80号)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from govflow.cases.kinds import CaseKind
from govflow.compliance.base import Rule
from govflow.compliance.kinds import RecordKind
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Area,
    Citation,
    Deadline,
    Evidence,
    ObligationTemplate,
    RuleVersion,
    Severity,
)
from govflow.plan.settings import ClockSettings
from govflow.plugins.hookspecs import hookimpl
from govflow_response.annual_text import (
    ANNUAL_REPORT,
    FORMAT,
    PLAN_TEXT,
    AnnualReportSettings,
    SectionsRule,
    SimilarityRule,
)
from govflow_response.opinion import OPINION, OPINION_CASE

__all__ = [
    "AREA",
    "RULES",
    "govflow_areas",
    "govflow_case_kinds",
    "govflow_obligation_templates",
    "govflow_record_kinds",
    "govflow_rules",
]

AREA = Area(
    id="response",
    title="回应关切与依申请公开",
    description="政务舆情回应、网民留言答复、依申请公开的答复、补正与征求意见",
    keywords=("回应", "关切", "舆情", "依申请公开", "留言", "网络问政", "答复"),
)

_GOI_REGULATION = "《中华人民共和国政府信息公开条例》"
_GOI_2007 = "《中华人民共和国政府信息公开条例》（2007年，国务院令第492号）"
_GOI_2019 = "《中华人民共和国政府信息公开条例》（2019年修订，国务院令第711号）"
_IN_FORCE_2007 = date(2008, 5, 1)  # 国务院令第492号: 自2008年5月1日起施行
_IN_FORCE_2019 = date(2019, 5, 15)  # 国务院令第711号: 自2019年5月15日起施行
_UNTIL_2019 = _IN_FORCE_2019 - timedelta(days=1)


def _since_2019(clause: str, text: str, source_id: str) -> tuple[RuleVersion, ...]:
    """A limit the 2019 revision introduced: the 2007 条例 set no such number, so a case
    started before 2019-05-15 is not judged by it."""
    return (
        RuleVersion(
            valid_from=_IN_FORCE_2019,
            citation=Citation(_GOI_2019, clause, text, source_id=source_id, grade="P"),
        ),
    )


_OPINION_NOTICE = (
    "《国务院办公厅关于在政务公开工作中进一步做好政务舆情回应的通知》（国办发〔2016〕61号）"
)
_DETAILED_RULES = "《〈关于全面推进政务公开工作的意见〉实施细则》（国办发〔2016〕80号）"
_REQUESTS = ("依申请公开",)
_OPINION = ("舆情",)

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="response.application-reply",
        title="依申请公开答复",
        rule=Deadline(Period.parse("20个工作日"), trigger="收到申请"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第三十三条第二款",
            text="自收到申请之日起20个工作日内予以答复",
            source_id="OGI-02",
            grade="P",
        ),
        area="response",
        keywords=_REQUESTS,
        settings=ClockSettings(
            max_extension_workdays=20,  # OGI-03, with the GOI office head's approval
            max_pause_workdays=15,  # OGI-04, OGI-07/08: the consulted party has 15 working days
            awaiting="correction_notice",  # OGI-05: suspended until the 补正 arrives
        ),
        evidence=Evidence(
            kind="application",
            trigger="received",  # OGI-06: the receipt date by channel
            done="replied",  # OGI-13: signed for, or handed to the post
            restart="corrected_received",  # OGI-05: a new 20 working days after 补正
            pause_start="consult_start",  # OGI-04: consultation not counted
            pause_end="consult_end",
            # OGI-07: the third party's 15 working days run from its receipt of the request
            pause_received="consult_received",
            extension="extension_days",  # OGI-03
            extension_approved="extension_approved",
            unless="abandoned",  # OGI-05: 视为放弃申请, no reply due
        ),
        severity=Severity.BREACH,  # a limit of the 条例 itself, not an assessment point
        versions=(
            RuleVersion(  # the 2007 条例: 15 + 15 working days, third-party time not counted
                valid_from=_IN_FORCE_2007,
                valid_until=_UNTIL_2019,
                period=Period.parse("15个工作日"),
                settings=ClockSettings(
                    max_extension_workdays=15,  # 「延长答复的期限最长不得超过15个工作日」
                    # no cap on the pause: the 2007 text gave the third party no time limit
                    awaiting="correction_notice",
                ),
                citation=Citation(
                    document=_GOI_2007,
                    clause="第二十四条第二款",
                    text=(
                        "应当自收到申请之日起15个工作日内予以答复；如需延长答复期限的，"
                        "应当经政府信息公开工作机构负责人同意，并告知申请人，"
                        "延长答复的期限最长不得超过15个工作日"
                    ),
                    grade="G",
                ),
            ),
            RuleVersion(  # the 2019 revision: 20 + 20 (the template's own rule and settings)
                valid_from=_IN_FORCE_2019,
                citation=Citation(
                    document=_GOI_2019,
                    clause="第三十三条第二款",
                    text="自收到申请之日起20个工作日内予以答复",
                    source_id="OGI-02",
                    grade="P",
                ),
            ),
        ),
    ),
    ObligationTemplate(
        id="response.correction-notice",
        title="申请内容不明确的，一次性告知补正",
        rule=Deadline(Period.parse("7个工作日"), trigger="收到申请"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第三十条",
            text="自收到申请之日起7个工作日内一次性告知申请人作出补正",
            source_id="OGI-05",
            grade="P",
        ),
        area="response",
        keywords=_REQUESTS,
        evidence=Evidence(
            kind="application",
            trigger="received",
            done="correction_notice",
            requires=("correction_notice",),
        ),
        severity=Severity.BREACH,
        versions=_since_2019(
            "第三十条", "自收到申请之日起7个工作日内一次性告知申请人作出补正", "OGI-05"
        ),
    ),
    ObligationTemplate(
        id="response.third-party-opinion",
        title="征求第三方意见（第三方15个工作日内提出意见，期间不计入答复期限）",
        rule=Deadline(Period.parse("15个工作日"), trigger="第三方收到征求意见书"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第三十二条",
            text="第三方应当自收到征求意见书之日起15个工作日内提出意见",
            source_id="OGI-07",
            grade="P",
        ),
        area="response",
        keywords=_REQUESTS,
        versions=_since_2019(
            "第三十二条", "第三方应当自收到征求意见书之日起15个工作日内提出意见", "OGI-07"
        ),
    ),
    ObligationTemplate(
        id="response.agency-opinion",
        title="被征求意见的行政机关15个工作日内提出意见（逾期视为同意公开）",
        rule=Deadline(Period.parse("15个工作日"), trigger="收到其他机关的征求意见书"),
        citation=Citation(
            document=_GOI_REGULATION,
            clause="第三十四条",
            text="自收到征求意见书之日起15个工作日内提出意见；逾期未提出意见的视为同意公开",
            source_id="OGI-08",
            grade="P",
        ),
        area="response",
        keywords=_REQUESTS,
        versions=_since_2019(
            "第三十四条",
            "自收到征求意见书之日起15个工作日内提出意见；逾期未提出意见的视为同意公开",
            "OGI-08",
        ),
    ),
    ObligationTemplate(
        id="response.county-annual-report",
        title="本级政府政府信息公开工作年度报告（每年3月31日前向社会公布）",
        rule=Deadline(Period.parse("次年3月31日前")),
        citation=Citation(
            document=_GOI_2019,
            clause="第四十九条第二款",
            text=(
                "县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前"
                "向社会公布本级政府上一年度政府信息公开工作年度报告"
            ),
            source_id="OGI-10",
            grade="P",
        ),
        area="response",
        applies_to=("县政府办",),  # 第三条: 县级以上地方人民政府办公厅（室）是主管部门
        keywords=_REQUESTS,
        evidence=Evidence(kind="disclosure", where={"kind": "本级政府年度报告"}, done="published"),
    ),
    ObligationTemplate(
        id="response.emergency-authoritative-info",
        title="特别重大、重大突发事件：5小时内发布权威信息",
        rule=Deadline(Period.parse("5小时"), trigger="特别重大、重大突发事件发生"),
        citation=Citation(
            document=_DETAILED_RULES,
            clause="政务舆情回应时效",
            text="最迟要在5小时内发布权威信息，在24小时内举行新闻发布会",
            source_id="RSP-02",
            grade="G",
        ),
        area="response",
        keywords=_OPINION,
        evidence=Evidence(
            kind="opinion", where={"emergency": True}, trigger="occurred", done="authoritative"
        ),
    ),
    ObligationTemplate(
        id="response.emergency-press-conference",
        title="特别重大、重大突发事件：24小时内举行新闻发布会",
        rule=Deadline(Period.parse("24小时"), trigger="特别重大、重大突发事件发生"),
        citation=Citation(
            document=_OPINION_NOTICE,
            clause="政务舆情回应时效",
            text="最迟应在24小时内举行新闻发布会",
            source_id="RSP-01",
            grade="G",
        ),
        area="response",
        keywords=_OPINION,
        evidence=Evidence(
            kind="opinion", where={"emergency": True}, trigger="occurred", done="press_conference"
        ),
    ),
    ObligationTemplate(
        id="response.opinion-response",
        title="其他政务舆情：48小时内予以回应",
        rule=Deadline(Period.parse("48小时"), trigger="发现政务舆情"),
        citation=Citation(
            document=_OPINION_NOTICE,
            clause="政务舆情回应时效",
            text="应在48小时内予以回应",
            source_id="RSP-01",
            grade="G",
        ),
        area="response",
        keywords=_OPINION,
        evidence=Evidence(
            kind="opinion", where={"emergency": False}, trigger="detected", done="responded"
        ),
    ),
)


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []


@hookimpl
def govflow_record_kinds() -> Iterable[RecordKind]:
    return [ANNUAL_REPORT, OPINION]


@hookimpl
def govflow_case_kinds() -> Iterable[CaseKind]:
    """政务舆情 as live cases (依申请公开 and 留言 are the core's)."""
    return [OPINION_CASE]


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """The annual reports' text (:mod:`govflow_response.annual_text`): 缺项 and 雷同, for every
    unit of the plan that gives its report's text."""
    settings = AnnualReportSettings()
    return [
        SectionsRule(
            id="response.annual-report-sections",
            title="政府信息公开工作年度报告六部分齐全（不缺项）",
            area=AREA.id,
            source=FORMAT,
            threshold=f"正文须有年度报告格式的六部分（依据：{FORMAT.cite()}）",
        ),
        SimilarityRule(
            id="response.annual-report-similarity",
            title="政府信息公开工作年度报告不雷同",
            area=AREA.id,
            source=PLAN_TEXT,
            threshold=(
                "“总体情况”“存在的主要问题及改进情况”与同年其他单位、本单位上年的年度报告相似度"
                f"低于{settings.similar_percent}%（依据：{PLAN_TEXT.cite()}；方案与格式都未给出数值，"
                f"{settings.similar_percent}% 是 govflow 的默认值）"
            ),
            settings=settings,
        ),
    ]
