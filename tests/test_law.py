"""《全国年节及纪念日放假办法》 by version (govflow.calendar.law), and every notice checked against it.

Oracles: ``lunardate`` (a table, 1900-2099), ``chinese_calendar`` (solar terms by formula) and the
``holidays`` package's lunisolar calendar and China holidays (its private API: a test oracle only,
never used by govflow itself).
"""

from __future__ import annotations

import json
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from govflow.calendar.law import (
    LAW_VERSIONS,
    LAW_YEARS,
    check_notice,
    law_days,
    law_in_force,
    statutory_counts,
    substitute_days,
)
from govflow.calendar.notices import (
    Notice,
    NoticeError,
    NoticeWarning,
    builtin_notices,
    notice_to_dict,
    parse_notice,
    statutory_days,
)
from govflow.calendar.workcalendar import DayKind, WorkCalendar
from govflow.cli import main
from notice_support import REST_OF_2027, SPRING_AND_NATIONAL_2027

D = date.fromisoformat
CONVERTER_YEARS = LAW_YEARS  # 1999-2100


def _day(solar: Any) -> date:
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


# -- the versions and their validity ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "order"),
    [
        ("1999-09-17", None),
        ("1999-09-18", "国务院令第270号"),
        ("2007-12-31", "国务院令第270号"),
        ("2008-01-01", "国务院令第513号"),
        ("2013-12-31", "国务院令第513号"),
        ("2014-01-01", "国务院令第644号"),
        ("2024-12-31", "国务院令第644号"),
        ("2025-01-01", "国务院令第795号"),
        ("2100-12-31", "国务院令第795号"),
    ],
)
def test_the_version_in_force(day: str, order: str | None) -> None:
    v = law_in_force(D(day))
    assert (v.order if v else None) == order


# days per festival under each version (第二条 as read, see the module's table)
COUNTS = {
    "国务院令第270号": {"元旦": 1, "春节": 3, "劳动节": 3, "国庆节": 3},
    "国务院令第513号": {
        "元旦": 1,
        "春节": 3,
        "清明节": 1,
        "劳动节": 1,
        "端午节": 1,
        "中秋节": 1,
        "国庆节": 3,
    },
    "国务院令第644号": {
        "元旦": 1,
        "春节": 3,
        "清明节": 1,
        "劳动节": 1,
        "端午节": 1,
        "中秋节": 1,
        "国庆节": 3,
    },
    "国务院令第795号": {
        "元旦": 1,
        "春节": 4,
        "清明节": 1,
        "劳动节": 2,
        "端午节": 1,
        "中秋节": 1,
        "国庆节": 3,
    },
}


@pytest.mark.parametrize(
    ("year", "order"),
    [
        (2000, "国务院令第270号"),
        (2007, "国务院令第270号"),
        (2008, "国务院令第513号"),
        (2013, "国务院令第513号"),
        (2014, "国务院令第644号"),
        (2024, "国务院令第644号"),
        (2025, "国务院令第795号"),
        (2026, "国务院令第795号"),
        (2100, "国务院令第795号"),
    ],
)
def test_days_per_festival_follow_the_version_in_force(year: int, order: str) -> None:
    assert statutory_counts(year) == COUNTS[order]
    assert {s.version.order for s in law_days(year)} == {order}


def test_a_year_is_split_where_a_version_comes_into_force() -> None:
    # 1999: only 国庆节 is after 1999-09-18 (the 1949 text is not modelled)
    assert [(s.date, s.festival) for s in law_days(1999)] == [
        (D("1999-10-01"), "国庆节"),
        (D("1999-10-02"), "国庆节"),
        (D("1999-10-03"), "国庆节"),
    ]
    assert law_days(1998) == ()
    assert law_days(2101) == ()
    assert statutory_days(2101, with_substitutes=True) == {}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        # 2007 version: 除夕、初一、初二 (2013-02-09 is 腊月廿九: the twelfth month had 29 days)
        (2013, {"2013-02-09": "农历除夕", "2013-02-10": "春节", "2013-02-11": "春节"}),
        # 2013 version: 初一至初三
        (2014, {"2014-01-31": "春节", "2014-02-01": "春节", "2014-02-02": "春节"}),
        # 2024 version: 除夕、初一至初三 (2025-01-28 is 腊月廿九)
        (
            2025,
            {
                "2025-01-28": "农历除夕",
                "2025-01-29": "春节",
                "2025-01-30": "春节",
                "2025-01-31": "春节",
            },
        ),
        # 2026-02-16 is 腊月廿九 too; 2027-02-05 is 腊月三十
        (
            2027,
            {
                "2027-02-05": "农历除夕",
                "2027-02-06": "春节",
                "2027-02-07": "春节",
                "2027-02-08": "春节",
            },
        ),
    ],
)
def test_spring_festival_days(year: int, expected: dict[str, str]) -> None:
    got = {s.date.isoformat(): s.name for s in law_days(year) if s.festival == "春节"}
    assert got == expected


