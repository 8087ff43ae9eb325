"""``govflow report``: the monthly bulletin (月度通报) in Markdown, self-contained HTML or Word."""

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
    settle,
    settling,
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
    type=click.Choice(["md", "html", "docx"]),
    default="md",
    show_default=True,
    help="md：Markdown；html：单个自包含网页（含图表）；docx：公文格式的 Word 文档"
    "（须用 -o 写入文件；需安装 govflow[office]）。",
)
@click.option(
    "--issued",
    metavar="DATE",
    help="通报印发日期，整改期限自此起算（默认：数据截至日之后的第一个工作日）。",
)
@click.option(
    "--rectify-days",
    type=click.IntRange(1, 60),
    default=5,
    show_default=True,
    help="整改期限：印发之日起多少个工作日（通报设置，非法定期限）。",
)
@click.option(
    "--review-days",
    type=click.IntRange(1, 60),
    default=1,
    show_default=True,
    help="复核日期：整改期限后第几个工作日。",
)
@click.option(
    "--criticise-after",
    type=click.IntRange(1, 24),
    default=2,
    show_default=True,
    help="连续多少个月（含本月）有违规的单位予以通报批评。",
)
@click.option(
    "--interview-after",
    type=click.IntRange(1, 24),
    default=3,
    show_default=True,
    help="连续多少个月（含本月）有违规的单位予以约谈整改。",
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
@settling
def report(
    month: str,
    plan_ref: str | None,
    records: Sequence[str],
    fmt: str,
    issued: str | None,
    rectify_days: int,
    review_days: int,
    criticise_after: int,
    interview_after: int,
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
    """生成月度通报：各单位存在的问题（与同一时点的 govflow check 一致）、单项否决、发布情况、
    后五名、定额未达标、账号和栏目未更新、申请和留言超期临期、整改期限和复核、通报批评和约谈、拒收的记录。

    退出码：0 已生成；2 用法错误（月份、日期有误，文件不存在或无法读取），或 --strict 时有警告
    （记录文件无规则读取、方案领域无插件）；3 所需年度节假日安排未发布。
    通报只报告情况，有违规时退出码仍为 0；据退出码判断违规请用 govflow check。
    """
    from govflow.cli.check_cmds import plan_inputs, report_warnings
    from govflow.cli.output import write_output
    from govflow.cli.progress import terminal_progress
    from govflow.compliance.check import today_in_beijing
    from govflow.plugins.manager import registry
    from govflow.plugins.workspace import plugin_inputs
    from govflow.report.bulletin import (
        Bulletin,
        BulletinError,
        BulletinSettings,
        bulletin_check,
        month_bounds,
        parse_month,
    )

    if fmt == "docx":
        from govflow.report.office import need

        if not output:
            fail("--format docx 须用 -o 指定写入的文件（如 -o 通报.docx）")
        need("docx")  # before the check: a missing component is reported at once
    if interview_after < criticise_after:
        fail(
            f"--interview-after {interview_after} 小于 --criticise-after {criticise_after}："
            "约谈的月数应不少于通报批评的月数"
        )
    try:
        first = parse_month(month)
    except BulletinError as exc:
        fail(str(exc))
    issued_on = date_arg(issued, "--issued") if issued is not None else None
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
    calendar = work_calendar()
    settle()
    try:
        result = bulletin_check(
            plan,
            files,
            first,
            calendar=calendar,
            as_of=moment,
            lead_time=lead_time,
            provisional=provisional,
            kind_of=kind_of,
            **plugin_inputs(reg, plan),
            progress=terminal_progress("读取记录"),  # on a terminal only
            rule_progress=terminal_progress("评估规则"),
            columns=column_map,
            site=site,
            sheet=sheet,
        )
    except BulletinError as exc:
        fail(str(exc))
    report_warnings(result.warnings, strict=strict)
    settings = BulletinSettings(rectify_days, review_days, criticise_after, interview_after)
    bulletin = Bulletin.from_check(
        result, first, calendar=work_calendar(), settings=settings, issued=issued_on
    )
    text: str | bytes
    if fmt == "docx":
        text = bulletin.to_docx()
    else:
        text = bulletin.to_html() if fmt == "html" else bulletin.to_markdown()
    if output:
        inputs = [*files, *plan_inputs(plan_ref), *([columns] if columns else [])]
        write_output(text, output, inputs=[*inputs, *([villages] if villages else [])])
        echo(f"已生成 {bulletin.title}：{output}", err=True)
    else:
        assert isinstance(text, str)
        echo(text.rstrip("\n"))
