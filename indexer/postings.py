"""A Whoosh segment writer that groups postings by term and writes each term's blocks at once.

Whoosh's ``SegmentWriter`` keeps every posting as a 5-tuple, sorts them all at commit (spilling
pickled runs to disk past ``limitmb``) and feeds them one by one through the codec, which costs
several microseconds per posting — more than segmenting the text. Documents arrive in docnum
order, so grouping by (field, term) leaves each term's postings already sorted: commit sorts only
the distinct terms and hands the codec whole blocks of 128 postings. The syllable fields (most
postings) are kept per document in flat arrays and grouped with numpy at commit
(:mod:`indexer.term_batch`), their position values encoded a run of terms at a time; other fields
are grouped as they come (arrays and one bytearray per term). The files are the Whoosh 3 codec's,
read by the stock reader (tests/test_postings.py compares every posting with Whoosh's writer's).
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy as np

from indexer.fastpath import step_aside
from indexer.fields import TierText, decode_positions, encode_runs, encode_values
from indexer.postfile import PostfileWriter, path_for
from indexer.term_batch import Grouped, TermBatch
from indexer.whoosh_internals import BlockWriter, HookedSegmentWriter, storage_folder_of

BLOCK = 128
SMALL_BLOCK = 16  # postings; smaller blocks are written uncompressed
ZLIB_LEVEL = 1  # for the others: level 3 (Whoosh's) costs more time than it saves space here
NEW_TERM_BYTES = 200  # a new term's share of the pool: its dictionary entry and key


class GroupedPool:
    """Postings grouped by field, then term bytes; stands in for Whoosh's ``PostingPool``.

    New documents' ``positional`` fields (the tier fields) go to a :class:`TermBatch` per field,
    raw positions kept, so the decoded-postings file (:mod:`indexer.postfile`) takes them as they
    are and Whoosh's encoding is made once, when the terms are written. Everything else (other
    fields, and postings of merged segments, which Whoosh adds one by one) keeps, per term, its
    docnums, weights, and per posting the end of its value in one buffer.
    """

    def __init__(self, positional: frozenset[str] = frozenset()) -> None:
        self.fields: dict[str, dict[bytes, tuple[array, array, array | bytearray, array]]] = {}
        self.positional = positional
        self.unsorted: set[tuple[str, bytes]] = set()
        self.batches: dict[str, TermBatch] = {}
        self.grouped: dict[str, Grouped] = {}
        self.nbytes = 0

    @property
    def fieldnames(self) -> set[str]:
        return set(self.fields) | set(self.batches) | set(self.grouped)

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        """One posting (Whoosh's interface; merging segments uses it)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 0, weight, vbytes)], 1.0, False)

    def _entry(self, fieldname: str) -> tuple[array, array, array | bytearray, array]:
        return (array("I"), array("f"), array("I") if fieldname in self.positional else bytearray(), array("I"))

    def add_field(self, fieldname: str, docnum: int, items, boost: float, scorable: bool) -> int:
        """Add one document's postings of one field; returns the field length (sum of freqs)."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        positional = fieldname in self.positional
        length = size = 0
        for tbytes, freq, weight, vbytes in items:
            entry = terms.get(tbytes)
            if entry is None:
                entry = terms[tbytes] = self._entry(fieldname)
                size += NEW_TERM_BYTES
            elif docnum < entry[0][-1]:
                self.unsorted.add((fieldname, tbytes))  # postings of merged segments may come after
            entry[0].append(docnum)
            entry[1].append(weight * boost)
            values = entry[2]
            if positional:
                values.extend(decode_positions(vbytes) if vbytes else ())
                size += 4 * (len(values) - (entry[3][-1] if len(entry[3]) else 0))
            elif vbytes:
                values += vbytes
                size += len(vbytes)
            entry[3].append(len(values))
            length += freq
            size += 12
        self.nbytes += size
        return length if scorable else 0

    def add_positions(self, fieldname: str, docnum: int, found: dict[str, list[int]], boost: float,
                      scorable: bool) -> int:
        """One document's postings of a positional field, given as each term's positions
        (weight = frequency × boost), kept in the field's :class:`TermBatch`; returns the field
        length."""
        batch = self.batches.get(fieldname)
        if batch is None:
            batch = self.batches[fieldname] = TermBatch()
        new_terms, postings, occurrences = batch.add(docnum, found, boost)
        self.nbytes += NEW_TERM_BYTES * new_terms + 8 * postings + 4 * occurrences + 24
        return occurrences if scorable else 0

    def field_runs(self) -> Iterator[tuple[str, Grouped | None, list[bytes]]]:
        """Each field in Whoosh's order (by name) with its grouped batch, if any, and its terms
        in Whoosh's order (by bytes).

        A field's batch is grouped when its turn comes and let go when the next field starts
        (what the decoded-postings file still needs of it stays referenced there)."""
        for fieldname in sorted(self.fields.keys() | self.batches.keys() | self.grouped.keys()):
            batch = self.batches.pop(fieldname, None)
            if batch is not None:
                self.grouped[fieldname] = batch.group()
            grouped = self.grouped.get(fieldname)
            entries = self.fields.get(fieldname, {})
            if grouped is None:
                terms = sorted(entries)
            elif entries:
                terms = sorted(entries.keys() | grouped.slots.keys())
            else:
                terms = grouped.names
            yield fieldname, grouped, terms
            self.grouped.pop(fieldname, None)

    def keys(self) -> Iterator[tuple[str, bytes]]:
        """(field, term) in Whoosh's order: fields by name, terms by bytes."""
        for fieldname, _grouped, terms in self.field_runs():
            for tbytes in terms:
                yield fieldname, tbytes

    def term_arrays(self, key: tuple[str, bytes]) -> tuple:
        """One term's (docnums, weights, values, value ends) in docnum order, as stored: arrays
        of the pool's own, or numpy slices of a grouped batch (with any merged postings added)."""
        grouped = self.grouped.get(key[0])
        batched = grouped.term(key[1]) if grouped is not None and key[1] in grouped.slots else None
        entry = self.fields.get(key[0], {}).get(key[1])
        if entry is None:
            assert batched is not None, key
            return batched
        if key in self.unsorted or batched is not None:
            return _sorted_by_doc(*entry, positional=key[0] in self.positional, before=batched)
        return entry

    def term_postings(self, key: tuple[str, bytes], arrays: tuple | None = None) -> tuple[list[int], list[float], list[bytes]]:
        """One term's docnums, weights and Whoosh value bytes, in docnum order (from ``arrays``,
        its :meth:`term_arrays`, when the caller has them)."""
        docs, weights, values, ends = self.term_arrays(key) if arrays is None else arrays
        if key[0] in self.positional:
            vals = encode_runs(values.tolist(), ends.tolist())
        else:
            raw = bytes(values)
            vals = [raw[a:b] for a, b in zip([0, *ends[:-1]], ends)]
        return docs.tolist(), weights.tolist(), vals

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting sorted as Whoosh's pool yields them (for the generic codec path)."""
        for key in self.keys():
            docs, weights, vals = self.term_postings(key)
            for d, w, v in zip(docs, weights, vals):
                yield key[0], key[1], d, w, v

    def save(self) -> None:
        """Whoosh calls this to spill a run; everything stays in memory here."""

    def cleanup(self) -> None:
        self.fields.clear()
        self.batches.clear()
        self.grouped.clear()


def _sorted_by_doc(docs, weights, values, ends, positional: bool, before=None) -> tuple:
    """A term's postings as the pool keeps them, put in docnum order (postings of merged
    segments can arrive after newer ones), after the postings ``before`` of a grouped batch."""
    lists = [(docs.tolist(), weights.tolist(), values, [0, *ends[:-1]], list(ends))]
    if before is not None:
        bdocs, bweights, bvalues, bends = before
        bends = bends.tolist()
        lists.insert(0, (bdocs.tolist(), bweights.tolist(), bvalues, [0, *bends[:-1]], bends))
    rows = sorted(((d, w, vals[a:b]) for ds, ws, vals, starts, stops in lists
                   for d, w, a, b in zip(ds, ws, starts, stops)), key=lambda row: row[0])
    out_values = array("I") if positional else bytearray()
    out_ends = array("I")
    for _d, _w, value in rows:
        out_values += array("I", value) if positional and not isinstance(value, array) else value
        out_ends.append(len(out_values))
    return array("I", (r[0] for r in rows)), array("f", (r[1] for r in rows)), out_values, out_ends


def write_terms(fieldwriter, schema, lengths, pool: GroupedPool, decoded: PostfileWriter | None = None) -> None:
    """Write every term of ``pool`` through the Whoosh 3 codec's field writer, a block at a time
    (and hand each term's arrays to ``decoded``, the segment's decoded-postings file: a grouped
    batch's field-wide arrays at once)."""
    for fieldname, grouped, terms in pool.field_runs():
        fieldwriter.start_field(fieldname, schema[fieldname])
        field_lengths = _lengths(lengths, fieldname) if lengths is not None else []
        if grouped is not None and terms is grouped.names:  # no merged postings in the field
            if decoded is not None:
                decoded.add_terms(fieldname, grouped.names, grouped.docs, grouped.weights, grouped.positions,
                                  grouped.ends, grouped.post_end, grouped.occ_end)
            for btext, postings in zip(terms, grouped_postings(grouped)):
                _write_term(fieldwriter, btext, *postings, field_lengths)
        else:
            for btext in terms:
                key = (fieldname, btext)
                arrays = pool.term_arrays(key)
                if decoded is not None:
                    decoded.add(fieldname, btext, *arrays, fieldname in pool.positional)
                _write_term(fieldwriter, btext, *pool.term_postings(key, arrays), field_lengths)
        fieldwriter.finish_field()


RUN = 1 << 16  # postings whose values are encoded at once (a call has a fixed cost of tens of µs)


def grouped_postings(grouped: Grouped) -> Iterator[tuple[list[int], list[float], list[bytes]]]:
    """Each term's docnums, weights and Whoosh value bytes, in Whoosh's order: the values are
    encoded for a run of terms (about :data:`RUN` postings) at a time, by numpy and one
    ``pickle.loads`` (:func:`indexer.fields.encode_values`), instead of a pickling per posting."""
    post_end, occ_end = grouped.post_end, grouped.occ_end
    t, n = 0, len(post_end)
    while t < n:
        p0 = int(post_end[t - 1]) if t else 0
        t1 = max(t + 1, min(n, int(np.searchsorted(post_end, p0 + RUN, side="left"))))
        p1 = int(post_end[t1 - 1])
        o0, o1 = (int(occ_end[t - 1]) if t else 0), int(occ_end[t1 - 1])
        bounds = post_end[t:t1] - p0  # each term's end within the run
        ends = grouped.ends[p0:p1].astype(np.int64)
        previous = np.concatenate(([0], ends[:-1]))
        previous[bounds[:-1]] = 0  # a term's first posting starts at 0
        vals = encode_values(grouped.positions[o0:o1], ends - previous)
        docs, weights = grouped.docs[p0:p1].tolist(), grouped.weights[p0:p1].tolist()
        lo = 0
        for hi in bounds.tolist():
            yield docs[lo:hi], weights[lo:hi], vals[lo:hi]
            lo = hi
        t = t1


def _write_term(fieldwriter, btext: bytes, docs: list[int], weights: list[float], vals: list[bytes],
                field_lengths: list[int]) -> None:
    """One term's postings as blocks of :data:`BLOCK`."""
    fieldwriter.start_term(btext)
    out = BlockWriter(fieldwriter)
    n = len(docs)
    all_known = bool(n) and docs[-1] < len(field_lengths)  # docnums ascend: the last is the largest
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        # zlib on a block of a few postings saves nothing and costs a call each: the block
        # records its own compression, so readers handle both
        level = min(out.level, ZLIB_LEVEL) if hi - lo >= SMALL_BLOCK else 0
        if all_known:
            found = [x for x in map(field_lengths.__getitem__, docs[lo:hi]) if x]
        else:
            found = [field_lengths[d] for d in docs[lo:hi] if d < len(field_lengths) and field_lengths[d]]
        out.block(lo == 0, level, docs[lo:hi], weights[lo:hi], vals[lo:hi], found)
    fieldwriter.finish_term()
    out.restore()


def _lengths(pdr, fieldname: str) -> list[int]:
    """The stored (quantised) length of ``fieldname`` in every document, as the codec reads it."""
    return [pdr.doc_field_length(d, fieldname) for d in range(pdr.doc_count_all())]


class GroupedSegmentWriter(HookedSegmentWriter):
    """A ``SegmentWriter`` whose pool is a :class:`GroupedPool` and whose commit writes term blocks."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = GroupedPool(frozenset(n for n, f in self.schema.items() if isinstance(f, TierText)))
        self.decoded: PostfileWriter | None = None
        self.plain_fields = not any(f.vector or f.separate_spelling() for _n, f in self.schema.items())

    def add_document(self, **fields) -> None:
        """Whoosh's ``add_document`` without a tuple and a call per posting (no vectors or
        spelling fields here; a schema with them takes Whoosh's own path)."""
        if not self.plain_fields:
            step_aside("segment writer", "the schema has vector or spelling fields")
            super().add_document(**fields)
            return
        self.check_state()
        schema, pdw, docnum, pool = self.schema, self.perdocwriter, self.docnum, self.pool
        names = sorted(name for name in fields if not name.startswith("_"))
        self.check_fields(names)
        docboost = self.doc_boost(fields)
        pdw.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if field.indexed:
                    boost = self.field_boost(fields, name, docboost)
                    if isinstance(value, str) and isinstance(field, TierText):  # terms' position lists
                        length = pool.add_positions(name, docnum, field.found(value),
                                                    field.format.field_boost * boost, field.scorable)
                    else:
                        length = pool.add_field(name, docnum, field.index(value), boost, field.scorable)
                stored = fields.get(f"_stored_{name}", value)
                pdw.add_field(name, field, stored if field.stored else None, length)
                if field.column_type and stored is not None:
                    pdw.add_column_value(name, field.column_type, field.to_column_value(stored))
        except BaseException:
            pdw.cancel_doc()
            raise
        pdw.finish_doc()
        self.mark_added()
        self.docnum += 1

    def pool_bytes(self) -> int:
        return self.pool.nbytes

    def write_segment_terms(self) -> None:
        self.perdocwriter.close()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        self.decoded = PostfileWriter() if storage_folder_of(self.storage) else None
        try:
            write_terms(self.fieldwriter, self.schema, pdr, self.pool, self.decoded)
            self.fieldwriter.close()
        finally:
            if pdr:
                pdr.close()

    def after_segment(self, segment) -> None:
        """Write the decoded-postings file once the segment's own files are final (after a
        compound segment is assembled, which would otherwise take the file in)."""
        if self.decoded is not None:
            self.decoded.write(path_for(storage_folder_of(self.storage), segment.segment_id()))
            self.decoded = None
