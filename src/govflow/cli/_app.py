"""The ``govflow`` command group, its options and its error handling.

Exit codes: 0 done; 1 findings (violations, rejected rows); 2 bad input (the message names what
was wrong and what is accepted); 3 the holiday arrangement of a year the answer needs has not
been published.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from govflow.calendar.notices import load_notice
from govflow.calendar.workcalendar import WorkCalendar, set_default_calendar
from govflow.cli.help import ChineseGroup, chinese_command
from govflow.cli.usage import UsageError, command_path, usage_message
from govflow.errors import EXIT_BAD_INPUT, EXIT_NOT_PUBLISHED, GovflowError
from govflow.text.dates import parse_iso_date
from govflow.text.files import file_kind
from govflow.text.inert import inert, json_inert
from govflow.text.messages import os_reason

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NOT_PUBLISHED",
    "date_arg",
    "echo",
    "fail",
    "json_text",
    "main",
    "notice_files",
    "work_calendar",
]


class _Group(ChineseGroup):
    """Adds plugins' commands and turns library errors into the documented exit codes."""

    _plugins_loaded = False

    def _load_plugin_commands(self) -> None:
        if not self._plugins_loaded:
            self._plugins_loaded = True
            from govflow.plugins.manager import registry

            try:
                reg = registry()
            except GovflowError as exc:  # listing the commands (--help) loads the plugins
                click.echo(inert(exc.describe()), err=True)
                raise click.exceptions.Exit(exc.exit_code) from None
            reg.add_cli_commands(self)
            for command in self.commands.values():  # plugins' commands: Chinese help too
                chinese_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None:
            self._load_plugin_commands()
            found = super().get_command(ctx, cmd_name)
        return found

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:  # the group's own options (govflow --bogus)
            click.echo(usage_message(exc), err=True)
            raise click.exceptions.Exit(EXIT_BAD_INPUT) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except GovflowError as exc:  # the one family: a Chinese message and its exit code
            # messages quote what the user gave (values, headers, names): shown inert
            click.echo(inert(exc.describe()), err=True)
            if exc.hint:
                click.echo(inert(exc.hint), err=True)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # a subcommand's arguments, as click's parser saw them
            click.echo(usage_message(exc), err=True)
            ctx.exit(EXIT_BAD_INPUT)


def echo(text: str = "", *, err: bool = False) -> None:
    """Print plain text: what it quotes from plans, records and notices is shown inert."""
    click.echo(inert(text), err=err)


def json_text(value: Any, **options: Any) -> str:
    """:func:`json.dumps` of *value*, inert on a terminal (the same JSON value)."""
    import json

    return json_inert(json.dumps(value, **options))


def fail(message: str) -> NoReturn:
    """Bad usage: exit 2 with *message* (Chinese) and where to find the command's help."""
    ctx = click.get_current_context(silent=True)
    error = UsageError(message)
    error.hint = f"可用 {command_path(ctx)} --help 查看用法。"
    raise error


RECORDS_HELP = (
    "记录文件（CSV、JSON Lines、Excel 电子表格 .xlsx/.xls 或 Parquet）或目录（读取其中的 .csv、"
    ".jsonl、.xlsx、.xls、.parquet），可多次使用；可写作 KIND=PATH 指定记录类别。"
)

_RECORD_SUFFIXES = (
    ".csv",
    ".jsonl",
    ".ndjson",
    ".xlsx",
    ".xlsm",
    ".xlsb",
    ".xls",
    ".ods",
    ".parquet",
    ".pq",
)


F = TypeVar("F", bound=Callable[..., Any])


def table_options(command: F) -> F:
    """``--columns``, ``--site`` and ``--sheet``: how record tables are read."""
    command = click.option(
        "--sheet",
        metavar="NAME",
        help="电子表格只读取该名称的工作表（默认读取每个有记录的工作表）。",
    )(command)
    command = click.option(
        "--site",
        metavar="NAME",
        help="发布记录没有网站列（或该列为空）时，以此为网站或账号名称（单一网站导出的记录）。",
    )(command)
    return click.option(
        "--columns",
        metavar="MAP.toml",
        type=click.Path(dir_okay=False),
        help='列名对照表（TOML）：按记录类别写明字段对应表头，如 [application] id = "受理编号"；'
        "格式见 docs/records.md。",
    )(command)


