"""The layout of ``src/govflow`` keeps its layers: read from the source with :mod:`ast`, not imported.

* no import cycle between modules (imports inside functions and under ``if TYPE_CHECKING:``
  count: either ties two modules together for a reader);
* every import points down the data's path: ``errors``, ``sources`` < ``text`` < ``calendar`` <
  ``periods`` < ``plan`` < {``importer``, ``compliance``} < ``cases`` < ``report`` < ``plugins`` < ``server`` <
  {``cli``, ``testing``} < ``__main__`` (the program); siblings do not import each other; ``govflow/__init__.py`` (the lazy
  facade) is exempt;
* no module over 700 lines, except the data tables listed in :data:`DATA_TABLES`;
* only ``plugins/``, ``cli/`` and ``testing`` import ``govflow.plugins``: the layers below know
  no plugin machinery.

The checks are plain functions of a module graph, so the tests at the end plant a violation in a
copy of the tree and see each check fail.
"""

from __future__ import annotations

import ast
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import attrs
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
MAX_LINES = 700

#: Rank of each layer along the data's path: a module may import its own layer and lower ranks.
#: Equal ranks of different layers are siblings and may not import each other, except that every
#: layer may import ``errors`` (the one error family).
LAYERS: dict[str, int] = {
    "errors": 0,
    "sources": 0,
    "text": 1,
    "calendar": 2,
    "periods": 3,
    "plan": 4,
    "importer": 5,
    "compliance": 5,
    "cases": 6,
    "report": 7,
    "plugins": 8,
    "server": 9,
    "cli": 10,
    "testing": 10,
    "__main__": 11,
}
ALWAYS_IMPORTABLE = frozenset({"errors", "lazy"})
#: The top layers, which load plugins: the faces (the command line, the HTTP service) and the
#: plugin authors' test helpers.
PLUGIN_MACHINERY_USERS = frozenset({"plugins", "server", "cli", "testing"})

#: Modules left out of every check: the package facade (lazy imports by name).
EXEMPT = frozenset({"govflow"})

#: Modules that are data tables and may be longer than MAX_LINES (none today).
DATA_TABLES: frozenset[str] = frozenset()

#: Violations accepted for now, each with its reason (none today).  Keys: ("cycle", first module
#: of the cycle as reported), ("layer", importer, imported), ("size", module), ("plugins",
#: importer, imported).
KNOWN_EXCEPTIONS: frozenset[tuple[str, ...]] = frozenset()


@attrs.frozen
class Import:
    """One import statement's target, as a module of the tree."""

    source: str
    target: str
    line: int
    type_checking: bool


@attrs.frozen
class Tree:
    """The modules of a source tree: their line counts and their imports of each other."""

    lines: Mapping[str, int]
    imports: tuple[Import, ...]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, guarded: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below *node*, with whether it sits under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield stmt, True
                yield from _walk(stmt, True)
            for stmt in child.orelse:
                yield stmt, guarded
                yield from _walk(stmt, guarded)
            continue
        yield child, guarded
        yield from _walk(child, guarded)


