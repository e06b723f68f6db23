"""How cost grows with the collection: import, memory, index size, queries and HTTP at several sizes.

The collection is VNTC's news articles and viweb2025's web pages (Wikipedia, legal texts,
portals), interleaved in a fixed shuffled order; the first N make the collection of size N. Past
the 47,593 real documents the same ones are repeated with a changed id (``…~k``), a changed title
and a light text change (every 37th word dropped, at an offset that differs per copy), so the
vocabulary and lengths stay real while no two texts are identical. Each table says how many
documents are such repeats.

For each size: ``kb import`` of the JSON lines (wall and CPU seconds, peak memory of the process
tree, index size); the bench_query mix in a fresh process with the result cache off, a first
pass (cold: just opened) and two shuffled passes (warm), p50/p95 per category; ``kb serve``
(2 workers, result cache off) under 50 connections: p95, errors, memory of all its processes.
Then the exponent of each measure: the slope of log(measure) against log(N) by least squares
(1.0 is linear; n·log n between 10k and 150k fits about 1.1).

Run: python bench/bench_scale.py [--sizes 10000,50000,150000] [--data DIR] [--seconds 15]
     [--json FILE] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.bench_http import Server, fetch, load, paths
from bench.bench_query import MIX, SMOKE_MIX
from bench.measure import (KB, ROOT, PeakRss, children_cpu, dir_size, machine, mb, percentile, run_measured,
                           table)
from bench.vntc import Article, articles, data_dir

REAL = "real"


def viweb_pages(data: Path, limit: int | None = None) -> list[Article]:
    """viweb2025's pages as articles: id from the file name, first line (heading marks off) as title."""
    tarball = data / "viweb2025" / "pages.tar.gz"
    out: list[Article] = []
    if not tarball.is_file():
        return out
    with tarfile.open(tarball, "r|gz") as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".md")):
                continue
            text = tar.extractfile(member).read().decode("utf-8").strip()
            first = next((ln.lstrip("#").strip() for ln in text.splitlines() if ln.strip()), "")
            out.append(Article(f"viweb/{Path(member.name).stem}", first[:200] or member.name, text))
            if limit and len(out) >= limit:
                break
    return out


def varied(a: Article, k: int) -> Article:
    """Copy ``k`` of an article: another id and title, every 37th word (from offset k) dropped.

    >>> varied(Article("x", "Tin", " ".join(map(str, range(80)))), 1).text.split()[:3]
    ['0', '2', '3']
    >>> varied(Article("x", "Tin", "a b"), 2).id
    'x~2'
    """
    words = a.text.split(" ")
    kept = [w for i, w in enumerate(words) if (i - k) % 37]
    return Article(f"{a.id}~{k}", f"{a.title} (bản {k + 1})", " ".join(kept))


def collection(real: list[Article], n: int) -> tuple[list[Article], int]:
    """The first ``n`` documents, repeating the real ones (varied) past their count; and the repeats."""
    out = real[:n]
    k = 1
    while len(out) < n:
        out += [varied(a, k) for a in real[:n - len(out)]]
        k += 1
    return out, max(0, n - len(real))


def query_pass(index: str, smoke: bool) -> dict:
    """In this process: the mix once cold, then twice warm, result cache off (ms per query)."""
    import os

    os.environ["KB_RESULT_CACHE"] = "0"
    from indexer.search import Filters, search
    from indexer.store import open_index

    mix = SMOKE_MIX if smoke else MIX
    start = time.perf_counter()
    searcher = open_index(Path(index)).searcher()
    opened = time.perf_counter() - start
    cold: dict[str, list[float]] = defaultdict(list)
    warm: dict[str, list[float]] = defaultdict(list)
    filters = [Filters(**kw) for _, _, kw in mix]
    for (cat, q, _), f in zip(mix, filters):
        t0 = time.perf_counter()
        search(q, filters=f, limit=10, searcher=searcher)
        cold[cat].append((time.perf_counter() - t0) * 1000)
    order = list(range(len(mix))) * 2
    random.Random(18).shuffle(order)
    for i in order:
        t0 = time.perf_counter()
        search(mix[i][1], filters=filters[i], limit=10, searcher=searcher)
        warm[mix[i][0]].append((time.perf_counter() - t0) * 1000)
    searcher.close()
    return {"open_s": opened, "cold": cold, "warm": warm}


