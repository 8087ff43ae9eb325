"""The official working-day calendar: State Council holiday notices, 调休 make-up days, working-day arithmetic.

Knows no plan, unit or rule.
"""

from __future__ import annotations

from govflow.calendar.notices import (
    HolidayBreak,
    Notice,
    NoticeError,
    NoticeRef,
    NoticeWarning,
    builtin_notices,
    load_notice,
    max_consecutive_workdays,
    notice_to_dict,
    notices_from_holidays,
    parse_notice,
    statutory_days,
)
from govflow.calendar.workcalendar import (
    HALF_DAY_HOLIDAYS,
    CalendarAdjustment,
    CalendarNotPublished,
    DayInfo,
    DayKind,
    DayStatus,
    Roll,
    WorkCalendar,
    add_workdays,
    default_calendar,
    is_workday,
    next_workday,
    previous_workday,
    set_default_calendar,
    use_notice,
    workdays_between,
)

__all__ = [
    "HALF_DAY_HOLIDAYS",
    "CalendarAdjustment",
    "CalendarNotPublished",
    "DayInfo",
    "DayKind",
    "DayStatus",
    "HolidayBreak",
    "Notice",
    "NoticeError",
    "NoticeRef",
    "NoticeWarning",
    "Roll",
    "WorkCalendar",
    "add_workdays",
    "builtin_notices",
    "default_calendar",
    "is_workday",
    "load_notice",
    "max_consecutive_workdays",
    "next_workday",
    "notice_to_dict",
    "notices_from_holidays",
    "parse_notice",
    "previous_workday",
    "set_default_calendar",
    "statutory_days",
    "use_notice",
    "workdays_between",
]
