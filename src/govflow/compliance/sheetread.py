"""Reading records from spreadsheets (.xlsx, .xlsm, .xlsb, .xls, .ods) with python-calamine.

Each sheet is a table of its own, read like a CSV file (:func:`govflow.compliance.csvread.
_row_items`: the same fields, conversions, duplicate ids and rows set aside), named
``ledger.xlsx[Sheet1]`` and numbered by the row numbers Excel shows.  Cells become text first:
a date cell ``2023-09-27``, a date-time cell ``2023-09-27 10:30:00``, a whole number ``1001``
(an id cell 1001.0 reads "1001"), booleans 是/否; a number in a column of dates is an Excel
serial day (45196 is 2023-09-27).  Strings such as ``2023/9/27`` and ``2023年9月27日`` are read
as in CSV.

A sheet with no cells is skipped with a note; a sheet without a recognisable header is not
read and is reported (a warning; an error when it is the sheet asked for, or the only one).
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from attrs import frozen

from govflow.compliance.csvread import _row_items
from govflow.compliance.kinds import FieldType, FileSummary, RecordFileError, RecordKind
from govflow.compliance.stream import HeldTable, RecordStream
from govflow.compliance.tables import HEADER_SCAN, find_header, first_cell, known_kind
from govflow.compliance.values import _stem_kind
from govflow.text.files import file_size
from govflow.text.messages import os_reason

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
"""The spreadsheet formats read (by file name suffix)."""

_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (day 60 is its 1900-02-29)
_LAST_SERIAL = 2958465  # 9999-12-31


@frozen
class SheetNote:
    """A sheet that was not read: ``empty-sheet`` (no cells) or ``unread-sheet`` (no
    recognisable header); *message* is Chinese and names the sheet."""

    code: str
    message: str
    file: str


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in SHEET_SUFFIXES


def read_sheets(
    p: Path,
    *,
    kind: str | None,
    kinds: Mapping[str, RecordKind],
    sheet: str | None = None,
    fill: Mapping[str, Any] | None = None,
) -> tuple[list[RecordStream], list[SheetNote]]:
    """One stream per sheet with records (only *sheet* when given), and notes on the others.

    ``RecordFileError`` when the workbook cannot be read, when *sheet* is not in it or has no
    recognisable header, or when no sheet has one."""
    import python_calamine  # a compiled reader: imported only when a spreadsheet is read

    where = str(p)
    try:
        p.open("rb").close()
    except OSError as exc:
        raise RecordFileError(f"{where}：无法读取：{os_reason(exc)}") from None
    _check_size(p)
    try:
        book = python_calamine.CalamineWorkbook.from_path(where)
        names = list(book.sheet_names)
    except Exception as exc:  # the parser's errors on a damaged or foreign file vary
        raise RecordFileError(f"{where}：{_UNREADABLE}（{_kind_of_error(exc)}）") from None
    if sheet is not None and sheet not in names:
        raise RecordFileError(
            f"{where}：没有名为 {sheet!r} 的工作表；工作表：{'、'.join(names) or '（无）'}"
        )
    fixed = known_kind(kind, kinds, where) or _stem_kind(p, kinds)
    streams: list[RecordStream] = []
    notes: list[SheetNote] = []
    failures: list[RecordFileError] = []
    for name in [sheet] if sheet is not None else names:
        source = f"{where}[{name}]"
        try:
            table = book.get_sheet_by_name(name)
            cells = table.to_python(skip_empty_area=False)
            merged = table.merged_cell_ranges
        except Exception as exc:
            raise RecordFileError(f"{source}：无法读取工作表（{_kind_of_error(exc)}）") from None
        rows = [(n, [_text(c) for c in row]) for n, row in enumerate(cells[:HEADER_SCAN], 1)]
        if not any(first_cell(r) is not None for _, r in rows) and not any(
            _text(c).strip() for row in cells[HEADER_SCAN:] for c in row
        ):
            notes.append(SheetNote("empty-sheet", f"工作表 {source} 为空，已跳过", source))
            continue
        try:
            header = find_header(
                rows, fixed or _stem_kind(Path(name), kinds), kinds, source, _spans(rows, merged)
            )
        except RecordFileError as exc:
            failures.append(exc)
            notes.append(
                SheetNote(
                    "unread-sheet",
                    f"工作表 {source} 未读取，找不到可识别的表头："
                    f"{str(exc.args[0]).removeprefix(f'{source}：')}",
                    source,
                )
            )
            continue
        rk = header.kind
        summary = FileSummary(source, rk.name, p.suffix.lower().lstrip("."))
        summary.ignored_columns = header.match.ignored
        dated = {
            i: rk.field(f).type
            for f, i in header.match.mapping.items()
            if rk.field(f).type in (FieldType.DATE, FieldType.DATETIME)
        }
        first = header.next_row
        tops = [r for _, r in rows[header.top : first]]
        raw = _data_rows(cells, first, dated)
        items = _row_items(
            rk,
            dict(header.match.mapping),
            raw,
            summary,
            source,
            header_rows=tops,
            fill=fill,
        )
        stream = RecordStream(
            p,
            rk,
            summary,
            items,
            io.StringIO(),
            header.names,
            header.match.mapping,
            columnar=False,
            header_line=header.line,
        )
        stream.filled = frozenset(fill or ())
        stream.raw = raw
        stream.held_cells = sum(len(row) for row in cells)
        if not fill and len(tops) == 1 and _plain_header(tops[0], header.names):
            again, at = _rows_again(cells, first, dated, file_size(p))
            stream.held = HeldTable(
                tuple(header.names),
                dict(header.match.mapping),
                again,
                cells=stream.held_cells,
                at=at,
            )
        streams.append(stream)
    if sheet is not None and failures:
        raise failures[0]
    if not streams and failures:
        raise (
            failures[0]
            if len(failures) == 1
            else RecordFileError(
                f"{where}：没有一个工作表有可识别的表头；" + "；".join(n.message for n in notes)
            )
        )
    if not streams:
        raise RecordFileError(f"{where}：工作簿中没有数据（所有工作表都为空）")
    return streams, notes


def _spans(
    rows: Sequence[tuple[int, Sequence[str]]], merged: Sequence[Any] | None
) -> dict[int, dict[int, str]] | None:
    """For each row (by line) the label over each column of its cells merged across columns;
    ``None`` when the format gives no merged ranges (then labels are carried, as for CSV)."""
    if merged is None:
        return None
    out: dict[int, dict[int, str]] = {}
    for (r0, c0), (_, c1) in merged:
        if c1 > c0 and r0 < len(rows):
            top = rows[r0][1]
            label = top[c0].strip() if c0 < len(top) else ""
            if label:
                out.setdefault(r0 + 1, {}).update(dict.fromkeys(range(c0, c1 + 1), label))
    return out


def _data_rows(
    cells: Sequence[Sequence[Any]], first: int, dated: Mapping[int, FieldType]
) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cell texts)`` from the row below the header on; numbers in date columns
    read as Excel serial days."""
    for n in range(first, len(cells)):
        row = cells[n]
        texts = [c if type(c) is str else _text(c) for c in row]  # most cells are text
        for i, ftype in dated.items():
            if i < len(row):
                value = row[i]
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    texts[i] = _serial(value, ftype) or texts[i]
        yield (n + 1, texts)


