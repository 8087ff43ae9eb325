"""The core phrase patterns (:data:`CORE_PATTERNS`): the regular expressions of Chinese time
phrases and the builders that turn a match into deadlines, recurrences, quotas, ambiguities or
untimed words.  The scanner that runs them is :mod:`govflow.importer.phrases`."""

from __future__ import annotations

import re
from datetime import date

from govflow.importer.phrase_types import Ambiguity, Builder, PhrasePattern, Untimed
from govflow.periods.core import Period, PeriodUnit, parse_period
from govflow.plan.obligations import Deadline, Quota, Recurrence, RestDayRule, TimeRule, Window
from govflow.text.numerals import CN_NUMERAL_CHARS, parse_number

__all__ = ["CORE_PATTERNS"]


_CN = CN_NUMERAL_CHARS
_NUM = rf"(?:[0-9]{{1,4}}|[{_CN}]{{1,6}})"
_LB = rf"(?<![0-9{_CN}第])"
"""No digit, numeral or 第 right before a number: 「第5个工作日」「2023」 are not amounts."""
_LB_DAY = rf"(?<![0-9{_CN}第月])"
_LIMIT = r"(?:最长不得超过|最长不超过|最多不超过|不得超过|不超过|最长|在)"
_CAP = r"(?:最长不得超过|最长不超过|最多不超过|不得超过|不超过)"
"""An upper limit without 「在」: 「在20日」 is a day of the month, 「不超过20日」 a period."""
_WITHIN = r"(?:以内|之内|内)"
_BEFORE = r"(?:之前|以前|前)"
_OP = r"(?:不得少于|不低于|不少于|至少|最少)"
_POST_VERBS = ("更新", "发布", "发稿", "推送", "转载", "上传")
_EVENT_VERBS = (
    "举办",
    "举行",
    "开展",
    "召开",
    "组织",
    "听取",
    "检查",
    "自查",
    "通报",
    "汇总",
    "报送",
    "调度",
    "研究",
    "部署",
    "培训",
    "督查",
    "巡查",
    "评估",
    "公布",
    "公开",
    "研判",
    "分析",
    "报告",
)
_VERB = "(?:" + "|".join(sorted((*_POST_VERBS, *_EVENT_VERBS), key=len, reverse=True)) + ")"
_WINDOWS = {
    "周": Window.WEEK,
    "星期": Window.WEEK,
    "月": Window.MONTH,
    "季度": Window.QUARTER,
    "季": Window.QUARTER,
    "年度": Window.YEAR,
    "年": Window.YEAR,
}
_WIN = r"(?P<w>星期|周|月|季度|季|年度|年)"
_WIN_R = r"(?P<w>半年|星期|周|月|季度|季|年度|年)"
_EVERY = r"每(?:个)?"
_WINDOW_END_RULES = {
    Window.WEEK: "FREQ=WEEKLY;BYDAY=SU",
    Window.MONTH: "FREQ=MONTHLY;BYMONTHDAY=-1",
    Window.QUARTER: "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
    Window.YEAR: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
}
_HALF_YEAR_RULE = "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
_ONCE_A = re.compile(r"每(?:个)?(?:月|季度?|年)(?:一|1)(?![0-9日号次个])" + _VERB)
"""A count of one a longer window can only mean (「每月一通报」), beside 「每周一自查」."""
_WEEKDAYS = {
    "一": "MO",
    "二": "TU",
    "三": "WE",
    "四": "TH",
    "五": "FR",
    "六": "SA",
    "日": "SU",
    "天": "SU",
}
_UNITS = {
    "个工作日": PeriodUnit.WORKDAYS,
    "工作日": PeriodUnit.WORKDAYS,
    "个自然日": PeriodUnit.DAYS,
    "自然日": PeriodUnit.DAYS,
    "日": PeriodUnit.DAYS,
    "天": PeriodUnit.DAYS,
    "个月": PeriodUnit.MONTHS,
    "小时": PeriodUnit.HOURS,
    "个小时": PeriodUnit.HOURS,
}
_UNIT = "(?P<u>" + "|".join(sorted(_UNITS, key=len, reverse=True)) + ")"
_CANONICAL_UNIT = {
    PeriodUnit.WORKDAYS: "个工作日",
    PeriodUnit.DAYS: "日",
    PeriodUnit.MONTHS: "个月",
    PeriodUnit.YEARS: "年",
    PeriodUnit.HOURS: "小时",
}
_UNTIMED_REASONS = {
    "及时": "「及时」没有给出天数",
    "定期": "「定期」没有给出周期",
    "动态": "「动态」更新没有给出周期或期限",
    "适时": "「适时」没有给出时间",
    "随时": "「随时」没有给出期限",
    "尽快": "「尽快」没有给出期限",
    "第一时间": "「第一时间」没有给出时限",
    "常态化": "「常态化」没有给出周期",
    "按时": "「按时」所指的时限未在此处写明",
    "限期": "「限期」没有给出期限",
}


