"""``kb add`` of a whole folder of real pages with the near-duplicate check on: does a page cost the
same at the end of the run as at the start?

The 13,834 viweb2025 pages (``../shared/data/viweb2025/pages.tar.gz``) are written as a folder of
Markdown under a temporary directory, each with a front matter block holding its title (a page
that starts with a ``---`` rule would otherwise be read as broken front matter), and added with
``kb add FOLDER`` into an empty corpus and index: the real command, in this process, so that the
moment each file's plan is made can be recorded (``Planner.plan`` is wrapped; nothing else is
changed). Time per page is the gap between consecutive plans (reading, extraction, metadata and
the near-duplicate check); the start and end are the mean over the first and last ``--window``
pages. The old check (every text against every stored one) is timed on a few pages at the end
for comparison, and the near-duplicates the run reports are listed.

Run: python bench/bench_add_folder.py [--data DIR] [--limit N] [--window 1000] [--list FILE] [--smoke]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import contextlib
import io
import os
import re
import resource
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import yaml

from bench.measure import PeakRss, dir_size, machine, mb, table
from bench.vntc import data_dir


def write_pages(tarball: Path, folder: Path, limit: int | None) -> int:
    """The tarball's ``pages/*.md`` as Markdown files with a title front matter; returns the count."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    with tarfile.open(tarball) as tar:
        for member in tar:
            if not (member.isfile() and member.name.endswith(".md")):
                continue
            text = tar.extractfile(member).read().decode("utf-8")
            heading = next((ln.lstrip("#").strip() for ln in text.splitlines() if ln.strip()), "")
            head = yaml.safe_dump({"title": heading[:200] or Path(member.name).stem}, allow_unicode=True)
            (folder / Path(member.name).name).write_text(f"---\n{head}---\n{text}", encoding="utf-8")
            n += 1
            if limit and n >= limit:
                break
    return n


def cpu_seconds() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", help="shared data folder (default $KB_SHARED_DATA or ../shared/data)")
    p.add_argument("--limit", type=int, help="only the first N pages")
    p.add_argument("--window", type=int, default=1000, help="pages averaged at the start and at the end")
    p.add_argument("--scan-sample", type=int, default=3, help="pages timed with the old full scan")
    p.add_argument("--list", help="write the reported near-duplicates to this file")
    p.add_argument("--smoke", action="store_true", help="a few seconds on 150 pages")
    args = p.parse_args(argv)
    if args.smoke:
        args.limit, args.window, args.scan_sample = 150, 40, 1
    tarball = data_dir(args.data) / "viweb2025" / "pages.tar.gz"
    if not tarball.is_file():
        raise SystemExit(f"{tarball} not found (the viweb2025 data set)")
    from rapidfuzz import fuzz, process

    from kb.ingest import plan as plan_mod
    from kbcli.main import main as kb_main

    work = Path(tempfile.mkdtemp(prefix="kb-bench-add-folder-"))
    try:
        pages = write_pages(tarball, work / "pages", args.limit)
        corpus, index = work / "corpus", work / "index"
        corpus.mkdir()
        stamps: list[float] = []
        cpu_stamps: list[float] = []
        original = plan_mod.Planner.plan

        def timed_plan(self, path, ex):  # no reference to the planner is kept: kb add lets it go
            try:
                return original(self, path, ex)
            finally:
                stamps.append(time.perf_counter())
                cpu_stamps.append(time.process_time())

        plan_mod.Planner.plan = timed_plan
        err = io.StringIO()
        at_start = machine()
        cpu0, start, pcpu0 = cpu_seconds(), time.perf_counter(), time.process_time()
        try:
            with PeakRss(os.getpid()) as rss, contextlib.redirect_stderr(err), \
                    contextlib.redirect_stdout(io.StringIO()) as out:
                code = kb_main(["add", str(work / "pages"), "--corpus", str(corpus), "--index-dir", str(index)])
        finally:
            plan_mod.Planner.plan = original
        wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
        summary = out.getvalue().strip().splitlines()[-1] if out.getvalue().strip() else f"exit {code}"
        dups = [ln for ln in err.getvalue().splitlines() if ln.startswith("kb: duplicate:")]
        failed = [ln for ln in err.getvalue().splitlines() if ln.startswith("kb: failed:")]
        gaps = [b - a for a, b in zip([start] + stamps, stamps)]
        w = min(args.window, max(1, len(gaps) // 3))
        first, last = sum(gaps[:w]) / w, sum(gaps[-w:]) / w
        cgaps = [b - a for a, b in zip([pcpu0] + cpu_stamps, cpu_stamps)]
        cfirst, clast = sum(cgaps[:w]) / w, sum(cgaps[-w:]) / w
        planning = stamps[-1] - start if stamps else 0.0
        scan_times = []
        if args.scan_sample:  # what the planner's index held at the end: every stored text, normalised
            from kb.corpus import load_corpus

            stored = {d.id: plan_mod.normalise(d.text) for d in load_corpus(corpus).documents if d.text.strip()}
            for rid in list(stored)[-args.scan_sample:]:
                t0 = time.perf_counter()
                process.extractOne(stored[rid], {k: v for k, v in stored.items() if k != rid},
                                   scorer=fuzz.ratio, score_cutoff=plan_mod.NEAR_DUPLICATE)
                scan_times.append(time.perf_counter() - t0)
        rows = [
            ["pages", pages, ""],
            ["outcome", summary.split(" (corpus")[0], ""],
            ["whole run: wall s / CPU s", f"{wall:.1f} / {cpu:.1f}", f"CPU/wall {cpu / wall:.2f}"],
            ["planning (extract, metadata, duplicate check) s", f"{planning:.1f}", ""],
            ["store write and index commit s", f"{wall - planning:.1f}", ""],
            [f"time per page, first {w}: wall / CPU", f"{first * 1000:.1f} / {cfirst * 1000:.1f} ms", ""],
            [f"time per page, last {w}: wall / CPU", f"{last * 1000:.1f} / {clast * 1000:.1f} ms",
             f"**{last / first:.2f}×** the start (CPU: **{clast / cfirst:.2f}×**)"],
            ["old check (scan of every stored text), one page at the end",
             f"{sum(scan_times) / len(scan_times):.2f} s" if scan_times else "not run",
             f"mean of {len(scan_times)}"],
            ["peak RSS MB (this process)", f"{mb(rss.peak):.0f}", ""],
            ["index MB", f"{mb(dir_size(index)):.0f}" if index.exists() else "", ""],
        ]
        notes = [f"data: {tarball}, written as Markdown files with a title front matter",
                 f"near-duplicates reported: {len(dups)} (not added; failed files: {len(failed)})",
                 "per-page time includes reading and extracting the file (the gap between plans); "
                 "CPU time is this process's, so other work on the machine does not change it"]
        print(table("kb add of a folder of real pages, near-duplicate check on", ["measure", "value", "note"],
                    rows, notes, at=at_start))
        if args.list:
            Path(args.list).write_text("\n".join(dups + failed) + "\n", encoding="utf-8")
        for line in dups[:20]:
            print("    " + re.sub(r"^kb: duplicate: \S*/", "", line))
        if len(dups) > 20:
            print(f"    … and {len(dups) - 20} more" + (f" (all in {args.list})" if args.list else ""))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
