"""Every use of Whoosh's private internals, in one place, for the one Whoosh version they were
written against.

The fast paths (:mod:`indexer.postings`, :mod:`indexer.parallel`, :mod:`indexer.postcache`,
:mod:`indexer.ranking`) read and write the Whoosh 3 codec's files directly: posting blocks,
length columns, segment lists and the TOC commit. Those are private attributes, free to change in
any release, so this module checks the installed version at import and refuses to run on another
(a changed private attribute would otherwise corrupt an index or miscount scores silently). Moving
to another Whoosh means reading this file against the new source, nothing else.
"""
from __future__ import annotations

import importlib.metadata
import zlib
from array import array
from collections.abc import Iterator
from operator import sub
from pickle import dumps, loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, _lenfield
from whoosh.system import pack_int
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

DISTRIBUTION, VERSION = "whoosh-reloaded", "2.7.5"


def _check_version() -> None:
    try:
        found = importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        found = None
    if found != VERSION:
        raise ImportError(f"indexer needs {DISTRIBUTION}=={VERSION} (its fast paths use that version's private "
                          f"internals, see indexer/whoosh_internals.py); found {found or 'none'}. "
                          f"Install the pinned version: pip install '{DISTRIBUTION}=={VERSION}'")


_check_version()


# --- reading a segment ------------------------------------------------------------------------

def segment_of(reader) -> Any | None:
    """The segment behind a leaf reader, or None (an empty index has readers without one)."""
    return getattr(reader, "_segment", None)


def storage_folder(reader) -> str:
    """The folder of a leaf reader's storage (part of cache keys: two indexes never share; the
    decoded-postings files live there). A compound segment's storage overlays its compound file
    on the folder's storage."""
    storage = getattr(reader, "_storage", None)
    storage = getattr(storage, "b", storage)
    return storage_folder_of(storage) or str(id(storage))


def storage_folder_of(storage) -> str | None:
    """The folder of a writer's file storage, or None (a storage in memory)."""
    return getattr(storage, "folder", None)


def term_matcher(reader, field: str, btext: bytes):
    """The codec's own matcher for one term of one segment (no wrapping, no scorer)."""
    return reader._terms.matcher(field, btext, reader.schema[field].format)


def is_block_matcher(m) -> bool:
    """True for the Whoosh 3 block matcher, whose blocks :func:`blocks` can read whole."""
    return isinstance(m, W3LeafMatcher)


def blocks(m) -> Iterator[tuple[Any, Any, Any, int]]:
    """Each posting block of a Whoosh 3 matcher as (delta-coded ids, weights, values, length),
    decompressed and unpickled, without Whoosh's per-posting walk."""
    while True:
        data = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
        if m._compression:
            data = zlib.decompress(data)
        block_ids, block_w, block_v = loads(data)
        yield block_ids, block_w, block_v, m._blocklength
        if m._lastblock:
            return
        m._goto(m._nextoffset)


def length_bytes(reader, field: str, count: int) -> np.ndarray:
    """Each document's quantised length byte of ``field`` (what Whoosh's scorer reads), read as
    one slice of the column file when it is the usual one byte per document."""
    col = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    raw = np.zeros(count, dtype=np.uint8)
    if col is not None and getattr(col, "_fixedlen", None) == 1:
        stored = min(col._count, count)
        raw[:stored] = np.frombuffer(col._dbfile.get(col._basepos, stored), dtype=np.uint8)
    elif col is not None:
        raw[:] = np.fromiter((col[d] for d in range(count)), dtype=np.uint8, count=count)
    return raw


# --- writing a segment ------------------------------------------------------------------------

# The pickle protocol of a block's data. Whoosh writes protocol 2, where every posting's value
# (bytes) becomes a call of ``_codecs.encode`` on a latin-1 string; protocol 4 stores bytes as
# they are: a block pickles about six times faster, compresses in two thirds of the time, loads
# four times faster and takes about half the space (VNTC's Whoosh files: 419 → 272 MB). Whoosh's
# reader only ``loads`` the data, whatever the protocol (tests/test_block_writer.py reads the
# blocks back through it).
BLOCK_PROTOCOL = 4