def _num(m: re.Match[str], group: str) -> int:
    raw = m.group(group)
    if raw is None:
        raise ValueError(f"分组 {group} 中没有数字")
    return parse_number(raw)


def _first_num(m: re.Match[str], *groups: str) -> int:
    for g in groups:
        if m.group(g) is not None:
            return parse_number(m.group(g))
    raise ValueError("没有数字")


def _period(canonical: str) -> Period:
    return parse_period(canonical)


def _amount_period(n: int, unit: PeriodUnit) -> Period:
    return _period(f"{n}{_CANONICAL_UNIT[unit]}")


def _window(m: re.Match[str]) -> Window:
    return _WINDOWS[m.group("w")]


def _counts(*words: str | None) -> str:
    joined = "".join(w for w in words if w)
    if any(v in joined for v in _POST_VERBS) or any(u in joined for u in ("条", "篇")):
        return "post"
    return "event"


def _where(noun: str | None) -> dict[str, object]:
    if noun and "原创" in noun:
        return {"original": True}
    return {}


# -- quotas -------------------------------------------------------------------------------------


def _quota_pair(m: re.Match[str]) -> tuple[Quota, Quota]:
    w = _window(m)
    s = m.string
    first = Quota(_num(m, "n"), w, "post", _where(m.group("noun")), s[m.start() : m.end("u")])
    noun2 = m.group("noun2") or ""
    where2: dict[str, object] = _where(noun2) or ({"category": noun2} if noun2 else {})
    second = Quota(_num(m, "n2"), w, "post", where2, s[m.start("noun2") : m.end("u2")])
    return first, second


def _quota_min(m: re.Match[str]) -> Quota:
    return Quota(
        _num(m, "n"),
        _window(m),
        _counts(m.group("noun"), m.group("v1"), m.group("v2"), m.group("u")),
        _where(m.group("noun")),
        m.group(0),
    )


def _times(m: re.Match[str]) -> Recurrence | Quota | None:
    n = _num(m, "n")
    w = m.group("w")
    if n == 1:
        rule = _HALF_YEAR_RULE if w == "半年" else _WINDOW_END_RULES[_WINDOWS[w]]
        return Recurrence(rule, m.group(0), RestDayRule.PRECEDING)
    if w == "半年":  # no half-year counting window
        return None
    return Quota(n, _WINDOWS[w], _counts(m.group("v1"), m.group("v2")), {}, m.group(0))


# -- recurrences --------------------------------------------------------------------------------


def _weekday(m: re.Match[str]) -> Recurrence | Quota:
    if m.group("d") == "一" and m.group("v") and _ONCE_A.search(_sentence(m)):
        # 「开展每周一自查、每月一通报」: the parallel 「每月一通报」 can only be a count, so this
        # 「一」 is one too: once in every week, on any of its days, not every Monday
        return Quota(1, Window.WEEK, _counts(m.group("v")), {}, m.group(0))
    return Recurrence(
        f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[m.group('d')]}", m.group(0), RestDayRule.FOLLOWING
    )


def _sentence(m: re.Match[str]) -> str:
    """The sentence (up to 。；;!?) the match stands in."""
    text = m.string
    start = max(text.rfind(c, 0, m.start()) for c in "。；;!?") + 1
    ends = [i for i in (text.find(c, m.end()) for c in "。；;!?") if i >= 0]
    return text[start : min(ends, default=len(text))]


def _monthly(m: re.Match[str]) -> Recurrence:
    """「每月一通报」: once a month; the month's last day is a nominal date, kept as it is (the
    text says nothing of moving it to a working day)."""
    return Recurrence(_WINDOW_END_RULES[Window.MONTH], m.group(0), RestDayRule.KEEP)


def _month_day(m: re.Match[str]) -> Recurrence | None:
    d = _num(m, "d")
    if not 1 <= d <= 31:
        return None
    rest = RestDayRule.PRECEDING if m.group("b") else RestDayRule.FOLLOWING
    return Recurrence(f"FREQ=MONTHLY;BYMONTHDAY={d}", m.group(0), rest)


def _month_end(m: re.Match[str]) -> Recurrence:
    return Recurrence(_WINDOW_END_RULES[Window.MONTH], m.group(0), RestDayRule.PRECEDING)


