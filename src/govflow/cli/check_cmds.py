"""``govflow check``: records against the plan and the law, every row accounted for."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from typing import Any

import click

from govflow.cli._app import (
    EXIT_BAD_INPUT,
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
from govflow.cli.county_pool import available_cpus, warning_lines
from govflow.cli.villages_opt import plan_with_villages, villages_option
from govflow.plugins.workspace import plugin_inputs

__all__ = ["STATUSES", "check", "plan_inputs", "report_warnings"]

STATUSES = ("violated", "at_risk", "pending", "met", "not_applicable")
"""The statuses of findings, in a check's order (``findingset.STATUS_ORDER``; written out here
so that ``check --help`` does not import the engine)."""


def _moments(as_of: str | None, date_from: str | None) -> tuple[Any, Any]:
    """``--as-of`` and ``--from`` as dates (``None`` when not given), the start no later."""
    moment = date_arg(as_of, "--as-of") if as_of else None
    start = date_arg(date_from, "--from") if date_from else None
    if start is not None:
        from govflow.compliance.check import today_in_beijing

        end = moment or today_in_beijing()
        if start > end:
            at = (
                f"--as-of {end.isoformat()}"
                if moment
                else f"今天 {end.isoformat()}（--as-of 的默认值）"
            )
            fail(f"--from {start.isoformat()} 晚于 {at}：检查起点应不晚于检查时点")
    return moment, start


def _area_known(reg: Any, plan: Any, area: str, where: str = "") -> None:
    known = sorted(
        {
            *plan.areas,
            *(o.area for o in plan.obligations() if o.area),
            *(r.area for r in reg.rules(plan)),
        }
    )
    if area not in known:
        fail(f"{where}--area {area!r}：方案中没有这个领域；方案的领域：{'、'.join(known)}")


def _check_counties(counties: str, plan_ref: str | None, **opts: Any) -> None:
    """``check --counties``: every county of *counties* in one run (see
    :mod:`govflow.cli.counties_cmd`); exits with the worst county's code."""
    from govflow.cli.counties_cmd import county_jobs
    from govflow.plugins.manager import registry

    reg = registry()
    jobs = county_jobs(counties, plan_ref, reg)
    files = [f for job in jobs for f in job.files]
    _run_counties(reg, jobs, files, None, load_columns(opts["columns"], reg.record_kinds()), **opts)


def _check_column(
    records: Sequence[str], column: str, plan_ref: str | None, plans: str | None, **opts: Any
) -> None:
    """``check --records FILE --county-column COL``: the files split by county, each county
    checked on its rows (see :func:`govflow.cli.counties_cmd.column_jobs`)."""
    import tempfile
    from pathlib import Path

    from govflow.cli.counties_cmd import column_jobs
    from govflow.cli.output import refuse_inputs
    from govflow.compliance.records import read_tables
    from govflow.compliance.sheetread import is_workbook
    from govflow.plugins.manager import registry

    reg = registry()
    kinds = reg.record_kinds()
    files, kind_of = record_files(records, kinds)
    if opts["output"]:  # refused before the records are split, not after
        refuse_inputs(opts["output"], [*files, *plan_inputs(plan_ref)])
    column_map = load_columns(opts["columns"], kinds)

    def read(f: str) -> list[Any]:
        sheet = opts["sheet"] if is_workbook(Path(f)) else None
        streams, notes = read_tables(
            f, kind=kind_of.get(f), kinds=kinds, columns=column_map, site=opts["site"], sheet=sheet
        )
        report_warnings(notes, strict=opts["strict"])  # sheets not read: said, as check says
        return streams

    settle()  # the split is work, not loading: collected as usual
    with tempfile.TemporaryDirectory(prefix="govflow-counties-") as spool:
        jobs, parts = column_jobs(files, kind_of, column, plan_ref, plans, reg, read, Path(spool))
        _run_counties(reg, jobs, files, parts, column_map, **opts)


