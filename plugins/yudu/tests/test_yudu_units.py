"""The Yudu unit directory: its names, aliases, groups and compound spellings, and the directory
mechanics on real data.  (The core's tests/test_units.py runs the mechanics on an invented county.)
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from yudu_files import REPO, yudu_directory

from govflow.plan.units import (
    Unit,
    UnitError,
    UnitGroup,
    UnitKind,
    directory_from_dict,
    normalize_unit_name,
)

YUDU = yudu_directory()

#: The 9 towns and 14 townships of shared/domain/yudu-units.md, in its order.
TOWNSHIPS = (
    "贡江镇", "铁山垅镇", "盘古山镇", "禾丰镇", "祁禄山镇", "梓山镇", "银坑镇", "岭背镇", "罗坳镇",
    "罗江乡", "小溪乡", "利村乡", "新陂乡", "靖石乡", "黄麟乡", "沙心乡", "宽田乡", "葛坳乡",
    "桥头乡", "马安乡", "仙下乡", "车溪乡", "段屋乡",
)  # fmt: skip

UNITS_MD = REPO.parent / "shared" / "domain" / "yudu-units.md"


def _spellings() -> list[tuple[str, str]]:
    """(spelling, canonical name) for every name, alias and full name in the directory."""
    out: list[tuple[str, str]] = []
    items: list[Unit | UnitGroup] = [*YUDU.units, *YUDU.groups]
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
        ("县文广旅游局", "县文广新旅局"),
        ("县教体局", "县教科体局"),
        ("县府办", "县政府办"),
        ("于都县人民政府办公室", "县政府办"),  # full name
        ("国家税务总局于都县税务局", "县税务局"),
        ("中共于都县委网络安全和信息化委员会办公室", "县委网信部门"),
        ("贡江镇人民政府", "贡江镇"),
        ("县委网信办", "县委网信部门"),
    ],
)
def test_lookup_by_name_alias_and_full_name(spelling: str, canonical: str) -> None:
    found = YUDU.lookup(spelling)
    assert isinstance(found, Unit)
    assert found.name == canonical
    assert YUDU.unit(spelling) is found


def test_lookup_nfkc_spellings() -> None:
    group = YUDU.lookup("各乡（镇）人民政府")  # full-width brackets
    assert isinstance(group, UnitGroup)
    assert group.name == "各乡(镇)人民政府"
    assert YUDU.lookup("县直（驻县）有关单位").name == "县直(驻县)有关单位"
    assert YUDU.lookup(" 县\u3000财政局 ").name == "县财政局"  # blanks, ideographic space
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
    assert YUDU.lookup(mangled).name == canonical


def test_compound_spelling_expands_to_both_units() -> None:
    for spelling in ("县行政审批局(县大数据中心)", "县行政审批局（县大数据中心）"):
        assert names(YUDU.expand(spelling)) == ["县行政审批局", "县大数据中心"]
        assert YUDU.split(spelling) == ("县行政审批局", "县大数据中心")
    # the unit written first is the one a plain lookup gives
    assert YUDU.lookup("县行政审批局(县大数据中心)").name == "县行政审批局"
    # a plain name is not split
    assert YUDU.split("县行政审批局") == ("县行政审批局",)


# -- groups ---------------------------------------------------------------------------------------


def test_townships_group_is_the_23_townships() -> None:
    members = YUDU.expand("各乡(镇)人民政府")
    assert names(members) == list(TOWNSHIPS)
    assert all(u.kind is UnitKind.TOWNSHIP for u in members)
    for alias in ("各乡（镇）人民政府", "各乡镇人民政府", "各乡镇", "各乡(镇)"):
        assert YUDU.expand(alias) == members


@pytest.mark.skipif(not UNITS_MD.is_file(), reason="../shared/domain/yudu-units.md is absent")
def test_township_list_matches_yudu_units_md() -> None:
    text = UNITS_MD.read_text("utf-8")
    towns = re.search(r"Towns \(镇\): (.+?)\.\n", text)
    townships = re.search(r"Townships \(乡\): (.+?)\.\n", text)
    assert towns is not None
    assert townships is not None
    listed = [*towns.group(1).split(", "), *townships.group(1).split(", ")]
    assert len(listed) == 23
    assert listed == list(TOWNSHIPS)


def test_county_direct_and_stationed_group() -> None:
    members = YUDU.expand("县直(驻县)有关单位")
    assert set(names(members)) == {
        "县大数据中心",
        "县金融服务中心",
        "县住保中心",
        "县融媒体中心",
        "县税务局",
    }
    assert "县税务局" in names(members)
    expected = [u for u in YUDU.units if u.kind in (UnitKind.INSTITUTION, UnitKind.STATIONED)]
    assert list(members) == expected


def test_departments_group() -> None:
    members = names(YUDU.expand("县政府各部门"))
    assert len(members) == 18
    assert "县政府办" in members
    assert "县财政局" in members
    for outsider in ("县大数据中心", "县税务局", "县委网信部门", "贡江镇"):
        assert outsider not in members
    assert YUDU.expand("县政府有关部门") == YUDU.expand("县政府各部门")


def test_group_membership_is_consistent() -> None:
    for group in YUDU.groups:
        members = YUDU.expand(group.name)
        assert members, group.name
        # directory order: members are a subsequence of the units
        positions = [YUDU.units.index(u) for u in members]
        assert positions == sorted(positions)
        assert YUDU.is_group(group.name)
    for unit in YUDU.units:
        assert not YUDU.is_group(unit.name)
        for group in YUDU.groups:
            assert (unit in YUDU.expand(group.name)) == (group in YUDU.groups_of(unit))


def test_expand_all_deduplicates_in_first_seen_order() -> None:
    out = YUDU.expand_all(["县财政局", "县政府各部门", "县政府有关部门", "贡江镇"])
    assert len(out) == len({u.name for u in out}) == 19
    assert out[0].name == "县财政局"
    assert out[-1].name == "贡江镇"


# -- unknown names -------------------------------------------------------------------------------


def test_unknown_name_lists_the_closest_names() -> None:
    with pytest.raises(UnitError) as info:
        YUDU.lookup("县市场监管总局", where="tasks[2].lead[6]")
    err = info.value
    assert err.name == "县市场监管总局"
    assert "县市场监督管理局" in err.suggestions
    assert "县市场监督管理局" in str(err)
    assert str(err).startswith("tasks[2].lead[6]: ")


def test_unknown_name_without_a_close_match_still_suggests() -> None:
    with pytest.raises(UnitError) as info:
        YUDU.lookup("不存在局")
    assert info.value.suggestions
    assert all(isinstance(YUDU.lookup(s), Unit) for s in info.value.suggestions)


def test_unit_refuses_a_group() -> None:
    with pytest.raises(UnitError):
        YUDU.unit("各乡镇")
    with pytest.raises(UnitError):
        YUDU.expand("县政府其他部门")


# -- building directories ------------------------------------------------------------------------


def test_builtin_directory() -> None:
    assert YUDU.id == "yudu"
    assert len(YUDU.units) == 47
    assert [g.name for g in YUDU.groups] == [
        "各乡(镇)人民政府",
        "县政府各部门",
        "县政府有关部门",
        "县直(驻县)有关单位",
    ]


def test_directory_round_trips_through_its_mapping() -> None:
    assert directory_from_dict(YUDU.to_dict()) == YUDU


def test_merged_adds_and_replaces_units() -> None:
    archive = Unit("县档案馆", UnitKind.INSTITUTION, "于都县档案馆", ("县档案局",))
    more = YUDU.merged([archive])
    assert more.lookup("县档案局") == archive
    assert archive in more.expand("县直(驻县)有关单位")
    assert len(more.units) == len(YUDU.units) + 1
    with pytest.raises(UnitError):  # the original is unchanged
        YUDU.lookup("县档案局")
    replaced = YUDU.merged([Unit("县财政局", UnitKind.DEPARTMENT, aliases=("县财政",))])
    assert len(replaced.units) == len(YUDU.units)
    assert replaced.lookup("县财政").name == "县财政局"
    grouped = YUDU.merged(groups=[UnitGroup("乡镇和县直单位", members=("各乡镇", "县税务局"))])
    assert len(grouped.expand("乡镇和县直单位")) == 24


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
    more = YUDU.merged([Unit(n, UnitKind.INSTITUTION) for n in new_names])
    assert len(more.units) == len(YUDU.units) + len(new_names)
    for spelling, canonical in SPELLINGS:
        assert more.lookup(spelling).name == canonical
    for n in new_names:
        assert more.unit(n).name == n
        assert n in names(more.expand("县直(驻县)有关单位"))
    assert more.expand("各乡(镇)人民政府") == YUDU.expand("各乡(镇)人民政府")


# -- directory files -----------------------------------------------------------------------------
