"""Reading plan documents: text in UTF-8, GB18030 or UTF-16, and ``.docx`` files."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from govflow.importer.results import DocumentError
from govflow.text.messages import os_reason


def read_document(path: str | Path) -> str:
    """The text of a plan document: UTF-8 / GB18030 / UTF-16 text, or a ``.docx`` file.

    A ``.docx`` is read with the standard library (its paragraphs, tables included, one per
    line); Word's automatic list numbering is not text and is lost.  Raises
    :class:`DocumentError` for anything else.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{p}：无法读取：{os_reason(exc)}") from None
    if data[:4] == b"PK\x03\x04":
        return _docx_text(data, str(p))
    if data[:5] == b"%PDF-":
        raise DocumentError(f"{p}：不支持 PDF，请先另存为文本或 .docx")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError(f"{p}：不支持旧版 Word (.doc)，请另存为 .docx 或文本")
    return decode_text(data, str(p))


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


def _docx_text(data: bytes, name: str) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xml = zf.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise DocumentError(f"{name}：不是 .docx 文件（缺少 word/document.xml）") from None
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
