"""The plan file: TOML in, TOML out; validation errors name the file, the key path and the want."""

from __future__ import annotations

import copy
import os
import subprocess
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from govflow.plan.obligations import Deadline, Per, Quota, Recurrence, RestDayRule, Window
from govflow.plan.planfile import PlanError, dump_plan, plan_to_dict
from govflow.plugins.manager import Registry, registry
from plans import (
    CESHI_PLAN,
    CESHI_UNITS,
    CeshiPlugin,
    ceshi_plan,
    load_plan,
    plan_from_dict,
    read_plan,
)

Data = dict[str, Any]

CESHI_DATA: Data = tomllib.loads(CESHI_PLAN.read_text("utf-8"))
"""The invented plan's file as data (its ``units`` a path relative to the file)."""


def ceshi_data() -> Data:
    """The invented plan's data, its unit directory an absolute path (to be written anywhere)."""
    data = copy.deepcopy(CESHI_DATA)
    data["units"] = str(CESHI_UNITS)
    return data


def write(path: Path, data: Data) -> Path:
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def mini_plan(*obligations: Data, units: str = str(CESHI_UNITS)) -> Data:
    """A one-task plan around the invented 测试县 directory."""
    task: Data = {
        "number": 1,
        "section": "二(一)",
        "title": "测试任务",
        "text": "测试任务。正文。",
        "lead": ["县政府办"],
        "responsible": ["县财政局", "东城镇"],
        "area": "test",
    }
    if obligations:
        task["obligations"] = list(obligations)
    return {
        "id": "mini-2023",
        "title": "测试县2023年政务公开工作方案",
        "number": "测府办字〔2023〕1号",
        "issued": date(2023, 6, 18),
        "year": 2023,
        "issuer": "测试县人民政府办公室",
        "units": units,
        "sections": [{"id": "二(一)", "title": "测试"}],
        "tasks": [task],
    }


# -- round trip -----------------------------------------------------------------------------------


def test_embedded_plan_round_trips() -> None:
    plan = ceshi_plan()
    text = dump_plan(plan)
    again = plan_from_dict(tomllib.loads(text), path="<dumped>", base=CESHI_PLAN.parent)
    assert again == plan
    assert dump_plan(again) == text
    assert plan_to_dict(again) == plan_to_dict(plan)


def test_embedded_plan_reads_back_as_its_own_data() -> None:
    """The file's data and the writer's data differ only by what defaults fill in."""
    plan = ceshi_plan()
    assert plan_from_dict(CESHI_DATA, base=CESHI_PLAN.parent) == plan
    assert plan_from_dict(plan_to_dict(plan), base=CESHI_PLAN.parent) == plan


_TEXT = (
    st.text(
        alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\r"),
        min_size=1,
        max_size=24,
    )
    .map(str.strip)
    .filter(bool)
)
_UNIT_NAMES = st.sampled_from(
    [
        "县财政局",
        "县市场监管局",
        "各乡（镇）人民政府",
        "县政府各部门",
        "县政府办公室",
        "县直(驻县)有关单位",
        "东城镇",
    ]
)
_ANCHORS = ["2023年9月底前", "年底前", "次年1月31日前", "月底前", "9月底前", "季度末前", "上半年"]
_PERIODS = ["5个工作日", "20个工作日", "15日", "2个月", "当日", "24小时", "三个工作日"]
_RRULES = [
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=WEEKLY;BYDAY=SU",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20",
    "FREQ=DAILY",
]
_WHERE = st.dictionaries(
    st.sampled_from(["kind", "original", "category"]),
    st.one_of(st.booleans(), st.integers(0, 99), _TEXT),
    max_size=2,
)

_CLOCK_SETTINGS = st.fixed_dictionaries(
    {},
    optional={
        "max_pause_workdays": st.integers(1, 99),
        "max_extension_workdays": st.integers(1, 99),
        "awaiting": _TEXT,
        "minimum_posting": st.booleans(),
        "monitoring": st.booleans(),
    },
)


