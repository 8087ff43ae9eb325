"""Records of what actually happened, read from CSV or JSON Lines, row by row.

Record kinds (docs/records.md documents each field): ``post`` (posts on the portal and the 政务
新媒体 accounts), ``application`` (依申请公开), ``message`` (问政 channels), ``event`` (开放活动,
自查, 通报, 汇总, 汇报听取), ``disclosure`` (预算, 决算, 三公经费, 政策解读, 补贴结果, 征地公告 …).
Plugins add kinds and header spellings through ``govflow_record_kinds`` and
``govflow_header_aliases``.

Input: CSV in UTF-8 (with or without BOM) or GB18030, which government spreadsheets export, or
JSON Lines in UTF-8; headers in English or Chinese.  Every row is accounted for: it becomes a
:class:`Record`, or a :class:`Rejected` naming the file, the line, the field and the reason.
Reading streams: memory does not grow with the number of rows (except the ids kept to reject
duplicates, for kinds whose rows carry a required id).  Nothing read is ever evaluated as code.
"""

from __future__ import annotations

import codecs
import csv
import enum
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attrs import define, field, frozen

from govflow.errors import InputError
from govflow.text.dates import BEIJING
from govflow.text.numerals import normalize_text

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

__all__ = [
    "BUILTIN_KINDS",
    "FieldSpec",
    "FieldType",
    "FileSummary",
    "HeaderAlias",
    "Record",
    "RecordFileError",
    "RecordKind",
    "Rejected",
    "detect_encoding",
    "read_records",
]


class RecordFileError(InputError):
    """A records file cannot be read at all (unreadable, wrong encoding, no usable header)."""

    label = "记录文件无法读取"


class FieldType(enum.Enum):
    TEXT = "text"
    DATE = "date"
    """A date; a datetime is accepted and its Beijing date taken."""
    DATETIME = "datetime"
    """A moment; a bare date is accepted (read as the start of that day, Beijing time)."""
    BOOL = "bool"
    INT = "int"


@frozen
class FieldSpec:
    """One field of a record kind: canonical name, type, Chinese label, header spellings."""

    name: str
    type: FieldType
    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()
    doc: str = ""


@frozen
class RecordKind:
    """A kind of record with its schema."""

    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    id_field: str | None = None
    """Rows with the same value here are duplicates (checked when the field is required)."""
    file_names: tuple[str, ...] = ()
    """File name stems that identify the kind (posts, 发布信息 …)."""
    doc: str = ""

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"record kind {self.name} has no field {name!r}")

    def with_aliases(self, extra: Mapping[str, Sequence[str]]) -> RecordKind:
        """A copy accepting more header spellings: ``{field: [alias, ...]}``."""
        fields = []
        for f in self.fields:
            more = tuple(a for a in extra.get(f.name, ()) if a not in f.aliases)
            fields.append(
                FieldSpec(f.name, f.type, f.label, f.required, (*f.aliases, *more), f.doc)
                if more
                else f
            )
        return RecordKind(
            self.name, self.label, tuple(fields), self.id_field, self.file_names, self.doc
        )


def _f(
    name: str, type_: FieldType, label: str, *aliases: str, required: bool = False, doc: str = ""
) -> FieldSpec:
    return FieldSpec(name, type_, label, required, (name, label, *aliases), doc)


T, D, DT, B, N = FieldType.TEXT, FieldType.DATE, FieldType.DATETIME, FieldType.BOOL, FieldType.INT

