"""Usage errors speak Chinese: govflow's own (``fail``) and click's parser messages, exit 2."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from govflow.cli import main


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["due", "2025-13-01", "5个工作日"], ["用法有误：START：", "YYYY-MM-DD"]),
        (["due", "2025-09-01"], ["缺少参数 PERIOD"]),
        (["due", "--provisonal", "2025-09-01", "5d"], ["没有选项 --provisonal", "--provisional"]),
        (["due", "2025-09-01", "5d", "extra"], ["多余的参数：extra"]),
        (["agenda", "--format", "xls"], ["--format 的值无效：xls 不是可选的值之一", "'ics'"]),
        (
            ["check", "--records", "x.csv", "--lead-time", "99"],
            ["--lead-time 的值无效：99 不在允许的范围（0<=x<=60）内"],
        ),
        (
            ["check", "--counties", "x", "--jobs", "-1"],
            ["--jobs / -j 的值无效：-1 不在允许的范围（x>=0）内"],
        ),
        (["no-such-command"], ["没有命令 no-such-command"]),
        (["--bogus"], ["没有选项 --bogus"]),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(args: list[str], words: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("错误：用法有误："), result.stderr
    for word in words:
        assert word in result.stderr
    assert "--help 查看用法" in result.stderr
    for english in ("Usage:", "Error:", "Try '"):
        assert english not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", [["--help"], ["due", "--help"], ["agenda", "-h"]])
def test_help_screens_are_chinese(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    shown = result.stdout
    assert shown.startswith("用法：govflow")
    assert "\n选项:\n" in shown
    assert "显示本帮助并退出。" in shown
    for english in ("Usage:", "Options:", "Commands:", "Show this message", "[default:"):
        assert english not in shown
    if args == ["--help"]:
        assert "\n命令:\n" in shown
        assert "显示版本号并退出。" in shown


def test_option_notes_are_chinese() -> None:
    shown = CliRunner().invoke(main, ["agenda", "--help"]).stdout
    assert "[默认：table]" in shown
