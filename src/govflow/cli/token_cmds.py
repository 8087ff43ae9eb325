"""``govflow token create|list|revoke``: the HTTP service's access tokens, kept hashed in the
case store (:mod:`govflow.cases.tokens`)."""

from __future__ import annotations

import click

from govflow.cli._app import echo, json_text, main, plugin_registry
from govflow.cli.case_cmds import actor, db_option, plan_option
from govflow.cli.help import ChineseGroup

__all__ = ["token"]


@main.group(cls=ChineseGroup)
def token() -> None:
    """HTTP 服务（govflow serve）的访问令牌：按单位发放，只显示一次，库中只存摘要。"""


def _tokens(db: str | None) -> object:
    from govflow.cases.store import CaseStore
    from govflow.cases.tokens import TokenStore

    return TokenStore(CaseStore.open(db, plugin_registry().case_kinds()))


@token.command("create")
@click.option("--unit", help="令牌所属单位（名录中的名称或别名）：只能查看、登记本单位的案件。")
@click.option("--admin", is_flag=True, help="管理令牌：全部单位的案件、检查和通报。")
@click.option(
    "--read-only",
    "read_only",
    is_flag=True,
    help="只读：不能开案、登记；不与 --unit 同用时为全部单位只读。",
)
@click.option("--label", default="", help="令牌用途或持有人，如 “财政局 OA 对接”，记入登记人。")
@click.option("--by", "by", help="发放人（默认环境变量 GOVFLOW_USER 或登录名）。")
@db_option
@plan_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（含令牌本身）。")
def token_create(
    unit: str | None,
    admin: bool,
    read_only: bool,
    label: str,
    by: str | None,
    db: str | None,
    plan_ref: str | None,
    as_json: bool,
) -> None:
    """发放令牌。令牌只在此显示一次，请立即交给使用方；库中只保存其摘要。"""
    from govflow.cases.tokens import TokenStore

    store = _tokens(db)
    assert isinstance(store, TokenStore)
    if unit is not None:
        plan = plugin_registry().load_plan(plan_ref)
        unit = plan.directory.lookup(unit, where="--unit").name
    secret, made = store.create(
        unit=unit, admin=admin, read_only=read_only, label=label, created_by=actor(by)
    )
    if as_json:
        echo(json_text({"token": secret, **made.to_dict()}, ensure_ascii=False, indent=1))
        return
    click.echo(secret)
    echo(f"已发放令牌 {made.id}（{made.role}）；令牌只显示这一次，请妥善保存。", err=True)


@token.command("list")
@click.option("--all", "include_revoked", is_flag=True, help="也列出已撤销的令牌。")
@db_option
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def token_list(include_revoked: bool, db: str | None, as_json: bool) -> None:
    """列出令牌：编号、提示（前后几位）、单位和权限、用途、发放人和时间（不含令牌本身）。"""
    from govflow.cases.tokens import TokenStore
    from govflow.report.casework import text_table

    store = _tokens(db)
    assert isinstance(store, TokenStore)
    tokens = store.list(include_revoked=include_revoked)
    if as_json:
        echo(json_text([t.to_dict() for t in tokens], ensure_ascii=False, indent=1))
        return
    if not tokens:
        echo("没有有效的令牌；govflow token create 发放令牌。")
        return
    rows = [
        [
            str(t.id),
            t.hint,
            t.role,
            t.label,
            t.created_by,
            str(t.to_dict()["created_at"]),
            "已撤销" if t.revoked_at else "有效",
        ]
        for t in tokens
    ]
    echo(text_table([["编号", "提示", "权限", "用途", "发放人", "发放时间", "状态"], *rows]))


@token.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
@db_option
def token_revoke(token_id: int, db: str | None) -> None:
    """撤销令牌（编号见 govflow token list）：立即失效，记录保留。"""
    from govflow.cases.tokens import TokenStore

    store = _tokens(db)
    assert isinstance(store, TokenStore)
    made = store.revoke(token_id)
    echo(f"已撤销令牌 {made.id}（{made.role}）。")
