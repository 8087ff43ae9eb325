"""``govflow notices add|list|remove``: notices installed once for every later command.

The store itself is :mod:`govflow.calendar.store` (``$GOVFLOW_NOTICES_DIR`` or the user data
directory); every command's calendar (:func:`govflow.cli._app.work_calendar`, through the plugin
registry) and ``import govflow`` users' default calendar include what is installed there.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import click

from govflow.calendar.notices import Notice
from govflow.calendar.store import install_notice, notices_dir, remove_notice, store_entries
from govflow.cli._app import echo, json_text, work_calendar
from govflow.cli.notices_cmds import notices
from govflow.cli.notices_import_cmd import notice_file_text, notice_from_text

__all__ = ["notices_add", "notices_list", "notices_remove"]


@notices.command("add")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--replace",
    is_flag=True,
    help="以此文件替代 govflow 内置的同一年份通知（默认拒绝）。",
)
@click.option("--number", help="文号：FILE 是没有文号的通知原文（如新华社电稿）时给出。")
@click.option("--address", help="通知原文的网址：FILE 是通知原文时可给出。")
def notices_add(file: str, replace: bool, number: str | None, address: str | None) -> None:
    """安装节假日安排通知，供以后的所有命令使用：通知文件（.toml 或 .json），或通知原文
    （其他扩展名的文本文件，按 govflow notices import 读取）。原文是年中的调整通知时，
    并入当年的通知后安装（内置年份亦然，无须 --replace）。

    先校验，有误则不安装（退出码 2）；同一年份已安装的通知被替换。
    安装位置为用户数据目录下的 notices 目录，可用环境变量 GOVFLOW_NOTICES_DIR 另行指定。
    """
    before = {e.notice.year for e in _entries_or_empty()}
    if Path(file).suffix.lower() in (".toml", ".json"):
        entry = install_notice(file, replace=replace)
    else:  # the notice's text: read as `notices import` reads it, installed as its TOML
        notice, amendment = notice_from_text(file, number=number, address=address)
        with tempfile.TemporaryDirectory() as folder:
            made = Path(folder) / f"{notice.year}.toml"
            made.write_text(notice_file_text(notice, file), encoding="utf-8")
            # an amendment amends the year's notice, built in or not
            entry = install_notice(made, replace=replace or amendment is not None)
        if amendment is not None:
            days = "、".join(d.isoformat() for d in entry.notice.amendments[-1].days)
            echo(f"已将调整通知并入{notice.year}年通知：{amendment.ref.title}")
            echo(f"  调整的日子：{days}")
    n = entry.notice
    echo(f"已安装{n.year}年节假日安排通知：{n.ref.title}")
    echo(f"  依据：{n.cite()}")
    echo(f"  文件：{entry.path}")
    if n.year in before:
        echo(f"  替换了此前安装的{n.year}年通知")
    if entry.replaces_builtin:
        echo(f"  替代 govflow 内置的{n.year}年通知（删除后恢复内置通知）")
    echo("以后的 govflow 命令和 import govflow 的程序都将使用此通知。")


def _entries_or_empty() -> list[Any]:
    """The store's entries for a message; a broken store is reported by the command itself."""
    from govflow.errors import GovflowError

    try:
        return store_entries()
    except GovflowError:
        return []


def _row(notice: Notice, installed: dict[int, Any]) -> dict[str, Any]:
    entry = installed.get(notice.year)
    row: dict[str, Any] = {"year": notice.year}
    if entry is not None and str(entry.path) == notice.source:
        row |= {"source": "user", "path": str(entry.path)}
        row["replaces_builtin"] = entry.replaces_builtin
    elif notice.source.startswith("govflow:"):
        row["source"] = "builtin"
    elif notice.source.startswith(("holidays[", "<")):
        row["source"] = "plugin"
    else:  # a --notice file of this run, or a plugin's notice read from a file
        row |= {"source": "file", "path": notice.source}
    row |= {
        "number": notice.ref.number,
        "date": notice.ref.date.isoformat() if notice.ref.date else None,
        "title": notice.ref.title,
    }
    return row


_LABELS = {
    "builtin": "内置",
    "user": "用户安装",
    "plugin": "插件提供",
    "file": "本次载入",
    "provisional": "临时",
}


@notices.command("list")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象（供脚本使用）。")
def notices_list(as_json: bool) -> None:
    """列出日历使用的各年通知及其来源（内置、用户安装、临时估算）。"""
    installed = {e.notice.year: e for e in store_entries()}
    cal = work_calendar()
    rows = [_row(n, installed) for n in cal.notices]
    next_year = (cal.years[-1] + 1) if cal.years else None
    if next_year is not None:
        rows.append({"year": next_year, "source": "provisional"})
    if as_json:
        click.echo(
            json_text(
                {"directory": str(notices_dir()), "version": cal.version, "years": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    echo(f"日历版本：{cal.version}")
    echo(f"用户安装目录：{notices_dir()}")
    for row in rows:
        label = _LABELS[row["source"]]
        if row["source"] == "provisional":
            echo(
                f"{row['year']}  {label}：通知尚未发布或未安装，仅可加 --provisional 按法定节假日估算"
            )
            continue
        if "path" in row:
            label += f"（{row['path']}）"
        if row.get("replaces_builtin"):
            label += "，替代内置通知"
        number = row["number"] or "文号未核实"
        when = row["date"] or "日期未核实"
        echo(f"{row['year']}  {label}  {number}  {when}")


@notices.command("remove")
@click.argument("year", type=int)
def notices_remove(year: int) -> None:
    """删除用 govflow notices add 安装的某一年份通知（内置通知不能删除）。"""
    path = remove_notice(year)
    echo(f"已删除{year}年通知：{path}")
    if year in {n.year for n in _builtin()}:
        echo(f"以后的命令将使用 govflow 内置的{year}年通知。")


def _builtin() -> tuple[Notice, ...]:
    from govflow.calendar.notices import builtin_notices

    return builtin_notices()
