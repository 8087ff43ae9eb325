"""JSON laid out for people and for size: the outer levels indented, each deeper value on one line.

A check of a million cases has a million findings; indented all the way down (``json.dumps(...,
indent=1)``) they take three times the lines and run through Python's pure-Python encoder, since
the C encoder only writes unindented JSON.  Here the outer levels (the result's sections, the
items of each list) are indented and every value below them is written by the C encoder on its
own line: one finding, one rejected row, one rule per line, easy to read and to ``grep``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

__all__ = ["RawJSON", "RawJSONItems", "layered_json", "layered_json_pieces"]


class RawJSON(str):
    """JSON text already encoded (and inert): :func:`layered_json_pieces` writes it as it is
    where it meets it as a value on a line of its own (an item of a list written item by item,
    such as a lazily written list of findings), instead of encoding it as a string."""

    __slots__ = ()


class RawJSONItems:
    """Several items of a list, each JSON text already encoded (and inert), met as one value
    of a list written item by item: :func:`layered_json_pieces` writes them as consecutive
    items, each on its line, in one piece (a million findings as a few hundred pieces)."""

    __slots__ = ("_items",)

    def __init__(self, items: list[str]) -> None:
        if not items:
            raise ValueError("RawJSONItems needs at least one item")
        self._items = items

    @property
    def items(self) -> list[str]:
        """The items' texts."""
        return self._items

    def joined(self, separator: str) -> str | bytes:
        """The items with *separator* between them: as text, or as its UTF-8 bytes (a kind
        of items that holds them outside Python strings), written as they are."""
        return separator.join(self.items)


def layered_json(value: Any, *, depth: int = 2, indent: int = 1, level: int = 0) -> str:
    """*value* as JSON (non-ASCII written as is): containers less than *depth* levels deep are
    indented by *indent* spaces per level as :func:`json.dumps` would; deeper values each take one
    line.  ``json.loads`` of the text gives back *value*.  *level* is how deep *value* itself
    lies in a document written piece by piece (its closing bracket is indented to match)."""
    return "".join(
        p if isinstance(p, str) else p.decode()
        for p in layered_json_pieces(value, depth=depth, indent=indent, level=level)
    )


def layered_json_pieces(
    value: Any, *, depth: int = 2, indent: int = 1, level: int = 0
) -> Iterator[str | bytes]:
    """The text of :func:`layered_json`, piece by piece, so that a large result can be written
    as it is encoded.  An iterator in *value* (a generator of findings) is written as a list and
    consumed one item at a time: the items need never be in memory together.  A piece is text,
    or UTF-8 bytes of items already encoded (:meth:`RawJSONItems.joined`)."""
    flat = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    key = json.JSONEncoder(ensure_ascii=False)

    def write(item: Any, level: int) -> Iterator[str | bytes]:
        if isinstance(item, RawJSON):
            yield item
            return
        if isinstance(item, Iterator):
            if level >= depth:
                items: list[str] = []
                for i in item:
                    if isinstance(i, RawJSONItems):
                        items.extend(i.items)
                    else:
                        items.append(i if isinstance(i, RawJSON) else flat.encode(i))
                yield "[" + ", ".join(items) + "]"
                return
            item = _Peeked(item)
        if level >= depth or not isinstance(item, dict | list | tuple | _Peeked) or not item:
            yield flat.encode(item if not isinstance(item, _Peeked) else [])
            return
        inner = "\n" + " " * (indent * (level + 1))
        if isinstance(item, dict):
            yield "{"
            for n, (name, member) in enumerate(item.items()):
                yield ("," if n else "") + inner + key.encode(_key(name)) + ": "
                yield from write(member, level + 1)
            yield "\n" + " " * (indent * level) + "}"
        else:
            yield "["
            for n, member in enumerate(item):
                if isinstance(member, RawJSONItems):  # many findings' lines in one piece
                    lead = ("," if n else "") + inner
                    text = member.joined("," + inner)
                    if isinstance(text, bytes):
                        yield RawJSON(lead)
                        yield text
                    else:
                        yield RawJSON(lead + text)
                    continue
                yield ("," if n else "") + inner
                if isinstance(member, RawJSON):  # a finding's line: no generator of its own
                    yield member
                else:
                    yield from write(member, level + 1)
            yield "\n" + " " * (indent * level) + "]"

    return write(value, level)


class _Peeked:
    """An iterator that knows whether it is empty (an empty list is written ``[]``)."""

    def __init__(self, items: Iterator[Any]) -> None:
        self._first = next(items, _Peeked)
        self._rest = items

    def __bool__(self) -> bool:
        return self._first is not _Peeked

    def __iter__(self) -> Iterator[Any]:
        if self._first is not _Peeked:
            yield self._first
            yield from self._rest


def _key(name: Any) -> str:
    """A dictionary key as :func:`json.dumps` writes it: strings as they are, numbers, booleans
    and ``None`` as their JSON text."""
    if isinstance(name, str):
        return name
    if name is True or name is False or name is None:
        return json.dumps(name)
    if isinstance(name, int | float):
        return json.dumps(name)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(name).__name__}")
