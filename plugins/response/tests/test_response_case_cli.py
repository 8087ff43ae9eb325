"""``govflow case …``, ``govflow remind`` and ``govflow notices diff --db`` as users run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govflow.cli import main
from govflow.testing import write_csv

NOTICE_2027 = (
    Path(__file__).resolve().parents[3] / "tests" / "data" / "notices" / "2027-invented.toml"
)


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("GOVFLOW_DB", raising=False)
    return str(tmp_path / "cases.sqlite3")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_case_from_opening_to_reply(db: str) -> None:
    out = run(
        "case", "open", "YSQ-1", "--kind", "application", "--unit", "县财政局",
        "--received", "2023-09-20", "--field", "channel=网络", "--by", "张三", "--db", db,
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("案件 YSQ-1（依申请公开，县财政局）：")
    out = run("case", "event", "YSQ-1", "extension-approved", "2023-10-10", "--days", "10",
              "--by", "李四", "--db", db)  # fmt: skip
    assert out.exit_code == 0, out.output
    shown = run("case", "show", "YSQ-1", "--as-of", "2023-10-20", "--json", "--db", db)
    doc = json.loads(shown.stdout)
    assert doc["status"] == "open"
    reply = next(c for c in doc["clocks"] if c["rule"] == "response.application-reply")
    assert reply["due"] == "2023-11-07"
    assert "第三十三条" in reply["source"]["clause"]
    assert [e["type"] for e in doc["events"]] == ["received", "extension-approved"]
    out = run("case", "event", "YSQ-1", "replied", "2023-11-08", "--db", db)
    assert out.exit_code == 0
    listed = json.loads(run("case", "list", "--as-of", "2023-11-30", "--json", "--db", db).stdout)
    assert [(c["id"], c["status"]) for c in listed] == [("YSQ-1", "overdue")]  # 报备 not done
    log = run("case", "log", "YSQ-1", "--db", db).stdout
    assert "第 2 号  2023-10-10  批准延期 10  登记人 李四" in log


def test_refusals_exit_2_in_chinese_and_store_nothing(db: str) -> None:
    assert run("case", "open", "A", "--kind", "application", "--unit", "县财政局",
               "--received", "2023-09-20", "--db", db).exit_code == 0  # fmt: skip
    cases = [
        (["case", "event", "A", "extension-approved", "2023-10-10", "--days", "30"], "超过上限 20 个工作日"),
        (["case", "event", "A", "corrected", "2023-10-10"], "应先有告知补正"),
        (["case", "event", "A", "replied", "2023-09-01"], "早于收到申请"),
        (["case", "event", "A", "answered", "2023-10-01"], "没有事件 'answered'"),
        (["case", "event", "B", "replied", "2023-10-01"], "案件库中没有案件 'B'"),
        (["case", "open", "A", "--kind", "application", "--unit", "县财政局", "--received", "2023-09-21"], "已存在"),
        (["case", "open", "C", "--kind", "application", "--unit", "县气象局甲", "--received", "2023-09-21"], "单位名录中没有单位"),
        (["case", "open", "C", "--kind", "application", "--unit", "县财政局", "--received", "2023-02-30"], "收到申请日期"),
        (["case", "open", "C", "--kind", "letter", "--unit", "县财政局", "--received", "2023-09-21"], "没有案件类别 'letter'"),
    ]  # fmt: skip
    for args, needle in cases:
        out = run(*args, "--db", db)
        assert out.exit_code == 2, (args, out.output)
        assert needle in out.stderr, (args, out.stderr)
        assert out.stderr.startswith("错误：")
        assert "Traceback" not in out.output
    log = run("case", "log", "A", "--db", db).stdout
    assert log.count("第 ") == 1  # only the opening event


def test_import_and_export_round_trip_and_rejections(db: str, tmp_path: Path) -> None:
    header = ["申请编号", "受理单位", "收到日期", "补正告知日期", "收到补正日期", "延长工作日数",
              "延期批准日期", "答复日期"]  # fmt: skip
    ledger = write_csv(
        tmp_path / "依申请公开.csv",
        [
            header,
            ["Y-1", "县财政局", "2023-09-20", "", "", "", "", "2023-10-13"],
            ["Y-2", "县教育局", "2023-09-22", "2023-09-25", "2023-09-28", "", "", ""],
            ["Y-3", "县财政局", "2023-09-22", "", "", "25", "2023-10-09", ""],  # over the cap
            ["Y-4", "县财政局", "2023-09-22", "", "2023-09-28", "", "", ""],  # 补正 without notice
            ["Y-5", "不存在的局", "2023-09-22", "", "", "", "", ""],
            ["Y-1", "县财政局", "2023-09-20", "", "", "", "", ""],  # the same id again
        ],
    )
    out = run("case", "import", str(ledger), "--db", db)
    assert out.exit_code == 1, out.output
    assert "读取 6 行，导入 2 件，拒收 4 行。" in out.stdout
    for line, needle in [
        (4, "超过上限 20 个工作日"),
        (5, "应先有告知补正"),
        (6, "单位名录中没有单位"),
        (7, "重复"),
    ]:
        said = [x for x in out.stderr.splitlines() if f"依申请公开.csv:{line}" in x]
        assert len(said) == 1, (line, out.stderr)
        assert needle in said[0]
    again = run("case", "import", str(ledger), "--db", db)
    assert "案件 Y-1 已在案件库中" in again.stderr
    exported = tmp_path / "exported.csv"
    out = run("case", "export", "--kind", "application", "-o", str(exported), "--db", db)
    assert out.exit_code == 0, out.output
    # the exported ledger is checked as the cases are judged
    check = run("check", "--records", str(exported), "--as-of", "2023-10-31", "--format", "json")
    found = {
        (f["case"], f["rule"]): (f["status"], f["due"])
        for f in json.loads(check.stdout)["findings"]
        if f["case"]
    }
    for cid in ("Y-1", "Y-2"):
        shown = json.loads(
            run("case", "show", cid, "--as-of", "2023-10-31", "--json", "--db", db).stdout
        )
        for clock in shown["clocks"]:
            assert found[(cid, clock["rule"])] == (clock["status"], clock["due"])
    assert (
        exported.read_text(encoding="utf-8-sig")
        .splitlines()[0]
        .startswith("申请编号,单位,收到日期")
    )


def test_remind_in_every_format(db: str, tmp_path: Path) -> None:
    for cid, received in [("OVER", "2023-09-01"), ("TODAY", "2023-09-20"), ("SOON", "2023-09-22")]:
        assert run("case", "open", cid, "--kind", "application", "--unit", "县财政局",
                   "--received", received, "--db", db).exit_code == 0  # fmt: skip
    text = run("remind", "--as-of", "2023-10-24", "--db", db).stdout
    assert "已逾期：2 项" in text
    assert "今日到期：2 项" in text
    assert "3个工作日内到期：2 项" in text
    doc = json.loads(run("remind", "--as-of", "2023-10-24", "--format", "json", "--db", db).stdout)
    assert doc["until"] == "2023-10-27"
    assert {(r["case"], r["bucket"]) for r in doc["reminders"]} == {
        ("OVER", "overdue"),
        ("TODAY", "today"),
        ("SOON", "soon"),
    }
    assert all(r["basis"] and r["action"] for r in doc["reminders"])
    md = run("remind", "--as-of", "2023-10-24", "--format", "md", "--db", db).stdout
    assert md.startswith("# 案件提醒（截至 2023-10-24）")
    ics = tmp_path / "remind.ics"
    out = run("remind", "--as-of", "2023-10-24", "--format", "ics", "-o", str(ics), "--db", db)
    assert out.exit_code == 0
    from icalendar import Calendar

    todos = Calendar.from_ical(ics.read_bytes()).walk("VTODO")
    assert len(todos) == 6
    assert {str(t["uid"]) for t in todos} >= {"OVER/response.application-reply@govflow"}
    other = run("remind", "--as-of", "2023-10-24", "--unit", "县教育局", "--db", db).stdout
    assert "已逾期：0 项" in other


def test_notices_diff_lists_provisional_deadlines_that_become_official(db: str) -> None:
    assert run("case", "open", "Y-2026", "--kind", "application", "--unit", "县财政局",
               "--received", "2026-12-01", "--db", db).exit_code == 0  # fmt: skip
    unjudged = json.loads(run("case", "list", "--as-of", "2026-12-05", "--json", "--db", db).stdout)
    assert unjudged[0]["status"] == "unjudged"
    assert "2027" in unjudged[0]["reason"]
    out = run("notices", "diff", str(NOTICE_2027), "--db", db, "--as-of", "2026-12-05", "--json")
    assert out.exit_code == 0, out.output
    cases = json.loads(out.stdout)["cases"]
    assert cases["compared"] is True
    assert cases["open_cases"] == 1
    moves = {m["rule"]: m for m in cases["moves"]}
    reply = moves["response.application-reply"]
    assert (reply["old_provisional"], reply["new_provisional"]) == (True, False)
    assert reply["old"] == reply["new"] == "2026-12-29"


def test_remind_names_the_cases_it_cannot_judge(db: str) -> None:
    assert run("case", "open", "Y-2026", "--kind", "application", "--unit", "县财政局",
               "--received", "2026-12-01", "--db", db).exit_code == 0  # fmt: skip
    text = run("remind", "--as-of", "2026-12-05", "--db", db).stdout
    assert "无法计算期限：1 件（可加 --provisional 估算）" in text
    assert "县财政局 Y-2026：计算期限需要 2027 年的节假日安排通知" in text
    doc = json.loads(run("remind", "--as-of", "2026-12-05", "--format", "json", "--db", db).stdout)
    assert [u["case"] for u in doc["unjudged"]] == ["Y-2026"]
    estimated = run("remind", "--as-of", "2026-12-05", "--provisional", "--db", db).stdout
    assert "无法计算" not in estimated


def test_a_store_from_a_newer_govflow_is_refused_in_chinese(db: str) -> None:
    import sqlalchemy as sa

    assert run("case", "list", "--db", db).exit_code == 0
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    engine.dispose()
    out = run("case", "list", "--db", db)
    assert out.exit_code == 2
    assert "案件库的结构版本 0099 是更新的 govflow 写的" in out.stderr
    assert "Traceback" not in out.output
