"""A province's record file split by its county column, for ``check --county-column``.

Each file is read once and written to one Parquet part per county (a spool in a temporary
folder): the county's rows, their lines in the original file, and the original header
and file name in the part's metadata (:data:`SPLIT_KEY`).  Reading a part
(:func:`~govflow.compliance.parquetread.parquet_table`) gives the rows back under the original
file name and lines, so a county's check reports its rejected rows, evidence and file summary
as a check of the whole file would.

The rows of no county are accounted here: a blank row or a 合计 row is set aside (as the
row-by-row reader sets it aside), a repeated header row too, and a row whose county cell is
blank is rejected, naming the column.  Polars splits a Parquet file, and a CSV file whose rows
it reads as ``csv`` does (its header on the first line, no line break inside a cell); a
spreadsheet and any other CSV file are split row by row as the reference reader reads them
(:func:`_split_rows`).  A JSON Lines file is split by its objects' key *column*
(:func:`_split_lines`): each line to its county's part as it was written, read back by the
JSON Lines reading (:func:`~govflow.compliance.jsonlread.read_jsonl_part`) under the file's
name and lines; a line that holds no object, or whose object names no county, is rejected.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from attrs import define, field

from govflow.compliance.colcells import GiveUp, empty_lines, odd_cells, utf8_copy
from govflow.compliance.jsonlread import json_type, line_object
from govflow.compliance.jsonltable import county_lines
from govflow.compliance.kinds import FileSummary, Rejected
from govflow.compliance.parquetread import SPLIT_KEY, open_parquet, text_columns
from govflow.compliance.sheetread import is_workbook
from govflow.compliance.stream import LineSource, RecordStream
from govflow.compliance.tables import BLANK_ROW, HEADER_ROW, set_aside_reason
from govflow.errors import GovflowError

__all__ = ["SPLIT_KEY", "CountyParts", "SplitError", "split_by_county"]


_SPARE = tuple(f"x{i}" for i in range(16))
"""Cells a row may have beyond the header's, ignored as the reader ignores them (for a row
wider still Polars gives up, and the file is split row by row)."""


class SplitError(GovflowError):
    """A file that cannot be split by county (said in Chinese, naming the file)."""


@define
class CountyParts:
    """The parts of every file, by county, and the rows given to no county."""

    column: str
    parts: dict[str, list[Path]] = field(factory=dict)
    """County -> its parts, in the order of the files given."""
    kinds: dict[str, str] = field(factory=dict)
    """A part (as ``str``) -> the record kind of the file it came from."""
    leftover: list[FileSummary] = field(factory=list)
    """For each file: the rows given to no county (set aside or rejected)."""
    rejected: list[Rejected] = field(factory=list)


def split_by_county(
    streams: Iterable[RecordStream],
    column: str,
    into: Path,
    each: Callable[[str], None] | None = None,
) -> CountyParts:
    """Split each stream's file by the cells of its column *column* into parts under *into*
    (which must exist and be empty); the streams are closed unread.  *each*, if given, is
    called with a file's name before it is split (a line of progress)."""
    out = CountyParts(column)
    for i, stream in enumerate(streams):
        if each is not None:
            each(stream.summary.source)
        try:
            _split(stream, column, into / f"f{i}", out)
        finally:
            stream.close()
    out.parts = {c: out.parts[c] for c in sorted(out.parts)}
    return out


def _split(stream: RecordStream, column: str, folder: Path, out: CountyParts) -> None:
    source = stream.summary.source
    header = stream.header
    if stream.lines is not None:
        _split_lines(stream, stream.lines, column, folder, out)
        return
    if header is None or stream.columns is None or stream.raw is None:
        raise SplitError(f"{source}：--county-column 只用于表格和 JSON Lines")
    if header.count(column) != 1:
        found = "有多列" if column in header else "没有"
        raise SplitError(
            f"{source}：表头中{found}名为“{column}”的列（--county-column）；"
            f"表头为：{'、'.join(header)}"
        )
    idx = header.index(column)
    names = [f"c{i}" for i in range(len(header))]
    spec = {"source": source, "header": list(header), "encoding": stream.summary.encoding}
    summary = FileSummary(source, stream.kind.name, stream.summary.encoding)
    summary.ignored_columns = stream.summary.ignored_columns
    empty: set[int] = set()  # lines that are empty: no rows at all for csv
    try:
        if stream.parquet:
            _write(_parquet_rows(stream.path, names), idx, column, folder, spec)
        elif is_workbook(stream.path):
            raise GiveUp
        else:
            codec = _codec(stream)
            with utf8_copy(stream.path, codec) as path:
                _first_line(path, header, source)
                _write(_csv_rows(path, names), idx, column, folder, spec)
                empty = _empty_lines(path, folder, len(header))
    except (GiveUp, pl.exceptions.PolarsError):
        # a spreadsheet, or a CSV file Polars reads otherwise than csv does (a cell over two
        # lines, a title above the header ...): row by row, as the reference reader reads it
        shutil.rmtree(folder, ignore_errors=True)
        _split_rows(stream, idx, column, folder, spec, summary, out)
    last = 0  # the line of the last row that is not blank
    for county, part in _parts(folder, spec).items():
        if county == "":
            _leftover(part, header, column, summary, out, empty)
            continue
        last = max(last, pl.scan_parquet(part).select(pl.col("__line").max()).collect().item())
        out.parts.setdefault(county, []).append(part)
        out.kinds[str(part)] = stream.kind.name
    mine = [r.line for r in out.rejected if r.source == source]
    kept = [r.line for r in summary.set_aside_rows if r.reason != BLANK_ROW]
    last = max([last, *mine, *kept])
    # blank rows after the last row of the table are not rows of it (as the reader counts)
    for row in [r for r in summary.set_aside_rows if r.reason == BLANK_ROW and r.line > last]:
        summary.set_aside_rows.remove(row)
        summary.set_aside -= 1
        summary.read -= 1
    out.leftover.append(summary)


