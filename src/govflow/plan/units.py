"""Units and unit groups: who a plan makes responsible.

A :class:`UnitDirectory` resolves the names plans use (县市场监督管理局 / 县市场监管局,
「县行政审批局(县大数据中心)」), expands groups (县政府各部门, 各乡(镇)人民政府, 县直(驻县)有关单位)
into their members, and reports an unknown name with the closest known ones.  Directories are
data (TOML files plugins ship through ``govflow_unit_directories``); plugins add units to a
directory through ``govflow_units``.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from govflow.errors import InputError
from govflow.text.files import FileRefused, TooDeep, parse_nested, read_limited
from govflow.text.numerals import normalize_text

__all__ = [
    "DirectorySource",
    "Unit",
    "UnitDirectory",
    "UnitError",
    "UnitGroup",
    "UnitKind",
    "load_directory",
    "normalize_unit_name",
]


class UnitError(InputError, LookupError):
    """An unknown unit or group name; the message lists the closest known names."""

    def __init__(
        self, name: str, suggestions: Sequence[str], where: str = "", message: str | None = None
    ) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        hint = f"；最接近的单位：{'、'.join(suggestions)}" if suggestions else ""
        prefix = f"{where}: " if where else ""
        super().__init__(f"{prefix}{message or f'未知单位“{name}”{hint}'}")


class UnitKind(enum.Enum):
    GOVERNMENT_OFFICE = "government_office"
    """The county government's own office (县政府办)."""
    DEPARTMENT = "department"
    """A department of the county government (县财政局)."""
    INSTITUTION = "institution"
    """A county-level public institution (县大数据中心, 县融媒体中心)."""
    STATIONED = "stationed"
    """A unit of a higher level stationed in the county (县税务局)."""
    PARTY = "party"
    """A party organ (县委网信部门)."""
    TOWNSHIP = "township"
    """A town or township government (贡江镇人民政府)."""

    @property
    def label(self) -> str:
        return {
            UnitKind.GOVERNMENT_OFFICE: "县政府办公室",
            UnitKind.DEPARTMENT: "县政府部门",
            UnitKind.INSTITUTION: "县直单位",
            UnitKind.STATIONED: "驻县单位",
            UnitKind.PARTY: "党委部门",
            UnitKind.TOWNSHIP: "乡镇人民政府",
        }[self]


def normalize_unit_name(name: str) -> str:
    """Canonical spelling for lookups: NFKC (full-width brackets and spaces), no blanks."""
    return re.sub(r"\s+", "", normalize_text(name)).strip("，,、;；:：")


@frozen
class Unit:
    """A unit: its canonical short name as plans write it, full name, kind and aliases."""

    name: str
    kind: UnitKind
    full_name: str = ""
    aliases: tuple[str, ...] = ()
    villages: tuple[str, ...] = ()
    """For townships: the villages (村) where per-village duties apply, when known."""
    source: str = ""
    """Where the unit is attested: the document or the address of the page that names it."""


@frozen
class UnitGroup:
    """A named group as plans write it, with the kinds or units it contains."""

    name: str
    kinds: tuple[UnitKind, ...] = ()
    members: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    note: str = ""


