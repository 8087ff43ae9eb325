"""State Council holiday notices: the data the working-day calendar is made of.

Each year the General Office of the State Council publishes 《国务院办公厅关于YYYY年部分节假日安排的
通知》: for each holiday, the days off (放假调休, including the weekend days inside the break) and the
weekend days that become working days (上班).  A :class:`Notice` holds one year's arrangement with
its provenance (number, date, title, address) and any later amendments (2019 劳动节, 2020 春节延长).

The built-in notices (2004 to the last published year) are generated from the notices' official
texts in ``data/notices/`` (``YYYY.txt``, mid-year amendments ``YYYY-name.txt``; a hand-written
``YYYY.toml`` where no text was found) by ``scripts/generate_notices.py`` and shipped as
``data/cn_notices.json``; tests compare them with ``holidays``, ``chinese_calendar`` and holiday-cn.  A notice
that govflow does not ship yet can be loaded from a TOML or JSON file with :func:`load_notice`::

    year = 2027
    number = "国办发明电〔2026〕N号"
    date = 2026-11-10
    address = "https://www.gov.cn/zhengce/content/..."

    [[breaks]]
    name = "元旦"
    from = 2027-01-01
    to = 2027-01-03
    workdays = []          # weekend days worked to make up for this break

Data is keyed by date, not by notice year: the 2023 notice's New Year break starts on 2022-12-31.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from attrs import field, frozen

from govflow.calendar.law import check_notice, law_days, substitute_days
from govflow.errors import InputError
from govflow.text.files import FileRefused, parse_nested, read_limited

__all__ = [
    "Amendment",
    "HolidayBreak",
    "Notice",
    "NoticeError",
    "NoticeRef",
    "NoticeWarning",
    "apply_amendment",
    "builtin_notices",
    "load_notice",
    "max_consecutive_workdays",
    "notice_to_dict",
    "parse_notice",
    "require_statutory_days",
    "statutory_days",
]

#: A notice reaches back into the previous December at most this far: every notice since 2001
#: touched 29 December at the earliest (2001-12-29, 2007-12-29, 2018-12-29 were make-up days).
CROSS_YEAR_REACH = (12, 29)

#: 《全国年节及纪念日放假办法》第七条: 「法定节假日假期前后连续工作一般不超过6天」.
MAX_CONSECUTIVE_WORKDAYS = 6


class NoticeError(InputError):
    """A notice file or mapping is malformed; the message names the source and the field."""

    label = "节假日通知有误"


class NoticeWarning(UserWarning):
    """A notice is valid but unusual (e.g. more than six consecutive working days)."""


_Day = date  # inside NoticeRef, ``date`` names the field


@frozen
class NoticeRef:
    """Provenance of one State Council document."""

    number: str
    date: date | None
    title: str
    address: str
    verified: bool = True
    days: tuple[_Day, ...] = ()
    """For an amendment (延长、调整): the days whose arrangement it set, which it then cites."""

    def cite(self) -> str:
        """Chinese citation, e.g. ``国办发明电〔2025〕7号（2025-11-04）``.

        Where the document number or date has not been verified it says so instead of guessing.
        """
        number = self.number or f"《{self.title}》（文号未核实）"
        when = self.date.isoformat() if self.date else "日期未核实"
        return f"{number}（{when}）"


@frozen
class HolidayBreak:
    """One holiday break of a notice: days ``first``..``last`` off, ``workdays`` made up.

    ``statutory`` maps the days of the break that are statutory holidays under
    《全国年节及纪念日放假办法》 to their names (农历除夕, 春节, ...); the other weekdays of the
    break are 调休 rest days or 补假 days.
    """

    name: str
    first: date
    last: date
    workdays: tuple[date, ...] = ()
    statutory: tuple[tuple[date, str], ...] = ()

    @property
    def rest_days(self) -> tuple[date, ...]:
        n = (self.last - self.first).days + 1
        return tuple(self.first + timedelta(days=k) for k in range(n))


@frozen
class Notice:
    """One year's holiday arrangement, with the documents that set it."""

    year: int
    ref: NoticeRef
    breaks: tuple[HolidayBreak, ...]
    amendments: tuple[NoticeRef, ...] = ()
    source: str = field(default="builtin", eq=False)

    @property
    def refs(self) -> tuple[NoticeRef, ...]:
        return (self.ref, *self.amendments)

    @property
    def rest_days(self) -> frozenset[date]:
        return frozenset(d for b in self.breaks for d in b.rest_days)

    def ref_for(self, d: date) -> NoticeRef:
        """The document that set *d*: the last amendment listing it, else the notice itself."""
        for amendment in reversed(self.amendments):
            if d in amendment.days:
                return amendment
        return self.ref

    @property
    def workdays(self) -> frozenset[date]:
        return frozenset(d for b in self.breaks for d in b.workdays)

    @property
    def span(self) -> tuple[date, date]:
        """First and last date this notice decides (its rest days and make-up workdays)."""
        days = [d for b in self.breaks for d in (b.first, b.last, *b.workdays)]
        if not days:
            return (date(self.year, 1, 1), date(self.year, 1, 1))
        return (min(days), max(days))

    def cite(self) -> str:
        return "、".join(r.cite() for r in self.refs)