@st.composite
def obligation_tables(draw: st.DrawFn, index: int) -> Data:
    ob: Data = {"id": f"1.o{index}", "title": draw(_TEXT), "clause": draw(_TEXT)}
    kind = draw(st.sampled_from(["anchor", "trigger", "recurrence", "quota"]))
    if kind == "anchor":
        ob["deadline"] = draw(st.sampled_from(_ANCHORS))
    elif kind == "trigger":
        ob["deadline"] = {"period": draw(st.sampled_from(_PERIODS)), "trigger": draw(_TEXT)}
    elif kind == "recurrence":
        ob["recurrence"] = {
            "rrule": draw(st.sampled_from(_RRULES)),
            "text": draw(_TEXT),
            "on_rest_day": draw(st.sampled_from([r.value for r in RestDayRule])),
        }
    else:
        ob["quota"] = {
            "minimum": draw(st.integers(1, 10_000)),
            "window": draw(st.sampled_from([w.value for w in Window])),
            "counts": draw(st.sampled_from(["post", "event"])),
            "where": draw(_WHERE),
            "text": draw(_TEXT),
        }
    if draw(st.booleans()):
        ob["applies_to"] = draw(st.lists(_UNIT_NAMES, min_size=1, max_size=3))
    ob["per"] = draw(st.sampled_from([p.value for p in Per]))
    if kind == "trigger" and draw(st.booleans()):
        ob[draw(st.sampled_from(["settings", "params"]))] = draw(_CLOCK_SETTINGS)
    if draw(st.booleans()):
        ob["source"] = draw(_TEXT)
    return ob


@st.composite
def plan_tables(draw: st.DrawFn) -> Data:
    n = draw(st.integers(0, 4))
    data = mini_plan(*(draw(obligation_tables(i)) for i in range(n)))
    data["title"] = draw(_TEXT)
    task = data["tasks"][0]
    task["title"] = draw(_TEXT)
    task["text"] = draw(_TEXT)
    task["responsible"] = draw(st.lists(_UNIT_NAMES, max_size=3))
    return data


@given(plan_tables())
def test_any_valid_plan_round_trips(data: Data) -> None:
    plan = plan_from_dict(data)
    text = dump_plan(plan)
    again = plan_from_dict(tomllib.loads(text))
    assert again == plan
    assert dump_plan(again) == text


# -- validation errors ----------------------------------------------------------------------------


def _unknown_unit(d: Data) -> None:
    d["tasks"][6]["lead"][2] = "县市场监管总局"


def _unknown_applies_to(d: Data) -> None:
    d["tasks"][4]["obligations"][1]["applies_to"] = ["县政府办公厅"]


def _malformed_period(d: Data) -> None:
    d["tasks"][0]["obligations"][0]["deadline"] = "二十个工日"


def _malformed_trigger_period(d: Data) -> None:
    d["tasks"][6]["obligations"][0]["deadline"]["period"] = "五个工作天"


def _missing_clause(d: Data) -> None:
    del d["tasks"][0]["obligations"][0]["clause"]


def _blank_clause(d: Data) -> None:
    d["safeguards"][0]["obligations"][0]["clause"] = "  "


def _two_rules(d: Data) -> None:
    d["tasks"][0]["obligations"][0]["quota"] = {"minimum": 1, "window": "year", "counts": "event"}


def _no_rule(d: Data) -> None:
    del d["tasks"][0]["obligations"][0]["deadline"]


def _unknown_top_key(d: Data) -> None:
    d["titel"] = "测试县"


def _unknown_task_key(d: Data) -> None:
    d["tasks"][0]["leader"] = ["县政府办"]


def _unknown_obligation_key(d: Data) -> None:
    d["tasks"][0]["obligations"][0]["dedline"] = "年底前"


def _duplicate_task_number(d: Data) -> None:
    d["tasks"][1]["number"] = 6


def _duplicate_obligation_id(d: Data) -> None:
    d["tasks"][3]["obligations"][1]["id"] = "10.weekly-updates"


def _duplicate_obligation_id_in_safeguards(d: Data) -> None:
    d["safeguards"][3]["obligations"][0]["id"] = "6.normative-cleanup"


def _unknown_section(d: Data) -> None:
    d["tasks"][0]["section"] = "二(九)"


def _bad_rrule(d: Data) -> None:
    d["tasks"][4]["obligations"][0]["recurrence"]["rrule"] = "FREQ=FORTNIGHTLY"


def _zero_interval_rrule(d: Data) -> None:  # dateutil accepts it, then loops for ever
    d["tasks"][4]["obligations"][0]["recurrence"]["rrule"] = "FREQ=WEEKLY;INTERVAL=0;BYDAY=MO"


