"""Dated occurrences: counting windows, recurrences on the official calendar, anchors, entities."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from attrs import evolve
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st

from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayKind,
    DayStatus,
    Roll,
    WorkCalendar,
)
from govflow.plan.obligations import Citation, Obligation, Per, Recurrence, RestDayRule, Window
from govflow.plan.schedule import is_standing, occurrence_dates, occurrences, windows
from govflow.plan.units import Unit, UnitKind
from govflow.plan.villages import FALLBACK_ENTITY
from plans import ceshi_plan

PLAN = ceshi_plan()
YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31))


def recurrence(rrule: str, on_rest_day: RestDayRule = RestDayRule.FOLLOWING) -> Obligation:
    return Obligation(
        "t.r",
        "测试",
        Recurrence(rrule, on_rest_day=on_rest_day),
        Citation("测试", "1"),
        applies_to=("县财政局",),
    )


def dates(
    ob: Obligation, start: date, end: date, cal: WorkCalendar, *, provisional: bool = False
) -> list[date]:
    # recurrences count from the start of the plan's year: use a plan year before the window
    plan = evolve(PLAN, year=min(PLAN.year, start.year - 1))
    return [
        d for d, _, _, _ in occurrence_dates(ob, plan, start, end, cal, provisional=provisional)
    ]


def raw_dates(rrule: str, start: date, end: date) -> list[date]:
    """The RRULE's own dates in [start, end] (the rules used here do not depend on DTSTART)."""
    lo = datetime.combine(start - timedelta(days=400), datetime.min.time())
    rr = rrulestr(rrule, dtstart=lo)
    return [
        m.date()
        for m in rr.between(
            datetime.combine(start, datetime.min.time()),
            datetime.combine(end, datetime.min.time()),
            inc=True,
        )
    ]


# -- counting windows -----------------------------------------------------------------------------


def window_of(window: Window, d: date) -> tuple[date, date]:
    """The counting window containing *d*, computed day by day (the test's own oracle)."""
    if window is Window.WEEK:
        first = d - timedelta(days=d.weekday())
        return first, first + timedelta(days=6)
    if window is Window.MONTH:
        first = d.replace(day=1)
    elif window is Window.QUARTER:
        first = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    else:
        first = date(d.year, 1, 1)
    months = {Window.MONTH: 1, Window.QUARTER: 3, Window.YEAR: 12}[window]
    return first, first + relativedelta(months=months, days=-1)


@given(st.sampled_from(Window), st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 400))
def test_windows_properties(window: Window, start: date, span: int) -> None:
    end = start + timedelta(days=span)
    got = list(windows(window, start, end))
    for first, last in got:
        assert start <= last <= end  # each ends inside [start, end]
        # the first-window rule: a window that began before start is not owed, except a year
        assert first >= start or window is Window.YEAR
        assert window_of(window, first) == (first, last)  # a whole natural window
        if window is Window.WEEK:
            assert (first.weekday(), last.weekday()) == (0, 6)  # Monday to Sunday
    for (_, last), (first, _) in itertools.pairwise(got):
        assert first == last + timedelta(days=1)  # contiguous, no overlap
    # exactly the natural windows that satisfy the rule
    candidates = {window_of(window, start + timedelta(days=k)) for k in range(-366, span + 1)}
    expected = sorted(
        w for w in candidates if start <= w[1] <= end and (w[0] >= start or window is Window.YEAR)
    )
    assert got == expected


def test_windows_of_the_plan_year() -> None:
    start, end = PLAN.issued, date(2023, 12, 31)  # issued on a Sunday
    weeks = list(windows(Window.WEEK, start, end))
    assert weeks[0] == (date(2023, 6, 19), date(2023, 6, 25))  # not the week ending on 6-18
    assert weeks[-1] == (date(2023, 12, 25), date(2023, 12, 31))
    assert len(weeks) == 28
    months = list(windows(Window.MONTH, start, end))
    assert [m[0].month for m in months] == [7, 8, 9, 10, 11, 12]
    assert list(windows(Window.QUARTER, start, end)) == [
        (date(2023, 7, 1), date(2023, 9, 30)),
        (date(2023, 10, 1), date(2023, 12, 31)),
    ]
    assert list(windows(Window.YEAR, start, end)) == [YEAR_2023]  # annual duties always
    assert list(windows(Window.WEEK, date(2023, 6, 19), date(2023, 6, 24))) == []
    assert list(windows(Window.YEAR, date(2023, 1, 1), date(2023, 12, 30))) == []


