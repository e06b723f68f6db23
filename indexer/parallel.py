"""Index many records on every core: each worker process analyses and writes its own segments.

Segmentation and Whoosh's posting writer are both pure Python, so one process uses one core.
As with Whoosh's ``MpWriter(multisegment=True)``, each worker runs its own segment writer and the
parent adds the finished segments to the index in one commit; here the workers also turn
records into fields (citations, dates, names), so the parent only reads input and hands out
batches. A worker failure makes the whole commit fail and the index stays as it was
(``MpWriter`` would silently drop that worker's documents).

Memory is bounded by ``$KB_IMPORT_MEMORY_MB`` (:mod:`kb.memory` divides it): a worker closes its
segment and starts another when its pool counts more than its segment limit (estimated, checked
after every record) or when its own resident memory plus the cost of closing would pass its share
(measured, checked after every batch). Closed segments are on disk; the heap they used is reused
by the next one, so a worker's size levels off instead of growing with the input.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import queue
import traceback
from collections.abc import Callable, Iterable

from whoosh.writing import SegmentWriter

from indexer.postings import GroupedSegmentWriter
from indexer.whoosh_internals import commit_with_segments
from indexer.schema import record_to_fields
from kb.errors import KBError
from kb.memory import CLOSE_PER_ESTIMATED, MB, ImportBudget, import_budget
from kb.models import Record
from kb import settings

Progress = Callable[[int], None]
BATCH = 64  # records per message to a worker

# A worker's pool holds millions of containers that live until its segment is written; with the
# collector's default thresholds (700, 10, 10) young collections and the full ones they trigger
# rescan them again and again, about 6% of a worker's CPU at 6,000 news articles and more as the
# pool grows. Collecting every 100,000 allocations instead still frees reference cycles, at a
# fraction of a percent.
WORKER_GC_THRESHOLDS = (100_000, 50, 100)


def worker_count() -> int:
    """Worker processes: ``$KB_INDEX_PROCS``, else the cores this process may use."""
    wanted = settings.get("INDEX_PROCS")
    if wanted:
        return wanted
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def resident_bytes() -> int:
    """This process's resident memory (Linux ``/proc``; elsewhere its peak so far, an upper bound)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


def import_limits(procs: int) -> ImportBudget:
    """The limits an import with ``procs`` workers started from this process now runs under
    (``$KB_IMPORT_MEMORY_MB``, ``$KB_INDEX_MB``); a budget too small is a one-line error."""
    return import_budget(settings.get("IMPORT_MEMORY_MB"), procs, round(resident_bytes() / MB),
                         settings.get("INDEX_MB"))


def over_share(pool_bytes: int, resident: int, share: int) -> bool:
    """True when a worker this large, holding a pool that counts ``pool_bytes``, could pass its
    ``share`` while closing the segment (which costs :data:`~kb.memory.CLOSE_PER_ESTIMATED` of the
    count again).

    >>> over_share(100 * MB, 600 * MB, 700 * MB), over_share(100 * MB, 690 * MB, 700 * MB)
    (False, True)
    >>> over_share(0, 900 * MB, 700 * MB)  # nothing to close: an empty pool never triggers
    False
    """
    return pool_bytes > 0 and resident + CLOSE_PER_ESTIMATED * pool_bytes > share


class SegmentFiller:
    """One writer's side of an import: documents into a segment, closed and another started at the
    budget's limits (estimated after each record, measured after each batch)."""

    def __init__(self, ix, budget: ImportBudget) -> None:
        self.ix, self.limit, self.share = ix, budget.segment_mb * MB, budget.worker_mb * MB
        self.segments: list = []
        self.writer: GroupedSegmentWriter | None = None

    def add_batch(self, batch: list[Record]) -> None:
        for rec in batch:
            if self.writer is None:
                self.writer = GroupedSegmentWriter.without_lock(self.ix, compound=False)
            self.writer.add_document(**record_to_fields(rec))
            if self.writer.pool_bytes() > self.limit:
                self._close()
        if self.writer is not None and over_share(self.writer.pool_bytes(), resident_bytes(), self.share):
            self._close()

    def _close(self) -> None:
        if self.writer is not None:
            self.segments.append(self.writer.finalize_segment())
            self.writer = None

    def finish(self) -> list:
        """The finished segments (the last one closed now)."""
        self._close()
        return self.segments

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


