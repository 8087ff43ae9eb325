"""《全国年节及纪念日放假办法》: the statutory holidays, version by version.

The State Council's 放假办法 names the days every citizen has off (第二条) and gives a weekday off
in their place when one falls on a Saturday or Sunday (第六条).  Each yearly notice arranges the
breaks around these days; it may add 调休 days, but it may not take a statutory day away.  This
module holds the versions since 1999 with their periods of validity and computes, for a year, the
statutory days of the version in force on each day:

- 1999: 国务院令第270号, in force 1999-09-18: 新年 1, 春节 3 (正月初一至初三), 劳动节 3, 国庆节 3;
- 2007: 国务院令第513号, in force 2008-01-01: 春节 3 (除夕、初一、初二), 劳动节 1, and 清明节,
  端午节, 中秋节 1 each;
- 2013: 国务院令第644号, in force 2014-01-01: 春节 3 (正月初一、初二、初三);
- 2024: 国务院令第795号 (not 第790号, as it is sometimes cited), in force 2025-01-01: 春节 4
  (除夕、正月初一至初三), 劳动节 2 (5月1日、2日).

The 1949 text (政务院) in force before 1999-09-18 is not modelled: no statutory day is computed
for a date before then.  The law says 新年 until the 2024 version, which says 元旦; the calendar
names the day 元旦 throughout, as the notices do.

Lunar dates (春节, 端午, 中秋, and 除夕, the last day of the twelfth month, a 29th or a 30th) and
the 清明 solar term come from ``lunar-python`` (``Lunar.fromYmd``, ``getSolar``,
``getJieQiTable``), a maintained pure-Python port of the 寿星天文历 algorithms: it computes rather
than looks up, and its API is public.  The ``holidays`` package's lunisolar calendar
(``holidays.calendars.chinese._ChineseLunisolar``) is private, so it serves only as a test oracle;
the tests cross-check lunar-python against it, ``lunardate`` and ``chinese_calendar`` for every
year of :data:`LAW_YEARS`, the range where this module computes at all, and the statutory days
against the ``holidays`` China calendar (2004-2026) and the holiday-cn data (2007 on).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from typing import Protocol

from attrs import frozen

__all__ = [
    "LAW_VERSIONS",
    "LAW_YEARS",
    "Festival",
    "LawVersion",
    "LawViolation",
    "StatutoryDay",
    "check_notice",
    "law_days",
    "law_in_force",
    "statutory_counts",
    "substitute_days",
]

#: Years for which statutory days are computed: from the first modelled version to the last year
#: the lunar converter is cross-checked against a second implementation in the tests.
LAW_YEARS = range(1999, 2101)

_TITLE = "《全国年节及纪念日放假办法》"

# A day of a festival: ("solar", month, day), ("lunar", month, day) of the lunar year that
# starts in the Gregorian year, ("eve",) the day before 正月初一, ("qingming",) the solar term.
_Spec = tuple[str, int, int] | tuple[str]


@frozen
class Festival:
    """One item of 第二条: a festival and the days it gives, with the text that says so."""

    name: str
    days: tuple[_Spec, ...]
    text: str
    """The item as the version words it, e.g. 「（二）春节，放假3天（农历除夕、正月初一、初二）」."""


@frozen
class LawVersion:
    """One version of 《全国年节及纪念日放假办法》 and the day it came into force."""

    order: str
    """The 国务院令 that published it, e.g. ``国务院令第513号``."""
    issued: date
    in_force: date
    festivals: tuple[Festival, ...]
    address: str
    """Where its text was read (a copy of the 国务院令 with the revised 第二条)."""

    def cite(self, article: str = "第二条") -> str:
        """Chinese citation, e.g. ``《全国年节及纪念日放假办法》（国务院令第513号）第二条``."""
        return f"{_TITLE}（{self.order}）{article}"

    def festival(self, name: str) -> Festival:
        for f in self.festivals:
            if f.name == name:
                return f
        raise KeyError(name)


_NEW_YEAR_OLD = Festival("元旦", (("solar", 1, 1),), "（一）新年，放假1天（1月1日）")
_QINGMING = Festival("清明节", (("qingming",),), "（三）清明节，放假1天（农历清明当日）")
_DUANWU = Festival("端午节", (("lunar", 5, 5),), "（五）端午节，放假1天（农历端午当日）")
_ZHONGQIU = Festival("中秋节", (("lunar", 8, 15),), "（六）中秋节，放假1天（农历中秋当日）")
_NATIONAL = Festival(
    "国庆节",
    (("solar", 10, 1), ("solar", 10, 2), ("solar", 10, 3)),
    "（七）国庆节，放假3天（10月1日、2日、3日）",
)
_LABOUR_1 = Festival("劳动节", (("solar", 5, 1),), "（四）劳动节，放假1天（5月1日）")

#: Every modelled version, oldest first.  Texts as read (the 2024 version numbers its 第二条
#: items the same way; its 第六条 says 周六、周日 where the older ones say 星期六、星期日).
LAW_VERSIONS: tuple[LawVersion, ...] = (
    LawVersion(
        order="国务院令第270号",
        issued=date(1999, 9, 18),
        in_force=date(1999, 9, 18),  # 「自发布之日起施行」
        address="https://newton.com.tw/wiki/中華人民共和國國務院令第270號",
        festivals=(
            _NEW_YEAR_OLD,
            Festival(
                "春节",
                (("lunar", 1, 1), ("lunar", 1, 2), ("lunar", 1, 3)),
                "（二）春节，放假3天（农历正月初一、初二、初三）",
            ),
            Festival(
                "劳动节",
                (("solar", 5, 1), ("solar", 5, 2), ("solar", 5, 3)),
                "（三）劳动节，放假3天（5月1日、2日、3日）",
            ),
            Festival("国庆节", _NATIONAL.days, "（四）国庆节，放假3天（10月1日、2日、3日）"),
        ),
    ),
    LawVersion(
        order="国务院令第513号",
        issued=date(2007, 12, 14),
        in_force=date(2008, 1, 1),
        address="https://zh.wikisource.org/wiki/國務院關於修改《全國年節及紀念日放假辦法》的決定_(2007年)",
        festivals=(
            _NEW_YEAR_OLD,
            Festival(
                "春节",
                (("eve",), ("lunar", 1, 1), ("lunar", 1, 2)),
                "（二）春节，放假3天（农历除夕、正月初一、初二）",
            ),
            _QINGMING,
            _LABOUR_1,
            _DUANWU,
            _ZHONGQIU,
            _NATIONAL,
        ),
    ),
    LawVersion(
        order="国务院令第644号",
        issued=date(2013, 12, 11),
        in_force=date(2014, 1, 1),
        address="http://big5.www.gov.cn/gate/big5/www.gov.cn/zhuanti/2013-12/11/content_2610576.htm",
        festivals=(
            _NEW_YEAR_OLD,
            Festival(
                "春节",
                (("lunar", 1, 1), ("lunar", 1, 2), ("lunar", 1, 3)),
                "（二）春节，放假3天（农历正月初一、初二、初三）",
            ),
            _QINGMING,
            _LABOUR_1,
            _DUANWU,
            _ZHONGQIU,
            _NATIONAL,
        ),
    ),
    LawVersion(
        order="国务院令第795号",
        issued=date(2024, 11, 10),
        in_force=date(2025, 1, 1),
        address="https://cj.sina.com.cn/articles/view/1715196611/663bd2c301901axe4",
        festivals=(
            Festival("元旦", (("solar", 1, 1),), "（一）元旦，放假1天（1月1日）"),
            Festival(
                "春节",
                (("eve",), ("lunar", 1, 1), ("lunar", 1, 2), ("lunar", 1, 3)),
                "（二）春节，放假4天（农历除夕、正月初一至初三）",
            ),
            _QINGMING,
            Festival(
                "劳动节",
                (("solar", 5, 1), ("solar", 5, 2)),
                "（四）劳动节，放假2天（5月1日、2日）",
            ),
            _DUANWU,
            _ZHONGQIU,
            Festival("国庆节", _NATIONAL.days, "（七）国庆节，放假3天（10月1日至3日）"),
        ),
    ),
)


@frozen
class StatutoryDay:
    """One statutory day off: its date, its name in the calendar, its festival and the law."""

    date: date
    name: str
    """The day's name as the calendar shows it: 农历除夕 for the eve of 春节, else the festival."""
    festival: str
    version: LawVersion


