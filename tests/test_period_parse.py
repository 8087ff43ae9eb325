"""Parsing period texts: 「20个工作日」「15日」「2个月」「24小时」「9月底前」… and the errors for the rest."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.periods.core import Anchor, AnchorKind, Period, PeriodError, PeriodUnit, parse_period

# ---------------------------------------------------------------------------------------------
# An independent renderer of Chinese numerals (1..9999), written for the tests: it must not share
# code with govflow.text.numerals, which it checks.

_CN_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十, 105 → 一百零五, 110 → 一百一十, 999 → 九百九十九."""
    if not 1 <= n <= 9999:
        raise ValueError(n)
    places = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out: list[str] = []
    pending_zero = False
    for value, unit in places:
        digit = n // value % 10
        if digit == 0:
            if out:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        if value == 10 and digit == 1 and not out:
            out.append("十")  # 十五, not 一十五, when it leads
        else:
            out.append(_CN_DIGITS[digit] + unit)
    text = "".join(out)
    return text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (15, "十五"),
        (20, "二十"),
        (21, "二十一"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (999, "九百九十九"),
        (1001, "一千零一"),
    ],
)
def test_independent_renderer(n: int, text: str) -> None:
    assert to_chinese(n) == text


# ---------------------------------------------------------------------------------------------
# The accepted forms


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        ("20个工作日", PeriodUnit.WORKDAYS, 20),
        ("二十个工作日", PeriodUnit.WORKDAYS, 20),
        ("２０个工作日", PeriodUnit.WORKDAYS, 20),
        ("20wd", PeriodUnit.WORKDAYS, 20),
        ("20WD", PeriodUnit.WORKDAYS, 20),
        ("20 个工作日", PeriodUnit.WORKDAYS, 20),
        ("七个工作日", PeriodUnit.WORKDAYS, 7),
        ("15日", PeriodUnit.DAYS, 15),
        ("15天", PeriodUnit.DAYS, 15),
        ("十五日", PeriodUnit.DAYS, 15),
        ("15d", PeriodUnit.DAYS, 15),
        ("一百零五天", PeriodUnit.DAYS, 105),
        ("2个月", PeriodUnit.MONTHS, 2),
        ("两个月", PeriodUnit.MONTHS, 2),
        ("2m", PeriodUnit.MONTHS, 2),
        ("1年", PeriodUnit.YEARS, 1),
        ("24小时", PeriodUnit.HOURS, 24),
        ("48h", PeriodUnit.HOURS, 48),
        ("５小时", PeriodUnit.HOURS, 5),
    ],
)
def test_amount_forms(text: str, unit: PeriodUnit, amount: int) -> None:
    p = Period.parse(text)
    assert (p.unit, p.amount, p.anchor) == (unit, amount, None)
    assert p.text == text  # the text as written is kept for explanations
    assert parse_period(text) == p


@pytest.mark.parametrize(
    ("text", "unit", "amount"),
    [
        ("20个工作日内", PeriodUnit.WORKDAYS, 20),
        ("20个工作日以内", PeriodUnit.WORKDAYS, 20),
        ("5个工作日之内", PeriodUnit.WORKDAYS, 5),
        ("不超过5个工作日", PeriodUnit.WORKDAYS, 5),
        ("最长20个工作日", PeriodUnit.WORKDAYS, 20),
        ("在20个工作日内", PeriodUnit.WORKDAYS, 20),
        ("二十日内", PeriodUnit.DAYS, 20),
        ("15日以内", PeriodUnit.DAYS, 15),
        ("不超过24小时", PeriodUnit.HOURS, 24),
        ("24小时以内", PeriodUnit.HOURS, 24),
        ("2个月内", PeriodUnit.MONTHS, 2),
        ("2年以内", PeriodUnit.YEARS, 2),
        ("1年内", PeriodUnit.YEARS, 1),  # not the 「年内」 anchor
    ],
)
def test_within_wording(text: str, unit: PeriodUnit, amount: int) -> None:
    """「以内」「不超过」 include the stated number (民法典 第一千二百五十九条): same period."""
    p = Period.parse(text)
    assert (p.unit, p.amount) == (unit, amount)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("月底前", Anchor(AnchorKind.MONTH_END)),
        ("本月底", Anchor(AnchorKind.MONTH_END)),
        ("月末前", Anchor(AnchorKind.MONTH_END)),
        ("9月底前", Anchor(AnchorKind.MONTH_END, month=9)),
        ("九月底前", Anchor(AnchorKind.MONTH_END, month=9)),
        ("2023年9月底前", Anchor(AnchorKind.MONTH_END, month=9, year=2023)),
        ("年底前", Anchor(AnchorKind.YEAR_END)),
        ("年内", Anchor(AnchorKind.YEAR_END)),
        ("本年末", Anchor(AnchorKind.YEAR_END)),
        ("季度末前", Anchor(AnchorKind.QUARTER_END)),
        ("季末", Anchor(AnchorKind.QUARTER_END)),
        ("上半年", Anchor(AnchorKind.HALF_YEAR_END, month=6)),
        ("上半年内", Anchor(AnchorKind.HALF_YEAR_END, month=6)),
        ("下半年", Anchor(AnchorKind.HALF_YEAR_END, month=12)),
        ("半年底前", Anchor(AnchorKind.HALF_YEAR_END)),
        ("1月31日前", Anchor(AnchorKind.DAY, month=1, day=31)),
        ("3月31日之前", Anchor(AnchorKind.DAY, month=3, day=31)),
        ("次年1月31日前", Anchor(AnchorKind.DAY, month=1, day=31, year_offset=1)),
        ("2024年2月29日前", Anchor(AnchorKind.DAY, month=2, day=29, year=2024)),
        ("2月29日前", Anchor(AnchorKind.DAY, month=2, day=29)),
    ],
)
def test_anchor_forms(text: str, anchor: Anchor) -> None:
    p = Period.parse(text)
    assert p.unit is PeriodUnit.ANCHOR
    assert p.anchor == anchor
    assert p.label() == text


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "二十",
        "20",
        "20个星期",
        "20周",
        "-5日",
        "5.5日",
        "日",
        "个工作日",
        "20个工作日后",
    ],
)
def test_not_understood_lists_accepted_forms(text: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    message = str(info.value)
    assert "可用的写法" in message
    for form in ("20个工作日", "20wd", "15日", "15d", "2个月", "2m", "月底前", "年底前"):
        assert form in message


@pytest.mark.parametrize("text", ["0个工作日", "零日", "0d", "0个月"])
def test_zero_amount_rejected(text: str) -> None:
    with pytest.raises(PeriodError, match="应为正数"):
        Period.parse(text)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("13月底前", "月份 13"),
        ("0月底前", "月份 0"),
        ("2023年13月底前", "月份 13"),
        ("13月1日前", "月份 13"),
        ("2月30日前", "2月30日"),
        ("4月31日前", "4月31日"),
        ("2023年2月29日前", "2月29日"),  # 2023 is not a leap year
    ],
)
def test_impossible_anchor_dates_rejected(text: str, what: str) -> None:
    with pytest.raises(PeriodError) as info:
        Period.parse(text)
    assert what in str(info.value)
    assert text in str(info.value)


