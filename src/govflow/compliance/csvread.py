"""Reading CSV records row by row: the reference path (the fast path, :mod:`govflow.compliance.fastcsv`,
must agree with it to the cell)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any, TextIO

from govflow.compliance.csvlines import CsvRows, csv_reason
from govflow.compliance.kinds import (
    FieldSpec,
    FieldType,
    FileSummary,
    RecordFileError,
    RecordKind,
    Rejected,
)
from govflow.compliance.stream import Row
from govflow.compliance.values import (
    _CONVERTERS,
    _FALSE,
    _TRUE,
    _convert,
    _csv_datetime,
    _to_bool,
    _undecodable,
)


def _rows_csv(stream: TextIO, source: str) -> tuple[list[str], CsvRows]:
    """The header (stripped) and the rows (:class:`CsvRows`) positioned on the first data row."""
    # strict: an unclosed quote is a malformed row, not the rest of the file in one field
    reader = CsvRows(stream)
    try:
        headers = next(reader)
    except StopIteration:
        raise RecordFileError(f"{source}：空文件（第 1 行应为表头）") from None
    except csv.Error as exc:
        raise RecordFileError(f"{source}：第 1 行：不是 CSV：{csv_reason(exc)}") from None
    names = [h.strip() for h in headers]
    if names:  # a second byte-order mark (a BOM written twice) is no part of the name
        names[0] = names[0].lstrip("\ufeff").strip()
    return names, reader


def _csv_bool(cell: str) -> bool:
    """:func:`_to_bool` of a stripped CSV cell; the usual spellings by one dict lookup."""
    value = _BOOLS.get(cell)
    return _to_bool(cell) if value is None else value


_BOOLS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_CSV_CONVERTERS: dict[FieldType, Callable[[str], Any]] = {
    **_CONVERTERS,
    FieldType.BOOL: _csv_bool,
    FieldType.DATETIME: _csv_datetime,
}


def _as_is(row: list[str]) -> list[str]:
    return row


def _csv_fields(
    specs: Sequence[FieldSpec], row: Sequence[str], source: str, line: int
) -> dict[str, Any] | Rejected:
    """The typed fields of a CSV row (cells in *specs* order, maybe more after them), or why it
    is rejected: the first field, in column order, that is required but empty or that does not
    convert."""
    data: dict[str, Any] = {}
    for spec, raw in zip(specs, row, strict=False):
        cell = raw.strip()
        if not cell:
            if spec.required:
                return Rejected(source, line, spec.name, f"必填的{spec.label}为空")
            continue
        try:
            data[spec.name] = cell if spec.type is FieldType.TEXT else _convert(spec, cell)
        except ValueError as exc:
            return Rejected(source, line, spec.name, str(exc))
    return data


def _csv_items(
    kind: RecordKind,
    mapping: dict[str, int],
    reader: CsvRows,
    summary: FileSummary,
    stream: TextIO,
    source: str,
) -> Iterator[Row | Rejected]:
    """Read the rows of *reader*: ``(line, fields)`` for each accepted one, else
    :class:`Rejected`.  Blank lines are skipped (not rows); every other line is counted.

    The cells of the mapped columns are stripped; an empty cell is left out of the fields (or
    rejects the row when the field is required); typed fields are converted.  A row whose cells
    are all non-empty takes a fast path (one ``dict`` from the stripped cells, then the typed
    ones converted); any other row, and any row a conversion fails on, goes through
    :func:`_csv_fields`, which decides the outcome field by field in column order.
    """
    specs = tuple(kind.field(name) for name in mapping)
    names = tuple(mapping)
    idxs = tuple(mapping.values())
    in_place = idxs == tuple(range(len(idxs)))  # the mapped columns come first, in order
    pick: Callable[[list[str]], Sequence[str]]
    if in_place:
        pick = _as_is  # zip() below stops after the mapped columns
    elif len(idxs) == 1:
        only = idxs[0]

        def pick(row: list[str]) -> Sequence[str]:
            return (row[only],)
    else:
        pick = itemgetter(*idxs)
    typed = tuple((s.name, _CSV_CONVERTERS[s.type]) for s in specs if s.type is not FieldType.TEXT)
    width = max(idxs) + 1
    id_field = kind.id_field if kind.id_field and kind.field(kind.id_field).required else None
    seen_ids: dict[str, int] = {}
    strip = str.strip
    line = 0
    try:
        while True:
            try:
                for cols in reader:
                    if not cols:
                        continue
                    line = reader.start  # a record over several lines: its first line
                    summary.read += 1
                    row = cols if len(cols) >= width else cols + [""] * (width - len(cols))
                    fields = dict(
                        zip(names, map(strip, row if in_place else pick(row)), strict=False)
                    )
                    data: dict[str, Any] | Rejected | None = None
                    if "" not in fields.values():
                        try:
                            for name, conv in typed:
                                fields[name] = conv(fields[name])
                            data = fields
                        except ValueError:
                            pass
                    if data is None:
                        data = _csv_fields(specs, pick(row), source, line)
                    if id_field is not None and type(data) is dict:
                        key = data[id_field]
                        first = seen_ids.get(key)
                        if first is not None:
                            data = Rejected(
                                source,
                                line,
                                id_field,
                                f"编号 {key!r} 重复（首次出现在第 {first} 行）",
                            )
                        else:
                            seen_ids[key] = line
                    if type(data) is dict:
                        yield (line, data)
                    else:
                        assert isinstance(data, Rejected)
                        summary.reject(line)
                        yield data
                break
            except csv.Error as exc:
                line = reader.start
                summary.read += 1
                summary.reject(line)
                yield Rejected(source, line, "", f"CSV 行格式有误：{csv_reason(exc)}")
            except UnicodeDecodeError:
                raise RecordFileError(
                    f"{source}：第 {summary.read + 1} 行之后：{_undecodable(summary.encoding)}"
                ) from None
    finally:
        stream.close()
