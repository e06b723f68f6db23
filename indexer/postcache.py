"""Posting lists, field lengths and facet columns of Whoosh segments as numpy arrays, cached.

Whoosh walks postings one document at a time in Python (tens of microseconds per matching
document once scoring, facets and exact counts are asked for). A segment's files never change
once written, so its posting lists, quantised field lengths and column values can be read once
into arrays, kept (keyed by index folder and segment id, in a size-bounded LRU shared by the
process) and reused by every query until the segment is merged away. Deletions are not part of
a segment's files: each searcher's live-document mask is built from the TOC it opened.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from pickle import loads

import numpy as np
from whoosh.util.numeric import byte_to_length

from indexer.fastpath import step_aside
from indexer.postfile import POS_BITS, Postfile, Unreadable, open_postfile
from indexer.whoosh_internals import (blocks, is_block_matcher, length_bytes, segment_of, storage_folder,
                                      term_matcher)
from kb import settings

def budget_mb() -> int:
    """Megabytes of cached arrays per process: ``$KB_POSTINGS_CACHE_MB`` (default 192)."""
    return settings.get("POSTINGS_CACHE_MB")


_BYTE_LENGTHS = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.float64)


class _Lru:
    """A thread-safe LRU of arrays bounded by their total size in bytes."""

    def __init__(self, budget: int) -> None:
        self.budget, self.used = budget, 0
        self.items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable):
        with self.lock:
            hit = self.items.get(key)
            if hit is None:
                return None
            self.items.move_to_end(key)
            return hit[0]

    def put(self, key: Hashable, value: object, size: int) -> None:
        with self.lock:
            if key in self.items:
                return
            self.items[key] = (value, size)
            self.used += size
            while self.used > self.budget and len(self.items) > 1:
                _k, (_v, s) = self.items.popitem(last=False)
                self.used -= s


CACHE = _Lru(budget_mb() * 1024 * 1024)


@dataclass(frozen=True)
class Postings:
    """One term in one segment: local docnums (ascending), weights, and each posting's value
    bytes (its positions, for phrases) packed in one blob with end offsets."""

    ids: np.ndarray
    weights: np.ndarray
    blob: bytes = b""
    ends: np.ndarray | None = None

    def value(self, row: int) -> bytes:
        start = int(self.ends[row - 1]) if row else 0
        return self.blob[start: int(self.ends[row])]

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.weights.nbytes + len(self.blob) + (self.ends.nbytes if self.ends is not None else 0)


EMPTY = Postings(np.zeros(0, np.int64), np.zeros(0, np.float64))


def _pack(ids: list, weights: list, values: list[bytes]) -> Postings:
    ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values))) if values else None
    return Postings(np.concatenate(ids), np.concatenate(weights), b"".join(values), ends)


def _read_blocks(m) -> Postings:
    """Decode every block of a Whoosh 3 posting list at once (ids are delta-coded per block)."""
    ids, weights, vals = [], [], []
    for block_ids, block_w, block_v, n in blocks(m):
        ids.append(np.cumsum(np.asarray(block_ids, dtype=np.int64)))
        if block_w is None:
            weights.append(np.ones(n))
        elif isinstance(block_w, float):
            weights.append(np.full(n, block_w))
        else:
            weights.append(np.asarray(block_w, dtype=np.float32).astype(np.float64))
        if isinstance(block_v, tuple) and len(block_v) == n:
            vals.extend(block_v)
    return _pack(ids, weights, vals if len(vals) == sum(map(len, ids)) else [])


def _read_generic(m) -> Postings:
    """Any other matcher (inlined postings): one posting at a time."""
    ids, weights, vals = [], [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        v = m.value()
        vals.append(v if isinstance(v, bytes) else b"")
        m.next()
    return _pack([np.asarray(ids, dtype=np.int64)], [np.asarray(weights, dtype=np.float64)], vals)


class Leaf:
    """One segment of an open searcher: its offset in the searcher's docnum space and live docs.

    Postings come from the segment's decoded-postings file (:mod:`indexer.postfile`) when it has
    one, else from Whoosh's blocks, decoded here (a segment written by Whoosh's own writer)."""

    def __init__(self, reader, offset: int) -> None:
        self.reader, self.offset = reader, offset
        self.count = reader.doc_count_all()
        seg = segment_of(reader)
        self.key = (storage_folder(reader), seg.segment_id())
        try:
            self.decoded: Postfile | None = open_postfile(*self.key)
        except Unreadable as exc:
            self.decoded = None
            step_aside("decoded postings", f"a segment without its file ({exc}): its blocks are decoded instead")
        deleted = list(seg.deleted_docs()) if seg.deleted_count() else []
        self.live = np.ones(self.count, dtype=bool)
        if deleted:
            self.live[np.asarray(deleted, dtype=np.int64)] = False

    def postings(self, field: str, btext: bytes) -> Postings:
        key = (self.key, "p", field, btext)
        hit = CACHE.get(key)
        if hit is not None:
            return hit
        if self.decoded is not None:
            t = self.decoded.term(field, btext)
            found = EMPTY if t is None else Postings(*self.decoded.postings(t))
        elif (field, btext) not in self.reader:
            found = EMPTY
        else:
            m = term_matcher(self.reader, field, btext)
            found = _read_blocks(m) if is_block_matcher(m) else _read_generic(m)
        CACHE.put(key, found, found.nbytes + 200)
        return found

    def positions(self, field: str, btext: bytes) -> np.ndarray:
        """Every occurrence of the term as ``local docnum << 24 | position``, sorted.

        Read from the decoded-postings file, or else decoded from Whoosh's blocks (one
        unpickling per posting); kept in the cache either way.
        """
        key = (self.key, "x", field, btext)
        hit = CACHE.get(key)
        if hit is None:
            t = self.decoded.term(field, btext) if self.decoded is not None else None
            if self.decoded is None:
                hit = _keys(self.postings(field, btext))
            elif t is None:
                hit = np.zeros(0, np.int64)
            else:
                hit = self.decoded.occurrences(t, self.postings(field, btext).ids)
            CACHE.put(key, hit, hit.nbytes + 200)
        return hit

    def lengths(self, field: str) -> np.ndarray:
        """Each document's quantised length of ``field``, as Whoosh's scorer reads it."""
        key = (self.key, "l", field)
        hit = CACHE.get(key)
        if hit is None:
            hit = _BYTE_LENGTHS[length_bytes(self.reader, field, self.count)]
            CACHE.put(key, hit, hit.nbytes)
        return hit

    def column(self, field: str) -> tuple[np.ndarray, list[str]]:
        """(code per document, distinct values) of a one-term-per-document field (the facets),
        from its posting lists; code -1 for no value."""
        key = (self.key, "c", field)
        hit = CACHE.get(key)
        if hit is None:
            codes = np.full(self.count, -1, dtype=np.int32)
            values: list[str] = []
            if field in self.reader.schema and field in self.reader.indexed_field_names():
                for btext in self.reader.lexicon(field):
                    value = self.reader.schema[field].from_bytes(btext)
                    if value in (None, ""):
                        continue
                    codes[self.postings(field, btext).ids] = len(values)
                    values.append(value)
            hit = (codes, values)
            CACHE.put(key, hit, codes.nbytes + 64 * len(values))
        return hit




def _keys(p: Postings) -> np.ndarray:
    """All occurrences of one term: positions are delta-coded per document, so one running sum
    over the whole list minus each document's starting sum gives them back."""
    if not len(p.ids):
        return np.zeros(0, np.int64)
    blob, counts, deltas, start = p.blob, [], [], 0
    for end in p.ends.tolist():
        value = blob[start:end]
        start = end
        found = loads(value[4:] if value.endswith(b".") else value[4:] + b".")
        counts.append(len(found))
        deltas += found
    total = np.cumsum(np.asarray(deltas, dtype=np.int64))
    firsts = np.cumsum(counts) - counts  # index of each document's first occurrence
    base = np.repeat(total[firsts] - np.asarray(deltas, dtype=np.int64)[firsts], counts)
    return (np.repeat(p.ids, counts) << POS_BITS) | (total - base)


def leaves(searcher) -> list[Leaf]:
    """The segments of ``searcher`` in docnum order."""
    return [Leaf(r, off) for r, off in searcher.reader().leaf_readers() if segment_of(r) is not None]
