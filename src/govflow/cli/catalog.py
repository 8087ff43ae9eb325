"""The built-in commands by name: the modules that define them and their help line.

``govflow --help`` lists every command with its help line; importing the commands' modules to
read those lines would import most of govflow (plans, records, reports).  The root group
(:mod:`govflow.cli._app`) reads this table instead and imports a command's modules only when the
command is run (or its own help shown).  tests/test_startup.py checks the table against the
commands themselves.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["BUILTIN_COMMANDS", "BuiltinCommand"]


class BuiltinCommand(NamedTuple):
    """Where a command is defined (importing the modules registers it on ``main``) and the first
    paragraph of its help, as ``--help`` shortens it."""

    modules: tuple[str, ...]
    help: str


_PLAN = ("govflow.cli.plan_cmds",)
_CALENDAR = ("govflow.cli.calendar_cmds",)

BUILTIN_COMMANDS: dict[str, BuiltinCommand] = {
    "agenda": BuiltinCommand(
        _PLAN, "列出方案每项义务在期间内的每一个到期日：单位、任务、规则和依据，按日期排序。"
    ),
    "annual-report": BuiltinCommand(
        ("govflow.cli.annual_cmd",),
        "按《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）统计年度报告的 "
        "表三（收到和处理政府信息公开申请情况）和表四（政府信息公开行政复议、行政诉讼情况）。",
    ),
    "calendar": BuiltinCommand(
        _CALENDAR, "显示某年（或某月）的工作日日历：法定节假日、调休休息日和调休上班日。"
    ),
    "case": BuiltinCommand(
        ("govflow.cli.case_cmds", "govflow.cli.case_io_cmd"),
        "在办案件：开案、登记事件（补正、征求意见、延期、答复……），查看期限、状态和依据。",
    ),
    "check": BuiltinCommand(
        ("govflow.cli.check_cmds",),
        "对照方案和法定期限检查记录：逐行评估或拒收，给出违规、临期和达标结果。",
    ),
    "due": BuiltinCommand(_CALENDAR, "计算期限的到期日并说明依据。"),
    "import": BuiltinCommand(
        ("govflow.cli.import_cmd",),
        "把政务公开工作方案文本（.txt 或 .docx）转换为方案文件，并在标准错误输出核对报告。",
    ),
    "new-plugin": BuiltinCommand(
        ("govflow.cli.new_plugin_cmd",),
        "生成一个插件包：pyproject.toml（入口点组 govflow）、带一个领域和一项有依据的义务的模块、 "
        "py.typed、README 和基于 govflow.testing.PluginContract 的测试。",
    ),
    "notices": BuiltinCommand(
        (  # the group, then the modules registering its subcommands
            "govflow.cli.notices_cmds",
            "govflow.cli.notices_diff_cmd",
            "govflow.cli.notices_import_cmd",
            "govflow.cli.notices_store_cmd",
        ),
        "节假日安排通知：把国务院办公厅通知的原文转换为通知文件，安装前查看它改变了什么，"
        "安装后供以后的命令使用。",
    ),
    "plugins": BuiltinCommand(_PLAN, "列出已安装的插件：名称、版本、实现的钩子和提供的领域。"),
    "remind": BuiltinCommand(
        ("govflow.cli.remind_cmd",),
        "在办案件的到期提醒：已逾期、今日到期、N个工作日内到期，按单位列出。",
    ),
    "report": BuiltinCommand(
        ("govflow.cli.report_cmd",),
        "生成月度通报：各单位存在的问题（与同一时点的 govflow check 一致）、单项否决、发布情况、 "
        "后五名、定额未达标、账号和栏目未更新、申请和留言超期临期、整改期限和复核、通报批评和约谈、"
        "拒收的记录。",
    ),
    "serve": BuiltinCommand(
        ("govflow.cli.serve_cmd",),
        "以 HTTP 服务提供 govflow：JSON 接口（/api/v1/…）和科室网页（/）。",
    ),
    "token": BuiltinCommand(
        ("govflow.cli.token_cmds",),
        "HTTP 服务（govflow serve）的访问令牌：按单位发放，只显示一次，库中只存摘要。",
    ),
    "tasks": BuiltinCommand(
        _PLAN, "列出方案的任务：牵头单位、责任单位、领域和义务（含插件补充的法定义务）。"
    ),
    "units": BuiltinCommand(_PLAN, "列出方案使用的单位名录：单位类别、全称、别名和所属单位组。"),
}
