"""``govflow check --counties DIR`` (or ``--county-column COL``): every county of a province
in one run.

``DIR`` holds one folder per county, named after it; a county's folder holds its record files
(as ``--records`` reads a folder) and, when the county has a plan of its own, ``plan.toml``
(with its unit directory beside it, as the plan file names it); the others are checked against
``--plan``.  Every folder is looked at before any county is checked, so a folder that cannot be
checked stops the run at once (exit 2), naming it.  Counties are then checked one after another,
each on its own: memory holds one county's records and results at a time; or, with ``--jobs N``,
by N worker processes, one county each at a time (:mod:`govflow.cli.county_pool`), with the same
output.

With ``--county-column COL`` the counties are the values of a column of the ``--records``
files: each file is split once into one part per county (:func:`column_jobs`), and each county
is checked as above on its parts, under the original file names and lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from attrs import frozen

from govflow.cli._app import echo, fail, record_files
from govflow.compliance.suffixes import RECORD_SUFFIXES
from govflow.errors import GovflowError

__all__ = ["CountyJob", "column_jobs", "county_jobs"]

PLAN_FILE = "plan.toml"


@frozen
class CountyJob:
    """One county's folder, resolved: its plan and its record files."""

    name: str
    folder: Path
    plan_ref: str | None
    plan: Any
    files: list[str]
    kind_of: dict[str, str]


def county_jobs(root: str, plan_ref: str | None, reg: Any) -> list[CountyJob]:
    """The counties under *root*, each with its plan loaded and its record files listed;
    bad usage (exit 2) names the first folder that cannot be checked."""
    top = Path(root)
    if not top.is_dir():
        fail(f"--counties {root}：不是目录；应为每县一个子目录的目录")
    folders = sorted(p for p in top.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        fail(f"--counties {root}：目录中没有子目录；应为每县一个子目录，其中放该县的记录文件")
    strays = sorted(
        p.name for p in top.iterdir() if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES
    )
    if strays:  # nothing named like a record file is skipped silently
        fail(
            f"--counties {root}：{'、'.join(strays)} 直接放在目录下，不属于任何县；"
            "请移入该县的子目录"
        )
    kinds = reg.record_kinds()
    jobs = []
    loaded: dict[str | None, Any] = {}
    for folder in folders:
        own = folder / PLAN_FILE
        ref = str(own) if own.is_file() else plan_ref
        if not any(
            f.suffix.lower() in RECORD_SUFFIXES and not f.name.startswith("~$")
            for f in folder.iterdir()
        ):
            fail(
                f"--counties {root}：{folder.name}：子目录中没有记录文件"
                "（.csv、.jsonl、.xlsx、.xls、.parquet）"
            )
        try:
            # the counties checked against --plan share it: a frozen value, loaded once
            if ref not in loaded:
                loaded[ref] = reg.load_plan(ref)
            plan = loaded[ref]
        except GovflowError as exc:  # said with the county it belongs to
            fail(f"--counties {root}：{folder.name}：方案无法加载：{exc}")
        files, kind_of = record_files([str(folder)], kinds)
        jobs.append(CountyJob(folder.name, folder, ref, plan, files, kind_of))
    return jobs


def column_jobs(
    files: list[str],
    kind_of: dict[str, str],
    column: str,
    plan_ref: str | None,
    plans: str | None,
    reg: Any,
    read: Callable[[str], list[Any]],
    spool: Path,
) -> tuple[list[CountyJob], Any]:
    """``check --records FILE --county-column COL``: the files split by their county column
    (:func:`~govflow.compliance.countysplit.split_by_county`, parts under *spool*), one job per
    county found, checked against its own ``DIR/<县名>/plan.toml`` when ``--county-plans DIR``
    holds one, else against ``--plan``; and the split (the rows of no county).  *read* opens a
    file's streams as the check does."""
    from govflow.compliance.countysplit import split_by_county

    top = Path(plans) if plans is not None else None
    if top is not None and not top.is_dir():
        fail(f"--county-plans {plans}：不是目录；应为每县一个子目录、其中放 plan.toml 的目录")
    import sys

    streams = [s for f in files for s in read(f)]
    shown = (lambda f: echo(f"按“{column}”列分县：{f}", err=True)) if sys.stderr.isatty() else None
    parts = split_by_county(streams, column, spool, each=shown)
    if not parts.parts and not any(s.read for s in parts.leftover):
        fail(f"--county-column {column}：记录文件中没有数据行")
    loaded: dict[str | None, Any] = {}
    jobs = []
    for county, paths in parts.parts.items():
        own = top / county / PLAN_FILE if top is not None else None
        ref = str(own) if own is not None and own.is_file() else plan_ref
        try:
            if ref not in loaded:
                loaded[ref] = reg.load_plan(ref)
        except GovflowError as exc:  # said with the county it belongs to
            where = f"（--county-plans 下没有 {county}/{PLAN_FILE}）" if top is not None else ""
            fail(f"--county-column {column}：{county}{where}：方案无法加载：{exc}")
        kinds = {str(p): parts.kinds[str(p)] for p in paths}
        jobs.append(CountyJob(county, spool, ref, loaded[ref], [str(p) for p in paths], kinds))
    if top is not None:  # a county folder no row names: most likely a name spelt otherwise
        for folder in sorted(p for p in top.iterdir() if p.is_dir()):
            if (folder / PLAN_FILE).is_file() and folder.name not in parts.parts:
                echo(
                    f"说明：--county-plans 中有 {folder.name}/{PLAN_FILE}，"
                    f"但记录中没有“{column}”为 {folder.name} 的行",
                    err=True,
                )
    return jobs, parts


def check_counties(
    jobs: list[CountyJob],
    outcomes: Iterator[Any],
    *,
    progress: bool,
    sink: Callable[[Any], None] | None = None,
) -> list[Any]:
    """Take every county's outcome (:mod:`govflow.cli.county_pool`), in order: print its
    warnings, stop at an error or a ``--strict`` failure as a check of that county would; give
    the others to *sink* as soon as taken (their results are not kept).  Their summaries."""
    import click

    from govflow.errors import EXIT_BAD_INPUT
    from govflow.text.inert import inert

    out = []
    for i, job in enumerate(jobs, start=1):
        if progress:
            echo(f"[{i}/{len(jobs)}] {job.name}", err=True)
        outcome = next(outcomes)
        for line in outcome.lines:
            echo(line, err=True)
        if outcome.error is not None:  # a worker's error, printed as the command line prints it
            message, hint, code = outcome.error
            click.echo(inert(message), err=True)
            if hint:
                click.echo(inert(hint), err=True)
            raise SystemExit(code)
        if outcome.strict_failed:
            click.echo("（--strict：以上警告按错误处理，退出码 2）", err=True)
            raise SystemExit(EXIT_BAD_INPUT)
        if sink is not None:
            sink(outcome)
        out.append(outcome.summary)
    return out
