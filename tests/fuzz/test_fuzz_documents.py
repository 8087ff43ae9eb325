"""Fuzzing the plan loader and the notice loader (issue 9, point 5).

The invented plan (tests/data/plans/ceshi-2023.toml) and a real holiday notice (the built-in
2026 one), mutated: keys dropped, renamed, added; list items duplicated or dropped; values
retyped, replaced by period texts, dates, huge numbers, nested; and their text damaged byte by
byte.  Loading either succeeds or raises :class:`InputError` with a Chinese message: never
another exception.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from fuzz_support import damaged_text, fuzz, is_chinese, mutated, without_none
from govflow.calendar.notices import Notice, builtin_notices, load_notice, notice_to_dict
from govflow.errors import InputError
from govflow.plan.model import Plan
from govflow.plugins.manager import registry
from plans import CESHI_PLAN, CESHI_UNITS, plan_from_dict, read_plan

PLAN_TEXT = CESHI_PLAN.read_text("utf-8")
PLAN = tomllib.loads(PLAN_TEXT)
NOTICE = notice_to_dict(builtin_notices()[-1])  # the 2026 notice, as a file would hold it


def outcome(load: Callable[[], Any]) -> Any:
    """What *load* gives, or the :class:`InputError` it raised (anything else fails the
    test); an error's message must speak Chinese."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a notice's "more than six working days in a row"
            return load()
    except InputError as exc:
        error = exc
    message = str(error)
    assert message.strip()
    assert is_chinese(message), message
    return error


def toml_text(doc: Any) -> str | None:
    """*doc* as TOML, or ``None`` when TOML cannot say it (a top level that is not a table)."""
    if not isinstance(doc, dict):
        return None
    try:
        return tomli_w.dumps(without_none(doc))
    except (TypeError, ValueError):
        return None


def plan_folder(folder: Path, data: bytes) -> Path:
    """The plan file in *folder*/plans, its unit directory where ``units`` points."""
    (folder / "plans").mkdir()
    (folder / "units").mkdir()
    shutil.copy(CESHI_UNITS, folder / "units" / CESHI_UNITS.name)
    path = folder / "plans" / "plan.toml"
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------------
# Plans


@fuzz(1.0)
@given(mutated(PLAN, rate=150))
def test_mutated_plan_documents(doc: Any) -> None:
    result = outcome(lambda: plan_from_dict(doc, path=str(CESHI_PLAN), base=CESHI_PLAN.parent))
    assert isinstance(result, (Plan, InputError))
    if isinstance(result, Plan):
        list(result.obligations())


@fuzz(0.5)
@given(mutated(PLAN, rate=150), st.booleans())
def test_mutated_plan_files(doc: Any, with_plugins: bool) -> None:
    text = toml_text(doc)
    if text is None:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = plan_folder(Path(folder), text.encode("utf-8"))
        load = (
            (lambda: registry().load_plan(str(path))) if with_plugins else (lambda: read_plan(path))
        )
        assert isinstance(outcome(load), (Plan, InputError))


@fuzz(0.5)
@given(damaged_text(PLAN_TEXT))
def test_damaged_plan_text(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = plan_folder(Path(folder), data)
        assert isinstance(outcome(lambda: read_plan(path)), (Plan, InputError))


def test_deeply_nested_plan(tmp_path: Path) -> None:
    path = plan_folder(
        tmp_path, (PLAN_TEXT + "\nx = " + "[" * 100_000 + "]" * 100_000 + "\n").encode()
    )
    assert isinstance(outcome(lambda: read_plan(path)), InputError)


# ---------------------------------------------------------------------------------------------
# Notices


def write_notice(folder: Path, doc: Any, suffix: str) -> Path | None:
    if suffix == ".json":
        text: str | None = json.dumps(doc, ensure_ascii=False, default=str)
    else:
        text = toml_text(doc)
    if text is None:
        return None
    path = folder / f"notice{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


@fuzz(1.0)
@given(mutated(NOTICE, rate=30), st.sampled_from((".json", ".toml")))
def test_mutated_notices(doc: Any, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_notice(Path(folder), doc, suffix)
        if path is None:
            return
        assert isinstance(outcome(lambda: load_notice(path)), (Notice, InputError))


@fuzz(0.5)
@given(st.sampled_from((".json", ".toml")), st.data())
def test_damaged_notice_text(suffix: str, data: st.DataObject) -> None:
    text = json.dumps(NOTICE, ensure_ascii=False) if suffix == ".json" else tomli_w.dumps(NOTICE)
    raw = data.draw(damaged_text(text))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"notice{suffix}"
        path.write_bytes(raw)
        assert isinstance(outcome(lambda: load_notice(path)), (Notice, InputError))


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_deeply_nested_notice(tmp_path: Path, suffix: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = f'{{"year": {deep}}}' if suffix == ".json" else f"year = {deep}\n"
    path = tmp_path / f"notice{suffix}"
    path.write_text(text, encoding="utf-8")
    assert isinstance(outcome(lambda: load_notice(path)), InputError)
