"""``layered_json``: the outer levels indented as ``json.dumps(indent=...)`` would, each deeper
value on one line; always the same JSON value."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govflow.text.jsonlayout import RawJSON, RawJSONItems, layered_json

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=25,
)


def nesting(value: Any) -> int:
    """How many container levels *value* has (0 for a scalar)."""
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    return 0


@given(values, st.integers(0, 6), st.integers(1, 3))
def test_the_text_is_the_value(value: Any, depth: int, indent: int) -> None:
    assert json.loads(layered_json(value, depth=depth, indent=indent)) == value


@given(values, st.integers(1, 3))
def test_deep_enough_it_is_json_dumps_indented(value: Any, indent: int) -> None:
    text = layered_json(value, depth=nesting(value), indent=indent)
    assert text == json.dumps(value, ensure_ascii=False, indent=indent)


@given(values)
def test_at_depth_zero_it_is_one_line(value: Any) -> None:
    text = layered_json(value, depth=0)
    assert text == json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    assert "\n" not in text


@given(st.lists(values, min_size=1, max_size=4), st.integers(1, 5))
def test_pieces_written_at_their_level_make_the_whole(items: list[Any], depth: int) -> None:
    """What ``check --counties`` relies on: a list's items written one by one at level 1 and
    joined as the indented list would join them give the text of the whole list."""
    inner = ",".join("\n " + layered_json(i, depth=depth, level=1) for i in items)
    whole = layered_json(items, depth=depth)
    assert whole == "[" + inner + "\n]"


def test_non_string_keys_as_json_dumps_writes_them() -> None:
    value = {1: "a", 2.5: "b", False: "c", None: "d"}
    assert layered_json(value) == json.dumps(value, ensure_ascii=False, indent=1)


@given(
    st.lists(st.lists(values, min_size=1, max_size=3), max_size=4),
    st.integers(1, 4),  # 1: the list of findings on one line; deeper: an item a line
    st.integers(1, 3),
)
def test_items_given_in_runs_are_written_as_items_given_one_by_one(
    runs: list[list[Any]], depth: int, indent: int
) -> None:
    """A generator of findings gives them a few thousand at a time (``RawJSONItems``): the text
    is the one of the same items given one by one, at any depth."""
    flat = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    texts = [[RawJSON(flat.encode(v)) for v in run] for run in runs]
    one_by_one = layered_json(
        {"findings": (t for run in texts for t in run)}, depth=depth, indent=indent
    )
    in_runs = layered_json(
        {"findings": (RawJSONItems(list(run)) for run in texts)}, depth=depth, indent=indent
    )
    assert in_runs == one_by_one
    assert json.loads(in_runs) == {"findings": [v for run in runs for v in run]}
