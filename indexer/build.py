"""Build the index from records (full rebuild, atomic) or add records to it (incremental)."""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.backend import Remote, target
from indexer.parallel import index_parallel, worker_count
from indexer.fastpath import reference_only
from indexer.postings import GroupedSegmentWriter
from indexer.schema import build_schema, record_to_fields
from indexer.store import current_generation, index_dir, new_build_dir, open_index, publish
from kb.models import Record
from kb import settings

Progress = Callable[[int], None]


def parallel_from() -> int:
    """Records from which an import uses worker processes (``KB_INDEX_PARALLEL_FROM``); fewer are
    added in this process: no worker start-up, one segment."""
    return settings.get("INDEX_PARALLEL_FROM")


@dataclass(frozen=True)
class BuildSummary:
    """What a build or an import did, for the CLI's summary line."""

    indexed: int
    path: str
    seconds: float = 0.0
    memory: str = ""  # the memory limits of a bulk import with worker processes (kb.memory)


def _on_cluster(remote: Remote, index: str | None = None) -> str:
    """Where an OpenSearch build or import went, for the summary line."""
    from indexer.opensearch.client import where

    return f"OpenSearch {where()}, alias {remote.alias}" + (f" → {index}" if index else "")


def new_writer(ix):
    """The grouped segment writer, or Whoosh's own under ``KB_ENGINE=whoosh`` (same files)."""
    return ix.writer() if reference_only() else GroupedSegmentWriter(ix)


def build_index(records: Iterable[Record], path: str | os.PathLike | Remote | None = None,
                progress: Progress | None = None, bulk: bool = False) -> BuildSummary:
    """Index ``records`` into a new generation and publish it; on any error the old index stays.

    Args:
        records: documents, events and people to index.
        path: the index location (see :func:`indexer.store.index_dir`).
        progress: called with 1 after each record, for a progress bar.
        bulk: many records are likely (``kb add``'s first index of a folder): from
            ``$KB_INDEX_PARALLEL_FROM`` records on, index them in worker processes under the
            import memory budget, as ``kb import`` does; else in this process, one segment.
    Returns:
        how many records were indexed and where.
    """
    remote = target(path)
    if remote is not None:  # a new index on the cluster, then the alias moves onto it
        from indexer.opensearch.index import build

        start = time.perf_counter()
        count, name = build(records, remote.alias, progress)
        return BuildSummary(count, _on_cluster(remote, name), time.perf_counter() - start)
    link = index_dir(path)
    build = new_build_dir(link)
    try:
        ix = whoosh_index.create_in(str(build), build_schema())
        try:
            if bulk:
                count, memory = _index(ix, records, progress, replace=False)
            else:
                count, memory = _write(ix, records, progress, replace=False), ""
        finally:
            ix.close()
        gen = publish(link, build)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return BuildSummary(count, str(gen), memory=memory)


def _index(ix, records: Iterable[Record], progress: Progress | None, replace: bool) -> tuple[int, str]:
    """Index ``records`` in one commit: in this process when they are few, else in worker
    processes under the import memory budget (``kb import``, ``kb add`` of many files and its first
    index). Returns how many, and the budget's description when workers ran."""
    records = iter(records)
    threshold = parallel_from()
    first = list(islice(records, threshold))
    if len(first) == threshold and not reference_only():  # bulk: worker processes, bounded memory
        count, budget = index_parallel(ix, chain(first, records), worker_count(), progress, replace)
        return count, budget.describe()
    return _write(ix, first, progress, replace), ""


def _write(ix, records: Iterable[Record], progress: Progress | None, replace: bool) -> int:
    """Index ``records`` in this process in one commit; ``replace`` updates records by id."""
    count = 0
    with new_writer(ix) as writer:
        put = writer.update_document if replace else writer.add_document
        for rec in records:
            put(**record_to_fields(rec))
            count += 1
            if progress:
                progress(1)
    return count


def add_records(records: Iterable[Record], path: str | os.PathLike | Remote | None = None,
                progress: Progress | None = None) -> BuildSummary:
    """Add or replace records (by id) in the current index; creates an empty index if none exists.

    Whoosh commits a new segment and its table of contents at the end, so a failure before the
    commit leaves the index as it was. On OpenSearch the records are searchable on return.
    """
    remote = target(path)
    if remote is not None:
        from indexer.opensearch.index import add

        start = time.perf_counter()
        count = add(records, remote.alias, progress)
        return BuildSummary(count, _on_cluster(remote), time.perf_counter() - start)
    link = index_dir(path)
    if current_generation(link) is None:
        build_index([], link)
    ix = open_index(link)
    try:
        count, memory = _index(ix, records, progress, replace=True)
    finally:
        ix.close()
    return BuildSummary(count, str(Path(link).resolve()), memory=memory)


def remove_records(ids: Iterable[str], path: str | os.PathLike | Remote | None = None) -> int:
    """Delete records by id from the current index; returns how many were deleted."""
    remote = target(path)
    if remote is not None:
        from indexer.opensearch.index import remove

        return remove(ids, remote.alias)
    gen = current_generation(index_dir(path))
    if gen is None:
        return 0
    ix = whoosh_index.open_dir(str(gen))
    with new_writer(ix) as writer:  # a merge on commit writes its segment's decoded postings too
        n = sum(writer.delete_by_term("id", i) for i in ids)
    ix.close()
    return n
