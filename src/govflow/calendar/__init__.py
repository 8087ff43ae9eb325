"""The official working-day calendar: State Council holiday notices, 调休 make-up days, working-day arithmetic.

Knows no plan, unit or rule.


The names below are imported on first use, so that importing one module of the package does
not import the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.lazy import lazy_exports

_EXPORTS = {
    "Amendment": "govflow.calendar.notices",
    "apply_amendment": "govflow.calendar.notices",
    "parse_amendment_text": "govflow.calendar.noticetext",
    "parse_notice_text": "govflow.calendar.noticetext",
    "CalendarAdjustment": "govflow.calendar.workcalendar",
    "CalendarNotPublished": "govflow.calendar.workcalendar",
    "DayInfo": "govflow.calendar.workcalendar",
    "DayKind": "govflow.calendar.workcalendar",
    "DayStatus": "govflow.calendar.workcalendar",
    "HALF_DAY_HOLIDAYS": "govflow.calendar.workcalendar",
    "HolidayBreak": "govflow.calendar.notices",
    "Notice": "govflow.calendar.notices",
    "NoticeError": "govflow.calendar.notices",
    "NoticeRef": "govflow.calendar.notices",
    "NoticeWarning": "govflow.calendar.notices",
    "Roll": "govflow.calendar.workcalendar",
    "WorkCalendar": "govflow.calendar.workcalendar",
    "add_workdays": "govflow.calendar.workcalendar",
    "builtin_notices": "govflow.calendar.notices",
    "default_calendar": "govflow.calendar.workcalendar",
    "is_workday": "govflow.calendar.workcalendar",
    "load_notice": "govflow.calendar.notices",
    "max_consecutive_workdays": "govflow.calendar.notices",
    "next_workday": "govflow.calendar.workcalendar",
    "notice_to_dict": "govflow.calendar.notices",
    "parse_notice": "govflow.calendar.notices",
    "previous_workday": "govflow.calendar.workcalendar",
    "set_default_calendar": "govflow.calendar.workcalendar",
    "statutory_days": "govflow.calendar.notices",
    "use_notice": "govflow.calendar.workcalendar",
    "workdays_between": "govflow.calendar.workcalendar",
}

__all__ = [
    "HALF_DAY_HOLIDAYS",
    "Amendment",
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
    "apply_amendment",
    "builtin_notices",
    "default_calendar",
    "is_workday",
    "load_notice",
    "max_consecutive_workdays",
    "next_workday",
    "notice_to_dict",
    "parse_amendment_text",
    "parse_notice",
    "parse_notice_text",
    "previous_workday",
    "set_default_calendar",
    "statutory_days",
    "use_notice",
    "workdays_between",
]

if TYPE_CHECKING:
    from govflow.calendar.notices import (
        Amendment,
        HolidayBreak,
        Notice,
        NoticeError,
        NoticeRef,
        NoticeWarning,
        apply_amendment,
        builtin_notices,
        load_notice,
        max_consecutive_workdays,
        notice_to_dict,
        parse_notice,
        statutory_days,
    )
    from govflow.calendar.noticetext import parse_amendment_text, parse_notice_text
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

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
