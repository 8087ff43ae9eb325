"""Turning what callers pass (dates, datetimes, ISO strings) into calendar dates.

The calendar counts dates, not times.  An aware datetime is converted to Beijing time
(UTC+08:00, Asia/Shanghai) before its date is taken; a naive datetime is read as Beijing time.
China has kept UTC+08:00 without daylight saving since 1991, so a fixed offset is exact for every
year the calendar covers and needs no time-zone database.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import TypeVar

from govflow.errors import InputError

__all__ = [
    "BEIJING",
    "FIRST_DAY",
    "LAST_DAY",
    "DateRangeError",
    "as_date",
    "as_datetime",
    "check_day",
    "parse_iso_date",
    "range_text",
    "shift_days",
    "shift_hours",
    "shift_months",
]

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

FIRST_DAY = date(2, 1, 1)
"""First date govflow computes with.  The calendar looks up to a year either side of a date
(cross-year holiday breaks, the next year's notice), so the computable range stops a year short
of Python's ``date.min`` and ``date.max`` and no arithmetic inside it can overflow."""
LAST_DAY = date(9998, 12, 31)
"""Last date govflow computes with (see :data:`FIRST_DAY`)."""


class DateRangeError(InputError):
    """A date, given or computed, outside :data:`FIRST_DAY` .. :data:`LAST_DAY` (exit 2).

    Dates inside the range but in a year whose holiday notice is not published are not this
    error: they raise ``CalendarNotPublished`` (exit 3) as before.
    """

    label = "日期超出范围"


_D = TypeVar("_D", bound=date)


def range_text() -> str:
    """「日期超出可计算范围（0002-01-01 至 9998-12-31）」."""
    return f"日期超出可计算范围（{FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()}）"


def check_day(value: _D, *, field: str = "日期") -> _D:
    """*value* unchanged if its date lies in the computable range, else :class:`DateRangeError`."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DateRangeError(f"{field}：{value.isoformat()} {range_text()}")
    return value


def shift_days(day: date, n: int, *, field: str = "到期日") -> date:
    """*day* + *n* days, or :class:`DateRangeError` when the result leaves the computable range."""
    ordinal = day.toordinal() + n
    if not FIRST_DAY.toordinal() <= ordinal <= LAST_DAY.toordinal():
        raise DateRangeError(f"{field}：{day.isoformat()} 加 {n} 日后{range_text()}")
    return date.fromordinal(ordinal)


def shift_hours(moment: datetime, hours: int, *, field: str = "到期时刻") -> datetime:
    """*moment* + *hours*, or :class:`DateRangeError` when it leaves the computable range."""
    if abs(hours) > (LAST_DAY - FIRST_DAY).days * 24:
        raise DateRangeError(f"{field}：{moment.isoformat()} 加 {hours} 小时后{range_text()}")
    check_day(moment, field=field)
    try:
        return check_day(moment + timedelta(hours=hours), field=field)
    except OverflowError:
        raise DateRangeError(
            f"{field}：{moment.isoformat()} 加 {hours} 小时后{range_text()}"
        ) from None


def shift_months(day: date, months: int, *, field: str = "到期日") -> tuple[int, int]:
    """The (year, month) *months* after *day*'s month, checked against the computable range."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise DateRangeError(f"{field}：{day.isoformat()} 加 {months} 个月后{range_text()}")
    return year, month + 1


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def as_date(value: object, *, field: str = "date") -> date:
    """Return the Beijing calendar date of *value*.

    Accepts a ``date``, a ``datetime`` (aware: converted to Beijing time; naive: read as Beijing
    time) or an ISO ``YYYY-MM-DD`` string.  Anything else raises ``TypeError`` naming *field*.
    Integers (Unix timestamps) are refused on purpose: a timestamp read as UTC falls on the wrong
    day in Beijing for eight hours of every day.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = _to_beijing(value, field)
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return parse_iso_date(value, field=field)
    raise TypeError(
        f"{field}：应为日期（date、datetime 或 YYYY-MM-DD 格式的字符串），"
        f"实际为 {type(value).__name__} {value!r}"
    )


def as_datetime(value: object, *, field: str = "start") -> datetime:
    """Return *value* as an aware datetime in Beijing time.

    Accepts an aware or naive ``datetime`` (naive is read as Beijing time) or an ISO datetime
    string such as ``2023-05-01T09:30`` or ``2023-05-01 09:30+08:00``.  A bare date is refused:
    an hour period needs the moment it starts.
    """
    if isinstance(value, str):
        if len(value.strip()) <= 10:
            raise ValueError(
                f"{field}：{value!r} 没有时刻；按小时计算的期限需要起算时刻，如 '2023-05-01T09:30'"
            )
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{field}：{value!r} 不是 ISO 格式的时刻，应如 '2023-05-01T09:30'"
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return value.replace(tzinfo=BEIJING)
        return _to_beijing(value, field)
    if isinstance(value, date):
        raise TypeError(
            f"{field}：按小时计算的期限需要起算时刻，实际只有日期 {value.isoformat()}；"
            "请给出时刻，如 '2023-05-01T09:30'"
        )
    raise TypeError(f"{field}：应为时刻（datetime 或 ISO 格式的字符串），实际为 {value!r}")


def _to_beijing(moment: datetime, field: str) -> datetime:
    """*moment* in Beijing time; an offset that carries it past ``datetime.max`` is out of range."""
    try:
        return moment.astimezone(BEIJING)
    except OverflowError:
        raise DateRangeError(f"{field}：{moment.isoformat()} {range_text()}") from None


def parse_iso_date(text: str, *, field: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` strictly; the error names *field* and the accepted form."""
    stripped = text.strip()
    try:
        if not _ISO_DATE.fullmatch(stripped):  # fromisoformat also takes 2025-W39-5, 20250926T0
            raise ValueError
        day = date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(
            f"{field}：{text!r} 不是 ISO 格式的日期，应为 YYYY-MM-DD，如 2025-09-26"
        ) from None
    return check_day(day, field=field)
