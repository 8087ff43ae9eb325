"""Turning what callers pass (dates, datetimes, ISO strings) into calendar dates.

The calendar counts dates, not times.  An aware datetime is converted to Beijing time
(UTC+08:00, Asia/Shanghai) before its date is taken; a naive datetime is read as Beijing time.
China has kept UTC+08:00 without daylight saving since 1991, so a fixed offset is exact for every
year the calendar covers and needs no time-zone database.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["BEIJING", "as_date", "as_datetime", "parse_iso_date"]

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

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
            value = value.astimezone(BEIJING)
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
        return value.astimezone(BEIJING)
    if isinstance(value, date):
        raise TypeError(
            f"{field}：按小时计算的期限需要起算时刻，实际只有日期 {value.isoformat()}；"
            "请给出时刻，如 '2023-05-01T09:30'"
        )
    raise TypeError(f"{field}：应为时刻（datetime 或 ISO 格式的字符串），实际为 {value!r}")


def parse_iso_date(text: str, *, field: str = "date") -> date:
    """Parse ``YYYY-MM-DD`` strictly; the error names *field* and the accepted form."""
    stripped = text.strip()
    try:
        if not _ISO_DATE.fullmatch(stripped):  # fromisoformat also takes 2025-W39-5, 20250926T0
            raise ValueError
        return date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(
            f"{field}：{text!r} 不是 ISO 格式的日期，应为 YYYY-MM-DD，如 2025-09-26"
        ) from None
