"""The memory of a run of several processes: the summed resident memory of a process tree,
sampled while it runs (``govflow check --jobs N`` runs a parent and N workers; GNU time and
``wait4`` report the largest single process only)."""

from __future__ import annotations

import threading
from pathlib import Path

__all__ = ["TreePeak", "tree_rss_kib"]

INTERVAL = 0.02
"""Seconds between samples: a peak shorter than this may be missed (a lower bound)."""


def tree_rss_kib(root: int) -> int:
    """The summed VmRSS (KiB) of *root* and its descendants now, from ``/proc`` (0 where there
    is no ``/proc``).  Pages shared between the processes are counted in each."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):  # the process ended between two reads
            continue
    return total


class TreePeak:
    """The largest :func:`tree_rss_kib` of a process tree, sampled every :data:`INTERVAL` from
    a thread between :meth:`start` and :meth:`stop`."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> TreePeak:
        self._thread.start()
        return self

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kib

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.root))
            self._done.wait(INTERVAL)
