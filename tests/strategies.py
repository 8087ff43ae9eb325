"""Hypothesis strategies shared by the test modules (calendar, notices, periods).

The official range is the span every day of which the built-in notices decide: from 2004-01-01
(the first notice) to 2026-12-28 (29-31 December 2026 wait for the 2027 notice, which can reach
back into December).  Strategies that feed arithmetic keep a margin inside it, so that a count of
at most ``max_abs`` working days cannot leave the range.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

__all__ = [
    "INNER_FIRST",
    "INNER_LAST",
    "MAX_COUNT",
    "OFFICIAL_FIRST",
    "OFFICIAL_LAST",
    "aware_datetimes",
    "date_pairs",
    "date_triples",
    "inner_dates",
    "official_dates",
    "workday_counts",
]

OFFICIAL_FIRST = date(2004, 1, 1)
OFFICIAL_LAST = date(2026, 12, 28)

#: The largest working-day count the arithmetic strategies draw (40 WD = 20 + the 20 WD extension).
MAX_COUNT = 60

#: Calendar days a count of ``MAX_COUNT`` working days can span, with room to spare (the longest
#: breaks are 9-10 days, and a year has about 250 working days in 365).
_MARGIN = timedelta(days=MAX_COUNT * 2 + 30)
INNER_FIRST = OFFICIAL_FIRST + _MARGIN
INNER_LAST = OFFICIAL_LAST - _MARGIN


def official_dates(
    min_value: date = OFFICIAL_FIRST, max_value: date = OFFICIAL_LAST
) -> st.SearchStrategy[date]:
    """Dates the built-in calendar decides (2004-01-01 to 2026-12-28 by default)."""
    return st.dates(
        min_value=max(min_value, OFFICIAL_FIRST), max_value=min(max_value, OFFICIAL_LAST)
    )


def inner_dates() -> st.SearchStrategy[date]:
    """Official dates far enough from both ends that ``MAX_COUNT`` working days stay official."""
    return st.dates(min_value=INNER_FIRST, max_value=INNER_LAST)


def workday_counts(
    max_abs: int = MAX_COUNT, *, allow_zero: bool = True, sign: int = 0
) -> st.SearchStrategy[int]:
    """Working-day counts in ``[-max_abs, max_abs]``; ``sign`` 1 or -1 keeps one side only."""
    lo = 0 if sign > 0 else -max_abs
    hi = 0 if sign < 0 else max_abs
    ints = st.integers(min_value=lo, max_value=hi)
    return ints if allow_zero else ints.filter(lambda n: n != 0)


def date_pairs(
    max_span_days: int = 400, *, ordered: bool = True
) -> st.SearchStrategy[tuple[date, date]]:
    """Two official dates at most ``max_span_days`` apart; ``ordered`` puts the earlier first."""

    @st.composite
    def pairs(draw: st.DrawFn) -> tuple[date, date]:
        a = draw(official_dates())
        b = draw(
            official_dates(a - timedelta(days=max_span_days), a + timedelta(days=max_span_days))
        )
        if ordered and b < a:
            a, b = b, a
        return a, b

    return pairs()


def date_triples(max_span_days: int = 400) -> st.SearchStrategy[tuple[date, date, date]]:
    """Three official dates within ``max_span_days`` of the first, in no particular order."""

    @st.composite
    def triples(draw: st.DrawFn) -> tuple[date, date, date]:
        a = draw(official_dates())
        near = official_dates(a - timedelta(days=max_span_days), a + timedelta(days=max_span_days))
        return a, draw(near), draw(near)

    return triples()


def aware_datetimes(
    min_value: date = OFFICIAL_FIRST, max_value: date = OFFICIAL_LAST
) -> st.SearchStrategy[datetime]:
    """Time-zone-aware datetimes with offsets from UTC-12:00 to UTC+14:00 (whole quarter hours)."""
    offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(
        lambda q: timezone(timedelta(minutes=15 * q))
    )
    return st.datetimes(
        min_value=datetime.combine(min_value, datetime.min.time()),
        max_value=datetime.combine(max_value, datetime.max.time()),
        timezones=offsets,
    )
