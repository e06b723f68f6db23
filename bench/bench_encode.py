"""Encoding the positional postings at segment commit: one call per posting vs all at once.

The postings are those of VNTC articles' text in both tiers (``indexer.analysis.tier_positions``),
grouped by term in docnum order as a segment writer holds them. Timed in CPU seconds
(``time.process_time``), the best of a few rounds: ``encode_runs`` (the per-posting
``pickle.dumps``, memoised single positions, run by run as the pool keeps a term) against
``encode_all`` over one flat array of every field's postings, alone, then with ``values_of`` (the
per-posting bytes Whoosh's writer takes), and ``encode_values`` (those bytes built by
``pickle.loads``). The outputs are checked equal before anything is reported.

Run: python bench/bench_encode.py [--data DIR | --vntc PATH] [--limit 2000] [--rounds 3] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import time
from array import array
from collections.abc import Callable
from typing import TypeVar

import numpy as np

from bench.measure import machine, table
from bench.vntc import articles, data_dir
from indexer.analysis import tier_positions
from indexer.fields import encode_all, encode_runs, encode_values, values_of

T = TypeVar("T")
Runs = list[tuple[array, array]]  # per term: positions of its postings end to end, each posting's end


def term_runs(texts: list[str]) -> Runs:
    """Each (tier, term)'s postings in docnum order, as the pool keeps them: positions and ends."""
    grouped: dict[tuple[int, str], list[list[int]]] = {}
    for text in texts:
        for tier, found in enumerate(tier_positions(text)):
            for term, positions in found.items():
                grouped.setdefault((tier, term), []).append(positions)
    runs = []
    for key in sorted(grouped):
        values, ends = array("I"), array("I")
        for positions in grouped[key]:
            values.extend(positions)
            ends.append(len(values))
        runs.append((values, ends))
    return runs


def per_posting(runs: Runs) -> list[bytes]:
    out: list[bytes] = []
    for values, ends in runs:
        out += encode_runs(values, ends)
    return out


def flat(runs: Runs) -> tuple[np.ndarray, np.ndarray]:
    """Every posting's positions in one uint32 array and its counts, the layout encode_all takes."""
    positions = np.frombuffer(b"".join(values.tobytes() for values, _ in runs), dtype=np.uint32)
    ends = [np.frombuffer(e.tobytes(), dtype=np.uint32).astype(np.int64) for _, e in runs]
    counts = np.concatenate([np.diff(e, prepend=0) for e in ends])
    return positions, counts


def best(fn: Callable[[], T], rounds: int) -> tuple[float, T]:
    """The least CPU time of ``rounds`` calls (at least one), and the last result."""
    times = []
    for _ in range(max(rounds, 1)):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return min(times), result


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", help="shared data folder (default: $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--vntc", help="the VNTC tarball or train/ folder")
    p.add_argument("--limit", type=int, default=2000, help="articles to read")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--smoke", action="store_true", help="a few seconds on a tiny slice")
    args = p.parse_args(argv)
    at = machine()
    items, source = articles(data_dir(args.data), args.vntc, args.smoke, args.limit)
    runs = term_runs([a.text for a in items])
    positions, counts = flat(runs)

    old_s, old = best(lambda: per_posting(runs), args.rounds)
    all_s, (raw, _) = best(lambda: encode_all(positions, counts), args.rounds)
    new_s, new = best(lambda: values_of(*encode_all(positions, counts)), args.rounds)
    values_s, values = best(lambda: encode_values(positions, counts), args.rounds)
    if new != old or values != old:
        raise SystemExit("encode_all's or encode_values' bytes differ from encode_runs'")
    rows: list[list[object]] = [["encode_runs, per posting", f"{old_s:.3f}", "1.0"],
            ["encode_all (raw bytes, ends)", f"{all_s:.3f}", f"{old_s / all_s:.1f}"],
            ["encode_all + values_of (list of bytes)", f"{new_s:.3f}", f"{old_s / new_s:.1f}"],
            ["encode_values (list of bytes)", f"{values_s:.3f}", f"{old_s / values_s:.1f}"]]
    print(table("Encoding positional postings", ["encoding", "CPU s (best)", "speed-up"], rows, [
        f"{len(items)} articles from {source}: {len(runs):,} terms, {counts.size:,} postings, "
        f"{positions.size:,} positions ({int((counts == 1).sum()):,} postings of one), {len(raw):,} bytes",
        f"best of {args.rounds} rounds, CPU time of this process; outputs checked equal"], at=at))


if __name__ == "__main__":
    main()
