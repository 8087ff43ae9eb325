"""Named cases of the working-day calendar (domain brief §0, §1, §7), with their sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest

import govflow
from govflow.calendar.notices import max_consecutive_workdays
from govflow.calendar.workcalendar import (
    CalendarNotPublished,
    DayKind,
    DayStatus,
    Roll,
    WorkCalendar,
)

D = date.fromisoformat


def _days(a: date, b: date) -> list[date]:
    return [a + timedelta(days=k) for k in range((b - a).days + 1)]


# -- the brief's worked examples (§1, OGI-02/03/05) ----------------------------------------------

WORKED = [
    # received, +7 WD (补正 notice), +20 WD (reply), +40 WD (with the maximum extension)
    ("2025-09-26", "2025-10-13", "2025-10-30", "2025-11-27"),
    ("2026-02-06", "2026-02-24", "2026-03-12", "2026-04-10"),
    ("2026-09-18", "2026-09-29", "2026-10-22", "2026-11-19"),
    ("2024-12-20", "2024-12-31", "2025-01-20", "2025-02-21"),
]


@pytest.mark.parametrize(("start", "due7", "due20", "due40"), WORKED)
def test_worked_examples(cal: WorkCalendar, start: str, due7: str, due20: str, due40: str) -> None:
    s = D(start)
    for n, due in ((7, due7), (20, due20), (40, due40)):
        assert cal.add_workdays(s, n) == D(due), n
        assert cal.workdays_between(s, D(due)) == n
        assert cal.add_workdays(D(due), -n) == s  # every start in the table is a working day


def test_worked_example_counts_makeup_days_as_working_days(cal: WorkCalendar) -> None:
    # "2025-09-28 (Sun) and 2025-10-11 (Sat) are 调休上班日 and count as WD 1 and WD 6" (CNT-04)
    start = D("2025-09-26")
    assert cal.add_workdays(start, 1) == D("2025-09-28")
    assert cal.add_workdays(start, 6) == D("2025-10-11")
    assert list(cal.iter_workdays(D("2025-09-27"), D("2025-10-12"))) == [
        D("2025-09-28"),
        D("2025-09-29"),
        D("2025-09-30"),
        D("2025-10-09"),
        D("2025-10-10"),
        D("2025-10-11"),
    ]


def test_module_level_functions_use_the_default_calendar(
    restore_default_calendar: WorkCalendar,
) -> None:
    assert govflow.add_workdays(D("2025-09-26"), 20) == D("2025-10-30")
    assert govflow.workdays_between(D("2025-09-26"), D("2025-10-30")) == 20
    assert govflow.is_workday(D("2025-09-28")) is True
    assert govflow.is_workday(D("2025-10-01")) is False
    assert govflow.next_workday(D("2025-09-30")) == D("2025-10-09")
    assert govflow.previous_workday(D("2025-10-09")) == D("2025-09-30")
    # a replaced default is what the conveniences then use
    govflow.set_default_calendar(
        WorkCalendar(restore_default_calendar.notices, makeup_is_workday=False)
    )
    assert govflow.is_workday(D("2025-09-28")) is False
    assert govflow.next_workday(D("2025-09-27")) == D("2025-09-29")


# -- working days per year and consecutive runs (HOL-05, HOL-02) --------------------------------


@pytest.mark.parametrize(("year", "expected"), [(2023, 249), (2024, 251), (2025, 248)])
def test_working_days_per_year(cal: WorkCalendar, year: int, expected: int) -> None:
    assert cal.workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == expected
    assert len(list(cal.iter_workdays(date(year, 1, 1), date(year, 12, 31)))) == expected


def test_working_days_2026_through_december_28(cal: WorkCalendar) -> None:
    # HOL-05 derives 248 for the whole of 2026 with 29-31 December as plain weekdays; those three
    # days wait for the 2027 notice, so the official count stops at 28 December.
    tail = [d for d in _days(D("2026-12-29"), D("2026-12-31")) if d.weekday() < 5]
    assert cal.workdays_between(D("2025-12-31"), D("2026-12-28")) == 248 - len(tail) == 245
    with pytest.raises(CalendarNotPublished):
        cal.workdays_between(D("2025-12-31"), D("2026-12-31"))


@pytest.mark.parametrize(("year", "longest"), [(2023, 7), (2024, 6), (2025, 5), (2026, 6)])
def test_longest_run_of_working_days(cal: WorkCalendar, year: int, longest: int) -> None:
    notice = cal.notice_for(year)
    assert notice is not None
    assert max_consecutive_workdays(notice)[0] == longest
    # the same figure from the calendar itself, day by day over the year
    best = run = 0
    for d in _days(date(year, 1, 1), date(year, 12, 28)):
        run = run + 1 if cal.is_workday(d) else 0
        best = max(best, run)
    assert best == longest


# -- named days ---------------------------------------------------------------------------------


def test_2020_extended_spring_festival(cal: WorkCalendar) -> None:
    # 国办发明电〔2019〕16号 ended the break on 01-30 and made Saturday 02-01 a make-up workday;
    # 国办发明电〔2020〕1号 extended the break to Sunday 02-02, so 02-01 was not worked.
    kinds = {
        D("2020-01-30"): DayKind.REST_DAY,
        D("2020-01-31"): DayKind.REST_DAY,
        D("2020-02-01"): DayKind.WEEKEND,
        D("2020-02-02"): DayKind.WEEKEND,
    }
    for d, kind in kinds.items():
        info = cal.day_info(d)
        assert (info.kind, info.workday, info.holiday_break) == (kind, False, "春节")
        assert info.notice is not None
    assert cal.is_workday(D("2020-02-03"))
    assert cal.add_workdays(D("2020-01-23"), 1) == D("2020-02-03")
    notice = cal.notice_for(2020)
    assert notice is not None
    assert D("2020-02-01") not in notice.workdays
    assert [r.number for r in notice.refs] == ["国办发明电〔2019〕16号", "国办发明电〔2020〕1号"]
    # a result over those days relies on the 2020 notice, which cites the extension
    relied = cal.relied_on(D("2020-01-30"), D("2020-02-02"))
    assert [n.year for n in relied] == [2020]
    assert "国办发明电〔2020〕1号（2020-01-26）" in relied[0].cite()


def test_2020_extension_days_cite_the_extension_notice(cal: WorkCalendar) -> None:
    for d in _days(D("2020-01-31"), D("2020-02-02")):
        info = cal.day_info(d)
        assert info.notice is not None
        assert info.notice.number == "国办发明电〔2020〕1号"
    assert cal.day_info(D("2020-01-30")).notice == cal.notice_for(2020).ref  # type: ignore[union-attr]


def test_2024_02_18_is_a_makeup_sunday(cal: WorkCalendar) -> None:
    d = D("2024-02-18")
    assert d.weekday() == 6
    info = cal.day_info(d)
    assert info.kind is DayKind.MAKEUP_WORKDAY
    assert info.workday is True
    assert info.holiday_break == "春节"
    assert info.status is DayStatus.OFFICIAL
    assert info.notice is not None
    assert info.notice.number == "国办发明电〔2023〕7号"
    assert cal.is_workday(d)
    assert cal.next_workday(D("2024-02-17")) == d


def test_makeup_is_workday_false_makes_2024_02_18_a_rest_day(cal: WorkCalendar) -> None:
    nomakeup = WorkCalendar(cal.notices, makeup_is_workday=False)
    d = D("2024-02-18")
    assert nomakeup.is_workday(d) is False
    info = nomakeup.day_info(d)
    assert (info.kind, info.workday) == (DayKind.MAKEUP_WORKDAY, False)
    assert nomakeup.next_workday(D("2024-02-17")) == D("2024-02-19")
    # 2024 has eight make-up days (HOL-05): the count drops by exactly eight
    year = (D("2023-12-31"), D("2024-12-31"))
    assert nomakeup.workdays_between(*year) == cal.workdays_between(*year) - 8 == 243
    assert nomakeup.version != cal.version
    assert nomakeup.version.endswith("-nomakeup")
    assert nomakeup.with_notices().makeup_is_workday is False


def test_2022_12_31_belongs_to_the_2023_new_year_break(cal: WorkCalendar) -> None:
    info = cal.day_info(D("2022-12-31"))
    assert (info.kind, info.workday, info.holiday_break) == (DayKind.WEEKEND, False, "元旦")
    assert info.notice is not None
    assert info.notice.number == "国办发明电〔2022〕16号"
    n2022, n2023 = cal.notice_for(2022), cal.notice_for(2023)
    assert n2022 is not None
    assert n2023 is not None
    assert D("2022-12-31") in n2023.rest_days
    assert D("2022-12-31") not in n2022.rest_days
    # the notices a count over the day relies on include the 2023 one
    assert 2023 in [n.year for n in cal.relied_on(D("2022-12-01"), D("2022-12-31"))]


def test_2018_12_29_is_a_makeup_saturday_of_the_2019_notice(cal: WorkCalendar) -> None:
    d = D("2018-12-29")
    assert d.weekday() == 5
    info = cal.day_info(d)
    assert (info.kind, info.workday, info.holiday_break) == (DayKind.MAKEUP_WORKDAY, True, "元旦")
    assert info.notice is not None
    assert info.notice.number == "国办发明电〔2018〕15号"
    n2019 = cal.notice_for(2019)
    assert n2019 is not None
    assert d in n2019.workdays


def test_statutory_holiday_named(cal: WorkCalendar) -> None:
    info = cal.day_info(D("2025-01-28"))  # 农历除夕, statutory from 2025 (HOL-01)
    assert (info.kind, info.name, info.workday) == (DayKind.HOLIDAY, "农历除夕", False)
    assert info.holiday_break == "春节"
    assert cal.day_info(D("2025-05-02")).kind is DayKind.HOLIDAY  # 5月2日 statutory from 2025
    assert cal.day_info(D("2024-05-02")).kind is DayKind.REST_DAY  # a 调休 rest day before
    assert cal.day_info(D("2025-10-08")).kind is DayKind.REST_DAY


@pytest.mark.parametrize(
    ("day", "label"),
    [("2023-03-08", "妇女节"), ("2023-05-04", "青年节"), ("2023-08-01", "建军节")],
)
def test_half_day_holidays_are_working_days(cal: WorkCalendar, day: str, label: str) -> None:
    # HOL-06 / CNT-14: reported, but the agency's working day is not interrupted
    info = cal.day_info(D(day))
    assert info.kind is DayKind.WORKDAY
    assert info.workday is True
    assert info.partial_holiday is not None
    assert label in info.partial_holiday
    assert cal.is_workday(D(day))


def test_half_day_holiday_on_a_weekend_is_not_made_up(cal: WorkCalendar) -> None:
    # 放假办法 第六条: 部分公民放假的假日适逢周六、周日，不补假
    info = cal.day_info(D("2025-03-08"))  # a Saturday
    assert info.kind is DayKind.WEEKEND
    assert info.partial_holiday is not None
    assert cal.is_workday(D("2025-03-10"))
    assert cal.day_info(D("2025-03-10")).partial_holiday is None


# -- unpublished years -----------------------------------------------------------------------


def test_period_running_into_2027_raises(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarNotPublished) as exc_info:
        cal.add_workdays(D("2026-12-15"), 20)
    err = exc_info.value
    assert err.year == 2027
    assert D("2026-12-29") <= err.day <= D("2027-01-31")
    assert "2027" in str(err)
    assert "use_notice" in str(err)
    assert "provisional" in str(err)
    assert isinstance(err, LookupError)


def test_is_workday_near_the_end_of_2026(cal: WorkCalendar) -> None:
    assert cal.is_workday(D("2026-12-28")) is True  # Monday, decided
    for d in _days(D("2026-12-29"), D("2027-01-05")):
        with pytest.raises(CalendarNotPublished, match="2027") as exc_info:
            cal.is_workday(d)
        assert (exc_info.value.year, exc_info.value.day) == (2027, d)
        with pytest.raises(CalendarNotPublished):
            cal.day_info(d)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.workdays_between(D("2026-12-01"), D("2027-01-10")),
        lambda c: c.workdays_between(D("2027-01-10"), D("2026-12-01")),
        lambda c: c.add_workdays(D("2027-01-20"), -5),
        lambda c: c.add_workdays(D("2026-12-28"), 1),
        lambda c: c.next_workday(D("2026-12-28")),
        lambda c: c.roll(D("2026-12-30")),
        lambda c: list(c.iter_workdays(D("2026-12-01"), D("2026-12-31"))),
        lambda c: c.days(D("2026-12-27"), D("2026-12-30")),
    ],
)
def test_every_operation_refuses_2027(
    cal: WorkCalendar, call: Callable[[WorkCalendar], object]
) -> None:
    with pytest.raises(CalendarNotPublished) as exc_info:
        call(cal)
    assert exc_info.value.year == 2027


def test_answers_that_do_not_depend_on_2027(cal: WorkCalendar) -> None:
    # the n-th working day before a date does not depend on the date itself (CNT-05)
    assert cal.add_workdays(D("2026-12-29"), -1) == D("2026-12-28")
    assert cal.previous_workday(D("2026-12-29")) == D("2026-12-28")
    with pytest.raises(CalendarNotPublished):  # is 2026-12-29 a working day?
        cal.previous_workday(D("2026-12-30"))
    assert cal.workdays_between(D("2026-12-28"), D("2026-12-28")) == 0
    assert cal.workdays_between(D("2027-03-01"), D("2027-03-01")) == 0  # (a, a] is empty
    assert cal.workdays_between(D("2003-03-01"), D("2003-03-01")) == 0
    assert cal.add_workdays(D("2030-01-01"), 0) == D("2030-01-01")
    assert cal.unknown_years(D("2026-12-01"), D("2026-12-28")) == ()
    assert cal.unknown_years(D("2026-12-01"), D("2026-12-29")) == (2027,)
    assert cal.unknown_years(D("2026-12-01"), D("2028-03-01")) == (2027, 2028)


def test_years_before_2004_are_unknown(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarNotPublished) as exc_info:
        cal.is_workday(D("2003-12-31"))
    assert exc_info.value.year == 2003
    with pytest.raises(CalendarNotPublished, match="2003"):
        cal.add_workdays(D("2004-01-05"), -5)
    # (2003-12-31, 2004-01-02] only needs 2004
    assert cal.add_workdays(D("2003-12-31"), 1) == D("2004-01-02")
    assert cal.workdays_between(D("2003-12-31"), D("2004-01-02")) == 1


def test_year_status_and_years(cal: WorkCalendar) -> None:
    assert cal.years == tuple(range(2004, 2027))
    assert cal.year_status(2026) is DayStatus.OFFICIAL
    assert cal.year_status(2027) is DayStatus.UNKNOWN
    assert cal.year_status(2003) is DayStatus.UNKNOWN
    assert cal.notice_for(2027) is None


# -- provisional answers ---------------------------------------------------------------------


def test_provisional_answers_from_statutory_holidays(cal: WorkCalendar) -> None:
    assert cal.is_workday(D("2027-01-01"), provisional=True) is False
    info = cal.day_info(D("2027-01-01"), provisional=True)
    assert info.status is DayStatus.PROVISIONAL
    assert (info.kind, info.workday) == (DayKind.HOLIDAY, False)
    assert info.name is not None
    assert "元旦" in info.name
    assert "估算" in info.name
    # 29-31 December 2026 are weekdays with no notice: provisionally working days
    assert cal.day_info(D("2026-12-30"), provisional=True).status is DayStatus.PROVISIONAL
    assert cal.is_workday(D("2026-12-30"), provisional=True) is True
    due = cal.add_workdays(D("2026-12-15"), 20, provisional=True)
    expected = [
        d for d in _days(D("2026-12-16"), D("2027-02-28")) if cal.is_workday(d, provisional=True)
    ][19]
    assert due == expected
    assert cal.workdays_between(D("2026-12-15"), due, provisional=True) == 20
    # official days keep their official answer and status when provisional is allowed
    assert cal.day_info(D("2026-10-08"), provisional=True).status is DayStatus.OFFICIAL
    assert cal.add_workdays(D("2025-09-26"), 20, provisional=True) == D("2025-10-30")


def test_provisional_2027_agrees_with_the_statutory_days_of_holidays(cal: WorkCalendar) -> None:
    import holidays

    # the 放假办法 days and their 补假 (第六条) as the holidays package estimates them
    estimated = holidays.China(years=2027, language="zh_CN")  # type: ignore[attr-defined]
    for d in _days(D("2027-01-01"), D("2027-12-28")):
        expected = d.weekday() < 5 and d not in estimated
        assert cal.is_workday(d, provisional=True) is expected, d
    # and no make-up days are invented for an unknown year
    assert not [d for d in estimated.weekend_workdays if d.year == 2027]


# -- rolling, next, previous, iteration ------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "convention", "expected"),
    [
        ("2025-10-01", Roll.FOLLOWING, "2025-10-09"),
        ("2025-10-01", Roll.PRECEDING, "2025-09-30"),
        ("2025-10-01", Roll.MODIFIED_FOLLOWING, "2025-10-09"),
        ("2025-10-01", Roll.MODIFIED_PRECEDING, "2025-10-09"),  # 09-30 is in another month
        ("2025-05-31", Roll.FOLLOWING, "2025-06-03"),  # 端午 05-31..06-02
        ("2025-05-31", Roll.MODIFIED_FOLLOWING, "2025-05-30"),  # 06-03 is in another month
        ("2025-05-31", Roll.MODIFIED_PRECEDING, "2025-05-30"),
        ("2025-09-28", Roll.PRECEDING, "2025-09-28"),  # a make-up Sunday stays
        ("2025-09-27", Roll.FOLLOWING, "2025-09-28"),
        ("2025-09-27", "preceding", "2025-09-26"),
    ],
)
def test_roll(cal: WorkCalendar, day: str, convention: Roll | str, expected: str) -> None:
    assert cal.roll(D(day), convention) == D(expected)


def test_roll_rejects_an_unknown_convention(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="sideways"):
        cal.roll(D("2025-10-01"), "sideways")


def test_next_and_previous(cal: WorkCalendar) -> None:
    assert cal.next_workday(D("2025-09-30")) == D("2025-10-09")
    assert cal.previous_workday(D("2025-10-09")) == D("2025-09-30")
    assert cal.next_workday(D("2025-10-09")) == D("2025-10-10")
    assert cal.previous_workday(D("2025-09-29")) == D("2025-09-28")  # make-up Sunday


def test_iter_workdays(cal: WorkCalendar) -> None:
    got = list(cal.iter_workdays(D("2024-02-08"), D("2024-02-19")))
    assert got == [D("2024-02-08"), D("2024-02-09"), D("2024-02-18"), D("2024-02-19")]
    assert list(cal.iter_workdays(D("2024-02-19"), D("2024-02-08"))) == []
    assert list(cal.iter_workdays(D("2024-02-10"), D("2024-02-17"))) == []
    assert list(cal.iter_workdays(D("2024-02-18"), D("2024-02-18"))) == [D("2024-02-18")]


# -- the O(1) tables against the per-day facts, over every official day -------------------------


def test_tables_agree_with_day_info_everywhere(cal: WorkCalendar) -> None:
    days = _days(D("2004-01-01"), D("2026-12-28"))
    work = [cal.day_info(d).workday for d in days]
    assert [cal.is_workday(d) for d in days] == work
    # next working day, by a backward scan over the per-day facts
    nxt: list[date | None] = [None] * len(days)
    following: date | None = None
    for k in range(len(days) - 1, -1, -1):
        nxt[k] = following
        if work[k]:
            following = days[k]
    for k, d in enumerate(days):
        if nxt[k] is not None:
            assert cal.next_workday(d) == nxt[k], d
        assert cal.workdays_between(d - timedelta(days=1), d) == int(work[k])
    assert cal.workdays_between(days[0] - timedelta(days=1), days[-1]) == sum(work)


def test_kinds_and_workday_flags_are_consistent(cal: WorkCalendar) -> None:
    for info in cal.days(D("2004-01-01"), D("2026-12-28")):
        weekend = info.date.weekday() >= 5
        assert info.status is DayStatus.OFFICIAL
        if info.kind is DayKind.WORKDAY:
            assert info.workday
            assert not weekend
            assert info.notice is None
        elif info.kind is DayKind.WEEKEND:
            assert not info.workday
            assert weekend
        elif info.kind is DayKind.REST_DAY:
            assert not info.workday
            assert not weekend
            assert info.notice is not None
        elif info.kind is DayKind.MAKEUP_WORKDAY:
            assert info.workday
            assert weekend
            assert info.notice is not None
        else:
            assert info.kind is DayKind.HOLIDAY
            assert not info.workday
            assert info.name


# -- inputs, labels, serialisation -----------------------------------------------------------


def test_inputs_other_than_dates(cal: WorkCalendar) -> None:
    # 2025-09-30T20:00Z is 2025-10-01 04:00 in Beijing: 国庆节
    assert cal.is_workday(datetime(2025, 9, 30, 20, tzinfo=UTC)) is False
    assert cal.is_workday(datetime(2025, 9, 30, 20)) is True  # naive: Beijing time
    assert cal.is_workday("2025-10-01") is False  # type: ignore[arg-type]
    assert cal.add_workdays("2025-09-26", 20) == D("2025-10-30")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        cal.is_workday(1759262400)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        cal.workdays_between("2025/09/26", D("2025-10-30"))  # type: ignore[arg-type]


def test_kind_labels_and_to_dict(cal: WorkCalendar) -> None:
    assert [k.label for k in DayKind] == [
        "工作日",
        "周末",
        "法定节假日",
        "调休休息日",
        "调休上班日",
    ]
    assert cal.day_info(D("2024-02-18")).to_dict() == {
        "date": "2024-02-18",
        "workday": True,
        "kind": "makeup_workday",
        "name": "春节",
        "status": "official",
        "partial_holiday": None,
        "notice": "国办发明电〔2023〕7号",
        "break": "春节",
    }


def test_version_identifies_the_notices(cal: WorkCalendar) -> None:
    again = WorkCalendar.default()
    assert again.version == cal.version
    assert cal.version.startswith("cn-2004-2026-")
    fewer = WorkCalendar([n for n in cal.notices if n.year != 2015])
    assert fewer.version != cal.version
    # and a calendar without 2015 refuses 2015 instead of guessing
    with pytest.raises(CalendarNotPublished) as exc_info:
        fewer.is_workday(D("2015-09-03"))
    assert exc_info.value.year == 2015


def test_relied_on(cal: WorkCalendar) -> None:
    assert [n.year for n in cal.relied_on(D("2025-09-26"), D("2025-10-30"))] == [2025]
    assert [n.year for n in cal.relied_on(D("2024-12-20"), D("2025-02-21"))] == [2024, 2025]
    assert [n.year for n in cal.relied_on(D("2025-02-21"), D("2024-12-20"))] == [2024, 2025]
    assert [n.year for n in cal.relied_on(D("2026-12-15"), D("2027-01-20"))] == [2026]
