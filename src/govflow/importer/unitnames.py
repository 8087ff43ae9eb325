"""Unit names: the common unit groups, a unit's kind guessed from its name, compound names, and
the directory a document's county names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from govflow.plan.units import (
    DirectorySource,
    UnitDirectory,
    UnitGroup,
    UnitKind,
    normalize_unit_name,
)


def _group(
    name: str, kinds: Sequence[UnitKind], aliases: Sequence[str] = (), note: str = ""
) -> UnitGroup:
    return UnitGroup(name, tuple(kinds), (), tuple(aliases), note)


COMMON_GROUPS: tuple[UnitGroup, ...] = (
    _group(
        "各乡(镇)人民政府",
        [UnitKind.TOWNSHIP],
        [
            "各乡镇人民政府",
            "各乡(镇)",
            "各乡镇",
            "乡镇",
            "各乡(镇、街道)",
            "各乡镇(街道)",
            "各乡(镇)人民政府(街道办事处)",
            "各乡镇人民政府(街道办事处)",
            "各镇人民政府",
            "各乡(镇、场)",
            "各乡镇(场)",
        ],
        "乡镇（街道）人民政府",
    ),
    _group(
        "县政府各部门",
        [UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT],
        ["各部门", "县直各部门", "县政府各有关部门"],
    ),
    _group(
        "县政府有关部门",
        [UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT],
        ["有关部门", "县直有关部门", "县级有关部门"],
        "方案未列明具体部门，按县政府各部门展开",
    ),
    _group(
        "县直(驻县)有关单位",
        [UnitKind.INSTITUTION, UnitKind.STATIONED],
        ["县直(驻县)单位", "县直有关单位", "驻县单位", "县直各单位", "县直(驻县)各单位"],
        "县直事业单位和驻县单位",
    ),
)
"""Group names the county plans of the region share; the directory of a county govflow has no
built-in directory for starts from these."""

_TOWNSHIP = re.compile(r"(?:镇|乡|街道|街道办事处|镇人民政府|乡人民政府|镇政府|乡政府|管委会)$")
_STATIONED = (
    "税务",
    "供电",
    "烟草",
    "邮政",
    "气象局",
    "人民银行",
    "人行",
    "移动",
    "电信",
    "联通",
    "消防救援",
    "海关",
    "铁路",
    "国网",
    "银保监",
    "金融监管",
    "公路分局",
    "调查队",
)
_PARTY = re.compile(
    r"^(?:县委|市委|区委|中共|县纪委|县监委|县人大|县政协|团县委|县妇联|县总工会"
    r"|县工商联|县科协|县残联|县委网信)"
)
_INSTITUTION = re.compile(r"(?:中心|站|所|院|台|馆|团|社|公司|学校|医院|研究室)$")


def _guess_kind(name: str) -> UnitKind:
    n = normalize_unit_name(name)
    if _TOWNSHIP.search(n) and not n.startswith("县"):
        return UnitKind.TOWNSHIP
    if re.search(r"政府办(?:公室)?$", n):
        return UnitKind.GOVERNMENT_OFFICE
    if any(w in n for w in _STATIONED):
        return UnitKind.STATIONED
    if _PARTY.search(n):
        return UnitKind.PARTY
    if _INSTITUTION.search(n):
        return UnitKind.INSTITUTION
    return UnitKind.DEPARTMENT


def _guess_group_kinds(name: str) -> tuple[UnitKind, ...]:
    kinds: list[UnitKind] = []
    if re.search(r"乡|镇|街道", name):
        kinds.append(UnitKind.TOWNSHIP)
    if "部门" in name:
        kinds.extend((UnitKind.GOVERNMENT_OFFICE, UnitKind.DEPARTMENT))
    if "单位" in name:
        kinds.extend((UnitKind.INSTITUTION, UnitKind.STATIONED))
    return tuple(dict.fromkeys(kinds))


def _is_group_name(name: str) -> bool:
    return name.startswith("各") or any(w in name for w in ("有关", "各部门", "各单位", "相关"))


_UNIT_SUFFIX = re.compile(
    r"(?:局|委|办|中心|院|所|站|队|公司|部门|政府|办公室|委员会|社|馆|台|联|会)$"
)


def _compound(name: str) -> tuple[str, str] | None:
    """「县行政审批局(县大数据中心)」 → both names; 「各乡(镇)人民政府」 is one name."""
    m = re.fullmatch(r"(.+?)\((.+)\)", name)
    if (
        m
        and len(m.group(2)) >= 3
        and _UNIT_SUFFIX.search(m.group(2))
        and _UNIT_SUFFIX.search(m.group(1))
    ):
        return m.group(1), m.group(2)
    return None


def _directory_for(
    words: str, directories: Iterable[DirectorySource]
) -> tuple[UnitDirectory, DirectorySource] | None:
    """The plugin-shipped directory whose county the document names (its title in *words*)."""
    for source in directories:
        if source.title and source.title in words:
            return source.load(), source
    return None
