"""Running the HTTP service in tests: a real ``govflow serve`` process on a free loopback port
(waited for until it answers, stopped at the end), and the command line's token issuing."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["free_port", "govflow_serve", "issue_token"]

GOVFLOW = Path(sys.executable).parent / "govflow"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def issue_token(db: str, *args: str) -> str:
    """A new token from ``govflow token create ARGS --db DB`` (its standard output)."""
    out = subprocess.run(
        [str(GOVFLOW), "token", "create", *args, "--db", db],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


@contextmanager
def govflow_serve(
    args: Sequence[str],
    log: Path,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 60,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``govflow serve ARGS`` on a free port: its base URL and process once ``/api/v1/health``
    answers (the output goes to *log*); stopped (terminated, killed if need be) at the end,
    unless the test has stopped it.  A port taken between choosing and binding it is retried."""
    for _attempt in range(3):
        port = free_port()
        with log.open("ab") as out:
            proc = subprocess.Popen(
                [str(GOVFLOW), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"},
                cwd=cwd,
            )
        base = f"http://127.0.0.1:{port}"
        if _answers(base, proc, timeout):
            break
        text = log.read_text("utf-8", "replace")
        _stop(proc)
        if "address already in use" not in text.lower():
            raise RuntimeError(f"govflow serve did not answer:\n{text[-3000:]}")
    else:
        raise RuntimeError(f"govflow serve found no free port:\n{log.read_text('utf-8')}")
    try:
        yield base, proc
    finally:
        _stop(proc)


def _answers(base: str, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as resp:
                return bool(json.loads(resp.read())["status"] == "ok")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