def _split_rows(
    stream: RecordStream,
    idx: int,
    column: str,
    folder: Path,
    spec: dict[str, Any],
    summary: FileSummary,
    out: CountyParts,
) -> None:
    """The row-by-row split: the stream's rows as the reference reader reads them (their lines
    as it counts them), the counties' rows written every :data:`ROW_BATCH` rows; the rows of no
    county accounted here."""
    assert stream.raw is not None
    assert stream.header is not None
    header = stream.header
    width = len(header)
    meta = {SPLIT_KEY: json.dumps(spec, ensure_ascii=False)}
    waiting: dict[str, list[tuple[int, list[str]]]] = {}
    count = written = 0

    def flush() -> None:
        nonlocal written
        for county, rows in waiting.items():
            columns = {f"c{i}": [cells[i] for _, cells in rows] for i in range(width)}
            _piece(folder, county, written, [line for line, _ in rows], columns, meta)
        waiting.clear()
        written += 1

    for item in stream.raw:
        if isinstance(item, Rejected):  # a row the file's format breaks: no county to tell
            summary.read += 1
            summary.reject(item.line)
            out.rejected.append(item)
            continue
        line, cells = item
        county = cells[idx].strip() if idx < len(cells) else ""
        if not county or county == column:
            _no_county(line, cells, header, column, summary, out)
            continue
        waiting.setdefault(county, []).append((line, (cells + [""] * width)[:width]))
        count += 1
        if count % ROW_BATCH == 0:
            flush()
    flush()


def _parts(folder: Path, spec: dict[str, Any]) -> dict[str, Path]:
    """The pieces written under *folder*, joined into one part per county (``""``: the rows
    of no county)."""
    pieces: dict[str, list[tuple[int, Path]]] = {}
    for piece in folder.glob("*.parquet"):
        county = pl.scan_parquet(piece).select("__county").head(1).collect().item()
        index = int(piece.stem.rsplit("-", 1)[1])
        pieces.setdefault(county, []).append((index, piece))
    return {c: _one_part([p for _, p in sorted(w)], spec) for c, w in pieces.items()}


def _split_lines(
    stream: RecordStream, lines: LineSource, column: str, folder: Path, out: CountyParts
) -> None:
    """A JSON Lines file split by the key *column* of its objects: each line that is not
    blank to the part of its county (its text and its line); a line of no county (not an
    object, no county named) rejected here, with the reason the reading would give.  Polars
    splits a file of flat objects (:func:`~govflow.compliance.jsonltable.county_lines`), the
    reading's decoder any other file, line by line (:func:`_lines_by_county`)."""
    source = stream.summary.source
    spec = {"source": source, "encoding": stream.summary.encoding, "lines": True}
    summary = FileSummary(source, stream.kind.name, stream.summary.encoding)

    mine: list[Rejected] = []

    def reject(line: int, field: str, reason: str) -> None:
        summary.read += 1
        summary.reject(line)
        mine.append(Rejected(source, line, field, reason))

    first = next(((n, t) for n, t in lines.numbered() if t.strip()), None)
    frame = lines.frame() if first is not None else None
    flat = county_lines(frame, first, column) if frame is not None and first else None
    if flat is None:
        _lines_by_county(lines, column, folder, spec, reject)
    else:
        _sink(flat, folder, spec)
    for county, part in _parts(folder, spec).items():
        if county == "":  # null or blank: no county named
            for (n,) in pl.read_parquet(part, columns=["__line"]).sort("__line").iter_rows():
                reject(n, column, _unnamed(column))
            continue
        out.parts.setdefault(county, []).append(part)
        out.kinds[str(part)] = stream.kind.name
    out.rejected += sorted(mine, key=lambda r: r.line)
    out.leftover.append(summary)


