"""Each segment's posting lists, already decoded, in one file written when the segment is.

Whoosh stores a posting list as pickled, compressed blocks with positions pickled per posting;
reading a common word's list back costs about half a microsecond a posting, and a phrase's
positions an unpickling per posting: the cost of a query's first pass, and of every pass once a
collection's postings outgrow the per-process cache. The segment writer already holds every
term's docnums, weights and raw positions as machine arrays, so it also writes them as they are,
beside the segment, in ``<segment id>.kbpost``: a term is then found by a hash lookup and read
with two or four ``pread`` calls, nothing to decode. Whoosh's own files stay complete and
authoritative (its matchers, the reference path, never read this file), and Whoosh deletes the
file with its segment (the name matches its segment-file pattern).

Layout: ``KBPOST01``, the header length (8 bytes, little-endian), a JSON header naming each
array's offset, type and length, then the arrays, 8-byte aligned. Per term, in Whoosh's order
(field, then term bytes): the end of its postings, of its positions and of its key. Per posting:
docnum (``u4``), weight (``f4``), the end of its positions within the term (``u4``; 0 in fields
without positions). The sorted 64-bit hashes of the keys with each one's term number make the
lookup; the key bytes confirm it.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import weakref
from array import array
from collections import OrderedDict
from pathlib import Path

import numpy as np

MAGIC = b"KBPOST01"
SUFFIX = ".kbpost"
POS_BITS = 24  # an occurrence is ``docnum << 24 | position``: positions below 16 million a document
_ALIGN = 8
assert array("I").itemsize == 4 and array("f").itemsize == 4, "the pool's arrays are written as u4/f4"


def key_hash(field: str, btext: bytes) -> int:
    """A stable 64-bit hash of a (field, term) key (the same in every process and run).

    >>> key_hash("body_fold", b"viet") == key_hash("body_fold", b"viet") != key_hash("body_canon", b"viet")
    True
    """
    return int.from_bytes(hashlib.blake2b(field.encode() + b"\0" + btext, digest_size=8).digest(), "little")


class PostfileWriter:
    """Collects each term's arrays as the segment writer writes them; :meth:`write` saves them.

    The arrays are the pool's own (no copy until the file is written): a term's, or a whole
    field's for the terms of a grouped batch (:meth:`add_terms`), so this costs a few list
    entries per term while the segment is written.
    """

    def __init__(self) -> None:
        self.keys: list[bytes] = []
        self.hashes: list[int] = []
        self.counts: list[object] = []  # postings per term: ints, or arrays for a run of terms
        self.occurrences: list[object] = []
        self.ids: list[object] = []  # bytes-like pieces of each array, one after another
        self.weights: list[object] = []
        self.ends: list[object] = []
        self.positions: list[object] = []

    def add(self, field: str, btext: bytes, docs, weights, values, ends, positional: bool) -> None:
        """One term: docnums, weights and, in a positional field, raw positions and their ends."""
        self.keys.append(field.encode() + b"\0" + btext)
        self.hashes.append(key_hash(field, btext))
        self.counts.append(len(docs))
        self.ids.append(docs)
        self.weights.append(weights)
        if positional:
            self.ends.append(ends)
            self.positions.append(values)
            self.occurrences.append(len(values))
        else:
            self.ends.append(bytes(4 * len(docs)))
            self.occurrences.append(0)

    def add_terms(self, field: str, names: list[bytes], docs: np.ndarray, weights: np.ndarray,
                  positions: np.ndarray, ends: np.ndarray, post_end: np.ndarray, occ_end: np.ndarray) -> None:
        """A run of terms of a positional field in Whoosh's order, as field-wide arrays (u4 docnums,
        f4 weights, u4 positions, u4 ends within each term) with each term's cumulative ends."""
        prefix = field.encode() + b"\0"
        self.keys += [prefix + name for name in names]
        self.hashes += [key_hash(field, name) for name in names]
        self.counts.append(np.diff(post_end, prepend=0))
        self.occurrences.append(np.diff(occ_end, prepend=0))
        self.ids.append(docs)
        self.weights.append(weights)
        self.ends.append(ends)
        self.positions.append(positions)

    def write(self, path: Path) -> None:
        """Write the file under a temporary name, then move it into place (readers never see half).

        The pool's arrays are written one after another (no joined copy of them in memory)."""
        counts = _flat(self.counts)
        occurrences = _flat(self.occurrences)
        key_lengths = np.fromiter(map(len, self.keys), dtype=np.int64, count=len(self.keys))
        hashes = np.array(self.hashes, dtype=np.uint64)
        order = np.argsort(hashes, kind="stable")
        postings, occ = int(counts.sum()), int(occurrences.sum())
        arrays: list[tuple[str, str, list, int]] = [  # name, dtype, pieces (bytes-like), length
            ("hash", "<u8", [hashes[order]], len(hashes)),
            ("slot", "<u4", [order.astype("<u4")], len(order)),
            ("post_end", "<i8", [np.cumsum(counts)], len(counts)),
            ("occ_end", "<i8", [np.cumsum(occurrences)], len(occurrences)),
            ("key_end", "<i8", [np.cumsum(key_lengths)], len(key_lengths)),
            ("keys", "u1", self.keys, int(key_lengths.sum())),
            ("ids", "<u4", self.ids, postings),
            ("weights", "<f4", self.weights, postings),
            ("ends", "<u4", self.ends, postings),
            ("positions", "<u4", self.positions, occ),
        ]
        header: dict = {"terms": len(self.keys), "arrays": {}}
        offset = 0
        for name, dtype, _pieces, length in arrays:
            header["arrays"][name] = [offset, dtype, length]
            offset += _aligned(length * np.dtype(dtype).itemsize)
        header["size"] = offset
        head = json.dumps(header).encode()
        start = _aligned(len(MAGIC) + 8 + len(head))
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb", buffering=1 << 20) as fh:
            fh.write(MAGIC + len(head).to_bytes(8, "little") + head)
            fh.write(bytes(start - fh.tell()))
            for _name, dtype, pieces, length in arrays:
                nbytes = length * np.dtype(dtype).itemsize
                small: list = []  # a term's pieces are joined a few thousand at a time: fewer calls
                for piece in pieces:
                    if len(piece) > 4096:  # a field's array is written as it is, not copied
                        fh.write(b"".join(small))
                        small = []
                        fh.write(piece)
                    else:
                        small.append(piece)
                        if len(small) == 4096:
                            fh.write(b"".join(small))
                            small = []
                fh.write(b"".join(small))
                fh.write(bytes(_aligned(nbytes) - nbytes))
        os.replace(tmp, path)


