"""Unit clauses: 「〔牵头单位:…;责任单位:…〕」 in their variants, found and split into unit names."""

from __future__ import annotations

import re

_KEYS = {
    "牵头单位": "lead",
    "牵头部门": "lead",
    "主责单位": "lead",
    "主责部门": "lead",
    "责任单位": "responsible",
    "责任部门": "responsible",
    "配合单位": "responsible",
    "配合部门": "responsible",
    "协办单位": "responsible",
    "参与单位": "responsible",
}
_KEY = "(?:" + "|".join(_KEYS) + ")"
_OPENERS = {"〔": "〕", "[": "]", "【": "】", "(": ")", "〖": "〗"}
_CLAUSE_START = re.compile(rf"[〔\[【(〖]\s*{_KEY}")
_BARE_CLAUSE = re.compile(rf"{_KEY}\s*:")
_KEY_IN_CLAUSE = re.compile(rf"({_KEY})\s*:?")


def _find_clauses(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, content, closed) of each unit clause in *text*."""
    out: list[tuple[int, int, str, bool]] = []
    pos = 0
    while True:
        m = _CLAUSE_START.search(text, pos)
        if m is None:
            break
        opener = text[m.start()]
        closer = _OPENERS[opener]
        depth, i = 0, m.start()
        end = -1
        while i < len(text):
            c = text[i]
            if c == opener:
                depth += 1
            elif c == closer:
                depth -= 1
                if depth == 0:
                    end = i
                    break
            i += 1
        if end < 0:
            stop = text.find("\n", m.start())
            stop = len(text) if stop < 0 else stop
            out.append((m.start(), stop, text[m.start() + 1 : stop], False))
            pos = stop
        else:
            out.append((m.start(), end + 1, text[m.start() + 1 : end], True))
            pos = end + 1
    if not out:
        m = _BARE_CLAUSE.search(text)
        if m is not None:
            stop = text.find("\n", m.start())
            stop = len(text) if stop < 0 else stop
            out.append((m.start(), stop, text[m.start() : stop], True))
    return out


def _split_names(value: str) -> list[str]:
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for c in value:
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        if depth == 0 and c in "、,;，；\t ":
            names.append("".join(current))
            current = []
            continue
        current.append(c)
    names.append("".join(current))
    out = []
    for raw in names:
        n = raw.strip().strip("。.:：")
        n = re.sub(r"^(?:由|以及|及)(?=.{3})", "", n)
        n = re.sub(r"等$", "", n)
        if n:
            out.append(n)
    return out


def _parse_clause(content: str) -> tuple[list[str], list[str]]:
    lead: list[str] = []
    responsible: list[str] = []
    keys = list(_KEY_IN_CLAUSE.finditer(content))
    for i, k in enumerate(keys):
        end = keys[i + 1].start() if i + 1 < len(keys) else len(content)
        names = _split_names(content[k.end() : end])
        (lead if _KEYS[k.group(1)] == "lead" else responsible).extend(names)
    return lead, responsible
