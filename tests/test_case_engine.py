"""The case engine (:mod:`govflow.compliance.colcases`) gives what the reference path gives.

Differential tests: the same application ledgers are checked with the engine and with it turned
off (``GOVFLOW_NO_FAST_PATH=1``), and the whole :class:`CheckResult` must be the same: findings
in their order (status, due date, explanation, trace, action, case, evidence), rejected rows
(file, line, field, reason), the file summaries and the JSON document.  The ledgers are seeded
random and messy: several date spellings, dates that do not exist, blank and unknown units,
duplicate ids within a file and across files, replies before receipt, cases received or replied
after the moment of checking, 2027 dates (no holiday notice: rejected), a 补正 restarting a clock
(row by row), a filter on the channel and an ``unless`` on 视为放弃.  Ledgers the engine must
give back (a blank first cell, a 合计 row, a repeated header) are checked both ways too.

The plan is the invented 测试县 plan with three application duties added to its task 19; no
plugin is needed.
"""

from __future__ import annotations

import csv
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fastpath_support import (  # noqa: F401 - fixtures are found by name
    AS_OF,
    Checker,
    assert_same,
    calendar,
    differential,
    kinds,
    small_blocks,
    write_jsonl,
    write_sheet,
)
from govflow.calendar.workcalendar import WorkCalendar
from govflow.compliance import colcases, columnar
from govflow.compliance.check import CheckResult
from govflow.compliance.findings import Finding, Status
from govflow.compliance.kinds import Record
from govflow.compliance.records import RecordKind
from govflow.compliance.rules import Context, Rule
from govflow.plan import planfile
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Severity
from plans import CESHI_PLAN

DUTIES = """
[[tasks.obligations]]
id = "19.case-reply"
title = "依申请公开答复（测试）"
clause = "自收到申请之日起20个工作日内予以答复"
applies_to = ["县政府各部门", "各乡(镇)人民政府"]

[tasks.obligations.deadline]
period = "20个工作日"
trigger = "收到申请"

[tasks.obligations.evidence]
kind = "application"
trigger = "received"
done = "replied"
restart = "corrected_received"

[tasks.obligations.evidence.where]
channel = { not = ["传真"] }

[[tasks.obligations]]
id = "19.case-filing"
title = "依申请公开报备（测试）"
clause = "各部门收到依申请公开后应当主动向县政府办报备"
applies_to = ["县政府各部门"]

[tasks.obligations.deadline]
period = "3个工作日"
trigger = "收到申请"

[tasks.obligations.evidence]
kind = "application"
trigger = "received"
done = "filed"
unless = "abandoned"

[[tasks.obligations]]
id = "19.reply-filing"
title = "答复后报备（测试）"
clause = "答复后及时报备"
applies_to = ["县政府各部门", "各乡(镇)人民政府"]

[tasks.obligations.deadline]
period = "5个工作日"
trigger = "答复"

[tasks.obligations.evidence]
kind = "application"
trigger = "replied"
done = "filed"
requires = ["replied"]
"""


