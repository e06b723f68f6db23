"""Whoosh and the OpenSearch cluster side by side, in one run, on VNTC and on viweb2025.

For each data set and backend: the full rebuild (``build_index``: our analysis in one Python
process, then Whoosh's writer or bulk requests to the cluster), records/s; query latency in
process (``indexer.search.search`` over bench_query's mix, a long-lived searcher, the web's
result cache off); and over HTTP (``kb serve``, 2 workers, ``/api/search``) at 10 and 50
connections with bench_http's load generator, cache off. The cluster is ``KB_OPENSEARCH_URL``
(``make cluster``: 3 nodes, 3 shards, 1 replica, on the same 2 cores as everything else).

Run: python bench/bench_backends.py [--data DIR] [--limit 5000] [--seconds 10] [--rounds 2] [--smoke]
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
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.bench_http import Server, fetch, load, paths
from bench.bench_query import MIX, SMOKE_MIX
from bench.measure import percentile, table
from bench.vntc import Article, data_dir, read_vntc, tar_files, vntc_source

BACKENDS = ("whoosh", "opensearch")


def read_viweb(source: Path, limit: int | None) -> Iterator[Article]:
    """viweb2025's pages in name order: the first Markdown heading (or line) as the title."""
    for name, raw in tar_files(source, ".md")[:limit]:
        text = raw.decode("utf-8").strip()
        first = next((line.strip("# ").strip() for line in text.split("\n") if line.strip()), name)
        yield Article(f"viweb/{Path(name).stem}", first[:200], text)


def data_sets(data: Path, limit: int) -> dict[str, list[Article]]:
    """Name → articles, for each data set found under ``data``."""
    out = {}
    vntc = vntc_source(data)
    if vntc is not None:
        out["VNTC"] = list(read_vntc(vntc, limit))
    viweb = data / "viweb2025" / "pages.tar.gz"
    if viweb.exists():
        out["viweb2025"] = list(read_viweb(viweb, limit))
    if not out:
        raise SystemExit(f"neither VNTC nor viweb2025 under {data}: pass --data or set KB_SHARED_DATA")
    return out


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """``KB_*`` variables set for this process and the servers it starts, restored afterwards."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def records(items: list[Article]):
    from kbcli.index_cmds import record_from_json

    return [record_from_json(a.to_json(), a.id) for a in items]


def in_process(location, mix, rounds: int) -> list[float]:
    """Latencies (ms) of the mix, ``rounds`` shuffled passes after one warm-up pass."""
    from indexer.backend import open_searcher
    from indexer.search import Filters, search

    filters = [Filters(**kw) for _, _, kw in mix]
    with open_searcher(location) as s:
        for (_, q, _), f in zip(mix, filters):
            search(q, filters=f, limit=10, searcher=s)
        order = list(range(len(mix))) * rounds
        random.Random(8).shuffle(order)
        out = []
        for i in order:
            start = time.perf_counter()
            search(mix[i][1], filters=filters[i], limit=10, searcher=s)
            out.append((time.perf_counter() - start) * 1000)
    return out


def run_backend(backend: str, items: list[Article], work: Path, args, mix) -> dict[str, object]:
    from indexer.backend import Remote
    from indexer.build import build_index

    alias = f"kb-bench-{uuid.uuid4().hex[:6]}"
    location = Remote(alias) if backend == "opensearch" else work / f"index-{backend}"
    recs = records(items)
    result: dict[str, object] = {}
    with environment(KB_BACKEND=backend, KB_OPENSEARCH_INDEX=alias, KB_RESULT_CACHE="0"):
        try:
            start = time.perf_counter()
            build_index(recs, location)
            result["index_s"] = time.perf_counter() - start
            result["in_process"] = in_process(location, mix, args.rounds)
            server = Server(work / f"index-{backend}", args.workers, cache=False)
            try:
                for path in paths() * 2:
                    fetch(server.port, path)
                for conns in (10, 50):
                    result[f"http{conns}"] = load(server.port, conns, args.seconds, paths())
            finally:
                server.stop()
        finally:
            if backend == "opensearch":
                from indexer.opensearch.index import drop

                drop(alias)
    return result


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--limit", type=int, default=5000, help="articles per data set (default 5000)")
    p.add_argument("--seconds", type=float, default=10.0, help="length of each HTTP load run")
    p.add_argument("--rounds", type=int, default=2, help="in-process passes over the query mix")
    p.add_argument("--workers", type=int, default=2, help="kb serve's worker processes")
    p.add_argument("--smoke", action="store_true", help="a few seconds on 100 articles")
    args = p.parse_args(argv)
    if args.smoke:
        args.limit, args.seconds, args.rounds = 100, 1.0, 1
    mix = SMOKE_MIX if args.smoke else MIX
    work = Path(tempfile.mkdtemp(prefix="kb-bench-backends-"))
    index_rows, query_rows = [], []
    try:
        for name, items in data_sets(data_dir(args.data), args.limit).items():
            for backend in BACKENDS:
                r = run_backend(backend, items, work, args, mix)
                label = "Whoosh (embedded)" if backend == "whoosh" else "OpenSearch, 3 nodes"
                index_rows.append([name, label, len(items), f"{r['index_s']:.1f}", f"{len(items) / r['index_s']:.0f}"])
                lat = r["in_process"]
                row = [name, label, f"{percentile(lat, 50):.1f}", f"{percentile(lat, 95):.1f}"]
                for conns in (10, 50):
                    hl, errors, wall = r[f"http{conns}"]
                    row += [f"{len(hl) / wall:.0f}", f"{percentile(hl, 50):.0f}", f"{percentile(hl, 95):.0f}", errors]
                query_rows.append(row)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table("Indexing, full rebuild", ["data", "backend", "records", "seconds", "records/s"], index_rows,
                ["build_index: our analysis in this one process for both; the cluster adds the network and "
                 "the 3 JVMs on the same cores"]))
    print()
    print(table("Query latency (ms)", ["data", "backend", "in-process p50", "in-process p95",
                                       "10 conns req/s", "p50", "p95", "errors",
                                       "50 conns req/s", "p50", "p95", "errors"], query_rows,
                [f"in process: {len(mix)} queries (bench_query's mix) × {args.rounds} rounds, top 10 with "
                 f"snippets, exact totals and six facets; HTTP: kb serve, {args.workers} workers, "
                 f"GET /api/search, {args.seconds:.0f} s per run, result cache off"]))


if __name__ == "__main__":
    main()
