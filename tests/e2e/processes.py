"""Real ``patchwire`` processes for the end-to-end tests: one-shot CLI runs and a server.

Everything here waits on a deadline for something observable (a line on stderr, an HTTP
answer, a process exit), never for a fixed time.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import IO, TypeVar

import httpx
import pytest

IN_CI = os.environ.get("CI") == "true"

# The console script's entry point, run by this interpreter so the test needs no PATH lookup.
PATCHWIRE = [sys.executable, "-c", "from patchwire.cli.main import main; main()"]

TOKEN = re.compile(r"\bpw_[A-Za-z0-9_-]{20,}")


def access_line(method: str, path: str) -> re.Pattern[str]:
    """The access-log line of one request: ``... patchwire.access GET /path 200 1.2ms``."""
    return re.compile(
        rf"\bpatchwire\.access {method} {re.escape(path)} (?P<status>\d{{3}}) "
        r"(?P<ms>\d+\.\d+)ms$"
    )


START_TIMEOUT = 30.0
STOP_TIMEOUT = 30.0

T = TypeVar("T")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without any PATCHWIRE_* setting, plus ``extra``.

    COLUMNS and LINES go too: output is checked as it comes out on a pipe, not a terminal.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PATCHWIRE_") and k not in ("COLUMNS", "LINES")
    }
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def wait_for(what: str, probe: Callable[[], T | None], timeout: float = START_TIMEOUT) -> T:
    """Call ``probe`` until it returns something other than None, or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    interval = 0.02
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)
        interval = min(interval * 2, 0.25)


@dataclass(frozen=True, slots=True)
class CliResult:
    args: Sequence[str]
    returncode: int
    stdout: str
    stderr: str

    def explain(self) -> str:
        return (
            f"patchwire {' '.join(self.args)} → exit {self.returncode}\n"
            f"--- stdout ---\n{self.stdout}--- stderr ---\n{self.stderr}"
        )


def run_cli(*args: str, env: Mapping[str, str] | None = None, timeout: float = 60.0) -> CliResult:
    """Run one ``patchwire`` command to completion with captured output."""
    done = subprocess.run(
        [*PATCHWIRE, *args],
        capture_output=True,
        text=True,
        env=clean_env(env),
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return CliResult(args, done.returncode, done.stdout, done.stderr)


class _LineCollector:
    """Reads a pipe on a thread; lets the test wait for a line matching a pattern."""

    def __init__(self, pipe: IO[str]) -> None:
        self._pipe = pipe
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        for line in self._pipe:
            with self._changed:
                self._lines.append(line.rstrip("\n"))
                self._changed.notify_all()
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def lines(self) -> list[str]:
        with self._changed:
            return list(self._lines)

    def wait_for(self, pattern: re.Pattern[str], timeout: float, start: int = 0) -> re.Match[str]:
        """The first match in lines[start:], waiting up to ``timeout`` for it to be written."""
        deadline = time.monotonic() + timeout
        seen = start
        with self._changed:
            while True:
                for line in self._lines[seen:]:
                    found = pattern.search(line)
                    if found:
                        return found
                seen = max(seen, len(self._lines))
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    break
                self._changed.wait(left)
        pytest.fail(
            f"no line matching {pattern.pattern!r} within {timeout:.0f}s; got:\n"
            + "\n".join(self._lines[start:])
        )

    def join(self) -> None:
        self._thread.join(timeout=STOP_TIMEOUT)
        self._pipe.close()


class Server:
    """``patchwire serve`` as a child process on a free loopback port."""

    def __init__(
        self, args: Sequence[str] = (), env: Mapping[str, str] | None = None, port: int = 0
    ) -> None:
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.args = ["serve", "--host", "127.0.0.1", "--port", str(self.port), *args]
        self.process = subprocess.Popen(
            [*PATCHWIRE, *self.args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(env),
        )
        assert self.process.stdout is not None
        assert self.process.stderr is not None
        self.stdout = _LineCollector(self.process.stdout)
        self.stderr = _LineCollector(self.process.stderr)
        self.returncode: int | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def describe(self) -> str:
        return (
            f"patchwire {' '.join(self.args)}\n--- stdout ---\n"
            + "\n".join(self.stdout.lines)
            + "\n--- stderr ---\n"
            + "\n".join(self.stderr.lines)
        )

    def wait_until_serving(self, timeout: float = START_TIMEOUT) -> None:
        """Wait for uvicorn to report our port bound, then for the port to answer HTTP.

        The first wait fails at once if the process exits (say the port was taken), so a
        stranger on the port is never mistaken for this server.
        """
        bound = re.compile(rf"running on http://127\.0\.0\.1:{self.port}\b")
        self.stderr.wait_for(bound, timeout)

        def probe() -> bool | None:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.describe()}")
            try:
                httpx.get(f"{self.base_url}/", timeout=2.0)
            except httpx.TransportError:
                return None
            return True

        wait_for(f"{self.base_url} to answer", probe, timeout)

    def bootstrap_token(self, timeout: float = START_TIMEOUT) -> str:
        """The owner token printed on a first start (waits for it to be written)."""
        return self.stderr.wait_for(TOKEN, timeout).group(0)

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=10.0)

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = STOP_TIMEOUT) -> int:
        """Wait for the process to exit on its own and drain its output."""
        try:
            self.returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self.stdout.join()
            self.stderr.join()
            pytest.fail(f"the server did not exit within {timeout:.0f}s:\n{self.describe()}")
        self.stdout.join()
        self.stderr.join()
        return self.returncode

    def stop(self, signum: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        if self.process.poll() is None:
            self.send_signal(signum)
        return self.wait(timeout)

    def close(self) -> None:
        """Teardown: stop if still running (kill as a last resort); never raises."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stdout.join()
        self.stderr.join()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextmanager
def running_server(
    args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> Iterator[Server]:
    """A started server that answers HTTP; stopped (SIGTERM) when the block ends."""
    with Server(args, env) as server:
        server.wait_until_serving()
        yield server
