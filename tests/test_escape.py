"""One escaping path (`govflow.report.escape`) for the check renderings and the bulletin."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from govflow.report import render
from govflow.report.bulletin import html as bulletin_html
from govflow.report.bulletin import markdown as bulletin_markdown
from govflow.report.escape import MD_SPECIAL, html_escape, md_escape, plain


def test_the_renderings_share_the_escaping_functions() -> None:
    assert render.md_escape is md_escape
    assert render.plain is plain
    assert vars(bulletin_markdown)["_md"] is md_escape
    assert vars(bulletin_html)["_e"] is html_escape


def test_examples() -> None:
    assert md_escape("WZ|2023|0912") == r"WZ\|2023\|0912"
    assert md_escape("a\r\nb\nc") == "a b c"
    assert md_escape("\x1b[31m红") == "\\x1b\\[31m红"
    assert html_escape('" onmouseover="x') == "&quot; onmouseover=&quot;x"
    assert html_escape("<script>") == "&lt;script&gt;"
    assert plain("\x07响铃\n") == "\\x07响铃\n"


@given(st.text())
def test_markdown_cells_keep_their_columns_and_lines(text: str) -> None:
    out = md_escape(text)
    assert "\n" not in out
    assert "\r" not in out
    assert not re.search(r"(?<!\\)\|", out.replace("\\\\", ""))
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    # every special character of the input is still there, escaped
    for ch in MD_SPECIAL.replace("\\", ""):
        assert out.count("\\" + ch) >= text.count(ch)


@given(st.text())
def test_html_has_no_markup_left(text: str) -> None:
    out = html_escape(text)
    assert "<" not in out
    assert ">" not in out
    assert '"' not in out
    assert "'" not in out
