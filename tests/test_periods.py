"""compute_due against the domain brief (../shared/domain/time-rules.md §0, §1, §3, §7).

The expected dates are the brief's worked examples or follow from its counting conventions
(CNT-05 start day not counted, CNT-06/07 last-day rule, CNT-09 month end, CNT-10 hours,
CNT-12 pause, CNT-13 restart, OGI-03 extension).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from govflow.calendar.notices import Notice, notice_to_dict, parse_notice
from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayKind,
    DayStatus,
    WorkCalendar,
    default_calendar,
)
from govflow.periods.core import (
    Due,
    Extension,
    Pause,
    Period,
    PeriodError,
    PeriodUnit,
    Restart,
    compute_due,
    with_events,
)
from notice_support import REST_OF_2027, SPRING_AND_NATIONAL_2027

BEIJING = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def notice_2027(number: str = "国办发明电〔2026〕99号") -> Notice:
    """A synthetic but valid 2027 notice: the New Year break Fri 1 to Sun 3 January, and the
    other festivals (the law is checked) as in the shared fixture."""
    return parse_notice(
        {
            "year": 2027,
            "number": number,
            "date": "2026-11-10",
            "address": "https://www.gov.cn/zhengce/content/test-2027.htm",
            "breaks": [
                {"name": "元旦", "from": "2027-01-01", "to": "2027-01-03", "workdays": []},
                *SPRING_AND_NATIONAL_2027,
                *REST_OF_2027,
            ],
        },
        source="test-2027",
    )


def codes(due: Due) -> list[str]:
    return [step.code for step in due.trace]


def step_texts(due: Due, code: str) -> list[str]:
    return [step.text for step in due.trace if step.code == code]


# ---------------------------------------------------------------------------------------------
# §1 worked examples: +7, +20, +40 working days (CNT-04, CNT-05)

WORKED = [
    ("2025-09-26", "2025-10-13", "2025-10-30", "2025-11-27"),
    ("2026-02-06", "2026-02-24", "2026-03-12", "2026-04-10"),
    ("2026-09-18", "2026-09-29", "2026-10-22", "2026-11-19"),
    ("2024-12-20", "2024-12-31", "2025-01-20", "2025-02-21"),
]


@pytest.mark.parametrize(("start", "wd7", "wd20", "wd40"), WORKED)
def test_worked_examples(start: str, wd7: str, wd20: str, wd40: str) -> None:
    for n, expected in ((7, wd7), (20, wd20), (40, wd40)):
        result = compute_due(start, f"{n}个工作日")
        assert result.due == date.fromisoformat(expected), n
        assert result.status is DayStatus.OFFICIAL
        assert result.start == date.fromisoformat(start)


@pytest.mark.parametrize(("start", "wd7", "wd20", "wd40"), WORKED)
def test_worked_examples_extension_equals_forty(start: str, wd7: str, wd20: str, wd40: str) -> None:
    """OGI-03: 20 WD plus the maximum extension of 20 WD is the 40 WD column."""
    result = compute_due(start, "20个工作日", events=[Extension(20)])
    assert result.due == date.fromisoformat(wd40)


def test_makeup_days_count_as_workdays_day_one_and_six() -> None:
    """First row: 2025-09-28 (Sun) and 2025-10-11 (Sat) are 调休上班日, WD 1 and WD 6."""
    assert compute_due("2025-09-26", "1个工作日").due == date(2025, 9, 28)
    assert compute_due("2025-09-26", "6个工作日").due == date(2025, 10, 11)


def test_makeup_not_counted_when_configured_off() -> None:
    cal = WorkCalendar(default_calendar().notices, makeup_is_workday=False)
    result = compute_due("2025-09-26", "1个工作日", calendar=cal)
    assert result.due == date(2025, 9, 29)
    assert "调休上班日不计为工作日" in step_texts(result, "rule")[0]


def test_start_day_not_counted_even_when_a_workday() -> None:
    """CNT-05: Monday + 1 WD is Tuesday, not Monday."""
    assert compute_due("2025-03-03", "1个工作日").due == date(2025, 3, 4)
    assert compute_due("2025-03-07", "1wd").due == date(2025, 3, 10)  # Fri → Mon


# ---------------------------------------------------------------------------------------------
# §3 natural days (CNT-06, CNT-07)


@pytest.mark.parametrize(
    ("start", "raw_end", "holiday_only", "default"),
    [
        ("2026-01-27", "2026-02-16", "2026-02-24", "2026-02-24"),
        ("2026-01-18", "2026-02-07", "2026-02-07", "2026-02-09"),
        ("2025-09-12", "2025-10-02", "2025-10-09", "2025-10-09"),
    ],
)
def test_natural_day_table(start: str, raw_end: str, holiday_only: str, default: str) -> None:
    d_default = compute_due(start, "20日")
    d_holiday = compute_due(start, "20日", weekend_extends=False)
    assert d_default.due == date.fromisoformat(default)
    assert d_holiday.due == date.fromisoformat(holiday_only)
    count = [s for s in d_default.trace if s.code == "count"]
    assert count[0].date == date.fromisoformat(raw_end)
    assert d_default.weekend_extends is True
    assert d_holiday.weekend_extends is False


def test_natural_day_plain_weekend_holiday_only_trace() -> None:
    result = compute_due("2026-01-18", "20日", weekend_extends=False)
    (text,) = step_texts(result, "last_day")
    assert "不顺延" in text
    assert "2026-02-07" in text


def test_natural_day_holiday_trace_names_the_holiday() -> None:
    result = compute_due("2026-01-27", "20日")
    (text,) = step_texts(result, "last_day")
    assert "2026-02-16" in text
    assert "2026-02-24" in text
    assert "农历除夕" in text
    ids = {s.id for s in result.sources}
    assert {"CNT-06", "CNT-07"} <= ids


@pytest.mark.parametrize("weekend_extends", [True, False])
def test_natural_day_skipped_has_no_duplicates(weekend_extends: bool) -> None:
    result = compute_due("2026-01-27", "20日", weekend_extends=weekend_extends)
    dates = [d.date for d in result.skipped]
    assert len(dates) == len(set(dates))
    assert date(2026, 2, 16) in dates
    assert date(2026, 2, 23) in dates


def test_natural_day_ending_on_workday_not_moved() -> None:
    result = compute_due("2025-03-03", "15日")
    assert result.due == date(2025, 3, 18)
    assert "不顺延" in step_texts(result, "last_day")[0]


def test_natural_day_ending_on_makeup_saturday_stays() -> None:
    """2025-10-11 (Sat) is a 调休上班日: a working day, so the last day is not moved."""
    assert compute_due("2025-10-01", "10日").due == date(2025, 10, 11)
    assert compute_due("2025-10-01", "10日", weekend_extends=False).due == date(2025, 10, 11)


# ---------------------------------------------------------------------------------------------
# Months and years (CNT-09, then the last-day rule)


@pytest.mark.parametrize(
    ("start", "period", "corresponding", "due"),
    [
        ("2023-01-31", "1个月", "2023-02-28", "2023-02-28"),
        ("2024-01-31", "1个月", "2024-02-29", "2024-02-29"),
        ("2023-04-01", "2个月", "2023-06-01", "2023-06-01"),
        ("2024-02-29", "1年", "2025-02-28", "2025-02-28"),
        ("2023-06-15", "2m", "2023-08-15", "2023-08-15"),
        # the corresponding day is a rest day: the next working day
        ("2025-08-01", "2个月", "2025-10-01", "2025-10-09"),  # 国庆 → after the break
        ("2023-03-31", "1个月", "2023-04-30", "2023-05-04"),  # month end inside 劳动节 break
        ("2023-05-18", "1个月", "2023-06-18", "2023-06-19"),  # plain Sunday
        ("2023-08-31", "1个月", "2023-09-30", "2023-10-07"),  # → 调休上班 Saturday
    ],
)
def test_month_periods(start: str, period: str, corresponding: str, due: str) -> None:
    result = compute_due(start, period)
    assert result.due == date.fromisoformat(due)
    month_step = next(s for s in result.trace if s.code == "months")
    assert month_step.date == date.fromisoformat(corresponding)
    assert "CNT-09" in {s.id for s in result.sources}
    no_corresponding = date.fromisoformat(corresponding).day != date.fromisoformat(start).day
    assert ("没有对应日" in month_step.text) is no_corresponding


def test_month_period_plain_weekend_holiday_only() -> None:
    assert compute_due("2023-05-18", "1个月", weekend_extends=False).due == date(2023, 6, 18)
    # inside a holiday break both readings move it
    assert compute_due("2023-03-31", "1个月", weekend_extends=False).due == date(2023, 5, 4)


# ---------------------------------------------------------------------------------------------
# Calendar anchors


def test_anchor_on_rest_day_not_moved() -> None:
    result = compute_due("2023-06-18", "2023年9月底前")
    assert result.due == date(2023, 9, 30)  # a Saturday inside the 中秋、国庆 break
    (text,) = step_texts(result, "anchor_day")
    assert "不顺延" in text
    assert "2023-09-28" in text  # the last working day before it is named
    assert "ANCHOR" in {s.id for s in result.sources}
    assert result.status is DayStatus.OFFICIAL


def test_anchor_in_the_past_is_flagged() -> None:
    result = compute_due("2023-10-05", "2023年9月底前")
    assert result.due == date(2023, 9, 30)
    assert "anchor_past" in codes(result)


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        ("2023-06-18", "年底前", "2023-12-31"),
        ("2023-12-31", "年底前", "2023-12-31"),
        ("2023-06-18", "年内", "2023-12-31"),
        ("2023-02-10", "月底前", "2023-02-28"),
        ("2024-02-10", "月底前", "2024-02-29"),
        ("2023-06-18", "9月底前", "2023-09-30"),
        ("2023-10-05", "9月底前", "2024-09-30"),  # the first such date on or after the start
        ("2023-02-10", "季度末前", "2023-03-31"),
        ("2023-05-05", "季度末前", "2023-06-30"),
        ("2023-08-01", "季度末前", "2023-09-30"),
        ("2023-11-30", "季度末前", "2023-12-31"),
        ("2023-03-01", "上半年", "2023-06-30"),
        ("2023-03-01", "下半年", "2023-12-31"),
        ("2023-03-01", "半年底前", "2023-06-30"),
        ("2023-09-01", "半年底前", "2023-12-31"),
        ("2023-01-10", "1月31日前", "2023-01-31"),
        ("2023-06-18", "1月31日前", "2024-01-31"),
        ("2023-01-05", "2月29日前", "2023-02-28"),  # no 29 February in 2023: the month's end
        ("2024-01-05", "2月29日前", "2024-02-29"),
    ],
)
def test_anchors(start: str, period: str, due: str) -> None:
    result = compute_due(start, period)
    assert result.due == date.fromisoformat(due)
    assert result.period.unit is PeriodUnit.ANCHOR


@pytest.mark.parametrize("start", ["2023-01-01", "2023-01-31", "2023-06-18", "2023-12-31"])
def test_next_year_anchor(start: str) -> None:
    assert compute_due(start, "次年1月31日前").due == date(2024, 1, 31)


def test_anchor_in_unpublished_year_does_not_raise() -> None:
    """A fixed date does not depend on the holiday arrangement; the trace says it is unknown."""
    result = compute_due("2026-06-01", "2027年9月底前")
    assert result.due == date(2027, 9, 30)
    assert "未发布" in step_texts(result, "anchor_day")[0]


# ---------------------------------------------------------------------------------------------
# Hours (CNT-10)


def test_hours_from_naive_text_is_beijing() -> None:
    result = compute_due("2023-05-01T09:30", "24小时")
    assert result.due == datetime(2023, 5, 2, 9, 30, tzinfo=BEIJING)
    assert isinstance(result.due, datetime)
    assert result.due.utcoffset() == timedelta(hours=8)
    assert result.to_dict()["due"] == "2023-05-02T09:30:00+08:00"
    assert [s.id for s in result.sources] == ["CNT-10"]


def test_hours_ignore_holidays() -> None:
    result = compute_due(datetime(2025, 9, 30, 18, 0), "48h")
    assert result.due == datetime(2025, 10, 2, 18, 0, tzinfo=BEIJING)


def test_hours_from_aware_utc_converted_to_beijing() -> None:
    result = compute_due(datetime(2023, 5, 1, 1, 30, tzinfo=UTC), "24小时")
    assert isinstance(result.start, datetime)
    assert result.start.utcoffset() == timedelta(hours=8)
    assert result.start.replace(tzinfo=None) == datetime(2023, 5, 1, 9, 30)
    assert isinstance(result.due, datetime)
    assert result.due.utcoffset() == timedelta(hours=8)
    assert result.due.replace(tzinfo=None) == datetime(2023, 5, 2, 9, 30)


def test_hours_late_utc_evening_is_next_beijing_day() -> None:
    result = compute_due(datetime(2023, 5, 1, 20, 0, tzinfo=UTC), "5小时")
    assert result.due == datetime(2023, 5, 2, 9, 0, tzinfo=BEIJING)


@pytest.mark.parametrize("start", [date(2023, 5, 1), "2023-05-01"])
def test_hours_refuse_a_bare_date(start: date | str) -> None:
    with pytest.raises((TypeError, ValueError), match="需要起算时刻"):
        compute_due(start, "24小时")


def test_hours_refuse_events() -> None:
    with pytest.raises(PeriodError):
        compute_due("2023-05-01T09:30", "24小时", events=[Extension(1)])


# ---------------------------------------------------------------------------------------------
# Clock events


def test_pause_counts_before_and_after(cal: WorkCalendar) -> None:
    start, a, b = date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 20)
    result = compute_due(start, "20个工作日", events=[Pause(a, b)])
    used = cal.workdays_between(start, a)
    assert used == 5  # 4..7 and 10 March
    assert result.due == cal.add_workdays(b, 20 - used)
    assert result.due == date(2025, 4, 11)
    assert result.due > compute_due(start, "20个工作日").due
    (text,) = step_texts(result, "pause")
    assert "2025-03-10" in text
    assert "2025-03-20" in text
    assert "5个工作日" in text
    assert "CNT-12" in {s.id for s in result.sources}


def test_pause_day_by_day_semantics(cal: WorkCalendar) -> None:
    """WD in (start, pause.start] count; days in (pause.start, pause.end] do not."""
    start = date(2025, 3, 3)
    # a pause over one working day (Tue 11 March) delays the due date by exactly one working day
    plain = compute_due(start, "20个工作日").due
    paused = compute_due(start, "20个工作日", events=[Pause(date(2025, 3, 10), date(2025, 3, 11))])
    assert paused.due == cal.add_workdays(plain, 1)
    # a pause over a weekend only changes nothing
    weekend = compute_due(start, "20个工作日", events=[Pause(date(2025, 3, 7), date(2025, 3, 9))])
    assert weekend.due == plain


def test_pause_after_due_is_ignored() -> None:
    plain = compute_due("2025-03-03", "20个工作日")
    result = compute_due(
        "2025-03-03", "20个工作日", events=[Pause(date(2025, 4, 10), date(2025, 4, 20))]
    )
    assert result.due == plain.due == date(2025, 3, 31)
    (text,) = step_texts(result, "pause_ignored")
    assert "届满" in text


def test_pause_starting_on_the_due_day_is_ignored() -> None:
    result = compute_due(
        "2025-03-03", "20个工作日", events=[Pause(date(2025, 3, 31), date(2025, 4, 20))]
    )
    assert result.due == date(2025, 3, 31)
    assert "pause_ignored" in codes(result)


def test_pause_before_restart_is_ignored(cal: WorkCalendar) -> None:
    result = compute_due(
        "2025-03-03",
        "20个工作日",
        events=[Pause(date(2025, 3, 4), date(2025, 3, 6)), Restart(date(2025, 3, 10))],
    )
    assert result.due == cal.add_workdays(date(2025, 3, 10), 20)
    assert "早于计算起点" in step_texts(result, "pause_ignored")[0]


def test_two_pauses(cal: WorkCalendar) -> None:
    start = date(2025, 3, 3)
    p1 = Pause(date(2025, 3, 5), date(2025, 3, 12))
    p2 = Pause(date(2025, 3, 14), date(2025, 3, 21))
    result = compute_due(start, "20个工作日", events=[p2, p1])  # order given does not matter
    used1 = cal.workdays_between(start, p1.start)
    used2 = cal.workdays_between(p1.end, p2.start)
    assert result.due == cal.add_workdays(p2.end, 20 - used1 - used2)


def test_pause_on_natural_days() -> None:
    # 15 days from 2025-03-03: 5 days counted to 03-08, 10 more from 03-20 → 03-30 (Sun) → 03-31
    result = compute_due("2025-03-03", "15日", events=[Pause(date(2025, 3, 8), date(2025, 3, 20))])
    assert result.due == date(2025, 3, 31)


def test_pause_end_before_start_rejected() -> None:
    with pytest.raises(PeriodError, match="早于开始日"):
        Pause(date(2025, 3, 20), date(2025, 3, 10))


@pytest.mark.parametrize("start", ["2025-02-03", "2025-03-03", "2025-03-19"])
def test_restart(cal: WorkCalendar, start: str) -> None:
    restart = date(2025, 3, 20)
    result = compute_due(start, "20个工作日", events=[Restart(restart)])
    assert result.due == cal.add_workdays(restart, 20)
    assert "restart" in codes(result)
    assert "CNT-13" in {s.id for s in result.sources}


def test_latest_restart_wins(cal: WorkCalendar) -> None:
    events = [Restart(date(2025, 3, 20)), Restart(date(2025, 3, 10))]
    result = compute_due("2025-03-03", "20个工作日", events=events)
    assert result.due == cal.add_workdays(date(2025, 3, 20), 20)


def test_restart_before_start_rejected() -> None:
    with pytest.raises(PeriodError, match="早于起算日"):
        compute_due("2025-03-03", "20个工作日", events=[Restart(date(2025, 3, 1))])


def test_extension_adds_working_days(cal: WorkCalendar) -> None:
    result = compute_due("2025-03-03", "20个工作日", events=[Extension(10)])
    assert result.due == cal.add_workdays(date(2025, 3, 3), 30)
    assert "extension" in codes(result)
    assert "extension_late" not in codes(result)
    assert "OGI-03" in {s.id for s in result.sources}


def test_extension_approved_in_time_no_warning() -> None:
    result = compute_due(
        "2025-03-03", "20个工作日", events=[Extension(20, approved_on=date(2025, 3, 31))]
    )
    assert "extension_late" not in codes(result)


def test_extension_approved_late_warns() -> None:
    result = compute_due(
        "2025-03-03", "20个工作日", events=[Extension(20, approved_on=date(2025, 4, 1))]
    )
    assert result.due == date(2025, 4, 28)  # the extension still counts
    (text,) = step_texts(result, "extension_late")
    assert "2025-04-01" in text
    assert "2025-03-31" in text


def test_extension_late_check_uses_paused_original_due(cal: WorkCalendar) -> None:
    """With a pause the original due date is later; approval before it is in time."""
    pause = Pause(date(2025, 3, 10), date(2025, 4, 20))
    original = compute_due("2025-03-03", "20个工作日", events=[pause]).due
    assert original == cal.add_workdays(date(2025, 4, 20), 15)
    on_time = compute_due(
        "2025-03-03", "20个工作日", events=[pause, Extension(5, approved_on=original)]
    )
    assert "extension_late" not in codes(on_time)
    late = compute_due(
        "2025-03-03",
        "20个工作日",
        events=[pause, Extension(5, approved_on=original + timedelta(days=1))],
    )
    assert original.isoformat() in step_texts(late, "extension_late")[0]


def test_extension_must_be_positive() -> None:
    with pytest.raises(PeriodError):
        Extension(0)


@pytest.mark.parametrize("period", ["2023年9月底前", "年底前", "次年1月31日前", "2个月", "1年"])
@pytest.mark.parametrize(
    "event",
    [Pause(date(2023, 7, 1), date(2023, 7, 5)), Restart(date(2023, 7, 1)), Extension(5)],
)
def test_events_on_anchor_or_month_rejected(
    period: str, event: Pause | Restart | Extension
) -> None:
    with pytest.raises(PeriodError, match="计时事件"):
        compute_due("2023-06-18", period, events=[event])


def test_with_events_recomputes(cal: WorkCalendar) -> None:
    first = compute_due("2025-03-03", "20个工作日")
    again = with_events(first, Pause(date(2025, 3, 10), date(2025, 3, 20)))
    assert again.due == date(2025, 4, 11)
    assert len(again.events) == 1


# ---------------------------------------------------------------------------------------------
# Explanations, sources, notices


def test_explanation_across_national_day() -> None:
    result = compute_due("2025-09-26", "20个工作日")
    skipped = {d.date: d for d in result.skipped}
    for day in range(1, 9):
        info = skipped[date(2025, 10, day)]
        assert info.name is not None
        assert not info.workday
    assert "国庆节" in (skipped[date(2025, 10, 1)].name or "")
    assert skipped[date(2025, 10, 1)].kind is DayKind.HOLIDAY
    assert "中秋节" in (skipped[date(2025, 10, 6)].name or "")
    (skip_text,) = step_texts(result, "skip")
    assert "10月1日（国庆节）" in skip_text
    assert "中秋节" in skip_text
    (makeup_text,) = step_texts(result, "makeup")
    assert "2025-09-28" in makeup_text
    assert "2025-10-11" in makeup_text
    titles = [s.title for s in result.sources]
    assert any("民法典》第二百零一条" in t for t in titles)
    assert "国办发明电〔2024〕12号" in [r.number for r in result.notices]
    assert result.status is DayStatus.OFFICIAL
    assert not result.provisional
    text = result.explain()
    assert text.startswith("到期日：2025-10-30（星期四）（依据正式通知）")
    for fragment in ("国庆节", "调休上班日", "民法典", "国办发明电〔2024〕12号", "2025-09-26"):
        assert fragment in text


def test_restart_explanation_lists_only_days_after_the_restart() -> None:
    """Counting starts afresh on 2025-10-20: the 国庆 break and its make-up days are not in it."""
    result = compute_due("2025-09-26", "20个工作日", events=[Restart(date(2025, 10, 20))])
    assert result.due == date(2025, 11, 17)
    assert result.skipped == ()
    assert "skip" not in codes(result)
    assert "makeup" not in codes(result)


def test_pause_explanation_leaves_out_paused_days() -> None:
    """A pause over the 国庆 break: its days are paused, not skipped or counted."""
    result = compute_due(
        "2025-09-26", "20个工作日", events=[Pause(date(2025, 9, 27), date(2025, 10, 12))]
    )
    assert result.due == default_calendar().add_workdays(date(2025, 10, 12), 20)
    assert result.skipped == ()
    assert "makeup" not in codes(result)
    partly = compute_due(
        "2025-09-26", "20个工作日", events=[Pause(date(2025, 9, 29), date(2025, 10, 12))]
    )
    (makeup,) = step_texts(partly, "makeup")
    assert "2025-09-28" in makeup  # counted before the pause
    assert "2025-10-11" not in makeup  # inside the pause


def test_plain_weekends_are_not_listed_as_skipped_holidays() -> None:
    result = compute_due("2025-03-03", "20个工作日")
    assert result.skipped == ()
    assert "skip" not in codes(result)


def test_to_dict_is_json() -> None:
    result = compute_due(
        "2025-09-26", "20个工作日", events=[Pause(date(2025, 10, 9), date(2025, 10, 14))]
    )
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["start"] == "2025-09-26"
    assert data["period"] == "20个工作日"
    assert data["status"] == "official"
    assert data["due"] == result.due.isoformat()
    assert isinstance(data["trace"], list)
    assert all("text" in s for s in data["trace"])
    assert isinstance(data["sources"], list)
    assert all("title" in s for s in data["sources"])
    assert {"number": "国办发明电〔2024〕12号"}.items() <= data["notices"][0].items()


# ---------------------------------------------------------------------------------------------
# Unpublished years: refuse, or compute provisionally and know what to recompute


def test_period_into_2027_raises() -> None:
    with pytest.raises(CalendarNotPublished) as info:
        compute_due("2026-12-15", "20个工作日")
    assert info.value.year == 2027
    assert "2027" in str(info.value)


@pytest.mark.parametrize("period", ["20日", "1个月"])
def test_natural_and_month_periods_into_2027_raise(period: str) -> None:
    with pytest.raises(CalendarNotPublished) as info:
        compute_due("2026-12-15", period)
    assert info.value.year == 2027


def test_period_ending_before_cross_year_reach_is_official() -> None:
    """Up to 28 December a 2026 day does not depend on the 2027 notice."""
    result = compute_due("2026-12-01", "19个工作日")
    assert result.due == date(2026, 12, 28)
    assert result.status is DayStatus.OFFICIAL


def test_provisional_into_2027(cal: WorkCalendar) -> None:
    result = compute_due("2026-12-15", "20个工作日", provisional=True)
    assert result.status is DayStatus.PROVISIONAL
    assert result.provisional
    assert 2027 in result.provisional_years
    assert result.to_dict()["status"] == "provisional"
    assert result.due == date(2027, 1, 13)  # statutory 元旦 only
    assert "临时结果" in result.explain()
    assert result.affected_by(notice_2027())
    for year in (2024, 2025):
        old = cal.notice_for(year)
        assert old is not None
        assert not result.affected_by(old)


def test_recompute_after_notice_is_official(cal: WorkCalendar) -> None:
    provisional = compute_due("2026-12-15", "20个工作日", provisional=True)
    updated = cal.with_notices(notice_2027())
    result = provisional.recompute(updated)
    assert result.status is DayStatus.OFFICIAL
    assert result.provisional_years == ()
    assert result.due == date(2027, 1, 13)
    assert "国办发明电〔2026〕99号" in [r.number for r in result.notices]
    assert result.calendar_version == updated.version != cal.version
    # the default calendar is untouched
    with pytest.raises(CalendarNotPublished):
        compute_due("2026-12-15", "20个工作日")


def test_official_result_affected_only_by_a_changed_notice_of_its_years(cal: WorkCalendar) -> None:
    result = compute_due("2025-09-26", "20个工作日")
    n2025 = cal.notice_for(2025)
    assert n2025 is not None
    assert not result.affected_by(n2025)
    # the built-in 2025 notice as a user would re-issue it, its National Day break changed
    data = notice_to_dict(n2025) | {"number": "国办发明电〔2025〕99号", "date": "2025-06-01"}
    data["breaks"] = [b for b in data["breaks"] if "国庆" not in b["name"]] + [
        {"name": "国庆节、中秋节", "from": "2025-10-01", "to": "2025-10-07"}
    ]
    amended = parse_notice(data)
    assert result.affected_by(amended)
    assert not result.affected_by(notice_2027())


def test_results_are_deterministic() -> None:
    a = compute_due("2025-09-26", "20个工作日")
    b = compute_due("2025-09-26", Period.parse("20个工作日"))
    assert a.to_dict() == b.to_dict()
    assert a.calendar_version == default_calendar().version


def test_start_accepts_datetime_taking_beijing_date() -> None:
    # 2025-09-25 20:00 UTC is 2025-09-26 04:00 in Beijing
    result = compute_due(datetime(2025, 9, 25, 20, 0, tzinfo=UTC), "20个工作日")
    assert result.start == date(2025, 9, 26)
    assert result.due == date(2025, 10, 30)


def test_bad_start_rejected() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        compute_due("2025/09/26", "20个工作日")
