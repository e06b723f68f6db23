"""A real ``kb serve`` on loopback, and threads streaming requests at it.

The reliability runs (load, rebuild while serving) go through gunicorn, its worker processes and
the index on disk, because that is where a swap, a commit or a full queue can hurt; a test client
in the same process would hide all three.
"""
from __future__ import annotations

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KB = [sys.executable, "-m", "kbcli.main"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Sample:
    """One request: what was asked, what came back and when (monotonic seconds)."""

    path: str
    status: int  # 0 when the connection failed
    started: float
    ended: float
    body: bytes = b""
    error: str | None = None

    @property
    def seconds(self) -> float:
        return self.ended - self.started


def fetch(port: int, path: str, timeout: float = 60.0, keep_body: bool = True) -> Sample:
    """GET ``path`` on a fresh connection (gunicorn's sync workers close each one anyway)."""
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        body = resp.read()
        return Sample(path, resp.status, started, time.monotonic(), body if keep_body else b"")
    except (OSError, http.client.HTTPException) as exc:
        return Sample(path, 0, started, time.monotonic(), error=f"{type(exc).__name__}: {exc}")
    finally:
        conn.close()


@dataclass
class Server:
    """``kb serve`` as a child process; its log goes to ``log`` so worker restarts can be counted."""

    index_dir: Path
    corpus_dir: Path
    log: Path
    workers: int = 2
    threads: int = 1
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0) -> Server:
        env = {**os.environ, "KB_CORPUS_DIR": str(self.corpus_dir)}
        cmd = KB + ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers",
                    str(self.workers), "--threads", str(self.threads), "--index-dir", str(self.index_dir)]
        with open(self.log, "wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"kb serve exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            if fetch(self.port, "/api/search?q=a", timeout=5).status == 200:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"kb serve did not answer within {timeout:.0f}s")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def worker_boots(self) -> int:
        """How many workers gunicorn started: more than ``workers`` means one died and was replaced."""
        return self.log.read_text(errors="replace").count("Booting worker")

    def tracebacks(self) -> list[str]:
        """The last line of each traceback in the log: what a 500 or a dead worker was about."""
        lines = self.log.read_text(errors="replace").splitlines()
        out = []
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                j = i + 1
                while j < len(lines) and (lines[j].startswith(" ") or not lines[j].strip()):
                    j += 1
                out.append(lines[j] if j < len(lines) else line)
        return out

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def stream(port: int, pick: Callable[[random.Random], str], clients: int, stop: threading.Event,
           record: Callable[[Sample], None], keep_body: bool = False, seed: int = 0) -> list[threading.Thread]:
    """Start ``clients`` threads, each sending one request after another until ``stop`` is set."""

    def loop(n: int) -> None:
        rnd = random.Random(seed * 1000 + n)
        while not stop.is_set():
            record(fetch(port, pick(rnd), keep_body=keep_body))

    threads = [threading.Thread(target=loop, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    return threads


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0–100) of ``values``; 0.0 when there are none.

    >>> percentile([0.1, 0.2, 0.3, 0.4], 50), percentile([0.1, 0.2, 0.3, 0.4], 95)
    (0.2, 0.4)
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]
