"""A file without the column a rule needs to see a duty done is not judged by that rule.

A ledger of applications that keeps no 报备日期 column says nothing about whether the cases
were reported; finding each of its rows "not done" would be noise.  When the field is optional
in the record kind (and not the outcome the kind exists to record: an application's reply), the
rule is not given that file's rows, and the check lists it among the rules not evaluated, naming
the file and the column.  A file that has the column with an empty cell is judged as before.

Only govflow's built-ins are loaded; the plan is the invented 测试县 plan (tests/data) with the
obligations made here.  Due dates by hand from the 2023 holiday notice (国办发明电〔2022〕16号):
20 working days from Friday 2023-09-01 end on Saturday 10-07 (a working day that year).
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.compliance import columnar
from govflow.compliance.check import CheckResult, run_check
from govflow.compliance.records import FieldSpec, FieldType, Record, RecordKind, read_records
from govflow.compliance.rules import Finding, Status
from govflow.errors import PluginError
from govflow.periods.core import Period
from govflow.plan.model import Plan
from govflow.plan.obligations import Deadline, Evidence, Obligation
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import Registry, get_plugin_manager
from govflow.report.escape import md_escape
from govflow.report.render import check_html, check_markdown, check_table
from plans import CESHI_PLAN, CITE, posting_duty

AS_OF = date(2023, 11, 1)
DUE = date(2023, 10, 7)


@pytest.fixture(scope="module")
def registry() -> Iterator[Registry]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVFLOW_LOAD_PLUGINS", "")
        mp.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
        yield Registry(get_plugin_manager())


def _duty(id_: str, title: str, done: str, **kw: Any) -> Obligation:
    return Obligation(
        id_,
        title,
        Deadline(Period.parse("20个工作日"), "收到申请"),
        CITE,
        applies_to=("县财政局",),
        area="response",
        task="19",
        evidence=Evidence("application", trigger="received", done=done, **kw),
    )


REPLY = _duty("t.reply", "依申请公开答复", "replied")
FILING = _duty("t.filing", "收到依申请公开后报备", "filed")


@pytest.fixture(scope="module")
def base(registry: Registry) -> Plan:
    """The 测试县 plan: none of its own duties reads applications."""
    loaded: Plan = registry.load_plan(CESHI_PLAN)
    return loaded


@pytest.fixture(scope="module")
def plan(base: Plan) -> Plan:
    return base.with_obligations((REPLY, FILING))


def check(registry: Registry, plan: Plan, files: Sequence[Path], **kw: Any) -> CheckResult:
    return run_check(
        plan, files, calendar=registry.calendar(), as_of=AS_OF, kinds=registry.record_kinds(), **kw
    )


def write(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def jsonl(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def cases(result: CheckResult, rule: str) -> dict[str | None, Status]:
    return {f.case: f.status for f in result.findings if f.rule == rule}


def only(result: CheckResult, rule: str, case: str) -> Finding:
    (f,) = [f for f in result.findings if f.rule == rule and f.case == case]
    return f


def accounted(result: CheckResult) -> None:
    for s in result.files:
        assert s.read == s.evaluated + s.rejected + s.not_applicable + s.set_aside, s


def test_a_ledger_without_the_filing_column_is_not_judged_for_filing(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    ledger = write(
        tmp_path / "依申请公开.csv",
        [
            ["申请编号", "单位", "收到日期", "答复日期"],
            ["A1", "县财政局", "2023-09-01", "2023-09-20"],
            ["A2", "县财政局", "2023-09-01", ""],
        ],
    )
    result = check(registry, plan, [ledger])
    accounted(result)
    # before: one 报备 violation per application, 「尚未完成」
    assert cases(result, "t.filing") == {}
    assert cases(result, "t.reply") == {"A1": Status.MET, "A2": Status.VIOLATED}
    (u,) = result.unjudged
    assert (u.rule.id, u.source, u.kind.name, u.fields, u.columns) == (
        "t.filing",
        str(ledger),
        "application",
        ("filed",),
        ("报备日期",),
    )
    assert u.reason == (
        f"{ledger}：依申请公开台账没有“报备日期”列，无法判断是否完成，未据此文件评估"
    )
    # the rows were evaluated (by the reply rule), none left out
    assert (result.files[0].evaluated, result.files[0].not_applicable) == (2, 0)
    text = check_table(result)
    assert "未评估的规则（记录缺少所需的列）：1 条——" in text
    assert f"  收到依申请公开后报备：{u.reason}" in text
    md = check_markdown(result)
    assert "## 未评估的规则（记录缺少所需的列）（1）" in md
    assert f"| 收到依申请公开后报备 | {md_escape(str(ledger))} | 报备日期 |" in md
    page = check_html(result)
    assert "<h2>未评估的规则（记录缺少所需的列）（1）</h2>" in page
    assert "<td>报备日期</td>" in page
    assert result.to_dict()["unjudged_rules"] == [
        {
            "id": "t.filing",
            "title": "收到依申请公开后报备",
            "file": str(ledger),
            "kind": "application",
            "fields": ["filed"],
            "columns": ["报备日期"],
            "reason": u.reason,
        }
    ]


def test_a_ledger_with_the_column_and_an_empty_cell_is_judged_not_done(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    ledger = write(
        tmp_path / "依申请公开.csv",
        [
            ["申请编号", "单位", "收到日期", "答复日期", "报备日期"],
            ["A1", "县财政局", "2023-09-01", "2023-09-20", "2023-09-04"],
            ["A2", "县财政局", "2023-09-01", "2023-09-20", ""],
        ],
    )
    result = check(registry, plan, [ledger])
    accounted(result)
    assert result.unjudged == []
    assert cases(result, "t.filing") == {"A1": Status.MET, "A2": Status.VIOLATED}
    assert only(result, "t.filing", "A2").explanation.endswith("尚未完成")
    assert result.to_dict()["unjudged_rules"] == []
    for shown in (check_table(result), check_markdown(result), check_html(result)):
        assert "记录缺少所需的列" not in shown


def test_a_ledger_without_a_reply_column_still_owes_its_replies(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    """The reply is what an application ledger records (RecordKind.essential): without its
    column no reply is recorded, and the statutory deadline is judged, not left unevaluated."""
    ledger = write(
        tmp_path / "依申请公开.csv",
        [
            ["申请编号", "单位", "收到日期", "报备日期"],
            ["A1", "县财政局", "2023-09-01", "2023-09-04"],
        ],
    )
    result = check(registry, plan, [ledger])
    assert result.unjudged == []
    assert cases(result, "t.reply") == {"A1": Status.VIOLATED}
    assert only(result, "t.reply", "A1").explanation.endswith("尚未完成")
    assert cases(result, "t.filing") == {"A1": Status.MET}


def test_json_lines_a_key_absent_from_every_line_is_a_missing_column(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    rows = [
        {"id": "A1", "unit": "县财政局", "received": "2023-09-01", "replied": "2023-09-20"},
        {"id": "A2", "unit": "县财政局", "received": "2023-09-01"},
    ]
    absent = jsonl(tmp_path / "applications.jsonl", rows)
    result = check(registry, plan, [absent])
    accounted(result)
    assert cases(result, "t.filing") == {}
    assert cases(result, "t.reply") == {"A1": Status.MET, "A2": Status.VIOLATED}
    (u,) = result.unjudged
    assert (u.rule.id, u.source, u.fields, u.table) == ("t.filing", str(absent), ("filed",), False)
    assert u.reason == (
        f"{absent}：依申请公开记录的各行都没有“报备日期”（filed）字段，"
        "无法判断是否完成，未据此文件评估"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [("filed", "2023-09-04"), ("报备日期", None), ("报备日期", ""), ("报备时间", "2023-09-04")],
)
def test_json_lines_a_key_on_one_line_is_a_column(
    registry: Registry, plan: Plan, tmp_path: Path, key: str, value: Any
) -> None:
    """A key on any line, even with an empty value (an empty cell), or one of the field's other
    spellings, is the column: the lines without it are judged not done."""
    rows = [
        {"id": "A1", "unit": "县财政局", "received": "2023-09-01"},
        {"id": "A2", "unit": "县财政局", "received": "2023-09-01", key: value},
    ]
    result = check(registry, plan, [jsonl(tmp_path / "applications.jsonl", rows)])
    accounted(result)
    assert result.unjudged == []
    assert cases(result, "t.filing") == {
        "A1": Status.VIOLATED,
        "A2": Status.MET if value else Status.VIOLATED,
    }


def test_each_file_is_judged_by_its_own_columns(
    registry: Registry, plan: Plan, tmp_path: Path
) -> None:
    kept = write(
        tmp_path / "applications-1.csv",
        [["申请编号", "单位", "收到日期", "报备日期"], ["A1", "县财政局", "2023-09-01", ""]],
    )
    not_kept = write(
        tmp_path / "applications-2.csv",
        [["申请编号", "单位", "收到日期"], ["A2", "县财政局", "2023-09-01"]],
    )
    result = check(registry, plan, [kept, not_kept], kind_of={str(not_kept): "application"})
    accounted(result)
    assert cases(result, "t.filing") == {"A1": Status.VIOLATED}
    assert [(u.rule.id, u.source) for u in result.unjudged] == [("t.filing", str(not_kept))]


@pytest.mark.parametrize("fast", [True, False])
def test_rows_no_rule_can_judge_are_not_applicable(
    registry: Registry, base: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    """With only the filing rule loaded, a ledger without its column has no row evaluated:
    they are counted not applicable (by the columnar path or the reference one alike)."""
    if not fast:
        monkeypatch.setattr(columnar, "count_table", lambda *a, **k: False)
    filing_only = base.with_obligations((FILING,))
    ledger = write(
        tmp_path / "applications.csv",
        [
            ["申请编号", "单位", "收到日期"],
            ["A1", "县财政局", "2023-09-01"],
            ["A2", "县财政局", "2023-09-02"],
        ],
    )
    result = check(registry, filing_only, [ledger])
    accounted(result)
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.not_applicable) == (2, 0, 2)
    assert result.findings == []
    assert [u.rule.id for u in result.unjudged] == ["t.filing"]


def test_a_field_the_rule_requires_to_apply_is_not_a_missing_column(
    registry: Registry, base: Plan, tmp_path: Path
) -> None:
    """补正 is judged only where one was notified: a ledger without the column has no 补正 case,
    which is not a rule left unevaluated."""
    notice = _duty(
        "t.notice", "一次性告知补正", "correction_notice", requires=("correction_notice",)
    )
    ledger = write(
        tmp_path / "applications.csv",
        [["申请编号", "单位", "收到日期", "答复日期"], ["A1", "县财政局", "2023-09-01", ""]],
    )
    result = check(registry, base.with_obligations((notice,)), [ledger])
    assert result.unjudged == []
    assert cases(result, "t.notice") == {}


def test_a_posting_rule_needs_the_end_of_the_posting(
    registry: Registry, base: Plan, tmp_path: Path
) -> None:
    """A minimum posting period is seen kept in 公示结束日期: a list of disclosures without that
    column is not judged by it (rather than each notice found posted too briefly)."""
    posting = posting_duty()
    files = write(
        tmp_path / "disclosures.csv",
        [["编号", "单位", "类型", "公开日期"], ["P1", "县发改委", "征地公告", "2023-08-01"]],
    )
    result = check(registry, base.with_obligations((posting,)), [files])
    assert cases(result, "t.posting") == {}
    (u,) = [u for u in result.unjudged if u.rule.id == "t.posting"]
    assert (u.rule.id, u.columns) == ("t.posting", ("公示结束日期",))
    assert "公开事项台账没有“公示结束日期”列" in u.reason


def test_missing_columns_of_a_stream(tmp_path: Path) -> None:
    table = write(
        tmp_path / "applications.csv",
        [["申请编号", "单位", "收到日期", "报备时间"], ["A1", "县财政局", "2023-09-01", ""]],
    )
    stream = read_records(table)
    assert stream.missing_columns(["filed", "replied", "filed"]) == ("replied",)
    stream.close()
    lines = jsonl(
        tmp_path / "applications.jsonl",
        [
            {"id": "A1", "unit": "县财政局", "received": "2023-09-01"},
            {"id": "A2", "unit": "县财政局", "received": "2023-09-01", "答复日期": None},
        ],
    )
    stream = read_records(lines)
    assert stream.missing_columns(["filed", "replied"]) == ("filed",)
    # the stream still reads every line after the look at its keys
    assert [r.data["id"] for r in stream if isinstance(r, Record)] == ["A1", "A2"]
    stream = read_records(lines, site="测试县人民政府网")
    assert stream.missing_columns(["site", "filed"]) == ("filed",)  # --site fills every row
    stream.close()


MEETING = RecordKind(
    "meeting",
    "会议",
    (
        FieldSpec("unit", FieldType.TEXT, "单位", True, ("unit", "单位")),
        FieldSpec("date", FieldType.DATE, "会议日期", True, ("date", "会议日期")),
        FieldSpec("minutes", FieldType.DATE, "纪要公开日期", False, ("minutes", "纪要公开日期")),
    ),
    file_names=("meetings",),
)


class _Meetings:
    def __init__(self, kind: RecordKind) -> None:
        self.kind = kind

    @hookimpl
    def govflow_record_kinds(self) -> list[RecordKind]:
        return [self.kind]


def _meetings(monkeypatch: pytest.MonkeyPatch, kind: RecordKind) -> Registry:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    reg = Registry(get_plugin_manager())
    reg.pm.register(_Meetings(kind), name="meetings")
    return reg


@pytest.mark.parametrize("essential", [False, True])
def test_a_plugin_kind_says_which_fields_every_file_keeps(
    monkeypatch: pytest.MonkeyPatch, base: Plan, tmp_path: Path, essential: bool
) -> None:
    """The mechanism is the kind's, not the application's: a plugin kind's optional field is
    needed unless the kind declares it essential."""
    kind = attrs.evolve(MEETING, essential=("minutes",) if essential else ())
    reg = _meetings(monkeypatch, kind)
    duty = Obligation(
        "t.minutes",
        "会议纪要公开",
        Deadline(Period.parse("20个工作日"), "会议"),
        CITE,
        applies_to=("县财政局",),
        area="response",
        task="19",
        evidence=Evidence("meeting", trigger="date", done="minutes"),
    )
    files = write(tmp_path / "meetings.csv", [["单位", "会议日期"], ["县财政局", "2023-09-01"]])
    result = run_check(
        base.with_obligations((duty,)),
        [files],
        calendar=reg.calendar(),
        as_of=AS_OF,
        kinds=reg.record_kinds(),
    )
    if essential:
        assert result.unjudged == []
        assert [f.status for f in result.findings if f.rule == "t.minutes"] == [Status.VIOLATED]
    else:
        assert [(u.rule.id, u.columns) for u in result.unjudged] == [
            ("t.minutes", ("纪要公开日期",))
        ]
        assert "会议台账没有“纪要公开日期”列" in result.unjudged[0].reason
        assert [f for f in result.findings if f.rule == "t.minutes"] == []


@pytest.mark.parametrize("essential", [("nowhere",), ("unit",)])
def test_a_plugin_kinds_essential_fields_are_its_optional_fields(
    monkeypatch: pytest.MonkeyPatch, essential: tuple[str, ...]
) -> None:
    reg = _meetings(monkeypatch, attrs.evolve(MEETING, essential=essential))
    with pytest.raises(PluginError, match="essential 字段"):
        reg.record_kinds()


_CASE = st.tuples(
    st.integers(0, 40),  # received, days after 09-01
    st.none() | st.integers(0, 60),  # replied, days after received
    st.none() | st.integers(0, 60),  # filed, days after received
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_CASE, min_size=1, max_size=6))
def test_dropping_the_column_only_drops_that_rules_findings(
    registry: Registry, plan: Plan, rows: list[tuple[int, int | None, int | None]]
) -> None:
    """For any ledger, in CSV or JSON Lines: without the 报备日期 column the reply findings are
    the same as with it, the filing rule has none and is listed once as not evaluated."""
    start = date(2023, 9, 1)

    def day(offset: int | None, base: int) -> str:
        return "" if offset is None else (start + timedelta(days=base + offset)).isoformat()

    records = [
        {"id": f"A{i}", "unit": "县财政局", "received": day(0, r), "replied": day(a, r)}
        | {"filed": day(f, r)}
        for i, (r, a, f) in enumerate(rows)
    ]
    outcomes = {}
    with tempfile.TemporaryDirectory() as tmp:
        for column in (True, False):
            names = ["id", "unit", "received", "replied", *(["filed"] if column else [])]
            table = write(
                Path(tmp) / f"applications-{column}.csv",
                [names, *([r[n] for n in names] for r in records)],
            )
            lines = jsonl(
                Path(tmp) / f"applications-{column}.jsonl",
                [{n: r[n] or None for n in names} for r in records],
            )
            for path in (table, lines):
                result = check(registry, plan, [path])
                outcomes[column, path.suffix] = (
                    {(f.rule, f.case, f.due, f.status) for f in result.findings},
                    [(u.rule.id, u.fields) for u in result.unjudged],
                )
    for suffix in (".csv", ".jsonl"):
        (kept, none), (dropped, listed) = outcomes[True, suffix], outcomes[False, suffix]
        assert none == []
        assert listed == [("t.filing", ("filed",))]
        assert dropped == {f for f in kept if f[0] != "t.filing"}
        assert len(kept - dropped) == len(rows)  # one filing finding per case with the column
    assert outcomes[True, ".csv"] == outcomes[True, ".jsonl"]
    assert outcomes[False, ".csv"] == outcomes[False, ".jsonl"]