def test_every_item_quotes_its_version() -> None:
    assert LAW_VERSIONS[-1].cite() == "《全国年节及纪念日放假办法》（国务院令第795号）第二条"
    assert LAW_VERSIONS[-1].festival("劳动节").text == "（四）劳动节，放假2天（5月1日、2日）"
    assert (
        LAW_VERSIONS[1].festival("春节").text == "（二）春节，放假3天（农历除夕、正月初一、初二）"
    )
    for v in LAW_VERSIONS:
        for f in v.festivals:
            assert len(f.days) == COUNTS[v.order][f.name]
            assert f"放假{len(f.days)}天" in f.text


# -- the lunar converter against independent implementations ----------------------------------


def test_lunar_dates_agree_with_lunardate_and_holidays() -> None:
    from holidays.calendars.chinese import _ChineseLunisolar
    from lunar_python import Lunar
    from lunardate import LunarDate

    oracle = _ChineseLunisolar()
    checked = 0
    for y in CONVERTER_YEARS:
        for (m, d), h in (
            ((1, 1), oracle.lunar_new_year_date),
            ((5, 5), oracle.dragon_boat_date),
            ((8, 15), oracle.mid_autumn_date),
        ):
            ours = _day(Lunar.fromYmd(y, m, d).getSolar())
            assert ours == h(y)[0], (y, m, d)
            if y < 2100:  # lunardate's table ends with 2099
                assert ours == LunarDate(y, m, d).to_solar_date(), (y, m, d)
            checked += 1
    assert checked == 3 * len(CONVERTER_YEARS)


def test_the_eve_is_the_last_day_of_the_twelfth_month() -> None:
    from lunardate import LunarDate

    lengths = set()
    years = [y for y in range(2004, 2100) if 2008 <= y <= 2013 or y >= 2025]
    for y in years:  # the versions that give 除夕
        eve = next(s.date for s in law_days(y) if s.name == "农历除夕")
        lunar = LunarDate.from_solar_date(eve.year, eve.month, eve.day)
        nxt = eve + timedelta(days=1)
        after = LunarDate.from_solar_date(nxt.year, nxt.month, nxt.day)
        assert (lunar.month, lunar.is_leap_month) == (12, False), y
        assert (after.month, after.day) == (1, 1), y
        lengths.add(lunar.day)
    assert lengths == {29, 30}  # both month lengths occur; the eve is never taken as 腊月三十


def test_qingming_agrees_with_chinese_calendar_and_holidays() -> None:
    import chinese_calendar
    from holidays.calendars.chinese import _ChineseLunisolar

    oracle = _ChineseLunisolar()
    differ = []
    for y in CONVERTER_YEARS:
        ours = next(s.date for s in law_days(y) if s.festival == "清明节") if y >= 2008 else None
        if ours is None:  # before 2008 清明 was no holiday: ask the converter directly
            from lunar_python import Lunar

            ours = _day(Lunar.fromYmd(y, 1, 1).getJieQiTable()["清明"])
        terms = chinese_calendar.get_solar_terms(date(y, 4, 1), date(y, 4, 30))
        cc = next(d for d, name in terms if name == "清明")
        if not ours == cc == oracle.qingming_date(y)[0]:
            differ.append((y, ours, cc))
    # 2100: the term falls at 00:43 Beijing time on 5 April (lunar-python computes it); both
    # oracles use a formula that holidays documents as reliable for 1901-2099 only
    assert differ == [(2100, D("2100-04-05"), D("2100-04-04"))]


# -- differential: the law against the holidays package ---------------------------------------

