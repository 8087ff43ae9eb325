"""Holiday notices: the built-in data, notice files (TOML, JSON) and their validation."""

from __future__ import annotations

import copy
import importlib.util
import json
import warnings
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

import govflow
from govflow.calendar.notices import (
    Notice,
    NoticeError,
    NoticeWarning,
    builtin_notices,
    load_notice,
    max_consecutive_workdays,
    notice_to_dict,
    parse_notice,
    statutory_days,
)
from govflow.calendar.workcalendar import CalendarNotPublished, DayKind, DayStatus, WorkCalendar
from notice_support import REST_OF_2027_TOML

D = date.fromisoformat
ROOT = Path(__file__).resolve().parents[1]

NOTICE_2027_TOML = (
    """\
year = 2027
number = "国办发明电〔2026〕99号"
date = 2026-11-10
address = "https://www.gov.cn/zhengce/content/2027-notice-for-tests.htm"

[[breaks]]
name = "元旦"
from = 2026-12-31
to = 2027-01-02
workdays = []

[[breaks]]
name = "春节"
from = 2027-02-05
to = 2027-02-13
workdays = [2027-01-31]

[[breaks]]
name = "国庆节"
from = 2027-10-01
to = 2027-10-07
workdays = [2027-09-26, 2027-10-09]
"""
    + REST_OF_2027_TOML
)