def measure_size(real: list[Article], n: int, work: Path, seconds: float, smoke: bool) -> dict:
    """Every measure at one size (the index is deleted afterwards)."""
    from bench.vntc import write_jsonl

    items, repeats = collection(real, n)
    jsonl = work / f"scale-{n}.jsonl"
    text_mb = mb(write_jsonl(items, jsonl))
    index = work / f"index-{n}"
    cpu = children_cpu()
    wall, rss, done = run_measured(KB + ["import", str(jsonl), "--index-dir", str(index)])
    cpu = children_cpu() - cpu
    jsonl.unlink()
    row = {"n": n, "repeats": repeats, "jsonl_mb": text_mb, "import_s": wall, "import_cpu_s": cpu,
           "import_peak_mb": mb(rss), "index_mb": mb(dir_size(index)), "segments": segment_count(index),
           "import_limits": import_limits(done.stdout)}
    q = subprocess.run([sys.executable, __file__, "--query-only", str(index)] + (["--smoke"] if smoke else []),
                       capture_output=True, text=True, cwd=ROOT, check=True)
    row["query"] = json.loads(q.stdout.strip().splitlines()[-1])
    server = Server(index, 2, cache=False)
    try:
        with PeakRss(server.proc.pid) as srss:
            mix = paths()
            for path in mix:
                fetch(server.port, path)
            lat, errors, wall_http = load(server.port, 50, seconds, mix)
    finally:
        server.stop()
    row.update(http_p50=percentile(lat, 50), http_p95=percentile(lat, 95), http_errors=errors,
               http_requests=len(lat), http_rps=len(lat) / wall_http, serve_peak_mb=mb(srss.peak),
               serve_limits=serving_limits(2))
    shutil.rmtree(index.resolve(), ignore_errors=True)
    if index.is_symlink():
        index.unlink()
    shutil.rmtree(index, ignore_errors=True)
    return row


def import_limits(stdout: str) -> dict[str, int]:
    """The memory limits ``kb import`` printed (kb.memory.ImportBudget.describe), as numbers.

    >>> import_limits("imported 3 records\\nimport memory 1792 MB: parent 214, 2 workers × 789 (each closes "
    ...               "a segment at 384 MB of postings counted or at its share resident)")
    {'total_mb': 1792, 'parent_mb': 214, 'procs': 2, 'worker_mb': 789, 'segment_mb': 384}
    """
    found = re.search(r"import memory (\d+) MB: parent (\d+), (\d+) workers × (\d+) .*? at (\d+) MB", stdout)
    if not found:
        return {}
    return dict(zip(("total_mb", "parent_mb", "procs", "worker_mb", "segment_mb"), map(int, found.groups())))


def serving_limits(workers: int) -> dict[str, int]:
    """``kb serve``'s memory limit and the estimate it checks against it (kb.memory)."""
    from kb import settings
    from kb.memory import serving_estimate_mb

    cache = settings.get("POSTINGS_CACHE_MB")
    return {"limit_mb": settings.get("SERVE_MEMORY_MB"), "estimate_mb": serving_estimate_mb(workers, cache),
            "cache_mb": cache}


def segment_count(index: Path) -> int:
    """Segments of the index an import left (each worker's closed ones, never merged)."""
    from indexer.store import open_index

    ix = open_index(index)
    try:
        with ix.reader() as reader:
            return len(reader.leaf_readers())
    finally:
        ix.close()


