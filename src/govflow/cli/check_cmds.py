"""``govflow check``: records against the plan and the law, every row accounted for."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from govflow.cli._app import (
    EXIT_BAD_INPUT,
    RECORDS_HELP,
    date_arg,
    fail,
    main,
    record_files,
    work_calendar,
)

__all__ = ["check"]


@main.command()
@click.option(
    "--plan",
    "plan_ref",
    default=None,
    help="方案：插件提供的方案编号或方案文件路径（.toml）；默认：已安装插件提供的唯一方案，或环境变量 GOVFLOW_PLAN。",
)
@click.option("--records", "records", multiple=True, required=True, help=RECORDS_HELP)
@click.option("--as-of", "as_of", metavar="DATE", help="检查时点（默认今天，北京时间）。")
@click.option("--from", "date_from", metavar="DATE", help="检查起点（默认方案印发日）。")
@click.option("--unit", help="只看该单位（或单位组）的结果。")
@click.option("--area", help="只运行该领域的规则。")
@click.option(
    "--lead-time",
    type=click.IntRange(0, 60),
    default=3,
    show_default=True,
    help="期限前多少个工作日内未完成即为“临期”。",
)
@click.option("--provisional", is_flag=True, help="节假日安排未发布的年份按法定节假日估算。")
@click.option("--strict", is_flag=True, help="有任何拒收记录即判为失败，不再评估。")
@click.option("--all", "show_met", is_flag=True, help="表格中也列出达标的结果。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "html"]),
    default="table",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件。")
def check(
    plan_ref: str | None,
    records: Sequence[str],
    as_of: str | None,
    date_from: str | None,
    unit: str | None,
    area: str | None,
    lead_time: int,
    provisional: bool,
    strict: bool,
    show_met: bool,
    fmt: str,
    output: str | None,
) -> None:
    """对照方案和法定期限检查记录：逐行评估或拒收，给出违规、临期和达标结果。

    退出码：0 无违规且无拒收记录（临期、未到期不影响）；1 有违规或拒收记录；2 用法错误；
    3 方案的日程所需年度节假日安排未发布（某条记录的期限需要时，该行作为拒收记录，退出码 1）。
    """
    from govflow.compliance.check import run_check
    from govflow.compliance.records import RecordFileError
    from govflow.plugins.manager import registry
    from govflow.report.render import check_html, check_markdown, check_table

    reg = registry()
    plan = reg.load_plan(plan_ref)
    kinds = reg.record_kinds()
    files, kind_of = record_files(records, kinds)
    if unit is not None:
        plan.directory.lookup(unit, where="--unit")
    if area is not None:
        known = sorted(
            {
                *plan.areas,
                *(o.area for o in plan.obligations() if o.area),
                *(r.area for r in reg.rules(plan)),
            }
        )
        if area not in known:
            fail(f"--area {area!r}: unknown area; this plan's areas are {', '.join(known)}")
    try:
        result = run_check(
            plan,
            files,
            calendar=work_calendar(),
            as_of=date_arg(as_of, "--as-of") if as_of else None,
            start=date_arg(date_from, "--from") if date_from else None,
            unit=unit,
            area=area,
            lead_time=lead_time,
            provisional=provisional,
            strict=strict,
            kinds=kinds,
            extra_rules=reg.rules(plan),
            kind_of=kind_of,
        )
    except RecordFileError as exc:
        click.echo(f"错误：记录文件无法读取：{exc}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if fmt == "json":
        text = json.dumps(result.to_dict(), ensure_ascii=False, indent=1)
    elif fmt == "md":
        text = check_markdown(result)
    elif fmt == "html":
        text = check_html(result)
    else:
        text = check_table(result, show_met=show_met)
    if output:
        try:
            Path(output).write_text(text if text.endswith("\n") else text + "\n", "utf-8")
        except OSError as exc:  # not a traceback and exit 1, which would read as "violations"
            click.echo(f"错误：无法写入 --output {output}：{exc.strerror or exc}", err=True)
            raise SystemExit(EXIT_BAD_INPUT) from None
    else:
        click.echo(text.rstrip("\n"))
    raise SystemExit(result.exit_code)