class BlockWriter:
    """Writes one term's postings as whole blocks into the codec's posting writer: the same
    postings, block headers and statistics (max weight, min/max length) as the codec's own
    ``_write_block`` and ``add_posting`` (tests/test_block_writer.py reads both back), the data
    pickled with :data:`BLOCK_PROTOCOL`.

    Whoosh's block writer makes arrays of each block, walks them with generators to minify them
    and calls half a dozen methods per block; a segment of news articles has about one block per
    term and hundreds of thousands of terms, so here each block is pickled straight from the lists
    it arrives in. The last block stays pending until the codec finishes the term (it must be
    flagged as the last), so this writer stands in for the posting writer's ``_write_block`` until
    :meth:`restore`.
    """

    def __init__(self, fieldwriter) -> None:
        self.pw = pw = fieldwriter._postwriter
        self.level = pw._compression
        size = pw._format.fixed_value_size()  # how the codec minifies a block's values
        self.values_as = tuple if size is None or size < 0 else (None if size == 0 else b"".join)
        self.pending: tuple[int, list[int], list[float], list[bytes], list[int]] | None = None
        pw._write_block = self._write

    def block(self, first: bool, compression: int, docs: list[int], weights: list[float],
              values: list[bytes], lengths: list[int]) -> None:
        """Hold the next block (writing the previous one unless ``first``)."""
        if not first:
            self._write()
        self.pending = (compression, docs, weights, values, lengths)
        self.pw._ids = docs  # the codec writes a waiting block when the term finishes

    def _write(self, last: bool = False) -> None:
        """The pending block as ``W3PostingsWriter._write_block`` writes it (but for the data's
        pickle protocol)."""
        pw = self.pw
        assert self.pending is not None
        comp, ids, weights, values, lengths = self.pending
        weights = array("f", weights).tolist()  # the codec stores weights as 32-bit floats
        maxweight = max(0, max(weights))
        minlength = min(lengths) if lengths else None
        maxlength = max(lengths) if lengths else 0
        info = pw._terminfo  # W3TermInfo.add_block
        info._weight += sum(weights)
        info._df += len(ids)
        info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = ids[0]
        info._maxid = ids[-1]
        first = weights[0]
        if weights.count(first) != len(weights):
            mini_weights: float | tuple[float, ...] | None = tuple(weights)
        else:
            mini_weights = None if first == 1.0 else first
        kept = [v for v in values if v]
        mini_values = None if self.values_as is None else self.values_as(kept)
        data = dumps(((ids[0], *map(sub, ids[1:], ids)), mini_weights, mini_values), BLOCK_PROTOCOL)
        if comp:
            data = zlib.compress(data, comp)
        info_bytes = dumps((len(ids), ids[-1], maxweight, comp, length_to_byte(minlength),
                            length_to_byte(maxlength)), 2)
        size = len(info_bytes) + len(data)
        head = WHOOSH3_HEADER_MAGIC if not pw._blockcount else b""
        pw._postfile.write(head + pack_int(-size if last else size) + info_bytes + data)
        pw._blockcount += 1
        self.pending = None

    def restore(self) -> None:
        """Give the posting writer back its own block writing and compression level."""
        del self.pw._write_block
        self.pw._compression = self.level


class HookedSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` exposing, under public names, the steps of ``add_document`` a faster
    subclass repeats, and the segment flush it replaces (:meth:`write_segment_terms`)."""

    @classmethod
    def without_lock(cls, ix, **kwargs):
        """A writer that does not take the index lock (a worker whose parent holds it)."""
        return cls(ix, _lk=False, **kwargs)

    def check_state(self) -> None:
        self._check_state()

    def check_fields(self, names: list[str]) -> None:
        self._check_fields(self.schema, names)

    def doc_boost(self, fields: dict) -> float:
        return self._doc_boost(fields)

    def field_boost(self, fields: dict, name: str, docboost: float) -> float:
        return self._field_boost(fields, name, docboost)

    def mark_added(self) -> None:
        self._added = True

    def finalize_segment(self):
        """Close this writer's segment without committing a TOC (its segment joins another's)."""
        return self._finalize_segment()

    def _finalize_segment(self):
        segment = super()._finalize_segment()
        self.after_segment(segment)
        return segment

    def after_segment(self, segment) -> None:
        """Called when the segment's files are final (flushed, closed, assembled)."""

    def write_segment_terms(self) -> None:  # pragma: no cover - subclasses decide
        raise NotImplementedError

    def _flush_segment(self) -> None:
        self.write_segment_terms()


def commit_with_segments(parent: SegmentWriter, segments: list) -> None:
    """Commit ``parent``'s own segments plus ``segments`` finished by other writers, in one TOC."""
    final = parent._merge_segments(None, None, False) + segments
    parent._close_segment()
    parent._commit_toc(final)
    parent._finish()
