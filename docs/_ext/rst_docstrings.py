"""Griffe extension: render govflow's reST-flavoured docstrings as Markdown.

govflow's docstrings follow the usual Python conventions: Sphinx roles (:class:`Due`,
:meth:`WorkCalendar.is_workday`), doctest examples (``>>> ...``) and ``::`` before a literal
block.  mkdocstrings reads docstrings as Markdown, where a role shows up verbatim and a doctest
becomes a nested block quote.  This extension rewrites them, in memory only (src/ is not
touched), before mkdocstrings renders the API pages:

* a role whose target is a public govflow object becomes a cross-reference to its entry in the
  API reference; any other role becomes inline code;
* a run of doctest lines becomes a fenced ``pycon`` block;
* a paragraph ending in ``::`` ends in ``:`` (the indented block after it is already code);
* attrs' ``__attrs_post_init__`` validators are kept out of the reference (an implementation
  detail that ``filters: public`` would otherwise list as a method).

Loaded by ``mkdocs.yml`` (``plugins.mkdocstrings.handlers.python.options.extensions``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:class|meth|func|mod|attr|data|exc|obj|const):`(~?)([^`]+)`")
DOCTEST = re.compile(r"^(\s*)>>> ")


def _lookup(root: griffe.Module, path: str) -> griffe.Object | griffe.Alias | None:
    """The object at the dotted *path* below the package *root*, or ``None``."""
    if path == root.path:
        return root
    prefix = root.path + "."
    if not path.startswith(prefix):
        return None
    try:
        found = root[path[len(prefix) :]]
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    return found if isinstance(found, griffe.Object | griffe.Alias) else None


def _target_path(root: griffe.Module, scope: griffe.Object, name: str) -> str | None:
    """Resolve *name* as written in a docstring of *scope*: itself, its parents, then absolute."""
    head, _, rest = name.partition(".")
    obj: griffe.Object | None = scope
    while obj is not None:
        member = obj.members.get(head)
        if member is not None:
            base = member.target_path if isinstance(member, griffe.Alias) else member.path
            return f"{base}.{rest}" if rest else base
        obj = obj.parent
    return name if _lookup(root, name) is not None else None


def _rendered(root: griffe.Module, path: str, pages: frozenset[str]) -> bool:
    """Whether the API pages render *path*: in a module with a page, public at every level."""
    prefix = root.path + "."
    if not path.startswith(prefix):
        return False
    parts = path[len(prefix) :].split(".")
    # pages are module paths below the package (calendar.workcalendar, sources)
    if not any(".".join(parts[:k]) in pages for k in range(1, len(parts) + 1)):
        return False
    for k in range(1, len(parts) + 1):
        obj = _lookup(root, prefix + ".".join(parts[:k]))
        if obj is None or isinstance(obj, griffe.Alias):
            return False
        if k > 1 and not obj.is_public:
            return False
    return True


def _roles(root: griffe.Module, scope: griffe.Object, text: str, pages: frozenset[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(2).strip()
        short = name.rsplit(".", 1)[-1] if match.group(1) else name
        path = _target_path(root, scope, name)
        if path is not None and _rendered(root, path, pages):
            return f"[`{short}`][{path}]"
        return f"`{short}`"

    return ROLE.sub(replace, text)


def _doctests(text: str) -> str:
    """Fence each run of doctest lines (prompt lines and their output) as ``pycon``."""
    out: list[str] = []
    lines = text.split("\n")
    k = 0
    while k < len(lines):
        m = DOCTEST.match(lines[k])
        if m is None:
            out.append(lines[k])
            k += 1
            continue
        indent = m.group(1)
        block: list[str] = []
        while k < len(lines) and lines[k].strip():
            block.append(lines[k][len(indent) :] if lines[k].startswith(indent) else lines[k])
            k += 1
        if out and out[-1].strip():
            out.append("")
        out.extend([f"{indent}```pycon", *(indent + b for b in block), f"{indent}```"])
    return "\n".join(out)


def _literal_blocks(text: str) -> str:
    """reST ``para::`` followed by an indented block: keep one colon."""
    return re.sub(r"(\S)::\n\n", r"\1:\n\n", text)


def _walk(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    for member in obj.members.values():
        if isinstance(member, griffe.Alias):
            continue
        found.extend(_walk(member))
    return found


class RstDocstrings(griffe.Extension):
    """Rewrite reST roles, doctests and ``::`` in every docstring of the loaded package.

    *pages* names the modules whose objects the API pages render (``calendar.workcalendar``, and the
    modules whose public objects it re-exports, such as ``calendar.days``); roles pointing
    elsewhere become plain code.
    """

    def __init__(self, pages: list[str] | None = None) -> None:
        super().__init__()
        self.pages = frozenset(pages or ())

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        for obj in _walk(pkg):
            if obj.name.startswith("__attrs_"):
                obj.public = False
            doc = obj.docstring
            if doc is None:
                continue
            doc.value = _roles(pkg, obj, _literal_blocks(_doctests(doc.value)), self.pages)
