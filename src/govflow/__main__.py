"""The ``govflow`` program: the console script's entry point, and ``python -m govflow``.

Loading a command (click and the command's module; for ``check`` and ``report`` the plugins, the
plan and the calendar as well) makes a few hundred thousand objects that live to the end of the
process and almost no garbage, yet the cycle collector walks them again and again as they come.
So the program pauses the collector while it loads: it resumes as the command starts, or, for a
command that says it settles (:func:`govflow.cli._app.settling`), once the command has loaded
what it keeps (:func:`~govflow.cli._app.settle`).  See docs/performance.md#gc.
"""

from __future__ import annotations

import gc


def run() -> None:
    """Run the command line as the ``govflow`` program, the collector paused while it loads."""
    gc.disable()
    from govflow.cli._app import run as program  # imported paused: importing is loading too

    program(collector_paused=True)


if __name__ == "__main__":
    run()
