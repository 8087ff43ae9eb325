"""The unit directory: names, aliases, groups and directory files, on the invented 测试县.

The Yudu directory's own data (its 23 townships, compound spellings, groups) is tested in
plugins/yudu/tests/test_yudu_units.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow.plan.units import (
    DirectorySource,
    Unit,
    UnitDirectory,
    UnitError,
    UnitGroup,
    UnitKind,
    directory_from_dict,
    load_directory,
    normalize_unit_name,
)
from plans import CESHI_UNITS, ceshi_directory

CESHI = ceshi_directory()  # the invented 测试县 (tests/data/units/ceshi.toml)

#: The 9 towns and 14 townships of shared/domain/yudu-units.md, in its order.
TOWNSHIPS = (
    "东城镇", "铁山垅镇", "盘古山镇", "禾丰镇", "祁禄山镇", "梓山镇", "银坑镇", "岭背镇", "罗坳镇",
    "罗江乡", "小溪乡", "利村乡", "新陂乡", "靖石乡", "黄麟乡", "沙心乡", "宽田乡", "葛坳乡",
    "桥头乡", "马安乡", "仙下乡", "车溪乡", "段屋乡",
)  # fmt: skip

UNITS_MD = Path(__file__).resolve().parents[2] / "shared" / "domain" / "yudu-units.md"


def _spellings() -> list[tuple[str, str]]:
    """(spelling, canonical name) for every name, alias and full name in the directory."""
    out: list[tuple[str, str]] = []
    items: list[Unit | UnitGroup] = [*CESHI.units, *CESHI.groups]
    for item in items:
        full = (item.full_name,) if isinstance(item, Unit) and item.full_name else ()
        out.extend((s, item.name) for s in (item.name, *item.aliases, *full))
    return out


SPELLINGS = _spellings()


def full_width(text: str) -> str:
    """ASCII → full-width forms (( → （, A → Ａ): what NFKC undoes."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def names(units: tuple[Unit, ...]) -> list[str]:
    return [u.name for u in units]


# -- lookup ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("县财政局", "县财政局"),  # name
        ("县市场监管局", "县市场监督管理局"),  # alias used by other plans
        ("县府办", "县政府办"),
        ("县人力资源和社会保障局", "县人社局"),
        ("测试县人民政府办公室", "县政府办"),  # full name
        ("测试县人力资源和社会保障局", "县人社局"),
        ("东城镇人民政府", "东城镇"),
        ("东城镇政府", "东城镇"),
    ],
)
def test_lookup_by_name_alias_and_full_name(spelling: str, canonical: str) -> None:
    found = CESHI.lookup(spelling)
    assert isinstance(found, Unit)
    assert found.name == canonical
    assert CESHI.unit(spelling) is found


def test_lookup_nfkc_spellings() -> None:
    group = CESHI.lookup("各乡（镇）人民政府")  # full-width brackets
    assert isinstance(group, UnitGroup)
    assert group.name == "各乡(镇)人民政府"
    assert CESHI.lookup("县直（驻县）有关单位").name == "县直(驻县)有关单位"
    assert CESHI.lookup(" 县\u3000财政局 ").name == "县财政局"  # blanks, ideographic space
    assert normalize_unit_name("各乡（镇）人民政府 ") == "各乡(镇)人民政府"


@given(st.sampled_from(SPELLINGS), st.data())
def test_every_spelling_resolves_in_full_width_with_blanks(
    pair: tuple[str, str], data: st.DataObject
) -> None:
    spelling, canonical = pair
    chars = full_width(spelling)
    blanks = data.draw(
        st.lists(
            st.sampled_from(["", " ", "\u3000", "\t"]),
            min_size=len(chars) + 1,
            max_size=len(chars) + 1,
        )
    )
    mangled = blanks[0] + "".join(c + b for c, b in zip(chars, blanks[1:], strict=True))
    assert CESHI.lookup(mangled).name == canonical


# -- groups ---------------------------------------------------------------------------------------


def test_group_membership_is_consistent() -> None:
    for group in CESHI.groups:
        members = CESHI.expand(group.name)
        assert members, group.name
        # directory order: members are a subsequence of the units
        positions = [CESHI.units.index(u) for u in members]
        assert positions == sorted(positions)
        assert CESHI.is_group(group.name)
    for unit in CESHI.units:
        assert not CESHI.is_group(unit.name)
        for group in CESHI.groups:
            assert (unit in CESHI.expand(group.name)) == (group in CESHI.groups_of(unit))


def test_expand_all_deduplicates_in_first_seen_order() -> None:
    out = CESHI.expand_all(["县财政局", "县政府各部门", "县政府有关部门", "东城镇"])
    assert len(out) == len({u.name for u in out}) == 8  # the office, 6 departments, 1 town
    assert out[0].name == "县财政局"
    assert out[-1].name == "东城镇"


