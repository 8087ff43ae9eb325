"""``govflow import`` within bounds (issue 9): linear in a paragraph's length, size caps on
documents, archives and text, and task numbers of any size.

Before the fix a 140 KB paragraph of time phrases ran for minutes: every phrase scanned the
whole paragraph for its sentence, segments and subject, the overlap check compared each
candidate with every phrase chosen, and each obligation quoted the whole paragraph (the plan
file grew with the square of the paragraph).  A 2.4 MB zip bomb expanded to 700 MB; ``/dev/zero``
was read forever; tasks numbered 1000 and up were folded into task 999.

Work is measured with a deterministic counter (the interpreter's profiling events: every
Python call and every call into C), never with a clock.
"""

from __future__ import annotations

import copy
import os
import sys
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govflow.importer import reading
from govflow.importer.document import DocumentError, read_document
from govflow.importer.phrases import parse_phrases
from importer_support import import_plan, run

HEAD = "测试县2023年政务公开工作方案\n一、工作任务\n1.做好信息公开。"
PHRASES = "每月10日前公开上月数据，每季度结束后15个工作日内报送，"


def events(fn: Callable[[], Any]) -> int:
    """Profiling events (calls and returns, Python and C) while *fn* runs: a measure of work
    that does not depend on the machine or its load."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        count += 1

    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(old)
    return count


def document(n: int) -> str:
    return HEAD + PHRASES * n + "\n"


def test_phrase_scanning_is_linear_in_the_paragraph() -> None:
    import_plan(document(10))  # warm caches (compiled patterns, unit directories)
    small = events(lambda: parse_phrases(PHRASES * 200))
    large = events(lambda: parse_phrases(PHRASES * 400))
    assert large / small < 2.3, (small, large)


def test_import_is_linear_in_the_paragraph() -> None:
    import_plan(document(10))
    small = events(lambda: import_plan(document(150)))
    large = events(lambda: import_plan(document(300)))
    assert large / small < 2.3, (small, large)


def test_plan_file_grows_linearly_with_the_paragraph() -> None:
    sizes = [len(import_plan(document(n)).to_toml()) for n in (150, 300)]
    assert sizes[1] / sizes[0] < 2.3, sizes
    doc = tomllib.loads(import_plan(document(150)).to_toml())
    clauses = [o["clause"] for t in doc["tasks"] for o in t.get("obligations", [])]
    assert len(clauses) == 300
    assert max(map(len, clauses)) <= 300  # a clause, not the whole 10,000-character sentence
    assert clauses[0] == "每月10日前公开上月数据"


def test_short_sentences_are_still_quoted_whole() -> None:
    text = HEAD + "县政府办每月10日前公开上月数据，并于每季度结束后15个工作日内报送。\n"
    doc = tomllib.loads(import_plan(text).to_toml())
    (task,) = doc["tasks"]
    assert {o["clause"] for o in task["obligations"]} == {
        "县政府办每月10日前公开上月数据,并于每季度结束后15个工作日内报送"
    }


def test_task_numbers_of_1000_and_more_are_kept() -> None:
    lines = ["测试县2023年政务公开工作方案", "一、工作任务"]
    lines += [f"{k}．做好第{k}项工作，每月10日前公开。" for k in range(1, 1003)]
    plan = import_plan("\n".join(lines)).plan
    numbers = [t.number for t in plan.tasks]
    assert numbers == list(range(1, 1003))
    assert plan.tasks[-1].text.startswith("做好第1002项工作")


# ---------------------------------------------------------------------------------------------
# Size caps


def docx(path: Path, body: bytes) -> Path:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "word/document.xml",
            f"<w:document {ns}><w:body><w:p><w:r><w:t>".encode()
            + body
            + b"</w:t></w:r></w:p></w:body></w:document>",
        )
    return path


def test_zip_bomb_is_refused_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MEMBER_LIMIT", 1 << 20)
    bomb = docx(tmp_path / "bomb.docx", b"a" * (2 << 20))
    assert bomb.stat().st_size < 10_000  # it compresses a thousandfold
    with pytest.raises(DocumentError, match=r"word/document.xml 解压后超过上限 1 MiB"):
        read_document(bomb)
    result = run("import", str(bomb))
    assert result.exit_code == 2, result.output
    assert "压缩炸弹" in result.output


def test_member_larger_than_declared_is_cut_while_inflating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's size is checked first, then the bytes inflated: a header may lie."""
    path = docx(tmp_path / "liar.docx", b"a" * (2 << 20))
    monkeypatch.setattr(reading, "MEMBER_LIMIT", 1 << 20)
    real_getinfo = zipfile.ZipFile.getinfo
    calls: list[str] = []

    def lying(self: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
        """The size check sees a small declared size (what a crafted header could claim);
        zipfile's own reading then inflates what the archive really holds."""
        info = real_getinfo(self, name)
        calls.append(name)
        if len(calls) == 1:
            fake = copy.copy(info)
            fake.file_size = 100
            return fake
        return info

    monkeypatch.setattr(zipfile.ZipFile, "getinfo", lying)
    with pytest.raises(DocumentError, match="解压后超过上限 1 MiB"):
        read_document(path)
    assert len(calls) >= 2  # the declared size passed; the inflated bytes did not


def test_document_text_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "TEXT_LIMIT", 1000)
    path = tmp_path / "plan.txt"
    path.write_text(document(100), "utf-8")
    with pytest.raises(DocumentError, match="文档文本过长"):
        read_document(path)
    with pytest.raises(DocumentError, match="文档文本过长"):
        import_plan(document(100))


def test_document_file_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "DOCUMENT_LIMIT", 1000)
    path = tmp_path / "plan.txt"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(DocumentError, match="文件过大"):
        read_document(path)


def test_dev_zero_and_fifo_documents_are_refused(tmp_path: Path) -> None:
    result = run("import", "/dev/zero")
    assert result.exit_code == 2, result.output
    assert "不是普通文件（字符设备）" in result.output
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "plan.txt"
        os.mkfifo(fifo)
        result = run("import", str(fifo))
        assert result.exit_code == 2, result.output
        assert "命名管道" in result.output
