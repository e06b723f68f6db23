"""Whoosh TEXT fields whose postings come straight from the analysis chain's cached results.

Whoosh's ``TEXT.index`` runs the analyzer as a generator of reused Token objects, once per
field, then groups tokens into postings; on news text that costs more than the segmentation.
These fields produce the same postings (checked in tests/test_fields.py) from one pass that
serves both tiers of a text, and keep the analyzer for queries, highlighting and Whoosh's own
QueryParser.
"""
from __future__ import annotations

from collections import Counter
from operator import sub
from pickle import dumps, loads
from collections.abc import Iterator

import numpy as np
from whoosh.fields import TEXT
from whoosh.system import pack_uint

from indexer.analysis import compound_analyzer, compound_words, tier_analyzer, tier_positions

Posting = tuple[bytes, int, float, bytes]
_TIER_INDEX = {"canon": 0, "fold": 1}
# position → Positions.encode([position]); the first 65,536 positions cover all but the longest
# texts (a posting that occurs once is the common case), about 4 MB
_SINGLE: dict[int, bytes] = {}
# term → its UTF-8 bytes; at most 1,000,000 terms (about 80 MB): an index's vocabulary of syllables
# and keys, so a bulk import stops caching rare terms rather than growing without bound
_BYTES: dict[str, bytes] = {}


class TierText(TEXT):
    """Syllables and protected keys in one tier (canon or fold), with positions for phrases."""

    def __init__(self, tier: str, field_boost: float = 1.0) -> None:
        if tier not in _TIER_INDEX:
            raise ValueError(f"tier {tier!r} is not indexed")
        super().__init__(analyzer=tier_analyzer(tier), phrase=True, field_boost=field_boost)
        self.tier = tier

    def index(self, value: str, **kwargs) -> Iterator[Posting]:
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        terms, freqs, values = self.postings(value)
        boost = self.format.field_boost
        for term, freq, vbytes in zip(terms, freqs, values):
            yield term, freq, freq * boost, vbytes

    def postings(self, value: str) -> tuple[list[bytes], list[int], list[bytes]]:
        """Term bytes, frequencies and encoded positions of ``value``, as parallel lists."""
        terms, lists = self.positions(value)
        return terms, [len(p) for p in lists], [encode(p) for p in lists]

    def found(self, value: str) -> dict[str, list[int]]:
        """Each term of ``value`` in this tier and its positions (ascending): the segment
        writer's input, kept raw until the term is written."""
        return tier_positions(value)[_TIER_INDEX[self.tier]]

    def positions(self, value: str) -> tuple[list[bytes], list[list[int]]]:
        """Term bytes and each term's positions in ``value`` (ascending), as parallel lists (for
        :meth:`postings`, Whoosh's own indexing path)."""
        found = self.found(value)
        return [_BYTES.get(w) or _term_bytes(w) for w in found], list(found.values())


def encode_positions(positions: list[int]) -> bytes:
    """Whoosh's ``Positions.encode``, the same bytes: a count, then the pickled deltas.

    >>> from whoosh.formats import Positions
    >>> encode_positions([3, 7, 300, 70000]) == Positions().encode([3, 7, 300, 70000])
    True
    """
    return pack_uint(len(positions)) + dumps([positions[0], *map(sub, positions[1:], positions)], 2)


def encode(positions: list[int]) -> bytes:
    """:func:`encode_positions`, memoised for the common single position.

    >>> encode([7]) == encode_positions([7]) and encode([1, 4]) == encode_positions([1, 4])
    True
    """
    if len(positions) == 1:
        return _SINGLE.get(positions[0]) or _one(positions[0])
    return encode_positions(positions)


def encode_runs(positions, ends) -> list[bytes]:
    """:func:`encode` of each run ``positions[previous end:end]`` (one term's postings as the pool
    keeps them), without slicing out the common single positions.

    >>> encode_runs([4, 1, 9, 30], [1, 4]) == [encode([4]), encode([1, 9, 30])]
    True
    """
    out, start, single = [], 0, _SINGLE
    for end in ends:
        if end - start == 1:
            p = positions[start]
            out.append(single.get(p) or _one(p))
        else:
            out.append(encode_positions(positions[start:end]))
        start = end
    return out


