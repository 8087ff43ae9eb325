"""Running the curl examples of docs/service.md against a real ``govflow serve``: each
```console block's ``$`` commands run in order in one bash session (so ``export`` carries over),
with the service's port put in for 8000; a line ``...`` of the documented output stands for any
lines, ``...`` inside a line for any text.  Used by test_yudu_service_docs.py, and by hand to
print what the examples print now (``python plugins/yudu/tests/service_docs.py``)."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from attrs import frozen

from service_support import govflow_serve

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "service.md"
FENCE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
MARK = "@@govflow-example@@"


@frozen
class Example:
    command: str
    want: str


def examples(text: str) -> list[Example]:
    """The commands of the page's console blocks with their documented output; a command goes
    on over lines ending in a backslash and over lines starting with a pipe."""
    out: list[Example] = []
    for block in FENCE.findall(text):
        command: list[str] = []
        want: list[str] = []
        for line in block.rstrip("\n").split("\n"):
            goes_on = bool(command) and not want
            if goes_on and (command[-1].endswith("\\") or line.lstrip().startswith("| ")):
                command.append(line)
            elif line.startswith("$ "):
                if command:
                    out.append(Example("\n".join(command), "\n".join(want)))
                command, want = [line[2:]], []
            else:
                want.append(line)
        if command:
            out.append(Example("\n".join(command), "\n".join(want)))
    return out


def matches(want: str, got: str) -> bool:
    sep = "\x00"
    pattern = sep.join(want.rstrip("\n").split("\n"))
    pattern = pattern.replace(f"{sep}...{sep}", "...").replace(f"{sep}...", "...")
    if pattern == "...":
        return True
    found: bool = doctest._ellipsis_match(  # type: ignore[attr-defined]
        pattern, sep.join(got.rstrip("\n").split("\n"))
    )
    return found


def run_examples(work: Path) -> list[tuple[Example, str]]:
    """Start ``govflow serve`` on a new store in *work*, run every example, stop the service;
    each example with what it printed."""
    bin_dir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "GOVFLOW_DB": str(work / "cases.sqlite3"),
    }
    env.pop("TOKEN", None)
    with govflow_serve([], work / "serve.log", env=env, cwd=work) as (base, _):
        port = base.rsplit(":", 1)[1]
        found = examples(PAGE.read_text("utf-8"))
        script = ["set +e"]
        for e in found:
            script.append(f"echo '{MARK}'")
            script.append(
                "{ " + e.command.replace("127.0.0.1:8000", f"127.0.0.1:{port}") + "\n} 2>&1"
            )
            script.append("echo")  # curl prints no final newline
        run = subprocess.run(
            ["bash", "-c", "\n".join(script)],
            capture_output=True,
            text=True,
            env=env,
            cwd=work,
            timeout=600,
            check=False,
        )
        outputs = run.stdout.split(MARK + "\n")[1:]
        return [(e, out.strip("\n")) for e, out in zip(found, outputs, strict=True)]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        for e, got in run_examples(Path(tmp)):
            ok = matches(e.want, got)
            print(f"{'ok  ' if ok else 'FAIL'} $ {e.command}\n{got}\n")
