"""A fast path that steps aside says so, once, with its reason; KB_ENGINE=whoosh forces the
reference paths and gives the same results."""
from __future__ import annotations

import logging

from whoosh import query as Q

from indexer import fastpath, segment
from indexer.ranking import rank
from indexer.search import search
from indexer.store import open_index


def test_an_unreproduced_query_shape_is_logged_once(corpus_index, caplog):
    fastpath._said.clear()
    q = Q.Or([Q.Term("body_canon", "đại"), Q.Not(Q.Term("body_canon", "hội"))])
    with open_index(corpus_index).searcher() as s, caplog.at_level(logging.WARNING, "kb.indexer"):
        first = rank(s, q, None, 1, 5, "relevance")
        again = rank(s, q, None, 1, 5, "relevance")
    warnings = [r.getMessage() for r in caplog.records if r.name == "kb.indexer"]
    assert warnings == ["engine steps aside for the reference path: query shape not reproduced: Or with Not"]
    assert first.total == again.total


def test_an_unreadable_pyvi_model_is_logged_and_pyvi_segments(monkeypatch, caplog):
    fastpath._said.clear()
    segment.segmenter.cache_clear()
    monkeypatch.setattr(segment, "_pyvi_files", lambda: (_ for _ in ()).throw(OSError("no model file")))
    try:
        with caplog.at_level(logging.WARNING, "kb.indexer"):
            out = segment.tokenize("Ban Tuyên giáo Tỉnh ủy")
    finally:
        segment.segmenter.cache_clear()
    assert out == "Ban Tuyên_giáo Tỉnh_ủy"
    assert any("pyvi's model could not be read" in r.getMessage() for r in caplog.records)


def test_reference_engine_gives_the_same_hits_and_facets(corpus_index, monkeypatch):
    fast = search("nghị quyết đại hội", index_dir=corpus_index, limit=20)
    monkeypatch.setenv("KB_ENGINE", "whoosh")
    ref = search("nghị quyết đại hội", index_dir=corpus_index, limit=20)
    assert [h.id for h in fast.hits] == [h.id for h in ref.hits] and fast.total == ref.total
    assert fast.facets == ref.facets
