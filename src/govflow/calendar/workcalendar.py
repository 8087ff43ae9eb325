"""The official Chinese working-day calendar of government agencies.

A :class:`WorkCalendar` is built from State Council holiday notices (:mod:`govflow.calendar.notices`):
Monday to Friday are working days (国务院关于职工工作时间的规定 第七条, CNT-01), except the rest days
of a notice's breaks; the Saturdays and Sundays a notice names as 上班 are working days (CNT-04,
configurable).  Every year the calendar has a notice for is *official*; any other year is
*unknown*, and an answer that depends on one of its days raises :class:`CalendarNotPublished`
unless the caller passes ``provisional=True``, which estimates the year from the statutory
holidays alone (放假办法 第二条, 第六条) and marks the result provisional.

A notice can reach into the previous December (the 2023 New Year break starts on 2022-12-31;
2018-12-29 was a make-up Saturday of the 2019 notice), so 29-31 December of a year are official
only once the next year's notice is known too.

All arithmetic runs on arrays precomputed per day: ``is_workday``, ``add_workdays`` and
``workdays_between`` are O(1), rolling is O(1), iteration is linear in its output only.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from govflow.calendar.batch import _is_ndarray, _np_add_workdays, _np_between, _np_is_workday
from govflow.calendar.days import (
    HALF_DAY_HOLIDAYS,
    CalendarAdjustment,
    CalendarNotPublished,
    DayInfo,
    DayKind,
    DayStatus,
    Roll,
)
from govflow.calendar.notices import (
    CROSS_YEAR_REACH,
    Notice,
    builtin_notices,
    notice_to_dict,
    statutory_days,
)
from govflow.calendar.tables import Tables
from govflow.errors import InputError
from govflow.text.dates import FIRST_DAY, LAST_DAY, DateRangeError, as_date, check_day

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "HALF_DAY_HOLIDAYS",
    "CalendarAdjustment",
    "CalendarNotPublished",
    "DayInfo",
    "DayKind",
    "DayStatus",
    "Roll",
    "WorkCalendar",
    "add_workdays",
    "default_calendar",
    "is_workday",
    "next_workday",
    "previous_workday",
    "set_default_calendar",
    "use_notice",
    "workdays_between",
]


class WorkCalendar:
    """A working-day calendar built from holiday notices.

    >>> cal = WorkCalendar.default()
    >>> cal.add_workdays(date(2025, 9, 26), 20)
    datetime.date(2025, 10, 30)

    ``makeup_is_workday`` (CNT-04, default ``True``) counts the 调休上班日 a notice names as
    working days; set it to ``False`` for a population that does not work them.
    """

    def __init__(
        self,
        notices: Iterable[Notice] = (),
        *,
        adjustments: Iterable[CalendarAdjustment] = (),
        makeup_is_workday: bool = True,
    ) -> None:
        by_year: dict[int, Notice] = {}
        for notice in notices:
            by_year[notice.year] = notice  # a later notice for the same year replaces
        self._notices = dict(sorted(by_year.items()))
        self.makeup_is_workday = makeup_is_workday
        self._day_notice: dict[date, tuple[DayKind, str, Notice, str]] = {}
        for notice in self._notices.values():
            stat = {d: n for b in notice.breaks for d, n in b.statutory}
            for b in notice.breaks:
                for d in b.rest_days:
                    if d in stat:
                        kind, name = DayKind.HOLIDAY, stat[d]
                    elif d.weekday() >= 5:
                        kind, name = DayKind.WEEKEND, b.name
                    else:
                        kind, name = DayKind.REST_DAY, b.name
                    self._day_notice[d] = (kind, name, notice, b.name)
                for d in b.workdays:
                    self._day_notice[d] = (DayKind.MAKEUP_WORKDAY, b.name, notice, b.name)
        self._fill_statutory_names()
        self._adjustments = {a.day: a for a in adjustments}
        years = list(self._notices)
        if years:
            lo = min(date(years[0], 1, 1), *(n.span[0] for n in self._notices.values()))
            hi = date(years[-1], 12, 31)
        else:
            lo = hi = date(2004, 1, 1)
        self._t = self._build(lo, hi, provisional=False)
        self._p: Tables | None = None
        self._version: str | None = None
        self._np_cache: dict[int, Any] = {}

    def _fill_statutory_names(self) -> None:
        """Notices loaded from files may omit ``statutory``: take it from the law.

        Per break: an amended notice can carry statutory days for one break only (a holiday the
        amendment declared) and none for the others.
        """
        for notice in self._notices.values():
            named = {b.name for b in notice.breaks if b.statutory}
            if len(named) == len(notice.breaks):
                continue
            for d, name in statutory_days(notice.year).items():
                entry = self._day_notice.get(d)
                if (
                    entry is not None
                    and entry[2] is notice
                    and entry[0] != DayKind.MAKEUP_WORKDAY
                    and entry[3] not in named
                ):
                    self._day_notice[d] = (DayKind.HOLIDAY, name, notice, entry[3])

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def default(cls) -> WorkCalendar:
        """The calendar of every notice govflow ships (2004 to the last published year)."""
        return cls(builtin_notices())

    def with_notices(self, *notices: Notice) -> WorkCalendar:
        """A new calendar with *notices* added (a notice replaces one of the same year)."""
        return WorkCalendar(
            [*self._notices.values(), *notices],
            adjustments=self._adjustments.values(),
            makeup_is_workday=self.makeup_is_workday,
        )

    def with_adjustments(self, *adjustments: CalendarAdjustment) -> WorkCalendar:
        """A new calendar with regional or local *adjustments* applied on top of the notices."""
        return WorkCalendar(
            self._notices.values(),
            adjustments=[*self._adjustments.values(), *adjustments],
            makeup_is_workday=self.makeup_is_workday,
        )

    @property
    def adjustments(self) -> tuple[CalendarAdjustment, ...]:
        return tuple(self._adjustments.values())

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(self._notices.values())

    @property
    def years(self) -> tuple[int, ...]:
        """Years with a published notice."""
        return tuple(self._notices)

    @property
    def version(self) -> str:
        """Identifies the set of notices: equal versions give equal answers."""
        if self._version is None:
            blob = json.dumps(
                [notice_to_dict(n) for n in self._notices.values()]
                + [a.to_dict() for a in sorted(self._adjustments.values(), key=lambda a: a.day)],
                ensure_ascii=False,
                sort_keys=True,
            )
            import hashlib  # here: importing it costs every command's start-up

            digest = hashlib.sha256(blob.encode()).hexdigest()[:12]
            span = f"{self.years[0]}-{self.years[-1]}" if self.years else "none"
            self._version = f"cn-{span}-{digest}{'' if self.makeup_is_workday else '-nomakeup'}"
        return self._version

    def year_status(self, year: int) -> DayStatus:
        """``OFFICIAL`` when the year's notice is known, else ``UNKNOWN``."""
        return DayStatus.OFFICIAL if year in self._notices else DayStatus.UNKNOWN

    def notice_for(self, year: int) -> Notice | None:
        return self._notices.get(year)

    def _needed_year(self, d: date) -> int | None:
        """The notice year whose absence makes *d* unknown, or ``None`` if *d* is official."""
        if d.year not in self._notices:
            return d.year
        if (d.month, d.day) >= CROSS_YEAR_REACH and d.year + 1 not in self._notices:
            return d.year + 1
        return None

    def _decided_work(self, d: date) -> bool:
        """Whether *d* is a working day by the loaded notices and the weekday rule."""
        adjustment = self._adjustments.get(d)
        if adjustment is not None:
            return adjustment.workday
        entry = self._day_notice.get(d)
        if entry is not None:
            return entry[0] is DayKind.MAKEUP_WORKDAY and self.makeup_is_workday
        return d.weekday() < 5

    def _build(self, lo: date, hi: date, *, provisional: bool) -> Tables:
        """The tables of [lo, hi]: a year with a notice by the notices, adjustments and the
        weekday rule (its last days not official while the next year's notice is awaited); a
        year without one by the weekday rule alone, less the estimated holidays if
        *provisional* — built year by year and day by day only where a notice says something
        (every command builds it at start-up)."""
        n = (hi - lo).days + 1
        first = lo.toordinal()
        weekday = lo.weekday()
        work = [(weekday + i) % 7 < 5 for i in range(n)]
        unknown = [False] * n
        for year in range(lo.year, hi.year + 1):
            start = max(date(year, 1, 1), lo).toordinal() - first
            end = min(date(year, 12, 31), hi).toordinal() - first + 1
            if year not in self._notices:  # estimated: the weekday rule (less the holidays)
                unknown[start:end] = [True] * (end - start)
                if provisional:
                    for d in statutory_days(year, with_substitutes=True):
                        if lo <= d <= hi and d.year not in self._notices:
                            work[d.toordinal() - first] = False
            elif year + 1 not in self._notices:  # the next notice may reach into December
                reach = max(date(year, *CROSS_YEAR_REACH).toordinal() - first, start)
                unknown[reach:end] = [True] * (end - reach)
        decided = [*self._day_notice, *self._adjustments]  # adjustments last: they prevail
        for d in decided:
            if lo <= d <= hi and d.year in self._notices:
                work[d.toordinal() - first] = self._decided_work(d)
        return Tables(first, work, unknown)

    def _provisional_tables(self, need_lo: date, need_hi: date) -> Tables:
        p = self._p
        if p is None or need_lo < p.first or need_hi > p.last:
            lo = min(self._t.first, need_lo, p.first if p else need_lo)
            hi = max(self._t.last, need_hi, p.last if p else need_hi)
            lo = max(date(lo.year, 1, 1), FIRST_DAY)
            # room to grow without rebuilding each call, within the computable range
            hi = min(date(hi.year + 1, 12, 31), LAST_DAY)
            p = self._p = self._build(lo, hi, provisional=True)
        return p

    # -- single days --------------------------------------------------------------------------

    def is_workday(self, d: date, *, provisional: bool = False) -> bool:
        """Whether *d* is a working day for government agencies."""
        if type(d) is not date:
            d = as_date(d)
        t = self._t
        i = d.toordinal() - t.lo
        if 0 <= i < t.n:
            c = t.code[i]
            if c < 2:
                return c == 1
        check_day(d)
        if not provisional:
            self._raise_for(d)
        p = self._provisional_tables(d, d)
        return bool(p.code[d.toordinal() - p.lo] & 1)

    def _raise_for(self, d: date) -> None:
        needed = self._needed_year(d)
        raise CalendarNotPublished(needed if needed is not None else d.year, d)

    def day_info(self, d: date, *, provisional: bool = False) -> DayInfo:
        """Kind, name, status and source of one date."""
        d = check_day(as_date(d))
        needed = self._needed_year(d)
        partial = HALF_DAY_HOLIDAYS.get((d.month, d.day))
        status = DayStatus.OFFICIAL
        if needed is not None:
            if not provisional:
                raise CalendarNotPublished(needed, d)
            status = DayStatus.PROVISIONAL
            if needed == d.year:
                estimates = statutory_days(d.year, with_substitutes=True)
                if d in estimates:
                    kind = DayKind.REST_DAY if "补假" in estimates[d] else DayKind.HOLIDAY
                    base = estimates[d].removesuffix("（补假）")
                    return DayInfo(
                        d,
                        kind,
                        False,
                        status,
                        f"{estimates[d]}（估算）",
                        partial,
                        None,
                        "春节" if base == "农历除夕" else base,
                    )
                weekend = d.weekday() >= 5
                return DayInfo(
                    d,
                    DayKind.WEEKEND if weekend else DayKind.WORKDAY,
                    not weekend,
                    status,
                    None,
                    partial,
                )
        adjustment = self._adjustments.get(d)
        if adjustment is not None:
            weekend = d.weekday() >= 5
            if adjustment.workday:
                kind = DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
            else:
                kind = DayKind.WEEKEND if weekend else DayKind.REST_DAY
            return DayInfo(
                d,
                kind,
                adjustment.workday,
                status,
                adjustment.name,
                partial,
                adjustment.ref(),
                adjustment.name if not adjustment.workday else None,
            )
        entry = self._day_notice.get(d)
        if entry is not None:
            kind, name, notice, break_name = entry
            workday = kind is DayKind.MAKEUP_WORKDAY and self.makeup_is_workday
            return DayInfo(d, kind, workday, status, name, partial, notice.ref_for(d), break_name)
        weekend = d.weekday() >= 5
        return DayInfo(
            d, DayKind.WEEKEND if weekend else DayKind.WORKDAY, not weekend, status, None, partial
        )

    def notable_days(self, start: date, end: date, *, provisional: bool = False) -> list[DayInfo]:
        """:meth:`days` without the ordinary days: a date from *start* to *end* is listed when
        its :meth:`day_info` is not that of a plain working day or weekend day (a holiday, a
        rest or make-up day, an adjustment, an estimate).  Explanations list only these; the
        years a range needs are checked once, not day by day."""
        a, b = as_date(start), as_date(end)
        if b < a:
            return []
        check_day(a)
        check_day(b)
        years = range(a.year, b.year + 1)
        if any(self._needed_year(min(b, date(y, 12, 31))) is not None for y in years):
            return [i for i in self.days(a, b, provisional=provisional) if not _plain(i)]
        notable = {d for d in self._day_notice if a <= d <= b}
        notable.update(d for d in self._adjustments if a <= d <= b)
        found = (self.day_info(d, provisional=provisional) for d in sorted(notable))
        return [i for i in found if not _plain(i)]

    def days(self, start: date, end: date, *, provisional: bool = False) -> list[DayInfo]:
        """:meth:`day_info` for every date from *start* to *end*, both included."""
        a, b = as_date(start), as_date(end)
        return [
            self.day_info(a + timedelta(days=k), provisional=provisional)
            for k in range((b - a).days + 1)
        ]

    # -- arithmetic ---------------------------------------------------------------------------

    def add_workdays(self, d: date, n: int, *, provisional: bool = False) -> date:
        """The *n*-th working day strictly after *d* (before it when *n* < 0); *d* when n = 0.

        Day 1 is the first working day after *d* whatever *d* is (民法典 第二百零一条: the start
        day is not counted, CNT-05).
        """
        if type(d) is not date:
            d = as_date(d)
        t = self._t
        i = d.toordinal() - t.lo
        if -1 <= i < t.n:
            if n > 0:
                k = t.cum[i + 1] + n - 1
                if k < t.nwork:
                    j = t.nth[k]
                    if t.ucum[j + 1] == t.ucum[i + 1]:
                        return t.nth_dates[k]
            elif n < 0:
                if i >= 0:
                    k = t.cum[i] + n
                    if k >= 0:
                        j = t.nth[k]
                        if t.ucum[i] == t.ucum[j]:
                            return t.nth_dates[k]
            else:
                return d
        return self._add_slow(d, n, provisional)

    def _add_slow(self, d: date, n: int, provisional: bool) -> date:
        check_day(d)
        if n == 0:
            return d
        if not provisional:
            self._raise_for(self._first_unknown(d, n))
        span = abs(n) * 2 + 60
        first, last = FIRST_DAY.toordinal(), LAST_DAY.toordinal()
        while True:
            o = d.toordinal()
            lo, hi = (o, min(o + span, last)) if n > 0 else (max(o - span, first), o)
            p = self._provisional_tables(date.fromordinal(lo), date.fromordinal(hi))
            i = o - p.lo
            k = p.cum[i + 1] + n - 1 if n > 0 else p.cum[i] + n
            if 0 <= k < p.nwork and FIRST_DAY <= p.nth_dates[k] <= LAST_DAY:
                return p.nth_dates[k]
            if (n > 0 and hi == last) or (n < 0 and lo == first):
                raise DateRangeError(
                    f"自 {d.isoformat()} 起第{n}个工作日：日期超出可计算范围"
                    f"（{FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()}）"
                )
            span *= 2

    def _first_unknown(self, d: date, n: int) -> date:
        """The first non-official day met when counting *n* working days from *d*."""
        t = self._t
        i = d.toordinal() - t.lo
        if n > 0:
            if i + 1 < 0:
                return d + timedelta(days=1)
            if i + 1 >= t.n:
                return date.fromordinal(t.lo + max(i + 1, t.n))
            m = bisect_right(t.ucum, t.ucum[i + 1])  # first prefix index past the known run
            return date.fromordinal(t.lo + m - 1)
        if i - 1 >= t.n:
            return d - timedelta(days=1)
        if i - 1 < 0:
            return date.fromordinal(t.lo + min(i - 1, -1))
        target = t.ucum[i]
        # last index j < i with an unknown day: ucum[j + 1] == target and ucum[j] == target - 1
        j = bisect_right(t.ucum, target - 1) - 1
        return date.fromordinal(t.lo + j)

    def workdays_between(self, a: date, b: date, *, provisional: bool = False) -> int:
        """Working days in (a, b]: after *a*, up to and including *b*.  Negative if b < a."""
        if type(a) is not date:
            a = as_date(a)
        if type(b) is not date:
            b = as_date(b)
        t = self._t
        ia = a.toordinal() - t.lo
        ib = b.toordinal() - t.lo
        if ia <= ib:
            if ia >= -1 and ib < t.n and t.ucum[ib + 1] == t.ucum[ia + 1]:
                return t.cum[ib + 1] - t.cum[ia + 1]
        elif ib >= -1 and ia < t.n and t.ucum[ia + 1] == t.ucum[ib + 1]:
            return t.cum[ib + 1] - t.cum[ia + 1]
        return self._between_slow(a, b, provisional)

    def _between_slow(self, a: date, b: date, provisional: bool) -> int:
        if a == b:
            return 0  # (a, a] is empty: it depends on no day, known or not
        check_day(a)
        check_day(b)
        lo, hi = (a, b) if a <= b else (b, a)
        if not provisional:
            t = self._t
            i = lo.toordinal() - t.lo
            if i + 1 < 0 or i + 1 >= t.n:
                self._raise_for(lo + timedelta(days=1))
            self._raise_for(
                self._first_unknown(lo, 1)
                if t.ucum[min(hi.toordinal() - t.lo + 1, t.n)] > t.ucum[i + 1]
                else hi
            )
        p = self._provisional_tables(lo, hi)
        count = p.cum[hi.toordinal() - p.lo + 1] - p.cum[lo.toordinal() - p.lo + 1]
        return count if a <= b else -count

    def next_workday(self, d: date, *, provisional: bool = False) -> date:
        """The first working day strictly after *d*."""
        return self.add_workdays(d, 1, provisional=provisional)

    def previous_workday(self, d: date, *, provisional: bool = False) -> date:
        """The last working day strictly before *d*."""
        return self.add_workdays(d, -1, provisional=provisional)

    def roll(
        self, d: date, convention: Roll | str = Roll.FOLLOWING, *, provisional: bool = False
    ) -> date:
        """Move *d* to a working day by *convention*; a working day stays where it is.

        ``following``: the next working day; ``preceding``: the previous one;
        ``modified_following``: the next one unless that is in another month, then the previous
        one; ``modified_preceding`` the mirror image.
        """
        d = as_date(d)
        try:
            conv = Roll(convention)
        except ValueError:
            raise InputError(
                f"roll：未知的顺延规则 {convention!r}；可选 {', '.join(r.value for r in Roll)}"
            ) from None
        if self.is_workday(d, provisional=provisional):
            return d
        if conv is Roll.FOLLOWING:
            return self.next_workday(d, provisional=provisional)
        if conv is Roll.PRECEDING:
            return self.previous_workday(d, provisional=provisional)
        if conv is Roll.MODIFIED_FOLLOWING:
            nxt = self.next_workday(d, provisional=provisional)
            return (
                nxt if nxt.month == d.month else self.previous_workday(d, provisional=provisional)
            )
        prv = self.previous_workday(d, provisional=provisional)
        return prv if prv.month == d.month else self.next_workday(d, provisional=provisional)

    def iter_workdays(self, start: date, end: date, *, provisional: bool = False) -> Iterator[date]:
        """Working days from *start* to *end*, both included, in order."""
        a, b = as_date(start), as_date(end)
        if b < a:
            return iter(())
        before = a - timedelta(days=1)
        count = self.workdays_between(before, b, provisional=provisional)  # checks status
        t = self._t
        ia, ib = before.toordinal() - t.lo, b.toordinal() - t.lo
        if not (ia >= -1 and ib < t.n and t.ucum[ib + 1] == t.ucum[ia + 1]):
            t = self._provisional_tables(a, b)  # reached only with provisional=True
        k = t.cum[before.toordinal() - t.lo + 1]
        return iter(t.nth_dates[k : k + count])

    def relied_on(self, a: date, b: date) -> tuple[Notice, ...]:
        """The notices that decide the days in (a, b]: a result over that span depends on them."""
        lo, hi = (a, b) if a <= b else (b, a)
        years = set(range((lo + timedelta(days=1)).year, hi.year + 1))
        if (hi.month, hi.day) >= CROSS_YEAR_REACH:
            years.add(hi.year + 1)
        return tuple(self._notices[y] for y in sorted(years) if y in self._notices)

    def unknown_years(self, a: date, b: date) -> tuple[int, ...]:
        """Years whose missing notice affects some day in (a, b]."""
        lo, hi = (a, b) if a <= b else (b, a)
        out: set[int] = set()
        for y in range((lo + timedelta(days=1)).year, hi.year + 1):
            if y not in self._notices:
                out.add(y)
        first = lo + timedelta(days=1)
        reach = date(hi.year, *CROSS_YEAR_REACH)
        if hi >= reach and first <= date(hi.year, 12, 31) and hi.year + 1 not in self._notices:
            out.add(hi.year + 1)
        return tuple(sorted(out))

    # -- batch forms --------------------------------------------------------------------------

    @overload
    def is_workday_many(
        self, dates: npt.NDArray[Any], *, provisional: bool = False
    ) -> npt.NDArray[np.bool_]: ...
    @overload
    def is_workday_many(
        self, dates: Iterable[date], *, provisional: bool = False
    ) -> list[bool]: ...
    def is_workday_many(self, dates: Any, *, provisional: bool = False) -> Any:
        """:meth:`is_workday` over a sequence (a list back) or a numpy datetime64 array."""
        if _is_ndarray(dates):
            return _np_is_workday(self, dates, provisional)
        f = self.is_workday
        return [f(d, provisional=provisional) for d in dates]

    @overload
    def add_workdays_many(
        self, dates: npt.NDArray[Any], n: int | npt.NDArray[Any], *, provisional: bool = False
    ) -> npt.NDArray[np.datetime64]: ...
    @overload
    def add_workdays_many(
        self, dates: Iterable[date], n: int | Iterable[int], *, provisional: bool = False
    ) -> list[date]: ...
    def add_workdays_many(self, dates: Any, n: Any, *, provisional: bool = False) -> Any:
        """:meth:`add_workdays` element-wise; *n* is one number or one per date."""
        if _is_ndarray(dates):
            return _np_add_workdays(self, dates, n, provisional)
        f = self.add_workdays
        if isinstance(n, int):
            return [f(d, n, provisional=provisional) for d in dates]
        return [f(d, k, provisional=provisional) for d, k in zip(dates, n, strict=True)]

    @overload
    def workdays_between_many(
        self, starts: npt.NDArray[Any], ends: npt.NDArray[Any], *, provisional: bool = False
    ) -> npt.NDArray[np.int64]: ...
    @overload
    def workdays_between_many(
        self, starts: Iterable[date], ends: Iterable[date], *, provisional: bool = False
    ) -> list[int]: ...
    def workdays_between_many(self, starts: Any, ends: Any, *, provisional: bool = False) -> Any:
        """:meth:`workdays_between` element-wise over two sequences or numpy arrays."""
        if _is_ndarray(starts) or _is_ndarray(ends):
            return _np_between(self, starts, ends, provisional)
        f = self.workdays_between
        return [f(a, b, provisional=provisional) for a, b in zip(starts, ends, strict=True)]


