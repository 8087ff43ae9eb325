"""Reading CSV records row by row: the reference path (the columnar path,
:mod:`govflow.compliance.columnar`, must agree with it to the cell)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
from govflow.compliance.tables import (
    _TOTAL_HEADS,
    BLANK_ROW,
    HEADER_ROW,
    HEADER_SCAN,
    first_cell,
    set_aside_reason,
)
from govflow.compliance.values import (
    _CONVERTERS,
    _FALSE,
    _TRUE,
    _convert,
    _csv_datetime,
    _to_bool,
    _undecodable,
    converter,
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


def _head_rows(
    stream: TextIO, source: str
) -> tuple[CsvRows, list[tuple[int, list[str]] | Rejected]]:
    """A ``csv.reader`` and the first rows it read (up to :data:`~govflow.compliance.tables.
    HEADER_SCAN`, where the header is looked for), each ``(line, cells)``: the first as
    :func:`_rows_csv` reads it, the others as they are; a malformed row ends them (as a
    :class:`Rejected`, the last item)."""
    first, reader = _rows_csv(stream, source)
    rows: list[tuple[int, list[str]] | Rejected] = [(reader.start, first)]
    while len(rows) < HEADER_SCAN:
        try:
            cols = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append(Rejected(source, reader.start, "", f"CSV 行格式有误：{csv_reason(exc)}"))
            break
        if cols:
            rows.append((reader.start, cols))
    return reader, rows


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


_REMEMBERED = 65536
"""Distinct cells a date column's converter remembers (a ledger's dates repeat: a few hundred
days a year); the memory is cleared when full."""


def _remembered(convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """*convert* remembering what it gave for each cell (dates are immutable, so shared); a cell
    it rejects is not remembered and raises again."""
    memo: dict[str, Any] = {}

    def remembered(cell: str) -> Any:
        found = memo.get(cell)
        if found is None:
            found = convert(cell)
            if len(memo) >= _REMEMBERED:
                memo.clear()
            memo[cell] = found
        return found

    return remembered


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


def _csv_rows(
    reader: CsvRows, summary: FileSummary, source: str
) -> Iterator[tuple[int, list[str]] | Rejected]:
    """``(line, cells)`` for each row of *reader*, and a :class:`Rejected` for each malformed
    one.  Blank lines are skipped (not rows)."""
    while True:
        try:
            for cols in reader:
                if cols:
                    yield (reader.start, cols)
            return
        except csv.Error as exc:
            yield Rejected(source, reader.start, "", f"CSV 行格式有误：{csv_reason(exc)}")
        except UnicodeDecodeError:
            raise RecordFileError(
                f"{source}：第 {summary.read + 1} 行之后：{_undecodable(summary.encoding)}"
            ) from None


def _row_items(
    kind: RecordKind,
    mapping: dict[str, int],
    rows: Iterable[tuple[int, list[str]] | Rejected],
    summary: FileSummary,
    source: str,
    *,
    header_rows: Sequence[Sequence[str]] = (),
    fill: Mapping[str, Any] | None = None,
) -> Iterator[Row | Rejected]:
    """Read *rows* (each ``(line, cells)``, or a :class:`Rejected` the reader made): ``(line,
    fields)`` for each accepted one, else :class:`Rejected`; every row is counted.

    A row that is not a record is set aside (:meth:`FileSummary.put_aside`), never evaluated:
    a blank row (blank rows after the last row of the table are not rows of it, as blank lines
    are not), a 合计/小计/总计 row (:func:`~govflow.compliance.tables.set_aside_reason`), a row
    repeating one of *header_rows* (the header's cells, stripped).  *fill* gives values to
    fields a row leaves empty (``--site``).

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
    typed = tuple(
        (s.name, _remembered(_CSV_CONVERTERS[s.type]))
        if s.type is FieldType.DATE
        else (s.name, _CSV_CONVERTERS.get(s.type) or converter(s))
        for s in specs
        if s.type is not FieldType.TEXT
    )
    width = max(idxs) + 1
    id_field = kind.id_field if kind.id_field and kind.field(kind.id_field).required else None
    seen_ids: dict[str, int] = {}
    ordered, out_of_order = bool(kind.order), kind.out_of_order
    strip = str.strip
    repeats = {
        tuple(c.strip() for c in (*h, *[""] * (width - len(h)))[:width]) for h in header_rows
    }
    repeats = {tuple(h[i] for i in idxs) for h in repeats}
    starts = {first_cell(h) for h in header_rows}  # a row starting so may repeat the header
    blanks: list[int] = []  # blank rows, set aside once a row follows them
    for cols in rows:
        if type(cols) is not tuple:
            assert isinstance(cols, Rejected)
            for blank in blanks:
                summary.put_aside(blank, BLANK_ROW)
            blanks.clear()
            summary.read += 1
            summary.reject(cols.line)
            yield cols
            continue
        line, row = cols
        first = strip(row[0]) if row else ""
        if not first:  # rarely: the first non-blank cell is further right, or none is
            found = first_cell(row)
            if found is None:
                blanks.append(line)
                continue
            first = found
        if blanks:
            for blank in blanks:
                summary.put_aside(blank, BLANK_ROW)
            blanks.clear()
        if first[0] in _TOTAL_HEADS:
            aside = set_aside_reason(row)
            if aside is not None:
                summary.put_aside(line, aside)
                continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if first in starts and tuple(map(strip, pick(row))) in repeats:
            summary.put_aside(line, HEADER_ROW)
            continue
        fields = dict(zip(names, map(strip, row if in_place else pick(row)), strict=False))
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
        summary.read += 1
        if ordered and type(data) is dict:  # before its id counts as seen
            broken = out_of_order(data)
            if broken is not None:
                data = Rejected(source, line, *broken)
        if id_field is not None and type(data) is dict:
            key = data[id_field]
            first_line = seen_ids.get(key)
            if first_line is not None:
                data = Rejected(
                    source,
                    line,
                    id_field,
                    f"编号 {key!r} 重复（首次出现在第 {first_line} 行）",
                )
            else:
                seen_ids[key] = line
        if type(data) is dict:
            if fill:
                for name, value in fill.items():
                    data.setdefault(name, value)
            yield (line, data)
        else:
            assert isinstance(data, Rejected)
            summary.reject(line)
            yield data