def _resolve(name: str, modules: Iterable[str]) -> str | None:
    """The module of the tree *name* refers to: itself, or the nearest package holding it."""
    known = set(modules)
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def read_tree(root: Path, package: str = "govflow") -> Tree:
    files = sorted((root / package).rglob("*.py"))
    names = {module_name(f, root): f for f in files}
    lines = {name: len(f.read_text("utf-8").splitlines()) for name, f in names.items()}
    found: list[Import] = []
    for name, f in names.items():
        is_package = f.name == "__init__.py"
        tree = ast.parse(f.read_text("utf-8"), str(f))
        for node, guarded in _walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")
                    base = base if is_package else base[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    stem = node.module or ""
                # "from pkg import mod" imports the module pkg.mod when there is one
                targets = [
                    f"{stem}.{a.name}" if f"{stem}.{a.name}" in names else stem for a in node.names
                ]
            for target in targets:
                if not (target == package or target.startswith(package + ".")):
                    continue
                resolved = _resolve(target, names)
                if resolved is not None and resolved != name:
                    imp = Import(name, resolved, getattr(node, "lineno", 0), guarded)
                    if imp not in found:  # "from m import a, b": one import of m
                        found.append(imp)
    return Tree(lines, tuple(found))


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def cycles(tree: Tree) -> list[list[str]]:
    """One cycle (as a path a -> ... -> a) per strongly connected group of modules."""
    graph: dict[str, set[str]] = {}
    for imp in tree.imports:
        if imp.source in EXEMPT or imp.target in EXEMPT:
            continue
        graph.setdefault(imp.source, set()).add(imp.target)
    found: list[list[str]] = []
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        # depth-first search with an explicit path; a back edge closes a cycle
        path: list[str] = [start]
        on_path: set[str] = {start}
        stack: list[Iterator[str]] = [iter(sorted(graph.get(start, ())))]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
            elif child in on_path:
                found.append([*path[path.index(child) :], child])
            elif child not in done:
                path.append(child)
                on_path.add(child)
                stack.append(iter(sorted(graph.get(child, ()))))
    unique: dict[frozenset[str], list[str]] = {}
    for cycle in found:
        unique.setdefault(frozenset(cycle), cycle)
    return list(unique.values())


def layer_violations(tree: Tree) -> list[tuple[Import, str]]:
    out: list[tuple[Import, str]] = []
    for imp in tree.imports:
        if imp.source in EXEMPT or imp.target in EXEMPT:
            continue
        a, b = layer_of(imp.source), layer_of(imp.target)
        if a == b or b in ALWAYS_IMPORTABLE or b == "":
            continue
        if a not in LAYERS or b not in LAYERS:
            out.append((imp, f"layer {a or b!r} is not in LAYERS: add it where it belongs"))
        elif LAYERS[b] > LAYERS[a]:
            out.append((imp, f"{a} (rank {LAYERS[a]}) may not import {b} (rank {LAYERS[b]})"))
        elif LAYERS[b] == LAYERS[a]:
            out.append((imp, f"{a} and {b} are siblings: neither imports the other"))
    return out


def oversized(tree: Tree) -> list[str]:
    return [
        f"{m} has {n} lines (at most {MAX_LINES})"
        for m, n in sorted(tree.lines.items())
        if n > MAX_LINES and m not in DATA_TABLES and m not in EXEMPT
    ]


def plugin_users(tree: Tree) -> list[Import]:
    return [
        imp
        for imp in tree.imports
        if layer_of(imp.target) == "plugins"
        and layer_of(imp.source) not in PLUGIN_MACHINERY_USERS
        and imp.source not in EXEMPT
    ]


def _where(imp: Import) -> str:
    guarded = " (under TYPE_CHECKING)" if imp.type_checking else ""
    return f"{imp.source} line {imp.line} imports {imp.target}{guarded}"


def problems(tree: Tree) -> dict[str, list[str]]:
    """Every violation not in KNOWN_EXCEPTIONS, by check."""
    out: dict[str, list[str]] = {"cycle": [], "layer": [], "size": [], "plugins": []}
    for cycle in cycles(tree):
        if ("cycle", cycle[0]) not in KNOWN_EXCEPTIONS:
            out["cycle"].append("import cycle: " + " -> ".join(cycle))
    for imp, rule in layer_violations(tree):
        if ("layer", imp.source, imp.target) not in KNOWN_EXCEPTIONS:
            out["layer"].append(f"{_where(imp)}: {rule}")
    for message in oversized(tree):
        if ("size", message.split()[0]) not in KNOWN_EXCEPTIONS:
            out["size"].append(message)
    for imp in plugin_users(tree):
        if ("plugins", imp.source, imp.target) not in KNOWN_EXCEPTIONS:
            out["plugins"].append(
                f"{_where(imp)}: only plugins/ and cli/ may import the plugin machinery"
            )
    return out


@pytest.fixture(scope="module")
def tree() -> Tree:
    return read_tree(SRC)


def test_the_tree_is_read(tree: Tree) -> None:
    # a reader that finds nothing would pass every check below
    assert "govflow.calendar.workcalendar" in tree.lines
    assert Import("govflow.periods.core", "govflow.calendar.workcalendar", 0, False) in {
        attrs.evolve(i, line=0) for i in tree.imports
    }


def test_no_import_cycles(tree: Tree) -> None:
    found = problems(tree)["cycle"]
    assert not found, "\n".join(found)


def test_imports_point_down_the_layers(tree: Tree) -> None:
    found = problems(tree)["layer"]
    assert not found, "\n".join(found)


def test_no_module_is_oversized(tree: Tree) -> None:
    found = problems(tree)["size"]
    assert not found, "\n".join(found)


def test_only_plugins_and_cli_import_the_plugin_machinery(tree: Tree) -> None:
    found = problems(tree)["plugins"]
    assert not found, "\n".join(found)


def test_known_exceptions_are_still_needed(tree: Tree) -> None:
    """An exception whose violation is gone must leave the list, so it cannot hide a new one."""
    present: set[tuple[str, ...]] = set()
    present |= {("cycle", c[0]) for c in cycles(tree)}
    present |= {("layer", i.source, i.target) for i, _ in layer_violations(tree)}
    present |= {("size", m.split()[0]) for m in oversized(tree)}
    present |= {("plugins", i.source, i.target) for i in plugin_users(tree)}
    stale = sorted(KNOWN_EXCEPTIONS - present)
    assert not stale, f"no longer violated, remove from KNOWN_EXCEPTIONS: {stale}"


# -- the checks can fail: violations planted in a copy of the tree ---------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(SRC / "govflow", tmp_path / "govflow", ignore=shutil.ignore_patterns("data"))
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def test_a_planted_cycle_is_reported_with_its_path(copy: Path) -> None:
    # periods.core imports text.numerals; numerals importing periods.core closes a cycle
    _append(
        copy / "govflow/text/numerals.py",
        "\n\ndef _f() -> None:\n    import govflow.periods.core\n",
    )
    found = problems(read_tree(copy))
    assert any(
        "govflow.text.numerals" in c and "govflow.periods" in c and " -> " in c
        for c in found["cycle"]
    ), found["cycle"]
    assert any("govflow.text.numerals line" in v for v in found["layer"]), found["layer"]


def test_a_type_checking_import_counts_for_cycles_and_layers(copy: Path) -> None:
    """An import for type checking only still ties the modules together for a reader (and for
    the house's own check), so it counts as an edge of the import graph."""
    _append(
        copy / "govflow/text/numerals.py",
        "\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from govflow.periods.core import Period\n",
    )
    found = problems(read_tree(copy))
    assert any("govflow.text.numerals" in c for c in found["cycle"]), found["cycle"]
    assert any(
        "govflow.text.numerals" in v and "under TYPE_CHECKING" in v and "may not import" in v
        for v in found["layer"]
    ), found["layer"]


def test_siblings_may_not_import_each_other(copy: Path) -> None:
    _append(copy / "govflow/importer/naming.py", "\nfrom govflow.compliance import records\n")
    found = problems(read_tree(copy))["layer"]
    assert any(
        "govflow.importer.naming" in v and "govflow.compliance.records" in v and "siblings" in v
        for v in found
    ), found


def test_an_oversized_module_is_reported(copy: Path) -> None:
    _append(copy / "govflow/text/dates.py", "\n" * (MAX_LINES + 1))
    found = problems(read_tree(copy))["size"]
    assert any(v.startswith("govflow.text.dates has ") for v in found), found


def test_plugin_machinery_below_plugins_is_reported(copy: Path) -> None:
    _append(
        copy / "govflow/compliance/kinds.py",
        "\n\ndef _f() -> None:\n    from ..plugins import manager\n",
    )
    found = problems(read_tree(copy))
    assert any("govflow.compliance.kinds" in v for v in found["plugins"]), found["plugins"]
    assert any("govflow.compliance.kinds" in v for v in found["layer"]), found["layer"]
