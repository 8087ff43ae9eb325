"""One escaping path for every rendering of untrusted record text (check renderings, bulletin).

Text from records (titles, account names, case ids, column names) is untrusted:

* :func:`html_escape` escapes it for HTML text and attribute values (``quote=True``);
* :func:`md_escape` escapes the characters that would change a Markdown table's structure or be
  read as markup, and puts line breaks on one line;
* :func:`plain` makes terminal control characters inert (shown as ``\\xNN``).
"""

from __future__ import annotations

import html
import unicodedata

__all__ = ["MD_SPECIAL", "html_escape", "md_escape", "plain"]

#: Characters escaped with a backslash in Markdown.
MD_SPECIAL = "\\|`*_[]<>#"


def plain(text: str) -> str:
    """Untrusted text made inert for a terminal: control characters (escape sequences, bells,
    carriage returns) are shown as ``\\xNN`` instead of acting on the screen."""
    return "".join(
        ch
        if ch == "\n"
        or not unicodedata.category(ch).startswith("C")
        or unicodedata.category(ch) == "Co"
        else f"\\x{ord(ch):02x}"
        for ch in text
    )


def md_escape(text: object) -> str:
    """Escape Markdown table and inline syntax in untrusted text; line breaks become spaces and
    other control characters are made inert."""
    s = str(text)
    for ch in MD_SPECIAL:
        s = s.replace(ch, "\\" + ch)
    return plain(s.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


def html_escape(text: object) -> str:
    """Escape untrusted text for HTML text and (quoted) attribute values."""
    return html.escape(str(text), quote=True)
