"""Reading JSON Lines records, one object per line."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attrs import frozen

if TYPE_CHECKING:
    import polars as pl
from govflow.compliance.kinds import (
    FieldSpec,
    FieldType,
    FileSummary,
    RecordFileError,
    RecordKind,
    Rejected,
)
from govflow.compliance.stream import HeldTable, NotATable, RecordStream, Row
from govflow.compliance.tables import guess_kind, known_kind
from govflow.compliance.values import _header_key, _undecodable, converter
from govflow.text.files import TooDeep, file_size, parse_nested


@frozen
class Lines:
    """The lines a JSON Lines reading reads: those of the file :attr:`path` decoded as
    :attr:`encoding`, or the lines of a county's part of a province file (:attr:`part`,
    :mod:`govflow.compliance.countysplit`), numbered as in that file."""

    path: Path
    encoding: str
    part: bool = False

    def numbered(self, opened: Callable[[TextIO], None] | None = None) -> Iterator[tuple[int, str]]:
        """Each line with its number; *opened* is given the open file (not for a part)."""
        if self.part:
            yield from _part_lines(self.path)
            return
        with self.path.open(encoding=self.encoding) as text:
            if opened is not None:
                opened(text)
            yield from enumerate(text, 1)

    def frame(self) -> pl.LazyFrame | None:
        """The lines for Polars (:func:`~govflow.compliance.jsonltable.flat_table`)."""
        from govflow.compliance.jsonltable import file_lines, part_lines  # for the engines only

        return part_lines(self.path) if self.part else file_lines(self.path, self.encoding)


def _part_lines(part: Path) -> Iterator[tuple[int, str]]:
    import polars as pl

    for batch in pl.scan_parquet(part).select("__line", "json").collect_batches(chunk_size=1 << 16):
        yield from batch.iter_rows()


def read_jsonl_part(
    part: Path, source: str, encoding: str, kind: str | None, kinds: Mapping[str, RecordKind]
) -> RecordStream:
    """The stream of a county's lines of the JSON Lines file *source* (read as *encoding*),
    from its part *part* (:mod:`govflow.compliance.countysplit`): as reading the file would
    give them, under its name and lines."""
    import polars as pl

    lines = Lines(part, encoding, part=True)
    stream = _read_jsonl(lines, source, io.StringIO(), lines.numbered(), kind, kinds)
    text = pl.col("json").str.len_bytes().sum() + pl.len()  # (a line break each)
    stream.text_bytes = int(pl.scan_parquet(part).select(text).collect().item() or 0)
    return stream


def _read_jsonl(
    src: Lines,
    source: str,
    text: TextIO,
    numbered: Iterator[tuple[int, str]],
    kind: str | None,
    kinds: Mapping[str, RecordKind],
) -> RecordStream:
    """The stream of the JSON Lines *src*, its lines *numbered* (read from *text*, which is
    closed when they are read), told as the file *source*."""
    enc = src.encoding
    p = Path(source)
    first_obj: dict[str, Any] | None = None
    lines = numbered
    buffered: list[tuple[int, str]] = []
    for n, line in lines:
        buffered.append((n, line))
        if line.strip():
            try:
                obj = parse_nested(json.loads, line.lstrip("\ufeff") if n == 1 else line)
            except ValueError:
                break
            if isinstance(obj, dict):
                first_obj = obj
            break
    headers = list(first_obj) if first_obj else []
    try:  # the file name, a given kind, or the first object's keys tell the kind
        rk = known_kind(kind, kinds, source) or guess_kind(p, headers, kinds)
    except RecordFileError:
        text.close()
        if headers:
            raise
        raise RecordFileError(
            f"{source}：第一行不是 JSON 对象，文件名中也没有记录类别；"
            "应每行一条 JSON 记录，或写成 KIND=PATH（如 event=活动.jsonl）"
        ) from None
    lookup: dict[str, str] = {}
    for f in rk.fields:
        for a in f.aliases:
            lookup.setdefault(_header_key(a), f.name)
    fallback: dict[str, str] = {}  # 序号 as the id: only when no key names the field plainly
    for f in rk.fields:
        for a in f.fallbacks:
            if _header_key(a) not in lookup:
                fallback.setdefault(_header_key(a), f.name)
    summary = FileSummary(source, rk.name, enc)
    specs = {f.name: (f, converter(f)) for f in rk.fields}
    names: dict[str, tuple[str | None, str | None]] = {}
    """A key as written -> the field it names plainly, and the field it names as a fallback;
    a file's lines repeat the same keys, so each is normalised once."""

    def field_of(key: str) -> tuple[str | None, str | None]:
        found = names.get(key)
        if found is None:
            if len(names) >= _KEYS:
                names.clear()
            norm = _header_key(key)
            found = names[key] = (lookup.get(norm), fallback.get(norm))
        return found

    def items() -> Iterator[Row | Rejected]:
        seen_ids: dict[str, int] = {}
        check_ids = bool(rk.id_field and rk.field(rk.id_field).required)
        try:
            for n, line in _chain(buffered, lines):
                if not line.strip():
                    continue
                summary.read += 1
                try:
                    obj = line_object(line.lstrip("\ufeff") if n == 1 else line)
                except ValueError as exc:
                    summary.reject(n)
                    yield Rejected(source, n, "", str(exc))
                    continue
                data: dict[str, Any] = {}
                bad: Rejected | None = None
                plain = {field_of(str(key))[0] for key in obj} if fallback else ()
                for key, given in obj.items():
                    name, other = field_of(str(key))
                    if name is None and fallback:
                        name = other
                        if name in plain:
                            continue
                    # stripped as a CSV cell is: " A1" and "A1" are one case
                    value = given.strip() if isinstance(given, str) else given
                    if name is None or value is None or value == "":
                        continue
                    spec, convert = specs[name]
                    try:
                        data[name] = convert(_json_value(spec, value))
                    except ValueError as exc:
                        bad = Rejected(source, n, name, str(exc))
                        break
                if bad is None:
                    for f in rk.fields:
                        if f.required and f.name not in data:
                            bad = Rejected(source, n, f.name, f"缺少必填的{f.label}")
                            break
                if bad is None and rk.order:  # before its id counts as seen
                    broken = rk.out_of_order(data)
                    if broken is not None:
                        bad = Rejected(source, n, *broken)
                if bad is None and check_ids and rk.id_field:
                    key_value = str(data[rk.id_field])
                    if key_value in seen_ids:
                        bad = Rejected(
                            source,
                            n,
                            rk.id_field,
                            f"编号 {key_value!r} 重复（首次出现在第 {seen_ids[key_value]} 行）",
                        )
                    else:
                        seen_ids[key_value] = n
                if bad is not None:
                    summary.reject(n)
                    yield bad
                    continue
                yield (n, data)
        except UnicodeDecodeError:
            raise RecordFileError(f"{source}：{_undecodable(enc)}") from None
        finally:
            text.close()

    def keys(names: Collection[str]) -> set[str]:
        return _keys_present(src, names, lookup, fallback)

    stream = RecordStream(src.path, rk, summary, items(), text, keys=keys)
    first = buffered[-1] if first_obj else None  # the first object's line, as read
    stream.held = _held_table(src, source, rk, headers, field_of, specs, first)
    stream.lines = src
    return stream


