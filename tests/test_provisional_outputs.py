"""Results computed provisionally say so in every output: due, agenda, calendar."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from icalendar import Calendar

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from plans import CESHI_PLAN


@pytest.fixture(autouse=True)
def builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    yield
    plugins.reset()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_due_text_and_json_say_provisional() -> None:
    text = run("due", "2026-12-15", "20个工作日", "--provisional")
    assert text.exit_code == 0
    assert text.stdout.splitlines()[0] == "到期日：2027-01-13（星期三）（临时结果）"
    data = json.loads(run("due", "2026-12-15", "20个工作日", "--provisional", "--json").stdout)
    assert (data["status"], data["provisional_years"]) == ("provisional", [2027])


def test_the_calendar_marks_days_awaiting_next_years_notice_under_provisional() -> None:
    # 29-31 December 2026 wait for the 2027 notice: with --provisional they are estimated, and
    # the month of an official year must still say so (it showed them as plain days)
    out = run("calendar", "2026", "--month", "12", "--provisional")
    assert out.exit_code == 0
    last_week = next(line for line in out.stdout.splitlines() if line.startswith("28"))
    assert last_week.split() == ["28", "29?", "30?", "31?"]
    assert "临时" in out.stdout
    assert "估算" in out.stdout.split("31?")[1]


def test_the_calendar_of_an_unpublished_year_says_provisional() -> None:
    out = run("calendar", "2027", "--month", "1", "--provisional")
    assert "临时：通知未发布" in out.stdout.splitlines()[0]
    days = json.loads(run("calendar", "2027", "--month", "1", "--provisional", "--json").stdout)
    assert {d["status"] for d in days} == {"provisional"}


def _agenda(*args: str) -> Result:
    return run(
        "agenda",
        "--plan",
        str(CESHI_PLAN),
        "--from",
        "2027-01-01",
        "--to",
        "2027-12-31",
        "--provisional",
        *args,
    )


def test_agenda_table_and_json_say_provisional() -> None:
    table = _agenda()
    assert table.exit_code == 0, table.output
    assert "（含临时日期）" in table.stdout.splitlines()[1]
    assert any(line.endswith("(临时)") for line in table.stdout.splitlines())
    data = json.loads(_agenda("--format", "json").stdout)
    assert data["status"] == "provisional"
    assert "provisional" in {i["status"] for i in data["items"]}


def test_each_provisional_ics_event_says_so_in_its_summary(tmp_path: Path) -> None:
    # a calendar application shows the summary, not the description: 临时 must be in it
    out = tmp_path / "agenda.ics"
    assert _agenda("--format", "ics", "-o", str(out)).exit_code == 0
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    provisional = [e for e in events if "临时日期" in str(e["description"])]
    assert provisional, "the 2027 agenda has provisional dates"
    assert all("临时" in str(e["summary"]) for e in provisional)
    assert not any("临时" in str(e["summary"]) for e in events if e not in provisional)


def test_a_check_finding_with_a_provisional_deadline_says_so(tmp_path: Path) -> None:
    # a message received 28 December 2026: its 5 working days reach into 2027, estimated
    from test_cli_check import SMALL_PLAN

    plan = tmp_path / "small.toml"
    plan.write_text(SMALL_PLAN, "utf-8")
    records = tmp_path / "留言.csv"
    records.write_text(
        "留言编号,承办单位,留言时间,答复时间\nL1,县财政局,2026-12-28,\nL2,县财政局,2026-12-01,2026-12-03\n",
        "utf-8",
    )
    args = ["check", "--plan", str(plan), "--records", str(records), "--as-of", "2026-12-30"]
    out = run(*args, "--provisional", "--all")
    assert out.exit_code == 0, out.output
    l1 = next(line for line in out.stdout.splitlines() if "（L1）" in line)
    l2 = next(line for line in out.stdout.splitlines() if "（L2）" in line)
    assert "期限 2027-01-05" in l1
    assert "临时" in l1  # the 2027 arrangement was estimated
    assert "临时" not in l2  # December 2026 is official
    data = json.loads(run(*args, "--provisional", "--format", "json").stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert "期限 2027-01-05（跨元旦假期1月1日）（临时" in text
