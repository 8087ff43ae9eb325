"""govflow: executable rules for Chinese county 政务公开 plans.

The public API is imported lazily so that ``import govflow`` stays fast; the calendar data is
loaded on first use.

>>> import govflow
>>> from datetime import date
>>> govflow.add_workdays(date(2025, 9, 26), 20)
datetime.date(2025, 10, 30)
"""

from __future__ import annotations

from govflow.lazy import lazy_exports

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing would cost `import govflow` time

__version__ = "0.1.0"

_EXPORTS = {
    # calendar
    "WorkCalendar": "govflow.calendar.workcalendar",
    "DayKind": "govflow.calendar.workcalendar",
    "DayInfo": "govflow.calendar.workcalendar",
    "DayStatus": "govflow.calendar.workcalendar",
    "Roll": "govflow.calendar.workcalendar",
    "CalendarNotPublished": "govflow.calendar.workcalendar",
    "default_calendar": "govflow.calendar.workcalendar",
    "set_default_calendar": "govflow.calendar.workcalendar",
    "use_notice": "govflow.calendar.workcalendar",
    "is_workday": "govflow.calendar.workcalendar",
    "add_workdays": "govflow.calendar.workcalendar",
    "workdays_between": "govflow.calendar.workcalendar",
    "next_workday": "govflow.calendar.workcalendar",
    "previous_workday": "govflow.calendar.workcalendar",
    # notices
    "Notice": "govflow.calendar.notices",
    "NoticeError": "govflow.calendar.notices",
    "load_notice": "govflow.calendar.notices",
    # periods
    "Period": "govflow.periods.core",
    "PeriodError": "govflow.periods.core",
    "Pause": "govflow.periods.core",
    "Restart": "govflow.periods.core",
    "Extension": "govflow.periods.core",
    "Due": "govflow.periods.core",
    "compute_due": "govflow.periods.core",
    # sources
    "Source": "govflow.sources",
    # plugins: the decorator that marks a hook implementation
    "hookimpl": "govflow.plugins.hookspecs",
}

__all__ = [
    "CalendarNotPublished",
    "DayInfo",
    "DayKind",
    "DayStatus",
    "Due",
    "Extension",
    "Notice",
    "NoticeError",
    "Pause",
    "Period",
    "PeriodError",
    "Restart",
    "Roll",
    "Source",
    "WorkCalendar",
    "__version__",
    "add_workdays",
    "compute_due",
    "default_calendar",
    "hookimpl",
    "is_workday",
    "load_notice",
    "next_workday",
    "previous_workday",
    "set_default_calendar",
    "use_notice",
    "workdays_between",
]

if TYPE_CHECKING:
    from govflow.calendar.notices import Notice, NoticeError, load_notice
    from govflow.calendar.workcalendar import (
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
    from govflow.periods.core import (
        Due,
        Extension,
        Pause,
        Period,
        PeriodError,
        Restart,
        compute_due,
    )
    from govflow.plugins.hookspecs import hookimpl
    from govflow.sources import Source

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, __all__)