def load_columns(path: str | None, kinds: Any) -> Any:
    """The column map of ``--columns``, checked against the record kinds (exit 2 if bad)."""
    if path is None:
        return None
    from govflow.compliance.colmap import load_column_map

    return load_column_map(path, kinds)


def record_files(specs: Sequence[str], kinds: Any) -> tuple[list[str], dict[str, str]]:
    """The files behind ``--records`` values, and the kinds given as ``KIND=PATH``.

    A directory stands for its record files (.csv, .jsonl, .ndjson, spreadsheets, Parquet), sorted by
    name, without the lock files Excel leaves beside an open workbook (``~$name.xlsx``); a
    value naming nothing is bad usage.
    """

    files: list[str] = []
    kind_of: dict[str, str] = {}
    seen: set[Path] = set()

    def add(path: str) -> None:  # a file named twice (by itself and by its folder) is read once
        resolved = Path(path).resolve()
        if resolved not in seen:
            seen.add(resolved)
            files.append(path)

    for spec in specs:
        kind, sep, rest = spec.partition("=")
        path = rest if sep and kind in kinds else spec
        p = Path(path)
        if p.is_dir():
            entries = sorted(
                f
                for f in p.iterdir()
                if f.suffix.lower() in _RECORD_SUFFIXES and not f.name.startswith("~$")
            )
            for entry in entries:  # nothing named like a record file is skipped silently
                problem = _not_a_record_file(entry)
                if problem:
                    fail(f"--records {path}：{entry.name} {problem}；请修正或移出该目录")
            found = [str(entry) for entry in entries]
            if not found:
                fail(
                    f"--records {path}：目录中没有 .csv、.jsonl 或 .parquet 文件，"
                    "也没有 .xlsx、.xls 电子表格"
                )
            if sep and kind in kinds:  # KIND=DIR: every file in it is of that kind
                kind_of.update(dict.fromkeys(found, kind))
            for f in found:
                add(f)
            continue
        problem = _not_a_record_file(p)
        if problem:
            fail(f"--records {path}：{problem}")
        if sep and kind in kinds:
            kind_of[path] = kind
        add(path)
    return files, kind_of


def _not_a_record_file(p: Path) -> str:
    """Why *p* cannot be read as a records file, in Chinese; ``""`` if it can be opened."""
    import os
    import stat

    try:
        st = p.stat()
    except FileNotFoundError:
        if p.is_symlink():
            return f"是失效的符号链接（指向 {os.readlink(p)}，该文件不存在）"
        return "没有这个文件或目录"
    except OSError as exc:
        return f"无法读取：{os_reason(exc)}"
    if not stat.S_ISREG(st.st_mode):
        return f"不是普通文件（{file_kind(st.st_mode)}），记录文件须为普通文件（可先另存为文件）"
    if not os.access(p, os.R_OK):
        return "无法读取：没有读取权限"
    return ""


def date_arg(value: str, name: str) -> date:
    try:
        return parse_iso_date(value, field=name)
    except ValueError as exc:
        fail(str(exc))


_NOTICE_FILES: list[str] = []
_CALENDAR: list[WorkCalendar] = []


def notice_files() -> list[str]:
    """The ``--notice`` files of this run (inputs of every command)."""
    return list(_NOTICE_FILES)


def work_calendar() -> WorkCalendar:
    """The calendar of every installed plugin's notices plus the ``--notice`` files.

    Also becomes the process's default calendar, so library calls agree with the command.
    """
    if not _CALENDAR:
        from govflow.plugins.manager import registry

        cal = registry().calendar()
        if _NOTICE_FILES:
            cal = cal.with_notices(*(load_notice(p) for p in _NOTICE_FILES))
        set_default_calendar(cal)
        _CALENDAR.append(cal)
    return _CALENDAR[0]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    package_name="govflow", message="govflow %(version)s", help="显示版本号并退出。"
)
@click.option(
    "--notice",
    "notices",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="载入节假日安排通知文件（.toml 或 .json），可多次使用。",
)
def main(notices: Sequence[str]) -> None:
    """govflow：政务公开工作方案的可执行规则（工作日日历、法定期限、任务与日程）。"""
    if os.environ.get("GOVFLOW_LOAD_PLUGINS"):  # a typo must not silently drop rules
        from govflow.plugins.manager import check_load_plugins

        check_load_plugins()
    _NOTICE_FILES[:] = list(notices)
    _CALENDAR.clear()
    for path in notices:  # validate early: a bad file is bad input whatever the command
        load_notice(path)