def law_in_force(d: date) -> LawVersion | None:
    """The version of the 放假办法 in force on *d*, or ``None`` before 1999-09-18."""
    found = None
    for v in LAW_VERSIONS:
        if v.in_force <= d:
            found = v
    return found


@cache
def _lunar_year(year: int) -> dict[str, date]:
    """正月初一, 端午, 中秋 of the lunar year starting in *year*, and 清明 of *year*."""
    from lunar_python import Lunar  # imported lazily: about 0.1 s

    def solar(month: int, day: int) -> date:
        s = Lunar.fromYmd(year, month, day).getSolar()
        return date(s.getYear(), s.getMonth(), s.getDay())

    first = Lunar.fromYmd(year, 1, 1)
    q = first.getJieQiTable()["清明"]
    return {
        "1-1": solar(1, 1),
        "1-2": solar(1, 2),
        "1-3": solar(1, 3),
        "5-5": solar(5, 5),
        "8-15": solar(8, 15),
        "qingming": date(q.getYear(), q.getMonth(), q.getDay()),
    }


def _resolve(spec: _Spec, year: int) -> date:
    kind = spec[0]
    if kind == "solar":
        return date(year, spec[1], spec[2])  # type: ignore[misc]
    lunar = _lunar_year(year)
    if kind == "lunar":
        return lunar[f"{spec[1]}-{spec[2]}"]  # type: ignore[misc]
    if kind == "eve":  # the last day of the twelfth month, whether a 29th or a 30th
        return lunar["1-1"] - timedelta(days=1)
    return lunar["qingming"]


