"""``govflow notices import TEXT``: the text of a holiday notice to a notice file.

The TOML written loads back with :func:`govflow.calendar.notices.load_notice` (``--notice``);
``--json`` prints the days for scripts.  A text that is not a whole notice is refused (exit 2)
quoting the sentence at fault: nothing is written.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from govflow.calendar.notices import Amendment, Notice, NoticeError, apply_amendment
from govflow.calendar.noticetext import (
    DEFAULT_ADDRESS,
    decode_notice_text,
    is_amendment_text,
    parse_amendment_text,
    parse_notice_text,
)
from govflow.cli._app import echo, json_text
from govflow.cli.notices_cmds import notices
from govflow.cli.output import refuse_inputs, write_output
from govflow.text.files import CONFIG_LIMIT, FileRefused, read_limited

__all__ = ["import_notice", "notice_days", "notice_toml"]


def notice_days(notice: Notice) -> list[dict[str, str]]:
    """Every day the notice decides, sorted by date: holidays and make-up working days."""
    days = [
        {"date": d.isoformat(), "kind": "holiday", "name": b.name}
        for b in notice.breaks
        for d in b.rest_days
    ]
    days += [
        {"date": d.isoformat(), "kind": "workday", "name": b.name}
        for b in notice.breaks
        for d in b.workdays
    ]
    return sorted(days, key=lambda day: day["date"])


def _s(value: str) -> str:
    # a JSON string is a TOML basic string (the same escapes)
    return json.dumps(value, ensure_ascii=False)


def notice_toml(notice: Notice) -> str:
    """The notice as a TOML notice file (the format of :func:`load_notice`)."""
    ref = notice.ref
    lines = [
        f"# {ref.title}：由 govflow notices import 从通知原文生成",
        f"year = {notice.year}",
        f"number = {_s(ref.number)}",
        f"date = {ref.date.isoformat() if ref.date else _s('')}",
        f"title = {_s(ref.title)}",
        f"address = {_s(ref.address)}",
    ]
    if ref.address == DEFAULT_ADDRESS:
        lines.insert(
            -1, "# 原文没有网址：下面是中国政府网政策文件库，请改为通知原文的网址（或用 --address）"
        )
    for a in notice.amendments:
        days = ", ".join(d.isoformat() for d in a.days)
        lines += [
            "",
            "[[amendments]]",
            f"number = {_s(a.number)}",
            f"date = {a.date.isoformat() if a.date else _s('')}",
            f"title = {_s(a.title)}",
            f"address = {_s(a.address)}",
            f"days = [{days}]",
        ]
    for b in notice.breaks:
        workdays = ", ".join(d.isoformat() for d in b.workdays)
        lines += [
            "",
            "[[breaks]]",
            f"name = {_s(b.name)}",
            f"from = {b.first.isoformat()}",
            f"to = {b.last.isoformat()}",
            f"workdays = [{workdays}]",
        ]
    return "\n".join(lines) + "\n"


def _read(text: str) -> bytes:
    if text == "-":
        raw = sys.stdin.buffer.read(CONFIG_LIMIT + 1)
        if len(raw) > CONFIG_LIMIT:
            raise NoticeError(f"<标准输入>：通知原文超过 {CONFIG_LIMIT} 字节，不像一份通知")
        return raw
    try:
        return read_limited(text)
    except FileRefused as exc:
        raise NoticeError(f"{text}：无法读取通知原文：{exc.reason}") from None


@notices.command("import")
@click.argument("text", metavar="TEXT", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="写入通知文件（.toml）；不给出时写到标准输出。",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出通知及其每一天（供脚本使用）。")
@click.option(
    "--number",
    help="文号，如 国办发明电〔2025〕7号：原文（如新华社电稿）没有文号时给出。",
)
@click.option("--address", help="通知原文的网址（默认取原文中的 www.gov.cn 网址）。")
def import_notice(
    text: str, output: str | None, as_json: bool, number: str | None, address: str | None
) -> None:
    """把《国务院办公厅关于YYYY年部分节假日安排的通知》的原文（文本文件，UTF-8 或 GB18030；
    - 表示标准输入）转换为通知文件，可用 --notice 加载。

    原文也可以是年中的调整通知（如《国务院办公厅关于调整2019年劳动节假期安排的通知》
    《国务院办公厅关于延长2020年春节假期的通知》）：输出并入调整后的当年通知。"""
    if output is not None:
        refuse_inputs(output, [text] if text != "-" else [])
    notice, _ = notice_from_text(text, number=number, address=address)
    if as_json:
        data: dict[str, Any] = {
            "year": notice.year,
            "number": notice.ref.number or None,
            "date": notice.ref.date.isoformat() if notice.ref.date else None,
            "title": notice.ref.title,
            "days": notice_days(notice),
        }
        out = json_text(data, ensure_ascii=False, indent=2)
    else:
        out = notice_file_text(notice, "<标准输入>" if text == "-" else text)
    if output is None:
        echo(out.rstrip("\n"))
    else:
        write_output(out, output, inputs=[text] if text != "-" else [], newline=True)


def notice_from_text(
    text: str, *, number: str | None, address: str | None
) -> tuple[Notice, Amendment | None]:
    """The notice in the text file *text* (``-``: standard input), with *number* as its 文号
    when given (wire copies carry none).

    For an amendment's text, the notice of its year in the calendar of this run (built in or
    installed) with the amendment merged in, and the amendment.
    """
    import attrs

    source = "<标准输入>" if text == "-" else text
    decoded = decode_notice_text(_read(text))
    if not is_amendment_text(decoded):
        notice = parse_notice_text(decoded, source=source, address=address)
        if number:
            notice = attrs.evolve(notice, ref=attrs.evolve(notice.ref, number=number.strip()))
        return notice, None
    amendment = parse_amendment_text(decoded, source=source, address=address)
    if number:
        amendment = attrs.evolve(amendment, ref=attrs.evolve(amendment.ref, number=number.strip()))
    if not amendment.ref.number or amendment.ref.date is None:
        raise NoticeError(
            f"{source}：调整通知原文没有文号或发文日期，不能并入当年的通知；请用 --number 给出文号"
        )
    from govflow.cli._app import work_calendar

    base = work_calendar().notice_for(amendment.year)
    if base is None:
        raise NoticeError(
            f"{source}：这是对{amendment.year}年放假安排的调整，"
            f"但还没有{amendment.year}年的通知；请先安装该年的通知"
        )
    return apply_amendment(base, amendment), amendment


def notice_file_text(notice: Notice, source: str) -> str:
    """*notice* as a notice file (TOML); refused when the text gave no 文号 or date, which a
    notice file must have."""
    missing = [
        what
        for what, value in (("文号", notice.ref.number), ("发文日期", notice.ref.date))
        if not value
    ]
    if missing:
        hint = "；请用 --number 给出文号" if not notice.ref.number else ""
        raise NoticeError(
            f"{source}：原文没有{'和'.join(missing)}（新华社电稿常不带文号），"
            f"通知文件必须写明{hint}"
        )
    return notice_toml(notice)