def _held_table(
    src: Lines,
    source: str,
    rk: RecordKind,
    keys: list[str],
    field_of: Callable[[str], tuple[str | None, str | None]],
    specs: Mapping[str, tuple[FieldSpec, Callable[[Any], Any]]],
    first: tuple[int, str] | None,
) -> HeldTable | None:
    """The file as a table for the engines (:class:`HeldTable`), its header the first object's
    keys (*first*: that object's line, its number and its text as read): it is one when every
    object has these keys in this order, with a string or null for each key that names a
    field, as platforms export a table; or a value the reading takes as such a cell would be
    taken (:func:`_as_cell`).  A row's outcome where the engines do not decide it is
    :func:`_fields`'s, the reading's own."""
    if first is None:
        return None  # no object to take the keys of
    line = first
    plain = {field_of(k)[0] for k in keys}
    columns: dict[str, int] = {}
    for i, key in enumerate(keys):
        name, other = field_of(key)
        if name is None and other is not None and other not in plain:
            name = other
        if name is not None:
            if name in columns:
                return None  # two keys for one field: the later value wins, row by row
            columns[name] = i
    if not columns or any(f.required and f.name not in columns for f in rk.fields):
        return None  # no field, or a required one no key names: every line is rejected
    mapped = {i: specs[name][0].type for name, i in columns.items()}
    others = [i for i in range(len(keys)) if i not in mapped]

    opened: list[TextIO] = []

    def at() -> int:
        try:
            return int(opened[-1].buffer.tell()) if opened else 0
        except (OSError, ValueError):  # closed: read to the end
            return file_size(src.path)

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for n, obj in _objects(src, opened.append):
                if type(obj) is not dict or list(obj) != keys:
                    raise NotATable  # not JSON, not an object, other keys
                cells = list(obj.values())
                for i, ftype in mapped.items():
                    value = cells[i]
                    if type(value) is not str:
                        cells[i] = _as_cell(value, ftype)
                for i in others:
                    cells[i] = ""  # a key naming no field: its value is not read
                yield n, cells
        except (OSError, UnicodeDecodeError):
            raise NotATable from None

    def fields(cells: Sequence[str], line: int) -> dict[str, Any] | Rejected:
        return _fields(rk, specs, list(columns), cells, source, line)

    def table() -> tuple[pl.LazyFrame, int] | None:
        from govflow.compliance.jsonltable import flat_table  # Polars: for the engines only

        frame = src.frame()
        return None if frame is None else flat_table(frame, keys, mapped, line)

    return HeldTable(tuple(keys), columns, rows, line_base=1, at=at, fields=fields, table=table)


