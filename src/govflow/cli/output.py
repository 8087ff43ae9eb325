"""The one way commands write ``-o/--output``: atomically, and never onto an input.

:func:`write_output` writes to a temporary file in the target's folder and moves it into place
with :func:`os.replace`, so a reader never sees half a file and a failed write leaves the old
file as it was.  It refuses, with exit 2, to write onto one of the command's input files (a
records file, the plan, the document being imported): ``-o 发布信息.csv`` would destroy data.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from govflow.errors import InputError

__all__ = ["OutputError", "write_output"]


class OutputError(InputError):
    """The output cannot be written where asked (exit 2)."""

    label = "无法写入输出文件"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare the paths
        return a.resolve() == b.resolve()


def _mode_for(target: Path) -> int:
    """The mode the file would get if opened for writing: the old file's, else 0666 & ~umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(
    data: str | bytes,
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    option: str = "--output",
    newline: bool = False,
) -> None:
    """Write *data* (text as UTF-8) to *path* atomically.

    *inputs* are the command's input files; writing onto one of them is refused.  *newline*
    adds a final line break to text that lacks one.  :class:`OutputError` (exit 2) when refused
    or when the file cannot be written.
    """
    target = Path(path)
    for source in inputs:
        if _same_file(target, Path(source)):
            raise OutputError(
                f"{option} {target} 是本命令的输入文件，写入会覆盖它；请换一个输出文件名"
            )
    if target.is_dir():
        raise OutputError(f"{option} {target} 是一个目录，应为文件")
    if isinstance(data, str):
        if newline and not data.endswith("\n"):
            data += "\n"
        data = data.encode("utf-8")
    folder = target.parent if str(target.parent) else Path(".")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{option} {target}：{exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
