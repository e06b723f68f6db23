"""Killed builds: ``kill -9`` of ``kb index`` and ``kb add`` at random moments, then the next run.

After each kill the last good index must open and hold every record it held; the next run (a
full ``kb index``, the same ``kb add`` again, or a ``kb add`` of other files) must succeed with no
manual step, say in one line what it cleaned, leave nothing behind, and leave the index holding
exactly the corpus (a file stored by the killed ``kb add`` but never indexed included).

Run: python tests/support/kills.py [--kills 20] [--bulk 120] [--seed 0]
"""
from __future__ import annotations

if __package__ in (None, ""):  # run as a script: make the repository importable
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import os
import random
import signal
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.live import KB, ROOT
from tests.support.scratch import add_bulk, copy_corpus, kb, write_input_txt, write_marker_md
from indexer.build import build_index
from indexer.store import leftovers, open_index
from kb.corpus import load_corpus
from kb.ingest.store import AddedStore

BATCH = 6  # files per kb add
CLEANED = "kb: cleaned up after an interrupted run:"


def index_ids(index: Path) -> set[str]:
    """Every record id the current generation holds, read through a freshly opened index."""
    ix = open_index(index)
    try:
        with ix.searcher() as s:
            return {f["id"] for f in s.all_stored_fields()}
    finally:
        ix.close()


def corpus_ids(corpus: Path) -> set[str]:
    return {r.id for r in load_corpus(corpus).records()}


def left_behind(index: Path, corpus: Path) -> list[Path]:
    """What a killed run left: beside or in the index, and in kb add's store."""
    return leftovers(index) + AddedStore(corpus).leftovers()


def phase(finished: bool, left: list[Path], unindexed: set[str]) -> str:
    """Where the kill landed, read from what it left."""
    if finished:
        return "after it finished"
    names = [p.name for p in left]
    if any(n.startswith(".build-") for n in names):
        return "building a new generation"
    if any(n.startswith((".gen-", ".link-")) for n in names):
        return "swapping the generation"
    if any(n == "MAIN.tmp" or n.startswith(("MAIN_", "_MAIN_")) for n in names):
        return "writing a Whoosh commit"
    if left:
        return "writing kb add's store"
    if unindexed:
        return "stored, not yet indexed"
    return "starting up or reading input"


@dataclass
class Kill:
    """One kill and the run after it."""

    command: str
    after: float  # seconds after the start
    phase: str
    recovery: str
    problems: list[str] = field(default_factory=list)


@dataclass
class KillResult:
    kills: list[Kill] = field(default_factory=list)

    @property
    def failed(self) -> list[Kill]:
        return [k for k in self.kills if k.problems]

    def phases(self) -> Counter:
        return Counter(k.phase for k in self.kills)


