"""The columnar engine's grouping values per combination of cells
(:func:`govflow.compliance.colcells.grouping_ids`) against the obvious way: each combination's
values made by :meth:`DailyCounts.key_of`, numbered in the order they first appear."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.compliance.colcells import CELL_BLANK, grouping_ids
from govflow.compliance.daily import DailyCounts

#: the fields a post may be grouped by; a cell's value as ``cell_value`` would read it
FIELDS = ("category", "column", "original", "site", "homepage")
VALUES = {
    "category": st.sampled_from(["通知公告", "政策文件", CELL_BLANK]),
    "column": st.sampled_from(["工作动态", "要闻", "通知公告", "其他", CELL_BLANK]),
    "original": st.sampled_from([True, False, CELL_BLANK]),
    "site": st.sampled_from(["县政府网", "微信公众号", CELL_BLANK]),
    "homepage": st.sampled_from([True, False, CELL_BLANK]),
}


@st.composite
def combinations(draw: st.DrawFn) -> tuple[DailyCounts, pl.DataFrame, list[Any], dict[Any, Any]]:
    fields = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=4, unique=True))
    counts = DailyCounts("post", tuple(fields))
    reads = draw(st.permutations(counts.reads))
    used = [(f, f"c{i}") for i, f in enumerate(reads[: draw(st.integers(1, len(reads)))])]
    # several cells may read as the same value (" 是" and "是"), as cell_value reads them
    read = {
        n: {f"{n}-{j}": draw(VALUES[f]) for j in range(draw(st.integers(1, 4)))} for f, n in used
    }
    rows = draw(
        st.lists(
            st.tuples(*(st.sampled_from(sorted(read[n])) for _, n in used)),
            max_size=30,
            unique=True,
        )
    )
    table = pl.DataFrame(rows, schema=[n for _, n in used], orient="row")
    return counts, table, used, read


@settings(max_examples=300, deadline=None)
@given(combinations())
def test_grouping_ids_number_the_values_as_key_of_makes_them(
    case: tuple[DailyCounts, pl.DataFrame, list[Any], dict[Any, Any]],
) -> None:
    counts, table, used, read = case
    index: dict[tuple[Any, ...], int] = {}
    expected = []
    for cells in table.iter_rows():
        data = {f: read[n][c] for (f, n), c in zip(used, cells, strict=True)}
        data = {f: v for f, v in data.items() if v is not CELL_BLANK}
        expected.append(index.setdefault(counts.key_of("", 0, data)[2:], len(index)))
    ids, values = grouping_ids(counts, table, used, read)
    assert ids.to_list() == expected
    assert values == list(index)
    assert [type(v) for key in values for v in key] == [type(v) for key in index for v in key]
