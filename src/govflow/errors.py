"""govflow's one error family.

Every error govflow raises for bad input, unpublished data or a misbehaving plugin is a
:class:`GovflowError`.  Its message (``str(exc)``) is Simplified Chinese and names the file, line,
key or field and what was expected; its :attr:`~GovflowError.exit_code` is the command line's
exit status, so the command line catches this one base class.  English stays in identifiers
and JSON keys.

The subclasses keep the built-in base a caller may already catch (``ValueError`` for bad values,
``LookupError`` for a year or unit not found), so ``except ValueError`` still works.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FINDINGS",
    "EXIT_NOT_PUBLISHED",
    "GovflowError",
    "InputError",
    "NotPublishedError",
    "PluginError",
]

EXIT_FINDINGS = 1
"""Findings: violations, or rows rejected."""
EXIT_BAD_INPUT = 2
"""Bad input or usage: the message says what was wrong and what is accepted."""
EXIT_NOT_PUBLISHED = 3
"""The answer needs data govflow does not have (a holiday arrangement not yet published)."""


class GovflowError(Exception):
    """Base of govflow's errors: a Chinese message for people and an exit code for the CLI."""

    exit_code: ClassVar[int] = EXIT_BAD_INPUT
    label: ClassVar[str] = ""
    """What went wrong, in a few Chinese words, put before the message (「方案文件有误」)."""
    hint: str = ""
    """What the user can do about it (「可加 --provisional 估算」); printed on its own line."""

    def describe(self) -> str:
        """The message as the command line prints it: 「错误：<label>：<message>」."""
        text = str(self)
        if self.label and not text.startswith(self.label):
            text = f"{self.label}：{text}"
        return f"错误：{text}"


class InputError(GovflowError, ValueError):
    """Bad input: a file, a value or an option that is not what govflow accepts (exit 2)."""


class NotPublishedError(GovflowError, LookupError):
    """Data govflow lacks and will not guess: an unpublished year's calendar (exit 3)."""

    exit_code: ClassVar[int] = EXIT_NOT_PUBLISHED


class PluginError(GovflowError, RuntimeError):
    """A plugin misbehaves: a duplicate id, a wrong return type, an ill-typed template (exit 2)."""

    label: ClassVar[str] = "插件有误"