# What CPython's C pickler (protocol 2) writes around a list of small ints, as Whoosh pickles deltas
_LIST_HEAD = b"\x80\x02]q\x00"  # PROTO 2, EMPTY_LIST, BINPUT 0
_MARK, _APPEND, _APPENDS, _STOP = b"(", b"a", b"e", b"."
_BATCH = 1000  # the C pickler's items per MARK ... APPENDS
_CHUNK = 1 << 20  # positions encoded together: fewer cost more per call, more hold more memory
# opcode of an int by its payload size: BININT1 (1 byte), BININT2 (2), BININT (4, signed)
_INT_OPCODE = np.frombuffer(b"\x00KM\x00J", dtype=np.uint8)


def encode_all(positions: np.ndarray, counts: np.ndarray) -> tuple[bytes, np.ndarray]:
    """:func:`encode_positions` of every posting at once: ``counts[i]`` positions each, laid end to
    end in ``positions``; returns ``(raw, ends)``, posting ``i``'s bytes being ``raw[ends[i - 1]:ends[i]]``
    (from 0 for the first).

    Why: a segment commit encodes millions of postings, and one Python call plus one
    ``pickle.dumps`` each was a fifth of its CPU. Here every byte is placed by whole-array
    operations, reproducing what the C pickler writes (``pickle.dumps(deltas, 2)``): the list head,
    then a single item followed by APPEND, or for two or more items batches of at most 1,000 between
    MARK and APPENDS (a last batch of one item too: the pure-Python pickler would write APPEND
    there, the C one does not), then STOP; each delta as BININT1, BININT2 or BININT by its size.
    Deltas must lie in 0 .. 2**31 - 1 (positions ascending within a posting); others raise
    ``ValueError``, as do counts below 1 or not adding up to the positions. Each call has a fixed
    cost of tens of microseconds: pass many postings at once (a field's whole segment), not a term's.

    >>> raw, ends = encode_all(np.array([4, 1, 9, 300], dtype=np.uint32), np.array([1, 3]))
    >>> ends.tolist()
    [13, 32]
    >>> [raw[:13], raw[13:]] == [encode_positions([4]), encode_positions([1, 9, 300])]
    True
    """
    positions, counts, after = _checked(positions, counts)
    raws, ends, size = [], [np.zeros(0, dtype=np.int64)], 0
    for lo, hi in _chunks(after, _CHUNK):
        out, chunk_ends = _layout(positions, counts, after, lo, hi, framed=False)
        raws.append(out.tobytes())
        ends.append(chunk_ends + size)
        size += out.size
    return b"".join(raws), np.concatenate(ends)


def encode_values(positions: np.ndarray, counts: np.ndarray) -> list[bytes]:
    """:func:`encode_all`'s postings as a list of bytes, one per posting, as Whoosh's writer takes them.

    Why not slice ``raw``: a Python slice per posting costs twice what encoding them all does. The
    same layout with each posting framed as a pickled bytes object (SHORT_BINBYTES or BINBYTES and
    its length), the whole a pickled list, lets ``pickle.loads`` build the objects in C.

    >>> encode_values(np.array([4, 1, 9, 300], dtype=np.uint32), np.array([1, 3])) == [
    ...     encode_positions([4]), encode_positions([1, 9, 300])]
    True
    """
    positions, counts, after = _checked(positions, counts)
    values: list[bytes] = []
    for lo, hi in _chunks(after, _CHUNK):
        values += loads(_layout(positions, counts, after, lo, hi, framed=True)[0].data)
    return values