def _run_counties(
    reg: Any, jobs: list[Any], files: list[str], parts: Any, column_map: Any, **opts: Any
) -> None:
    """Check every county of *jobs* and write the province table; *files* are the record
    files read (inputs ``-o`` must not overwrite); *parts* the county split's rows of no
    county (``--county-column``), or ``None``; *column_map* that of ``--columns``, loaded
    once.  ``opts["workers"]`` worker processes check the counties when more than one (see
    :mod:`govflow.cli.county_pool`).  Exits with the worst county's code."""
    import sys
    from contextlib import closing

    from govflow.cli.counties_cmd import check_counties
    from govflow.cli.county_pool import CountyOptions, outcomes_here, outcomes_in_workers
    from govflow.cli.output import atomic_output, refuse_inputs, write_output
    from govflow.compliance.check import today_in_beijing
    from govflow.report.counties import (
        CountiesJson,
        counties_markdown,
        counties_table,
        unassigned,
    )

    fmt, output = opts["fmt"], opts["output"]
    own = [p for job in jobs for p in plan_inputs(job.plan_ref)]
    own += [opts["columns"]] if opts["columns"] else []
    if output:
        refuse_inputs(output, [*files, *own])
    if opts["area"] is not None:
        for job in jobs:
            _area_known(reg, job.plan, opts["area"], f"--counties：{job.name}：")
    moment, start = _moments(opts["as_of"], opts["date_from"])
    calendar = work_calendar()
    settle()
    settings = CountyOptions(
        as_of=moment,
        start=start,
        area=opts["area"],
        lead_time=opts["lead_time"],
        provisional=opts["provisional"],
        strict=opts["strict"],
        columns=opts["columns"],
        site=opts["site"],
        sheet=opts["sheet"],
        json=fmt == "json",
        listed=opts["listed"],
    )
    workers = min(opts["workers"], len(jobs))
    outcomes = closing(
        outcomes_in_workers(jobs, workers, calendar, settings)
        if workers > 1
        else outcomes_here(jobs, reg, calendar, column_map, settings)
    )
    inputs = [*files, *own]
    rest = unassigned(parts.leftover, parts.rejected) if parts is not None else None
    progress = sys.stderr.isatty()
    if fmt == "json":
        decoder = codecs.getincrementaldecoder("utf-8")()
        with CountiesJson() as spool, outcomes as each:

            def sink(outcome: Any) -> None:
                if outcome.result is not None:
                    spool.add(outcome.summary, outcome.result)
                else:
                    spool.add_file(outcome.entry)

            rows = check_counties(jobs, each, progress=progress, sink=sink)
            if rest is not None:
                spool.add_value(*rest)
                rows.append(rest[0])
            when = (moment or today_in_beijing()).isoformat()
            if output:
                with atomic_output(output, inputs=inputs) as out:
                    out.writelines(spool.pieces(rows, when))
            else:
                for piece in spool.pieces(rows, when):
                    # a million-byte piece may end inside a character: decode across pieces
                    click.echo(decoder.decode(piece), nl=False)
        raise SystemExit(max((r.exit_code for r in rows), default=0))
    with outcomes as each:
        rows = check_counties(jobs, each, progress=progress)
    if rest is not None:
        rows.append(rest[0])
    when = (moment or today_in_beijing()).isoformat()
    text = counties_markdown(rows, when) if fmt == "md" else counties_table(rows, when)
    if output:
        write_output(text, output, inputs=inputs, newline=True)
    else:
        echo(text.rstrip("\n"))
    raise SystemExit(max((r.exit_code for r in rows), default=0))


def plan_inputs(plan_ref: str | None) -> list[str]:
    """The plan's files when the plan is given by path: the plan file and its unit directory
    file (inputs ``-o`` must not overwrite)."""
    from govflow.cli.output import plan_files

    return [str(p) for p in plan_files(plan_ref)]


def report_warnings(warnings: Sequence[Any], *, strict: bool) -> None:
    """Print the check's warnings on stderr; with *strict* they are errors (exit 2), except
    the notes (``county_pool.NOTES``: an empty sheet skipped)."""
    said, failed = warning_lines(warnings, strict)
    for line in said:
        echo(line, err=True)
    if failed:
        click.echo("（--strict：以上警告按错误处理，退出码 2）", err=True)
        raise SystemExit(EXIT_BAD_INPUT)


@main.command()
@click.option(
    "--plan",
    "plan_ref",
    default=None,
    help="方案：插件提供的方案编号或方案文件路径（.toml）；默认：已安装插件提供的唯一方案，或环境变量 GOVFLOW_PLAN。",
)
@click.option("--records", "records", multiple=True, help=RECORDS_HELP)
@click.option(
    "--counties",
    "counties",
    metavar="DIR",
    help="多县一次检查：DIR 下每县一个子目录（以县名命名），放该县的记录文件，"
    "有自己的方案时放 plan.toml；逐县检查，输出每县一行的汇总（JSON 含各县完整结果）。"
    "不能与 --records、--unit、--villages 同用。",
)
@click.option(
    "--county-column",
    "county_column",
    metavar="COL",
    help="多县一次检查：--records 的文件（CSV、电子表格、Parquet 按 COL 列，JSON Lines 按 COL 键）"
    "按县名分县，逐县检查，输出与 --counties 相同；未写县名的行作为拒收记录列在“（未分县）”一行。",
)
@click.option(
    "--county-plans",
    "county_plans",
    metavar="DIR",
    help="与 --county-column 同用：DIR/<县名>/plan.toml 为该县的方案，没有的县用 --plan。",
)
@click.option(
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    metavar="N",
    help="多县检查时用 N 个工作进程同时检查 N 个县（0 为本机可用的 CPU 数）；"
    "输出与逐县检查相同，内存约为 N 个县的检查之和。",
)
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
@click.option(
    "--strict",
    is_flag=True,
    help="有任何拒收记录即判为失败，不再评估；有记录文件无规则读取、方案领域无插件时按错误处理"
    "（退出码 2）。",
)
@click.option("--all", "show_met", is_flag=True, help="表格中也列出达标的结果。")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="只列出该状态的结果，可多次使用（各状态的项数和退出码仍计全部结果）；"
    "默认 JSON 列出全部，其他格式列出违规、临期、未到期（表格另有不适用）。",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "html"]),
    default="table",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件。")
