"""``govflow case import|export``: ledgers into cases and cases back into ledgers."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from govflow.cli._app import echo, fail, load_columns, record_files, table_options
from govflow.cli.case_cmds import actor, case, db_option, open_book, plan_option
from govflow.errors import EXIT_FINDINGS

__all__ = ["case_export", "case_import"]


@case.command("import")
@click.argument("specs", metavar="FILE...", nargs=-1, required=True)
@click.option("--note", default="导入台账", show_default=True, help="登记说明。")
@click.option("--by", "by", help="登记人（默认环境变量 GOVFLOW_USER 或登录名）。")
@db_option
@plan_option
@table_options
def case_import(
    specs: Sequence[str],
    note: str,
    by: str | None,
    db: str | None,
    plan_ref: str | None,
    columns: str | None,
    site: str | None,
    sheet: str | None,
) -> None:
    """把台账（CSV、JSON Lines、Excel 或 Parquet，格式同 govflow check 的记录文件）导入为案件：
    每行一件，收到日期为开案事件，其余日期各为一个事件，按发生先后逐一核对。不能成为案件的行
    （事件不可能、编号已在案件库、单位不在名录……）逐行拒收并说明原因；有拒收时退出码为 1。
    可写作 KIND=PATH 指定记录类别。"""
    from govflow.compliance.records import read_tables

    book = open_book(db, plan_ref)
    kinds = book.record_kinds
    files, kind_of = record_files(specs, kinds)
    column_map = load_columns(columns, kinds)
    who = actor(by)
    total = 0
    rejected = []
    read = 0
    for f in files:
        streams, notes = read_tables(
            f, kind=kind_of.get(f), kinds=kinds, columns=column_map, site=site, sheet=sheet
        )
        for n in notes:
            echo(f"说明：{n}", err=True)
        for stream in streams:
            if not any(k.record_kind == stream.kind.name for k in book.case_kinds.values()):
                stream.close()
                fail(
                    f"{stream.summary.source}：记录类别 {stream.kind.label}（{stream.kind.name}）没有对应的案件类别，不能导入为案件"
                )
            stream.unique_ids({})
            stored, bad = book.import_records(stream, actor=who, note=note)
            total += stored
            rejected.extend(bad)
            s = stream.summary
            read += s.read
            for aside in s.set_aside_rows:
                echo(f"另置：{aside}", err=True)
    echo(f"读取 {read} 行，导入 {total} 件，拒收 {len(rejected)} 行。")
    for r in rejected:
        echo(f"拒收：{r}", err=True)
    if rejected:
        sys.exit(EXIT_FINDINGS)


@case.command("export")
@click.option("--kind", "kind", help="只导出该类别的案件（案件库有多个类别时必须给出）。")
@click.option("--unit", help="只导出该单位（或单位组）的案件。")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件（默认标准输出）。")
@db_option
@plan_option
def case_export(
    kind: str | None, unit: str | None, output: str | None, db: str | None, plan_ref: str | None
) -> None:
    """把案件导出为台账（CSV，表头为字段的中文名）：每件一行，即它的事件写成的记录，
    govflow check 读它得到与 govflow case show 相同的结论。"""
    from govflow.cases.ledger import export_rows
    from govflow.cli.output import write_output
    from govflow.report.escape import csv_text

    book = open_book(db, plan_ref)
    units = None
    if unit is not None:
        units = book.units_of(unit)
    cases = book.store.cases(units=units, kind=kind)
    present = sorted({c.kind.name for c in cases})
    if kind is None and len(present) > 1:
        fail(f"案件库有多个类别的案件（{'、'.join(present)}），请用 --kind 指定导出哪一类")
    if kind is not None:
        book.kind(kind)
    name = kind or (present[0] if present else "application")
    record_kind = book.record_kinds[book.kind(name).record_kind]
    text = csv_text(export_rows(cases, record_kind))
    if output is None:
        click.echo(text, nl=False)
    else:
        write_output("\ufeff" + text, output)
        echo(f"已导出 {len(cases)} 件到 {output}", err=True)