def _worker(ix, jobs: mp.Queue, results: mp.Queue, budget: ImportBudget) -> None:
    """Index batches of records until None arrives; send back the finished segments or an error."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)  # this process only: it was forked for the job
    try:
        filler = SegmentFiller(ix, budget)
        while (batch := jobs.get()) is not None:
            filler.add_batch(batch)
        results.put(("ok", filler.finish()))
    except BaseException:  # report, then let the parent decide
        results.put(("error", traceback.format_exc(limit=8)))


class ParallelWriter:
    """Hold the index lock, delete replaced ids, feed the workers, and commit their segments.

    With no worker in the budget (a parent too large to fork within it) the batches are written
    here, under the same limits."""

    def __init__(self, ix, procs: int) -> None:
        self.budget = import_limits(procs)  # before the lock: a budget too small changes nothing
        self.parent = SegmentWriter(ix)  # takes the lock; its own segment stays empty
        self.local = SegmentFiller(ix, self.budget) if not self.budget.procs else None
        ctx = mp.get_context("fork")
        self.jobs: mp.Queue = ctx.Queue(self.budget.procs * 4)
        self.results: mp.Queue = ctx.Queue()
        self.workers = [ctx.Process(target=_worker, args=(ix, self.jobs, self.results, self.budget), daemon=True)
                        for _ in range(self.budget.procs)]  # fewer than asked when the parent is large
        for w in self.workers:
            w.start()
        self.batch: list[Record] = []
        self._ids = None

    def add(self, rec: Record, replace: bool = True) -> None:
        if replace:
            if self._ids is None:
                self._ids = self.parent.searcher()
            # a term lookup first: a full document_number() costs ~0.1 ms even for a new id
            if ("id", rec.id.encode("utf-8")) in self._ids.reader():
                docnum = self._ids.document_number(id=rec.id)
                if docnum is not None:
                    self.parent.delete_document(docnum)
        self.batch.append(rec)
        if len(self.batch) >= BATCH:
            self._send(self.batch)
            self.batch = []

    def _send(self, item: list[Record] | None) -> None:
        if self.local is not None:
            if item is not None:
                self.local.add_batch(item)
            return
        while True:
            try:
                self.jobs.put(item, timeout=1)
                return
            except queue.Full:
                self._check_workers()

    def _check_workers(self) -> None:
        dead = [w.exitcode for w in self.workers if not w.is_alive() and w.exitcode]
        if dead:
            raise KBError(f"an indexing worker stopped (exit status {dead[0]}); the index is unchanged")

    def commit(self) -> None:
        if self.batch:
            self._send(self.batch)
        for _ in self.workers:
            self._send(None)
        segments = []
        for _ in self.workers:
            while True:
                try:
                    status, payload = self.results.get(timeout=1)
                    break
                except queue.Empty:
                    self._check_workers()
            if status != "ok":
                raise KBError(f"an indexing worker failed; the index is unchanged:\n{payload}")
            segments += payload
        for w in self.workers:
            w.join()
        if self.local is not None:
            segments = self.local.finish()
        self._close_ids()
        commit_with_segments(self.parent, segments)

    def _close_ids(self) -> None:
        if self._ids is not None:
            self._ids.close()
            self._ids = None

    def cancel(self) -> None:
        self._close_ids()
        if self.local is not None:
            self.local.cancel()
        for w in self.workers:
            if w.is_alive():
                w.terminate()
            w.join()
        if not self.parent.is_closed:
            self.parent.cancel()


def index_parallel(ix, records: Iterable[Record], procs: int, progress: Progress | None = None,
                   replace: bool = True) -> tuple[int, ImportBudget]:
    """Index ``records`` with ``procs`` worker processes in one commit; returns how many, and the
    memory limits the import ran under."""
    writer = ParallelWriter(ix, procs)
    count = 0
    try:
        for rec in records:
            writer.add(rec, replace)
            count += 1
            if progress:
                progress(1)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count, writer.budget