# ---------------------------------------------------------------------------------------------
# Parsing and validation


def _loc(source: str, path: str) -> str:
    return f"{source}：{path}" if path else source


def _date(value: object, source: str, path: str) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str):
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):  # not 2027-W01-1
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise NoticeError(f"{_loc(source, path)}：应为日期 YYYY-MM-DD，实际为 {value!r}")


def _str(
    data: Mapping[str, Any], key: str, source: str, path: str, *, required: bool = True
) -> str:
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise NoticeError(f"{_loc(source, path + key)}：应为非空文本，实际为 {value!r}")
    return value.strip()


def _ref(data: Mapping[str, Any], source: str, path: str, year: int, *, strict: bool) -> NoticeRef:
    verified = data.get("verified", True)
    if not isinstance(verified, bool):
        raise NoticeError(f"{_loc(source, path + 'verified')}：应为 true 或 false")
    allowed = _REF_KEYS | ({"days"} if path else {"year", "amendments", "breaks"})
    extra = sorted(set(data) - allowed)
    if extra:
        raise NoticeError(
            f"{_loc(source, path.rstrip('.'))}：未知的键 {', '.join(extra)}；可用的键为 "
            f"{', '.join(sorted(allowed))}"
        )
    raw_days = data.get("days", [])
    if not isinstance(raw_days, list):
        raise NoticeError(f"{_loc(source, path + 'days')}：应为日期列表")
    days = tuple(_date(v, source, f"{path}days[{j}]") for j, v in enumerate(raw_days))
    number = _str(data, "number", source, path) if strict or data.get("number") else ""
    issued = _date(data.get("date"), source, path + "date") if strict or data.get("date") else None
    title = _str(data, "title", source, path, required=False) or (
        f"国务院办公厅关于{year}年部分节假日安排的通知"
    )
    address = _str(data, "address", source, path)
    if not re.match(r"^https?://\S+$", address):
        raise NoticeError(
            f"{_loc(source, path + 'address')}：应为通知原文的 http(s) 网址，实际为 {address!r}"
        )
    return NoticeRef(
        number=number, date=issued, title=title, address=address, verified=verified, days=days
    )


_REF_KEYS = {"number", "date", "title", "address", "verified"}


