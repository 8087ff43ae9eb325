"""``govflow demo-data``: synthetic records for the Yudu plan, with planted violations.

Added to the command line through the ``govflow_cli_commands`` hook of :mod:`govflow_yudu`.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from govflow.cli import fail, work_calendar

__all__ = ["demo_data"]


@click.command("demo-data")
@click.option(
    "--year",
    type=int,
    default=2023,
    show_default=True,
    help="年度（演示数据按《于都县2023年政务公开工作方案》生成，只支持 2023）。",
)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False),
    help="输出目录（不存在则创建）；其中已有同名文件时拒绝，除非加 --force。",
)
@click.option("--seed", type=int, default=None, help="随机种子；同一种子生成的文件完全相同。")
@click.option(
    "--scale",
    type=click.FloatRange(0, 10),
    default=1.0,
    show_default=True,
    help="发布信息的数量倍数：1 为数万条；0 为刚好满足各项定额的最少条数（用于快速测试）。",
)
@click.option(
    "--clean", is_flag=True, help="不埋设违规和拒收记录：全部记录合规，govflow check 应退出 0。"
)
@click.option("--force", is_flag=True, help="允许替换输出目录中已有的同名文件。")
def demo_data(
    year: int, out: str, seed: int | None, scale: float, clean: bool, force: bool
) -> None:
    """生成演示数据：于都县各单位的发布信息、依申请公开、留言、工作事件和公开事项，
    并埋设一组已知的违规和拒收记录（清单见输出目录的 planted.json）。

    埋设的违规所属规则的插件未加载时，不计入这些违规，并在标准错误和 planted.json 中说明。

    退出码：0 已生成；2 用法错误，输出目录无法写入，或其中已有同名文件（未加 --force）。
    """
    from govflow.cli.output import refuse_unnamed, write_reason
    from govflow.plugins.manager import registry
    from govflow_yudu.demo import DEFAULT_SEED, FILES, PLAN_ID, DemoError, generate

    reg = registry()
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        fail(f"--out {folder}：这是一个文件，应为目录")
    # the files are named by the command, not by the user: an existing one is kept unless --force
    refuse_unnamed(
        [folder / name for name, _, _, _ in FILES] + [folder / "planted.json"], force=force
    )
    try:
        plan = reg.load_plan(PLAN_ID)
        data = generate(
            out,
            year=year,
            seed=DEFAULT_SEED if seed is None else seed,
            scale=scale,
            plant=not clean,
            plan=plan,
            calendar=work_calendar(),
            rules={r.id for r in reg.rules(plan)},
        )
    except DemoError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"--out {folder}：无法写入（{write_reason(exc)}）：{exc.filename or folder}")
    click.echo(f"已生成演示数据：{Path(out)}（种子 {data.seed}，倍数 {data.scale:g}）")
    for path in data.files:
        rows = data.rows.get(path.name)
        click.echo(f"  {path.name}" + (f"：{rows} 行" if rows is not None else ""))
    click.echo(
        f"埋设违规 {len(data.violations)} 项、拒收记录 {len(data.rejections)} 行"
        "（见 planted.json）。检查："
    )
    records = " ".join(f"--records {shlex.quote(str(p))}" for p in data.record_files)
    click.echo(f"  govflow check --plan {PLAN_ID} {records} --as-of {data.as_of.isoformat()}")
    if data.skipped:
        click.echo(data.skipped_note(), err=True)
