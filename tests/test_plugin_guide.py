"""docs/plugin-guide.md stays true: its code is the example plugin's code, its output is real.

* Every code block with ``title="PATH"`` shows (a part of) the file PATH of
  examples/govflow-village-cadence; the blocks of one file, joined with two blank lines, are the
  whole file.
* Every ``console`` block running ``govflow agenda`` or ``govflow check`` prints exactly what the
  guide shows: that runs on the Yudu plan, in plugins/yudu/tests/test_yudu_plugin_guide.py.
"""

from __future__ import annotations

from guide_support import (  # noqa: F401 - fixtures are found by name
    EXAMPLE,
    GUIDE,
    ROOT,
    Register,
    _blocks,
    village_cadence,
)


def test_guide_code_is_the_example_package() -> None:
    shown: dict[str, list[str]] = {}
    for _lang, title, body in _blocks():
        if title is not None and not title.endswith(".csv"):
            shown.setdefault(title, []).append(body.rstrip("\n"))
    assert set(shown) == {
        "pyproject.toml",
        "src/govflow_village_cadence/__init__.py",
        "tests/test_govflow_village_cadence.py",
    }
    for title, parts in shown.items():
        actual = (EXAMPLE / title).read_text("utf-8")
        assert "\n\n\n".join(parts) + "\n" == actual, f"the guide's {title} differs from the file"
