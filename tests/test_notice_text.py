"""``govflow notices import``: the text of a State Council holiday notice read into a notice.

The official texts under tests/data/notices/ (each with its source address in its first line)
must import to the calendars built in, day for day; contradictions are refused quoting the
sentence at fault.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar.notices import Notice, NoticeError, builtin_notices, load_notice
from govflow.calendar.noticetext import (
    DEFAULT_ADDRESS,
    FESTIVALS,
    decode_notice_text,
    parse_notice_text,
)
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main

DATA = Path(__file__).parent / "data" / "notices"
OFFICIAL = {"2010.txt": 2010, "2013.txt": 2013, "2017.txt": 2017, "2026-wire.txt": 2026}
URL_2017 = "http://www.gov.cn/zhengce/content/2016-12/01/content_5141603.htm"


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def builtin(year: int) -> Notice:
    return next(n for n in builtin_notices() if n.year == year)


def text_of(name: str) -> str:
    """The text as published: without the file's first line, which names the source."""
    lines = (DATA / name).read_text("utf-8").splitlines(keepends=True)
    assert lines[0].startswith("# 来源：")
    return "".join(lines[1:])


def assert_same_days(notice: Notice, year: int) -> None:
    expected = builtin(year)
    assert notice.rest_days == expected.rest_days
    assert notice.workdays == expected.workdays
    # and the calendar made from it answers as the built-in one, day for day
    ours, theirs = WorkCalendar.default().with_notices(notice), WorkCalendar.default()
    d = date(year - 1, 12, 29)
    while d < date(year, 12, 29):  # from 29 December on, the next notice decides
        assert ours.is_workday(d) == theirs.is_workday(d), d
        d += timedelta(days=1)


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_official_text_imports_to_the_builtin_calendar(name: str) -> None:
    notice = parse_notice_text(text_of(name), source=name)
    assert notice.year == OFFICIAL[name]
    assert notice.ref.title == f"国务院办公厅关于{notice.year}年部分节假日安排的通知"
    assert notice.ref.date == builtin(notice.year).ref.date
    # the wire copy carries no 文号; the others carry the one the built-in data cites
    assert notice.ref.number == ("" if "wire" in name else builtin(notice.year).ref.number)
    assert_same_days(notice, OFFICIAL[name])


def test_number_and_address_from_the_text() -> None:
    # a page copied from www.gov.cn carries its address, as the one this text came from did
    notice = parse_notice_text(f"{URL_2017}\n{text_of('2017.txt')}")
    assert notice.ref.number == "国办发明电〔2016〕17号"
    assert notice.ref.address == URL_2017
    assert parse_notice_text(text_of("2017.txt")).ref.address == DEFAULT_ADDRESS
    names = [b.name for b in notice.breaks]
    assert names[-1] == "中秋节、国庆节"


def test_2020_notice_as_published_before_its_amendment() -> None:
    """The 2020 notice imports to the built-in 2020 calendar without the later extension of
    the Spring Festival (国办发明电〔2020〕1号: 31 January to 2 February off, 1 February no
    longer worked), which is a notice of its own."""
    notice = parse_notice_text(text_of("2020.txt"))
    assert (notice.ref.number, notice.ref.date) == ("", date(2019, 11, 21))
    assert notice.ref.title == "国务院办公厅关于2020年部分节假日安排的通知"  # spaces dropped
    expected = builtin(2020)
    extended = set(expected.amendments[0].days)
    assert extended == {date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)}
    assert notice.rest_days == expected.rest_days - extended
    assert notice.workdays == expected.workdays | {date(2020, 2, 1)}


def wire_copy_2017() -> str:
    """The 2017 notice as a wire copy on a web page, ASCII punctuation, no 文号, no date line."""
    body = text_of("2017.txt").splitlines()[4:12]
    ascii_body = [
        line.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
        for line in body
    ]
    return "\n".join(
        [
            "首页 > 新闻 > 正文",
            "新华社北京12月1日电 国务院办公厅关于2017年部分节假日安排的通知,全文如下:",
            *ascii_body,
            "国务院办公厅",
            "[责任编辑:某某]",
            "1、相关阅读：春节放假安排出炉",
        ]
    )


