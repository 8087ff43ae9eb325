"""``--villages FILE``: the villages of each township, for the commands that evaluate
per-village duties (``check``, ``report``, ``agenda``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

__all__ = ["VILLAGES_HELP", "plan_with_villages", "villages_option"]

F = TypeVar("F", bound=Callable[..., Any])

VILLAGES_HELP = (
    "村名录文件（.toml 或 .csv，乡镇 → 行政村）：按村计的义务（如村务公开）逐村评估；"
    "不给出且方案也未列出时，按乡镇合并为一行并加以说明。格式见文档“方案文件”一章。"
)


def villages_option(f: F) -> F:
    """The ``--villages`` option (its value is the parameter ``villages``)."""
    return click.option(
        "--villages",
        "villages",
        metavar="FILE",
        default=None,
        help=VILLAGES_HELP,
    )(f)


def plan_with_villages(plan: Any, villages: str | None) -> Any:
    """*plan* with the villages of the file *villages* (unchanged when ``None``)."""
    if villages is None:
        return plan
    from govflow.plan.villages import with_villages

    return with_villages(plan, villages)
