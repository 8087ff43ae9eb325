"""Villages files: each township's administrative villages (行政村), for per-village duties.

Duties a plan makes "per village" (``per = "village"``, e.g. 村务公开 each quarter in every
village) can only be owed by villages govflow knows.  Unit directories rarely list them, so the
list comes from a file of its own, in TOML::

    # 测试县行政村名录（来源：……）
    source = "县民政局 2024 年行政区划统计表"
    [villages]
    "甲镇" = ["甲村", "乙村"]
    "乙乡" = ["丙村"]

or in CSV, one village a row, with the columns 乡镇 and 行政村 (other columns are ignored; lines
starting with ``#`` are comments; UTF-8, with or without BOM, or GB18030)::

    乡镇,行政村
    甲镇,甲村
    甲镇,乙村

A township may be written by any spelling the unit directory knows (甲镇人民政府).  Every
error names the file and the line.  A plan file names its villages file with ``villages =
"…"``; the commands that evaluate per-village duties take ``--villages FILE``.  Where a
township has no villages, per-village duties fall back to one row for the whole township, and
:func:`village_fallback` says so.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import evolve, frozen

from govflow.errors import InputError
from govflow.plan.units import Unit, UnitDirectory, UnitError, UnitKind, normalize_unit_name
from govflow.text.files import FileRefused, TooDeep, parse_nested, read_limited

if TYPE_CHECKING:
    from govflow.plan.model import Plan
    from govflow.plan.obligations import Obligation

__all__ = [
    "FALLBACK_ENTITY",
    "VillageList",
    "VillagesError",
    "apply_villages",
    "load_villages",
    "village_fallback",
    "with_villages",
]

FALLBACK_ENTITY = "各村（未提供村名录，按乡镇合并为一行）"
"""The entity of a per-village duty of a township whose villages are not known."""

_TOWNSHIP_HEADERS = ("乡镇", "乡(镇)", "乡镇名称", "township")
_VILLAGE_HEADERS = ("行政村", "村", "村名", "村名称", "village")


class VillagesError(InputError):
    """A villages file is malformed; the message names the file and the line."""

    label = "村名录文件有误"

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path} 第 {line} 行" if line else path
        super().__init__(f"{where}：{message}")


@frozen
class VillageList:
    """Villages by township (canonical unit names of the directory), from *source*."""

    source: str
    villages: tuple[tuple[str, tuple[str, ...]], ...]
    note: str = ""
    """The file's own ``source`` line (where the list comes from), when it gives one."""

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(self.villages)

    @property
    def count(self) -> int:
        return sum(len(v) for _, v in self.villages)


def load_villages(path: str | Path, directory: UnitDirectory) -> VillageList:
    """Read and validate a villages file (``.toml`` or ``.csv``) against *directory*."""
    p = Path(path)
    try:
        raw = read_limited(p)
    except FileRefused as exc:
        raise VillagesError(str(p), None, f"无法读取村名录文件（{exc.reason}）") from None
    if p.suffix.lower() == ".toml":
        entries, note = _toml_entries(str(p), raw)
    elif p.suffix.lower() in (".csv", ".txt"):
        entries, note = _csv_entries(str(p), raw), ""
    else:
        raise VillagesError(str(p), None, "村名录文件应为 .toml 或 .csv")
    return _resolve(str(p), entries, directory, note)


def _decode(path: str, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:  # spreadsheets saved on a Chinese Windows
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise VillagesError(path, None, "不是 UTF-8 或 GB18030 文本") from None


def _toml_line(text: str, key: str) -> int | None:
    """The line of *key* in a TOML table (quoted or bare), for messages."""
    pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    for n, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return n
    return None


def _toml_entries(path: str, raw: bytes) -> tuple[list[tuple[str, str, int | None]], str]:
    text = _decode(path, raw)
    try:
        data = parse_nested(tomllib.loads, text)
    except (tomllib.TOMLDecodeError, TooDeep) as exc:
        m = re.search(r"at line (\d+)", str(exc))
        hint = "（乡镇名请加引号）" if m and not text.isascii() else ""
        line = int(m.group(1)) if m else None
        raise VillagesError(path, line, f"不是有效的 TOML{hint}：{exc}") from None
    extra = sorted(set(data) - {"villages", "source", "note"})
    if extra:
        raise VillagesError(
            path,
            _toml_line(text, extra[0]),
            f"未知的键 {'、'.join(extra)}；可用的键：villages（乡镇 = [村名, …]）、source、note",
        )
    table = data.get("villages")
    if not isinstance(table, Mapping):
        raise VillagesError(path, None, '缺少 [villages] 表（每行："乡镇" = ["村名", …]）')
    entries: list[tuple[str, str, int | None]] = []
    for township, names in table.items():
        line = _toml_line(text, township)
        if not isinstance(names, list) or not all(isinstance(v, str) for v in names):
            raise VillagesError(path, line, f"乡镇“{township}”的值应为村名的列表")
        if not names:
            raise VillagesError(path, line, f"乡镇“{township}”没有列出村名")
        entries.extend((township, v, line) for v in names)
    source = data.get("source", "")
    return entries, source if isinstance(source, str) else ""


def _header_index(header: list[str], names: tuple[str, ...]) -> int | None:
    wanted = {normalize_unit_name(n).lower() for n in names}
    for i, cell in enumerate(header):
        if normalize_unit_name(cell).lower() in wanted:
            return i
    return None


def _csv_entries(path: str, raw: bytes) -> list[tuple[str, str, int | None]]:
    text = _decode(path, raw)
    rows = [
        (n, row)
        for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1)
        if any(c.strip() for c in row) and not row[0].lstrip().startswith("#")
    ]
    if not rows:
        raise VillagesError(path, None, "文件为空：应有表头“乡镇,行政村”和每村一行")
    head_line, header = rows[0]
    ti = _header_index(header, _TOWNSHIP_HEADERS)
    vi = _header_index(header, _VILLAGE_HEADERS)
    if ti is None or vi is None:
        missing = "、".join(n for n, i in (("乡镇", ti), ("行政村", vi)) if i is None)
        raise VillagesError(
            path, head_line, f"表头缺少列 {missing}；表头应为“乡镇,行政村”，实际为 {header!r}"
        )
    entries: list[tuple[str, str, int | None]] = []
    for n, row in rows[1:]:
        township = row[ti].strip() if ti < len(row) else ""
        village = row[vi].strip() if vi < len(row) else ""
        if not township:
            raise VillagesError(path, n, "乡镇为空")
        entries.append((township, village, n))
    return entries