def _bad_rest_day_rule(d: Data) -> None:
    d["tasks"][4]["obligations"][0]["recurrence"]["on_rest_day"] = "nearest"


def _quota_minimum_zero(d: Data) -> None:
    d["tasks"][2]["obligations"][0]["quota"]["minimum"] = 0


def _quota_minimum_bool(d: Data) -> None:
    d["tasks"][2]["obligations"][0]["quota"]["minimum"] = True


def _quota_bad_window(d: Data) -> None:
    d["tasks"][2]["obligations"][0]["quota"]["window"] = "fortnight"


def _bad_per(d: Data) -> None:
    d["tasks"][1]["obligations"][0]["per"] = "township"


def _issued_as_text(d: Data) -> None:
    d["issued"] = "2023-06-18"


def _issued_as_datetime(d: Data) -> None:
    d["issued"] = datetime(2023, 6, 18, 9, 30)


def _year_as_text(d: Data) -> None:
    d["year"] = "2023"


def _bad_id(d: Data) -> None:
    d["id"] = "Ceshi 2023"


def _missing_title(d: Data) -> None:
    del d["title"]


def _lead_not_a_list(d: Data) -> None:
    d["tasks"][0]["lead"] = "县政府办"


def _task_number_text(d: Data) -> None:
    d["tasks"][0]["number"] = "一"


def _missing_unit_directory(d: Data) -> None:
    d["units"] = "no/such/units.toml"


def _unknown_setting(d: Data) -> None:
    d["tasks"][6]["obligations"][0]["settings"] = {"max_extension_workday": 20}


def _ill_typed_setting(d: Data) -> None:
    d["tasks"][6]["obligations"][0]["params"] = {"max_pause_workdays": "十五"}


def _setting_on_a_recurrence(d: Data) -> None:
    d["tasks"][4]["obligations"][0]["settings"] = {"monitoring": True}


def _settings_not_a_table(d: Data) -> None:
    d["tasks"][6]["obligations"][0]["settings"] = 15


def _settings_and_params(d: Data) -> None:
    d["tasks"][6]["obligations"][0]["settings"] = {"monitoring": True}
    d["tasks"][6]["obligations"][0]["params"] = {"monitoring": True}


ERROR_CASES: list[tuple[Callable[[Data], None], str, tuple[str, ...]]] = [
    (
        _unknown_unit,
        "tasks[6].lead[2]",
        ("单位名录中没有单位 '县市场监管总局'", "县市场监督管理局"),
    ),
    (_unknown_applies_to, "tasks[4].obligations[1].applies_to[0]", ("县政府办公厅", "县政府办")),
    (
        _malformed_period,
        "tasks[0].obligations[0].deadline",
        ("不是可识别的期限写法", "二十个工日", "20个工作日"),
    ),
    (
        _malformed_trigger_period,
        "tasks[6].obligations[0].deadline.period",
        ("不是可识别的期限写法", "五个工作天"),
    ),
    (_missing_clause, "tasks[0].obligations[0].clause", ("缺少引文",)),
    (_blank_clause, "safeguards[0].obligations[0].clause", ("缺少引文",)),
    (_two_rules, "tasks[0].obligations[0]", ("应有且只有一条时间规则", "现有 deadline、quota")),
    (_no_rule, "tasks[0].obligations[0]", ("应有且只有一条时间规则", "deadline、recurrence")),
    (_unknown_top_key, "", ("未知的键 titel", "title")),
    (_unknown_task_key, "tasks[0]", ("未知的键 leader", "lead")),
    (_unknown_obligation_key, "tasks[0].obligations[0]", ("未知的键 dedline", "deadline")),
    (_duplicate_task_number, "tasks[1].number", ("任务 6 出现了两次",)),
    (
        _duplicate_obligation_id,
        "tasks[3].obligations[1].id",
        ("'10.weekly-updates' 用了两次",),
    ),
    (
        _duplicate_obligation_id_in_safeguards,
        "safeguards[3].obligations[0].id",
        ("'6.normative-cleanup' 用了两次",),
    ),
    (_unknown_section, "tasks[0].section", ("没有部分 '二(九)'", "二(三)")),
    (_bad_rrule, "tasks[4].obligations[0].recurrence.rrule", ("RFC 5545", "FORTNIGHTLY")),
    (_zero_interval_rrule, "tasks[4].obligations[0].recurrence.rrule", ("INTERVAL",)),
    (
        _bad_rest_day_rule,
        "tasks[4].obligations[0].recurrence.on_rest_day",
        ("following、preceding 或 keep",),
    ),
    (_quota_minimum_zero, "tasks[2].obligations[0].quota.minimum", ("应为正整数", "0")),
    (_quota_minimum_bool, "tasks[2].obligations[0].quota.minimum", ("应为正整数",)),
    (
        _quota_bad_window,
        "tasks[2].obligations[0].quota.window",
        ("week、month、quarter 或 year", "fortnight"),
    ),
    (_bad_per, "tasks[1].obligations[0].per", ("unit、village 或 all", "township")),
    (_issued_as_text, "issued", ("应为日期（如 2023-06-18）", "'2023-06-18'")),
    (_issued_as_datetime, "issued", ("应为日期",)),
    (_year_as_text, "year", ("应为方案年度",)),
    (_bad_id, "id", ("小写编号",)),
    (_missing_title, "title", ("非空字符串",)),
    (_lead_not_a_list, "tasks[0].lead", ("单位名称的列表",)),
    (_task_number_text, "tasks[0].number", ("任务序号",)),
    (_missing_unit_directory, "units", ("无法载入单位名录", "no/such/units.toml")),
    (
        _unknown_setting,
        "tasks[6].obligations[0].settings.max_extension_workday",
        ("没有这个设置项", "max_extension_workdays", "ClockSettings"),
    ),
    (
        _ill_typed_setting,
        "tasks[6].obligations[0].params.max_pause_workdays",
        ("应为正整数", "'十五'"),
    ),
    (
        _setting_on_a_recurrence,
        "tasks[4].obligations[0].settings.monitoring",
        ("没有这个设置项", "无（此类义务没有设置项）"),
    ),
    (_settings_not_a_table, "tasks[6].obligations[0].settings", ("应为设置项的表",)),
    (_settings_and_params, "tasks[6].obligations[0].settings", ("params 为旧名",)),
]