def test_bad_chinese_numeral_named() -> None:
    with pytest.raises(PeriodError, match="不是数字"):
        Period.parse("二二个工作日")


def test_non_text_rejected() -> None:
    with pytest.raises(PeriodError, match="20个工作日"):
        Period.parse(cast(Any, 20))


def test_period_error_is_value_error() -> None:
    assert issubclass(PeriodError, ValueError)


# ---------------------------------------------------------------------------------------------
# Round trips

_UNIT_SPELLINGS: dict[PeriodUnit, tuple[str, ...]] = {
    PeriodUnit.WORKDAYS: ("个工作日", "wd", "个工作日内"),
    PeriodUnit.DAYS: ("日", "天", "d", "日内"),
    PeriodUnit.MONTHS: ("个月", "m"),
    PeriodUnit.YEARS: ("年",),
    PeriodUnit.HOURS: ("小时", "h", "小时内"),
}
_SPELLINGS = [(unit, suffix) for unit, suffixes in _UNIT_SPELLINGS.items() for suffix in suffixes]


@settings(max_examples=300, deadline=None)
@given(
    spelling=st.sampled_from(_SPELLINGS),
    n=st.integers(min_value=1, max_value=999),
    numerals=st.sampled_from(["arabic", "chinese", "full_width"]),
    prefix=st.sampled_from(["", "不超过"]),
)
def test_rendered_period_parses_back(
    spelling: tuple[PeriodUnit, str], n: int, numerals: str, prefix: str
) -> None:
    unit, suffix = spelling
    number = {
        "arabic": str(n),
        "chinese": to_chinese(n),
        "full_width": str(n).translate(_FULL_WIDTH),
    }[numerals]
    p = Period.parse(f"{prefix}{number}{suffix}")
    assert (p.unit, p.amount) == (unit, n)


@settings(max_examples=100, deadline=None)
@given(
    unit=st.sampled_from(sorted(_UNIT_SPELLINGS, key=lambda u: u.value)),
    n=st.integers(min_value=1, max_value=999),
)
def test_label_parses_back(unit: PeriodUnit, n: int) -> None:
    p = Period(unit, n)
    again = Period.parse(p.label())
    assert (again.unit, again.amount) == (unit, n)


@settings(max_examples=60, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(1, 31))
def test_day_anchor_accepts_exactly_real_dates(month: int, day: int) -> None:
    text = f"{month}月{day}日前"
    try:
        date(2024, month, day)
    except ValueError:
        with pytest.raises(PeriodError):
            Period.parse(text)
    else:
        p = Period.parse(text)
        assert p.anchor == Anchor(AnchorKind.DAY, month=month, day=day)


def test_to_dict_of_anchor() -> None:
    d = Period.parse("次年1月31日前").to_dict()
    assert d["unit"] == "anchor"
    assert d["text"] == "次年1月31日前"
    assert d["anchor"] == {
        "kind": "day",
        "month": 1,
        "day": 31,
        "year": None,
        "year_offset": 1,
    }
    assert Period.parse("20wd").to_dict() == {"unit": "workdays", "amount": 20, "text": "20wd"}
