"""MkDocs hooks: tables rendered from govflow's own data at build time, so they cannot drift.

A page asks for a table with an HTML comment on a line of its own:

* ``<!-- govflow:sources -->``: the citation registry (``govflow.sources.SOURCES``);
* ``<!-- govflow:provenance -->``: the built-in notices, one row per year, with their documents;
* ``<!-- govflow:hooks -->``: every hookspec of ``govflow.hookspecs``, its arguments, what it returns
  and the first line of its docstring, linked to its section of the page.

Loaded by ``mkdocs.yml`` (``hooks:``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

PLACEHOLDER = re.compile(r"^<!-- govflow:([a-z-]+) -->$", re.MULTILINE)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") if text else "—"


def _sources_table() -> str:
    from govflow.sources import SOURCES

    rows = [
        "| id | 出处 | 原文摘录（或规则） | 等级 | 说明 |",
        "|---|---|---|---|---|",
    ]
    for s in SOURCES.values():
        quote = f"「{s.quote}」" if s.quote else ""
        rows.append(
            f"| `{s.id}` | {_cell(s.title)} | {_cell(quote)} | {s.grade} | {_cell(s.note)} |"
        )
    return "\n".join(rows)


def _provenance_table() -> str:
    from govflow.notices import builtin_notices

    rows = [
        "| 年份 | 文号 | 发布日期 | 通知文本地址 | 补充或调整通知 | 核实 |",
        "|---|---|---|---|---|---|",
    ]
    for n in builtin_notices():
        ref = n.ref
        number = ref.number or "（文号未核实）"
        when = ref.date.isoformat() if ref.date else "（日期未核实）"
        amendments = "；".join(
            f"{a.number}（{a.date.isoformat() if a.date else '日期未核实'}）"
            f"[{a.title}]({a.address})"
            for a in n.amendments
        )
        checked = "已核实" if ref.verified and ref.number and ref.date else "**未核实**"
        rows.append(
            f"| {n.year} | {_cell(number)} | {when} | <{ref.address}> | "
            f"{_cell(amendments)} | {checked} |"
        )
    return "\n".join(rows)


def _hooks_table() -> str:
    import inspect

    from govflow import hookspecs

    marker = f"{hookspecs.PROJECT_NAME}_spec"
    rows = ["| 钩子 | 参数 | 返回 | 说明 |", "|---|---|---|---|"]
    for name, fn in vars(hookspecs).items():
        if not (callable(fn) and hasattr(fn, marker)):
            continue
        notes = dict(fn.__annotations__)
        returns = notes.pop("return", "None")
        args = ", ".join(f"`{arg}: {kind}`" for arg, kind in notes.items()) or "—"
        doc = (inspect.getdoc(fn) or "").split("\n")[0]
        # a code span keeps "\\|" literally: the return type is plain text, its pipe escaped
        rows.append(f"| [`{name}`](#{name}) | {args} | {_cell(str(returns))} | {_cell(doc)} |")
    return "\n".join(rows)


TABLES: dict[str, Callable[[], str]] = {
    "sources": _sources_table,
    "provenance": _provenance_table,
    "hooks": _hooks_table,
}


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace each ``<!-- govflow:NAME -->`` line with the generated table."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in TABLES:
            raise KeyError(f"unknown govflow table {name!r}; known: {', '.join(TABLES)}")
        return TABLES[name]()

    return PLACEHOLDER.sub(replace, markdown)