def _year_day(m: re.Match[str]) -> Recurrence:
    month, day = _num(m, "m"), _num(m, "d")
    date(2024, month, day)  # ValueError: not a date (a leap year admits 2月29日)
    return Recurrence(f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}", m.group(0), RestDayRule.KEEP)


def _year_month_end(m: re.Match[str]) -> Recurrence | None:
    month = _num(m, "m")
    if not 1 <= month <= 12:
        return None
    return Recurrence(
        f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY=-1", m.group(0), RestDayRule.PRECEDING
    )


def _year_end(m: re.Match[str]) -> Recurrence:
    return Recurrence(_WINDOW_END_RULES[Window.YEAR], m.group(0), RestDayRule.PRECEDING)


def _year_half(m: re.Match[str]) -> Recurrence:
    rule = (
        "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30"
        if m.group("h") == "上"
        else "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
    )
    return Recurrence(rule, m.group(0), RestDayRule.PRECEDING)


def _quarter_end(m: re.Match[str]) -> Recurrence:
    return Recurrence(_WINDOW_END_RULES[Window.QUARTER], m.group(0), RestDayRule.PRECEDING)


def _plain(m: re.Match[str]) -> Recurrence:
    w = m.group("w")
    rule = _HALF_YEAR_RULE if w == "半年" else _WINDOW_END_RULES[_WINDOWS[w]]
    return Recurrence(rule, m.group(0), RestDayRule.PRECEDING)


# -- deadlines ----------------------------------------------------------------------------------


def _trigger_deadline(m: re.Match[str]) -> Deadline:
    trigger = m.group("trig").strip()
    return Deadline(_amount_period(_num(m, "n"), _UNITS[m.group("u")]), trigger or None)


def _amount(unit: PeriodUnit) -> Builder:
    def build(m: re.Match[str]) -> Deadline:
        return Deadline(_amount_period(_first_num(m, "n1", "n2", "n3"), unit))

    return build


def _units_amount(m: re.Match[str]) -> Deadline:
    return Deadline(_amount_period(_first_num(m, "n1", "n2"), _UNITS[m.group("u")]))


def _years(m: re.Match[str]) -> Deadline:
    return Deadline(_period(f"{_num(m, 'n')}年"))


def _date(m: re.Match[str]) -> Deadline:
    month, day = _num(m, "m"), _num(m, "d")
    prefix = m.group("y") + "年" if m.group("y") else ("次年" if m.group("next") else "")
    return Deadline(_period(f"{prefix}{month}月{day}日前"))


def _month_anchor(m: re.Match[str]) -> Deadline:
    month = _num(m, "m")
    prefix = m.group("y") + "年" if m.group("y") else ""
    return Deadline(_period(f"{prefix}{month}月底前"))


def _year_anchor(m: re.Match[str]) -> Deadline:
    y = m.group("y")
    return Deadline(_period(f"{y}年12月底前" if y else "年底前"))


def _quarter_anchor(m: re.Match[str]) -> Deadline:
    return Deadline(_period("季度末前"))


def _half_anchor(m: re.Match[str]) -> Deadline:
    y, half = m.group("y"), m.group("h")
    if y:
        return Deadline(_period(f"{y}年{6 if half == '上' else 12}月底前"))
    return Deadline(_period(f"{half}半年"))


_SYNC_LEAD = re.compile(r"^(?:坚持|做到|实行|实现|确保|推动|落实|要|应当|应|并)+")


def _sync(m: re.Match[str]) -> Deadline:
    subject = _SYNC_LEAD.sub("", m.group("subj"))
    if len(subject) < 2:
        raise ValueError("没有主语")
    return Deadline(_period("当日"), f"{subject}{m.group('v')}")


def _sync_plain(m: re.Match[str]) -> Deadline:
    return Deadline(_period("当日"))


# -- ambiguities and untimed words --------------------------------------------------------------


def _lost_year(m: re.Match[str]) -> Ambiguity | None:
    year, month = int(m.group("y")), int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    candidates: tuple[TimeRule, ...] = ()
    day = m.group("d")
    if m.group("end") and m.group("b"):
        candidates = (Deadline(_period(f"{year}年{month}月底前")),)
    elif day and m.group("b"):
        try:
            candidates = (Deadline(_period(f"{year}年{month}月{int(day)}日前")),)
        except ValueError:
            candidates = ()
    reading = f"{year}年{month}月" + (f"{int(day)}日" if day else "")
    return Ambiguity(
        m.group(0),
        f"年份与月份连在一起，缺少“年”字（可能是复制时丢失），似应为「{reading}」",
        candidates,
    )


