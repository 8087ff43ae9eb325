"""``govflow remind``: what falls due among the live cases, for a daily cron job or a chat bot."""

from __future__ import annotations

import click

from govflow.cli._app import date_arg, echo, json_text, main
from govflow.cli.case_cmds import db_option, open_book, plan_option

__all__ = ["remind"]


@main.command()
@click.option("--as-of", "as_of", metavar="DATE", help="提醒时点（默认今天，北京时间）。")
@click.option(
    "--within",
    type=click.IntRange(0, 60),
    default=3,
    show_default=True,
    help="列出多少个工作日内到期的事项。",
)
@click.option("--unit", help="只提醒该单位（或单位组）。")
@click.option("--provisional", is_flag=True, help="节假日安排未发布的年份按法定节假日估算。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "ics"]),
    default="table",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件。")
@db_option
@plan_option
def remind(
    as_of: str | None,
    within: int,
    unit: str | None,
    provisional: bool,
    fmt: str,
    output: str | None,
    db: str | None,
    plan_ref: str | None,
) -> None:
    """在办案件的到期提醒：已逾期、今日到期、N个工作日内到期，按单位列出。

    每项写明应办事项和法律依据；已结案的案件不提醒。适合每日定时运行，或发到工作群。"""
    from govflow.cases.judge import CaseStatus
    from govflow.cases.remind import horizon, remind_document, reminders
    from govflow.cli.output import write_output
    from govflow.report.casework import reminders_ics, reminders_markdown, reminders_text

    book = open_book(db, plan_ref, provisional=provisional)
    moment = date_arg(as_of, "--as-of") if as_of else book.today
    last = horizon(book.judge.calendar, moment, within, provisional=provisional)
    views = book.views(moment, unit=unit)
    rems = reminders(views, moment, last)
    unjudged = [v for v in views if v.status is CaseStatus.UNJUDGED]
    data: str | bytes
    if fmt == "json":
        data = json_text(
            remind_document(rems, unjudged, moment, within, last), ensure_ascii=False, indent=1
        )
    elif fmt == "md":
        data = reminders_markdown(rems, moment, within, unjudged)
    elif fmt == "ics":
        data = reminders_ics(rems, within)
        for v in unjudged:  # a calendar file has no place for them: said on stderr
            echo(f"无法计算期限：{v.case.unit} {v.case.id}：{v.reason}", err=True)
    else:
        data = reminders_text(rems, moment, within, unjudged)
    if output is not None:
        write_output(data, output, newline=isinstance(data, str))
    elif isinstance(data, bytes):
        click.echo(data, nl=False)
    else:
        echo(data.rstrip("\n"))
