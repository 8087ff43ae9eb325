"""govflow-newmedia: the area 政府网站与政务新媒体 (government websites and new media).

Tasks 10-12 of the Yudu County 2023 plan (于府办字〔2023〕32号 二、(四)10「强化政府网站平台监管」,
11「提升政务新媒体监管水平」, 12「创新线上特色政务公开、政务服务渠道」).  The plan sets its own
quotas and routines, checked from records by the core's generic rules (``10.weekly-updates``,
``10.monthly-total``, ``10.monthly-original``, ``11.weekly-self-check``, ``11.monthly-bulletin``);
this plugin adds the national monitoring indicators behind 「确保…相关栏目不逾期」 and the
reporting date, with the ids and evidence grades of the domain brief (time-rules.md §2):

* WEB-09 (S; exact wording U, veto): a 政务新媒体 account is updated at least every 2 weeks.
  Obligation ``newmedia.account-update`` (task 11, 「谁建设、谁负责」: each account's owner);
  checked by rule ``newmedia.account-stale`` (:class:`~govflow_newmedia.staleness.EntityStalenessRule`
  on posts with ``platform = 政务新媒体``, per unit and account).
* WEB-01 (G, veto): the homepage shows a new item at least every 2 weeks.  Obligation
  ``newmedia.homepage-update`` (县大数据中心 runs the portal); rule ``newmedia.homepage-stale``
  (posts with ``homepage = 是``, per site, whichever unit published).
* WEB-02 (G): 动态、要闻类栏目 are updated within 2 weeks, 通知公告、政策文件类栏目 within 6 months
  (calendar months, not 183 days); obligations ``newmedia.news-columns`` and
  ``newmedia.notice-columns``, rules ``newmedia.news-column-stale`` and
  ``newmedia.notice-column-stale`` (one finding per column, a reminder: the indicator vetoes only
  the total), and ``newmedia.stale-columns-veto``: 5 or more stale columns of one site at one
  monitoring point are a veto (``veto_columns`` of :class:`~govflow_newmedia.staleness.
  ColumnLookbackSettings`).
* WEB-04 (G, veto): no valid message stays unanswered for more than 3 months: obligation
  ``newmedia.message-response`` with evidence (messages, received → replied), checked by the
  core's triggered-deadline rule as a monitoring indicator (``ClockSettings(monitoring=True)``:
  three calendar months, not moved past rest days).  The indicator looks at the messages of
  the past year; the check period given to ``govflow check`` plays that part.  It covers the
  site's 政务咨询类 columns only: messages of the channels in :data:`NOT_CONSULTATION_COLUMNS`
  are left out.
* WEB-08 (G): the 《政府网站工作年度报表》 is published on the homepage by 31 January of the next
  year (disclosures of kind ``网站年度报表``; a calendar deadline, not moved for holidays).

Monitoring exports (:mod:`govflow_newmedia.monitor`: record kinds ``snapshot``, one row per column
and monitoring date, and ``probe``, one row per visit) add what posts cannot show, judged by
:mod:`govflow_newmedia.indicators` with the thresholds of obligation ``newmedia.site-monitoring``
(:class:`~govflow_newmedia.monitor.MonitorSettings`): WEB-01 and WEB-09 from the export's last
update, WEB-02's three items (5 stale columns, 10 long-stale columns, 5 blank columns), WEB-03
站点无法访问 (a week of probes, 15 s, 5%), 严重表述错误 (the tool's hits, and post titles against the
office's own word list, :mod:`govflow_newmedia.wordlist`), WEB-04 from the export's overdue
messages, 链接可用性 (a deduction), and task 10's own IPv6 target (二、三级链接支持度达99%以上,
:mod:`govflow_newmedia.ipv6`, a deduction).  :data:`INDICATORS` names each rule's indicator.

The look-backs (WEB-01, WEB-02, WEB-09) are monitoring rules: every day of the check is a
monitoring point, holidays included, so nothing is moved past rest days (see
:mod:`govflow_newmedia.staleness`).  A plan overrides a threshold with an obligation of the same
id as the plugin's obligation (「保证每10天内都能更新信息」: ``newmedia.account-update`` with
``settings.max_gap_days = 10``); the rules then use it and their findings cite the plan's clause.
The exact wording of WEB-09 is unverified (its citation says so; grade U for the wording, S for
the rule).

References:
    * 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号), 单项否决指标
    * 国办函〔2018〕12号 (政府网站工作年度报表)
    * local notices applying the 2-week rule to 政务新媒体 (盘锦 2020, 渭南 2020, 北京 2019 Q4)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from govflow.compliance.base import Rule
from govflow.compliance.kinds import RecordKind
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Area,
    Citation,
    Deadline,
    Evidence,
    Obligation,
    ObligationTemplate,
    Severity,
)
from govflow.plan.planfile import PlanError
from govflow.plan.settings import ClockSettings
from govflow.plugins.hookspecs import hookimpl
from govflow_newmedia.exports import monitor_rules
from govflow_newmedia.indicators import INDICATORS, UNREACHABLE, Indicator
from govflow_newmedia.monitor import PROBE, SNAPSHOT, MonitorSettings
from govflow_newmedia.staleness import (
    COLUMN_SEP,
    NEW_MEDIA,
    ColumnLookbackSettings,
    EntityStalenessRule,
    Lookback,
    LookbackSettings,
    Selector,
    StaleColumnsVetoRule,
    column_class,
    lookback_of,
    threshold_text,
)

__all__ = [
    "AREA",
    "INDICATORS",
    "NOT_CONSULTATION_COLUMNS",
    "PROBE",
    "RULES",
    "RULE_IDS",
    "SNAPSHOT",
    "VETO_CITATION",
    "Indicator",
    "MonitorSettings",
    "govflow_areas",
    "govflow_obligation_templates",
    "govflow_record_kinds",
    "govflow_rules",
]

AREA = Area(
    id="newmedia",
    title="政府网站与政务新媒体",
    description="政府网站栏目更新、互动回应、年度报表，政务新媒体更新与监管",
    keywords=("政府网站", "网站", "新媒体", "政务新媒体", "栏目", "平台", "线上", "小程序", "APP"),
)

_INDICATORS = "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"

#: Message channels WEB-04's veto does not cover: it counts the site's 政务咨询类 columns only.
#: The indicator leaves out 在线访谈, 调查征集, 网上信访 and 纪检举报 columns; a 咨询电话 is no column
#: of the site; and the provincial and municipal platforms the Yudu plan names beside the county
#: site (「省长建言、问政江西、问政赣州及县政府网站网络问政」, task 18) are other sites' columns.
#: A message without a channel is taken to be the site's own.
NOT_CONSULTATION_COLUMNS = (
    "在线访谈",
    "调查征集",
    "网上信访",
    "纪检举报",
    "咨询电话",
    "政府信息公开咨询电话",
    "省长建言",
    "问政江西",
    "问政赣州",
)
_PORTAL = ("县大数据中心",)

RULES: tuple[ObligationTemplate, ...] = (
    ObligationTemplate(
        id="newmedia.account-update",
        title="政务新媒体账号两周内须有更新（单项否决）",
        rule=Deadline(Period.parse("14日"), trigger="账号上一次更新"),
        citation=Citation(
            document="国办秘函〔2019〕19号 政务新媒体检查指标（各地通知援引；原文措辞未核实）",
            clause="单项否决指标·更新情况",
            text="监测时间点前2周内无信息更新",
            source_id="WEB-09",
            grade="S",
        ),
        area="newmedia",
        keywords=("政务新媒体",),
        settings=LookbackSettings(max_gap_days=14),
        severity=Severity.VETO,
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
            grade="G",
        ),
        area="newmedia",
        applies_to=_PORTAL,
        keywords=("政府网站",),
        settings=LookbackSettings(max_gap_days=14),
        severity=Severity.VETO,
    ),
    ObligationTemplate(
        id="newmedia.news-columns",
        title="动态、要闻类栏目两周内须更新（累计5个未更新即单项否决）",
        rule=Deadline(Period.parse("14日"), trigger="动态、要闻类栏目上一次更新"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·栏目不更新",
            text="前2周内的动态、要闻类栏目",
            source_id="WEB-02",
            grade="G",
        ),
        area="newmedia",
        keywords=("政府网站",),
        settings=ColumnLookbackSettings(max_gap_days=14, veto_columns=5),
        severity=Severity.REMINDER,
    ),
    ObligationTemplate(
        id="newmedia.notice-columns",
        title="通知公告、政策文件类栏目六个月内须更新（累计5个未更新即单项否决）",
        rule=Deadline(Period.parse("6个月"), trigger="通知公告、政策文件类栏目上一次更新"),
        citation=Citation(
            document=_INDICATORS,
            clause="单项否决指标·栏目不更新",
            text="前6个月内的通知公告、政策文件类栏目",
            source_id="WEB-02",
            grade="G",
        ),
        area="newmedia",
        keywords=("政府网站",),
        settings=ColumnLookbackSettings(max_gap_months=6, veto_columns=5),
        severity=Severity.REMINDER,
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
            grade="G",
        ),
        area="newmedia",
        keywords=("政府网站",),
        settings=ClockSettings(monitoring=True),
        evidence=Evidence(
            kind="message",
            where={"channel": {"not": list(NOT_CONSULTATION_COLUMNS)}},
            trigger="received",
            done="replied",
        ),
        severity=Severity.VETO,
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
            grade="G",
        ),
        area="newmedia",
        applies_to=_PORTAL,
        keywords=("政府网站",),
        evidence=Evidence(kind="disclosure", where={"kind": "网站年度报表"}, done="published"),
    ),
    ObligationTemplate(
        id="newmedia.site-monitoring",
        title="政府网站监测指标：站点可用性、栏目数量、链接可用性、错误表述（单项否决）",
        rule=Deadline(Period.parse("7日"), trigger="可用性监测（监测1周）"),
        citation=UNREACHABLE,
        area="newmedia",
        applies_to=_PORTAL,
        keywords=("政府网站",),
        settings=MonitorSettings(),
        severity=Severity.VETO,
    ),
)

#: WEB-02's veto: the total of stale columns of a site (``veto_columns`` of the settings).
VETO_CITATION = Citation(
    document=_INDICATORS,
    clause="单项否决指标·栏目不更新",
    text="累计超过(含)5个未更新",
    source_id="WEB-02",
    grade="G",
)

#: The rules :func:`govflow_rules` adds, and the obligation each reads its threshold from.
RULE_IDS: Mapping[str, str] = {
    "newmedia.account-stale": "newmedia.account-update",
    "newmedia.homepage-stale": "newmedia.homepage-update",
    "newmedia.news-column-stale": "newmedia.news-columns",
    "newmedia.notice-column-stale": "newmedia.notice-columns",
    "newmedia.stale-columns-veto": "newmedia.news-columns",
    "newmedia.snapshot-homepage-stale": "newmedia.homepage-update",
    "newmedia.snapshot-account-stale": "newmedia.account-update",
    "newmedia.snapshot-column-stale": "newmedia.news-columns",
    "newmedia.snapshot-stale-columns": "newmedia.news-columns",
    "newmedia.snapshot-long-stale-columns": "newmedia.site-monitoring",
    "newmedia.snapshot-blank-columns": "newmedia.site-monitoring",
    "newmedia.site-unreachable": "newmedia.site-monitoring",
    "newmedia.snapshot-errors": "newmedia.site-monitoring",
    "newmedia.snapshot-interaction": "newmedia.message-response",
    "newmedia.link-availability": "newmedia.site-monitoring",
    "newmedia.ipv6-support": "newmedia.site-monitoring",
}
"""The rules :func:`govflow_rules` always adds; ``newmedia.title-errors`` (post titles against
the office's word list) is added when ``newmedia.site-monitoring`` names a ``word_list``."""

_TEMPLATES = {t.id: t for t in RULES}
_COLUMN_FIELDS = ("category", "column", "platform", "site")


def _homepage(values: Mapping[str, Any]) -> str | None:
    if not values.get("homepage") or values.get("platform") == NEW_MEDIA:
        return None
    return str(values.get("site") or "")


@functools.cache  # one selector per class: rules selecting alike share their updates table
def _column_of(kind: str) -> Selector:
    def select(values: Mapping[str, Any]) -> str | None:
        if column_class(values) != kind:
            return None
        return f"{values.get('site') or ''}{COLUMN_SEP}{values.get('column')}"

    return select


def _account(values: Mapping[str, Any]) -> str | None:
    return str(values.get("site") or "") if values.get("platform") == NEW_MEDIA else None


def _account_rule(ob: Obligation, look: Lookback, threshold: str) -> Rule:
    source = _TEMPLATES["newmedia.account-update"].citation
    return EntityStalenessRule(
        id="newmedia.account-stale",
        title=ob.title,
        area=AREA.id,
        source=source,
        severity=ob.severity,
        lookback=look,
        select=_account,
        fields=("platform", "site"),
        threshold=threshold,
        per_unit=True,
    )


def _lookback(plan: Plan, ob: Obligation) -> Lookback:
    try:
        return lookback_of(ob)
    except ValueError as exc:  # a plan's override with, say, 「5个工作日」
        raise PlanError(plan.id, f"义务 {ob.id}", str(exc)) from None


def _rules(plan: Plan) -> list[Rule]:
    obs = {o.id: o for o in plan.obligations() if o.id in _TEMPLATES}
    out: list[Rule] = []
    if "newmedia.account-update" in obs:
        ob = obs["newmedia.account-update"]
        look = _lookback(plan, ob)
        out.append(
            _account_rule(
                ob,
                look,
                threshold_text(
                    ob,
                    f"账号每{look.label()}内至少更新1次，监测时点前{look.label()}内无更新即违规",
                    "14日",
                ),
            )
        )
    if "newmedia.homepage-update" in obs:
        ob = obs["newmedia.homepage-update"]
        look = _lookback(plan, ob)
        owner = "、".join(u.name for u in plan.owner_units(ob)) or None
        out.append(
            EntityStalenessRule(
                id="newmedia.homepage-stale",
                title=ob.title,
                area=AREA.id,
                source=_TEMPLATES[ob.id].citation,
                severity=ob.severity,
                lookback=look,
                select=_homepage,
                fields=("homepage", "platform", "site"),
                owner=owner,
                threshold=threshold_text(ob, f"首页每{look.label()}内至少更新1次", "14日"),
                action=f"立即在首页发布信息，此后每{look.label()}内至少更新1次",
            )
        )
    classes = []
    labels = []
    for oid, kind, rid, default, label in (
        ("newmedia.news-columns", "news", "newmedia.news-column-stale", "14日", "动态要闻类"),
        (
            "newmedia.notice-columns",
            "notice",
            "newmedia.notice-column-stale",
            "6个月",
            "通知公告政策文件类",
        ),
    ):
        if oid not in obs:
            continue
        ob = obs[oid]
        look = _lookback(plan, ob)
        classes.append((_column_of(kind), look))
        labels.append(f"{label}{look.label()}")
        out.append(
            EntityStalenessRule(
                id=rid,
                title=ob.title,
                area=AREA.id,
                source=_TEMPLATES[oid].citation,
                severity=ob.severity,
                lookback=look,
                select=_column_of(kind),
                fields=_COLUMN_FIELDS,
                threshold=threshold_text(ob, f"栏目每{look.label()}内至少更新1次", default),
            )
        )
    if classes:
        minimum = next(
            (
                s.veto_columns
                for s in (
                    obs[i].settings
                    for i in ("newmedia.news-columns", "newmedia.notice-columns")
                    if i in obs
                )
                if isinstance(s, ColumnLookbackSettings)
            ),
            5,
        )
        ob = obs.get("newmedia.news-columns") or obs["newmedia.notice-columns"]
        out.append(
            StaleColumnsVetoRule(
                id="newmedia.stale-columns-veto",
                title=f"栏目不更新：同一网站累计{minimum}个及以上栏目未更新（单项否决）",
                area=AREA.id,
                source=VETO_CITATION,
                severity=Severity.VETO,
                classes=classes,
                minimum=minimum,
                fields=_COLUMN_FIELDS,
                threshold=threshold_text(
                    ob,
                    f"同一网站任一监测时点未更新栏目（{'、'.join(labels)}）少于{minimum}个",
                    "累计超过(含)5个",
                ),
            )
        )
    return out


@hookimpl
def govflow_record_kinds() -> Iterable[RecordKind]:
    """The monitoring exports: column snapshots and availability probes (docs/records.md)."""
    return [SNAPSHOT, PROBE]


@hookimpl
def govflow_areas() -> Iterable[Area]:
    return [AREA]


@hookimpl
def govflow_obligation_templates(area: str) -> Iterable[ObligationTemplate]:
    return list(RULES) if area == AREA.id else []


@hookimpl
def govflow_rules(plan: Plan) -> Iterable[Rule]:
    """The monitoring look-backs (WEB-01, WEB-02, WEB-09), fresh for each check, with the
    thresholds of the plan's obligations (the plugin's or the plan's own, same id)."""
    obs = {o.id: o for o in plan.obligations() if o.id in _TEMPLATES}
    monitored = monitor_rules(
        plan,
        obs,
        area=AREA.id,
        citation_of=lambda oid: _TEMPLATES[oid].citation,
        lookback=_lookback,
        veto=VETO_CITATION,
    )
    return [*_rules(plan), *monitored]
