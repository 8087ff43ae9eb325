"""Daily counts: records of one kind counted per (unit, day, grouping values).

Rows read one by one are counted in a dict of cells; a file read by the columnar engine
(:mod:`govflow.compliance.columnar`) hands over its cells as a Polars frame.  Rules query all of
them as one frame (:meth:`DailyCounts.frame`): grouped and windowed Polars queries, with a
Python function called once per *distinct* combination of grouping values
(:func:`per_distinct`), never once per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from datetime import date
from operator import methodcaller
from typing import Any, TypeVar

import polars as pl
from attrs import define, field

from govflow.compliance.fields import BOOL_FIELDS, post_category
from govflow.compliance.kinds import Record

__all__ = ["EPOCH_ORDINAL", "DailyCounts", "day_date", "per_distinct", "values_series"]

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
"""A day's ordinal minus this is its Polars ``Date`` (days since 1970-01-01)."""

T = TypeVar("T")

UNIT, DAY, COUNT, REF = "unit", "day", "count", "ref"
"""The fixed columns of :meth:`DailyCounts.frame`; the grouping fields come between."""


def day_date(column: str = DAY) -> pl.Expr:
    """The day ordinals of *column* as Polars dates."""
    return (pl.col(column) - EPOCH_ORDINAL).cast(pl.Date)