def _day_only(m: re.Match[str]) -> Ambiguity | None:
    day = _num(m, "d")
    if not 1 <= day <= 31:
        return None
    return Ambiguity(
        m.group(0),
        f"只写了{day}日，没有写明是哪个月（当月、每月还是某个月）的{day}日；请写明月份或改为「每月{day}日前」",
    )


def _lead_time(m: re.Match[str]) -> Ambiguity:
    parse_number(m.group("n"))
    return Ambiguity(
        m.group(0),
        "「提前…」是在某一事件之前的提前期（倒数），不是自某日起算的期限；"
        "govflow 的期限从触发事件起算，须人工写明到期日或改写为期限",
    )


def _untimed(m: re.Match[str]) -> Untimed:
    word = m.group(0)
    key = "动态" if word.startswith("动态") else word
    return Untimed(word, _UNTIMED_REASONS.get(key, f"「{word}」没有具体时限"))


def _p(pattern_id: str, regex: str, builder: Builder, note: str = "") -> PhrasePattern:
    return PhrasePattern(pattern_id, re.compile(regex), builder, note)


_BOUNDARY = r"(?:(?<=[,;:。!?、\s\(\)“”\"'])|^)"
_AFTER_MARKER = r"(?:(?<=[,;:。!?、\s\(\)“”\"'在于由自从经])|^)"

