"""Rebuild while serving: ``kb index`` and ``kb add`` run to completion under a stream of searches.

Every search answer is checked against the index states the run went through: a request may see the
state before a step or after it, never anything else (a mix, an empty index, a duplicate), and a
request sent after a step finished must already see its result, without restarting the server.

Run: python tests/support/rebuild.py [--seconds 60] [--clients 8] [--cycles 3] [--workers 2] [--threads 1]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import json
import random
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tests.support.live import Sample, Server, fetch, percentile, stream
from tests.support.scratch import copy_corpus, kb, marker_word, write_input_txt, write_marker_md
from indexer.build import build_index
from indexer.search import search
from kb.corpus import load_corpus

# Searches both indexes answer (markers change their answer) and one only markers answer.
QUERIES = ["Hà Nam", "ha nam", "tuyên giáo", "Nghị quyết 52", "kiểm thử độ bền"]
STEPS = ("index", "add", "replace")  # one cycle: a full rebuild, an added file, that file changed
PAGES = ["/search?q=H%C3%A0+Nam", "/documents/nq-52-tw-2019", "/documents/000_facbec4f888b1542.json",
         "/chronicle.json"]


def search_path(q: str) -> str:
    return f"/api/search?limit=100&q={quote(q)}"


def answer_key(total: int, hits: list[tuple[str, float]]) -> tuple:
    """What identifies an answer: the total and the ranked ids with their scores."""
    return (total, tuple((i, round(s, 4)) for i, s in hits))  # the JSON carries 4 decimals


def key_of_body(body: bytes) -> tuple:
    data = json.loads(body)
    return answer_key(data["total"], [(h["id"], h["score"]) for h in data["hits"]])


def key_in_process(q: str, index: Path) -> tuple:
    """The answer a freshly opened index gives, to compare the server's with."""
    res = search(q, limit=100, index_dir=index)
    return answer_key(res.total, [(h.id, h.score) for h in res.hits])


@dataclass
class RebuildResult:
    """What the run saw; ``ok`` when nothing failed, mismatched or needed a restart."""

    requests: int = 0
    failed: list[str] = field(default_factory=list)  # non-200 answers and broken connections
    mismatched: list[str] = field(default_factory=list)  # answers from no state the index was in
    stale_server: list[str] = field(default_factory=list)  # server answer ≠ fresh index after a step
    empty_when_both_answer: int = 0
    steps: list[tuple[str, float]] = field(default_factory=list)  # command, seconds
    p95: float = 0.0
    restarts: int = 0
    tracebacks: list[str] = field(default_factory=list)  # from the server's log

    @property
    def ok(self) -> bool:
        return not (self.failed or self.mismatched or self.stale_server or self.empty_when_both_answer
                    or self.restarts or self.tracebacks) and len(self.steps) > 0