def _plain_header(cells: Sequence[str], names: Sequence[str]) -> bool:
    """Whether a one-row header's cells are its column names as matched (no label carried over
    merged cells): the engines then read the sheet as they read a CSV file with that header."""
    return tuple(c.strip() for c in cells) == tuple(names)


def _rows_again(
    cells: Sequence[Sequence[Any]], first: int, dated: Mapping[int, FieldType], size: int
) -> tuple[Callable[[], Iterator[tuple[int, list[str]]]], Callable[[], int]]:
    """The rows below the header, afresh at each call, and how far into the file (its share
    of the rows, in bytes) the last call has got."""
    done = [0]
    total = max(len(cells) - first, 1)

    def rows() -> Iterator[tuple[int, list[str]]]:
        for n, row in enumerate(_data_rows(cells, first, dated), 1):
            done[0] = n
            yield row

    return rows, lambda: size * done[0] // total


def _serial(value: float, ftype: FieldType) -> str | None:
    """An Excel serial day (with a fraction of a day for a time) as an ISO date or date-time;
    ``None`` when it cannot be one."""
    if not math.isfinite(value) or not 1 <= value <= _LAST_SERIAL + 0.99999:
        return None
    whole = int(value)
    day = _EPOCH + timedelta(days=whole)
    seconds = round((value - whole) * 86400)
    if ftype is FieldType.DATETIME and 0 < seconds < 86400:
        return (datetime.combine(day, time()) + timedelta(seconds=seconds)).isoformat(" ")
    return day.isoformat()


def _text(value: Any) -> str:
    """A cell as text, as a CSV export would show it."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return format(value, ".15g")
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


_UNREADABLE = "不是可读取的电子表格"

MAX_UNPACKED = 1 << 30
"""The most a workbook may unpack to (1 GiB): a small file that unpacks to far more (a zip
bomb) is refused before the parser reads it."""


def _check_size(p: Path) -> None:
    """Refuse a zip-packed workbook (.xlsx, .ods …) whose parts unpack to more than
    :data:`MAX_UNPACKED`; other files (.xls) are read as they are."""
    try:
        with zipfile.ZipFile(p) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: .xls, or not a workbook at all (the parser says which)
    if unpacked > MAX_UNPACKED:
        raise RecordFileError(
            f"{p}：{_UNREADABLE}：解压后有 {unpacked:,} 字节，超过上限 {MAX_UNPACKED:,} 字节"
        )


def _kind_of_error(exc: Exception) -> str:
    """What the parser found, in Chinese (its own messages are English)."""
    name = type(exc).__name__
    if "Password" in name or "encrypt" in str(exc).lower():
        return "文件已加密"
    if "NotFound" in name:
        return "找不到工作表"
    return "文件已损坏，或不是 Excel、ODS 格式"
