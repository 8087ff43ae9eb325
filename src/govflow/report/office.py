"""The optional libraries behind the Word and Excel outputs (``pip install 'govflow[office]'``).

python-docx and openpyxl are not needed by the core; a command asked for ``--format docx`` or
``xlsx`` without them stops with exit 2 and says, in Chinese, what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from govflow.errors import InputError

__all__ = ["MissingExtraError", "need"]

_PACKAGES = {"docx": "python-docx", "openpyxl": "openpyxl"}


class MissingExtraError(InputError):
    """A library an output format needs is not installed (exit 2)."""

    label = "缺少可选依赖"


def need(module: str, what: str) -> ModuleType:
    """Import *module* for *what* (「Word 文档（--format docx）」); :class:`MissingExtraError`
    naming the package and the ``office`` extra when it is missing."""
    try:
        return importlib.import_module(module)
    except ImportError:
        package = _PACKAGES.get(module, module)
        error = MissingExtraError(f"生成{what}需要 {package}，但没有安装")
        error.hint = f"请安装：pip install 'govflow[office]'（或 pip install {package}）"
        raise error from None
