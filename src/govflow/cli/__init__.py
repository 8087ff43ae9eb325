"""The ``govflow`` command line.  Output speaks Chinese; ``--json`` and friends are for scripts.

Commands: ``due`` and ``calendar`` (:mod:`govflow.cli.calendar_cmds`), ``agenda``, ``tasks``,
``units`` and ``plugins`` (:mod:`govflow.cli.plan_cmds`), ``check`` (:mod:`govflow.cli.check_cmds`),
``report`` (:mod:`govflow.cli.report_cmd`), ``annual-report`` (:mod:`govflow.cli.annual_cmd`), ``import`` (:mod:`govflow.cli.import_cmd`) and
``new-plugin`` (:mod:`govflow.cli.new_plugin_cmd`); plugins add theirs through the
``govflow_cli_commands`` hook.  docs/cli.md lists them all with their exit codes.

A command's module is imported when the command is run (:mod:`govflow.cli.catalog` lists them),
so that ``govflow --help`` and ``govflow due`` start fast; the submodules named below are
imported on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from govflow.cli._app import (
    EXIT_BAD_INPUT,
    EXIT_NOT_PUBLISHED,
    date_arg,
    fail,
    main,
    run,
    work_calendar,
)

if TYPE_CHECKING:
    from govflow.cli import calendar_cmds, check_cmds, plan_cmds
    from govflow.cli.output import write_output

#: ``fail``, ``date_arg``, ``work_calendar`` and ``write_output`` are for plugins' commands
#: (``govflow_cli_commands``): bad usage in Chinese with exit 2, dates from options, the calendar
#: of every installed notice, and the one atomic way to write ``-o`` files.
__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_NOT_PUBLISHED",
    "calendar_cmds",
    "check_cmds",
    "date_arg",
    "fail",
    "main",
    "plan_cmds",
    "run",
    "work_calendar",
    "write_output",
]

_SUBMODULES = frozenset({"calendar_cmds", "check_cmds", "plan_cmds"})


def __getattr__(name: str) -> object:
    from importlib import import_module

    if name in _SUBMODULES:
        return import_module(f"{__name__}.{name}")
    if name == "write_output":
        value = import_module("govflow.cli.output").write_output
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
