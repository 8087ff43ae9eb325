"""Every official day against independent calendars: chinese_calendar, holiday-cn, holidays.

- ``chinese_calendar`` (its own data, compiled from the notice texts): 2004-01-01..2026-12-28, with
  exactly one known disagreement, 2005-12-31 (see the test).
- holiday-cn (``../shared/oracle/holiday-cn/``, NateScarlet/holiday-cn compiled from gov.cn; MIT):
  2007-01-01..2026-12-28; skipped when ``../shared`` is not beside the repository.
- ``holidays``: the kind of each day (statutory holiday, 调休 rest day, make-up workday) and the
  statutory names, for sample years; and the notices derived from it (``holidays_oracle``, how the
  built-in data was made before the texts became its source), every year.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from govflow.calendar.notices import builtin_notices, notice_to_dict
from govflow.calendar.workcalendar import DayKind, WorkCalendar

D = date.fromisoformat
FIRST, LAST = D("2004-01-01"), D("2026-12-28")

ORACLE = Path(__file__).resolve().parents[1].parent / "shared" / "oracle" / "holiday-cn"


def _days(a: date, b: date) -> list[date]:
    return [a + timedelta(days=k) for k in range((b - a).days + 1)]


# -- chinese_calendar ---------------------------------------------------------------------------


def test_against_chinese_calendar(cal: WorkCalendar) -> None:
    import chinese_calendar

    disagree = [
        d for d in _days(FIRST, LAST) if cal.is_workday(d) != chinese_calendar.is_workday(d)
    ]
    assert disagree == [D("2005-12-31")]


def test_2005_12_31_was_a_working_saturday(cal: WorkCalendar) -> None:
    """The one disagreement with chinese_calendar, decided by the notice text.

    《国务院办公厅关于2006年部分节假日安排的通知》（国办发明电〔2005〕35号）, 元旦:
    「12月31日（星期六）上班」 — the Saturday before the break was worked.  chinese_calendar
    treats it as an ordinary Saturday (chinese-calendar issue #125); holidays and QuantLib agree
    with govflow.
    """
    import chinese_calendar

    d = D("2005-12-31")
    assert d.weekday() == 5
    info = cal.day_info(d)
    assert (info.kind, info.workday) == (DayKind.MAKEUP_WORKDAY, True)
    assert info.notice is not None
    assert info.notice.number == "国办发明电〔2005〕35号"
    n2006 = cal.notice_for(2006)
    assert n2006 is not None
    assert d in n2006.workdays
    assert chinese_calendar.is_workday(d) is False


# -- holiday-cn ---------------------------------------------------------------------------------


def _oracle() -> dict[date, bool]:
    """holiday-cn's days, every file, indexed by date (a notice reaches into the previous year)."""
    if not ORACLE.is_dir():
        pytest.skip(f"holiday-cn oracle not found at {ORACLE} (../shared is absent)")
    out: dict[date, bool] = {}
    files = sorted(ORACLE.glob("*.json"))
    assert files, f"no holiday-cn files in {ORACLE}"
    for path in files:
        for day in json.loads(path.read_text("utf-8"))["days"]:
            d = D(day["date"])
            assert d not in out or out[d] == (not day["isOffDay"]), f"{path.name}: {d} twice"
            out[d] = not day["isOffDay"]
    return out


def test_against_holiday_cn(cal: WorkCalendar) -> None:
    listed = _oracle()
    disagree = [
        d
        for d in _days(D("2007-01-01"), LAST)
        if cal.is_workday(d) != listed.get(d, d.weekday() < 5)
    ]
    assert disagree == []
    # the oracle really covers the range: every year has its notice days
    assert {d.year for d in listed} >= set(range(2007, 2027))


def test_holiday_cn_papers_match_notice_addresses(cal: WorkCalendar) -> None:
    if not ORACLE.is_dir():
        pytest.skip(f"holiday-cn oracle not found at {ORACLE} (../shared is absent)")

    def ids(urls: list[str]) -> set[str]:
        # gov.cn serves one document under several paths; its content id identifies it
        return {m.group(0) for u in urls for m in [re.search(r"content_\d+", u)] if m}

    for year in range(2007, 2027):
        papers = json.loads((ORACLE / f"{year}.json").read_text("utf-8"))["papers"]
        notice = cal.notice_for(year)
        assert notice is not None
        assert ids([r.address for r in notice.refs]) == ids(papers), year


def test_holiday_cn_has_no_2027_notice_and_neither_has_govflow(cal: WorkCalendar) -> None:
    if not (ORACLE / "2027.json").is_file():
        pytest.skip("holiday-cn 2027.json not present")
    data = json.loads((ORACLE / "2027.json").read_text("utf-8"))
    if data["papers"]:
        pytest.fail("holiday-cn now has the 2027 notice: add it to govflow (scripts/)")
    assert cal.notice_for(2027) is None


# -- holidays: kinds and names --------------------------------------------------------------------


def _expected_kind(d: date, label: str | None, makeup: set[date]) -> DayKind:
    if d in makeup:
        return DayKind.MAKEUP_WORKDAY
    if label is None:
        return DayKind.WEEKEND if d.weekday() >= 5 else DayKind.WORKDAY
    if any(tag in label for tag in ("补假", "休息日", "延长")):
        return DayKind.WEEKEND if d.weekday() >= 5 else DayKind.REST_DAY
    return DayKind.HOLIDAY


@pytest.mark.parametrize("year", [2005, 2007, 2008, 2012, 2015, 2019, 2020, 2023, 2024, 2025, 2026])
def test_kinds_and_names_against_holidays(cal: WorkCalendar, year: int) -> None:
    import holidays

    # labels: 春节 (statutory), 春节（补假） (substitute), 休息日（由 … 调休） (调休 rest day)
    h = holidays.China(years=year, language="zh_CN")  # type: ignore[attr-defined]
    makeup = {d for d in h.weekend_workdays if d.year == year}
    assert makeup, "holidays lists the year's make-up workdays"
    end = min(date(year, 12, 31), LAST)
    for d in _days(date(year, 1, 1), end):
        label = h.get(d)
        info = cal.day_info(d)
        expected = _expected_kind(d, label, makeup)
        assert info.kind is expected, (d, label, info)
        if expected is DayKind.HOLIDAY:
            assert label is not None
            assert info.name == label.replace("; ", "、"), d
        if expected in (DayKind.REST_DAY, DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY):
            assert info.notice is not None, d
            assert info.holiday_break, d


def test_notices_derived_from_holidays_agree_with_the_texts() -> None:
    """The built-in notices (from the texts) against the ones derived from ``holidays``.

    Two differences, both decided by the text: the derivation joins the Saturday 2015-09-26 to the
    中秋节 break (the 2015 text: 「六、中秋节：9月27日放假。」; off either way), and it names the
    combined breaks of 2017 and 2020 in date order where the texts say 「中秋节、国庆节」 (2017)
    and 「国庆节、中秋节」 (2020).
    """
    from holidays_oracle import notices_from_holidays

    ours = builtin_notices()
    provenance = {n.year: notice_to_dict(n) for n in ours}
    derived = {n.year: n for n in notices_from_holidays(provenance, provenance)}
    renamed = {2017: "国庆节、中秋节", 2020: "中秋节、国庆节"}
    for notice in ours:
        theirs = derived[notice.year]
        extra = {D("2015-09-26")} if notice.year == 2015 else set()
        assert theirs.rest_days == notice.rest_days | extra, notice.year
        assert theirs.workdays == notice.workdays, notice.year
        names = [b.name for b in notice.breaks]
        if notice.year in renamed:
            names[-1] = renamed[notice.year]
        assert [b.name for b in theirs.breaks] == names, notice.year
        assert theirs.refs == notice.refs
