"""A CSV date column's converter remembers its cells: the same dates, the same refusals, as the
converter it wraps, however the cells repeat, and its memory never grows past its bound."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govflow.compliance import csvread
from govflow.compliance.kinds import FieldType

CONVERT = csvread._CSV_CONVERTERS[FieldType.DATE]

cells = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
    st.sampled_from(["2023-02-30", "2023/9/28", "二〇二三", " 2023-09-28 ", "9999-12-31", ""]),
    st.text(max_size=8),
)


def outcome(convert: Any, cell: str) -> Any:
    try:
        return convert(cell)
    except ValueError as exc:
        return ("refused", str(exc))


@given(st.lists(cells, max_size=40))
def test_the_same_outcome_as_the_converter(row_cells: list[str]) -> None:
    remembered = csvread._remembered(CONVERT)
    for cell in row_cells + row_cells:  # every cell twice: the second time from memory
        assert outcome(remembered, cell) == outcome(CONVERT, cell)


def test_the_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csvread, "_REMEMBERED", 3)
    calls: list[str] = []

    def counting(cell: str) -> Any:
        calls.append(cell)
        return CONVERT(cell)

    remembered = csvread._remembered(counting)
    days = [f"2023-01-0{i}" for i in range(1, 8)]
    for day in days + days[-2:]:
        assert remembered(day) == CONVERT(day)
    # full at the 4th and the 7th day: cleared, so the 6th is converted again, the 7th is not
    assert calls == [*days, "2023-01-06"]
