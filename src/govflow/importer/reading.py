"""Reading plan documents: text in UTF-8, GB18030 or UTF-16, and ``.docx`` files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from govflow.importer.results import DocumentError
from govflow.text.files import FileRefused, limit_text, read_limited

DOCUMENT_LIMIT = 64 * 1024 * 1024
"""Largest document file read (64 MiB; a county's plan is tens of kilobytes, a .docx with
pictures a few megabytes)."""
MEMBER_LIMIT = 64 * 1024 * 1024
"""Largest uncompressed ``word/document.xml`` read from a ``.docx`` (64 MiB): a zip bomb of a
few megabytes expands to hundreds."""
TEXT_LIMIT = 8 * 1024 * 1024
"""Longest document text imported (8 Mi characters, some 300 times a long plan)."""


def read_document(path: str | Path) -> str:
    """The text of a plan document: UTF-8 / GB18030 / UTF-16 text, or a ``.docx`` file.

    A ``.docx`` is read with the standard library (its paragraphs, tables included, one per
    line); Word's automatic list numbering is not text and is lost.  Raises
    :class:`DocumentError` for anything else.
    """
    p = Path(path)
    try:
        data = read_limited(p, DOCUMENT_LIMIT)
    except FileRefused as exc:
        raise DocumentError(f"{p}：无法读取：{exc.reason}") from None
    if data[:4] == b"PK\x03\x04":
        text = _docx_text(data, str(p))
    elif data[:5] == b"%PDF-":
        raise DocumentError(f"{p}：不支持 PDF，请先另存为文本或 .docx")
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError(f"{p}：不支持旧版 Word (.doc)，请另存为 .docx 或文本")
    else:
        text = decode_text(data, str(p))
    return check_text_size(text, str(p))


def check_text_size(text: str, name: str = "<text>") -> str:
    """*text* if it is no longer than :data:`TEXT_LIMIT`; :class:`DocumentError` otherwise."""
    if len(text) > TEXT_LIMIT:
        raise DocumentError(
            f"{name}：文档文本过长（{len(text)} 个字符，上限 {TEXT_LIMIT // (1 << 20)} Mi 个字符）；"
            "工作方案通常只有几万字，请确认文件无误"
        )
    return text


def decode_text(data: bytes, name: str = "<text>") -> str:
    """Decode a text document: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(f"{name}：UTF-16 文本无法解码") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise DocumentError(f"{name}：不是可读的文本（支持 UTF-8、GB18030、UTF-16 文本和 .docx）")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """The uncompressed bytes of *member*, at most :data:`MEMBER_LIMIT` of them.

    The size the archive declares is checked first, then the bytes actually inflated (a
    crafted archive may declare less than it holds).
    """
    too_big = (
        f"{name}：.docx 中的 {member} 解压后超过上限 {limit_text(MEMBER_LIMIT)}"
        "（可能是压缩炸弹），未读取"
    )
    if zf.getinfo(member).file_size > MEMBER_LIMIT:
        raise DocumentError(too_big)
    out = bytearray()
    with zf.open(member) as fh:
        while chunk := fh.read(1 << 20):
            out += chunk
            if len(out) > MEMBER_LIMIT:
                raise DocumentError(too_big)
    return bytes(out)


def _docx_text(data: bytes, name: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = _member(zf, "word/document.xml", name)
    except (zipfile.BadZipFile, KeyError):
        raise DocumentError(f"{name}：不是 .docx 文件（缺少 word/document.xml）") from None
    except DocumentError:
        raise
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, ValueError, OSError) as exc:
        # an encrypted member, an unknown compression, a damaged stream
        raise DocumentError(f"{name}：.docx 无法解压：{exc}") from None
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise DocumentError(f"{name}：.docx 内容损坏：{exc}") from None
    lines: list[str] = []
    for para in root.iter(f"{_W}p"):
        parts: list[str] = []
        for el in para.iter():
            if el.tag == f"{_W}t" and el.text:
                parts.append(el.text)
            elif el.tag == f"{_W}tab":
                parts.append("\t")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)