@cache
def law_days(year: int) -> tuple[StatutoryDay, ...]:
    """The statutory days of *year*, each under the version in force on it, in date order.

    Two festivals on one date (中秋节 on 1 October) give two entries.  Empty outside
    :data:`LAW_YEARS`.
    """
    if year not in LAW_YEARS:
        return ()
    out: list[StatutoryDay] = []
    for v in LAW_VERSIONS:
        for f in v.festivals:
            for spec in f.days:
                d = _resolve(spec, year)
                if law_in_force(d) is v:
                    name = "农历除夕" if spec == ("eve",) else f.name
                    out.append(StatutoryDay(d, name, f.name, v))
    order = {f.name: k for k, f in enumerate(LAW_VERSIONS[-1].festivals)}
    return tuple(sorted(out, key=lambda s: (s.date, order[s.festival])))


def statutory_counts(year: int) -> dict[str, int]:
    """How many statutory days each festival has in *year* (e.g. 春节 4 from 2025)."""
    counts: dict[str, int] = {}
    for s in law_days(year):
        counts[s.festival] = counts.get(s.festival, 0) + 1
    return counts


@cache
def substitute_days(year: int) -> tuple[tuple[date, str], ...]:
    """The weekdays given in place of statutory days that fall on a weekend (第六条).

    Each weekend statutory day gives the first weekday after its festival's last statutory day
    that is neither statutory nor already given; so does a festival day that another festival
    already occupies (中秋节 on 1 October), as the notices have done (2020: eight days).  Named
    like ``春节（补假）``.  The law says a weekday is given, not which one: this is the estimate
    a provisional calendar uses until the notice fixes the break.
    """
    days = law_days(year)
    taken = {s.date for s in days}
    seen: set[date] = set()
    out: dict[date, str] = {}
    size = statutory_counts(year)
    # on a shared date the longer festival keeps the day and the shorter one is owed it
    for fest in sorted(size, key=lambda f: -size[f]):
        mine = [s for s in days if s.festival == fest]
        last = max(s.date for s in mine)
        for s in mine:
            owed = s.date.weekday() >= 5 or s.date in seen
            seen.add(s.date)
            if not owed:
                continue
            d = last + timedelta(days=1)
            while d.weekday() >= 5 or d in taken or d in out:
                d += timedelta(days=1)
            out[d] = f"{s.name}（补假）"
    return tuple(sorted(out.items()))


# ---------------------------------------------------------------------------------------------
# Checking a notice against the law

_ALIASES = {"元旦": ("元旦", "新年"), "劳动节": ("劳动", "五一"), "国庆节": ("国庆",)}


def _names_festival(break_name: str, festival: str) -> bool:
    stems = _ALIASES.get(festival, (festival.removesuffix("节") or festival,))
    return any(stem in break_name for stem in stems)


@frozen
class LawViolation:
    """A statutory day that a notice does not give as a rest day of its festival's break."""

    day: StatutoryDay
    problem: str

    def message(self) -> str:
        s = self.day
        return (
            f"{s.date}（{s.name}）是{s.festival}的法定节假日，{self.problem}；"
            f"依据{s.version.cite()}「{s.version.festival(s.festival).text}」"
        )


def _violations(
    year: int, breaks: Iterable[tuple[str, Iterable[date], Iterable[date]]]
) -> list[LawViolation]:
    rest: dict[date, list[str]] = {}
    work: dict[date, str] = {}
    for name, rest_days, workdays in breaks:
        for d in rest_days:
            rest.setdefault(d, []).append(name)
        for d in workdays:
            work[d] = name
    out: list[LawViolation] = []
    for s in law_days(year):
        names = rest.get(s.date, [])
        if s.date in work:
            problem = f"通知却把它定为调休上班日（{work[s.date]}）"
        elif not names:
            problem = "通知却没有安排这一天放假"
        elif not any(_names_festival(n, s.festival) for n in names):
            problem = f"通知却把它放在「{'、'.join(names)}」的放假安排中，而不是{s.festival}的"
        else:
            continue
        out.append(LawViolation(s, problem))
    return out


class _Break(Protocol):  # a HolidayBreak, without importing notices (which imports this module)
    @property
    def name(self) -> str: ...
    @property
    def rest_days(self) -> tuple[date, ...]: ...
    @property
    def workdays(self) -> tuple[date, ...]: ...


class _Notice(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def breaks(self) -> Sequence[_Break]: ...


def check_notice(notice: _Notice) -> tuple[LawViolation, ...]:
    """The statutory days of the notice's year that it fails to give as rest days of their
    festival's break (each a make-up workday, missing, or in another festival's break).

    Only days of the notice's own year are checked (a New Year break reaching into December
    belongs to the next year's notice, whose 1 January is checked there).
    """
    return tuple(
        _violations(notice.year, ((b.name, b.rest_days, b.workdays) for b in notice.breaks))
    )
