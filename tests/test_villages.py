"""Villages files (township → 行政村, TOML and CSV): reading, every error naming the file and
the line, the plan file's ``villages`` key, and ``--villages`` on check, report and agenda.

The county is the invented 测试县 (tests/data); every village name below is invented too
(甲村、乙村 …), as the files' own comments say.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow import plugins
from govflow.calendar.workcalendar import WorkCalendar
from govflow.cli import main
from govflow.errors import InputError
from govflow.plan.planfile import dump_plan, read_plan
from govflow.plan.schedule import occurrences
from govflow.plan.units import DirectorySource
from govflow.plan.villages import (
    FALLBACK_ENTITY,
    VillagesError,
    apply_villages,
    load_villages,
    village_fallback,
    with_villages,
)
from plans import CESHI_PLAN, CESHI_UNITS, CeshiPlugin, ceshi_directory, ceshi_plan

INVENTED_TOML = """\
# 虚构村名，仅供测试（测试县是虚构的县）
source = "测试用虚构名单"

[villages]
"东城镇" = ["甲村", "乙村", "丙村"]
"西山乡政府" = ["丁村"]
"""

INVENTED_CSV = """\
# 虚构村名，仅供测试
乡镇,行政村,备注
东城镇,甲村,
东城镇,乙村,虚构
西山乡,丁村,
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding)
    return path


# ---------------------------------------------------------------------------------------------
# Reading


def test_toml_file_gives_each_townships_villages_under_its_directory_name(tmp_path: Path) -> None:
    villages = load_villages(write(tmp_path / "v.toml", INVENTED_TOML), ceshi_directory())
    # 西山乡政府 is an alias: the list is keyed by the directory's name, in directory order
    assert villages.as_dict() == {"东城镇": ("甲村", "乙村", "丙村"), "西山乡": ("丁村",)}
    assert villages.count == 4
    assert villages.note == "测试用虚构名单"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_file_reads_in_every_encoding_offices_export(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "v.csv", INVENTED_CSV, encoding)
    villages = load_villages(path, ceshi_directory())
    assert villages.as_dict() == {"东城镇": ("甲村", "乙村"), "西山乡": ("丁村",)}


