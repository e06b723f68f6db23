"""HTTP throughput and latency of ``kb serve`` on loopback at 10 and 50 concurrent connections.

A bounded Python load generator (one thread per connection, each sending GET requests back to
back for ``--seconds``) asks ``/api/search`` for queries drawn from bench_query's mix; it
counts requests/s, p50/p95/p99 latency and errors (any status but 200, or a failed connection),
and samples the resident memory of the whole server (master and workers). Runs with the
server's whole-result cache on (the default) and off. Target: p95 ≤ 150 ms at 50 connections
with 0 errors. The generator shares the 2 cores with the server, so it costs it some throughput.

Run: python bench/bench_http.py [--index-dir DIR] [--data DIR | --vntc PATH] [--seconds 20]
     [--workers 2] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import http.client
import os
import random
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_query import MIX
from bench.measure import KB, ROOT, PeakRss, mb, percentile, table
from bench.vntc import data_dir, ensure_index


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def paths() -> list[str]:
    """The request mix: every bench_query query as a JSON search, filters as parameters."""
    out = []
    for _, q, f in MIX:
        params = {"q": q, "limit": 10, **{("type" if k == "doc_type" else k): v for k, v in f.items()}}
        out.append("/api/search?" + urlencode(params))
    return out


class Server:
    """``kb serve`` in a child process; ready when the search API answers."""

    def __init__(self, index: Path, workers: int, cache: bool) -> None:
        self.port = free_port()
        env = {**os.environ, "KB_RESULT_CACHE": "512" if cache else "0"}
        self.proc = subprocess.Popen(KB + ["serve", "--port", str(self.port), "--workers", str(workers),
                                           "--index-dir", str(index)], cwd=ROOT, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if fetch(self.port, "/api/search?q=a")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit("kb serve did not answer within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def fetch(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def load(port: int, conns: int, seconds: float, mix: list[str]) -> tuple[list[float], int, float]:
    """(latencies in ms, errors, wall seconds) of ``conns`` threads requesting for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(conns)]
    errors = [0] * conns
    stop_at = time.perf_counter() + seconds

    def client(k: int) -> None:
        rnd = random.Random(k)
        while time.perf_counter() < stop_at:
            path = rnd.choice(mix)
            start = time.perf_counter()
            try:
                status, _ = fetch(port, path)
            except OSError:
                status = 0
            latencies[k].append((time.perf_counter() - start) * 1000)
            if status != 200:
                errors[k] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for xs in latencies for x in xs], sum(errors), time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index-dir", help="an index to reuse (built here from VNTC when missing)")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or an extracted train/ folder")
    p.add_argument("--seconds", type=float, default=20.0, help="length of each load run")
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny index")
    args = p.parse_args(argv)
    seconds = 1.0 if args.smoke else args.seconds
    work = Path(tempfile.mkdtemp(prefix="kb-bench-http-"))
    rows = []
    try:
        index, source = ensure_index(args.index_dir, data_dir(args.data), args.vntc, args.smoke, work)
        mix = paths()
        for cache in (True, False):
            server = Server(index, args.workers, cache)
            try:
                with PeakRss(server.proc.pid) as rss:
                    for path in mix * 2:  # warm each worker's caches a little
                        fetch(server.port, path)
                    for conns in (10, 50):
                        lat, errors, wall = load(server.port, conns, seconds, mix)
                        rows.append([conns, "on" if cache else "off", len(lat), f"{len(lat) / wall:.0f}",
                                     f"{percentile(lat, 50):.0f}", f"**{percentile(lat, 95):.0f}**",
                                     f"{percentile(lat, 99):.0f}", errors, f"{mb(rss.peak):.0f}"])
            finally:
                server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table("HTTP, kb serve on loopback", ["connections", "result cache", "requests", "req/s",
                                               "p50 ms", "p95 ms", "p99 ms", "errors", "server RSS MB"],
                rows, [f"index: {source}; {args.workers} sync gunicorn workers; "
                       f"{seconds:.0f} s per run; GET /api/search over {len(MIX)} queries",
                       "server RSS: master and workers summed, peak over the runs"]))


if __name__ == "__main__":
    main()