def parse_notice(
    data: Mapping[str, Any], *, source: str = "<notice>", strict: bool = True, warn: bool = True
) -> Notice:
    """Build a validated :class:`Notice` from a mapping (a parsed TOML or JSON document).

    Raises :class:`NoticeError` naming *source* and the key path for anything malformed:
    dates outside the notice's plausible range (29 December of the previous year — every notice since 2001 stayed within it, and the calendar's status rule relies on it — to 31 December),
    a make-up workday that is not a Saturday or Sunday, a day both off and worked, overlapping
    breaks.  Warns with :class:`NoticeWarning` when the arrangement makes more than six
    consecutive working days (放假办法 第七条), unless ``warn`` is false (the built-in history,
    whose warnings nobody would see, is spared the count at every start).  With ``strict`` (the default, for notices
    supplied by users) the document number and date are required, and every statutory day of
    the notice's year under the 放假办法 in force (:func:`govflow.calendar.law.check_notice`)
    must be a rest day of a break named for its festival: a notice that makes one a working
    day, or leaves it out, is refused naming the festival, the date and the law's version.  The
    built-in history allows number and date to be missing where they could not be verified,
    and then says so in citations; its agreement with the law is checked by the tests.
    """
    if not isinstance(data, Mapping):
        raise NoticeError(f"{source}：顶层应为表（TOML 表或 JSON 对象）")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1999 <= year <= 2200:
        raise NoticeError(f"{_loc(source, 'year')}：应为年份，如 2027，实际为 {year!r}")
    ref = _ref(data, source, "", year, strict=strict)
    amendments = []
    raw_amendments = data.get("amendments", [])
    if not isinstance(raw_amendments, list):
        raise NoticeError(f"{_loc(source, 'amendments')}：应为文件列表")
    for k, item in enumerate(raw_amendments):
        if not isinstance(item, Mapping):
            raise NoticeError(f"{_loc(source, f'amendments[{k}]')}：应为表（TOML 表或 JSON 对象）")
        amendments.append(_ref(item, source, f"amendments[{k}].", year, strict=strict))

    # a notice reaching further back would change days already official under the previous
    # year's notice without warning: the status rule of the calendar assumes it does not
    lo, hi = date(year - 1, *CROSS_YEAR_REACH), date(year, 12, 31)
    raw_breaks = data.get("breaks")
    if not isinstance(raw_breaks, list) or not raw_breaks:
        raise NoticeError(f"{_loc(source, 'breaks')}：应为非空的放假安排列表")
    breaks: list[HolidayBreak] = []
    seen: dict[date, str] = {}
    for k, raw in enumerate(raw_breaks):
        p = f"breaks[{k}]"
        if not isinstance(raw, Mapping):
            raise NoticeError(f"{_loc(source, p)}：应为表（TOML 表或 JSON 对象）")
        extra = sorted(set(raw) - {"name", "from", "to", "workdays", "statutory"})
        if extra:
            raise NoticeError(
                f"{_loc(source, p)}：未知的键 {', '.join(extra)}；"
                "可用的键为 name, from, to, workdays, statutory"
            )
        name = _str(raw, "name", source, p + ".")
        first = _date(raw.get("from"), source, p + ".from")
        last = _date(raw.get("to"), source, p + ".to")
        if last < first:
            raise NoticeError(f"{_loc(source, p)}：结束日 to {last} 早于开始日 from {first}")
        if (last - first).days > 31:
            raise NoticeError(
                f"{_loc(source, p)}：连续放假 {(last - first).days + 1} 天不合常理（最多 32 天）"
            )
        raw_work = raw.get("workdays", [])
        if not isinstance(raw_work, list):
            raise NoticeError(f"{_loc(source, p + '.workdays')}：应为日期列表")
        work = tuple(_date(w, source, f"{p}.workdays[{j}]") for j, w in enumerate(raw_work))
        for j, d in enumerate(work):
            if d.weekday() < 5:
                raise NoticeError(
                    f"{_loc(source, f'{p}.workdays[{j}]')}：{d} 是周一至周五；"
                    "调休上班日应为星期六或星期日"
                )
        statutory: tuple[tuple[date, str], ...] = ()
        raw_stat = raw.get("statutory")
        if raw_stat is not None:
            if not isinstance(raw_stat, Mapping):
                raise NoticeError(f"{_loc(source, p + '.statutory')}：应为“日期 = 名称”的表")
            items = []
            for key, val in raw_stat.items():
                d = _date(key, source, f"{p}.statutory")
                if not first <= d <= last:
                    raise NoticeError(
                        f"{_loc(source, p + '.statutory')}：{d} 不在本次放假 {first}..{last} 之内"
                    )
                if not isinstance(val, str) or not val:
                    raise NoticeError(f"{_loc(source, p + '.statutory')}：{d}：应有节日名称")
                items.append((d, val))
            statutory = tuple(sorted(items))
        for d in (first, last, *work):
            if not lo <= d <= hi:
                raise NoticeError(
                    f"{_loc(source, p)}：{d} 超出{year}年通知可能涉及的日期范围（{lo}..{hi}）"
                )
        hb = HolidayBreak(name=name, first=first, last=last, workdays=work, statutory=statutory)
        for d in hb.rest_days:
            if d in seen:
                raise NoticeError(f"{_loc(source, p)}：{d} 已在放假安排 {seen[d]!r} 之中")
            seen[d] = name
        breaks.append(hb)
    for k, hb in enumerate(breaks):
        for j, d in enumerate(hb.workdays):
            if d in seen:
                raise NoticeError(
                    f"{_loc(source, f'breaks[{k}].workdays[{j}]')}：{d} 既是放假日"
                    f"（{seen[d]!r}）又是调休上班日"
                )
    decided = set(seen) | {d for b in breaks for d in b.workdays}
    for k, amendment in enumerate(amendments):
        for j, d in enumerate(amendment.days):
            if d not in decided:
                raise NoticeError(
                    f"{_loc(source, f'amendments[{k}].days[{j}]')}：{d} 既不是本通知的放假日，"
                    "也不是调休上班日"
                )
    all_work = [d for b in breaks for d in b.workdays]
    if len(all_work) != len(set(all_work)):
        dup = sorted({d for d in all_work if all_work.count(d) > 1})
        raise NoticeError(
            f"{_loc(source, 'breaks')}：调休上班日重复列出：{', '.join(map(str, dup))}"
        )
    notice = Notice(
        year=year, ref=ref, breaks=tuple(breaks), amendments=tuple(amendments), source=source
    )
    if strict:
        # the built-in history is checked by the test suite instead: at load it would cost the
        # lunar computations of every year on each start (see docs/notices.md)
        require_statutory_days(notice, source)
    longest, where = max_consecutive_workdays(notice) if warn else (0, notice.span[0])
    if longest > MAX_CONSECUTIVE_WORKDAYS:
        warnings.warn(
            f"{source}：按此安排将连续工作 {longest} 天（截至 {where}）；"
            "《全国年节及纪念日放假办法》第七条：「前后连续工作一般不超过6天」",
            NoticeWarning,
            stacklevel=2,
        )
    return notice