@define
class DailyCounts:
    """Counts of one record kind per (unit, day, grouping values), with a first row each.

    A record's grouping values are :func:`~govflow.compliance.fields.field_value` of each of
    *fields* (a post's category derived from its column, a missing yes/no field ``False``); its
    first row is ``file:line``.  Cells keep the order of their first rows, files in the order
    they were read.
    """

    kind: str
    fields: tuple[str, ...]
    cells: dict[tuple[Any, ...], list[Any]] = field(factory=dict)
    _key: Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]] = field(
        init=False, repr=False, eq=False
    )
    _parts: list[pl.DataFrame] = field(factory=list, init=False, repr=False, eq=False)
    """Frames of earlier files (columnar, or row cells set down when a frame came after them)."""
    _frame: pl.DataFrame | None = field(default=None, init=False, repr=False, eq=False)
    _codes: tuple[pl.Series, pl.DataFrame] | None = field(
        default=None, init=False, repr=False, eq=False
    )
    _known: dict[int, tuple[pl.DataFrame, pl.Series, pl.DataFrame]] = field(
        factory=dict, init=False, repr=False, eq=False
    )
    """A part's combinations as the engine found them (:meth:`add_frame`), by the part's id."""
    _getters: dict[str, Callable[[Mapping[str, Any]], Any]] = field(
        init=False, repr=False, eq=False
    )
    _shared: dict[Hashable, Any] = field(factory=dict, init=False, repr=False, eq=False)
    """What rules derived from the counts (:meth:`shared`), dropped when the counts change."""

    def __attrs_post_init__(self) -> None:
        self._key = self._key_maker(self.kind, self.fields)
        self._getters = {f: self._getter(self.kind, f) for f in self.fields}

    def field_reads(self, name: str) -> tuple[str, ...]:
        """The record fields grouping field *name*'s value is computed from (a post's category
        reads its category and its column)."""
        return ("category", "column") if name == "category" and self.kind == "post" else (name,)

    def value_of(self, name: str, data: Mapping[str, Any]) -> Any:
        """Grouping field *name*'s value for a record of *data* (which need hold only the
        fields :meth:`field_reads` names): its part of :meth:`key_of`."""
        return self._getters[name](data)

    @staticmethod
    def _getter(kind: str, name: str) -> Callable[[Mapping[str, Any]], Any]:
        """``lambda data: field_value(kind, data, name)``, specialised (the counting hot path)."""
        if name == "category" and kind == "post":
            return post_category
        if name in BOOL_FIELDS:

            def flag(data: Mapping[str, Any]) -> Any:
                value = data.get(name)
                return False if value is None else value

            return flag
        return methodcaller("get", name)

    @staticmethod
    def _key_maker(
        kind: str, fields: Sequence[str]
    ) -> Callable[[str, int, Mapping[str, Any]], tuple[Any, ...]]:
        """``lambda unit, day, data: (unit, day, *(field_value(kind, data, f) for f in fields))``."""
        getters = tuple(DailyCounts._getter(kind, f) for f in fields)
        if not getters:
            return lambda unit, day, data: (unit, day)
        if len(getters) == 1:
            (g0,) = getters
            return lambda unit, day, data: (unit, day, g0(data))
        if len(getters) == 2:
            g0, g1 = getters
            return lambda unit, day, data: (unit, day, g0(data), g1(data))
        return lambda unit, day, data: (unit, day, *[g(data) for g in getters])

    def _changed(self) -> None:
        """The counts changed: the frame and what was derived from it are built again."""
        self._frame = self._codes = None
        self._shared.clear()

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, computed once for every rule that asks with an equal *key* while the
        counts stay as they are: a table several rules derive from the counts (each account's or
        column's update days) is built once.  *key* names what is computed and from what (a
        function and its arguments); the value is shared, so callers must not change it."""
        if key in self._shared:
            found: T = self._shared[key]
            return found
        value = self._shared[key] = compute()
        return value

    @property
    def reads(self) -> tuple[str, ...]:
        """The record fields the grouping values are computed from (a post's category reads
        its category and its column)."""
        out: list[str] = []
        for name in self.fields:
            for used in self.field_reads(name):
                if used not in out:
                    out.append(used)
        return tuple(out)

    def key_of(self, unit: str, day: int, data: Mapping[str, Any]) -> tuple[Any, ...]:
        """The cell a record of *data* counts in: ``(unit, day, *grouping values)``."""
        return self._key(unit, day, data)

    def add_key(self, key: tuple[Any, ...], count: int, ref: str) -> None:
        """Count *count* records in the cell *key*; *ref* is its first row if the cell is new."""
        self._changed()
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [count, ref]
        else:
            cell[0] += count

    def merge(self, other: DailyCounts) -> None:
        """Move the cells of *other* here, counted after this one's (cells new here keep their
        order); *other* is left empty."""
        self._changed()
        if other._parts:
            self._set_down()
            other._set_down()
            self._parts.extend(other._parts)
            self._known.update(other._known)
            other._parts, other._known = [], {}
            other._changed()
            return
        if not self.cells:
            self.cells, other.cells = other.cells, {}
            return
        add = self.add_key
        for key, (count, ref) in other.cells.items():
            add(key, count, ref)
        other.cells = {}

    def add(self, unit: str, day: int, record: Record) -> None:
        self.add_fields(unit, day, record.data, record.source, record.line)

    def add_fields(
        self, unit: str, day: int, data: Mapping[str, Any], source: str, line: int
    ) -> None:
        """:meth:`add` for the record of *data* read from *source* at *line*, not made."""
        self._changed()
        key = self._key(unit, day, data)
        cell = self.cells.get(key)
        if cell is None:
            self.cells[key] = [1, f"{source}:{line}"]
        else:
            cell[0] += 1

    def add_frame(self, cells: pl.DataFrame, combos: pl.DataFrame | None = None) -> None:
        """Count the cells of a file read the columnar way: columns ``unit``, ``day``, the
        grouping fields, ``count``, ``ref``, one row per cell in the order of its first row.
        With *combos* (the distinct combinations of the grouping fields, a row each) the cells'
        column ``__combo`` is the row of each one's: :meth:`per_combination` need not find
        them again."""
        self._changed()
        self._set_down()
        if cells.height:
            part = cells.select(self.columns)
            self._parts.append(part)
            if combos is not None:
                self._known[id(part)] = (part, cells.get_column("__combo"), combos)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns of :meth:`frame`."""
        return (UNIT, DAY, *self.fields, COUNT, REF)

    def _set_down(self) -> None:
        """Move the dict's cells into a frame, so that cells counted later come after them."""
        if self.cells:
            self._parts.append(self._cells_frame())
            self.cells = {}

    def _cells_frame(self) -> pl.DataFrame:
        keys = list(self.cells)
        values = list(self.cells.values())
        width = 2 + len(self.fields)
        columns = list(zip(*keys, strict=True)) if keys else [() for _ in range(width)]
        data: dict[str, pl.Series] = {
            UNIT: pl.Series(UNIT, columns[0], dtype=pl.String),
            DAY: pl.Series(DAY, columns[1], dtype=pl.Int32),
        }
        for name, column in zip(self.fields, columns[2:], strict=True):
            data[name] = values_series(name, column)
        data[COUNT] = pl.Series(COUNT, [v[0] for v in values], dtype=pl.Int64)
        data[REF] = pl.Series(REF, [v[1] for v in values], dtype=pl.String)
        return pl.DataFrame(data)

    def frame(self) -> pl.DataFrame:
        """Every cell, one row each, in the order of their first rows: columns ``unit``
        (text), ``day`` (ordinal), the grouping fields, ``count``, ``ref`` (first row)."""
        if self._frame is not None:
            return self._frame
        parts = [*self._parts, self._cells_frame()] if self.cells else list(self._parts)
        if not parts:
            frame = self._cells_frame()
        elif len(parts) == 1:
            frame = parts[0]
        else:
            keys = [UNIT, DAY, *self.fields]
            frame = (
                pl.concat(parts, how="vertical_relaxed")
                .group_by(keys, maintain_order=True)
                .agg(pl.col(COUNT).sum(), pl.col(REF).first())
            )
            self._parts, self.cells = [frame], {}
            self._known = {}  # (the parts' combinations: not the merged frame's)
        self._frame = frame
        known = self._known.get(id(frame))
        self._codes = known[1:] if known is not None and known[0] is frame else None
        return frame

    def per_combination(
        self,
        names: Sequence[str],
        fn: Callable[[dict[str, Any]], Any],
        dtype: pl.DataType | type[pl.DataType],
    ) -> pl.Series:
        """``fn(values)`` (the grouping values of *names*) for every row of :meth:`frame`,
        called once per distinct combination of the values of *names*; the combinations of all
        the grouping fields are found once for all the rules that ask."""
        frame = self.frame()
        if not names or any(frame.schema[n] == pl.Object for n in self.fields):
            return per_distinct(frame, names, fn, dtype)
        if self._codes is None:
            combos = frame.select(self.fields).unique(maintain_order=True)
            combos = combos.with_row_index("__code")
            joined = frame.select(self.fields).join(
                combos, on=list(self.fields), how="left", nulls_equal=True, maintain_order="left"
            )
            self._codes = joined.get_column("__code"), combos
        index, table = self._codes
        # once per distinct combination of *names* only: a rule reading two fields sees their
        # few combinations, not every combination of all the grouping fields
        return per_distinct(table, names, fn, dtype).gather(index)

    def rows(self) -> Iterator[tuple[str, int, dict[str, Any], int, str]]:
        """(unit, day ordinal, values by field, count, first row) for every cell (a new
        ``dict`` of values each time: rules may change theirs)."""
        names = self.fields
        if not self._parts:
            if len(names) == 2:
                n0, n1 = names
                for (unit, day, v0, v1), (count, ref) in self.cells.items():
                    yield unit, day, {n0: v0, n1: v1}, count, ref
                return
            for key, (count, ref) in self.cells.items():
                yield key[0], key[1], dict(zip(names, key[2:], strict=True)), count, ref
            return
        for row in self.frame().iter_rows():
            yield row[0], row[1], dict(zip(names, row[2:-2], strict=True)), row[-2], row[-1]