CORE_PATTERNS: tuple[PhrasePattern, ...] = (
    _p(
        "ambiguous.lost-year",
        rf"(?<![0-9])(?P<y>20[0-9]{{2}})(?P<m>[0-9]{{1,2}})月(?:(?P<d>[0-9]{{1,2}})日)?"
        rf"(?P<end>底|末)?(?P<b>{_BEFORE})?",
        _lost_year,
        "年份与月份之间丢了“年”字",
    ),
    _p(
        "quota.pair",
        rf"{_EVERY}{_WIN}(?P<noun>[^\W\d_]{{0,8}}?){_OP}(?P<n>{_NUM})(?P<u>条|篇)"
        rf"\((?:其中)?(?P<noun2>[^\W\d_]{{0,8}}?){_OP}(?P<n2>{_NUM})(?P<u2>条|篇)\)",
        _quota_pair,
    ),
    _p(
        "quota.at-least",
        rf"{_EVERY}{_WIN}(?P<noun>[^\W\d_]{{0,8}}?){_OP}(?:要|应|须)?(?P<v1>{_VERB})?"
        rf"(?P<n>{_NUM})(?P<u>次|条|篇|期|场|项)(?P<v2>{_VERB})?",
        _quota_min,
    ),
    _p(
        "recurrence.times",
        rf"{_EVERY}{_WIN_R}(?:要|应当|应|须|需)?(?:定期)?(?P<v1>{_VERB})?(?P<n>{_NUM})次"
        rf"(?P<v2>{_VERB})?",
        _times,
    ),
    _p(
        "recurrence.weekday",
        rf"每(?:周|星期)(?P<d>[一二三四五六日天])(?![次至到个{_CN}])(?P<v>{_VERB})?",
        _weekday,
    ),
    _p("recurrence.month-day", rf"{_EVERY}月(?P<d>{_NUM})(?:日|号)(?P<b>{_BEFORE})?", _month_day),
    _p("recurrence.monthly", rf"{_EVERY}月(?:一|1)(?![0-9{_CN}日号次个])(?:{_VERB})?", _monthly),
    _p(
        "recurrence.month-end", rf"{_EVERY}月(?:月)?(?:底|末)(?:{_BEFORE})?(?:{_VERB})?", _month_end
    ),
    _p("recurrence.year-day", rf"每年(?P<m>{_NUM})月(?P<d>{_NUM})日(?:{_BEFORE})?", _year_day),
    _p(
        "recurrence.year-month-end", rf"每年(?P<m>{_NUM})月(?:底|末)(?:{_BEFORE})?", _year_month_end
    ),
    _p("recurrence.year-end", rf"每年(?:年底|年末|底|末)(?:{_BEFORE})?", _year_end),
    _p("recurrence.half-year", r"每年(?P<h>上|下)半年", _year_half),
    _p("recurrence.quarter-end", rf"{_EVERY}季度?(?:末|底)(?:{_BEFORE})?", _quarter_end),
    _p(
        "recurrence.plain",
        rf"{_EVERY}{_WIN_R}(?![初中第上下0-9{_CN}个日号天])(?:(?:要|应|须)?(?:定期)?{_VERB})?",
        _plain,
    ),
    _p(
        "deadline.trigger",
        rf"(?:自|从)(?P<trig>[^,;:。!?\s]{{1,30}}?)(?:之日|之时|当日|当天)?起(?:算)?,?"
        rf"(?:{_LIMIT})?(?P<n>{_NUM})\s*{_UNIT}{_WITHIN}?",
        _trigger_deadline,
    ),
    _p(
        "deadline.event",
        rf"{_AFTER_MARKER}(?P<trig>[^\W\d_在于由自从经]{{2,12}}?)(?:之日起|之日后|之日|后|起)"
        rf"(?:{_LIMIT})?(?P<n>{_NUM})\s*{_UNIT}{_WITHIN}",
        _trigger_deadline,
    ),
    _p(
        "deadline.workdays",
        rf"(?:{_LIMIT})?{_LB}(?P<n1>{_NUM})\s*个?工作日{_WITHIN}?",
        _amount(PeriodUnit.WORKDAYS),
    ),
    _p(
        "deadline.days",
        rf"{_CAP}{_LB}(?P<n1>{_NUM})\s*(?:个?自然日|日|天){_WITHIN}?"
        rf"|{_LB_DAY}(?P<n2>{_NUM})\s*(?:个?自然日|日|天){_WITHIN}"
        rf"|{_LB}(?P<n3>{_NUM})\s*(?:天|个?自然日)",
        _amount(PeriodUnit.DAYS),
    ),
    _p(
        "deadline.months",
        rf"{_CAP}{_LB}(?P<n1>{_NUM})\s*个月{_WITHIN}?|{_LB}(?P<n2>{_NUM})\s*个月{_WITHIN}",
        _amount(PeriodUnit.MONTHS),
    ),
    _p("deadline.years", rf"{_LB}(?P<n>[0-9]{{1,2}}|[{_CN}]{{1,3}})\s*年{_WITHIN}", _years),
    _p(
        "deadline.hours",
        rf"{_CAP}{_LB}(?P<n1>{_NUM})\s*(?P<u>个?小时){_WITHIN}?"
        rf"|{_LB}(?P<n2>{_NUM})\s*(?P<u2>个?小时){_WITHIN}",
        _amount(PeriodUnit.HOURS),
    ),
    _p(
        "deadline.date",
        rf"(?<![0-9{_CN}])(?:(?P<y>[0-9]{{4}})年|(?P<next>次年|翌年|下一年度|下一年|下年度|下年))?"
        rf"(?P<m>{_NUM})月(?P<d>{_NUM})日{_BEFORE}",
        _date,
    ),
    _p(
        "deadline.month-end",
        rf"(?<![0-9{_CN}])(?:(?P<y>[0-9]{{4}})年)?(?P<m>{_NUM})月(?:份)?(?:底|末){_BEFORE}?",
        _month_anchor,
    ),
    _p(
        "deadline.year-end",
        rf"(?:(?<![0-9])(?P<y>[0-9]{{4}})年|本年|今年|(?<![0-9{_CN}])年)(?:底|末){_BEFORE}?",
        _year_anchor,
    ),
    _p("deadline.quarter-end", rf"(?:本)?季度?(?:末|底){_BEFORE}?", _quarter_anchor),
    _p(
        "deadline.half-year",
        rf"(?:(?<![0-9])(?P<y>[0-9]{{4}})年)?(?P<h>上|下)半年(?:{_WITHIN}|底前|末前)?",
        _half_anchor,
    ),
    _p(
        "deadline.sync",
        rf"{_BOUNDARY}(?P<subj>[^\W\d_]{{2,10}}?)(?:与|和|同)(?P<obj>[^\W\d_]{{2,10}}?)"
        rf"(?:同步[^\W\d_]{{1,3}}、)*同步(?P<v>发布|公开|印发|出台|上网|推送)",
        _sync,
    ),
    _p("deadline.sync-plain", r"同步(?:发布|公开)", _sync_plain),
    _p(
        "ambiguous.day-only",
        rf"(?<![0-9{_CN}月号])(?P<d>{_NUM})(?:日|号){_BEFORE}",
        _day_only,
        "只写了日，没有写月份",
    ),
    _p(
        "ambiguous.lead-time",
        rf"提前{_LB}(?P<n>{_NUM})\s*{_UNIT}",
        _lead_time,
        "提前期：在某一事件之前若干日",
    ),
    _p(
        "untimed.words",
        r"(?<!不)(?:第一时间|常态化|及时|定期|适时|随时|尽快|按时|限期)|(?<!工作)动态(?!信息)(?:更新|调整|管理)?",
        _untimed,
    ),
)
