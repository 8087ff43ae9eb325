"""A check's findings as one sequence.

The case engine judges a million cases by a few hundred (start day, done day) pairs: each case's
finding is its pair's finding with the case's own unit, id, evidence and village.  Made as
objects, those findings cost more than the judging (a million ``Finding`` objects take seconds
and hundreds of MiB).  :class:`CaseBlock` keeps them as columns and makes a case's finding only
when it is read; :class:`Findings` holds the blocks and the other rules' findings in one order,
and answers what the outputs ask of every finding (how many of each status, the findings of a
status, the findings of some units, the check's order) from the columns.

Polars is imported only where a block exists (the engine has imported it already).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, overload

import attrs

from govflow.compliance.findings import Finding, FindingJson, Status
from govflow.text.inert import json_inert
from govflow.text.jsonlayout import RawJSONItems

if TYPE_CHECKING:
    import polars as pl


__all__ = ["KEEP_MADE", "STATUS_ORDER", "CaseBlock", "Findings", "as_findings", "check_order"]

STATUS_ORDER: dict[Status, int] = {
    s: i
    for i, s in enumerate(
        (Status.VIOLATED, Status.AT_RISK, Status.PENDING, Status.MET, Status.NOT_APPLICABLE)
    )
}
"""The order of statuses in a check's findings: what needs doing first."""

_STATUS_OF = {i: s for s, i in STATUS_ORDER.items()}
_LAST_DAY = date.max.toordinal()
_MOST_RULES = (1 << 16) - 1
_MOST_UNITS = (1 << 20) - 1
"""The most rules and units the one-key sort ranks (16 and 20 bits of a 64-bit key, below the
status's 3 and the due day's 22 bits)."""
KEEP_MADE = 1 << 18
"""Up to this many findings, those made by reading them all are kept: a report reads a check's
findings several times.  Past it each reading makes them again, so that memory stays bounded
(a million findings made take over a GiB)."""
_CHUNK = 1 << 12
"""Findings (or their JSON texts) made at a time while iterating: a few MB."""
_TEXT_RUN = 64
"""From this many of a block's rows in a row, their JSON texts are built as one column."""
_TEXT_CHUNK = 1 << 14
"""JSON texts built at a time, as columns or as objects: tens of MB."""
_PLAIN = r"^[ !#-\[\]-~]+$"
r"""A case's id that is its own JSON text between quotes: printable ASCII but ``"`` and ``\``."""


def check_order(f: Finding) -> tuple[int, date, str, str]:
    """The sort key of a check's findings: status (violations first), due date, rule, unit."""
    return (STATUS_ORDER[f.status], f.due or date.max, f.rule, f.unit)


