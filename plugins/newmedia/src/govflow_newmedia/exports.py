"""The rules of the indicators judged from monitoring exports, with the thresholds of the
plan's obligations (the plugin's or the plan's own of the same id): see
:mod:`govflow_newmedia.indicators` for the rules and docs/records.md for the records."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from govflow.compliance.base import Rule
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Obligation, Severity
from govflow_newmedia.indicators import (
    BLANK,
    COLUMNS,
    INTERACTION,
    LINKS,
    LONG_STALE,
    SERIOUS,
    AvailabilityRule,
    SnapshotRule,
    TitleErrorRule,
    classes_of,
    column_stale,
    count_of,
    entity_stale,
    interaction,
    links,
    serious_errors,
    stale,
)
from govflow_newmedia.ipv6 import IPV6, Ipv6Rule
from govflow_newmedia.monitor import MonitorSettings, SnapshotRow
from govflow_newmedia.staleness import ColumnLookbackSettings, Lookback, threshold_text
from govflow_newmedia.wordlist import load_word_list

__all__ = ["monitor_rules"]


def _portal_owner(plan: Plan, ob: Obligation) -> str | None:
    return "、".join(u.name for u in plan.owner_units(ob)) or None


def _site(row: SnapshotRow) -> str | None:
    return row.site if row.type != "账号" else None


def monitor_rules(
    plan: Plan,
    obs: Mapping[str, Obligation],
    *,
    area: str,
    citation_of: Callable[[str], Citation],
    lookback: Callable[[Plan, Obligation], Lookback],
    veto: Citation,
) -> list[Rule]:
    """The indicators judged from monitoring exports (snapshot and probe records)."""
    out: list[Rule] = []
    if "newmedia.homepage-update" in obs:
        ob = obs["newmedia.homepage-update"]
        look = lookback(plan, ob)
        out.append(
            SnapshotRule(
                id="newmedia.snapshot-homepage-stale",
                title=f"{ob.title}（监测快照）",
                area=area,
                source=citation_of(ob.id),
                severity=ob.severity,
                threshold=threshold_text(ob, f"首页每{look.label()}内至少更新1次", "14日"),
                group=lambda r: r.site if r.type == "首页" else None,
                judge=entity_stale({"首页"}, look, "首页"),
                action=f"立即在首页发布信息，此后每{look.label()}内至少更新1次",
                owner=_portal_owner(plan, ob),
            )
        )
    if "newmedia.account-update" in obs:
        ob = obs["newmedia.account-update"]
        look = lookback(plan, ob)
        out.append(
            SnapshotRule(
                id="newmedia.snapshot-account-stale",
                title=f"{ob.title}（监测快照）",
                area=area,
                source=citation_of(ob.id),
                severity=ob.severity,
                threshold=threshold_text(
                    ob, f"账号监测时点前{look.label()}内须有更新（睡眠账号）", "14日"
                ),
                group=lambda r: r.site if r.type == "账号" else None,
                judge=entity_stale({"账号"}, look, "账号"),
                action=f"立即更新该账号，此后每{look.label()}内至少更新1次；不再使用的账号按程序注销",
            )
        )
    if "newmedia.news-columns" in obs and "newmedia.notice-columns" in obs:
        news_ob, notice_ob = obs["newmedia.news-columns"], obs["newmedia.notice-columns"]
        news, notice = lookback(plan, news_ob), lookback(plan, notice_ob)
        lookup = classes_of(news, notice)
        settings = news_ob.settings
        n = settings.veto_columns if isinstance(settings, ColumnLookbackSettings) else 5
        label = f"动态要闻类{news.label()}、通知公告政策文件类（一级栏目）{notice.label()}"
        out.append(
            SnapshotRule(
                id="newmedia.snapshot-column-stale",
                title="栏目不更新：单个栏目未更新（监测快照，提醒）",
                area=area,
                source=COLUMNS,
                severity=Severity.REMINDER,
                threshold=threshold_text(news_ob, f"栏目更新周期：{label}", "14日、6个月"),
                group=lambda r: r.name if lookup(r) is not None else None,
                judge=column_stale(lookup),
                action="立即更新该栏目",
            )
        )

        def stale_column(row: SnapshotRow, point: date) -> bool:
            look = lookup(row)
            return look is not None and stale(row, look, point)

        out.append(
            SnapshotRule(
                id="newmedia.snapshot-stale-columns",
                title=f"栏目不更新：同一网站累计{n}个及以上栏目未更新（监测快照，单项否决）",
                area=area,
                source=veto,
                severity=Severity.VETO,
                threshold=threshold_text(
                    news_ob,
                    f"同一网站任一监测时点未更新栏目（{label}）少于{n}个",
                    "累计超过(含)5个",
                ),
                group=_site,
                judge=count_of(stale_column, n, "未更新的栏目", ""),
                action=f"立即更新未更新的栏目，确保未更新栏目少于{n}个",
            )
        )
        if "newmedia.site-monitoring" in obs:
            ob = obs["newmedia.site-monitoring"]
            s = _monitor_settings(ob)
            m = s.long_stale_columns
            out.append(
                SnapshotRule(
                    id="newmedia.snapshot-long-stale-columns",
                    title=f"栏目不更新：应更新但长期未更新的栏目{m}个及以上（单项否决）",
                    area=area,
                    source=LONG_STALE,
                    severity=Severity.VETO,
                    threshold=threshold_text(
                        ob,
                        f"同一网站应更新但长期未更新的栏目少于{m}个（{label}未更新的栏目，"
                        "及监测工具标为长期未更新的栏目）",
                        "超过(含)10个",
                    ),
                    group=_site,
                    judge=count_of(
                        lambda r, p: not r.blank and (r.long_stale or stale_column(r, p)),
                        m,
                        "应更新但长期未更新的栏目",
                        "",
                    ),
                    action=f"立即更新长期未更新的栏目，或按程序归并、关闭，确保少于{m}个",
                )
            )
    if "newmedia.site-monitoring" in obs:
        out.extend(_site_rules(plan, obs["newmedia.site-monitoring"], obs, area))
    return out


def _monitor_settings(ob: Obligation) -> MonitorSettings:
    s = ob.settings
    return s if isinstance(s, MonitorSettings) else MonitorSettings()


def _site_rules(plan: Plan, ob: Obligation, obs: Mapping[str, Obligation], area: str) -> list[Rule]:
    s = _monitor_settings(ob)
    owner = _portal_owner(plan, ob)
    entries = load_word_list(s.word_list) if s.word_list is not None else []
    out: list[Rule] = [
        SnapshotRule(
            id="newmedia.snapshot-blank-columns",
            title=f"栏目不更新：空白栏目{s.blank_columns}个及以上（单项否决）",
            area=area,
            source=BLANK,
            severity=Severity.VETO,
            threshold=threshold_text(ob, f"同一网站空白栏目少于{s.blank_columns}个", "超过(含)5个"),
            group=_site,
            judge=count_of(lambda r, p: r.blank, s.blank_columns, "空白栏目", ""),
            action="立即为空白栏目补充内容，或按程序关闭、归并空白栏目",
        ),
        AvailabilityRule(
            id="newmedia.site-unreachable",
            title="站点无法访问（单项否决）",
            area=area,
            settings=s,
            owner=owner or "",
            threshold=threshold_text(
                ob,
                f"每{s.window_days}日为一个监测周，{s.timeout_seconds}秒及以上仍打不开的访问"
                f"占比低于{s.failure_percent}%",
                "监测1周、15秒、5%",
            ),
        ),
        SnapshotRule(
            id="newmedia.snapshot-errors",
            title="严重错误：严重表述错误、敏感词（单项否决）",
            area=area,
            source=SERIOUS,
            severity=Severity.VETO,
            threshold=threshold_text(ob, "监测工具未报告错误表述或敏感词", "出现即单项否决"),
            group=_site,
            judge=serious_errors(entries),
            action="立即更正或删除错误表述、敏感词，并检查同类内容",
        ),
        SnapshotRule(
            id="newmedia.link-availability",
            title="链接可用性：死链、外链问题（扣分）",
            area=area,
            source=LINKS,
            severity=Severity.DEDUCT,
            threshold=threshold_text(
                ob,
                f"同一网站任一监测时点死链不超过{s.max_dead_links}个、问题外链不超过"
                f"{s.max_external_problems}个",
                "0个",
            ),
            group=_site,
            judge=links(s.max_dead_links, s.max_external_problems),
            action="立即修复或删除不能访问的链接，核实外部链接的有效性和适用性",
        ),
        Ipv6Rule(
            id="newmedia.ipv6-support",
            title="政府网站IPv6改造：二、三级链接支持度达标",
            area=area,
            percent=Decimal(str(s.ipv6_percent)),
            threshold=(
                f"每个网站检查期间最近一次监测的二、三级链接IPv6支持度均不低于{s.ipv6_percent}%"
                f"（以上含本数；依据：{IPV6.cite()}；阈值为义务 {ob.id} 的设置 ipv6_percent，"
                "默认 99）"
            ),
            owner=owner or "",
        ),
    ]
    if "newmedia.message-response" in obs:
        out.append(
            SnapshotRule(
                id="newmedia.snapshot-interaction",
                title="互动回应差：留言超过3个月未回应、互动功能不可用（单项否决）",
                area=area,
                source=INTERACTION,
                severity=Severity.VETO,
                threshold=threshold_text(
                    obs["newmedia.message-response"],
                    "互动栏目无超过3个月未回应的有效留言，互动功能可用",
                    "3个月",
                ),
                group=lambda r: r.name if r.type in ("互动", "账号") else None,
                judge=interaction,
                action="立即答复超期留言，恢复互动功能",
            )
        )
    if s.word_list is not None:
        out.append(
            TitleErrorRule(
                id="newmedia.title-errors",
                title="严重错误：信息标题含错误表述（按错误词表）",
                area=area,
                entries=entries,
                threshold=threshold_text(
                    ob, f"信息标题不含错误词表（{s.word_list}，{len(entries)}条）中的错误写法", "无"
                ),
            )
        )
    return out
