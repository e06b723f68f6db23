"""Query latency in process: ``indexer.search.search`` next to a plain Whoosh search, same index.

Both return the top 10 with highlights. Plain Whoosh is ``QueryParser`` over one syllable field
(``body_canon``), ``searcher.search(limit=10)`` and Whoosh's own highlighter on the stored text;
ours adds the accent tiers, title and bonus fields, exact totals and six facets. The mix has
common and rare words, 2–5-word queries, phrases, accent-free queries, document numbers and
filtered queries. A first pass runs every query once with cold caches; then ``--rounds`` passes
in a shuffled order give the steady-state figures (the headline: p95 ours ÷ p95 plain, target
≤ 0.2), with our whole-result cache off, and once more with it on.

Run: python bench/bench_query.py [--index-dir DIR] [--data DIR | --vntc PATH] [--rounds 3] [--smoke]
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
from collections import defaultdict
from pathlib import Path

from bench.measure import percentile, table
from bench.vntc import data_dir, ensure_index

# (category, query, filters as keyword arguments of indexer.search.Filters)
MIX: list[tuple[str, str, dict]] = [
    ("common", "người", {}), ("common", "Việt Nam", {}), ("common", "kinh tế", {}),
    ("common", "thế giới", {}), ("common", "Hà Nội", {}),
    ("rare", "Kamchatka", {}), ("rare", "AutoCAD", {}), ("rare", "Kolkata", {}),
    ("rare", "đom đóm", {}), ("rare", "khủng long", {}),
    ("2-5 words", "giá vàng tăng", {}), ("2-5 words", "đội tuyển bóng đá Việt Nam", {}),
    ("2-5 words", "ô nhiễm môi trường nước", {}), ("2-5 words", "thị trường chứng khoán", {}),
    ("2-5 words", "tai nạn giao thông nghiêm trọng", {}), ("2-5 words", "học sinh thi đại học", {}),
    ("phrase", '"thành phố Hồ Chí Minh"', {}), ("phrase", '"tai nạn giao thông"', {}),
    ("phrase", '"bóng đá"', {}), ("phrase", '"Bộ Y tế"', {}), ("phrase", '"giá xăng dầu"', {}),
    ("accent-free", "viet nam", {}), ("accent-free", "bong da", {}), ("accent-free", "gia vang", {}),
    ("accent-free", "benh vien", {}), ("accent-free", "cong an tinh", {}),
    ("number", "108/2005/NĐ-CP", {}), ("number", "Nghị định 108", {}), ("number", "109/2004/nd-cp", {}),
    ("number", "quyết định 1107/2002/QĐ-BCA", {}), ("number", "52-NQ/TW", {}),
    ("filtered", "kinh tế", {"kind": "article"}), ("filtered", "Hà Nội", {"kind": "document"}),
    ("filtered", "bóng đá", {"year_from": 2005, "year_to": 2007}), ("filtered", "Đảng", {"kind": "article"}),
    ("filtered", "giáo dục", {"kind": "article", "year_from": 2000}),
]
SMOKE_MIX = [MIX[0], MIX[5], MIX[10], MIX[16], MIX[21], MIX[26], MIX[31]]


class Plain:
    """The baseline: Whoosh's QueryParser on one field, its search and its highlighter."""

    def __init__(self, searcher) -> None:
        from whoosh.qparser import QueryParser

        self.searcher = searcher
        self.parser = QueryParser("body_canon", searcher.schema)

    def __call__(self, query: str, filters) -> int:
        from indexer.search import filter_query

        results = self.searcher.search(self.parser.parse(query), limit=10, filter=filter_query(filters))
        for hit in results:
            hit.highlights("body_canon", text=hit["text"])
        return len(results.top_n)


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index-dir", help="an index to reuse (built here from VNTC when missing)")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or an extracted train/ folder")
    p.add_argument("--rounds", type=int, default=3, help="steady-state passes over the mix")
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny index")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kb-bench-query-"))
    try:
        index, source = ensure_index(args.index_dir, data_dir(args.data), args.vntc, args.smoke, work)
        rows, notes = run(index, SMOKE_MIX if args.smoke else MIX, 1 if args.smoke else args.rounds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table("Query latency, in process (ms)", ["queries", "n", "plain p50", "plain p95",
                                                   "ours p50", "ours p95", "ours ÷ plain (p95)"],
                rows, [f"index: {source}", *notes]))


def run(index: Path, mix: list[tuple[str, str, dict]], rounds: int) -> tuple[list[list[object]], list[str]]:
    from indexer.search import Filters, search
    from indexer.store import open_index

    ix = open_index(index)
    searcher = ix.searcher()
    plain = Plain(searcher)
    ours = lambda q, f: search(q, filters=f, limit=10, searcher=searcher)  # noqa: E731
    filters = [Filters(**kw) for _, _, kw in mix]
    saved = os.environ.get("KB_RESULT_CACHE")
    os.environ["KB_RESULT_CACHE"] = "0"
    try:
        first = {"plain": [], "ours": []}
        for (_, q, _), f in zip(mix, filters):
            first["plain"].append(timed(plain, q, f))
            first["ours"].append(timed(ours, q, f))
        steady: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"plain": [], "ours": []})
        order = list(range(len(mix))) * rounds
        random.Random(8).shuffle(order)
        for i in order:
            cat, q, _ = mix[i]
            steady[cat]["plain"].append(timed(plain, q, filters[i]))
            steady[cat]["ours"].append(timed(ours, q, filters[i]))
        os.environ["KB_RESULT_CACHE"] = "512"
        cached = [timed(ours, mix[i][1], filters[i]) for i in order]
    finally:
        if saved is None:
            os.environ.pop("KB_RESULT_CACHE", None)
        else:
            os.environ["KB_RESULT_CACHE"] = saved
        searcher.close()

    def row(label: str, pl: list[float], us: list[float], bold: bool = False) -> list[object]:
        ratio = percentile(us, 95) / max(percentile(pl, 95), 1e-9)
        return [label, len(us), f"{percentile(pl, 50):.1f}", f"{percentile(pl, 95):.1f}",
                f"{percentile(us, 50):.1f}", f"{percentile(us, 95):.1f}",
                f"**{ratio:.2f}**" if bold else f"{ratio:.2f}"]

    rows = [row(cat, v["plain"], v["ours"]) for cat, v in steady.items()]
    every_plain = [x for v in steady.values() for x in v["plain"]]
    every_ours = [x for v in steady.values() for x in v["ours"]]
    rows.append(row("**all, steady state**", every_plain, every_ours, bold=True))
    rows.append(row("all, first pass (cold caches)", first["plain"], first["ours"]))
    rows.append(row("all, steady, our result cache on", every_plain, cached))
    notes = [f"{len(mix)} queries; first pass once each, then {rounds} shuffled passes; "
             "result cache off unless stated",
             "ours: exact total, 6 facets, tiers, title and bonus fields; plain: one field, "
             "estimated total, no facets"]
    return rows, notes


if __name__ == "__main__":
    main()
