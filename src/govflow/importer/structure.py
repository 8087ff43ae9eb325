"""Cleaning a copied document (web-page furniture, metadata) and cutting its lines into
headings, numbered tasks and text (:class:`_Piece`), splitting tasks run together on one line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from govflow.text.numerals import normalize_text, parse_number

_FURNITURE = re.compile(
    r"您当前所在位置|当前位置:|首页\s*>|>\s*首页|访问量|浏览量|浏览次数|阅读次数|点击数|扫一扫|"
    r"关怀版|无障碍|长辈版|打印本页|打印此页|打印文章|关闭窗口|关闭本页|字号:|字体:|"
    r"\[\s*大\s*中\s*小\s*\]|【\s*大\s*中\s*小\s*】|分享到|上一篇|下一篇|相关链接|相关文章|"
    r"责任编辑|主办单位|承办单位|ICP备|网站标识码|公网安备|版权所有|发布时间:|发布日期:|"
    r"来源:|信息来源|索引号|发布机构|主题分类|文章来源|收藏本页|加入收藏|此件主动公开|此件公开发布|"
    r"此件依申请公开|^\s*\[?\s*(?:打印|关闭|返回顶部|TOP)\s*\]?\s*$"
)
_META_DATE = re.compile(r"成文日期:\s*(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})")
_META_NUMBER = re.compile(r"(?:发文字号|文号):\s*(\S+)")
_MARKER_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,6}\s*[.、])"
)
_SPACES = re.compile(r"(?<![A-Za-z0-9])[ \t]+|[ \t]+(?![A-Za-z0-9])")


def _clean_lines(text: str) -> tuple[list[str], dict[str, str]]:
    """NFKC-normalised lines without web furniture and blanks; metadata found in the furniture."""
    meta: dict[str, str] = {}
    lines: list[str] = []
    for raw in normalize_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _SPACES.sub("", raw.replace("\u200b", "").replace("\ufeff", "")).strip()
        if not line:
            continue
        m = _META_DATE.search(line)
        if m:
            meta.setdefault("date", f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        m = _META_NUMBER.search(line)
        if m:
            meta.setdefault("number", m.group(1))
        if (
            _FURNITURE.search(line)
            and len(line) <= 60
            and "。" not in line
            and not _MARKER_START.match(line)
        ):
            continue
        lines.append(line)
    return lines, meta


# ---------------------------------------------------------------------------------------------
# Structure: splitting lines into headings, tasks and text

_CN_DIGITS = "一二三四五六七八九十"
_MAJOR = re.compile(rf"^([{_CN_DIGITS}]{{1,3}})、")
_SUB = re.compile(rf"^\(([{_CN_DIGITS}]{{1,3}})\)")
# a task's number has up to six digits: a plan with 1,000 tasks or more keeps their numbers
# (a task is only taken when its number is the next one, so a year never passes for one)
_TASK = re.compile(r"^(\d{1,6})\s*[.、](?![0-9])")
_CANDIDATE = re.compile(
    rf"[{_CN_DIGITS}]{{1,3}}、|\([{_CN_DIGITS}]{{1,3}}\)|(?<![0-9.])\d{{1,6}}\s*[.、](?![0-9])"
)
_BOUNDARY_CHARS = "。;!?〕]】)"
_SAFEGUARD_WORDS = ("保障", "组织实施", "工作要求")


@frozen
class _Piece:
    kind: str  # major | sub | task | text
    number: int
    content: str


class _State:
    def __init__(self) -> None:
        self.major = 0
        self.sub = 0
        self.task = 0
        self.after_sub = False
        self.safeguards = False

    def expected(self, kind: str, n: int) -> bool:
        if kind == "major":
            return n == self.major + 1
        if kind == "sub":
            return n == self.sub + 1
        if self.safeguards or self.major == 0:
            return False
        return n == self.task + 1 or (n == 1 and self.after_sub)


def _marker(text: str) -> tuple[str, int, int] | None:
    """(kind, number, length) of the marker *text* starts with."""
    for kind, rx in (("major", _MAJOR), ("sub", _SUB), ("task", _TASK)):
        m = rx.match(text)
        if m:
            try:
                n = parse_number(m.group(1))
            except ValueError:
                return None
            return kind, n, m.end()
    return None


def _is_heading(piece: str) -> bool:
    mk = _marker(piece)
    if mk is None or mk[0] == "task":
        return False
    title = piece[mk[2] :]
    return 2 <= len(title) <= 40 and not any(c in title for c in "。;")


def _next_split(rest: str, state: _State, kind: str | None) -> int:
    for m in _CANDIDATE.finditer(rest, 1):
        p = m.start()
        mk = _marker(rest[p:])
        if mk is None or not state.expected(mk[0], mk[1]):
            continue
        before = rest[p - 1]
        if before in _BOUNDARY_CHARS or (kind in ("major", "sub") and _is_heading(rest[:p])):
            return p
    return len(rest)


def _advance(state: _State, kind: str, n: int, content: str) -> None:
    if kind == "major":
        state.major, state.sub, state.after_sub = n, 0, False
        title = content.split("。", maxsplit=1)[0]
        state.safeguards = any(w in title for w in _SAFEGUARD_WORDS)
    elif kind == "sub":
        state.sub, state.after_sub = n, True
    elif kind == "task":
        state.task, state.after_sub = n, False


def _pieces(lines: Sequence[str]) -> tuple[list[str], list[_Piece]]:
    """Header lines (before 「一、」) and the body's pieces, lost line breaks restored."""
    state = _State()
    header: list[str] = []
    pieces: list[_Piece] = []
    for line in lines:
        rest = line
        if state.major == 0:
            mk = _marker(rest)
            if mk is None or mk[0] != "major" or mk[1] != 1:
                # 「…特制定本方案。一、总体要求」: the body may start inside a line
                m = re.search(r"(?<=[。;])一、", rest)
                if m is None:
                    header.append(rest)
                    continue
                header.append(rest[: m.start()])
                rest = rest[m.start() :]
        first = True
        while rest:
            mk = _marker(rest)
            kind: str | None = None
            if mk is not None and (first or state.expected(mk[0], mk[1])):
                kind = mk[0]
                if kind == "task" and (state.safeguards or state.major == 0):
                    kind = None
                elif (
                    kind == "major"
                    and first
                    and not state.expected("major", mk[1])
                    and mk[1] <= state.major
                ):
                    kind = None  # 「二、三级链接」 at a line start: text, not a heading
            split = _next_split(rest, _copy_after(state, kind, mk, rest), kind)
            chunk = rest[:split]
            if kind is not None and mk is not None:
                content = chunk[mk[2] :].strip()
                _advance(state, kind, mk[1], content)
                pieces.append(_Piece(kind, mk[1], content))
            else:
                pieces.append(_Piece("text", 0, chunk.strip()))
            rest = rest[split:]
            first = False
    return header, pieces


def _copy_after(
    state: _State, kind: str | None, mk: tuple[str, int, int] | None, rest: str
) -> _State:
    new = _State()
    new.major, new.sub, new.task = state.major, state.sub, state.task
    new.after_sub, new.safeguards = state.after_sub, state.safeguards
    if kind is not None and mk is not None:
        _advance(new, kind, mk[1], rest[mk[2] :])
    return new
