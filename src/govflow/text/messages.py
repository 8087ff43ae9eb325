"""Shared wording of Chinese messages: why a file could not be read.

The operating system's own reason (``OSError.strerror``) is English; the common cases are said
in Chinese, any other keeps the system's words after a Chinese lead.
"""

from __future__ import annotations

import errno

__all__ = ["os_reason"]

_REASONS = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """Why *exc* stopped reading a file, in Chinese.

    >>> os_reason(FileNotFoundError(2, "No such file or directory"))
    '文件不存在'
    """
    reason = _REASONS.get(exc.errno) if exc.errno is not None else None
    if reason is not None:
        return reason
    return f"系统错误（{exc.strerror or exc}）"
