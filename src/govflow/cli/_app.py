"""The ``govflow`` command group, its options and its error handling.

Exit codes: 0 done; 1 findings (violations, rejected rows); 2 bad input (the message names what
was wrong and what is accepted); 3 the holiday arrangement of a year the answer needs has not
been published.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from govflow.cli.catalog import BUILTIN_COMMANDS
from govflow.cli.help import ChineseGroup, chinese_command
from govflow.cli.usage import UsageError, command_path, usage_message
from govflow.errors import EXIT_BAD_INPUT, EXIT_NOT_PUBLISHED, GovflowError
from govflow.text.dates import parse_iso_date
from govflow.text.inert import inert, json_inert

if TYPE_CHECKING:
    from pathlib import Path

    from govflow.calendar.workcalendar import WorkCalendar
    from govflow.plugins.manager import Registry

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NOT_PUBLISHED",
    "date_arg",
    "echo",
    "fail",
    "json_text",
    "main",
    "notice_files",
    "run",
    "settle",
    "settling",
    "work_calendar",
]


class _Group(ChineseGroup):
    """Imports a command's module when the command is needed, adds plugins' commands, and turns
    library errors into the documented exit codes.

    The built-in commands are known by name and help line (:mod:`govflow.cli.catalog`), the
    plugins' commands from the plugin cache (:mod:`govflow.plugins.cache`): ``govflow --help``
    lists them all without importing a command module or a plugin.  The plugins are loaded when
    a command not built in is run, or when the cache cannot tell.
    """

    _plugins_loaded = False

    def _load_plugin_commands(self) -> None:
        if not self._plugins_loaded:
            self._plugins_loaded = True
            try:
                added = plugin_registry().cli_commands([*BUILTIN_COMMANDS, *self.commands])
            except GovflowError as exc:  # listing the commands (--help) loads the plugins
                click.echo(inert(exc.describe()), err=True)
                raise click.exceptions.Exit(exc.exit_code) from None
            for _, name, command in added:  # plugins' commands: Chinese help too
                self.add_command(chinese_command(command), name)

    def _cached_plugin_commands(self) -> dict[str, click.Command] | None:
        """Stand-ins for the plugins' commands, made from the plugin cache, for listing them;
        ``None`` when the cache cannot tell (or the plugins are loaded: they are the truth)."""
        from govflow.plugins.cache import cached_plugins, registry_loaded

        if registry_loaded():
            return None
        cached = cached_plugins()
        if cached is None:
            return None
        out: dict[str, click.Command] = {}
        for c in cached.commands:
            name = c["name"]
            if name in out or name in BUILTIN_COMMANDS or name in self.commands:
                return None  # a clash: loading the plugins reports it
            out[name] = click.Command(
                name,
                help=c["help"],
                short_help=c["short_help"],
                hidden=c["hidden"],
                deprecated=c["deprecated"],
            )
        return out

    def _listed(self) -> dict[str, click.Command | None]:
        """Every command's name, with the command when it is loaded (else ``None``)."""
        listed: dict[str, click.Command | None] = dict.fromkeys(BUILTIN_COMMANDS)
        if not self._plugins_loaded:
            stand_ins = self._cached_plugin_commands()
            if stand_ins is None:
                self._load_plugin_commands()
            else:
                listed.update(stand_ins)
        listed.update(self.commands)
        return listed

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._listed())

    def listed_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """What ``--help`` shows for *cmd_name*: the command, or a stand-in with its help line
        (a built-in command not yet imported, a plugin's command known from the cache)."""
        found = self.commands.get(cmd_name)
        if found is not None:
            return found
        builtin = BUILTIN_COMMANDS.get(cmd_name)
        if builtin is not None:
            return click.Command(cmd_name, help=builtin.help)
        stand_ins = None if self._plugins_loaded else self._cached_plugin_commands()
        if stand_ins is not None and cmd_name in stand_ins:
            return stand_ins[cmd_name]
        return self.get_command(ctx, cmd_name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = self.commands.get(cmd_name)
        builtin = BUILTIN_COMMANDS.get(cmd_name)
        if builtin is not None and (found is None or len(builtin.modules) > 1):
            # a group whose subcommands live in several modules: one of them imported on its
            # own (by a library user) registers the group without the others
            from importlib import import_module

            modules = [import_module(m) for m in builtin.modules]  # importing registers them
            found = self.commands.get(cmd_name)
            if found is None:  # imported before, its registration lost (a test's copy of the table)
                found = next(
                    (
                        value
                        for module in modules
                        for value in vars(module).values()
                        if isinstance(value, click.Command) and value.name == cmd_name
                    ),
                    None,
                )
                if found is not None:
                    self.add_command(found)
        if found is None:
            self._load_plugin_commands()
            found = self.commands.get(cmd_name)
        return found

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if command is None or command.callback not in _SETTLING:
            _resume_collector()  # the command's own work: collected as usual
        return name, command, rest

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

    from pathlib import Path

    from govflow.compliance.suffixes import RECORD_SUFFIXES

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
                if f.suffix.lower() in RECORD_SUFFIXES and not f.name.startswith("~$")
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

    from govflow.text.files import file_kind
    from govflow.text.messages import os_reason

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

ALLOCATOR_VARIABLE, ALLOCATOR_SETTING = "_RJEM_MALLOC_CONF", "narenas:1"
"""Polars' allocator (jemalloc) gives threads arenas of their own, so the memory its streaming
threads free is not reused when the main thread works on their results: with one arena a
million-row check peaks 60-70 MiB lower in the same time (docs/performance.md#allocator).
Set for a ``govflow`` process before Polars is imported; a value already in the environment
(even empty: jemalloc's defaults) is kept."""


def notice_files() -> list[str]:
    """The ``--notice`` files of this run (inputs of every command)."""
    return list(_NOTICE_FILES)


def plugin_registry() -> Registry:
    """The plugin registry (plugins loaded on first use); when this process loads the plugins,
    what they contribute is written to the plugin cache for the next run."""
    from govflow.plugins.cache import remember
    from govflow.plugins.manager import loaded, registry

    fresh = not loaded()
    reg = registry()
    if fresh:
        remember(reg)
    return reg


def settle() -> None:
    """The command has loaded what it keeps to its end (modules, plugins, plan, calendar): in the
    ``govflow`` program (:func:`run`), that is set out of the cycle collector's way, so that its
    full collections walk only what the work makes, and the collector, paused while the program
    loaded (:mod:`govflow.__main__`), resumes (docs/performance.md#gc)."""
    if _OWN_PROCESS:
        gc.freeze()
    _resume_collector()


def settling(callback: F) -> F:
    """Mark a command's function as calling :func:`settle` once it has loaded what it keeps:
    the collector the program paused while loading resumes there, not as the command starts.
    Put it next to the function, under the ``click`` decorators."""
    _SETTLING.add(callback)
    return callback


def _resume_collector() -> None:
    if _PAUSED:
        _PAUSED.clear()
        gc.enable()


def _plugin_free_calendar() -> WorkCalendar | None:
    """The calendar built without loading the plugins, when the plugin cache says no enabled
    plugin contributes notices or adjustments: the same calendar :meth:`Registry.calendar`
    builds then.  ``None`` when the plugins are needed, loaded already, or the cache cannot tell.
    """
    from govflow.plugins.cache import CALENDAR_HOOKS, cached_plugins, registry_loaded

    if registry_loaded():
        return None
    cached = cached_plugins()
    if cached is None or cached.hooks & CALENDAR_HOOKS:
        return None
    from govflow.calendar.notices import builtin_notices
    from govflow.calendar.store import installed_notices
    from govflow.calendar.workcalendar import WorkCalendar

    return WorkCalendar([*builtin_notices(), *installed_notices()], adjustments=[])


def work_calendar() -> WorkCalendar:
    """The calendar of every installed plugin's notices plus the ``--notice`` files.

    Also becomes the process's default calendar, so library calls agree with the command.
    """
    if not _CALENDAR:
        from govflow.calendar.notices import load_notice
        from govflow.calendar.workcalendar import set_default_calendar

        cal = _plugin_free_calendar()
        if cal is None:
            cal = plugin_registry().calendar()
        if _NOTICE_FILES:
            cal = cal.with_notices(*(load_notice(p) for p in _NOTICE_FILES))
        set_default_calendar(cal)
        _CALENDAR.append(cal)
    return _CALENDAR[0]


_OWN_PROCESS: list[bool] = []
"""Not empty when the command line runs as the ``govflow`` program (:func:`run`), not inside
another program (a test's runner, a script calling :data:`main`)."""
_PAUSED: list[bool] = []
"""Not empty while the cycle collector the program paused is to be resumed."""
_SETTLING: set[Callable[..., Any]] = set()
"""The functions of the commands that resume the collector as they settle (:func:`settling`)."""


def run(*, collector_paused: bool = False) -> None:
    """The ``govflow`` program: :data:`main` in a process of its own (:func:`settle`).
    *collector_paused*: the program paused the cycle collector (:mod:`govflow.__main__`), to be
    resumed as the command starts or settles."""
    _OWN_PROCESS.append(True)
    if collector_paused:
        _PAUSED.append(True)
    main(prog_name="govflow")  # so named in usage lines when run as ``python -m govflow`` too


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
    os.environ.setdefault(ALLOCATOR_VARIABLE, ALLOCATOR_SETTING)
    if os.environ.get("GOVFLOW_LOAD_PLUGINS"):  # a typo must not silently drop rules
        from govflow.plugins.manager import check_load_plugins

        check_load_plugins()
    _NOTICE_FILES[:] = list(notices)
    _CALENDAR.clear()
    if notices:  # validate early: a bad file is bad input whatever the command
        from govflow.calendar.notices import load_notice

        for path in notices:
            load_notice(path)
