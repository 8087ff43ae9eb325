"""The optional libraries behind the Word and Excel outputs (``pip install 'govflow[office]'``).

python-docx and openpyxl are not needed by the core; a command asked for ``--format docx`` or
``xlsx`` without them stops with exit 2 and says, in Chinese, what to install.  A command calls
:func:`need` before its work, so the missing library is reported at once.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from govflow.errors import InputError

__all__ = ["MissingExtraError", "need"]

_FORMATS = {
    "docx": ("docx", "python-docx", "Word 文档"),
    "xlsx": ("openpyxl", "openpyxl", "Excel 工作簿"),
}
"""Output format: the module imported, the package installing it, what it writes."""


class MissingExtraError(InputError):
    """A library an output format needs is not installed (exit 2)."""

    label = "缺少可选依赖"


def need(fmt: str) -> ModuleType:
    """The library behind ``--format`` *fmt* (``docx`` or ``xlsx``); :class:`MissingExtraError`
    naming the package and the ``office`` extra when it is missing."""
    module, package, what = _FORMATS[fmt]
    try:
        return importlib.import_module(module)
    except ImportError:
        error = MissingExtraError(f"生成 {what}（--format {fmt}）需要 {package}，但没有安装")
        error.hint = f"请安装：pip install 'govflow[office]'（或 pip install {package}）"
        raise error from None
