"""The ``govflow`` command line.  Output speaks Chinese; ``--json`` and friends are for scripts.

Commands: ``due`` and ``calendar`` (:mod:`govflow.cli.calendar_cmds`), ``agenda``, ``tasks``,
``units`` and ``plugins`` (:mod:`govflow.cli.plan_cmds`), ``check`` (:mod:`govflow.cli.check_cmds`),
``report`` (:mod:`govflow.cli.report_cmd`), ``annual-report`` (:mod:`govflow.cli.annual_cmd`), ``import`` (:mod:`govflow.cli.import_cmd`) and
``new-plugin`` (:mod:`govflow.cli.new_plugin_cmd`); plugins add theirs through the
``govflow_cli_commands`` hook.  docs/cli.md lists them all with their exit codes.
"""

from govflow.cli import (  # noqa: F401 - importing registers the commands
    annual_cmd,
    calendar_cmds,
    check_cmds,
    import_cmd,
    new_plugin_cmd,
    notices_cmds,
    notices_diff_cmd,
    notices_import_cmd,
    notices_store_cmd,
    plan_cmds,
    report_cmd,
)
from govflow.cli._app import (
    EXIT_BAD_INPUT,
    EXIT_NOT_PUBLISHED,
    date_arg,
    fail,
    main,
    work_calendar,
)
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
    "work_calendar",
    "write_output",
]
