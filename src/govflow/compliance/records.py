"""Records of what actually happened, read from CSV or JSON Lines, row by row.

Record kinds (docs/records.md documents each field): ``post`` (posts on the portal and the 政务
新媒体 accounts), ``application`` (依申请公开), ``message`` (问政 channels), ``event`` (开放活动,
自查, 通报, 汇总, 汇报听取), ``disclosure`` (预算, 决算, 三公经费, 政策解读, 补贴结果, 征地公告 …).
Plugins add kinds and header spellings through ``govflow_record_kinds`` and
``govflow_header_aliases``.

Input: CSV in UTF-8 (with or without BOM) or GB18030, which government spreadsheets export, or
JSON Lines in UTF-8; headers in English or Chinese.  Every row is accounted for: it becomes a
:class:`Record`, or a :class:`Rejected` naming the file, the line, the field and the reason.
Reading streams: memory does not grow with the number of rows (except the ids kept to reject
duplicates, for kinds whose rows carry a required id).  Nothing read is ever evaluated as code.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from govflow.compliance.kinds import (
    APPLICATION,
    BUILTIN_KINDS,
    DISCLOSURE,
    EVENT,
    MESSAGE,
    POST,
    FieldSpec,
    FieldType,
    FileSummary,
    HeaderAlias,
    Record,
    RecordFileError,
    RecordKind,
    Rejected,
    SetAside,
)
from govflow.lazy import lazy_exports

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govflow.compliance.colmap import ColumnMap
    from govflow.compliance.sheetread import SheetNote
    from govflow.compliance.stream import RecordStream, Row
    from govflow.compliance.tables import guess_kind
    from govflow.compliance.values import detect_encoding

#: The reading machinery, imported on first use: plugins import record kinds from this module
#: while the command line starts, and most commands read no records.
_LAZY = {
    "RecordStream": "govflow.compliance.stream",
    "Row": "govflow.compliance.stream",
    "detect_encoding": "govflow.compliance.values",
    "guess_kind": "govflow.compliance.tables",
}

__all__ = [
    "APPLICATION",
    "BUILTIN_KINDS",
    "DISCLOSURE",
    "EVENT",
    "MESSAGE",
    "POST",
    "FieldSpec",
    "FieldType",
    "FileSummary",
    "HeaderAlias",
    "Record",
    "RecordFileError",
    "RecordKind",
    "RecordStream",
    "Rejected",
    "Row",
    "SetAside",
    "detect_encoding",
    "guess_kind",
    "read_records",
    "read_tables",
]


def read_records(
    path: str | Path,
    *,
    kind: str | None = None,
    kinds: Mapping[str, RecordKind] | None = None,
    encoding: str | None = None,
    columns: ColumnMap | str | Path | None = None,
    site: str | None = None,
    sheet: str | None = None,
) -> RecordStream:
    """Open a CSV, JSON Lines, spreadsheet or Parquet file of records; iterate the result to
    read it row by row.

    *columns* is a column map (``{kind: {field: headers}}``, or the path of one in TOML, see
    :mod:`govflow.compliance.colmap`); *site* fills the ``site`` of rows without one; *sheet*
    names the sheet of a workbook to read (a workbook with several sheets of records needs
    it; :func:`read_tables` reads them all).

    Raises :class:`RecordFileError` when the file as a whole is unusable (unreadable, not text
    in UTF-8 or GB18030, no header, a missing required column); row problems become
    :class:`Rejected` items.
    """
    streams, _ = read_tables(
        path,
        kind=kind,
        kinds=kinds,
        encoding=encoding,
        columns=columns,
        site=site,
        sheet=sheet,
    )
    if len(streams) > 1:
        for s in streams:
            s.close()
        raise RecordFileError(
            f"{path}：工作簿有多个记录工作表（"
            + "、".join(s.summary.source for s in streams)
            + "）；请指定 sheet，或用 read_tables 逐表读取"
        )
    return streams[0]


def read_tables(
    path: str | Path,
    *,
    kind: str | None = None,
    kinds: Mapping[str, RecordKind] | None = None,
    encoding: str | None = None,
    columns: ColumnMap | str | Path | None = None,
    site: str | None = None,
    sheet: str | None = None,
) -> tuple[list[RecordStream], list[SheetNote]]:
    """The record streams of a file: one for CSV and JSON Lines, one per sheet with records
    for a workbook (only *sheet* when given), and notes on the sheets not read (empty, or with
    no recognisable header).  Arguments as for :func:`read_records`."""
    from govflow.compliance.colmap import (
        apply_column_map,
        check_column_map,
        load_column_map,
        site_optional,
    )

    p = Path(path)
    kinds = kinds if kinds is not None else BUILTIN_KINDS
    if isinstance(columns, (str, Path)):
        columns = load_column_map(columns, kinds)
    elif columns is not None:
        columns = check_column_map(columns, kinds)
    if columns:
        kinds = apply_column_map(kinds, columns)
    fill = None
    if site is not None:
        kinds = site_optional(kinds)
        fill = {"site": site}
    if p.suffix.lower() in _SHEET_SUFFIXES:
        from govflow.compliance.sheetread import read_sheets
        from govflow.compliance.textread import regular_file

        regular_file(p)
        return read_sheets(p, kind=kind, kinds=kinds, sheet=sheet, fill=fill)
    from govflow.compliance.textread import read_text, regular_file

    if p.suffix.lower() in _PARQUET_SUFFIXES:
        from govflow.compliance.parquetread import read_parquet, split_spec

        regular_file(p)
        spec = split_spec(p)
        if spec is not None and spec.get("lines"):  # a county's lines of a JSON Lines file
            from govflow.compliance.jsonlread import read_jsonl_part
            from govflow.compliance.textread import filled_in

            part = read_jsonl_part(p, str(spec["source"]), str(spec["encoding"]), kind, kinds)
            return [filled_in(part, fill)], []
        return [read_parquet(p, kind, kinds, fill)], []
    return [read_text(p, kind, kinds, encoding, fill)], []


_SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")  # sheetread.SHEET_SUFFIXES
_PARQUET_SUFFIXES = (".parquet", ".pq")  # parquetread.PARQUET_SUFFIXES

__getattr__, _ = lazy_exports(__name__, _LAZY)