def _lines_by_county(
    lines: LineSource,
    column: str,
    folder: Path,
    spec: dict[str, Any],
    reject: Callable[[int, str, str], None],
) -> None:
    """Each line as the reading decodes it, to the part of its county (every
    :data:`ROW_BATCH` lines a piece), a null or blank county to the part ``""``; a line of no
    object, or naming its county by other than text, given to *reject*."""
    meta = {SPLIT_KEY: json.dumps(spec, ensure_ascii=False)}
    waiting: dict[str, list[tuple[int, str]]] = {}
    objects = named = False  # whether some line holds an object, and some object the key
    count = written = 0

    def flush() -> None:
        nonlocal written
        for county, rows in waiting.items():
            texts = {"json": [text for _, text in rows]}
            _piece(folder, county, written, [n for n, _ in rows], texts, meta)
        waiting.clear()
        written += 1

    for n, line in lines.numbered():
        if not line.strip():
            continue  # no row, as the reading counts
        text = line.removesuffix("\n").lstrip("\ufeff" if n == 1 else "")
        try:
            obj = line_object(text)
        except ValueError as exc:  # no object, no county: the reading's own reason
            reject(n, "", str(exc))
            continue
        value = obj.get(column)
        objects, named = True, named or column in obj
        if value is not None and not isinstance(value, str):
            shown = json.dumps(value, ensure_ascii=False)[:40]
            reject(n, column, f"县名应为文本（JSON 字符串），实际为{json_type(value)} {shown}")
            continue
        waiting.setdefault((value or "").strip(), []).append((n, text))
        count += 1
        if count % ROW_BATCH == 0:
            flush()
    flush()
    if objects and not named:
        raise SplitError(
            f"{spec['source']}：没有一行 JSON 对象有名为“{column}”的键（--county-column）"
        )


def _piece(
    folder: Path,
    county: str,
    index: int,
    lines: list[int],
    columns: dict[str, list[str]],
    meta: dict[str, str],
) -> None:
    """A county's rows of the *index*-th batch as a piece under *folder*: their *lines*, the
    county, and the text *columns*."""
    pl.DataFrame(
        {"__line": lines, "__county": [county] * len(lines), **columns},
        schema={"__line": pl.Int64, "__county": pl.String, **dict.fromkeys(columns, pl.String)},
    ).write_parquet(folder / f"{_digest(county)}-{index}.parquet", metadata=meta, mkdir=True)


def _digest(county: str) -> str:
    """A file name for a county's pieces, whatever its name holds."""
    return hashlib.sha256(county.encode()).hexdigest()[:20]


def _one_part(pieces: list[Path], spec: dict[str, Any]) -> Path:
    """A county's rows of one file as one part: the engine's pieces joined in order when it
    wrote more than one."""
    if len(pieces) == 1:
        return pieces[0]
    joined = pieces[0].with_name(pieces[0].stem.rsplit("-", 1)[0] + "-all.parquet")
    with pl.Config(streaming_chunk_size=SPLIT_ROWS):
        pl.scan_parquet(pieces).sink_parquet(
            joined,
            metadata={SPLIT_KEY: json.dumps(spec, ensure_ascii=False)},
            row_group_size=SPLIT_ROWS,
        )
    for piece in pieces:
        piece.unlink()
    return joined


def _codec(stream: RecordStream) -> str:
    import codecs

    try:
        name = codecs.lookup(stream.summary.encoding).name
    except LookupError:
        raise GiveUp from None
    if name in ("utf-8", "utf-8-sig"):
        return "utf-8"
    if name == "gb18030":
        return "gb18030"
    raise GiveUp  # UTF-16: Polars reads UTF-8 only


def _first_line(path: Path, header: Sequence[str], source: str) -> None:
    """The header must be the file's first line, as the row-by-row reader found it."""
    import csv
    import io

    with path.open("rb") as fh:
        raw = fh.readline(1 << 20)
    try:
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True))
    except (UnicodeDecodeError, csv.Error):
        raise GiveUp from None
    if len(rows) != 1 or tuple(c.strip() for c in rows[0]) != tuple(header):
        raise GiveUp


def _csv_rows(path: Path, names: list[str]) -> pl.LazyFrame:
    """The rows below the header as text (null for a missing cell), ``__line`` their line."""
    scan = pl.scan_csv(
        path,
        has_header=False,
        skip_rows=1,
        schema=dict.fromkeys([*names, *_SPARE], pl.String),
        missing_columns="insert",
        quote_char='"',
        encoding="utf8",
    ).with_row_index("__row")
    odd = odd_cells([pl.col(n) for n in (*names, *_SPARE)])
    return scan.select(
        (pl.col("__row").cast(pl.Int64) + 2).alias("__line"), *names, odd.alias("__odd")
    )


