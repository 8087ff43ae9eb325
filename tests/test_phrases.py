"""govflow.importer.phrases: every form of the grammar, numerals, spans, ambiguity, plugins, properties."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from types import SimpleNamespace
from typing import Any

import pluggy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.importer.phrases import (
    CORE_PATTERNS,
    Ambiguity,
    PhraseError,
    PhraseMatch,
    PhrasePattern,
    PhraseValue,
    Untimed,
    parse_phrase,
    parse_phrases,
)
from govflow.periods.core import Period, PeriodUnit
from govflow.plan.obligations import Deadline, Quota, Recurrence, RestDayRule, Window
from govflow.plugins import hookspecs
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import PluginError, Registry

WEEKLY_END = "FREQ=WEEKLY;BYDAY=SU"
MONTHLY_END = "FREQ=MONTHLY;BYMONTHDAY=-1"
QUARTERLY_END = "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"
HALF_YEARLY_END = "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"
YEARLY_END = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"


def dl(period: str, trigger: str | None = None) -> Deadline:
    return Deadline(Period.parse(period), trigger)


def values(text: str, **kwargs: Any) -> tuple[PhraseValue, ...]:
    return parse_phrase(text, **kwargs).values


# ---------------------------------------------------------------------------------------------
# Every form of the issue, one by one

FORMS: list[tuple[str, tuple[PhraseValue, ...]]] = [
    # working days
    ("5个工作日内", (dl("5个工作日"),)),
    ("不超过5个工作日", (dl("5个工作日"),)),
    ("最长不得超过20个工作日", (dl("20个工作日"),)),
    ("在3个工作日内", (dl("3个工作日"),)),
    ("二十个工作日", (dl("20个工作日"),)),
    ("十五个工作日内", (dl("15个工作日"),)),
    ("２０个工作日内", (dl("20个工作日"),)),
    # natural days, months, hours
    ("20日内", (dl("20日"),)),
    ("二十日内", (dl("20日"),)),
    ("15天", (dl("15日"),)),
    ("不超过7日", (dl("7日"),)),
    ("30个自然日", (dl("30日"),)),
    ("一个月内", (dl("1个月"),)),
    ("24小时内", (dl("24小时"),)),
    ("三年内", (dl("3年"),)),
    # periods from a trigger
    ("自收到申请之日起20个工作日内", (dl("20个工作日", "收到申请"),)),
    ("自该政府信息形成或者变更之日起二十个工作日内", (dl("20个工作日", "该政府信息形成或者变更"),)),
    ("从受理之日起15日内", (dl("15日", "受理"),)),
    ("批复后二十日内", (dl("20日", "批复"),)),
    ("收到申请之日起7个工作日内", (dl("7个工作日", "收到申请"),)),
    # calendar anchors
    ("2023年9月底前", (dl("2023年9月底前"),)),
    ("２０２３年９月底前", (dl("2023年9月底前"),)),
    ("9月底前", (dl("9月底前"),)),
    ("九月底前", (dl("9月底前"),)),
    ("年底前", (dl("年底前"),)),
    ("2023年底前", (dl("2023年12月底前"),)),
    ("次年1月31日前", (dl("次年1月31日前"),)),
    ("2024年3月31日前", (dl("2024年3月31日前"),)),
    ("上半年", (dl("上半年"),)),
    ("2023年上半年", (dl("2023年6月底前"),)),
    ("季度末前", (dl("季度末前"),)),
    # same day
    ("政策文件与解读材料同步起草、同步审签、同步发布", (dl("当日", "政策文件发布"),)),
    ("同步发布", (dl("当日"),)),
    # recurrences
    ("每周一", (Recurrence("FREQ=WEEKLY;BYDAY=MO", "每周一", RestDayRule.FOLLOWING),)),
    ("每周一自查", (Recurrence("FREQ=WEEKLY;BYDAY=MO", "每周一自查", RestDayRule.FOLLOWING),)),
    ("每周五", (Recurrence("FREQ=WEEKLY;BYDAY=FR", "每周五", RestDayRule.FOLLOWING),)),
    ("每月一通报", (Recurrence(MONTHLY_END, "每月一通报", RestDayRule.KEEP),)),
    ("每月一次", (Recurrence(MONTHLY_END, "每月一次", RestDayRule.PRECEDING),)),
    ("每月底前", (Recurrence(MONTHLY_END, "每月底前", RestDayRule.PRECEDING),)),
    ("每月5日前", (Recurrence("FREQ=MONTHLY;BYMONTHDAY=5", "每月5日前", RestDayRule.PRECEDING),)),
    ("每季度", (Recurrence(QUARTERLY_END, "每季度", RestDayRule.PRECEDING),)),
    ("每个季度", (Recurrence(QUARTERLY_END, "每个季度", RestDayRule.PRECEDING),)),
    ("每半年", (Recurrence(HALF_YEARLY_END, "每半年", RestDayRule.PRECEDING),)),
    (
        "每年上半年",
        (Recurrence("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30", "每年上半年", RestDayRule.PRECEDING),),
    ),
    (
        "每年1月31日前",
        (Recurrence("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=31", "每年1月31日前", RestDayRule.KEEP),),
    ),
    ("每周要定期汇总1次", (Recurrence(WEEKLY_END, "每周要定期汇总1次", RestDayRule.PRECEDING),)),
    ("每周汇总一次", (Recurrence(WEEKLY_END, "每周汇总一次", RestDayRule.PRECEDING),)),
    # quotas
    ("每周至少2次更新", (Quota(2, Window.WEEK, "post", {}, "每周至少2次更新"),)),
    ("每周至少两次更新", (Quota(2, Window.WEEK, "post", {}, "每周至少两次更新"),)),
    (
        "每月信息总量不低于50条(原创信息不低于10条)",
        (
            Quota(50, Window.MONTH, "post", {}, "每月信息总量不低于50条"),
            Quota(10, Window.MONTH, "post", {"original": True}, "原创信息不低于10条"),
        ),
    ),
    (
        "每月信息总量不低于五十条（原创信息不低于十条）",
        (
            Quota(50, Window.MONTH, "post", {}, "每月信息总量不低于五十条"),
            Quota(10, Window.MONTH, "post", {"original": True}, "原创信息不低于十条"),
        ),
    ),
    ("每年至少举办1次", (Quota(1, Window.YEAR, "event", {}, "每年至少举办1次"),)),
    ("每年至少要听取1次", (Quota(1, Window.YEAR, "event", {}, "每年至少要听取1次"),)),
    ("每季度至少召开一次", (Quota(1, Window.QUARTER, "event", {}, "每季度至少召开一次"),)),
    ("每周汇总3次", (Quota(3, Window.WEEK, "event", {}, "每周汇总3次"),)),
    ("每月发布信息不少于10条", (Quota(10, Window.MONTH, "post", {}, "每月发布信息不少于10条"),)),
    # untimed words
    ("及时", (Untimed("及时", "「及时」没有给出天数"),)),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_parses_to_its_object(text: str, expected: tuple[PhraseValue, ...]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_is_found_in_running_text(text: str, expected: tuple[PhraseValue, ...]) -> None:
    doc = f"各单位要求如下:{text},做好相关工作。"
    found = [m for m in parse_phrases(doc) if m.values == expected]
    assert len(found) == 1, parse_phrases(doc)
    assert found[0].text == text
    assert doc[found[0].start : found[0].end] == text


def test_periods_carry_canonical_text_that_the_period_grammar_reads_back() -> None:
    for text, expected in FORMS:
        for v in expected:
            if isinstance(v, Deadline):
                assert Period.parse(v.period.text) == v.period, text


def test_untimed_words() -> None:
    for word in ("及时", "定期", "适时", "随时", "尽快", "第一时间", "常态化"):
        match = parse_phrase(word)
        assert isinstance(match.value, Untimed)
        assert match.kind == "untimed"
        assert not match.timed
    assert isinstance(parse_phrase("动态更新").value, Untimed)
    assert parse_phrases("动态信息每周更新")[0].kind == "recurrence"
    assert parse_phrases("工作动态") == []
    assert parse_phrases("更新不及时") == []


# ---------------------------------------------------------------------------------------------
# Running text: the seed's sentences, spans, overlaps


def test_spans_of_the_seed_task_18() -> None:
    text = "广泛收集社会公众相关意见建议并及时有效答复,答复期限不超过5个工作日,简单问题在3个工作日内完成答复。"
    found = parse_phrases(text)
    assert [m.text for m in found] == ["及时", "不超过5个工作日", "在3个工作日内"]
    assert [m.kind for m in found] == ["untimed", "deadline", "deadline"]
    for m in found:
        assert text[m.start : m.end] == m.text
    assert found[1].value == dl("5个工作日")


def test_spans_refer_to_the_original_full_width_text() -> None:
    text = "答复期限不超过５个工作日，每周至少２次更新。"
    a, b = parse_phrases(text)
    assert (a.text, b.text) == ("不超过５个工作日", "每周至少２次更新")
    assert a.value == dl("5个工作日")
    assert b.value == Quota(2, Window.WEEK, "post", {}, "每周至少2次更新")


def test_longest_reading_wins() -> None:
    found = parse_phrases("县大数据中心每周要定期汇总1次政府网站收到的依申请公开情况")
    assert len(found) == 1
    assert found[0].pattern == "recurrence.times"
    found = parse_phrases("开展每周一自查、每月一通报。")
    assert [m.value for m in found] == [  # once a week, once a month (issue 11)
        Quota(1, Window.WEEK, "event", {}, "每周一自查"),
        Recurrence(MONTHLY_END, "每月一通报", RestDayRule.KEEP),
    ]


def test_dates_are_not_day_periods() -> None:
    assert parse_phrases("2023年6月18日印发") == []
    assert parse_phrases("第5个工作日") == []
    assert parse_phrases("数字政务24小时自助服务区") == []
    assert parse_phrases("二、三级链接支持度达99%以上") == []
    assert parse_phrases("12345热线和110、119、120") == []


# ---------------------------------------------------------------------------------------------
# Ambiguity is a result, not a guess


def test_one_month_from_the_31st_is_ambiguous() -> None:
    match = parse_phrase("一个月内", start=date(2023, 1, 31))
    assert isinstance(match.value, Ambiguity)
    assert match.kind == "ambiguous"
    assert not match.timed
    assert "2月没有31日" in match.value.reason
    assert "2023-02-28" in match.value.reason
    assert match.value.candidates[0] == dl("1个月")
    assert match.value.candidates[1] == dl("31日")  # to 2023-03-03
    # a day every month has: a plain period
    assert parse_phrase("一个月内", start=date(2023, 1, 15)).value == dl("1个月")
    assert isinstance(parse_phrase("1个月内", start=date(2023, 3, 31)).value, Ambiguity)
    assert isinstance(parse_phrase("1年内", start=date(2024, 2, 29)).value, Ambiguity)
    assert parse_phrase("一个月内").value == dl("1个月")  # no start: nothing to decide yet


def test_year_and_month_run_together_is_ambiguous() -> None:
    match = parse_phrase("20239月底前")
    assert isinstance(match.value, Ambiguity)
    assert "2023年9月" in match.value.reason
    assert match.value.candidates == (dl("2023年9月底前"),)
    assert parse_phrases("20239月底前,做好清理工作")[0].kind == "ambiguous"


def test_a_day_without_its_month_is_ambiguous() -> None:
    (match,) = parse_phrases("各单位在20日前报送")
    assert isinstance(match.value, Ambiguity)
    assert match.text == "20日前"
    assert parse_phrases("每月20日前报送")[0].kind == "recurrence"
    assert parse_phrases("6月20日前报送")[0].kind == "deadline"


def test_lead_time_is_ambiguous() -> None:
    match = parse_phrase("提前3天")
    assert isinstance(match.value, Ambiguity)
    assert match.value.candidates == ()


# ---------------------------------------------------------------------------------------------
# Errors


def test_parse_phrase_error_carries_the_position() -> None:
    with pytest.raises(PhraseError) as info:
        parse_phrase("5个工作日内完成")
    assert info.value.position == 6
    assert isinstance(info.value, ValueError)
    assert "第7个字符" in str(info.value)
    with pytest.raises(PhraseError) as info:
        parse_phrase("  明天")
    assert info.value.position == 2
    with pytest.raises(PhraseError) as info:
        parse_phrase("")
    assert info.value.position == 0
    with pytest.raises(PhraseError):
        parse_phrase("0个工作日")
    with pytest.raises(PhraseError):
        parse_phrase("13月底前")
    with pytest.raises(PhraseError):
        parse_phrase(None)  # type: ignore[arg-type]


def test_surrounding_blanks_and_punctuation_are_ignored() -> None:
    match = parse_phrase("　5个工作日内。")
    assert match.value == dl("5个工作日")
    assert (match.start, match.end, match.text) == (1, 7, "5个工作日内")


# ---------------------------------------------------------------------------------------------
# Extra patterns and the plugin hook

XUN = PhrasePattern(
    "county.xun",
    r"每旬",
    lambda m: Recurrence("FREQ=MONTHLY;BYMONTHDAY=10,20,-1", m.group(0), RestDayRule.PRECEDING),
)


def test_extra_patterns_add_forms() -> None:
    assert parse_phrases("每旬调度一次") == []
    found = parse_phrases("每旬调度一次", extra_patterns=[XUN])
    assert [m.pattern for m in found] == ["county.xun"]
    assert parse_phrase("每旬", extra_patterns=[XUN]).value.kind == "recurrence"


def test_extra_pattern_with_a_core_id_replaces_it() -> None:
    wd = PhrasePattern(
        "deadline.days",
        r"(?P<n>\d+)日内",
        lambda m: Deadline(Period.parse(f"{m.group('n')}个工作日")),
    )
    assert parse_phrase("5日内", extra_patterns=[wd]).value == dl("5个工作日")


def test_a_builder_may_decline() -> None:
    never = PhrasePattern("never", r"每旬", lambda m: None)
    assert parse_phrases("每旬", extra_patterns=[never]) == []

    def failing_builder(m: re.Match[str]) -> Deadline:
        return Deadline(Period.parse(m.group(0)))  # PeriodError, a ValueError

    failing = PhrasePattern("failing", re.compile("每旬"), failing_builder)
    assert parse_phrases("每旬", extra_patterns=[failing]) == []


def test_span_group_narrows_the_reported_span() -> None:
    pattern = PhrasePattern("county.before", r"务必(?P<span>每旬)", XUN.builder)
    (match,) = parse_phrases("各乡镇务必每旬报送", extra_patterns=[pattern])
    assert match.text == "每旬"


class _Plugin:
    def __init__(self, *patterns: PhrasePattern) -> None:
        self.patterns = patterns

    @hookimpl
    def govflow_phrase_patterns(self) -> list[PhrasePattern]:
        return list(self.patterns)


def _registry(*plugins: object) -> Registry:
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    for i, p in enumerate(plugins):
        pm.register(p, name=f"plugin{i}")
    return Registry(pm)


def test_registry_collects_phrase_patterns_from_plugins() -> None:
    reg = _registry(_Plugin(XUN))
    patterns = reg.phrase_patterns()
    assert patterns == [XUN]
    assert parse_phrases("每旬调度", extra_patterns=patterns)[0].pattern == "county.xun"


def test_registry_rejects_duplicate_phrase_pattern_ids() -> None:
    with pytest.raises(PluginError, match=r"时间用语模式 'county\.xun' 重复"):
        _registry(_Plugin(XUN), _Plugin(XUN)).phrase_patterns()


def test_registry_rejects_records_of_the_wrong_type() -> None:
    bad = SimpleNamespace(id="x")
    with pytest.raises(PluginError, match="应为 PhrasePattern"):
        _registry(_Plugin(bad)).phrase_patterns()  # type: ignore[arg-type]


def test_core_pattern_ids_are_unique() -> None:
    ids = [p.id for p in CORE_PATTERNS]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------------------------------------
# Properties: generated phrases parse back; arbitrary text never breaks the parser

_CN_DIGITS = "零一二三四五六七八九"
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def chinese(n: int) -> str:
    """1..999 in Chinese numerals: 十五, 二十, 一百零五, 一百二十."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    hundreds, rest = divmod(n, 100)
    head = _CN_DIGITS[hundreds] + "百"
    if rest == 0:
        return head
    if rest < 10:
        return head + "零" + _CN_DIGITS[rest]
    return head + _CN_DIGITS[rest // 10] + "十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")


@st.composite
def numerals(draw: st.DrawFn, lo: int = 1, hi: int = 999) -> tuple[int, str]:
    n = draw(st.integers(lo, hi))
    style = draw(st.sampled_from(["arabic", "full", "chinese"] + (["liang"] if n == 2 else [])))
    text = {
        "arabic": str(n),
        "full": str(n).translate(_FULL),
        "chinese": chinese(n) if n else "",
        "liang": "两",
    }[style]
    return n, text


_WINDOW_WORDS = {"周": Window.WEEK, "月": Window.MONTH, "季度": Window.QUARTER, "年": Window.YEAR}
_WINDOW_ENDS = {
    Window.WEEK: WEEKLY_END,
    Window.MONTH: MONTHLY_END,
    Window.QUARTER: QUARTERLY_END,
    Window.YEAR: YEARLY_END,
}
_WEEKDAY_CODES = {
    "一": "MO",
    "二": "TU",
    "三": "WE",
    "四": "TH",
    "五": "FR",
    "六": "SA",
    "日": "SU",
    "天": "SU",
}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@st.composite
def phrases(draw: st.DrawFn) -> tuple[str, tuple[PhraseValue, ...]]:
    """A phrase of the grammar and the objects it stands for."""
    form = draw(
        st.sampled_from(
            [
                "workdays",
                "days",
                "months",
                "hours",
                "trigger",
                "event",
                "month-end",
                "year-month-end",
                "year-end",
                "date",
                "next-year-date",
                "half",
                "quarter-end",
                "weekday",
                "monthly",
                "plain",
                "times",
                "at-least",
                "at-least-verb-first",
                "pair",
                "sync",
                "month-day",
                "year-day",
            ]
        )
    )
    n, num = draw(numerals())
    if form == "workdays":
        prefix = draw(st.sampled_from(["", "不超过", "不得超过", "最长不超过", "在"]))
        suffix = draw(st.sampled_from(["", "内", "以内", "之内"]))
        return f"{prefix}{num}个工作日{suffix}", (dl(f"{n}个工作日"),)
    if form == "days":
        shape = draw(st.sampled_from(["{}日内", "{}天", "{}天内", "不超过{}日", "{}个自然日"]))
        return shape.format(num), (dl(f"{n}日"),)
    if form == "months":
        shape = draw(st.sampled_from(["{}个月内", "不超过{}个月"]))
        return shape.format(num), (dl(f"{n}个月"),)
    if form == "hours":
        return f"{num}小时内", (dl(f"{n}小时"),)
    if form == "trigger":
        trig = draw(st.sampled_from(["收到申请", "政策印发", "信息形成或者变更", "受理"]))
        word = draw(st.sampled_from(["自", "从"]))
        unit, canon = draw(st.sampled_from([("个工作日", "个工作日"), ("日", "日"), ("天", "日")]))
        return f"{word}{trig}之日起{num}{unit}内", (dl(f"{n}{canon}", trig),)
    if form == "event":
        trig = draw(st.sampled_from(["批复", "批准", "政策出台", "收到补正材料"]))
        return f"{trig}后{num}日内", (dl(f"{n}日", trig),)
    if form in ("month-end", "year-month-end"):
        m, mtext = draw(numerals(1, 12))
        if form == "month-end":
            return f"{mtext}月底前", (dl(f"{m}月底前"),)
        y = draw(st.integers(2000, 2099))
        ytext = draw(st.sampled_from([str(y), str(y).translate(_FULL)]))
        return f"{ytext}年{mtext}月底前", (dl(f"{y}年{m}月底前"),)
    if form == "year-end":
        y = draw(st.integers(2000, 2099))
        return draw(
            st.sampled_from(
                [
                    ("年底前", (dl("年底前"),)),
                    ("年末前", (dl("年底前"),)),
                    (f"{y}年底前", (dl(f"{y}年12月底前"),)),
                ]
            )
        )
    if form in ("date", "next-year-date"):
        m, mtext = draw(numerals(1, 12))
        d, dtext = draw(numerals(1, 28))
        if form == "next-year-date":
            return f"次年{mtext}月{dtext}日前", (dl(f"次年{m}月{d}日前"),)
        y = draw(st.integers(2000, 2099))
        return f"{y}年{mtext}月{dtext}日前", (dl(f"{y}年{m}月{d}日前"),)
    if form == "half":
        half = draw(st.sampled_from(["上", "下"]))
        return f"{half}半年", (dl(f"{half}半年"),)
    if form == "quarter-end":
        return draw(st.sampled_from(["季度末前", "本季度末前", "季末前"])), (dl("季度末前"),)
    if form == "weekday":
        day = draw(st.sampled_from(sorted(_WEEKDAY_CODES)))
        verb = draw(st.sampled_from(["", "自查", "通报", "调度"]))
        text = f"每周{day}{verb}"
        return text, (
            Recurrence(f"FREQ=WEEKLY;BYDAY={_WEEKDAY_CODES[day]}", text, RestDayRule.FOLLOWING),
        )
    if form == "monthly":
        verb = draw(st.sampled_from(["", "通报", "汇总", "调度"]))
        one = draw(st.sampled_from(["一", "1"]))
        text = f"每月{one}{verb}"
        # once a month at its nominal end, not moved (issue 11: 「每月一通报」)
        return text, (Recurrence(MONTHLY_END, text, RestDayRule.KEEP),)
    if form == "plain":
        word, rule = draw(
            st.sampled_from(
                [
                    ("每周", WEEKLY_END),
                    ("每月", MONTHLY_END),
                    ("每季度", QUARTERLY_END),
                    ("每半年", HALF_YEARLY_END),
                    ("每年", YEARLY_END),
                ]
            )
        )
        return word, (Recurrence(rule, word, RestDayRule.PRECEDING),)
    if form == "times":
        w = draw(st.sampled_from(sorted(_WINDOW_WORDS)))
        verb = draw(st.sampled_from(["汇总", "通报", "要定期汇总", "检查"]))
        text = f"每{w}{verb}{num}次"
        window = _WINDOW_WORDS[w]
        if n == 1:
            return text, (Recurrence(_WINDOW_ENDS[window], nfkc(text), RestDayRule.PRECEDING),)
        return text, (Quota(n, window, "event", {}, nfkc(text)),)
    if form in ("at-least", "at-least-verb-first"):
        w = draw(st.sampled_from(sorted(_WINDOW_WORDS)))
        window = _WINDOW_WORDS[w]
        if form == "at-least":
            verb = draw(st.sampled_from(["", "更新", "发布"]))
            text = f"每{w}至少{num}次{verb}"
            counts = "post" if verb else "event"
        else:
            verb = draw(st.sampled_from(["举办", "开展", "听取", "要听取"]))
            text = f"每{w}至少{verb}{num}次"
            counts = "event"
        return text, (Quota(n, window, counts, {}, nfkc(text)),)
    if form == "pair":
        w = draw(st.sampled_from(sorted(_WINDOW_WORDS)))
        window = _WINDOW_WORDS[w]
        m, mtext = draw(numerals())
        brackets = draw(st.sampled_from([("(", ")"), ("（", "）")]))
        first = f"每{w}信息总量不低于{num}条"
        second = f"原创信息不低于{mtext}条"
        text = f"{first}{brackets[0]}{second}{brackets[1]}"
        return text, (
            Quota(n, window, "post", {}, nfkc(first)),
            Quota(m, window, "post", {"original": True}, nfkc(second)),
        )
    if form == "sync":
        subject, verb = draw(
            st.sampled_from([("政策文件", "发布"), ("规范性文件", "公开"), ("重大决策", "印发")])
        )
        steps = draw(st.sampled_from(["", "同步起草、", "同步起草、同步审签、"]))
        return f"{subject}与解读材料{steps}同步{verb}", (dl("当日", subject + verb),)
    if form == "month-day":
        d, dtext = draw(numerals(1, 28))
        before = draw(st.sampled_from(["", "前"]))
        text = f"每月{dtext}日{before}"
        rest = RestDayRule.PRECEDING if before else RestDayRule.FOLLOWING
        return text, (Recurrence(f"FREQ=MONTHLY;BYMONTHDAY={d}", nfkc(text), rest),)
    m, mtext = draw(numerals(1, 12))
    d, dtext = draw(numerals(1, 28))
    text = f"每年{mtext}月{dtext}日前"
    return text, (
        Recurrence(f"FREQ=YEARLY;BYMONTH={m};BYMONTHDAY={d}", nfkc(text), RestDayRule.KEEP),
    )


@given(phrases())
def test_generated_phrases_parse_back_to_their_objects(
    case: tuple[str, tuple[PhraseValue, ...]],
) -> None:
    text, expected = case
    match = parse_phrase(text)
    assert match.values == expected
    assert (match.start, match.end, match.text) == (0, len(text), text)


@given(
    phrases(),
    st.sampled_from(["各单位要求如下:", "一、", "(三)县政府办,"]),
    st.sampled_from(["", "。", ",做好相关工作。", ";"]),
)
def test_generated_phrases_are_found_in_running_text(
    case: tuple[str, tuple[PhraseValue, ...]], before: str, after: str
) -> None:
    text, expected = case
    doc = f"{before}{text}{after}"
    found = parse_phrases(doc)
    hits = [m for m in found if (m.start, m.end) == (len(before), len(before) + len(text))]
    assert len(hits) == 1, found
    assert hits[0].values == expected


def _check_matches(text: str, found: list[PhraseMatch]) -> None:
    last = 0
    for m in found:
        assert 0 <= last <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.values
        last = m.end


def _check_single(text: str, start: date | None = None) -> None:
    """parse_phrase returns a match of the whole text or raises PhraseError, nothing else."""
    error: PhraseError | None = None
    try:
        match = parse_phrase(text, start=start)
    except PhraseError as exc:
        error = exc
    if error is None:
        assert match.values
        assert text[match.start : match.end] == match.text
    else:
        assert 0 <= error.position <= len(text)


@given(st.text())
def test_arbitrary_text_never_breaks_the_parsers(text: str) -> None:
    _check_matches(text, parse_phrases(text))
    _check_single(text)


_ALPHABET = (
    "0123456789０１２３一二三四五六七八九十百千两零〇每周月年季度日天个工作内前底末次至少不"
    "低于超过条自起之后半上下()（），。、:要定期汇总更新举办原创信息号提前小时同步发布与"
)


@settings(max_examples=300)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.none() | st.dates())
def test_phrase_like_text_never_breaks_the_parsers(text: str, start: date | None) -> None:
    _check_matches(text, parse_phrases(text, start=start))
    _check_single(text, start)


def test_period_units_of_the_grammar() -> None:
    units = set()
    for text in ("5个工作日", "5日内", "1个月内", "2小时内", "1年内", "年底前"):
        value = parse_phrase(text).value
        assert isinstance(value, Deadline)
        units.add(value.period.unit)
    assert units == set(PeriodUnit)
