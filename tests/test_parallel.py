"""Bulk imports use worker processes; the result is the same index, and a failure changes nothing."""
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


def test_small_segments_when_memory_is_bounded(tmp_path, bulk, monkeypatch):
    monkeypatch.setenv("KB_INDEX_MB", "1")
    monkeypatch.setattr(parallel, "segment_limit_mb", lambda: 0)  # a new segment after each record
    idx = tmp_path / "index"
    add_records([doc(n) for n in range(12)], idx)
    assert search("Bài", index_dir=idx, limit=100).total == 12


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