# -------------------------------------------------------------------------------------------------
# The default calendar and module-level conveniences

_DEFAULT: list[WorkCalendar] = []


def default_calendar() -> WorkCalendar:
    """The process-wide calendar: the built-in notices, then the notices installed in the user's
    store (:mod:`govflow.calendar.store`, ``govflow notices add``), plus any added with
    :func:`use_notice`.

    Built on first use (about 15 ms), so ``import govflow`` stays cheap.  A store file that does
    not load raises :class:`~govflow.calendar.notices.NoticeError` naming it.
    """
    if not _DEFAULT:
        from govflow.calendar.store import installed_notices

        installed = installed_notices()
        cal = WorkCalendar.default()
        _DEFAULT.append(cal.with_notices(*installed) if installed else cal)
    return _DEFAULT[0]


def set_default_calendar(calendar: WorkCalendar) -> None:
    """Replace the process-wide calendar (e.g. one with a regional adjustment)."""
    _DEFAULT[:] = [calendar]


def use_notice(notice: Notice | str | Path) -> WorkCalendar:
    """Add a notice (or a notice file, .toml or .json) to the default calendar and return it."""
    from govflow.calendar.notices import load_notice

    n = notice if isinstance(notice, Notice) else load_notice(notice)
    cal = default_calendar().with_notices(n)
    set_default_calendar(cal)
    return cal