def _parse_quietly(data: dict[str, Any], **kw: Any) -> Notice:
    """Parse, failing the test on any warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return parse_notice(data, **kw)


# -- the generated data file ----------------------------------------------------------------


def test_data_file_is_fresh() -> None:
    """src/govflow/data/cn_notices.json is what scripts/generate_notices.py renders today."""
    script = ROOT / "scripts" / "generate_notices.py"
    spec = importlib.util.spec_from_file_location("generate_notices", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = (ROOT / "src" / "govflow" / "data" / "cn_notices.json").read_text("utf-8")
    rendered = module.render()
    assert rendered == shipped, "stale: run `uv run python scripts/generate_notices.py`"


# -- the built-in notices -------------------------------------------------------------------

HOL_05 = {
    # year: (number, date issued, make-up working days) — domain brief §7, HOL-05
    2023: (
        "国办发明电〔2022〕16号",
        "2022-12-08",
        ["01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"],
    ),
    2024: (
        "国办发明电〔2023〕7号",
        "2023-10-25",
        ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    ),
    2025: ("国办发明电〔2024〕12号", "2024-11-12", ["01-26", "02-08", "04-27", "09-28", "10-11"]),
    2026: (
        "国办发明电〔2025〕7号",
        "2025-11-04",
        ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
    ),
}


@pytest.mark.parametrize("year", sorted(HOL_05))
def test_recent_notices_match_the_brief(year: int) -> None:
    number, issued, makeup = HOL_05[year]
    notice = {n.year: n for n in builtin_notices()}[year]
    assert notice.ref.number == number
    assert notice.ref.date == D(issued)
    assert notice.ref.verified
    assert sorted(notice.workdays) == [D(f"{year}-{md}") for md in makeup]
    assert all(d.weekday() >= 5 for d in notice.workdays)


def test_2026_breaks_match_the_notice_text() -> None:
    notice = {n.year: n for n in builtin_notices()}[2026]
    assert [(b.first, b.last) for b in notice.breaks] == [
        (D("2026-01-01"), D("2026-01-03")),
        (D("2026-02-15"), D("2026-02-23")),
        (D("2026-04-04"), D("2026-04-06")),
        (D("2026-05-01"), D("2026-05-05")),
        (D("2026-06-19"), D("2026-06-21")),
        (D("2026-09-25"), D("2026-09-27")),
        (D("2026-10-01"), D("2026-10-07")),
    ]
    assert len(notice.rest_days) == 33


def test_builtin_notices_cover_2004_to_2026_with_provenance() -> None:
    notices = builtin_notices()
    assert [n.year for n in notices] == list(range(2004, 2027))
    for n in notices:
        assert n.ref.address.startswith(("http://", "https://"))
        assert n.breaks
        if n.ref.verified:
            assert n.ref.number, n.year
            assert n.ref.date is not None, n.year
    # an unverified document says so instead of guessing a number
    first = notices[0].ref
    assert not first.verified
    assert (
        first.cite() == "《国务院办公厅关于2004年部分节假日安排的通知》（文号未核实）（日期未核实）"
    )
    # amendments are cited with the notice
    n2015 = {n.year: n for n in notices}[2015]
    assert n2015.cite() == "国办发明电〔2014〕28号（2014-12-16）、国发明电〔2015〕1号（2015-05-13）"


def test_statutory_days_follow_the_2024_revision() -> None:
    # HOL-01: 11 days before 2025; 13 from 2025 (农历除夕 and 5月2日 added)
    assert len(statutory_days(2024)) == 11
    s2025 = statutory_days(2025)
    assert len(s2025) == 13
    assert s2025[D("2025-01-28")] == "农历除夕"
    assert D("2025-05-02") in s2025
    assert D("2024-05-02") not in statutory_days(2024)
    # 第六条 substitutes only on request
    subs = statutory_days(2027, with_substitutes=True)
    assert set(statutory_days(2027)) < set(subs)
    assert all("补假" in subs[d] for d in set(subs) - set(statutory_days(2027)))


@pytest.mark.parametrize("notice", builtin_notices(), ids=lambda n: str(n.year))
def test_round_trip_builtin(notice: Notice) -> None:
    data = json.loads(json.dumps(notice_to_dict(notice), ensure_ascii=False))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeWarning)  # the history has 7-day runs
        again = parse_notice(data, strict=False)
    assert again == notice
    assert again.refs == notice.refs
    assert notice_to_dict(again) == notice_to_dict(notice)


# -- notice files ---------------------------------------------------------------------------


def _check_2027(notice: Notice, source: Path) -> None:
    assert notice.year == 2027
    assert notice.ref.number == "国办发明电〔2026〕99号"
    assert notice.ref.date == D("2026-11-10")
    assert notice.source == str(source)
    assert [b.name for b in notice.breaks] == [
        "元旦",
        "春节",
        "国庆节",
        "清明节",
        "劳动节",
        "端午节",
        "中秋节",
    ]
    assert notice.workdays == {D("2027-01-31"), D("2027-09-26"), D("2027-10-09")}
    assert D("2026-12-31") in notice.rest_days
    assert notice.span == (D("2026-12-31"), D("2027-10-09"))


def test_load_toml(tmp_path: Path) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(NOTICE_2027_TOML, "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        notice = load_notice(path)
    _check_2027(notice, path)


def test_load_json(tmp_path: Path, notice_2027: dict[str, Any]) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(notice_2027, ensure_ascii=False), "utf-8")
    notice = load_notice(str(path))
    _check_2027(notice, path)
    # TOML and JSON forms of the same notice are the same notice
    toml = tmp_path / "same.toml"
    toml.write_text(NOTICE_2027_TOML, "utf-8")
    assert load_notice(toml) == notice


def test_round_trip_file(tmp_path: Path, notice_2027: dict[str, Any]) -> None:
    notice = _parse_quietly(notice_2027)
    again = _parse_quietly(notice_to_dict(notice))
    assert again == notice
    path = tmp_path / "rt.json"
    path.write_text(json.dumps(notice_to_dict(notice), ensure_ascii=False), "utf-8")
    assert load_notice(path) == notice


def test_a_2027_notice_makes_2027_official(cal: WorkCalendar, notice_2027: dict[str, Any]) -> None:
    notice = _parse_quietly(notice_2027)
    with pytest.raises(CalendarNotPublished):
        cal.add_workdays(D("2026-12-15"), 20)
    new = cal.with_notices(notice)
    assert new.year_status(2027) is DayStatus.OFFICIAL
    assert new.years[-1] == 2027
    assert new.version != cal.version
    # answers change: 2026-12-31 is now a rest day of the 2027 New Year break
    assert new.is_workday(D("2026-12-30")) is True
    assert new.is_workday(D("2026-12-31")) is False
    assert new.day_info(D("2026-12-31")).notice == notice.ref
    assert new.workdays_between(D("2025-12-31"), D("2026-12-31")) == 247
    due = new.add_workdays(D("2026-12-15"), 20)
    assert due == D("2027-01-14")
    assert new.workdays_between(D("2026-12-15"), due) == 20
    assert [n.year for n in new.relied_on(D("2026-12-15"), due)] == [2026, 2027]
    # the make-up Sunday and the statutory names (from the law, as the file gives none)
    assert new.day_info(D("2027-01-31")).kind is DayKind.MAKEUP_WORKDAY
    assert new.is_workday(D("2027-01-31"))
    eve = new.day_info(D("2027-02-05"))
    assert (eve.kind, eve.name, eve.holiday_break) == (DayKind.HOLIDAY, "农历除夕", "春节")
    assert new.day_info(D("2027-02-11")).kind is DayKind.REST_DAY
    # 2028 is the next unknown year, and the old calendar is unchanged
    with pytest.raises(CalendarNotPublished) as exc_info:
        new.is_workday(D("2027-12-30"))
    assert exc_info.value.year == 2028
    with pytest.raises(CalendarNotPublished):
        cal.is_workday(D("2026-12-30"))


def test_use_notice_changes_the_default_calendar(
    tmp_path: Path, restore_default_calendar: WorkCalendar
) -> None:
    path = tmp_path / "2027.toml"
    path.write_text(NOTICE_2027_TOML, "utf-8")
    with pytest.raises(CalendarNotPublished):
        govflow.is_workday(D("2027-01-04"))
    cal = govflow.use_notice(path)
    assert govflow.default_calendar() is cal
    assert govflow.is_workday(D("2027-01-04")) is True
    assert govflow.is_workday(D("2027-01-01")) is False
    assert govflow.add_workdays(D("2026-12-15"), 20) == D("2027-01-14")
    # restoring the saved calendar (what the fixture does) brings the refusal back
    govflow.set_default_calendar(restore_default_calendar)
    with pytest.raises(CalendarNotPublished):
        govflow.is_workday(D("2027-01-04"))


def test_a_notice_replaces_one_of_the_same_year(cal: WorkCalendar) -> None:
    data = notice_to_dict(cal.notices[-1])
    assert data["year"] == 2026
    data["breaks"] = [b for b in data["breaks"] if b["name"] != "国庆节"]
    replaced = cal.with_notices(parse_notice(data, strict=False))
    assert replaced.is_workday(D("2026-10-05")) is True  # a Monday, no longer in a break
    assert replaced.is_workday(D("2026-10-10")) is False  # no longer a make-up Saturday
    assert cal.is_workday(D("2026-10-05")) is False


# -- validation -----------------------------------------------------------------------------


def _mutated(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of *base* with the key at dotted *path* (list indices as numbers) set."""
    data = copy.deepcopy(base)
    *head, last = path.split(".")
    node: Any = data
    for part in head:
        node = node[int(part)] if part.isdigit() else node[part]
    if value is _DELETE:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()

