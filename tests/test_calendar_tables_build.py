"""The calendar's tables, built year by year (WorkCalendar._build), equal those of the plain
day-by-day rule they replace (kept here as the reference): for the shipped notices, with
notices left out, with adjustments, without make-up days, official and provisional."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.days import CalendarAdjustment
from govflow.calendar.notices import builtin_notices, statutory_days
from govflow.calendar.workcalendar import WorkCalendar

NOTICES = builtin_notices()


def reference(cal: WorkCalendar, lo: date, hi: date, provisional: bool) -> tuple[bytes, list[int]]:
    """The day-by-day rule: a day of a year without a notice is estimated; the others are
    decided by adjustments, the notices and the weekday rule."""
    estimates: dict[date, str] = {}
    if provisional:
        for y in range(lo.year, hi.year + 1):
            if y not in cal.years:
                estimates.update(statutory_days(y, with_substitutes=True))
    work, unknown = [], []
    d = lo
    while d <= hi:
        needed = cal._needed_year(d)
        if needed is None or needed != d.year:
            work.append(cal._decided_work(d))
            unknown.append(needed is not None)
        else:
            work.append(d.weekday() < 5 and d not in estimates)
            unknown.append(True)
        d += timedelta(days=1)
    code = bytes((1 if w else 0) | (2 if u else 0) for w, u in zip(work, unknown, strict=True))
    return code, [i for i, w in enumerate(work) if w]


@settings(max_examples=60, deadline=None)
@given(
    kept=st.sets(st.sampled_from([n.year for n in NOTICES])),
    moved=st.lists(
        st.tuples(st.dates(date(2004, 1, 1), date(2027, 12, 31)), st.booleans()), max_size=6
    ),
    makeup=st.booleans(),
    provisional=st.booleans(),
    span=st.tuples(st.integers(2000, 2030), st.integers(0, 6)),
)
def test_tables_equal_the_day_by_day_rule(
    kept: set[int],
    moved: list[tuple[date, bool]],
    makeup: bool,
    provisional: bool,
    span: tuple[int, int],
) -> None:
    adjustments = [
        CalendarAdjustment(day=d, workday=w, name="测试调整", region="测试县", source="测试文号")
        for d, w in dict(moved).items()
    ]
    cal = WorkCalendar(
        [n for n in NOTICES if n.year in kept], adjustments=adjustments, makeup_is_workday=makeup
    )
    lo, hi = date(span[0], 1, 1), date(span[0] + span[1], 12, 31)
    tables = cal._build(lo, hi, provisional=provisional)
    code, nth = reference(cal, lo, hi, provisional)
    assert tables.code == code
    assert tables.nth == nth
    assert tables.cum[-1] == len(nth)
    assert tables.ucum[-1] == sum(c >> 1 for c in code)
