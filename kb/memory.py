"""Memory budgets: how a bulk import divides ``$KB_IMPORT_MEMORY_MB`` between its processes, and
what ``kb serve`` is expected to use against ``$KB_SERVE_MEMORY_MB``.

Arithmetic only (no process is measured here); :mod:`indexer.parallel` measures and applies it.

An import is one parent process (it reads the input and hands out batches; flat in memory) and
``procs`` workers, each forked from the parent and holding one segment's postings in memory until
it closes the segment. Two kinds of number govern a worker:

- **estimated**: the posting pool's own count of its bytes (``GroupedPool.nbytes``). The real
  objects behind it and the analysers' caches they bring are larger: 385 MB against an estimate
  of 281 MB on 12,000 VNTC and viweb2025 documents (:data:`REAL_PER_ESTIMATED`). Closing the
  segment groups each field's postings by term (sort order, gathered copies) before the old
  arrays are let go: 143 MB for a moment on top of a pool counted at 163 MB (15,000 VNTC
  articles in one process; :data:`CLOSE_PER_ESTIMATED`);
- **measured**: the worker's resident memory, read after every batch. It also holds what the
  pool does not count (the forked parent, the analysers' per-process memo caches, the heap
  freed by earlier segments, which the next segment reuses), so it is what the bound is checked
  against.

Sums of resident memory count pages a forked worker still shares with its parent twice, so the
budget is conservative: the memory really used is lower.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from kb.settings import SettingError

MB = 1024 * 1024
REAL_PER_ESTIMATED = 1.4  # real bytes of the posting pool per byte it counts (measured, see above)
# extra bytes, per counted byte, while a worker writes its segment (0.88 measured, see above, with
# a real pool at 0.96 of its count; the sum kept about 9% above the measured, as before)
CLOSE_PER_ESTIMATED = 0.6
PARENT_SLACK_MB = 64  # beyond the parent's size at start: queued batches, the id lookups, the commit
MIN_SEGMENT_MB = 16  # a budget that leaves a worker's pool less than this is refused
SERVE_PROCESS_MB = 350  # a serving process without its posting cache (the 150k index: 1,361 MB measured
#                         for the master and 2 workers with 192 MB caches each, 16 segments' mapped
#                         lookup tables of decoded postings included)


@dataclass(frozen=True)
class ImportBudget:
    """The limits a bulk import runs under, in MB (the benchmark prints them next to its peaks)."""

    total_mb: int  # $KB_IMPORT_MEMORY_MB: every process of the import together
    procs: int  # worker processes
    parent_mb: int  # the parent's share: its size when the workers start, plus PARENT_SLACK_MB
    worker_mb: int  # each worker's share of the rest: it closes its segment before passing it
    segment_mb: int  # the most a worker's pool may count before it closes its segment

    def describe(self) -> str:
        """One line for logs and benchmark notes.

        >>> import_budget(1792, 2, 150, 384).describe()
        'import memory 1792 MB: parent 214, 2 workers × 789 (each closes a segment at 319 MB of postings counted or at its share resident)'
        >>> import_budget(1792, 2, 1400, 384).describe()  # doctest: +ELLIPSIS
        'import memory 1792 MB: no worker fits beside this 1400 MB process; it indexes itself, closing a ...'
        """
        if not self.procs:
            return (f"import memory {self.total_mb} MB: no worker fits beside this {self.parent_mb - PARENT_SLACK_MB} MB "
                    f"process; it indexes itself, closing a segment at {self.segment_mb} MB of postings counted or at "
                    f"{self.worker_mb} MB resident")
        return (f"import memory {self.total_mb} MB: parent {self.parent_mb}, {self.procs} workers × "
                f"{self.worker_mb} (each closes a segment at {self.segment_mb} MB of postings counted "
                f"or at its share resident)")


def import_budget(total_mb: int, procs: int, parent_now_mb: int, index_mb: int) -> ImportBudget:
    """Divide ``total_mb`` between a parent now ``parent_now_mb`` large and up to ``procs`` workers.

    A worker starts as large as the parent (it is forked from it); what is left of its share is
    for its pool, real size and closing overhead included, so the pool's counted limit is that
    room divided by ``REAL_PER_ESTIMATED + CLOSE_PER_ESTIMATED``, and never above ``index_mb``
    (``$KB_INDEX_MB``, which keeps segments from growing without end under a large budget). A
    parent too large for ``procs`` workers to fit (``kb add`` holds the planned files) gets fewer
    workers; too large for one, it indexes in itself (``procs`` 0: its share is the whole budget
    but the slack, and the segment limit comes from the room above its size). The budget is
    refused only when even that leaves no room.

    >>> b = import_budget(1792, 2, 150, 384)
    >>> (b.parent_mb, b.worker_mb, b.segment_mb)
    (214, 789, 319)
    >>> import_budget(1024, 2, 150, 384).segment_mb  # (405 - 150) / 2.0
    127
    >>> import_budget(1024, 2, 150, 1).segment_mb
    1
    >>> b = import_budget(1792, 2, 700, 384)  # a large parent: one worker, not two
    >>> (b.procs, b.worker_mb, b.segment_mb)
    (1, 1028, 164)
    >>> b = import_budget(1792, 2, 1400, 384)  # larger: no worker, the process indexes itself
    >>> (b.procs, b.worker_mb, b.segment_mb)
    (0, 1728, 164)
    >>> import_budget(300, 2, 280, 384)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kb.settings.SettingError: KB_IMPORT_MEMORY_MB: 300 MB leaves no room beside the 280 MB ...; give at least 376
    """
    parent = parent_now_mb + PARENT_SLACK_MB
    per_mb = REAL_PER_ESTIMATED + CLOSE_PER_ESTIMATED
    for n in range(max(1, procs), 0, -1):
        worker = (total_mb - parent) // n
        segment = int((worker - parent_now_mb) / per_mb)
        if segment >= MIN_SEGMENT_MB:
            return ImportBudget(total_mb, n, parent, worker, min(index_mb, segment))
    segment = int((total_mb - parent) / per_mb)
    if segment >= MIN_SEGMENT_MB:
        return ImportBudget(total_mb, 0, parent, total_mb - PARENT_SLACK_MB, min(index_mb, segment))
    least = parent + math.ceil(MIN_SEGMENT_MB * per_mb)
    raise SettingError(f"KB_IMPORT_MEMORY_MB: {total_mb} MB leaves no room beside the {parent_now_mb} MB the "
                       f"importing process already uses; give at least {least}")


def serving_estimate_mb(workers: int, postings_cache_mb: int) -> int:
    """What ``kb serve`` is expected to hold at most: the master and each worker at
    :data:`SERVE_PROCESS_MB`, plus each worker's full posting cache.

    >>> serving_estimate_mb(2, 192)
    1434
    """
    return (workers + 1) * SERVE_PROCESS_MB + workers * postings_cache_mb


def check_serving(workers: int, postings_cache_mb: int, limit_mb: int) -> None:
    """Refuse a serving configuration whose estimate passes ``$KB_SERVE_MEMORY_MB``.

    >>> check_serving(2, 192, 2048)
    >>> check_serving(4, 512, 2048)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kb.settings.SettingError: KB_SERVE_MEMORY_MB: 4 workers with KB_POSTINGS_CACHE_MB=512 need about 3798 MB (5 ...
    """
    need = serving_estimate_mb(workers, postings_cache_mb)
    if need > limit_mb:
        raise SettingError(f"KB_SERVE_MEMORY_MB: {workers} workers with KB_POSTINGS_CACHE_MB={postings_cache_mb} need "
                           f"about {need} MB ({workers + 1} processes × {SERVE_PROCESS_MB} + {workers} × "
                           f"{postings_cache_mb}), more than {limit_mb}; lower KB_WORKERS or KB_POSTINGS_CACHE_MB, "
                           f"or raise KB_SERVE_MEMORY_MB")
