"""Every write is atomic and durable, a second writer waits its turn, and a writer killed at a
chosen point leaves each record wholly old or wholly new, with the index following the files.

The kills land at chosen points: a child process runs ``kb add`` and SIGKILLs itself at the
named step (tests/test_killed_build.py kills at random moments).
"""
from __future__ import annotations

import hashlib
import os
import threading

import pytest

from indexer.build import build_index
from indexer.ingest import add_files
from indexer.ingest_results import AddOptions, Author
from indexer.transaction import recover
from indexer.search import search
from kb.corpus import load_corpus
from kb.ingest.store import JOURNAL_NAME, AddedStore, LockTimeout, corpus_lock, durable_write
from kbcli.main import main
from tests.support.scratch import copy_corpus
from test_recovery import run_and_die

RID = "bao-cao-thay-the"
OLD = ("Báo cáo của Ban Tuyên giáo Huyện ủy Kim Bảng về việc tuyên truyền kỷ niệm ngày thành lập Đảng, "
       "bản ghi mốc mocbancu.\n")
NEW = ("Báo cáo của Ban Tuyên giáo Huyện ủy Kim Bảng về việc tuyên truyền kỷ niệm ngày thành lập Đảng, "
       "bản đã sửa, mốc mocbanmoi.\n")


@pytest.fixture()
def ws(tmp_path):
    corpus = copy_corpus(tmp_path / "corpus")
    index = tmp_path / "index"
    build_index(load_corpus(corpus).records(), index)
    src = tmp_path / "in" / f"{RID}.txt"
    src.parent.mkdir()
    src.write_text(OLD, encoding="utf-8")
    add_files(corpus, index, [src], AddOptions(), Author("kiem-thu", "test"))
    return {"corpus": corpus, "index": index, "src": src}


def ids_for(word: str, index) -> set[str]:
    return {h.id for h in search(word, index_dir=index, limit=50).hits}


# Where the child dies: before its journal is in place; between the text's rename and the
# sidecar's; after both renames, before the index commit.
KILL_AT = {
    "before the journal": "st.os.replace = lambda a, b: die() if str(b).endswith(JOURNAL) else real(a, b)",
    "between the renames": "st.os.replace = lambda a, b: die() if str(b).endswith('.yaml') and 'added' in str(b) "
                           "else real(a, b)",
    "before the index commit": "import indexer.build; indexer.build.add_records = die",
}
EXPECTED = {"before the journal": "old", "between the renames": "new", "before the index commit": "new"}


@pytest.mark.parametrize("point", KILL_AT)
def test_a_replacement_killed_at_each_point_is_wholly_old_or_wholly_new(ws, point):
    store = AddedStore(ws["corpus"])
    old_pair = store.read(RID)
    ws["src"].write_text(NEW, encoding="utf-8")
    run_and_die(f"""
        import kb.ingest.store as st
        JOURNAL = {JOURNAL_NAME!r}
        real = st.os.replace
        {KILL_AT[point]}
        from kbcli.main import main
        main(["add", {str(ws["src"])!r}, "--corpus", {str(ws["corpus"])!r}, "--index-dir", {str(ws["index"])!r}])
    """)
    if point == "between the renames":  # what the kill left before this change: new text, old sidecar
        assert "mocbanmoi" in store.text_path(RID).read_text(encoding="utf-8")
        assert store.meta_path(RID).read_text(encoding="utf-8") == old_pair[0]
    recover(ws["index"], ws["corpus"])  # what the next kb add, kb remove or web write does first
    meta, text = store.read(RID)
    new_sha = hashlib.sha256(NEW.encode("utf-8")).hexdigest()
    outcome = "new" if new_sha in meta and "mocbanmoi" in text else "old" if (meta, text) == old_pair else "torn"
    assert outcome == EXPECTED[point]
    assert not (ws["corpus"] / JOURNAL_NAME).exists() and store.leftovers() == []
    # the index follows the files, as a rebuild would
    assert ids_for("mocbanmoi", ws["index"]) == ({RID} if outcome == "new" else set())
    assert ids_for("mocbancu", ws["index"]) == ({RID} if outcome == "old" else set())
    assert load_corpus(ws["corpus"]).get(RID).text.strip() == text.strip()


def test_a_second_writer_waits_for_the_first(ws, capsys):
    held, release, log = threading.Event(), threading.Event(), []

    def first_writer():
        with corpus_lock(ws["corpus"]):
            held.set()
            release.wait(10)
            log.append("first done")

    thread = threading.Thread(target=first_writer)
    thread.start()
    held.wait(10)
    timer = threading.Timer(0.5, release.set)
    timer.start()
    code = main(["remove", RID, "--corpus", str(ws["corpus"]), "--index-dir", str(ws["index"])])
    log.append("second done")
    thread.join()
    assert code == 0 and log == ["first done", "second done"]
    assert RID not in AddedStore(ws["corpus"]).entries()


def test_a_writer_gives_up_after_the_timeout_with_a_clear_message(ws, capsys, monkeypatch):
    monkeypatch.setenv("KB_WRITE_LOCK_TIMEOUT", "1")
    before = AddedStore(ws["corpus"]).read(RID)
    ws["src"].write_text(NEW, encoding="utf-8")
    with corpus_lock(ws["corpus"]):
        code = main(["remove", RID, "--corpus", str(ws["corpus"]), "--index-dir", str(ws["index"])])
        with pytest.raises(LockTimeout, match="another writer"):
            add_files(ws["corpus"], ws["index"], [ws["src"]], AddOptions(), Author("kiem-thu", "test"))
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "another writer" in err and "KB_WRITE_LOCK_TIMEOUT" in err and ".write.lock" in err
    assert AddedStore(ws["corpus"]).read(RID) == before


def test_corpus_files_and_the_index_swap_are_flushed_to_disk(tmp_path, monkeypatch):
    synced: list[str] = []
    real = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "documents" / "added" / "x.yaml"
    durable_write(target, "title: x\n")
    assert any(p.endswith(".x.yaml." + str(os.getpid()) + ".tmp") for p in synced)  # the file, before its rename
    assert str(target.parent) in synced  # and its folder, after
    synced.clear()
    build_index([], tmp_path / "idx" / "index")
    gens = [p for p in synced if "/.gen-index-" in p or "/.build-index-" in p]
    assert gens and str(tmp_path / "idx") in synced  # the generation's files, then the link's folder


def test_an_edit_after_a_killed_writer_finishes_its_work_first(ws):
    """The next writer need not be kb add: any transaction redoes the journal and re-indexes."""
    from indexer.edits import digest, save_files

    ws["src"].write_text(NEW, encoding="utf-8")
    run_and_die(f"""
        import indexer.build
        indexer.build.add_records = die
        from kbcli.main import main
        main(["add", {str(ws["src"])!r}, "--corpus", {str(ws["corpus"])!r}, "--index-dir", {str(ws["index"])!r}])
    """)
    assert ids_for("mocbanmoi", ws["index"]) == set()
    rec = load_corpus(ws["corpus"]).get("nq-52-tw-2019")
    path = ws["corpus"] / "documents" / "nq-52-tw-2019.md"
    text = path.read_text(encoding="utf-8").replace('term: "XII"', 'term: "XII"\nauthor: "Bộ Chính trị"')
    assert save_files(ws["corpus"], ws["index"], rec.id, path, "document", {path: text},
                      Author("kiem-thu", "test"), {path: digest(path)})
    assert ids_for("mocbanmoi", ws["index"]) == {RID}
    assert not (ws["corpus"] / JOURNAL_NAME).exists()
