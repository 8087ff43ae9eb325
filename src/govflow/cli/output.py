"""The one way commands write ``-o/--output``: atomically, and never onto an input.

:func:`write_output` writes to a temporary file in the target's folder and moves it into place
with :func:`os.replace`, so a reader never sees half a file and a failed write leaves the old
file as it was.  It refuses, with exit 2, to write onto one of the command's input files (a
records file, the plan and its unit directory file, a ``--notice`` file, the document being
imported): ``-o 发布信息.csv`` would destroy data.  :func:`refuse_inputs` makes the same check
before a command does its work, and :func:`refuse_unnamed` refuses to replace a file the user did
not name (a side file such as ``plan.units.toml``) unless ``--force`` is given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from govflow.errors import InputError

__all__ = [
    "OutputError",
    "plan_files",
    "refuse_inputs",
    "refuse_unnamed",
    "write_output",
    "write_reason",
]

_WRITE_REASONS = {
    errno.ENOENT: "所在目录不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EISDIR: "这是一个目录，应为文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统只读",
    errno.EDQUOT: "超出磁盘配额",
}


def write_reason(exc: OSError) -> str:
    """Why *exc* stopped writing a file, in Chinese (the system's words for a rare case)."""
    reason = _WRITE_REASONS.get(exc.errno) if exc.errno is not None else None
    return reason if reason is not None else f"系统错误（{exc.strerror or exc}）"


class OutputError(InputError):
    """The output cannot be written where asked (exit 2)."""

    label = "无法写入输出文件"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): compare the paths
        return a.resolve() == b.resolve()


def _notice_files() -> list[str]:
    from govflow.cli._app import notice_files  # the --notice files: inputs of every command

    return notice_files()


def plan_files(plan_ref: str | None) -> list[Path]:
    """The files of a plan given by path: the plan file and the unit directory and villages
    files its ``units`` and ``villages`` keys name (inputs that ``-o`` must not overwrite)."""
    if not plan_ref or not Path(plan_ref).is_file():
        return []
    plan = Path(plan_ref)
    found = [plan]
    try:
        import tomllib

        with plan.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, ValueError):  # the plan loader says what is wrong with it
        return found
    for key in ("units", "villages"):
        ref = data.get(key)
        if isinstance(ref, str) and ref:
            path = Path(ref) if Path(ref).is_absolute() else plan.parent / ref
            if path.is_file():
                found.append(path)
    return found


def refuse_inputs(
    path: str | os.PathLike[str],
    inputs: Iterable[str | os.PathLike[str]] = (),
    *,
    option: str = "--output",
) -> None:
    """:class:`OutputError` when *path* is one of *inputs* (or a ``--notice`` file) or a
    folder: the check :func:`write_output` makes, for a command to make before its work."""
    target = Path(path)
    for source in [*inputs, *_notice_files()]:
        if _same_file(target, Path(source)):
            raise OutputError(
                f"{option} {target} 是本命令的输入文件，写入会覆盖它；请换一个输出文件名"
            )
    if target.is_dir():
        raise OutputError(f"{option} {target} 是一个目录，应为文件")


def refuse_unnamed(paths: Iterable[str | os.PathLike[str]], *, force: bool) -> None:
    """:class:`OutputError` when one of *paths* (files a command writes that the user did not
    name) exists and *force* is not given: the message names the files and ``--force``."""
    if force:
        return
    existing = [str(p) for p in paths if os.path.lexists(p)]
    if existing:
        raise OutputError(
            f"{'、'.join(existing)} 已存在，本命令会替换它，但命令行没有指定这个文件；"
            "确认要替换时请加 --force"
        )


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

    *inputs* are the command's input files; writing onto one of them (or onto a ``--notice``
    file) is refused.  *newline* adds a final line break to text that lacks one.
    :class:`OutputError` (exit 2) when refused or when the file cannot be written.
    """
    if isinstance(data, str):
        if newline and not data.endswith("\n"):
            data += "\n"
        data = data.encode("utf-8")
    with atomic_output(path, inputs=inputs, option=option) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str],
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    option: str = "--output",
) -> Iterator[BinaryIO]:
    """A binary file to write *path* through, piece by piece: it replaces *path* only when the
    block ends without an exception, so a reader never sees half a file and a failed run leaves
    the old one.  Refusals and errors as :func:`write_output`."""
    target = Path(path)
    refuse_inputs(target, inputs, option=option)
    folder = target.parent if str(target.parent) else Path(".")
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, _mode_for(target))
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise OutputError(f"{option} {target}：{write_reason(exc)}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_layered_json(
    value: Any, output: str | None, *, inputs: Iterable[str | os.PathLike[str]] = (), depth: int = 2
) -> None:
    """A result as JSON with its sections indented and each finding, row or rule on one line
    (:func:`~govflow.text.jsonlayout.layered_json`), inert on a terminal, to *output*
    (atomically) or to standard output.  Written as it is encoded, a megabyte at a time: a
    generator in *value* (``CheckResult.to_dict(lazy=True)``) is never all in memory."""
    import click

    from govflow.text.inert import json_inert
    from govflow.text.jsonlayout import RawJSON, layered_json_pieces

    def chunks() -> Iterator[bytes]:
        batch: list[str] = []
        size = 0
        for piece in layered_json_pieces(value, depth=depth):
            if isinstance(piece, bytes):  # findings' lines encoded already, inert
                if batch:
                    yield "".join(batch).encode()
                yield piece
                batch, size = [], 0
                continue
            # a finding's text comes inert already (FindingJson): not scanned twice
            batch.append(piece if isinstance(piece, RawJSON) else json_inert(piece))
            size += len(piece)
            if size >= 1 << 20:
                yield "".join(batch).encode()
                batch, size = [], 0
        yield ("".join(batch) + "\n").encode()

    if output:
        with atomic_output(output, inputs=inputs) as out:
            out.writelines(chunks())
    else:
        for chunk in chunks():
            click.echo(chunk, nl=False)