class CaseBlock:
    """The findings of one rule's cases in one file that the engine judged by pairs.

    *rows* has a row per case: ``__line``, ``__unit``, ``__t`` (the index of its pair's
    finding in *templates*), and ``id`` and ``village`` when the file has them.  A row's finding
    is its template with the row's unit, case (its id, else ``file:line``), evidence
    (``file:line``) and village.  *extra* are the findings of the rows the rule was fed one by
    one, each with its line; in line order they come after the row of the same line.
    """

    def __init__(
        self,
        templates: Sequence[Finding | None],
        rows: pl.DataFrame,
        source: str,
        extra: Sequence[tuple[int, Finding]] = (),
    ) -> None:
        wanted = [c for c in ("__line", "__unit", "__t", "id", "village") if c in rows.columns]
        self.templates = list(templates)
        self.rows = rows.select(wanted)
        self.prefix = f"{source}:"
        self.extra = list(extra)
        self._kw: list[dict[str, Any]] | None = None
        self._columns: tuple[list[Any], ...] | None = None
        self._pieces: tuple[Any, ...] | None = None
        """The JSON writer last used, its pieces of each template, and the texts of the units
        and villages (:meth:`_prepared`)."""
        self._piece_columns: tuple[FindingJson, list[pl.Series]] | None = None
        """The JSON writer last used and its pieces as three columns (:meth:`text_column`)."""

    def __len__(self) -> int:
        return self.rows.height + len(self.extra)

    def __getstate__(self) -> dict[str, Any]:
        # made again when read
        made = {"_kw": None, "_columns": None, "_pieces": None, "_piece_columns": None}
        return {**self.__dict__, **made}

    def items(
        self, positions: Sequence[int], json: FindingJson | None = None, wanted: int = 0
    ) -> list[Any]:
        """The findings at *positions* (a row's below the row count, then the extra ones), or
        with *json* their JSON texts.  When few of the block's findings are *wanted* in all
        (those at *positions* at least) only their rows are read, else every row once."""
        height = self.rows.height
        if self._columns is None and max(wanted, len(positions)) * 8 < height:
            rows = self.rows[[i for i in positions if i < height]]
            made = iter(self._made(_columns(rows), range(rows.height), json))
        else:
            if self._columns is None:
                self._columns = _columns(self.rows)
            made = iter(self._made(self._columns, [i for i in positions if i < height], json))
        extra = self.extra
        return [
            next(made)
            if i < height
            else (extra[i - height][1] if json is None else json(extra[i - height][1]))
            for i in positions
        ]

    def _made(
        self, columns: tuple[list[Any], ...], positions: Iterable[int], json: FindingJson | None
    ) -> Iterator[Any]:
        """The findings (or with *json* their texts) of the rows at *positions* of *columns*
        (what :func:`_columns` gives)."""
        if self._kw is None:
            self._kw = [attrs.asdict(t, recurse=False) if t else {} for t in self.templates]
        kw, prefix = self._kw, self.prefix
        lines, units, ts, ids, villages = columns
        if json is not None:
            yield from self._texts(columns, positions, json)
            return
        for i in positions:
            ref = prefix + str(lines[i])
            case = str(ids[i] or ref)
            fields = dict(kw[ts[i]])
            fields["unit"] = units[i]
            fields["case"] = case
            fields["evidence"] = (ref,)
            fields["entity"] = villages[i]
            yield Finding(**fields)

    def _texts(
        self, columns: tuple[list[Any], ...], positions: Iterable[int], json: FindingJson
    ) -> Iterator[str]:
        """The JSON texts of the rows at *positions*: ``json(finding)`` of each, from its
        template's pieces and its own values."""
        lines, units, ts, ids, villages = columns
        _, pieces, unit_texts, entity_texts, opening = self._prepared(json)
        for i in positions:
            ref = f'{opening}{lines[i]}"'
            ident = ids[i]
            case = json.value_text(str(ident)) if ident else ref
            head, middle, tail = pieces[ts[i]]
            yield f"{head}{unit_texts[units[i]]}{entity_texts[villages[i]]}{case}{middle}{ref}{tail}"

    def _prepared(self, json: FindingJson) -> tuple[Any, ...]:
        """The pieces of :meth:`_texts` for *json*: *json*, the pieces of each template, the
        texts of the units and villages with the words after them, the opening of a row's
        ``file:line``."""
        if self._pieces is None or self._pieces[0] is not json:  # once per block and writer
            made = [json.pieces(t) if t is not None else ("", "", "") for t in self.templates]
            # the constant words ride with the value before them: a unit's text with the
            # entity's key, an entity's with the case's key (each unit and village once)
            rows = self.rows
            every_unit = rows.get_column("__unit").unique().to_list()
            every_village = (
                rows.get_column("village").unique().to_list() if "village" in rows.columns else []
            )
            unit_texts = {u: json.unit_text(u) + ', "entity": ' for u in every_unit}
            entity_texts = {
                v: ("null" if v is None else json.value_text(v)) + ', "case": '
                for v in [None, *every_village]
            }
            # "file:line" as JSON: the file's part encoded once (a line's digits need no escape)
            opening = json_inert(encode_basestring(self.prefix))[:-1]
            self._pieces = (json, made, unit_texts, entity_texts, opening)
        return self._pieces

    def text_column(self, positions: pl.Series, json: FindingJson) -> pl.Series | None:
        """The JSON texts of the rows at *positions* (each below the row count) as one column,
        the texts :meth:`_texts` gives, built by Polars; ``None`` when the ids or villages are
        not text (the texts are then made one by one)."""
        import polars as pl

        rows = self.rows
        schema = rows.schema
        if schema.get("id", pl.String) != pl.String:
            return None
        if schema.get("village", pl.String) not in (pl.String, pl.Null):
            return None
        _, pieces, unit_texts, entity_texts, opening = self._prepared(json)
        if None in unit_texts:
            return None
        picked = rows.select(pl.all().gather(positions))
        ref = pl.lit(opening) + pl.col("__line").cast(pl.String) + pl.lit('"')
        case = ref
        if "id" in picked.columns:
            ident = pl.col("id")
            plain = ident.str.contains(_PLAIN)
            others = picked.filter(ident.is_not_null() & (ident != "") & ~plain)
            odd = others.get_column("id").unique().to_list()
            case = (
                pl.when(ident.is_null() | (ident == ""))
                .then(ref)
                .when(plain)
                .then(pl.lit('"') + ident + pl.lit('"'))
                .otherwise(ident.replace(odd, [json.value_text(v) for v in odd]) if odd else ident)
            )
        entity = pl.lit(entity_texts[None])
        if "village" in picked.columns:
            named = [v for v in entity_texts if v is not None]
            entity = (
                pl.col("village")
                .cast(pl.String)
                .replace_strict(named, [entity_texts[v] for v in named], default=None)
                .fill_null(entity_texts[None])
                if named
                else entity
            )
        units = list(unit_texts)
        if self._piece_columns is None or self._piece_columns[0] is not json:
            columns = [pl.Series(list(p), dtype=pl.String) for p in zip(*pieces, strict=True)]
            self._piece_columns = (json, columns)
        t = picked.get_column("__t")
        head, middle, tail = (c.gather(t) for c in self._piece_columns[1])
        unit = (
            pl.col("__unit")
            .cast(pl.String)
            .replace_strict(units, [unit_texts[u] for u in units], default=None)
        )
        texts = picked.select(
            pl.concat_str(pl.lit(head), unit, entity, case, pl.lit(middle), ref, pl.lit(tail))
        ).to_series()
        return texts if not texts.null_count() else None

    def keys(self, part: int) -> pl.DataFrame:
        """One row per finding: part, position, line-order key, status order, due, rule, unit."""
        import polars as pl

        t = self.rows.get_column("__t")
        # a pair without a finding (its rows fed one by one) is no row's: its keys are unread
        made = self.templates
        status = pl.Series([STATUS_ORDER[f.status] if f else 0 for f in made], dtype=pl.Int8)
        days = [f.due.toordinal() if f and f.due else _LAST_DAY for f in made]
        due = pl.Series(days, dtype=pl.Int32)
        rule = pl.Series([f.rule if f else "" for f in made], dtype=pl.String)
        height = self.rows.height
        found = pl.DataFrame(
            {
                "p": pl.repeat(part, height, dtype=pl.Int32, eager=True),
                "i": pl.int_range(height, dtype=pl.Int64, eager=True),
                "seq": self.rows.get_column("__line").cast(pl.Int64) * 2,
                "s": status.gather(t),
                "d": due.gather(t),
                "r": rule.gather(t),
                "u": self.rows.get_column("__unit").cast(pl.String),
            }
        )
        more = _keys_frame(
            part,
            [f for _, f in self.extra],
            [2 * line + 1 for line, _ in self.extra],
            start=height,
        )
        return pl.concat([found, more]) if more.height else found


