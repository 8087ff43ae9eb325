"""Loading a repository script (``bench/*.py``) as a module, for the smoke tests that run it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["REPO", "load_script"]

REPO = Path(__file__).resolve().parent.parent
"""The repository root."""


def load_script(path: Path) -> ModuleType:
    """The script at *path* imported as a module named after the file (registered in
    ``sys.modules`` while it executes: dataclasses look their module up then)."""
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module