@frozen
class UnitDirectory:
    """Resolves unit and group names; immutable, :meth:`merged` returns a new directory."""

    id: str
    title: str
    units: tuple[Unit, ...]
    groups: tuple[UnitGroup, ...] = ()
    _index: dict[str, Unit | UnitGroup] = field(init=False, eq=False, repr=False)
    #: names already expanded (the directory is immutable, so an expansion never changes;
    #: every rule built for a check or a case expands its units)
    _expanded: dict[str, tuple[Unit, ...]] = field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Unit | UnitGroup] = {}
        items: list[Unit | UnitGroup] = [*self.units, *self.groups]
        for item in items:
            for spelling in (
                item.name,
                *item.aliases,
                *((item.full_name,) if isinstance(item, Unit) and item.full_name else ()),
            ):
                key = normalize_unit_name(spelling)
                other = index.get(key)
                if other is not None and other is not item:
                    raise ValueError(
                        f"单位名录 {self.id}：名称 {spelling!r} 同时指 "
                        f"{other.name!r} 和 {item.name!r}"
                    )
                index[key] = item
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_expanded", {})

    def lookup(self, name: str, *, where: str = "") -> Unit | UnitGroup:
        """The unit or group called *name* (any alias); :class:`UnitError` if unknown."""
        key = normalize_unit_name(name)
        found = self._index.get(key)
        if found is not None:
            return found
        # 「县行政审批局(县大数据中心)」: a unit written with another in brackets
        m = re.fullmatch(r"(.+?)\((.+)\)", key)
        if m and m.group(1) in self._index:
            return self._index[m.group(1)]
        raise UnitError(name, self.suggest(name), where)

    def split(self, name: str) -> tuple[str, ...]:
        """Names in a compound spelling: 「县行政审批局(县大数据中心)」 → both units."""
        key = normalize_unit_name(name)
        if key in self._index:
            return (self._index[key].name,)
        m = re.fullmatch(r"(.+?)\((.+)\)", key)
        if m and m.group(1) in self._index and m.group(2) in self._index:
            return (self._index[m.group(1)].name, self._index[m.group(2)].name)
        return (self.lookup(name).name,)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        key = normalize_unit_name(name)
        names = {item.name for item in self._index.values()}
        close = difflib.get_close_matches(key, list(self._index), n=n * 2, cutoff=0.5)
        out: list[str] = []
        for c in close:
            canonical = self._index[c].name
            if canonical not in out:
                out.append(canonical)
        if not out:  # shared core such as 市场监管
            core = key.removeprefix("县").removesuffix("局")
            out = sorted(x for x in names if core and core[:2] in x)[:n]
        if not out:  # nothing close: the least distant names, so the message still guides
            far = difflib.get_close_matches(key, list(self._index), n=n * 2, cutoff=0.01)
            out = list(dict.fromkeys(self._index[c].name for c in far))
        return out[:n]

    def unit(self, name: str) -> Unit:
        found = self.lookup(name)
        if not isinstance(found, Unit):
            members = [u.name for u in self.expand(found.name)]
            raise UnitError(
                name,
                members[:3],
                message=f"“{name}”是包含{len(members)}个单位的单位组，此处需要单个单位",
            )
        return found

    def expand(self, name: str, *, where: str = "") -> tuple[Unit, ...]:
        """The units a name stands for: itself, or a group's members, in directory order."""
        known = self._expanded.get(name)
        if known is not None:
            return known
        found = self.lookup(name, where=where)
        if isinstance(found, Unit):
            if "(" in normalize_unit_name(name):
                units = tuple(self.unit(n) for n in self.split(name))
            else:
                units = (found,)
        else:
            wanted, named = self._closure(found, where)
            units = tuple(u for u in self.units if u.kind in wanted or u.name in named)
        self._expanded[name] = units
        return units

    def _closure(self, group: UnitGroup, where: str) -> tuple[set[UnitKind], set[str]]:
        """The kinds and the unit names *group* reaches through its members, groups included.

        Iterative, so a long chain of groups needs no recursion; a group met again on the path
        from *group* is a cycle (A contains B contains A) and is refused, naming the cycle.
        """
        kinds: set[UnitKind] = set(group.kinds)
        named: set[str] = set()
        done: set[str] = set()
        path: list[UnitGroup] = [group]
        stack: list[Iterator[str]] = [iter(group.members)]
        while stack:
            member = next(stack[-1], None)
            if member is None:
                stack.pop()
                done.add(path.pop().name)
                continue
            found = self.lookup(member, where=where)
            if isinstance(found, Unit):
                named.update(u.name for u in self.expand(member, where=where))
            elif any(g is found for g in path):
                start = next(i for i, g in enumerate(path) if g is found)
                cycle = " → ".join(g.name for g in (*path[start:], found))
                raise UnitError(
                    found.name,
                    (),
                    where,
                    message=f"单位组循环包含：{cycle}；单位组不能直接或间接包含自身",
                )
            elif found.name not in done:
                kinds.update(found.kinds)
                path.append(found)
                stack.append(iter(found.members))
        return kinds, named

    def expand_all(self, names: Iterable[str], *, where: str = "") -> tuple[Unit, ...]:
        seen: dict[str, Unit] = {}
        for n in names:
            for u in self.expand(n, where=where):
                seen.setdefault(u.name, u)
        return tuple(seen.values())

    def groups_of(self, unit: Unit) -> tuple[UnitGroup, ...]:
        return tuple(g for g in self.groups if unit in self.expand(g.name))

    def is_group(self, name: str) -> bool:
        return isinstance(self.lookup(name), UnitGroup)

    def merged(self, units: Iterable[Unit] = (), groups: Iterable[UnitGroup] = ()) -> UnitDirectory:
        """A new directory with more units and groups (a unit of the same name replaces)."""
        new_units = {u.name: u for u in self.units}
        for u in units:
            new_units[u.name] = u
        new_groups = {g.name: g for g in self.groups}
        for g in groups:
            new_groups[g.name] = g
        return UnitDirectory(
            self.id, self.title, tuple(new_units.values()), tuple(new_groups.values())
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "units": [_unit_dict(u) for u in self.units],
            "groups": [_group_dict(g) for g in self.groups],
        }


