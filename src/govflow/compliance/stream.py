"""The stream of one records file's rows: :class:`RecordStream`."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    pass
from govflow.compliance.kinds import FileSummary, Record, RecordKind, Rejected

Row = tuple[int, dict[str, Any]]
"""An accepted row before it becomes a :class:`Record`: its line and its typed fields."""


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
        """Whether the columnar fast path may count this file: a CSV file whose header is its
        first line, with no field filled in (``--site``); see :mod:`govflow.compliance.fastcsv`."""
        self.header_line = header_line if header_line is not None else (1 if header else None)
        """The line (spreadsheet row) of a table's header, its last row for a two-row header;
        the rows above it are titles, not records, and are not counted."""
        self._items = items
        self._text = text
        self._records: Iterator[Record | Rejected] | None = None

    def __iter__(self) -> Iterator[Record | Rejected]:
        if self._records is None:
            self._records = self._make_records()
        return self._records

    def _make_records(self) -> Iterator[Record | Rejected]:
        kind, source = self.kind.name, self.summary.source
        for item in self._items:
            yield item if isinstance(item, Rejected) else Record(kind, source, *item)

    def rows(self) -> Iterator[Row | Rejected]:
        """``(line, fields)`` for each accepted row (the :class:`Record` it would be, unmade)
        and :class:`Rejected` for the others; counted in ``summary`` the same way."""
        return self._items

    def close(self) -> None:
        """Stop reading and close the file."""
        for items in (self._records, self._items):
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._text.close()
