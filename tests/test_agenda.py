"""The agenda of the (invented) ceshi-2023 plan and its renderings (table, JSON, CSV, iCalendar)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from govflow.calendar.workcalendar import DayStatus, Roll, WorkCalendar
from govflow.plan.model import Plan
from govflow.plan.obligations import (
    Deadline,
    Obligation,
    Per,
    Quota,
    Recurrence,
    RestDayRule,
    Window,
)
from govflow.plan.units import Unit, UnitKind
from govflow.report.agenda import Agenda, build_agenda, csv_cell
from plans import CESHI_UNITS, ceshi_plan, plan_from_dict

PLAN = ceshi_plan()  # the invented plan, read alone
END_2023 = date(2023, 12, 31)


@pytest.fixture(scope="module")
def agenda(cal: WorkCalendar) -> Agenda:
    return build_agenda(PLAN, cal)


# -- an independent count -------------------------------------------------------------------------


def _windows_in(window: Window, start: date, end: date) -> int:
    """Natural windows ending in [start, end] that begin on or after start (a year: any)."""
    count = 0
    d = start
    while d <= end:
        if window is Window.WEEK:
            last = d + timedelta(days=6 - d.weekday())
            first = d - timedelta(days=d.weekday())
        elif window is Window.MONTH:
            first = d.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        elif window is Window.YEAR:
            first, last = date(d.year, 1, 1), date(d.year, 12, 31)
        else:
            raise AssertionError("no quarterly quota in the plan")
        if last <= end and (first >= start or window is Window.YEAR):
            count += 1
        d = last + timedelta(days=1)
    return count


def _date_count(ob: Obligation, start: date, end: date, cal: WorkCalendar) -> int:
    rule = ob.rule
    if isinstance(rule, Deadline):
        if rule.trigger is not None or rule.period.anchor is None:
            return 0
        return int(start <= rule.period.anchor.resolve(PLAN.issued) <= end)
    if isinstance(rule, Quota):
        return _windows_in(rule.window, start, end)
    assert isinstance(rule, Recurrence)
    lo = datetime.combine(start - timedelta(days=60), datetime.min.time())
    hi = datetime.combine(end + timedelta(days=60), datetime.min.time())
    raw = [m.date() for m in rrulestr(rule.rrule, dtstart=lo).between(lo, hi, inc=True)]
    if rule.on_rest_day is RestDayRule.KEEP:
        moved = set(raw)
    else:
        conv = Roll.FOLLOWING if rule.on_rest_day is RestDayRule.FOLLOWING else Roll.PRECEDING
        moved = {cal.roll(d, conv) for d in raw}
    return sum(1 for d in moved if start <= d <= end)


def _target_count(ob: Obligation) -> int:
    if ob.per is Per.ALL:
        return 1
    names = ob.applies_to
    if not names:
        task = PLAN.task(ob.task)
        names = task.responsible or task.lead
    units = {u.name: u for n in names for u in PLAN.directory.expand(n)}
    if ob.per is Per.VILLAGE:
        return sum(max(1, len(u.villages)) for u in units.values() if u.kind is UnitKind.TOWNSHIP)
    return len(units)


def test_the_whole_default_agenda(agenda: Agenda, cal: WorkCalendar) -> None:
    assert (agenda.start, agenda.end) == (PLAN.issued, END_2023)
    assert agenda.calendar_version == cal.version
    items = agenda.items
    expected = sum(
        _date_count(ob, PLAN.issued, END_2023, cal) * _target_count(ob) for ob in PLAN.obligations()
    )
    assert len(items) == expected
    assert expected > 500
    assert [o.due for o in items] == sorted(o.due for o in items)
    assert all(PLAN.issued <= o.due <= END_2023 for o in items)
    assert {o.status for o in items} == {DayStatus.OFFICIAL}
    assert not agenda.provisional
    # no duty twice: (obligation, unit, entity, date) identifies an item
    keys = {(o.obligation.id, o.unit, o.entity, o.due) for o in items}
    assert len(keys) == len(items)


def test_every_item_names_a_unit_of_the_directory(agenda: Agenda) -> None:
    for o in agenda.items:
        assert isinstance(PLAN.directory.lookup(o.unit), Unit), o.unit
        assert o.task == o.obligation.task


def test_standing_rules_are_listed_not_dated(agenda: Agenda) -> None:
    assert {o.id for o in agenda.standing} == {
        "15.interpretation-sync",
        "18.message-reply",
        "18.simple-reply",
    }
    dated = {o.obligation.id for o in agenda.items}
    assert not dated & {o.id for o in agenda.standing}


# -- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "canonical", "must_have"),
    [
        ("东城镇", "东城镇", "10.weekly-updates"),  # a duty of 各乡(镇)人民政府
        ("县大数据中心", "县大数据中心", "19.weekly-summary"),
        ("县市场监管局", "县市场监督管理局", "11.weekly-self-check"),  # an alias
        ("县融媒体中心", "县融媒体中心", "9.open-day"),  # 县直(驻县)有关单位
    ],
)
def test_unit_filter(
    agenda: Agenda, cal: WorkCalendar, unit: str, canonical: str, must_have: str
) -> None:
    mine = build_agenda(PLAN, cal, unit=unit)
    assert mine.unit == unit
    assert mine.items
    assert {o.unit for o in mine.items} == {canonical}
    assert must_have in {o.obligation.id for o in mine.items}
    assert list(mine.items) == [o for o in agenda.items if o.unit == canonical]


def test_unit_filter_by_group(agenda: Agenda, cal: WorkCalendar) -> None:
    townships = {u.name for u in PLAN.directory.expand("各乡(镇)人民政府")}
    mine = build_agenda(PLAN, cal, unit="各乡（镇）人民政府")
    assert {o.unit for o in mine.items} == townships
    assert list(mine.items) == [o for o in agenda.items if o.unit in townships]
    assert "18.message-reply" in {o.id for o in mine.standing}
    assert build_agenda(PLAN, cal, unit="县大数据中心").standing == ()


def test_area_filter(agenda: Agenda, cal: WorkCalendar) -> None:
    platforms = build_agenda(PLAN, cal, area="platforms")
    assert {o.obligation.id for o in platforms.items} == {
        "10.weekly-updates",
        "10.monthly-total",
        "10.monthly-original",
        "11.weekly-self-check",
        "11.monthly-bulletin",
    }
    assert list(platforms.items) == [o for o in agenda.items if o.obligation.area == "platforms"]
    answers = build_agenda(PLAN, cal, area="answers")
    assert {o.obligation.id for o in answers.items} == {"19.weekly-summary"}
    assert {o.id for o in answers.standing} == {"18.message-reply", "18.simple-reply"}
    assert build_agenda(PLAN, cal, area="no-such-area").items == ()


def test_a_window_past_the_year_end_reaches_the_annual_report(cal: WorkCalendar) -> None:
    longer = build_agenda(PLAN, cal, end=date(2024, 2, 29))
    reports = [o for o in longer.items if o.obligation.id == "三(四).annual-report"]
    assert {o.due for o in reports} == {date(2024, 1, 31)}
    assert len(reports) == 10  # the office, 6 departments and 3 townships
    with pytest.raises(ValueError, match="早于开始日"):
        build_agenda(PLAN, cal, start=date(2023, 7, 1), end=date(2023, 6, 30))


def test_provisional_agenda(cal: WorkCalendar) -> None:
    later = build_agenda(PLAN, cal, start=date(2027, 1, 1), end=date(2027, 3, 31), provisional=True)
    assert later.provisional
    assert json.loads(later.to_json())["status"] == "provisional"
    assert "（含临时日期）" in later.to_table()


# -- renderings -----------------------------------------------------------------------------------


def test_json(agenda: Agenda) -> None:
    doc = json.loads(agenda.to_json())
    assert doc["count"] == len(doc["items"]) == len(agenda.items)
    assert doc["plan"] == {"id": "ceshi-2023", "title": PLAN.title, "number": PLAN.number}
    assert (doc["from"], doc["to"]) == ("2023-06-18", "2023-12-31")
    assert doc["status"] == "official"
    assert [i["date"] for i in doc["items"]] == [o.due.isoformat() for o in agenda.items]
    assert [i["unit"] for i in doc["items"]] == [o.unit for o in agenda.items]
    assert len(doc["standing"]) == 3
    first = doc["items"][0]
    assert first["source"].startswith(PLAN.number)
    assert first["weekday"].startswith("星期")


def test_csv(agenda: Agenda) -> None:
    rows = list(csv.DictReader(io.StringIO(agenda.to_csv())))
    assert len(rows) == len(agenda.items)
    assert rows == [{k: str(v) for k, v in r.items()} for r in agenda.rows()]
    assert {"date", "unit", "obligation", "title", "source"} <= set(rows[0])


def _formula_plan() -> Plan:
    task = {
        "number": 1,
        "section": "二(一)",
        "title": "测试",
        "text": "测试。",
        "responsible": ["县财政局"],
        "area": "test",
        "obligations": [
            {
                "id": "1.a",
                "title": '=HYPERLINK("http://example.invalid","点我")',
                "clause": "+1",
                "quota": {"minimum": 1, "window": "year", "counts": "event"},
            },
            {"id": "1.b", "title": "@SUM(A1:A9)", "clause": "-1", "deadline": "2023年9月底前"},
        ],
    }
    return plan_from_dict(
        {
            "id": "formula",
            "title": "测试方案",
            "number": "测〔2023〕1号",
            "issued": date(2023, 6, 18),
            "year": 2023,
            "issuer": "测试",
            "units": str(CESHI_UNITS),
            "tasks": [task],
        }
    )


def test_csv_neutralises_formulas(cal: WorkCalendar) -> None:
    rows = list(csv.DictReader(io.StringIO(build_agenda(_formula_plan(), cal).to_csv())))
    titles = {r["obligation"]: r["title"] for r in rows}
    assert titles == {"1.a": '\'=HYPERLINK("http://example.invalid","点我")', "1.b": "'@SUM(A1:A9)"}
    for row in rows:
        assert all(not cell or cell[0] not in "=+-@" for cell in row.values()), row
    assert csv_cell("-5") == "'-5"
    assert csv_cell("\t=1") == "'\t=1"
    assert csv_cell("县财政局") == "县财政局"
    assert csv_cell(3) == "3"


def test_empty_csv_has_a_header(cal: WorkCalendar) -> None:
    empty = build_agenda(PLAN, cal, start=date(2023, 6, 18), end=date(2023, 6, 18))
    assert empty.items == ()
    assert empty.to_csv().splitlines() == ["date,task,unit,obligation,title"]


def test_ics(cal: WorkCalendar) -> None:
    mine = build_agenda(
        PLAN, cal, unit="各乡(镇)人民政府", start=date(2023, 9, 1), end=date(2023, 10, 31)
    )
    data = mine.to_ics()
    parsed = Calendar.from_ical(data)
    events = parsed.walk("VEVENT")
    assert len(events) == len(mine.items) > 23
    uids = [str(ev["UID"]) for ev in events]
    assert len(set(uids)) == len(uids)
    for ev, item in zip(events, mine.items, strict=True):
        assert ev.decoded("DTSTART") == item.due
        assert ev.decoded("DTEND") == item.due + timedelta(days=1)
        summary = str(ev["SUMMARY"])
        assert item.unit in summary
        assert item.obligation.title in summary
        assert PLAN.number in str(ev["DESCRIPTION"])
    assert mine.to_ics() == data  # the same agenda gives the same file


def test_table(agenda: Agenda) -> None:
    table = agenda.to_table()
    lines = table.splitlines()
    assert lines[0] == f"{PLAN.title}（{PLAN.number}）工作日程"
    assert f"共 {len(agenda.items)} 项" in lines[1]
    assert "2023-06-19  星期一" in table
    assert "2023-10-07  星期六" in table  # the self-check moved off the National Day Monday
    assert "由事件触发的期限" in table
    assert "依据：" in table
