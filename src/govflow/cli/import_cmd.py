"""``govflow import``: a plan document (text or .docx) to a plan file, with a review report."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from govflow.cli._app import EXIT_BAD_INPUT, echo, main

__all__ = ["import_cmd"]


@main.command(name="import")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="写入方案文件（.toml）；不给出时写到标准输出。需要生成单位名录时，"
    "名录写在同一目录的 <方案文件名>.units.toml。",
)
@click.option("--year", type=int, help="方案年度（默认取标题中的年份），用于恢复丢失的“年”字等。")
@click.option(
    "--units",
    "units_ref",
    metavar="DIRECTORY",
    help="单位名录：插件提供的名录编号或名录文件路径（.toml）；"
    "默认按文中县名选用插件提供的名录，没有时只用通用单位组。",
)
@click.option(
    "--force",
    is_flag=True,
    help="允许替换已存在的单位名录文件 <方案文件名>.units.toml（命令行没有指定的文件）。",
)
def import_cmd(
    document: str, output: str | None, year: int | None, units_ref: str | None, force: bool
) -> None:
    """把政务公开工作方案文本（.txt 或 .docx）转换为方案文件，并在标准错误输出核对报告。

    报告列出找到的任务、单位和义务，以及需要人工核对的事项：未知单位（附最接近的名称）、
    恢复的字符、含义不确定或没有具体时限的表述。-o 指定的方案文件已存在时替换它；
    名录文件已存在时不替换，除非加 --force。退出码：0 完成；2 文件无法读取或不是方案，
    或输出文件是输入文件、名录文件已存在。
    """
    from govflow.cli.output import refuse_inputs, refuse_unnamed, write_output
    from govflow.importer.document import DocumentError, PlanImportError, import_plan, read_document
    from govflow.plan.units import UnitDirectory, load_directory
    from govflow.plugins.manager import registry

    if year is not None and not 2000 <= year <= 2200:
        _bad(f"--year {year}：应为方案年度，如 2023")
    directory: UnitDirectory | None = None
    units_path: Path | None = None
    if units_ref is not None:
        try:
            if Path(units_ref).suffix == ".toml" or os.sep in units_ref or "/" in units_ref:
                units_path = Path(units_ref)
                directory = load_directory(units_path)
            else:
                shipped = registry().unit_directories()
                if units_ref not in shipped:
                    known = "、".join(sorted(shipped)) or "无"
                    _bad(
                        f"--units {units_ref}：没有这个单位名录文件，也没有插件提供此编号的名录"
                        f"（已有：{known}）"
                    )
                directory = shipped[units_ref].load()
        except ValueError as exc:
            _bad(f"--units {units_ref}：无法载入单位名录：{exc}")
    try:
        text = read_document(document)
        result = import_plan(
            text,
            year=year,
            directory=directory,
            extra_patterns=registry().phrase_patterns(),
            source=Path(document).name,
            areas=registry().areas().values(),
            directories=registry().unit_directories().values(),
        )
    except DocumentError as exc:
        _bad(f"无法读取文档：{exc}")
    except PlanImportError as exc:
        _bad(f"{document}：{exc}")

    out = Path(output) if output else None
    inputs: list[str | Path] = [document, *([units_path] if units_path is not None else [])]
    notes: list[str] = []
    units_file: Path | None = None
    if out is not None:  # every refusal before anything is written
        refuse_inputs(out, inputs)
        if result.needs_directory_file:
            units_file = out.with_name(f"{out.stem}.units.toml")
            refuse_inputs(units_file, inputs, option="单位名录文件")
            refuse_unnamed([units_file], force=force)
    if result.needs_directory_file:
        name = f"{out.stem if out else result.plan.id}.units.toml"
        ref = name
        if units_file is not None:
            write_output(result.directory_toml(), units_file, inputs=inputs, option="单位名录文件")
            notes.append(
                f"已写入单位名录：{units_file}（含 {len(result.generated_units)} 个"
                "由导入生成的单位，类别为推断）"
            )
        else:
            notes.append(
                f"方案引用的单位名录 {name} 未写出（输出到标准输出时不写文件）；"
                "请使用 -o 同时生成名录文件"
            )
    elif units_path is not None:
        base = out.parent if out is not None else Path.cwd()
        ref = os.path.relpath(units_path.resolve(), base.resolve())
    else:
        ref = result.base_directory
    toml_text = result.to_toml(units=ref)
    if out is not None:
        write_output(toml_text, out, inputs=inputs)
        notes.insert(0, f"已写入方案文件：{out}")
    else:
        sys.stdout.write(toml_text)
    report = result.report()
    echo(report, err=True)  # it quotes the document: shown inert
    for n in notes:
        echo(n, err=True)
    if out is not None:
        echo(f"核对后可运行：govflow agenda --plan {out}", err=True)


def _bad(message: str) -> NoReturn:
    echo(f"错误：{message}", err=True)
    raise SystemExit(EXIT_BAD_INPUT)