def require_statutory_days(notice: Notice, source: str = "<notice>") -> None:
    """Raise :class:`NoticeError` unless every statutory day of the notice's year is a rest day
    of its festival's break (:func:`govflow.calendar.law.check_notice`).

    The message names *source*, the first offending date, its festival and the version and item
    of the 放假办法 in force, and how many more there are.  :func:`parse_notice` calls it for
    strict (user) notices; a reader that parses leniently can call it itself.
    """
    violations = check_notice(notice)
    if violations:
        more = f"（另有 {len(violations) - 1} 处）" if len(violations) > 1 else ""
        raise NoticeError(
            f"{source}：与《全国年节及纪念日放假办法》不符：{violations[0].message()}{more}"
        )


def max_consecutive_workdays(notice: Notice) -> tuple[int, date]:
    """Longest run of working days the notice makes around its breaks, and the run's last day.

    Only runs that touch a break or a make-up day are considered (an ordinary Monday-to-Friday
    week is five days); other years' notices are not consulted.
    """
    rest, work = notice.rest_days, notice.workdays
    if not rest and not work:
        return (0, date(notice.year, 1, 1))
    lo, hi = notice.span
    lo -= timedelta(days=14)
    hi += timedelta(days=14)
    best, best_end, run = 0, lo, 0
    d = lo
    while d <= hi:
        is_work = d in work or (d.weekday() < 5 and d not in rest)
        run = run + 1 if is_work else 0
        if run > best:
            best, best_end = run, d
        d += timedelta(days=1)
    return (best, best_end)


