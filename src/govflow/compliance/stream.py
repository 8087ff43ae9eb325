"""The stream of one records file's rows: :class:`RecordStream`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from attrs import frozen

if TYPE_CHECKING:
    import polars as pl
from govflow.compliance.kinds import FileSummary, Record, RecordKind, Rejected

Row = tuple[int, dict[str, Any]]
"""An accepted row before it becomes a :class:`Record`: its line and its typed fields."""


class LineSource(Protocol):
    """The lines of a JSON Lines file (:class:`govflow.compliance.jsonlread.Lines`)."""

    def numbered(self) -> Iterator[tuple[int, str]]:
        """Each line, as read, with its number."""

    def frame(self) -> pl.LazyFrame | None:
        """The lines for Polars, ``row`` (a line's index) and ``line``; ``None`` if it cannot."""


class NotATable(Exception):
    """A file offered as a :class:`HeldTable` is not one (a JSON Lines object of other keys)."""


@frozen
class HeldTable:
    """A file the engines (:mod:`govflow.compliance.columnar`) may read as a table of text
    cells other than by parsing it as CSV: a sheet of a workbook (its cells are in memory), or
    a JSON Lines file whose objects are rows under one header (their keys)."""

    header: tuple[str, ...]
    columns: Mapping[str, int]
    """The table's columns by field name (index in :attr:`header`)."""
    rows: Callable[[], Iterator[tuple[int, list[str]]]]
    """Its rows, ``(line, cells as text)``, in line order; reading them raises
    :class:`NotATable` when the file turns out not to be such a table (the reference reads
    it)."""
    cells: int = 0
    """Cells held in memory (a sheet: its size); 0 when :attr:`rows` reads the file."""
    line_base: int = 2
    """A row's line minus its index in the table: 2 below a header line, 1 for JSON Lines."""
    at: Callable[[], int] | None = None
    """How far reading :attr:`rows` has got, in bytes of the file (for a progress bar)."""
    fields: Callable[[Sequence[str], int], dict[str, Any] | Rejected] | None = None
    """How the reference reads one row, from its mapped cells (in :attr:`columns` order) and
    its line, when that is not ``csvread._csv_fields`` (JSON Lines: no row is ever set aside,
    every line is a record or rejected)."""
    table: Callable[[], tuple[pl.LazyFrame, int] | None] | None = None
    """The table as Polars reads the file at once, when it can (JSON Lines of flat objects,
    :func:`~govflow.compliance.jsonltable.flat_table`): ``row`` and the cells ``c0`` … as
    :attr:`rows` would give them, with the row of the first line; ``None``: read :attr:`rows`."""


class RecordStream:
    """Iterate to get :class:`Record` and :class:`Rejected` items; ``summary`` counts them.

    :meth:`rows` gives the same items without making :class:`Record` objects (the check
    engine's counting path).  A stream is read once, one way or the other.
    """

    def __init__(
        self,
        path: Path,
        kind: RecordKind,
        summary: FileSummary,
        items: Iterator[Row | Rejected],
        text: TextIO,
        header: Sequence[str] | None = None,
        columns: Mapping[str, int] | None = None,
        *,
        columnar: bool | None = None,
        header_line: int | None = None,
        keys: Callable[[Collection[str]], Iterable[str]] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.summary = summary
        self.header = tuple(header) if header is not None else None
        """A table's header cells (stripped; a two-row header's combined), as read; ``None``
        for JSON Lines."""
        self.columns = dict(columns) if columns is not None else None
        """A table's columns by field name (index in the header); ``None`` for JSON Lines."""
        self.columnar = columns is not None if columnar is None else columnar
        """Whether the columnar path may count this file: a CSV file whose header is its first
        line, or a Parquet file, with no field filled in (``--site``); see
        :mod:`govflow.compliance.columnar`."""
        self.header_line = header_line if header_line is not None else (1 if header else None)
        """The line (spreadsheet row) of a table's header, its last row for a two-row header;
        the rows above it are titles, not records, and are not counted."""
        self.filled: frozenset[str] = frozenset()
        """Fields given to every row that leaves them empty (``--site``): never missing."""
        self.parquet = False
        """A Parquet file (the columnar path reads its columns, not CSV text)."""
        self.raw: Iterator[tuple[int, list[str]] | Rejected] | None = None
        """A table's rows below its header as read, ``(line, cells)`` (or :class:`Rejected` for
        a row the file's format breaks), before any is converted or counted: for splitting a
        file by a column (:mod:`govflow.compliance.countysplit`).  Reading them reads the
        stream; ``None`` for JSON Lines."""
        self.held_cells = 0
        """The cells of a table held in memory (a sheet of a workbook), else 0."""
        self.held: HeldTable | None = None
        """The file as a table the engines may read without reading the stream (a sheet held
        in memory, a JSON Lines file of rows under one header)."""
        self.text_bytes: int | None = None
        """For a county's part of a JSON Lines file: the bytes its lines take in that file (the
        part itself is compressed), what the engines' size thresholds weigh."""
        self.lines: LineSource | None = None
        """For JSON Lines: where its lines are read from, afresh, before any is judged (for
        splitting the file by a key, :mod:`govflow.compliance.countysplit`); else ``None``."""
        self._keys = keys
        """For JSON Lines: which of the given fields some line of the file has a key for (a
        pass over the file of its own, see :meth:`missing_columns`)."""
        self.tick: Callable[[int], None] | None = None
        """What :meth:`watch` was given: an engine reading the file another way tells its
        progress through it, in bytes of the file."""
        self._items = items
        self._raw = items
        self._text = text
        self._records: Iterator[Record | Rejected] | None = None

    def missing_columns(self, names: Iterable[str]) -> tuple[str, ...]:
        """The fields of *names* the file has no column for: a table's header names none of
        their spellings, or no line of a JSON Lines file has a key for one (a key with an empty
        value counts, as an empty cell does).  For JSON Lines this reads the file once more, up
        to the line where the last of *names* is found; call before reading the stream."""
        wanted = tuple(n for n in dict.fromkeys(names) if n not in self.filled)
        if not wanted:
            return ()
        if self.columns is not None:
            return tuple(n for n in wanted if n not in self.columns)
        if self._keys is None:
            return ()
        found = set(self._keys(wanted))
        return tuple(n for n in wanted if n not in found)

    def unique_ids(self, seen: dict[str, tuple[str, int]]) -> None:
        """Reject the rows whose id another file already had: *seen* maps the ids of the files
        read before (of this kind, in one check) to their first file and line, and gets this
        file's.  Only for kinds whose rows carry a required id; call before reading."""
        kind = self.kind
        if kind.id_field and kind.field(kind.id_field).required:
            self._items = _unique(self._items, kind.id_field, self.summary, seen)

    def __iter__(self) -> Iterator[Record | Rejected]:
        if self._records is None:
            self._records = self._make_records()
        return self._records

    def _make_records(self) -> Iterator[Record | Rejected]:
        kind, source = self.kind.name, self.summary.source
        for item in self._items:
            yield item if isinstance(item, Rejected) else Record(kind, source, *item)

    def watch(self, tick: Callable[[int], None], every: int = 2048) -> None:
        """Call *tick* with the bytes of the file read so far every *every* rows (a progress
        bar); before the stream is read.  Unwatched streams pay nothing."""
        self.tick = tick
        self._items = _ticking(self._items, self.bytes_read, tick, every)

    def bytes_read(self) -> int:
        """How far into the file reading has got, in bytes (0 when the source cannot tell)."""
        buffer = getattr(self._text, "buffer", None)
        try:
            return int(buffer.tell()) if buffer is not None else 0
        except (OSError, ValueError):  # closed, or not seekable
            return 0

    def rows(self) -> Iterator[Row | Rejected]:
        """``(line, fields)`` for each accepted row (the :class:`Record` it would be, unmade)
        and :class:`Rejected` for the others; counted in ``summary`` the same way."""
        return self._items

    def close(self) -> None:
        """Stop reading and close the file."""
        for items in (self._records, self._items, self._raw):
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._text.close()


def _unique(
    items: Iterator[Row | Rejected],
    id_field: str,
    summary: FileSummary,
    seen: dict[str, tuple[str, int]],
) -> Iterator[Row | Rejected]:
    source = summary.source
    for item in items:
        if type(item) is tuple:
            line, data = item
            key = str(data[id_field])
            first = seen.setdefault(key, (source, line))
            if first[0] != source:
                summary.reject(line)
                yield Rejected(
                    source,
                    line,
                    id_field,
                    f"编号 {key!r} 重复（首次出现在 {first[0]} 第 {first[1]} 行）",
                )
                continue
        yield item


def _ticking(
    items: Iterator[Row | Rejected],
    where: Callable[[], int],
    tick: Callable[[int], None],
    every: int,
) -> Iterator[Row | Rejected]:
    for n, item in enumerate(items, 1):
        if n % every == 0:
            tick(where())
        yield item
