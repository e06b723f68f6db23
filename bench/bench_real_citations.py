"""Citations found per second on real pages (viweb2025, read from ../shared/data at run time).

Run: python bench/bench_real_citations.py [pages]   (default 2000 pages, "all" for every page).
Prints pages, MB, citations found, wall and CPU seconds, citations per second of each, and the
load average (the machine may be shared); nothing is asserted.
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import os
import sys
import time
from collections import Counter

from tests.support.viweb import pages
from kb.citations.find import find_citations


def main() -> None:
    arg = sys.argv[1] if len(sys.argv) > 1 else "2000"
    texts = pages()
    names = sorted(texts)
    if arg != "all":
        names = names[:int(arg)]
    find_citations("Nghị quyết số 52-NQ/TW ngày 27/9/2019")  # warm the tables and patterns
    families: Counter[str] = Counter()
    size = sum(len(texts[n].encode("utf-8")) for n in names)
    load = os.getloadavg()[0]
    t0, c0 = time.perf_counter(), time.process_time()
    for n in names:
        families.update(c.family for c in find_citations(texts[n]))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    total = sum(families.values())
    print(f"viweb2025: {len(names)} pages, {size / 1e6:.1f} MB, {total} citations "
          f"({', '.join(f'{k} {v}' for k, v in sorted(families.items()))}); "
          f"wall {wall:.1f}s: {total / wall:.0f} citations/s, {size / 1e6 / wall:.2f} MB/s; "
          f"CPU {cpu:.1f}s: {total / cpu:.0f} citations/s, {size / 1e6 / cpu:.2f} MB/s; load average {load:.1f}")


if __name__ == "__main__":
    main()
