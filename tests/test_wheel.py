"""A wheel-installed govflow without area plugins warns instead of checking nothing silently.

The core's wheel is built with ``uv build`` and installed alone into a fresh virtual
environment (from uv's cache, offline); ``govflow check`` on an 依申请公开 ledger with a late
reply then has no rule that reads applications.  It must say so on stderr, in Chinese, and with
``--strict`` fail with exit 2.  Takes a few seconds; skipped only when uv is not on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")

PLAN = """\
id = "wheel-2023"
title = "测试县2023年政务公开工作方案"
number = "测府办字〔2023〕9号"
issued = 2023-06-18
year = 2023
issuer = "测试县人民政府办公室"
units = "units.toml"

[[tasks]]
number = 1
section = "二"
title = "依申请公开"
text = "依法依规做好政府信息依申请公开工作。"
responsible = ["县财政局"]
area = "response"
"""

UNITS = """\
id = "test-county"
title = "测试县"

[[units]]
name = "县财政局"
kind = "department"
full_name = "测试县财政局"
"""

# received 2023-09-01: 20 working days end on 2023-10-07; replied 2023-10-20, late
LEDGER = "申请编号,受理单位,收到日期,答复日期\nYSQ-1,县财政局,2023-09-01,2023-10-20\n"


def _env() -> dict[str, str]:
    """The environment without this repository's venv or plugin switches."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GOVFLOW_") and k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")
    }


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_env(), capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def wheel_govflow(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``govflow`` of a venv holding the core's wheel and its dependencies, nothing else."""
    if UV is None:
        pytest.skip("uv is not on PATH: cannot build and install the wheel")
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run([UV, "build", "--wheel", "--out-dir", str(tmp / "dist")], ROOT)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("govflow-*.whl")
    venv = tmp / "venv"
    made = _run([UV, "venv", "-q", "--python", sys.executable, str(venv)], tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    install = [UV, "pip", "install", "-q", "--python", str(python), str(wheel)]
    done = _run([*install[:3], "--offline", *install[3:]], tmp)
    if done.returncode != 0:  # not everything in uv's cache: fetch from the index
        warnings.warn(f"offline install failed, installing online: {done.stderr}", stacklevel=1)
        done = _run(install, tmp)
    assert done.returncode == 0, done.stderr
    govflow = venv / "bin" / "govflow"
    assert govflow.exists()
    return govflow


def _files(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text(PLAN, "utf-8")
    (tmp_path / "units.toml").write_text(UNITS, "utf-8")
    (tmp_path / "apps.csv").write_text(LEDGER, "utf-8")


def test_the_wheel_alone_has_no_area_plugin(wheel_govflow: Path, tmp_path: Path) -> None:
    listed = _run([str(wheel_govflow), "plugins"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "已安装" not in listed.stdout  # no plugin from an installed distribution
    for area in ("finance", "response", "newmedia"):
        assert f"govflow-{area}" not in listed.stdout


def test_check_warns_and_strict_fails(wheel_govflow: Path, tmp_path: Path) -> None:
    _files(tmp_path)
    args = [
        str(wheel_govflow),
        "check",
        "--plan",
        "plan.toml",
        "--records",
        "application=apps.csv",
        "--as-of",
        "2023-10-31",
    ]
    lenient = _run(args, tmp_path)
    assert lenient.returncode == 0, lenient.stderr  # nothing checked: no violation found ...
    assert "规则 0 条" in lenient.stdout
    # ... but not silently
    assert "警告：记录文件 apps.csv 是依申请公开记录（application）" in lenient.stderr
    assert "此文件未被检查" in lenient.stderr
    assert "领域 response 没有加载插件" in lenient.stderr
    assert "警告：方案 wheel-2023 的领域 response 没有已加载的插件声明" in lenient.stderr
    assert "Traceback" not in lenient.stderr

    strict = _run([*args, "--strict"], tmp_path)
    assert strict.returncode == 2, strict.stderr
    assert "错误：记录文件 apps.csv" in strict.stderr
    assert strict.stdout == ""


def test_the_wheel_ships_the_notice_texts(wheel_govflow: Path) -> None:
    """The official texts the built-in calendar is generated from travel with it."""
    venv = wheel_govflow.parent.parent
    (data,) = venv.glob("lib/python*/site-packages/govflow/data")
    shipped = sorted(p.name for p in (data / "notices").iterdir())
    source = sorted(p.name for p in (ROOT / "src" / "govflow" / "data" / "notices").iterdir())
    assert shipped == source
    assert "2026.txt" in shipped
    assert "2020-chunjie.txt" in shipped
    assert (data / "cn_notices.json").is_file()
