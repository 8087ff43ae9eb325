"""Check that the examples in the documentation still match what govflow does.

    uv run python docs/_ext/check_examples.py [docs/calendar.md ...]

Two kinds of examples are checked, page by page:

* every ```pycon block runs as a doctest (the blocks of one page share one fresh process, in
  order; ``...`` matches anything, whitespace is normalised);
* every ```text block whose first line is ``$ govflow ...`` (or ``$ uv run govflow ...``) runs
  that command and compares its output (stdout, then stderr); a line ``...`` matches any lines.

Each page runs in a scratch directory of its own, with a notice store of its own there
(``GOVFLOW_NOTICES_DIR``), so that examples may run ``govflow notices add``.  A ```toml block
whose first line is ``# NAME.toml ...`` is written to ``NAME.toml`` there first, so that examples can load it; the
files of docs/examples/ are copied to ``docs/examples/`` there, so that an example naming
``docs/examples/FILE`` reads the same file, and prints the same path, as it does when run from
the root of a clone.  Exit status 1 when any example differs.
"""

from __future__ import annotations

import difflib
import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent
ROOT = DOCS.parent
EXAMPLES = DOCS / "examples"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)
TOML_FILE = re.compile(r"^# (\S+\.toml)\b")

DOCTEST_RUNNER = """
import doctest, sys
source = open(sys.argv[1], encoding="utf-8").read()
test = doctest.DocTestParser().get_doctest(source, {}, sys.argv[2], sys.argv[2], 0)
flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
runner = doctest.DocTestRunner(optionflags=flags)
result = runner.run(test)
print(f"{result.attempted} examples, {result.failed} failed")
sys.exit(1 if result.failed else 0)
"""


def _lines_match(want: str, got: str) -> bool:
    """Line-wise comparison where a line ``...`` stands for any number of lines."""
    sep = "\x00"
    pattern = sep.join(want.rstrip("\n").split("\n"))
    pattern = pattern.replace(f"{sep}...{sep}", "...").replace(f"{sep}...", "...")
    match: bool = doctest._ellipsis_match(  # type: ignore[attr-defined]
        pattern, sep.join(got.rstrip("\n").split("\n"))
    )
    return match


def check_page(page: Path) -> int:
    text = page.read_text("utf-8")
    blocks = FENCE.findall(text)
    failures = 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        # a notice store of the page's own: examples may install notices (govflow notices add),
        # and the user's installed notices must not change what the examples print
        env = {**os.environ, "GOVFLOW_NOTICES_DIR": str(work / "notice-store")}
        if EXAMPLES.is_dir():
            shutil.copytree(EXAMPLES, work / EXAMPLES.relative_to(ROOT))
        for lang, body in blocks:
            m = TOML_FILE.match(body)
            if lang == "toml" and m:
                (work / m.group(1)).write_text(body, "utf-8")
        pycon = "\n".join(body for lang, body in blocks if lang == "pycon")
        if pycon:
            script = work / "_doctest.txt"
            script.write_text(pycon, "utf-8")
            run = subprocess.run(
                [sys.executable, "-c", DOCTEST_RUNNER, str(script), page.name],
                capture_output=True,
                text=True,
                cwd=work,
                env=env,
                check=False,
            )
            status = "ok  " if run.returncode == 0 else "FAIL"
            print(f"{status} {page.name}: pycon: {run.stdout.strip().splitlines()[-1:]}")
            if run.returncode:
                failures += 1
                print(run.stdout)
        for lang, body in blocks:
            lines = body.rstrip("\n").split("\n")
            if lang != "text" or not lines[0].startswith("$ "):
                continue
            command = lines[0][2:].removeprefix("uv run ")
            if not command.startswith("govflow"):
                continue
            argv = shlex.split(command)
            exe = Path(sys.executable).parent / argv[0]
            run = subprocess.run(
                [str(exe), *argv[1:]],
                capture_output=True,
                text=True,
                cwd=work,
                env=env,
                check=False,
            )
            want = "\n".join(lines[1:]) + "\n"
            got = run.stdout + run.stderr
            ok = _lines_match(want, got) if "..." in want else want == got
            print(f"{'ok  ' if ok else 'FAIL'} {page.name}: $ {command}  (exit {run.returncode})")
            if not ok:
                failures += 1
                diff = difflib.unified_diff(
                    want.splitlines(True), got.splitlines(True), "documented", "actual"
                )
                print("".join(diff))
    return failures


def main(argv: list[str]) -> int:
    pages = [Path(a).resolve() for a in argv] or sorted(DOCS.glob("*.md"))
    failures = sum(check_page(p) for p in pages)
    print("all examples match" if not failures else f"{failures} example block(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