# -- recurrences on the official calendar ---------------------------------------------------------


def test_weekly_self_check_in_2023_rolls_to_the_next_working_day(cal: WorkCalendar) -> None:
    ob = PLAN.obligation("11.weekly-self-check")
    mondays = raw_dates("FREQ=WEEKLY;BYDAY=MO", *YEAR_2023)
    assert len(mondays) == 52
    got = dates(ob, *YEAR_2023, cal)
    assert got == [cal.roll(m, Roll.FOLLOWING) for m in mondays]
    # 2023-10-02 is a National Day holiday; the next working day is Saturday 10-07, a make-up day
    assert not cal.is_workday(date(2023, 10, 2))
    assert cal.day_info(date(2023, 10, 7)).kind is DayKind.MAKEUP_WORKDAY
    assert date(2023, 10, 2) not in got
    assert date(2023, 10, 7) in got
    assert cal.roll(date(2023, 1, 2), Roll.FOLLOWING) in got  # 元旦 Monday
    assert date(2023, 1, 2) not in got
    notes = {d: note for d, _, _, note in occurrence_dates(ob, PLAN, *YEAR_2023, cal)}
    assert "2023-10-02" in notes[date(2023, 10, 7)]
    assert "顺延至 2023-10-07" in notes[date(2023, 10, 7)]
    assert notes[date(2023, 10, 9)] == ""  # an ordinary Monday


def test_monthly_bulletin_moves_to_the_last_working_day(cal: WorkCalendar) -> None:
    ob = PLAN.obligation("11.monthly-bulletin")
    # 9-29 (中秋节) and 9-30 are rest days: the bulletin is due on Thursday 9-28
    assert not cal.is_workday(date(2023, 9, 29))
    assert not cal.is_workday(date(2023, 9, 30))
    assert "中秋" in (cal.day_info(date(2023, 9, 29)).name or "")
    assert cal.roll(date(2023, 9, 30), Roll.PRECEDING) == date(2023, 9, 28)
    assert dates(ob, date(2023, 9, 1), date(2023, 9, 30), cal) == [date(2023, 9, 28)]
    ends = [date(2023, m, 1) + relativedelta(day=31) for m in range(1, 13)]
    assert dates(ob, *YEAR_2023, cal) == [cal.roll(d, Roll.PRECEDING) for d in ends]


_RRULES = [
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=WEEKLY;BYDAY=FR",
    "FREQ=WEEKLY;BYDAY=SA,SU",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=1",
    "FREQ=DAILY",
    "FREQ=MONTHLY;BYDAY=+1MO",
    "FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=1",
]
_CONVENTION = {RestDayRule.FOLLOWING: Roll.FOLLOWING, RestDayRule.PRECEDING: Roll.PRECEDING}


@given(
    st.sampled_from(_RRULES),
    st.sampled_from(RestDayRule),
    st.dates(date(2005, 1, 1), date(2026, 9, 1)),
    st.integers(0, 45),
)
def test_recurrences_land_on_working_days_unless_kept(
    cal: WorkCalendar, rrule: str, rest: RestDayRule, start: date, span: int
) -> None:
    end = start + timedelta(days=span)
    got = dates(recurrence(rrule, rest), start, end, cal)
    assert got == sorted(set(got))
    assert all(start <= d <= end for d in got)
    wide = raw_dates(rrule, start - timedelta(days=60), end + timedelta(days=60))
    if rest is RestDayRule.KEEP:
        assert got == [d for d in wide if start <= d <= end]
    else:
        assert all(cal.is_workday(d) for d in got)
        moved = {cal.roll(d, _CONVENTION[rest]) for d in wide}
        assert got == sorted(d for d in moved if start <= d <= end)


@given(
    st.sampled_from(_RRULES),
    st.sampled_from(RestDayRule),
    st.dates(date(2005, 1, 1), date(2026, 9, 1)),
    st.integers(1, 60),
    st.data(),
)
def test_recurrences_split_at_any_day(
    cal: WorkCalendar,
    rrule: str,
    rest: RestDayRule,
    start: date,
    span: int,
    data: st.DataObject,
) -> None:
    """The occurrences of a window are those of its two halves: the window does not matter."""
    end = start + timedelta(days=span)
    cut = start + timedelta(days=data.draw(st.integers(0, span - 1)))
    ob = recurrence(rrule, rest)
    assert dates(ob, start, end, cal) == (
        dates(ob, start, cut, cal) + dates(ob, cut + timedelta(days=1), end, cal)
    )