def _as_cell(value: Any, ftype: FieldType) -> str:
    """A JSON value other than a string as the cell the engines read: the reading takes the
    cell as it takes the value (null: nothing; an integer of a text or integer field: its
    digits; a boolean of a yes/no field: 是/否).  :class:`NotATable` for any other value (the
    reading judges it, or rejects it, by its JSON type)."""
    if value is None:
        return ""
    if type(value) is int and ftype in (FieldType.TEXT, FieldType.INT):
        text = str(value)
        if len(text) <= 20:  # the longest integer a cell may spell (values._to_int)
            return text
    if type(value) is bool and ftype is FieldType.BOOL:
        return "是" if value else "否"
    raise NotATable


def _fields(
    rk: RecordKind,
    specs: Mapping[str, tuple[FieldSpec, Callable[[Any], Any]]],
    names: Sequence[str],
    cells: Sequence[str],
    source: str,
    line: int,
) -> dict[str, Any] | Rejected:
    """One line's fields from its cells (the fields *names*, in the order of their keys), as
    the reading above takes them: the first value that does not convert rejects the line, then
    the first required field left out."""
    data: dict[str, Any] = {}
    for name, raw in zip(names, cells, strict=True):
        value = raw.strip()
        if not value:
            continue
        spec, convert = specs[name]
        try:
            data[name] = convert(_json_value(spec, value))
        except ValueError as exc:
            return Rejected(source, line, name, str(exc))
    for f in rk.fields:
        if f.required and f.name not in data:
            return Rejected(source, line, f.name, f"缺少必填的{f.label}")
    return data


def _keys_present(
    src: Lines,
    names: Collection[str],
    lookup: Mapping[str, str],
    fallback: Mapping[str, str],
) -> set[str]:
    """Which fields of *names* some line of the JSON Lines *src* has a key for (its value
    may be empty), reading up to the line where the last is found.  Lines that are not JSON
    objects name none (reading them rejects them); an unreadable file names none either (reading
    it reports why)."""
    wanted = set(names)
    found: set[str] = set()
    seen: set[str] = set()  # keys already looked up (lines repeat them)
    try:
        for _, obj in _objects(src):
            if not isinstance(obj, dict):
                continue
            for key in obj:
                if key in seen:
                    continue
                if len(seen) < _KEYS:
                    seen.add(key)
                k = _header_key(str(key))
                name = lookup.get(k) or fallback.get(k)
                if name in wanted:
                    found.add(name)
            if found >= wanted:
                break
    except (OSError, UnicodeDecodeError):
        pass
    return found