def _unit_dict(u: Unit) -> dict[str, Any]:
    out: dict[str, Any] = {"name": u.name, "kind": u.kind.value}
    if u.full_name:
        out["full_name"] = u.full_name
    if u.aliases:
        out["aliases"] = list(u.aliases)
    if u.villages:
        out["villages"] = list(u.villages)
    if u.source:
        out["source"] = u.source
    return out


def _group_dict(g: UnitGroup) -> dict[str, Any]:
    out: dict[str, Any] = {"name": g.name}
    if g.kinds:
        out["kinds"] = [k.value for k in g.kinds]
    if g.members:
        out["members"] = list(g.members)
    if g.aliases:
        out["aliases"] = list(g.aliases)
    if g.note:
        out["note"] = g.note
    return out


def _strs(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}：应为名称的列表")
    return tuple(value)


def _text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}：应为文字（出处：文件名称文号或网页地址），实际为 {value!r}")
    return value


def directory_from_dict(data: Mapping[str, Any], *, source: str = "<units>") -> UnitDirectory:
    """Build a directory from its TOML/JSON mapping; errors name *source* and the key."""
    kinds = {k.value: k for k in UnitKind}
    extra_top = set(data) - {"id", "title", "units", "groups"}
    if extra_top:
        raise ValueError(
            f"{source}：未知的键 {'、'.join(sorted(extra_top))}；"
            "可用的键：id、title、extends、units、groups"
        )
    units = []
    for i, raw in enumerate(data.get("units", [])):
        where = f"{source}: units[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            raise InputError(f"{where}：应为含 name 的表")
        kind = kinds.get(raw.get("kind", ""))
        if kind is None:
            raise ValueError(
                f"{where}.kind：应为 {'、'.join(kinds)} 之一，实际为 {raw.get('kind')!r}"
            )
        extra = set(raw) - {"name", "kind", "full_name", "aliases", "villages", "source"}
        if extra:
            raise InputError(f"{where}：未知的键 {'、'.join(sorted(extra))}")
        units.append(
            Unit(
                raw["name"],
                kind,
                raw.get("full_name", ""),
                _strs(raw.get("aliases"), where + ".aliases"),
                _strs(raw.get("villages"), where + ".villages"),
                _text(raw.get("source"), where + ".source"),
            )
        )
    groups = []
    for i, raw in enumerate(data.get("groups", [])):
        where = f"{source}: groups[{i}]"
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            raise InputError(f"{where}：应为含 name 的表")
        extra = set(raw) - {"name", "kinds", "members", "aliases", "note"}
        if extra:
            raise InputError(f"{where}：未知的键 {'、'.join(sorted(extra))}")
        gk = []
        for k in _strs(raw.get("kinds"), where + ".kinds"):
            if k not in kinds:
                raise InputError(f"{where}.kinds：{k!r} 不是 {'、'.join(kinds)} 之一")
            gk.append(kinds[k])
        groups.append(
            UnitGroup(
                raw["name"],
                tuple(gk),
                _strs(raw.get("members"), where + ".members"),
                _strs(raw.get("aliases"), where + ".aliases"),
                str(raw.get("note", "")),
            )
        )
    try:
        directory = UnitDirectory(
            str(data.get("id", "")), str(data.get("title", "")), tuple(units), tuple(groups)
        )
        for g in directory.groups:  # members must resolve, without a cycle
            for m in g.members:
                directory.lookup(m, where=f"{source}: group {g.name}")
            directory.expand(g.name, where=f"{source}: group {g.name}")
    except (ValueError, UnitError) as exc:  # a duplicate spelling, an unknown member
        message = str(exc)
        raise ValueError(
            message if message.startswith(source) else f"{source}: {message}"
        ) from None
    return directory


