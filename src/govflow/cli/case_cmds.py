"""``govflow case open|event|show|list|log``: live cases in the case store (:mod:`govflow.cases`)."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from govflow.cli._app import date_arg, echo, fail, json_text, main, plugin_registry, work_calendar
from govflow.cli.help import ChineseGroup

__all__ = ["DB_HELP", "case", "open_book"]

DB_HELP = (
    "案件库：SQLite 文件路径，或数据库 URL（如 postgresql+psycopg://用户@主机/库名）；"
    "默认为环境变量 GOVFLOW_DB，再默认为用户数据目录下的 cases.sqlite3。"
)
PLAN_HELP = "方案：插件提供的方案编号或方案文件路径（.toml）；默认：已安装插件提供的唯一方案。"
STATUSES = ("overdue", "open", "suspended", "done-late", "done", "closed", "untracked", "unjudged")


def actor(by: str | None) -> str:
    """Who records: ``--by``, else ``$GOVFLOW_USER``, else the login name."""
    if by:
        return by
    try:
        return os.environ.get("GOVFLOW_USER") or getpass.getuser()
    except (KeyError, OSError):  # no login name in a container
        return "未知"


def open_book(db: str | None, plan_ref: str | None, *, provisional: bool = False) -> Any:
    """The case book of the plan's units in the store *db*, judged by the installed rules."""
    from govflow.cases.book import CaseBook
    from govflow.cases.store import CaseStore
    from govflow.compliance.check import today_in_beijing
    from govflow.plugins.workspace import case_judge

    reg = plugin_registry()
    plan = reg.load_plan(plan_ref)
    case_kinds = reg.case_kinds()
    judge = case_judge(reg, plan, work_calendar(), provisional=provisional)
    store = CaseStore.open(db, case_kinds)
    return CaseBook(store, judge, plan, reg.record_kinds(), case_kinds, today_in_beijing())


def db_option(f: Any) -> Any:
    return click.option("--db", metavar="PATH|URL", help=DB_HELP)(f)


def plan_option(f: Any) -> Any:
    return click.option("--plan", "plan_ref", default=None, help=PLAN_HELP)(f)


F = TypeVar("F", bound=Callable[..., Any])


def viewing_options(f: F) -> F:
    """``--as-of``, ``--provisional``, ``--db``, ``--plan`` and ``--json``: what the commands
    that show cases as of a day take."""
    f = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")(f)
    f = plan_option(db_option(f))
    f = click.option(
        "--provisional", is_flag=True, help="节假日安排未发布的年份按法定节假日估算。"
    )(f)
    return click.option(
        "--as-of", "as_of", metavar="DATE", help="查看时点（默认今天，北京时间）。"
    )(f)


def recording_options(note_help: str) -> Callable[[F], F]:
    """``--note``, ``--by``, ``--db``, ``--plan`` and ``--json``: what every command that records
    an event takes."""

    def decorate(f: F) -> F:
        f = click.option("--json", "as_json", is_flag=True, help="以 JSON 输出案件。")(f)
        f = plan_option(db_option(f))
        f = click.option("--by", "by", help="登记人（默认环境变量 GOVFLOW_USER 或登录名）。")(f)
        return click.option("--note", default="", help=note_help)(f)

    return decorate


