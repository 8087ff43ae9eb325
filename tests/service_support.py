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
    answers (the output goes to *log*); stopped (terminated, killed if need be) at the end."""
    port = free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(GOVFLOW), "serve", "--port", str(port), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**(env if env is not None else os.environ), "PYTHONUNBUFFERED": "1"},
            cwd=cwd,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(base + "/api/v1/health", timeout=2) as resp:
                        assert json.loads(resp.read())["status"] == "ok"
                    break
                except (urllib.error.URLError, ConnectionError) as exc:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(
                            f"govflow serve did not answer:\n{log.read_text('utf-8')}"
                        ) from exc
                    time.sleep(0.1)
            yield base, proc
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)
