"""Help screens in Chinese: the headings, the help option and the option notes click adds.

Click writes its help skeleton in English ("Usage:", "Options:", "Show this message and exit.",
"[default: 2023]"); the commands' own texts are Chinese, so the skeleton is put into Chinese
here.  :class:`ChineseGroup` is the ``govflow`` group's base; the commands it makes, and the
commands plugins add, are :class:`ChineseCommand` s.
"""

from __future__ import annotations

import re

import click

from govflow.cli.usage import command_path

__all__ = ["ChineseCommand", "ChineseGroup", "chinese_command"]

HELP_OPTION_TEXT = "显示本帮助并退出。"

_NOTE = re.compile(r"\[([^\[\]]*)\]$")


def _note(text: str) -> str:
    """The trailing ``[default: x; required]`` note of an option's help, in Chinese."""

    def part(piece: str) -> str:
        piece = piece.strip()
        if piece.startswith("default: "):
            return "默认：" + piece.removeprefix("default: ")
        if piece == "required":
            return "必填"
        if piece.startswith("env var: "):
            return "环境变量：" + piece.removeprefix("env var: ")
        return piece

    m = _NOTE.search(text)
    if m is None:
        return text
    return text[: m.start()] + "[" + "；".join(part(p) for p in m.group(1).split(";")) + "]"


def _format_usage(cmd: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    pieces = cmd.collect_usage_pieces(ctx)
    formatter.write_usage(command_path(ctx), " ".join(pieces), prefix="用法：")


def _format_options(cmd: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    rows = []
    for param in cmd.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None and not isinstance(param, click.Argument):
            rows.append((record[0], _note(record[1])))
    if rows:
        with formatter.section("选项"):
            formatter.write_dl(rows)


def _help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_OPTION_TEXT
    return option


class ChineseCommand(click.Command):
    """A command whose help screen speaks Chinese."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))


class ChineseGroup(click.Group):
    """A command group whose help screen speaks Chinese; its commands are ChineseCommands."""

    command_class = ChineseCommand

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_usage(self, ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def listed_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command whose help line the help screen shows for *cmd_name* (a subclass may
        give a stand-in that has the same help line, to spare importing the command)."""
        return self.get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.listed_command(ctx, name)
            if cmd is not None and not cmd.hidden:
                rows.append((name, cmd))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("命令"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option(super().get_help_option(ctx))


def chinese_command(command: click.Command) -> click.Command:
    """*command* with a Chinese help screen: a plain ``click.Command`` (as plugins make them)
    becomes a :class:`ChineseCommand`; any other class is left as its author made it."""
    if type(command) is click.Command:
        command.__class__ = ChineseCommand
    return command
