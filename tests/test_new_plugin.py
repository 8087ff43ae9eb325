"""``govflow new-plugin``: the package it writes installs, is listed and passes its own tests.

The end-to-end test builds a throw-away virtual environment with ``uv`` (offline from uv's
cache when it can) holding govflow, the plan plugin if there is one, and the new package.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner

from govflow.cli import main
from govflow.cli.new_plugin_cmd import plugin_files
from govflow.testing import PluginContract

ROOT = Path(__file__).resolve().parent.parent


def _new(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new-plugin", *args])
    return result.exit_code, result.output


def test_writes_a_package(tmp_path: Path) -> None:
    out = tmp_path / "archives"
    code, output = _new("govflow-archives", "--area", "archive", "--out", str(out))
    assert code == 0, output
    files = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert files == [
        "README.md",
        "pyproject.toml",
        "src/govflow_archives/__init__.py",
        "src/govflow_archives/py.typed",
        "tests/test_plugin.py",
    ]
    project = tomllib.loads((out / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "govflow-archives"
    assert project["entry-points"]["govflow"] == {"archives": "govflow_archives"}
    module = (out / "src/govflow_archives/__init__.py").read_text("utf-8")
    assert "from govflow import hookimpl" in module
    assert 'id="archive"' in module
    assert "PluginContract" in (out / "tests/test_plugin.py").read_text("utf-8")


@pytest.mark.parametrize("name", ["bad name", "-archives", "archives-", "9lives", "档案"])
def test_refuses_a_name_that_is_not_a_distribution_name(tmp_path: Path, name: str) -> None:
    code, output = _new("--out", str(tmp_path / "x"), "--", name)
    assert code == 2
    assert "发行包名" in output
    assert not (tmp_path / "x").exists()


def test_refuses_a_bad_area_id(tmp_path: Path) -> None:
    code, output = _new("govflow-archives", "--area", "Archive!", "--out", str(tmp_path / "x"))
    assert (code, "领域编号" in output) == (2, True)


def test_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", "utf-8")
    code, output = _new("govflow-archives", "--out", str(tmp_path))
    assert code == 2
    assert "不为空" in output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _new("govflow-archives", "--out", str(empty))[0] == 0  # an empty one is fine


def test_names_derive_module_entry_point_and_area() -> None:
    files = plugin_files("Govflow.Road_Safety")
    assert "src/govflow_road_safety/__init__.py" in files
    assert 'road-safety = "govflow_road_safety"' in files["pyproject.toml"]
    assert 'id="road-safety"' in files["src/govflow_road_safety/__init__.py"]


def _run(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], check=False, capture_output=True, text=True, env=env
    )


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
def test_generated_package_installs_is_listed_and_passes_its_tests(tmp_path: Path) -> None:
    package = tmp_path / "govflow-archives"
    assert _new("govflow-archives", "--out", str(package))[0] == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOVFLOW_", "VIRTUAL_ENV"))}
    venv = tmp_path / "venv"
    made = _run("uv", "venv", "--python", sys.executable, venv, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    editables: list[str | Path] = ["-e", ROOT, "-e", package]
    if (ROOT / "plugins" / "yudu").is_dir():  # the plan plugin, once the plan leaves the core
        editables += ["-e", ROOT / "plugins" / "yudu"]
    install: list[str | Path] = ["uv", "pip", "install", "--python", python, *editables, "pytest"]
    done = _run(*install, "--offline", env=env)
    if done.returncode != 0:  # something is not in uv's cache
        done = _run(*install, env=env)
    assert done.returncode == 0, done.stderr

    listed = _run(venv / "bin" / "govflow", "plugins", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "archives（govflow-archives 0.1.0，已安装）" in listed.stdout
    assert "领域：archives" in listed.stdout

    tested = _run(
        python, "-m", "pytest", "-q", "-p", "no:cacheprovider", package / "tests", env=env
    )
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "5 passed" in tested.stdout  # the entry point is installed: nothing skipped


def _import_generated(tmp_path: Path, name: str, edit: tuple[str, str] = ("", "")) -> Any:
    """A package from :func:`plugin_files` in *tmp_path*, its module imported (with *edit*)."""
    for relative, text in plugin_files(name).items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(*edit) if edit[0] else text, "utf-8")
    module = name.replace("-", "_")
    spec = importlib.util.spec_from_file_location(module, tmp_path / "src" / module / "__init__.py")
    assert spec is not None
    assert spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def test_the_contract_passes_a_sound_plugin_and_fails_a_broken_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sound = _import_generated(tmp_path / "sound", "govflow-sound")

    class Sound(PluginContract):
        module = sound
        areas: ClassVar[dict[str, str]] = {"sound": "sound"}

    assert Sound._name() == "sound"  # from the generated pyproject.toml
    Sound().test_areas_and_bound_templates(monkeypatch)
    Sound().test_templates_are_cited_and_parse(monkeypatch)

    uncited = _import_generated(
        tmp_path / "uncited",
        "govflow-uncited",
        ('"自该政府信息形成或者变更之日起20个工作日内及时公开"', '""'),
    )

    class Uncited(PluginContract):
        module = uncited
        areas: ClassVar[dict[str, str]] = {"uncited": "uncited"}

    with pytest.raises(AssertionError, match=r"uncited\.active-disclosure"):
        Uncited().test_templates_are_cited_and_parse(monkeypatch)

    class WrongTitle(PluginContract):
        module = sound
        areas: ClassVar[dict[str, str]] = {"sound": "声音"}

    with pytest.raises(AssertionError):
        WrongTitle().test_areas_and_bound_templates(monkeypatch)
