"""``WorkCalendar.notable_days`` is ``days`` without the ordinary days, on any range: the
explanations of due dates list the days it gives."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.days import DayInfo, DayKind, DayStatus
from govflow.calendar.workcalendar import CalendarNotPublished, WorkCalendar

CAL = WorkCalendar.default()


def plain(info: DayInfo) -> bool:
    weekend = info.date.weekday() >= 5
    return (
        info.kind is (DayKind.WEEKEND if weekend else DayKind.WORKDAY)
        and info.workday is not weekend
        and info.status is DayStatus.OFFICIAL
        and info.name is None
        and info.notice is None
    )


@settings(max_examples=300, deadline=None)
@given(
    st.dates(date(2003, 6, 1), date(2028, 3, 1)),
    st.integers(-5, 800),
    st.booleans(),
)
def test_notable_days_are_the_days_that_are_not_plain(start: date, span: int, prov: bool) -> None:
    end = start + timedelta(days=span)
    try:
        expected = [i for i in CAL.days(start, end, provisional=prov) if not plain(i)]
    except CalendarNotPublished:
        try:
            CAL.notable_days(start, end, provisional=prov)
        except CalendarNotPublished:
            return
        raise AssertionError("notable_days answered for an unpublished year") from None
    assert CAL.notable_days(start, end, provisional=prov) == expected


def test_a_national_day_break_is_listed_with_its_make_up_days() -> None:
    found = CAL.notable_days(date(2023, 9, 25), date(2023, 10, 10))
    kinds = {i.date: i.kind for i in found}
    assert kinds[date(2023, 10, 1)] is DayKind.HOLIDAY
    assert kinds[date(2023, 10, 7)] is DayKind.MAKEUP_WORKDAY
    assert date(2023, 9, 26) not in kinds  # an ordinary Tuesday