@villages_option
@table_options
@settling
def check(
    plan_ref: str | None,
    records: Sequence[str],
    counties: str | None,
    county_column: str | None,
    county_plans: str | None,
    jobs: int,
    as_of: str | None,
    date_from: str | None,
    unit: str | None,
    area: str | None,
    lead_time: int,
    provisional: bool,
    strict: bool,
    show_met: bool,
    statuses: Sequence[str],
    fmt: str,
    output: str | None,
    columns: str | None,
    site: str | None,
    sheet: str | None,
    villages: str | None,
) -> None:
    """对照方案和法定期限检查记录：逐行评估或拒收，给出违规、临期和达标结果。

    退出码：0 无违规且无拒收记录（临期、未到期不影响）；1 有违规或拒收记录；2 用法错误，
    或 --strict 时有警告（记录文件无规则读取、方案领域无插件）；
    3 方案的日程所需年度节假日安排未发布（某条记录的期限需要时，该行作为拒收记录，退出码 1）。
    """
    from govflow.cli.output import refuse_inputs, write_output
    from govflow.cli.progress import terminal_progress
    from govflow.compliance.check import run_check
    from govflow.compliance.findings import Status
    from govflow.plugins.manager import registry
    from govflow.report.render import check_html, check_markdown, check_table

    if statuses and show_met:
        fail("--all 与 --status 不能同用：要列出达标的结果，请加 --status met")
    listed = tuple(Status(s) for s in STATUSES if s in statuses) or None
    many = {
        "listed": listed,
        "as_of": as_of,
        "date_from": date_from,
        "area": area,
        "lead_time": lead_time,
        "provisional": provisional,
        "strict": strict,
        "fmt": fmt,
        "output": output,
        "columns": columns,
        "site": site,
        "sheet": sheet,
        "workers": jobs or available_cpus(),
    }
    if county_plans is not None and county_column is None:
        fail("--county-plans 只与 --county-column 同用")
    if jobs != 1 and counties is None and county_column is None:
        fail("--jobs 只用于多县检查（--counties 或 --county-column）")
    if fmt == "html" and (counties is not None or county_column is not None):  # before reading
        fail("多县检查的汇总支持 table、json、md 格式（各县的 HTML 报告请逐县生成）")
    if counties is not None:
        for name, given in (
            ("--records", records),
            ("--county-column", county_column),
            ("--unit", unit),
            ("--villages", villages),
        ):
            if given:
                fail(f"--counties 不能与 {name} 同用：各县的记录文件在各县的子目录中")
        _check_counties(counties, plan_ref, **many)
    if county_column is not None:
        for name, given in (("--unit", unit), ("--villages", villages)):
            if given:
                fail(f"--county-column 不能与 {name} 同用")
        if not records:
            fail("--county-column 需要 --records：给出含该列的记录文件")
        _check_column(records, county_column, plan_ref, county_plans, **many)
    if not records:
        fail("缺少 --records：请给出记录文件或目录（多县一次检查用 --counties）")
    reg = registry()
    plan = plan_with_villages(reg.load_plan(plan_ref), villages)
    kinds = reg.record_kinds()
    files, kind_of = record_files(records, kinds)
    own = [
        *plan_inputs(plan_ref),
        *([columns] if columns else []),
        *([villages] if villages else []),
    ]
    if output:  # refused before the records are read, not after
        refuse_inputs(output, [*files, *own])
    column_map = load_columns(columns, kinds)
    if unit is not None:
        plan.directory.lookup(unit, where="--unit")
    if area is not None:
        _area_known(reg, plan, area)
    moment, start = _moments(as_of, date_from)
    calendar = work_calendar()
    settle()
    result = run_check(
        plan,
        files,
        calendar=calendar,
        as_of=moment,
        start=start,
        unit=unit,
        area=area,
        lead_time=lead_time,
        provisional=provisional,
        strict=strict,
        kind_of=kind_of,
        **plugin_inputs(reg, plan),
        progress=terminal_progress("读取记录"),  # on a terminal only
        rule_progress=terminal_progress("评估规则"),
        columns=column_map,
        site=site,
        sheet=sheet,
    )
    report_warnings(result.warnings, strict=strict)
    result.listed = listed
    if fmt == "json":
        from govflow.cli.output import write_layered_json

        write_layered_json(result.to_dict(lazy=True), output, inputs=[*files, *own])
        raise SystemExit(result.exit_code)
    if fmt == "md":
        text = check_markdown(result)
    elif fmt == "html":
        text = check_html(result)
    else:
        text = check_table(result, show_met=show_met)
    if output:
        write_output(text, output, inputs=[*files, *own], newline=True)
    else:
        echo(text.rstrip("\n"))
    raise SystemExit(result.exit_code)
