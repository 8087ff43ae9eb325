"""The hooks tests/test_plugins.py does not exercise yet, each through the registry for real.

``govflow_rules``, ``govflow_record_kinds``, ``govflow_header_aliases`` and
``govflow_phrase_patterns``: a plugin registered with the ``govflow_plugin`` fixture, next to the
built-ins only, and its contribution used the way ``govflow check`` and ``govflow import`` use it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.compliance.check import run_check
from govflow.compliance.records import (
    FieldSpec,
    FieldType,
    HeaderAlias,
    Record,
    RecordKind,
    read_records,
)
from govflow.compliance.rules import Context, Finding, Rule, Status
from govflow.importer.phrases import PhrasePattern, parse_phrases
from govflow.plan.model import Plan
from govflow.plan.obligations import Citation, Recurrence, RestDayRule, Severity
from govflow.plugins.hookspecs import hookimpl
from govflow.plugins.manager import PluginError, Registry, reset
from plans import CeshiPlugin

Register = Callable[..., Registry]
SOURCE = Citation(
    "《某县政府常务会议公众列席办法》（测试用）", "第四条", "每次常务会议邀请公众代表列席"
)


@pytest.fixture(autouse=True)
def _builtins_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No installed plugin: the process-wide registry holds the built-ins alone."""
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    reset()
    yield
    reset()


MEETING = RecordKind(
    "meeting",
    "政府常务会议",
    (
        FieldSpec("id", FieldType.TEXT, "会议编号", True, ("id", "会议编号")),
        FieldSpec("unit", FieldType.TEXT, "单位", True, ("unit", "单位", "承办单位")),
        FieldSpec("date", FieldType.DATE, "会议日期", True, ("date", "会议日期")),
        FieldSpec("observers", FieldType.INT, "列席公众人数", False, ("observers", "列席公众人数")),
    ),
    id_field="id",
    file_names=("meetings", "常务会议"),
)


class ObserversRule(Rule):
    """Every meeting has at least one member of the public observing (one finding per meeting)."""

    id = "county.meeting-observers"
    title = "常务会议邀请公众列席"
    area = "opening"
    severity = Severity.REMINDER
    source = SOURCE
    consumes: ClassVar[frozenset[str]] = frozenset({"meeting"})

    def __init__(self) -> None:
        self.found: list[Finding] = []

    def feed(self, record: Record, ctx: Context) -> None:
        unit = ctx.unit_of(record)
        if unit is None:
            return
        observers = record.get("observers") or 0
        status = Status.MET if observers > 0 else Status.VIOLATED
        self.found.append(
            Finding(
                self.id,
                self.title,
                self.area,
                status,
                self.severity,
                unit,
                self.source,
                due=record.get("date"),
                case=record.get("id"),
                actual=observers,
                expected=1,
                evidence=(record.ref,),
                evidence_count=1,
            )
        )

    def finish(self, ctx: Context) -> Iterable[Finding]:
        return self.found


class Meetings:
    """A plugin with a record kind and a rule that reads it."""

    @hookimpl
    def govflow_record_kinds(self) -> Iterable[RecordKind]:
        return [MEETING]

    @hookimpl
    def govflow_rules(self, plan: Plan) -> Iterable[Rule]:
        return [ObserversRule()]


def _meetings_csv(path: Path) -> Path:
    path.write_text(
        "会议编号,承办单位,会议日期,列席公众人数\n"
        "2023-01,县政府办,2023-07-14,3\n"
        "2023-02,县府办,2023-08-11,0\n"
        "2023-03,县统计局,2023-09-08,2\n",
        encoding="utf-8",
    )
    return path


def test_hook_govflow_rules(govflow_plugin: Register, tmp_path: Path) -> None:
    govflow_plugin(CeshiPlugin(), name="ceshi")
    reg = govflow_plugin(Meetings(), name="meetings")
    plan = reg.load_plan("ceshi-2023")
    first, second = reg.rules(plan), reg.rules(plan)
    assert [r.id for r in first] == ["county.meeting-observers"]
    assert first[0] is not second[0]  # a fresh rule for every check
    csv = _meetings_csv(tmp_path / "meetings.csv")
    result = run_check(
        plan,
        [csv],
        calendar=reg.calendar(),
        as_of=date(2023, 9, 30),
        kinds=reg.record_kinds(),
        extra_rules=first,
        area="opening",
    )
    assert [
        (f.case, f.unit, f.status) for f in result.findings if f.rule == "county.meeting-observers"
    ] == [
        ("2023-02", "县政府办", Status.VIOLATED),  # the alias 县府办 resolved
        ("2023-01", "县政府办", Status.MET),
    ]
    assert [(r.line, r.field) for r in result.rejected] == [(4, "unit")]  # 县统计局: unknown
    (summary,) = result.files
    assert (summary.read, summary.evaluated, summary.rejected) == (3, 2, 1)

    class Clash:
        @hookimpl
        def govflow_rules(self, plan: Plan) -> Iterable[Rule]:
            rule = ObserversRule()
            rule.id = "10.weekly-updates"  # the id of an obligation of the plan
            return [rule]

    govflow_plugin(Clash(), name="clash")
    with pytest.raises(PluginError, match=r"10\.weekly-updates"):
        reg.rules(plan)