@pytest.fixture(scope="module")
def plan_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The invented plan with :data:`DUTIES` added to its task 19, the last task."""
    text = CESHI_PLAN.read_text(encoding="utf-8")
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "plan.toml"
    units = (CESHI_PLAN.parent / "../units/ceshi.toml").resolve()
    text = text.replace('units = "../units/ceshi.toml"', f'units = "{units.as_posix()}"')
    at = text.index("\n[[safeguards]]")
    path.write_text(text[:at] + "\n" + DUTIES + text[at:], encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plan(plan_path: Path) -> Plan:
    return planfile.read_plan(plan_path)


@pytest.fixture
def both(
    plan: Plan,
    calendar: WorkCalendar,  # noqa: F811 - the fixture imported above
    kinds: dict[str, RecordKind],  # noqa: F811 - the fixture imported above
    monkeypatch: pytest.MonkeyPatch,
) -> Checker:
    """:func:`~fastpath_support.differential` of the case engine."""
    return differential(plan, calendar, kinds, monkeypatch, (colcases, "evaluate_cases"))


UNITS = ("县财政局", "县政府办", "县大数据中心", "东城镇", "西山乡", "县发改委", "县人社局")
ODD_UNITS = ("测试县财政局", " 东城镇 ", "财政局", "不存在单位", "各乡(镇)人民政府", "")
CHANNELS = ("网络", "当面", "传真", "", "邮寄")
HEADER = [
    "申请编号",
    "单位",
    "申请渠道",
    "收到日期",
    "答复日期",
    "报备日期",
    "补正告知日期",
    "收到补正日期",
    "视为放弃",
]


def _spell(rng: random.Random, day: Any) -> str:
    """A date as a ledger may write it."""
    if rng.random() < 0.85:
        return str(day.isoformat())
    return rng.choice(
        [
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f" {day.isoformat()} ",
            f"{day.year}.{day.month:02d}.{day.day:02d}",
        ]
    )


def ledger(path: Path, seed: int, rows: int, *, ids_from: int = 0, title: bool = False) -> Path:
    """A messy application ledger (see the module docstring), in UTF-8 (with a BOM or not) or
    GB18030, its rows ending in CRLF; with *title*, a title line above the header."""
    from datetime import date

    rng = random.Random(seed)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8-sig", "gb18030"])
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        if title:
            out.writerow(["测试县2023年依申请公开登记台账"])
        out.writerow(HEADER)
        for i in range(rows):
            received = date(2023, 1, 3) + timedelta(days=rng.randint(0, 380))
            if rng.random() < 0.01:
                received = date(2027, 1, 4) + timedelta(days=rng.randint(0, 30))
            replied = received + timedelta(days=rng.randint(-2, 40))
            filed = received + timedelta(days=rng.randint(0, 9))
            number = ids_from + (i if rng.random() > 0.03 else rng.randint(0, max(i, 1)))
            row = [
                f"YSQ-{number:05d}",
                rng.choice(UNITS) if rng.random() > 0.05 else rng.choice(ODD_UNITS),
                rng.choice(CHANNELS),
                _spell(rng, received),
                _spell(rng, replied) if rng.random() > 0.1 else "",
                _spell(rng, filed) if rng.random() > 0.2 else "",
                "",
                "",
                rng.choice(["", "", "", "是", "否"]),
            ]
            if rng.random() < 0.04:
                notice = received + timedelta(days=rng.randint(1, 5))
                row[6] = notice.isoformat()
                row[7] = (notice + timedelta(days=rng.randint(1, 9))).isoformat()
            if rng.random() < 0.02:
                row[3] = rng.choice(["2023-02-30", "不详", "2023-13-01", ""])
            if rng.random() < 0.01:
                row[0] = ""
            out.writerow(row)
            if rng.random() < 0.01:  # an empty line: no row for csv
                fh.write("\n")
            if rng.random() < 0.01:  # a blank row: set aside when a row follows it
                out.writerow(["", " ", "", "", "\u3000", "", "", "", ""])
        for _ in range(rng.choice([0, 0, 1, 3])):  # blank rows after the last: no rows
            out.writerow([""] * len(HEADER))
    return path


def _cases(result: CheckResult) -> int:
    return sum(1 for f in result.findings if f.case is not None)


def ledger_file(folder: Path, form: str, seed: int, rows: int) -> Path:
    """:func:`ledger` as a county keeps it: CSV (a title line above the header at times); a
    workbook (dates as Excel dates, serial days
    or text, numbers, a title row above the header at times, empty rows); or JSON Lines, one
    object per case (nulls for some empty cells, blank lines)."""
    source = ledger(folder / "applications.csv", seed, rows, title=form == "csv-title")
    if form.startswith("csv"):
        return source
    table = ledger_rows(source)
    rng = random.Random(seed)
    if form == "xlsx":
        dated = {i for i, name in enumerate(HEADER) if name.endswith("日期")}
        return write_sheet(
            folder / "依申请公开.xlsx", table[0], table[1:], rng, dated=dated, title=seed % 2 == 0
        )
    return write_jsonl(folder / "applications.jsonl", HEADER, [r for r in table[1:] if r], rng)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 400),
    form=st.sampled_from(["csv", "csv", "csv-title", "xlsx", "jsonl"]),
)
def test_the_engine_judges_every_case_as_the_reference(
    both: Checker, tmp_path_factory: pytest.TempPathFactory, seed: int, rows: int, form: str
) -> None:
    """Every case of a messy ledger (CSV, a workbook, JSON Lines) judged as the reference does:
    in a sheet or JSON Lines, every line is a case, rejected, or (a sheet's) set aside alike."""
    path = ledger_file(tmp_path_factory.mktemp("ledger"), form, seed, rows)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)


