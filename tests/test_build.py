"""Builds are atomic: a failed rebuild keeps the old index, and the swap is a link change."""
import pytest

from indexer.build import add_records, build_index, remove_records
from indexer.search import search
from indexer.store import current_generation
from kb.models import Document, Source


def doc(i, text):
    return Document(id=i, kind="article", title=f"Bài {i}", text=text, sources=(Source("t", "test"),))


def test_failed_rebuild_keeps_the_old_index(tmp_path):
    idx = tmp_path / "index"
    build_index([doc("a", "Đảng bộ tỉnh Hà Nam")], idx)
    before = current_generation(idx)

    def broken():
        yield doc("b", "Ban Tuyên giáo")
        raise RuntimeError("corpus file vanished")

    with pytest.raises(RuntimeError):
        build_index(broken(), idx)
    assert current_generation(idx) == before
    assert [h.id for h in search("Hà Nam", index_dir=idx).hits] == ["a"]
    assert not list(tmp_path.glob(".build-*"))


def test_rebuild_swaps_generation_and_prunes_old_ones(tmp_path):
    idx = tmp_path / "index"
    for n in range(4):
        build_index([doc(f"d{n}", f"văn bản số {n}")], idx)
    assert idx.is_symlink()
    assert len(list(tmp_path.glob(".gen-index-*"))) == 2
    assert [h.id for h in search("văn bản", index_dir=idx).hits] == ["d3"]


def test_add_replace_and_remove(tmp_path):
    idx = tmp_path / "index"
    add_records([doc("a", "Hội nghị tỉnh"), doc("b", "Hội nghị huyện")], idx)
    add_records([doc("a", "Đại hội tỉnh")], idx)
    assert {h.id for h in search("hội nghị", index_dir=idx).hits} == {"b"}
    assert remove_records(["b"], idx) == 1
    assert search("huyện", index_dir=idx).total == 0


def test_env_variable_sets_the_default_location(tmp_path, monkeypatch):
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "env-index"))
    build_index([doc("a", "Đảng")], None)
    assert (tmp_path / "env-index").is_symlink()
    assert search("dang").total == 1


def test_an_index_from_another_version_is_reported_and_rebuilt(tmp_path, capsys):
    from whoosh import index as whoosh_index
    from whoosh.fields import ID, Schema

    from indexer.store import new_build_dir, publish
    from kb.errors import IndexMissingError
    from kbcli.main import main

    idx = tmp_path / "index"
    build = new_build_dir(idx)
    whoosh_index.create_in(str(build), Schema(id=ID(stored=True))).close()
    publish(idx, build)
    with pytest.raises(IndexMissingError, match="another version"):
        search("Đảng", index_dir=idx)
    with pytest.raises(IndexMissingError, match="kb index"):
        add_records([doc("a", "Đảng")], idx)
    assert main(["index", "--if-missing", "--index-dir", str(idx)]) == 0
    assert "another version" in capsys.readouterr().out
    assert search("Đảng", index_dir=idx).total >= 1
