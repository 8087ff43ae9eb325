"""``govflow notices diff`` and ``govflow notices recompute``: what a new notice changes.

The notice is the invented 2027 one (tests/data/notices/2027-invented.toml: 元旦 1-3 January,
春节 5-13 February with Sunday 31 January worked, 国庆节 1-7 October with 26 September and
9 October worked; no other break).  Without it, 2027 is estimated from the statutory holidays:
1 January, 5-8 February (+9, 10 in lieu of the weekend), 5 April, 1-2 May (+3, 4), 9 June,
15 September, 1-3 October (+4, 5).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.periods.core import Extension, Pause, Restart, compute_due, compute_request
from govflow.periods.request import DueRequest, RequestError
from govflow.plan.schedule import Occurrence
from govflow.report.noticediff import _pair
from plans import CESHI_UNITS, ceshi_plan

DATA = Path(__file__).parent / "data" / "notices"
NOTICE_2027 = DATA / "2027-invented.toml"

#: A 2026 plan whose recurring duties run on into 2027: the 5th of each month (moved to the next
#: working day when it is a rest day) and the last day of each month (moved to the previous one).
PLAN = f"""\
id = "diff-2026"
title = "测试县2026年政务公开工作方案"
number = "测府办字〔2026〕1号"
issued = 2026-03-01
year = 2026
issuer = "测试县人民政府办公室"
units = "{CESHI_UNITS.as_posix()}"

[[tasks]]
number = 1
section = "二"
title = "信息报送"
text = "每月5日报送，每月最后一日汇总。"
responsible = ["县财政局"]

[[tasks.obligations]]
id = "1.report"
title = "每月5日报送"
clause = "每月5日报送"
recurrence = {{ rrule = "FREQ=MONTHLY;BYMONTHDAY=5", text = "每月5日", on_rest_day = "following" }}

[[tasks.obligations]]
id = "1.summary"
title = "每月最后一日汇总"
clause = "每月最后一日汇总"
recurrence = {{ rrule = "FREQ=MONTHLY;BYMONTHDAY=-1", text = "每月最后一日", on_rest_day = "preceding" }}
"""


@pytest.fixture(autouse=True)
def builtins_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar, tmp_path: Path
) -> Iterator[None]:
    """Built-ins only (no plugin ships a plan), and a notice store of the test's own."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    monkeypatch.delenv("GOVFLOW_PLAN", raising=False)
    monkeypatch.setenv("GOVFLOW_NOTICES_DIR", str(tmp_path / "store"))
    plugins.reset()
    yield
    plugins.reset()


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "diff-2026.toml"
    path.write_text(PLAN, "utf-8")
    return path