def test_a_date_moved_over_a_long_break_is_found_from_either_side(cal: WorkCalendar) -> None:
    # Friday 9-29 and Friday 10-6 are both in the 8-day break of 2023: both move to Saturday
    # 10-7, which is one occurrence, whether the window starts before the break or on 10-7
    fridays = recurrence("FREQ=WEEKLY;BYDAY=FR")
    assert dates(fridays, date(2023, 9, 25), date(2023, 10, 13), cal) == [
        date(2023, 10, 7),
        date(2023, 10, 13),
    ]
    assert dates(fridays, date(2023, 10, 7), date(2023, 10, 13), cal) == [
        date(2023, 10, 7),
        date(2023, 10, 13),
    ]
    # a date eight days before the window is the only one that lands on its first day
    on_29th = recurrence("FREQ=MONTHLY;BYMONTHDAY=29")
    assert cal.roll(date(2023, 9, 29), Roll.FOLLOWING) == date(2023, 10, 7)
    assert dates(on_29th, date(2023, 10, 7), date(2023, 10, 31), cal) == [
        date(2023, 10, 7),
        date(2023, 10, 30),  # Sunday 10-29
    ]
    # Spring Festival 2024: Saturday 2-10 to Saturday 2-17 off, Sunday 2-18 worked
    on_10th = recurrence("FREQ=MONTHLY;BYMONTHDAY=10")
    assert dates(on_10th, date(2024, 2, 18), date(2024, 3, 31), cal) == [
        date(2024, 2, 18),
        date(2024, 3, 11),  # Sunday 3-10
    ]


def test_keep_leaves_rest_days_alone(cal: WorkCalendar) -> None:
    ob = recurrence("FREQ=WEEKLY;BYDAY=MO", RestDayRule.KEEP)
    assert date(2023, 10, 2) in dates(ob, *YEAR_2023, cal)


def test_a_recurrence_in_an_unpublished_year(cal: WorkCalendar) -> None:
    ob = PLAN.obligation("11.weekly-self-check")
    assert 2027 not in cal.years
    with pytest.raises(CalendarNotPublished) as info:
        occurrence_dates(ob, PLAN, date(2027, 1, 1), date(2027, 12, 31), cal)
    assert info.value.year == 2027
    found = occurrence_dates(ob, PLAN, date(2027, 1, 1), date(2027, 12, 31), cal, provisional=True)
    assert len(found) == 52
    assert {status for _, _, status, _ in found} == {DayStatus.PROVISIONAL}
    assert all(cal.is_workday(d, provisional=True) for d, _, _, _ in found)
    # quotas and anchors need no calendar
    assert (
        len(
            occurrence_dates(
                PLAN.obligation("10.weekly-updates"),
                PLAN,
                date(2027, 1, 1),
                date(2027, 12, 31),
                cal,
            )
        )
        == 52
    )  # 12-28..1-3 (the plan is in force: the first-window rule is about its issue) to 12-26


def test_dates_past_the_window_need_no_unpublished_calendar(cal: WorkCalendar) -> None:
    # Sunday 2027-01-03 (preceding) and Friday 2027-01-01 (following) cannot move into a window
    # that ends on 2026-12-27, so the 2027 notice is not needed
    summary = PLAN.obligation("19.weekly-summary")
    got = dates(summary, date(2026, 12, 1), date(2026, 12, 27), cal)
    assert got[-1] == cal.roll(date(2026, 12, 27), Roll.PRECEDING)
    assert dates(recurrence("FREQ=WEEKLY;BYDAY=FR"), date(2026, 12, 1), date(2026, 12, 27), cal)[
        -1
    ] == date(2026, 12, 25)


# -- anchors, quotas, entities, standing rules ---------------------------------------------------


