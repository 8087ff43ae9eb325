"""``govflow notices``: the State Council's holiday notices as govflow reads them.

The group only; its commands live in their own modules (reading a notice's text, installing
notices for later commands, what a new notice changes), each registering on :data:`notices`.
"""

from __future__ import annotations

from govflow.cli._app import main
from govflow.cli.help import ChineseGroup

__all__ = ["notices"]


@main.group(name="notices", cls=ChineseGroup)
def notices() -> None:
    """节假日安排通知：把国务院办公厅通知的原文转换为通知文件，安装前查看它改变了什么，安装后供以后的命令使用。"""