#: Where ``holidays`` lists a statutory day the law does not give.
HOLIDAYS_EXTRA = {
    # 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知: a one-off
    # decision, not the 放假办法
    D("2015-09-03"): "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

#: Where the 补假 weekday differs: 第六条 gives a weekday, not which one; holidays follows the
#: notice where it placed it elsewhere (or, 2020-01-30, labels a 春节延长 day as 补假).
SUBSTITUTES_DIFFER: dict[int, dict[str, str]] = {
    2009: {"2009-10-05": "国庆节（补假）", "2009-10-06": "中秋节（补假）"},
    2012: {"2012-06-25": "端午节（补假）"},
    2015: {"2015-09-28": "中秋节（补假）"},
    2020: {},
}


def _holidays_china(year: int, *, substitutes: bool) -> dict[date, str]:
    import holidays

    out = {}
    for d, raw in holidays.China(years=year, language="zh_CN").items():  # type: ignore[attr-defined]
        name = str(raw).replace("; ", "、")
        if d.year != year or "休息日" in name or "延长" in name:
            continue
        if "补假" in name and not substitutes:
            continue
        out[d] = name
    return out


@pytest.mark.parametrize("year", range(2004, 2027))
def test_statutory_days_agree_with_holidays(year: int) -> None:
    theirs = _holidays_china(year, substitutes=False)
    for d, name in HOLIDAYS_EXTRA.items():
        if d.year == year:
            assert theirs.pop(d) == name
    assert statutory_days(year) == theirs  # names included: 农历除夕, 中秋节、国庆节


@pytest.mark.parametrize("year", range(2004, 2027))
def test_substitutes_agree_with_holidays_except_where_placed_otherwise(year: int) -> None:
    ours = {d: n for d, n in statutory_days(year, with_substitutes=True).items() if "补假" in n}
    theirs = {d: n for d, n in _holidays_china(year, substitutes=True).items() if "补假" in n}
    if year in SUBSTITUTES_DIFFER:
        law_only = {D(k): v for k, v in SUBSTITUTES_DIFFER[year].items()}
        assert {d: n for d, n in ours.items() if theirs.get(d) != n} == law_only
        # the same number of 补假 days per festival, save holidays' 春节延长 day of 2020
        extra = 1 if year == 2020 else 0
        assert len(theirs) == len(ours) + extra
    else:
        assert ours == theirs


@given(st.sampled_from(LAW_YEARS))
def test_substitutes_are_owed_weekdays(year: int) -> None:
    days = law_days(year)
    stat = {s.date for s in days}
    subs = dict(substitute_days(year))
    assert all(d.weekday() < 5 and d not in stat for d in subs)
    # one per statutory day on a weekend, and one per date two festivals share
    weekend = sum(1 for d in stat if d.weekday() >= 5)
    assert len(subs) == weekend + (len(days) - len(stat))
    # each after its festival's statutory days
    for d, name in subs.items():
        festival_days = [s.date for s in days if f"{s.name}（补假）" == name]
        assert festival_days
        assert d > max(festival_days)


# -- every built-in notice gives the law's days -----------------------------------------------


def _rest_days_of(notice: Notice, festival: str) -> set[date]:
    stems = {"元旦": "元旦", "劳动节": "劳动", "国庆节": "国庆"}
    stem = stems.get(festival, festival.removesuffix("节"))
    return {d for b in notice.breaks if stem in b.name for d in b.rest_days}


@pytest.mark.parametrize("notice", builtin_notices(), ids=lambda n: str(n.year))
def test_builtin_notice_gives_every_statutory_day(notice: Notice) -> None:
    assert check_notice(notice) == ()
    version = law_in_force(date(notice.year, 12, 31))
    assert version is not None
    for festival, n in COUNTS[version.order].items():
        days = {s.date for s in law_days(notice.year) if s.festival == festival}
        assert len(days & _rest_days_of(notice, festival)) == n, festival
        assert not days & notice.workdays


def test_the_builtin_history_counts() -> None:
    per_year = {n.year: sum(statutory_counts(n.year).values()) for n in builtin_notices()}
    assert {y: c for y, c in per_year.items() if c != 11} == {
        2004: 10,
        2005: 10,
        2006: 10,
        2007: 10,
        2025: 13,
        2026: 13,
    }


# -- a user's notice that takes a statutory day away is refused -------------------------------


def _notice_2025_data() -> dict[str, Any]:
    n2025 = next(n for n in builtin_notices() if n.year == 2025)
    return notice_to_dict(n2025) | {"number": "国办发明电〔2024〕12号", "date": "2024-11-12"}


def _with_break(data: dict[str, Any], festival: str, new: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["breaks"] = [b for b in data["breaks"] if festival not in b["name"]] + [new]
    return out


LABOUR_2025_ONE_DAY = {
    "name": "劳动节",
    "from": "2025-05-01",
    "to": "2025-05-01",
    "workdays": ["2025-05-03"],
}


def test_a_working_statutory_day_is_refused() -> None:
    assert parse_notice(_notice_2025_data()).year == 2025  # the real arrangement passes
    data = _with_break(_notice_2025_data(), "劳动节", LABOUR_2025_ONE_DAY)
    with pytest.raises(NoticeError) as info:
        parse_notice(data, source="2025.toml")
    message = str(info.value)
    assert message.startswith("2025.toml：与《全国年节及纪念日放假办法》不符：")
    assert "2025-05-02（劳动节）是劳动节的法定节假日，通知却没有安排这一天放假" in message
    assert "《全国年节及纪念日放假办法》（国务院令第795号）第二条" in message
    assert "「（四）劳动节，放假2天（5月1日、2日）」" in message


def test_a_statutory_day_made_a_workday_is_refused(notice_2027: dict[str, Any]) -> None:
    # 劳动节 2027: Saturday 1 and Sunday 2 May; a notice working the Sunday is refused
    data = _with_break(
        notice_2027,
        "劳动节",
        {"name": "劳动节", "from": "2027-05-01", "to": "2027-05-01", "workdays": ["2027-05-02"]},
    )
    with pytest.raises(NoticeError, match=r"2027-05-02（劳动节）.*定为调休上班日（劳动节）"):
        parse_notice(data)


def test_a_notice_that_leaves_out_festivals_is_refused() -> None:
    data: dict[str, Any] = {
        "year": 2027,
        "number": "国办发明电〔2026〕99号",
        "date": "2026-11-10",
        "address": "https://www.gov.cn/zhengce/content/test-2027.htm",
        "breaks": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
    }
    with pytest.raises(NoticeError, match=r"2027-02-05（农历除夕）是春节的法定节假日.*另有 11 处"):
        parse_notice(data)
    data["breaks"] = [*data["breaks"], *SPRING_AND_NATIONAL_2027, *REST_OF_2027]
    assert len(parse_notice(data).breaks) == 7


def test_a_statutory_day_in_another_festivals_break_is_refused(
    notice_2027: dict[str, Any],
) -> None:
    data = dict(notice_2027)
    # 中秋节 2027-09-15 given only as part of a break named for another festival
    data["breaks"] = [b for b in data["breaks"] if b["name"] != "中秋节"] + [
        {"name": "端午节", "from": "2027-09-15", "to": "2027-09-15"}
    ]
    with pytest.raises(NoticeError, match=r"放在了?「端午节」的放假安排中，而不是中秋节的"):
        parse_notice(data)


def test_the_builtin_history_is_not_checked_at_load() -> None:
    # strict=False (the built-in data, the derivation from holidays) skips the check: the tests
    # above check every built-in notice instead, without the lunar computations at each start
    data = _with_break(_notice_2025_data(), "劳动节", LABOUR_2025_ONE_DAY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeWarning)
        assert parse_notice(data, strict=False).year == 2025


def test_notices_add_refuses_a_notice_against_the_law(tmp_path: Path) -> None:
    path = tmp_path / "2025.json"
    data = _with_break(_notice_2025_data(), "劳动节", LABOUR_2025_ONE_DAY)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = CliRunner().invoke(main, ["notices", "add", str(path)])
    assert result.exit_code == 2
    assert "错误：节假日通知有误：" in result.stderr
    assert "2025-05-02（劳动节）" in result.stderr
    assert "国务院令第795号" in result.stderr
    assert "Traceback" not in result.stderr
    result = CliRunner().invoke(main, ["--notice", str(path), "calendar", "2025"])
    assert result.exit_code == 2
    assert "国务院令第795号" in result.stderr


# -- the calendar uses the law -----------------------------------------------------------------


def test_a_notice_without_statutory_names_gets_them_from_the_law(
    notice_2027: dict[str, Any],
) -> None:
    cal = WorkCalendar.default().with_notices(parse_notice(notice_2027))
    eve = cal.day_info(D("2027-02-05"))
    assert (eve.kind, eve.name) == (DayKind.HOLIDAY, "农历除夕")
    assert cal.day_info(D("2027-05-02")).kind is DayKind.HOLIDAY  # 2024 version: 5月2日
    assert cal.day_info(D("2027-05-03")).kind is DayKind.REST_DAY
    assert cal.day_info(D("2027-09-15")).name == "中秋节"


def test_provisional_estimate_follows_the_law() -> None:
    cal = WorkCalendar.default()
    info = cal.day_info(D("2028-10-03"), provisional=True)
    assert (info.kind, info.name) == (DayKind.HOLIDAY, "中秋节、国庆节（估算）")
    sub = cal.day_info(D("2028-10-05"), provisional=True)
    assert (sub.kind, sub.name) == (DayKind.REST_DAY, "中秋节（补假）（估算）")
    assert cal.is_workday(D("2028-10-06"), provisional=True)


def test_day_info_cites_the_law_version() -> None:
    cal = WorkCalendar.default()
    assert cal.day_info(D("2025-05-02")).law_basis() == (
        "《全国年节及纪念日放假办法》（国务院令第795号）第二条「（四）劳动节，放假2天（5月1日、2日）」"
    )
    assert cal.day_info(D("2024-05-01")).law_basis() == (
        "《全国年节及纪念日放假办法》（国务院令第644号）第二条「（四）劳动节，放假1天（5月1日）」"
    )
    # two festivals on one day cite both items
    basis = cal.day_info(D("2020-10-01")).law_basis()
    assert basis is not None
    assert "（六）中秋节" in basis
    assert "（七）国庆节" in basis
    assert cal.day_info(D("2024-05-02")).law_basis() is None  # a 调休 rest day
    assert cal.day_info(D("2015-09-03")).law_basis() is None  # a one-off decision


def test_notices_add_refuses_a_notice_text_against_the_law(tmp_path: Path) -> None:
    # the published 2026 text with 劳动节 cut to 5月1日 alone and 5月2日 (a Saturday) worked
    root = Path(__file__).resolve().parents[1]
    text = (root / "docs/examples/2026年节假日通知.txt").read_text("utf-8")
    labour = "四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。"
    assert labour in text
    cut = text.replace(labour, "四、劳动节：5月1日（周五）放假，共1天。5月2日（周六）上班。")
    path = tmp_path / "2026.txt"
    path.write_text(cut, "utf-8")
    from govflow.calendar.noticetext import parse_notice_text

    with pytest.raises(NoticeError, match=r"2026-05-02（劳动节）.*定为调休上班日"):
        parse_notice_text(cut, source="2026.txt")
    imported = CliRunner().invoke(main, ["notices", "import", str(path), "--json"])
    assert imported.exit_code == 2, imported.output
    assert "2026-05-02（劳动节）是劳动节的法定节假日" in imported.stderr
    assert imported.stdout == ""  # never a partial notice
    result = CliRunner().invoke(
        main, ["notices", "add", str(path), "--number", "国办发明电〔2025〕7号"]
    )
    assert result.exit_code == 2, result.output
    assert "2026-05-02（劳动节）是劳动节的法定节假日，通知却把它定为调休上班日" in result.stderr
    assert "国务院令第795号" in result.stderr


ORACLE = Path(__file__).resolve().parents[1].parent / "shared" / "oracle" / "holiday-cn"


def test_every_statutory_day_is_off_in_holiday_cn() -> None:
    """holiday-cn (compiled from the gov.cn notices, 2007 on): each law day is an off day of its
    festival in that year's file, up to the last year it has."""
    if not ORACLE.is_dir():
        pytest.skip(f"holiday-cn oracle not found at {ORACLE} (../shared is absent)")
    # 2007 names the breaks “五一” and “十一”
    stems = {"元旦": ("元旦",), "劳动节": ("劳动", "五一"), "国庆节": ("国庆", "十一")}
    years = []
    for path in sorted(ORACLE.glob("[0-9][0-9][0-9][0-9].json")):
        year = int(path.stem)
        days = {D(d["date"]): d for d in json.loads(path.read_text("utf-8"))["days"]}
        if not days:  # a year whose notice it has not published yet (2027.json is empty)
            continue
        for s in law_days(year):
            listed = days.get(s.date)
            assert listed is not None, (year, s.date, s.festival)
            assert listed["isOffDay"], (year, s.date)
            names = stems.get(s.festival, (s.festival.removesuffix("节"),))
            assert any(n in listed["name"] for n in names), (s.date, listed["name"])
        years.append(year)
    assert years[0] <= 2008
    assert len(years) >= 20