POST = RecordKind(
    "post",
    "发布信息",
    (
        _f("id", T, "编号", "信息编号", "ID"),
        _f(
            "site",
            T,
            "网站或账号",
            "网站",
            "账号",
            "平台名称",
            "发布平台",
            required=True,
            doc="政府网站名称或政务新媒体账号名称",
        ),
        _f("platform", T, "平台类型", "渠道类型", doc="网站 or 政务新媒体; default 网站"),
        _f("column", T, "栏目", "栏目名称", doc="e.g. 工作动态, 通知公告"),
        _f("category", T, "信息类别", "类别", doc="e.g. 动态; derived from the column when empty"),
        _f("unit", T, "单位", "发布单位", "责任单位", required=True),
        _f("time", DT, "发布时间", "发布日期", "日期", required=True),
        _f("title", T, "标题", "信息标题", required=True),
        _f("original", B, "是否原创", "原创", doc="是/否; default 否"),
        _f("homepage", B, "首页", "是否首页", doc="shown on the site's homepage"),
    ),
    id_field=None,
    file_names=("posts", "post", "发布信息", "信息发布"),
    doc="One published item on the portal or on a 政务新媒体 account.",
)
APPLICATION = RecordKind(
    "application",
    "依申请公开",
    (
        _f("id", T, "申请编号", "编号", required=True),
        _f("unit", T, "单位", "受理单位", "承办单位", required=True),
        _f(
            "received",
            D,
            "收到日期",
            "收到申请日期",
            "受理日期",
            required=True,
            doc="条例第三十一条的收到申请之日",
        ),
        _f("channel", T, "申请渠道", "渠道", doc="当面, 邮寄, 平常信函, 网络, 传真"),
        _f("correction_notice", D, "补正告知日期", "告知补正日期"),
        _f("corrected_received", D, "收到补正日期", "补正收到日期"),
        _f("consult_start", D, "征求意见开始日期", "征求意见日期"),
        _f("consult_end", D, "征求意见结束日期", "收到意见日期"),
        _f("extension_approved", D, "延期批准日期", "延期日期"),
        _f("extension_days", N, "延长工作日数", "延期天数"),
        _f("replied", D, "答复日期", "答复时间", doc="签收之日 or 交邮之日 (OGI-13)"),
        _f("delivery", T, "送达方式", doc="当面, 邮寄, 电子"),
        _f("abandoned", B, "视为放弃", "放弃申请", doc="补正 not made: 视为放弃申请"),
    ),
    id_field="id",
    file_names=("applications", "application", "依申请公开"),
    doc="One 依申请公开 case, from receipt to reply.",
)
MESSAGE = RecordKind(
    "message",
    "网民留言",
    (
        _f("id", T, "留言编号", "编号", required=True),
        _f("channel", T, "渠道", "留言渠道", doc="县长信箱, 问政江西 …"),
        _f("unit", T, "单位", "承办单位", "办理单位", required=True),
        _f("received", DT, "收到日期", "留言时间", "收到时间", required=True),
        _f("simple", B, "是否简单问题", "简单问题"),
        _f("replied", DT, "答复日期", "答复时间", "回复时间"),
    ),
    id_field="id",
    file_names=("messages", "message", "留言", "网民留言"),
    doc="One message from a 问政 channel and its reply.",
)
EVENT = RecordKind(
    "event",
    "工作事件",
    (
        _f("id", T, "编号"),
        _f("unit", T, "单位", required=True),
        _f(
            "kind",
            T,
            "类型",
            "事件类型",
            "活动类型",
            required=True,
            doc="开放活动, 自查, 通报, 汇总, 汇报听取 …",
        ),
        _f("date", D, "日期", "活动日期", "举办日期", required=True),
        _f("title", T, "标题", "名称"),
    ),
    file_names=("events", "event", "工作事件", "活动"),
    doc="Something a unit held or did: an open-government event, a self-check, a bulletin.",
)
DISCLOSURE = RecordKind(
    "disclosure",
    "公开事项",
    (
        _f("id", T, "编号"),
        _f("unit", T, "单位", "公开单位", required=True),
        _f(
            "kind",
            T,
            "类型",
            "公开类型",
            "事项类型",
            required=True,
            doc="预算, 决算, 三公经费, 政策文件, 政策解读, 补贴结果, 征地公告, 村务公开, 村级财务 …",
        ),
        _f(
            "trigger",
            D,
            "形成日期",
            "批准日期",
            "批复日期",
            "印发日期",
            "触发日期",
            doc="the date the period runs from: approval, 批复, issue of the policy",
        ),
        _f("published", D, "公开日期", "发布日期", required=True),
        _f("ends", D, "公示结束日期", "张贴结束日期", doc="end of a posting period (征地公告)"),
        _f("village", T, "村", "村名", "行政村"),
        _f("title", T, "标题", "名称"),
        _f("related", T, "关联编号", "对应政策编号", doc="the policy a 解读 belongs to"),
    ),
    file_names=("disclosures", "disclosure", "公开事项", "主动公开"),
    doc="One disclosure with the date its period runs from and the date it was published.",
)