class ColumnJSONItems(RawJSONItems):
    """Items of a list as a Polars column of JSON texts (:meth:`CaseBlock.text_column`):
    joined by Polars and written as UTF-8 bytes, never as Python strings one by one."""

    __slots__ = ("column",)

    def __init__(self, column: pl.Series) -> None:  # (not RawJSONItems's: no list)
        self.column = column

    @property
    def items(self) -> list[str]:
        found: list[str] = self.column.to_list()
        return found

    def joined(self, separator: str) -> str | bytes:
        import polars as pl

        found: bytes = self.column.str.join(separator).cast(pl.Binary).item()
        return found


def _columns(rows: pl.DataFrame) -> tuple[list[Any], ...]:
    """A block's rows as Python lists: line, unit, template, id and village."""
    n = rows.height
    return (
        rows.get_column("__line").to_list(),
        rows.get_column("__unit").to_list(),
        rows.get_column("__t").to_list(),
        rows.get_column("id").to_list() if "id" in rows.columns else [None] * n,
        rows.get_column("village").to_list() if "village" in rows.columns else [None] * n,
    )


def _keys_frame(part: int, found: Sequence[Finding], seq: Sequence[int], start: int = 0) -> Any:
    import polars as pl

    return pl.DataFrame(
        {
            "p": pl.Series([part] * len(found), dtype=pl.Int32),
            "i": pl.Series(range(start, start + len(found)), dtype=pl.Int64),
            "seq": pl.Series(seq, dtype=pl.Int64),
            "s": pl.Series([STATUS_ORDER[f.status] for f in found], dtype=pl.Int8),
            "d": pl.Series([(f.due or date.max).toordinal() for f in found], dtype=pl.Int32),
            "r": pl.Series([f.rule for f in found], dtype=pl.String),
            "u": pl.Series([f.unit for f in found], dtype=pl.String),
        }
    )


