"""Adding one document to the full index: the time until a search finds it (target < 1 s).

Works on a copy of the index (the original is left as it was). A searcher handle is opened and
used first, as a serving process would have it; then, several times, one new article with a
word no other document has is added with ``indexer.build.add_records`` (what ``kb import``
runs), and the clock stops when a search through the handle returns it. ``kb import`` of a
one-line file is also timed as a whole process (interpreter start-up included).

Run: python bench/bench_add.py [--index-dir DIR] [--data DIR | --vntc PATH] [--trials 5] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from bench.measure import KB, percentile, run_measured, table
from bench.vntc import Article, data_dir, ensure_index, write_jsonl

WORDS = ["Ban Tuyên giáo", "tỉnh Hà Nam", "hội nghị", "quán triệt", "Nghị quyết", "cán bộ", "đảng viên"]


def marker(n: int) -> str:
    """A word no article has: letters only, so it is one syllable."""
    return "zq" + "".join("bcdfghklmnpqrstvx"[int(c)] for c in str(1000 + n))


def article(n: int) -> Article:
    text = " ".join(WORDS[k % len(WORDS)] for k in range(n, n + 40))
    return Article(f"bench-add/{n}", f"Bài thử {marker(n)}", f"{text}. Mốc {marker(n)} để tìm lại.")


def copy_index(src: Path, dest: Path) -> Path:
    """A private copy of the index at ``src`` (its current generation) as ``dest``."""
    gen = src.resolve()
    shutil.copytree(gen, dest.parent / gen.name)
    dest.symlink_to(gen.name)
    return dest


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--index-dir", help="an index to copy (built here from VNTC when missing)")
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or an extracted train/ folder")
    p.add_argument("--trials", type=int, default=5, help="documents added one at a time")
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny index")
    args = p.parse_args(argv)
    from indexer.build import add_records
    from indexer.handle import SearcherHandle
    from indexer.search import search
    from kbcli.index_cmds import record_from_json

    work = Path(tempfile.mkdtemp(prefix="kb-bench-add-"))
    try:
        source_index, source = ensure_index(args.index_dir, data_dir(args.data), args.vntc, args.smoke, work)
        index = copy_index(source_index, work / "copy" / "index") if args.index_dir else source_index
        handle = SearcherHandle(index)
        docs = search("Việt Nam", searcher=handle.get()).total  # a warm searcher, as when serving
        added, found_after = [], []
        trials = 2 if args.smoke else args.trials
        for n in range(trials):
            a = article(n)
            start = time.perf_counter()
            add_records([record_from_json(a.to_json(), a.id)], index)
            added.append(time.perf_counter() - start)
            while not search(marker(n), searcher=handle.get()).total:
                if time.perf_counter() - start > 30:
                    raise SystemExit(f"{a.id} not searchable after 30 s")
            found_after.append(time.perf_counter() - start)
        handle.close()
        one = work / "one.jsonl"
        write_jsonl([article(trials)], one)
        wall, _, _ = run_measured(KB + ["import", str(one), "--index-dir", str(index)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [["add_records (one article)", trials, f"{percentile(added, 50):.3f}", f"{max(added):.3f}"],
            ["… until a search finds it", trials, f"**{percentile(found_after, 50):.3f}**",
             f"**{max(found_after):.3f}**"],
            ["kb import of a one-line file (whole process)", 1, f"{wall:.3f}", f"{wall:.3f}"]]
    print(table("Adding one document (s)", ["step", "n", "p50", "max"], rows,
                [f"index: {source}, {docs} documents matched 'Việt Nam' before; a copy is changed",
                 "search through a SearcherHandle opened before the additions, as in kb serve"]))


if __name__ == "__main__":
    main()
