"""A positional field's postings kept in arrival order, grouped by term with numpy at commit.

Grouping postings by term as documents arrive costs a dictionary step and four appends per
posting in Python, about a fifth of an import's CPU. A document's postings arrive together
instead: its terms become term numbers in one pass (``dict.setdefault`` in a comprehension),
and its counts and positions are appended to flat arrays in C (``array.extend``). At commit a
stable ``argsort`` of the term numbers puts each term's postings together, still in docnum
order, and one gather moves the positions with them.

>>> batch = TermBatch()
>>> batch.add(0, {"hoà": [0, 4], "bình": [1]}, 1.0)
(2, 2, 3)
>>> batch.add(1, {"bình": [7]}, 2.0)
(0, 1, 1)
>>> grouped = batch.group()
>>> docs, weights, positions, ends = grouped.term("bình".encode())
>>> docs.tolist(), weights.tolist(), positions.tolist(), ends.tolist()
([0, 1], [1.0, 2.0], [1, 7], [1, 2])
>>> grouped.names  # terms by their UTF-8 bytes, as Whoosh orders them
[b'b\\xc3\\xacnh', b'ho\\xc3\\xa0']

Documents added out of docnum order are sorted by docnum within each term:

>>> batch = TermBatch()
>>> batch.add(5, {"đảng": [3]}, 1.0), batch.add(2, {"đảng": [0, 9]}, 1.0)
((1, 1, 1), (0, 1, 2))
>>> [a.tolist() for a in batch.group().term("đảng".encode())]
[[2, 5], [2.0, 1.0], [0, 9, 3], [2, 3]]
"""
from __future__ import annotations

import ctypes
import ctypes.util
from array import array
from functools import cached_property
from itertools import chain

import numpy as np


class TermBatch:
    """One positional field's postings: per posting its term number and count, every position
    one after another, and per document its docnum, posting count and boost."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """Empty arrays (the grouped batch lets go of its own)."""
        self.numbers: dict[str, int] = {}
        self.terms = array("I")
        self.counts = array("I")
        self.positions = array("I")
        self.docs = array("I")
        self.sizes = array("I")
        self.boosts = array("d")
        self.in_order = True

    def add(self, docnum: int, found: dict[str, list[int]], boost: float) -> tuple[int, int, int]:
        """One document's terms and their ascending positions; returns the numbers of new terms,
        postings and occurrences added (for the pool's size estimate)."""
        numbers = self.numbers
        known, put = len(numbers), numbers.setdefault
        # ``len(numbers)`` is read before each call: a new term gets the next number
        self.terms.extend([put(term, len(numbers)) for term in found])
        lists = found.values()
        self.counts.extend(map(len, lists))
        before = len(self.positions)
        self.positions.extend(chain.from_iterable(lists))
        if self.docs and docnum < self.docs[-1]:
            self.in_order = False
        self.docs.append(docnum)
        self.sizes.append(len(found))
        self.boosts.append(boost)
        return len(numbers) - known, len(found), len(self.positions) - before

    def group(self) -> Grouped:
        """Every term's postings together in docnum order; the batch's own arrays are let go.

        Memory: besides the batch (8 bytes a posting, 4 an occurrence) and the result (12 and 4),
        the sort order and the postings' starts and docnums (12 bytes a posting) are held while
        grouping; the rest is made :data:`CHUNK` postings at a time."""
        counts = _u4(self.counts)
        sizes = _u4(self.sizes)
        docs = np.repeat(_u4(self.docs), sizes)
        boosts = np.frombuffer(self.boosts, dtype=np.float64) if self.boosts else np.zeros(0)
        same_boost = bool(len(boosts)) and bool((boosts == boosts[0]).all())
        if not same_boost:
            boosts = np.repeat(boosts, sizes)
        names = [term.encode("utf-8") for term in self.numbers]  # by term number
        by_bytes = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), np.uint32)
        rank[by_bytes] = np.arange(len(names), dtype=np.uint32)
        terms = rank[_u4(self.terms)]  # term numbers in Whoosh's order (by bytes)
        self.terms = array("I")
        order = np.argsort(terms, kind="stable") if self.in_order else np.lexsort((docs, terms))
        order = order.astype(np.uint32)  # fewer than 2**32 postings in a segment
        post_end = np.cumsum(np.bincount(terms, minlength=len(names)))
        occurrences = np.bincount(terms, weights=counts, minlength=len(names)).astype(np.int64)
        occ_end = np.cumsum(occurrences)
        occ_start = occ_end - occurrences
        starts = np.cumsum(counts, dtype=np.uint32) - counts  # where each posting's positions begin
        raw = _u4(self.positions)
        n, total = len(terms), len(raw)
        out_docs = np.empty(n, np.uint32)
        out_weights = np.empty(n, np.float32)
        out_ends = np.empty(n, np.uint32)  # the end of each posting's positions within its term
        positions = np.empty(total, np.uint32)
        done = 0
        for lo in range(0, n, CHUNK):
            part = order[lo:lo + CHUNK]
            c = counts[part].astype(np.int64)
            ends = np.cumsum(c) + done
            gather = np.repeat(starts[part].astype(np.int64) - (ends - c), c) + np.arange(done, int(ends[-1]))
            positions[done:int(ends[-1])] = raw[gather]
            out_docs[lo:lo + CHUNK] = docs[part]
            out_weights[lo:lo + CHUNK] = c * (boosts[0] if same_boost else boosts[part])
            out_ends[lo:lo + CHUNK] = ends - occ_start[terms[part]]
            done = int(ends[-1])
        del order, starts, docs, raw, counts, terms
        self._reset()
        release_freed_memory()
        return Grouped([names[k] for k in by_bytes], out_docs, out_weights, positions, out_ends, post_end, occ_end)


