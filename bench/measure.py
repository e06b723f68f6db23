"""What every benchmark needs: percentiles, peak memory of a process tree, sizes, one table.

Timings are wall-clock (``time.perf_counter``); memory is the summed resident size of a process
and all its descendants, sampled from /proc, because ``kb import`` and ``kb serve`` both run
several processes and ``ru_maxrss`` reports only the largest one.
"""
from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import threading
import time
from datetime import datetime, UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KB = [sys.executable, "-m", "kbcli.main"]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation; 0.0 for no values."""
    if not values:
        return 0.0
    xs = sorted(values)
    k = (len(xs) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every descendant (0 for processes that are gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        total += resident(p)
    return total


def resident(pid: int) -> int:
    """Resident bytes of one process (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class PeakRss:
    """Sample a process tree's resident memory in a thread; ``peak`` holds the maximum seen
    (a subclass samples something else by overriding :meth:`sample`)."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        self.peak = max(self.peak, tree_rss(self.pid))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by this process's finished children and theirs."""
    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def run_measured(cmd: list[str], env: dict[str, str] | None = None,
                 timeout: float | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd``; returns (wall seconds, peak tree RSS bytes, the completed process)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    with PeakRss(proc.pid) as rss:
        out, err = proc.communicate(timeout=timeout)
    wall = time.perf_counter() - start
    done = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, rss.peak, done


def dir_size(path: Path) -> int:
    """Bytes of every file under ``path`` (following the index symlink)."""
    path = path.resolve()
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def machine() -> str:
    """One line naming the machine and the moment, for the tables."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{cores} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"load {load:.1f} at start, {now}")


def table(title: str, header: list[str], rows: list[list[object]], notes: list[str] = (),
          at: str | None = None) -> str:
    """A Markdown table with a title line and notes below, ready for docs/benchmarks.md.

    ``at`` is :func:`machine` as read when the measured run started (default: now)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(header)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"  # noqa: E731
    out = [f"**{title}** ({at or machine()})", "", line(header),
           "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)]
    if notes:
        out += [""] + [f"- {n}" for n in notes]
    return "\n".join(out)


def mb(n: float) -> float:
    return n / 1e6
