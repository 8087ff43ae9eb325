"""bench/proctree.py: the summed memory of a process tree counts the children too."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from script_support import REPO, load_script

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")

# a parent holding ~40 MiB whose child holds ~80 MiB, both waiting to be stopped
CHILD = "import sys; b = bytearray(80 << 20); sys.stdin.read()"
PARENT = (
    "import subprocess, sys; b = bytearray(40 << 20); "
    f"p = subprocess.Popen([sys.executable, '-c', {CHILD!r}], stdin=subprocess.PIPE); "
    "print(p.pid, flush=True); sys.stdin.read(); p.stdin.close(); p.wait()"
)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(pid)


def test_the_tree_is_the_parent_and_its_children() -> None:
    tree = load_script(REPO / "bench" / "proctree.py")
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        deadline = time.monotonic() + 30
        while rss_kib(child) < 80 << 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        peak = tree.TreePeak(parent.pid).start()
        time.sleep(0.2)
        summed = peak.stop()
        own, theirs = rss_kib(parent.pid), rss_kib(child)
        assert theirs >= 80 << 10
        assert own >= 40 << 10
        assert summed >= own + theirs - (4 << 10)  # both, give or take a few pages
        assert tree.tree_rss_kib(child) == pytest.approx(theirs, abs=4 << 10)  # no children
    finally:
        assert parent.stdin is not None
        parent.stdin.close()
        parent.wait(timeout=30)
    assert tree.tree_rss_kib(parent.pid) == 0  # gone