def _start(args: list[str]) -> subprocess.Popen:
    # A session of its own, so the kill reaches any worker process a build may start.
    return subprocess.Popen(KB + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def run_kills(kills: int = 3, bulk: int = 120, seed: int = 0, workdir: Path | None = None) -> KillResult:
    """Kill ``kills`` runs (alternately ``kb index`` and ``kb add``) over a corpus copy with ``bulk``
    extra articles, each at a random moment between the end of start-up and the end of a
    measured run, and recover after each."""
    rnd = random.Random(seed)
    tmp = tempfile.TemporaryDirectory(prefix="kb-kills-") if workdir is None else None
    root = Path(tmp.name) if tmp else workdir
    corpus, index, inputs = copy_corpus(root / "corpus"), root / "index", root / "inputs"
    add_bulk(corpus, bulk)
    build_index(load_corpus(corpus).records(), index)  # the first good index
    counter = iter(range(1, 10**6))

    def index_args() -> list[str]:
        write_marker_md(corpus, next(counter))  # each full rebuild has something new to index
        return ["index", "--corpus", str(corpus), "--index-dir", str(index)]

    def add_args(folder: Path | None = None) -> list[str]:
        if folder is None:
            folder = inputs / f"batch-{next(counter)}"
            for _ in range(BATCH):
                n = next(counter)
                write_input_txt(folder, f"tep-{n}", n, words=400, seed=seed)
        return ["add", str(folder), "--corpus", str(corpus), "--index-dir", str(index)]

    result = KillResult()
    try:
        durations = {}
        start = time.monotonic()  # start-up (imports, opening the index) writes nothing: skip it
        kb("index", "--if-missing", "--index-dir", str(index))
        startup = time.monotonic() - start
        for name, make in (("index", index_args), ("add", add_args)):
            start = time.monotonic()
            done = kb(*make())
            if done.returncode:
                raise RuntimeError(f"kb {name} failed before any kill: {done.stderr}")
            durations[name] = time.monotonic() - start
        for i in range(kills):
            command = ("index", "add")[i % 2]
            good = index_ids(index)
            args = index_args() if command == "index" else add_args()
            after = rnd.uniform(min(startup, 0.8 * durations[command]), 0.95 * durations[command])
            proc = _start(args)
            time.sleep(after)
            finished = proc.poll() is not None
            if not finished:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            kill = Kill(command, after, "", "")
            try:
                now = index_ids(index)
            except Exception as exc:  # noqa: BLE001 — any failure to read is what this run looks for
                kill.problems.append(f"the index does not open after the kill: {type(exc).__name__}: {exc}")
                now = set()
            if not good <= now:
                kill.problems.append(f"records lost: {sorted(good - now)[:5]}")
            left = left_behind(index, corpus)
            unindexed = set(AddedStore(corpus).entries()) - now
            kill.phase = phase(finished, left, unindexed)
            kill.recovery, again = _recovery(command, i, index_args, add_args, args)
            out = kb(*again)
            _check_recovery(kill, out, left, index, corpus)
            result.kills.append(kill)
    finally:
        if tmp:
            tmp.cleanup()
    return result


def _recovery(command: str, i: int, index_args: Callable[[], list[str]],
              add_args: Callable[..., list[str]], killed: list[str]) -> tuple[str, list[str]]:
    """The next run: kb index after a killed kb index; after a killed kb add, in turn the same
    kb add again (its files are 'unchanged' yet must be indexed), a kb add of other files, kb index."""
    if command == "index":
        return "kb index", index_args()
    choice = (i // 2) % 3
    if choice == 0:
        return "same kb add", add_args(Path(killed[1]))
    if choice == 1:
        return "other kb add", add_args()
    return "kb index", index_args()


def _check_recovery(kill: Kill, out: subprocess.CompletedProcess, left: list[Path], index: Path,
                    corpus: Path) -> None:
    if out.returncode:
        kill.problems.append(f"the next run failed ({out.returncode}): {out.stderr.strip()[-300:]}")
        return
    lines = [ln for ln in out.stderr.splitlines() if ln.startswith(CLEANED)]
    if left and len(lines) != 1:
        kill.problems.append(f"{len(left)} leftovers but {len(lines)} 'cleaned' lines")
    if not left and lines:
        kill.problems.append(f"nothing was left, yet: {lines[0]}")
    if rest := left_behind(index, corpus):
        kill.problems.append(f"still left after the next run: {[p.name for p in rest]}")
    want, have = corpus_ids(corpus), index_ids(index)
    if want != have:
        kill.problems.append(f"index ≠ corpus: missing {sorted(want - have)[:5]}, extra {sorted(have - want)[:5]}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--kills", type=int, default=20, help="how many runs to kill (default 20)")
    p.add_argument("--bulk", type=int, default=120, help="extra articles in the corpus copy (default 120)")
    p.add_argument("--seed", type=int, default=0, help="random seed for the kill moments (default 0)")
    a = p.parse_args(argv)
    r = run_kills(a.kills, a.bulk, a.seed)
    print("| # | killed | after | landed while | next run | result |\n|---|---|---|---|---|---|")
    for n, k in enumerate(r.kills, 1):
        print(f"| {n} | kb {k.command} | {k.after:.2f} s | {k.phase} | {k.recovery} | "
              f"{'; '.join(k.problems) or 'ok'} |")
    print(f"\n{len(r.kills)} kills, {len(r.failed)} with problems")
    return 1 if r.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