@pytest.mark.parametrize(
    ("mutate", "key", "phrases"),
    ERROR_CASES,
    ids=[m.__name__.strip("_") for m, _, _ in ERROR_CASES],
)
def test_validation_errors_name_file_key_and_expectation(
    tmp_path: Path, mutate: Callable[[Data], None], key: str, phrases: tuple[str, ...]
) -> None:
    data = ceshi_data()
    mutate(data)
    path = write(tmp_path / "plan.toml", data)
    with pytest.raises(PlanError) as info:
        read_plan(path)
    err = info.value
    assert err.path == str(path)
    assert err.key == key
    message = str(err)
    assert message.startswith(f"{path}: {key}: " if key else f"{path}: ")
    for phrase in phrases:
        assert phrase in message
    # load_plan by path reports the same
    with pytest.raises(PlanError, match="^" + str(path)):
        load_plan(path)


def test_unreadable_and_invalid_files(
    tmp_path: Path, govflow_plugin: Callable[..., Registry]
) -> None:
    with pytest.raises(PlanError, match="没有这个方案文件"):
        registry().load_plan(tmp_path / "missing.toml")
    reg = govflow_plugin(CeshiPlugin())
    with pytest.raises(PlanError, match="ceshi-2023"):  # lists the plugins' plans
        reg.load_plan("ceshi-2024")
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "未闭合\n', encoding="utf-8")
    with pytest.raises(PlanError, match="不是有效的 TOML"):
        read_plan(bad)
    latin = tmp_path / "latin.toml"
    latin.write_bytes("title = '测试'".encode("gb18030"))
    with pytest.raises(PlanError, match="不是 UTF-8"):
        read_plan(latin)


def test_a_file_with_a_bom_reads(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + tomli_w.dumps(mini_plan()).encode("utf-8"))
    assert read_plan(path).id == "mini-2023"


# -- nothing is executed -------------------------------------------------------------------------

PAYLOAD = "__import__('os').system('x')"