# -- unknown names -------------------------------------------------------------------------------


def test_unknown_name_lists_the_closest_names() -> None:
    with pytest.raises(UnitError) as info:
        CESHI.lookup("县市场监管总局", where="tasks[2].lead[6]")
    err = info.value
    assert err.name == "县市场监管总局"
    assert "县市场监督管理局" in err.suggestions
    assert "县市场监督管理局" in str(err)
    assert str(err).startswith("tasks[2].lead[6]: ")


def test_unknown_name_without_a_close_match_still_suggests() -> None:
    with pytest.raises(UnitError) as info:
        CESHI.lookup("不存在局")
    assert info.value.suggestions
    assert all(isinstance(CESHI.lookup(s), Unit) for s in info.value.suggestions)


def test_unit_refuses_a_group() -> None:
    with pytest.raises(UnitError):
        CESHI.unit("各乡镇")
    with pytest.raises(UnitError):
        CESHI.expand("县政府其他部门")


# -- building directories ------------------------------------------------------------------------


def test_directory_round_trips_through_its_mapping() -> None:
    assert directory_from_dict(CESHI.to_dict()) == CESHI


@pytest.mark.parametrize(
    ("units", "clash"),
    [
        (
            (
                Unit("县甲局", UnitKind.DEPARTMENT, aliases=("甲局",)),
                Unit("县乙局", UnitKind.DEPARTMENT, aliases=("甲局",)),
            ),
            "甲局",
        ),
        (
            (
                Unit("县甲局", UnitKind.DEPARTMENT),
                Unit("县乙局", UnitKind.DEPARTMENT, aliases=("县甲局",)),
            ),
            "县甲局",
        ),
        (
            (
                Unit("县甲(乙)局", UnitKind.DEPARTMENT),  # the same after NFKC
                Unit("县丙局", UnitKind.DEPARTMENT, full_name="县甲（乙）局"),
            ),
            "县甲（乙）局",
        ),
    ],
)
def test_duplicate_spellings_raise(units: tuple[Unit, ...], clash: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(clash))) as info:
        UnitDirectory("t", "测试", units)
    assert units[0].name in str(info.value)
    assert units[1].name in str(info.value)


def test_a_group_may_not_reuse_a_unit_name() -> None:
    with pytest.raises(ValueError, match="县甲局"):
        UnitDirectory(
            "t",
            "测试",
            (Unit("县甲局", UnitKind.DEPARTMENT),),
            (UnitGroup("县甲局", (UnitKind.DEPARTMENT,)),),
        )


def test_merged_adds_and_replaces_units() -> None:
    archive = Unit("县档案馆", UnitKind.INSTITUTION, "测试县档案馆", ("县档案局",))
    more = CESHI.merged([archive])
    assert more.lookup("县档案局") == archive
    assert archive in more.expand("县直(驻县)有关单位")
    assert len(more.units) == len(CESHI.units) + 1
    with pytest.raises(UnitError):  # the original is unchanged
        CESHI.lookup("县档案局")
    replaced = CESHI.merged([Unit("县财政局", UnitKind.DEPARTMENT, aliases=("县财政",))])
    assert len(replaced.units) == len(CESHI.units)
    assert replaced.lookup("县财政").name == "县财政局"
    grouped = CESHI.merged(groups=[UnitGroup("乡镇和县直单位", members=("各乡镇", "县融媒体中心"))])
    assert len(grouped.expand("乡镇和县直单位")) == 4


@given(
    st.lists(
        st.text(alphabet="甲乙丙丁戊己庚辛壬癸", min_size=1, max_size=4).map(
            lambda s: f"县{s}中心"
        ),
        unique=True,
        max_size=6,
    )
)
def test_merged_keeps_every_old_lookup(new_names: list[str]) -> None:
    more = CESHI.merged([Unit(n, UnitKind.INSTITUTION) for n in new_names])
    assert len(more.units) == len(CESHI.units) + len(new_names)
    for spelling, canonical in SPELLINGS:
        assert more.lookup(spelling).name == canonical
    for n in new_names:
        assert more.unit(n).name == n
        assert n in names(more.expand("县直(驻县)有关单位"))
    assert more.expand("各乡(镇)人民政府") == CESHI.expand("各乡(镇)人民政府")


# -- directory files -----------------------------------------------------------------------------

_ONE_UNIT = '[[units]]\nname = "县甲局"\nkind = "department"\n'


