"""Server processes on loopback: spawn, time to first 200, memory, and a sure stop."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO

import httpx

HOST = "127.0.0.1"
BENCH_DIR = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def patchwire_command() -> list[str]:
    """The installed console script next to this interpreter (not a pyenv/asdf shim, whose
    own start-up would count as ours), else the same entry point through ``-c``."""
    script = Path(sys.executable).parent / "patchwire"
    if script.is_file():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "from patchwire.cli.main import main; main()"]


def serve_command(port: int, database_url: str, log_level: str) -> list[str]:
    return [
        *patchwire_command(),
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--database-url",
        database_url,
        "--rate-limit-per-minute",
        "0",
        "--log-level",
        log_level,
    ]


def bare_command(port: int, log_level: str) -> list[str]:
    return [
        sys.executable,
        str(BENCH_DIR / "bare_app.py"),
        "--port",
        str(port),
        "--log-level",
        log_level,
    ]


class Server:
    """One server subprocess in its own session; its output goes to a file (a pipe nobody
    reads would fill up and stall an info-level server)."""

    def __init__(self, name: str, command: list[str], port: int, log_path: Path) -> None:
        self.name = name
        self.command = command
        self.port = port
        self.log_path = log_path
        self.base_url = f"http://{HOST}:{port}"
        self.cold_start_s: float | None = None
        self._log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._process is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._process.pid

    def start(self, probe_path: str, token: str | None, timeout: float = 30.0) -> float:
        """Spawn and poll ``probe_path`` every ~2 ms; returns seconds from spawn to first 200."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._log = self.log_path.open("wb")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with httpx.Client(base_url=self.base_url, headers=headers, timeout=2.0) as client:
            started = time.perf_counter()
            self._process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            while time.perf_counter() - started < timeout:
                if self._process.poll() is not None:
                    raise RuntimeError(f"{self.name} exited early; see {self.log_path}")
                try:
                    if client.get(probe_path).status_code == 200:
                        self.cold_start_s = time.perf_counter() - started
                        return self.cold_start_s
                except httpx.TransportError:
                    pass
                time.sleep(0.002)
        raise RuntimeError(f"{self.name} did not answer 200 within {timeout} s")

    def stop(self) -> None:
        """SIGINT (uvicorn's graceful stop), then SIGKILL after 10 s; safe to call twice."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


def memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak since start) from /proc, in MiB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            out[name] = int(value.split()[0]) / 1024
    return out


class RssSampler:
    """Samples VmRSS every 100 ms in a thread while load runs; the peak it saw."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.peak_mb = max(self.peak_mb, memory_mb(self.pid)["VmRSS"])
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
