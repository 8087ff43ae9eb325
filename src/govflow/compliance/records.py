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

import io
import os
import stat
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
from govflow.text.files import file_kind
from govflow.text.messages import os_reason

if TYPE_CHECKING:
    from collections.abc import Mapping

    from govflow.compliance.stream import RecordStream, Row
    from govflow.compliance.values import detect_encoding, guess_kind

#: The reading machinery, imported on first use: plugins import record kinds from this module
#: while the command line starts, and most commands read no records.
_LAZY = {
    "RecordStream": "govflow.compliance.stream",
    "Row": "govflow.compliance.stream",
    "detect_encoding": "govflow.compliance.values",
    "guess_kind": "govflow.compliance.values",
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
]


def read_records(
    path: str | Path,
    *,
    kind: str | None = None,
    kinds: Mapping[str, RecordKind] | None = None,
    encoding: str | None = None,
) -> RecordStream:
    """Open a CSV or JSON Lines file of records; iterate the result to read it row by row.

    Raises :class:`RecordFileError` when the file as a whole is unusable (unreadable, not text
    in UTF-8 or GB18030, no header, a missing required column); row problems become
    :class:`Rejected` items.
    """
    from govflow.compliance.csvread import _csv_items, _rows_csv
    from govflow.compliance.jsonlread import _read_jsonl
    from govflow.compliance.stream import RecordStream
    from govflow.compliance.values import (
        _SNIFF,
        _map_headers,
        _resolve_kind,
        _undecodable,
        detect_encoding,
    )

    p = Path(path)
    kinds = kinds if kinds is not None else BUILTIN_KINDS
    source = str(p)
    try:
        mode = os.stat(p).st_mode
        if not stat.S_ISREG(mode):  # a FIFO would block, /dev/zero never end; both can't seek
            raise RecordFileError(
                f"{source}：不是普通文件（{file_kind(mode)}），记录文件须为普通文件"
            )
        raw = p.open("rb")
    except OSError as exc:
        raise RecordFileError(f"{source}：无法读取：{os_reason(exc)}") from None
    head = raw.read(_SNIFF)
    raw.seek(0)
    enc = encoding or detect_encoding(head)
    is_jsonl = p.suffix.lower() in (".jsonl", ".ndjson", ".json")
    text = io.TextIOWrapper(raw, encoding=enc, newline="" if not is_jsonl else None)
    try:
        if is_jsonl:
            return _read_jsonl(p, text, kind, kinds, enc)
        headers, reader = _rows_csv(text, source)
    except UnicodeDecodeError:
        text.close()
        raise RecordFileError(f"{source}：{_undecodable(enc)}") from None
    except RecordFileError:
        text.close()
        raise
    rk = _resolve_kind(p, headers, kind, kinds)
    mapping, ignored = _map_headers(rk, headers, source)
    summary = FileSummary(source, rk.name, enc, ignored_columns=ignored)
    return RecordStream(
        p,
        rk,
        summary,
        _csv_items(rk, mapping, reader, summary, text, source),
        text,
        headers,
        mapping,
    )


__getattr__, _ = lazy_exports(__name__, _LAZY)
