"""Period texts and what they mean: 「20个工作日」「15日」「2个月」「24小时」「9月底前」 parsed into :class:`Period`.

No calendar here: :func:`govflow.periods.core.compute_due` puts a period on the calendar.
"""

from __future__ import annotations

import enum
import re
from calendar import monthrange
from datetime import date
from typing import Any

from attrs import frozen

from govflow.errors import InputError
from govflow.text.numerals import CN_NUMERAL_CHARS, normalize_text, parse_number

__all__ = [
    "ACCEPTED_FORMS",
    "Anchor",
    "AnchorKind",
    "Period",
    "PeriodError",
    "PeriodUnit",
    "parse_period",
]


class PeriodError(InputError):
    """A period text or a clock event is malformed; the message says what is accepted."""

    label = "期限有误"


class PeriodUnit(enum.Enum):
    WORKDAYS = "workdays"
    DAYS = "days"
    MONTHS = "months"
    YEARS = "years"
    HOURS = "hours"
    ANCHOR = "anchor"


class AnchorKind(enum.Enum):
    MONTH_END = "month_end"
    """End of a month: 「9月底前」, or of the start's month: 「月底前」."""
    QUARTER_END = "quarter_end"
    HALF_YEAR_END = "half_year_end"
    YEAR_END = "year_end"
    DAY = "day"
    """A fixed day: 「1月31日前」「次年1月31日前」."""


