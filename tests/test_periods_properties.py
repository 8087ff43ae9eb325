"""Hypothesis properties of compute_due, checked against the calendar's own arithmetic."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.workcalendar import WorkCalendar, default_calendar
from govflow.periods.core import Pause, Period, PeriodUnit, Restart, compute_due

# Starts late enough in the published range that every period below ends before 29 December
# 2026 (the first day that needs the unpublished 2027 notice).
FIRST = date(2004, 2, 1)
LAST = date(2025, 10, 31)

starts = st.dates(min_value=FIRST, max_value=LAST)
workday_counts = st.integers(min_value=1, max_value=60)
day_counts = st.integers(min_value=1, max_value=400)
month_counts = st.integers(min_value=1, max_value=12)

SETTINGS = settings(max_examples=80, deadline=None)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


@SETTINGS
@given(start=starts, n=workday_counts)
def test_workday_due_is_add_workdays(cal: WorkCalendar, start: date, n: int) -> None:
    result = compute_due(start, Period(PeriodUnit.WORKDAYS, n), calendar=cal)
    assert result.due == cal.add_workdays(start, n)
    assert cal.is_workday(result.due)
    assert cal.workdays_between(start, result.due) == n


@SETTINGS
@given(start=starts, n=day_counts)
def test_natural_days_default_rule(cal: WorkCalendar, start: date, n: int) -> None:
    result = compute_due(start, f"{n}日", calendar=cal)
    due = result.due
    assert isinstance(due, date)
    raw = start + timedelta(days=n)
    assert due >= raw
    assert cal.is_workday(due)
    # between the raw end and the due date lie only non-working days
    d = raw
    while d < due:
        assert not cal.is_workday(d)
        d += timedelta(days=1)
    assert due == cal.roll(raw, "following")


@SETTINGS
@given(start=starts, n=day_counts)
def test_holiday_only_rule_never_later(cal: WorkCalendar, start: date, n: int) -> None:
    default = compute_due(start, f"{n}日", calendar=cal).due
    holiday_only = compute_due(start, f"{n}日", calendar=cal, weekend_extends=False).due
    raw = start + timedelta(days=n)
    assert raw <= holiday_only <= default
    if cal.is_workday(raw):
        assert holiday_only == raw == default


@SETTINGS
@given(start=starts, n=month_counts, years=st.booleans())
def test_month_periods_land_on_workdays(
    cal: WorkCalendar, start: date, n: int, years: bool
) -> None:
    if years:
        n = 1
    text = f"{n}年" if years else f"{n}个月"
    result = compute_due(start, text, calendar=cal)
    corresponding = start + relativedelta(months=12 * n if years else n)
    assert isinstance(result.due, date)
    assert cal.is_workday(result.due)
    assert result.due == cal.roll(corresponding, "following")
    # CNT-09: the corresponding day, or the month's last day when there is none
    assert (
        corresponding.day == start.day
        or corresponding.month != (corresponding + timedelta(days=1)).month
    )


@SETTINGS
@given(start=starts, n=workday_counts, data=st.data())
def test_pause_identity(cal: WorkCalendar, start: date, n: int, data: st.DataObject) -> None:
    """due == add_workdays(pause.end, n - workdays_between(start, pause.start)) while the pause
    starts before the unpaused due date; otherwise the pause changes nothing."""
    pause_start = data.draw(st.dates(min_value=start, max_value=start + timedelta(days=120)))
    pause_end = data.draw(
        st.dates(min_value=pause_start, max_value=pause_start + timedelta(days=90))
    )
    result = compute_due(
        start, f"{n}个工作日", calendar=cal, events=[Pause(pause_start, pause_end)]
    )
    used = cal.workdays_between(start, pause_start)
    if used < n:
        assert result.due == cal.add_workdays(pause_end, n - used)
    else:
        assert result.due == cal.add_workdays(start, n)
        assert any(s.code == "pause_ignored" for s in result.trace)


@SETTINGS
@given(start=starts, n=workday_counts, data=st.data())
def test_restart_identity(cal: WorkCalendar, start: date, n: int, data: st.DataObject) -> None:
    restart = data.draw(st.dates(min_value=start, max_value=start + timedelta(days=200)))
    result = compute_due(start, f"{n}个工作日", calendar=cal, events=[Restart(restart)])
    assert result.due == cal.add_workdays(restart, n)


@settings(max_examples=30, deadline=None)
@given(
    start=starts,
    text=st.sampled_from(
        [
            "20个工作日",
            "7wd",
            "15日",
            "30天",
            "2个月",
            "1年",
            "月底前",
            "年底前",
            "季度末前",
            "次年1月31日前",
        ]
    ),
    weekend_extends=st.booleans(),
)
def test_deterministic_and_json(
    cal: WorkCalendar, start: date, text: str, weekend_extends: bool
) -> None:
    a = compute_due(start, text, calendar=cal, weekend_extends=weekend_extends)
    b = compute_due(start, text, calendar=cal, weekend_extends=weekend_extends)
    assert a == b
    data = a.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {"start", "period", "due", "status", "trace", "sources"} <= set(data)
    assert data["start"] == start.isoformat()
    assert date.fromisoformat(data["due"]) == a.due
    assert data["status"] == "official"
    assert isinstance(data["trace"], list)
    assert data["trace"]
    assert isinstance(data["sources"], list)
    assert data["sources"]


@settings(max_examples=30, deadline=None)
@given(start=starts, n=workday_counts)
def test_more_workdays_never_earlier(cal: WorkCalendar, start: date, n: int) -> None:
    a = compute_due(start, f"{n}个工作日", calendar=cal).due
    b = compute_due(start, f"{n + 1}个工作日", calendar=cal).due
    assert a < b
