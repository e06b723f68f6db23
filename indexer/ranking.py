"""Run a built query: exact total, one page of hits and facet counts; and a cache of whole results.

:func:`rank` asks :mod:`indexer.engine` (numpy over cached postings) and falls back to Whoosh's
collector for date sorting or a query shape the engine does not know; :func:`whoosh_rank` is
that reference path. Whole search results are cached per index state: the key names every
segment and its deletion count, so any commit or rebuild makes earlier entries unreachable.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from whoosh import query as Q
from whoosh import sorting

from indexer.whoosh_internals import segment_of, storage_folder

from indexer.backend import is_remote
from indexer.engine import Engine, Ranked, Unsupported
from indexer.fastpath import reference_only, step_aside
from indexer.schema import FACET_FIELDS
from kb import settings

T = TypeVar("T")


def rank(searcher, q: Q.Query, fq: Q.Query | None, page: int, limit: int, sort: str) -> Ranked:
    """Exact total, one page of (docnum, score) and facet counts: numpy when it can, else Whoosh;
    on the cluster when the searcher is OpenSearch's (its docnums are record ids)."""
    if is_remote(searcher):
        return searcher.rank(q, fq, page, limit, sort)
    if sort == "relevance" and not reference_only():
        try:
            engine = Engine(searcher)
            return engine.rank(q, engine.filter_mask(fq), page, limit, FACET_FIELDS)
        except Unsupported as exc:
            step_aside("engine", f"query shape not reproduced: {exc}")
    return whoosh_rank(searcher, q, fq, page, limit, sort)


def whoosh_rank(searcher, q: Q.Query, fq: Q.Query | None, page: int, limit: int, sort: str) -> Ranked:
    """The same as :func:`rank`, by Whoosh's collector (the reference the engine is tested on)."""
    facets = {name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACET_FIELDS}
    kwargs = {"filter": fq, "groupedby": facets}
    if sort != "relevance":
        kwargs["sortedby"] = sorting.FieldFacet("day_start", reverse=(sort == "date"))
    results = searcher.search_page(q, page, pagelen=limit, **kwargs)
    counts = {}
    for name in FACET_FIELDS:
        groups = results.results.groups(name)
        pairs = [(str(k), int(v)) for k, v in groups.items() if k not in (None, "", b"")]
        counts[name] = sorted(pairs, key=lambda kv: (-kv[1], kv[0]))
    return Ranked(results.total, [(r.docnum, r.score or 0.0) for r in results], counts)


def result_key(searcher) -> tuple:
    """The state of the index a searcher sees: folder, then (segment, deletions) of each segment."""
    leaves = searcher.reader().leaf_readers()
    folder = storage_folder(leaves[0][0]) if leaves else ""
    segments = [s for s in (segment_of(r) for r, _ in leaves) if s is not None]  # none in an empty index
    return (folder, *((seg.segment_id(), seg.deleted_count()) for seg in segments))


def cache_size() -> int:
    """Whole results kept per process: ``$KB_RESULT_CACHE`` (default 512; 0 turns the cache off)."""
    return 0 if reference_only() else settings.get("RESULT_CACHE")


_RESULTS: OrderedDict[Hashable, object] = OrderedDict()
_LOCK = threading.Lock()


def cached_search(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its earlier value for the same key (the key includes the index state)."""
    size = cache_size()
    if not size:
        return compute()
    with _LOCK:
        if key in _RESULTS:
            _RESULTS.move_to_end(key)
            return _RESULTS[key]
    value = compute()
    with _LOCK:
        _RESULTS[key] = value
        while len(_RESULTS) > size:
            _RESULTS.popitem(last=False)
    return value
