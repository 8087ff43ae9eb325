"""``govflow annual-report``: tables 三 and 四 of a unit's 政府信息公开工作年度报告, from records."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

from govflow.cli._app import (
    RECORDS_HELP,
    echo,
    fail,
    load_columns,
    main,
    record_files,
    table_options,
)
from govflow.errors import EXIT_FINDINGS

__all__ = ["annual_report_cmd"]

_BINARY = {"docx": "Word 文档", "xlsx": "Excel 工作簿"}


@main.command("annual-report")
@click.argument("year", metavar="YEAR")
@click.option("--records", "records", multiple=True, required=True, help=RECORDS_HELP)
@click.option("--unit", required=True, help="报告单位（方案单位名录中的单位名或别名）。")
@click.option(
    "--plan",
    "plan_ref",
    default=None,
    help="方案（用其单位名录识别单位的别名）：插件提供的方案编号或方案文件路径；"
    "默认：已安装插件提供的唯一方案；没有方案时按单位名称原样比对。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "html", "docx", "xlsx"]),
    default="md",
    show_default=True,
    help="json：程序读取；md：Markdown；html：单个网页；docx：Word 文档；xlsx：Excel 工作簿"
    "（docx、xlsx 须用 -o 指定文件，需安装 govflow[office]）。",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件。")
@table_options
def annual_report_cmd(
    year: str,
    records: Sequence[str],
    unit: str,
    plan_ref: str | None,
    fmt: str,
    output: str | None,
    columns: str | None,
    site: str | None,
    sheet: str | None,
) -> None:
    """按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）统计年度报告的
    表三（收到和处理政府信息公开申请情况）和表四（政府信息公开行政复议、行政诉讼情况）。

    表三读取依申请公开记录的申请人类型和办理结果，表四读取复议诉讼记录（review）。
    每行记录都有去处：计入、不适用（其他单位、其他年度）、拒收（写明原因）或搁置；
    各文件的去处在标准错误输出中列出。

    退出码：0 已生成；1 已生成，但有拒收的记录（表中未计入）；2 用法错误或文件无法读取。
    """
    from govflow.cli.check_cmds import plan_inputs
    from govflow.cli.output import refuse_inputs, write_output
    from govflow.cli.progress import terminal_progress
    from govflow.compliance.kinds import REVIEW
    from govflow.plugins.manager import registry
    from govflow.report.annual import annual_report
    from govflow.report.annual_render import (
        accounting_lines,
        annual_html,
        annual_json,
        annual_markdown,
        title,
    )

    if not (year.isascii() and year.isdigit() and len(year) == 4):
        fail(f"YEAR {year!r}：应为四位数的年份，如 2023")
    if fmt in _BINARY and not output:
        fail(f"--format {fmt} 生成{_BINARY[fmt]}，须用 -o 指定输出文件")
    if fmt in _BINARY:
        from govflow.report.office import need

        need(fmt)  # before the records are read: a missing library is reported at once
    reg = registry()
    kinds = {"review": REVIEW, **reg.record_kinds()}
    files, kind_of = record_files(records, kinds)
    inputs = [*files, *plan_inputs(plan_ref), *([columns] if columns else [])]
    if output:  # refused before the records are read, not after
        refuse_inputs(output, inputs)
    column_map = load_columns(columns, kinds)
    name, same_unit = _unit_matcher(reg, plan_ref, unit)
    report = annual_report(
        files,
        int(year),
        name,
        same_unit=same_unit,
        kinds=kinds,
        kind_of=kind_of,
        columns=column_map,
        site=site,
        sheet=sheet,
        progress=terminal_progress("读取记录"),  # on a terminal only
    )
    for line in accounting_lines(report):
        echo(line, err=True)
    data: str | bytes
    if fmt == "docx":
        from govflow.report.annual_office import annual_docx

        data = annual_docx(report)
    elif fmt == "xlsx":
        from govflow.report.annual_office import annual_xlsx

        data = annual_xlsx(report)
    else:
        render = {"json": annual_json, "md": annual_markdown, "html": annual_html}[fmt]
        data = render(report)
    if output:
        write_output(data, output, inputs=inputs, newline=isinstance(data, str))
        echo(f"已生成 {title(report)}：{output}", err=True)
    else:
        assert isinstance(data, str)
        echo(data.rstrip("\n"))
    if report.rejected:
        raise SystemExit(EXIT_FINDINGS)


def _unit_matcher(
    reg: object, plan_ref: str | None, unit: str
) -> tuple[str, Callable[[str], bool]]:
    """The unit's name and whether a record's unit is it: through the plan's unit directory
    (any alias) when a plan is given or installed, else by name as written."""
    from govflow.plan.units import Unit, UnitError
    from govflow.plugins.manager import NoDefaultPlan

    try:
        plan = reg.load_plan(plan_ref)  # type: ignore[attr-defined]
    except NoDefaultPlan:  # no plan installed nor named: names as written
        plan = None
    if plan is None:
        wanted = unit.strip()
        return wanted, lambda name: name.strip() == wanted
    directory = plan.directory
    target = directory.lookup(unit, where="--unit")
    if not isinstance(target, Unit):
        fail(f"--unit {unit!r} 是单位组，年度报告按单个单位编制；请指定其中一个单位")

    def same_unit(name: str) -> bool:
        try:
            return bool(directory.lookup(name) is target)
        except UnitError:
            return False

    return target.name, same_unit