def _save_due(path: Path, *args: str) -> dict[str, Any]:
    out = run("due", *args, "--provisional", "--json")
    assert out.exit_code == 0, out.output
    path.write_text(out.stdout, "utf-8")
    data: dict[str, Any] = json.loads(out.stdout)
    return data


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A folder of saved provisional results, one list file, one broken file, one stray file."""
    folder = tmp_path / "results"
    folder.mkdir()
    _save_due(folder / "a.json", "2026-12-15", "20个工作日")
    one = _save_due(tmp_path / "b1.json", "2027-01-25", "20个工作日")
    two = _save_due(tmp_path / "b2.json", "2027-02-10", "1个工作日")
    (folder / "b.json").write_text(json.dumps([one, two, {"due": "2027-01-01"}]), "utf-8")
    (folder / "broken.json").write_text("{not json", "utf-8")
    (folder / "notes.txt").write_text("不是结果", "utf-8")
    return folder


def _diff(*args: str) -> Result:
    return run("notices", "diff", str(NOTICE_2027), *args)


def test_diff_lists_exactly_the_moved_agenda_items(plan: Path) -> None:
    out = _diff("--plan", str(plan), "--json")
    assert out.exit_code == 0, out.output
    agenda = json.loads(out.stdout)["agenda"]
    moved = {(m["obligation"], m["old"]["date"], m["new"]["date"]) for m in agenda["moved"]}
    assert moved == {
        # 5 Feb: estimated 5-10 Feb off -> 11 Feb; the notice's break runs to 13 Feb -> Mon 15 Feb
        ("1.report", "2027-02-11", "2027-02-15"),
        # 5 Apr (清明, a Monday) is off in the estimate and in the notice's 3-5 Apr break alike:
        # the 6 Apr item does not move, so it is not listed
        # 5 Oct: estimated 1-5 Oct off -> 6 Oct; the notice's break runs to 7 Oct -> Fri 8 Oct
        ("1.report", "2027-10-06", "2027-10-08"),
        # Sun 31 Jan: a weekend -> Fri 29 Jan; the notice makes it a working day -> 31 Jan
        ("1.summary", "2027-01-29", "2027-01-31"),
    }
    assert all(
        m["old"]["status"] == "provisional" and m["new"]["status"] == "official"
        for m in agenda["moved"]
    )
    assert agenda["now_official"] > 0


def test_diff_table_shows_old_and_new_dates(plan: Path) -> None:
    out = _diff("--plan", str(plan))
    assert out.exit_code == 0, out.output
    lines = out.stdout.splitlines()
    assert (
        "  2027-02-11（星期四）（临时） → 2027-02-15（星期一）  任务1 县财政局 每月5日报送" in lines
    )
    assert (
        "  2027-01-29（星期五）（临时） → 2027-01-31（星期日）  任务1 县财政局 每月最后一日汇总"
        in lines
    )
    assert any(line.startswith("  共 3 项移动；") for line in lines)
    assert lines[-2:] == [
        "四、在办案件",
        "  未比较：没有给出 --db（案件库），也没有设置 GOVFLOW_DB",
    ]


def test_diff_lists_the_days_that_change() -> None:
    out = _diff("--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    days = {d["date"]: d for d in data["days"]}
    assert days["2027-01-31"]["old"]["workday"] is False
    assert days["2027-01-31"]["new"]["kind"] == "makeup_workday"
    # Thu 11 Feb: a working day in the estimate (春节 除夕-初三 and two 补假 days end on 10 Feb),
    # a 调休 rest day of the notice's 5-13 Feb break
    assert days["2027-02-11"]["old"]["workday"] is True
    assert (days["2027-02-11"]["new"]["workday"], days["2027-02-11"]["new"]["kind"]) == (
        False,
        "rest_day",
    )
    qingming = days["2027-04-05"]  # 清明 (a Monday): off in both, now official
    assert (qingming["old"]["workday"], qingming["new"]["workday"]) == (False, False)
    assert (qingming["old"]["name"], qingming["new"]["name"]) == ("清明节（估算）", "清明节")
    first = days["2027-01-01"]  # 估算 -> official, a holiday both times
    assert (first["old"]["status"], first["new"]["status"]) == ("provisional", "official")
    assert "2027-03-03" not in days  # a plain Wednesday: only counted
    plain = data["days_now_official"]
    assert (plain["from"], plain["to"]) == ("2026-12-29", "2027-12-28")
    # 29-31 December 2026 and 2027 up to 28 December; 29-31 December 2027 wait for 2028
    assert plain["count"] + len(days) == 3 + 362
    assert "2027-12-30" not in days
    assert data["replaces"] is None
    assert data["cases"] == {
        "compared": False,
        "reason": "没有给出 --db（案件库），也没有设置 GOVFLOW_DB",
    }


def test_without_a_plan_the_agenda_is_skipped_and_says_so() -> None:
    out = _diff()
    assert out.exit_code == 0, out.output
    assert "二、方案日程中移动的事项\n  未比较：没有指定方案" in out.stdout
    skipped = json.loads(_diff("--json").stdout)["agenda"]
    assert skipped["skipped"].startswith("没有指定方案")


def test_diff_recomputes_every_saved_result_and_names_what_it_cannot_read(
    results: Path,
) -> None:
    out = _diff("--results", str(results), "--json")
    assert out.exit_code == 1  # entries could not be read: said, not dropped
    data = json.loads(out.stdout)["results"]
    got = {
        (Path(e["file"]).name, e["entry"]): (e["old"], e["new"], e["change"])
        for e in data["entries"]
    }
    prov, off = "provisional", "official"
    assert got == {
        ("a.json", None): (
            {"due": "2027-01-13", "status": prov},
            {"due": "2027-01-13", "status": off},
            "now_official",
        ),
        # 20 working days from Mon 25 Jan: with Sun 31 Jan worked and 5-13 Feb off, 1 March
        ("b.json", 0): (
            {"due": "2027-02-26", "status": prov},
            {"due": "2027-03-01", "status": off},
            "moved",
        ),
        # the working day after Wed 10 Feb: estimated Thu 11 Feb; the notice's break runs to
        # Sat 13 Feb and Sun 14 Feb is not worked -> Mon 15 Feb
        ("b.json", 1): (
            {"due": "2027-02-11", "status": prov},
            {"due": "2027-02-15", "status": off},
            "moved",
        ),
    }
    reasons = {(Path(u["file"]).name, u["entry"]): u["reason"] for u in data["unreadable"]}
    assert set(reasons) == {("b.json", 2), ("broken.json", None), ("notes.txt", None)}
    assert "缺少 status" in reasons[("b.json", 2)]
    assert "JSON" in reasons[("broken.json", None)]
    assert "不是 .json 文件" in reasons[("notes.txt", None)]
    table = _diff("--results", str(results)).stdout
    assert f"无法读取：{results / 'b.json'} 第3项：缺少 status" in table


def test_a_notice_that_contradicts_the_installed_one_is_shown_not_refused(
    tmp_path: Path,
) -> None:
    assert run("notices", "add", str(NOTICE_2027)).exit_code == 0
    other = tmp_path / "2027-other.toml"
    text = NOTICE_2027.read_text("utf-8")
    other.write_text(text.replace('workdays = ["2027-01-31"]', "workdays = []"), "utf-8")
    out = run("notices", "diff", str(other), "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["replaces"]["identical"] is False
    assert [d["date"] for d in data["days"]] == ["2027-01-31"]
    assert data["days"][0]["old"]["kind"] == "makeup_workday"
    assert data["days"][0]["new"]["kind"] == "weekend"
    same = run("notices", "diff", str(NOTICE_2027))
    assert "新通知与它完全相同，安装后没有任何结果改变。" in same.stdout
    assert "一、日历中改变的日子\n  没有" in same.stdout


def test_a_notice_text_is_read_as_notices_add_reads_it() -> None:
    # the 2026 notice as published: the built-in 2026 calendar already says the same
    out = run("notices", "diff", str(DATA / "2026-wire.txt"), "--number", "国办发明电〔2025〕7号")
    assert out.exit_code == 0, out.output
    assert "日历中已有2026年通知" in out.stdout
    assert "一、日历中改变的日子\n  没有" in out.stdout


def test_a_malformed_notice_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "2027.toml"
    text = NOTICE_2027.read_text("utf-8")
    bad.write_text(text.replace('workdays = ["2027-01-31"]', 'workdays = ["2027-02-01"]'), "utf-8")
    out = run("notices", "diff", str(bad))
    assert out.exit_code == 2
    assert "2027-02-01 是周一至周五" in out.stderr
    assert out.stdout == ""


def test_recompute_turns_the_provisional_answer_into_the_official_one(tmp_path: Path) -> None:
    saved = tmp_path / "due.json"
    old = _save_due(saved, "2026-12-15", "20个工作日")
    assert (old["due"], old["status"]) == ("2027-01-13", "provisional")
    assert run("notices", "add", str(NOTICE_2027)).exit_code == 0
    updated = tmp_path / "due-2027.json"
    out = run("notices", "recompute", str(saved), "-o", str(updated))
    assert out.exit_code == 0, out.output
    assert (
        f"{saved}：2026-12-15 起 20个工作日：2027-01-13（临时） → 2027-01-13，"
        "日期不变，由临时转为正式" in out.stdout.splitlines()
    )
    new = json.loads(updated.read_text("utf-8"))
    assert (new["due"], new["status"], new["provisional_years"]) == ("2027-01-13", "official", [])
    assert new["notice_years"] == [2026, 2027]
    assert new["request"] == old["request"]
    assert json.loads(saved.read_text("utf-8")) == old  # the input is left as it was
    direct = json.loads(run("due", "2026-12-15", "20个工作日", "--json").stdout)
    assert new == direct  # the same as computing it afresh


def test_recompute_says_what_is_still_provisional_and_never_overwrites_an_input(
    results: Path, tmp_path: Path
) -> None:
    out = run("notices", "recompute", str(results), "--json")
    assert out.exit_code == 1  # the broken entries
    data = json.loads(out.stdout)
    assert {e["change"] for e in data["entries"]} == {"still_provisional"}
    assert len(data["unreadable"]) == 3
    refused = run("notices", "recompute", str(results), "-o", str(results / "a.json"))
    assert refused.exit_code == 2
    assert "是本命令的输入文件" in refused.stderr
    written = tmp_path / "all.json"
    assert run("notices", "recompute", str(results), "-o", str(written)).exit_code == 1
    assert [r["due"] for r in json.loads(written.read_text("utf-8"))] == [
        "2027-01-13",
        "2027-02-26",
        "2027-02-11",
    ]


@pytest.mark.parametrize(
    ("start", "period", "events", "weekend_extends"),
    [
        ("2026-12-15", "20个工作日", (), True),
        ("2026-12-15", "15日", (), False),
        (
            "2026-12-01",
            "20个工作日",
            (Pause("2026-12-03", "2026-12-10"), Restart("2026-12-02"), Extension(20)),
            True,
        ),
        ("2026-12-15", "20个工作日", (Extension(5, approved_on="2027-01-05"),), True),
        ("2026-12-15T09:30", "24小时", (), True),
        ("2026-12-15", "次年1月31日前", (), True),
    ],
)
def test_a_saved_request_computes_the_same_result(
    start: str, period: str, events: tuple[Any, ...], weekend_extends: bool
) -> None:
    due = compute_due(
        start, period, events=events, provisional=True, weekend_extends=weekend_extends
    )
    saved = json.loads(json.dumps(due.to_dict(), ensure_ascii=False))
    request = DueRequest.from_dict(saved["request"])
    again = compute_due(
        request.start,
        request.period,
        events=request.events,
        provisional=True,
        weekend_extends=request.weekend_extends,
    )
    assert again.to_dict() == saved


def test_a_malformed_request_names_its_key() -> None:
    with pytest.raises(RequestError, match=r"request\.pauses\[0\]\.to"):
        DueRequest.from_dict(
            {
                "start": "2026-12-15",
                "period": "20个工作日",
                "pauses": [{"from": "2026-12-16", "to": 3}],
            }
        )
    with pytest.raises(RequestError, match="未知的键 when"):
        DueRequest.from_dict({"start": "2026-12-15", "period": "20个工作日", "when": 1})


def test_a_result_saved_without_a_request(tmp_path: Path) -> None:
    # older govflow wrote no request: start and period suffice for working days, not for 15日
    # (whether --holiday-only was given is not recorded)
    workdays = _save_due(tmp_path / "w.json", "2026-12-15", "20个工作日")
    days = _save_due(tmp_path / "d.json", "2026-12-15", "15日")
    for data in (workdays, days):
        del data["request"]
    (tmp_path / "old.json").write_text(json.dumps([workdays, days]), "utf-8")
    out = run("notices", "recompute", str(tmp_path / "old.json"), "--json")
    data = json.loads(out.stdout)
    assert [e["entry"] for e in data["entries"]] == [0]
    assert data["unreadable"][0]["entry"] == 1
    assert "--holiday-only" in data["unreadable"][0]["reason"]


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, tuple[Any, ...], bool]:
    """A due-date request as ``govflow due`` takes it: start, period, clock events, last-day rule."""
    start = draw(st.dates(date(2024, 1, 1), date(2027, 12, 31)))
    unit = draw(st.sampled_from(["个工作日", "日"]))
    period = f"{draw(st.integers(1, 60))}{unit}"
    events: list[Any] = []
    if draw(st.booleans()):
        a = start + timedelta(days=draw(st.integers(0, 30)))
        events.append(Pause(a, a + timedelta(days=draw(st.integers(0, 30)))))
    if draw(st.booleans()):
        events.append(Restart(start + timedelta(days=draw(st.integers(0, 20)))))
    if draw(st.booleans()):
        events.append(Extension(draw(st.integers(1, 20))))
    return start.isoformat(), period, tuple(events), draw(st.booleans())


@given(requests())
def test_every_saved_result_recomputes_to_itself(
    request_: tuple[str, str, tuple[Any, ...], bool],
) -> None:
    # what due --json saves is enough to compute it again: the same result, key for key
    start, period, events, weekend_extends = request_
    due = compute_due(
        start, period, events=events, provisional=True, weekend_extends=weekend_extends
    )
    saved = json.loads(json.dumps(due.to_dict(), ensure_ascii=False))
    again = compute_request(DueRequest.from_dict(saved["request"]), provisional=True)
    assert again.to_dict() == saved


def _occ(day: str) -> Occurrence:
    ob = next(iter(ceshi_plan().obligations()))
    return Occurrence(date.fromisoformat(day), ob, "县财政局", ob.task)


def test_dates_only_one_calendar_gives_are_paired_nearest_first() -> None:
    # weekly Mondays: 8 Feb estimated off -> 11 Feb; with the notice -> 15 Feb, the next
    # Monday's own date (merged: it disappears); 5 April -> 6 April before, 5 April after
    olds = [_occ("2027-02-11"), _occ("2027-04-06")]
    news = [_occ("2027-04-05")]
    pairs = [
        (a.due.isoformat() if a else None, b.due.isoformat() if b else None)
        for a, b in _pair(olds, news)
    ]
    assert pairs == [("2027-02-11", None), ("2027-04-06", "2027-04-05")]
    assert [(a and a.due, b and b.due) for a, b in _pair([], news)] == [(None, news[0].due)]


def test_diff_writes_its_output_but_never_onto_a_saved_result(
    results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "diff.json"
    assert _diff("--results", str(results), "--json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text("utf-8"))["notice"]["year"] == 2027
    before = (results / "a.json").read_bytes()
    refused = _diff("--results", str(results), "-o", str(results / "a.json"))
    assert refused.exit_code == 2
    assert "是本命令的输入文件" in refused.stderr
    assert (results / "a.json").read_bytes() == before


def test_a_result_without_request_or_start_says_why(tmp_path: Path) -> None:
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps({"due": "2027-01-13", "status": "provisional"}), "utf-8")
    out = run("notices", "recompute", str(saved))
    assert out.exit_code == 1
    assert (
        f"无法读取：{saved}：没有 request（由较早版本的 govflow 保存），也无法据 start 和 period 重新计算：结果.start：缺少或不是文本"
        in out.stdout
    )
