"""A progress bar on stderr for long reads, shown only when stderr is a terminal.

:func:`terminal_progress` gives the ``progress`` callback of
:func:`~govflow.compliance.check.run_check` (bytes read, total bytes), or ``None`` when stderr is
not a terminal: a pipe or a file gets nothing, so scripts and logs see the same output as before.
"""

from __future__ import annotations

import atexit
import sys
from collections.abc import Callable
from typing import Any

import click

__all__ = ["terminal_progress"]


def terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """A callback drawing a bar labelled *label* on stderr, finished when done reaches the
    total; ``None`` when stderr is not a terminal."""
    stream = sys.stderr
    if not stream.isatty():
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        bar = state.get("bar")
        if bar is None:
            if "finished" in state:
                return
            bar = state["bar"] = click.progressbar(
                length=max(total, 1), label=label, file=stream, show_eta=False, width=30
            )
            bar.__enter__()
            atexit.register(_unfinished, state)  # an error stops the read: end the bar's line
        step = min(done, total) - bar.pos
        if step > 0:
            bar.update(step)
        if done >= total:  # the last file read: the bar ends its line before what follows
            bar.__exit__(None, None, None)
            del state["bar"]
            state["finished"] = True

    return update


def _unfinished(state: dict[str, Any]) -> None:
    bar = state.pop("bar", None)
    if bar is not None:
        bar.render_finish()  # shows the cursor again and ends the line
