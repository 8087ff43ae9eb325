"""Usage errors in Chinese: govflow's own (:class:`UsageError`) and click's parser messages.

Click words its parser errors in English ("Missing argument 'START'."); the command line speaks
Chinese, so the common ones are put into Chinese here and any other is shown as click wrote it,
after a Chinese lead.
"""

from __future__ import annotations

import re
from functools import cache
from typing import ClassVar

import click

from govflow.errors import InputError
from govflow.text.inert import inert

__all__ = ["UsageError", "command_path", "usage_message"]


class UsageError(InputError):
    """An argument or option of a command is not what the command accepts (exit 2)."""

    label: ClassVar[str] = "用法有误"


_CLICK_PATTERNS = (
    (r"^Missing argument '(.+?)'\.?$", "缺少参数 {0}"),
    (r"^Missing option '(.+?)'\.?$", "缺少选项 {0}"),
    (
        r"^No such option:? '?([^'\s]+)'?\.?(?: Did you mean '?([^'?]+)'?\?)?$",
        "没有选项 {0}{1}",
    ),
    (r"^No such command '(.+?)'\.?$", "没有命令 {0}"),
    (r"^Option '(.+?)' requires an argument\.?$", "选项 {0} 需要一个值"),
    (r"^Option '(.+?)' requires (\d+) arguments\.?$", "选项 {0} 需要 {1} 个值"),
    (r"^Got unexpected extra arguments? \((.+)\)$", "多余的参数：{0}"),
    (r"^Invalid value for '(.+?)': (.+)$", "{0} 的值无效：{1}"),
)

_VALUE_PATTERNS = (
    (r"^'(.+?)' is not one of (.+)\.$", "{0} 不是可选的值之一（可选：{1}）"),
    (r"^'(.+?)' is not a valid integer( range)?\.$", "{0} 不是整数"),
    (r"^(.+?) is not in the range (.+?)\.$", "{0} 不在允许的范围（{1}）内"),
    (r"^(?:File|Path|Directory) '(.+?)' does not exist\.$", "{0} 不存在"),
    (r"^(?:File|Path) '(.+?)' is a directory\.$", "{0} 是目录，应为文件"),
    (r"^Directory '(.+?)' is a file\.$", "{0} 是文件，应为目录"),
)


@cache
def _compiled(table: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The patterns compiled on first use: an error is rare, every command starts."""
    return tuple((re.compile(pattern), template) for pattern, template in table)


def _translate(text: str, table: tuple[tuple[str, str], ...]) -> str | None:
    for pattern, template in _compiled(table):
        m = pattern.match(text)
        if m:
            groups = [g or "" for g in m.groups()]
            if template == "没有选项 {0}{1}" and groups[1]:
                groups[1] = f"（是否想用 {groups[1]}？）"
            return template.format(*groups)
    return None


def usage_message(exc: click.UsageError) -> str:
    """The Chinese message for a click usage error, and how to get the command's help."""
    text = exc.format_message().strip()
    chinese = _translate(text, _CLICK_PATTERNS)
    if chinese is not None and "的值无效：" in chinese:
        name, _, value = chinese.partition(" 的值无效：")
        name = name.replace("' / '", " / ")  # an option's long and short names: '--jobs' / '-j'
        chinese = f"{name} 的值无效：{_translate(value, _VALUE_PATTERNS) or value}"
    body = chinese or f"命令行参数有误（{text}）"
    return inert(f"错误：用法有误：{body}\n可用 {command_path(exc.ctx)} --help 查看用法。")


def command_path(ctx: click.Context | None) -> str:
    """``govflow`` and the subcommands of *ctx* (the program's own name, however it was run)."""
    if ctx is None:
        return "govflow"
    return " ".join(["govflow", *ctx.command_path.split()[1:]])