INVALID = [
    # (dotted path to change, new value, words the error must contain)
    (
        "breaks.1.workdays",
        ["2027-02-01"],
        ["breaks[1].workdays[0]", "周一至周五", "星期六或星期日"],
    ),
    (
        "breaks.1.workdays",
        ["2027-02-06"],
        ["breaks[1].workdays[0]", "既是放假日", "又是调休上班日"],
    ),
    (
        "breaks.2",
        {"name": "清明节", "from": "2027-02-13", "to": "2027-02-14"},
        ["breaks[2]", "2027-02-13", "已在放假安排 '春节' 之中"],
    ),
    (
        "breaks.2",
        {"name": "元旦", "from": "2028-01-01", "to": "2028-01-03"},
        ["breaks[2]", "可能涉及的日期范围", "2026-12-29..2027-12-31"],
    ),
    (
        "breaks.0",
        {"name": "元旦", "from": "2026-11-28", "to": "2026-11-30"},
        ["breaks[0]", "可能涉及的日期范围"],
    ),
    ("breaks.2.workdays", ["2025-09-27"], ["breaks[2]", "可能涉及的日期范围"]),
    ("breaks.0.from", "2027-1-1", ["breaks[0].from", "YYYY-MM-DD", "'2027-1-1'"]),
    ("breaks.0.to", "2027-02-30", ["breaks[0].to", "YYYY-MM-DD"]),
    ("breaks.0.to", "2027-W01-1", ["breaks[0].to", "YYYY-MM-DD"]),
    ("breaks.1.workdays", "2027-01-31", ["breaks[1].workdays", "应为日期列表"]),
    ("breaks.1.workdays", [20270131], ["breaks[1].workdays[0]", "YYYY-MM-DD"]),
    ("date", "10 November 2026", ["date", "YYYY-MM-DD"]),
    ("yeer", 2027, ["未知的键 yeer", "可用的键为"]),
    ("breaks.0.form", "2027-01-01", ["breaks[0]", "未知的键 form"]),
    ("number", _DELETE, ["number", "应为非空文本"]),
    ("date", _DELETE, ["date", "应为日期"]),
    ("address", "www.gov.cn/x", ["address", "http(s)"]),
    ("year", "2027", ["year", "2027"]),
    ("year", 1800, ["year"]),
    ("breaks", [], ["breaks", "应为非空的放假安排列表"]),
    ("breaks.0.to", "2026-12-30", ["breaks[0]", "结束日 to 2026-12-30 早于开始日 from 2026-12-31"]),
    ("breaks.1.to", "2027-03-31", ["breaks[1]", "不合常理"]),
    ("breaks.0.name", "", ["breaks[0].name", "应为非空文本"]),
    ("breaks.1.statutory", {"2027-03-01": "春节"}, ["breaks[1].statutory", "不在本次放假"]),
    ("amendments", [{"number": "x"}], ["amendments[0].date"]),
    ("amendments", [{"number": "x", "date": "2027-01-20"}], ["amendments[0].address"]),
    ("amendments", [{"days": [], "extra": 1}], ["amendments[0]", "未知的键 extra"]),
    (
        "amendments",
        [{"number": "国办发明电〔2027〕1号", "date": "2027-01-20", "address": "https://x.cn/a"}],
        [],
    ),
]


