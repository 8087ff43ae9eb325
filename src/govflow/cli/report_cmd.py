"""``govflow report``: the monthly bulletin (月度通报) in Markdown or self-contained HTML."""

from __future__ import annotations

from collections.abc import Sequence

import click

from govflow.cli._app import (
    RECORDS_HELP,
    date_arg,
    echo,
    fail,
    load_columns,
    main,
    record_files,
    table_options,
    work_calendar,
)
from govflow.cli.villages_opt import plan_with_villages, villages_option

__all__ = ["report"]


@main.command()
@click.option("--month", required=True, metavar="YYYY-MM", help="通报月份，如 2023-09。")
@click.option(
    "--plan",
    "plan_ref",
    default=None,
    help="方案：插件提供的方案编号或方案文件路径（.toml）；默认：已安装插件提供的唯一方案，或环境变量 GOVFLOW_PLAN。",
)
@click.option(
    "--records",
    "records",
    multiple=True,
    required=True,
    help=RECORDS_HELP,
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="md：Markdown；html：单个自包含网页（含图表）。",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="数据截至日期（默认月末；当月未结束时为今天，北京时间）。",
)
@click.option(
    "--lead-time",
    type=click.IntRange(0, 60),
    default=3,
    show_default=True,
    help="期限前多少个工作日内未完成即为“临期”。",
)
@click.option("--provisional", is_flag=True, help="节假日安排未发布的年份按法定节假日估算。")
@click.option(
    "--strict",
    is_flag=True,
    help="有记录文件无规则读取、方案领域无插件时按错误处理（退出码 2），不生成通报。",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件。")
@villages_option
@table_options
def report(
    month: str,
    plan_ref: str | None,
    records: Sequence[str],
    fmt: str,
    as_of: str | None,
    lead_time: int,
    provisional: bool,
    strict: bool,
    output: str | None,
    columns: str | None,
    site: str | None,
    sheet: str | None,
    villages: str | None,
) -> None:
    """生成月度通报：各单位发布情况、后五名、定额未达标、账号和栏目持续未更新、申请和留言超期临期。

    退出码：0 已生成；2 用法错误（月份、日期有误，文件不存在或无法读取），或 --strict 时有警告
    （记录文件无规则读取、方案领域无插件）；3 所需年度节假日安排未发布。
    通报只报告情况，有违规时退出码仍为 0；据退出码判断违规请用 govflow check。
    """
    from govflow.cli.check_cmds import coverage, plan_inputs, report_warnings
    from govflow.cli.output import write_output
    from govflow.cli.progress import terminal_progress
    from govflow.compliance.check import today_in_beijing
    from govflow.plugins.manager import registry
    from govflow.report.bulletin import (
        Bulletin,
        BulletinError,
        bulletin_check,
        month_bounds,
        parse_month,
    )

    try:
        first = parse_month(month)
    except BulletinError as exc:
        fail(str(exc))
    if as_of is not None:
        moment = date_arg(as_of, "--as-of")
    else:
        moment = min(month_bounds(first)[1], today_in_beijing())
        if moment < first:
            fail(f"--month {month}：所报月份尚未开始（今天是 {moment.isoformat()}，北京时间）")
    reg = registry()
    plan = plan_with_villages(reg.load_plan(plan_ref), villages)
    kinds = reg.record_kinds()
    files, kind_of = record_files(records, kinds)
    column_map = load_columns(columns, kinds)
    areas, hints = coverage(reg, plan)
    try:
        result = bulletin_check(
            plan,
            files,
            first,
            calendar=work_calendar(),
            as_of=moment,
            lead_time=lead_time,
            provisional=provisional,
            kinds=kinds,
            extra_rules=reg.rules(plan),
            kind_of=kind_of,
            areas=areas,
            hints=hints,
            progress=terminal_progress("读取记录"),  # on a terminal only
            columns=column_map,
            site=site,
            sheet=sheet,
        )
    except BulletinError as exc:
        fail(str(exc))
    report_warnings(result.warnings, strict=strict)
    bulletin = Bulletin.from_check(result, first)
    text = bulletin.to_html() if fmt == "html" else bulletin.to_markdown()
    if output:
        inputs = [*files, *plan_inputs(plan_ref), *([columns] if columns else [])]
        write_output(text, output, inputs=[*inputs, *([villages] if villages else [])])
        echo(f"已生成 {bulletin.title}：{output}", err=True)
    else:
        echo(text.rstrip("\n"))