_NOT_JSON = object()
"""What :func:`_objects` gives for a line that is not JSON."""


def _objects(
    src: Lines, opened: Callable[[TextIO], None] | None = None
) -> Iterator[tuple[int, Any]]:
    """Each line of *src* that is not blank, with its number, as the JSON value it holds
    (:data:`_NOT_JSON` when it holds none); *opened* is given the open file (to tell how far
    reading has got)."""
    for n, line in src.numbered(opened):
        if not line.strip():
            continue
        try:
            obj = parse_nested(_loads, line.lstrip("\ufeff") if n == 1 else line)
        except ValueError:
            obj = _NOT_JSON
        yield n, obj


def _chain(
    first: Iterable[tuple[int, str]], rest: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    yield from first
    yield from rest


def line_object(text: str) -> dict[str, Any]:
    """The object the line *text* holds, as the reading decodes it; ``ValueError`` saying (in
    Chinese) why the reading rejects the line when it holds none."""
    try:
        obj = parse_nested(_loads, text)
    except _NotJsonValue:
        raise
    except ValueError as exc:
        raise ValueError(f"不是 JSON 对象：{_json_reason(exc)}") from None
    if not isinstance(obj, dict):
        raise ValueError("每行应为一个 JSON 对象")
    return obj


def _json_reason(exc: ValueError) -> str:
    """Where a line stops being JSON, in Chinese (the decoder's message is English)."""
    if isinstance(exc, TooDeep):
        return str(exc)
    column = getattr(exc, "colno", None)
    return f"第 {column} 列处格式有误" if column is not None else "格式有误"


class _NotJsonValue(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: Python's decoder takes them, JSON has no such
    values."""


def _loads(text: str) -> Any:
    return _DECODER.decode(text)  # json.loads would make a decoder for every line


_KEYS = 4096
"""Distinct keys remembered at a time (a file of ever new keys does not grow the memory)."""


def _no_constant(name: str) -> Any:
    raise _NotJsonValue(f"不是合法的 JSON：{name} 不是 JSON 的值（数值应写成有限的数字或字符串）")


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "JSON 布尔值"),  # before int: a bool is an int in Python
    (str, "JSON 字符串"),
    (int, "JSON 数字"),
    (float, "JSON 数字"),
    (dict, "JSON 对象"),
    (list, "JSON 数组"),
)


def json_type(value: Any) -> str:
    """The JSON type of a decoded *value*, in Chinese ("JSON 字符串" …)."""
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _json_value(spec: FieldSpec, value: Any) -> Any:
    """*value* as the cell converter of *spec* takes it, or ``ValueError`` naming the JSON type
    found: text is a string (an integer reads as its digits: 1001 → "1001"); a date or moment a
    string; yes/no ``true``/``false`` or a string; an integer a number without a fraction (15.0
    reads as 15) or a string of digits."""
    if isinstance(value, str):
        return value
    kind = spec.type
    if kind is FieldType.TEXT and type(value) is int:
        return str(value)
    if kind is FieldType.BOOL and isinstance(value, bool):
        return value
    if kind is FieldType.INT and not isinstance(value, bool):
        if type(value) is int:
            return value
        if type(value) is float and value.is_integer():
            return int(value)
    expected = {
        FieldType.TEXT: "文本（JSON 字符串）",
        FieldType.DATE: '日期（JSON 字符串，如 "2023-06-18"）',
        FieldType.DATETIME: '日期或时刻（JSON 字符串，如 "2023-06-18 09:30"）',
        FieldType.BOOL: "是/否（JSON 中写 true 或 false）",
        FieldType.INT: "整数（如 15）",
        FieldType.CHOICE: "文本（JSON 字符串）",
    }[kind]
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 40:
        shown = shown[:40] + "…"
    raise ValueError(f"应为{expected}，实际为{json_type(value)} {shown}")
