"""Bounded loopback load: N connections for S seconds of searches, record pages and JSON calls.

Every request in the mix is valid, so anything but HTTP 200 (or a broken connection) is an error.

Run: python tests/support/load.py [--connections 50] [--seconds 60] [--workers 2] [--threads 1]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import random
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.support.live import Sample, Server, percentile, stream
from tests.support.scratch import CORPUS
from indexer.build import build_index
from kb.corpus import load_corpus

QUERIES = ["Hà Nam", "ha nam", "tuyên giáo", "nghị quyết 52", "NQ 52", '"cách mạng công nghiệp"',
           "hòa bình OR độc lập", "Đảng -huyện", "Nguyễn Hữu Tiến", "là gì?", "52/NQ-TW", "đại hội"]
FILTERS = ["", "&kind=document", "&year_from=2015&year_to=2020", "&sort=date", "&page=2"]


def mix(corpus_dir: Path = CORPUS) -> dict[str, list[str]]:
    """The request mix by kind: searches, record pages, other JSON calls (ids from the corpus)."""
    c = load_corpus(corpus_dir)
    searches = [f"{base}?q={quote(q)}{f}" for q in QUERIES for f in FILTERS
                for base in ("/search", "/api/search")]
    searches += [f"/search.csv?q={quote(q)}" for q in QUERIES[:3]]
    pages = [f"/documents/{d.id}{ext}" for d in c.documents for ext in ("", ".json")]
    pages += [f"/events/{e.id}" for e in c.events] + [f"/people/{p.id}" for p in c.people]
    json_calls = ["/api/cite?q=NQ%2052", "/api/cite?q=52%2FNQ-TW", "/chronicle.json?year=2020",
                  "/api/people?q=tien", "/people.json", "/conflicts.json", "/api/openapi.json",
                  "/api/check?text=" + quote("Theo Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị"),
                  "/api/crosscheck?text=" + quote("Chỉ thị 05-CT/TW ngày 15/5/2016")]
    return {"search": searches, "page": pages, "json": json_calls}


WEIGHTS = {"search": 0.5, "page": 0.3, "json": 0.2}


@dataclass
class LoadResult:
    """Counts and latencies (seconds) of one run, overall and by kind of request."""

    connections: int
    seconds: float
    samples: dict[str, list[Sample]] = field(default_factory=lambda: defaultdict(list))
    restarts: int = 0
    tracebacks: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[Sample]:
        return [s for v in self.samples.values() for s in v]

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.all if s.status != 200]

    def p(self, q: float, kind: str | None = None) -> float:
        chosen = self.samples[kind] if kind else self.all
        return percentile([s.seconds for s in chosen], q)

    @property
    def ok(self) -> bool:
        return bool(self.all) and not self.errors and not self.restarts


def run_load(connections: int = 50, seconds: float = 60.0, workers: int = 2, threads: int = 1,
             corpus_dir: Path = CORPUS) -> LoadResult:
    """Index ``corpus_dir`` into a temporary folder, serve it, and send the mix for ``seconds``."""
    paths = mix(corpus_dir)
    kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
    result = LoadResult(connections, seconds)
    kind_of = {p: k for k, ps in paths.items() for p in ps}
    with tempfile.TemporaryDirectory(prefix="kb-load-") as tmp:
        index = Path(tmp) / "index"
        build_index(load_corpus(corpus_dir).records(), index)
        server = Server(index, corpus_dir, Path(tmp) / "serve.log", workers=workers, threads=threads)
        try:
            server.start()
            stop = threading.Event()

            def pick(rnd: random.Random) -> str:
                return rnd.choice(paths[rnd.choices(kinds, weights)[0]])

            def record(s: Sample) -> None:
                result.samples[kind_of[s.path]].append(s)

            pool = stream(server.port, pick, connections, stop, record)
            time.sleep(seconds)
            stop.set()
            for t in pool:
                t.join(timeout=90)
            result.restarts = max(0, server.worker_boots() - workers) + (0 if server.alive() else 1)
        finally:
            server.stop()
            result.tracebacks = server.tracebacks()
    return result


def report(r: LoadResult) -> str:
    """A Markdown table: requests, errors and latency percentiles by kind."""
    rows = ["| requests | count | errors | p50 ms | p95 ms | p99 ms |", "|---|---|---|---|---|---|"]
    for kind in list(WEIGHTS) + [None]:
        chosen = r.samples[kind] if kind else r.all
        errors = sum(s.status != 200 for s in chosen)
        rows.append(f"| {kind or 'all'} | {len(chosen)} | {errors} | {r.p(50, kind) * 1000:.0f} | "
                    f"{r.p(95, kind) * 1000:.0f} | {r.p(99, kind) * 1000:.0f} |")
    rows.append(f"\n{r.connections} connections for {r.seconds:g} s: {len(r.all) / r.seconds:.1f} requests/s, "
                f"{len(r.errors)} errors, {r.restarts} worker restarts")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--connections", type=int, default=50, help="concurrent client connections (default 50)")
    p.add_argument("--seconds", type=float, default=60.0, help="length of the run (default 60)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    a = p.parse_args(argv)
    r = run_load(a.connections, a.seconds, a.workers, a.threads)
    print(report(r))
    for s in r.errors[:10]:
        print(f"  {s.status or s.error}: {s.path}")
    for line in r.tracebacks[:10]:
        print("  " + line)
    return 0 if r.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
