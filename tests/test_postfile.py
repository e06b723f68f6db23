"""The decoded-postings file written beside each segment holds exactly what Whoosh's blocks hold."""
from __future__ import annotations

import logging

import numpy as np
import pytest
from whoosh import index as whoosh_index

from indexer import postcache, postfile
from indexer.postcache import Leaf, _keys, _read_blocks, _read_generic
from indexer.postings import GroupedSegmentWriter
from indexer.schema import build_schema, record_to_fields
from indexer.search import search
from indexer.whoosh_internals import is_block_matcher, segment_of, storage_folder, term_matcher


def _build(path, records, batches: int = 1):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    size = -(-len(records) // batches)
    for k in range(0, len(records), size):
        writer = GroupedSegmentWriter(ix)
        for rec in records[k:k + size]:
            writer.update_document(**record_to_fields(rec))
        writer.commit(merge=False)
    return whoosh_index.open_dir(str(path))


def _whoosh_side(reader, field: str, btext: bytes):
    m = term_matcher(reader, field, btext)
    return _read_blocks(m) if is_block_matcher(m) else _read_generic(m)


def _compare_every_term(ix) -> int:
    """Every term of every field, in every segment: ids, weights and (tier fields) occurrences."""
    compared = 0
    with ix.reader() as top:
        for reader, _offset in top.leaf_readers():
            seg = segment_of(reader)
            pf = postfile.open_postfile(storage_folder(reader), seg.segment_id())
            for field in reader.indexed_field_names():
                for btext in reader.lexicon(field):
                    t = pf.term(field, btext)
                    assert t is not None, (field, btext)
                    ids, weights = pf.postings(t)
                    expected = _whoosh_side(reader, field, btext)
                    np.testing.assert_array_equal(ids, expected.ids)
                    np.testing.assert_array_equal(weights, expected.weights)
                    if field.endswith(("_canon", "_fold")):
                        np.testing.assert_array_equal(pf.occurrences(t, ids), _keys(expected))
                    compared += 1
            assert pf.term("body_canon", "chữ không có".encode()) is None
    return compared


def test_every_term_of_the_corpus_reads_back_as_whoosh_wrote_it(tmp_path, corpus):
    ix = _build(tmp_path / "one", corpus.records())
    assert _compare_every_term(ix) > 5_000


def test_a_merged_segment_gets_its_own_file_and_the_old_ones_go(tmp_path, corpus):
    """Merging takes postings back from Whoosh's encoding; Whoosh deletes merged-away files."""
    ix = _build(tmp_path / "merged", corpus.records(), batches=4)
    folder = tmp_path / "merged"
    before = sorted(p.name for p in folder.glob("*.kbpost"))
    assert len(before) == 4
    writer = GroupedSegmentWriter(ix)
    writer.commit(optimize=True)
    ix = whoosh_index.open_dir(str(folder))
    after = sorted(p.name for p in folder.glob("*.kbpost"))
    assert len(after) == 1 and after[0] not in before
    assert _compare_every_term(ix) > 5_000


def test_a_damaged_file_steps_aside_and_answers_the_same(tmp_path, corpus, caplog):
    records = corpus.records()
    ix = _build(tmp_path / "ok", records)
    with ix.searcher() as s:
        good = search("Nghị quyết Trung ương khóa XII", searcher=s, limit=20)
        phrase = search('"Bộ Chính trị"', searcher=s, limit=20)
    broken = _build(tmp_path / "broken", records)
    (path,) = (tmp_path / "broken").glob("*.kbpost")
    path.write_bytes(path.read_bytes()[:-100])  # cut short, as a crash mid-write could leave it
    postcache.CACHE.items.clear()
    postcache.CACHE.used = 0
    with caplog.at_level(logging.WARNING, logger="kb.indexer"), broken.searcher() as s:
        leaf = Leaf(s.reader().leaf_readers()[0][0], 0)
        assert leaf.decoded is None
        again = search("Nghị quyết Trung ương khóa XII", searcher=s, limit=20)
        phrase_again = search('"Bộ Chính trị"', searcher=s, limit=20)
    assert [h.id for h in again.hits] == [h.id for h in good.hits] and again.total == good.total
    assert [h.id for h in phrase_again.hits] == [h.id for h in phrase.hits] and phrase.total > 0
    assert any("decoded postings" in r.getMessage() and "expected" in r.getMessage() for r in caplog.records)


def test_not_a_postfile_is_refused(tmp_path):
    path = tmp_path / "MAIN_x.kbpost"
    path.write_bytes(b"pickle\x00" * 4)
    with pytest.raises(postfile.Unreadable, match="MAIN_x.kbpost: not a KBPOST01 file"):
        postfile.Postfile(path)


def test_files_of_merged_away_segments_are_let_go(tmp_path, corpus):
    """A serving process must not keep deleted files open (their disk space would not return)."""
    ix = _build(tmp_path / "merging", corpus.records(), batches=3)
    folder = tmp_path / "merging"
    with ix.searcher() as s:
        for reader, _offset in s.reader().leaf_readers():
            postfile.open_postfile(storage_folder(reader), segment_of(reader).segment_id())
    before = {p for p in postfile._OPEN if p.parent == folder}
    assert len(before) == 3
    GroupedSegmentWriter(ix).commit(optimize=True)  # one new segment; Whoosh deletes the three files
    ix = whoosh_index.open_dir(str(folder))
    with ix.searcher() as s:
        (reader, _offset), = s.reader().leaf_readers()
        postfile.open_postfile(storage_folder(reader), segment_of(reader).segment_id())
    assert not before & set(postfile._OPEN)
    assert len({p for p in postfile._OPEN if p.parent == folder}) == 1
