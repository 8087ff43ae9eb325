"""Lazy re-exports for package facades (PEP 562): a name is imported from its module on first
use, so that importing one module of a package does not import the others, and ``import
govflow`` stays cheap.  Imports nothing of govflow: any layer may use it."""

from __future__ import annotations

import sys
from importlib import import_module

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing would cost `import govflow` time
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    module: str, exports: Mapping[str, str], listed: Iterable[str] = ()
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of the facade *module*: each name of *exports* comes
    from the module it maps to; ``dir()`` shows *listed* (its ``__all__``), else the exports."""
    shown = sorted(listed or exports)

    def attribute(name: str) -> Any:
        target = exports.get(name)
        if target is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(import_module(target), name)
        setattr(sys.modules[module], name, value)  # later lookups do not come here again
        return value

    def names() -> list[str]:
        return shown

    return attribute, names