_SIMPLE = {str: pl.String, bool: pl.Boolean, int: pl.Int64, float: pl.Float64, date: pl.Date}


def values_series(name: str, values: Sequence[Any]) -> pl.Series:
    """A column of grouping values, typed when they are all of one simple type (or empty),
    else kept as Python objects (never converted: ``1`` must not become ``"1"``)."""
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) <= 1:
        dtype = _SIMPLE.get(next(iter(kinds))) if kinds else pl.String
        if dtype is not None:
            return pl.Series(name, values, dtype=dtype)
    return pl.Series(name, values, dtype=pl.Object)


def per_distinct(
    frame: pl.DataFrame,
    names: Sequence[str],
    fn: Callable[[dict[str, Any]], Any],
    dtype: pl.DataType | type[pl.DataType],
) -> pl.Series:
    """``fn(values)`` for every row of *frame*, called once per distinct combination of the
    columns *names* (rules' Python conditions and selectors on grouping values: a few
    hundred combinations where there are hundreds of thousands of cells)."""
    names = list(names)
    if not names:
        return pl.repeat(fn({}), frame.height, dtype=dtype, eager=True)
    if any(frame.schema[n] == pl.Object for n in names):
        memo: dict[tuple[Any, ...], Any] = {}
        out = []
        for key in frame.select(names).iter_rows():
            if key not in memo:
                memo[key] = fn(dict(zip(names, key, strict=True)))
            out.append(memo[key])
        return pl.Series("value", out, dtype=dtype)
    keys = frame.select(names).unique(maintain_order=True)
    found = [fn(dict(zip(names, key, strict=True))) for key in keys.iter_rows()]
    keys = keys.with_columns(pl.Series("__value", found, dtype=dtype))
    joined = frame.select(names).join(
        keys, on=names, how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.get_column("__value").alias("value")
