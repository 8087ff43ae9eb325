"""Chinese time phrases of plans and regulations, read into govflow's time rules with their spans.

:func:`parse_phrases` finds every time expression in running text; :func:`parse_phrase` reads one
whole phrase and raises :class:`PhraseError` (with the position) when it cannot.  Each
:class:`PhraseMatch` keeps the span of the original text and the objects it stands for:

* a :class:`~govflow.plan.obligations.Deadline` with a :class:`~govflow.periods.core.Period`:
  「5个工作日内」「不超过5个工作日」「20日内」「15天」「一个月内」「24小时内」, with the trigger of
  「自收到申请之日起20个工作日内」「批复后二十日内」, and the calendar anchors 「2023年9月底前」
  「9月底前」「年底前」「次年1月31日前」「季度末前」「上半年」; 「与…同步发布」 is due the same day;
* a :class:`~govflow.plan.obligations.Recurrence` (an RFC 5545 rule): 「每周一」 (``FREQ=WEEKLY;
  BYDAY=MO``, following working day), 「每月一通报」 and 「每月底前」 (by the month's end,
  ``BYMONTHDAY=-1``, preceding working day), 「每季度」, 「每半年」, 「每年上半年」, 「每年1月31日前」,
  「每周汇总1次」 (by the week's end);
* a :class:`~govflow.plan.obligations.Quota`: 「每周至少2次更新」 (``post``), 「每年至少举办1次」
  (``event``), 「每月信息总量不低于50条(原创信息不低于10条)」 (two quotas, the second counting
  ``{"original": True}``), 「每周汇总3次」;
* an :class:`Ambiguity` when the words look temporal but cannot be settled without a guess: 「一个月
  内」 counted from a 31st (``start=``), 「20239月底前」 (a year and a month run together);
* :class:`Untimed` for words of timing with no number: 「及时」「定期」「动态(更新)」「适时」「随时」
  「尽快」「第一时间」「常态化」「按时」「限期」.

Numbers may be Arabic (20), full-width (２０) or Chinese (二十, 十五, 两).  The text is read after
NFKC normalisation (full-width digits, brackets and spaces become ASCII); spans always refer to the
text as given.  Periods carry a canonical text (``Period.text`` = 「20个工作日」, Arabic digits,
without 「内」「不超过」) that :func:`govflow.periods.core.parse_period` reads back, so they can be
written to a plan file; the words as written are :attr:`PhraseMatch.text`.

Extra patterns (a county's own phrasing, a plugin's) are :class:`PhrasePattern` records passed as
*extra_patterns*; this module never loads plugins itself (the ``govflow_phrase_patterns`` hook
collects them, :meth:`govflow.plugins.manager.Registry.phrase_patterns` returns them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TypeAlias

from attrs import field, frozen
from dateutil.relativedelta import relativedelta

from govflow.errors import InputError
from govflow.periods.core import Period, PeriodUnit, parse_period
from govflow.plan.obligations import Deadline, Quota, Recurrence, RestDayRule, TimeRule, Window
from govflow.text.numerals import CN_NUMERAL_CHARS, parse_number

__all__ = [
    "CORE_PATTERNS",
    "Ambiguity",
    "PhraseError",
    "PhraseMatch",
    "PhrasePattern",
    "PhraseValue",
    "Untimed",
    "normalize_with_map",
    "parse_phrase",
    "parse_phrases",
]


class PhraseError(InputError):
    """A text is not one time phrase; :attr:`position` is where reading stopped (0-based).

    Raised by :func:`parse_phrase` only; :func:`parse_phrases` never raises on any text.
    """

    def __init__(self, text: str, position: int, message: str) -> None:
        self.text = text
        self.position = position
        super().__init__(f"第{position + 1}个字符处：{message}（原文：{text!r}）")


@frozen
class Untimed:
    """Words of timing without a number (「及时」): reported, never scheduled."""

    text: str
    reason: str

    @property
    def kind(self) -> str:
        return "untimed"

    def describe(self) -> str:
        return f"无具体时限：「{self.text}」"


@frozen
class Ambiguity:
    """A phrase that could be read more than one way; *candidates* are the possible readings."""

    text: str
    reason: str
    candidates: tuple[TimeRule, ...] = ()

    @property
    def kind(self) -> str:
        return "ambiguous"

    def describe(self) -> str:
        return f"含义不确定：「{self.text}」：{self.reason}"


PhraseValue: TypeAlias = Deadline | Recurrence | Quota | Ambiguity | Untimed
Builder: TypeAlias = Callable[[re.Match[str]], "PhraseValue | Sequence[PhraseValue] | None"]


def _compile(value: str | re.Pattern[str]) -> re.Pattern[str]:
    return value if isinstance(value, re.Pattern) else re.compile(value)


@frozen
class PhrasePattern:
    """A phrase pattern: *regex* is searched in the NFKC-normalised text; *builder* turns a match
    into one or more values, or ``None`` (or raises ``ValueError``) to decline it.

    A named group ``span`` in *regex*, when it matched, narrows the reported span to it.  An extra
    pattern with the id of a core pattern replaces it.
    """

    id: str
    regex: re.Pattern[str] = field(converter=_compile)
    builder: Builder
    note: str = ""


@frozen
class PhraseMatch:
    """A time phrase found in a text: ``text[start:end]`` and what it stands for."""

    start: int
    end: int
    text: str
    """The words as written (a slice of the text given)."""
    values: tuple[PhraseValue, ...]
    """Usually one value; 「每月…不低于50条(原创…不低于10条)」 gives two quotas."""
    pattern: str
    """The id of the pattern that matched (``deadline.workdays``, ``quota.pair`` …)."""

    @property
    def value(self) -> PhraseValue:
        return self.values[0]

    @property
    def kind(self) -> str:
        """``deadline``, ``recurrence``, ``quota``, ``ambiguous`` or ``untimed``."""
        return self.value.kind

    @property
    def timed(self) -> bool:
        """Whether every value is a time rule (not an ambiguity, not untimed words)."""
        return all(isinstance(v, Deadline | Recurrence | Quota) for v in self.values)

    @property
    def rules(self) -> tuple[TimeRule, ...]:
        return tuple(v for v in self.values if isinstance(v, Deadline | Recurrence | Quota))

    def describe(self) -> str:
        return "；".join(_describe(v) for v in self.values)


def _describe(value: PhraseValue) -> str:
    if isinstance(value, Deadline):
        return f"期限：{value.describe()}"
    if isinstance(value, Recurrence):
        return f"周期：{value.describe()}（{value.rrule}）"
    if isinstance(value, Quota):
        where = f"，{value.where}" if value.where else ""
        return f"数量要求：{value.window.label}至少{value.minimum}（{value.counts}{where}）"
    return value.describe()


# ---------------------------------------------------------------------------------------------
# Normalisation


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """NFKC-normalise *text* character by character; also return, for every position of the
    result (and one past its end), the position in *text* it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        norm = ch if ch.isascii() else unicodedata.normalize("NFKC", ch)
        for c in norm:
            out.append(c)
            origin.append(i)
    origin.append(len(text))
    return "".join(out), origin