Part = list[Finding] | CaseBlock


class Findings(Sequence[Finding]):
    """Findings in order: lists of findings and case blocks, one after the other, or as the
    check orders them (:meth:`in_check_order`).

    A sequence of :class:`~govflow.compliance.findings.Finding`; equal to any sequence of the
    same findings.  Without a block it is a plain list underneath.  With blocks, *order* (a
    Polars frame, a row per finding: its part ``p``, position ``i`` in the part, status ``s``,
    due ``d``, rule ``r`` and unit ``u``) gives the order; sorted into the check's order
    (:meth:`in_check_order`) when first read in order, so that a report listing a few statuses
    sorts only those (filtering and a stable sort commute).
    """

    __slots__ = ("_made", "_natural", "_order", "_parts", "_unsorted")
    _parts: list[Part]
    _order: Any
    _natural: bool
    _made: list[Finding] | None
    _unsorted: bool

    def __init__(self, parts: Iterable[Iterable[Finding] | CaseBlock | Findings] = ()) -> None:
        own: list[Part] = []
        for part in parts:
            if isinstance(part, Findings) and part._natural:
                own.extend(part._parts)  # its parts in their own order: blocks stay blocks
            elif isinstance(part, CaseBlock):
                if len(part):
                    own.append(part)
            else:  # findings, or a sorted or filtered Findings: as its findings in its order
                own.append(list(part))
        self._natural = True
        self._made = None
        self._order = None
        self._unsorted = False
        if any(isinstance(p, CaseBlock) for p in own):
            self._parts = own
            self._order = self._natural_order()
        else:
            self._parts = [[f for p in own if isinstance(p, list) for f in p]]

    @classmethod
    def of(cls, value: Iterable[Finding] | Findings) -> Findings:
        """*value* as findings (itself when it is)."""
        return value if isinstance(value, Findings) else cls([list(value)])

    def _list(self) -> list[Finding]:
        """The findings, without a block among them."""
        part = self._parts[0]
        assert isinstance(part, list)
        return part

    @property
    def blocks(self) -> int:
        """How many case blocks hold findings as columns (the others are objects)."""
        return sum(isinstance(p, CaseBlock) for p in self._parts)

    # -- the order ----------------------------------------------------------------------------

    def _natural_order(self) -> Any:
        import polars as pl

        frames = []
        for p, part in enumerate(self._parts):
            if isinstance(part, CaseBlock):
                frames.append(part.keys(p))
            else:
                frames.append(_keys_frame(p, part, range(len(part))))
        return pl.concat(frames).sort("p", "seq", maintain_order=True).drop("seq")

    def in_check_order(self) -> Findings:
        """The findings as a check lists them: by :func:`check_order`, ties in this order."""
        if self._order is None:
            return self._derived([sorted(self._list(), key=check_order)], None, True)
        return self._derived(self._parts, self._order, False, unsorted=True)

    @staticmethod
    def _derived(
        parts: list[Part], order: Any, natural: bool, *, unsorted: bool = False
    ) -> Findings:
        out = Findings.__new__(Findings)
        out._parts, out._order, out._natural = parts, order, natural
        out._made, out._unsorted = None, unsorted
        return out

    def _ordered(self) -> Any:
        """The order, sorted now if the sort was put off."""
        if self._unsorted:
            self._order, self._unsorted = _sorted(self._order), False
        return self._order

    def where_unit(self, keep: Callable[[str], bool]) -> Findings:
        """The findings whose unit *keep* accepts, in this order."""
        if self._order is None:
            kept = [f for f in self._list() if keep(f.unit)]
            return self._derived([kept], None, True)
        units = self._order.get_column("u").unique().to_list()
        chosen = self._order.get_column("u").is_in([u for u in units if keep(u)])
        return self._derived(
            self._parts, self._order.filter(chosen), False, unsorted=self._unsorted
        )

    def where_status(self, statuses: Iterable[Status]) -> Findings:
        """The findings of *statuses*, in this order (a sort put off stays put off: stable
        sorting and filtering commute)."""
        wanted = set(statuses)
        if self._order is None:
            return self._derived([[f for f in self._list() if f.status in wanted]], None, True)
        codes = [STATUS_ORDER[s] for s in wanted]
        kept = self._order.filter(self._order.get_column("s").is_in(codes))
        return self._derived(self._parts, kept, False, unsorted=self._unsorted)

    # -- what the outputs ask -----------------------------------------------------------------

    def status_counts(self) -> dict[Status, int]:
        """How many findings of each status (every status, zero included)."""
        out = dict.fromkeys(Status, 0)
        if self._order is None:
            for f in self._list():
                out[f.status] += 1
            return out
        for code, n in self._order.get_column("s").value_counts().iter_rows():
            out[_STATUS_OF[code]] = n
        return out

    def with_status(self, *statuses: Status) -> list[Finding]:
        """The findings of *statuses*, in this order."""
        wanted = set(statuses)
        if self._order is None:
            return [f for f in self._list() if f.status in wanted]
        codes = [STATUS_ORDER[s] for s in wanted]
        rows = self._order.filter(self._order.get_column("s").is_in(codes))
        return list(self._at(_sorted(rows) if self._unsorted else rows))

    def json_texts(self, json: FindingJson) -> Iterator[str]:
        """Each finding's JSON text by *json* (``json(finding)``), in order; a case block's
        rows are written from its columns, without making their findings."""
        for run in self.json_runs(json):
            yield from run.items

    def json_runs(self, json: FindingJson) -> Iterator[RawJSONItems]:
        """:meth:`json_texts` a few thousand at a time, for
        :func:`~govflow.text.jsonlayout.layered_json_pieces` to write as consecutive items."""
        if self._order is None:
            found = self._list()
            for start in range(0, len(found), _CHUNK):
                yield RawJSONItems([json(f) for f in found[start : start + _CHUNK]])
            return
        import polars as pl

        order, parts = self._ordered(), self._parts
        counts = dict(order.get_column("p").value_counts().iter_rows())
        # a row below its block's row count is the block's; the others are findings made
        heights = pl.Series([p.rows.height if isinstance(p, CaseBlock) else 0 for p in parts])
        for start in range(0, order.height, _TEXT_CHUNK):
            chunk = order.slice(start, _TEXT_CHUNK)
            ps, rows = chunk.get_column("p"), chunk.get_column("i")
            # runs of one block's rows, or of one part's findings made
            made = rows >= heights.gather(ps)
            # each block's rows in the chunk as one column of texts, cut into its runs
            texts: dict[int, tuple[pl.Series | None, int]] = {}
            for p in ps.filter(~made).unique().to_list():
                block = parts[p]
                assert isinstance(block, CaseBlock)
                mine = rows.filter((ps == p) & ~made)
                texts[p] = (block.text_column(mine, json) if mine.len() >= _TEXT_RUN else None, 0)
            offset = 0
            keys = ps.cast(pl.Int64) * 2 + made.cast(pl.Int64)
            for length, key in keys.rle().struct.unnest().iter_rows():
                p, positions = key // 2, rows.slice(offset, length)
                offset += length
                part = parts[p]
                column, at = texts.get(p, (None, 0)) if not key % 2 else (None, 0)
                if column is not None:
                    texts[p] = (column, at + length)
                    yield ColumnJSONItems(column.slice(at, length))
                    continue
                wanted = positions.to_list()
                for at in range(0, length, _CHUNK):
                    some = wanted[at : at + _CHUNK]
                    if isinstance(part, CaseBlock):
                        yield RawJSONItems(part.items(some, json, counts[p]))
                    else:
                        yield RawJSONItems([json(part[i]) for i in some])

    def _at(self, order: Any) -> Iterator[Finding]:
        """The findings at the positions of *order*, made a chunk at a time."""
        parts = self._parts
        # how many findings of each block are read in all: a block read whole reads its
        # columns once, not a few rows per chunk
        counts = dict(order.get_column("p").value_counts().iter_rows())
        for start in range(0, order.height, _CHUNK):
            chunk = order.slice(start, _CHUNK)
            ps = chunk.get_column("p").to_list()
            wanted: dict[int, list[int]] = {}
            for p, i in zip(ps, chunk.get_column("i").to_list(), strict=True):
                wanted.setdefault(p, []).append(i)
            made: dict[int, Iterator[Finding]] = {}
            for p, positions in wanted.items():
                part = parts[p]
                if isinstance(part, CaseBlock):
                    made[p] = iter(part.items(positions, None, counts[p]))
                else:
                    made[p] = iter([part[i] for i in positions])
            for p in ps:
                yield next(made[p])

    # -- a sequence ---------------------------------------------------------------------------

    def __len__(self) -> int:
        if self._order is None:
            return len(self._list())
        return int(self._order.height)

    def __iter__(self) -> Iterator[Finding]:
        if self._order is None:
            return iter(self._list())
        if self._made is not None:
            return iter(self._made)
        order = self._ordered()
        if order.height <= KEEP_MADE:  # read again and again by a report: made once
            self._made = list(self._at(order))
            return iter(self._made)
        return self._at(order)

    def __getstate__(self) -> tuple[Any, ...]:
        # the findings made are not sent
        return (self._parts, None if self._order is None else self._ordered(), self._natural)

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self._parts, self._order, self._natural = state
        self._made, self._unsorted = None, False

    @overload
    def __getitem__(self, index: int) -> Finding: ...

    @overload
    def __getitem__(self, index: slice) -> list[Finding]: ...

    def __getitem__(self, index: int | slice) -> Finding | list[Finding]:
        if self._order is None:
            return self._list()[index]
        if self._made is not None:
            return self._made[index]
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:
                return list(self._at(self._ordered().slice(start, max(stop - start, 0))))
            return [self[i] for i in range(start, stop, step)]
        n = len(self)
        if not -n <= index < n:
            raise IndexError("findings index out of range")
        found: Finding = next(self._at(self._ordered().slice(index % n, 1)))
        return found

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Findings({len(self)} findings)"


def _sorted(order: pl.DataFrame) -> pl.DataFrame:
    """*order* by status, due, rule and unit, ties kept in order: one integer key when the
    rules and units are few enough (the strings ranked as Python orders them), else by the
    columns."""
    import polars as pl

    if not order.height:
        return order
    rules = sorted(order.get_column("r").unique().to_list())
    units = sorted(order.get_column("u").unique().to_list())
    if len(rules) > _MOST_RULES or len(units) > _MOST_UNITS:
        return order.sort("s", "d", "r", "u", maintain_order=True)
    rank_r = pl.col("r").replace_strict(rules, range(len(rules)), return_dtype=pl.Int64)
    rank_u = pl.col("u").replace_strict(units, range(len(units)), return_dtype=pl.Int64)
    key = (
        pl.col("s").cast(pl.Int64) * (1 << 58)
        + pl.col("d").cast(pl.Int64) * (1 << 36)
        + rank_r * (1 << 20)
        + rank_u
    )
    return order.with_columns(key.alias("__k")).sort("__k", maintain_order=True).drop("__k")


def as_findings(value: Iterable[Finding] | Findings) -> Findings:
    """*value* as :class:`Findings` (an attrs converter)."""
    return Findings.of(value)
