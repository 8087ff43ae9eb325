"""One escaping path for every rendering of untrusted text (check renderings, bulletin, agenda).

Text from records and plans (titles, unit and account names, case ids, column names) is
untrusted:

* :func:`html_escape` escapes it for HTML text and attribute values (``quote=True``);
* :func:`md_escape` escapes the characters that would change a Markdown table's structure or be
  read as markup, and puts line breaks on one line;
* :func:`plain` makes terminal control characters inert (shown as ``\\xNN``; it is
  :func:`govflow.text.inert.inert`, which the command line's error printer uses too);
* :func:`csv_text` writes CSV: any field holding a delimiter, a quote, CR or LF is quoted, and
  a text cell that a spreadsheet would read as a formula gets a leading apostrophe
  (:func:`csv_cell`);
* :func:`json_inert` makes JSON text inert without changing what it means (``\\uXXXX``);
* :func:`ics_text` makes a value fit an iCalendar TEXT property (line breaks kept as ``\\n``,
  other control and format characters removed).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from govflow.text.inert import inert, is_inert_char, json_inert

__all__ = [
    "FORMULA_STARTS",
    "MD_SPECIAL",
    "csv_cell",
    "csv_line",
    "csv_text",
    "html_escape",
    "ics_text",
    "json_inert",
    "md_escape",
    "plain",
]

#: Characters escaped with a backslash in Markdown.
MD_SPECIAL = "\\|`*_[]<>#"

#: A text cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV
#: injection": = + - @, and TAB, CR, LF before them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

plain = inert


def md_escape(text: object) -> str:
    """Escape Markdown table and inline syntax in untrusted text; line breaks become spaces and
    other control characters are made inert."""
    s = str(text)
    for ch in MD_SPECIAL:
        s = s.replace(ch, "\\" + ch)
    return plain(s.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))


def html_escape(text: object) -> str:
    """Escape untrusted text for HTML text and (quoted) attribute values; control characters
    other than white space are made inert, so the page read in a terminal cannot act on it."""
    s = str(text)
    if not s.isprintable():
        s = "".join(ch if ch in "\t\n\r" else plain(ch) for ch in s)
    return html.escape(s, quote=True)


def csv_cell(value: object) -> str:
    """One CSV cell's text: a text value a spreadsheet would read as a formula (starting with
    = + - @ TAB CR LF) gets a leading apostrophe, shown by spreadsheets as text.

    Numbers (``int``, ``float``) are written as they are: ``-3`` stays a number.  A *text*
    value starting with ``-`` is neutralised like any other (``'-3``): govflow's CSV cells are
    dates, ids and words, and a text cell is never meant to be computed.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else text
    return str(value)


def csv_line(values: Iterable[object], *, delimiter: str = ",") -> str:
    """One CSV record (RFC 4180, without the line end): each cell neutralised by
    :func:`csv_cell`, and quoted when it holds the delimiter, a quote, CR or LF.

    The ``csv`` module is not used: with ``lineterminator="\\n"`` it leaves a lone CR unquoted,
    and a spreadsheet then starts a new row inside the cell.
    """
    out = []
    for value in values:
        cell = csv_cell(value)
        if delimiter in cell or '"' in cell or "\r" in cell or "\n" in cell:
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return delimiter.join(out)


def csv_text(rows: Iterable[Iterable[object]], *, lineterminator: str = "\n") -> str:
    """CSV text of *rows* (the header first), every line ended by *lineterminator*."""
    return "".join(csv_line(row) + lineterminator for row in rows)


def ics_text(text: str) -> str:
    """*text* fit for an iCalendar TEXT value (RFC 5545 §3.3.11), before the writer's escaping
    of ``\\ ; ,`` and line breaks: CR LF and lone CR become LF (written ``\\n``), other control
    characters and format characters (bidirectional overrides) are removed, TAB is kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch in "\n\t" or is_inert_char(ch))