def _span(origin: Sequence[int], start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return origin[start], origin[start]
    return origin[start], origin[end - 1] + 1


# ---------------------------------------------------------------------------------------------
# Building blocks of the core patterns

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
        raise ValueError(f"no number in group {group}")
    return parse_number(raw)


def _first_num(m: re.Match[str], *groups: str) -> int:
    for g in groups:
        if m.group(g) is not None:
            return parse_number(m.group(g))
    raise ValueError("no number")


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


def _weekday(m: re.Match[str]) -> Recurrence:
    return Recurrence(
        f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[m.group('d')]}", m.group(0), RestDayRule.FOLLOWING
    )


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
        raise ValueError("no subject")
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
        rf"每(?:周|星期)(?P<d>[一二三四五六日天])(?![次至到个{_CN}])(?:{_VERB})?",
        _weekday,
    ),
    _p("recurrence.month-day", rf"{_EVERY}月(?P<d>{_NUM})(?:日|号)(?P<b>{_BEFORE})?", _month_day),
    _p("recurrence.monthly", rf"{_EVERY}月(?:一|1)(?![0-9{_CN}日号次个])(?:{_VERB})?", _month_end),
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


# ---------------------------------------------------------------------------------------------
# Reading


def _patterns(extra: Iterable[PhrasePattern]) -> list[PhrasePattern]:
    extra = list(extra)
    replaced = {p.id for p in extra}
    return [*extra, *(p for p in CORE_PATTERNS if p.id not in replaced)]


def _build(pattern: PhrasePattern, m: re.Match[str]) -> tuple[PhraseValue, ...]:
    try:
        built = pattern.builder(m)
    except (ValueError, OverflowError):
        return ()
    if built is None:
        return ()
    if isinstance(built, Deadline | Recurrence | Quota | Ambiguity | Untimed):
        return (built,)
    return tuple(built)


def _match_span(m: re.Match[str]) -> tuple[int, int]:
    if "span" in m.re.groupindex and m.start("span") >= 0:
        return m.start("span"), m.end("span")
    return m.start(), m.end()