@pytest.mark.parametrize(
    ("path", "value", "words"), INVALID, ids=[f"{p}={v!r}" for p, v, _ in INVALID]
)
def test_validation_names_the_file_and_the_field(
    tmp_path: Path, notice_2027: dict[str, Any], path: str, value: Any, words: list[str]
) -> None:
    data = _mutated(notice_2027, path, value)
    file = tmp_path / "2027.json"
    file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    if not words:  # the control: a valid change parses
        assert load_notice(file).year == 2027
        return
    with pytest.raises(NoticeError) as exc_info:
        load_notice(file)
    message = str(exc_info.value)
    assert message.startswith(f"{file}："), message
    for word in words:
        assert word in message, message


def test_missing_number_and_date_are_allowed_when_not_strict(notice_2027: dict[str, Any]) -> None:
    data = _mutated(_mutated(notice_2027, "number", _DELETE), "date", _DELETE)
    notice = _parse_quietly(data, strict=False)
    assert notice.ref.number == ""
    assert notice.ref.date is None
    assert "文号未核实" in notice.cite()


def test_duplicate_makeup_day_across_breaks(notice_2027: dict[str, Any]) -> None:
    data = _mutated(notice_2027, "breaks.0.workdays", ["2027-01-31"])
    with pytest.raises(NoticeError, match=r"调休上班日重复列出"):
        parse_notice(data, source="dup.toml")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("bad.toml", "year = 2027\nnumber = ", ["bad.toml", "不是有效的 TOML 文件"]),
        ("bad.json", "{", ["bad.json", "不是有效的 JSON 文件"]),
        ("bad.yaml", "year: 2027", ["bad.yaml", "应为 .toml 或 .json 文件"]),
        ("bad.json", "[]", ["bad.json", "顶层应为表"]),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, words: list[str]) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(NoticeError) as exc_info:
        load_notice(path)
    for word in words:
        assert word in str(exc_info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NoticeError, match="无法读取通知文件：文件不存在"):
        load_notice(tmp_path / "nope.toml")