def test_wire_copy_with_dateline_and_extra_lines() -> None:
    notice = parse_notice_text(wire_copy_2017())
    assert notice.ref.number == ""
    assert notice.ref.date == date(2016, 12, 1)
    assert_same_days(notice, 2017)


def test_full_width_digits_and_gb18030(tmp_path: Path) -> None:
    text = text_of("2026-wire.txt").translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    path = tmp_path / "n.txt"
    path.write_bytes(text.encode("gb18030"))
    assert_same_days(parse_notice_text(decode_notice_text(path.read_bytes())), 2026)


def test_range_across_the_year_boundary() -> None:
    text = text_of("2026-wire.txt").replace(
        "1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
        "12月31日（周三）至1月3日（周六）放假调休，共4天。1月4日（周日）上班。",
    )
    notice = parse_notice_text(text)
    first = notice.breaks[0]
    assert (first.first, first.last) == (date(2025, 12, 31), date(2026, 1, 3))
    assert first.workdays == (date(2026, 1, 4),)


def test_item_without_colon_2009_style() -> None:
    text = text_of("2013.txt").replace("三、清明节：4月4日", "三、清明节4月4日")
    assert text != text_of("2013.txt")
    assert_same_days(parse_notice_text(text), 2013)


def test_2019_style_explicit_years() -> None:
    text = text_of("2026-wire.txt").replace(
        "1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。",
        "2025年12月31日至2026年1月3日放假调休，共4天。2026年1月4日（星期日）上班。",
    )
    first = parse_notice_text(text).breaks[0]
    assert (first.first, first.last, first.workdays) == (
        date(2025, 12, 31),
        date(2026, 1, 3),
        (date(2026, 1, 4),),
    )


def test_cli_toml_loads_back_to_the_same_calendar(tmp_path: Path) -> None:
    out = tmp_path / "2017.toml"
    result = run("notices", "import", str(DATA / "2017.txt"), "-o", str(out))
    assert result.exit_code == 0, result.output
    loaded = load_notice(out)
    assert loaded == parse_notice_text((DATA / "2017.txt").read_text("utf-8"))
    assert_same_days(loaded, 2017)
    # stdout carries the same file
    assert run("notices", "import", str(DATA / "2017.txt")).output == out.read_text("utf-8")


