"""Untrusted text made inert for a terminal: the one function every plain-text rendering and the
command line's error printer use.

Text from records, plans, notices and command-line values can hold terminal control sequences
(``ESC [31m``, the 8-bit CSI ``\\x9b``, a bell, a carriage return that rewrites the line) and
bidirectional overrides (U+202E) that reorder what is shown.  :func:`inert` shows every such
character as a visible escape (``\\x1b``, ``\\u202e``) and keeps the line break ``\\n``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["inert", "is_inert_char", "json_inert"]


def is_inert_char(ch: str) -> bool:
    """Whether *ch* is shown as it is: not a control (C0, DEL, C1), not a format character
    (bidirectional overrides and isolates, zero-width characters), not unassigned or a lone
    surrogate, not a line or paragraph separator.  Private-use characters are shown as they are."""
    category = unicodedata.category(ch)
    return category == "Co" or not (category.startswith("C") or category in ("Zl", "Zp"))


@cache
def _suspect() -> re.Pattern[str]:
    """Characters worth a look: everything but printable ASCII, the line break, the common CJK
    ideographs and CJK and full-width punctuation, which are all shown as they are.  Compiled
    when first needed (its character set takes milliseconds): most text needs no look."""
    return re.compile(r"[^\x20-\x7e\n\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e]")


def _printable_lines(text: str) -> bool:
    """Whether every character of *text* but its line breaks is printable, so shown as it is
    (a printable character is neither a control nor a format character nor a separator)."""
    return "\n" in text and text.replace("\n", "").isprintable()


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def inert(text: str, *, keep_newline: bool = True) -> str:
    """*text* with every control and format character shown as an escape.

    >>> inert("\\x1b[31m红\\u202e\\x07")
    '\\\\x1b[31m红\\\\u202e\\\\x07'
    """
    if text.isprintable():  # the common case: nothing to do (isprintable is False for "\n")
        return text
    if _printable_lines(text):  # the next most common: lines of it
        return text if keep_newline else text.replace("\n", "\\x0a")

    def shown(match: re.Match[str]) -> str:
        ch = match.group()
        return ch if is_inert_char(ch) else _escape(ch)

    text = _suspect().sub(shown, text)
    return text if keep_newline else text.replace("\n", "\\x0a")


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a surrogate pair, as JSON spells a character beyond the BMP
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_inert(text: str) -> str:
    """JSON text (from :func:`json.dumps` with ``ensure_ascii=False``) with the control and
    format characters it leaves raw (DEL, C1 controls such as the 8-bit CSI, bidirectional
    overrides, line separators) written as ``\\uXXXX`` escapes: the same JSON value, inert on a
    terminal.  Outside strings JSON text holds only ASCII, spaces and line breaks."""
    if text.isprintable() or _printable_lines(text):
        return text

    def shown(match: re.Match[str]) -> str:
        ch = match.group()
        return ch if ch == "\t" or is_inert_char(ch) else _json_escape(ch)

    return _suspect().sub(shown, text)
