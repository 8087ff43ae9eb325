"""What a day is on the government calendar: kinds, status, adjustments, the not-published error.

The vocabulary :class:`~govflow.calendar.workcalendar.WorkCalendar` answers in; no arithmetic here.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from attrs import frozen

from govflow.calendar.notices import NoticeRef
from govflow.errors import NotPublishedError

__all__ = [
    "HALF_DAY_HOLIDAYS",
    "CalendarAdjustment",
    "CalendarNotPublished",
    "DayInfo",
    "DayKind",
    "DayStatus",
    "Roll",
]


class DayKind(enum.Enum):
    """What a day is on the government calendar."""

    WORKDAY = "workday"
    """An ordinary Monday-to-Friday working day."""
    WEEKEND = "weekend"
    """A Saturday or Sunday that is a rest day (possibly inside a holiday break)."""
    HOLIDAY = "holiday"
    """A statutory holiday (法定节假日) under 《全国年节及纪念日放假办法》."""
    REST_DAY = "rest_day"
    """A weekday off by the notice: 调休 rest day or 补假 (substitute) day."""
    MAKEUP_WORKDAY = "makeup_workday"
    """A Saturday or Sunday that the notice makes a working day (调休上班日)."""

    @property
    def label(self) -> str:
        """Chinese label: 工作日, 周末, 法定节假日, 调休休息日, 调休上班日."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    DayKind.WORKDAY: "工作日",
    DayKind.WEEKEND: "周末",
    DayKind.HOLIDAY: "法定节假日",
    DayKind.REST_DAY: "调休休息日",
    DayKind.MAKEUP_WORKDAY: "调休上班日",
}


class DayStatus(enum.Enum):
    """Whether a day's kind comes from a published notice."""

    OFFICIAL = "official"
    PROVISIONAL = "provisional"
    UNKNOWN = "unknown"


class Roll(enum.Enum):
    """Conventions for moving a date that is not a working day."""

    FOLLOWING = "following"
    PRECEDING = "preceding"
    MODIFIED_FOLLOWING = "modified_following"
    MODIFIED_PRECEDING = "modified_preceding"


#: Holidays for part of the population (放假办法 第三条): informational only, an agency works
#: (CNT-14).  Fixed dates, not moved when they fall on a weekend (第六条).
HALF_DAY_HOLIDAYS: dict[tuple[int, int], str] = {
    (3, 8): "妇女节（妇女放假半天）",
    (5, 4): "青年节（14周岁以上的青年放假半天）",
    (6, 1): "儿童节（不满14周岁的少年儿童放假1天）",
    (8, 1): "建军节（现役军人放假半天）",
}


@frozen
class DayInfo:
    """Everything the calendar knows about one date."""

    date: date
    kind: DayKind
    workday: bool
    status: DayStatus
    name: str | None = None
    """The holiday or break name (春节, 国庆节 ...) for days of a holiday break."""
    partial_holiday: str | None = None
    """A holiday of part of the population on this date (三八妇女节 ...); not an agency rest day."""
    notice: NoticeRef | None = None
    """The document that decided this day, when one did."""
    holiday_break: str | None = None
    """The holiday break the day belongs to or makes up for (春节 for 农历除夕 and its 上班日)."""

    def law_basis(self) -> str | None:
        """For a statutory holiday, the version and item of the 放假办法 that gives it.

        E.g. ``《全国年节及纪念日放假办法》（国务院令第795号）第二条「（四）劳动节，放假2天（5月1日、2日）」``;
        ``None`` for any other day (a 调休 rest day, or 2015-09-03, given by a one-off decision).
        """
        if self.kind is not DayKind.HOLIDAY:
            return None
        from govflow.calendar.law import law_days

        items = [
            f"{s.version.cite()}「{s.version.festival(s.festival).text}」"
            for s in law_days(self.date.year)
            if s.date == self.date
        ]
        return "；".join(items) or None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "workday": self.workday,
            "kind": self.kind.value,
            "name": self.name,
            "status": self.status.value,
            "partial_holiday": self.partial_holiday,
            "notice": self.notice.number if self.notice else None,
            "break": self.holiday_break,
        }


@frozen
class CalendarAdjustment:
    """A regional or local change to one day: extra rest day, or a day worked.

    Applied on top of the State Council notices (e.g. a province extending the 2020 Spring
    Festival break).  ``source`` is the document's number, ``region`` where it applies.
    """

    day: date
    workday: bool
    name: str
    region: str
    source: str
    address: str = ""
    issued: date | None = None

    def ref(self) -> NoticeRef:
        return NoticeRef(
            self.source, self.issued, f"{self.region}：{self.name}", self.address or ""
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "workday": self.workday,
            "name": self.name,
            "region": self.region,
            "source": self.source,
            "address": self.address,
            "issued": self.issued.isoformat() if self.issued else None,
        }


class CalendarNotPublished(NotPublishedError):
    """An answer depends on a day of a year whose holiday notice govflow does not have.

    ``year`` is the notice year needed; ``day`` the first day that needs it.
    """

    def __init__(self, year: int, day: date) -> None:
        self.year = year
        self.day = day
        super().__init__(
            f"{year}年节假日安排尚未发布或未载入：计算涉及 {day.isoformat()}，"
            f"需要《国务院办公厅关于{year}年部分节假日安排的通知》。"
            f"可用 govflow.use_notice('{year}.toml') 载入通知文件（见文档“日历”一章），"
            "或以 provisional=True（命令行 --provisional）按法定节假日估算并标为临时结果。"
        )
        self.hint = (
            f"命令行可用 govflow notices add {year}.toml 安装通知（以后的命令都会使用），"
            f"或 --notice {year}.toml 仅本次载入，或加 --provisional 估算。"
        )
