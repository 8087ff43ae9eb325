"""Opening a CSV or JSON Lines records file: its encoding, its header (found below title rows,
:func:`govflow.compliance.tables.find_header`) and the stream of its rows."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO, TypeVar

from govflow.compliance.csvread import _csv_rows, _head_rows, _row_items
from govflow.compliance.jsonlread import Lines, _read_jsonl
from govflow.compliance.kinds import FileSummary, RecordFileError, RecordKind, Rejected
from govflow.compliance.stream import RecordStream, Row
from govflow.compliance.tables import find_header, known_kind
from govflow.compliance.values import _SNIFF, _stem_kind, _undecodable, detect_encoding
from govflow.text.files import file_kind
from govflow.text.messages import os_reason

T = TypeVar("T")


def regular_file(p: Path) -> None:
    """Refuse *p* unless it is a regular file: a FIFO would block and /dev/zero never end."""
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        raise RecordFileError(f"{p}：无法读取：{os_reason(exc)}") from None
    if not stat.S_ISREG(mode):
        raise RecordFileError(f"{p}：不是普通文件（{file_kind(mode)}），记录文件须为普通文件")


def read_text(
    p: Path,
    kind: str | None,
    kinds: Mapping[str, RecordKind],
    encoding: str | None,
    fill: Mapping[str, str] | None,
) -> RecordStream:
    """A CSV or JSON Lines file's stream."""
    source = str(p)
    regular_file(p)
    try:
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
            lines = Lines(p, enc)
            stream = _read_jsonl(lines, source, text, enumerate(text, 1), kind, kinds)
            return filled_in(stream, fill)
        reader, first = _head_rows(text, source)
        fixed = known_kind(kind, kinds, source) or _stem_kind(p, kinds)
        header = find_header([r for r in first if isinstance(r, tuple)], fixed, kinds, source)
    except UnicodeDecodeError:
        text.close()
        raise RecordFileError(f"{source}：{_undecodable(enc)}") from None
    except RecordFileError:
        text.close()
        raise
    rk = header.kind
    summary = FileSummary(source, rk.name, enc, ignored_columns=header.match.ignored)
    mapping = dict(header.match.mapping)
    rows = list(first)
    tops = [r[1] for r in rows[header.top : header.next_row] if isinstance(r, tuple)]
    table_rows = _chain(rows[header.next_row :], _csv_rows(reader, summary, source))
    items = _row_items(
        rk,
        mapping,
        table_rows,
        summary,
        source,
        header_rows=tops,
        fill=fill,
    )
    stream = RecordStream(
        p,
        rk,
        summary,
        _closing(items, text),
        text,
        header.names,
        mapping,
        columnar=header.next_row - header.top == 1 and not fill,  # a one-row header
        header_line=header.line,
    )
    stream.filled = frozenset(fill or ())
    stream.raw = table_rows
    return stream


def _chain(first: Iterable[T], rest: Iterable[T]) -> Iterator[T]:
    yield from first
    yield from rest


def _closing(items: Iterator[T], text: TextIO) -> Iterator[T]:
    try:
        yield from items
    finally:
        text.close()


def filled_in(stream: RecordStream, fill: Mapping[str, str] | None) -> RecordStream:
    """A JSON Lines *stream* whose rows get the fields *fill* where they leave them empty
    (``--site``); the engines, which do not fill fields in, do not read it as a table."""
    if fill:
        stream._items = _filled(stream._items, fill)
        stream.filled = frozenset(fill)
        stream.held = None
    return stream


def _filled(items: Iterator[Row | Rejected], fill: Mapping[str, str]) -> Iterator[Row | Rejected]:
    for item in items:
        if type(item) is tuple:
            for name, value in fill.items():
                item[1].setdefault(name, value)
        yield item
