"""The text of a 国务院办公厅关于YYYY年部分节假日安排的通知, read into a :class:`Notice`.

The notice is a short formulaic text::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。

Each festival item gives a range (or single day) off, optionally 「共N天」, days of 补休, 「与周末连休」,
and the weekend days worked (上班).  Everything is checked before a notice is returned: a weekday
annotation that contradicts its date, a day count that disagrees with the range, an item without
dates, a 上班 day that is not a weekend day, a festival missing — each is a :class:`NoticeError`
quoting the sentence, never a partial notice.  Lines that are not part of the notice (a pasted web
page's menus, a wire service's dateline) are ignored.

:func:`parse_amendment_text` reads a mid-year amendment (调整、延长 a break, or a 纪念日's break of
its own) into an :class:`~govflow.calendar.notices.Amendment`, which
:func:`~govflow.calendar.notices.apply_amendment` merges into its year's notice.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import date, timedelta
from typing import Any, NoReturn

from govflow.calendar.notices import (
    Amendment,
    Notice,
    NoticeError,
    NoticeRef,
    NoticeWarning,
    parse_notice,
    require_statutory_days,
)
from govflow.text.numerals import parse_number

__all__ = [
    "FESTIVALS",
    "decode_notice_text",
    "is_amendment_text",
    "parse_amendment_text",
    "parse_notice_text",
]

#: The seven festivals every notice since 2008 arranges (中秋节 and 国庆节 may share one item).
FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")

#: Before the 2007 revision of the 放假办法 (in force 2008) a notice arranged four festivals.
FESTIVALS_BEFORE_2008 = ("元旦", "春节", "劳动节", "国庆节")

#: The names the notices before 2008 gave two of them: 「三、“五一”：」, 「四、“十一”：」.
_ALIASES = {"五一": "劳动节", "十一": "国庆节"}

#: The library the notices are published in; used when the text carries no address of its own.
DEFAULT_ADDRESS = "https://www.gov.cn/zhengce/zhengceku/"

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_TITLE = re.compile(r"国务院办公厅关于\s*(\d{4})\s*年\s*部分节假日安排的通知")
_SHORT_TITLE = re.compile(r"关于(\d{4})年部分节假日安排的通知")
_NUMBER = re.compile(r"国办发(?:明电)?\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d+)\s*号")
_DATE_LINE = re.compile(r"^\s*(\d{4})年(\d{1,2})月(\d{1,2})日\s*$")
_CN_DATE_LINE = re.compile(
    r"^\s*([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日\s*$"
)
_CN_DIGITS = {c: str(k) for k, c in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
_DATELINE = re.compile(r"新华社北京(\d{1,2})月(\d{1,2})日电")
_URL = re.compile(r"https?://www\.gov\.cn/\S+?\.htm")
# 「三、清明节4月4日至6日放假」 (2009) has no colon after the name
_ITEM = re.compile(
    r"^\s*[一二三四五六七八九十]+\s*、\s*([^:，,。0-9]{2,30}?)\s*(?::\s*|(?=[0-9]))(.*)$"
)
_DAY = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:\s*\(([^)]*)\))?")
_RANGE_SEP = r"\s*(?:至|到|—|－|-|~|～)\s*"


def decode_notice_text(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; :class:`NoticeError` for neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NoticeError("通知原文不是 UTF-8 或 GB18030 编码的文本")


def _norm(line: str) -> str:
    # NFKC turns full-width digits, colons, commas and brackets into ASCII; 、 and 。 stay
    return unicodedata.normalize("NFKC", line).replace("\u3000", " ")


def _item_year(name: str, month: int, year: int) -> int:
    # the New Year break may start in the previous December: 12月30日至1月1日
    return year - 1 if month == 12 and "元旦" in name else year


class _Item:
    """One festival item being read; *quote* is the original sentence for error messages."""

    def __init__(self, name: str, body: str, quote: str, year: int, source: str) -> None:
        self.name, self.body, self.quote, self.year = name, body, quote, year
        self.source = source

    def fail(self, why: str) -> NoReturn:
        raise NoticeError(f"{self.source}：「{self.quote}」：{why}")

    def day(self, m: re.Match[str], month: int | None) -> tuple[date, int]:
        y, mo, d, note = m.group(1), m.group(2), m.group(3), m.group(4)
        month_ = int(mo) if mo else month
        if month_ is None:
            self.fail(f"「{m.group(0)}」没有月份")
        year = int(y) if y else _item_year(self.name, month_, self.year)
        try:
            value = date(year, month_, int(d))
        except ValueError:
            self.fail(f"「{m.group(0)}」不是有效的日期")
        if note:
            w = re.search(r"(?:星期|周)([一二三四五六日天])", note)
            if w and _WEEKDAYS[w.group(1)] != value.weekday():
                actual = "一二三四五六日"[value.weekday()]
                self.fail(f"{value} 是星期{actual}，与原文「{note}」不符")
        return value, month_


def _days_in(item: _Item, text: str, month: int | None) -> tuple[list[date], int | None]:
    out = []
    for m in _DAY.finditer(text):
        d, month = item.day(m, month)
        out.append(d)
    return out, month


def _read_item(item: _Item) -> dict[str, Any]:
    sentences = [s.strip() for s in re.split(r"[。;]", item.body) if s.strip()]
    if not sentences or "放假" not in sentences[0]:
        item.fail("没有找到放假日期（应如「1月1日至3日放假调休，共3天」）")
    head = sentences[0]
    before, _, after = head.partition("放假")
    range_m = re.fullmatch(rf"\s*({_DAY.pattern})(?:{_RANGE_SEP}({_DAY.pattern}))?\s*", before)
    if not range_m:
        item.fail(f"放假日期「{before.strip() or '（空）'}」无法识别")
    first_m = _DAY.fullmatch(range_m.group(1))
    assert first_m is not None
    first, month = item.day(first_m, None)
    last = first
    if range_m.group(6):
        last_m = _DAY.fullmatch(range_m.group(6))
        assert last_m is not None
        last, m2 = item.day(last_m, month)
        if last < first:
            item.fail(f"结束日 {last} 早于开始日 {first}")
        month = m2
    if (last - first).days > 31:
        item.fail(f"放假 {first}..{last} 超过 32 天，不合常理")
    extra, _ = _days_in(item, after, month)  # 1月2日（星期一）补休
    total = re.search(r"共\s*(\d+)\s*天", after)
    span = (last - first).days + 1
    if total and int(total.group(1)) != span:
        item.fail(f"「共{total.group(1)}天」与 {first}..{last}（{span} 天）不符")
    rest = {first + timedelta(days=k) for k in range(span)} | set(extra)
    if extra or "连休" in after:
        # 补休 and 与周末连休 join the adjacent weekend to the break
        lo, hi = min(rest), max(rest)
        while (lo - timedelta(days=1)).weekday() >= 5:
            lo -= timedelta(days=1)
        while (hi + timedelta(days=1)).weekday() >= 5:
            hi += timedelta(days=1)
        rest = {lo + timedelta(days=k) for k in range((hi - lo).days + 1)}
    lo, hi = min(rest), max(rest)
    if len(rest) != (hi - lo).days + 1:
        item.fail("放假日期不连续")
    work: list[date] = []
    for s in sentences[1:]:
        if "上班" not in s:
            continue
        # only the clause that says 上班: 「12月29日（星期六）公休日调至12月31日（星期一），
        # 12月29日（星期六）上班」 (2008) names other days before it
        clause = next(c for c in re.split(r"[,，:]", s) if "上班" in c)
        days, _ = _days_in(item, clause, month)
        if not days:
            item.fail(f"「{s}」没有上班日期")
        for d in days:
            if d.weekday() < 5:
                item.fail(
                    f"上班日 {d} 是星期{'一二三四五'[d.weekday()]}，调休上班日应为星期六或星期日"
                )
        work.extend(days)
    return {
        "name": item.name,
        "from": lo.isoformat(),
        "to": hi.isoformat(),
        "workdays": [d.isoformat() for d in sorted(work)],
    }


def parse_notice_text(
    text: str, *, source: str = "<通知原文>", address: str | None = None, law: bool = True
) -> Notice:
    """Read the text of a notice into a validated :class:`Notice` (``strict=False``: the
    document number and date may be missing from a wire copy; then they are empty).

    With ``law`` (the default) the arrangement is also checked against the 放假办法 in force
    (:func:`~govflow.calendar.notices.require_statutory_days`); ``law=False`` reads the text
    alone, for tests of the reading itself."""
    lines = text.splitlines()
    norm = [_norm(line) for line in lines]
    # the title and the number may be broken over lines (「国务院办公厅关于2010年\n部分节假日…」)
    flat = re.sub(r"\s+", "", "".join(norm))
    title_m = _TITLE.search(flat)
    number_m = _NUMBER.search(flat)
    if title_m is None and (number_m or "国务院办公厅" in _lines(norm)):
        # a reprint that shortened the title (「关于2026年部分节假日安排的通知(转自人社通)」)
        # but keeps the 国办发明电 number or the 国务院办公厅 signature
        title_m = _SHORT_TITLE.search(flat)
    if title_m is None:
        raise NoticeError(
            f"{source}：没有找到通知标题「国务院办公厅关于YYYY年部分节假日安排的通知」"
        )
    year = int(title_m.group(1))
    number = f"国办发明电〔{number_m.group(1)}〕{number_m.group(2)}号" if number_m else ""
    issued = _issued(norm, year - 1, source)  # published in the year before the one arranged
    if address is None:
        url = next((m.group(0) for line in norm if (m := _URL.search(line))), None)
        address = url or DEFAULT_ADDRESS
    lines, norm = _join_continuations(lines, norm)
    breaks = []
    quotes: list[str] = []
    for original, line in zip(lines, norm, strict=True):
        m = _ITEM.match(line)
        if not m:
            continue
        names = [_festival(n) for n in m.group(1).split("、")]
        if not any(n in FESTIVALS for n in names):
            continue  # a numbered line of something else on a pasted page
        item = _Item("、".join(names), m.group(2), original.strip(), year, source)
        breaks.append(_read_item(item))
        quotes.append(item.quote)
    found = {n for b in breaks for n in b["name"].split("、")}
    if not breaks:
        raise NoticeError(f"{source}：没有找到任何节日的放假安排（如「一、元旦：1月1日放假」）")
    missing = [f for f in (FESTIVALS if year >= 2008 else FESTIVALS_BEFORE_2008) if f not in found]
    if missing:
        raise NoticeError(f"{source}：通知缺少{'、'.join(missing)}的放假安排；原文不完整？")
    data: dict[str, Any] = {
        "year": year,
        "number": number,
        "date": issued.isoformat() if issued else "",
        "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
        "address": address,
        "breaks": breaks,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeWarning)  # history has 7-day runs (2023)
        try:
            notice = parse_notice(data, source=source, strict=False)
        except NoticeError as exc:
            # the checks across items (overlaps, dates outside the year) name breaks[k]:
            # quote the sentence of that item instead
            m = re.match(rf"{re.escape(source)}：breaks\[(\d+)\][^：]*：(.*)$", str(exc), re.S)
            if m is None:
                raise
            raise NoticeError(f"{source}：「{quotes[int(m[1])]}」：{m[2]}") from None
    if law:  # a text against the 放假办法 is not a notice
        require_statutory_days(notice, source)
    return notice


def _lines(norm: list[str]) -> set[str]:
    """The stripped lines of a normalised text (to find a signature line such as 国务院办公厅)."""
    return {line.strip() for line in norm}


def _issued(norm: list[str], dateline_year: int, source: str) -> date | None:
    """The date of issue: the last date line (2019年3月22日, 二○○九年十二月七日), else the
    dateline of a wire copy (新华社北京11月4日电, in *dateline_year*)."""
    for line in reversed(norm):
        if m := _DATE_LINE.match(line):
            return _checked_date(int(m[1]), int(m[2]), int(m[3]), line, source)
        if m := _CN_DATE_LINE.match(line):
            y = int("".join(_CN_DIGITS[c] for c in m[1]))
            try:
                month, day = parse_number(m[2]), parse_number(m[3])
            except ValueError:
                month = day = 0  # 十十: refused as an invalid date below
            return _checked_date(y, month, day, line, source)
    for line in norm:
        if m := _DATELINE.search(line):
            return _checked_date(dateline_year, int(m[1]), int(m[2]), line, source)
    return None


def _festival(name: str) -> str:
    """The festival an item names: 「“五一”国际劳动节」 (2008) and 「“五一”」 (2007) are the 劳动节."""
    for festival in FESTIVALS:
        if festival in name:
            return festival
    for alias, festival in _ALIASES.items():
        if re.fullmatch(rf"\W*{alias}\W*", name):
            return festival
    return name.strip()


def _join_continuations(lines: list[str], norm: list[str]) -> tuple[list[str], list[str]]:
    """Join to a festival item the lines a pasted page broke it into.

    Some reprints put the arrangement on the line after the name (「一、元旦：」 / 「2012年1月1日至3日
    放假调休…」, 2012) or a 上班 sentence on a line of its own: a line that starts with a date and is
    not the date of issue continues the item above it.
    """
    out_lines: list[str] = []
    out_norm: list[str] = []
    in_item = False
    for original, line in zip(lines, norm, strict=True):
        stripped = line.strip()
        if _ITEM.match(line):
            in_item = True
        elif (
            in_item
            and re.match(r"\d", stripped)
            and not _DATE_LINE.match(line)
            and (out_norm[-1].rstrip().endswith(("：", ":", "。")))
        ):
            out_lines[-1] = f"{out_lines[-1].rstrip()}{original.strip()}"
            out_norm[-1] = f"{out_norm[-1].rstrip()}{stripped}"
            continue
        elif stripped:
            in_item = False
        out_lines.append(original)
        out_norm.append(line)
    return out_lines, out_norm


def _checked_date(y: int, m: int, d: int, line: str, source: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise NoticeError(f"{source}：「{line.strip()}」不是有效的日期") from None


# ---------------------------------------------------------------------------------------------
# Amendments: 「国务院办公厅关于调整2019年劳动节假期安排的通知」 and the like

_AMEND_TITLES = (
    # 国务院办公厅关于调整2019年劳动节假期安排的通知
    re.compile(
        r"国务院(?:办公厅)?关于调整(?P<year>\d{4})年(?P<name>[^，。,《》]{2,12}?)假期安排的通知"
    ),
    # 国务院办公厅关于延长2020年春节假期的通知
    re.compile(
        r"国务院(?:办公厅)?关于延长(?P<year>\d{4})年(?P<name>[^，。,《》]{2,12}?)假期的通知"
    ),
    # 国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知
    re.compile(r"国务院(?:办公厅)?关于(?P<name>[^，。,《》]{2,60}?)调休放假的通知"),
)
_AMEND_NUMBER = re.compile(r"(国(?:办)?发明电)\s*[〔\[(（【]\s*(\d{4})\s*[〕\])）】]\s*(\d+)\s*号")
_EXTEND = re.compile(rf"延长\d{{4}}年[^至]{{2,12}}?假期至({_DAY.pattern})")
_AMEND_RANGE = re.compile(rf"({_DAY.pattern}){_RANGE_SEP}({_DAY.pattern})\s*(?:调休)?放假")


def is_amendment_text(text: str) -> bool:
    """Whether *text* is an amendment (its title is one of the amendments' and it has no
    「部分节假日安排的通知」 title of a year's notice)."""
    flat = re.sub(r"\s+", "", _norm(text))
    return _TITLE.search(flat) is None and any(p.search(flat) for p in _AMEND_TITLES)


#: A day the amendment itself declares a holiday for everyone (国发明电〔2015〕1号).
_DECLARED = re.compile(r"((?:\d{4}年)?\d{1,2}月\d{1,2}日)\s*全国放假")


def parse_amendment_text(
    text: str, *, source: str = "<调整通知原文>", address: str | None = None
) -> Amendment:
    """Read the text of a mid-year amendment into an :class:`Amendment`.

    Three wordings are known: 「调整YYYY年劳动节假期安排」 (a break set anew: 「5月1日至4日放假调休，
    共4天。4月28日（星期日）、5月5日（星期日）上班。」), 「延长YYYY年春节假期」 (「延长…假期至2月2日」)
    and 「…纪念日调休放假」 (a break of its own: 「9月3日至5日调休放假，共3天。…9月6日（星期日）上班。」).
    Weekday annotations, day counts and 上班 days are checked as in a notice.
    """
    norm = [_norm(line) for line in text.splitlines()]
    flat = re.sub(r"\s+", "", "".join(norm))
    found = next(((p, m) for p in _AMEND_TITLES if (m := p.search(flat))), None)
    if found is None:
        raise NoticeError(
            f"{source}：没有找到调整通知的标题（如「国务院办公厅关于调整2019年劳动节假期安排的通知」"
            "「国务院办公厅关于延长2020年春节假期的通知」）"
        )
    pattern, title_m = found
    issued = _issued(norm, 0, source)
    if "year" in pattern.groupindex:
        year = int(title_m["year"])
    elif issued is not None:
        year = issued.year
    else:
        raise NoticeError(f"{source}：调整通知没有年份，也没有发文日期")
    if issued is not None:
        issued = _issued(norm, year, source)  # a wire dateline is in the year arranged
    number_m = _AMEND_NUMBER.search(flat)
    number = f"{number_m[1]}〔{number_m[2]}〕{number_m[3]}号" if number_m else ""
    if address is None:
        url = next((m.group(0) for line in norm if (m := _URL.search(line))), None)
        address = url or DEFAULT_ADDRESS
    ref = NoticeRef(number=number, date=issued, title=title_m.group(0), address=address)
    name = title_m["name"]
    body = "".join(norm[1:] if norm and norm[0].startswith("#") else norm)
    sentences = [s.strip() for s in re.split(r"[。;]", body) if s.strip()]
    item = _Item(name, "", "", year, source)
    first: date | None = None
    last: date | None = None
    workdays: list[date] = []
    declared: list[date] = []
    for sentence in sentences:
        item.quote = sentence
        for m in _DECLARED.finditer(sentence):  # 「2015年9月3日全国放假1天」: a holiday of its own
            declared.append(item.day(_DAY.fullmatch(m.group(1)) or _no_day(item), None)[0])
        if last is None and (m := _EXTEND.search(sentence)):
            last, _ = item.day(_DAY.fullmatch(m.group(1)) or _no_day(item), None)
        elif last is None and (m := _AMEND_RANGE.search(sentence)):
            first, month = item.day(_DAY.fullmatch(m.group(1)) or _no_day(item), None)
            last, _ = item.day(_DAY.fullmatch(m.group(6)) or _no_day(item), month)
            if last < first:
                item.fail(f"结束日 {last} 早于开始日 {first}")
            total = re.search(r"共\s*(\d+)\s*天", sentence[m.end() :])
            span = (last - first).days + 1
            if total and int(total.group(1)) != span:
                item.fail(f"「共{total.group(1)}天」与 {first}..{last}（{span} 天）不符")
        for clause in re.split(r"[,，:]", sentence):
            if "上班" not in clause or "正常上班" in clause:
                continue
            days, _ = _days_in(item, clause, None)
            for d in days:
                if d.weekday() < 5:
                    item.fail(
                        f"上班日 {d} 是星期{'一二三四五'[d.weekday()]}，调休上班日应为星期六或星期日"
                    )
            workdays.extend(days)
    if last is None:
        raise NoticeError(
            f"{source}：没有找到调整后的放假日期（如「5月1日至4日放假调休」「延长…假期至2月2日」）"
        )
    return Amendment(
        year=year,
        name=name,
        ref=ref,
        first=first,
        last=last,
        workdays=tuple(sorted(workdays)),
        holidays=tuple(sorted(set(declared))),
    )


def _no_day(item: _Item) -> NoReturn:
    item.fail("日期无法识别")
