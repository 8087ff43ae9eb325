"""The notice texts in src/govflow/data/notices/ are the source of the built-in calendar.

Each text parses to exactly the built-in notice of its year (days, kinds, break names, number,
date, address), each amendment to exactly the amendment the built-in data cites; the wordings of
the older notices and of the amendments are read, and damaged ones refused, quoting the sentence.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from govflow.calendar.notices import (
    Amendment,
    Notice,
    NoticeError,
    NoticeRef,
    apply_amendment,
    builtin_notices,
)
from govflow.calendar.noticetext import parse_amendment_text, parse_notice_text
from govflow.calendar.workcalendar import DayKind, WorkCalendar

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT / "src" / "govflow" / "data" / "notices"
D = date.fromisoformat

AMENDED = {2015: "2015-kangzhan.txt", 2019: "2019-laodongjie.txt", 2020: "2020-chunjie.txt"}
NO_TEXT = {2004, 2005, 2008, 2009}  # hand-written TOML, verified = false


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_notices", ROOT / "scripts" / "generate_notices.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def builtin(year: int) -> Notice:
    return next(n for n in builtin_notices() if n.year == year)


def read(name: str) -> str:
    return (TEXTS / name).read_text("utf-8")


def body(name: str) -> str:
    """The text without its first line (which names the copy it came from)."""
    return "".join(read(name).splitlines(keepends=True)[1:])


def text_years() -> list[int]:
    return sorted(int(p.stem) for p in TEXTS.glob("*.txt") if re.fullmatch(r"\d{4}", p.stem))


# -- the folder -----------------------------------------------------------------------------------


def test_one_file_for_every_builtin_year() -> None:
    years = [n.year for n in builtin_notices()]
    assert years == list(range(2004, 2027))
    for year in years:
        files = [p.name for p in TEXTS.glob(f"{year}.*")]
        assert len(files) == 1, (year, files)
        assert files[0].endswith(".toml") == (year in NO_TEXT), files
    assert sorted(p.name for p in TEXTS.glob("*-*.txt")) == sorted(AMENDED.values())


@pytest.mark.parametrize("path", sorted(TEXTS.glob("*.txt")), ids=lambda p: p.name)
def test_first_line_names_the_copy(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    assert re.match(r"^# 来源：https?://\S+ （", first), first
    assert "原文：" in first


@pytest.mark.parametrize("year", sorted(NO_TEXT))
def test_years_without_a_text_are_marked_unverified(year: int) -> None:
    raw = read(f"{year}.toml")
    assert raw.startswith("# 没有找到")  # says why there is no text
    assert "holidays" in raw  # and what it was derived from
    assert tomllib.loads(raw)["verified"] is False
    assert builtin(year).ref.verified is False


# -- each text is the built-in notice --------------------------------------------------------------


def assert_same_notice(ours: Notice, theirs: Notice) -> None:
    assert (ours.year, ours.ref, ours.amendments) == (theirs.year, theirs.ref, theirs.amendments)
    assert [(b.name, b.first, b.last, b.workdays) for b in ours.breaks] == [
        (b.name, b.first, b.last, b.workdays) for b in theirs.breaks
    ]
    # and the calendars made from them answer alike, kind for kind
    a, b = WorkCalendar.default().with_notices(ours), WorkCalendar.default()
    d = date(ours.year - 1, 12, 29)
    while d < date(ours.year, 12, 29):  # from 29 December on, the next notice decides
        assert (a.day_info(d).kind, a.is_workday(d)) == (b.day_info(d).kind, b.is_workday(d)), d
        d += timedelta(days=1)


@pytest.mark.parametrize("year", text_years())
def test_each_text_parses_to_the_builtin_notice(year: int) -> None:
    gen = generator()
    text = read(f"{year}.txt")
    notice = parse_notice_text(text, source=f"{year}.txt", address=gen.address_of(text, "x"))
    assert notice.ref.verified
    assert notice.ref.number, "the text (or its first line) gives the 文号"
    assert notice.ref.date, "the text gives the date"
    if year in AMENDED:
        amendment = parse_amendment_text(
            read(AMENDED[year]), address=gen.address_of(read(AMENDED[year]), "x")
        )
        notice = apply_amendment(notice, amendment)
    expected = builtin(year)
    # statutory days are not in the text: they come from the law (statutory_days)
    assert_same_notice(notice, expected)


def test_generator_reads_every_file() -> None:
    assert [n.year for n in generator().read_notices()] == list(range(2004, 2027))


def test_differences_from_the_holidays_derivation_are_decided_by_the_text() -> None:
    """Where the texts say otherwise than the data once derived from ``holidays``."""
    # 2015 「六、中秋节：9月27日放假。」: the Saturday before is an ordinary weekend day, not
    # part of the break (it was off either way)
    mid_autumn = next(b for b in builtin(2015).breaks if b.name == "中秋节")
    assert (mid_autumn.first, mid_autumn.last) == (D("2015-09-27"), D("2015-09-27"))
    assert WorkCalendar.default().is_workday(D("2015-09-26")) is False
    # the names of the combined items are the texts' order
    assert builtin(2017).breaks[-1].name == "中秋节、国庆节"  # 「六、中秋节、国庆节：」
    assert builtin(2020).breaks[-1].name == "国庆节、中秋节"  # 「六、国庆节、中秋节：」


# -- the copies named in the issue ----------------------------------------------------------------


COPIES = ROOT / "tests" / "data" / "notices"


@pytest.mark.parametrize(
    ("name", "year", "number"),
    [
        # 2017 as published (Wikisource, from the gazette) and as a news site's lead + full text
        ("2017.txt", 2017, "国办发明电〔2016〕17号"),
        ("2017-news.txt", 2017, ""),
        # 2026 as published (with its 文号; a forum that shortened the title) and the 新华社 wire
        ("2026-published.txt", 2026, "国办发明电〔2025〕7号"),
        ("2026-wire.txt", 2026, ""),
    ],
)
def test_published_and_wire_copies_of_2017_and_2026_give_the_builtin_calendars(
    name: str, year: int, number: str
) -> None:
    notice = parse_notice_text((COPIES / name).read_text("utf-8"))
    ours = builtin(year)
    assert (notice.rest_days, notice.workdays) == (ours.rest_days, ours.workdays)
    assert [(b.name, b.first, b.last, b.workdays) for b in notice.breaks] == [
        (b.name, b.first, b.last, b.workdays) for b in ours.breaks
    ]
    assert notice.ref.number == number  # a wire copy has no 文号 (notices add --number gives it)
    assert notice.ref.date == ours.ref.date
    assert notice.ref.title == ours.ref.title
    a = WorkCalendar.default().with_notices(notice)
    b = WorkCalendar.default()
    d = date(year - 1, 12, 29)
    while d < date(year, 12, 29):  # from 29 December on, the next notice decides
        assert (a.day_info(d).kind, a.is_workday(d)) == (b.day_info(d).kind, b.is_workday(d)), d
        d += timedelta(days=1)


def test_a_shortened_title_is_read_only_with_the_number_or_the_signature() -> None:
    text = (COPIES / "2026-published.txt").read_text("utf-8")
    assert "国务院办公厅关于2026年" not in text
    bare = text.replace("国办发明电〔2025〕7号", "").replace("\n国务院办公厅\n", "\n")
    with pytest.raises(NoticeError, match="没有找到通知标题"):
        parse_notice_text(bare)
    signed = text.replace("国办发明电〔2025〕7号", "")
    assert parse_notice_text(signed).year == 2026


# -- wordings of the older notices ---------------------------------------------------------------


def test_2007_wording_four_festivals_quoted_names_and_swaps() -> None:
    """2006/2007: 「三、“五一”：」, 「其中…将…两个公休日调至…，4月28日、29日上班」, 二〇〇六年…"""
    notice = parse_notice_text(body("2007.txt"))
    assert [b.name for b in notice.breaks] == ["元旦", "春节", "劳动节", "国庆节"]
    assert notice.ref.date == D("2006-12-14")
    assert sorted(notice.workdays) == [
        D("2006-12-30"),
        D("2006-12-31"),
        D("2007-02-17"),
        D("2007-02-25"),
        D("2007-04-28"),
        D("2007-04-29"),
        D("2007-09-29"),
        D("2007-09-30"),
    ]


def test_before_2008_a_missing_festival_is_still_refused() -> None:
    text = re.sub(r"四、“十一”.*\n", "", body("2007.txt"))
    with pytest.raises(NoticeError, match="缺少国庆节"):
        parse_notice_text(text)
    # and from 2008 on, the seven festivals are required
    with pytest.raises(NoticeError, match="缺少清明节"):
        parse_notice_text(re.sub(r"三、清明节.*\n", "", body("2013.txt")))


def test_item_broken_over_lines_2012_reprint() -> None:
    """「一、元旦：」 on one line, 「2012年1月1日至3日放假调休…」 on the next."""
    notice = parse_notice_text(body("2012.txt"))
    assert notice.breaks[0].workdays == (D("2011-12-31"),)
    assert notice.breaks[2].workdays == (D("2012-03-31"), D("2012-04-01"))
    # the date of issue on its own line is not taken for a continuation
    assert notice.ref.date == D("2011-12-05")


def test_continuation_only_after_an_item() -> None:
    text = body("2017.txt").replace(
        "国务院办公厅\n2016年12月1日", "国务院办公厅\n2016年12月1日\n1月2日起施行。"
    )
    assert parse_notice_text(text).ref.date == D("2016-12-01")


def test_bu_xiu_and_single_day_wordings_2014() -> None:
    notice = parse_notice_text(body("2014.txt"))
    qingming = notice.breaks[2]  # 「4月5日放假，4月7日（星期一）补休。」
    assert (qingming.first, qingming.last) == (D("2014-04-05"), D("2014-04-07"))
    assert (notice.breaks[0].first, notice.breaks[0].last) == (D("2014-01-01"),) * 2


def test_2006_truncated_copy_reads_its_date_from_the_page_head() -> None:
    notice = parse_notice_text(body("2006.txt"))
    assert (notice.ref.number, notice.ref.date) == ("国办发明电〔2005〕35号", D("2005-12-16"))
    assert D("2005-12-31") in notice.workdays


def test_wrong_weekday_in_an_old_wording_is_refused() -> None:
    text = body("2007.txt").replace(
        "4月28日(星期六)、29日(星期日)两个", "4月28日(星期日)、29日(星期日)两个"
    )
    # only the 上班 clause is read for days; the 其中 clause's weekdays are not checked
    parse_notice_text(text)
    bad = body("2007.txt").replace("4月28日、29日上班", "4月27日、29日上班")
    with pytest.raises(NoticeError, match="4月27日、29日上班"):
        parse_notice_text(bad)


# -- amendments ---------------------------------------------------------------------------------


@pytest.mark.parametrize("year", sorted(AMENDED))
def test_each_amendment_is_the_one_the_builtin_data_cites(year: int) -> None:
    amendment = parse_amendment_text(read(AMENDED[year]))
    (cited,) = builtin(year).amendments
    assert (amendment.ref.number, amendment.ref.date, amendment.ref.title) == (
        cited.number,
        cited.date,
        cited.title,
    )
    assert amendment.ref.address == cited.address  # the gov.cn address of the first line
    merged = apply_amendment(parse_notice_text(read(f"{year}.txt")), amendment)
    assert merged.amendments[0].days == cited.days


def test_amendment_2015_a_break_of_its_own() -> None:
    a = parse_amendment_text(body("2015-kangzhan.txt"))
    assert (a.year, a.first, a.last, a.workdays) == (
        2015,
        D("2015-09-03"),
        D("2015-09-05"),
        (D("2015-09-06"),),
    )
    assert a.ref.number == "国发明电〔2015〕1号"
    assert a.name == "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    # 「2015年9月3日全国放假1天」: a holiday the document itself declares; 9月4日 is 调休
    assert a.holidays == (D("2015-09-03"),)
    merged = apply_amendment(parse_notice_text(read("2015.txt")), a)
    cal = WorkCalendar([merged])
    assert cal.day_info(D("2015-09-03")).kind is DayKind.HOLIDAY
    assert cal.day_info(D("2015-09-03")).name == a.name
    assert cal.day_info(D("2015-09-04")).kind is DayKind.REST_DAY
    assert cal.day_info(D("2015-10-01")).kind is DayKind.HOLIDAY  # the law still fills the rest


def test_amendment_2019_sets_the_break_anew() -> None:
    a = parse_amendment_text(body("2019-laodongjie.txt"))
    assert (a.name, a.first, a.last, a.workdays) == (
        "劳动节",
        D("2019-05-01"),
        D("2019-05-04"),
        (D("2019-04-28"), D("2019-05-05")),
    )
    assert a.ref.number == "国办发明电〔2019〕3号"  # not 5号: the text decides


def test_amendment_2020_extends_a_break_and_frees_its_workday() -> None:
    a = parse_amendment_text(body("2020-chunjie.txt"))
    assert (a.name, a.first, a.last, a.extends) == ("春节", None, D("2020-02-02"), True)
    assert a.ref.number == ""  # the wire copy carries none; the first line does
    assert parse_amendment_text(read("2020-chunjie.txt")).ref.number == "国办发明电〔2020〕1号"
    assert a.ref.date == D("2020-01-26")  # the date line, not the dateline (1月27日)
    before = parse_notice_text(read("2020.txt"))
    after = apply_amendment(before, parse_amendment_text(read("2020-chunjie.txt")))
    assert D("2020-02-01") in before.workdays
    assert D("2020-02-01") not in after.workdays
    assert after.ref_for(D("2020-02-01")).number == "国办发明电〔2020〕1号"
    assert after.ref_for(D("2020-01-24")) == before.ref


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("5月1日至4日放假调休,共4天", "5月1日至4日放假调休,共5天", "共5天"),
        ("4月28日(星期日)", "4月28日(星期一)", "星期日，与原文「星期一」不符"),
        (
            "4月28日(星期日)、5月5日(星期日)上班",
            "4月29日、5月5日(星期日)上班",
            "调休上班日应为星期六或星期日",
        ),
        (
            "一、2019年5月1日至4日放假调休,共4天。",
            "一、劳动节放假时间另行通知。",
            "没有找到调整后的放假日期",
        ),
        (
            "国务院办公厅关于调整2019年劳动节假期安排的通知",
            "国务院办公厅关于劳动节的通知",
            "没有找到调整通知的标题",
        ),
    ],
)
def test_damaged_amendment_refused(old: str, new: str, says: str) -> None:
    text = body("2019-laodongjie.txt")
    assert old in text
    with pytest.raises(NoticeError, match=re.escape(says)):
        parse_amendment_text(text.replace(old, new))


def test_amendment_for_another_year_or_a_missing_break_refused() -> None:
    a2020 = parse_amendment_text(body("2020-chunjie.txt"))
    with pytest.raises(NoticeError, match="不能并入2019年的通知"):
        apply_amendment(builtin(2019), a2020)
    ref = NoticeRef(number="", date=None, title="t", address="https://www.gov.cn/x.htm")
    extend = Amendment(year=2019, name="植树节", ref=ref, last=D("2019-03-12"))
    with pytest.raises(NoticeError, match="没有「植树节」的放假安排"):
        apply_amendment(builtin(2019), extend)