# -- the six-day rule (放假办法 第七条) ----------------------------------------------------------


def test_more_than_six_consecutive_working_days_warns(
    tmp_path: Path, notice_2027: dict[str, Any]
) -> None:
    # both weekend days before the 国庆 break worked: Mon 09-20 .. Thu 09-30 is 11 days running
    data = _mutated(notice_2027, "breaks.2.workdays", ["2027-09-25", "2027-09-26"])
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with pytest.warns(NoticeWarning, match=r"连续工作 11 天（截至 2027-09-30）") as rec:
        notice = load_notice(path)
    assert len(rec) == 1
    assert str(path) in str(rec[0].message)
    assert "第七条" in str(rec[0].message)
    assert max_consecutive_workdays(notice) == (11, D("2027-09-30"))
    # valid nonetheless: the rule says 一般, so the notice loads and counts
    assert WorkCalendar().with_notices(notice).is_workday(D("2027-09-25"))


def test_an_ordinary_notice_does_not_warn(tmp_path: Path, notice_2027: dict[str, Any]) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(notice_2027, ensure_ascii=False), "utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        notice = load_notice(path)
    assert max_consecutive_workdays(notice)[0] <= 6


def test_a_seven_day_run_warns_and_six_does_not(notice_2027: dict[str, Any]) -> None:
    # Sunday 2027-01-31 worked, Monday to Friday, then Saturday 02-06 worked: 7 days.  The
    # shortened break leaves out 除夕 and 初一, which a strict parse refuses (the law): not strict
    seven = _mutated(notice_2027, "breaks.1.from", "2027-02-07")
    seven = _mutated(seven, "breaks.1.workdays", ["2027-01-31", "2027-02-06"])
    with pytest.warns(NoticeWarning, match="连续工作 7 天"):
        parse_notice(seven, strict=False)
    six = _mutated(seven, "breaks.1.workdays", ["2027-02-06"])
    assert max_consecutive_workdays(_parse_quietly(six, strict=False))[0] == 6


# -- amendments that set particular days ------------------------------------------------------


def test_amendment_days_are_cited_on_those_days(cal: WorkCalendar) -> None:
    """A notice can say which days an amendment set (国办发明电〔2020〕1号: 01-31..02-02)."""
    base = cal.notice_for(2020)
    assert base is not None
    data = notice_to_dict(base)
    data["amendments"][0]["days"] = ["2020-01-31", "2020-02-01", "2020-02-02"]
    amended = parse_notice(data, strict=False)
    assert amended.amendments[0].days == (D("2020-01-31"), D("2020-02-01"), D("2020-02-02"))
    assert notice_to_dict(amended)["amendments"][0]["days"] == data["amendments"][0]["days"]
    new = cal.with_notices(amended)
    for d in (D("2020-01-31"), D("2020-02-01"), D("2020-02-02")):
        info = new.day_info(d)
        assert info.notice is not None
        assert info.notice.number == "国办发明电〔2020〕1号"
        assert info.to_dict()["notice"] == "国办发明电〔2020〕1号"
    assert new.day_info(D("2020-01-30")).notice == base.ref
    assert new.day_info(D("2020-01-19")).notice == base.ref
    # the days must be days the notice decides
    data["amendments"][0]["days"] = ["2020-02-03"]
    with pytest.raises(NoticeError, match=r"amendments\[0\]\.days\[0\]：2020-02-03"):
        parse_notice(data, source="2020.json", strict=False)


def test_notice_span_and_sets(notice_2027: dict[str, Any]) -> None:
    notice = _parse_quietly(notice_2027)
    first, last = notice.span
    assert first == min(notice.rest_days | notice.workdays)
    assert last == max(notice.rest_days | notice.workdays)
    assert len(notice.rest_days) == 3 + 9 + 7 + 3 + 4 + 1 + 1
    assert not notice.rest_days & notice.workdays
    assert all(first <= d <= last for d in notice.rest_days)
    assert timedelta(days=0) < last - first