def load_directory(
    path: str | Path,
    *,
    bases: Mapping[str, DirectorySource] | None = None,
    _chain: tuple[Path, ...] = (),
) -> UnitDirectory:
    """Load a unit directory from a TOML file.

    A file with ``extends = "<id or path>"`` lists only what it adds to another directory (a
    county office's departments on top of a plugin's list): *bases* resolves an id, a path is
    relative to the file.  Its units replace the base's of the same name; its groups likewise.
    """
    import tomllib

    p = Path(path)
    try:
        data = parse_nested(tomllib.loads, read_limited(p).decode("utf-8-sig"))
    except FileRefused as exc:
        raise InputError(f"{p}：无法读取单位名录文件（{exc.reason}）") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}：单位名录文件不是 UTF-8 文本") from None
    except (tomllib.TOMLDecodeError, TooDeep) as exc:
        raise InputError(f"{p}：不是有效的 TOML：{exc}") from None
    if "extends" in data:
        data = _extended(p, data, bases or {}, (*_chain, p))
    return directory_from_dict(data, source=str(p))


_MAX_EXTENDS = 8
"""How many directories may stand on one another (a supplement of a supplement …)."""


def _extended(
    path: Path,
    data: Mapping[str, Any],
    bases: Mapping[str, DirectorySource],
    chain: tuple[Path, ...],
) -> dict[str, Any]:
    """*data* merged over the directory its ``extends`` names, as one directory's mapping."""
    ref = data["extends"]
    if not isinstance(ref, str) or not ref.strip():
        raise InputError(f"{path}: extends：应为名录 id 或名录文件路径，实际为 {ref!r}")
    if ref in bases:
        base = bases[ref].load()
    else:
        target = Path(ref) if Path(ref).is_absolute() else path.parent / ref
        if any(target.resolve() == c.resolve() for c in chain):
            cycle = " → ".join(str(c) for c in (*chain, target))
            raise InputError(f"{path}: extends：名录循环扩展：{cycle}")
        if len(chain) >= _MAX_EXTENDS:
            raise InputError(f"{path}: extends：扩展层数超过 {_MAX_EXTENDS} 层")
        if not re.search(r"[/\\.]", ref) and not target.exists():
            known = "、".join(sorted(bases)) or "无"
            raise InputError(
                f"{path}: extends：没有名录 {ref!r}（已安装插件提供的名录：{known}；"
                "或写名录文件的路径）"
            )
        base = load_directory(target, bases=bases, _chain=chain)
    merged = base.to_dict()
    own = {u.get("name"): u for u in data.get("units", []) if isinstance(u, Mapping)}
    units = [own.pop(u["name"], u) for u in merged["units"]]
    units.extend(
        u for u in data.get("units", []) if not isinstance(u, Mapping) or u.get("name") in own
    )
    own_groups = {g.get("name"): g for g in data.get("groups", []) if isinstance(g, Mapping)}
    groups = [own_groups.pop(g["name"], g) for g in merged["groups"]]
    groups.extend(
        g
        for g in data.get("groups", [])
        if not isinstance(g, Mapping) or g.get("name") in own_groups
    )
    return {
        "id": data.get("id", base.id),
        "title": data.get("title", base.title),
        "units": units,
        "groups": groups,
    }


@frozen
class DirectorySource:
    """A unit directory file a plugin ships (``govflow_unit_directories``).

    *id* is what a plan file's ``units`` names (``units = "<id>"``); *title* is the county the
    directory describes (``某某县``), which ``govflow import`` looks for in a document's title.
    *villages*, when given, is a villages file (:mod:`govflow.plan.villages`) that a plan naming
    this directory applies to it (the plan reader does, so this module need not read villages).
    """

    id: str
    path: Path
    title: str = ""
    villages: Path | None = None

    def load(self) -> UnitDirectory:
        return load_directory(self.path)