def test_cli_json_days_sorted_by_date() -> None:
    result = run("notices", "import", str(DATA / "2026-wire.txt"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"year", "number", "date", "title", "days"}
    assert (data["year"], data["number"], data["date"]) == (2026, None, "2025-11-04")
    dates = [d["date"] for d in data["days"]]
    assert dates == sorted(dates)
    work = [d for d in data["days"] if d["kind"] == "workday"]
    assert [(d["date"], d["name"]) for d in work] == [
        ("2026-01-04", "元旦"),
        ("2026-02-14", "春节"),
        ("2026-02-28", "春节"),
        ("2026-05-09", "劳动节"),
        ("2026-09-20", "国庆节"),
        ("2026-10-10", "国庆节"),
    ]
    holidays = {d["date"] for d in data["days"] if d["kind"] == "holiday"}
    assert holidays == {d.isoformat() for d in builtin(2026).rest_days}


def test_cli_stdin_and_number_option(tmp_path: Path) -> None:
    out = tmp_path / "n.toml"
    result = run(
        "notices",
        "import",
        "-",
        "--number",
        "国办发明电〔2025〕7号",
        "-o",
        str(out),
        stdin=text_of("2026-wire.txt"),
    )
    assert result.exit_code == 0, result.output
    assert load_notice(out).ref.number == "国办发明电〔2025〕7号"


def test_cli_toml_without_number_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "n.toml"
    result = run("notices", "import", str(DATA / "2026-wire.txt"), "-o", str(out))
    assert result.exit_code == 2
    assert "--number" in result.output
    assert not out.exists()


def test_cli_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(text_of("2017.txt"), "utf-8")
    result = run("notices", "import", str(path), "-o", str(path))
    assert result.exit_code == 2
    assert path.read_text("utf-8") == text_of("2017.txt")


LINE = "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。"
HOSTILE = [
    # (replacement of LINE, the sentence or fragment the message must quote, what it says)
    (
        LINE.replace("1月4日（周日）", "1月4日（周一）"),
        LINE.replace("周日）上", "周一）上"),
        "星期日",
    ),
    (LINE.replace("共3天", "共4天"), LINE.replace("共3天", "共4天"), "共4天"),
    (
        LINE.replace("1月1日（周四）至", "1月一日至"),
        LINE.replace("1月1日（周四）至", "1月一日至"),
        "无法识别",
    ),
    ("一、元旦：放假调休，共3天。", "一、元旦：放假调休，共3天。", "无法识别"),
    ("一、元旦：另行通知。", "一、元旦：另行通知。", "没有找到放假日期"),
    (
        LINE.replace("1月4日（周日）", "1月5日"),
        LINE.replace("1月4日（周日）", "1月5日"),
        "星期六或星期日",
    ),
    (LINE.replace("3日（周六）", "32日"), LINE.replace("3日（周六）", "32日"), "不是有效的日期"),
]


@pytest.mark.parametrize(("line", "quoted", "says"), HOSTILE)
def test_hostile_items_refused_quoting_the_sentence(line: str, quoted: str, says: str) -> None:
    text = text_of("2026-wire.txt").replace(LINE, line)
    assert text != text_of("2026-wire.txt")
    result = run("notices", "import", "-", "--json", stdin=text)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("错误：节假日通知有误：")
    assert f"「{quoted}」" in result.output
    assert says in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (  # 中秋 overlapping 国庆: found when the items are put together
            "六、中秋节：9月25日（周五）至27日（周日）放假，共3天。",
            "六、中秋节：9月25日（周五）至10月1日（周四）放假，共7天。",
            "已在放假安排",
        ),
        (  # a 元旦 reaching back before 29 December
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
            "一、元旦：12月20日（周六）至1月3日（周六）放假调休，共15天。",
            "超出2026年通知可能涉及的日期范围",
        ),
    ],
    ids=["overlap", "before-29-december"],
)
def test_refusals_across_items_quote_the_sentence(old: str, new: str, says: str) -> None:
    text = text_of("2026-wire.txt").replace(old, new)
    assert text != text_of("2026-wire.txt")
    with pytest.raises(NoticeError) as caught:
        parse_notice_text(text, source="n.txt")
    message = str(caught.value)
    assert says in message
    assert "breaks[" not in message
    quoted = re.search(r"「(.*?)」", message)
    assert quoted is not None
    assert quoted[1] in text


def test_missing_festival_refused() -> None:
    text = "\n".join(
        line for line in text_of("2026-wire.txt").splitlines() if "端午节：" not in line
    )
    result = run("notices", "import", "-", stdin=text)
    assert result.exit_code == 2
    assert "缺少端午节" in result.output


@pytest.mark.parametrize(
    "text",
    [
        "",
        "garbage\n\x00\x01",
        "国务院办公厅关于2027年部分节假日安排的通知\n各省：略。",
        "一、元旦：1月1日放假。",
    ],
)
def test_garbage_refused(text: str) -> None:
    result = run("notices", "import", "-", stdin=text)
    assert result.exit_code == 2
    assert result.output.startswith("错误：节假日通知有误：")
    with pytest.raises(NoticeError):
        parse_notice_text(text)