def _checked(positions: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``positions`` and ``counts`` as arrays once they fit together, and where each posting ends."""
    counts = np.asarray(counts)
    positions = np.asarray(positions)
    if counts.ndim != 1 or positions.ndim != 1:
        raise ValueError("encode_all: positions and counts must be one-dimensional arrays")
    if counts.size and counts.min() < 1:
        raise ValueError(f"encode_all: counts[{int(np.argmin(counts))}] is below 1 (every posting has a position)")
    counts = counts.astype(np.int64)
    after = np.cumsum(counts)  # one past each posting's last position
    n = int(after[-1]) if counts.size else 0
    if n != positions.size:
        raise ValueError(f"encode_all: counts add up to {n} but there are {positions.size} positions")
    if n and (positions.min() < 0 or positions.max() > 0x7FFFFFFF):
        raise ValueError(f"encode_all: positions[{int(np.argmax((positions < 0) | (positions > 0x7FFFFFFF)))}] "
                         "is outside 0 .. 2**31 - 1")
    return positions, counts, after


def _chunks(after: np.ndarray, size: int) -> list[tuple[int, int]]:
    """Runs of whole postings, ``[lo, hi)``, of at most ``size`` positions and one posting more:
    the arrays built per position take about 64 bytes each, so memory stays bounded per run.

    >>> _chunks(np.array([3, 4, 9, 10, 25]), size=4)  # ends of postings of 3, 1, 5, 1, 15 positions
    [(0, 2), (2, 4), (4, 5)]
    """
    cuts = np.searchsorted(after, np.arange(size, int(after[-1]) if after.size else 0, size), side="right")
    bounds = np.unique(np.concatenate(([0], cuts, [after.size])))
    return [(int(lo), int(hi)) for lo, hi in zip(bounds[:-1], bounds[1:])]


def _layout(positions: np.ndarray, counts: np.ndarray, after: np.ndarray, lo: int, hi: int,
            framed: bool) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of postings ``lo`` to ``hi - 1`` end to end and where each ends, or framed as a
    pickled list of bytes objects (for :func:`encode_values`; ``ends`` then count from after its MARK)."""
    start = int(after[lo - 1]) if lo else 0
    positions, counts, after = positions[start:after[hi - 1]], counts[lo:hi], after[lo:hi] - start
    firsts, lasts = after - counts, after - 1
    deltas = _deltas(positions, firsts)
    if deltas.max() > 0x7FFFFFFF:
        posting = lo + int(np.searchsorted(lasts, int(np.argmax(deltas > 0x7FFFFFFF))))
        raise ValueError(f"encode_all: posting {posting}'s positions are not ascending")

    # bytes per position: its int (opcode and 1, 2 or 4 bytes), plus on a posting's first the
    # count, the list head and a MARK (two or more items), on its last APPEND(S) and STOP, and
    # a MARK or APPENDS at each inner batch edge (postings of more than 1,000 positions only)
    payload = (deltas > 0xFF).astype(np.int8)
    payload += 2 * (deltas > 0xFFFF) + 1
    multi = counts > 1
    head = 4 + len(_LIST_HEAD)
    length = payload + 1
    length[firsts] += head + multi
    length[lasts] += 2
    edges = _batch_edges(firsts, counts)  # first position of each batch but a posting's first
    length[edges] += 1
    length[edges - 1] += 1
    frame = np.zeros(counts.size, dtype=np.int64)
    if framed:  # each posting's length, after SHORT_BINBYTES (up to 255 bytes) or BINBYTES
        sizes = np.add.reduceat(length, firsts, dtype=np.int64)
        frame += np.where(sizes < 256, 2, 5)
        length[firsts] += frame
    stop = np.cumsum(length, dtype=np.int64)
    ends = stop[lasts]
    opcode = stop - length  # where each int starts: after what comes before it
    opcode[firsts] += frame + head + multi
    opcode[edges] += 1
    begins = opcode[firsts] - head - multi
    del length

    out = np.empty(int(ends[-1]) + 3 * framed, dtype=np.uint8)
    body = out[1:-2] if framed else out
    for k, byte in enumerate(counts.astype(">u4").view(np.uint8).reshape(-1, 4).T):
        body[begins + k] = byte  # pack_uint: the count, big-endian
    for k, code in enumerate(_LIST_HEAD, 4):
        body[begins + k] = code
    body[begins[multi] + head] = ord(_MARK)
    body[opcode[edges] - 1] = ord(_MARK)
    body[opcode] = _INT_OPCODE[payload]
    little = deltas.astype("<u4", copy=False).view(np.uint8).reshape(-1, 4)
    body[opcode + 1] = little[:, 0]
    wide, widest = np.flatnonzero(deltas > 0xFF), np.flatnonzero(deltas > 0xFFFF)
    for k, at in ((1, wide), (2, widest), (3, widest)):
        body[opcode[at] + 1 + k] = little[at, k]
    body[stop[edges - 1] - 1] = ord(_APPENDS)
    body[ends - 2] = np.where(multi, ord(_APPENDS), ord(_APPEND))
    body[ends - 1] = ord(_STOP)
    if framed:
        out[0], out[-2], out[-1] = ord(_MARK), ord(b"l"), ord(_STOP)  # MARK, bytes..., LIST, STOP
        short, long = np.flatnonzero(frame == 2), np.flatnonzero(frame == 5)
        body[begins[short] - 2] = ord(b"C")
        body[begins[short] - 1] = sizes[short]
        body[begins[long] - 5] = ord(b"B")
        for k, byte in enumerate(sizes[long].astype("<u4").view(np.uint8).reshape(-1, 4).T):
            body[begins[long] - 4 + k] = byte
    return out, ends


def _deltas(positions: np.ndarray, firsts: np.ndarray) -> np.ndarray:
    """Each position less the one before it in its posting (a posting's first stays as it is), as
    uint32: positions below 2**31 that go down wrap to 2**31 or more.

    >>> _deltas(np.array([5, 9, 9, 4, 3]), np.array([0, 3])).tolist()
    [5, 4, 0, 4, 4294967295]
    """
    at = positions.astype(np.uint32, copy=False)
    deltas = np.empty_like(at)
    deltas[0] = at[0]
    np.subtract(at[1:], at[:-1], out=deltas[1:])
    deltas[firsts] = at[firsts]
    return deltas


def _batch_edges(firsts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Where the C pickler opens a new MARK ... APPENDS batch inside a posting: every 1,000th
    position after its first.

    >>> _batch_edges(np.array([0, 5, 3006]), np.array([5, 3001, 1000])).tolist()
    [1005, 2005, 3005]
    """
    inner = (counts - 1) // _BATCH  # batches after the first
    many = np.flatnonzero(inner)
    inner = inner[many]
    # k = 1 .. inner[i] for each long posting i, without a Python loop
    k = np.arange(int(inner.sum()), dtype=np.int64) - np.repeat(np.cumsum(inner) - inner, inner) + 1
    return np.repeat(firsts[many], inner) + k * _BATCH


def values_of(raw: bytes, ends: np.ndarray) -> list[bytes]:
    """Each posting's bytes out of :func:`encode_all`'s ``(raw, ends)``, as Whoosh's writer takes them.

    >>> values_of(b"abcdef", np.array([1, 1, 4, 6]))
    [b'a', b'', b'bcd', b'ef']
    """
    bounds = ends.tolist()
    return [raw[a:b] for a, b in zip([0, *bounds[:-1]], bounds)]


def decode_positions(value: bytes) -> list[int]:
    """The positions in Whoosh's ``Positions`` encoding (the inverse of :func:`encode_positions`).

    >>> decode_positions(encode_positions([3, 7, 300, 70000]))
    [3, 7, 300, 70000]
    """
    out, at = [], 0
    for delta in loads(value[4:]):
        at += delta
        out.append(at)
    return out


def _one(position: int) -> bytes:
    """The encoding of a single position, memoised (most postings have one)."""
    value = encode_positions([position])
    if len(_SINGLE) < 65536:
        _SINGLE[position] = value
    return value


def _term_bytes(word: str) -> bytes:
    value = word.encode("utf-8")
    if len(_BYTES) < 1_000_000:
        _BYTES[word] = value
    return value


class CompoundText(TEXT):
    """pyvi's compound words, frequencies only."""

    def __init__(self) -> None:
        super().__init__(analyzer=compound_analyzer(), phrase=False)

    def index(self, value: str, **kwargs) -> Iterator[Posting]:
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        for word, freq in Counter(compound_words(value)).items():
            yield word.encode("utf-8"), freq, freq * boost, pack_uint(freq)
