"""Indexing throughput: ``kb import`` of the VNTC news articles next to raw pyvi on the same text.

Headline: import MB/s ÷ single-core pyvi MB/s, both measured in this run (target ≥ 1.5). Also
docs/s, peak memory of the whole process tree, index size, the same import with one worker
process, and the project's exact re-implementation of pyvi (indexer.segment).

Run: python bench/bench_index.py [--data DIR | --vntc TARBALL_OR_FOLDER] [--limit N]
     [--pyvi-seconds 60] [--single-docs 4000] [--keep DIR] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.measure import KB, children_cpu, dir_size, mb, run_measured, table
from bench.vntc import Article, articles, data_dir, write_jsonl


def segment_rate(fn: Callable[[str], str], items: list[Article], seconds: float) -> tuple[float, int, float, float]:
    """(MB/s, documents, wall and CPU seconds) of ``fn`` over a fixed random order of ``items``,
    stopping after ``seconds``."""
    order = list(range(len(items)))
    random.Random(8).shuffle(order)
    done = size = 0
    start, cpu = time.perf_counter(), time.process_time()
    for i in order:
        fn(items[i].text)
        done += 1
        size += len(items[i].text.encode("utf-8"))
        if time.perf_counter() - start > seconds:
            break
    wall = time.perf_counter() - start
    return mb(size) / wall, done, wall, time.process_time() - cpu


def import_row(label: str, items: list[Article], work: Path, procs: int, pyvi: float,
               keep: Path | None = None, env: dict[str, str] | None = None) -> list[object]:
    """Run ``kb import`` on ``items`` into a fresh index; one table row."""
    jsonl = work / f"{label}.jsonl"
    write_jsonl(items, jsonl)
    index = keep or work / f"index-{label}"
    if index.exists() or index.is_symlink():
        raise SystemExit(f"{index} exists; pass a new --keep path")
    text = sum(len(a.text.encode("utf-8")) for a in items)
    cpu = children_cpu()
    wall, rss, _ = run_measured(KB + ["import", str(jsonl), "--index-dir", str(index)],
                                env={"KB_INDEX_PROCS": str(procs), **(env or {})})
    cpu = children_cpu() - cpu
    rate = mb(text) / wall
    CPU_RATES[label] = mb(text) / max(cpu, 1e-9)
    return [label, len(items), f"{wall:.1f}", f"{cpu:.0f}", f"{len(items) / wall:.0f}", f"{rate:.3f}",
            f"**{rate / pyvi:.2f}×**", f"{mb(rss):.0f}", f"{mb(dir_size(index)):.0f}"]


CPU_RATES: dict[str, float] = {}  # MB of text per CPU second, per import run


def procs_of(label: str) -> int:
    """Worker processes of a run label such as 'kb import, 2 workers'."""
    return int(label.rsplit(",", 1)[1].split()[0])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or an extracted train/ folder")
    p.add_argument("--limit", type=int, help="index only the first N articles")
    p.add_argument("--pyvi-seconds", type=float, default=60.0, help="time budget of the raw pyvi run")
    p.add_argument("--single-docs", type=int, default=4000,
                   help="articles for the one-worker comparison (0 skips it)")
    p.add_argument("--procs", type=int, default=0, help="worker processes (default: every core)")
    p.add_argument("--keep", type=Path, help="keep the full index here (for the other benchmarks)")
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny slice")
    args = p.parse_args(argv)

    items, source = articles(data_dir(args.data), args.vntc, args.smoke, args.limit)
    from indexer.parallel import worker_count
    from indexer.segment import pyvi_tokenize, tokenize

    procs = args.procs or worker_count()
    budget = 2.0 if args.smoke else args.pyvi_seconds
    pyvi, pyvi_docs, pyvi_wall, pyvi_cpu = segment_rate(pyvi_tokenize, items, budget)
    pyvi_bytes = pyvi * pyvi_wall * 1e6
    fast, fast_docs, fast_wall, fast_cpu = segment_rate(tokenize, items, budget)
    work = Path(tempfile.mkdtemp(prefix="kb-bench-index-"))
    env = {"KB_INDEX_PARALLEL_FROM": "50"} if args.smoke else {}  # smoke runs still use workers
    try:
        rows = [import_row(f"kb import, {procs} workers", items, work, procs, pyvi, args.keep, env)]
        single = items[: (50 if args.smoke else args.single_docs)]
        if args.single_docs and procs > 1:
            rows.append(import_row("kb import, 1 worker", single, work, 1, pyvi, None, env))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = sum(len(a.text.encode("utf-8")) for a in items)
    rows += [["pyvi ViTokenizer, 1 core (baseline)", pyvi_docs, f"{pyvi_wall:.1f}", f"{pyvi_cpu:.0f}", "",
              f"{pyvi:.3f}", "1.00×", "", ""],
             ["indexer.segment (pyvi's model, same output)", fast_docs, f"{fast_wall:.1f}", f"{fast_cpu:.0f}", "",
              f"{fast:.3f}", f"{fast / pyvi:.2f}×", "", ""]]
    print(table("Indexing", ["run", "docs", "s", "CPU s", "docs/s", "MB/s", "× pyvi", "peak RSS MB", "index MB"], rows,
                [f"data: {source}, {len(items)} articles, {mb(text):.1f} MB of text (UTF-8)",
                 "MB/s counts article text; peak RSS sums the kb process and its workers",
                 *(f"{label}: {rate:.3f} MB per CPU second; with every core to itself it would run at "
                   f"{procs_of(label) * rate / (mb(pyvi_bytes) / pyvi_cpu):.2f}× pyvi (CPU-normalised: "
                   "other work on the machine slows wall time)" for label, rate in CPU_RATES.items()),
                 f"pyvi measured on a fixed random sample within {budget:.0f} s in the same run"]))


if __name__ == "__main__":
    main()
