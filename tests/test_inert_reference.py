"""``inert`` and ``json_inert`` against their character-by-character definitions.

The library looks only at characters outside printable ASCII and the common CJK ranges (a
regular expression, for speed on large JSON reports); the definitions below look at every
character.  They must agree on any text."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from govflow.text.inert import _escape, _json_escape, inert, is_inert_char, json_inert


def inert_reference(text: str, keep_newline: bool) -> str:
    return "".join(
        ch if (ch == "\n" and keep_newline) or is_inert_char(ch) else _escape(ch) for ch in text
    )


def json_inert_reference(text: str) -> str:
    return "".join(ch if ch in "\n\t " or is_inert_char(ch) else _json_escape(ch) for ch in text)


MIXED = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from("\n\t\r\x1b\x9b\u202e\u2028\u3000\u3001\u303f\ue000\U0001f600红　，"),
    )
)


@given(MIXED, st.booleans())
def test_inert_agrees_with_its_definition(text: str, keep_newline: bool) -> None:
    assert inert(text, keep_newline=keep_newline) == inert_reference(text, keep_newline)


@given(st.recursive(st.none() | MIXED, lambda c: st.lists(c) | st.dictionaries(MIXED, c)))
def test_json_inert_agrees_with_its_definition(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False, indent=2)
    assert json_inert(text) == json_inert_reference(text)
    assert json.loads(json_inert(text)) == value


def test_every_character_of_the_fast_ranges_is_shown_as_it_is() -> None:
    for lo, hi in ((0x20, 0x7E), (0x4E00, 0x9FFF), (0x3001, 0x303F), (0xFF01, 0xFF5E)):
        assert all(is_inert_char(chr(c)) for c in range(lo, hi + 1)), hex(lo)


#: Lines of printable characters: text that needs no look but for its line breaks.
LINES = st.lists(st.text(st.characters().filter(str.isprintable)), min_size=2).map("\n".join)


@given(LINES, st.booleans())
def test_lines_of_printable_text_agree_with_their_definition(text: str, keep_newline: bool) -> None:
    assert inert(text, keep_newline=keep_newline) == inert_reference(text, keep_newline)
    assert json_inert(text) == json_inert_reference(text)