CHUNK = 1 << 18  # postings grouped at a time


def _libc_trim():
    """glibc's ``malloc_trim``, or None elsewhere."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _libc_trim()


def release_freed_memory() -> None:
    """Give the pages of freed heap back to the system (glibc keeps a grown heap otherwise).

    A batch's arrays grow by reallocation inside the heap; once grouped they are freed, but the
    process keeps their pages, and the grouped arrays come on top: a worker's resident size
    would count both. Elsewhere than glibc this does nothing (the memory is reused, not returned).
    """
    if _TRIM is not None:
        _TRIM(0)


def _u4(values: array) -> np.ndarray:
    """An ``array('I')`` as a numpy view (a copy-free read; the array is not changed after)."""
    return np.frombuffer(values, dtype=np.uint32) if len(values) else np.zeros(0, np.uint32)


class Grouped:
    """A batch grouped by term: field-wide arrays, terms in Whoosh's order (by bytes), and each
    term's slices of the arrays."""

    def __init__(self, names: list[bytes], docs: np.ndarray, weights: np.ndarray,
                 positions: np.ndarray, ends: np.ndarray, post_end: np.ndarray, occ_end: np.ndarray) -> None:
        self.names = names
        self.docs, self.weights, self.positions, self.ends = docs, weights, positions, ends
        self.post_end, self.occ_end = post_end, occ_end

    @cached_property
    def slots(self) -> dict[bytes, int]:
        """Term bytes → term number, made only when asked (a field with merged postings, or
        :meth:`term`): the writer walks :attr:`names` in order otherwise."""
        return {name: k for k, name in enumerate(self.names)}

    def term(self, tbytes: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """One term's docnums (u4), weights (f4), positions (u4) and the end of each posting's
        positions within the term (u4)."""
        return self.slot(self.slots[tbytes])

    def slot(self, t: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`term` of the ``t``-th term."""
        lo, hi = (int(self.post_end[t - 1]) if t else 0), int(self.post_end[t])
        olo, ohi = (int(self.occ_end[t - 1]) if t else 0), int(self.occ_end[t])
        return self.docs[lo:hi], self.weights[lo:hi], self.positions[olo:ohi], self.ends[lo:hi]
