"""indexer.whoosh_internals.BlockWriter writes what Whoosh's own posting writer writes: Whoosh's
reader finds the same terms, statistics and postings in both (only the blocks' pickle protocol
differs, which makes the postings file smaller)."""
from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import RamStorage

from indexer.schema import build_schema, record_to_fields
from indexer.whoosh_internals import BlockWriter

BLOCK = 128
COPIES = 3  # the corpus indexed three times over: common words then fill more than one block
Posting = tuple[int, float, bytes, int]


def _postings(records) -> dict[str, dict[bytes, list[Posting]]]:
    """Field → term → (docnum, weight, value bytes, field length), as the writer would add them."""
    schema = build_schema()
    out: dict[str, dict[bytes, list[Posting]]] = {}
    docs = [record_to_fields(rec) for rec in records] * COPIES
    for docnum, fields in enumerate(docs):
        for name, value in sorted(fields.items()):
            field = schema[name]
            if not field.indexed:
                continue
            items = list(field.index(value))
            length = sum(freq for _, freq, _, _ in items)
            for tbytes, _freq, weight, vbytes in items:
                out.setdefault(name, {}).setdefault(tbytes, []).append((docnum, weight, vbytes, length))
    return out


def _segment(postings: dict[str, dict[bytes, list[Posting]]], fast: bool):
    """One segment's storage, codec and segment, written posting by posting by Whoosh, or a
    block at a time by BlockWriter."""
    schema = build_schema()
    storage = RamStorage()
    codec = W3Codec()
    segment = codec.new_segment(storage, "test")
    fw = codec.field_writer(storage, segment)
    for name in sorted(postings):
        fw.start_field(name, schema[name])
        for tbytes, plist in sorted(postings[name].items()):
            fw.start_term(tbytes)
            if not fast:
                for docnum, weight, vbytes, length in plist:
                    fw.add(docnum, weight, vbytes, length)
                fw.finish_term()
                continue
            out = BlockWriter(fw)
            for lo in range(0, len(plist), BLOCK):
                part = plist[lo:lo + BLOCK]
                out.block(lo == 0, out.level, [p[0] for p in part], [p[1] for p in part],
                          [p[2] for p in part], [p[3] for p in part if p[3]])
            fw.finish_term()
            out.restore()
        fw.finish_field()
    fw.close()
    return storage, codec, segment


def _read_back(storage, codec, segment) -> dict:
    """Every term's statistics and postings (docnum, weight, value) as Whoosh's reader sees them."""
    schema = build_schema()
    reader = codec.terms_reader(storage, segment)
    out = {}
    for (field, tbytes), info in reader.items():
        m = reader.matcher(field, tbytes, schema[field].format)
        items = []
        while m.is_active():
            items.append((m.id(), m.weight(), m.value()))
            m.next()
        out[field, tbytes] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                              info.max_weight(), info.min_id(), info.max_id(), items)
    reader.close()
    return out


def _size(storage, ext: str) -> int:
    return sum(len(storage.files[name]) for name in storage.list() if name.endswith(ext))


@pytest.fixture(scope="module")
def postings(corpus):
    return _postings(corpus.records())


def test_the_corpus_postings_cover_every_kind_of_block(postings):
    plists = [plist for terms in postings.values() for plist in terms.values()]
    assert any(len(p) > 2 * BLOCK for p in plists)  # several blocks, a last one flagged
    weights = [{w for _, w, _, _ in p} for p in plists]
    assert {1.0} in weights and any(len(w) > 1 for w in weights) and any(w == {2.0} for w in weights)
    assert {"compound", "body_canon", "numbers", "id"} <= set(postings)  # frequencies, positions, none


def test_block_writer_writes_what_whoosh_writes(postings):
    plain, fast = _segment(postings, fast=False), _segment(postings, fast=True)
    expected = _read_back(*plain)
    assert len(expected) == sum(len(terms) for terms in postings.values())
    assert _read_back(*fast) == expected
    assert _size(fast[0], W3Codec.POSTS_EXT) < 0.8 * _size(plain[0], W3Codec.POSTS_EXT)