@pytest.mark.parametrize(
    ("toml", "key", "expected"),
    [
        ('[[units]]\nname = "县甲局"\nkind = "ministry"\n', "units[0].kind", "department"),
        ('[[units]]\nkind = "department"\n', "units[0]", "应为含 name 的表"),
        (_ONE_UNIT + 'alias = ["甲局"]\n', "units[0]", "未知的键 alias"),
        (_ONE_UNIT + 'aliases = "甲局"\n', "units[0].aliases", "应为名称的列表"),
        (
            _ONE_UNIT + '[[groups]]\nname = "甲组"\nkinds = ["dept"]\n',
            "groups[0].kinds",
            "'dept' 不是",
        ),
        (
            _ONE_UNIT + '[[groups]]\nname = "甲组"\nmember = ["县甲局"]\n',
            "groups[0]",
            "未知的键 member",
        ),
        (_ONE_UNIT + '[[groups]]\nname = "甲组"\nmembers = ["县乙局"]\n', "group 甲组", "县乙局"),
        (
            _ONE_UNIT + '[[units]]\nname = "县乙局"\nkind = "department"\naliases = ["县甲局"]\n',
            "",
            "名称 '县甲局' 同时指",
        ),
        ('id = "t"\n[[unit]]\nname = "县甲局"\nkind = "department"\n', "", "未知的键 unit"),
        ("units = [\n", "", "不是有效的 TOML"),
    ],
)
def test_directory_file_errors_name_the_file_and_key(
    tmp_path: Path, toml: str, key: str, expected: str
) -> None:
    path = tmp_path / "county.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(f"{path}")) as info:
        load_directory(path)
    message = str(info.value)
    assert message.startswith((f"{path}：", f"{path}: "))
    assert key in message
    assert expected in message


def test_directory_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text(
        'id = "t"\ntitle = "测试县"\n'
        + _ONE_UNIT
        + '[[groups]]\nname = "各部门"\nkinds = ["department"]\n',
        encoding="utf-8",
    )
    directory = load_directory(path)
    assert directory.id == "t"
    assert names(directory.expand("各部门")) == ["县甲局"]
    with pytest.raises(ValueError, match="无法读取单位名录文件"):
        load_directory(tmp_path / "missing.toml")


def test_a_unit_says_where_it_is_attested(tmp_path: Path) -> None:
    path = tmp_path / "county.toml"
    path.write_text('id = "t"\n' + _ONE_UNIT + 'source = "测府办字〔2023〕1号"\n', encoding="utf-8")
    directory = load_directory(path)
    assert directory.unit("县甲局").source == "测府办字〔2023〕1号"
    assert directory.to_dict()["units"][0]["source"] == "测府办字〔2023〕1号"
    path.write_text('id = "t"\n' + _ONE_UNIT + "source = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"units\[0\]\.source：应为文字"):
        load_directory(path)


# ---------------------------------------------------------------------------------------------
# A supplement: ``extends`` another directory (a county office adds its own departments)

_SUPPLEMENT = """\
# 本县补充的部门（测试用虚构单位）
extends = "{base}"

[[units]]
name = "县示例局"
kind = "department"
full_name = "测试县示例局"
source = "测试用虚构出处"

[[units]]
name = "县财政局"
kind = "department"
full_name = "测试县财政局（全称已更正）"
"""


def test_a_supplement_adds_departments_to_its_base(tmp_path: Path) -> None:
    path = tmp_path / "more.toml"
    path.write_text(_SUPPLEMENT.replace("{base}", CESHI_UNITS.as_posix()), encoding="utf-8")
    base = ceshi_directory()
    directory = load_directory(path)
    assert directory.id == base.id
    added = [u.name for u in directory.units if u.name not in {b.name for b in base.units}]
    assert added == ["县示例局"]
    # a member of 县政府各部门 like the base's departments
    assert "县示例局" in names(directory.expand("县政府各部门"))
    assert directory.unit("县财政局").full_name == "测试县财政局（全称已更正）"  # replaced
    assert names(directory.expand("县政府各部门"))[: len(base.expand("县政府各部门"))] == names(
        base.expand("县政府各部门")
    )


def test_a_supplement_may_name_an_installed_directory_by_id(tmp_path: Path) -> None:
    path = tmp_path / "more.toml"
    path.write_text(_SUPPLEMENT.replace("{base}", "ceshi"), encoding="utf-8")
    bases = {"ceshi": DirectorySource("ceshi", CESHI_UNITS, "测试县")}
    assert "县示例局" in names(load_directory(path, bases=bases).expand("各部门"))
    with pytest.raises(ValueError, match=r"extends：没有名录 'ceshi'.*已安装插件提供的名录：无"):
        load_directory(path)


def test_supplements_may_not_extend_each_other_in_a_circle(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="名录循环扩展"):
        load_directory(tmp_path / "a.toml")