def test_a_big_ledger_judged_the_same_and_its_findings_told(both: Checker, tmp_path: Path) -> None:
    path = ledger(tmp_path / "applications.csv", 20230619, 3000)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert fast.findings.blocks  # the engine's cases as columns
    assert not ref.findings.blocks
    # the ledger exercises every outcome the engine hands over
    statuses = {f.status for f in fast.findings}
    assert {Status.MET, Status.VIOLATED} <= statuses
    assert statuses & {Status.AT_RISK, Status.PENDING}
    reasons = {r.field for r in fast.rejected}
    assert {"id", "unit", "received"} <= reasons
    assert any("2027" in r.reason for r in fast.rejected)
    assert any("重复" in r.reason for r in fast.rejected)
    assert any("早于" in r.reason for r in fast.rejected)
    assert _cases(fast) > 2000
    assert any(f.set_aside for f in fast.files)  # blank rows between the cases


def test_ids_seen_in_an_earlier_file_are_rejected_alike(both: Checker, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = ledger(tmp_path / "a" / "applications.csv", 1, 300)
    second = ledger(tmp_path / "b" / "applications.csv", 2, 300)
    fast, ref, taken = both([first, second])
    assert taken == [True, True]
    assert_same(fast, ref)
    assert any("首次出现在" in r.reason and str(first) in r.reason for r in fast.rejected)


@pytest.mark.parametrize(
    "odd",
    [
        ["合计", "", "", "", "", "", "", "", ""],  # a total row
        HEADER,  # the header again
    ],
    ids=["total-row", "repeated-header"],
)
def test_ledgers_the_engine_gives_back(both: Checker, tmp_path: Path, odd: list[str]) -> None:
    path = ledger(tmp_path / "applications.csv", 7, 200)
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(odd)
        csv.writer(fh).writerow(["YSQ-99999", "县财政局", "网络", "2023-03-01", "", "", "", "", ""])
    fast, ref, taken = both([path])
    assert taken == [False]
    assert_same(fast, ref)


def test_a_parquet_ledger_judged_as_the_reference(both: Checker, tmp_path: Path) -> None:
    import polars as pl

    rows = []
    path = ledger(tmp_path / "source.csv", 11, 2500)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                rows = [r for r in csv.reader(fh) if r]  # an empty line is no row of a table
            break
        except UnicodeDecodeError:
            continue
    header, body = rows[0], rows[1:]
    columns = {name: [r[i] if i < len(r) else "" for r in body] for i, name in enumerate(header)}
    parquet = tmp_path / "applications.parquet"
    pl.DataFrame(columns, schema=dict.fromkeys(header, pl.String)).write_parquet(parquet)
    fast, ref, taken = both([parquet])
    assert taken == [True]
    assert_same(fast, ref)
    assert len(fast.findings) > 1000


def ledger_rows(path: Path) -> list[list[str]]:
    """The rows of a ledger written by :func:`ledger` (its header first), an empty line an
    empty row."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as fh:
                return list(csv.reader(fh))
        except UnicodeDecodeError:
            continue
    raise AssertionError(path)


def test_json_lines_with_numbers_for_ids(both: Checker, tmp_path: Path) -> None:
    """Platforms write a numeric id as a JSON number: read as its digits, both ways."""
    table = [r for r in ledger_rows(ledger(tmp_path / "source.csv", 7, 1500))[1:] if r]
    for row in table:
        row[0] = row[0].removeprefix("YSQ-").lstrip("0") or row[0]
    rng = random.Random(7)
    path = write_jsonl(tmp_path / "applications.jsonl", HEADER, table, rng, numbers={0})
    assert ": 1" in path.read_text(encoding="utf-8-sig")  # some ids are numbers
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    assert any("重复" in r.reason for r in ref.rejected)


def test_the_engine_is_off_when_turned_off(
    both: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(columnar.DISABLE, "1")
    path = ledger(tmp_path / "applications.csv", 3, 50)
    _, _, taken = both([path])
    assert taken == [False]


MESSAGE_HEADER = ["留言编号", "渠道", "承办单位", "留言时间", "是否简单问题", "答复时间"]


def _moment_text(rng: random.Random, when: Any) -> str:
    """A moment as a hotline's export may write it (Beijing time unless it says otherwise)."""
    pick = rng.random()
    if pick < 0.7:
        return str(when.strftime("%Y-%m-%d %H:%M"))
    if pick < 0.8:
        return str(when.strftime("%Y-%m-%d %H:%M:%S"))
    if pick < 0.85:
        return str(when.strftime("%Y-%m-%d"))
    if pick < 0.9:
        return f"{when.year}/{when.month}/{when.day} {when.hour}:{when.minute:02d}"
    if pick < 0.95:
        return str(when.strftime("%Y-%m-%dT%H:%M:%S+08:00"))
    return str((when - timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ"))  # the same, in UTC


def messages(path: Path, seed: int, rows: int) -> Path:
    """A 问政 hotline's messages: moments, some replied minutes before they came in (rejected
    only when the moments say so), replies late at night, after the moment of checking."""
    from datetime import datetime

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(MESSAGE_HEADER)
        for i in range(rows):
            received = datetime(2023, 1, 3, 8) + timedelta(minutes=rng.randint(0, 380 * 24 * 60))
            replied = received + timedelta(minutes=rng.randint(-90, 12 * 24 * 60))
            out.writerow(
                [
                    f"LY-{i if rng.random() > 0.02 else rng.randint(0, i + 1):05d}",
                    rng.choice(["县长信箱", "问政江西", ""]),
                    rng.choice(UNITS) if rng.random() > 0.04 else rng.choice(ODD_UNITS),
                    _moment_text(rng, received) if rng.random() > 0.01 else "昨天",
                    rng.choice(["是", "否", "", "否"]),
                    _moment_text(rng, replied) if rng.random() > 0.1 else "",
                ]
            )
    return path


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.integers(0, 2**32 - 1),
    rows=st.integers(1, 400),
    form=st.sampled_from(["csv", "csv", "xlsx", "jsonl"]),
)
def test_messages_with_moments_judged_as_the_reference(
    both: Checker, tmp_path_factory: pytest.TempPathFactory, seed: int, rows: int, form: str
) -> None:
    """Messages with moments in many spellings, as CSV, a workbook (moments as Excel date-times
    at times) or JSON Lines."""
    folder = tmp_path_factory.mktemp("messages")
    path = messages(folder / "messages.csv", seed, rows)
    if form != "csv":
        table = ledger_rows(path)
        rng = random.Random(seed)
        if form == "xlsx":
            path = write_sheet(folder / "网民留言.xlsx", table[0], table[1:], rng)
        else:
            path = write_jsonl(folder / "messages.jsonl", table[0], table[1:], rng)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)


def test_a_big_message_ledger(both: Checker, tmp_path: Path) -> None:
    path = messages(tmp_path / "messages.csv", 20230619, 3000)
    fast, ref, taken = both([path])
    assert taken == [True]
    assert_same(fast, ref)
    rules = {f.rule for f in fast.findings}
    assert {"18.message-reply", "18.simple-reply"} <= rules
    assert any("早于" in r.reason for r in fast.rejected)  # replied before it came in
    assert {Status.MET, Status.VIOLATED} <= {f.status for f in fast.findings}


def test_a_province_ledger_split_by_county_judged_as_the_reference(
    plan_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check --county-column``: each county's part (Parquet, in a temporary folder) is judged
    by the engine; the whole document is the reference's, byte for byte."""
    from click.testing import CliRunner

    from govflow.cli import main

    source = ledger(tmp_path / "source.csv", 5, 3000)
    rng = random.Random(5)
    raw = source.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    rows = [r for r in csv.reader(text.splitlines()) if r]
    province = tmp_path / "applications.csv"
    with province.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["县区", *rows[0]])
        for row in rows[1:]:
            out.writerow([rng.choice(["甲县", "乙县", "丙县"]), *row])
    args = ["check", "--plan", str(plan_path), "--records", str(province)]
    args += ["--county-column", "县区", "--as-of", AS_OF.isoformat(), "--format", "json"]
    taken: list[bool] = []
    real = colcases.evaluate_cases

    def spy(*a: Any, **kw: Any) -> bool:
        done = real(*a, **kw)
        taken.append(done)
        return done

    with monkeypatch.context() as m:
        m.setattr(colcases, "evaluate_cases", spy)
        fast = CliRunner().invoke(main, args)
    with monkeypatch.context() as m:
        m.setenv(columnar.DISABLE, "1")
        ref = CliRunner().invoke(main, args)
    assert taken == [True, True, True]
    assert fast.exit_code == ref.exit_code == 1
    assert fast.stdout == ref.stdout
    assert fast.stderr == ref.stderr


class _Tally(Rule):
    """A plugin's rule of Python per case: what it was given, and a finding per unit."""

    id = "test.tally"
    title = "逐案统计（测试）"
    area = "answers"
    consumes = frozenset({"application"})

    def __init__(self) -> None:
        self.seen: list[tuple[int, tuple[tuple[str, Any], ...]]] = []

    def feed(self, record: Record, ctx: Context) -> None:
        self.seen.append((record.line, tuple(record.data.items())))
        if record.data.get("channel") == "传真":
            ctx.reject(record, "channel", "测试：不收传真")

    def finish(self, ctx: Context) -> list[Finding]:
        per_unit: dict[str, int] = {}
        for _, data in self.seen:
            unit = dict(data).get("unit", "")
            per_unit[unit] = per_unit.get(unit, 0) + 1
        return [
            Finding(
                self.id,
                self.title,
                self.area,
                Status.MET,
                Severity.REMINDER,
                u,
                Citation("测试", ""),
                actual=n,
            )
            for u, n in sorted(per_unit.items())
        ]


def test_a_rule_of_python_per_case_gets_the_rows_the_engine_read(
    both: Checker, tmp_path: Path
) -> None:
    path = ledger(tmp_path / "applications.csv", 13, 2000)
    tallies: list[_Tally] = []

    def rules() -> list[Rule]:
        tallies.append(_Tally())
        return [tallies[-1]]

    fast, ref, taken = both([path], extra_rules=rules)
    assert taken == [True]
    assert_same(fast, ref)
    engine, reference = tallies
    assert engine.seen == reference.seen  # the same records, values and order
    assert len(engine.seen) > 1500
    assert any(r.reason == "测试：不收传真" for r in fast.rejected)


def test_a_scratch_context_shares_the_settings_not_the_outcomes(
    plan: Plan,
    calendar: WorkCalendar,  # noqa: F811 - the fixture imported above
) -> None:
    ctx = Context(plan=plan, calendar=calendar, as_of=AS_OF, start=plan.issued, lead_time=5)
    ctx.provisional = True
    ctx.reject(Record("application", "a.csv", 2, {}), "unit", "测试")
    scratch = ctx.scratch()
    assert (scratch.plan, scratch.calendar, scratch.as_of, scratch.start) == (
        plan,
        calendar,
        AS_OF,
        plan.issued,
    )
    assert (scratch.lead_time, scratch.provisional) == (5, True)
    assert scratch.rejected == []
    assert not scratch.is_rejected(Record("application", "a.csv", 2, {}))


@pytest.mark.parametrize("unit", ["东城镇", "县财政局", "各乡(镇)人民政府", "县政府各部门"])
def test_the_findings_of_one_unit_or_group_are_the_references(
    both: Checker, tmp_path: Path, unit: str
) -> None:
    """``--unit``: the engine's findings, kept as columns, are filtered by unit as the
    reference's objects are."""
    path = ledger(tmp_path / "applications.csv", 20231201, 1500)
    fast, ref, taken = both([path], unit=unit)
    assert taken == [True]
    assert_same(fast, ref)
    assert fast.findings.blocks
    everyone, _, _ = both([path])
    assert 0 < len(fast.findings) < len(everyone.findings)
