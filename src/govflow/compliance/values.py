"""Reading values: the file's encoding, cells into typed values (dates in Beijing time, booleans,
numbers), header spellings into fields, and which kind a file holds."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from govflow.compliance.ogiform import choice_key
from govflow.text.dates import BEIJING, FIRST_DAY, LAST_DAY
from govflow.text.numerals import normalize_text

if TYPE_CHECKING:
    pass
from govflow.compliance.kinds import FieldSpec, FieldType, RecordKind


def detect_encoding(head: bytes) -> str:
    """``utf-8-sig`` for UTF-8 (with or without BOM), ``utf-32``/``utf-16`` for text with that
    byte-order mark (Excel's 「Unicode 文本」 is UTF-16 LE with a BOM; the codec reads the mark
    and drops it), else ``gb18030`` (government exports)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
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
    return _to_datetime(cell) if moment is None else _bounded(moment, cell)


_FIRST_YEAR, _LAST_YEAR = FIRST_DAY.year, LAST_DAY.year
_D = TypeVar("_D", bound=date)


def _bounded(value: _D, raw: Any) -> _D:
    """*value* if it lies in the calendar's computable range; a reason naming the range otherwise.

    The range starts and ends on a year boundary, so comparing years is enough (and cheap).
    """
    if _FIRST_YEAR <= value.year <= _LAST_YEAR:
        return value
    raise ValueError(
        f"日期超出可计算范围（{FIRST_DAY.isoformat()} 至 {LAST_DAY.isoformat()}），实际为 {_quoted(raw)}"
    )


def _to_text(raw: Any) -> str:
    return raw if isinstance(raw, str) else str(raw)


def _quoted(raw: Any) -> str:
    """A cell as a rejection reason quotes it: its ``repr``, cut after 60 characters (a 100 KB
    cell must not flood the report)."""
    if isinstance(raw, str) and len(raw) > 60:
        return f"{raw[:60]!r}…（共 {len(raw)} 个字符）"
    return repr(raw)


def _to_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    key = str(raw).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"应为 是/否（或 true/false），实际为 {_quoted(raw)}")


_INT_RE = re.compile(r"[+-]?[0-9]+")


def _to_int(raw: Any) -> int:
    """An integer written as an optional sign and ASCII digits (full-width digits read as
    ASCII); not ``int()``'s other forms (``1_0``, other scripts' digits, inner spaces)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = normalize_text(raw).strip() if isinstance(raw, str) else ""
    if len(text) > 20 or not _INT_RE.fullmatch(text):
        raise ValueError(f"应为整数（如 15），实际为 {_quoted(raw)}")
    return int(text)


def _to_date(raw: Any) -> date:
    if isinstance(raw, str):
        try:
            day = _parse_date(raw)
        except ValueError:
            pass
        except OverflowError:  # an offset carrying the moment past datetime's range
            return _bounded(date.max, raw)
        else:
            return _bounded(day, raw)
    raise ValueError(f"应为日期，如 2023-06-18，实际为 {_quoted(raw)}")


def _to_datetime(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise ValueError(f"应为日期，如 2023-06-18，实际为 {_quoted(raw)}")
    try:
        moment = _parse_datetime(raw)
    except ValueError:
        raise ValueError(
            f"应为日期或时刻，如 2023-06-18 或 2023-06-18 09:30，实际为 {_quoted(raw)}"
        ) from None
    except OverflowError:  # an offset carrying the moment past datetime's range
        return _bounded(datetime.max, raw)
    return _bounded(moment, raw)


_CONVERTERS: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.TEXT: _to_text,
    FieldType.BOOL: _to_bool,
    FieldType.INT: _to_int,
    FieldType.DATE: _to_date,
    FieldType.DATETIME: _to_datetime,
}


def _convert(spec: FieldSpec, raw: Any) -> Any:
    """Typed value of a non-empty raw cell; ``ValueError`` with a reason otherwise."""
    if spec.type is FieldType.CHOICE:
        return _to_choice(spec, raw)
    return _CONVERTERS[spec.type](raw)


def converter(spec: FieldSpec) -> Callable[[Any], Any]:
    """The converter of *spec*'s cells (:func:`_convert` without the dispatch on each cell)."""
    if spec.type is FieldType.CHOICE:
        return partial(_to_choice, spec)
    return _CONVERTERS[spec.type]


_CHOICES: dict[FieldSpec, dict[str, str]] = {}


def _to_choice(spec: FieldSpec, raw: Any) -> str:
    """The choice of *spec* that *raw* spells (:func:`~govflow.compliance.ogiform.choice_key`
    compares them); a reason listing the allowed values otherwise."""
    table = _CHOICES.get(spec)
    if table is None:
        table = {choice_key(c): c for c in spec.choices}
        for spelling, choice in spec.choice_aliases:
            table.setdefault(choice_key(spelling), choice)
        _CHOICES[spec] = table
    found = table.get(choice_key(raw)) if isinstance(raw, str) else None
    if found is None:
        allowed = "、".join(f"「{c}」" for c in spec.choices)
        raise ValueError(f"应为以下之一：{allowed}；实际为 {_quoted(raw)}")
    return found


def _header_key(text: str) -> str:
    return re.sub(r"[\s_\-（）()]+", "", normalize_text(text)).lower()


def _stem_kind(path: Path, kinds: Mapping[str, RecordKind]) -> RecordKind | None:
    """The kind a file's name tells: its stem is a kind's file name, starts with one of more
    than three letters, or it contains a Chinese one of four characters or more of one kind
    only (2023年依申请公开台账.xlsx)."""
    stem = path.stem.lower()
    for k in kinds.values():
        if stem in k.file_names or any(stem.startswith(n) for n in k.file_names if len(n) > 3):
            return k
    inside = [
        k
        for k in kinds.values()
        if any(n in stem for n in k.file_names if len(n) > 3 and not n.isascii())
    ]
    return inside[0] if len(inside) == 1 else None


def _undecodable(encoding: str) -> str:
    """Why a records file's text cannot be read, in Chinese (the codec's reason is English)."""
    return (
        f"无法按 {encoding} 编码读取（记录文件应为 UTF-8、GB18030 或带 BOM 的 UTF-16 编码的文本；"
        "可在 Excel 中另存为「CSV UTF-8」）"
    )