def test_nothing_in_a_plan_file_is_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []

    def trap(*args: object, **kwargs: object) -> int:
        calls.append(args)
        raise AssertionError("a plan file ran a command")

    read_plan(write(tmp_path / "warm.toml", mini_plan()))  # imports done before the trap
    monkeypatch.setattr(os, "system", trap)
    monkeypatch.setattr(subprocess, "Popen", trap)
    data = mini_plan(
        {
            "id": "1.x",
            "title": PAYLOAD,
            "clause": PAYLOAD,
            "deadline": {"period": "5个工作日", "trigger": PAYLOAD},
            "settings": {"awaiting": PAYLOAD},
        }
    )
    data["title"] = PAYLOAD
    data["preamble"] = "${PAYLOAD} {{7*7}} `id` $(id)"
    data["tasks"][0]["text"] = PAYLOAD
    plan = read_plan(write(tmp_path / "plan.toml", data))
    assert plan.title == PAYLOAD
    assert plan.preamble == "${PAYLOAD} {{7*7}} `id` $(id)"
    assert plan.task(1).text == PAYLOAD
    ob = plan.obligation("1.x")
    assert ob.title == ob.citation.text == PAYLOAD
    assert isinstance(ob.rule, Deadline)
    assert ob.rule.trigger == PAYLOAD
    assert ob.clock.awaiting == PAYLOAD
    # as a unit, an id or a directory it is rejected, still as text
    for field, value, key in (("lead", [PAYLOAD], "tasks[0].lead[0]"), ("units", PAYLOAD, "units")):
        bad = mini_plan()
        if field == "units":
            bad["units"] = value
        else:
            bad["tasks"][0][field] = value
        with pytest.raises(PlanError) as info:
            read_plan(write(tmp_path / "bad.toml", bad))
        assert info.value.key == key
    code = tmp_path / "code.toml"
    code.write_text(f"{PAYLOAD}\n", encoding="utf-8")
    with pytest.raises(PlanError, match="不是有效的 TOML"):
        read_plan(code)
    assert calls == []


# -- unit directories by path ---------------------------------------------------------------------


def test_a_relative_unit_directory_loads_from_the_plan_files_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "county"
    (folder / "units").mkdir(parents=True)
    (folder / "units" / "mini.toml").write_text(
        'id = "mini"\ntitle = "测试县"\n'
        '[[units]]\nname = "县财政局"\nkind = "department"\n'
        '[[units]]\nname = "甲镇"\nkind = "township"\nvillages = ["一村", "二村"]\n'
        '[[groups]]\nname = "各乡(镇)人民政府"\nkinds = ["township"]\n',
        encoding="utf-8",
    )
    data = mini_plan(
        {
            "id": "1.q",
            "title": "开放活动",
            "clause": "每年至少举办1次",
            "quota": {"minimum": 1, "window": "year", "counts": "event"},
        },
        units="units/mini.toml",
    )
    data["tasks"][0]["lead"] = []
    data["tasks"][0]["responsible"] = ["县财政局", "各乡(镇)人民政府"]
    path = write(folder / "plan.toml", data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    plan = read_plan(path)
    assert plan.directory.id == "mini"
    assert plan.directory.unit("甲镇").villages == ("一村", "二村")
    assert [u.name for u in plan.owner_units(plan.obligation("1.q"))] == ["县财政局", "甲镇"]
    # the writer keeps the reference as written, so the dumped file reads back beside it
    assert plan_to_dict(plan)["units"] == "units/mini.toml"
    copy_path = folder / "copy.toml"
    copy_path.write_text(dump_plan(plan), encoding="utf-8")
    assert read_plan(copy_path) == plan


def test_obligations_read_with_their_defaults() -> None:
    plan = plan_from_dict(
        mini_plan(
            {
                "title": "每周一自查",
                "clause": "每周一自查",
                "recurrence": {"rrule": "FREQ=WEEKLY;BYDAY=MO"},
            },
            {
                "title": "汇总",
                "clause": "每周汇总1次",
                "source": "某法",
                "quota": {"minimum": 1, "window": "week", "counts": "post"},
            },
        )
    )
    first, second = plan.task(1).obligations
    assert first.id == "1.1"
    assert second.id == "1.2"
    assert isinstance(first.rule, Recurrence)
    assert first.rule.on_rest_day is RestDayRule.FOLLOWING
    assert first.per is Per.UNIT
    assert first.origin == "plan"
    assert first.area == "test"
    assert first.citation.document == "测府办字〔2023〕1号"
    assert first.citation.clause == "二、(一)1"
    assert second.citation.document == "某法"
    assert isinstance(second.rule, Quota)
    assert second.rule.where == {}