def test_hook_govflow_record_kinds(govflow_plugin: Register, tmp_path: Path) -> None:
    govflow_plugin(CeshiPlugin(), name="ceshi")  # the default plan of `govflow check`
    reg = govflow_plugin(Meetings(), name="meetings")
    kinds = reg.record_kinds()
    assert kinds["meeting"] is MEETING
    assert {"post", "application", "message", "event", "disclosure"} < set(kinds)
    # the file name tells the kind; the id field rejects a duplicate
    csv = _meetings_csv(tmp_path / "常务会议.csv")
    with csv.open("a", encoding="utf-8") as f:
        f.write("2023-01,县政府办,2023-10-13,1\n")
    items = list(read_records(csv, kinds=kinds))
    records = [r for r in items if isinstance(r, Record)]
    assert [r.kind for r in records] == ["meeting"] * 3
    assert records[0].data == {
        "id": "2023-01",
        "unit": "县政府办",
        "date": date(2023, 7, 14),
        "observers": 3,
    }
    (duplicate,) = [r for r in items if not isinstance(r, Record)]
    assert (duplicate.line, duplicate.field) == (5, "id")
    # through the command line, by kind=path
    result = CliRunner().invoke(
        main, ["check", "--records", f"meeting={csv}", "--as-of", "2023-10-31", "--format", "json"]
    )
    assert result.exit_code == 1, result.output  # a violation, a rejected row
    assert '"county.meeting-observers"' in result.output

    class Redefines:
        @hookimpl
        def govflow_record_kinds(self) -> Iterable[RecordKind]:
            return [RecordKind("post", "另一种发布信息", MEETING.fields)]

    govflow_plugin(Redefines(), name="redefines")
    with pytest.raises(PluginError, match="内置记录类别 'post'"):
        reg.record_kinds()


def test_hook_govflow_header_aliases(govflow_plugin: Register, tmp_path: Path) -> None:
    class CountyHeaders:
        @hookimpl
        def govflow_header_aliases(self) -> Iterable[HeaderAlias]:
            return [
                HeaderAlias("post", "unit", "信息来源单位"),
                HeaderAlias("post", "time", "上网时间"),
            ]

    reg = govflow_plugin(CountyHeaders(), name="county-headers")
    post = reg.record_kinds()["post"]
    assert post.field("unit").aliases[-1] == "信息来源单位"
    csv = tmp_path / "posts.csv"
    csv.write_text(
        "网站,信息来源单位,上网时间,标题\n"
        "测试县人民政府网,县财政局,2023-07-03 09:30,2023年部门预算公开\n",
        encoding="utf-8",
    )
    (record,) = read_records(csv, kinds=reg.record_kinds())
    assert isinstance(record, Record)
    assert record.get("unit") == "县财政局"
    assert record.get("time").date() == date(2023, 7, 3)
    # without the plugin the file lacks the required columns
    with pytest.raises(ValueError, match="必填列"):
        list(read_records(csv))

    class Again:
        @hookimpl
        def govflow_header_aliases(self) -> Iterable[HeaderAlias]:
            return [HeaderAlias("post", "unit", "信息来源单位")]

    govflow_plugin(Again(), name="again")
    with pytest.raises(PluginError, match="county-headers 与 again"):
        reg.record_kinds()


def test_hook_govflow_header_aliases_unknown_field(govflow_plugin: Register) -> None:
    class Misspelt:
        @hookimpl
        def govflow_header_aliases(self) -> Iterable[HeaderAlias]:
            return [HeaderAlias("post", "author", "作者")]

    reg = govflow_plugin(Misspelt(), name="misspelt")
    with pytest.raises(PluginError, match=r"字段 post\.author 不存在"):
        reg.record_kinds()


XUN = PhrasePattern(
    "county.every-xun",
    r"每旬末?",
    lambda m: Recurrence("FREQ=MONTHLY;BYMONTHDAY=10,20,-1", "每旬末", RestDayRule.PRECEDING),
)

PLAN_TEXT = """测试县2024年政务公开工作方案
一、重点任务
(一)强化舆情回应
1.加强舆情监测。各乡(镇)人民政府每旬末报送1次舆情动态。(责任单位:各乡(镇)人民政府)
"""


def test_hook_govflow_phrase_patterns(govflow_plugin: Register, tmp_path: Path) -> None:
    class CountyPhrases:
        @hookimpl
        def govflow_phrase_patterns(self) -> Iterable[PhrasePattern]:
            return [XUN]

    text = "各乡镇每旬末报送1次舆情动态"
    assert [m.pattern for m in parse_phrases(text)] == ["untimed.words"]
    reg = govflow_plugin(CountyPhrases(), name="county-phrases")
    assert reg.phrase_patterns() == [XUN]
    found = parse_phrases(text, extra_patterns=reg.phrase_patterns())
    assert [(m.text, m.pattern) for m in found] == [
        ("每旬末", "county.every-xun"),
        ("动态", "untimed.words"),
    ]
    # govflow import reads the plan text with the plugins' patterns
    doc = tmp_path / "plan.txt"
    doc.write_text(PLAN_TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(doc)])
    assert result.exit_code == 0, result.output
    assert 'rrule = "FREQ=MONTHLY;BYMONTHDAY=10,20,-1"' in result.stdout

    class Again:
        @hookimpl
        def govflow_phrase_patterns(self) -> Iterable[PhrasePattern]:
            return [XUN]

    govflow_plugin(Again(), name="again")
    with pytest.raises(PluginError, match=r"时间用语模式 'county\.every-xun' 重复"):
        reg.phrase_patterns()


def test_hook_govflow_phrase_patterns_replace_a_core_pattern(govflow_plugin: Register) -> None:
    class NoUntimed:
        @hookimpl
        def govflow_phrase_patterns(self) -> Iterable[PhrasePattern]:
            return [PhrasePattern("untimed.words", r"(?!x)x", lambda m: None)]  # never matches

    reg = govflow_plugin(NoUntimed(), name="no-untimed")
    assert parse_phrases("及时动态更新", extra_patterns=reg.phrase_patterns()) == []
