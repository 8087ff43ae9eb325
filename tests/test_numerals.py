"""govflow.text.numerals.parse_number: the numbers plans write (20, ２０, 二十, 一百零五, 两千)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.text.numerals import normalize_text, parse_number

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese(n: int, *, liang: bool = False, yi_shi: bool = False) -> str:
    """1 <= n <= 9999 in Chinese numerals, written independently of govflow.

    Standard form: 一千零五, 一千零五十, 一百一十, 十五 (not 一十五 unless ``yi_shi``), 两千/两百
    for a leading 2 before 千 or 百 with ``liang``.  One 零 stands for any run of zero places
    between non-zero ones.
    """
    assert 1 <= n <= 9999
    parts: list[str] = []
    rest = n
    pending_zero = False
    for value, unit in _UNITS:
        digit, rest = divmod(rest, value)
        if digit == 0:
            pending_zero = bool(parts)  # a zero place after something was written
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        if digit == 1 and unit == "十" and not parts and not yi_shi:
            parts.append(unit)  # 十五, not 一十五
        elif digit == 2 and unit in "千百" and not parts and liang:
            parts.append("两" + unit)
        else:
            parts.append(_DIGITS[digit] + unit)
    if rest:
        if pending_zero:
            parts.append("零")
        parts.append(_DIGITS[rest])
    return "".join(parts)


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in text)


def test_renderer_examples() -> None:
    # the renderer itself, on forms everyone agrees on
    assert [chinese(n) for n in (1, 10, 15, 20, 105, 110, 1005, 1050, 2000, 9999)] == [
        "一",
        "十",
        "十五",
        "二十",
        "一百零五",
        "一百一十",
        "一千零五",
        "一千零五十",
        "二千",
        "九千九百九十九",
    ]
    assert chinese(2200, liang=True) == "两千二百"
    assert chinese(15, yi_shi=True) == "一十五"


@settings(max_examples=300)
@given(st.integers(min_value=1, max_value=9999), st.booleans(), st.booleans())
def test_chinese_numerals_parse_back(n: int, liang: bool, yi_shi: bool) -> None:
    assert parse_number(chinese(n, liang=liang, yi_shi=yi_shi)) == n


def test_every_number_below_ten_thousand() -> None:
    assert all(parse_number(chinese(n)) == n for n in range(1, 10_000))


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=99_999))
def test_arabic_and_full_width_digits(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(full_width(str(n))) == n
    assert parse_number(f" {full_width(str(n))}\u3000") == n


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十", 20), ("两", 2), ("两百", 200), ("〇", 0), ("零", 0), ("２０", 20), ("一百二十", 120)],
)
def test_examples(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "  ", "二十五五", "十十", "百千", "五零", "零十", "2十", "twenty", "20天", "一万"]
)
def test_not_numbers(text: str) -> None:
    with pytest.raises(ValueError, match=r"不是数字|不是有效的中文数字|数字为空"):
        parse_number(text)


def test_normalize_text() -> None:
    assert normalize_text("２０个工作日") == "20个工作日"
    assert normalize_text("ＡＢ\u3000") == "AB "