def _parquet_rows(path: Path, names: list[str]) -> pl.LazyFrame:
    texts = text_columns(open_parquet(path))
    given = list(texts.collect_schema().names())
    return (
        texts.rename(dict(zip(given, names, strict=True)))
        .with_row_index("__row")
        .select(
            (pl.col("__row").cast(pl.Int64) + 2).alias("__line"),
            *names,
            pl.lit(False).alias("__odd"),
        )
    )


SPLIT_ROWS = 20_000
"""Rows the engine carries at a time while splitting, and rows per row group of a part: with
a hundred parts open at once, smaller pieces keep memory from growing with the file."""


ROW_BATCH = 100_000
"""Rows the row-by-row split holds before writing them, a piece per county: memory for this
many rows, and few pieces to join."""


def _write(rows: pl.LazyFrame, idx: int, column: str, folder: Path, spec: dict[str, Any]) -> None:
    """One streaming pass: every row to the part of its county (``""`` for a blank cell, and
    for the header's own name: a repeated header row)."""
    names = [f"c{i}" for i in range(len(spec["header"]))]
    cell = pl.col(names[idx]).fill_null("").str.strip_chars()
    county = pl.when(cell == column).then(pl.lit("")).otherwise(cell).alias("__county")
    _sink(rows.select("__line", county, *names, "__odd"), folder, spec)
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return  # no row below the header
    odd = pl.scan_parquet(folder / "*.parquet").select(pl.col("__odd").any()).collect().item()
    if odd:
        raise GiveUp


def _sink(rows: pl.LazyFrame, folder: Path, spec: dict[str, Any]) -> None:
    """*rows* written under *folder* in one streaming pass, a piece per county (``__county``)
    and :data:`SPLIT_ROWS` rows, named by the county's digest."""

    def path_of(args: Any) -> Path:
        # named by the county's digest: called from several threads, a name of its own each
        key = str(args.partition_keys.item(0, 0))
        return folder / f"{_digest(key)}-{args.index_in_partition}.parquet"

    with pl.Config(streaming_chunk_size=SPLIT_ROWS):
        rows.sink_parquet(
            pl.PartitionBy(
                folder,
                key="__county",
                include_key=True,
                file_path_provider=path_of,
                approximate_bytes_per_file=None,
            ),
            metadata={SPLIT_KEY: json.dumps(spec, ensure_ascii=False)},
            row_group_size=SPLIT_ROWS,
            mkdir=True,
        )


def _leftover(
    part: Path,
    header: Sequence[str],
    column: str,
    summary: FileSummary,
    out: CountyParts,
    empty: set[int],
) -> None:
    """The rows whose county cell is blank, in line order (:func:`_no_county` each), but for
    the *empty* lines, which are no rows."""
    names = [f"c{i}" for i in range(len(header))]
    frame = pl.read_parquet(part, columns=["__line", *names]).sort("__line")
    for line, *cells in frame.iter_rows():
        if line not in empty:
            _no_county(line, [c or "" for c in cells], header, column, summary, out)


def _empty_lines(path: Path, folder: Path, width: int) -> set[int]:
    """The lines of the CSV file *path* that are empty: of its rows of no county (written under
    *folder*) those with every cell null, looked at in the raw text."""
    pieces = sorted(folder.glob(f"{_digest('')}-*.parquet"))
    if not pieces:
        return set()
    names = [f"c{i}" for i in range(width)]
    blank = (
        pl.scan_parquet(pieces)
        .filter(pl.all_horizontal(pl.col(n).is_null() for n in names))
        .select("__line")
        .collect()
        .get_column("__line")
    )
    return {row + 2 for row in empty_lines(path, [line - 2 for line in blank])}


def _no_county(
    line: int,
    cells: Sequence[str],
    header: Sequence[str],
    column: str,
    summary: FileSummary,
    out: CountyParts,
) -> None:
    """A row of no county: set aside if it is no record (blank, a 合计 row, the header again),
    else rejected, naming the column."""
    reason = set_aside_reason(cells)
    if reason is None and tuple(c.strip() for c in cells[: len(header)]) == tuple(header):
        reason = HEADER_ROW
    if reason is not None:
        summary.put_aside(line, reason)
        return
    summary.read += 1
    summary.reject(line)
    out.rejected.append(Rejected(summary.source, line, column, _unnamed(column)))


def _unnamed(column: str) -> str:
    """Why a row naming no county is rejected."""
    return f"未填县（市、区）名：按“{column}”列（--county-column）分县检查，每行应写明所属县"