@frozen
class Anchor:
    """A calendar deadline such as 「2023年9月底前」.

    ``year`` fixes the year; otherwise the anchor is the first such date on or after the start
    (``year_offset`` = 1 for 「次年」 counts from the start's year).  ``month`` is ``None`` for
    「月底前」 (the start's month).
    """

    kind: AnchorKind
    month: int | None = None
    day: int | None = None
    year: int | None = None
    year_offset: int = 0

    def resolve(self, start: date) -> date:
        if self.kind is AnchorKind.YEAR_END:
            return date((self.year or start.year) + self.year_offset, 12, 31)
        if self.kind is AnchorKind.QUARTER_END:
            q_month = ((start.month - 1) // 3 + 1) * 3
            return _month_end(start.year, q_month)
        if self.kind is AnchorKind.HALF_YEAR_END:
            month = self.month or (6 if start.month <= 6 else 12)
            result = _month_end(self.year or start.year, month)
            if self.year is None and result < start:  # 「上半年」 said in July: next year's
                result = _month_end(start.year + 1, month)
            return result
        if self.kind is AnchorKind.MONTH_END:
            month = self.month or start.month
            year = self.year or start.year + self.year_offset
            result = _month_end(year, month)
            if self.year is None and self.year_offset == 0 and result < start:
                result = _month_end(year + 1, month)
            return result
        if self.month is None or self.day is None:
            raise PeriodError("按日的固定期限需要月份和日期")
        year = (self.year or start.year) + self.year_offset
        result = _day_or_month_end(year, self.month, self.day)
        if self.year is None and self.year_offset == 0 and result < start:
            result = _day_or_month_end(year + 1, self.month, self.day)
        return result


def _day_or_month_end(year: int, month: int, day: int) -> date:
    """The date, or the month's last day when the month has no such day (2月29日 in 2023)."""
    return date(year, month, min(day, monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


@frozen(cache_hash=True)  # a key of the per-start-day caches: hashed once per case
class Period:
    """A period as written in a plan or law, parsed."""

    unit: PeriodUnit
    amount: int = 0
    anchor: Anchor | None = None
    text: str = ""

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse 「20个工作日」「20wd」「15日」「15d」「2个月」「2m」「24小时」「月底前」「年底前」….

        Chinese numerals (二十, 十五) and full-width digits are accepted.  Anything else raises
        :class:`PeriodError` listing the accepted forms.
        """
        return parse_period(text)

    def label(self) -> str:
        """Chinese label: 20个工作日, 15日, 2个月, 24小时, 9月底前."""
        if self.unit is PeriodUnit.ANCHOR:
            return self.text or "期限"
        if self.unit is PeriodUnit.DAYS and self.amount == 0:
            return "当日"
        unit = {
            PeriodUnit.WORKDAYS: "个工作日",
            PeriodUnit.DAYS: "日",
            PeriodUnit.MONTHS: "个月",
            PeriodUnit.YEARS: "年",
            PeriodUnit.HOURS: "小时",
        }[self.unit]
        return f"{self.amount}{unit}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "unit": self.unit.value,
            "amount": self.amount,
            "text": self.text or self.label(),
        }
        if self.anchor is not None:
            out["anchor"] = {
                "kind": self.anchor.kind.value,
                "month": self.anchor.month,
                "day": self.anchor.day,
                "year": self.anchor.year,
                "year_offset": self.anchor.year_offset,
            }
        return out


_NUM = rf"(\d+|[{CN_NUMERAL_CHARS}]+)"
# Patterns, not compiled ones: ``re`` compiles each the first time it is tried and keeps it, so
# a command that parses "5个工作日" does not pay for the eleven (about 3 ms at start-up).
_AMOUNT_FORMS: list[tuple[str, PeriodUnit]] = [
    (rf"(?i)^{_NUM}\s*(?:个)?(?:工作日|wd|workdays?)$", PeriodUnit.WORKDAYS),
    (rf"(?i)^{_NUM}\s*(?:个)?(?:自然日|日|天|d|days?)$", PeriodUnit.DAYS),
    (rf"(?i)^{_NUM}\s*(?:个)?(?:月|m|months?)$", PeriodUnit.MONTHS),
    (rf"(?i)^{_NUM}\s*(?:年|y|years?)$", PeriodUnit.YEARS),
    (rf"(?i)^{_NUM}\s*(?:个)?(?:小时|h|hours?)$", PeriodUnit.HOURS),
]
_ANCHOR_FORMS: list[tuple[str, str]] = [
    (r"^(?:本)?月(?:底|末)(?:前)?$", "month"),
    (r"^(?:本)?年(?:底|末)(?:前)?$|^年内$", "year"),
    (r"^(?:本)?季度?(?:底|末)(?:前)?$", "quarter"),
    (r"^(上|下)半年(?:内|底前|末前)?$|^半年(?:底|末)(?:前)?$", "half"),
    (rf"^(?:(\d{{4}})年)?{_NUM}月(?:底|末)(?:前)?$", "month_n"),
    (rf"^(?:(次年|\d{{4}}年))?{_NUM}月{_NUM}日(?:前|之前|以前)$", "day"),
]

_SAME_DAY = {"当日", "当天", "同日", "同步"}

ACCEPTED_FORMS = (
    "20个工作日、20wd、15日、15天、15d、2个月、2m、1年、24小时、24h、月底前、9月底前、"
    "2023年9月底前、年底前、季度末前、上半年、1月31日前、次年1月31日前"
)


def parse_period(text: str) -> Period:
    """See :meth:`Period.parse`."""
    if not isinstance(text, str):
        raise PeriodError(f"期限应为文本，如 '20个工作日'，实际为 {text!r}")
    s = re.sub(r"\s+", "", normalize_text(text))
    s = s.removeprefix("在").removeprefix("于")
    s = re.sub(r"^(?:不超过|最长|以内)", "", s)
    if s != "年内":  # 「年内」 is the year-end anchor; 「1年内」 is one year
        s = re.sub(r"(?:内|以内|之内)$", "", s)
    if s in _SAME_DAY:  # 「同步发布」: due on the trigger day itself
        return Period(PeriodUnit.DAYS, 0, None, text)
    for pattern, unit in _AMOUNT_FORMS:
        m = re.match(pattern, s)
        if m:
            amount = _number(m.group(1), text)
            if amount <= 0 and unit is not PeriodUnit.HOURS:
                raise PeriodError(f"期限 {text!r}：数字应为正数")
            return Period(unit, amount, None, text)
    for pattern, kind in _ANCHOR_FORMS:
        m = re.match(pattern, s)
        if not m:
            continue
        if kind == "month":
            anchor = Anchor(AnchorKind.MONTH_END)
        elif kind == "year":
            anchor = Anchor(AnchorKind.YEAR_END)
        elif kind == "quarter":
            anchor = Anchor(AnchorKind.QUARTER_END)
        elif kind == "half":
            which = m.group(1)
            anchor = Anchor(
                AnchorKind.HALF_YEAR_END,
                month=None if which is None else (6 if which == "上" else 12),
            )
        elif kind == "month_n":
            month = _number(m.group(2), text)
            _check_month(month, text)
            anchor = Anchor(
                AnchorKind.MONTH_END, month=month, year=int(m.group(1)) if m.group(1) else None
            )
        else:
            prefix, month, day = m.group(1), _number(m.group(2), text), _number(m.group(3), text)
            _check_month(month, text)
            fixed_year = int(prefix[:4]) if prefix and prefix != "次年" else None
            try:
                date(fixed_year or 2024, month, day)  # a leap year admits 2月29日
            except ValueError:
                raise PeriodError(f"期限 {text!r}：{month}月{day}日 不是有效日期") from None
            anchor = Anchor(
                AnchorKind.DAY,
                month=month,
                day=day,
                year=int(prefix[:4]) if prefix and prefix != "次年" else None,
                year_offset=1 if prefix == "次年" else 0,
            )
        return Period(PeriodUnit.ANCHOR, 0, anchor, text)
    raise PeriodError(f"{text!r} 不是可识别的期限写法；可用的写法：{ACCEPTED_FORMS}")


def _number(raw: str, text: str) -> int:
    try:
        return parse_number(raw)
    except ValueError:
        raise PeriodError(f"期限 {text!r}：{raw!r} 不是数字") from None


def _check_month(month: int, text: str) -> None:
    if not 1 <= month <= 12:
        raise PeriodError(f"期限 {text!r}：月份 {month} 不在 1 至 12 之间")