def _fields(pairs: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for p in pairs:
        name, sep, value = p.partition("=")
        if not sep or not name.strip():
            fail(f"--field 应写作 字段=值（如 channel=网络），实际为 {p!r}")
        out[name.strip()] = value.strip()
    return out


@main.group(cls=ChineseGroup)
def case() -> None:
    """在办案件：开案、登记事件（补正、征求意见、延期、答复……），查看期限、状态和依据。

    事件只增不改，更正以新事件替代旧事件；期限按 govflow check 的同一套规则计算。"""


@case.command("open")
@click.argument("case_id", metavar="ID")
@click.option(
    "--kind",
    "kind",
    required=True,
    help="案件类别：application（依申请公开）、message（网民留言），或已安装插件提供的类别。",
)
@click.option("--unit", required=True, help="承办单位（单位名录中的名称或别名）。")
@click.option(
    "--received",
    required=True,
    metavar="DATE",
    help="开案事件的日期，如收到申请之日；需要时刻的写作 2023-06-01 09:30。",
)
@click.option(
    "--field",
    "field_pairs",
    multiple=True,
    metavar="字段=值",
    help="开案时的其他字段，如 channel=网络，可多次使用。",
)
@recording_options("登记说明。")
def case_open(
    case_id: str,
    kind: str,
    unit: str,
    received: str,
    field_pairs: Sequence[str],
    note: str,
    by: str | None,
    db: str | None,
    plan_ref: str | None,
    as_json: bool,
) -> None:
    """开案：登记一件案件和它的开案事件（收到申请、收到留言）。编号已存在、单位不在名录、日期晚于今天时拒绝（退出码 2）。"""
    book = open_book(db, plan_ref)
    view = book.open(
        kind, case_id, unit, received, _fields(field_pairs), actor=actor(by), note=note
    )
    _show(view, as_json)


@case.command("event")
@click.argument("case_id", metavar="ID")
@click.argument("event")
@click.argument("when", metavar="DATE", required=False)
@click.option("--days", type=int, help="批准延期时延长的工作日数。")
@click.option(
    "--supersedes",
    type=int,
    metavar="N",
    help="更正第 N 号事件（日期录错时）；事件为 retracted 时撤销第 N 号事件。",
)
@recording_options("登记说明（更正、撤销时写明原因）。")
def case_event(
    case_id: str,
    event: str,
    when: str | None,
    days: int | None,
    supersedes: int | None,
    note: str,
    by: str | None,
    db: str | None,
    plan_ref: str | None,
    as_json: bool,
) -> None:
    """登记事件：EVENT 为事件名（依申请公开：correction-requested 告知补正、corrected 收到补正、
    consultation-sent 发出征求意见、consultation-received 被征求方收到、consultation-answered
    收到意见、extension-approved 批准延期（--days）、replied 答复、filed 报备、abandoned
    视为放弃申请、closed 结案），DATE 为发生日期。不可能的事件（早于前置事件、结案后、
    延期超过法定上限……）被拒绝并说明依据，不写入（退出码 2）。"""
    book = open_book(db, plan_ref)
    view = book.record(
        case_id, event, when, amount=days, supersedes=supersedes, actor=actor(by), note=note
    )
    _show(view, as_json)


@case.command("show")
@click.argument("case_id", metavar="ID")
@viewing_options
def case_show(
    case_id: str,
    as_of: str | None,
    provisional: bool,
    db: str | None,
    plan_ref: str | None,
    as_json: bool,
) -> None:
    """查看案件：状态、期限、每条计时规则的说明、计算过程、应办事项和依据。"""
    book = open_book(db, plan_ref, provisional=provisional)
    moment = date_arg(as_of, "--as-of") if as_of else None
    _show(book.show(case_id, moment), as_json)


def _show(view: Any, as_json: bool) -> None:
    from govflow.report.casework import case_text

    echo(json_text(view.to_dict(), ensure_ascii=False, indent=2) if as_json else case_text(view))


@case.command("list")
@click.option("--unit", help="只列该单位（或单位组）的案件。")
@click.option("--kind", "kind", help="只列该类别的案件。")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="只列该状态的案件，可多次使用。",
)
@viewing_options
def case_list(
    unit: str | None,
    kind: str | None,
    statuses: Sequence[str],
    as_of: str | None,
    provisional: bool,
    db: str | None,
    plan_ref: str | None,
    as_json: bool,
) -> None:
    """列出案件：编号、类别、单位、状态（已逾期、办理中、暂停计时、逾期办结、已办结、已结案）和期限。"""
    from govflow.cases.judge import CaseStatus
    from govflow.report.casework import cases_table

    book = open_book(db, plan_ref, provisional=provisional)
    moment = date_arg(as_of, "--as-of") if as_of else None
    wanted = [CaseStatus(s) for s in statuses] or None
    views = book.views(moment, unit=unit, kind=kind, statuses=wanted)
    if as_json:
        echo(json_text([view.summary() for view in views], ensure_ascii=False, indent=1))
    else:
        echo(cases_table(views))


@case.command("log")
@click.argument("case_id", metavar="ID")
@db_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def case_log(case_id: str, db: str | None, as_json: bool) -> None:
    """案件的登记记录（审计轨迹）：每个事件的序号、日期、登记人、登记时间（北京时间）和说明，
    含被更正、被撤销的事件。"""
    from govflow.cases.store import CaseStore
    from govflow.report.casework import case_log_text

    with CaseStore.open(db, plugin_registry().case_kinds()) as store:
        c = store.get(case_id)
    if as_json:
        echo(json_text(c.log(), ensure_ascii=False, indent=2))
    else:
        echo(case_log_text(c))
