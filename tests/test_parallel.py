"""Bulk imports use worker processes; the result is the same index, and a failure changes nothing."""
from pathlib import Path

import pytest

import indexer.parallel as parallel
from indexer.build import add_records
from indexer.search import search
from kb.errors import KBError
from kb.models import Document, Source

WORDS = ["Đảng bộ", "tỉnh Hà Nam", "Ban Tuyên giáo", "Nghị quyết 52-NQ/TW", "hòa bình", "kỹ thuật số"]


def doc(n: int, extra: str = "") -> Document:
    text = f"Bài số {n}: {WORDS[n % len(WORDS)]} và {WORDS[(n * 7) % len(WORDS)]}. {extra}"
    return Document(id=f"p{n}", kind="article", title=f"Bài {n}", text=text, sources=(Source("t", "test"),))


@pytest.fixture
def bulk(monkeypatch):
    monkeypatch.setenv("KB_INDEX_PARALLEL_FROM", "10")
    monkeypatch.setenv("KB_INDEX_PROCS", "2")


def test_bulk_import_indexes_everything_and_replaces_by_id(tmp_path, bulk):
    idx = tmp_path / "index"
    assert add_records([doc(n) for n in range(40)], idx).indexed == 40
    assert search("Bài", index_dir=idx, limit=100).total == 40
    add_records([doc(n, "sửa lại") for n in range(40)], idx)
    assert search("Bài", index_dir=idx, limit=100).total == 40
    assert search('"sửa lại"', index_dir=idx, limit=100).total == 40
    assert search("52-NQ/TW", index_dir=idx).hits


def segments(idx) -> int:
    from indexer.store import open_index

    ix = open_index(idx)
    with ix.reader() as reader:
        return len(reader.leaf_readers())


@pytest.fixture(scope="module")
def real_documents():
    """The project corpus's documents: real Vietnamese text, each a few kilobytes."""
    from kb.corpus import load_corpus

    docs = load_corpus(Path(__file__).resolve().parent.parent / "corpus").documents
    assert len(docs) >= 80
    return docs


def test_a_worker_closes_segments_at_its_postings_limit(tmp_path, bulk, monkeypatch, real_documents):
    whole = tmp_path / "whole"
    add_records(real_documents, whole)
    assert segments(whole) <= 2  # the default limits: one segment per worker for this corpus
    monkeypatch.setenv("KB_INDEX_MB", "1")
    assert parallel.import_limits(2).segment_mb == 1
    idx = tmp_path / "index"
    add_records(real_documents, idx)
    assert segments(idx) > 2  # several MB of postings in all: workers closed segments on the way
    for query in ("Đảng", '"Ban Chấp hành Trung ương"', "tinh uy"):
        assert search(query, index_dir=idx, limit=1).total == search(query, index_dir=whole, limit=1).total > 0


def test_a_worker_over_its_memory_share_closes_a_segment_after_each_batch(tmp_path, bulk, monkeypatch,
                                                                           real_documents):
    # resident memory read as far beyond any share (the forked workers inherit the patch)
    budget = parallel.import_limits(2)  # computed before the patch below
    monkeypatch.setattr(parallel, "import_limits", lambda procs: budget)
    monkeypatch.setattr(parallel, "resident_bytes", lambda: 1 << 50)
    monkeypatch.setattr(parallel, "BATCH", 16)
    docs = real_documents[:5 * 16 + 7]
    idx = tmp_path / "index"
    add_records(docs, idx)
    assert segments(idx) == 6  # five full batches and the last seven records, one segment each
    assert search("Đảng", index_dir=idx, limit=100).total > 0


def test_a_bulk_first_index_is_built_by_bounded_workers(tmp_path, bulk, monkeypatch, real_documents):
    from indexer.build import build_index

    monkeypatch.setenv("KB_INDEX_MB", "1")
    one = build_index(real_documents, tmp_path / "one")  # kb index: this process, one segment
    assert one.memory == "" and segments(tmp_path / "one") == 1
    bulk_built = build_index(real_documents, tmp_path / "bulk", bulk=True)  # kb add's first index
    assert bulk_built.memory.startswith("import memory ") and segments(tmp_path / "bulk") > 2
    assert bulk_built.indexed == one.indexed == len(real_documents)
    assert (search("Đảng", index_dir=tmp_path / "bulk", limit=1).total
            == search("Đảng", index_dir=tmp_path / "one", limit=1).total > 0)


def test_a_budget_too_small_is_one_line_naming_the_setting(tmp_path, bulk, monkeypatch):
    idx = tmp_path / "index"
    add_records([doc(n) for n in range(3)], idx)
    monkeypatch.setenv("KB_IMPORT_MEMORY_MB", "600")
    monkeypatch.setattr(parallel, "resident_bytes", lambda: 560 * 2**20)  # a parent of 560 MB
    with pytest.raises(KBError, match="KB_IMPORT_MEMORY_MB: 600 MB leaves no room beside the 560 MB"):
        add_records([doc(n) for n in range(100, 130)], idx)
    assert search("Bài", index_dir=idx, limit=100).total == 3


def test_a_large_parent_gets_fewer_workers_within_the_budget(monkeypatch):
    monkeypatch.setenv("KB_IMPORT_MEMORY_MB", "1792")
    monkeypatch.setattr(parallel, "resident_bytes", lambda: 700 * 2**20)
    budget = parallel.import_limits(2)
    assert budget.procs == 1
    assert budget.parent_mb + budget.procs * budget.worker_mb <= 1792


def test_a_parent_too_large_for_any_worker_indexes_in_itself_under_the_same_limits(tmp_path, bulk, monkeypatch,
                                                                                    real_documents):
    budget = parallel.import_budget(1792, 2, 1400, 1)  # no worker fits; segments of 1 MB counted
    assert budget.procs == 0
    monkeypatch.setattr(parallel, "import_limits", lambda procs: budget)
    idx = tmp_path / "index"
    summary = add_records(real_documents, idx)
    assert summary.indexed == len(real_documents) and "it indexes itself" in summary.memory
    assert segments(idx) >= 2  # the 1 MB segment limit closed at least one
    assert search("Đảng", index_dir=idx, limit=1).total > 0


def test_a_failing_worker_leaves_the_index_unchanged(tmp_path, bulk, monkeypatch):
    idx = tmp_path / "index"
    add_records([doc(n) for n in range(3)], idx)

    def broken(rec):
        if rec.id == "p17":
            raise RuntimeError("bad record")
        return original(rec)

    original = parallel.record_to_fields
    monkeypatch.setattr(parallel, "record_to_fields", broken)
    with pytest.raises(KBError, match="worker"):
        add_records([doc(n) for n in range(100, 130)] + [doc(17)], idx)
    assert search("Bài", index_dir=idx, limit=100).total == 3
