"""Reading small input files safely: regular files only, a size cap, and a bound on nesting.

Plan, unit-directory, notice and column-map files are a few kilobytes.  A path to ``/dev/zero``,
a FIFO or a multi-gigabyte file must not make govflow read forever, and a document nested a
hundred thousand levels deep must not end in Python's ``RecursionError``: each is refused with a
Chinese reason that names the file and the limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govflow.errors import InputError
from govflow.text.messages import os_reason

__all__ = [
    "CONFIG_LIMIT",
    "FileRefused",
    "TooDeep",
    "file_kind",
    "file_size",
    "limit_text",
    "parse_nested",
    "read_limited",
]

CONFIG_LIMIT = 8 * 1024 * 1024
"""Largest plan, unit-directory, notice or column-map file read (8 MiB; real ones are a few KiB)."""


class FileRefused(InputError):
    """A file that cannot be read, is not a regular file, or is larger than its limit (exit 2).

    :attr:`reason` is the Chinese reason without the path, for callers that word their own
    message (「方案文件有误：…」).
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}：{reason}")
        self.path = str(path)
        self.reason = reason


class TooDeep(ValueError):
    """A JSON or TOML text nested deeper than the parser can follow (a ``ValueError``)."""


def file_size(path: str | Path) -> int:
    """The size of the file at *path* in bytes; 0 when it cannot be told (gone, unreadable):
    for progress bars and size floors, never for refusing a file."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def limit_text(limit: int) -> str:
    """A byte count as people read it: ``8 MiB``, ``512 KiB``, ``100 字节``.

    >>> limit_text(8 * 1024 * 1024), limit_text(512 * 1024), limit_text(100)
    ('8 MiB', '512 KiB', '100 字节')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if limit >= size and limit % size == 0:
            return f"{limit // size} {unit}"
    return f"{limit} 字节"


_KINDS = (
    (stat.S_ISDIR, "目录"),
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese (「命名管道（FIFO）」「字符设备」…)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "特殊文件"


def read_limited(path: str | Path, limit: int = CONFIG_LIMIT) -> bytes:
    """The bytes of the regular file *path*, at most *limit* of them.

    Refused with :class:`FileRefused` (a Chinese reason): a missing or unreadable file, anything
    but a regular file (a directory, a FIFO, ``/dev/zero``: reading those may never end), a file
    larger than *limit*.  The size is checked before reading and again while reading (a file
    may grow, and ``/proc`` files report size 0): at most *limit* + 1 bytes are read.
    """
    p = Path(path)
    try:
        st = os.stat(p)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(p, f"不是普通文件（{file_kind(st.st_mode)}），请给出普通文件的路径")
        if st.st_size > limit:
            raise FileRefused(p, _too_large(st.st_size, limit))
        # O_NONBLOCK: should the path have become a FIFO since the check, open does not wait
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise FileRefused(p, os_reason(exc)) from None
    if len(data) > limit:
        raise FileRefused(p, _too_large(None, limit))
    return data


def _too_large(size: int | None, limit: int) -> str:
    actual = "" if size is None else f"（{size} 字节）"
    return f"文件过大{actual}：超过上限 {limit_text(limit)}"


def parse_nested(loads: Callable[[str], Any], text: str) -> Any:
    """``loads(text)`` (``json.loads``, ``tomllib.loads``) with deep nesting as :class:`TooDeep`.

    Python's parsers recurse once per level of nesting; past the interpreter's limit they raise
    ``RecursionError``, which is not an error in the input's terms.
    """
    try:
        return loads(text)
    except RecursionError:
        raise TooDeep("嵌套层数过多（数组或表嵌套过深），无法读取") from None