def _flat(parts: list) -> np.ndarray:
    """Per-term counts given as ints and arrays, as one int64 array.

    >>> _flat([1, 2, np.array([3, 4]), 5]).tolist()
    [1, 2, 3, 4, 5]
    """
    out: list[np.ndarray] = []
    ints: list[int] = []
    for part in parts:
        if isinstance(part, int):
            ints.append(part)
            continue
        out += [np.array(ints, dtype=np.int64), np.asarray(part, dtype=np.int64)]
        ints = []
    out.append(np.array(ints, dtype=np.int64))
    return np.concatenate(out)


def _aligned(n: int) -> int:
    return -(-n // _ALIGN) * _ALIGN


class Unreadable(Exception):
    """The file is missing, cut short or of another version: read Whoosh's blocks instead."""


class Postfile:
    """One segment's decoded postings, read with ``pread`` (nothing is loaded until asked).

    The lookup arrays are memory-mapped (a lookup touches a few pages); posting slices are read
    into fresh arrays, so a process's memory holds only what its caches keep.
    """

    def __init__(self, path: Path) -> None:
        try:
            self.fd = os.open(path, os.O_RDONLY)
        except OSError as exc:
            raise Unreadable(f"{path.name}: {exc.strerror}") from exc
        try:
            size = os.fstat(self.fd).st_size
            lead = os.pread(self.fd, len(MAGIC) + 8, 0)
            if len(lead) < len(MAGIC) + 8 or lead[:len(MAGIC)] != MAGIC:
                raise Unreadable(f"{path.name}: not a {MAGIC.decode()} file")
            length = int.from_bytes(lead[len(MAGIC):], "little")
            header = json.loads(os.pread(self.fd, length, len(MAGIC) + 8))
            self.base = _aligned(len(MAGIC) + 8 + length)
            if size != self.base + header["size"]:
                raise Unreadable(f"{path.name}: {size} bytes, expected {self.base + header['size']}")
        except (ValueError, KeyError) as exc:
            os.close(self.fd)
            raise Unreadable(f"{path.name}: bad header ({exc})") from exc
        except Unreadable:
            os.close(self.fd)
            raise
        weakref.finalize(self, os.close, self.fd)  # closed when the last user lets go
        self.terms = header["terms"]
        self.layout = {name: (self.base + off, np.dtype(dt), n) for name, (off, dt, n) in header["arrays"].items()}
        mapped = {}
        for name in ("hash", "slot", "post_end", "occ_end", "key_end", "keys"):
            off, dt, n = self.layout[name]
            mapped[name] = (np.memmap(path, dtype=dt, mode="r", offset=off, shape=(n,)) if n
                            else np.zeros(0, dt))
        self.hash, self.slot = mapped["hash"], mapped["slot"]
        self.post_end, self.occ_end = mapped["post_end"], mapped["occ_end"]
        self.key_end, self.keys = mapped["key_end"], mapped["keys"]

    def term(self, field: str, btext: bytes) -> int | None:
        """The term's number in this segment, or None when no document has it."""
        h = np.uint64(key_hash(field, btext))
        i = int(np.searchsorted(self.hash, h))
        want = field.encode() + b"\0" + btext
        while i < self.terms and self.hash[i] == h:
            t = int(self.slot[i])
            lo = int(self.key_end[t - 1]) if t else 0
            if self.keys[lo: int(self.key_end[t])].tobytes() == want:
                return t
            i += 1
        return None

    def _read(self, name: str, lo: int, hi: int) -> np.ndarray:
        off, dt, _n = self.layout[name]
        return np.frombuffer(os.pread(self.fd, (hi - lo) * dt.itemsize, off + lo * dt.itemsize), dtype=dt)

    def _range(self, ends: np.ndarray, t: int) -> tuple[int, int]:
        return (int(ends[t - 1]) if t else 0), int(ends[t])

    def postings(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """Term ``t``'s docnums (int64, ascending) and weights (float64)."""
        lo, hi = self._range(self.post_end, t)
        return self._read("ids", lo, hi).astype(np.int64), self._read("weights", lo, hi).astype(np.float64)

    def occurrences(self, t: int, ids: np.ndarray) -> np.ndarray:
        """Every occurrence of term ``t`` as ``docnum << 24 | position``, ascending (``ids``:
        its docnums, from :meth:`postings`)."""
        lo, hi = self._range(self.post_end, t)
        olo, ohi = self._range(self.occ_end, t)
        ends = self._read("ends", lo, hi).astype(np.int64)
        counts = np.diff(ends, prepend=0)
        return (np.repeat(ids, counts) << POS_BITS) | self._read("positions", olo, ohi).astype(np.int64)


def path_for(folder: str, segment_id: str) -> Path:
    return Path(folder) / f"{segment_id}{SUFFIX}"


_OPEN: OrderedDict[Path, Postfile | Unreadable] = OrderedDict()
_OPEN_MAX = 64  # segments whose files stay open per process (an index has a handful)
_lock = threading.Lock()


def open_postfile(folder: str, segment_id: str) -> Postfile:
    """The segment's file, opened once per process (segments never change once written);
    raises :class:`Unreadable` when it is missing or damaged."""
    path = path_for(folder, segment_id)
    with _lock:
        found = _OPEN.get(path)
        if found is None:
            try:
                found = Postfile(path)
            except Unreadable as exc:
                found = exc
            # a new file means a commit or a rebuild: let go of the files merged or pruned away
            # (a searcher still on them keeps its own reference; the disk space returns after it)
            for gone in [p for p in _OPEN if not p.exists()]:
                del _OPEN[gone]
            _OPEN[path] = found
            while len(_OPEN) > _OPEN_MAX:
                _OPEN.popitem(last=False)
        else:
            _OPEN.move_to_end(path)
    if isinstance(found, Unreadable):
        raise found
    return found
