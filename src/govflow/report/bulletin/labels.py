"""Words and headings both renderings of the bulletin share."""

from __future__ import annotations

from datetime import date

from govflow.report.bulletin.model import BulletinData, Shortfall, UnitPosts

__all__ = [
    "NO_POSTS",
    "NUMERALS",
    "headings",
    "month_state",
    "rank_text",
    "shortfall_state",
    "stale_intro",
    "sub_heading",
    "week_label",
    "window_text",
]

NUMERALS = "一二三四五六七八九十"
NO_POSTS = "未提供发布信息记录，本项不统计。"


def _mmdd(d: date) -> str:
    return f"{d.month}/{d.day}"


def week_label(w: tuple[date, date]) -> str:
    return f"{_mmdd(w[0])}–{_mmdd(w[1])}"


def window_text(w: tuple[date, date]) -> str:
    return f"{w[0].isoformat()} 至 {w[1].isoformat()}"


def shortfall_state(s: Shortfall, as_of: date) -> str:
    return "未达标" if s.window[1] <= as_of else "进行中，尚未达标"


def rank_text(b: BulletinData, p: UnitPosts) -> str:
    place, shared = b.bottom_rank(p)
    return f"倒数第{place}" + ("（并列）" if shared else "")


def month_state(b: BulletinData, p: UnitPosts) -> str:
    met = b.meets_month(p)
    if met is None:
        return "不考核"
    if met:
        return "达标"
    assert b.monthly_quota is not None
    gap = b.monthly_quota.minimum - p.total
    return f"差{gap}条" if b.complete else f"尚差{gap}条"


def headings(b: BulletinData) -> dict[str, str]:
    """Section headings, numbered 一、二、… (the weekly section only with a weekly quota)."""
    titles = {
        "summary": "总体情况",
        "issues": "各单位存在的问题",
        "veto": "单项否决情况",
        "units": "各单位信息发布情况",
        "bottom": "发布量后五名",
    }
    if b.weekly_quota is not None:
        titles["weekly"] = "每周动态信息更新情况"
    titles |= {
        "shortfalls": "未达到发布定额的单位",
        "accounts": "账号、栏目等未更新情况",
        "cases": f"{b.case_label}办理情况",
        "rectify": "整改要求",
    }
    return {k: f"{NUMERALS[i]}、{t}" for i, (k, t) in enumerate(titles.items())}


def stale_intro(b: BulletinData) -> str:
    """The sentence that opens the section on entities not updated (or says there are none)."""
    if b.accounts:
        running = sum(1 for a in b.accounts if a.ended is None)
        return (
            f"本月（截至 {b.as_of.isoformat()}）共监测到 {b.accounts_seen} 个账号、栏目等，"
            f"有 {len(b.accounts)} 处超过规定期限未更新，其中 {running} 处截至 "
            f"{b.as_of.isoformat()} 仍未更新："
        )
    if b.accounts_seen:
        return (
            f"共监测到 {b.accounts_seen} 个账号、栏目等，本月（截至 {b.as_of.isoformat()}）"
            "均按期更新。"
        )
    if not b.posts_given:
        return NO_POSTS
    return "本次检查没有逐个监测账号、栏目更新情况的规则（未安装相应插件）。"


def sub_heading(index: int, title: str) -> str:
    """（一）…, （二）…"""
    return f"（{NUMERALS[index]}）{title}"
