"""CSV records with the line each begins on, malformed ones set apart without losing the rest.

:mod:`csv` alone gets two things wrong for records: a quoted cell longer than
``csv.field_size_limit()`` (128 KiB by default) stops the reader in the middle of the cell, which
then reads the lines inside the quotes as records of their own; and an unclosed quote reads the
rest of the file into one field and reports the file's last line.  :class:`CsvRows` reads with
:mod:`csv` (strict, as before) and:

* takes a cell of any length up to :data:`RECORD_LIMIT` whole (one field, one record);
* reports a malformed record at the line it *begins* on.  Reading resumes where :mod:`csv`
  resumes (the line after the one it stopped on), except after a quote left open to the end of
  the file: then on the line after the quote's, so the lines after a stray quote are read as
  the records they are (the quote never closed, so they were never inside a cell);
* refuses a record longer than :data:`RECORD_LIMIT` without keeping it: it is skipped to the end
  of its quotes (the line where the count of quote characters becomes even, which is where
  :mod:`csv` ends a well-formed record) and reported once, at its first line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

__all__ = ["RECORD_LIMIT", "CsvRows", "MalformedRecord"]

RECORD_LIMIT = 8 * 1024 * 1024
"""Longest CSV record read, in characters (8 Mi; a ledger's longest cell is a few KiB)."""

# csv's own limit just above ours: a record over the limit is ours to report (see columnar too,
# which gives a file with such a line back to the reference path)
if csv.field_size_limit() <= RECORD_LIMIT:
    csv.field_size_limit(RECORD_LIMIT + 1)


def _chars(limit: int) -> str:
    """A character count as people read it: 「8 Mi 个字符」."""
    mi = 1 << 20
    return f"{limit // mi} Mi 个字符" if limit % mi == 0 else f"{limit} 个字符"


class MalformedRecord(csv.Error):
    """A record :mod:`csv` cannot read, at its first line, with the reason in Chinese."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


MAX_RESUMES = 100
"""Quotes left open to the end of the file after which reading resumes on the next line; each
resumption reads the rest of the file again, so past this many the rest is refused at once."""


class _TooLong(Exception):
    """Raised inside the line feed: the record being read passed :data:`RECORD_LIMIT`."""


_REASONS = (
    ("field larger than field limit", "字段超过长度上限"),
    ("line contains NUL", "行内含有 NUL 字符"),
    ("expected after", "引号之后应为逗号或行尾"),
    ("unexpected end of data", "引号未闭合"),
    ("new-line character seen in unquoted field", "未加引号的字段中出现换行符"),
)


def csv_reason(exc: Exception) -> str:
    """What :mod:`csv` found wrong with a row, in Chinese (its own message is English)."""
    if isinstance(exc, MalformedRecord):
        return exc.reason
    text = str(exc)
    for english, chinese in _REASONS:
        if english in text:
            return chinese
    return "无法按 CSV 解析"


class CsvRows:
    """The rows of a CSV text, like ``csv.reader(stream, strict=True)``, with :attr:`start` the
    line the last row began on.  A malformed record raises :class:`MalformedRecord` (naming its
    first line); the next call goes on with the following records.

    Lines are counted as :mod:`csv` counts them (``line_num``), plus :attr:`_base`, the lines
    consumed before the current ``csv.reader`` (a new one follows a refused record).  Only the
    lines of the current record are kept (to read on after a quote left open, and to find where
    an over-long record's quotes close); the per-line work is an append and a length sum.
    """

    def __init__(self, stream: TextIO, limit: int = RECORD_LIMIT) -> None:
        self._source: Iterator[str] = iter(stream)
        """The lines still to read (lines given back after a refused record first)."""
        self._limit = limit
        self._record: list[str] = []
        self._base = 0
        self._resumes = 0
        self.start = 0
        """The line the last row returned (or refused) began on."""
        self._reader = csv.reader(self._feed(self._source), strict=True)

    @property
    def line_num(self) -> int:
        """Lines consumed so far (as ``csv.reader.line_num``)."""
        return self._base + self._reader.line_num

    def _feed(self, lines: Iterator[str]) -> Iterator[str]:
        record = self._record
        append = record.append
        limit = self._limit
        size = 0
        for line in lines:
            append(line)
            size = len(line) if len(record) == 1 else size + len(line)  # the record's length
            if size > limit:
                raise _TooLong
            yield line

    def __iter__(self) -> CsvRows:
        return self

    def __next__(self) -> list[str]:
        reader = self._reader
        self.start = self._base + reader.line_num + 1
        self._record.clear()
        try:
            return next(reader)
        except _TooLong:
            self._skip_long()
            raise MalformedRecord(
                self.start,
                f"记录过长（第 {self.start} 至 {self.line_num} 行，超过上限 "
                f"{_chars(self._limit)}），未读取",
            ) from None
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):  # a quote open to the end of the file
                reason = f"引号未闭合（第 {self.start} 行的引号直到文件末尾都没有闭合）"
                if len(self._record) > 1 and self._resumes < MAX_RESUMES:
                    self._resume_after_start()
                elif len(self._record) > 1:  # each resumption reads the rest again: bounded
                    reason += f"；其后 {len(self._record) - 1} 行未能逐行读取"
                raise MalformedRecord(self.start, reason) from None
            # csv goes on after the line it stopped on: the record's quotes were closed there
            reason = csv_reason(exc)
            if self.line_num > self.start:
                reason += f"（第 {self.start} 至 {self.line_num} 行）"
            raise MalformedRecord(self.start, reason) from None

    def _restart(self, consumed: int) -> None:
        """A new ``csv.reader`` over the lines still to read, after *consumed* lines."""
        self._base = consumed
        self._record.clear()
        self._reader = csv.reader(self._feed(self._source), strict=True)

    def _resume_after_start(self) -> None:
        """Read on from the line after the malformed record's first line (the text's lines
        were all read: the record ran to the end)."""
        self._resumes += 1
        self._source = iter(self._record[1:])
        self._restart(self.start)

    def _skip_long(self) -> None:
        """Skip a record over the limit to the end of its quotes, keeping none of it."""
        quotes = sum(line.count('"') for line in self._record)
        consumed = self.start - 1 + len(self._record)
        self._record.clear()
        while quotes % 2:  # inside a quoted cell: csv's record goes on
            line = next(self._source, "")
            if not line:
                break
            consumed += 1
            quotes += line.count('"')
        self._restart(consumed)