def is_workday(d: date, *, provisional: bool = False) -> bool:
    """:meth:`WorkCalendar.is_workday` on the default calendar."""
    return (_DEFAULT[0] if _DEFAULT else default_calendar()).is_workday(d, provisional=provisional)


def add_workdays(d: date, n: int, *, provisional: bool = False) -> date:
    """:meth:`WorkCalendar.add_workdays` on the default calendar."""
    return (_DEFAULT[0] if _DEFAULT else default_calendar()).add_workdays(
        d, n, provisional=provisional
    )


def workdays_between(a: date, b: date, *, provisional: bool = False) -> int:
    """:meth:`WorkCalendar.workdays_between` on the default calendar: working days in (a, b]."""
    return (_DEFAULT[0] if _DEFAULT else default_calendar()).workdays_between(
        a, b, provisional=provisional
    )


def next_workday(d: date, *, provisional: bool = False) -> date:
    """:meth:`WorkCalendar.next_workday` on the default calendar."""
    return default_calendar().next_workday(d, provisional=provisional)


def previous_workday(d: date, *, provisional: bool = False) -> date:
    """:meth:`WorkCalendar.previous_workday` on the default calendar."""
    return default_calendar().previous_workday(d, provisional=provisional)


def _plain(info: DayInfo) -> bool:
    """Whether *info* is that of an ordinary working day or weekend day: nothing to explain."""
    weekend = info.date.weekday() >= 5
    return (
        info.kind is (DayKind.WEEKEND if weekend else DayKind.WORKDAY)
        and info.workday is not weekend
        and info.status is DayStatus.OFFICIAL
        and info.name is None
        and info.notice is None
    )
