"""A real ``clean-strong serve`` process on a free loopback port, for the service's tests.

The server runs as users run it (``python -m clean_strong.cli serve``, the source tree on
``PYTHONPATH`` as tests/conftest.py sets it), is waited for on ``/healthz``, and is stopped
(SIGTERM, then SIGKILL) when the test is done. Its standard error is kept to check that no
request ever made it print a traceback.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def client(self, **options: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60, **options)  # type: ignore[arg-type]

    def stderr(self) -> str:
        return self.log.read_text("utf-8", "replace")


@contextmanager
def serving(*args: str, startup: float = 60.0) -> Iterator[Server]:
    """``clean-strong serve --port P ARGS`` until the block ends."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="clean-strong-serve-test-", suffix=".log")[1])
    with log.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "clean_strong.cli", "serve", "--port", str(port), *args],
            stdout=subprocess.DEVNULL, stderr=err, env=os.environ.copy())
    server = Server(f"http://127.0.0.1:{port}", port, process, log)
    try:
        _wait(server, startup)
        yield server
    finally:
        _stop(process)
        log.unlink(missing_ok=True)


def _wait(server: Server, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited ({server.process.returncode}):\n"
                               f"{server.stderr()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer in {seconds} s:\n{server.stderr()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