def load_notice(path: str | Path) -> Notice:
    """Load and validate a notice from a ``.toml`` or ``.json`` file."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        raw = read_limited(p)
    except FileRefused as exc:
        raise NoticeError(f"{p}：无法读取通知文件：{exc.reason}") from None
    try:
        if suffix == ".toml":
            import tomllib

            data: Any = parse_nested(tomllib.loads, raw.decode("utf-8-sig"))
        elif suffix == ".json":
            data = parse_nested(json.loads, raw.decode("utf-8-sig"))
        else:
            raise NoticeError(f"{p}：通知文件应为 .toml 或 .json 文件")
    except UnicodeDecodeError:
        raise NoticeError(f"{p}：不是 UTF-8 编码的文本") from None
    except ValueError as exc:
        if isinstance(exc, NoticeError):
            raise
        raise NoticeError(f"{p}：不是有效的 {p.suffix[1:].upper()} 文件：{exc}") from None
    return parse_notice(data, source=str(p))


def _ref_to_dict(ref: NoticeRef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": ref.number,
        "date": ref.date.isoformat() if ref.date else "",
        "title": ref.title,
        "address": ref.address,
    }
    if not ref.verified:
        out["verified"] = False
    if ref.days:
        out["days"] = [d.isoformat() for d in ref.days]
    return out


def notice_to_dict(notice: Notice) -> dict[str, Any]:
    """The JSON-ready form that :func:`parse_notice` reads back."""
    out: dict[str, Any] = {"year": notice.year, **_ref_to_dict(notice.ref)}
    if notice.amendments:
        out["amendments"] = [_ref_to_dict(r) for r in notice.amendments]
    out["breaks"] = [notice_to_dict_break(b) for b in notice.breaks]
    return out


@cache
def builtin_notices() -> tuple[Notice, ...]:
    """The notices govflow ships, one per year from 2004, oldest first."""
    shipped = Path(__file__).parent.parent / "data" / "cn_notices.json"
    if shipped.is_file():  # installed as files: importlib.resources would cost ~6 ms of imports
        text = shipped.read_text("utf-8")
    else:  # a zip import
        from importlib import resources

        text = resources.files("govflow").joinpath("data/cn_notices.json").read_text("utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeWarning)  # history has 7-day runs (2023)
        return tuple(
            parse_notice(
                d, source=f"govflow:data/cn_notices.json[{d['year']}]", strict=False, warn=False
            )
            for d in json.loads(text)["notices"]
        )


# ---------------------------------------------------------------------------------------------
# Amendments: a later document that changes one break of a year's notice


@frozen
class Amendment:
    """A mid-year amendment to a year's notice (2015 纪念日调休, 2019 劳动节调整, 2020 春节延长).

    It sets one break, *name*, to ``first``..``last`` off with *workdays* worked; when it
    ``extends`` a break (「延长…假期至2月2日」) the break keeps its first day and ``first`` is None.
    A break of a name the notice does not have (the 2015 anniversary) is added.
    """

    year: int
    name: str
    ref: NoticeRef
    last: date
    first: date | None = None
    workdays: tuple[date, ...] = ()
    holidays: tuple[date, ...] = ()
    """Days the amendment declares holidays of their own (「9月3日全国放假1天」), not 调休."""

    @property
    def extends(self) -> bool:
        return self.first is None


def _status(notice: Notice) -> dict[date, str]:
    out = dict.fromkeys(notice.rest_days, "rest")
    out.update(dict.fromkeys(notice.workdays, "work"))
    return out


def apply_amendment(notice: Notice, amendment: Amendment) -> Notice:
    """*notice* with *amendment* merged into it and cited for the days whose arrangement changed.

    Raises :class:`NoticeError` when the amendment is for another year, extends a break the
    notice does not have, or makes an arrangement the notice model refuses.
    """
    source = amendment.ref.title or "<调整通知>"
    if amendment.year != notice.year:
        raise NoticeError(
            f"{source}：调整的是{amendment.year}年的放假安排，不能并入{notice.year}年的通知"
        )
    for cited in notice.amendments:
        if (cited.number, cited.title) == (amendment.ref.number, amendment.ref.title):
            raise NoticeError(
                f"{source}：{notice.year}年的通知已包含这份调整通知（{cited.cite()}）"
            )
    data = notice_to_dict(notice)
    breaks: list[dict[str, Any]] = data["breaks"]
    target = next((b for b in breaks if amendment.name in b["name"].split("、")), None)
    if target is None and amendment.extends:
        raise NoticeError(f"{source}：{notice.year}年的通知没有「{amendment.name}」的放假安排")
    first = amendment.first or (date.fromisoformat(target["from"]) if target else amendment.last)
    rest = {first + timedelta(days=k) for k in range((amendment.last - first).days + 1)}
    old_work = {date.fromisoformat(w) for w in (target or {}).get("workdays", [])}
    work = sorted((old_work - rest) | set(amendment.workdays))
    new: dict[str, Any] = {
        "name": target["name"] if target else amendment.name,
        "from": first.isoformat(),
        "to": amendment.last.isoformat(),
        "workdays": [d.isoformat() for d in work],
    }
    if target is not None and "statutory" in target:
        new["statutory"] = target["statutory"]
    if amendment.holidays:
        new["statutory"] = {
            **new.get("statutory", {}),
            **{d.isoformat(): amendment.name for d in amendment.holidays},
        }
    if target is not None:
        breaks[breaks.index(target)] = new
    else:
        breaks.append(new)
    breaks.sort(key=lambda b: str(b["from"]))
    data.pop("amendments", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoticeWarning)
        merged = parse_notice(data, source=f"{notice.source}+{source}", strict=False)
    before, after = _status(notice), _status(merged)
    changed = sorted(d for d in set(before) | set(after) if before.get(d) != after.get(d))
    ref = NoticeRef(
        number=amendment.ref.number,
        date=amendment.ref.date,
        title=amendment.ref.title,
        address=amendment.ref.address,
        verified=amendment.ref.verified,
        days=tuple(changed),
    )
    return Notice(
        year=notice.year,
        ref=notice.ref,
        breaks=merged.breaks,
        amendments=(*notice.amendments, ref),
        source=notice.source,
    )


# ---------------------------------------------------------------------------------------------
# Statutory days (the law)


def statutory_days(year: int, *, with_substitutes: bool = False) -> dict[date, str]:
    """Statutory holidays of *year* under 《全国年节及纪念日放假办法》 (:mod:`~govflow.calendar.law`).

    Each day under the version in force on it, named as the calendar names it (元旦, 农历除夕,
    春节, 清明节, ...; two festivals on one date are joined: 中秋节、国庆节).  With
    ``with_substitutes``, also the 补假 weekdays that 第六条 gives when a holiday falls on a
    weekend (``春节（补假）``).  This is law, not a notice: it has no 调休 swaps and no make-up
    workdays.  Empty for a year outside :data:`~govflow.calendar.law.LAW_YEARS`.
    """
    out: dict[date, str] = {}
    for s in law_days(year):
        out[s.date] = f"{out[s.date]}、{s.name}" if s.date in out else s.name
    if with_substitutes:
        out.update(substitute_days(year))
    return out


def notice_to_dict_break(b: HolidayBreak) -> dict[str, Any]:
    """The mapping form of one break (as in a notice file)."""
    item: dict[str, Any] = {
        "name": b.name,
        "from": b.first.isoformat(),
        "to": b.last.isoformat(),
        "workdays": [d.isoformat() for d in b.workdays],
    }
    if b.statutory:
        item["statutory"] = {d.isoformat(): n for d, n in b.statutory}
    return item
