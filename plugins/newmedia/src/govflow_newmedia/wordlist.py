"""The user's error-word list (错误词表) and the check of post titles against it.

govflow ships no word list: which spellings are serious errors (a leader's name, the name of an
institution, 错误表述) is the office's own list.  Two file formats, both UTF-8:

* TOML (``.toml``): one ``[[entry]]`` table per entry, with ``wrong`` (the wrong form),
  ``right`` (the correct form), optionally ``level`` (``严重``, the default: 单项否决; or
  ``一般``: 扣分), ``kind`` (``错别字``, the default, ``错误表述`` or ``敏感词``; a 敏感词 has
  no correct form) and ``note``.  (TOML's bare keys are ASCII: hence English key names.)
* plain text (any other suffix): one entry a line, ``错误写法 => 正确写法`` (``→`` or a tab
  also separate), optionally a third field with the level; ``#`` starts a comment line.

Every problem is an :class:`WordListError` naming the file and the line.  A title *hits* an
entry when it contains the wrong form outside every occurrence of the correct form (an entry
``人民政 => 人民政府`` does not fire on 「人民政府」).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attrs import frozen

from govflow.errors import InputError

__all__ = ["LEVELS", "Entry", "Hit", "WordListError", "hits_in", "load_word_list", "parse_text"]

#: Levels of an entry: 严重 is a 单项否决 (严重表述错误), 一般 a deduction.
LEVELS = ("严重", "一般")
KINDS = ("错别字", "错误表述", "敏感词")


class WordListError(InputError):
    """The error-word list cannot be used: unreadable, or an entry is malformed."""

    label = "错误词表有误"


@frozen
class Entry:
    """One entry: the wrong form, its correct form (empty for a 敏感词), level, kind, line."""

    wrong: str
    right: str
    level: str = "严重"
    kind: str = "错别字"
    line: int = 0


@frozen
class Hit:
    """An entry found in a text at *position*."""

    entry: Entry
    position: int


def _check(entries: list[Entry], entry: Entry, where: str) -> None:
    """Add *entry* after validating it (the message names *where*: file and line)."""
    if not entry.wrong:
        raise WordListError(f"{where}：缺少错误写法")
    if entry.level not in LEVELS:
        raise WordListError(f"{where}：级别应为 严重 或 一般，实际为 {entry.level!r}")
    if entry.kind not in KINDS:
        raise WordListError(f"{where}：类别应为 {'、'.join(KINDS)} 之一，实际为 {entry.kind!r}")
    if entry.kind != "敏感词" and not entry.right:
        raise WordListError(
            f'{where}：{entry.wrong!r} 缺少正确写法（敏感词请在 TOML 词表中写 类别 = "敏感词"）'
        )
    if entry.right == entry.wrong:
        raise WordListError(f"{where}：错误写法与正确写法相同（{entry.wrong!r}）")
    for other in entries:
        if other.wrong == entry.wrong:
            raise WordListError(f"{where}：错误写法 {entry.wrong!r} 与第 {other.line} 行重复")
    entries.append(entry)


_SEP = re.compile(r"\s*(?:=>|→|\t)\s*")


def parse_text(text: str, source: str) -> list[Entry]:
    """The entries of a plain-text list (see the module's docstring)."""
    entries: list[Entry] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        parts = _SEP.split(line)
        if len(parts) not in (2, 3):
            raise WordListError(
                f"{where}：每行应为「错误写法 => 正确写法」（可再加「=> 严重」或「=> 一般」），"
                f"实际为 {line!r}"
            )
        level = parts[2] if len(parts) == 3 else "严重"
        _check(entries, Entry(parts[0], parts[1], level, "错别字", number), where)
    return entries


_KEYS = {"wrong", "right", "level", "kind", "note"}


def _toml_lines(text: str) -> list[int]:
    """The line of each ``[[entry]]`` header, in order."""
    return [
        i
        for i, line in enumerate(text.splitlines(), start=1)
        if re.match(r"\s*\[\[\s*[\"']?entry[\"']?\s*\]\]", line)
    ]


def _parse_toml(text: str, source: str) -> list[Entry]:
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's reason is English: keep only where it is
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        if m is None:
            raise WordListError(f"{source}：不是有效的 TOML") from None
        raise WordListError(
            f"{source}:{m.group(1)}：不是有效的 TOML（第 {m.group(2)} 列附近有语法错误；"
            '文字值须加引号，如 wrong = "错误写法"）'
        ) from None
    extra = sorted(set(doc) - {"entry"})
    if extra:
        raise WordListError(f"{source}：未知的表或键 {'、'.join(extra)}；词条应写在 [[entry]] 下")
    tables = doc.get("entry", [])
    if not isinstance(tables, list):
        raise WordListError(f"{source}：词条应写成 [[entry]]（数组表），每条一个")
    lines = _toml_lines(text)
    entries: list[Entry] = []
    for i, table in enumerate(tables):
        number = lines[i] if i < len(lines) else 0
        where = f"{source}:{number}" if number else f"{source}：第 {i + 1} 个词条"
        unknown = sorted(set(table) - _KEYS)
        if unknown:
            raise WordListError(
                f"{where}：未知的键 {'、'.join(unknown)}；可用：wrong（错误写法）、right（正确写法）、"
                "level（级别）、kind（类别）、note（说明）"
            )
        values: dict[str, str] = {}
        for key in ("wrong", "right", "level", "kind"):
            value: Any = table.get(key, "")
            if not isinstance(value, str):
                raise WordListError(f"{where}：{key} 应为文字，实际为 {value!r}")
            values[key] = value.strip()
        entry = Entry(
            values["wrong"],
            values["right"],
            values["level"] or "严重",
            values["kind"] or "错别字",
            number,
        )
        _check(entries, entry, where)
    return entries


def load_word_list(path: str | Path) -> list[Entry]:
    """The entries of the word list at *path* (TOML for ``.toml``, else plain text)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise WordListError(f"{p}：文件不存在") from None
    except UnicodeDecodeError:
        raise WordListError(f"{p}：不是 UTF-8 编码的文本（请另存为 UTF-8）") from None
    except OSError as exc:
        raise WordListError(f"{p}：无法读取（{exc.strerror or exc}）") from None
    entries = _parse_toml(text, str(p)) if p.suffix.lower() == ".toml" else parse_text(text, str(p))
    if not entries:
        raise WordListError(f"{p}：词表中没有词条")
    return entries


def _covered(text: str, right: str) -> list[tuple[int, int]]:
    spans = []
    start = text.find(right) if right else -1
    while start >= 0:
        spans.append((start, start + len(right)))
        start = text.find(right, start + 1)
    return spans


def hits_in(text: str, entries: Iterable[Entry]) -> list[Hit]:
    """The entries whose wrong form *text* contains outside the correct form, each once (at its
    first such position), in the order of the list.

    An occurrence of the wrong form every character of which lies inside occurrences of the
    correct form is not a hit: 「测试局」 inside 「测试局长」, and also 「长局」 straddling two
    「局长」 in 「局长局长」."""
    out: list[Hit] = []
    for entry in entries:
        wrong = entry.wrong
        if wrong not in text:
            continue
        inside = {k for a, b in _covered(text, entry.right) for k in range(a, b)}
        at = text.find(wrong)
        while at >= 0:
            if not all(k in inside for k in range(at, at + len(wrong))):
                out.append(Hit(entry, at))
                break
            at = text.find(wrong, at + 1)
    return out
