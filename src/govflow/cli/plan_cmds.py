"""``govflow agenda``, ``tasks``, ``units`` and ``plugins``: the plan and its duties."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import click

from govflow.cli._app import date_arg, echo, fail, json_text, main, work_calendar
from govflow.cli.villages_opt import plan_with_villages, villages_option

__all__ = ["agenda", "plugins_cmd", "tasks", "units"]

_PLAN_HELP = "方案：插件提供的方案编号或方案文件路径（.toml）；默认：已安装插件提供的唯一方案，或环境变量 GOVFLOW_PLAN。"


def _load_plan(ref: str | None) -> Any:
    from govflow.plugins.manager import registry

    return registry().load_plan(ref)


@main.command()
@click.option("--plan", "plan_ref", default=None, help=_PLAN_HELP)
@click.option("--year", type=int, help="只看该年（1月1日至12月31日）。")
@click.option("--unit", help="只看该单位（或单位组）的事项，如 县财政局、各乡(镇)人民政府。")
@click.option("--area", help="只看该领域，如 newmedia、finance（见 govflow plugins）。")
@click.option("--from", "date_from", metavar="DATE", help="起始日期（默认方案印发日）。")
@click.option("--to", "date_to", metavar="DATE", help="截止日期（默认方案年度年底）。")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "ics"]),
    default="table",
    show_default=True,
    help="输出格式。",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="写入文件（ics 格式建议使用）。",
)
@click.option("--provisional", is_flag=True, help="节假日安排未发布的年份按法定节假日估算。")
@villages_option
def agenda(
    plan_ref: str | None,
    year: int | None,
    unit: str | None,
    area: str | None,
    date_from: str | None,
    date_to: str | None,
    fmt: str,
    output: str | None,
    provisional: bool,
    villages: str | None,
) -> None:
    """列出方案每项义务在期间内的每一个到期日：单位、任务、规则和依据，按日期排序。"""
    from govflow.cli.check_cmds import plan_inputs
    from govflow.cli.output import write_output
    from govflow.plan.villages import village_fallback
    from govflow.report.agenda import build_agenda

    plan = plan_with_villages(_load_plan(plan_ref), villages)
    own = [*plan_inputs(plan_ref), *([villages] if villages else [])]
    start = date_arg(date_from, "--from") if date_from else None
    end = date_arg(date_to, "--to") if date_to else None
    if year is not None:
        if not 2000 <= year <= 2200:
            fail(f"--year {year}：应为方案年度，如 2023")
        start = start or date(year, 1, 1)
        end = end or date(year, 12, 31)
    if area is not None and area not in _known_areas(plan):
        fail(f"--area {area!r}：方案中没有这个领域；方案的领域：{'、'.join(_known_areas(plan))}")
    if unit is not None:
        plan.directory.lookup(unit, where="--unit")  # UnitError: exit 2 with suggestions
    try:
        result = build_agenda(
            plan,
            work_calendar(),
            start=start,
            end=end,
            unit=unit,
            area=area,
            provisional=provisional,
        )
    except ValueError as exc:
        fail(str(exc))
    fallback = village_fallback(
        plan,
        [o for o in plan.obligations() if area is None or plan.in_area(o, area)],
        units=None if unit is None else [u.name for u in plan.directory.expand(unit)],
    )
    if fallback:  # the rows of those townships say so too (their entity)
        echo(f"说明：{fallback}", err=True)
    if fmt == "ics":
        data = result.to_ics()
        if output:
            write_output(data, output, inputs=own)
        else:
            sys.stdout.buffer.write(data)
        return
    text = {"table": result.to_table, "json": result.to_json, "csv": result.to_csv}[fmt]()
    if output:
        write_output(text, output, inputs=own, newline=True)
    elif fmt == "csv" and not sys.stdout.isatty():  # data for a pipe or a file: kept whole
        click.echo(text.rstrip("\n"))
    else:  # on a terminal, CSV too is shown inert
        echo(text.rstrip("\n"))


def _known_areas(plan: Any) -> list[str]:
    areas = list(plan.areas)
    areas.extend(o.area for o in plan.obligations() if o.area and o.area not in areas)
    return areas


@main.command()
@click.option("--plan", "plan_ref", default=None, help=_PLAN_HELP)
@click.option("--area", help="只看该领域的任务。")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def tasks(plan_ref: str | None, area: str | None, as_json: bool) -> None:
    """列出方案的任务：牵头单位、责任单位、领域和义务（含插件补充的法定义务）。"""
    plan = _load_plan(plan_ref)
    selected = list(plan.tasks) if area is None else list(plan.area_tasks(area))
    extra_by_task: dict[str, list[Any]] = {}
    for o in plan.extra_obligations:
        extra_by_task.setdefault(o.task, []).append(o)
    if as_json:
        out = []
        for t in selected:
            obligations = [*t.obligations, *extra_by_task.get(t.key, [])]
            out.append(
                {
                    "number": t.number,
                    "section": t.section,
                    "title": t.title,
                    "area": t.area,
                    "areas": list(plan.areas_of(t)),
                    "lead": list(t.lead),
                    "responsible": list(t.responsible),
                    "obligations": [_obligation_json(o) for o in obligations],
                }
            )
        if area is None:
            for s in plan.safeguards:
                out.append(
                    {
                        "number": s.key,
                        "section": "三",
                        "title": s.title,
                        "area": "safeguards",
                        "lead": [],
                        "responsible": [],
                        "obligations": [_obligation_json(o) for o in s.obligations],
                    }
                )
        click.echo(json_text(out, ensure_ascii=False, indent=1))
        return
    echo(f"{plan.title}（{plan.number}，{plan.issued.isoformat()}）")
    current = None
    for t in selected:
        if t.section != current:
            current = t.section
            try:
                echo(f"\n{t.section} {plan.section(t.section).title}")
            except KeyError:
                echo(f"\n{t.section}")
        echo(f"  {t.number}. {t.title}  [{'、'.join(plan.areas_of(t)) or '未分领域'}]")
        if t.lead:
            echo(f"     牵头单位：{'、'.join(t.lead)}")
        if t.responsible:
            echo(f"     责任单位：{'、'.join(t.responsible)}")
        for o in (*t.obligations, *extra_by_task.get(t.key, [])):
            origin = "" if o.origin == "plan" else f"（{o.origin}插件）"
            echo(f"     · {o.title}：{o.describe()}{origin}")
            echo(f"       依据：{o.citation.cite()}")
    if area is None and plan.safeguards:
        echo("\n三 保障措施")
        for s in plan.safeguards:
            echo(f"  {s.id}{s.title}")
            for o in s.obligations:
                echo(f"     · {o.title}：{o.describe()}")
                echo(f"       依据：{o.citation.cite()}")


def _obligation_json(o: Any) -> dict[str, Any]:
    return {
        "id": o.id,
        "title": o.title,
        "kind": o.rule.kind,
        "rule": o.describe(),
        "applies_to": list(o.applies_to),
        "per": o.per.value,
        "origin": o.origin,
        "source": o.citation.to_dict(),
    }


@main.command()
@click.option("--plan", "plan_ref", default=None, help=_PLAN_HELP)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def units(plan_ref: str | None, as_json: bool) -> None:
    """列出方案使用的单位名录：单位类别、全称、别名和所属单位组。"""
    plan = _load_plan(plan_ref)
    directory = plan.directory
    membership: dict[str, list[str]] = {u.name: [] for u in directory.units}
    for g in directory.groups:
        for u in directory.expand(g.name):
            membership[u.name].append(g.name)
    if as_json:
        doc = directory.to_dict()
        for u in doc["units"]:
            u["groups"] = membership[u["name"]]
        for g in doc["groups"]:
            g["expands_to"] = [u.name for u in directory.expand(g["name"])]
        click.echo(json_text(doc, ensure_ascii=False, indent=1))
        return
    echo(
        f"{directory.title}单位名录（{len(directory.units)} 个单位，{len(directory.groups)} 个单位组）"
    )
    echo("\n单位组：")
    for g in directory.groups:
        members = directory.expand(g.name)
        note = f"（{g.note}）" if g.note else ""
        alias = f"；又称 {'、'.join(g.aliases)}" if g.aliases else ""
        echo(f"  {g.name}：{len(members)} 个单位{note}{alias}")
    echo("\n单位：")
    for u in directory.units:
        alias = f"；又称 {'、'.join(u.aliases)}" if u.aliases else ""
        groups = f"；属于 {'、'.join(membership[u.name])}" if membership[u.name] else ""
        echo(f"  {u.name}（{u.kind.label}，{u.full_name or u.name}）{alias}{groups}")


@main.command(name="plugins")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON。")
def plugins_cmd(as_json: bool) -> None:
    """列出已安装的插件：名称、版本、实现的钩子和提供的领域。"""
    from govflow.plugins.manager import registry

    reg = registry()
    infos = reg.plugins()
    areas_by_plugin: dict[str, list[str]] = {}
    for area_id, plugin_name in reg.area_plugins().items():
        areas_by_plugin.setdefault(plugin_name, []).append(area_id)
    area_titles = {a.id: a.title for a in reg.areas().values()}
    if as_json:
        click.echo(
            json_text(
                [
                    {
                        "name": p.name,
                        "distribution": p.distribution,
                        "version": p.version,
                        "builtin": p.builtin,
                        "hooks": list(p.hooks),
                        "areas": areas_by_plugin.get(p.name, []),
                    }
                    for p in infos
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return
    echo(f"已加载 {len(infos)} 个插件：")
    for p in infos:
        kind = "内置" if p.builtin else "已安装"
        echo(f"\n  {p.name}（{p.distribution} {p.version}，{kind}）")
        areas = areas_by_plugin.get(p.name, [])
        if areas:
            echo("    领域：" + "、".join(f"{a}（{area_titles.get(a, '')}）" for a in areas))
        echo("    钩子：" + ", ".join(p.hooks))
