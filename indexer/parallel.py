"""Index many records on every core: each worker process analyses and writes its own segments.

Segmentation and Whoosh's posting writer are both pure Python, so one process uses one core.
As with Whoosh's ``MpWriter(multisegment=True)``, each worker runs its own segment writer and the
parent adds the finished segments to the index in one commit; here the workers also turn
records into fields (citations, dates, names), so the parent only reads input and hands out
batches, and a worker whose postings outgrow ``$KB_INDEX_MB`` closes its segment and starts
another, so memory stays bounded. A worker that fails makes the whole commit fail and the
index stays as it was (``MpWriter`` would silently drop that worker's documents).
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


def segment_limit_mb() -> int:
    """Postings a worker holds before closing a segment: ``$KB_INDEX_MB`` (default 384)."""
    return settings.get("INDEX_MB")


def _worker(ix, jobs: mp.Queue, results: mp.Queue, limit: int) -> None:
    """Index batches of records until None arrives; send back the finished segments or an error."""
    gc.set_threshold(*WORKER_GC_THRESHOLDS)  # this process only: it was forked for the job
    segments = []
    writer = None
    try:
        while (batch := jobs.get()) is not None:
            for rec in batch:
                if writer is None:
                    writer = GroupedSegmentWriter.without_lock(ix, compound=False)
                writer.add_document(**record_to_fields(rec))
                if writer.pool_bytes() > limit:
                    segments.append(writer.finalize_segment())
                    writer = None
        if writer is not None:
            segments.append(writer.finalize_segment())
        results.put(("ok", segments))
    except BaseException:  # report, then let the parent decide
        results.put(("error", traceback.format_exc(limit=8)))


class ParallelWriter:
    """Hold the index lock, delete replaced ids, feed the workers, and commit their segments."""

    def __init__(self, ix, procs: int) -> None:
        self.parent = SegmentWriter(ix)  # takes the lock; its own segment stays empty
        ctx = mp.get_context("fork")
        self.jobs: mp.Queue = ctx.Queue(procs * 4)
        self.results: mp.Queue = ctx.Queue()
        limit = segment_limit_mb() * 1024 * 1024
        self.workers = [ctx.Process(target=_worker, args=(ix, self.jobs, self.results, limit), daemon=True)
                        for _ in range(procs)]
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
        self._close_ids()
        commit_with_segments(self.parent, segments)

    def _close_ids(self) -> None:
        if self._ids is not None:
            self._ids.close()
            self._ids = None

    def cancel(self) -> None:
        self._close_ids()
        for w in self.workers:
            if w.is_alive():
                w.terminate()
            w.join()
        if not self.parent.is_closed:
            self.parent.cancel()


def index_parallel(ix, records: Iterable[Record], procs: int, progress: Progress | None = None,
                   replace: bool = True) -> int:
    """Index ``records`` with ``procs`` worker processes in one commit; returns how many."""
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
    return count