def run_rebuild(seconds: float = 10.0, clients: int = 4, cycles: int = 1, workers: int = 2,
                threads: int = 1, workdir: Path | None = None) -> RebuildResult:
    """Serve a copy of the corpus and run ``cycles`` times: ``kb index`` with a new marker record,
    ``kb add`` of a new marker file, ``kb add`` of that file changed; ``clients`` threads search
    throughout, for about ``seconds`` in all."""
    tmp = tempfile.TemporaryDirectory(prefix="kb-rebuild-") if workdir is None else None
    root = Path(tmp.name) if tmp else workdir
    corpus, index = copy_corpus(root / "corpus"), root / "index"
    build_index(load_corpus(corpus).records(), index)
    result = RebuildResult()
    states = {q: [key_in_process(q, index)] for q in QUERIES}
    bounds: list[tuple[float, float]] = []  # (start, end) of each step
    samples: list[Sample] = []
    paths = [search_path(q) for q in QUERIES]
    server = Server(index, corpus, root / "serve.log", workers=workers, threads=threads)
    try:
        server.start()
        stop = threading.Event()

        def pick(rnd: random.Random) -> str:
            return rnd.choice(paths) if rnd.random() < 0.8 else rnd.choice(PAGES)

        pool = stream(server.port, pick, clients, stop, samples.append, keep_body=True)
        gap = seconds / (len(STEPS) * cycles + 1)
        src = root / "inputs" / "none"
        for c in range(cycles):
            for k, step in enumerate(STEPS):
                time.sleep(gap)
                n = len(STEPS) * c + k + 1
                if step == "index":
                    write_marker_md(corpus, n)
                    args = ["index", "--corpus", str(corpus), "--index-dir", str(index)]
                else:  # "add" adds a new file; "replace" changes that same file, so kb add replaces it
                    src = write_input_txt(root / "inputs", f"moc-{n}" if step == "add" else src.stem, n,
                                          words=150)
                    args = ["add", str(src), "--corpus", str(corpus), "--index-dir", str(index)]
                start = time.monotonic()
                done = kb(*args)
                bounds.append((start, time.monotonic()))
                result.steps.append(("kb add (replacing)" if step == "replace" else f"kb {step}",
                                     bounds[-1][1] - start))
                if done.returncode:
                    raise RuntimeError(f"kb {step} failed: {done.stderr}")
                for q in QUERIES:
                    fresh = key_in_process(q, index)
                    served = fetch(server.port, search_path(q))
                    if served.status != 200 or key_of_body(served.body) != fresh:
                        result.stale_server.append(f"after kb {step}: {q!r}")
                    states[q].append(fresh)
                marker = fetch(server.port, search_path(marker_word(n)))
                if marker.status != 200 or json.loads(marker.body)["total"] < 1:
                    result.stale_server.append(f"marker {n} not found after kb {step}")
        time.sleep(gap)
        stop.set()
        for t in pool:
            t.join(timeout=90)
        result.restarts = max(0, server.worker_boots() - workers) + (0 if server.alive() else 1)
    finally:
        server.stop()
        result.tracebacks = server.tracebacks()
        if tmp:
            tmp.cleanup()
    _judge(result, samples, states, bounds)
    return result


def _judge(result: RebuildResult, samples: list[Sample], states: dict[str, list[tuple]],
           bounds: list[tuple[float, float]]) -> None:
    """Check each answer against the states possible while it was in flight."""
    by_path = {search_path(q): q for q in QUERIES}
    result.requests = len(samples)
    result.p95 = percentile([s.seconds for s in samples], 95)
    for s in samples:
        if s.status != 200:
            result.failed.append(f"{s.path}: {s.status or s.error}")
            continue
        q = by_path.get(s.path)
        if q is None:
            continue
        lo = sum(end < s.started for _, end in bounds)  # steps finished before it was sent
        hi = sum(start < s.ended for start, _ in bounds)  # steps begun before it was answered
        try:
            key = key_of_body(s.body)
        except (ValueError, KeyError):
            result.mismatched.append(f"{q!r}: not a search answer: {s.body[:100]!r}")
            continue
        if key not in states[q][lo:hi + 1]:
            result.mismatched.append(f"{q!r} total {key[0]}: allowed states {lo}..{hi}")
        if key[0] == 0 and all(st[0] for st in states[q]):
            result.empty_when_both_answer += 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seconds", type=float, default=60.0, help="length of the run (default 60)")
    p.add_argument("--clients", type=int, default=8, help="searching threads (default 8)")
    p.add_argument("--cycles", type=int, default=3, help="kb index, kb add, kb add replacing (default 3)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    a = p.parse_args(argv)
    r = run_rebuild(a.seconds, a.clients, a.cycles, a.workers, a.threads)
    steps = ", ".join(f"{name} {sec:.1f}s" for name, sec in r.steps)
    print(f"requests {r.requests}, failed {len(r.failed)}, mismatched {len(r.mismatched)}, stale after a "
          f"step {len(r.stale_server)}, empty {r.empty_when_both_answer}, worker restarts {r.restarts}, "
          f"p95 {r.p95 * 1000:.0f} ms; steps: {steps}")
    for line in (r.failed + r.mismatched + r.stale_server + r.tracebacks)[:20]:
        print("  " + line)
    return 0 if r.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