def test_not_text_refused(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(b"\xff\xfe\x81\x30\xff")
    result = run("notices", "import", str(path))
    assert result.exit_code == 2
    assert "UTF-8 或 GB18030" in result.output


# ---------------------------------------------------------------------------------------------
# Generated notices rendered in the standard wording parse back to the same days

#: month and first possible start day of each festival: every break with its make-up days
#: (at most 9 + 6 days) ends before the next one can start
_STARTS = dict(
    zip(
        FESTIVALS,
        ((1, 1, 12), (2, 1, 28), (4, 1, 20), (5, 8, 28), (6, 15, 28), (9, 1, 20), (10, 8, 28)),
        strict=True,
    )
)


def _md(d: date, weekday: str) -> str:
    return f"{d.month}月{d.day}日（{weekday}{'一二三四五六日'[d.weekday()]}）"


@st.composite
def notices(draw: st.DrawFn) -> tuple[str, dict[str, tuple[date, date, list[date]]]]:
    year = draw(st.integers(2010, 2060))
    prefix = draw(st.sampled_from(["周", "星期"]))
    expected: dict[str, tuple[date, date, list[date]]] = {}
    items = []
    for k, name in enumerate(FESTIVALS):
        month, lo, hi = _STARTS[name]
        first = date(year, month, draw(st.integers(lo, hi)))
        n = draw(st.integers(1, 9))
        last = first + timedelta(days=n - 1)
        after = [last + timedelta(days=j) for j in range(1, 7)]
        weekends = [d for d in after if d.weekday() >= 5]
        work = sorted(draw(st.lists(st.sampled_from(weekends), max_size=2, unique=True)))
        end = _md(last, prefix)
        if last.month == first.month:  # 「1月1日至3日」: the month is not repeated
            end = end[len(str(last.month)) + 1 :]
        span = _md(first, prefix) if n == 1 else f"{_md(first, prefix)}至{end}"
        kind = draw(st.sampled_from(["放假调休", "放假"]))
        sentence = f"{'一二三四五六七'[k]}、{name}：{span}{kind}，共{n}天。"
        if work:
            sentence += "、".join(_md(d, prefix) for d in work) + "上班。"
        items.append(sentence)
        expected[name] = (first, last, work)
    text = "\n".join(
        [
            f"国务院办公厅关于{year}年部分节假日安排的通知",
            *items,
            "国务院办公厅",
            f"{year - 1}年11月4日",
        ]
    )
    return text, expected


@settings(max_examples=60, deadline=None)
@given(notices())
def test_generated_notices_parse_back(
    case: tuple[str, dict[str, tuple[date, date, list[date]]]],
) -> None:
    text, expected = case
    notice = parse_notice_text(text, law=False)  # invented dates: the reading, not the law
    got = {b.name: (b.first, b.last, list(b.workdays)) for b in notice.breaks}
    assert got == expected


_ALPHABET = (
    "0123456789一二三四五六七八九十〇○年月日至、，。：:（）()周星期上班放假调休共天补连-—\n "
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2000), st.integers(0, 3), st.text(_ALPHABET, max_size=4)),
        max_size=4,
    )
)
def test_damaged_texts_are_read_or_refused(edits: list[tuple[int, int, str]]) -> None:
    """A damaged notice is either still a whole notice or refused with a NoticeError."""
    text = text_of("2026-wire.txt")
    for offset, cut, insert in edits:
        at = offset % (len(text) + 1)
        text = text[:at] + insert + text[at + cut :]
    try:
        notice = parse_notice_text(text)
    except NoticeError as exc:
        message = str(exc)
    else:
        message = ""
        assert notice.year >= 1999
        assert {n for b in notice.breaks for n in b.name.split("、")} >= set(FESTIVALS)
    assert "Traceback" not in message


@pytest.mark.parametrize(
    "line", ["二○○九年十十月七日", "二○○九年十二月三十二日", "二○○九年十三月七日"]
)
def test_bad_chinese_date_line_refused(line: str) -> None:
    with pytest.raises(NoticeError, match="不是有效的日期"):
        parse_notice_text(text_of("2010.txt").replace("二○○九年十二月七日", line))
