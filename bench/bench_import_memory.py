"""Where a bulk import's memory goes: the parent and each worker, against the limits in effect.

``kb import`` of the bench_scale collection (VNTC and viweb2025 interleaved, repeats past the real
documents) at each size and each ``$KB_IMPORT_MEMORY_MB`` given; the process tree's resident
memory is sampled every 0.2 s: the peak of the sum, the parent's peak and the largest worker's,
beside the limits ``kb import`` printed (the parent's share, each worker's share, the segment
limit) and the segments it left.

Run: python bench/bench_import_memory.py [--sizes 20000] [--budgets 1792,1024] [--data DIR] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_scale import collection, import_limits, segment_count, viweb_pages
from bench.measure import KB, ROOT, PeakRss, machine, resident, table
from bench.vntc import articles, data_dir, write_jsonl

def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(c) for c in fh.read().split()]
    except (OSError, ValueError):
        return []


class Sampler(PeakRss):
    """Peaks of the parent, of the largest worker and of their sum."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(pid, every)
        self.total = self.parent = self.worker = 0

    def sample(self) -> None:
        parent = resident(self.pid)
        workers = [resident(c) for c in children(self.pid)]
        self.parent = max(self.parent, parent)
        self.worker = max([self.worker, *workers])
        self.total = max(self.total, parent + sum(workers))


def run(jsonl: Path, index: Path, budget: int | None, parallel_from: int | None) -> dict:
    env = {**os.environ}
    if budget:
        env["KB_IMPORT_MEMORY_MB"] = str(budget)
    if parallel_from:
        env["KB_INDEX_PARALLEL_FROM"] = str(parallel_from)
    start = time.perf_counter()
    proc = subprocess.Popen(KB + ["import", str(jsonl), "--index-dir", str(index)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with Sampler(proc.pid) as peaks:
        out, err = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"kb import failed ({proc.returncode}):\n{err[-2000:]}")
    row = {"wall_s": time.perf_counter() - start, "total_mb": peaks.total >> 20, "parent_mb": peaks.parent >> 20,
           "worker_mb": peaks.worker >> 20, "limits": import_limits(out), "segments": segment_count(index)}
    shutil.rmtree(index.resolve(), ignore_errors=True)
    index.unlink(missing_ok=True)
    return row


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="20000", help="collection sizes, comma-separated")
    p.add_argument("--budgets", default="1792,1024", help="KB_IMPORT_MEMORY_MB values, comma-separated")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny collection")
    args = p.parse_args(argv)
    data = data_dir(args.data)
    news, source = articles(data, None, args.smoke, None)
    pages = viweb_pages(data, 40 if args.smoke else None)
    real = news + pages
    random.Random(18).shuffle(real)
    sizes = [200] if args.smoke else [int(s) for s in args.sizes.split(",")]
    budgets = [int(b) for b in args.budgets.split(",")]
    work = Path(tempfile.mkdtemp(prefix="kb-bench-memory-"))
    at = machine()
    rows = []
    try:
        for n in sizes:
            items, repeats = collection(real, n)
            jsonl = work / f"import-{n}.jsonl"
            write_jsonl(items, jsonl)
            for budget in budgets:
                r = run(jsonl, work / "index", budget, 50 if args.smoke else None)
                lim = r["limits"]
                rows.append([f"{n:,}", f"{repeats:,}", budget, r["total_mb"], r["parent_mb"], r["worker_mb"],
                             f"{lim.get('parent_mb', '?')} + {lim.get('procs', '?')} × {lim.get('worker_mb', '?')}",
                             lim.get("segment_mb", "?"), r["segments"], f"{r['wall_s']:.0f}"])
                print(f"size {n:,} budget {budget} done", file=sys.stderr, flush=True)
            jsonl.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table("kb import memory against its budget",
                ["documents", "of which repeats", "KB_IMPORT_MEMORY_MB", "peak MB, all processes",
                 "peak MB, parent", "peak MB, largest worker", "shares MB: parent + workers × each",
                 "segment limit MB (counted)", "segments", "wall s"], rows,
                [f"documents: {len(news):,} from {source} and {len(pages):,} viweb2025 pages, as in bench_scale",
                 "peaks: resident memory sampled every 0.2 s; a forked worker's pages shared with the parent "
                 "count in both"], at=at))


if __name__ == "__main__":
    main(sys.argv[1:])
