"""Column maps: which header of a file holds which field, for the spellings no built-in alias
knows (``govflow check --columns map.toml``).

The file is TOML, one table per record kind, each key a field and each value the header as
written in the file, or a list of headers (the first one present is used)::

    [application]
    id = "受理编号"
    received = ["来件日期", "登记日期"]

A field named in the map is read only from the headers the map gives (its built-in spellings
no longer apply, and the map's headers no longer name any other field of that kind); the
other fields keep theirs.  ``--site NAME`` (:func:`site_optional`) fills the ``site`` field of
rows that have none: for a single-site export without a 网站 column.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import evolve

from govflow.compliance.kinds import RecordKind
from govflow.compliance.values import _header_key
from govflow.errors import InputError
from govflow.text.messages import os_reason

__all__ = ["ColumnMap", "ColumnMapError", "apply_column_map", "load_column_map", "site_optional"]

ColumnMap = Mapping[str, Mapping[str, Sequence[str]]]
"""``{kind: {field: (header, ...)}}``."""


class ColumnMapError(InputError):
    """A column map names a kind or a field that does not exist, or is not a valid map."""

    label = "列名对照表有误"


def load_column_map(
    path: str | Path, kinds: Mapping[str, RecordKind]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """Read and check a column map file (TOML) against *kinds*."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ColumnMapError(f"{p}：无法读取：{os_reason(exc)}") from None
    except UnicodeDecodeError:
        raise ColumnMapError(f"{p}：不是 UTF-8 编码的文本") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"line (\d+)", str(exc))
        where = f"第 {at.group(1)} 行" if at else "格式"
        raise ColumnMapError(f"{p}：不是有效的 TOML（{where}有误）") from None
    except RecursionError:
        raise ColumnMapError(f"{p}：不是有效的 TOML：嵌套过深") from None
    return check_column_map(data, kinds, str(p))


def check_column_map(
    data: Mapping[str, Any], kinds: Mapping[str, RecordKind], where: str = "列名对照表"
) -> dict[str, dict[str, tuple[str, ...]]]:
    """*data* as a column map: known kinds and fields, each given a header or a list of them."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind_name, table in data.items():
        kind = kinds.get(kind_name)
        if kind is None:
            raise ColumnMapError(
                f"{where}：未知的记录类别 [{kind_name}]；可用的类别：{'、'.join(kinds)}"
            )
        if not isinstance(table, Mapping):
            raise ColumnMapError(
                f'{where}：[{kind_name}] 应为一个表（字段 = "表头"），实际为 {table!r}'
            )
        fields = {f.name for f in kind.fields}
        got: dict[str, tuple[str, ...]] = {}
        for field, value in table.items():
            if field not in fields:
                raise ColumnMapError(
                    f"{where}：[{kind_name}] 中的 {field!r} 不是{kind.label}记录的字段；"
                    f"可用的字段：{'、'.join(f.name for f in kind.fields)}"
                )
            headers = [value] if isinstance(value, str) else value
            if (
                not isinstance(headers, (list, tuple))
                or not headers
                or not all(isinstance(h, str) and _header_key(h) for h in headers)
            ):
                raise ColumnMapError(
                    f"{where}：[{kind_name}] {field} 应为表头名称或表头名称的列表"
                    f'（如 {field} = "受理编号"），实际为 {value!r}'
                )
            got[field] = tuple(headers)
        out[kind_name] = got
    return out


def apply_column_map(kinds: Mapping[str, RecordKind], columns: ColumnMap) -> dict[str, RecordKind]:
    """*kinds* with the headers of *columns*: a mapped field reads only its mapped headers,
    and no other field of its kind answers to them."""
    out = dict(kinds)
    for kind_name, fields in columns.items():
        kind = out[kind_name]
        taken = {_header_key(h) for headers in fields.values() for h in headers}
        specs = []
        for f in kind.fields:
            if f.name in fields:
                first, *rest = fields[f.name]  # the first of them present is used
                specs.append(evolve(f, aliases=(first,), fallbacks=tuple(rest)))
            else:
                specs.append(
                    evolve(
                        f,
                        aliases=tuple(a for a in f.aliases if _header_key(a) not in taken),
                        fallbacks=tuple(a for a in f.fallbacks if _header_key(a) not in taken),
                    )
                )
        out[kind_name] = evolve(kind, fields=tuple(specs))
    return out


def site_optional(kinds: Mapping[str, RecordKind]) -> dict[str, RecordKind]:
    """*kinds* with their ``site`` field optional as a column: ``--site`` fills it."""
    out = dict(kinds)
    for name, kind in kinds.items():
        if any(f.name == "site" and f.required for f in kind.fields):
            out[name] = evolve(
                kind,
                fields=tuple(
                    evolve(f, required=False) if f.name == "site" else f for f in kind.fields
                ),
            )
    return out