def test_csv_and_toml_of_the_same_list_agree(tmp_path: Path) -> None:
    rows = [["乡镇", "行政村"], ["东城镇", "甲村"], ["东城镇", "乙村"], ["东城镇", "丙村"]]
    rows.append(["西山乡", "丁村"])
    with (tmp_path / "v.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    a = load_villages(tmp_path / "v.csv", ceshi_directory())
    b = load_villages(write(tmp_path / "v.toml", INVENTED_TOML), ceshi_directory())
    assert a.villages == b.villages


BAD_CSV = [
    ("乡镇,行政村\n东城镇,甲村\n北湖镇,乙村\n", 3, "单位名录 ceshi 中没有乡镇“北湖镇”"),
    ("乡镇,行政村\n县财政局,甲村\n", 2, "“县财政局”是县政府部门，不是乡镇"),
    ("乡镇,行政村\n各乡镇,甲村\n", 2, "“各乡镇”是单位组，不是乡镇"),
    (
        "乡镇,行政村\n东城镇,甲村\n东城镇,乙村\n东城镇政府, 甲村 \n",
        4,
        "东城镇的“甲村”重复（第 2 行已列出）",
    ),
    ("乡镇,行政村\n东城镇,\n", 2, "东城镇的村名为空"),
    ("乡镇,行政村\n,甲村\n", 2, "乡镇为空"),
    ("单位,村庄\n东城镇,甲村\n", 1, "表头缺少列 乡镇、行政村"),
    ("# 只有注释\n\n", None, "文件为空"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_CSV)
def test_csv_errors_name_the_file_and_the_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = write(tmp_path / "v.csv", text)
    with pytest.raises(VillagesError) as info:
        load_villages(path, ceshi_directory())
    where = f"{path} 第 {line} 行：" if line else f"{path}："
    assert str(info.value).startswith(where), str(info.value)
    assert message in str(info.value)
    assert isinstance(info.value, InputError)  # exit 2 on the command line


BAD_TOML = [
    ('[villages]\n"东城镇" = ["甲村"]\n"北湖镇" = ["乙村"]\n', 3, "没有乡镇“北湖镇”"),
    ('[villages]\n"东城镇" = "甲村"\n', 2, "乡镇“东城镇”的值应为村名的列表"),
    ('[villages]\n"东城镇" = []\n', 2, "乡镇“东城镇”没有列出村名"),
    ("[villages]\n东城镇 = []\n", 2, "不是有效的 TOML"),  # a bare key is ASCII only
    ('[villages]\n"东城镇" = ["甲村"]\n"东城镇政府" = ["甲村"]\n', 3, "东城镇的“甲村”重复"),
    ('units = "x"\n[villages]\n"东城镇" = ["甲村"]\n', 1, "未知的键 units"),
    ('source = "x"\n', None, "缺少 [villages] 表"),
    ("[villages\n", 1, "不是有效的 TOML"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD_TOML)
def test_toml_errors_name_the_file_and_the_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    path = write(tmp_path / "v.toml", text)
    with pytest.raises(VillagesError) as info:
        load_villages(path, ceshi_directory())
    where = f"{path} 第 {line} 行：" if line else f"{path}："
    assert str(info.value).startswith(where), str(info.value)
    assert message in str(info.value)


def test_other_files_are_refused_with_a_reason(tmp_path: Path) -> None:
    with pytest.raises(VillagesError, match=r"应为 \.toml 或 \.csv"):
        load_villages(write(tmp_path / "v.json", "{}"), ceshi_directory())
    with pytest.raises(VillagesError, match="无法读取村名录文件"):
        load_villages(tmp_path / "missing.csv", ceshi_directory())
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00\x81\x30")
    with pytest.raises(VillagesError, match="不是 UTF-8 或 GB18030"):
        load_villages(tmp_path / "bin.csv", ceshi_directory())


# ---------------------------------------------------------------------------------------------
# The plan and the schedule


def test_applied_villages_replace_only_the_townships_listed(tmp_path: Path) -> None:
    directory = ceshi_directory()
    out = apply_villages(
        directory, load_villages(write(tmp_path / "v.toml", INVENTED_TOML), directory)
    )
    assert [u.name for u in out.units] == [u.name for u in directory.units]  # order kept
    assert out.unit("东城镇").villages == ("甲村", "乙村", "丙村")
    assert out.unit("南岭乡").villages == ()


def test_per_village_duty_is_one_per_village_when_villages_are_known(
    tmp_path: Path, cal: WorkCalendar
) -> None:
    # the seed-style clause: 「年底前将发放结果以村为单位通过村务公开栏公开」
    plan = with_villages(ceshi_plan(), write(tmp_path / "v.toml", INVENTED_TOML))
    ob = plan.obligation("8.subsidy-results")
    assert "以村为单位" in ob.citation.text
    items = occurrences(plan, plan.issued, date(2023, 12, 31), cal, obligations=[ob])
    assert [(o.unit, o.entity) for o in items] == [
        ("东城镇", "甲村"),
        ("东城镇", "乙村"),
        ("东城镇", "丙村"),
        ("西山乡", "丁村"),
        ("南岭乡", FALLBACK_ENTITY),  # not in the file: one row, saying why
    ]
    note = village_fallback(plan)
    assert note is not None
    assert "南岭乡" in note
    assert "东城镇" not in note


def test_no_note_when_every_township_has_its_villages(tmp_path: Path) -> None:
    text = INVENTED_TOML + '"南岭乡" = ["戊村"]\n'
    plan = with_villages(ceshi_plan(), write(tmp_path / "v.toml", text))
    assert village_fallback(plan) is None
    assert village_fallback(ceshi_plan()) is not None  # the plan alone knows no village


def test_plan_file_names_its_villages_file_and_writes_it_back(tmp_path: Path) -> None:
    write(tmp_path / "villages.csv", INVENTED_CSV)
    text = CESHI_PLAN.read_text("utf-8").replace(
        'units = "', 'villages = "villages.csv"\nunits = "', 1
    )
    text = text.replace('units = "../units/ceshi.toml"', f'units = "{CESHI_UNITS.as_posix()}"')
    plan_path = write(tmp_path / "plan.toml", text)
    plan = read_plan(plan_path)
    assert plan.villages_ref == "villages.csv"
    assert plan.directory.unit("东城镇").villages == ("甲村", "乙村")
    again = write(tmp_path / "again.toml", dump_plan(plan))
    assert read_plan(again).directory.unit("西山乡").villages == ("丁村",)


def test_plan_file_with_a_bad_villages_file_names_that_file_and_line(tmp_path: Path) -> None:
    write(tmp_path / "villages.csv", "乡镇,行政村\n北湖镇,甲村\n")
    text = CESHI_PLAN.read_text("utf-8").replace(
        'units = "', 'villages = "villages.csv"\nunits = "', 1
    )
    text = text.replace('units = "../units/ceshi.toml"', f'units = "{CESHI_UNITS.as_posix()}"')
    with pytest.raises(VillagesError, match=r"villages\.csv 第 2 行：.*北湖镇"):
        read_plan(write(tmp_path / "plan.toml", text))


def test_a_plan_naming_a_directory_source_gets_its_villages_file(tmp_path: Path) -> None:
    villages = write(tmp_path / "v.csv", INVENTED_CSV)
    source = DirectorySource("ceshi", CESHI_UNITS, "测试县", villages)
    text = CESHI_PLAN.read_text("utf-8").replace('units = "../units/ceshi.toml"', 'units = "ceshi"')
    plan = read_plan(write(tmp_path / "plan.toml", text), directories={"ceshi": source})
    assert plan.directory.unit("东城镇").villages == ("甲村", "乙村")
    assert source.load().unit("东城镇").villages == ()  # the file alone, as the plugin ships it


# ---------------------------------------------------------------------------------------------
# The commands


@pytest.fixture
def _ceshi_only(
    monkeypatch: pytest.MonkeyPatch, restore_default_calendar: WorkCalendar
) -> Iterator[None]:
    monkeypatch.setenv("GOVFLOW_LOAD_PLUGINS", "")
    monkeypatch.delenv("GOVFLOW_DISABLE_PLUGINS", raising=False)
    plugins.reset()
    plugins.registry().pm.register(CeshiPlugin(), name="ceshi")
    yield
    plugins.reset()


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def disclosures(tmp_path: Path, rows: Sequence[Sequence[str]]) -> Path:
    path = tmp_path / "disclosures.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([["单位", "类型", "公开日期", "村"], *rows])
    return path


@pytest.mark.usefixtures("_ceshi_only")
def test_check_with_villages_finds_the_village_that_published_nothing(tmp_path: Path) -> None:
    records = disclosures(
        tmp_path,
        [
            ["东城镇", "补贴结果", "2023-12-20", "甲村"],
            ["东城镇", "补贴结果", "2023-12-21", "乙村"],
            ["西山乡", "补贴结果", "2023-12-22", "丁村"],
            ["南岭乡", "补贴结果", "2023-12-22", "己村"],
        ],
    )
    villages = write(tmp_path / "v.toml", INVENTED_TOML)
    args = ("check", "--records", str(records), "--as-of", "2024-01-31", "--area", "villages")
    result = cli(*args, "--villages", str(villages), "--format", "json")
    doc = json.loads(result.stdout)
    rows = {
        (f["unit"], f["entity"]): f["status"]
        for f in doc["findings"]
        if f["rule"] == "8.subsidy-results"
    }
    assert rows == {
        ("东城镇", "甲村"): "met",
        ("东城镇", "乙村"): "met",
        ("东城镇", "丙村"): "violated",  # listed, nothing published: found
        ("西山乡", "丁村"): "met",
        ("南岭乡", "己村"): "met",  # 南岭乡 is not in the file: its recorded villages only
    }
    assert result.exit_code == 1
    (note,) = [w for w in doc["warnings"] if w["code"] == "no-villages"]
    assert "南岭乡" in note["message"]
    assert "说明：未提供村名录：南岭乡" in result.stderr

    # without the file: 丙村 goes unseen, and the output says why
    blind = cli(*args, "--format", "json")
    doc = json.loads(blind.stdout)
    assert ("东城镇", "丙村") not in {(f["unit"], f["entity"]) for f in doc["findings"]}
    (note,) = [w for w in doc["warnings"] if w["code"] == "no-villages"]
    assert "东城镇、西山乡、南岭乡" in note["message"]
    assert "--villages" in note["message"]
    assert blind.exit_code == 0  # a note, not a failure
    strict = cli(*args, "--strict").stderr  # nor an error under --strict (other warnings are)
    assert "说明：未提供村名录" in strict
    assert "错误：未提供村名录" not in strict


@pytest.mark.usefixtures("_ceshi_only")
def test_agenda_lists_each_village_and_says_when_it_cannot(tmp_path: Path) -> None:
    villages = write(tmp_path / "v.csv", INVENTED_CSV)
    args = ("agenda", "--area", "villages", "--format", "json", "--from", "2023-12-01")
    known = cli(*args, "--villages", str(villages))
    assert known.exit_code == 0, known.output
    entities = [(o["unit"], o["entity"]) for o in json.loads(known.stdout)["items"]]
    assert ("东城镇", "甲村") in entities
    assert ("西山乡", "丁村") in entities
    assert ("南岭乡", FALLBACK_ENTITY) in entities
    assert "南岭乡" in known.stderr

    unknown = cli(*args)
    entities = [(o["unit"], o["entity"]) for o in json.loads(unknown.stdout)["items"]]
    assert ("东城镇", FALLBACK_ENTITY) in entities
    assert "说明：未提供村名录" in unknown.stderr


@pytest.mark.usefixtures("_ceshi_only")
def test_report_takes_villages_and_refuses_a_bad_file_with_exit_2(tmp_path: Path) -> None:
    records = disclosures(tmp_path, [["东城镇", "补贴结果", "2023-12-20", "甲村"]])
    good = write(tmp_path / "v.toml", INVENTED_TOML)
    args = ("report", "--month", "2023-12", "--records", str(records), "--as-of", "2024-01-31")
    assert cli(*args, "--villages", str(good)).exit_code == 0
    bad = write(tmp_path / "bad.csv", "乡镇,行政村\n东城镇,甲村\n县财政局,乙村\n")
    result = cli(*args, "--villages", str(bad))
    assert result.exit_code == 2
    assert f"错误：村名录文件有误：{bad} 第 3 行：“县财政局”是县政府部门，不是乡镇" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("_ceshi_only")
def test_output_never_overwrites_the_villages_file(tmp_path: Path) -> None:
    villages = write(tmp_path / "v.csv", INVENTED_CSV)
    records = disclosures(tmp_path, [["东城镇", "补贴结果", "2023-12-20", "甲村"]])
    result = cli(
        "check", "--records", str(records), "--villages", str(villages), "-o", str(villages)
    )
    assert result.exit_code == 2
    assert "是本命令的输入文件" in result.stderr
    assert villages.read_text("utf-8") == INVENTED_CSV


# ---------------------------------------------------------------------------------------------
# Either format, the same list


_NAMES = st.lists(
    st.text(alphabet="甲乙丙丁戊己庚辛壬癸一二三", min_size=1, max_size=4).map(
        lambda s: f"虚构{s}村"
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["东城镇", "西山乡", "南岭乡"]), _NAMES, min_size=1))
def test_a_list_written_as_toml_or_csv_reads_back_the_same(
    tmp_path: Path, listed: dict[str, list[str]]
) -> None:
    toml = "[villages]\n" + "".join(
        f'"{t}" = [{", ".join(json.dumps(v, ensure_ascii=False) for v in vs)}]\n'
        for t, vs in listed.items()
    )
    rows = "乡镇,行政村\n" + "".join(f"{t},{v}\n" for t, vs in listed.items() for v in vs)
    directory = ceshi_directory()
    a = load_villages(write(tmp_path / "p.toml", toml), directory)
    b = load_villages(write(tmp_path / "p.csv", rows, "gb18030"), directory)
    assert a.villages == b.villages
    assert a.as_dict() == {t: tuple(vs) for t, vs in listed.items()}
    # directory order, whatever the file's order
    order = [u.name for u in directory.units]
    assert [t for t, _ in a.villages] == sorted(listed, key=order.index)