def test_anchor_deadlines(cal: WorkCalendar) -> None:
    plan_year = (PLAN.issued, date(2023, 12, 31))
    assert dates(PLAN.obligation("6.normative-cleanup"), *plan_year, cal) == [date(2023, 9, 30)]
    assert (
        dates(PLAN.obligation("6.normative-cleanup"), date(2023, 10, 1), date(2023, 12, 31), cal)
        == []
    )
    assert dates(PLAN.obligation("8.subsidy-results"), *plan_year, cal) == [date(2023, 12, 31)]
    report = PLAN.obligation("三(四).annual-report")
    assert dates(report, *plan_year, cal) == []
    assert dates(report, PLAN.issued, date(2024, 2, 29), cal) == [date(2024, 1, 31)]


def test_quota_occurrences_are_due_at_the_end_of_each_window(cal: WorkCalendar) -> None:
    found = occurrence_dates(
        PLAN.obligation("10.weekly-updates"), PLAN, PLAN.issued, date(2023, 12, 31), cal
    )
    assert len(found) == 28
    for due, window, status, _ in found:
        assert window is not None
        assert due == window[1]
        assert window[0].weekday() == 0
        assert status is DayStatus.OFFICIAL


def test_per_village_without_villages_gives_one_per_township(cal: WorkCalendar) -> None:
    ob = PLAN.obligation("8.subsidy-results")
    items = occurrences(PLAN, PLAN.issued, date(2023, 12, 31), cal, obligations=[ob])
    townships = [u.name for u in PLAN.directory.expand("各乡(镇)人民政府")]
    assert [o.unit for o in items] == townships
    assert {o.entity for o in items} == {FALLBACK_ENTITY}
    # not silent: the row says the villages are unknown and the township stands for them all
    assert "未提供村名录" in FALLBACK_ENTITY
    assert "按乡镇" in FALLBACK_ENTITY
    assert {o.due for o in items} == {date(2023, 12, 31)}


def test_per_village_with_villages_gives_one_per_village(cal: WorkCalendar) -> None:
    dongcheng = PLAN.directory.unit("东城镇")
    with_villages = PLAN.directory.merged(
        [
            evolve(dongcheng, villages=("长征村", "上欧村", "杨公村")),
            Unit("西山乡", UnitKind.TOWNSHIP, "西山乡人民政府", villages=("小溪村",)),
        ]
    )
    plan = evolve(PLAN, directory=with_villages)
    ob = plan.obligation("8.subsidy-results")
    items = occurrences(plan, plan.issued, date(2023, 12, 31), cal, obligations=[ob])
    assert len(items) == 1 + 3 + 1  # one township without villages, 3 + 1 villages
    assert [o.entity for o in items if o.unit == "东城镇"] == ["长征村", "上欧村", "杨公村"]
    assert [o.entity for o in items if o.unit == "西山乡"] == ["小溪村"]
    assert [o.entity for o in items if o.unit == "南岭乡"] == [FALLBACK_ENTITY]


def test_per_all_is_one_shared_occurrence(cal: WorkCalendar) -> None:
    ob = PLAN.obligation("11.monthly-bulletin")
    assert ob.per is Per.ALL
    items = occurrences(PLAN, date(2023, 9, 1), date(2023, 9, 30), cal, obligations=[ob])
    assert [(o.due, o.unit) for o in items] == [(date(2023, 9, 28), "县政府办")]


def test_standing_rules_have_no_dates(cal: WorkCalendar) -> None:
    standing = [o for o in PLAN.obligations() if is_standing(o)]
    assert {o.id for o in standing} == {
        "15.interpretation-sync",
        "18.message-reply",
        "18.simple-reply",
    }
    for ob in standing:
        assert dates(ob, *YEAR_2023, cal) == []
    items = occurrences(PLAN, *YEAR_2023, cal)
    assert not {o.obligation.id for o in items} & {o.id for o in standing}
    assert not is_standing(PLAN.obligation("6.normative-cleanup"))


def test_occurrences_for_one_unit(cal: WorkCalendar) -> None:
    dongcheng = PLAN.directory.expand("东城镇")
    items = occurrences(PLAN, PLAN.issued, date(2023, 12, 31), cal, units=dongcheng)
    assert items
    assert {o.unit for o in items} == {"东城镇"}
    assert [o.due for o in items] == sorted(o.due for o in items)
    assert {o.obligation.id for o in items} >= {
        "10.weekly-updates",
        "11.weekly-self-check",
        "8.subsidy-results",
        "9.open-day",
    }
    assert "11.monthly-bulletin" not in {o.obligation.id for o in items}
