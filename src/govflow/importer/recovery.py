"""Recovery of characters lost in copying (「20239月底前」, 「110119120」) and the header's shapes:
title, document number and issue date."""

from __future__ import annotations

import re
from datetime import date

from govflow.importer.results import Correction, ReviewItem

_HOTLINES = (
    "110",
    "119",
    "120",
    "122",
    "12345",
    "12315",
    "12369",
    "12358",
    "12110",
    "12348",
    "12333",
    "12366",
    "12320",
    "12351",
    "12328",
    "12338",
    "12355",
)


def _hotline_splits(digits: str) -> list[list[str]]:
    out: list[list[str]] = []

    def walk(i: int, acc: list[str]) -> None:
        if len(out) > 1:
            return
        if i == len(digits):
            out.append(list(acc))
            return
        for h in _HOTLINES:
            if digits.startswith(h, i):
                walk(i + len(h), [*acc, h])

    walk(0, [])
    return out


def _date_splits(year: int, rest: str) -> list[date]:
    out = []
    for cut in range(1, len(rest)):
        m, d = rest[:cut], rest[cut:]
        if len(m) > 2 or len(d) > 2:
            continue
        try:
            out.append(date(year, int(m), int(d)))
        except ValueError:
            continue
    return out


class _Recovery:
    def __init__(self, year: int) -> None:
        self.year = year
        self.corrections: list[Correction] = []
        self.review: list[ReviewItem] = []

    def text(self, text: str, where: str) -> str:
        text = re.sub(
            r"(?<![0-9])(20[0-9]{2})([0-9]{1,2})月((?:[0-9]{1,2}日)?(?:底|末)?"
            r"(?:之前|以前|前)?)",
            lambda m: self._year_month(m, where),
            text,
        )
        return re.sub(
            r"(?<![0-9])((?:1[0-9]{2,4}|96[0-9]{3}){2,})(?![0-9])(?=.{0,12}?(?:热线|电话|紧急|报警))",
            lambda m: self._hotlines(m, where),
            text,
        )

    def _year_month(self, m: re.Match[str], where: str) -> str:
        y, mo = int(m.group(1)), int(m.group(2))
        original = m.group(0)
        if not 1 <= mo <= 12:
            return original
        fixed = f"{y}年{mo}月{m.group(3)}"
        if y == self.year:
            self.corrections.append(
                Correction(
                    where,
                    original,
                    fixed,
                    f"年份与月份之间缺少“年”字；方案年度为{self.year}年，可以确定",
                    True,
                )
            )
            return fixed
        if abs(y - self.year) == 1:
            self.corrections.append(
                Correction(
                    where,
                    original,
                    fixed,
                    f"年份与月份之间缺少“年”字；{y}年不是方案年度（{self.year}年）",
                    False,
                )
            )
            self.review.append(
                ReviewItem(
                    "recovered",
                    where,
                    original,
                    f"「{original}」已改为「{fixed}」，但{y}年不是方案年度，请核对",
                )
            )
            return fixed
        self.review.append(
            ReviewItem(
                "recovered",
                where,
                original,
                f"「{original}」疑似缺少“年”字（{y}年{mo}月？），未更改，请核对",
            )
        )
        return original

    def _hotlines(self, m: re.Match[str], where: str) -> str:
        digits = m.group(1)
        splits = _hotline_splits(digits)
        if len(splits) != 1 or len(splits[0]) < 2:
            if len(digits) > 5:
                self.review.append(
                    ReviewItem(
                        "recovered",
                        where,
                        digits,
                        f"「{digits}」疑似几个服务热线号码连在一起，无法确定如何拆分，未更改，请核对",
                    )
                )
            return digits
        fixed = "、".join(splits[0])
        self.corrections.append(
            Correction(
                where,
                digits,
                fixed,
                "几个服务热线号码之间的顿号在复制时丢失；按已知号码拆分",
                False,
            )
        )
        self.review.append(
            ReviewItem(
                "recovered",
                where,
                digits,
                f"「{digits}」已按已知服务热线号码拆分为「{fixed}」，请核对原文",
            )
        )
        return fixed


# ---------------------------------------------------------------------------------------------
# Header: title, issuer, number, date

_CN_DATE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_TITLE_LINE = re.compile(r"^.{2,40}(?:工作方案|实施方案|工作要点|方案|要点|工作计划)$")
_NOTICE_TITLE = re.compile(r"^(?P<issuer>.{0,30}?)关于印发《(?P<title>[^》]{4,60})》")
_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{1,10})[〔\[](?P<year>\d{4})[〕\]]\s*(?P<n>\d{1,4})\s*号"
)
_NUMBER_LOST = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,10}字?)[〔\[](?P<digits>\d{5,9})(?![\d〕\]号])"
)
_PLAIN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_CN_DATE = re.compile(
    r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月"
    r"([一二三四五六七八九十]{1,3})日$"
)
_LOST_DATE = re.compile(r"^(20\d{2})(\d{2,4})$")


def _year_of(text: str) -> int | None:
    m = re.search(r"(?<![0-9])(20[0-9]{2})(?:年|—|-)", text)
    return int(m.group(1)) if m else None