def _month_ambiguity(value: PhraseValue, text: str, start: date | None) -> PhraseValue:
    """「一个月内」 from a day the target month lacks (a 31st) is a question, not an answer."""
    if start is None or not isinstance(value, Deadline):
        return value
    period = value.period
    if period.unit not in (PeriodUnit.MONTHS, PeriodUnit.YEARS):
        return value
    months = period.amount * (12 if period.unit is PeriodUnit.YEARS else 1)
    try:
        clipped = start + relativedelta(months=months)
        overflow = (start.replace(day=1) + relativedelta(months=months)) + (
            start - start.replace(day=1)
        )
    except (ValueError, OverflowError):
        return value
    if clipped.day == start.day:
        return value
    days = (overflow - start).days
    return Ambiguity(
        text,
        f"自{start.isoformat()}起算「{text}」：{clipped.year}年{clipped.month}月没有{start.day}日。"
        f"按《民法典》第二百零二条以月末日 {clipped.isoformat()} 为最后一日；"
        f"按日数顺延则为 {overflow.isoformat()}。请在方案中写明采用哪一种",
        (value, Deadline(_period(f"{days}日"), value.trigger)),
    )


def _candidates(
    norm: str, patterns: Sequence[PhrasePattern]
) -> list[tuple[int, int, int, tuple[PhraseValue, ...], str]]:
    found: list[tuple[int, int, int, tuple[PhraseValue, ...], str]] = []
    for priority, pattern in enumerate(patterns):
        pos = 0
        while pos <= len(norm):
            m = pattern.regex.search(norm, pos)
            if m is None:
                break
            if m.end() == m.start():
                pos = m.start() + 1
                continue
            values = _build(pattern, m)
            if not values:
                pos = m.start() + 1
                continue
            s, e = _match_span(m)
            if e > s:
                found.append((s, e, priority, values, pattern.id))
            pos = m.end()
    return found


def parse_phrases(
    text: str, *, start: date | None = None, extra_patterns: Iterable[PhrasePattern] = ()
) -> list[PhraseMatch]:
    """Every time phrase in *text*, in order, without overlaps; never raises on any text.

    Where readings overlap, the longest wins (「每周要定期汇总1次」 over 「定期」), then extra
    patterns before core ones.  With *start* (the day a period runs from), month and year periods
    that have no corresponding day are reported as :class:`Ambiguity`.
    """
    if not isinstance(text, str) or not text:
        return []
    norm, origin = normalize_with_map(text)
    found = _candidates(norm, _patterns(extra_patterns))
    found.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    chosen: list[tuple[int, int, int, tuple[PhraseValue, ...], str]] = []
    for cand in found:
        if all(cand[1] <= c[0] or cand[0] >= c[1] for c in chosen):
            chosen.append(cand)
    chosen.sort(key=lambda c: c[0])
    out: list[PhraseMatch] = []
    for s, e, _, values, pattern_id in chosen:
        a, b = _span(origin, s, e)
        words = norm[s:e]
        out.append(
            PhraseMatch(
                a,
                b,
                text[a:b],
                tuple(_month_ambiguity(v, words, start) for v in values),
                pattern_id,
            )
        )
    return out


_STRIP = " \t\r\n\u3000。，,;；:：、.!！?？"


def parse_phrase(
    text: str, *, start: date | None = None, extra_patterns: Iterable[PhrasePattern] = ()
) -> PhraseMatch:
    """Read *text* as exactly one time phrase (surrounding blanks and punctuation ignored).

    Raises :class:`PhraseError` with the position where reading stopped when *text* is not one
    phrase of the grammar (see :data:`CORE_PATTERNS` and docs/import.md).
    """
    if not isinstance(text, str):
        raise PhraseError(repr(text), 0, "需要文本")
    norm, origin = normalize_with_map(text)
    lo = 0
    while lo < len(norm) and norm[lo] in _STRIP:
        lo += 1
    hi = len(norm)
    while hi > lo and norm[hi - 1] in _STRIP:
        hi -= 1
    if lo == hi:
        raise PhraseError(text, origin[lo] if lo < len(norm) else len(text), "没有时间表述")
    body = norm[lo:hi]
    patterns = _patterns(extra_patterns)
    furthest = 0
    for pattern in patterns:
        m = pattern.regex.fullmatch(body)
        if m is not None:
            values = _build(pattern, m)
            s, e = _match_span(m)
            if values and (s, e) == (0, len(body)):
                a, b = _span(origin, lo, hi)
                return PhraseMatch(
                    a,
                    b,
                    text[a:b],
                    tuple(_month_ambiguity(v, body, start) for v in values),
                    pattern.id,
                )
        m = pattern.regex.match(body)
        if m is not None and m.end() > furthest and _build(pattern, m):
            furthest = m.end()
    pos = origin[lo + furthest] if lo + furthest < len(norm) else len(text)
    if furthest:
        message = f"「{body[:furthest]}」之后的「{body[furthest : furthest + 12]}」无法识别"
    else:
        message = (
            "不是可识别的时间表述（如「5个工作日内」「2023年9月底前」「每周一」「每周至少2次」）"
        )
    raise PhraseError(text, pos, message)