def exponent(ns: list[int], values: list[float]) -> float | None:
    """Least-squares slope of log(value) on log(n): 1.0 grows linearly.

    >>> round(exponent([10, 100, 1000], [5, 50, 500]), 3)
    1.0
    >>> round(exponent([10_000, 150_000], [1e4 * math.log(1e4), 1.5e5 * math.log(1.5e5)]), 2)
    1.1
    """
    pts = [(math.log(n), math.log(v)) for n, v in zip(ns, values) if v and v > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def all_of(row: dict, which: str) -> list[float]:
    return [x for xs in row["query"][which].values() for x in xs]


MEASURES = [  # (label, value of a row)
    ("kb import wall s", lambda r: r["import_s"]),
    ("kb import CPU s", lambda r: r["import_cpu_s"]),
    ("kb import peak RSS MB (all processes)", lambda r: r["import_peak_mb"]),
    ("index MB", lambda r: r["index_mb"]),
    ("open searcher s", lambda r: r["query"]["open_s"]),
    ("query p50 ms, cold (first pass)", lambda r: percentile(all_of(r, "cold"), 50)),
    ("query p95 ms, cold (first pass)", lambda r: percentile(all_of(r, "cold"), 95)),
    ("query p50 ms, warm", lambda r: percentile(all_of(r, "warm"), 50)),
    ("query p95 ms, warm", lambda r: percentile(all_of(r, "warm"), 95)),
    ("HTTP p95 ms, 50 connections, cache off", lambda r: r["http_p95"]),
    ("HTTP errors", lambda r: r["http_errors"]),
    ("serving peak RSS MB (all processes)", lambda r: r["serve_peak_mb"]),
]


def _import_limit_cell(lim: dict[str, int]) -> str:
    if not lim:
        return "one process"  # below $KB_INDEX_PARALLEL_FROM: no workers, no budget to divide
    return f"{lim['total_mb']} ({lim['parent_mb']} + {lim['procs']} × {lim['worker_mb']}; {lim['segment_mb']})"


def _serve_limit_cell(lim: dict[str, int]) -> str:
    return f"{lim['limit_mb']} ({lim['estimate_mb']})" if lim else "?"


def report(rows: list[dict], source: str, seconds: float, at: str | None = None) -> str:
    ns = [r["n"] for r in rows]
    header = ["measure"] + [f"{n:,}" for n in ns] + ["exponent"]
    body = []
    for label, fn in MEASURES:
        vals = [fn(r) for r in rows]
        e = exponent(ns, vals) if label != "HTTP errors" else None
        body.append([label] + [f"{v:.0f}" if v >= 100 else f"{v:.2f}" if v < 10 else f"{v:.1f}" for v in vals]
                    + ["" if e is None else f"**{e:.2f}**"])
    body.append(["import limit MB: total (parent + workers × share; segment)"]
                + [_import_limit_cell(r.get("import_limits") or {}) for r in rows] + [""])
    body.append(["serving limit MB (estimate checked at start)"]
                + [_serve_limit_cell(r.get("serve_limits") or {}) for r in rows] + [""])
    body.append(["index segments"] + [str(r.get("segments", "?")) for r in rows] + [""])
    body.append(["started at (load average then)"] + [f"{r.get('started', '?')} ({r.get('load', float('nan')):.1f})"
                                                       for r in rows] + [""])
    body.append(["of which repeats (varied copies)"] + [f"{r['repeats']:,}" for r in rows] + [""])
    body.append(["JSON lines MB"] + [f"{r['jsonl_mb']:.0f}" for r in rows] + [""])
    out = [table("Growth with the collection", header, body, [
        f"documents: {source}, interleaved in a fixed shuffled order; repeats are copies with another "
        "id and title and every 37th word dropped",
        "queries: the bench_query mix (36 queries) in a fresh process, result cache off; cold = first "
        "pass after opening, warm = two shuffled passes",
        f"HTTP: kb serve, 2 sync workers, result cache off, 50 connections for {seconds:.0f} s",
        "exponent: least-squares slope of log(measure) on log(documents); 1.0 is linear, n·log n "
        "over 10k-150k is about 1.1",
        "limits: `$KB_IMPORT_MEMORY_MB` as kb import divided it (the parent's share, each worker's share, "
        "and the postings a worker's segment may count, MB); `$KB_SERVE_MEMORY_MB` and the estimate kb serve "
        "checks against it (300 MB a process + `$KB_POSTINGS_CACHE_MB` a worker); peaks are resident memory "
        "summed over the process tree, sampled every 0.2 s"], at=at)]
    cats = list(rows[0]["query"]["warm"])
    cat_rows = []
    for cat in cats:
        cells = [cat]
        for r in rows:
            c, w = r["query"]["cold"][cat], r["query"]["warm"][cat]
            cells.append(f"{percentile(c, 50):.0f} / {percentile(c, 95):.0f} · "
                         f"{percentile(w, 50):.0f} / {percentile(w, 95):.0f}")
        cold95 = exponent(ns, [percentile(r["query"]["cold"][cat], 95) for r in rows])
        warm95 = exponent(ns, [percentile(r["query"]["warm"][cat], 95) for r in rows])
        cells.append(f"{cold95:.2f} · {warm95:.2f}" if cold95 is not None and warm95 is not None else "")
        cat_rows.append(cells)
    out.append(table("Query latency per category, in process, result cache off (ms: cold p50 / p95 · "
                     "warm p50 / p95)", ["category"] + [f"{n:,}" for n in ns] + ["exponent p95 cold · warm"],
                     cat_rows, at=at))
    return "\n\n".join(out)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="10000,50000,150000", help="collection sizes, comma-separated")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or an extracted train/ folder")
    p.add_argument("--seconds", type=float, default=15.0, help="length of the HTTP load run")
    p.add_argument("--json", help="append each size's measures to this JSON-lines file as it ends")
    p.add_argument("--from-json", help="only print the tables from such a file")
    p.add_argument("--query-only", help=argparse.SUPPRESS)
    p.add_argument("--smoke", action="store_true", help="a few seconds on tiny collections")
    args = p.parse_args(argv)
    if args.query_only:
        print(json.dumps(query_pass(args.query_only, args.smoke)))
        return
    data = data_dir(args.data)
    if args.from_json:
        rows = [json.loads(ln) for ln in Path(args.from_json).read_text().splitlines() if ln.strip()]
        print(report(rows, "VNTC and viweb2025", args.seconds))
        return
    sizes = [60, 150] if args.smoke else [int(s) for s in args.sizes.split(",")]
    news, source = articles(data, args.vntc, args.smoke, None)
    pages = viweb_pages(data, 40 if args.smoke else None)
    real = news + pages
    random.Random(18).shuffle(real)
    label = f"{len(news):,} from {source} and {len(pages):,} viweb2025 pages"
    seconds = 1.0 if args.smoke else args.seconds
    work = Path(tempfile.mkdtemp(prefix="kb-bench-scale-"))
    rows = []
    at_start = machine()
    try:
        for n in sizes:
            started, load_avg = time.strftime("%H:%M UTC"), os.getloadavg()[0]
            row = measure_size(real, n, work, seconds, args.smoke)
            row.update(started=started, load=load_avg)
            rows.append(row)
            if args.json:
                with open(args.json, "a", encoding="utf-8") as fh:
                    fh.write(json.dumps(row) + "\n")
            print(f"size {n:,} done", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(rows, label, seconds, at_start))


if __name__ == "__main__":
    main(sys.argv[1:])