def _resolve(
    path: str,
    entries: Iterable[tuple[str, str, int | None]],
    directory: UnitDirectory,
    note: str,
) -> VillageList:
    out: dict[str, list[str]] = {}
    seen: dict[tuple[str, str], int | None] = {}
    for township, village, line in entries:
        try:
            found = directory.lookup(township)
        except UnitError as exc:
            hint = f"；最接近的：{'、'.join(exc.suggestions)}" if exc.suggestions else ""
            raise VillagesError(
                path, line, f"单位名录 {directory.id} 中没有乡镇“{township}”{hint}"
            ) from None
        if not isinstance(found, Unit) or found.kind is not UnitKind.TOWNSHIP:
            what = "单位组" if not isinstance(found, Unit) else found.kind.label
            raise VillagesError(path, line, f"“{township}”是{what}，不是乡镇；村只能列在乡镇下")
        name = normalize_unit_name(village)
        if not name:
            raise VillagesError(path, line, f"{found.name}的村名为空")
        key = (found.name, name)
        if key in seen:
            first = seen[key]
            at = f"（第 {first} 行已列出）" if first and first != line else ""
            raise VillagesError(path, line, f"{found.name}的“{name}”重复{at}")
        seen[key] = line
        out.setdefault(found.name, []).append(name)
    if not out:
        raise VillagesError(path, None, "没有列出任何村")
    order = [u.name for u in directory.units if u.name in out]
    return VillageList(path, tuple((t, tuple(out[t])) for t in order), note)


def apply_villages(directory: UnitDirectory, villages: VillageList) -> UnitDirectory:
    """*directory* with the townships' villages replaced by those of *villages*."""
    listed = villages.as_dict()
    changed = [evolve(u, villages=listed[u.name]) for u in directory.units if u.name in listed]
    return directory.merged(changed)


def with_villages(plan: Plan, path: str | Path) -> Plan:
    """*plan* with the villages of the file *path* (``--villages``)."""
    villages = load_villages(path, plan.directory)
    return evolve(plan, directory=apply_villages(plan.directory, villages))


def village_fallback(
    plan: Plan,
    obligations: Iterable[Obligation] | None = None,
    *,
    units: Iterable[str] | None = None,
) -> str | None:
    """A Chinese note when a per-village duty of *plan* falls back to one row per township
    (the township's villages are not known); ``None`` when every such township has villages.
    *units* restricts the townships looked at (those a ``--unit`` selects)."""
    from govflow.plan.obligations import Per

    wanted = set(units) if units is not None else None
    duties: list[str] = []
    towns: list[str] = []
    for ob in plan.obligations() if obligations is None else obligations:
        if ob.per is not Per.VILLAGE:
            continue
        missing = [
            u.name
            for u in plan.owner_units(ob)
            if u.kind is UnitKind.TOWNSHIP
            and not u.villages
            and (wanted is None or u.name in wanted)
        ]
        if missing:
            duties.append(ob.title or ob.id)
            towns.extend(t for t in missing if t not in towns)
    if not duties:
        return None
    shown = "、".join(towns[:3]) + (f"等 {len(towns)} 个乡镇" if len(towns) > 3 else "")
    return (
        f"未提供村名录：{shown}的按村义务（{len(duties)} 项，如“{duties[0]}”）按乡镇合并为一行，"
        "只能按记录中出现的村统计，没有任何记录的村无法发现；"
        "请用 --villages 文件（或方案文件的 villages 键）列出各乡镇的行政村"
    )
