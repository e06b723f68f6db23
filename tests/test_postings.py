"""The fast indexing path writes exactly what Whoosh's own path writes."""
import pytest
from whoosh import index as whoosh_index

from indexer.analysis import tier_analyzer, tier_positions
from indexer import postings
from indexer.postings import GroupedSegmentWriter
from indexer.schema import build_schema, record_to_fields

TEXTS = ["Số 05-CT/TW về Hòa bình ngày 27/9/2019, 15/2020/NĐ-CP", "Đảng đảng ĐẢNG dang hoà hòa",
         "Nghị quyết 52/NQ-TW ngày 27.9.2019 của Bộ Chính trị", "", "kỹ thuật kĩ năng quý quí"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("tier", ["canon", "fold"])
def test_tier_positions_match_the_analyzer(text, tier):
    expected: dict[str, list[int]] = {}
    for tok in tier_analyzer(tier)(text, positions=True):
        expected.setdefault(tok.text, []).append(tok.pos)
    assert tier_positions(text)[0 if tier == "canon" else 1] == expected


def _postings(ix):
    out = {}
    with ix.reader() as r:
        for field in r.indexed_field_names():
            for term in r.lexicon(field):
                info = r.term_info(field, term)
                m = r.postings(field, term)
                items = []
                while m.is_active():
                    items.append((m.id(), m.weight(), m.value()))
                    m.next()
                out[field, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                    info.max_length(), info.max_weight(), items)
    return out


def _build(tmp_path, name, records, writer_class, batches=1):
    path = tmp_path / name
    path.mkdir()
    ix = whoosh_index.create_in(str(path), build_schema())
    size = -(-len(records) // batches)
    for k in range(0, len(records), size):
        writer = writer_class(ix) if writer_class else ix.writer()
        for rec in records[k:k + size]:
            writer.update_document(**record_to_fields(rec))
        writer.commit(merge=False)
    return whoosh_index.open_dir(str(path))


def test_grouped_writer_writes_the_same_postings(tmp_path, corpus):
    records = corpus.records()
    plain = _build(tmp_path, "plain", records, None)
    grouped = _build(tmp_path, "grouped", records, GroupedSegmentWriter)
    assert _postings(plain) == _postings(grouped)


@pytest.mark.parametrize("run", [1, 7, 1000])
def test_values_encoded_in_runs_of_terms_are_the_same(tmp_path, corpus, monkeypatch, run):
    """Grouped fields' values are encoded a run of terms at a time: any run length writes the same."""
    monkeypatch.setattr(postings, "RUN", run)
    records = corpus.records()
    assert _postings(_build(tmp_path, "plain", records, None)) == _postings(
        _build(tmp_path, "grouped", records, GroupedSegmentWriter))


def test_merging_segments_keeps_postings(tmp_path, corpus):
    """Merged segments add postings after newer ones: the pool must sort them per term."""
    records = corpus.records()
    grouped = _build(tmp_path, "grouped", records, GroupedSegmentWriter, batches=6)
    writer = GroupedSegmentWriter(grouped)
    writer.commit(optimize=True)
    plain = _build(tmp_path, "plain", records, None)
    assert {k: v[:2] for k, v in _postings(plain).items()} == {
        k: v[:2] for k, v in _postings(whoosh_index.open_dir(grouped.storage.folder)).items()}


def _postings_by_id(ix) -> dict:
    """Every term's postings as (record id, weight, value), sorted: comparable across docnums."""
    with ix.reader() as r:
        ids = {d: fields["id"] for d, fields in r.iter_docs()}
    return {key: sorted((ids[d], w, v) for d, w, v in items) for key, (*_stats, items) in _postings(ix).items()}


def test_new_documents_and_merged_segments_in_one_writer(tmp_path, corpus):
    """A writer that adds documents and merges older segments holds a syllable field's postings in
    both forms (a batch for its own documents, per-term lists for the merged ones, which come
    after): each term still comes out whole and in docnum order, as Whoosh's writer has it."""
    records = corpus.records()
    grouped = _build(tmp_path, "grouped", records[:-25], GroupedSegmentWriter, batches=4)
    writer = GroupedSegmentWriter(grouped)
    for rec in records[-25:]:
        writer.add_document(**record_to_fields(rec))
    writer.commit(optimize=True)
    merged = whoosh_index.open_dir(grouped.storage.folder)
    assert len(merged._segments()) == 1
    plain = _build(tmp_path, "plain", records, None)
    assert _postings_by_id(merged) == _postings_by_id(plain)