BUILTIN_KINDS: dict[str, RecordKind] = {
    k.name: k for k in (POST, APPLICATION, MESSAGE, EVENT, DISCLOSURE)
}


@frozen
class HeaderAlias:
    """Another column spelling for a field of a record kind (from a plugin)."""

    kind: str
    field: str
    alias: str


@frozen
class Record:
    """One accepted row: its kind, where it came from, and its typed fields."""

    kind: str
    source: str
    line: int
    data: dict[str, Any]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.line}"


@frozen
class Rejected:
    """A row that was not evaluated, and why."""

    source: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}"
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


@define
class FileSummary:
    """Rows read from one file: ``read == evaluated + rejected`` once checking is done."""

    source: str
    kind: str
    encoding: str
    read: int = 0
    rejected: int = 0
    ignored_columns: tuple[str, ...] = ()
    _rejected_lines: set[int] = field(factory=set, repr=False)

    @property
    def evaluated(self) -> int:
        return self.read - self.rejected

    def reject(self, line: int) -> bool:
        """Count *line* as rejected once; ``False`` if it already was."""
        if line in self._rejected_lines:
            return False
        self._rejected_lines.add(line)
        self.rejected += 1
        return True


# ---------------------------------------------------------------------------------------------
# Encoding and format


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` for UTF-8 (with or without BOM), else ``gb18030`` (government exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        cut = exc.reason == "unexpected end of data" and len(head) >= _SNIFF
        if not cut:  # not just a character cut by a full sniffing window
            return "gb18030"
    return "utf-8-sig"


_SNIFF = 65536


_TRUE = {"是", "true", "yes", "y", "1", "原创", "t", "√", "✓", "对"}
_FALSE = {"否", "false", "no", "n", "0", "转载", "f", "非原创", "×", "", "不是"}
_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DT_RE = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]*(\d{1,2})[:时](\d{1,2})分?"
    r"(?::?(\d{1,2})秒?)?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$"
)


def _parse_date(text: str) -> date:
    s = text.strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-" and s.isascii():
        return date.fromisoformat(s)  # the common case, fast
    s = normalize_text(s)  # full-width digits, as in date-time fields
    m = _DATE_RE.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return _parse_datetime(s).date()


def _parse_datetime(text: str) -> datetime:
    """A moment in Beijing time: naive times are Beijing's, others are converted.

    Accepts 2023-06-18 09:30[:00] with - / . or 年月日 and : or 时分秒, a T or spaces between date
    and time, fractions of a second (dropped), a Z or ±HH[:]MM offset, or a bare date (the start
    of that day).  Full-width digits are read as ASCII (NFKC).
    """
    moment = _iso_datetime(text.strip())
    if moment is not None:
        return moment
    s = normalize_text(text).strip()
    m = _DT_RE.match(s)
    if m:
        y, mo, d, h, mi, sec, tz = m.groups()
        moment = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec or 0))
        if tz:
            aware = datetime.fromisoformat(moment.isoformat() + ("+00:00" if tz == "Z" else tz))
            return aware.astimezone(BEIJING)
        return moment.replace(tzinfo=BEIJING)
    m = _DATE_RE.match(s)
    if m:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=BEIJING)
    raise ValueError(s)


_fromisoformat = datetime.fromisoformat
_combine = datetime.combine


def _iso_datetime(s: str) -> datetime | None:
    """The common case, fast: YYYY-MM-DD[ T]HH:MM[:SS] in ASCII, Beijing time; else ``None``.

    Only strings of exactly that shape are given to ``datetime.fromisoformat`` (which then reads
    them as :data:`_DT_RE` does; anything it refuses goes the long way), so that its other
    forms (week dates, basic format, offsets) never change what a cell means.
    """
    n = len(s)
    if (
        n in (16, 19)
        and s[13] == ":"
        and s[10] in " T"
        and s[7] == "-"
        and s[4] == "-"
        and (n == 16 or s[16] == ":")
        and s.isascii()
    ):
        try:
            moment = _fromisoformat(s)
        except ValueError:
            return None
        if moment.tzinfo is None:  # combine, not replace(tzinfo=...): several times faster
            return _combine(moment, moment.time(), BEIJING)
    return None


def _csv_datetime(cell: str) -> datetime:
    """:func:`_to_datetime` of a stripped CSV cell."""
    moment = _iso_datetime(cell)
    return _to_datetime(cell) if moment is None else moment


def _to_text(raw: Any) -> str:
    return raw if isinstance(raw, str) else str(raw)


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    key = str(raw).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"expected 是/否 (or true/false), got {raw!r}")


def _to_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError(f"expected a whole number, got {raw!r}")
    try:
        return int(str(raw).strip())
    except ValueError:
        raise ValueError(f"expected a whole number, got {raw!r}") from None


def _to_date(raw: Any) -> date:
    if isinstance(raw, str):
        try:
            return _parse_date(raw)
        except ValueError:
            pass
    raise ValueError(f"expected a date such as 2023-06-18, got {raw!r}")


def _to_datetime(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise ValueError(f"expected a date such as 2023-06-18, got {raw!r}")
    try:
        return _parse_datetime(raw)
    except ValueError:
        raise ValueError(
            f"expected a date such as 2023-06-18 or 2023-06-18 09:30, got {raw!r}"
        ) from None


_CONVERTERS: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.TEXT: _to_text,
    FieldType.BOOL: _to_bool,
    FieldType.INT: _to_int,
    FieldType.DATE: _to_date,
    FieldType.DATETIME: _to_datetime,
}


def _convert(spec: FieldSpec, raw: Any) -> Any:
    """Typed value of a non-empty raw cell; ``ValueError`` with a reason otherwise."""
    return _CONVERTERS[spec.type](raw)


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-（）()]+", "", normalize_text(text)).lower()


def _map_headers(
    kind: RecordKind, headers: Sequence[str], source: str
) -> tuple[dict[str, int], tuple[str, ...]]:
    lookup: dict[str, str] = {}
    for f in kind.fields:
        for a in f.aliases:
            lookup.setdefault(_header_key(a), f.name)
    mapping: dict[str, int] = {}
    ignored = []
    for i, h in enumerate(headers):
        name = lookup.get(_header_key(h))
        if name is None:
            ignored.append(h)
        elif name in mapping:
            raise RecordFileError(
                f"{source}: line 1: columns {headers[mapping[name]]!r} and {h!r} both mean {name!r}"
            )
        else:
            mapping[name] = i
    missing = [f for f in kind.fields if f.required and f.name not in mapping]
    if missing:
        raise RecordFileError(
            f"{source}: line 1: missing column(s) for {kind.name} ({kind.label}): "
            + ", ".join(f"{f.name} ({f.label})" for f in missing)
            + f"; found: {', '.join(headers)}"
        )
    return mapping, tuple(ignored)


def guess_kind(path: Path, headers: Sequence[str], kinds: Mapping[str, RecordKind]) -> RecordKind:
    """The record kind of a file: by its name stem, else by its headers."""
    stem = path.stem.lower()
    for k in kinds.values():
        if stem in k.file_names or any(stem.startswith(n) for n in k.file_names if len(n) > 3):
            return k
    fits = []
    for k in kinds.values():
        try:
            _map_headers(k, headers, str(path))
        except RecordFileError:
            continue
        fits.append(k)
    if len(fits) == 1:
        return fits[0]
    names = ", ".join(f"{k.name} ({k.label})" for k in kinds.values())
    if not fits:
        raise RecordFileError(
            f"{path}: cannot tell the record kind from the file name or the "
            f"headers; name the file after its kind ({names}) or give it as "
            "KIND=PATH (e.g. post=发布.csv)"
        )
    raise RecordFileError(
        f"{path}: the headers fit several kinds "
        f"({', '.join(k.name for k in fits)}); give it as KIND=PATH or rename the file"
    )


# ---------------------------------------------------------------------------------------------
# Reading


Row = tuple[int, dict[str, Any]]
"""An accepted row before it becomes a :class:`Record`: its line and its typed fields."""


def _rows_csv(stream: TextIO, source: str) -> tuple[list[str], CsvReader]:
    """The header (stripped) and a ``csv.reader`` positioned on the first data row."""
    # strict: an unclosed quote is a malformed row, not the rest of the file in one field
    reader = csv.reader(stream, strict=True)
    try:
        headers = next(reader)
    except StopIteration:
        raise RecordFileError(f"{source}: empty file (expected a header row)") from None
    except csv.Error as exc:
        raise RecordFileError(f"{source}: line 1: not CSV: {exc}") from None
    return [h.strip() for h in headers], reader


class RecordStream:
    """Iterate to get :class:`Record` and :class:`Rejected` items; ``summary`` counts them.

    :meth:`rows` gives the same items without making :class:`Record` objects (the check
    engine's counting path).  A stream is read once, one way or the other.
    """

    def __init__(
        self,
        path: Path,
        kind: RecordKind,
        summary: FileSummary,
        items: Iterator[Row | Rejected],
        text: TextIO,
        header: Sequence[str] | None = None,
        columns: Mapping[str, int] | None = None,
    ) -> None:
        self.path = path
        self.kind = kind
        self.summary = summary
        self.header = tuple(header) if header is not None else None
        """A CSV file's header cells (stripped), as read; ``None`` for JSON Lines."""
        self.columns = dict(columns) if columns is not None else None
        """A CSV file's columns by field name (index in the header); ``None`` for JSON Lines."""
        self._items = items
        self._text = text
        self._records: Iterator[Record | Rejected] | None = None

    def __iter__(self) -> Iterator[Record | Rejected]:
        if self._records is None:
            self._records = self._make_records()
        return self._records

    def _make_records(self) -> Iterator[Record | Rejected]:
        kind, source = self.kind.name, self.summary.source
        for item in self._items:
            yield item if isinstance(item, Rejected) else Record(kind, source, *item)

    def rows(self) -> Iterator[Row | Rejected]:
        """``(line, fields)`` for each accepted row (the :class:`Record` it would be, unmade)
        and :class:`Rejected` for the others; counted in ``summary`` the same way."""
        return self._items

    def close(self) -> None:
        """Stop reading and close the file."""
        for items in (self._records, self._items):
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._text.close()


def read_records(
    path: str | Path,
    *,
    kind: str | None = None,
    kinds: Mapping[str, RecordKind] | None = None,
    encoding: str | None = None,
) -> RecordStream:
    """Open a CSV or JSON Lines file of records; iterate the result to read it row by row.

    Raises :class:`RecordFileError` when the file as a whole is unusable (unreadable, not text
    in UTF-8 or GB18030, no header, a missing required column); row problems become
    :class:`Rejected` items.
    """
    p = Path(path)
    kinds = kinds if kinds is not None else BUILTIN_KINDS
    source = str(p)
    try:
        raw = p.open("rb")
    except OSError as exc:
        raise RecordFileError(f"{source}: cannot read: {exc.strerror}") from None
    head = raw.read(_SNIFF)
    raw.seek(0)
    enc = encoding or detect_encoding(head)
    is_jsonl = p.suffix.lower() in (".jsonl", ".ndjson", ".json")
    text = io.TextIOWrapper(raw, encoding=enc, newline="" if not is_jsonl else None)
    try:
        if is_jsonl:
            return _read_jsonl(p, text, kind, kinds, enc)
        headers, reader = _rows_csv(text, source)
    except UnicodeDecodeError as exc:
        text.close()
        raise RecordFileError(f"{source}: not readable as {enc}: {exc.reason}") from None
    except RecordFileError:
        text.close()
        raise
    rk = _resolve_kind(p, headers, kind, kinds)
    mapping, ignored = _map_headers(rk, headers, source)
    summary = FileSummary(source, rk.name, enc, ignored_columns=ignored)
    return RecordStream(
        p,
        rk,
        summary,
        _csv_items(rk, mapping, reader, summary, text, source),
        text,
        headers,
        mapping,
    )


def _resolve_kind(
    p: Path, headers: Sequence[str], kind: str | None, kinds: Mapping[str, RecordKind]
) -> RecordKind:
    if kind is None:
        return guess_kind(p, headers, kinds)
    if kind not in kinds:
        raise RecordFileError(f"{p}: unknown record kind {kind!r}; known: {', '.join(kinds)}")
    return kinds[kind]


def _csv_bool(cell: str) -> bool:
    """:func:`_to_bool` of a stripped CSV cell; the usual spellings by one dict lookup."""
    value = _BOOLS.get(cell)
    return _to_bool(cell) if value is None else value


_BOOLS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}
_CSV_CONVERTERS: dict[FieldType, Callable[[str], Any]] = {
    **_CONVERTERS,
    FieldType.BOOL: _csv_bool,
    FieldType.DATETIME: _csv_datetime,
}


def _as_is(row: list[str]) -> list[str]:
    return row


def _csv_fields(
    specs: Sequence[FieldSpec], row: Sequence[str], source: str, line: int
) -> dict[str, Any] | Rejected:
    """The typed fields of a CSV row (cells in *specs* order, maybe more after them), or why it
    is rejected: the first field, in column order, that is required but empty or that does not
    convert."""
    data: dict[str, Any] = {}
    for spec, raw in zip(specs, row, strict=False):
        cell = raw.strip()
        if not cell:
            if spec.required:
                return Rejected(source, line, spec.name, f"required {spec.label} is empty")
            continue
        try:
            data[spec.name] = cell if spec.type is FieldType.TEXT else _convert(spec, cell)
        except ValueError as exc:
            return Rejected(source, line, spec.name, str(exc))
    return data


def _csv_items(
    kind: RecordKind,
    mapping: dict[str, int],
    reader: CsvReader,
    summary: FileSummary,
    stream: TextIO,
    source: str,
) -> Iterator[Row | Rejected]:
    """Read the rows of *reader*: ``(line, fields)`` for each accepted one, else
    :class:`Rejected`.  Blank lines are skipped (not rows); every other line is counted.

    The cells of the mapped columns are stripped; an empty cell is left out of the fields (or
    rejects the row when the field is required); typed fields are converted.  A row whose cells
    are all non-empty takes a fast path (one ``dict`` from the stripped cells, then the typed
    ones converted); any other row, and any row a conversion fails on, goes through
    :func:`_csv_fields`, which decides the outcome field by field in column order.
    """
    specs = tuple(kind.field(name) for name in mapping)
    names = tuple(mapping)
    idxs = tuple(mapping.values())
    in_place = idxs == tuple(range(len(idxs)))  # the mapped columns come first, in order
    pick: Callable[[list[str]], Sequence[str]]
    if in_place:
        pick = _as_is  # zip() below stops after the mapped columns
    elif len(idxs) == 1:
        only = idxs[0]

        def pick(row: list[str]) -> Sequence[str]:
            return (row[only],)
    else:
        pick = itemgetter(*idxs)
    typed = tuple((s.name, _CSV_CONVERTERS[s.type]) for s in specs if s.type is not FieldType.TEXT)
    width = max(idxs) + 1
    id_field = kind.id_field if kind.id_field and kind.field(kind.id_field).required else None
    seen_ids: dict[str, int] = {}
    strip = str.strip
    line = 0
    try:
        while True:
            try:
                for cols in reader:
                    if not cols:
                        continue
                    line = reader.line_num
                    summary.read += 1
                    row = cols if len(cols) >= width else cols + [""] * (width - len(cols))
                    fields = dict(
                        zip(names, map(strip, row if in_place else pick(row)), strict=False)
                    )
                    data: dict[str, Any] | Rejected | None = None
                    if "" not in fields.values():
                        try:
                            for name, conv in typed:
                                fields[name] = conv(fields[name])
                            data = fields
                        except ValueError:
                            pass
                    if data is None:
                        data = _csv_fields(specs, pick(row), source, line)
                    if id_field is not None and type(data) is dict:
                        key = data[id_field]
                        first = seen_ids.get(key)
                        if first is not None:
                            data = Rejected(
                                source,
                                line,
                                id_field,
                                f"duplicate id {key!r} (first at line {first})",
                            )
                        else:
                            seen_ids[key] = line
                    if type(data) is dict:
                        yield (line, data)
                    else:
                        assert isinstance(data, Rejected)
                        summary.reject(line)
                        yield data
                break
            except csv.Error as exc:
                line = reader.line_num
                summary.read += 1
                summary.reject(line)
                yield Rejected(source, line, "", f"malformed CSV row: {exc}")
            except UnicodeDecodeError as exc:
                raise RecordFileError(
                    f"{source}: after line {summary.read + 1}: not readable "
                    f"as {summary.encoding}: {exc.reason}"
                ) from None
    finally:
        stream.close()


def _read_jsonl(
    p: Path, text: TextIO, kind: str | None, kinds: Mapping[str, RecordKind], enc: str
) -> RecordStream:
    source = str(p)
    first_obj: dict[str, Any] | None = None
    lines = iter(enumerate(text, 1))
    buffered: list[tuple[int, str]] = []
    for n, line in lines:
        buffered.append((n, line))
        if line.strip():
            try:
                obj = json.loads(line)
            except ValueError:
                break
            if isinstance(obj, dict):
                first_obj = obj
            break
    headers = list(first_obj) if first_obj else []
    try:  # the file name, a given kind, or the first object's keys tell the kind
        rk = _resolve_kind(p, headers, kind, kinds)
    except RecordFileError:
        text.close()
        if headers:
            raise
        raise RecordFileError(
            f"{source}: no JSON object on the first line and no kind in the file name; "
            "expected one record per line, or give the file as KIND=PATH"
        ) from None
    lookup: dict[str, str] = {}
    for f in rk.fields:
        for a in f.aliases:
            lookup.setdefault(_header_key(a), f.name)
    summary = FileSummary(source, rk.name, enc)

    def items() -> Iterator[Row | Rejected]:
        seen_ids: dict[str, int] = {}
        check_ids = bool(rk.id_field and rk.field(rk.id_field).required)
        try:
            for n, line in _chain(buffered, lines):
                if not line.strip():
                    continue
                summary.read += 1
                try:
                    obj = json.loads(line)
                except ValueError as exc:
                    summary.reject(n)
                    yield Rejected(source, n, "", f"not a JSON object: {exc}")
                    continue
                if not isinstance(obj, dict):
                    summary.reject(n)
                    yield Rejected(source, n, "", "expected a JSON object per line")
                    continue
                data: dict[str, Any] = {}
                bad: Rejected | None = None
                for key, value in obj.items():
                    name = lookup.get(_header_key(str(key)))
                    if name is None or value is None or value == "":
                        continue
                    try:
                        data[name] = _convert(rk.field(name), value)
                    except ValueError as exc:
                        bad = Rejected(source, n, name, str(exc))
                        break
                if bad is None:
                    for f in rk.fields:
                        if f.required and f.name not in data:
                            bad = Rejected(source, n, f.name, f"required {f.label} is missing")
                            break
                if bad is None and check_ids and rk.id_field:
                    key_value = str(data[rk.id_field])
                    if key_value in seen_ids:
                        bad = Rejected(
                            source,
                            n,
                            rk.id_field,
                            f"duplicate id {key_value!r} (first at line {seen_ids[key_value]})",
                        )
                    else:
                        seen_ids[key_value] = n
                if bad is not None:
                    summary.reject(n)
                    yield bad
                    continue
                yield (n, data)
        except UnicodeDecodeError as exc:
            raise RecordFileError(f"{source}: not readable as {enc}: {exc.reason}") from None
        finally:
            text.close()

    return RecordStream(p, rk, summary, items(), text)


def _chain(
    first: Iterable[tuple[int, str]], rest: Iterator[tuple[int, str]]
) -> Iterator[tuple[int, str]]:
    yield from first
    yield from rest
