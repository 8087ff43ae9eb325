"""Numbers as plans write them: 20, ２０ (full-width), 二十, 十五, 两, 一百二十."""

from __future__ import annotations

import unicodedata

__all__ = ["CN_NUMERAL_CHARS", "normalize_text", "parse_number"]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS)


def normalize_text(text: str) -> str:
    """NFKC-normalise: full-width digits, letters and spaces become ASCII (２０ → 20)."""
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> int:
    """Parse an Arabic or Chinese numeral below 10,000; ``ValueError`` otherwise.

    >>> parse_number("二十"), parse_number("十五"), parse_number("２０"), parse_number("一百零五")
    (20, 15, 20, 105)
    """
    s = normalize_text(text).strip()
    if not s:
        raise ValueError("数字为空")
    if s.isascii() and s.isdigit():
        return int(s)
    total = 0
    current = -1  # -1: no pending digit
    last_unit = 10_000
    for ch in s:
        if ch in _DIGITS:
            if current > 0:
                raise ValueError(f"{text!r} 不是有效的中文数字")
            current = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"{text!r} 不是有效的中文数字")
            if current == 0:
                raise ValueError(f"{text!r} 不是有效的中文数字")
            total += (1 if current == -1 else current) * unit
            current = -1
            last_unit = unit
        else:
            raise ValueError(f"{text!r} 不是数字")
    if current > 0:
        total += current
    return total
