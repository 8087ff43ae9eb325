"""``govflow notices diff`` and ``govflow notices recompute``: what a new notice changes.

``diff`` compares, before installing, the current calendar with the same plus the new notice
(:mod:`govflow.report.noticediff`).  ``recompute`` computes saved ``govflow due --json`` results
again on the current calendar (after ``notices add``) and writes them with ``-o``.
Both exit 1 when a saved file or entry could not be read (each is named with its reason).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from govflow.calendar.notices import Notice, load_notice
from govflow.cli._app import echo, json_text, work_calendar
from govflow.cli.notices_cmds import notices
from govflow.cli.notices_import_cmd import notice_from_text
from govflow.cli.output import refuse_inputs, write_output

__all__ = ["notices_diff", "notices_recompute"]

_RESULTS_HELP = (
    "保存的计算结果：govflow due --json 的输出（一个对象或对象列表）所在的 .json 文件，"
    "或存放这些文件的目录。"
)


def _notice(file: str, number: str | None, address: str | None) -> Notice:
    """The notice file (.toml, .json) or the notice's text, as ``notices add`` reads it; an
    amendment's text gives its year's notice with the amendment merged in."""
    if Path(file).suffix.lower() in (".toml", ".json"):
        return load_notice(file)
    return notice_from_text(file, number=number, address=address)[0]


def _plan(plan_ref: str | None) -> tuple[Any, str]:
    """The plan as ``govflow agenda`` chooses it, or why there is none (its part is skipped)."""
    from govflow.plugins.manager import NoDefaultPlan, registry

    try:
        return registry().load_plan(plan_ref), ""
    except NoDefaultPlan as exc:
        if plan_ref is not None:
            raise
        return None, str(exc)


def _results(path: str | None, calendar: Any) -> tuple[Any, Any]:
    if path is None:
        return None, ()
    from govflow.periods.saved import read_saved, recompute_saved

    saved, unreadable = read_saved(path)
    done, failed = recompute_saved(saved, calendar)
    return tuple(done), (*unreadable, *failed)


@notices.command("diff")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--plan", "plan_ref", default=None, help="方案（同 govflow agenda）：比较其日程。")
@click.option("--results", "results_path", type=click.Path(), help=_RESULTS_HELP)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="案件库（同 govflow case）：列出期限移动或由临时转为正式的未结案件；默认为环境变量 GOVFLOW_DB，"
    "都没有时不比较。",
)
@click.option("--as-of", "as_of", metavar="DATE", help="比较案件的时点（默认今天，北京时间）。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 对象（供脚本使用）。")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="写入文件。")
@click.option("--number", help="文号：FILE 是没有文号的通知原文（如新华社电稿）时给出。")
@click.option("--address", help="通知原文的网址：FILE 是通知原文时可给出。")
def notices_diff(
    file: str,
    plan_ref: str | None,
    results_path: str | None,
    db: str | None,
    as_of: str | None,
    as_json: bool,
    output: str | None,
    number: str | None,
    address: str | None,
) -> None:
    """安装前查看新通知改变的结果：日历中改变的日子、方案日程中移动的事项、保存的计算结果（--results）、在办案件（--db）旧 → 新。

    FILE 为通知文件（.toml 或 .json）或通知原文，同 govflow notices add；与已有的同年通知矛盾时照样比较并标明，不拒绝。
    有保存的结果无法读取时逐一写明原因，退出码 1。
    """
    from govflow.report.noticediff import NoticeDiff, agenda_diff, day_changes

    inputs = [file, *(_input_files(results_path) if results_path else [])]
    if output is not None:
        refuse_inputs(output, inputs)
    notice = _notice(file, number, address)
    old = work_calendar()
    new = old.with_notices(notice)
    plan, skipped = _plan(plan_ref)
    done, unreadable = _results(results_path, new)
    diff = NoticeDiff(
        notice,
        old.notice_for(notice.year),
        old.version,
        new.version,
        tuple(day_changes(old, new, notice)),
        agenda_diff(plan, old, new, notice) if plan is not None else None,
        skipped,
        done,
        tuple(unreadable),
    )
    if db or os.environ.get("GOVFLOW_DB"):
        diff = _with_cases(diff, db, plan_ref, old, new, as_of)
    text = diff.to_json() if as_json else diff.to_table()
    _emit(text, output, inputs)
    if unreadable:
        sys.exit(1)


def _with_cases(
    diff: Any, db: str | None, plan_ref: str | None, old: Any, new: Any, as_of: str | None
) -> Any:
    """*diff* with the store's open cases compared on the *old* and *new* calendars."""
    from attrs import evolve

    from govflow.cases.calendar_change import case_moves
    from govflow.cases.judge import CaseJudge
    from govflow.cli._app import date_arg
    from govflow.cli.case_cmds import open_book

    book = open_book(db, plan_ref)
    moment = date_arg(as_of, "--as-of") if as_of else book.today
    before = book.judge
    after = CaseJudge(book.plan, new, book.record_kinds, before.rules)
    cases = [c for c in book.store.cases() if not c.closed]
    moves = case_moves(before, after, cases, moment)
    return evolve(diff, cases=tuple(moves), cases_compared=len(cases))


def _emit(text: str, output: str | None, inputs: list[str]) -> None:
    if output is None:
        echo(text.rstrip("\n"))
    else:
        write_output(text, output, inputs=inputs, newline=True)


@notices.command("recompute")
@click.argument("path", type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="把重新计算的结果写入此文件（JSON；不覆盖输入文件）；不给出时只报告变化。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 报告每项的旧 → 新（供脚本使用）。")
def notices_recompute(path: str, output: str | None, as_json: bool) -> None:
    """用当前日历（含已安装的通知）重新计算保存的 govflow due --json 结果，报告旧 → 新和仍为临时的结果。

    PATH 为 .json 文件或存放这些文件的目录；-o 写出新的结果（与 govflow due --json 格式相同）。
    有文件或条目无法读取时逐一写明原因，退出码 1。
    """
    from govflow.periods.saved import read_saved, recompute_saved
    from govflow.report.noticediff import results_lines

    inputs = _input_files(path)
    if output is not None:
        refuse_inputs(output, inputs)
    saved, unreadable = read_saved(path)
    done, failed = recompute_saved(saved, work_calendar())
    problems = (*unreadable, *failed)
    if output is not None:
        single = len(saved) == 1 and saved[0].entry is None and Path(path).is_file()
        values = [r.new.to_dict() for r in done]
        data: Any = values[0] if single and values else values
        write_output(
            json_text(data, ensure_ascii=False, indent=2), output, inputs=inputs, newline=True
        )
    if as_json:
        report = {
            "calendar_version": work_calendar().version,
            "output": output,
            "entries": [r.to_dict() for r in done],
            "unreadable": [u.to_dict() for u in problems],
        }
        click.echo(json_text(report, ensure_ascii=False, indent=2))
    else:
        echo(f"日历版本：{work_calendar().version}")
        for line in results_lines(tuple(done), problems):
            echo(line)
        if output is not None:
            echo(f"已写入 {len(done)} 项重新计算的结果：{output}")
    if problems:
        sys.exit(1)


def _input_files(path: str) -> list[str]:
    """The files ``-o`` must not overwrite: *path*, or every file in the folder *path*."""
    p = Path(path)
    if p.is_dir():
        return [str(f) for f in p.iterdir() if f.is_file()]
    return [path]
